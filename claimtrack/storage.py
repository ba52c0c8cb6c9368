"""Storing articles, quotes and speakers in SQLite through sqlite-utils.

Schema changes are named migration functions applied in order by :func:`migrate` on every open
and recorded in ``_claimtrack_migrations``. Every table has an explicit integer primary key
(FTS rows point at it) and a content-derived ``key`` that makes re-ingesting an upsert, never a
duplicate. One article and its quotes are written in one transaction: an interrupted ingest
leaves whole articles only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils
from sqlite_utils.db import NotFoundError

from claimtrack import matching
from claimtrack.articles import Article
from claimtrack.extracting.records import Quote

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
        with db.conn:
            function(db)
            db["_claimtrack_migrations"].insert({"name": function.__name__, "applied_at": _now()})


@migration
def m001_initial(db: sqlite_utils.Database) -> None:
    db["outlets"].create({"id": int, "name": str, "domain": str}, pk="id")
    db["outlets"].create_index(["name"], unique=True)
    db["articles"].create(
        {
            "id": int, "key": str, "outlet_id": int, "source": str, "url": str, "title": str,
            "published": str, "date_source": str, "dateline": str, "outlet_source": str,
            "encoding": str, "text": str, "text_sha256": str, "boilerplate": str,
            "extractor_version": str, "ingested_at": str,
        },
        pk="id",
        foreign_keys=[("outlet_id", "outlets", "id")],
    )
    db["articles"].create_index(["key"], unique=True)
    db["articles"].create_index(["outlet_id"])
    db["articles"].create_index(["published"])
    db["speakers"].create({"id": int, "name": str, "type": str}, pk="id")
    db["speakers"].create_index(["name"], unique=True)
    db["quotes"].create(
        {
            "id": int, "key": str, "article_id": int, "speaker_id": int, "start": int, "end": int,
            "text": str, "kind": str, "cue": str, "cue_start": int, "cue_end": int, "speaker": str,
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
    db["quotes"].enable_fts(["text", "speaker_name"], create_triggers=True, tokenize="unicode61 remove_diacritics 2")
    db.create_view(
        "quotes_view",
        """
        select quotes.id, quotes.kind, quotes.speaker_name, quotes.text, outlets.name as outlet,
               articles.published, articles.source, articles.url, quotes.start, quotes.end,
               quotes.cue, quotes.method, quotes.confidence, quotes.article_id
        from quotes
        join articles on articles.id = quotes.article_id
        left join outlets on outlets.id = articles.outlet_id
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


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def article_key(article: Article) -> str:
    """The URL when there is one, else a versioned hash of the text."""
    return f"url:{article.url}" if article.url else f"sha256-1:{_sha256(article.text)}"


def quote_key(article_key_: str, quote: Quote) -> str:
    return f"q1:{_sha256(f'{article_key_}|{quote.start}|{quote.end}|{quote.kind}')[:32]}"


@dataclass(frozen=True)
class IngestResult:
    article_id: int
    created: bool
    quotes: int


def _outlet_id(db: sqlite_utils.Database, name: str | None) -> int | None:
    if not name:
        return None
    return db["outlets"].lookup({"name": name})


def _speaker_id(db: sqlite_utils.Database, quote: Quote) -> int | None:
    if not quote.speaker_name:
        return None
    return db["speakers"].lookup({"name": quote.speaker_name}, {"type": quote.speaker_type})


def store_article(
    db: sqlite_utils.Database, article: Article, quotes: list[Quote], extractor_version: str
) -> IngestResult:
    """Store one article with its quotes in one transaction; a known article is left as it is."""
    key = article_key(article)
    existing = next(db["articles"].rows_where("key = ?", [key], select="id"), None)
    if existing is not None:
        return IngestResult(article_id=existing["id"], created=False, quotes=0)
    with db.conn:
        outlet_id = _outlet_id(db, article.outlet)
        article_id = db["articles"].insert(
            {
                "key": key, "outlet_id": outlet_id, "source": article.source, "url": article.url,
                "title": article.title, "published": article.published, "date_source": article.date_source,
                "dateline": article.dateline, "outlet_source": article.outlet_source,
                "encoding": article.encoding, "text": article.text, "text_sha256": _sha256(article.text),
                "boilerplate": [list(r) for r in article.boilerplate],
                "extractor_version": extractor_version, "ingested_at": _now(),
            }
        ).last_pk
        rows = []
        for quote in quotes:
            row = quote.to_dict()
            row.update(
                key=quote_key(key, quote), article_id=article_id, speaker_id=_speaker_id(db, quote),
                extractor_version=extractor_version,
            )
            rows.append(row)
        db["quotes"].insert_all(rows)
    return IngestResult(article_id=article_id, created=True, quotes=len(rows))


def counts(db: sqlite_utils.Database) -> dict[str, int]:
    return {name: db[name].count for name in ("outlets", "articles", "speakers", "quotes")}


