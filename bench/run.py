"""The speed and size report: every row of the performance table, today's figure beside its limit.

    .venv/bin/python bench/run.py [--quick] [--quotes-db DB] [--articles ARTICLES.jsonl]
        [--only startup|pipeline|extraction|search|ingest ...]

Rows: start-up of `claimtrack --help` and of `search`, `said` and `show` on a small database
against a bare `python -c pass`; the pipeline load against building spaCy's tokenizer with every
exception (what loading cost before); extraction against a tokenizer-only pass over the same
texts, each article in a memory zone as ingest runs it; search over a generated quote database
against raw FTS5 on the same queries (bench/search.py); ingest with 2 workers (articles/s, the
CPU seconds of all processes an article, which a loaded machine does not inflate as it does the
wall time, database MB per 1,000 articles, peak resident memory of all processes); claim matching at 1M
quotes is named with its command and not run (about half an hour). Each timing is the median of
several runs in this one run, so that ratios hold on a shared machine. ``--quick`` (under 5
minutes) measures extraction and ingest on 300 articles and search on a 50,000-quote database
it generates, unless ``--quotes-db`` names one; without it, all 22k articles and the database
named (made by ``python bench/make_quotes_db.py DB``, 1M quotes by default). The table printed
is the one in the README, with the date, the machine and the commit. ``--only ROW ...`` measures
those rows alone (startup, pipeline, extraction, search, ingest).
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
DEFAULT_ARTICLES = ROOT.parent / "shared" / "data" / "clickid_news" / "articles.jsonl"
PYTHON = sys.executable
CLAIMTRACK = str(Path(PYTHON).with_name("claimtrack"))


def _wall(command: list[str], runs: int, env: dict | None = None) -> float:
    """Median wall seconds of ``command`` run ``runs`` times."""
    return _timed(command, runs, env)[0]


def _timed(command: list[str], runs: int, env: dict | None = None) -> tuple[float, float]:
    """Median wall seconds and median CPU seconds (user and system, which a loaded machine
    inflates less than the wall time) of ``command`` run ``runs`` times."""
    timings, cpu = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=env)
        timings.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return statistics.median(timings), statistics.median(cpu)


def _small_database(folder: Path) -> Path:
    from claimtrack import ingest, storage
    from claimtrack.articles import iter_articles

    path = folder / "small.db"
    db = storage.open_database(path)
    ingest.ingest(iter_articles([ROOT / "seeds"]), db)
    db.close()
    return path


def startup_rows(folder: Path, runs: int) -> list[tuple[str, str, str, str]]:
    database = _small_database(folder)
    env = {**os.environ, "CLAIMTRACK_DB": str(database), "COLUMNS": "120"}
    bare = _wall([PYTHON, "-c", "pass"], runs)
    help_, help_cpu = _timed([CLAIMTRACK, "--help"], runs, env)
    commands = [("search", ["search", "sanksi"]), ("said", ["said", "Shoigu"]), ("show", ["show", "1"])]
    reads = {name: _timed([CLAIMTRACK, *args], runs, env) for name, args in commands}
    read_text = ", ".join(f"`{name}` {seconds:.2f} s (CPU {cpu:.2f} s)" for name, (seconds, cpu) in reads.items())
    return [
        ("start-up: `claimtrack --help`", f"{help_:.2f} s (CPU {help_cpu:.2f} s)",
         f"`python -c pass` {bare:.3f} s; target <= 0.25 s", f"median of {runs}"),
        ("start-up: `search`, `said`, `show` on the seeds' database", read_text, "target <= 0.25 s",
         f"median of {runs} each"),
    ]


_LOAD = """
import json, sys, time
import spacy
from claimtrack.extracting.pipeline import load_pipeline
started = time.perf_counter()
nlp = load_pipeline()
loaded = time.perf_counter() - started
from spacy.tokenizer import Tokenizer
tokenizer = nlp.tokenizer
started = time.perf_counter()
Tokenizer(nlp.vocab, rules=tokenizer.rules, prefix_search=tokenizer.prefix_search,
          suffix_search=tokenizer.suffix_search, infix_finditer=tokenizer.infix_finditer,
          token_match=tokenizer.token_match, url_match=tokenizer.url_match)
