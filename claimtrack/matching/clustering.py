"""Clustering scored pairs into claims, and the whole engine on a list of units in memory.

:func:`join_scored_pairs` joins units from the most probable pair down into claims that cannot
drift: each claim has a canonical wording (the medoid: the member most probably saying what the
others say), and every member states it with at least the threshold's probability. Two claims
join only when the joined claim keeps that true, so a chain of pairwise matches never carries
one statement into another. :func:`cluster` runs candidates, probabilities and joins on one list;
:class:`ScoringCorpus` and :func:`cluster_in_parts` are the same steps cut apart, so that blocks
of a corpus can be scored in other processes (``claimtrack.matching.engines``).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from claimtrack.matching.candidates import CandidateIndex, candidate_pairs, rare_keys
from claimtrack.matching.model import load_model
from claimtrack.matching.scoring import (
    CONFLICT,
    UNKNOWN,
    PairScorer,
    content_stems_of,
    idf_weights,
    normalise,
    speaker_agreement,
)
from claimtrack.matching.units import ClaimUnit

# How many members of each side of a join may become the joined claim's canonical wording: the
# first to join (a claim's core). Every member is checked against the one chosen.
CANONICAL_CANDIDATES = 12


# A wording of this many words or more that another outlet carries word for word is one statement
# whoever each outlet names as its speaker: one of them (or the extractor) attributed it wrongly
# (CLICK-ID: Nufransa's words on Sri Mulyani's pay, given to Sri Mulyani by a `-nya` in Tribunnews).
# A short sentence is anybody's (`Saya tidak tahu apa yang terjadi`: Jorge Lorenzo, Ray Sahetapy).
COPY_MIN_WORDS = 10
COPY_MIN_RATIO = 95.0


def _speakers_conflict(units: list[ClaimUnit], side_a: list[int], side_b: list[int]) -> bool:
    """Whether a member of one side is by another person (or source) than a member of the other.
    A member that copies a member of the other side word for word (:func:`copied`) is taken as
    said by that member's speaker: one of the two attributions is wrong."""
    speakers_a = {units[m].speaker_name for m in side_a}
    if not any(speaker_agreement(a, units[m].speaker_name) == CONFLICT for a in speakers_a for m in side_b):
        return False
    conflicts = [(a, b) for a in side_a for b in side_b
                 if speaker_agreement(units[a].speaker_name, units[b].speaker_name) == CONFLICT]
    copies_a = {a for a, _ in conflicts if any(copied(units[a].text, units[b].text) for b in side_b)}
    copies_b = {b for _, b in conflicts if any(copied(units[b].text, units[a].text) for a in side_a)}
    return any(a not in copies_a and b not in copies_b for a, b in conflicts)


def copied(a: str, b: str) -> bool:
    """Whether two wordings are one long wording copied word for word (``COPY_MIN_WORDS``).

    >>> copied("Saya tidak tahu apa yang terjadi.", "Saya tidak tahu apa yang terjadi.")
    False
    """
    words_a, words_b = a.split(), b.split()
    return (min(len(words_a), len(words_b)) >= COPY_MIN_WORDS
            and fuzz.ratio(normalise(a), normalise(b)) >= COPY_MIN_RATIO)


def default_threshold() -> float:
    """The probability at which two wordings are one statement: the shipped model's, chosen for
    a target precision on the claims gold's tuning half (training/claims/train.py)."""
    return load_model().threshold


@dataclass(frozen=True)
class Joining:
    """The probabilities the joining rules ask for: a pair of ``pair`` or more offers a join; every
    member must state the canonical wording with ``member`` or more (no less than ``pair``); and a
    second unit of one article and kind (a second direct quote of an article, or a second
    reported wording) with ``second_report`` or more: an article reports a statement once, except
    when it splits it over two quotes or gives it both as a quote and as reported speech; a
    member of reported speech, or any member of a canonical wording of reported speech, with
    ``reported`` or more: a reporter's summary shares a topic's words with the speaker's other
    statements more often than a quote does (the coherence audit, gold/claims/audit/). With
    ``mutual`` above 0, every two members state one statement with ``mutual`` or more, so that a
    wording that covers two statements does not join a member of each (off in the shipped model:
    it also parts the halves of one statement an outlet splits in two sentences). A member whose
    speaker neither is nor conflicts with the canonical wording's (`speaker_agreement` unknown: a
    role, a source, no name) with ``unconfirmed`` or more: nothing but the wording says it is the
    same statement. The shipped
    model's are chosen with it (training/claims/train.py)."""

    pair: float
    member: float
    second_report: float
    reported: float = 0.0
    mutual: float = 0.0
    unconfirmed: float = 0.0

    def needed(self, member: ClaimUnit, canonical: ClaimUnit, second: bool) -> float:
        """The probability ``member`` must state ``canonical`` with (``second``: a second unit of its
        article and kind)."""
        needed = self.second_report if second else self.member
        if member.kind == "indirect" or canonical.kind == "indirect":
            needed = max(needed, self.reported)
        if needed < self.unconfirmed and speaker_agreement(member.speaker_name, canonical.speaker_name) == UNKNOWN:
            needed = self.unconfirmed
        return needed

    @classmethod
    def of_model(cls, threshold: float | None = None) -> Joining:
        """The shipped model's; with ``threshold``, that pair threshold, and member and
        second-report thresholds no lower than it."""
        model = load_model()
        pair = model.threshold if threshold is None else threshold
        member = max(model.member_threshold, pair)
        return cls(pair, member, max(model.second_report_threshold, member), max(model.reported_threshold, member),
                   model.mutual_threshold, max(model.unconfirmed_threshold, member))


