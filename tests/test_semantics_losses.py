"""Cross-entropy losses against the real frameworks: tf-keras, Keras 3 (TensorFlow in-process,
torch in the ``keras3_torch`` worker) and ``torch.nn``.

Every comparison runs the framework on the same float32 inputs and requires headcheck to agree
within 1e-6 (relative, or absolute near zero), or to raise the framework's error.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import tensorflow as tf
import tf_keras
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from tf_keras.src.engine.compile_utils import match_dtype_and_rank

from headcheck._errors import FrameworkError, HeadcheckError, InputError, UnknownNameError
from headcheck.semantics import torch_losses
from headcheck.semantics.activations import sigmoid, softmax
from headcheck.semantics.losses import (
    binary_crossentropy,
    categorical_crossentropy,
    sparse_categorical_crossentropy,
    tf_logit_recovery_warning,
)
from keras3_loss_calls import keras3_evaluate, keras3_loss

pytestmark = [
    pytest.mark.oracle,
    pytest.mark.filterwarnings("ignore:You are using a softmax over axis -1"),
    pytest.mark.filterwarnings("ignore:.*received `from_logits=True`"),
    pytest.mark.filterwarnings("ignore:In loss categorical_crossentropy"),
]

FUNCTIONS: dict[str, Callable[..., Any]] = {
    "binary_crossentropy": binary_crossentropy,
    "categorical_crossentropy": categorical_crossentropy,
    "sparse_categorical_crossentropy": sparse_categorical_crossentropy,
}
TF_KERAS_CLASSES = {
    "binary_crossentropy": tf_keras.losses.BinaryCrossentropy,
    "categorical_crossentropy": tf_keras.losses.CategoricalCrossentropy,
    "sparse_categorical_crossentropy": tf_keras.losses.SparseCategoricalCrossentropy,
}
SETTINGS = settings(max_examples=40, deadline=None)
F32 = np.float32


# --------------------------------------------------------------------------------- oracles


def tf_keras_loss(
    name: str,
    y_true: Any,
    y_pred: Any,
    *,
    from_logits: bool = False,
    label_smoothing: float = 0.0,
    sample_weight: Any = None,
    reduction: str = "sum_over_batch_size",
    logits: Any = None,
    activation: str | None = None,
) -> dict[str, Any]:
    """A tf-keras loss object on tensors, after compile's ``match_dtype_and_rank``."""
    kwargs: dict[str, Any] = {"from_logits": from_logits, "reduction": reduction}
    if name != "sparse_categorical_crossentropy":
        kwargs["label_smoothing"] = label_smoothing
    loss = TF_KERAS_CLASSES[name](**kwargs)
    if logits is not None:
        y_p = getattr(tf_keras.activations, activation or "sigmoid")(tf.constant(logits, F32))
    else:
        y_p = tf.constant(y_pred, F32)
    y_t = tf.constant(y_true, F32)
    sw = None if sample_weight is None else tf.constant(sample_weight, F32)
    y_t, _, sw = match_dtype_and_rank(y_t, y_p, sw)
    result: dict[str, Any] = {"y_pred": y_p.numpy()}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result["value"] = loss(y_t, y_p, sample_weight=sw).numpy()
        except Exception as exc:  # the framework's error is the oracle's answer
            result["error"] = (type(exc).__name__, str(exc))
    result["warnings"] = [str(w.message) for w in caught if "from_logits" in str(w.message)]
    return result


def keras3_tf_loss(name: str, y_true: Any, y_pred: Any, **kwargs: Any) -> dict[str, Any]:
    return keras3_loss(name, y_true, y_pred, **kwargs)


def headcheck_outcome(function: Callable[..., Any], *args: Any, **kwargs: Any) -> dict[str, Any]:
    try:
        return {"value": function(*args, **kwargs)}
    except FrameworkError as error:
        return {"error": (error.framework_type, error.framework_message)}


def assert_same(ours: dict[str, Any], theirs: dict[str, Any]) -> None:
    """Same value (rtol = atol = 1e-6, same shape) or the same error class and message."""
    if "error" in theirs:
        assert "error" in ours, f"framework raised {theirs['error']}, headcheck gave {ours}"
        kind, message = ours["error"]
        assert kind == theirs["error"][0]
        assert message in theirs["error"][1]
        return
    assert "value" in ours, f"headcheck raised {ours['error']}, framework gave {theirs['value']}"
    value = np.asarray(ours["value"], dtype=np.float64)
    expected = np.asarray(theirs["value"], dtype=np.float64)
    assert value.shape == expected.shape
    np.testing.assert_allclose(value, expected, rtol=1e-6, atol=1e-6)


def compare_keras(
    keras3_torch: Any, name: str, y_true: Any, y_pred: Any, **kwargs: Any
) -> list[dict[str, Any]]:
    """Compare headcheck with tf-keras, Keras 3/TF and Keras 3/torch; return their results.

    headcheck receives the ``y_pred`` each framework computed (for ``logits=``, the
    framework's own sigmoid/softmax) so that both sides start from the same numbers.
    """
    function = FUNCTIONS[name]
    oracles = [
        (tf_keras_loss, {"target": "tf.keras"}),
        (keras3_tf_loss, {"target": "keras3", "backend": "tensorflow"}),
        (
            lambda *a, **k: keras3_torch.call(keras3_loss, *a, **k),
            {"target": "keras3", "backend": "torch"},
        ),
    ]
    results = []
    for oracle, target in oracles:
        theirs = oracle(name, y_true, y_pred, **kwargs)
        prediction = theirs["y_pred"]
        ours = headcheck_outcome(function, y_true, prediction, **kwargs, **target)
        assert_same(ours, theirs)
        results.append(theirs)
    return results


# ------------------------------------------------------------------------------ strategies

PROBABILITY = st.one_of(st.sampled_from([0.0, 1.0, 0.5, 1e-8, 1 - 1e-7]), st.floats(0, 1, width=32))
LOGIT = st.one_of(
    st.sampled_from([0.0, 20.0, -20.0, 35.0, -35.0, 100.0, -100.0]),
    st.floats(-30, 30, width=32),
)
WEIGHT = st.one_of(st.just(0.0), st.floats(0, 5, width=32))
REDUCTION = st.sampled_from(["sum_over_batch_size", "sum", "none"])
SMOOTHING = st.one_of(st.just(0.0), st.sampled_from([0.1, 0.2, 0.3, 1.0]), st.floats(0, 1))


@st.composite
def sample_weights(draw: st.DrawFn, n: int) -> Any:
    shape = draw(st.sampled_from([None, (n,), (n, 1), ()]))
    if shape is None:
        return None
    if shape == ():  # one weight for the batch
        return F32(draw(WEIGHT))
    return draw(arrays(F32, shape, elements=WEIGHT))


