"""Exact binary metrics over inputs larger than memory, in one process (``headcheck eval
--engine streaming``; chosen automatically for large inputs and Parquet directories).

The rows are read chunk by chunk, several times; memory stays within the budget however many
rows there are:

1. **Census** (pass 1): every row is checked (finite scores, labels 0/1, weights ≥ 0) and
   counted: rows and weight per class, the range of the scores, rows above the usual cuts,
   and a histogram of the top 16 bits of the scores' order-preserving integer keys per class.
2. **Plan**: the histogram cuts the key space into buckets whose rows, and whose *carry* (the
   positives and negatives scoring above them), are known. Consecutive buckets are grouped so
   that a group's keys fit in the sort budget; a bucket that alone is too large is
   histogrammed again by its next 16 bits in the next pass (a float32 key is then down to one
   value; a float64 key needs at most three such refinements).
3. **Sort passes**: each pass reads the rows again, keeps those of its groups (as many groups
   as fit), sorts each group's keys per class in place and walks its tie groups from the
   highest score down, adding exact integer counts to the carry: ROC AUC, average precision,
   log loss, Brier score, the reliability table, DeLong's variances and the candidate points
   of every threshold choice (see :mod:`headcheck.evaluation._accumulate`).

Passes: ``1 + ⌈rows × b / S⌉`` (plus one per refinement level where a 1/65536 slice of the key
range holds more rows than the sort space ``S``), with ``b`` = 4 bytes per row for float32
scores, 8 for float64, and ``2·key + 24`` bytes with weights. Without weights the results do
not depend on the chunking or the budget at all (integer counts; ROC AUC is one rounding of an
exact fraction); with weights they agree to rounding (about 1e-15).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from headcheck._errors import InputError
from headcheck.evaluation._accumulate import Context, Partial, Probe, summarize
from headcheck.evaluation._census import Census, class_masks, key_bits, sub_histogram
from headcheck.evaluation._keys import score_keys
from headcheck.evaluation._ooc_report import (
    OutOfCoreReport,
    Settings,
    build_report,
    context_for,
    read_outputs,
)
from headcheck.evaluation._plan import Group, Leaf, Pass, Refine, leaves, plan
from headcheck.evaluation._runs import Run, class_sorted_slices
from headcheck.evaluation._sizes import DEFAULT_MEMORY, Budget
from headcheck.evaluation._stream import Inputs, inputs_from_arrays, open_inputs

__all__ = [
    "ProgressHook",
    "bytes_per_row",
    "evaluate_out_of_core",
    "resolved_partial",
    "stream_evaluate",
]

Array = npt.NDArray[Any]


class ProgressHook(Protocol):
    """Told how far the passes are (``headcheck eval`` draws a Rich progress bar): ``plan``
    when the number of passes is known (again when it grows), ``advance`` with rows read or
    rows sorted and counted."""

    def plan(self, rows: int, passes: int) -> None: ...

    def advance(self, rows: int, description: str) -> None: ...


def bytes_per_row(key_size: int, weighted: bool) -> int:
    """Sort space one row of a group takes: its key (sorted in place), or with weights the key,
    the weight, the sort order and the reordered copies."""
    return 2 * key_size + 24 if weighted else key_size


def resolved_partial(run: list[Leaf], ctx: Context) -> Partial:
    """The partial of consecutive single-key leaves, from their counts alone."""
    dtype = np.uint32 if ctx.score_dtype == np.float32 else np.uint64
    ordered = run[::-1]
    keys = np.array([leaf.lo for leaf in ordered], dtype=dtype)
    rows = (
        np.array([leaf.rows[0] for leaf in ordered], np.int64),
        np.array([leaf.rows[1] for leaf in ordered], np.int64),
    )
    mass = None
    if ctx.weighted:
        mass = (
            np.array([leaf.mass[0] for leaf in ordered], np.float64),
            np.array([leaf.mass[1] for leaf in ordered], np.float64),
        )
    return summarize([Run(keys, rows, mass)], run[0].carry, ctx)


@dataclass
class _Buffer:
    """The rows of one group, per class, filled pass-long."""

    group: Group
    keys: tuple[Array, Array]
    weights: tuple[Array, Array] | None
    filled: list[int] = field(default_factory=lambda: [0, 0])

    @classmethod
    def allocate(cls, group: Group, key_dtype: Any, weighted: bool) -> _Buffer:
        keys = (np.empty(group.rows[0], key_dtype), np.empty(group.rows[1], key_dtype))
        weights = None
        if weighted:
            weights = (np.empty(group.rows[0], np.float64), np.empty(group.rows[1], np.float64))
        return cls(group, keys, weights)

    def add(self, keys: Array, positive: npt.NDArray[np.bool_], weights: Array | None) -> None:
        kind = keys.dtype.type
        inside = (keys >= kind(self.group.lo)) & (keys <= kind(self.group.hi))
        for c, mask in enumerate((inside & ~positive, inside & positive)):
            chosen = keys[mask]
            end = self.filled[c] + chosen.size
            if end > self.keys[c].size:
                raise InputError("the inputs changed while they were being read; run it again")
            self.keys[c][self.filled[c] : end] = chosen
            if self.weights is not None and weights is not None:
                self.weights[c][self.filled[c] : end] = weights[mask]
            self.filled[c] = end

    def slices(self, slice_rows: int) -> Iterator[Run]:
        if self.filled != [self.keys[0].size, self.keys[1].size]:
            raise InputError("the inputs changed while they were being read; run it again")
        neg, pos = self.keys
        if self.weights is None:
            neg.sort()
            pos.sort()
            return class_sorted_slices(neg, pos, None, None, slice_rows)
        order = np.argsort(neg)
        neg_keys, neg_w = neg[order], self.weights[0][order]
        del order
        order = np.argsort(pos)
        pos_keys, pos_w = pos[order], self.weights[1][order]
        return class_sorted_slices(neg_keys, pos_keys, neg_w, pos_w, slice_rows)


@dataclass
class _Refinement:
    """One refined leaf's sub-histograms, filled pass-long."""

    refine: Refine
    rows: npt.NDArray[np.int64]
    mass: npt.NDArray[np.float64] | None

    def add(self, keys: Array, positive: npt.NDArray[np.bool_], weights: Array | None) -> None:
        leaf = self.refine.leaf
        sub_histogram(
            self.rows, self.mass, keys, positive, weights, leaf.lo, leaf.hi, self.refine.sub_shift
        )

    def family(self) -> list[Leaf]:
        leaf = self.refine.leaf
        return leaves(self.rows, self.mass, leaf.lo, self.refine.sub_shift, leaf.carry)


