"""Label evidence from literal arrays written in the code.

``[0, 1, 1, 0]`` is binary, ``[-1, 1]`` signed, ``[0, 2, 1]`` sparse, ``[[0, 1, 0], ...]``
one-hot, ``[[1, 1, 0], ...]`` multi-hot, ``[0.3, 1.7]`` continuous. Anything else (strings,
mixed shapes, expressions) is no evidence.
"""

from __future__ import annotations

from typing import Any

from headcheck.lint._values import Const, LabelVal, ListVal, Value

__all__ = ["labels_of", "literal_of"]

_MAX_ITEMS = 100_000


def literal_of(value: Value, depth: int = 0) -> Any | None:
    """The Python literal a value stands for (lists of numbers), or ``None``."""
    if depth > 3:
        return None
    if isinstance(value, Const):
        if isinstance(value.value, bool):
            return int(value.value)
        return value.value
    if isinstance(value, ListVal):
        if len(value.items) > _MAX_ITEMS:
            return None
        items = [literal_of(item, depth + 1) for item in value.items]
        return None if any(item is None for item in items) else items
    return None


def _numbers(row: Any) -> list[float] | None:
    if not isinstance(row, list | tuple):
        return None
    out: list[float] = []
    for item in row:
        if isinstance(item, bool) or not isinstance(item, int | float):
            return None
        out.append(float(item))
    return out


def _flat(values: list[float]) -> LabelVal | None:
    if not values:
        return None
    if any(v != int(v) for v in values):
        return LabelVal("continuous")
    distinct = set(values)
    if distinct <= {0.0, 1.0}:
        return LabelVal("binary")
    if distinct <= {-1.0, 1.0}:
        return LabelVal("signed")
    if min(distinct) >= 0:
        return LabelVal("sparse")
    return None


def labels_of(value: Value) -> LabelVal | None:
    """Label evidence carried by ``value``: a :class:`LabelVal` or a literal array."""
    if isinstance(value, LabelVal):
        return value
    literal = literal_of(value)
    if not isinstance(literal, list | tuple) or not literal:
        return None
    flat = _numbers(literal)
    if flat is not None:
        return _flat(flat)
    rows = [_numbers(row) for row in literal]
    if any(row is None for row in rows):
        return None
    matrix = [row for row in rows if row is not None]
    width = len(matrix[0])
    if width == 0 or any(len(row) != width for row in matrix):
        return None
    if width == 1:
        return _flat([row[0] for row in matrix])
    values = {v for row in matrix for v in row}
    if not values <= {0.0, 1.0}:
        found = _flat([v for row in matrix for v in row])
        return found if found is not None and found.format == "continuous" else None
    sums = [sum(row) for row in matrix]
    if all(s == 1.0 for s in sums):
        return LabelVal("one_hot", width)
    return LabelVal("multi_hot", width)
