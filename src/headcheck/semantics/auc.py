"""Keras's ``AUC`` metric, number for number (NumPy only, vectorised over thresholds).

Keras approximates the area on a fixed grid: ``num_thresholds`` thresholds
``[-ε, 1/(n-1), …, (n-2)/(n-1), 1+ε]`` (ε = 1e-7), a score counting positive at a threshold
when ``score > threshold`` in float32, a label counting positive when it is non-zero. From the
per-threshold TP/FP/TN/FN it sums a ROC trapezoid, a PR curve interpolated after Davis &
Goadrich (``interpolate_pr_auc``), a PR-gain curve, or lower/upper Riemann sums ("minoring",
"majoring"). ``multi_label=False`` flattens every label into one curve (sklearn's micro
average); ``True`` averages per-label areas (macro), weighted by ``label_weights`` if given.

Generations differ in how scores reach the thresholds:

* ``tf.keras`` and ``keras3`` with the default grid (or any evenly spaced ``thresholds``) clip
  scores to [0, 1] and bucket them as ``ceil(score·(n−1)) − 1`` in float32, so logits passed
  without ``from_logits=True`` are clipped, not rejected;
* with unevenly spaced ``thresholds``, and always in ``keras2.3`` (Keras 2.3.1, read from
  source), scores are compared with each threshold directly and never clipped;
* ``keras2.3`` has no ``multi_label``, ``label_weights``, ``from_logits`` or PR-gain curve, and
  Keras ≤ 2.2 has no AUC metric at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from headcheck._errors import FrameworkError, InputError, UnknownNameError
from headcheck.semantics._arrays import FloatArray, as_float_array
from headcheck.semantics._keras import (
    divide_no_nan,
    keras_input,
    keras_target,
    keras_weights,
    round_to,
    squeeze_pair,
)
from headcheck.semantics.activations import sigmoid
from headcheck.targets import Target

__all__ = ["keras_auc"]

EPSILON: Final = 1e-7
_FLOAT32: Final = np.dtype(np.float32)

_CURVES: Final[dict[str, tuple[str, ...]]] = {
    "keras2.3": ("ROC", "roc", "PR", "pr"),
    "tf.keras": ("ROC", "roc", "PR", "pr", "PR_GAIN", "pr_gain", "PRGAIN", "prgain"),
    "keras3": ("ROC", "roc", "PR", "pr", "PRGAIN", "prgain"),
}
_SUMMATIONS: Final = (
    "interpolation",
    "Interpolation",
    "majoring",
    "Majoring",
    "minoring",
    "Minoring",
)


def _grid(
    num_thresholds: int, thresholds: Sequence[float] | None, target: Target
) -> tuple[FloatArray, bool]:
    """The float32 thresholds Keras compares with, and whether they are evenly spaced."""
    if thresholds is not None:
        given = list(thresholds)
        inner = sorted(float(t) for t in as_float_array(given, "thresholds")) if given else []
        n = len(inner) + 2
        even = np.arange(n, dtype=np.float32) / (n - 1)
        evenly = n >= 3 and bool(np.allclose([0.0, *inner, 1.0], even, atol=EPSILON))
    else:
        if isinstance(num_thresholds, bool) or not isinstance(num_thresholds, (int, np.integer)):
            raise InputError(f"`num_thresholds` must be an integer; got {num_thresholds!r}")
        if num_thresholds <= 1:
            message = (
                "`num_thresholds` must be > 1."
                if target == "keras2.3"
                else "Argument `num_thresholds` must be an integer > 1. "
                f"Received: num_thresholds={num_thresholds}"
            )
            raise FrameworkError(target, "ValueError", message)
        inner = [(i + 1) * 1.0 / (num_thresholds - 1) for i in range(num_thresholds - 2)]
        evenly = True
    grid = np.array([0.0 - EPSILON, *inner, 1.0 + EPSILON])
    return round_to(grid, _FLOAT32), evenly and target != "keras2.3"


def _passed(scores: FloatArray, grid: FloatArray, evenly: bool) -> tuple[npt.NDArray[np.intp], Any]:
    """For each score, how many thresholds (in sorted order) it exceeds, and that order."""
    n = grid.shape[0]
    if evenly:
        # _update_confusion_matrix_variables_optimized: clip, then bucket in float32
        clipped = np.clip(scores, 0.0, 1.0).astype(np.float32)
        bucket = np.ceil(clipped * np.float32(n - 1)) - np.float32(1)
        return np.maximum(bucket, 0).astype(np.intp) + 1, None
    order = np.argsort(grid, kind="stable")
    return np.searchsorted(grid[order], scores, side="left").astype(np.intp), order


def _confusion(
    scores: FloatArray,
    positive: npt.NDArray[np.bool_],
    weights: FloatArray,
    grid: FloatArray,
    evenly: bool,
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """TP, FP, TN, FN of shape (labels, thresholds); ``scores`` etc. are (samples, labels)."""
    n = grid.shape[0]
    labels = scores.shape[1]
    passed, order = _passed(scores, grid, evenly)
    slots = (passed + (n + 1) * np.arange(labels)).ravel()

    def exceeding(w: FloatArray) -> FloatArray:
        counts = np.bincount(slots, weights=w.ravel(), minlength=labels * (n + 1)).astype(float)
        at_least = np.cumsum(counts.reshape(labels, n + 1)[:, ::-1], axis=1)[:, ::-1]
        by_rank: FloatArray = at_least[:, 1:]  # scores passing sorted threshold j: passed >= j + 1
        if order is None:
            return by_rank
        result = np.empty_like(by_rank)
        result[:, order] = by_rank
        return result

    pos_weights = np.where(positive, weights, 0.0)
    neg_weights = np.where(positive, 0.0, weights)
    tp, fp = exceeding(pos_weights), exceeding(neg_weights)
    fn = pos_weights.sum(axis=0)[:, None] - tp
    tn = neg_weights.sum(axis=0)[:, None] - fp
    return tp, fp, tn, fn


def _interpolate_pr(tp: FloatArray, fp: FloatArray, fn: FloatArray) -> FloatArray:
    """``AUC.interpolate_pr_auc``: precision interpolated between thresholds, per label."""
    dtp = tp[:, :-1] - tp[:, 1:]
    p = tp + fp
    dp = p[:, :-1] - p[:, 1:]
    slope = divide_no_nan(dtp, np.maximum(dp, 0.0))
    intercept = tp[:, 1:] - slope * p[:, 1:]
    both = (p[:, :-1] > 0) & (p[:, 1:] > 0)
    ratio = np.where(both, divide_no_nan(p[:, :-1], np.maximum(p[:, 1:], 0.0)), 1.0)
    with np.errstate(divide="ignore"):
        log_ratio = np.log(np.where(both, ratio, 1.0))
    increment = divide_no_nan(
        slope * (dtp + intercept * log_ratio), np.maximum(tp[:, 1:] + fn[:, 1:], 0.0)
    )
    return np.asarray(increment.sum(axis=1))


def _riemann(
    tp: FloatArray, fp: FloatArray, tn: FloatArray, fn: FloatArray, curve: str, summation: str
) -> FloatArray:
    """``AUC.result`` for every curve but interpolated PR, per label."""
    recall = divide_no_nan(tp, tp + fn)
    if curve == "roc":
        x, y = divide_no_nan(fp, fp + tn), recall
    elif curve == "pr":
        x, y = recall, divide_no_nan(tp, tp + fp)
    else:
        scale = divide_no_nan(tp + fn, fp + tn)
        recall_gain = np.where(tp == 0, 0.0, 1.0 - scale * divide_no_nan(fn, tp))
        precision_gain = np.where(tp == 0, 1.0, 1.0 - scale * divide_no_nan(fp, tp))
        x, y = np.maximum(recall_gain, 0.0), precision_gain
    if summation == "interpolation":
        heights = (y[:, :-1] + y[:, 1:]) / 2.0
    elif summation == "minoring":
        heights = np.minimum(y[:, :-1], y[:, 1:])
    else:
        heights = np.maximum(y[:, :-1], y[:, 1:])
    return np.asarray(((x[:, :-1] - x[:, 1:]) * heights).sum(axis=1))


def _options(
    target: Target,
    curve: str,
    summation_method: str,
    multi_label: bool,
    from_logits: bool,
    label_weights: object | None,
) -> tuple[str, str]:
    if target == "keras2.3":
        for name, value in (("multi_label", multi_label), ("from_logits", from_logits)):
            if value:
                raise FrameworkError(
                    "keras2.3",
                    "TypeError",
                    f"__init__() got an unexpected keyword argument '{name}'",
                )
        if label_weights is not None:
            raise FrameworkError(
                "keras2.3",
                "TypeError",
                "__init__() got an unexpected keyword argument 'label_weights'",
            )
    if curve not in _CURVES[target]:
        raise UnknownNameError(f"AUC curve for {target}", curve, _CURVES[target])
    if summation_method not in _SUMMATIONS:
        raise UnknownNameError("AUC summation_method", summation_method, _SUMMATIONS)
    return curve.lower().replace("_", ""), summation_method.lower()


def keras_auc(
    y_true: object,
    y_pred: object,
    *,
    num_thresholds: int = 200,
    curve: str = "ROC",
    summation_method: str = "interpolation",
    multi_label: bool = False,
    from_logits: bool = False,
    label_weights: object | None = None,
    sample_weight: object | None = None,
    thresholds: Sequence[float] | None = None,
    target: str = "tf.keras",
    backend: str | None = None,
) -> float:
    """What ``keras.metrics.AUC(...)`` reports after one ``update_state(y_true, y_pred, w)``.

    >>> y = [1, 1, 0, 1, 0, 1, 0, 0]
    >>> p = [0.9, 0.8, 0.7, 0.6, 0.45, 0.4, 0.3, 0.2]
    >>> round(keras_auc(y, p), 4), round(keras_auc(y, p, curve="PR"), 4)
    (0.8125, 0.8369)
    >>> logits = [2.5, 1.5, 0.7, 0.3, -0.4, -0.8, -1.2, -2.0]  # clipped to [0, 1] without…
    >>> keras_auc(y, logits), keras_auc(y, logits, from_logits=True)
    (0.78125, 0.8125)
    >>> keras_auc([0, 1, 0, 1], [0.5001, 0.5002, 0.5003, 0.5004])  # one bucket: no ranking
    0.5
    """
    note = {"keras2.2": "Keras ≤ 2.2 has no AUC metric; it arrived in Keras 2.3"}
    accepted: tuple[Target, ...] = ("keras2.3", "tf.keras", "keras3")
    checked, checked_backend = keras_target(target, backend, "AUC", accepted=accepted, notes=note)
    curve_key, summation = _options(
        checked, curve, summation_method, multi_label, from_logits, label_weights
    )
    grid, evenly = _grid(num_thresholds, thresholds, checked)
    # AUC casts both inputs to float32 (its variables' dtype); a sigmoid runs before, in the
    # precision the scores arrive in.
    native = keras_input(y_pred, "y_pred", "keras3", checked_backend).values
    raw_rank = native.ndim
    scores = round_to(sigmoid(native) if from_logits else native, _FLOAT32)
    labels = keras_input(y_true, "y_true", "tf.keras", None).values
    if multi_label and raw_rank != 2:
        raise FrameworkError(
            checked,
            "ValueError",
            f"`y_pred` must have rank 2 when `multi_label=True`. Found rank {raw_rank}. "
            f"Full shape received for `y_pred`: {native.shape}",
        )
    squeezed = scores.ndim == labels.ndim + 1 and scores.shape[-1] == 1
    labels, scores = squeeze_pair(labels, scores)
    if labels.shape != scores.shape:
        raise InputError(
            f"`y_true` of shape {labels.shape} and `y_pred` of shape {scores.shape} must have "
            "the same shape for AUC (one label per score)"
        )
    rows = scores.shape[0]
    weights = np.ones(scores.shape)
    sample = keras_weights(sample_weight, rows, checked)
    if sample is not None:
        _check_weighted_shapes(checked, scores, squeezed)
    if sample is not None:
        weights = weights * sample.reshape((rows,) + (1,) * (scores.ndim - 1))
    per_label = _label_weights(label_weights, scores)
    if per_label is not None and not multi_label:
        weights = weights * per_label
    columns = scores.shape[1] if multi_label else 1
    tp, fp, tn, fn = _confusion(
        scores.reshape(-1, columns),
        (labels != 0).reshape(-1, columns),
        weights.reshape(-1, columns),
        grid,
        evenly,
    )
    if curve_key == "pr" and summation == "interpolation":
        areas = _interpolate_pr(tp, fp, fn)
    else:
        areas = _riemann(tp, fp, tn, fn, curve_key, summation)
    if not multi_label:
        return float(areas[0])
    if per_label is None:
        return float(areas.mean())
    total = float(per_label.sum())
    return float(np.dot(areas, per_label) / total) if total else 0.0


def _check_weighted_shapes(target: Target, scores: FloatArray, squeezed: bool) -> None:
    if scores.ndim > 2:
        raise InputError(
            f"`sample_weight` with `y_pred` of rank {scores.ndim} cannot be broadcast by Keras's "
            "AUC; flatten the outputs to (N, labels) first"
        )
    if target == "tf.keras" and squeezed:
        # tf-keras squeezes y_pred's last axis but then shapes the weights by y_pred's rank
        # *before* the squeeze (a stale rank in squeeze_or_expand_dimensions)
        rank = scores.ndim
        raise FrameworkError(
            "tf.keras",
            "ValueError",
            f"weights can not be broadcast to values. values.rank={rank}. "
            f"weights.rank={rank + 1}. values.shape={scores.shape}. "
            f"weights.shape={(*scores.shape, 1)}. (tf-keras's AUC fails for labels of shape "
            "(N,) with outputs of shape (N, 1) and sample weights: reshape the labels to (N, 1))",
        )


def _label_weights(label_weights: object | None, scores: FloatArray) -> FloatArray | None:
    if label_weights is None:
        return None
    values = round_to(np.atleast_1d(as_float_array(label_weights, "label_weights")), _FLOAT32)
    if scores.ndim != 2 or values.shape != (scores.shape[1],):
        raise InputError(
            f"`label_weights` of shape {values.shape} needs one weight per label column of "
            f"`y_pred` (shape {scores.shape})"
        )
    if np.any(values < 0):
        raise InputError("`label_weights` contains negative weights; weights must be ≥ 0")
    return values
