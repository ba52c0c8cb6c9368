"""Resolving speakers inside one article: from the mention next to a cue to the fullest name the
article gives.

- pronouns and -nya cues (`dia`, `ia`, `beliau`, `ujarnya`) and bare quotes take the previous
  speaker; every paragraph of a multi-paragraph quote takes the speaker its chain names;
- role mentions (`Menteri Pertahanan Rusia`, `Menhan Rusia`, `Kepala pertahanan Iran`) take the
  person the article names in that role (`Menteri Pertahanan Rusia Sergei Shoigu`); a role the
  article never binds to a name takes the latest person speaker (journalists' elegant variation:
  `Putin menyatakan … Presiden Rusia menyoroti …`);
- short names take the longest name in the article that contains them (`Shoigu` → `Sergei Shoigu`),
  also when the article once misspells the surname (`Subarraman` → `Rob Subbaraman`);
- organisations, places and unnamed sources keep their own words (`pernyataan Kremlin` → `Kremlin`,
  `dua pejabat senior Iran`).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process

from claimtrack.lexicon import Lexicon, is_acronym
from claimtrack.names import full_name_of_nickname, is_degree, key_words
from claimtrack.records import Quote

MIN_MISSPELT_LENGTH = 7  # shorter names differ by a letter and are other people: `Hidayat` / `Hidayah`
MAX_BODY_WORDS = 2  # a body or brand glued before a name: `Kimia Farma Verdi Budidarmo`
MISSPELT_RATIO = 88.0  # `Subarraman` / `Subbaraman`: 90

_CAPITALISED_RUN = re.compile(
    r"(?:[A-Z][\w’'\-]*\.?|\([A-Z][\w\-]*\))(?:[ \t]+(?:[A-Z][\w’'\-]*\.?|\([A-Z][\w\-]*\)))*"
)
# Word forms no personal name takes: a `-nya` ending, a Latinate `-isasi` / `-asi` noun.
_DERIVED_NOUN = re.compile(r"^[a-z]{3,}nya$|^[a-z]{4,}(?:isasi|asi)$")
_NAME_RUN = r"[A-Z][\w-]*(?:\.[a-z]{2,4}\b)?(?:[ \t]+[A-Z][\w-]*(?:\.[a-z]{2,4}\b)?)*"  # `Timur Tengah`, `Kaskus.com`
_SHORT_NAME = re.compile(r"([A-Z][\w\-]*)[ \t]+\(([A-Z][\w\-]+)\)")


@dataclass(frozen=True)
class _Patterns:
    """Patterns made of the language's words ([grammar] of id.toml), compiled once per lexicon."""

    nickname: re.Pattern[str]
    nickname_first: re.Pattern[str]
    place_after: re.Pattern[str]
    nickname_after: re.Pattern[str]
    group: re.Pattern[str]


@lru_cache(maxsize=4)
def _patterns(lex: Lexicon) -> _Patterns:
    grammar = lex.grammar
    relative = rf"(?:{re.escape(grammar.relative)}[ \t]+)?"
    adverbs = "|".join(map(re.escape, grammar.nickname_adverbs))
    return _Patterns(
        # A nickname the article gives a person: `Eneng yang akrab disapa Mili`, `Tjokorda … biasa disapa Cok Ace`.
        nickname=re.compile(rf"\b([A-Z][\w’']+)[ \t]*,?[ \t]+{relative}(?:(?:{adverbs})[ \t]+)?"
                            rf"{re.escape(grammar.nickname_verb)}[ \t]+([A-Z][\w’']+)"),
        # The nickname first: `kata Emil, sapaan akrab Ridwan Kamil`, `Rudy, sapaan akrab Wali Kota Surakarta`.
        nickname_first=re.compile(rf"\b([A-Z][\w’']+)[ \t]*,?[ \t]+{relative}{re.escape(grammar.nickname_noun)}[ \t]+"
                                  rf"(?:{re.escape(grammar.nickname_noun_adverb)}[ \t]+)?"
                                  r"([A-Z][\w’'\-]*(?:[ \t]+[A-Z][\w’'\-]*)*)"),
        # A one-word place closing a capitalised run after a locative or an acronym: `di Balikpapan`,
        # `ke RSUD Arjawinangun`, `Kabupaten Cirebon` (but not `di Jakarta Utara Rudi`, whose run goes on).
        place_after=re.compile(rf"(?:\b(?i:{'|'.join(map(re.escape, grammar.locatives))})|\b[A-Z]{{2,}})"
                               r"[ \t]+([A-Z][a-z]{2,})\b(?![ \t]+[A-Z(])"),
        # Right after a mention, the nickname it goes by: `Gubernur yang akrab disapa Emil itu`.
        nickname_after=re.compile(rf"[ \t]*,?[ \t]*{relative}(?:(?:{adverbs})[ \t]+)?"
                                  rf"{re.escape(grammar.nickname_verb)}[ \t]+([A-Z][\w’']+)"),
        # A group of people, perhaps with where they are from: `sejumlah ulama di Timur Tengah`.
        group=re.compile(rf"\b(?i:{'|'.join(map(re.escape, sorted(lex.plural_quantifiers)))})[ \t]+([a-z]+)"
                         rf"(?:[ \t]+{_NAME_RUN})?"
                         rf"(?:[ \t]+(?:{'|'.join(map(re.escape, sorted(grammar.whereabouts)))})[ \t]+{_NAME_RUN})?"),
    )


@dataclass(frozen=True)
class ParsedMention:
    kind: str  # person | organisation | place | unnamed | pronoun | role
    name: str | None  # the proper name, titles dropped
    role: str | None  # the role words before the name, normalised
    titled: bool = False  # the name follows a title or rank (`Brigadir Jenderal Mohammad Reza Ashtiani`)


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"\s+", text.strip()) if w]


def _short_name_at_end(words: list[str]) -> int:
    """Where the short name in parentheses that ends a mention starts (`Presiden Joko Widodo
    (Jokowi)`, `Badan … Geofisika (BMKG)`), or ``len(words)`` when it ends without one."""
    if words and words[-1].endswith(")"):
        for i in range(len(words) - 1, 0, -1):
            if words[i].startswith("("):
                return i
    return len(words)


def normalise_role(role: str, lex: Lexicon) -> str:
    """Lower case, parentheses dropped, abbreviations expanded: `Menhan Rusia` → `menteri pertahanan rusia`."""
    lowered = re.sub(r"\([^)]*\)", " ", role.lower())
    words = [lex.abbreviations.get(w, w) for w in _words(lowered) if w not in lex.titles]
    joined = " ".join(words)
    for short, long in lex.abbreviations.items():
        if " " in short:
            joined = re.sub(rf"\b{re.escape(short)}\b", long, joined)
    return " ".join(joined.split())


def _is_name_word(word: str, lex: Lexicon) -> bool:
    return lex.is_name_word(word)


