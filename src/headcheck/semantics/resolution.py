"""Which metric a framework builds from an identifier such as ``'accuracy'``.

Keras turns ``metrics=['accuracy']`` into a concrete metric at ``compile``/first batch, and the
rule changed between generations (see ``framework-semantics.md`` §1–2):

* ``keras2.2`` and ``keras2.3``: binary when the output has one unit *or the loss is binary
  cross-entropy*; sparse when the loss is sparse categorical cross-entropy; else categorical.
* ``tf.keras`` and ``keras3``: shapes only — binary when the output has one unit, sparse when
  the labels have a lower rank than the outputs (or one column against several units), else
  categorical. The loss is ignored.

:func:`resolve_metric` returns a :class:`ResolvedMetric` that names the metric, its threshold,
describes it in a sentence and computes the number the framework would report.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Literal

import numpy as np

from headcheck._errors import FrameworkError, UnknownNameError
from headcheck.catalogue import Loss, normalise_name
from headcheck.catalogue import loss as lookup_loss
from headcheck.targets import KERAS_TARGETS, check_backend, check_target, describe_target

__all__ = ["KNOWN_METRICS", "ResolvedMetric", "resolve_loss", "resolve_metric"]

Shape = Sequence[int | None]

KNOWN_METRICS: Final[tuple[str, ...]] = (
    "accuracy",
    "acc",
    "crossentropy",
    "ce",
    "binary_accuracy",
    "categorical_accuracy",
    "sparse_categorical_accuracy",
    "top_k_categorical_accuracy",
    "sparse_top_k_categorical_accuracy",
    "binary_crossentropy",
    "categorical_crossentropy",
    "sparse_categorical_crossentropy",
    "auc",
)

_DIRECT: Final[dict[str, str]] = {
    "binaryaccuracy": "binary_accuracy",
    "categoricalaccuracy": "categorical_accuracy",
    "sparsecategoricalaccuracy": "sparse_categorical_accuracy",
    "topkcategoricalaccuracy": "top_k_categorical_accuracy",
    "sparsetopkcategoricalaccuracy": "sparse_top_k_categorical_accuracy",
    "binarycrossentropy": "binary_crossentropy",
    "categoricalcrossentropy": "categorical_crossentropy",
    "sparsecategoricalcrossentropy": "sparse_categorical_crossentropy",
    "auc": "auc",
}

# Class names whose default instance name is the canonical (snake_case) name in _DIRECT.
_CLASS_SPELLINGS: Final[frozenset[str]] = frozenset(
    {
        "BinaryAccuracy",
        "CategoricalAccuracy",
        "SparseCategoricalAccuracy",
        "TopKCategoricalAccuracy",
        "SparseTopKCategoricalAccuracy",
        "BinaryCrossentropy",
        "CategoricalCrossentropy",
        "SparseCategoricalCrossentropy",
        "AUC",
    }
)

_SENTENCES: Final[dict[str, str]] = {
    "binary_accuracy": (
        "each output is compared with the label on its own: it predicts 1 when the output is "
        "{rule}, and the figure is the share of (sample, unit) pairs that match"
    ),
    "categorical_accuracy": (
        "the class is the argmax of the outputs (ties go to the lowest index) and is compared "
        "with the argmax of the one-hot labels (a multi-hot row counts only its first positive)"
    ),
    "sparse_categorical_accuracy": (
        "the class is the argmax of the outputs (ties go to the lowest index) and is compared "
        "with the integer label"
    ),
    "top_k_categorical_accuracy": (
        "a sample counts as right when the one-hot label's class is among the k={k} largest outputs"
    ),
    "sparse_top_k_categorical_accuracy": (
        "a sample counts as right when the integer label is among the k={k} largest outputs"
    ),
    "binary_crossentropy": (
        "binary cross-entropy of the outputs read as probabilities (from_logits=False)"
    ),
    "categorical_crossentropy": (
        "categorical cross-entropy of the outputs read as probabilities (from_logits=False; "
        "rows are divided by their sum first)"
    ),
    "sparse_categorical_crossentropy": (
        "sparse categorical cross-entropy of the outputs read as probabilities (from_logits=False)"
    ),
    "auc": "ROC AUC approximated on 200 fixed thresholds in [0, 1] (outputs read as probabilities)",
    "accuracy": "exact equality of outputs and labels, with no threshold",
    "torchmetrics_accuracy": ("torchmetrics {task} accuracy: {how}"),
    "sklearn_accuracy": (
        "scikit-learn accuracy_score: the share of samples whose predicted label equals the "
        "true label (for multi-label rows, every label must match); it needs hard labels"
    ),
}


@dataclass(frozen=True)
class ResolvedMetric:
    """The metric a framework builds from an identifier, for given shapes and loss.

    >>> m = resolve_metric("accuracy", target="tf.keras", y_true_shape=(4, 1),
    ...                    y_pred_shape=(4, 1), loss="binary_crossentropy")
    >>> m.name, m.threshold
    ('binary_accuracy', 0.5)
    >>> m.compute([[1], [0], [1], [0]], [[0.9], [0.2], [0.5], [-0.3]])
    0.75
    """

    identifier: str
    target: str
    backend: str | None
    name: str
    threshold: float | None
    display_name: str
    reason: str
    uses_round: bool = False
    k: int | None = None
    task: str | None = None
    _compute: Callable[..., float] = field(repr=False, compare=False, default=lambda *a, **k: 0.0)

    def describe(self) -> str:
        """One plain sentence: which metric, how it decides, and why it was chosen."""
        where = describe_target(self.target, self.backend)
        if self.name == "binary_accuracy":
            if self.uses_round:
                rule = "rounded to 1 (K.round: 0.5 rounds to 0, and 1.5 or more rounds to 2)"
                if self.target == "keras2.3":
                    rule += "; tf.keras ≤ 2.1 and the tf-keras v1 path compare > 0.5 instead"
            else:
                rule = f"> {self.threshold:g} (strictly)"
            how = _SENTENCES["binary_accuracy"].format(rule=rule)
        elif self.name in ("top_k_categorical_accuracy", "sparse_top_k_categorical_accuracy"):
            how = _SENTENCES[self.name].format(k=self.k)
        elif self.name == "torchmetrics_accuracy":
            how = self.reason
            return f"In {where}, {self.identifier!r} is {self.display_name}: {how}."
        else:
            how = _SENTENCES.get(self.name, self.name)
        return (
            f"In {where}, {self.identifier!r} becomes {self.name} "
            f"(logged as {self.display_name!r}) because {self.reason}: {how}."
        )

    def compute(self, y_true: Any, y_pred: Any, sample_weight: Any | None = None) -> float:
        """The number the target would report for these arrays (one ``update_state``)."""
        return float(self._compute(y_true, y_pred, sample_weight))


def _loss_name(loss: str | Loss | None) -> str | None:
    if loss is None:
        return None
    entry = loss if isinstance(loss, Loss) else lookup_loss(loss)
    return entry.name


def _shape_rule(y_true_shape: Shape, y_pred_shape: Shape) -> tuple[str, str]:
    """tf.keras ≥ 2.2 and Keras 3: (kind, reason) from shapes alone."""
    units = y_pred_shape[-1] if y_pred_shape else None
    if units == 1:
        return "binary", "the output has one unit (the loss is not consulted)"
    if len(y_true_shape) < len(y_pred_shape):
        return "sparse", (
            f"the labels {tuple(y_true_shape)} have a lower rank than the outputs "
            f"{tuple(y_pred_shape)} (the loss is not consulted)"
        )
    if y_true_shape and y_true_shape[-1] == 1 and units is not None and units > 1:
        return "sparse", (
            f"the labels have one column and the output {units} units (the loss is not consulted)"
        )
    return "categorical", (
        f"labels {tuple(y_true_shape)} and outputs {tuple(y_pred_shape)} have the same shape "
        "and more than one unit (the loss is not consulted)"
    )


def _loss_rule(y_pred_shape: Shape, loss_name: str | None) -> tuple[str, str]:
    """Keras ≤ 2.3 (and the v1 graph path): (kind, reason) from the output width and the loss.

    The check is an identity test (``loss_fn.fn == losses.binary_crossentropy`` or an instance
    of ``BinaryCrossentropy``), so a focal or other variant of the loss does not count.
    """
    units = y_pred_shape[-1] if y_pred_shape else None
    if units == 1:
        return "binary", "the output has one unit"
    if loss_name == "binary_crossentropy":
        return "binary", "the loss is binary cross-entropy (the output width is not consulted)"
    if loss_name == "sparse_categorical_crossentropy":
        return "sparse", "the loss is sparse categorical cross-entropy"
    return "categorical", "the output has several units and the loss is not binary or sparse"


def _kind_to_name(kind: str, base: str) -> str:
    prefix = {"binary": "binary_", "sparse": "sparse_categorical_", "categorical": "categorical_"}
    return prefix[kind] + base


def _keras_compute(
    name: str, target: str, backend: str | None, threshold: float | None, k: int | None
) -> Callable[..., float]:
    from headcheck.semantics import accuracy as acc
    from headcheck.semantics import auc as auc_module
    from headcheck.semantics import losses

    def run(y_true: Any, y_pred: Any, sample_weight: Any | None) -> float:
        common: dict[str, Any] = {
            "sample_weight": sample_weight,
            "target": target,
            "backend": backend,
        }
        if name == "binary_accuracy":
            return float(
                acc.binary_accuracy(
                    y_true, y_pred, threshold=0.5 if threshold is None else threshold, **common
                )
            )
        if name == "categorical_accuracy":
            return float(acc.categorical_accuracy(y_true, y_pred, **common))
        if name == "sparse_categorical_accuracy":
            return float(acc.sparse_categorical_accuracy(y_true, y_pred, **common))
        if name == "top_k_categorical_accuracy":
            return float(
                acc.top_k_categorical_accuracy(y_true, y_pred, k=5 if k is None else k, **common)
            )
        if name == "sparse_top_k_categorical_accuracy":
            return float(
                acc.sparse_top_k_categorical_accuracy(
                    y_true, y_pred, k=5 if k is None else k, **common
                )
            )
        if name == "auc":
            return float(auc_module.keras_auc(y_true, y_pred, **common))
        loss_fn = getattr(losses, name)
        return float(loss_fn(y_true, y_pred, **common))

    return run


def _resolve_keras(
    identifier: str,
    target: str,
    backend: str | None,
    y_true_shape: Shape,
    y_pred_shape: Shape,
    loss: str | Loss | None,
    threshold: float | None,
    k: int,
) -> ResolvedMetric:
    key = identifier if target in ("keras2.2", "keras2.3") else identifier.lower()
    old = target in ("keras2.2", "keras2.3")
    if key in ("accuracy", "acc", "crossentropy", "ce"):
        if target == "keras3" and key in ("crossentropy", "ce"):
            raise FrameworkError(
                "keras3", "ValueError", f"Could not interpret metric identifier: {identifier}"
            )
        if old:
            kind, reason = _loss_rule(y_pred_shape, _loss_name(loss))
        else:
            kind, reason = _shape_rule(y_true_shape, y_pred_shape)
        base = "accuracy" if key in ("accuracy", "acc") else "crossentropy"
        name = _kind_to_name(kind, base)
        if target == "keras2.2":
            display = "acc" if base == "accuracy" else "ce"
        else:
            display = identifier
    else:
        canonical = _DIRECT.get(normalise_name(identifier))
        if canonical is None:
            if old and (normalise_name(identifier) == "accuracy" or identifier == "ACC"):
                # 'Accuracy' (capitalised) is not special-cased before tf.keras 2.2; the v1 path
                # gets the Accuracy class, and 'ACC' tf-keras' alias of the exact-match
                # accuracy function. Both are logged under the string given.
                if target == "keras2.2":
                    raise FrameworkError(
                        target, "ValueError", f"Unknown metric function:{identifier}"
                    )
                return ResolvedMetric(
                    identifier,
                    target,
                    backend,
                    "accuracy",
                    None,
                    identifier,
                    "the identifier is case-sensitive here and names exact-match accuracy",
                    _compute=_exact_accuracy,
                )
            raise UnknownNameError("metric", identifier, KNOWN_METRICS)
        name = canonical
        display = identifier
        if target == "tf.keras" and identifier.rsplit(".", 1)[-1] in _CLASS_SPELLINGS:
            # tf.keras builds an instance of the class and logs it under the instance's own
            # name; only functions are wrapped under the string given.
            display = canonical
        reason = "it is named explicitly"
        if name == "auc" and target == "keras2.2":
            raise FrameworkError(target, "ValueError", f"Unknown metric function:{identifier}")
    uses_round = name == "binary_accuracy" and (
        target == "keras2.2" or (target == "keras2.3" and (threshold is None or threshold == 0.5))
    )
    thr = (0.5 if threshold is None else threshold) if name == "binary_accuracy" else None
    top_k = k if "top_k" in name else None
    return ResolvedMetric(
        identifier,
        target,
        backend,
        name,
        thr,
        display,
        reason,
        uses_round=uses_round,
        k=top_k,
        _compute=_keras_compute(name, target, backend, thr, top_k),
    )


def _exact_accuracy(y_true: Any, y_pred: Any, sample_weight: Any | None) -> float:
    from headcheck.semantics._arrays import as_float_array, as_weights

    t = as_float_array(y_true, "y_true").astype(np.float32)
    p = as_float_array(y_pred, "y_pred").astype(np.float32)
    matches = (t.reshape(p.shape) == p).astype(np.float64)
    rows = matches.reshape(matches.shape[0], -1).mean(axis=1)
    w = as_weights(sample_weight, rows.shape[0])
    if w is None:
        return float(rows.mean())
    return float((rows * w).sum() / w.sum())


def _torchmetrics_task(y_true_shape: Shape, y_pred_shape: Shape) -> tuple[str, str]:
    if len(y_pred_shape) == 1 or y_pred_shape[-1] == 1:
        return (
            "binary",
            "floating outputs are passed through a sigmoid if any lies outside "
            "[0, 1], then predict 1 when > 0.5 (strictly)",
        )
    if len(y_true_shape) < len(y_pred_shape):
        return (
            "multiclass",
            "the class is the argmax of the outputs (ties go to class 0); "
            "the Accuracy(task='multiclass') wrapper averages 'micro' (MulticlassAccuracy "
            "defaults to 'macro')",
        )
    return (
        "multilabel",
        "each output is sigmoided if any lies outside [0, 1], thresholded at "
        "0.5, and the figure is the share of (sample, label) pairs that match",
    )


def _resolve_torchmetrics(
    identifier: str, y_true_shape: Shape, y_pred_shape: Shape, threshold: float | None
) -> ResolvedMetric:
    if normalise_name(identifier) not in ("accuracy", "acc"):
        raise UnknownNameError("torchmetrics metric", identifier, ("accuracy",))
    task, how = _torchmetrics_task(y_true_shape, y_pred_shape)
    units = y_pred_shape[-1] if y_pred_shape else None
    thr = 0.5 if threshold is None else threshold
    args = f"task={task!r}"
    if task == "multiclass":
        args += f", num_classes={units}"
    elif task == "multilabel":
        args += f", num_labels={units}"

    def run(y_true: Any, y_pred: Any, sample_weight: Any | None) -> float:
        from headcheck.semantics import torchmetrics as tm

        if sample_weight is not None:
            raise FrameworkError(
                "torchmetrics",
                "TypeError",
                "Accuracy.update() got an unexpected keyword argument 'sample_weight'",
            )
        preds = np.asarray(y_pred)
        targ = np.asarray(y_true)
        if task == "binary":
            preds, targ = preds.reshape(-1), targ.reshape(-1)
        return float(
            tm.accuracy(
                preds,
                targ.astype(np.int64),
                task=task,
                threshold=thr,
                num_classes=units if task == "multiclass" else None,
                num_labels=units if task == "multilabel" else None,
            )
        )

    return ResolvedMetric(
        identifier,
        "torchmetrics",
        None,
        "torchmetrics_accuracy",
        thr if task != "multiclass" else None,
        f"Accuracy({args})",
        how,
        task=task,
        _compute=run,
    )


def _resolve_sklearn(identifier: str) -> ResolvedMetric:
    if normalise_name(identifier) not in ("accuracy", "acc", "accuracyscore"):
        raise UnknownNameError("scikit-learn metric", identifier, ("accuracy",))

    def run(y_true: Any, y_pred: Any, sample_weight: Any | None) -> float:
        from headcheck.semantics import sklearn as sk

        t = np.asarray(y_true)
        p = np.asarray(y_pred)
        if t.ndim == 2 and t.shape[1] == 1:
            t = t[:, 0]
        if p.ndim == 2 and p.shape[1] == 1:
            p = p[:, 0]
        return float(sk.accuracy_score(t, p, sample_weight=sample_weight))

    return ResolvedMetric(
        identifier,
        "sklearn",
        None,
        "accuracy_score",
        None,
        "accuracy_score",
        "it is scikit-learn's only accuracy",
        _compute=run,
    )


def resolve_metric(
    identifier: str,
    *,
    target: str,
    y_true_shape: Shape,
    y_pred_shape: Shape,
    loss: str | Loss | None = None,
    backend: str | None = None,
    threshold: float | None = None,
    k: int = 5,
) -> ResolvedMetric:
    """Resolve a metric identifier the way ``target`` does.

    ``y_true_shape``/``y_pred_shape`` are the shapes of one batch of labels and outputs (the
    batch size may be ``None``); ``loss`` is the compiled loss (a name or a catalogue
    :class:`~headcheck.catalogue.Loss`), which only Keras ≤ 2.3 consults. An identifier the
    target rejects raises :class:`~headcheck.FrameworkError` with the target's message.

    The seed-002 model: 20 sigmoid units, multi-hot labels, binary cross-entropy.

    >>> for t in ("keras2.3", "tf.keras", "keras3"):
    ...     m = resolve_metric("accuracy", target=t, y_true_shape=(None, 20),
    ...                        y_pred_shape=(None, 20), loss="binary_crossentropy")
    ...     print(t, m.name)
    keras2.3 binary_accuracy
    tf.keras categorical_accuracy
    keras3 categorical_accuracy
    >>> resolve_metric("ce", target="keras3", y_true_shape=(None,), y_pred_shape=(None, 3))
    Traceback (most recent call last):
    ...
    headcheck._errors.FrameworkError: keras3 raises ValueError: Could not interpret metric \
