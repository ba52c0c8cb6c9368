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
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import sqlite_utils
from rapidfuzz import fuzz
from sqlite_utils.db import NotFoundError

from claimtrack import matching
from claimtrack.articles import Article
from claimtrack.extracting.records import Quote
from claimtrack.speakers import identity_key
from claimtrack.stemming import stem, stems

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
            db["_claimtrack_migrations"].insert({"name": function.__name__, "applied_at": _now()})


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


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def article_identity(article: Article) -> str:
    """The URL when there is one, else a versioned hash of the text."""
    return f"url:{article.url}" if article.url else f"sha256-1:{_sha256(article.text)}"


def quote_key(article_key_: str, quote: Quote) -> str:
    return f"q1:{_sha256(f'{article_key_}|{quote.start}|{quote.end}|{quote.kind}')[:32]}"


@dataclass(frozen=True)
class IngestResult:
    article_id: int
    created: bool
    quotes: int
    version: int = 1


def _outlet_id(db: sqlite_utils.Database, name: str | None) -> int | None:
    if not name:
        return None
    return db["outlets"].lookup({"name": name})


def speaker_id(db: sqlite_utils.Database, name: str, kind: str = "unknown") -> int | None:
    """The one row for a real person or body.

    In order: an alias already recorded (manual merges and splits included); the same
    spelling-variant key (`Bagheri` / `Baqeri`); for a person named by surname alone, the one
    person whose full name ends with it (`Shoigu` → `Sergei Shoigu`); for a full name, a person
    so far known by its surname alone, who takes the full name. Otherwise a new speaker.
    """
    if not name:
        return None
    alias = next(db.query("select speaker_id from speaker_aliases where alias = ? collate nocase", [name]), None)
    if alias is not None:
        return alias["speaker_id"]
    key = identity_key(name)
    same = next(db.query("select id from speakers where identity_key = ? order by id limit 1", [key]), None)
    found = same["id"] if same else _same_person_by_surname(db, name, key, kind)
    if found is None:
        found = db["speakers"].insert({"name": name, "type": kind, "identity_key": key}).last_pk
    db["speaker_aliases"].insert({"alias": name, "speaker_id": found, "manual": 0}, ignore=True)
    return found


def _same_person_by_surname(db: sqlite_utils.Database, name: str, key: str, kind: str) -> int | None:
    if kind != "person" or not key:
        return None
    words = key.split()
    if len(words) == 1:
        # `Shoigu`: only when exactly one known person's full name ends with it.
        rows = list(db.query("select id from speakers where type = 'person' and identity_key like ? limit 2",
                             [f"% {words[0]}"]))
        return rows[0]["id"] if len(rows) == 1 else None
    # `Sergei Shoigu` after articles that only said `Shoigu`: that speaker takes the full name,
    # unless someone fixed it by hand.
    short = next(db.query(
        "select id from speakers where type = 'person' and identity_key = ? and not exists "
        "(select 1 from speaker_aliases where speaker_id = speakers.id and manual = 1)", [words[-1]]), None)
    if short is None:
        return None
    db["speakers"].update(short["id"], {"name": name, "identity_key": key})
    return short["id"]


def store_article(
    db: sqlite_utils.Database, article: Article, quotes: list[Quote], extractor_version: str
) -> IngestResult:
    """Store one article with its quotes in one transaction.

    The same text again changes nothing; the same URL with other text is stored as a new version.
    """
    identity = article_identity(article)
    sha = _sha256(article.text)
    latest = next(db.query("select id, version, text_sha256 from articles where identity = ? "
                           "order by version desc limit 1", [identity]), None)
    if latest is not None and latest["text_sha256"] == sha:
        return IngestResult(article_id=latest["id"], created=False, quotes=0, version=latest["version"])
    version = latest["version"] + 1 if latest else 1
    key = f"{identity}#v{version}"
    with db.atomic():
        article_id = db["articles"].insert(
            {
                "key": key, "identity": identity, "version": version, "outlet_id": _outlet_id(db, article.outlet),
                "source": article.source, "url": article.url, "title": article.title, "published": article.published,
                "date_source": article.date_source, "dateline": article.dateline,
                "outlet_source": article.outlet_source,
                "encoding": article.encoding, "text": article.text, "text_sha256": sha, "html": article.html,
                "boilerplate": [list(r) for r in article.boilerplate],
                "extractor_version": extractor_version, "ingested_at": _now(),
            }
        ).last_pk
        rows = []
        for quote in quotes:
            row = quote.to_dict()
            row.update(
                key=quote_key(key, quote), article_id=article_id, stems=stems(quote.text),
                speaker_id=speaker_id(db, quote.speaker_name, quote.speaker_type),
                extractor_version=extractor_version,
            )
            rows.append(row)
        db["quotes"].insert_all(rows)
    return IngestResult(article_id=article_id, created=True, quotes=len(rows), version=version)


