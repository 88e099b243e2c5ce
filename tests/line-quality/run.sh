#!/usr/bin/env bash
# Sets the same texts with fangtan, typst and XeLaTeX and measures how loose each PDF's
# justified lines are (measure.py). See README.md.
#
#   tests/line-quality/run.sh [OUT]          # default /tmp/line-quality
#   FANGTAN=path/to/fangtan FONT_DIR=path/to/fonts tests/line-quality/run.sh
#
# FONT_DIR (default: the repository's fonts/) is what typst, XeLaTeX and measure.py use; it
# must hold the same font files as the fangtan binary embeds (include_bytes at build time).
#
# Needs: python3 with pymupdf, fonttools and typst (pip install pymupdf fonttools typst) or a
# `typst` binary on PATH; xelatex with xeCJK (apt-get install texlive-xetex
# texlive-lang-chinese).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${1:-/tmp/line-quality}"
mkdir -p "$out"
export FONT_DIR="$(cd "${FONT_DIR:-$root/fonts}" && pwd)"
if [ -z "${FANGTAN:-}" ]; then
  (cd "$root" && cargo build --release --quiet)
  FANGTAN="$root/target/release/fangtan"
fi

texts=(
  ""                                                      # the bundled article
  "$root/tests/fixtures/formats/zh-wechat-jazzband.html"
  "$root/tests/fixtures/formats/en-blog-k8s-sig-scheduling.html"
)
pdfs=()
for input in "${texts[@]}"; do
  # shellcheck disable=SC2086
  "$FANGTAN" build --only pdf,json --out "$out/fangtan" $input > "$out/fangtan.log" 2>&1
done
cp "$here/book.typ" "$out/book.typ"
mkdir -p "$out/typst" "$out/xelatex"
for json in "$out"/fangtan/*.json; do
  name=$(basename "$json" .json)
  cp "$json" "$out/$name.json"
  col=$(python3 "$here/make_tex.py" --label-column "$json")
  # typst: the same book, from the model (book.typ), fangtan's label column
  if command -v typst > /dev/null 2>&1; then
    typst compile --root "$out" --font-path "$FONT_DIR" --ignore-system-fonts \
      --input model="$name.json" --input label-column="$col" "$out/book.typ" "$out/typst/$name.pdf"
  else
    python3 - "$out" "$name" "$col" "$FONT_DIR" <<'EOF'
import sys, typst
out, name, col, fonts = sys.argv[1:]
typst.compile(f"{out}/book.typ", output=f"{out}/typst/{name}.pdf", root=out,
              font_paths=[fonts], ignore_system_fonts=True,
              sys_inputs={"model": f"{name}.json", "label-column": col})
EOF
  fi
  # XeLaTeX: the same text, geometry and fonts (make_tex.py)
  python3 "$here/make_tex.py" "$json" > "$out/xelatex/$name.tex"
  (cd "$out/xelatex" && xelatex -interaction=nonstopmode -halt-on-error "$name.tex" > /dev/null 2>&1 ||
    { echo "xelatex failed: $out/xelatex/$name.log"; exit 1; })
  echo "$name: overfull lines in XeLaTeX: $(grep -c '^Overfull \\hbox' "$out/xelatex/$name.log" || true)"
  pdfs+=("$out/fangtan/$name.pdf" "$out/typst/$name.pdf" "$out/xelatex/$name.pdf")
done

{
  echo "fangtan: $("$FANGTAN" --version) ($(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo '?'))"
  if command -v typst > /dev/null 2>&1; then typst --version; else
    echo "typst: python typst $(python3 -c 'import typst; print(typst.__version__)')"; fi
  xelatex --version | head -n 1
  echo
  python3 -W ignore "$here/measure.py" --font-dir "$FONT_DIR" --json "$out/results.json" "${pdfs[@]}"
} | tee "$out/results.md"
echo "written: $out/results.json, $out/results.md"
