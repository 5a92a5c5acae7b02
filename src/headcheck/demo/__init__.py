"""``headcheck demo``: every question of the seed documents, answered from its own configuration.

Each :class:`Case` rebuilds the head a question describes (and its printed outputs, where the
question gives them), runs :func:`headcheck.explanation.explain`, and writes the answer from
what the explanation computed — no number in an answer is typed in by hand.
"""

from __future__ import annotations

import json
from typing import Any

from headcheck.demo._cases import CASES, Answered, Case

__all__ = ["CASES", "Answered", "Case", "answer_all", "run_demo"]


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


def _summary(answered: list[Answered]) -> str:
    findings = sum(len(a.explanation.findings) for a in answered)
    return (
        f"headcheck answered {len(answered)} questions from {len({a.case.seed for a in answered})}"
        f" seed documents and reported {findings} findings.\n"
        "Next: `headcheck explain --help` to describe your own head, `headcheck rules` for the "
        "rule list.\n"
    )
