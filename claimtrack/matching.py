"""Matching the same claim across outlets.

A quote is split into claim-sized units (its sentences, each keeping its offsets into the
article). Matching never compares all pairs:

1. **Candidates** come from an inverted index of the units' rare *keys* (`candidate_keys`): their
   Indonesian stems (Sastrawi), each two stems that follow each other (`jangan+banyak-banyak`),
   and each stem with each word of the speaker's name (`shoigu|sanksi`). Rarity is local in
   time (`StemCalendar`): a key is rare for a unit when at most ``MAX_STEM_DF`` units published
   within ``DATE_WINDOW_DAYS`` of it have it (undated units count in every window; an undated
   unit's window is the whole corpus). Two units are compared only when they share
   ``MIN_SHARED_STEMS`` rare stems, or as many rare pairs of stems, or
   ``MIN_SHARED_SPEAKER_KEYS`` rare keys of one speaker word; come from different articles;
   and were published within ``DATE_WINDOW_DAYS`` of each other. A unit reads only the
   postings of its own window, each at most ``MAX_STEM_DF`` long, so its work is bounded
   whatever the size of the corpus: cost grows linearly with the number of units at a given
   number of units a week. (A count over the whole corpus made fewer stems rare as the corpus
   grew: candidates per unit fell from 1.7 at 100k quotes to 0.3 at 1M, and recall of the
   claims gold inside the 22k CLICK-ID articles was half of what it was on its 190 articles.
   Speaker keys and pairs of stems find the wordings of one statement in a week when its words
   are everybody's words: a debate on new provinces, a forest fire.)
2. **Scores** combine rapidfuzz on normalised words (colloquial spellings written as the
   standard word, `enggak` → `tidak`; ``token_set_ratio`` for rewording around a shared core,
   ``partial_ratio`` for a trimmed quote inside a longer one) with an IDF-weighted Dice overlap
   of stems (paraphrases that share content words but not their form or order), and speaker
   evidence: the same or a compatible name costs nothing (`Ronaldo` / `Cristiano Ronaldo`,
   `Bamsoet` / `Bambang Soesatyo`, a misspelt `Partikno` / `Pratikno`), a speaker that names no
   person (`Kasubbid`, `Teheran`, `KPK`) a little, two different people a lot; and number
   evidence: two wordings that both give numbers and share none (`87.000 penumpang` of
   yesterday, `100.000 penumpang` of the year's target) are rarely one statement.
3. **Clusters** are joined from the best pair down, with an average-link check so that a chain
   of pairwise matches cannot carry one statement into another: two clusters join when their
   best pair reaches the threshold and the mean score between their members from different
   articles is at most ``AVERAGE_LINK_MARGIN`` below it (computed on up to ``LINK_SAMPLE``
   members of each, the first joined: the claim's core). When one side is one article's report,
   each of its members counts its best pair with each article of the other side: a claim holds
   the other sentences of the quotes it is made of, which a paraphrase of one of them is nothing
   like (claims gold c057). A join that would bring a second quote
   of one article into a claim, where the speaker's other statements in the same article are
   the hardest negatives, needs a pair ``SECOND_QUOTE_MARGIN`` above the threshold and a mean
   at the threshold: an article reports a statement once, except when it splits it over two
   quotes or gives it both as a paraphrase and as a quote. So a direct quote and reported speech
   of one article (the units' ``kind``) join as two articles' quotes do.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain
from sys import intern

from rapidfuzz import fuzz

from claimtrack import lexicon
from claimtrack.speakers import identity_key
from claimtrack.stemming import stem

DATE_WINDOW_DAYS = 3
# Tuned on the odd-numbered claims of gold/claims (60 before numbers were evidence, `number_evidence`);
# at 58 incremental updates settle more close calls otherwise than a rebuild (tests/test_claims_incremental.py).
DEFAULT_THRESHOLD = 59.0
MIN_UNIT_WORDS = 4
MIN_SHARED_STEMS = 2
MIN_SHARED_SPEAKER_KEYS = 2
TRIMMED_LENGTH = 0.8
MAX_STEM_DF = 200
SPEAKER_UNKNOWN_PENALTY = 4.0
SPEAKER_CONFLICT_PENALTY = 25.0
NUMBER_CONFLICT_PENALTY = 10.0
AVERAGE_LINK_MARGIN = 5.0
SECOND_QUOTE_MARGIN = 10.0
LINK_SAMPLE = 12
# Two spellings of one name word: `Partikno` / `Pratikno`, `Widjarnako` / `Widjanarko`.
NAME_SPELLING_RATIO = 80.0
# A sentence ends at . ! ? followed by a space or the end, not inside `100.000` or `2.5`.
_SENTENCE = re.compile(r"(?:[^.!?]|[.!?]+(?=[^\s.!?]))+(?:[.!?]+|$)")
_WORD = re.compile(r"[\w-]+")


@dataclass(frozen=True)
class ClaimUnit:
    """One sentence of a stored quote. ``speaker_name`` is its speaker's name (after any manual
    merge or split), what pairs are scored with; ``named_as`` the name its article gives, which
    never changes, what candidate keys are made of (`speaker_name` when not given). ``kind`` is
    its quote's (`direct`, `indirect`, `partial`; empty when not given), for the joining rules."""

    quote_id: int
    article_id: int
    speaker_name: str
    published: str | None
    start: int
    end: int
    text: str
    named_as: str = ""
    kind: str = ""


