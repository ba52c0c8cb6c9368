"""The hostile battery: each defect found by attacking claimtrack from outside, as the command that
showed it and the exact message the user now sees.

Dates it cannot read, files that are not articles (feeds, archives, ``/dev/zero``, closed standard
input, lone surrogates, undecodable file names), databases it cannot use (not SQLite, damaged, of
a newer claimtrack, read-only, on a full disk, mistyped), terminal escape codes in articles, ids
SQLite cannot hold, LIKE wildcards, limits, missing folders, web addresses that are no page, a
killed parent of worker processes, nested quote marks by the thousand. Concurrent writers have a
file of their own (``test_concurrent_writers``), as do ``kill -9`` mid-ingest (``test_crash``) and
readers during an ingest (``test_concurrency``).

Read-only files and folders are made so with their modes; as root, whom modes do not stop, the
commands that meet them run without the capabilities that let root pass them (``setpriv``).
"""

import asyncio
import gzip
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import tomllib
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

import claimtrack.ingest
import claimtrack.storage.schema
from claimtrack import storage
from claimtrack.articles import Article, read_date
from claimtrack.cli import cli
from claimtrack.storage.check import check_database

from .conftest import ROOT, SEEDS
from .test_crash import CLI

ENV = {"COLUMNS": "200"}
SHOIGU = (SEEDS / "000_2339bdc2ebd3f11c.txt").read_text(encoding="utf-8")
PURNA = (SEEDS / "002_930ba2d2ccba52e4.txt").read_text(encoding="utf-8")
BUDI = "JAKARTA - “Kami siap menghadapi semua tantangan,” kata Budi Santoso di {place}."
PLACES = ["Jakarta", "Bandung", "Bogor", "Depok", "Bekasi", "Tangerang", "Serang", "Cirebon", "Garut", "Sukabumi"]
FORMATS = "such as 2019-09-16, 2019-09-16T10:00+07:00, 16/09/2019, Senin, 16 September 2019 or Unix seconds"


def run(*args, input=None):
    return CliRunner().invoke(cli, [str(arg) for arg in args], env=ENV, input=input)


def jsonl(path, records):
    path.write_text("".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records), encoding="utf-8")
    return path


def budi(number, **fields):
    return {"id": f"b{number}", "content": BUDI.format(place=PLACES[number % len(PLACES)] + f" {number}"), **fields}


def stored(db=None):
    with sqlite3.connect(db or os.environ["CLAIMTRACK_DB"]) as conn:
        conn.row_factory = sqlite3.Row
        return {row["source"]: dict(row) for row in conn.execute("select * from articles")}


def seeded(tmp_path):
    """The seed articles ingested into the test's database; returns its path."""
    assert run("ingest", SEEDS).exit_code == 0
    return Path(os.environ["CLAIMTRACK_DB"])


# --- 1. dates: every format people feed, and what cannot be read stored undated with a warning ---

DATES = [
    ("2019-09-16", "2019-09-16"),
    ("2019-09-16T10:00:00", "2019-09-16"),
    ("2019-09-16T23:30:00+07:00", "2019-09-16"),  # the date as written, not moved to UTC
    ("2019-09-16T23:30:00Z", "2019-09-16"),
    ("2019-09-16 10:00:00.123456", "2019-09-16"),
    ("2019/09/16", "2019-09-16"),
    ("20190916", "2019-09-16"),
    (20190916, "2019-09-16"),
    ("16/09/2019", "2019-09-16"),
    ("16-09-2019", "2019-09-16"),
    ("16.09.2019 22:01", "2019-09-16"),
    ("Senin, 16 September 2019", "2019-09-16"),
    ("Senin, 16 September 2019 - 22:01 WIB", "2019-09-16"),
    ("16 Sep 2019", "2019-09-16"),
    ("September 16, 2019", "2019-09-16"),
    ("Mon, 16 Sep 2019 10:00:00 +0700", "2019-09-16"),  # RFC 2822, as feeds give it
    (1568592000, "2019-09-16"),  # Unix seconds: 00:00 WIB
    (1568566800, "2019-09-16"),  # 17:00 UTC the day before is 00:00 in Jakarta
    ("1568592000", "2019-09-16"),
    (1568592000123, "2019-09-16"),  # milliseconds
    (1568592000.5, "2019-09-16"),
    ("garbage", None),
    ("2019-13-45", None),
    ("31/02/2019", None),
    ("16/09/19", None),  # a two-digit year is no year
    ("Rabu (20/9)", None),
    ("2019", None),
    (3, None),
    (True, None),
    (10**30, None),
    ("NaN", None),
    (["2019-09-16"], None),
]


@pytest.mark.parametrize(("value", "day"), DATES, ids=[repr(value)[:40] for value, _ in DATES])
def test_a_date_value_is_read_as_its_day_or_not_at_all(value, day):
    found = read_date(value)
    assert (found.isoformat() if found else None) == day


