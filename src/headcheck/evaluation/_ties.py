"""Tie groups: the distinct scores, lowest first, with the positive and negative amount at each.

This is the one sort behind every curve (:mod:`._curve`), mergeable state (:mod:`._state`)
and per-label metric (:mod:`._labelwise`). How it stays close to the cost of one sort:

* scores become order-preserving unsigned keys (:mod:`._keys`): float32 → ``uint32``
  (float64 that are all exactly float32 values too), other float64 → ``uint64``;
* the label rides in the lowest bit, ``((key - offset) << 1) | label``. That needs one spare
  bit: the keys of what is sorted together must span less than half the key range
  (probabilities in [0, 1] do; scores of one sign always do);
* the scores are cut by value into parts that follow each other in order when they need the
  spare bit (at 0.0 without weights, see :mod:`._partition`), and each part is split in
  place by value (``ndarray.partition``) into runs, one per thread (:mod:`._workers`), that
  are sorted and grouped at once. There is no merge;
* one in-place sort of each run (NumPy's vectorised sort of unsigned integers); within a
  tie group the negatives come first, then the positives;
* one blockwise pass over each sorted run marks where the score changes and keeps, with
  the key and the running counts there (flatnonzero + take), in cache-sized blocks. The
  distinct keys are written back over the front of the run in the sort buffer (never ahead
  of the reader) and then moved together, so the only full-length array is that buffer.

Without weights the counts are integers and kept cumulative (positives and samples up to and
including each group), from which every curve value is elementwise. With weights the sample
index rides along (``packed << 32 | index`` in one ``uint64`` when the keys are 32-bit and
there are fewer than 2**32 samples; an argsort otherwise), and each group's weight sums are
float64 sums over its own samples (``np.bincount``), so small groups stay exact. Zero weights
are dropped first, as scikit-learn does: they move no count and make no threshold.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from headcheck._errors import InputError
from headcheck.evaluation._keys import KEY_DTYPES, float32_exact, key_of, score_keys
from headcheck.evaluation._keys import scores_from_keys as _decode
from headcheck.evaluation._partition import (
    BLOCK,
    Part,
    fits,
    packed_parts,
    sorted_runs,
    zero_cut,
)
from headcheck.evaluation._workers import run_each, worker_count

__all__ = ["BLOCK", "TieGroups", "as_labels", "as_scores", "tie_groups"]

AnyArray = npt.NDArray[Any]
UIntArray = npt.NDArray[np.unsignedinteger]
IntArray = npt.NDArray[np.signedinteger]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class TieGroups:
    """Distinct scores in ascending order (as :func:`~._keys.score_keys` of ``score_dtype``)
    with the amount of positives and negatives scoring exactly that.

    Amounts are integer counts without weights, float64 weight sums with them. Integer
    groups may be given cumulatively instead (``cumulative=(positives, negatives)`` scoring
    at most each distinct score); either form is derived from the other on first use.

    >>> g = tie_groups([0, 1, 1, 0], np.array([0.5, 0.5, 0.75, 0.25], np.float32))
    >>> g.scores().tolist(), g.positives.tolist(), g.negatives.tolist()
    ([0.25, 0.5, 0.75], [0, 1, 1], [1, 1, 0])
    """

    keys: UIntArray
    score_dtype: np.dtype[np.floating]
    amounts: tuple[AnyArray, AnyArray] | None = None
    cumulative: tuple[IntArray, IntArray] | None = None
    _derived: dict[str, Any] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if self.amounts is None and self.cumulative is None:
            raise ValueError("TieGroups needs amounts or cumulative counts")

    @property
    def weighted(self) -> bool:
        """Whether the amounts are float weight sums (else integer counts)."""
        return self.amounts is not None and self.amounts[0].dtype.kind == "f"

    @property
    def size(self) -> int:
        """Number of distinct scores."""
        return int(self.keys.size)

    @property
    def positives(self) -> AnyArray:
        """Positive amount at each distinct score."""
        return self._per_group()[0]

    @property
    def negatives(self) -> AnyArray:
        """Negative amount at each distinct score."""
        return self._per_group()[1]

    def _per_group(self) -> tuple[AnyArray, AnyArray]:
        if self.amounts is not None:
            return self.amounts
        if "amounts" not in self._derived:
            assert self.cumulative is not None
            cum_pos, cum_neg = (c.astype(np.int64) for c in self.cumulative)
            self._derived["amounts"] = (np.diff(cum_pos, prepend=0), np.diff(cum_neg, prepend=0))
        result: tuple[AnyArray, AnyArray] = self._derived["amounts"]
        return result

    def counts(self) -> tuple[IntArray, IntArray]:
        """Integer groups only: positives and negatives scoring at most each distinct score."""
        if self.cumulative is not None:
            return self.cumulative
        if "cumulative" not in self._derived:
            if self.weighted:
                raise TypeError("weighted tie groups have no integer counts")
            assert self.amounts is not None
            positives, negatives = (a.astype(np.int64) for a in self.amounts)
            self._derived["cumulative"] = (np.cumsum(positives), np.cumsum(negatives))
        result: tuple[IntArray, IntArray] = self._derived["cumulative"]
        return result

    def totals(self) -> tuple[int | float, int | float]:
        """Total positive and negative amounts (ints without weights)."""
        if self.size == 0:
            return (0.0, 0.0) if self.weighted else (0, 0)
        if self.weighted:
            return float(self.positives.sum()), float(self.negatives.sum())
        cum_pos, cum_neg = self.counts()
        return int(cum_pos[-1]), int(cum_neg[-1])

    def scores(self) -> FloatArray:
        """The distinct scores, ascending, as float64."""
        return _decode(self.keys, self.score_dtype).astype(np.float64)

    @classmethod
    def empty(cls, weighted: bool) -> TieGroups:
        """No samples at all."""
        amount = np.zeros(0, np.float64 if weighted else np.int64)
        return cls(np.zeros(0, np.uint64), np.dtype(np.float64), (amount, amount))


def as_scores(scores: npt.ArrayLike) -> npt.NDArray[np.floating]:
    """Scores as a 1-D float32 or float64 array (small types widen to float32, others to
    float64), without copying when they already are one."""
    array = np.asarray(scores)
    if array.dtype not in KEY_DTYPES:
        small = array.dtype.kind in "bui" and array.dtype.itemsize <= 2
        wide = np.float32 if small or array.dtype == np.float16 else np.float64
        array = array.astype(wide)
    flat: npt.NDArray[np.floating] = array.ravel()
    return flat


def as_labels(y_true: npt.ArrayLike) -> AnyArray:
    """Labels as a 1-D array (any dtype; ``== 1`` is positive)."""
    flat: AnyArray = np.asarray(y_true).ravel()
    return flat


def _positive(labels: AnyArray) -> npt.NDArray[np.uint8]:
    """1 where a label is positive (``== 1``), as uint8."""
    hit = labels if labels.dtype == np.bool_ else labels == 1
    return hit.view(np.uint8)


def tie_groups(
    y_true: npt.ArrayLike, scores: npt.ArrayLike, sample_weight: npt.ArrayLike | None = None
) -> TieGroups:
    """Group ``scores`` by distinct value and count the positives (``y_true == 1``) and the
    negatives at each, lowest score first. See the module docstring for how.

    >>> g = tie_groups([1, 0, 1], [0.5, 0.5, 0.2], sample_weight=[2.0, 1.0, 0.0])
    >>> g.scores().tolist(), g.positives.tolist(), g.negatives.tolist()
    ([0.5], [2.0], [1.0])
    """
    labels = as_labels(y_true)
    values = as_scores(scores)
    if labels.size != values.size:
        raise InputError(
            f"y_true has {labels.size} values but the scores have {values.size}; give one "
            "label per score"
        )
    weights = None
    if sample_weight is not None:
        weights = np.asarray(sample_weight, dtype=np.float64).ravel()
        if weights.size != values.size:
            raise InputError(
                f"sample_weight has {weights.size} values but there are {values.size} scores; "
                "give one weight per score"
            )
        keep = weights != 0
        if not keep.all():
            labels, values, weights = labels[keep], values[keep], weights[keep]
    if values.size == 0:
        return TieGroups.empty(weights is not None)
    low, high = float(values.min()), float(values.max())
    if np.isnan(low) or np.isnan(high):
        raise InputError("scores contain NaN: a NaN score has no rank; remove or impute it")
    key_float = values.dtype
    if key_float == np.float64 and float32_exact(values.astype(np.float64, copy=False)):
        key_float = np.dtype(np.float32)
    workers = worker_count(values.size)
    if weights is None:
        cut = zero_cut(low, high, key_float)
        parts, buffer = packed_parts(labels, values, key_float, low, cut, workers)
        return _grouped_counts(sorted_runs(parts, workers), buffer, key_float, workers)
    parts = _packed_weighted(labels, values, key_float, low, high, weights)
    runs = parts if parts[0].order is not None else sorted_runs(parts, workers)
    return _grouped_sums(runs, key_float, weights, workers)


# -- packing with weights --------------------------------------------------------------------


def _blocks(size: int) -> Iterator[tuple[int, int]]:
    for start in range(0, size, BLOCK):
        yield start, min(start + BLOCK, size)


def _packed_weighted(
    labels: AnyArray,
    values: npt.NDArray[np.floating],
    key_float: np.dtype[np.floating],
    low: float,
    high: float,
    weights: FloatArray,
) -> list[Part]:
    """Pack keys, labels and where each sample came from block by block into one or two
    parts of one buffer: unsorted when the sample index rides in the word, else sorted with
    an ``order`` alongside."""
    n = values.size
    unsigned = KEY_DTYPES[key_float]
    half = 1 << (8 * unsigned.itemsize - 1)
    lowest = key_of(low, key_float)
    split = None if fits(low, high, key_float) else lowest + half
    # the sample index in the low 32 bits of a uint64, or (no room for it) alongside
    with_index = unsigned == np.uint32 and n < 2**32
    buffer = np.empty(n, np.uint64 if with_index else unsigned)
    indices = None if with_index else np.empty(n, np.int64)
    front = back = 0  # samples written to the first part (from the front) and second (back)
    for start, end in _blocks(n):
        block = values[start:end]
        keys = score_keys(block if block.dtype == key_float else block.astype(key_float))
        # (key - lowest) << 1 | label: the bit shifted out is the part (below/above split),
        # and within a part the order is kept, as (key - split) == (key - lowest) - half
        np.subtract(keys, unsigned.type(lowest), out=keys)
        below = None if split is None else keys < unsigned.type(half)
        packed: AnyArray = _pack(keys, _positive(labels[start:end]))
        if with_index:
            wide = packed.astype(np.uint64)
            np.left_shift(wide, np.uint64(32), out=wide)
            np.bitwise_or(wide, np.arange(start, end, dtype=np.uint64), out=wide)
            packed = wide
        if below is None:
            buffer[start:end] = packed
            if indices is not None:
                indices[start:end] = np.arange(start, end)
            front = end
            continue
        # flatnonzero + take: indexing with a scattered boolean mask is several times slower
        for which, picked in enumerate((np.flatnonzero(below), np.flatnonzero(~below))):
            count = picked.size
            where = slice(front, front + count) if which == 0 else slice(n - back - count, n - back)
            buffer[where] = packed.take(picked)
            if indices is not None:
                indices[where] = picked + start
            if which == 0:
                front += count
            else:
                back += count
    parts = []
    for where, offset in ((slice(0, front), lowest), (slice(front, n), split or 0)):
        run = buffer[where]
        if run.size == 0:
            continue
        if indices is not None:  # sorted here, with the samples' order alongside
            order = np.argsort(run)
            parts.append(Part(run[order], offset, indices[where][order], start=where.start))
        else:  # the index rides in the word: sorted later, as runs (see sorted_runs)
            parts.append(Part(run, offset, start=where.start))
    return parts


def _pack(keys: UIntArray, label: npt.NDArray[np.uint8]) -> UIntArray:
    """``keys << 1 | label`` in place in ``keys``."""
    np.left_shift(keys, keys.dtype.type(1), out=keys)
    np.bitwise_or(keys, label, out=keys, casting="unsafe")
    return keys


# -- grouping --------------------------------------------------------------------------------


@dataclass
class _Output:
    """Where the groups go, filled from the front: keys and either cumulative counts or
    per-group weight sums."""

    keys: UIntArray
    first: AnyArray
    second: AnyArray
    size: int = 0

    def add(self, keys: UIntArray, first: AnyArray, second: AnyArray) -> None:
        end = self.size + keys.size
        self.keys[self.size : end] = keys
        self.first[self.size : end] = first
        self.second[self.size : end] = second
        self.size = end


def _grouped_counts(
    runs: list[Part], buffer: AnyArray, key_float: np.dtype[np.floating], workers: int
) -> TieGroups:
    """Cumulative integer counts at each distinct key. Each sorted run is grouped on its own
    (``workers`` runs at once) into the front of its own region, then the regions are moved
    together, the counts of the runs before added to each. A group that the runs' boundary
    cuts in two keeps only its later half, whose cumulative counts include the earlier one."""
    unsigned = KEY_DTYPES[key_float]
    n = buffer.size
    count = np.dtype(np.int32 if n < 2**31 else np.int64)
    # np.empty only reserves: the pages written (one entry per distinct score) are touched.
    # The keys go over the front of their run's region of the (already touched) sort
    # buffer: a group is written no later than its last sample is read.
    first, second = np.empty(n, count), np.empty(n, count)

    def group(run: Part) -> tuple[int, int, int]:
        out = _Output(buffer[run.start :], first[run.start :], second[run.start :])
        positives, samples = _count_sorted(run, unsigned, out)
        return out.size, positives, samples

    size = positives = negatives = 0  # groups, and counts, of the runs before
    for run, (groups, run_positives, run_samples) in zip(
        runs, run_each(group, runs, workers), strict=True
    ):
        if size and buffer[run.start] == buffer[size - 1]:
            size -= 1  # the run before ended inside this run's first group
        here, there = slice(size, size + groups), slice(run.start, run.start + groups)
        if run.start != size:
            for array in (buffer, first, second):
                array[here] = array[there]  # overlapping ranges are copied through a buffer
        if positives:
            first[here] += positives
        if negatives:
            second[here] += negatives
        size += groups
        positives += run_positives
        negatives += run_samples - run_positives
    return TieGroups(buffer[:size], key_float, cumulative=(first[:size], second[:size]))


def _grouped_sums(
    runs: list[Part], key_float: np.dtype[np.floating], weights: FloatArray, workers: int
) -> TieGroups:
    """Per-group sums of positive and negative weights at each distinct key. Each sorted run
    is summed on its own (``workers`` at once) into its own region of the outputs, then the
    regions are moved together; a group that a runs' boundary cuts in two is one again, the
    sums of its halves added."""
    unsigned = KEY_DTYPES[key_float]
    n = sum(run.packed.size for run in runs)
    keys, first, second = np.empty(n, unsigned), np.empty(n), np.empty(n)

    def group(run: Part) -> int:
        out = _Output(keys[run.start :], first[run.start :], second[run.start :])
        _sum_sorted(run, unsigned, weights, out)
        return out.size

    size = 0
    for run, groups in zip(runs, run_each(group, runs, workers), strict=True):
        skip = 0
        if size and groups and keys[run.start] == keys[size - 1]:
            first[size - 1] += first[run.start]  # the run before ended inside this group
            second[size - 1] += second[run.start]
            skip = 1
        here = slice(size, size + groups - skip)
        there = slice(run.start + skip, run.start + groups)
        if run.start + skip != size:
            for array in (keys, first, second):
                array[here] = array[there]  # overlapping ranges are copied through a buffer
        size += groups - skip
    return TieGroups(keys[:size], key_float, amounts=(first[:size], second[:size]))


def _count_sorted(part: Part, unsigned: np.dtype[Any], out: _Output) -> tuple[int, int]:
    """Cumulative positives and negatives (within the part) at the last position of each
    distinct key, written straight into the output, with temporaries reused from block to
    block. Returns the part's positives and samples."""
    packed = part.packed
    size = packed.size
    one = unsigned.type(1)
    offset = unsigned.type(part.offset % (1 << (8 * unsigned.itemsize)))
    signed = np.dtype(f"i{unsigned.itemsize}")
    positives = samples = 0  # before this block
    span = min(BLOCK, size)
    keys_buffer = np.empty(span + 1, unsigned)
    closes_buffer = np.empty(span, np.bool_)
    label_buffer = np.empty(span, unsigned)
    running_buffer = np.empty(span, signed)
    same_type = running_buffer.dtype == out.first.dtype
    for start, end in _blocks(size):
        m, stop = end - start, min(end + 1, size)  # one more: does the last group close?
        keys = keys_buffer[: stop - start]
        np.right_shift(packed[start:stop], one, out=keys)
        closes = closes_buffer[:m]
        np.not_equal(keys[1:], keys[:-1], out=closes[: keys.size - 1])
        if end == size:
            closes[-1] = True
        label = label_buffer[:m]
        np.bitwise_and(packed[start:end], one, out=label)
        running = running_buffer[:m]
        np.cumsum(label.view(signed), out=running)
        # flatnonzero + take: compacting with a boolean mask of scattered ends is far slower
        ends = np.flatnonzero(closes)
        first, last = out.size, out.size + ends.size
        here = out.keys[first:last]
        np.take(keys, ends, out=here, mode="clip")  # "raise" would buffer the output
        if offset:
            here += offset
        cum_pos = out.first[first:last]
        if same_type:
            np.take(running, ends, out=cum_pos, mode="clip")
        else:
            cum_pos[...] = running[ends]
        cum_pos += positives
        cum_neg = out.second[first:last]
        np.add(ends, samples + 1, out=cum_neg, casting="unsafe")  # samples up to each end
        cum_neg -= cum_pos
        out.size = last
        positives += int(running[-1])
        samples += m
    return positives, samples