def _quote_filters(speaker: str | None, outlet: str | None, kind: str | None) -> tuple[list[str], list]:
    where, params = [], []
    if speaker:
        where.append("(quotes.speaker_name like ? or quotes.speaker like ?)")
        params += [f"%{speaker}%", f"%{speaker}%"]
    if outlet:
        where.append("outlets.name like ?")
        params.append(f"%{outlet}%")
    if kind:
        where.append("quotes.kind = ?")
        params.append(kind)
    return where, params


_QUOTE_COLUMNS = """quotes.id, quotes.kind, quotes.text, quotes.speaker, quotes.speaker_name, quotes.cue,
    quotes.relay, quotes.start, quotes."end", quotes.method, quotes.confidence,
    articles.id as article_id, articles.source, articles.url, articles.published, outlets.name as outlet"""
_QUOTE_JOINS = """from quotes join articles on articles.id = quotes.article_id
    left join outlets on outlets.id = articles.outlet_id"""


def list_quotes(db: sqlite_utils.Database, *, speaker: str | None = None, outlet: str | None = None,
                kind: str | None = None, limit: int | None = None) -> Iterator[dict]:
    where, params = _quote_filters(speaker, outlet, kind)
    sql = f"select {_QUOTE_COLUMNS} {_QUOTE_JOINS}"
    if where:
        sql += " where " + " and ".join(where)
    sql += " order by articles.published desc, articles.id, quotes.start"
    if limit:
        sql += f" limit {int(limit)}"
    yield from db.query(sql, params)


def _fts_query(query: str) -> str:
    """User words as FTS5 string literals with prefix matching: no FTS syntax reaches SQLite."""
    words = [w for w in query.replace('"', " ").split() if w]
    return " ".join(f'"{w}"*' for w in words)


def search_quotes(db: sqlite_utils.Database, query: str, *, speaker: str | None = None,
                  outlet: str | None = None, kind: str | None = None, limit: int = 50) -> Iterator[dict]:
    match = _fts_query(query)
    if not match:
        return
    where, params = _quote_filters(speaker, outlet, kind)
    sql = (
        f"select {_QUOTE_COLUMNS} {_QUOTE_JOINS} "
        "join quotes_fts on quotes_fts.rowid = quotes.id where quotes_fts match ?"
    )
    if where:
        sql += " and " + " and ".join(where)
    sql += f" order by quotes_fts.rank limit {int(limit)}"
    yield from db.query(sql, [match, *params])


def get_article(db: sqlite_utils.Database, article_id: int) -> dict | None:
    try:
        return db["articles"].get(article_id)
    except NotFoundError:
        return None


def rebuild_claims(db: sqlite_utils.Database, *, threshold: float = matching.DEFAULT_THRESHOLD) -> int:
    """Recompute every claim from the stored quotes, in one transaction; returns how many."""
    rows = db.query(
        "select quotes.id, quotes.article_id, quotes.speaker_name, quotes.start, quotes.text, articles.published "
        "from quotes join articles on articles.id = quotes.article_id"
    )
    units = [unit for row in rows for unit in matching.split_units(row)]
    claims = matching.cluster(units, threshold=threshold)
    outlet_of = {row["id"]: row["outlet_id"] for row in db.query("select id, outlet_id from articles")}
    with db.conn:
        db.execute("delete from claim_members")
        db.execute("delete from claims")
        for claim in claims:
            first = claim.members[0][0]
            claim_id = db["claims"].insert({
                "speaker_name": claim.speaker_name, "label": first.text,
                "outlets": len({outlet_of[u.article_id] for u, _ in claim.members}), "members": len(claim.members),
            }).last_pk
            db["claim_members"].insert_all(
                {"claim_id": claim_id, "quote_id": u.quote_id, "article_id": u.article_id, "start": u.start,
                 "end": u.end, "text": u.text, "score": round(score, 1), "method": "rapidfuzz:speaker-block"}
                for u, score in claim.members
            )
    return len(claims)


def list_claims(db: sqlite_utils.Database, *, speaker: str | None = None, min_outlets: int = 2) -> Iterator[dict]:
    """Claims with their members (outlet, date, offsets, kind, speaker, wording), most outlets first."""
    where, params = ["claims.outlets >= ?"], [min_outlets]
    if speaker:
        where.append("claims.speaker_name like ?")
        params.append(f"%{speaker}%")
    for claim in db.query(f"select * from claims where {' and '.join(where)} order by outlets desc, members desc, id",
                          params):
        claim["members"] = list(db.query(
            """select claim_members.article_id, articles.source, outlets.name as outlet, articles.published as date,
                      claim_members.start, claim_members."end", quotes.kind, quotes.speaker_name,
                      claim_members.text, claim_members.score
               from claim_members join quotes on quotes.id = claim_members.quote_id
               join articles on articles.id = claim_members.article_id
               left join outlets on outlets.id = articles.outlet_id
               where claim_members.claim_id = ? order by articles.published, claim_members.article_id""",
            [claim["id"]],
        ))
        yield claim
