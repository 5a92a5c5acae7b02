"""How the per-epoch figure (progress bar, ``History``) is built from batches (NumPy only).

A Keras metric is stateful and is reset only between epochs, so the figure shown after batch
*b* is ``total / count`` over every sample seen so far: a running mean weighted by each batch's
*count* — its size, or its sum of sample weights for ``weighted_metrics`` — and **not** the mean
of the batch values. The loss tracker is a ``Mean`` updated with ``sample_weight=batch_size``,
so the epoch loss is the batch losses weighted by batch size. Keras ≤ 2.2 had no stateful
metrics, but its ``BaseLogger`` (and ``Progbar``) weighted the batch values by batch size too,
which gives the same number.
"""

from __future__ import annotations

import numpy as np

from headcheck._errors import InputError
from headcheck.semantics._arrays import FloatArray, as_float_array

__all__ = ["epoch_mean", "mean_of_batch_means", "running_epoch_means"]


def _batches(batch_values: object, batch_counts: object) -> tuple[FloatArray, FloatArray]:
    values = as_float_array(batch_values, "batch_values")
    counts = as_float_array(batch_counts, "batch_counts")
    if values.ndim != 1 or counts.shape != values.shape:
        raise InputError(
            f"`batch_values` (shape {values.shape}) and `batch_counts` (shape {counts.shape}) "
            "need one entry per batch"
        )
    if np.any(counts < 0):
        raise InputError("`batch_counts` must be ≥ 0 (batch sizes or sums of sample weights)")
    return values, counts


def running_epoch_means(batch_values: object, batch_counts: object) -> list[float]:
    """The figure shown after each batch: ``Σ value·count / Σ count`` over the batches so far.

    A prefix whose counts are all 0 shows 0.0 (Keras divides with ``divide_no_nan``).

    >>> [round(v, 4) for v in running_epoch_means([0.5, 1.0], [4, 2])]
    [0.5, 0.6667]
    """
    values, counts = _batches(batch_values, batch_counts)
    totals = np.cumsum(values * counts)
    seen = np.cumsum(counts)
    means = np.divide(totals, seen, out=np.zeros_like(totals), where=seen != 0)
    return [float(v) for v in means]


def epoch_mean(batch_values: object, batch_counts: object) -> float:
    """The epoch's figure from per-batch values and counts: ``Σ value·count / Σ count``.

    Counts are batch sizes for ``metrics=`` and for the loss, and per-batch sums of sample
    weights for ``weighted_metrics=``. Batches of 4 and 2 samples with accuracy 0.5 and 1.0
    give 4/6, not the 0.75 that averaging the two batch values would suggest; the loss
    0.4481 and 0.2098 on the same batches gives 0.3687.

    >>> round(epoch_mean([0.5, 1.0], [4, 2]), 4)
    0.6667
    >>> round(epoch_mean([0.4481, 0.2098], [4, 2]), 4)
    0.3687
    """
    values, counts = _batches(batch_values, batch_counts)
    total = float(counts.sum())
    return float(np.dot(values, counts) / total) if total else 0.0


def mean_of_batch_means(batch_values: object) -> float:
    """The unweighted mean of the batch values: what people often compute, and Keras does not.

    It equals :func:`epoch_mean` only when every batch has the same count.

    >>> mean_of_batch_means([0.5, 1.0])
    0.75
    """
    values = as_float_array(batch_values, "batch_values")
    if values.ndim != 1:
        raise InputError(f"`batch_values` must be one value per batch; got shape {values.shape}")
    return float(values.mean())
