"""Mergeable metric states: update chunk by chunk, merge across workers, same numbers.

Each state holds sums, never means, so that ``merge(update(a), update(b)) == update(a + b)``:

* :class:`CurveState`: the exact curve's tie groups (distinct scores, ascending, with the
  positive and negative amount at each; int64 counts, or float64 weight sums). Merging two
  states is a merge of two sorted runs that adds the amounts of equal scores; integer
  counts merge exactly, so any split of the data gives the identical curve.
* :class:`ConfusionState`: a ``C x C`` confusion matrix from one ``bincount`` per chunk.
* :class:`LabelCountsState`: per-label TP/FP/FN/TN of multi-label scores at a cut.
* :class:`LossState`: weighted sums of per-sample binary log loss, Brier score or multiclass
  log loss, and the weight, so the mean comes out at the end.

>>> whole = CurveState().update([0, 1, 1, 0], [0.2, 0.7, 0.2, 0.9])
>>> parts = CurveState().update([0, 1], [0.2, 0.7]).merge(
...     CurveState().update([1, 0], [0.2, 0.9]))
>>> parts.curve().roc_auc() == whole.curve().roc_auc() == 0.375
True
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from headcheck._errors import InputError
from headcheck.evaluation._binary import binary_log_loss, brier
from headcheck.evaluation._curve import BinaryCurve
from headcheck.evaluation._keys import score_keys, scores_from_keys
from headcheck.evaluation._multiclass import confusion_matrix, multiclass_log_loss
from headcheck.evaluation._ties import TieGroups, tie_groups

__all__ = [
    "ConfusionState",
    "CurveState",
    "LabelCountsState",
    "LossState",
    "label_counts",
    "merge_groups",
]

FloatArray = npt.NDArray[np.float64]
AnyArray = npt.NDArray[Any]


def _as_float64_keys(groups: TieGroups) -> npt.NDArray[np.unsignedinteger]:
    """The groups' keys in the float64 key space (float32 keys are widened exactly)."""
    if groups.score_dtype == np.float64:
        return groups.keys
    wide = scores_from_keys(groups.keys, groups.score_dtype).astype(np.float64)
    return score_keys(wide)


def merge_groups(first: TieGroups, second: TieGroups) -> TieGroups:
    """Merge two sets of tie groups: one merge of two sorted runs (a stable sort of their
    concatenation, which finds the two runs), adding the amounts of equal scores.

    >>> a = tie_groups([1, 0], [0.5, 0.25])
    >>> b = tie_groups([1, 1], [0.5, 0.75])
    >>> m = merge_groups(a, b)
    >>> m.scores().tolist(), m.positives.tolist(), m.negatives.tolist()
    ([0.25, 0.5, 0.75], [0, 2, 1], [1, 0, 0])
    """
    if first.size == 0 and not first.weighted:
        return second
    if second.size == 0 and not second.weighted:
        return first
    weighted = first.weighted or second.weighted
    amount: Any = np.float64 if weighted else np.int64
    if first.score_dtype == second.score_dtype:
        score_dtype = first.score_dtype
        keys = np.concatenate([first.keys, second.keys])
    else:
        score_dtype = np.dtype(np.float64)
        keys = np.concatenate([_as_float64_keys(first), _as_float64_keys(second)])
    order = np.argsort(keys, kind="stable")
    keys = keys[order]
    positives: AnyArray = np.concatenate([first.positives, second.positives])
    negatives: AnyArray = np.concatenate([first.negatives, second.negatives])
    positives, negatives = positives.astype(amount)[order], negatives.astype(amount)[order]
    # each run has distinct keys, so a score occurs at most twice: fold the second into
    # the first and drop it
    twice = np.flatnonzero(keys[1:] == keys[:-1])
    positives[twice] += positives[twice + 1]
    negatives[twice] += negatives[twice + 1]
    keep = np.ones(keys.size, np.bool_)
    keep[twice + 1] = False
    return TieGroups(keys[keep], score_dtype, (positives[keep], negatives[keep]))


