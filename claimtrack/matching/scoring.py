"""Scoring two claim units: the probability that they state one statement.

Pure functions of the units and the corpus's stem weights (:func:`idf_weights`). What two
wordings share is measured several ways (:func:`pair_features`): rapidfuzz on normalised words,
an IDF-weighted overlap of Sastrawi stems, the numbers and names they give, whether one is
negated and the other not; what their speakers (:mod:`claimtrack.names` decides whether two
names can be one person), kinds and days say. The learned pair model
(:mod:`claimtrack.matching.model`) turns those features into a calibrated probability.
:class:`PairScorer` keeps the probabilities of a list of units by their numbers.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from claimtrack import lexicon
from claimtrack.matching.model import ModelError, PairModel, load_model
from claimtrack.matching.units import UNDATED, ClaimUnit, day_number
from claimtrack.names import same_person, speaker_keys
from claimtrack.stemming import stem

TRIMMED_LENGTH = 0.8
_WORD = re.compile(r"[\w-]+")


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
    return " ".join(w for w in _standard_words(text) if w not in lex.matching_stopwords)


def _standard_words(text: str) -> list[str]:
    colloquial = lexicon.load().matching_colloquial
    return [colloquial.get(w, w) for w in _WORD.findall(text.lower())]


def content_stems(text: str) -> frozenset[str]:
    """The stems of a wording's content words: `menegaskan` and `tegas` count as one."""
    return frozenset(stem(word) for word in normalise(text).split() if len(word) > 2)


def similarity(a: str, b: str, *, score_cutoff: float = 0.0) -> float:
    """How alike two normalised wordings are, 0-100; 0 when below ``score_cutoff`` (rapidfuzz then
    stops early): the better of ``token_set_ratio`` (rewording around a shared core) and
    :func:`trimmed_similarity`."""
    return max(fuzz.token_set_ratio(a, b, score_cutoff=score_cutoff),
               trimmed_similarity(a, b, score_cutoff=score_cutoff))


def trimmed_similarity(a: str, b: str, *, score_cutoff: float = 0.0) -> float:
    """``partial_ratio`` for a trimmed wording inside a longer one; two long wordings of about the
    same length (the shorter over 64 characters and over ``TRIMMED_LENGTH`` of the other) are
    compared whole by ``ratio``, which scores them alike at a twentieth of the cost (rapidfuzz's
    partial_ratio is slow past 64 characters); 0 when the shorter has under 30 characters."""
    shorter, longer = sorted((len(a), len(b)))
    if shorter < 30:
        return 0.0
    if shorter <= 64 or shorter <= TRIMMED_LENGTH * longer:
        return fuzz.partial_ratio(a, b, score_cutoff=score_cutoff)
    return fuzz.ratio(a, b, score_cutoff=score_cutoff)


SAME, UNKNOWN, CONFLICT, PARTIAL = "same", "unknown", "conflict", "partial"


@lru_cache(maxsize=1 << 16)
def speaker_agreement(a: str, b: str) -> str:
    """``"same"`` for the same or a compatible speaker, ``"unknown"`` when one side names no
    person, ``"conflict"`` for two different people or sources.

    Two people conflict when their names share no word (allowing for spelling); when neither
    side names a person, two sources conflict when they share no organisation or place
    (`Reuters` / `dua pejabat senior Iran`). A person against a bare role or place (`Mahathir
    Mohamad` / `Perdana Menteri Malaysia`) is unknown: outlets attribute one statement both ways.

    >>> speaker_agreement("Bamsoet", "Ketua DPR Bambang Soesatyo"), speaker_agreement("Kasubbid", "I Gede Nyeneng")
    ('same', 'unknown')
    """
    (person_a, source_a), (person_b, source_b) = speaker_keys(a), speaker_keys(b)
    if person_a and person_b:
        return SAME if same_person(person_a, person_b) else CONFLICT
    if not person_a and not person_b and source_a and source_b and not source_a & source_b:
        return CONFLICT
    return UNKNOWN


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


