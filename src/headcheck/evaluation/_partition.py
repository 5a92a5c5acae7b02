"""Packed keys in sorted runs that follow each other in score order, for the unweighted sort.

Each run is a stretch of one buffer of packed keys ``(key - offset) << 1 | label``, sorted on
its own; the runs one after the other are the whole sorted order, with no merge.

* Room for the label bit: the keys packed with one offset must span less than half the key
  range. Scores of one sign always do (negative keys are below the top bit, non-negative
  ones have it), so when the scores cross zero and span more than that, they are cut at
  0.0 into two parts, each packed with its own offset into its own region of the buffer.
  Packing is then two passes, split among the workers by position: the first counts how
  many scores of each worker's slice fall in each part (the same float comparisons as the
  second), which fixes where every (slice, part) piece goes; the second computes the keys
  block by block and writes each piece in its place. Without a cut there is one pass.
* Threads (:mod:`._workers`): with ``W`` workers each part is first split in place by value
  into about ``W`` runs with ``ndarray.partition`` (a linear selection, a small fraction of
  a sort), and the runs are sorted at the same time. Equal keys may end one run and begin
  the next; grouping joins them (:func:`~._ties.tie_groups`).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import numpy as np
import numpy.typing as npt

from headcheck.evaluation._keys import KEY_DTYPES, key_of, score_keys_into
from headcheck.evaluation._workers import run_each, shares

__all__ = ["BLOCK", "RUN_MIN", "Part", "fits", "packed_parts", "sorted_runs", "zero_cut"]

BLOCK = 1 << 16
"""Elements per block in the blockwise passes (a few hundred KiB per temporary)."""
RUN_MIN = 1 << 20
"""Parts smaller than this are sorted whole, not split into runs for several threads."""

AnyArray = npt.NDArray[Any]


@dataclass
class Part:
    """A stretch of packed keys ``(key - offset) << 1 | label`` starting at ``start`` in
    the buffer; with weights and no room for the sample index in the key, ``order`` gives
    the sample at each position."""

    packed: AnyArray
    offset: int
    order: npt.NDArray[np.int64] | None = None
    start: int = 0


def fits(low: float, high: float, key_float: np.dtype[np.floating]) -> bool:
    """Whether the keys of scores in ``[low, high]`` span less than half their range (one
    spare bit for the label)."""
    half = 1 << (8 * key_float.itemsize - 1)
    return key_of(high, key_float) - key_of(low, key_float) < half


def zero_cut(low: float, high: float, key_float: np.dtype[np.floating]) -> float | None:
    """0.0 when the keys of scores in ``[low, high]`` would not leave room for the label
    bit (cut there, each part is of one sign), else ``None``.

    >>> zero_cut(-3e38, 3e38, np.dtype(np.float32)), zero_cut(0.0, 1.0, np.dtype(np.float32))
    (0.0, None)
    """
    return None if fits(low, high, key_float) else 0.0


def _offset(bound: float, key_float: np.dtype[np.floating]) -> int:
    """What a part whose scores are ``>= bound`` subtracts from its keys: the key of
    ``bound``, or the top bit when that key has it (scores >= 0), which the shift by one
    drops without a subtraction."""
    key, half = key_of(bound, key_float), 1 << (8 * key_float.itemsize - 1)
    return half if key >= half else key


def _slices(size: int, workers: int) -> list[tuple[int, int]]:
    """At most ``workers`` contiguous slices of ``range(size)``, on block boundaries."""
    return [
        (share[0], min(share[-1] + BLOCK, size)) for share in shares(range(0, size, BLOCK), workers)
    ]


def _count_above(values: AnyArray, cut: Any, where: tuple[int, int]) -> list[int]:
    """How many scores of ``values[start:stop]`` are below ``cut`` and how many not."""
    start, stop = where
    above = 0
    for first in range(start, stop, BLOCK):
        above += int(np.count_nonzero(values[first : min(first + BLOCK, stop)] >= cut))
    return [stop - start - above, above]


def packed_parts(
    labels: AnyArray,
    values: npt.NDArray[np.floating],
    key_float: np.dtype[np.floating],
    low: float,
    cut: float | None,
    workers: int,
) -> tuple[list[Part], AnyArray]:
    """Pack ``(key - offset) << 1 | label`` into one buffer (returned too): one part, or
    with a ``cut`` the scores below it, then the others; ``workers`` threads pack slices of
    the scores at once. The parts are not sorted yet."""
    n = values.size
    buffer = np.empty(n, KEY_DTYPES[key_float])
    bounds = (low,) if cut is None else (low, cut)
    offsets = [_offset(bound, key_float) for bound in bounds]
    slices = _slices(n, workers)
    if cut is None:
        counts = [[stop - start] for start, stop in slices]
    else:
        typed_cut = values.dtype.type(cut)
        counts = run_each(lambda where: _count_above(values, typed_cut, where), slices, workers)
    totals = [sum(column) for column in zip(*counts, strict=True)]
    starts = [sum(totals[:j]) for j in range(len(totals))]
    # where each slice writes its piece of each part: after the pieces of the slices before
    heads = [
        [starts[j] + sum(c[j] for c in counts[:t]) for j in range(len(totals))]
        for t in range(len(slices))
    ]

    def pack(task: tuple[tuple[int, int], list[int]]) -> None:
        where, head = task
        _pack_slice(labels, values, buffer, where, head, offsets, cut)

    run_each(pack, list(zip(slices, heads, strict=True)), workers)
    parts = [
        Part(buffer[start : start + total], offset, start=start)
        for start, total, offset in zip(starts, totals, offsets, strict=True)
        if total
    ]
    return parts, buffer


def _pack_slice(
    labels: AnyArray,
    values: AnyArray,
    buffer: AnyArray,
    where: tuple[int, int],
    head: list[int],
    offsets: list[int],
    cut: float | None,
) -> None:
    """Pack ``values[start:stop]`` block by block, each part's scores at ``head[part]``
    onwards (advanced as they are written), with temporaries reused from block to block."""
    start, stop = where
    unsigned = buffer.dtype
    span = min(BLOCK, stop - start)
    scratch = np.empty(span, np.dtype(f"i{unsigned.itemsize}"))
    hits = np.empty(span, np.bool_)
    words_buffer = np.empty(span, unsigned)
    above_buffer = np.empty(span, np.bool_)
    typed_cut = None if cut is None else values.dtype.type(cut)
    one = unsigned.type(1)
    half = 1 << (8 * unsigned.itemsize - 1)
    head = list(head)
    for first in range(start, stop, BLOCK):
        last = min(first + BLOCK, stop)
        m = last - first
        block = labels[first:last]
        if block.dtype == np.bool_:
            hit = block
        else:
            hit = hits[:m]
            np.equal(block, 1, out=hit)
        label = hit.view(np.uint8)
        if typed_cut is None:  # one part: write straight into the buffer
            words = buffer[head[0] : head[0] + m]
            score_keys_into(values[first:last], words, scratch[:m])
            _shift_in(words, offsets[0], label, half, one)
            head[0] += m
            continue
        words = words_buffer[:m]
        score_keys_into(values[first:last], words, scratch[:m])
        above = above_buffer[:m]
        np.greater_equal(values[first:last], typed_cut, out=above)
        # flatnonzero + take: indexing with a scattered boolean mask is several times slower
        for j, picked in enumerate((np.flatnonzero(~above), np.flatnonzero(above))):
            if not picked.size:
                continue
            here = buffer[head[j] : head[j] + picked.size]
            np.take(words, picked, out=here, mode="clip")  # "raise" would buffer the output
            _shift_in(here, offsets[j], label.take(picked), half, one)
            head[j] += picked.size


def _shift_in(words: AnyArray, offset: int, label: AnyArray, half: int, one: Any) -> None:
    """``(words - offset) << 1 | label`` in place. An offset of exactly the top bit needs no
    subtraction: the shift drops that bit by itself."""
    if offset != half:
        np.subtract(words, words.dtype.type(offset), out=words)
    np.left_shift(words, one, out=words)
    np.bitwise_or(words, label, out=words, casting="unsafe")


def sorted_runs(parts: list[Part], workers: int) -> list[Part]:
    """Sort the packed parts in place, as runs in ascending order. With several workers a
    part of at least :data:`RUN_MIN` keys is first split by value into runs (as many as its
    share of the samples gives it), which are then sorted at the same time."""
    total = sum(part.packed.size for part in parts)
    runs: list[Part] = []
    for part in parts:
        size = part.packed.size
        pieces = round(workers * size / total) if workers > 1 and size >= RUN_MIN else 1
        if pieces < 2:
            runs.append(part)
            continue
        kth = [size * k // pieces for k in range(1, pieces)]
        part.packed.partition(kth)  # every key left of kth[i] <= the key there <= every right
        runs.extend(
            Part(part.packed[a:b], part.offset, start=part.start + a)
            for a, b in pairwise([0, *kth, size])
        )
    run_each(lambda run: run.packed.sort(), runs, workers)
    return runs