@st.composite
def binary_case(draw: st.DrawFn, values: st.SearchStrategy[float]) -> dict[str, Any]:
    """Labels (hard, soft or multi-hot) and outputs in every shape Keras users pass."""
    n = draw(st.integers(1, 5))
    layout = draw(st.sampled_from(["single", "single_rank1_labels", "rank1", "multi"]))
    units = draw(st.integers(2, 4)) if layout == "multi" else 1
    pred_shape = (n,) if layout == "rank1" else (n, units)
    label_shape = (n,) if layout in ("rank1", "single_rank1_labels") else (n, units)
    soft = draw(st.booleans())
    labels = PROBABILITY if soft else st.sampled_from([0.0, 1.0])
    return {
        "y_true": draw(arrays(F32, label_shape, elements=labels)),
        "y_pred": draw(arrays(F32, pred_shape, elements=values)),
        "sample_weight": draw(sample_weights(n)),
        "reduction": draw(REDUCTION),
        "label_smoothing": draw(SMOOTHING),
    }


@st.composite
def categorical_case(draw: st.DrawFn, values: st.SearchStrategy[float]) -> dict[str, Any]:
    n, classes = draw(st.integers(1, 5)), draw(st.integers(2, 5))
    hot = draw(arrays(np.int64, (n,), elements=st.integers(0, classes - 1)))
    kind = draw(st.sampled_from(["one_hot", "soft", "multi_hot"]))
    if kind == "one_hot":
        y_true = np.eye(classes, dtype=F32)[hot]
    elif kind == "soft":
        y_true = softmax(draw(arrays(F32, (n, classes), elements=st.floats(-3, 3, width=32))))
    else:
        y_true = draw(arrays(F32, (n, classes), elements=st.sampled_from([0.0, 1.0])))
    return {
        "y_true": y_true.astype(F32),
        "y_pred": draw(arrays(F32, (n, classes), elements=values)),
        "sample_weight": draw(sample_weights(n)),
        "reduction": draw(REDUCTION),
        "label_smoothing": draw(SMOOTHING),
    }


@st.composite
def sparse_case(draw: st.DrawFn, values: st.SearchStrategy[float]) -> dict[str, Any]:
    n, classes = draw(st.integers(1, 5)), draw(st.integers(1, 5))
    labels = draw(arrays(np.int64, (n,), elements=st.integers(0, classes - 1)))
    if draw(st.booleans()):
        labels = labels[:, None]
    return {
        "y_true": labels,
        "y_pred": draw(arrays(F32, (n, classes), elements=values)),
        "sample_weight": draw(sample_weights(n)),
        "reduction": draw(REDUCTION),
    }


POSITIVE_ROWS = arrays(F32, st.tuples(st.integers(1, 4), st.integers(2, 4)), elements=PROBABILITY)


# ------------------------------------------------------------------- Keras: binary


@SETTINGS
@given(case=binary_case(PROBABILITY))
def test_binary_on_probabilities_matches_keras(keras3_torch: Any, case: dict[str, Any]) -> None:
    compare_keras(keras3_torch, "binary_crossentropy", **case)


@SETTINGS
@given(case=binary_case(LOGIT))
def test_binary_from_logits_matches_keras(keras3_torch: Any, case: dict[str, Any]) -> None:
    compare_keras(keras3_torch, "binary_crossentropy", from_logits=True, **case)


@SETTINGS
@given(case=binary_case(LOGIT))
def test_binary_on_logits_read_as_probabilities_matches_keras(
    keras3_torch: Any, case: dict[str, Any]
) -> None:
    """Logits passed with from_logits=False are clipped (Keras) or rejected (Keras 3/torch
    for labels outside [0, 1] only)."""
    compare_keras(keras3_torch, "binary_crossentropy", **case)


@SETTINGS
@given(
    case=binary_case(LOGIT),
    from_logits=st.booleans(),
    activation=st.sampled_from(["sigmoid", "softmax"]),
)
def test_binary_on_activation_outputs_matches_keras(
    keras3_torch: Any, case: dict[str, Any], from_logits: bool, activation: str
) -> None:
    """A sigmoid/softmax output: TensorFlow computes from its logits, torch from its values."""
    if activation == "softmax" and case["y_pred"].ndim == 1:
        case["y_pred"] = case["y_pred"][:, None]  # softmax needs a class axis
    z = case.pop("y_pred")
    tf_keras_result, keras3_tf, keras3_torch_result = compare_keras(
        keras3_torch,
        "binary_crossentropy",
        y_pred=None,
        from_logits=from_logits,
        logits=z,
        activation=activation,
        **case,
    )
    expected = tf_logit_recovery_warning("binary_crossentropy", activation)
    if from_logits and "error" not in tf_keras_result:
        assert tf_keras_result["warnings"] == [expected]
        assert keras3_tf["warnings"].count(expected) == 1
    assert expected not in keras3_torch_result["warnings"]


# ------------------------------------------------------------------- Keras: categorical


@SETTINGS
@given(case=categorical_case(st.floats(float(F32(0.001)), 1, width=32)))
def test_categorical_on_probabilities_matches_keras(
    keras3_torch: Any, case: dict[str, Any]
) -> None:
    compare_keras(keras3_torch, "categorical_crossentropy", **case)


@SETTINGS
@given(case=categorical_case(LOGIT), from_logits=st.booleans())
def test_categorical_on_logits_matches_keras(
    keras3_torch: Any, case: dict[str, Any], from_logits: bool
) -> None:
    """from_logits=False on logits divides by a sum that may be negative or tiny."""
    row_sums = case["y_pred"].sum(axis=-1)
    if not from_logits and np.any(np.abs(row_sums) < 1e-3):
        case["y_pred"][:, 0] += 1.0  # keep away from 0/0 (NaN in every framework)
    compare_keras(keras3_torch, "categorical_crossentropy", from_logits=from_logits, **case)


@SETTINGS
@given(
    case=categorical_case(LOGIT),
    from_logits=st.booleans(),
    activation=st.sampled_from(["sigmoid", "softmax"]),
)
def test_categorical_on_activation_outputs_matches_keras(
    keras3_torch: Any, case: dict[str, Any], from_logits: bool, activation: str
) -> None:
    z = case.pop("y_pred")
    results = compare_keras(
        keras3_torch,
        "categorical_crossentropy",
        y_pred=None,
        from_logits=from_logits,
        logits=z,
        activation=activation,
        **case,
    )
    expected = tf_logit_recovery_warning("categorical_crossentropy", activation)
    if from_logits:
        assert results[0]["warnings"] == [expected]


@SETTINGS
@given(case=sparse_case(PROBABILITY))
def test_sparse_on_probabilities_matches_keras(keras3_torch: Any, case: dict[str, Any]) -> None:
    compare_keras(keras3_torch, "sparse_categorical_crossentropy", **case)


