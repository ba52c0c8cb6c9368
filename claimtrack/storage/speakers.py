"""Speaker and alias rows: the reads and writes that one identity across articles is made of.

A speaker row holds a name, a type, an ``identity_key`` (``claimtrack.names.identity_key``) and
its last word; every name it goes by is a row of ``speaker_aliases`` (``manual`` when set by
``claimtrack speakers merge/split``). Which name joins which speaker is decided above this layer,
in ``claimtrack.speakers.identity``; nothing here compares names.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from claimtrack.storage.schema import key_last_word

if TYPE_CHECKING:
    import sqlite_utils


def _keys_opened_by(key_word: str) -> list[str]:
    """Bounds of the identity keys that start with this word: `fahri ` up to `fahri!`, a range
    the index answers (`like 'fahri %'` reads every speaker)."""
    return [f"{key_word} ", f"{key_word}!"]


def _placeholders(values: Iterable) -> str:
    return ", ".join("?" * len(list(values)))


def speaker_of_alias(db: sqlite_utils.Database, alias: str) -> int | None:
    """The speaker an alias names (case-insensitive), else ``None``."""
    row = db.execute("select speaker_id from speaker_aliases where alias = ? collate nocase", [alias]).fetchone()
    return row[0] if row else None


def add_alias(db: sqlite_utils.Database, alias: str, speaker: int) -> None:
    """Record an automatic alias, unless the alias is recorded already."""
    db.execute("insert or ignore into speaker_aliases (alias, speaker_id, manual) values (?, ?, 0)", [alias, speaker])


def speaker_with_key(db: sqlite_utils.Database, key: str) -> int | None:
    """The first speaker with this identity key."""
    row = db.execute("select id from speakers where identity_key = ? order by id limit 1", [key]).fetchone()
    return row[0] if row else None


def insert_speaker(db: sqlite_utils.Database, name: str, kind: str, key: str | None) -> int:
    return db.execute("insert into speakers (name, type, identity_key, key_last_word) values (?, ?, ?, ?)",
                      [name, kind, key, key_last_word(key)]).lastrowid


def speaker_exists(db: sqlite_utils.Database, speaker: int) -> bool:
    return bool(db["speakers"].count_where("id = ?", [speaker]))


def is_manual(db: sqlite_utils.Database, speaker: int) -> bool:
    """Whether someone merged or split this speaker by hand."""
    return db.execute("select 1 from speaker_aliases where speaker_id = ? and manual = 1", [speaker]).fetchone() \
        is not None


def person_key_opened_by(db: sqlite_utils.Database, key_word: str) -> bool:
    """Whether a person's identity key starts with this word followed by more words."""
    return db.execute("select 1 from speakers where type = 'person' and identity_key >= ? and identity_key < ? "
                      "limit 1", _keys_opened_by(key_word)).fetchone() is not None


def persons_ending_with(db: sqlite_utils.Database, last_word: str, *, limit: int) -> list[int]:
    """People whose identity key has more than one word and ends with this one (at most ``limit``)."""
    return [row[0] for row in db.execute("select id from speakers where type = 'person' and key_last_word = ? "
                                         "limit ?", [last_word, limit])]


def person_keys_ending_with(db: sqlite_utils.Database, last_word: str) -> list[tuple[int, str]]:
    """(id, identity key) of the people whose key has more than one word and ends with this one."""
    return [(row[0], row[1]) for row in db.execute(
        "select id, identity_key from speakers where type = 'person' and key_last_word = ? order by id", [last_word])]


def unmerged_person_with_key(db: sqlite_utils.Database, key: str) -> int | None:
    """A person with exactly this identity key that nobody merged or split by hand."""
    row = db.execute("select id from speakers where type = 'person' and identity_key = ? and not exists "
                     "(select 1 from speaker_aliases where speaker_id = speakers.id and manual = 1)", [key]).fetchone()
    return row[0] if row else None


def set_identity_key(db: sqlite_utils.Database, speaker: int, key: str) -> None:
    db["speakers"].update(speaker, {"identity_key": key, "key_last_word": key_last_word(key)})


def persons_opened_by(db: sqlite_utils.Database, key: str) -> list[dict]:
    """People whose identity key is this word followed by more words, with their quote counts
    (``id``, ``name``, ``key_last_word``, ``quotes``)."""
    return list(db.query(
        "select speakers.id, speakers.name, speakers.key_last_word, "
        "(select count(*) from quotes where quotes.speaker_id = speakers.id) as quotes "
        "from speakers where type = 'person' and identity_key >= ? and identity_key < ?", _keys_opened_by(key)))


def name_and_type(db: sqlite_utils.Database, speaker: int) -> tuple[str, str]:
    return tuple(db.execute("select name, type from speakers where id = ?", [speaker]).fetchone())


def name_uses(db: sqlite_utils.Database, speaker: int) -> list[tuple[str, str | None, int]]:
    """How many of a speaker's quotes give each name and type: ``(speaker_name, speaker_type, count)``."""
    return db.execute("select speaker_name, speaker_type, count(*) from quotes where speaker_id = ? "
                      "group by speaker_name, speaker_type", [speaker]).fetchall()


def rename(db: sqlite_utils.Database, speaker: int, name: str) -> None:
    db.execute("update speakers set name = ? where id = ?", [name, speaker])


def retype(db: sqlite_utils.Database, speaker: int, kind: str) -> None:
    db.execute("update speakers set type = ? where id = ?", [kind, speaker])


