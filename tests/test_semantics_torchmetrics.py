"""headcheck.semantics.torchmetrics against the real torchmetrics 1.9.0 (never mocked).

Every comparison runs both on the same NumPy arrays: values must agree within 1e-6 (both are
float32 computations) and errors must carry torchmetrics' exception class and message.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

torch = pytest.importorskip("torch")
torchmetrics = pytest.importorskip("torchmetrics")

import torchmetrics.functional as tmf  # noqa: E402
import torchmetrics.functional.classification as tmc  # noqa: E402
from torchmetrics.utilities.compute import normalize_logits_if_needed  # noqa: E402

from headcheck._errors import FrameworkError, InputError  # noqa: E402
from headcheck.semantics import torchmetrics as hc  # noqa: E402
from headcheck.semantics._torchmetrics_checks import torch_repr  # noqa: E402

pytestmark = pytest.mark.oracle

TOL = 1e-6
HYPOTHESIS = settings(max_examples=60, deadline=None)

Outcome = tuple[Any, ...]


def tensor(values: Any) -> Any:
    """The tensor a user would build from the same array (dtype kept)."""
    return torch.from_numpy(np.array(values, order="C"))  # keeps 0-d arrays 0-d


def run_torchmetrics(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Outcome:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            result = function(*[tensor(a) for a in args], **kwargs)
        except Exception as exc:  # the framework's error is the result being compared
            return ("error", type(exc).__name__, str(exc))
    return ("ok", result.numpy())


def run_headcheck(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Outcome:
    try:
        result = function(*args, **kwargs)
    except FrameworkError as exc:
        error = exc
    else:
        return ("ok", np.asarray(result))
    assert error.target == "torchmetrics"
    return ("error", error.framework_type, error.framework_message)


def assert_same(expected: Outcome, actual: Outcome) -> None:
    assert expected[0] == actual[0], f"torchmetrics {expected} vs headcheck {actual}"
    if expected[0] == "error":
        assert actual == expected
        return
    want, got = expected[1], actual[1]
    assert got.shape == want.shape
    np.testing.assert_allclose(got, want, atol=TOL, rtol=0)


def both(
    tm_function: Callable[..., Any],
    hc_function: Callable[..., Any],
    preds: Any,
    target: Any,
    tm_kwargs: dict[str, Any],
    hc_kwargs: dict[str, Any] | None = None,
) -> Outcome:
    """Run both, assert they agree, return torchmetrics' outcome."""
    expected = run_torchmetrics(tm_function, preds, target, **tm_kwargs)
    actual = run_headcheck(hc_function, preds, target, **(hc_kwargs or tm_kwargs))
    assert_same(expected, actual)
    return expected


# --- the [run] facts of framework-semantics.md section 6 -----------------------------------


def f32(values: Any) -> np.ndarray:
    return np.asarray(values, dtype=np.float32)


def i64(values: Any) -> np.ndarray:
    return np.asarray(values, dtype=np.int64)


def value_of(outcome: Outcome) -> float:
    assert outcome[0] == "ok", outcome
    return float(outcome[1])


def test_tm001_probabilities_threshold_half() -> None:
    kwargs = {"task": "binary"}
    outcome = both(tmf.accuracy, hc.accuracy, f32([0.2, 0.7, 0.6, 0.4]), i64([0, 1, 0, 0]), kwargs)
    assert value_of(outcome) == pytest.approx(0.75)


def test_tm002_any_value_outside_unit_interval_sigmoids_the_tensor() -> None:
    preds, target = f32([-1.2, 0.3, 2.0, -0.1]), i64([0, 1, 1, 0])
    outcome = both(tmf.accuracy, hc.accuracy, preds, target, {"task": "binary"})
    assert value_of(outcome) == pytest.approx(1.0)
    assert hc.auto_sigmoid_applied(preds)


