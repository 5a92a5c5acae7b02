"""Cross-entropy losses exactly as each framework computes them (NumPy only).

Each function returns what the user-facing loss object returns in the chosen ``target`` —
``keras.losses.BinaryCrossentropy(from_logits=..., label_smoothing=...)(y_true, y_pred,
sample_weight=...)`` for Keras, the matching ``torch.nn`` loss for ``target="torch"`` — on
float32 inputs, as a model emits them. ``reduction="none"`` gives the per-sample losses
(PyTorch: per element), the other reductions a Python float.

============  ==============================================================================
target        what is reproduced
============  ==============================================================================
keras2.2      Keras 2.2.4, by source (it needs TF 1 and cannot be run here): probabilities are
              clipped to [ε, 1−ε] and turned back into logits; no ``label_smoothing``; the
              ``keras.losses`` functions have no ``from_logits`` (``from_logits=True`` gives
              what ``K.binary_crossentropy(..., from_logits=True)`` in a custom loss gives);
              ``"sum_over_batch_size"`` is the batch loss ``fit`` reports:
              ``mean(w·l) / mean(w ≠ 0)``
keras2.3      Keras 2.3.1 and tf.keras ≤ 2.1, by source (TensorFlow 2.0–2.1 backend): ε added
              twice inside the logs; in a model, a ``Sigmoid``/``Softmax`` output op is
              unwrapped to its logits when ``from_logits=False`` and the op matches the loss
              (``logits=`` with ``activation=``, which defaults to sigmoid for binary and
              softmax for categorical losses), never when ``from_logits=True``
tf.keras      tf-keras 2.21 (= tf.keras 2.10–2.15): ε = 1e-7 clipping and ε added twice
              (worst case 15.333 / 15.425 for a loss object called eagerly; 15.249 / 15.425
              inside ``tf.function``, ``fit`` and ``evaluate``: ``graph=True``); logits cached
              on sigmoid/softmax outputs are always used (``logits=``), also when
              ``from_logits=True`` (TensorFlow warns, see :func:`tf_logit_recovery_warning`)
              and also for BCE on a softmax output
keras3        Keras 3.15.1. ``backend="tensorflow"``: clipping without the extra ε (15.942 /
              16.118) and the same logit cache as tf.keras; ``"torch"``: no cache (a sigmoid
              output with ``from_logits=True`` is squashed twice), ``F.binary_cross_entropy``
              rejects labels outside [0, 1], label −100 is ignored by sparse CE; ``"jax"``
              (by source, not run): like torch, out-of-range sparse labels score 0
torch         ``nn.BCELoss`` / ``nn.BCEWithLogitsLoss`` / ``nn.CrossEntropyLoss`` (class
              probabilities for ``categorical_crossentropy``, class indices for
              ``sparse_categorical_crossentropy``) via :mod:`~headcheck.semantics.torch_losses`
============  ==============================================================================

Shapes. A rank-1 ``y_pred`` of shape (N,) is one sample with N outputs to Keras: the binary
loss is one number (the batch mean) and sample weights no longer weight samples. Labels of
shape (N,) against an (N, 1) output are given the output's rank first, as ``compile``/``fit``
do in Keras 2 (tf-keras ``match_dtype_and_rank``) and as every Keras 3 loss object does.
(Called directly on NumPy arrays, a tf-keras loss object instead broadcasts (N,) against
(N, 1) into an (N, N) matrix: a silently wrong loss headcheck does not reproduce.)
"""

from __future__ import annotations

import math
from typing import Final, Literal, overload

from headcheck._errors import FrameworkError, InputError, UnknownNameError
from headcheck.semantics._arrays import FloatArray
from headcheck.semantics._keras_losses import LossName, keras_crossentropy
from headcheck.semantics._torch_target import torch_crossentropy
from headcheck.targets import check_backend, check_target

__all__ = [
    "LOSS_TARGETS",
    "binary_crossentropy",
    "categorical_crossentropy",
    "sparse_categorical_crossentropy",
    "tf_logit_recovery_warning",
]