def persons_with_surname_among(db: sqlite_utils.Database, speakers: set[int]) -> list[tuple[int, str, str]]:
    """``(id, name, key_last_word)`` of the people among ``speakers`` whose key has several words."""
    return db.execute("select id, name, key_last_word from speakers where type = 'person' and key_last_word is not "
                      f"null and id in ({_placeholders(speakers)})", list(speakers)).fetchall()


def joined_by_alias(db: sqlite_utils.Database, alias: str, *, other_than: int, last_word_not: str,
                    key_opened_by: str) -> list[int]:
    """Speakers other than ``other_than`` that an automatic alias joined ``alias`` to, whose key
    starts with ``key_opened_by`` and a further word, and ends with another word than
    ``last_word_not``."""
    return [row[0] for row in db.execute(
        "select distinct speakers.id from speaker_aliases join speakers "
        "on speakers.id = speaker_aliases.speaker_id where speaker_aliases.alias = ? collate nocase "
        "and speaker_aliases.manual = 0 and speakers.id != ? and speakers.key_last_word != ? "
        "and speakers.identity_key >= ? and speakers.identity_key < ?",
        [alias, other_than, last_word_not, *_keys_opened_by(key_opened_by)]).fetchall()]


def speaker_named(db: sqlite_utils.Database, name: str) -> bool:
    """Whether a speaker goes by exactly this name (case-insensitive)."""
    return db.execute("select 1 from speakers where name = ? collate nocase", [name]).fetchone() is not None


def move_alias(db: sqlite_utils.Database, alias: str, *, from_speaker: int, to_speaker: int) -> None:
    db.execute("update speaker_aliases set speaker_id = ? where speaker_id = ? and alias = ? collate nocase",
               [to_speaker, from_speaker, alias])


def quotes_named(db: sqlite_utils.Database, speaker: int, name: str) -> list[int]:
    """The quotes of a speaker attributed by this name."""
    return [row[0] for row in db.execute("select id from quotes where speaker_id = ? and speaker_name = ? "
                                         "collate nocase", [speaker, name])]


def move_quotes_named(db: sqlite_utils.Database, name: str, *, from_speaker: int, to_speaker: int) -> None:
    db.execute("update quotes set speaker_id = ? where speaker_id = ? and speaker_name = ? collate nocase",
               [to_speaker, from_speaker, name])


def one_word_persons_among(db: sqlite_utils.Database, speakers: set[int]) -> dict[int, tuple[str, str]]:
    """``{id: (name, identity_key)}`` of the people among ``speakers`` whose key is one word."""
    return {speaker: (name, key) for speaker, name, key in db.execute(
        "select id, name, identity_key from speakers where type = 'person' and instr(identity_key, ' ') = 0 "
        f"and id in ({_placeholders(speakers)})", list(speakers))}


def first_key_words_among(db: sqlite_utils.Database, speakers: set[int]) -> list[str]:
    """The first words of the identity keys of the people among ``speakers`` whose key has several."""
    return [word for (word,) in db.execute(
        "select distinct substr(identity_key, 1, instr(identity_key, ' ') - 1) from speakers "
        f"where type = 'person' and id in ({_placeholders(speakers)})", list(speakers)) if word]


def persons_with_key(db: sqlite_utils.Database, key: str) -> dict[int, tuple[str, str]]:
    """``{id: (name, identity_key)}`` of the people with exactly this identity key."""
    return {speaker: (name, found) for speaker, name, found in db.execute(
        "select id, name, identity_key from speakers where type = 'person' and identity_key = ?", [key])}


def quotes_of(db: sqlite_utils.Database, speaker: int) -> list[int]:
    return [row[0] for row in db.execute("select id from quotes where speaker_id = ?", [speaker])]


def quotes_of_outside(db: sqlite_utils.Database, speaker: int, article_id: int) -> list[int]:
    """A speaker's quotes in articles other than this one."""
    return [row[0] for row in db.execute("select id from quotes where speaker_id = ? and article_id != ?",
                                         [speaker, article_id])]


def move_speaker(db: sqlite_utils.Database, from_speaker: int, to_speaker: int, *, manual: bool = False) -> None:
    """Every alias and quote of one speaker to another, and the first speaker's row deleted;
    ``manual`` records the aliases as set by hand."""
    if manual:
        db.execute("update speaker_aliases set speaker_id = ?, manual = 1 where speaker_id = ?",
                   [to_speaker, from_speaker])
    else:
        db.execute("update speaker_aliases set speaker_id = ? where speaker_id = ?", [to_speaker, from_speaker])
    db.execute("update quotes set speaker_id = ? where speaker_id = ?", [to_speaker, from_speaker])
    db["speakers"].delete(from_speaker)


def split_off(db: sqlite_utils.Database, alias: str, speaker: int) -> int:
    """A new speaker for ``alias``, typed as ``speaker``, with the alias (set by hand) and the
    quotes attributed by that name moved to it; returns the new speaker's id."""
    new = db["speakers"].insert({"name": alias, "type": db["speakers"].get(speaker)["type"],
                                 "identity_key": None}, alter=False).last_pk
    db.execute("update speaker_aliases set speaker_id = ?, manual = 1 where alias = ? collate nocase", [new, alias])
    move_quotes_named(db, alias, from_speaker=speaker, to_speaker=new)
    return new
