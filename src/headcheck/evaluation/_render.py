"""The Rich terminal summary of an :class:`EvalReport`."""

from __future__ import annotations

import math

from rich.console import Console
from rich.table import Table
from rich.text import Text

from headcheck.evaluation._report import EvalReport
from headcheck.targets import describe_target

__all__ = ["render"]


def _fmt(value: float | None) -> str:
    return "n/a" if value is None or math.isnan(value) else f"{value:.4f}"


def render(report: EvalReport, console: Console) -> None:
    """Print the summary: what the outputs are, the analysis, the metrics, the frameworks."""
    inf = report.inference
    console.print(f"[bold]Outputs[/]: {inf.kind} — {inf.kind_evidence}", markup=True)
    console.print(f"[bold]Task[/]: {inf.task} — {inf.task_evidence}", markup=True)
    for note in inf.notes:
        console.print(f"[yellow]Note[/]: {note}", markup=True)
    for sentence in report.analysis:
        console.print(f"• {sentence}", markup=False)
    for f in report.findings:
        console.print(
            Text.assemble((f"{f.code} {f.name}", "bold red"), f": {f.message}. Fix: {f.fix}.")
        )
    if report.has_labels:
        table = Table(title="Metrics", show_header=True)
        table.add_column("metric")
        table.add_column("value", justify="right")
        for name, value in report.headline():
            table.add_row(Text(name), _fmt(value))
        for name, ci in report.intervals.items():
            table.add_row(
                Text(f"95% {ci['method']} interval: {name}"),
                Text(f"[{_fmt(ci['low'])}, {_fmt(ci['high'])}]"),
            )
        console.print(table)
    if report.told:
        title = f"What you would have been told (correct: {_fmt(report.correct_accuracy)})"
        told = Table(title=title)
        told.add_column("framework")
        told.add_column("metric")
        told.add_column("value", justify="right")
        told.add_column("why", overflow="fold")
        for t in report.told:
            r = t.reported
            told.add_row(
                Text(describe_target(r.target, r.backend)),
                Text(r.metric or "-"),
                _fmt(r.value),
                Text(t.difference),
            )
        console.print(told)
    for warning in report.warnings:
        console.print(f"[yellow]Warning[/]: {warning}", markup=True)
