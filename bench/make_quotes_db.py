"""Generate a database of N quotes (default 1,000,000) for search and matching benchmarks.

    .venv/bin/python bench/make_quotes_db.py OUT.db [--quotes N] [--from ARTICLES.jsonl]

Quotes are real CLICK-ID sentences (so word frequencies are Indonesian news frequencies),
shuffled into synthetic articles of 10 quotes by 5,000 synthetic speakers over 60 days and 9
outlets, written through claimtrack's schema (migrations, FTS triggers, stems) in bulk.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import time
from pathlib import Path

from claimtrack import storage
from claimtrack.stemming import stems

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "clickid_news" / "articles.jsonl"
PER_ARTICLE = 10


def sentences(path: Path, limit: int = 200_000) -> list[str]:
    found = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            for sentence in re.split(r"(?<=[.!?])\s+|,(?=[A-Z“\"])", json.loads(line)["content"]):
                if 6 <= len(sentence.split()) <= 40:
                    found.append(sentence.strip())
            if len(found) >= limit:
                break
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--quotes", type=int, default=1_000_000)
    parser.add_argument("--from", dest="source", type=Path, default=DEFAULT)
    args = parser.parse_args()
    rng = random.Random(1)
    pool = sentences(args.source)
    db = storage.open_database(args.out)
    outlets = [db["outlets"].lookup({"name": f"Outlet {i}"}) for i in range(9)]
    speakers = [db["speakers"].insert({"name": f"Pembicara {i}", "type": "person", "identity_key": f"p{i}"}).last_pk
                for i in range(5000)]
    start_day = dt.date(2019, 9, 1)
    started = time.perf_counter()
    batch = PER_ARTICLE * 1000
    for first in range(0, args.quotes, batch):
        last = min(args.quotes, first + batch)
        with db.atomic():
            for article_number in range(first // PER_ARTICLE, last // PER_ARTICLE):
                chosen = rng.sample(pool, PER_ARTICLE)
                text = " ".join(f"“{s},” kata Pembicara." for s in chosen)
                article_id = db["articles"].insert({
                    "key": f"gen-{article_number}", "identity": f"gen-{article_number}", "version": 1,
                    "outlet_id": rng.choice(outlets), "source": f"gen-{article_number}",
                    "published": (start_day + dt.timedelta(days=rng.randrange(60))).isoformat(), "text": text,
                }).last_pk
                offset, rows = 0, []
                for sentence in chosen:
                    start = text.index(sentence, offset)
                    offset = start + len(sentence)
                    speaker = rng.choice(speakers)
                    rows.append({"key": f"gen-{article_number}-{start}", "article_id": article_id,
                                 "speaker_id": speaker, "start": start, "end": offset, "text": sentence,
                                 "stems": stems(sentence),
                                 "kind": "direct", "cue": "kata", "speaker_name": f"Pembicara {speaker}",
                                 "method": "generated", "confidence": 1.0})
                db["quotes"].insert_all(rows)
        print(f"{last:,} quotes, {time.perf_counter() - started:.0f} s", flush=True)


if __name__ == "__main__":
    main()
