"""``target="torch"`` for the Keras-style loss functions: the matching ``torch.nn`` loss."""

from __future__ import annotations

from typing import Final

import numpy as np

from headcheck._errors import FrameworkError, InputError, UnknownNameError
from headcheck.semantics import torch_losses
from headcheck.semantics._arrays import FloatArray, as_float_array
from headcheck.semantics._keras_losses import LossName
from headcheck.semantics._keras_reduction import per_sample_weights

__all__ = ["torch_crossentropy"]

_TORCH_REDUCTIONS: Final = {
    "sum_over_batch_size": "mean",
    "mean": "mean",
    "sum": "sum",
    "none": "none",
}


def torch_crossentropy(
    name: LossName,
    y_true: object,
    y_pred: object,
    from_logits: bool,
    label_smoothing: float,
    sample_weight: object | None,
    reduction: str,
) -> float | FloatArray:
    """The ``torch.nn`` loss for ``name``; ``"sum_over_batch_size"`` is torch's ``"mean"``."""
    if reduction not in _TORCH_REDUCTIONS:
        raise UnknownNameError("reduction for target 'torch'", reduction, tuple(_TORCH_REDUCTIONS))
    torch_reduction = _TORCH_REDUCTIONS[reduction]
    if name == "binary_crossentropy":
        if label_smoothing:
            owner = "BCEWithLogitsLoss" if from_logits else "_WeightedLoss"
            raise FrameworkError(
                "torch",
                "TypeError",
                f"{owner}.__init__() got an unexpected keyword argument 'label_smoothing'",
            )
        weight = _torch_sample_weight(sample_weight, y_pred)
        if from_logits:
            return torch_losses.binary_cross_entropy_with_logits(
                y_pred, y_true, weight=weight, reduction=torch_reduction
            )
        return torch_losses.binary_cross_entropy(
            y_pred, y_true, weight=weight, reduction=torch_reduction
        )
    if not from_logits:
        raise UnknownNameError(
            "torch loss for probabilities (from_logits=False)",
            name,
            (
                f"nn.CrossEntropyLoss on logits ({name} with from_logits=True)",
                "nn.NLLLoss on log-probabilities (torch_losses.nll_loss)",
            ),
        )
    if sample_weight is not None:
        raise InputError(
            "nn.CrossEntropyLoss has no per-sample weights (its `weight` is one per class); "
            "use reduction='none' and weight the per-sample losses"
        )
    return torch_losses.cross_entropy(
        y_pred, y_true, reduction=torch_reduction, label_smoothing=label_smoothing
    )


def _torch_sample_weight(sample_weight: object | None, y_pred: object) -> FloatArray | None:
    """Per-sample weights as ``BCELoss(weight=...)`` takes them: shaped (N, 1, …)."""
    if sample_weight is None:
        return None
    pred = as_float_array(y_pred, "y_pred")
    if pred.ndim == 0:
        raise InputError("`y_pred` is a scalar; expected one row per sample")
    weights = per_sample_weights(sample_weight, pred.shape[0])
    assert weights is not None
    per_sample = np.broadcast_to(weights.reshape(-1), pred.shape[:1])
    return per_sample.reshape((-1,) + (1,) * (pred.ndim - 1))
