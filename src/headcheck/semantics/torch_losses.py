"""PyTorch's classification losses (``torch.nn.functional``, torch 2.13) in NumPy, errors included.

Each function returns what the ``torch.nn.functional`` function of the same name (and the
``nn`` loss class wrapping it) returns, and raises :class:`~headcheck.FrameworkError` with
torch's own exception class and message where torch raises. Torch computes in the dtype of
its tensors; headcheck treats every floating array as a float32 tensor (torch's default dtype)
and computes in float32. Integer and boolean arrays keep their torch dtype (``Long``, ``Int``,
``Byte``, ``Bool``, …) because that is what decides several of torch's errors:
``torch.tensor([[0, 1, 0]])`` is a ``Long`` tensor, and ``CrossEntropyLoss`` refuses it as a
class-probability target.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt

from headcheck._errors import FrameworkError, InputError
from headcheck.semantics._arrays import FloatArray, as_float_array
from headcheck.semantics._torch_shapes import broadcast_shapes, expand_to, infer_size, size
from headcheck.semantics.activations import log_sigmoid, log_softmax

__all__ = [
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "cross_entropy",
    "nll_loss",
]

_REDUCTIONS: Final = ("none", "mean", "sum", "elementwise_mean")
_TORCH_DTYPES: Final = {
    "b": "Bool",
    "u1": "Byte",
    "u2": "UInt16",
    "u4": "UInt32",
    "u8": "UInt64",
    "i1": "Char",
    "i2": "Short",
    "i4": "Int",
    "i8": "Long",
}
_IntArray = npt.NDArray[np.int64]


def _fail(kind: str, message: str) -> FrameworkError:
    return FrameworkError("torch", kind, message)


def _check_reduction(reduction: str) -> None:
    if reduction not in _REDUCTIONS:
        raise _fail("ValueError", f"{reduction} is not a valid value for reduction")


def torch_dtype(values: object) -> str:
    """The torch dtype name ``torch.as_tensor`` would give ``values`` (floats: ``Float``)."""
    dtype = np.asarray(values).dtype
    if dtype.kind == "f":
        return "Float"
    key = "b" if dtype.kind == "b" else f"{dtype.kind}{dtype.itemsize}"
    return _TORCH_DTYPES.get(key, "Long")


def _floats(values: object, name: str) -> FloatArray:
    return as_float_array(values, name).astype(np.float32)


def _reduce(loss: FloatArray, reduction: str) -> float | FloatArray:
    if reduction == "none":
        return loss
    if reduction == "sum":
        return float(np.sum(loss, dtype=np.float32))
    with np.errstate(invalid="ignore"):  # an empty loss has a NaN mean in torch too
        return float(np.float32(np.sum(loss, dtype=np.float32)) / np.float32(loss.size))


def _labels(target: object) -> _IntArray:
    array = np.asarray(target)
    if array.size == 0:
        raise InputError("`target` is empty; nothing to score")
    return array.astype(np.int64)


def bce_elements(x: FloatArray, t: FloatArray) -> FloatArray:
    """``BCELoss``'s element-wise formula, log clamped at −100 (no range check here)."""
    with np.errstate(divide="ignore"):
        log_p = np.maximum(np.log(x), np.float32(-100))
        log_q = np.maximum(np.log1p(-x), np.float32(-100))
    return np.asarray((t - np.float32(1)) * log_q - t * log_p, dtype=np.float32)


def check_bce_range(x: FloatArray, t: FloatArray) -> None:
    """Torch's element-wise check: the first bad element decides the message."""
    bad_x = ~((x >= 0) & (x <= 1))
    bad_t = ~((t >= 0) & (t <= 1))
    bad = np.flatnonzero((bad_x | bad_t).ravel())
    if bad.size:
        which = "input" if bad_x.ravel()[bad[0]] else "target"
        raise _fail("RuntimeError", f"all elements of {which} should be between 0 and 1")


