"""End to end in a real browser: `serve` on loopback, the claim page of the seed sanctions claim in headless
Chromium. Needs Playwright's Python package (in the dev extra) and Debian's chromium
(`apt-get install -y chromium`); Playwright's own browser downloads are never used."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from click.testing import CliRunner

from claimtrack.cli import cli

from .conftest import ROOT

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="the browser test needs Playwright's Python package: pip install -e '.[dev]'"
)
CHROMIUM = os.environ.get("CLAIMTRACK_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no Chromium on this machine: install Debian's package with `apt-get install -y chromium` "
           "(or point CLAIMTRACK_CHROMIUM at a Chromium binary)",
)
# Without the background-networking flags Chromium keeps calling Google services; the network is closed.
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SINDO = "Tekanan sanksi terhadap Rusia dan Iran menunjukkan kesia-siaan, sementara interaksi Rusia-Iran mencapai tingkat yang baru,"
PURNA = "Tekanan sanksi terhadap Rusia dan Iran terbukti sia-sia, sementara kerja sama Rusia-Iran mencapai titik tertinggi baru,"


# A CLICK-ID sample joins the seeds when the shared data sits beside the clone (as in CI); its texts
# may not be redistributed, so no copy ships with the tests.
CLICKID = ROOT.parent / "shared" / "data" / "clickid_news" / "articles.jsonl"
CLICKID_SAMPLE = 40


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser")
    path = folder / "claims.db"
    result = CliRunner().invoke(cli, ["demo", "--db", str(path)])
    assert result.exit_code == 0, result.output
    if CLICKID.is_file():
        with CLICKID.open(encoding="utf-8") as lines:
            (folder / "clickid.jsonl").write_text("".join(next(lines) for _ in range(CLICKID_SAMPLE)), encoding="utf-8")
        result = CliRunner().invoke(cli, ["ingest", str(folder / "clickid.jsonl"), "--db", str(path)])
        assert result.exit_code == 0, result.output
    return path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(demo_db, tmp_path_factory):
    """`serve` in its own process, as `claimtrack serve` runs it; yields its base URL."""
    port = _free_port()
    log = (tmp_path_factory.mktemp("server") / "serve.log").open("w+")
    process = subprocess.Popen(
        [sys.executable, "-c", "import sys; from claimtrack.web.serve import serve; serve(sys.argv[1], port=int(sys.argv[2]))",
         str(demo_db), str(port)],
        stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{base}/-/versions.json", timeout=2).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                log.seek(0)
                pytest.fail(f"claimtrack serve did not start on {base}:\n{log.read()}")
            time.sleep(0.2)
    yield base
    process.terminate()
    process.wait(timeout=10)
    log.close()


@pytest.fixture
def page(tmp_path):
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "chromium-profile"), executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS,
        )
        try:
            yield context.new_page()
        finally:
            context.close()


@pytest.fixture
def screenshot_dir(tmp_path):
    """$CLAIMTRACK_SCREENSHOT_DIR when set (for CI artifacts), else the test's temporary folder."""
    folder = os.environ.get("CLAIMTRACK_SCREENSHOT_DIR") or tmp_path
    os.makedirs(folder, exist_ok=True)
    return folder


def _sanctions_claim(demo_db) -> int:
    import sqlite3

    with sqlite3.connect(demo_db) as conn:
        rows = conn.execute("select distinct claim_id from claim_members where text like '%sanksi%'").fetchall()
    assert len(rows) == 1, rows
    return rows[0][0]


def test_claim_page_shows_both_wordings_and_the_difference(server, demo_db, page, screenshot_dir):
    page.goto(f"{server}/-/claimtrack/claim/{_sanctions_claim(demo_db)}")
    sindo = page.locator('section[data-outlet="SINDOnews"] blockquote')
    purna = page.locator('section[data-outlet="Purna Warta"] blockquote')
    sync_api.expect(sindo).to_have_text(SINDO)
    sync_api.expect(purna).to_have_text(PURNA)
    changed = purna.locator("ins", has_text="terbukti sia-sia")
    sync_api.expect(changed).to_be_visible()
    sync_api.expect(sindo.locator("del", has_text="menunjukkan kesia-siaan")).to_be_visible()
    assert changed.evaluate("node => getComputedStyle(node).backgroundColor") not in ("rgba(0, 0, 0, 0)", "transparent")
    screenshot = os.path.join(screenshot_dir, "claim-sanctions.png")
    page.screenshot(path=screenshot, full_page=True)
    print(f"screenshot: {screenshot}")
    assert os.path.getsize(screenshot) > 10_000

    page.locator('section[data-outlet="Purna Warta"]').get_by_role("link", name="Read it in the article").click()
    sync_api.expect(page.locator("mark#quote")).to_have_text(PURNA)


