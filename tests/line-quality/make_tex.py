#!/usr/bin/env python3
"""Writes fangtan's model JSON (`fangtan build --only json`) as a XeLaTeX document that sets the
same text as fangtan's PDF, for tests/line-quality/measure.py to compare.

    python3 tests/line-quality/make_tex.py MODEL.json > BOOK.tex     # then: xelatex BOOK.tex
    python3 tests/line-quality/make_tex.py --label-column MODEL.json # fangtan's label column, em

The geometry is fangtan's A5 page: a 315 pt measure from 52 pt, 58 pt top and 64 pt bottom
margins; 10.5 pt type on 18 pt (16 pt in a Latin book). The fonts are the bundled files, by
fontspec's Path= (no system fonts): Noto Serif SC for the text (Han and Latin), Noto Sans SC
Bold for headings and speakers' labels, Fangtan Kai (LXGW WenKai) for editors' notes with
their Latin in the serif; a Latin book: Fangtan Serif (Source Serif 4) Regular, SemiBold,
Italic. Chinese is set with xeCJK (what ctex loads under XeLaTeX) and its defaults: CJKglue
(0 pt plus 0.08 \\baselineskip between Han), CJKecglue (a space between Han and Latin), the
quanjiao punctuation style, no line-end squeezing; TeX's own justification defaults of the
article class (\\tolerance 200, \\pretolerance 100, no \\emergencystretch). Nothing here tunes
them. Dialogue: the label hangs in a column as wide as fangtan's (Chinese) or runs in (Latin).
Title page and contents are left out (no justified lines there); figures are left out.
"""
import json
import math
import os
import sys

from fontTools.ttLib import TTFont

HERE = os.path.dirname(os.path.abspath(__file__))
# The bundled fonts; FONT_DIR overrides (it must hold the fonts the fangtan binary was built with).
FONTS = os.path.abspath(os.environ.get("FONT_DIR") or os.path.join(HERE, "..", "..", "fonts")) + "/"


def label_column_em(model):
    """fangtan's rule (src/typeset/mod.rs label_column_em): the widest label (name + full-width
    colon) in Noto Sans SC Bold, less the colon's blank half, rounded up, at most 8 em."""
    if latin(model):
        return 0
    t = TTFont(FONTS + "NotoSansSC-Bold.subset.ttf", lazy=True)
    cmap, hmtx, upm = t.getBestCmap(), t["hmtx"], t["head"].unitsPerEm
    widest = 0.0
    for s in model["cast"]:
        w = sum(hmtx[cmap[ord(c)]][0] / upm if ord(c) in cmap else 1.0 for c in s["name"] + "：")
        widest = max(widest, w - 0.5)
    return min(math.ceil(widest), 8)


def latin(model):
    return model["meta"].get("language", "zh").startswith("en")


def esc(s):
    out = []
    for c in s:
        if c in "\\":
            out.append(r"\textbackslash{}")
        elif c in "{}$&#_%":
            out.append("\\" + c)
        elif c == "^":
            out.append(r"\^{}")
        elif c == "~":
            out.append(r"\textasciitilde{}")
        elif c == "\u00a0":
            out.append("~")
        else:
            out.append(c)
    return "".join(out)


def inline(parts, en):
    out = []
    for p in parts:
        if p["kind"] == "aside":
            if en:
                out.append(r"{\itshape (" + esc(p["label"]) + ": " + esc(p["text"]) + ")}")
            else:
                out.append(r"{\CJKfamily{kai}（" + esc(p["label"]) + "：" + esc(p["text"]) + "）}")
        else:
            out.append(esc(p.get("text", "")))
    return "".join(out)


