"""Storing articles, quotes and speakers in SQLite through sqlite-utils.

Schema changes are named migration functions applied in order by :func:`migrate` on every open
and recorded in ``_claimtrack_migrations``. Every table has an explicit integer primary key
(FTS rows point at it) and a content-derived ``key`` that makes re-ingesting an upsert, never a
duplicate. One article and its quotes are written in one transaction: an interrupted ingest
leaves whole articles only. Claims are kept current by :func:`update_claims`, which matches the
quotes stored since its last run against an index of the stored ones (see "claims" below).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Container, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

import sqlite_utils
from rapidfuzz import fuzz
from sqlite_utils.db import NotFoundError

from claimtrack import lexicon, matching
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
    # A surname alone (`Shoigu`) finds the one full name ending with it (`_same_person_by_surname`)
    # through an index on the identity key's last word, which `identity_key like '% shoigu'` could
    # not use: it read every speaker, 2.1 ms a name at 15k speakers, growing with the database.
    db["speakers"].add_column("key_last_word", str)
    db.conn.executemany("update speakers set key_last_word = ? where id = ?",
                        [(key_last_word(key), speaker) for speaker, key in
                         db.execute("select id, identity_key from speakers where identity_key like '% %'").fetchall()])
    db["speakers"].create_index(["key_last_word"])


def key_last_word(key: str | None) -> str | None:
    """What ``speakers.key_last_word`` holds for an identity key.

    >>> key_last_word("sergei shoigu"), key_last_word("shoigu")
    ('shoigu', None)
    """
    words = (key or "").split()
    return words[-1] if len(words) > 1 else None


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

    In order: an alias already recorded (manual merges and splits included); a known nickname, the
    person of its full name (`Jokowi` → `Joko Widodo`, id.toml ``matching.nicknames``); the same
    spelling-variant key (`Bagheri` / `Baqeri`); for a person named by surname alone, the one
    person whose full name ends with it (`Shoigu` → `Sergei Shoigu`); for a full name, a person
    so far known by its surname alone. Neither when a known full name starts with that word:
    `Fahri` is not `Chairul Fahry` once `Fahri Hamzah` is known. Otherwise a new speaker. What a
    speaker is called is decided by use, as its quotes are stored (`name_by_use`), and a person
    known by given name alone may then join a full name (`_join_given_names`).
    """
    if not name:
        return None
    alias = next(db.query("select speaker_id from speaker_aliases where alias = ? collate nocase", [name]), None)
    if alias is not None:
        return alias["speaker_id"]
    full_name = lexicon.load().nicknames.get(name.lower())
    if full_name and full_name.lower() != name.lower():
        # Not a one-word person of its own: `Iriana Jokowi` would take it over as a full name.
        found = speaker_id(db, full_name, "person")
        db["speaker_aliases"].insert({"alias": name, "speaker_id": found, "manual": 0}, ignore=True)
        return found
    key = identity_key(name)
    same = next(db.query("select id from speakers where identity_key = ? order by id limit 1", [key]), None)
    found = same["id"] if same else _same_person_by_surname(db, name, key, kind)
    if found is None:
        found = db["speakers"].insert({"name": name, "type": kind, "identity_key": key,
                                       "key_last_word": key_last_word(key)}).last_pk
    db["speaker_aliases"].insert({"alias": name, "speaker_id": found, "manual": 0}, ignore=True)
    return found


# A fuller form of a speaker's most used name is its name when articles use it at least this
# share as often (`Sergei Shoigu` beside `Shoigu`), not when one article glued a word to it
# (`Tudingan Bebby` beside 97 `Bebby`) or named a relative (`Iriana Jokowi`).
FULLER_NAME_SHARE = 0.25


def _name_words(name: str) -> frozenset[str]:
    return frozenset(re.findall(r"\w+", name.lower()))


def name_by_use(current: str, uses: dict[str, int]) -> str:
    """The name a speaker goes by, from how many of its quotes each of its names gave (``uses``):
    the fullest of the most used one and its fuller forms used at least ``FULLER_NAME_SHARE`` as
    often. The ``current`` name stays while it is one of those and as full as any, so that a name
    does not flip between two as full with each article.

    >>> name_by_use("Sergei Shoigu", {"Shoigu": 3, "Sergei Shoigu": 1})
    'Sergei Shoigu'
    >>> name_by_use("Iriana Jokowi", {"Jokowi": 1279, "Iriana Jokowi": 4})
    'Jokowi'
    """
    if not uses:
        return current
    top = max(uses, key=lambda name: (uses[name], len(name)))
    top_words = _name_words(top)
    fit = {name: count for name, count in uses.items()
           if name == top or (count >= FULLER_NAME_SHARE * uses[top] and _name_words(name) >= top_words)}
    best = max(fit, key=lambda name: (len(_name_words(name)), fit[name], len(name)))
    return current if current in fit and len(_name_words(current)) >= len(_name_words(best)) else best


def _name_speakers_by_use(db: sqlite_utils.Database, speaker_ids: Iterable[int]) -> set[int]:
    """Name each speaker by use (`name_by_use`; a nickname's quotes count for its full name), and
    type it by use too (`Wiranto` is a person, though the first article to quote him read
    `Polhukam Wiranto` as a body), unless someone merged or split it by hand; the ids of those
    renamed (a new type changes no claim: pairs are scored on names)."""
    renamed, nicknames = set(), lexicon.load().nicknames
    for speaker in speaker_ids:
        if db.execute("select 1 from speaker_aliases where speaker_id = ? and manual = 1", [speaker]).fetchone():
            continue
        current, current_type = db.execute("select name, type from speakers where id = ?", [speaker]).fetchone()
        uses: Counter[str] = Counter()
        types: Counter[str] = Counter()
        for named, kind, count in db.execute("select speaker_name, speaker_type, count(*) from quotes "
                                             "where speaker_id = ? group by speaker_name, speaker_type", [speaker]):
            uses[nicknames.get(named.lower(), named)] += count  # `Jokowi` is a use of `Joko Widodo`
            types[kind or "unknown"] += count
        name = name_by_use(current, uses)
        if name != current:
            db.execute("update speakers set name = ? where id = ?", [name, speaker])
            renamed.add(speaker)
        kind = max(types, key=lambda k: (types[k], k == current_type), default=current_type)
        if kind != current_type:
            db.execute("update speakers set type = ? where id = ?", [kind, speaker])
    return renamed