def test_tm003_logits_inside_unit_interval_are_not_sigmoided() -> None:
    preds, target = f32([0.3, 0.8, 0.1, 0.6]), i64([1, 1, 1, 1])
    outcome = both(tmf.accuracy, hc.accuracy, preds, target, {"task": "binary"})
    assert value_of(outcome) == pytest.approx(0.5)  # 1.0 had they been sigmoided
    assert not hc.auto_sigmoid_applied(preds)
    assert normalize_logits_if_needed(tensor(preds), "sigmoid").numpy().tolist() == preds.tolist()


def test_tm004_exactly_half_is_class_zero() -> None:
    kwargs = {"task": "binary"}
    assert value_of(both(tmf.accuracy, hc.accuracy, f32([0.5]), i64([1]), kwargs)) == 0.0
    assert value_of(both(tmf.accuracy, hc.accuracy, f32([0.5]), i64([0]), kwargs)) == 1.0


def test_tm007_tm014_ignore_index_drops_targets() -> None:
    preds, target = f32([0.9, 0.1, 0.8, 0.3]), i64([1, -1, 0, -1])
    kwargs = {"task": "binary", "ignore_index": -1}
    assert value_of(both(tmf.accuracy, hc.accuracy, preds, target, kwargs)) == pytest.approx(0.5)
    scores = f32([[0.8, 0.1, 0.1], [0.2, 0.7, 0.1], [0.1, 0.1, 0.8], [0.3, 0.3, 0.4]])
    labels = i64([0, 2, 2, 255])
    kwargs = {"task": "multiclass", "num_classes": 3, "ignore_index": 255}
    assert value_of(both(tmf.accuracy, hc.accuracy, scores, labels, kwargs)) == pytest.approx(2 / 3)


def test_tm008_tm009_micro_wrapper_versus_macro_class_default() -> None:
    preds, target = i64([0, 0, 1, 1, 1, 0]), i64([0, 0, 1, 1, 1, 2])
    micro = both(tmf.accuracy, hc.accuracy, preds, target, {"task": "multiclass", "num_classes": 3})
    assert value_of(micro) == pytest.approx(0.8333333)
    macro = both(tmc.multiclass_accuracy, hc.multiclass_accuracy, preds, target, {}, {})
    assert macro[0] == "error"  # the functional's num_classes=None needs average='micro'
    macro = both(
        tmc.multiclass_accuracy,
        hc.multiclass_accuracy,
        preds,
        target,
        {"num_classes": 3},
    )
    assert value_of(macro) == pytest.approx(0.6666667)
    metric = torchmetrics.classification.MulticlassAccuracy(num_classes=3)
    metric.update(tensor(preds), tensor(target))
    assert float(metric.compute()) == pytest.approx(
        hc.multiclass_accuracy(preds, target, num_classes=3)
    )


def test_tm016_one_hot_targets_are_read_as_label_maps() -> None:
    probs = f32([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.2, 0.2, 0.6]])
    one_hot = i64(np.eye(3))
    kwargs = {"task": "multiclass", "num_classes": 3}
    assert value_of(both(tmf.accuracy, hc.accuracy, probs, one_hot, kwargs)) == 0.0
    # the same predictions scored with integer labels are all right
    assert value_of(both(tmf.accuracy, hc.accuracy, probs, i64([0, 1, 2]), kwargs)) == 1.0


def test_tm017_num_classes_missing() -> None:
    outcome = both(tmf.accuracy, hc.accuracy, f32([[0.7, 0.3]]), i64([0]), {"task": "multiclass"})
    assert outcome == (
        "error",
        "ValueError",
        "Optional arg `num_classes` must be type `int` when task is "
        "ClassificationTask.MULTICLASS. Got <class 'NoneType'>",
    )


MULTILABEL_TARGET = i64([[0, 1, 0], [1, 0, 1], [0, 0, 1], [1, 1, 0]])
MULTILABEL_PREDS = f32([[0.1, 0.8, 0.6], [0.9, 0.2, 0.3], [0.2, 0.1, 0.7], [0.8, 0.3, 0.4]])


