"""Checking a claimtrack database: what must hold after any ingest, interrupted or not.

:func:`check_database` reads the database and returns one :class:`Problem` per thing that is
wrong, or an empty list, each with the fix: SQLite's own integrity and foreign-key checks, a
schema written by a newer claimtrack, the full-text indexes against the tables they index (the
rows each index holds against the table's, and FTS5's ``integrity-check`` command where the file
can be written), every quote's and claim member's offsets against the text of its article, rows
left pointing at nothing (quotes without an article, claim members without a quote or claim,
aliases without a speaker), and publication dates claim matching cannot read. It changes
nothing, though FTS5's check is an INSERT and so takes the write lock for a moment.

>>> import sqlite_utils
>>> from claimtrack import storage
>>> db = sqlite_utils.Database(memory=True)
>>> storage.migrate(db)
>>> check_database(db)
[]
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

import sqlite_utils

from claimtrack.storage.schema import newer_schema_message, unknown_migrations

# Full-text indexes and the table each indexes (sqlite-utils' external-content FTS5 tables).
FTS_TABLES = {"quotes_fts": "quotes", "articles_fts": "articles"}
# Rows that must point at a row of another table: (check name, what, SQL selecting the orphans' ids).
ORPHANS = [
    ("orphan-quotes", "quote {id} belongs to article {ref}, which does not exist",
     "select quotes.id, quotes.article_id as ref from quotes left join articles on articles.id = quotes.article_id "
     "where articles.id is null"),
    ("orphan-quotes", "quote {id} is attributed to speaker {ref}, which does not exist",
     "select quotes.id, quotes.speaker_id as ref from quotes left join speakers on speakers.id = quotes.speaker_id "
     "where quotes.speaker_id is not null and speakers.id is null"),
    ("orphan-claim-members", "claim member {id} points at quote {ref}, which does not exist",
     "select claim_members.id, claim_members.quote_id as ref from claim_members "
     "left join quotes on quotes.id = claim_members.quote_id where quotes.id is null"),
    ("orphan-claim-members", "claim member {id} belongs to claim {ref}, which does not exist",
     "select claim_members.id, claim_members.claim_id as ref from claim_members "
     "left join claims on claims.id = claim_members.claim_id where claims.id is null"),
    ("orphan-aliases", "alias {id} names speaker {ref}, which does not exist",
     "select speaker_aliases.id, speaker_aliases.speaker_id as ref from speaker_aliases "
     "left join speakers on speakers.id = speaker_aliases.speaker_id where speakers.id is null"),
]
# Stop listing one kind of problem after this many: a broken database would otherwise print
# one line per row.
MAX_PER_CHECK = 20


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the database: ``check`` names the check, ``message`` says what and where."""

    check: str
    message: str

    def __str__(self) -> str:
        return f"{self.check}: {self.message}"


def check_database(db: sqlite_utils.Database) -> list[Problem]:
    """Every problem found in ``db``, or ``[]`` when it is sound."""
    problems = _integrity(db)
    if problems:  # a damaged file makes every later answer doubtful
        return problems
    tables = set(db.table_names())
    problems += _newer_schema(db)
    problems += _foreign_keys(db)
    problems += _fts_in_sync(db, tables)
    if {"quotes", "articles"} <= tables:
        problems += _offsets(db)
        problems += _dates(db)
    problems += _orphans(db, tables)
    return problems


def _newer_schema(db: sqlite_utils.Database) -> list[Problem]:
    unknown = unknown_migrations(db)
    return [Problem("schema", newer_schema_message(db.execute("pragma database_list").fetchone()[2] or "the database",
                                                   unknown))] if unknown else []


# A stored date claim matching can use: YYYY-MM-DD, a real day (SQLite's date() gives it back as it is).
_UNUSABLE_DATES = """select id, published from articles where published is not null
    and (length(published) < 10 or date(substr(published, 1, 10)) is not substr(published, 1, 10)) order by id"""


def _dates(db: sqlite_utils.Database) -> list[Problem]:
    """Publication dates that are not a day (``garbage``, ``2019-13-45``, ``16/09/2019``), which
    claimtrack before its date reading stored as given."""
    rows = db.execute(_UNUSABLE_DATES).fetchall()
    problems = [Problem("dates", f"article {article_id} is dated {_short(published)}, which is not a day claim "
                                 "matching can read, so it is matched as undated; give it its day, or none, with: "
                                 "sqlite-utils DATABASE \"update articles set published = null where id = "
                                 f"{article_id}\"")
                for article_id, published in rows[:MAX_PER_CHECK]]
    if len(rows) > MAX_PER_CHECK:
        problems.append(Problem("dates", f"… and {len(rows) - MAX_PER_CHECK} more articles with such dates"))
    return problems


