"""``resolve_metric``/``resolve_loss`` against the metrics real frameworks build for real models.

Every test compiles a tiny model, ``Input(units) -> Activation(activation)``, so that its outputs
are exactly ``activation(x)`` for fixed ``x`` (no weights, nothing random), evaluates it on fixed
labels, reads which metric object the framework actually built, and checks headcheck against it:

(a) ``resolve_metric(...).name`` names the metric that was built (and its threshold),
(b) ``.display_name`` is the key Keras logs in the evaluate result,
(c) ``.compute(y, outputs)`` is the value ``evaluate`` reported (within 1e-6),
(d) identifiers a framework rejects raise :class:`headcheck.FrameworkError` with its message.

Four framework generations run side by side (see ``resolution_model_calls.py``):

=====================  ===========================================  ======================
oracle                 what runs                                    headcheck target
=====================  ===========================================  ======================
``tf_keras``           tf-keras 2.21, eager (``MetricsContainer``)  ``tf.keras``
``tf_keras_v1``        tf-keras 2.21 after                          ``keras2.3``
                       ``disable_eager_execution()`` (child
                       process; ``training_utils_v1``)
``keras3_tensorflow``  Keras 3, TensorFlow backend (this process)   ``keras3``/tensorflow
``keras3_torch``       Keras 3, torch backend (child process)       ``keras3``/torch
=====================  ===========================================  ======================

Keras ≤ 2.2.4 cannot run here (it needs TF 1 and Python ≤ 3.7): the ``keras2.2`` tests at the end
are *source-derived*: they pin headcheck to the 2.2.4 source quoted in
``framework-semantics.md`` §1, and check the 2.2.4 ``binary_accuracy`` formula by running it with
TensorFlow ops.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import resolution_model_calls as calls
from headcheck import FrameworkError, resolve_loss, resolve_metric
from headcheck.semantics import losses
from oracles import BackendWorker

pytestmark = pytest.mark.oracle

FRAMEWORKS = ("tf_keras", "tf_keras_v1", "keras3_tensorflow", "keras3_torch")
KERAS3 = ("keras3_tensorflow", "keras3_torch")
KERAS2 = ("tf_keras", "tf_keras_v1")

# headcheck's (target, backend) for each oracle.
TARGETS: dict[str, tuple[str, str | None]] = {
    "tf_keras": ("tf.keras", None),
    "tf_keras_v1": ("keras2.3", None),
    "keras3_tensorflow": ("keras3", "tensorflow"),
    "keras3_torch": ("keras3", "torch"),
}


# ---------------------------------------------------------------------------------------------
# Running the oracles
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def tf_keras_v1() -> Iterator[BackendWorker]:
    """tf-keras on the v1 graph path: a child process that disables eager execution first."""
    worker = BackendWorker("tensorflow")
    yield worker
    worker.close()


class Oracles:
    """Runs :func:`resolution_model_calls.evaluate_head` where each framework lives.

    tf-keras eager and Keras 3 on TensorFlow run in this process; the v1 path and Keras 3 on
    torch in child processes, started on first use. Results of the fixed cases are cached so
    that the name, display and value tests share one ``evaluate`` per case and framework.
    """

    def __init__(self, request: pytest.FixtureRequest) -> None:
        self._request = request
        self._cache: dict[tuple[str, str], dict[str, Any]] = {}

    def _worker(self, framework: str) -> BackendWorker | None:
        if framework == "tf_keras_v1":
            return self._request.getfixturevalue("tf_keras_v1")  # type: ignore[no-any-return]
        if framework == "keras3_torch":
            return self._request.getfixturevalue("keras3_torch")  # type: ignore[no-any-return]
        return None

    def call(self, framework: str, function: Callable[..., Any], **kwargs: Any) -> Any:
        which = "keras3" if framework in KERAS3 else framework
        worker = self._worker(framework)
        if worker is None:
            return function(which, **kwargs)
        return worker.call(function, which, **kwargs)

    def evaluate(self, framework: str, **config: Any) -> dict[str, Any]:
        return self.call(framework, calls.evaluate_head, **config)  # type: ignore[no-any-return]

    def case(self, framework: str, case: Case) -> dict[str, Any]:
        key = (framework, case.id)
        if key not in self._cache:
            self._cache[key] = self.evaluate(
                framework,
                units=case.units,
                activation=case.activation,
                loss=case.loss,
                metrics=[m.spec for m in case.metrics],
                x=case.x,
                y=case.y,
            )
        return self._cache[key]


@pytest.fixture(scope="session")
def oracles(request: pytest.FixtureRequest) -> Oracles:
    return Oracles(request)


def test_oracles_run_the_intended_frameworks(oracles: Oracles) -> None:
    """The child processes really run tf-keras without eager execution and Keras 3 on torch."""
    assert oracles.call("tf_keras", calls.framework_versions) == "2.21.0 (tensorflow)"
    assert oracles.call("tf_keras_v1", calls.framework_versions) == "2.21.0 (tensorflow)"
    assert oracles.call("tf_keras_v1", calls.executing_eagerly) is False
    assert oracles.call("tf_keras", calls.executing_eagerly) is True
    assert oracles.call("keras3_tensorflow", calls.framework_versions) == "3.15.1 (tensorflow)"
    assert oracles.call("keras3_torch", calls.framework_versions) == "3.15.1 (torch)"


# ---------------------------------------------------------------------------------------------
# Fixed data and the cases of framework-semantics.md §1 ("Confirmed by building tiny models")
# ---------------------------------------------------------------------------------------------

# One unit: logits; sigmoid(z) > 0.5 exactly where z > 0.
Z1 = np.array([[2.0], [-1.0], [0.3], [-0.2], [0.4], [-3.0]], dtype=np.float32)
Y1 = np.array([1, 0, 1, 1, 1, 0], dtype=np.float32)
# Three units: logits, integer classes, one-hot and multi-hot labels.
Z3 = np.array(
    [
        [2.0, -1.0, 0.5],
        [0.1, 0.3, -2.0],
        [1.0, 1.2, 0.0],
        [-1.0, 2.0, 0.5],
        [0.2, -0.3, 1.5],
        [3.0, 2.5, -1.0],
    ],
    dtype=np.float32,
)
CLASSES = np.array([0, 1, 0, 1, 2, 1])
ONE_HOT = np.eye(3, dtype=np.float32)[CLASSES]
MULTI_HOT = np.array(
    [[1, 0, 1], [0, 1, 0], [1, 1, 0], [0, 1, 1], [0, 0, 1], [1, 1, 0]], dtype=np.float32
)
# Three independent probabilities fed through a *linear* output: the metric sees exactly these
# values, with no Sigmoid op whose logits TensorFlow could recover (see test_crossentropy_*).
P3 = np.array(
    [
        [0.9, 0.2, 0.6],
        [0.3, 0.7, 0.4],
        [0.55, 0.45, 0.1],
        [0.2, 0.8, 0.65],
        [0.1, 0.35, 0.7],
        [0.6, 0.52, 0.49],
    ],
    dtype=np.float32,
)


# Six units for top-k (k=5 must be below the number of classes: Keras 3 on torch raises
# "selected index k out of range" otherwise, where TensorFlow counts every sample as a hit).
# Row i is 0.5·((j - i) mod 6): its smallest output is at j = i, its largest at j = i - 1.
Z6 = np.array([np.roll(np.arange(6.0), i) * 0.5 for i in range(6)], dtype=np.float32)
CLASSES6 = np.array([0, 1, 5, 3, 2, 4])  # top-5 hits: rows 2, 4, 5; argmax hits: row 5


def _class(class_name: str, **kwargs: Any) -> dict[str, Any]:
    return {"class": class_name, "kwargs": kwargs}


@dataclass(frozen=True)
class Metric:
    """One entry of ``metrics=[...]``: what Keras gets and how headcheck is asked about it.

    ``logged_as_identifier`` is False for metric *objects*, which Keras logs under the object's
    own name: headcheck's ``resolve_metric`` takes a spelling, not an object, so their display
    name is not compared (name, threshold and value are).
    """

    spec: Any
    identifier: str
    threshold: float | None = None
    logged_as_identifier: bool = True


@dataclass(frozen=True)
class Case:
    id: str
    units: int
    activation: str
    x: np.ndarray
    y: np.ndarray
    loss: Any
    hc_loss: str
    metrics: tuple[Metric, ...]
    # Per oracle, the metric names framework-semantics.md (or the run) says are built.
    expected: dict[str, tuple[str, ...]]
    frameworks: tuple[str, ...] = FRAMEWORKS
    notes: dict[str, str] = field(default_factory=dict)


def _same(*names: str) -> dict[str, tuple[str, ...]]:
    return dict.fromkeys(FRAMEWORKS, names)


def _v1_differs(others: tuple[str, ...], v1: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    expected = dict.fromkeys(FRAMEWORKS, others)
    expected["tf_keras_v1"] = v1
    return expected


ACCURACY = Metric("accuracy", "accuracy")
ACC = Metric("acc", "acc")

CASES = (
    Case(
        "sigmoid1-bce-y(N,1)",
        1,
        "sigmoid",
        Z1,
        Y1[:, None],
        "binary_crossentropy",
        "binary_crossentropy",
        (ACCURACY, Metric("AUC", "AUC")),
        _same("binary_accuracy", "auc"),
    ),
    Case(
        "sigmoid1-bce-y(N,)",
        1,
        "sigmoid",
        Z1,
        Y1,
        "binary_crossentropy",
        "binary_crossentropy",
        (ACCURACY,),
        _same("binary_accuracy"),
    ),
    Case(
        # The seed question: logits thresholded at 0.5 (true accuracy at 0.0 is 5/6).
        "linear1-bce(from_logits)",
        1,
        "linear",
        Z1,
        Y1[:, None],
        _class("BinaryCrossentropy", from_logits=True),
        "BinaryCrossentropy",
        (ACCURACY, Metric(_class("BinaryAccuracy", threshold=0.0), "BinaryAccuracy", 0.0, False)),
        _same("binary_accuracy", "binary_accuracy"),
    ),
    Case(
        "sigmoid3-bce-multihot",
        3,
        "sigmoid",
        Z3,
        MULTI_HOT,
        "binary_crossentropy",
        "binary_crossentropy",
        (ACCURACY, Metric(_class("BinaryAccuracy"), "BinaryAccuracy", None, False)),
        _v1_differs(
            ("categorical_accuracy", "binary_accuracy"), ("binary_accuracy", "binary_accuracy")
        ),
    ),
    Case(
        # The classic "binary_crossentropy gives higher accuracy than categorical".
        "softmax3-bce-onehot",
        3,
        "softmax",
        Z3,
        ONE_HOT,
        "binary_crossentropy",
        "binary_crossentropy",
        (ACC,),
        _v1_differs(("categorical_accuracy",), ("binary_accuracy",)),
    ),
    Case(
        "softmax3-mse-onehot",
        3,
        "softmax",
        Z3,
        ONE_HOT,
        "mse",
        "mse",
        (ACCURACY,),
        _same("categorical_accuracy"),
    ),
    Case(
        "softmax3-scce-y(N,)",
        3,
        "softmax",
        Z3,
        CLASSES,
        "sparse_categorical_crossentropy",
        "sparse_categorical_crossentropy",
        (ACCURACY, Metric("sparse_categorical_accuracy", "sparse_categorical_accuracy")),
        _same("sparse_categorical_accuracy", "sparse_categorical_accuracy"),
    ),
    Case(
        "softmax3-scce-y(N,1)",
        3,
        "softmax",
        Z3,
        CLASSES[:, None],
        _class("SparseCategoricalCrossentropy"),
        "SparseCategoricalCrossentropy",
        (ACC,),
        _same("sparse_categorical_accuracy"),
    ),
    Case(
        # softmax over one unit is always 1.0: accuracy is the positive rate, 4/6.
        "softmax1-bce",
        1,
        "softmax",
        Z1,
        Y1[:, None],
        "binary_crossentropy",
        "binary_crossentropy",
        (ACCURACY,),
        _same("binary_accuracy"),
    ),
    Case(
        # Keras 3 rejects 'ce'/'crossentropy' as metrics: see test_keras3_rejects_ce_metric.
        "softmax3-cce-acc-ce-crossentropy",
        3,
        "softmax",
        Z3,
        ONE_HOT,
        "categorical_crossentropy",
        "categorical_crossentropy",
        (ACC, Metric("ce", "ce"), Metric("crossentropy", "crossentropy")),
        dict.fromkeys(
            KERAS2, ("categorical_accuracy", "categorical_crossentropy", "categorical_crossentropy")
        ),
        frameworks=KERAS2,
    ),
    Case(
        # Multi-hot + BCE with 'ce': tf.keras picks categorical cross-entropy from the shapes.
        "probs3-bce-multihot-acc-ce",
        3,
        "linear",
        P3,
        MULTI_HOT,
        "binary_crossentropy",
        "binary_crossentropy",
        (ACC, Metric("ce", "ce")),
        {
            "tf_keras": ("categorical_accuracy", "categorical_crossentropy"),
            "tf_keras_v1": ("binary_accuracy", "binary_crossentropy"),
        },
        frameworks=KERAS2,
    ),
    Case(
        # 'Accuracy' capitalised: tf.keras and Keras 3 lower-case it; the v1 path does not and
        # builds the exact-match Accuracy class (0.0 on probabilities).
        "softmax3-cce-Accuracy",
        3,
        "softmax",
        Z3,
        ONE_HOT,
        "categorical_crossentropy",
        "categorical_crossentropy",
        (Metric("Accuracy", "Accuracy"),),
        _v1_differs(("categorical_accuracy",), ("accuracy",)),
    ),
    Case(
        # A focal loss is not binary_crossentropy to the v1 path's identity check.
        "sigmoid3-focal-multihot",
        3,
        "sigmoid",
        Z3,
        MULTI_HOT,
        "binary_focal_crossentropy",
        "binary_focal_crossentropy",
        (ACCURACY,),
        _same("categorical_accuracy"),
    ),
    Case(
        "softmax3-cce-explicit-functions",
        3,
        "softmax",
        Z3,
        ONE_HOT,
        "categorical_crossentropy",
        "categorical_crossentropy",
        (
            Metric("binary_accuracy", "binary_accuracy"),
            Metric("categorical_accuracy", "categorical_accuracy"),
        ),
        _same("binary_accuracy", "categorical_accuracy"),
    ),
    Case(
        "softmax6-cce-top-k",
        6,
        "softmax",
        Z6,
        np.eye(6, dtype=np.float32)[CLASSES6],
        "categorical_crossentropy",
        "categorical_crossentropy",
        (ACCURACY, Metric("top_k_categorical_accuracy", "top_k_categorical_accuracy")),
        _same("categorical_accuracy", "top_k_categorical_accuracy"),
    ),
    Case(
        "softmax6-scce-sparse-top-k",
        6,
        "softmax",
        Z6,
        CLASSES6,
        "sparse_categorical_crossentropy",
        "sparse_categorical_crossentropy",
        (ACC, Metric("SparseTopKCategoricalAccuracy", "SparseTopKCategoricalAccuracy")),
        _same("sparse_categorical_accuracy", "sparse_top_k_categorical_accuracy"),
    ),
    Case(
        # Class names as strings: tf.keras logs the object's own (snake_case) name.
        "softmax3-cce-explicit-classes",
        3,
        "softmax",
        Z3,
        ONE_HOT,
        "categorical_crossentropy",
        "categorical_crossentropy",
        (
            Metric("BinaryAccuracy", "BinaryAccuracy"),
            Metric("CategoricalAccuracy", "CategoricalAccuracy"),
            Metric(_class("CategoricalAccuracy", name="cat"), "CategoricalAccuracy", None, False),
        ),
        _same("binary_accuracy", "categorical_accuracy", "categorical_accuracy"),
    ),
)

CASE_IDS = [c.id for c in CASES]
CASE_PARAMS = [
    pytest.param(case, framework, id=f"{case.id}-{framework}")
    for case in CASES
    for framework in case.frameworks
]

# keras2.3 stands for Keras 2.3.x *and* the tf-keras v1 path, which disagree on binary_accuracy:
# 2.3.1 rounds (`K.round(y_pred)` at threshold 0.5), the v1 path compares `y_pred > 0.5`. They
# differ only on outputs outside [-0.5, 1.5), i.e. logits; headcheck (accuracy.py) follows 2.3.1.
# See test_keras23_rounding_differs_from_the_v1_path_on_logits.
# That one pair is compared in the dedicated test, not here.
COMPUTE_PARAMS = [
    pytest.param(case, framework, id=f"{case.id}-{framework}")
    for case in CASES
    for framework in case.frameworks
    if (case.id, framework) != ("linear1-bce(from_logits)", "tf_keras_v1")
]


def _resolve(case: Case, metric: Metric, framework: str) -> Any:
    target, backend = TARGETS[framework]
    return resolve_metric(
        metric.identifier,
        target=target,
        backend=backend,
        y_true_shape=case.y.shape,
        y_pred_shape=(len(case.x), case.units),
        loss=case.hc_loss,
        threshold=metric.threshold,
    )


def _ran(oracles: Oracles, case: Case, framework: str) -> dict[str, Any]:
    result = oracles.case(framework, case)
    assert result["error"] is None, result["error"]
    assert len(result["built"]) == len(case.metrics), result["built"]
    return result


@pytest.mark.parametrize(("case", "framework"), CASE_PARAMS)
def test_framework_builds_the_metrics_the_spec_says(
    oracles: Oracles, case: Case, framework: str
) -> None:
    """The framework itself, against framework-semantics.md §1's table (guards the oracle)."""
    built = _ran(oracles, case, framework)["built"]
    assert tuple(b["name"] for b in built) == case.expected[framework]


