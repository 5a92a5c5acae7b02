"""Out-of-core `headcheck eval`: exact against the in-memory path and scikit-learn, the same
for every chunking and memory budget, over .npy and Parquet (file and directory), with one
clear line and exit code 2 for bad input."""

from __future__ import annotations

import json
import math
import warnings
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import headcheck
from headcheck.cli import main
from headcheck.evaluation import binary_curve
from headcheck.evaluation._accumulate import Context, Partial, exact_dot
from headcheck.evaluation._engines import choose_engine
from headcheck.evaluation._outofcore import evaluate_out_of_core
from headcheck.evaluation._runs import Run
from headcheck.evaluation._sizes import Budget, parse_size

skm = pytest.importorskip("sklearn.metrics")
pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

pytestmark = pytest.mark.oracle

#: (chunk rows, sort bytes, slice rows): from one sort per pass to a few rows per range,
#: so that ranges are refined (float32: once; float64: up to three times) and resolved
BUDGETS = [
    Budget(1 << 20, 1 << 30),
    Budget(257, 4096, 1000),
    Budget(64, 600, 50),
    Budget(32, 1000, 3),
]


def dataset(kind: str, n: int = 1500, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, n)
    if kind == "logit_ties":  # float32 logits with many ties
        return y, np.round(rng.normal(size=n) + y, 1).astype(np.float32)
    if kind == "prob64":  # float64 probabilities, few ties, some exactly 0.5
        p = np.clip(rng.beta(2, 2, n) * 0.7 + 0.3 * y, 0, 1)
        p[rng.random(n) < 0.05] = 0.5
        return y, p
    if kind == "equal":  # one score for every row: all rows in one bucket
        return y, np.full(n, 0.25, np.float32)
    if kind == "close64":  # float64 scores within 1e-12 of each other: deep refinement
        return y, 0.5 + rng.integers(0, 40, n) * 1e-13 + y * 1e-13
    if kind == "integral":  # hard predictions (read as labels)
        return y, (rng.random(n) < 0.3 + 0.4 * y).astype(np.float32)
    raise AssertionError(kind)


def approx(a: Any, b: Any, path: str = "", tol: float = 1e-12) -> list[str]:
    """Differences between two JSON-like values (floats within ``tol``, relative)."""
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                out.append(f"{path}/{key}: only in one")
            else:
                out += approx(a[key], b[key], f"{path}/{key}", tol)
        return out
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [f"{path}: {len(a)} vs {len(b)} items"]
        return [
            d
            for i, (x, y) in enumerate(zip(a, b, strict=True))
            for d in approx(x, y, f"{path}[{i}]", tol)
        ]
    if isinstance(a, float) and isinstance(b, float):
        return [] if abs(a - b) <= tol * max(1.0, abs(a), abs(b)) else [f"{path}: {a} vs {b}"]
    return [] if a == b else [f"{path}: {a!r} vs {b!r}"]


def in_memory(y: np.ndarray, s: np.ndarray, w: np.ndarray | None = None) -> dict[str, Any]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        data: dict[str, Any] = headcheck.evaluate(y, s, sample_weight=w).to_dict()
    return data


def streamed(y: Any, s: Any, w: Any = None, budget: Budget | None = None, **kw: Any) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return evaluate_out_of_core(y, s, sample_weight=w, budget=budget or BUDGETS[0], **kw)


def comparable(data: dict[str, Any]) -> dict[str, Any]:
    """The report without what only one path has (framework numbers, bootstrap intervals)."""
    data = dict(data)
    data.pop("out_of_core", None)
    data["told"] = {"correct_accuracy": data["told"]["correct_accuracy"]}
    data["intervals"] = {k: v for k, v in data["intervals"].items() if v["method"] != "bootstrap"}
    data.pop("version")
    return data


# -- exactness ---------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["logit_ties", "prob64", "equal", "close64", "integral"])
@pytest.mark.parametrize("weighted", [False, True])
def test_every_budget_gives_the_in_memory_report(kind: str, weighted: bool) -> None:
    y, s = dataset(kind)
    rng = np.random.default_rng(1)
    w = None
    if weighted:
        w = rng.random(y.size) * 3
        w[rng.random(y.size) < 0.1] = 0.0  # weight-0 rows make no threshold
    expected = comparable(in_memory(y, s, w))
    reports = [streamed(y, s, w, budget) for budget in BUDGETS]
    for budget, report in zip(BUDGETS, reports, strict=True):
        assert approx(comparable(report.to_dict()), expected) == [], budget
    # the tiny budget takes many passes; a float32 score shared by all rows is resolved by one
    # refinement, float64 scores a few ulps apart by three
    passes = reports[-1].passes
    assert passes == {"equal": 2, "close64": 4}.get(kind, passes) and passes > 1
    first = reports[0].binary
    for report in reports[1:]:
        if not weighted:  # integer counts: identical, not merely close
            assert report.binary.roc_auc == first.roc_auc
            assert report.binary.confusion.tolist() == first.confusion.tolist()
            assert [c.to_dict() for c in report.binary.thresholds] == [
                c.to_dict() for c in first.thresholds
            ]


