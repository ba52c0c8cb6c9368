"""Evaluating: reading gold sets and scoring predictions against them, by ``docs/ANNOTATION.md``.

- ``gold``    claimtrack's gold JSONL of quotes and the claims gold: :func:`read_gold_jsonl`,
              :func:`read_claims_gold`
- ``pfsa``    the PFSA-ID corpus read as gold quotes: :func:`read_pfsa`
- ``quotes``  quote scoring: :func:`score` gives an :class:`EvaluationReport`
- ``claims``  pairwise claim scoring: :func:`score_claims` gives a :class:`ClaimsReport`

A pure library: nothing here prints. ``claimtrack.presenting.evaluation`` renders the reports.
"""

from claimtrack.evaluation.claims import ClaimsReport, score_claims
from claimtrack.evaluation.gold import (
    EvaluationInputError,
    GoldArticle,
    GoldQuote,
    GoldSpan,
    read_claims_gold,
    read_gold_jsonl,
)
from claimtrack.evaluation.pfsa import read_pfsa
from claimtrack.evaluation.quotes import EvaluationReport, GroupScore, QuoteDifference, score

__all__ = [
    "ClaimsReport", "EvaluationInputError", "EvaluationReport", "GoldArticle", "GoldQuote", "GoldSpan", "GroupScore",
    "QuoteDifference", "read_claims_gold", "read_gold_jsonl", "read_pfsa", "score", "score_claims",
]
