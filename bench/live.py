"""The web input path, measured against news sites on 127.0.0.1 (never a real site).

    .venv/bin/python bench/live.py [ARTICLES.jsonl] [--pages 500] [--watch-pages 2000] [--per-round 200]
                                   [--delay 0.25] [--skip speed,watch,polite]

The sites run in a child process (so that their memory is not counted here) and serve CLICK-ID
articles as news pages in three outlets' layouts (menus, "Baca juga" links, related headlines,
footers; canonical link, og:site_name and article:published_time from the article's own record),
an RSS feed that shows the ``--per-round`` newest articles and moves on by as many each time it is
read, and a robots.txt that forbids ``/private/``; a second site's robots.txt also asks for a
Crawl-delay. Three measurements, each a ratio or a count within this one run:

- **speed**: pages per second through the fetch path with the delay off, ``--pages`` pages:
  fetching alone (HTTP, robots.txt, the body), then fetching and reading each page into an
  article (decoding, trafilatura, canonical URL, outlet, htmldate), then the whole pipeline
  (extraction and storage, claims not matched) for comparison;
- **watch**: memory over a watch of ``--watch-pages`` pages in rounds of ``--per-round``, delay
  off, claims matched and one alert rule on: the watching process's resident memory after each
  round, and its peak; then, in another fresh process, the same pages in the same rounds read from
  memory into the same pipeline (no HTTP): what the watch adds is the difference;
- **polite**: ``--delay`` between two requests to one site, pages of two sites fetched in turn,
  some of them under ``/private/``: the shortest gap between two requests to each site, measured
  where they arrive, against the delay (the second site's Crawl-delay of twice it), and the
  requests for ``/private/`` (there must be none).
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT = ROOT.parent / "shared" / "data" / "clickid_news" / "articles.jsonl"
MIB = 1024 * 1024

LAYOUTS = [
    # (outlet's menu, the article's wrapper) — three of the layouts the tests' saved pages have
    ('<header><nav><a href="/">Beranda</a> <a href="/kategori/nasional">Nasional</a> <a href="/kategori/money">'
     'Money</a> <a href="/indeks">Indeks</a></nav></header>', '<article class="read"><div class="read__content">{}'
     '</div></article>'),
    ('<div id="top-menu"><a href="/news">News</a> <a href="/bisnis">Bisnis</a> <a href="/seleb">Seleb</a></div>',
     '<div class="side-article txt-article">{}</div>'),
    ('<div class="navbar"><a href="/">Berita</a> | <a href="/foto">Foto</a> | <a href="/indeks">Indeks</a></div>',
     '<div class="detail__body-text">{}</div>'),
]


def page_html(number: int, record: dict) -> bytes:
    """A CLICK-ID article as a news page (CLICK-ID joins paragraphs with commas; split them back)."""
    menu, wrapper = LAYOUTS[number % len(LAYOUTS)]
    paragraphs = [p.strip() for p in re.split(r",(?=[A-Z“\"])", record["content"]) if p.strip()]
    body = "".join(f"<p>{p}</p>" for p in paragraphs[:3])
    body += f'<p>Baca juga: <a href="/news/{number + 1}.html">Berita lainnya</a></p>'
    body += "".join(f"<p>{p}</p>" for p in paragraphs[3:])
    related = "".join(f'<li><a href="/news/{number + k}.html">Berita terkait {k}</a></li>' for k in (2, 3, 4))
    return (f'<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>{record["title"]}</title>'
            f'<link rel="canonical" href="{record["url"]}"><meta property="og:site_name" content="{record["outlet"]}">'
            f'<meta property="article:published_time" content="{record["date"]}T08:00:00+07:00"></head><body>{menu}'
            f'<h1>{record["title"]}</h1>{wrapper.format(body)}<aside><h3>Berita Terkait</h3><ul>{related}</ul></aside>'
            f'<footer>Copyright {record["outlet"]}. All rights reserved.</footer></body></html>').encode()


def serve(path: Path, count: int, per_round: int, delay: float) -> None:
    """The child process: two sites; prints their origins, then serves until stdin closes."""
    from tests.local_web import Answer, NewsSite, rss

    records = [json.loads(line) for line in itertools.islice(path.open(encoding="utf-8"), count)]
    state = {"shown": 0}

    def article(hit):
        found = re.fullmatch(r"/(?:private/)?news/(\d+)\.html", hit.path)
        if found and int(found[1]) < len(records):
            return Answer(page_html(int(found[1]), records[int(found[1])]))
        return None

    def feed(hit):
        state["shown"] = min(len(records), state["shown"] + per_round)
        newest = range(state["shown"] - 1, max(-1, state["shown"] - per_round - 1), -1)
        return Answer(rss(first, [f"/news/{n}.html" for n in newest]), content_type="application/rss+xml", etag=False)

    def hits(site):
        return lambda hit: Answer(json.dumps([[h.path, h.at] for h in site.hits if h.path != "/_hits"]).encode(),
                                  content_type="application/json", etag=False)

    robots = "User-agent: *\nDisallow: /private/\n"
    first = NewsSite({"/robots.txt": Answer(robots.encode(), content_type="text/plain"), "/rss.xml": feed},
                     fallback=article)
    slower = f"{robots}Crawl-delay: {2 * delay}\n"
    second = NewsSite({"/robots.txt": Answer(slower.encode(), content_type="text/plain")}, fallback=article)
    first.routes["/_hits"], second.routes["/_hits"] = hits(first), hits(second)
    with first, second:
        print(json.dumps([first.origin, second.origin]), flush=True)
        sys.stdin.read()


def rss_mib() -> float:
    import psutil

    return psutil.Process().memory_info().rss / MIB


def speed(first: str, pages: int) -> dict:
    from claimtrack import ingest, storage
    from claimtrack.live.fetch import Fetcher, FetchPolicy
    from claimtrack.live.reader import WebReader

    urls = [f"{first}/news/{n}.html" for n in range(pages)]
    policy = FetchPolicy(delay=0, retries=0)
    results = {}
    with Fetcher(policy) as fetcher:
        started = time.perf_counter()
        size = sum(len(fetcher.fetch(url).content) for url in urls)
        results["fetch"] = pages / (time.perf_counter() - started)
    with Fetcher(policy) as fetcher:
        started = time.perf_counter()
        read = sum(1 for item in WebReader(fetcher).urls(urls) if not hasattr(item, "message"))
        results["fetch_and_read"] = pages / (time.perf_counter() - started)
    from claimtrack.extracting.pipeline import shared_pipeline

    shared_pipeline()  # not timed: loaded once per process
    with tempfile.TemporaryDirectory() as folder, Fetcher(policy) as fetcher:
        db = storage.open_database(Path(folder) / "speed.db")
        reader = WebReader(fetcher, db)
        started = time.perf_counter()
        done = ingest.ingest(reader.urls(urls), db, claims=False, watcher=reader.recorder())
        results["fetch_read_extract_store"] = done.added / (time.perf_counter() - started)
    results.update(pages=pages, articles_read=read, mean_page_kib=round(size / pages / 1024, 1))
    return results


def watch(first: str, pages: int, per_round: int) -> dict:
    """A watch of ``pages`` pages in rounds of ``per_round`` (run in a child process of its own)."""
    from claimtrack import storage
    from claimtrack.extracting.pipeline import shared_pipeline
    from claimtrack.live.alerts import AlertRule
    from claimtrack.live.fetch import Fetcher, FetchPolicy
    from claimtrack.live.reader import WebReader
    from claimtrack.live.watch import Watch, WatchListener

    shared_pipeline()
    rounds = []

    class Listener(WatchListener):
        def round_done(self, report) -> None:
            rounds.append({"round": report.number, "stored": report.ingest.added if report.ingest else 0,
                           "seconds": round(report.seconds, 1), "rss_mib": round(rss_mib(), 1)})

    with tempfile.TemporaryDirectory() as folder, Fetcher(FetchPolicy(delay=0, retries=0)) as fetcher:
        db = storage.open_database(Path(folder) / "watch.db")
        watcher = Watch(db, WebReader(fetcher, db), every=0.001, rules=[AlertRule("claims")], listener=Listener())
        watcher.add([f"{first}/rss.xml"])
        before = rss_mib()
        for number in range(1, pages // per_round + 1):
            watcher.round(number)
        stored = db["articles"].count
    return {"pages": pages, "per_round": per_round, "articles": stored, "rss_before_mib": round(before, 1),
            "rounds": rounds, "peak_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def control(path: Path, pages: int, per_round: int) -> dict:
    """The same pages in the same rounds and order, read from memory instead of fetched (no HTTP,
    no robots.txt, no page records): what the pipeline alone holds, for comparison with the watch."""
    from claimtrack import ingest, storage
    from claimtrack.articles import read_html
    from claimtrack.extracting.pipeline import shared_pipeline

    shared_pipeline()
    records = [json.loads(line) for line in itertools.islice(path.open(encoding="utf-8"), pages)]
    rounds = []
    with tempfile.TemporaryDirectory() as folder:
        db = storage.open_database(Path(folder) / "control.db")
        before = rss_mib()
        for number in range(1, pages // per_round + 1):
            started = time.perf_counter()
            shown = range(number * per_round - 1, (number - 1) * per_round - 1, -1)
            done = ingest.ingest((read_html(page_html(n, records[n]), source=f"/news/{n}.html") for n in shown), db)
            rounds.append({"round": number, "stored": done.added, "seconds": round(time.perf_counter() - started, 1),
                           "rss_mib": round(rss_mib(), 1)})
    return {"pages": pages, "per_round": per_round, "rss_before_mib": round(before, 1), "rounds": rounds,
            "peak_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def polite(first: str, second: str, delay: float, pages: int = 20) -> dict:
    import httpx

    from claimtrack.live.fetch import Fetcher, FetchPolicy
    from claimtrack.live.reader import WebReader

    urls = []
    for n in range(pages):
        urls += [f"{first}/news/{n}.html", f"{second}/news/{n}.html"]
        if n % 4 == 0:
            urls += [f"{first}/private/news/{n}.html", f"{second}/private/news/{n}.html"]
    with Fetcher(FetchPolicy(delay=delay, retries=0)) as fetcher:
        refused = sum(1 for item in WebReader(fetcher).urls(urls) if "robots.txt" in getattr(item, "message", ""))
    result = {"delay": delay, "requests_asked": len(urls), "refused_by_robots": refused}
    for name, origin, floor in (("first", first, delay), ("second", second, 2 * delay)):
        hits = httpx.get(f"{origin}/_hits").json()
        times = [at for _, at in hits]
        gaps = [later - earlier for earlier, later in zip(times, times[1:], strict=False)]
        result[name] = {"requests": len(hits), "private_requests": sum(p.startswith("/private/") for p, _ in hits),
                        "shortest_gap": round(min(gaps), 3), "required_gap": floor, "held": min(gaps) >= floor}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--watch-pages", type=int, default=2000)
    parser.add_argument("--per-round", type=int, default=200)
    parser.add_argument("--delay", type=float, default=0.25)
    parser.add_argument("--skip", default="", help="comma-separated: speed, watch, polite")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--child", choices=["watch", "control"], help=argparse.SUPPRESS)
    parser.add_argument("--origin", help=argparse.SUPPRESS)
    args = parser.parse_args()
    count = max(args.pages, args.watch_pages) + 10
    if args.serve:
        serve(args.articles, count, args.per_round, args.delay)
        return
    if args.child == "watch":
        print(json.dumps(watch(args.origin, args.watch_pages, args.per_round)))
        return
    if args.child == "control":
        print(json.dumps(control(args.articles, args.watch_pages, args.per_round)))
        return
    common = [str(args.articles), "--pages", str(args.pages), "--watch-pages", str(args.watch_pages),
              "--per-round", str(args.per_round), "--delay", str(args.delay)]
    server = subprocess.Popen([sys.executable, __file__, *common, "--serve"], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        first, second = json.loads(server.stdout.readline())
        skip = set(args.skip.split(","))
        if "polite" not in skip:  # first, so that the sites have seen no other request
            print(json.dumps({"polite": polite(first, second, args.delay)}), flush=True)
        if "speed" not in skip:
            print(json.dumps({"speed": speed(first, args.pages)}), flush=True)
        if "watch" not in skip:  # each in a fresh process, so that neither inherits the other's memory
            for child in ("watch", "control"):
                run = subprocess.run([sys.executable, __file__, *common, "--child", child, "--origin", first],
                                     capture_output=True, text=True, check=True)
                print(json.dumps({child: json.loads(run.stdout.splitlines()[-1])}), flush=True)
    finally:
        server.stdin.close()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