def document(model):
    en = latin(model)
    col = label_column_em(model)
    meta = model["meta"]
    names = {s["id"]: s["name"] for s in model["cast"]}
    o = []
    w = o.append
    w(r"\documentclass{article}")
    # bp (PDF points) throughout, so that sizes and the measure are fangtan's to the point
    w(r"\usepackage[paperwidth=148mm,paperheight=210mm,left=52bp,textwidth=315bp,"
      r"top=58bp,bottom=64bp,headheight=10bp,headsep=12bp,footskip=28bp]{geometry}")
    w(r"\usepackage{fontspec}")
    w(r"\usepackage{xcolor}")
    w(r"\usepackage{url}")
    w(r"\urlstyle{same}")
    w(r"\definecolor{accent}{HTML}{B03A2E}")
    w(r"\definecolor{grey}{gray}{0.35}")
    if en:
        w(r"\setmainfont{SourceSerif4-Regular.subset.ttf}[Path=" + FONTS +
          r", BoldFont=SourceSerif4-SemiBold.subset.ttf, ItalicFont=SourceSerif4-Italic.subset.ttf]")
        w(r"\newcommand\labelfont{\bfseries}")
        w(r"\newcommand\notefont{\itshape}")
    else:
        w(r"\usepackage{xeCJK}")
        w(r"\setmainfont{NotoSerifSC-Regular.subset.ttf}[Path=" + FONTS +
          r", BoldFont=NotoSansSC-Bold.subset.ttf]")
        w(r"\setCJKmainfont{NotoSerifSC-Regular.subset.ttf}[Path=" + FONTS +
          r", BoldFont=NotoSansSC-Bold.subset.ttf]")
        w(r"\setCJKfamilyfont{kai}{LXGWWenKai-Regular.subset.ttf}[Path=" + FONTS + "]")
        w(r"\newcommand\labelfont{\bfseries}")
        w(r"\newcommand\notefont{\CJKfamily{kai}}")
    w(r"\setlength\parskip{0bp}")
    w(r"\setlength\parindent{" + ("10.5bp" if en else "2em") + "}")
    w(r"\begin{document}")
    base = r"\fontsize{10.5bp}{" + ("16bp" if en else "18bp") + r"}\selectfont"
    w(base)
    w(r"\setlength\parindent{" + ("10.5bp" if en else "2em") + "}")
    w(r"{\centering\labelfont\fontsize{17bp}{24bp}\selectfont " + esc(meta["title"]) + r"\par}")
    w(r"\vspace{12bp}")
    for b in model["blocks"]:
        k = b["kind"]
        if k in ("lead", "paragraph"):
            w(inline(b["content"], en) + "\n")
        elif k == "title":
            continue
        elif k == "heading":
            num = (esc(b["number"]) + r"\quad ") if b.get("number") else ""
            if b.get("level", 1) == 1:
                w(r"\clearpage{\noindent\labelfont\fontsize{17bp}{24bp}\selectfont " + num +
                  esc(b["text"]) + r"\par}\vspace{18bp}")
            else:
                w(r"\par\vspace{16bp}{\noindent\labelfont\fontsize{12.5bp}{18bp}\selectfont " +
                  num + esc(b["text"]) + r"\par}\vspace{6bp}")
        elif k == "turn":
            label = r"{\labelfont\color{accent}" + esc(names.get(b["speaker"], b["speaker"])) + \
                (":" if en else "：") + "}"
            if en:
                for i, p in enumerate(b["paragraphs"]):
                    w(("\\noindent " + label + " " if i == 0 else "") + inline(p["content"], en) + "\n")
            else:
                w(r"{\leftskip=" + str(col) + "em")
                for i, p in enumerate(b["paragraphs"]):
                    if i == 0:
                        w(r"\noindent\hspace*{-" + str(col) + r"em}\makebox[" + str(col) +
                          "em][l]{" + label + "}" + inline(p["content"], en) + "\n")
                    else:
                        w(inline(p["content"], en) + "\n")
                w(r"\par}")
        elif k == "note":
            w(r"\par\vspace{6bp}{\leftskip=1.5em\noindent{\labelfont\color{accent}"
              r"\fontsize{9bp}{13bp}\selectfont " + esc(b["label"]) + r"}\par")
            w(r"\fontsize{10bp}{17bp}\selectfont\notefont")
            for p in b["paragraphs"]:
                w(inline(p["content"], en) + "\n")
            w(r"\par}\vspace{6bp}")
        elif k == "pull-quote":
            w(r"\begin{center}\color{accent}\fontsize{13bp}{21bp}\selectfont " + esc(b["text"]) +
              r"\end{center}")
        elif k == "caption":
            w(r"\begin{center}\color{grey}\fontsize{9bp}{13bp}\selectfont " + esc(b["text"]) +
              r"\end{center}")
        elif k == "figure":
            if b.get("caption"):
                w(r"\begin{center}\color{grey}\fontsize{9bp}{13bp}\selectfont " +
                  esc(b["caption"]) + r"\end{center}")
        elif k == "references":
            title = b.get("title") or ("References" if en else "参考")
            w(r"\par\vspace{16bp}{\noindent\labelfont\fontsize{12.5bp}{18bp}\selectfont " +
              esc(title) + r"\par}\vspace{6bp}")
            for it in b["items"]:
                w(r"{\noindent\fontsize{8.5bp}{12bp}\selectfont\url{" + it["url"] + r"}\par}")
    w(r"\end{document}")
    return "\n".join(o) + "\n"


def main():
    args = sys.argv[1:]
    if args and args[0] == "--label-column":
        print(label_column_em(json.load(open(args[1]))))
        return
    sys.stdout.write(document(json.load(open(args[0]))))


if __name__ == "__main__":
    main()
