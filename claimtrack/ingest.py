"""The ingest pipeline: read → extract → store each article in one transaction → claims.

The one way an article goes from an input to the database, used by ``claimtrack ingest``,
``demo`` and ``evaluate --format claims``, by every script in ``bench/`` and by the examples:

1. :func:`claimtrack.parallel.extract_batches` extracts the articles a reader yields (in this
   process, in worker processes or on a Dask cluster), in input order, a batch at a time;
2. each batch is stored in one transaction, and :func:`store_article` stores each article of it
   in a savepoint of that transaction: the article's row, the speaker of each quote
   (:mod:`claimtrack.speakers.identity`), the quotes' rows, then the speakers settled by use, and
   the claims of any stored quote whose speaker changed matched again. An article is counted and
   told to the :class:`Watcher` once its transaction is committed;
3. every ``CLAIMS_UPDATE_EVERY`` articles, and at the end, :func:`claimtrack.matching.update_claims`
   matches the new quotes against the stored claims.

A commit does not wait for the disk (:func:`claimtrack.storage.schema.synced_in_batches`): an
ingest that is killed keeps every article it counted as stored (the batch it was storing is
rolled back whole, and nobody was told of its articles), and what was stored is synced to the disk
for good before each claims update and at the end, so that a power cut can only lose articles of
an ingest that had not ended, which ingesting the same input again stores.

Any number of ingests may store into one database at once: each batch's transaction takes the
write lock before it looks for its articles (:func:`claimtrack.storage.writing`), so an article two
processes read is stored once, by whichever comes first, and the other finds it stored.

The failure policy lives here too, in three kinds:

- bad input (:class:`~claimtrack.articles.InputError`, or text SQLite cannot take) is listed and
  skipped, and never counts as a failure;
- a fault of the setup (the disk full, the database read-only or damaged: :func:`setup_problem`)
  stops the ingest at once, saying what to fix; what was stored before stays whole;
- an article claimtrack itself fails on (a bug) is rolled back, listed with its traceback, and the
  batch goes on, unless ``MAX_FAILURES_IN_A_ROW`` fail one after another (then the fault is in the
  setup too).

What happened comes back as an :class:`IngestReport`; a :class:`Watcher` hears each step as it
happens (a progress bar, a benchmark's memory sampler). Nothing here prints.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import islice

import sqlite_utils

from claimtrack.articles import Article, InputError
from claimtrack.extracting import EXTRACTOR_VERSION, Quote
from claimtrack.matching.incremental import ClaimUpdate, match_quotes_again, update_claims
from claimtrack.parallel import DEFAULT_BATCH_SIZE, ArticleFailure, Item, extract_batches
from claimtrack.speakers import identity
from claimtrack.storage import articles as article_rows
from claimtrack.storage import speakers as speaker_rows
from claimtrack.storage.schema import setup_problem, synced_in_batches, writing

# Articles stored between two claim updates, so that a long ingest keeps its claims current and
# never matches more than these articles' quotes at once.
CLAIMS_UPDATE_EVERY = 2_000
# This many articles failing one after another is a fault in the setup (a full disk, a broken
# install), not in the articles: the ingest stops instead of failing on every article left.
MAX_FAILURES_IN_A_ROW = 20


@dataclass(frozen=True)
class IngestResult:
    """What storing one article did: its row's id, whether it was new (the same text again
    changes nothing), how many quotes were stored, and its version."""

    article_id: int
    created: bool
    quotes: int
    version: int = 1


def store_article(db: sqlite_utils.Database, article: Article, quotes: list[Quote],
                  extractor_version: str = EXTRACTOR_VERSION) -> IngestResult:
    """Store one article with its quotes in one transaction.

    The same text again changes nothing; the same URL with other text is stored as a new version.
    The transaction holds the write lock from before it looks for the article, so another process
    storing the same article at the same time finds it stored instead of storing it twice.
    """
    identity_of_article = article_rows.article_identity(article)
    with writing(db):
        latest = article_rows.latest_version(db, identity_of_article)
        if latest is not None and latest["text_sha256"] == article_rows.sha256(article.text):
            return IngestResult(article_id=latest["id"], created=False, quotes=0, version=latest["version"])
        version = latest["version"] + 1 if latest else 1
        article_id, key = article_rows.insert_article(db, article, identity=identity_of_article, version=version,
                                                      extractor_version=extractor_version)
        attributed = [(quote, identity.speaker_id(db, quote.speaker_name, quote.speaker_type)) for quote in quotes]
        stored = article_rows.insert_quotes(db, article_id, key, attributed, extractor_version)
        settled = identity.settle(db, {speaker for _, speaker in attributed if speaker is not None})
        # A speaker's name is what its quotes call it most; pairs were scored with the old name, so
        # the stored quotes of a renamed speaker are matched again, and so are quotes that moved.
        again = {quote_id for speaker in settled.renamed
                 for quote_id in speaker_rows.quotes_of_outside(db, speaker, article_id)}
        again.update(settled.moved)  # this article's quotes among them are not matched yet: skipped
        if again:
            match_quotes_again(db, sorted(again))
    return IngestResult(article_id=article_id, created=True, quotes=len(stored), version=version)


class Watcher:
    """What an ingest tells as it goes; every hook does nothing unless a subclass says otherwise."""

    def item(self, item: Item, result: IngestResult | None) -> None:
        """One input handled: an article stored (``result``), an input error or a failure."""

    def claims_starting(self, added: int) -> None:
        """A claims update begins, after ``added`` new articles."""

    def claims_done(self, update: ClaimUpdate) -> None:
        """A claims update ended."""


@dataclass
class IngestReport:
    """What one ingest did: articles added and already stored, inputs skipped (why, each), what
    was read with a warning (each), the articles claimtrack failed on, whether it stopped early
    on failures one after another (``stopped``) or on a fault of the setup (``setup_fault``, what
    to fix), each claims update, and a claims update that failed (``claims_failure``)."""

    added: int = 0
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    failed: list[ArticleFailure] = field(default_factory=list)
    stopped: bool = False
    setup_fault: str | None = None
    claim_updates: list[ClaimUpdate] = field(default_factory=list)
    claims_failure: ArticleFailure | None = None


def ingest(sources: Iterable[Article | InputError], db: sqlite_utils.Database, *, workers: int = 1,
           scheduler: str | None = None, batch_size: int = DEFAULT_BATCH_SIZE, claims: bool = True,
           watcher: Watcher | None = None) -> IngestReport:
    """Extract what ``sources`` yield (as :func:`claimtrack.articles.iter_articles` yields it) and
    store it, a batch of ``batch_size`` inputs a transaction, updating the claims every
    ``CLAIMS_UPDATE_EVERY`` articles and at the end (unless ``claims`` is false). Raises
    :class:`claimtrack.parallel.ParallelError` when the parallel engine cannot run."""
    return _store_batches(extract_batches(sources, workers=workers, scheduler=scheduler, batch_size=batch_size), db,
                          workers=workers, scheduler=scheduler, claims=claims, watcher=watcher)


def store_stream(items: Iterable[Item], db: sqlite_utils.Database, *, workers: int = 1, scheduler: str | None = None,
                 claims: bool = True, watcher: Watcher | None = None) -> IngestReport:
    """Store extracted articles (``(article, quotes)`` pairs, with the input errors and failures
    among them, as :func:`claimtrack.parallel.extract_stream` yields them) by the failure policy
    of the module docstring, ``DEFAULT_BATCH_SIZE`` a transaction; ``workers`` and ``scheduler``
    are for a claims rebuild."""
    iterator = iter(items)
    batches = iter(lambda: list(islice(iterator, DEFAULT_BATCH_SIZE)), [])
    return _store_batches(batches, db, workers=workers, scheduler=scheduler, claims=claims, watcher=watcher)


def _store_batches(batches: Iterable[list[Item]], db: sqlite_utils.Database, *, workers: int, scheduler: str | None,
                   claims: bool, watcher: Watcher | None) -> IngestReport:
    with synced_in_batches(db) as sync:
        writer = _Writer(db, sync, workers=workers, scheduler=scheduler, claims=claims, watcher=watcher or Watcher())
        for batch in batches:
            if not writer.store(batch):
                break
        if claims and writer.report.setup_fault is None:  # also after a stop on failures: what was stored is matched
            writer.update_claims()
        return writer.report


@dataclass
class _Stored:
    """One input handled inside a transaction, told and counted once the transaction is committed:
    what was read (``given``, for its warnings), what came of it (``item``: the pair stored, or
    the input error or failure in its place) and the stored article's ``result``."""

    given: Item
    item: Item
    result: IngestResult | None = None