@dataclass
class Claim:
    members: list[tuple[ClaimUnit, float]] = field(default_factory=list)

    @property
    def speaker_name(self) -> str:
        named = Counter(unit.speaker_name for unit, _ in self.members if unit.speaker_name)
        return max(named, key=lambda name: (named[name], len(name))) if named else ""


def normalise(text: str) -> str:
    """Lower case, words only, colloquial spellings standardised, stop words dropped: what two
    wordings are compared on.

    >>> normalise("Tekanan sanksi terhadap Rusia dan Iran terbukti sia-sia,")
    'tekanan sanksi rusia iran terbukti sia-sia'
    >>> normalise("Udah, enggak ada masalah")
    'masalah'
    """
    return _normalised(text)


@lru_cache(maxsize=1 << 15)  # a claims update's units and their candidates, not a corpus's sentences
def _normalised(text: str) -> str:
    lex = lexicon.load()
    words = (lex.matching_colloquial.get(w, w) for w in _WORD.findall(text.lower()))
    return " ".join(w for w in words if w not in lex.matching_stopwords)


def content_stems(text: str) -> frozenset[str]:
    """The stems of a wording's content words: `menegaskan` and `tegas` count as one."""
    return frozenset(stem(word) for word in normalise(text).split() if len(word) > 2)


def split_units(quote: dict) -> list[ClaimUnit]:
    """The sentences of a stored quote (a row with id, article_id, speaker_name, published,
    start, text, and optionally named_as and kind) as claim units with offsets into the article."""
    units = []
    for match in _SENTENCE.finditer(quote["text"]):
        text = match.group().strip()
        if len(text.split()) < MIN_UNIT_WORDS:
            continue
        start = quote["start"] + match.start() + (len(match.group()) - len(match.group().lstrip()))
        units.append(ClaimUnit(quote["id"], quote["article_id"], quote["speaker_name"] or "", quote["published"],
                               start, start + len(text), text, quote.get("named_as") or "", quote.get("kind") or ""))
    return units


def similarity(a: str, b: str, *, score_cutoff: float = 0.0) -> float:
    """How alike two normalised wordings are, 0-100; 0 when below ``score_cutoff`` (rapidfuzz then
    stops early). ``partial_ratio`` finds a trimmed wording inside a longer one; two long wordings
    of about the same length (the shorter over 64 characters and over ``TRIMMED_LENGTH`` of the
    other) are compared whole by ``ratio``, which scores the claims gold alike at a twentieth of
    the cost (rapidfuzz's partial_ratio is slow past 64 characters)."""
    shorter, longer = sorted((len(a), len(b)))
    trimmed = shorter >= 30 and (shorter <= 64 or shorter <= TRIMMED_LENGTH * longer)
    return max(fuzz.token_set_ratio(a, b, score_cutoff=score_cutoff),
               fuzz.partial_ratio(a, b, score_cutoff=score_cutoff) if trimmed
               else fuzz.ratio(a, b, score_cutoff=score_cutoff) if shorter >= 30 else 0.0)


@lru_cache(maxsize=1 << 16)
def _speaker_keys(name: str) -> tuple[frozenset[str], frozenset[str]]:
    """Identity keys (`speakers.identity_key`) of the words of a speaker name: those that can
    name a person, with the full name of a known nickname (`Kang Emil` → {emil, ridwan, kamil}),
    and those that name an organisation or a place (`Reuters`, `KPK`, `Teheran`, `pejabat senior
    Iran` → {iran}). Roles, pronouns and sentence openers are neither (`Kasubbid`, `pernyataan`,
    a one-word speaker name that is a common word and no given name: `Jelang`)."""
    lex = lexicon.load()
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


def _same_person(a: frozenset[str], b: frozenset[str]) -> bool:
    return bool(a & b) or any(
        len(x) >= 5 and len(y) >= 5 and fuzz.ratio(x, y) >= NAME_SPELLING_RATIO for x in a for y in b
    )


