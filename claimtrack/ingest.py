"""The ingest pipeline: read → extract → store each article in one transaction → claims.

The one way an article goes from an input to the database, used by ``claimtrack ingest``,
``demo`` and ``evaluate --format claims``, by every script in ``bench/`` and by the examples:

1. :func:`claimtrack.parallel.extract_stream` extracts the articles a reader yields (in this
   process, in worker processes or on a Dask cluster), in input order;
2. :func:`store_article` stores each one in one transaction: the article's row, the speaker of
   each quote (:mod:`claimtrack.speakers.identity`), the quotes' rows, then the speakers settled
   by use, and the claims of any stored quote whose speaker changed matched again;
3. every ``CLAIMS_UPDATE_EVERY`` articles, and at the end, :func:`claimtrack.matching.update_claims`
   matches the new quotes against the stored claims.

Any number of ingests may store into one database at once: each article's transaction takes the
write lock before it looks for the article (:func:`claimtrack.storage.writing`), so an article two
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

import sqlite_utils

from claimtrack.articles import Article, InputError
from claimtrack.extracting import EXTRACTOR_VERSION, Quote
from claimtrack.matching.incremental import ClaimUpdate, match_quotes_again, update_claims
from claimtrack.parallel import DEFAULT_BATCH_SIZE, ArticleFailure, Item, extract_stream
from claimtrack.speakers import identity
from claimtrack.storage import articles as article_rows
from claimtrack.storage import speakers as speaker_rows
from claimtrack.storage.schema import setup_problem, writing

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
    store it, updating the claims every ``CLAIMS_UPDATE_EVERY`` articles and at the end (unless
    ``claims`` is false). Raises :class:`claimtrack.parallel.ParallelError` when the parallel
    engine cannot run."""
    return store_stream(extract_stream(sources, workers=workers, scheduler=scheduler, batch_size=batch_size), db,
                        workers=workers, scheduler=scheduler, claims=claims, watcher=watcher)


def store_stream(items: Iterable[Item], db: sqlite_utils.Database, *, workers: int = 1, scheduler: str | None = None,
                 claims: bool = True, watcher: Watcher | None = None) -> IngestReport:
    """Store extracted articles (``(article, quotes)`` pairs, with the input errors and failures
    among them, as :func:`claimtrack.parallel.extract_stream` yields them) by the failure policy
    of the module docstring; ``workers`` and ``scheduler`` are for a claims rebuild."""
    watcher = watcher or Watcher()
    report = IngestReport()
    in_a_row = 0

    def update() -> None:
        watcher.claims_starting(report.added)
        try:
            done = update_claims(db, workers=workers, scheduler=scheduler)
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
        watcher.claims_done(done)

    for item in items:
        result = None
        if isinstance(item, tuple):
            report.warnings.extend(item[0].warnings)
            try:
                result = store_article(db, *item)
            except Exception as error:  # one transaction, so the article is not half-stored
                fault = setup_problem(error)
                if fault is not None:
                    report.setup_fault = f"{item[0].source} could not be stored ({error}): {fault}"
                    report.stopped = True
                    watcher.item(ArticleFailure(item[0].source, str(error), ""), None)
                    break
                item = (InputError(item[0].source, _unstorable(error)) if isinstance(error, UnicodeError)
                        else ArticleFailure.caught(item[0], "storing", error))
        if isinstance(item, InputError):
            report.skipped.append(str(item))
            watcher.item(item, None)
            continue
        watcher.item(item, result)
        if isinstance(item, ArticleFailure):
            report.failed.append(item)
            in_a_row += 1
            if in_a_row == MAX_FAILURES_IN_A_ROW:
                report.stopped = True
                break
            continue
        in_a_row = 0
        report.added += result.created
        report.unchanged += not result.created
        if claims and result.created and report.added % CLAIMS_UPDATE_EVERY == 0:
            update()
    if claims and report.setup_fault is None:  # also after a stop on failures: what was stored is matched
        update()
    return report


def _unstorable(error: UnicodeError) -> str:
    """Why text SQLite cannot take (a lone surrogate that reading let through) is bad input."""
    return f"its text cannot be stored ({error}); save the input as valid UTF-8 and ingest it again."
