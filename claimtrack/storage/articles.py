"""Article and quote rows: an article's identity and versions, its row, its quotes' rows.

An article's ``identity`` is its URL, else a versioned hash of its text; the same identity with
other text is a new ``version``. A quote's ``key`` is derived from its article's key and its
offsets and kind, so storing the same article again never duplicates a row. Which speaker a
quote's row points at is decided above this layer (``claimtrack.speakers.identity``) and given
here as a ``speaker_id``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING

from claimtrack.stemming import stems
from claimtrack.storage.schema import now

if TYPE_CHECKING:
    import sqlite_utils

    from claimtrack.articles import Article
    from claimtrack.records import Quote

COUNTED_TABLES = ("outlets", "articles", "speakers", "quotes", "claims")


def sha256(text: str) -> str:
    import hashlib  # OpenSSL's bindings: imported by the commands that store, not by every start-up

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def article_identity(article: Article) -> str:
    """The URL when there is one, else a versioned hash of the text."""
    return f"url:{article.url}" if article.url else f"sha256-1:{sha256(article.text)}"


def quote_key(article_key: str, quote: Quote) -> str:
    return f"q1:{sha256(f'{article_key}|{quote.start}|{quote.end}|{quote.kind}')[:32]}"


def latest_version(db: sqlite_utils.Database, identity: str) -> dict | None:
    """The newest stored version of an article (``id``, ``version``, ``text_sha256``), if any."""
    return next(db.query("select id, version, text_sha256 from articles where identity = ? "
                         "order by version desc limit 1", [identity]), None)


def outlet_id(db: sqlite_utils.Database, name: str | None) -> int | None:
    if not name:
        return None
    found = db.execute("select id from outlets where name = ?", [name]).fetchone()
    return found[0] if found else insert_row(db, "outlets", {"name": name})


def insert_row(db: sqlite_utils.Database, table: str, row: dict) -> int:
    """Insert one row by plain SQL (lists stored as JSON, as sqlite-utils stores them); returns its
    rowid. An ingest stores rows one article at a time, and sqlite-utils' ``insert`` reads the
    table's columns and opens a savepoint on each call, which cost the writer more than the rows."""
    return db.execute(_insert_sql(table, tuple(row)), [_stored(value) for value in row.values()]).lastrowid


def insert_rows(db: sqlite_utils.Database, table: str, rows: list[dict]) -> None:
    """Insert rows that have the same keys, as :func:`insert_row` inserts one."""
    if rows:
        db.conn.executemany(_insert_sql(table, tuple(rows[0])),
                            ([_stored(value) for value in row.values()] for row in rows))


def _insert_sql(table: str, columns: tuple[str, ...]) -> str:
    names = ", ".join(f'"{column}"' for column in columns)
    return f'insert into "{table}" ({names}) values ({", ".join("?" * len(columns))})'


def _stored(value: object) -> object:
    return json.dumps(value, default=repr, ensure_ascii=False) if isinstance(value, (list, dict, tuple)) else value


def insert_article(db: sqlite_utils.Database, article: Article, *, identity: str, version: int,
                   extractor_version: str) -> tuple[int, str]:
    """Insert one version of an article; returns its id and its key."""
    key = f"{identity}#v{version}"  # what the `key` column computes (m012)
    article_id = insert_row(db, "articles", {
        "identity": identity, "version": version, "outlet_id": outlet_id(db, article.outlet),
        "source": article.source, "url": article.url, "title": article.title, "published": article.published,
        "date_source": article.date_source, "dateline": article.dateline,
        "outlet_source": article.outlet_source,
        "encoding": article.encoding, "text": article.text, "text_sha256": sha256(article.text),
        "html": article.html, "boilerplate": [list(r) for r in article.boilerplate],
        "extractor_version": extractor_version, "ingested_at": now(),
    })
    return article_id, key


def insert_quotes(db: sqlite_utils.Database, article_id: int, article_key: str,
                  quotes: Iterable[tuple[Quote, int | None]], extractor_version: str) -> list[dict]:
    """Insert an article's quotes, each with the id of the speaker it is attributed to (or
    ``None``), with the stems the full-text index searches; returns the rows."""
    rows = []
    for quote, speaker in quotes:
        row = quote.to_dict()
        row.update(key=quote_key(article_key, quote), article_id=article_id, stems=stems(quote.text),
                   speaker_id=speaker, extractor_version=extractor_version)
        rows.append(row)
    insert_rows(db, "quotes", rows)
    return rows


def counts(db: sqlite_utils.Database) -> dict[str, int]:
    return {name: db[name].count for name in COUNTED_TABLES}


def get_article(db: sqlite_utils.Database, article_id: int) -> dict | None:
    from sqlite_utils.db import NotFoundError

    try:
        return db["articles"].get(article_id)
    except NotFoundError:
        return None


def latest_article(db: sqlite_utils.Database) -> int:
    return db.execute("select coalesce(max(id), 0) from articles").fetchone()[0]


def latest_quote(db: sqlite_utils.Database) -> int:
    return db.execute("select coalesce(max(id), 0) from quotes").fetchone()[0]
