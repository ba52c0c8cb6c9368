"""Matching the same claim across outlets.

A quote is split into claim-sized units (its sentences, each keeping its offsets into the
article). Matching never compares all pairs:

1. **Candidates** come from an inverted index of the units' rare Indonesian stems (Sastrawi):
   two units are compared only when they share at least ``MIN_SHARED_STEMS`` stems that occur
   in at most ``MAX_STEM_DF`` units, come from different articles, and were published within
   ``DATE_WINDOW_DAYS`` of each other. Cost grows with the number of units times the size of the
   rare-stem lists, close to linearly.
2. **Scores** combine rapidfuzz on normalised words (colloquial spellings written as the
   standard word, `enggak` → `tidak`; ``token_set_ratio`` for rewording around a shared core,
   ``partial_ratio`` for a trimmed quote inside a longer one) with an IDF-weighted Dice overlap
   of stems (paraphrases that share content words but not their form or order), and speaker
   evidence: the same or a compatible name costs nothing (`Ronaldo` / `Cristiano Ronaldo`,
   `Bamsoet` / `Bambang Soesatyo`, a misspelt `Partikno` / `Pratikno`), a speaker that names no
   person (`Kasubbid`, `Teheran`, `KPK`) a little, two different people a lot.
3. **Clusters** are joined from the best pair down, with an average-link check so that a chain
   of pairwise matches cannot carry one statement into another: two clusters join when their
   best pair reaches the threshold and the mean score between their members from different
   articles is at most ``AVERAGE_LINK_MARGIN`` below it (computed on up to ``LINK_SAMPLE``
   members of each, the first joined: the claim's core). A join that would bring a second quote
   of one article into a claim, where the speaker's other statements in the same article are
   the hardest negatives, needs a pair ``SECOND_QUOTE_MARGIN`` above the threshold and a mean
   at the threshold: an article reports a statement once, except when it splits it over two
   quotes or gives it both as a paraphrase and as a quote.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz

from claimtrack import lexicon
from claimtrack.speakers import identity_key
from claimtrack.stemming import stem

DATE_WINDOW_DAYS = 3
DEFAULT_THRESHOLD = 60.0
MIN_UNIT_WORDS = 4
MIN_SHARED_STEMS = 2
MAX_STEM_DF = 200
SPEAKER_UNKNOWN_PENALTY = 4.0
SPEAKER_CONFLICT_PENALTY = 25.0
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
    """One sentence of a stored quote."""

    quote_id: int
    article_id: int
    speaker_name: str
    published: str | None
    start: int
    end: int
    text: str


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


@lru_cache(maxsize=1 << 18)
def _normalised(text: str) -> str:
    lex = lexicon.load()
    words = (lex.matching_colloquial.get(w, w) for w in _WORD.findall(text.lower()))
    return " ".join(w for w in words if w not in lex.matching_stopwords)


def content_stems(text: str) -> frozenset[str]:
    """The stems of a wording's content words: `menegaskan` and `tegas` count as one."""
    return frozenset(stem(word) for word in normalise(text).split() if len(word) > 2)


def split_units(quote: dict) -> list[ClaimUnit]:
    """The sentences of a stored quote (a row with id, article_id, speaker_name, published,
    start, text) as claim units with offsets into the article."""
    units = []
    for match in _SENTENCE.finditer(quote["text"]):
        text = match.group().strip()
        if len(text.split()) < MIN_UNIT_WORDS:
            continue
        start = quote["start"] + match.start() + (len(match.group()) - len(match.group().lstrip()))
        units.append(ClaimUnit(quote["id"], quote["article_id"], quote["speaker_name"] or "", quote["published"],
                               start, start + len(text), text))
    return units


def similarity(a: str, b: str) -> float:
    """How alike two normalised wordings are, 0-100."""
    return max(fuzz.token_set_ratio(a, b), fuzz.partial_ratio(a, b) if min(len(a), len(b)) >= 30 else 0.0)


