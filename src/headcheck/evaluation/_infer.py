"""What the arrays are: the kind of outputs, the task and the label encoding, with evidence.

Built on :func:`headcheck.profiles.profile_outputs` and :func:`~headcheck.profiles.profile_labels`;
``outputs=`` and ``task=`` override what the numbers suggest. Whenever the numbers allow more
than one reading, :attr:`Inference.notes` says which one was assumed and how to choose another.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

import numpy as np

from headcheck._errors import InputError, UnknownNameError
from headcheck.profiles import LabelsProfile, OutputsProfile, profile_labels, profile_outputs
from headcheck.semantics._arrays import FloatArray

__all__ = ["OUTPUT_KINDS", "TASKS", "Inference", "infer"]

OUTPUT_KINDS: Final[tuple[str, ...]] = (
    "logits",
    "probabilities",
    "distribution",
    "log_probabilities",
    "labels",
    "constant_one",
)
TASKS: Final[tuple[str, ...]] = ("binary", "multiclass", "multilabel")


@dataclass(frozen=True)
class Inference:
    """The reading of the arrays that every metric is computed under."""

    outputs: OutputsProfile
    kind: str
    kind_evidence: str
    labels: LabelsProfile | None
    task: str
    task_evidence: str
    num_classes: int
    notes: list[str] = field(default_factory=list)

    @property
    def cut(self) -> float:
        """The decision threshold that is right for this kind of output."""
        if self.kind in ("logits", "log_probabilities"):
            return 0.0
        return 0.5

    def to_dict(self) -> dict[str, Any]:
        return {
            "outputs": {
                **self.outputs.to_dict(),
                "kind": self.kind,
                "evidence": self.kind_evidence,
            },
            "labels": None if self.labels is None else self.labels.to_dict(),
            "task": self.task,
            "task_evidence": self.task_evidence,
            "num_classes": self.num_classes,
            "notes": list(self.notes),
        }


def _check_choice(kind: str, value: str | None, accepted: tuple[str, ...]) -> str | None:
    if value is None:
        return None
    name = value.replace("-", "_").lower()
    if name not in accepted:
        raise UnknownNameError(kind, value, accepted)
    return name


def infer(
    outputs: FloatArray,
    labels: FloatArray | None,
    *,
    kind: str | None = None,
    task: str | None = None,
) -> Inference:
    """Read the kind of ``outputs`` (2-D) and the task from ``labels`` (2-D or ``None``).

    >>> inf = infer(np.array([[-0.1, -0.1, -0.1], [0.1, 0.1, 0.1]]),
    ...             np.array([[0.0, 0, 0], [0, 1, 1]]))
    >>> inf.kind, inf.task, inf.cut
    ('logits', 'multilabel', 0.0)
    """
    kind = _check_choice("output kind", kind, OUTPUT_KINDS)
    task = _check_choice("task", task, TASKS)
    profile = profile_outputs(outputs)
    notes: list[str] = []
    units = int(outputs.shape[1])
    if kind is None:
        chosen, why = profile.kind, profile.evidence
        if chosen == "probabilities" and units == 1:
            notes.append(
                "every output lies in [0, 1], so they were read as probabilities (threshold "
                "0.5); if they are logits that happen to be small, pass --outputs logits "
                "(threshold 0.0)"
            )
        if chosen == "labels" and profile.samples <= 3:
            notes.append("only a few whole-number outputs: read as hard class predictions")
    else:
        chosen, why = kind, f"given: --outputs {kind} (the numbers suggest {profile.kind})"
    label_profile = profile_labels(labels) if labels is not None else None
    if label_profile is not None and label_profile.format == "continuous":
        raise InputError(
            "labels are not whole numbers (e.g. "
            f"{label_profile.classes[0]:g}); headcheck eval scores classifiers: give class "
            "indices, 0/1, one-hot or multi-hot labels"
        )
    name, evidence, classes = _task(outputs, labels, label_profile, chosen, notes)
    if task is not None and task != name:
        evidence = f"given: --task {task} (the arrays suggest {name}: {evidence})"
        name = task
        classes = _classes_for(task, outputs, labels, label_profile, chosen)
    return Inference(profile, chosen, why, label_profile, name, evidence, classes, notes)


def _sparse_classes(labels: FloatArray | None) -> int:
    top: int = int(np.max(labels)) + 1 if labels is not None else 0
    return top


def _classes_for(
    task: str,
    outputs: FloatArray,
    labels: FloatArray | None,
    label_profile: LabelsProfile | None,
    kind: str,
) -> int:
    units = int(outputs.shape[1])
    if task == "binary":
        if units > 2:
            raise InputError(
                f"--task binary needs one or two output columns; the outputs have {units}"
            )
        return 2
    if task == "multilabel":
        if labels is not None and labels.shape != outputs.shape:
            raise InputError(
                f"--task multilabel needs labels shaped like the outputs {outputs.shape}; the "
                f"labels are {labels.shape}"
            )
        return units
    if kind == "labels" and units == 1:
        count: int = max(_sparse_classes(labels), int(np.max(outputs)) + 1, 2)
        return count
    return units


def _task(
    outputs: FloatArray,
    labels: FloatArray | None,
    lp: LabelsProfile | None,
    kind: str,
    notes: list[str],
) -> tuple[str, str, int]:
    units = int(outputs.shape[1])
    if lp is None or labels is None:
        if units == 1:
            return "binary", "one output column (no labels given)", 2
        if kind in ("distribution", "log_probabilities"):
            return "multiclass", f"{units} outputs forming a distribution per row", units
        notes.append(
            f"{units} output columns and no labels: read as {units} classes (argmax); if each "
            "column is a separate yes/no, pass --task multilabel"
        )
        return "multiclass", f"{units} output columns (no labels given)", units
    if labels.shape[0] != outputs.shape[0]:
        raise InputError(
            f"outputs have {outputs.shape[0]} rows but labels have {labels.shape[0]}; they must "
            "describe the same samples, in the same order"
        )
    fmt = lp.format
    if fmt == "multi_hot":
        if labels.shape[1] != units:
            raise InputError(
                f"multi-hot labels have {labels.shape[1]} columns but the outputs have {units}; "
                "give one output per label"
            )
        return "multilabel", f"multi-hot labels: {lp.evidence}", units
    if fmt == "one_hot":
        if labels.shape[1] != units:
            raise InputError(
                f"one-hot labels have {labels.shape[1]} columns but the outputs have {units}; "
                "give one output per class"
            )
        if kind in ("probabilities", "logits") and units > 2:
            sums = outputs.sum(axis=1)
            if kind == "probabilities" and not np.allclose(sums, 1.0, atol=1e-3):
                notes.append(
                    "every label row has exactly one 1, so the task was read as multiclass; the "
                    "outputs do not sum to 1 per row: if several labels can be on at once, pass "
                    "--task multilabel"
                )
        if units == 2:
            return "binary", "one-hot labels with two columns (class 1 = the second column)", 2
        return "multiclass", f"one-hot labels: {lp.evidence}", units
    if fmt in ("binary", "signed"):
        if fmt == "signed":
            notes.append("labels are -1/+1: -1 was read as class 0 and +1 as class 1")
        if units <= 2:
            return "binary", f"labels: {lp.evidence}; {units} output column(s)", 2
        notes.append(
            f"the labels use only classes 0 and 1 but the outputs have {units} columns: read as "
            f"{units} classes, of which only 0 and 1 occur"
        )
        return "multiclass", f"class-index labels against {units} output columns", units
    # sparse class indices
    top = int(max(lp.classes))
    if units == 1:
        if kind == "labels":
            classes = max(top, int(outputs.max())) + 1
            return "multiclass", "class-index labels and whole-number predictions", classes
        raise InputError(
            f"labels hold class indices up to {top} but the outputs have one column of "
            "scores; give one output column per class, or hard predictions (--outputs labels)"
        )
    if top >= units:
        raise InputError(
            f"labels contain class {top} but the outputs have only {units} columns (classes 0 "
            f"to {units - 1}); are the labels 1-based, or are outputs missing?"
        )
    return "multiclass", f"class-index labels ({lp.evidence}) against {units} outputs", units
