#!/usr/bin/env python3
"""How loose are a PDF's justified lines? Measures, from glyph positions, the space that
justification added to each justified line.

    python3 tests/line-quality/measure.py BOOK.pdf [MORE.pdf ...] [--json OUT.json]
        [--font-dir DIR] [--worst N] [--skip-pages 1,2]

Method
------
1. Glyphs. PyMuPDF's ``rawdict`` gives every glyph's Unicode character, origin (pen position
   on the baseline), font name and size. It is read with ActualText ignored (fangtan spells word
   gaps out in /ActualText; the glyphs drawn are what counts) and no synthesised spaces, so a
   word space is a distance between two glyphs, never a character. Whitespace characters that
   a PDF does draw are dropped, remembering that one stood there.
2. Natural widths come from the font files, not the PDF: the font's PostScript name (subset
   prefix ``ABCDEF+`` stripped) is looked up among the ``.ttf``/``.otf`` files of the font
   folders (default: the repository's ``fonts/``; give the files the PDF was made with), and
   the glyph's natural advance is ``hmtx advance / unitsPerEm × size`` of the character's cmap
   glyph. The bundled fonts of commit f177be0 have empty GSUB/GPOS, so the advance is the whole
   natural width (no kerning or ligatures to undo; with a kerning font, kerns would show as
   small gaps). A glyph of a font not found there (a fallback such as DejaVu Sans) falls back
   to MuPDF's own advance (its bbox width, from the PDF's /W); how often is reported
   (``fallback_advances``), and so are glyphs whose PDF width disagrees with the font file by
   more than 0.01 em (``pdf_width_mismatch``: a ligature, or a tool that scaled a glyph, such
   as fangtan's em dashes drawn at 1.14× size to join, shows up there).
3. Lines. Glyphs are grouped by baseline (within 0.6 pt) per page, sorted by x, and split
   where two glyphs are more than 4 em apart. Left out: running heads and page numbers
   (baselines in the top ``--head`` or bottom ``--foot`` points of the page), table-of-contents
   lines (dot leaders), and headings (most glyphs in a Bold/SemiBold face). A line's leading
   run of bold glyphs is a speaker's label (hanging in its own column, or run in) and is cut
   off, with the gap after it.
4. Justified lines. The text block's right edge R is the most common line end (the last
   glyph's origin + natural advance) over the document. A line is justified if it ends within
   0.6 pt of R, or if it ends in a mark or hyphen (class O or P below) whose advance spans R:
   a closing full-width mark whose blank half was squeezed out at the line's end (fangtan,
   typst), a hyphen or comma that hangs a little past R (typst's overhang). Centred lines,
   ragged last lines of paragraphs and flush-left lines do not reach R and are left out;
   lines that run past R otherwise are counted as ``overfull_lines`` (TeX's overfull boxes)
   and left out too. (A paragraph's last line that happens to fill the measure exactly is
   counted as justified; it adds ~0 stretch.)
5. Gaps. Between each two neighbouring glyphs of a line, gap = next origin − (this origin +
   natural advance), in em of this glyph's size. Each gap is of one class, by the characters
   on either side (H: Han, kana, hangul, full-width letters; P: full-width CJK punctuation,
   including “”‘’ when they are 1 em wide, …, · and ・; D: em dash, horizontal bar; L: Latin
   letters and digits; O: anything else):
     HH     between two H: pure inter-character letter-spacing;
     HL     between H and L (a space between them, if any, is part of the gap): the
            Chinese–Latin gap;
     HO     between H and O (%, Latin punctuation...);
     punct  any gap next to P; if it is negative (below −0.02 em), the mark was squeezed:
            its blank half taken out between two marks (。（, ：“: −½ em), or part of it
            taken to shrink a line (fangtan and typst both do: −⅛ to −⅜ em). That is class
            ``squeeze``, reported apart (count, distribution; ``pairs``: both sides marks)
            and never counted as stretch or as a gap;
     WS     between two L/O glyphs, more than 0.1 em apart (or with a drawn space): a word
            space; ``WS.`` if it follows . ? ! : ; (through closing brackets and quotes),
            where TeX's default (\nonfrenchspacing) sets a wider sentence space;
     LL     between two L/O glyphs closer than that: inside a word; no tool justifies there,
            so it is not a gap, but its largest value is reported (letter-spacing of Latin);
     dash   next to a D (fangtan draws a 2-em dash from two em dashes scaled to meet; other
            tools set the font's 0.89 em dash), and ``size``: a change of font size by more
            than 10 %: both left out.
   The natural width of each class: 0 for HH and punct; for WS the font's own space advance;
   for HL, HO and the extra of a WS. over WS, the tool's own natural value, measured as the
   median of that class over the document's lines that end more than 1 pt short of R (ragged
   last lines and centred lines, which every tool sets at natural width; overfull lines are
   not used). Fallbacks when fewer than 3 were seen: ¼ em for HL, 0 for HO and the sentence
   extra, except in a PDF made by XeTeX, where the sentence extra is a third of the space
   (XeTeX's \fontdimen7 for an OpenType font). The natural HL found is what each tool starts
   from: fangtan ¼ em (clreq), typst ¼ em (cjk-latin-spacing), xeCJK the font's space
   (CJKecglue; 0.256 em in Noto Serif SC).
6. Per justified line: stretch per gap = Σ (gap − natural) / number of gaps, over the gaps
   of classes HH, HL, HO, punct (not squeezed), WS and WS., in em: the extra width the line got,
   shared out over every place a justifier may put it. Negative: the line was shrunk. The
   line's Han letter-spacing is the median of its HH gaps (every tool spaces Han evenly
   within a line); lines above 0.1, 0.25 and 0.5 em are counted.
7. Distributions: median, p90, p99 (linear interpolation), max over justified lines (gaps:
   over all gaps of that class in justified lines); ``stretch_per_gap_em_stretched_lines``
   is over the lines that were stretched at all (> 0.005 em), since most Chinese lines are
   whole ems that fill the measure exactly. The worst lines by stretch per gap are listed with
   page number (1-based) and text (glyphs only: word spaces are not characters here).
"""
import argparse
import glob
import json
import os
import re
import statistics
import sys