def _integrity(db: sqlite_utils.Database) -> list[Problem]:
    try:
        rows = [row[0] for row in db.execute("pragma integrity_check").fetchall()]
    except sqlite3.DatabaseError as error:
        return [Problem("integrity", f"SQLite cannot read the file: {error}. Restore it from a backup, or "
                                     "re-ingest the articles into a new database.")]
    if rows == ["ok"]:
        return []
    return [Problem("integrity", f"SQLite reports: {row}") for row in rows[:MAX_PER_CHECK]]


def _foreign_keys(db: sqlite_utils.Database) -> list[Problem]:
    rows = db.execute("pragma foreign_key_check").fetchall()
    return [Problem("foreign-keys", f"{table} row {rowid} points at a row of {parent} that does not exist")
            for table, rowid, parent, _ in rows[:MAX_PER_CHECK]]


def _fts_in_sync(db: sqlite_utils.Database, tables: set[str]) -> list[Problem]:
    problems = []
    for fts, table in FTS_TABLES.items():
        if fts not in tables or table not in tables:
            continue
        fix = f"rebuild it with: sqlite-utils rebuild-fts DATABASE {table}"
        was_in_transaction = db.conn.in_transaction
        try:
            # FTS5 checks its index against itself; rank 1 also against the external content table.
            db.execute(f"insert into [{fts}]([{fts}], rank) values ('integrity-check', 1)")
        except sqlite3.DatabaseError as error:
            if not _read_only(error):  # a read-only file gets the row comparison below only
                problems.append(Problem("fts", f"the full-text index {fts} does not match {table} ({error}); {fix}"))
                continue
        finally:
            if db.conn.in_transaction and not was_in_transaction:
                db.conn.rollback()  # the check wrote nothing; end the transaction sqlite3 opened for it
        missing = db.execute(f"select count(*) from [{table}] where rowid not in (select id from [{fts}_docsize])"
                             ).fetchone()[0]
        stale = db.execute(f"select count(*) from [{fts}_docsize] where id not in (select rowid from [{table}])"
                           ).fetchone()[0]
        if missing or stale:
            problems.append(Problem("fts", f"the full-text index {fts} has drifted from {table}: {_rows(missing)} of "
                                           f"{table} not indexed, {_rows(stale)} indexed that {table} no longer has; "
                                           f"{fix}"))
    return problems


def _rows(count: int) -> str:
    return f"{count} row{'s' if count != 1 else ''}"


def _read_only(error: sqlite3.DatabaseError) -> bool:
    return "readonly" in str(error) or "read-only" in str(error)


def _offsets(db: sqlite_utils.Database) -> list[Problem]:
    """Each quote's (and claim member's) ``text`` must be exactly its article's text at ``start:end``."""
    problems = []
    texts: dict[int, str] = {}

    def article_text(article_id: int) -> str | None:
        if article_id not in texts:
            row = db.execute("select text from articles where id = ?", [article_id]).fetchone()
            texts[article_id] = row[0] if row else None
        return texts[article_id]

    queries = [("quote", "select id, article_id, start, [end], text from quotes order by article_id, id")]
    if "claim_members" in db.table_names():
        queries.append(("claim member",
                        "select id, article_id, start, [end], text from claim_members order by article_id, id"))
    for what, sql in queries:
        wrong = 0
        for row_id, article_id, start, end, text in db.execute(sql):
            article = article_text(article_id)
            if article is None:
                continue  # reported as an orphan
            if start is None or end is None or not 0 <= start <= end <= len(article):
                found = f"chars {start}-{end} are outside its {len(article)} characters"
            elif article[start:end] != text:
                found = f"chars {start}-{end} read {_short(article[start:end])}, not {_short(text)}"
            else:
                continue
            wrong += 1
            if wrong <= MAX_PER_CHECK:
                problems.append(Problem("offsets", f"{what} {row_id} of article {article_id}: {found}"))
        if wrong > MAX_PER_CHECK:
            problems.append(Problem("offsets", f"… and {wrong - MAX_PER_CHECK} more {what}s with wrong offsets"))
    return problems


def _orphans(db: sqlite_utils.Database, tables: set[str]) -> list[Problem]:
    problems = []
    needed = {"quotes": {"quotes", "articles", "speakers"}, "claim": {"claim_members", "quotes", "claims"},
              "alias": {"speaker_aliases", "speakers"}}
    for check, message, sql in ORPHANS:
        group = "quotes" if check == "orphan-quotes" else "claim" if check == "orphan-claim-members" else "alias"
        if not needed[group] <= tables:
            continue
        for row_id, ref in db.execute(sql).fetchall()[:MAX_PER_CHECK]:
            problems.append(Problem(check, message.format(id=row_id, ref=ref)))
    return problems


def _short(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")