def _keys_opened_by(key_word: str) -> list[str]:
    """Bounds of the identity keys that start with this word: `fahri ` up to `fahri!`, a range
    the index answers (`like 'fahri %'` reads every speaker)."""
    return [f"{key_word} ", f"{key_word}!"]


def _opens_a_known_name(db: sqlite_utils.Database, key_word: str) -> bool:
    """Whether a known person's full name starts with this word of an identity key: then a name of
    that one word is someone's given name (`Fahri`, `Agus`, `Imam`) as much as a surname."""
    return db.execute("select 1 from speakers where type = 'person' and identity_key >= ? and identity_key < ? "
                      "limit 1", _keys_opened_by(key_word)).fetchone() is not None


def _same_person_by_surname(db: sqlite_utils.Database, name: str, key: str, kind: str) -> int | None:
    if kind != "person" or not key:
        return None
    words = key.split()
    if len(words) == 1:
        # `Shoigu`: only when exactly one known person's full name ends with it, and none starts
        # with it: `Fahri` is Fahri Hamzah's given name, not Chairul Fahry's surname.
        if _opens_a_known_name(db, words[0]):
            return None
        rows = list(db.query("select id from speakers where type = 'person' and key_last_word = ? limit 2",
                             [words[0]]))
        return rows[0]["id"] if len(rows) == 1 else None
    # `Sergei Shoigu` after articles that only said `Shoigu`: the same speaker, now found by the
    # full name's key too, unless someone fixed it by hand. Which name it goes by is up to use
    # (`name_by_use`, as its quotes are stored).
    short = next(db.query(
        "select id from speakers where type = 'person' and identity_key = ? and not exists "
        "(select 1 from speaker_aliases where speaker_id = speakers.id and manual = 1)", [words[-1]]), None)
    if short is None or _opens_a_known_name(db, words[-1]):
        return None  # `Chairul Fahry` does not take over `Fahri` once `Fahri Hamzah` is known
    db["speakers"].update(short["id"], {"identity_key": key, "key_last_word": key_last_word(key)})
    return short["id"]


# A one-word given name joins a full name starting with it only when the full name is this well
# established (quotes stored under it): `Anies` → `Anies Baswedan` (526), not `Taufiq` → `Taufiq M
# Martin` (2) or `Gigi` → `Gigi Dall'Igna` (3), where the one-word name is mostly someone else.
GIVEN_NAME_MIN_QUOTES = 10


def _full_name_of_given_name(db: sqlite_utils.Database, name: str, key: str) -> int | None:
    """The speaker a person named `Anies` alone is (in CLICK-ID, 311 quotes in articles that never
    give the surname): `Anies Baswedan`.

    Only when every known person whose key starts with the word has one surname (`Anies
    Baswedan`, `Anies Rasyid Baswedan`; not `Fahri` beside Fahri Hamzah and Fahri Bachmid), the
    most quoted of them is spelt with exactly this word first (so `Suzy` does not reach `Suzi
    Marsitawati` through the spelling-variant key) and has at least ``GIVEN_NAME_MIN_QUOTES``
    quotes, and the word is not a common word (`Kendati`)."""
    lex = lexicon.load()
    if name.lower() in lex.common_words and not lex.opens_names(name):
        return None
    rows = list(db.query(
        "select speakers.id, speakers.name, speakers.key_last_word, "
        "(select count(*) from quotes where quotes.speaker_id = speakers.id) as quotes "
        "from speakers where type = 'person' and identity_key >= ? and identity_key < ?", _keys_opened_by(key)))
    if not rows or len({row["key_last_word"] for row in rows}) > 1:
        return None
    best = max(rows, key=lambda row: (row["quotes"], -row["id"]))
    if best["quotes"] < GIVEN_NAME_MIN_QUOTES or best["name"].split()[0].casefold() != name.casefold():
        return None
    return best["id"]


def _undo_given_name_joins(db: sqlite_utils.Database, speaker_ids: set[int]) -> tuple[set[int], list[int]]:
    """Give a joined given name (`Joko`, joined to `Joko Widodo`) its own speaker again when one of
    these speakers is another full name with that first word and another surname (`Joko
    Driyono`). Returns the speakers whose quotes changed and the quotes that moved."""
    gained, moved = set(), []
    for speaker, name, last_word in db.execute(
            "select id, name, key_last_word from speakers where type = 'person' and key_last_word is not null "
            f"and id in ({', '.join('?' * len(speaker_ids))})", list(speaker_ids)).fetchall():
        first = name.split()[0]
        first_key = identity_key(first)
        for (joined,) in db.execute(
                "select distinct speakers.id from speaker_aliases join speakers "
                "on speakers.id = speaker_aliases.speaker_id where speaker_aliases.alias = ? collate nocase "
                "and speaker_aliases.manual = 0 and speakers.id != ? and speakers.key_last_word != ? "
                "and speakers.identity_key >= ? and speakers.identity_key < ?",
                [first, speaker, last_word, *_keys_opened_by(first_key)]).fetchall():
            if db.execute("select 1 from speakers where name = ? collate nocase", [first]).fetchone():
                continue  # the joined speaker goes by the given name itself: left joined
            apart = db["speakers"].insert({"name": first, "type": "person", "identity_key": first_key,
                                           "key_last_word": key_last_word(first_key)}).last_pk
            db.execute("update speaker_aliases set speaker_id = ? where speaker_id = ? and alias = ? collate nocase",
                       [apart, joined, first])
            moved += [quote_id for (quote_id,) in db.execute(
                "select id from quotes where speaker_id = ? and speaker_name = ? collate nocase", [joined, first])]
            db.execute("update quotes set speaker_id = ? where speaker_id = ? and speaker_name = ? collate nocase",
                       [apart, joined, first])
            gained |= {apart, joined}
    return gained, moved