def test_speaker_page_draws_the_timeline_counts_and_filters(server, page, screenshot_dir):
    page.goto(f"{server}/-/claimtrack/speaker/1")
    sync_api.expect(page.locator("h1")).to_have_text("Sergei Shoigu")
    assert page.locator("svg.claimtrack-timeline circle").count() >= 2
    page.get_by_text("Quotes per day and outlet").click()
    # Purna Warta gives a weekday and day but no year: its quotes are undated, not counted on a day.
    sync_api.expect(page.locator(".claimtrack-days td", has_text="SINDOnews 4")).to_be_visible()
    sync_api.expect(page.locator("tbody.claimtrack-claim-group").first).to_be_visible()
    page.screenshot(path=os.path.join(screenshot_dir, "speaker-shoigu.png"), full_page=True)
    page.select_option("select[name=kind]", "direct")
    page.get_by_role("button", name="Filter").click()
    sync_api.expect(page.locator(".claimtrack-meta").first).to_contain_text("7 quotes (filtered)")
    kinds = page.locator("table.claimtrack-quotes tbody tr td:nth-child(3)").all_inner_texts()
    assert kinds and {kind.strip(" ?") for kind in kinds} == {"direct"}
    page.screenshot(path=os.path.join(screenshot_dir, "speaker-shoigu-direct.png"), full_page=True)


def test_home_page_search_finds_what_a_speaker_said_end_to_end(server, demo_db, page, screenshot_dir):
    page.goto(f"{server}/")
    sync_api.expect(page.locator("h1")).to_have_text("Who said what")
    assert page.locator('#claimtrack-speakers option[value="Sergei Shoigu"]').count() == 1  # suggested
    claims = page.locator("table.claimtrack-claims tbody tr")
    assert claims.count() == 4
    sync_api.expect(claims.first).to_contain_text("SINDOnews, 2023-09-20")  # the first reporter
    sync_api.expect(page.locator(".claimtrack-speakers li").first).to_contain_text("Sergei Shoigu")
    page.screenshot(path=os.path.join(screenshot_dir, "home.png"), full_page=True)

    page.fill("input[name=speaker]", "Shoigu")
    page.fill("input[name=q]", "sanksi")
    page.get_by_role("button", name="Search").click()
    sync_api.expect(page.locator("h1.claimtrack-found")).to_have_text("2 quotes by Shoigu matching “sanksi”")
    rows = page.locator("table.claimtrack-quotes tbody tr")
    assert rows.count() == 2
    sync_api.expect(rows.filter(has_text=PURNA)).to_contain_text("undated")  # a weekday and day give no year
    page.screenshot(path=os.path.join(screenshot_dir, "search-shoigu-sanksi.png"), full_page=True)

    rows.filter(has_text=PURNA).get_by_role("link", name=f"claim {_sanctions_claim(demo_db)}").click()
    sync_api.expect(page.locator("h1.claimtrack-statement")).to_contain_text("Tekanan sanksi")
    sync_api.expect(page.locator(".claimtrack-first")).to_contain_text("First reported by SINDOnews on 2023-09-20")
    sync_api.expect(page.get_by_role("link", name="← previous claim of Sergei Shoigu")).to_be_visible()


def test_article_page_shows_paragraphs_with_labelled_quotes(server, demo_db, page, screenshot_dir):
    import sqlite3

    with sqlite3.connect(demo_db) as conn:
        article_id, quotes = conn.execute(
            "select article_id, count(*) from quotes where article_id in (select id from articles where source like "
            "'clickid-%') group by article_id order by count(*) desc limit 1").fetchone() if CLICKID.is_file() \
            else conn.execute("select 3, count(*) from quotes where article_id = 3").fetchone()
    page.goto(f"{server}/-/claimtrack/article/{article_id}")
    assert page.locator(".claimtrack-article p").count() > 3  # paragraphs, not one wall of text
    labels = page.locator(".claimtrack-article .claimtrack-label")
    assert 0 < labels.count() <= quotes
    sync_api.expect(labels.first).to_be_visible()
    page.screenshot(path=os.path.join(screenshot_dir, "article.png"), full_page=True)


def test_quotes_table_starts_with_rows_and_folds_the_column_help(server, page, screenshot_dir):
    page.goto(f"{server}/claims/quotes")
    help_fold = page.locator("details.claimtrack-column-help")
    sync_api.expect(help_fold).to_be_visible()
    assert help_fold.get_attribute("open") is None
    first_row = page.locator("table.rows-and-columns tbody tr").first
    sync_api.expect(first_row).to_be_visible()
    assert first_row.bounding_box()["y"] < 900  # on the first screen, not below 1,800 px of column help
    page.screenshot(path=os.path.join(screenshot_dir, "quotes-table.png"))
