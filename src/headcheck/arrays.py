"""Reading prediction and label arrays from files, as data only (never unpickling).

Accepted: ``.npy`` (``allow_pickle=False``), ``.npz`` (one array, or ``file.npz:key``),
``.csv``/``.txt`` (numbers separated by commas or whitespace; a header row of names is
skipped) and ``.parquet`` (all columns, or ``file.parquet:col`` / ``file.parquet:a,b`` by name
or 0-based index; needs the ``parquet`` extra, pyarrow). Everything else, and every file that
cannot be read as numbers, raises :class:`~headcheck.InputError` with a sentence saying what
was wrong and what to do.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from headcheck._errors import InputError
from headcheck.semantics._arrays import FloatArray, as_float_array

__all__ = ["SUFFIXES", "load_array"]

SUFFIXES = (".npy", ".npz", ".csv", ".txt", ".parquet")


def _split_key(spec: str) -> tuple[Path, str | None]:
    for suffix in (".npz:", ".parquet:"):
        if suffix in spec:
            path, key = spec.rsplit(":", 1)
            return Path(path), key
    return Path(spec), None


def _read_parquet(path: Path, key: str | None) -> npt.NDArray[Any]:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError(
            f"{path}: reading Parquet needs pyarrow; install it with "
            "pip install 'headcheck[parquet]'"
        ) from None
    try:
        table = pq.read_table(path)
    except Exception as exc:  # pyarrow raises its own ArrowInvalid/OSError family
        raise InputError(f"{path}: not a readable Parquet file ({exc}); is it truncated?") from None
    names = list(table.column_names)
    wanted = names if key is None else [part.strip() for part in key.split(",")]
    chosen: list[str] = []
    for item in wanted:
        if item in names:
            chosen.append(item)
        elif item.isdigit() and int(item) < len(names):
            chosen.append(names[int(item)])
        else:
            raise InputError(
                f"{path} has no column {item!r}; it has: {', '.join(names) or 'none'} "
                "(name them, or give 0-based indices, as FILE.parquet:a,b)"
            )
    columns = []
    for name in chosen:
        column = table.column(name)
        kind = str(column.type)
        if not any(
            kind.startswith(t) for t in ("int", "uint", "float", "double", "bool", "halffloat")
        ):
            raise InputError(
                f"{path}: column {name!r} holds {kind} values, not numbers; pick numeric "
                "columns with FILE.parquet:col"
            )
        if column.null_count:
            raise InputError(
                f"{path}: column {name!r} has {column.null_count} missing values; fill or drop "
                "them before scoring"
            )
        columns.append(np.asarray(column.to_numpy(), dtype=np.float64))
    if not columns:
        raise InputError(f"{path} has no columns")
    array = np.column_stack(columns)
    return array[:, 0] if array.shape[1] == 1 else array


def _read_npy(path: Path) -> npt.NDArray[Any]:
    try:
        loaded: npt.NDArray[Any] = np.load(path, allow_pickle=False)
        return loaded
    except ValueError as exc:
        if "pickle" in str(exc).lower():
            raise InputError(
                f"{path}: the array holds Python objects, which headcheck never unpickles; "
                "save numbers with np.save(path, np.asarray(values, dtype=float))"
            ) from None
        raise InputError(f"{path}: not a readable .npy file ({exc}); is it truncated?") from None
    except (OSError, EOFError) as exc:
        raise InputError(f"{path}: not a readable .npy file ({exc}); is it truncated?") from None


def _read_npz(path: Path, key: str | None) -> npt.NDArray[Any]:
    try:
        with np.load(path, allow_pickle=False) as archive:
            names = list(archive.files)
            if key is None:
                if len(names) != 1:
                    raise InputError(
                        f"{path} holds {len(names)} arrays ({', '.join(names) or 'none'}); "
                        f"name one as {path}:NAME"
                    )
                key = names[0]
            if key not in names:
                raise InputError(
                    f"{path} has no array {key!r}; it holds: {', '.join(names) or 'none'}"
                )
            chosen: npt.NDArray[Any] = archive[key]
            return chosen
    except InputError:
        raise
    except (ValueError, OSError, EOFError, zipfile.BadZipFile) as exc:
        if "pickle" in str(exc).lower():
            raise InputError(
                f"{path}: the array holds Python objects, which headcheck never unpickles"
            ) from None
        raise InputError(f"{path}: not a readable .npz file ({exc}); is it truncated?") from None


def _read_csv(path: Path) -> npt.NDArray[Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{path}: not a text file; save the numbers as CSV or .npy") from None
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    if not lines:
        raise InputError(f"{path} is empty; nothing to read")
    delimiter = "," if "," in lines[0] else None
    rows: list[list[str]] = []
    if delimiter:
        rows = [[cell.strip() for cell in row] for row in csv.reader(io.StringIO("\n".join(lines)))]
    else:
        rows = [line.split() for line in lines]
    try:
        [float(cell) for cell in rows[0]]
    except ValueError:
        rows = rows[1:]  # a header row of column names
    if not rows:
        raise InputError(f"{path} has a header but no rows of numbers")
    widths = {len(row) for row in rows}
    if len(widths) != 1:
        raise InputError(
            f"{path}: rows have different numbers of columns ({sorted(widths)}); every row must "
            "have the same number of values"
        )
    values: list[list[float]] = []
    for number, row in enumerate(rows, start=1):
        try:
            values.append([float(cell) for cell in row])
        except ValueError:
            bad = next(cell for cell in row if not _is_number(cell))
            raise InputError(
                f"{path}: row {number} has a value that is not a number: {bad!r}"
            ) from None
    array = np.asarray(values, dtype=np.float64)
    return array[:, 0] if array.shape[1] == 1 else array


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def load_array(spec: str | Path, name: str) -> FloatArray:
    """Load a numeric array from ``spec`` (a path, or ``file.npz:key``) as float64.

    ``name`` is used in messages (``'outputs'``, ``'labels'``). NaN/inf and empty arrays are
    rejected; so are arrays of more than two dimensions.
    """
    path, key = _split_key(str(spec))
    if not path.exists():
        raise InputError(f"{name} file {path} does not exist")
    if path.is_dir():
        raise InputError(
            f"{name} file {path} is a directory; give a .npy, .npz, .csv or .parquet file"
        )
    suffix = path.suffix.lower()
    if suffix == ".npy":
        raw = _read_npy(path)
    elif suffix == ".npz":
        raw = _read_npz(path, key)
    elif suffix in (".csv", ".txt"):
        raw = _read_csv(path)
    elif suffix == ".parquet":
        raw = _read_parquet(path, key)
    else:
        raise InputError(
            f"{name} file {path} has an unsupported type {suffix or '(none)'!r}; accepted: "
            + ", ".join(SUFFIXES)
        )
    if raw.dtype.kind not in "biuf":
        raise InputError(f"{name} file {path} holds {raw.dtype} values; headcheck needs numbers")
    array = as_float_array(raw, name)
    if array.ndim > 2:
        raise InputError(
            f"{name} has shape {array.shape}; expected (samples,) or (samples, units). Reshape "
            "it to two dimensions first"
        )
    if array.ndim == 0:
        array = array.reshape(1)
    return array