@lru_cache(maxsize=1 << 16)  # the same runs (`Presiden Joko Widodo`) recur across an article and a corpus
def parse_mention(text: str, lex: Lexicon) -> ParsedMention:
    """What a speaker mention is: a person (with the role before the name), a role, a body, a
    place, a pronoun, or unnamed. The steps: a short name in parentheses at its end; the words
    that name no one (pronouns, quantifiers, relatives, `pernyataan`); a name written before its
    role, or a body's name at the end; else the name that ends it and the office before that."""
    words = _words(text)
    while len(words) > 2 and is_degree(words[-1]):
        words = words[:-1]  # `dr Astried Indrasari SpPD`: the name ends before the degree
    found = _with_short_name(words, lex)
    if found is not None:
        return found
    words, found = _words_that_may_name(words, lex)
    if found is not None:
        return found
    lowered = [w.lower() for w in words]
    found = _name_first_or_body(words, lowered, lex)
    if found is not None:
        return found
    start, name = _name_at_end(words, lowered, lex)
    rest, has_role, role = _office_before(words, start, lex)
    if name:
        return _named(words, start, name, rest, has_role, role, lex)
    if all(w in lex.places or w == lex.grammar.and_word for w in lowered):
        return ParsedMention("place", " ".join(words), None)
    if any(is_acronym(word) for word in words) and all(
            is_acronym(word) or low in lex.places or low in lex.place_words
            for word, low in zip(words, lowered, strict=True)):
        return ParsedMention("organisation", " ".join(words), None)  # `BBPOM Surabaya`: a body's office
    if any(w in lex.organisation_heads for w in lowered) or any(
        " ".join(lowered[i : i + 2]) in lex.organisation_heads for i in range(len(lowered) - 1)
    ):
        return ParsedMention("organisation", " ".join(words), None)
    if role:
        return ParsedMention("role", None, role)
    return ParsedMention("unnamed", None, None)


def _with_short_name(words: list[str], lex: Lexicon) -> ParsedMention | None:
    """A mention ending in a short name in parentheses, when that decides it. The short name stands
    for the words before it: a person's (`Presiden Joko Widodo (Jokowi)`, `Jusuf Kalla (JK)`) or a
    body's (`Kementerian Perhubungan (Kemenhub)`), or an age (`Nanto (25)`); or it is the name of
    the office's holder (`Kepala Bappenas (Bambang Brodjonegoro)`). Otherwise (``None``) the
    mention is read with it, so that `Komisi Pemberantasan Korupsi (KPK)` is a body, not a person
    called `Korupsi`."""
    short = _short_name_at_end(words)
    if short == len(words):
        return None
    group = " ".join(words[short:]).strip("() \xa0")
    before = parse_mention(" ".join(words[:short]), lex)
    if before.kind == "person" and before.name and (group.isdigit() or lex.opens_names(before.name.split()[0])):
        return before
    inside = parse_mention(group, lex)
    if inside.kind == "person" and inside.name and lex.opens_names(inside.name.split()[0]):
        return ParsedMention("person", inside.name, before.role)
    if before.kind in ("organisation", "place") and not is_acronym(group) and not group.isdigit():
        return before
    return None


def _words_that_may_name(words: list[str], lex: Lexicon) -> tuple[list[str], ParsedMention | None]:
    """The words left after the source nouns that open a mention (`pernyataan Kremlin`), or what
    the mention is when its words can name no one: a pronoun, a quantifier (`dua pejabat`), a
    relative (`istri Amar Zoni` is not Amar Zoni), a place by its head (`Jalan Kusuma Bangsa`), a
    description ending in a demonstrative (`pria yang kerap disapa Ota itu`), a body's kind alone."""
    lowered = [w.lower() for w in words]
    if not words:
        return words, ParsedMention("unnamed", None, None)
    if len(words) == 1 and (lowered[0] in lex.pronouns or lowered[0] == "-nya"):
        return words, ParsedMention("pronoun", None, None)
    had_source = bool(words) and lowered[0] in lex.source_nouns
    while words and lowered[0] in lex.source_nouns:
        words, lowered = words[1:], lowered[1:]
    if words and lowered[0] in lex.quantifiers:
        titled = next((k for k in range(1, len(words) - 1) if lowered[k].rstrip(".") in lex.titles
                       and all(lex.is_name_word(word) for word in words[k + 1 :])), None)
        if titled is not None:  # `Seorang ahli medis dr. Devika Y`: the titled name that ends it
            return _words_that_may_name(words[titled:], lex)
    if not words or lowered[0] in lex.quantifiers:
        # `keterangan sejumlah warga`: the people whose account it is
        return words, ParsedMention("unnamed", " ".join(words) if had_source and words else None, None)
    if len(words) > 1 and lowered[0] == lex.grammar.side and all(is_acronym(word) for word in words[1:]):
        return words, ParsedMention("organisation", " ".join(words[1:]), None)  # `Pihak KPK`: the body
    if len(words) > 1 and lowered[0] in lex.kinship_words and lowered[-1] not in lex.demonstratives:
        return words, ParsedMention("unnamed", None, None)
    if len(words) > 1 and lowered[0].rstrip(".") in lex.place_heads:
        return words, ParsedMention("place", " ".join(words), None)
    if lowered[0] in lex.documents:
        if not any(lex.is_name_word(word) for word in words[1:]):
            return words, ParsedMention("unnamed", None, None)  # `pesan dan tulisan tersebut`: the text itself
        words, lowered = words[1:], lowered[1:]  # `pesan Jokowi`: whose message it is
    if len(words) > 1 and lowered[-1] in lex.demonstratives:
        return words, ParsedMention("pronoun", None, None)
    if len(words) == 1 and lowered[0] in lex.organisation_tails:
        return words, ParsedMention("unnamed", None, None)  # `Grup`
    return words, None


def _name_first_or_body(words: list[str], lowered: list[str], lex: Lexicon) -> ParsedMention | None:
    """A name written before its role (`Herry Budiman CEO Gorry Holdings`; but `Hercules CEO Torch
    Ben Wirawan Sudarmadji`, after a glued subheading, names the CEO), or a mention ending in a
    body's name: the body's (`pihak YG Entertainment`), or its office's (`pelatih Bhayangkara FC`)."""
    leading = _leading_name(words, lex)
    trailing = words[_name_start(words, len(words), lex):]
    body = _body_at_end(words, lex)
    if leading and (len(trailing) < 2 or any(lex.is_office_word(word) for word in trailing) or body):
        return ParsedMention("person", " ".join(leading), None)
    if body:
        office = " ".join(lowered[: len(words) - body])
        if office != lex.grammar.side and lex.has_person_role(office):
            return ParsedMention("role", None, normalise_role(" ".join(words), lex))
        return ParsedMention("organisation", " ".join(words[len(words) - body :]), None)
    return None


