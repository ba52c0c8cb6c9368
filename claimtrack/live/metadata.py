"""What a news page says about itself: its canonical URL, its outlet and when it was published.

Read from the page's markup, for a fetched page and a saved one alike
(:func:`claimtrack.articles.read_html` calls :func:`page_metadata`):

- **URL**, the article's identity: ``<link rel="canonical">``, else ``og:url``, else the URL the
  page was fetched from after redirects. A canonical URL that is a site's home page is not taken:
  sites that point every page's canonical link at ``/`` would otherwise make all their articles
  versions of one.
- **outlet**: the known outlet (``[[outlets]]`` of the language data) that ``og:site_name`` or the
  URL's host names, else ``og:site_name`` as written, else the URL's domain.
- **date**: what htmldate finds in the page's metadata (``article:published_time``, JSON-LD,
  ``<time>``, the URL), without its extensive search of the text: the text patterns of
  :func:`claimtrack.articles.parse_article`, which know Indonesian dates, come after.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

from claimtrack import lexicon

# Where each value came from, as ``articles.outlet_source`` / ``date_source`` record it.
FROM_CANONICAL, FROM_OG_URL, FROM_FETCH = "canonical link", "og:url", "fetched URL"
FROM_SITE_NAME, FROM_DOMAIN_TABLE, FROM_DOMAIN = "og:site_name", "domain table", "domain"
FROM_PAGE_METADATA = "page metadata"


@dataclass(frozen=True)
class PageMetadata:
    """What :func:`page_metadata` found; each value ``None`` when the page does not say."""

    url: str | None = None
    url_source: str | None = None
    outlet: str | None = None
    outlet_source: str | None = None
    published: str | None = None  # YYYY-MM-DD, what articles store and claims match on
    published_at: str | None = None  # with the time and zone, when the page gives them
    date_source: str | None = None


def _absolute(value: str | None, base: str | None) -> str | None:
    """``value`` as an absolute http(s) URL (relative to ``base``), else ``None``."""
    if not value or not value.strip():
        return None
    url = urljoin(base, value.strip()) if base else value.strip()
    parts = urlsplit(url)
    return url if parts.scheme in ("http", "https") and parts.hostname else None


def is_home_page(url: str) -> bool:
    """Whether ``url`` is a site's home page (no path, no query).

    >>> is_home_page("https://www.kompas.com/"), is_home_page("https://www.kompas.com/read/1")
    (True, False)
    """
    parts = urlsplit(url)
    return parts.path in ("", "/") and not parts.query


def _meta(tree, name: str) -> str | None:
    for value in tree.xpath("//meta[@property=$name or @name=$name]/@content", name=name):
        if value.strip():
            return value.strip()
    return None


def _canonical(tree, base: str | None) -> tuple[str | None, str | None]:
    links = [href for rel, href in ((link.get("rel", ""), link.get("href")) for link in tree.xpath("//link[@href]"))
             if "canonical" in rel.lower().split()]
    for value, source in [*((href, FROM_CANONICAL) for href in links), (_meta(tree, "og:url"), FROM_OG_URL)]:
        url = _absolute(value, base)
        if url and not is_home_page(url):
            return url, source
    if base and _absolute(base, None):
        return base, FROM_FETCH
    return None, None


def outlet_of(site_name: str | None, url: str | None, lex: lexicon.Lexicon) -> tuple[str | None, str | None]:
    """The outlet a page's ``og:site_name`` and URL name, and where it came from.

    >>> lex = lexicon.load()
    >>> outlet_of("KOMPAS.com", None, lex), outlet_of(None, "https://nasional.kompas.com/read/1", lex)
    (('Kompas.com', 'og:site_name'), ('Kompas.com', 'domain table'))
    >>> outlet_of("Harian Jogja", "https://news.harianjogja.com/read/1", lex)
    ('Harian Jogja', 'og:site_name')
    """
    host = (urlsplit(url).hostname or "") if url else ""
    if site_name and lex.outlet_named(site_name):
        return lex.outlet_named(site_name), FROM_SITE_NAME
    if host and lex.outlet_named(host):
        return lex.outlet_named(host), FROM_DOMAIN_TABLE
    if site_name:
        return site_name, FROM_SITE_NAME
    if host:
        return _domain(host), FROM_DOMAIN
    return None, None


def _domain(host: str) -> str:
    """The registered domain of a host (`news.example.co.id` → `example.co.id`), the host itself for
    an address."""
    from courlan import extract_domain  # trafilatura's URL library: knows the public suffixes

    return extract_domain(f"http://{host}/") or host.removeprefix("www.")


# One page is asked about twice when it is fetched: by `read_html`, then for its time of publication.
@lru_cache(maxsize=1)
def page_metadata(html: str, *, url: str | None = None) -> PageMetadata:
    """The canonical URL, outlet and publication date of a news page; ``url`` is where it was
    fetched from (after redirects), ``None`` for a saved page."""
    import htmldate
    from trafilatura.utils import load_html

    tree = load_html(html)
    if tree is None:
        return PageMetadata()
    canonical, url_source = _canonical(tree, url)
    outlet, outlet_source = outlet_of(_meta(tree, "og:site_name"), canonical, lexicon.load())
    when = htmldate.find_date(tree, extensive_search=False, original_date=True,
                              outputformat="%Y-%m-%dT%H:%M:%S%z", url=canonical, deferred_url_extractor=True)
    # htmldate writes a date without a time as midnight without a zone: that is no time at all.
    at = when if when and not when.endswith("T00:00:00") else None
    return PageMetadata(url=canonical, url_source=url_source, outlet=outlet, outlet_source=outlet_source,
                        published=when[:10] if when else None, published_at=at,
                        date_source=FROM_PAGE_METADATA if when else None)
