"""Exact metrics from tie-group runs visited range by range, with carries.

Each run (distinct keys with their rows per class) is visited with the curve mass above it
(the *carry*, known from the pass-1 histogram). Without weights every count is an integer:
ROC AUC is ``U2 / (2·P·N)`` with ``U2 = Σ_g neg_g·(2·tp_above_g + pos_g)`` summed exactly in
Python integers (no overflow at any size), then rounded once. Average precision is
``Σ_g pos_g·precision_g / P`` summed per slice and then with :func:`math.fsum`. Log loss,
Brier score and the reliability table are sums over tie groups too, as are the DeLong
variances (per-slice means and squared deviations combined with Chan's formula).

Threshold choices need the whole curve; instead, each slice keeps its *candidate* points (the
best of each criterion within the slice, with ties to the highest threshold; the last point
above the decision cut; the points where the curve mass crosses a multiple of a step for a
downsampled curve; the slice's first and last point). Every global optimum is a slice optimum,
so :func:`~headcheck.evaluation._thresholds.threshold_choices` on the compact curve of the
candidates gives exactly what it gives on the full curve.

:class:`Partial` results merge in any order, so ranges can be summarised in any process.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, cast

import numpy as np
import numpy.typing as npt

from headcheck.evaluation._calibration import Reliability
from headcheck.evaluation._curve import BinaryCurve
from headcheck.evaluation._intervals import Z95
from headcheck.evaluation._keys import scores_from_keys
from headcheck.evaluation._runs import Run
from headcheck.evaluation._thresholds import threshold_choices
from headcheck.semantics.activations import sigmoid

__all__ = ["Context", "Partial", "Probe", "exact_dot", "summarize"]

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]
Moments = tuple[float, float, float]  # (count, mean, sum of squared deviations)

#: points kept for the downsampled curve (plus the candidates of the threshold choices)
CURVE_POINTS = 2000


def exact_dot(a: Ints, b: Ints) -> int:
    """``Σ a_i·b_i`` of non-negative integers, exactly (Python int), without overflow.

    >>> exact_dot(np.array([2**40, 3]), np.array([2**40, 5]))
    1208925819614629174706191
    """
    if a.size == 0:
        return 0
    top = int(a.max()) * int(b.max())
    if top * a.size < 2**63:
        return int(np.dot(a, b))
    if top < 2**63:
        products = a * b
        low = products & 0xFFFFFFFF
        return (int((products >> 32).sum()) << 32) + int(low.sum())
    return sum(int(x) * int(y) for x, y in zip(a.tolist(), b.tolist(), strict=True))


def _dot(a: Floats, b: Floats) -> float:
    """``Σ a·b`` of float64 vectors (``einsum``: ``np.dot`` would start BLAS threads for every
    slice, which costs more than the sum here)."""
    return float(np.einsum("i,i->", a, b))


def _chan(a: Moments, b: Moments) -> Moments:
    n = a[0] + b[0]
    if n == 0:
        return (0.0, 0.0, 0.0)
    delta = b[1] - a[1]
    return (n, a[1] + delta * b[0] / n, a[2] + b[2] + delta * delta * a[0] * b[0] / n)


def _moments(values: Floats, counts: Ints) -> Moments:
    """Count, mean and squared deviations of ``values`` repeated ``counts`` times."""
    weights = counts.astype(np.float64)
    n = float(weights.sum())
    if n == 0:
        return (0.0, 0.0, 0.0)
    mean = _dot(weights, values) / n
    deviation = values - mean
    deviation *= deviation
    return (n, mean, _dot(weights, deviation))


class _Points:
    """The few parts of a :class:`BinaryCurve` that ``threshold_choices`` reads, over arrays
    already at hand (building a curve would encode the thresholds again)."""

    def __init__(
        self, thresholds: Floats, tps: Floats, fps: Floats, positives: float, negatives: float
    ) -> None:
        self.thresholds, self.tps, self.fps = thresholds, tps, fps
        self.positives, self.negatives = positives, negatives
        self.total = positives + negatives

    def all_counts(self) -> tuple[Floats, Floats, Floats, Floats]:
        return self.tps, self.fps, self.positives - self.tps, self.negatives - self.fps

    def counts_at(self, index: int) -> tuple[float, float, float, float]:
        tp = float(self.tps[index]) if index >= 0 else 0.0
        fp = float(self.fps[index]) if index >= 0 else 0.0
        return tp, fp, self.positives - tp, self.negatives - fp


@dataclass(frozen=True)
class Context:
    """What every range needs to know, fixed after pass 1."""

    negatives: float
    positives: float
    weighted: bool
    score_dtype: np.dtype[Any]
    cut: float
    probability: str | None  # 'clip', 'sigmoid', 'exp' or None (hard predictions)
    n_bins: int = 10
    cost_fp: float = 1.0
    cost_fn: float = 1.0
    target_recall: float = 0.9
    target_precision: float = 0.9

    @property
    def step(self) -> float:
        """Curve mass between two points of the downsampled curve."""
        return max(self.negatives + self.positives, 1.0) / CURVE_POINTS

    def probabilities(self, scores: Floats) -> Floats:
        """The scores on the probability scale, as the in-memory path computes them."""
        if self.probability == "sigmoid":
            return np.asarray(sigmoid(scores), dtype=np.float64)
        if self.probability == "exp":
            out: Floats = np.exp(scores)
            return out
        clipped: Floats = np.clip(scores, 0.0, 1.0)
        return clipped


@dataclass
class Partial:
    """Mergeable sums and candidate points of some ranges."""

    n_bins: int = 10
    u2: int = 0
    u2_weighted: list[float] = field(default_factory=list)
    weight_totals: list[tuple[float, float]] = field(default_factory=list)
    ap: list[float] = field(default_factory=list)
    v10: Moments = (0.0, 0.0, 0.0)
    v01: Moments = (0.0, 0.0, 0.0)
    log_loss: list[float] = field(default_factory=list)
    brier: list[float] = field(default_factory=list)
    bin_rows: Ints = field(default_factory=lambda: np.zeros(0, np.int64))
    bin_sums: Floats = field(default_factory=lambda: np.zeros((0, 0)))  # weight, w·p, w·y
    points: list[tuple[npt.NDArray[Any], Floats, Floats]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.bin_rows.size == 0:
            self.bin_rows = np.zeros(self.n_bins, np.int64)
            self.bin_sums = np.zeros((3, self.n_bins))

    def merge(self, other: Partial) -> Partial:
        """Both partials together."""
        return Partial(
            self.n_bins,
            self.u2 + other.u2,
            self.u2_weighted + other.u2_weighted,
            self.weight_totals + other.weight_totals,
            self.ap + other.ap,
            _chan(self.v10, other.v10),
            _chan(self.v01, other.v01),
            self.log_loss + other.log_loss,
            self.brier + other.brier,
            self.bin_rows + other.bin_rows,
            self.bin_sums + other.bin_sums,
            self.points + other.points,
        )

    # -- one slice --------------------------------------------------------------------------

    def _probability_sums(self, run: Run, scores: Floats, ctx: Context) -> None:
        if ctx.probability is None:
            return
        p = ctx.probabilities(scores)
        if run.mass is None:
            neg: Floats = run.rows[0][::-1].astype(np.float64)
            pos: Floats = run.rows[1][::-1].astype(np.float64)
        else:
            neg, pos = run.mass[0][::-1], run.mass[1][::-1]
        eps = np.finfo(np.float64).eps
        q = 1.0 - p
        work = np.clip(p, eps, 1 - eps)
        np.log(work, out=work)
        loss = _dot(pos, work)
        np.clip(q, eps, 1 - eps, out=work)
        np.log(work, out=work)
        self.log_loss.append(-(loss + _dot(neg, work)))
        np.multiply(q, q, out=work)
        brier = _dot(pos, work)
        np.multiply(p, p, out=work)
        self.brier.append(brier + _dot(neg, work))
        rows = (run.rows[0] + run.rows[1])[::-1]
        self._bin(p, rows, neg + pos, pos, ctx.n_bins)

    def _bin(self, p: Floats, rows: Ints, weight: Floats, pos: Floats, n_bins: int) -> None:
        """Add to the reliability bins (``searchsorted(edges[1:-1], p)``, as in memory). The
        probabilities of a slice are descending, so each bin is a run found by ``n_bins``
        binary searches; should rounding ever break the order, every value is binned."""
        edges = np.linspace(0.0, 1.0, n_bins + 1)
        ascending = p[::-1]
        if ascending.size and bool(np.all(ascending[1:] >= ascending[:-1])):
            starts = np.searchsorted(ascending, edges[1:-1], side="right")
            bounds = np.r_[0, starts, ascending.size]
            filled = np.flatnonzero(bounds[1:] > bounds[:-1])
            at = bounds[filled]
            for total, amounts in zip(
                (self.bin_sums[0], self.bin_sums[1], self.bin_sums[2]),
                (weight, weight * p, pos),
                strict=True,
            ):
                total[filled] += np.add.reduceat(amounts[::-1], at)
            self.bin_rows[filled] += np.add.reduceat(rows[::-1], at)
            return
        ids = np.searchsorted(edges[1:-1], p)
        self.bin_rows += np.bincount(ids, rows, minlength=n_bins).astype(np.int64)
        self.bin_sums[0] += np.bincount(ids, weight, minlength=n_bins)
        self.bin_sums[1] += np.bincount(ids, weight * p, minlength=n_bins)
        self.bin_sums[2] += np.bincount(ids, pos, minlength=n_bins)

    def _candidates(
        self,
        keys: npt.NDArray[Any],
        scores: Floats,
        tps: Floats,
        fps: Floats,
        group_mass: Floats,
        ctx: Context,
    ) -> None:
        size = scores.size
        local = _Points(
            np.r_[scores, -np.inf],
            np.r_[tps, ctx.positives],
            np.r_[fps, ctx.negatives],
            ctx.positives,
            ctx.negatives,
        )
        wanted = {0, size - 1}
        order = -local.thresholds
        for choice in threshold_choices(
            cast(BinaryCurve, local),
            target_recall=ctx.target_recall,
            target_precision=ctx.target_precision,
            cost_fp=ctx.cost_fp,
            cost_fn=ctx.cost_fn,
        ):
            if choice.threshold is not None:
                wanted.add(int(np.searchsorted(order, -choice.threshold)))
        # the best accuracy, as sweep() computes it (the analysis names it)
        accuracy = (tps + (ctx.negatives - fps)) / (ctx.positives + ctx.negatives)
        wanted.add(int(np.argmax(accuracy)))
        above = int(np.searchsorted(-scores, -ctx.cut, side="left"))
        if above:
            wanted.add(above - 1)
        after = tps + fps
        before = after - group_mass
        crossed = np.floor(after / ctx.step) > np.floor(before / ctx.step)
        wanted.update(np.flatnonzero(crossed).tolist())
        index = np.array(sorted(i for i in wanted if i < size), dtype=np.intp)
        self.points.append((keys[index], tps[index], fps[index]))

    def add(self, run: Run, carry: tuple[float, float], ctx: Context) -> tuple[float, float]:
        """Count one slice (a run whose keys all lie below the keys already counted in this
        range); ``carry`` is the curve mass ``(neg, pos)`` above it. Returns the new carry."""
        if len(run) == 0:
            return carry
        keys = run.keys[::-1]
        scores = scores_from_keys(keys, ctx.score_dtype).astype(np.float64)
        self._probability_sums(run, scores, ctx)
        if run.mass is None:
            neg_rows, pos_rows = run.rows[0][::-1], run.rows[1][::-1]
            neg_carry, pos_carry = int(carry[0]), int(carry[1])
            tp_int = pos_carry + np.cumsum(pos_rows)
            fp_int = neg_carry + np.cumsum(neg_rows)
            above = tp_int - pos_rows
            self.u2 += exact_dot(neg_rows, 2 * above + pos_rows)
            # DeLong's structural components, doubled to stay integral until the division
            n2, p2 = 2 * ctx.negatives, 2 * ctx.positives
            if n2 > 0 and p2 > 0:
                below = (n2 - 2 * (fp_int - neg_rows) - neg_rows).astype(np.float64)
                self.v10 = _chan(self.v10, _moments(below / n2, pos_rows))
                self.v01 = _chan(self.v01, _moments((2 * above + pos_rows) / p2, neg_rows))
            tps, fps = tp_int.astype(np.float64), fp_int.astype(np.float64)
            pos_mass: Floats = pos_rows.astype(np.float64)
            group_mass: Floats = (pos_rows + neg_rows).astype(np.float64)
            new_carry: tuple[float, float] = (int(fp_int[-1]), int(tp_int[-1]))
        else:
            neg_w, pos_w = run.mass[0][::-1], run.mass[1][::-1]
            keep = (neg_w + pos_w) > 0  # weight-0 rows are no threshold (as in memory)
            if not keep.all():
                keys, scores, neg_w, pos_w = keys[keep], scores[keep], neg_w[keep], pos_w[keep]
            if keys.size == 0:
                return carry
            tps = carry[1] + np.cumsum(pos_w)
            fps = carry[0] + np.cumsum(neg_w)
            self.u2_weighted.append(_dot(neg_w, 2 * (tps - pos_w) + pos_w))
            self.weight_totals.append((float(neg_w.sum()), float(pos_w.sum())))
            pos_mass = pos_w
            group_mass = pos_w + neg_w
            new_carry = (float(fps[-1]), float(tps[-1]))
        self.ap.append(_dot(pos_mass, tps / (tps + fps)))
        self._candidates(keys, scores, tps, fps, group_mass, ctx)
        return new_carry

    # -- results ----------------------------------------------------------------------------

    def curve(self, ctx: Context) -> BinaryCurve:
        """The compact curve: every candidate point, highest threshold first."""
        keys = np.concatenate([p[0] for p in self.points])
        tps = np.concatenate([p[1] for p in self.points])
        fps = np.concatenate([p[2] for p in self.points])
        order = np.argsort(keys, kind="stable")[::-1]
        keys, tps, fps = keys[order], tps[order], fps[order]
        first = np.r_[True, keys[1:] != keys[:-1]]
        return BinaryCurve(
            scores_from_keys(keys[first], ctx.score_dtype).astype(np.float64),
            tps[first],
            fps[first],
            ctx.weighted,
        )

    def roc_auc(self, ctx: Context) -> float:
        """Exact without weights (one rounding); weighted sums with :func:`math.fsum`."""
        if ctx.weighted:
            # the totals of the same group sums as the numerator: one score for every row
            # gives exactly 0.5, as the in-memory curve does
            negatives = math.fsum(t[0] for t in self.weight_totals)
            positives = math.fsum(t[1] for t in self.weight_totals)
            return math.fsum(self.u2_weighted) / (2.0 * positives * negatives)
        return self.u2 / (2 * int(ctx.positives) * int(ctx.negatives))

    def average_precision(self, ctx: Context) -> float:
        return max(0.0, math.fsum(self.ap) / ctx.positives)

    def delong(self, auc: float, z: float = Z95) -> tuple[float, float]:
        """DeLong's 95% interval around ``auc`` (unweighted)."""
        m, n = self.v10[0], self.v01[0]
        var10 = self.v10[2] / (m - 1) if m > 1 else 0.0
        var01 = self.v01[2] / (n - 1) if n > 1 else 0.0
        se = math.sqrt(max(var10 / m + var01 / n, 0.0))
        return max(0.0, auc - z * se), min(1.0, auc + z * se)

    def reliability(self, ctx: Context) -> Reliability:
        """The reliability table, as :func:`~headcheck.evaluation._calibration.reliability`."""
        edges = np.linspace(0.0, 1.0, ctx.n_bins + 1)
        weight, sums, hits = self.bin_sums
        filled = weight > 0
        mean_predicted = np.full(ctx.n_bins, np.nan)
        fraction = np.full(ctx.n_bins, np.nan)
        mean_predicted[filled] = sums[filled] / weight[filled]
        fraction[filled] = hits[filled] / weight[filled]
        gaps = np.abs(fraction[filled] - mean_predicted[filled])
        total = float(weight.sum())
        ece = float(np.sum(weight[filled] / total * gaps)) if total > 0 else float("nan")
        mce = float(gaps.max()) if gaps.size else float("nan")
        rows = self.bin_rows.copy()
        return Reliability(edges, rows, weight.copy(), mean_predicted, fraction, ece, mce)