Reduced = Literal["sum_over_batch_size", "sum", "mean", "auto", "mean_with_sample_weight"]
LOSS_TARGETS: Final = ("keras2.2", "keras2.3", "tf.keras", "keras3", "torch")
_ACTIVATIONS: Final = ("sigmoid", "softmax")


def tf_logit_recovery_warning(loss_name: str, activation: str | None) -> str | None:
    """The warning TensorFlow Keras (tf-keras ≥ 2.10, Keras 3 on TensorFlow) emits when a loss
    gets ``from_logits=True`` and an output produced by ``activation``; ``None`` if it does not.

    The op named is fixed by the loss, not by the activation: any sigmoid or softmax output
    carries its logits, and the loss uses them (computing the *correct* loss despite the flag).

    >>> print(tf_logit_recovery_warning("binary_crossentropy", "softmax"))
    "`binary_crossentropy` received `from_logits=True`, but the `output` argument was produced \
by a Sigmoid activation and thus does not represent logits. Was this intended?
    >>> tf_logit_recovery_warning("categorical_crossentropy", "linear") is None
    True
    """
    names = ("binary_crossentropy", "categorical_crossentropy", "sparse_categorical_crossentropy")
    if loss_name not in names:
        raise UnknownNameError("loss", loss_name, names)
    if activation not in _ACTIVATIONS:
        return None
    op_type = "Sigmoid" if loss_name == "binary_crossentropy" else "Softmax"
    return (
        f'"`{loss_name}` received `from_logits=True`, but the `output` argument was produced '
        f"by a {op_type} activation and thus does not represent logits. Was this intended?"
    )


@overload
def binary_crossentropy(
    y_true: object,
    y_pred: object,
    *,
    from_logits: bool = ...,
    label_smoothing: float = ...,
    sample_weight: object | None = ...,
    reduction: Literal["none"],
    logits: object | None = ...,
    activation: str | None = ...,
    target: str = ...,
    backend: str | None = ...,
    graph: bool = ...,
) -> FloatArray: ...


@overload
def binary_crossentropy(
    y_true: object,
    y_pred: object,
    *,
    from_logits: bool = ...,
    label_smoothing: float = ...,
    sample_weight: object | None = ...,
    reduction: Reduced = ...,
    logits: object | None = ...,
    activation: str | None = ...,
    target: str = ...,
    backend: str | None = ...,
    graph: bool = ...,
) -> float: ...


@overload
def binary_crossentropy(
    y_true: object,
    y_pred: object,
    *,
    from_logits: bool = ...,
    label_smoothing: float = ...,
    sample_weight: object | None = ...,
    reduction: str = ...,
    logits: object | None = ...,
    activation: str | None = ...,
    target: str = ...,
    backend: str | None = ...,
    graph: bool = ...,
) -> float | FloatArray: ...


def binary_crossentropy(
    y_true: object,
    y_pred: object,
    *,
    from_logits: bool = False,
    label_smoothing: float = 0.0,
    sample_weight: object | None = None,
    reduction: str = "sum_over_batch_size",
    logits: object | None = None,
    activation: str | None = None,
    target: str = "tf.keras",
    backend: str | None = None,
    graph: bool = False,
) -> float | FloatArray:
    """Binary cross-entropy (``BinaryCrossentropy``; torch: ``BCELoss``/``BCEWithLogitsLoss``).

    ``logits`` are the pre-activation values when ``y_pred`` came out of a sigmoid (or,
    ``activation="softmax"``, a softmax) layer; TensorFlow Keras computes from them.
    ``graph=True`` gives tf-keras' value inside a ``tf.function`` (what ``fit`` and
    ``evaluate`` report): TensorFlow's graph optimiser turns ``log(1 − p + ε)`` into
    ``log((1 + ε) − p)``, so a fully wrong prediction of 1 costs 15.249 instead of 15.333.

    >>> y, p = [[0.0], [1.0]], [[1.0], [0.0]]
    >>> binary_crossentropy(y, p, reduction="none").round(3)
    array([15.333, 15.425], dtype=float32)
    >>> binary_crossentropy(y, p, reduction="none", graph=True).round(3)
    array([15.249, 15.425], dtype=float32)
    >>> binary_crossentropy(y, p, reduction="none", target="keras3").round(3)
    array([15.942, 16.118], dtype=float32)
    >>> binary_crossentropy(y, p, target="torch")
    100.0

    A sigmoid output passed with ``from_logits=True``: TensorFlow uses the cached logits, the
    torch backend squashes twice.

    >>> import numpy as np
    >>> z = np.array([[0.9], [0.1]], dtype=np.float32)
    >>> p = 1 / (1 + np.exp(-z))
    >>> y = [[1.0], [0.0]]
    >>> binary_crossentropy(y, p, from_logits=True, logits=z, reduction="none").round(3)
    array([0.341, 0.744], dtype=float32)
    >>> binary_crossentropy(
    ...     y, p, from_logits=True, logits=z, reduction="none", target="keras3", backend="torch"
    ... ).round(3)
    array([0.4 , 0.99], dtype=float32)
    """
    return _crossentropy(
        "binary_crossentropy",
        y_true,
        y_pred,
        from_logits,
        label_smoothing,
        sample_weight,
        reduction,
        logits,
        activation,
        target,
        backend,
        graph,
    )