identifier: ce
    """
    checked = check_target(target)
    bk = check_backend(checked, backend)
    true_shape = tuple(y_true_shape)
    pred_shape = tuple(y_pred_shape)
    if not pred_shape:
        raise UnknownNameError("y_pred_shape", pred_shape, ("a shape with at least one axis",))
    if checked in KERAS_TARGETS:
        return _resolve_keras(identifier, checked, bk, true_shape, pred_shape, loss, threshold, k)
    if checked == "torchmetrics":
        return _resolve_torchmetrics(identifier, true_shape, pred_shape, threshold)
    if checked == "sklearn":
        return _resolve_sklearn(identifier)
    raise FrameworkError(
        "torch",
        "NotImplementedError",
        "PyTorch has no built-in metrics; accuracy comes from your own code or torchmetrics "
        "(use target='torchmetrics')",
    )


def resolve_loss(identifier: str, *, target: str, y_true_shape: Shape, y_pred_shape: Shape) -> Loss:
    """Resolve a loss identifier, including Keras 3's shape-resolved ``'crossentropy'``/``'ce'``.

    >>> resolve_loss("ce", target="keras3", y_true_shape=(None,), y_pred_shape=(None, 3)).name
    'sparse_categorical_crossentropy'
    >>> resolve_loss("crossentropy", target="tf.keras", y_true_shape=(None,),
    ...              y_pred_shape=(None, 3))
    Traceback (most recent call last):
    ...
    headcheck._errors.FrameworkError: tf.keras raises ValueError: Unknown loss function: \
'crossentropy'. ...
    """
    checked = check_target(target)
    if identifier.lower() in ("crossentropy", "ce"):
        if checked != "keras3":
            raise FrameworkError(
                checked,
                "ValueError",
                f"Unknown loss function: '{identifier}'. Please ensure you are using a "
                "`keras.utils.custom_object_scope` and that this object is included in the "
                "scope. (Keras 3 resolves 'crossentropy'/'ce' from shapes; earlier Keras does "
                "not.)",
            )
        kind, _ = _shape_rule(tuple(y_true_shape), tuple(y_pred_shape))
        return lookup_loss(_kind_to_name(kind, "crossentropy"))
    framework: Literal["keras", "torch"] = "torch" if checked == "torch" else "keras"
    return lookup_loss(identifier, framework=framework)
