"""The claims gold's scoring script scores the halves it is asked for, and only those: a tuning run
(`gold/claims/evaluate.py --scores tune`) must not score the held-out half again."""

import sys

import pytest

from claimtrack import evaluation

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "gold" / "claims"))
import evaluate  # noqa: E402  (gold/claims/evaluate.py)


@pytest.fixture(scope="module")
def gold():
    return evaluation.read_claims_gold(ROOT / "gold" / "claims" / "claims.gold.jsonl")


def members_together(gold):
    """Each gold member as a predicted member of its claim's one predicted claim."""
    numbers = {}
    predicted = {}
    for span in gold:
        if span.claim:
            predicted.setdefault(span.article_id, []).append(
                (span.start, span.end, numbers.setdefault(span.claim, len(numbers))))
    return predicted


@pytest.mark.parametrize(("halves", "scored"), [
    (("tune",), {"tune"}),
    (tuple(evaluate.HALVES), {"all", "tune", "heldout"}),
])
def test_only_the_halves_asked_for_are_scored(gold, halves, scored):
    reports = evaluate.halves_scored(gold, members_together(gold), halves)
    assert set(reports) == scored
    assert reports["tune"].recall == 1.0
    assert reports["tune"].tp == evaluate.halves_scored(gold, members_together(gold))["tune"].tp


def test_the_tuning_half_alone_reads_no_held_out_span(gold, monkeypatch):
    read = []
    original = evaluation.score_claims
    monkeypatch.setattr(evaluation, "score_claims", lambda spans, predicted: read.extend(spans) or original(
        spans, predicted))
    evaluate.halves_scored(gold, members_together(gold), ("tune",))
    assert read and all(evaluate.HALVES["tune"](span.claim or span.negative_of) for span in read)