def counts(db: sqlite_utils.Database) -> dict[str, int]:
    return {name: db[name].count for name in ("outlets", "articles", "speakers", "quotes", "claims")}


@dataclass(frozen=True)
class QuoteFilter:
    """The filters every quote listing takes; each is optional."""

    speaker: str | None = None
    outlet: str | None = None
    kind: str | None = None
    since: str | None = None
    until: str | None = None

    def sql(self) -> tuple[list[str], list]:
        where, params = [], []
        if self.speaker:
            where.append("(quotes.speaker_id in (select speaker_id from speaker_aliases where alias like ?) "
                         "or quotes.speaker_name like ?)")
            params += [f"%{self.speaker}%"] * 2
        if self.outlet:
            where.append("outlets.name like ?")
            params.append(f"%{self.outlet}%")
        if self.kind:
            where.append("quotes.kind = ?")
            params.append(self.kind)
        if self.since:
            where.append("articles.published >= ?")
            params.append(self.since)
        if self.until:
            where.append("articles.published <= ?")
            params.append(self.until)
        return where, params


_QUOTE_COLUMNS = """quotes.id, quotes.kind, quotes.text, quotes.speaker, coalesce(speakers.name, quotes.speaker_name)
    as speaker_name, quotes.cue, quotes.relay, quotes.start, quotes."end", quotes.method, quotes.confidence,
    articles.id as article_id, articles.source, articles.url, articles.title, articles.published,
    outlets.name as outlet"""
_QUOTE_JOINS = """from quotes join articles on articles.id = quotes.article_id
    left join outlets on outlets.id = articles.outlet_id
    left join speakers on speakers.id = quotes.speaker_id"""


def list_quotes(db: sqlite_utils.Database, filters: QuoteFilter = QuoteFilter(), *,
                limit: int | None = None) -> Iterator[dict]:
    """Quotes, newest article first."""
    where, params = filters.sql()
    sql = f"select {_QUOTE_COLUMNS} {_QUOTE_JOINS}"
    if where:
        sql += " where " + " and ".join(where)
    sql += " order by articles.published desc, articles.id desc, quotes.start"
    if limit:
        sql += f" limit {int(limit)}"
    yield from db.query(sql, params)


def fts_query(query: str) -> str:
    """User words as FTS5 string literals: each word matches as a prefix of a word of the quote
    or its speaker, or by its Indonesian stem. No FTS syntax from the user reaches SQLite."""
    clauses = []
    for word in re.findall(r"\w+", query):
        clauses.append(f'({{text speaker_name}} : "{word}"* OR stems : "{stem(word)}")')
    return " AND ".join(clauses)


def search_quotes(db: sqlite_utils.Database, query: str, filters: QuoteFilter = QuoteFilter(), *,
                  limit: int = 50) -> Iterator[dict]:
    """Full-text search of quote text and speaker names, best match first."""
    match = fts_query(query)
    if not match:
        return
    where, params = filters.sql()
    sql = (f"select {_QUOTE_COLUMNS} {_QUOTE_JOINS} "
           "join quotes_fts on quotes_fts.rowid = quotes.id where quotes_fts match ?")
    if where:
        sql += " and " + " and ".join(where)
    sql += f" order by quotes_fts.rank limit {int(limit)}"
    yield from db.query(sql, [match, *params])


