import sqlite3

from claimtrack import ingest, storage
from claimtrack.articles import Article, iter_text_files, read_text_file
from claimtrack.extracting import EXTRACTOR_VERSION, extract
from claimtrack.names import identity_key
from claimtrack.records import Quote
from claimtrack.speakers import identity

from .conftest import SEEDS


def ingest_seeds(db, nlp):
    for path in iter_text_files([SEEDS]):
        article = read_text_file(path)
        ingest.store_article(db, article, extract(article, nlp), EXTRACTOR_VERSION)


def test_ingesting_the_same_files_twice_creates_no_duplicates(nlp):
    db = storage.open_database()
    ingest_seeds(db, nlp)
    first = storage.counts(db)
    ingest_seeds(db, nlp)
    assert storage.counts(db) == first
    assert first["articles"] == 5 and first["quotes"] > 30


def test_stored_offsets_give_the_quote_back(nlp):
    db = storage.open_database()
    ingest_seeds(db, nlp)
    rows = db.query('select articles.text as article, quotes.start, quotes."end", quotes.text from quotes '
                    "join articles on articles.id = quotes.article_id")
    for row in rows:
        assert row["article"][row["start"] : row["end"]] == row["text"]


def test_search_finds_both_outlets_reports_of_the_sanctions_quote(nlp):
    db = storage.open_database()
    ingest_seeds(db, nlp)
    rows = list(storage.search_quotes(db, "sanksi"))
    assert {(r["outlet"], r["published"], r["speaker_name"]) for r in rows} == {
        ("SINDOnews", "2023-09-20", "Sergei Shoigu"),
        ("Purna Warta", None, "Sergei Shoigu"),  # `Rabu (20/9)`, and no year anywhere: undated
    }


def test_search_never_raises_on_fts_syntax(nlp):
    db = storage.open_database()
    ingest_seeds(db, nlp)
    for query in ['"', "AND", "sanksi OR", "NEAR(", "*", "a:b", "'; drop table quotes; --"]:
        list(storage.search_quotes(db, query))
    assert db["quotes"].count > 0


def test_schema_has_foreign_keys_wal_fts_and_recorded_migrations():
    db = storage.open_database()
    assert db.journal_mode == "wal"
    assert db.execute("pragma page_size").fetchone()[0] == storage.schema.PAGE_SIZE  # a new database's
    assert [row["name"] for row in db["_claimtrack_migrations"].rows] == ["m001_initial", "m002_claims", "m003_claim_index",
                                                                         "m004_claim_stems_by_day",
                                                                         "m005_speaker_key_last_word",
                                                                         "m006_claim_statements", "m007_sources",
                                                                         "m009_quote_speakers",
                                                                         "m011_claim_postings_by_key_day",
                                                                         "m012_compact_keys"]
    assert {fk.other_table for fk in db["quotes"].foreign_keys} == {"articles", "speakers"}
    assert db["quotes"].detect_fts() == "quotes_fts"
    db.conn.execute("PRAGMA foreign_keys = ON")
    try:
        db["quotes"].insert({"key": "x", "article_id": 999999, "start": 0, "end": 1, "text": "x", "kind": "direct"})
    except sqlite3.IntegrityError:
        pass
    else:
        raise AssertionError("a quote pointing at no article was accepted")


def test_database_path_prefers_flag_then_environment(monkeypatch, tmp_path):
    assert storage.database_path(tmp_path / "flag.db") == tmp_path / "flag.db"
    monkeypatch.setenv("CLAIMTRACK_DB", str(tmp_path / "env.db"))
    assert storage.database_path() == tmp_path / "env.db"
    monkeypatch.delenv("CLAIMTRACK_DB")
    assert storage.database_path().name == "claimtrack.db"


def test_a_surname_and_a_full_name_in_different_articles_are_one_speaker():
    db = storage.open_database()
    first = identity.speaker_id(db, "Shoigu", "person")
    assert identity.speaker_id(db, "Sergei Shoigu", "person") == first
    assert identity.speaker_id(db, "Shoigu", "person") == first
    # Two people share a surname: a surname alone is not enough to choose.
    identity.speaker_id(db, "Joko Widodo", "person")
    identity.speaker_id(db, "Budi Widodo", "person")
    assert identity.speaker_id(db, "Widodo", "person") not in {identity.speaker_id(db, "Joko Widodo", "person"),
                                                              identity.speaker_id(db, "Budi Widodo", "person")}