def test_jsonl_dates_in_every_format_are_stored_as_days_and_garbage_as_undated_with_a_warning(tmp_path):
    """`claimtrack ingest dates.jsonl`: garbage used to be stored as given and broke every later
    claims update with `ValueError: Invalid isoformat string: 'garbage'`."""
    path = jsonl(tmp_path / "dates.jsonl", [
        {"id": "g1", "date": "garbage", "content": "JAKARTA - “Kami siap menghadapi semua tantangan,” kata Budi Santoso di Jakarta."},
        budi(2, date="2019-13-45"), budi(3, date="16/09/2019"), budi(4, date="Senin, 16 September 2019"),
        budi(5, date=1568592000), budi(6, date="2019-09-16T10:00:00+07:00"),
    ])
    result = run("ingest", path)
    assert result.stderr == (
        f"Warning {path}:1: the 'date' field 'garbage' is not a date claimtrack reads ({FORMATS}); stored undated.\n"
        f"Warning {path}:2: the 'date' field '2019-13-45' is not a date claimtrack reads ({FORMATS}); stored undated.\n")
    assert result.exit_code == 0
    assert {source: row["published"] for source, row in stored().items()} == {
        "g1": None, "b2": None, "b3": "2019-09-16", "b4": "2019-09-16", "b5": "2019-09-16", "b6": "2019-09-16"}
    assert run("match").exit_code == 0
    assert run("check").exit_code == 0
    # Later ingests still build claims.
    assert run("ingest", jsonl(tmp_path / "more.jsonl", [budi(7, date="2019-09-17")])).exit_code == 0
    assert run("claims", "--min-outlets", "1", "--format", "jsonl").output.count('"id"') >= 1


def test_an_unreadable_date_falls_back_to_the_date_the_text_gives(tmp_path):
    text = "JAKARTA - Menteri itu berbicara pada Rabu (20/9/2023).\n\n“Kami siap,” kata Budi Santoso."
    path = jsonl(tmp_path / "a.jsonl", [{"id": "t1", "date": "kemarin", "content": text}])
    result = run("ingest", path)
    assert result.stderr == (f"Warning {path}:1: the 'date' field 'kemarin' is not a date claimtrack reads ({FORMATS}); "
                             "dated 2023-09-20 from its text instead.\n")
    assert (stored()["t1"]["published"], stored()["t1"]["date_source"]) == ("2023-09-20", "body")


def test_a_database_poisoned_by_an_earlier_claimtrack_still_matches_and_check_names_the_dates(tmp_path):
    """Dates stored as given before this fix: matching treats them as undated, `check` lists them."""
    jsonl(tmp_path / "a.jsonl", [budi(1, date="2019-09-16"), budi(2, date="2019-09-16")])
    assert run("ingest", tmp_path / "a.jsonl").exit_code == 0
    db = Path(os.environ["CLAIMTRACK_DB"])
    with sqlite3.connect(db) as conn:
        conn.execute("update articles set published = 'garbage' where source = 'b1'")
        conn.execute("update articles set published = '2019-13-45' where source = 'b2'")
    assert run("ingest", jsonl(tmp_path / "b.jsonl", [budi(3)])).exit_code == 0
    assert run("match", "--rebuild").exit_code == 0
    result = run("check")
    assert result.stderr.splitlines() == [
        'dates: article 1 is dated \'garbage\', which is not a day claim matching can read, so it is matched as '
        'undated; give it its day, or none, with: sqlite-utils DATABASE "update articles set published = null where id = 1"',
        'dates: article 2 is dated \'2019-13-45\', which is not a day claim matching can read, so it is matched as '
        'undated; give it its day, or none, with: sqlite-utils DATABASE "update articles set published = null where id = 2"',
        f"Error: 2 problems in {db}. Fix each as its line says, or re-ingest the articles into a new database: "
        "claimtrack ingest PATH --db NEW.db",
    ]


# --- 3. a full disk: a summary, what to do, and nothing called a bug ------------------------------