def speaker_evidence(a: str, b: str) -> float:
    """0 for the same or a compatible speaker, a penalty for unknown or conflicting ones.

    Two people conflict when their names share no word (allowing for spelling); when neither
    side names a person, two sources conflict when they share no organisation or place
    (`Reuters` / `dua pejabat senior Iran`). A person against a bare role or place (`Mahathir
    Mohamad` / `Perdana Menteri Malaysia`) is unknown: outlets attribute one statement both ways.

    >>> speaker_evidence("Bamsoet", "Ketua DPR Bambang Soesatyo"), speaker_evidence("Kasubbid", "I Gede Nyeneng")
    (0.0, -4.0)
    """
    (person_a, source_a), (person_b, source_b) = _speaker_keys(a), _speaker_keys(b)
    if person_a and person_b:
        return 0.0 if _same_person(person_a, person_b) else -SPEAKER_CONFLICT_PENALTY
    if not person_a and not person_b and source_a and source_b and not source_a & source_b:
        return -SPEAKER_CONFLICT_PENALTY
    return -SPEAKER_UNKNOWN_PENALTY


UNDATED = 0  # the day number of a unit whose article has no date


@lru_cache(maxsize=1 << 14)
def day_number(published: str | None) -> int:
    """The day a unit was published as a number (`datetime.date.toordinal`), ``UNDATED`` without a date.

    >>> day_number("2019-09-20") - day_number("2019-09-17"), day_number(None)
    (3, 0)
    """
    return dt.date.fromisoformat(published[:10]).toordinal() if published else UNDATED


def _close_in_time(a: str | None, b: str | None) -> bool:
    day_a, day_b = day_number(a), day_number(b)
    return day_a == UNDATED or day_b == UNDATED or abs(day_a - day_b) <= DATE_WINDOW_DAYS


class StemCalendar:
    """How many units have each stem (or candidate key), day by day: what rarity is counted from.

    A stem is rare for a unit when few units *of the unit's days* have it: ``window_count`` counts
    the units published within ``DATE_WINDOW_DAYS`` of the unit's day, with the undated units,
    which may be of any day (for an undated unit, whose candidates may be of any day, all units).
    A fixed count over the whole corpus would make fewer and fewer stems rare as the corpus grows
    (at 1M quotes most units had none left); a week's count stays what it is however many weeks
    the corpus holds, and bounds the work of a unit's candidates all the same.

    >>> calendar = StemCalendar()
    >>> for day in ("2019-09-01", "2019-09-02", "2019-09-20"):
    ...     calendar.add({"banjir"}, day_number(day))
    >>> calendar.window_count("banjir", day_number("2019-09-04")), calendar.window_count("banjir", UNDATED)
    (2, 3)
    """

    def __init__(self) -> None:
        self.by_day: dict[str, dict[int, int]] = defaultdict(dict)  # stem -> {day: units}
        self.total: Counter = Counter()  # stem -> units of every day, and undated
        self._window: dict[tuple[str, int], int] = {}

    @classmethod
    def of(cls, stems: Iterable[Iterable[str]], days: Iterable[int]) -> StemCalendar:
        calendar = cls()
        for unit_stems, day in zip(stems, days, strict=True):
            calendar.add(unit_stems, day)
        return calendar

    def add(self, stems: Iterable[str], day: int, units: int = 1) -> None:
        """Count ``units`` units of ``day`` with each of ``stems``."""
        for s in stems:
            by_day = self.by_day[s]
            by_day[day] = by_day.get(day, 0) + units
            self.total[s] += units
        self._window.clear()

    def window_count(self, stem: str, day: int) -> int:
        """Units within ``DATE_WINDOW_DAYS`` of ``day`` (or undated) that have ``stem``; all that
        have it for an ``UNDATED`` day."""
        if day == UNDATED:
            return self.total[stem]
        key = (stem, day)
        if key not in self._window:
            by_day = self.by_day.get(stem, {})
            self._window[key] = by_day.get(UNDATED, 0) + sum(
                by_day.get(d, 0) for d in range(day - DATE_WINDOW_DAYS, day + DATE_WINDOW_DAYS + 1))
        return self._window[key]

    def rare(self, stems: Iterable[str], day: int) -> tuple[str, ...]:
        """The stems (candidate keys) a unit of ``day`` is indexed and found by, sorted: those in
        at most ``MAX_STEM_DF`` units of its window."""
        # A key rare in the whole corpus is rare in every window: most keys, counted at once.
        return tuple(sorted(s for s in stems
                            if self.total[s] <= MAX_STEM_DF or self.window_count(s, day) <= MAX_STEM_DF))