def number_agreement(a: str, b: str) -> str:
    """Whether two normalised wordings that both give numbers give the same ones (``"same"``:
    those of one are all in the other, a trimmed wording drops some), none of the same
    (``"conflict"``), or some of the same and each others too (``"partial"``: `RW 08 … RW 12` /
    `RW 12 … RW 09`); ``"unknown"`` when one gives none. The same speaker on the same days says
    `87.000 penumpang` of yesterday and `100.000 penumpang` of the year's target; outlets
    reporting one statement keep its numbers.

    >>> number_agreement("kemarin 87 000 penumpang", "target 100 000 penumpang")
    'conflict'
    >>> number_agreement("170 000", "angka 170 000 penumpang"), number_agreement("170 000", "angka penumpang")
    ('same', 'unknown')
    >>> number_agreement("rw 08 rw 12", "rw 12 rw 09")
    'partial'
    """
    numbers_a, numbers_b = numbers(a), numbers(b)
    if not numbers_a or not numbers_b:
        return UNKNOWN
    if not numbers_a & numbers_b:
        return CONFLICT
    return SAME if numbers_a <= numbers_b or numbers_b <= numbers_a else PARTIAL


def negated(text: str) -> bool:
    """Whether a wording has a negation word (``[matching] negations`` of id.toml, colloquial
    spellings standardised first).

    >>> negated("Udah enggak ada masalah"), negated("Sudah ada masalah")
    (True, False)
    """
    negations = lexicon.load().matching_negations
    return any(word in negations for word in _standard_words(text))


def names_in(text: str) -> frozenset[str]:
    """The capitalised words of a wording but its first (which a sentence capitalises anyway),
    lower case, function words left out: the people, places and bodies it names.

    >>> sorted(names_in("Persija memutuskan tidak melanjutkan kerja sama dengan Julio dan Edu"))
    ['edu', 'julio']
    """
    lex = lexicon.load()
    words = _WORD.findall(text)[1:]
    return frozenset(w.lower() for w in words if w[:1].isupper() and w.lower() not in lex.matching_stopwords)


@dataclass(frozen=True)
class UnitTraits:
    """What the pair features read of one unit, computed once per unit."""

    normalised: str
    stems: frozenset[str]
    numbers: frozenset[str]
    negated: bool
    names: frozenset[str]
    kind: str
    day: int
    speaker: str


def traits(unit: ClaimUnit, stems: frozenset[str]) -> UnitTraits:
    normalised = normalise(unit.text)
    return UnitTraits(normalised, stems, numbers(normalised), negated(unit.text), names_in(unit.text),
                      "indirect" if unit.kind == "indirect" else "direct",
                      day_number(unit.published), unit.speaker_name)


# The features of a pair, in the order the model reads them (its file names them too, and must agree).
FEATURES = (
    "token_set",  # rapidfuzz token_set_ratio of the normalised wordings, 0-1
    "trimmed",  # trimmed_similarity, 0-1
    "ratio",  # rapidfuzz ratio, 0-1
    "stem_dice",  # IDF-weighted Dice overlap of the stems
    "stem_cover",  # IDF weight of the shared stems over that of the smaller side
    "speaker_unknown",  # speaker_agreement: one side names no person
    "speaker_conflict",  # two people, or two sources
    "numbers_same",  # number_agreement
    "numbers_conflict",
    "numbers_partial",
    "negation_mismatch",  # one wording negated, the other not
    "names_shared",  # Jaccard of the names of the two wordings (0 when neither names any)
    "names_conflict",  # both name someone or somewhere, and nothing in common
    "kinds_mixed",  # a direct quote and reported speech
    "kinds_indirect",  # two reported wordings
    "days_apart",  # days between the two, over the date window (0 when one is undated)
    "length_ratio",  # the shorter normalised wording's length over the longer's
    "shared_stems",  # how many stems the two share, over SHARED_STEMS_SCALE (at most 1)
    "shared_weight",  # the IDF weight of the shared stems over that of SHARED_WEIGHT_SCALE stems found once
)
# Long paraphrases share many rare words though their wordings differ (`Tingginya dinamika
# pertemuan … menegaskan … kemitraan strategis … pertahanan` / `Intensitas pertemuan … menegaskan
# … kemitraan pertahanan strategis`): what the two features above count, up to these.
SHARED_STEMS_SCALE = 8
SHARED_WEIGHT_SCALE = 4


_DAYS = 3.0  # days_apart is counted up to the date window of the candidate rule
# The rapidfuzz features by their index, cheapest first, each as a function of two normalised
# wordings and a score cutoff (0-100) under which rapidfuzz may stop early and give 0.
_FUZZY = (
    (FEATURES.index("ratio"), fuzz.ratio),
    (FEATURES.index("token_set"), fuzz.token_set_ratio),
    (FEATURES.index("trimmed"), trimmed_similarity),
)


