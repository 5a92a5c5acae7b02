"""torchmetrics 1.9.0's format, update and reduce stages: preds → tp/fp/tn/fn → accuracy.

Mirrors ``_{binary,multiclass,multilabel}_stat_scores_{format,update}`` in
``torchmetrics/functional/classification/stat_scores.py`` and ``_accuracy_reduce`` in
``accuracy.py``, shapes included (the ``squeeze`` after the binary and multilabel sums), so
that the reduction sees exactly what torchmetrics' sees. All divisions are float32.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from headcheck._errors import InputError
from headcheck.semantics._torchmetrics_checks import AnyArray, dim, fail

__all__ = [
    "Float32Array",
    "Stats",
    "accuracy_reduce",
    "binary_stats",
    "merge_batches",
    "multiclass_stats",
    "multilabel_exact_match_counts",
    "multilabel_format",
    "multilabel_stats",
    "needs_sigmoid",
    "safe_divide",
    "threshold_preds",
]

IntArray = npt.NDArray[np.int64]
Float32Array = npt.NDArray[np.float32]


class Stats(NamedTuple):
    """True/false positives/negatives as torchmetrics accumulates them (int64)."""

    tp: IntArray
    fp: IntArray
    tn: IntArray
    fn: IntArray


def needs_sigmoid(preds: AnyArray) -> bool:
    """``normalize_logits_if_needed``'s CPU test: any value outside [0, 1]."""
    return preds.dtype.kind == "f" and not bool(np.all((preds >= 0) & (preds <= 1)))


def _torch_sigmoid(x: AnyArray) -> AnyArray:
    """``Tensor.sigmoid`` on CPU: ``1 / (1 + exp(-x))`` rounded like torch rounds it.

    float64 is computed in float64. float32 and float16 take exp in float64 rounded to
    float32 (torch's SIMD exp is within an ulp of correctly rounded), then ``1 + e`` and the
    reciprocal in float32, as torch's vectorised kernel does; float16 is rounded at the end.
    Threshold decisions agree with torch except for values within one float32 ulp of it.
    """
    with np.errstate(over="ignore"):
        if x.dtype == np.float64:
            return np.asarray(1.0 / (1.0 + np.exp(-x)))
        e = np.exp(-x.astype(np.float64)).astype(np.float32)
    one = np.float32(1.0)
    return np.asarray(one / (one + e)).astype(x.dtype)


def threshold_preds(preds: AnyArray, threshold: float) -> AnyArray:
    """Floating preds → sigmoid if any value lies outside [0, 1], then strict ``> threshold``.

    The threshold is compared in the preds' own dtype, as torch compares a tensor with a
    Python scalar. Integer and boolean preds are labels and pass through unchanged.
    """
    if preds.dtype.kind != "f":
        return preds
    if needs_sigmoid(preds):
        preds = _torch_sigmoid(preds)
    return np.asarray(preds > preds.dtype.type(threshold))


def _mask_ignored(target: AnyArray, ignore_index: int | None) -> AnyArray:
    if ignore_index is None:
        return target
    return np.where(target == ignore_index, target.dtype.type(-1), target)


def _counts(preds: AnyArray, target: AnyArray, axis: int | tuple[int, ...]) -> Stats:
    equal = target == preds
    positive = target == 1
    negative = target == 0
    return Stats(
        tp=np.squeeze((equal & positive).sum(axis)),
        fp=np.squeeze((~equal & negative).sum(axis)),
        tn=np.squeeze((equal & negative).sum(axis)),
        fn=np.squeeze((~equal & positive).sum(axis)),
    )


def binary_stats(
    preds: AnyArray,
    target: AnyArray,
    threshold: float,
    multidim_average: str,
    ignore_index: int | None,
) -> Stats:
    """``_binary_stat_scores_format`` + ``_binary_stat_scores_update``."""
    labels = threshold_preds(preds, threshold)
    n = dim(labels.shape, 0)
    labels = labels.reshape(n, -1)
    target = _mask_ignored(target.reshape(n, -1), ignore_index)
    return _counts(labels, target, (0, 1) if multidim_average == "global" else 1)