def _join_given_names(db: sqlite_utils.Database, speaker_ids: set[int]) -> tuple[set[int], list[int]]:
    """Join each person known by one word (`Anies`) to the full name it is
    (`_full_name_of_given_name`), among these speakers and the one-word speakers of their full
    names' first words (`Anies Baswedan` may just have become well established), after undoing the
    joins these speakers contradict (`_undo_given_name_joins`). The one-word speaker's quotes and
    names move to the full name's speaker, as ``merge_speakers`` does, except that a merge or split
    made by hand is never undone. Returns the speakers whose quotes changed and the quotes that
    moved (their claims are matched again)."""
    gained, moved = _undo_given_name_joins(db, speaker_ids)
    speaker_ids = speaker_ids | gained
    one_word = {speaker: (name, key) for speaker, name, key in db.execute(
        "select id, name, identity_key from speakers where type = 'person' and instr(identity_key, ' ') = 0 "
        f"and id in ({', '.join('?' * len(speaker_ids))})", list(speaker_ids))}
    for (first_word,) in db.execute(
            "select distinct substr(identity_key, 1, instr(identity_key, ' ') - 1) from speakers "
            f"where type = 'person' and id in ({', '.join('?' * len(speaker_ids))})", list(speaker_ids)):
        if first_word:
            one_word.update({speaker: (name, key) for speaker, name, key in db.execute(
                "select id, name, identity_key from speakers where type = 'person' and identity_key = ?",
                [first_word])})
    for speaker, (name, key) in one_word.items():
        if db.execute("select 1 from speaker_aliases where speaker_id = ? and manual = 1", [speaker]).fetchone():
            continue
        target = _full_name_of_given_name(db, name, key)
        if target is None:
            continue
        moved += [quote_id for (quote_id,) in db.execute("select id from quotes where speaker_id = ?", [speaker])]
        db.execute("update speaker_aliases set speaker_id = ? where speaker_id = ?", [target, speaker])
        db.execute("update quotes set speaker_id = ? where speaker_id = ?", [target, speaker])
        db["speakers"].delete(speaker)
        gained.discard(speaker)
        gained.add(target)
    return gained, moved


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
        touched = {row["speaker_id"] for row in rows if row["speaker_id"] is not None}
        gained, moved = _join_given_names(db, touched) if touched else (set(), [])
        touched = {speaker for speaker in touched if db["speakers"].count_where("id = ?", [speaker])} | gained
        # A speaker's name is what its quotes call it most (`name_by_use`); pairs were scored with
        # the old name, so the stored quotes of a renamed speaker are matched again.
        renamed = _name_speakers_by_use(db, touched)
        again = {quote_id for speaker in renamed for (quote_id,) in db.execute(
            "select id from quotes where speaker_id = ? and article_id != ?", [speaker, article_id])}
        again.update(moved)  # this article's quotes among them are not matched yet: skipped
        if again:
            _match_quotes_again(db, sorted(again))
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


MENTIONS_LISTED = 8