@lru_cache(maxsize=1 << 16)
def _speaker_keys(name: str) -> tuple[frozenset[str], frozenset[str]]:
    """Identity keys (`speakers.identity_key`) of the words of a speaker name: those that can
    name a person, with the full name of a known nickname (`Kang Emil` → {emil, ridwan, kamil}),
    and those that name an organisation or a place (`Reuters`, `KPK`, `Teheran`, `pejabat senior
    Iran` → {iran}). Roles, pronouns and sentence openers are neither (`Kasubbid`, `pernyataan`)."""
    lex = lexicon.load()
    words = [w for w in _WORD.findall(name) if w.lower() not in lex.titles]
    person, source = set(), set()
    for phrase in (" ".join(words).lower(), *(w.lower() for w in words)):
        if phrase in lex.nicknames:
            person.update(identity_key(w) for w in lex.nicknames[phrase].split())
    not_person = (lex.role_words | lex.function_words | lex.pronouns | lex.source_nouns | lex.name_honorifics
                  | lex.speaker_non_names)
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


def _close_in_time(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return True
    return abs((dt.date.fromisoformat(a) - dt.date.fromisoformat(b)).days) <= DATE_WINDOW_DAYS


def candidate_pairs(stems: list[frozenset[str]], units: list[ClaimUnit]) -> tuple[set[tuple[int, int]], Counter]:
    """Pairs of units sharing enough rare stems, from an inverted index; never all pairs."""
    frequency = Counter(s for unit_stems in stems for s in unit_stems)
    index: dict[str, list[int]] = defaultdict(list)
    for number, unit_stems in enumerate(stems):
        for s in unit_stems:
            if frequency[s] <= MAX_STEM_DF:
                index[s].append(number)
    pairs = set()
    for number, unit_stems in enumerate(stems):
        rare = (s for s in unit_stems if frequency[s] <= MAX_STEM_DF)
        shared = Counter(other for s in rare for other in index[s] if other > number)
        for other, count in shared.items():
            if (count >= MIN_SHARED_STEMS and units[other].article_id != units[number].article_id
                    and _close_in_time(units[number].published, units[other].published)):
                pairs.add((number, other))
    return pairs, frequency


def pair_score(a: ClaimUnit, b: ClaimUnit, stems_a: frozenset[str], stems_b: frozenset[str],
               idf: dict[str, float]) -> float:
    """Text similarity (the better of rapidfuzz and IDF-weighted Dice overlap of stems) plus speaker evidence.

    Dice rather than the overlap with the smaller unit: a short generic sentence (`Saya tidak
    pernah melihat videonya`) is contained in many others without being what they say."""
    shared = sum(idf[s] for s in stems_a & stems_b)
    total = sum(idf[s] for s in stems_a) + sum(idf[s] for s in stems_b)
    overlap = 200.0 * shared / total if total else 0.0
    text = max(similarity(normalise(a.text), normalise(b.text)), overlap)
    return text + speaker_evidence(a.speaker_name, b.speaker_name)


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

    def mean_link(a: int, b: int) -> float | None:
        values = [score_of(i, j) for i in members(a)[:LINK_SAMPLE] for j in members(b)[:LINK_SAMPLE]
                  if units[i].article_id != units[j].article_id]
        return sum(values) / len(values) if values else None

    for score, i, j in sorted(scored, reverse=True):
        if score < threshold:
            break
        a, b = root(i), root(j)
        if a != b:
            quotes_a, quotes_b = quotes(a), quotes(b)
            second_quote = any(not (quotes_a[article] <= ids or ids <= quotes_a[article])
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
# of the whole: `claimtrack.storage.update_claims` matches new quotes against stored claims (stem
# counts and postings read from the database), and `claimtrack.parallel.score_candidates` finds
# and scores the candidates of blocks of units in other processes; `join_scored_pairs` joins the
# result. On a whole list, `cluster_in_parts` gives the claims `cluster` gives
# (tests/test_matching_scale.py checks it on the claims gold set; its stem weights are rounded to
# 2**-24 so that every process scores alike, see `idf_weights`): a change to the candidate rule of
# `candidate_pairs` or to the stem weights of `cluster` must be made here too.


def rare_stems(stems: frozenset[str], frequency: dict[str, int]) -> tuple[str, ...]:
    """The stems of a unit that the candidate index keeps: those in at most ``MAX_STEM_DF`` units of
    the whole corpus (``frequency`` counts units per stem), sorted.

    >>> rare_stems(frozenset({"sanksi", "kata"}), {"sanksi": 3, "kata": 5000})
    ('sanksi',)
    """
    return tuple(sorted(s for s in stems if frequency[s] <= MAX_STEM_DF))


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


def stem_postings(rare: list[tuple[str, ...]]) -> dict[str, list[int]]:
    """The inverted index: each rare stem with the numbers of the units that have it, ascending."""
    postings: dict[str, list[int]] = defaultdict(list)
    for number, unit_stems in enumerate(rare):
        for s in unit_stems:
            postings[s].append(number)
    return postings


def candidates_of(queries: Iterable[int], rare: list[tuple[str, ...]], units: list[ClaimUnit],
                  postings: dict[str, list[int]], *, later_only: bool = True) -> set[tuple[int, int]]:
    """Candidate pairs ``(i, j)``, ``i < j``, of the units numbered in ``queries``, by the rule of
    `candidate_pairs` (``MIN_SHARED_STEMS`` rare stems shared, another article, close in time)
    looked up in ``postings``. With ``later_only`` a query is paired with higher numbers only, so
    that queries covering all units find each pair once; without, with any unit in ``postings``."""
    pairs = set()
    for number in queries:
        shared = Counter(other for s in rare[number] for other in postings[s]
                         if (other > number if later_only else other != number))
        for other, count in shared.items():
            if (count >= MIN_SHARED_STEMS and units[other].article_id != units[number].article_id
                    and _close_in_time(units[number].published, units[other].published)):
                pairs.add((number, other) if number < other else (other, number))
    return pairs


def still_candidates(stems_a: frozenset[str], stems_b: frozenset[str], frequency: dict[str, int]) -> bool:
    """Whether two units found as candidates still share ``MIN_SHARED_STEMS`` rare stems, now that
    ``frequency`` counts a grown corpus (a stem rare in 1,000 units may not be in 100,000)."""
    return len(set(rare_stems(stems_a, frequency)).intersection(rare_stems(stems_b, frequency))) >= MIN_SHARED_STEMS


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
                                   self.idf)
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
        return self._once("frequency", lambda: Counter(s for unit_stems in self.stems for s in unit_stems))

    @property
    def rare(self) -> list[tuple[str, ...]]:
        return self._once("rare", lambda: [rare_stems(unit_stems, self.frequency) for unit_stems in self.stems])

    @property
    def postings(self) -> dict[str, list[int]]:
        return self._once("postings", lambda: stem_postings(self.rare))

    @property
    def scorer(self) -> PairScorer:
        return self._once("scorer", lambda: PairScorer(self.units, self.stems,
                                                       idf_weights(self.frequency, len(self.units))))

    def scored_block(self, block: int, blocks: int, *, threshold: float = DEFAULT_THRESHOLD
                     ) -> tuple[int, list[tuple[float, int, int]]]:
        """How many candidate pairs the units ``block``, ``block + blocks``, … have with later
        units, and those scoring ``threshold`` or more as ``(score, i, j)``. Every block of
        ``blocks`` together find each candidate pair once."""
        pairs = candidates_of(range(block, len(self.units), blocks), self.rare, self.units, self.postings)
        return len(pairs), self.scorer.at_least(pairs, threshold)


def cluster_in_parts(units: list[ClaimUnit], *, threshold: float = DEFAULT_THRESHOLD, blocks: int = 1) -> list[Claim]:
    """`cluster` made of the parts above, the candidates of ``blocks`` interleaved blocks of units
    found in turn (as the parallel engine finds them): the same claims as `cluster`."""
    corpus = ScoringCorpus(units, [content_stems(unit.text) for unit in units])
    scored = [pair for block in range(blocks) for pair in corpus.scored_block(block, blocks, threshold=threshold)[1]]
    return join_scored_pairs(units, scored, corpus.scorer, threshold=threshold)
