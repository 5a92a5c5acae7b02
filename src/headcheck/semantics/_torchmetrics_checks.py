"""torchmetrics 1.9.0's argument and tensor validation, with its messages (NumPy only).

Every check raises :class:`~headcheck._errors.FrameworkError` carrying the exception class and
the message torchmetrics itself raises (``stat_scores.py``'s ``_*_arg_validation`` and
``_*_tensor_validation``, ``utilities/checks.py``), so headcheck can quote what the user sees.
Messages that print a tensor use :func:`torch_repr`, which formats like ``repr(torch.Tensor)``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Final, NoReturn

import numpy as np
import numpy.typing as npt

from headcheck._errors import FrameworkError, InputError
from headcheck.semantics._arrays import as_float_array

__all__ = [
    "AnyArray",
    "as_tensor",
    "binary_arg_validation",
    "binary_tensor_validation",
    "dim",
    "fail",
    "multiclass_arg_validation",
    "multiclass_tensor_validation",
    "multilabel_arg_validation",
    "multilabel_tensor_validation",
    "torch_repr",
    "torch_size",
]

AnyArray = npt.NDArray[Any]

_DTYPE_NAMES: Final[dict[str, str]] = {
    "bool": "torch.bool",
    "uint8": "torch.uint8",
    "int8": "torch.int8",
    "int16": "torch.int16",
    "int32": "torch.int32",
    "int64": "torch.int64",
    "float16": "torch.float16",
    "float32": "torch.float32",
    "float64": "torch.float64",
}
_DEFAULT_DTYPES: Final[frozenset[str]] = frozenset({"bool", "int64", "float32"})
_LINEWIDTH: Final = 80
_EDGEITEMS: Final = 3
_MULTIDIM: Final = ("global", "samplewise")
_AVERAGES: Final = ("micro", "macro", "weighted", "none", None)


def fail(kind: str, message: str) -> NoReturn:
    """Raise what torchmetrics raises: ``kind`` is its exception class name."""
    raise FrameworkError("torchmetrics", kind, message)


def as_tensor(values: object, name: str) -> AnyArray:
    """``values`` as the array ``torch.as_tensor`` would make of it.

    NumPy arrays (and anything with ``__array__``, such as a CPU tensor) keep their dtype.
    Python lists and scalars follow ``torch.tensor``: floats become float32 (torch's default
    dtype), integers int64, booleans bool. NaN, infinity and empty inputs are refused with an
    :class:`~headcheck._errors.InputError`: on CPU torchmetrics would sigmoid the whole tensor
    because of a NaN and predict 0 for it, silently.

    >>> as_tensor([0.2, 0.7], "preds").dtype
    dtype('float32')
    >>> as_tensor(np.array([0.2, 0.7]), "preds").dtype
    dtype('float64')
    >>> as_tensor([1, 0], "target").dtype
    dtype('int64')
    """
    is_array = isinstance(values, np.ndarray) or hasattr(values, "__array__")
    try:
        array = np.asarray(values)
    except (TypeError, ValueError, RuntimeError) as exc:  # ragged lists, CUDA or grad tensors
        raise InputError(f"`{name}` cannot be read as a NumPy array: {exc}") from None
    if not is_array and array.dtype == np.float64:
        array = array.astype(np.float32)
    if array.dtype.name not in _DTYPE_NAMES:
        raise InputError(f"`{name}` must hold numbers or booleans, not dtype {array.dtype}")
    if array.dtype.kind == "f":
        return as_float_array(array, name, dtype=array.dtype.type)
    if array.size == 0:
        raise InputError(f"`{name}` is empty; nothing to score")
    return array


def torch_size(shape: Sequence[int]) -> str:
    """``str(tensor.shape)``: ``torch.Size([2, 3])``."""
    return f"torch.Size([{', '.join(str(s) for s in shape)}])"


def _format_values(values: AnyArray) -> tuple[list[str], int]:
    """torch's ``_Formatter``: each value as printed, and the column width."""
    if values.dtype.kind != "f":
        strings = [str(v) for v in values.tolist()]
        return strings, max([1, *(len(s) for s in strings)])
    floats = [float(v) for v in values.tolist()]
    nonzero = [abs(v) for v in floats if v != 0 and math.isfinite(v)]
    if not nonzero:
        return [f"{v:.0f}." for v in floats], 1
    int_mode = all(v == math.ceil(v) for v in nonzero)
    low, high = min(nonzero), max(nonzero)
    sci_mode = high / low > 1000.0 or high > 1.0e8 or low < 1.0e-4
    if sci_mode:
        width = max(len(f"{v:.4e}") for v in floats if v != 0)
        return [f"{v:{width}.4e}" for v in floats], width
    if int_mode:
        width = max(len(f"{v:.0f}") + 1 for v in floats if v != 0)
        return [f"{v:.0f}." for v in floats], width
    width = max(len(f"{v:.4f}") for v in floats if v != 0)
    return [f"{v:.4f}" for v in floats], width


