"""Phrases several rules share, so that the same fact is always said the same way."""

from __future__ import annotations

from headcheck.facts import HeadFacts, MetricSpec
from headcheck.semantics.resolution import ResolvedMetric, resolve_metric

__all__ = ["loss_call", "resolved_accuracy", "shapes_for"]


def loss_call(facts: HeadFacts) -> str:
    """How the user wrote (or would write) the loss: ``BinaryCrossentropy(from_logits=True)``."""
    if facts.loss is None:
        return "the loss"
    if facts.loss.framework == "torch":
        return f"nn.{facts.loss.name}()"
    if facts.loss_from_logits:
        return f"{facts.loss.name} with from_logits=True"
    return f"'{facts.loss.name}'"


def shapes_for(facts: HeadFacts) -> tuple[tuple[int | None, ...], tuple[int | None, ...]] | None:
    """Label and output shapes of one batch, as Keras sees them, if the facts establish them."""
    if facts.units is None:
        if facts.loss is not None and facts.loss.family == "sparse_categorical_crossentropy":
            return (None,), (None, None)  # integer labels against C units, C unknown
        return None
    pred = (None, facts.units)
    labels = facts.labels
    if labels is None:
        if facts.loss is not None and facts.loss.family == "sparse_categorical_crossentropy":
            return (None,), pred
        if facts.loss is not None and facts.loss.family in (
            "binary_crossentropy",
            "categorical_crossentropy",
        ):
            return (None, facts.units), pred
        if facts.units == 1:
            return (None, 1), pred
        return None
    if labels == "sparse":
        return (None,), pred
    if labels in ("one_hot", "multi_hot"):
        return (None, facts.units), pred
    return (None, 1) if facts.units == 1 else (None, facts.units), pred


def resolved_accuracy(
    facts: HeadFacts, metric: MetricSpec, target: str | None = None
) -> ResolvedMetric | None:
    """The metric a bare ``'accuracy'`` (or a named accuracy) becomes, if the shapes are known."""
    shapes = shapes_for(facts)
    if shapes is None:
        return None
    chosen = target or facts.target
    try:
        return resolve_metric(
            metric.name,
            target=chosen,
            y_true_shape=shapes[0],
            y_pred_shape=shapes[1],
            loss=facts.loss if facts.loss and facts.loss.framework == "keras" else None,
            backend=facts.backend if chosen == "keras3" else None,
            threshold=metric.get("threshold"),
        )
    except ValueError:
        return None
