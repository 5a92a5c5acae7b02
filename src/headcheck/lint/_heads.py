"""From model records to :class:`~headcheck.facts.HeadFacts`, with locations.

A record gives one set of facts per way the code trains it (each ``compile``, each loss
applied to its outputs). Post-processing goes with the training facts when the loss reads
the model's raw outputs, and into facts of its own otherwise (``BCEWithLogitsLoss`` on the
logits, ``torch.sigmoid(logits) > 0.5`` for reporting: the threshold reads probabilities).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from headcheck.catalogue import activation as lookup_activation
from headcheck.facts import HeadFacts, LabelFormat, Location, MetricSpec, PostProcess
from headcheck.lint._source import Source
from headcheck.lint._values import HeadInfo, LabelVal, LossVal, MetricVal, Pos, Record

__all__ = ["Context", "facts_of"]


@dataclass(frozen=True)
class Context:
    """What applies to every head of a file: where it is, and the targeted framework."""

    source: Source
    keras_target: str
    backend: str | None


@dataclass(frozen=True)
class _Training:
    loss: LossVal | None
    metrics: tuple[MetricVal, ...]
    labels: LabelVal | None
    head: HeadInfo | None
    raw: bool
    compile_pos: Pos | None = None
    from_logits_pos: Pos | None = None


def _trainings(record: Record, head: HeadInfo | None) -> list[_Training]:
    found: list[_Training] = []
    for comp in record.compiles:
        found.append(
            _Training(
                comp.loss,
                comp.metrics,
                record.labels,
                head,
                True,
                comp.pos,
                comp.from_logits_pos,
            )
        )
    for use in record.uses:
        labels = use.labels if use.labels is not None else None
        found.append(_Training(use.loss, (), labels, use.head, use.raw and use.head == head))
    unique: list[_Training] = []
    for item in found:
        if item not in unique:
            unique.append(item)
    return unique


def _labels(loss: LossVal | None, labels: LabelVal | None) -> tuple[LabelFormat | None, int | None]:
    if labels is None:
        return None, None
    fmt = labels.format
    if (
        labels.soft
        and loss is not None
        and loss.loss is not None
        and loss.loss.name == "CrossEntropyLoss"
        and fmt in ("one_hot", "multi_hot")
    ):
        fmt = None  # float targets: class probabilities, which CrossEntropyLoss accepts
    return fmt, labels.num_classes


def _build(
    record: Record,
    context: Context,
    head: HeadInfo | None,
    training: _Training | None,
    post: list[tuple[str, Pos]],
) -> HeadFacts:
    src = context.source
    where: dict[str, Location] = {}

    def put(key: str, pos: Pos | None) -> None:
        if pos is not None and key not in where:
            where[key] = src.locate(pos[0], pos[1])

    put("head", (head.pos if head else None) or record.pos)
    activation = None
    units = None
    if head is not None:
        units = head.units
        put("units", head.units_pos)
        if head.activation is not None:
            activation = lookup_activation(head.activation)
            put("activation", head.activation_pos)
    loss = from_logits = None
    smoothing = 0.0
    metrics: list[MetricSpec] = []
    labels: LabelFormat | None = None
    classes: int | None = None
    in_compile = False
    if training is not None:
        if training.loss is not None and training.loss.loss is not None:
            loss = training.loss.loss
            from_logits = training.loss.from_logits
            smoothing = training.loss.label_smoothing
            put("loss", training.loss.pos)
        for metric in training.metrics:
            metrics.append(metric.spec)
            put(f"metric:{metric.spec.name}", metric.pos)
        labels, classes = _labels(training.loss, training.labels)
        in_compile = training.from_logits_pos is not None
        put("compile", training.from_logits_pos or training.compile_pos)
    steps: list[PostProcess] = []
    for kind, pos in post:
        if kind in ("argmax", "threshold_0.5", "round") and kind not in steps:
            steps.append(kind)  # type: ignore[arg-type]
            put(f"postprocess:{kind}", pos)
    torch = record.framework == "torch"
    return HeadFacts(
        framework=record.framework,
        units=units,
        activation=activation,
        loss=loss,
        loss_from_logits=from_logits if loss is not None else None,
        label_smoothing=smoothing,
        metrics=tuple(metrics),
        labels=labels,
        num_classes=classes,
        from_logits_in_compile=in_compile,
        postprocess=tuple(steps),
        target="torch" if torch else context.keras_target,
        backend=None if torch or context.keras_target != "keras3" else context.backend,
        locations=where,
    )


def facts_of(record: Record, context: Context) -> Iterator[HeadFacts]:
    """Every set of facts one model establishes."""
    head = record.head()
    trainings = _trainings(record, head)
    post = list(record.postprocess)
    first_of_each: list[tuple[str, Pos]] = []
    extra: list[tuple[str, Pos]] = []
    for step in post:
        (extra if any(k == step[0] for k, _ in first_of_each) else first_of_each).append(step)
    carried = False
    for training in trainings:
        with_post = training.raw and not carried
        yield _build(record, context, training.head, training, first_of_each if with_post else [])
        carried = carried or with_post
    if not carried:
        yield _build(record, context, head, None, first_of_each)
    for step in extra:
        yield _build(record, context, head, None, [step])