def list_speakers(db: sqlite_utils.Database, *, name: str | None = None) -> Iterator[dict]:
    """Speakers with their quote counts, every alias, and the words their quotes' articles name
    them with (``mentions``: `Jokowi ×701 | -nya ×213 | Presiden Jokowi ×57`, most used first,
    at most ``MENTIONS_LISTED``), most quoted first."""
    where = "where speakers.id in (select speaker_id from speaker_aliases where alias like ?)" if name else ""
    yield from db.query(
        f"""select speakers.id, speakers.name, speakers.type,
               (select count(*) from quotes where quotes.speaker_id = speakers.id) as quotes,
               (select group_concat(alias, ' | ') from speaker_aliases where speaker_id = speakers.id) as aliases,
               (select group_concat(mention, ' | ') from (
                    select quotes.speaker || case when count(*) > 1 then ' ×' || count(*) else '' end as mention
                    from quotes where quotes.speaker_id = speakers.id and coalesce(quotes.speaker, '') != ''
                    group by quotes.speaker order by count(*) desc, quotes.speaker limit {MENTIONS_LISTED})) as mentions
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
    """Make ``name`` (and all its aliases) the same speaker as ``into``; kept on re-ingest. The
    claims of the quotes that change speaker are matched again (`_match_quotes_again`)."""
    source, target = _speaker_named(db, name), _speaker_named(db, into)
    if source == target:
        return target
    with db.atomic():
        moved = [quote_id for (quote_id,) in db.execute("select id from quotes where speaker_id = ?", [source])]
        db.execute("update speaker_aliases set speaker_id = ?, manual = 1 where speaker_id = ?", [target, source])
        db.execute("update quotes set speaker_id = ? where speaker_id = ?", [target, source])
        db["speakers"].delete(source)
        _match_quotes_again(db, moved)
    return target


def split_speaker(db: sqlite_utils.Database, alias: str) -> int:
    """Give ``alias`` a speaker of its own, with the quotes attributed by that name; kept on re-ingest.
    The claims of the quotes that change speaker are matched again (`_match_quotes_again`)."""
    current = _speaker_named(db, alias)
    with db.atomic():
        new = db["speakers"].insert({"name": alias, "type": db["speakers"].get(current)["type"],
                                     "identity_key": None}, alter=False).last_pk
        db.execute("update speaker_aliases set speaker_id = ?, manual = 1 where alias = ? collate nocase", [new, alias])
        moved = [quote_id for (quote_id,) in db.execute(
            "select id from quotes where speaker_id = ? and speaker_name = ? collate nocase", [current, alias])]
        db.execute("update quotes set speaker_id = ? where speaker_id = ? and speaker_name = ? collate nocase",
                   [new, current, alias])
        _match_quotes_again(db, moved)
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


# --- claims: matching stored quotes ------------------------------------------------------------
#
# Claims are kept up to date incrementally: `update_claims` indexes the quotes stored since the
# last update (their claim units and stems, and the units per candidate key and day, in the m003
# and m004 tables), finds the stored units they are candidates of through the postings of the
# keys rare in their date windows, and recomputes only the claims those touch. A speaker merge or
# split matches the quotes that change speaker again (`_match_quotes_again`). `rebuild_claims`
# recomputes everything from the quotes; it runs by itself the first time, and when the matching
# code or the threshold changed since the claims were built (``_claimtrack_state`` records both).

CLAIM_METHOD = "rapidfuzz:speaker-block"
# Quotes matched per transaction by `update_claims`: what bounds its memory, however much was stored.
CLAIM_CHUNK_QUOTES = 5_000
# Articles an ingest stores between two claim updates, so that a long ingest keeps its claims
# current and never matches more than these articles' quotes at once.
CLAIMS_UPDATE_EVERY = 2_000
# What matching runs (beside the standard library and rapidfuzz): claims built by other versions
# of these files are rebuilt, not mixed with new ones.
MATCHING_FILES = ("matching.py", "stemming.py", "speakers.py", "lexicon.py", "data/id.toml")
_JSON_BATCH = 50_000  # values bound as one JSON array parameter
_CLAIM_TABLES = ("claim_members", "claims", "claim_pairs", "claim_stems", "claim_stem_days", "claim_stem_counts",
                 "claim_units")

_QUOTES_FOR_UNITS = """select quotes.id, quotes.article_id,
        coalesce(speakers.name, quotes.speaker_name) as speaker_name, quotes.speaker_name as named_as,
        quotes.start, quotes.text, quotes.kind, articles.published, articles.outlet_id
    from quotes join articles on articles.id = quotes.article_id
    left join speakers on speakers.id = quotes.speaker_id"""
_STORED_UNITS = """select claim_units.id as unit_id, claim_units.quote_id, quotes.article_id,
        coalesce(speakers.name, quotes.speaker_name) as speaker_name, quotes.speaker_name as named_as,
        articles.published, claim_units.start, claim_units."end",
        substr(quotes.text, claim_units.start - quotes.start + 1, claim_units."end" - claim_units.start) as text,
        claim_units.stems, quotes.kind, articles.outlet_id
    from claim_units join quotes on quotes.id = claim_units.quote_id
    join articles on articles.id = quotes.article_id
    left join speakers on speakers.id = quotes.speaker_id
    where claim_units.id in (select value from json_each(?))"""


@dataclass
class ClaimUpdate:
    """What one `update_claims` did. ``pairs_scored`` and ``reclustered_units`` are its work: the
    candidate pairs scored (each has a new unit in it) and the units whose claims were recomputed
    (the new ones, the stored ones they scored the threshold with, and the other members of those
    units' claims). A rebuild scores every candidate pair and reclusters every unit."""

    rebuilt: bool = False
    new_units: int = 0
    candidate_units: int = 0
    pairs_scored: int = 0
    reclustered_units: int = 0
    claims_replaced: int = 0
    claims_written: int = 0
    claims: int = 0


def matching_fingerprint(threshold: float) -> str:
    """The threshold and a hash of the code and data matching runs: claims built under another
    fingerprint are rebuilt rather than mixed with new ones."""
    digest = hashlib.sha256()
    package = Path(matching.__file__).resolve().parent
    for name in MATCHING_FILES:
        digest.update(name.encode("utf-8") + b"\0" + (package / name).read_bytes() + b"\0")
    return f"threshold {float(threshold)}, matching {digest.hexdigest()[:12]}"


def _state(db: sqlite_utils.Database, name: str) -> str | None:
    row = db.execute("select value from _claimtrack_state where name = ?", [name]).fetchone()
    return row[0] if row else None


def _set_state(db: sqlite_utils.Database, name: str, value: str) -> None:
    db.execute("insert into _claimtrack_state (name, value) values (?, ?) "
               "on conflict (name) do update set value = excluded.value", [name, value])


def _stored_threshold(db: sqlite_utils.Database) -> float:
    built = _state(db, "claims_matching")
    return float(built.split(",")[0].removeprefix("threshold ")) if built else matching.DEFAULT_THRESHOLD


def _latest_quote(db: sqlite_utils.Database) -> int:
    return db.execute("select coalesce(max(id), 0) from quotes").fetchone()[0]


def claims_are_stale(db: sqlite_utils.Database) -> bool:
    """Whether quotes were stored since claims were last matched (e.g. after an interrupted ingest),
    or the claims were built by other matching code."""
    through = _state(db, "claims_matched_through")
    return (through is None or int(through) < _latest_quote(db)
            or _state(db, "claims_matching") != matching_fingerprint(_stored_threshold(db)))


@contextmanager
def _writing(db: sqlite_utils.Database) -> Iterator[None]:
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


def _json_batches(values: Iterable) -> Iterator[str]:
    values = list(values)
    for first in range(0, len(values), _JSON_BATCH):
        yield json.dumps(values[first : first + _JSON_BATCH], ensure_ascii=False)


def _stem_counts(db: sqlite_utils.Database, stems: Iterable[str]) -> dict[str, int]:
    """Units per stem in the whole index."""
    counts = {}
    for batch in _json_batches(stems):
        counts.update(db.execute("select stem, units from claim_stem_counts "
                                 "where stem in (select value from json_each(?))", [batch]).fetchall())
    return counts


def _stem_calendar(db: sqlite_utils.Database, keys: Iterable[str], days: Iterable[int]) -> matching.StemCalendar:
    """The stored units per candidate key and day that the rarity of ``keys`` is counted from, for
    units of ``days`` and of the days within ``DATE_WINDOW_DAYS`` of them: the counts in all, and
    of the days their windows reach and of undated units (every day when one of ``days`` is
    undated). Only the keys in more than ``MAX_STEM_DF`` units in all have their days read: a key
    in fewer is in fewer in every window, rare whatever the day (`StemCalendar.rare`), and most
    keys are, so that reading their days would hold most of an update's memory for nothing. The
    days read are those of the windows of ``days``, not every day between the first and the last
    (a chunk of an archive not in date order spans months)."""
    days = set(days)
    window = matching.DATE_WINDOW_DAYS
    if matching.UNDATED in days or not days:
        reach, reach_days = "", []
    else:
        reached = {matching.UNDATED} | {day + offset for day in days for offset in range(-2 * window, 2 * window + 1)}
        reach, reach_days = "and day in (select value from json_each(?))", [json.dumps(sorted(reached))]
    calendar = matching.StemCalendar()
    calendar.total.update(_stem_counts(db, set(keys)))
    common = [key for key, units in calendar.total.items() if units > matching.MAX_STEM_DF]
    for batch in _json_batches(common):
        for key, day, units in db.execute("select stem, day, units from claim_stem_days where stem in "
                                          f"(select value from json_each(?)) {reach}", [batch, *reach_days]):
            calendar.by_day[key][day] = units
    return calendar


def _insert_units(db: sqlite_utils.Database, units: list[matching.ClaimUnit],
                  stems: list[frozenset[str]]) -> tuple[list[int], list[int]]:
    """Store units with their stems and days; returns their ids and days."""
    first = db.execute("select coalesce(max(id), 0) + 1 from claim_units").fetchone()[0]
    ids = list(range(first, first + len(units)))
    days = [matching.day_number(unit.published) for unit in units]
    db.conn.executemany('insert into claim_units (id, quote_id, start, "end", day, stems) values (?, ?, ?, ?, ?, ?)',
                        ((i, u.quote_id, u.start, u.end, day, json.dumps(sorted(s), ensure_ascii=False))
                         for i, u, day, s in zip(ids, units, days, stems, strict=True)))
    return ids, days


def _add_counts(db: sqlite_utils.Database, keys: list[frozenset[str]], days: list[int]) -> set[str]:
    """Add units' candidate keys (with their days) to the stored counts per key and day and in all,
    one day at a time: a calendar of every key of a chunk by day held much of an update's memory.
    Returns the keys."""
    on_day = defaultdict(list)
    for unit_keys, day in zip(keys, days, strict=True):
        on_day[day].append(unit_keys)
    every_key = set()
    for day, day_keys in on_day.items():
        counts = Counter(key for unit_keys in day_keys for key in unit_keys)
        db.conn.executemany("insert into claim_stem_counts (stem, units) values (?, ?) "
                            "on conflict (stem) do update set units = units + excluded.units", counts.items())
        db.conn.executemany("insert into claim_stem_days (stem, day, units) values (?, ?, ?) "
                            "on conflict (stem, day) do update set units = units + excluded.units",
                            ((key, day, n) for key, n in counts.items()))
        every_key.update(counts)
    return every_key


def _count_all_keys(db: sqlite_utils.Database, units: list[matching.ClaimUnit], stems: list[frozenset[str]],
                    days: list[int]) -> None:
    """Store the counts per candidate key and day of a whole corpus (into empty tables), one day at
    a time: a corpus's keys at once would not fit in memory."""
    on_day = defaultdict(list)
    for number, day in enumerate(days):
        on_day[day].append(number)
    for day, numbers in on_day.items():
        counts = Counter(key for n in numbers for key in matching.candidate_keys(units[n], stems[n]))
        db.conn.executemany("insert into claim_stem_days (stem, day, units) values (?, ?, ?)",
                            ((key, day, n) for key, n in counts.items()))
    db.execute("insert into claim_stem_counts (stem, units) select stem, sum(units) from claim_stem_days group by stem")


def _insert_postings(db: sqlite_utils.Database, ids: list[int], days: list[int], rare: list[tuple[str, ...]]) -> None:
    db.conn.executemany("insert into claim_stems (stem, day, unit_id) values (?, ?, ?)",
                        ((key, day, i) for i, day, unit_rare in zip(ids, days, rare, strict=True) for key in unit_rare))


def _index_units(db: sqlite_utils.Database, units: list[matching.ClaimUnit],
                 stems: list[frozenset[str]]) -> tuple[list[int], set[int]]:
    """Add units to the index: their rows, their counts per candidate key and day, and postings
    for the keys rare in their date windows. New units make their keys commoner in every window
    they fall in: the postings of a key that is no longer rare in a stored unit's window are
    deleted, as a rebuild would not make them. Returns the new units' ids and the stored units
    that lost a posting."""
    ids, days = _insert_units(db, units, stems)
    keys = [matching.candidate_keys(unit, unit_stems) for unit, unit_stems in zip(units, stems, strict=True)]
    calendar = _stem_calendar(db, _add_counts(db, keys, days), days)
    window, limit = matching.DATE_WINDOW_DAYS, matching.MAX_STEM_DF
    # Only a key in more than MAX_STEM_DF units in all can have become common in a window.
    common = {key for key, count in calendar.total.items() if count > limit}
    added = matching.StemCalendar.of((unit_keys & common for unit_keys in keys), days)
    became_common = []
    for key, added_days in added.by_day.items():
        stored_days = calendar.by_day.get(key, {})  # none read for a key rare in every window
        if matching.UNDATED in added_days:  # an undated unit is in every window
            reached = set(stored_days)
        else:
            reached = {day for added_day in added_days for day in range(added_day - window, added_day + window + 1)
                       if day in stored_days} | ({matching.UNDATED} & stored_days.keys())
        for day in reached:
            now = calendar.window_count(key, day)
            if now > limit >= now - added.window_count(key, day):
                became_common.append((key, day))
    lost_a_key = set()
    for key, day in became_common:
        lost_a_key.update(unit_id for (unit_id,) in db.execute(
            "select unit_id from claim_stems where stem = ? and day = ?", [key, day]))
    db.conn.executemany("delete from claim_stems where stem = ? and day = ?", became_common)
    _insert_postings(db, ids, days, [calendar.rare(unit_keys, day) for unit_keys, day in zip(keys, days, strict=True)])
    return ids, lost_a_key


def _pairs_of(db: sqlite_utils.Database, unit_ids: Iterable[int]) -> set[tuple[int, int]]:
    """The stored pairs with one of ``unit_ids`` in them."""
    pairs = set()
    for batch in _json_batches(unit_ids):
        for column in ("unit_a", "unit_b"):
            pairs.update(db.execute(f"select unit_a, unit_b from claim_pairs "
                                    f"where {column} in (select value from json_each(?))", [batch]).fetchall())
    return pairs


def _drop_former_candidates(db: sqlite_utils.Database, unit_ids: set[int]) -> set[int]:
    """Delete the stored pairs of ``unit_ids`` that are no longer candidates (the keys they shared
    have since become common in their windows), as a rebuild would not find them; returns the
    units of those pairs."""
    pairs = _pairs_of(db, unit_ids)
    paired = _load_units(db, {unit for pair in pairs for unit in pair})
    keys = {unit_id: matching.candidate_keys(stored.unit, stored.stems) for unit_id, stored in paired.items()}
    # Only the keys a pair shares can keep it a candidate: the calendar counts those, not every
    # key of every unit paired (which grew with the claims).
    shared = {(a, b): keys[a] & keys[b] for a, b in pairs}
    del keys
    calendar = _stem_calendar(db, {key for pair_keys in shared.values() for key in pair_keys},
                              {stored.day for stored in paired.values()})
    former = [(a, b) for (a, b), pair_keys in shared.items()
              if not matching.still_candidates(calendar.rare(pair_keys, paired[a].day),
                                               calendar.rare(pair_keys, paired[b].day))]
    db.conn.executemany("delete from claim_pairs where unit_a = ? and unit_b = ?", former)
    return {unit for pair in former for unit in pair}


def _stored_candidates(db: sqlite_utils.Database, queried: list[tuple[tuple[str, ...], int]],
                       leave_out: Container[int]) -> set[int]:
    """Stored units (but those in ``leave_out``) that share enough keys with one of ``queried``
    (its rare keys and its day) in its date window: the candidate rule's first conditions,
    answered by the postings alone. The queried units of one day are answered together, from the
    postings of their window only: those of a chunk's keys over all its days grew with the
    stored units (a chunk of an archive not in date order spans months)."""
    window = matching.DATE_WINDOW_DAYS
    on_day: dict[int, list[tuple[str, ...]]] = defaultdict(list)
    for rare, day in queried:
        on_day[day].append(rare)
    found = set()
    for day, rares in sorted(on_day.items()):
        if day == matching.UNDATED:  # an undated unit's window is every day
            reach, reach_days = "", []
        else:
            reach, reach_days = "and (day = 0 or day between ? and ?)", [day - window, day + window]
        postings: dict[str, list[int]] = defaultdict(list)
        for batch in _json_batches({key for rare in rares for key in rare}):
            for key, unit_id in db.execute("select stem, unit_id from claim_stems where stem in "
                                           f"(select value from json_each(?)) {reach}", [batch, *reach_days]):
                if unit_id not in leave_out:
                    postings[key].append(unit_id)
        for rare in rares:
            found |= matching.sharing_enough((unit_id, key) for key in rare for unit_id in postings[key])
    return found


@dataclass(frozen=True)
class _StoredUnit:
    id: int
    unit: matching.ClaimUnit
    stems: frozenset[str]
    outlet_id: int | None

    @property
    def order(self) -> tuple[int, int]:
        """Where a rebuild numbers the unit: ties between equal scores are broken the same way."""
        return self.unit.quote_id, self.unit.start

    @property
    def day(self) -> int:
        return matching.day_number(self.unit.published)

    @cached_property
    def keys(self) -> frozenset[str]:
        """Made once: an update reads them twice (a chunk's units, then with their candidates)."""
        return matching.candidate_keys(self.unit, self.stems)


def _load_units(db: sqlite_utils.Database, unit_ids: Iterable[int]) -> dict[int, _StoredUnit]:
    loaded = {}
    for batch in _json_batches(unit_ids):
        for row in db.query(_STORED_UNITS, [batch]):
            unit = matching.ClaimUnit(row["quote_id"], row["article_id"], row["speaker_name"] or "",
                                      row["published"], row["start"], row["end"], row["text"], row["named_as"] or "",
                                      row["kind"] or "")
            loaded[row["unit_id"]] = _StoredUnit(row["unit_id"], unit, frozenset(json.loads(row["stems"])),
                                                 row["outlet_id"])
    return loaded


def _store_pairs(db: sqlite_utils.Database, scored: list[tuple[float, int, int]], ids: list[int]) -> None:
    db.conn.executemany("insert or replace into claim_pairs (unit_a, unit_b, score) values (?, ?, ?)",
                        ((ids[i], ids[j], score) if ids[i] < ids[j] else (ids[j], ids[i], score)
                         for score, i, j in scored))


def _write_claims(db: sqlite_utils.Database, claims: list[matching.Claim], unit_ids: dict[tuple[int, int], int],
                  outlet_of: dict[int, int | None], previous: dict[int, int] | None = None) -> None:
    """Insert claims and their members. ``previous`` maps a unit id to the claim it was in before:
    a recomputed claim keeps the smallest id of the claims its members come from."""
    previous = previous or {}
    taken: set[int] = set()
    next_id = max(db.execute("select coalesce(max(id), 0) from claims").fetchone()[0], *previous.values(), 0) + 1
    for claim in claims:
        ids = (previous.get(unit_ids[(u.quote_id, u.start)]) for u, _ in claim.members)
        claim_id = min((i for i in ids if i is not None and i not in taken), default=None)
        if claim_id is None:
            claim_id, next_id = next_id, next_id + 1
        taken.add(claim_id)
        db.execute("insert into claims (id, speaker_name, label, outlets, members) values (?, ?, ?, ?, ?)",
                   [claim_id, claim.speaker_name, claim.members[0][0].text,
                    len({outlet_of[u.article_id] for u, _ in claim.members}), len(claim.members)])
        db.conn.executemany(
            'insert into claim_members (claim_id, quote_id, article_id, start, "end", text, score, method, unit_id) '
            "values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(claim_id, u.quote_id, u.article_id, u.start, u.end, u.text, round(score, 1), CLAIM_METHOD,
              unit_ids[(u.quote_id, u.start)]) for u, score in claim.members])