def _name_at_end(words: list[str], lowered: list[str], lex: Lexicon) -> tuple[int, str | None]:
    """Where the name that ends a mention starts, and the name (``None`` when there is none)."""
    end = len(words)
    start = _name_start(words, end, lex)
    if start == end and end >= 2 and lowered[-1] in lex.name_final_places and _is_name_word(words[-2], lex) \
            and not lex.is_office_word(words[-2]):
        start = _name_start(words, end - 1, lex)  # `Alfatih Timur`, unlike `Jawa Timur`
    start = _after_acronyms(words, start, end, lex)
    # A body's kind ends the office before the name: `Pelatih Bhayangkara FC Angel Alfredo Vera`.
    start = max((i + 1 for i in range(start, end - 1) if lowered[i].rstrip(".") in lex.organisation_tails),
                default=start)
    name = " ".join(words[start:end]) or None
    if name and start > 0 and all(is_acronym(word) for word in words[start:end]):
        name, start = None, end  # `Kadispen TNI AL` is an office, not a person called `AL`
    return start, name


def _office_before(words: list[str], start: int, lex: Lexicon) -> tuple[list[str], bool, str | None]:
    """The words before the name (titles at their end left out), whether they give a person's
    role, and that role normalised."""
    rest = words[:start]
    while rest and rest[-1].lower() in lex.titles:
        rest = rest[:-1]
    has_role = lex.has_person_role(" ".join(rest).lower()) or any(
        w.lower().strip("()") in lex.abbreviations for w in rest
    )
    return rest, has_role, normalise_role(" ".join(rest), lex) if rest and has_role else None


def _named(words: list[str], start: int, name: str, rest: list[str], has_role: bool, role: str | None,
           lex: Lexicon) -> ParsedMention:
    """A mention with a name at its end: a person, with the role before the name; or a body or
    place by its words."""
    name_words = name.split()
    if rest and all(is_acronym(w) or w.lower() in lex.organisation_heads for w in rest) and not has_role \
            and (all(w.lower() in lex.places or w.lower() in lex.place_words for w in name_words)
                 or len(name_words) == 1 and not lex.opens_names(name)):
        return ParsedMention("organisation", " ".join(words), None)  # `KJRI Davao`, `BNN Surabaya`: a body's office
    if has_role and all(w.lower() in lex.office_words and not lex.opens_names(w) for w in name_words):
        return ParsedMention("role", None, normalise_role(" ".join(words), lex))  # `Menko Polhukam`: a portfolio
    before_name = rest[-1] if rest else ""
    member = before_name.startswith("(") or is_acronym(before_name) or lex.is_office_word(before_name) \
        and before_name.lower() not in lex.organisation_heads
    if any(w.lower() in lex.organisation_heads for w in rest[:1]) and not has_role and not member \
            and _personal_name(ParsedMention("person", name, None), frozenset(), lex) == name:
        # `Fraksi … (PDI-P) Arif Wibowo` is a member of the body; `Universitas Gadjah Mada` is one
        return ParsedMention("organisation", " ".join(words), None)
    titled = start > 0 and words[start - 1].lower() in lex.titles
    if not role and not titled and start == 0:
        # A bare body or place: `Pertamina`, `BI`, `Donggala` (from the gazetteers), not a person.
        if all(w.lower() in lex.organisation_words or is_acronym(w) for w in words):
            return ParsedMention("organisation", name, None)
        if all(w.lower() in lex.place_words or w.lower() in lex.places for w in words):
            return ParsedMention("place", name, None)
    return ParsedMention("person", name, role, titled)


def _body_at_end(words: list[str], lex: Lexicon) -> int:
    """How many of the last words name a company, club or agency (`Lion Air Group`, `PT Jasa
    Marga (Persero) Tbk`): a capitalised run closed by one of ``organisation_tails``, back to an
    organisation head or to a role or function word; 0 when the mention ends otherwise."""
    if len(words) < 2 or words[-1].lower().rstrip(".") not in lex.organisation_tails:
        return 0
    start = len(words) - 1
    while start > 0:
        word = words[start - 1]
        lowered = word.lower().strip("()")
        if not word.lstrip("(")[:1].isupper() or lowered in lex.role_words or lowered in lex.person_roles \
                or lowered in lex.function_words:
            break
        start -= 1
        if lowered in lex.organisation_heads:
            break
    return len(words) - start if start < len(words) - 1 else 0


def _leading_name(words: list[str], lex: Lexicon) -> list[str]:
    """A name written before its role: `Pablo Rodriguez direktur seni Illamasqua`,
    `Santo Law CEO WSB Group`."""
    count = 0
    while count < len(words) and _is_name_word(words[count], lex):
        count += 1
    if 0 < count < len(words) and words[count].lower() in lex.role_words \
            and (words[count].islower() or is_acronym(words[count])):
        return words[:count]  # not `Imam Besar Masjid Istiqlal Nasaruddin Umar`, an office in title case
    return []


MAX_INITIALS = 3


def _is_initial(words: list[str], i: int, lex: Lexicon, titled: bool = False) -> bool:
    """Capitals inside a name rather than a body's acronym: after a given name (`Bambang PS
    Brodjonegoro`) or a rank (`Inspektur Jenderal RZ Panca Putra Simanjuntak`; ``titled``: the
    words before ``words`` ended in one)."""
    word = words[i].strip(".")
    if not (word.isalpha() and word.isupper() and len(word) <= MAX_INITIALS):
        return False
    if i == 0:
        return titled
    before = words[i - 1]
    if lex.opens_names(before) or before.lower() in lex.titles:
        return True
    # After any other name word, two letters at most: `Bambang PS`, but `Bicara KPK` is a body.
    return len(word) <= 2 and lex.is_name_word(before) and not is_acronym(before) and not lex.is_office_word(before)


def _name_start(words: list[str], end: int, lex: Lexicon) -> int:
    """Where the name ending at ``end`` starts: back over name words, a given-name prefix that
    opens it (`Lalu Kusnawan`, `I Gusti Putu Ngurah Sedana`) and its initials (`Bambang PS`,
    `Eddy MS`)."""
    start = end
    while start > 0:
        word = words[start - 1]
        if word.endswith(")"):
            break  # an office's short name before the name: `… Keamanan (Menko Polhukam) Wiranto`
        if _is_name_word(word, lex) or start < end and lex.opens_names(word) or _is_initial(words, start - 1, lex):
            start -= 1
        else:
            break
    while 0 < start < end - 1 and _continues_office(words, start, lex):
        start += 1  # `Kejaksaan Agung Hari Setiyono`
    if start > 0:
        # After an office, two given-name prefixes in a row inside the run open the name when no
        # given name comes before them: `Kepala Satpol PP Badung Gusti Agung Kerta Suryanegara`
        # (but `Ketua Baleg DPR Supratman Andi Agtas` is Supratman Andi Agtas).
        prefix = next((k for k in range(start + 1, end - 2) if all(
            words[j].lower().rstrip(".") in lex.given_name_prefixes and words[j][:1].isupper() for j in (k, k + 1))),
            None)
        if prefix is not None and not any(lex.opens_names(word) for word in words[start:prefix]):
            start = prefix
    return start


