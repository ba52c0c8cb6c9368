"""The parallel engines: worker processes or a Dask cluster do the spaCy work (and, through
:mod:`claimtrack.matching.engines`, score claim candidates); one writer stores it all.

:func:`extract_stream` turns a stream of articles (what :func:`claimtrack.articles.iter_articles`
yields) into a stream of ``(article, quotes)`` pairs, with each :class:`InputError` passed through
where it was read and an :class:`ArticleFailure` in place of an article the extractor failed on.
Whatever runs the extraction, results come back **in input order**, so the single writer
(:func:`claimtrack.ingest.store_article`) assigns the same ids in the same order and the database
ends identical to a single-process run.

Three engines, one batching scheme:

- ``workers=1`` (default): extraction in this process, no batching, nothing to start.
- ``workers=N``: N worker processes on this machine (``spawn``, so safe next to threads), each
  loading the pipeline once in its initializer.
- ``scheduler="tcp://host:8786"``: the workers of a running Dask cluster, each loading the pipeline
  once in a worker plugin (:class:`PipelinePlugin`). Needs ``pip install 'claimtrack[dask]'``,
  and the same claimtrack on every worker.

Every batch comes back with a fingerprint of the code that extracted it (:func:`code_fingerprint`);
one that differs from this process's stops the ingest with :class:`ParallelError` instead of
storing quotes another extractor found (a worker with another claimtrack installed, or files of
an editable install edited while an ingest was starting its workers).

A worker process dies with the process that started it (:func:`die_with_parent`): killed with
``kill -9``, an ingest leaves no worker behind, blocked on a pipe no one reads.

Memory is bounded by batch size, not corpus size: the stream is cut into batches of
``batch_size`` articles and at most ``2 x`` the workers' slots of batches are in flight; the next
batch is read from the source only when the oldest one has been handed to the writer. Workers
receive article text and boilerplate ranges only (never the stored HTML) and return quotes only,
with the stems of their words; and worker processes are replaced by fresh ones every
``RECYCLE_AFTER_ARTICLES`` articles each, so that their memory does not grow with the corpus.

The connection, slot and fingerprint helpers here serve :mod:`claimtrack.matching.engines` too,
which runs the candidate step of a claims rebuild on the same engines; nothing here knows claims.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import signal
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from functools import cache, partial
from itertools import chain, islice
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from claimtrack import DASK_INSTALL_HINT, __version__, extracting
from claimtrack.articles import Article, InputError
from claimtrack.extracting import EXTRACTOR_VERSION, Quote
from claimtrack.stemming import remember, stem_table

__all__ = [
    "DASK_INSTALL_HINT", "ArticleFailure", "EngineConflict", "ParallelError", "check_engine", "code_fingerprint",
    "die_with_parent", "extract_batches", "extract_stream",
]

DEFAULT_BATCH_SIZE = 64
# Batches in flight per worker slot: one being extracted, one waiting, so no worker idles while
# the writer stores.
BATCHES_PER_SLOT = 2
# Inputs a worker process extracts before a fresh one takes its place (`_on_processes`).
RECYCLE_AFTER_ARTICLES = 4_000
PLUGIN_NAME = "claimtrack-pipeline"
CONNECT_TIMEOUT = "10s"
# How often a worker process looks whether the process that started it is still there.
PARENT_CHECK_SECONDS = 0.5
PACKAGE = Path(__file__).resolve().parent
# What extraction reads besides spaCy: the code, the language data, the trained models.
FINGERPRINTED_SUFFIXES = (".py", ".toml")
FINGERPRINTED_FOLDERS = ("models",)


@dataclass(frozen=True)
class ArticleFailure:
    """An article claimtrack itself failed on: a bug, not bad input. ``where`` names the article as
    its :class:`~claimtrack.articles.Article` ``source`` does; ``detail`` is the traceback."""

    where: str
    message: str
    detail: str

    @classmethod
    def caught(cls, article: Article, doing: str, error: Exception) -> ArticleFailure:
        """The failure that ``error``, raised while ``doing`` ``article``, stands for (call it in
        the ``except`` block, where the traceback is)."""
        return cls(article.source, f"claimtrack failed while {doing} it ({type(error).__name__}: {error}); "
                   "this is a bug, please report it with the traceback", traceback.format_exc())

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


Item = tuple[Article, list[Quote]] | InputError | ArticleFailure

# One pipeline per process (``extract``'s own), and one batch at a time through it: a Dask worker
# may run several task threads, and a spaCy pipeline is not documented as thread-safe.
_PIPELINE_LOCK = threading.Lock()


class ParallelError(RuntimeError):
    """The parallel engine cannot run; the message says what to install, start or fix."""


class EngineConflict(ValueError):
    """Both worker processes and a Dask scheduler were asked for."""


def check_engine(workers: int, scheduler: str | None, *, names: tuple[str, str] = ("workers", "a scheduler")) -> None:
    """Refuse what no engine runs: fewer than one worker, or workers and a scheduler together
    (``names`` are how the caller calls the two, for the message).

    >>> check_engine(2, "tcp://10.0.0.5:8786", names=("--workers", "--scheduler"))
    Traceback (most recent call last):
    ...
    claimtrack.parallel.EngineConflict: Give --workers or --scheduler, not both: a Dask cluster's size is set where \
its workers run (dask worker --nworkers N --nthreads 1).
    """
    if workers < 1:
        raise ValueError(f"workers must be 1 or more, not {workers}.")
    if scheduler and workers > 1:
        raise EngineConflict(f"Give {names[0]} or {names[1]}, not both: a Dask cluster's size is set where its "
                             "workers run (dask worker --nworkers N --nthreads 1).")


def extract_stream(
    sources: Iterable[Article | InputError],
    *,
    workers: int = 1,
    scheduler: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> Iterator[Item]:
    """Each article with its quotes, in input order; an :class:`InputError` is passed through, and
    an article the extractor raised on comes as an :class:`ArticleFailure` (the others go on).

    Parameters
    ----------
    sources
        Articles and input errors, as :func:`claimtrack.articles.iter_articles` yields them.
        Read lazily: never more than ``batch_size x`` (batches in flight + 1) ahead of the caller.
    workers
        Worker processes on this machine; 1 extracts in this process.
    scheduler
        Address of a Dask scheduler (``tcp://10.0.0.5:8786``); the cluster's workers extract.
        Cannot be combined with ``workers > 1``.
    batch_size
        Articles sent to a worker at a time.

    >>> from claimtrack.articles import parse_article
    >>> [(a.source, [q.speaker_name for q in quotes])
    ...  for a, quotes in extract_stream([parse_article('“Kami siap,” ujar Shoigu.', source="a")])]
    [('a', ['Shoigu'])]
    """
    return chain.from_iterable(extract_batches(sources, workers=workers, scheduler=scheduler, batch_size=batch_size))


def extract_batches(sources: Iterable[Article | InputError], *, workers: int = 1, scheduler: str | None = None,
                    batch_size: int = DEFAULT_BATCH_SIZE) -> Iterator[list[Item]]:
    """What :func:`extract_stream` yields, a list at a time: the inputs of one batch of
    ``batch_size`` sent to the workers (one input when extracting in this process), each list whole
    when it comes (its articles extracted), so that the writer can store it in one transaction
    without holding the write lock while extraction goes on."""
    check_engine(workers, scheduler)
    if batch_size < 1:
        raise ValueError(f"batch_size must be 1 or more, not {batch_size}.")
    if scheduler:
        return _on_dask(_distributed(), sources, scheduler, batch_size, code_fingerprint())
    if workers > 1:
        return _on_processes(sources, workers, batch_size, code_fingerprint())
    return _in_this_process(sources)


@cache
def code_fingerprint() -> str:
    """claimtrack's and spaCy's versions, the extractor's name, and a hash of claimtrack's files as
    installed when this process first asked (``.py``, ``.toml``, the models): equal fingerprints
    extract equal quotes, and score equal claim candidates. spaCy's version is read from its
    installed metadata: importing spaCy for it would cost the writer, which runs no pipeline,
    about 90 MiB."""
    from importlib.metadata import version

    digest = hashlib.sha256()
    files = sorted(
        path for path in PACKAGE.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
        and (path.suffix in FINGERPRINTED_SUFFIXES or path.relative_to(PACKAGE).parts[0] in FINGERPRINTED_FOLDERS)
    )
    for path in files:
        digest.update(path.relative_to(PACKAGE).as_posix().encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return f"claimtrack {__version__}, {EXTRACTOR_VERSION}, spaCy {version('spacy')}, files {digest.hexdigest()[:12]}"


def _in_this_process(sources: Iterable[Article | InputError]) -> Iterator[list[Item]]:
    """Each input a batch of its own: here extraction runs between the writer's transactions, so a
    batch of several would keep the first articles from readers until the last was extracted."""
    for item in sources:
        yield [item if isinstance(item, InputError) else _paired(item, _extracted([item])[0])]


def _paired(article: Article, found: list[Quote] | ArticleFailure) -> Item:
    return found if isinstance(found, ArticleFailure) else (article, found)


def _extracted(articles: list[Article]) -> list[list[Quote] | ArticleFailure]:
    """The quotes of each article, extracted in a spaCy memory zone: the word forms and strings the
    articles add to the pipeline's vocabulary are freed at its end, so that the vocabulary of a
    long ingest does not grow with every word form it has seen (it never shrinks otherwise).
    Quotes hold no spaCy objects, so nothing outlives the zone. An article the extractor fails on
    gives an :class:`ArticleFailure` in its place, and the batch goes on."""
    nlp = extracting.shared_pipeline()
    with nlp.memory_zone():
        return [_extract_one(article, nlp) for article in articles]


def _extract_one(article: Article, nlp) -> list[Quote] | ArticleFailure:
    try:
        return extracting.extract(article, nlp)
    except Exception as error:  # a bug in claimtrack: reported by the caller, never silently dropped
        return ArticleFailure.caught(article, "extracting", error)


# --- what a worker runs ---------------------------------------------------------------------------

def _load_pipeline() -> None:
    """Load this process's pipeline now (``extract`` loads it on first use and keeps it)."""
    code_fingerprint()
    extracting.shared_pipeline()


def die_with_parent(parent: int) -> None:
    """End this worker process as soon as ``parent``, the process that started it, is gone
    (``kill -9`` leaves it no chance to stop its workers; they would live on under init, one of
    them perhaps blocked writing a batch into a pipe nobody reads). Call it first thing in a
    worker's initializer, with the parent's pid passed from the parent: a worker whose parent
    died while it started already has another parent."""
    if os.getppid() != parent:
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="claimtrack-parent-watch", daemon=True).start()


