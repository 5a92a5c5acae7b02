"""Keras's accuracy metrics, number for number (NumPy only).

Each function returns what the target's metric reports after one
``update_state(y_true, y_pred, sample_weight)`` on the given arrays — for ``keras2.2``, which had
no metric objects, what ``fit``/``evaluate`` reported for the batch:

==============  ====================================================================
target          what is reproduced
==============  ====================================================================
``keras2.2``    ``K.mean(K.equal(y_true, K.round(y_pred)), -1)`` (round half to even),
                weighted as ``mean(w·s) / mean(w ≠ 0)`` (``weighted_masked_objective``)
``keras2.3``    ``MeanMetricWrapper``; ``binary_accuracy`` still rounds at threshold 0.5
``tf.keras``    tf-keras 2.21 classes: float32 inputs, strict ``y_pred > threshold``
``keras3``      Keras 3 classes: the inputs' own dtype, strict ``>``; backend-specific
                ``in_top_k`` limits (``tensorflow`` needs float32 scores, ``torch`` k ≤ C)
==============  ====================================================================

Shared by all: ``argmax`` ties go to the lowest index; a label equals a prediction only when it
is exactly 0 or 1 (soft labels never match); ``in_top_k`` counts a tie straddling ``k`` as a hit;
a sample's values are averaged before the sample weights apply. ``keras2.2``/``keras2.3`` are read
from the Keras 2.2.4/2.3.1 sources (TensorFlow backend) and cannot be run on Python ≥ 3.8;
``keras3`` with ``backend="jax"`` is read from source (float64 arrays become float32).
"""

from __future__ import annotations

from typing import Any, Final

import numpy as np
import numpy.typing as npt

from headcheck._errors import FrameworkError, InputError
from headcheck.semantics._arrays import FloatArray
from headcheck.semantics._keras import (
    KerasInput,
    keras_input,
    keras_target,
    keras_weights,
    model_shaped,
    reduce_mean_metric,
    squeeze_pair,
)
from headcheck.targets import Backend, Target

__all__ = [
    "binary_accuracy",
    "categorical_accuracy",
    "sparse_categorical_accuracy",
    "sparse_top_k_categorical_accuracy",
    "top_k_categorical_accuracy",
]

BoolArray = npt.NDArray[np.bool_]

_TF_DTYPE_NAMES: Final[dict[str, str]] = {"float64": "double", "float16": "half"}


def _inputs(
    y_true: object, y_pred: object, target: Target, backend: Backend | None
) -> tuple[KerasInput, KerasInput]:
    true = keras_input(y_true, "y_true", target, backend)
    pred = keras_input(y_pred, "y_pred", target, backend)
    true.values = model_shaped(true.values, target)
    pred.values = model_shaped(pred.values, target)
    return true, pred


def _same_batch(true: FloatArray, pred: FloatArray) -> None:
    if true.shape[:1] != pred.shape[:1]:
        raise InputError(
            f"`y_true` has {true.shape[0]} samples but `y_pred` has {pred.shape[0]} "
            f"(shapes {true.shape} and {pred.shape}); pass one label row per prediction row"
        )


def _class_scores(pred: FloatArray, metric: str) -> None:
    if pred.ndim < 2:
        raise InputError(
            f"{metric} expects class scores of shape (N, C); got `y_pred` of shape {pred.shape}. "
            "For a single-unit output use binary_accuracy."
        )


def _finish(values: npt.NDArray[Any], sample_weight: object | None, target: Target) -> float:
    values = np.atleast_1d(values)
    return reduce_mean_metric(values, keras_weights(sample_weight, values.shape[0], target), target)


