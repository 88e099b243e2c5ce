#!/usr/bin/env python3
"""Regenerate fangtan's bundled font subsets (fonts/*.subset.ttf).

What it does
------------
1. Writes fonts/subset-unicodes.txt: GB 2312 (every valid 2-byte code
   decoded with Python's 'gb2312' codec) plus the Latin and punctuation blocks
   listed in EXTRA_RANGES / EXTRA_CODEPOINTS below.  --charset gbk uses GBK
   (Python's 'gbk' codec) instead; that was tried and gave 10.49 + 7.46 +
   12.74 = 30.7 MB, over the 25 MB budget, so the committed subsets are GB 2312.
2. Runs pyftsubset (fontTools.subset) once per font, with no OpenType layout
   features (printpdf does no GSUB/GPOS), keeping glyf outlines, all name
   records, OS/2 and a .notdef outline:
     pyftsubset SRC --unicodes-file=fonts/subset-unicodes.txt
       --layout-features='' --name-IDs='*' --name-languages='*'
       --notdef-outline --no-hinting --output-file=fonts/<NAME>.subset.ttf
3. Checks that every character of content/**/*.txt (control characters
   excepted) is mapped by all three subsets; exits 1 if not.

The output is deterministic: pyftsubset does not touch head.modified, so the
same sources and the same fontTools version give byte-identical files.

How to get the sources (versions used for the committed subsets)
----------------------------------------------------------------
    pip install fonttools==4.68.0 brotli
    mkdir -p /tmp/fontsrc && cd /tmp/fontsrc
    npm pack @expo-google-fonts/noto-serif-sc@0.4.3   # 68.6 MB tarball
    npm pack @expo-google-fonts/noto-sans-sc@0.4.3    # 57.0 MB tarball
    mkdir serif sans kai
    tar xzf expo-google-fonts-noto-serif-sc-0.4.3.tgz -C serif
    tar xzf expo-google-fonts-noto-sans-sc-0.4.3.tgz -C sans
    apt-get update && apt-get download fonts-lxgw-wenkai   # 1.250+repack-1 (bookworm)
    dpkg-deb -x fonts-lxgw-wenkai_1.250+repack-1_all.deb kai

Then, from the repository root:
    python3 fonts/make_subsets.py \
        /tmp/fontsrc/serif/package/400Regular/NotoSerifSC_400Regular.ttf \
        /tmp/fontsrc/sans/package/700Bold/NotoSansSC_700Bold.ttf \
        /tmp/fontsrc/kai/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf

Source files (sha256) the committed subsets were made from:
    NotoSerifSC_400Regular.ttf  c358a69de3df5f423a8946a7b03e3126fb6ba116f1130a463455b4e39e1f0742
    NotoSansSC_700Bold.ttf      9a38ae0ab28cd5a256f9ea8e00dedc688aac17f7915fcb000572990afa956b96
    LXGWWenKai-Regular.ttf      bbf534b0ca093928f94d1782855e65a19a32cde82b075d495d072025521953c8
A different source (or fontTools version) only gives a warning.
"""

import argparse
import glob
import hashlib
import os
import subprocess
import sys
import unicodedata

from fontTools import version as FONTTOOLS_VERSION
from fontTools.ttLib import TTFont

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)

# (role, output file, expected source sha256, expected name ID 5)
FONTS = [
    ("serif", "NotoSerifSC-Regular.subset.ttf",
     "c358a69de3df5f423a8946a7b03e3126fb6ba116f1130a463455b4e39e1f0742",
     "Version 2.003-H1;hotconv 1.1.1;makeotfexe 2.6.0"),
    ("sans", "NotoSansSC-Bold.subset.ttf",
     "9a38ae0ab28cd5a256f9ea8e00dedc688aac17f7915fcb000572990afa956b96",
     "Version 2.004-H2;hotconv 1.0.118;makeotfexe 2.5.65603"),
    ("kai", "LXGWWenKai-Regular.subset.ttf",
     "bbf534b0ca093928f94d1782855e65a19a32cde82b075d495d072025521953c8",
     "Version 1.250;January 17, 2023"),
]
FONTTOOLS_USED = "4.68.0"