def test_a_name_that_opens_a_known_full_name_is_no_surname():
    # CLICK-ID: `Fahri` (Fahri Hamzah, 132 quotes) was merged into `Chairul Fahry`, `Imam` (Imam
    # Nahrawi) into `Chairul Imam`, and 40 quotes of any `Ali` were shown as `Hatta Ali`'s.
    db = storage.open_database()
    fahry = identity.speaker_id(db, "Chairul Fahry", "person")
    hamzah = identity.speaker_id(db, "Fahri Hamzah", "person")
    assert identity.speaker_id(db, "Fahri", "person") not in {fahry, hamzah}
    # Nor does a full name ending with it take over a speaker known by that word alone.
    imam = identity.speaker_id(db, "Imam", "person")
    identity.speaker_id(db, "Imam Nahrawi", "person")
    assert identity.speaker_id(db, "Chairul Imam", "person") != imam
    # A surname is still one: no known full name starts with `Shoigu`.
    shoigu = identity.speaker_id(db, "Sergei Shoigu", "person")
    assert identity.speaker_id(db, "Shoigu", "person") == shoigu


def test_a_database_from_before_m005_finds_full_names_by_surname_through_an_index(tmp_path, monkeypatch):
    """m005 gives the speakers stored before it the last word of their identity keys; a surname
    alone then finds its full name by that column's index, not by reading every speaker."""
    path = tmp_path / "m004.db"
    monkeypatch.setattr(storage.schema, "MIGRATIONS", storage.MIGRATIONS[:4])
    db = storage.open_database(path)
    for name in ("Sergei Shoigu", "Hossein Dehqan"):  # as the code of m004's time stored them
        db["speakers"].insert({"name": name, "type": "person", "identity_key": identity_key(name)})
    shoigu = db.execute("select id from speakers where name = 'Sergei Shoigu'").fetchone()[0]
    monkeypatch.undo()
    db = storage.open_database(path)
    assert {row["name"]: row["key_last_word"] for row in db["speakers"].rows} \
        == {"Sergei Shoigu": identity_key("Shoigu"), "Hossein Dehqan": identity_key("Dehqan")}
    assert identity.speaker_id(db, "Shoigu", "person") == shoigu
    assert db["speakers"].get(identity.speaker_id(db, "Bagheri", "person"))["key_last_word"] is None
    plan = " ".join(row[-1] for row in db.execute(
        "explain query plan select id from speakers where type = 'person' and key_last_word = ? limit 2", ["x"]))
    assert "INDEX" in plan and "key_last_word" in plan, plan


def test_a_nickname_is_the_speaker_of_its_full_name_and_no_surname_of_another_person():
    db = storage.open_database()
    jokowi = identity.speaker_id(db, "Jokowi", "person")
    assert db["speakers"].get(jokowi)["name"] == "Joko Widodo"
    assert identity.speaker_id(db, "Joko Widodo", "person") == jokowi
    assert identity.speaker_id(db, "JOKOWI", "person") == jokowi
    # His wife, written with his nickname, is someone else and does not rename him (CLICK-ID had
    # 1,279 of Jokowi's quotes under `Iriana Jokowi`).
    iriana = identity.speaker_id(db, "Iriana Jokowi", "person")
    assert iriana != jokowi
    assert db["speakers"].get(jokowi)["name"] == "Joko Widodo"
    assert {row["alias"] for row in db["speaker_aliases"].rows_where("speaker_id = ?", [jokowi])} \
        == {"Jokowi", "Joko Widodo"}


def store_said(db, source: str, speaker: str, times: int, kind: str = "person") -> None:
    """An article in which ``speaker`` (of type ``kind``) is quoted ``times`` times."""
    text = " ".join(f"“Kalimat nomor {n} dari artikel {source},” kata {speaker}." for n in range(times))
    quotes, end = [], 0
    for _ in range(times):
        start = text.index("Kalimat", end)
        end = text.index(",”", start)
        quotes.append(Quote(start, end, text[start:end], "direct", speaker_name=speaker, speaker_type=kind))
    ingest.store_article(db, Article(text=text, source=source, published="2019-09-20"), quotes, "test")


