"""Candidate pairs: which units are compared at all, from an inverted index of rare keys.

Matching never compares all pairs. A unit is indexed by its candidate keys (:func:`candidate_keys`:
stems, pairs of stems, a stem with a word of the speaker's name); a key is rare for a unit when at
most ``MAX_STEM_DF`` units of its date window have it (:class:`StemCalendar`); two units are
candidates when they share enough rare keys of one group, come from different articles and were
published within ``DATE_WINDOW_DAYS`` of each other.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from itertools import chain
from sys import intern

from claimtrack.matching.scoring import normalise, speaker_keys_of, stem_once
from claimtrack.matching.units import UNDATED, ClaimUnit, day_number
from claimtrack.stemming import stem

DATE_WINDOW_DAYS = 3
MIN_SHARED_STEMS = 2
MIN_SHARED_SPEAKER_KEYS = 2
MAX_STEM_DF = 200


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


def candidate_keys(unit: ClaimUnit, stems: frozenset[str], *, stem_word: Callable[[str], str] = stem
                   ) -> frozenset[str]:
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
    person, _ = speaker_keys_of(unit.named_as or unit.speaker_name)
    ordered = [stem_word(word) for word in normalise(unit.text).split()]
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
    stem_word = stem_once()

    def keys_of(number: int) -> frozenset[str]:
        return candidate_keys(units[number], stems[number], stem_word=stem_word)

    days = [day_number(unit.published) for unit in units]
    on_day: dict[int, list[int]] = defaultdict(list)
    for number, day in enumerate(days):
        on_day[day].append(number)
    undated = on_day.pop(UNDATED, [])
    # Undated units are in every window; their own window is the whole corpus.
    in_every_window = Counter(key for number in undated for key in keys_of(number))
    everywhere = Counter()
    if in_every_window:
        for number in range(len(units)):
            everywhere.update(key for key in keys_of(number) if key in in_every_window)
    rare: list[tuple[str, ...]] = [()] * len(units)
    for number in undated:
        rare[number] = tuple(sorted(intern(k) for k in keys_of(number)
                                    if least <= everywhere[k] <= MAX_STEM_DF))
    dated = sorted(on_day)
    window: Counter = Counter()
    counted: dict[int, list[frozenset[str]]] = {}  # the keys of the units of each day in the window
    added = removed = 0
    for day in dated:
        while added < len(dated) and dated[added] <= day + DATE_WINDOW_DAYS:
            keys = [keys_of(number) for number in on_day[dated[added]]]
            window.update(chain.from_iterable(keys))
            counted[dated[added]] = keys
            added += 1
        while dated[removed] < day - DATE_WINDOW_DAYS:
            leaving = Counter(chain.from_iterable(counted.pop(dated[removed])))
            for key, units_of_day in leaving.items():
                if window[key] == units_of_day:
                    del window[key]
                else:
                    window[key] -= units_of_day
            removed += 1
        for number, unit_keys in zip(on_day[day], counted[day], strict=True):
            if in_every_window:
                rare[number] = tuple(sorted(intern(k) for k in unit_keys
                                            if least <= window[k] + in_every_window[k] <= MAX_STEM_DF))
            else:  # every key of the unit is in the window's counts: no Counter.__missing__ a key
                rare[number] = tuple(sorted(intern(k) for k in unit_keys if least <= window[k] <= MAX_STEM_DF))
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



class CandidateIndex:
    """The inverted index of the candidate rule over a list of units: each unit's rare stems
    (`StemCalendar.rare`) and, for each stem, the units it is rare for in day order, so that a
    unit reads only the postings of its own date window."""

    def __init__(self, units: list[ClaimUnit], rare: list[tuple[str, ...]]) -> None:
        self.units, self.rare = units, rare
        self.days = [day_number(unit.published) for unit in units]
        self.articles = [unit.article_id for unit in units]
        postings: dict[str, list[int]] = defaultdict(list)
        for number, unit_rare in enumerate(rare):
            for key in unit_rare:
                postings[key].append(number)
        # A key of one unit pairs it with nothing.
        self.postings = {key: sorted(numbers, key=self.days.__getitem__)  # stable: ascending numbers within a day
                         for key, numbers in postings.items() if len(numbers) > 1}
        del postings
        # The day of each posting, beside it: a unit's window is found by bisecting plain numbers.
        self.posting_days = {key: [self.days[number] for number in numbers] for key, numbers in self.postings.items()}
        self.group = {key: key_group(key) for key in self.postings}

    def _near(self, stem: str, day: int) -> list[int]:
        """The units of ``stem``'s postings close enough in time to a unit of ``day``."""
        numbers = self.postings[stem]
        if day == UNDATED:
            return numbers
        days = self.posting_days[stem]
        undated = bisect_left(days, UNDATED + 1)
        first = bisect_left(days, day - DATE_WINDOW_DAYS, undated)
        last = bisect_right(days, day + DATE_WINDOW_DAYS, first)
        return numbers[:undated] + numbers[first:last] if undated else numbers[first:last]

    def candidates_of(self, queries: Iterable[int], *, later_only: bool = True) -> set[tuple[int, int]]:
        """Candidate pairs ``(i, j)``, ``i < j``, of the units numbered in ``queries``, by the rule
        of `candidate_pairs` (``MIN_SHARED_STEMS`` rare stems shared, another article, close in
        time). With ``later_only`` a query is paired with higher numbers only, so that queries
        covering all units find each pair once; without, with any other unit."""
        pairs = set()
        postings, group_of, articles = self.postings, self.group, self.articles
        for number in queries:
            day = self.days[number]
            by_group = defaultdict(list)
            for key in self.rare[number]:
                if key in postings:
                    by_group[group_of[key]].append(key)
            article = articles[number]
            for group, keys in by_group.items():
                enough = enough_shared(group)
                if len(keys) < enough:
                    continue
                # Counted in C, the query and (with later_only) lower numbers too, then left out.
                shared = Counter(chain.from_iterable(self._near(key, day) for key in keys))
                for other, count in shared.items():
                    if (count >= enough and (other > number if later_only else other != number)
                            and articles[other] != article):
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
