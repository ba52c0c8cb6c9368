"""A news site on 127.0.0.1 for the tests and the benchmarks; never a real site.

:func:`news_site` serves saved pages of several outlets' layouts (``tests/fixtures/web``), an RSS
and an Atom feed, a news sitemap and a sitemap index, a home page that names its feeds, a
robots.txt that forbids a path, and what a crawler meets on the way: a slow page, 404, 500, 429 (for
good, and once then the page), a redirect loop, a redirect to ftp://, an oversized page (declared,
and streamed without a length), a PDF and a page in windows-1252. Every request is logged with its
time and headers (:attr:`NewsSite.hits`); pages answer ``304`` to their ETag; POSTs are kept
(:attr:`NewsSite.posted`; ``…/galat`` answers 500, ``…/hilang`` 404), so the same server receives
webhooks.
"""

from __future__ import annotations

import hashlib
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "web"
ARTICLES = {
    "/news/kompas-bpjs.html": ("kompas-bpjs.html", "text/html; charset=utf-8"),
    "/news/tribun-bpjs.html": ("tribun-bpjs.html", "text/html; charset=UTF-8"),
    "/news/detik-bpjs.html": ("detik-bpjs.html", "text/html"),
    "/news/sindo-shoigu.html": ("sindo-cp1252.html", "text/html; charset=windows-1252"),
    "/news/lokal-jalan.html": ("lokal-jalan.html", "text/html; charset=utf-8"),
}


@dataclass(frozen=True)
class Hit:
    path: str
    at: float  # time.monotonic() when the request arrived
    headers: dict[str, str]


@dataclass
class Answer:
    """What a path answers: a status, a body, headers; ``delay`` seconds before answering;
    ``etag``: answer 304 to a request that sends the body's ETag."""

    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    etag: bool = True
    length: bool = True  # send Content-Length (else stream the body and close)


Route = Answer | Callable[[Hit], Answer]


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        """A client that hung up (a timeout, a page cut at the size limit) is no error here."""


class NewsSite:
    """A threaded HTTP server on 127.0.0.1 and a free port; ``routes`` maps a path to an
    :class:`Answer` or to a function of the request that returns one, ``fallback`` answers the
    other paths (``None``: 404). Use as a context manager."""

    def __init__(self, routes: dict[str, Route] | None = None, *,
                 fallback: Callable[[Hit], Answer | None] | None = None) -> None:
        self.routes: dict[str, Route] = dict(routes or {})
        self.fallback = fallback
        self.hits: list[Hit] = []
        self.posted: list[tuple[str, bytes]] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def setup(self) -> None:
                super().setup()
                # Headers and body go out as two writes: without this, Nagle's algorithm and the
                # client's delayed ACK hold every answer back 40 ms.
                self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

            def log_message(self, format, *args) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                hit = Hit(self.path, time.monotonic(), {k.lower(): v for k, v in self.headers.items()})
                site.hits.append(hit)
                route = site.routes.get(self.path.split("?", 1)[0])
                if route is not None:
                    answer = route(hit) if callable(route) else route
                else:
                    answer = site.fallback(hit) if site.fallback else None
                if answer is None:
                    answer = Answer(b"<html><body><h1>404 Halaman tidak ditemukan</h1></body></html>", status=404)
                if answer.delay:
                    time.sleep(answer.delay)
                tag = f'"{hashlib.sha1(answer.body).hexdigest()[:16]}"'
                if answer.etag and answer.status == 200 and hit.headers.get("if-none-match") == tag:
                    self.send_response(304)
                    self.send_header("ETag", tag)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(answer.status)
                self.send_header("Content-Type", answer.content_type)
                if answer.etag and answer.status == 200:
                    self.send_header("ETag", tag)
                for name, value in answer.headers.items():
                    self.send_header(name, value)
                if answer.length:
                    self.send_header("Content-Length", str(len(answer.body)))
                else:
                    self.send_header("Connection", "close")
                    self.close_connection = True
                self.end_headers()
                try:
                    for start in range(0, len(answer.body), 65536):
                        self.wfile.write(answer.body[start:start + 65536])
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                site.hits.append(Hit(self.path, time.monotonic(), {k.lower(): v for k, v in self.headers.items()}))
                site.posted.append((self.path, body))
                status = 500 if self.path.endswith("/galat") else 404 if self.path.endswith("/hilang") else 204
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = _QuietServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def origin(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def host(self) -> str:
        return self.origin.removeprefix("http://")

    def url(self, path: str) -> str:
        return f"{self.origin}{path}"

    def paths(self) -> list[str]:
        return [hit.path for hit in self.hits]

    def __enter__(self) -> NewsSite:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def _page(name: str, content_type: str) -> Answer:
    return Answer((FIXTURES / name).read_bytes(), content_type=content_type)


def rss(site: NewsSite, paths: list[str]) -> bytes:
    items = "".join(
        f"<item><title>Berita {number}</title><link>{site.url(path)}</link><guid>{site.url(path)}</guid>"
        f"<pubDate>Tue, 10 Sep 2019 0{number % 10}:00:00 +0700</pubDate></item>"
        for number, path in enumerate(paths, 1))
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Kabar Terkini</title>'
            f"<link>{site.url('/')}</link><description>Berita terbaru</description>{items}</channel></rss>").encode()


