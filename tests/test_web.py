"""The Datasette integration: metadata, the plugin's pages (through Datasette's test client) and serve."""

import asyncio
import json
import sqlite3

import pytest
import sqlite_utils

pytest.importorskip("datasette", reason="the web integration needs datasette: pip install -e '.[dev]'")

from datasette.app import Datasette  # noqa: E402
from datasette.plugins import pm  # noqa: E402

from claimtrack import (
    ingest,
    storage,  # noqa: E402
)
from claimtrack.articles import Article  # noqa: E402
from claimtrack.matching import incremental
from claimtrack.records import Quote  # noqa: E402
from claimtrack.web import plugin, serve  # noqa: E402
from claimtrack.web.metadata import BROWSING, QUERIES, TABLES, build_metadata, database_name  # noqa: E402

SINDO = "Tekanan sanksi terhadap Rusia dan Iran menunjukkan kesia-siaan, sementara interaksi Rusia-Iran mencapai tingkat yang baru,"
PURNA = "Tekanan sanksi terhadap Rusia dan Iran terbukti sia-sia, sementara kerja sama Rusia-Iran mencapai titik tertinggi baru,"
SCRIPTED = 'Kami tidak akan tunduk pada <script>alert("quote")</script> ancaman dari negara mana pun di dunia ini.'
SCRIPTED_TOO = 'Kami tidak akan pernah tunduk pada <script>alert("quote")</script> ancaman dari negara mana pun.'


def _article(outlet, published, said, *, speaker="Sergei Shoigu", url=None, title=None, before=""):
    lead = f"{before}MOSKOW - Menteri Pertahanan {speaker} mengatakan, \""
    text = f"{lead}{said}\" katanya.\n\nPertemuan itu berlangsung di Teheran."
    quote = Quote(start=len(lead), end=len(lead) + len(said), text=said, kind="direct", cue="mengatakan",
                  speaker=speaker, speaker_name=speaker, speaker_type="person", method="test", confidence=1.0)
    return Article(text=text, source=f"{outlet}-{published}.txt", outlet=outlet, published=published, url=url,
                   title=title), [quote]


ARTICLES = [
    _article("SINDOnews", "2023-09-20", SINDO, url="https://example.com/sindo", title="Menhan Shoigu: Kerja Sama Rusia dan Iran"),
    _article("Purna Warta", "2023-09-20", PURNA, url="javascript:alert('url')"),
    _article("Suara.com", "2023-09-21", SCRIPTED, speaker="Budi Santoso", before='<script>alert("article")</script>\n'),
    _article("ArrahmahNews", "2023-09-22", SCRIPTED_TOO, speaker="Budi Santoso"),
    # The same URL twice with a reworded quote: two versions of one article.
    _article("SINDOnews", "2023-10-01", "Kami akan terus memperkuat kerja sama militer dengan Iran tahun ini.",
             url="https://example.com/versioned"),
    _article("SINDOnews", "2023-10-01", "Kami akan terus memperdalam kerja sama militer dengan Iran tahun depan.",
             url="https://example.com/versioned"),
]


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("web") / "claims.db"
    db = storage.open_database(path)
    for article, quotes in ARTICLES:
        ingest.store_article(db, article, quotes, "test")
    incremental.rebuild_claims(db)
    db.conn.close()
    return path


@pytest.fixture(scope="module")
def datasette(db_path):
    return serve.build_datasette(db_path)


def claim_id(db_path, word):
    with sqlite3.connect(db_path) as conn:
        return conn.execute("select claim_id from claim_members where text like ?", [f"%{word}%"]).fetchone()[0]


def fetch(datasette, *paths):
    async def run():
        await datasette.invoke_startup()
        return [await datasette.client.get(path) for path in paths]

    responses = asyncio.run(run())
    return responses[0] if len(paths) == 1 else responses


# Metadata


