#!/usr/bin/env python3
"""How well the shipped claim pair model's probabilities are calibrated, on each half of the claims gold.

Pairs are labelled as ``train.py`` labels them (positives: units covering members of one claim;
negatives: a member against a hard negative of its claim, or a candidate pair of two claims'
members), each half on its own claims; every pair gets the shipped model's probability. Printed
per half: pairs, positives, AUC, Brier score, log loss, expected calibration error (10 bins of
probability, weighted by their pairs) and, per bin, the mean probability beside the share of
positive pairs. Only these aggregates are printed: no pair of the held-out half is shown. The
tuning half is what the model was trained on, so its figures are in sample; the held-out half's
are the ones to read. Run from the repository root after ``pip install -e '.[train]'``:

    python training/claims/calibration.py --db /tmp/claims-gold.db
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import numpy as np
from sklearn.metrics import brier_score_loss, log_loss, roc_auc_score

sys.path.insert(0, str(Path(__file__).resolve().parent))
import train  # noqa: E402

from claimtrack import evaluation, storage  # noqa: E402
from claimtrack.matching.model import load_model  # noqa: E402

BINS = 10


def calibration(probabilities: np.ndarray, labels: np.ndarray) -> dict:
    edges = np.linspace(0.0, 1.0, BINS + 1)
    which = np.clip(np.digitize(probabilities, edges[1:-1]), 0, BINS - 1)
    bins, error = [], 0.0
    for number in range(BINS):
        inside = which == number
        if not inside.any():
            continue
        predicted, observed = float(probabilities[inside].mean()), float(labels[inside].mean())
        error += inside.sum() / len(labels) * abs(predicted - observed)
        bins.append({"from": round(float(edges[number]), 1), "to": round(float(edges[number + 1]), 1),
                     "pairs": int(inside.sum()), "mean_probability": predicted, "positive_share": observed})
    return {"pairs": len(labels), "positives": int(labels.sum()), "auc": roc_auc_score(labels, probabilities),
            "brier": brier_score_loss(labels, probabilities), "log_loss": log_loss(labels, probabilities),
            "expected_calibration_error": error, "bins": bins}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "claims-gold.db",
                        help="database of the gold articles (made from --articles when missing)")
    parser.add_argument("--articles", type=Path, default=train.DEFAULT_ARTICLES)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()

    all_gold = evaluation.read_claims_gold(train.GOLD)
    train.ensure_database(args.db, args.articles, all_gold)
    db, model, speakers = storage.open_database(args.db), load_model(), train.gold_speakers()
    results = {}
    for half in ("tune", "heldout"):
        gold = [span for span in all_gold if train.HALVES[half](span.claim or span.negative_of)]
        corpus = train.Corpus(db, gold)
        labels = train.labelled_pairs(corpus, gold, corpus.candidates(), speakers)
        scorer = corpus.scorer(model)
        pairs = sorted(labels)
        results[half] = calibration(np.array([scorer(i, j) for i, j in pairs]),
                                    np.array([labels[pair][0] for pair in pairs], dtype=float))
    if args.json:
        print(json.dumps(results, indent=1))
        return
    for half, result in results.items():
        print(f"{half:8} {result['pairs']:,} pairs ({result['positives']:,} positive): AUC {result['auc']:.3f}, "
              f"Brier {result['brier']:.4f}, log loss {result['log_loss']:.3f}, "
              f"expected calibration error {result['expected_calibration_error']:.3f}")
        for row in result["bins"]:
            print(f"    p {row['from']:.1f}-{row['to']:.1f}: {row['pairs']:6,} pairs, "
                  f"mean p {row['mean_probability']:.3f}, positive {row['positive_share']:.3f}")


if __name__ == "__main__":
    main()