@dataclass
class Claim:
    """A statement and the units that state it: ``members`` as ``(unit, probability)``, the
    probability that the unit states what the ``canonical`` wording states (1.0 for that one)."""

    members: list[tuple[ClaimUnit, float]] = field(default_factory=list)
    canonical: ClaimUnit | None = None

    @property
    def speaker_name(self) -> str:
        named = Counter(unit.speaker_name for unit, _ in self.members if unit.speaker_name)
        return max(named, key=lambda name: (named[name], len(name))) if named else ""

    @property
    def statement(self) -> str:
        """The canonical wording."""
        return self.canonical.text if self.canonical else ""


def join_scored_pairs(units: list[ClaimUnit], scored: Iterable[tuple[float, int, int]],
                      score_of: Callable[[int, int], float], *, threshold: float | None = None,
                      joining: Joining | None = None) -> list[Claim]:
    """Claims from ``(probability, i, j)`` pairs of unit numbers, most probable first;
    ``score_of(i, j)`` gives the probability of any two units, for the canonical wording.

    Two claims (at first, single units) join when their pair reaches ``joining.pair`` and some
    member of their cores, taken as the joined claim's canonical wording, is stated by every
    member with the probability :meth:`Joining.needed` asks (``joining.member``; more for a second
    unit of one article and kind, and for reported speech); of those, the one with the highest
    total probability. A claim is one
    speaker's statement: two claims whose speakers conflict (`speaker_agreement`: two people, or
    two sources) never join, unless the conflicting members are copies of one long wording. ``joining``
    defaults to the shipped model's (:meth:`Joining.of_model`, with ``threshold`` when given).
    """
    joining = joining or Joining.of_model(threshold)
    joined = _Joining(units, score_of, joining)
    for probability, i, j in sorted(scored, reverse=True):
        if probability < joining.pair:
            break
        joined.offer(i, j)
    return joined.claims()