@pytest.mark.parametrize(("case", "framework"), CASE_PARAMS)
def test_resolved_name_and_threshold_match_the_built_metric(
    oracles: Oracles, case: Case, framework: str
) -> None:
    """(a) headcheck names the metric the framework built, with the threshold it uses."""
    built = _ran(oracles, case, framework)["built"]
    for metric, real in zip(case.metrics, built, strict=True):
        resolved = _resolve(case, metric, framework)
        assert resolved.name == real["name"], (metric.identifier, real)
        assert resolved.threshold == real["threshold"], (metric.identifier, real)


@pytest.mark.parametrize(("case", "framework"), CASE_PARAMS)
def test_display_name_is_the_logged_key(oracles: Oracles, case: Case, framework: str) -> None:
    """(b) ``display_name`` is the key ``evaluate`` returns the value under."""
    result = _ran(oracles, case, framework)
    assert set(result["logs"]) == {"loss"} | {b["logged"] for b in result["built"]}
    for metric, real in zip(case.metrics, result["built"], strict=True):
        if not metric.logged_as_identifier:
            continue
        resolved = _resolve(case, metric, framework)
        assert resolved.display_name == real["logged"], (metric.identifier, real)
        assert resolved.display_name in result["logs"]


@pytest.mark.parametrize(("case", "framework"), COMPUTE_PARAMS)
def test_compute_matches_the_reported_value(oracles: Oracles, case: Case, framework: str) -> None:
    """(c) ``compute(y, outputs)`` is the number ``evaluate`` reported."""
    result = _ran(oracles, case, framework)
    for metric, real in zip(case.metrics, result["built"], strict=True):
        resolved = _resolve(case, metric, framework)
        reported = result["logs"][real["logged"]]
        value = resolved.compute(case.y, result["outputs"])
        assert value == pytest.approx(reported, abs=1e-6), (metric.identifier, real)