def torch_repr(values: AnyArray) -> str:
    """``repr`` of a 1-D tensor with torch's default print options (as in its messages).

    >>> torch_repr(np.array([0, 2]))
    'tensor([0, 2])'
    >>> torch_repr(np.array([-1, 0, 1], dtype=np.int32))
    'tensor([-1,  0,  1], dtype=torch.int32)'
    >>> torch_repr(np.array([0.0, 0.5], dtype=np.float32))
    'tensor([0.0000, 0.5000])'
    """
    values = np.asarray(values).reshape(-1)
    summarize = values.size > 1000
    if summarize:
        values = np.concatenate([values[:_EDGEITEMS], values[-_EDGEITEMS:]])
    strings, width = _format_values(values)
    strings = [(width - len(s)) * " " + s for s in strings]
    if summarize:
        strings = [*strings[:_EDGEITEMS], " ...", *strings[_EDGEITEMS:]]
    indent = len("tensor(")
    per_line = max(1, math.floor((_LINEWIDTH - indent) / (width + 2)))
    lines = [", ".join(strings[i : i + per_line]) for i in range(0, len(strings), per_line)]
    text = "tensor([" + (",\n" + " " * (indent + 1)).join(lines) + "]"
    if values.dtype.name not in _DEFAULT_DTYPES:
        suffix = "dtype=" + _DTYPE_NAMES[values.dtype.name]
        last_line = len(text) - text.rfind("\n") + 1
        separator = ",\n" + " " * indent if last_line + len(suffix) + 2 > _LINEWIDTH else ", "
        text += separator + suffix
    return text + ")"


def dim(shape: tuple[int, ...], index: int) -> int:
    """``shape[index]``, failing the way a torch ``Size`` index does."""
    if index >= len(shape):
        fail("IndexError", "tuple index out of range")
    return shape[index]


def _check_ignore_index(ignore_index: object) -> None:
    if ignore_index is not None and not isinstance(ignore_index, int):
        fail(
            "ValueError",
            "Expected argument `ignore_index` to either be `None` or an integer, "
            f"but got {ignore_index}",
        )


def _check_multidim(multidim_average: object) -> None:
    if multidim_average not in _MULTIDIM:
        fail(
            "ValueError",
            f"Expected argument `multidim_average` to be one of {_MULTIDIM}, "
            f"but got {multidim_average}",
        )


def _check_average(average: object) -> None:
    if average not in _AVERAGES:
        fail(
            "ValueError", f"Expected argument `average` to be one of {_AVERAGES}, but got {average}"
        )


def binary_arg_validation(
    threshold: object, multidim_average: object, ignore_index: object
) -> None:
    """``_binary_stat_scores_arg_validation``."""
    if not (isinstance(threshold, float) and 0 <= threshold <= 1):
        fail(
            "ValueError",
            f"Expected argument `threshold` to be a float in the [0,1] range, but got {threshold}.",
        )
    _check_multidim(multidim_average)
    _check_ignore_index(ignore_index)


def multiclass_arg_validation(
    num_classes: object,
    top_k: object,
    average: object,
    multidim_average: object,
    ignore_index: object,
) -> None:
    """``_multiclass_stat_scores_arg_validation`` (``top_k < 1`` is refused by headcheck)."""
    if num_classes is None and average != "micro":
        fail(
            "ValueError",
            "Argument `num_classes` can only be `None` for `average='micro'`, "
            f"but got `average={average}`.",
        )
    if num_classes is not None and (not isinstance(num_classes, int) or num_classes < 2):
        fail(
            "ValueError",
            "Expected argument `num_classes` to be an integer larger than 1, "
            f"but got {num_classes}",
        )
    if not isinstance(top_k, (int, float)):
        raise InputError(f"`top_k` must be an integer, got {top_k!r}")
    if not isinstance(top_k, int) and top_k < 1:
        fail(
            "ValueError",
            "Expected argument `top_k` to be an integer larger than or equal to 1, "
            f"but got {top_k}",
        )
    if top_k > (num_classes if isinstance(num_classes, int) else 1):
        fail(
            "ValueError",
            "Expected argument `top_k` to be smaller or equal to `num_classes` "
            f"but got {top_k} and {num_classes}",
        )
    if top_k < 1 or (not isinstance(top_k, int) and top_k != 1):
        # torchmetrics tests `not isinstance(top_k, int) and top_k < 1`: it lets an integer
        # top_k <= 0 through and returns a tensor of shape (1,) computed from meaningless
        # one-hot sums, and hands a float top_k > 1 to torch.topk, which refuses it.
        raise InputError(
            f"`top_k` must be an integer of at least 1, got {top_k}; torchmetrics 1.9.0 does "
            "not reject it here and returns a meaningless value or fails later"
        )
    _check_average(average)
    _check_multidim(multidim_average)
    _check_ignore_index(ignore_index)


def multilabel_arg_validation(
    num_labels: object,
    threshold: object,
    average: object,
    multidim_average: object,
    ignore_index: object,
) -> None:
    """``_multilabel_stat_scores_arg_validation`` (its threshold message omits the range)."""
    if not isinstance(num_labels, int) or num_labels < 2:
        fail(
            "ValueError",
            f"Expected argument `num_labels` to be an integer larger than 1, but got {num_labels}",
        )
    if not (isinstance(threshold, float) and 0 <= threshold <= 1):
        fail("ValueError", f"Expected argument `threshold` to be a float, but got {threshold}.")
    _check_average(average)
    _check_multidim(multidim_average)
    _check_ignore_index(ignore_index)


