"""Reading scores, labels and weights chunk by chunk, for out-of-core evaluation.

Inputs are ``.npy`` files (the header read with ``np.load(mmap_mode="r")``; rows are then read
chunk by chunk with plain reads into a fresh buffer, because pages of a memory map that has
been read stay resident and count towards the process's memory), Parquet files and
directories of Parquet files (``ParquetFile.iter_batches``, one file after the other, in
natural order of their paths). A column of a Parquet input is named as ``PATH:col`` (a name or
a 0-based index), as everywhere in ``headcheck eval``.

:func:`open_inputs` checks everything that can be checked without reading the data (that the
files exist, are of a kind that can be streamed, have the columns, one value per row, the same
number of rows), and :meth:`Inputs.chunks` yields aligned chunks ``{"scores": ..., "labels":
..., "weights": ...}`` however each input happens to be split into batches.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from headcheck._errors import InputError

__all__ = [
    "ArrayReader",
    "Inputs",
    "Reader",
    "inputs_from_arrays",
    "open_inputs",
    "parquet_files",
    "split_spec",
    "streamable",
]

Array = npt.NDArray[Any]
ROLES = ("scores", "labels", "weights")
_WHAT = {"scores": "predictions", "labels": "labels", "weights": "weights"}


def split_spec(spec: str) -> tuple[Path, str | None]:
    """``'data/preds.parquet:score'`` → ``(Path('data/preds.parquet'), 'score')``; a path that
    exists as given is never split (so ``a:b.npy`` stays whole).

    >>> split_spec("no/such/dir:score")
    (PosixPath('no/such/dir:score'), None)
    """
    path = Path(spec)
    if path.exists():
        return path, None
    head, sep, tail = spec.rpartition(":")
    if sep and head and tail and Path(head).exists():
        return Path(head), tail
    return path, None


def _natural_key(path: Path) -> list[Any]:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", str(path))]


def parquet_files(directory: Path) -> list[Path]:
    """The Parquet files under ``directory`` (recursively), in natural order of their paths;
    names starting with ``_`` or ``.`` (``_SUCCESS``, ``_metadata``, ``.crc``) are skipped."""
    files = [
        p
        for p in directory.rglob("*.parquet")
        if p.is_file()
        and not any(part.startswith(("_", ".")) for part in p.relative_to(directory).parts)
    ]
    return sorted(files, key=_natural_key)


def streamable(spec: str) -> bool:
    """Whether ``spec`` names something out-of-core evaluation can read (``.npy``, Parquet
    file or directory)."""
    path, _ = split_spec(spec)
    return path.is_dir() or path.suffix.lower() in (".npy", ".parquet")


class Reader(Protocol):
    """Where some columns come from; ``batches`` yields ``{column: 1-D array}``."""

    rows: int
    description: str

    def dtype(self, column: str) -> np.dtype[Any]: ...

    def batches(self, columns: Sequence[str], batch_rows: int) -> Iterator[dict[str, Array]]: ...


def _score_dtype(dtype: np.dtype[Any]) -> np.dtype[Any]:
    """float32 and float64 scores keep their width (their sort keys are 32 or 64 bits);
    float16 widens to float32 and integers to float64 (as the in-memory path reads them)."""
    if dtype == np.float32 or dtype == np.float16:
        return np.dtype(np.float32)
    return np.dtype(np.float64)


@dataclass
class NpyReader:
    """One ``.npy`` file of shape ``(N,)`` or ``(N, 1)``."""

    path: Path
    what: str
    rows: int = 0
    description: str = ""
    _dtype: np.dtype[Any] = field(default_factory=lambda: np.dtype(np.float64))
    _offset: int = 0

    def __post_init__(self) -> None:
        try:
            mapped = np.load(self.path, mmap_mode="r", allow_pickle=False)
        except ValueError as exc:
            if "object" in str(exc).lower() or "pickle" in str(exc).lower():
                raise InputError(
                    f"{self.what} file {self.path}: the array holds Python objects, which "
                    "headcheck never unpickles; save numbers with np.save"
                ) from None
            raise InputError(
                f"{self.what} file {self.path}: not a readable .npy file ({exc}); is it truncated?"
            ) from None
        except (OSError, EOFError) as exc:
            raise InputError(
                f"{self.what} file {self.path}: not a readable .npy file ({exc}); is it truncated?"
            ) from None
        if not isinstance(mapped, np.memmap):  # pragma: no cover - np.load returns a memmap
            raise InputError(f"{self.what} file {self.path} cannot be read in chunks")
        shape = mapped.shape
        if not (len(shape) == 1 or (len(shape) == 2 and shape[1] == 1)):
            raise InputError(
                f"{self.what} file {self.path} has shape {shape}; out-of-core evaluation takes "
                "one value per row, (N,) or (N, 1) (binary tasks; multiclass and multilabel "
                "outputs need the in-memory path: --engine memory)"
            )
        if mapped.dtype.kind not in "biuf":
            raise InputError(
                f"{self.what} file {self.path} holds {mapped.dtype} values; headcheck needs numbers"
            )
        self.rows = int(shape[0])
        self._dtype = mapped.dtype
        self._offset = int(mapped.offset)
        self.description = str(self.path)
        del mapped

    def dtype(self, column: str) -> np.dtype[Any]:
        return self._dtype

    def batches(self, columns: Sequence[str], batch_rows: int) -> Iterator[dict[str, Array]]:
        native = self._dtype.newbyteorder("=")
        with self.path.open("rb") as handle:
            handle.seek(self._offset)
            done = 0
            while done < self.rows:
                count = min(batch_rows, self.rows - done)
                values = np.empty(count, dtype=self._dtype)
                got = handle.readinto(values.data.cast("B"))
                if got != values.nbytes:
                    raise InputError(
                        f"{self.what} file {self.path} ends after {done + got // values.itemsize}"
                        f" of its {self.rows} rows; is it truncated?"
                    )
                done += count
                batch = values.astype(native, copy=False)
                yield dict.fromkeys(columns, batch)


_NUMERIC = ("int", "uint", "float", "double", "bool", "halffloat")


@dataclass
class ParquetReader:
    """A Parquet file, or every Parquet file under a directory, read one after the other."""

    path: Path
    what: str
    files: list[Path] = field(default_factory=list)
    rows: int = 0
    description: str = ""
    names: list[str] = field(default_factory=list)
    _types: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        try:
            import pyarrow.parquet as pq
        except ImportError:
            raise InputError(
                f"{self.path}: reading Parquet needs pyarrow; install it with "
                "pip install 'headcheck[parquet]'"
            ) from None
        self.files = parquet_files(self.path) if self.path.is_dir() else [self.path]
        if not self.files:
            raise InputError(
                f"{self.what} directory {self.path} holds no .parquet files; give a directory "
                "of Parquet files (a partitioned dataset) or one file"
            )
        for number, file in enumerate(self.files):
            try:
                meta = pq.ParquetFile(file)
            except Exception as exc:  # pyarrow raises its own ArrowInvalid/OSError family
                raise InputError(
                    f"{file}: not a readable Parquet file ({exc}); is it truncated?"
                ) from None
            schema = meta.schema_arrow
            if number == 0:
                self.names = list(schema.names)
                self._types = {f.name: str(f.type) for f in schema}
            else:
                for name in schema.names:
                    kind = str(schema.field(name).type)
                    if name in self._types and self._types[name] != kind:
                        self._types[name] = _wider(self._types[name], kind)
            self.rows += int(meta.metadata.num_rows)
        self.description = (
            f"{self.path} ({len(self.files)} files)" if self.path.is_dir() else str(self.path)
        )

    def column(self, key: str | None) -> str:
        """The column ``key`` names (a name or a 0-based index); the only one when ``None``."""
        if key is None:
            if len(self.names) != 1:
                raise InputError(
                    f"{self.what} {self.path} has {len(self.names)} columns "
                    f"({', '.join(self.names)}); name one as {self.path}:COLUMN"
                )
            key = self.names[0]
        if "," in key:
            raise InputError(
                f"{self.what} {self.path}:{key} names several columns; out-of-core evaluation "
                "takes one score column (binary tasks; multiclass and multilabel outputs need "
                "the in-memory path: --engine memory)"
            )
        if key in self.names:
            name = key
        elif key.isdigit() and int(key) < len(self.names):
            name = self.names[int(key)]
        else:
            raise InputError(
                f"{self.path} has no column {key!r}; it has: {', '.join(self.names) or 'none'} "
                "(name one, or give a 0-based index, as PATH:col)"
            )
        kind = self._types[name]
        if not any(kind.startswith(t) for t in _NUMERIC):
            raise InputError(
                f"{self.path}: column {name!r} holds {kind} values, not numbers; pick a numeric "
                "column with PATH:col"
            )
        return name

    def dtype(self, column: str) -> np.dtype[Any]:
        kind = self._types[column]
        if kind == "float":
            return np.dtype(np.float32)
        if kind == "halffloat":
            return np.dtype(np.float16)
        if kind == "bool":
            return np.dtype(np.bool_)
        if kind.startswith(("int", "uint")):
            return np.dtype(kind)
        return np.dtype(np.float64)

    def batches(self, columns: Sequence[str], batch_rows: int) -> Iterator[dict[str, Array]]:
        import pyarrow.parquet as pq

        for file in self.files:
            # no pre-buffering of whole row groups, reads of 1 MiB: pyarrow then holds a few
            # MB per file instead of about 150 MB (measured), at the same speed
            handle = pq.ParquetFile(file, pre_buffer=False, buffer_size=1 << 20)
            missing = [c for c in columns if c not in handle.schema_arrow.names]
            if missing:
                raise InputError(
                    f"{file} has no column {missing[0]!r} (the first file of {self.path} has "
                    "it); every file of a dataset needs the same columns"
                )
            for batch in handle.iter_batches(batch_size=batch_rows, columns=list(columns)):
                out: dict[str, Array] = {}
                for name in columns:
                    column = batch.column(name)
                    if column.null_count:
                        raise InputError(
                            f"{file}: column {name!r} has missing values; fill or drop them "
                            "before scoring"
                        )
                    out[name] = column.to_numpy(zero_copy_only=False)
                yield out


def _wider(a: str, b: str) -> str:
    if "double" in (a, b) or any(k.startswith(("int", "uint")) for k in (a, b)):
        return "double"
    return "float"


@dataclass
class ArrayReader:
    """Arrays already in memory (the Python API and the tests), read in chunks all the same."""

    arrays: dict[str, Array]
    rows: int = 0
    description: str = "arrays"

    def __post_init__(self) -> None:
        lengths = {name: int(np.shape(a)[0]) for name, a in self.arrays.items()}
        self.rows = next(iter(lengths.values()), 0)

    def dtype(self, column: str) -> np.dtype[Any]:
        return self.arrays[column].dtype

    def batches(self, columns: Sequence[str], batch_rows: int) -> Iterator[dict[str, Array]]:
        for start in range(0, self.rows, batch_rows):
            yield {c: self.arrays[c][start : start + batch_rows] for c in columns}


@dataclass(frozen=True)
class Source:
    """One role's column: where it is read from."""

    role: str
    reader: Reader
    column: str