def binary_accuracy(
    y_true: object,
    y_pred: object,
    *,
    threshold: float = 0.5,
    sample_weight: object | None = None,
    target: str = "tf.keras",
    backend: str | None = None,
) -> float:
    """``BinaryAccuracy(threshold)``: how often ``(y_pred > threshold)`` equals ``y_true``.

    Multi-label rows count each label (row mean), then rows are averaged. The threshold is
    strict, and Keras 2 compares in float32, so 0.5 and 0.50000001 both predict 0 there.

    >>> y, p = [[0, 0, 0], [0, 1, 1]], [[-0.1] * 3, [0.1] * 3]
    >>> round(binary_accuracy(y, p), 4), round(binary_accuracy(y, p, threshold=0.0), 4)
    (0.6667, 0.8333)
    >>> binary_accuracy([1.0], np.array([0.50000001]), target="keras3")  # float64 kept
    1.0
    >>> binary_accuracy([0, 1, 1, 0, 0], [0.5, 1.0, 2.3, -0.7, 0.2], target="keras2.2")
    0.6
    """
    checked, checked_backend = keras_target(target, backend, "binary_accuracy")
    if checked == "keras2.2" and threshold != 0.5:
        raise FrameworkError(
            "keras2.2",
            "TypeError",
            "binary_accuracy() got an unexpected keyword argument "
            "'threshold' (Keras ≤ 2.2 always rounds y_pred)",
        )
    true_input, pred_input = _inputs(y_true, y_pred, checked, checked_backend)
    true, pred = true_input.values, pred_input.values
    if checked != "keras2.2":
        true, pred = squeeze_pair(true, pred)
    _same_batch(true, pred)
    cut = float(np.float32(threshold))
    if checked == "keras2.2" or (checked == "keras2.3" and threshold == 0.5):
        predicted = np.round(pred)  # K.round: half to even, so logits 2.3 → 2 never match
    else:
        predicted = (pred > cut).astype(np.float64)
    try:
        matches = np.equal(true, predicted)
    except ValueError:
        raise InputError(
            f"`y_true` of shape {true.shape} and `y_pred` of shape {pred.shape} cannot be "
            "compared element-wise; use the same shape (or one label column)"
        ) from None
    values = matches.mean(axis=-1) if checked in ("keras2.2", "keras2.3") else matches
    return _finish(values, sample_weight, checked)


def categorical_accuracy(
    y_true: object,
    y_pred: object,
    *,
    sample_weight: object | None = None,
    target: str = "tf.keras",
    backend: str | None = None,
) -> float:
    """``CategoricalAccuracy``: ``argmax(y_true) == argmax(y_pred)``, ties to the lowest index.

    On multi-hot labels only the first positive label counts (an all-zero row means class 0).

    >>> categorical_accuracy([[0, 1, 0]], [[0.4, 0.4, 0.2]])  # the tie goes to class 0
    0.0
    >>> categorical_accuracy([[0, 1, 1], [0, 0, 0]], [[0.1, 0.2, 0.7], [0.6, 0.3, 0.1]])
    0.5
    """
    checked, checked_backend = keras_target(target, backend, "categorical_accuracy")
    true_input, pred_input = _inputs(y_true, y_pred, checked, checked_backend)
    true, pred = true_input.values, pred_input.values
    if checked in ("keras2.3", "tf.keras"):
        true, pred = squeeze_pair(true, pred)
    if true.ndim < 2:
        raise InputError(
            f"categorical_accuracy expects one-hot `y_true` of shape (N, C); got {true.shape}. "
            "For integer labels use sparse_categorical_accuracy."
        )
    _class_scores(pred, "categorical_accuracy")
    if true.shape[:-1] != pred.shape[:-1]:
        raise InputError(
            f"`y_true` of shape {true.shape} and `y_pred` of shape {pred.shape} differ "
            "before the class axis"
        )
    return _finish(np.argmax(true, axis=-1) == np.argmax(pred, axis=-1), sample_weight, checked)