SPEAKER_KEY_SEPARATOR = "|"  # in a candidate key `shoigu|sanksi`: a stem as one speaker uses it
STEM_PAIR_SEPARATOR = "+"  # in a candidate key `jangan+banyak-banyak`: two stems one after the other


def candidate_keys(unit: ClaimUnit, stems: frozenset[str]) -> frozenset[str]:
    """What a unit is indexed and found by: its stems; each two stems that follow each other
    (`jangan+banyak-banyak`); and each stem with each word of its speaker's name that names a
    person (`shoigu|sanksi`).

    A stem common in a week of news (`hutan`, `bakar` while forests burn, `mekar` while new
    provinces are debated) is rare among what one speaker said that week, and two such stems
    are rare together: two units sharing two keys of one speaker, or two rare pairs of words, are
    candidates as two units sharing two rare stems are, so that wordings of one statement meet
    even when its words are everybody's words that week.

    >>> sorted(candidate_keys(ClaimUnit(1, 1, "Menkeu Sri Mulyani", None, 0, 0, "pajak naik"), frozenset({"pajak"})))
    ['muliani|pajak', 'pajak', 'pajak+naik', 'sri|pajak']
    """
    person, _ = _speaker_keys(unit.named_as or unit.speaker_name)
    ordered = [stem(word) for word in normalise(unit.text).split()]
    following = zip(ordered, ordered[1:], strict=False)
    return (stems | frozenset(f"{key}{SPEAKER_KEY_SEPARATOR}{s}" for key in person for s in stems)
            | frozenset(f"{first}{STEM_PAIR_SEPARATOR}{second}" for first, second in following))


def key_group(key: str) -> str:
    """Which keys count together: ``""`` for stems, ``"+"`` for pairs of stems, the speaker word
    for a speaker's keys. Two units are candidates when they share enough keys of one group.

    >>> key_group("sanksi"), key_group("jangan+banyak-banyak"), key_group("shoigu|sanksi")
    ('', '+', 'shoigu')
    """
    if SPEAKER_KEY_SEPARATOR in key:
        return key.partition(SPEAKER_KEY_SEPARATOR)[0]
    return STEM_PAIR_SEPARATOR if STEM_PAIR_SEPARATOR in key else ""


def enough_shared(group: str) -> int:
    """How many keys of a group two units must share to be candidates: ``MIN_SHARED_STEMS`` stems
    or pairs of stems, ``MIN_SHARED_SPEAKER_KEYS`` keys of one speaker word (a given name such as
    `Budi` or `Sri` is many people's)."""
    return MIN_SHARED_STEMS if group in ("", STEM_PAIR_SEPARATOR) else MIN_SHARED_SPEAKER_KEYS


def shares_enough(keys: Iterable[str]) -> bool:
    """Whether the keys two units share make them candidates."""
    return any(count >= enough_shared(group) for group, count in Counter(map(key_group, keys)).items())


def sharing_enough(found: Iterable[tuple[int, str]]) -> set[int]:
    """The units of ``(unit, key)`` postings read for one unit that share enough keys with it."""
    shared = Counter((other, key_group(key)) for other, key in found)
    return {other for (other, group), count in shared.items() if count >= enough_shared(group)}


def rare_keys(units: list[ClaimUnit], stems: list[frozenset[str]], *, shared_only: bool = False
              ) -> list[tuple[str, ...]]:
    """Each unit's candidate keys that are rare in its window (`StemCalendar.rare` on the calendar
    of all ``units``), counted day by day: only the days of one window are counted at a time, so
    that memory holds a week of keys, not the corpus's (a rebuild's way; an update reads the
    stored counts of the days it needs). With ``shared_only``, only the keys another unit of the
    window has too, the only ones that can make a pair (most of a speaker's keys are its alone),
    each string kept once however many units have it."""
    least = 2 if shared_only else 1
    days = [day_number(unit.published) for unit in units]
    on_day: dict[int, list[int]] = defaultdict(list)
    for number, day in enumerate(days):
        on_day[day].append(number)
    undated = on_day.pop(UNDATED, [])
    # Undated units are in every window; their own window is the whole corpus.
    in_every_window = Counter(key for number in undated for key in candidate_keys(units[number], stems[number]))
    everywhere = Counter()
    if in_every_window:
        for unit, unit_stems in zip(units, stems, strict=True):
            everywhere.update(key for key in candidate_keys(unit, unit_stems) if key in in_every_window)
    rare: list[tuple[str, ...]] = [()] * len(units)
    for number in undated:
        rare[number] = tuple(sorted(intern(k) for k in candidate_keys(units[number], stems[number])
                                    if least <= everywhere[k] <= MAX_STEM_DF))
    dated = sorted(on_day)
    window: Counter = Counter()
    counted: dict[int, list[frozenset[str]]] = {}  # the keys of the units of each day in the window
    added = removed = 0
    for day in dated:
        while added < len(dated) and dated[added] <= day + DATE_WINDOW_DAYS:
            keys = [candidate_keys(units[number], stems[number]) for number in on_day[dated[added]]]
            for unit_keys in keys:
                window.update(unit_keys)
            counted[dated[added]] = keys
            added += 1
        while dated[removed] < day - DATE_WINDOW_DAYS:
            for unit_keys in counted.pop(dated[removed]):
                for key in unit_keys:
                    if window[key] == 1:
                        del window[key]
                    else:
                        window[key] -= 1
            removed += 1
        for number, unit_keys in zip(on_day[day], counted[day], strict=True):
            rare[number] = tuple(sorted(intern(k) for k in unit_keys
                                        if least <= window[k] + in_every_window[k] <= MAX_STEM_DF))
    return rare


