"""The curve kernel equals scikit-learn within 1e-12 on generated cases: ties, weights (zeros
included), one class, float32 and float64 (and float64 that are float32 values), -0.0/0.0,
±inf, both key layouts (one part; split in two); the batched per-label kernel equals
scikit-learn per label and per class; the array-API path on torch tensors equals it too."""

from __future__ import annotations

import json
import subprocess
import sys
import warnings
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from headcheck import InputError
from headcheck.evaluation import (
    UndefinedMetricWarning,
    _curve,
    _partition,
    _ties,
    _workers,
    binary_curve,
    roc_auc_ap,
)
from headcheck.evaluation._device import device_curve_summary
from headcheck.evaluation._labelwise import labelwise_curves
from headcheck.evaluation._multiclass import ovr_roc_auc
from headcheck.evaluation._thresholds import sweep

sklearn = pytest.importorskip("sklearn")
skm = pytest.importorskip("sklearn.metrics")

pytestmark = pytest.mark.oracle
TOL = 1e-12
CASES = 10_240
SPECIAL_64 = np.array([-np.inf, -1e300, -2.5, -0.0, 0.0, 1e-300, 3.0, 1e300, np.inf])
SPECIAL_32 = np.array([-np.inf, -3e38, -1.5, -1e-45, -0.0, 0.0, 1e-45, 0.75, 3e38, np.inf])
Case = tuple[np.ndarray, np.ndarray, np.ndarray | None]


def generated_cases(count: int, seed: int = 0) -> Iterator[tuple[int, Case]]:
    """``count`` cases drawn from one table of sizes, families and weight kinds, the samples
    cut from pools drawn at once."""
    rng = np.random.default_rng(seed)
    sizes = rng.integers(1, 64, count)
    family = rng.integers(0, 8, count)
    weighting = rng.integers(0, 4, count)
    positive_rate = rng.choice([0.0, 0.1, 0.5, 0.9, 1.0], count, p=[0.05, 0.2, 0.5, 0.2, 0.05])
    ends = np.cumsum(sizes)
    total = int(ends[-1])
    uniform = rng.random(total)
    normal = rng.standard_normal(total)
    levels = rng.integers(1, 9, count)
    grid = rng.integers(0, 8, total)
    special = rng.integers(0, 64, total)
    weight_pool = rng.uniform(0.1, 5.0, total)
    zero_pool = rng.random(total) < 0.3
    label_kind = rng.integers(0, 3, count)
    for i in range(count):
        part = slice(int(ends[i] - sizes[i]), int(ends[i]))
        n = int(sizes[i])
        y = (uniform[part] < positive_rate[i]).astype(np.int64)
        f = int(family[i])
        if f == 0:  # coarse grid: many ties
            s = (grid[part] % levels[i]) / levels[i]
        elif f == 1:  # float32 probabilities
            s = (1 / (1 + np.exp(-normal[part] - y))).astype(np.float32)
        elif f == 2:  # float32 logits around zero (keys split in two parts), signed zeros
            s = (normal[part] * 8).astype(np.float32)
            s[grid[part] == 0] = -0.0
            s[grid[part] == 1] = 0.0
        elif f == 3:  # float64 continuous (64-bit keys)
            s = normal[part] * 1e3 + y
        elif f == 4:  # float64 specials, infinities included
            s = SPECIAL_64[special[part] % SPECIAL_64.size]
        elif f == 5:  # float32 specials: denormals, extremes, infinities
            s = SPECIAL_32[special[part] % SPECIAL_32.size].astype(np.float32)
        elif f == 6:  # float64 holding float32 values: the 32-bit path
            s = (grid[part] - 3.5) * 0.25
        else:  # constant
            s = np.full(n, 0.5)
        w = None
        if weighting[i] == 1:
            w = weight_pool[part].copy()
        elif weighting[i] == 2:
            w = np.where(zero_pool[part], 0.0, weight_pool[part])
        elif weighting[i] == 3:
            w = np.where(zero_pool[part], 0.0, np.ceil(weight_pool[part]))
        labels: np.ndarray = y
        if label_kind[i] == 1:
            labels = y.astype(bool)
        elif label_kind[i] == 2:
            labels = y.astype(np.float64)
        yield i, (labels, s, w)


