#!/usr/bin/env python3
"""Draw claims at random for the coherence audit: does each claim hold one statement?

From a claimtrack database (all 22k CLICK-ID articles, claims as `claimtrack match --rebuild`
left them), draws ``--count`` claims reported by two or more outlets, uniformly at random with a
fixed seed, and writes each with its statement and every member (outlet, date, kind, probability,
wording) to ``sample.jsonl`` beside this script, for a person to read and judge. The judgements
are kept in ``judgements.jsonl`` (one line per drawn claim: ``{"draw", "claim", "verdict":
"one statement" | "several statements", "note"}``); ``--score`` counts them:

    .venv/bin/claimtrack ingest ../shared/data/clickid_news/articles.jsonl --db clickid.db
    .venv/bin/claimtrack match --rebuild --db clickid.db
    .venv/bin/python gold/claims/audit/draw.py --db clickid.db          # writes sample.jsonl
    .venv/bin/python gold/claims/audit/draw.py --score                  # counts judgements.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter
from pathlib import Path

from claimtrack import storage

HERE = Path(__file__).resolve().parent
SAMPLE = HERE / "sample.jsonl"
JUDGEMENTS = HERE / "judgements.jsonl"
SEED = 22
VERDICTS = ("one statement", "several statements")


def draw(db_path: Path, count: int, seed: int) -> list[dict]:
    """``count`` claims of two or more outlets, drawn at random (``seed``) in claim-id order."""
    db = storage.open_database(db_path)
    ids = [row["id"] for row in db.query("select id from claims where outlets >= 2 order by id")]
    drawn = sorted(random.Random(seed).sample(ids, min(count, len(ids))))
    sample = []
    for number, claim_id in enumerate(drawn, 1):
        claim = storage.get_claim(db, claim_id)
        sample.append({
            "draw": number, "claim": claim_id, "speaker_name": claim["speaker_name"], "statement": claim["statement"],
            "outlets": claim["outlets"],
            "members": [{"outlet": m["outlet"], "date": m["date"], "kind": m["kind"], "source": m["source"],
                         "start": m["start"], "end": m["end"], "probability": m["probability"],
                         "canonical": m["canonical"], "speaker_name": m["speaker_name"], "text": m["text"]}
                        for m in claim["members"]],
        })
    return sample


def score(judgements: Path) -> Counter:
    verdicts = Counter()
    for line in judgements.read_text(encoding="utf-8").splitlines():
        if line.strip():
            verdict = json.loads(line)["verdict"]
            if verdict not in VERDICTS:
                raise SystemExit(f"{judgements}: unknown verdict {verdict!r}; use one of {VERDICTS}")
            verdicts[verdict] += 1
    return verdicts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="database of all CLICK-ID articles, claims rebuilt")
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--output", type=Path, default=SAMPLE)
    parser.add_argument("--score", action="store_true", help="count the verdicts of judgements.jsonl")
    parser.add_argument("--judgements", type=Path, default=JUDGEMENTS, help="with --score, the judgements to count")
    args = parser.parse_args()
    if args.score:
        verdicts = score(args.judgements)
        total = sum(verdicts.values())
        print(f"{verdicts['one statement']} of {total} claims hold one statement; "
              f"{verdicts['several statements']} hold several")
        return
    if args.db is None:
        parser.error("give --db (a database of the CLICK-ID articles), or --score")
    sample = draw(args.db, args.count, args.seed)
    with args.output.open("w", encoding="utf-8") as out:
        for claim in sample:
            out.write(json.dumps(claim, ensure_ascii=False) + "\n")
    print(f"wrote {len(sample)} claims to {args.output}")


if __name__ == "__main__":
    main()