def _record_matched(db: sqlite_utils.Database, through: int, threshold: float) -> None:
    _set_state(db, "claims_matched_through", str(through))
    _set_state(db, "claims_matching", matching_fingerprint(threshold))
    latest_article = db.execute("select coalesce(max(id), 0) from articles").fetchone()[0]
    _set_state(db, "claims_built_for", str(latest_article))


def rebuild_claims(db: sqlite_utils.Database, *, threshold: float = matching.DEFAULT_THRESHOLD, workers: int = 1,
                   scheduler: str | None = None) -> int:
    """Recompute every claim and the claim index from the stored quotes, in one transaction;
    returns how many claims.

    Candidate pairs are found and scored in this process, or, with ``workers`` > 1 or a Dask
    ``scheduler``, by :func:`claimtrack.parallel.score_candidates` when the corpus is large enough
    to gain from it; the claims are the same.
    """
    return _rebuild(db, threshold, workers, scheduler).claims


def quote_units(db: sqlite_utils.Database) -> list[matching.ClaimUnit]:
    """The claim units of every stored quote, numbered as a rebuild numbers them."""
    return [unit for row in db.query(f"{_QUOTES_FOR_UNITS} order by quotes.id") for unit in matching.split_units(row)]


def _rebuild(db: sqlite_utils.Database, threshold: float, workers: int, scheduler: str | None) -> ClaimUpdate:
    with _writing(db):
        through = _latest_quote(db)
        units = quote_units(db)
        outlet_of = dict(db.execute("select id, outlet_id from articles").fetchall())
        corpus = matching.ScoringCorpus(units, [matching.content_stems(unit.text) for unit in units])
        if workers > 1 or scheduler:
            from claimtrack import parallel  # imports spaCy: only when asked for

            pairs, scored = parallel.score_candidates(corpus, threshold=threshold, workers=workers,
                                                      scheduler=scheduler)
        else:
            pairs, scored = corpus.scored_block(0, 1, threshold=threshold)
        claims = matching.join_scored_pairs(units, scored, corpus.scorer, threshold=threshold)
        for table in _CLAIM_TABLES:
            db.execute(f"delete from {table}")
        stems = corpus.stems
        del corpus  # its index and scores; the postings stored hold every rare key, one unit's too (a
        # later unit may share it), which the index leaves out
        ids, days = _insert_units(db, units, stems)
        _count_all_keys(db, units, stems, days)
        _insert_postings(db, ids, days, matching.rare_keys(units, stems))
        _store_pairs(db, scored, ids)
        _write_claims(db, claims, {(u.quote_id, u.start): i for u, i in zip(units, ids, strict=True)}, outlet_of)
        _record_matched(db, through, threshold)
    return ClaimUpdate(rebuilt=True, new_units=len(units), pairs_scored=pairs, reclustered_units=len(units),
                       claims_written=len(claims), claims=len(claims))


