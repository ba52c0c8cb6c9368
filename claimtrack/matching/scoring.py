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
from collections.abc import Callable, Iterable, Sequence
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


def content_stems(text: str, *, stem_word: Callable[[str], str] = stem) -> frozenset[str]:
    """The stems of a wording's content words: `menegaskan` and `tegas` count as one."""
    return frozenset(stem_word(word) for word in normalise(text).split() if len(word) > 2)


def content_stems_of(texts: Iterable[str]) -> list[frozenset[str]]:
    """:func:`content_stems` of each of ``texts``, each word stemmed once (:func:`stem_once`)."""
    stem_word = stem_once()
    return [content_stems(text, stem_word=stem_word) for text in texts]


def stem_once() -> Callable[[str], str]:
    """`claimtrack.stemming.stem` with a cache of every word it is given, for one pass over a
    corpus: Sastrawi takes a tenth of a millisecond and more a word, and the words of a million quotes (80,000)
    are more than the stemmer's own cache keeps, so that it stemmed many of them again and again."""
    return lru_cache(maxsize=None)(stem)


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
    measure = _trimmed_measure(len(a), len(b))
    return measure(a, b, score_cutoff=score_cutoff) if measure else 0.0


def _trimmed_measure(length_a: int, length_b: int) -> Callable[..., float] | None:
    """The rapidfuzz scorer :func:`trimmed_similarity` compares wordings of these lengths with."""
    shorter, longer = sorted((length_a, length_b))
    if shorter < 30:
        return None
    if shorter <= 64 or shorter <= TRIMMED_LENGTH * longer:
        return fuzz.partial_ratio
    return fuzz.ratio


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
    (person_a, source_a), (person_b, source_b) = speaker_keys_of(a), speaker_keys_of(b)
    if person_a and person_b:
        return SAME if same_person(person_a, person_b) else CONFLICT
    if not person_a and not person_b and source_a and source_b and not source_a & source_b:
        return CONFLICT
    return UNKNOWN


@lru_cache(maxsize=1 << 14)
def speaker_keys_of(name: str) -> tuple[frozenset[str], frozenset[str]]:
    """`claimtrack.names.speaker_keys`, once a name: a corpus's units and pairs of units are many
    more than its speakers' names."""
    return speaker_keys(name)


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
    return _numbers_agree(numbers(a), numbers(b))


def _numbers_agree(numbers_a: frozenset[str], numbers_b: frozenset[str]) -> str:
    """:func:`number_agreement` of the numbers of two wordings."""
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
# The rapidfuzz features by their index, cheapest first, each as the rapidfuzz scorer of two
# normalised wordings or, for ``trimmed``, the choice of one by their lengths.
_FUZZY = (
    (FEATURES.index("ratio"), fuzz.ratio),
    (FEATURES.index("token_set"), fuzz.token_set_ratio),
    (FEATURES.index("trimmed"), _trimmed_measure),
)
_SPEAKERS = {SAME: (0.0, 0.0), UNKNOWN: (1.0, 0.0), CONFLICT: (0.0, 1.0)}  # speaker_unknown, speaker_conflict
_NUMBERS = {UNKNOWN: (0.0, 0.0, 0.0), SAME: (1.0, 0.0, 0.0), CONFLICT: (0.0, 1.0, 0.0), PARTIAL: (0.0, 0.0, 1.0)}


def pair_features(a: UnitTraits, b: UnitTraits, idf: dict[str, float], units_in_corpus: int, *,
                  weights: tuple[float, float] | None = None, fuzzy: bool = True) -> list[float]:
    """The features of two units (``FEATURES``, in that order), with the stem weights of a corpus
    of ``units_in_corpus`` units. ``weights`` are the IDF weights of each unit's stems, when known;
    without ``fuzzy``, the rapidfuzz features (the costliest) are 0."""
    rows = pair_feature_rows([a], [b], idf, units_in_corpus, weights=weights and ([weights[0]], [weights[1]]))
    fill_speakers(rows, [a.speaker], [b.speaker])
    if fuzzy:
        fill_fuzzy(rows, [a.normalised], [b.normalised])
    return rows[0].tolist()