def test_the_cases_separate_the_metrics(oracles: Oracles) -> None:
    """The fixed data gives different numbers for the metrics a wrong resolution would pick."""
    by_id = {c.id: c for c in CASES}
    logits = oracles.case("tf_keras", by_id["linear1-bce(from_logits)"])["logs"]
    assert logits["accuracy"] == pytest.approx(3 / 6)  # logits > 0.5
    assert logits["binary_accuracy"] == pytest.approx(5 / 6)  # BinaryAccuracy(threshold=0.0)
    multi = [oracles.case(f, by_id["sigmoid3-bce-multihot"])["logs"] for f in KERAS2]
    assert multi[0]["accuracy"] != pytest.approx(multi[1]["accuracy"])  # categorical ≠ binary
    single = oracles.case("keras3_torch", by_id["softmax1-bce"])
    assert np.all(single["outputs"] == 1.0)
    assert single["logs"]["accuracy"] == pytest.approx(4 / 6)  # the positive rate
    top_k = oracles.case("keras3_torch", by_id["softmax6-cce-top-k"])["logs"]
    assert (top_k["accuracy"], top_k["top_k_categorical_accuracy"]) == pytest.approx((1 / 6, 3 / 6))
    capital = [oracles.case(f, by_id["softmax3-cce-Accuracy"])["logs"] for f in KERAS2]
    assert capital[0]["Accuracy"] == pytest.approx(4 / 6)
    assert capital[1]["Accuracy"] == 0.0  # exact equality of probabilities and one-hot labels