@SETTINGS
@given(
    case=sparse_case(LOGIT),
    from_logits=st.booleans(),
    activation=st.sampled_from([None, "softmax"]),
)
def test_sparse_on_logits_and_softmax_outputs_matches_keras(
    keras3_torch: Any, case: dict[str, Any], from_logits: bool, activation: str | None
) -> None:
    if activation is not None:
        case["logits"], case["y_pred"] = case["y_pred"], None
        case["activation"] = activation
    elif not from_logits:
        case["y_pred"] = np.abs(case["y_pred"]) + F32(0.01)
    compare_keras(keras3_torch, "sparse_categorical_crossentropy", from_logits=from_logits, **case)


# -------------------------------------------------------------- Keras: regression numbers


def test_worst_case_binary_crossentropy_spec_numbers(keras3_torch: Any) -> None:
    """§4: 15.333 / 15.425 (tf-keras, ε twice) and 15.942 / 16.118 (Keras 3, both backends)."""
    y, p = np.array([[0.0], [1.0]], F32), np.array([[1.0], [0.0]], F32)
    results = compare_keras(keras3_torch, "binary_crossentropy", y, p, reduction="none")
    np.testing.assert_allclose(results[0]["value"], [15.333, 15.425], atol=5e-4)
    for keras3_result in results[1:]:
        np.testing.assert_allclose(keras3_result["value"], [15.942, 16.118], atol=5e-4)
    keras22 = binary_crossentropy(y, p, target="keras2.2", reduction="none")
    np.testing.assert_allclose(keras22, [15.942, 16.118], atol=5e-4)


def test_worst_case_binary_crossentropy_in_a_graph() -> None:
    """Not in the spec: inside tf.function (fit/evaluate) tf-keras gives 15.249, not 15.333."""
    y, p = np.array([[0.0], [1.0]], F32), np.array([[1.0], [0.0]], F32)
    loss = tf_keras.losses.BinaryCrossentropy(reduction="none")
    graph = tf.function(lambda a, b: loss(a, b))(tf.constant(y), tf.constant(p)).numpy()
    ours = binary_crossentropy(y, p, reduction="none", graph=True)
    np.testing.assert_allclose(ours, graph, rtol=1e-6)
    np.testing.assert_allclose(ours, [15.249, 15.425], atol=5e-4)


@settings(max_examples=25, deadline=None)
@given(case=binary_case(st.one_of(PROBABILITY, LOGIT)))
def test_binary_in_a_graph_matches_tf_function(case: dict[str, Any]) -> None:
    y_t = tf.constant(case["y_true"])
    y_p = tf.constant(case["y_pred"])
    sw = None if case["sample_weight"] is None else tf.constant(case["sample_weight"])
    y_t, _, sw = match_dtype_and_rank(y_t, y_p, sw)
    loss = tf_keras.losses.BinaryCrossentropy(
        reduction=case["reduction"], label_smoothing=case["label_smoothing"]
    )
    try:
        expected = {
            "value": tf.function(lambda a, b, w: loss(a, b, sample_weight=w))(y_t, y_p, sw).numpy()
        }
    except Exception as exc:  # the framework's error is the oracle's answer
        expected = {"error": (type(exc).__name__, str(exc))}
    assert_same(headcheck_outcome(binary_crossentropy, graph=True, **case), expected)


def test_logits_fed_as_probabilities_spec_numbers(keras3_torch: Any) -> None:
    """§4: z=[2, −1] as probabilities → 0.0 with y=[1, 0]; 15.38 (K2) / 16.03 (K3) with [0, 1]."""
    z = np.array([2.0, -1.0], F32)
    right = compare_keras(keras3_torch, "binary_crossentropy", np.array([1.0, 0.0], F32), z)
    wrong = compare_keras(keras3_torch, "binary_crossentropy", np.array([0.0, 1.0], F32), z)
    assert [round(float(r["value"]), 2) for r in right] == [0.0, 0.0, 0.0]
    assert [round(float(r["value"]), 2) for r in wrong] == [15.38, 16.03, 16.03]


def test_categorical_renormalises_spec_numbers(keras3_torch: Any) -> None:
    """§4: CCE on [2, 1, −1] divides by the sum: −log 0.5 = 0.693 and 0.0."""
    y = np.array([[0, 1, 0], [1, 0, 0]], F32)
    p = np.array([[2.0, 1.0, -1.0]] * 2, F32)
    for result in compare_keras(keras3_torch, "categorical_crossentropy", y, p, reduction="none"):
        np.testing.assert_allclose(result["value"], [0.6931, 0.0], atol=1e-4)


def test_all_zero_probability_row_is_nan_everywhere(keras3_torch: Any) -> None:
    """0/0 in the renormalisation: every backend returns NaN for that row, not an error."""
    y = np.array([[0, 1, 0], [1, 0, 0]], F32)
    p = np.array([[0.0, 0.0, 0.0], [0.2, 0.3, 0.5]], F32)
    for result in compare_keras(keras3_torch, "categorical_crossentropy", y, p, reduction="none"):
        assert np.isnan(result["value"][0])
        assert result["value"][1] == pytest.approx(-np.log(0.2), rel=1e-6)


def test_probabilities_with_from_logits_spec_numbers(keras3_torch: Any) -> None:
    """§4: p=0.9, y=1 with from_logits=True → 0.341 instead of 0.105."""
    y, p = np.array([[1.0]], F32), np.array([[0.9]], F32)
    for result in compare_keras(keras3_torch, "binary_crossentropy", y, p, from_logits=True):
        assert round(float(result["value"]), 3) == 0.341
    assert round(binary_crossentropy(y, p), 3) == 0.105


def test_label_smoothing_spec_numbers(keras3_torch: Any) -> None:
    """§4: label_smoothing 0.2 BCE → 0.3251; 0.3 CCE → 0.6765."""
    bce = compare_keras(
        keras3_torch,
        "binary_crossentropy",
        np.array([[1.0], [0.0]], F32),
        np.array([[0.9], [0.1]], F32),
        label_smoothing=0.2,
    )
    cce = compare_keras(
        keras3_torch,
        "categorical_crossentropy",
        np.array([[1.0, 0.0, 0.0]], F32),
        np.array([[0.7, 0.2, 0.1]], F32),
        label_smoothing=0.3,
    )
    assert {round(float(r["value"]), 4) for r in bce} == {0.3251}
    assert {round(float(r["value"]), 4) for r in cce} == {0.6765}


def test_sigmoid_output_with_from_logits_spec_numbers(keras3_torch: Any) -> None:
    """§4: BCE(y, sigmoid(z), from_logits=True), z=[.9, .1]: 0.341, 0.744 + warning on
    TensorFlow (logits used); 0.400, 0.990 on Keras 3/torch (double sigmoid)."""
    z, y = np.array([[0.9], [0.1]], F32), np.array([[1.0], [0.0]], F32)
    results = compare_keras(
        keras3_torch,
        "binary_crossentropy",
        y,
        None,
        from_logits=True,
        logits=z,
        activation="sigmoid",
        reduction="none",
    )
    for result in results[:2]:
        np.testing.assert_allclose(result["value"], [0.341, 0.744], atol=5e-4)
        assert tf_logit_recovery_warning("binary_crossentropy", "sigmoid") in result["warnings"]
    np.testing.assert_allclose(results[2]["value"], [0.400, 0.990], atol=5e-4)
    assert results[2]["warnings"] == []


