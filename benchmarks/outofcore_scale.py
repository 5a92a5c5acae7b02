"""Out-of-core `headcheck eval` at scale: time, peak memory and exactness.

Generates a Parquet dataset of N binary predictions (float32 probabilities from a logistic
model, int8 labels; files of 2**24 rows in row groups of 2**20), then

1. runs `headcheck eval DIR:score DIR:label --engine streaming --memory 2GB --format json` under
   `/usr/bin/time -v` and reports wall time and peak RSS;
2. compares its ROC AUC, average precision, confusion counts and threshold choices with the
   in-memory kernel (`binary_curve` + `threshold_choices`) on a subset of at most 10^8 rows
   (the first files; the streaming path is run on that subset too);
3. runs the Dask engine on the subset with a local cluster of 1 and then 2 worker processes.

Usage (the issue's acceptance run is `--n 2e9`; it needs about 10 GB of free disk):

    .venv/bin/python benchmarks/outofcore_scale.py              # N = 10^8
    .venv/bin/python benchmarks/outofcore_scale.py --n 2e9 --no-dask

The generated files are deleted at the end unless --keep is given.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np

FILE_ROWS = 1 << 24
ROW_GROUP = 1 << 20
BYTES_PER_ROW = 5.3  # float32 score + int8 label, uncompressed Parquet, with page overhead


def machine() -> str:
    memory = ""
    try:
        total = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())[1])  # type: ignore[index]
        memory = f", {total / 1e6:.1f} GB RAM"
    except (OSError, TypeError):
        pass
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    libs = ", ".join(
        f"{name} {version(name)}"
        for name in ("headcheck", "numpy", "pyarrow", "dask", "distributed", "scikit-learn")
    )
    return (
        f"{cpu}, {os.cpu_count()} cores{memory}; Python {platform.python_version()} on "
        f"{platform.system()} {platform.release()}\n{libs}"
    )


def generate(root: Path, n: int) -> list[Path]:
    """Write N rows as files of FILE_ROWS rows; returns the files in order."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    root.mkdir(parents=True, exist_ok=True)
    files = []
    for i, start in enumerate(range(0, n, FILE_ROWS)):
        rows = min(FILE_ROWS, n - start)
        rng = np.random.default_rng(i)
        y = (rng.random(rows, dtype=np.float32) < 0.3).astype(np.int8)
        z = rng.standard_normal(rows, dtype=np.float32) + 1.6 * y - 0.8
        p = (1.0 / (1.0 + np.exp(-z))).astype(np.float32)
        path = root / f"part-{i:05d}.parquet"
        pq.write_table(
            pa.table({"score": p, "label": y}),
            path,
            row_group_size=ROW_GROUP,
            compression="none",
            use_dictionary=False,
        )
        files.append(path)
    return files


def timed_cli(args: list[str]) -> tuple[dict[str, Any], float, float]:
    """Run `headcheck eval` under /usr/bin/time -v: (JSON report, wall seconds, peak RSS GB)."""
    command = ["/usr/bin/time", "-v", sys.executable, "-m", "headcheck.cli", "eval", *args]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"headcheck eval failed ({done.returncode}):\n{done.stderr[-3000:]}")
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)[1])  # type: ignore[index]
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", done.stderr)[1]  # type: ignore[index]
    seconds = sum(float(part) * 60**k for k, part in enumerate(reversed(wall.split(":"))))
    return json.loads(done.stdout), seconds, rss * 1024 / 1e9


def in_memory(files: list[Path]) -> dict[str, Any]:
    """The in-memory kernel on the same rows (scores kept as float32, as read)."""
    import pyarrow.parquet as pq

    from headcheck.evaluation import binary_curve
    from headcheck.evaluation._thresholds import threshold_choices

    tables = [pq.read_table(f, columns=["score", "label"]) for f in files]
    scores = np.concatenate([t["score"].to_numpy() for t in tables])
    labels = np.concatenate([t["label"].to_numpy() for t in tables])
    del tables
    start = time.perf_counter()
    curve = binary_curve(labels, scores)
    tp, fp, fn, tn = curve.counts_above(0.5)
    return {
        "roc_auc": curve.roc_auc(),
        "average_precision": curve.average_precision(),
        "confusion_matrix": [[tn, fp], [fn, tp]],
        "thresholds": [c.to_dict() for c in threshold_choices(curve)],
        "seconds": time.perf_counter() - start,
    }