def binary_cross_entropy(
    input: object,
    target: object,
    *,
    weight: object | None = None,
    reduction: str = "mean",
) -> float | FloatArray:
    """``F.binary_cross_entropy`` / ``nn.BCELoss``: probabilities in, log clamped at −100.

    >>> binary_cross_entropy([1.0, 0.0], [0.0, 1.0])
    100.0
    >>> binary_cross_entropy([2.0], [1.0])
    Traceback (most recent call last):
    ...
    headcheck._errors.FrameworkError: torch raises RuntimeError: all elements of input should \
be between 0 and 1
    """
    _check_reduction(reduction)
    x = _floats(input, "input")
    dtype = torch_dtype(target)
    t = _floats(target, "target")
    if t.shape != x.shape:
        raise _fail(
            "ValueError",
            f"Using a target size ({size(t.shape)}) that is different to the input size "
            f"({size(x.shape)}) is deprecated. Please ensure they have the same size.",
        )
    w = None
    if weight is not None:
        w = _floats(weight, "weight")
        new_size = broadcast_shapes(t.shape, w.shape)
        w = np.broadcast_to(w, new_size)
    if dtype != "Float":
        raise _fail("RuntimeError", f"Found dtype {dtype} but expected Float")
    check_bce_range(x, t)
    loss = bce_elements(x, t)
    if w is not None:
        loss = loss * expand_to(w, x.shape)
    return _reduce(loss, reduction)


def bce_with_logits_elements(
    x: FloatArray, t: FloatArray, pos_weight: FloatArray | None = None
) -> FloatArray:
    """``(1 - t)·x − (1 + (pos_weight − 1)·t)·log σ(x)``: exact for any logit."""
    log_sig = log_sigmoid(x).astype(np.float32)
    if pos_weight is not None:
        log_weight = (pos_weight - np.float32(1)) * t + np.float32(1)
        log_sig = np.asarray(log_sig * expand_to(log_weight, x.shape), dtype=np.float32)
    return np.asarray((np.float32(1) - t) * x - log_sig, dtype=np.float32)


def binary_cross_entropy_with_logits(
    input: object,
    target: object,
    *,
    weight: object | None = None,
    pos_weight: object | None = None,
    reduction: str = "mean",
) -> float | FloatArray:
    """``F.binary_cross_entropy_with_logits`` / ``nn.BCEWithLogitsLoss``: logits in, exact.

    ``pos_weight`` multiplies the positive term, ``weight`` the whole element.

    >>> round(binary_cross_entropy_with_logits([2.0, -1.0], [1.0, 0.0]), 4)
    0.2201
    >>> binary_cross_entropy_with_logits([[2.0], [-1.0]], [1.0, 0.0])
    Traceback (most recent call last):
    ...
    headcheck._errors.FrameworkError: torch raises ValueError: Target size \
(torch.Size([2])) must be the same as input size (torch.Size([2, 1]))
    """
    _check_reduction(reduction)
    x = _floats(input, "input")
    dtype = torch_dtype(target)
    t = _floats(target, "target")
    if t.shape != x.shape:
        raise _fail(
            "ValueError",
            f"Target size ({size(t.shape)}) must be the same as input size ({size(x.shape)})",
        )
    pw = None
    if pos_weight is not None:
        pw = _floats(pos_weight, "pos_weight")
        infer_size(pw.shape, t.shape)
    loss = bce_with_logits_elements(x, t, pw)
    if dtype != "Float":
        raise _fail(
            "RuntimeError", f"result type Float can't be cast to the desired output type {dtype}"
        )
    if weight is not None:
        w = _floats(weight, "weight")
        infer_size(x.shape, w.shape)
        loss = loss * expand_to(w, x.shape)
    return _reduce(loss, reduction)


def _class_dim(x: FloatArray) -> int:
    if x.ndim == 0:
        raise InputError("expected `input` with a class axis, shape (N, C) or (C,); got a scalar")
    return 0 if x.ndim == 1 else 1


def _check_weight(weight: FloatArray | None, n_classes: int, prefix: str = "") -> None:
    if weight is not None and (weight.ndim != 1 or weight.size != n_classes):
        raise _fail(
            "RuntimeError",
            f"{prefix}weight tensor should be defined either for all {n_classes} classes or no "
            f"classes but got weight tensor of shape: {list(weight.shape)}",
        )