def multilabel_format(
    preds: AnyArray, target: AnyArray, threshold: float, ignore_index: int | None
) -> tuple[AnyArray, AnyArray]:
    """``_multilabel_stat_scores_format``: threshold, shape (N, L, -1), ignored → -1."""
    labels = threshold_preds(preds, threshold)
    labels = labels.reshape(*labels.shape[:2], -1)
    target = _mask_ignored(target.reshape(*target.shape[:2], -1), ignore_index)
    return labels, target


def multilabel_stats(
    preds: AnyArray,
    target: AnyArray,
    threshold: float,
    multidim_average: str,
    ignore_index: int | None,
) -> Stats:
    """``_multilabel_stat_scores_format`` + ``_multilabel_stat_scores_update``."""
    labels, target = multilabel_format(preds, target, threshold, ignore_index)
    return _counts(labels, target, (0, 2) if multidim_average == "global" else 2)


def multilabel_exact_match_counts(
    labels: AnyArray,
    target: AnyArray,
    num_labels: int,
    multidim_average: str,
    ignore_index: int | None,
) -> tuple[IntArray, int]:
    """``_multilabel_exact_match_update`` on formatted inputs: (correct, total).

    Ignored targets are replaced by the prediction, so they always match.
    """
    if ignore_index is not None:
        target = np.where(target == -1, labels.astype(np.int64), target)
    if multidim_average == "global":
        labels = np.moveaxis(labels, 1, -1).reshape(-1, num_labels)
        target = np.moveaxis(target, 1, -1).reshape(-1, num_labels)
        total = labels.shape[0]
    else:
        total = labels.shape[2]
    correct = ((labels == target).sum(1) == num_labels).sum(-1)
    return np.asarray(correct, dtype=np.int64), total


def _one_hot_check(labels: AnyArray, size: int) -> None:
    """``torch.nn.functional.one_hot``'s range checks."""
    if labels.size and labels.min() < 0:
        fail("RuntimeError", "Class values must be non-negative.")
    if labels.size and labels.max() >= size:
        fail("RuntimeError", "Class values must be smaller than num_classes.")


def _top_k_labels(scores: AnyArray, target: AnyArray, num_classes: int, top_k: int) -> AnyArray:
    """``_refine_preds_oh``: the target where it is among the top k scores, else the top-1.

    Ties at the k-th place go to the lower class index. torch.topk's order among equal
    scores is not specified (CPU uses nth_element), so torchmetrics may differ there.
    """
    if target.dtype.kind == "f":
        fail("RuntimeError", "scatter(): Expected dtype int32/int64 for index")
    labels = target.astype(np.int64)
    known = (labels >= 0) & (labels < num_classes)
    safe = np.where(known, labels, 0)
    own = np.take_along_axis(scores, safe[:, None, :], axis=1)
    index = np.arange(num_classes)[None, :, None]
    ahead = (scores > own).sum(1) + ((scores == own) & (index < safe[:, None, :])).sum(1)
    return np.where(known & (ahead < top_k), labels, scores.argmax(axis=1))


def _per_class_counts(
    pred_labels: AnyArray, target_labels: AnyArray, valid: AnyArray, num_classes: int
) -> Stats:
    """tp/fp/tn/fn per (sample, class) from labels, counting only valid positions."""
    n = pred_labels.shape[0]
    rows = np.broadcast_to(np.arange(n)[:, None], pred_labels.shape)
    size = n * num_classes

    def count(mask: AnyArray, labels: AnyArray) -> IntArray:
        keys = rows[mask] * num_classes + labels[mask]
        return np.bincount(keys, minlength=size).reshape(n, num_classes)

    target_in = valid & (target_labels < num_classes)
    pred_in = valid & (pred_labels < num_classes)
    tp = count(pred_in & (pred_labels == target_labels), target_labels)
    fn = count(target_in, target_labels) - tp
    fp = count(pred_in, pred_labels) - tp
    tn = valid.sum(1)[:, None] - tp - fn - fp
    return Stats(tp=tp, fp=fp, tn=tn, fn=fn)