def test_a_full_disk_stops_the_ingest_with_a_summary_and_a_retry_stores_the_rest_once(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    jsonl(folder.mkdir() or folder / "a.jsonl", [budi(n, url=f"https://x/{n}", content=SHOIGU.replace("Shoigu", f"Shoigu{n}"))
                                                 for n in range(12)])
    db = Path(os.environ["CLAIMTRACK_DB"])
    storage.open_database(db).conn.close()
    pages = sqlite3.connect(db).execute("pragma page_count").fetchone()[0]
    connect = claimtrack.storage.schema._connect

    def small_disk(target, **kwargs):  # SQLite's own "database or disk is full", as a full disk gives it
        opened = connect(target, **kwargs)
        opened.conn.execute(f"pragma max_page_count = {pages + 12}")
        return opened

    monkeypatch.setattr(claimtrack.storage.schema, "_connect", small_disk)
    result = run("ingest", folder)
    *_, stop = result.stderr.splitlines()
    assert stop.startswith("Stopped: b") and stop.endswith(
        " could not be stored (database or disk is full): the disk is full; free some space and ingest again "
        "(articles stored before stay whole and are not stored twice).")
    assert "bug" not in result.stderr and "Traceback" not in result.stderr
    assert "articles added" in result.stdout
    assert result.exit_code == 1
    first = len(stored())
    assert 0 < first < 12
    monkeypatch.setattr(claimtrack.storage.schema, "_connect", connect)
    again = run("ingest", folder)
    assert again.exit_code == 0, again.stderr
    assert len(stored()) == 12
    assert check_database(storage.open_for_reading(db)) == []


def test_a_full_disk_while_claims_are_matched_keeps_the_articles_and_says_what_to_do(tmp_path, monkeypatch):
    """The claims update at the end of an ingest gave only a traceback."""
    def full(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(claimtrack.ingest, "update_claims", full)
    result = run("ingest", jsonl(tmp_path / "a.jsonl", [budi(1), budi(2)]))
    assert result.stderr == ("Stopped: claims were not updated (database or disk is full): the disk is full; free some "
                             "space and ingest again (articles stored before stay whole and are not stored twice).\n")
    assert "articles added          │ 2" in result.stdout
    assert result.exit_code == 1
    assert set(stored()) == {"b1", "b2"}


def test_a_bug_in_the_claims_update_is_reported_after_the_articles_are_stored(tmp_path, monkeypatch):
    def planted(*args, **kwargs):
        raise RuntimeError("planted bug")

    monkeypatch.setattr(claimtrack.ingest, "update_claims", planted)
    result = run("ingest", jsonl(tmp_path / "a.jsonl", [budi(1)]))
    first, *traceback, last = result.stderr.splitlines()
    assert first == ("Failed the claims update: claimtrack failed while matching claims (RuntimeError: planted bug); "
                     "this is a bug, please report it with the traceback")
    assert traceback[0] == "Traceback (most recent call last):" and traceback[-1] == "RuntimeError: planted bug"
    assert last == "The articles are stored; their claims are matched by: claimtrack match"
    assert result.exit_code == 1
    assert set(stored()) == {"b1"}


# --- 4. read-only databases: searched, served and checked; ingest says why it cannot write ---------

@contextmanager
def read_only_copy(db, *, journal="wal"):
    """A copy of ``db`` in a folder of its own that the command run by :func:`as_reader` cannot write."""
    folder = Path(tempfile.mkdtemp(prefix="claimtrack-read-only-"))
    copy = folder / "ro.db"
    with sqlite3.connect(db) as conn:
        conn.execute("pragma wal_checkpoint(truncate)")
    shutil.copy(db, copy)
    conn = sqlite3.connect(copy)
    conn.execute(f"pragma journal_mode = {journal}")
    conn.close()  # the last connection gone, SQLite removes the -wal and -shm files
    copy.chmod(0o444)
    folder.chmod(0o555)
    try:
        yield copy
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder)


# Root's capabilities to pass file modes, dropped for the commands that must meet them.
PASSING_MODES = "-dac_override,-dac_read_search,-fowner"


def as_reader(*args, code=None):
    """Run claimtrack (or Python ``code``) as someone whom file modes stop."""
    command = [sys.executable, "-c", code] if code else [*CLI, *map(str, args)]
    if os.geteuid() == 0:
        if not shutil.which("setpriv"):
            pytest.skip("root passes file modes; dropping that needs setpriv (util-linux)")
        command = ["setpriv", f"--inh-caps={PASSING_MODES}", f"--bounding-set={PASSING_MODES}", "--", *command]
    env = {key: value for key, value in os.environ.items() if key != "CLAIMTRACK_DB"}
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=dict(env, COLUMNS="200"),
                          timeout=120)


@pytest.mark.parametrize("journal", ["wal", "delete"], ids=["wal", "rollback-journal"])
def test_a_read_only_database_is_searched_and_checked(tmp_path, journal):
    db = seeded(tmp_path)
    with read_only_copy(db, journal=journal) as copy:
        found = as_reader("search", "sanksi", "--db", copy, "--json")
        assert found.returncode == 0, found.stderr
        assert len(found.stdout.splitlines()) == 2
        checked = as_reader("check", "--db", copy)
        assert (checked.returncode, checked.stderr, checked.stdout) == (0, "", f"{copy}: no problems found.\n")
        assert sorted(path.name for path in copy.parent.iterdir()) == ["ro.db"]  # nothing written beside it


def test_a_read_only_database_is_served(tmp_path):
    db = seeded(tmp_path)
    with read_only_copy(db) as copy:
        code = ("import asyncio\nfrom claimtrack.web import serve\n"
                f"datasette = serve.build_datasette({str(copy)!r})\n"
                "async def main():\n    await datasette.invoke_startup()\n"
                "    for path in ['/ro/quotes_view.json?_search=sanksi&_shape=array', '/-/claimtrack/speaker/1']:\n"
                "        response = await datasette.client.get(path)\n        print(response.status_code)\n"
                "asyncio.run(main())\n")
        served = as_reader(code=code)
        assert served.stdout.split() == ["200", "200"], served.stderr


def test_ingest_into_a_read_only_database_says_why_and_is_no_bug(tmp_path):
    db = seeded(tmp_path)
    with read_only_copy(db) as copy:
        done = as_reader("ingest", SEEDS, "--db", copy)
        assert done.returncode == 1
        assert done.stderr == (
            f"Error: cannot write to {copy}: the file and its folder are read-only (SQLite writes a -wal file beside "
            "the database); make it writable, or give another --db. Commands that only read, such as search and "
            "serve, read it as it is\n")


# --- 5. nested quote marks: linear time, the same tokens ------------------------------------------

@pytest.mark.parametrize("text", [
    "JAKARTA - " + "“" * 100 + "Kami siap" + "”" * 100 + " kata Budi di Jakarta.",
    "“" * 70 + "(" * 30 + "Kami siap" + ")" * 30 + "”" * 70,
    "Kata dia " + "!" * 80 + " lagi " + "-" * 90 + " dan " + "#" * 65 + "x",
    "a" + "“" * 100 + "b c",  # inside a word: not split
    "x:" + ")" * 90 + " y",  # `:)))` is a tokenizer exception: not split
    "’" * 90 + "x",  # `’’` is a tokenizer exception: not split
    "(“" * 50 + "Kami" + "”)" * 50,
], ids=["nested-quotes", "quotes-and-brackets", "punctuation-runs", "inside-a-word", "emoticon", "apostrophes",
        "alternating"])