class CurveState:
    """Exact binary curve, chunk by chunk: :meth:`update` with each chunk (or build one
    state per worker), :meth:`merge` the states, :meth:`curve` at the end.

    >>> s = CurveState().update([1, 0, 1], [0.9, 0.1, 0.4]).update([0], [0.4])
    >>> s.curve().roc_auc(), s.size
    (0.875, 3)
    """

    __slots__ = ("_groups",)

    def __init__(self, groups: TieGroups | None = None) -> None:
        """An empty state, or one holding ``groups``."""
        self._groups = groups if groups is not None else TieGroups.empty(False)

    @property
    def groups(self) -> TieGroups:
        """The tie groups held (ascending scores, per-group amounts)."""
        return self._groups

    @property
    def size(self) -> int:
        """Number of distinct scores seen."""
        return self._groups.size

    @property
    def weighted(self) -> bool:
        """Whether any chunk came with weights (amounts are then float64 sums)."""
        return self._groups.weighted

    def update(
        self,
        y_true: npt.ArrayLike,
        scores: npt.ArrayLike,
        sample_weight: npt.ArrayLike | None = None,
    ) -> CurveState:
        """Add a chunk (labels ``== 1`` are positive); returns ``self``."""
        self._groups = merge_groups(self._groups, tie_groups(y_true, scores, sample_weight))
        return self

    def merge(self, other: CurveState) -> CurveState:
        """A new state holding both (neither input changes)."""
        return CurveState(merge_groups(self._groups, other._groups))

    def curve(self) -> BinaryCurve:
        """The :class:`BinaryCurve` of everything seen."""
        return BinaryCurve.from_groups(self._groups)


class ConfusionState:
    """``C x C`` confusion counts (rows true, columns predicted), summed over chunks.

    >>> s = ConfusionState(3).update([0, 2], [0, 1]).update([1], [1])
    >>> s.matrix().astype(int).tolist()
    [[1, 0, 0], [0, 1, 0], [0, 1, 0]]
    """

    __slots__ = ("counts", "num_classes")

    def __init__(self, num_classes: int) -> None:
        """An empty state for classes ``0 .. num_classes - 1``."""
        self.num_classes = num_classes
        self.counts: FloatArray = np.zeros((num_classes, num_classes))

    def update(
        self,
        y_true: npt.ArrayLike,
        y_pred: npt.ArrayLike,
        sample_weight: npt.ArrayLike | None = None,
    ) -> ConfusionState:
        """Add a chunk of true and predicted class indices; returns ``self``."""
        y = np.asarray(y_true, np.int64).ravel()
        p = np.asarray(y_pred, np.int64).ravel()
        for name, values in (("y_true", y), ("y_pred", p)):
            if values.size and (values.min() < 0 or values.max() >= self.num_classes):
                raise InputError(
                    f"{name} holds classes outside 0 to {self.num_classes - 1}; give class "
                    "indices below num_classes"
                )
        w = None if sample_weight is None else np.asarray(sample_weight, np.float64).ravel()
        self.counts = self.counts + confusion_matrix(y, p, self.num_classes, w)
        return self

    def merge(self, other: ConfusionState) -> ConfusionState:
        """A new state holding both."""
        if other.num_classes != self.num_classes:
            raise InputError(
                f"cannot merge confusion counts of {self.num_classes} and "
                f"{other.num_classes} classes"
            )
        merged = ConfusionState(self.num_classes)
        merged.counts = self.counts + other.counts
        return merged

    def matrix(self) -> FloatArray:
        """The confusion matrix."""
        return self.counts.copy()


class LabelCountsState:
    """Per-label TP, FP, FN, TN of ``(N, L)`` multi-label scores at the rule
    ``score > cut``, summed over chunks.

    >>> s = LabelCountsState(2, cut=0.0).update([[1, 0], [0, 0]], [[0.3, 0.2], [-1.0, -2.0]])
    >>> s.counts().astype(int).tolist()
    [[1, 0, 0, 1], [0, 1, 0, 1]]
    """

    __slots__ = ("cut", "num_labels", "sums")

    def __init__(self, num_labels: int, cut: float) -> None:
        """An empty state for ``num_labels`` label columns."""
        self.num_labels = num_labels
        self.cut = cut
        self.sums: FloatArray = np.zeros((num_labels, 4))

    def update(
        self,
        y_true: npt.ArrayLike,
        scores: npt.ArrayLike,
        sample_weight: npt.ArrayLike | None = None,
    ) -> LabelCountsState:
        """Add a chunk of 0/1 label rows and score rows; returns ``self``."""
        y = np.asarray(y_true).reshape(-1, self.num_labels) == 1
        on = np.asarray(scores).reshape(-1, self.num_labels) > self.cut
        self.sums = self.sums + np.column_stack(label_counts(y, on, sample_weight))
        return self

    def merge(self, other: LabelCountsState) -> LabelCountsState:
        """A new state holding both."""
        if other.num_labels != self.num_labels or other.cut != self.cut:
            raise InputError("cannot merge label counts of different labels or cuts")
        merged = LabelCountsState(self.num_labels, self.cut)
        merged.sums = self.sums + other.sums
        return merged

    def counts(self) -> FloatArray:
        """``(L, 4)``: TP, FP, FN, TN per label."""
        return self.sums.copy()