def _where(position: tuple[int, int]) -> str:
    return f"row {position[1]} (0-based)"


def _names(inputs: Inputs) -> dict[str, str]:
    return {role: inputs.describe(role) for role in inputs.sources}


def _census(
    inputs: Inputs, budget: Budget, settings: Settings, hook: ProgressHook | None
) -> Census:
    census = Census(key_bits(inputs.score_dtype), inputs.weighted, settings.cuts())
    names = _names(inputs)
    offset = 0
    for chunk in inputs.chunks(budget.chunk_rows):
        census.add(chunk, (0, offset), _where, names)
        offset += chunk["scores"].size
        if hook is not None:
            hook.advance(chunk["scores"].size, "checking and counting")
    return census


def _reporting(slices: Iterator[Run], hook: ProgressHook, what: str) -> Iterator[Run]:
    for run in slices:
        yield run
        hook.advance(int(run.rows[0].sum() + run.rows[1].sum()), what)


def _run_pass(
    inputs: Inputs,
    budget: Budget,
    work: Pass,
    ctx: Context,
    probe: Probe | None,
    hook: ProgressHook | None,
    number: int,
) -> tuple[Partial, list[list[Leaf]]]:
    key_dtype = np.uint32 if ctx.score_dtype == np.float32 else np.uint64
    buffers = [_Buffer.allocate(g, key_dtype, ctx.weighted) for g in work.groups]
    refinements = [
        _Refinement(
            r,
            np.zeros((2, 1 << r.bits), np.int64),
            np.zeros((2, 1 << r.bits)) if ctx.weighted else None,
        )
        for r in work.refines
    ]
    offset = 0
    names = _names(inputs)
    what = f"pass {number}: gathering {len(buffers)} score ranges" + (
        f", refining {len(refinements)}" if refinements else ""
    )
    for chunk in inputs.chunks(budget.chunk_rows):
        positive = class_masks(chunk, (0, offset), _where, names)
        keys = score_keys(chunk["scores"])
        weights = chunk.get("weights")
        if probe is not None:
            probe.add(keys, positive, (0, offset))
        for buffer in buffers:
            buffer.add(keys, positive, weights)
        for refinement in refinements:
            refinement.add(keys, positive, weights)
        offset += keys.size
        if hook is not None:
            hook.advance(keys.size, what)
    partial = Partial(ctx.n_bins)
    while buffers:
        buffer = buffers.pop(0)
        what = f"pass {number}: sorting and counting {sum(buffer.group.rows):,} rows"
        if hook is not None:
            hook.advance(0, what)
        slices = buffer.slices(budget.slice_rows)
        if hook is not None:
            slices = _reporting(slices, hook, what)
        partial = partial.merge(summarize(slices, buffer.group.carry, ctx))
        del buffer
    return partial, [r.family() for r in refinements]