def test_long_runs_of_marks_are_tokenized_as_spacy_tokenizes_them(nlp, text):
    from claimtrack.extracting.pipeline import make_doc

    def tokens(doc):
        return [(token.text, token.idx, token.whitespace_, token.norm_) for token in doc]

    assert tokens(make_doc(nlp, text)) == tokens(nlp.make_doc(text))


def test_eight_thousand_nested_quote_marks_do_not_stall_an_ingest(tmp_path):
    """`'JAKARTA - '+'“'*8000+'Kami siap'+'”'*8000+' kata Budi di Jakarta.'` took 63 s to extract."""
    from .test_bad_inputs import deadline

    path = jsonl(tmp_path / "nested.jsonl", [{"id": "nested", "content": "JAKARTA - " + "“" * 8000 + "Kami siap"
                                              + "”" * 8000 + " kata Budi di Jakarta."}, budi(1)])
    with deadline(30):
        result = run("ingest", path)
    assert result.exit_code == 0, result.stderr
    assert set(stored()) == {"nested", "b1"}


# --- 6. terminal escape codes in articles are shown, never obeyed --------------------------------

ESCAPES = "\u001b]0;PWNED\u0007\u001b[2J\u001b[31m"


@pytest.mark.parametrize("command", [["quotes"], ["show", "1"], ["said", "Budi"], ["search", "siap"], ["claims"],
                                     ["diff", "1"], ["quotes", "--speaker", "Budi"]])
def test_escape_codes_in_article_text_and_outlet_names_never_reach_the_terminal(tmp_path, command):
    records = [{"id": f"e{n}", "outlet": f"Evil{ESCAPES}News {n}", "url": f"https://e/{n}",
                "content": f"JAKARTA - “Kami siap {ESCAPES}menghadapi semua tantangan,” kata Budi Santoso."}
               for n in range(2)]
    assert run("ingest", jsonl(tmp_path / "evil.jsonl", records)).exit_code == 0
    result = run(*command)
    assert result.exit_code == 0, result.output
    assert "\u001b" not in result.output and "\u0007" not in result.output
    assert "␛]0;PWNED␇␛[2J␛[31m" in result.output


@pytest.mark.parametrize("command", [["quotes", "--json"], ["export"], ["export", "--format", "json"],
                                     ["claims", "--min-outlets", "1", "--format", "jsonl"]], ids=" ".join)
def test_json_output_keeps_the_text_exact_and_escapes_every_control_character(tmp_path, command):
    records = [{"id": f"e{n}", "outlet": "Evil News", "url": f"https://e/{n}",
                "content": f"JAKARTA - “Kami siap {ESCAPES}\u009b31m menghadapi semua tantangan,” kata Budi Santoso."}
               for n in range(2)]
    assert run("ingest", jsonl(tmp_path / "evil.jsonl", records)).exit_code == 0
    result = run(*command)
    assert not any(ord(char) < 0x20 and char != "\n" or 0x7F <= ord(char) < 0xA0 for char in result.output)
    parsed = json.loads(result.output) if command[-1] == "json" else [json.loads(line) for line in result.output.splitlines()]
    assert any(f"{ESCAPES}\u009b31m" in text for text in _texts(parsed))


def _texts(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict | list):
        for item in value.values() if isinstance(value, dict) else value:
            yield from _texts(item)