def _continues_office(words: list[str], i: int, lex: Lexicon) -> bool:
    """Whether ``words[i]`` ends an office's name with the word before it: `Kejaksaan Agung`."""
    return i > 0 and f"{words[i - 1]} {words[i]}".lower() in lex.office_phrases


def _after_acronyms(words: list[str], start: int, end: int, lex: Lexicon) -> int:
    """Where a name starts after the acronyms of the body its holder heads, which a capitalised
    run cannot tell from a name: `Ketua LPSK Hasto Atmojo`, `Menteri PUPR Basuki Hadimuljono`.
    A name that ends in one (`Mahfud MD`) keeps it, and so does one with initials (`Bambang PS
    Brodjonegoro`)."""
    for i in range(end - 2, start - 1, -1):
        if is_acronym(words[i]) and not _is_initial(words, i, lex):
            return i + 1
    return start


def _personal_name(parsed: ParsedMention, anchors: frozenset[str], lex: Lexicon,
                   places: frozenset[str] = frozenset(), bodies: frozenset[str] = frozenset()) -> str:
    """Trim the office and place words a capitalised run glues before a name (`Menteri
    Perhubungan Budi Karya Sumadi` parses as `Perhubungan Budi Karya Sumadi`, `Ketua Bawaslu
    Balikpapan Agustan` as `Balikpapan Agustan`): the name starts after the last place or office
    word, else at the first word the article also uses on its own (`kata Budi`). ``places`` are
    the words this article uses as places (`di Arjawinangun`); a given-name prefix stays
    (`Mohammad Fadil Imran`, later `kata Fadil`). ``bodies`` are short runs the article uses as
    bodies on their own: one glued before a name of two words or more is cut (`Jouska Aakar
    Abyasa Fidzuno`). A name after a title is whole already (`Brigadir Jenderal Mohammad Reza
    Ashtiani`, later `Reza Ashtiani`)."""
    name = parsed.name or ""
    words = name.split()
    if len(words) < 2:
        return name
    if parsed.role and _heads_a_body(parsed.role.split()[-1], lex):
        words = _after_body_name(words, lex)  # `Direktur PT Agung Propertindo Agung Hadi Tjahjanto`
    for i in range(len(words) - 2, -1, -1):
        if _opens_name_here(words, i, lex, parsed.titled):
            continue  # `Kementerian Pertanian Agung Hendriadi`, `Kapolda Irjen RZ Panca`
        if lex.is_office_word(words[i]) or words[i].lower() in places:
            words = _after_body_name(words[i + 1 :], lex) if _heads_a_body(words[i], lex) else words[i + 1 :]
            break
    else:
        if parsed.titled:  # `Direktur Jenderal Dukcapil Kemendagri Zudan Arif Fakrulloh` was cut above
            return name
        # No office or place word ends the body's name: `Jouska Aakar Abyasa Fidzuno`, where
        # `Jouska` stands alone elsewhere. (After one, `Kementerian Sosial Asep Sasa Purnama`, the
        # name is what is left, and `Asep` alone is the person.)
        for k in range(min(MAX_BODY_WORDS, len(words) - 2), 0, -1):
            if " ".join(words[:k]).lower() in bodies:
                words = words[k:]
                break
        else:
            if _is_common_word(words[0], lex) and not lex.opens_names(words[0]):
                # A body named in common words glued before a given name: `Universitas Lambung
                # Mangkurat Muhammad Handry Imansyah` (`lambung`, the stomach, names no one); one
                # word before it may be a given name itself (`Cucu Ahmad Kurnia`).
                given = next((k for k in range(2, len(words)) if lex.opens_names(words[k])), None)
                if given is not None:
                    words = words[given:]
    for k in range(len(words) - 2, 0, -1):
        if words[k].lower() in anchors and not any(lex.opens_names(word) for word in words[:k]) \
                and not _is_initial(words, k, lex):
            # Not `Miko Wahyono` of `Tri Yunis Miko Wahyono`, nor `W Ruky` of `Panji W Ruky`.
            return " ".join(words[k:])
    return " ".join(words)


def _heads_a_body(word: str, lex: Lexicon) -> bool:
    """Whether a body's or place's own name follows ``word``: `PT`, `Bandara`, `Universitas`."""
    lowered = word.lower().rstrip(".")
    return lowered in lex.organisation_heads or lowered in lex.place_heads


def _after_body_name(words: list[str], lex: Lexicon) -> list[str]:
    """The person's name after a body's or place's name that a capitalised run glues before it:
    after the words known as a body's (`Pertamina | Sylvia Grace Yuvenna`), else from the first
    given name after a word that is none (`Agung Propertindo | Agung Hadi Tjahjanto`,
    `Soekarno-Hatta | Agus Haryadi`), leaving a name of two words or more."""
    known = 0
    while known < len(words) - 2 and lex.is_office_word(words[known]) and not lex.opens_names(words[known]):
        known += 1
    if known:
        return words[known:]
    for k in range(1, len(words) - 1):
        if lex.opens_names(words[k]) and not lex.opens_names(words[k - 1]) and not _is_initial(words, k, lex) \
                and (k >= 2 or "-" in words[0]):  # not `Supratman Andi Agtas`, a name with a given name second
            return words[k:]
    return words


def _opens_name_here(words: list[str], i: int, lex: Lexicon, titled: bool) -> bool:
    """Whether ``words[i]``, though it may also name a body or place, is part of the person's
    name: a given name or its prefix (`Agung`, `Nurul`, `I Gusti Putu Ngurah`), unless an office's
    name goes on with it (`Kejaksaan Agung`), or initials (`Bambang PS`)."""
    if _is_initial(words, i, lex, titled):
        return True
    if not lex.opens_names(words[i]):
        return False
    return not _continues_office(words, i, lex)


def _sentence_pieces(run: str, start: int, lex: Lexicon) -> list[tuple[int, str]]:
    """A capitalised run cut where a full stop ends a sentence (`Final WTA. Barty`), not after
    an initial or a title (`M. Yunus`, `Dr. Budi`)."""
    if "." not in run:  # most runs: no word in them ends with a full stop
        stripped = run.strip()
        return [(start + len(run) - len(run.lstrip()), stripped)] if stripped else []
    pieces: list[tuple[int, str]] = []
    begin = 0
    for match in re.finditer(r"\S+", run):
        word = match.group()
        if word.endswith(".") and len(word) > 2 and word.lower() not in lex.titles \
                and word.lower() not in lex.sentence_abbreviations:
            pieces.append((start + begin, run[begin : match.end() - 1]))
            begin = match.end()
    if run[begin:].strip():
        pieces.append((start + begin + len(run[begin:]) - len(run[begin:].lstrip()), run[begin:].strip()))
    return pieces