def _one_hot_stats(
    preds: AnyArray,
    target: AnyArray,
    num_classes: int,
    top_k: int,
    multidim_average: str,
    ignore_index: int | None,
) -> Stats:
    """The samplewise / top-k branch of ``_multiclass_stat_scores_update`` (one-hot based)."""
    ignore_in = ignore_index is not None and 0 <= ignore_index <= num_classes - 1
    ignore_out = ignore_index is not None and not ignore_in
    if ignore_out:
        ignored = target == ignore_index
        target = np.where(ignored, target.dtype.type(num_classes), target)
        if preds.ndim == target.ndim:
            preds = np.where(ignored, preds.dtype.type(num_classes), preds)
    width = num_classes + 1 if ignore_out else num_classes
    if top_k > 1:
        pred_labels = _top_k_labels(preds, target, num_classes, top_k)
    else:
        pred_labels = preds.astype(np.int64)
        _one_hot_check(pred_labels, width)
    target_labels = target.astype(np.int64)
    _one_hot_check(target_labels, width)
    if ignore_in:
        valid = target != ignore_index
    elif ignore_out:
        valid = target != num_classes
    else:
        valid = np.ones(target.shape, dtype=bool)
    stats = _per_class_counts(pred_labels, target_labels, valid, num_classes)
    if multidim_average == "global":
        return Stats(*(np.asarray(s.sum(0)) for s in stats))
    return stats


def _check_top_k_scores(preds: AnyArray, target: AnyArray, top_k: int) -> None:
    """What torch does when top_k > 1 meets preds that are labels (same ndim as target)."""
    if preds.ndim != target.ndim:
        return
    n = preds.shape[0]
    width = preds.shape[1] if preds.ndim > 1 else 1
    if width < top_k:
        fail("RuntimeError", "selected index k out of range")
    if preds.ndim == 2:
        fail(
            "RuntimeError",
            f"Expected index [{n}, {width}, 1] to be no larger than self [{n}, 1, {width}] "
            "apart from dimension 2",
        )
    raise InputError("`top_k` > 1 needs scores of shape (N, C, ...), not labels")


def multiclass_stats(
    preds: AnyArray,
    target: AnyArray,
    num_classes: int | None,
    top_k: int,
    average: str | None,
    multidim_average: str,
    ignore_index: int | None,
) -> Stats:
    """``_multiclass_stat_scores_format`` + ``_multiclass_stat_scores_update``."""
    if top_k > 1:
        _check_top_k_scores(preds, target, top_k)
    if preds.ndim == target.ndim + 1 and top_k == 1:
        dim(preds.shape, 1)
        preds = np.argmax(preds, axis=1)
    n = dim(preds.shape, 0)
    preds = preds.reshape(*preds.shape[:2], -1) if top_k != 1 else preds.reshape(n, -1)
    target = target.reshape(n, -1)
    classes = num_classes or 1
    if multidim_average == "samplewise" or top_k != 1:
        return _one_hot_stats(preds, target, classes, top_k, multidim_average, ignore_index)
    preds, target = preds.ravel(), target.ravel()
    if ignore_index is not None:
        keep = target != ignore_index
        preds, target = preds[keep], target[keep]
    if average == "micro":
        tp = np.asarray((preds == target).sum(), dtype=np.int64)
        wrong = np.asarray(preds.size - tp, dtype=np.int64)
        tn = np.asarray(classes * preds.size - (2 * wrong + tp), dtype=np.int64)
        return Stats(tp=tp, fp=wrong, tn=tn, fn=wrong)
    mapping = target.astype(np.int64) * classes + preds.astype(np.int64)
    if mapping.size and mapping.min() < 0:
        fail("RuntimeError", "bincount only supports 1-d non-negative integral inputs.")
    bins = np.bincount(mapping, minlength=classes**2)
    if bins.size != classes**2:
        fail(
            "RuntimeError",
            f"shape '[{classes}, {classes}]' is invalid for input of size {bins.size}",
        )
    confmat: npt.NDArray[Any] = bins.reshape(classes, classes)
    tp = np.diag(confmat).copy()
    fp = confmat.sum(0) - tp
    fn = confmat.sum(1) - tp
    tn = confmat.sum() - (fp + fn + tp)
    return Stats(tp=tp, fp=fp, tn=tn, fn=fn)


