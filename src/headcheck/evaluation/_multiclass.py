"""Multiclass metrics: one bincount confusion matrix, top-k, log loss and one-vs-rest AUC.

The confusion matrix is ``bincount(true * C + predicted)`` (torchmetrics' fast path): integer
counts without weights, so chunks merge by addition.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from headcheck.evaluation._labelwise import labelwise_curves
from headcheck.evaluation._rates import (
    balanced_accuracy,
    f1_precision_recall,
    matthews,
    prf_average,
)
from headcheck.evaluation._undefined import UndefinedMetricWarning, warn_undefined

__all__ = [
    "MulticlassResult",
    "confusion_matrix",
    "multiclass_log_loss",
    "multiclass_metrics",
    "ovr_roc_auc",
    "top_k_accuracy",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


def confusion_matrix(
    y_true: IntArray, y_pred: IntArray, num_classes: int, sample_weight: FloatArray | None = None
) -> FloatArray:
    """``C x C`` confusion matrix (rows true, columns predicted) from one bincount.

    >>> confusion_matrix(np.array([0, 1, 2, 2]), np.array([0, 2, 2, 1]), 3).astype(int).tolist()
    [[1, 0, 0], [0, 0, 1], [0, 1, 1]]
    """
    flat = y_true.astype(np.int64) * num_classes + y_pred.astype(np.int64)
    counts = np.bincount(flat, weights=sample_weight, minlength=num_classes * num_classes)
    return counts.reshape(num_classes, num_classes).astype(np.float64)


def top_k_accuracy(
    y_true: IntArray, scores: FloatArray, k: int, sample_weight: FloatArray | None = None
) -> float:
    """Share of samples whose label is among the ``k`` highest scores. Among equal scores the
    higher class index ranks first (scikit-learn's ``top_k_accuracy_score``).

    >>> top_k_accuracy(np.array([0, 1]), np.array([[0.5, 0.3, 0.2], [0.5, 0.2, 0.3]]), 2)
    0.5
    """
    order = np.argsort(scores, axis=1, kind="mergesort")[:, ::-1][:, :k]
    hits = np.any(order == y_true[:, None], axis=1)
    return float(np.average(hits, weights=sample_weight))


def multiclass_log_loss(
    y_true: IntArray, probabilities: FloatArray, sample_weight: FloatArray | None = None
) -> float:
    """Mean ``-log p[true]``, probabilities clipped to ``[eps, 1 - eps]`` (not renormalised).

    >>> p = np.array([[0.7, 0.2, 0.1], [0.2, 0.3, 0.5]])
    >>> round(multiclass_log_loss(np.array([0, 2]), p), 6)
    0.524911
    """
    eps = np.finfo(np.float64).eps
    p = np.clip(probabilities, eps, 1 - eps)
    picked = p[np.arange(y_true.size), y_true]
    return float(np.average(-np.log(picked), weights=sample_weight))


def ovr_roc_auc(
    y_true: IntArray, probabilities: FloatArray, sample_weight: FloatArray | None = None
) -> FloatArray:
    """One-vs-rest ROC AUC of each class (``nan``, with a warning, for a class absent from
    the labels). All class columns are sorted in batches by the per-label kernel.

    >>> p = np.array([[0.7, 0.2, 0.1], [0.2, 0.3, 0.5], [0.1, 0.6, 0.3]])
    >>> ovr_roc_auc(np.array([0, 2, 1]), p).tolist()
    [1.0, 1.0, 1.0]
    """
    classes = probabilities.shape[1]
    one_hot = np.asarray(y_true).reshape(-1, 1) == np.arange(classes)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedMetricWarning)
        auc = labelwise_curves(one_hot, probabilities, sample_weight, thresholds=False).roc_auc
    if np.isnan(auc).any():
        warn_undefined("Only one class is present in the labels: ROC AUC is not defined (nan)")
    return auc


@dataclass(frozen=True)
class MulticlassResult:
    """Multiclass metrics; per-class arrays are indexed by class."""

    num_classes: int
    confusion: FloatArray
    present: npt.NDArray[np.bool_]
    accuracy: float
    balanced_accuracy: float
    mcc: float
    top_k: dict[int, float]
    precision: FloatArray
    recall: FloatArray
    f1: FloatArray
    support: FloatArray
    averages: dict[str, tuple[float, float, float]]
    log_loss: float | None
    roc_auc: FloatArray | None
    roc_auc_macro: float | None
    roc_auc_weighted: float | None

    def to_dict(self, class_names: list[str]) -> dict[str, Any]:
        per_class = [
            {
                "class": class_names[c],
                "precision": _num(self.precision[c]),
                "recall": _num(self.recall[c]),
                "f1": _num(self.f1[c]),
                "support": float(self.support[c]),
                "roc_auc": None if self.roc_auc is None else _num(self.roc_auc[c]),
            }
            for c in range(self.num_classes)
        ]
        return {
            "rule": "argmax of the outputs",
            "accuracy": self.accuracy,
            "balanced_accuracy": self.balanced_accuracy,
            "mcc": self.mcc,
            "top_k_accuracy": {str(k): v for k, v in self.top_k.items()},
            "averages": {
                name: {"precision": p, "recall": r, "f1": f}
                for name, (p, r, f) in self.averages.items()
            },
            "log_loss": self.log_loss,
            "roc_auc_ovr_macro": _num(self.roc_auc_macro),
            "roc_auc_ovr_weighted": _num(self.roc_auc_weighted),
            "per_class": per_class,
            "confusion_matrix": self.confusion.tolist(),
        }


def _num(value: float | np.floating[Any] | None) -> float | None:
    if value is None or np.isnan(value):
        return None
    return float(value)


def multiclass_metrics(
    y_true: IntArray,
    scores: FloatArray | None,
    *,
    predicted: IntArray | None = None,
    probabilities: FloatArray | None = None,
    num_classes: int,
    sample_weight: FloatArray | None = None,
    top_ks: tuple[int, ...] = (2, 3, 5),
) -> MulticlassResult:
    """Multiclass metrics of ``scores`` (``(N, C)``, any monotone scale) or of hard
    ``predicted`` classes against integer ``y_true``.

    Macro/weighted/micro averages are over the classes that occur in the labels or the
    predictions (scikit-learn's default label set); per-class arrays cover all ``C``.

    >>> r = multiclass_metrics(np.array([0, 1, 2, 2]),
    ...                        np.array([[.8, .1, .1], [.2, .3, .5], [.1, .2, .7], [.3, .4, .3]]),
    ...                        num_classes=3)
    >>> r.accuracy, round(r.averages["macro"][2], 4)
    (0.5, 0.5)
    """
    if predicted is None:
        if scores is None:
            raise ValueError("give scores or predicted classes")
        predicted = np.argmax(scores, axis=1).astype(np.int64)
    w = sample_weight
    confusion = confusion_matrix(y_true, predicted, num_classes, w)
    present = (np.bincount(y_true, minlength=num_classes) > 0) | (
        np.bincount(predicted, minlength=num_classes) > 0
    )
    tp = np.diag(confusion)
    pred_sum = confusion.sum(axis=0)
    true_sum = confusion.sum(axis=1)
    precision = np.full(num_classes, np.nan)
    recall = np.full(num_classes, np.nan)
    f1 = np.full(num_classes, np.nan)
    precision[present], recall[present], f1[present] = f1_precision_recall(
        tp[present], pred_sum[present], true_sum[present]
    )
    averages = {
        name: prf_average(tp[present], pred_sum[present], true_sum[present], name)
        for name in ("macro", "weighted", "micro")
    }
    sub = confusion[np.ix_(present, present)]
    top_k: dict[int, float] = {}
    if scores is not None:
        for k in top_ks:
            if k < num_classes:
                top_k[k] = top_k_accuracy(y_true, scores, k, w)
    log_loss = None
    auc = auc_macro = auc_weighted = None
    if probabilities is not None:
        log_loss = multiclass_log_loss(y_true, probabilities, w)
        auc = ovr_roc_auc(y_true, probabilities, w)
        auc_macro = float(np.mean(auc))
        weights = true_sum
        auc_weighted = float(np.average(auc, weights=weights)) if weights.sum() > 0 else 0.0
        if np.isnan(auc_macro):
            missing = int(np.sum(np.isnan(auc)))
            warn_undefined(
                f"{missing} of {num_classes} classes have no samples in the labels: their "
                "one-vs-rest AUC is undefined, and so is the average (nan)"
            )
    return MulticlassResult(
        num_classes=num_classes,
        confusion=confusion,
        present=present,
        accuracy=float(np.trace(confusion) / confusion.sum()),
        balanced_accuracy=balanced_accuracy(sub),
        mcc=matthews(confusion),
        top_k=top_k,
        precision=precision,
        recall=recall,
        f1=f1,
        support=true_sum,
        averages=averages,
        log_loss=log_loss,
        roc_auc=auc,
        roc_auc_macro=auc_macro,
        roc_auc_weighted=auc_weighted,
    )
