"""Claim rows: claims and their members, and the claim index that lets new quotes join them.

The index (tables of migrations m003, m004, m011 and m012): each claim unit (a sentence of a quote)
with its day; per candidate key and day, the number of units with it and, while the key is rare in
that day's date window, those units' ids, its postings (``claim_key_days``; the counts in all are
their sums); and the candidate pairs whose probability reaches the threshold (``claim_pairs``). A
unit's content stems are not stored: they are made again from its text. A key is stored as a
64-bit integer made from its text (:func:`key_code`) and postings as base-36 unit ids
(:func:`posting_list`): each key's text on each of its rows and decimal ids were 3.9 MB of the
6.9 MB these rows took for the first 2,000 CLICK-ID articles (5.6 MB so). What those words mean,
and how a claim is made of them, is :mod:`claimtrack.matching`'s; this module only reads and
writes the rows, in batches bound as one JSON array parameter so that no statement has more
values than SQLite allows.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils


# The tables a rebuild empties and fills again, members first (foreign keys).
CLAIM_TABLES = ("claim_members", "claims", "claim_pairs", "claim_key_days", "claim_units")
JSON_BATCH = 50_000  # values bound as one JSON array parameter
# `_claimtrack_state` names: the last quote matched, and the engine and threshold the claims
# were built with (and the last article when they were).
MATCHED_THROUGH = "claims_matched_through"
MATCHING = "claims_matching"
BUILT_FOR = "claims_built_for"

_QUOTES_FOR_UNITS = """select quotes.id, quotes.article_id,
        coalesce(speakers.name, quotes.speaker_name) as speaker_name, quotes.speaker_name as named_as,
        quotes.start, quotes.text, quotes.kind, articles.published, articles.outlet_id
    from quotes join articles on articles.id = quotes.article_id
    left join speakers on speakers.id = quotes.speaker_id"""
_STORED_UNITS = """select claim_units.id as unit_id, claim_units.quote_id, quotes.article_id,
        coalesce(speakers.name, quotes.speaker_name) as speaker_name, quotes.speaker_name as named_as,
        articles.published, claim_units.start, claim_units."end",
        substr(quotes.text, claim_units.start - quotes.start + 1, claim_units."end" - claim_units.start) as text,
        quotes.kind, articles.outlet_id
    from claim_units join quotes on quotes.id = claim_units.quote_id
    join articles on articles.id = quotes.article_id
    left join speakers on speakers.id = quotes.speaker_id
    where claim_units.id in (select value from json_each(?))"""


def json_batches(values: Iterable) -> Iterator[str]:
    values = list(values)
    for first in range(0, len(values), JSON_BATCH):
        yield json.dumps(values[first : first + JSON_BATCH], ensure_ascii=False)


# --- quotes as the claim engine reads them --------------------------------------------------------

def quotes_for_units(db: sqlite_utils.Database, *, after: int | None = None, limit: int | None = None) -> list[dict]:
    """Stored quotes in id order (all, or ``limit`` after the quote ``after``), with what their
    claim units are made of: ``id``, ``article_id``, ``speaker_name`` (the speaker's name after any
    merge), ``named_as`` (the article's), ``start``, ``text``, ``kind``, ``published``, ``outlet_id``."""
    if after is None:
        return list(db.query(f"{_QUOTES_FOR_UNITS} order by quotes.id"))
    return list(db.query(f"{_QUOTES_FOR_UNITS} where quotes.id > ? order by quotes.id limit ?", [after, limit]))


def outlets_of_articles(db: sqlite_utils.Database) -> dict[int, int | None]:
    return dict(db.execute("select id, outlet_id from articles").fetchall())


# --- units and their keys ---------------------------------------------------------------------

def unit_count(db: sqlite_utils.Database) -> int:
    return db.execute("select count(*) from claim_units").fetchone()[0]


def next_unit_id(db: sqlite_utils.Database) -> int:
    return db.execute("select coalesce(max(id), 0) + 1 from claim_units").fetchone()[0]


def insert_units(db: sqlite_utils.Database, units: Iterable[tuple[int, int, int, int, int]]) -> None:
    """Units as ``(id, quote_id, start, end, day)``."""
    db.conn.executemany('insert into claim_units (id, quote_id, start, "end", day) values (?, ?, ?, ?, ?)', units)


def unit_rows(db: sqlite_utils.Database, unit_ids: Iterable[int]) -> Iterator[dict]:
    """Stored units with their quote's fields: ``unit_id``, ``quote_id``, ``article_id``,
    ``speaker_name``, ``named_as``, ``published``, ``start``, ``end``, ``text``, ``kind``,
    ``outlet_id``."""
    for batch in json_batches(unit_ids):
        yield from db.query(_STORED_UNITS, [batch])


def units_of_quotes(db: sqlite_utils.Database, quote_ids: Iterable[int]) -> set[int]:
    found = set()
    for batch in json_batches(quote_ids):
        found.update(unit_id for (unit_id,) in db.execute(
            "select id from claim_units where quote_id in (select value from json_each(?))", [batch]))
    return found


def key_code(key: str) -> int:
    """The integer a candidate key is stored under: the first 8 bytes of its BLAKE2b digest, signed
    (SQLite's integers). Two keys of one code would count and post together; among 10 million
    keys the chance that any two share one is 3 in a million.

    >>> key_code("pajak+naik") == key_code("pajak+naik") != key_code("pajak")
    True
    """
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "big", signed=True)


