"""What every Keras metric does to its inputs before it computes anything (NumPy only).

Shared by :mod:`headcheck.semantics.accuracy` and :mod:`headcheck.semantics.auc`:

* **precision.** Keras 2 (``keras2.2``, ``keras2.3``, ``tf.keras``) casts ``y_true``,
  ``y_pred`` and ``sample_weight`` to float32 before comparing. Keras 3 keeps the dtype of what
  it is given: a float64 NumPy array stays float64 on the TensorFlow and torch backends (JAX
  without ``jax_enable_x64`` makes it float32), while Python lists and floats become float32.
  Arrays here hold the *exact* values Keras compares, as float64.
* **shapes.** Keras 2.x ``Model.fit`` turns 1-D targets into ``(N, 1)``; every generation
  squeezes a trailing axis of size 1 when the ranks differ by one.
* **reduction.** ``total / count`` over per-sample values, weighted by ``sample_weight``; Keras
  ≤ 2.2 used ``mean(w·s) / mean(w ≠ 0)`` instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final, cast

import numpy as np
import numpy.typing as npt

from headcheck._errors import FrameworkError, InputError, UnknownNameError
from headcheck.semantics._arrays import FloatArray, as_float_array, as_weights
from headcheck.targets import KERAS_TARGETS, Backend, Target, check_backend, check_target

__all__ = [
    "KerasInput",
    "divide_no_nan",
    "keras_input",
    "keras_target",
    "keras_weights",
    "model_shaped",
    "reduce_mean_metric",
    "round_to",
    "squeeze_pair",
]

_ELSEWHERE: Final[dict[str, str]] = {
    "torchmetrics": "torchmetrics' metrics are reproduced by headcheck.semantics.torchmetrics",
    "torch": "torch.nn has no metrics; PyTorch users score with torchmetrics or scikit-learn",
    "sklearn": "scikit-learn scores with plain functions such as accuracy_score and "
    "roc_auc_score, not Keras metric objects",
}


def keras_target(
    target: str,
    backend: str | None,
    metric: str,
    *,
    accepted: tuple[Target, ...] = KERAS_TARGETS,
    notes: Mapping[str, str] | None = None,
) -> tuple[Target, Backend | None]:
    """Validate ``target``/``backend`` for a Keras metric; other frameworks are named elsewhere.

    >>> keras_target("keras3", None, "binary_accuracy")
    ('keras3', 'tensorflow')
    >>> keras_target("torch", None, "binary_accuracy")
    Traceback (most recent call last):
    ...
    headcheck._errors.UnknownNameError: unknown target for binary_accuracy 'torch'; expected \
