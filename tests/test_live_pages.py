"""What a page says about itself (canonical URL, outlet, date), saved or fetched, and what feeds,
sitemaps and home pages list: tables of saved pages of several outlets' layouts."""

import gzip

import pytest

from claimtrack import lexicon
from claimtrack.articles import read_html
from claimtrack.live import feeds
from claimtrack.live.feeds import Entry, ListingError
from claimtrack.live.metadata import page_metadata

from .local_web import FIXTURES, atom, home_page, news_sitemap, rss, sitemap_index

KOMPAS = "https://money.kompas.com/read/2019/09/10/050500526/kemenkeu-jawab-tudingan-soal-kenaikan-iuran-bpjs-kesehatan"
TRIBUN = ("https://www.tribunnews.com/bisnis/2019/09/10/menkeu-sri-mulyani-disalahkan-atas-kenaikan-iuran-bpjs-ini-"
          "respons-kemenkeu")
DETIK = ("https://finance.detik.com/berita-ekonomi-bisnis/d-4700012/kemenkeu-sri-mulyani-tinggalkan-gaji-puluhan-kali-"
         "lipat-demi-jadi-menteri")

# (saved page, URL, outlet, where the outlet came from, date, where the date came from, encoding)
SAVED_PAGES = [
    ("kompas-bpjs.html", KOMPAS, "Kompas.com", "og:site_name", "2019-09-10", "page metadata", "utf-8"),
    ("tribun-bpjs.html", TRIBUN, "Tribunnews", "og:site_name", "2019-09-10", "page metadata", "utf-8"),
    # no og:site_name: the canonical URL's host is in the table of known outlets
    ("detik-bpjs.html", DETIK, "detikcom", "domain table", "2019-09-09", "page metadata", "utf-8"),
    ("sindo-cp1252.html", None, "SINDOnews", "og:site_name", "2023-09-20", "page metadata", "cp1252"),
    # a canonical link to the home page is no article's identity; an outlet no table knows is taken
    # as the page names itself; no date in the metadata: `Senin (18/9/2023)` in the text
    ("lokal-jalan.html", None, "Harian Lintas Sumatera", "og:site_name", "2023-09-18", "body", "utf-8"),
]


@pytest.mark.parametrize(("name", "url", "outlet", "outlet_source", "published", "date_source", "encoding"),
                         SAVED_PAGES, ids=[row[0] for row in SAVED_PAGES])
def test_a_saved_page_keeps_its_url_outlet_and_date(name, url, outlet, outlet_source, published, date_source,
                                                    encoding):
    article = read_html((FIXTURES / name).read_bytes(), source=name)
    assert (article.url, article.outlet, article.outlet_source, article.published, article.date_source,
            article.encoding) == (url, outlet, outlet_source, published, date_source, encoding)
    assert article.html is not None and "Beranda" not in article.text and "Copyright" not in article.text


@pytest.mark.parametrize(("name", "fetched_from", "url", "url_source", "outlet", "outlet_source"), [
    ("kompas-bpjs.html", "http://127.0.0.1:8000/a", KOMPAS, "canonical link", "Kompas.com", "og:site_name"),
    ("lokal-jalan.html", "http://127.0.0.1:8000/news/lokal-jalan.html", "http://127.0.0.1:8000/news/lokal-jalan.html",
     "fetched URL", "Harian Lintas Sumatera", "og:site_name"),
    # no canonical link, no og:site_name: the fetched URL, and its domain
    ("<html><head><title>x</title></head><body><p>Isi.</p></body></html>", "https://www.beritabaru.co.id/a/b",
     "https://www.beritabaru.co.id/a/b", "fetched URL", "beritabaru.co.id", "domain"),
    ('<html><head><meta property="og:url" content="/read/99/berita"></head><body></body></html>',
     "https://m.antaranews.com/amp/read/99", "https://m.antaranews.com/read/99/berita", "og:url", "ANTARA",
     "domain table"),
])
def test_a_fetched_page_is_known_by_its_canonical_url(name, fetched_from, url, url_source, outlet, outlet_source):
    html = (FIXTURES / name).read_text(encoding="utf-8") if name.endswith(".html") else name
    found = page_metadata(html, url=fetched_from)
    assert (found.url, found.url_source, found.outlet, found.outlet_source) == (url, url_source, outlet, outlet_source)


def test_the_time_of_publication_is_kept_when_the_page_gives_it():
    html = (FIXTURES / "kompas-bpjs.html").read_text(encoding="utf-8")
    assert page_metadata(html).published_at == "2019-09-10T05:05:00+0700"
    assert page_metadata("<html><head><meta property='article:published_time' content='2019-09-10'></head>"
                         "<body></body></html>").published_at is None


class _Site:
    """A site's URLs without a server: the listings are read from bytes."""

    origin = "http://127.0.0.1:8000"

    def url(self, path: str) -> str:
        return f"{self.origin}{path}"


SITE = _Site()
PATHS = ["/news/kompas-bpjs.html", "/news/tribun-bpjs.html"]


