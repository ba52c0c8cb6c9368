"""One speaker across articles: which stored speaker a resolved name is, what it is called and
typed as, and the joins and splits that change it later.

:func:`speaker_id` finds or makes the speaker of a name an article resolved; :func:`settle`
then names and types the speakers an article touched by use, and joins a person known by given
name alone to the full name it opens (or undoes such a join). :func:`merge_speakers` and
:func:`split_speaker` are the manual fixes, kept on every later ingest. Whenever quotes change
speaker, their claims are matched again (speaker evidence is part of a pair's score), by
:func:`claimtrack.matching.incremental.match_quotes_again`. The rows are read and written
through :mod:`claimtrack.storage.speakers`; whether two names can be one person is
:mod:`claimtrack.names`'.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import sqlite_utils

from claimtrack import lexicon, names
from claimtrack.matching.incremental import match_quotes_again
from claimtrack.storage import speakers as rows

# A fuller form of a speaker's most used name is its name when articles use it at least this
# share as often (`Sergei Shoigu` beside `Shoigu`), not when one article glued a word to it
# (`Tudingan Bebby` beside 97 `Bebby`) or named a relative (`Iriana Jokowi`).
FULLER_NAME_SHARE = 0.25
# A one-word given name joins a full name starting with it only when the full name is this well
# established (quotes stored under it): `Anies` → `Anies Baswedan` (526), not `Taufiq` → `Taufiq M
# Martin` (2) or `Gigi` → `Gigi Dall'Igna` (3), where the one-word name is mostly someone else.
GIVEN_NAME_MIN_QUOTES = 10


class SpeakerNotFound(LookupError):
    """No speaker goes by the name given; the message says how to list the names."""


def speaker_id(db: sqlite_utils.Database, name: str, kind: str = "unknown") -> int | None:
    """The one row for a real person or body.

    In order: an alias already recorded (manual merges and splits included); a known nickname, the
    person of its full name (`Jokowi` → `Joko Widodo`, id.toml ``matching.nicknames``); the same
    spelling-variant key (`Bagheri` / `Baqeri`); for a person named by surname alone, the one
    person whose full name ends with it (`Shoigu` → `Sergei Shoigu`); for a full name, a person
    so far known by its surname alone. Neither when a known full name starts with that word:
    `Fahri` is not `Chairul Fahry` once `Fahri Hamzah` is known. Then the one person whose full
    name is this one spelt otherwise (`Mahmud MD` / `Mahfud MD`, `Darijo` / `Darije Kalezic`).
    Otherwise a new speaker. What a
    speaker is called is decided by use, as its quotes are stored (`name_by_use`), and a person
    known by given name alone may then join a full name (`settle`).
    """
    if not name:
        return None
    found = rows.speaker_of_alias(db, name)
    if found is not None:
        return found
    full_name = names.full_name_of_nickname(name)
    if full_name and full_name.lower() != name.lower():
        # Not a one-word person of its own: `Iriana Jokowi` would take it over as a full name.
        found = speaker_id(db, full_name, "person")
        rows.add_alias(db, name, found)
        return found
    key = names.identity_key(name)
    found = rows.speaker_with_key(db, key)
    if found is None:
        found = _same_person_by_surname(db, key, kind)
    if found is None:
        found = _same_person_spelt_otherwise(db, key, kind)
    if found is None:
        found = rows.insert_speaker(db, name, kind, key)
    rows.add_alias(db, name, found)
    return found


def _same_person_by_surname(db: sqlite_utils.Database, key: str, kind: str) -> int | None:
    if kind != "person" or not key:
        return None
    words = key.split()
    if len(words) == 1:
        # `Shoigu`: only when exactly one known person's full name ends with it, and none starts
        # with it: `Fahri` is Fahri Hamzah's given name, not Chairul Fahry's surname.
        if rows.person_key_opened_by(db, words[0]):
            return None
        found = rows.persons_ending_with(db, words[0], limit=2)
        return found[0] if len(found) == 1 else None
    # `Sergei Shoigu` after articles that only said `Shoigu`: the same speaker, now found by the
    # full name's key too, unless someone fixed it by hand. Which name it goes by is up to use
    # (`name_by_use`, as its quotes are stored).
    short = rows.unmerged_person_with_key(db, words[-1])
    if short is None or rows.person_key_opened_by(db, words[-1]):
        return None  # `Chairul Fahry` does not take over `Fahri` once `Fahri Hamzah` is known
    rows.set_identity_key(db, short, key)
    return short


def _same_person_spelt_otherwise(db: sqlite_utils.Database, key: str, kind: str) -> int | None:
    """The one person whose full name is this one spelt otherwise (`Mahmud MD` for `Mahfud MD`,
    ``names.spelling_variants``); none when two are."""
    last = names.key_last_word(key)
    if kind != "person" or last is None:
        return None
    found = [speaker for speaker, other in rows.person_keys_ending_with(db, last)
             if names.spelling_variants(key, other)]
    return found[0] if len(found) == 1 else None


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
    words = names.name_words
    top = max(uses, key=lambda name: (uses[name], len(name)))
    top_words = words(top)
    fit = {name: count for name, count in uses.items()
           if name == top or (count >= FULLER_NAME_SHARE * uses[top] and words(name) >= top_words)}
    best = max(fit, key=lambda name: (len(words(name)), fit[name], len(name)))
    return current if current in fit and len(words(current)) >= len(words(best)) else best


@dataclass(frozen=True)
class Settled:
    """What :func:`settle` changed: ``renamed`` speakers (pairs were scored with their old
    names), and ``moved`` quotes that a given-name join or its undoing gave another speaker."""

    renamed: frozenset[int]
    moved: tuple[int, ...]


def settle(db: sqlite_utils.Database, speakers: set[int]) -> Settled:
    """After an article's quotes were stored under ``speakers``: join given names to full names
    (or undo such joins), then name and type each speaker still there by use."""
    gained, moved = _join_given_names(db, speakers) if speakers else (set(), [])
    touched = {speaker for speaker in speakers if rows.speaker_exists(db, speaker)} | gained
    return Settled(frozenset(_name_speakers_by_use(db, touched)), tuple(moved))


def _name_speakers_by_use(db: sqlite_utils.Database, speakers: Iterable[int]) -> set[int]:
    """Name each speaker by use (`name_by_use`; a nickname's quotes count for its full name), and
    type it by use too (`Wiranto` is a person, though the first article to quote him read
    `Polhukam Wiranto` as a body), unless someone merged or split it by hand; the ids of those
    renamed (a new type changes no claim: pairs are scored on names)."""
    renamed = set()
    for speaker in speakers:
        if rows.is_manual(db, speaker):
            continue
        current, current_type = rows.name_and_type(db, speaker)
        uses: Counter[str] = Counter()
        types: Counter[str] = Counter()
        for named, kind, count in rows.name_uses(db, speaker):
            uses[names.full_name_of_nickname(named) or named] += count  # `Jokowi` is a use of `Joko Widodo`
            types[kind or "unknown"] += count
        name = name_by_use(current, uses)
        if name != current:
            rows.rename(db, speaker, name)
            renamed.add(speaker)
        kind = max(types, key=lambda k: (types[k], k == current_type), default=current_type)
        if kind != current_type:
            rows.retype(db, speaker, kind)
    return renamed


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
    opened = rows.persons_opened_by(db, key)
    if not opened or len({row["key_last_word"] for row in opened}) > 1:
        return None
    best = max(opened, key=lambda row: (row["quotes"], -row["id"]))
    if best["quotes"] < GIVEN_NAME_MIN_QUOTES or best["name"].split()[0].casefold() != name.casefold():
        return None
    return best["id"]


def _undo_given_name_joins(db: sqlite_utils.Database, speakers: set[int]) -> tuple[set[int], list[int]]:
    """Give a joined given name (`Joko`, joined to `Joko Widodo`) its own speaker again when one of
    these speakers is another full name with that first word and another surname (`Joko
    Driyono`). Returns the speakers whose quotes changed and the quotes that moved."""
    gained, moved = set(), []
    for speaker, name, last_word in rows.persons_with_surname_among(db, speakers):
        first = name.split()[0]
        first_key = names.identity_key(first)
        for joined in rows.joined_by_alias(db, first, other_than=speaker, last_word_not=last_word,
                                           key_opened_by=first_key):
            if rows.speaker_named(db, first):
                continue  # the joined speaker goes by the given name itself: left joined
            apart = rows.insert_speaker(db, first, "person", first_key)
            rows.move_alias(db, first, from_speaker=joined, to_speaker=apart)
            moved += rows.quotes_named(db, joined, first)
            rows.move_quotes_named(db, first, from_speaker=joined, to_speaker=apart)
            gained |= {apart, joined}
    return gained, moved


def _join_given_names(db: sqlite_utils.Database, speakers: set[int]) -> tuple[set[int], list[int]]:
    """Join each person known by one word (`Anies`) to the full name it is
    (`_full_name_of_given_name`), among these speakers and the one-word speakers of their full
    names' first words (`Anies Baswedan` may just have become well established), after undoing the
    joins these speakers contradict (`_undo_given_name_joins`). The one-word speaker's quotes and
    names move to the full name's speaker, as ``merge_speakers`` does, except that a merge or split
    made by hand is never undone. Returns the speakers whose quotes changed and the quotes that
    moved (their claims are matched again)."""
    gained, moved = _undo_given_name_joins(db, speakers)
    speakers = speakers | gained
    one_word = rows.one_word_persons_among(db, speakers)
    for first_word in rows.first_key_words_among(db, speakers):
        one_word.update(rows.persons_with_key(db, first_word))
    for speaker, (name, key) in one_word.items():
        if rows.is_manual(db, speaker):
            continue
        target = _full_name_of_given_name(db, name, key)
        if target is None:
            continue
        moved += rows.quotes_of(db, speaker)
        rows.move_speaker(db, speaker, target)
        gained.discard(speaker)
        gained.add(target)
    return gained, moved


def _named(db: sqlite_utils.Database, name: str) -> int:
    speaker = rows.speaker_of_alias(db, name)
    if speaker is None:
        raise SpeakerNotFound(f"No speaker goes by {name!r}; see the names with: claimtrack speakers --name PART")
    return speaker


def merge_speakers(db: sqlite_utils.Database, name: str, into: str) -> int:
    """Make ``name`` (and all its aliases) the same speaker as ``into``; kept on re-ingest. The
    claims of the quotes that change speaker are matched again."""
    source, target = _named(db, name), _named(db, into)
    if source == target:
        return target
    with db.atomic():
        moved = rows.quotes_of(db, source)
        rows.move_speaker(db, source, target, manual=True)
        match_quotes_again(db, moved)
    return target


def split_speaker(db: sqlite_utils.Database, alias: str) -> int:
    """Give ``alias`` a speaker of its own, with the quotes attributed by that name; kept on re-ingest.
    The claims of the quotes that change speaker are matched again."""
    current = _named(db, alias)
    with db.atomic():
        moved = rows.quotes_named(db, current, alias)
        new = rows.split_off(db, alias, current)
        match_quotes_again(db, moved)
    return new