def test_keras23_rounding_differs_from_the_v1_path_on_logits(oracles: Oracles) -> None:
    """Pins the one known divergence inside target keras2.3 (excluded from COMPUTE_PARAMS) and that
    ``describe()`` tells the user about it."""
    case = next(c for c in CASES if c.id == "linear1-bce(from_logits)")
    result = _ran(oracles, case, "tf_keras_v1")
    logits = result["outputs"]
    assert result["logs"]["accuracy"] == pytest.approx(np.mean((logits > 0.5) == case.y))  # 0.5
    resolved = _resolve(case, ACCURACY, "tf_keras_v1")
    assert resolved.uses_round
    assert resolved.compute(case.y, logits) == pytest.approx(np.mean(np.round(logits) == case.y))
    assert "the tf-keras v1 path compare > 0.5 instead" in resolved.describe()
    # On probabilities the two rules agree, and headcheck matches the v1 path exactly.
    sigmoid = next(c for c in CASES if c.id == "sigmoid1-bce-y(N,1)")
    probabilities = _ran(oracles, sigmoid, "tf_keras_v1")
    value = _resolve(sigmoid, ACCURACY, "tf_keras_v1").compute(sigmoid.y, probabilities["outputs"])
    assert value == pytest.approx(probabilities["logs"]["accuracy"], abs=1e-6)


