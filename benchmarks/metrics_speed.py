"""Exact ROC AUC, average precision and the PR curve: headcheck against scikit-learn,
torchmetrics and Keras on the same arrays, in one process.

Not a test: run it by hand and read the table (Markdown, with the machine and versions).

    # binary scores, N = 10**7 (a few minutes)
    .venv/bin/python benchmarks/metrics_speed.py
    # the acceptance size of issue 7: N = 10**8 (scikit-learn alone takes minutes)
    .venv/bin/python benchmarks/metrics_speed.py --n 100000000 --repeat 3
    # multi-label: 10**5 samples x 1,000 labels, per-label ROC AUC and AP
    .venv/bin/python benchmarks/metrics_speed.py --n 100000 --labels 1000

What is timed, for the binary case (float32 probabilities, about 30 % positives):

* headcheck: ``binary_curve`` (one sort of 32-bit keys carrying the label bit), then
  ``roc_auc()``, ``average_precision()``, ``precision_recall()`` and ``thresholds``;
* scikit-learn: ``roc_auc_score``, ``average_precision_score``, ``precision_recall_curve``;
* torchmetrics (torch CPU tensors sharing the NumPy memory, exact ``thresholds=None``):
  ``binary_auroc``, ``binary_average_precision``, ``binary_precision_recall_curve``;
* Keras 3 (torch backend): ``keras.metrics.AUC()`` for ROC and ``AUC(curve="PR")``, updated
  batch by batch (2**22 samples) as in training; approximate (200 thresholds), so its error
  is reported instead of agreement;
* one ``np.sort`` of N random uint64 (and of uint32), the floor the issue compares with.

Multi-label mode times headcheck's batched per-label kernel (``labelwise_curves`` with
``thresholds=False``: ROC AUC and AP per label), scikit-learn's ``roc_auc_score`` and
``average_precision_score`` with ``average=None``, torchmetrics' ``multilabel_auroc`` and
``multilabel_average_precision`` (``average="none"``, exact) and Keras' ``AUC(multi_label=True)``.

headcheck sorts and groups on as many threads as the machine has CPUs (``HEADCHECK_THREADS``
sets it; the table says how many), as torch does; ``np.sort`` and scikit-learn use one.
headcheck and the sorts run ``--repeat`` times after one untimed warm-up (best time kept);
the other libraries once. "agrees" means every number (and, for PR curves, every point) is
within 1e-12 of headcheck's.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from collections.abc import Callable
from typing import Any

os.environ.setdefault("KERAS_BACKEND", "torch")

import numpy as np

TOL = 1e-12
KERAS_BATCH = 1 << 22


def machine() -> list[str]:
    """CPU model, cores and memory of this machine, and the library versions."""
    model = platform.processor() or "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    memory = "unknown"
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        memory = f"{pages / 2**30:.0f} GiB"
    except (ValueError, OSError):
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    lines = [f"- machine: {model}, {cores} cores, {memory} RAM, {platform.system()}"]
    versions = [f"Python {platform.python_version()}"]
    for name in ("headcheck", "numpy", "sklearn", "torch", "torchmetrics", "keras"):
        try:
            module = __import__(name)
            versions.append(f"{name} {module.__version__}")
        except ImportError:
            versions.append(f"{name} (not installed)")
    lines.append("- versions: " + ", ".join(versions))
    from headcheck.evaluation._workers import PARALLEL_MIN, worker_count

    lines.append(
        f"- threads: headcheck {worker_count(PARALLEL_MIN)} (HEADCHECK_THREADS), torch "
        f"{_torch_threads()}; np.sort and scikit-learn run on one"
    )
    return lines


def _torch_threads() -> str:
    try:
        import torch
    except ImportError:
        return "(not installed)"
    return str(torch.get_num_threads())


def timed(function: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def best_of(repeat: int, function: Callable[[], Any]) -> tuple[float, Any]:
    """Best time of ``repeat`` runs after one untimed warm-up run."""
    function()
    best, result = float("inf"), None
    for _ in range(repeat):
        seconds, result = timed(function)
        best = min(best, seconds)
    return best, result


def sort_floor(n: int, repeat: int) -> tuple[float, float]:
    rng = np.random.default_rng(1)
    keys64 = rng.integers(0, 2**63, n, dtype=np.uint64)
    keys32 = rng.integers(0, 2**32, n, dtype=np.uint32)
    seconds64, _ = best_of(repeat, lambda: np.sort(keys64))
    seconds32, _ = best_of(repeat, lambda: np.sort(keys32))
    return seconds64, seconds32


def difference(ours: Any, theirs: Any) -> float:
    """Largest absolute difference; inf when the shapes differ."""
    a, b = np.asarray(ours, np.float64), np.asarray(theirs, np.float64)
    if a.shape != b.shape:
        return float("inf")
    return float(np.max(np.abs(a - b))) if a.size else 0.0


def verdict(diff: float, exact: bool = True) -> str:
    if not exact:
        return f"approximate, error {diff:.1e}"
    if diff <= TOL:
        return "yes"
    return "no (different points)" if diff == float("inf") else f"no (differs by {diff:.1e})"


# -- binary ----------------------------------------------------------------------------------


def binary_data(n: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    y = (rng.random(n) < 0.3).astype(np.int8)
    logits = rng.standard_normal(n, dtype=np.float32) + np.float32(1.2) * y
    scores = (1 / (1 + np.exp(-logits))).astype(np.float32)
    return y, scores


def run_headcheck(y: np.ndarray, s: np.ndarray) -> dict[str, Any]:
    """The three results from one curve (the timed part)."""
    from headcheck.evaluation import binary_curve

    curve = binary_curve(y, s)
    precision, recall = curve.precision_recall()
    return {
        "roc_auc": curve.roc_auc(),
        "ap": curve.average_precision(),
        "pr": (precision, recall, curve.thresholds),
        "distinct": curve.groups.size,
    }


def sklearn_layout(pr: tuple[np.ndarray, ...]) -> tuple[np.ndarray, ...]:
    """A PR curve as scikit-learn lays it out: ascending thresholds, then (1, 0)."""
    precision, recall, thresholds = pr
    return np.r_[precision[::-1], 1.0], np.r_[recall[::-1], 0.0], thresholds[::-1]


def run_sklearn(y: np.ndarray, s: np.ndarray) -> tuple[dict[str, float], dict[str, Any]]:
    from sklearn.metrics import average_precision_score, precision_recall_curve, roc_auc_score

    times, values = {}, {}
    times["roc_auc"], values["roc_auc"] = timed(lambda: roc_auc_score(y, s))
    times["ap"], values["ap"] = timed(lambda: average_precision_score(y, s))
    times["pr"], values["pr"] = timed(lambda: precision_recall_curve(y, s))
    return times, values


def run_torchmetrics(y: np.ndarray, s: np.ndarray) -> tuple[dict[str, float], dict[str, Any]]:
    import torch
    from torchmetrics.functional.classification import (
        binary_auroc,
        binary_average_precision,
        binary_precision_recall_curve,
    )

    preds, target = torch.from_numpy(s), torch.from_numpy(y)
    times, values = {}, {}
    times["roc_auc"], auc = timed(lambda: binary_auroc(preds, target, thresholds=None))
    times["ap"], ap = timed(lambda: binary_average_precision(preds, target, thresholds=None))
    times["pr"], pr = timed(lambda: binary_precision_recall_curve(preds, target, thresholds=None))
    values["roc_auc"], values["ap"] = float(auc), float(ap)
    values["pr"] = tuple(t.double().numpy() for t in pr)
    return times, values


def run_keras(y: np.ndarray, s: np.ndarray) -> tuple[dict[str, float], dict[str, Any]]:
    import keras

    times, values = {}, {}
    for name, curve in (("roc_auc", "ROC"), ("ap", "PR")):
        metric = keras.metrics.AUC(curve=curve)

        def update(m: Any = metric) -> float:
            for start in range(0, y.size, KERAS_BATCH):
                stop = start + KERAS_BATCH
                m.update_state(y[start:stop], s[start:stop])
            return float(m.result())

        times[name], values[name] = timed(update)
    return times, values


def binary(args: argparse.Namespace) -> list[str]:
    y, s = binary_data(args.n)
    sort64, sort32 = sort_floor(args.n, args.repeat)
    ours_time, ours = best_of(args.repeat, lambda: run_headcheck(y, s))
    ours["pr"] = sklearn_layout(ours["pr"])
    rows = [("headcheck", {"all three": ours_time}, ours, True)]
    for name, run, exact in (
        ("scikit-learn", run_sklearn, True),
        ("torchmetrics", run_torchmetrics, True),
        ("Keras 3 AUC", run_keras, False),
    ):
        if name in args.skip:
            continue
        try:
            times, values = run(y, s)
        except ImportError as exc:
            print(f"<!-- {name} skipped: {exc} -->", file=sys.stderr)
            continue
        rows.append((name, times, values, exact))
    lines = [
        f"Binary scores: N = {args.n:,} float32 probabilities, {float(np.mean(y)):.0%} "
        f"positive, {ours['distinct']:,} distinct scores. One `np.sort` of N uint64: "
        f"{sort64:.2f} s (uint32: {sort32:.2f} s).",
        "",
        "| library | ROC AUC (s) | AP (s) | PR curve (s) | total (s) | × headcheck | "
        "× uint64 sort | ROC AUC | AP | PR curve |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |",
    ]
    for name, times, values, exact in rows:
        total = sum(times.values())
        parts = [times.get(k) for k in ("roc_auc", "ap", "pr")]
        missing = "(one sort)" if name == "headcheck" else "—"
        cells = [f"{t:.2f}" if t is not None else missing for t in parts]
        if name == "headcheck":
            agree = [f"{ours['roc_auc']:.15f}", f"{ours['ap']:.15f}", "(reference)"]
        else:
            agree = [
                verdict(difference(ours["roc_auc"], values["roc_auc"]), exact),
                verdict(difference(ours["ap"], values["ap"]), exact),
                "n/a" if "pr" not in values else _pr_verdict(ours["pr"], values["pr"]),
            ]
        lines.append(
            f"| {name} | {' | '.join(cells)} | {total:.2f} | {total / ours_time:.1f} | "
            f"{total / sort64:.2f} | {' | '.join(agree)} |"
        )
    return lines


def _pr_verdict(ours: tuple[np.ndarray, ...], theirs: tuple[Any, ...]) -> str:
    worst = max(difference(a, b) for a, b in zip(ours, theirs, strict=True))
    return verdict(worst)


# -- multi-label -----------------------------------------------------------------------------


def multilabel_data(n: int, labels: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    rates = rng.uniform(0.02, 0.5, labels).astype(np.float32)
    y = (rng.random((n, labels), dtype=np.float32) < rates).astype(np.int8)
    logits = rng.standard_normal((n, labels), dtype=np.float32) + np.float32(1.5) * y
    return y, (1 / (1 + np.exp(-logits))).astype(np.float32)


def multilabel(args: argparse.Namespace) -> list[str]:
    from headcheck.evaluation._labelwise import labelwise_curves

    y, s = multilabel_data(args.n, args.labels)
    cells = args.n * args.labels
    sort64, _ = sort_floor(cells, args.repeat)
    # ROC AUC and AP only, as the others compute (no best-F1 threshold per label)
    ours_time, ours = best_of(args.repeat, lambda: labelwise_curves(y, s, thresholds=False))
    rows: list[tuple[str, float, Any, Any, bool]] = [
        ("headcheck (per-label batches)", ours_time, ours.roc_auc, ours.average_precision, True)
    ]
    if "scikit-learn" not in args.skip:
        from sklearn.metrics import average_precision_score, roc_auc_score

        t_auc, auc = timed(lambda: roc_auc_score(y, s, average=None))
        t_ap, ap = timed(lambda: average_precision_score(y, s, average=None))
        rows.append(("scikit-learn (average=None)", t_auc + t_ap, auc, ap, True))
    if "torchmetrics" not in args.skip:
        import torch
        from torchmetrics.functional.classification import (
            multilabel_auroc,
            multilabel_average_precision,
        )

        preds, target = torch.from_numpy(s), torch.from_numpy(y)
        t_auc, auc = timed(
            lambda: multilabel_auroc(preds, target, args.labels, average="none", thresholds=None)
        )
        t_ap, ap = timed(
            lambda: multilabel_average_precision(
                preds, target, args.labels, average="none", thresholds=None
            )
        )
        rows.append(("torchmetrics (average='none')", t_auc + t_ap, auc.numpy(), ap.numpy(), True))
    if "Keras 3 AUC" not in args.skip:
        import keras

        results = []
        start = time.perf_counter()
        for curve in ("ROC", "PR"):
            metric = keras.metrics.AUC(curve=curve, multi_label=True, num_labels=args.labels)
            batch = max(1, KERAS_BATCH // args.labels)
            for first in range(0, args.n, batch):
                metric.update_state(y[first : first + batch], s[first : first + batch])
            results.append(float(metric.result()))  # Keras averages the labels itself
        seconds = time.perf_counter() - start
        rows.append(
            ("Keras 3 AUC (multi_label, macro only)", seconds, results[0], results[1], False)
        )
    lines = [
        f"Multi-label: {args.n:,} samples × {args.labels:,} labels (float32 probabilities); "
        f"per-label ROC AUC and AP. One `np.sort` of {cells:,} uint64: {sort64:.2f} s.",
        "",
        "| library | ROC AUC + AP (s) | × headcheck | macro ROC AUC | macro AP | "
        "agrees per label |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for name, seconds, auc, ap, exact in rows:
        macro_auc, macro_ap = float(np.mean(auc)), float(np.mean(ap))
        if name.startswith("headcheck"):
            agree = "(reference)"
        elif not exact:
            error = max(abs(macro_auc - float(np.mean(ours.roc_auc))), 0.0)
            agree = f"approximate, macro ROC AUC error {error:.1e}"
        else:
            worst = max(difference(ours.roc_auc, auc), difference(ours.average_precision, ap))
            agree = verdict(worst)
        lines.append(
            f"| {name} | {seconds:.2f} | {seconds / ours_time:.1f} | {macro_auc:.12f} | "
            f"{macro_ap:.12f} | {agree} |"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=10_000_000, help="samples (default 10**7)")
    parser.add_argument("--labels", type=int, default=0, help="multi-label mode: label columns")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of headcheck and sorts")
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        choices=["scikit-learn", "torchmetrics", "Keras 3 AUC"],
        help="leave a library out (repeatable)",
    )
    args = parser.parse_args()
    lines = multilabel(args) if args.labels else binary(args)
    print("\n".join([*lines, "", *machine()]))


if __name__ == "__main__":
    main()
