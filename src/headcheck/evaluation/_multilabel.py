"""Multi-label metrics: per-label counts, Hamming and exact-match accuracy, averaged P/R/F1,
ROC AUC and average precision (macro and micro), and a best-F1 threshold per label.

Per-label counts come from one ``bincount``; the per-label curves from the batched kernel
(:mod:`._labelwise`: every label column sorted in one call), the micro curve from the
one-column kernel over all scores."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from headcheck.evaluation._curve import BinaryCurve, binary_curve
from headcheck.evaluation._labelwise import labelwise_curves
from headcheck.evaluation._rates import f1_precision_recall, prf_average
from headcheck.evaluation._state import label_counts

__all__ = ["MultilabelResult", "multilabel_metrics"]

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class MultilabelResult:
    """Multi-label metrics; per-label arrays are indexed by label column."""

    cut: float
    tp: FloatArray
    fp: FloatArray
    fn: FloatArray
    tn: FloatArray
    hamming_accuracy: float
    exact_match: float
    precision: FloatArray
    recall: FloatArray
    f1: FloatArray
    averages: dict[str, tuple[float, float, float]]
    roc_auc: FloatArray | None
    average_precision: FloatArray | None
    roc_auc_macro: float | None
    roc_auc_micro: float | None
    ap_macro: float | None
    ap_micro: float | None
    best_thresholds: FloatArray | None
    best_f1: FloatArray | None
    micro_curve: BinaryCurve | None

    def to_dict(self, label_names: list[str]) -> dict[str, Any]:
        per_label = []
        for j, name in enumerate(label_names):
            per_label.append(
                {
                    "label": name,
                    "tp": float(self.tp[j]),
                    "fp": float(self.fp[j]),
                    "fn": float(self.fn[j]),
                    "tn": float(self.tn[j]),
                    "precision": float(self.precision[j]),
                    "recall": float(self.recall[j]),
                    "f1": float(self.f1[j]),
                    "roc_auc": _num(None if self.roc_auc is None else self.roc_auc[j]),
                    "average_precision": _num(
                        None if self.average_precision is None else self.average_precision[j]
                    ),
                    "best_f1_threshold": _num(
                        None if self.best_thresholds is None else self.best_thresholds[j]
                    ),
                    "best_f1": _num(None if self.best_f1 is None else self.best_f1[j]),
                }
            )
        return {
            "threshold": self.cut,
            "rule": f"each label on when its score > {self.cut:g}",
            "hamming_accuracy": self.hamming_accuracy,
            "exact_match_accuracy": self.exact_match,
            "averages": {
                name: {"precision": p, "recall": r, "f1": f}
                for name, (p, r, f) in self.averages.items()
            },
            "roc_auc_macro": _num(self.roc_auc_macro),
            "roc_auc_micro": _num(self.roc_auc_micro),
            "average_precision_macro": _num(self.ap_macro),
            "average_precision_micro": _num(self.ap_micro),
            "per_label": per_label,
        }


def _num(value: float | np.floating[Any] | None) -> float | None:
    if value is None or np.isnan(value):
        return None
    return float(value)


def multilabel_metrics(
    y_true: FloatArray,
    scores: FloatArray,
    *,
    cut: float,
    sample_weight: FloatArray | None = None,
    ranked: bool = True,
) -> MultilabelResult:
    """Metrics of ``(N, L)`` ``scores`` against 0/1 ``y_true``; label on when ``score > cut``.

    ``ranked=False`` (hard 0/1 predictions) skips the curves.

    >>> r = multilabel_metrics(np.array([[0, 0, 0], [0, 1, 1]]),
    ...                        np.array([[-.1, -.1, -.1], [.1, .1, .1]]), cut=0.0)
    >>> r.hamming_accuracy, r.exact_match
    (0.8333333333333334, 0.5)
    """
    y = np.asarray(y_true) == 1
    on = scores > cut
    n, labels = y.shape
    w = np.ones(n) if sample_weight is None else np.asarray(sample_weight, np.float64)
    tp, fp, fn, tn = label_counts(y, on, sample_weight)
    hamming = float(np.sum(tp + tn) / (w.sum() * labels))
    exact = float(np.average(np.all(y == on, axis=1), weights=w))
    precision, recall, f1 = f1_precision_recall(tp, tp + fp, tp + fn)
    averages = {
        name: prf_average(tp, tp + fp, tp + fn, name) for name in ("macro", "weighted", "micro")
    }
    auc = ap = best_t = best_f = None
    auc_macro = auc_micro = ap_macro = ap_micro = None
    micro = None
    if ranked:
        per_label = labelwise_curves(y, scores, sample_weight)  # all labels in batches
        auc, ap = per_label.roc_auc, per_label.average_precision
        best_t, best_f = per_label.best_threshold, per_label.best_f1
        micro_w = None if sample_weight is None else np.repeat(w, labels)
        micro = binary_curve(y.ravel(), scores.ravel(), micro_w)
        auc_macro, ap_macro = float(np.mean(auc)), float(np.mean(ap))
        auc_micro, ap_micro = micro.roc_auc(), micro.average_precision()
    return MultilabelResult(
        cut=cut,
        tp=tp,
        fp=fp,
        fn=fn,
        tn=tn,
        hamming_accuracy=hamming,
        exact_match=exact,
        precision=precision,
        recall=recall,
        f1=f1,
        averages=averages,
        roc_auc=auc,
        average_precision=ap,
        roc_auc_macro=auc_macro,
        roc_auc_micro=auc_micro,
        ap_macro=ap_macro,
        ap_micro=ap_micro,
        best_thresholds=best_t,
        best_f1=best_f,
        micro_curve=micro,
    )
