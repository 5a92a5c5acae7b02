"""Binary metrics: everything from one :class:`BinaryCurve` plus the probabilities.

Counts at the decision rule ``score > cut`` are read off the curve, so accuracy, precision,
recall, F1, MCC and the confusion matrix share its single sort.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from headcheck.evaluation._calibration import Reliability, reliability
from headcheck.evaluation._curve import BinaryCurve, binary_curve
from headcheck.evaluation._rates import balanced_accuracy, divide, matthews
from headcheck.evaluation._thresholds import ThresholdChoice, threshold_choices

__all__ = ["BinaryResult", "binary_log_loss", "binary_metrics", "brier"]

FloatArray = npt.NDArray[np.float64]


def _weights(sample_weight: npt.ArrayLike | None) -> FloatArray | None:
    return None if sample_weight is None else np.asarray(sample_weight, dtype=np.float64).ravel()


def binary_log_loss(
    y_true: npt.ArrayLike, probabilities: npt.ArrayLike, sample_weight: npt.ArrayLike | None = None
) -> float:
    """Mean binary cross-entropy, probabilities clipped to ``[eps, 1 - eps]`` with
    ``eps = finfo(float64).eps`` (scikit-learn ≥ 1.5).

    >>> round(binary_log_loss([1, 0], [0.9, 0.2]), 6)
    0.164252
    """
    y = np.asarray(y_true, dtype=np.float64).ravel()
    p = np.asarray(probabilities, dtype=np.float64).ravel()
    eps = np.finfo(np.float64).eps
    p1 = np.clip(p, eps, 1 - eps)
    p0 = np.clip(1 - p, eps, 1 - eps)
    losses = -(y * np.log(p1) + (1 - y) * np.log(p0))
    return float(np.average(losses, weights=_weights(sample_weight)))


def brier(
    y_true: npt.ArrayLike, probabilities: npt.ArrayLike, sample_weight: npt.ArrayLike | None = None
) -> float:
    """Mean squared difference between probability and outcome.

    >>> brier([1, 0], [0.9, 0.2])
    0.025
    """
    y = np.asarray(y_true, dtype=np.float64).ravel()
    p = np.asarray(probabilities, dtype=np.float64).ravel()
    return float(np.average((y - p) ** 2, weights=_weights(sample_weight)))


@dataclass(frozen=True)
class BinaryResult:
    """All binary metrics of one score column."""

    cut: float
    curve: BinaryCurve
    tp: float
    fp: float
    fn: float
    tn: float
    accuracy: float
    balanced_accuracy: float
    precision: float
    recall: float
    f1: float
    mcc: float
    roc_auc: float
    average_precision: float
    log_loss: float | None
    brier: float | None
    calibration: Reliability | None
    thresholds: list[ThresholdChoice]

    @property
    def confusion(self) -> FloatArray:
        """``[[tn, fp], [fn, tp]]`` (rows true, columns predicted)."""
        return np.array([[self.tn, self.fp], [self.fn, self.tp]])

    def to_dict(self) -> dict[str, Any]:
        return {
            "threshold": self.cut,
            "rule": f"score > {self.cut:g}",
            "confusion_matrix": self.confusion.tolist(),
            "accuracy": self.accuracy,
            "balanced_accuracy": self.balanced_accuracy,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "mcc": self.mcc,
            "roc_auc": self.roc_auc,
            "average_precision": self.average_precision,
            "log_loss": self.log_loss,
            "brier": self.brier,
            "calibration": None if self.calibration is None else self.calibration.to_dict(),
            "thresholds": [c.to_dict() for c in self.thresholds],
        }


def binary_metrics(
    y_true: npt.ArrayLike,
    scores: npt.ArrayLike,
    *,
    cut: float,
    probabilities: npt.ArrayLike | None = None,
    sample_weight: npt.ArrayLike | None = None,
    n_bins: int = 10,
    cost_fp: float = 1.0,
    cost_fn: float = 1.0,
    target_recall: float = 0.9,
    target_precision: float = 0.9,
) -> BinaryResult:
    """Binary metrics of ``scores`` against 0/1 ``y_true``; class 1 when ``score > cut``.

    ``probabilities`` (the same ranking on the probability scale) feed log loss, Brier and the
    reliability table; without them those are ``None``.

    >>> r = binary_metrics([0, 1, 1, 0], [-1.0, 2.0, 0.3, 0.7], cut=0.0)
    >>> r.accuracy, r.tp, r.fp, r.roc_auc
    (0.75, 2.0, 1.0, 0.75)
    """
    y = np.asarray(y_true).ravel().astype(np.int64)
    s = np.asarray(scores, dtype=np.float64).ravel()
    curve = binary_curve(y, s, sample_weight)
    tp, fp, fn, tn = curve.counts_above(cut)
    total = tp + fp + fn + tn
    confusion = np.array([[tn, fp], [fn, tp]])
    present = _present_labels(y, s > cut)
    sub = confusion[np.ix_(present, present)]
    precision = float(divide(np.array([tp]), np.array([tp + fp]), "Precision")[0])
    recall = float(divide(np.array([tp]), np.array([tp + fn]), "Recall")[0])
    f1 = float(divide(np.array([2 * tp]), np.array([2 * tp + fp + fn]), "F-score")[0])
    if probabilities is not None:
        p = np.asarray(probabilities, dtype=np.float64).ravel()
        loss: float | None = binary_log_loss(y, p, sample_weight)
        brier_value: float | None = brier(y, p, sample_weight)
        table: Reliability | None = reliability(y, p, sample_weight, n_bins)
    else:
        loss = brier_value = None
        table = None
    return BinaryResult(
        cut=cut,
        curve=curve,
        tp=tp,
        fp=fp,
        fn=fn,
        tn=tn,
        accuracy=(tp + tn) / total,
        balanced_accuracy=balanced_accuracy(sub),
        precision=precision,
        recall=recall,
        f1=f1,
        mcc=matthews(confusion),
        roc_auc=curve.roc_auc(),
        average_precision=curve.average_precision(),
        log_loss=loss,
        brier=brier_value,
        calibration=table,
        thresholds=threshold_choices(
            curve,
            target_recall=target_recall,
            target_precision=target_precision,
            cost_fp=cost_fp,
            cost_fn=cost_fn,
        ),
    )


def _present_labels(y: npt.NDArray[np.int64], predicted: npt.NDArray[np.bool_]) -> list[int]:
    """The classes that occur in the labels or the predictions (scikit-learn's label set)."""
    seen = set(np.unique(y).tolist()) | set(np.unique(predicted.astype(np.int64)).tolist())
    return sorted(int(c) for c in seen)