def pair_features(a: UnitTraits, b: UnitTraits, idf: dict[str, float], units_in_corpus: int, *,
                  weights: tuple[float, float] | None = None, fuzzy: bool = True) -> list[float]:
    """The features of two units (``FEATURES``, in that order), with the stem weights of a corpus
    of ``units_in_corpus`` units. ``weights`` are the IDF weights of each unit's stems, when known;
    without ``fuzzy``, the rapidfuzz features (the costliest) are 0."""
    shared_stems = a.stems & b.stems
    shared = sum(idf[s] for s in shared_stems)
    weight_a, weight_b = weights or (sum(idf[s] for s in a.stems), sum(idf[s] for s in b.stems))
    speakers = speaker_agreement(a.speaker, b.speaker)
    numbers_agree = number_agreement(a.normalised, b.normalised)
    names_union = a.names | b.names
    names_shared = len(a.names & b.names) / len(names_union) if names_union else 0.0
    length_a, length_b = len(a.normalised), len(b.normalised)
    features = [
        0.0,  # token_set
        0.0,  # trimmed
        0.0,  # ratio
        2.0 * shared / (weight_a + weight_b) if weight_a + weight_b else 0.0,
        shared / min(weight_a, weight_b) if min(weight_a, weight_b) else 0.0,
        float(speakers == UNKNOWN),
        float(speakers == CONFLICT),
        float(numbers_agree == SAME),
        float(numbers_agree == CONFLICT),
        float(numbers_agree == PARTIAL),
        float(a.negated != b.negated),
        names_shared,
        float(bool(a.names and b.names) and not names_shared),
        float(a.kind != b.kind),
        float(a.kind == b.kind == "indirect"),
        0.0 if UNDATED in (a.day, b.day) else min(abs(a.day - b.day), _DAYS) / _DAYS,
        min(length_a, length_b) / max(length_a, length_b, 1),
        min(len(shared_stems), SHARED_STEMS_SCALE) / SHARED_STEMS_SCALE,
        min(shared / (SHARED_WEIGHT_SCALE * math.log(1 + weighing_units(units_in_corpus))), 1.0),
    ]
    if fuzzy:
        for index, measure in _FUZZY:
            features[index] = measure(a.normalised, b.normalised) / 100.0
    return features


IDF_RESOLUTION = 2**24
# Stem weights are counted as in a corpus of at least this many units: in a smaller one, one more
# unit with a word changes its weight by much (in 44 units, a stem two units share weighs 0.82 of
# one in one unit; in 100,000, 0.94), so that two wordings of a few articles would score lower
# than the same two in a week of news.
MIN_WEIGHING_UNITS = 10_000


def weighing_units(total_units: int) -> int:
    """The corpus size stem weights are counted with: ``total_units``, at least ``MIN_WEIGHING_UNITS``."""
    return max(total_units, MIN_WEIGHING_UNITS)


def idf_weights(frequency: dict[str, int], total_units: int) -> dict[str, float]:
    """Inverse document frequency of each stem in a corpus of ``total_units`` units (at least
    ``MIN_WEIGHING_UNITS``), rounded to a multiple of 2**-24: sums of such weights are exact in any
    order, and a set of stems is summed in an order that depends on the process's hash seed, so
    every process scores a pair alike (unrounded, worker and writer differed in the 15th digit).

    >>> idf_weights({"sanksi": 3}, 300)["sanksi"] * IDF_RESOLUTION % 1
    0.0
    """
    units = weighing_units(total_units)
    return {s: round(math.log(1 + units / count) * IDF_RESOLUTION) / IDF_RESOLUTION for s, count in frequency.items()}


def pair_probability(a: ClaimUnit, b: ClaimUnit, stems_a: frozenset[str], stems_b: frozenset[str],
                     idf: dict[str, float], units_in_corpus: int, *, model: PairModel | None = None) -> float:
    """The probability that two units state one statement, by the pair model, with the stem
    weights of a corpus of ``units_in_corpus`` units."""
    model = model or load_model()
    return model.probability(pair_features(traits(a, stems_a), traits(b, stems_b), idf, units_in_corpus))


