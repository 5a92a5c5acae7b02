"""The one curve kernel: every threshold metric of a binary score comes from here.

:func:`binary_curve` groups the samples by distinct score with one sort of compact integer
keys (:func:`~._ties.tie_groups`) and keeps, per group, the positive and negative amount:
integer counts without weights (so curves over disjoint data merge exactly, see
:mod:`._state`), float64 sums with them. Everything else is derived from those groups without
sorting again: ROC AUC and average precision together in one blockwise pass (the integer
AUC is exact: a pair count divided once), the precision-recall arrays in another, and the
float64 arrays of the public fields (``thresholds``, ``tps``, ``fps``) only when first read.
Blocks keep the temporaries in cache; large fresh arrays would cost page faults instead.

A sample is predicted positive at threshold ``t`` when ``score >= t`` (scikit-learn's curve
convention). Decision rules written as ``score > cut`` (Keras, torchmetrics) are answered by
:meth:`BinaryCurve.counts_above`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import numpy.typing as npt

from headcheck.evaluation._keys import score_keys, scores_from_keys
from headcheck.evaluation._ties import BLOCK, TieGroups, tie_groups
from headcheck.evaluation._undefined import warn_undefined
from headcheck.evaluation._workers import run_each, shares, worker_count

__all__ = ["BinaryCurve", "binary_curve"]

FloatArray = npt.NDArray[np.float64]


def _blocks(size: int) -> Iterator[tuple[int, int, slice]]:
    """Ascending blocks ``(start, stop, out)``; ``out`` is where the reversed block goes in a
    descending array of the same size."""
    for start in range(0, size, BLOCK):
        stop = min(start + BLOCK, size)
        yield start, stop, slice(size - stop, size - start)


class _Scratch:
    """Block-sized temporaries of one sweep thread: counts of the curve's count type
    (``tp``, ``fp``, ``step``, ``height``) and float64 (``own``, ``positive``,
    ``predicted``)."""

    def __init__(self, kind: type[np.int64] | type[np.float64]) -> None:
        self.tp: npt.NDArray[Any] = np.empty(BLOCK + 1, kind)
        self.fp: npt.NDArray[Any] = np.empty(BLOCK + 1, kind)
        self.step: npt.NDArray[Any] = np.empty(BLOCK, kind)
        self.height: npt.NDArray[Any] = np.empty(BLOCK, kind)
        self.own, self.positive, self.predicted = (np.empty(BLOCK) for _ in range(3))


class BinaryCurve:
    """Cumulative counts at each distinct score, highest score first.

    ``tps[i]``/``fps[i]`` are the (weighted) numbers of positives/negatives whose score is
    ``>= thresholds[i]``. ``tps[-1]`` is the total weight of positives, ``fps[-1]`` that of
    negatives. The arrays are built from the tie groups the first time they are read.

    >>> c = binary_curve(np.array([0, 0, 1, 1]), np.array([0.1, 0.4, 0.35, 0.8]))
    >>> c.thresholds.tolist(), c.tps.tolist(), c.fps.tolist()
    ([0.8, 0.4, 0.35, 0.1], [1.0, 1.0, 2.0, 2.0], [0.0, 1.0, 1.0, 2.0])
    >>> round(c.roc_auc(), 4)
    0.75
    """

    __slots__ = ("_cache", "_groups", "_negatives", "_positives", "weighted")

    weighted: bool

    def __init__(
        self, thresholds: FloatArray, tps: FloatArray, fps: FloatArray, weighted: bool
    ) -> None:
        """A curve from its arrays (descending thresholds, cumulative counts)."""
        thresholds = np.asarray(thresholds, np.float64)
        tps = np.asarray(tps, np.float64)
        fps = np.asarray(fps, np.float64)
        ascending = slice(None, None, -1)
        amounts = (np.diff(tps, prepend=0.0)[ascending], np.diff(fps, prepend=0.0)[ascending])
        keys = score_keys(np.ascontiguousarray(thresholds[ascending]))
        self._setup(TieGroups(keys, np.dtype(np.float64), amounts), weighted)
        self._positives, self._negatives = float(tps[-1]), float(fps[-1])
        self._cache.update(thresholds=thresholds, tps=tps, fps=fps)

    def _setup(self, groups: TieGroups, weighted: bool) -> None:
        self.weighted = weighted
        self._groups = groups
        positives, negatives = groups.totals()
        self._positives, self._negatives = float(positives), float(negatives)
        self._cache: dict[str, Any] = {}

    @classmethod
    def from_groups(cls, groups: TieGroups) -> BinaryCurve:
        """The curve of tie groups (see :func:`~._ties.tie_groups`); without any group, the
        empty curve (one threshold, ``inf``, with zero counts)."""
        if groups.size == 0:
            empty = np.zeros(1)
            return cls(np.array([np.inf]), empty, empty, groups.weighted)
        curve = cls.__new__(cls)
        curve._setup(groups, groups.weighted)
        return curve

    @property
    def groups(self) -> TieGroups:
        """The tie groups (ascending scores with per-group amounts) this curve is made of."""
        return self._groups

    def __repr__(self) -> str:
        return (
            f"BinaryCurve({self._groups.size} thresholds, positives={self.positives:g}, "
            f"negatives={self.negatives:g}, weighted={self.weighted})"
        )

    # -- blockwise values --------------------------------------------------------------------

    def _exact(self) -> bool:
        """Integer counts small enough for exact int64 pair counts."""
        return self._groups.cumulative is not None and self.total < 2**32

    def _from_top(self) -> Iterator[tuple[slice, Any, Any]]:
        """Ascending blocks ``(out, tp, fp)`` (see :meth:`_block`)."""
        kind = self._count_type()
        for start, stop, out in _blocks(self._groups.size):
            size = stop - start + 1
            yield out, *self._block(start, stop, np.empty(size, kind), np.empty(size, kind))

    def _count_type(self) -> type[np.int64] | type[np.float64]:
        """int64 for exact integer counts, else float64."""
        return np.int64 if self._exact() else np.float64

    def _block(self, start: int, stop: int, tp: Any, fp: Any) -> tuple[Any, Any]:
        """Fill ``tp`` and ``fp`` (``stop - start + 1`` entries of :meth:`_count_type`) for
        groups ``start:stop``: positives and negatives scoring ``>=`` each group's score,
        with one more entry for the group after the block (0 past the top). So
        ``tp[:-1] - tp[1:]`` are the group's own positives."""
        g = self._groups
        size = g.size
        if g.cumulative is None:
            # descending positions of groups start .. stop (the last one may not exist)
            first, last = max(size - 1 - stop, 0), size - start
            tp[last - first :] = 0.0
            fp[last - first :] = 0.0
            tp[: last - first] = self.tps[first:last][::-1]
            fp[: last - first] = self.fps[first:last][::-1]
            return tp, fp
        cum_pos, cum_neg = g.counts()
        kind = tp.dtype.type
        tp[0] = cum_pos[start - 1] if start else 0
        fp[0] = cum_neg[start - 1] if start else 0
        tp[1:] = cum_pos[start:stop]  # a plain cast copy: ufuncs that cast are slow
        fp[1:] = cum_neg[start:stop]
        np.subtract(kind(cum_pos[-1]), tp, out=tp)
        np.subtract(kind(cum_neg[-1]), fp, out=fp)
        return tp, fp

    def _areas(self) -> tuple[Any, float]:
        """Twice the ROC area in count units (an exact int for integer counts) and the sum
        of ``positives_i * precision_i`` over groups."""
        if "areas" not in self._cache:
            self._sweep(keep_curve=False)
        result: tuple[Any, float] = self._cache["areas"]
        return result

    def _sweep(self, keep_curve: bool) -> None:
        """One pass for both areas and, with ``keep_curve``, the precision and recall arrays
        (the precision at each group is computed once for both). Threads take contiguous
        ranges of blocks; the per-block sums are added in block order, so the result does
        not depend on the number of threads."""
        size = self._groups.size
        precision = recall = None
        if keep_curve:  # recall is 1 at every threshold when there are no positives
            precision = np.empty(size)
            recall = np.ones(size) if self.positives <= 0 else np.empty(size)
        if self._groups.cumulative is None:
            self._build_counts()  # the weighted blocks read tps and fps: built once, first
        blocks = list(_blocks(size))
        workers = worker_count(size)

        def sweep(mine: list[tuple[int, int, slice]]) -> list[tuple[Any, float]]:
            scratch = _Scratch(self._count_type())  # one set per thread, reused per block
            return [
                self._sweep_block(start, stop, out, precision, recall, scratch)
                for start, stop, out in mine
            ]

        twice_roc: Any = 0  # sum of (fp_i - fp_{i+1}) * (tp_i + tp_{i+1}): trapezoids
        precision_sum = 0.0
        for sums in run_each(sweep, shares(blocks, workers), workers):
            for roc, precisions in sums:
                twice_roc += roc
                precision_sum += precisions
        self._cache["areas"] = (twice_roc, precision_sum)
        if precision is not None and recall is not None:
            self._cache["precision_recall"] = (precision, recall)

    def _sweep_block(
        self,
        start: int,
        stop: int,
        out: slice,
        precision: FloatArray | None,
        recall: FloatArray | None,
        scratch: _Scratch,
    ) -> tuple[Any, float]:
        """One block of :meth:`_sweep`: its share of twice the ROC area and of the sum of
        ``positives_i * precision_i``, and its precision and recall written at ``out``.
        Every temporary is a slice of ``scratch``: fresh arrays per block would cost page
        faults."""
        m = stop - start
        tp, fp = self._block(start, stop, scratch.tp[: m + 1], scratch.fp[: m + 1])
        here = tp[:-1]
        step, height = scratch.step[:m], scratch.height[:m]
        np.subtract(fp[:-1], fp[1:], out=step)
        np.add(here, tp[1:], out=height)
        step *= height
        np.subtract(here, tp[1:], out=height)
        own, positive, predicted = scratch.own[:m], scratch.positive[:m], scratch.predicted[:m]
        own[...] = height  # the group's own positives (plain cast copies: casting ufuncs are slow)
        positive[...] = here
        predicted[...] = fp[:-1]
        predicted += positive
        if self._groups.cumulative is None:  # nothing predicted: precision 0 (weights only)
            predicted[predicted == 0] = np.inf
        ratio = positive if precision is None else precision[out][::-1]
        np.divide(positive, predicted, out=ratio)
        if recall is not None and self.positives > 0:
            np.divide(positive, self.positives, out=recall[out][::-1])
        own *= ratio
        return step.sum(), float(own.sum())

    # -- the public arrays (built on first use) ----------------------------------------------

    @property
    def thresholds(self) -> FloatArray:
        """Distinct scores, highest first (float64)."""
        if "thresholds" not in self._cache:
            g = self._groups
            out = np.empty(g.size)
            for start, stop, where in _blocks(g.size):
                out[where][::-1] = scores_from_keys(g.keys[start:stop], g.score_dtype)
            self._cache["thresholds"] = out
        result: FloatArray = self._cache["thresholds"]
        return result

    @property
    def tps(self) -> FloatArray:
        """Positives scoring ``>= thresholds[i]``."""
        if "tps" not in self._cache:
            self._build_counts()
        result: FloatArray = self._cache["tps"]
        return result

    @property
    def fps(self) -> FloatArray:
        """Negatives scoring ``>= thresholds[i]``."""
        if "fps" not in self._cache:
            self._build_counts()
        result: FloatArray = self._cache["fps"]
        return result

    def _build_counts(self) -> None:
        g = self._groups
        tps, fps = np.empty(g.size), np.empty(g.size)
        if g.cumulative is None:
            # sums accumulate from the top, each group's sum added once (as scikit-learn)
            carry_tp = carry_fp = 0.0
            for start, stop, out in reversed(list(_blocks(g.size))):
                tp = np.cumsum(g.positives[start:stop][::-1], dtype=np.float64)
                tp += carry_tp
                fp = np.cumsum(g.negatives[start:stop][::-1], dtype=np.float64)
                fp += carry_fp
                tps[out], fps[out] = tp, fp
                carry_tp, carry_fp = float(tp[-1]), float(fp[-1])
        else:
            for out, tp, fp in self._from_top():
                tps[out] = tp[-2::-1]
                fps[out] = fp[-2::-1]
        self._cache.update(tps=tps, fps=fps)

    @property
    def positives(self) -> float:
        """Total weight of positive samples."""
        return self._positives

    @property
    def negatives(self) -> float:
        """Total weight of negative samples."""
        return self._negatives

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

        Without weights this is the exact pair count ``#(pos > neg) + #(pos == neg) / 2``
        divided once by ``positives * negatives``. ``nan`` with an
        :class:`UndefinedMetricWarning` when only one class is present.
        """
        if self.positives <= 0 or self.negatives <= 0:
            warn_undefined("Only one class is present in the labels: ROC AUC is not defined (nan)")
            return float("nan")
        twice_roc, _ = self._areas()
        if self._exact():
            return int(twice_roc) / (2 * int(self.positives) * int(self.negatives))
        return float(twice_roc) / (2.0 * self.positives * self.negatives)

    def precision_recall(self) -> tuple[FloatArray, FloatArray]:
        """Precision and recall at each threshold (highest threshold first).

        Precision with no predicted positives is 0; with no positives at all, recall is 1 at
        every threshold (with a warning), as in scikit-learn.
        """
        if "precision_recall" not in self._cache:
            self._sweep(keep_curve=True)
        if self.positives <= 0:
            warn_undefined("No positive samples: recall is set to 1 at every threshold")
        result: tuple[FloatArray, FloatArray] = self._cache["precision_recall"]
        return result

    def average_precision(self) -> float:
        """Step-wise average precision: ``sum((R_i - R_{i-1}) * P_i)`` (no interpolation)."""
        if self.positives <= 0:
            precision, _ = self.precision_recall()
            return float(max(0.0, precision[0]))
        _, precision_sum = self._areas()
        return float(max(0.0, precision_sum / self.positives))

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

    One sort of order-preserving integer keys carrying the label bit, one pass over it to
    count positives and negatives per distinct score. Samples of weight 0 are dropped first
    (they cannot move any count). NaN scores raise :class:`~headcheck.InputError`.

    >>> c = binary_curve([1, 0, 1], [0.5, 0.5, 0.2], sample_weight=[2.0, 1.0, 1.0])
    >>> c.tps.tolist(), c.fps.tolist()
    ([2.0, 3.0], [1.0, 1.0])
    """
    return BinaryCurve.from_groups(tie_groups(y_true, scores, sample_weight))
