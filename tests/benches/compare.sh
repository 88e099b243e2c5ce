#!/usr/bin/env bash
# Times `fangtan build` against the tools a user would pick instead, on the same text:
# pandoc (EPUB) and typst (PDF), each when installed. Runs alternate between the tools, the
# median of RUNS is reported, and the table is written to BENCHMARKS.md with the date, the
# machine and the versions. Without the peers, only fangtan's figures are printed.
#
#   tests/benches/compare.sh            # RUNS=7 by default
#   RUNS=3 tests/benches/compare.sh
#
# Installing the peers: `apt-get install pandoc` (Debian's 2.17);
# `cargo install typst-cli --locked` (about 15 minutes).
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
runs="${RUNS:-7}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$root"
cargo build --release --quiet
fangtan="$root/target/release/fangtan"

# The inputs: the bundled article and the article ×20 (its body repeated, headings numbered).
cp content/levy-lecun/levy-lecun.txt "$work/x1.txt"
cp content/levy-lecun/levy-lecun.toml "$work/x1.toml"
"$fangtan" repeat --copies 20 > "$work/x20.txt"
sed 's/^slug = .*/slug = "x20"/' content/levy-lecun/levy-lecun.toml > "$work/x20.toml"

have() { command -v "$1" > /dev/null 2>&1; }

# Peers' inputs: the same text. pandoc reads it as Markdown (one paragraph a line).
# typst sets it twice: as the same book as fangtan's PDF (book.typ, from fangtan's model
# JSON: same faces in the same roles, title page, contents, running heads), and plainly,
# each line a paragraph in the bundled Noto Serif SC, as the issue's reference figures were
# measured.
for n in x1 x20; do
  sed 's/$/\n/' "$work/$n.txt" > "$work/$n.md"
  "$fangtan" build "$work/$n.txt" --only json --out "$work/json-$n" > /dev/null 2>&1
  cp "$work/json-$n/"*.json "$work/$n.json"
  cat > "$work/$n.typ" <<EOF
#set page(paper: "a5")
#set text(font: ("Noto Serif SC", "Noto Sans SC"), size: 10.5pt, lang: "zh")
#set par(justify: true, first-line-indent: 2em, leading: 0.9em)
#for line in read("$n.txt").split("\n") {
  if line.trim() != "" { par(line.trim()) }
}
EOF
done
cp "$root/tests/benches/book.typ" "$work/book.typ"

# Median wall time of a command over the runs collected so far, in seconds.
declare -A times
now() { date +%s.%N; }
record() { # key, command...
  local key="$1"; shift
  local t0 t1
  t0=$(now)
  "$@" > /dev/null 2>&1
  t1=$(now)
  times[$key]="${times[$key]:-} $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", b - a }')"
}
median() {
  echo "${times[$1]:-}" | tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {if (NR) printf "%.3f", (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'
}

for run in $(seq "$runs"); do
  for n in x1 x20; do
    record "fangtan-all-$n" "$fangtan" build "$work/$n.txt" --out "$work/out-$n"
    record "fangtan-epub-$n" "$fangtan" build "$work/$n.txt" --only epub --out "$work/out-$n"
    record "fangtan-pdf-$n" "$fangtan" build "$work/$n.txt" --only pdf --out "$work/out-$n"
    if have pandoc; then
      record "pandoc-epub-$n" pandoc "$work/$n.md" -o "$work/$n.pandoc.epub" --metadata title="$n"
    fi
    if have typst; then
      record "typst-book-$n" typst compile --root "$work" --font-path "$root/fonts" \
        --ignore-system-fonts --input model="$n.json" "$work/book.typ" "$work/$n.book.pdf"
      record "typst-pdf-$n" typst compile --root "$work" --font-path "$root/fonts" \
        --ignore-system-fonts "$work/$n.typ" "$work/$n.typst.pdf"
    fi
  done
done

bytes() { [ -f "$1" ] && stat -c %s "$1" || true; }
size() { [ -f "$1" ] && awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%.1f kB", b / 1000 }' || echo "–"; }
peak() { # peak resident memory of a whole build, MB
  /usr/bin/time -f %M "$fangtan" build "$1" --out "$work/peak" 2>&1 > /dev/null | tail -n 1 | awk '{printf "%.0f MB", $1/1024}'
}
ratio() { # peer median / fangtan median
  awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b == 0) print "–"; else printf "%.1f×", a / b }'
}
size_ratio() { # peer bytes / fangtan bytes
  awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b == 0) print "–"; else printf "%.2f×", a / b }'
}
cell() { [ -n "${times[$1]:-}" ] && echo "$(median "$1") s" || echo "–"; }