@dataclass
class Inputs:
    """Scores, labels and (optionally) weights, aligned row by row."""

    sources: dict[str, Source]
    rows: int

    @property
    def weighted(self) -> bool:
        return "weights" in self.sources

    @property
    def score_dtype(self) -> np.dtype[Any]:
        """float32 or float64: the width of the scores' sort keys."""
        s = self.sources["scores"]
        return _score_dtype(s.reader.dtype(s.column))

    def describe(self, role: str) -> str:
        source = self.sources[role]
        return f"{_WHAT[role]} {source.reader.description}"

    def chunks(self, chunk_rows: int) -> Iterator[dict[str, Array]]:
        """Aligned chunks of at most ``chunk_rows`` rows: ``{"scores", "labels"[, "weights"]}``
        with scores as float32/float64, weights as float64, labels as read."""
        groups: dict[int, tuple[Reader, list[Source]]] = {}
        for source in self.sources.values():
            groups.setdefault(id(source.reader), (source.reader, []))[1].append(source)
        streams = [
            (reader, members, reader.batches(sorted({m.column for m in members}), chunk_rows))
            for reader, members in groups.values()
        ]
        held: list[dict[str, Array] | None] = [None] * len(streams)
        starts = [0] * len(streams)
        dtype = self.score_dtype
        while True:
            for i, (_, _, stream) in enumerate(streams):
                current = held[i]
                if current is None or starts[i] >= len(next(iter(current.values()))):
                    held[i] = next(stream, None)
                    starts[i] = 0
            current_batches = [h for h in held if h is not None]
            if len(current_batches) < len(held):
                return
            take = chunk_rows
            for batch, start in zip(current_batches, starts, strict=True):
                take = min(take, len(next(iter(batch.values()))) - start)
            chunk: dict[str, Array] = {}
            for i, (_, members, _) in enumerate(streams):
                batch = current_batches[i]
                for m in members:
                    chunk[m.role] = batch[m.column][starts[i] : starts[i] + take]
                starts[i] += take
            chunk["scores"] = np.asarray(chunk["scores"]).astype(dtype, copy=False)
            if "weights" in chunk:
                chunk["weights"] = np.asarray(chunk["weights"]).astype(np.float64, copy=False)
            yield chunk


