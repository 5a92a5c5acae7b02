"""Source loading: a ``.py`` file or the code cells of an ``.ipynb`` notebook, as one text.

A notebook's code cells are joined into one module so that names flow between cells, with a
map from each joined line back to its cell and line. IPython syntax is blanked (the line
stays, so numbering does not move): line magics (``%pip``), shell lines (``!ls``), help
(``x?``), assignments from them (``files = !ls``) and cells whose first line is a cell magic
(``%%bash``), except magics whose body is Python (``%%time``, ``%%capture``...). A cell that
still does not parse on its own is reported and left out; the others are linted.
"""

from __future__ import annotations

import ast
import io
import json
import re
import tokenize
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from headcheck.facts import Location

__all__ = ["ParseProblem", "Source", "load_source", "source_from_text"]

_MAGIC: Final = re.compile(r"^\s*(?:[%!]|\?)|^\s*[A-Za-z_][\w.]*\s*=\s*[%!]|\?\s*$")
_PYTHON_CELL_MAGICS: Final = frozenset(("time", "timeit", "capture", "prun", "debug"))


@dataclass(frozen=True)
class ParseProblem:
    """Why (part of) a file could not be read, and where."""

    message: str
    location: Location


@dataclass(frozen=True)
class Source:
    """Python text to analyse, where it came from, and how to map its lines back."""

    path: str
    text: str
    cell_lines: tuple[tuple[int, int], ...] | None = None
    problems: tuple[ParseProblem, ...] = ()

    def locate(self, line: int | None, column: int | None) -> Location:
        """The user-facing location of a 1-based ``line``/``column`` of :attr:`text`."""
        if self.cell_lines is None or line is None:
            return Location(self.path, line, column)
        if 1 <= line <= len(self.cell_lines):
            cell, cell_line = self.cell_lines[line - 1]
            return Location(self.path, cell_line, column, cell)
        return Location(self.path, None, None)

    def parse(self) -> ast.Module | ParseProblem:
        """The module's syntax tree, or why it cannot be had."""
        return _parse(self.text, self)


def _parse(text: str, source: Source | None = None, path: str = "") -> ast.Module | ParseProblem:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SyntaxWarning for odd escapes is not ours
            return ast.parse(text)
    except SyntaxError as exc:
        line = exc.lineno
        column = exc.offset
        where = source.locate(line, column) if source else Location(path, line, column)
        return ParseProblem(f"{type(exc).__name__}: {exc.msg}", where)
    except (ValueError, RecursionError, MemoryError) as exc:  # null bytes, deep nesting
        message = str(exc) if isinstance(exc, ValueError) else "the code is nested too deeply"
        where = source.locate(1, 1) if source else Location(path, 1, 1)
        return ParseProblem(f"{type(exc).__name__}: {message}", where)


def _decode(data: bytes, path: str) -> str | ParseProblem:
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        return data.decode(encoding)
    except (SyntaxError, UnicodeDecodeError, LookupError) as exc:
        return ParseProblem(f"cannot decode the file: {exc}", Location(path, 1, 1))


def _cell_text(source: Any) -> str:
    if isinstance(source, list):
        return "".join(part for part in source if isinstance(part, str))
    return source if isinstance(source, str) else ""


def _python_lines(text: str) -> list[str]:
    lines = text.splitlines()
    if lines and lines[0].lstrip().startswith("%%"):
        magic = lines[0].lstrip()[2:].split(maxsplit=1)
        if not magic or magic[0] not in _PYTHON_CELL_MAGICS:
            return [""] * len(lines)
        lines[0] = ""
    return ["" if _MAGIC.search(line) else line for line in lines]


def _notebook(data: bytes, path: str) -> Source | ParseProblem:
    try:
        document = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        return ParseProblem(f"not a notebook (invalid JSON: {exc})", Location(path, 1, 1))
    cells = document.get("cells") if isinstance(document, dict) else None
    if not isinstance(cells, list):
        return ParseProblem("not a notebook: no 'cells' list", Location(path, 1, 1))
    texts: list[str] = []
    cell_lines: list[tuple[int, int]] = []
    problems: list[ParseProblem] = []
    for number, cell in enumerate(cells, start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        lines = _python_lines(_cell_text(cell.get("source")))
        parsed = _parse("\n".join(lines) + "\n", path=path)
        if isinstance(parsed, ParseProblem):
            loc = parsed.location
            problems.append(
                ParseProblem(parsed.message, Location(path, loc.line, loc.column, number))
            )
            lines = [""] * len(lines)
        texts.extend(lines)
        cell_lines.extend((number, i) for i in range(1, len(lines) + 1))
    return Source(path, "\n".join(texts) + "\n", tuple(cell_lines), tuple(problems))


def source_from_text(text: str, path: str = "<string>", *, notebook: bool = False) -> Source:
    """A :class:`Source` from text already in memory (notebook JSON when ``notebook``)."""
    if notebook:
        loaded = _notebook(text.encode("utf-8"), path)
        if isinstance(loaded, ParseProblem):
            return Source(path, "", None, (loaded,))
        return loaded
    return Source(path, text)


def load_source(path: Path, display: str | None = None) -> Source:
    """Read ``path`` (never import or run it). Unreadable content becomes a problem."""
    shown = display or str(path)
    data = path.read_bytes()
    if path.suffix == ".ipynb":
        loaded = _notebook(data, shown)
        return Source(shown, "", None, (loaded,)) if isinstance(loaded, ParseProblem) else loaded
    text = _decode(data, shown)
    if isinstance(text, ParseProblem):
        return Source(shown, "", None, (text,))
    return Source(shown, text)
