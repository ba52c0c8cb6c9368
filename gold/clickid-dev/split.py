#!/usr/bin/env python3
"""Split clickid-dev into a tuning half and a held-out half: 3 articles per outlet in each.

Deterministic: within each outlet the articles are sorted by id and shuffled with a fixed seed;
the first 3 go to ``tune``, the other 3 to ``heldout``. Writes ``split.json`` and the two
filtered gold files ``tune.gold.jsonl`` and ``heldout.gold.jsonl`` (the lines of
``clickid-dev.gold.jsonl`` unchanged, in their original order). ``clickid-dev.gold.jsonl`` itself
is only read. Standard library only. Run from the repository root:

    python gold/clickid-dev/split.py
"""

import json
import random
import sys
from collections import defaultdict
from pathlib import Path

SEED = 20261104
PER_OUTLET = 6
TUNE_PER_OUTLET = 3

HERE = Path(__file__).resolve().parent
GOLD = HERE / "clickid-dev.gold.jsonl"


def main() -> None:
    lines = [line for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    records = [json.loads(line) for line in lines]
    by_outlet: dict[str, list[str]] = defaultdict(list)
    for record in records:
        by_outlet[record["outlet"]].append(record["id"])
    for outlet, ids in by_outlet.items():
        if len(ids) != PER_OUTLET:
            sys.exit(f"ERROR: outlet {outlet} has {len(ids)} articles, expected {PER_OUTLET}")

    rng = random.Random(SEED)
    half = {}
    for outlet in sorted(by_outlet):
        ids = sorted(by_outlet[outlet])
        rng.shuffle(ids)
        for index, article_id in enumerate(ids):
            half[article_id] = "tune" if index < TUNE_PER_OUTLET else "heldout"

    split = {name: [r["id"] for r in records if half[r["id"]] == name] for name in ("tune", "heldout")}
    (HERE / "split.json").write_text(json.dumps(split, indent=1) + "\n", encoding="utf-8")
    for name in ("tune", "heldout"):
        chosen = [line for line, record in zip(lines, records, strict=True) if half[record["id"]] == name]
        (HERE / f"{name}.gold.jsonl").write_text("\n".join(chosen) + "\n", encoding="utf-8")
        quotes = [q for r in records if half[r["id"]] == name for q in r["quotes"]]
        kinds = {k: sum(q["kind"] == k for q in quotes) for k in ("direct", "partial", "indirect")}
        print(f"{name:8s} articles={len(chosen)} quotes={len(quotes)} "
              + " ".join(f"{k}={v}" for k, v in kinds.items()))
    for outlet in sorted(by_outlet):
        tune = sorted(i for i in by_outlet[outlet] if half[i] == "tune")
        print(f"  {outlet:20s} tune: {' '.join(tune)}")


if __name__ == "__main__":
    main()
