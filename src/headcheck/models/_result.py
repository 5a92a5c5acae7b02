"""What a live check returns: the findings, the facts behind them, and what the numbers showed.

``str(result)`` is the linter's text format; in a notebook, ``_repr_html_`` shows the findings
as a table.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from headcheck.facts import HeadFacts
from headcheck.findings import Finding
from headcheck.profiles import LabelsProfile, OutputsProfile

__all__ = ["CheckResult"]


@dataclass(frozen=True)
class CheckResult:
    """The findings of :func:`headcheck.check` / :func:`headcheck.torch.check`.

    Iterating yields the findings and ``len()`` counts them (so, like a list, a result is
    truthy when it *has* findings); :attr:`ok` is true when there are none.
    """

    subject: str
    findings: tuple[Finding, ...]
    facts: tuple[HeadFacts, ...] = ()
    outputs: OutputsProfile | None = None
    labels: LabelsProfile | None = None
    built_metrics: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        """No finding at all."""
        return not self.findings

    @property
    def errors(self) -> tuple[Finding, ...]:
        """The error-level findings (what ``strict`` callbacks stop on)."""
        return tuple(f for f in self.findings if f.severity == "error")

    @property
    def codes(self) -> list[str]:
        """The codes found, in order: ``['HC101']``."""
        return [f.code for f in self.findings]

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: the findings as ``headcheck lint --format json`` writes them."""
        return {
            "subject": self.subject,
            "findings": [f.to_dict() for f in self.findings],
            "outputs": self.outputs.to_dict() if self.outputs else None,
            "labels": self.labels.to_dict() if self.labels else None,
            "built_metrics": list(self.built_metrics),
            "notes": list(self.notes),
        }

    def __str__(self) -> str:
        lines = [f"headcheck: {self.subject}"]
        for f in self.findings:
            lines.append(f"{f.location}: {f.code} {f.name} [{f.severity}] {f.message}")
            lines.append(f"    fix: {f.fix}")
        if self.outputs is not None:
            p = self.outputs
            lines.append(f"outputs: {p.samples} rows × {p.units}, {p.kind} ({p.evidence})")
        if self.labels is not None:
            lines.append(f"labels: {self.labels.format} ({self.labels.evidence})")
        if self.built_metrics:
            lines.append(f"metrics built: {', '.join(self.built_metrics)}")
        lines.extend(f"note: {note}" for note in self.notes)
        n = len(self.findings)
        lines.append(f"Found {n} finding{'s' if n != 1 else ''}." if n else "All checks passed.")
        return "\n".join(lines) + "\n"

    def _repr_html_(self) -> str:
        esc = html.escape
        rows = "".join(
            "<tr>"
            f"<td><code>{esc(f.code)}</code></td><td>{esc(f.name)}</td>"
            f"<td>{esc(f.severity)}</td><td>{esc(f.message)}</td><td>{esc(f.fix)}</td>"
            "</tr>"
            for f in self.findings
        )
        parts = [f"<p><b>headcheck</b>: {esc(self.subject)}</p>"]
        if self.findings:
            parts.append(
                "<table><thead><tr><th>code</th><th>rule</th><th>severity</th>"
                f"<th>what is wrong</th><th>fix</th></tr></thead><tbody>{rows}</tbody></table>"
            )
        else:
            parts.append("<p>All checks passed: head, loss, metrics and labels agree.</p>")
        extra = []
        if self.outputs is not None:
            p = self.outputs
            extra.append(f"outputs: {p.samples} rows × {p.units}, {p.kind} ({p.evidence})")
        if self.labels is not None:
            extra.append(f"labels: {self.labels.format} ({self.labels.evidence})")
        if self.built_metrics:
            extra.append(f"metrics built: {', '.join(self.built_metrics)}")
        extra.extend(self.notes)
        if extra:
            parts.append("<ul>" + "".join(f"<li>{esc(e)}</li>" for e in extra) + "</ul>")
        return "\n".join(parts)