@dataclass
class _Registry:
    """The people an article names, and the roles it gives them."""

    names: list[tuple[int, str]]  # (offset, name) in text order
    roles: dict[str, str]  # normalised role -> name
    anchors: frozenset[str] = frozenset()  # words the article uses as a name on their own
    places: frozenset[str] = frozenset()  # words the article uses as places (`di Arjawinangun`) or bodies
    bodies: frozenset[str] = frozenset()  # short runs the article uses as bodies on their own (`Jouska`)
    role_holders: dict[str, list[str]] = field(default_factory=dict)  # role -> every name given it, in order
    short_bodies: dict[str, str] = field(default_factory=dict)  # `big hit` -> `Big Hit Entertainment`
    nicknames: dict[str, str] = field(default_factory=dict)  # `mili` -> `Eneng` (`Eneng yang akrab disapa Mili`)
    _by_word: dict[str, list[str]] | None = field(default=None, repr=False)
    _words_of: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)
    _offsets: dict[str, list[int]] = field(default_factory=dict, repr=False)  # where each name stands, in order
    _holders: frozenset[str] | None = field(default=None, repr=False)
    _in_full_names: list[str] | None = field(default=None, repr=False)  # words of names of two words or more

    def fullest(self, short: str, at: int | None = None, lex: Lexicon | None = None) -> str:
        """The longest name in the article containing every word of ``short`` (the first such
        name on a tie). With ``at`` and ``lex``, of two office holders the name fits (`Budi
        Setiyadi`, `Budi Gunadi Sadikin`), the one the article named last before ``at`` (`lanjut
        Budi` right after `Budi Setiyadi menambahkan`). Names are indexed by word once, so an
        article with thousands of quotes does not compare each quote with every name."""
        self._index()
        short = self.nicknames.get(short.lower(), short)  # one step: two nicknames may name each other
        wanted = key_words(short)
        if not wanted:
            return short
        if len(wanted) == 1 and all(len(self._words_of[name]) == 1 for name in self._by_word.get(min(wanted), [])):
            wanted = self._misspelt(min(wanted))
        candidates = [name for name in min((self._by_word.get(word, []) for word in wanted), key=len)
                      if wanted <= self._words_of[name] and len(self._words_of[name]) > len(wanted)]
        longest = max(candidates, key=lambda name: len(self._words_of[name]), default=short)
        if at is None or lex is None:
            return longest
        people = [name for name in candidates if name in self.holders and _looks_like_a_person(name, True, lex)]
        if not any(not self._words_of[a] <= self._words_of[b] and not self._words_of[b] <= self._words_of[a]
                   for a in people for b in people):
            return longest  # one person, however many ways the article writes the name
        last = {name: offsets[bisect_left(offsets, at) - 1]
                for name in people if (offsets := self._offsets[name])[0] < at}
        return self.fullest(max(last, key=last.__getitem__)) if last else longest

    def _index(self) -> None:
        if self._by_word is None:
            self._by_word = {}
            for offset, name in self.names:
                words = key_words(name)
                self._offsets.setdefault(name, []).append(offset)
                if name not in self._words_of:
                    self._words_of[name] = words
                    for word in words:
                        self._by_word.setdefault(word, []).append(name)

    def _misspelt(self, word: str) -> frozenset[str]:
        """The article's own spelling of a surname it once gets wrong: `Subarraman` for `Rob
        Subbaraman` (a long word, one letter slipped)."""
        if len(word) < MIN_MISSPELT_LENGTH:
            return frozenset({word})
        if self._in_full_names is None:
            self._in_full_names = [other for other, names in self._by_word.items()
                                   if any(len(self._words_of[name]) > 1 for name in names)]
        match = process.extractOne(word, self._in_full_names, scorer=fuzz.ratio, score_cutoff=MISSPELT_RATIO)
        return frozenset({match[0]}) if match and match[0] != word else frozenset({word})

    @property
    def holders(self) -> frozenset[str]:
        """The names the article gives an office to: `Teguh Nugroho` of `Kepala Perwakilan …`."""
        if self._holders is None:
            self._holders = frozenset(self.roles.values())
        return self._holders

    def holder_of(self, role: str, at: int | None = None) -> str | None:
        """The name the article gives ``role`` to. With ``at``, of several people the article gives
        the very same role under full names that share no word (`Presiden Recep Tayyip Erdogan`
        and `Presiden Hassan Rouhani`), the one named last before ``at``, and none when neither is
        named before it."""
        if role in self.roles:
            holders = self.role_holders.get(role, [])
            if at is None or len(holders) < 2:
                return self.roles[role]
            self._index()
            before = {name: max((o for o in self._offsets.get(name, []) if o < at), default=-1) for name in holders}
            last = max(before, key=before.__getitem__)
            return last if before[last] >= 0 else None
        wanted = role.split()
        for key, name in self.roles.items():
            words = key.split()
            if wanted and words and wanted[0] == words[0] and set(wanted) <= set(words):
                return name
        return None


