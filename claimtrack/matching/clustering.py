"""Clustering scored pairs into claims, and the whole engine on a list of units in memory.

:func:`join_scored_pairs` joins units from the best pair down, with the average-link and
second-quote checks of the package docstring; :func:`cluster` runs candidates, scores and joins on
one list; :class:`ScoringCorpus` and :func:`cluster_in_parts` are the same steps cut apart, so
that blocks of a corpus can be scored in other processes (``claimtrack.parallel``).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from claimtrack.matching.candidates import CandidateIndex, candidate_pairs, rare_keys
from claimtrack.matching.scoring import DEFAULT_THRESHOLD, PairScorer, content_stems, idf_weights, pair_score
from claimtrack.matching.units import ClaimUnit

AVERAGE_LINK_MARGIN = 5.0
SECOND_QUOTE_MARGIN = 10.0
LINK_SAMPLE = 12


@dataclass
class Claim:
    members: list[tuple[ClaimUnit, float]] = field(default_factory=list)

    @property
    def speaker_name(self) -> str:
        named = Counter(unit.speaker_name for unit, _ in self.members if unit.speaker_name)
        return max(named, key=lambda name: (named[name], len(name))) if named else ""


def join_scored_pairs(units: list[ClaimUnit], scored: Iterable[tuple[float, int, int]],
                      score_of: Callable[[int, int], float], *, threshold: float = DEFAULT_THRESHOLD) -> list[Claim]:
    """Claims from ``(score, i, j)`` pairs of unit numbers, best pair first (see the package
    docstring); ``score_of(i, j)`` scores any two units, for the average-link check."""
    joining = _Joining(units, score_of, threshold)
    for score, i, j in sorted(scored, reverse=True):
        if score < threshold:
            break
        joining.offer(score, i, j)
    return joining.claims()


class _Joining:
    """The clusters of :func:`join_scored_pairs` as pairs are offered, best first: a union-find
    over unit numbers, each cluster's members in the order they joined and its quotes per article."""

    def __init__(self, units: list[ClaimUnit], score_of: Callable[[int, int], float], threshold: float) -> None:
        self.units, self.score_of, self.threshold = units, score_of, threshold
        self.parent = list(range(len(units)))
        self.members_of: dict[int, list[int]] = {}
        self.quotes_in: dict[int, dict[int, set[int]]] = {}  # cluster root -> {article id: its quote ids}
        self.best: dict[int, float] = {}
        self.kind_of = {unit.quote_id: unit.kind for unit in units}

    def root(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def members(self, i: int) -> list[int]:
        return self.members_of.setdefault(i, [i])

    def quotes(self, i: int) -> dict[int, set[int]]:
        return self.quotes_in.setdefault(i, {self.units[i].article_id: {self.units[i].quote_id}})

    def offer(self, score: float, i: int, j: int) -> None:
        """Join the clusters of units ``i`` and ``j`` unless a check holds them back. A pair that
        joins them, or finds them joined, counts for each unit's best score; one held back does
        not (a unit no pair joins is in no claim)."""
        a, b = self.root(i), self.root(j)
        if a != b:
            if self._held_back(score, a, b, self._second_quote(a, b)):
                return
            self._join(a, b)
        self.best[i], self.best[j] = max(self.best.get(i, 0.0), score), max(self.best.get(j, 0.0), score)

    def _second_quote(self, a: int, b: int) -> bool:
        """Whether joining would bring a second quote of one article into a claim (unless one
        side is the article's direct quote and the other its paraphrase)."""
        quotes_a, quotes_b = self.quotes(a), self.quotes(b)
        return any(not (quotes_a[article] <= ids or ids <= quotes_a[article])
                   and not self._quote_and_paraphrase(quotes_a[article], ids)
                   for article, ids in quotes_b.items() if article in quotes_a)

    def _quote_and_paraphrase(self, quotes_a: set[int], quotes_b: set[int]) -> bool:
        """Whether one side has only direct quotes of an article and the other only its reported
        speech: an article that quotes a statement and paraphrases it reports it once."""
        kinds_a, kinds_b = {self.kind_of[q] for q in quotes_a}, {self.kind_of[q] for q in quotes_b}
        return len(kinds_a) == len(kinds_b) == 1 and kinds_a | kinds_b == {"direct", "indirect"}

    def _held_back(self, score: float, a: int, b: int, second_quote: bool) -> bool:
        """The second-quote margin on the pair, and the average-link check on the clusters."""
        if second_quote and score < self.threshold + SECOND_QUOTE_MARGIN:
            return True
        mean = self._mean_link(a, b)
        return mean is not None and mean < self.threshold - (0.0 if second_quote else AVERAGE_LINK_MARGIN)

    def _mean_link(self, a: int, b: int) -> float | None:
        """The mean score between the members of ``a`` and ``b`` from different articles; when one
        side is one article's report, the mean over the other side's articles of each member's
        best pair with that article: the other sentences of a report in the claim (`Hanya butuh
        proses saja` after `memang sejalan dengan apa yang saya pikirkan`) are not what it is
        compared with."""
        if len(self.quotes(b)) == 1:
            a, b = b, a
        one_report = len(self.quotes(a)) == 1
        units = self.units
        links: dict[tuple[int, int], float] = {}  # (member of a, member or article of b) -> its best score
        for i in self.members(a)[:LINK_SAMPLE]:
            for j in self.members(b)[:LINK_SAMPLE]:
                if units[i].article_id != units[j].article_id:
                    key = (i, units[j].article_id) if one_report else (i, j)
                    links[key] = max(links.get(key, -math.inf), self.score_of(i, j))
        return sum(links.values()) / len(links) if links else None

    def _join(self, a: int, b: int) -> None:
        quotes_a, quotes_b = self.quotes(a), self.quotes(b)
        self.parent[a] = b
        self.members(b).extend(self.members_of.pop(a, [a]))
        for article, ids in self.quotes_in.pop(a, quotes_a).items():
            quotes_b.setdefault(article, set()).update(ids)

    def claims(self) -> list[Claim]:
        """Every cluster of units that scored a pair, members in date order, largest claims first."""
        units = self.units
        groups: dict[int, list[int]] = defaultdict(list)
        for i in self.best:
            groups[self.root(i)].append(i)
        claims = []
        for group in groups.values():
            group.sort(key=lambda i: (units[i].published or "", units[i].article_id, units[i].start))
            claims.append(Claim(members=[(units[i], round(self.best[i], 1)) for i in group]))
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
# of the whole: `claimtrack.matching.incremental.update_claims` matches new quotes against stored claims (key
# counts per day and postings read from the database into a `StemCalendar`), and
# `claimtrack.parallel.score_candidates` finds and scores the candidates of blocks of units in
# other processes; `join_scored_pairs` joins the result. On a whole list, `cluster_in_parts`
# gives the claims `cluster` gives (tests/test_matching_scale.py checks it on the claims gold set;
# its stem weights are rounded to 2**-24 so that every process scores alike, see `idf_weights`),
# and `rare_keys`, which counts a week at a time, the rare keys of `StemCalendar.rare`
# (tests/test_matching.py): a change to the candidate rule of `candidate_pairs` or to the stem
# weights of `cluster` must be made here too.



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
