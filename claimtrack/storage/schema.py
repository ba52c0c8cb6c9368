"""The database file: where it is, how it is opened, and its schema as named migrations.

Schema changes are named migration functions applied in order by :func:`migrate` on every open
and recorded in ``_claimtrack_migrations`` (llm's way). Every table has an explicit integer
primary key (FTS rows point at it) and a content-derived ``key`` that makes re-ingesting an
upsert, never a duplicate. :func:`writing` is the one way a multi-step write takes the lock, and
``_claimtrack_state`` keeps the few named values the stages record (:func:`state`).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

DEFAULT_DB = "claimtrack.db"
ENV_VAR = "CLAIMTRACK_DB"

MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = []


def migration(function: Callable[[sqlite_utils.Database], None]) -> Callable[[sqlite_utils.Database], None]:
    MIGRATIONS.append(function)
    return function


def database_path(explicit: str | os.PathLike | None = None) -> Path:
    """``--db`` first, then ``$CLAIMTRACK_DB``, then ``claimtrack.db`` in the current folder
    (where ``datasette`` and ``sqlite-utils`` find it without being told)."""
    return Path(explicit or os.environ.get(ENV_VAR) or DEFAULT_DB)


def open_database(path: str | os.PathLike | None = None) -> sqlite_utils.Database:
    db = sqlite_utils.Database(database_path(path))
    db.conn.execute("PRAGMA foreign_keys = ON")
    db.conn.execute("PRAGMA busy_timeout = 10000")
    if db.journal_mode != "wal":
        db.enable_wal()
    migrate(db)
    return db


def migrate(db: sqlite_utils.Database) -> None:
    db["_claimtrack_migrations"].create({"name": str, "applied_at": str}, pk="name", if_not_exists=True)
    applied = {row["name"] for row in db["_claimtrack_migrations"].rows}
    for function in MIGRATIONS:
        if function.__name__ in applied:
            continue
        with db.atomic():
            function(db)
            db["_claimtrack_migrations"].insert({"name": function.__name__, "applied_at": now()})


@migration
def m001_initial(db: sqlite_utils.Database) -> None:
    db["outlets"].create({"id": int, "name": str, "domain": str}, pk="id")
    db["outlets"].create_index(["name"], unique=True)
    # One row per version of an article: `identity` is the URL, else a hash of the first text seen.
    db["articles"].create(
        {
            "id": int, "key": str, "identity": str, "version": int, "outlet_id": int, "source": str, "url": str,
            "title": str, "published": str, "date_source": str, "dateline": str, "outlet_source": str,
            "encoding": str, "text": str, "text_sha256": str, "html": str, "boilerplate": str,
            "extractor_version": str, "ingested_at": str,
        },
        pk="id",
        foreign_keys=[("outlet_id", "outlets", "id")],
    )
    db["articles"].create_index(["key"], unique=True)
    db["articles"].create_index(["identity", "version"], unique=True)
    db["articles"].create_index(["outlet_id"])
    db["articles"].create_index(["published"])
    db["articles"].enable_fts(["title", "text"], create_triggers=True, tokenize="unicode61 remove_diacritics 2")
    db["speakers"].create({"id": int, "name": str, "type": str, "identity_key": str}, pk="id")
    db["speakers"].create_index(["name"], unique=True)
    db["speakers"].create_index(["identity_key"])
    # Every name a speaker goes by; `manual` rows come from `claimtrack speakers merge/split` and
    # win over automatic matching on every later ingest.
    db["speaker_aliases"].create(
        {"id": int, "alias": str, "speaker_id": int, "manual": int}, pk="id",
        foreign_keys=[("speaker_id", "speakers", "id")],
    )
    db["speaker_aliases"].create_index(["alias"], unique=True)
    db["quotes"].create(
        {
            "id": int, "key": str, "article_id": int, "speaker_id": int, "start": int, "end": int,
            "text": str, "stems": str, "kind": str, "cue": str, "cue_start": int, "cue_end": int, "speaker": str,
            "speaker_start": int, "speaker_end": int, "speaker_name": str, "speaker_type": str,
            "relay": str, "method": str, "confidence": float, "paragraph": int, "chain": int,
            "extractor_version": str,
        },
        pk="id",
        foreign_keys=[("article_id", "articles", "id"), ("speaker_id", "speakers", "id")],
    )
    db["quotes"].create_index(["key"], unique=True)
    db["quotes"].create_index(["article_id"])
    db["quotes"].create_index(["speaker_id"])
    db["quotes"].enable_fts(["text", "speaker_name", "stems"], create_triggers=True,
                            tokenize="unicode61 remove_diacritics 2")
    db["_claimtrack_state"].create({"name": str, "value": str}, pk="name")
    db.create_view(
        "quotes_view",
        """
        select quotes.id, quotes.kind, coalesce(speakers.name, quotes.speaker_name) as speaker, quotes.text,
               outlets.name as outlet, articles.published, articles.title, articles.url, articles.source,
               quotes.start, quotes.end, quotes.cue, quotes.relay, quotes.method, quotes.confidence,
               quotes.article_id, quotes.speaker_id
        from quotes
        join articles on articles.id = quotes.article_id
        left join outlets on outlets.id = articles.outlet_id
        left join speakers on speakers.id = quotes.speaker_id
        """,
    )
    db.create_view(
        "speaker_timeline",
        """
        select speakers.id as speaker_id, speakers.name as speaker, articles.published as date,
               outlets.name as outlet, count(*) as quotes
        from quotes
        join speakers on speakers.id = quotes.speaker_id
        join articles on articles.id = quotes.article_id
        left join outlets on outlets.id = articles.outlet_id
        group by speakers.id, articles.published, outlets.name
        order by speakers.name, articles.published
        """,
    )


@migration
def m002_claims(db: sqlite_utils.Database) -> None:
    db["claims"].create({"id": int, "speaker_name": str, "label": str, "outlets": int, "members": int}, pk="id")
    db["claim_members"].create(
        {
            "id": int, "claim_id": int, "quote_id": int, "article_id": int, "start": int, "end": int,
            "text": str, "score": float, "method": str,
        },
        pk="id",
        foreign_keys=[("claim_id", "claims", "id"), ("quote_id", "quotes", "id"), ("article_id", "articles", "id")],
    )
    db["claim_members"].create_index(["claim_id"])
    db["claim_members"].create_index(["quote_id"])


@migration
def m003_claim_index(db: sqlite_utils.Database) -> None:
    # What lets new quotes join stored claims without re-reading every quote: each claim unit (a
    # sentence of a quote) with its content stems, the number of units of each stem, and the
    # inverted index of the rare stems (those in at most matching.MAX_STEM_DF units; a stem that
    # becomes common leaves the index, as it leaves the candidate rule). Derived data:
    # `rebuild_claims` recomputes all of it. `claim_units.stems` is a JSON list.
    db["claim_units"].create({"id": int, "quote_id": int, "start": int, "end": int, "stems": str}, pk="id",
                             foreign_keys=[("quote_id", "quotes", "id")])
    db["claim_units"].create_index(["quote_id"])
    db["claim_stem_counts"].create({"stem": str, "units": int}, pk="stem")
    db.execute("create table claim_stems (stem text not null, unit_id integer not null "
               "references claim_units(id), primary key (stem, unit_id)) without rowid")
    # Candidate pairs that scored the threshold or more (the only ones clustering joins), lower id
    # first: recomputing a claim re-joins its pairs instead of scoring them again.
    db.execute("create table claim_pairs (unit_a integer not null references claim_units(id), unit_b integer "
               "not null references claim_units(id), score real not null, primary key (unit_a, unit_b)) without rowid")
    db.execute("create index claim_pairs_unit_b on claim_pairs (unit_b)")
    db["claim_members"].add_column("unit_id", int, fk="claim_units", fk_col="id")
    db["claim_members"].create_index(["unit_id"])


@migration
def m004_claim_stems_by_day(db: sqlite_utils.Database) -> None:
    # Rarity is counted in the date window around a unit (matching.StemCalendar), not in the
    # whole corpus, and of candidate keys (matching.candidate_keys: stems, pairs of stems, a stem
    # with a word of the speaker's name), which `claim_stem_counts`, the new `claim_stem_days`
    # and `claim_stems` hold in their `stem` column. Each unit keeps its day (matching.day_number,
    # 0 when undated), units are counted per key and day, and the postings are kept by day, so
    # that a unit reads those of its own window only. The m003 counts, postings and pairs followed
    # the old rule: they are dropped, and the claims are recorded as built by other matching code,
    # so that the next update rebuilds the index and the claims (which stay readable until then).
    db["claim_units"].add_column("day", int, not_null_default=0)
    db.execute("update claim_units set day = coalesce((select cast(julianday(articles.published) - 1721424.5 "
               "as integer) from quotes join articles on articles.id = quotes.article_id "
               "where quotes.id = claim_units.quote_id), 0)")
    db.execute("create table claim_stem_days (stem text not null, day integer not null, units integer not null, "
               "primary key (stem, day)) without rowid")
    db.execute("delete from claim_stem_counts")
    db.execute("drop table claim_stems")
    db.execute("create table claim_stems (stem text not null, day integer not null, unit_id integer not null "
               "references claim_units(id), primary key (stem, day, unit_id)) without rowid")
    db.execute("delete from claim_pairs")
    db.execute("update _claimtrack_state set value = substr(value, 1, instr(value, ',')) || ' matching before m004' "
               "where name = 'claims_matching'")


@migration
def m005_speaker_key_last_word(db: sqlite_utils.Database) -> None:
    # A surname alone (`Shoigu`) finds the one full name ending with it (`speakers.identity`)
    # through an index on the identity key's last word, which `identity_key like '% shoigu'` could
    # not use: it read every speaker, 2.1 ms a name at 15k speakers, growing with the database.
    db["speakers"].add_column("key_last_word", str)
    db.conn.executemany("update speakers set key_last_word = ? where id = ?",
                        [(key_last_word(key), speaker) for speaker, key in
                         db.execute("select id, identity_key from speakers where identity_key like '% %'").fetchall()])
    db["speakers"].create_index(["key_last_word"])


@migration
def m006_claim_statements(db: sqlite_utils.Database) -> None:
    # A claim is one statement with a canonical wording (matching.clustering): `claims.label`, the
    # wording of its first member, becomes `claims.statement`, the canonical member's wording,
    # with that member's unit in `canonical_unit_id`; a member's `score` (its best pair's
    # similarity, 0-100) becomes `probability`, the pair model's probability that it states the
    # canonical wording, and a stored pair's `score` its probability. Old values mean something
    # else: they are emptied, and the claims are rebuilt at the next update (the claim engine's
    # version changed with this), staying readable until then.
    db.execute("alter table claims rename column label to statement")
    db.execute("alter table claims add column canonical_unit_id integer references claim_units(id)")
    db.execute("alter table claim_members rename column score to probability")
    db.execute("update claim_members set probability = null")
    db.execute("alter table claim_pairs rename column score to probability")
    db.execute("delete from claim_pairs")


def key_last_word(key: str | None) -> str | None:
    """What ``speakers.key_last_word`` holds for an identity key: its last word, when it has more than one.

    >>> key_last_word("sergei shoigu"), key_last_word("shoigu")
    ('shoigu', None)
    """
    words = (key or "").split()
    return words[-1] if len(words) > 1 else None


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


@contextmanager
def writing(db: sqlite_utils.Database) -> Iterator[None]:
    """One transaction that takes the write lock before it reads, so that two processes updating
    claims take turns instead of matching the same quotes twice (inside a caller's transaction, a
    savepoint of it)."""
    if db.conn.in_transaction:
        with db.atomic():
            yield
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.conn.rollback()
        raise
    else:
        db.conn.execute("COMMIT")


def state(db: sqlite_utils.Database, name: str) -> str | None:
    """A value recorded in ``_claimtrack_state``, ``None`` when there is none."""
    row = db.execute("select value from _claimtrack_state where name = ?", [name]).fetchone()
    return row[0] if row else None


def set_state(db: sqlite_utils.Database, name: str, value: str) -> None:
    db.execute("insert into _claimtrack_state (name, value) values (?, ?) "
               "on conflict (name) do update set value = excluded.value", [name, value])
