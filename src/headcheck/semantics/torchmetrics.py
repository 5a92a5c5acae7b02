"""torchmetrics 1.9.0's accuracy family, reproduced in NumPy (torchmetrics is never imported).

What a user meets, and what headcheck therefore reproduces:

* ``torchmetrics.Accuracy(task=...)`` and ``torchmetrics.functional.accuracy`` default to
  ``average="micro"``; the task classes ``MulticlassAccuracy``/``MultilabelAccuracy`` (and
  their functions) default to ``average="macro"``.
* Floating preds for the binary and multilabel tasks are passed through a sigmoid **only if any
  value of the whole tensor lies outside [0, 1]** (decided per ``update`` call), then
  thresholded with a strict ``> threshold``: logits that happen to lie in [0, 1] are read as
  probabilities (see :func:`auto_sigmoid_applied`). Integer and boolean preds are labels.
* Multiclass preds with one more dimension than the target are reduced with ``argmax`` over
  dimension 1 (ties → lowest index); preds of the target's shape are taken as labels, so a
  one-hot target silently scores probabilities as labels (usually 0.0).
* Statistics are counts (tp, fp, tn, fn) summed over batches, so an epoch value is not the
  mean of batch values (:func:`accuracy_over_batches`).

Argument and tensor errors raise :class:`~headcheck._errors.FrameworkError` with torchmetrics'
own exception class and message. Results are float32 computations, returned as a Python float
for a scalar and a float32 array otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final, Literal

import numpy as np
import numpy.typing as npt

from headcheck._errors import InputError
from headcheck.semantics._torchmetrics_checks import (
    AnyArray,
    as_tensor,
    binary_arg_validation,
    binary_tensor_validation,
    fail,
    multiclass_arg_validation,
    multiclass_tensor_validation,
    multilabel_arg_validation,
    multilabel_tensor_validation,
)
from headcheck.semantics._torchmetrics_stats import (
    Float32Array,
    Stats,
    accuracy_reduce,
    binary_stats,
    merge_batches,
    multiclass_stats,
    multilabel_exact_match_counts,
    multilabel_format,
    multilabel_stats,
    needs_sigmoid,
    safe_divide,
)

__all__ = [
    "accuracy",
    "accuracy_over_batches",
    "auto_sigmoid_applied",
    "binary_accuracy",
    "multiclass_accuracy",
    "multilabel_accuracy",
    "multilabel_exact_match",
]

Task = Literal["binary", "multiclass", "multilabel"]
Average = Literal["micro", "macro", "weighted", "none"] | None
MultidimAverage = Literal["global", "samplewise"]

_TASKS: Final = ("binary", "multiclass", "multilabel")


def auto_sigmoid_applied(preds: npt.ArrayLike) -> bool:
    """Whether torchmetrics would pass these preds through a sigmoid before thresholding.

    True iff the preds are floating point and at least one value lies outside [0, 1]. Logits
    that all happen to lie in [0, 1] are *not* sigmoided and are thresholded as probabilities.

    >>> auto_sigmoid_applied([-0.3, 0.8, 1.4])
    True
    >>> auto_sigmoid_applied([0.3, 0.8, 0.1, 0.6])  # logits, but all inside [0, 1]
    False
    >>> auto_sigmoid_applied([3, 0, 1])  # integers are labels
    False
    """
    return needs_sigmoid(as_tensor(preds, "preds"))


def _result(values: Float32Array) -> float | Float32Array:
    return float(values) if values.ndim == 0 else values


def _tensors(preds: npt.ArrayLike, target: npt.ArrayLike) -> tuple[AnyArray, AnyArray]:
    return as_tensor(preds, "preds"), as_tensor(target, "target")


def binary_accuracy(
    preds: npt.ArrayLike,
    target: npt.ArrayLike,
    *,
    threshold: float = 0.5,
    multidim_average: MultidimAverage = "global",
    ignore_index: int | None = None,
) -> float | Float32Array:
    """``torchmetrics.functional.classification.binary_accuracy`` (and ``BinaryAccuracy``).

    >>> binary_accuracy([0.2, 0.7, 0.6, 0.4], [0, 1, 0, 0])
    0.75
    >>> binary_accuracy([0.3, 0.8, 0.1, 0.6], [1, 1, 1, 1])  # logits in [0, 1]: no sigmoid
    0.5
    >>> binary_accuracy([-1.2, 0.3, 2.0, -0.1], [0, 1, 1, 0])  # any value outside: sigmoid
    1.0
    """
    binary_arg_validation(threshold, multidim_average, ignore_index)
    p, t = _tensors(preds, target)
    binary_tensor_validation(p, t, multidim_average, ignore_index)
    stats = binary_stats(p, t, threshold, multidim_average, ignore_index)
    return _result(accuracy_reduce(stats, "binary", multidim_average))


def multiclass_accuracy(
    preds: npt.ArrayLike,
    target: npt.ArrayLike,
    *,
    num_classes: int | None = None,
    average: Average = "macro",
    top_k: int = 1,
    multidim_average: MultidimAverage = "global",
    ignore_index: int | None = None,
) -> float | Float32Array:
    """``multiclass_accuracy`` / ``MulticlassAccuracy``: note the default ``average="macro"``.

    Macro averages per-class recall over the classes that occur in target or preds.

    >>> target = [0, 0, 1, 1, 1, 2]
    >>> preds = [0, 0, 1, 1, 1, 0]
    >>> round(multiclass_accuracy(preds, target, num_classes=3), 4)
    0.6667
    >>> round(multiclass_accuracy(preds, target, num_classes=3, average="micro"), 4)
    0.8333
    >>> multiclass_accuracy([[0.1, 0.9], [0.6, 0.4]], [1, 1], num_classes=2, average=None)
    array([0. , 0.5], dtype=float32)
    """
    multiclass_arg_validation(num_classes, top_k, average, multidim_average, ignore_index)
    p, t = _tensors(preds, target)
    multiclass_tensor_validation(p, t, num_classes, multidim_average, ignore_index)
    k = int(top_k)
    stats = multiclass_stats(p, t, num_classes, k, average, multidim_average, ignore_index)
    return _result(accuracy_reduce(stats, average, multidim_average, top_k=k))


def multilabel_accuracy(
    preds: npt.ArrayLike,
    target: npt.ArrayLike,
    *,
    num_labels: int,
    threshold: float = 0.5,
    average: Average = "macro",
    multidim_average: MultidimAverage = "global",
    ignore_index: int | None = None,
) -> float | Float32Array:
    """``multilabel_accuracy`` / ``MultilabelAccuracy``: per-label (tp+tn)/all, averaged.

    Without ``ignore_index`` macro equals micro: the element-wise accuracy, 1 − Hamming loss.

    >>> target = [[0, 1, 0], [1, 0, 1], [0, 0, 1], [1, 1, 0]]
    >>> preds = [[0.1, 0.8, 0.6], [0.9, 0.2, 0.3], [0.2, 0.1, 0.7], [0.8, 0.3, 0.4]]
    >>> multilabel_accuracy(preds, target, num_labels=3)  # float32: (1 + 0.75 + 0.5) / 3
    0.7500000596046448
    """
    multilabel_arg_validation(num_labels, threshold, average, multidim_average, ignore_index)
    p, t = _tensors(preds, target)
    multilabel_tensor_validation(p, t, num_labels, multidim_average, ignore_index)
    stats = multilabel_stats(p, t, threshold, multidim_average, ignore_index)
    return _result(accuracy_reduce(stats, average, multidim_average, multilabel=True))


def multilabel_exact_match(
    preds: npt.ArrayLike,
    target: npt.ArrayLike,
    *,
    num_labels: int,
    threshold: float = 0.5,
    multidim_average: MultidimAverage = "global",
    ignore_index: int | None = None,
) -> float | Float32Array:
    """``multilabel_exact_match`` / ``MultilabelExactMatch``: subset accuracy (whole rows).

    >>> target = [[0, 1, 0], [1, 0, 1], [0, 0, 1], [1, 1, 0]]
    >>> preds = [[0.1, 0.8, 0.6], [0.9, 0.2, 0.3], [0.2, 0.1, 0.7], [0.8, 0.3, 0.4]]
    >>> multilabel_exact_match(preds, target, num_labels=3)
    0.25
    """
    multilabel_arg_validation(num_labels, threshold, None, multidim_average, ignore_index)
    p, t = _tensors(preds, target)
    multilabel_tensor_validation(p, t, num_labels, multidim_average, ignore_index)
    labels, t = multilabel_format(p, t, threshold, ignore_index)
    correct, total = multilabel_exact_match_counts(
        labels, t, num_labels, multidim_average, ignore_index
    )
    return _result(safe_divide(correct, np.asarray(total)))


def _check_task(task: object, num_classes: object, num_labels: object, top_k: object) -> Task:
    """``ClassificationTask.from_str`` and the wrapper's own type checks."""
    if not isinstance(task, str):
        raise InputError(f"`task` must be one of {', '.join(_TASKS)}, got {task!r}")
    name = task.replace("-", "_").lower()
    if name not in _TASKS:
        fail(
            "ValueError",
            "Invalid Classification: expected one of ['BINARY', 'MULTICLASS', 'MULTILABEL'], "
            f"but got {task}.",
        )
    where = f"when task is ClassificationTask.{name.upper()}"
    if name == "multiclass" and not isinstance(num_classes, int):
        fail(
            "ValueError",
            f"Optional arg `num_classes` must be type `int` {where}. Got {type(num_classes)}",
        )
    if name == "multiclass" and not isinstance(top_k, int):
        fail("ValueError", f"Optional arg `top_k` must be type `int` {where}. Got {type(top_k)}")
    if name == "multilabel" and not isinstance(num_labels, int):
        fail(
            "ValueError",
            f"Optional arg `num_labels` must be type `int` {where}. Got {type(num_labels)}",
        )
    return name  # type: ignore[return-value]