def stream_evaluate(
    inputs: Inputs,
    *,
    budget: Budget,
    settings: Settings | None = None,
    memory: int = 0,
    hook: ProgressHook | None = None,
) -> OutOfCoreReport:
    """Evaluate ``inputs`` in one process within ``budget`` (see the module docstring)."""
    settings = (settings or Settings()).checked()
    if hook is not None:
        hook.plan(inputs.rows, 2)
    census = _census(inputs, budget, settings, hook)
    inference = read_outputs(census, settings)
    ctx = context_for(census, inference, settings)
    per_row = bytes_per_row(census.bits // 8, census.weighted)
    capacity = max(1, budget.group_bytes // per_row)
    refine_rows = max(1, (2 << 16) * 8 * (2 if census.weighted else 1) // per_row)
    probe = None
    if census.top_positive is not None and census.low_positive is not None:
        probe = Probe(census.top_positive[0], census.top_positive[1], census.low_positive)
    total = Partial(ctx.n_bins)
    families = [leaves(census.hist_rows, census.hist_weight, 0, census.shift, (0, 0))]
    passes = 1
    while families:
        resolved, work = plan(families, capacity, refine_rows)
        for run in resolved:
            total = total.merge(resolved_partial(run, ctx))
            if hook is not None:
                hook.advance(sum(leaf.size for leaf in run), "counting tied scores")
        if hook is not None:
            hook.plan(inputs.rows, passes + len(work) + (1 if any(w.refines for w in work) else 0))
        families = []
        for item in work:
            passes += 1
            # the ranking probe rides along the first pass after the census (there always is
            # one: the census's buckets span 2**16 keys or more, so none is resolved by it)
            partial, new = _run_pass(
                inputs, budget, item, ctx, probe if passes == 2 else None, hook, passes
            )
            total = total.merge(partial)
            families.extend(new)
    return build_report(
        census,
        total,
        probe,
        inference,
        ctx,
        settings,
        engine="streaming",
        passes=passes,
        memory=memory,
    )


def evaluate_out_of_core(
    y_true: Any,
    y_pred: Any,
    *,
    sample_weight: Any | None = None,
    memory: int | str = DEFAULT_MEMORY,
    budget: Budget | None = None,
    hook: ProgressHook | None = None,
    **options: Any,
) -> OutOfCoreReport:
    """Exact binary metrics of scores against 0/1 labels within a memory budget.

    ``y_true``, ``y_pred`` and ``sample_weight`` are paths (``.npy``, a Parquet file or
    directory, ``PATH:col`` for a Parquet column) or arrays. ``memory`` is the budget of the
    whole process (bytes, or ``'2GB'``); ``budget`` overrides how it is split (chunk rows,
    sort space). ``options`` are :func:`headcheck.evaluate`'s ``outputs``, ``task``,
    ``class_names``, ``ci``, ``cost_fp``, ``cost_fn``, ``target_recall``,
    ``target_precision`` and ``n_bins``.

    >>> r = evaluate_out_of_core([0, 1, 1, 0], [0.2, 0.9, 0.6, 0.6], memory="1GB")
    >>> r.binary.roc_auc, r.binary.accuracy, r.passes
    (0.875, 0.75, 2)
    """
    from headcheck.evaluation._sizes import parse_size

    size = parse_size(memory) if isinstance(memory, str) else int(memory)
    if budget is None:
        budget = Budget.from_memory(size)
    given = [v for v in (y_true, y_pred, sample_weight) if v is not None]
    if all(isinstance(v, (str, Path)) for v in given):
        inputs = open_inputs(
            str(y_pred), str(y_true), None if sample_weight is None else str(sample_weight)
        )
    else:
        inputs = inputs_from_arrays(y_pred, y_true, sample_weight)
    return stream_evaluate(
        inputs, budget=budget, settings=Settings(**options), memory=size, hook=hook
    )