def candidate_pairs(stems: list[frozenset[str]], units: list[ClaimUnit]) -> tuple[set[tuple[int, int]], Counter]:
    """Pairs of units sharing enough keys rare in their date windows (`candidate_keys`,
    `StemCalendar`, `shares_enough`), from an inverted index; never all pairs. Also the number of
    units of each stem (and key)."""
    keys = [candidate_keys(unit, unit_stems) for unit, unit_stems in zip(units, stems, strict=True)]
    days = [day_number(unit.published) for unit in units]
    calendar = StemCalendar.of(keys, days)
    rare = [calendar.rare(unit_keys, day) for unit_keys, day in zip(keys, days, strict=True)]
    index: dict[str, list[int]] = defaultdict(list)
    for number, unit_rare in enumerate(rare):
        for key in unit_rare:
            index[key].append(number)
    pairs = set()
    for number, unit_rare in enumerate(rare):
        for other in sharing_enough((other, key) for key in unit_rare for other in index[key] if other > number):
            if (units[other].article_id != units[number].article_id
                    and _close_in_time(units[number].published, units[other].published)):
                pairs.add((number, other))
    return pairs, calendar.total


@lru_cache(maxsize=1 << 16)
def numbers(normalised: str) -> frozenset[str]:
    """The numbers a normalised wording gives, digits only: a number's groups of three digits
    (`87.000`, `87 ribu`: words `87` `000`) are joined again, a range (`70-80`) gives both ends.

    >>> sorted(numbers(normalise("Kemarin ada 87.000 penumpang, biasanya 70-80 ribu, target 2019")))
    ['2019', '70', '80000', '87000']
    """
    found: list[str] = []
    joinable = False  # whether the last word was a number that a group `000` continues
    for word in normalised.split():
        if joinable and len(word) == 3 and word.isdigit():
            found[-1] += word
            continue
        parts = word.split("-")
        joinable = all(part.isdigit() for part in parts)
        if joinable:
            found.extend(parts)
    return frozenset(number.lstrip("0") or "0" for number in found)


def number_evidence(a: str, b: str) -> float:
    """0 unless both normalised wordings give numbers and none of them agree: then a penalty.
    The same speaker on the same days says `87.000 penumpang` of yesterday and `100.000
    penumpang` of the year's target; outlets reporting one statement keep its numbers.

    >>> number_evidence("kemarin 87 000 penumpang", "target 100 000 penumpang")
    -10.0
    >>> number_evidence("170 000", "angka 170 000 penumpang")
    0.0
    """
    numbers_a, numbers_b = numbers(a), numbers(b)
    return -NUMBER_CONFLICT_PENALTY if numbers_a and numbers_b and not numbers_a & numbers_b else 0.0


def pair_score(a: ClaimUnit, b: ClaimUnit, stems_a: frozenset[str], stems_b: frozenset[str],
               idf: dict[str, float], *, at_least: float = 0.0) -> float:
    """Text similarity (the better of rapidfuzz and IDF-weighted Dice overlap of stems) plus speaker
    evidence (`speaker_evidence`) and number evidence (`number_evidence`).

    Dice rather than the overlap with the smaller unit: a short generic sentence (`Saya tidak
    pernah melihat videonya`) is contained in many others without being what they say. A score
    under ``at_least`` may come out lower than it is (rapidfuzz stops early): enough for finding
    the pairs that reach a threshold."""
    normalised_a, normalised_b = normalise(a.text), normalise(b.text)
    evidence = speaker_evidence(a.speaker_name, b.speaker_name) + number_evidence(normalised_a, normalised_b)
    shared = sum(idf[s] for s in stems_a & stems_b)
    total = sum(idf[s] for s in stems_a) + sum(idf[s] for s in stems_b)
    overlap = 200.0 * shared / total if total else 0.0
    cutoff = max(overlap, at_least - evidence)
    return max(similarity(normalised_a, normalised_b, score_cutoff=cutoff), overlap) + evidence