def test_describe_names_the_metric_and_why(oracles: Oracles) -> None:
    """``describe()`` says what the framework built, the logged key and the loss' part in it."""
    case = next(c for c in CASES if c.id == "softmax3-bce-onehot")
    for framework in ("tf_keras", "tf_keras_v1"):
        built = _ran(oracles, case, framework)["built"][0]
        text = _resolve(case, ACC, framework).describe()
        assert f"becomes {built['name']}" in text
        assert f"logged as {built['logged']!r}" in text
        consulted = "the loss is not consulted" in text
        assert consulted is (framework == "tf_keras")


# ---------------------------------------------------------------------------------------------
# (d) errors
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("framework", KERAS3)
@pytest.mark.parametrize("identifier", ["ce", "crossentropy", "CE"])
def test_keras3_rejects_ce_metric(oracles: Oracles, framework: str, identifier: str) -> None:
    result = oracles.evaluate(
        framework,
        units=3,
        activation="softmax",
        loss="categorical_crossentropy",
        metrics=["acc", identifier],
        x=Z3,
        y=ONE_HOT,
    )
    assert result["error"] == ("ValueError", f"Could not interpret metric identifier: {identifier}")
    target, backend = TARGETS[framework]
    with pytest.raises(FrameworkError) as caught:
        resolve_metric(
            identifier,
            target=target,
            backend=backend,
            y_true_shape=ONE_HOT.shape,
            y_pred_shape=Z3.shape,
            loss="categorical_crossentropy",
        )
    assert caught.value.framework_type == result["error"][0]
    assert caught.value.framework_message == result["error"][1]