import pymupdf
from fontTools.ttLib import TTFont

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_FONT_DIR = os.path.normpath(os.path.join(HERE, "..", "..", "fonts"))

FLAGS = (
    pymupdf.TEXT_PRESERVE_LIGATURES
    | pymupdf.TEXT_PRESERVE_WHITESPACE
    | pymupdf.TEXT_INHIBIT_SPACES
    | pymupdf.TEXT_MEDIABOX_CLIP
    | pymupdf.TEXT_IGNORE_ACTUALTEXT
)

SPACES = set(" \u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
             "\u202f\u205f\u3000\t\n\r")
INVISIBLE = set("\u200b\u200c\u200d\u2060\ufeff")
DASHES = set("\u2014\u2015\u2e3a\u2e3b")
CLOSING = set("，。、；：？！）》」』】〕〉”’")  # marks whose blank half is on the right
OPENING = set("（《「『【〔〈“‘")
BOLD = re.compile(r"Bold|SemiBold|Semibold|Black|Heavy|Demi", re.I)
THRESHOLDS = (0.1, 0.25, 0.5)
SENTENCE_END = set(".?!:;")
TRANSPARENT = set(")]’”\"'")  # TeX's space factor passes through these


def is_han(c):
    o = ord(c)
    return (0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF
            or 0x20000 <= o <= 0x3FFFF or 0x3040 <= o <= 0x30FA or 0x30FC <= o <= 0x30FF
            or 0x3100 <= o <= 0x312F or 0xAC00 <= o <= 0xD7AF or 0xFF10 <= o <= 0xFF19
            or 0xFF21 <= o <= 0xFF3A or 0xFF41 <= o <= 0xFF5A or 0x3005 <= o <= 0x3007)