def test_sigmoid_output_without_clipping_spec_numbers(keras3_torch: Any) -> None:
    """§4: BCE(y, sigmoid(z)), z=−20 (y=1), 20 (y=0): exactly 20.0 on TensorFlow (logits),
    16.118 / 15.942 clipped on Keras 3/torch."""
    z, y = np.array([[-20.0], [20.0]], F32), np.array([[1.0], [0.0]], F32)
    results = compare_keras(
        keras3_torch,
        "binary_crossentropy",
        y,
        None,
        logits=z,
        activation="sigmoid",
        reduction="none",
    )
    for result in results[:2]:
        np.testing.assert_allclose(result["value"], [20.0, 20.0], rtol=1e-7)
    np.testing.assert_allclose(results[2]["value"], [16.118, 15.942], atol=5e-4)


def test_sample_weights_divide_by_batch_size_spec_number() -> None:
    """§3: losses use the weights with sum_over_batch_size: sum(w·l)/N = −log 0.6 / 2."""
    y, p, w = [[1.0], [1.0]], [[0.6], [0.3]], [1.0, 0.0]
    expected = tf_keras_loss("binary_crossentropy", y, p, sample_weight=w)["value"]
    for target in ("tf.keras", "keras3", "keras2.3"):
        assert round(binary_crossentropy(y, p, sample_weight=w, target=target), 4) == 0.2554
    np.testing.assert_allclose(binary_crossentropy(y, p, sample_weight=w), expected, rtol=1e-6)
    # Keras 2.2 fit divides by the share of non-zero weights instead: −log 0.6.
    assert round(binary_crossentropy(y, p, sample_weight=w, target="keras2.2"), 4) == 0.5108


def test_softmax_single_unit_is_zero_categorical_crossentropy(keras3_torch: Any) -> None:
    """§4: categorical_crossentropy on one unit is 0 for every sample."""
    z, y = np.array([[-3.0], [7.0]], F32), np.array([[1.0], [1.0]], F32)
    for result in compare_keras(
        keras3_torch,
        "categorical_crossentropy",
        y,
        None,
        logits=z,
        activation="softmax",
        reduction="none",
    ):
        np.testing.assert_allclose(result["value"], [0.0, 0.0], atol=1e-6)


def test_binary_crossentropy_on_softmax_output_uses_pre_softmax_logits(keras3_torch: Any) -> None:
    """§4: the TensorFlow logit cache ignores which activation filled it."""
    z = np.array([[2.0, -1.0, 0.5], [0.3, 0.2, -2.0]], F32)
    y = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]], F32)
    results = compare_keras(
        keras3_torch,
        "binary_crossentropy",
        y,
        None,
        logits=z,
        activation="softmax",
        reduction="none",
    )
    sigmoid_bce = np.mean(np.logaddexp(0, z) - z * y, axis=-1)
    for result in results[:2]:
        np.testing.assert_allclose(result["value"], sigmoid_bce, rtol=1e-6)
    p = softmax(z)
    np.testing.assert_allclose(
        results[2]["value"], -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p), axis=-1), rtol=1e-5
    )


# ----------------------------------------------------------------- Keras: models end to end


MODEL_CASES = [
    # units, activation, loss, from_logits, x (= the logits), y
    (1, "sigmoid", "binary_crossentropy", True, [[0.9], [-1.5], [2.0], [0.1]], [1, 0, 1, 1]),
    (3, "softmax", "categorical_crossentropy", True, np.eye(3) * 2 - 0.5, np.eye(3)[[0, 2, 1]]),
    (3, "softmax", "binary_crossentropy", False, np.eye(3) * 2 - 0.5, np.eye(3)[[0, 2, 1]]),
    (
        1,
        "softmax",
        "binary_crossentropy",
        False,
        [[0.9], [-1.5], [2.0], [0.1]],
        [[1], [0], [0], [1]],
    ),
]


def tf_keras_evaluate(
    units: int, activation: str, loss_name: str, from_logits: bool, x: Any, y: Any
) -> float:
    x = np.asarray(x, dtype=F32)
    model = tf_keras.Sequential(
        [
            tf_keras.Input(shape=(x.shape[1],)),
            tf_keras.layers.Dense(
                units,
                activation=activation,
                kernel_initializer="identity",
                bias_initializer="zeros",
            ),
        ]
    )
    model.compile(loss=TF_KERAS_CLASSES[loss_name](from_logits=from_logits))
    return float(model.evaluate(x, np.asarray(y), batch_size=len(x), verbose=0))


@pytest.mark.parametrize("case", MODEL_CASES, ids=lambda c: f"{c[0]}-{c[1]}-{c[2]}-{c[3]}")
def test_compiled_model_loss_matches(keras3_torch: Any, case: tuple[Any, ...]) -> None:
    """model.evaluate of a Dense head whose logits are its inputs: the graph path of fit."""
    _, activation, loss_name, from_logits, x, y = case
    z = np.asarray(x, dtype=F32)
    p = sigmoid(z) if activation == "sigmoid" else softmax(z)
    function = FUNCTIONS[loss_name]
    common = {"from_logits": from_logits, "logits": z, "activation": activation}
    for target, backend, measured in [
        ("tf.keras", None, tf_keras_evaluate(*case)),
        ("keras3", "tensorflow", keras3_evaluate(*case)),
        ("keras3", "torch", keras3_torch.call(keras3_evaluate, *case)),
    ]:
        ours = function(np.asarray(y), p, target=target, backend=backend, **common)
        np.testing.assert_allclose(ours, measured, rtol=2e-6, atol=1e-6)


def test_compiled_model_on_clipped_probabilities_is_the_graph_value(keras3_torch: Any) -> None:
    """A linear head read as probabilities: fit/evaluate run the loss in a graph, where tf-keras
    computes log((1 + ε) − p); Keras 3 has no such term."""
    x = np.array([[1.0], [0.0], [0.3], [1.5], [-0.2]], F32)
    y = np.array([0.0, 1.0, 1.0, 0.0, 1.0], F32)
    case = (1, "linear", "binary_crossentropy", False, x, y)
    measured = tf_keras_evaluate(*case)
    assert binary_crossentropy(y, x, graph=True) == pytest.approx(measured, rel=1e-6)
    assert binary_crossentropy(y, x) != pytest.approx(measured, rel=1e-3)
    for backend, value in [
        ("tensorflow", keras3_evaluate(*case)),
        ("torch", keras3_torch.call(keras3_evaluate, *case)),
    ]:
        ours = binary_crossentropy(y, x, target="keras3", backend=backend)
        assert ours == pytest.approx(value, rel=1e-6)


# ----------------------------------------------------------------- Keras: errors and shapes