@pytest.mark.parametrize("framework", KERAS2)
@pytest.mark.parametrize("identifier", ["crossentropy", "ce"])
def test_keras2_rejects_ce_loss(oracles: Oracles, framework: str, identifier: str) -> None:
    result = oracles.evaluate(
        framework,
        units=3,
        activation="softmax",
        loss=identifier,
        metrics=["acc"],
        x=Z3,
        y=ONE_HOT,
    )
    assert result["error"] is not None
    kind, message = result["error"]
    assert kind == "ValueError"
    target, _ = TARGETS[framework]
    with pytest.raises(FrameworkError) as caught:
        resolve_loss(identifier, target=target, y_true_shape=ONE_HOT.shape, y_pred_shape=Z3.shape)
    assert caught.value.framework_type == kind
    # headcheck quotes tf-keras' sentence and adds a hint in parentheses.
    quoted = caught.value.framework_message.split(" (Keras 3 ")[0]
    assert quoted.startswith(f"Unknown loss function: '{identifier}'.")
    assert quoted in message


KERAS3_CE_LOSS = [
    # (identifier, units, activation, x, y, the loss Keras 3 resolves by shape)
    ("crossentropy", 1, "sigmoid", Z1, Y1[:, None], "binary_crossentropy"),
    ("ce", 1, "sigmoid", Z1, Y1, "binary_crossentropy"),
    ("ce", 3, "softmax", Z3, CLASSES, "sparse_categorical_crossentropy"),
    ("crossentropy", 3, "softmax", Z3, CLASSES[:, None], "sparse_categorical_crossentropy"),
    ("CE", 3, "softmax", Z3, ONE_HOT, "categorical_crossentropy"),
    ("ce", 3, "linear", P3, MULTI_HOT, "categorical_crossentropy"),
]


@pytest.mark.parametrize("framework", KERAS3)
@pytest.mark.parametrize(
    ("identifier", "units", "activation", "x", "y", "expected"),
    KERAS3_CE_LOSS,
    ids=[f"{i}-{u}{a}-y{y.shape}" for i, u, a, _, y, _ in KERAS3_CE_LOSS],
)
def test_keras3_resolves_ce_loss_like_headcheck(
    oracles: Oracles,
    framework: str,
    identifier: str,
    units: int,
    activation: str,
    x: np.ndarray,
    y: np.ndarray,
    expected: str,
) -> None:
    """Keras 3's ``loss='crossentropy'|'ce'``: the same loss by shape, and the same value."""
    result = oracles.evaluate(
        framework, units=units, activation=activation, loss=identifier, metrics=[], x=x, y=y
    )
    assert result["error"] is None, result["error"]
    assert result["loss_fn"] == expected
    resolved = resolve_loss(identifier, target="keras3", y_true_shape=y.shape, y_pred_shape=x.shape)
    assert resolved.name == result["loss_fn"]
    backend = TARGETS[framework][1]
    # On TensorFlow the loss reads the logits cached on a sigmoid/softmax output.
    cached = backend == "tensorflow" and activation != "linear"
    value = getattr(losses, resolved.name)(
        y,
        result["outputs"],
        target="keras3",
        backend=backend,
        logits=x if cached else None,
        activation=activation if cached else None,
    )
    assert value == pytest.approx(result["logs"]["loss"], abs=1e-6)


# ---------------------------------------------------------------------------------------------
# Properties: any label shape, unit count, loss spelling and accuracy spelling
# ---------------------------------------------------------------------------------------------

