""" "What you would have been told": ``'accuracy'`` in each framework, and why it differs.

The values come from :func:`headcheck.explanation._arrays.reported_accuracies` (which calls
:func:`headcheck.resolve_metric`); this module adds, for each, one sentence on the difference
from the accuracy computed at the right threshold.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

import numpy as np

from headcheck.catalogue import Loss
from headcheck.explanation._arrays import Reported, reported_accuracies
from headcheck.semantics._arrays import FloatArray
from headcheck.targets import describe_target

__all__ = ["Told", "what_you_were_told"]


@dataclass(frozen=True)
class Told:
    """One framework's figure beside the correct one, with the reason they differ."""

    reported: Reported
    correct: float
    difference: str

    def to_dict(self) -> dict[str, Any]:
        return {**self.reported.to_dict(), "correct": self.correct, "difference": self.difference}


def _why(
    r: Reported,
    correct: float,
    kind: str,
    task: str,
    outputs: FloatArray,
    cut: float,
    labels: FloatArray,
) -> str:
    who = describe_target(r.target, r.backend)
    if r.value is None:
        if r.target == "sklearn" and task == "multilabel" and outputs.shape == labels.shape:
            subset = float(np.mean(np.all((outputs > cut) == (labels == 1), axis=1)))
            return (
                "scikit-learn's accuracy_score refuses raw scores; given the labels from the "
                f"right rule it returns subset (exact-match) accuracy, {subset:.4f}, not the "
                "per-label accuracy."
            )
        if r.target == "sklearn":
            return (
                "scikit-learn's accuracy_score refuses raw scores; given the classes from the "
                f"right rule it returns {correct:.4f}."
            )
        return f"{who} refuses these arrays, so nothing would have been printed."
    delta = r.value - correct
    if abs(delta) < 5e-7:
        return f"{who} agrees with the correct value."
    metric = r.metric or "accuracy"
    low = float(outputs.min())
    high = float(outputs.max())
    between = int(np.sum((outputs > min(cut, 0.5)) & (outputs <= max(cut, 0.5))))
    if metric == "torchmetrics_accuracy":
        if kind == "logits" and low >= 0 and high <= 1:
            return (
                "torchmetrics applies a sigmoid only when some output lies outside [0, 1]; "
                "these logits all lie inside, so it thresholded raw logits at 0.5."
            )
        if task == "multiclass":
            return "torchmetrics averages differently (macro over classes) from plain accuracy."
        return f"torchmetrics differs by {delta:+.4f}: {r.note}"
    if metric == "binary_accuracy":
        if task == "multiclass":
            return (
                f"{who} scores each of the {outputs.shape[1]} columns as a separate yes/no, so "
                "the many correct zeros inflate it: it is not multiclass accuracy."
            )
        if kind in ("logits", "log_probabilities") and cut != 0.5:
            rounding = " (K.round also sends logits of 1.5 or more to 2, which never match)"
            extra = rounding if r.target == "keras2.2" else ""
            return (
                f"{who} thresholds at 0.5, which is right for probabilities, not logits: the "
                f"{between} outputs between {min(cut, 0.5):g} and 0.5 were counted as class 0"
                f"{extra}."
            )
        return f"{who} differs by {delta:+.4f}: {r.note}"
    if metric == "categorical_accuracy" and task == "multilabel":
        return (
            f"{who} takes one argmax per row and compares it with the first positive label: "
            "that is not a multi-label accuracy."
        )
    if metric in ("categorical_accuracy", "sparse_categorical_accuracy") and task == "binary":
        return (
            f"{who} takes an argmax over a single column, which is always 0, so it reports the "
            "share of class-0 labels."
        )
    return f"{who} differs by {delta:+.4f}: {r.note}"


def what_you_were_told(
    outputs: FloatArray,
    labels: FloatArray,
    *,
    correct: float,
    kind: str,
    task: str,
    cut: float,
    loss: Loss | None = None,
) -> list[Told]:
    """Each framework's ``'accuracy'`` for these raw arrays, with one sentence on each
    difference from ``correct``.

    ``loss`` is the compiled loss where known: Keras ≤ 2.3 resolves ``'accuracy'`` from it.
    Without it, those generations are reported as for a loss other than binary or sparse
    categorical cross-entropy, and the note says so.
    """
    rows = reported_accuracies(outputs, labels, loss)
    told = [Told(r, correct, _why(r, correct, kind, task, outputs, cut, labels)) for r in rows]
    if loss is None:
        told = [
            dataclasses.replace(
                t,
                difference=t.difference
                + " (The loss was not given; Keras ≤ 2.3 would choose binary accuracy "
                "under binary cross-entropy.)",
            )
            if t.reported.target in ("keras2.2", "keras2.3")
            and (outputs.ndim > 1 and outputs.shape[1] > 1)
            else t
            for t in told
        ]
    return told
