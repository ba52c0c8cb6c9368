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
- one passage is a member of two claims (member spans of different claims overlap);
- claim ids repeat, a claim id is in no topic range (``split.TOPICS``), or
  ``content[start:end] != text`` for any written span;
- the split into a tuning and a held-out half, recomputed by ``split.make_split``, differs from
  the frozen ``split.json`` (pass ``--resplit`` to redraw it on purpose).

Besides ``claims.gold.jsonl`` it writes ``split.json`` (when missing or with ``--resplit``),
``claims.tune.gold.jsonl`` and ``claims.heldout.gold.jsonl`` (the same lines, filtered by
half), and prints the set's counts.

Standard library only. Run from the repository root:

    python gold/claims/build.py                      # data at ../shared/data/clickid_news
    python gold/claims/build.py --articles PATH/articles.jsonl
    python gold/claims/build.py --resplit            # redraw split.json (only on purpose)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import Counter
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import split as splitting  # noqa: E402  (gold/claims/split.py, standard library only)

KINDS = {"direct", "partial", "indirect"}
MAX_DAYS = 3  # hard negatives come from the same news days as the claim

HERE = Path(__file__).resolve().parent
ANNOTATIONS = HERE / "work" / "annotations.jsonl"
OUT = HERE / "claims.gold.jsonl"
SPLIT = HERE / "split.json"
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
    members_of: dict[str, list[tuple[str, dict]]] = {}
    for claim in claims:
        for member in claim["members"]:
            members_of.setdefault(member["article_id"], []).append((claim["claim"], member))
    for article_id, spans in members_of.items():
        for (cid_a, a), (cid_b, b) in combinations(spans, 2):
            if cid_a != cid_b and a["start"] < b["end"] and b["start"] < a["end"]:
                raise BuildError(f"{cid_a} and {cid_b}: overlapping members in {article_id} ({a['text'][:50]!r})")


def split_halves(claims: list[dict], resplit: bool) -> dict:
    """The split recomputed by split.make_split, checked against (or written to) split.json."""
    try:
        split = splitting.make_split(claims)
    except splitting.SplitError as error:
        raise BuildError(f"split: {error}") from error
    if SPLIT.exists() and not resplit:
        frozen = json.loads(SPLIT.read_text(encoding="utf-8"))
        if (frozen["tune"], frozen["heldout"]) != (split["tune"], split["heldout"]):
            moved = sorted(set(frozen["heldout"]) ^ set(split["heldout"]), key=splitting.number)
            missing = sorted(set(split["tune"] + split["heldout"]) - set(frozen["tune"] + frozen["heldout"]))
            raise BuildError(
                f"the recomputed split differs from the frozen split.json (changed: {moved[:10]}, not in the "
                f"file: {missing[:10]}); the held-out half must not move once matching has been run on it. "
                "Pass --resplit only if you mean to redraw the halves, and say so in README.md."
            )
    else:
        SPLIT.write_text(
            "{\n" + ",\n".join(f' "{key}": {json.dumps(split[key])}' for key in ("tune", "heldout", "rule")) + "\n}\n",
            encoding="utf-8",
        )
    return split


def counts(claims: list[dict]) -> str:
    """The README's counts table, as text (members by kind and outlet, outlets per claim, ...)."""
    members = [m for c in claims for m in c["members"]]
    negatives = [n for c in claims for n in c["hard_negatives"]]
    per_claim = Counter(len({m["outlet"] for m in c["members"]}) for c in claims)
    mixed = sum(
        any(
            a["outlet"] != b["outlet"] and {a["kind"], b["kind"]} == {"direct", "indirect"}
            for a, b in combinations(c["members"], 2)
        )
        for c in claims
    )
    with_indirect = sum(any(m["kind"] == "indirect" for m in c["members"]) for c in claims)
    own = sum(
        any(n["article_id"] == m["article_id"] for m in c["members"]) for c in claims for n in c["hard_negatives"]
    )
    return "\n".join(
        [
            f"  claims {len(claims)} ({sum(c['reworded'] for c in claims)} reworded); members {len(members)} in "
            f"{len({m['article_id'] for m in members})} articles, {min(len(c['members']) for c in claims)}-"
            f"{max(len(c['members']) for c in claims)} per claim; "
            f"member kinds {dict(Counter(m['kind'] for m in members))}",
            "  members by outlet: "
            + ", ".join(f"{o} {n}" for o, n in Counter(m["outlet"] for m in members).most_common()),
            "  outlets per claim: " + ", ".join(f"{k}: {v}" for k, v in sorted(per_claim.items())),
            f"  claims with an indirect member {with_indirect}; with a direct member in one outlet and an "
            f"indirect one in another {mixed}",
            f"  hard negatives {len(negatives)} ({dict(Counter(n['kind'] for n in negatives))}); {own} of them in one "
            "of the claim's own member articles",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=Path, default=DEFAULT_ARTICLES, help="clickid_news articles.jsonl")
    parser.add_argument("--annotations", type=Path, default=ANNOTATIONS)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--resplit", action="store_true", help="redraw split.json instead of checking against it")
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
        split = split_halves(claims, args.resplit)
    except BuildError as error:
        sys.exit(f"ERROR: {error}")
    halves = {"tune": set(split["tune"]), "heldout": set(split["heldout"])}
    outputs = {args.out: claims}
    for half, ids in halves.items():
        outputs[args.out.with_name(f"claims.{half}.gold.jsonl")] = [c for c in claims if c["claim"] in ids]
    for path, selected in outputs.items():
        with path.open("w", encoding="utf-8") as handle:
            for claim in selected:
                handle.write(json.dumps(claim, ensure_ascii=False) + "\n")
    members = [m for c in claims for m in c["members"]]
    negatives = [n for c in claims for n in c["hard_negatives"]]
    print(
        f"wrote {args.out.name}: {len(claims)} claims ({sum(c['reworded'] for c in claims)} reworded), "
        f"{len(members)} members in {len({m['article_id'] for m in members})} articles from "
        f"{len({m['outlet'] for m in members})} outlets, {len(negatives)} hard negatives; "
        f"member kinds {dict(Counter(m['kind'] for m in members))}; all spans verified"
    )
    print(counts(claims))
    print(f"split ({SPLIT.name}): " + splitting.describe(split))
    for half in ("tune", "heldout"):
        print(f"{half} half:\n" + counts([c for c in claims if c["claim"] in halves[half]]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
