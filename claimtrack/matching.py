"""Matching the same claim across outlets.

A quote is split into claim-sized units (its sentences, each keeping its offsets into the
article). Units are compared only within a block: the same resolved speaker, published within
``DATE_WINDOW_DAYS`` of each other, in different articles. Within a block, rapidfuzz scores each
pair on normalised words (lower case, punctuation and stop words dropped), taking the best of
``token_set_ratio`` (rewording around a shared core) and ``partial_ratio`` (a trimmed quote
inside a longer one). Pairs at or above ``threshold`` are joined into claims with union-find.

This is the first, blocking-by-speaker version; cross-speaker candidate generation at scale
(MinHash or TF-IDF character n-grams) is the claim-matching issue's work.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from claimtrack import lexicon

DATE_WINDOW_DAYS = 3
DEFAULT_THRESHOLD = 70.0
MIN_UNIT_WORDS = 4
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

    @property
    def words(self) -> str:
        return normalise(self.text)


@dataclass
class Claim:
    members: list[tuple[ClaimUnit, float]] = field(default_factory=list)

    @property
    def speaker_name(self) -> str:
        return self.members[0][0].speaker_name


def normalise(text: str) -> str:
    """Lower case, words only, stop words dropped: what two wordings are compared on.

    >>> normalise("Tekanan sanksi terhadap Rusia dan Iran terbukti sia-sia,")
    'tekanan sanksi rusia iran terbukti sia-sia'
    """
    stop = lexicon.load().matching_stopwords
    return " ".join(w for w in _WORD.findall(text.lower()) if w not in stop)


def split_units(quote: dict) -> list[ClaimUnit]:
    """The sentences of a stored quote (a row with id, article_id, speaker_name, published,
    start, text) as claim units with offsets into the article."""
    units = []
    for match in _SENTENCE.finditer(quote["text"]):
        text = match.group().strip()
        if len(text.split()) < MIN_UNIT_WORDS:
            continue
        start = quote["start"] + match.start() + (len(match.group()) - len(match.group().lstrip()))
        units.append(ClaimUnit(quote["id"], quote["article_id"], quote["speaker_name"], quote["published"],
                               start, start + len(text), text))
    return units


def similarity(a: str, b: str) -> float:
    """How alike two normalised wordings are, 0-100."""
    return max(fuzz.token_set_ratio(a, b), fuzz.partial_ratio(a, b) if min(len(a), len(b)) >= 30 else 0.0)


def _close_in_time(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return True
    return abs((dt.date.fromisoformat(a) - dt.date.fromisoformat(b)).days) <= DATE_WINDOW_DAYS


def cluster(units: Iterable[ClaimUnit], *, threshold: float = DEFAULT_THRESHOLD) -> list[Claim]:
    """Claims reported by two or more articles, each member with its best score."""
    blocks: dict[str, list[ClaimUnit]] = defaultdict(list)
    for unit in units:
        if unit.speaker_name:
            blocks[unit.speaker_name.lower()].append(unit)
    parent: dict[ClaimUnit, ClaimUnit] = {}
    best: dict[ClaimUnit, float] = {}

    def root(unit: ClaimUnit) -> ClaimUnit:
        while parent.setdefault(unit, unit) is not unit:
            parent[unit] = parent[parent[unit]]
            unit = parent[unit]
        return unit

    for block in blocks.values():
        words = [u.words for u in block]
        for i, a in enumerate(block):
            for j in range(i + 1, len(block)):
                b = block[j]
                if a.article_id == b.article_id or not _close_in_time(a.published, b.published):
                    continue
                score = similarity(words[i], words[j])
                if score >= threshold:
                    parent[root(a)] = root(b)
                    best[a] = max(best.get(a, 0.0), score)
                    best[b] = max(best.get(b, 0.0), score)
    groups: dict[ClaimUnit, list[ClaimUnit]] = defaultdict(list)
    for unit in best:
        groups[root(unit)].append(unit)
    claims = []
    for members in groups.values():
        members.sort(key=lambda u: (u.published or "", u.article_id, u.start))
        claims.append(Claim(members=[(u, best[u]) for u in members]))
    claims.sort(key=lambda c: -len(c.members))
    return claims
