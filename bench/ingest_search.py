"""Ingest throughput, peak memory, database size and search latency on CLICK-ID, in one run.

    .venv/bin/python bench/ingest_search.py [ARTICLES.jsonl] [--limit N] [--db PATH]

Ingests the articles through the same code as `claimtrack ingest` into a fresh database, then
times `search` (the library call behind the command) for queries made of words drawn from the
stored quotes. Reports articles per second, peak resident memory, bytes per 1,000 articles, and
search latency median and p95.
"""

from __future__ import annotations

import argparse
import itertools
import random
import resource
import statistics
import tempfile
import time
from pathlib import Path

from claimtrack import ingest, storage
from claimtrack.articles import iter_articles
from claimtrack.matching import incremental

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "clickid_news" / "articles.jsonl"


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def search_latency(db, queries: list[str]) -> tuple[float, float, float]:
    timings = []
    hits = 0
    for query in queries:
        started = time.perf_counter()
        hits += len(list(storage.search_quotes(db, query, limit=20)))
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1], hits / len(queries)


def sample_queries(db, count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    texts = [row["text"] for row in db.query("select text from quotes order by random() limit 2000")]
    words = [w for text in texts for w in text.split() if w.isalpha() and len(w) > 4]
    return [" ".join(rng.sample(words, rng.choice([1, 1, 2]))) for _ in range(count)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--search-only", action="store_true", help="only time search on an existing --db")
    args = parser.parse_args()
    db_path = args.db or Path(tempfile.mkdtemp()) / "bench.db"
    db = storage.open_database(db_path)
    if args.search_only:
        median, p95, hits = search_latency(db, sample_queries(db, args.queries))
        print(f"database: {db_path}: {db['quotes'].count:,} quotes, {db_path.stat().st_size / 1e6:.0f} MB")
        print(f"search latency over {args.queries} queries: median {median:.2f} ms, p95 {p95:.2f} ms "
              f"({hits:.1f} hits per query)")
        return
    started = time.perf_counter()
    report = ingest.ingest(itertools.islice(iter_articles([args.path]), args.limit), db, claims=False)
    articles, skipped = report.added + report.unchanged, len(report.skipped)
    ingest_seconds = time.perf_counter() - started
    started = time.perf_counter()
    claims = incremental.rebuild_claims(db)
    claims_seconds = time.perf_counter() - started
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = db_path.stat().st_size
    counts = storage.counts(db)
    median, p95, hits = search_latency(db, sample_queries(db, args.queries))
    print(f"database: {db_path}")
    print(f"articles ingested: {articles:,} (skipped {skipped}); quotes: {counts['quotes']:,}; "
          f"speakers: {counts['speakers']:,}; claims: {claims:,}")
    print(f"ingest: {ingest_seconds:.1f} s = {articles / ingest_seconds:.1f} articles/s "
          f"(extraction + storage, one process); claim matching: {claims_seconds:.1f} s")
    print(f"peak resident memory: {peak_rss_mib():.0f} MiB")
    print(f"database size: {size / 1e6:.1f} MB = {size / articles * 1000 / 1e6:.2f} MB per 1,000 articles")
    print(f"search latency over {args.queries} queries: median {median:.2f} ms, p95 {p95:.2f} ms "
          f"({hits:.1f} hits per query)")


if __name__ == "__main__":
    main()
