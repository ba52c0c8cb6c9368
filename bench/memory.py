"""Peak memory of a streaming ingest with claim matching: the corpus, then a stream ten times its
size, each in a fresh process.

    .venv/bin/python bench/memory.py [ARTICLES.jsonl] [--limit N] [--copies 10] [--workers 2] [--batch-size 64]
                                     [--no-claims] [--streams corpus copies]

Each stream is ingested into a fresh database by a child process of this script, as `claimtrack
ingest --workers N` does it: extract and store, and match the new quotes into claims every
`ingest.CLAIMS_UPDATE_EVERY` articles and at the end (``--no-claims``: extract and store only).
A child per stream means that one run's high-water mark cannot hide another's. The larger stream
repeats the same articles ``--copies`` times, each copy with a line appended to its text, its own
URL and its dates moved on by ``COPY_DAYS`` (as an archive grows: later news, not the same days
ten times over), so every copy is a new article; it is generated lazily from the file, never held
in memory. Memory is reported three ways: the peak of the summed resident memory of the ingesting
process and all its worker processes (sampled every 0.2 s with psutil), also while claims are
being matched; the peak of the ingesting process alone and of the largest worker (``getrusage``
SELF and CHILDREN); the summed resident memory at each tenth of the stream, and the ingesting
process's and the largest worker's at the same points (which of them grows); and the peak of each
claims update. The first update of a stream is a rebuild (every quote at once), the later ones
incremental (new quotes ``incremental.CLAIM_CHUNK_QUOTES`` at a time, with their stored candidates):
compare the peaks of updates of one kind, since a stream of ``CLAIMS_UPDATE_EVERY`` articles or
fewer has a rebuild only. When memory is bounded by the batch size, the larger stream peaks where
the smaller one does, and its incremental updates peak alike from the first to the last.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from claimtrack import ingest, storage
from claimtrack.articles import Article, InputError, read_jsonl
from claimtrack.parallel import DEFAULT_BATCH_SIZE

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "clickid_news" / "articles.jsonl"
MIB = 1024 * 1024
SAMPLE_SECONDS = 0.2
# Days each copy's dates move on: more than CLICK-ID's span (March to October 2019), so that copies
# are later news rather than the same days again.
COPY_DAYS = 240


def corpus(path: Path, limit: int | None) -> Iterator[Article | InputError]:
    return itertools.islice(read_jsonl(path), limit)


def later(published: str | None, days: int) -> str | None:
    return (dt.date.fromisoformat(published) + dt.timedelta(days=days)).isoformat() if published else None


def copies(path: Path, limit: int | None, count: int) -> Iterator[Article | InputError]:
    """The corpus ``count`` times over, each later copy a new article: one more line, its own URL,
    later dates."""
    yield from corpus(path, limit)
    for copy in range(1, count):
        for item in corpus(path, limit):
            if isinstance(item, InputError):
                yield item
            else:
                yield replace(item, text=f"{item.text}\n\n(Salinan {copy})", source=f"{item.source}#salinan-{copy}",
                              url=f"{item.url}#salinan-{copy}" if item.url else None,
                              published=later(item.published, copy * COPY_DAYS))


def resident() -> tuple[int, list[int]]:
    """The resident memory of this process and of each of its worker processes."""
    import psutil

    me = psutil.Process()
    children = []
    for child in me.children(recursive=True):
        try:
            children.append(child.memory_info().rss)
        except psutil.NoSuchProcess:
            pass
    return me.memory_info().rss, children


def total_rss() -> int:
    own, children = resident()
    return own + sum(children)


class PeakSampler(threading.Thread):
    """The peak of the summed resident memory, overall, while ``matching`` is set, and since
    ``since_reset`` was last set to 0 (one claims update's)."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak = self.matching_peak = self.since_reset = 0
        self.matching = False
        self.running = True

    def sample(self) -> None:
        rss = total_rss()
        self.peak = max(self.peak, rss)
        self.since_reset = max(self.since_reset, rss)
        if self.matching:
            self.matching_peak = max(self.matching_peak, rss)

    def run(self) -> None:
        while self.running:
            self.sample()
            time.sleep(SAMPLE_SECONDS)


def progress(line: str) -> None:
    """A line on stderr as a long stream goes, so that a stream stopped early still tells its story."""
    print(f"[{time.strftime('%H:%M:%S')}] {line}", file=sys.stderr, flush=True)


def measure(stream: str, path: Path, limit: int | None, count: int, workers: int, batch_size: int,
            claims: bool = True) -> dict:
    """Ingest one stream in this process, as `claimtrack ingest` does; what `main` runs in a child."""
    expected = (limit or sum(1 for _ in path.open("rb"))) * (count if stream == "copies" else 1)
    sources = copies(path, limit, count) if stream == "copies" else corpus(path, limit)
    db_path = Path(tempfile.mkdtemp(prefix="claimtrack-memory-")) / "memory.db"
    db = storage.open_database(db_path)
    sampler = PeakSampler()
    sampler.start()
    started = time.perf_counter()
    checkpoints, own_checkpoints, worker_checkpoints, seen, added, matching_seconds = [], [], [], 0, 0, 0.0
    rebuild_peaks, update_peaks = [], []  # each claims update's peak: a rebuild's, an incremental one's

    class Sampling(ingest.Watcher):
        """Memory at every tenth of the stream, and the peak of each claims update."""

        def item(self, item, result) -> None:
            nonlocal seen, added
            added += bool(result and result.created)
            seen += 1
            if seen % max(1, expected // 10) == 0:
                own, children = resident()
                checkpoints.append(round((own + sum(children)) / MIB))
                own_checkpoints.append(round(own / MIB))
                worker_checkpoints.append(round(max(children, default=0) / MIB))
                progress(f"{seen:,} of {expected:,} articles, {time.perf_counter() - started:.0f} s: all processes "
                         f"{checkpoints[-1]} MiB, ingesting {own_checkpoints[-1]} MiB, largest worker "
                         f"{worker_checkpoints[-1]} MiB, peak so far {round(sampler.peak / MIB)} MiB")

        def claims_starting(self, added_so_far: int) -> None:
            sampler.sample()
            sampler.since_reset, sampler.matching, self.began = 0, True, time.perf_counter()

        def claims_done(self, update) -> None:
            nonlocal matching_seconds
            sampler.sample()
            sampler.matching, matching_seconds = False, matching_seconds + time.perf_counter() - self.began
            if update.new_units or update.rebuilt:
                (rebuild_peaks if update.rebuilt else update_peaks).append(round(sampler.since_reset / MIB))
                progress(f"claims update {'rebuild' if update.rebuilt else 'incremental'} after {added:,} articles: "
                         f"peak {round(sampler.since_reset / MIB)} MiB")

    ingest.ingest(sources, db, workers=workers, batch_size=batch_size, claims=claims, watcher=Sampling())
    seconds = time.perf_counter() - started
    sampler.running = False
    sampler.join()
    counts = storage.counts(db)
    database_mib = db_path.stat().st_size / MIB
    db.close()
    shutil.rmtree(db_path.parent)  # gigabytes for a long stream, of no use once measured
    return {
        "stream": stream, "articles": seen, "seconds": seconds, "peak_total_mib": sampler.peak / MIB,
        "peak_matching_mib": sampler.matching_peak / MIB, "matching_seconds": matching_seconds,
        "quotes": counts["quotes"], "claims": counts["claims"],
        "peak_self_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "peak_child_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "checkpoints_mib": checkpoints, "own_checkpoints_mib": own_checkpoints,
        "worker_checkpoints_mib": worker_checkpoints, "database_mib": database_mib,
        "rebuild_peaks_mib": rebuild_peaks, "update_peaks_mib": update_peaks,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--limit", type=int, default=None, help="Articles read from the file (default: all).")
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)
    parser.add_argument("--no-claims", dest="claims", action="store_false", help="extract and store only")
    parser.add_argument("--streams", nargs="+", choices=["corpus", "copies"], default=["corpus", "copies"],
                        help="The streams measured (default: both; the copies stream takes --copies times as long).")
    parser.add_argument("--stream", choices=["corpus", "copies"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stream:
        print(json.dumps(measure(args.stream, args.path, args.limit, args.copies, args.workers, args.batch_size,
                                 args.claims)))
        return
    claims = f"claims matched every {ingest.CLAIMS_UPDATE_EVERY:,} articles" if args.claims else "no claims"
    print(f"{args.path.name}, limit {args.limit or 'none'}, {args.workers} workers, batch size {args.batch_size}, "
          f"{claims}")
    for stream in args.streams:
        command = [sys.executable, __file__, str(args.path), "--stream", stream, "--copies", str(args.copies),
                   "--workers", str(args.workers), "--batch-size", str(args.batch_size)]
        if args.limit:
            command += ["--limit", str(args.limit)]
        if not args.claims:
            command.append("--no-claims")
        # stderr passes through: the child's progress lines show while a long stream runs
        result = json.loads(subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True).stdout)
        name = "corpus" if stream == "corpus" else f"corpus x{args.copies}"
        print(f"{name:12} {result['articles']:>8,} articles {result['seconds']:8.1f} s  "
              f"peak RSS: all processes {result['peak_total_mib']:6.0f} MiB, ingesting process "
              f"{result['peak_self_mib']:5.0f} MiB, largest worker {result['peak_child_mib']:5.0f} MiB; "
              f"database {result['database_mib']:.0f} MiB")
        if args.claims:
            print(f"{'':12} {result['quotes']:,} quotes, {result['claims']:,} claims; matching "
                  f"{result['matching_seconds']:.1f} s, peak RSS while matching {result['peak_matching_mib']:.0f} MiB")
            print(f"{'':12} peak RSS of each claims update (MiB): rebuild {result['rebuild_peaks_mib']}, "
                  f"incremental {result['update_peaks_mib']}")
        print(f"{'':12} all processes at each tenth of the stream (MiB): {result['checkpoints_mib']}")
        print(f"{'':12} of which the ingesting process: {result['own_checkpoints_mib']}, the largest worker: "
              f"{result['worker_checkpoints_mib']}", flush=True)


if __name__ == "__main__":
    main()