@overload
def categorical_crossentropy(
    y_true: object,
    y_pred: object,
    *,
    from_logits: bool = ...,
    label_smoothing: float = ...,
    sample_weight: object | None = ...,
    reduction: Literal["none"],
    logits: object | None = ...,
    activation: str | None = ...,
    target: str = ...,
    backend: str | None = ...,
) -> FloatArray: ...


@overload
def categorical_crossentropy(
    y_true: object,
    y_pred: object,
    *,
    from_logits: bool = ...,
    label_smoothing: float = ...,
    sample_weight: object | None = ...,
    reduction: Reduced = ...,
    logits: object | None = ...,
    activation: str | None = ...,
    target: str = ...,
    backend: str | None = ...,
) -> float: ...


@overload
def categorical_crossentropy(
    y_true: object,
    y_pred: object,
    *,
    from_logits: bool = ...,
    label_smoothing: float = ...,
    sample_weight: object | None = ...,
    reduction: str = ...,
    logits: object | None = ...,
    activation: str | None = ...,
    target: str = ...,
    backend: str | None = ...,
) -> float | FloatArray: ...


def categorical_crossentropy(
    y_true: object,
    y_pred: object,
    *,
    from_logits: bool = False,
    label_smoothing: float = 0.0,
    sample_weight: object | None = None,
    reduction: str = "sum_over_batch_size",
    logits: object | None = None,
    activation: str | None = None,
    target: str = "tf.keras",
    backend: str | None = None,
) -> float | FloatArray:
    """Categorical cross-entropy on one-hot / soft labels (torch: ``CrossEntropyLoss`` with
    class-probability targets, which exists only for logits).

    Probabilities are divided by their row sum and clipped to [ε, 1 − ε]; label smoothing
    mixes in ``label_smoothing / C``.

    >>> y_pred = [[2.0, 1.0, -1.0]] * 2  # logits read as probabilities: [1, .5, -.5]
    >>> categorical_crossentropy([[0, 1, 0], [1, 0, 0]], y_pred, reduction="none").round(4)
    array([0.6931, 0.    ], dtype=float32)
    >>> round(categorical_crossentropy([[1, 0, 0]], [[0.7, 0.2, 0.1]], label_smoothing=0.3), 4)
    0.6765
    >>> categorical_crossentropy([[1, 0, 0]], [[0.7, 0.2, 0.1]], target="torch")
    Traceback (most recent call last):
    ...
    headcheck._errors.UnknownNameError: unknown torch loss for probabilities (from_logits=False) \
'categorical_crossentropy'; expected one of: nn.CrossEntropyLoss on logits \
(categorical_crossentropy with from_logits=True), nn.NLLLoss on log-probabilities \
(torch_losses.nll_loss)
    """
    return _crossentropy(
        "categorical_crossentropy",
        y_true,
        y_pred,
        from_logits,
        label_smoothing,
        sample_weight,
        reduction,
        logits,
        activation,
        target,
        backend,
    )


