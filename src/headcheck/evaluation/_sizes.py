"""Memory sizes for ``headcheck eval --memory``: parsing ``512MB`` / ``2GB`` / ``1.5GiB``, and
the plan of how a budget is spent out of core.

Decimal units (``KB``, ``MB``, ``GB``, ``TB``) are powers of 1000 and binary units (``KiB``,
``MiB``, ``GiB``, ``TiB``) powers of 1024; a bare number is bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from headcheck._errors import InputError

__all__ = [
    "DEFAULT_MEMORY",
    "IN_MEMORY_BYTES_PER_ROW",
    "MIN_MEMORY",
    "Budget",
    "format_size",
    "parse_size",
]

_UNITS = {
    "": 1,
    "b": 1,
    "k": 1000,
    "kb": 1000,
    "m": 1000**2,
    "mb": 1000**2,
    "g": 1000**3,
    "gb": 1000**3,
    "t": 1000**4,
    "tb": 1000**4,
    "kib": 1024,
    "mib": 1024**2,
    "gib": 1024**3,
    "tib": 1024**4,
}
_SIZE = re.compile(r"^\s*(\d+(?:\.\d*)?|\.\d+)\s*([a-zA-Z]*)\s*$")

#: the budget when ``--memory`` is not given
DEFAULT_MEMORY = 2 * 1000**3
#: below this the interpreter and the libraries alone do not fit
MIN_MEMORY = 256 * 1000**2
#: peak bytes per sample of the in-memory ``headcheck eval`` of one binary score column
#: (measured: 2·10^6 float32 scores peak at 360 MB, 75 MB of which is the interpreter)
IN_MEMORY_BYTES_PER_ROW = 200
#: what the interpreter, NumPy, PyArrow and Rich take before any data is read
_BASE_BYTES = 170 * 1000**2
#: working memory per row of a chunk (reading, keys, masks, selections)
_CHUNK_ROW_BYTES = 120


def parse_size(text: str) -> int:
    """Bytes in ``text``: ``'512MB'``, ``'2GB'``, ``'1.5GiB'``, ``'1000000'``.

    >>> parse_size("2GB"), parse_size("512 MiB"), parse_size("64k")
    (2000000000, 536870912, 64000)
    >>> parse_size("lots")
    Traceback (most recent call last):
    ...
    headcheck._errors.InputError: --memory 'lots' is not a size; write it as 512MB, 2GB or 1.5GiB
    """
    match = _SIZE.match(text)
    unit = match.group(2).lower() if match else None
    if match is None or unit not in _UNITS:
        raise InputError(f"--memory {text!r} is not a size; write it as 512MB, 2GB or 1.5GiB")
    return int(float(match.group(1)) * _UNITS[unit])


def format_size(size: float) -> str:
    """``size`` bytes in the largest decimal unit that keeps it ≥ 1: ``'2.0 GB'``.

    >>> format_size(2_000_000_000), format_size(512)
    ('2.0 GB', '512 B')
    """
    for unit, factor in (("TB", 1000**4), ("GB", 1000**3), ("MB", 1000**2), ("kB", 1000)):
        if size >= factor:
            return f"{size / factor:.1f} {unit}"
    return f"{int(size)} B"


@dataclass(frozen=True)
class Budget:
    """How much memory one out-of-core evaluation may hold at once.

    ``chunk_rows``: rows read from the inputs per step; ``group_bytes``: what the rows of the
    score ranges being sorted in one pass may take (keys, labels and weights plus the sort's
    working space); ``slice_rows``: rows of a sorted range summarised at a time.
    """

    chunk_rows: int
    group_bytes: int
    slice_rows: int = 1 << 16

    @classmethod
    def from_memory(cls, memory: int) -> Budget:
        """Split a total budget (bytes, the whole process) into chunks and sort space.

        Measured (``/usr/bin/time -v``): the interpreter with NumPy, PyArrow and headcheck
        takes about 145 MB, and reading and key making about 100 bytes per chunk row (the
        chunk's arrays, masks and selections, PyArrow's buffers). The rest, less 5%, is sort
        space.

        >>> b = Budget.from_memory(2 * 1000**3)
        >>> b.chunk_rows, round(b.group_bytes / 1e9, 3)
        (1048576, 1.619)
        """
        if memory < MIN_MEMORY:
            raise InputError(
                f"--memory {format_size(memory)} is too small: the interpreter and libraries "
                f"alone take about {format_size(_BASE_BYTES)}; give at least "
                f"{format_size(MIN_MEMORY)}"
            )
        chunk_rows = 1 << 21
        while chunk_rows > 1 << 14 and chunk_rows * _CHUNK_ROW_BYTES > (memory - _BASE_BYTES) // 8:
            chunk_rows //= 2
        spare = memory - _BASE_BYTES - chunk_rows * _CHUNK_ROW_BYTES
        return cls(chunk_rows, int(spare * 0.95))