def _open(spec: str, role: str, readers: dict[Path, Reader]) -> Source:
    what = _WHAT[role]
    path, key = split_spec(spec)
    if not path.exists():
        raise InputError(f"{what} file {path} does not exist")
    resolved = path.resolve()
    if path.is_dir() or path.suffix.lower() == ".parquet":
        reader = readers.get(resolved)
        if reader is None:
            reader = readers[resolved] = ParquetReader(path, what)
        assert isinstance(reader, ParquetReader)
        return Source(role, reader, reader.column(key))
    if path.suffix.lower() == ".npy":
        if key is not None:
            raise InputError(f"{what} file {path} is .npy: it has no columns to name ({key!r})")
        return Source(role, NpyReader(path, what), "values")
    raise InputError(
        f"{what} file {path} is {path.suffix or 'without a suffix'}; out-of-core evaluation "
        "reads .npy files and Parquet files or directories (convert it, or use --engine memory "
        "for .npz/.csv)"
    )


def _check_rows(sources: dict[str, Source]) -> int:
    rows = {role: s.reader.rows for role, s in sources.items()}
    if rows["scores"] == 0:
        raise InputError(f"predictions {sources['scores'].reader.description} are empty")
    for role in ("labels", "weights"):
        if role in rows and rows[role] != rows["scores"]:
            raise InputError(
                f"predictions have {rows['scores']} rows but {_WHAT[role]} have {rows[role]}; "
                "they must describe the same samples, in the same order"
            )
    return rows["scores"]