def _registry(text: str, boilerplate: list[tuple[int, int]], lex: Lexicon) -> _Registry:
    runs: list[tuple[int, str]] = []
    for match in _CAPITALISED_RUN.finditer(text):
        if boilerplate and any(match.start() < b_end and b_start < match.end() for b_start, b_end in boilerplate):
            continue
        pieces = _sentence_pieces(match.group(), match.start(), lex)
        following = text[match.end() : match.end() + 12].split()
        if following and following[0].strip(".,") in lex.demonstratives:
            # `Unggahan Hotman ini pun …` is a thing, not a person; but in `kata Rachmi. Sementara
            # itu, …` only the last piece is.
            pieces = pieces[:-1]
        runs.extend(pieces)
    # A name word that opens a short run stands for a person on its own: `kata Budi`, `Budi Karya`.
    anchors = frozenset(
        run.split()[0].lower() for _, run in runs if len(run.split()) <= 2 and lex.is_name_word(run.split()[0])
    )
    patterns = _patterns(lex)
    places = frozenset(match.group(1).lower() for match in patterns.place_after.finditer(text))
    # A body's short name the article defines: `Perhimpunan Bank Perkreditan Rakyat Indonesia
    # (Perbarindo)`, later `Perbarindo memperkirakan …`; not a nickname after a name (`(Ahok)`).
    places |= frozenset(match.group(2).lower() for match in _SHORT_NAME.finditer(text)
                        if lex.is_office_word(match.group(1)))
    bodies = _bodies_on_their_own(text, runs, lex)
    names: list[tuple[int, str]] = []
    roles: dict[str, str] = {}
    role_holders: dict[str, list[str]] = {}
    short_bodies: dict[str, str] = {}
    for offset, run in runs:
        parsed = parse_mention(run.rstrip("."), lex)
        if parsed.kind == "organisation" and parsed.name and _body_at_end(parsed.name.split(), lex):
            # `Big Hit Entertainment`, later `Big Hit`; `PT Jasa Marga (Persero) Tbk`, later `Jasa Marga`
            short = [w for w in parsed.name.split()[:-1] if w.lower() not in lex.organisation_heads
                     and not w.startswith("(")]
            if short:
                short_bodies.setdefault(" ".join(short).lower(), parsed.name)
        if parsed.kind != "person" or not parsed.name:
            continue
        name = _personal_name(parsed, anchors, lex, places, bodies)
        words = name.split()
        if len(words) > 1 and words[1].lower() in anchors and _is_common_word(words[0], lex) \
                and not lex.opens_names(words[0]):
            name = " ".join(words[1:])  # a sentence's first word glued to a name it uses alone: `Entah Putin`
        elif len(words) > 1 and (words[0].lower() in lex.passive_cues or words[0].lower() in lex.relay_participles):
            name = " ".join(words[1:])  # a passive cue opening the sentence: `Diakui Supriadi`, `Dikutip Tribuna`
        names.append((offset, name))
        if parsed.role:
            roles.setdefault(parsed.role, name)
            holders = role_holders.setdefault(parsed.role, [])
            if len(words) > 1 and not any(key_words(name) & key_words(other) for other in holders):
                holders.append(name)  # full names only: `Presiden Jokowi` may be `Presiden Joko Widodo`
            # With the office words the name was cut from: `Menteri Sosial Juliari P Batubara`
            # holds `menteri sosial`, which a later `Mensos` names.
            office = normalise_role(run[: run.rfind(name)], lex) if run.rfind(name) > 0 else ""
            if office and office != parsed.role:
                roles.setdefault(office, name)
    # A role written in lower case before a name: `timpalannya dari Iran Brigadir Jenderal …` is
    # not a binding, but `menteri pertahanan Iran Ali` is; the capitalised run covers the common case.
    registry = _Registry(names=names, roles=roles, anchors=anchors, places=places, bodies=bodies,
                         role_holders=role_holders, short_bodies=short_bodies)
    for match in patterns.nickname.finditer(text):
        named, nickname = match.group(1), match.group(2).lower()
        if lex.has_person_role(named.lower()):  # `Gubernur yang akrab disapa Emil`: the governor named before
            holder = registry.holder_of(normalise_role(named, lex))
            if holder is not None:
                registry.nicknames[nickname] = holder
        elif named.lower() != nickname and lex.is_name_word(named) and named.lower() not in lex.common_words:
            registry.nicknames[nickname] = named
    for match in patterns.nickname_first.finditer(text):
        nickname, parsed = match.group(1).lower(), parse_mention(match.group(2), lex)
        named = registry.holder_of(normalise_role(match.group(2), lex)) if lex.has_person_role(match.group(2).lower()) \
            else parsed.name if parsed.kind == "person" else None
        if named and nickname not in lex.common_words and nickname not in named.lower().split():
            registry.nicknames.setdefault(nickname, named)
    return registry


def _bodies_on_their_own(text: str, runs: list[tuple[int, str]], lex: Lexicon) -> frozenset[str]:
    """Short capitalised runs the article uses on their own, mostly away from speech cues: bodies
    and brands (`Jouska sebagai entitas …`, `Selain itu, Kimia Farma memproduksi …`), which the
    article also glues before a holder's name (`CEO Jouska Aakar Abyasa Fidzuno`). A run that
    opens with a given name, that stands alone once only or speaks as often as not (`Vinsen
    menambahkan`), or that is named right after a cue even once (`kata Khofifah`), is more likely
    a person's short name."""
    alone: Counter[str] = Counter()
    spoken: Counter[str] = Counter()
    speakers: set[str] = set()  # named right after an inverted cue: `kata Khofifah`
    # Only words with two more after them in a run can be cut from the front of a name.
    fronts = {" ".join(words[i : i + k]).lower() for words in (run.split() for _, run in runs)
              for i in range(len(words) - 2) for k in range(1, min(MAX_BODY_WORDS, len(words) - 2 - i) + 1)}
    for offset, run in runs:
        words = run.rstrip(".").split()
        key = " ".join(words).lower()
        if key not in fronts or lex.opens_names(words[0]) or not all(lex.is_name_word(word) for word in words):
            continue
        before = [word for word in text[max(0, offset - 24) : offset].split()[-1:] if word[-1] not in ".!?"]
        after = text[offset + len(run) : offset + len(run) + 24].split()[:1]
        if any(lex.is_cue(word.strip(",.:;”\"")) or word.lower() in lex.according_to for word in before + after):
            spoken[key] += 1
        else:
            alone[key] += 1
        if before and before[0].lower().strip(",") in lex.inverted_cues:
            speakers.add(key)
    return frozenset(key for key, count in alone.items()
                     if count >= 2 and count >= 2 * spoken[key] and key not in speakers)


def resolve(quotes: list[Quote], text: str, boilerplate: list[tuple[int, int]], lex: Lexicon,
            *, entities: list[tuple[int, int, str]] = (), subjects: list[tuple[int, int, str]] = ()) -> None:
    """Fill ``speaker_name`` and ``speaker_type`` of ``quotes`` (in text order) in place.

    ``entities`` (start, end, label) from an NER component, when there is one, decide where a
    person's name starts inside a mention and whether a mention is an organisation. ``subjects``
    (start, end, text) are the mentions opening sentences (`Nurhadi juga menyoroti …`): a person
    the narration introduces after the previous quote is the antecedent of a pronoun or `-nya`."""
    registry = _registry(text, boilerplate, lex)
    narrated = _narrated_people(subjects, registry, lex, text)
    hints = {id(quote): _entity_hint(quote, entities, lex) for quote in quotes} if entities else {}
    roles_of: dict[str, str] = {name: role for role, name in registry.roles.items()}
    previous: Quote | None = None
    last_person: str | None = None
    chain_named: dict[int, Quote] = {}
    for quote in quotes:
        if quote.chain is not None and quote.speaker:
            chain_named[quote.chain] = quote
    for quote in sorted(quotes, key=lambda q: q.start):
        since = max(previous.end, previous.speaker_end or 0) if previous is not None else -1
        goes_on = previous is not None and previous.speaker_type == "person" and quote.speaker == "-nya" \
            and (quote.cue or "").lower().removesuffix("nya") in lex.continuing_cues  # `sambungnya`
        # Not someone the previous speaker was talking about, unless the narration has them speak
        # (`… tersangka Kris Hatta ke Kejaksaan,” … Kris pun tinggal menantikan … ,” katanya`: the
        # police spokesman goes on; but `Pompeo menolak mengomentari isu itu. “…,” katanya`).
        talked_about = text[previous.start : previous.end].lower() if previous is not None else ""
        introduced = [name for offset, name, sure, speaks in narrated if since < offset < quote.start
                      and (sure or previous is None and last_person is None)
                      and (speaks or name.split()[-1].lower() not in talked_about)] if not goes_on else []
        described = _described_in_text(quote, text, registry, lex)
        if described is not None:
            quote.speaker_name, quote.speaker_type = described
        elif introduced and (not quote.speaker or parse_mention(quote.speaker, lex).kind == "pronoun") \
                and not (quote.chain is not None and quote.chain in chain_named):
            quote.speaker_name, quote.speaker_type = introduced[-1], "person"
        elif not quote.speaker and quote.chain is not None and quote.chain in chain_named:
            named = chain_named[quote.chain]
            if named.start > quote.start and not named.speaker_name:
                _resolve_one(named, registry, roles_of, previous, last_person, lex, hints.get(id(named), (None, False)))
            quote.speaker_name, quote.speaker_type = named.speaker_name, named.speaker_type
        else:
            _resolve_one(quote, registry, roles_of, previous, last_person, lex, hints.get(id(quote), (None, False)))
            if quote.speaker_type == "unnamed" and quote.speaker_name == quote.speaker \
                    and _capitalised_mid_sentence(text, quote.speaker_start) \
                    and parse_mention(quote.speaker, lex).kind == "person":
                quote.speaker_type = "person"  # `Dilansir dari ,, Ole mengatakan`: a name, though `ole` is a word too
        if quote.speaker_name:
            previous = quote
            if quote.speaker_type == "person":
                last_person = quote.speaker_name


