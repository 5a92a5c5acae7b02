"""Threshold analysis, all read off one :class:`~headcheck.evaluation.BinaryCurve`.

Every function here works on the curve's cumulative counts: no second sort, no second pass.
Thresholds are scores: a sample is positive when its score is ``>= threshold``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from headcheck.evaluation._curve import BinaryCurve

__all__ = ["ThresholdChoice", "ThresholdSweep", "sweep", "threshold_choices"]

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class ThresholdSweep:
    """Metrics at every distinct threshold (highest first)."""

    thresholds: FloatArray
    accuracy: FloatArray
    precision: FloatArray
    recall: FloatArray
    f1: FloatArray
    fpr: FloatArray
    predicted_positive: FloatArray


def sweep(curve: BinaryCurve) -> ThresholdSweep:
    """Accuracy, precision, recall, F1 and FPR at every threshold of ``curve``.

    >>> from headcheck.evaluation._curve import binary_curve
    >>> s = sweep(binary_curve([0, 1, 1], [0.2, 0.6, 0.9]))
    >>> s.accuracy.round(4).tolist(), s.f1.round(4).tolist()
    ([0.6667, 1.0, 0.6667], [0.6667, 1.0, 0.8])
    """
    tp, fp, _, tn = curve.all_counts()
    predicted = tp + fp
    total = curve.total
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = np.where(predicted > 0, tp / np.where(predicted > 0, predicted, 1), 0.0)
        recall = tp / curve.positives if curve.positives > 0 else np.full_like(tp, np.nan)
        fpr = fp / curve.negatives if curve.negatives > 0 else np.full_like(fp, np.nan)
        denominator = predicted + curve.positives
        f1 = np.where(denominator > 0, 2 * tp / np.where(denominator > 0, denominator, 1), 0.0)
    accuracy = (tp + tn) / total if total > 0 else np.full_like(tp, np.nan)
    return ThresholdSweep(curve.thresholds, accuracy, precision, recall, f1, fpr, predicted)


@dataclass(frozen=True)
class ThresholdChoice:
    """One recommended threshold and what the confusion counts are there."""

    name: str
    threshold: float | None
    value: float | None
    tp: float
    fp: float
    fn: float
    tn: float
    description: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "threshold": self.threshold,
            "value": self.value,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "tn": self.tn,
            "description": self.description,
        }


def _choice(
    curve: BinaryCurve, name: str, index: int | None, value: float | None, what: str
) -> ThresholdChoice:
    if index is None:
        return ThresholdChoice(name, None, None, 0.0, 0.0, 0.0, 0.0, f"{what}: no threshold does")
    tp, fp, fn, tn = curve.counts_at(index)
    threshold = float(curve.thresholds[index]) if index >= 0 else None
    return ThresholdChoice(name, threshold, value, tp, fp, fn, tn, what)


def threshold_choices(
    curve: BinaryCurve,
    *,
    target_recall: float = 0.9,
    target_precision: float = 0.9,
    cost_fp: float = 1.0,
    cost_fn: float = 1.0,
) -> list[ThresholdChoice]:
    """Best F1, Youden's J, precision at a target recall, recall at a target precision, and
    the threshold that minimises ``cost_fp * FP + cost_fn * FN``.

    Ties are broken towards the highest threshold (fewest predicted positives).

    >>> from headcheck.evaluation._curve import binary_curve
    >>> c = binary_curve([0, 0, 1, 1, 0, 1], [0.1, 0.3, 0.35, 0.8, 0.6, 0.9])
    >>> [(x.name, x.threshold, round(x.value, 4)) for x in threshold_choices(c)][:2]
    [('best_f1', 0.35, 0.8571), ('youden_j', 0.35, 0.6667)]
    """
    s = sweep(curve)
    choices: list[ThresholdChoice] = []
    best = int(np.argmax(s.f1))
    choices.append(
        _choice(curve, "best_f1", best, float(s.f1[best]), "the threshold with the highest F1")
    )
    if curve.positives > 0 and curve.negatives > 0:
        j = s.recall - s.fpr
        k = int(np.argmax(j))
        choices.append(
            _choice(curve, "youden_j", k, float(j[k]), "the threshold maximising TPR - FPR")
        )
    else:
        choices.append(_choice(curve, "youden_j", None, None, "Youden's J needs both classes"))
    meets = np.flatnonzero(s.recall >= target_recall) if curve.positives > 0 else np.array([])
    if meets.size:
        k = int(meets[np.argmax(s.precision[meets])])
        choices.append(
            _choice(
                curve,
                "precision_at_recall",
                k,
                float(s.precision[k]),
                f"the highest precision with recall >= {target_recall:g}",
            )
        )
    else:
        choices.append(
            _choice(curve, "precision_at_recall", None, None, f"recall >= {target_recall:g}")
        )
    meets = np.flatnonzero(s.precision >= target_precision)
    if meets.size and curve.positives > 0:
        k = int(meets[np.argmax(s.recall[meets])])
        choices.append(
            _choice(
                curve,
                "recall_at_precision",
                k,
                float(s.recall[k]),
                f"the highest recall with precision >= {target_precision:g}",
            )
        )
    else:
        choices.append(
            _choice(curve, "recall_at_precision", None, None, f"precision >= {target_precision:g}")
        )
    _, fp, fn, _ = curve.all_counts()
    cost = np.r_[cost_fn * curve.positives, cost_fp * fp + cost_fn * fn]  # index 0: none positive
    k = int(np.argmin(cost)) - 1
    choices.append(
        _choice(
            curve,
            "min_cost",
            k,
            float(cost[k + 1]),
            f"the threshold minimising {cost_fp:g}·FP + {cost_fn:g}·FN",
        )
    )
    return choices
