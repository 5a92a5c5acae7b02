"""Exact ROC AUC and average precision on the scores' own device (NumPy, PyTorch CPU/CUDA,
CuPy, JAX) through the array API (``array-api-compat``): no copy to the host.

The same algorithm as the NumPy kernel (:mod:`._ties`), written with array-API operations:

* scores become signed integer keys with the same order (``bits ^ ((bits >> (w-1)) &
  max)``, the key of ``-0.0`` folded into that of ``0.0``); a bit cast is the one operation
  the standard lacks, done per library;
* the key range is cut into buckets of at most ``2**(w-2)`` keys and at most
  ``max_elements`` samples, so that ``(key - bucket start) << 1 | label`` fits the key's own
  width (int32 for float32: no 64-bit sort) and the sort's temporaries stay bounded: peak
  memory is the inputs plus about 24 bytes per sample of the largest bucket;
* each bucket, from the highest scores down, is sorted once (values only), its tie groups
  found where the key changes, and positives counted with a cumulative sum; ROC AUC (an
  exact integer pair count without weights) and AP accumulate across buckets.

Only Python scalars come back to the host. JAX arrays need ``jax_enable_x64`` (int64 counts,
float64 sums): without it they are refused with a message rather than computed in 32 bits.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from headcheck._errors import InputError
from headcheck.evaluation._undefined import warn_undefined

__all__ = ["RocAucAp", "device_curve_summary", "roc_auc_ap"]

DEFAULT_MAX_ELEMENTS = 1 << 27
"""Samples per sorted bucket (about 3 GiB of temporaries for float32 scores)."""


@dataclass(frozen=True)
class RocAucAp:
    """Exact ROC AUC and average precision of binary scores, and where they were computed.

    ``counts`` are ``(tp, fp, fn, tn)`` for the rule ``score > cut`` when a cut was given.
    """

    roc_auc: float
    average_precision: float
    positives: float
    negatives: float
    counts: tuple[float, float, float, float] | None
    device: str


def roc_auc_ap(
    y_true: Any,
    scores: Any,
    sample_weight: Any | None = None,
    *,
    cut: float | None = None,
    max_elements: int = DEFAULT_MAX_ELEMENTS,
) -> RocAucAp:
    """Exact ROC AUC and average precision (scikit-learn's numbers, ties and weights
    included) of 0/1 labels and scores given as NumPy arrays or as tensors of PyTorch (CPU
    or CUDA), CuPy or JAX, computed where the scores live.

    NumPy input, and PyTorch CPU tensors (viewed as NumPy arrays, no copy), go through the
    NumPy kernel (:func:`~._curve.binary_curve`, the fastest on a CPU); other arrays through
    :func:`device_curve_summary`. Labels (and weights) that are not on the scores' device
    are moved there. ``nan`` AUC (with a warning) when only one class is present.

    >>> r = roc_auc_ap([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], cut=0.3)
    >>> r.roc_auc, round(r.average_precision, 4), r.counts, r.device
    (0.75, 0.8333, (2.0, 1.0, 0.0, 1.0), 'cpu')
    """
    if _is_numpy(scores):
        return _numpy_summary(y_true, scores, sample_weight, cut)
    if _is_cpu_tensor(scores):
        weights = None if sample_weight is None else _host(sample_weight)
        return _numpy_summary(_host(y_true), _host(scores), weights, cut)
    return device_curve_summary(y_true, scores, sample_weight, cut=cut, max_elements=max_elements)


def _is_cpu_tensor(values: Any) -> bool:
    import array_api_compat

    return bool(array_api_compat.is_torch_array(values) and values.device.type == "cpu")


def _host(values: Any) -> Any:
    """A CPU tensor as a NumPy array sharing its memory; anything else as it is."""
    if _is_cpu_tensor(values):
        return values.detach().numpy()
    return values


def _is_numpy(scores: Any) -> bool:
    import array_api_compat

    return bool(
        isinstance(scores, (list, tuple, float, int)) or array_api_compat.is_numpy_array(scores)
    )


def _numpy_summary(
    y_true: npt.ArrayLike, scores: npt.ArrayLike, sample_weight: Any, cut: float | None
) -> RocAucAp:
    from headcheck.evaluation._curve import binary_curve

    curve = binary_curve(y_true, scores, sample_weight)
    counts = None if cut is None else curve.counts_above(cut)
    return RocAucAp(
        curve.roc_auc(),
        curve.average_precision(),
        curve.positives,
        curve.negatives,
        counts,
        "cpu",
    )


# -- the array-API path ----------------------------------------------------------------------


def _bitcast(xp: Any, x: Any, signed: Any) -> Any:
    """Reinterpret float bits as signed integers of the same width (not in the standard)."""
    import array_api_compat

    if array_api_compat.is_torch_array(x) or array_api_compat.is_numpy_array(x):
        return x.view(signed)
    if array_api_compat.is_cupy_array(x):
        return x.view(signed)
    if array_api_compat.is_jax_array(x):
        import importlib

        lax: Any = importlib.import_module("jax.lax")  # an optional dependency
        return lax.bitcast_convert_type(x, signed)
    raise InputError(f"no bit cast for arrays of type {type(x).__name__}; pass NumPy arrays")


def _keys(xp: Any, scores: Any) -> tuple[Any, int]:
    """Order-preserving signed keys of the scores and their width in bits."""
    if scores.dtype == xp.float64:
        signed, width = xp.int64, 64
    else:
        scores, signed, width = xp.astype(scores, xp.float32), xp.int32, 32
    # no float arithmetic before the bit cast: XLA on CPU flushes subnormals to zero, so
    # -0.0 is folded into 0.0 on the keys (its key is -1, no other score's)
    bits = _bitcast(xp, scores, signed)
    mask = xp.bitwise_and(xp.bitwise_right_shift(bits, width - 1), (1 << (width - 1)) - 1)
    keys = xp.bitwise_xor(bits, mask)
    return xp.where(keys == -1, xp.zeros_like(keys), keys), width


def _buckets(
    xp: Any, keys: Any, low: int, high: int, width: int, max_elements: int
) -> list[tuple[int, int]]:
    """Key ranges ``[start, stop)`` covering ``[low, high]``, highest first, each spanning
    fewer than ``2**(width - 2)`` keys and, unless a single key, at most ``max_elements``
    samples."""
    span = 1 << (width - 2)
    pending = [(start, min(start + span, high + 1)) for start in range(low, high + 1, span)]
    out = []
    while pending:
        start, stop = pending.pop()  # highest pending range
        if stop - start > 1:
            count = int(xp.sum(xp.astype((keys >= start) & (keys < stop), xp.int64)))
            if count > max_elements:
                middle = start + (stop - start) // 2
                pending += [(start, middle), (middle, stop)]
                continue
        out.append((start, stop))
    return out


def device_curve_summary(
    y_true: Any,
    scores: Any,
    sample_weight: Any | None = None,
    *,
    cut: float | None = None,
    max_elements: int = DEFAULT_MAX_ELEMENTS,
) -> RocAucAp:
    """:func:`roc_auc_ap` with array-API operations on the scores' namespace and device.

    >>> import torch
    >>> r = device_curve_summary(torch.tensor([0, 1, 1, 0]), torch.tensor([0.2, 0.7, 0.2, 0.9]))
    >>> r.roc_auc, r.device
    (0.375, 'cpu')
    """
    import array_api_compat

    xp = array_api_compat.array_namespace(scores)
    device = array_api_compat.device(scores)
    if not _has_64_bits(xp, device):
        raise InputError(
            f"{type(scores).__name__} arrays here give 32-bit types where exact counts and sums "
            "need 64 bits (JAX does until 64-bit types are enabled); enable them, for JAX with "
            "jax.config.update('jax_enable_x64', True) or JAX_ENABLE_X64=1, or pass NumPy arrays"
        )
    s = xp.reshape(scores, (-1,))
    if not xp.isdtype(s.dtype, "real floating"):
        s = xp.astype(s, xp.float64)
    y = _on(xp, y_true, device)
    y = xp.reshape(y, (-1,))
    if y.shape[0] != s.shape[0]:
        raise InputError(
            f"y_true has {y.shape[0]} values but the scores have {s.shape[0]}; give one "
            "label per score"
        )
    positive = y == 1
    w = None
    if sample_weight is not None:
        w = xp.reshape(xp.astype(_on(xp, sample_weight, device), xp.float64), (-1,))
        if w.shape[0] != s.shape[0]:
            raise InputError(f"sample_weight has {w.shape[0]} values for {s.shape[0]} scores")
    if s.shape[0] == 0:
        raise InputError("no scores: ROC AUC and average precision need at least one sample")
    if bool(xp.any(xp.isnan(s))):
        raise InputError("scores contain NaN: a NaN score has no rank; remove or impute it")
    keys, width = _keys(xp, s)
    totals = _Totals()
    low, high = int(xp.min(keys)), int(xp.max(keys))
    for start, stop in _buckets(xp, keys, low, high, width, max_elements):
        inside = (keys >= start) & (keys < stop)
        word = xp.astype(keys[inside] - start, keys.dtype)
        word = xp.bitwise_or(
            xp.bitwise_left_shift(word, 1), xp.astype(positive[inside], keys.dtype)
        )
        _bucket(xp, word, None if w is None else w[inside], totals)
    counts = None
    if cut is not None:
        counts = _counts_above(xp, positive, s, w, cut)
    return totals.result(counts, str(device))


def _has_64_bits(xp: Any, device: Any) -> bool:
    """Whether the namespace keeps int64 and float64 (JAX narrows them to 32 bits, with a
    warning, unless ``jax_enable_x64`` is set)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        kept = [xp.asarray([0], dtype=kind, device=device).dtype for kind in (xp.int64, xp.float64)]
    return kept == [xp.int64, xp.float64]