def join_scored_pairs(units: list[ClaimUnit], scored: Iterable[tuple[float, int, int]],
                      score_of: Callable[[int, int], float], *, threshold: float = DEFAULT_THRESHOLD) -> list[Claim]:
    """Claims from ``(score, i, j)`` pairs of unit numbers, best pair first (see the module
    docstring); ``score_of(i, j)`` scores any two units, for the average-link check."""
    parent = list(range(len(units)))
    members_of: dict[int, list[int]] = {}
    quotes_in: dict[int, dict[int, set[int]]] = {}  # cluster root -> {article id: its quote ids}
    best: dict[int, float] = {}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def members(i: int) -> list[int]:
        return members_of.setdefault(i, [i])

    def quotes(i: int) -> dict[int, set[int]]:
        return quotes_in.setdefault(i, {units[i].article_id: {units[i].quote_id}})

    kind_of = {unit.quote_id: unit.kind for unit in units}

    def quote_and_paraphrase(quotes_a: set[int], quotes_b: set[int]) -> bool:
        """Whether one side has only direct quotes of an article and the other only its reported
        speech: an article that quotes a statement and paraphrases it reports it once."""
        kinds_a, kinds_b = {kind_of[q] for q in quotes_a}, {kind_of[q] for q in quotes_b}
        return len(kinds_a) == len(kinds_b) == 1 and kinds_a | kinds_b == {"direct", "indirect"}

    def mean_link(a: int, b: int) -> float | None:
        """The mean score between the members of ``a`` and ``b`` from different articles; when one
        side is one article's report, the mean over the other side's articles of each member's
        best pair with that article: the other sentences of a report in the claim (`Hanya butuh
        proses saja` after `memang sejalan dengan apa yang saya pikirkan`) are not what it is
        compared with."""
        if len(quotes(b)) == 1:
            a, b = b, a
        one_report = len(quotes(a)) == 1
        links: dict[tuple[int, int], float] = {}  # (member of a, member or article of b) -> its best score
        for i in members(a)[:LINK_SAMPLE]:
            for j in members(b)[:LINK_SAMPLE]:
                if units[i].article_id != units[j].article_id:
                    key = (i, units[j].article_id) if one_report else (i, j)
                    links[key] = max(links.get(key, -math.inf), score_of(i, j))
        return sum(links.values()) / len(links) if links else None

    for score, i, j in sorted(scored, reverse=True):
        if score < threshold:
            break
        a, b = root(i), root(j)
        if a != b:
            quotes_a, quotes_b = quotes(a), quotes(b)
            second_quote = any(not (quotes_a[article] <= ids or ids <= quotes_a[article])
                               and not quote_and_paraphrase(quotes_a[article], ids)
                               for article, ids in quotes_b.items() if article in quotes_a)
            if second_quote and score < threshold + SECOND_QUOTE_MARGIN:
                continue
            mean = mean_link(a, b)
            if mean is not None and mean < threshold - (0.0 if second_quote else AVERAGE_LINK_MARGIN):
                continue
            parent[a] = b
            members(b).extend(members_of.pop(a, [a]))
            for article, ids in quotes_in.pop(a, quotes_a).items():
                quotes_b.setdefault(article, set()).update(ids)
        best[i], best[j] = max(best.get(i, 0.0), score), max(best.get(j, 0.0), score)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in best:
        groups[root(i)].append(i)
    claims = []
    for group in groups.values():
        group.sort(key=lambda i: (units[i].published or "", units[i].article_id, units[i].start))
        claims.append(Claim(members=[(units[i], round(best[i], 1)) for i in group]))
    claims.sort(key=lambda c: -len(c.members))
    return claims


def cluster(units: Iterable[ClaimUnit], *, threshold: float = DEFAULT_THRESHOLD) -> list[Claim]:
    """Claims reported by two or more articles, each member with its best score."""
    units = list(units)
    stems = [content_stems(unit.text) for unit in units]
    pairs, frequency = candidate_pairs(stems, units)
    idf = {s: math.log(1 + len(units) / count) for s, count in frequency.items()}
    scores = {(i, j): pair_score(units[i], units[j], stems[i], stems[j], idf) for i, j in pairs}

    def score_of(i: int, j: int) -> float:
        key = (i, j) if i < j else (j, i)
        if key not in scores:
            scores[key] = pair_score(units[key[0]], units[key[1]], stems[key[0]], stems[key[1]], idf)
        return scores[key]

    return join_scored_pairs(units, [(score, i, j) for (i, j), score in scores.items()], score_of, threshold=threshold)


