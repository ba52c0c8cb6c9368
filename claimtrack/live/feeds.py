"""Where a site lists its new articles: RSS and Atom feeds, sitemaps (news sitemaps too) and the
links of its home page. Bytes in, URLs out; nothing here fetches.

Feeds are read by feedparser (RSS 0.9x, 1.0 and 2.0, Atom 0.3 and 1.0, however broken);
sitemaps with lxml, entities and the network turned off (``<urlset>``, ``<sitemapindex>``, the
``<news:news>`` extension, gzip, and the plain-text form of one URL a line). A home page's feeds are
those its ``<link rel="alternate">`` names (trafilatura's ``determine_feed``); its article links
are the links to its own site whose address has an article's shape (:func:`article_links`).
"""

from __future__ import annotations

import calendar
import datetime as dt
import gzip
import io
import re
import zlib
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from claimtrack import lexicon

FEED, SITEMAP, SITEMAP_INDEX = "feed", "sitemap", "sitemap index"
# Tags that open a feed or a sitemap, looked for in a document's first bytes.
_FEED_ROOT = re.compile(rb"<(?:[\w-]+:)?(rss|feed|RDF)\b")
_SITEMAP_ROOT = re.compile(rb"<(?:[\w-]+:)?(urlset|sitemapindex)\b")
_HTML_ROOT = re.compile(rb"<(!doctype html|html|head|body)\b", re.IGNORECASE)
SNIFF_BYTES = 4096
# The sitemap protocol's limits: 50,000 URLs and 50 MB uncompressed.
MAX_SITEMAP_URLS = 50_000


class ListingError(ValueError):
    """A document that is not a feed or a sitemap claimtrack can read; the message says what it is."""


@dataclass(frozen=True)
class Entry:
    """One URL a listing names, with its title and date when the listing gives them."""

    url: str
    title: str | None = None
    published: str | None = None


@dataclass(frozen=True)
class Listing:
    """What a feed or a sitemap lists: article URLs (``entries``), and for a sitemap index the
    sitemaps it is made of (``sitemaps``, with their ``lastmod`` as ``published``)."""

    kind: str
    entries: tuple[Entry, ...] = ()
    sitemaps: tuple[Entry, ...] = ()


def _gunzip(data: bytes, limit: int) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as unzipped:
            out = unzipped.read(limit + 1)
    except (OSError, EOFError, zlib.error) as error:
        raise ListingError(f"starts like gzip but cannot be unpacked ({error}).") from None
    if len(out) > limit:
        raise ListingError(f"unpacks to more than the {limit // (1024 * 1024)} MB a sitemap may hold.")
    return out


def listing_kind(data: bytes) -> str | None:
    """``feed`` or ``sitemap`` when the first bytes of ``data`` open one (gzip or not), else ``None``.

    >>> listing_kind(b'<?xml version="1.0"?><rss version="2.0"><channel>')
    'feed'
    >>> listing_kind(b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'), listing_kind(b"<html>")
    ('sitemap', None)
    """
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.GzipFile(fileobj=io.BytesIO(data)).read(SNIFF_BYTES)
        except (OSError, EOFError, zlib.error):
            return None
    head = data[:SNIFF_BYTES]
    html = _HTML_ROOT.search(head)
    for kind, pattern in ((FEED, _FEED_ROOT), (SITEMAP, _SITEMAP_ROOT)):
        found = pattern.search(head)
        if found and (html is None or found.start() < html.start()):
            return kind
    return None


def read_listing(data: bytes, url: str, *, limit: int = 50 * 1024 * 1024) -> Listing:
    """The feed or sitemap in ``data``, fetched from (or saved as) ``url``; relative links are
    resolved against it. Raises :class:`ListingError` for anything else."""
    if data[:2] == b"\x1f\x8b":
        data = _gunzip(data, limit)
    kind = listing_kind(data)
    if kind == FEED:
        return read_feed(data, url)
    if kind == SITEMAP:
        return read_sitemap(data, url)
    listed = _text_sitemap(data)
    if listed is not None:
        return listed
    raise ListingError("is not an RSS or Atom feed, nor a sitemap.")


def _absolute(value: str | None, base: str) -> str | None:
    if not value or not value.strip():
        return None
    url = urljoin(base, value.strip())
    parts = urlsplit(url)
    return url if parts.scheme in ("http", "https") and parts.hostname else None


def read_feed(data: bytes, url: str) -> Listing:
    """An RSS or Atom feed's items, in the feed's order: each item's link (an Atom entry's
    ``alternate`` link), title and date."""
    import feedparser

    parsed = feedparser.parse(io.BytesIO(data), response_headers={"content-location": url},
                              sanitize_html=False, resolve_relative_uris=False)
    if not parsed.version and not parsed.entries:
        problem = parsed.get("bozo_exception")
        raise ListingError(f"is not a feed claimtrack can read ({problem})." if problem else "is not a feed.")
    entries = []
    for item in parsed.entries:
        link = item.get("link") or next((link.get("href") for link in item.get("links", ())
                                         if link.get("rel") == "alternate"), None)
        absolute = _absolute(link, url)
        if absolute:
            when = item.get("published_parsed") or item.get("updated_parsed")
            published = dt.datetime.fromtimestamp(calendar.timegm(when), dt.UTC).isoformat() if when else None
            entries.append(Entry(absolute, (item.get("title") or "").strip() or None, published))
    return Listing(FEED, tuple(dict.fromkeys(entries)))


