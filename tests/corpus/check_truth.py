#!/usr/bin/env python3
"""Checks a corpus case's files for form (not fangtan's reading): python3 check_truth.py NAME...

NAME.txt       the interview text, UTF-8
NAME.truth.toml  what a careful person reads in it (see README.md)
NAME.source.toml where it came from and under what licence
"""
import sys, tomllib, pathlib, re

KINDS = {"title", "subtitle", "lead", "heading", "caption", "pull-quote", "note",
         "reference", "text", "dropped", "break"}
LICENCES = ("public domain", "CC0", "CC BY", "CC BY-SA", "CC BY-NC", "CC BY-ND", "CC BY-NC-SA",
            "CC BY-NC-ND", "OGDL-Taiwan")


def owners(spec):
    out = []
    for n, raw in enumerate(spec.strip().splitlines(), 1):
        raw = raw.split("#", 1)[0].strip() if not raw.strip().startswith("@") else raw.strip()
        if not raw:
            continue
        m = re.fullmatch(r"(\d+)(?:-(\d+))?\s+(.+)", raw)
        if not m:
            raise SystemExit(f"owners line {n}: want 'START[-END] OWNER', got {raw!r}")
        a, b = int(m[1]), int(m[2] or m[1])
        owner = m[3].strip()
        for alt in owner.split("|"):
            alt = alt.strip()
            if not (alt in KINDS or alt.startswith("@") or alt.startswith("+@")):
                raise SystemExit(f"owners line {n}: unknown owner {alt!r}")
        out.append((a, b, owner))
    return out


def check(name):
    base = pathlib.Path(name)
    base = base.with_suffix("") if base.suffix in (".txt", ".toml") else base
    base = pathlib.Path(str(base).removesuffix(".truth").removesuffix(".source"))
    text = base.with_suffix(".txt").read_text(encoding="utf-8")
    lines = re.split(r"\r\n|\r|\n", text)
    if lines and lines[-1] == "":
        lines.pop()
    nonblank = {i + 1 for i, l in enumerate(lines) if l.strip(" \t\u3000\u200b\ufeff")}
    truth = tomllib.loads(pathlib.Path(f"{base}.truth.toml").read_text(encoding="utf-8"))
    src = tomllib.loads(pathlib.Path(f"{base}.source.toml").read_text(encoding="utf-8"))
    for key in ("repository", "path", "commit", "url", "licence", "kind", "language"):
        if not src.get(key):
            raise SystemExit(f"{base}.source.toml: missing {key}")
    if not any(src["licence"].startswith(l) for l in LICENCES):
        raise SystemExit(f"{base}.source.toml: licence {src['licence']!r} is not one we may commit")
    if truth.get("language") not in ("en", "zh-CN", "zh-TW"):
        raise SystemExit(f"{base}.truth.toml: language must be en, zh-CN or zh-TW")
    if "title" not in truth and truth.get("title_in_text") is not False:
        raise SystemExit(f"{base}.truth.toml: give title, or title_in_text = false")
    spans = owners(truth["owners"])
    covered = {}
    prev_end = 0
    for a, b, owner in spans:
        if a <= prev_end:
            raise SystemExit(f"{base}: owners out of order or overlapping at {a}")
        prev_end = b
        for i in range(a, b + 1):
            if i in nonblank:
                covered[i] = owner
    missing = sorted(nonblank - covered.keys())
    if missing:
        raise SystemExit(f"{base}: non-blank lines with no owner: {missing[:20]}")
    for a, b, owner in spans:
        if not any(i in nonblank for i in range(a, b + 1)):
            raise SystemExit(f"{base}: owner range {a}-{b} covers only blank lines")
    kinds = [o for _, _, o in spans]
    turns = {}
    for o in kinds:
        if o.startswith("@"):
            turns[o[1:]] = turns.get(o[1:], 0) + 1
    if truth.get("turns", {}) != turns:
        raise SystemExit(f"{base}: [turns] {truth.get('turns')} but owners give {turns}")
    heads = sum(1 for i, o in covered.items() if o == "heading")
    if len(truth.get("headings", [])) != heads:
        raise SystemExit(f"{base}: {len(truth.get('headings', []))} headings listed, owners give {heads}")
    caps = sum(1 for i, o in covered.items() if o == "caption")
    # A line that may be a caption (`caption|pull-quote`) may be listed or not.
    maybe = sum(1 for i, o in covered.items() if "caption" in o.split("|") and o != "caption")
    if not caps <= len(truth.get("captions", [])) <= caps + maybe:
        raise SystemExit(f"{base}: {len(truth.get('captions', []))} captions listed, owners give {caps} (+{maybe} maybe)")
    print(f"{base.name}: ok ({len(lines)} lines, {sum(turns.values())} turns, {heads} headings, {caps} captions)")


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        check(arg)