def finite(scores: np.ndarray) -> np.ndarray:
    """Scores with ±inf replaced by finite values beyond all others (same ranks):
    scikit-learn rejects infinities."""
    s = scores.astype(np.float64)
    s[s == np.inf] = np.finfo(np.float64).max
    s[s == -np.inf] = -np.finfo(np.float64).max
    return s


def same(a: float, b: float) -> bool:
    if np.isnan(a) or np.isnan(b):
        return bool(np.isnan(a) and np.isnan(b))
    return abs(a - b) <= TOL


@pytest.mark.slow  # about 45 s, nearly all of it in scikit-learn
def test_kernel_equals_sklearn_on_ten_thousand_generated_cases() -> None:
    checked = curves_checked = 0
    with warnings.catch_warnings(), sklearn.config_context(skip_parameter_validation=True):
        warnings.simplefilter("ignore")
        for i, (y, s, w) in generated_cases(CASES):
            kept = np.ones(y.size, bool) if w is None else w != 0
            c = binary_curve(y, s, w)
            if not kept.any():
                assert c.thresholds.tolist() == [np.inf] and c.positives == c.negatives == 0
                continue
            sf = finite(s)
            truth = np.asarray(y) == 1
            if np.unique(truth[kept]).size == 2:
                want = skm.roc_auc_score(truth, sf, sample_weight=w)
                assert same(c.roc_auc(), want), (i, c.roc_auc(), want)
            else:
                assert np.isnan(c.roc_auc())
            want_ap = skm.average_precision_score(truth, sf, sample_weight=w)
            assert same(c.average_precision(), want_ap), (i, c.average_precision(), want_ap)
            checked += 1
            if i % 8:  # the whole curves on every eighth case (scikit-learn is the slow part)
                continue
            precision, recall, thresholds = skm.precision_recall_curve(truth, sf, sample_weight=w)
            ours_p, ours_r = c.precision_recall()
            assert np.allclose(ours_p[::-1], precision[:-1], rtol=0, atol=TOL), i
            assert np.allclose(ours_r[::-1], recall[:-1], rtol=0, atol=TOL), i
            assert np.array_equal(finite(c.thresholds[::-1]), thresholds), i
            if np.unique(truth[kept]).size == 2:
                fpr, tpr, _ = skm.roc_curve(truth, sf, sample_weight=w, drop_intermediate=False)
                ours_fpr, ours_tpr, _ = c.roc()
                assert np.allclose(ours_fpr, fpr, rtol=0, atol=TOL), i
                assert np.allclose(ours_tpr, tpr, rtol=0, atol=TOL), i
            curves_checked += 1
    assert checked >= 10_000 and curves_checked >= 1_200


def brute_groups(y: np.ndarray, s: np.ndarray, w: np.ndarray | None) -> tuple[np.ndarray, ...]:
    weights = np.ones(s.size) if w is None else w
    keep = weights != 0
    values, where = np.unique(s[keep].astype(np.float64), return_inverse=True)
    truth = np.asarray(y)[keep] == 1
    pos = np.bincount(where, weights[keep] * truth, values.size)
    neg = np.bincount(where, weights[keep] * ~truth, values.size)
    return values, pos, neg


@pytest.mark.parametrize("block", [1, 2, 3, 7, 64])
def test_blocks_carry_groups_across_their_boundaries(
    block: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_ties, "BLOCK", block)
    monkeypatch.setattr(_partition, "BLOCK", block)
    monkeypatch.setattr(_curve, "BLOCK", block)
    for _, (y, s, w) in generated_cases(400, seed=block):
        groups = _ties.tie_groups(y, s, w)
        values, pos, neg = brute_groups(y, s, w)
        assert np.array_equal(groups.scores(), values)
        assert np.allclose(groups.positives, pos, rtol=0, atol=TOL)
        assert np.allclose(groups.negatives, neg, rtol=0, atol=TOL)
        curve = _curve.BinaryCurve.from_groups(groups)
        whole = np.cumsum(pos[::-1]), np.cumsum(neg[::-1])
        if values.size:
            assert np.allclose(curve.tps, whole[0], rtol=0, atol=1e-9)
            assert np.allclose(curve.fps, whole[1], rtol=0, atol=1e-9)