@overload
def sparse_categorical_crossentropy(
    y_true: object,
    y_pred: object,
    *,
    from_logits: bool = ...,
    sample_weight: object | None = ...,
    reduction: Literal["none"],
    logits: object | None = ...,
    activation: str | None = ...,
    target: str = ...,
    backend: str | None = ...,
) -> FloatArray: ...


@overload
def sparse_categorical_crossentropy(
    y_true: object,
    y_pred: object,
    *,
    from_logits: bool = ...,
    sample_weight: object | None = ...,
    reduction: Reduced = ...,
    logits: object | None = ...,
    activation: str | None = ...,
    target: str = ...,
    backend: str | None = ...,
) -> float: ...


@overload
def sparse_categorical_crossentropy(
    y_true: object,
    y_pred: object,
    *,
    from_logits: bool = ...,
    sample_weight: object | None = ...,
    reduction: str = ...,
    logits: object | None = ...,
    activation: str | None = ...,
    target: str = ...,
    backend: str | None = ...,
) -> float | FloatArray: ...


def sparse_categorical_crossentropy(
    y_true: object,
    y_pred: object,
    *,
    from_logits: bool = False,
    sample_weight: object | None = None,
    reduction: str = "sum_over_batch_size",
    logits: object | None = None,
    activation: str | None = None,
    target: str = "tf.keras",
    backend: str | None = None,
) -> float | FloatArray:
    """Categorical cross-entropy on integer class labels (torch: ``CrossEntropyLoss``).

    Labels are cast to integers by truncation (1.7 is class 1); labels of shape (N,) and
    (N, 1) are the same.

    >>> probs = [[0.1, 0.6, 0.3], [0.05, 0.95, 0.0]]
    >>> sparse_categorical_crossentropy([2, 1], probs, reduction="none").round(4)
    array([1.204 , 0.0513], dtype=float32)
    >>> round(sparse_categorical_crossentropy([0, 1], [[2.0, 1.0, -1.0], [0.5, 2.5, 0.2]],
    ...                                       from_logits=True, target="torch"), 4)
    0.2803
    >>> sparse_categorical_crossentropy([3, 1], probs)
    Traceback (most recent call last):
    ...
    headcheck._errors.FrameworkError: tf.keras raises InvalidArgumentError: Received a label \
value of 3 which is outside the valid range of [0, 3).  Label values: 3 1
    """
    return _crossentropy(
        "sparse_categorical_crossentropy",
        y_true,
        y_pred,
        from_logits,
        0.0,
        sample_weight,
        reduction,
        logits,
        activation,
        target,
        backend,
    )


def _crossentropy(
    name: LossName,
    y_true: object,
    y_pred: object,
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
    check_target(target)
    if target not in LOSS_TARGETS:
        raise UnknownNameError("target for losses", target, LOSS_TARGETS)
    backend = check_backend(target, backend)
    if not math.isfinite(label_smoothing):
        raise InputError(f"`label_smoothing` must be a finite number, got {label_smoothing}")
    if activation is not None and activation not in _ACTIVATIONS:
        raise UnknownNameError(
            "activation producing `y_pred` from `logits`", activation, _ACTIVATIONS
        )
    if activation is None:
        activation = "sigmoid" if name == "binary_crossentropy" else "softmax"
    if target == "torch":
        return torch_crossentropy(
            name, y_true, y_pred, from_logits, label_smoothing, sample_weight, reduction
        )
    if target == "keras2.2" and label_smoothing:
        raise FrameworkError(
            target, "TypeError", f"{name}() got an unexpected keyword argument 'label_smoothing'"
        )
    return keras_crossentropy(
        name,
        y_true,
        y_pred,
        from_logits=bool(from_logits),
        label_smoothing=float(label_smoothing),
        sample_weight=sample_weight,
        reduction=reduction,
        logits=logits,
        activation=activation,
        target=target,
        backend=backend,
        graph=graph,
    )
