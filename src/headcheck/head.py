"""A head described by hand: what ``headcheck explain --units 1 --activation linear ...`` takes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from headcheck._errors import HeadcheckError, UnknownNameError
from headcheck.catalogue import activation as lookup_activation
from headcheck.catalogue import loss as lookup_loss
from headcheck.facts import (
    POSTPROCESSES,
    HeadFacts,
    Location,
    MetricSpec,
    PostProcess,
    check_label_format,
    parse_metric,
)
from headcheck.targets import check_backend, check_target

__all__ = ["Head"]


@dataclass(frozen=True)
class Head:
    """A classifier head: final layer, loss, metrics, labels and the framework that runs it.

    ``activation=None`` and ``loss=None`` mean *unknown*, not *linear*: write
    ``activation="linear"`` for a layer without activation.

    >>> facts = Head(units=1, activation="linear", loss="binary_crossentropy",
    ...              metrics=["accuracy"]).to_facts()
    >>> facts.outputs, facts.loss_reads, facts.task
    ('logits', 'probabilities', 'binary')
    """

    units: int | None = None
    activation: str | None = None
    loss: str | None = None
    from_logits: bool = False
    label_smoothing: float = 0.0
    metrics: Sequence[str | MetricSpec] = ()
    labels: str | None = None
    num_classes: int | None = None
    target: str = "keras3"
    backend: str | None = None
    from_logits_in_compile: bool = False
    postprocess: Sequence[str] = ()
    framework: Literal["keras", "torch"] | None = field(default=None)

    def to_facts(self, location: Location | None = None) -> HeadFacts:
        """Validate every name and return the :class:`~headcheck.facts.HeadFacts`."""
        target = check_target(self.target)
        backend = check_backend(target, self.backend)
        if self.units is not None and self.units < 1:
            raise HeadcheckError(f"units must be a positive integer, got {self.units}")
        if self.num_classes is not None and self.num_classes < 1:
            raise HeadcheckError(f"num_classes must be a positive integer, got {self.num_classes}")
        if not 0.0 <= self.label_smoothing <= 1.0:
            raise HeadcheckError(f"label_smoothing must lie in [0, 1], got {self.label_smoothing}")
        framework = self.framework
        if framework is None:
            framework = "torch" if target in ("torch", "torchmetrics") else "keras"
        loss = lookup_loss(self.loss, framework=framework) if self.loss is not None else None
        if loss is not None and self.framework is None:
            framework = loss.framework
        if loss is not None and loss.framework == "torch" and self.from_logits:
            raise HeadcheckError(
                f"{loss.name} has no from_logits argument: the class decides what it reads"
            )
        post: list[PostProcess] = []
        for step in self.postprocess:
            if step not in POSTPROCESSES:
                raise UnknownNameError("post-processing step", step, POSTPROCESSES)
            post.append(step)
        metrics = tuple(m if isinstance(m, MetricSpec) else parse_metric(m) for m in self.metrics)
        return HeadFacts(
            framework=framework,
            units=self.units,
            activation=lookup_activation(self.activation) if self.activation else None,
            loss=loss,
            loss_from_logits=self.from_logits if loss is not None else None,
            label_smoothing=self.label_smoothing,
            metrics=metrics,
            labels=check_label_format(self.labels) if self.labels else None,
            num_classes=self.num_classes,
            from_logits_in_compile=self.from_logits_in_compile,
            postprocess=tuple(post),
            target=target,
            backend=backend,
            locations={"head": location} if location else {},
        )
