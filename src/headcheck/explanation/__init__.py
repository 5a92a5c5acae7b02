"""``headcheck.explain``: what a head's outputs are, how the framework scores them, what is wrong.

The result is an :class:`Explanation` with ``to_text()`` for people and ``to_dict()`` for
programs (schema ``headcheck.explain/1``, documented in ``docs/json-schema.md``).
"""

from __future__ import annotations

import dataclasses
import textwrap
from dataclasses import dataclass, field
from typing import Any

from headcheck._errors import InputError
from headcheck.explanation._arrays import (
    Reported,
    check_pair,
    correct_accuracy,
    reported_accuracies,
    threshold_counts,
)
from headcheck.explanation._words import decision, loss_sentences, outputs_sentence
from headcheck.facts import HeadFacts, MetricSpec
from headcheck.findings import Finding
from headcheck.head import Head
from headcheck.models._evidence import array_findings, merge_findings
from headcheck.profiles import LabelsProfile, OutputsProfile, profile_labels, profile_outputs
from headcheck.rules import check_facts
from headcheck.rules._phrases import resolved_accuracy
from headcheck.semantics._arrays import (
    FloatArray,
    as_float_array,
)
from headcheck.targets import KERAS_TARGETS, describe_target

__all__ = ["SCHEMA", "Explanation", "explain"]

SCHEMA = "headcheck.explain/1"
Array = FloatArray


@dataclass(frozen=True)
class MetricExplanation:
    """One metric: what it becomes in the chosen target and, for 'accuracy', in each generation."""

    identifier: str
    chosen: dict[str, Any] | None
    generations: list[dict[str, Any]]
    note: str

    @property
    def generations_disagree(self) -> bool:
        return len({g["metric"] for g in self.generations if g["metric"]}) > 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "identifier": self.identifier,
            "chosen": self.chosen,
            "generations": self.generations,
            "generations_disagree": self.generations_disagree,
            "note": self.note,
        }


