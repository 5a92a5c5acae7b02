"""The numbers part of an explanation: what each framework reports for the user's arrays."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from headcheck._errors import HeadcheckError, InputError
from headcheck.catalogue import Loss
from headcheck.profiles import LabelsProfile, OutputsProfile, as_2d
from headcheck.semantics._arrays import FloatArray
from headcheck.semantics.resolution import resolve_metric
from headcheck.targets import describe_target

__all__ = ["Reported", "check_pair", "correct_accuracy", "reported_accuracies", "threshold_counts"]

Array = FloatArray

#: (target, backend) pairs whose 'accuracy' is computed for the user's arrays.
REPORTING: tuple[tuple[str, str | None], ...] = (
    ("keras2.2", None),
    ("keras2.3", None),
    ("tf.keras", None),
    ("keras3", "tensorflow"),
    ("keras3", "torch"),
    ("torchmetrics", None),
    ("sklearn", None),
)


@dataclass(frozen=True)
class Reported:
    """What one framework would print for ``'accuracy'`` on these arrays."""

    target: str
    backend: str | None
    metric: str | None
    value: float | None
    note: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "backend": self.backend,
            "metric": self.metric,
            "value": self.value,
            "note": self.note,
        }


def check_pair(outputs: Array, labels: Array) -> None:
    """Reject label arrays that cannot belong to these outputs."""
    if outputs.shape[0] != labels.shape[0]:
        raise InputError(
            f"outputs have {outputs.shape[0]} rows but labels have {labels.shape[0]}; they must "
            "describe the same samples, in the same order"
        )


def threshold_counts(outputs: Array) -> dict[str, int]:
    """How many outputs each usual decision rule calls class 1 (for one-unit or multi-label)."""
    values = as_2d(outputs)
    rounded = np.round(values)  # half to even, like K.round
    return {
        "total": int(values.size),
        "above_0.5": int(np.sum(values > 0.5)),
        "above_0.0": int(np.sum(values > 0.0)),
        "round_to_0": int(np.sum(rounded == 0)),
        "round_to_1": int(np.sum(rounded == 1)),
        "round_to_other": int(np.sum((rounded != 0) & (rounded != 1))),
    }


def correct_accuracy(
    task: str | None,
    outputs: Array,
    labels: Array,
    profile: OutputsProfile,
    label_profile: LabelsProfile,
) -> dict[str, float | str]:
    """The accuracy the user meant, from the numbers: right threshold, right averaging."""
    pred = as_2d(outputs)
    true = as_2d(labels)
    cut = 0.0 if profile.kind == "logits" else 0.5
    if task == "binary":
        if pred.shape[1] == 2:
            classes = pred.argmax(axis=1)
            rule = "argmax of the 2 outputs"
        else:
            classes = (pred[:, 0] > cut).astype(float)
            rule = f"output > {cut:g}"
        target = true.argmax(axis=1) if true.shape[1] == 2 else true[:, 0]
        return {"accuracy": float(np.mean(classes == target)), "rule": rule}
    if task == "multilabel":
        on = (pred > cut).astype(float)
        if on.shape != true.shape:
            raise InputError(
                f"multi-label outputs {pred.shape} and labels {true.shape} differ in shape"
            )
        return {
            "per_label_accuracy": float(np.mean(on == true)),
            "exact_match_accuracy": float(np.mean(np.all(on == true, axis=1))),
            "rule": f"each label on when output > {cut:g}",
        }
    if task == "multiclass":
        classes = pred.argmax(axis=1)
        if label_profile.format in ("one_hot", "multi_hot"):
            target = true.argmax(axis=1)
        else:
            target = true[:, 0]
            if float(target.max()) >= pred.shape[1]:
                raise InputError(
                    f"labels contain class {int(target.max())} but the outputs have only "
                    f"{pred.shape[1]} columns (classes 0 to {pred.shape[1] - 1})"
                )
        return {"accuracy": float(np.mean(classes == target)), "rule": "argmax of the outputs"}
    return {"rule": "no accuracy: the task is regression or unknown"}


def reported_accuracies(outputs: Array, labels: Array, loss: Loss | None) -> list[Reported]:
    """``'accuracy'`` as each framework would report it for exactly these arrays."""
    pred = as_2d(outputs)
    true = labels
    keras_loss = loss if loss is not None and loss.framework == "keras" else None
    rows: list[Reported] = []
    for target, backend in REPORTING:
        try:
            metric = resolve_metric(
                "accuracy",
                target=target,
                backend=backend,
                y_true_shape=true.shape,
                y_pred_shape=pred.shape,
                loss=keras_loss,
            )
            value = metric.compute(true, pred)
            rows.append(Reported(target, backend, metric.name, value, metric.describe()))
        except NotImplementedError:
            continue
        except HeadcheckError as exc:
            rows.append(
                Reported(target, backend, None, None, f"{describe_target(target, backend)}: {exc}")
            )
    return rows
