"""``headcheck lint model.keras``: a saved model's findings, as a linted file's.

The findings go through the linter's selection, formats and exit codes unchanged; every
location is the model file itself (a saved model has no lines). A file that cannot be read
as a model becomes one HC000 finding that says why, like a Python file that does not parse.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from headcheck._errors import InputError
from headcheck.facts import HeadFacts, Location
from headcheck.findings import Finding
from headcheck.fixes._edits import NoAutofix
from headcheck.lint._engine import FileResult, Options, parse_error
from headcheck.lint._source import ParseProblem
from headcheck.models._config import facts_from_config
from headcheck.models._read import read_config
from headcheck.rules import check_facts
from headcheck.targets import KERAS_TARGETS

__all__ = ["lint_model", "model_facts"]


def model_facts(
    path: Path, display: str | None = None, target: str | None = None
) -> list[HeadFacts]:
    """The facts of every output of the model saved at ``path`` (:class:`InputError` if not
    readable). ``target`` overrides the Keras generation read from the file's metadata."""
    config = read_config(path)
    chosen = target if target in KERAS_TARGETS else None
    return facts_from_config(config, Location(display or str(path)), target=chosen)


_READ_ONLY = NoAutofix(
    "a saved model is read as data and never rewritten: fix the code that builds it, then save "
    "the model again"
)


def lint_model(path: Path, display: str, options: Options | None = None) -> FileResult:
    """Lint one saved model: its facts through the rules, then the usual selection."""
    options = options or Options()
    try:
        heads = model_facts(path, display, options.target)
    except (InputError, OSError) as exc:
        problem = ParseProblem(f"cannot read this model: {exc}", Location(display))
        finding = parse_error(problem)
        finding = dataclasses.replace(
            finding,
            message=f"cannot read this model: {exc}",
            fix="give a model saved with model.save(): a .keras file, an .h5 file with its "
            "model_config, or a SavedModel folder with keras_metadata.pb",
        )
        return FileResult(display, (finding,), parsed=False)
    found: dict[tuple[str, str], Finding] = {}
    for facts in heads:
        for finding in check_facts(facts):
            if options.selection.keeps(finding.code):
                if finding.autofix is not None:  # a saved model is data: --fix leaves it be
                    finding = dataclasses.replace(finding, autofix=_READ_ONLY)
                found.setdefault((finding.code, finding.message), finding)
    ordered = sorted(found.values(), key=lambda f: f.code)
    return FileResult(display, tuple(ordered), parsed=True)