def _schema_columns(path):
    db = storage.open_database(path)
    names = [name for name in db.table_names() + db.view_names() if "_fts" not in name]
    # Datasette's columns (`table_xinfo`): an article's computed `key` too, which sqlite-utils leaves out.
    return {name: [column for (column,) in db.execute("select name from pragma_table_xinfo(?)", [name])]
            for name in names}


def test_every_table_and_column_is_described(tmp_path):
    schema = _schema_columns(tmp_path / "fresh.db")
    assert sorted(TABLES) == sorted(schema)
    for name, columns in schema.items():
        assert list(TABLES[name]["columns"]) == columns, name
        assert TABLES[name]["title"] and TABLES[name]["description"]
        assert all(TABLES[name]["columns"].values()), name


def test_browsing_names_only_real_columns(tmp_path):
    schema = _schema_columns(tmp_path / "fresh.db")
    for name, browsing in BROWSING.items():
        named = [browsing.get("label_column"), browsing.get("sort_desc"), *browsing.get("sortable_columns", [])]
        named += [facet if isinstance(facet, str) else next(iter(facet.values())) for facet in browsing.get("facets", [])]
        assert {column for column in named if column} <= set(schema[name]), name
        if "fts_table" in browsing:
            assert browsing["fts_table"] in storage.open_database(tmp_path / "fresh.db").table_names()


def test_metadata_is_keyed_by_the_database_name_datasette_uses():
    assert database_name("/data/claims.db") == "claims"
    metadata = build_metadata("claims")
    tables = metadata["databases"]["claims"]["tables"]
    assert tables["quotes_view"]["facets"] == ["outlet", "speaker", "kind", {"date": "published"}]
    assert tables["claims"]["label_column"] == "statement"
    assert tables["quotes"]["fts_table"] == "quotes_fts"
    assert tables["_claimtrack_state"]["hidden"] is True
    assert set(metadata["databases"]["claims"]["queries"]) == {"what_did_they_say", "most_reported_claims", "changed_quotes",
                                                           "speakers_by_quotes"}
    json.dumps(metadata)  # `claimtrack metadata` prints it as JSON


def test_build_metadata_returns_a_copy():
    build_metadata()["databases"]["claimtrack"]["tables"]["claims"]["columns"]["statement"] = "changed"
    assert build_metadata()["databases"]["claimtrack"]["tables"]["claims"]["columns"]["statement"] != "changed"


@pytest.mark.parametrize("query, params, expected", [
    ("what_did_they_say", {"speaker": "shoigu"}, 4),
    ("what_did_they_say", {"speaker": "Nobody"}, 0),
    ("most_reported_claims", {}, 2),
    ("changed_quotes", {}, 1),
    ("speakers_by_quotes", {}, 2),
])
def test_canned_queries_run_on_plain_sqlite(db_path, query, params, expected):
    with sqlite3.connect(db_path) as conn:
        rows = conn.execute(QUERIES[query]["sql"], params).fetchall()
    assert len(rows) == expected


def test_changed_quotes_pairs_the_two_wordings(db_path):
    with sqlite3.connect(db_path) as conn:
        conn.row_factory = sqlite3.Row
        row = dict(conn.execute(QUERIES["changed_quotes"]["sql"]).fetchone())
    assert row == {"article": "https://example.com/versioned", "versions": "1→2", "speaker": "Sergei Shoigu",
                   "before": "Kami akan terus memperkuat kerja sama militer dengan Iran tahun ini.",
                   "after": "Kami akan terus memperdalam kerja sama militer dengan Iran tahun depan."}


def test_datasette_applies_the_metadata(datasette):
    table, query = fetch(datasette, "/claims/quotes_view.json?_search=sanksi&_shape=objects", "/claims/most_reported_claims")
    assert table.status_code == 200
    assert list(table.json()["facet_results"]) == ["outlet", "speaker", "kind", "published"]
    assert {row["outlet"] for row in table.json()["rows"]} == {"SINDOnews", "Purna Warta"}
    assert "Claims reported by the most outlets" in query.text


# Plugin pages


