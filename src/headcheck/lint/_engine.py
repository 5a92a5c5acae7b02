"""One file: source → syntax tree → model records → HeadFacts → rules → kept findings."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

from headcheck.facts import HeadFacts, Location
from headcheck.findings import Finding
from headcheck.lint._filters import PARSE_ERROR, Selection, suppressed, suppressions
from headcheck.lint._heads import Context, facts_of
from headcheck.lint._interpreter import analyse
from headcheck.lint._source import ParseProblem, Source, load_source
from headcheck.lint._target import detect
from headcheck.rules import check_facts
from headcheck.targets import KERAS_TARGETS

__all__ = ["FileResult", "LintInternalError", "Options", "heads_in", "lint_path", "lint_source"]

_FRAMEWORK_WORDS = ("keras", "tensorflow", "torch", "tf_keras")


class LintInternalError(Exception):
    """A bug in headcheck while linting ``path`` (reported with exit code 3)."""

    def __init__(self, path: str, detail: str) -> None:
        super().__init__(path, detail)
        self.path = path
        self.detail = detail

    def __str__(self) -> str:
        return f"{self.path}: {self.detail}"


@dataclass(frozen=True)
class Options:
    """How to lint: which codes, and the Keras target (``None``: detect from imports)."""

    selection: Selection = field(default_factory=Selection)
    target: str | None = None


@dataclass(frozen=True)
class FileResult:
    """The findings of one file (parse errors included, as HC000)."""

    path: str
    findings: tuple[Finding, ...]
    parsed: bool = True


def parse_error(problem: ParseProblem) -> Finding:
    """A parse problem as a finding (pseudo-rule HC000 parse-error)."""
    return Finding(
        PARSE_ERROR,
        "parse-error",
        "error",
        f"cannot parse this code: {problem.message}; headcheck reads files without running "
        "them, so nothing after this point was checked",
        "fix the syntax (a notebook cell that does not parse is skipped, the others are linted)",
        problem.location,
    )


def _context(source: Source, target: str | None) -> tuple[Context, bool]:
    detected = detect(source.text)
    keras_target = detected.keras_target
    backend = detected.backend
    if target is not None and target in KERAS_TARGETS:
        keras_target = target
        backend = detected.backend if target == "keras3" else None
        if target == "keras3" and backend is None:
            backend = "tensorflow"
    return Context(source, keras_target, backend), detected.uses_keras


def heads_in(
    source: Source, target: str | None = None, tree: ast.Module | None = None
) -> list[list[HeadFacts]]:
    """The facts of every model in ``source``, one list per model (empty if unparsable)."""
    if not any(word in source.text for word in _FRAMEWORK_WORDS):
        return []
    parsed = tree if tree is not None else source.parse()
    if isinstance(parsed, ParseProblem):
        return []
    tree = parsed
    context, uses_keras = _context(source, target)
    records = analyse(tree, keras_file=uses_keras)
    return [list(facts_of(record, context)) for record in records]


def _key(finding: Finding) -> tuple[int, int, int, str]:
    loc = finding.location
    return (loc.cell or 0, loc.line or 0, loc.column or 0, finding.code)


def lint_source(source: Source, options: Options | None = None) -> FileResult:
    """Lint a source already loaded; never imports or runs it."""
    options = options or Options()
    found: list[Finding] = [parse_error(problem) for problem in source.problems]
    parsed = not source.problems or source.cell_lines is not None
    tree = source.parse() if source.text.strip() else None
    if isinstance(tree, ParseProblem):
        found.append(parse_error(tree))
        parsed = False
    elif tree is not None:
        try:
            for model in heads_in(source, options.target, tree):
                for facts in model:
                    found.extend(check_facts(facts))
        except Exception as exc:  # a bug in headcheck, not in the user's code
            raise LintInternalError(source.path, f"{type(exc).__name__}: {exc}") from exc
    table = suppressions(source)
    kept: dict[tuple[object, ...], Finding] = {}
    for finding in found:
        if not options.selection.keeps(finding.code) or suppressed(finding, table):
            continue
        loc = finding.location
        kept.setdefault((finding.code, loc.cell, loc.line, loc.column, finding.message), finding)
    return FileResult(source.path, tuple(sorted(kept.values(), key=_key)), parsed)


def lint_path(path: Path, display: str, options: Options | None = None) -> FileResult:
    """Read and lint one file; unreadable files become an HC000 finding."""
    from headcheck.models._read import is_model_path

    if is_model_path(path):  # a saved Keras model: read as data, same findings and formats
        from headcheck.models._lint import lint_model

        return lint_model(path, display, options)
    try:
        source = load_source(path, display)
    except OSError as exc:
        problem = ParseProblem(f"cannot read the file: {exc.strerror or exc}", Location(display))
        return FileResult(display, (parse_error(problem),), parsed=False)
    return lint_source(source, options)
