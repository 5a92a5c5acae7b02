"""Keras' cross-entropy loss objects, generation by generation and backend by backend.

The public entry points are in :mod:`headcheck.semantics.losses`; this module holds the
pipeline every Keras loss object runs, in the order Keras runs it:

1. ``y_true`` and ``y_pred`` are float32 tensors (Keras 3 casts to ``floatx``; a Keras 2
   model emits float32);
2. their ranks are reconciled (each generation has its own rule, see :func:`_align`);
3. the per-element cross-entropy of that generation and backend (clipping epsilons and all),
   using the logits cached on a sigmoid/softmax output where TensorFlow does so;
4. the mean over the last axis (binary) or the sum over classes (categorical);
5. sample weights and the reduction.

Sources: tf-keras 2.21 (``tf_keras/src/backend.py``, ``losses.py``, ``utils/losses_utils.py``,
``engine/compile_utils.py``), Keras 3.15.1 (``keras/src/losses/loss.py``, ``losses.py``,
``backend/{tensorflow,torch,jax}/nn.py``), Keras 2.3.1 (``keras/losses.py``,
``utils/losses_utils.py``, and TensorFlow 2.0–2.1's ``tf.keras.backend`` that it calls),
Keras 2.2.4 (``keras/backend/tensorflow_backend.py``, ``keras/engine/training_utils.py``).
"""

from __future__ import annotations

from typing import Final, Literal

import numpy as np
import numpy.typing as npt

from headcheck._errors import FrameworkError, InputError, UnknownNameError
from headcheck.semantics import torch_losses
from headcheck.semantics._arrays import FloatArray, as_float_array
from headcheck.semantics._keras_reduction import (
    Flavour,
    per_sample_weights,
    reduce_losses,
    reductions_for,
)
from headcheck.semantics.activations import log_softmax

__all__ = ["LossName", "keras_crossentropy"]

LossName = Literal[
    "binary_crossentropy", "categorical_crossentropy", "sparse_categorical_crossentropy"
]
IntArray = npt.NDArray[np.int64]

EPSILON: Final = np.float32(1e-7)  # keras.backend.epsilon()
_LOW: Final = EPSILON
_HIGH: Final = np.float32(1) - EPSILON
_F32 = np.float32


def keras_crossentropy(
    loss: LossName,
    y_true: object,
    y_pred: object,
    *,
    from_logits: bool,
    label_smoothing: float,
    sample_weight: object | None,
    reduction: str,
    logits: object | None,
    activation: str | None,
    target: str,
    backend: str | None,
    graph: bool = False,
) -> float | FloatArray:
    """The value a Keras loss object returns; see :mod:`headcheck.semantics.losses`."""
    flavour = Flavour(target, backend, graph)
    if reduction not in reductions_for(target):
        raise UnknownNameError(
            f"reduction for target {target!r}", reduction, reductions_for(target)
        )
    pred = as_float_array(y_pred, "y_pred").astype(_F32)
    if pred.ndim == 0:
        raise InputError("`y_pred` is a scalar; expected one row per sample, (N,) or (N, units)")
    true = as_float_array(y_true, "y_true").astype(_F32)
    z = None
    if logits is not None:
        z = as_float_array(logits, "logits").astype(_F32)
        if z.shape != pred.shape:
            raise InputError(
                f"expected `logits` of the shape of `y_pred`, {pred.shape}, got {z.shape}"
            )
    weights = per_sample_weights(sample_weight, pred.shape[0])
    true, pred, z = _align(flavour, true, pred, z)
    if z is not None and not _reads_cached_logits(flavour, loss, from_logits, activation, z.ndim):
        z = None
    if loss == "binary_crossentropy":
        per_sample = _binary(flavour, true, pred, z, from_logits, label_smoothing)
    elif loss == "categorical_crossentropy":
        per_sample = _categorical(flavour, true, pred, z, from_logits, label_smoothing)
    else:
        per_sample = _sparse(flavour, true, pred, z, from_logits)
    return reduce_losses(flavour, per_sample, weights, reduction)