def _sparse_labels(true: KerasInput, pred: KerasInput, target: Target, metric: str) -> FloatArray:
    """The label array that a sparse metric compares with ``argmax(y_pred)``."""
    labels = true.rounded_to(pred.dtype) if target == "keras3" else true.values
    scores = pred.values
    if target == "tf.keras":
        labels, scores = squeeze_pair(labels, scores)
    _class_scores(scores, metric)
    batch = scores.shape[:-1]
    if target == "keras2.2" and scores.ndim > 2:
        raise InputError(f"Keras ≤ 2.2's {metric} flattens `y_true` and takes only (N, C) scores")
    if target in ("keras2.3", "tf.keras") and labels.ndim == scores.ndim:
        if labels.shape[-1] != 1:
            raise FrameworkError(
                target,
                "InvalidArgumentError",
                f"Can not squeeze dim[{labels.ndim - 1}], expected a dimension of 1, "
                f"got {labels.shape[-1]}",
            )
        labels = labels[..., 0]
    elif labels.shape == (*batch, 1):
        labels = labels[..., 0]
    if labels.shape != batch:
        raise InputError(
            f"{metric} expects integer labels of shape {batch} or {(*batch, 1)} for `y_pred` "
            f"of shape {scores.shape}; got `y_true` of shape {true.shape}"
        )
    return labels


def sparse_categorical_accuracy(
    y_true: object,
    y_pred: object,
    *,
    sample_weight: object | None = None,
    target: str = "tf.keras",
    backend: str | None = None,
) -> float:
    """``SparseCategoricalAccuracy``: integer labels, shape ``(N,)`` or ``(N, 1)``, vs argmax.

    Labels are compared exactly as floats: 2.0 matches class 2, 1.7 never matches anything.

    >>> sparse_categorical_accuracy([[2], [1]], [[0.1, 0.6, 0.3], [0.05, 0.95, 0.0]])
    0.5
    >>> sparse_categorical_accuracy([1.7, 1.0], [[0.1, 0.8, 0.1], [0.1, 0.8, 0.1]])
    0.5
    """
    checked, checked_backend = keras_target(target, backend, "sparse_categorical_accuracy")
    true, pred = _inputs(y_true, y_pred, checked, checked_backend)
    labels = _sparse_labels(true, pred, checked, "sparse_categorical_accuracy")
    return _finish(labels == np.argmax(pred.values, axis=-1), sample_weight, checked)


def _in_top_k(
    scores: FloatArray,
    labels: npt.NDArray[np.int64],
    k: int,
    pred: KerasInput,
    target: Target,
    backend: Backend | None,
) -> BoolArray:
    """``in_top_k``: the label's score has fewer than ``k`` scores strictly above it."""
    classes = scores.shape[-1]
    flat_scores = scores.reshape(-1, classes)
    flat_labels = labels.reshape(-1)
    valid = (flat_labels >= 0) & (flat_labels < classes)
    if target == "keras3" and backend == "tensorflow" and pred.dtype != np.float32:
        name = _TF_DTYPE_NAMES.get(pred.dtype.name, pred.dtype.name)
        raise FrameworkError(
            "keras3",
            "InvalidArgumentError",
            "cannot compute InTopKV2 as input #0(zero-based) was expected to be a float tensor "
            f"but is a {name} tensor (pass float32 scores, as a model outputs)",
        )
    if target == "keras3" and backend in ("torch", "jax") and not valid.all():
        raise InputError(
            f"labels must lie in [0, {classes}) for Keras 3 on {backend}, which reads the score "
            "at each label without a bounds check; "
            f"got {flat_labels[~valid][0]} (TensorFlow counts such a label as a miss)"
        )
    if target == "keras3" and backend == "torch" and k > classes:
        raise FrameworkError("keras3", "RuntimeError", "selected index k out of range")
    safe = np.where(valid, flat_labels, 0)
    at_label = flat_scores[np.arange(flat_scores.shape[0]), safe]
    above = np.count_nonzero(flat_scores > at_label[:, None], axis=-1)
    hits: BoolArray = valid & (above < k)
    return hits.reshape(labels.shape)


def _check_k(k: int) -> None:
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 0:
        raise InputError(f"`k` must be a whole number ≥ 0; got {k!r}")


def _top_k_result(hits: BoolArray, sample_weight: object | None, target: Target) -> float:
    if target != "keras2.2":
        return _finish(hits, sample_weight, target)
    # Keras ≤ 2.2 took K.mean(in_top_k(...), axis=-1) over the batch: one scalar per batch,
    # which weighted_masked_objective then multiplies by every weight.
    accuracy = float(hits.mean())
    weights = keras_weights(sample_weight, hits.shape[0], target)
    return reduce_mean_metric(np.full(hits.shape[0], accuracy), weights, target)


