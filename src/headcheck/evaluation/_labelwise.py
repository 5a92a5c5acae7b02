"""Per-label curve metrics in batches: ROC AUC, average precision and the best-F1 threshold of
every column of an ``(N, L)`` score matrix, without a Python loop over labels; threads
(:mod:`._workers`) take blocks of labels each.

The same idea as :mod:`._ties`, one row per label: the columns of a block of labels become
rows of order-preserving keys with the label bit packed in, ``np.sort(axis=1)`` sorts every
row at once, and the tie groups of all rows are read off together (``flatnonzero`` over the
whole block, per-row sums with ``np.add.reduceat``). Integer counts keep AUC exact (a pair
count divided once); with weights the running sums are float64.

A row's keys need a spare bit for the label. Offsetting by the row's lowest key gives one when
the keys span less than half the key range (probabilities in [0, 1]); logits span more, but
only because of the unused keys between the smallest non-zero magnitude ``m`` and zero, so
the keys of ``(-m, 0)`` and ``(0, m)`` are squeezed out (an order-preserving, invertible
shift). Rows that still do not fit go to 64-bit words (32-bit keys) or, for 64-bit keys, to
the one-column kernel.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from headcheck._errors import InputError
from headcheck.evaluation._curve import binary_curve
from headcheck.evaluation._keys import (
    KEY_DTYPES,
    float32_exact,
    key_of,
    score_keys,
    score_keys_into,
    scores_from_keys,
)
from headcheck.evaluation._undefined import warn_undefined
from headcheck.evaluation._workers import run_each, shares, worker_count

__all__ = ["LabelwiseCurves", "labelwise_curves"]

FloatArray = npt.NDArray[np.float64]
AnyArray = npt.NDArray[Any]
ELEMENTS = 1 << 18
"""Scores per block of labels: temporaries of a few MiB stay in cache and are reused by the
allocator (large fresh arrays cost page faults that dwarf the arithmetic). Labels with more
samples than this go through the one-column kernel, which works in blocks itself."""
TRANSPOSE = 64
"""Label columns transposed at once (a 64-byte cache line of int8 labels per sample)."""


@dataclass(frozen=True)
class LabelwiseCurves:
    """Per-label results, indexed by label column.

    ``roc_auc`` is ``nan`` for a label with one class only; ``average_precision`` is 0 for a
    label without positives (as scikit-learn). ``best_threshold``/``best_f1``: the threshold
    (``score >= t``) with the highest F1, ties broken towards the highest threshold.
    """

    roc_auc: FloatArray
    average_precision: FloatArray
    best_threshold: FloatArray
    best_f1: FloatArray
    positives: FloatArray
    negatives: FloatArray


def labelwise_curves(
    y_true: npt.ArrayLike,
    scores: npt.ArrayLike,
    sample_weight: npt.ArrayLike | None = None,
    *,
    thresholds: bool = True,
) -> LabelwiseCurves:
    """ROC AUC, average precision and (unless ``thresholds=False``, when they are ``nan``)
    the best-F1 threshold of each column of ``scores`` against the same column of 0/1
    ``y_true`` (``== 1`` is positive).

    >>> r = labelwise_curves([[1, 0], [0, 1], [1, 1]], [[0.9, 0.2], [0.3, 0.8], [0.6, 0.1]])
    >>> r.roc_auc.tolist(), r.average_precision.tolist()
    ([1.0, 0.5], [1.0, 0.8333333333333333])
    """
    y = np.asarray(y_true)
    s = np.asarray(scores)
    if s.ndim != 2 or y.shape != s.shape:
        raise InputError(
            f"labels {y.shape} and scores {s.shape} must be (samples, labels) of one shape"
        )
    if s.dtype not in KEY_DTYPES:
        s = s.astype(np.float64)
    w = None
    if sample_weight is not None:
        w = np.asarray(sample_weight, np.float64).ravel()
        if w.size != s.shape[0]:
            raise InputError(f"sample_weight has {w.size} values for {s.shape[0]} samples")
        keep = w != 0
        if not keep.all():  # as scikit-learn: no count, no threshold
            y, s, w = y[keep], s[keep], w[keep]
    n, labels = s.shape
    key_float: np.dtype[np.floating] = np.dtype(np.float32)
    if s.dtype == np.float64 and not float32_exact(s.ravel()):
        key_float = np.dtype(np.float64)
    results = _Results.empty(labels, thresholds)
    if n == 0:
        results.roc_auc[:] = np.nan
        results.best_threshold[:] = np.inf
        results.best_f1[:] = 0.0
        _warn(results)
        return results.done()
    if n > ELEMENTS:
        for label in range(labels):
            _one_column(y[:, label], s[:, label], w, results, label)
        _warn(results)
        return results.done()
    step = max(1, ELEMENTS // n)
    workers = worker_count(s.size)
    starts = list(range(0, labels, TRANSPOSE))

    def work(mine: list[int]) -> None:
        # transpose TRANSPOSE columns at a time (whole cache lines per sample), then sort and
        # count ``step`` rows at a time; each thread with its own work arrays and labels
        scratch = _Scratch()
        for start in mine:
            columns = slice(start, min(start + TRANSPOSE, labels))
            values = np.ascontiguousarray(s[:, columns].T, dtype=key_float)
            truth = scratch.get("truth", np.bool_, values.shape)
            np.equal(y[:, columns].T, 1, out=truth)
            for first in range(0, values.shape[0], step):
                rows = slice(first, first + step)
                _block(truth[rows].view(np.uint8), values[rows], w, results, start + first, scratch)

    run_each(work, shares(starts, workers), workers)
    _warn(results)
    return results.done()


@dataclass
class _Results:
    roc_auc: FloatArray
    average_precision: FloatArray
    best_threshold: FloatArray
    best_f1: FloatArray
    positives: FloatArray
    negatives: FloatArray
    thresholds: bool = True

    @classmethod
    def empty(cls, labels: int, thresholds: bool) -> _Results:
        arrays = [np.zeros(labels) for _ in range(4)]
        best = [np.full(labels, np.nan) for _ in range(2)]
        return cls(arrays[0], arrays[1], best[0], best[1], arrays[2], arrays[3], thresholds)

    def done(self) -> LabelwiseCurves:
        return LabelwiseCurves(
            self.roc_auc,
            self.average_precision,
            self.best_threshold,
            self.best_f1,
            self.positives,
            self.negatives,
        )


def _warn(results: _Results) -> None:
    if np.any((results.positives <= 0) | (results.negatives <= 0)):
        warn_undefined("Only one class is present in the labels: ROC AUC is not defined (nan)")
    if np.any(results.positives <= 0):
        warn_undefined("No positive samples: recall is set to 1 at every threshold")


@dataclass(frozen=True)
class _Packing:
    """How rows were packed: ``word = (key - lowest - squeeze) << 1 | label`` with
    ``squeeze = below_gap * [key >= zero] + above_gap * [key > zero]``."""

    lowest: AnyArray
    below_gap: AnyArray
    above_gap: AnyArray
    zero: int

    def keys(self, rows: AnyArray, words: AnyArray) -> AnyArray:
        """The score keys of packed ``words`` (label bit included) of ``rows``."""
        kind = words.dtype.type
        value = (words >> kind(1)).astype(self.lowest.dtype)
        lowest, below, above = self.lowest[rows], self.below_gap[rows], self.above_gap[rows]
        at_zero = self.zero - lowest - below  # the packed value of the score 0
        keys = value + lowest
        keys = np.where(value >= at_zero, keys + below, keys)
        squeezed_back: AnyArray = np.where(value > at_zero, keys + above, keys)
        return squeezed_back


class _Scratch:
    """Work arrays reused from block to block, by name: allocating fresh arrays of a few MiB
    for every block makes the allocator hand memory back and fault it in again, which costs
    more than the arithmetic."""

    def __init__(self) -> None:
        self._arrays: dict[tuple[str, np.dtype[Any]], AnyArray] = {}

    def get(self, name: str, dtype: npt.DTypeLike, shape: int | tuple[int, ...]) -> AnyArray:
        """An uninitialised array of ``shape`` (a view of the named buffer)."""
        kind = np.dtype(dtype)
        size = int(np.prod(shape))
        array = self._arrays.get((name, kind))
        if array is None or array.size < size:
            array = self._arrays[(name, kind)] = np.empty(max(size, 1), kind)
        view: AnyArray = array[:size].reshape(shape)
        return view

    def counting(self, size: int) -> npt.NDArray[np.intp]:
        """``0, 1, ..., size - 1``."""
        array = self._arrays.get(("counting", np.dtype(np.intp)))
        if array is None or array.size < size:
            array = self._arrays[("counting", np.dtype(np.intp))] = np.arange(size, dtype=np.intp)
        view: npt.NDArray[np.intp] = array[:size]
        return view


def _block(
    truth: npt.NDArray[np.uint8],
    values: AnyArray,
    w: FloatArray | None,
    results: _Results,
    first: int,
    scratch: _Scratch,
) -> None:
    """Metrics of a block of labels given as rows (0/1 truth, float32 or float64 scores),
    written into ``results`` from ``first``."""
    key_float = values.dtype
    unsigned = KEY_DTYPES[key_float]
    kind = unsigned.type
    keys = scratch.get("keys", unsigned, values.shape)
    score_keys_into(values, keys, scratch.get("signed", f"i{unsigned.itemsize}", values.shape))
    lowest, highest = keys.min(axis=1), keys.max(axis=1)
    if np.any(lowest < key_of(-np.inf, key_float)) or np.any(highest > key_of(np.inf, key_float)):
        raise InputError("scores contain NaN: a NaN score has no rank; remove or impute it")
    half = kind(1) << kind(8 * unsigned.itemsize - 1)
    zero = kind(key_of(0.0, key_float))
    below_gap = np.zeros_like(lowest)
    above_gap = np.zeros_like(lowest)
    wide = highest - lowest >= half  # such a row holds negative and positive scores
    if wide.any():
        magnitude = np.abs(values[wide])
        magnitude[magnitude == 0] = np.inf
        smallest = magnitude.min(axis=1)  # smallest non-zero magnitude of each row
        finite = np.isfinite(smallest)
        # the keys of (-smallest, 0) and (0, smallest) are unused: key(smallest) - key(0)
        # of them below zero, one fewer above
        step = score_keys(np.where(finite, smallest, 0).astype(key_float)) - zero
        below_gap[wide] = np.where(finite, step, 0)
        above_gap[wide] = np.where(finite, step - kind(1), 0)
    fits = highest - lowest - below_gap - above_gap < half
    squeezed = _Packing(lowest, below_gap, above_gap, int(zero))
    rest = np.flatnonzero(~fits)
    if fits.any():
        chosen = np.flatnonzero(fits)
        # every row fits (the usual case): pack in place
        words = keys if rest.size == 0 else keys[chosen]
        if wide.any():  # squeeze first: the comparisons read the keys before they change
            squeeze = np.where(words >= zero, below_gap[chosen, None], kind(0))
            squeeze += np.where(words > zero, above_gap[chosen, None], kind(0))
            words -= squeeze
        words -= lowest[chosen, None]
        words <<= kind(1)
        words |= truth[chosen] if rest.size else truth
        _batch(words, chosen, squeezed, w, key_float, results, first, scratch)
    if rest.size and key_float == np.float32:  # 33 bits: one 64-bit word each
        words64 = score_keys(values[rest]).astype(np.uint64) << np.uint64(1)
        words64 |= truth[rest]
        nothing = np.zeros(rest.size, np.uint64)
        plain = _Packing(nothing, nothing, nothing, 0)
        _batch(words64, rest, plain, w, key_float, results, first, scratch, own_rows=True)
    elif rest.size:
        for row in rest:
            _one_column(truth[row], values[row], w, results, first + int(row))


def _sorted_rows(words: AnyArray, w: FloatArray | None) -> tuple[AnyArray, AnyArray | None]:
    """Sort each row of packed words; with weights also the weights of the samples in that
    order (the sample index rides in the low half of a 64-bit word when it fits)."""
    if w is None:
        words.sort(axis=1)
        return words, None
    n = words.shape[1]
    if words.dtype == np.uint32:
        wide = words.astype(np.uint64) << np.uint64(32)
        wide |= np.arange(n, dtype=np.uint64)
        wide.sort(axis=1)
        index = (wide & np.uint64(0xFFFFFFFF)).astype(np.intp)
        return (wide >> np.uint64(32)).astype(np.uint32), w[index]
    order = np.argsort(words, axis=1)
    return np.take_along_axis(words, order, axis=1), w[order]


def _batch(
    words: AnyArray,
    rows: AnyArray,
    packing: _Packing,
    w: FloatArray | None,
    key_float: np.dtype[np.floating],
    results: _Results,
    first: int,
    scratch: _Scratch,
    own_rows: bool = False,
) -> None:
    """Tie groups of every row of packed words at once, then the per-row metrics.

    Counts run over the whole block (row after row), so a group's own amount is a plain
    difference of running counts at consecutive group ends, also across a row boundary, and
    what scores ``>=`` a group within its row is the row's end count minus the count
    before the group. Per-row sums are ``np.add.reduceat`` over each row's groups. Every
    array of the block's size is a reused work array."""
    words, weights = _sorted_rows(words, w)
    count, n = words.shape
    size = count * n
    kind = words.dtype.type
    signed = np.dtype(f"i{words.dtype.itemsize}")
    flat = words.reshape(-1)
    keys = scratch.get("shifted", words.dtype, (count, n))
    np.right_shift(words, kind(1), out=keys)
    closes = scratch.get("closes", np.bool_, (count, n))
    np.not_equal(keys[:, 1:], keys[:, :-1], out=closes[:, :-1])
    closes[:, -1] = True
    per_row = np.count_nonzero(closes, axis=1)  # groups in each row (at least one)
    row_last = np.cumsum(per_row) - 1
    row_first = row_last - per_row + 1
    groups = int(row_last[-1]) + 1
    ends = np.flatnonzero(closes)  # flat position of each group's last sample
    label = scratch.get("label", words.dtype, size)
    np.bitwise_and(flat, kind(1), out=label)
    # float64 throughout: counts are integers far below 2**53, so every sum stays exact
    pos_upto = scratch.get("pos_upto", np.float64, groups)
    neg_upto = scratch.get("neg_upto", np.float64, groups)
    if weights is None:
        running = scratch.get("running", signed, size)
        np.cumsum(label.view(signed), out=running)
        pos_upto[...] = running[ends]
        neg_upto[...] = ends
        neg_upto += 1.0
        neg_upto -= pos_upto
    else:
        positive = weights.reshape(-1) * label
        pos_upto[...] = np.cumsum(positive)[ends]
        neg_upto[...] = np.cumsum(weights.reshape(-1) - positive)[ends]
    pos = _differences(pos_upto, scratch.get("pos", np.float64, groups))
    neg = _differences(neg_upto, scratch.get("neg", np.float64, groups))
    row_pos, row_neg = pos_upto[row_last], neg_upto[row_last]
    positives = np.diff(row_pos, prepend=0.0)
    negatives = np.diff(row_neg, prepend=0.0)
    spread = _Spread(row_first, per_row, scratch)
    # positives and negatives of the row scoring >= each group's score
    tp = spread(row_pos, scratch.get("tp", np.float64, groups))
    tp -= pos_upto
    tp += pos
    predicted = spread(row_neg, scratch.get("predicted", np.float64, groups))
    predicted -= neg_upto
    predicted += neg  # negatives scoring >= the group's score, so far
    share = scratch.get("share", np.float64, groups)  # neg * (2 tp - pos): twice the area
    np.multiply(tp, 2.0, out=share)
    share -= pos
    share *= neg
    twice_area = np.add.reduceat(share, row_first)
    predicted += tp
    if weights is None:  # every group holds a sample: nothing is divided by 0
        np.divide(tp, predicted, out=share)
    else:
        share.fill(0.0)
        np.divide(tp, predicted, out=share, where=predicted != 0)
    share *= pos  # each group's positives times the precision there
    precision_sum = np.add.reduceat(share, row_first)
    with np.errstate(divide="ignore", invalid="ignore"):
        auc = twice_area / (2 * positives * negatives)
        ap = np.maximum(0.0, precision_sum / positives)
    defined = (positives > 0) & (negatives > 0)
    out = first + rows
    results.roc_auc[out] = np.where(defined, auc, np.nan)
    results.average_precision[out] = np.where(positives > 0, ap, 0.0)
    results.positives[out] = positives
    results.negatives[out] = negatives
    if not results.thresholds:
        return
    predicted += spread(positives, share)  # the F1 denominator: predicted + positives
    f1 = scratch.get("f1", np.float64, groups)
    np.multiply(tp, 2.0, out=f1)  # 0 wherever the denominator is 0
    np.divide(f1, predicted, out=f1, where=predicted > 0)
    best = np.maximum.reduceat(f1, row_first)
    at_best = scratch.get("at_best", np.bool_, groups)
    np.equal(f1, spread(best, share), out=at_best)
    number = scratch.get("number", np.intp, groups)
    np.multiply(scratch.counting(groups + 1)[1:], at_best, out=number)
    best_group = np.maximum.reduceat(number, row_first) - 1  # highest threshold among ties
    packed_rows = np.arange(count) if own_rows else rows
    best_keys = packing.keys(packed_rows, flat[ends[best_group]])
    results.best_threshold[out] = scores_from_keys(best_keys, key_float)
    results.best_f1[out] = f1[best_group]