def update_claims(db: sqlite_utils.Database, *, rebuild: bool = False, threshold: float | None = None,
                  workers: int = 1, scheduler: str | None = None,
                  chunk_quotes: int = CLAIM_CHUNK_QUOTES) -> ClaimUpdate:
    """Match the quotes stored since the last update against the stored claims.

    New quotes are taken ``chunk_quotes`` at a time, each chunk in one transaction. Their units
    join the index; their candidates among all stored units come from the postings of their rare
    stems, by the candidate rule of :mod:`claimtrack.matching` (shared rare stems, another article,
    close in time), and are scored with the stem weights of the whole index. The stored units
    that score the threshold with a new one, the other members of their claims and the new units
    are then joined again, from their stored pairs and the new ones, by
    :func:`claimtrack.matching.join_scored_pairs`. Claims no new unit reaches are left as they are,
    ids included; a recomputed claim keeps the smallest id of the claims it is made from.

    The claims are those of :func:`rebuild_claims` up to the order of the work: a stored pair keeps
    the score it had when it was found, though its words may have become commoner since, and a unit
    kept out of a claim is not offered again to candidates outside the claims being recomputed.
    With ``rebuild``, and at the first update or one after the matching code or ``threshold``
    changed, everything is recomputed by :func:`rebuild_claims` (``workers`` and ``scheduler`` are
    for that). ``threshold`` defaults to the one the stored claims were built with.
    """
    threshold = _stored_threshold(db) if threshold is None else threshold
    if (rebuild or _state(db, "claims_matched_through") is None
            or _state(db, "claims_matching") != matching_fingerprint(threshold)):
        return _rebuild(db, threshold, workers, scheduler)
    update = ClaimUpdate()
    while True:
        with _writing(db):
            through = int(_state(db, "claims_matched_through"))
            rows = list(db.query(f"{_QUOTES_FOR_UNITS} where quotes.id > ? order by quotes.id limit ?",
                                 [through, chunk_quotes]))
            if not rows:
                break
            _match_new_quotes(db, rows, threshold, update)
            _record_matched(db, rows[-1]["id"], threshold)
    update.claims = db.execute("select count(*) from claims").fetchone()[0]
    return update


