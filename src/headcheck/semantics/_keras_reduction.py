"""Which Keras, and how its loss objects weight and reduce the per-sample losses.

Sources: tf-keras 2.21 ``utils/losses_utils.py`` (``compute_weighted_loss``,
``squeeze_or_expand_dimensions``), Keras 3.15.1 ``keras/src/losses/loss.py``
(``reduce_weighted_values``, ``squeeze_or_expand_to_same_rank``), Keras 2.3.1
``keras/utils/losses_utils.py`` and Keras 2.2.4 ``keras/engine/training_utils.py``
(``weighted_masked_objective``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from headcheck._errors import FrameworkError
from headcheck.semantics._arrays import FloatArray, as_float_array, as_weights
from headcheck.semantics._torch_shapes import infer_size, size

__all__ = ["Flavour", "per_sample_weights", "reduce_losses", "reductions_for"]

_F32 = np.float32


@dataclass(frozen=True)
class Flavour:
    """One Keras generation, and for Keras 3 one backend."""

    target: str
    backend: str | None
    graph: bool = False

    @property
    def keras3(self) -> bool:
        return self.target == "keras3"

    @property
    def on_tensorflow(self) -> bool:
        return self.backend in (None, "tensorflow")

    @property
    def caches_logits(self) -> bool:
        """tf-keras and Keras 3 on TensorFlow read ``output._keras_logits``."""
        return self.target == "tf.keras" or (self.keras3 and self.backend == "tensorflow")

    def fail(self, kind: str, message: str) -> FrameworkError:
        return FrameworkError(self.target, kind, message)

    def shape(self, shape: tuple[int, ...]) -> str:
        return size(shape) if self.backend == "torch" else str(shape)


def reductions_for(target: str) -> tuple[str, ...]:
    """The ``reduction`` values a target's loss objects accept."""
    return {
        "keras2.2": ("sum_over_batch_size", "none"),
        "keras2.3": ("sum_over_batch_size", "sum", "none"),
        "tf.keras": ("sum_over_batch_size", "sum", "none", "auto"),
        "keras3": ("sum_over_batch_size", "sum", "none", "mean", "mean_with_sample_weight"),
    }[target]


def per_sample_weights(sample_weight: object | None, n: int) -> FloatArray | None:
    """Per-sample weights, validated, in the user's shape ((N,) or (N, 1): Keras tells apart).

    One number (a 0-d array) is one weight for the whole batch, as Keras takes it.
    """
    if sample_weight is None:
        return None
    shape = np.asarray(sample_weight).shape
    if shape == ():
        scalar = as_float_array(sample_weight, "sample_weight")
        as_weights(np.full(n, scalar), n)  # the same checks as for one weight per sample
        return scalar.astype(_F32)
    flat = as_weights(sample_weight, n)
    assert flat is not None
    return flat.reshape(shape).astype(_F32)


def reduce_losses(
    flavour: Flavour, losses: FloatArray, weights: FloatArray | None, reduction: str
) -> float | FloatArray:
    """Weight the per-sample ``losses`` and reduce them as ``flavour``'s loss objects do."""
    if flavour.target == "keras2.2":
        return _reduce_keras22(losses, weights, reduction)
    values = losses
    if weights is not None:
        values, weights = _fit_weights(flavour, losses, weights)
        values = _multiply(flavour, values, weights)
    if reduction == "none":
        return values
    if flavour.keras3 and values.shape == ():
        return float(values)  # Keras 3 returns a scalar loss unreduced
    total = _F32(np.sum(values, dtype=_F32))
    if reduction == "sum":
        return float(total)
    if reduction == "mean_with_sample_weight" and weights is not None:
        count = _F32(np.sum(weights, dtype=_F32))
    else:
        count = _F32(values.size)
    return float(total / count) if count else 0.0  # divide_no_nan