N_PROPERTY = 4

# (spec passed to compile, headcheck's loss name, label kind, activation)
LOSSES: tuple[tuple[Any, str, str, str], ...] = (
    ("binary_crossentropy", "binary_crossentropy", "binary", "sigmoid"),
    (_class("BinaryCrossentropy"), "BinaryCrossentropy", "binary", "sigmoid"),
    (_class("BinaryCrossentropy", from_logits=True), "BinaryCrossentropy", "binary", "linear"),
    ({"function": "binary_crossentropy"}, "binary_crossentropy", "binary", "sigmoid"),
    ("binary_focal_crossentropy", "binary_focal_crossentropy", "binary", "sigmoid"),
    (_class("BinaryFocalCrossentropy"), "BinaryFocalCrossentropy", "binary", "sigmoid"),
    ("categorical_crossentropy", "categorical_crossentropy", "one_hot", "softmax"),
    (_class("CategoricalCrossentropy"), "CategoricalCrossentropy", "one_hot", "softmax"),
    ("sparse_categorical_crossentropy", "sparse_categorical_crossentropy", "sparse", "softmax"),
    (_class("SparseCategoricalCrossentropy"), "SparseCategoricalCrossentropy", "sparse", "softmax"),
    ("mse", "mse", "binary", "sigmoid"),
    (_class("MeanSquaredError"), "MeanSquaredError", "binary", "linear"),
)


@st.composite
def heads(draw: st.DrawFn) -> dict[str, Any]:
    """A model, loss and labels that compile and evaluate in every framework."""
    units = draw(st.integers(1, 6), label="units")
    spec, hc_loss, kind, activation = draw(st.sampled_from(LOSSES), label="loss")
    identifier = draw(st.sampled_from(["accuracy", "acc", "Accuracy", "ACC"]), label="metric")
    if kind == "one_hot":
        units = max(units, 2)  # the v1 path rejects CCE with one output column
    flat = draw(st.booleans(), label="labels of rank 1")
    values = draw(st.lists(st.integers(0, 5), min_size=N_PROPERTY, max_size=N_PROPERTY))
    classes = np.array(values) % units
    if kind == "binary":
        bits = draw(
            st.lists(
                st.sampled_from([0.0, 1.0]),
                min_size=N_PROPERTY * units,
                max_size=N_PROPERTY * units,
            ),
            label="binary labels",
        )
        y = np.array(bits, dtype=np.float32).reshape(N_PROPERTY, units)
        if units == 1 and flat:
            y = y[:, 0]
    elif kind == "one_hot":
        y = np.eye(units, dtype=np.float32)[classes]
    else:
        y = classes if flat else classes[:, None]
    x = np.linspace(-2.0, 2.0, N_PROPERTY * units, dtype=np.float32).reshape(N_PROPERTY, units)
    return {
        "units": units,
        "activation": activation,
        "loss": spec,
        "hc_loss": hc_loss,
        "identifier": identifier,
        "x": x,
        "y": y,
    }


@pytest.mark.parametrize("framework", FRAMEWORKS)
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    derandomize=True,
)
@given(head=heads())
def test_accuracy_resolves_like_the_framework(
    oracles: Oracles, framework: str, head: dict[str, Any]
) -> None:
    """(a)+(b) for any head: the metric built from 'accuracy'/'acc' (any case), and its key."""
    identifier = head["identifier"]
    target, backend = TARGETS[framework]
    result = oracles.evaluate(
        framework,
        units=head["units"],
        activation=head["activation"],
        loss=head["loss"],
        metrics=[identifier],
        x=head["x"],
        y=head["y"],
    )
    arguments: dict[str, Any] = {
        "target": target,
        "backend": backend,
        "y_true_shape": head["y"].shape,
        "y_pred_shape": head["x"].shape,
        "loss": head["hc_loss"],
    }
    if result["error"] is not None:
        with pytest.raises(FrameworkError) as caught:
            resolve_metric(identifier, **arguments)
        assert (caught.value.framework_type, caught.value.framework_message) == result["error"]
        return
    resolved = resolve_metric(identifier, **arguments)
    assert result["error"] is None, result["error"]
    (built,) = result["built"]
    assert resolved.name == built["name"]
    assert resolved.threshold == built["threshold"]
    assert resolved.display_name == built["logged"]
    assert set(result["logs"]) == {"loss", built["logged"]}


# ---------------------------------------------------------------------------------------------
# keras2.2 — SOURCE-DERIVED (Keras 2.2.4 needs TF 1 / Python ≤ 3.7 and cannot run here)
# ---------------------------------------------------------------------------------------------

