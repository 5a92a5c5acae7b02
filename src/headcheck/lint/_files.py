"""Which files to lint: the paths given, directories walked for ``.py`` and ``.ipynb``,
minus excludes, ``.gitignore`` d paths and the usual tool directories.

A file named on the command line is always linted; excludes and ``.gitignore`` apply to what
a directory walk finds. The ``.gitignore`` files of the walked directories and of their
parents (up to the repository root) are read; the matcher handles the usual syntax
(``*``, ``**``, ``?``, ``[...]``, leading ``/``, trailing ``/``, ``!`` negation).
"""

from __future__ import annotations

import contextlib
import fnmatch
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from headcheck._errors import InputError

__all__ = ["discover"]

SUFFIXES: Final = (".py", ".ipynb", ".keras")  # .h5 files only when named
_ALWAYS_SKIPPED: Final = frozenset(
    (
        ".git",
        ".hg",
        ".svn",
        ".venv",
        "venv",
        "__pycache__",
        ".mypy_cache",
        ".ruff_cache",
        ".pytest_cache",
        ".tox",
        ".nox",
        "node_modules",
        ".ipynb_checkpoints",
        "site-packages",
    )
)


@dataclass(frozen=True)
class _Rule:
    regex: re.Pattern[str]
    negated: bool
    dir_only: bool
    base: Path


def _translate(pattern: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("/**", i) and i + 3 == len(pattern):
            out.append("/.*")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[":
            end = pattern.find("]", i + 1)
            if end == -1:
                out.append(re.escape(char))
            else:
                body = pattern[i + 1 : end].replace("\\", "\\\\")
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append(f"[{body}]")
                i = end
        elif char == "\\" and i + 1 < len(pattern):
            i += 1
            out.append(re.escape(pattern[i]))
        else:
            out.append(re.escape(char))
        i += 1
    return "".join(out)


def _rules(directory: Path) -> list[_Rule]:
    path = directory / ".gitignore"
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []
    rules: list[_Rule] = []
    for raw in lines:
        line = raw.rstrip()
        if not line or line.startswith("#"):
            continue
        negated = line.startswith("!")
        if negated:
            line = line[1:]
        dir_only = line.endswith("/")
        line = line.rstrip("/")
        if not line:
            continue
        anchored = "/" in line
        line = line.lstrip("/")
        body = _translate(line)
        regex = f"^{body}$" if anchored else f"^(?:.*/)?{body}$"
        rules.append(_Rule(re.compile(regex), negated, dir_only, directory))
    return rules


class _GitIgnore:
    def __init__(self) -> None:
        self._cache: dict[Path, list[_Rule]] = {}

    def rules_for(self, directory: Path) -> list[_Rule]:
        """The rules of ``directory`` and of its parents up to the repository root."""
        chain: list[Path] = []
        current = directory
        while True:
            chain.append(current)
            if (current / ".git").exists() or current.parent == current:
                break
            current = current.parent
        rules: list[_Rule] = []
        for folder in reversed(chain):
            if folder not in self._cache:
                self._cache[folder] = _rules(folder)
            rules.extend(self._cache[folder])
        return rules

    @staticmethod
    def ignored(path: Path, is_dir: bool, rules: list[_Rule]) -> bool:
        verdict = False
        for rule in rules:
            if rule.dir_only and not is_dir:
                continue
            try:
                relative = path.relative_to(rule.base).as_posix()
            except ValueError:
                continue
            if rule.regex.match(relative):
                verdict = not rule.negated
        return verdict


def _excluded(path: Path, patterns: Sequence[str], root: Path | None) -> bool:
    if not patterns:
        return False
    candidates = [path.name, path.as_posix()]
    if root is not None:
        with contextlib.suppress(ValueError):
            candidates.append(path.resolve().relative_to(root).as_posix())
    return any(fnmatch.fnmatch(c, p.rstrip("/")) for c in candidates for p in patterns)


def _display(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _walk(top: Path, exclude: Sequence[str], root: Path | None, gitignore: bool) -> Iterator[Path]:
    matcher = _GitIgnore()
    for dirpath, dirnames, filenames in os.walk(top):
        here = Path(dirpath)
        rules = matcher.rules_for(here.resolve()) if gitignore else []
        kept: list[str] = []
        for name in sorted(dirnames):
            child = here / name
            if name in _ALWAYS_SKIPPED or _excluded(child, exclude, root):
                continue
            if rules and matcher.ignored(child.resolve(), True, rules):
                continue
            kept.append(name)
        dirnames[:] = kept
        for name in sorted(filenames):
            if not name.endswith(SUFFIXES):
                continue
            child = here / name
            if _excluded(child, exclude, root):
                continue
            if rules and matcher.ignored(child.resolve(), False, rules):
                continue
            yield child


def discover(
    paths: Sequence[str],
    exclude: Sequence[str] = (),
    root: Path | None = None,
    *,
    gitignore: bool = True,
) -> list[tuple[Path, str]]:
    """``(path, display name)`` of every file to lint, in a stable order, without repeats."""
    found: dict[Path, str] = {}
    for given in paths:
        path = Path(given)
        if path.is_file() or (path / "saved_model.pb").is_file():  # a file or a SavedModel
            found.setdefault(path.resolve(), _display(path))
        elif path.is_dir():
            for child in _walk(path, exclude, root, gitignore):
                found.setdefault(child.resolve(), _display(child))
        else:
            raise InputError(f"{given}: no such file or directory")
    return list(found.items())