def safe_divide(num: AnyArray, den: AnyArray) -> Float32Array:
    """``_safe_divide``: float32 division, 0 where the denominator is 0."""
    num = np.asarray(num).astype(np.float32, copy=False)
    den = np.asarray(den).astype(np.float32, copy=False)
    with np.errstate(divide="ignore", invalid="ignore"):
        quotient = num / den
    return np.where(den != 0, quotient, np.float32(0.0)).astype(np.float32)


def _sum(values: AnyArray, axis: int) -> AnyArray:
    """``Tensor.sum(dim=axis)``: a 0-d tensor accepts dim 0; a too-short one raises."""
    if values.ndim == 0 and axis == 0:
        return values
    if axis >= values.ndim:
        n = max(values.ndim, 1)
        fail(
            "IndexError",
            f"Dimension out of range (expected to be in range of [{-n}, {n - 1}], but got {axis})",
        )
    return np.asarray(values.sum(axis))


def accuracy_reduce(
    stats: Stats,
    average: str | None,
    multidim_average: str,
    multilabel: bool = False,
    top_k: int = 1,
) -> Float32Array:
    """``_accuracy_reduce`` and ``_adjust_weights_safe_divide``."""
    tp, fp, tn, fn = stats
    if average == "binary":
        return safe_divide(tp + tn, tp + tn + fp + fn)
    if average == "micro":
        axis = 0 if multidim_average == "global" else 1
        tp, fn = _sum(tp, axis), _sum(fn, axis)
        if multilabel:
            fp, tn = _sum(fp, axis), _sum(tn, axis)
            return safe_divide(tp + tn, tp + tn + fp + fn)
        return safe_divide(tp, tp + fn)
    score = safe_divide(tp + tn, tp + tn + fp + fn) if multilabel else safe_divide(tp, tp + fn)
    if average is None or average == "none":
        return score
    if average == "weighted":
        weights = (tp + fn).astype(np.float32)
    else:
        weights = np.ones_like(score)
        if not multilabel:
            weights[(tp + fp + fn == 0) if top_k == 1 else (tp + fn == 0)] = 0.0
    total = weights.sum(-1, keepdims=True, dtype=np.float32)
    return np.asarray(safe_divide(weights * score, total).sum(-1, dtype=np.float32))


def _cat(parts: tuple[IntArray, ...]) -> IntArray:
    """``dim_zero_cat``: 0-d states become (1,), then ``torch.cat`` along dimension 0."""
    arrays = [p.reshape(1) if p.ndim == 0 else p for p in parts]
    for array in arrays[1:]:
        if array.ndim != arrays[0].ndim:  # a batch of one multilabel sample was squeezed
            fail(
                "RuntimeError",
                "Tensors must have same number of dimensions: "
                f"got {arrays[0].ndim} and {array.ndim}",
            )
    return np.concatenate(arrays)


def merge_batches(batches: list[Stats], multidim_average: str) -> Stats:
    """Metric state: summed (global) or concatenated like ``dim_zero_cat`` (samplewise)."""
    if multidim_average == "global":
        return Stats(*(np.asarray(sum(parts)) for parts in zip(*batches, strict=True)))
    return Stats(*(_cat(parts) for parts in zip(*batches, strict=True)))
