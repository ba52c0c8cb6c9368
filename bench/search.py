"""Search latency on a large quote database, next to raw FTS5 on the same queries.

    .venv/bin/python bench/search.py DB [--queries 200] [--repeat 3]

DB is made by bench/make_quotes_db.py (1,000,000 quotes by default). The queries are a realistic
mix drawn from the words of the stored quotes (fts5vocab) with a fixed seed, in six kinds: one
common word, a common word with a `--speaker` filter, a word whose stem widens it (its stem is
in more quotes than the word), two words, rare words, and speaker names. Each query runs through
``storage.search_quotes`` on the database opened as `claimtrack search` opens it
(``storage.open_for_reading``, 50 rows) and as raw FTS5 with the same page settings (``MATCH`` of
the same words as plain terms, ``ORDER BY rank LIMIT 50``); each is timed ``--repeat`` times and
its median kept. Prints the median, p95 and worst per kind and over all queries.
"""

from __future__ import annotations

import argparse
import random
import re
import sqlite3
import statistics
import time
from pathlib import Path

from claimtrack import storage
from claimtrack.stemming import stem

KINDS = ("common word", "common word + speaker", "stem widens a rare word", "two words", "rare words",
         "speaker name")


def _vocabulary(conn: sqlite3.Connection) -> list[tuple[str, int]]:
    """The words of the quotes' text with the number of quotes that have each (speaker names aside:
    the generated ones put `Pembicara` in every quote, which no one searches as a common word)."""
    conn.execute("create virtual table if not exists temp.quote_terms using fts5vocab(main, 'quotes_fts', 'col')")
    return [(term, doc) for term, doc in conn.execute("select term, doc from temp.quote_terms where col = 'text'")
            if term.isalpha() and len(term) > 1]


def make_queries(path: Path, count: int, seed: int = 11) -> list[tuple[str, str, str | None]]:
    """``(kind, query, speaker filter or None)``, ``count`` of them spread over the kinds."""
    conn = sqlite3.connect(path)
    rng = random.Random(seed)
    words = _vocabulary(conn)
    by_frequency = sorted(words, key=lambda pair: -pair[1])
    frequency = dict(words)
    common = [term for term, _ in by_frequency[:40]]
    middle = [term for term, doc in words if 200 <= doc <= 20_000]
    rare = [term for term, doc in words if 1 <= doc <= 20 and len(term) > 3]
    widening = [term for term, doc in words if doc <= 200 and len(term) > 5
                and stem(term) != term and frequency.get(stem(term), 0) > 2 * doc]
    speakers = [name for (name,) in conn.execute("select distinct speaker_name from quotes "
                                                   "where speaker_name is not null limit 5000")]
    conn.close()
    per_kind = count // len(KINDS)
    queries = []
    for kind in KINDS:
        for _ in range(per_kind if kind != KINDS[-1] else count - per_kind * (len(KINDS) - 1)):
            if kind == "common word":
                queries.append((kind, rng.choice(common), None))
            elif kind == "common word + speaker":
                queries.append((kind, rng.choice(common), rng.choice(speakers)))
            elif kind == "stem widens a rare word":
                queries.append((kind, rng.choice(widening), None))
            elif kind == "two words":
                queries.append((kind, f"{rng.choice(middle)} {rng.choice(middle)}", None))
            elif kind == "rare words":
                queries.append((kind, " ".join(rng.sample(rare, rng.choice((1, 2)))), None))
            else:
                queries.append((kind, rng.choice(speakers), None))
    return queries


def _timed(run, repeat: int) -> tuple[float, int]:
    timings, found = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        found = run()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), found


def _summary(timings: list[float]) -> str:
    ordered = sorted(timings)
    p95 = ordered[max(0, round(len(ordered) * 0.95) - 1)]
    return f"median {statistics.median(ordered):7.2f} ms  p95 {p95:7.2f} ms  worst {ordered[-1]:7.2f} ms"


def run(path: Path, count: int = 200, repeat: int = 3, *, verbose: bool = False) -> dict:
    """Time every query; returns ``{"ours": [...], "raw": [...], "by_kind": {kind: (ours, raw)}}``."""
    queries = make_queries(path, count)
    db = storage.open_for_reading(path)
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA mmap_size = {storage.schema.READ_MMAP_BYTES}")  # the page settings claimtrack reads with
    raw.execute(f"PRAGMA cache_size = -{storage.schema.READ_CACHE_KIB}")
    ours_all, raw_all, by_kind = [], [], {kind: ([], []) for kind in KINDS}
    for kind, query, speaker in queries:
        filters = storage.QuoteFilter(speaker=speaker)
        plain = " AND ".join(f'"{word}"' for word in re.findall(r"\w+", query))
        ours, hits = _timed(lambda q=query, f=filters: len(list(storage.search_quotes(db, q, f, limit=50))), repeat)
        theirs, _ = _timed(lambda p=plain: len(raw.execute("select rowid from quotes_fts where quotes_fts match ? "
                                                           "order by rank limit 50", [p]).fetchall()), repeat)
        ours_all.append(ours)
        raw_all.append(theirs)
        by_kind[kind][0].append(ours)
        by_kind[kind][1].append(theirs)
        if verbose:
            print(f"{ours:8.2f} ms  raw {theirs:7.2f} ms  {hits:3} hits  {kind}: {query!r} {speaker or ''}")
    return {"ours": ours_all, "raw": raw_all, "by_kind": by_kind, "quotes": _count(raw)}


def _count(conn: sqlite3.Connection) -> int:
    return conn.execute("select max(id) from quotes").fetchone()[0] or 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--verbose", action="store_true", help="print every query's time")
    args = parser.parse_args()
    result = run(args.db, args.queries, args.repeat, verbose=args.verbose)
    print(f"{args.db}: {result['quotes']:,} quotes, {args.queries} queries, median of {args.repeat} runs each")
    for kind, (ours, raw) in result["by_kind"].items():
        print(f"  {kind:26} search {_summary(ours)}   raw FTS5 {_summary(raw)}")
    print(f"  {'all':26} search {_summary(result['ours'])}   raw FTS5 {_summary(result['raw'])}")


if __name__ == "__main__":
    main()