def top_k_categorical_accuracy(
    y_true: object,
    y_pred: object,
    *,
    k: int = 5,
    sample_weight: object | None = None,
    target: str = "tf.keras",
    backend: str | None = None,
) -> float:
    """``TopKCategoricalAccuracy(k)``: is ``argmax(y_true)`` among the ``k`` highest scores?

    Scores tied with the k-th highest count as inside the top k.

    >>> top_k_categorical_accuracy([[0, 1, 0]], [[0.4, 0.4, 0.2]], k=1)  # tie counts as a hit
    1.0
    >>> top_k_categorical_accuracy([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]], k=1)
    0.5
    """
    _check_k(k)
    checked, checked_backend = keras_target(target, backend, "top_k_categorical_accuracy")
    true_input, pred_input = _inputs(y_true, y_pred, checked, checked_backend)
    true = true_input.rounded_to(pred_input.dtype) if checked == "keras3" else true_input.values
    pred = pred_input.values
    if checked in ("keras2.3", "tf.keras"):
        true, pred = squeeze_pair(true, pred)
    _class_scores(pred, "top_k_categorical_accuracy")
    if true.ndim < 2 or true.shape[:-1] != pred.shape[:-1]:
        raise InputError(
            f"top_k_categorical_accuracy expects one-hot `y_true` of shape {pred.shape[:-1]} + "
            f"(C,); got {true.shape}. For integer labels use sparse_top_k_categorical_accuracy."
        )
    if checked in ("keras2.2", "keras2.3") and pred.ndim != 2:
        raise InputError("Keras ≤ 2.3's in_top_k takes only (N, C) scores")
    labels = np.argmax(true, axis=-1).astype(np.int64)
    hits = _in_top_k(pred, labels, k, pred_input, checked, checked_backend)
    return _top_k_result(hits, sample_weight, checked)


def sparse_top_k_categorical_accuracy(
    y_true: object,
    y_pred: object,
    *,
    k: int = 5,
    sample_weight: object | None = None,
    target: str = "tf.keras",
    backend: str | None = None,
) -> float:
    """``SparseTopKCategoricalAccuracy(k)``: is the integer label among the top ``k`` scores?

    Labels are cast to int32 first, which truncates: 1.7 is read as class 1 (unlike
    :func:`sparse_categorical_accuracy`, where 1.7 never matches).

    >>> sparse_top_k_categorical_accuracy([1.7], [[0.1, 0.8, 0.1]], k=1)
    1.0
    >>> sparse_top_k_categorical_accuracy([[2], [1]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]], k=2)
    1.0
    """
    _check_k(k)
    metric = "sparse_top_k_categorical_accuracy"
    checked, checked_backend = keras_target(target, backend, metric)
    true, pred = _inputs(y_true, y_pred, checked, checked_backend)
    labels, scores = true.values, pred.values
    if checked in ("keras2.3", "tf.keras"):
        labels, scores = squeeze_pair(labels, scores)
    _class_scores(scores, metric)
    if checked in ("keras2.2", "keras2.3") and scores.ndim != 2:
        raise InputError("Keras ≤ 2.3's in_top_k takes only (N, C) scores")
    batch = scores.shape[:-1]
    if labels.shape not in (batch, (*batch, 1)):
        raise InputError(
            f"{metric} expects integer labels of shape {batch} or {(*batch, 1)} for `y_pred` "
            f"of shape {scores.shape}; got `y_true` of shape {true.shape}"
        )
    # tf.cast / torch .to(int32) truncate toward zero; clip first so that huge labels stay misses
    truncated = np.clip(np.trunc(labels), -(2**31), 2**31 - 1).reshape(batch).astype(np.int64)
    hits = _in_top_k(scores, truncated, k, pred, checked, checked_backend)
    return _top_k_result(hits, sample_weight, checked)