# --- Matching in parts: the same steps on part of a corpus ---------------------------------------
#
# `cluster` finds candidates, scores them and joins them on one list in memory. The functions
# below are those steps cut apart, so that they can run on part of a corpus with the statistics
# of the whole: `claimtrack.storage.update_claims` matches new quotes against stored claims (key
# counts per day and postings read from the database into a `StemCalendar`), and
# `claimtrack.parallel.score_candidates` finds and scores the candidates of blocks of units in
# other processes; `join_scored_pairs` joins the result. On a whole list, `cluster_in_parts`
# gives the claims `cluster` gives (tests/test_matching_scale.py checks it on the claims gold set;
# its stem weights are rounded to 2**-24 so that every process scores alike, see `idf_weights`),
# and `rare_keys`, which counts a week at a time, the rare keys of `StemCalendar.rare`
# (tests/test_matching.py): a change to the candidate rule of `candidate_pairs` or to the stem
# weights of `cluster` must be made here too.


IDF_RESOLUTION = 2**24


def idf_weights(frequency: dict[str, int], total_units: int) -> dict[str, float]:
    """Inverse document frequency of each stem in a corpus of ``total_units`` units, as `cluster`
    weighs it, rounded to a multiple of 2**-24: sums of such weights are exact in any order, and a
    set of stems is summed in an order that depends on the process's hash seed, so every process
    scores a pair alike (unrounded, worker and writer differed in the 15th digit).

    >>> idf_weights({"sanksi": 3}, 300)["sanksi"] * IDF_RESOLUTION % 1
    0.0
    """
    return {s: round(math.log(1 + total_units / count) * IDF_RESOLUTION) / IDF_RESOLUTION
            for s, count in frequency.items()}


class CandidateIndex:
    """The inverted index of the candidate rule over a list of units: each unit's rare stems
    (`StemCalendar.rare`) and, for each stem, the units it is rare for in day order, so that a
    unit reads only the postings of its own date window."""

    def __init__(self, units: list[ClaimUnit], rare: list[tuple[str, ...]]) -> None:
        self.units, self.rare = units, rare
        self.days = [day_number(unit.published) for unit in units]
        postings: dict[str, list[int]] = defaultdict(list)
        for number, unit_rare in enumerate(rare):
            for key in unit_rare:
                postings[key].append(number)
        # A key of one unit pairs it with nothing.
        self.postings = {key: sorted(numbers, key=self.days.__getitem__)  # stable: ascending numbers within a day
                         for key, numbers in postings.items() if len(numbers) > 1}

    def _near(self, stem: str, day: int) -> Iterable[int]:
        """The units of ``stem``'s postings close enough in time to a unit of ``day``."""
        numbers = self.postings[stem]
        if day == UNDATED:
            return numbers
        day_of = self.days.__getitem__
        undated = bisect_left(numbers, UNDATED + 1, key=day_of)
        first = bisect_left(numbers, day - DATE_WINDOW_DAYS, lo=undated, key=day_of)
        last = bisect_right(numbers, day + DATE_WINDOW_DAYS, lo=first, key=day_of)
        return chain(numbers[:undated], numbers[first:last])

    def candidates_of(self, queries: Iterable[int], *, later_only: bool = True) -> set[tuple[int, int]]:
        """Candidate pairs ``(i, j)``, ``i < j``, of the units numbered in ``queries``, by the rule
        of `candidate_pairs` (``MIN_SHARED_STEMS`` rare stems shared, another article, close in
        time). With ``later_only`` a query is paired with higher numbers only, so that queries
        covering all units find each pair once; without, with any other unit."""
        pairs = set()
        for number in queries:
            day = self.days[number]
            by_group = defaultdict(list)
            for key in self.rare[number]:
                if key in self.postings:
                    by_group[key_group(key)].append(key)
            article = self.units[number].article_id
            for group, keys in by_group.items():
                enough = enough_shared(group)
                if len(keys) < enough:
                    continue
                shared = Counter(other for key in keys for other in self._near(key, day)
                                 if (other > number if later_only else other != number))
                for other, count in shared.items():
                    if count >= enough and self.units[other].article_id != article:
                        pairs.add((number, other) if number < other else (other, number))
        return pairs

    def is_candidate(self, i: int, j: int) -> bool:
        """Whether units ``i`` and ``j`` are a candidate pair (for explaining a missed match)."""
        return (shares_enough(set(self.rare[i]).intersection(self.rare[j]))
                and self.units[i].article_id != self.units[j].article_id
                and _close_in_time(self.units[i].published, self.units[j].published))