def open_inputs(preds: str, labels: str, weights: str | None = None) -> Inputs:
    """Open the inputs of an out-of-core evaluation (nothing is read but headers/metadata)."""
    readers: dict[Path, Reader] = {}
    sources = {
        "scores": _open(preds, "scores", readers),
        "labels": _open(labels, "labels", readers),
    }
    if weights is not None:
        sources["weights"] = _open(weights, "weights", readers)
    return Inputs(sources, _check_rows(sources))


def inputs_from_arrays(
    scores: npt.ArrayLike, labels: npt.ArrayLike, weights: npt.ArrayLike | None = None
) -> Inputs:
    """In-memory arrays behind the same interface (the Python API and tests)."""
    arrays: dict[str, Array] = {}
    for role, values in (("scores", scores), ("labels", labels), ("weights", weights)):
        if values is None:
            continue
        array = np.asarray(values)
        if array.ndim == 2 and array.shape[1] == 1:
            array = array[:, 0]
        if array.ndim != 1:
            raise InputError(
                f"{_WHAT[role]} have shape {array.shape}; out-of-core evaluation takes one "
                "value per row"
            )
        arrays[role] = array
    sources = {
        role: Source(role, ArrayReader({role: a}, description=f"array of {a.shape[0]}"), role)
        for role, a in arrays.items()
    }
    return Inputs(sources, _check_rows(sources))
