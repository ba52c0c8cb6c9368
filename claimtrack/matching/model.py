"""The claim pair model: a calibrated logistic regression over the features of two units.

It is trained by ``training/claims/train.py`` (scikit-learn's ``LogisticRegression`` inside
``CalibratedClassifierCV``) on pairs of the claims gold's tuning half, and shipped as a small JSON
file (``claimtrack/models/claims/pair_model.json``, model card beside the training script): the
regression's coefficients over the features of :data:`claimtrack.matching.scoring.FEATURES`, the
calibration that turns its decision value into a probability, and the thresholds of the joining
rules (:class:`claimtrack.matching.clustering.Joining`) chosen for a target precision on the
tuning half. Reading it needs no scikit-learn, and a probability is
computed in plain Python, in a fixed order, so that every process gives a pair the same one.
"""

from __future__ import annotations

import json
import math
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

MODEL_PATH = Path(__file__).resolve().parents[1] / "models" / "claims" / "pair_model.json"


class ModelError(ValueError):
    """A pair model file that cannot be used; the message names the file and the fix."""


@dataclass(frozen=True)
class PairModel:
    """A logistic regression's ``coefficients`` and ``intercept`` over the ``features`` named,
    and the calibration of its decision value: ``sigmoid`` (Platt: ``1 / (1 + exp(a·z + b))``)
    or ``isotonic`` (a step function through the points ``xs``, ``ys``, interpolated); and the
    thresholds of the joining rules, ``threshold`` the one a pair needs to offer a join
    (``reported_threshold``, ``mutual_threshold``, ``unconfirmed_threshold``: 0.0, no such rule,
    when the file gives none)."""

    features: tuple[str, ...]
    coefficients: tuple[float, ...]
    intercept: float
    calibration: str
    parameters: tuple[tuple[float, ...], ...]
    threshold: float
    member_threshold: float
    second_report_threshold: float
    version: str = ""
    reported_threshold: float = 0.0
    mutual_threshold: float = 0.0
    unconfirmed_threshold: float = 0.0

    @classmethod
    def from_dict(cls, data: dict, *, source: str = "pair model") -> PairModel:
        try:
            calibration = data["calibration"]
            method = calibration["method"]
            if method == "sigmoid":
                parameters = ((float(calibration["a"]), float(calibration["b"])),)
            elif method == "isotonic":
                parameters = (tuple(map(float, calibration["x"])), tuple(map(float, calibration["y"])))
            else:
                raise ModelError(f"{source}: unknown calibration {method!r}; expected 'sigmoid' or 'isotonic'")
            joining = data["joining"]
            model = cls(tuple(data["features"]), tuple(map(float, data["coefficients"])), float(data["intercept"]),
                        method, parameters, float(joining["pair"]), float(joining["member"]),
                        float(joining["second_report"]), str(data.get("version", "")),
                        float(joining.get("reported", 0.0)), float(joining.get("mutual", 0.0)),
                        float(joining.get("unconfirmed", 0.0)))
        except (KeyError, TypeError) as error:
            raise ModelError(f"{source}: not a claimtrack pair model ({error!r} missing or malformed); "
                             "rebuild it with: python training/claims/train.py") from None
        if len(model.coefficients) != len(model.features):
            raise ModelError(f"{source}: {len(model.coefficients)} coefficients for {len(model.features)} features")
        return model

    @classmethod
    def from_file(cls, path: str | Path) -> PairModel:
        return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")), source=str(path))

    def decision(self, features: Sequence[float]) -> float:
        """The regression's decision value (log-odds before calibration)."""
        total = self.intercept
        for coefficient, value in zip(self.coefficients, features, strict=True):
            total += coefficient * value
        return total

    def probability(self, features: Sequence[float]) -> float:
        """The calibrated probability that the two units of ``features`` state one statement."""
        return self.calibrated(self.decision(features))

    def probability_range(self, features: Sequence[float], index: int) -> tuple[float, float]:
        """The probabilities of ``features`` with feature ``index`` at 0 and at 1 (whatever it
        holds): between them lies the probability at any value in between."""
        at_zero = self.decision(features) - self.coefficients[index] * features[index]
        return self.calibrated(at_zero), self.calibrated(at_zero + self.coefficients[index])

    def lowest_decision(self, probability: float) -> float | None:
        """The decision value at and above which the calibrated probability is ``probability``
        or more; ``None`` when the calibration does not rise with it (then no such bound)."""
        if self.calibration != "sigmoid" or not 0.0 < probability < 1.0:
            return None
        (a, b), = self.parameters
        return (math.log(1.0 / probability - 1.0) - b) / a if a < 0 else None

    def calibrated(self, z: float) -> float:
        """The probability of a decision value."""
        if self.calibration == "sigmoid":
            (a, b), = self.parameters
            exponent = a * z + b
            return 1.0 / (1.0 + math.exp(exponent)) if exponent < 700 else 0.0
        xs, ys = self.parameters
        if z <= xs[0]:
            return ys[0]
        if z >= xs[-1]:
            return ys[-1]
        k = bisect_right(xs, z)
        x0, x1, y0, y1 = xs[k - 1], xs[k], ys[k - 1], ys[k]
        return y0 + (y1 - y0) * (z - x0) / (x1 - x0) if x1 > x0 else y1

    def probabilities(self, rows: Sequence[Sequence[float]]) -> list[float]:
        return [self.probability(row) for row in rows]


@cache
def load_model() -> PairModel:
    """The pair model shipped in the package (``claimtrack/models/claims/pair_model.json``)."""
    if not MODEL_PATH.exists():
        raise ModelError(f"The claim pair model {MODEL_PATH} is missing; reinstall claimtrack or rebuild it with: "
                         "python training/claims/train.py")
    return PairModel.from_file(MODEL_PATH)
