"""Names: one home for the rules that say whether two names can be one person.

Every stage that compares names asks here, so that a spelling rule or a title is stated once:

- :func:`identity_key`: the key equal for spelling variants of one name (`Bagheri` / `Baqeri`,
  `Shoigu` / `Shoygu`), with the Latin transliterations of ``[names]`` in ``data/id.toml``;
  ``speakers.identity_key`` stores it and :func:`key_last_word` its last word;
- :func:`key_words` and :func:`name_words`: the words one name is made of (inside one article,
  `Shoigu` is contained in `Sergei Shoigu`; across articles, `Sergei Shoigu` is a fuller form
  of `Shoigu`);
- :func:`full_name_of_nickname`: `Jokowi` → `Joko Widodo` (``[matching.nicknames]``);
- :func:`spelling_variants`: `Mahfud MD` / `Mahmud MD`, `Darije` / `Darijo Kalezic`;
- :func:`speaker_keys` and :func:`same_person`: the person and the body or place words of a
  speaker name, and whether two people's keys agree, allowing a misspelt word
  (`Partikno` / `Pratikno`); what claim matching weighs as speaker evidence;
- :func:`without_leading_titles`, :func:`title_length`, :func:`comparable_name`: a name without
  the titles, ranks, offices and degrees written around it, as the scorer compares names.

Nothing here reads a database or a spaCy document: names in, answers out.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import cache, lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from claimtrack.lexicon import Lexicon

# Two spellings of one name word: `Partikno` / `Pratikno`, `Widjarnako` / `Widjanarko`.
NAME_SPELLING_RATIO = 80.0
_WORD = re.compile(r"[\w-]+")


def _lexicon() -> Lexicon:
    """The language data, imported when a rule first needs it: `said` resolves most names without it."""
    from claimtrack import lexicon

    return lexicon.load()


@cache
def _transliterations() -> tuple[tuple[str, str], ...]:
    return _lexicon().transliterations


def identity_key(name: str) -> str:
    """A key equal for spelling variants of one name. Hyphens, case and doubled letters do not count.

    >>> identity_key("Mohammad Bagheri") == identity_key("Mohammad Baqeri")
    True
    >>> identity_key("Mohammad-Reza Ashtiani")
    'mohamad reza astiani'
    """
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = []
    for word in re.split(r"[\s\-]+", plain):
        word = re.sub(r"[^a-z]", "", word)
        for old, new in _transliterations():
            word = word.replace(old, new)
        word = re.sub(r"(.)\1+", r"\1", word)
        if word:
            words.append(word)
    return " ".join(words)


def key_last_word(key: str | None) -> str | None:
    """What ``speakers.key_last_word`` holds for an identity key: its last word, when it has more than one.

    >>> key_last_word("sergei shoigu"), key_last_word("shoigu")
    ('shoigu', None)
    """
    words = (key or "").split()
    return words[-1] if len(words) > 1 else None


def key_words(name: str) -> frozenset[str]:
    """The words of a name as an article writes it, lower case, split at spaces and hyphens:
    `Sergei Shoigu` contains `Shoigu` when these words of one contain the other's.

    >>> sorted(key_words("Mohammad-Reza Ashtiani"))
    ['ashtiani', 'mohammad', 'reza']
    """
    return frozenset(w.lower() for w in re.split(r"[\s\-]+", name) if w)


def name_words(name: str) -> frozenset[str]:
    """The letters-and-digits words of a name, lower case: a speaker's name is a fuller form of
    another when its words contain the other's.

    >>> sorted(name_words("Gigi Dall'Igna"))
    ['dall', 'gigi', 'igna']
    """
    return frozenset(re.findall(r"\w+", name.lower()))


def full_name_of_nickname(name: str) -> str | None:
    """The full name a known nickname or short form stands for (`Jokowi` → `Joko Widodo`), else ``None``.

    >>> full_name_of_nickname("Bamsoet"), full_name_of_nickname("Shoigu")
    ('Bambang Soesatyo', None)
    """
    return _lexicon().nicknames.get(name.lower())


@lru_cache(maxsize=1 << 16)
def speaker_keys(name: str) -> tuple[frozenset[str], frozenset[str]]:
    """Identity keys of the words of a speaker name: those that can name a person, with the full
    name of a known nickname (`Kang Emil` → {emil, ridwan, kamil}), and those that name an
    organisation or a place (`Reuters`, `KPK`, `Teheran`, `pejabat senior Iran` → {iran}). Roles,
    pronouns and sentence openers are neither (`Kasubbid`, `pernyataan`, a one-word speaker name
    that is a common word and no given name: `Jelang`).

    >>> person, source = speaker_keys("Menhan Sergei Shoigu")
    >>> sorted(person), sorted(source)
    (['sergei', 'soigu'], [])
    """
    lex = _lexicon()
    words = [w for w in _WORD.findall(name) if w.lower() not in lex.titles]
    person, source = set(), set()
    for phrase in (" ".join(words).lower(), *(w.lower() for w in words)):
        if phrase in lex.nicknames:
            person.update(identity_key(w) for w in lex.nicknames[phrase].split())
    not_person = (lex.role_words | lex.function_words | lex.pronouns | lex.source_nouns | lex.name_honorifics
                  | lex.speaker_non_names | lex.organisation_tails)
    if len(words) == 1 and words[0].lower() in lex.common_words and not lex.opens_names(words[0]):
        return frozenset(person), frozenset()  # a sentence's first word taken for a speaker: `Jelang`, `Hanya`
    for word in words:
        lowered = word.lower()
        if not word[:1].isupper() or lowered in not_person:
            continue
        if (word.isupper() and len(word) > 1) or lowered in lex.places or lowered in lex.organisation_heads:
            source.add(identity_key(word))  # `KPK`, `BI`, `Iran`: not a person
        else:
            person.add(identity_key(word))
    return frozenset(k for k in person if len(k) > 1), frozenset(k for k in source if len(k) > 1)


def same_person(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two people's keys (:func:`speaker_keys`) can be one person's: a word in common,
    or two long words one misspelling apart.

    >>> same_person(frozenset({"pratikno"}), frozenset({"partikno"}))
    True
    """
    if a & b:
        return True
    from rapidfuzz import fuzz  # here, not at the top: `said` resolves a name without it

    return any(len(x) >= 5 and len(y) >= 5 and fuzz.ratio(x, y) >= NAME_SPELLING_RATIO for x in a for y in b)


