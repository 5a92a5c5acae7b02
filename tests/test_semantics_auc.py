"""headcheck.semantics.auc against ``AUC`` in tf-keras and Keras 3 (TensorFlow, torch).

scikit-learn is the sanity check: where every score has a bucket of its own, Keras's trapezoid
over 200 thresholds passes through every ROC point and equals ``roc_auc_score``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from sklearn.metrics import average_precision_score, roc_auc_score

from headcheck._errors import FrameworkError, HeadcheckError, InputError, UnknownNameError
from headcheck.semantics.auc import keras_auc
from keras3_metric_calls import auc_compared_per_threshold, metric_result
from oracles import BackendWorker

pytestmark = pytest.mark.oracle

RUNNABLE = (("tf.keras", None), ("keras3", "tensorflow"), ("keras3", "torch"))
AUC_OPTIONS = ("num_thresholds", "curve", "summation_method", "multi_label", "from_logits",
               "label_weights", "thresholds")  # fmt: skip


def assert_agrees(
    worker: BackendWorker, y_true: Any, y_pred: Any, sample_weight: Any = None, **config: Any
) -> list[float]:
    """headcheck equals ``AUC(**config)`` of every runnable library within 1e-6."""
    seen = []
    for target, backend in RUNNABLE:
        args = (y_true, y_pred, sample_weight)
        try:
            if backend == "torch":
                expected = float(worker.call(metric_result, "keras", "AUC", *args, **config))
            else:
                library = "tf_keras" if target == "tf.keras" else "keras"
                expected = metric_result(library, "AUC", *args, **config)
        except Exception:  # the library rejects these inputs: headcheck must say so too
            with pytest.raises(HeadcheckError):
                keras_auc(
                    *args[:2], sample_weight=sample_weight, target=target, backend=backend, **config
                )
            continue
        ours = keras_auc(
            y_true, y_pred, sample_weight=sample_weight, target=target, backend=backend, **config
        )
        assert ours == pytest.approx(expected, abs=1e-6), (target, backend, expected, ours)
        seen.append(expected)
    return seen


# The data behind the [run] numbers of framework-semantics.md §3: ranking P P N P N P N N.
Y = np.array([1, 1, 0, 1, 0, 1, 0, 0], np.float32)
P = np.array([0.9, 0.8, 0.7, 0.6, 0.45, 0.4, 0.3, 0.2], np.float32)
LOGITS = np.array([2.5, 1.5, 0.7, 0.3, -0.4, -0.8, -1.2, -2.0], np.float32)


def test_roc_auc_0_8125_equals_sklearn(keras3_torch: BackendWorker) -> None:
    assert roc_auc_score(Y, P) == 0.8125
    assert assert_agrees(keras3_torch, Y, P) == pytest.approx([0.8125] * 3)
    assert keras_auc(Y, P, target="keras2.3") == pytest.approx(0.8125)


def test_pr_interpolation_0_8369_and_majoring_equals_average_precision(
    keras3_torch: BackendWorker,
) -> None:
    assert assert_agrees(keras3_torch, Y, P, curve="PR") == pytest.approx([0.8369187] * 3)
    average_precision = average_precision_score(Y, P)
    assert average_precision == pytest.approx(0.8541667)
    majoring = assert_agrees(keras3_torch, Y, P, curve="PR", summation_method="majoring")
    assert majoring == pytest.approx([average_precision] * 3)
    minoring = assert_agrees(keras3_torch, Y, P, curve="PR", summation_method="minoring")
    assert all(m < average_precision for m in minoring)


def test_logits_are_clipped_without_from_logits(keras3_torch: BackendWorker) -> None:
    assert assert_agrees(keras3_torch, Y, LOGITS) == pytest.approx([0.78125] * 3)
    assert assert_agrees(keras3_torch, Y, LOGITS, from_logits=True) == pytest.approx([0.8125] * 3)
    assert roc_auc_score(Y, LOGITS) == 0.8125  # rank-based
    # Keras 2.3 compares without clipping: logits above 1+ε pass every threshold and negative
    # ones none, so the curve never reaches (0, 0) or (1, 1): (0.25, 0.75) → (0, 0.5)
    unclipped = auc_compared_per_threshold("tf_keras", Y, LOGITS)
    assert unclipped == pytest.approx(0.125)
    assert keras_auc(Y, LOGITS, target="keras2.3") == pytest.approx(unclipped)


def test_scores_in_one_bucket_give_half(keras3_torch: BackendWorker) -> None:
    y, p = (
        np.array([0, 1, 0, 1], np.float32),
        np.array([0.5001, 0.5002, 0.5003, 0.5004], np.float32),
    )
    assert roc_auc_score(y, p) == 0.75
    assert assert_agrees(keras3_torch, y, p) == [0.5] * 3
    assert assert_agrees(keras3_torch, y, p, num_thresholds=100_000) == pytest.approx([0.75] * 3)


def test_multi_label_macro_and_micro_match_sklearn(keras3_torch: BackendWorker) -> None:
    y = np.array([[1, 1], [0, 1], [1, 0], [0, 0]], np.float32)
    p = np.array([[0.9, 0.8], [0.7, 0.6], [0.4, 0.45], [0.3, 0.2]], np.float32)
    assert roc_auc_score(y, p, average="micro") == 0.8125
    assert roc_auc_score(y, p, average="macro") == 0.875
    assert assert_agrees(keras3_torch, y, p) == pytest.approx([0.8125] * 3)
    assert assert_agrees(keras3_torch, y, p, multi_label=True) == pytest.approx([0.875] * 3)
    weighted = assert_agrees(keras3_torch, y, p, multi_label=True, label_weights=[3.0, 1.0])
    per_label = [roc_auc_score(y[:, i], p[:, i]) for i in range(2)]
    assert weighted == pytest.approx([(3 * per_label[0] + per_label[1]) / 4] * 3)


def test_every_bucket_boundary_in_float32(keras3_torch: BackendWorker) -> None:
    for n in (200, 7):
        grid = np.arange(n, dtype=np.float64) / (n - 1)
        for p in (grid.astype(np.float32), grid):  # float64 is cast to float32 by AUC
            y = (np.arange(n) % 3 == 0).astype(np.float32)
            for curve in ("ROC", "PR"):
                assert_agrees(keras3_torch, y, p, num_thresholds=n, curve=curve)


def test_sample_weights_and_zero_weights(keras3_torch: BackendWorker) -> None:
    w = np.array([1.0, 0.0, 2.0, 1.0, 0.0, 3.0, 1.0, 0.5])
    ours = assert_agrees(keras3_torch, Y, P, w)
    assert ours == pytest.approx([roc_auc_score(Y, P, sample_weight=w)] * 3)
    assert assert_agrees(keras3_torch, Y, P, np.zeros(8)) == [0.0] * 3
    column = assert_agrees(keras3_torch, Y.reshape(-1, 1), P, w.reshape(-1, 1))
    assert column == pytest.approx(ours)


def test_tf_keras_rejects_weights_when_it_squeezes_the_outputs(keras3_torch: BackendWorker) -> None:
    y, p, w = Y, P.reshape(-1, 1), np.ones(8)
    with pytest.raises(ValueError, match="weights can not be broadcast"):
        metric_result("tf_keras", "AUC", y, p, w)
    with pytest.raises(FrameworkError, match="weights can not be broadcast"):
        keras_auc(y, p, sample_weight=w)
    assert assert_agrees(keras3_torch, y, p, w) == pytest.approx([0.8125] * 2)  # Keras 3 copes
    assert keras_auc(y.reshape(-1, 1), p, sample_weight=w) == pytest.approx(0.8125)


def test_pr_gain_and_custom_thresholds(keras3_torch: BackendWorker) -> None:
    for curve in ("PRGAIN", "PR_GAIN"):
        assert_agrees(keras3_torch, Y, P, curve=curve)  # PR_GAIN: tf-keras only
    with pytest.raises(UnknownNameError, match="PR_GAIN"):
        keras_auc(Y, P, curve="PR_GAIN", target="keras3")
    even = assert_agrees(keras3_torch, Y, P, thresholds=[0.25, 0.5, 0.75])
    assert even == pytest.approx([keras_auc(Y, P, num_thresholds=5)] * 3)
    uneven = assert_agrees(keras3_torch, Y, LOGITS, thresholds=[0.3, 0.55, 0.6])
    assert uneven[0] == pytest.approx(
        keras_auc(Y, LOGITS, thresholds=[0.3, 0.55, 0.6], target="keras2.3")
    )


def test_rejections() -> None:
    with pytest.raises(UnknownNameError, match="no AUC metric"):
        keras_auc(Y, P, target="keras2.2")
    with pytest.raises(UnknownNameError, match="torchmetrics"):
        keras_auc(Y, P, target="torchmetrics")
    with pytest.raises(FrameworkError, match="from_logits"):
        keras_auc(Y, P, from_logits=True, target="keras2.3")
    with pytest.raises(FrameworkError, match="rank 2"):
        keras_auc(Y, P, multi_label=True)
    with pytest.raises(FrameworkError, match="num_thresholds"):
        keras_auc(Y, P, num_thresholds=1)
    with pytest.raises(InputError, match="same shape"):
        keras_auc(Y[:4], P)
    with pytest.raises(InputError, match="label_weights"):
        keras_auc(Y.reshape(4, 2), P.reshape(4, 2), label_weights=[1.0, 2.0, 3.0])
    with pytest.raises(UnknownNameError, match="summation"):
        keras_auc(Y, P, summation_method="trapezoid")


# --- properties ---------------------------------------------------------------------------

ON_GRID = [i / 199 for i in (0, 1, 99, 100, 198, 199)]
SCORES = st.one_of(
    st.sampled_from([0.0, 1.0, 0.5, 0.5001, 0.5004, -0.3, 1.7, *ON_GRID]),
    st.floats(0, 1, width=32),
    st.floats(-4, 4, width=32),
)


@st.composite
def auc_cases(draw: st.DrawFn) -> dict[str, Any]:
    n = draw(st.integers(2, 10))
    labels = draw(st.integers(1, 3))
    shape = (n, labels)
    p = np.array(draw(st.lists(SCORES, min_size=n * labels, max_size=n * labels))).reshape(shape)
    y = np.array(draw(st.lists(st.sampled_from([0, 1, 1, 0, 0.3, -1]), min_size=n * labels,
                               max_size=n * labels))).reshape(shape)  # fmt: skip
    config: dict[str, Any] = {
        "curve": draw(st.sampled_from(["ROC", "PR", "PRGAIN"])),
        "summation_method": draw(st.sampled_from(["interpolation", "majoring", "minoring"])),
        "from_logits": draw(st.booleans()),
        "multi_label": labels > 1 and draw(st.booleans()),
    }
    grid = draw(st.sampled_from([None, None, 7, 50, [0.25, 0.5, 0.75], [0.1, 0.5, 0.55]]))
    if isinstance(grid, int):
        config["num_thresholds"] = grid
    elif grid is not None:
        config["thresholds"] = grid
    if labels > 1 and draw(st.booleans()):
        config["label_weights"] = draw(st.lists(st.sampled_from([0.0, 1.0, 2.5]), min_size=labels,
                                                max_size=labels))  # fmt: skip
    if labels == 1 and draw(st.booleans()):
        y, p = y[:, 0], p if draw(st.booleans()) else p[:, 0]
    weights = None
    if draw(st.booleans()):
        weights = np.array(
            draw(st.lists(st.sampled_from([0.0, 1.0, 2.0, 0.5]), min_size=n, max_size=n))
        )
    dtype = draw(st.sampled_from([np.float32, np.float64]))
    if config["from_logits"]:
        # Each library's float32 sigmoid differs from the correctly rounded one by up to an
        # ulp (tf-keras and torch disagree with each other on ~70% of random inputs); that only
        # matters on a bucket boundary, which tiny non-zero logits hit (sigmoid ≈ 0.5 + 1 ulp).
        p = np.where(np.abs(p) < 1e-3, 0.0, p)
    return {
        "y_true": y.astype(np.float32),
        "y_pred": p.astype(dtype),
        "sample_weight": weights,
        **config,
    }


@settings(max_examples=50, deadline=None)
@given(auc_cases())
def test_auc_matches_keras(keras3_torch: BackendWorker, case: dict[str, Any]) -> None:
    assert_agrees(keras3_torch, **case)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.integers(0, 198), min_size=2, max_size=40, unique=True),
    st.lists(st.booleans(), min_size=40, max_size=40),
    st.booleans(),
)
def test_roc_equals_sklearn_when_buckets_are_distinct(
    buckets: list[int], positive: list[bool], multi_label: bool
) -> None:
    p = (np.array(buckets) + 0.5) / 199  # strictly inside distinct buckets
    y = np.array(positive[: len(buckets)], dtype=float)
    assume(len(set(y)) == 2)
    assert keras_auc(y, p) == pytest.approx(roc_auc_score(y, p), abs=1e-6)
    if multi_label and len(buckets) >= 4 and len(buckets) % 2 == 0:
        y2, p2 = y.reshape(-1, 2), p.reshape(-1, 2)
        if all(len(set(y2[:, i])) == 2 for i in range(2)):
            macro = roc_auc_score(y2, p2, average="macro")
            assert keras_auc(y2, p2, multi_label=True) == pytest.approx(macro, abs=1e-6)
            assert keras_auc(y2, p2) == pytest.approx(
                roc_auc_score(y2, p2, average="micro"), abs=1e-6
            )


@settings(max_examples=40, deadline=None)
@given(auc_cases())
def test_keras23_matches_the_per_threshold_path(case: dict[str, Any]) -> None:
    case = {**case, "from_logits": False, "multi_label": False}
    case.pop("label_weights", None)
    if case["curve"] == "PRGAIN":
        case["curve"] = "ROC"
    y, p, w = case.pop("y_true"), case.pop("y_pred"), case.pop("sample_weight")
    if w is not None and np.ndim(p) == np.ndim(y) + 1:
        y = y.reshape(np.shape(p))  # avoid tf-keras's own weight-shape bug in the oracle
    expected = auc_compared_per_threshold("tf_keras", y, p, w, **case)
    ours = keras_auc(y, p, sample_weight=w, target="keras2.3", **case)
    assert ours == pytest.approx(expected, abs=1e-6)


def test_empty_threshold_list_and_bad_inputs() -> None:
    assert metric_result("tf_keras", "AUC", Y, P, thresholds=[]) == 0.5
    assert keras_auc(Y, P, thresholds=[]) == 0.5
    with pytest.raises(InputError, match="NaN"):
        keras_auc(Y, np.where(P > 0.5, np.nan, P))
    with pytest.raises(InputError, match="negative"):
        keras_auc(Y.reshape(4, 2), P.reshape(4, 2), label_weights=[1.0, -1.0])
