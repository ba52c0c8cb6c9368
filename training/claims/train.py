#!/usr/bin/env python3
"""Train claimtrack's claim pair model on the tuning half of the claims gold, and choose its threshold.

The model says how probable it is that two claim units (sentences of stored quotes) state one
statement. It is a logistic regression over the features of
:func:`claimtrack.matching.scoring.pair_features`, calibrated by scikit-learn's
``CalibratedClassifierCV`` (Platt scaling on cross-validated decision values), written to
``claimtrack/models/claims/pair_model.json`` as plain numbers (claimtrack reads it without
scikit-learn). Run from the repository root after ``pip install -e '.[train]'``:

    python training/claims/train.py                 # builds the gold articles' database once

Data (``MODEL_CARD.md``): the CLICK-ID articles (CC BY 4.0) that the claims gold cites, ingested
by claimtrack as a user would (real extraction, real speakers), and the gold's **tuning half**
only (``gold/claims/split.json``): no span of the held-out half is read here. A pair of units
(from different articles) is

- positive when both cover members of one claim, and each is the other's most similar unit
  among the units covering the two members (a member of two sentences against one of two
  sentences gives two positive pairs, not four);
- negative when one covers a member of a claim and the other a hard negative of that claim, or a
  member of another claim (then only when the candidate rule makes them a candidate pair, as
  matching would score them); a pair labelled both ways is left out.

Cross-validation is grouped by clusters of claims sharing an article, so that no article is on
both sides of a fold. The threshold is the lowest probability at which the whole engine
(candidates, the model, joining under canonical wordings) reaches ``--target-precision`` on the
tuning half, measured out of fold: the claims of each fold are matched with a model trained on
the other folds. The scores are written to ``training/claims/scores.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GroupKFold

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "gold" / "claims"))

from evaluate import DEFAULT_ARTICLES, GOLD, HALVES, ensure_database  # noqa: E402  (gold/claims/evaluate.py)

from claimtrack import evaluation, matching, storage  # noqa: E402
from claimtrack.matching import incremental  # noqa: E402
from claimtrack.matching.model import MODEL_PATH, PairModel  # noqa: E402
from claimtrack.matching.scoring import FEATURES, PairScorer  # noqa: E402

FOLDS = 5
FIRST_ROUND_LAST = 60
C_VALUES = (0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
PAIR_THRESHOLDS = tuple(round(float(t), 2) for t in np.arange(0.70, 0.97, 0.02))
# A member states the canonical wording as probably as a pair that offers a join, at least.
MEMBER_THRESHOLDS = (0.7, 0.8, 0.85, 0.9, 0.95)
SECOND_REPORT_THRESHOLDS = (0.9, 0.95, 1.01)  # 1.01: never a second report of an article and kind
# Set by the coherence audit (gold/claims/audit/), which the gold's hard negatives cannot show: a
# member or canonical wording of reported speech states the other with 0.95 or more (in 17 of the
# first audit's 23 claims of several statements the stray member was reported speech at 0.85-0.95),
# and a member whose speaker is neither confirmed nor contradicted by the canonical wording's (a
# role, a source, no name) states it with 0.97 or more. A mutual threshold (every two members state
# one statement with it) is off: it parts the halves of one statement split in two sentences (c057).
REPORTED_THRESHOLD = 0.95
MUTUAL_THRESHOLD = 0.0
UNCONFIRMED_THRESHOLD = 0.97


# --- the corpus and its labelled pairs ---------------------------------------------------------

class Corpus:
    """The gold articles' claim units, their stems and stem weights, the candidate index, and
    which units cover each gold span."""

    def __init__(self, db, gold: list[evaluation.GoldSpan]) -> None:
        self.source_of = {row["id"]: row["source"] for row in db.query("select id, source from articles")}
        self.units = incremental.quote_units(db)
        self.scoring = matching.ScoringCorpus(self.units, [matching.content_stems(u.text) for u in self.units])
        self.idf = matching.idf_weights(self.scoring.frequency, len(self.units))
        by_article = defaultdict(list)
        for number, unit in enumerate(self.units):
            by_article[self.source_of[unit.article_id]].append(number)
        self.covering = {span: [n for n in by_article[span.article_id]
                                if self.units[n].start < span.end and span.start < self.units[n].end]
                         for span in gold}

    def scorer(self, model: PairModel | None = None) -> PairScorer:
        return PairScorer(self.units, self.scoring.stems, self.idf, len(self.units), model=model or _PLACEHOLDER)

    def candidates(self) -> set[tuple[int, int]]:
        return self.scoring.index.candidates_of(range(len(self.units)))


# Features are computed without a model; a scorer needs one to exist.
_PLACEHOLDER = PairModel(FEATURES, (0.0,) * len(FEATURES), 0.0, "sigmoid", ((1.0, 0.0),), 0.5, 0.5, 0.5)


def claim_groups(gold: list[evaluation.GoldSpan]) -> dict[str, int]:
    """Claims joined into groups that share an article (member or hard negative): each group is
    on one side of every fold."""
    claims_of_article = defaultdict(set)
    for span in gold:
        claims_of_article[span.article_id].add(span.claim or span.negative_of)
    parent = {}

    def root(c):
        parent.setdefault(c, c)
        while parent[c] != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    for claims in claims_of_article.values():
        first, *rest = sorted(claims)
        root(first)
        for other in rest:
            parent[root(other)] = root(first)
    roots = sorted({root(c) for c in parent})
    number = {r: n for n, r in enumerate(roots)}
    return {c: number[root(c)] for c in parent}


def labelled_pairs(corpus: Corpus, gold: list[evaluation.GoldSpan], candidates: set[tuple[int, int]],
                   speakers: dict[str, str]) -> dict[tuple[int, int], tuple[int, str]]:
    """``{(i, j): (label, claim)}`` of the unit pairs the gold labels (see the module docstring)."""
    units, scorer = corpus.units, corpus.scorer()
    quick = {}

    def alike(i, j):  # how the positive pairs of two members are aligned: the best of two measures
        key = (i, j) if i < j else (j, i)
        if key not in quick:
            f = dict(zip(FEATURES, scorer.features(*key), strict=True))
            quick[key] = max(f["token_set"], f["trimmed"], f["stem_dice"])
        return quick[key]

    members, negatives = defaultdict(list), defaultdict(list)
    for span in gold:
        (members[span.claim] if span.claim else negatives[span.negative_of]).append(span)
    labels: dict[tuple[int, int], set[tuple[int, str]]] = defaultdict(set)

    def label(i, j, value, claim):
        if i != j and units[i].article_id != units[j].article_id:
            labels[(i, j) if i < j else (j, i)].add((value, claim))

    for claim, spans in members.items():
        for n, a in enumerate(spans):
            for b in spans[n + 1:]:
                cover_a, cover_b = corpus.covering[a], corpus.covering[b]
                for i in cover_a:
                    for j in cover_b:
                        best_of_i = max(cover_b, key=lambda other: (alike(i, other), -other))
                        best_of_j = max(cover_a, key=lambda other: (alike(other, j), -other))
                        if best_of_i == j and best_of_j == i:
                            label(i, j, 1, claim)
            for negative in negatives[claim]:
                for i in corpus.covering[a]:
                    for j in corpus.covering[negative]:
                        label(i, j, 0, claim)
    owner = {}
    for claim, spans in members.items():
        for span in spans:
            for i in corpus.covering[span]:
                owner.setdefault(i, set()).add(claim)
    for i, j in candidates:
        if i in owner and j in owner and not owner[i] & owner[j]:
            label(i, j, 0, min(owner[i] | owner[j]))
    # An article with a member of a claim gives every version of it (the gold's rule), so its
    # units by another speaker are not that claim. (Its other units by the claim's speaker are
    # left out: a lead sentence summing up several statements is no member, and not always a
    # negative either.)
    units_of_article = defaultdict(list)
    for n, unit in enumerate(units):
        units_of_article[corpus.source_of[unit.article_id]].append(n)
    for claim, spans in members.items():
        covered = {n for span in spans for n in corpus.covering[span]}
        others = {n for span in spans for n in units_of_article[span.article_id]} - covered
        for j in others:
            if matching.speaker_agreement(units[j].speaker_name, speakers[claim]) == matching.scoring.CONFLICT:
                for i in covered:
                    label(i, j, 0, claim)
    kept = {}
    for pair, found in labels.items():
        values = {value for value, _ in found}
        if len(values) == 1:
            kept[pair] = (values.pop(), min(claim for _, claim in found))
    return kept


def mined_negatives(db_path: Path, exclude_sources: set[str], limit: int, seed: int = 22) -> np.ndarray:
    """Features of hard negatives mined from a database of many articles (the 22k CLICK-ID
    articles), without labels from the gold: where two articles carry one quote near word for
    word (rapidfuzz ratio 95 or more, one speaker, both direct), the other statements that the
    second article quotes of the same speaker are not that quote's statement (an article reports
    a statement once; the gold's second round is made of such neighbours), so each is a negative
    of the first article's unit, when the two are a candidate pair, as matching would score them.
    Units of the articles in ``exclude_sources`` (the gold's) are left out; at most
    ``limit`` pairs, drawn with ``seed``. Features are those of the whole database's stem weights,
    as a rebuild of it has them."""
    from rapidfuzz import fuzz

    db = storage.open_database(db_path)
    source_of = {row["id"]: row["source"] for row in db.query("select id, source from articles")}
    units = incremental.quote_units(db)
    scoring = matching.ScoringCorpus(units, [matching.content_stems(u.text) for u in units])
    candidates = scoring.index.candidates_of(range(len(units)))
    usable = [source_of[u.article_id] not in exclude_sources and u.kind != "indirect" for u in units]
    normalised = [matching.normalise(u.text) if ok else "" for u, ok in zip(units, usable, strict=True)]
    same = matching.scoring.SAME
    quoted = defaultdict(list)  # article -> its usable units
    for n, unit in enumerate(units):
        if usable[n]:
            quoted[unit.article_id].append(n)
    negatives = set()
    for i, j in candidates:
        if not (usable[i] and usable[j]) or fuzz.ratio(normalised[i], normalised[j]) < 95:
            continue
        if matching.speaker_agreement(units[i].speaker_name, units[j].speaker_name) != same:
            continue
        for first, copy in ((i, j), (j, i)):
            for other in quoted[units[copy].article_id]:
                if (other == copy or units[other].end > units[copy].start and units[copy].end > units[other].start
                        or matching.speaker_agreement(units[other].speaker_name, units[copy].speaker_name) != same
                        or fuzz.ratio(normalised[first], normalised[other]) >= 90):
                    continue
                pair = (first, other) if first < other else (other, first)
                if pair in candidates:
                    negatives.add(pair)
    chosen = sorted(negatives)
    if len(chosen) > limit:
        chosen = sorted(np.random.default_rng(seed).choice(len(chosen), limit, replace=False).tolist())
        chosen = [sorted(negatives)[n] for n in chosen]
    scorer = PairScorer(units, scoring.stems, matching.idf_weights(scoring.frequency, len(units)), len(units),
                        model=_PLACEHOLDER)
    print(f"mined {len(negatives):,} hard negatives in {db_path} ({len(units):,} units), kept {len(chosen):,}",
          file=sys.stderr)
    return np.array([scorer.features(i, j) for i, j in chosen])


def gold_speakers() -> dict[str, str]:
    """The speaker of each gold claim, as the gold names them."""
    return {record["claim"]: record["speaker_name"]
            for record in map(json.loads, GOLD.read_text(encoding="utf-8").splitlines())}


# --- fitting -----------------------------------------------------------------------------------

def fit(x: np.ndarray, y: np.ndarray, groups: np.ndarray, c: float, weights: np.ndarray) -> CalibratedClassifierCV:
    folds = list(GroupKFold(n_splits=FOLDS).split(x, y, groups))
    model = CalibratedClassifierCV(LogisticRegression(C=c, max_iter=5000), method="sigmoid", cv=folds,
                                   ensemble=False)
    return model.fit(x, y, sample_weight=weights)


def round_of(claim: str) -> int:
    """The round of the gold a claim was made in (README: c001-c060 first, then the second)."""
    return 1 if int(claim.removeprefix("c")) <= FIRST_ROUND_LAST else 2


def round_weights(claims: list[str]) -> np.ndarray:
    """Weights that give the pairs of each round of the gold the same total: the second round's
    claims (a third of the tuning half) are the statement-sized, mostly reworded ones, like the
    held-out half."""
    rounds = np.array([round_of(claim) for claim in claims])
    return np.where(rounds == 1, len(rounds) / (2 * (rounds == 1).sum()), len(rounds) / (2 * (rounds == 2).sum()))


def exported(model: CalibratedClassifierCV, joining: matching.Joining, about: dict) -> dict:
    """The fitted model as claimtrack's JSON pair model."""
    [calibrated] = model.calibrated_classifiers_
    regression, [calibrator] = calibrated.estimator, calibrated.calibrators
    return {
        "version": about["version"],
        "features": list(FEATURES),
        "coefficients": [float(c) for c in regression.coef_[0]],
        "intercept": float(regression.intercept_[0]),
        "calibration": {"method": "sigmoid", "a": float(calibrator.a_), "b": float(calibrator.b_)},
        "joining": {"pair": joining.pair, "member": joining.member, "second_report": joining.second_report,
                    "reported": joining.reported, "mutual": joining.mutual, "unconfirmed": joining.unconfirmed},
        "trained": about,
    }


def as_model(model: CalibratedClassifierCV) -> PairModel:
    return PairModel.from_dict(exported(model, matching.Joining(0.5, 0.5, 0.5), {"version": "fold"}))


# --- the whole engine, out of fold ---------------------------------------------------------------

def engine_scores(corpus: Corpus, gold: list[evaluation.GoldSpan], models: list[tuple[PairModel, set[str]]],
                  candidates: set[tuple[int, int]], settings: list[matching.Joining], *,
                  scorer_of: Callable[[PairModel], PairScorer] | None = None
                  ) -> dict[matching.Joining, dict[int, evaluation.ClaimsReport]]:
    """Pairwise scores of the claims matched on the gold articles with each setting of the
    joining rules, for each round of the gold, each claim scored on the claims of the model that
    did not see it: ``models`` are ``(model, the claims it was not trained on)``; ``scorer_of``
    makes a model's scorer (`Corpus.scorer` unless given: a variant's features)."""
    totals = {joining: {1: [0, 0, 0, 0], 2: [0, 0, 0, 0]} for joining in settings}
    lowest = min(joining.pair for joining in settings)
    for model, claims in models:
        scorer = (scorer_of or corpus.scorer)(model)
        scored = scorer.at_least(candidates, lowest)
        for number in (1, 2):
            spans = [s for s in gold if (s.claim or s.negative_of) in claims
                     and round_of(s.claim or s.negative_of) == number]
            for joining in settings:
                found = matching.join_scored_pairs(corpus.units, scored, scorer, joining=joining)
                report = evaluation.score_claims(spans, predicted_spans(corpus, found))
                for n, value in enumerate((report.tp, report.fp, report.fn, report.negatives_joined)):
                    totals[joining][number][n] += value
    return {joining: {number: evaluation.ClaimsReport(0, 0, *counts) for number, counts in rounds.items()}
            for joining, rounds in totals.items()}


def balanced(rounds: dict[int, evaluation.ClaimsReport]) -> tuple[float, float]:
    """Precision and recall as the means of the two rounds'."""
    return (float(np.mean([r.precision or 0.0 for r in rounds.values()])),
            float(np.mean([r.recall or 0.0 for r in rounds.values()])))


def predicted_spans(corpus: Corpus, claims: list[matching.Claim]) -> dict[str, list[tuple[int, int, int]]]:
    predicted = defaultdict(list)
    for claim_id, claim in enumerate(claims):
        for unit, _ in claim.members:
            predicted[corpus.source_of[unit.article_id]].append((unit.start, unit.end, claim_id))
    return predicted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "claims-gold.db",
                        help="database of the gold articles (made from --articles when missing)")
    parser.add_argument("--articles", type=Path, default=DEFAULT_ARTICLES)
    parser.add_argument("--target-precision", type=float, default=0.975,
                        help="pairwise precision the threshold is chosen for, out of fold on the tuning half")
    parser.add_argument("--output", type=Path, default=MODEL_PATH)
    parser.add_argument("--scores", type=Path, default=HERE / "scores.json")
    parser.add_argument("--corpus-db", type=Path,
                        help="a database of the 22k CLICK-ID articles to mine hard negatives from (claimtrack ingest)")
    parser.add_argument("--mined", type=int, default=6000, help="at most this many mined negatives")
    args = parser.parse_args()
    started = time.perf_counter()

    all_gold = evaluation.read_claims_gold(GOLD)
    ensure_database(args.db, args.articles, all_gold)
    gold = [span for span in all_gold if HALVES["tune"](span.claim or span.negative_of)]  # the tuning half only
    corpus = Corpus(storage.open_database(args.db), gold)
    candidates = corpus.candidates()
    labels = labelled_pairs(corpus, gold, candidates, gold_speakers())
    pairs = sorted(labels)
    scorer = corpus.scorer()
    x = np.array([scorer.features(i, j) for i, j in pairs])
    y = np.array([labels[p][0] for p in pairs])
    weights = round_weights([labels[p][1] for p in pairs])
    group_of = claim_groups(gold)
    groups = np.array([group_of[labels[p][1]] for p in pairs])
    print(f"{len(corpus.units):,} units, {len(candidates):,} candidate pairs; {len(pairs):,} labelled pairs "
          f"({int(y.sum()):,} positive), {len(set(groups))} groups of claims", file=sys.stderr)
    mined = 0
    if args.corpus_db:
        # Not the gold's articles: the held-out half's are never read, and the tuning half's labels
        # are the gold's own (an outlet that splits a statement over two quotes).
        x_mined = mined_negatives(args.corpus_db, {span.article_id for span in all_gold}, args.mined)
        mined = len(x_mined)
        # Spread over the folds in groups of their own.
        x, y = np.vstack([x, x_mined]), np.concatenate([y, np.zeros(mined, dtype=y.dtype)])
        weights = np.concatenate([weights, np.ones(mined)])
        groups = np.concatenate([groups, groups.max() + 1 + np.arange(mined) % (4 * FOLDS)])

    # C by grouped cross-validation (log loss of the calibrated probabilities).
    folds = list(GroupKFold(n_splits=FOLDS).split(x, y, groups))
    choice = {}
    for c in C_VALUES:
        oof = np.zeros(len(y))
        for train, test in folds:
            oof[test] = fit(x[train], y[train], groups[train], c, weights[train]).predict_proba(x[test])[:, 1]
        loss = -float(np.average(y * np.log(np.clip(oof, 1e-9, 1)) + (1 - y) * np.log(np.clip(1 - oof, 1e-9, 1)),
                                 weights=weights))
        choice[c] = {"log_loss": loss, "auc": float(roc_auc_score(y, oof, sample_weight=weights))}
        print(f"C {c}: log loss {loss:.4f}, AUC {choice[c]['auc']:.4f}", file=sys.stderr)
    best_c = min(C_VALUES, key=lambda c: (round(choice[c]["log_loss"], 4), c))

    # The threshold, out of fold on the whole engine: each fold's claims matched by a model of the others.
    claims_of_group = defaultdict(set)
    for claim, group in group_of.items():
        claims_of_group[group].add(claim)
    fold_models = []
    for train, test in folds:
        held = {claim for g in set(groups[test]) for claim in claims_of_group.get(g, ())}
        fold_models.append((as_model(fit(x[train], y[train], groups[train], best_c, weights[train])), held))
    # Claims with no labelled pair fall in no fold; they are scored with the first fold's model.
    unfolded = set(group_of) - set().union(*(held for _, held in fold_models))
    fold_models[0][1].update(unfolded)
    settings = [matching.Joining(pair, member, second, max(member, REPORTED_THRESHOLD), MUTUAL_THRESHOLD,
                                 max(member, UNCONFIRMED_THRESHOLD))
                for pair in PAIR_THRESHOLDS for member in MEMBER_THRESHOLDS
                for second in SECOND_REPORT_THRESHOLDS if pair <= member <= second]
    by_round = engine_scores(corpus, gold, fold_models, candidates, settings)
    scores = {j: balanced(by_round[j]) for j in settings}
    reaching = [j for j in settings if scores[j][0] >= args.target_precision]
    # The most recall at the target precision (means of the two rounds'); of equals, the highest
    # pair threshold, then the highest member threshold (the safest).
    joining = max(reaching or settings, key=lambda j: (scores[j][1] if reaching else scores[j][0],
                                                       j.pair, j.member, j.second_report))
    for j in sorted(settings, key=lambda j: -scores[j][1])[:40]:
        first, second = by_round[j][1], by_round[j][2]
        print(f"pair {j.pair:.2f} member {j.member:.2f} second {j.second_report:.2f}: P {scores[j][0]:.3f} "
              f"R {scores[j][1]:.3f} (first round {first.precision:.3f} / {first.recall:.3f}, second round "
              f"{second.precision:.3f} / {second.recall:.3f})" + ("  <- chosen" if j == joining else ""),
              file=sys.stderr)

    final = fit(x, y, groups, best_c, weights)
    about = {
        "version": time.strftime("%Y-%m-%d"),
        "data": "CLICK-ID articles cited by gold/claims (CC BY 4.0), tuning half of gold/claims/split.json",
        "units": len(corpus.units), "labelled_pairs": len(pairs), "positive_pairs": int(y.sum()),
        "mined_negatives": mined,
        "regularisation_C": best_c, "target_precision": args.target_precision,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(exported(final, joining, about), indent=1) + "\n", encoding="utf-8")
    args.scores.write_text(json.dumps({
        "cross_validation": {str(c): choice[c] for c in C_VALUES},
        "chosen_C": best_c,
        "joining": {"pair": joining.pair, "member": joining.member, "second_report": joining.second_report},
        "out_of_fold_engine_on_tuning_half": {
            f"{j.pair} {j.member} {j.second_report}": {"precision": scores[j][0], "recall": scores[j][1],
                                                      "first_round": by_round[j][1].to_dict(),
                                                      "second_round": by_round[j][2].to_dict()}
            for j in settings},
        "seconds": round(time.perf_counter() - started, 1),
    }, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.output} (C {best_c}, {joining}: out of fold P {scores[joining][0]:.3f} "
          f"R {scores[joining][1]:.3f}, means of the two rounds)", file=sys.stderr)


if __name__ == "__main__":
    main()