def test_sparse_labels_out_of_range_raise_as_each_backend_does(keras3_torch: Any) -> None:
    probs = np.array([[0.1, 0.6, 0.3], [0.05, 0.95, 0.0], [0.3, 0.3, 0.4]], F32)
    for labels in ([3, 0, 0], [-1, 0, 2], [0, 1, -2]):
        compare_keras(keras3_torch, "sparse_categorical_crossentropy", np.array(labels), probs)
    # Several bad labels: TensorFlow names the smallest negative, else the largest; torch
    # checks in threads and names whichever fails first, headcheck the first.
    labels = np.array([0, 5, -2])
    ours = headcheck_outcome(
        sparse_categorical_crossentropy, labels, probs, target="keras3", backend="torch"
    )
    theirs = keras3_torch.call(keras3_loss, "sparse_categorical_crossentropy", labels, probs)
    assert ours["error"] == ("IndexError", "Target 5 is out of bounds.")
    assert theirs["error"][1] in ("Target 5 is out of bounds.", "Target -2 is out of bounds.")
    assert_same(
        headcheck_outcome(sparse_categorical_crossentropy, labels, probs, target="keras3"),
        keras3_tf_loss("sparse_categorical_crossentropy", labels, probs),
    )
    # torch's nll_loss ignores label −100: Keras 3/torch scores it 0, TensorFlow raises.
    labels = np.array([-100, 1, 0])
    results = compare_keras(
        keras3_torch, "sparse_categorical_crossentropy", labels, probs, reduction="none"
    )
    assert results[2]["value"][0] == 0.0
    assert "error" in results[0] and "error" in results[1]


def test_sparse_float_labels_are_truncated(keras3_torch: Any) -> None:
    probs = np.array([[0.1, 0.6, 0.3], [0.05, 0.95, 0.0], [0.3, 0.3, 0.4]], F32)
    labels = np.array([1.7, 1.0, 0.2], F32)
    for result in compare_keras(
        keras3_torch, "sparse_categorical_crossentropy", labels, probs, reduction="none"
    ):
        np.testing.assert_allclose(result["value"], -np.log(probs[[0, 1, 2], [1, 1, 0]]), rtol=1e-5)


@pytest.mark.parametrize(
    ("name", "y_true", "y_pred"),
    [
        ("binary_crossentropy", np.ones((3, 2), F32), np.full((3, 3), 0.3, F32)),
        ("categorical_crossentropy", np.array([0.0, 1.0, 2.0], F32), np.full((3, 3), 0.3, F32)),
        ("sparse_categorical_crossentropy", np.eye(3, dtype=F32), np.full((3, 3), 0.3, F32)),
    ],
)
def test_keras3_shape_errors_quote_keras(
    keras3_torch: Any, name: str, y_true: Any, y_pred: Any
) -> None:
    for oracle, backend in [
        (keras3_tf_loss, "tensorflow"),
        (lambda *a: keras3_torch.call(keras3_loss, *a), "torch"),
    ]:
        theirs = oracle(name, y_true, y_pred)
        ours = headcheck_outcome(FUNCTIONS[name], y_true, y_pred, target="keras3", backend=backend)
        assert "error" in theirs
        assert_same(ours, theirs)


def test_tf_keras_categorical_integer_labels_error_quotes_tensorflow() -> None:
    """Integer labels with categorical_crossentropy, as compile() passes them (spec k2-066)."""
    y, p = np.array([0.0, 2.0, 1.0], F32), np.full((3, 3), 0.3, F32)
    theirs = tf_keras_loss("categorical_crossentropy", y, p)
    assert theirs["error"] == ("ValueError", "Shapes (3, 1) and (3, 3) are incompatible")
    assert_same(headcheck_outcome(categorical_crossentropy, y, p), theirs)


def test_rank1_predictions_are_one_sample_to_keras(keras3_torch: Any) -> None:
    """(N,) outputs: one number for the batch; per-sample weights break tf-keras and only
    scale the batch mean in Keras 3."""
    y, p, w = (
        np.array([1.0, 0.0, 1.0], F32),
        np.array([0.9, 0.2, 0.4], F32),
        np.array([1.0, 2.0, 0.0], F32),
    )
    results = compare_keras(
        keras3_torch, "binary_crossentropy", y, p, sample_weight=w, reduction="none"
    )
    assert results[0]["error"][0] == "InvalidArgumentError"
    np.testing.assert_allclose(results[1]["value"], binary_crossentropy(y, p) * w, rtol=1e-6)


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
@pytest.mark.parametrize("shape", [(2, 3, 4), (3, 3, 2)], ids=["T!=N", "T==N"])
@pytest.mark.parametrize("weighted", [False, True])
def test_sequence_outputs_and_their_weights(
    keras3_torch: Any, name: str, shape: tuple[int, int, int], weighted: bool
) -> None:
    """(N, T, C) outputs: per-(sample, step) losses; weights (N,) are expanded by tf-keras but
    multiplied against the last axis by Keras 3 (an error, or a silent mix-up when T == N)."""
    rng = np.random.default_rng(sum(shape) + weighted)
    z = rng.normal(size=shape).astype(F32)
    if name == "sparse_categorical_crossentropy":
        y: Any = rng.integers(0, shape[-1], size=shape[:-1])
        p = softmax(z).astype(F32)
    elif name == "categorical_crossentropy":
        y, p = np.eye(shape[-1], dtype=F32)[rng.integers(0, shape[-1], size=shape[:-1])], softmax(z)
    else:
        y, p = (rng.random(shape) > 0.5).astype(F32), sigmoid(z)
    w = np.array([0.5, 2.0, 0.0][: shape[0]], F32) if weighted else None
    for reduction in ("none", "sum_over_batch_size"):
        compare_keras(keras3_torch, name, y, p.astype(F32), sample_weight=w, reduction=reduction)


def test_keras3_jax_by_source() -> None:
    """JAX cannot run here: by source it is torch-like (no logit cache, clipping), and its
    one_hot scores out-of-range sparse labels 0 instead of raising."""
    z = np.array([[0.9], [-20.0]], F32)
    y = np.array([[1.0], [1.0]], F32)
    p = sigmoid(z).astype(F32)
    for from_logits in (False, True):
        jax = binary_crossentropy(
            y, p, from_logits=from_logits, logits=z, target="keras3", backend="jax"
        )
        torch_backend = binary_crossentropy(
            y, p, from_logits=from_logits, logits=z, target="keras3", backend="torch"
        )
        assert jax == pytest.approx(torch_backend, rel=1e-6)
    assert binary_crossentropy(y, p, logits=z, target="keras3", backend="jax") == pytest.approx(
        (-np.log(p[0, 0]) + 16.118095) / 2, rel=1e-6
    )
    probs = np.array([[0.1, 0.6, 0.3], [0.05, 0.95, 0.0], [0.3, 0.3, 0.4]], F32)
    losses = sparse_categorical_crossentropy(
        [3, 1, -1], probs, target="keras3", backend="jax", reduction="none"
    )
    np.testing.assert_allclose(losses, [0.0, -np.log(F32(0.95)), 0.0], rtol=1e-6)