def _check_label_smoothing(label_smoothing: float) -> None:
    if label_smoothing > 1.0:
        raise _fail(
            "RuntimeError", f"label_smoothing must be between 0.0 and 1.0. Got: {label_smoothing:g}"
        )


def nll_elements(
    logp: FloatArray, target: object, weight: FloatArray | None, ignore_index: int
) -> tuple[FloatArray, FloatArray, _IntArray, npt.NDArray[np.bool_]]:
    """torch's ``nll_loss_nd`` checks, then (−w[t]·logp[t], w[t], t, ignored) per element.

    Of several out-of-range labels, headcheck names the first, as torch does for ``mean`` and
    ``sum``; for ``none`` torch checks in parallel threads and names whichever fails first.
    """
    dtype = torch_dtype(target)
    t = _labels(target)
    if logp.ndim != 1 and t.ndim >= 1 and logp.shape[0] != t.shape[0]:
        raise _fail(
            "ValueError",
            f"Expected input batch_size ({logp.shape[0]}) to match target batch_size "
            f"({t.shape[0]}).",
        )
    if logp.ndim != 1 and t.ndim == 0:
        raise InputError(f"expected `target` of shape ({logp.shape[0]},); got a scalar")
    if logp.ndim == 1 and t.ndim == 1 and t.shape[0] == 1:
        t = t.reshape(())  # torch reads (C,) with target (1,) as one sample, no batch axis
    n_classes = logp.shape[1] if logp.ndim >= 2 else logp.shape[0]
    if logp.ndim <= 2:
        if t.ndim > 1:
            raise _fail(
                "RuntimeError", "0D or 1D target tensor expected, multi-target not supported"
            )
        if logp.ndim == 1 and t.ndim == 1 and t.shape[0] != 1:
            raise _fail(
                "ValueError",
                f"For 1D input, 1D target must have size 1, but got target size: {t.shape[0]}",
            )
    elif t.shape[1:] != logp.shape[2:]:
        expected = [logp.shape[0], *logp.shape[2:]]
        raise _fail("RuntimeError", f"Expected target size {expected}, got {list(t.shape)}")
    if dtype not in ("Long", "Byte"):
        raise _fail("RuntimeError", f"expected target dtype to be Long or Byte, but got {dtype}")
    if logp.ndim <= 2:
        _check_weight(weight, n_classes)
    elif weight is not None and (weight.ndim != 1 or weight.size != n_classes):
        raise _fail("RuntimeError", "weight tensor should be defined either for all or no classes")
    ignored = t == ignore_index
    out_of_range = ~ignored & ((t < 0) | (t >= n_classes))
    if out_of_range.any():
        first = t.ravel()[np.flatnonzero(out_of_range.ravel())[0]]
        raise _fail("IndexError", f"Target {first} is out of bounds.")
    safe = np.where(ignored, 0, t)
    if logp.ndim == 1:
        picked = np.asarray(logp[safe])
    else:
        picked = np.take_along_axis(logp, np.expand_dims(safe, 1), axis=1).squeeze(1)
    w_t = np.ones_like(picked) if weight is None else weight[safe]
    w_t = np.where(ignored, np.float32(0), w_t).astype(np.float32)
    return (-w_t * picked).astype(np.float32), w_t, safe, ignored


def _weighted_mean(
    loss: FloatArray, total_weight: FloatArray, reduction: str
) -> float | FloatArray:
    if reduction == "none":
        return loss
    total = np.float32(np.sum(loss, dtype=np.float32))
    if reduction == "sum":
        return float(total)
    with np.errstate(invalid="ignore", divide="ignore"):
        return float(total / np.float32(np.sum(total_weight, dtype=np.float32)))


def nll_loss(
    input: object,
    target: object,
    *,
    weight: object | None = None,
    ignore_index: int = -100,
    reduction: str = "mean",
) -> float | FloatArray:
    """``F.nll_loss`` / ``nn.NLLLoss``: ``−input[n, target[n]]``, weighted mean over targets.

    It expects log-probabilities; given probabilities it returns ``−mean(p_true)``:

    >>> round(nll_loss([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1]], [0, 1]), 4)
    -0.75
    """
    _check_reduction(reduction)
    logp = _floats(input, "input")
    if logp.ndim == 0:
        raise _fail("ValueError", "Expected 1 or more dimensions (got 0)")
    w = None if weight is None else _floats(weight, "weight")
    loss, w_t, _, _ = nll_elements(logp, target, w, ignore_index)
    return _weighted_mean(loss, w_t, reduction)