version_pandoc=$(have pandoc && pandoc --version | head -n 1 || echo "not installed")
version_typst=$(have typst && typst --version || echo "not installed")
cpu=$(grep -m1 "model name" /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')

table=$(cat <<EOF
| job | fangtan, article | peer, article | ratio | fangtan, ×20 | peer, ×20 | ratio |
|---|---|---|---|---|---|---|
| EPUB (peer: pandoc) | $(cell fangtan-epub-x1) | $(cell pandoc-epub-x1) | $(ratio "$(median pandoc-epub-x1)" "$(median fangtan-epub-x1)") | $(cell fangtan-epub-x20) | $(cell pandoc-epub-x20) | $(ratio "$(median pandoc-epub-x20)" "$(median fangtan-epub-x20)") |
| PDF (peer: typst, same book) | $(cell fangtan-pdf-x1) | $(cell typst-book-x1) | $(ratio "$(median typst-book-x1)" "$(median fangtan-pdf-x1)") | $(cell fangtan-pdf-x20) | $(cell typst-book-x20) | $(ratio "$(median typst-book-x20)" "$(median fangtan-pdf-x20)") |
| PDF (peer: typst, plain paragraphs) | $(cell fangtan-pdf-x1) | $(cell typst-pdf-x1) | $(ratio "$(median typst-pdf-x1)" "$(median fangtan-pdf-x1)") | $(cell fangtan-pdf-x20) | $(cell typst-pdf-x20) | $(ratio "$(median typst-pdf-x20)" "$(median fangtan-pdf-x20)") |
| all three outputs (fangtan) | $(cell fangtan-all-x1) | | | $(cell fangtan-all-x20) | | |
| PDF size, same book | $(size "$work/out-x1/levy-lecun.pdf") | $(size "$work/x1.book.pdf") | $(size_ratio "$(bytes "$work/x1.book.pdf")" "$(bytes "$work/out-x1/levy-lecun.pdf")") | $(size "$work/out-x20/x20.pdf") | $(size "$work/x20.book.pdf") | $(size_ratio "$(bytes "$work/x20.book.pdf")" "$(bytes "$work/out-x20/x20.pdf")") |
| PDF size, plain paragraphs | $(size "$work/out-x1/levy-lecun.pdf") | $(size "$work/x1.typst.pdf") | $(size_ratio "$(bytes "$work/x1.typst.pdf")" "$(bytes "$work/out-x1/levy-lecun.pdf")") | $(size "$work/out-x20/x20.pdf") | $(size "$work/x20.typst.pdf") | $(size_ratio "$(bytes "$work/x20.typst.pdf")" "$(bytes "$work/out-x20/x20.pdf")") |
| EPUB size | $(size "$work/out-x1/levy-lecun.epub") | $(size "$work/x1.pandoc.epub") | | $(size "$work/out-x20/x20.epub") | $(size "$work/x20.pandoc.epub") | |
| peak memory, whole build | $(peak "$work/x1.txt") | | | $(peak "$work/x20.txt") | | |
EOF
)

report=$(cat <<EOF
# Benchmarks

Written by \`tests/benches/compare.sh\` on $(date -u +%Y-%m-%d) ($runs runs each, alternating,
medians of wall time; whole processes, start-up included).

- Machine: $(nproc) cores, $cpu, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)
- $("$fangtan" --version); $version_pandoc; $version_typst
- Inputs: the bundled article ($(wc -c < "$work/x1.txt") bytes) and the article ×20
  ($(wc -c < "$work/x20.txt") bytes, from \`fangtan repeat --copies 20\`). pandoc reads the
  same text as Markdown. typst sets the same book as fangtan's PDF from fangtan's model JSON
  (\`tests/benches/book.typ\`: the bundled fonts in the same roles, serif body, sans bold
  title, headings and speakers, Kai notes; A5, title page, contents, running heads), and,
  as the issue's reference figures were measured, the plain text: each line a justified
  paragraph in the bundled Noto Serif SC alone. Ratios are peer / fangtan (above 1: fangtan
  is faster or smaller).

$table
EOF
)

echo "$report"
# Hand-written notes (from a "## Notes" heading on) are kept across runs.
notes=""
if [ -f "$root/BENCHMARKS.md" ]; then
  notes=$(sed -n '/^## Notes/,$p' "$root/BENCHMARKS.md")
fi
{ echo "$report"; [ -n "$notes" ] && printf '\n%s\n' "$notes"; } > "$root/BENCHMARKS.md"
echo
echo "written to BENCHMARKS.md"