def test_tm018_to_tm021_multilabel_accuracy_and_exact_match() -> None:
    p, t = MULTILABEL_PREDS, MULTILABEL_TARGET
    wrapper = both(tmf.accuracy, hc.accuracy, p, t, {"task": "multilabel", "num_labels": 3})
    assert value_of(wrapper) == pytest.approx(0.75)
    kwargs: dict[str, Any] = {"num_labels": 3}
    macro = both(tmc.multilabel_accuracy, hc.multilabel_accuracy, p, t, kwargs)
    assert value_of(macro) == pytest.approx(0.75)
    per_label = both(
        tmc.multilabel_accuracy, hc.multilabel_accuracy, p, t, {"num_labels": 3, "average": None}
    )
    assert per_label[1].tolist() == [1.0, 0.75, 0.5]
    exact = both(tmc.multilabel_exact_match, hc.multilabel_exact_match, p, t, kwargs)
    assert value_of(exact) == pytest.approx(0.25)


def test_tm023_state_accumulates_counts_across_updates() -> None:
    batches = [
        (f32([0.9, 0.1, 0.2, 0.8]), i64([1, 1, 0, 0])),  # 2/4
        (f32([0.7, 0.3]), i64([1, 0])),  # 2/2
    ]
    metric = torchmetrics.Accuracy(task="binary")
    for preds, target in batches:
        metric.update(tensor(preds), tensor(target))
    expected = float(metric.compute())
    assert expected == pytest.approx(4 / 6)
    assert hc.accuracy_over_batches(batches, task="binary") == pytest.approx(expected, abs=TOL)


def test_sigmoid_is_decided_per_update() -> None:
    # batch 1 holds logits inside [0, 1] (thresholded raw), batch 2 has one outside (sigmoided)
    batches = [(f32([0.3, 0.8, 0.1]), i64([1, 1, 1])), (f32([-0.2, 0.4, 1.5]), i64([0, 1, 1]))]
    metric = torchmetrics.Accuracy(task="binary")
    for preds, target in batches:
        metric.update(tensor(preds), tensor(target))
    expected = float(metric.compute())
    assert expected == pytest.approx(4 / 6)
    assert hc.accuracy_over_batches(batches, task="binary") == pytest.approx(expected, abs=TOL)
    joined = (np.concatenate([b[0] for b in batches]), np.concatenate([b[1] for b in batches]))
    assert hc.accuracy(*joined, task="binary") == pytest.approx(1.0)  # one call: all sigmoided


# --- property tests: binary --------------------------------------------------------------

TARGET_DTYPES = st.sampled_from([np.int64, np.int64, np.int64, np.int32, np.float32, np.bool_])
THRESHOLDS = st.one_of(
    st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0]), st.floats(0.0, 1.0, allow_nan=False)
)


@st.composite
def float_preds(draw: st.DrawFn, shape: tuple[int, ...]) -> np.ndarray:
    """Probabilities (0, 0.5 and 1 likely), logits (some all inside [0, 1]) or tiny logits."""
    dtype = draw(st.sampled_from([np.float32, np.float32, np.float64]))
    kind = draw(st.sampled_from(["probabilities", "logits", "near-zero", "grid"]))
    if kind == "probabilities":
        elements = st.one_of(
            st.sampled_from([0.0, 0.5, 1.0, 0.25, 0.75]), st.floats(0, 1, width=32)
        )
    elif kind == "logits":
        elements = st.floats(-8, 8, width=32)
    elif kind == "near-zero":
        elements = st.sampled_from([0.0, 1e-9, -1e-9, 1e-7, -1e-7, 2e-7, 0.5, -0.5])
    else:
        elements = st.sampled_from([-1.0, -0.5, 0.0, 0.5, 1.0, 1.5])
    return draw(hnp.arrays(dtype, shape, elements=elements))


