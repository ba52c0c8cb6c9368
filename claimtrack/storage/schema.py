"""The database file: where it is, how it is opened, and its schema as named migrations.

Schema changes are named migration functions applied in order by :func:`migrate` and recorded in
``_claimtrack_migrations`` (llm's way). Every table has an explicit integer primary key (FTS rows
point at it) and a content-derived ``key`` that makes re-ingesting an upsert, never a duplicate.
``_claimtrack_state`` keeps the few named values the stages record (:func:`state`).

Two ways in: :func:`open_database` for commands that write (it creates the file, turns on WAL and
migrates, through sqlite-utils), :func:`open_for_reading` for commands that only read (it refuses
a path with no database instead of creating an empty one, and opens the file read-only with
sqlite3 alone, :class:`Reader`, so that a read command starts without sqlite-utils and numpy, and a
database in a read-only folder or on a read-only medium can still be searched and served). Both refuse a file
that is not SQLite and a schema written by a newer claimtrack, with :class:`DatabaseUnusable`.

Any number of claimtrack processes may write to one database at once. Every transaction that
writes takes the write lock before it reads anything (:func:`writing`, and ``atomic()`` of the
:class:`Database` the writers' opener returns), so no transaction ever has to upgrade a read to a write,
which SQLite refuses without waiting. A process that finds the lock taken waits as long as it
takes, and says so once (:attr:`Database.on_wait`). Migrations run under that lock and look at what
is applied once they hold it, so two processes opening a new database never both migrate it.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

if TYPE_CHECKING:
    import sqlite_utils

DEFAULT_DB = "claimtrack.db"
ENV_VAR = "CLAIMTRACK_DB"
MIGRATIONS_TABLE = "_claimtrack_migrations"
# Pages of a new database: an article's row (1.5 KB of text on average in CLICK-ID, up to many KB)
# left a third of each 4 KB page empty. The first 2,000 CLICK-ID articles' rows take 6.4 MB of
# 4 KB pages, 5.0 MB of 8 KB pages.
PAGE_SIZE = 8192
# How long a writer waits for the write lock before it says that it is waiting (it then waits on).
QUIET_WAIT_MS = 2_000
# How long any other statement waits for a lock: readers in WAL mode almost never wait at all.
BUSY_TIMEOUT_MS = 60_000
# What SQLite says when the file or the disk, not claimtrack, stops a write.
_SETUP_ERRORS = {
    "database or disk is full": "the disk is full; free some space and ingest again (articles stored before "
                                "stay whole and are not stored twice)",
    "disk i/o error": "the disk failed to write; check the disk, then ingest again",
    "attempt to write a readonly database": "the database is read-only; make the file and its folder writable, or "
                                            "give another --db",
    "unable to open database file": "the database file cannot be opened for writing; check that it and its "
                                    "folder exist and are writable",
    "database disk image is malformed": "the database file is damaged; see what is wrong with: claimtrack check",
    "file is not a database": "the file is not a SQLite database",
}

MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = []


def migration(function: Callable[[sqlite_utils.Database], None]) -> Callable[[sqlite_utils.Database], None]:
    MIGRATIONS.append(function)
    return function


class DatabaseUnusable(Exception):
    """A database claimtrack cannot open as asked; the message names the file and the fix."""


@functools.cache
def _database_class() -> type[sqlite_utils.Database]:
    """:class:`Database`, made on first use: sqlite-utils brings numpy and dateutil (0.3 s) that
    the commands that only read do without (:class:`Reader`)."""
    import sqlite_utils

    class Database(sqlite_utils.Database):
        """sqlite-utils' database whose transactions take the write lock first, waiting for it as
        long as another process holds it; ``on_wait`` hears, once, that this process waits."""

        on_wait: Callable[[str], None] | None = None
        said_waiting: bool = False
        shown_as: str | None = None  # the path as the user gave it, for messages

        @contextmanager
        def atomic(self) -> Iterator[Database]:
            if self.conn.in_transaction:
                with super().atomic():
                    yield self
                return
            with writing(self):
                yield self

    return Database


def __getattr__(name: str):
    """``schema.Database``, the class :func:`open_database` returns, made on first use."""
    if name == "Database":
        return _database_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class Reader:
    """A database opened read-only with the standard library's sqlite3 (:func:`open_for_reading`):
    the ``conn``, ``execute``, ``query`` and ``table_names`` of :class:`sqlite_utils.Database`
    that the reads in :mod:`claimtrack.storage.queries` and :mod:`claimtrack.storage.check` use,
    without importing sqlite-utils."""

    shown_as: str | None = None  # the path as the user gave it, for messages

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def execute(self, sql: str, params=()) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)

    def query(self, sql: str, params=()) -> Iterator[dict]:
        cursor = self.conn.execute(sql, params)
        keys = [column[0] for column in cursor.description]
        for row in cursor:
            yield dict(zip(keys, row, strict=True))

    def table_names(self) -> list[str]:
        return [name for (name,) in self.conn.execute("select name from sqlite_master where type = 'table'")]

    def close(self) -> None:
        self.conn.close()


def database_path(explicit: str | os.PathLike | None = None) -> Path:
    """``--db`` first, then ``$CLAIMTRACK_DB``, then ``claimtrack.db`` in the current folder
    (where ``datasette`` and ``sqlite-utils`` find it without being told)."""
    return Path(explicit or os.environ.get(ENV_VAR) or DEFAULT_DB)


def open_database(path: str | os.PathLike | None = None, *,
                  on_wait: Callable[[str], None] | None = None) -> sqlite_utils.Database:
    """The database at ``path`` (:func:`database_path`) opened for writing: created when there is
    none, in WAL mode, migrated. ``on_wait`` is told, once, when this process has to wait for
    another one writing.

    Raises
    ------
    DatabaseUnusable
        The folder does not exist, the file is not SQLite or cannot be written, or its schema is
        newer than this claimtrack's.
    """
    path = database_path(path)
    if not path.parent.is_dir():
        raise DatabaseUnusable(f"cannot create a database at {path}: the folder {path.parent} does not exist; "
                               "create it first, or give another --db")
    if path.is_dir():
        raise DatabaseUnusable(f"{path} is a folder, not a database file; give a file name, such as "
                               f"{path / DEFAULT_DB}")
    read_only = [what for what, place in (("the file", path), ("its folder", path.parent))
                 if place.exists() and not os.access(place, os.W_OK)]
    if read_only:
        are = "is" if len(read_only) == 1 else "are"
        raise DatabaseUnusable(f"cannot write to {path}: {' and '.join(read_only)} {are} read-only (SQLite writes a "
                               "-wal file beside the database); make it writable, or give another --db. Commands "
                               "that only read, such as search and serve, read it as it is")
    try:
        db = _connect(str(path))
        db.on_wait, db.shown_as = on_wait, str(path)
        _readable(db, path)
        if db.table_names() and MIGRATIONS_TABLE not in db.table_names():
            raise DatabaseUnusable(f"{path} is a SQLite database of something else (it has tables, none of them "
                                   "claimtrack's); give another --db: claimtrack writes only to its own databases")
        _refuse_newer(db, path)
        if not db.table_names():  # a new database: its page size is set before anything is written
            db.execute(f"PRAGMA page_size = {PAGE_SIZE}")
        if db.journal_mode != "wal":
            db.enable_wal()
        migrate(db)
    except sqlite3.DatabaseError as error:
        raise DatabaseUnusable(f"cannot write to {path} ({error}): {setup_problem(error) or 'see claimtrack check'}.") \
            from None
    return db


def open_for_reading(path: str | os.PathLike | None = None) -> Reader:
    """The database at ``path`` (:func:`database_path`) opened read-only: nothing is created,
    migrated or written, so a mistyped path is an error, not a new empty database.

    A database of an older claimtrack is migrated first when its file can be written; a file in
    a folder nobody can write is read as it is (SQLite's ``immutable``: no other process can be
    writing it). Opened with sqlite3 alone (:class:`Reader`): a read command imports no sqlite-utils.

    Raises
    ------
    DatabaseUnusable
        No claimtrack database at ``path``, a file that is not SQLite, or a newer schema.
    """
    path = database_path(path)
    missing = _no_database(path)
    if not path.is_file():
        raise DatabaseUnusable(missing)
    try:
        db = _read_only(path)
        _readable(db, path)
        if MIGRATIONS_TABLE not in db.table_names():
            raise DatabaseUnusable(f"{missing} ({path} is a SQLite database without claimtrack's tables)")
        _refuse_newer(db, path)
        if pending_migrations(db):
            db.conn.close()
            if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
                raise DatabaseUnusable(f"{path} was written by an older claimtrack and needs its schema upgraded, "
                                       "which cannot be done while it is read-only; make it writable once, or "
                                       "open it with that claimtrack")
            open_database(path).conn.close()
            db = _read_only(path)
    except sqlite3.DatabaseError as error:
        raise DatabaseUnusable(f"{path} cannot be read ({error}); see what is wrong with: claimtrack check --db "
                               f"{path}") from None
    return db


def open_as_is(path: str | os.PathLike) -> Reader:
    """The file at ``path`` opened read-only for :mod:`claimtrack.storage.check`: nothing refused,
    nothing migrated. Raises :class:`DatabaseUnusable` when there is no file."""
    path = Path(path)
    if not path.is_file():
        raise DatabaseUnusable(_no_database(path))
    return _read_only(path)


def _no_database(path: Path) -> str:
    return f"no claimtrack database at {path}; ingest something first with: claimtrack ingest PATH --db {path}"


def _connect(target: str, *, uri: bool = False, kind: type | None = None) -> sqlite_utils.Database | Reader:
    db = (kind or _database_class())(sqlite3.connect(target, uri=uri))
    db.conn.execute("PRAGMA foreign_keys = ON")
    db.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return db


def _read_only(path: Path) -> Reader:
    address = f"file:{quote(os.fsencode(path.resolve()))}"
    db = _connect(f"{address}?mode=ro", uri=True, kind=Reader)
    db.shown_as = str(path)
    try:
        db.execute("select count(*) from sqlite_master").fetchone()
    except sqlite3.OperationalError:
        # A WAL database in a folder nobody can write has no shared-memory file to read through; as
        # no process can write it there, it is read as an immutable file.
        if not os.access(path.parent, os.W_OK):
            db.conn.close()
            db = _connect(f"{address}?immutable=1", uri=True, kind=Reader)
            db.shown_as = str(path)
    except sqlite3.DatabaseError:
        pass  # not SQLite: said by the caller, or reported by `check`
    try:
        _for_searching(db)
    except sqlite3.DatabaseError:
        pass  # a file that cannot be read is said by the caller, or reported by `check`
    return db


# What a reading connection maps and caches: a search walks long runs of the full-text index,
# which SQLite's default 2 MB page cache evicts as it reads them; mapped, the pages are read where
# the operating system caches the file, without a copy (ranking the 1,651 matches of `sanksi` in
# 1M quotes: 21-27 ms unmapped, 5 ms mapped).
READ_MMAP_BYTES = 1 << 30
READ_CACHE_KIB = 32_768


def _for_searching(db: Reader) -> None:
    db.conn.execute(f"PRAGMA mmap_size = {READ_MMAP_BYTES}")
    db.conn.execute(f"PRAGMA cache_size = -{READ_CACHE_KIB}")


def _readable(db: sqlite_utils.Database, path: Path) -> None:
    try:
        db.execute("select count(*) from sqlite_master").fetchone()
    except sqlite3.DatabaseError as error:
        raise DatabaseUnusable(f"{path} is not a claimtrack database ({error}); check the path, or see what is "
                               f"wrong with: claimtrack check --db {path}") from None


def applied_migrations(db: sqlite_utils.Database) -> list[str]:
    if MIGRATIONS_TABLE not in db.table_names():
        return []
    return [row[0] for row in db.execute(f"select name from {MIGRATIONS_TABLE} order by name")]


def unknown_migrations(db: sqlite_utils.Database) -> list[str]:
    """Migrations the database has that this claimtrack does not know: a newer claimtrack wrote it."""
    known = {function.__name__ for function in MIGRATIONS}
    return [name for name in applied_migrations(db) if name not in known]


def pending_migrations(db: sqlite_utils.Database) -> list[str]:
    applied = set(applied_migrations(db))
    return [function.__name__ for function in MIGRATIONS if function.__name__ not in applied]


def newer_schema_message(path: str | os.PathLike, unknown: list[str]) -> str:
    from claimtrack import __version__

    return (f"{path} was written by a newer claimtrack: its schema has {', '.join(unknown)}, which claimtrack "
            f"{__version__} does not know; upgrade claimtrack to use it (pip install --upgrade claimtrack)")


def _refuse_newer(db: sqlite_utils.Database, path: Path) -> None:
    unknown = unknown_migrations(db)
    if unknown:
        raise DatabaseUnusable(newer_schema_message(path, unknown))


def setup_problem(error: BaseException) -> str | None:
    """What is wrong with the file or the disk when SQLite raised ``error``, with the fix, or
    ``None`` when the error is not of that kind (then claimtrack itself is at fault)."""
    if isinstance(error, sqlite3.DatabaseError):
        message = str(error).lower()
        return next((fix for said, fix in _SETUP_ERRORS.items() if said in message), None)
    if isinstance(error, OSError) and error.errno is not None:
        import errno

        if error.errno == errno.ENOSPC:
            return _SETUP_ERRORS["database or disk is full"]
        if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return _SETUP_ERRORS["attempt to write a readonly database"]
        if error.errno == errno.EIO:
            return _SETUP_ERRORS["disk i/o error"]
    return None


def migrate(db: sqlite_utils.Database) -> None:
    """Apply the migrations the database lacks, under the write lock: a process that finds them
    applied once it holds the lock (another process migrated first) applies nothing."""
    if not pending_migrations(db):
        return
    with writing(db):
        db["_claimtrack_migrations"].create({"name": str, "applied_at": str}, pk="name", if_not_exists=True)
        applied = set(applied_migrations(db))
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


@migration
def m007_sources(db: sqlite_utils.Database) -> None:
    # What `claimtrack watch` and `claimtrack ingest URL` remember between runs (storage.sources):
    # the feeds, sitemaps and sites watched, each URL fetched with its validators (ETag,
    # Last-Modified) and the article it gave, and the alerts raised, keyed so that each is raised once.
    db["sources"].create(
        {"id": int, "url": str, "kind": str, "via": int, "added_at": str, "checked_at": str, "succeeded_at": str,
         "etag": str, "last_modified": str, "errors_in_a_row": int, "error": str, "retry_at": str},
        pk="id", not_null={"url", "kind"}, defaults={"errors_in_a_row": 0}, foreign_keys=[("via", "sources", "id")])
    db["sources"].create_index(["url"], unique=True)
    db["pages"].create(
        {"url": str, "source_id": int, "kind": str, "status": str, "error": str, "attempts": int, "etag": str,
         "last_modified": str, "final_url": str, "article_id": int, "published_at": str, "first_seen_at": str,
         "fetched_at": str},
        pk="url", not_null={"kind", "status"}, defaults={"attempts": 0},
        foreign_keys=[("source_id", "sources", "id"), ("article_id", "articles", "id")])
    db["pages"].create_index(["source_id"])
    db["pages"].create_index(["article_id"])
    db["alert_rules"].create({"rule": str, "through_quote": int, "added_at": str}, pk="rule",
                             not_null={"through_quote"})
    # No foreign keys: a claims rebuild renumbers claims, and an alert stays what it said.
    db["alerts"].create(
        {"id": int, "key": str, "rule": str, "kind": str, "quote_id": int, "claim_id": int, "outlets": int,
         "line": str, "payload": str, "owner": str, "created_at": str, "delivered_at": str, "error": str},
        pk="id", not_null={"key", "rule", "kind", "line"})
    db["alerts"].create_index(["key"], unique=True)
    db["alerts"].create_index(["delivered_at"])


@migration
def m009_quote_speakers(db: sqlite_utils.Database) -> None:
    # Each (speaker_name, speaker_id) that quotes are stored with, once: a `--speaker` search
    # evaluates its filter on these few thousand rows instead of on every quote, and narrows the
    # full-text query to the names that pass (queries.search_quotes). Kept by triggers; a pair
    # whose quotes are all gone may stay, which narrows nothing wrongly.
    db.execute("create table quote_speakers (speaker_name text, speaker_id integer)")
    db.execute("create unique index quote_speakers_pair on quote_speakers (speaker_name, ifnull(speaker_id, 0))")
    db.execute("insert or ignore into quote_speakers select distinct speaker_name, speaker_id from quotes")
    for event in ("insert", "update of speaker_name, speaker_id"):
        db.execute(f"create trigger quote_speakers_{event.split()[0]} after {event} on quotes begin "
                   "insert or ignore into quote_speakers values (new.speaker_name, new.speaker_id); end")


@migration
def m011_claim_postings_by_key_day(db: sqlite_utils.Database) -> None:
    # The claim index held each candidate key's text up to four times (the counts per day, the
    # counts in all and their index, a row per posting): 56% of a CLICK-ID database. A key's
    # postings on a day become the space-separated unit ids on its row of counts per day
    # (`claim_stem_days.unit_ids`, null once the key is common in that day's window), the counts
    # in all become the sums of those rows, and a unit's stems, made again from its text, are
    # not stored. The same index, rows of another shape: the claims stay as they are.
    db.execute("alter table claim_stem_days add column unit_ids text")
    db.execute("update claim_stem_days set unit_ids = (select group_concat(unit_id, ' ') from claim_stems "
               "where claim_stems.stem = claim_stem_days.stem and claim_stems.day = claim_stem_days.day)")
    db.execute("drop table claim_stems")
    db.execute("drop table claim_stem_counts")
    db.execute("alter table claim_units drop column stems")


@migration
def m012_compact_keys(db: sqlite_utils.Database) -> None:
    # Size (the first 2,000 CLICK-ID articles, 21.7 MB): the claim index's rows held each key's
    # text (2.4 MB) and decimal unit ids (1.5 MB); they become `claim_key_days`, a key's 64-bit
    # code (storage.claims.key_code) and base-36 ids, the same counts and postings. Three indexes
    # kept what another index or column holds: an article's `key` is its identity and version
    # (unique together already), so it becomes a column computed from them, unindexed; a quote's
    # `key` is a digest of its article's key, offsets and kind, which one index on those keeps
    # unique, and that index finds an article's quotes as `idx_quotes_article_id` did.
    from claimtrack.storage.claims import key_code, posting_list

    db.conn.create_function("claimtrack_key_code", 1, key_code, deterministic=True)
    db.conn.create_function("claimtrack_postings", 1,
                            lambda listed: posting_list(int(unit) for unit in listed.split()) if listed else listed,
                            deterministic=True)
    db.execute("create table claim_key_days (key integer not null, day integer not null, units integer not null, "
               "unit_ids text, primary key (key, day)) without rowid")
    db.execute("insert into claim_key_days select claimtrack_key_code(stem), day, units, claimtrack_postings(unit_ids) "
               "from claim_stem_days order by 1, 2")
    db.execute("drop table claim_stem_days")
    db.execute("drop index idx_articles_key")
    db.execute("alter table articles drop column key")
    db.execute("alter table articles add column key text generated always as (identity || '#v' || version) virtual")
    db.execute('create unique index quotes_article_offsets on quotes (article_id, start, "end", kind)')
    db.execute("drop index idx_quotes_key")
    db.execute("drop index idx_quotes_article_id")


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
    """One transaction that takes the write lock before it reads (inside a caller's transaction, a
    savepoint of it): two processes writing take turns instead of one of them failing with
    "database is locked", and two processes updating claims never match the same quotes twice."""
    if db.conn.in_transaction:
        with db.atomic():
            yield
        return
    _begin_immediate(db)
    try:
        yield
    except BaseException:
        db.conn.rollback()
        raise
    else:
        db.conn.execute("COMMIT")


@contextmanager
def synced_in_batches(db: sqlite_utils.Database) -> Iterator[Callable[[], None]]:
    """Commits that do not each wait for the disk, for a long run of small transactions (an
    ingest stores each article in one): ``PRAGMA synchronous = NORMAL``, with which a WAL database
    stays whole and keeps every commit if the process is killed, and only a power cut or an
    operating system crash can lose the latest commits. Yields ``sync``, which puts everything
    committed so far on the disk for good (an fsync of the WAL file: each commit is in it, or in
    the database file a checkpoint synced); it is called at the end, and the setting restored."""
    (before,) = db.execute("PRAGMA synchronous").fetchone()
    db.execute("PRAGMA synchronous = NORMAL")

    def sync() -> None:
        (_, _, file), *_ = db.execute("PRAGMA database_list").fetchall()
        try:
            descriptor = os.open(f"{file}-wal", os.O_RDONLY)
        except FileNotFoundError:  # no WAL file: every commit went to the database file, synced
            return
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)

    try:
        yield sync
    finally:
        db.execute(f"PRAGMA synchronous = {int(before)}")
        sync()


def _begin_immediate(db: sqlite_utils.Database) -> None:
    """``BEGIN IMMEDIATE``, waiting for the write lock as long as another process holds it; after
    ``QUIET_WAIT_MS`` the database's ``on_wait`` hears it, once per database opened."""
    try:
        db.conn.execute(f"PRAGMA busy_timeout = {QUIET_WAIT_MS}")
        db.conn.execute("BEGIN IMMEDIATE")
        return
    except sqlite3.OperationalError as error:
        if not _locked(error):
            raise
    finally:
        db.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if getattr(db, "on_wait", None) and not getattr(db, "said_waiting", True):
        db.said_waiting = True
        db.on_wait(f"waiting for another claimtrack process writing {db.shown_as or 'the database'}…")
    while True:
        try:
            db.conn.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as error:
            if not _locked(error):
                raise


def _locked(error: sqlite3.OperationalError) -> bool:
    return "database is locked" in str(error) or "database is busy" in str(error)


def state(db: sqlite_utils.Database, name: str) -> str | None:
    """A value recorded in ``_claimtrack_state``, ``None`` when there is none."""
    row = db.execute("select value from _claimtrack_state where name = ?", [name]).fetchone()
    return row[0] if row else None


def set_state(db: sqlite_utils.Database, name: str, value: str) -> None:
    db.execute("insert into _claimtrack_state (name, value) values (?, ?) "
               "on conflict (name) do update set value = excluded.value", [name, value])
