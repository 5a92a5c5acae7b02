"""The result of :func:`headcheck.evaluate`: data, ``to_dict()`` (schema ``headcheck.eval/1``)
and a plain-text rendering."""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass, field
from typing import Any

from headcheck.evaluation._binary import BinaryResult
from headcheck.evaluation._infer import Inference
from headcheck.evaluation._multiclass import MulticlassResult
from headcheck.evaluation._multilabel import MultilabelResult
from headcheck.evaluation._prepare import Prepared
from headcheck.evaluation._told import Told
from headcheck.findings import Finding
from headcheck.targets import describe_target

__all__ = ["SCHEMA", "EvalReport"]

SCHEMA = "headcheck.eval/1"


def _clean(value: Any) -> Any:
    """JSON-safe: nan/inf become None, recursively."""
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return value


def _fmt(value: float | None) -> str:
    return "n/a" if value is None or math.isnan(value) else f"{value:.4f}"


@dataclass(frozen=True)
class EvalReport:
    """Everything ``headcheck eval`` found for one pair of outputs and labels."""

    inference: Inference
    prepared: Prepared
    class_names: list[str]
    weighted: bool
    binary: BinaryResult | None = None
    multiclass: MulticlassResult | None = None
    multilabel: MultilabelResult | None = None
    intervals: dict[str, Any] = field(default_factory=dict)
    told: list[Told] = field(default_factory=list)
    correct_accuracy: float | None = None
    analysis: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def task(self) -> str:
        """``'binary'``, ``'multiclass'`` or ``'multilabel'``."""
        return self.inference.task

    @property
    def has_labels(self) -> bool:
        """Whether labels were given (without them only the outputs are described)."""
        return self.prepared.y is not None

    def metrics(self) -> dict[str, Any] | None:
        """The task's metric section (``None`` without labels)."""
        if self.binary is not None:
            return self.binary.to_dict()
        if self.multiclass is not None:
            return self.multiclass.to_dict(self.class_names)
        if self.multilabel is not None:
            return self.multilabel.to_dict(self.class_names)
        return None

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data; see ``docs/json-schema.md`` (``headcheck.eval/1``)."""
        from headcheck import __version__

        data: dict[str, Any] = _clean(
            {
                "schema": SCHEMA,
                "version": __version__,
                "samples": self.inference.outputs.samples,
                "weighted": self.weighted,
                **self.inference.to_dict(),
                "class_names": self.class_names,
                "decision": {
                    "threshold": self.prepared.cut,
                    "rule": self._rule(),
                },
                "metrics": self.metrics(),
                "intervals": self.intervals,
                "told": {
                    "correct_accuracy": self.correct_accuracy,
                    "frameworks": [t.to_dict() for t in self.told],
                },
                "analysis": list(self.analysis),
                "warnings": list(self.warnings),
                "findings": [f.to_dict() for f in self.findings],
            }
        )
        return data

    def _rule(self) -> str:
        if self.task == "multiclass":
            return "argmax of the outputs"
        if self.task == "multilabel":
            return f"each label on when its output > {self.prepared.cut:g}"
        return f"class 1 when the score > {self.prepared.cut:g}"

    def headline(self) -> list[tuple[str, float | None]]:
        """The few numbers worth printing first, as (name, value)."""
        if self.binary is not None:
            b = self.binary
            rows: list[tuple[str, float | None]] = [
                (f"accuracy (score > {b.cut:g})", b.accuracy),
                ("balanced accuracy", b.balanced_accuracy),
                ("precision", b.precision),
                ("recall", b.recall),
                ("F1", b.f1),
                ("MCC", b.mcc),
                ("ROC AUC", b.roc_auc),
                ("average precision", b.average_precision),
                ("log loss", b.log_loss),
                ("Brier score", b.brier),
                ("ECE", None if b.calibration is None else b.calibration.ece),
            ]
            return rows
        if self.multiclass is not None:
            m = self.multiclass
            rows = [("accuracy (argmax)", m.accuracy), ("balanced accuracy", m.balanced_accuracy)]
            rows += [(f"top-{k} accuracy", v) for k, v in m.top_k.items()]
            for name, (p, r, f) in m.averages.items():
                rows += [(f"{name} precision", p), (f"{name} recall", r), (f"{name} F1", f)]
            rows += [("MCC", m.mcc), ("log loss", m.log_loss)]
            rows += [("ROC AUC (OvR macro)", m.roc_auc_macro)]
            return rows
        if self.multilabel is not None:
            ml = self.multilabel
            rows = [
                (f"per-label (Hamming) accuracy (> {ml.cut:g})", ml.hamming_accuracy),
                ("exact-match (subset) accuracy", ml.exact_match),
            ]
            for name, (p, r, f) in ml.averages.items():
                rows += [(f"{name} precision", p), (f"{name} recall", r), (f"{name} F1", f)]
            rows += [
                ("ROC AUC (macro)", ml.roc_auc_macro),
                ("ROC AUC (micro)", ml.roc_auc_micro),
                ("average precision (macro)", ml.ap_macro),
                ("average precision (micro)", ml.ap_micro),
            ]
            return rows
        return []

    def to_text(self, width: int = 96) -> str:
        """A plain-text rendering (the terminal view uses Rich on the same content)."""
        inf = self.inference
        lines = [
            f"Outputs: {inf.kind} — {inf.kind_evidence}",
            f"Task: {inf.task} — {inf.task_evidence}",
            f"Decision rule: {self._rule()}",
        ]
        lines += [f"Note: {n}" for n in inf.notes]
        lines.append("")
        for sentence in self.analysis:
            lines += textwrap.wrap(sentence, width, initial_indent="• ", subsequent_indent="  ")
        if self.has_labels:
            lines.append("")
            lines.append("Metrics:")
            for name, value in self.headline():
                shown = "n/a" if value is None or math.isnan(value) else f"{value:.4f}"
                lines.append(f"  {name:<40} {shown}")
            for name, ci in self.intervals.items():
                lines.append(
                    f"  95% interval of {name} ({ci['method']}): "
                    f"[{_fmt(ci['low'])}, {_fmt(ci['high'])}]"
                )
        for f in self.findings:
            lines += textwrap.wrap(
                f"{f.code} {f.name}: {f.message.rstrip('.')}. Fix: {f.fix}.",
                width,
                initial_indent="! ",
                subsequent_indent="  ",
            )
        if self.told:
            lines.append("")
            lines.append(f"What you would have been told (correct: {self.correct_accuracy:.4f}):")
            for t in self.told:
                r = t.reported
                shown_value = "error" if r.value is None else f"{r.value:.4f}"
                lines += textwrap.wrap(
                    f"{describe_target(r.target, r.backend)}: {r.metric or '-'} = {shown_value}. "
                    f"{t.difference}",
                    width,
                    initial_indent="  - ",
                    subsequent_indent="    ",
                )
        for w in self.warnings:
            lines.append(f"Warning: {w}")
        return "\n".join(lines) + "\n"
