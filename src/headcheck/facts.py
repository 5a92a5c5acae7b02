"""Facts about a classifier head: small frozen records where ``None`` means *unknown*.

Every source — command-line flags, code, saved models, live models, arrays — produces the
same :class:`HeadFacts`, so every rule works on all of them where the fact is available.
A rule whose facts are unknown stays silent.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from headcheck._errors import HeadcheckError, UnknownNameError
from headcheck.catalogue import Activation, Loss, activation, normalise_name
from headcheck.catalogue import loss as lookup_loss

__all__ = [
    "LABEL_FORMATS",
    "POSTPROCESSES",
    "HeadFacts",
    "LabelFormat",
    "Location",
    "MetricSpec",
    "PostProcess",
    "Task",
    "check_label_format",
    "parse_metric",
]

LabelFormat = Literal["binary", "sparse", "one_hot", "multi_hot", "continuous", "signed"]
LABEL_FORMATS: Final[tuple[LabelFormat, ...]] = (
    "binary",
    "sparse",
    "one_hot",
    "multi_hot",
    "continuous",
    "signed",
)
PostProcess = Literal["argmax", "threshold_0.5", "round"]
POSTPROCESSES: Final[tuple[PostProcess, ...]] = ("argmax", "threshold_0.5", "round")
Task = Literal["binary", "multiclass", "multilabel", "regression"]


def check_label_format(name: str) -> LabelFormat:
    """Accept ``one-hot``/``one_hot``/``onehot`` and the like.

    >>> check_label_format("one-hot")
    'one_hot'
    """
    key = name.strip().lower().replace("-", "_")
    aliases = {"onehot": "one_hot", "multihot": "multi_hot", "int": "sparse", "integer": "sparse"}
    key = aliases.get(key, key)
    if key not in LABEL_FORMATS:
        raise UnknownNameError("label format", name, LABEL_FORMATS)
    return key


@dataclass(frozen=True)
class Location:
    """Where a fact was written: a file (or notebook cell) and a line, when known.

    ``line`` and ``column`` are 1-based; in a notebook ``cell`` is the 1-based number of the
    code cell and ``line`` the line inside it (``nb.ipynb:cell 3:2:5``).
    """

    path: str | None = None
    line: int | None = None
    column: int | None = None
    cell: int | None = None

    def __str__(self) -> str:
        parts = [self.path or "<head>"]
        if self.cell is not None:
            parts.append(f"cell {self.cell}")
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


@dataclass(frozen=True)
class MetricSpec:
    """A metric as the user wrote it: ``'accuracy'`` or ``BinaryAccuracy(threshold=0.0)``."""

    name: str
    kwargs: tuple[tuple[str, Any], ...] = ()

    @property
    def key(self) -> str:
        """The normalised name: ``'binaryaccuracy'``."""
        return normalise_name(self.name)

    @property
    def is_bare_accuracy(self) -> bool:
        """``'accuracy'``/``'acc'`` as a string: the identifier Keras resolves itself."""
        return not self.kwargs and self.name.lower() in ("accuracy", "acc")

    def get(self, keyword: str, default: Any = None) -> Any:
        """A keyword argument's value, or ``default``."""
        return dict(self.kwargs).get(keyword, default)

    def __str__(self) -> str:
        if not self.kwargs:
            return self.name
        args = ", ".join(f"{k}={v!r}" for k, v in self.kwargs)
        return f"{self.name}({args})"


_CALL = re.compile(r"^\s*([A-Za-z_][\w.]*)\s*(?:\((.*)\))?\s*$", re.DOTALL)


