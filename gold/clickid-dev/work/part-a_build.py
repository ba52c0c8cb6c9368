#!/usr/bin/env python3
"""Build gold/clickid-dev/part-a.gold.jsonl from the hand annotations of part-a.

Reads gold/clickid-dev/selected.jsonl (lines 0..26) and
gold/clickid-dev/work/part-a.annotations.jsonl, locates every annotated quote
substring in the article's `content` (the `occurrence`-th match, 1-based) and
writes one gold line per article in the format of ANNOTATION.md.
Fails loudly when a quote is not found, an occurrence is out of range, or an
article is missing / unexpected / duplicated.  Standard library only.
"""
import json
import sys
from collections import Counter
from pathlib import Path

PART = "part-a"
LINES = range(0, 27)  # 0-based lines of selected.jsonl, inclusive 0..26
KINDS = {"direct", "partial", "indirect"}

HERE = Path(__file__).resolve().parent
DEV = HERE.parent
SELECTED = DEV / "selected.jsonl"
ANNOTATIONS = HERE / f"{PART}.annotations.jsonl"
OUT = DEV / f"{PART}.gold.jsonl"


def fail(msg):
    sys.exit(f"ERROR: {msg}")


def find_nth(text, sub, n):
    pos = -1
    for _ in range(n):
        pos = text.find(sub, pos + 1)
        if pos < 0:
            return -1
    return pos


def main():
    lines = SELECTED.read_text(encoding="utf-8").splitlines()
    articles = [json.loads(lines[i]) for i in LINES]
    wanted = {a["id"] for a in articles}

    ann = {}
    for k, raw in enumerate(ANNOTATIONS.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip():
            continue
        a = json.loads(raw)
        if a["id"] in ann:
            fail(f"duplicate annotation for {a['id']} (line {k})")
        if a["id"] not in wanted:
            fail(f"annotation for {a['id']} is not in lines {LINES.start}..{LINES.stop - 1}")
        ann[a["id"]] = a
    missing = wanted - ann.keys()
    if missing:
        fail(f"articles without annotation: {sorted(missing)}")

    out_lines = []
    total = Counter()
    for art in articles:
        text = art["content"]
        quotes = []
        for q in ann[art["id"]]["quotes"]:
            sub, occ = q["quote"], q.get("occurrence", 1)
            if q["kind"] not in KINDS:
                fail(f"{art['id']}: bad kind {q['kind']!r}")
            n = text.count(sub)
            if n == 0:
                fail(f"{art['id']}: quote not found: {sub[:80]!r}")
            if not 1 <= occ <= n:
                fail(f"{art['id']}: occurrence {occ} out of range (found {n}) for {sub[:80]!r}")
            if n > 1 and "occurrence" not in q:
                fail(f"{art['id']}: ambiguous quote occurs {n} times, give occurrence: {sub[:80]!r}")
            start = find_nth(text, sub, occ)
            end = start + len(sub)
            assert text[start:end] == sub
            g = {"start": start, "end": end, "kind": q["kind"], "speaker": q["speaker"],
                 "speaker_name": q["speaker_name"], "cue": q.get("cue", "")}
            if q.get("speaker_aliases"):
                g["speaker_aliases"] = q["speaker_aliases"]
            quotes.append(g)
        quotes.sort(key=lambda g: (g["start"], g["end"]))
        for a, b in zip(quotes, quotes[1:], strict=False):
            if b["start"] < a["end"]:
                print(f"WARNING {art['id']}: overlapping spans {a['start']}-{a['end']} and {b['start']}-{b['end']}")
        out_lines.append(json.dumps({"id": art["id"], "outlet": art["outlet"], "text": text,
                                     "quotes": quotes}, ensure_ascii=False))
        c = Counter(g["kind"] for g in quotes)
        total.update(c)
        print(f"{art['id']:24s} {art['outlet']:18s} direct={c['direct']:2d} partial={c['partial']:2d} "
              f"indirect={c['indirect']:2d}")

    OUT.write_text("\n".join(out_lines) + "\n", encoding="utf-8")

    # verification pass: re-read the written file and compare every span with the annotation
    for raw, art in zip(OUT.read_text(encoding="utf-8").splitlines(), articles, strict=True):
        g = json.loads(raw)
        if g["text"] != art["content"]:
            fail(f"{g['id']}: text differs from content")
        spans = sorted(g["text"][q["start"]:q["end"]] for q in g["quotes"])
        meant = sorted(q["quote"] for q in ann[g["id"]]["quotes"])
        if spans != meant:
            fail(f"{g['id']}: written spans differ from annotated quotes")
    print(f"TOTAL articles={len(articles)} quotes={sum(total.values())} direct={total['direct']} "
          f"partial={total['partial']} indirect={total['indirect']}")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