@st.composite
def binary_case(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, dict[str, Any]]:
    n = draw(st.integers(1, 30))
    shape = (n,) if draw(st.booleans()) else (n, draw(st.integers(1, 4)))
    target = draw(hnp.arrays(np.int64, shape, elements=st.integers(0, 1)))
    label_preds = draw(st.integers(0, 4)) == 0
    if label_preds:
        preds = draw(hnp.arrays(draw(st.sampled_from([np.int64, np.bool_])), shape))
        preds = preds.astype(np.int64) % 2 if preds.dtype != np.bool_ else preds
    else:
        preds = draw(float_preds(shape))
    ignore_index = draw(st.sampled_from([None, None, -1, 0, 1, 255]))
    if ignore_index is not None:
        mask = draw(hnp.arrays(np.bool_, shape))
        target = np.where(mask, ignore_index, target)
    target = target.astype(draw(TARGET_DTYPES))  # bool turns -1 and 255 into True, as torch does
    kwargs: dict[str, Any] = {"threshold": draw(THRESHOLDS), "ignore_index": ignore_index}
    if len(shape) > 1 and draw(st.booleans()):
        kwargs["multidim_average"] = "samplewise"
    return preds, target, kwargs


@HYPOTHESIS
@given(binary_case())
def test_binary_accuracy_matches(case: tuple[np.ndarray, np.ndarray, dict[str, Any]]) -> None:
    preds, target, kwargs = case
    both(tmc.binary_accuracy, hc.binary_accuracy, preds, target, kwargs)
    both(tmf.accuracy, hc.accuracy, preds, target, {"task": "binary", **kwargs})


@HYPOTHESIS
@given(float_preds((12,)))
def test_auto_sigmoid_applied_matches(preds: np.ndarray) -> None:
    t = tensor(preds)
    applied = normalize_logits_if_needed(t, "sigmoid") is not t
    assert hc.auto_sigmoid_applied(preds) is applied
    assert applied == bool(np.any((preds < 0) | (preds > 1)))


# --- property tests: multiclass ----------------------------------------------------------

AVERAGES = st.sampled_from(["micro", "macro", "weighted", "none", None])


@st.composite
def multiclass_case(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, dict[str, Any]]:
    c = draw(st.integers(2, 20))
    n = draw(st.integers(1, 25))
    extra = draw(st.sampled_from([(), (), (), (2,), (3,)]))
    target = draw(hnp.arrays(np.int64, (n, *extra), elements=st.integers(0, c - 1)))
    mode = draw(st.sampled_from(["ties", "scores", "distinct", "labels", "odd-labels"]))
    top_k = 1
    if mode == "labels":
        preds = draw(hnp.arrays(np.int64, (n, *extra), elements=st.integers(0, c - 1)))
    elif mode == "odd-labels":  # values torchmetrics does not range-check
        preds = draw(hnp.arrays(np.int64, (n, *extra), elements=st.integers(-1, c + 1)))
    else:
        dtype = draw(st.sampled_from([np.float32, np.float64]))
        if mode == "ties":  # a coarse grid: argmax ties are frequent
            elements = st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0])
            preds = draw(hnp.arrays(dtype, (n, c, *extra), elements=elements))
        else:
            elements = st.floats(-10, 10, width=32)
            preds = draw(hnp.arrays(dtype, (n, c, *extra), elements=elements, unique=True))
            if mode == "distinct":  # no ties at all, so top-k is well defined
                top_k = draw(st.integers(1, c))
    ignore_index = draw(st.sampled_from([None, None, -1, 255, draw(st.integers(0, c - 1))]))
    if ignore_index is not None:
        mask = draw(hnp.arrays(np.bool_, target.shape))
        target = np.where(mask, ignore_index, target)
    target = target.astype(draw(st.sampled_from([np.int64, np.int64, np.int32, np.float32])))
    kwargs: dict[str, Any] = {
        "num_classes": c,
        "average": draw(AVERAGES),
        "top_k": top_k,
        "ignore_index": ignore_index,
    }
    if extra and draw(st.booleans()):
        kwargs["multidim_average"] = "samplewise"
    return preds, target, kwargs


@HYPOTHESIS
@given(multiclass_case())
def test_multiclass_accuracy_matches(case: tuple[np.ndarray, np.ndarray, dict[str, Any]]) -> None:
    preds, target, kwargs = case
    both(tmc.multiclass_accuracy, hc.multiclass_accuracy, preds, target, kwargs)
    both(tmf.accuracy, hc.accuracy, preds, target, {"task": "multiclass", **kwargs})