def dask_seconds(root: Path, workers: int, memory: str) -> tuple[float, dict[str, Any]]:
    import logging

    from distributed import LocalCluster

    from headcheck.evaluation._dask_engine import dask_evaluate, open_dataset
    from headcheck.evaluation._sizes import Budget, parse_size

    with LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        scheduler_kwargs={"dashboard": False, "dashboard_address": ":0"},
        silence_logs=logging.ERROR,
    ) as cluster:
        start = time.perf_counter()
        report = dask_evaluate(
            open_dataset(f"{root}:score", f"{root}:label"),
            scheduler=cluster.scheduler_address,
            budget=Budget.from_memory(parse_size(memory)),
        )
        return time.perf_counter() - start, report.to_dict()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=float, default=1e8, help="predictions (default 1e8)")
    parser.add_argument("--subset", type=float, default=1e8, help="rows compared in memory")
    parser.add_argument("--memory", default="2GB", help="--memory of the streaming run")
    parser.add_argument("--dir", default="/tmp/headcheck-outofcore", help="where to write")
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask scaling runs")
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    args = parser.parse_args()
    n, subset_rows = int(args.n), int(min(args.subset, args.n))
    root = Path(args.dir)
    print(machine())
    need = n * BYTES_PER_ROW
    free = shutil.disk_usage(root.parent if not root.exists() else root).free
    print(f"N = {n:,} predictions: about {need / 1e9:.1f} GB of Parquet; {free / 1e9:.1f} GB free")
    if need * 1.1 > free:
        raise SystemExit("not enough free disk for this N; lower --n or choose --dir")
    try:
        start = time.perf_counter()
        files = generate(root / "all", n)
        print(f"generated {len(files)} files in {time.perf_counter() - start:.1f} s")
        subset = root / "subset"
        subset.mkdir(exist_ok=True)
        chosen = files[: -(-subset_rows // FILE_ROWS)]
        for f in chosen:
            (subset / f.name).unlink(missing_ok=True)
            (subset / f.name).symlink_to(f)
        subset_n = sum(min(FILE_ROWS, n - i * FILE_ROWS) for i in range(len(chosen)))

        report, wall, rss = timed_cli(
            [
                f"{root / 'all'}:score",
                f"{root / 'all'}:label",
                "--engine",
                "streaming",
                "--memory",
                args.memory,
                "--format",
                "json",
            ]
        )
        print(
            f"streaming, N = {n:,}: {wall:.1f} s, peak RSS {rss:.2f} GB (--memory {args.memory}), "
            f"{report['out_of_core']['passes']} passes; ROC AUC {report['metrics']['roc_auc']:.6f}"
        )
        if subset_n != n:
            report, wall, rss = timed_cli(
                [
                    f"{subset}:score",
                    f"{subset}:label",
                    "--engine",
                    "streaming",
                    "--memory",
                    args.memory,
                    "--format",
                    "json",
                ]
            )
            print(f"streaming, subset N = {subset_n:,}: {wall:.1f} s, peak RSS {rss:.2f} GB")
        memory = in_memory(chosen)
        metrics = report["metrics"]
        same = {
            "roc_auc": metrics["roc_auc"] == memory["roc_auc"],
            "average_precision": abs(metrics["average_precision"] - memory["average_precision"])
            <= 1e-12,
            "confusion_matrix": metrics["confusion_matrix"] == memory["confusion_matrix"],
            "thresholds": metrics["thresholds"] == memory["thresholds"],
        }
        print(
            f"in memory (binary_curve + threshold_choices), N = {subset_n:,}: "
            f"{memory['seconds']:.1f} s; ROC AUC {memory['roc_auc']:.15f} vs streaming "
            f"{metrics['roc_auc']:.15f}; AP difference "
            f"{abs(metrics['average_precision'] - memory['average_precision']):.1e}; agree: "
            + ", ".join(f"{k} {'yes' if v else 'NO'}" for k, v in same.items())
        )
        if not args.no_dask:
            times = {}
            for workers in (1, 2):
                seconds, data = dask_seconds(subset, workers, args.memory)
                times[workers] = seconds
                print(
                    f"dask, {workers} worker{'s' if workers > 1 else ''}, N = {subset_n:,}: "
                    f"{seconds:.1f} s, {data['out_of_core']['passes']} passes; ROC AUC equal to "
                    f"streaming: {data['metrics']['roc_auc'] == metrics['roc_auc']}"
                )
            print(f"dask scaling 1 → 2 workers: {times[1] / times[2]:.2f}×")
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