def _block_reader(
    part: Part, unsigned: np.dtype[Any], weights: FloatArray
) -> Callable[[int, int], tuple[UIntArray, FloatArray]]:
    """``read(start, stop)``: packed keys at sorted positions ``start:stop`` and the weights
    of those samples."""
    packed = part.packed
    if part.order is not None:
        order = part.order
        return lambda start, stop: (packed[start:stop], weights[order[start:stop]])

    def read(start: int, stop: int) -> tuple[UIntArray, FloatArray]:
        wide = packed[start:stop]
        keys = (wide >> np.uint64(32)).astype(unsigned)
        index = (wide & np.uint64(0xFFFFFFFF)).astype(np.intp)
        return keys, weights[index]

    return read


def _sum_sorted(part: Part, unsigned: np.dtype[Any], weights: FloatArray, out: _Output) -> None:
    """Per-group sums of positive and negative weights, each summed over its own samples."""
    read = _block_reader(part, unsigned, weights)
    size = part.packed.size
    one = unsigned.type(1)
    offset = unsigned.type(part.offset)
    carry_pos = carry_neg = 0.0  # sums of the group still open at the end of the last block
    for start, end in _blocks(size):
        packed, w = read(start, min(end + 1, size))
        keys = packed >> one
        m = end - start
        closes = np.empty(m, np.bool_)
        np.not_equal(keys[1:], keys[:-1], out=closes[: keys.size - 1])
        if end == size:
            closes[-1] = True
        w = w[:m]
        positive = w * (packed[:m] & one)
        negative = w - positive  # exact: the label is 0 or 1
        ends = np.flatnonzero(closes)
        closed = ends.size
        group = closes.astype(np.intp)
        np.cumsum(group, out=group)
        group -= closes  # groups closed before each sample: its group in this block
        groups = int(group[-1]) + 1 if m else 1
        pos = np.bincount(group, positive, groups)
        neg = np.bincount(group, negative, groups)
        pos[0] += carry_pos
        neg[0] += carry_neg
        if closed:
            here = keys.take(ends)
            if offset:
                here += offset
            out.add(here, pos[:closed], neg[:closed])
        carry_pos = float(pos[closed]) if closed < groups else 0.0
        carry_neg = float(neg[closed]) if closed < groups else 0.0
