"""scikit-learn 1.9.1's input validation for classification metrics, with its messages.

Mirrors the parts of ``sklearn/utils/validation.py`` (``check_array`` with ``dtype=None``,
``_num_samples``, ``check_consistent_length``, ``_assert_all_finite``,
``_check_sample_weight``) and ``sklearn/utils/_param_validation.py`` that
``accuracy_score`` and ``hamming_loss`` run. Every refusal raises
:class:`~headcheck._errors.FrameworkError` with scikit-learn's exception class and message.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any, NoReturn

import numpy as np
import numpy.typing as npt

from headcheck._errors import FrameworkError, InputError

__all__ = [
    "AnyArray",
    "as_label_array",
    "assert_all_finite",
    "check_array_like",
    "check_consistent_length",
    "check_normalize",
    "check_sample_weight",
    "fail",
    "num_samples",
]

AnyArray = npt.NDArray[Any]


def fail(kind: str, message: str) -> NoReturn:
    """Raise what scikit-learn raises: ``kind`` is its exception class name."""
    raise FrameworkError("sklearn", kind, message)


def _is_array_like(value: object) -> bool:
    """``_param_validation._is_arraylike_not_scalar``."""
    array_like = hasattr(value, "__len__") or hasattr(value, "shape") or hasattr(value, "__array__")
    return array_like and not np.isscalar(value)


def check_array_like(value: object, param: str, function: str, *, optional: bool) -> None:
    """``@validate_params``: ``"array-like"`` (+ sparse for targets, ``None`` for weights)."""
    if optional and value is None:
        return
    if not _is_array_like(value):
        allowed = (
            "an array-like or None" if optional else "an array-like or a sparse array or matrix"
        )
        fail(
            "InvalidParameterError",
            f"The {param!r} parameter of {function} must be {allowed}. Got {value!r} instead.",
        )


def check_normalize(normalize: object, function: str) -> None:
    """``@validate_params``: ``"boolean"``."""
    if not isinstance(normalize, bool | np.bool_):
        fail(
            "InvalidParameterError",
            f"The 'normalize' parameter of {function} must be an instance of 'bool' or an "
            f"instance of 'numpy.bool'. Got {normalize!r} instead.",
        )


def as_label_array(y: object) -> AnyArray:
    """``check_array(y, dtype=None, ...)`` as ``type_of_target`` calls it.

    Ragged input becomes a 1-D object array (NEP 34), complex input is refused.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("error", np.exceptions.VisibleDeprecationWarning)
        try:
            array = np.asarray(y)
        except (np.exceptions.VisibleDeprecationWarning, ValueError):
            items = list(y)  # type: ignore[call-overload]
            array = np.empty(len(items), dtype=object)
            array[:] = items
    if array.dtype.kind == "c":
        fail("ValueError", f"Complex data not supported\n{array}\n")
    return array


def num_samples(x: object) -> int:
    """``_num_samples``: the length of the first axis."""
    shape = getattr(x, "shape", None)
    if shape is not None:
        if len(shape) == 0:
            fail(
                "TypeError",
                "Input should have at least 1 dimension i.e. satisfy `len(x.shape) > 0`, "
                f"got scalar `{x!r}` instead.",
            )
        return int(shape[0])
    if isinstance(x, Sequence):
        return len(x)
    fail("TypeError", f"Expected sequence or array-like, got {type(x)}")


def check_consistent_length(*arrays: object) -> None:
    """``check_consistent_length``: the same number of samples everywhere (``None`` skipped)."""
    lengths = [num_samples(x) for x in arrays if x is not None]
    if len(set(lengths)) > 1:
        fail(
            "ValueError",
            f"Found input variables with inconsistent numbers of samples: {lengths!r}",
        )


def assert_all_finite(data: AnyArray, input_name: str = "") -> None:
    """``_assert_all_finite``: NaN first, then infinity (named after the dtype)."""
    if data.dtype.kind != "f":
        return
    has_nan = bool(np.isnan(data).any())
    if not has_nan and not np.isinf(data).any():
        return
    what = "NaN" if has_nan else f"infinity or a value too large for {data.dtype!r}"
    name = f"{input_name} " if input_name else ""
    fail("ValueError", f"Input {name}contains {what}.")


def check_sample_weight(sample_weight: object, n: int) -> AnyArray:
    """``_check_sample_weight(sample_weight, y_true, force_float_dtype=False)``.

    Weights keep their dtype; negative weights are allowed (scikit-learn allows them); all-zero
    weights are refused.
    """
    weights = np.asarray(sample_weight)
    if weights.dtype.kind not in "biuf":
        raise InputError(f"`sample_weight` must be numeric, not dtype {weights.dtype}")
    if weights.ndim >= 3:
        fail("ValueError", f"Found array with dim {weights.ndim}, while dim <= 2 is required.")
    assert_all_finite(weights, "sample_weight")
    if weights.ndim != 1:
        fail(
            "ValueError",
            f"Sample weights must be 1D array or scalar, got {weights.ndim}D array. Expected "
            f"either a scalar value or a 1D array of length {n}.",
        )
    if weights.shape != (n,):
        fail("ValueError", f"sample_weight.shape == {weights.shape}, expected {(n,)}!")
    if np.all(weights == 0):
        fail("ValueError", "Sample weights must contain at least one non-zero number.")
    return weights
