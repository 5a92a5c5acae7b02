"""The plan of out-of-core evaluation: which ranges of score keys are sorted in which pass.

The key space is cut by the histogram of pass 1 into *leaves* (contiguous key ranges with
their rows per class and the curve mass above them, the carry). A leaf is

* *resolved* when it holds one key only: its tie group is known from the counts alone;
* *collected* when its rows fit in memory: consecutive such leaves form a *group*, whose rows
  are gathered in one pass and sorted;
* *refined* otherwise: one more pass histograms it by its next :data:`REFINE_BITS` bits, which
  gives smaller leaves (a float32 key is resolved after one refinement, a float64 key after
  at most three).

Groups and refinements are packed into passes as long as their memory fits the budget, in
descending order of keys. The carries make every group independent of the others, so their
results can be computed in any order, in any process, and combined.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = ["REFINE_BITS", "Group", "Leaf", "Pass", "Refine", "leaves", "plan"]

REFINE_BITS = 16


@dataclass(frozen=True)
class Leaf:
    """Keys ``lo..hi`` (``2**shift`` of them): rows and curve mass per class ``(neg, pos)``,
    and the curve mass of every key above ``hi`` (``carry``)."""

    lo: int
    hi: int
    shift: int
    rows: tuple[int, int]
    mass: tuple[float, float]
    carry: tuple[float, float]

    @property
    def size(self) -> int:
        return self.rows[0] + self.rows[1]


@dataclass(frozen=True)
class Group:
    """Consecutive leaves gathered and sorted together: keys ``lo..hi``."""

    lo: int
    hi: int
    rows: tuple[int, int]
    carry: tuple[float, float]


@dataclass(frozen=True)
class Refine:
    """A leaf to histogram by ``2**bits`` sub-ranges of ``2**sub_shift`` keys each."""

    leaf: Leaf
    bits: int
    sub_shift: int


@dataclass(frozen=True)
class Pass:
    """What one pass over the data does."""

    groups: list[Group]
    refines: list[Refine]


def leaves(
    rows: npt.NDArray[np.int64],
    mass: npt.NDArray[np.float64] | None,
    lo: int,
    shift: int,
    carry: tuple[float, float],
) -> list[Leaf]:
    """The non-empty leaves of a histogram (``rows[class, bucket]``; bucket ``b`` holds keys
    ``lo + b·2**shift`` to ``lo + (b+1)·2**shift - 1``), highest keys first, with carries.

    Without weights the mass is the row count, kept as Python integers (exact carries).

    >>> h = np.array([[1, 0, 2, 0], [0, 0, 1, 3]])
    >>> [(x.lo, x.hi, x.rows, x.carry) for x in leaves(h, None, 0, 2, (0, 0))]
    [(12, 15, (0, 3), (0, 0)), (8, 11, (2, 1), (0, 3)), (0, 3, (1, 0), (2, 4))]
    """
    out: list[Leaf] = []
    neg_carry, pos_carry = carry
    for bucket in np.flatnonzero(rows[0] + rows[1])[::-1].tolist():
        counts = (int(rows[0, bucket]), int(rows[1, bucket]))
        if mass is None:
            leaf_mass: tuple[float, float] = counts
        else:
            leaf_mass = (float(mass[0, bucket]), float(mass[1, bucket]))
        start = lo + (bucket << shift)
        out.append(
            Leaf(start, start + (1 << shift) - 1, shift, counts, leaf_mass, (neg_carry, pos_carry))
        )
        neg_carry += leaf_mass[0]
        pos_carry += leaf_mass[1]
    return out


def _flush(current: list[Leaf], groups: list[Group]) -> None:
    if current:
        groups.append(
            Group(
                current[-1].lo,
                current[0].hi,
                (sum(x.rows[0] for x in current), sum(x.rows[1] for x in current)),
                current[0].carry,
            )
        )
        current.clear()


def plan(
    families: list[list[Leaf]], capacity_rows: int, refine_rows: int, pass_rows: int = 0
) -> tuple[list[list[Leaf]], list[Pass]]:
    """Classify the leaves and pack the work into passes.

    ``families`` are lists of leaves that each cover one key range without gaps (the buckets
    of pass 1, or the sub-ranges of one refined leaf), highest keys first: only leaves of the
    same family can share a group. Returns the runs of resolved leaves (consecutive single
    keys, each run summarised as one) and the passes: groups of at most ``capacity_rows``
    rows, refinements counted as ``refine_rows`` rows each (their histograms' memory), at most
    ``pass_rows`` (default ``capacity_rows``) rows of either per pass (at least one item).

    >>> h = np.array([[7, 0, 2, 0], [0, 0, 1, 3]])
    >>> resolved, passes = plan([leaves(h, None, 0, 2, (0, 0))], 6, 1)
    >>> [[(g.lo, g.hi, g.rows) for g in p.groups] for p in passes]
    [[(8, 15, (2, 4))], []]
    >>> [(r.leaf.lo, r.bits, r.sub_shift) for p in passes for r in p.refines]
    [(0, 2, 0)]
    """
    resolved: list[list[Leaf]] = []
    groups: list[Group] = []
    refines: list[Refine] = []
    for family in families:
        current: list[Leaf] = []
        held = 0
        follows_resolved = False
        for leaf in family:
            if leaf.lo == leaf.hi:
                _flush(current, groups)
                held = 0
                if follows_resolved:
                    resolved[-1].append(leaf)
                else:
                    resolved.append([leaf])
                follows_resolved = True
                continue
            follows_resolved = False
            if leaf.size > capacity_rows:
                _flush(current, groups)
                held = 0
                bits = min(REFINE_BITS, leaf.shift)
                refines.append(Refine(leaf, bits, leaf.shift - bits))
                continue
            if held + leaf.size > capacity_rows:
                _flush(current, groups)
                held = 0
            current.append(leaf)
            held += leaf.size
        _flush(current, groups)
    items: list[Group | Refine] = sorted(
        [*groups, *refines], key=lambda x: -(x.hi if isinstance(x, Group) else x.leaf.hi)
    )
    passes: list[Pass] = []
    per_pass = pass_rows or capacity_rows
    load = per_pass + 1
    for item in items:
        cost = item.rows[0] + item.rows[1] if isinstance(item, Group) else refine_rows
        if load + cost > per_pass:
            passes.append(Pass([], []))
            load = 0
        load += cost
        if isinstance(item, Group):
            passes[-1].groups.append(item)
        else:
            passes[-1].refines.append(item)
    return resolved, passes