def _on(xp: Any, values: Any, device: Any) -> Any:
    """``values`` as an array of namespace ``xp`` on ``device`` (moved there if needed)."""
    import array_api_compat

    try:
        if array_api_compat.array_namespace(values) is xp:
            return xp.asarray(values, device=device)
    except TypeError:
        pass
    return xp.asarray(np.asarray(values), device=device)


@dataclass
class _Totals:
    """What accumulates from the highest bucket down."""

    above_pos: Any = 0  # amounts scoring above the current bucket
    above_neg: Any = 0
    twice_pairs: Any = 0  # 2 * #(pos > neg) + #(pos == neg), weighted when weights are given
    precision_sum: float = 0.0
    exact: bool = True

    def result(self, counts: tuple[float, float, float, float] | None, device: str) -> RocAucAp:
        positives, negatives = self.above_pos, self.above_neg
        if positives <= 0 or negatives <= 0:
            warn_undefined("Only one class is present in the labels: ROC AUC is not defined (nan)")
            auc = float("nan")
        elif self.exact:
            auc = int(self.twice_pairs) / (2 * int(positives) * int(negatives))
        else:
            auc = float(self.twice_pairs) / (2.0 * float(positives) * float(negatives))
        if positives <= 0:
            warn_undefined("No positive samples: recall is set to 1 at every threshold")
            ap = 0.0
        else:
            ap = max(0.0, self.precision_sum / float(positives))
        return RocAucAp(auc, ap, float(positives), float(negatives), counts, device)