# keras/engine/training.py @2.2.4 (1931e21), Model.compile's nested handle_metrics, as quoted in
# framework-semantics.md §1:
#
#     if metric in ('accuracy', 'acc', 'crossentropy', 'ce'):
#         output_shape = K.int_shape(self.outputs[i])
#         if (output_shape[-1] == 1 or
#            self.loss_functions[i] == losses.binary_crossentropy):
#             metric_fn = metrics_module.binary_accuracy        # / binary_crossentropy
#         elif (self.loss_functions[i] ==
#               losses.sparse_categorical_crossentropy):
#             metric_fn = metrics_module.sparse_categorical_accuracy   # / sparse_..._crossentropy
#         else:
#             metric_fn = metrics_module.categorical_accuracy   # / categorical_crossentropy
#         if metric in ('accuracy', 'acc'): suffix = 'acc'
#         elif metric in ('crossentropy', 'ce'): suffix = 'ce'
#         metric_name = metric_name_prefix + suffix
#
# keras/metrics.py @2.2.4:
#
#     def binary_accuracy(y_true, y_pred):
#         return K.mean(K.equal(y_true, K.round(y_pred)), axis=-1)


def _keras224_metric(metric: str, units: int, loss: str) -> tuple[str, str]:
    """The 2.2.4 rule above, transcribed: (metric function name, logged name)."""
    # losses.get(name) returns the module function; only the identical function matches.
    loss_fn = {"binary_crossentropy": "bce", "sparse_categorical_crossentropy": "scce"}.get(loss)
    base = "accuracy" if metric in ("accuracy", "acc") else "crossentropy"
    if units == 1 or loss_fn == "bce":
        kind = "binary"
    elif loss_fn == "scce":
        kind = "sparse_categorical"
    else:
        kind = "categorical"
    return f"{kind}_{base}", "acc" if base == "accuracy" else "ce"


@pytest.mark.parametrize("metric", ["accuracy", "acc", "crossentropy", "ce"])
@pytest.mark.parametrize("units", [1, 2, 3, 10])
@pytest.mark.parametrize(
    "loss",
    [
        "binary_crossentropy",
        "categorical_crossentropy",
        "sparse_categorical_crossentropy",
        "mean_squared_error",
        "hinge",
    ],
)
@pytest.mark.parametrize("labels", ["same", "rank1", "column"])
def test_keras22_rule_from_source(metric: str, units: int, loss: str, labels: str) -> None:
    """Source-derived: the loss identity check, label shapes ignored, logged as 'acc'/'ce'."""
    y_true_shape = {"same": (8, units), "rank1": (8,), "column": (8, 1)}[labels]
    resolved = resolve_metric(
        metric, target="keras2.2", y_true_shape=y_true_shape, y_pred_shape=(8, units), loss=loss
    )
    assert (resolved.name, resolved.display_name) == _keras224_metric(metric, units, loss)
    if resolved.name == "binary_accuracy":
        assert resolved.uses_round
        assert resolved.threshold == 0.5


@pytest.mark.parametrize("identifier", ["Accuracy", "ACC", "CE"])
def test_keras22_identifiers_are_case_sensitive_from_source(identifier: str) -> None:
    """Source-derived: ``metric in ('accuracy', 'acc', ...)`` is exact; others go to
    ``metrics.get``, which in 2.2.4 has no classes and no upper-case aliases."""
    with pytest.raises(ValueError, match=identifier):
        resolve_metric(identifier, target="keras2.2", y_true_shape=(8,), y_pred_shape=(8, 3))


def test_keras22_binary_accuracy_rounds_with_tensorflow() -> None:
    """The 2.2.4 formula ``K.mean(K.equal(y_true, K.round(y_pred)), -1)`` run with TF ops:
    round is half-to-even and logits outside [-0.5, 1.5) never match."""
    import tensorflow as tf

    y = np.array([[0.0], [1.0], [1.0], [0.0], [0.0], [1.0]], dtype=np.float32)
    p = np.array([[-0.7], [2.3], [0.6], [0.5], [0.4], [1.5]], dtype=np.float32)
    per_sample = tf.reduce_mean(tf.cast(tf.equal(y, tf.round(p)), tf.float32), axis=-1)
    reported = float(tf.reduce_mean(per_sample))
    assert per_sample.numpy().tolist() == [0.0, 0.0, 1.0, 1.0, 1.0, 0.0]
    resolved = resolve_metric(
        "acc", target="keras2.2", y_true_shape=y.shape, y_pred_shape=p.shape, loss="mse"
    )
    assert resolved.compute(y, p) == pytest.approx(reported, abs=1e-7)
