import sqlite3

from claimtrack import storage
from claimtrack.articles import iter_text_files, read_text_file
from claimtrack.extracting import EXTRACTOR_VERSION, extract

from .conftest import SEEDS


def ingest_seeds(db, nlp):
    for path in iter_text_files([SEEDS]):
        article = read_text_file(path)
        storage.store_article(db, article, extract(article, nlp), EXTRACTOR_VERSION)


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
        ("Purna Warta", "2023-09-20", "Sergei Shoigu"),
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
    assert [row["name"] for row in db["_claimtrack_migrations"].rows] == ["m001_initial", "m002_claims", "m003_claim_index",
                                                                         "m004_claim_stems_by_day"]
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
    first = storage.speaker_id(db, "Shoigu", "person")
    assert storage.speaker_id(db, "Sergei Shoigu", "person") == first
    assert db["speakers"].get(first)["name"] == "Sergei Shoigu"
    assert storage.speaker_id(db, "Shoigu", "person") == first
    # Two people share a surname: a surname alone is not enough to choose.
    storage.speaker_id(db, "Joko Widodo", "person")
    storage.speaker_id(db, "Budi Widodo", "person")
    assert storage.speaker_id(db, "Widodo", "person") not in {storage.speaker_id(db, "Joko Widodo", "person"),
                                                              storage.speaker_id(db, "Budi Widodo", "person")}