def said(db: sqlite_utils.Database, speaker: str, filters: QuoteFilter = QuoteFilter()) -> Iterator[dict]:
    """Everything one speaker said, newest first, with the claim each quote belongs to (if any)."""
    where, params = replace(filters, speaker=speaker).sql()
    claim = "(select min(claim_id) from claim_members where quote_id = quotes.id) as claim_id"
    sql = (f"select {_QUOTE_COLUMNS}, {claim} {_QUOTE_JOINS} where {' and '.join(where)} "
           "order by articles.published desc, claim_id is null, claim_id, articles.id desc, quotes.start")
    yield from db.query(sql, params)


def list_speakers(db: sqlite_utils.Database, *, name: str | None = None) -> Iterator[dict]:
    """Speakers with their quote counts and every alias, most quoted first."""
    where = "where speakers.id in (select speaker_id from speaker_aliases where alias like ?)" if name else ""
    yield from db.query(
        f"""select speakers.id, speakers.name, speakers.type,
               (select count(*) from quotes where quotes.speaker_id = speakers.id) as quotes,
               (select group_concat(alias, ' | ') from speaker_aliases where speaker_id = speakers.id) as aliases
            from speakers {where} order by quotes desc, speakers.name""",
        [f"%{name}%"] if name else [],
    )


class SpeakerNotFound(LookupError):
    pass


def _speaker_named(db: sqlite_utils.Database, name: str) -> int:
    row = next(db.query("select speaker_id from speaker_aliases where alias = ? collate nocase", [name]), None)
    if row is None:
        raise SpeakerNotFound(f"No speaker goes by {name!r}; see the names with: claimtrack speakers --name PART")
    return row["speaker_id"]


def merge_speakers(db: sqlite_utils.Database, name: str, into: str) -> int:
    """Make ``name`` (and all its aliases) the same speaker as ``into``; kept on re-ingest."""
    source, target = _speaker_named(db, name), _speaker_named(db, into)
    if source == target:
        return target
    with db.atomic():
        db.execute("update speaker_aliases set speaker_id = ?, manual = 1 where speaker_id = ?", [target, source])
        db.execute("update quotes set speaker_id = ? where speaker_id = ?", [target, source])
        db["speakers"].delete(source)
    return target


def split_speaker(db: sqlite_utils.Database, alias: str) -> int:
    """Give ``alias`` a speaker of its own, with the quotes attributed by that name; kept on re-ingest."""
    current = _speaker_named(db, alias)
    with db.atomic():
        new = db["speakers"].insert({"name": alias, "type": db["speakers"].get(current)["type"],
                                     "identity_key": None}, alter=False).last_pk
        db.execute("update speaker_aliases set speaker_id = ?, manual = 1 where alias = ? collate nocase", [new, alias])
        db.execute("update quotes set speaker_id = ? where speaker_id = ? and speaker_name = ? collate nocase",
                   [new, current, alias])
    return new


def get_quote(db: sqlite_utils.Database, quote_id: int) -> dict | None:
    """A quote with its article's text, for showing it in context."""
    sql = f"select {_QUOTE_COLUMNS}, articles.text as article_text {_QUOTE_JOINS} where quotes.id = ?"
    return next(db.query(sql, [quote_id]), None)


def export_rows(db: sqlite_utils.Database, filters: QuoteFilter = QuoteFilter()) -> Iterator[dict]:
    """Every quote with its provenance, for export."""
    yield from list_quotes(db, filters)