one of: keras2.2, keras2.3, tf.keras, keras3 (torch.nn has no metrics; PyTorch users score \
with torchmetrics or scikit-learn)
    """
    checked = check_target(target)
    checked_backend = check_backend(checked, backend)
    if checked not in accepted:
        error = UnknownNameError(f"target for {metric}", checked, accepted)
        note = {**_ELSEWHERE, **(notes or {})}.get(checked)
        if note is not None:
            error.args = (f"{error} ({note})",)
        raise error
    return checked, checked_backend


class KerasInput:
    """An input as a Keras metric sees it: exact compared values and the dtype Keras holds.

    ``values`` is float64 and holds exactly the numbers Keras compares (float32-rounded where
    Keras casts to float32). ``dtype`` is the tensor dtype Keras 3 would create from the input
    (``float32`` for Python lists of floats) and is what Keras 3 casts *other* inputs to.
    """

    __slots__ = ("dtype", "values")

    def __init__(self, values: FloatArray, dtype: np.dtype[Any]) -> None:
        self.values = values
        self.dtype = dtype

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(self.values.shape)

    def rounded_to(self, dtype: np.dtype[Any]) -> FloatArray:
        """These values after a cast to ``dtype`` (Keras 3 casts labels to ``y_pred``'s dtype)."""
        return round_to(self.values, dtype)


def _tensor_dtype(values: object, backend: Backend | None) -> np.dtype[Any]:
    if isinstance(values, (list, tuple, int, float, bool)) and not isinstance(values, np.generic):
        dtype: np.dtype[Any] = np.asarray(values).dtype
        python_dtype = {"f": np.float32, "i": np.int32, "u": np.int32, "b": np.bool_}
        if dtype.kind in python_dtype:
            dtype = np.dtype(python_dtype[dtype.kind])
    else:
        dtype = np.asarray(values).dtype
    if backend == "jax" and dtype == np.float64:
        return np.dtype(np.float32)  # JAX runs without x64 unless the user enables it
    return dtype


def round_to(values: FloatArray, dtype: np.dtype[Any]) -> FloatArray:
    """``values`` (float64) after a cast to the floating ``dtype``; other dtypes unchanged."""
    if dtype.kind == "f" and dtype.itemsize < 8:
        return values.astype(dtype).astype(np.float64)
    return values


def keras_input(values: object, name: str, target: Target, backend: Backend | None) -> KerasInput:
    """Validate ``values`` and round them as ``target`` does before its metric compares them.

    >>> keras_input([0.50000001], "y_pred", "tf.keras", None).values
    array([0.5])
    >>> keras_input(np.array([0.50000001]), "y_pred", "keras3", "torch").values
    array([0.50000001])
    """
    array = np.atleast_1d(as_float_array(values, name))
    dtype = _tensor_dtype(values, backend)
    if dtype.kind not in "fiub":
        raise InputError(f"`{name}` must hold numbers; got an array of dtype {dtype}")
    if target == "keras3":
        return KerasInput(round_to(array, dtype), dtype)
    float32 = np.dtype(np.float32)
    return KerasInput(round_to(array, float32), float32)


def keras_weights(sample_weight: object | None, n: int, target: Target) -> FloatArray | None:
    """Per-sample weights as float32 values, shape ``(n,)``; ``(n, 1)`` is accepted but Keras
    ≤ 2.2's ``fit`` refused it.

    >>> keras_weights([[0.5], [3]], 2, "keras3")
    array([0.5, 3. ])
    """
    if sample_weight is None:
        return None
    shape = np.shape(cast(Any, sample_weight))
    if target == "keras2.2" and len(shape) != 1:
        raise FrameworkError(
            "keras2.2",
            "ValueError",
            f"Found a sample_weight array with shape {shape}. In order to use "
            'timestep-wise sample weights, you should specify sample_weight_mode="temporal" '
            "in compile(). If you just mean to use sample-wise weights, make sure your "
            "sample_weight array is 1D.",
        )
    weights = as_weights(sample_weight, n)
    assert weights is not None
    return round_to(weights, np.dtype(np.float32))


def squeeze_pair(y_true: FloatArray, y_pred: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Drop a trailing axis of size 1 from whichever input has one more axis than the other.

    Keras 2's ``squeeze_or_expand_dimensions`` and Keras 3's ``squeeze_or_expand_to_same_rank``
    (which expands the other side instead) give the same values.

    >>> [a.shape for a in squeeze_pair(np.zeros(4), np.zeros((4, 1)))]
    [(4,), (4,)]
    """
    if y_pred.ndim == y_true.ndim + 1 and y_pred.shape[-1] == 1:
        y_pred = y_pred[..., 0]
    elif y_true.ndim == y_pred.ndim + 1 and y_true.shape[-1] == 1:
        y_true = y_true[..., 0]
    return y_true, y_pred


def model_shaped(array: FloatArray, target: Target) -> FloatArray:
    """Keras ≤ 2.3 ``Model.fit`` standardises a 1-D array to ``(N, 1)``; later ones do not."""
    if target in ("keras2.2", "keras2.3") and array.ndim == 1:
        return array[:, None]
    return array


def divide_no_nan(numerator: FloatArray, denominator: FloatArray) -> FloatArray:
    """``numerator / denominator`` with 0 wherever the denominator is 0 (``tf.math.divide_no_nan``).

    >>> divide_no_nan(np.array([1.0, 0.0]), np.array([2.0, 0.0]))
    array([0.5, 0. ])
    """
    num, den = np.broadcast_arrays(np.asarray(numerator, np.float64), np.asarray(denominator))
    out = np.zeros(num.shape, dtype=np.float64)
    np.divide(num, den, out=out, where=den != 0)
    return out


def reduce_mean_metric(
    values: npt.NDArray[Any], weights: FloatArray | None, target: Target
) -> float:
    """What a ``Mean``-style metric reports after one ``update_state`` with ``values``.

    ``values`` has the batch on axis 0; each sample's values are averaged first. ``tf.keras``
    and ``keras3`` report ``Σ w·v / Σ w`` (0.0 when ``Σ w == 0``), ``keras2.3`` the same but
    NaN for ``Σ w == 0``, and ``keras2.2`` ``mean(w·v) / mean(w ≠ 0)``.

    >>> reduce_mean_metric(np.array([1.0, 0.0]), np.array([3.0, 1.0]), "tf.keras")
    0.75
    >>> reduce_mean_metric(np.array([1.0, 0.0]), np.array([3.0, 1.0]), "keras2.2")
    1.5
    """
    per_sample = np.asarray(values, dtype=np.float64).reshape(values.shape[0], -1).mean(axis=1)
    if weights is None:
        return float(per_sample.mean())
    weighted = float(np.dot(weights, per_sample))
    if target == "keras2.2":
        nonzero = int(np.count_nonzero(weights))
        return weighted / nonzero if nonzero else float("nan")
    total = float(weights.sum())
    if total == 0.0:
        return float("nan") if target == "keras2.3" else 0.0
    return weighted / total
