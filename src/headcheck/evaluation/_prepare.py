"""From raw outputs to what the metrics read: labels, scores, probabilities and the cut."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from headcheck._errors import InputError
from headcheck.evaluation._infer import Inference
from headcheck.semantics._arrays import FloatArray
from headcheck.semantics.activations import sigmoid, softmax

__all__ = ["Prepared", "prepare"]

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Prepared:
    """``y`` is (N,) 0/1 or class indices, or (N, L) 0/1; ``scores`` rank (any scale);
    ``probabilities`` are on the probability scale or ``None`` for hard predictions."""

    y: IntArray | None
    scores: FloatArray | None
    predicted: IntArray | None
    probabilities: FloatArray | None
    cut: float


def _binary_labels(labels: FloatArray) -> IntArray:
    if labels.shape[1] == 2:
        picked: IntArray = np.argmax(labels, axis=1).astype(np.int64)
        return picked
    positive: IntArray = (labels[:, 0] > 0).astype(np.int64)
    return positive


def prepare(inf: Inference, outputs: FloatArray, labels: FloatArray | None) -> Prepared:
    """Turn outputs into scores and probabilities under the reading ``inf``."""
    kind = inf.kind
    if inf.task == "binary":
        y = None if labels is None else _binary_labels(labels)
        if outputs.shape[1] == 2:
            if kind in ("logits", "log_probabilities"):
                score = outputs[:, 1] - outputs[:, 0]
                return Prepared(y, score, None, sigmoid(score), 0.0)
            return Prepared(
                y, outputs[:, 1], None, None if kind == "labels" else outputs[:, 1], 0.5
            )
        column = outputs[:, 0]
        if kind == "logits":
            return Prepared(y, column, None, sigmoid(column), 0.0)
        if kind == "log_probabilities":
            return Prepared(y, column, None, np.exp(column), float(np.log(0.5)))
        if kind == "labels":
            return Prepared(y, column, None, None, 0.5)
        return Prepared(y, column, None, np.clip(column, 0.0, 1.0), 0.5)
    if inf.task == "multiclass":
        y = None
        if labels is not None:
            y = (np.argmax(labels, axis=1) if labels.shape[1] > 1 else labels[:, 0]).astype(
                np.int64
            )
            if y.min() < 0 or y.max() >= inf.num_classes:
                raise InputError(
                    f"labels contain class {int(y.max())} outside the outputs' classes 0 to "
                    f"{inf.num_classes - 1}"
                )
        if kind == "labels" and outputs.shape[1] == 1:
            predicted = outputs[:, 0].astype(np.int64)
            if predicted.min() < 0 or predicted.max() >= inf.num_classes:
                raise InputError("predicted classes must be 0 to the number of classes - 1")
            return Prepared(y, None, predicted, None, 0.5)
        if kind == "logits":
            probabilities = softmax(outputs, axis=1)
        elif kind == "log_probabilities":
            probabilities = np.exp(outputs)
        elif kind == "labels" or np.any(outputs < 0) or np.any(outputs > 1):
            probabilities = None
        else:
            sums = outputs.sum(axis=1, keepdims=True)
            probabilities = np.divide(
                outputs, sums, out=np.full_like(outputs, 1.0 / outputs.shape[1]), where=sums > 0
            )
        predicted = np.argmax(outputs, axis=1).astype(np.int64)
        return Prepared(y, outputs, predicted, probabilities, 0.5)
    y_multi = None if labels is None else (labels > 0).astype(np.int64)
    if kind in ("logits", "log_probabilities"):
        cut = 0.0 if kind == "logits" else float(np.log(0.5))
        probs = sigmoid(outputs) if kind == "logits" else np.exp(outputs)
        return Prepared(y_multi, outputs, None, probs, cut)
    return Prepared(y_multi, outputs, None, None if kind == "labels" else outputs, 0.5)
