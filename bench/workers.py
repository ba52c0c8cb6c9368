"""Ingest speed with 1 worker, N local worker processes, a Dask LocalCluster and a separate Dask cluster, in one run.

    .venv/bin/python bench/workers.py [ARTICLES.jsonl] [--limit 2000] [--workers 2] [--batch-size 64]

Needs dask.distributed (`pip install 'claimtrack[dask]'`). Every engine ingests the same first
``--limit`` CLICK-ID articles into a fresh database through `claimtrack.parallel.extract_stream`
and the single writer (`claimtrack.ingest`, claims not matched), as `claimtrack ingest --workers/--scheduler` does.
Seconds include loading the pipeline in every worker (about as long as extracting a few hundred
articles), so small ``--limit`` runs understate what workers gain; "start-up" is the time to the
first stored article. The separate cluster is a `dask scheduler` and `dask worker --nworkers N
--nthreads 1` started here as child processes on 127.0.0.1, the way a real cluster runs. Cluster
start-up is not timed; pipeline loading on its workers is. At the end the quotes tables are
compared row by row on (article key, start, end, kind, speaker_name) and must be identical.
"""

from __future__ import annotations

import argparse
import itertools
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from claimtrack import ingest, storage
from claimtrack.articles import read_jsonl
from claimtrack.parallel import DEFAULT_BATCH_SIZE

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "clickid_news" / "articles.jsonl"
LOOPBACK = "127.0.0.1"


def timed_ingest(path: Path, limit: int, db_path: Path, **engine) -> tuple[float, float, int]:
    """Seconds in all, seconds to the first stored article, and articles stored (claims are not matched)."""
    db = storage.open_database(db_path)
    started = time.perf_counter()

    class FirstStored(ingest.Watcher):
        first: float | None = None

        def item(self, item, result) -> None:
            if result is not None and self.first is None:
                self.first = time.perf_counter() - started

    watcher = FirstStored()
    report = ingest.ingest(itertools.islice(read_jsonl(path), limit), db, claims=False, watcher=watcher, **engine)
    return time.perf_counter() - started, watcher.first or 0.0, report.added + report.unchanged


def quote_rows(db_path: Path) -> list[tuple]:
    db = storage.open_database(db_path)
    return [tuple(row.values()) for row in db.query(
        'select articles.key, quotes.start, quotes."end", quotes.kind, quotes.speaker_name from quotes '
        "join articles on articles.id = quotes.article_id order by quotes.id")]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


@contextmanager
def no_cluster():
    yield None


@contextmanager
def local_cluster(workers: int):
    from distributed import LocalCluster

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host=LOOPBACK,
                      dashboard_address=None) as cluster:
        yield cluster.scheduler_address


@contextmanager
def separate_cluster(workers: int, logs: Path):
    """`dask scheduler` and `dask worker` as child processes on loopback, stopped afterwards."""
    from distributed import Client

    dask = shutil.which("dask", path=str(Path(sys.executable).parent)) or "dask"
    address = f"tcp://{LOOPBACK}:{free_port()}"
    started = []
    try:
        with (logs / "scheduler.log").open("w") as log:
            started.append(subprocess.Popen(
                [dask, "scheduler", "--host", LOOPBACK, "--port", address.rsplit(":", 1)[1], "--no-dashboard"],
                stdout=log, stderr=subprocess.STDOUT))
        with (logs / "workers.log").open("w") as log:
            started.append(subprocess.Popen(
                [dask, "worker", address, "--host", LOOPBACK, "--nworkers", str(workers), "--nthreads", "1",
                 "--no-dashboard", "--memory-limit", "0", "--local-directory", str(logs)],
                stdout=log, stderr=subprocess.STDOUT))
        with Client(address, timeout="60s", set_as_default=False) as client:
            client.wait_for_workers(workers, timeout=120)
        yield address
    finally:
        for process in reversed(started):
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--limit", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="claimtrack-bench-"))
    n = args.workers
    engines = [
        ("1 worker (this process)", no_cluster, {}),
        (f"{n} worker processes", no_cluster, {"workers": n}),
        (f"Dask LocalCluster, {n} processes", lambda: local_cluster(n), None),
        (f"dask scheduler + {n} dask workers", lambda: separate_cluster(n, folder), None),
    ]
    results = []
    print(f"{args.limit} articles from {args.path.name}, batch size {args.batch_size}; databases in {folder}")
    for number, (name, cluster, engine) in enumerate(engines):
        db_path = folder / f"engine{number}.db"
        with cluster() as scheduler:
            options = engine if engine is not None else {"scheduler": scheduler}
            seconds, first, stored = timed_ingest(args.path, args.limit, db_path, batch_size=args.batch_size, **options)
        results.append((name, seconds, first, stored, db_path))
        print(f"  done: {name}", flush=True)
    baseline = results[0][1]
    print(f"\n{'engine':36} {'seconds':>8} {'articles/s':>10} {'speed-up':>8} {'start-up s':>10}")
    for name, seconds, first, stored, _ in results:
        print(f"{name:36} {seconds:8.1f} {stored / seconds:10.1f} {baseline / seconds:7.2f}x {first:10.1f}")
    reference = quote_rows(results[0][4])
    for name, *_, db_path in results[1:]:
        rows = quote_rows(db_path)
        verdict = "identical" if rows == reference else "DIFFERENT"
        print(f"quotes table, {name}: {len(rows)} rows, {verdict} to 1 worker's ({len(reference)} rows)")
        if rows != reference:
            sys.exit(1)


if __name__ == "__main__":
    main()