def pair_feature_rows(first: Sequence[UnitTraits], second: Sequence[UnitTraits], idf: dict[str, float],
                      units_in_corpus: int, *, weights: tuple[Sequence[float], Sequence[float]] | None = None):
    """The features of the pairs ``first[k]``, ``second[k]`` as a NumPy array, a row a pair
    (``FEATURES`` in order), the speaker and rapidfuzz features 0 (:func:`fill_speakers` and
    :func:`fill_fuzzy` compute them); each value is the float :func:`pair_features` gives,
    whatever the number of pairs."""
    import numpy as np

    count = len(first)
    if weights is None:
        weights = ([sum(idf[s] for s in a.stems) for a in first], [sum(idf[s] for s in b.stems) for b in second])
    # What needs the two sets of a pair: stems shared (weight, count), names (in common, in all, both
    # named) and numbers.
    shared, in_common, numbers_agree = [], [], []
    weight_of = idf.__getitem__
    for a, b in zip(first, second, strict=True):
        stems = a.stems & b.stems
        shared.append((sum(map(weight_of, stems)), len(stems)))
        in_common.append((len(a.names & b.names), len(a.names | b.names), bool(a.names and b.names)))
        numbers_agree.append(_NUMBERS[_numbers_agree(a.numbers, b.numbers)])
    rows = np.zeros((count, len(FEATURES)))
    if not count:
        return rows
    column = {name: rows[:, index] for index, name in enumerate(FEATURES)}

    def of(values, dtype=np.float64):
        return np.fromiter(values, dtype=dtype, count=count)

    shared_weight, shared_count = np.array(shared, dtype=np.float64).T
    weight_a, weight_b = np.asarray(weights[0], dtype=np.float64), np.asarray(weights[1], dtype=np.float64)
    total, smaller = weight_a + weight_b, np.minimum(weight_a, weight_b)
    np.divide(2.0 * shared_weight, total, out=column["stem_dice"], where=total != 0)
    np.divide(shared_weight, smaller, out=column["stem_cover"], where=smaller != 0)
    column["numbers_same"][:], column["numbers_conflict"][:], column["numbers_partial"][:] = np.array(numbers_agree).T
    column["negation_mismatch"][:] = of(a.negated for a in first) != of(b.negated for b in second)
    names_common, names_union, both_named = np.array(in_common, dtype=np.int64).T
    np.divide(names_common, names_union, out=column["names_shared"], where=names_union != 0)
    column["names_conflict"][:] = (both_named != 0) & (names_common == 0)
    indirect_a = of((a.kind == "indirect" for a in first), bool)
    indirect_b = of((b.kind == "indirect" for b in second), bool)
    column["kinds_mixed"][:] = indirect_a != indirect_b
    column["kinds_indirect"][:] = indirect_a & indirect_b
    day_a, day_b = of((a.day for a in first), np.int64), of((b.day for b in second), np.int64)
    dated = (day_a != UNDATED) & (day_b != UNDATED)
    column["days_apart"][:] = np.where(dated, np.minimum(np.abs(day_a - day_b), _DAYS) / _DAYS, 0.0)
    length_a = of((len(a.normalised) for a in first), np.int64)
    length_b = of((len(b.normalised) for b in second), np.int64)
    column["length_ratio"][:] = np.minimum(length_a, length_b) / np.maximum(np.maximum(length_a, length_b), 1)
    column["shared_stems"][:] = np.minimum(shared_count, SHARED_STEMS_SCALE) / SHARED_STEMS_SCALE
    scale = SHARED_WEIGHT_SCALE * math.log(1 + weighing_units(units_in_corpus))
    column["shared_weight"][:] = np.minimum(shared_weight / scale, 1.0)
    return rows


_SPEAKER_FEATURES = (FEATURES.index("speaker_unknown"), FEATURES.index("speaker_conflict"))


def fill_speakers(rows, first: Sequence[str], second: Sequence[str], *, pairs=None) -> None:
    """Compute the speaker features (:func:`speaker_agreement`) of the rows ``pairs`` (all by
    default) of :func:`pair_feature_rows`, whose speakers are ``first[k]`` and ``second[k]`` for
    the k-th of those rows."""
    import numpy as np

    pairs = np.arange(len(first)) if pairs is None else pairs
    if len(first):
        rows[np.ix_(pairs, _SPEAKER_FEATURES)] = [_SPEAKERS[speaker_agreement(a, b)]
                                                   for a, b in zip(first, second, strict=True)]


def fill_fuzzy(rows, first: Sequence[str], second: Sequence[str], *, features: Iterable[int] | None = None,
               pairs=None) -> None:
    """Compute the rapidfuzz features (those of ``features``, by index; all by default) of the
    rows ``pairs`` (all by default) of :func:`pair_feature_rows`, whose normalised wordings are
    ``first[k]`` and ``second[k]`` for the k-th of those rows: rapidfuzz's ``cpdist`` on every
    pair at once, one thread."""
    import numpy as np
    from rapidfuzz.process import cpdist

    wanted = set(range(len(FEATURES)) if features is None else features)
    pairs = np.arange(len(first)) if pairs is None else pairs
    for index, measure in _FUZZY:
        if index not in wanted:
            continue
        if measure is not _trimmed_measure:
            rows[pairs, index] = cpdist(first, second, scorer=measure, dtype=np.float64) / 100.0
            continue
        chosen = [_trimmed_measure(len(a), len(b)) for a, b in zip(first, second, strict=True)]
        values = np.zeros(len(chosen))
        for scorer in {scorer for scorer in chosen if scorer}:
            picked = [k for k, found in enumerate(chosen) if found is scorer]
            values[picked] = cpdist([first[k] for k in picked], [second[k] for k in picked], scorer=scorer,
                                    dtype=np.float64)
        rows[pairs, index] = values / 100.0


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


