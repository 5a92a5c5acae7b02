"""Calibration: the reliability table and expected calibration error (ECE).

Bins are scikit-learn's ``calibration_curve(strategy="uniform")`` bins: ``n_bins`` equal
intervals of [0, 1], each closed on the right except the first, which also holds 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["Reliability", "reliability"]

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Reliability:
    """Per-bin counts: ``count`` (samples), ``weight``, mean predicted probability and observed
    frequency of positives (``nan`` for empty bins), and the ECE."""

    edges: FloatArray
    count: npt.NDArray[np.int64]
    weight: FloatArray
    mean_predicted: FloatArray
    fraction_positive: FloatArray
    ece: float
    mce: float

    def to_dict(self) -> dict[str, Any]:
        """The table as a list of non-empty bins, plus ECE and MCE."""
        rows = [
            {
                "low": float(self.edges[i]),
                "high": float(self.edges[i + 1]),
                "count": int(self.count[i]),
                "mean_predicted": float(self.mean_predicted[i]),
                "fraction_positive": float(self.fraction_positive[i]),
            }
            for i in range(self.count.size)
            if self.count[i] > 0
        ]
        return {"ece": self.ece, "mce": self.mce, "bins": rows}


def reliability(
    y_true: npt.ArrayLike,
    probabilities: npt.ArrayLike,
    sample_weight: npt.ArrayLike | None = None,
    n_bins: int = 10,
) -> Reliability:
    """Reliability table of probabilities against 0/1 outcomes.

    ``ECE = sum_b (W_b / W) |frac_b - conf_b|`` and ``MCE = max_b |frac_b - conf_b|`` over
    non-empty bins, with ``W`` the (weighted) number of samples.

    >>> r = reliability([0, 1, 1, 1], [0.1, 0.7, 0.8, 0.95], n_bins=2)
    >>> r.fraction_positive.tolist(), round(r.ece, 4)
    ([0.0, 1.0], 0.1625)
    """
    y = np.asarray(y_true, dtype=np.float64).ravel()
    p = np.asarray(probabilities, dtype=np.float64).ravel()
    w = np.ones_like(p) if sample_weight is None else np.asarray(sample_weight, np.float64)
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    ids = np.searchsorted(edges[1:-1], p)
    count = np.bincount(ids, minlength=n_bins).astype(np.int64)
    weight = np.bincount(ids, weights=w, minlength=n_bins).astype(np.float64)
    sums = np.bincount(ids, weights=w * p, minlength=n_bins)
    hits = np.bincount(ids, weights=w * y, minlength=n_bins)
    filled = weight > 0
    mean_predicted = np.full(n_bins, np.nan)
    fraction = np.full(n_bins, np.nan)
    mean_predicted[filled] = sums[filled] / weight[filled]
    fraction[filled] = hits[filled] / weight[filled]
    gaps = np.abs(fraction[filled] - mean_predicted[filled])
    total = float(weight.sum())
    ece = float(np.sum(weight[filled] / total * gaps)) if total > 0 else float("nan")
    mce = float(gaps.max()) if gaps.size else float("nan")
    return Reliability(edges, count, weight, mean_predicted, fraction, ece, mce)