def _check_same_shape(preds: AnyArray, target: AnyArray) -> None:
    if preds.shape != target.shape:
        fail(
            "RuntimeError",
            "Predictions and targets are expected to have the same shape, but got "
            f"{torch_size(preds.shape)} and {torch_size(target.shape)}.",
        )


def _check_zero_one(
    preds: AnyArray, target: AnyArray, ignore_index: int | None, label_note: str
) -> None:
    unique = np.unique(target)
    bad = (unique != 0) & (unique != 1)
    if ignore_index is not None:
        bad &= unique != ignore_index
    if np.any(bad):
        expected = [0, 1] if ignore_index is None else [ignore_index]
        fail(
            "RuntimeError",
            f"Detected the following values in `target`: {torch_repr(unique)} but expected only"
            f" the following values {expected}.",
        )
    if preds.dtype.kind != "f":
        unique = np.unique(preds)
        if np.any((unique != 0) & (unique != 1)):
            fail(
                "RuntimeError",
                f"Detected the following values in `preds`: {torch_repr(unique)} but expected only"
                f" the following values [0,1] since {label_note} is a label tensor.",
            )


def binary_tensor_validation(
    preds: AnyArray, target: AnyArray, multidim_average: str, ignore_index: int | None
) -> None:
    """``_binary_stat_scores_tensor_validation``."""
    _check_same_shape(preds, target)
    _check_zero_one(preds, target, ignore_index, "`preds`")
    if multidim_average != "global" and preds.ndim < 2:
        fail(
            "ValueError",
            "Expected input to be at least 2D when multidim_average is set to `samplewise`",
        )


def multilabel_tensor_validation(
    preds: AnyArray,
    target: AnyArray,
    num_labels: int,
    multidim_average: str,
    ignore_index: int | None,
) -> None:
    """``_multilabel_stat_scores_tensor_validation``."""
    _check_same_shape(preds, target)
    if dim(preds.shape, 1) != num_labels:
        fail(
            "ValueError",
            "Expected both `target.shape[1]` and `preds.shape[1]` to be equal to the number of"
            f" labels but got {preds.shape[1]} and expected {num_labels}",
        )
    _check_zero_one(preds, target, ignore_index, "preds")
    if multidim_average != "global" and preds.ndim < 3:
        fail(
            "ValueError",
            "Expected input to be at least 3D when multidim_average is set to `samplewise`",
        )


def multiclass_tensor_validation(
    preds: AnyArray,
    target: AnyArray,
    num_classes: int | None,
    multidim_average: str,
    ignore_index: int | None,
) -> None:
    """``_multiclass_stat_scores_tensor_validation``, including its quirk.

    The unique-value check runs on target *and* preds only when preds are labels: an operator
    precedence slip (``a + b if cond else ()``) skips the target check for floating preds.
    """
    floating = preds.dtype.kind == "f"
    if preds.ndim == target.ndim + 1:
        if not floating:
            fail(
                "ValueError",
                "If `preds` have one dimension more than `target`, `preds` should be a float "
                "tensor.",
            )
        if num_classes is not None and dim(preds.shape, 1) != num_classes:
            fail(
                "ValueError",
                "If `preds` have one dimension more than `target`, `preds.shape[1]` should be"
                " equal to number of classes.",
            )
        if preds.shape[2:] != target.shape[1:]:
            fail(
                "ValueError",
                "If `preds` have one dimension more than `target`, the shape of `preds` should be"
                " (N, C, ...), and the shape of `target` should be (N, ...).",
            )
        if multidim_average != "global" and preds.ndim < 3:
            fail(
                "ValueError",
                "If `preds` have one dimension more than `target`, the shape of `preds` should be"
                " at least 3D when multidim_average is set to `samplewise`",
            )
    elif preds.ndim == target.ndim:
        if preds.shape != target.shape:
            fail(
                "ValueError",
                "The `preds` and `target` should have the same shape, got `preds` with shape="
                f"{torch_size(preds.shape)} and `target` with shape={torch_size(target.shape)}.",
            )
        if multidim_average != "global" and preds.ndim < 2:
            fail(
                "ValueError",
                "When `preds` and `target` have the same shape, the shape of `preds` should be"
                " at least 2D when multidim_average is set to `samplewise`",
            )
    else:
        fail(
            "ValueError",
            "Either `preds` and `target` both should have the (same) shape (N, ...), or `target`"
            " should be (N, ...) and `preds` should be (N, C, ...).",
        )
    if num_classes is not None and not floating:
        limit = num_classes if ignore_index is None else num_classes + 1
        for values, name in ((target, "target"), (preds, "preds")):
            unique = np.unique(values)
            if unique.size > limit:
                fail(
                    "RuntimeError",
                    f"Detected more unique values in `{name}` than expected. Expected only "
                    f"{limit} but found {unique.size} in `{name}`. Found values: "
                    f"{torch_repr(unique)}.",
                )