def _align(
    flavour: Flavour, true: FloatArray, pred: FloatArray, z: FloatArray | None
) -> tuple[FloatArray, FloatArray, FloatArray | None]:
    """Reconcile ranks as the generation does; a reshaped ``y_pred`` loses its cached logits."""
    if flavour.keras3:  # keras/src/losses/loss.py::squeeze_or_expand_to_same_rank
        if true.ndim == pred.ndim + 1 and true.shape[-1] == 1:
            if pred.ndim == 1:
                pred, z = pred[:, None], None
            else:
                true = true[..., 0]
        elif pred.ndim == true.ndim + 1 and pred.shape[-1] == 1:
            if true.ndim == 1:
                true = true[:, None]
            else:
                pred, z = pred[..., 0], None
        return true, pred, z
    # compile()/fit() give a rank-1 target the output's rank first (tf-keras
    # compile_utils.match_dtype_and_rank; Keras ≤ 2.3 standardize_input_data).
    if true.ndim == 1 and pred.ndim == 2:
        true = true[:, None]
    if flavour.target == "tf.keras":  # losses_utils.squeeze_or_expand_dimensions on tensors
        diff = pred.ndim - true.ndim
        if diff == 1 and pred.shape[-1] == 1:
            pred, z = pred[..., 0], None
        elif diff == -1 and true.shape[-1] == 1:
            true = true[..., 0]
    return true, pred, z


def _reads_cached_logits(
    flavour: Flavour, loss: LossName, from_logits: bool, activation: str | None, rank: int
) -> bool:
    if flavour.caches_logits:
        return True
    if flavour.target != "keras2.3":
        return False
    # TF ≤ 2.1 backend: graph op type, and only when from_logits=False. Keras 2.3's softmax is
    # a Softmax op only for rank-2 inputs (higher ranks are exp/sum).
    if from_logits:
        return False
    if loss == "binary_crossentropy":
        return activation == "sigmoid"
    return activation == "softmax" and rank == 2


def _sigmoid_ce(t: FloatArray, z: FloatArray) -> FloatArray:
    """``tf.nn.sigmoid_cross_entropy_with_logits``: ``max(z, 0) − z·t + log1p(exp(−|z|))``."""
    out = np.maximum(z, _F32(0)) - z * t + np.log1p(np.exp(-np.abs(z)))
    return np.asarray(out, dtype=_F32)


def _softmax_ce(t: FloatArray, z: FloatArray) -> FloatArray:
    return np.asarray(-np.sum(t * log_softmax(z).astype(_F32), axis=-1), dtype=_F32)


def _same_shape_or_fail(flavour: Flavour, true: FloatArray, pred: FloatArray, rank: bool) -> None:
    received = (
        f"Received: target.shape={flavour.shape(true.shape)}, "
        f"output.shape={flavour.shape(pred.shape)}"
    )
    if flavour.keras3:
        if rank and flavour.on_tensorflow and true.ndim != pred.ndim:
            raise flavour.fail(
                "ValueError",
                f"Arguments `target` and `output` must have the same rank (ndim). {received}",
            )
        if true.shape != pred.shape:
            raise flavour.fail(
                "ValueError",
                f"Arguments `target` and `output` must have the same shape. {received}",
            )
    elif true.shape != pred.shape:
        raise InputError(
            f"expected `y_true` of the shape of `y_pred`, {pred.shape}, got {true.shape}"
        )


def _binary(
    flavour: Flavour,
    true: FloatArray,
    pred: FloatArray,
    z: FloatArray | None,
    from_logits: bool,
    label_smoothing: float,
) -> FloatArray:
    _same_shape_or_fail(flavour, true, pred, rank=True)
    if label_smoothing:
        true = (true * _F32(1.0 - label_smoothing) + _F32(0.5 * label_smoothing)).astype(_F32)
    if z is not None:
        elements = _sigmoid_ce(true, z)
    elif from_logits:
        if flavour.backend == "torch":
            elements = torch_losses.bce_with_logits_elements(pred, true)
        else:
            elements = _sigmoid_ce(true, pred)
    else:
        elements = _binary_from_probabilities(flavour, true, np.clip(pred, _LOW, _HIGH))
    return np.asarray(np.mean(elements, axis=-1, dtype=_F32), dtype=_F32)


def _binary_from_probabilities(flavour: Flavour, t: FloatArray, p: FloatArray) -> FloatArray:
    one = _F32(1)
    if flavour.target == "keras2.2":  # back to logits, then the logits formula
        return _sigmoid_ce(t, np.log(p / (one - p)))
    if flavour.target in ("keras2.3", "tf.keras"):  # ε added again inside the logs
        if flavour.graph and flavour.target == "tf.keras":
            # Grappler folds (1 − p) + ε into (1 + ε) − p inside a tf.function (fit, evaluate).
            complement = (one + EPSILON) - p
        else:
            complement = (one - p) + EPSILON
        return np.asarray(-(t * np.log(p + EPSILON) + (one - t) * np.log(complement)), _F32)
    if flavour.backend == "torch":
        try:
            torch_losses.check_bce_range(p, t)
        except FrameworkError as error:
            raise flavour.fail(error.framework_type, error.framework_message) from None
        return torch_losses.bce_elements(p, t)
    return np.asarray(-(t * np.log(p) + (one - t) * np.log(one - p)), dtype=_F32)


