"""Confidence intervals: Wilson for rates, DeLong for ROC AUC, and a percentile bootstrap.

With sample weights, Wilson uses Kish's effective sample size ``(sum w)^2 / sum w^2``;
DeLong has no weighted form, so weighted AUC intervals come from the bootstrap.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import numpy.typing as npt

__all__ = ["Z95", "bootstrap_interval", "delong_interval", "midranks", "wilson_interval"]

FloatArray = npt.NDArray[np.float64]

#: two-sided 95% normal quantile
Z95 = 1.959963984540054


def wilson_interval(rate: float, n: float, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval of a proportion ``rate`` observed on ``n`` (effective) trials.

    >>> [round(v, 4) for v in wilson_interval(81 / 96, 96)]
    [0.7581, 0.903]
    """
    if n <= 0 or math.isnan(rate):
        return (float("nan"), float("nan"))
    z2 = z * z
    centre = (rate + z2 / (2 * n)) / (1 + z2 / n)
    half = z / (1 + z2 / n) * math.sqrt(rate * (1 - rate) / n + z2 / (4 * n * n))
    return (max(0.0, centre - half), min(1.0, centre + half))


def effective_n(weights: FloatArray | None, n: int) -> float:
    """Kish's effective sample size (``n`` without weights)."""
    if weights is None:
        return float(n)
    total = float(np.sum(weights))
    squares = float(np.sum(weights * weights))
    return total * total / squares if squares > 0 else 0.0


def midranks(values: FloatArray) -> FloatArray:
    """1-based ranks, ties sharing the mean of their ranks.

    >>> midranks(np.array([0.3, 0.1, 0.3])).tolist()
    [2.5, 1.0, 2.5]
    """
    order = np.argsort(values, kind="mergesort")
    ordered = values[order]
    starts = np.r_[0, np.flatnonzero(np.diff(ordered)) + 1]
    ends = np.r_[starts[1:], ordered.size]
    mean_rank = (starts + ends + 1) / 2.0
    ranks = np.empty(values.size)
    ranks[order] = np.repeat(mean_rank, ends - starts)
    return ranks


def delong_interval(
    y_true: npt.ArrayLike, scores: npt.ArrayLike, z: float = Z95
) -> tuple[float, float, float]:
    """ROC AUC with its DeLong standard error and normal interval ``(auc, low, high)``,
    from midranks (Sun & Xu's fast algorithm).

    >>> auc, low, high = delong_interval([0, 0, 1, 1, 0, 1], [0.1, 0.3, 0.35, 0.8, 0.6, 0.9])
    >>> round(auc, 4), round(low, 4), round(high, 4)
    (0.8889, 0.5809, 1.0)
    """
    y = np.asarray(y_true).ravel() == 1
    s = np.asarray(scores, dtype=np.float64).ravel()
    pos, neg = s[y], s[~y]
    m, n = pos.size, neg.size
    if m == 0 or n == 0:
        return (float("nan"), float("nan"), float("nan"))
    all_ranks = midranks(np.r_[pos, neg])
    pos_ranks = midranks(pos)
    neg_ranks = midranks(neg)
    auc = (all_ranks[:m].sum() - m * (m + 1) / 2.0) / (m * n)
    v10 = (all_ranks[:m] - pos_ranks) / n
    v01 = 1.0 - (all_ranks[m:] - neg_ranks) / m
    var = (np.var(v10, ddof=1) if m > 1 else 0.0) / m + (np.var(v01, ddof=1) if n > 1 else 0.0) / n
    se = math.sqrt(max(float(var), 0.0))
    return (float(auc), max(0.0, float(auc) - z * se), min(1.0, float(auc) + z * se))


def bootstrap_interval(
    statistic: Callable[[npt.NDArray[np.int64]], float],
    n: int,
    *,
    resamples: int = 1000,
    seed: int = 0,
    level: float = 0.95,
) -> tuple[float, float]:
    """Percentile bootstrap: ``statistic(indices)`` on ``resamples`` resamples of ``range(n)``.
    Resamples where the statistic is undefined (nan) are dropped.

    >>> values = np.arange(10.0)
    >>> low, high = bootstrap_interval(lambda i: float(values[i].mean()), 10, resamples=200)
    >>> bool(low < 4.5 < high)
    True
    """
    rng = np.random.default_rng(seed)
    stats = np.array([statistic(rng.integers(0, n, n)) for _ in range(resamples)])
    stats = stats[~np.isnan(stats)]
    if stats.size == 0:
        return (float("nan"), float("nan"))
    tail = (1 - level) / 2 * 100
    return (float(np.percentile(stats, tail)), float(np.percentile(stats, 100 - tail)))