@pytest.mark.parametrize("kind", ["logit_ties", "prob64"])
def test_roc_auc_and_average_precision_equal_scikit_learn(kind: str) -> None:
    y, s = dataset(kind, n=4000, seed=3)
    w = np.random.default_rng(4).random(y.size)
    for weights in (None, w):
        result = streamed(y, s, weights, BUDGETS[1]).binary
        assert result.roc_auc == pytest.approx(
            skm.roc_auc_score(y, s, sample_weight=weights), abs=1e-12
        )
        assert result.average_precision == pytest.approx(
            skm.average_precision_score(y, s, sample_weight=weights), abs=1e-12
        )
        curve = binary_curve(y, s, weights)
        assert result.roc_auc == pytest.approx(curve.roc_auc(), abs=1e-12)


def test_the_chunking_changes_nothing_without_weights() -> None:
    y, s = dataset("logit_ties", n=3000, seed=5)
    results = [
        streamed(y, s, budget=Budget(chunk, 2000, 40)).to_dict() for chunk in (3, 64, 333, 10_000)
    ]
    assert all(r == {**results[0], "out_of_core": r["out_of_core"]} for r in results[1:])


def test_one_class_only_is_undefined_as_in_memory() -> None:
    y = np.zeros(50, int)
    s = np.linspace(0, 1, 50)
    expected = comparable(in_memory(y, s))
    report = streamed(y, s, budget=BUDGETS[2])
    assert math.isnan(report.binary.roc_auc)
    assert approx(comparable(report.to_dict()), expected) == []
    assert any("one class" in m.lower() for m in report.warnings)


def test_roc_auc_is_exact_at_two_billion_rows() -> None:
    """Counts of 10^9 per class (as 2·10^9 rows would give): the pair count needs more than
    64 bits, and ROC AUC is still one rounding of the exact fraction."""
    keys = np.array([10, 20, 30], np.uint32)
    neg = np.array([600_000_000, 300_000_001, 99_999_999], np.int64)
    pos = np.array([100_000_007, 299_999_993, 600_000_000], np.int64)
    ctx = Context(float(neg.sum()), float(pos.sum()), False, np.dtype(np.float32), 0.5, None, 10)
    partial = Partial(10)
    partial.add(Run(keys, (neg, pos), None), (0, 0), ctx)
    above = np.r_[np.cumsum(pos[::-1])[::-1][1:], 0]
    exact = Fraction(
        sum(int(n) * (2 * int(a) + int(p)) for n, a, p in zip(neg, above, pos, strict=True)),
        2 * int(neg.sum()) * int(pos.sum()),
    )
    assert (
        partial.u2 == exact.numerator * (2 * int(neg.sum()) * int(pos.sum())) // exact.denominator
    )
    assert partial.roc_auc(ctx) == float(exact)
    assert exact_dot(np.array([2**40, 2**40]), np.array([2**40, 3])) == 2**80 + 3 * 2**40


# -- files and the command line ----------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(["eval", *args])
    out, err = capsys.readouterr()
    code = exit_info.value.code
    return (code if isinstance(code, int) else 1), out, err


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Any]:
    y, s = dataset("logit_ties", n=2000, seed=7)
    w = np.random.default_rng(8).random(y.size)
    np.save(tmp_path / "p.npy", s)
    np.save(tmp_path / "y.npy", y.astype(np.int8))
    np.save(tmp_path / "w.npy", w)
    table = pa.table({"score": s, "label": y.astype(np.int8), "w": w})
    pq.write_table(table, tmp_path / "all.parquet", row_group_size=300)
    directory = tmp_path / "dataset"
    directory.mkdir()
    for i, start in enumerate(range(0, y.size, 450)):
        pq.write_table(table.slice(start, 450), directory / f"part-{i}.parquet")
    (directory / "_SUCCESS").write_text("")
    return {"y": y, "s": s, "w": w, "dir": tmp_path}


