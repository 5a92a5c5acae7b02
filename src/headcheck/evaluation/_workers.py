"""Threads for the large in-memory passes (packing, sorting, grouping).

NumPy releases the GIL inside its loops and sorts, so independent parts of one array can be
worked on by threads of one process. :func:`worker_count` says how many: the
``HEADCHECK_THREADS`` environment variable when set, else the CPUs this process may run on
and its cgroup quota allows (at most :data:`MAX_WORKERS`). Below :data:`PARALLEL_MIN`
samples everything runs in the calling thread: starting threads would cost more than they
save.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from itertools import pairwise
from pathlib import Path
from typing import TypeVar

from headcheck._errors import InputError

__all__ = [
    "CPU_MAX",
    "MAX_WORKERS",
    "PARALLEL_MIN",
    "THREADS_VARIABLE",
    "cpu_quota",
    "run_each",
    "shares",
    "worker_count",
]

THREADS_VARIABLE = "HEADCHECK_THREADS"
MAX_WORKERS = 8
PARALLEL_MIN = 1 << 22
"""Samples below which the passes stay in the calling thread."""
CPU_MAX = Path("/sys/fs/cgroup/cpu.max")
"""The cgroup v2 CPU quota of this process (containers)."""

Item = TypeVar("Item")
Result = TypeVar("Result")


def worker_count(size: int) -> int:
    """Threads to use for ``size`` samples: 1 below :data:`PARALLEL_MIN`, else
    ``HEADCHECK_THREADS`` or the CPUs available (at most :data:`MAX_WORKERS`). A setting
    that is not a whole number of at least 1 is refused whatever the size.

    >>> worker_count(10)
    1
    """
    setting = os.environ.get(THREADS_VARIABLE, "").strip()
    if setting and (not setting.isdigit() or int(setting) < 1):
        raise InputError(
            f"{THREADS_VARIABLE}={setting!r} is not a number of threads; set it to a whole "
            "number of at least 1, or unset it to use every CPU"
        )
    if size < PARALLEL_MIN:
        return 1
    if setting:
        return int(setting)
    available = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    quota = cpu_quota()
    if quota is not None:
        available = min(available or 1, quota)
    return max(1, min(available or 1, MAX_WORKERS))


def cpu_quota(path: Path | None = None) -> int | None:
    """The CPUs a cgroup v2 quota allows this process (``quota period`` in ``cpu.max``, by
    default :data:`CPU_MAX`,
    rounded up), or ``None`` without a quota (``max``) or a readable file: a container can
    see every CPU of its host and still be limited to two.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     _ = (Path(folder) / "cpu.max").write_text("150000 100000")
    ...     cpu_quota(Path(folder) / "cpu.max")
    2
    """
    try:
        quota, period = (path or CPU_MAX).read_text(encoding="ascii").split()[:2]
    except (OSError, ValueError):
        return None
    if quota == "max" or not quota.isdigit() or not period.isdigit() or int(period) == 0:
        return None
    return max(1, -(-int(quota) // int(period)))


def shares(items: Sequence[Item], workers: int) -> list[list[Item]]:
    """``items`` cut into at most ``workers`` contiguous, non-empty shares of about one size.

    >>> shares(range(5), 2), shares([1], 3)
    ([[0, 1], [2, 3, 4]], [[1]])
    """
    cuts = [len(items) * w // workers for w in range(workers + 1)]
    return [list(items[a:b]) for a, b in pairwise(cuts) if b > a]


def run_each(
    function: Callable[[Item], Result], items: Iterable[Item], workers: int
) -> list[Result]:
    """``[function(item) for item in items]``, on up to ``workers`` threads; the results in
    the order of ``items``, and the first exception raised again here.

    >>> run_each(lambda x: x * x, [1, 2, 3], workers=2)
    [1, 4, 9]
    """
    listed = list(items)
    if workers <= 1 or len(listed) <= 1:
        return [function(item) for item in listed]
    with ThreadPoolExecutor(max_workers=min(workers, len(listed))) as pool:
        return list(pool.map(function, listed))