def _start_worker_process(parent: int) -> None:
    die_with_parent(parent)
    # Ctrl-C is the parent's to handle: it stops submitting and lets running batches finish, so the
    # workers do not each print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _load_pipeline()


def _extract_batch(articles: list[Article]) -> tuple[str, tuple[list[list[Quote] | ArticleFailure], dict[str, str]]]:
    """The quotes of each article, and the stems of their words: the writer stores those with the
    quotes and matches claims on them, and would otherwise make them again."""
    with _PIPELINE_LOCK:  # also keeps memory zones from nesting
        found = _extracted(articles)
    texts = (quote.text for quotes in found if not isinstance(quotes, ArticleFailure) for quote in quotes)
    return code_fingerprint(), (found, stem_table(texts))


def _for_worker(article: Article) -> Article:
    """What extraction reads: the text and its boilerplate ranges, not the page's HTML."""
    return replace(article, html=None) if article.html is not None else article


# --- batching, in order ---------------------------------------------------------------------------

def _in_order(sources: Iterable[Article | InputError], submit: Callable[[list[Article]], Any], *,
              batch_size: int, in_flight: int, fingerprint: str) -> Iterator[Item]:
    """What :func:`_in_order_batches` yields, one item at a time."""
    return chain.from_iterable(_in_order_batches(sources, submit, batch_size=batch_size, in_flight=in_flight,
                                                 fingerprint=fingerprint))


