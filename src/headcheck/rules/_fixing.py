"""Facts several rules weigh when they choose a fix."""

from __future__ import annotations

from headcheck.facts import HeadFacts, Location
from headcheck.fixes._edits import Autofix, SetMetric
from headcheck.rules._phrases import resolved_accuracy

__all__ = ["PROBABILITY_METRICS", "expects_probabilities", "labels_needed", "per_label_metrics"]

#: Keras metrics that read the outputs as probabilities unless told otherwise
PROBABILITY_METRICS = frozenset(
    ("auc", "precision", "recall", "binaryaccuracy", "precisionatrecall", "recallatprecision")
)


def expects_probabilities(facts: HeadFacts) -> bool:
    """Does the code around the head read its outputs as probabilities (a 0.5 threshold,
    rounding, a binary accuracy or AUC/precision/recall at their defaults)?

    Then the fix for logits reaching a probability loss is an activation on the head, not
    ``from_logits=True`` (which would leave those other readers wrong).
    """
    if any(step in ("threshold_0.5", "round") for step in facts.postprocess):
        return True
    for metric in facts.metrics:
        if metric.key in PROBABILITY_METRICS and not metric.get("from_logits", False):
            if metric.key != "binaryaccuracy" or float(metric.get("threshold", 0.5)) == 0.5:
                return True
        elif metric.is_bare_accuracy:
            resolved = resolved_accuracy(facts, metric)
            if resolved is not None and resolved.name == "binary_accuracy":
                return True
    return False


def per_label_metrics(facts: HeadFacts, at: Location) -> Autofix:
    """Multi-label accuracy, said explicitly: per-label accuracy at the threshold that fits
    the outputs, and exact-match accuracy beside it."""
    cut = 0.0 if facts.outputs == "logits" else 0.5
    return Autofix(
        "name the metrics: per-label accuracy and exact-match accuracy",
        "unsafe",
        (
            SetMetric(
                at,
                "BinaryAccuracy",
                (("threshold", cut), ("name", "per_label_accuracy")),
                exact_match=cut,
            ),
        ),
    )


def labels_needed(choice: str) -> str:
    """The reason given when the label format would decide between fixes."""
    return (
        f"the label format is not established ({choice}); pass the labels to fit() in the "
        "same file (headcheck reads them from the code, never by running it)"
    )