@dataclass(frozen=True)
class Explanation:
    """Everything headcheck can say about one head (and, optionally, its arrays)."""

    facts: HeadFacts
    outputs: str
    loss_reading: str
    loss_effect: str
    metrics: list[MetricExplanation]
    decision: dict[str, str]
    findings: list[Finding]
    outputs_profile: OutputsProfile | None = None
    labels_profile: LabelsProfile | None = None
    counts: dict[str, int] | None = None
    reported: list[Reported] = field(default_factory=list)
    correct: dict[str, float | str] | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: schema ``headcheck.explain/1``."""
        f = self.facts
        arrays: dict[str, Any] | None = None
        if self.outputs_profile is not None:
            arrays = {
                "outputs": self.outputs_profile.to_dict(),
                "labels": self.labels_profile.to_dict() if self.labels_profile else None,
                "threshold_counts": self.counts,
                "reported": [r.to_dict() for r in self.reported],
                "correct": self.correct,
            }
        return {
            "schema": SCHEMA,
            "head": {
                "framework": f.framework,
                "units": f.units,
                "activation": f.activation.name if f.activation else None,
                "loss": f.loss.name if f.loss else None,
                "from_logits": f.loss_from_logits,
                "label_smoothing": f.label_smoothing,
                "metrics": [str(m) for m in f.metrics],
                "labels": f.labels,
                "num_classes": f.num_classes,
                "target": f.target,
                "backend": f.backend,
                "task": f.task,
            },
            "outputs": {"kind": f.outputs, "explanation": self.outputs},
            "loss": {
                "reads": f.loss_reads,
                "explanation": self.loss_reading,
                "effect": self.loss_effect,
            },
            "metrics": [m.to_dict() for m in self.metrics],
            "decision": self.decision,
            "findings": [x.to_dict() for x in self.findings],
            "arrays": arrays,
        }

    def to_text(self, width: int = 96) -> str:
        """A plain-text report, wrapped at ``width`` columns."""
        lines: list[str] = []

        def para(text: str, indent: str = "  ") -> None:
            if text:
                lines.extend(
                    textwrap.wrap(
                        text,
                        width,
                        initial_indent=indent,
                        subsequent_indent=indent + "  " if indent.strip() else indent,
                    )
                )

        f = self.facts
        lines.append(f"Head ({describe_target(f.target, f.backend)}; task: {f.task or 'unknown'})")
        lines.append("")
        lines.append("What the outputs are")
        para(self.outputs)
        if f.loss is not None:
            lines.append("")
            lines.append("How the loss reads them")
            para(self.loss_reading)
            para(self.loss_effect)
        for metric in self.metrics:
            lines.append("")
            lines.append(f"What {metric.identifier!r} is")
            if metric.chosen is not None:
                para(metric.chosen["sentence"])
            if metric.generations:
                lines.append("  In each Keras generation:")
                names_width = max(len(g["target_name"]) for g in metric.generations)
                for g in metric.generations:
                    thr = f", threshold {g['threshold']:g}" if g["threshold"] is not None else ""
                    how = " (rounds)" if g.get("uses_round") else ""
                    name = g["metric"] or g["error"]
                    lines.append(f"    {g['target_name']:<{names_width}}  {name}{thr}{how}")
                if metric.generations_disagree:
                    para(
                        "The generations disagree: the same code reports different numbers "
                        "depending on the Keras version."
                    )
            para(metric.note)
        lines.append("")
        lines.append("How to turn outputs into classes")
        para(self.decision["rule"])
        if self.decision["keras"]:
            lines.append(f"    Keras:   {self.decision['keras']}")
            lines.append(f"    PyTorch: {self.decision['pytorch']}")
        if self.outputs_profile is not None:
            lines.extend(["", "Your numbers"])
            p = self.outputs_profile
            para(f"{p.samples} samples × {p.units} outputs; looks like: {p.kind} ({p.evidence}).")
            if self.labels_profile is not None:
                lp = self.labels_profile
                para(f"Labels: {lp.format.replace('_', '-')} ({lp.evidence}).")
            if self.counts is not None:
                c = self.counts
                para(
                    f"Class 1 at threshold 0.5 (what 'accuracy' uses): {c['above_0.5']} of "
                    f"{c['total']}; at threshold 0.0 (right for logits): {c['above_0.0']} of "
                    f"{c['total']}; K.round (Keras ≤ 2.3): {c['round_to_1']} round to 1, "
                    f"{c['round_to_0']} to 0, {c['round_to_other']} to other values."
                )
            if self.reported:
                lines.append("  'accuracy' as each framework would report it:")
                names = [describe_target(r.target, r.backend) for r in self.reported]
                pad = max(len(name) for name in names)
                for name, r in zip(names, self.reported, strict=True):
                    if r.value is None:
                        lines.append(f"    {name:<{pad}}  error: {r.note.split(': ', 1)[-1]}")
                    else:
                        lines.append(f"    {name:<{pad}}  {r.value:.4f}  ({r.metric})")
            if self.correct is not None:
                correct = ", ".join(
                    f"{k.replace('_', ' ')} {v:.4f}"
                    for k, v in self.correct.items()
                    if isinstance(v, float)
                )
                para(f"What you meant: {correct or 'n/a'} — {self.correct['rule']}.")
        lines.append("")
        if self.findings:
            lines.append(f"Findings ({len(self.findings)})")
            for x in self.findings:
                para(f"{x.code} {x.name} [{x.severity}]: {x.message.rstrip('.')}.", indent="  ")
                para(f"fix: {x.fix}", indent="      ")
        else:
            lines.append("Findings: none — head, loss and metrics agree.")
        return "\n".join(lines) + "\n"


def _explain_metric(facts: HeadFacts, metric: MetricSpec) -> MetricExplanation:
    chosen = resolved_accuracy(facts, metric)
    chosen_dict = None
    note = ""
    if chosen is not None:
        chosen_dict = {
            "target": chosen.target,
            "backend": chosen.backend,
            "metric": chosen.name,
            "threshold": chosen.threshold,
            "logged_as": chosen.display_name,
            "uses_round": chosen.uses_round,
            "sentence": chosen.describe(),
        }
    elif facts.units is None:
        note = "Give --units to resolve this metric."
    else:
        note = f"headcheck does not resolve {str(metric)!r}; it is reported as written."
    generations: list[dict[str, Any]] = []
    if metric.is_bare_accuracy and chosen is not None:
        for target in KERAS_TARGETS:
            entry: dict[str, Any] = {"target": target, "target_name": describe_target(target)}
            try:
                resolved = resolved_accuracy(facts, metric, target)
            except ValueError as exc:  # pragma: no cover - resolved_accuracy swallows these
                resolved, entry["error"] = None, str(exc)
            entry["metric"] = resolved.name if resolved else None
            entry["threshold"] = resolved.threshold if resolved else None
            entry["uses_round"] = resolved.uses_round if resolved else False
            entry.setdefault("error", None if resolved else "not resolved")
            generations.append(entry)
    return MetricExplanation(str(metric), chosen_dict, generations, note)


def _merge_array_facts(
    facts: HeadFacts, outputs: OutputsProfile, labels: LabelsProfile | None
) -> HeadFacts:
    changes: dict[str, Any] = {}
    if facts.units is None:
        changes["units"] = outputs.units
    if labels is not None and facts.labels is None:
        changes["labels"] = labels.format
    if labels is not None and facts.num_classes is None and labels.format != "continuous":
        changes["num_classes"] = labels.num_classes
    return dataclasses.replace(facts, **changes) if changes else facts


def explain(
    head: Head | HeadFacts,
    *,
    outputs: Any | None = None,
    labels: Any | None = None,
) -> Explanation:
    """Explain a head; with ``outputs`` (and ``labels``), put the user's own numbers in.

    >>> e = explain(Head(units=1, activation="linear", loss="binary_crossentropy",
    ...                  metrics=["accuracy"], target="tf.keras"))
    >>> [f.code for f in e.findings]
    ['HC103', 'HC302']
    >>> e.decision["rule"]
    'class 1 when the output is > 0.0, else class 0 (a logit above 0 is a probability above 0.5)'
    """
    facts = head.to_facts() if isinstance(head, Head) else head
    out_profile = lab_profile = None
    out_array: Array | None = None
    lab_array: Array | None = None
    if outputs is not None:
        out_array = as_float_array(outputs, "outputs")
        if out_array.ndim > 2:
            raise InputError(
                f"outputs have shape {out_array.shape}; expected (samples,) or (samples, units)"
            )
        out_profile = profile_outputs(out_array)
        if facts.units is not None and out_profile.units != facts.units:
            raise InputError(
                f"the head has {facts.units} units but the outputs have {out_profile.units} "
                "columns; give the outputs of this head"
            )
    if labels is not None:
        if out_array is None:
            raise InputError("labels were given without outputs; give both")
        lab_array = as_float_array(labels, "labels")
        check_pair(out_array, lab_array)
        lab_profile = profile_labels(lab_array)
    if out_profile is not None:
        facts = _merge_array_facts(facts, out_profile, lab_profile)
    # Without metrics, say what a bare 'accuracy' would be — for Keras, where it is resolved.
    keras_head = facts.target in KERAS_TARGETS and facts.framework != "torch"
    metrics = list(facts.metrics) or ([MetricSpec("accuracy")] if keras_head else [])
    reading, effect = loss_sentences(facts)
    findings = list(check_facts(facts))
    if out_profile is not None:  # what the numbers alone prove where the head is unknown
        findings = merge_findings(findings, array_findings(facts, out_profile))
    explanation = Explanation(
        facts=facts,
        outputs=outputs_sentence(facts),
        loss_reading=reading,
        loss_effect=effect,
        metrics=[_explain_metric(facts, m) for m in metrics],
        decision=decision(facts),
        findings=findings,
        outputs_profile=out_profile,
        labels_profile=lab_profile,
    )
    if out_array is None or out_profile is None:
        return explanation
    counts = None
    if out_profile.units == 1 or facts.task == "multilabel":
        counts = threshold_counts(out_array)
    reported: list[Reported] = []
    correct = None
    if lab_array is not None and lab_profile is not None:
        correct = correct_accuracy(facts.task, out_array, lab_array, out_profile, lab_profile)
        reported = reported_accuracies(out_array, lab_array, facts.loss)
    return dataclasses.replace(explanation, counts=counts, reported=reported, correct=correct)