def summarize(slices: Iterable[Run], carry: tuple[float, float], ctx: Context) -> Partial:
    """The partial of one range visited slice by slice from its highest key down."""
    partial = Partial(ctx.n_bins)
    for run in slices:
        carry = partial.add(run, carry, ctx)
    return partial


@dataclass
class Probe:
    """Row counts for the sentences about the ranking (all rows, weights ignored, as in
    memory): negatives above the highest positive's key, negatives tied with it that come
    before its first occurrence, and negatives at or above the lowest positive's key."""

    top_key: int
    top_position: tuple[int, int]
    low_key: int
    negatives_above_top: int = 0
    negatives_tied_before_top: int = 0
    negatives_from_low: int = 0

    def add(
        self, keys: npt.NDArray[Any], positive: npt.NDArray[np.bool_], start: tuple[int, int]
    ) -> None:
        kind = keys.dtype.type
        negative = ~positive
        self.negatives_above_top += int(np.count_nonzero(negative & (keys > kind(self.top_key))))
        self.negatives_from_low += int(np.count_nonzero(negative & (keys >= kind(self.low_key))))
        part, row = self.top_position
        if start[0] < part or (start[0] == part and start[1] < row):
            stop = keys.size if start[0] < part else min(keys.size, row - start[1])
            tied = negative[:stop] & (keys[:stop] == kind(self.top_key))
            self.negatives_tied_before_top += int(np.count_nonzero(tied))

    def merge(self, other: Probe) -> Probe:
        return Probe(
            self.top_key,
            self.top_position,
            self.low_key,
            self.negatives_above_top + other.negatives_above_top,
            self.negatives_tied_before_top + other.negatives_tied_before_top,
            self.negatives_from_low + other.negatives_from_low,
        )

    @property
    def top_negatives(self) -> int:
        """Negatives ranked above every positive (stable descending order, as in memory)."""
        return self.negatives_above_top + self.negatives_tied_before_top