# Pairs scored together by `PairScorer.at_least`: NumPy arrays of their features, a few MB.
SCORING_BATCH = 50_000
# How far under the lowest decision value of the threshold a pair's best possible decision value
# (summed in another order: differs in the last digits) may be and the pair still be scored.
_DECISION_MARGIN = 1e-6


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
        pairs). Pairs are scored ``SCORING_BATCH`` at a time (:meth:`_reaching`); the probability
        of a pair that reaches ``threshold`` is the one :meth:`__call__` computes."""
        found, batch = [], []
        for pair in pairs:
            batch.append(pair if pair[0] < pair[1] else (pair[1], pair[0]))
            if len(batch) == SCORING_BATCH:
                found += self._at_least(batch, threshold)
                batch = []
        return found + self._at_least(batch, threshold)

    def _at_least(self, keys: list[tuple[int, int]], threshold: float) -> list[tuple[float, int, int]]:
        scores = self.scores
        unknown = [key for key in keys if key not in scores]
        reaching = dict(zip(unknown, self._reaching(unknown, threshold), strict=True))
        found = []
        for key in keys:
            probability = scores.get(key)
            if probability is None:
                probability = reaching[key]
                if probability is None:
                    continue
            if probability >= threshold:
                scores[key] = probability
                found.append((probability, *key))
        return found

    def _reaching(self, keys: list[tuple[int, int]], threshold: float) -> list[float | None]:
        """The probability of each pair, or ``None`` for one that cannot reach ``threshold``.

        The features but the speakers' and rapidfuzz's are computed for every pair at once; those,
        the costliest, one after the other, each only for the pairs that could still reach the threshold
        whatever the features left (a coefficient above 0 at its feature's most, 1; one below at
        0), by the calibration's lowest decision value (:meth:`PairModel.lowest_decision`; every
        pair without one). The decision value of a pair left is then summed in the order
        :meth:`PairModel.decision` sums it, so that its probability is the same float."""
        import numpy as np

        if not keys:
            return []
        if self.model.features != FEATURES:  # a scorer with other features (training variants)
            return [self.model.probability(self.features(*key)) for key in keys]
        first, second = [self.traits(i) for i, _ in keys], [self.traits(j) for _, j in keys]
        rows = pair_feature_rows([a for a, _ in first], [b for b, _ in second], self.idf, self.units_in_corpus,
                                 weights=([w for _, w in first], [w for _, w in second]))
        coefficients = np.array(self.model.coefficients)
        lowest = self.model.lowest_decision(threshold)
        left = np.arange(len(keys))

        def speakers(rows, left):
            numbers = left.tolist()
            fill_speakers(rows, [first[k][0].speaker for k in numbers], [second[k][0].speaker for k in numbers],
                          pairs=left)

        def fuzzy(index):
            def fill(rows, left):
                numbers = left.tolist()
                fill_fuzzy(rows, [first[k][0].normalised for k in numbers], [second[k][0].normalised for k in numbers],
                           features=[index], pairs=left)
            return fill

        # The features left, cheapest per pair first (rapidfuzz's in C), each computed for the
        # pairs that can still reach the threshold once the ones before are known.
        later = [((index,), fuzzy(index)) for index, _ in _FUZZY[:2]] + [
            (_SPEAKER_FEATURES, speakers), ((_FUZZY[2][0],), fuzzy(_FUZZY[2][0]))]
        unknown = {index for indices, _ in later for index in indices}
        for indices, fill in later:
            if lowest is not None:
                # The most a pair's decision value can be: its known features, and the best of the rest.
                most = rows[left] @ coefficients + self.model.intercept + sum(
                    max(coefficients[k], 0.0) for k in unknown)
                left = left[most >= lowest - _DECISION_MARGIN]
            fill(rows, left)
            unknown.difference_update(indices)
        decision = np.full(len(left), self.model.intercept)
        for coefficient, values in zip(self.model.coefficients, rows[left].T, strict=True):
            decision += coefficient * values  # in PairModel.decision's order: the same float
        found: list[float | None] = [None] * len(keys)
        for k, value in zip(left.tolist(), decision.tolist(), strict=True):
            found[k] = self.model.calibrated(value)
        return found
