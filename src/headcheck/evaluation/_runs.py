"""Tie-group runs: the rows of one range of score keys, reduced to distinct keys with their
rows (and weight) per class, and the ways to build, merge and slice them.

A :class:`Run` is the exact summary of a key range: everything the curve needs from those rows.
Runs over disjoint rows of the same range merge like a merge sort (:func:`merge_runs`), so a
range can be reduced per chunk or per Dask partition and combined; :func:`class_sorted_slices`
walks two sorted key arrays (positives, negatives) from the highest key down in slices of
bounded size, so that a sorted group never needs more than a slice's worth of extra memory.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["Run", "aggregate_rows", "class_sorted_slices", "merge_runs", "run_slices"]

Array = npt.NDArray[Any]
Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Run:
    """Distinct keys in ascending order; ``rows[c][i]`` rows of class ``c`` (0 negative,
    1 positive) have key ``keys[i]``, with total weight ``mass[c][i]`` (``None`` unweighted)."""

    keys: Array
    rows: tuple[Ints, Ints]
    mass: tuple[Floats, Floats] | None

    def __len__(self) -> int:
        return int(self.keys.size)


def _starts(sorted_keys: Array) -> Ints:
    starts: Ints = np.flatnonzero(sorted_keys[1:] != sorted_keys[:-1]) + 1
    return np.r_[0, starts] if sorted_keys.size else starts


def _distinct(sorted_keys: Array, weights: Floats | None) -> tuple[Array, Ints, Floats | None]:
    starts = _starts(sorted_keys)
    counts = np.diff(np.r_[starts, sorted_keys.size]).astype(np.int64)
    mass = None
    if weights is not None:
        mass = np.add.reduceat(weights, starts) if starts.size else np.zeros(0)
    return sorted_keys[starts], counts, mass


def _union(
    neg: tuple[Array, Ints, Floats | None], pos: tuple[Array, Ints, Floats | None], dtype: Any
) -> Run:
    """The run of two per-class runs: their keys merged (a stable sort of two sorted runs is
    one linear merge), each class's counts placed at its keys."""
    both = np.concatenate([neg[0], pos[0]]).astype(dtype, copy=False)
    order = np.argsort(both, kind="stable")
    merged = both[order]
    first = np.empty(merged.size, np.bool_)
    first[:1] = True
    np.not_equal(merged[1:], merged[:-1], out=first[1:])
    where = np.empty(merged.size, np.intp)
    where[order] = np.cumsum(first) - 1
    keys = merged[first]
    rows = []
    masses = []
    for part, (_, counts, mass) in zip(
        (where[: neg[0].size], where[neg[0].size :]), (neg, pos), strict=True
    ):
        row = np.zeros(keys.size, np.int64)
        row[part] = counts
        rows.append(row)
        if mass is not None:
            weight = np.zeros(keys.size, np.float64)
            weight[part] = mass
            masses.append(weight)
    return Run(keys, (rows[0], rows[1]), (masses[0], masses[1]) if masses else None)


