"""Array evidence: what a model's outputs and labels prove, reported with the rules' own codes.

The rules in :mod:`headcheck.rules` judge the head as written (layers, loss, metrics). When
the head is unknown — arrays only, a subclassed model, a custom layer — the numbers can still
prove a mismatch: a column that is 1.0 in every row, values outside [0, 1] reaching a loss
that reads probabilities, rows that sum to 1 reaching a loss that applies softmax itself.
These checks report such proofs under the same codes (HC101, HC103, HC104, HC105, HC302,
HC306, HC307) and fire only when the head's activation is unknown, so that a head known from
its layers is judged once, by the rules. Labels enter the facts themselves
(:func:`with_data`), and the rules then judge them (HC108, HC202, HC107, HC109, ...).

>>> import numpy as np
>>> from headcheck.facts import HeadFacts
>>> from headcheck.profiles import profile_outputs
>>> [f.code for f in array_findings(HeadFacts(), profile_outputs(np.ones((4, 1))))]
['HC101']
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from typing import Any

from headcheck.facts import HeadFacts, Location
from headcheck.findings import Finding
from headcheck.profiles import LabelsProfile, OutputsProfile
from headcheck.rules import rule_by_code
from headcheck.rules._phrases import resolved_accuracy

__all__ = ["array_findings", "evidence_finding", "merge_findings", "with_data"]


def evidence_finding(code: str, message: str, fix: str, location: Location) -> Finding:
    """A finding under a rule's code, name and severity, established by evidence."""
    rule = rule_by_code(code)
    return Finding(rule.code, rule.name, rule.severity, message, fix, location)


def with_data(
    facts: HeadFacts, outputs: OutputsProfile | None, labels: LabelsProfile | None
) -> HeadFacts:
    """``facts`` completed with what the arrays establish, never overriding a known fact.

    The number of classes comes from labels only where it is proven: one-hot/multi-hot
    columns, or a class index past the last unit (a few rows need not hold every class); not
    under a regression loss, where class labels are HC109's concern.
    """
    changes: dict[str, Any] = {}
    units = facts.units
    if units is None and outputs is not None:
        units = changes["units"] = outputs.units
    if labels is not None and facts.labels is None:
        changes["labels"] = labels.format
    regression = facts.loss is not None and facts.loss.family == "regression"
    if labels is not None and facts.num_classes is None and not regression:
        classes = labels.num_classes
        if labels.format in ("one_hot", "multi_hot") or (
            labels.format == "sparse"
            and classes is not None
            and units is not None
            and classes > units
        ):
            changes["num_classes"] = classes
    return dataclasses.replace(facts, **changes) if changes else facts


def _where(facts: HeadFacts, key: str, location: Location | None) -> Location:
    return location if location is not None else facts.where(key)


def array_findings(
    facts: HeadFacts,
    outputs: OutputsProfile,
    location: Location | None = None,
) -> list[Finding]:
    """Mismatches the outputs prove, for a head whose final activation is unknown."""
    if facts.activation is not None:
        return []
    found: list[Finding] = []
    kind = outputs.kind
    seen = f"on {outputs.samples} rows × {outputs.units} outputs"
    loss = facts.loss
    reads = facts.loss_reads
    constant_one = kind == "constant_one" or (
        outputs.minimum >= 1.0 - 1e-6 and outputs.maximum <= 1.0 + 1e-6
    )
    if constant_one and outputs.units == 1 and outputs.samples > 1:
        found.append(
            evidence_finding(
                "HC101",
                f"the output column is 1.0 in all {outputs.samples} rows: a softmax over "
                "a single unit, which predicts class 1 for every sample",
                "use one sigmoid unit with binary cross-entropy for two classes, or one "
                "softmax unit per class",
                _where(facts, "activation", location),
            )
        )
        return found
    if kind == "logits" and loss is not None and reads in ("probabilities", "distribution"):
        found.append(
            evidence_finding(
                "HC103",
                f"{seen}, {outputs.evidence}, but {loss.name} reads probabilities",
                "pass from_logits=True to the loss (nn.BCEWithLogitsLoss in PyTorch), or add "
                "a sigmoid/softmax to the last layer",
                _where(facts, "loss", location),
            )
        )
    distribution_into_logits = kind == "distribution" and reads == "logits"
    if distribution_into_logits and loss is not None and loss.family != "binary_crossentropy":
        found.append(
            evidence_finding(
                "HC104",
                f"{seen}, {outputs.evidence}: these are softmax probabilities, and "
                f"{loss.name} applies {loss.applies or 'softmax'} again",
                "give the loss the raw logits (drop the softmax), or read the outputs "
                "as probabilities (from_logits=False)",
                _where(facts, "loss", location),
            )
        )
    if loss is not None and loss.family == "nll" and outputs.maximum > 1e-6:
        found.append(
            evidence_finding(
                "HC105",
                f"{seen}, the largest output is {outputs.maximum:.4g} > 0, so these are not "
                "log-probabilities, but NLLLoss takes no log itself",
                "apply F.log_softmax(logits, dim=1) before NLLLoss, or use nn.CrossEntropyLoss "
                "on the logits",
                _where(facts, "loss", location),
            )
        )
    if kind != "logits" or facts.task == "regression":
        return found
    probed = dataclasses.replace(facts, activation=None)
    for metric in facts.metrics:
        binary_05 = metric.key == "binaryaccuracy" and float(metric.get("threshold", 0.5)) == 0.5
        if metric.is_bare_accuracy:
            resolved = resolved_accuracy(probed, metric)
            binary_05 = resolved is not None and resolved.name == "binary_accuracy"
        if binary_05:
            found.append(
                evidence_finding(
                    "HC302",
                    f"{str(metric)!r} thresholds at 0.5, but {outputs.evidence}: on logits the "
                    "right threshold is 0.0",
                    "use BinaryAccuracy(threshold=0.0) for logits (or add a sigmoid)",
                    _where(facts, f"metric:{metric.name}", location),
                )
            )
        if (
            metric.key == "auc"
            and not metric.get("from_logits", False)
            and facts.framework != "torch"
        ):
            found.append(
                evidence_finding(
                    "HC307",
                    f"{str(metric)!r} reads probabilities, but {outputs.evidence}",
                    "use keras.metrics.AUC(from_logits=True)",
                    _where(facts, f"metric:{metric.name}", location),
                )
            )
    for step in facts.postprocess:
        if step in ("threshold_0.5", "round"):
            found.append(
                evidence_finding(
                    "HC306",
                    f"{'> 0.5' if step == 'threshold_0.5' else 'rounding'} is applied to "
                    f"outputs that are logits ({outputs.evidence})",
                    "compare logits with 0.0, or apply a sigmoid first",
                    _where(facts, f"postprocess:{step}", location),
                )
            )
    return found


def merge_findings(first: Iterable[Finding], then: Sequence[Finding]) -> list[Finding]:
    """``first`` followed by the findings of ``then`` whose code ``first`` did not report."""
    kept = list(first)
    codes = {f.code for f in kept}
    kept.extend(f for f in then if f.code not in codes)
    return kept