def _categorical(
    flavour: Flavour,
    true: FloatArray,
    pred: FloatArray,
    z: FloatArray | None,
    from_logits: bool,
    label_smoothing: float,
) -> FloatArray:
    if flavour.target == "tf.keras" and true.shape != pred.shape:
        raise flavour.fail("ValueError", f"Shapes {true.shape} and {pred.shape} are incompatible")
    _same_shape_or_fail(flavour, true, pred, rank=True)
    if label_smoothing:
        # Keras 2.3 counts classes with K.shape(y_true)[1]; the others with the last axis.
        axis = 1 if flavour.target == "keras2.3" and true.ndim > 1 else -1
        n_classes = _F32(true.shape[axis])
        true = (true * _F32(1.0 - label_smoothing) + _F32(label_smoothing) / n_classes).astype(_F32)
    if z is not None:
        return _softmax_ce(true, z)
    if from_logits:
        return _softmax_ce(true, pred)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.clip(pred / np.sum(pred, axis=-1, keepdims=True, dtype=_F32), _LOW, _HIGH)
    return np.asarray(-np.sum(true * np.log(p), axis=-1, dtype=_F32), dtype=_F32)


def _sparse(
    flavour: Flavour, true: FloatArray, pred: FloatArray, z: FloatArray | None, from_logits: bool
) -> FloatArray:
    labels = np.trunc(true).astype(np.int64)  # a cast to int64 truncates: 1.7 is class 1
    if labels.ndim == pred.ndim and labels.shape[-1] == 1:
        labels = labels[..., 0]
    if labels.shape != pred.shape[:-1]:
        if flavour.keras3:
            if flavour.on_tensorflow and labels.ndim != pred.ndim - 1:
                raise flavour.fail(
                    "ValueError",
                    "Argument `output` must have rank (ndim) `target.ndim - 1`. Received: "
                    f"target.shape={labels.shape}, output.shape={pred.shape}",
                )
            raise flavour.fail(
                "ValueError",
                "Arguments `target` and `output` must have the same shape up until the last "
                f"dimension: target.shape={flavour.shape(labels.shape)}, "
                f"output.shape={flavour.shape(pred.shape)}",
            )
        raise InputError(
            f"expected `y_true` of class indices with shape {pred.shape[:-1]}, got {true.shape}"
        )
    n_classes = pred.shape[-1]
    if flavour.backend == "torch":
        return _sparse_keras3_torch(flavour, labels, pred, from_logits)
    if flavour.backend == "jax":
        log_p = _sparse_log_probabilities(pred, from_logits)
        inside = (labels >= 0) & (labels < n_classes)  # jax.nn.one_hot: zeros outside
        picked = _pick(log_p, np.where(inside, labels, 0))
        return np.asarray(np.where(inside, -picked, _F32(0)), dtype=_F32)
    if labels.size and (labels.min() < 0 or labels.max() >= n_classes):
        bad = labels.min() if labels.min() < 0 else labels.max()
        listed = " ".join(str(v) for v in labels.ravel())
        raise flavour.fail(
            "InvalidArgumentError",
            f"Received a label value of {bad} which is outside the valid range of "
            f"[0, {n_classes}).  Label values: {listed}",
        )
    if z is not None:
        scores = z
    elif from_logits:
        scores = pred
    else:
        with np.errstate(divide="ignore"):
            scores = np.log(np.clip(pred, _LOW, _HIGH))
    return np.asarray(-_pick(log_softmax(scores).astype(_F32), labels), dtype=_F32)


def _pick(values: FloatArray, labels: IntArray) -> FloatArray:
    return np.take_along_axis(values, labels[..., None], axis=-1)[..., 0]


def _sparse_log_probabilities(pred: FloatArray, from_logits: bool) -> FloatArray:
    """Keras 3 torch/jax: log-softmax of logits, or log of renormalised, clipped probabilities."""
    if from_logits:
        return log_softmax(pred).astype(_F32)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.clip(pred / np.sum(pred, axis=-1, keepdims=True, dtype=_F32), _LOW, _HIGH)
    return np.asarray(np.log(p), dtype=_F32)


def _sparse_keras3_torch(
    flavour: Flavour, labels: IntArray, pred: FloatArray, from_logits: bool
) -> FloatArray:
    """``F.cross_entropy`` / ``F.nll_loss`` with ``reduction='none'``: label −100 is ignored."""
    log_p = _sparse_log_probabilities(pred, from_logits)
    if pred.ndim > 2:
        log_p = np.moveaxis(log_p, -1, 1)
    try:
        losses, _, _, _ = torch_losses.nll_elements(log_p, labels, None, -100)
    except FrameworkError as error:
        raise flavour.fail(error.framework_type, error.framework_message) from None
    return losses
