"""Peak memory of a streaming ingest: the corpus, then a stream ten times its size, each in a fresh process.

    .venv/bin/python bench/memory.py [ARTICLES.jsonl] [--limit N] [--copies 10] [--workers 2] [--batch-size 64]

Each stream is ingested (extract + store, as `claimtrack ingest --workers N` does; claims are not
rebuilt) into a fresh database by a child process of this script, so one run's high-water mark
cannot hide another's. The larger stream repeats the same articles ``--copies`` times, each copy
with a line appended to its text and its own URL so every copy is a new article; it is generated
lazily from the file, never held in memory. Memory is reported three ways: the peak of the summed
resident memory of the ingesting process and all its worker processes (sampled every 0.2 s with
psutil), the peak of the ingesting process alone and of the largest worker (``getrusage`` SELF and
CHILDREN), and the summed resident memory at each tenth of the stream. When memory is bounded by
the batch size, the larger stream peaks where the smaller one does.
"""

from __future__ import annotations

import argparse
import itertools
import json
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from claimtrack import storage
from claimtrack.articles import Article, InputError, read_jsonl
from claimtrack.extracting import EXTRACTOR_VERSION
from claimtrack.parallel import DEFAULT_BATCH_SIZE, extract_stream

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "clickid_news" / "articles.jsonl"
MIB = 1024 * 1024
SAMPLE_SECONDS = 0.2


def corpus(path: Path, limit: int | None) -> Iterator[Article | InputError]:
    return itertools.islice(read_jsonl(path), limit)


def copies(path: Path, limit: int | None, count: int) -> Iterator[Article | InputError]:
    """The corpus ``count`` times over, each later copy a new article: one more line, its own URL."""
    yield from corpus(path, limit)
    for copy in range(1, count):
        for item in corpus(path, limit):
            if isinstance(item, InputError):
                yield item
            else:
                yield replace(item, text=f"{item.text}\n\n(Salinan {copy})", source=f"{item.source}#salinan-{copy}",
                              url=f"{item.url}#salinan-{copy}" if item.url else None)


def total_rss() -> int:
    import psutil

    me = psutil.Process()
    total = me.memory_info().rss
    for child in me.children(recursive=True):
        try:
            total += child.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total


class PeakSampler(threading.Thread):
    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak = 0
        self.running = True

    def run(self) -> None:
        while self.running:
            self.peak = max(self.peak, total_rss())
            time.sleep(SAMPLE_SECONDS)


def measure(stream: str, path: Path, limit: int | None, count: int, workers: int, batch_size: int) -> dict:
    """Ingest one stream in this process; what `main` runs in a child."""
    expected = (limit or sum(1 for _ in path.open("rb"))) * (count if stream == "copies" else 1)
    sources = copies(path, limit, count) if stream == "copies" else corpus(path, limit)
    db_path = Path(tempfile.mkdtemp(prefix="claimtrack-memory-")) / "memory.db"
    db = storage.open_database(db_path)
    sampler = PeakSampler()
    sampler.start()
    started = time.perf_counter()
    checkpoints, seen = [], 0
    for item in extract_stream(sources, workers=workers, batch_size=batch_size):
        if not isinstance(item, InputError):
            storage.store_article(db, *item, EXTRACTOR_VERSION)
        seen += 1
        if seen % max(1, expected // 10) == 0:
            checkpoints.append(round(total_rss() / MIB))
    seconds = time.perf_counter() - started
    sampler.running = False
    sampler.join()
    return {
        "stream": stream, "articles": seen, "seconds": seconds, "peak_total_mib": sampler.peak / MIB,
        "peak_self_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "peak_child_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "checkpoints_mib": checkpoints, "database_mib": db_path.stat().st_size / MIB,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--limit", type=int, default=None, help="Articles read from the file (default: all).")
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)
    parser.add_argument("--stream", choices=["corpus", "copies"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stream:
        print(json.dumps(measure(args.stream, args.path, args.limit, args.copies, args.workers, args.batch_size)))
        return
    print(f"{args.path.name}, limit {args.limit or 'none'}, {args.workers} workers, batch size {args.batch_size}")
    for stream in ("corpus", "copies"):
        command = [sys.executable, __file__, str(args.path), "--stream", stream, "--copies", str(args.copies),
                   "--workers", str(args.workers), "--batch-size", str(args.batch_size)]
        if args.limit:
            command += ["--limit", str(args.limit)]
        result = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
        name = "corpus" if stream == "corpus" else f"corpus x{args.copies}"
        print(f"{name:12} {result['articles']:>8,} articles {result['seconds']:8.1f} s  "
              f"peak RSS: all processes {result['peak_total_mib']:6.0f} MiB, ingesting process "
              f"{result['peak_self_mib']:5.0f} MiB, largest worker {result['peak_child_mib']:5.0f} MiB; "
              f"database {result['database_mib']:.0f} MiB")
        print(f"{'':12} all processes at each tenth of the stream (MiB): {result['checkpoints_mib']}", flush=True)


if __name__ == "__main__":
    main()