def speaker_called(db, alias: str) -> str:
    return db.execute("select name from speakers where id = (select speaker_id from speaker_aliases "
                      "where alias = ?)", [alias]).fetchone()[0]


def test_a_speaker_is_of_the_type_its_quotes_give_most():
    """The first article to quote a speaker does not fix its type (CLICK-ID had Wiranto, 279
    quotes, as an organisation from its first 3)."""
    db = storage.open_database()
    store_said(db, "a", "Wiranto", 2, kind="organisation")
    assert db.execute("select type from speakers where name = 'Wiranto'").fetchone()[0] == "organisation"
    store_said(db, "b", "Wiranto", 3)
    assert db.execute("select type from speakers where name = 'Wiranto'").fetchone()[0] == "person"
    store_said(db, "c", "Wiranto", 1, kind="organisation")  # a tie keeps the type it has
    assert db.execute("select type from speakers where name = 'Wiranto'").fetchone()[0] == "person"


def test_a_speaker_goes_by_the_name_its_quotes_use_most_or_a_fuller_form_of_it():
    db = storage.open_database()
    store_said(db, "a", "Shoigu", 3)
    store_said(db, "b", "Sergei Shoigu", 1)
    assert speaker_called(db, "Shoigu") == "Sergei Shoigu"  # a fuller form, a quarter as often or more
    store_said(db, "c", "Bebby", 9)
    store_said(db, "d", "Tudingan Bebby", 1)  # one article glued a sentence's first word to her name
    assert speaker_called(db, "Tudingan Bebby") == "Bebby"
    store_said(db, "e", "Tudingan Bebby", 1)  # one more: still not a quarter of the uses
    assert speaker_called(db, "Bebby") == "Bebby"
    # A nickname's quotes count for the full name it stands for.
    store_said(db, "g", "Jokowi", 4)
    store_said(db, "h", "Joko Widodo", 1)
    assert speaker_called(db, "Jokowi") == "Joko Widodo"
    # A name fixed by hand stays.
    identity.merge_speakers(db, "Bebby", "Sergei Shoigu")
    store_said(db, "f", "Bebby", 9)
    assert speaker_called(db, "Bebby") == "Sergei Shoigu"


def _store_said(db, n, speaker, text="Kami akan menata trotoar di kawasan itu"):
    article = Article(text=f"“{text},” kata {speaker}.", source=f"said-{n}", outlet="Kompas.com",
                      published="2019-09-20", url=f"https://gold.test/said-{n}")
    ingest.store_article(db, article, [Quote(1, 1 + len(text), text, "direct", speaker_name=speaker,
                                              speaker_type="person")], EXTRACTOR_VERSION)


def _speaker_of(db, source):
    return next(db.query("select speakers.name from quotes join articles on articles.id = quotes.article_id "
                         "join speakers on speakers.id = quotes.speaker_id where articles.source = ?", [source]))["name"]


def test_a_given_name_alone_joins_the_well_established_full_name_it_opens():
    # CLICK-ID: `Anies` (311 quotes, articles that never give the surname) beside `Anies Baswedan` (526).
    db = storage.open_database()
    _store_said(db, 0, "Anies")  # before the full name is known: a speaker of its own
    assert _speaker_of(db, "said-0") == "Anies"
    for n in range(1, identity.GIVEN_NAME_MIN_QUOTES):
        _store_said(db, n, "Anies Baswedan")
    assert _speaker_of(db, "said-0") == "Anies"  # 9 quotes: not yet established
    _store_said(db, 10, "Anies Rasyid Baswedan")  # a fuller form, the same surname
    _store_said(db, 11, "Anies Baswedan")  # the 10th: `Anies` joins
    assert _speaker_of(db, "said-0") == "Anies Baswedan"
    _store_said(db, 12, "Anies")
    _store_said(db, 13, "Anies Rasyid Baswedan")  # the same surname: the join holds
    assert _speaker_of(db, "said-12") == _speaker_of(db, "said-0") == "Anies Baswedan"
    assert db.execute("select count(*) from speakers where name like 'Anies%'").fetchone()[0] == 2
    # Provenance is kept: the quote still says what its article called the speaker.
    assert {row["speaker_name"] for row in db.query("select speaker_name from quotes")} == {
        "Anies", "Anies Baswedan", "Anies Rasyid Baswedan"}


