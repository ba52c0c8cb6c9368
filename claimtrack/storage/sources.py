"""Rows of the live web: the sources watched, the pages fetched, and the alerts raised.

- ``sources``      a feed, sitemap or site per row: its kind, the site it was found on (``via``), its
                   validators, when it was checked and last read, its errors in a row and when it
                   is tried again
- ``pages``        a URL per row, fetched or named by a source: its status (``stored``, ``failed``,
                   ``retry``, ``listing``), its validators, the article it gave, its time of publication
- ``alert_rules``  per alert rule, the last quote it has looked at
- ``alerts``       every alert raised, with a key that makes raising it twice a no-op, and whether
                   it was handed on

Every write takes the write lock (:func:`claimtrack.storage.schema.writing`). Which URL is new,
when a source is due and what an alert says are decided in :mod:`claimtrack.live`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import sqlite_utils

from claimtrack.storage.claims import json_batches
from claimtrack.storage.queries import _QUOTE_COLUMNS, _QUOTE_JOINS, QuoteFilter, search_match
from claimtrack.storage.schema import now, writing

# Page statuses.
STORED, FAILED, RETRY, LISTING = "stored", "failed", "retry", "listing"


# --- sources ------------------------------------------------------------------------------------

def add_source(db: sqlite_utils.Database, url: str, kind: str, *, via: int | None = None) -> dict:
    """The source of ``url``, added with ``kind`` when it is new (a known source keeps its row)."""
    with writing(db):
        db.execute("insert into sources (url, kind, via, added_at) values (?, ?, ?, ?) on conflict (url) do nothing",
                   [url, kind, via, now()])
        return get_source(db, url)


def get_source(db: sqlite_utils.Database, url: str) -> dict | None:
    return next(db.query("select * from sources where url = ?", [url]), None)


def get_source_by_id(db: sqlite_utils.Database, source_id: int) -> dict | None:
    return next(db.query("select * from sources where id = ?", [source_id]), None)


def list_sources(db: sqlite_utils.Database) -> list[dict]:
    """Every source, sites before what was found on them, in the order they were added."""
    return list(db.query("select * from sources order by coalesce(via, id), via is not null, id"))


def found_on(db: sqlite_utils.Database, source_id: int) -> list[dict]:
    """The sources found on a site (its feeds or sitemaps)."""
    return list(db.query("select * from sources where via = ? order by id", [source_id]))


def set_kind(db: sqlite_utils.Database, source_id: int, kind: str) -> None:
    with writing(db):
        db.execute("update sources set kind = ? where id = ?", [kind, source_id])


def source_read(db: sqlite_utils.Database, source_id: int, *, etag: str | None, last_modified: str | None) -> None:
    """A source answered (with news or ``304 Not Modified``): its errors are over."""
    at = now()
    with writing(db):
        db.execute("update sources set checked_at = ?, succeeded_at = ?, etag = ?, last_modified = ?, "
                   "errors_in_a_row = 0, error = null, retry_at = null where id = ?",
                   [at, at, etag, last_modified, source_id])


def source_failed(db: sqlite_utils.Database, source_id: int, error: str, *, retry_at: str) -> int:
    """A source could not be read; returns its errors in a row, this one included."""
    with writing(db):
        db.execute("update sources set checked_at = ?, error = ?, retry_at = ?, errors_in_a_row = errors_in_a_row + 1 "
                   "where id = ?", [now(), error, retry_at, source_id])
        return db.execute("select errors_in_a_row from sources where id = ?", [source_id]).fetchone()[0]


def errors_in_a_row(db: sqlite_utils.Database, source_id: int) -> int:
    return db.execute("select errors_in_a_row from sources where id = ?", [source_id]).fetchone()[0]


# --- pages --------------------------------------------------------------------------------------

def get_page(db: sqlite_utils.Database, url: str) -> dict | None:
    return next(db.query("select * from pages where url = ?", [url]), None)


def unseen(db: sqlite_utils.Database, urls: Iterable[str], *, max_attempts: int) -> list[str]:
    """Those of ``urls`` never fetched, or that failed for a passing reason fewer than
    ``max_attempts`` times; in the order given."""
    urls = list(dict.fromkeys(urls))
    done = set()
    for batch in json_batches(urls):
        done.update(row[0] for row in db.execute(
            "select url from pages where url in (select value from json_each(?)) "
            "and not (status = ? and attempts < ?)", [batch, RETRY, max_attempts]))
    return [url for url in urls if url not in done]


def record_page(db: sqlite_utils.Database, url: str, *, kind: str, status: str, source_id: int | None = None,
                error: str | None = None, etag: str | None = None, last_modified: str | None = None,
                final_url: str | None = None, article_id: int | None = None, published_at: str | None = None) -> None:
    """What fetching ``url`` came to; a failure counts an attempt, and validators and the article
    of an earlier fetch are kept when this one brought none."""
    at = now()
    failed = status in (FAILED, RETRY)
    with writing(db):
        db.execute(
            """insert into pages (url, source_id, kind, status, error, attempts, etag, last_modified, final_url,
                                  article_id, published_at, first_seen_at, fetched_at)
               values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
               on conflict (url) do update set
                   source_id = coalesce(pages.source_id, excluded.source_id), kind = excluded.kind,
                   status = excluded.status, error = excluded.error,
                   attempts = case when excluded.attempts > 0 then pages.attempts + 1 else 0 end,
                   etag = coalesce(excluded.etag, pages.etag),
                   last_modified = coalesce(excluded.last_modified, pages.last_modified),
                   final_url = coalesce(excluded.final_url, pages.final_url),
                   article_id = coalesce(excluded.article_id, pages.article_id),
                   published_at = coalesce(excluded.published_at, pages.published_at),
                   fetched_at = excluded.fetched_at""",
            [url, source_id, kind, status, error, int(failed), etag, last_modified, final_url, article_id,
             published_at, at, at])


def published_times(db: sqlite_utils.Database, article_ids: Iterable[int]) -> dict[int, str]:
    """The time of publication fetched pages gave for these articles (those that gave one)."""
    found = {}
    for batch in json_batches(sorted(set(article_ids))):
        found.update(db.execute("select article_id, published_at from pages where article_id in "
                                "(select value from json_each(?)) and published_at is not null", [batch]).fetchall())
    return found


# --- alerts -------------------------------------------------------------------------------------

def rule_through(db: sqlite_utils.Database, rule: str) -> int | None:
    """The last quote an alert rule has looked at; ``None`` for a rule never used."""
    row = db.execute("select through_quote from alert_rules where rule = ?", [rule]).fetchone()
    return row[0] if row else None


def start_rule(db: sqlite_utils.Database, rule: str, through: int) -> int:
    """Record a rule as having looked at every quote up to ``through``, unless it is known;
    returns where it stands."""
    with writing(db):
        db.execute("insert into alert_rules (rule, through_quote, added_at) values (?, ?, ?) "
                   "on conflict (rule) do nothing", [rule, through, now()])
        return rule_through(db, rule)


def advance_rule(db: sqlite_utils.Database, rule: str, through: int) -> None:
    db.execute("update alert_rules set through_quote = max(through_quote, ?) where rule = ?", [through, rule])


def record_alert(db: sqlite_utils.Database, *, key: str, rule: str, kind: str, line: str, payload: dict,
                 owner: str, quote_id: int | None = None, claim_id: int | None = None,
                 outlets: int | None = None) -> int | None:
    """Record an alert (inside the caller's :func:`writing`); its id, or ``None`` when an alert
    with ``key`` was raised already."""
    cursor = db.execute(
        "insert into alerts (key, rule, kind, quote_id, claim_id, outlets, line, payload, owner, created_at) "
        "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (key) do nothing",
        [key, rule, kind, quote_id, claim_id, outlets, line, json.dumps(payload, ensure_ascii=False), owner, now()])
    return cursor.lastrowid if cursor.rowcount else None


def undelivered(db: sqlite_utils.Database) -> list[dict]:
    """Alerts recorded and not yet handed on, oldest first, with their owners."""
    return list(db.query("select * from alerts where delivered_at is null order by id"))


def take_over(db: sqlite_utils.Database, alert_ids: Iterable[int], owner: str) -> None:
    with writing(db):
        for batch in json_batches(list(alert_ids)):
            db.execute("update alerts set owner = ? where id in (select value from json_each(?))", [owner, batch])


def alert_delivered(db: sqlite_utils.Database, alert_id: int, *, error: str | None = None) -> None:
    with writing(db):
        db.execute("update alerts set delivered_at = ?, error = ? where id = ?", [now(), error, alert_id])


def alert_count(db: sqlite_utils.Database) -> int:
    return db.execute("select count(*) from alerts").fetchone()[0]


# --- what alerts read ---------------------------------------------------------------------------

def quotes_between(db: sqlite_utils.Database, after: int, through: int, *, filters: QuoteFilter | None = None,
                   query: str | None = None) -> list[dict]:
    """Quotes with ids in ``(after, through]``, by a speaker (``filters``) or matching the words
    of ``query`` (as ``claimtrack search`` matches them), in id order."""
    where, params = (filters or QuoteFilter()).sql()
    where.append("quotes.id > ? and quotes.id <= ?")
    params += [after, through]
    joins = _QUOTE_JOINS
    if query is not None:
        match = search_match(db, query)
        if not match:
            return []
        joins += " join quotes_fts on quotes_fts.rowid = quotes.id"
        where.append("quotes_fts match ?")
        params.append(match)
    return list(db.query(f"select {_QUOTE_COLUMNS} {joins} where {' and '.join(where)} order by quotes.id", params))


def claims_joined_between(db: sqlite_utils.Database, after: int, through: int, *, min_outlets: int = 2) -> list[dict]:
    """Claims of ``min_outlets`` outlets or more that a quote with an id in ``(after, through]``
    is a member of, each with its oldest member quote (``oldest_quote``, the smallest id) and its
    first report (``first_outlet``, ``first_published``, ``first_url``, ``first_article``: the
    earliest published, then the first stored)."""
    return list(db.query(
        """select claims.id, claims.statement, claims.speaker_name, claims.outlets, claims.members,
                  (select min(quote_id) from claim_members where claim_id = claims.id) as oldest_quote,
                  first.article_id as first_article, outlets.name as first_outlet,
                  articles.published as first_published, articles.url as first_url
           from claims
           join claim_members first on first.id = (
               select m.id from claim_members m join articles a on a.id = m.article_id where m.claim_id = claims.id
               order by a.published is null, a.published, m.article_id, m.start limit 1)
           join articles on articles.id = first.article_id
           left join outlets on outlets.id = articles.outlet_id
           where claims.outlets >= ? and claims.id in (
               select claim_id from claim_members where quote_id > ? and quote_id <= ?)
           order by claims.id""", [min_outlets, after, through]))