def is_cjk_punct(c, adv_em):
    o = ord(c)
    if c in "\u2018\u2019\u201c\u201d":
        return adv_em > 0.9
    return (0x3000 <= o <= 0x303F or 0xFF00 <= o <= 0xFFEF or 0xFE30 <= o <= 0xFE4F
            or c in "\u2026\u2025\u00b7\u30fb\u2027")


def char_class(c, adv_em):
    if c in DASHES:
        return "D"
    if is_han(c):
        return "H"
    if is_cjk_punct(c, adv_em):
        return "P"
    if c.isalnum():
        return "L"
    return "O"


class Fonts:
    """Natural advances from font files, by PostScript name."""

    def __init__(self, dirs):
        self.by_name = {}
        for d in dirs:
            for path in sorted(glob.glob(os.path.join(d, "*.[to]tf"))):
                try:
                    t = TTFont(path, lazy=True)
                except Exception:
                    continue
                names = {t["name"].getDebugName(6)}
                fam, sub = t["name"].getDebugName(1), t["name"].getDebugName(2)
                if fam and sub:
                    names.add((fam + "-" + sub).replace(" ", ""))
                entry = (t.getBestCmap(), t["hmtx"], t["head"].unitsPerEm, path)
                for n in names:
                    if n:
                        self.by_name.setdefault(n, entry)
        self.fallbacks = 0
        self.mismatch = 0

    def lookup(self, pdf_font):
        name = re.sub(r"^[A-Z]{6}\+", "", pdf_font)
        if name in self.by_name:
            return self.by_name[name]
        base = name.split(",")[0]
        return self.by_name.get(base)

    def advance_em(self, pdf_font, c, bbox_em):
        """Natural advance in em of character c in pdf_font (bbox_em: MuPDF's, for fallback)."""
        f = self.lookup(pdf_font)
        if f is not None:
            cmap, hmtx, upm, _ = f
            g = cmap.get(ord(c))
            if g is not None:
                adv = hmtx[g][0] / upm
                if abs(adv - bbox_em) > 0.01:
                    self.mismatch += 1
                return adv
        self.fallbacks += 1
        return bbox_em

    def space_em(self, pdf_font):
        f = self.lookup(pdf_font)
        if f is not None:
            cmap, hmtx, upm, _ = f
            g = cmap.get(0x20)
            if g is not None:
                return hmtx[g][0] / upm
        return 0.25


def percentile(xs, p):
    if not xs:
        return None
    xs = sorted(xs)
    k = (len(xs) - 1) * p / 100
    lo = int(k)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def dist(xs, digits=3):
    if not xs:
        return {"n": 0}
    r = lambda v: round(v, digits)
    return {"n": len(xs), "min": r(min(xs)), "median": r(percentile(xs, 50)),
            "p90": r(percentile(xs, 90)), "p99": r(percentile(xs, 99)), "max": r(max(xs))}


def glyphs_of(page, fonts):
    raw = page.get_text("rawdict", flags=FLAGS)
    out = []
    for b in raw["blocks"]:
        for l in b.get("lines", []):
            if l.get("dir", (1, 0)) != (1, 0) and tuple(l.get("dir")) != (1.0, 0.0):
                continue
            for s in l["spans"]:
                size = s["size"]
                if size <= 0:
                    continue
                for ch in s["chars"]:
                    c = ch["c"]
                    if c in INVISIBLE or c == "":
                        continue
                    x, y = ch["origin"]
                    bb = ch["bbox"]
                    g = {"c": c, "x": x, "y": y, "size": size, "font": s["font"]}
                    if c in SPACES:
                        g["space"] = True
                        g["adv"] = 0.0
                    else:
                        bbox_em = (bb[2] - bb[0]) / size
                        g["adv"] = fonts.advance_em(s["font"], c, bbox_em)
                        g["cls"] = char_class(c, g["adv"])
                        g["bold"] = bool(BOLD.search(s["font"]))
                    out.append(g)
    return out