def _match_new_quotes(db: sqlite_utils.Database, rows: list[dict], threshold: float, update: ClaimUpdate) -> None:
    """One chunk of `update_claims`, inside its transaction."""
    new_units = [unit for row in rows for unit in matching.split_units(row)]
    if not new_units:
        return
    new_stems = [matching.content_stems(unit.text) for unit in new_units]
    new_ids, lost_a_stem = _index_units(db, new_units, new_stems)
    # Stored pairs that a stem made common since takes out of the candidates leave their claims.
    uncoupled = _drop_former_candidates(db, lost_a_stem)
    outlet_of_article = {row["article_id"]: row["outlet_id"] for row in rows}
    new = {i: _StoredUnit(i, u, s, outlet_of_article[u.article_id])
           for i, u, s in zip(new_ids, new_units, new_stems, strict=True)}
    _match_units(db, new, uncoupled, threshold, update)
    update.new_units += len(new_ids)


def _match_units(db: sqlite_utils.Database, queried: dict[int, _StoredUnit], uncoupled: set[int], threshold: float,
                 update: ClaimUpdate) -> None:
    """Find the candidates of the ``queried`` units (new ones, or stored ones whose speaker
    changed) among all stored units, score them, and recompute the claims they reach and those of
    the ``uncoupled`` units, which lost a pair."""
    known = dict(queried)
    total = db.execute("select count(*) from claim_units").fetchone()[0]

    # Stored units sharing enough rare stems with a queried one in its window (the candidate rule's
    # first conditions, answered by the postings alone), then the whole rule on them and the queried.
    calendar = _stem_calendar(db, {key for stored in queried.values() for key in stored.keys},
                              {stored.day for stored in queried.values()})
    queried_rare = {unit_id: calendar.rare(stored.keys, stored.day) for unit_id, stored in queried.items()}
    sharing = _stored_candidates(db, [(queried_rare[unit_id], stored.day) for unit_id, stored in queried.items()],
                                 known)
    known.update(_load_units(db, sharing))
    local = sorted(known.values(), key=lambda stored: stored.order)
    # A pair has a queried unit in it, and is found by that unit's rare keys: a candidate's other
    # keys are not looked up, so its rare keys are counted among the queried ones only, on the
    # calendar read for the queried units (whose reach covers the windows of their candidates,
    # within DATE_WINDOW_DAYS of them). A calendar of every key of every candidate held most of
    # an update's memory, more as the stored units of a window grow.
    found_by = {key for rare in queried_rare.values() for key in rare}
    local_units, local_stems = [s.unit for s in local], [s.stems for s in local]
    index = matching.CandidateIndex(local_units, [
        queried_rare[stored.id] if stored.id in queried_rare
        else calendar.rare(matching.candidate_keys(stored.unit, stored.stems) & found_by, stored.day)
        for stored in local])
    pairs = index.candidates_of([n for n, stored in enumerate(local) if stored.id in queried], later_only=False)
    del index
    # Weights of the stems only (what pairs are scored with), not of every candidate key.
    counts = _stem_counts(db, {s for unit_stems in local_stems for s in unit_stems})
    del calendar
    idf = matching.idf_weights(counts, total)
    scored = matching.PairScorer(local_units, local_stems, idf).at_least(pairs, threshold)
    scored = [(score, local[i].id, local[j].id) for score, i, j in scored]  # unit ids from here on
    joined = {unit_id for _, i, j in scored for unit_id in (i, j)} - queried.keys()

    # Those stored units' claims, and the claims that lost a pair, are recomputed with the queried
    # units, from their stored pairs.
    claim_of: dict[int, int] = {}
    for batch in _json_batches(joined | uncoupled):
        claim_of.update(db.execute(
            "select unit_id, claim_id from claim_members where claim_id in "
            "(select claim_id from claim_members where unit_id in (select value from json_each(?)))",
            [batch]).fetchall())
    known.update(_load_units(db, (uncoupled | claim_of.keys()) - known.keys()))
    stored_ids = (joined | uncoupled | claim_of.keys()) - queried.keys()
    for batch in _json_batches(stored_ids):
        scored += [pair for pair in db.execute("select score, unit_a, unit_b from claim_pairs "
                                               "where unit_a in (select value from json_each(?))", [batch])
                   if pair[2] in stored_ids]
    affected = sorted((known[i] for i in {*queried, *stored_ids}), key=lambda stored: stored.order)
    number = {stored.id: n for n, stored in enumerate(affected)}
    counts.update(_stem_counts(db, {s for stored in affected for s in stored.stems} - counts.keys()))
    units, stems = [s.unit for s in affected], [s.stems for s in affected]
    scorer = matching.PairScorer(units, stems, matching.idf_weights(counts, total))
    numbered = []
    for score, a, b in scored:
        i, j = sorted((number[a], number[b]))
        scorer.scores[(i, j)] = score
        numbered.append((score, i, j))
    claims = matching.join_scored_pairs(units, numbered, scorer, threshold=threshold)

    replaced = sorted(set(claim_of.values()))
    for batch in _json_batches(replaced):
        db.execute("delete from claim_members where claim_id in (select value from json_each(?))", [batch])
        db.execute("delete from claims where id in (select value from json_each(?))", [batch])
    _store_pairs(db, [(score, number[a], number[b]) for score, a, b in scored if a in queried or b in queried],
                 [stored.id for stored in affected])
    _write_claims(db, claims, {stored.order: stored.id for stored in affected},
                  {stored.unit.article_id: stored.outlet_id for stored in affected}, claim_of)
    update.candidate_units += len({local[n].id for pair in pairs for n in pair} - queried.keys())
    update.pairs_scored += len(pairs)
    update.reclustered_units += len(affected)
    update.claims_replaced += len(replaced)
    update.claims_written += len(claims)


def _match_quotes_again(db: sqlite_utils.Database, quote_ids: Iterable[int]) -> None:
    """Match stored quotes again after their speaker changed (speaker evidence is part of a pair's
    score): their pairs are scored anew, and the claims they were in, and those they now reach,
    are recomputed. Nothing to do while the claims are due for a rebuild (never built, or by other
    matching code), or for quotes not matched yet: their turn comes with the next update."""
    if _state(db, "claims_matching") != matching_fingerprint(_stored_threshold(db)):
        return
    unit_ids = set()
    for batch in _json_batches(quote_ids):
        unit_ids.update(unit_id for (unit_id,) in db.execute(
            "select id from claim_units where quote_id in (select value from json_each(?))", [batch]))
    if not unit_ids:
        return
    queried = _load_units(db, unit_ids)
    former = _pairs_of(db, unit_ids)
    db.conn.executemany("delete from claim_pairs where unit_a = ? and unit_b = ?", former)
    uncoupled = {unit for pair in former for unit in pair} | unit_ids  # their claims are recomputed
    _match_units(db, queried, uncoupled, _stored_threshold(db), ClaimUpdate())


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
