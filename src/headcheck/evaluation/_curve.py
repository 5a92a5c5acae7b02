"""The one curve kernel: every threshold metric of a binary score comes from here.

:func:`binary_curve` does one stable sort of the scores (descending), keeps the index of the
last sample of each run of equal scores, and takes cumulative counts of positives and
negatives there (scikit-learn's ``confusion_matrix_at_thresholds``). Unweighted counts are
integers, so two curves over disjoint data can later be merged exactly (issue 7); weighted
counts are float64 sums.

A sample is predicted positive at threshold ``t`` when ``score >= t`` (scikit-learn's curve
convention). Decision rules written as ``score > cut`` (Keras, torchmetrics) are answered by
:meth:`BinaryCurve.counts_above`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from headcheck.evaluation._undefined import warn_undefined

__all__ = ["BinaryCurve", "binary_curve"]

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class BinaryCurve:
    """Cumulative counts at each distinct score, highest score first.

    ``tps[i]``/``fps[i]`` are the (weighted) numbers of positives/negatives whose score is
    ``>= thresholds[i]``. ``tps[-1]`` is the total weight of positives, ``fps[-1]`` that of
    negatives.

    >>> c = binary_curve(np.array([0, 0, 1, 1]), np.array([0.1, 0.4, 0.35, 0.8]))
    >>> c.thresholds.tolist(), c.tps.tolist(), c.fps.tolist()
    ([0.8, 0.4, 0.35, 0.1], [1.0, 1.0, 2.0, 2.0], [0.0, 1.0, 1.0, 2.0])
    >>> round(c.roc_auc(), 4)
    0.75
    """

    thresholds: FloatArray
    tps: FloatArray
    fps: FloatArray
    weighted: bool

    @property
    def positives(self) -> float:
        """Total weight of positive samples."""
        return float(self.tps[-1])

    @property
    def negatives(self) -> float:
        """Total weight of negative samples."""
        return float(self.fps[-1])

    @property
    def total(self) -> float:
        """Total weight of all samples."""
        return self.positives + self.negatives

    # -- curves ----------------------------------------------------------------------------

    def roc(self) -> tuple[FloatArray, FloatArray, FloatArray]:
        """``(fpr, tpr, thresholds)`` with the (0, 0) point first (threshold ``inf``).

        Undefined rates (no positives or no negatives) are ``nan``, with a warning.
        """
        tps = np.r_[0.0, self.tps]
        fps = np.r_[0.0, self.fps]
        thresholds = np.r_[np.inf, self.thresholds]
        if self.negatives <= 0:
            warn_undefined("No negative samples: the false positive rate is undefined (nan)")
            fpr = np.full_like(fps, np.nan)
        else:
            fpr = fps / self.negatives
        if self.positives <= 0:
            warn_undefined("No positive samples: the true positive rate is undefined (nan)")
            tpr = np.full_like(tps, np.nan)
        else:
            tpr = tps / self.positives
        return fpr, tpr, thresholds

    def roc_auc(self) -> float:
        """Area under the ROC curve (trapezoids; ties count one half).

        ``nan`` with an :class:`UndefinedMetricWarning` when only one class is present.
        """
        if self.positives <= 0 or self.negatives <= 0:
            warn_undefined("Only one class is present in the labels: ROC AUC is not defined (nan)")
            return float("nan")
        fpr = np.r_[0.0, self.fps] / self.negatives
        tpr = np.r_[0.0, self.tps] / self.positives
        return float(np.trapezoid(tpr, fpr))

    def precision_recall(self) -> tuple[FloatArray, FloatArray]:
        """Precision and recall at each threshold (highest threshold first).

        Precision with no predicted positives is 0; with no positives at all, recall is 1 at
        every threshold (with a warning), as in scikit-learn.
        """
        predicted = self.tps + self.fps
        precision = np.divide(
            self.tps, predicted, out=np.zeros_like(self.tps), where=predicted != 0
        )
        if self.positives <= 0:
            warn_undefined("No positive samples: recall is set to 1 at every threshold")
            recall = np.ones_like(self.tps)
        else:
            recall = self.tps / self.positives
        return precision, recall

    def average_precision(self) -> float:
        """Step-wise average precision: ``sum((R_i - R_{i-1}) * P_i)`` (no interpolation)."""
        precision, recall = self.precision_recall()
        steps = np.diff(np.r_[0.0, recall])
        return float(max(0.0, np.sum(steps * precision)))

    # -- confusion at a cut ------------------------------------------------------------------

    def counts_at(self, index: int) -> tuple[float, float, float, float]:
        """``(tp, fp, fn, tn)`` when the samples scoring ``>= thresholds[index]`` are positive;
        ``index = -1`` means none is positive."""
        tp = float(self.tps[index]) if index >= 0 else 0.0
        fp = float(self.fps[index]) if index >= 0 else 0.0
        return tp, fp, self.positives - tp, self.negatives - fp

    def counts_above(self, cut: float) -> tuple[float, float, float, float]:
        """``(tp, fp, fn, tn)`` for the rule ``score > cut``."""
        above = int(np.searchsorted(-self.thresholds, -cut, side="left"))
        return self.counts_at(above - 1)

    def all_counts(self) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
        """``(tp, fp, fn, tn)`` at every threshold (highest first)."""
        return self.tps, self.fps, self.positives - self.tps, self.negatives - self.fps

    def to_dict(self) -> dict[str, Any]:
        """Counts as lists (mergeable state)."""
        return {
            "thresholds": self.thresholds.tolist(),
            "tps": self.tps.tolist(),
            "fps": self.fps.tolist(),
        }


def binary_curve(
    y_true: npt.ArrayLike, scores: npt.ArrayLike, sample_weight: npt.ArrayLike | None = None
) -> BinaryCurve:
    """Build the :class:`BinaryCurve` of ``scores`` against 0/1 ``y_true``.

    One stable descending sort, the last index of each run of equal scores, cumulative
    counts there. Samples of weight 0 are dropped first (they cannot move any count).

    >>> c = binary_curve([1, 0, 1], [0.5, 0.5, 0.2], sample_weight=[2.0, 1.0, 1.0])
    >>> c.tps.tolist(), c.fps.tolist()
    ([2.0, 3.0], [1.0, 1.0])
    """
    y = np.asarray(y_true).ravel() == 1
    s = np.asarray(scores, dtype=np.float64).ravel()
    weights = None if sample_weight is None else np.asarray(sample_weight, np.float64).ravel()
    if weights is not None:
        keep = weights != 0
        y, s, weights = y[keep], s[keep], weights[keep]
    if s.size == 0:
        empty = np.zeros(1)
        return BinaryCurve(np.array([np.inf]), empty, empty, weights is not None)
    order = np.argsort(s, kind="mergesort")[::-1]
    s_sorted = s[order]
    y_sorted = y[order]
    last = np.r_[np.flatnonzero(np.diff(s_sorted)), s_sorted.size - 1]
    if weights is None:
        tps_int = np.cumsum(y_sorted, dtype=np.int64)[last]
        fps_int = (last + 1) - tps_int
        tps, fps = tps_int.astype(np.float64), fps_int.astype(np.float64)
    else:
        w_sorted = weights[order]
        tps = np.cumsum(w_sorted * y_sorted, dtype=np.float64)[last]
        fps = np.cumsum(w_sorted * ~y_sorted, dtype=np.float64)[last]
    return BinaryCurve(s_sorted[last], tps, fps, weights is not None)