@settings(max_examples=30, deadline=None)
@given(st.integers(2, 10), st.integers(1, 20), st.data())
def test_one_hot_targets_match(c: int, n: int, data: st.DataObject) -> None:
    labels = data.draw(hnp.arrays(np.int64, (n,), elements=st.integers(0, c - 1)))
    one_hot = np.eye(c, dtype=np.int64)[labels]
    logits = data.draw(hnp.arrays(np.float32, (n, c), elements=st.floats(-5, 5, width=32)))
    probs = torch.softmax(tensor(logits), dim=1).numpy()
    for preds in (probs, logits):
        kwargs = {"task": "multiclass", "num_classes": c}
        both(tmf.accuracy, hc.accuracy, preds, one_hot, kwargs)
        both(tmc.multiclass_accuracy, hc.multiclass_accuracy, preds, one_hot, {"num_classes": c})


# --- property tests: multilabel ----------------------------------------------------------


@st.composite
def multilabel_case(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, dict[str, Any]]:
    labels = draw(st.integers(1, 10))
    n = draw(st.integers(1, 20))
    shape = (n, labels, *draw(st.sampled_from([(), (), (2,)])))
    target = draw(hnp.arrays(np.int64, shape, elements=st.integers(0, 1)))
    if draw(st.integers(0, 4)) == 0:
        preds = draw(hnp.arrays(np.int64, shape, elements=st.integers(0, 1)))
    else:
        preds = draw(float_preds(shape))
    ignore_index = draw(st.sampled_from([None, None, -1, 0, 255]))
    if ignore_index is not None:
        mask = draw(hnp.arrays(np.bool_, shape))
        target = np.where(mask, ignore_index, target)
    target = target.astype(draw(TARGET_DTYPES))
    kwargs: dict[str, Any] = {
        "num_labels": labels,
        "threshold": draw(THRESHOLDS),
        "ignore_index": ignore_index,
    }
    if len(shape) > 2 and draw(st.booleans()):
        kwargs["multidim_average"] = "samplewise"
    return preds, target, kwargs


@HYPOTHESIS
@given(multilabel_case(), AVERAGES)
def test_multilabel_accuracy_and_exact_match_match(
    case: tuple[np.ndarray, np.ndarray, dict[str, Any]], average: str | None
) -> None:
    preds, target, kwargs = case
    both(tmc.multilabel_exact_match, hc.multilabel_exact_match, preds, target, kwargs)
    kwargs["average"] = average
    both(tmc.multilabel_accuracy, hc.multilabel_accuracy, preds, target, kwargs)
    both(tmf.accuracy, hc.accuracy, preds, target, {"task": "multilabel", **kwargs})


# --- property tests: accumulation over update calls --------------------------------------


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(["binary", "multiclass", "multilabel"]), st.data())
def test_accuracy_over_batches_matches_metric_updates(task: str, data: st.DataObject) -> None:
    strategy = {"binary": binary_case, "multiclass": multiclass_case, "multilabel": multilabel_case}
    first = data.draw(strategy[task]())
    kwargs = dict(first[2])
    batches = [first[:2]]
    for _ in range(data.draw(st.integers(0, 3))):  # more batches shaped like the first
        preds, target, _ = data.draw(strategy[task]())
        assume(preds.shape[1:] == first[0].shape[1:] and preds.dtype == first[0].dtype)
        assume(target.shape[1:] == first[1].shape[1:])
        batches.append((preds, target))
    if task != "binary":
        kwargs.setdefault("average", "micro")
    if task == "multiclass":
        kwargs["num_classes"] = max(kwargs["num_classes"], 2)
    expected: Outcome
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            metric = torchmetrics.Accuracy(task=task, **kwargs)
            for preds, target in batches:
                metric.update(tensor(preds), tensor(target))
            expected = ("ok", metric.compute().numpy())
        except Exception as exc:
            expected = ("error", type(exc).__name__, str(exc))
    actual = run_headcheck(hc.accuracy_over_batches, batches, task=task, **kwargs)
    assert_same(expected, actual)


# --- errors: arguments ---------------------------------------------------------------------