# A given name spelt two ways differs by one letter and is this long: `Mahfud` / `Mahmud`, `Darije` /
# `Darijo`, `Baharuddin` / `Bacharuddin`; shorter ones are other people's names (`Joko` / `Jojo`).
MIN_VARIANT_WORD = 5


def spelling_variants(a: str, b: str) -> bool:
    """Whether two identity keys of full names are one name spelt two ways: the same last word
    and number of words, and one other word a letter apart.

    >>> spelling_variants(identity_key("Mahfud MD"), identity_key("Mahmud MD"))
    True
    >>> spelling_variants(identity_key("Baharuddin Jusuf Habibie"), identity_key("Bacharuddin Jusuf Habibie"))
    True
    >>> spelling_variants(identity_key("Ahmad Yani"), identity_key("Ahmad Rani"))
    False
    """
    first, second = a.split(), b.split()
    if len(first) != len(second) or len(first) < 2 or first[-1] != second[-1]:
        return False
    differing = [(x, y) for x, y in zip(first[:-1], second[:-1], strict=True) if x != y]
    from rapidfuzz.distance import Levenshtein

    return len(differing) == 1 and all(len(word) >= MIN_VARIANT_WORD for word in differing[0]) \
        and Levenshtein.distance(*differing[0]) == 1


def proper_name_words(mention: str) -> list[str]:
    """The words of a mention that look like a proper name, lower case: capitalised, not a title,
    pronoun or role.

    >>> proper_name_words("Presiden Joko Widodo")
    ['joko', 'widodo']
    """
    lex = _lexicon()
    return [
        word.lower()
        for word in re.findall(r"[\w’'.-]+", mention)
        if word[:1].isupper()
        and word.lower().rstrip(".") not in lex.titles
        and word.lower() not in lex.titles
        and word.lower() not in lex.pronouns
        and word.lower() not in lex.role_words
        and word.lower() not in lex.person_roles
    ]