class _Spread:
    """``spread(per_row, out)``: each group gets its row's value. A few long rows are
    filled slice by slice; many short rows gather through the row index of every group."""

    def __init__(self, row_first: AnyArray, per_row: AnyArray, scratch: _Scratch) -> None:
        self.row_first, self.per_row, self.scratch = row_first, per_row, scratch
        self.row_of: npt.NDArray[np.intp] | None = None

    def __call__(self, values: FloatArray, out: FloatArray) -> FloatArray:
        if self.per_row.size <= 16:
            for start, count, value in zip(self.row_first, self.per_row, values, strict=True):
                out[start : start + count] = value
            return out
        if self.row_of is None:
            row_of = self.scratch.get("row_of", np.intp, out.size)
            row_of.fill(0)
            row_of[self.row_first[1:]] = 1
            np.cumsum(row_of, out=row_of)
            self.row_of = row_of
        np.take(values, self.row_of, out=out, mode="clip")
        return out


def _differences(running: AnyArray, out: AnyArray) -> AnyArray:
    """Each entry minus the one before (the first minus 0), into ``out``."""
    out[0] = running[0]
    np.subtract(running[1:], running[:-1], out=out[1:])
    return out


def _one_column(
    y: AnyArray, s: AnyArray, w: FloatArray | None, results: _Results, index: int
) -> None:
    """A label whose keys need the split of the one-column kernel."""
    import warnings

    from headcheck.evaluation._thresholds import sweep

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        curve = binary_curve(y, s, w)
        results.roc_auc[index] = curve.roc_auc()
        results.average_precision[index] = curve.average_precision()
        swept = sweep(curve)
    best = int(np.argmax(swept.f1))
    results.best_threshold[index] = swept.thresholds[best]
    results.best_f1[index] = swept.f1[best]
    results.positives[index] = curve.positives
    results.negatives[index] = curve.negatives