def changed_quotes(db: sqlite_utils.Database, *, threshold: float = 60.0) -> Iterator[dict]:
    """Quotes whose wording changed between consecutive versions of an article (same URL)."""
    pairs = db.query(
        """select old.id as old_id, new.id as new_id, old.identity, old.version as old_version,
                  new.version as new_version, new.url
           from articles old join articles new on new.identity = old.identity and new.version = old.version + 1"""
    )
    for pair in pairs:
        before = list(db["quotes"].rows_where("article_id = ?", [pair["old_id"]]))
        after = list(db["quotes"].rows_where("article_id = ?", [pair["new_id"]]))
        unmatched = list(after)
        for old in before:
            candidates = [(fuzz.ratio(old["text"], new["text"]), new) for new in unmatched
                          if new["speaker_name"] == old["speaker_name"]]
            best_score, best = max(candidates, key=lambda c: c[0], default=(0.0, None))
            if best is not None and best_score >= threshold:
                unmatched.remove(best)
                if best["text"] != old["text"]:
                    yield {"url": pair["url"], "versions": f"{pair['old_version']}→{pair['new_version']}",
                           "change": "reworded", "speaker_name": old["speaker_name"],
                           "before": old["text"], "after": best["text"]}
            else:
                yield {"url": pair["url"], "versions": f"{pair['old_version']}→{pair['new_version']}",
                       "change": "removed", "speaker_name": old["speaker_name"], "before": old["text"], "after": None}
        for new in unmatched:
            yield {"url": pair["url"], "versions": f"{pair['old_version']}→{pair['new_version']}",
                   "change": "added", "speaker_name": new["speaker_name"], "before": None, "after": new["text"]}


def get_article(db: sqlite_utils.Database, article_id: int) -> dict | None:
    try:
        return db["articles"].get(article_id)
    except NotFoundError:
        return None


def claims_are_stale(db: sqlite_utils.Database) -> bool:
    """Whether articles were stored since claims were last computed (e.g. after an interrupted ingest)."""
    built = next(db.query("select value from _claimtrack_state where name = 'claims_built_for'"), None)
    latest = next(db.query("select coalesce(max(id), 0) as id from articles"))["id"]
    return built is None or built["value"] != str(latest)


def rebuild_claims(db: sqlite_utils.Database, *, threshold: float = matching.DEFAULT_THRESHOLD) -> int:
    """Recompute every claim from the stored quotes, in one transaction; returns how many."""
    rows = db.query(
        "select quotes.id, quotes.article_id, coalesce(speakers.name, quotes.speaker_name) as speaker_name, "
        "quotes.start, quotes.text, articles.published from quotes join articles on articles.id = quotes.article_id "
        "left join speakers on speakers.id = quotes.speaker_id"
    )
    units = [unit for row in rows for unit in matching.split_units(row)]
    claims = matching.cluster(units, threshold=threshold)
    outlet_of = {row["id"]: row["outlet_id"] for row in db.query("select id, outlet_id from articles")}
    with db.atomic():
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
        latest = next(db.query("select coalesce(max(id), 0) as id from articles"))["id"]
        db["_claimtrack_state"].upsert({"name": "claims_built_for", "value": str(latest)}, pk="name")
    return len(claims)


_CLAIM_MEMBERS = """select claim_members.article_id, articles.source, outlets.name as outlet,
        articles.published as date, claim_members.start, claim_members."end", quotes.kind,
        coalesce(speakers.name, quotes.speaker_name) as speaker_name,
        claim_members.text, claim_members.score, claim_members.quote_id, articles.url, articles.title
    from claim_members join quotes on quotes.id = claim_members.quote_id
    join articles on articles.id = claim_members.article_id
    left join outlets on outlets.id = articles.outlet_id
    left join speakers on speakers.id = quotes.speaker_id
    where claim_members.claim_id = ? order by articles.published, claim_members.article_id, claim_members.start"""


def list_claims(db: sqlite_utils.Database, *, speaker: str | None = None, min_outlets: int = 2) -> Iterator[dict]:
    """Claims with their members (outlet, date, offsets, kind, speaker, wording), most outlets first."""
    where, params = ["claims.outlets >= ?"], [min_outlets]
    if speaker:
        where.append("claims.speaker_name like ?")
        params.append(f"%{speaker}%")
    for claim in db.query(f"select * from claims where {' and '.join(where)} order by outlets desc, members desc, id",
                          params):
        claim["members"] = list(db.query(_CLAIM_MEMBERS, [claim["id"]]))
        yield claim


def get_claim(db: sqlite_utils.Database, claim_id: int) -> dict | None:
    """One claim with its members, shaped as :func:`list_claims` yields it; ``None`` when there is none."""
    claim = next(db.query("select * from claims where id = ?", [claim_id]), None)
    if claim is not None:
        claim["members"] = list(db.query(_CLAIM_MEMBERS, [claim_id]))
    return claim