def test_a_given_name_of_two_people_or_spelt_otherwise_joins_no_one():
    db = storage.open_database()
    for n in range(identity.GIVEN_NAME_MIN_QUOTES):
        _store_said(db, n, "Fahri Hamzah")
        _store_said(db, 100 + n, "Suzi Marsitawati")
    _store_said(db, 200, "Fahri")
    _store_said(db, 201, "Suzy")  # the same spelling-variant key as `Suzi`, another person
    assert (_speaker_of(db, "said-200"), _speaker_of(db, "said-201")) == ("Fahri Hamzah", "Suzy")
    # Another `Fahri` comes along: the join is undone, `Fahri`'s quotes are its own again.
    _store_said(db, 202, "Fahri Bachmid")
    _store_said(db, 203, "Fahri")
    assert {_speaker_of(db, f"said-{n}") for n in (200, 203)} == {"Fahri"}
    assert db.execute("select count(*) from quotes join speakers on speakers.id = quotes.speaker_id "
                      "where speakers.name = 'Fahri Hamzah'").fetchone()[0] == identity.GIVEN_NAME_MIN_QUOTES
    # A given name that opens two well-established full names joins neither.
    for n in range(identity.GIVEN_NAME_MIN_QUOTES):
        _store_said(db, 300 + n, "Budi Karya Sumadi")
        _store_said(db, 400 + n, "Budi Gunadi Sadikin")
    _store_said(db, 500, "Budi")
    assert _speaker_of(db, "said-500") == "Budi"


def test_a_merge_by_hand_is_not_undone_by_the_given_name_join():
    db = storage.open_database()
    _store_said(db, 0, "Raffi")
    _store_said(db, 1, "Raffi Nagita")
    identity.merge_speakers(db, "Raffi", "Raffi Nagita")  # by hand
    identity.split_speaker(db, "Raffi")
    for n in range(identity.GIVEN_NAME_MIN_QUOTES):
        _store_said(db, 10 + n, "Raffi Ahmad")
    _store_said(db, 30, "Raffi")
    assert _speaker_of(db, "said-30") == "Raffi"


def test_a_surname_speaker_called_by_that_word_is_no_given_name_join():
    # CLICK-ID: Lucinta Luna goes by `Luna` (her quotes mostly say so); `Luna Maya` is another person,
    # and storing her once crashed the given-name join (a second speaker named `Luna`).
    db = storage.open_database()
    _store_said(db, 0, "Lucinta Luna")
    for n in range(1, 6):
        _store_said(db, n, "Luna")
    assert _speaker_of(db, "said-1") == "Luna"
    _store_said(db, 6, "Luna Maya")
    assert [_speaker_of(db, f"said-{n}") for n in (0, 1, 6)] == ["Luna", "Luna", "Luna Maya"]


def test_read_commands_open_the_database_with_sqlite3_alone(tmp_path, nlp, monkeypatch):
    """open_for_reading gives the reads the rows open_database gives, through the standard
    library's sqlite3; a database of an older schema is migrated first, then read the same way."""
    path = tmp_path / "reads.db"
    db = storage.open_database(path)
    ingest_seeds(db, nlp)
    reader = storage.open_for_reading(path)
    assert isinstance(reader, storage.Reader)
    filters = storage.QuoteFilter(speaker="Shoigu")
    assert list(storage.search_quotes(reader, "sanksi", filters)) == list(storage.search_quotes(db, "sanksi", filters))
    assert list(storage.said(reader, "Shoigu")) == list(storage.said(db, "Shoigu"))
    assert storage.get_quote(reader, 1) == storage.get_quote(db, 1)
    assert set(reader.table_names()) == set(db.table_names())
    reader.close()

    def m999_later(db) -> None:
        db.execute("create table later (id integer primary key)")

    monkeypatch.setattr(storage.schema, "MIGRATIONS", [*storage.MIGRATIONS, m999_later])
    migrated = storage.open_for_reading(path)
    assert isinstance(migrated, storage.Reader) and "later" in migrated.table_names()