def _bucket(xp: Any, word: Any, weights: Any | None, totals: _Totals) -> None:
    """Tie groups of one bucket (sorted once) added to the running totals."""
    if weights is None:
        word = xp.sort(word)
    else:
        order = xp.argsort(word)
        word = xp.take(word, order)
        weights = xp.take(weights, order)
    size = word.shape[0]
    if size == 0:
        return
    key = xp.bitwise_right_shift(word, 1)
    label = xp.bitwise_and(word, 1)
    last = xp.asarray([size - 1], dtype=xp.int64, device=_device_of(word))
    ends = xp.concat([xp.astype(xp.nonzero(key[1:] != key[:-1])[0], xp.int64), last])
    if weights is None:
        upto_pos = xp.take(xp.cumulative_sum(xp.astype(label, xp.int64)), ends)
        upto_all = ends + 1
    else:
        totals.exact = False
        upto_pos = xp.take(xp.cumulative_sum(weights * xp.astype(label, xp.float64)), ends)
        upto_all = xp.take(xp.cumulative_sum(weights), ends)
    zero = xp.zeros(1, dtype=upto_pos.dtype, device=_device_of(word))
    before_pos = xp.concat([zero, upto_pos[:-1]])
    before_all = xp.concat([zero, upto_all[:-1]])
    bucket_pos, bucket_all = upto_pos[-1], upto_all[-1]
    pos = upto_pos - before_pos
    neg = (upto_all - before_all) - pos
    # positives and negatives scoring >= each group's score
    tp = (bucket_pos - before_pos) + totals.above_pos
    fp = ((bucket_all - bucket_pos) - (before_all - before_pos)) + totals.above_neg
    totals.twice_pairs += xp.sum(neg * (2 * tp - pos))
    tp_f = xp.astype(tp, xp.float64)
    predicted = tp_f + xp.astype(fp, xp.float64)
    safe = xp.where(predicted > 0, predicted, xp.ones_like(predicted))
    precision = xp.where(predicted > 0, tp_f / safe, xp.zeros_like(predicted))
    totals.precision_sum += float(xp.sum(xp.astype(pos, xp.float64) * precision))
    totals.above_pos += bucket_pos
    totals.above_neg += bucket_all - bucket_pos
    if totals.exact:
        totals.twice_pairs = int(totals.twice_pairs)
        totals.above_pos, totals.above_neg = int(totals.above_pos), int(totals.above_neg)
    else:
        totals.twice_pairs = float(totals.twice_pairs)
        totals.above_pos, totals.above_neg = float(totals.above_pos), float(totals.above_neg)


def _device_of(x: Any) -> Any:
    import array_api_compat

    return array_api_compat.device(x)


def _counts_above(
    xp: Any, positive: Any, scores: Any, weights: Any | None, cut: float
) -> tuple[float, float, float, float]:
    on = scores > cut
    cells = (positive & on, ~positive & on, positive & ~on, ~positive & ~on)
    if weights is None:
        tp, fp, fn, tn = (float(xp.sum(xp.astype(c, xp.int64))) for c in cells)
    else:
        tp, fp, fn, tn = (float(xp.sum(xp.where(c, weights, 0.0))) for c in cells)
    return tp, fp, fn, tn