class _Joining:
    """The claims of :func:`join_scored_pairs` as pairs are offered, best first: a union-find over
    unit numbers, each claim's members in the order they joined, its canonical member and its
    members' probabilities of stating it."""

    def __init__(self, units: list[ClaimUnit], score_of: Callable[[int, int], float], joining: Joining) -> None:
        self.units, self.score_of, self.joining = units, score_of, joining
        self.parent = list(range(len(units)))
        self.members_of: dict[int, list[int]] = {}
        self.canonical_of: dict[int, tuple[int, dict[int, float]]] = {}  # root -> (canonical, {member: probability})

    def root(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def members(self, i: int) -> list[int]:
        return self.members_of.get(i) or [i]

    def offer(self, i: int, j: int) -> None:
        """Join the claims of units ``i`` and ``j`` unless the canonical wording holds them back."""
        a, b = self.root(i), self.root(j)
        if a == b:
            return
        canonical = self._canonical(self.members(a), self.members(b))
        if canonical is None:
            return
        self.parent[a] = b
        self.members_of[b] = self.members(b) + self.members(a)
        self.members_of.pop(a, None)
        self.canonical_of.pop(a, None)
        self.canonical_of[b] = canonical

    def _canonical(self, side_a: list[int], side_b: list[int]) -> tuple[int, dict[int, float]] | None:
        """The joined claim's canonical member and every member's probability of stating it, or
        ``None`` when their speakers conflict or no member of the cores is stated by every member
        with the probability the joining rules ask of it."""
        units, joining = self.units, self.joining
        merged = side_a + side_b
        reports = Counter((units[m].article_id, units[m].kind == "indirect") for m in merged)
        second = {m: reports[(units[m].article_id, units[m].kind == "indirect")] > 1 for m in merged}
        if _speakers_conflict(units, side_a, side_b):
            return None  # a claim is one speaker's statement
        best = None
        for candidate in sorted(side_a[:CANONICAL_CANDIDATES] + side_b[:CANONICAL_CANDIDATES]):
            stated = {}
            for member in merged:
                if member == candidate:
                    continue
                probability = self.score_of(member, candidate)
                if probability < joining.needed(units[member], units[candidate], second[member]):
                    break
                stated[member] = probability
            else:
                total = math.fsum(stated.values())
                if best is None or total > best[0]:
                    best = (total, candidate, stated)
        if best is None or (joining.mutual and not self._mutual(side_a, side_b)):
            return None
        _, candidate, stated = best
        return candidate, {candidate: 1.0, **stated}

    def _mutual(self, side_a: list[int], side_b: list[int]) -> bool:
        """Whether every member of one side states what every member of the other states with
        ``joining.mutual`` or more: two members that each state part of a wording that covers two
        statements (`ekonomi dunia penuh ketidakpastian dan beberapa negara masuk resesi`) do not
        state one statement, whatever their probabilities of stating that wording."""
        return all(self.score_of(a, b) >= self.joining.mutual for a in side_a for b in side_b)

    def claims(self) -> list[Claim]:
        """Every claim of two units or more, members in date order, largest claims first."""
        units = self.units
        claims = []
        for canonical, stated in self.canonical_of.values():
            group = sorted(stated, key=lambda i: (units[i].published or "", units[i].article_id, units[i].start))
            claims.append(Claim(members=[(units[i], stated[i]) for i in group], canonical=units[canonical]))
        claims.sort(key=lambda c: -len(c.members))
        return claims


def cluster(units: Iterable[ClaimUnit], *, threshold: float | None = None, joining: Joining | None = None
            ) -> list[Claim]:
    """Claims reported by two or more articles, each member with its probability of stating the
    claim's canonical wording."""
    units = list(units)
    stems = content_stems_of(unit.text for unit in units)
    pairs, frequency = candidate_pairs(stems, units)
    scorer = PairScorer(units, stems, idf_weights(frequency, len(units)), len(units))
    threshold = Joining.of_model(threshold).pair if joining is None else joining.pair
    return join_scored_pairs(units, scorer.at_least(pairs, threshold), scorer, threshold=threshold, joining=joining)



# --- Matching in parts: the same steps on part of a corpus ---------------------------------------
#
# `cluster` finds candidates, scores them and joins them on one list in memory. The functions
# below are those steps cut apart, so that they can run on part of a corpus with the statistics
# of the whole: `claimtrack.matching.incremental.update_claims` matches new quotes against stored claims (key
# counts per day and postings read from the database into a `StemCalendar`), and
# `claimtrack.parallel.score_candidates` finds and scores the candidates of blocks of units in
# other processes; `join_scored_pairs` joins the result. On a whole list, `cluster_in_parts`
# gives the claims `cluster` gives (tests/test_matching_scale.py checks it on the claims gold set;
# its stem weights are rounded to 2**-24 so that every process scores alike, see `idf_weights`),
# and `rare_keys`, which counts a week at a time, the rare keys of `StemCalendar.rare`
# (tests/test_matching.py): a change to the candidate rule of `candidate_pairs` or to the stem
# weights of `cluster` must be made here too.



# Units whose candidates `ScoringCorpus.scored_block` finds and scores together.
CANDIDATE_QUERIES = 10_000


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
                                                       idf_weights(self.frequency, len(self.units)), len(self.units)))

    def scored_block(self, block: int, blocks: int, *, threshold: float | None = None
                     ) -> tuple[int, list[tuple[float, int, int]]]:
        """How many candidate pairs the units ``block``, ``block + blocks``, … have with later
        units, and those of probability ``threshold`` or more as ``(probability, i, j)``. Every
        block of ``blocks`` together find each candidate pair once."""
        threshold = default_threshold() if threshold is None else threshold
        queries = range(block, len(self.units), blocks)
        found, scored = 0, []
        # The candidates of a few thousand units at a time: a corpus's candidate pairs at once held
        # most of a rebuild's memory (12 million pairs at a million quotes). A pair is found by its
        # lower number (`later_only`), so that each is found once whatever the parts.
        for part in range(0, len(queries), CANDIDATE_QUERIES):
            pairs = self.index.candidates_of(queries[part:part + CANDIDATE_QUERIES])
            found += len(pairs)
            scored += self.scorer.at_least(pairs, threshold)
        return found, scored


def cluster_in_parts(units: list[ClaimUnit], *, threshold: float | None = None, blocks: int = 1) -> list[Claim]:
    """`cluster` made of the parts above, the candidates of ``blocks`` interleaved blocks of units
    found in turn (as the parallel engine finds them): the same claims as `cluster`."""
    corpus = ScoringCorpus(units, content_stems_of(unit.text for unit in units))
    scored = [pair for block in range(blocks) for pair in corpus.scored_block(block, blocks, threshold=threshold)[1]]
    return join_scored_pairs(units, scored, corpus.scorer, threshold=threshold)
