"""`claimtrack ingest URL…`, `--feed`, `--sitemap`, `--site`, a feed file, and `claimtrack watch`
with its alerts, against news sites on 127.0.0.1 (``tests/local_web.py``); never a real site."""

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time

import pytest
from click.testing import CliRunner

from claimtrack import storage
from claimtrack.cli import cli

from .conftest import ROOT
from .local_web import Answer, NewsSite, home_page, news_site, rss

QUICK = ["--rate", "0", "--timeout", "2s", "--retries", "0"]


@pytest.fixture()
def runner():
    return CliRunner()


@pytest.fixture()
def site():
    with news_site() as running:
        yield running


def _articles() -> list[dict]:
    db = storage.open_database()
    return list(db.query("select articles.source, articles.url, outlets.name as outlet, articles.published, "
                         "articles.html is not null as has_html, articles.version from articles "
                         "left join outlets on outlets.id = articles.outlet_id order by articles.id"))


def _stderr_lines(result) -> list[str]:
    return [line for line in result.output.splitlines() if line.startswith(("Skipped", "Source", "Failed"))]


# --- ingest -------------------------------------------------------------------------------------

def test_ingest_fetches_urls_and_names_each_one_it_cannot_read(runner, site):
    urls = [site.url(path) for path in ("/news/kompas-bpjs.html", "/news/sindo-shoigu.html", "/news/hilang.html",
                                        "/laporan/anggaran.pdf", "/private/rahasia.html", "/putar-a", "/gambar.jpg",
                                        "/")]
    result = runner.invoke(cli, ["ingest", *QUICK, *urls])
    assert result.exit_code == 1
    o = site.origin
    assert _stderr_lines(result) == [
        f"Skipped {o}/news/hilang.html: HTTP 404 Not Found.",
        f"Skipped {o}/laporan/anggaran.pdf: is a PDF, not a web page; claimtrack reads news pages in HTML (save the "
        "PDF's text as .txt to ingest it).",
        f"Skipped {o}/private/rahasia.html: robots.txt of {site.host} does not allow claimtrack to fetch it.",
        f"Skipped {o}/putar-a: redirects in a loop: {o}/putar-a → {o}/putar-b → {o}/putar-a.",
        f"Skipped {o}/gambar.jpg: is image/jpeg, not a web page claimtrack can read (HTML or plain text).",
        f"Skipped {o}/: is a site's home page, not an article; to read the articles of a site, use --site {o}/",
    ]
    assert _articles() == [
        {"source": urls[0], "url": "https://money.kompas.com/read/2019/09/10/050500526/kemenkeu-jawab-tudingan-soal-"
         "kenaikan-iuran-bpjs-kesehatan", "outlet": "Kompas.com", "published": "2019-09-10", "has_html": 1,
         "version": 1},
        # no canonical link: the page is known by the URL it was fetched from
        {"source": urls[1], "url": urls[1], "outlet": "SINDOnews", "published": "2023-09-20", "has_html": 1,
         "version": 1},
    ]
    assert "/private/rahasia.html" not in site.paths()


def test_a_page_fetched_again_is_asked_for_only_if_it_changed(runner, site):
    url = site.url("/news/lokal-jalan.html")
    assert runner.invoke(cli, ["ingest", *QUICK, url]).exit_code == 0
    again = runner.invoke(cli, ["ingest", *QUICK, url])
    assert again.exit_code == 0 and "1 page not fetched again: unchanged since stored." in again.output
    assert "if-none-match" in site.hits[-1].headers
    page = site.routes["/news/lokal-jalan.html"]
    site.routes["/news/lokal-jalan.html"] = Answer(page.body.replace(b"bulan depan", b"pekan depan"))
    assert runner.invoke(cli, ["ingest", *QUICK, url]).exit_code == 0
    assert [row["version"] for row in _articles()] == [1, 2]