def _in_order_batches(sources: Iterable[Article | InputError], submit: Callable[[list[Article]], Any], *,
                      batch_size: int, in_flight: int, fingerprint: str) -> Iterator[list[Item]]:
    """Submit batches ahead, at most ``in_flight`` at a time, and yield their results in input order,
    a batch at a time.

    ``submit`` takes a batch of articles and returns a future (``concurrent.futures`` or Dask)
    whose result is what :func:`_extract_batch` returns; the stems that came with it are kept
    (:func:`claimtrack.stemming.remember`).
    """
    iterator = iter(sources)
    pending: deque[tuple[list[Article | InputError], Any]] = deque()

    def settle() -> list[Item]:
        batch, future = pending.popleft()
        found, stems = _checked(future.result(), fingerprint) if future is not None else ((), {})
        remember(stems)
        found = iter(found)
        return [item if isinstance(item, InputError) else _paired(item, next(found)) for item in batch]

    while batch := list(islice(iterator, batch_size)):
        articles = [_for_worker(item) for item in batch if not isinstance(item, InputError)]
        pending.append((batch, submit(articles) if articles else None))
        if len(pending) >= in_flight:
            yield settle()
    while pending:
        yield settle()


def _checked(result: tuple[str, Any], fingerprint: str, *, work: str = "extracted", run: str = "an ingest",
             then: str = "ingest again (articles already stored stay as they are)") -> Any:
    theirs, found = result
    if theirs != fingerprint:
        raise ParallelError(
            f"A worker {work} with other code than this process ({theirs}; here: {fingerprint}). "
            f"Install the same claimtrack on every worker, and do not edit claimtrack while {run} starts; "
            f"then {then}."
        )
    return found


