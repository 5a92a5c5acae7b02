"""Exact binary metrics over a Parquet dataset on a Dask cluster (``headcheck eval --engine
dask [--scheduler ADDRESS]``), identical to the single-process streaming path.

The dataset is read with ``dask.dataframe.read_parquet`` (scores, labels and weights are
columns of the same dataset: ``DIR:score DIR:label``). The passes are those of
:mod:`headcheck.evaluation._outofcore`, with partitions in place of chunks:

1. every partition's :class:`~headcheck.evaluation._census.Census` (checks, counts, key
   histogram), merged in a tree; the client plans the key ranges (:mod:`._plan`);
2. per pass, every partition reduces its rows of each range to a tie-group run
   (:func:`~headcheck.evaluation._runs.aggregate_rows`) and its rows of each refined range to
   a sub-histogram; one task per range merges the partitions' runs like a merge sort and
   summarises them with the range's carry; the client combines the (small) partials.

Without weights the counts are integers, so ROC AUC and every threshold choice equal the
streaming path's exactly; sums of floats (average precision, log loss) agree to rounding.
``--scheduler ADDRESS`` uses a running cluster (every worker needs headcheck installed);
without it a local cluster of two worker processes is started and closed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from headcheck._errors import InputError
from headcheck.evaluation._accumulate import Context, Partial, Probe, summarize
from headcheck.evaluation._census import Census, class_masks, key_bits, sub_histogram
from headcheck.evaluation._keys import score_keys
from headcheck.evaluation._ooc_report import (
    OutOfCoreReport,
    Settings,
    build_report,
    context_for,
    read_outputs,
)
from headcheck.evaluation._outofcore import resolved_partial
from headcheck.evaluation._plan import Group, Leaf, Refine, leaves, plan
from headcheck.evaluation._runs import Run, aggregate_rows, merge_runs, run_slices
from headcheck.evaluation._sizes import Budget
from headcheck.evaluation._stream import ParquetReader, split_spec

__all__ = ["DaskDataset", "dask_evaluate", "open_dataset"]

Array = npt.NDArray[Any]
_WHAT = {"scores": "predictions", "labels": "labels", "weights": "weights"}


class DaskDataset:
    """The Parquet files and the column of each role."""

    def __init__(self, reader: ParquetReader, columns: dict[str, str]) -> None:
        self.reader = reader
        self.columns = columns

    @property
    def weighted(self) -> bool:
        return "weights" in self.columns

    @property
    def bits(self) -> int:
        kind = self.reader.dtype(self.columns["scores"])
        return key_bits(np.dtype(np.float32 if kind in (np.float32, np.float16) else np.float64))

    def names(self) -> dict[str, str]:
        return {role: f"{_WHAT[role]} {self.reader.description}" for role in self.columns}


def open_dataset(preds: str, labels: str, weights: str | None = None) -> DaskDataset:
    """The dataset behind ``PATH:col`` specs that must all name the same Parquet path."""
    specs = {"scores": preds, "labels": labels}
    if weights is not None:
        specs["weights"] = weights
    paths = {role: split_spec(spec) for role, spec in specs.items()}
    path = paths["scores"][0]
    if not path.exists():
        raise InputError(f"predictions file {path} does not exist")
    if not (path.is_dir() or path.suffix.lower() == ".parquet"):
        raise InputError(
            f"--engine dask reads a Parquet dataset (a directory of .parquet files, or one "
            f"file); {path} is not one"
        )
    for role, (other, _) in paths.items():
        if Path(other).resolve() != Path(path).resolve():
            raise InputError(
                f"--engine dask reads scores, labels and weights as columns of one Parquet "
                f"dataset ({path}:score {path}:label); the {_WHAT[role]} come from {other}"
            )
    reader = ParquetReader(Path(path), "predictions")
    columns = {role: reader.column(key) for role, (_, key) in paths.items()}
    if len(set(columns.values())) < len(columns):
        raise InputError(
            "the scores, labels and weights must be different columns; name each as PATH:col"
        )
    return DaskDataset(reader, columns)


# -- tasks (run on the workers) ---------------------------------------------------------------


def _chunk(frame: Any, columns: dict[str, str], bits: int) -> dict[str, Array]:
    for column in columns.values():
        if frame[column].isna().any():
            raise InputError(
                f"column {column!r} has missing values; fill or drop them before scoring"
            )
    chunk = {role: np.asarray(frame[column].to_numpy()) for role, column in columns.items()}
    chunk["scores"] = chunk["scores"].astype(np.float32 if bits == 32 else np.float64, copy=False)
    if "weights" in chunk:
        chunk["weights"] = chunk["weights"].astype(np.float64, copy=False)
    return chunk


def _where(position: tuple[int, int]) -> str:
    return f"row {position[1]} (0-based) of partition {position[0]}"


def _partition_census(
    frame: Any,
    part: int,
    columns: dict[str, str],
    bits: int,
    cuts: tuple[float, ...],
    names: dict[str, str],
) -> Census:
    census = Census(bits, "weights" in columns, cuts)
    census.add(_chunk(frame, columns, bits), (part, 0), _where, names)
    return census


def _partition_pass(
    frame: Any,
    part: int,
    columns: dict[str, str],
    bits: int,
    names: dict[str, str],
    groups: list[Group],
    refines: list[Refine],
    probe: Probe | None,
) -> tuple[list[Run], list[tuple[Array, Array | None]], Probe | None]:
    chunk = _chunk(frame, columns, bits)
    positive = class_masks(chunk, (part, 0), _where, names)
    keys = score_keys(chunk["scores"])
    weights = chunk.get("weights")
    kind = keys.dtype.type
    runs = []
    for group in groups:
        inside = (keys >= kind(group.lo)) & (keys <= kind(group.hi))
        runs.append(
            aggregate_rows(
                keys[inside], positive[inside], None if weights is None else weights[inside]
            )
        )
    hists: list[tuple[Array, Array | None]] = []
    for r in refines:
        rows = np.zeros((2, 1 << r.bits), np.int64)
        mass = None if weights is None else np.zeros((2, 1 << r.bits))
        sub_histogram(rows, mass, keys, positive, weights, r.leaf.lo, r.leaf.hi, r.sub_shift)
        hists.append((rows, mass))
    if probe is not None:
        probe = Probe(probe.top_key, probe.top_position, probe.low_key)
        probe.add(keys, positive, (part, 0))
    return runs, hists, probe


def _group_partial(
    runs: Sequence[Run], carry: tuple[float, float], ctx: Context, rows: int
) -> Partial:
    return summarize(run_slices(merge_runs(runs), rows), carry, ctx)


def _add_hists(
    a: tuple[Array, Array | None], b: tuple[Array, Array | None]
) -> tuple[Array, Array | None]:
    mass = None if a[1] is None or b[1] is None else a[1] + b[1]
    return a[0] + b[0], mass


def _merge_census(a: Census, b: Census) -> Census:
    return a.merge(b)


def _merge_partial(a: Partial, b: Partial) -> Partial:
    return a.merge(b)


def _merge_probe(a: Probe | None, b: Probe | None) -> Probe | None:
    if a is None or b is None:
        return a if b is None else b
    return a.merge(b)


def _tree(items: list[Any], merge: Callable[[Any, Any], Any]) -> Any:
    """A binary tree of delayed ``merge`` calls over delayed ``items``."""
    from dask.delayed import delayed

    while len(items) > 1:
        paired = [delayed(merge)(items[i], items[i + 1]) for i in range(0, len(items) - 1, 2)]
        items = paired + ([items[-1]] if len(items) % 2 else [])
    return items[0]


# -- the client -------------------------------------------------------------------------------


def _client(scheduler: str | None, workers: int) -> tuple[Any, Any]:
    try:
        import distributed
    except ImportError:
        raise InputError(
            "--engine dask needs dask and distributed; install them with "
            "pip install 'headcheck[dask]'"
        ) from None
    client_class: Any = distributed.Client
    cluster_class: Any = distributed.LocalCluster
    if scheduler is not None:
        try:
            return client_class(scheduler), None
        except (OSError, TimeoutError) as exc:
            raise InputError(
                f"cannot reach the Dask scheduler at {scheduler} ({exc}); is it running and is "
                "the address right (tcp://HOST:8786)? Leave --scheduler out to start a local "
                "cluster"
            ) from None
        except ValueError as exc:
            raise InputError(f"--scheduler {scheduler!r} is not a Dask address: {exc}") from None
    import logging

    cluster = cluster_class(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        # no dashboard; the scheduler's other HTTP routes on any free port (8787 may be taken)
        scheduler_kwargs={"dashboard": False, "dashboard_address": ":0"},
        silence_logs=logging.ERROR,
    )
    return client_class(cluster), cluster


def dask_evaluate(
    dataset: DaskDataset,
    *,
    scheduler: str | None = None,
    workers: int = 2,
    budget: Budget,
    settings: Settings | None = None,
    memory: int = 0,
) -> OutOfCoreReport:
    """Evaluate ``dataset`` on a Dask cluster (see the module docstring)."""
    settings = (settings or Settings()).checked()
    client, cluster = _client(scheduler, workers)
    try:
        return _evaluate(client, dataset, budget, settings, memory)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _evaluate(
    client: Any, dataset: DaskDataset, budget: Budget, settings: Settings, memory: int
) -> OutOfCoreReport:
    import dask.dataframe as dd
    from dask.delayed import delayed

    files = [str(f) for f in dataset.reader.files]
    frame = dd.read_parquet(
        files, columns=sorted(set(dataset.columns.values())), dtype_backend="pyarrow"
    )
    parts = frame.to_delayed()
    bits, names, columns = dataset.bits, dataset.names(), dataset.columns

    def compute(*things: Any) -> tuple[Any, ...]:
        futures = client.compute(list(things))
        return tuple(f.result() for f in futures)

    census_tasks = [
        delayed(_partition_census)(part, i, columns, bits, settings.cuts(), names)
        for i, part in enumerate(parts)
    ]
    (census,) = compute(_tree(census_tasks, _merge_census))
    if census.samples == 0:
        raise InputError(f"predictions {dataset.reader.description} are empty")
    inference = read_outputs(census, settings)
    ctx = context_for(census, inference, settings)
    # a range's runs are merged in one task: its rows (keys, two counts, two weights, and the
    # merge's order and copies) must fit one worker's budget; a pass holds a range per
    # worker and per task slot, so that the merges run side by side
    entry = 3 * (bits // 8 + 16 + (16 if census.weighted else 0))
    slots = max(1, sum(client.nthreads().values()))
    capacity = max(1, budget.group_bytes // entry // 2)
    refine_rows = max(1, (2 << 16) * 8 * (2 if census.weighted else 1) // entry)
    probe: Probe | None = None
    if census.top_positive is not None and census.low_positive is not None:
        probe = Probe(census.top_positive[0], census.top_positive[1], census.low_positive)
    total = Partial(ctx.n_bins)
    families: list[list[Leaf]] = [
        leaves(census.hist_rows, census.hist_weight, 0, census.shift, (0, 0))
    ]
    passes = 1
    final_probe = None
    while families:
        resolved, work = plan(families, capacity, refine_rows, 2 * capacity * slots)
        for run in resolved:
            total = total.merge(resolved_partial(run, ctx))
        families = []
        for item in work:
            passes += 1
            riding = probe if final_probe is None else None
            outputs = [
                delayed(_partition_pass, nout=3)(
                    part, i, columns, bits, names, item.groups, item.refines, riding
                )
                for i, part in enumerate(parts)
            ]
            partials = [
                delayed(_group_partial)(
                    [out[0][j] for out in outputs], group.carry, ctx, budget.slice_rows
                )
                for j, group in enumerate(item.groups)
            ]
            hists = [
                _tree([out[1][k] for out in outputs], _add_hists) for k in range(len(item.refines))
            ]
            probe_task = _tree([out[2] for out in outputs], _merge_probe)
            results = compute(*partials, *hists, probe_task)
            for partial in results[: len(partials)]:
                total = total.merge(partial)
            for refine, (rows, mass) in zip(item.refines, results[len(partials) : -1], strict=True):
                leaf = refine.leaf
                families.append(leaves(rows, mass, leaf.lo, refine.sub_shift, leaf.carry))
            if riding is not None:
                final_probe = results[-1]
    return build_report(
        census,
        total,
        final_probe if probe is not None else None,
        inference,
        ctx,
        settings,
        engine="dask",
        passes=passes,
        memory=memory,
    )