class PairScorer:
    """The probability of any two units of a list, by their numbers, with the stem weights of a
    corpus of ``units_in_corpus`` units; what `join_scored_pairs` takes as ``score_of``.
    Probabilities are kept, and always computed with the lower number first."""

    def __init__(self, units: list[ClaimUnit], stems: list[frozenset[str]], idf: dict[str, float],
                 units_in_corpus: int, model: PairModel | None = None) -> None:
        self.units, self.stems, self.idf, self.units_in_corpus = units, stems, idf, units_in_corpus
        self.model = model or load_model()
        if self.model.features != FEATURES:
            raise ModelError(f"The pair model reads the features {list(self.model.features)}, this claimtrack "
                             f"computes {list(FEATURES)}; rebuild it with: python training/claims/train.py")
        self.scores: dict[tuple[int, int], float] = {}
        self._traits: dict[int, tuple[UnitTraits, float]] = {}

    def traits(self, i: int) -> tuple[UnitTraits, float]:
        """A unit's traits and the IDF weight of its stems."""
        found = self._traits.get(i)
        if found is None:
            unit_traits = traits(self.units[i], self.stems[i])
            found = self._traits[i] = (unit_traits, sum(self.idf[s] for s in unit_traits.stems))
        return found

    def features(self, i: int, j: int, *, fuzzy: bool = True) -> list[float]:
        (a, weight_a), (b, weight_b) = self.traits(i), self.traits(j)
        return pair_features(a, b, self.idf, self.units_in_corpus, weights=(weight_a, weight_b), fuzzy=fuzzy)

    def __call__(self, i: int, j: int) -> float:
        key = (i, j) if i < j else (j, i)
        if key not in self.scores:
            self.scores[key] = self.model.probability(self.features(*key))
        return self.scores[key]

    def at_least(self, pairs: Iterable[tuple[int, int]], threshold: float) -> list[tuple[float, int, int]]:
        """``(probability, i, j)`` of the pairs whose probability is ``threshold`` or more: the
        only ones joined, and the only ones kept (a million units have millions of candidate
        pairs). The rapidfuzz features, the costliest, are computed with the cutoff under which
        the pair could not reach ``threshold`` whatever the features left (rapidfuzz then stops
        early), and a pair stops at the first that falls under it; the probability of a pair
        that reaches it is computed as :meth:`__call__` computes it."""
        model, found = self.model, []
        bound = self._pruning(threshold)
        for i, j in pairs:
            key = (i, j) if i < j else (j, i)
            probability = self.scores.get(key)
            if probability is None:
                features = self.features(*key) if bound is None else self._features_reaching(key, *bound)
                if features is None:
                    continue
                probability = model.probability(features)
            if probability >= threshold:
                self.scores[key] = probability
                found.append((probability, *key))
        return found

    def _pruning(self, threshold: float) -> tuple[float, list[tuple[int, Callable, float]]] | None:
        """The lowest decision value of ``threshold`` (less a margin for rounding) and the rapidfuzz
        features with their coefficients, or ``None`` when the model allows no such bound (a
        calibration that does not rise with the decision value, a coefficient below 0)."""
        lowest = self.model.lowest_decision(threshold)
        coefficients = self.model.coefficients
        if lowest is None or any(coefficients[index] <= 0 for index, _ in _FUZZY):
            return None
        return lowest - 1e-9, [(index, measure, coefficients[index]) for index, measure in _FUZZY]

    def _features_reaching(self, key: tuple[int, int], lowest: float, fuzzy: list[tuple[int, Callable, float]]
                           ) -> list[float] | None:
        """A pair's features, or ``None`` as soon as it cannot reach the ``lowest`` decision value."""
        features = self.features(*key, fuzzy=False)
        a, b = self.traits(key[0])[0].normalised, self.traits(key[1])[0].normalised
        missing = lowest - self.model.decision(features)
        left = math.fsum(coefficient for _, _, coefficient in fuzzy)
        for index, measure, coefficient in fuzzy:
            left -= coefficient
            needed = (missing - left) / coefficient  # the least value of this feature that can still do
            if needed > 1.0:
                return None
            value = measure(a, b, score_cutoff=max(0.0, 100.0 * needed)) / 100.0
            if value < needed:
                return None
            features[index] = value
            missing -= coefficient * value
        return features