def test_escape_codes_in_a_file_name_are_shown_in_the_skip_line(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a\u001b[2Jb.txt").write_bytes(b"")
    result = run("ingest", folder)
    assert result.stderr == f"Skipped {folder}/a␛[2Jb.txt: the file is empty; there is no article to read.\n"


# --- 7. worker processes die with their parent -----------------------------------------------------

def _children(pid):
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads process parents from /proc")
def test_kill_9_of_an_ingest_with_workers_leaves_no_worker_alive(tmp_path):
    from .test_crash import write_articles

    folder = write_articles(tmp_path / "articles", 200)
    db = tmp_path / "workers.db"
    ingest = subprocess.Popen([*CLI, "ingest", "--workers", "2", str(folder), "--db", str(db)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers = []
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:  # until the workers have extracted and the parent stores
            workers = _children(ingest.pid) or workers
            if db.exists() and len(workers) >= 2 and stored(db):
                break
            time.sleep(0.2)
        assert len(workers) >= 2 and ingest.poll() is None, "the ingest ended before it could be killed"
        ingest.send_signal(signal.SIGKILL)
        ingest.wait(timeout=30)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and any(Path(f"/proc/{pid}").exists() for pid in workers):
            time.sleep(0.1)
        alive = [pid for pid in workers if Path(f"/proc/{pid}").exists()
                 and "Z" not in Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]]
        assert alive == [], f"workers {alive} outlived their parent"
    finally:
        for pid in [ingest.pid, *workers]:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


# --- 8. bad input is bad input: never a bug, never a reason to stop --------------------------------

def test_lone_surrogates_are_replaced_with_a_warning_and_the_ingest_goes_on(tmp_path):
    """21 lines with `"\\ud800 …"` gave `this is a bug` 20 times and stopped before the good articles."""
    lines = [json.dumps({"id": f"s{n}", "content": "\ud800 " + BUDI.format(place=f"Kota {n}")}) for n in range(21)]
    path = tmp_path / "surrogates.jsonl"
    path.write_text("\n".join([*lines, json.dumps(budi(1))]) + "\n", encoding="utf-8")
    result = run("ingest", path)
    assert result.stderr.splitlines() == [
        f"Warning {path}:{n}: 1 lone surrogate (\\ud800-\\udfff escapes that are no character) replaced by U+FFFD; "
        "the rest of the article is stored as given." for n in range(1, 22)]
    assert result.exit_code == 0
    articles = stored()
    assert len(articles) == 22
    assert articles["s0"]["text"].startswith("\ufffd JAKARTA")
    assert articles["s0"]["encoding"] == "utf-8 (1 lone surrogate replaced by U+FFFD)"


def test_a_file_name_that_is_not_utf8_is_stored_with_its_bytes_written_out(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    with open(os.fsencode(folder) + b"/\xff\xfe.txt", "w", encoding="utf-8") as handle:
        handle.write(SHOIGU)
    result = run("ingest", folder)
    assert (result.exit_code, result.stderr) == (0, "")
    assert list(stored()) == ["\\xff\\xfe.txt"]


def test_input_errors_never_count_toward_stopping_an_ingest(tmp_path, monkeypatch):
    monkeypatch.setattr(claimtrack.ingest, "MAX_FAILURES_IN_A_ROW", 3)
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(["{not json"] * 10 + [json.dumps(budi(1))]) + "\n", encoding="utf-8")
    result = run("ingest", path)
    assert "Stopped" not in result.stderr and "bug" not in result.stderr
    assert result.stderr.count("Skipped") == 10
    assert set(stored()) == {"b1"}


def test_text_sqlite_cannot_take_is_an_input_error_not_a_bug(tmp_path):
    """Reading repairs lone surrogates; an article built by a program may still hold one."""
    db = storage.open_database(tmp_path / "direct.db")
    article = Article(text="\ud800 Kami siap, kata Budi.", source="built")
    report = claimtrack.ingest.store_stream([(article, []), (Article(text="Kami siap.", source="ok"), [])], db)
    assert report.failed == [] and report.added == 1
    assert report.skipped == ["built: its text cannot be stored ('utf-8' codec can't encode character '\\ud800' in "
                              "position 0: surrogates not allowed); save the input as valid UTF-8 and ingest it again."]


# --- 9. reading HTML needs lxml_html_clean: installed by the project's own files -----------------

def test_the_project_asks_for_lxml_html_clean_by_name():
    """`lxml[html_clean]`, which trafilatura's justext asks for, is not matched by pip before 22.3."""
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    assert any(dependency.lower().replace("-", "_").startswith("lxml_html_clean") for dependency in dependencies)


def test_html_without_its_cleaner_is_skipped_with_the_fix_and_the_rest_is_stored(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "page.html").write_text(f"<html><body><article><p>{SHOIGU}</p></article></body></html>", encoding="utf-8")
    (folder / "text.txt").write_text(PURNA, encoding="utf-8")
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # as an install without lxml.html.clean fails to import it
    result = run("ingest", folder)
    assert result.stderr == (f"Skipped {folder}/page.html: reading HTML needs a package that is not installed (import "
                             "of trafilatura halted; None in sys.modules); install it with: pip install "
                             "lxml_html_clean\n")
    assert set(stored()) == {"text.txt"}


# --- 10, 11, 18. databases claimtrack cannot use: one line with the file and the fix --------------

READ_COMMANDS = [["quotes"], ["search", "sanksi"], ["said", "Shoigu"], ["speakers"], ["show", "1"], ["export"],
                 ["changes"], ["claims"], ["diff", "1"]]
WRITE_COMMANDS = [["ingest", str(SEEDS)], ["match"], ["speakers", "merge", "Shoigu", "Sergei Shoigu"]]


@pytest.mark.parametrize("command", READ_COMMANDS + [["check"]], ids=" ".join)
def test_a_mistyped_database_is_an_error_and_no_empty_database_is_created(tmp_path, monkeypatch, command):
    typo = tmp_path / "typo.db"
    monkeypatch.setenv("CLAIMTRACK_DB", str(typo))
    result = run(*command)
    assert result.exit_code == 1
    assert result.stderr == (f"Error: no claimtrack database at {typo}; ingest something first with: claimtrack ingest "
                             f"PATH --db {typo}\n")
    assert not typo.exists()


def test_a_mistyped_db_option_in_a_folder_that_does_not_exist(tmp_path):
    missing = tmp_path / "nonexistent" / "x.db"
    read = run("quotes", "--db", missing)
    assert read.stderr == (f"Error: no claimtrack database at {missing}; ingest something first with: claimtrack "
                           f"ingest PATH --db {missing}\n")
    write = run("ingest", SEEDS, "--db", missing)
    assert write.stderr == (f"Error: cannot create a database at {missing}: the folder {missing.parent} does not exist; "
                            "create it first, or give another --db\n")
    assert (read.exit_code, write.exit_code) == (1, 1)


@pytest.mark.parametrize("command", READ_COMMANDS + WRITE_COMMANDS, ids=" ".join)
def test_a_file_that_is_not_sqlite_is_named_by_every_command(tmp_path, monkeypatch, command):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is a text file, not SQLite\n" * 200)
    monkeypatch.setenv("CLAIMTRACK_DB", str(bad))
    result = run(*command)
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {bad} is not a claimtrack database (file is not a database); check the path, or "
                             f"see what is wrong with: claimtrack check --db {bad}\n")


def test_a_sqlite_database_of_something_else_is_not_written_to(tmp_path):
    other = tmp_path / "notes.db"
    with sqlite3.connect(other) as conn:
        conn.execute("create table notes (id integer primary key, text text)")
    before = other.read_bytes()
    result = run("ingest", SEEDS, "--db", other)
    assert result.stderr == (f"Error: {other} is a SQLite database of something else (it has tables, none of them "
                             "claimtrack's); give another --db: claimtrack writes only to its own databases\n")
    assert other.read_bytes() == before


@pytest.mark.parametrize("command", READ_COMMANDS + WRITE_COMMANDS, ids=" ".join)
def test_a_truncated_database_is_named_by_every_command(tmp_path, monkeypatch, command):
    db = seeded(tmp_path)
    with sqlite3.connect(db) as conn:
        conn.execute("pragma wal_checkpoint(truncate)")
    truncated = tmp_path / "truncated.db"
    truncated.write_bytes(db.read_bytes()[: db.stat().st_size // 3])
    monkeypatch.setenv("CLAIMTRACK_DB", str(truncated))
    result = run(*command)
    assert result.exit_code == 1
    assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stderr.startswith("Error: ") and str(truncated) in result.stderr
    assert "malformed" in result.stderr and result.stderr.count("\n") == 1


@pytest.mark.parametrize("command", READ_COMMANDS + WRITE_COMMANDS, ids=" ".join)
def test_a_database_of_a_newer_claimtrack_is_refused(tmp_path, monkeypatch, command):
    """A migration this version does not know was written to silently; a renamed column failed raw."""
    db = seeded(tmp_path)
    with sqlite3.connect(db) as conn:
        conn.execute("insert into _claimtrack_migrations values ('m999_quotes_renamed', '2030-01-01')")
    before = db.read_bytes()
    result = run(*command)
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {db} was written by a newer claimtrack: its schema has m999_quotes_renamed, "
                             "which claimtrack 0.1.0 does not know; upgrade claimtrack to use it (pip install "
                             "--upgrade claimtrack)\n")
    assert db.read_bytes() == before


def test_check_names_a_newer_schema(tmp_path):
    db = seeded(tmp_path)
    with sqlite3.connect(db) as conn:
        conn.execute("insert into _claimtrack_migrations values ('m999_quotes_renamed', '2030-01-01')")
    result = run("check")
    assert result.stderr.splitlines()[0] == (
        f"schema: {db} was written by a newer claimtrack: its schema has m999_quotes_renamed, which claimtrack 0.1.0 "
        "does not know; upgrade claimtrack to use it (pip install --upgrade claimtrack)")


def test_check_finds_full_text_drift_on_a_database_it_cannot_write(tmp_path):
    """FTS5's own check is a write; read-only, the index's rows are compared with the table's."""
    db = seeded(tmp_path)
    with sqlite3.connect(db) as conn:  # the same number of rows, one of them for a quote that is not there
        conn.execute("delete from quotes_fts_docsize where id = 1")
        conn.execute("insert into quotes_fts_docsize (id, sz) values (100000, x'00')")
    problems = [str(problem) for problem in check_database(storage.open_for_reading(db))]
    assert problems == [("fts: the full-text index quotes_fts has drifted from quotes: 1 row of quotes not "
                            "indexed, 1 row indexed that quotes no longer has; rebuild it with: sqlite-utils "
                            "rebuild-fts DATABASE quotes")]


# --- 12, 16, 17, 19. inputs that are no article, named; archives read or named -------------------

def test_closed_standard_input_is_named(tmp_path):
    """`claimtrack ingest - <&-` gave `AttributeError: 'NoneType' object has no attribute 'buffer'`."""
    done = subprocess.run(["sh", "-c", 'exec "$0" -c "from claimtrack.cli import cli; cli()" ingest - <&-',
                           sys.executable], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 1
    assert done.stderr == ("Skipped <stdin>: standard input is closed; pipe an article into it (claimtrack ingest - < "
                           "article.txt), or name the files to read.\n")


def test_dev_zero_is_refused_after_a_bounded_read():
    result = run("ingest", "/dev/zero")
    assert result.stderr == ("Skipped /dev/zero: more than 67,108,864 bytes is more than one article (the limit is "
                             "1,000,000 characters); split it into one file per article, or convert it to JSON Lines "
                             "with one article per line.\n")
    assert result.exit_code == 1


def test_a_gzip_bomb_is_refused_after_a_bounded_read(tmp_path):
    bomb = tmp_path / "bomb.txt.gz"
    with gzip.open(bomb, "wb") as handle:
        for _ in range(70):
            handle.write(b"kata dia. " * 100_000)  # 70 MB, which gzip makes 70 KB
    result = run("ingest", bomb)
    assert result.stderr == (f"Skipped {bomb}: more than 67,108,864 bytes is more than one article (the limit is "
                             "1,000,000 characters); split it into one file per article, or convert it to JSON Lines "
                             "with one article per line.\n")


def test_gzipped_jsonl_and_text_are_read_and_other_archives_named(tmp_path):
    """A folder of .jsonl.gz reported "0 added, 0 skipped" and exited 0; .zip was passed over."""
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    with gzip.open(folder / "a.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.write("".join(json.dumps(budi(n), ensure_ascii=False) + "\n" for n in range(3)))
    with gzip.open(folder / "sub" / "b.txt.gz", "wt", encoding="utf-8") as handle:
        handle.write(SHOIGU)
    (folder / "c.zip").write_bytes(b"PK\x03\x04")
    (folder / "d.tar.gz").write_bytes(gzip.compress(b"tar"))
    (folder / "e.csv.gz").write_bytes(gzip.compress(b"a,b"))
    (folder / "f.jsonl.gz").write_bytes(gzip.compress(json.dumps(budi(9)).encode())[:-12])  # cut short
    (folder / "dangling.txt").symlink_to(folder / "nowhere.txt")
    (folder / "linked").symlink_to(folder / "sub")
    result = run("ingest", folder)
    archive = ("which claimtrack does not unpack; it reads .jsonl.gz and .txt.gz files as they are: unpack it and "
               "ingest what it holds.")
    assert result.stderr.splitlines() == [
        f"Skipped {folder}/c.zip: an archive (.zip), {archive}",
        f"Skipped {folder}/d.tar.gz: an archive (.tar.gz), {archive}",
        f"Skipped {folder}/dangling.txt: a broken link: it points at {folder}/nowhere.txt, which does not exist.",
        f"Skipped {folder}/e.csv.gz: an archive (.gz), {archive}",
        f"Skipped {folder}/f.jsonl.gz: not a whole gzip file (Compressed file ended before the end-of-stream marker "
        "was reached); gzip it again, or ingest it unpacked.",
        f"Skipped {folder}/linked: a link to a folder, which is not followed; ingest the folder it points at by its "
        "own name.",
    ]
    assert set(stored()) == {"b0", "b1", "b2", "b.txt.gz"}
    assert stored()["b.txt.gz"]["text"] == SHOIGU


def test_a_folder_with_nothing_to_read_is_named(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "notes.csv").write_text("a,b\n")
    result = run("ingest", folder)
    assert result.stderr == (f"Skipped {folder}: holds no file claimtrack reads (.txt, .jsonl, .html, or these gzipped); "
                             "nothing was ingested from it.\n")
    assert result.exit_code == 1


def test_a_folder_that_cannot_be_read_is_named(tmp_path):
    folder = Path(tempfile.mkdtemp(prefix="claimtrack-unreadable-"))
    try:
        folder.chmod(0o755)
        (folder / "a.txt").write_text(SHOIGU, encoding="utf-8")
        (folder / "secret").mkdir()
        (folder / "secret" / "b.txt").write_text(PURNA, encoding="utf-8")
        (folder / "secret").chmod(0o000)
        code = ("from pathlib import Path\nfrom claimtrack.articles import iter_articles\n"
                f"for item in iter_articles([Path({str(folder)!r})]):\n    print(getattr(item, 'source', item))\n")
        listed = as_reader(code=code)
        assert listed.stdout.splitlines() == [
            "a.txt", f"{folder}/secret: a folder that cannot be read (Permission denied); nothing in it was ingested."]
    finally:
        (folder / "secret").chmod(0o755)
        shutil.rmtree(folder)


FEEDS = [
    ("feed.xml", '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Berita</title>'
                 "<item><title>Kami siap</title></item></channel></rss>", "feed"),
    ("atom.xml", '<?xml version="1.0"?>\n<!-- generated -->\n<feed xmlns="http://www.w3.org/2005/Atom"><title>B</title>'
                 "</feed>", "feed"),
    ("sitemap.xml", '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>',
     "sitemap"),
    ("feed.txt", '<rss version="2.0"><channel><title>B</title></channel></rss>', "feed"),
]


@pytest.mark.parametrize(("name", "text", "kind"), FEEDS, ids=[feed[0] for feed in FEEDS])
def test_a_feed_or_sitemap_file_is_read_as_one_not_stored_as_an_article(tmp_path, name, text, kind):
    """`feed.xml` was stored as an article titled `<?xml version=…`; a feed file is read as a feed
    (the articles it lists are fetched: these list none, so nothing is fetched)."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = run("ingest", path)
    assert result.stderr == f"Skipped {path}: is a {kind} that lists no http(s) article.\n"
    assert result.exit_code == 1
    assert not Path(os.environ["CLAIMTRACK_DB"]).exists() or stored() == {}


REFUSAL = ("which lists articles rather than being one; save it as a file and ingest that, or give its address: "
           "claimtrack ingest --feed URL (--sitemap URL).")


def test_a_feed_where_a_page_or_text_is_expected_is_refused(tmp_path):
    """A feed saved as .html, or piped in as one article's text, is no article."""
    page = tmp_path / "feed.html"
    page.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>B</title></channel></rss>',
                    encoding="utf-8")
    result = run("ingest", page)
    assert result.stderr == f"Skipped {page}: this is an RSS feed, {REFUSAL}\n"
    assert result.exit_code == 1


def test_a_feed_in_a_folder_is_named_and_the_articles_beside_it_stored(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "feed.xml").write_text(FEEDS[0][1], encoding="utf-8")
    (folder / "a.txt").write_text(SHOIGU, encoding="utf-8")
    result = run("ingest", folder)
    assert result.stderr.startswith(f"Skipped {folder}/feed.xml: is a feed that lists no http(s) article.")
    assert set(stored()) == {"a.txt"}


def test_an_xhtml_page_is_read_as_a_page(tmp_path):
    page = tmp_path / "page.html"
    page.write_text('<?xml version="1.0"?>\n<!DOCTYPE html>\n<html xmlns="http://www.w3.org/1999/xhtml">'
                    f"<body><article><p>{SHOIGU}</p></article></body></html>", encoding="utf-8")
    result = run("ingest", page)
    assert result.exit_code == 0, result.stderr


# --- 13, 14, 15. ids, folders, wildcards and limits ---------------------------------------------

def test_ids_sqlite_cannot_hold_are_ids_that_do_not_exist(tmp_path):
    seeded(tmp_path)
    huge = "99999999999999999999999"
    assert run("show", huge).stderr == f"Error: No quote with id {huge}. List ids with: claimtrack quotes\n"
    assert run("diff", huge).stderr == (f"Error: No claim with id {huge}. List claims and their ids with: claimtrack "
                                        "claims\n")


def test_web_addresses_that_are_no_page_are_404s_not_500s(tmp_path):
    from claimtrack.web import serve

    db = seeded(tmp_path)
    datasette = serve.build_datasette(db)
    paths = ["/-/claimtrack/claim/99999999999999999999999", "/-/claimtrack/claim/abc", "/-/claimtrack/claim/..",
             "/-/claimtrack/claim/../..", "/-/claimtrack/speaker/99999999999999999999", "/-/claimtrack/article/0",
             "/-/claimtrack/article/99999999999999999999", "/-/claimtrack/claim/1?database=..", "/no-such-database",
             "/-/claimtrack/claim/abc.json"]

    async def fetch():
        await datasette.invoke_startup()
        return [(await datasette.client.get(path)).status_code for path in paths]

    assert asyncio.run(fetch()) == [404] * len(paths)


def test_html_into_a_folder_that_does_not_exist_is_named(tmp_path):
    seeded(tmp_path)
    target = tmp_path / "nonexistent" / "x.html"
    result = run("diff", "1", "--html", target)
    assert result.stderr == (f"Error: Cannot write {target} (No such file or directory); give --html a file in a folder "
                             "that exists and can be written.\n")
    assert result.exit_code == 1


@pytest.mark.parametrize("command", [["said", "%"], ["said", "_"], ["quotes", "--speaker", "%", "--json"],
                                     ["quotes", "--outlet", "_", "--json"], ["speakers", "--name", "%", "--json"],
                                     ["claims", "--speaker", "%", "--format", "jsonl"]], ids=" ".join)
def test_like_wildcards_match_only_themselves(tmp_path, command):
    """`said %` returned every quote."""
    seeded(tmp_path)
    result = run(*command)
    assert result.stdout == ""
    if command[0] == "said":
        assert result.stderr == (f"Error: No quotes by {command[1]!r}. See who is known with: claimtrack speakers "
                                 "--name PART\n")


def test_a_name_with_an_underscore_or_percent_is_found_as_written(tmp_path):
    path = jsonl(tmp_path / "a.jsonl", [
        {"id": "u", "outlet": "Kabar_100%", "content": BUDI.format(place="Jakarta")},
        {"id": "v", "outlet": "KabarX100", "content": BUDI.format(place="Bandung")},
    ])
    assert run("ingest", path).exit_code == 0
    found = [json.loads(line)["outlet"] for line in run("quotes", "--outlet", "r_100%", "--json").stdout.splitlines()]
    assert found == ["Kabar_100%"]


def test_limits(tmp_path):
    seeded(tmp_path)
    every = len(run("quotes", "--json", "--limit", "100000").stdout.splitlines())
    assert every > 30
    assert len(run("quotes", "--json", "--limit", "0").stdout.splitlines()) == every
    assert len(run("quotes", "--json", "--limit", "3").stdout.splitlines()) == 3
    matching = len(run("search", "sanksi", "--json", "--limit", "100000").stdout.splitlines())
    assert len(run("search", "sanksi", "--json", "--limit", "0").stdout.splitlines()) == matching == 2
    for command in ("quotes", "search"):
        result = run(command, *(["sanksi"] if command == "search" else []), "--limit", "-1")
        assert result.exit_code == 2
        assert result.stderr.endswith("Error: Invalid value for '--limit': -1 is not in the range x>=0.\n")


# --- 2 (the message). a writer that must wait says so, once, and waits ---------------------------

def test_a_writer_that_must_wait_says_so_once_and_waits(tmp_path):
    db = seeded(tmp_path)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("begin immediate")  # another process writing, for as long as it takes
    try:
        waiting = subprocess.Popen([*CLI, "match", "--db", str(db)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   text=True, cwd=ROOT)
        said = waiting.stderr.readline()
        assert said == f"waiting for another claimtrack process writing {db}…\n"
        time.sleep(3)
        assert waiting.poll() is None, "the writer gave up instead of waiting"
    finally:
        holder.execute("commit")
        holder.close()
    out, rest = waiting.communicate(timeout=120)
    assert waiting.returncode == 0, rest
    assert rest == ""
    assert "claims" in out