def accuracy(
    preds: npt.ArrayLike,
    target: npt.ArrayLike,
    *,
    task: str,
    threshold: float = 0.5,
    num_classes: int | None = None,
    num_labels: int | None = None,
    average: Average = "micro",
    multidim_average: MultidimAverage = "global",
    top_k: int | None = 1,
    ignore_index: int | None = None,
) -> float | Float32Array:
    """``torchmetrics.functional.accuracy`` / ``torchmetrics.Accuracy(task=...)``.

    The task wrapper defaults to ``average="micro"``, unlike the task classes.

    >>> target = [0, 0, 1, 1, 1, 2]
    >>> preds = [0, 0, 1, 1, 1, 0]
    >>> round(accuracy(preds, target, task="multiclass", num_classes=3), 4)
    0.8333
    >>> accuracy(preds, target, task="multiclass")
    Traceback (most recent call last):
    ...
    headcheck._errors.FrameworkError: torchmetrics raises ValueError: Optional arg \
`num_classes` must be type `int` when task is ClassificationTask.MULTICLASS. \
Got <class 'NoneType'>
    """
    name = _check_task(task, num_classes, num_labels, top_k)
    if name == "binary":
        return binary_accuracy(
            preds,
            target,
            threshold=threshold,
            multidim_average=multidim_average,
            ignore_index=ignore_index,
        )
    if name == "multiclass":
        return multiclass_accuracy(
            preds,
            target,
            num_classes=num_classes,
            average=average,
            top_k=top_k,  # type: ignore[arg-type]  # checked by _check_task
            multidim_average=multidim_average,
            ignore_index=ignore_index,
        )
    return multilabel_accuracy(
        preds,
        target,
        num_labels=num_labels,  # type: ignore[arg-type]  # checked by _check_task
        threshold=threshold,
        average=average,
        multidim_average=multidim_average,
        ignore_index=ignore_index,
    )


