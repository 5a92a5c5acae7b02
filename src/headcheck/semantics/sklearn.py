"""scikit-learn 1.9.1's target types and accuracy, reproduced in NumPy (sklearn never imported).

* :func:`type_of_target` sorts labels into scikit-learn's closed set of strings; a classifier's
  probabilities or logits are ``'continuous'`` (or ``'continuous-multioutput'``).
* :func:`accuracy_score` refuses a mix of types, so ``accuracy_score(y, probabilities)`` raises
  "Classification metrics can't handle a mix of binary and continuous targets": scikit-learn
  never thresholds. For multilabel indicators it is *subset* accuracy (whole rows must match),
  while :func:`hamming_loss` is the fraction of wrong labels.

Refusals raise :class:`~headcheck._errors.FrameworkError` carrying scikit-learn's exception
class and message. Results are float64, as scikit-learn's.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import numpy.typing as npt

from headcheck.semantics._sklearn_checks import (
    AnyArray,
    as_label_array,
    assert_all_finite,
    check_array_like,
    check_consistent_length,
    check_normalize,
    check_sample_weight,
    fail,
    num_samples,
)

__all__ = ["TargetType", "accuracy_score", "hamming_loss", "type_of_target"]

TargetType = Literal[
    "binary",
    "multiclass",
    "continuous",
    "multilabel-indicator",
    "continuous-multioutput",
    "multiclass-multioutput",
    "unknown",
]
ClassificationType = Literal["binary", "multiclass", "multilabel-indicator"]


def _unique(array: AnyArray) -> AnyArray:
    try:
        return np.unique(array)
    except TypeError as exc:  # unorderable objects, as np.unique raises inside scikit-learn
        fail("TypeError", str(exc))


def _is_integral_float(values: AnyArray) -> bool:
    if values.dtype.kind != "f":
        return False
    with np.errstate(invalid="ignore"):
        return bool(np.all(values.astype(np.int64).astype(values.dtype) == values))


def _is_multilabel(array: AnyArray) -> bool:
    """``sklearn.utils.multiclass.is_multilabel`` on a converted array."""
    if not (array.ndim == 2 and array.shape[1] > 1):
        return False
    labels = _unique(array)
    return labels.shape[0] < 3 and (array.dtype.kind in "biu" or _is_integral_float(labels))


def type_of_target(y: npt.ArrayLike, *, input_name: str = "") -> TargetType:
    """``sklearn.utils.multiclass.type_of_target``: what kind of labels ``y`` holds.

    >>> type_of_target([0, 1, 1, 0]), type_of_target(["a", "b"]), type_of_target([[0], [1]])
    ('binary', 'binary', 'binary')
    >>> type_of_target([1, 2, 3]), type_of_target([0.1, 0.9, 0.6])
    ('multiclass', 'continuous')
    >>> type_of_target([[0, 1], [1, 1]]), type_of_target([[0.1, 0.9], [0.3, 0.4]])
    ('multilabel-indicator', 'continuous-multioutput')
    >>> type_of_target([[1, 2], [3, 4]]), type_of_target([[[1]]])
    ('multiclass-multioutput', 'unknown')
    """
    valid = isinstance(y, Sequence) or hasattr(y, "__array__")
    if not valid or isinstance(y, str):
        fail("ValueError", f"Expected array-like (array or non-string sequence), got {y!r}")
    array = as_label_array(y)
    if _is_multilabel(array):
        return "multilabel-indicator"
    first: object = None
    if array.ndim > 0 and array.shape[0] > 0:
        first = array[0]
        if isinstance(first, bytes):
            fail(
                "TypeError",
                "Support for labels represented as bytes is not supported. Convert the labels "
                "to a string or integer format.",
            )
        if (
            not hasattr(first, "__array__")
            and isinstance(first, Sequence)
            and not isinstance(first, str)
        ):
            fail(
                "ValueError",
                "You appear to be using a legacy multi-label data representation. Sequence of "
                "sequences are no longer supported; use a binary array or sparse matrix instead "
                "- the MultiLabelBinarizer transformer can convert to this format.",
            )
    if array.ndim not in (1, 2):
        return "unknown"
    if not min(array.shape):
        return "binary" if array.ndim == 1 else "unknown"
    if array.dtype == object and not isinstance(array.flat[0], str):
        return "unknown"
    multioutput = array.ndim == 2 and array.shape[1] > 1
    if array.dtype.kind == "f" and not _is_integral_float(array):
        assert_all_finite(array, input_name)
        return "continuous-multioutput" if multioutput else "continuous"
    if _unique(array).shape[0] > 2 or multioutput:  # a 2-D row of more than one label
        return "multiclass-multioutput" if multioutput else "multiclass"
    return "binary"


def _check_targets(
    y_true: npt.ArrayLike, y_pred: npt.ArrayLike, sample_weight: npt.ArrayLike | None
) -> tuple[ClassificationType, AnyArray, AnyArray, AnyArray | None]:
    """``sklearn.metrics._classification._check_targets``, in scikit-learn's order."""
    check_consistent_length(y_true, y_pred, sample_weight)
    type_true = type_of_target(y_true, input_name="y_true")
    type_pred = type_of_target(y_pred, input_name="y_pred")
    if num_samples(y_true) < 1 or num_samples(y_pred) < 1:
        fail(
            "ValueError",
            "Found empty input array (e.g., `y_true` or `y_pred`) while a minimum of 1 sample "
            "is required.",
        )
    weights = None
    if sample_weight is not None:
        weights = check_sample_weight(sample_weight, num_samples(y_true))
    types = {type_true, type_pred}
    if types == {"binary", "multiclass"}:
        types = {"multiclass"}
    if len(types) > 1:
        fail(
            "ValueError",
            f"Classification metrics can't handle a mix of {type_true} and {type_pred} targets",
        )
    kind = types.pop()
    if kind not in ("binary", "multiclass", "multilabel-indicator"):
        fail("ValueError", f"{kind} is not supported")
    true, pred = as_label_array(y_true), as_label_array(y_pred)
    if kind == "multilabel-indicator":
        if true.shape[1] != pred.shape[1]:
            fail(
                "ValueError", "Multi-label binary indicator input with different numbers of labels"
            )
        return "multilabel-indicator", true, pred, weights
    true, pred = true.reshape(-1), pred.reshape(-1)  # column_or_1d: (n,) or (n, 1)
    labels = {*_unique(true).tolist(), *_unique(pred).tolist()}
    if len({isinstance(label, str) for label in labels}) > 1:
        fail(
            "ValueError",
            "Mix of label input types (string and number); "
            f"Got {_unique(true)} and {_unique(pred)}.",
        )
    return ("binary" if kind == "binary" else "multiclass"), true, pred, weights