@pytest.mark.parametrize(("options", "stored", "skipped"), [
    (["--feed", "/rss.xml"], ["/news/kompas-bpjs.html", "/news/tribun-bpjs.html", "/news/sindo-shoigu.html"],
     ["/news/hilang.html", "/private/rahasia.html"]),
    (["--feed", "/atom.xml"], ["/news/detik-bpjs.html"], ["/laporan/anggaran.pdf"]),
    (["--sitemap", "/sitemap-news.xml"], ["/news/kompas-bpjs.html", "/news/tribun-bpjs.html", "/news/detik-bpjs.html"],
     []),
    (["--sitemap", "/sitemap-index.xml"],
     ["/news/kompas-bpjs.html", "/news/tribun-bpjs.html", "/news/detik-bpjs.html"], []),
    # the home page names an RSS and an Atom feed
    (["--site", "/"], ["/news/kompas-bpjs.html", "/news/tribun-bpjs.html", "/news/sindo-shoigu.html",
                       "/news/detik-bpjs.html"], ["/news/hilang.html", "/private/rahasia.html", "/laporan/anggaran.pdf"]),
])
def test_ingest_reads_feeds_sitemaps_and_sites(runner, site, options, stored, skipped):
    result = runner.invoke(cli, ["ingest", *QUICK, options[0], site.url(options[1])])
    assert sorted(row["source"] for row in _articles()) == sorted(site.url(path) for path in stored)
    assert [line.split(":", 3)[:3] for line in _stderr_lines(result)] == \
        [f"Skipped {site.url(path)}".split(":", 3)[:3] for path in skipped]
    assert result.exit_code == (1 if skipped else 0)


def test_a_feed_that_is_a_web_page_is_named(runner, site):
    result = runner.invoke(cli, ["ingest", *QUICK, "--feed", site.url("/")])
    assert result.exit_code == 1
    assert f"Skipped {site.url('/')}: is not an RSS or Atom feed, nor a sitemap: it is a web page (to read a site " \
           "from its home page, use --site)." in result.output


def test_a_site_without_feeds_is_read_from_its_home_page_links(runner):
    links = [("/2023/09/18/warga-keluhkan-jalan-rusak-di-lintas-timur", "Jalan rusak"), ("/kategori/daerah", "Daerah"),
             ("/tag/jalan-rusak-lintas-timur-sumatera", "Tag")]
    page = (ROOT / "tests" / "fixtures" / "web" / "lokal-jalan.html").read_bytes()
    with NewsSite({"/": Answer(home_page(links, feeds=False)), "/robots.txt": Answer(b"", status=404),
                   links[0][0]: Answer(page)}) as portal:
        result = runner.invoke(cli, ["ingest", *QUICK, "--site", portal.url("/")])
    assert result.exit_code == 0, result.output
    assert f"{portal.url('/')}: no feed or sitemap found; reading the 1 article links of its home page" in result.output
    assert [row["source"] for row in _articles()] == [portal.url(links[0][0])]
    assert "/kategori/daerah" not in portal.paths()


@pytest.mark.parametrize("name", ["kabar.xml", "kabar.rss", "kabar.txt"])
def test_a_saved_feed_file_is_read_as_a_feed(runner, site, tmp_path, name):
    feed = tmp_path / name
    feed.write_bytes(rss(site, ["/news/kompas-bpjs.html", "/news/tribun-bpjs.html"]))
    result = runner.invoke(cli, ["ingest", *QUICK, str(feed)])
    assert result.exit_code == 0, result.output
    assert [row["source"] for row in _articles()] == [site.url("/news/kompas-bpjs.html"),
                                                      site.url("/news/tribun-bpjs.html")]


@pytest.mark.parametrize(("argument", "message"), [
    ("ftp://127.0.0.1/kabar.html", "ftp://127.0.0.1/kabar.html: only http:// and https:// addresses are fetched, "
                                   "not ftp://."),
    ("tidak-ada.txt", "Path 'tidak-ada.txt' does not exist."),
])
def test_ingest_refuses_what_it_cannot_fetch_or_open(runner, argument, message):
    result = runner.invoke(cli, ["ingest", argument])
    assert result.exit_code == 2 and message in result.output


# --- watch --------------------------------------------------------------------------------------

def _watch(runner, *args):
    return runner.invoke(cli, ["watch", "--once", *QUICK, *args])


def _alert_lines(result) -> list[str]:
    return [line for line in result.output.splitlines() if line.startswith(("[", "claim "))]


