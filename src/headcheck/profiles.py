"""One pass over prediction and label arrays: what the numbers show.

These are the array-side facts (DESIGN's *DataFacts*): ranges, row sums, integrality,
constant columns, and what kind of outputs and labels they are, with the evidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from headcheck._errors import InputError
from headcheck.facts import LabelFormat
from headcheck.semantics._arrays import FloatArray

__all__ = ["LabelsProfile", "OutputsProfile", "profile_labels", "profile_outputs"]

Array = FloatArray


@dataclass(frozen=True)
class OutputsProfile:
    """What a model's outputs are, read from the numbers alone."""

    samples: int
    units: int
    minimum: float
    maximum: float
    kind: str  # logits | probabilities | distribution | log_probabilities | constant_one | labels
    evidence: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "samples": self.samples,
            "units": self.units,
            "min": self.minimum,
            "max": self.maximum,
            "kind": self.kind,
            "evidence": self.evidence,
        }


def as_2d(values: Array) -> Array:
    """(N,) → (N, 1); (N, k) unchanged."""
    return values.reshape(-1, 1) if values.ndim == 1 else values


def profile_outputs(outputs: Array) -> OutputsProfile:
    """Classify outputs as logits, probabilities, a distribution per row, log-probabilities,
    hard labels or a constant 1.0, with the evidence in words.

    >>> profile_outputs(np.array([0.87, 1.17, 0.02, 2.8])).kind
    'logits'
    >>> profile_outputs(np.array([[0.2, 0.8], [0.6, 0.4]])).kind
    'distribution'
    """
    values = as_2d(outputs)
    n, units = values.shape
    lo, hi = float(values.min()), float(values.max())
    sums = values.sum(axis=1)
    integral = bool(np.all(values == np.round(values)))
    if units >= 1 and np.all(values == 1.0):
        kind, why = "constant_one", "every output is exactly 1.0 (softmax over one unit?)"
    elif integral and lo >= 0 and (units == 1 or hi <= 1) and n > 1:
        kind, why = "labels", "every output is a whole number: these look like hard predictions"
    elif lo >= 0 and hi <= 1:
        if units > 1 and np.allclose(sums, 1.0, atol=1e-3):
            kind, why = (
                "distribution",
                (f"all values in [{lo:.4g}, {hi:.4g}] and every row sums to 1 (softmax)"),
            )
        else:
            kind, why = "probabilities", f"all values in [{lo:.4g}, {hi:.4g}]"
    elif hi <= 0 and units > 1 and np.allclose(np.exp(values).sum(axis=1), 1.0, atol=1e-3):
        kind, why = "log_probabilities", "all values ≤ 0 and exp(row) sums to 1 (log-softmax)"
    else:
        outside = int(np.sum((values < 0) | (values > 1)))
        kind, why = (
            "logits",
            (
                f"{outside} of {values.size} values lie outside [0, 1] "
                f"(range {lo:.4g} to {hi:.4g}): these are not probabilities"
            ),
        )
    return OutputsProfile(n, units, lo, hi, kind, why)


@dataclass(frozen=True)
class LabelsProfile:
    """What a label array encodes."""

    samples: int
    columns: int
    format: LabelFormat
    classes: tuple[float, ...]
    evidence: str

    @property
    def num_classes(self) -> int | None:
        """Number of classes (or label columns) the labels establish."""
        if self.format in ("one_hot", "multi_hot"):
            return self.columns
        if self.format == "sparse":
            return int(max(self.classes)) + 1
        if self.format in ("binary", "signed"):
            return 2
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "samples": self.samples,
            "columns": self.columns,
            "format": self.format,
            "classes": list(self.classes) if len(self.classes) <= 50 else None,
            "num_classes": self.num_classes,
            "evidence": self.evidence,
        }


def profile_labels(labels: Array) -> LabelsProfile:
    """Classify a label array as binary, sparse, one-hot, multi-hot, signed or continuous.

    >>> profile_labels(np.array([[0, 1, 1], [1, 0, 0]])).format
    'multi_hot'
    >>> profile_labels(np.array([2, 0, 1, 2])).num_classes
    3
    """
    values = as_2d(labels)
    n, columns = values.shape
    integral = bool(np.all(values == np.round(values)))
    distinct = np.unique(values)
    classes = tuple(float(v) for v in distinct[:1000])
    if not integral:
        return LabelsProfile(n, columns, "continuous", classes, "labels are not whole numbers")
    if columns == 1:
        if set(classes) <= {0.0, 1.0}:
            return LabelsProfile(n, 1, "binary", classes, "one column of 0/1")
        if set(classes) <= {-1.0, 1.0}:
            return LabelsProfile(n, 1, "signed", classes, "one column of -1/+1")
        if distinct.min() < 0:
            raise InputError(
                f"labels contain negative class indices ({distinct.min():g}); class indices "
                "must be 0, 1, 2, ..."
            )
        return LabelsProfile(
            n, 1, "sparse", classes, f"one column of {len(classes)} integer classes"
        )
    if set(classes) <= {0.0, 1.0}:
        sums = values.sum(axis=1)
        if np.all(sums == 1):
            return LabelsProfile(n, columns, "one_hot", classes, "every row has exactly one 1")
        return LabelsProfile(
            n,
            columns,
            "multi_hot",
            classes,
            f"rows have between {int(sums.min())} and {int(sums.max())} ones",
        )
    raise InputError(
        f"labels of shape ({n}, {columns}) hold values other than 0 and 1; give one column of "
        "class indices, or one-hot / multi-hot rows of 0 and 1"
    )
