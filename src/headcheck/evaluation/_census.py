"""Pass 1 of out-of-core evaluation: check every row and count what the plan needs.

A :class:`Census` is built chunk by chunk (:meth:`Census.add`) and merged across chunks or
workers (:meth:`Census.merge`); merging is exact for counts (integers), so the result does not
depend on how the rows were split. It holds

* the checks: scores finite, labels 0 or 1, weights finite and ≥ 0 (the first bad row is
  named in an :class:`~headcheck.InputError`);
* what the outputs look like (range, whole numbers, values outside [0, 1]), so that the kind
  of outputs is read as the in-memory path reads it;
* rows and weight above the usual cuts (0.5 and 0.0), per class;
* a histogram of the top :data:`HIST_BITS` bits of the scores' order-preserving keys, per
  class, in rows and (with weights) in weight: the plan of the later passes;
* the highest and lowest key of a positive (and where the highest first occurs), for the
  sentences about the ranking.

Positions are ``(part, row)`` pairs: the streaming path has one part, the Dask path one per
partition; comparing the pairs orders rows as the files do.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from headcheck._errors import InputError
from headcheck.evaluation._keys import score_keys

__all__ = ["HIST_BITS", "Census", "Position", "class_masks", "key_bits", "sub_histogram"]

HIST_BITS = 16
Position = tuple[int, int]
Array = npt.NDArray[Any]
Where = Callable[[Position], str]


def key_bits(score_dtype: np.dtype[Any]) -> int:
    """32 for float32 scores, 64 for float64."""
    return 8 * np.dtype(score_dtype).itemsize


def _first(mask: npt.NDArray[np.bool_]) -> int:
    return int(np.argmax(mask))


def class_masks(
    chunk: dict[str, Array], start: Position, where: Where, names: dict[str, str]
) -> npt.NDArray[np.bool_]:
    """Check one chunk (scores finite, labels 0/1, weights finite and ≥ 0); return the
    positive-class mask. ``where(position)`` words a row for messages."""
    scores = chunk["scores"]
    finite = np.isfinite(scores)
    if not finite.all():
        i = _first(~finite)
        what = "NaN" if np.isnan(scores[i]) else f"{float(scores[i])}"
        raise InputError(
            f"{names['scores']}: {where((start[0], start[1] + i))} holds {what}, the first "
            "value that is not a finite number; remove or impute such rows before scoring"
        )
    labels = chunk["labels"]
    if labels.dtype == np.bool_:
        positive: npt.NDArray[np.bool_] = labels
    else:
        positive = labels == 1
        valid = positive | (labels == 0)
        if not valid.all():
            i = _first(~valid)
            value = labels[i].item()
            raise InputError(
                f"{names['labels']}: {where((start[0], start[1] + i))} holds {value!r}; "
                "out-of-core evaluation takes binary labels, 0 or 1 (-1/+1, class indices and "
                "one-hot labels need the in-memory path: --engine memory)"
            )
    weights = chunk.get("weights")
    if weights is not None:
        bad = ~np.isfinite(weights) | (weights < 0)
        if bad.any():
            i = _first(bad)
            raise InputError(
                f"{names['weights']}: {where((start[0], start[1] + i))} holds "
                f"{float(weights[i])}; weights must be finite and ≥ 0"
            )
    return positive


@dataclass
class Census:
    """What pass 1 learns; see the module docstring."""

    bits: int
    weighted: bool
    cuts: tuple[float, ...]
    rows: list[int] = field(default_factory=lambda: [0, 0])  # [negatives, positives]
    minimum: float = math.inf
    maximum: float = -math.inf
    integral: bool = True
    all_one: bool = True
    outside: int = 0
    above_rows: dict[float, list[int]] = field(default_factory=dict)
    above_weight: dict[float, list[float]] = field(default_factory=dict)
    square_weight: list[float] = field(default_factory=list)
    hist_rows: npt.NDArray[np.int64] = field(
        default_factory=lambda: np.zeros((2, 1 << HIST_BITS), np.int64)
    )
    hist_weight: npt.NDArray[np.float64] | None = None
    top_positive: tuple[int, Position] | None = None
    low_positive: int | None = None

    def __post_init__(self) -> None:
        for cut in self.cuts:
            self.above_rows.setdefault(cut, [0, 0])
            self.above_weight.setdefault(cut, [0.0, 0.0])
        if self.weighted and self.hist_weight is None:
            self.hist_weight = np.zeros((2, 1 << HIST_BITS), np.float64)

    @property
    def shift(self) -> int:
        """How far keys are shifted right to give their histogram bucket."""
        return self.bits - HIST_BITS

    @property
    def samples(self) -> int:
        return self.rows[0] + self.rows[1]

    def mass(self) -> tuple[float, float]:
        """(negatives, positives): rows, or their total weight."""
        if self.hist_weight is None:
            return float(self.rows[0]), float(self.rows[1])
        return float(self.hist_weight[0].sum()), float(self.hist_weight[1].sum())

    def effective_samples(self) -> float:
        """Kish's effective sample size, ``(Σw)² / Σw²`` (the row count without weights)."""
        if not self.weighted:
            return float(self.samples)
        total = sum(self.mass())
        squares = math.fsum(self.square_weight)
        return total * total / squares if squares > 0 else 0.0

    def add(
        self, chunk: dict[str, Array], start: Position, where: Where, names: dict[str, str]
    ) -> None:
        """Check ``chunk`` (rows from ``start`` on) and count it in."""
        scores = chunk["scores"]
        if scores.size == 0:
            return
        positive = class_masks(chunk, start, where, names)
        weights = chunk.get("weights")
        n_pos = int(np.count_nonzero(positive))
        self.rows[0] += scores.size - n_pos
        self.rows[1] += n_pos
        self.minimum = min(self.minimum, float(scores.min()))
        self.maximum = max(self.maximum, float(scores.max()))
        if self.all_one:
            self.all_one = bool(np.all(scores == 1.0))
        if self.integral:
            self.integral = bool(np.all(scores == np.round(scores)))
        self.outside += int(np.count_nonzero((scores < 0) | (scores > 1)))
        for cut in self.cuts:
            above = scores > cut
            hit = above & positive
            pos_above = int(np.count_nonzero(hit))
            self.above_rows[cut][1] += pos_above
            self.above_rows[cut][0] += int(np.count_nonzero(above)) - pos_above
            if weights is not None:
                self.above_weight[cut][1] += float(np.sum(weights, where=hit))
                self.above_weight[cut][0] += float(np.sum(weights, where=above & ~positive))
        keys = score_keys(scores)
        ids = (keys >> keys.dtype.type(self.shift)).astype(np.intp)
        ids[positive] += 1 << HIST_BITS
        _count_into(self.hist_rows, ids, None)
        if weights is not None:
            assert self.hist_weight is not None
            _count_into(self.hist_weight, ids, weights)
            self.square_weight.append(float(np.einsum("i,i->", weights, weights)))
        if n_pos:
            pos_keys = keys[positive]
            top = int(pos_keys.max())
            if self.top_positive is None or top >= self.top_positive[0]:
                first = _first(positive & (keys == keys.dtype.type(top)))
                self._top((top, (start[0], start[1] + first)))
            low = int(pos_keys.min())
            if self.low_positive is None or low < self.low_positive:
                self.low_positive = low

    def _top(self, candidate: tuple[int, Position] | None) -> None:
        if candidate is None:
            return
        if (
            self.top_positive is None
            or candidate[0] > self.top_positive[0]
            or (candidate[0] == self.top_positive[0] and candidate[1] < self.top_positive[1])
        ):
            self.top_positive = candidate

    def merge(self, other: Census) -> Census:
        """Both censuses together (exact for counts; weights are float sums)."""
        out = Census(self.bits, self.weighted, self.cuts)
        out.rows = [a + b for a, b in zip(self.rows, other.rows, strict=True)]
        out.minimum = min(self.minimum, other.minimum)
        out.maximum = max(self.maximum, other.maximum)
        out.integral = self.integral and other.integral
        out.all_one = self.all_one and other.all_one
        out.outside = self.outside + other.outside
        for cut in self.cuts:
            out.above_rows[cut] = [
                a + b for a, b in zip(self.above_rows[cut], other.above_rows[cut], strict=True)
            ]
            out.above_weight[cut] = [
                a + b for a, b in zip(self.above_weight[cut], other.above_weight[cut], strict=True)
            ]
        out.square_weight = self.square_weight + other.square_weight
        out.hist_rows = self.hist_rows + other.hist_rows
        if self.hist_weight is not None and other.hist_weight is not None:
            out.hist_weight = self.hist_weight + other.hist_weight
        out.top_positive = self.top_positive
        out._top(other.top_positive)
        lows = [v for v in (self.low_positive, other.low_positive) if v is not None]
        out.low_positive = min(lows) if lows else None
        return out