def test_claim_page_shows_each_wording_with_the_differences_marked(datasette, db_path):
    page = fetch(datasette, f"/-/claimtrack/claim/{claim_id(db_path, 'sanksi')}")
    assert page.status_code == 200
    html = page.text
    assert '<h2>SINDOnews</h2>' in html and '<h2>Purna Warta</h2>' in html
    assert "<del>menunjukkan kesia-siaan</del>" in html
    assert "<ins>terbukti sia-sia</ins>" in html
    assert "<ins>kerja sama</ins> Rusia-Iran mencapai <ins>titik tertinggi</ins> baru," in html
    assert '<a href="https://example.com/sindo" rel="noopener noreferrer">original at SINDOnews</a>' in html
    # The statement is the headline; the other version shows its probability of stating it.
    statement = html.split('<h1 class="claimtrack-statement">“')[1].split("”</h1>")[0]
    assert statement in (SINDO, PURNA)
    assert " · the statement</p>" in html and " · probability 0." in html


def test_claim_page_never_links_a_javascript_url(datasette, db_path):
    html = fetch(datasette, f"/-/claimtrack/claim/{claim_id(db_path, 'sanksi')}").text
    assert "javascript:" not in html


def test_claim_page_links_to_the_quote_in_context(datasette, db_path):
    html = fetch(datasette, f"/-/claimtrack/claim/{claim_id(db_path, 'sanksi')}").text
    article_id, start, end = next(sqlite_utils.Database(db_path).query(
        "select article_id, start, \"end\" from claim_members where text = ?", [PURNA])).values()
    link = f"/-/claimtrack/article/{article_id}?database=claims&amp;start={start}&amp;end={end}"
    assert f'<a href="{link}">Read it in the article</a>' in html
    context = fetch(datasette, link.replace("&amp;", "&"))
    quote_id = next(sqlite_utils.Database(db_path).query("select quote_id from claim_members where text = ?",
                                                          [PURNA]))["quote_id"]
    assert f'<mark id="quote" class="claimtrack-selected" data-quote="{quote_id}">{PURNA}</mark>' in context.text
    # labelled with its speaker and its claim
    after = context.text.split(PURNA + "</mark>")[1]
    assert after.startswith('<span class="claimtrack-label"><a href="/-/claimtrack/speaker/1?database=claims">'
                            f'Sergei Shoigu</a> · <a href="/-/claimtrack/claim/{claim_id(db_path, "sanksi")}')


def test_article_page_shows_clickid_paragraphs_as_written(datasette, tmp_path):
    from claimtrack.web.plugin import article_paragraphs

    text = "Ryan Babel tampil gemilang. ,Laga itu berakhir 4-0.,“Kami senang,” kata Babel."
    quote = {"id": 7, "start": text.index("Kami"), "end": text.index(",”") + 1, "claim_id": None}
    shown = article_paragraphs(text, [quote], None)
    assert [[piece["text"] for piece in paragraph] for paragraph in shown] == [
        ["Ryan Babel tampil gemilang."], ["Laga itu berakhir 4-0."], ["“", "Kami senang,", "” kata Babel."]]
    assert shown[2][1]["quote"] is quote


def test_pages_escape_html_from_articles(datasette, db_path):
    claim, speaker = fetch(datasette, f"/-/claimtrack/claim/{claim_id(db_path, 'tunduk')}", "/-/claimtrack/speaker/2")
    article_id = next(sqlite_utils.Database(db_path).query("select id from articles where text like '<script>%'"))["id"]
    article = fetch(datasette, f"/-/claimtrack/article/{article_id}")
    for page in (claim, speaker, article):
        assert page.status_code == 200
        assert "<script>alert" not in page.text
    assert "&lt;script&gt;alert(&#34;quote&#34;)&lt;/script&gt;" in claim.text
    assert "&lt;script&gt;alert(&#34;article&#34;)&lt;/script&gt;" in article.text