def label_counts(
    truth: npt.NDArray[np.bool_],
    predicted: npt.NDArray[np.bool_],
    sample_weight: npt.ArrayLike | None = None,
    block: int = 1 << 20,
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Per-column ``(tp, fp, fn, tn)`` of boolean ``(N, L)`` truth and predictions, from one
    ``bincount`` of ``4 * column + 2 * truth + predicted`` per block of about ``block``
    cells.

    >>> t = np.array([[True, False], [False, False]])
    >>> p = np.array([[True, True], [False, False]])
    >>> [c.tolist() for c in label_counts(t, p)]
    [[1.0, 0.0], [0.0, 1.0], [0.0, 0.0], [1.0, 1.0]]
    """
    n, labels = truth.shape
    w = None if sample_weight is None else np.asarray(sample_weight, np.float64).ravel()
    column = 4 * np.arange(labels, dtype=np.intp)
    sums = np.zeros(4 * labels)
    rows = max(1, block // max(labels, 1))
    for start in range(0, n, rows):
        cell = truth[start : start + rows].astype(np.intp)
        cell <<= 1
        cell += predicted[start : start + rows]
        cell += column
        weights = None
        if w is not None:
            weights = np.repeat(w[start : start + rows], labels)
        sums += np.bincount(cell.ravel(), weights, 4 * labels)
    cells = sums.reshape(labels, 4)  # per column: tn, fp, fn, tp
    return cells[:, 3].copy(), cells[:, 1].copy(), cells[:, 2].copy(), cells[:, 0].copy()


LossKind = Literal["binary_log_loss", "brier", "multiclass_log_loss"]


class LossState:
    """A weighted mean loss, kept as (sum of weight x loss, sum of weight).

    ``kind`` is ``'binary_log_loss'`` and ``'brier'`` (0/1 labels, probabilities of class 1)
    or ``'multiclass_log_loss'`` (class indices, ``(N, C)`` probabilities), with the same
    per-sample formulas as :func:`~._binary.binary_log_loss`, :func:`~._binary.brier` and
    :func:`~._multiclass.multiclass_log_loss`.

    >>> s = LossState("brier").update([1, 0], [0.9, 0.2])
    >>> round(s.merge(LossState("brier").update([1], [1.0])).value(), 6)
    0.016667
    """

    __slots__ = ("kind", "total", "weight")

    def __init__(self, kind: LossKind) -> None:
        """An empty state for one loss."""
        if kind not in ("binary_log_loss", "brier", "multiclass_log_loss"):
            raise InputError(
                f"unknown loss {kind!r}; expected binary_log_loss, brier or multiclass_log_loss"
            )
        self.kind: LossKind = kind
        self.total = 0.0
        self.weight = 0.0

    def update(
        self,
        y_true: npt.ArrayLike,
        probabilities: npt.ArrayLike,
        sample_weight: npt.ArrayLike | None = None,
    ) -> LossState:
        """Add a chunk; returns ``self``."""
        y = np.asarray(y_true)
        if y.size == 0:
            return self
        w = None if sample_weight is None else np.asarray(sample_weight, np.float64).ravel()
        weight = float(y.shape[0]) if w is None else float(w.sum())
        if weight == 0:
            return self
        if self.kind == "binary_log_loss":
            mean = binary_log_loss(y, probabilities, w)
        elif self.kind == "brier":
            mean = brier(y, probabilities, w)
        else:
            p = np.asarray(probabilities, np.float64)
            mean = multiclass_log_loss(y.astype(np.int64).ravel(), p, w)
        self.total += mean * weight
        self.weight += weight
        return self

    def merge(self, other: LossState) -> LossState:
        """A new state holding both."""
        if other.kind != self.kind:
            raise InputError(f"cannot merge a {self.kind} state with a {other.kind} state")
        merged = LossState(self.kind)
        merged.total = self.total + other.total
        merged.weight = self.weight + other.weight
        return merged

    def value(self) -> float:
        """The weighted mean loss (``nan`` before any sample)."""
        return self.total / self.weight if self.weight > 0 else float("nan")