def test_npy_parquet_file_and_directory_give_the_in_memory_json(
    capsys: pytest.CaptureFixture[str], files: dict[str, Any]
) -> None:
    d = files["dir"]
    code, out, err = run(capsys, str(d / "p.npy"), str(d / "y.npy"), "--format", "json")
    assert code == 0, err
    expected = comparable(json.loads(out))
    inputs = [
        (str(d / "p.npy"), str(d / "y.npy"), "--engine", "streaming"),
        (f"{d / 'all.parquet'}:score", f"{d / 'all.parquet'}:label", "--engine", "streaming"),
        (f"{d / 'dataset'}:score", f"{d / 'dataset'}:1"),  # a directory: out of core by itself
    ]
    for args in inputs:
        code, out, err = run(capsys, *args, "--format", "json")
        assert code == 0, err
        data = json.loads(out)
        assert data["out_of_core"]["engine"] == "streaming"
        assert approx(comparable(data), expected) == [], args
    code, out, err = run(
        capsys, f"{d / 'dataset'}:score", f"{d / 'dataset'}:label", "--weights", f"{d}/dataset:w"
    )
    assert code == 0, err
    assert "Computed out of core (streaming)" in out and "bootstrap" in out
    assert f"{in_memory(files['y'], files['s'], files['w'])['metrics']['roc_auc']:.4f}" in out


def test_inputs_larger_than_the_budget_are_streamed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    rows = 1_600_000  # about 320 MB in memory: more than --memory 300MB
    rng = np.random.default_rng(9)
    y = rng.integers(0, 2, rows).astype(np.int8)
    np.save(tmp_path / "p.npy", (rng.random(rows) * 0.5 + 0.3 * y).astype(np.float32))
    np.save(tmp_path / "y.npy", y)
    p, t = str(tmp_path / "p.npy"), str(tmp_path / "y.npy")
    assert choose_engine("auto", p, t, None, parse_size("300MB")) == "streaming"
    assert choose_engine("auto", p, t, None, parse_size("2GB")) == "memory"
    code, out, err = run(capsys, p, t, "--memory", "300MB", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["out_of_core"]["passes"] == 2 and data["samples"] == rows
    scores = np.load(tmp_path / "p.npy")
    assert data["metrics"]["roc_auc"] == pytest.approx(skm.roc_auc_score(y, scores), abs=1e-12)


def test_bad_input_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], files: dict[str, Any]
) -> None:
    d: Path = files["dir"]
    s, y = files["s"].copy(), files["y"].copy()
    s[1234] = np.nan
    np.save(d / "nan.npy", s)
    y2 = y.copy()
    y2[77] = 2
    np.save(d / "label2.npy", y2)
    np.save(d / "short.npy", y[:-3])
    np.save(d / "wide.npy", np.zeros((y.size, 3), np.float32))
    cases = [
        ((str(d / "nan.npy"), str(d / "y.npy")), "row 1234 (0-based) holds NaN"),
        ((str(d / "p.npy"), str(d / "label2.npy")), "row 77 (0-based) holds 2"),
        (
            (str(d / "p.npy"), str(d / "short.npy")),
            "predictions have 2000 rows but labels have 1997",
        ),
        ((str(d / "p.npy"), str(d / "y.npy"), "--memory", "lots"), "--memory 'lots' is not a size"),
        ((str(d / "p.npy"), str(d / "y.npy"), "--memory", "1MB"), "is too small"),
        ((str(d / "wide.npy"), str(d / "y.npy")), "has shape (2000, 3)"),
        ((str(d / "p.npy"), str(d / "y.npy"), "--task", "multiclass"), "binary tasks only"),
        ((str(d / "p.npy"), str(d / "y.npy"), "--html", str(d / "r.html")), "--html draws every"),
        ((f"{d / 'dataset'}:score",), "give LABELS too"),
        ((f"{d / 'dataset'}:nope", f"{d / 'dataset'}:label"), "has no column 'nope'"),
        (
            (str(d / "p.npy"), str(d / "y.npy"), "--scheduler", "tcp://x:1", "--engine", "memory"),
            "--scheduler goes with --engine dask",
        ),
    ]
    for args, message in cases:
        engine = () if "--engine" in args or "dataset" in args[0] else ("--engine", "streaming")
        code, out, err = run(capsys, *args, *engine)
        assert code == 2, (args, err)
        assert message in err, (args, err)
        assert "Traceback" not in err and len(err.strip().splitlines()) == 1
        assert out == ""
