"""``headcheck explain FILE``: every head found in a file, explained with the facts the
analyser established from its code (issue 2's explanation, fed by code)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from headcheck._errors import InputError
from headcheck.explanation import explain
from headcheck.facts import HeadFacts
from headcheck.lint._engine import heads_in
from headcheck.lint._source import ParseProblem, load_source

__all__ = ["explain_file", "heads_of_file"]

SCHEMA = "headcheck.explain-file/1"


def _worth_explaining(facts: HeadFacts) -> bool:
    return facts.loss is not None or facts.units is not None or facts.activation is not None


def heads_of_file(path: Path, target: str | None = None) -> list[HeadFacts]:
    """The facts of each head in ``path``: one per way it is trained, or its head alone."""
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    source = load_source(path, path.as_posix())
    tree = source.parse()
    if isinstance(tree, ParseProblem) or (source.problems and source.cell_lines is None):
        problem = tree if isinstance(tree, ParseProblem) else source.problems[0]
        raise InputError(f"{problem.location}: cannot parse: {problem.message}")
    chosen: list[HeadFacts] = []
    for model in heads_in(source, target, tree):
        trained = [facts for facts in model if facts.loss is not None]
        for facts in trained or model[:1]:
            if _worth_explaining(facts) and facts not in chosen:
                chosen.append(facts)
    return chosen


def explain_file(path: str, target: str | None = None, output_format: str = "text") -> str:
    """The text (or JSON, schema ``headcheck.explain-file/1``) explaining every head."""
    heads = heads_of_file(Path(path), target)
    explanations = [(facts, explain(facts)) for facts in heads]
    if output_format == "json":
        payload: dict[str, Any] = {
            "schema": SCHEMA,
            "path": path,
            "heads": [
                {"location": str(facts.where("head")), **e.to_dict()} for facts, e in explanations
            ],
        }
        return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
    if not explanations:
        return (
            f"No classifier head found in {path}: headcheck looks for Keras models (Sequential, "
            "functional, subclassed) and torch nn.Module/nn.Sequential models with their loss.\n"
        )
    parts = []
    for number, (facts, e) in enumerate(explanations, start=1):
        title = f"Head {number} of {len(explanations)} at {facts.where('head')}"
        parts.append(f"{title}\n{'=' * len(title)}\n{e.to_text()}")
    return "\n".join(parts)
