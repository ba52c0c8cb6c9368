"""``claimtrack watch``: rounds over feeds, sitemaps and sites, each fetching only what is new,
storing it through the ingest pipeline, updating the claims and raising alerts.

A round reads every source that is due (:meth:`WebReader.read_source`, conditionally: an
unchanged feed costs a ``304``), keeps the URLs it lists that no earlier round fetched (the
``pages`` table), and hands them, fetched one at a time, to :func:`claimtrack.ingest.ingest`: one
transaction per article, the claims updated at the end of the round, then the alerts. A site is
read for its feeds or sitemaps, which become sources of their own (``via`` the site), and read
again once a day for new ones; a site with neither gives the article links of its home page.

A source that cannot be read is reported, and tried again after a backoff that doubles with each
failure in a row (the round interval, twice that, four times, up to ``MAX_SOURCE_BACKOFF``); the
others go on. :meth:`Watch.stop` (a signal handler calls it) ends the watch between two
articles: the article being stored is stored whole, the claims are updated, the alerts raised.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from dataclasses import dataclass

import sqlite_utils

from claimtrack import ingest
from claimtrack.articles import Article, InputError
from claimtrack.ingest import IngestReport, Watcher
from claimtrack.live import alerts as alerting
from claimtrack.live.feeds import ListingError
from claimtrack.live.fetch import FetchError, FetchStopped, check_url
from claimtrack.live.reader import MAX_PAGE_ATTEMPTS, SITE, SourceRead, WebReader
from claimtrack.storage import sources as rows
from claimtrack.storage.schema import now

DEFAULT_EVERY = 600.0
MAX_SOURCE_BACKOFF = 6 * 3600.0
# A site whose feeds or sitemaps were found is read again for new ones after this long.
REDISCOVER_AFTER = 24 * 3600.0
AUTO = "auto"


class NothingToWatch(ValueError):
    """A watch was started with no source named and none stored."""


class WatchListener(Watcher):
    """What a watch tells as it goes (a pipeline :class:`~claimtrack.ingest.Watcher` too: each
    article stored, each page skipped); every hook does nothing unless a subclass says otherwise."""

    def round_starting(self, number: int) -> None:
        """Round ``number`` (1, 2, …) begins."""

    def source_read(self, source: dict, read: SourceRead, new: int) -> None:
        """A source was read: ``read`` is what it lists, ``new`` how many URLs no round fetched."""

    def source_failed(self, source: dict, reason: str, in_a_row: int, retry_at: str) -> None:
        """A source could not be read, ``in_a_row`` times now; it is tried again at ``retry_at``."""

    def source_waiting(self, source: dict) -> None:
        """A source that failed before is not due yet (its ``retry_at`` is later)."""

    def alert(self, alert: alerting.Alert, problems: list[str]) -> None:
        """An alert was raised and handed on; ``problems`` are the handlers that failed."""

    def round_done(self, report: RoundReport) -> None:
        """A round ended."""


@dataclass
class RoundReport:
    """What one round did."""

    number: int
    sources_read: int = 0
    sources_failed: int = 0
    new_urls: int = 0
    ingest: IngestReport | None = None
    alerts: int = 0
    stopped: bool = False
    seconds: float = 0.0


@dataclass
class WatchSummary:
    """What a whole watch did, summed over its rounds (no round is kept: a watch may run for months)."""

    rounds: int = 0
    added: int = 0
    skipped: int = 0
    failed: int = 0
    alerts: int = 0
    sources_failed: int = 0
    last: RoundReport | None = None


def _at(seconds_from_now: float) -> str:
    return (dt.datetime.now(dt.UTC) + dt.timedelta(seconds=seconds_from_now)).isoformat(timespec="seconds")


def _age(stamp: str | None) -> float | None:
    if not stamp:
        return None
    return (dt.datetime.now(dt.UTC) - dt.datetime.fromisoformat(stamp)).total_seconds()


class Watch:
    """A watch over ``sources`` (URLs of feeds, sitemaps or sites; the stored sources when none is
    given), storing into ``db`` through ``reader``."""

    def __init__(self, db: sqlite_utils.Database, reader: WebReader, *, every: float = DEFAULT_EVERY,
                 rules: list[alerting.AlertRule] | None = None, handlers: list | None = None,
                 listener: WatchListener | None = None, workers: int = 1, scheduler: str | None = None) -> None:
        self.db = db
        self.reader = reader
        self.every = every
        self.rules = rules or []
        self.handlers = handlers or []
        self.listener = listener or WatchListener()
        self.workers = workers
        self.scheduler = scheduler
        self.owner = alerting.owner()
        self._roots: list[int] = []

    # --- what is watched ------------------------------------------------------------------------

    def add(self, urls: list[str]) -> list[dict]:
        """Watch these URLs (each checked: http or https); with none, every stored source that was
        not found on another. Raises :class:`FetchError` for a URL that is not fetched, and
        :class:`NothingToWatch` when nothing is to be watched."""
        for url in urls:
            check_url(url)
        if urls:
            added = [rows.add_source(self.db, url, AUTO) for url in dict.fromkeys(urls)]
        else:
            added = [source for source in rows.list_sources(self.db) if source["via"] is None]
        if not added:
            raise NothingToWatch("No source to watch; name feeds, sitemaps or sites: claimtrack watch URL")
        self._roots = [source["id"] for source in added]
        return added

    def _sources(self) -> list[dict]:
        chosen = []
        for root in self._roots:
            site = rows.get_source_by_id(self.db, root)
            if site is not None:
                chosen += [site, *rows.found_on(self.db, root)]
        return chosen

    # --- running --------------------------------------------------------------------------------

    def stop(self) -> None:
        """End the watch between two articles (safe to call from a signal handler)."""
        self.reader.fetcher.stop.set()

    @property
    def stopping(self) -> bool:
        return self.reader.fetcher.stop.is_set()

    def run(self, *, once: bool = False) -> WatchSummary:
        """Round after round, ``every`` seconds apart from start to start, until :meth:`stop` (or
        after one round, with ``once``)."""
        alerting.start(self.db, self.rules)
        summary = WatchSummary()
        for alert in alerting.orphaned(self.db, by=self.owner):
            self._hand_on(alert)
        number = 0
        while True:
            number += 1
            started = time.monotonic()
            report = self.round(number)
            summary.rounds += 1
            summary.last = report
            summary.alerts += report.alerts
            summary.sources_failed += report.sources_failed
            if report.ingest is not None:
                summary.added += report.ingest.added
                summary.skipped += len(report.ingest.skipped)
                summary.failed += len(report.ingest.failed)
            if once or self.stopping:
                return summary
            if self.reader.fetcher.stop.wait(max(0.0, self.every - (time.monotonic() - started))):
                return summary

    def round(self, number: int) -> RoundReport:
        """One round: read the due sources, store what is new, update claims, raise alerts."""
        started = time.monotonic()
        report = RoundReport(number)
        self.listener.round_starting(number)
        queue: list[tuple[str, dict]] = []
        sources = self._sources()
        position = 0
        while position < len(sources) and not self.stopping:
            source = sources[position]
            position += 1
            found = self._check(source, queue, report)
            sources[position:position] = [s for s in found if s["id"] not in {c["id"] for c in sources}]
        report.new_urls = len(queue)
        if queue and not self.stopping:
            report.ingest = ingest.ingest(self._articles(queue), self.db, workers=self.workers,
                                          scheduler=self.scheduler, watcher=self.reader.recorder(self.listener))
        report.stopped = self.stopping
        for alert in alerting.raise_alerts(self.db, self.rules, by=self.owner):
            self._hand_on(alert)
            report.alerts += 1
        report.seconds = time.monotonic() - started
        self.listener.round_done(report)
        return report

    def _check(self, source: dict, queue: list[tuple[str, dict]], report: RoundReport) -> list[dict]:
        """Read one source if it is due; queue the URLs it lists that are new. Returns the sources
        found on it (a site's feeds) that are new."""
        if source["retry_at"] and source["retry_at"] > now():
            self.listener.source_waiting(source)
            return []
        has_found = bool(rows.found_on(self.db, source["id"]))
        if source["kind"] == SITE and has_found and (_age(source["succeeded_at"]) or 0) < REDISCOVER_AFTER:
            return []  # its feeds are read as sources of their own
        try:
            site = rows.get_source_by_id(self.db, source["via"]) if source["via"] else None
            read = self.reader.read_source(source["url"], None if source["kind"] == AUTO else source["kind"],
                                           etag=source["etag"], last_modified=source["last_modified"],
                                           since=source["succeeded_at"], source_id=source["id"],
                                           named_by=site["url"] if site else None)
        except FetchStopped:
            return []
        except (FetchError, ListingError) as error:
            reason = error.reason if isinstance(error, FetchError) else str(error)
            in_a_row = rows.errors_in_a_row(self.db, source["id"]) + 1
            retry_at = _at(min(self.every * 2 ** (in_a_row - 1), MAX_SOURCE_BACKOFF))
            rows.source_failed(self.db, source["id"], reason, retry_at=retry_at)
            report.sources_failed += 1
            self.listener.source_failed(source, reason, in_a_row, retry_at)
            return []
        if read.kind and read.kind != source["kind"]:
            rows.set_kind(self.db, source["id"], read.kind)
        rows.source_read(self.db, source["id"], etag=read.etag, last_modified=read.last_modified)
        report.sources_read += 1
        new = rows.unseen(self.db, (entry.url for entry in read.entries), max_attempts=MAX_PAGE_ATTEMPTS)
        queued = {url for url, _ in queue}
        queue.extend((url, source) for url in new if url not in queued)
        self.listener.source_read(source, read, len(new))
        for problem in read.problems:
            self.listener.item(problem, None)
        found = []
        for kind, url in read.found:
            known = rows.get_source(self.db, url)
            if known is None:
                found.append(rows.add_source(self.db, url, kind, via=source["id"]))
        return found

    def _articles(self, queue: list[tuple[str, dict]]) -> Iterator[Article | InputError]:
        for url, source in queue:
            if self.stopping:
                return
            yield from self.reader.urls([url], source_id=source["id"], named_by=source["url"])

    def _hand_on(self, alert: alerting.Alert) -> None:
        problems = alerting.deliver(self.db, alert, self.handlers)
        self.listener.alert(alert, problems)