# ------------------------------------------------------- Keras 2.2 / 2.3 (source, not run)


def test_keras22_binary_crossentropy_matches_its_formula_run_by_tensorflow() -> None:
    """Keras 2.2.4 ``K.binary_crossentropy``: clip, ``log(p / (1 − p))``, sigmoid CE.

    Keras 2.2.4 needs TensorFlow 1; its backend formula is run here with TensorFlow's ops.
    """
    y = np.array([[0.0, 1.0], [1.0, 0.0], [0.3, 1.0]], F32)
    p = np.array([[1.0, 0.0], [0.5, 1e-9], [0.2, 0.999]], F32)
    eps = tf.constant(1e-7, tf.float32)
    clipped = tf.clip_by_value(tf.constant(p), eps, 1 - eps)
    per_element = tf.nn.sigmoid_cross_entropy_with_logits(
        labels=tf.constant(y), logits=tf.math.log(clipped / (1 - clipped))
    )
    expected = tf.reduce_mean(per_element, axis=-1).numpy()
    ours = binary_crossentropy(y, p, target="keras2.2", reduction="none")
    np.testing.assert_allclose(ours, expected, rtol=1e-6, atol=1e-6)


def test_keras22_fit_loss_divides_by_share_of_nonzero_weights() -> None:
    """Keras 2.2.4 ``weighted_masked_objective``: mean(w·l) / mean(w ≠ 0)."""
    y, p = [[1.0], [0.0], [1.0], [0.0]], [[0.8], [0.3], [0.4], [0.9]]
    w = np.array([2.0, 0.0, 1.0, 0.0], F32)
    losses = binary_crossentropy(y, p, target="keras2.2", reduction="none")
    expected = np.mean(losses * w) / 0.5
    assert binary_crossentropy(y, p, target="keras2.2", sample_weight=w) == pytest.approx(
        expected, rel=1e-6
    )
    assert np.isnan(binary_crossentropy(y, p, target="keras2.2", sample_weight=np.zeros(4)))


def test_keras22_has_no_label_smoothing_or_sum_reduction() -> None:
    with pytest.raises(FrameworkError, match="unexpected keyword argument 'label_smoothing'"):
        binary_crossentropy([[1.0]], [[0.5]], target="keras2.2", label_smoothing=0.1)
    with pytest.raises(UnknownNameError, match=r"reduction for target 'keras2\.2'"):
        binary_crossentropy([[1.0]], [[0.5]], target="keras2.2", reduction="sum")


@SETTINGS
@given(case=binary_case(PROBABILITY))
def test_keras23_without_logits_equals_tf_keras_backend(case: dict[str, Any]) -> None:
    """Keras 2.3.1 calls TF 2.0's ``tf.keras.backend``, whose probability formula (ε twice)
    tf-keras still has."""
    if case["y_pred"].ndim == 1 or case["y_true"].ndim < case["y_pred"].ndim:
        case["y_true"] = case["y_true"].reshape(case["y_pred"].shape)
    if case["sample_weight"] is not None and case["y_pred"].ndim == 1:
        case["sample_weight"] = None
    theirs = tf_keras_loss("binary_crossentropy", **case)
    assert_same(headcheck_outcome(binary_crossentropy, target="keras2.3", **case), theirs)


@pytest.mark.parametrize(
    ("name", "activation", "recovers"),
    [
        ("binary_crossentropy", "sigmoid", True),
        ("binary_crossentropy", "softmax", False),
        ("categorical_crossentropy", "softmax", True),
        ("sparse_categorical_crossentropy", "softmax", True),
        ("categorical_crossentropy", "sigmoid", False),
    ],
)
def test_keras23_unwraps_matching_graph_op_only(name: str, activation: str, recovers: bool) -> None:
    """TF ≤ 2.1 (Keras 2.3): a graph ``Sigmoid``/``Softmax`` op is unwrapped to its input only
    when the op matches the loss, and only when from_logits=False. tf-keras' ``_get_logits``
    still has that op-type path; it runs here on a graph tensor without cached logits."""
    # Extreme logits show the recovery (clipping would cost ~16); moderate ones keep the
    # unrecovered formula away from 1 − p ≈ ε, where eager and graph TensorFlow differ.
    z = np.array(
        [[2.0, -1.0, 30.0], [0.3, -25.0, -2.0]]
        if recovers
        else [[2.0, -1.0, 0.5], [0.3, -2.5, -2.0]],
        F32,
    )
    y = (
        np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]], F32)
        if name != "sparse_categorical_crossentropy"
        else np.array([0, 1])
    )
    op = tf.nn.sigmoid if activation == "sigmoid" else tf.nn.softmax
    loss = TF_KERAS_CLASSES[name](reduction="none")

    @tf.function
    def graph_loss(logits: tf.Tensor) -> tf.Tensor:
        return loss(tf.constant(y), op(logits))

    expected = graph_loss(tf.constant(z)).numpy()
    p = sigmoid(z) if activation == "sigmoid" else softmax(z)
    ours = FUNCTIONS[name](
        y, p.astype(F32), logits=z, activation=activation, target="keras2.3", reduction="none"
    )
    np.testing.assert_allclose(ours, expected, rtol=1e-6, atol=1e-6)
    plain = FUNCTIONS[name](y, p.astype(F32), target="keras2.3", reduction="none")
    assert bool(np.any(np.abs(plain - ours) > 1e-3)) is recovers
    with_flag = FUNCTIONS[name](
        y, z, from_logits=True, logits=z, activation=activation, target="keras2.3", reduction="none"
    )
    double = FUNCTIONS[name](
        y,
        p.astype(F32),
        from_logits=True,
        logits=z,
        activation=activation,
        target="keras2.3",
        reduction="none",
    )
    assert not np.allclose(with_flag, double)  # from_logits=True: the op is not unwrapped


# --------------------------------------------------------------------------- PyTorch


def torch_outcome(function: Callable[[], torch.Tensor]) -> dict[str, Any]:
    try:
        return {"value": function().numpy()}
    except Exception as exc:  # torch's error is the oracle's answer
        return {"error": (type(exc).__name__, str(exc))}


