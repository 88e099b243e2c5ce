#!/usr/bin/env python3
"""Regenerate the Latin body face of English books: Source Serif 4 (fonts/SourceSerif4-*.subset.ttf).

Three static instances (Regular for the body, SemiBold for headings and speaker labels,
Italic for editor notes) from npm `@expo-google-fonts/source-serif-4` 0.4.1, subset with
fontTools `pyftsubset` to the Latin, Greek and Cyrillic blocks and common punctuation,
keeping every name record, OS/2 and a .notdef outline, as make_subsets.py does for the
Chinese faces, and the OpenType layout features in LAYOUT_FEATURES (GSUB ccmp liga locl,
GPOS kern mark mkmk, with GDEF; the glyphs they reach, e.g. the f-ligatures and the
Cyrillic/Turkish local forms, are kept too).  printpdf does no GSUB/GPOS (and drops them
when it subsets again for a PDF); the features are for EPUB reading systems that use the
embedded fonts.  --no-layout builds the subsets without them (to measure their size).
Source features (fontTools), all three faces: GPOS kern mark mkmk; GSUB aalt c2sc case
ccmp dnom frac liga lnum locl numr onum ordn pnum sinf smcp ss01 ss02 subs sups tnum zero
(the Italic has ss03 and no c2sc/smcp).

    pip install fonttools==4.68.0
    mkdir -p /tmp/fontsrc && cd /tmp/fontsrc
    npm pack @expo-google-fonts/source-serif-4@0.4.1
    mkdir ss4 && tar xzf expo-google-fonts-source-serif-4-0.4.1.tgz -C ss4
    cd - && python3 fonts/make_latin_subsets.py /tmp/fontsrc/ss4/package [--no-layout] [--out-dir DIR]

The subsets are renamed "Fangtan Serif" (name IDs 1, 3, 4, 6, 16, 17; copyright, version
and licence records stay): the fonts' own copyright record reserves the font name "Source",
and under the OFL a subset is a Modified Version, which must not use a Reserved Font Name.
The files keep the source's name so that it is clear where they came from.

The output is byte-for-byte reproducible with the same sources and fontTools version.
"""

import os
import subprocess
import sys

from fontTools.ttLib import TTFont

FAMILY = "Fangtan Serif"

HERE = os.path.dirname(os.path.abspath(__file__))

# Basic Latin, Latin-1, Latin Extended-A/B, IPA, spacing modifiers, combining marks, Greek,
# Cyrillic, Latin Extended Additional, general punctuation, super/subscripts, currency,
# letterlike symbols, number forms, arrows, the minus sign and the replacement character.
UNICODES = (
    "U+0020-007E,U+00A0-024F,U+0250-02FF,U+0300-036F,U+0370-03FF,U+0400-04FF,"
    "U+1E00-1EFF,U+2000-206F,U+2070-209F,U+20A0-20CF,U+2100-214F,U+2150-218F,"
    "U+2190-21FF,U+2212,U+FFFD"
)

# kerning, ligatures, localized forms, and mark positioning / composition.
LAYOUT_FEATURES = ["kern", "liga", "locl", "mark", "mkmk", "ccmp"]

FACES = [
    ("400Regular/SourceSerif4_400Regular.ttf", "SourceSerif4-Regular.subset.ttf"),
    ("600SemiBold/SourceSerif4_600SemiBold.ttf", "SourceSerif4-SemiBold.subset.ttf"),
    ("400Regular_Italic/SourceSerif4_400Regular_Italic.ttf", "SourceSerif4-Italic.subset.ttf"),
]


def main():
    args = sys.argv[1:]
    no_layout = "--no-layout" in args
    args = [a for a in args if a != "--no-layout"]
    out_dir = HERE
    if "--out-dir" in args:
        i = args.index("--out-dir")
        if i + 1 >= len(args):
            sys.exit(__doc__)
        out_dir = args[i + 1]
        del args[i:i + 2]
    if len(args) != 1:
        sys.exit(__doc__)
    package = args[0]
    features = "" if no_layout else ",".join(LAYOUT_FEATURES)
    for source, target in FACES:
        out = os.path.join(out_dir, target)
        subprocess.run(
            [
                sys.executable, "-m", "fontTools.subset", os.path.join(package, source),
                f"--unicodes={UNICODES}", f"--layout-features={features}", "--name-IDs=*",
                "--name-languages=*", "--notdef-outline", "--no-hinting",
                f"--output-file={out}",
            ],
            check=True,
        )
        rename_family(out)
        f = TTFont(out)
        feats = {t: sorted({r.FeatureTag for r in f[t].table.FeatureList.FeatureRecord})
                 for t in ("GSUB", "GPOS") if t in f and f[t].table.FeatureList}
        print(f"{target}: {os.path.getsize(out):,} bytes, {f['maxp'].numGlyphs} glyphs, "
              f"{len(f.getBestCmap())} code points mapped; "
              + ("; ".join(f"{t} {' '.join(v)}" for t, v in feats.items() if v)
                 or "no layout features"))


def rename_family(path):
    """Replace the family-name records; copyright, version and licence stay."""
    f = TTFont(path, recalcTimestamp=False)
    name = f["name"]
    style = str(name.getName(17, 3, 1, 0x409) or name.getName(2, 3, 1, 0x409) or "Regular")
    ps = FAMILY.replace(" ", "") + "-" + style.replace(" ", "")
    # Legacy family (ID 1) names the weight too unless it is one of the four RIBBI styles.
    legacy = FAMILY if style in ("Regular", "Italic", "Bold", "Bold Italic") else f"{FAMILY} {style}"
    new = {1: legacy, 16: FAMILY, 4: f"{FAMILY} {style}", 6: ps, 17: style,
           3: f"{ps};" + str(name.getName(5, 3, 1, 0x409)).split(";")[0]}
    for rec in list(name.names):
        if rec.nameID in new:
            name.setName(new[rec.nameID], rec.nameID, rec.platformID, rec.platEncID, rec.langID)
    name.setName("Subset of Source Serif 4, renamed because of the SIL OFL Reserved Font "
                 "Name rule.", 10, 3, 1, 0x409)
    f.save(path)


if __name__ == "__main__":
    main()