def _code_batches(keys: Iterable[str]) -> Iterator[dict[int, str]]:
    """Keys by their codes, in batches of ``JSON_BATCH``."""
    keys = list(keys)
    for first in range(0, len(keys), JSON_BATCH):
        yield {key_code(key): key for key in keys[first : first + JSON_BATCH]}


_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
# Every number below 36 ** 2 in base 36, as written and zero-padded: a unit id up to 36 ** 4 is
# written with two look-ups, not a loop of divisions (an update writes a list for each key).
_SHORT = list(_DIGITS) + [first + second for first in _DIGITS[1:] for second in _DIGITS]
_PADDED = [first + second for first in _DIGITS for second in _DIGITS]


def _base36(number: int) -> str:
    if number < 1296:
        return _SHORT[number]
    if number < 1296 * 1296:
        return _SHORT[number // 1296] + _PADDED[number % 1296]
    return _base36(number // 1296) + _PADDED[number % 1296]


def posting_list(unit_ids: Iterable[int]) -> str:
    """Unit ids as ``claim_key_days.unit_ids`` holds them: base 36, space-separated (4 characters
    up to 1.6 million units, where decimal takes 7).

    >>> posting_list([0, 7, 36, 1296, 1679615, 1679616]), unit_id_list("7 10 zzzz")
    ('0 7 10 100 zzzz 10000', [7, 36, 1679615])
    """
    return " ".join(map(_base36, unit_ids))


def unit_id_list(listed: str | None) -> list[int]:
    """The unit ids of a :func:`posting_list`."""
    return [int(unit_id, 36) for unit_id in listed.split()] if listed else []


def key_counts(db: sqlite_utils.Database, keys: Iterable[str]) -> dict[str, int]:
    """Units per key in the whole index: the sums of its days."""
    counts = {}
    for codes in _code_batches(keys):
        counts.update((codes[code], units) for code, units in db.execute(
            "select key, sum(units) from claim_key_days where key in (select value from json_each(?)) group by key",
            [json.dumps(list(codes))]))
    return counts


def key_day_counts(db: sqlite_utils.Database, keys: Iterable[str], days: Iterable[int] | None) -> Iterator[
        tuple[str, int, int]]:
    """``(key, day, units)`` of these keys, on these days (every day with ``None``)."""
    if days is None:
        reach, reach_days = "", []
    else:
        reach, reach_days = "and day in (select value from json_each(?))", [json.dumps(sorted(days))]
    for codes in _code_batches(keys):
        for code, day, units in db.execute("select key, day, units from claim_key_days where key in "
                                           f"(select value from json_each(?)) {reach}",
                                           [json.dumps(list(codes)), *reach_days]):
            yield codes[code], day, units


def add_key_counts(db: sqlite_utils.Database, day: int, counts: dict[str, int]) -> None:
    """Add units of one day to the counts per key and day."""
    db.conn.executemany("insert into claim_key_days (key, day, units) values (?, ?, ?) "
                        "on conflict (key, day) do update set units = units + excluded.units",
                        ((key_code(key), day, n) for key, n in counts.items()))


def insert_day_counts(db: sqlite_utils.Database, day: int, counts: dict[str, int]) -> None:
    """The counts per key of one day, into an emptied index (a rebuild)."""
    db.conn.executemany("insert into claim_key_days (key, day, units) values (?, ?, ?)",
                        ((key_code(key), day, n) for key, n in counts.items()))


# --- postings -----------------------------------------------------------------------------------

# Postings added at a time: grouped by key and day, each group appended to its row's list.
POSTINGS_BATCH = 100_000


def insert_postings(db: sqlite_utils.Database, postings: Iterable[tuple[str, int, int]]) -> None:
    """Postings as ``(key, day, unit_id)``, each appended to the unit ids of its key and day,
    whose count (:func:`add_key_counts`, :func:`insert_day_counts`) is stored already."""
    batch: dict[tuple[str, int], list[int]] = defaultdict(list)

    def flush() -> None:
        db.conn.executemany("update claim_key_days set unit_ids = coalesce(unit_ids || ' ', '') || ? "
                            "where key = ? and day = ?",
                            ((posting_list(ids), key_code(key), day) for (key, day), ids in batch.items()))
        batch.clear()

    for number, (key, day, unit_id) in enumerate(postings, 1):
        batch[(key, day)].append(unit_id)
        if number % POSTINGS_BATCH == 0:
            flush()
    flush()


def posted_units(db: sqlite_utils.Database, key: str, day: int) -> list[int]:
    found = db.execute("select unit_ids from claim_key_days where key = ? and day = ?", [key_code(key), day]).fetchone()
    return unit_id_list(found[0]) if found else []


def delete_postings(db: sqlite_utils.Database, key_days: list[tuple[str, int]]) -> None:
    db.conn.executemany("update claim_key_days set unit_ids = null where key = ? and day = ?",
                        ((key_code(key), day) for key, day in key_days))


def postings_near(db: sqlite_utils.Database, keys: Iterable[str], days: tuple[int, int] | None) -> Iterator[
        tuple[str, int]]:
    """``(key, unit_id)`` postings of these keys on undated units and on the days from
    ``days[0]`` to ``days[1]``, or on every day with ``None``."""
    if days is None:
        reach, reach_days = "", []
    else:
        reach, reach_days = "and (day = 0 or day between ? and ?)", list(days)
    for codes in _code_batches(keys):
        for code, listed in db.execute("select key, unit_ids from claim_key_days where key in "
                                       f"(select value from json_each(?)) {reach} and unit_ids is not null",
                                       [json.dumps(list(codes)), *reach_days]):
            key = codes[code]
            for unit_id in unit_id_list(listed):
                yield key, unit_id


# --- pairs -----------------------------------------------------------------------------------------

def pairs_of(db: sqlite_utils.Database, unit_ids: Iterable[int]) -> set[tuple[int, int]]:
    """The stored pairs with one of ``unit_ids`` in them."""
    pairs = set()
    for batch in json_batches(unit_ids):
        for column in ("unit_a", "unit_b"):
            pairs.update(db.execute(f"select unit_a, unit_b from claim_pairs "
                                    f"where {column} in (select value from json_each(?))", [batch]).fetchall())
    return pairs


def scored_pairs_from(db: sqlite_utils.Database, unit_ids: Iterable[int]) -> Iterator[tuple[float, int, int]]:
    """``(probability, unit_a, unit_b)`` of the stored pairs whose lower unit is one of ``unit_ids``."""
    for batch in json_batches(unit_ids):
        yield from db.execute("select probability, unit_a, unit_b from claim_pairs "
                              "where unit_a in (select value from json_each(?))", [batch])


def delete_pairs(db: sqlite_utils.Database, pairs: Iterable[tuple[int, int]]) -> None:
    db.conn.executemany("delete from claim_pairs where unit_a = ? and unit_b = ?", pairs)


def store_pairs(db: sqlite_utils.Database, pairs: Iterable[tuple[int, int, float]]) -> None:
    """Pairs as ``(unit_a, unit_b, probability)``, lower unit id first; a stored pair is replaced."""
    db.conn.executemany("insert or replace into claim_pairs (unit_a, unit_b, probability) values (?, ?, ?)", pairs)


# --- claims and members -------------------------------------------------------------------------

def claims_of_units(db: sqlite_utils.Database, unit_ids: Iterable[int]) -> dict[int, int]:
    """``{unit id: claim id}`` of every member of the claims these units are members of."""
    claim_of: dict[int, int] = {}
    for batch in json_batches(unit_ids):
        claim_of.update(db.execute(
            "select unit_id, claim_id from claim_members where claim_id in "
            "(select claim_id from claim_members where unit_id in (select value from json_each(?)))",
            [batch]).fetchall())
    return claim_of


def delete_claims(db: sqlite_utils.Database, claim_ids: Iterable[int]) -> None:
    for batch in json_batches(claim_ids):
        db.execute("delete from claim_members where claim_id in (select value from json_each(?))", [batch])
        db.execute("delete from claims where id in (select value from json_each(?))", [batch])


def clear(db: sqlite_utils.Database) -> None:
    """Empty the claims and the claim index (a rebuild)."""
    for table in CLAIM_TABLES:
        db.execute(f"delete from {table}")


def latest_claim(db: sqlite_utils.Database) -> int:
    return db.execute("select coalesce(max(id), 0) from claims").fetchone()[0]


def claim_count(db: sqlite_utils.Database) -> int:
    return db.execute("select count(*) from claims").fetchone()[0]


def insert_claim(db: sqlite_utils.Database, claim_id: int, *, speaker_name: str, statement: str,
                 canonical_unit_id: int, outlets: int,
                 members: Iterable[tuple[int, int, int, int, str, float, str, int]]) -> None:
    """A claim row and its members, each as ``(quote_id, article_id, start, end, text,
    probability, method, unit_id)``."""
    members = list(members)
    db.execute("insert into claims (id, speaker_name, statement, canonical_unit_id, outlets, members) "
               "values (?, ?, ?, ?, ?, ?)",
               [claim_id, speaker_name, statement, canonical_unit_id, outlets, len(members)])
    db.conn.executemany(
        'insert into claim_members (claim_id, quote_id, article_id, start, "end", text, probability, method, unit_id) '
        "values (?, ?, ?, ?, ?, ?, ?, ?, ?)", [(claim_id, *member) for member in members])