def cross_entropy(
    input: object,
    target: object,
    *,
    weight: object | None = None,
    ignore_index: int = -100,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
) -> float | FloatArray:
    """``F.cross_entropy`` / ``nn.CrossEntropyLoss``: ``log_softmax`` of the logits + NLL.

    ``target`` is either class indices (shape (N,), integer) or class probabilities (the
    input's shape, floating point). On softmax outputs it silently applies softmax twice.

    >>> logits = [[2.0, 1.0, -1.0], [0.5, 2.5, 0.2]]
    >>> round(cross_entropy(logits, [0, 1]), 4)
    0.2803
    >>> round(cross_entropy(logits, [[0.9, 0.1, 0.0], [0.0, 1.0, 0.0]]), 4)
    0.3303
    >>> cross_entropy(logits, [[1, 0, 0], [0, 1, 0]])
    Traceback (most recent call last):
    ...
    headcheck._errors.FrameworkError: torch raises RuntimeError: Expected floating point type \
for target with class probabilities, got Long
    """
    _check_reduction(reduction)
    x = _floats(input, "input")
    class_dim = _class_dim(x)
    n_classes = x.shape[class_dim]
    w = None if weight is None else _floats(weight, "weight")
    logp = log_softmax(x, axis=class_dim).astype(np.float32)
    if np.asarray(target).shape == x.shape:
        return _cross_entropy_probabilities(
            logp, target, w, ignore_index, reduction, label_smoothing
        )
    if label_smoothing > 0.0:
        _check_label_smoothing(label_smoothing)
    loss, w_t, _, ignored = nll_elements(logp, target, w, ignore_index)
    nll = _weighted_mean(loss, w_t, reduction)
    if not label_smoothing > 0.0:
        return nll
    w_view = 1 if w is None else w.reshape((-1,) + (1,) * (x.ndim - class_dim - 1))
    smooth = np.where(ignored, np.float32(0), -np.sum(logp * w_view, axis=class_dim))
    smooth = smooth.astype(np.float32)
    divisor = w_t if w is not None else (~ignored).astype(np.float32)
    smooth_reduced = _weighted_mean(smooth, divisor, reduction)
    ls, scale = np.float32(label_smoothing), np.float32(label_smoothing / n_classes)
    if isinstance(nll, float) and isinstance(smooth_reduced, float):
        return float((np.float32(1) - ls) * np.float32(nll) + np.float32(smooth_reduced) * scale)
    return np.asarray((np.float32(1) - ls) * nll + smooth_reduced * scale, dtype=np.float32)


def _cross_entropy_probabilities(
    logp: FloatArray,
    target: object,
    weight: FloatArray | None,
    ignore_index: int,
    reduction: str,
    label_smoothing: float,
) -> float | FloatArray:
    dtype = torch_dtype(target)
    if dtype != "Float":
        raise _fail(
            "RuntimeError",
            f"Expected floating point type for target with class probabilities, got {dtype}",
        )
    if ignore_index >= 0:
        raise _fail("RuntimeError", "ignore_index is not supported for floating point target")
    class_dim = 0 if logp.ndim == 1 else 1
    n_classes = logp.shape[class_dim]
    _check_weight(weight, n_classes, prefix="cross_entropy: ")
    t = _floats(target, "target")
    if label_smoothing > 0.0:
        _check_label_smoothing(label_smoothing)
        t = (t * np.float32(1 - label_smoothing) + np.float32(label_smoothing / n_classes)).astype(
            np.float32
        )
    w_view = 1 if weight is None else weight.reshape((-1,) + (1,) * (logp.ndim - class_dim - 1))
    elements = (logp * t * w_view).astype(np.float32)
    if reduction == "none":
        return np.asarray(-np.sum(elements, axis=class_dim), dtype=np.float32)
    total = -np.float32(np.sum(elements, dtype=np.float32))
    if reduction == "sum":
        return float(total)
    return float(total / np.float32(logp.size // n_classes))