class _Writer:
    """The failure policy of the module docstring over batches of extracted inputs, each batch in
    one transaction and each article in a savepoint of it: an article that fails leaves nothing
    behind, and the others of its batch are stored. Nothing is counted or told to the watcher
    before its transaction is committed, so that what the report and the watcher call stored is
    on the disk (a kill loses only a transaction not committed, which nobody was told of)."""

    def __init__(self, db: sqlite_utils.Database, sync, *, workers: int, scheduler: str | None, claims: bool,
                 watcher: Watcher) -> None:
        self.db, self.sync, self.workers, self.scheduler = db, sync, workers, scheduler
        self.claims, self.watcher = claims, watcher
        self.report = IngestReport()
        self.in_a_row = 0

    def store(self, batch: list[Item]) -> bool:
        """Store a batch, in one transaction, or in one up to each claims update; whether to go on."""
        while batch:
            handled, claims_due = self._transaction(batch)
            batch = batch[handled:]
            if self.report.stopped:
                return False
            if claims_due:
                self.update_claims()
        return True

    def _transaction(self, batch: list[Item]) -> tuple[int, bool]:
        """Store the inputs of ``batch`` in one transaction up to the first after which the claims
        are due or the ingest stops; returns how many were handled and whether the claims are due."""
        handled: list[_Stored] = []
        fault: tuple[str, Exception, str] | None = None
        added, in_a_row, claims_due, interrupted = self.report.added, self.in_a_row, False, False
        try:
            with writing(self.db):
                for given in batch:
                    stored = _Stored(given, given)
                    if isinstance(given, tuple):
                        try:
                            stored.result = store_article(self.db, *given)  # a savepoint of the transaction
                        except KeyboardInterrupt:  # Ctrl-C: the articles stored before this one are kept
                            interrupted = True
                            break
                        except Exception as error:  # the savepoint is rolled back: the article is not half-stored
                            problem = setup_problem(error)
                            if problem is not None:
                                fault = (given[0].source, error, problem)
                                break
                            stored.item = (InputError(given[0].source, _unstorable(error))
                                           if isinstance(error, UnicodeError)
                                           else ArticleFailure.caught(given[0], "storing", error))
                    handled.append(stored)
                    if isinstance(stored.item, ArticleFailure):
                        in_a_row += 1
                        if in_a_row == MAX_FAILURES_IN_A_ROW:
                            break
                    elif not isinstance(stored.item, InputError):
                        in_a_row = 0
                        added += stored.result.created
                        if self.claims and stored.result.created and added % CLAIMS_UPDATE_EVERY == 0:
                            claims_due = True
                            break
        except Exception as error:  # beginning or committing the transaction failed: none of it is stored
            if self.db.conn.in_transaction:
                self.db.conn.rollback()
            problem = setup_problem(error)
            if problem is not None:
                fault = (_first_source(batch), error, problem)
                handled = [stored for stored in handled if not isinstance(stored.item, tuple)]
            else:
                handled = [_Stored(stored.given, ArticleFailure.caught(stored.given[0], "storing", error))
                           if isinstance(stored.item, tuple) else stored for stored in handled]
            claims_due = False
        for stored in handled:
            self._tell(stored)
        if fault is not None:
            source, error, problem = fault
            self.report.setup_fault = f"{source} could not be stored ({error}): {problem}"
            self.report.stopped = True
            self.watcher.item(ArticleFailure(source, str(error), ""), None)
        if interrupted:
            raise KeyboardInterrupt
        return len(handled), claims_due

    def _tell(self, stored: _Stored) -> None:
        """Count one handled input into the report and tell the watcher."""
        report = self.report
        if isinstance(stored.given, tuple):
            report.warnings.extend(stored.given[0].warnings)
        item = stored.item
        if isinstance(item, InputError):
            report.skipped.append(str(item))
            self.watcher.item(item, None)
            return
        self.watcher.item(item, stored.result)
        if isinstance(item, ArticleFailure):
            report.failed.append(item)
            self.in_a_row += 1
            report.stopped = report.stopped or self.in_a_row == MAX_FAILURES_IN_A_ROW
            return
        self.in_a_row = 0
        report.added += stored.result.created
        report.unchanged += not stored.result.created

    def update_claims(self) -> None:
        report = self.report
        self.sync()  # the articles stored so far are on the disk for good before their claims are matched
        self.watcher.claims_starting(report.added)
        try:
            done = update_claims(self.db, workers=self.workers, scheduler=self.scheduler)
        except Exception as error:  # the articles stay stored; `claimtrack match` catches up later
            fault = setup_problem(error)
            if fault is None:
                report.claims_failure = ArticleFailure("the claims update", f"claimtrack failed while matching "
                                                       f"claims ({type(error).__name__}: {error}); this is a bug, "
                                                       "please report it with the traceback", traceback.format_exc())
            elif report.setup_fault is None:
                report.setup_fault = f"claims were not updated ({error}): {fault}"
            return
        report.claim_updates.append(done)
        self.watcher.claims_done(done)


def _first_source(batch: list[Item]) -> str:
    """Where the first article of a batch was read, for a fault that no one article caused."""
    return next((item[0].source for item in batch if isinstance(item, tuple)), "the database")


def _unstorable(error: UnicodeError) -> str:
    """Why text SQLite cannot take (a lone surrogate that reading let through) is bad input."""
    return f"its text cannot be stored ({error}); save the input as valid UTF-8 and ingest it again."
