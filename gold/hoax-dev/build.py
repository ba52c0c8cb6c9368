#!/usr/bin/env python3
"""Build the hoax-dev gold files from the hand annotations. Standard library only.

Reads ``gold/hoax-dev/selected.jsonl`` (written by ``select.py``), ``gold/hoax-dev/split.json``
and ``gold/hoax-dev/work/annotations.jsonl`` (one line per article: id, notes, quotes; each
quote is its exact substring ``text`` plus ``occurrence``, 1-based, and kind / speaker /
speaker_name / speaker_aliases / cue; an optional ``marks`` says "lost" or "one" when the quote
marks were lost upstream; an optional article-level ``outlet``/``url`` corrects the
position-matched link after the text was read). It locates every substring, failing loudly when
a quote is missing, its occurrence is out of range, it occurs more than once and the annotation
does not pin it (``"of": N`` = how many times it occurs), spans overlap, or an article is missing,
duplicated or unexpected; it writes

    gold/hoax-dev/hoax-dev.gold.jsonl   all 48 articles
    gold/hoax-dev/tune.gold.jsonl       the tune half of split.json
    gold/hoax-dev/heldout.gold.jsonl    the held-out half

in the format of docs/ANNOTATION.md (``{"id", "outlet", "topic_id", "text", "quotes": [{"start",
"end", "kind", "speaker", "speaker_name", "speaker_aliases", "cue"}]}``), re-reads them and
checks that every ``text[start:end]`` is the annotated substring, then prints the counts.
Run from the repository root:

    python gold/hoax-dev/build.py

Another set laid out like this one (``selected.jsonl``, ``split.json``, ``work/annotations.jsonl``)
is built with the same checks by naming its directory, its whole file and its halves:

    python gold/hoax-dev/build.py gold/hoax-dev2 hoax-dev2.gold.jsonl dev
    python gold/hoax-dev/build.py gold/clickid-dev2 clickid-dev2.gold.jsonl dev
"""

import json
import sys
from collections import Counter
from pathlib import Path

KINDS = ("direct", "partial", "indirect")
MARKS = {"lost", "one"}
HALVES = ("tune", "heldout")
QUOTE_KEYS = ("start", "end", "kind", "speaker", "speaker_name", "speaker_aliases", "cue")
# Reserved for an outside evaluation (the same list as in select.py): must never appear here.
RESERVED = frozenset(f"hoax600-{n:03d}" for n in (
    5, 36, 41, 60, 85, 88, 91, 108, 123, 131, 161, 177, 193, 203, 218, 241, 243, 272, 278, 286,
    293, 304, 318, 334, 372, 385, 393, 401, 404, 432, 439, 469, 490, 498, 500, 504, 516, 540,
    545, 560, 573, 578))

HERE = Path(__file__).resolve().parent
SELECTED = HERE / "selected.jsonl"
SPLIT = HERE / "split.json"
ANNOTATIONS = HERE / "work" / "annotations.jsonl"
OUT_ALL = HERE / "hoax-dev.gold.jsonl"


def fail(message: str) -> None:
    sys.exit(f"ERROR: {message}")


def occurrences(text: str, sub: str) -> list[int]:
    """Start offsets of every (possibly overlapping) occurrence of sub in text."""
    found, position = [], text.find(sub)
    while position >= 0:
        found.append(position)
        position = text.find(sub, position + 1)
    return found


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_inputs() -> tuple[list[dict], dict[str, dict], dict[str, str]]:
    articles = read_jsonl(SELECTED)
    ids = [a["id"] for a in articles]
    if len(set(ids)) != len(ids):
        fail("duplicate ids in selected.jsonl")
    if RESERVED & set(ids):
        fail(f"reserved ids in selected.jsonl: {sorted(RESERVED & set(ids))}")

    split = json.loads(SPLIT.read_text(encoding="utf-8"))
    half: dict[str, str] = {}
    for name in HALVES:
        for article_id in split[name]:
            if article_id in half:
                fail(f"{article_id} is in both halves of split.json")
            half[article_id] = name
    if set(half) != set(ids):
        fail("split.json and selected.jsonl list different articles")
    for article in articles:
        if article.get("split") and article["split"] != half[article["id"]]:
            fail(f"{article['id']}: split.json and selected.jsonl disagree")

    annotations: dict[str, dict] = {}
    for number, record in enumerate(read_jsonl(ANNOTATIONS), 1):
        if record["id"] in annotations:
            fail(f"duplicate annotation for {record['id']} (line {number})")
        if record["id"] not in half:
            fail(f"annotation for {record['id']} is not a selected article")
        annotations[record["id"]] = record
    missing = set(ids) - set(annotations)
    if missing:
        fail(f"articles without annotation: {sorted(missing)}")
    return articles, annotations, half


def locate(article_id: str, text: str, quote: dict) -> tuple[int, int]:
    sub = quote["text"]
    if not sub or sub != sub.strip():
        fail(f"{article_id}: quote substring is empty or has outer spaces: {sub[:80]!r}")
    starts = occurrences(text, sub)
    occurrence = quote.get("occurrence", 1)
    if not starts:
        fail(f"{article_id}: quote not found: {sub[:80]!r}")
    if not 1 <= occurrence <= len(starts):
        fail(f"{article_id}: occurrence {occurrence} out of range (found {len(starts)}) for {sub[:80]!r}")
    if len(starts) > 1 and quote.get("of") != len(starts):
        fail(f"{article_id}: ambiguous quote occurs {len(starts)} times; pin it with "
             f"\"occurrence\" and \"of\": {len(starts)}: {sub[:80]!r}")
    start = starts[occurrence - 1]
    return start, start + len(sub)