def _capitalised_mid_sentence(text: str, start: int | None) -> bool:
    """Whether a capitalised mention at ``start`` stands inside a sentence, where a capital marks a
    name rather than the sentence's first word (not after `.`, a quote mark, a colon, a line
    break, nor CLICK-ID's `.,` that joins paragraphs)."""
    if start is None or not text[start : start + 1].isupper():
        return False
    before = text[max(0, start - 40) : start].rstrip()
    if not before or before[-1] in ".!?:;\"“”'’\n":
        return False
    return not (before[-1] == "," and before.rstrip(",").rstrip()[-1:] in ".!?\"”")


MAX_GROUP_DISTANCE = 600  # how far back `mereka` finds the group it points to (characters)


def _described_in_text(quote: Quote, text: str, registry: _Registry, lex: Lexicon) -> tuple[str, str] | None:
    """Who a mention is by what the text around it says: the nickname it is given right after
    (`kata Gubernur yang akrab disapa Emil itu`), the group `mereka` points back to (`dilarang oleh
    sejumlah ulama di Timur Tengah. Menurut mereka, …`), or the relation a role names (`kuasa
    hukum Nikita` is not Nikita Mirzani, whom the article names on her own)."""
    if quote.speaker_end is None or not quote.speaker or quote.speaker == "-nya":
        return None
    patterns = _patterns(lex)
    nicknamed = patterns.nickname_after.match(text, quote.speaker_end)
    if nicknamed is not None:
        nickname = nicknamed.group(1)
        name = registry.fullest(nickname)
        if len(name.split()) == 1:
            name = full_name_of_nickname(nickname) or name
        return name, "person"
    lowered = quote.speaker.lower()
    if lowered in lex.plural_pronouns:
        groups = list(patterns.group.finditer(text, max(0, quote.speaker_start - MAX_GROUP_DISTANCE),
                                              quote.speaker_start))
        groups = [group for group in groups if group.group(1).lower() in lex.people_nouns
                  or group.group(1).lower() in lex.person_roles]
        return (groups[-1].group(0), "unnamed") if groups else None
    words = quote.speaker.split()
    if len(words) == 2 and words[0].lower() == lex.grammar.side and words[1].islower():
        # `pihak museum`: the museum the article names (`Holocaust Memorial Museum`), if it does
        body = re.compile(rf"\b(?:{_NAME_RUN}[ \t]+)?{re.escape(words[1].title())}(?:[ \t]+{_NAME_RUN})?")
        named = [match.group(0) for match in body.finditer(text, 0, quote.speaker_start)
                 if len(match.group(0).split()) > 1]
        return (named[-1], "organisation") if named else (quote.speaker, "unnamed")
    parsed = parse_mention(quote.speaker, lex)
    if parsed.kind == "person" and len(words) > 1 and _is_common_word(words[0], lex) \
            and all(word.islower() or word.isdigit() for word in words[1:]) \
            and not _capitalised_mid_sentence(text, quote.speaker_start):
        return quote.speaker, "unnamed"  # `Tim manajemen klub berharap`: a sentence's first word, no name
    if parsed.kind == "person" and parsed.role and parsed.name and parsed.role in lex.relations:
        principal = re.compile(rf"(?<![\w-]){re.escape(parsed.name)}(?![\w-])")
        role = parsed.role.split()
        for match in principal.finditer(text):
            if quote.speaker_start <= match.start() < quote.speaker_end:
                continue
            before = text[max(0, match.start() - 40) : match.start()].lower().split()
            if before[-len(role):] != role:
                return quote.speaker, "unnamed"  # the article names the principal on their own
    return None


def _is_common_word(word: str, lex: Lexicon) -> bool:
    """`Memang`, `Baru-baru` (every part of a reduplication): words of running text, not names."""
    return all(part in lex.common_words for part in word.lower().split("-"))


def _looks_like_a_person(name: str, sure: bool, lex: Lexicon) -> bool:
    """Whether a name found in narration can be someone a pronoun points back to: not led by a
    word of running text (`Terkait Daniel`, `Ibadah Tarawih`, `Vaksinasi`) or an office word
    (`Dukungan Pengkajian`), and, when it is one word the article gives no role, not a common
    word."""
    words = name.split()
    if not words or _is_common_word(words[0], lex) and not lex.opens_names(words[0]):
        return False  # but `Teguh P. Nugroho`: `teguh` (firm) is a given name too
    if any(_DERIVED_NOUN.search(part) for word in words for part in word.lower().split("-")):
        return False  # `Tujuannya`, `Vaksinasi`, `Adaptasi-kolaborasi`: words of running text in capitals
    if any(character.isdigit() for character in name):
        return False  # `Pandemi Covid-19`, `Pilkada 2020`
    return (not lex.is_office_word(words[0]) or lex.opens_names(words[0])) and (sure or len(words) >= 2)


def _surely_a_body(name: str | None, lex: Lexicon) -> bool:
    """A body by the form of its name, `Story J Company`, `Kementerian Kesehatan`, not only by a
    gazetteer of organisation words, which also holds people's short names (`Risma`)."""
    words = (name or "").split()
    return bool(words) and (bool(_body_at_end(words, lex)) or words[0].lower() in lex.organisation_heads)


def _names_a_place_or_body(name: str, registry: _Registry, lex: Lexicon) -> bool:
    """Whether every word of ``name`` is a place's or a body's (`Manado`, `Kalsel`, `Center`), or
    ``name`` is the short form of a company's the article names in full (`Big Hit`)."""
    return name.lower() in registry.short_bodies or all(
        lex.is_office_word(word) and not lex.opens_names(word) or word.lower() in registry.places
        for word in name.split())


