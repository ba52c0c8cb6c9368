"""Scoring claim matching pairwise against the claims gold (:func:`claimtrack.evaluation.gold.read_claims_gold`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass

from claimtrack.evaluation.gold import GoldSpan


@dataclass(frozen=True)
class ClaimsReport:
    spans: int
    found: int
    tp: int
    fp: int
    fn: int
    negatives_joined: int

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p and r else None

    def to_dict(self) -> dict:
        return {**asdict(self), "precision": self.precision, "recall": self.recall, "f1": self.f1}


def score_claims(gold: Sequence[GoldSpan], predicted: Mapping[str, Sequence[tuple[int, int, int]]]) -> ClaimsReport:
    """Pairwise scores of a clustering: ``predicted`` maps an article id to its claim members
    ``(start, end, claim_id)``. A gold span takes the predicted claims of members overlapping it;
    two gold spans are predicted together when they share one.

    Positive pairs: two members of one claim (in different articles). Negative pairs: members of
    two different claims, and a claim's members with that claim's own hard negatives. A hard
    negative is not compared with other claims' members: it was chosen to differ from its own
    claim, and may well be an unlisted report of a neighbouring claim."""
    claims_of = []
    for span in gold:
        members = predicted.get(span.article_id, ())
        claims_of.append({claim for start, end, claim in members if start < span.end and span.start < end})
    tp = fp = fn = negatives = 0
    for i in range(len(gold)):
        for j in range(i + 1, len(gold)):
            a, b = gold[i], gold[j]
            if a.article_id == b.article_id and a.claim == b.claim:
                continue  # two parts of one outlet's report are not a cross-outlet pair
            if a.claim is None and b.claim is None:
                continue
            if (a.negative_of or b.negative_of) not in (None, a.claim, b.claim):
                continue  # a negative is only a negative for its own claim
            together = bool(claims_of[i] & claims_of[j])
            same = a.claim is not None and a.claim == b.claim
            if same and together:
                tp += 1
            elif same:
                fn += 1
            elif together:
                fp += 1
                negatives += (a.negative_of or b.negative_of) is not None
    return ClaimsReport(spans=len(gold), found=sum(1 for ids in claims_of if ids), tp=tp, fp=fp, fn=fn,
                        negatives_joined=negatives)
