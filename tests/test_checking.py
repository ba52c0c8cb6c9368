"""Checking a database: a clean one passes; each corruption made by raw SQL is named clearly."""

import shutil

import pytest
import sqlite_utils

from claimtrack import ingest, storage
from claimtrack.articles import read_text_file
from claimtrack.extracting import EXTRACTOR_VERSION, extract
from claimtrack.matching import incremental
from claimtrack.storage.check import Problem, check_database

from .conftest import SEEDS


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory, nlp):
    """The seed articles ingested once; each test corrupts its own copy."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    db = storage.open_database(path)
    for seed in sorted(SEEDS.glob("*.txt")):
        article = read_text_file(seed)
        ingest.store_article(db, article, extract(article, nlp), EXTRACTOR_VERSION)
    incremental.rebuild_claims(db)
    db.execute("pragma wal_checkpoint(truncate)")
    db.conn.close()
    return path


@pytest.fixture
def db(demo_db, tmp_path):
    """A copy of the demo database opened raw (foreign keys off, as any SQLite tool opens it)."""
    path = tmp_path / "copy.db"
    shutil.copy(demo_db, path)
    return sqlite_utils.Database(path)


def first(db, sql):
    return db.execute(sql).fetchone()


def test_a_clean_database_passes(db):
    assert db["quotes"].count > 30 and db["claim_members"].count > 0
    assert check_database(db) == []


def test_a_database_opened_by_claimtrack_passes_and_checking_leaves_no_transaction_open(demo_db, tmp_path):
    path = tmp_path / "copy.db"
    shutil.copy(demo_db, path)
    db = storage.open_database(path)
    assert check_database(db) == []
    assert not db.conn.in_transaction


def test_a_quote_with_shifted_offsets(db):
    quote_id, article_id, start, end, text = first(db, "select id, article_id, start, [end], text from quotes order by id limit 1")
    db.execute("update quotes set start = start + 1, [end] = [end] + 1 where id = ?", [quote_id])
    db.conn.commit()
    article = db["articles"].get(article_id)["text"]
    shifted = article[start + 1 : end + 1]
    assert check_database(db) == [
        Problem("offsets", f"quote {quote_id} of article {article_id}: chars {start + 1}-{end + 1} read {shifted[:59] + '…'!r}, not {text[:59] + '…'!r}"),
    ]


def test_a_quote_with_offsets_past_the_end_of_its_article(db):
    quote_id, article_id = first(db, "select id, article_id from quotes order by id desc limit 1")
    length = len(db["articles"].get(article_id)["text"])
    db.execute("update quotes set [end] = 999999 where id = ?", [quote_id])
    db.conn.commit()
    assert [str(p) for p in check_database(db)] == [
        f"offsets: quote {quote_id} of article {article_id}: chars {db['quotes'].get(quote_id)['start']}-999999 are outside its {length} characters",
    ]


def test_a_claim_member_with_wrong_offsets(db):
    member_id, article_id, start, end = first(db, "select id, article_id, start, [end] from claim_members order by id limit 1")
    db.execute("update claim_members set text = 'kata yang tidak ada' where id = ?", [member_id])
    db.conn.commit()
    actual = db["articles"].get(article_id)["text"][start:end]
    shown = repr(actual if len(actual) <= 60 else actual[:59] + "…")
    assert [str(p) for p in check_database(db)] == [
        f"offsets: claim member {member_id} of article {article_id}: chars {start}-{end} read {shown}, not 'kata yang tidak ada'",
    ]


def test_an_orphan_claim_member(db):
    quote_id = first(db, "select id from quotes limit 1")[0]
    member_id = db["claim_members"].insert({"claim_id": 9999, "quote_id": quote_id, "article_id": 1, "start": 0, "end": 0,
                                            "text": "", "probability": 0.0, "method": "raw sql"}).last_pk
    assert [str(p) for p in check_database(db)] == [
        f"foreign-keys: claim_members row {member_id} points at a row of claims that does not exist",
        f"orphan-claim-members: claim member {member_id} belongs to claim 9999, which does not exist",
    ]


def test_quotes_and_claim_members_left_behind_by_a_deleted_article(db):
    article_id = first(db, "select article_id from claim_members order by article_id limit 1")[0]
    quotes = [row[0] for row in db.execute("select id from quotes where article_id = ? order by id", [article_id])]
    members = db.execute("select count(*) from claim_members where article_id = ?", [article_id]).fetchone()[0]
    db.execute("delete from articles where id = ?", [article_id])  # the FTS trigger keeps articles_fts in step
    db.conn.commit()
    found = check_database(db)
    assert {p.check for p in found} == {"foreign-keys", "orphan-quotes"}
    orphans = [p.message for p in found if p.check == "orphan-quotes"]
    assert orphans == [f"quote {q} belongs to article {article_id}, which does not exist" for q in quotes]
    assert len([p for p in found if p.check == "foreign-keys"]) == len(quotes) + members


def test_an_alias_without_its_speaker(db):
    speaker_id = first(db, "select speaker_id from speaker_aliases where speaker_id not in (select speaker_id from quotes where speaker_id is not null) limit 1")
    if speaker_id is None:
        alias_id = db["speaker_aliases"].insert({"alias": "Nama Palsu", "speaker_id": 424242, "manual": 1}).last_pk
        speaker_id = 424242
    else:
        speaker_id = speaker_id[0]
        alias_id = first(db, f"select id from speaker_aliases where speaker_id = {speaker_id}")[0]
        db.execute("delete from speakers where id = ?", [speaker_id])
        db.conn.commit()
    found = [str(p) for p in check_database(db)]
    assert f"orphan-aliases: alias {alias_id} names speaker {speaker_id}, which does not exist" in found
    assert all(p.startswith(("orphan-aliases", "foreign-keys: speaker_aliases")) for p in found), found


def test_full_text_index_missing_a_row_deleted_from_its_shadow_table(db):
    for trigger in ("quotes_ai", "quotes_ad", "quotes_au"):
        db.execute(f"drop trigger if exists [{trigger}]")
    quote_id = first(db, "select id from quotes order by id limit 1")[0]
    db.execute("delete from quotes_fts_docsize where id = ?", [quote_id])
    db.conn.commit()
    assert [str(p) for p in check_database(db)] == [
        "fts: the full-text index quotes_fts does not match quotes (database disk image is malformed); "
        "rebuild it with: sqlite-utils rebuild-fts DATABASE quotes",
    ]


def test_full_text_index_missing_a_quote_inserted_without_triggers(db):
    for trigger in ("quotes_ai", "quotes_ad", "quotes_au"):
        db.execute(f"drop trigger if exists [{trigger}]")
    row = dict(db["quotes"].get(1))
    # Another quote of those words: a quote is one by its article, offsets and kind.
    row.update(id=None, key="q1:raw-sql", kind="indirect" if row["kind"] == "direct" else "direct")
    db["quotes"].insert(row)
    found = check_database(db)
    assert [p.check for p in found] == ["fts"]
    assert "quotes_fts" in found[0].message and "rebuild-fts DATABASE quotes" in found[0].message


def test_full_text_index_of_articles_out_of_step_with_their_text(db):
    db.execute("drop trigger if exists [articles_au]")
    db.execute("update articles set title = 'Judul yang diganti tanpa indeks' where id = 1")
    db.conn.commit()
    found = check_database(db)
    assert [str(p) for p in found] == [
        "fts: the full-text index articles_fts does not match articles (database disk image is malformed); "
        "rebuild it with: sqlite-utils rebuild-fts DATABASE articles",
    ]


def test_a_damaged_file_is_reported_before_anything_else(db):
    path = db.conn.execute("pragma database_list").fetchone()[2]
    page = db.conn.execute("pragma page_size").fetchone()[0]
    db.conn.close()
    data = bytearray(open(path, "rb").read())
    data[page : page + 8] = b"\x0d\x00\x00\xff\xff\xff\xff\x00"  # page 2: a leaf header with 65,535 cells
    open(path, "wb").write(bytes(data))
    assert [str(p) for p in check_database(sqlite_utils.Database(path))] == [
        "integrity: SQLite cannot read the file: database disk image is malformed. Restore it from a backup, "
        "or re-ingest the articles into a new database.",
    ]
