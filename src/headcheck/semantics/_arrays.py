"""Turning user input into NumPy arrays, once, with messages that say what was wrong."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from headcheck._errors import InputError

FloatArray = npt.NDArray[np.floating[Any]]

__all__ = ["FloatArray", "as_float_array", "as_weights", "keras_float32"]


def as_float_array(values: object, name: str, *, dtype: type = np.float64) -> FloatArray:
    """Convert ``values`` to a float array, rejecting what no framework could score.

    >>> as_float_array([1, 2], "y_pred")
    array([1., 2.])
    >>> as_float_array([1.0, float("nan")], "y_pred")
    Traceback (most recent call last):
    ...
    headcheck._errors.InputError: `y_pred` contains 1 NaN value (at index 1); remove or impute \
them before scoring
    """
    try:
        array: FloatArray = np.asarray(values, dtype=dtype)
    except (TypeError, ValueError) as exc:
        raise InputError(f"`{name}` is not numeric: {exc}") from None
    if array.size == 0:
        raise InputError(f"`{name}` is empty; nothing to score")
    if not np.all(np.isfinite(array)):
        nan = np.isnan(array)
        bad, what = (nan, "NaN") if nan.any() else (~np.isfinite(array), "infinite")
        count = int(bad.sum())
        first = tuple(int(i) for i in np.argwhere(bad)[0])
        where = first[0] if len(first) == 1 else first
        plural = "" if count == 1 else "s"
        raise InputError(
            f"`{name}` contains {count} {what} value{plural} (at index {where}); "
            "remove or impute them before scoring"
        )
    return array


def as_weights(sample_weight: object | None, n: int) -> FloatArray | None:
    """Validate per-sample weights: finite, non-negative, one per sample (shape (n,) or (n, 1))."""
    if sample_weight is None:
        return None
    weights = as_float_array(sample_weight, "sample_weight")
    if weights.ndim == 2 and weights.shape[1] == 1:
        weights = weights[:, 0]
    if weights.ndim != 1 or weights.shape[0] != n:
        raise InputError(
            f"`sample_weight` has shape {weights.shape}; expected one weight per sample, ({n},)"
        )
    if np.any(weights < 0):
        raise InputError("`sample_weight` contains negative weights; weights must be ≥ 0")
    return weights


def keras_float32(values: FloatArray) -> FloatArray:
    """Keras metrics cast inputs to float32 (``floatx``) before comparing: so does headcheck."""
    return values.astype(np.float32)