def test_speaker_page_draws_a_timeline(datasette):
    html = fetch(datasette, "/-/claimtrack/speaker/1").text
    assert "<h1>Sergei Shoigu</h1>" in html
    assert '<svg class="claimtrack-timeline"' in html
    assert "<title>2023-09-20: 1 quote in Purna Warta</title>" in html
    assert "<title>2023-10-01: 2 quotes in SINDOnews</title>" in html
    assert "<script" not in html.split('<svg class="claimtrack-timeline"')[1].split("</svg>")[0]


@pytest.mark.parametrize("path, status, message", [
    ("/-/claimtrack/claim/999", 404, "Claim 999 does not exist in database &#39;claims&#39;."),
    ("/-/claimtrack/speaker/999", 404, "Speaker 999 does not exist in database &#39;claims&#39;."),
    ("/-/claimtrack/claim/1?database=nope", 404, "No database named &#39;nope&#39; is attached"),
])
def test_missing_rows_are_404s_that_say_what_is_missing(datasette, path, status, message):
    page = fetch(datasette, path)
    assert page.status_code == status
    assert message in page.text


def test_datasette_tables_link_to_the_plugin_pages(datasette):
    claims, speakers = fetch(datasette, "/claims/claims", "/claims/speakers")
    assert '<a href="/-/claimtrack/claim/1?database=claims">' in claims.text
    assert '<a href="/-/claimtrack/speaker/1?database=claims">Sergei Shoigu</a>' in speakers.text


# Without the plugin


@pytest.fixture
def without_plugin():
    if pm.is_registered(plugin):
        pm.unregister(plugin)
    yield
    serve.register_plugin()


def test_plain_datasette_reads_the_database(db_path, without_plugin):
    plain = Datasette([str(db_path)])
    claims, search, plugins = fetch(plain, "/claims/claims.json?_shape=array", "/claims/quotes.json?_search=sanksi",
                                    "/-/plugins.json")
    assert len(claims.json()) == 3
    assert len(search.json()["rows"]) == 2
    assert "claimtrack.web.plugin" not in {entry["name"] for entry in plugins.json()}


def test_plain_sqlite_utils_reads_the_database(db_path):
    db = sqlite_utils.Database(db_path)
    assert sorted(row["text"] for row in db["quotes"].search("sanksi", columns=["text"])) == sorted([PURNA, SINDO])
    assert db["claims"].count == 3
    assert db["quotes_view"].count == 6


# serve


@pytest.fixture
def uvicorn_calls(monkeypatch):
    calls = []
    monkeypatch.setattr(serve.uvicorn, "run", lambda app, **options: calls.append(options))
    return calls


def test_serve_binds_to_loopback_by_default(db_path, uvicorn_calls):
    serve.serve(db_path)
    assert uvicorn_calls[0]["host"] == "127.0.0.1"
    assert uvicorn_calls[0]["port"] == serve.DEFAULT_PORT


def test_serve_binds_where_asked(db_path, uvicorn_calls):
    serve.serve(db_path, host="0.0.0.0", port=9000)
    assert (uvicorn_calls[0]["host"], uvicorn_calls[0]["port"]) == ("0.0.0.0", 9000)


def test_serve_refuses_a_missing_database(tmp_path):
    with pytest.raises(serve.DatabaseMissing) as error:
        serve.build_datasette(tmp_path / "missing.db")
    assert str(error.value) == (
        f"No database at {tmp_path / 'missing.db'}. Create one with: claimtrack ingest ARTICLES --db "
        f"{tmp_path / 'missing.db'} (or try the seed articles: claimtrack demo --db {tmp_path / 'missing.db'})"
    )
    assert not (tmp_path / "missing.db").exists()


# The home page and its search