def lines_of(glyphs, page_h, head, foot):
    glyphs = sorted(glyphs, key=lambda g: g["y"])
    rows, cur = [], []
    for g in glyphs:
        if cur and abs(g["y"] - cur[-1]["y"]) > 0.6:
            rows.append(cur)
            cur = []
        cur.append(g)
    if cur:
        rows.append(cur)
    lines = []
    for row in rows:
        y = statistics.median(g["y"] for g in row)
        if y < head or y > page_h - foot:
            continue
        row.sort(key=lambda g: g["x"])
        seg = []
        for g in row:
            if seg and not g.get("space"):
                prev = [h for h in seg if not h.get("space")]
                if prev:
                    p = prev[-1]
                    if g["x"] - (p["x"] + p["adv"] * p["size"]) > 4 * p["size"]:
                        lines.append(seg)
                        seg = []
            seg.append(g)
        if seg:
            lines.append(seg)
    return lines


def prepare(line):
    """Cut a leading bold label; return (glyphs, space_before flags) or None to skip."""
    vis = [g for g in line if not g.get("space")]
    if not vis:
        return None
    text = "".join(g["c"] for g in vis)
    if re.search(r"(\.\s*){5,}|(…){3,}|(·){5,}", text):
        return None  # a contents line with dot leaders
    i = 0
    while i < len(vis) and vis[i]["bold"]:
        i += 1
    if i == len(vis):
        return None  # all bold: a heading or a label alone
    rest = vis[i:]
    for p, g in zip(rest, rest[1:]):
        g["after_end"] = g["c"] in TRANSPARENT and (p["c"] in SENTENCE_END or p.get("after_end"))
    if sum(g["bold"] for g in rest) * 2 > len(rest):
        return None
    # whitespace drawn between visible glyphs
    spaced = []
    idx = {id(g): k for k, g in enumerate(line)}
    for a, b in zip(rest, rest[1:]):
        between = line[idx[id(a)] + 1: idx[id(b)]]
        spaced.append(any(g.get("space") for g in between))
    return rest, spaced


def classify(a, b, spaced):
    em = a["size"]
    gap = (b["x"] - (a["x"] + a["adv"] * a["size"])) / em
    ca, cb = a["cls"], b["cls"]
    if abs(a["size"] - b["size"]) > 0.1 * max(a["size"], b["size"]):
        return "size", gap
    if ca == "D" or cb == "D":
        return "dash", gap
    if ca == "P" or cb == "P":
        return ("squeeze" if gap < -0.02 else "punct"), gap
    if ca == "H" and cb == "H":
        return "HH", gap
    if ca == "H" or cb == "H":
        other = cb if ca == "H" else ca
        return ("HL" if other == "L" else "HO"), gap
    if spaced or gap > 0.1:
        return ("WS." if a["c"] in SENTENCE_END or a.get("after_end") else "WS"), gap
    return "LL", gap