def atom(site: NewsSite, paths: list[str]) -> bytes:
    entries = "".join(
        f'<entry><title>Berita {number}</title><link rel="alternate" type="text/html" href="{path}"/>'
        f'<link rel="enclosure" type="image/jpeg" href="/gambar/{number}.jpg"/><id>tag:berita,{number}</id>'
        f"<updated>2019-09-09T19:4{number}:00+07:00</updated></entry>"
        for number, path in enumerate(paths, 1))
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" '
            f'xml:base="{site.url("/")}"><title>Kabar Terkini</title><id>tag:berita</id>'
            f"<updated>2019-09-10T00:00:00Z</updated>{entries}</feed>").encode()


def news_sitemap(site: NewsSite, paths: list[str]) -> bytes:
    urls = "".join(
        f"<url><loc>{site.url(path)}</loc><news:news><news:publication><news:name>Kabar</news:name>"
        f"<news:language>id</news:language></news:publication><news:publication_date>2019-09-10T0{number}:00:00+07:00"
        f"</news:publication_date><news:title>Berita {number}</news:title></news:news></url>"
        for number, path in enumerate(paths, 1))
    return ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}</urlset>').encode()


def sitemap_index(site: NewsSite, paths: list[str]) -> bytes:
    maps = "".join(f"<sitemap><loc>{site.url(path)}</loc><lastmod>2019-09-10T10:00:00+07:00</lastmod></sitemap>"
                   for path in paths)
    return ('<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/'
            f'sitemap/0.9">{maps}</sitemapindex>').encode()


HOME = """<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>Kabar Terkini - Berita Hari Ini</title>
<link rel="alternate" type="application/rss+xml" title="Kabar Terkini RSS" href="/rss.xml">
<link rel="alternate" type="application/atom+xml" title="Kabar Terkini Atom" href="/atom.xml">
</head><body><nav><a href="/">Beranda</a> <a href="/kategori/nasional">Nasional</a> <a href="/kategori/ekonomi">Ekonomi</a>
<a href="/indeks">Indeks</a> <a href="/tag/bpjs-kesehatan">BPJS</a></nav>
<main><h2>Berita Utama</h2>{links}</main><footer><a href="/redaksi">Redaksi</a> <a href="/pedoman">Pedoman</a></footer>
</body></html>"""


def home_page(links: list[tuple[str, str]], *, feeds: bool = True) -> bytes:
    page = HOME.format(links="".join(f'<article><a href="{href}">{title}</a></article>' for href, title in links))
    if not feeds:
        page = "\n".join(line for line in page.splitlines() if 'rel="alternate"' not in line)
    return page.encode()


ROBOTS = "User-agent: *\nDisallow: /private/\n\nSitemap: {origin}/sitemap-news.xml\n"
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def news_site() -> NewsSite:
    """The test site: see the module docstring."""
    site = NewsSite()
    for path, (name, content_type) in ARTICLES.items():
        site.routes[path] = _page(name, content_type)
    feed_paths = ["/news/kompas-bpjs.html", "/news/tribun-bpjs.html", "/news/sindo-shoigu.html", "/news/hilang.html",
                  "/private/rahasia.html"]
    site.routes.update({
        "/robots.txt": Answer(ROBOTS.format(origin=site.origin).encode(), content_type="text/plain"),
        "/": Answer(home_page([("/news/kompas-bpjs.html", "Kemenkeu Jawab Tudingan")])),
        "/rss.xml": Answer(rss(site, feed_paths), content_type="application/rss+xml"),
        "/atom.xml": Answer(atom(site, ["/news/detik-bpjs.html", "/laporan/anggaran.pdf"]),
                            content_type="application/atom+xml"),
        "/sitemap-news.xml": Answer(news_sitemap(site, ["/news/kompas-bpjs.html", "/news/tribun-bpjs.html",
                                                        "/news/detik-bpjs.html"]), content_type="application/xml"),
        "/sitemap-index.xml": Answer(sitemap_index(site, ["/sitemap-news.xml"]), content_type="application/xml"),
        "/private/rahasia.html": _page("kompas-bpjs.html", "text/html"),
        "/lambat.html": Answer((FIXTURES / "lokal-jalan.html").read_bytes(), delay=1.0),
        "/galat.html": Answer(b"<html><body>Internal Server Error</body></html>", status=500),
        "/sibuk.html": Answer(b"<html><body>Too Many Requests</body></html>", status=429,
                              headers={"Retry-After": "0"}),
        "/putar-a": Answer(status=302, headers={"Location": "/putar-b"}),
        "/putar-b": Answer(status=301, headers={"Location": "/putar-a"}),
        "/ke-ftp": Answer(status=302, headers={"Location": "ftp://127.0.0.1/berkas.html"}),
        "/pindah": Answer(status=301, headers={"Location": "/news/lokal-jalan.html"}),
        "/besar.html": Answer(b"<html><body>" + b"<p>kata dia.</p>" * 400_000 + b"</body></html>"),
        "/besar-tanpa-panjang.html": Answer(b"<html><body>" + b"<p>kata dia.</p>" * 400_000 + b"</body></html>",
                                            length=False),
        "/laporan/anggaran.pdf": Answer(PDF, content_type="application/pdf"),
        "/gambar.jpg": Answer(b"\xff\xd8\xff\xe0" + b"\x00" * 64, content_type="image/jpeg"),
    })
    tries = {"/sekali-sibuk.html": 0}

    def once_busy(hit: Hit) -> Answer:
        tries[hit.path] += 1
        if tries[hit.path] == 1:
            return Answer(b"busy", status=429, headers={"Retry-After": "0"})
        return _page("lokal-jalan.html", "text/html; charset=utf-8")

    site.routes["/sekali-sibuk.html"] = once_busy
    return site
