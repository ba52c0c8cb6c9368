#!/usr/bin/env python3
"""Propose cross-outlet statement pairs from clickid_news for a human to review.

It only proposes: every pair it prints was read by hand before anything went into
``work/annotations.jsonl``. Run from the repository root:

    .venv/bin/python gold/claims/find_candidates.py ../shared/data/clickid_news/articles.jsonl \
        > /tmp/claims-candidates.jsonl                      # one JSON line per proposed pair
    .venv/bin/python gold/claims/find_candidates.py ../shared/data/clickid_news/articles.jsonl --groups | less

The output quotes article text, so it is written outside the repository (the texts remain the
publishers' copyright); only the reviewed gold spans are kept.

How a pair is proposed
----------------------
1. Units. Each article gives two kinds of unit: quoted spans of 6+ words (text between quote
   marks), and "cue sentences", sentences holding a speech verb (``mengatakan``, ``menurut``,
   ``kata``, ...) that are candidates for indirect speech. Sentences are cut at ``.!?``; the
   ``,`` that joins paragraphs in this corpus is not used as a boundary.
2. Blocking on rare wording. Units are reduced to lower-case word 3-grams; a 3-gram is *rare*
   when at most ``--max-df`` articles contain it. Two units are compared only when they share
   at least one rare 3-gram, come from different outlets, and were published at most
   ``--days`` days apart. A shared rare 3-gram is what survives rewording best (names, numbers,
   a technical phrase) while keeping the pair count small.
3. Scoring. rapidfuzz ``token_set_ratio`` (shared core, extra words ignored) and ``ratio``
   (near-verbatim) on normalised words. A pair is printed when it shares ``--min-shared`` rare
   3-grams or reaches ``--min-score`` token_set_ratio with at least one. ``reworded_hint`` is
   true when ``ratio`` is below 80 or the two units are of different kinds (quote vs clause):
   those are the pairs worth reading for a reworded claim.
4. Groups (``--groups``): pairs that share a unit are joined with union-find into candidate
   statements (groups of more than ``MAX_GROUP_UNITS`` units are topic chains and are dropped),
   listed with the most outlets and the lowest pairwise ``ratio`` first, which puts
   the widely reported, reworded statements at the top of the review sheet.
5. Context for the reviewer: a speaker hint (capitalised words next to a cue after the unit) and
   the article's other quoted spans, which are where hard negatives (same speaker, other
   statement) are usually found.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from collections import defaultdict
from itertools import combinations

from rapidfuzz import fuzz

QUOTE = re.compile(r"[“”\"]([^“”\"]{20,800}?)[“”\"]")
SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+|$)")
WORD = re.compile(r"\w+(?:-\w+)*")
# Speech cues that introduce reported (indirect) speech; from ANNOTATION.md's examples plus the
# verbs the clickid-dev annotators counted.
CUE = re.compile(
    r"\b(mengatakan|menuturkan|mengungkapkan|menjelaskan|menegaskan|menyebut(?:kan)?|menurut|"
    r"kata|ujar|ucap|tutur|ungkap|jelas|tegas|papar|tambah|menambahkan|mengaku|menilai|"
    r"meminta|berharap|memastikan|membenarkan|menyatakan)\w*\b",
    re.IGNORECASE,
)
SPEAKER_AFTER = re.compile(
    r"^[\s,.]*(?:\w+nya\s+)?(?:kata|ujar|ucap|tutur|ungkap|jelas|tegas|papar|tambah)\w*\s+"
    r"((?:[A-Z][\w'.-]*\s?){1,4})"
)
MIN_QUOTE_WORDS = 6
# Union-find chains topics together (a bill's articles quoted everywhere); a real statement is
# rarely reported by more than a dozen units in ten days, so bigger groups are left out of review.
MAX_GROUP_UNITS = 12


def words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text)]


def trigrams(text: str) -> set[tuple[str, str, str]]:
    ws = words(text)
    return {tuple(ws[i : i + 3]) for i in range(len(ws) - 2)}


def units(article: dict) -> list[dict]:
    """Quoted spans and cue sentences of one article, with offsets into ``content``."""
    content = article["content"]
    found = []
    for m in QUOTE.finditer(content):
        if len(words(m.group(1))) >= MIN_QUOTE_WORDS:
            after = SPEAKER_AFTER.match(content[m.end() : m.end() + 80])
            found.append(
                {
                    "kind": "quote",
                    "start": m.start(1),
                    "end": m.end(1),
                    "speaker_hint": after.group(1).strip() if after else "",
                }
            )
    quoted = [(u["start"], u["end"]) for u in found]
    for m in SENTENCE.finditer(content):
        s, e = m.start(), m.end()
        if any(qs < e and s < qe for qs, qe in quoted):
            continue
        if CUE.search(m.group()) and len(words(m.group())) >= MIN_QUOTE_WORDS:
            found.append({"kind": "clause", "start": s, "end": e, "speaker_hint": ""})
    for u in found:
        u["text"] = content[u["start"] : u["end"]].strip(" ,")
    return found


def load(path: str) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def propose(articles: list[dict], *, days: int, max_df: int, min_shared: int, min_score: float):
    by_id = {a["id"]: a for a in articles}
    all_units = []  # (article_id, unit, trigrams)
    df: dict[tuple, int] = defaultdict(int)
    for a in articles:
        seen: set = set()
        for u in units(a):
            grams = trigrams(u["text"])
            all_units.append((a["id"], u, grams))
            seen |= grams
        for g in seen:
            df[g] += 1
    postings: dict[tuple, list[int]] = defaultdict(list)
    for k, (_, _, grams) in enumerate(all_units):
        for g in grams:
            if 2 <= df[g] <= max_df:
                postings[g].append(k)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for ks in postings.values():
        for i, j in combinations(ks, 2):
            shared[(i, j)] += 1
    dates = {a["id"]: dt.date.fromisoformat(a["date"]) for a in articles}
    for (i, j), n in shared.items():
        ida, ua, _ = all_units[i]
        idb, ub, _ = all_units[j]
        a, b = by_id[ida], by_id[idb]
        if a["outlet"] == b["outlet"] or abs((dates[ida] - dates[idb]).days) > days:
            continue
        if ua["kind"] == "clause" and ub["kind"] == "clause":
            continue  # two narrations sharing words are usually the same event, not the same speech
        na, nb = " ".join(words(ua["text"])), " ".join(words(ub["text"]))
        set_score = fuzz.token_set_ratio(na, nb)
        if n < min_shared and set_score < min_score:
            continue
        plain = fuzz.ratio(na, nb)
        yield {
            "score": round(n * 10 + set_score, 1),
            "shared_rare_trigrams": n,
            "token_set_ratio": round(set_score, 1),
            "ratio": round(plain, 1),
            "reworded_hint": plain < 80 or ua["kind"] != ub["kind"],
            "a": describe(a, ua),
            "b": describe(b, ub),
        }


def describe(article: dict, unit: dict) -> dict:
    return {
        "article_id": article["id"],
        "outlet": article["outlet"],
        "date": article["date"],
        "title": article["title"],
        "kind": unit["kind"],
        "start": unit["start"],
        "end": unit["end"],
        "text": unit["text"],
        "speaker_hint": unit["speaker_hint"],
    }


def group_pairs(pairs: list[dict]) -> list[list[dict]]:
    """Join pairs that share a unit (same article and offsets) into candidate statements."""
    parent: dict[tuple, tuple] = {}

    def root(key: tuple) -> tuple:
        parent.setdefault(key, key)
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    units_by_key: dict[tuple, dict] = {}
    lowest: dict[tuple, float] = defaultdict(lambda: 100.0)
    for p in pairs:
        ka, kb = ((p[s]["article_id"], p[s]["start"], p[s]["end"]) for s in ("a", "b"))
        units_by_key[ka], units_by_key[kb] = p["a"], p["b"]
        parent[root(ka)] = root(kb)
        for k in (ka, kb):
            lowest[k] = min(lowest[k], p["ratio"])
    groups: dict[tuple, list[tuple]] = defaultdict(list)
    for key in units_by_key:
        groups[root(key)].append(key)
    result = []
    for keys in groups.values():
        members = [dict(units_by_key[k], lowest_ratio=lowest[k]) for k in sorted(keys)]
        if len({m["outlet"] for m in members}) >= 2 and len(members) <= MAX_GROUP_UNITS:
            result.append(members)
    return sorted(result, key=lambda g: (-len({m["outlet"] for m in g}), min(m["lowest_ratio"] for m in g)))


def print_groups(pairs: list[dict]) -> None:
    for n, group in enumerate(group_pairs(pairs)):
        outlets = len({m["outlet"] for m in group})
        print(f"#### group {n} outlets={outlets} lowest_ratio={min(m['lowest_ratio'] for m in group)}")
        for u in group:
            print(
                f"  {u['outlet']} {u['date']} {u['article_id']} {u['kind']} {u['start']}-{u['end']}"
                f" spk={u['speaker_hint']!r} | {u['title'][:70]}\n     {u['text'][:240]}"
            )


def normalised(text: str) -> str:
    return " ".join(words(text))


def report_on_gold(pairs: list[dict], gold_path: str) -> None:
    """How much of a gold claim set these pairs would have proposed, and how reworded it is.

    A cross-outlet pair of members counts as proposed when some candidate pair overlaps both
    members' spans. ``min ratio`` is the lowest rapidfuzz ``ratio`` between two members of a claim
    from different outlets (normalised words): low means reworded.
    """
    by_articles: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for p in pairs:
        by_articles[(p["a"]["article_id"], p["b"]["article_id"])].append(p)
        by_articles[(p["b"]["article_id"], p["a"]["article_id"])].append(p)

    def overlaps(span: dict, unit: dict) -> bool:
        return span["start"] < unit["end"] and unit["start"] < span["end"]

    with open(gold_path, encoding="utf-8") as handle:
        claims = [json.loads(line) for line in handle if line.strip()]
    total = proposed = claims_proposed = 0
    lowest: dict[bool, list[float]] = defaultdict(list)
    for claim in claims:
        cross = [(a, b) for a, b in combinations(claim["members"], 2) if a["outlet"] != b["outlet"]]
        hits = sum(
            any(
                (overlaps(a, p["a"]) and overlaps(b, p["b"])) or (overlaps(a, p["b"]) and overlaps(b, p["a"]))
                for p in by_articles[(a["article_id"], b["article_id"])]
            )
            for a, b in cross
        )
        total, proposed, claims_proposed = total + len(cross), proposed + hits, claims_proposed + (hits > 0)
        lowest[claim["reworded"]].append(
            min(fuzz.ratio(normalised(a["text"]), normalised(b["text"])) for a, b in cross)
        )
    print(
        f"gold claims: {len(claims)}; cross-outlet member pairs proposed: {proposed}/{total}; "
        f"claims with at least one proposed pair: {claims_proposed}/{len(claims)}"
    )
    for reworded in (True, False):
        values = sorted(lowest[reworded])
        if values:
            print(
                f"reworded={reworded}: {len(values)} claims, min ratio between outlets "
                f"min {values[0]:.0f} median {values[len(values) // 2]:.0f} max {values[-1]:.0f}"
            )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("articles", help="clickid_news articles.jsonl")
    parser.add_argument("--days", type=int, default=3, help="max days between the two articles")
    parser.add_argument("--max-df", type=int, default=12, help="a 3-gram in at most this many articles is rare")
    parser.add_argument("--min-shared", type=int, default=3, help="rare 3-grams shared to propose a pair outright")
    parser.add_argument(
        "--min-score", type=float, default=70, help="token_set_ratio that proposes a pair sharing fewer"
    )
    parser.add_argument("--reworded-only", action="store_true", help="only pairs with reworded_hint")
    parser.add_argument("--text", action="store_true", help="print a readable review sheet instead of JSONL")
    parser.add_argument(
        "--groups", action="store_true", help="print candidate statements (pairs joined by shared units)"
    )
    parser.add_argument("--gold", help="instead of proposing, report how much of this claims.gold.jsonl is proposed")
    args = parser.parse_args(argv)
    articles = load(args.articles)
    pairs = sorted(
        propose(articles, days=args.days, max_df=args.max_df, min_shared=args.min_shared, min_score=args.min_score),
        key=lambda p: -p["score"],
    )
    if args.gold:
        report_on_gold(pairs, args.gold)
        return
    if args.groups:
        print_groups(pairs)
        print(f"{len(pairs)} candidate pairs", file=sys.stderr)
        return
    for p in pairs:
        if args.reworded_only and not p["reworded_hint"]:
            continue
        if args.text:
            print(
                f"== score {p['score']} shared {p['shared_rare_trigrams']} set {p['token_set_ratio']} "
                f"ratio {p['ratio']} reworded_hint {p['reworded_hint']}"
            )
            for side in ("a", "b"):
                u = p[side]
                print(
                    f"  [{u['outlet']} {u['date']} {u['article_id']} {u['kind']} {u['start']}-{u['end']}"
                    f" spk={u['speaker_hint']!r}] {u['title']}\n    {u['text'][:400]}"
                )
        else:
            print(json.dumps(p, ensure_ascii=False))
    print(f"{len(pairs)} candidate pairs", file=sys.stderr)


if __name__ == "__main__":
    main()