def test_torch_spec_numbers() -> None:
    """§8: CE 0.2803, double softmax 0.7246, soft targets 0.3303, NLL on probabilities
    −0.757, BCELoss 100, BCEWithLogits 0.2201 (exact 20.0 at ±20), double sigmoid 0.5917."""
    logits = np.array([[2.0, 1.0, -1.0], [0.5, 2.5, 0.2]], F32)
    labels = np.array([0, 1])
    soft = np.array([[0.9, 0.1, 0.0], [0.0, 1.0, 0.0]], F32)
    probs = softmax(logits).astype(F32)
    L, T = torch.tensor(logits), torch.tensor(labels)
    z, y = np.array([2.0, -1.0], F32), np.array([1.0, 0.0], F32)
    cases = [
        (torch_losses.cross_entropy(logits, labels), torch.nn.CrossEntropyLoss()(L, T), 0.2803),
        (
            torch_losses.cross_entropy(probs, labels),
            torch.nn.CrossEntropyLoss()(L.softmax(1), T),
            0.7246,
        ),
        (
            torch_losses.cross_entropy(logits, soft),
            torch.nn.CrossEntropyLoss()(L, torch.tensor(soft)),
            0.3303,
        ),
        (torch_losses.nll_loss(probs, labels), torch.nn.NLLLoss()(L.softmax(1), T), -0.757),
        (
            torch_losses.binary_cross_entropy([1.0, 0.0], [0.0, 1.0]),
            torch.nn.BCELoss()(torch.tensor([1.0, 0.0]), torch.tensor([0.0, 1.0])),
            100.0,
        ),
        (
            torch_losses.binary_cross_entropy_with_logits(z, y),
            torch.nn.BCEWithLogitsLoss()(torch.tensor(z), torch.tensor(y)),
            0.2201,
        ),
        (
            torch_losses.binary_cross_entropy_with_logits(sigmoid(z), y),
            torch.nn.BCEWithLogitsLoss()(torch.sigmoid(torch.tensor(z)), torch.tensor(y)),
            0.5917,
        ),
        (
            torch_losses.binary_cross_entropy_with_logits([20.0, -20.0], [0.0, 1.0]),
            torch.nn.BCEWithLogitsLoss()(torch.tensor([20.0, -20.0]), torch.tensor([0.0, 1.0])),
            20.0,
        ),
    ]
    for ours, theirs, spec in cases:
        assert ours == pytest.approx(float(theirs), rel=1e-6, abs=1e-6)
        decimals = len(str(spec).split(".")[1])
        assert round(ours, decimals) == spec


def test_torch_errors_quote_torch() -> None:
    """§8: BCELoss outside [0, 1], integer one-hot targets, (N, 1) vs (N,) for BCE-with-logits."""
    cases = [
        (
            lambda: torch_losses.binary_cross_entropy([0.2, 1.3], [0.0, 1.0]),
            lambda: torch.nn.BCELoss()(torch.tensor([0.2, 1.3]), torch.tensor([0.0, 1.0])),
        ),
        (
            lambda: torch_losses.cross_entropy([[1.0, 2.0]], np.array([[0, 1]])),
            lambda: torch.nn.CrossEntropyLoss()(torch.tensor([[1.0, 2.0]]), torch.tensor([[0, 1]])),
        ),
        (
            lambda: torch_losses.binary_cross_entropy_with_logits([[0.2], [0.3]], [0.0, 1.0]),
            lambda: torch.nn.BCEWithLogitsLoss()(
                torch.tensor([[0.2], [0.3]]), torch.tensor([0.0, 1.0])
            ),
        ),
    ]
    for ours, theirs in cases:
        expected = torch_outcome(theirs)
        assert_same(headcheck_outcome(ours), expected)
    assert (
        expected["error"][1]
        == "Target size (torch.Size([2])) must be the same as input size (torch.Size([2, 1]))"
    )


@settings(max_examples=60, deadline=None)
@given(
    data=st.data(),
    n=st.integers(1, 4),
    classes=st.integers(1, 4),
    extra=st.sampled_from([(), (2,)]),
    reduction=st.sampled_from(["mean", "sum", "none"]),
    smoothing=st.sampled_from([0.0, 0.0, 0.1, 0.5, 1.0, 1.5]),
    weighted=st.booleans(),
)
def test_torch_cross_entropy_and_nll_match_torch(
    data: st.DataObject,
    n: int,
    classes: int,
    extra: tuple[int, ...],
    reduction: str,
    smoothing: float,
    weighted: bool,
) -> None:
    x = data.draw(arrays(F32, (n, classes, *extra), elements=LOGIT))
    kind = data.draw(
        st.sampled_from(["indices", "ignored", "probabilities", "integer_one_hot", "bad"])
    )
    if kind in ("indices", "ignored", "bad"):
        high = classes if kind != "bad" else classes + 1
        target = data.draw(arrays(np.int64, (n, *extra), elements=st.integers(0, high - 1)))
        if kind == "ignored":
            target[data.draw(arrays(np.bool_, target.shape))] = -100
    elif kind == "probabilities":
        target = softmax(
            data.draw(arrays(F32, x.shape, elements=st.floats(-3, 3, width=32))), axis=1
        ).astype(F32)
    else:
        target = (x == x.max(axis=1, keepdims=True)).astype(np.int64)
    weight = data.draw(arrays(F32, (classes,), elements=WEIGHT)) if weighted else None
    W = None if weight is None else torch.tensor(weight)
    X, T = torch.tensor(x), torch.tensor(target)
    ce = torch.nn.CrossEntropyLoss(weight=W, reduction=reduction, label_smoothing=smoothing)
    assert_same(
        headcheck_outcome(
            torch_losses.cross_entropy,
            x,
            target,
            weight=weight,
            reduction=reduction,
            label_smoothing=smoothing,
        ),
        torch_outcome(lambda: ce(X, T)),
    )
    if kind != "probabilities":
        nll = torch.nn.NLLLoss(weight=W, reduction=reduction)
        log_p = torch.log_softmax(X, 1)
        assert_same(
            headcheck_outcome(
                torch_losses.nll_loss, log_p.numpy(), target, weight=weight, reduction=reduction
            ),
            torch_outcome(lambda: nll(log_p, T)),
        )


@settings(max_examples=60, deadline=None)
@given(
    data=st.data(),
    shape=st.sampled_from([(3,), (2, 1), (2, 3), (1, 2, 2)]),
    reduction=st.sampled_from(["mean", "sum", "none"]),
    weight_shape=st.sampled_from([None, "same", "rows", "last", "bad"]),
    pos_weighted=st.booleans(),
    wide_inputs=st.booleans(),
)
def test_torch_binary_losses_match_torch(
    data: st.DataObject,
    shape: tuple[int, ...],
    reduction: str,
    weight_shape: str | None,
    pos_weighted: bool,
    wide_inputs: bool,
) -> None:
    """Probabilities (incl. 0, 1, and out of range), logits ±20 and beyond, soft labels,
    broadcast weights and torch's errors for weights that do not fit."""
    x = data.draw(
        arrays(F32, shape, elements=st.floats(-0.5, 1.5, width=32) if wide_inputs else PROBABILITY)
    )
    t = data.draw(arrays(F32, shape, elements=st.one_of(st.sampled_from([0.0, 1.0]), PROBABILITY)))
    z = data.draw(arrays(F32, shape, elements=LOGIT))
    weight_shapes = {
        "same": shape,
        "rows": (shape[0],) + (1,) * (len(shape) - 1),
        "last": shape[-1:],
        "bad": (4, 1),
    }
    weight = (
        None
        if weight_shape is None
        else data.draw(arrays(F32, weight_shapes[weight_shape], elements=WEIGHT))
    )
    pos_weight = data.draw(arrays(F32, shape[-1:], elements=WEIGHT)) if pos_weighted else None
    W = None if weight is None else torch.tensor(weight)
    P = None if pos_weight is None else torch.tensor(pos_weight)
    assert_same(
        headcheck_outcome(
            torch_losses.binary_cross_entropy, x, t, weight=weight, reduction=reduction
        ),
        torch_outcome(
            lambda: torch.nn.BCELoss(weight=W, reduction=reduction)(
                torch.tensor(x), torch.tensor(t)
            )
        ),
    )
    assert_same(
        headcheck_outcome(
            torch_losses.binary_cross_entropy_with_logits,
            z,
            t,
            weight=weight,
            pos_weight=pos_weight,
            reduction=reduction,
        ),
        torch_outcome(
            lambda: torch.nn.BCEWithLogitsLoss(weight=W, pos_weight=P, reduction=reduction)(
                torch.tensor(z), torch.tensor(t)
            )
        ),
    )


