"""What a fix changes: a few operations on the code written at a finding's locations.

A rule decides *what* the head needs (a sigmoid here, ``from_logits=True`` there) from its
facts; :mod:`headcheck.fixes._apply` decides *how* to write it for the form the code has
(a string, a constant, a layer call, a loss object, a torch function or module).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from headcheck.facts import Location

__all__ = [
    "Autofix",
    "DropKeyword",
    "Edit",
    "FixSafety",
    "NoAutofix",
    "SetActivation",
    "SetLoss",
    "SetMetric",
    "SetThreshold",
    "SetUnits",
    "ThresholdInsteadOfArgmax",
]

FixSafety = Literal["safe", "unsafe"]


@dataclass(frozen=True)
class SetActivation:
    """Make the activation written at ``at`` be ``activation``: ``'sigmoid'``, ``'softmax'``,
    ``'log_softmax'`` or ``'linear'`` (no activation)."""

    at: Location
    activation: str


@dataclass(frozen=True)
class SetLoss:
    """Make the loss written at ``at`` be ``loss`` (a Keras function name such as
    ``'sparse_categorical_crossentropy'`` or a torch class such as ``'BCEWithLogitsLoss'``;
    ``None`` keeps it) with ``from_logits`` (``None`` keeps it; Keras only)."""

    at: Location
    loss: str | None = None
    from_logits: bool | None = None


@dataclass(frozen=True)
class DropKeyword:
    """Remove the keyword argument ``keyword`` from the call written at ``at``."""

    at: Location
    keyword: str


@dataclass(frozen=True)
class SetMetric:
    """Make the metric written at ``at`` the Keras metric class ``metric`` with these keyword
    arguments (a string such as ``'accuracy'`` becomes a metric object; a metric object gets
    the keywords). ``exact_match`` also adds an exact-match accuracy at that threshold."""

    at: Location
    metric: str
    keywords: tuple[tuple[str, object], ...] = ()
    exact_match: float | None = None


@dataclass(frozen=True)
class SetUnits:
    """Make the number of units written at ``at`` (an integer literal) be ``units``."""

    at: Location
    units: int


@dataclass(frozen=True)
class ThresholdInsteadOfArgmax:
    """Replace the argmax written at ``at`` by a threshold on the single output column."""

    at: Location
    threshold: float
    framework: Literal["keras", "torch"] | None


@dataclass(frozen=True)
class SetThreshold:
    """In the comparison written at ``at``, make the constant 0.5 be ``value``."""

    at: Location
    value: float


Edit = (
    SetActivation
    | SetLoss
    | DropKeyword
    | SetMetric
    | SetUnits
    | ThresholdInsteadOfArgmax
    | SetThreshold
)


@dataclass(frozen=True)
class Autofix:
    """A fix a rule offers: what it does, whether it is safe, and its edits.

    *Safe* fixes change only code that cannot have worked (a call that raises, an output that
    is constant, a loss that cannot train) or a number that does not measure what its name
    says, without changing what the model returns or the name a metric is logged under;
    *unsafe* fixes change the model's outputs, its training objective or a logged name,
    which other code may rely on: review them.
    """

    description: str
    safety: FixSafety
    edits: tuple[Edit, ...]


@dataclass(frozen=True)
class NoAutofix:
    """Why no fix is offered: what headcheck would need to know to choose one."""

    reason: str