def test_a_watch_stores_what_is_new_and_alerts_once(runner, site):
    feed = ["/news/kompas-bpjs.html", "/news/tribun-bpjs.html", "/news/sindo-shoigu.html"]
    site.routes["/rss.xml"] = Answer(rss(site, feed), content_type="application/rss+xml")
    rules = ["--alert", "speaker:Sri Mulyani", "--alert", "claims", "--alert", "query:defisit anggaran"]
    first = _watch(runner, site.url("/rss.xml"), *rules)
    assert first.exit_code == 0, first.output
    assert len(_articles()) == 3
    alerts = _alert_lines(first)
    kompas = "https://money.kompas.com/read/2019/09/10/050500526/kemenkeu-jawab-tudingan-soal-kenaikan-iuran-bpjs-kesehatan"
    assert [re.sub(r" quote \d+ ", " ", line) for line in alerts if "(Kompas.com" in line] == [
        "[speaker:Sri Mulyani] Sri Mulyani Indrawati (Kompas.com, 2019-09-10): “kenaikan iuran diperlukan untuk "
        f"menutup defisit.” {kompas}",
        "[speaker:Sri Mulyani] Sri Mulyani Indrawati (Kompas.com, 2019-09-10): “Kalau iuran tidak disesuaikan, defisit "
        f"BPJS Kesehatan akan terus membesar dan membebani anggaran negara,” {kompas}",
        "[query:defisit anggaran] Sri Mulyani Indrawati (Kompas.com, 2019-09-10): “Kalau iuran tidak disesuaikan, "
        f"defisit BPJS Kesehatan akan terus membesar dan membebani anggaran negara,” {kompas}"]
    assert all(line.startswith("[speaker:Sri Mulyani] Sri Mulyani ") for line in alerts if line.startswith("[speaker:"))
    claims = [line for line in alerts if line.startswith("claim ")]
    assert len(claims) == 1 and claims[0].endswith(": now 2 outlets; first Kompas.com 2019-09-10 05:05")

    # Restarted: the feed did not change (one request after robots.txt, answered 304); nothing is
    # alerted again.
    hits = len(site.hits)
    second = _watch(runner, *rules)
    assert second.exit_code == 0 and _alert_lines(second) == []
    assert site.paths()[hits:] == ["/robots.txt", "/rss.xml"] and "if-none-match" in site.hits[-1].headers

    # One more outlet reports the claim: only its page is fetched, and the claim's alert says so.
    site.routes["/rss.xml"] = Answer(rss(site, [*feed, "/news/detik-bpjs.html"]), content_type="application/rss+xml")
    hits = len(site.hits)
    third = _watch(runner, *rules)
    assert site.paths()[hits:] == ["/robots.txt", "/rss.xml", "/news/detik-bpjs.html"]
    claims = [line for line in _alert_lines(third) if line.startswith("claim ")]
    assert len(claims) == 1 and claims[0].endswith(": now 3 outlets; first detikcom 2019-09-09 19:45"), third.output
    assert storage.open_database()["alerts"].count == len(alerts) + len(_alert_lines(third))


def test_alerts_go_out_as_json_to_a_command_and_to_a_webhook(runner, site, tmp_path):
    received = tmp_path / "alerts.jsonl"
    command = f"{sys.executable} -c \"import sys; open({str(received)!r}, 'a').write(sys.stdin.read())\""
    result = _watch(runner, site.url("/atom.xml"), "--alert", "speaker:Nufransa", "--json", "--exec", command,
                    "--webhook", site.url("/hook"))
    printed = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    assert printed and all(alert["rule"] == "speaker:Nufransa" and alert["speaker"] == "Nufransa Wira Sakti"
                           and alert["outlet"] == "detikcom" for alert in printed)
    by_command = [json.loads(line) for line in received.read_text(encoding="utf-8").splitlines()]
    by_webhook = [json.loads(body) for path, body in site.posted if path == "/hook"]
    assert by_command == printed and by_webhook == printed
    assert {hit.headers["content-type"] for hit in site.hits if hit.path == "/hook"} == {"application/json"}


def test_an_alert_that_cannot_be_handed_on_is_reported_and_not_retried(runner, site):
    result = _watch(runner, site.url("/atom.xml"), "--alert", "speaker:Nufransa", "--webhook", site.url("/hilang"),
                    "--exec", "tidak-ada-perintah-ini")
    assert result.exit_code == 0
    problems = [line for line in result.output.splitlines() if line.startswith("Alert ")]
    assert problems and all("not handed on" in line for line in problems)
    assert "--exec tidak-ada-perintah-ini: no such command 'tidak-ada-perintah-ini'." in problems[0]
    assert f"--webhook {site.url('/hilang')}: HTTP 404 Not Found (alert 1)." in result.output
    db = storage.open_database()
    assert {row["delivered_at"] is not None for row in db["alerts"].rows} == {True}


