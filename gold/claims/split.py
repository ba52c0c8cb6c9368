#!/usr/bin/env python3
"""Split the claims gold set into a tuning half and a held-out half (standard library only).

The rule, fixed before any matcher was run on the claims added in the second round (c061 on):

- c001-c060, the first round, have been read many times while claimtrack's matching was
  developed; they are all on the tuning side.
- The new claims are first joined into *clusters*: two claims belong to one cluster when a
  member or hard negative of one lies in the same article as a member or hard negative of the
  other (typically several statements of one press conference, each other's negatives). A
  cluster goes wholly to one side, so that no article's text, and no claim's negatives, are
  shared between the halves.
- A cluster that shares an article with a first-round claim goes to the tuning side (its
  article has already been read).
- The other clusters are taken in the order of ``sha256(<smallest claim id of the cluster>)``
  and put in the held-out half while every topic they touch stays within its quota (the
  held-out size times the topic's share of the eligible claims, largest remainders). If that
  leaves the held-out half short, the remaining clusters are added one at a time, each time the
  one that fits and exceeds the topic quotas least (ties: the same order); if no cluster fits
  the last places, one held-out cluster is exchanged for a larger unchosen one that makes the
  size exact, the exchange that exceeds the quotas least (ties: the same order). The half then
  has exactly ``HELDOUT_SIZE`` claims. Everything else is tuning.

``build.py`` recomputes the split on every run and fails if it differs from ``split.json``
(the file is the frozen record; ``build.py --resplit`` redraws it on purpose). Run on its own,
this script prints the halves by topic:

    python gold/claims/split.py
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
OLD_LAST = 60  # c001-c060: the first round, the tuning side
HELDOUT_SIZE = 85
# Topics as ranges of claim ids (first, last, topic); README.md's counts table lists the same.
TOPICS = [
    (1, 14, "sport"),
    (15, 24, "celebrity and entertainment"),
    (25, 33, "international"),
    (34, 50, "national politics and law"),
    (51, 57, "economy"),
    (58, 59, "Jakarta metro"),
    (60, 60, "economy"),
    (61, 75, "sport"),
    (76, 104, "celebrity and entertainment"),
    (105, 118, "international"),
    (119, 143, "national politics and law"),
    (144, 160, "economy"),
    (161, 169, "Jakarta metro"),
    (170, 180, "regional"),
]
RULE = (
    "c001-c060 (first round, read during development) are tuning. The claims from c061 on are "
    "joined into clusters of claims sharing an article (member or hard negative); clusters sharing "
    "an article with c001-c060 are tuning; the other clusters, in order of sha256(smallest claim id "
    f"in the cluster), go to the held-out half while each topic stays within its quota "
    f"({HELDOUT_SIZE} x the topic's share of the eligible claims, largest remainders); then the "
    f"clusters that fit and exceed the quotas least (ties: same order) fill the half, exchanging one "
    f"cluster for a larger one if none fits the last places, to exactly {HELDOUT_SIZE} claims. See split.py."
)


class SplitError(Exception):
    pass


def number(claim_id: str) -> int:
    return int(claim_id.lstrip("c"))


def topic_of(claim_id: str) -> str:
    n = number(claim_id)
    for first, last, topic in TOPICS:
        if first <= n <= last:
            return topic
    raise SplitError(f"{claim_id} is in no topic range of split.TOPICS; add it there (and to README.md)")


def _articles(claim: dict) -> set[str]:
    return {span["article_id"] for span in claim["members"] + claim["hard_negatives"]}


def clusters(claims: list[dict]) -> list[list[str]]:
    """Claims joined by shared articles (union-find), each cluster sorted, clusters sorted."""
    parent = {c["claim"]: c["claim"] for c in claims}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    by_article: dict[str, list[str]] = defaultdict(list)
    for claim in claims:
        for article in _articles(claim):
            by_article[article].append(claim["claim"])
    for ids in by_article.values():
        for other in ids[1:]:
            parent[root(other)] = root(ids[0])
    groups: dict[str, list[str]] = defaultdict(list)
    for claim in claims:
        groups[root(claim["claim"])].append(claim["claim"])
    return sorted((sorted(g, key=number) for g in groups.values()), key=lambda g: number(g[0]))


def quotas(eligible: list[str], size: int) -> dict[str, int]:
    counts = Counter(topic_of(c) for c in eligible)
    exact = {t: size * n / len(eligible) for t, n in counts.items()}
    quota = {t: int(v) for t, v in exact.items()}
    for t in sorted(exact, key=lambda t: (-(exact[t] - quota[t]), t))[: size - sum(quota.values())]:
        quota[t] += 1
    return quota


def make_split(claims: list[dict]) -> dict:
    """``claims``: gold claims (``claim``, ``members``, ``hard_negatives`` with ``article_id``)."""
    old = [c for c in claims if number(c["claim"]) <= OLD_LAST]
    new = [c for c in claims if number(c["claim"]) > OLD_LAST]
    for c in claims:
        topic_of(c["claim"])
    old_articles = set().union(*(_articles(c) for c in old)) if old else set()
    articles = {c["claim"]: _articles(c) for c in new}
    forced, free = [], []
    for group in clusters(new):
        (forced if any(articles[c] & old_articles for c in group) else free).append(group)
    free.sort(key=lambda g: hashlib.sha256(g[0].encode()).hexdigest())
    eligible = [c for g in free for c in g]
    if len(eligible) < HELDOUT_SIZE:
        raise SplitError(f"only {len(eligible)} new claims can be held out; {HELDOUT_SIZE} are needed")
    quota = quotas(eligible, HELDOUT_SIZE)
    held: list[str] = []
    taken: Counter = Counter()
    chosen = set()
    for i, group in enumerate(free):
        need = Counter(topic_of(c) for c in group)
        if len(held) + len(group) <= HELDOUT_SIZE and all(taken[t] + n <= quota[t] for t, n in need.items()):
            held += group
            taken += need
            chosen.add(i)
    while len(held) < HELDOUT_SIZE:  # fill up with the clusters that overshoot the quotas least
        room = HELDOUT_SIZE - len(held)
        options = []
        for i, group in enumerate(free):
            if i in chosen or len(group) > room:
                continue
            need = Counter(topic_of(c) for c in group)
            overshoot = sum(max(0, taken[t] + n - quota[t]) for t, n in need.items())
            options.append((overshoot, i))
        if not options:
            break
        _, i = min(options)
        held += free[i]
        taken += Counter(topic_of(c) for c in free[i])
        chosen.add(i)
    short = HELDOUT_SIZE - len(held)
    if short:  # no cluster fits the last places: exchange one held-out cluster for a larger one

        def overshoot(selected: set[int]) -> int:
            counts = Counter(topic_of(c) for i in selected for c in free[i])
            return sum(max(0, n - quota[t]) for t, n in counts.items())

        swaps = [
            (overshoot((chosen - {i}) | {j}), i, j)
            for i in sorted(chosen)
            for j in range(len(free))
            if j not in chosen and len(free[j]) - len(free[i]) == short
        ]
        if swaps:
            _, i, j = min(swaps)
            chosen = (chosen - {i}) | {j}
            held = [c for k in sorted(chosen) for c in free[k]]
    if len(held) != HELDOUT_SIZE:
        raise SplitError(f"the cluster sizes do not add up to {HELDOUT_SIZE} held-out claims (got {len(held)})")
    heldout = sorted(held, key=number)
    tune = sorted((c["claim"] for c in claims if c["claim"] not in set(held)), key=number)
    return {"tune": tune, "heldout": heldout, "rule": RULE}


def describe(split: dict) -> str:
    lines = [f"tune {len(split['tune'])} claims, held-out {len(split['heldout'])}"]
    for half in ("tune", "heldout"):
        counts = Counter(topic_of(c) for c in split[half])
        lines.append(f"  {half}: " + ", ".join(f"{t} {n}" for t, n in sorted(counts.items())))
    return "\n".join(lines)


def main() -> int:
    path = HERE / "claims.gold.jsonl"
    claims = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    print(describe(make_split(claims)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