def test_home_page_lists_latest_claims_most_quoted_speakers_and_a_search_box(datasette, db_path):
    for path in ("/", "/-/claimtrack/", "/-/claimtrack"):
        html = fetch(datasette, path).text
        assert '<form class="claimtrack-search"' in html and 'list="claimtrack-speakers"' in html, path
        assert '<option value="Sergei Shoigu">' in html and '<option value="Budi Santoso">' in html
        sanctions = claim_id(db_path, "sanksi")
        assert f'<a href="/-/claimtrack/claim/{sanctions}?database=claims">' in html
        assert "2: Purna Warta | SINDOnews" in html  # outlets of the sanctions claim
        assert "SINDOnews, 2023-09-20" in html  # its first reporter
        assert '<a href="/-/claimtrack/speaker/1?database=claims">Sergei Shoigu</a>' in html
        assert "&lt;script&gt;" in html and '<script>alert("quote")' not in html


def test_plain_datasette_keeps_its_index_and_has_the_home_page_under_the_plugin(db_path):
    plain = Datasette([str(db_path)])
    index, home = fetch(plain, "/", "/-/claimtrack/")
    assert "claimtrack-search" not in index.text and "claimtrack-search" in home.text


@pytest.mark.parametrize(("speaker", "words"), [("Shoigu", "sanksi"), ("", "kerja sama"), ("Shoigu", ""),
                                                ("Budi", "tunduk")])
def test_web_search_and_cli_give_the_same_quotes(datasette, db_path, speaker, words):
    from urllib.parse import urlencode

    from click.testing import CliRunner

    from claimtrack.cli import cli

    command = ["search", words, "--limit", "0"] + (["--speaker", speaker] if speaker else []) if words \
        else ["said", speaker]
    found = json.loads(CliRunner().invoke(cli, [*command, "--db", str(db_path), "--json"]).output)
    html = fetch(datasette, "/-/claimtrack/search?" + urlencode({"speaker": speaker, "q": words})).text
    assert found
    assert f'{len(found)} quote{"s" if len(found) != 1 else ""}' in html
    for row in found:
        assert f'/-/claimtrack/article/{row["article_id"]}?database=claims&amp;start={row["start"]}' in html


def test_table_pages_fold_the_column_help_so_rows_come_first(datasette):
    html = fetch(datasette, "/claims/quotes").text
    assert "claimtrack-column-help" in html


def test_speaker_page_counts_days_filters_and_groups_quotes_by_claim(datasette, db_path):
    html = fetch(datasette, "/-/claimtrack/speaker/1").text
    assert "Quotes per day and outlet (2 days)" in html
    assert '<td class="claimtrack-date">2023-10-01</td><td>2</td><td>SINDOnews 2</td>' in html
    sanctions = claim_id(db_path, "sanksi")
    assert html.count(f'data-claim="{sanctions}"') == 1 and "2 reports" in html
    only = fetch(datasette, "/-/claimtrack/speaker/1?outlet=Purna+Warta").text
    assert "1 quote (filtered)" in only and PURNA in only and SINDO not in only.split("<h2>Quotes</h2>")[1]
    assert "0 quotes (filtered)" in fetch(datasette, "/-/claimtrack/speaker/1?until=2020-01-01").text


def test_speakers_are_listed_most_quoted_first(datasette):
    rows = fetch(datasette, "/claims/speakers_by_quotes.json?_shape=array").json()
    assert [row["name"] for row in rows] == ["Sergei Shoigu", "Budi Santoso"]
    assert [row["quotes"] for row in rows] == [4, 2]
    assert '<a href="/-/claimtrack/speaker/1?database=claims">1</a>' in fetch(datasette, "/claims/speakers_by_quotes").text


def test_claim_page_compares_each_wording_with_the_statement(datasette, db_path):
    sanctions = claim_id(db_path, "sanksi")
    statement = sqlite_utils.Database(db_path).execute("select statement from claims where id = ?", [sanctions]).fetchone()[0]
    html = fetch(datasette, f"/-/claimtrack/claim/{sanctions}").text
    assert f'<h1 class="claimtrack-statement">“{statement}”</h1>' in html
    assert "Compared with the statement, as " in html
    first = html.split('<section class="claimtrack-wording')[1]
    assert "· the statement" in first