@pytest.mark.parametrize(("data", "kind", "urls"), [
    (rss(SITE, PATHS), "feed", [SITE.url(p) for p in PATHS]),
    # Atom: the alternate link of each entry, relative to xml:base, not its enclosure
    (atom(SITE, PATHS), "feed", [SITE.url(p) for p in PATHS]),
    (news_sitemap(SITE, PATHS), "sitemap", [SITE.url(p) for p in PATHS]),
    (gzip.compress(news_sitemap(SITE, PATHS)), "sitemap", [SITE.url(p) for p in PATHS]),
    ("\n".join(SITE.url(p) for p in PATHS).encode(), "sitemap", [SITE.url(p) for p in PATHS]),
    (b"\xef\xbb\xbf" + rss(SITE, PATHS[:1]), "feed", [SITE.url(PATHS[0])]),
])
def test_feeds_and_sitemaps_list_their_articles(data, kind, urls):
    listing = feeds.read_listing(data, SITE.url("/listing"))
    assert (listing.kind, [entry.url for entry in listing.entries]) == (kind, urls)


def test_a_feed_and_a_news_sitemap_give_titles_and_dates():
    feed = feeds.read_listing(rss(SITE, PATHS[:1]), SITE.url("/rss.xml"))
    assert feed.entries == (Entry(SITE.url(PATHS[0]), "Berita 1", "2019-09-09T18:00:00+00:00"),)
    sitemap = feeds.read_listing(news_sitemap(SITE, PATHS[:1]), SITE.url("/sitemap.xml"))
    assert sitemap.entries == (Entry(SITE.url(PATHS[0]), "Berita 1", "2019-09-10T01:00:00+07:00"),)


def test_a_sitemap_index_lists_its_sitemaps():
    listing = feeds.read_listing(sitemap_index(SITE, ["/sitemap-news.xml"]), SITE.url("/sitemap-index.xml"))
    assert (listing.kind, listing.entries) == ("sitemap index", ())
    assert listing.sitemaps == (Entry(SITE.url("/sitemap-news.xml"), None, "2019-09-10T10:00:00+07:00"),)


@pytest.mark.parametrize(("data", "message"), [
    (b"<html><body>Berita</body></html>", "is not an RSS or Atom feed, nor a sitemap."),
    (b'<?xml version="1.0"?><note><to>redaksi</to></note>', "is not an RSS or Atom feed, nor a sitemap."),
    (b"\x1f\x8b\x08\x00broken", "starts like gzip but cannot be unpacked"),
    # entities are not expanded: no billion laughs, no local files read
    (b'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY x SYSTEM "file:///etc/passwd">]><urlset><url><loc>&x;</loc></url>'
     b"</urlset>", None),
])
def test_what_is_not_a_feed_or_sitemap_is_named(data, message):
    if message is None:
        assert feeds.read_listing(data, SITE.url("/s.xml")).entries == ()
        return
    with pytest.raises(ListingError) as caught:
        feeds.read_listing(data, SITE.url("/listing"))
    assert str(caught.value).startswith(message)


# Article addresses of Indonesian outlets, and the listing pages around them.
ARTICLE_SHAPES = [
    ("https://nasional.kompas.com/read/2023/09/20/10020011/menkeu-bicara-gaji", True),
    ("https://finance.detik.com/berita-ekonomi-bisnis/d-6944444/sri-mulyani-bicara", True),
    ("https://nasional.tempo.co/read/1774534/menkeu-sri-mulyani", True),
    ("https://www.cnnindonesia.com/ekonomi/20230920123456-532-1002288/sri-mulyani-buka-suara", True),
    ("https://www.tribunnews.com/nasional/2023/09/20/sri-mulyani-buka-suara", True),
    ("https://www.suara.com/news/menkeu-kenaikan-gaji-asn-disesuaikan-kemampuan", True),
    ("https://www.kompas.com/tag/gaji-asn-naik-tahun-depan", False),
    ("https://www.kompas.com/kategori/nasional", False),
    ("https://news.detik.com/indeks", False),
    ("https://www.tribunnews.com/nasional", False),
    ("https://www.suara.com/penulis/budi-santoso-wibowo-putra", False),
    ("https://www.suara.com/", False),
]


@pytest.mark.parametrize(("url", "article"), ARTICLE_SHAPES)
def test_an_articles_address_is_told_from_a_listing_pages(url, article):
    assert feeds.looks_like_article(url, lexicon.load()) is article


def test_a_home_page_names_its_feeds_and_its_articles():
    page = home_page([("/news/2023/09/20/menkeu-bicara-soal-gaji-asn", "Menkeu"),
                      ("https://elsewhere.example/news/2023/09/20/berita-lain-di-situs-lain", "Lain"),
                      ("/news/2023/09/20/menkeu-bicara-soal-gaji-asn#komentar", "Komentar")]).decode()
    assert feeds.feed_links(page, SITE.url("/")) == [SITE.url("/rss.xml"), SITE.url("/atom.xml")]
    assert feeds.article_links(page, SITE.url("/")) == [SITE.url("/news/2023/09/20/menkeu-bicara-soal-gaji-asn")]