def measure(path, fonts, head=52.0, foot=50.0, skip_pages=(), worst=10):
    fonts.fallbacks = fonts.mismatch = 0
    doc = pymupdf.open(path)
    items = []  # (page, glyphs, spaced)
    for pno, page in enumerate(doc):
        if pno + 1 in skip_pages:
            continue
        gl = glyphs_of(page, fonts)
        for line in lines_of(gl, page.rect.height, head, foot):
            p = prepare(line)
            if p:
                items.append((pno + 1, p[0], p[1]))
    ends = []
    for _, vis, _ in items:
        last = vis[-1]
        ends.append(round((last["x"] + last["adv"] * last["size"]) * 4) / 4)
    if not ends:
        return {"file": path, "error": "no text lines"}
    right = statistics.mode(ends)

    def justified(vis):
        last = vis[-1]
        end = last["x"] + last["adv"] * last["size"]
        if abs(end - right) <= 0.6:
            return True
        # a mark or hyphen that hangs past R (typst's overhang), or a closing full-width
        # mark whose blank half was squeezed at the line's end: R falls inside its advance
        return last["cls"] in ("O", "P") and last["x"] - 0.6 <= right <= end + 0.6

    def overfull(vis):
        last = vis[-1]
        return last["x"] + last["adv"] * last["size"] > right + 0.6 and not justified(vis)

    lines = []
    for pno, vis, spaced in items:
        gaps = [classify(a, b, s) + (a, b) for a, b, s in zip(vis, vis[1:], spaced)]
        last = vis[-1]
        short = last["x"] + last["adv"] * last["size"] < right - 1.0
        lines.append({"page": pno, "vis": vis, "gaps": gaps, "justified": justified(vis),
                      "short": short})

    # natural Chinese-Latin spacing, from lines set at natural width
    natural = {}
    for cls, default in (("HL", 0.25), ("HO", 0.0), ("WS.", 0.0)):
        vals = [g[1] - (fonts.space_em(g[2]["font"]) if cls == "WS." else 0.0)
                for l in lines if l["short"] for g in l["gaps"] if g[0] == cls]
        natural[cls] = round(statistics.median(vals), 4) if len(vals) >= 3 else default
        natural[cls + "_samples"] = len(vals)
    meta = doc.metadata or {}
    tex = re.search(r"TeX|dvipdfm", (meta.get("creator") or "") + (meta.get("producer") or ""))
    if tex and natural["WS._samples"] < 3:
        natural["WS."] = "space/3"  # TeX's \fontdimen7 for an OpenType font (\nonfrenchspacing)

    def sentence_extra(a):
        v = natural["WS."]
        return fonts.space_em(a["font"]) / 3 if v == "space/3" else v

    per_line = []
    hl, ws, hh_all, squeeze, squeeze_pairs, ll = [], [], [], [], [], []
    counted = {"HH", "HL", "HO", "punct", "WS", "WS."}
    for l in lines:
        if not l["justified"]:
            continue
        added, n, hh = 0.0, 0, []
        for cls, gap, a, b in l["gaps"]:
            if cls in counted:
                nat = 0.0
                if cls in ("WS", "WS."):
                    nat = fonts.space_em(a["font"]) + (sentence_extra(a) if cls == "WS." else 0)
                    ws.append(gap - nat)
                elif cls in ("HL", "HO"):
                    nat = natural[cls]
                    if cls == "HL":
                        hl.append(gap)
                elif cls == "HH":
                    hh.append(gap)
                    hh_all.append(gap)
                added += gap - nat
                n += 1
            elif cls == "squeeze":
                squeeze.append(gap)
                if a["cls"] == "P" and b["cls"] == "P":
                    squeeze_pairs.append(gap)
            elif cls == "LL":
                ll.append(gap)
        if n == 0:
            continue
        text = "".join(g["c"] for g in l["vis"])
        per_line.append({"page": l["page"], "stretch_per_gap": added / n, "gaps": n,
                         "han_spacing": statistics.median(hh) if hh else None,
                         "han_spacing_max": max(hh) if hh else None,
                         "size": l["vis"][0]["size"], "text": text})
    spg = [p["stretch_per_gap"] for p in per_line]
    han = [p["han_spacing"] for p in per_line if p["han_spacing"] is not None]
    report = {
        "file": path,
        "pages": doc.page_count,
        "right_edge_pt": right,
        "text_lines": len(lines),
        "justified_lines": len(per_line),
        "overfull_lines": sum(overfull(l["vis"]) for l in lines),
        "natural_em": {k: natural[k] for k in sorted(natural)},
        "stretch_per_gap_em": dist(spg),
        # the same over the lines that were stretched at all (> 0.005 em a gap): most Chinese
        # lines are whole ems that fill the measure exactly and need none
        "stretch_per_gap_em_stretched_lines": dist([v for v in spg if v > 0.005]),
        "han_latin_gap_em": dist(hl),
        "word_space_stretch_em": dist(ws),
        "han_han_gap_em": dist(hh_all),
        "han_spacing_lines": {
            "lines_with_han_pairs": len(han),
            **{f"over_{t}em": sum(v > t for v in han) for t in THRESHOLDS},
            "line_median": dist(han),
        },
        "squeezed_punct": {"count": len(squeeze), **{k: v for k, v in dist(squeeze).items()
                                                    if k != "n"},
                           "pairs": dist(squeeze_pairs)},
        "latin_letterspacing_max_em": round(max(ll), 3) if ll else None,
        "fallback_advances": fonts.fallbacks,
        "pdf_width_mismatch": fonts.mismatch,
        "worst": [
            {"page": p["page"], "stretch_per_gap": round(p["stretch_per_gap"], 3),
             "han_spacing": None if p["han_spacing"] is None else round(p["han_spacing"], 3),
             "gaps": p["gaps"], "text": p["text"]}
            for p in sorted(per_line, key=lambda p: -p["stretch_per_gap"])[:worst]
        ],
    }
    return report