print(json.dumps([loaded, time.perf_counter() - started]))
"""


def pipeline_row(runs: int) -> tuple[str, str, str, str]:
    loads, full = [], []
    for _ in range(runs):
        run = subprocess.run([PYTHON, "-c", _LOAD], check=True, capture_output=True, text=True)
        load, every = json.loads(run.stdout.splitlines()[-1])
        loads.append(load)
        full.append(every)
    return ("pipeline load (`load_pipeline()` in a fresh process, spaCy imported)",
            f"{statistics.median(loads):.2f} s",
            f"spaCy's tokenizer with all 15,963 exceptions: {statistics.median(full):.2f} s; target <= 0.5 s",
            f"median of {runs} processes")


def extraction_row(articles: Path, limit: int | None) -> tuple[str, str, str, str]:
    from extract_speed import load_texts, measure

    texts = load_texts(articles, limit)
    tokenize, extraction, _ = measure(texts, memory_zones=True)
    return (f"extraction vs a tokenizer-only `spacy.blank(\"id\")` pass, {len(texts):,} CLICK-ID articles, memory "
            "zones included", f"**{extraction / tokenize:.2f}x** ({len(texts) / extraction:.0f} vs "
            f"{len(texts) / tokenize:.0f} articles/s)", "target <= 2.0x", "same texts, interleaved blocks")


def search_rows(database: Path, queries: int, repeat: int) -> list[tuple[str, str, str, str]]:
    import search

    result = search.run(database, queries, repeat)

    def figures(timings: list[float]) -> str:
        ordered = sorted(timings)
        p95 = ordered[max(0, round(len(ordered) * 0.95) - 1)]
        return f"median {statistics.median(ordered):.1f} ms, p95 {p95:.1f} ms, worst {ordered[-1]:.0f} ms"

    rows = [(f"search, {result['quotes']:,} generated quotes, {queries} queries of six kinds",
             f"**{figures(result['ours'])}**", f"raw FTS5: {figures(result['raw'])}; target p95 <= 20 ms, "
             "worst <= 100 ms", f"median of {repeat} runs a query")]
    for kind, (ours, raw) in result["by_kind"].items():
        rows.append((f"  - {kind}", figures(ours), f"raw FTS5: {figures(raw)}", ""))
    return rows


def ingest_row(articles: Path, limit: int | None, workers: int = 2) -> tuple[str, str, str, str]:
    from memory import PeakSampler

    from claimtrack import ingest, storage
    from claimtrack.articles import iter_articles

    folder = Path(tempfile.mkdtemp())
    path = folder / "ingest.db"
    db = storage.open_database(path)
    sampler = PeakSampler()
    sampler.start()
    main_before, workers_before = _cpu_seconds()
    started = time.perf_counter()
    report = ingest.ingest(itertools.islice(iter_articles([articles]), limit), db, workers=workers)
    seconds = time.perf_counter() - started
    main_after, workers_after = _cpu_seconds()
    main_cpu, workers_cpu = main_after - main_before, workers_after - workers_before
    sampler.running = False
    sampler.sample()
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    stored = report.added + report.unchanged
    size = path.stat().st_size
    db.close()
    shutil.rmtree(folder)
    return (f"ingest of {stored:,} CLICK-ID articles, {workers} workers, claims included",
            f"{seconds:.0f} s ({stored / seconds:.1f} articles/s; CPU of all processes "
            f"{(main_cpu + workers_cpu) / stored * 1000:.0f} ms an article: reading, storing and claims "
            f"{main_cpu / stored * 1000:.0f} ms, the workers' extraction {workers_cpu / stored * 1000:.0f} ms); "
            f"database {size / stored * 1000 / 1e6:.1f} MB per 1,000 articles; peak "
            f"{sampler.peak / 2**20:.0f} MiB, all processes",
            "targets: 22k in <= 3 minutes (123 articles/s; 2 cores give at most 16 ms of CPU an article), <= 8 MB "
            "per 1,000 articles, <= 500 MiB", "one run; the CPU figure holds on a loaded machine, the seconds do not")


def _cpu_seconds() -> tuple[float, float]:
    """CPU seconds of this process and of the child processes it has waited for (the workers, once
    an ingest has ended)."""
    import resource

    return tuple(resource.getrusage(who).ru_utime + resource.getrusage(who).ru_stime
                 for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))


CLAIMS_ROW = ("claim matching, 1M generated quotes", "not measured in this run (half an hour or more a run; see the "
              "matching rows below)", "target <= 10 minutes, near-linear growth",
              "`python bench/matching.py --sizes 100000,1000000 --skip clickid,allpairs,engines`")


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor() or "unknown CPU")
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    return (f"{dt.date.today().isoformat()}, {os.cpu_count()} cores ({model}), load average {load} at the start, "
            f"Python {platform.python_version()}, commit {commit or 'unknown'}")


ROWS = ["startup", "pipeline", "extraction", "search", "ingest"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="300 articles and a 50,000-quote database: < 5 minutes")
    parser.add_argument("--quotes-db", type=Path, help="the search database (bench/make_quotes_db.py DB)")
    parser.add_argument("--articles", type=Path, default=DEFAULT_ARTICLES)
    parser.add_argument("--limit", type=int, help="extract and ingest only the first N articles (--quick: 300)")
    parser.add_argument("--only", nargs="+", choices=ROWS, default=ROWS, help="measure these rows alone")
    args = parser.parse_args()
    limit = args.limit or (300 if args.quick else None)
    print(f"# claimtrack speed and size: {machine()}", flush=True)
    folder = Path(tempfile.mkdtemp())
    rows = []
    if "startup" in args.only:
        rows += startup_rows(folder, 5)
    if "pipeline" in args.only:
        rows.append(pipeline_row(3))
    if "extraction" in args.only:
        rows.append(extraction_row(args.articles, limit))
    if "search" in args.only:
        quotes_db = args.quotes_db
        if quotes_db is None:
            quotes_db = folder / "quotes.db"
            size = 50_000 if args.quick else 1_000_000
            subprocess.run([PYTHON, str(BENCH / "make_quotes_db.py"), str(quotes_db), "--quotes", str(size),
                            "--from", str(args.articles)], check=True, capture_output=True)
        rows += search_rows(quotes_db, 200, 1 if args.quick else 3)
    if "ingest" in args.only:
        rows.append(ingest_row(args.articles, limit))
        rows.append(CLAIMS_ROW)
    shutil.rmtree(folder)
    _print_table(rows)


def _print_table(rows: list[tuple[str, str, str, str]]) -> None:
    print("\n| what | today | limit or target | how |\n|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
