"""Matching the same claim across outlets.

A quote is split into claim-sized units (its sentences, each keeping its offsets into the
article). Matching never compares all pairs:

1. **Candidates** come from an inverted index of the units' rare Indonesian stems (Sastrawi):
   two units are compared only when they share at least ``MIN_SHARED_STEMS`` stems that occur
   in at most ``MAX_STEM_DF`` units, come from different articles, and were published within
   ``DATE_WINDOW_DAYS`` of each other. Cost grows with the number of units times the size of the
   rare-stem lists, close to linearly.
2. **Scores** combine rapidfuzz on normalised words (``token_set_ratio`` for rewording around a
   shared core, ``partial_ratio`` for a trimmed quote inside a longer one) with an IDF-weighted
   overlap of stems (paraphrases that share content words but not their order), and speaker
   evidence: the same or a compatible name (`Ronaldo` / `Cristiano Ronaldo`) costs nothing, an
   unknown speaker a little, two different named speakers a lot.
3. **Clusters** are built greedily from the best pair down; two clusters join only when no article
   has units of two different quotes in them, which keeps a speaker's other statements in the
   same article (the hardest negatives) out of the claim, while the sentences of one long quote
   may still come together.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from claimtrack import lexicon
from claimtrack.stemming import stem

DATE_WINDOW_DAYS = 3
DEFAULT_THRESHOLD = 62.0
MIN_UNIT_WORDS = 4
MIN_SHARED_STEMS = 2
MAX_STEM_DF = 200
SPEAKER_UNKNOWN_PENALTY = 4.0
SPEAKER_CONFLICT_PENALTY = 25.0
_SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+|$)")
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
    """Lower case, words only, stop words dropped: what two wordings are compared on.

    >>> normalise("Tekanan sanksi terhadap Rusia dan Iran terbukti sia-sia,")
    'tekanan sanksi rusia iran terbukti sia-sia'
    """
    stop = lexicon.load().matching_stopwords
    return " ".join(w for w in _WORD.findall(text.lower()) if w not in stop)


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


def _name_words(name: str) -> set[str]:
    lex = lexicon.load()
    return {w for w in re.findall(r"\w+", name.lower()) if w not in lex.titles and w not in lex.role_words}


def speaker_evidence(a: str, b: str) -> float:
    """0 for the same or a compatible speaker, a penalty for unknown or conflicting ones."""
    words_a, words_b = _name_words(a), _name_words(b)
    if not words_a or not words_b:
        return -SPEAKER_UNKNOWN_PENALTY
    if words_a & words_b:
        return 0.0
    return -SPEAKER_CONFLICT_PENALTY


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
    """Text similarity (the better of rapidfuzz and IDF-weighted stem overlap) plus speaker evidence."""
    shared = sum(idf[s] for s in stems_a & stems_b)
    smaller = min(sum(idf[s] for s in stems_a), sum(idf[s] for s in stems_b)) or 1.0
    overlap = 100.0 * shared / smaller
    text = max(similarity(normalise(a.text), normalise(b.text)), 0.9 * overlap)
    return text + speaker_evidence(a.speaker_name, b.speaker_name)


def cluster(units: Iterable[ClaimUnit], *, threshold: float = DEFAULT_THRESHOLD) -> list[Claim]:
    """Claims reported by two or more articles, each member with its best score."""
    units = list(units)
    stems = [content_stems(unit.text) for unit in units]
    pairs, frequency = candidate_pairs(stems, units)
    idf = {s: math.log(1 + len(units) / count) for s, count in frequency.items()}
    scored = sorted(((pair_score(units[i], units[j], stems[i], stems[j], idf), i, j) for i, j in pairs), reverse=True)
    parent = list(range(len(units)))
    # cluster root -> {article id: quote id}: one quote per article in a claim
    quotes_in: dict[int, dict[int, int]] = {i: {unit.article_id: unit.quote_id} for i, unit in enumerate(units)}
    best: dict[int, float] = {}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for score, i, j in scored:
        if score < threshold:
            break
        a, b = root(i), root(j)
        if a == b:
            best[i], best[j] = max(best.get(i, 0.0), score), max(best.get(j, 0.0), score)
            continue
        if any(quotes_in[b].get(article, quote) != quote for article, quote in quotes_in[a].items()):
            continue  # an article reports a statement in one quote: keep its other quotes out
        parent[a] = b
        quotes_in[b].update(quotes_in.pop(a))
        best[i], best[j] = max(best.get(i, 0.0), score), max(best.get(j, 0.0), score)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in best:
        groups[root(i)].append(i)
    claims = []
    for members in groups.values():
        members.sort(key=lambda i: (units[i].published or "", units[i].article_id, units[i].start))
        claims.append(Claim(members=[(units[i], round(best[i], 1)) for i in members]))
    claims.sort(key=lambda c: -len(c.members))
    return claims