def _average(values: AnyArray, weights: AnyArray | None) -> float:
    """``np.average`` as ``sklearn.utils._array_api._average`` calls it."""
    try:
        return float(np.average(values, weights=weights))
    except ZeroDivisionError as exc:
        fail("ZeroDivisionError", str(exc))


def accuracy_score(
    y_true: npt.ArrayLike,
    y_pred: npt.ArrayLike,
    *,
    normalize: bool = True,
    sample_weight: npt.ArrayLike | None = None,
) -> float:
    """``sklearn.metrics.accuracy_score``; subset accuracy for multilabel indicators.

    >>> accuracy_score([0, 1, 1, 0], [0, 1, 0, 0])
    0.75
    >>> accuracy_score([[0, 1], [1, 1]], [[0, 1], [1, 0]])  # whole rows must match
    0.5
    >>> accuracy_score(["cat", "dog"], ["cat", "cat"], normalize=False)
    1.0
    >>> accuracy_score([0, 1, 1, 0], [0.2, 0.7, 0.6, 0.4])
    Traceback (most recent call last):
    ...
    headcheck._errors.FrameworkError: sklearn raises ValueError: Classification metrics \
can't handle a mix of binary and continuous targets
    """
    check_array_like(y_true, "y_true", "accuracy_score", optional=False)
    check_array_like(y_pred, "y_pred", "accuracy_score", optional=False)
    check_normalize(normalize, "accuracy_score")
    check_array_like(sample_weight, "sample_weight", "accuracy_score", optional=True)
    kind, true, pred, weights = _check_targets(y_true, y_pred, sample_weight)
    if kind == "multilabel-indicator":
        score = ~np.any(true != pred, axis=1)
    else:
        score = np.asarray(true == pred)
    if normalize:
        return _average(score, weights)
    if weights is None:
        return float(np.sum(score, dtype=np.float64))
    return float(np.dot(score, weights))


def hamming_loss(
    y_true: npt.ArrayLike,
    y_pred: npt.ArrayLike,
    *,
    sample_weight: npt.ArrayLike | None = None,
) -> float:
    """``sklearn.metrics.hamming_loss``: the fraction of labels that are wrong.

    For multilabel indicators it is 1 − element-wise accuracy (Keras' and torchmetrics'
    multilabel accuracy); for single-label targets it is 1 − accuracy.

    >>> hamming_loss([[0, 1], [1, 1]], [[0, 1], [1, 0]])
    0.25
    """
    check_array_like(y_true, "y_true", "hamming_loss", optional=False)
    check_array_like(y_pred, "y_pred", "hamming_loss", optional=False)
    check_array_like(sample_weight, "sample_weight", "hamming_loss", optional=True)
    kind, true, pred, weights = _check_targets(y_true, y_pred, sample_weight)
    if kind != "multilabel-indicator":
        return _average(np.asarray(true != pred), weights)
    differing = np.count_nonzero(true != pred, axis=1)
    cells = int(true.shape[0]) * int(true.shape[1])
    if weights is None:
        return float(differing.sum()) / cells
    mean_weight = np.float64(np.average(weights))
    with np.errstate(divide="ignore", invalid="ignore"):  # weights of mixed sign summing to 0
        return float(np.float64(np.dot(differing, weights)) / (cells * mean_weight))