def without_leading_titles(name: str) -> str:
    """A name without the titles before it: ``Irjen Fadil Imran`` → ``Fadil Imran``; also a
    parenthesised rank such as ``(Pol)``, and the office words sometimes written with a name
    (``Presiden Jokowi``, ``Mensos Risma``, ``Wali Kota Risma``): a speaker's name is the
    person's, not the office's (ANNOTATION.md).

    >>> without_leading_titles("Irjen Pol Fadil Imran"), without_leading_titles("Presiden Jokowi")
    ('Fadil Imran', 'Jokowi')
    """
    words = name.split()
    from claimtrack.lexicon import is_acronym

    lex = _lexicon()
    while len(words) > 1:
        first = words[0].lower().strip(".")
        office = first in lex.role_words or first in lex.person_roles or first in lex.abbreviations
        if words[0].startswith("(") or office and words[0][:1].isupper() and proper_name_words(words[1]) \
                and not is_acronym(words[1]) and words[1].lower() not in lex.organisation_heads:
            words.pop(0)
            continue
        length = title_length([word.lower().strip(".") for word in words])
        if not length or length >= len(words):
            break
        del words[:length]
    return " ".join(words)


def title_length(words: Sequence[str]) -> int:
    """How many of the leading lower-case ``words`` form a title (``brigjen``, ``jenderal polisi``); 0 if none."""
    titles = _lexicon().titles
    for length in (3, 2, 1):
        if len(words) >= length and (
            " ".join(words[:length]) in titles or " ".join(words[:length]) + "." in titles
        ):
            return length
    return 0


# An academic degree written after a name and a comma: `Darmae Nasir, P.hd`, `Hasan, S.H., M.H.`,
# `Tjahjo Kumolo, SH, MSi` (dotted, or two capitals in a short word; not `Santoso, Budi`).
_DEGREE = re.compile(r"[A-Z][A-Za-z]{0,3}(?:\.[A-Za-z]{1,4})+\.?|(?=\w*[A-Z]\w*[A-Z])[A-Za-z]{2,4}")


# A medical specialist's degree written right after the name, with no comma: `Astried Indrasari
# SpPD`, `Frandy Susatia SpS`, `Dradjat R Suardi, SpB(K) Onk`.
_SPECIALIST = re.compile(r"Sp[A-Z][A-Za-z]{0,3}(?:\([A-Z]{1,3}\))?\.?")


def is_degree(word: str) -> bool:
    """Whether ``word`` is an academic or specialist degree written after a name.

    >>> is_degree("SpPD"), is_degree("M.Kes"), is_degree("Suardi")
    (True, True, False)
    """
    return bool(_SPECIALIST.fullmatch(word) or _DEGREE.fullmatch(word) and "." in word)


def without_degrees(name: str) -> str:
    """A name without the academic degrees written after it and a comma.

    >>> without_degrees("Tjahjo Kumolo, SH, MSi")
    'Tjahjo Kumolo'
    """
    parts = name.split(",")
    while len(parts) > 1 and _DEGREE.fullmatch(parts[-1].strip()):
        parts.pop()
    return ",".join(parts)


def comparable_name(name: str) -> str:
    """Lowercase words without punctuation, titles and degrees, as the scorer compares two names;
    a name made only of titles is kept whole.

    >>> comparable_name("Brigjen Pol. Dedi Prasetyo, S.H.")
    'dedi prasetyo'
    """
    from rapidfuzz.utils import default_process

    words = default_process(without_degrees(name)).split()
    kept: list[str] = []
    index = 0
    while index < len(words):
        length = title_length(words[index:])
        if length:
            index += length
            continue
        kept.append(words[index])
        index += 1
    return " ".join(kept or words)


def speaker_meant(name: str, candidates: list[dict]) -> dict | None:
    """Which of the speakers whose names hold ``name`` as whole words (``storage.speakers_named``)
    a user asking for ``name`` means: the only one; the full name of a known nickname (`Jokowi`);
    the one that goes by a name of two words or more exactly (`Agus Rahardjo`). ``None`` when a
    short name fits several people (`Agus`): the caller lists them.

    >>> speaker_meant("Agus", [{"name": "Agus Rahardjo", "exact": 0}, {"name": "Agus Haryadi", "exact": 0}])
    >>> speaker_meant("Jokowi", [{"name": "Joko Widodo", "exact": 1}, {"name": "Iriana Jokowi", "exact": 0}])["name"]
    'Joko Widodo'
    """
    if len(candidates) == 1:
        return candidates[0]
    full = full_name_of_nickname(name)
    if full:
        found = [row for row in candidates if row["name"].casefold() == full.casefold()]
        if len(found) == 1:
            return found[0]
    if len(name.split()) > 1:
        found = [row for row in candidates if row["name"].casefold() == name.casefold()] \
            or [row for row in candidates if row["exact"]]
        if len(found) == 1:
            return found[0]
    return None
