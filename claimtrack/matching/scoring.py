"""Scoring two claim units: how alike their wordings are, and what their speakers and numbers say.

Pure functions of the units and the corpus's stem weights (:func:`idf_weights`): rapidfuzz on
normalised words, an IDF-weighted Dice overlap of Sastrawi stems, speaker evidence
(:mod:`claimtrack.names` decides whether two speaker names can be one person) and number
evidence. :class:`PairScorer` keeps the scores of a list of units by their numbers.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from functools import lru_cache

from rapidfuzz import fuzz

from claimtrack import lexicon
from claimtrack.matching.units import ClaimUnit
from claimtrack.names import same_person, speaker_keys
from claimtrack.stemming import stem

# Tuned on the odd-numbered claims of gold/claims (60 before numbers were evidence, `number_evidence`);
# at 58 incremental updates settle more close calls otherwise than a rebuild (tests/test_claims_incremental.py).
DEFAULT_THRESHOLD = 59.0
TRIMMED_LENGTH = 0.8
SPEAKER_UNKNOWN_PENALTY = 4.0
SPEAKER_CONFLICT_PENALTY = 25.0
NUMBER_CONFLICT_PENALTY = 10.0
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
    words = (lex.matching_colloquial.get(w, w) for w in _WORD.findall(text.lower()))
    return " ".join(w for w in words if w not in lex.matching_stopwords)


def content_stems(text: str) -> frozenset[str]:
    """The stems of a wording's content words: `menegaskan` and `tegas` count as one."""
    return frozenset(stem(word) for word in normalise(text).split() if len(word) > 2)



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



def speaker_evidence(a: str, b: str) -> float:
    """0 for the same or a compatible speaker, a penalty for unknown or conflicting ones.

    Two people conflict when their names share no word (allowing for spelling); when neither
    side names a person, two sources conflict when they share no organisation or place
    (`Reuters` / `dua pejabat senior Iran`). A person against a bare role or place (`Mahathir
    Mohamad` / `Perdana Menteri Malaysia`) is unknown: outlets attribute one statement both ways.

    >>> speaker_evidence("Bamsoet", "Ketua DPR Bambang Soesatyo"), speaker_evidence("Kasubbid", "I Gede Nyeneng")
    (0.0, -4.0)
    """
    (person_a, source_a), (person_b, source_b) = speaker_keys(a), speaker_keys(b)
    if person_a and person_b:
        return 0.0 if same_person(person_a, person_b) else -SPEAKER_CONFLICT_PENALTY
    if not person_a and not person_b and source_a and source_b and not source_a & source_b:
        return -SPEAKER_CONFLICT_PENALTY
    return -SPEAKER_UNKNOWN_PENALTY



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
