"""Fetching politely and safely, against a news site on 127.0.0.1 (``tests/local_web.py``), never a
real one: each failure names the URL and the reason, robots.txt and the delay per host hold."""

import threading

import pytest

from claimtrack import __version__
from claimtrack.live.fetch import Fetcher, FetchError, FetchPolicy, FetchStopped, _retry_after, check_url

from .local_web import Answer, NewsSite, news_site

QUICK = FetchPolicy(delay=0, timeout=0.4, retries=1, backoff=0.01)


@pytest.fixture(scope="module")
def site():
    with news_site() as running:
        yield running


# (path, the reason given, whether trying again later may help); {o} is the site, {h} its host.
FAILURES = [
    ("/news/hilang.html", "HTTP 404 Not Found.", False),
    ("/galat.html", "HTTP 500 Internal Server Error (tried 2 times).", True),
    ("/sibuk.html", "HTTP 429 Too Many Requests (tried 2 times).", True),
    ("/lambat.html", "timed out after 400ms (tried 2 times).", True),
    ("/putar-a", "redirects in a loop: {o}/putar-a → {o}/putar-b → {o}/putar-a.", False),
    ("/ke-ftp", "redirected to ftp://127.0.0.1/berkas.html, which is not fetched: only http:// and https:// "
                "addresses are fetched, not ftp://.", False),
    ("/besar.html", "is 6.1 MB, more than the 5.0 MB claimtrack reads.", False),
    ("/besar-tanpa-panjang.html", "is more than the 5.0 MB claimtrack reads.", False),
    ("/private/rahasia.html", "robots.txt of {h} does not allow claimtrack to fetch it.", False),
]


@pytest.mark.parametrize(("path", "reason", "transient"), FAILURES, ids=[row[0] for row in FAILURES])
def test_a_failure_names_the_url_and_the_reason(site, path, reason, transient):
    with Fetcher(QUICK) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.fetch(site.url(path))
    reason = reason.format(o=site.origin, h=site.host)
    assert str(caught.value) == f"{site.url(path)}: {reason}"
    assert caught.value.transient is transient


@pytest.mark.parametrize(("url", "message"), [
    ("ftp://127.0.0.1/berita.html", "only http:// and https:// addresses are fetched, not ftp://."),
    ("file:///etc/passwd", "only http:// and https:// addresses are fetched, not file://."),
    ("javascript:alert(1)", "only http:// and https:// addresses are fetched, not javascript://."),
    ("www.kompas.com/read/1", "only http:// and https:// addresses are fetched, not an address without http:// or "
                              "https://."),
    ("http:///berita.html", "the address names no host."),
])
def test_only_http_and_https_addresses_are_fetched(url, message):
    with pytest.raises(FetchError, match="^") as caught:
        check_url(url)
    assert caught.value.reason == message


def test_a_redirect_gives_the_final_url_and_a_429_is_asked_again(site):
    with Fetcher(QUICK) as fetcher:
        moved = fetcher.fetch(site.url("/pindah"))
        assert (moved.url, moved.final_url, moved.status) == (site.url("/pindah"), site.url("/news/lokal-jalan.html"), 200)
        before = site.paths().count("/sekali-sibuk.html")
        busy_once = fetcher.fetch(site.url("/sekali-sibuk.html"))
    assert busy_once.status == 200 and b"Lintas Timur" in busy_once.content
    assert site.paths().count("/sekali-sibuk.html") - before == 2


def test_a_page_fetched_again_with_its_validators_is_not_sent_again(site):
    with Fetcher(QUICK) as fetcher:
        first = fetcher.fetch(site.url("/news/kompas-bpjs.html"))
        again = fetcher.fetch(site.url("/news/kompas-bpjs.html"), etag=first.etag)
    assert first.status == 200 and first.etag and len(first.content) > 1000
    assert again.not_modified and again.content == b""
    assert site.hits[-1].headers["if-none-match"] == first.etag


def test_every_request_names_claimtrack_and_its_version(site):
    with Fetcher(QUICK) as fetcher:
        fetcher.fetch(site.url("/news/tribun-bpjs.html"))
    agents = {hit.headers["user-agent"] for hit in site.hits}
    assert agents == {f"claimtrack/{__version__} (news quote tracker; obeys robots.txt)"}


def _gaps(hits) -> list[float]:
    times = [hit.at for hit in hits]
    return [later - earlier for earlier, later in zip(times, times[1:], strict=False)]


def test_no_host_is_asked_faster_than_the_delay():
    """Two sites fetched in turn: each one's requests (robots.txt included) are at least the delay
    apart, measured where the requests arrive."""
    delay = 0.15
    with news_site() as first, news_site() as second, Fetcher(FetchPolicy(delay=delay, retries=0)) as fetcher:
        for path in ["/news/kompas-bpjs.html", "/news/tribun-bpjs.html", "/news/detik-bpjs.html"]:
            fetcher.fetch(first.url(path))
            fetcher.fetch(second.url(path))
    for site in (first, second):
        assert len(site.hits) == 4
        assert min(_gaps(site.hits)) >= delay