P_BIN, T_BIN = f32([0.2, 0.7, 0.6]), i64([0, 1, 1])
P_MC, T_MC = f32([[0.2, 0.5, 0.3], [0.1, 0.1, 0.8]]), i64([1, 2])
P_ML, T_ML = f32([[0.2, 0.7], [0.9, 0.1]]), i64([[0, 1], [1, 1]])

ARGUMENT_ERRORS = [
    ("binary", {"threshold": 1}),
    ("binary", {"threshold": 1.5}),
    ("binary", {"threshold": -0.1}),
    ("binary", {"threshold": "0.5"}),
    ("binary", {"multidim_average": "foo"}),
    ("binary", {"ignore_index": 3.0}),
    ("accuracy", {"task": "foo"}),
    ("accuracy", {"task": "multi-class", "num_classes": 3}),
    ("accuracy", {"task": "Binary"}),
    ("accuracy", {"task": "MULTICLASS", "num_classes": 3}),
    ("accuracy", {"task": "multiclass", "num_classes": 3, "top_k": None}),
    ("accuracy", {"task": "multiclass", "num_classes": 3.0}),
    ("accuracy", {"task": "multilabel"}),
    ("multiclass", {}),
    ("multiclass", {"average": "micro"}),
    ("multiclass", {"num_classes": 1}),
    ("multiclass", {"num_classes": 2.0}),
    ("multiclass", {"num_classes": 3, "average": "foo"}),
    ("multiclass", {"num_classes": 3, "top_k": 4}),
    ("multiclass", {"num_classes": 3, "top_k": 0.5}),
    ("multiclass", {"num_classes": 3, "top_k": 2, "average": "micro"}),
    ("multiclass", {"average": "micro", "top_k": 2}),
    ("multiclass", {"num_classes": 3, "multidim_average": "foo"}),
    ("multiclass", {"num_classes": 3, "ignore_index": "x"}),
    ("multilabel", {"num_labels": 1}),
    ("multilabel", {"num_labels": 2, "threshold": 1}),
    ("multilabel", {"num_labels": 2, "average": "binary"}),
    ("exact", {"num_labels": 2, "threshold": 2.0}),
]

FUNCTIONS = {
    "binary": (tmc.binary_accuracy, hc.binary_accuracy, P_BIN, T_BIN),
    "accuracy": (tmf.accuracy, hc.accuracy, P_MC, T_MC),
    "multiclass": (tmc.multiclass_accuracy, hc.multiclass_accuracy, P_MC, T_MC),
    "multilabel": (tmc.multilabel_accuracy, hc.multilabel_accuracy, P_ML, T_ML),
    "exact": (tmc.multilabel_exact_match, hc.multilabel_exact_match, P_ML, T_ML),
}


@pytest.mark.parametrize(("which", "kwargs"), ARGUMENT_ERRORS)
def test_argument_handling_matches(which: str, kwargs: dict[str, Any]) -> None:
    tm_function, hc_function, preds, target = FUNCTIONS[which]
    if which == "accuracy" and kwargs.get("task", "").lower() == "binary":
        preds, target = P_BIN, T_BIN
    both(tm_function, hc_function, preds, target, kwargs)


@pytest.mark.parametrize("top_k", [0, -1])
def test_top_k_below_one_is_refused_where_torchmetrics_returns_garbage(top_k: int) -> None:
    preds = f32([[0.2, 0.5, 0.3], [0.1, 0.1, 0.8], [0.4, 0.4, 0.2]])
    target = i64([1, 2, 1])
    garbage = tmc.multiclass_accuracy(tensor(preds), tensor(target), 3, top_k=top_k)
    assert garbage.shape == (1,)  # not a scalar: torchmetrics did not validate top_k
    with pytest.raises(InputError, match="top_k"):
        hc.multiclass_accuracy(preds, target, num_classes=3, top_k=top_k)


# --- errors: tensors ---------------------------------------------------------------------