def class_sorted_slices(
    neg_keys: Array,
    pos_keys: Array,
    neg_weights: Floats | None,
    pos_weights: Floats | None,
    slice_rows: int,
) -> Iterator[Run]:
    """Runs of the rows whose keys are ``neg_keys`` (negatives) and ``pos_keys`` (positives),
    both sorted ascending, from the highest key down; each slice comes from at most
    ``slice_rows`` rows of each class, except a single key that holds more (one tie group,
    counted without copying).

    >>> runs = list(class_sorted_slices(np.array([1, 5, 5]), np.array([5, 7]), None, None, 1))
    >>> [(r.keys.tolist(), r.rows[0].tolist(), r.rows[1].tolist()) for r in runs]
    [([7], [0], [1]), ([5], [2], [1]), ([1], [1], [0])]
    """
    weighted = neg_weights is not None and pos_weights is not None
    dtype = neg_keys.dtype if neg_keys.size else pos_keys.dtype
    top_neg, top_pos = neg_keys.size, pos_keys.size
    while top_neg > 0 or top_pos > 0:
        pivots = []
        if top_neg:
            pivots.append(neg_keys[max(top_neg - slice_rows, 0)])
        if top_pos:
            pivots.append(pos_keys[max(top_pos - slice_rows, 0)])
        pivot = max(pivots)
        low_neg = int(np.searchsorted(neg_keys[:top_neg], pivot, side="right"))
        low_pos = int(np.searchsorted(pos_keys[:top_pos], pivot, side="right"))
        if low_neg == top_neg and low_pos == top_pos:  # the pivot is the highest key left
            low_neg = int(np.searchsorted(neg_keys[:top_neg], pivot, side="left"))
            low_pos = int(np.searchsorted(pos_keys[:top_pos], pivot, side="left"))
            mass = None
            if weighted:
                assert neg_weights is not None and pos_weights is not None
                mass = (
                    np.array([neg_weights[low_neg:top_neg].sum()]),
                    np.array([pos_weights[low_pos:top_pos].sum()]),
                )
            yield Run(
                np.array([pivot], dtype=dtype),
                (
                    np.array([top_neg - low_neg], np.int64),
                    np.array([top_pos - low_pos], np.int64),
                ),
                mass,
            )
        else:
            yield _union(
                _distinct(
                    neg_keys[low_neg:top_neg],
                    None if neg_weights is None else neg_weights[low_neg:top_neg],
                ),
                _distinct(
                    pos_keys[low_pos:top_pos],
                    None if pos_weights is None else pos_weights[low_pos:top_pos],
                ),
                dtype,
            )
        top_neg, top_pos = low_neg, low_pos


def aggregate_rows(keys: Array, positive: npt.NDArray[np.bool_], weights: Floats | None) -> Run:
    """The run of some rows (any order).

    >>> r = aggregate_rows(np.array([3, 1, 3], np.uint32), np.array([True, False, False]), None)
    >>> r.keys.tolist(), r.rows[0].tolist(), r.rows[1].tolist()
    ([1, 3], [1, 1], [0, 1])
    """
    parts = []
    for mask in (~positive, positive):
        k = keys[mask]
        if weights is None:
            k.sort()
            parts.append(_distinct(k, None))
        else:
            order = np.argsort(k)
            parts.append(_distinct(k[order], weights[mask][order]))
    return _union(parts[0], parts[1], keys.dtype)


def merge_runs(runs: Sequence[Run]) -> Run:
    """One run of the rows of several (runs of disjoint rows of the same key range).

    >>> a = aggregate_rows(np.array([2, 1]), np.array([True, False]), None)
    >>> b = aggregate_rows(np.array([2, 4]), np.array([False, True]), None)
    >>> m = merge_runs([a, b])
    >>> m.keys.tolist(), m.rows[0].tolist(), m.rows[1].tolist()
    ([1, 2, 4], [1, 1, 0], [0, 1, 1])
    """
    runs = [r for r in runs if len(r)]
    if not runs:
        return Run(np.zeros(0, np.uint64), (np.zeros(0, np.int64), np.zeros(0, np.int64)), None)
    if len(runs) == 1:
        return runs[0]
    keys = np.concatenate([r.keys for r in runs])
    order = np.argsort(keys, kind="stable")
    keys = keys[order]
    starts = _starts(keys)
    rows = tuple(
        np.add.reduceat(np.concatenate([r.rows[c] for r in runs])[order], starts) for c in (0, 1)
    )
    mass = None
    if runs[0].mass is not None:
        mass = tuple(
            np.add.reduceat(
                np.concatenate([r.mass[c] for r in runs if r.mass is not None])[order], starts
            )
            for c in (0, 1)
        )
    return Run(
        keys[starts],
        (rows[0].astype(np.int64), rows[1].astype(np.int64)),
        None if mass is None else (mass[0], mass[1]),
    )


def run_slices(run: Run, slice_rows: int) -> Iterator[Run]:
    """``run`` in slices of at most ``slice_rows`` keys, highest keys first."""
    for top in range(len(run), 0, -slice_rows):
        low = max(0, top - slice_rows)
        yield Run(
            run.keys[low:top],
            (run.rows[0][low:top], run.rows[1][low:top]),
            None if run.mass is None else (run.mass[0][low:top], run.mass[1][low:top]),
        )
