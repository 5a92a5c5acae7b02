"""Which engine ``headcheck eval`` uses, and the out-of-core run with its progress bar.

``--engine memory`` loads everything (:func:`headcheck.evaluate`); ``streaming`` is
:mod:`headcheck.evaluation._outofcore`, ``dask`` :mod:`headcheck.evaluation._dask_engine`;
``auto`` streams Parquet directories and inputs whose in-memory evaluation would need more
than ``--memory``.
"""

from __future__ import annotations

from headcheck._errors import InputError
from headcheck.evaluation._ooc_report import OutOfCoreReport, Settings
from headcheck.evaluation._outofcore import stream_evaluate
from headcheck.evaluation._sizes import IN_MEMORY_BYTES_PER_ROW, Budget
from headcheck.evaluation._stream import open_inputs, split_spec, streamable

__all__ = ["ENGINES", "RichProgress", "choose_engine", "out_of_core"]


class RichProgress:
    """A Rich progress bar over rows × passes on stderr (only drawn on a terminal)."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.percentage:>3.0f}%"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self._task = self._progress.add_task("reading", total=None)

    def __enter__(self) -> RichProgress:
        self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._progress.stop()

    def plan(self, rows: int, passes: int) -> None:
        # every row is read once per pass, then sorted and counted once
        self._progress.update(self._task, total=rows * (passes + 1))

    def advance(self, rows: int, description: str) -> None:
        self._progress.update(self._task, advance=rows, description=description)


ENGINES = ("auto", "memory", "streaming", "dask")


def choose_engine(
    engine: str,
    preds: str,
    labels: str | None,
    weights: str | None,
    memory: int,
    scheduler: str | None = None,
) -> str:
    """``'memory'``, ``'streaming'`` or ``'dask'`` for ``headcheck eval``.

    ``auto`` streams when PREDS or LABELS is a Parquet directory, or when the in-memory path
    would need more than ``memory`` (about :data:`~._sizes.IN_MEMORY_BYTES_PER_ROW` bytes per
    row) for one column of scores read from ``.npy`` or Parquet; ``--scheduler`` means Dask.
    """
    if scheduler is not None:
        if engine not in ("auto", "dask"):
            raise InputError(f"--scheduler goes with --engine dask, not --engine {engine}")
        return "dask"
    if engine != "auto":
        return engine
    specs = [s for s in (preds, labels, weights) if s is not None]
    if any(split_spec(s)[0].is_dir() for s in specs):
        return "streaming"
    if labels is None or not all(streamable(s) for s in specs):
        return "memory"
    try:
        rows = open_inputs(preds, labels, weights).rows
    except InputError:  # not one column of scores, ...: the in-memory path says what is wrong
        return "memory"
    return "streaming" if rows * IN_MEMORY_BYTES_PER_ROW > memory else "memory"


def out_of_core(
    engine: str,
    preds: str,
    labels: str | None,
    weights: str | None,
    *,
    memory: int,
    settings: Settings,
    scheduler: str | None = None,
    html: bool = False,
    progress: bool = False,
) -> OutOfCoreReport:
    """``headcheck eval`` out of core: the streaming or the Dask engine."""
    if labels is None:
        raise InputError(
            "out-of-core evaluation scores outputs against labels: give LABELS too (outputs "
            "alone are described by the in-memory path: one file and --engine memory)"
        )
    if html:
        raise InputError(
            f"--html draws every score, which needs the in-memory path; the {engine} engine "
            "writes the text and JSON reports only (leave out --html, or use --engine memory "
            "with a larger --memory)"
        )
    budget = Budget.from_memory(memory)
    if engine == "dask":
        from headcheck.evaluation._dask_engine import dask_evaluate, open_dataset

        dataset = open_dataset(preds, labels, weights)
        return dask_evaluate(
            dataset, scheduler=scheduler, budget=budget, settings=settings, memory=memory
        )
    inputs = open_inputs(preds, labels, weights)
    if not progress:
        return stream_evaluate(inputs, budget=budget, settings=settings, memory=memory)
    with RichProgress() as bar:
        return stream_evaluate(inputs, budget=budget, settings=settings, memory=memory, hook=bar)