SAMPLEWISE = {"multidim_average": "samplewise"}
P_TIES = f32([[0.2, 0.5, 0.3], [0.1, 0.1, 0.8], [0.4, 0.4, 0.2]])
SAMPLEWISE_3 = {"num_classes": 3, **SAMPLEWISE}
TENSOR_ERRORS = [
    ("binary", f32([0.2, 0.7]), i64([0, 1, 1]), {}),
    ("binary", f32([0.2, 0.7]), i64([0, 2]), {}),
    ("binary", f32([0.2, 0.7]), f32([0.5, 1.0]), {}),
    ("binary", f32([0.2, 0.7]), i64([0, 3]), {"ignore_index": 3}),
    ("binary", f32([0.2, 0.7]), f32([0.0, 3.5]), {"ignore_index": 3}),
    ("binary", i64([2, 1]), i64([0, 1]), {}),
    ("binary", f32([0.2, 0.7]), i64([0, 1]), {"multidim_average": "samplewise"}),
    ("binary", f32(0.7), i64(1), {}),
    ("binary", f32([[0.2, 0.7]]), i64([[0, 1]]), {"multidim_average": "samplewise"}),
    ("multiclass", P_MC, i64([[1, 2]]), {"num_classes": 3}),
    ("multiclass", P_MC[None], T_MC, {"num_classes": 3}),
    ("multiclass", i64([[0, 1, 0], [1, 0, 0]]), T_MC, {"num_classes": 3}),
    ("multiclass", P_MC, T_MC, {"num_classes": 4}),
    ("multiclass", i64([0, 1, 2]), i64([0, 1]), {"num_classes": 3}),
    ("multiclass", P_MC[:, :, None], T_MC, {"num_classes": 3}),
    ("multiclass", P_MC, T_MC, {"num_classes": 3, "multidim_average": "samplewise"}),
    ("multiclass", T_MC, T_MC, {"num_classes": 3, "multidim_average": "samplewise"}),
    ("multiclass", i64([0, 1, 2, 2]), i64([0, 1, 7, 8]), {"num_classes": 3}),
    ("multiclass", i64([0, 1, 5]), i64([0, 1, 1]), {"num_classes": 3}),
    ("multiclass", i64([0, 1, 2]), i64([0, 1, 5]), {"num_classes": 3}),
    ("multiclass", i64([0, 1, 2]), i64([0, 1, -3]), {"num_classes": 3}),
    ("multiclass", f32([0.0, 1.0, 2.0]), f32([0.0, 1.0, 1.7]), {"num_classes": 3}),
    ("multiclass", P_MC.repeat(2, 0), i64([0, 1, 7, 8]), {"num_classes": 3}),
    ("multiclass", P_MC.repeat(2, 0), i64([0, 1, 7, 8]), {"average": "micro"}),
    ("multiclass", f32([0.7, 0.3]), i64(1), {"num_classes": 2}),
    ("multiclass", i64(1), i64(1), {"num_classes": 2}),
    ("multiclass", P_MC, T_MC, {"num_classes": 3, "top_k": 2}),
    ("multiclass", P_MC, f32([1.0, 2.0]), {"num_classes": 3, "top_k": 2}),
    ("multiclass", P_MC, i64([0, 5]), {"num_classes": 3, "top_k": 2}),
    ("multiclass", P_MC, i64([0, -3]), {"num_classes": 3, "top_k": 2}),
    ("multiclass", T_MC, T_MC, {"num_classes": 3, "top_k": 2}),
    ("multiclass", P_TIES, i64([0, 1, 2]), {"num_classes": 3, "top_k": 2}),  # ties at k-th place
    ("multiclass", i64([[0, 1], [1, 0]]), i64([[0, 1], [1, 1]]), {"num_classes": 3, "top_k": 2}),
    ("multiclass", i64([[0, 5], [1, 1]]), i64([[0, 1], [1, 1]]), {"num_classes": 3, **SAMPLEWISE}),
    ("multiclass", i64([[0, -1], [1, 1]]), i64([[0, 1], [1, 1]]), {"num_classes": 3, **SAMPLEWISE}),
    ("multiclass", T_ML, i64([[0, 3], [1, 1]]), {**SAMPLEWISE_3, "ignore_index": -1}),
    ("multilabel", f32([0.2, 0.7]), i64([0, 1]), {"num_labels": 2}),
    ("multilabel", P_ML, i64([[0, 1, 1], [1, 1, 0]]), {"num_labels": 2}),
    ("multilabel", P_ML, T_ML, {"num_labels": 3}),
    ("multilabel", P_ML, i64([[0, 2], [1, 1]]), {"num_labels": 2}),
    ("multilabel", i64([[0, 2], [1, 1]]), T_ML, {"num_labels": 2}),
    ("multilabel", P_ML, T_ML, {"num_labels": 2, "multidim_average": "samplewise"}),
    ("multilabel", P_ML[None], T_ML[None], {"num_labels": 2, **SAMPLEWISE}),
    ("multilabel", P_ML[None], T_ML[None], {"num_labels": 2, **SAMPLEWISE, "average": "micro"}),
]  # fmt: skip