@pytest.mark.parametrize("threads", [2, 3, 5])
def test_threads_sort_runs_that_give_the_same_groups(
    threads: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(_workers.THREADS_VARIABLE, str(threads))
    monkeypatch.setattr(_workers, "PARALLEL_MIN", 1)
    monkeypatch.setattr(_partition, "RUN_MIN", 1)
    monkeypatch.setattr(_partition, "BLOCK", 5)  # several slices for the threads to pack
    for _, (y, s, w) in generated_cases(400, seed=threads):
        groups = _ties.tie_groups(y, s)
        want, pos, neg = brute_groups(y, s, None)
        assert np.array_equal(groups.scores(), want)
        assert np.array_equal(groups.positives, pos) and np.array_equal(groups.negatives, neg)
        if w is None:
            continue
        groups = _ties.tie_groups(y, s, w)  # weighted runs: a cut group's sums added
        want, pos, neg = brute_groups(y, s, w)
        assert np.array_equal(groups.scores(), want)
        assert np.allclose(groups.positives, pos, rtol=0, atol=TOL)
        assert np.allclose(groups.negatives, neg, rtol=0, atol=TOL)


def test_threaded_curve_equals_sklearn_with_ties_at_the_cuts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rng = np.random.default_rng(11)
    y = rng.integers(0, 2, 200_000)
    s = np.round(rng.standard_normal(200_000) * 3 + y, 1).astype(np.float32)  # many ties
    single = binary_curve(y, s)
    monkeypatch.setenv(_workers.THREADS_VARIABLE, "4")
    monkeypatch.setattr(_workers, "PARALLEL_MIN", 1)
    monkeypatch.setattr(_partition, "RUN_MIN", 1)
    runs = _partition.sorted_runs(
        _partition.packed_parts(y, s, np.dtype(np.float32), float(s.min()), None, 4)[0], 4
    )
    assert len(runs) == 4 and runs[0].packed[-1] >> 1 == runs[1].packed[0] >> 1  # a tie cut
    threaded = binary_curve(y, s)
    assert threaded.roc_auc() == single.roc_auc() == pytest.approx(skm.roc_auc_score(y, s), abs=TOL)
    assert threaded.average_precision() == pytest.approx(skm.average_precision_score(y, s), abs=TOL)
    assert np.array_equal(threaded.thresholds, single.thresholds)
    assert np.array_equal(threaded.tps, single.tps) and np.array_equal(threaded.fps, single.fps)
    w = np.random.default_rng(12).uniform(0.5, 2.0, y.size)
    weighted = binary_curve(y, s, w)
    assert weighted.roc_auc() == pytest.approx(skm.roc_auc_score(y, s, sample_weight=w), abs=TOL)
    assert weighted.average_precision() == pytest.approx(
        skm.average_precision_score(y, s, sample_weight=w), abs=TOL
    )
    assert np.array_equal(weighted.thresholds, single.thresholds)


@pytest.mark.parametrize(
    ("content", "want"),
    [("200000 100000", 2), ("50000 100000", 1), ("max 100000", None), ("garbage", None)],
)
def test_a_cgroup_cpu_quota_caps_the_threads(
    content: str, want: int | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "cpu.max").write_text(content)
    monkeypatch.setattr(_workers, "CPU_MAX", tmp_path / "cpu.max")
    monkeypatch.delenv(_workers.THREADS_VARIABLE, raising=False)
    monkeypatch.setattr(_workers.os, "sched_getaffinity", lambda _: set(range(6)))
    assert _workers.cpu_quota() == want
    assert _workers.worker_count(_workers.PARALLEL_MIN) == (6 if want is None else want)
    monkeypatch.setattr(_workers, "CPU_MAX", tmp_path / "missing")
    assert _workers.cpu_quota() is None


@pytest.mark.parametrize("setting", ["0", "two", "-1"])
def test_a_thread_count_that_is_not_a_whole_number_is_refused(
    setting: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(_workers.THREADS_VARIABLE, setting)
    with pytest.raises(InputError, match=f"HEADCHECK_THREADS='{setting}' is not a number"):
        _workers.worker_count(10)  # refused even where one thread would do


def test_roc_auc_is_the_exact_pair_count_without_weights() -> None:
    rng = np.random.default_rng(7)
    y = rng.integers(0, 2, 3_000)
    s = rng.integers(0, 40, 3_000).astype(np.float32)
    pos, neg = s[y == 1], s[y == 0]
    above = int(np.sum(pos[:, None] > neg[None, :]))
    tied = int(np.sum(pos[:, None] == neg[None, :]))
    exact = Fraction(2 * above + tied, 2 * pos.size * neg.size)
    assert binary_curve(y, s).roc_auc() == float(exact)


def test_float64_holding_float32_values_gives_the_float32_curve() -> None:
    rng = np.random.default_rng(3)
    s = (rng.standard_normal(5_000) * 5).astype(np.float32)
    y = rng.integers(0, 2, 5_000)
    narrow, wide = binary_curve(y, s), binary_curve(y, s.astype(np.float64))
    assert narrow.groups.keys.dtype == wide.groups.keys.dtype == np.uint32
    assert np.array_equal(narrow.thresholds, wide.thresholds)
    assert np.array_equal(narrow.tps, wide.tps) and np.array_equal(narrow.fps, wide.fps)


def test_negative_and_positive_zero_are_one_threshold() -> None:
    c = binary_curve([1, 0, 1], np.array([-0.0, 0.0, 1.0], np.float32))
    assert c.thresholds.tolist() == [1.0, 0.0]
    assert c.tps.tolist() == [1.0, 2.0] and c.fps.tolist() == [0.0, 1.0]


def test_infinite_scores_are_the_extreme_thresholds() -> None:
    c = binary_curve([1, 0, 0, 1], [np.inf, -np.inf, 0.5, 0.5])
    assert c.thresholds.tolist() == [np.inf, 0.5, -np.inf]
    assert c.roc_auc() == 0.875  # (inf > -inf, inf > 0.5, 0.5 > -inf, 0.5 ties 0.5) / 4


def test_nan_scores_are_refused_with_a_message() -> None:
    with pytest.raises(InputError, match="NaN"):
        binary_curve([0, 1], [0.5, np.nan])


def test_one_class_gives_nan_with_a_warning_and_no_samples_an_empty_curve() -> None:
    with pytest.warns(UndefinedMetricWarning, match="one class"):
        assert np.isnan(binary_curve([1, 1], [0.2, 0.4]).roc_auc())
    empty = binary_curve([1, 0], [0.2, 0.4], sample_weight=[0.0, 0.0])
    assert empty.thresholds.tolist() == [np.inf] and empty.total == 0.0


def test_a_curve_built_from_its_arrays_equals_the_kernel_curve() -> None:
    rng = np.random.default_rng(11)
    y, s = rng.integers(0, 2, 500), rng.integers(0, 30, 500) / 7
    made = binary_curve(y, s)
    again = _curve.BinaryCurve(made.thresholds, made.tps, made.fps, False)
    assert again.roc_auc() == pytest.approx(made.roc_auc(), abs=TOL)
    assert again.average_precision() == pytest.approx(made.average_precision(), abs=TOL)
    assert again.counts_above(2.0) == made.counts_above(2.0)


# -- per label, per class ----------------------------------------------------------------------


def label_matrix(kind: str, n: int, labels: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    y = (rng.random((n, labels)) < rng.uniform(0.05, 0.6, labels)).astype(np.int64)
    noise = rng.standard_normal((n, labels))
    if kind == "probabilities":  # keys fit one part
        s = (1 / (1 + np.exp(-noise - y))).astype(np.float32)
    elif kind == "logits":  # keys squeezed around zero
        s = (3 * noise + y).astype(np.float32)
    elif kind == "extremes":  # tiny and huge magnitudes: 64-bit words
        s = np.where(noise > 0, 1e30, -1e-30).astype(np.float32) * (1 + (noise > 1))
    elif kind == "ties":
        s = np.round(noise + y, 0)
    else:  # float64 with tiny magnitudes: the one-column kernel
        s = np.where(noise > 0.5, noise * 1e300, noise * 1e-300)
    return y, s


@pytest.mark.parametrize("weighted", [False, True])
def test_threads_taking_label_blocks_give_the_same_per_label_results(
    weighted: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    y, s = label_matrix("logits", 300, 200, 5)  # 4 blocks of 64 labels for 3 threads
    w = np.random.default_rng(5).uniform(0.0, 3.0, y.shape[0]) if weighted else None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        alone = labelwise_curves(y, s, w)
        monkeypatch.setenv(_workers.THREADS_VARIABLE, "3")
        monkeypatch.setattr(_workers, "PARALLEL_MIN", 1)
        threaded = labelwise_curves(y, s, w)
    for field in ("roc_auc", "average_precision", "best_threshold", "best_f1"):
        assert np.array_equal(getattr(threaded, field), getattr(alone, field), equal_nan=True)
    want = skm.roc_auc_score(y[:, 150], s[:, 150], sample_weight=w)
    assert same(threaded.roc_auc[150], want)


@pytest.mark.parametrize("kind", ["probabilities", "logits", "extremes", "ties", "float64"])
@pytest.mark.parametrize("weighted", [False, True])
def test_per_label_batches_equal_sklearn_per_label(kind: str, weighted: bool) -> None:
    for seed in range(6):
        y, s = label_matrix(kind, 40 + 37 * seed, 1 + 3 * seed, seed)
        w = None
        if weighted:
            w = np.random.default_rng(seed).uniform(0.0, 3.0, y.shape[0])
            w[::5] = 0.0
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            r = labelwise_curves(y, s, w)
            for j in range(y.shape[1]):
                kept = np.ones(y.shape[0], bool) if w is None else w != 0
                if np.unique(y[kept, j]).size == 2:
                    want = skm.roc_auc_score(y[:, j], s[:, j], sample_weight=w)
                    assert same(r.roc_auc[j], want), (kind, seed, j)
                else:
                    assert np.isnan(r.roc_auc[j])
                want_ap = skm.average_precision_score(y[:, j], s[:, j], sample_weight=w)
                assert same(r.average_precision[j], want_ap), (kind, seed, j)
                swept = sweep(binary_curve(y[:, j], s[:, j], w))
                best = int(np.argmax(swept.f1))
                assert r.best_threshold[j] == swept.thresholds[best]
                assert same(r.best_f1[j], swept.f1[best])


def test_per_label_macro_averages_equal_sklearn() -> None:
    y, s = label_matrix("logits", 500, 30, 1)
    r = labelwise_curves(y, s)
    assert same(float(np.mean(r.roc_auc)), skm.roc_auc_score(y, s, average="macro"))
    assert same(
        float(np.mean(r.average_precision)), skm.average_precision_score(y, s, average="macro")
    )
    only = labelwise_curves(y, s, thresholds=False)  # the areas alone: same numbers
    assert np.array_equal(only.roc_auc, r.roc_auc)
    assert np.array_equal(only.average_precision, r.average_precision)
    assert np.isnan(only.best_threshold).all()


@pytest.mark.parametrize("weighted", [False, True])
def test_one_vs_rest_auc_equals_sklearn_per_class(weighted: bool) -> None:
    rng = np.random.default_rng(5)
    classes, n = 7, 400
    y = rng.integers(0, classes, n)
    logits = rng.integers(-3, 4, (n, classes)).astype(np.float64)  # ties
    p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    w = rng.uniform(0.1, 4.0, n) if weighted else None
    ours = ovr_roc_auc(y, p, w)
    for c in range(classes):
        assert same(ours[c], skm.roc_auc_score(y == c, p[:, c], sample_weight=w)), c


# -- tensors on their own device -------------------------------------------------------------


@pytest.mark.parametrize("max_elements", [3, 1 << 27])  # many buckets, one bucket
def test_torch_tensors_equal_sklearn(max_elements: int) -> None:
    torch = pytest.importorskip("torch")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for i, (y, s, w) in generated_cases(250 if max_elements > 3 else 100, seed=max_elements):
            kept = np.ones(y.size, bool) if w is None else w != 0
            if not kept.any():
                continue
            truth = np.asarray(y) == 1
            r = device_curve_summary(
                torch.as_tensor(truth.astype(np.int64)),
                torch.as_tensor(s),
                None if w is None else torch.as_tensor(w),
                cut=0.5,
                max_elements=max_elements,
            )
            assert r.device == "cpu"
            sf = finite(s)
            if np.unique(truth[kept]).size == 2:
                want = skm.roc_auc_score(truth, sf, sample_weight=w)
                assert same(r.roc_auc, want), (i, r.roc_auc, want)
            want_ap = skm.average_precision_score(truth, sf, sample_weight=w)
            assert same(r.average_precision, want_ap), (i, r.average_precision, want_ap)
            predicted = s > 0.5
            cm = skm.confusion_matrix(truth, predicted, labels=[False, True], sample_weight=w)
            assert r.counts is not None
            assert np.allclose(r.counts, (cm[1, 1], cm[0, 1], cm[1, 0], cm[0, 0]), atol=1e-9)


JAX_RUN = """
import json, sys, warnings
import numpy as np
import jax
from headcheck import InputError
from headcheck.evaluation import roc_auc_ap

warnings.simplefilter("ignore")
cases = np.load(sys.argv[1])
results = {}
jax.config.update("jax_enable_x64", False)
try:
    roc_auc_ap(jax.numpy.asarray([0, 1]), jax.numpy.asarray(np.array([0.1, 0.4], np.float32)))
except InputError as error:
    results["refused"] = str(error)
jax.config.update("jax_enable_x64", True)
for i in range(int(cases["count"])):
    w = cases[f"w{i}"]
    r = roc_auc_ap(
        jax.numpy.asarray(cases["y"]),
        jax.numpy.asarray(cases[f"s{i}"]),
        None if w.size == 0 else jax.numpy.asarray(w),
        max_elements=7,
    )
    results[str(i)] = [r.roc_auc, r.average_precision, r.device]
print(json.dumps(results))
"""


def test_jax_arrays_equal_sklearn_on_their_device(tmp_path: Path) -> None:
    """JAX runs in a child process: it starts threads, and a process that forks later (the
    linter's workers do) could deadlock. A few cases of one size (JAX compiles every
    operation for each new shape): subnormal and infinite float32 (XLA flushes subnormals
    in arithmetic), float64 specials, ties, weights with zeros; max_elements=7 cuts the
    keys into many buckets. Without 64-bit types JAX arrays are refused with what to do."""
    pytest.importorskip("jax")
    rng = np.random.default_rng(21)
    n = 48
    y = rng.integers(0, 2, n)
    cases = [
        (SPECIAL_32[rng.integers(0, SPECIAL_32.size, n)].astype(np.float32), None),
        (SPECIAL_64[rng.integers(0, SPECIAL_64.size, n)], rng.uniform(0.1, 5.0, n)),
        (rng.integers(0, 5, n) / 4.0, np.where(rng.random(n) < 0.3, 0.0, 1.5)),
        ((rng.standard_normal(n) * 8).astype(np.float32), None),
    ]
    arrays: dict[str, np.ndarray] = {"y": y, "count": np.array(len(cases))}
    for i, (s, w) in enumerate(cases):
        arrays[f"s{i}"], arrays[f"w{i}"] = s, np.zeros(0) if w is None else w
    np.savez(tmp_path / "cases.npz", **arrays)
    child = subprocess.run(
        [sys.executable, "-c", JAX_RUN, str(tmp_path / "cases.npz")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert child.returncode == 0, child.stderr
    results = json.loads(child.stdout)
    assert "jax.config.update('jax_enable_x64', True)" in results["refused"]
    for i, (s, w) in enumerate(cases):
        auc, ap, device = results[str(i)]
        assert device.startswith("cpu"), device  # computed by JAX, not NumPy
        want = skm.roc_auc_score(y, finite(s), sample_weight=w)
        assert same(auc, want), (i, auc, want)
        want_ap = skm.average_precision_score(y, finite(s), sample_weight=w)
        assert same(ap, want_ap), (i, ap, want_ap)


def test_roc_auc_ap_takes_numpy_and_torch_alike() -> None:
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(2)
    y = rng.integers(0, 2, 2_000)
    s = (rng.standard_normal(2_000) + y).astype(np.float32)
    on_host = roc_auc_ap(y, s)
    on_device = roc_auc_ap(torch.as_tensor(y), torch.as_tensor(s))
    assert on_host.roc_auc == on_device.roc_auc == skm.roc_auc_score(y, s)
    assert same(on_host.average_precision, on_device.average_precision)
    with pytest.raises(InputError, match="NaN"):
        roc_auc_ap(torch.tensor([0, 1]), torch.tensor([0.5, float("nan")]))