def test_robots_txt_crawl_delay_makes_the_delay_longer():
    with NewsSite({"/robots.txt": Answer(b"User-agent: *\nCrawl-delay: 0.3\n", content_type="text/plain"),
                   "/a.html": Answer(b"<html><body>a</body></html>"), "/b.html": Answer(b"<html><body>b</body></html>")}
                  ) as site, Fetcher(FetchPolicy(delay=0, retries=0)) as fetcher:
        fetcher.fetch(site.url("/a.html"))
        fetcher.fetch(site.url("/b.html"))
    assert site.paths() == ["/robots.txt", "/a.html", "/b.html"]
    assert min(_gaps(site.hits)[1:]) >= 0.3


@pytest.mark.parametrize(("robots", "outcome"), [
    (Answer(b"", status=404), "fetched"),  # no robots.txt: every path allowed (RFC 9309 2.3.1.3)
    (Answer(b"", status=403), "fetched"),
    (Answer(b"busy", status=503), "robots.txt of {h} could not be read (HTTP 503 Service Unavailable); a site is not "
                                  "crawled until it answers (RFC 9309). Tried again after 5m."),
    (Answer(b"User-agent: claimtrack\nDisallow: /\n\nUser-agent: *\nAllow: /\n", content_type="text/plain"),
     "robots.txt of {h} does not allow claimtrack to fetch it."),
    (Answer(b"User-agent: *\nDisallow: /*.html$\n", content_type="text/plain"),
     "robots.txt of {h} does not allow claimtrack to fetch it."),
])
def test_robots_txt_is_obeyed_as_rfc_9309_says(robots, outcome):
    with NewsSite({"/robots.txt": robots, "/berita.html": Answer(b"<html><body>berita</body></html>")}) as site, \
            Fetcher(FetchPolicy(delay=0, retries=0)) as fetcher:
        try:
            fetcher.fetch(site.url("/berita.html"))
            found = "fetched"
        except FetchError as error:
            found = error.reason
    assert found == outcome.format(h=site.host)


def test_a_stop_ends_a_wait_without_fetching():
    """robots.txt is fetched, then the page waits out the delay, which the stop ends."""
    stop = threading.Event()
    with news_site() as site, Fetcher(FetchPolicy(delay=30, retries=0), stop=stop) as fetcher:
        threading.Timer(0.1, stop.set).start()
        with pytest.raises(FetchStopped):
            fetcher.fetch(site.url("/news/kompas-bpjs.html"))
    assert site.paths() == ["/robots.txt"]


@pytest.mark.parametrize(("header", "seconds"), [("120", 120.0), ("0", 0.0), (None, None), ("soon", None),
                                                 ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0)])
def test_retry_after_is_read_as_seconds_or_a_date(header, seconds):
    assert _retry_after(header) == seconds


@pytest.mark.parametrize(("url", "private"), [
    ("http://127.0.0.1:8000/a", True), ("http://10.1.2.3/a", True), ("http://192.168.1.20/a", True),
    ("http://169.254.169.254/latest/meta-data/", True), ("http://[::1]/a", True), ("http://localhost/a", True),
    ("http://8.8.8.8/a", False), ("http://[2001:4860:4860::8888]/a", False),
])
def test_private_and_local_addresses_are_known(url, private):
    assert Fetcher(QUICK).is_private(url) is private


def test_a_public_page_may_not_send_claimtrack_to_a_private_address(site, monkeypatch):
    """The site on 127.0.0.1 stands for a public one; `localhost` for the private network."""
    monkeypatch.setattr(Fetcher, "is_private", lambda self, url: url.startswith("http://localhost"))
    local = site.url("/news/lokal-jalan.html").replace("127.0.0.1", "localhost")
    site.routes["/ke-lokal"] = Answer(status=302, headers={"Location": local})
    host = local.split("/")[2]
    with Fetcher(QUICK) as fetcher:
        with pytest.raises(FetchError) as redirected:
            fetcher.fetch(site.url("/ke-lokal"))
        with pytest.raises(FetchError) as listed:
            fetcher.fetch(local, named_by=site.url("/rss.xml"))
        assert fetcher.fetch(local).status == 200  # what the user names on their own network is fetched
    assert redirected.value.reason == (f"redirected to {local}, {host} is a private or local address, where a public "
                                       "page or feed may not send claimtrack.")
    assert listed.value.reason == f"{host} is a private or local address, where a public page or feed may not send " \
                                  "claimtrack."