def test_search_finds_what_a_plain_match_finds_best_first(nlp, monkeypatch):
    """Unfiltered search orders rows in the full-text index alone and joins only those shown: the
    same hits in the same order as a MATCH over the joined tables ordered by rank; past
    RANKED_MATCHES matches, the newest that many are ranked and the older ones follow, newest
    first."""
    db = storage.open_database()
    ingest_seeds(db, nlp)

    def plain(query: str) -> list[int]:
        return [row[0] for row in db.execute("select quotes.id from quotes join quotes_fts on quotes_fts.rowid = "
                                             "quotes.id where quotes_fts match ? order by quotes_fts.rank",
                                             [storage.fts_query(query)])]

    for query in ["sanksi", "tegas", "Rusia sanksi", "Shoigu", "yang", "ini", "Iran"]:
        expected = plain(query)
        assert expected, query
        assert [row["id"] for row in storage.search_quotes(db, query, limit=1000)] == expected, query
        assert [row["id"] for row in storage.search_quotes(db, query, limit=3)] == expected[:3], query
    monkeypatch.setattr(storage.queries, "RANKED_MATCHES", 5)
    many = sorted(plain("yang"), reverse=True)
    assert len(many) > 8
    newest_ranked = [quote for quote in plain("yang") if quote in many[:5]]
    assert newest_ranked != many[:5]
    assert [row["id"] for row in storage.search_quotes(db, "yang", limit=4)] == newest_ranked[:4]
    assert [row["id"] for row in storage.search_quotes(db, "yang", limit=8)] == newest_ranked + many[5:8]
    assert [row["id"] for row in storage.search_quotes(db, "yang", limit=None)] == newest_ranked + many[5:]


SPEAKER_SEARCHES = [  # (words, --speaker): the words in the quote text, on a name, or on nobody
    ("sanksi", "Shoigu"), ("Rusia", "Shoigu"), ("yang", "a"), ("kami", "i"), ("ini", "Sergei"), ("Iran", "Reza"),
    ("Shoigu", "Shoigu"), ("yang", "Ashtiani"), ("sanksi", "Nobody At All"),
]


def test_a_speaker_search_finds_and_orders_as_the_filter_over_every_match(nlp):
    """With --speaker, the full-text query is narrowed to the names the filter passes (read from
    quote_speakers): the same rows in the same order as the filter applied to every match."""
    db = storage.open_database()
    ingest_seeds(db, nlp)
    for query, speaker in SPEAKER_SEARCHES:
        filters = storage.QuoteFilter(speaker=speaker)
        where, params = filters.sql()
        expected = [row[0] for row in db.execute(
            "select quotes.id from quotes join articles on articles.id = quotes.article_id join quotes_fts on "
            f"quotes_fts.rowid = quotes.id where quotes_fts match ? and {' and '.join(where)} order by quotes_fts.rank",
            [storage.fts_query(query), *params])]
        assert [row["id"] for row in storage.search_quotes(db, query, filters, limit=1000)] == expected, (query, speaker)
    assert storage.queries._speaker_names(db, "Shoigu") == ["Sergei Shoigu"]
    assert storage.queries._speaker_names(db, "Nobody At All") == []  # no quote: nothing to search


# (speaker, quote): one article each, stored in this order (quote ids 1-9). With COMMON_QUOTES at
# 4, `dan` (in five quotes) is common; `sanksi` (three as written, four by stem) is not.
COMMON_AND_RARE = [
    ("Sri Mulyani", "Pemerintah menyiapkan dana bantuan untuk petani di desa"),
    ("Zulkifli Hasan", "Harga beras dan minyak goreng naik lagi bulan ini"),
    ("Puan Maharani", "Kami dan mereka sudah sepakat soal anggaran"),
    ("Sergei Shoigu", "Sanksi dan tekanan dari Barat tidak akan berhasil"),
    ("Sergei Shoigu", "Sanksinya terlalu berat bagi rakyat kecil"),
    ("Sergei Lavrov", "Sanksi ekonomi, sanksi politik, semua sanksi kami hadapi dan kami lawan"),
    ("Sergei Lavrov", "Rusia menyebut sanksi itu sanksi ilegal dan sanksi sepihak"),
    ("Budi Gunadi Sadikin", "Produk itu berasal dari pabrik di Jawa Timur"),
    ("Zulkifli Hasan", "Stok beras cukup sampai akhir tahun"),
]


