#!/usr/bin/env python3
"""Build gold/clickid-dev/part-b.gold.jsonl from the hand annotations of part-b.

Reads gold/clickid-dev/selected.jsonl (lines 27..53, 0-based) and
gold/clickid-dev/work/part-b.annotations.jsonl, locates each annotated quote
substring (the `occurrence`-th occurrence in the article's `content`) and writes
the gold file in the format of ANNOTATION.md.  Fails loudly on any problem.
Standard library only.
"""
import json
import sys
from collections import Counter
from pathlib import Path

PART = "part-b"
FIRST, LAST = 27, 53  # 0-based inclusive line numbers of selected.jsonl
HERE = Path(__file__).resolve().parent
DEV = HERE.parent
SELECTED = DEV / "selected.jsonl"
ANNOT = HERE / f"{PART}.annotations.jsonl"
OUT = DEV / f"{PART}.gold.jsonl"
KINDS = ("direct", "partial", "indirect")
OPEN_MARKS = "\"“”‘’'"


def die(msg):
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
    articles = [json.loads(lines[i]) for i in range(FIRST, LAST + 1)]
    ann = {}
    for n, line in enumerate(ANNOT.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        a = json.loads(line)
        if a["id"] in ann:
            die(f"{ANNOT.name}:{n}: duplicate id {a['id']}")
        ann[a["id"]] = a
    want = [d["id"] for d in articles]
    missing = [i for i in want if i not in ann]
    extra = [i for i in ann if i not in want]
    if missing or extra:
        die(f"annotation ids do not match lines {FIRST}..{LAST}: missing={missing} extra={extra}")

    out_rows, totals, warnings = [], Counter(), []
    for d in articles:
        text = d["content"]
        quotes = []
        for k, q in enumerate(ann[d["id"]]["quotes"]):
            sub, occ = q["quote"], int(q.get("occurrence", 1))
            if not sub:
                die(f"{d['id']} quote {k}: empty quote")
            if q["kind"] not in KINDS:
                die(f"{d['id']} quote {k}: bad kind {q['kind']!r}")
            count = text.count(sub)
            if count == 0:
                die(f"{d['id']} quote {k}: substring not found: {sub[:80]!r}")
            if not 1 <= occ <= count:
                die(f"{d['id']} quote {k}: occurrence {occ} out of range (found {count}x): {sub[:80]!r}")
            start = find_nth(text, sub, occ)
            end = start + len(sub)
            assert text[start:end] == sub
            for f in ("speaker", "speaker_name", "cue"):
                if f not in q:
                    die(f"{d['id']} quote {k}: missing field {f}")
            if not q["speaker_name"]:
                die(f"{d['id']} quote {k}: empty speaker_name")
            if q["kind"] in ("direct", "partial"):
                before = text[:start].rstrip()[-1:]
                if before not in OPEN_MARKS:
                    warnings.append(f"{d['id']} quote {k} ({q['kind']}): no quote mark before span: "
                                    f"{text[max(0, start - 15):start]!r}")
            row = {"start": start, "end": end, "kind": q["kind"], "speaker": q["speaker"],
                   "speaker_name": q["speaker_name"], "cue": q["cue"]}
            if q.get("speaker_aliases"):
                row["speaker_aliases"] = list(q["speaker_aliases"])
            quotes.append(row)
        quotes.sort(key=lambda r: (r["start"], r["end"]))
        for a, b in zip(quotes, quotes[1:], strict=False):
            if b["start"] < a["end"]:
                warnings.append(f"{d['id']}: overlapping spans {a['start']}-{a['end']} and {b['start']}-{b['end']}")
        out_rows.append({"id": d["id"], "outlet": d["outlet"], "text": text, "quotes": quotes})
        c = Counter(r["kind"] for r in quotes)
        totals.update(c)
        print(f"{d['id']:24s} {d['outlet']:20s} direct={c['direct']:2d} partial={c['partial']:2d} "
              f"indirect={c['indirect']:2d} total={len(quotes):2d}")

    with OUT.open("w", encoding="utf-8") as f:
        for r in out_rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"\n{len(out_rows)} articles, {sum(totals.values())} quotes: "
          + ", ".join(f"{k}={totals[k]}" for k in KINDS))
    print(f"wrote {OUT}")
    for w in warnings:
        print("WARNING:", w)


if __name__ == "__main__":
    main()