def _batch_stats(
    name: Task,
    preds: AnyArray,
    target: AnyArray,
    *,
    threshold: float,
    num_classes: int | None,
    num_labels: int | None,
    average: Average,
    multidim_average: str,
    top_k: int,
    ignore_index: int | None,
) -> Stats:
    """One ``update`` call: tensor validation, format (sigmoid decided here), counts."""
    if name == "binary":
        binary_tensor_validation(preds, target, multidim_average, ignore_index)
        return binary_stats(preds, target, threshold, multidim_average, ignore_index)
    if name == "multiclass":
        multiclass_tensor_validation(preds, target, num_classes, multidim_average, ignore_index)
        return multiclass_stats(
            preds, target, num_classes, top_k, average, multidim_average, ignore_index
        )
    assert num_labels is not None
    multilabel_tensor_validation(preds, target, num_labels, multidim_average, ignore_index)
    return multilabel_stats(preds, target, threshold, multidim_average, ignore_index)


def accuracy_over_batches(
    batches: Iterable[tuple[npt.ArrayLike, npt.ArrayLike]],
    *,
    task: str,
    threshold: float = 0.5,
    num_classes: int | None = None,
    num_labels: int | None = None,
    average: Average = "micro",
    multidim_average: MultidimAverage = "global",
    top_k: int | None = 1,
    ignore_index: int | None = None,
) -> float | Float32Array:
    """``Accuracy(task=...)`` after one ``update(preds, target)`` per batch, then ``compute()``.

    Counts accumulate across batches, so the result is not the mean of batch accuracies, and
    the sigmoid-or-not decision is taken per batch. Pass ``average="macro"`` to reproduce
    ``MulticlassAccuracy``/``MultilabelAccuracy`` constructed with their own defaults.

    >>> batches = [([0.9, 0.1, 0.2, 0.8], [1, 1, 0, 0]), ([0.7, 0.3], [1, 0])]
    >>> round(accuracy_over_batches(batches, task="binary"), 4)  # 4/6, not (0.5 + 1.0) / 2
    0.6667
    """
    name = _check_task(task, num_classes, num_labels, top_k)
    k = 1
    if name == "binary":
        binary_arg_validation(threshold, multidim_average, ignore_index)
    elif name == "multiclass":
        multiclass_arg_validation(num_classes, top_k, average, multidim_average, ignore_index)
        k = int(top_k)  # type: ignore[arg-type]  # checked by _check_task
    else:
        multilabel_arg_validation(num_labels, threshold, average, multidim_average, ignore_index)
    parts = [
        _batch_stats(
            name,
            *_tensors(preds, target),
            threshold=threshold,
            num_classes=num_classes,
            num_labels=num_labels,
            average=average,
            multidim_average=multidim_average,
            top_k=k,
            ignore_index=ignore_index,
        )
        for preds, target in batches
    ]
    if not parts:
        raise InputError("no batches given; torchmetrics would compute on an empty state")
    stats = merge_batches(parts, multidim_average)
    reduce_average = "binary" if name == "binary" else average
    value = accuracy_reduce(
        stats, reduce_average, multidim_average, multilabel=name == "multilabel", top_k=k
    )
    # Metric.compute is wrapped in _squeeze_if_scalar: a one-element result becomes 0-d
    return _result(value.reshape(()) if value.size == 1 else value)