def build_article(article: dict, annotation: dict) -> dict:
    article_id, text = article["id"], article["text"]
    quotes = []
    for quote in annotation["quotes"]:
        if quote["kind"] not in KINDS:
            fail(f"{article_id}: bad kind {quote['kind']!r}")
        if quote.get("marks") not in (None, *MARKS):
            fail(f"{article_id}: bad marks {quote['marks']!r}")
        for key in ("speaker", "speaker_name", "cue"):
            if not isinstance(quote.get(key), str):
                fail(f"{article_id}: {key} must be a string in {quote['text'][:60]!r}")
        if not quote["speaker_name"]:
            fail(f"{article_id}: empty speaker_name in {quote['text'][:60]!r}")
        aliases = quote.get("speaker_aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a for a in aliases):
            fail(f"{article_id}: speaker_aliases must be a list of names")
        start, end = locate(article_id, text, quote)
        quotes.append({"start": start, "end": end, "kind": quote["kind"], "speaker": quote["speaker"],
                       "speaker_name": quote["speaker_name"], "speaker_aliases": aliases,
                       "cue": quote["cue"]})
    quotes.sort(key=lambda q: (q["start"], q["end"]))
    for a, b in zip(quotes, quotes[1:], strict=False):
        if b["start"] < a["end"]:
            fail(f"{article_id}: overlapping spans {a['start']}-{a['end']} and {b['start']}-{b['end']}")
    outlet = annotation.get("outlet") or article.get("domain") or article.get("outlet")
    if not outlet:
        fail(f"{article_id}: no outlet")
    record = {"id": article_id, "outlet": outlet, "topic_id": article.get("topic_id"), "text": text, "quotes": quotes}
    return {key: value for key, value in record.items() if value is not None}


def write(path: Path, records: list[dict]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")


def verify(path: Path, articles: dict[str, dict], annotations: dict[str, dict], expected: list[str]) -> None:
    """Re-read a written gold file and compare every span with the annotated substrings."""
    records = read_jsonl(path)
    if [r["id"] for r in records] != expected:
        fail(f"{path.name}: unexpected article list")
    for record in records:
        if record["text"] != articles[record["id"]]["text"]:
            fail(f"{path.name}: {record['id']}: text differs from selected.jsonl")
        if any(tuple(q) != QUOTE_KEYS for q in record["quotes"]):
            fail(f"{path.name}: {record['id']}: unexpected quote keys")
        spans = sorted(record["text"][q["start"]:q["end"]] for q in record["quotes"])
        meant = sorted(q["text"] for q in annotations[record["id"]]["quotes"])
        if spans != meant:
            fail(f"{path.name}: {record['id']}: written spans differ from the annotated quotes")


def build_in(directory: Path, out_all: str, halves: tuple[str, ...]) -> None:
    """Build another gold set laid out like this one (``selected.jsonl``, ``split.json``,
    ``work/annotations.jsonl`` in ``directory``) with the same checks: hoax-dev2, clickid-dev2."""
    global HERE, SELECTED, SPLIT, ANNOTATIONS, OUT_ALL, HALVES
    HERE, SELECTED, SPLIT = directory, directory / "selected.jsonl", directory / "split.json"
    ANNOTATIONS, OUT_ALL, HALVES = directory / "work" / "annotations.jsonl", directory / out_all, halves
    main()


def main() -> None:
    articles, annotations, half = load_inputs()
    by_id = {a["id"]: a for a in articles}
    gold = [build_article(a, annotations[a["id"]]) for a in articles]
    write(OUT_ALL, gold)
    verify(OUT_ALL, by_id, annotations, [g["id"] for g in gold])
    for name in HALVES:
        path = HERE / f"{name}.gold.jsonl"
        records = [g for g in gold if half[g["id"]] == name]
        write(path, records)
        verify(path, by_id, annotations, [g["id"] for g in records])

    # counts
    def kinds(counter: Counter) -> str:
        return " ".join(f"{k}={counter[k]}" for k in KINDS)

    print(f"{'id':12s} {'topic':>5s} {'half':7s} {'outlet':30s} quotes")
    for g in gold:
        c = Counter(q["kind"] for q in g["quotes"])
        print(f"{g['id']:12s} {g.get('topic_id', 0):5d} {half[g['id']]:7s} {g['outlet'][:30]:30s} "
              f"{len(g['quotes']):2d}  {kinds(c)}")
    print()
    for scope in ("all", *HALVES):
        chosen = [g for g in gold if scope == "all" or half[g["id"]] == scope]
        quotes = [q for g in chosen for q in g["quotes"]]
        notes = [q for g in chosen for q in annotations[g["id"]]["quotes"]]
        wraps = sum("\n" in g["text"][q["start"]:q["end"]] for g in chosen for q in g["quotes"])
        lost = Counter(q["kind"] for q in notes if q.get("marks") == "lost")
        one = Counter(q["kind"] for q in notes if q.get("marks") == "one")
        topics = Counter(g.get("topic_id", 0) for g in chosen)
        print(f"{scope:8s} articles={len(chosen)} (per topic: "
              f"{' '.join(f'{t}:{topics[t]}' for t in sorted(topics))}) quotes={len(quotes)} "
              f"{kinds(Counter(q['kind'] for q in quotes))} | spans with a wrap={wraps} "
              f"marks lost={sum(lost.values())} ({kinds(lost)}) one mark={sum(one.values())} ({kinds(one)})")
    print(f"wrote {OUT_ALL.name}, " + ", ".join(f"{name}.gold.jsonl" for name in HALVES))


if __name__ == "__main__":
    if len(sys.argv) > 3:  # another set laid out like this one: DIR OUT_NAME HALF...
        build_in(Path(sys.argv[1]).resolve(), sys.argv[2], tuple(sys.argv[3:]))
    else:
        main()