def still_candidates(rare_a: Iterable[str], rare_b: Iterable[str]) -> bool:
    """Whether two units found as candidates still share enough rare keys, given their rare keys
    as the calendar of a grown corpus has them (a stem rare in a week of 1,000 units may not be in
    a week of 10,000)."""
    return shares_enough(set(rare_a).intersection(rare_b))


class PairScorer:
    """`pair_score` of any two units of a list, by their numbers, with the corpus's stem weights;
    what `join_scored_pairs` takes as ``score_of``. Scores are kept, and always computed with the
    lower number first, as `cluster` computes them."""

    def __init__(self, units: list[ClaimUnit], stems: list[frozenset[str]], idf: dict[str, float]) -> None:
        self.units, self.stems, self.idf = units, stems, idf
        self.scores: dict[tuple[int, int], float] = {}

    def __call__(self, i: int, j: int) -> float:
        key = (i, j) if i < j else (j, i)
        if key not in self.scores:
            self.scores[key] = pair_score(self.units[key[0]], self.units[key[1]], self.stems[key[0]],
                                          self.stems[key[1]], self.idf)
        return self.scores[key]

    def at_least(self, pairs: Iterable[tuple[int, int]], threshold: float) -> list[tuple[float, int, int]]:
        """``(score, i, j)`` of the pairs scoring ``threshold`` or more: the only ones joined, and
        the only ones kept (a million units have millions of candidate pairs)."""
        found = []
        for i, j in pairs:
            key = (i, j) if i < j else (j, i)
            score = self.scores.get(key)
            if score is None:
                score = pair_score(self.units[key[0]], self.units[key[1]], self.stems[key[0]], self.stems[key[1]],
                                   self.idf, at_least=threshold)
            if score >= threshold:
                self.scores[key] = score
                found.append((score, *key))
        return found


class ScoringCorpus:
    """Units with their stems and the statistics of the whole list: all that finding and scoring
    the candidates of any block of them needs. It pickles as units and stems only (what a worker
    is sent); counts, stem weights and the index are computed once per process, on first use."""

    def __init__(self, units: list[ClaimUnit], stems: list[frozenset[str]]) -> None:
        self.__setstate__({"units": units, "stems": stems})

    def __getstate__(self) -> dict:
        return {"units": self.units, "stems": self.stems}

    def __setstate__(self, state: dict) -> None:
        self.units, self.stems = state["units"], state["stems"]
        self._made: dict[str, object] = {}

    def _once(self, name: str, make: Callable[[], object]):
        if name not in self._made:
            self._made[name] = make()
        return self._made[name]

    @property
    def frequency(self) -> Counter:
        """Units per stem."""
        return self._once("frequency", lambda: Counter(s for unit_stems in self.stems for s in unit_stems))

    @property
    def rare(self) -> list[tuple[str, ...]]:
        """The rare keys of each unit that another unit of its window has too."""
        return self._once("rare", lambda: rare_keys(self.units, self.stems, shared_only=True))

    @property
    def index(self) -> CandidateIndex:
        return self._once("index", lambda: CandidateIndex(self.units, self.rare))

    @property
    def scorer(self) -> PairScorer:
        return self._once("scorer", lambda: PairScorer(self.units, self.stems,
                                                       idf_weights(self.frequency, len(self.units))))

    def scored_block(self, block: int, blocks: int, *, threshold: float = DEFAULT_THRESHOLD
                     ) -> tuple[int, list[tuple[float, int, int]]]:
        """How many candidate pairs the units ``block``, ``block + blocks``, … have with later
        units, and those scoring ``threshold`` or more as ``(score, i, j)``. Every block of
        ``blocks`` together find each candidate pair once."""
        pairs = self.index.candidates_of(range(block, len(self.units), blocks))
        return len(pairs), self.scorer.at_least(pairs, threshold)


def cluster_in_parts(units: list[ClaimUnit], *, threshold: float = DEFAULT_THRESHOLD, blocks: int = 1) -> list[Claim]:
    """`cluster` made of the parts above, the candidates of ``blocks`` interleaved blocks of units
    found in turn (as the parallel engine finds them): the same claims as `cluster`."""
    corpus = ScoringCorpus(units, [content_stems(unit.text) for unit in units])
    scored = [pair for block in range(blocks) for pair in corpus.scored_block(block, blocks, threshold=threshold)[1]]
    return join_scored_pairs(units, scored, corpus.scorer, threshold=threshold)