def parse_metric(text: str) -> MetricSpec:
    """Parse ``'accuracy'`` or ``'AUC(from_logits=True)'`` (literal keyword arguments only).

    >>> parse_metric("BinaryAccuracy(threshold=0.0)")
    MetricSpec(name='BinaryAccuracy', kwargs=(('threshold', 0.0),))
    >>> parse_metric("AUC(")
    Traceback (most recent call last):
    ...
    headcheck._errors.HeadcheckError: cannot read metric 'AUC(': write a name such as \
'accuracy' or a call with literal keyword arguments such as 'BinaryAccuracy(threshold=0.0)'
    """
    match = _CALL.match(text)
    problem = HeadcheckError(
        f"cannot read metric {text!r}: write a name such as 'accuracy' or a call with literal "
        "keyword arguments such as 'BinaryAccuracy(threshold=0.0)'"
    )
    if match is None:
        raise problem
    name, args = match.group(1), match.group(2)
    if not args or not args.strip():
        return MetricSpec(name)
    try:
        call = ast.parse(f"f({args})", mode="eval").body
    except SyntaxError:
        raise problem from None
    if not isinstance(call, ast.Call) or call.args:
        raise problem
    kwargs: list[tuple[str, Any]] = []
    for keyword in call.keywords:
        if keyword.arg is None:
            raise problem
        try:
            kwargs.append((keyword.arg, ast.literal_eval(keyword.value)))
        except ValueError:
            raise problem from None
    return MetricSpec(name, tuple(kwargs))


@dataclass(frozen=True)
class HeadFacts:
    """What is known about one classifier head. ``None`` is *unknown*, never a default guess.

    ``activation`` is the final activation applied to the tensor that reaches the loss;
    ``loss_from_logits`` is the loss object's own ``from_logits`` (``False`` when the loss was
    given as a string, which cannot carry it).
    """

    framework: Literal["keras", "torch"] | None = None
    units: int | None = None
    activation: Activation | None = None
    loss: Loss | None = None
    loss_from_logits: bool | None = None
    label_smoothing: float = 0.0
    metrics: tuple[MetricSpec, ...] = ()
    labels: LabelFormat | None = None
    num_classes: int | None = None
    from_logits_in_compile: bool = False
    postprocess: tuple[PostProcess, ...] = ()
    target: str = "keras3"
    backend: str | None = None
    locations: dict[str, Location] = field(default_factory=dict, compare=False, hash=False)

    def where(self, fact: str) -> Location:
        """Where ``fact`` (``'activation'``, ``'loss'``, ``'metric:accuracy'``...) was written."""
        return self.locations.get(fact) or self.locations.get("head") or Location()

    @property
    def outputs(self) -> str | None:
        """What the head emits: an :data:`~headcheck.catalogue.OutputKind`, ``'constant_one'``
        for softmax over one unit, or ``None`` when the activation is unknown."""
        if self.activation is None:
            return None
        if self.activation.name == "softmax" and self.units == 1:
            return "constant_one"
        return self.activation.output

    @property
    def loss_reads(self) -> str | None:
        """What the loss reads from the head (``'logits'``, ``'probabilities'``...)."""
        if self.loss is None:
            return None
        return self.loss.reads(bool(self.loss_from_logits))

    @property
    def task(self) -> Task | None:
        """The task, from the strongest evidence available, or ``None`` if it is not established.

        Labels decide first; then the loss and activation (softmax is single-label; several
        sigmoid/linear units under binary cross-entropy are multi-label); one unit under a
        classification loss is binary.
        """
        labels = self.labels
        if labels == "continuous":
            return "regression"
        if labels == "multi_hot":
            return "multilabel"
        if labels == "sparse":
            if self.units == 1:  # one unit for more than two counted classes: not established
                return "binary" if self.num_classes in (None, 2) else None
            return "multiclass"
        if labels == "one_hot":
            return "multiclass"
        if labels in ("binary", "signed"):
            if self.units is not None and self.units > 1:
                # 0/1 columns against several units: one-hot or multi-hot is not established
                return "binary" if self.units == 2 else None
            return "binary"
        family = self.loss.family if self.loss else None
        if family == "regression":
            return "regression" if self.units == 1 else None
        if family in ("categorical_crossentropy", "sparse_categorical_crossentropy", "nll"):
            return "binary" if self.units == 1 else "multiclass"
        if self.activation is not None and self.activation.name in ("softmax", "log_softmax"):
            return "multiclass" if self.units != 1 else "binary"
        if family == "binary_crossentropy":
            if self.units == 1:
                return "binary"
            if self.units is not None and self.units > 1:
                return "multilabel"
        return None


def loss_from_name(name: str, framework: Literal["keras", "torch"] | None = None) -> Loss:
    """Catalogue lookup used by fact sources (re-exported for convenience)."""
    return lookup_loss(name, framework=framework)


def activation_from_name(name: str | None) -> Activation:
    """Catalogue lookup used by fact sources (re-exported for convenience)."""
    return activation(name)
