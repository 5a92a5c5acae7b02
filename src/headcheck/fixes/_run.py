"""Fix one file: lint, apply one fix, lint again, until nothing fixable is left.

One fix per round, because fixes of one head interact: once a sigmoid is added for HC103,
the HC302 threshold fix on the same head no longer applies (and would now be wrong). Every
fix removes its own finding (tested on every rule example), so the loop ends; a cap guards
against a rule that would not.

Notebooks: each code cell is fixed in place (IPython magics kept as they were, outputs and
metadata untouched) and the notebook is written back with nbformat's layout.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from headcheck.findings import Finding
from headcheck.fixes._apply import CannotFixError, apply_edits
from headcheck.fixes._edits import Autofix
from headcheck.fixes._names import bindings_of
from headcheck.lint._engine import Options, lint_source
from headcheck.lint._source import _python_lines, source_from_text

__all__ = ["FixOutcome", "fix_file", "fix_text"]

_MAX_ROUNDS: Final = 50
_PLACEHOLDER: Final = re.compile(r"^[ \t]*# headcheck-kept-line-(\d+)$")


@dataclass
class FixOutcome:
    """What fixing one file did: the text before and after, the fixes applied, the fixable
    findings left alone (unsafe without ``--unsafe-fixes``) and the fixes that could not be
    written (with why)."""

    path: str
    before: str
    after: str
    notebook: bool
    applied: list[Finding] = field(default_factory=list)
    unsafe_left: list[Finding] = field(default_factory=list)
    failed: list[tuple[Finding, str]] = field(default_factory=list)
    resolved: int = 0  # findings gone after fixing (one fix can settle several)

    @property
    def changed(self) -> bool:
        return self.before != self.after

    def diff(self) -> str:
        """A unified diff of the change (per cell for a notebook)."""
        if not self.changed:
            return ""
        if not self.notebook:
            return "".join(
                difflib.unified_diff(
                    self.before.splitlines(keepends=True),
                    self.after.splitlines(keepends=True),
                    f"a/{self.path}",
                    f"b/{self.path}",
                )
            )
        old, new = _code_cells(self.before), _code_cells(self.after)
        parts: list[str] = []
        for number, text in new.items():
            if old.get(number) == text:
                continue
            parts.extend(
                difflib.unified_diff(
                    _lines(old.get(number, "")),
                    _lines(text),
                    f"a/{self.path}:cell {number}",
                    f"b/{self.path}:cell {number}",
                )
            )
        return "".join(parts)


def _lines(text: str) -> list[str]:
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    return lines


def _cell_source(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _code_cells(notebook_text: str) -> dict[int, str]:
    cells = json.loads(notebook_text).get("cells", [])
    return {
        number: _cell_source(cell)
        for number, cell in enumerate(cells, start=1)
        if isinstance(cell, dict) and cell.get("cell_type") == "code"
    }


def _char_column(line_text: str, byte_column: int | None) -> int:
    """The 0-based character column of a 1-based UTF-8 byte column (what ``ast`` reports)."""
    if byte_column is None:
        return 0
    raw = line_text.encode("utf-8")[: byte_column - 1]
    return len(raw.decode("utf-8", errors="ignore"))


def _located(text: str, autofix: Autofix) -> list[tuple[int, int, Any]]:
    lines = text.splitlines()
    located = []
    for edit in autofix.edits:
        line = edit.at.line
        if line is None or not 1 <= line <= len(lines):
            raise CannotFixError("the fix has no position in this file")
        located.append((line, _char_column(lines[line - 1], edit.at.column), edit))
    return located


def _fix_python(text: str, autofix: Autofix) -> str:
    return apply_edits(text, _located(text, autofix), bindings_of(text))


def _fix_notebook(text: str, autofix: Autofix, joined: str) -> str:
    document = json.loads(text)
    cells = document["cells"]
    by_cell: dict[int, list[Any]] = {}
    for edit in autofix.edits:
        if edit.at.cell is None:
            raise CannotFixError("the fix has no notebook cell")
        by_cell.setdefault(edit.at.cell, []).append(edit)
    bindings = bindings_of(joined)
    for number, edits in by_cell.items():
        cell = cells[number - 1]
        raw = _cell_source(cell)
        raw_lines = raw.splitlines()
        python = _python_lines(raw)
        kept = [
            f"{line[: len(line) - len(line.lstrip())]}# headcheck-kept-line-{i}"
            if python[i] == "" and line.strip()
            else line
            for i, line in enumerate(raw_lines)
        ]
        code = "\n".join(kept) + ("\n" if raw.endswith("\n") or not raw else "")
        located = _located(code, Autofix(autofix.description, autofix.safety, tuple(edits)))
        fixed = apply_edits(code, located, bindings)
        restored = []
        for line in fixed.splitlines():
            match = _PLACEHOLDER.match(line)
            restored.append(raw_lines[int(match.group(1))] if match else line)
        new = "\n".join(restored) + ("\n" if raw.endswith("\n") else "")
        if isinstance(cell.get("source"), list):
            cell["source"] = new.splitlines(keepends=True)
        else:
            cell["source"] = new
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


def _fixable(finding: Finding, unsafe: bool) -> bool:
    fix = finding.autofix
    return isinstance(fix, Autofix) and (unsafe or fix.safety == "safe")


def _key(finding: Finding) -> tuple[object, ...]:
    loc = finding.location
    return (finding.code, loc.cell, loc.line, loc.column)


def fix_text(
    text: str,
    path: str,
    *,
    notebook: bool = False,
    options: Options | None = None,
    unsafe: bool = False,
) -> FixOutcome:
    """Apply every fix that applies to ``text`` (safe ones, and unsafe ones if asked)."""
    outcome = FixOutcome(path, text, text, notebook)
    failed: dict[tuple[object, ...], str] = {}
    current = text
    source = source_from_text(current, path, notebook=notebook)
    findings = lint_source(source, options).findings
    initial = len(findings)
    for _ in range(_MAX_ROUNDS):
        candidates = sorted(
            (f for f in findings if _fixable(f, unsafe) and _key(f) not in failed),
            key=lambda f: (f.code, f.location.cell or 0, f.location.line or 0),
        )
        if not candidates:
            break
        finding = candidates[0]
        assert isinstance(finding.autofix, Autofix)
        try:
            if notebook:
                fixed = _fix_notebook(current, finding.autofix, source.text)
            else:
                fixed = _fix_python(current, finding.autofix)
        except CannotFixError as exc:
            failed[_key(finding)] = exc.reason
            outcome.failed.append((finding, exc.reason))
            continue
        if fixed == current:
            failed[_key(finding)] = "the fix changed nothing"
            continue
        current = fixed
        outcome.applied.append(finding)
        source = source_from_text(current, path, notebook=notebook)  # lint again only on change
        findings = lint_source(source, options).findings
    outcome.after = current
    outcome.resolved = max(len(outcome.applied), initial - len(findings))
    outcome.unsafe_left = (
        [f for f in findings if isinstance(f.autofix, Autofix) and f.autofix.safety == "unsafe"]
        if not unsafe
        else []
    )
    return outcome


def fix_file(
    path: Path, shown: str, options: Options | None = None, *, unsafe: bool = False
) -> FixOutcome:
    """Fix the ``.py`` file or notebook at ``path`` in memory (the caller writes it)."""
    data = path.read_bytes()
    text = data.decode("utf-8")
    return fix_text(text, shown, notebook=path.suffix == ".ipynb", options=options, unsafe=unsafe)
