#!/usr/bin/env python3
"""Build gold/claims/claims.gold.jsonl from the hand annotations in work/annotations.jsonl.

Each annotation line is one claim (one statement reported by several outlets) whose members and
hard negatives are recorded as exact substrings of the article ``content`` plus an
``occurrence`` (1-based: which match, when the substring repeats in the article). This step
locates every substring in clickid_news, adds outlet, date and character offsets, and checks the
set before writing it. It fails loudly, naming the claim and span, when:

- an article id is unknown, a substring is not found, or the occurrence is out of range;
- a kind is not one of direct / partial / indirect (ANNOTATION.md);
- a claim has fewer than two members or its members come from a single outlet;
- a hard negative overlaps a member of its own claim, or lies more than ``MAX_DAYS`` days
  from every member's publication date;
- claim ids repeat, or ``content[start:end] != text`` for any written span.

Standard library only. Run from the repository root:

    python gold/claims/build.py                      # data at ../shared/data/clickid_news
    python gold/claims/build.py --articles PATH/articles.jsonl
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import Counter
from pathlib import Path

KINDS = {"direct", "partial", "indirect"}
MAX_DAYS = 3  # hard negatives come from the same news days as the claim

HERE = Path(__file__).resolve().parent
ANNOTATIONS = HERE / "work" / "annotations.jsonl"
OUT = HERE / "claims.gold.jsonl"
DEFAULT_ARTICLES = HERE.parents[2] / "shared" / "data" / "clickid_news" / "articles.jsonl"


class BuildError(Exception):
    """An annotation that cannot be turned into a gold span; the message says which and why."""


def find_nth(text: str, sub: str, n: int) -> int:
    pos = -1
    for _ in range(n):
        pos = text.find(sub, pos + 1)
        if pos < 0:
            return -1
    return pos


def locate(claim_id: str, role: str, ann: dict, articles: dict[str, dict]) -> dict:
    where = f"{claim_id} {role} in {ann.get('article_id')!r}"
    article = articles.get(ann["article_id"])
    if article is None:
        raise BuildError(f"{where}: unknown article id; check it against articles.jsonl")
    if ann["kind"] not in KINDS:
        raise BuildError(f"{where}: kind {ann['kind']!r} is not one of {sorted(KINDS)}")
    text, occurrence = ann["text"], int(ann.get("occurrence", 1))
    if not text:
        raise BuildError(f"{where}: empty text")
    content = article["content"]
    start = find_nth(content, text, occurrence)
    if start < 0:
        found = content.count(text)
        raise BuildError(
            f"{where}: {text[:60]!r} occurrence {occurrence} not found (the substring occurs {found} times); "
            "copy it again from the article content (look for NBSP and doubled spaces)"
        )
    return {
        "article_id": article["id"],
        "outlet": article["outlet"],
        "date": article["date"],
        "start": start,
        "end": start + len(text),
        "text": text,
        "kind": ann["kind"],
    }


def build_claim(ann: dict, articles: dict[str, dict]) -> dict:
    cid = ann["claim"]
    members = [locate(cid, f"member {i}", m, articles) for i, m in enumerate(ann["members"], 1)]
    negatives = [locate(cid, f"hard negative {i}", n, articles) for i, n in enumerate(ann["hard_negatives"], 1)]
    if len(members) < 2 or len({m["outlet"] for m in members}) < 2:
        raise BuildError(f"{cid}: needs at least two members from two different outlets")
    if not negatives:
        raise BuildError(f"{cid}: has no hard negative")
    member_dates = [dt.date.fromisoformat(m["date"]) for m in members]
    for i, neg in enumerate(negatives, 1):
        for m in members:
            if m["article_id"] == neg["article_id"] and m["start"] < neg["end"] and neg["start"] < m["end"]:
                raise BuildError(f"{cid} hard negative {i}: overlaps a member in {m['article_id']}")
        gap = min(abs((dt.date.fromisoformat(neg["date"]) - d).days) for d in member_dates)
        if gap > MAX_DAYS:
            raise BuildError(f"{cid} hard negative {i}: {gap} days from the nearest member (max {MAX_DAYS})")
    return {
        "claim": cid,
        "speaker_name": ann["speaker_name"],
        "description": ann["description"],
        "reworded": bool(ann["reworded"]),
        "members": members,
        "hard_negatives": negatives,
    }


def verify(claims: list[dict], articles: dict[str, dict]) -> None:
    for claim in claims:
        for span in claim["members"] + claim["hard_negatives"]:
            content = articles[span["article_id"]]["content"]
            if content[span["start"] : span["end"]] != span["text"]:
                raise BuildError(f"{claim['claim']}: content[{span['start']}:{span['end']}] differs from text")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=Path, default=DEFAULT_ARTICLES, help="clickid_news articles.jsonl")
    parser.add_argument("--annotations", type=Path, default=ANNOTATIONS)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    if not args.articles.exists():
        sys.exit(f"ERROR: {args.articles} not found; pass --articles PATH/TO/clickid_news/articles.jsonl")
    with args.articles.open(encoding="utf-8") as handle:
        articles = {a["id"]: a for a in map(json.loads, handle)}
    annotations = [
        json.loads(line) for line in args.annotations.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    try:
        ids = Counter(a["claim"] for a in annotations)
        repeated = [cid for cid, n in ids.items() if n > 1]
        if repeated:
            raise BuildError(f"claim ids used more than once: {repeated}")
        claims = [build_claim(a, articles) for a in annotations]
        verify(claims, articles)
    except BuildError as error:
        sys.exit(f"ERROR: {error}")
    with args.out.open("w", encoding="utf-8") as handle:
        for claim in claims:
            handle.write(json.dumps(claim, ensure_ascii=False) + "\n")
    members = [m for c in claims for m in c["members"]]
    negatives = [n for c in claims for n in c["hard_negatives"]]
    print(
        f"wrote {args.out.name}: {len(claims)} claims ({sum(c['reworded'] for c in claims)} reworded), "
        f"{len(members)} members in {len({m['article_id'] for m in members})} articles from "
        f"{len({m['outlet'] for m in members})} outlets, {len(negatives)} hard negatives; "
        f"member kinds {dict(Counter(m['kind'] for m in members))}; all spans verified"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