# Inclusive ranges added to the CJK charset.
EXTRA_RANGES = [
    (0x0020, 0x007E, "ASCII"),
    (0x00A0, 0x00FF, "Latin-1 Supplement"),
    (0x0100, 0x017F, "Latin Extended-A"),
    (0x2010, 0x2027, "General Punctuation: dashes, quotes, bullets, ellipsis"),
    (0x3000, 0x303F, "CJK Symbols and Punctuation"),
    (0xFF00, 0xFFEF, "Halfwidth and Fullwidth Forms"),
]
# Single code points (some are already in the ranges or in GBK; listed
# explicitly because Python's gb2312 codec lacks U+00B7 and U+2014).
EXTRA_CODEPOINTS = [
    0x2030,  # ‰
    0x2032, 0x2033,  # ′ ″
    0x203B,  # ※
    0x2E3A, 0x2E3B,  # ⸺ ⸻ two- and three-em dash
    0x00B7,  # · middle dot (foreign-name separator)
    0x2014, 0x2015,  # — ― (the Chinese dash ——)
    0x30FB,  # ・ katakana middle dot
    0x2116,  # №
    0x2103,  # ℃
    0x00D7, 0x00F7,  # × ÷
    0x2018, 0x2019, 0x201C, 0x201D,  # ‘ ’ “ ”
    0x2026,  # …
    0x22EF,  # ⋯ midline ellipsis
]
# Characters needed by the content but outside all of the above.  Add here
# (not ad hoc) so the subsets stay reproducible.
EXTRA_CHARS = ""


def cjk_charset(name):
    """Code points of every valid 2-byte code of the GBK or GB 2312 codec."""
    cps = set()
    if name == "gbk":
        leads, trails = range(0x81, 0xFF), [t for t in range(0x40, 0xFF) if t != 0x7F]
    else:
        leads, trails = range(0xA1, 0xFF), range(0xA1, 0xFF)
    for lead in leads:
        for trail in trails:
            try:
                s = bytes([lead, trail]).decode(name)
            except UnicodeDecodeError:
                continue
            if len(s) == 1:
                cps.add(ord(s))
    return cps


def extras():
    cps = set()
    for lo, hi, _ in EXTRA_RANGES:
        cps.update(range(lo, hi + 1))
    cps.update(EXTRA_CODEPOINTS)
    cps.update(ord(c) for c in EXTRA_CHARS)
    return cps


def to_ranges(cps):
    out, cps = [], sorted(cps)
    start = prev = cps[0]
    for c in cps[1:]:
        if c != prev + 1:
            out.append((start, prev))
            start = c
        prev = c
    out.append((start, prev))
    return out


def write_unicodes(path, charset, cjk, extra):
    allcps = cjk | extra
    with open(path, "w", encoding="ascii", newline="\n") as f:
        f.write("# Generated by fonts/make_subsets.py -- do not edit.\n")
        f.write("# pyftsubset --unicodes-file format: one code point or range per line.\n")
        f.write(f"# {charset.upper()} ({len(cjk)} code points, Python '{charset}' codec, "
                f"every valid 2-byte code) + extras ({len(extra)}): "
                + "; ".join(f"U+{lo:04X}-{hi:04X} {n}" for lo, hi, n in EXTRA_RANGES)
                + "; singles " + " ".join(f"U+{c:04X}" for c in EXTRA_CODEPOINTS)
                + (" + EXTRA_CHARS" if EXTRA_CHARS else "") + ".\n")
        f.write(f"# Total: {len(allcps)} code points.\n")
        for lo, hi in to_ranges(allcps):
            f.write(f"{lo:04X}\n" if lo == hi else f"{lo:04X}-{hi:04X}\n")
    return allcps


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def name_id(font, nid):
    rec = font["name"].getName(nid, 3, 1, 0x409) or font["name"].getDebugName(nid)
    return str(rec) if rec is not None else None


