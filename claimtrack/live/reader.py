"""The web as an input: URLs, feeds, sitemaps and sites turned into the articles the ingest
pipeline reads (:func:`claimtrack.ingest.ingest`), fetched politely by a
:class:`~claimtrack.live.fetch.Fetcher` and remembered in the database.

A :class:`WebReader` yields what :func:`claimtrack.articles.iter_articles` yields, an
:class:`~claimtrack.articles.Article` or an :class:`~claimtrack.articles.InputError` naming the URL
and the reason, so that one pipeline stores files and pages alike. With a database, each page
fetched is recorded (``pages``): its validators, sent with the next fetch of the URL so that an
unchanged page costs a ``304 Not Modified`` and nothing more, and the article it gave, recorded
after the pipeline stored it (:meth:`WebReader.recorder`), so that a page whose article was never
stored is fetched whole again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import sqlite_utils

from claimtrack.articles import Article, ArticleError, InputError, read_html, read_text
from claimtrack.ingest import IngestResult, Watcher
from claimtrack.live import feeds
from claimtrack.live.feeds import Entry, Listing, ListingError
from claimtrack.live.fetch import Fetched, Fetcher, FetchError, FetchStopped
from claimtrack.live.metadata import is_home_page, page_metadata
from claimtrack.parallel import ArticleFailure, Item
from claimtrack.storage import sources as rows

# A page that failed for a passing reason (a timeout, 503) is tried again this many times in all.
MAX_PAGE_ATTEMPTS = 3
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# Sitemap indexes of sitemap indexes are followed this deep.
MAX_SITEMAP_DEPTH = 2
SITE = "site"


@dataclass
class SourceRead:
    """What reading a source found: its kind (``feed``, ``sitemap``, ``sitemap index`` or
    ``site``), the article URLs it lists, for a site the feeds or sitemaps found on it, the
    validators of its document, whether it was unchanged since the last read, and the sitemaps of
    an index that could not be read."""

    kind: str
    entries: list[Entry] = field(default_factory=list)
    found: list[tuple[str, str]] = field(default_factory=list)
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False
    problems: list[InputError] = field(default_factory=list)


@dataclass(frozen=True)
class _Pending:
    fetched: Fetched
    source_id: int | None
    published_at: str | None


def _when(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        when = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def _is_pdf(fetched: Fetched) -> bool:
    return fetched.media_type == "application/pdf" or fetched.content.lstrip()[:5] == b"%PDF-"


class WebReader:
    """Articles from the web for the ingest pipeline.

    ``fetcher`` fetches; ``db``, when given, remembers pages between runs (conditional requests,
    what a watch has seen); ``tell`` hears what discovery found (``https://…/: reading its feed
    https://…/rss``).
    """

    def __init__(self, fetcher: Fetcher, db: sqlite_utils.Database | None = None, *,
                 tell: Callable[[str], None] = lambda message: None) -> None:
        self.fetcher = fetcher
        self.db = db
        self.tell = tell
        self.not_modified: list[str] = []
        self._pending: dict[str, _Pending] = {}

    @property
    def stopped(self) -> bool:
        return self.fetcher.stop.is_set()

    # --- what the pipeline reads ----------------------------------------------------------------

    def urls(self, urls: Iterable[str], *, source_id: int | None = None,
             named_by: str | None = None) -> Iterator[Article | InputError]:
        """The article at each URL, in order (a URL that serves a feed or a sitemap gives the
        articles it lists); nothing for a page unchanged since it was last stored. ``named_by``:
        the feed, sitemap or page that listed them (see :meth:`Fetcher.fetch`)."""
        for url in urls:
            if self.stopped:
                return
            try:
                yield from self._page(url, source_id=source_id, named_by=named_by)
            except FetchStopped:
                return

    def feed(self, url: str, kind: str | None = None) -> Iterator[Article | InputError]:
        """The articles of a feed (``--feed``: ``kind`` ``feed``), a sitemap (``--sitemap``:
        ``sitemap``) or a site (``--site``: ``site``); a feed or sitemap is read as one whatever
        ``kind`` says."""
        named: dict[str, str] = {}  # each article URL, and the listing that named it
        to_read = [(kind, url, None)]
        while to_read:
            kind, url, named_by = to_read.pop(0)
            try:
                read = self.read_source(url, kind, named_by=named_by)
            except FetchStopped:
                return
            except (FetchError, ListingError) as error:
                yield InputError(url, _reason(error, url))
                continue
            yield from read.problems
            for entry in read.entries:
                named.setdefault(entry.url, url)
            # a site's feeds or sitemaps; they find nothing further
            to_read += [(found_kind, found, url) for found_kind, found in read.found]
        for url, named_by in named.items():
            yield from self.urls([url], named_by=named_by)
            if self.stopped:
                return

    def listing_file(self, path: Path) -> Iterator[Article | InputError]:
        """The articles a feed or sitemap saved as a file lists, fetched."""
        try:
            listing = feeds.read_listing(path.read_bytes(), path.resolve().as_uri())
        except ListingError as error:
            yield InputError(str(path), str(error))
            return
        if listing.sitemaps and not listing.entries:
            yield InputError(str(path), f"is a sitemap index of {len(listing.sitemaps)} sitemaps; ingest them with "
                                        f"--sitemap URL, e.g. --sitemap {listing.sitemaps[0].url}")
            return
        if not listing.entries:
            yield InputError(str(path), f"is a {listing.kind} that lists no http(s) article.")
            return
        yield from self.urls(entry.url for entry in listing.entries)

    def recorder(self, also: Watcher | None = None) -> Watcher:
        """A pipeline :class:`~claimtrack.ingest.Watcher` that records each fetched page once its
        article is stored (then passes the item on to ``also``)."""
        return _Recorder(self, also or Watcher())

    # --- sources --------------------------------------------------------------------------------

    def read_source(self, url: str, kind: str | None = None, *, etag: str | None = None,
                    last_modified: str | None = None, since: str | None = None,
                    source_id: int | None = None, named_by: str | None = None) -> SourceRead:
        """Fetch a feed, a sitemap (an index with the sitemaps it is made of: those changed since
        ``since`` when they say when they changed) or a site's home page (its feeds, else the
        sitemaps its robots.txt names, else the links to articles on it). Raises
        :class:`FetchError` or :class:`ListingError` when the source itself cannot be read."""
        fetched = self.fetcher.fetch(url, etag=etag, last_modified=last_modified, document=True, named_by=named_by)
        if fetched.not_modified:
            return SourceRead(kind or "", etag=fetched.etag or etag, last_modified=fetched.last_modified or
                              last_modified, not_modified=True)
        read = SourceRead(kind or "", etag=fetched.etag, last_modified=fetched.last_modified)
        if feeds.listing_kind(fetched.content) or kind in (feeds.FEED, feeds.SITEMAP, feeds.SITEMAP_INDEX):
            try:
                listing = feeds.read_listing(fetched.content, fetched.final_url,
                                             limit=self.fetcher.policy.max_document_bytes)
            except ListingError as error:
                if fetched.media_type in HTML_TYPES:
                    raise ListingError(f"{str(error).rstrip('.')}: it is a web page (to read a site from its "
                                       "home page, use --site).") from None
                raise
            read.kind = listing.kind
            read.entries = list(listing.entries)
            self._expand_index(listing, read, _when(since), source_id, depth=1, named_by=fetched.final_url)
            return read
        if _is_pdf(fetched):
            raise ListingError("is a PDF, not a feed, a sitemap or a site's home page.")
        read.kind = SITE
        html = fetched.content.decode(fetched.charset or "utf-8", errors="replace")
        found = [(feeds.FEED, link) for link in feeds.feed_links(html, fetched.final_url)]
        if not found:
            sitemaps = self.fetcher.sitemaps_of(fetched.final_url)
            news = [link for link in sitemaps if "news" in link.lower()]
            found = [(feeds.SITEMAP, link) for link in news or sitemaps]
        if found:
            self.tell(f"{url}: reading its {' and '.join(sorted({k for k, _ in found}))}s: "
                      + ", ".join(link for _, link in found))
        else:
            read.entries = [Entry(link) for link in feeds.article_links(html, fetched.final_url)]
            self.tell(f"{url}: no feed or sitemap found; reading the {len(read.entries)} article links of its "
                      "home page")
        read.found = found
        return read

    def _expand_index(self, listing: Listing, read: SourceRead, since: dt.datetime | None, source_id: int | None,
                      depth: int, named_by: str) -> None:
        for sitemap in listing.sitemaps:
            changed = _when(sitemap.published)
            if since is not None and changed is not None and changed < since:
                continue
            known = self.db is not None and rows.get_page(self.db, sitemap.url) or {}
            try:
                fetched = self.fetcher.fetch(sitemap.url, etag=known.get("etag"), named_by=named_by,
                                             last_modified=known.get("last_modified"), document=True)
                if fetched.not_modified:
                    continue
                child = feeds.read_listing(fetched.content, fetched.final_url,
                                           limit=self.fetcher.policy.max_document_bytes)
            except (FetchError, ListingError) as error:
                read.problems.append(InputError(sitemap.url, _reason(error, sitemap.url)))
                continue
            read.entries += child.entries
            if depth < MAX_SITEMAP_DEPTH:
                self._expand_index(child, read, since, source_id, depth + 1, named_by=fetched.final_url)
            if self.db is not None:
                rows.record_page(self.db, sitemap.url, kind=feeds.SITEMAP, status=rows.LISTING, source_id=source_id,
                                 etag=fetched.etag, last_modified=fetched.last_modified, final_url=fetched.final_url)

    # --- one page -------------------------------------------------------------------------------

    def _page(self, url: str, *, source_id: int | None, named_by: str | None) -> Iterator[Article | InputError]:
        known = self.db is not None and rows.get_page(self.db, url) or {}
        stored = known.get("status") == rows.STORED
        try:
            fetched = self.fetcher.fetch(url, etag=known.get("etag") if stored else None, named_by=named_by,
                                         last_modified=known.get("last_modified") if stored else None)
        except FetchError as error:
            self._record_failure(url, error.reason, source_id, transient=error.transient)
            yield InputError(url, _reason(error, url))
            return
        if fetched.not_modified:
            self.not_modified.append(url)
            return
        if feeds.listing_kind(fetched.content):
            yield from self._listed(fetched, source_id)
            return
        try:
            article = self._article(fetched)
        except ArticleError as error:
            self._record_failure(url, str(error).removeprefix(f"{url}: "), source_id, transient=False)
            yield InputError(url, str(error).removeprefix(f"{url}: "))
            return
        published_at = page_metadata(article.html, url=fetched.final_url).published_at if article.html else None
        self._pending[article.source] = _Pending(fetched, source_id, published_at)
        yield article

    def _listed(self, fetched: Fetched, source_id: int | None) -> Iterator[Article | InputError]:
        try:
            listing = feeds.read_listing(fetched.content, fetched.final_url)
        except ListingError as error:
            yield InputError(fetched.url, str(error))
            return
        self.tell(f"{fetched.url}: a {listing.kind}; reading the {len(listing.entries)} articles it lists")
        if listing.sitemaps:
            yield InputError(fetched.url, f"is a sitemap index; ingest it with --sitemap {fetched.url}")
        yield from self.urls((entry.url for entry in listing.entries), source_id=source_id, named_by=fetched.final_url)

    def _article(self, fetched: Fetched) -> Article:
        """The article in a fetched page, or :class:`ArticleError` naming what else it is."""
        url = fetched.url
        if _is_pdf(fetched):
            raise ArticleError(f"{url}: is a PDF, not a web page; claimtrack reads news pages in HTML "
                               "(save the PDF's text as .txt to ingest it).")
        if fetched.media_type in HTML_TYPES or not fetched.media_type:
            article = read_html(fetched.content, source=url, where=url, url=fetched.final_url)
            if is_home_page(fetched.final_url) and is_home_page(article.url or fetched.final_url):
                raise ArticleError(f"{url}: is a site's home page, not an article; to read the articles of a site, "
                                   f"use --site {url}")
            return article
        if fetched.media_type == "text/plain":
            return replace(read_text(fetched.content, source=url, where=url), url=fetched.final_url)
        raise ArticleError(f"{url}: is {fetched.media_type}, not a web page claimtrack can read (HTML or plain text).")

    def _record_failure(self, url: str, reason: str, source_id: int | None, *, transient: bool) -> None:
        if self.db is not None:
            rows.record_page(self.db, url, kind="article", status=rows.RETRY if transient else rows.FAILED,
                             source_id=source_id, error=reason)

    def _stored(self, source: str, result: IngestResult | None) -> None:
        """The pipeline is done with the article read from ``source``: stored (``result``) or failed."""
        pending = self._pending.pop(source, None)
        if pending is None or self.db is None:
            return
        fetched = pending.fetched
        if result is None:  # claimtrack failed on it: fetched again next time, whole
            rows.record_page(self.db, fetched.url, kind="article", status=rows.RETRY, source_id=pending.source_id,
                             error="claimtrack failed on this article")
            return
        rows.record_page(self.db, fetched.url, kind="article", status=rows.STORED, source_id=pending.source_id,
                         etag=fetched.etag, last_modified=fetched.last_modified, final_url=fetched.final_url,
                         article_id=result.article_id, published_at=pending.published_at)


class _Recorder(Watcher):
    def __init__(self, reader: WebReader, also: Watcher) -> None:
        self.reader = reader
        self.also = also

    def item(self, item: Item, result: IngestResult | None) -> None:
        if isinstance(item, tuple):
            self.reader._stored(item[0].source, result)
        elif isinstance(item, ArticleFailure):
            self.reader._stored(item.where, None)
        self.also.item(item, result)

    def claims_starting(self, added: int) -> None:
        self.also.claims_starting(added)

    def claims_done(self, update) -> None:
        self.also.claims_done(update)


def _reason(error: Exception, url: str) -> str:
    """An error's message without the URL it starts with (an :class:`InputError` names it)."""
    if isinstance(error, FetchError):
        return error.reason
    return str(error).removeprefix(f"{url}: ")
