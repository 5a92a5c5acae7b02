"""The abstract values the analyser computes: what an expression is known to be.

Anything the analyser cannot establish is :data:`UNKNOWN`; rules never see a guess.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal

from headcheck.catalogue import Loss
from headcheck.facts import LabelFormat, MetricSpec

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = [
    "UNKNOWN",
    "Bound",
    "ClassVal",
    "Compile",
    "Const",
    "FuncVal",
    "HeadInfo",
    "Instance",
    "KLayer",
    "LabelVal",
    "ListVal",
    "LossUse",
    "LossVal",
    "MetricVal",
    "Pos",
    "Record",
    "Ref",
    "TLayer",
    "Tensor",
    "Unknown",
    "Value",
]

Pos = tuple[int, int]  # 1-based line and column in the analysed text
Framework = Literal["keras", "torch"]


class Unknown:
    """The value of anything the analyser does not follow."""

    _instance: Unknown | None = None

    def __new__(cls) -> Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN = Unknown()


@dataclass(frozen=True)
class Const:
    """A literal: number, string, bool, None, or a tuple/list of literals."""

    value: Any
    pos: Pos | None = field(default=None, compare=False)


@dataclass
class ListVal:
    """A list or tuple built in the code (``append`` adds to it)."""

    items: list[Value]


@dataclass(frozen=True)
class Ref:
    """A framework (or library) symbol by canonical name: ``keras.layers.Dense``."""

    name: str
    pos: Pos | None = field(default=None, compare=False)


@dataclass(frozen=True)
class HeadInfo:
    """What the last op of a tensor's path establishes: units and final activation."""

    units: int | None = None
    activation: str | None = None  # canonical activation name; None = unknown
    units_pos: Pos | None = None
    activation_pos: Pos | None = None
    pos: Pos | None = None  # where the head (last layer) is written

    def with_activation(self, name: str, pos: Pos) -> HeadInfo:
        return replace(self, activation=name, activation_pos=pos, pos=self.pos or pos)


@dataclass(frozen=True)
class LabelVal:
    """Evidence about labels: their encoding and, when known, the number of classes."""

    format: LabelFormat | None
    num_classes: int | None = None
    soft: bool = False  # float one-hot: class probabilities for nn.CrossEntropyLoss


@dataclass(frozen=True)
class LossVal:
    """A loss as written: the catalogue entry (``None`` = not established) and where."""

    loss: Loss | None
    from_logits: bool | None
    pos: Pos
    label_smoothing: float = 0.0


@dataclass(frozen=True)
class MetricVal:
    """A metric as written (``'accuracy'``, ``AUC(from_logits=True)``) and where."""

    spec: MetricSpec
    pos: Pos


@dataclass(frozen=True)
class Compile:
    """One ``model.compile(...)``: the loss (``None`` = not established), metrics, where."""

    loss: LossVal | None
    metrics: tuple[MetricVal, ...]
    pos: Pos
    from_logits_pos: Pos | None = None


@dataclass(frozen=True)
class LossUse:
    """A loss applied to a model's outputs in the code: ``criterion(model(x), y)``."""

    loss: LossVal
    head: HeadInfo | None
    labels: LabelVal | None
    raw: bool


@dataclass(frozen=True)
class KLayer:
    """A Keras layer: ``kind`` is ``dense``, ``activation``, ``passthrough``, ``model`` or
    ``other``."""

    kind: str
    head: HeadInfo | None = None
    model: Record | None = None


@dataclass(frozen=True)
class TLayer:
    """A torch module: ``linear``, ``activation``, ``passthrough``, ``sequential``, ``other``."""

    kind: str
    head: HeadInfo | None = None
    children: tuple[Value, ...] = ()


@dataclass(frozen=True)
class Tensor:
    """A tensor (or array of predictions). ``record`` is the model it came out of, ``raw``
    whether it is exactly that model's outputs (not passed through an activation since)."""

    head: HeadInfo | None
    record: Record | None = None
    raw: bool = False


@dataclass
class Record:
    """A model whose head headcheck assembles: layers or a forward/call, and what the code
    does with it (loss, metrics, labels, post-processing)."""

    framework: Framework
    pos: Pos
    layers: list[Value] = field(default_factory=list)
    output: Tensor | None = None  # functional API / forward result
    sequential: bool = False
    cls: ClassVal | None = None
    attrs: dict[str, Value] = field(default_factory=dict)
    compiles: list[Compile] = field(default_factory=list)
    uses: list[LossUse] = field(default_factory=list)
    labels: LabelVal | None = None
    postprocess: list[tuple[str, Pos]] = field(default_factory=list)
    head_of: Callable[[Record], HeadInfo | None] | None = None
    used: bool = False

    def head(self) -> HeadInfo | None:
        """The head as the code stands now (Sequential layers may still be added)."""
        return self.head_of(self) if self.head_of is not None else None

    def __hash__(self) -> int:
        return id(self)

    def __eq__(self, other: object) -> bool:
        return self is other


@dataclass
class Instance:
    """An instance of a class defined in the file (not a model)."""

    cls: ClassVal
    attrs: dict[str, Value] = field(default_factory=dict)

    def __hash__(self) -> int:
        return id(self)

    def __eq__(self, other: object) -> bool:
        return self is other


@dataclass(frozen=True)
class FuncVal:
    """A function defined in the file."""

    node: ast.FunctionDef | ast.AsyncFunctionDef


@dataclass(frozen=True)
class ClassVal:
    """A class defined in the file: ``kind`` is ``keras``/``torch`` for models, else ``plain``."""

    node: ast.ClassDef
    kind: str
    methods: dict[str, FuncVal]
    bases: tuple[Value, ...] = ()

    def __hash__(self) -> int:
        return id(self.node)


@dataclass(frozen=True)
class Bound:
    """``obj.name`` where ``obj`` is not a plain reference: a method about to be called."""

    obj: Value
    name: str


Value = Any  # one of the classes above, or UNKNOWN