def rename_family(path, family):
    """Replace the family-name records; copyright, version and licence stay."""
    f = TTFont(path, recalcTimestamp=False)
    name = f["name"]
    style = str(name.getName(2, 3, 1, 0x409) or "Regular")
    ps = family.replace(" ", "") + "-" + style.replace(" ", "")
    new = {1: family, 16: family, 4: f"{family} {style}", 6: ps, 17: style,
           3: f"{ps};" + str(name.getName(5, 3, 1, 0x409)).split(";")[0]}
    for rec in list(name.names):
        if rec.nameID in new:
            name.setName(new[rec.nameID], rec.nameID, rec.platformID,
                         rec.platEncID, rec.langID)
    name.setName("Subset of LXGW WenKai, renamed because of the SIL OFL "
                 "Reserved Font Name rule.", 10, 3, 1, 0x409)
    f.save(path)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("serif", help="NotoSerifSC_400Regular.ttf")
    ap.add_argument("sans", help="NotoSansSC_700Bold.ttf")
    ap.add_argument("kai", help="LXGWWenKai-Regular.ttf")
    ap.add_argument("--charset", choices=["gb2312", "gbk"], default="gb2312")
    ap.add_argument("--rename-kai", metavar="FAMILY", default=None,
                    help="give the Kai subset a new family name (name IDs 1, 3, 4, "
                         "6, 16, 17, all languages), e.g. 'Fangtan Kai', in case "
                         "LXGW's Reserved Font Names must not be used by a subset. "
                         "Off for the committed subsets.")
    ap.add_argument("--out-dir", default=HERE)
    ap.add_argument("--check", nargs="*", default=None,
                    help="text files whose characters must be covered "
                         "(default: content/**/*.txt of the repository)")
    args = ap.parse_args()

    if FONTTOOLS_VERSION != FONTTOOLS_USED:
        print(f"warning: fontTools {FONTTOOLS_VERSION}, the committed subsets used "
              f"{FONTTOOLS_USED}; output may differ byte-wise", file=sys.stderr)

    cjk = cjk_charset(args.charset)
    extra = extras()
    ulist = os.path.join(args.out_dir, "subset-unicodes.txt")
    wanted = write_unicodes(ulist, args.charset, cjk, extra)
    print(f"{os.path.relpath(ulist)}: {len(wanted)} code points "
          f"({args.charset.upper()} {len(cjk)}, extras {len(extra)}, overlap {len(cjk & extra)})")

    outputs = {}
    for (role, outname, want_sha, want_ver), src in zip(FONTS, (args.serif, args.sans, args.kai)):
        got_sha = sha256(src)
        if got_sha != want_sha:
            print(f"warning: {src}: sha256 {got_sha} differs from the source of the "
                  f"committed subset ({want_sha})", file=sys.stderr)
        srcfont = TTFont(src, lazy=True)
        if "glyf" not in srcfont:
            sys.exit(f"error: {src} has no glyf table (TrueType outlines required)")
        ver = name_id(srcfont, 5)
        if ver != want_ver:
            print(f"warning: {src}: version {ver!r}, expected {want_ver!r}", file=sys.stderr)
        out = os.path.join(args.out_dir, outname)
        cmd = [sys.executable, "-m", "fontTools.subset", src,
               f"--unicodes-file={ulist}",
               "--layout-features=",
               "--name-IDs=*",
               "--name-languages=*",
               "--notdef-outline",
               # TrueType hinting only helps low-resolution screens; print PDFs and
               # e-readers do without it (these sources carry almost none anyway).
               "--no-hinting",
               f"--output-file={out}"]
        subprocess.run(cmd, check=True)
        if role == "kai" and args.rename_kai:
            rename_family(out, args.rename_kai)
        f = TTFont(out)
        cmap = f.getBestCmap()
        missing = sorted(wanted - set(cmap))
        outputs[role] = (out, cmap)
        print(f"{outname}: {os.path.getsize(out):,} bytes, {f['maxp'].numGlyphs} glyphs, "
              f"{len(cmap)} code points mapped; {ver}; "
              f"{len(missing)} listed code points absent from the source font")

    # Content coverage.
    files = args.check
    if files is None:
        files = sorted(glob.glob(os.path.join(REPO, "content", "**", "*.txt"), recursive=True))
    bad = 0
    for path in files:
        with open(path, encoding="utf-8") as fh:
            chars = sorted(set(fh.read()))
        chars = [c for c in chars if unicodedata.category(c) not in ("Cc", "Cf")]
        for role, (out, cmap) in outputs.items():
            miss = [c for c in chars if ord(c) not in cmap]
            if miss:
                bad += 1
                print(f"NOT COVERED in {role} ({os.path.basename(out)}) for "
                      f"{os.path.relpath(path)}: "
                      + " ".join(f"U+{ord(c):04X}({c})" for c in miss))
        print(f"{os.path.relpath(path)}: {len(chars)} distinct characters checked")
    total = sum(os.path.getsize(p) for p in glob.glob(os.path.join(args.out_dir, "*"))
                if os.path.isfile(p))
    print(f"total size of {os.path.relpath(args.out_dir)}/: {total:,} bytes")
    if bad:
        sys.exit(1)


if __name__ == "__main__":
    main()