def test_a_webhook_that_fails_for_a_while_is_asked_again(site):
    from claimtrack.live.alerts import Alert, DeliveryError, WebhookHandler

    alert = Alert(7, "claims", "claim", "claim 1 …", {"rule": "claims"})
    with pytest.raises(DeliveryError, match=r"^--webhook .*/galat: HTTP 500 Internal Server Error \(alert 7\)\.$"):
        WebhookHandler(site.url("/galat"), backoff=0.01)(alert)
    WebhookHandler(site.url("/hook"), backoff=0.01)(alert)
    assert [path for path, _ in site.posted] == ["/galat", "/galat", "/galat", "/hook"]


def test_an_alert_a_dead_watch_recorded_is_handed_on_by_the_next(runner, site):
    from claimtrack.live import alerts

    db = storage.open_database()
    host = alerts.owner().rsplit(":", 1)[0]
    db["alerts"].insert({"key": "speaker:X|quote|1", "rule": "speaker:X", "kind": "quote", "line": "[speaker:X] dulu",
                         "payload": json.dumps({"rule": "speaker:X"}), "owner": f"{host}:999999999",
                         "created_at": "2019-09-10T00:00:00+00:00"})
    result = _watch(runner, site.url("/atom.xml"))
    assert "[speaker:X] dulu" in result.output.splitlines()
    assert _watch(runner).output.count("[speaker:X] dulu") == 0


def test_a_source_that_is_down_is_reported_backed_off_and_the_others_go_on(runner, site):
    down, up = site.url("/galat.html"), site.url("/atom.xml")
    result = _watch(runner, down, up)
    assert result.exit_code == 1
    assert [line.split(" (failed")[0] for line in _stderr_lines(result)] == [
        f"Source {down}: HTTP 500 Internal Server Error.", f"Skipped {site.url('/laporan/anggaran.pdf')}: is a PDF, "
        "not a web page; claimtrack reads news pages in HTML (save the PDF's text as .txt to ingest it)."]
    assert [row["source"] for row in _articles()] == [site.url("/news/detik-bpjs.html")]
    source = storage.open_database()["sources"].get(1)
    assert (source["url"], source["errors_in_a_row"], source["error"]) == (down, 1, "HTTP 500 Internal Server Error.")
    # Not due again before its backoff (the round interval, doubled with each failure) is over.
    hits = len(site.hits)
    again = _watch(runner, "--every", "10m")
    assert "/galat.html" not in site.paths()[hits:] and again.exit_code == 0


def test_a_watch_refuses_what_it_cannot_watch(runner):
    assert "No source to watch; name feeds, sitemaps or sites: claimtrack watch URL" in _watch(runner).output
    result = _watch(runner, "--alert", "pembicara:Jokowi", "http://127.0.0.1:9/rss.xml")
    assert result.exit_code == 2
    assert "'pembicara:Jokowi' is not an alert rule; write speaker:NAME, query:WORDS or claims." in result.output
    assert "only http:// and https:// addresses are fetched" in _watch(runner, "file:///etc/passwd").output


def test_sigterm_stops_a_watch_between_two_articles(tmp_path):
    """The signal arrives while the second page is being fetched: that article is stored whole, the
    third is never asked for, the claims are updated, and the database passes `check`."""
    release = threading.Event()
    with news_site() as site:
        second = site.routes["/news/tribun-bpjs.html"]

        def held(hit):
            release.wait(60)
            return second

        site.routes["/news/tribun-bpjs.html"] = held
        site.routes["/rss.xml"] = Answer(rss(site, ["/news/kompas-bpjs.html", "/news/tribun-bpjs.html",
                                                    "/news/detik-bpjs.html"]), content_type="application/rss+xml")
        db = tmp_path / "watch.db"
        process = subprocess.Popen([sys.executable, "-c", "from claimtrack.cli import cli; cli()", "watch", "--every", "1h", *QUICK,
                                    "--db", str(db), site.url("/rss.xml")], cwd=ROOT, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        deadline = time.monotonic() + 120
        while "/news/tribun-bpjs.html" not in site.paths() and time.monotonic() < deadline:
            time.sleep(0.05)
        process.send_signal(signal.SIGTERM)
        time.sleep(0.2)
        release.set()
        output, _ = process.communicate(timeout=120)
        paths = site.paths()
    assert process.returncode == 0, output
    assert "Stopping after the article being stored" in output and "2 articles stored" in output
    assert "/news/detik-bpjs.html" not in paths
    assert storage.open_database(db)["articles"].count == 2
    checked = CliRunner().invoke(cli, ["check", "--db", str(db)])
    assert checked.exit_code == 0, checked.output