def _count_into(target: Array, ids: npt.NDArray[np.intp], weights: Array | None) -> None:
    """``target.flat[ids] += 1`` (or ``+= weights``), by one bincount for large chunks and
    without a full-size temporary for small ones."""
    flat = target.reshape(-1)
    if ids.size < flat.size >> 4:
        np.add.at(flat, ids, 1 if weights is None else weights)
    else:
        flat += np.bincount(ids, weights, minlength=flat.size).astype(flat.dtype, copy=False)


def sub_histogram(
    rows: npt.NDArray[np.int64],
    mass: npt.NDArray[np.float64] | None,
    keys: Array,
    positive: npt.NDArray[np.bool_],
    weights: npt.NDArray[np.float64] | None,
    lo: int,
    hi: int,
    sub_shift: int,
) -> None:
    """Add to ``rows[class, sub]`` (and ``mass``) the keys in ``[lo, hi]``, by sub-ranges of
    ``2**sub_shift`` keys (a refinement of a histogram bucket that holds too many rows to sort
    at once); ``rows`` has ``2**bits`` columns for ``2**bits`` sub-ranges."""
    kind = keys.dtype.type
    inside = (keys >= kind(lo)) & (keys <= kind(hi))
    ids = ((keys[inside] - kind(lo)) >> kind(sub_shift)).astype(np.intp)
    ids[positive[inside]] += rows.shape[1]
    _count_into(rows, ids, None)
    if mass is not None and weights is not None:
        _count_into(mass, ids, weights[inside])
