"""``[tool.headcheck]`` in ``pyproject.toml``: ``select``, ``ignore``, ``target``, ``exclude``.

The nearest ``pyproject.toml`` with a ``[tool.headcheck]`` table, looking upwards from the
first path given (or the current directory), is used. Command-line options win: ``--select``
and ``--target`` replace the file's values, ``--ignore`` and ``--exclude`` add to them.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from headcheck._errors import InputError
from headcheck.targets import check_target

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = ["Config", "find_config"]

_KEYS = ("select", "ignore", "target", "exclude")


@dataclass(frozen=True)
class Config:
    """The settings of one ``[tool.headcheck]`` table, and the directory it applies to."""

    root: Path | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    target: str | None = None
    exclude: tuple[str, ...] = ()


def _strings(table: dict[str, Any], key: str, path: Path) -> tuple[str, ...]:
    value = table.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError(f"{path}: [tool.headcheck] {key} must be a list of strings")
    return tuple(value)


def read_config(path: Path) -> Config | None:
    """The ``[tool.headcheck]`` table of ``path``, or ``None`` if it has none."""
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"{path}: cannot read the configuration: {exc}") from None
    table = document.get("tool", {}).get("headcheck")
    if table is None:
        return None
    if not isinstance(table, dict):
        raise InputError(f"{path}: [tool.headcheck] must be a table")
    unknown = sorted(set(table) - set(_KEYS))
    if unknown:
        raise InputError(
            f"{path}: unknown key(s) in [tool.headcheck]: {', '.join(unknown)}; "
            f"expected: {', '.join(_KEYS)}"
        )
    target = table.get("target")
    if target is not None:
        if not isinstance(target, str):
            raise InputError(f"{path}: [tool.headcheck] target must be a string")
        check_target(target)
    return Config(
        path.parent.resolve(),
        _strings(table, "select", path),
        _strings(table, "ignore", path),
        target,
        _strings(table, "exclude", path),
    )


def find_config(start: Path) -> Config:
    """The nearest configuration above ``start`` (an empty one if there is none)."""
    current = start.resolve()
    if not current.is_dir():
        current = current.parent
    while True:
        candidate = current / "pyproject.toml"
        if candidate.is_file():
            config = read_config(candidate)
            if config is not None:
                return config
        if current.parent == current:
            return Config()
        current = current.parent