@pytest.mark.parametrize(("which", "preds", "target", "kwargs"), TENSOR_ERRORS)
def test_tensor_handling_matches(
    which: str, preds: np.ndarray, target: np.ndarray, kwargs: dict[str, Any]
) -> None:
    tm_function, hc_function, _, _ = FUNCTIONS[which]
    both(tm_function, hc_function, preds, target, kwargs)


@settings(max_examples=40, deadline=None)
@given(
    st.one_of(
        hnp.arrays(st.sampled_from([np.int64, np.int32, np.int16]), st.integers(1, 40)),
        hnp.arrays(
            st.sampled_from([np.float32, np.float64]),
            st.integers(1, 40),
            elements=st.one_of(
                st.floats(-1e3, 1e3, width=32), st.sampled_from([0.0, 0.5, 1e-5, 1e9, 2.0])
            ),
        ),
    )
)
def test_target_value_messages_print_tensors_like_torch(target: np.ndarray) -> None:
    # -0.0 is left out: which of 0.0 and -0.0 torch.unique keeps is not specified
    target = target + target.dtype.type(0)
    preds = np.zeros(target.shape, dtype=np.float32)
    both(tmc.binary_accuracy, hc.binary_accuracy, preds, target, {})


@pytest.mark.parametrize(
    "values",
    [
        np.arange(1500) * 1.5,
        np.arange(30) * 1000.5,
        np.array([True, False]),
        np.array([0.0, 0.0], dtype=np.float32),
        np.array([1, 0, 3], dtype=np.uint8),
        np.array([0.5, 1.0], dtype=np.float16),
        np.arange(-40, 40, dtype=np.int32) * 1000,
    ],
)
def test_torch_repr(values: np.ndarray) -> None:
    assert torch_repr(values) == repr(tensor(values))


# --- dtypes and inputs -----------------------------------------------------------------


def test_python_lists_follow_torch_tensor_default_dtype() -> None:
    # a list of Python floats becomes float32, where sigmoid(1e-8) rounds to exactly 0.5
    preds, target = [1e-8, -3.0], [1, 0]
    expected = float(tmc.binary_accuracy(torch.tensor(preds), torch.tensor(target)))
    assert expected == 0.5
    assert hc.binary_accuracy(preds, target) == expected
    # the same values in float64 stay above 0.5
    assert hc.binary_accuracy(np.array(preds), np.array(target)) == 1.0


def test_float16_preds() -> None:
    preds = np.array([-0.01, 0.3, 2.0, -4.0, 0.0, 1e-4], dtype=np.float16)
    target = i64([0, 1, 1, 0, 1, 1])
    outcome = both(tmc.binary_accuracy, hc.binary_accuracy, preds, target, {})
    assert value_of(outcome) == pytest.approx(4 / 6)


@pytest.mark.parametrize(
    "bad",
    [[0.5, float("nan")], [0.5, float("inf")], [], [["a", "b"]]],
)
def test_unusable_inputs_are_input_errors(bad: Any) -> None:
    with pytest.raises(InputError):
        hc.binary_accuracy(bad, [0, 1])


def test_no_batches_is_an_input_error() -> None:
    with pytest.raises(InputError, match="no batches"):
        hc.accuracy_over_batches([], task="binary")
