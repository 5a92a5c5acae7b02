"""``headcheck demo``: every question of the seed documents, answered from its own configuration.

Each :class:`Case` rebuilds the head a question describes (and its printed outputs, where the
question gives them), runs :func:`headcheck.explanation.explain`, and writes the answer from
what the explanation computed — no number in an answer is typed in by hand.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from headcheck.demo._cases import CASES, Answered, Case

if TYPE_CHECKING:
    from headcheck.demo._training import TrainedCase

__all__ = ["CASES", "Answered", "Case", "answer_all", "run_demo", "run_training"]


def answer_all() -> list[Answered]:
    """Answer every case."""
    return [case.answer() for case in CASES]


def run_demo(output_format: str = "text") -> str:
    """The demo's output: text for people, JSON (a list of answered cases) for programs."""
    answered = answer_all()
    if output_format == "json":
        payload: list[dict[str, Any]] = [a.to_dict() for a in answered]
        return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
    return "".join(a.to_text() for a in answered) + _summary(answered)


def run_training(html_path: str) -> None:
    """Train the seed configurations before and after the fix, print the comparison and
    write the HTML report of the first one's outputs (needs the ``demo`` extra)."""
    import click
    from rich.console import Console

    from headcheck.demo._show import training_text
    from headcheck.demo._training import MISSING_MESSAGE, missing_frameworks, train_all

    missing = missing_frameworks()
    if missing:
        click.echo(f"\n{MISSING_MESSAGE} Missing here: {', '.join(missing)}.")
        return
    console = Console(stderr=True)
    with console.status("training the seed configurations…") as status:
        cases = train_all(lambda message: status.update(message))
    click.echo(training_text(cases), nl=False)
    _write_report(cases, html_path)


def _write_report(cases: list[TrainedCase], html_path: str) -> None:
    import click

    from headcheck._errors import InputError
    from headcheck.evaluation._html import check_report_extra, write_html

    first = cases[0]
    if first.buggy is None or first.buggy.report is None:
        return
    try:
        check_report_extra()
    except InputError as exc:
        click.echo(f"No HTML report: {exc}")
        return
    write_html(first.buggy.report, html_path)
    click.echo(
        f"HTML report of the first model's outputs (as written, before the fix): {html_path}"
    )


def _summary(answered: list[Answered]) -> str:
    findings = sum(len(a.explanation.findings) for a in answered)
    return (
        f"headcheck answered {len(answered)} questions from {len({a.case.seed for a in answered})}"
        f" seed documents and reported {findings} findings.\n"
        "Next: `headcheck explain --help` to describe your own head, `headcheck rules` for the "
        "rule list.\n"
    )