def store_quotes(db, said) -> None:
    for n, (speaker, text) in enumerate(said):
        article = Article(text=f"“{text},” kata {speaker}.", source=f"said-{n}", published=f"2024-01-{n + 1:02}")
        ingest.store_article(db, article, [Quote(1, 1 + len(text), text, "direct", speaker_name=speaker,
                                                 speaker_type="person")], "test")


def search_ids(db, query, speaker=None, limit=50):
    return [row["id"] for row in storage.search_quotes(db, query, storage.QuoteFilter(speaker=speaker), limit=limit)]


def test_a_common_word_matches_as_written_and_weighs_nothing_in_the_order(monkeypatch):
    """A word in more than COMMON_QUOTES quotes matches as written (`dan` no longer finds `dana`)
    and filters without changing the order of the other words; quotes found through a prefix
    alone come after those holding the word as written or by its stem."""
    db = storage.open_database()
    store_quotes(db, COMMON_AND_RARE)
    monkeypatch.setattr(storage.queries, "COMMON_QUOTES", 4)
    assert storage.queries.common_terms(db, "dan sanksi") == {"dan", "stem:dan"}
    assert search_ids(db, "dan") == [7, 6, 4, 3, 2]  # five matches: newest first, no `dana` (1)
    assert search_ids(db, "dana") == [1]
    by_sanction = search_ids(db, "sanksi")
    assert sorted(by_sanction) == [4, 5, 6, 7] and by_sanction[-1] in (4, 5)  # `sanksi` three times first
    assert search_ids(db, "sanksi dan") == [quote for quote in by_sanction if quote in (4, 6, 7)]
    assert search_ids(db, "sanksi dan", limit=1) == by_sanction[:1]
    rice = search_ids(db, "beras")
    assert sorted(rice[:2]) == [2, 9] and rice[2:] == [8]  # `berasal` (8) by the prefix alone, after both
    assert search_ids(db, "dan", "Lavrov") == [7, 6]  # only common words: newest first
    assert search_ids(db, "dan", "Nobody") == []
    monkeypatch.setattr(storage.queries, "COMMON_QUOTES", 10_000)
    assert 1 in search_ids(db, "dan")  # not common: a prefix again


def test_a_reading_connection_maps_the_file(tmp_path):
    path = tmp_path / "mapped.db"
    storage.open_database(path).conn.close()
    reader = storage.open_for_reading(path)
    assert reader.execute("PRAGMA mmap_size").fetchone()[0] == storage.schema.READ_MMAP_BYTES


def test_quote_speakers_holds_every_name_and_speaker_quotes_have(nlp):
    db = storage.open_database()
    ingest_seeds(db, nlp)
    pairs = "select distinct speaker_name, speaker_id from {} order by 1, 2"
    assert db.execute(pairs.format("quotes")).fetchall() == db.execute(pairs.format("quote_speakers")).fetchall()
    before = db.execute(pairs.format("quotes")).fetchall()
    identity.merge_speakers(db, "Vladimir Putin", "Kremlin")  # Putin's quotes now point at the Kremlin's row
    after = db.execute(pairs.format("quotes")).fetchall()
    assert after != before and set(after) <= set(db.execute(pairs.format("quote_speakers")).fetchall())


def test_an_ingest_commits_without_waiting_for_the_disk_and_syncs_what_it_stored(tmp_path, monkeypatch):
    """Each article's commit is not waited to disk (synchronous NORMAL while storing); before the
    claims update and at the end the WAL file is synced, and the setting is FULL again after."""
    path = tmp_path / "synced.db"
    db = storage.open_database(path)
    seen = []
    monkeypatch.setattr(ingest, "update_claims", lambda db, **options: seen.append(
        ("claims", db.execute("PRAGMA synchronous").fetchone()[0])) or ingest.ClaimUpdate())
    synced = []
    monkeypatch.setattr(storage.schema.os, "fsync", synced.append)
    articles = [Article(text=f"Menteri Budi berkata, \"Kami siap nomor {n}.\"", source=f"a{n}") for n in range(3)]
    report = ingest.store_stream(((article, []) for article in articles), db)
    assert report.added == 3
    assert seen == [("claims", 1)]  # NORMAL while storing
    assert len(synced) >= 2  # before the claims update, and at the end
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL again
    assert storage.open_for_reading(path).execute("select count(*) from articles").fetchone() == (3,)