def _narrated_people(subjects: list[tuple[int, int, str]], registry: _Registry,
                     lex: Lexicon, text: str) -> list[tuple[int, str, bool, bool]]:
    """(offset, full name, sure, speaks) of the subjects that may name a person. Speaks: its
    sentence has a speech cue or says it commented (`menolak mengomentari`). Sure: a name of two words
    or more, one the article gives a role (`Ketua Bawaslu Indramayu Nurhadi`, later `Nurhadi
    juga menyoroti`) or one described right after it (`Dedy, Kepala Peleton B …, menuturkan`); a
    single capitalised word (`Kemal tiba`) is not, and a common word opening a sentence
    (`Memang`, `Peraturan`) is left out."""
    holders = registry.holders
    people = []
    for start, end, mention in subjects:
        parsed = parse_mention(mention, lex)
        if parsed.kind == "role" and parsed.role:
            holder = registry.holder_of(parsed.role)
            if holder is not None:
                people.append((start, registry.fullest(holder), True, _speaks(text, end, lex)))
            continue
        if parsed.kind != "person" or not parsed.name:
            continue
        name = registry.fullest(_personal_name(parsed, registry.anchors, lex, registry.places, registry.bodies))
        if _names_a_place_or_body(name, registry, lex):
            continue  # `Polresta Manado akan diturunkan`, `Kalsel`
        described = text[end : end + 2] == ", " and text[end + 2 : end + 3].isupper()  # `Dedy, Kepala Peleton B`
        sure = len(name.split()) >= 2 or name in holders or described
        if name in holders or _looks_like_a_person(name, True, lex):  # `Teguh` named with his office
            people.append((start, name, sure, _speaks(text, end, lex)))
    return people


def _speaks(text: str, end: int, lex: Lexicon) -> bool:
    """Whether the sentence a subject ending at ``end`` opens reports speech."""
    stop = text.find(".", end)
    words = re.findall(r"\w+", text[end : stop if stop != -1 else len(text)])
    return any(lex.is_cue(word) or word.lower() in lex.commenting for word in words)


def _resolve_one(quote: Quote, registry: _Registry, roles_of: dict[str, str], previous: Quote | None,
                 last_person: str | None, lex: Lexicon, hint: tuple[str | None, bool] = (None, False)) -> None:
    parsed = parse_mention(quote.speaker, lex) if quote.speaker else ParsedMention("pronoun", None, None)
    if parsed.kind == "pronoun":
        # `dia`, `beliau`, `ujarnya` point back to a person: past a body or place that spoke since;
        # but `agensi tersebut`, `perusahaan itu`, and `-nya` right after the quote of a body by
        # its name's form (`,” tulis Story J Company. … ,” lanjutnya`) or of its side (`Pihak Story J
        # Company menjelaskan …`), to the body that spoke last. (Not after any body's reported
        # speech: `Pemprov Jabar meyakini …` in Ridwan Kamil's report, then `,” tuturnya`.)
        described = (quote.speaker or "").split()[:1]
        body_goes_on = previous is not None and previous.speaker_type == "organisation" and (
            described and described[0].lower() in lex.organisation_heads  # `agensi tersebut`
            or quote.speaker == "-nya" and _surely_a_body(previous.speaker_name, lex)
            and (previous.kind == "direct" or (previous.speaker or "").lower().startswith("pihak ")))
        if body_goes_on:
            quote.speaker_name, quote.speaker_type = previous.speaker_name, previous.speaker_type
        elif previous is not None and previous.speaker_type == "person":
            quote.speaker_name, quote.speaker_type = previous.speaker_name, previous.speaker_type
        elif last_person is not None:
            quote.speaker_name, quote.speaker_type = last_person, "person"
        else:
            before = [name for offset, name in registry.names
                      if offset < quote.start and _looks_like_a_person(name, name in registry.holders, lex)
                      and not _names_a_place_or_body(name, registry, lex)]
            if before:
                quote.speaker_name, quote.speaker_type = registry.fullest(before[-1]), "person"
            elif previous is not None:  # only a body has spoken: `-nya` is that body
                quote.speaker_name, quote.speaker_type = previous.speaker_name, previous.speaker_type
        return
    person, organisation = hint
    if organisation and parsed.kind == "person":
        quote.speaker_name, quote.speaker_type = quote.speaker, "organisation"
        return
    if person and parsed.kind in ("person", "role", "unnamed"):
        quote.speaker_name, quote.speaker_type = registry.fullest(person), "person"
        return
    if parsed.kind == "person" and parsed.name:
        name = registry.fullest(_personal_name(parsed, registry.anchors, lex, registry.places, registry.bodies),
                                at=quote.speaker_start if quote.speaker_start is not None else quote.start, lex=lex)
        if not parsed.titled and not parsed.role and name.lower() in registry.short_bodies:
            quote.speaker_name, quote.speaker_type = registry.short_bodies[name.lower()], "organisation"
            return
        if parsed.titled or parsed.role and not _names_a_place_or_body(name, registry, lex):
            quote.speaker_name, quote.speaker_type = name, "person"
        elif parsed.role:  # `Ombudsman RI Perwakilan Jakarta Raya menilai`: an office of a body
            quote.speaker_name, quote.speaker_type = quote.speaker, "organisation"
        elif _names_a_place_or_body(name, registry, lex):  # `Perbarindo memperkirakan …`
            in_places = all(w.lower() in lex.place_words or w.lower() in lex.places for w in name.split())
            quote.speaker_name, quote.speaker_type = name, "place" if in_places else "organisation"
        elif _looks_like_a_person(name, True, lex):
            quote.speaker_name, quote.speaker_type = name, "person"
        else:  # `Kendati mengaku …`, `Pandemi Covid-19 membuat …`: no one a pronoun can point back to
            quote.speaker_name, quote.speaker_type = name, "unnamed"
        return
    if parsed.kind == "role" and parsed.role:
        holder = registry.holder_of(parsed.role, at=quote.speaker_start if quote.speaker_start is not None
                                    else quote.start)
        if holder is None and last_person is not None and last_person not in roles_of:
            holder = last_person
        if holder is not None:
            quote.speaker_name, quote.speaker_type = registry.fullest(holder), "person"
            return
        quote.speaker_name, quote.speaker_type = quote.speaker, "unnamed"
        return
    if parsed.kind in ("organisation", "place"):
        quote.speaker_name, quote.speaker_type = parsed.name or quote.speaker, parsed.kind
        return
    quote.speaker_name, quote.speaker_type = parsed.name or quote.speaker, "unnamed"


def _entity_hint(quote: Quote, entities: list[tuple[int, int, str]], lex: Lexicon) -> tuple[str | None, bool]:
    """What NER says of a mention: the PERSON entity inside it (`Bupati Banyuwangi Abdullah Azwar
    Anas` → `Abdullah Azwar Anas`), or whether an ORG entity covers it whole."""
    if quote.speaker_start is None or quote.speaker_end is None or quote.speaker in ("", "-nya"):
        return None, False
    inside = [(s, e, label) for s, e, label in entities if quote.speaker_start <= s and e <= quote.speaker_end]
    people = [(s, e) for s, e, label in inside if label == "PERSON"]
    offset = quote.speaker_start
    if people:
        s, e = people[-1]
        words = quote.speaker[s - offset : e - offset].split()
        while words and words[0].lower().strip(".") in lex.titles:
            words = words[1:]
        return (" ".join(words) or None), False
    return None, any(label == "ORG" and s <= quote.speaker_start and quote.speaker_end <= e for s, e, label in entities)