def _on_processes(sources: Iterable[Article | InputError], workers: int, batch_size: int,
                  fingerprint: str) -> Iterator[list[Item]]:
    """The inputs ``workers x RECYCLE_AFTER_ARTICLES`` at a time, each stretch on worker processes
    of its own: a worker's memory grows with what it has extracted (CPython's allocator keeps what
    it once held), so workers are replaced by fresh ones rather than left to grow. By hand, since
    ``ProcessPoolExecutor(max_tasks_per_child=...)`` can deadlock on Python 3.11 (CPython
    gh-115634). The stretch's last batches are stored before the next workers start, so that old
    and new workers never run side by side."""
    iterator = iter(sources)
    while (first := next(iterator, None)) is not None:
        stretch = chain([first], islice(iterator, workers * RECYCLE_AFTER_ARTICLES - 1))
        # spawn, not fork: the caller may run threads (a progress bar, a Dask client) that fork would copy mid-lock.
        executor = ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"),
                                       initializer=_start_worker_process, initargs=(os.getpid(),))
        try:
            yield from _in_order_batches(stretch, partial(executor.submit, _extract_batch), batch_size=batch_size,
                                         in_flight=BATCHES_PER_SLOT * workers, fingerprint=fingerprint)
        finally:
            executor.shutdown(wait=True, cancel_futures=True)


# --- Dask --------------------------------------------------------------------------------------

def _distributed(doing: str = "Extracting"):
    try:
        import distributed
    except ImportError as error:
        raise ParallelError(
            f"{doing} on a Dask cluster needs dask.distributed, which is not installed ({error}); "
            f"install it with: {DASK_INSTALL_HINT}"
        ) from None
    return distributed


def _define_plugin_class() -> type:
    distributed = _distributed()

    class PipelinePlugin(distributed.WorkerPlugin):
        """Loads claimtrack's pipeline once when a worker starts (or joins later), off the event loop."""

        name = PLUGIN_NAME
        idempotent = True

        async def setup(self, worker) -> None:
            await asyncio.get_running_loop().run_in_executor(None, _load_pipeline)

    PipelinePlugin.__module__ = __name__
    PipelinePlugin.__qualname__ = "PipelinePlugin"
    return PipelinePlugin


def __getattr__(name: str) -> Any:
    # The plugin must subclass distributed.WorkerPlugin and be importable by name (workers unpickle it
    # as claimtrack.parallel.PipelinePlugin), yet importing this module must not import Dask.
    if name == "PipelinePlugin":
        globals()[name] = _define_plugin_class()
        return globals()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _connect(distributed, scheduler: str):
    try:
        return distributed.Client(scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError) as error:
        raise ParallelError(
            f"Cannot reach the Dask scheduler at {scheduler} ({error}); start one with `dask scheduler` "
            "and give its address as printed there (tcp://HOST:8786)."
        ) from None


def _task_slots(client, scheduler: str) -> int:
    slots = sum(client.nthreads().values())
    if not slots:
        raise ParallelError(
            f"The Dask scheduler at {scheduler} has no workers; start some with: dask worker {scheduler}"
        )
    return slots


def _on_dask(distributed, sources: Iterable[Article | InputError], scheduler: str, batch_size: int,
             fingerprint: str) -> Iterator[Item]:
    client = _connect(distributed, scheduler)
    try:
        slots = _task_slots(client, scheduler)
        plugin_class = __getattr__("PipelinePlugin")
        client.register_plugin(plugin_class(), name=PLUGIN_NAME)
        yield from _in_order_batches(sources, lambda articles: client.submit(_extract_batch, articles, pure=False),
                             batch_size=batch_size, in_flight=BATCHES_PER_SLOT * slots, fingerprint=fingerprint)
    finally:
        client.close()