@SETTINGS
@given(case=binary_case(PROBABILITY), from_logits=st.booleans(), z=st.data())
def test_losses_target_torch_is_nn_bce(
    case: dict[str, Any], from_logits: bool, z: st.DataObject
) -> None:
    """target="torch": BCELoss / BCEWithLogitsLoss with per-sample ``weight`` of shape (N, 1)."""
    y, p = case["y_true"], case["y_pred"]
    if from_logits:
        p = z.draw(arrays(F32, p.shape, elements=LOGIT))
    w = case["sample_weight"]
    reduction = {"sum_over_batch_size": "mean"}.get(case["reduction"], case["reduction"])
    W = None if w is None else torch.tensor(w.reshape((-1,) + (1,) * (p.ndim - 1)))
    module = torch.nn.BCEWithLogitsLoss if from_logits else torch.nn.BCELoss
    theirs = torch_outcome(
        lambda: module(weight=W, reduction=reduction)(torch.tensor(p), torch.tensor(y))
    )
    ours = headcheck_outcome(
        binary_crossentropy,
        y,
        p,
        from_logits=from_logits,
        sample_weight=w,
        reduction=case["reduction"],
        target="torch",
    )
    assert_same(ours, theirs)


@SETTINGS
@given(case=categorical_case(LOGIT), sparse=st.booleans())
def test_losses_target_torch_is_cross_entropy_loss(case: dict[str, Any], sparse: bool) -> None:
    y, z = case["y_true"], case["y_pred"]
    reduction = {"sum_over_batch_size": "mean"}.get(case["reduction"], case["reduction"])
    if sparse:
        labels = np.argmax(y, axis=-1)
        theirs = torch_outcome(
            lambda: torch.nn.CrossEntropyLoss(reduction=reduction)(
                torch.tensor(z), torch.tensor(labels)
            )
        )
        ours = headcheck_outcome(
            sparse_categorical_crossentropy,
            labels,
            z,
            from_logits=True,
            reduction=case["reduction"],
            target="torch",
        )
    else:
        ls = case["label_smoothing"]
        theirs = torch_outcome(
            lambda: torch.nn.CrossEntropyLoss(reduction=reduction, label_smoothing=ls)(
                torch.tensor(z), torch.tensor(y)
            )
        )
        ours = headcheck_outcome(
            categorical_crossentropy,
            y,
            z,
            from_logits=True,
            label_smoothing=ls,
            reduction=case["reduction"],
            target="torch",
        )
    assert_same(ours, theirs)


def test_losses_target_torch_refusals() -> None:
    with pytest.raises(UnknownNameError, match=r"nn\.NLLLoss"):
        sparse_categorical_crossentropy([0], [[0.5, 0.5]], target="torch")
    with pytest.raises(FrameworkError, match="unexpected keyword argument 'label_smoothing'"):
        binary_crossentropy([[1.0]], [[0.5]], label_smoothing=0.1, target="torch")
    with pytest.raises(InputError, match="per-sample weights"):
        categorical_crossentropy(
            [[1.0, 0.0]], [[0.5, 0.5]], from_logits=True, sample_weight=[1.0], target="torch"
        )
    integer_one_hot = np.array([[1, 0]])
    with pytest.raises(FrameworkError, match="got Long"):
        categorical_crossentropy(integer_one_hot, [[0.5, 0.5]], from_logits=True, target="torch")


# ------------------------------------------------------------------------ input checking


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
@pytest.mark.parametrize("target", ["keras2.2", "keras2.3", "tf.keras", "keras3", "torch"])
def test_bad_inputs_raise_input_error(name: str, target: str) -> None:
    function = FUNCTIONS[name]
    with pytest.raises(InputError, match="NaN"):
        function([[1.0, 0.0]], [[float("nan"), 0.5]], target=target, from_logits=True)
    with pytest.raises(InputError, match="empty"):
        function([], [], target=target, from_logits=True)


def test_shape_and_name_errors_are_clear() -> None:
    with pytest.raises(
        InputError, match=r"expected `y_true` of the shape of `y_pred`, \(2, 3\), got \(2, 2\)"
    ):
        binary_crossentropy(np.ones((2, 2)), np.full((2, 3), 0.5))
    with pytest.raises(InputError, match=r"expected `logits` of the shape of `y_pred`"):
        binary_crossentropy([[1.0]], [[0.5]], logits=[0.0, 1.0])
    with pytest.raises(InputError, match=r"expected `y_true` of class indices with shape \(2,\)"):
        sparse_categorical_crossentropy(np.ones((2, 3)), np.full((2, 3), 0.3))
    with pytest.raises(InputError, match="one weight per sample"):
        binary_crossentropy([[1.0]], [[0.5]], sample_weight=[1.0, 2.0])
    with pytest.raises(UnknownNameError, match="target for losses"):
        binary_crossentropy([[1.0]], [[0.5]], target="sklearn")
    with pytest.raises(UnknownNameError, match="backend"):
        binary_crossentropy([[1.0]], [[0.5]], target="tf.keras", backend="torch")
    with pytest.raises(UnknownNameError, match="reduction"):
        binary_crossentropy([[1.0]], [[0.5]], reduction="mean")
    with pytest.raises(UnknownNameError, match="activation"):
        binary_crossentropy([[1.0]], [[0.5]], logits=[[0.0]], activation="relu")
    with pytest.raises(HeadcheckError):
        tf_logit_recovery_warning("mse", "sigmoid")


def test_keras3_only_reductions() -> None:
    y, p, w = np.array([[1.0], [1.0]]), np.array([[0.6], [0.3]]), np.array([1.0, 0.0])
    theirs = keras3_loss(
        "binary_crossentropy", y, p, sample_weight=w, reduction="mean_with_sample_weight"
    )
    assert binary_crossentropy(
        y, p, sample_weight=w, reduction="mean_with_sample_weight", target="keras3"
    ) == pytest.approx(float(theirs["value"]), rel=1e-6)
    assert round(float(theirs["value"]), 4) == 0.5108