def _fit_weights(
    flavour: Flavour, values: FloatArray, weights: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Each generation's rule for bringing the weights and the per-sample losses to one rank."""
    rank, w_rank = values.ndim, weights.ndim
    if w_rank == 0 and not flavour.keras3:  # Keras 2 leaves one weight for the batch alone
        return values, weights
    if flavour.keras3:  # squeeze_or_expand_to_same_rank(values, sample_weight)
        if rank == w_rank + 1 and values.shape[-1] == 1:
            if w_rank == 1:
                weights = weights[:, None]
            else:
                values = values[..., 0]
        elif w_rank == rank + 1 and weights.shape[-1] == 1:
            if rank == 1:
                values = values[:, None]
            else:
                weights = weights[..., 0]
        return values, weights
    if flavour.target == "keras2.3" and rank == 0 and w_rank == 1:
        values = values.reshape(1)
    elif w_rank - rank == 1:
        if weights.shape[-1] != 1:  # only tf-keras gets here: Keras 2.3 expanded the losses
            raise flavour.fail(
                "ValueError" if flavour.graph else "InvalidArgumentError",
                f"Can not squeeze dim[{w_rank - 1}], expected a dimension of 1, "
                f"got {weights.shape[-1]}",
            )
        weights = weights[..., 0]
    elif rank - w_rank == 1:
        weights = weights[..., None]
    if flavour.target == "keras2.3":  # losses_utils.broadcast_weights: only weights grow
        fits = weights.ndim <= values.ndim and all(
            w in (v, 1) for w, v in zip(weights.shape, values.shape, strict=False)
        )
        if not fits:
            raise flavour.fail(
                "ValueError",
                f"Incompatible shapes: `values` {values.shape} vs `sample_weight` {weights.shape}",
            )
        weights = weights.reshape(weights.shape + (1,) * (values.ndim - weights.ndim))
    return values, weights


def _multiply(flavour: Flavour, values: FloatArray, weights: FloatArray) -> FloatArray:
    try:
        shape = np.broadcast_shapes(values.shape, weights.shape)
    except ValueError:
        if flavour.backend == "torch":
            infer_size(values.shape, weights.shape)  # raises torch's message
        if flavour.backend == "jax":
            raise flavour.fail(
                "ValueError",
                f"Incompatible shapes for broadcasting: shapes=[{values.shape}, {weights.shape}]",
            ) from None
        if flavour.graph:
            pairs = zip(values.shape[::-1], weights.shape[::-1], strict=False)
            a, b = next((x, y) for x, y in pairs if x != y and 1 not in (x, y))
            raise flavour.fail(
                "ValueError", f"Dimensions must be equal, but are {a} and {b}"
            ) from None
        a_, b_ = (",".join(str(d) for d in s) for s in (values.shape, weights.shape))
        raise flavour.fail(
            "InvalidArgumentError", f"Incompatible shapes: [{a_}] vs. [{b_}]"
        ) from None
    return np.asarray(np.broadcast_to(values, shape) * weights, dtype=_F32)


def _reduce_keras22(
    losses: FloatArray, weights: FloatArray | None, reduction: str
) -> float | FloatArray:
    """Keras 2.2.4 ``weighted_masked_objective``: the batch loss ``fit`` reports.

    ``fit`` always passes weights (ones by default), averages the losses down to the weights'
    rank, multiplies, divides by the share of non-zero weights and takes the mean.
    """
    n = losses.shape[0] if losses.ndim else (1 if weights is None else weights.size)
    if weights is not None:
        weights = np.broadcast_to(weights.reshape(-1), (n,))
    if reduction == "none":
        return losses if weights is None else _multiply_rows(losses, weights)
    weights = np.ones(n, _F32) if weights is None else weights
    score = np.asarray(np.mean(losses, axis=tuple(range(1, losses.ndim)), dtype=_F32))
    score = _multiply_rows(score, weights)
    nonzero = _F32(np.mean(weights != 0, dtype=_F32))
    with np.errstate(invalid="ignore", divide="ignore"):
        return float(_F32(np.mean(score / nonzero, dtype=_F32)))


def _multiply_rows(values: FloatArray, weights: FloatArray) -> FloatArray:
    if values.ndim == 0:
        return np.asarray(values * weights, _F32)
    return np.asarray(values * weights.reshape(weights.shape + (1,) * (values.ndim - 1)), _F32)