def _local(element) -> str:
    from lxml import etree

    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _child_text(element, name: str) -> str | None:
    for child in element.iter():
        if _local(child) == name and child.text and child.text.strip():
            return child.text.strip()
    return None


def read_sitemap(data: bytes, url: str) -> Listing:
    """A sitemap's URLs (with a news sitemap's titles and publication dates, else ``lastmod``), or
    a sitemap index's sitemaps."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, remove_comments=True,
                             remove_pis=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise ListingError(f"is not a sitemap claimtrack can read ({error}).") from None
    if root is None or _local(root) not in ("urlset", "sitemapindex"):
        raise ListingError("is not a sitemap.")
    index = _local(root) == "sitemapindex"
    found = []
    for item in root:
        if _local(item) not in ("url", "sitemap"):
            continue
        location = _absolute(_child_text(item, "loc"), url)
        if location:
            found.append(Entry(location, _child_text(item, "title"),
                               _child_text(item, "publication_date") or _child_text(item, "lastmod")))
        if len(found) == MAX_SITEMAP_URLS:
            break
    found = tuple(dict.fromkeys(found))
    return Listing(SITEMAP_INDEX, sitemaps=found) if index else Listing(SITEMAP, entries=found)


def _text_sitemap(data: bytes) -> Listing | None:
    """The plain-text sitemap form: one http(s) URL a line, nothing else."""
    try:
        lines = [line.strip() for line in data.decode("utf-8").splitlines() if line.strip()]
    except UnicodeDecodeError:
        return None
    if not lines or not all(re.fullmatch(r"https?://\S+", line) for line in lines):
        return None
    return Listing(SITEMAP, entries=tuple(Entry(line) for line in dict.fromkeys(lines[:MAX_SITEMAP_URLS])))


def feed_links(html: str, url: str) -> list[str]:
    """The feeds a home page names (``<link rel="alternate" type="application/rss+xml">`` and
    the like; links that look like feeds when it names none)."""
    from trafilatura.feeds import FeedParameters, determine_feed

    host = urlsplit(url).hostname or ""
    return determine_feed(html, FeedParameters(url, host, url))


_DATE_PATH = re.compile(r"/(19|20)\d\d/[01]?\d/[0-3]?\d/")
_LONG_NUMBER = re.compile(r"\d{5,}")
_SLUG_WORD = re.compile(r"[a-z0-9]+")


def _same_site(host: str, home: str) -> bool:
    host, home = host.removeprefix("www."), home.removeprefix("www.")
    return host == home or host.endswith(f".{home}") or home.endswith(f".{host}")


def looks_like_article(url: str, lex: lexicon.Lexicon) -> bool:
    """Whether a URL has the shape of a news article's address: a date in its path
    (`/2023/09/20/`), a long number (`/read/1774534/`, `d-6944444`), or a last part that is a slug
    of four words or more (`/menkeu-kenaikan-gaji-asn-disesuaikan`), and no word of a listing page
    (`/tag/`, `/kategori/`, `/indeks`: ``[web] listing_path_words`` of the language data).

    >>> lex = lexicon.load()
    >>> [looks_like_article(u, lex) for u in ("https://x.co.id/read/2023/09/20/12345678/menkeu-bicara",
    ...  "https://x.co.id/nasional/menkeu-kenaikan-gaji-asn-disesuaikan", "https://x.co.id/tag/gaji-asn-terbaru-2023",
    ...  "https://x.co.id/nasional", "https://x.co.id/indeks/2023/09/20/")]
    [True, True, False, False, False]
    """
    path = urlsplit(url).path.lower()
    parts = [part for part in path.split("/") if part]
    if not parts or any(part in lex.listing_path_words for part in parts):
        return False
    last = parts[-1].rsplit(".", 1)[0]
    slug = len(_SLUG_WORD.findall(last)) >= 4 and ("-" in last or "_" in last)
    return slug or bool(_DATE_PATH.search(path) and len(parts) > 3) or bool(_LONG_NUMBER.search(path))


def article_links(html: str, url: str) -> list[str]:
    """The links of a home page to articles of its own site (:func:`looks_like_article`), in page
    order, without fragments."""
    from trafilatura.utils import load_html

    tree = load_html(html)
    if tree is None:
        return []
    home = urlsplit(url).hostname or ""
    lex = lexicon.load()
    found = []
    for href in tree.xpath("//a/@href"):
        link = _absolute(href, url)
        if link is None:
            continue
        link = link.split("#", 1)[0]
        if _same_site(urlsplit(link).hostname or "", home) and looks_like_article(link, lex):
            found.append(link)
    return list(dict.fromkeys(found))