def fmt(d, keys=("median", "p90", "p99", "max")):
    if not d or d.get("n", 0) == 0:
        return "–"
    return " / ".join(f"{d[k]:.3f}" for k in keys) + f" (n={d['n']})"


def label(path):
    return "/".join(os.path.normpath(path).split(os.sep)[-2:])


def table(reports):
    out = ["| PDF | justified lines (overfull) | stretch/gap em: median / p90 / p99 / max | "
           "Han–Latin gap em: median / p90 / p99 / max | Han spacing >0.1 / >0.25 / >0.5 em | "
           "word-space stretch em: median / p90 / p99 / max | squeezed marks |",
           "|---|---|---|---|---|---|---|"]
    for r in reports:
        if "error" in r:
            out.append(f"| {label(r['file'])} | {r['error']} |||||| ")
            continue
        h = r["han_spacing_lines"]
        out.append(
            f"| {label(r['file'])} | {r['justified_lines']} ({r['overfull_lines']} overfull) | "
            f"{fmt(r['stretch_per_gap_em'])} | {fmt(r['han_latin_gap_em'])} | "
            f"{h['over_0.1em']} / {h['over_0.25em']} / {h['over_0.5em']} of "
            f"{h['lines_with_han_pairs']} | {fmt(r['word_space_stretch_em'])} | "
            f"{r['squeezed_punct']['count']} |")
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("pdf", nargs="+")
    ap.add_argument("--font-dir", action="append", default=[],
                    help="font folder(s) for natural advances (default: the repository's fonts/)")
    ap.add_argument("--json", help="write the reports here (default: print them)")
    ap.add_argument("--head", type=float, default=52.0,
                    help="ignore baselines this close to the top (running heads), pt")
    ap.add_argument("--foot", type=float, default=50.0,
                    help="ignore baselines this close to the bottom (folios), pt")
    ap.add_argument("--skip-pages", default="", help="1-based page numbers to leave out")
    ap.add_argument("--worst", type=int, default=10)
    a = ap.parse_args()
    fonts = Fonts(a.font_dir or [DEFAULT_FONT_DIR])
    skip = {int(x) for x in a.skip_pages.split(",") if x.strip()}
    reports = [measure(p, fonts, a.head, a.foot, skip, a.worst) for p in a.pdf]
    if a.json:
        with open(a.json, "w") as f:
            json.dump(reports, f, ensure_ascii=False, indent=1)
    else:
        print(json.dumps(reports, ensure_ascii=False, indent=1))
    print(table(reports), file=sys.stderr if not a.json else sys.stdout)
    for r in reports:
        if "worst" in r:
            print(f"\nworst lines of {label(r['file'])} (page, stretch/gap em, "
                  f"Han spacing em, text):", file=sys.stderr if not a.json else sys.stdout)
            for w in r["worst"][:5]:
                print(f"  p{w['page']}  {w['stretch_per_gap']:+.3f}  {w['han_spacing']}  "
                      f"{w['text']}", file=sys.stderr if not a.json else sys.stdout)


if __name__ == "__main__":
    main()
