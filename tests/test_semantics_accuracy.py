"""headcheck.semantics.accuracy against the real metric classes.

Oracles: tf-keras 2.21 (target ``tf.keras``), Keras 3 on TensorFlow (in this process) and on
torch (the ``keras3_torch`` worker). Keras ≤ 2.2 cannot be installed next to them, so its
formulas are re-run verbatim with TensorFlow ops (``K.round`` is ``tf.round``, ``K.in_top_k`` is
``tf.math.in_top_k``), as in framework-semantics.md [tf-001].
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import tensorflow as tf
from hypothesis import given, settings
from hypothesis import strategies as st

from headcheck._errors import FrameworkError, HeadcheckError, InputError, UnknownNameError
from headcheck.semantics.accuracy import (
    binary_accuracy,
    categorical_accuracy,
    sparse_categorical_accuracy,
    sparse_top_k_categorical_accuracy,
    top_k_categorical_accuracy,
)
from keras3_metric_calls import metric_result
from oracles import BackendWorker

pytestmark = pytest.mark.oracle

CLASSES: dict[Callable[..., float], str] = {
    binary_accuracy: "BinaryAccuracy",
    categorical_accuracy: "CategoricalAccuracy",
    sparse_categorical_accuracy: "SparseCategoricalAccuracy",
    top_k_categorical_accuracy: "TopKCategoricalAccuracy",
    sparse_top_k_categorical_accuracy: "SparseTopKCategoricalAccuracy",
}
RUNNABLE = (("tf.keras", None), ("keras3", "tensorflow"), ("keras3", "torch"))


def oracle(
    worker: BackendWorker,
    target: str,
    backend: str | None,
    function: Callable[..., float],
    *args: Any,
    **config: Any,
) -> float:
    """The real library's number for ``function``'s metric class (or its exception)."""
    if backend == "torch":
        return float(worker.call(metric_result, "keras", CLASSES[function], *args, **config))
    library = "tf_keras" if target == "tf.keras" else "keras"
    return metric_result(library, CLASSES[function], *args, **config)


def assert_agrees(
    worker: BackendWorker,
    function: Callable[..., float],
    y_true: Any,
    y_pred: Any,
    sample_weight: Any = None,
    *,
    skip: tuple[str | None, ...] = (),
    **config: Any,
) -> list[float]:
    """headcheck equals every runnable library within 1e-6, or raises where the library raises."""
    seen = []
    for target, backend in RUNNABLE:
        if backend in skip or target in skip:
            continue
        try:
            expected = oracle(
                worker, target, backend, function, y_true, y_pred, sample_weight, **config
            )
        except Exception:  # the library rejects these inputs: headcheck must say so too
            with pytest.raises(HeadcheckError):
                function(
                    y_true,
                    y_pred,
                    sample_weight=sample_weight,
                    target=target,
                    backend=backend,
                    **config,
                )
            continue
        ours = function(
            y_true, y_pred, sample_weight=sample_weight, target=target, backend=backend, **config
        )
        assert ours == pytest.approx(expected, abs=1e-6), (target, backend, expected, ours)
        seen.append(expected)
    return seen


# --- Keras ≤ 2.2, re-run with TensorFlow ops (the TF backend's K.* are these ops) -------------


def keras22(metric: str, y_true: Any, y_pred: Any, weights: Any = None, k: int = 5) -> float:
    """``weighted_masked_objective(fn)(y_true, y_pred, weights)`` from keras 2.2.4, TF backend."""
    y = tf.constant(np.asarray(y_true, np.float32))
    p = tf.constant(np.asarray(y_pred, np.float32))
    y = tf.reshape(y, (-1, 1)) if y.shape.rank == 1 else y  # standardize_input_data
    p = tf.reshape(p, (-1, 1)) if p.shape.rank == 1 else p
    if metric == "binary":
        score = tf.reduce_mean(tf.cast(tf.equal(y, tf.round(p)), tf.float32), axis=-1)
    elif metric == "categorical":
        score = tf.cast(tf.equal(tf.argmax(y, -1), tf.argmax(p, -1)), tf.float32)
    elif metric == "sparse":
        score = tf.cast(
            tf.equal(tf.reshape(y, [-1]), tf.cast(tf.argmax(p, -1), tf.float32)), tf.float32
        )
    else:
        targets = tf.argmax(y, -1) if metric == "top_k" else tf.cast(tf.reshape(y, [-1]), tf.int32)
        hits = tf.cast(
            tf.math.in_top_k(targets=tf.cast(targets, tf.int32), predictions=p, k=k), tf.float32
        )
        score = tf.reduce_mean(hits, axis=-1)  # a scalar: the 2.2.4 source's axis=-1 on (N,)
    if weights is None:
        return float(tf.reduce_mean(score))
    w = tf.constant(np.asarray(weights, np.float32))
    axes = list(range(w.shape.rank, score.shape.rank))
    score = tf.reduce_mean(score, axis=axes) * w
    score = score / tf.reduce_mean(tf.cast(tf.not_equal(w, 0), tf.float32))
    return float(tf.reduce_mean(score))


# --- explicit [run] numbers of framework-semantics.md §3 --------------------------------------


SEED_Y = [[0, 0, 0], [0, 1, 1]]
SEED_P = [[-0.1] * 3, [0.1] * 3]


def test_seed_example_threshold_half_and_zero(keras3_torch: BackendWorker) -> None:
    y, p = np.array(SEED_Y, float), np.array(SEED_P, np.float32)
    assert assert_agrees(keras3_torch, binary_accuracy, y, p) == pytest.approx([2 / 3] * 3)
    at_zero = assert_agrees(keras3_torch, binary_accuracy, y, p, threshold=0.0)
    assert at_zero == pytest.approx([5 / 6] * 3)
    assert binary_accuracy(y, p, target="keras2.2") == pytest.approx(keras22("binary", y, p))
    assert binary_accuracy(y, p, target="keras2.2") == pytest.approx(2 / 3)
    assert binary_accuracy(y, p, target="keras2.3", threshold=0.0) == pytest.approx(5 / 6)


def test_threshold_is_strict_and_soft_labels_never_match(keras3_torch: BackendWorker) -> None:
    assert (
        assert_agrees(keras3_torch, binary_accuracy, np.array([1.0, 0.0]), np.array([0.5, 0.5]))
        == [0.5] * 3
    )
    soft = assert_agrees(
        keras3_torch, binary_accuracy, np.array([0.9, 0.1]), np.array([0.95, 0.05])
    )
    assert soft == [0.0] * 3


def test_float32_cast_decides_values_just_above_the_threshold(keras3_torch: BackendWorker) -> None:
    y, p = np.array([1.0]), np.array([0.50000001])  # float64: above 0.5; float32: exactly 0.5
    assert assert_agrees(keras3_torch, binary_accuracy, y, p) == [0.0, 1.0, 1.0]
    assert binary_accuracy(y, p.astype(np.float32), target="keras3") == 0.0
    assert binary_accuracy(y, [0.50000001], target="keras3") == 0.0  # lists become float32
    assert binary_accuracy(y, p, target="keras3", backend="jax") == 0.0  # no x64 in JAX


def test_weighted_reduction_is_total_over_count(keras3_torch: BackendWorker) -> None:
    y, p = np.array([1.0, 0.0, 1.0, 1.0]), np.array([0.9, 0.8, 0.2, 0.7], np.float32)
    weights = np.array([1.0, 1.0, 0.0, 2.0])  # matches 1, 0, 0, 1 → (1+0+0+2)/4
    assert assert_agrees(keras3_torch, binary_accuracy, y, p, weights) == [0.75] * 3


def test_multilabel_rows_then_samples(keras3_torch: BackendWorker) -> None:
    y = np.array([[1, 0, 1], [0, 1, 0], [1, 1, 0], [0, 0, 1]], float)
    p = np.array([[0.9, 0.6, 0.8], [0.1, 0.7, 0.2], [0.2, 0.4, 0.1], [0.3, 0.1, 0.6]], np.float32)
    assert assert_agrees(keras3_torch, binary_accuracy, y, p) == pytest.approx([0.75] * 3)
    weighted = assert_agrees(keras3_torch, binary_accuracy, y[:2], p[:2], np.array([1.0, 3.0]))
    assert weighted == pytest.approx([(2 / 3 * 1 + 1 * 3) / 4] * 3)
    assert binary_accuracy(y[:2], p[:2], sample_weight=[1, 3], target="keras2.3") == pytest.approx(
        0.9167, abs=1e-4
    )


def test_argmax_tie_misses_but_top_1_counts_it(keras3_torch: BackendWorker) -> None:
    y, p = np.array([[0.0, 1.0, 0.0]]), np.array([[0.4, 0.4, 0.2]], np.float32)
    assert assert_agrees(keras3_torch, categorical_accuracy, y, p) == [0.0] * 3
    assert assert_agrees(keras3_torch, top_k_categorical_accuracy, y, p, k=1) == [1.0] * 3
    assert bool(tf.math.in_top_k(targets=[1], predictions=p, k=1)[0])
    for target in ("keras2.2", "keras2.3"):
        assert categorical_accuracy(y, p, target=target) == 0.0
        assert top_k_categorical_accuracy(y, p, k=1, target=target) == 1.0


def test_categorical_multi_hot_uses_first_positive_and_zero_row_is_class_0(
    keras3_torch: BackendWorker,
) -> None:
    y = np.array([[0, 1, 1], [0, 1, 1], [0, 0, 0]], float)
    p = np.array([[0.1, 0.7, 0.2], [0.1, 0.2, 0.7], [0.5, 0.3, 0.2]], np.float32)
    assert assert_agrees(keras3_torch, categorical_accuracy, y, p) == pytest.approx([2 / 3] * 3)


def test_sparse_labels_shapes_and_floats(keras3_torch: BackendWorker) -> None:
    p = np.array([[0.1, 0.6, 0.3], [0.05, 0.95, 0.0]], np.float32)
    for y in (
        np.array([[2], [1]]),
        np.array([2, 1]),
        np.array([2.0, 1.0]),
        np.array([[2.0], [1.0]]),
    ):
        assert assert_agrees(keras3_torch, sparse_categorical_accuracy, y, p) == [0.5] * 3
    logits = np.log(p + 1e-3) * 3.0  # argmax is the same, so is the accuracy
    assert (
        assert_agrees(keras3_torch, sparse_categorical_accuracy, np.array([2, 1]), logits)
        == [0.5] * 3
    )
    never = assert_agrees(keras3_torch, sparse_categorical_accuracy, np.array([1.7, 1.7]), p)
    assert never == [0.0] * 3
    assert sparse_categorical_accuracy([1.7, 1.0], p, target="keras2.2") == 0.5


def test_sparse_top_k_truncates_float_labels(keras3_torch: BackendWorker) -> None:
    p = np.array([[0.1, 0.8, 0.1], [0.8, 0.1, 0.1]], np.float32)
    hits = assert_agrees(
        keras3_torch, sparse_top_k_categorical_accuracy, np.array([1.7, -0.5]), p, k=1
    )
    assert hits == [1.0] * 3
    assert sparse_top_k_categorical_accuracy([1.7, -0.5], p, k=1, target="keras2.2") == 1.0


def test_keras22_rounds_half_to_even_so_logits_miss() -> None:
    y = np.array([0.0, 1.0, 1.0, 0.0, 0.0])
    p = np.array([0.5, 1.2, 2.3, -0.7, 0.2])
    formula = tf.cast(tf.equal(y.astype(np.float32), tf.round(p.astype(np.float32))), tf.float32)
    assert formula.numpy().tolist() == [1.0, 1.0, 0.0, 0.0, 1.0]
    assert binary_accuracy(y, p, target="keras2.2") == pytest.approx(keras22("binary", y, p))
    assert binary_accuracy(y, p, target="keras2.2") == pytest.approx(0.6)
    assert binary_accuracy(y, p, target="keras2.3") == pytest.approx(0.6)
    # strict `>`: 2.3 → 1 and −0.7 → 0 both match
    assert metric_result("tf_keras", "BinaryAccuracy", y, p) == 1.0
    assert binary_accuracy(y, p, target="tf.keras") == 1.0
    assert binary_accuracy(y, p, target="keras2.3", threshold=0.6) == 1.0


def test_keras22_weighting_divides_by_nonzero_weights_not_their_sum() -> None:
    y, p = [[1.0], [0.0], [1.0]], [[0.9], [0.2], [0.1]]  # matches 1, 1, 0
    weights = [3.0, 0.0, 1.0]
    assert binary_accuracy(y, p, sample_weight=weights, target="keras2.2") == pytest.approx(1.5)
    assert keras22("binary", y, p, weights) == pytest.approx(1.5)
    assert binary_accuracy(y, p, sample_weight=weights, target="tf.keras") == pytest.approx(0.75)
    one_hot = [[0, 1, 0], [1, 0, 0], [0, 0, 1]]
    scores = [[0.1, 0.8, 0.1], [0.1, 0.8, 0.1], [0.3, 0.3, 0.4]]  # top-1 hits: 1, 0, 1
    ours = top_k_categorical_accuracy(
        one_hot, scores, k=1, sample_weight=weights, target="keras2.2"
    )
    assert ours == pytest.approx(keras22("top_k", one_hot, scores, weights, k=1))
    assert ours == pytest.approx((2 / 3) * 4 / 2)  # batch mean × Σw / #(w ≠ 0)


def test_zero_weights_give_zero_or_nan_by_generation(keras3_torch: BackendWorker) -> None:
    y, p, w = np.array([1.0, 0.0]), np.array([0.9, 0.1], np.float32), np.zeros(2)
    assert assert_agrees(keras3_torch, binary_accuracy, y, p, w) == [0.0] * 3
    assert math.isnan(binary_accuracy(y, p, sample_weight=w, target="keras2.3"))
    assert math.isnan(binary_accuracy(y, p, sample_weight=w, target="keras2.2"))


# --- errors ------------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["torch", "sklearn", "torchmetrics"])
def test_non_keras_targets_are_unknown(target: str) -> None:
    with pytest.raises(UnknownNameError, match=target) as info:
        binary_accuracy([1], [0.7], target=target)
    assert "keras3" in str(info.value)
    if target == "torchmetrics":
        assert "headcheck.semantics.torchmetrics" in str(info.value)


def test_framework_rejections(keras3_torch: BackendWorker) -> None:
    with pytest.raises(FrameworkError, match="threshold"):
        binary_accuracy([1], [0.7], threshold=0.3, target="keras2.2")
    with pytest.raises(FrameworkError, match="sample_weight"):
        binary_accuracy([1, 0], [0.7, 0.2], sample_weight=[[1], [2]], target="keras2.2")
    y, p = np.array([[0.0, 1.0, 0.0]]), np.array([[0.4, 0.4, 0.2]])
    # k beyond the number of classes: TensorFlow counts every label, torch's topk raises
    assert assert_agrees(
        keras3_torch, top_k_categorical_accuracy, y, p.astype(np.float32), k=4
    ) == [1.0, 1.0]
    with pytest.raises(FrameworkError, match="selected index k out of range"):
        top_k_categorical_accuracy(y, p, k=4, target="keras3", backend="torch")
    with pytest.raises(FrameworkError, match="double tensor"):  # InTopKV2 needs float32
        top_k_categorical_accuracy(y, p, k=1, target="keras3")
    with pytest.raises(FrameworkError, match="Can not squeeze"):
        sparse_categorical_accuracy([[0, 1], [1, 1]], [[0.8, 0.2], [0.1, 0.9]])


@pytest.mark.parametrize(
    ("function", "y_true", "y_pred"),
    [
        (binary_accuracy, [1, 0], [[0.9, 0.1, 0.2], [0.9, 0.1, 0.2]]),
        (binary_accuracy, [1, 0, 1], [0.9, 0.1]),
        (categorical_accuracy, [0, 1], [[0.1, 0.9], [0.8, 0.2]]),
        (categorical_accuracy, [[0, 1]], [0.1, 0.9]),
        (sparse_categorical_accuracy, [[[0, 1]]], [[0.1, 0.9, 0.0]]),
        (sparse_categorical_accuracy, [0, 1, 1], [[0.1, 0.9], [0.8, 0.2]]),
        (top_k_categorical_accuracy, [1, 0], [[0.1, 0.9], [0.8, 0.2]]),
        (sparse_top_k_categorical_accuracy, [[0, 1]], [[0.1, 0.9], [0.8, 0.2]]),
    ],
)
def test_shape_mismatches_are_input_errors(
    function: Callable[..., float], y_true: Any, y_pred: Any
) -> None:
    with pytest.raises(InputError, match=r"shape|samples"):
        function(y_true, y_pred)


def test_out_of_range_labels() -> None:
    p = np.array([[0.8, 0.1, 0.1]], np.float32)
    assert metric_result("keras", "SparseTopKCategoricalAccuracy", np.array([5]), p, k=1) == 0.0
    assert sparse_top_k_categorical_accuracy([5], p, k=1, target="keras3") == 0.0
    assert sparse_top_k_categorical_accuracy([-1], p, k=3, target="tf.keras") == 0.0
    with pytest.raises(InputError, match="bounds"):
        sparse_top_k_categorical_accuracy([5], p, k=1, target="keras3", backend="torch")
    with pytest.raises(InputError, match="k"):
        top_k_categorical_accuracy([[1, 0]], [[0.5, 0.5]], k=-1)


# --- properties against the libraries -------------------------------------------------------

SPECIAL_SCORES = [0.0, 0.5, 1.0, 0.49999997, 0.50000001, 0.5000001, -0.7, 2.3, 1.5, -0.5, 0.3, 0.7]
scores = st.one_of(st.sampled_from(SPECIAL_SCORES), st.floats(-3, 3, allow_nan=False, width=32))
float_dtypes = st.sampled_from([np.float32, np.float64])
label_dtypes = st.sampled_from([np.float32, np.float64, np.int64])


@st.composite
def weights_for(draw: st.DrawFn, n: int) -> np.ndarray | None:
    if draw(st.booleans()):
        return None
    w = np.array(draw(st.lists(st.sampled_from([0.0, 1.0, 2.0, 0.5, 3.0]), min_size=n, max_size=n)))
    return w.reshape(n, 1) if draw(st.booleans()) else w


@st.composite
def binary_cases(draw: st.DrawFn) -> dict[str, Any]:
    n = draw(st.integers(1, 6))
    c = draw(st.sampled_from([1, 1, 3]))
    p = np.array(draw(st.lists(scores, min_size=n * c, max_size=n * c)), dtype=draw(float_dtypes))
    y = np.array(
        draw(st.lists(st.sampled_from([0.0, 1.0, 0.9, 0.1]), min_size=n * c, max_size=n * c))
    )
    y, p = y.reshape(n, c).astype(draw(label_dtypes)), p.reshape(n, c)
    if c == 1:
        y = y[:, 0] if draw(st.booleans()) else y
        p = p[:, 0] if draw(st.booleans()) else p
    elif draw(st.booleans()):
        y = y[:, :1]  # one label column broadcast against three outputs
    threshold = draw(st.sampled_from([0.5, 0.5, 0.0, 0.3, 0.7]))
    return {"y_true": y, "y_pred": p, "sample_weight": draw(weights_for(n)), "threshold": threshold}


@settings(max_examples=60, deadline=None)
@given(binary_cases())
def test_binary_accuracy_matches_keras(keras3_torch: BackendWorker, case: dict[str, Any]) -> None:
    assert_agrees(
        keras3_torch,
        binary_accuracy,
        case["y_true"],
        case["y_pred"],
        case["sample_weight"],
        threshold=case["threshold"],
    )


@settings(max_examples=40, deadline=None)
@given(binary_cases())
def test_binary_accuracy_keras22_matches_its_formula(case: dict[str, Any]) -> None:
    y, p, w = case["y_true"], case["y_pred"], case["sample_weight"]
    if w is not None:
        w = w.reshape(-1)
    expected = keras22("binary", y, p, w)
    ours = binary_accuracy(y, p, sample_weight=w, target="keras2.2")
    assert ours == pytest.approx(expected, abs=1e-6, nan_ok=True)


CLASS_SCORES = [0.1, 0.2, 0.4, 0.4, 0.5, 0.50000001, -1.0, 2.0]
ROWS = [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
    [0, 1, 1],
    [0, 0, 0],
    [0.1, 0.8, 0.1],
    [0.5, 0.50000001, 0],
]


@st.composite
def categorical_cases(draw: st.DrawFn) -> dict[str, Any]:
    n = draw(st.integers(1, 6))
    y = np.array([draw(st.sampled_from(ROWS)) for _ in range(n)]).astype(
        draw(st.sampled_from([np.float32, np.float64]))
    )
    p = np.array(draw(st.lists(st.sampled_from(CLASS_SCORES), min_size=3 * n, max_size=3 * n)))
    p = p.reshape(n, 3).astype(draw(st.sampled_from([np.float32, np.float32, np.float64])))
    return {
        "y_true": y,
        "y_pred": p,
        "sample_weight": draw(weights_for(n)),
        "k": draw(st.integers(1, 4)),
    }


@settings(max_examples=50, deadline=None)
@given(categorical_cases())
def test_categorical_and_top_k_match_keras(
    keras3_torch: BackendWorker, case: dict[str, Any]
) -> None:
    y, p, w = case["y_true"], case["y_pred"], case["sample_weight"]
    assert_agrees(keras3_torch, categorical_accuracy, y, p, w)
    assert_agrees(keras3_torch, top_k_categorical_accuracy, y, p, w, k=case["k"])
    flat = None if w is None else w.reshape(-1)
    for function, metric in (
        (categorical_accuracy, "categorical"),
        (top_k_categorical_accuracy, "top_k"),
    ):
        extra = {"k": case["k"]} if metric == "top_k" else {}
        ours = function(y, p, sample_weight=flat, target="keras2.2", **extra)
        assert ours == pytest.approx(keras22(metric, y, p, flat, **extra), abs=1e-6, nan_ok=True)


LABELS = [0, 1, 2, 2.0, 1.7, 1.0000001, -1, 3]


@st.composite
def sparse_cases(draw: st.DrawFn) -> dict[str, Any]:
    n = draw(st.integers(1, 6))
    y = np.array(draw(st.lists(st.sampled_from(LABELS), min_size=n, max_size=n)), dtype=np.float64)
    y = y.astype(draw(label_dtypes))
    y = y.reshape(n, 1) if draw(st.booleans()) else y
    p = np.array(draw(st.lists(st.sampled_from(CLASS_SCORES), min_size=3 * n, max_size=3 * n)))
    p = p.reshape(n, 3).astype(draw(st.sampled_from([np.float32, np.float32, np.float64])))
    return {
        "y_true": y,
        "y_pred": p,
        "sample_weight": draw(weights_for(n)),
        "k": draw(st.integers(1, 4)),
    }


@settings(max_examples=50, deadline=None)
@given(sparse_cases())
def test_sparse_metrics_match_keras(keras3_torch: BackendWorker, case: dict[str, Any]) -> None:
    y, p, w, k = case["y_true"], case["y_pred"], case["sample_weight"], case["k"]
    assert_agrees(keras3_torch, sparse_categorical_accuracy, y, p, w)
    in_range = bool(np.all((np.trunc(y) >= 0) & (np.trunc(y) < 3)))
    skip = () if in_range else ("torch",)  # torch reads out of bounds: headcheck refuses instead
    assert_agrees(keras3_torch, sparse_top_k_categorical_accuracy, y, p, w, k=k, skip=skip)
    if not in_range:
        with pytest.raises(InputError):
            sparse_top_k_categorical_accuracy(y, p, k=k, target="keras3", backend="torch")
    flat = None if w is None else w.reshape(-1)
    ours = sparse_categorical_accuracy(y, p, sample_weight=flat, target="keras2.2")
    assert ours == pytest.approx(keras22("sparse", y, p, flat), abs=1e-6, nan_ok=True)


SEQUENCE_LABELS = np.random.default_rng(1).integers(0, 5, (4, 3))
SEQUENCE_SCORES = np.random.default_rng(2).random((4, 3, 5)).astype(np.float32)


@pytest.mark.parametrize(
    ("function", "y_true", "config"),
    [
        (sparse_categorical_accuracy, SEQUENCE_LABELS, {}),
        (sparse_categorical_accuracy, SEQUENCE_LABELS[..., None], {}),
        (categorical_accuracy, np.eye(5)[SEQUENCE_LABELS], {}),
        (top_k_categorical_accuracy, np.eye(5)[SEQUENCE_LABELS], {"k": 2}),
        (sparse_top_k_categorical_accuracy, SEQUENCE_LABELS, {"k": 2}),
        (binary_accuracy, (SEQUENCE_SCORES > 0.4).astype(float)[:, ::-1], {}),
    ],
)
def test_sequence_outputs_average_timesteps_then_samples(
    keras3_torch: BackendWorker, function: Callable[..., float], y_true: Any, config: Any
) -> None:
    weights = np.array([1.0, 0.0, 2.0, 3.0])
    for w in (None, weights):
        results = assert_agrees(keras3_torch, function, y_true, SEQUENCE_SCORES, w, **config)
        assert len(results) == 3
        assert 0.0 < results[0] < 1.0


@pytest.mark.parametrize(
    ("y_true", "y_pred", "message"),
    [
        ([1.0, 0.0], [0.7, float("nan")], "NaN"),
        (["1", "0"], [0.7, 0.2], "numbers"),
        ([[1, 0], [1]], [0.7, 0.2], "not numeric"),
        ([], [], "empty"),
    ],
)
def test_unusable_arrays_are_input_errors(y_true: Any, y_pred: Any, message: str) -> None:
    with pytest.raises(InputError, match=message):
        binary_accuracy(y_true, y_pred)
