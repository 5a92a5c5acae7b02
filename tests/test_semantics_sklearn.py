"""headcheck.semantics.sklearn against the real scikit-learn 1.9.1 (never mocked).

Values must agree within 1e-9; errors must carry scikit-learn's exception class and message.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

sklearn_metrics = pytest.importorskip("sklearn.metrics")
sklearn_multiclass = pytest.importorskip("sklearn.utils.multiclass")

from headcheck._errors import FrameworkError  # noqa: E402
from headcheck.semantics import sklearn as hc  # noqa: E402

pytestmark = pytest.mark.oracle

TOL = 1e-9
HYPOTHESIS = settings(max_examples=80, deadline=None)

Outcome = tuple[Any, ...]


def run_sklearn(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Outcome:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return ("ok", function(*args, **kwargs))
        except Exception as exc:  # the framework's error is the result being compared
            return ("error", type(exc).__name__, str(exc))


def run_headcheck(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Outcome:
    try:
        return ("ok", function(*args, **kwargs))
    except FrameworkError as exc:
        error = exc
    assert error.target == "sklearn"
    return ("error", error.framework_type, error.framework_message)


def both(
    sk_function: Callable[..., Any], hc_function: Callable[..., Any], *args: Any, **kwargs: Any
) -> Outcome:
    """Run both on the same arguments, assert they agree, return scikit-learn's outcome."""
    expected = run_sklearn(sk_function, *args, **kwargs)
    actual = run_headcheck(hc_function, *args, **kwargs)
    assert expected[0] == actual[0], f"sklearn {expected} vs headcheck {actual}"
    if expected[0] == "error":
        assert actual == expected
    elif isinstance(expected[1], str):
        assert actual[1] == expected[1]
    else:
        want, got = float(expected[1]), actual[1]
        assert isinstance(got, float)
        assert (math.isnan(want) and math.isnan(got)) or got == pytest.approx(want, abs=TOL, rel=0)
    return expected


def type_both(y: Any) -> Outcome:
    return both(sklearn_multiclass.type_of_target, hc.type_of_target, y)


def accuracy_both(*args: Any, **kwargs: Any) -> Outcome:
    return both(sklearn_metrics.accuracy_score, hc.accuracy_score, *args, **kwargs)


def hamming_both(*args: Any, **kwargs: Any) -> Outcome:
    return both(sklearn_metrics.hamming_loss, hc.hamming_loss, *args, **kwargs)


# --- the [run] facts of framework-semantics.md section 7 -----------------------------------

SECTION_7_TYPES = [
    ([0, 1, 1, 0], "binary"),
    ([0.0, 1.0, 1.0], "binary"),
    (["a", "b"], "binary"),
    ([-1, 1], "binary"),
    ([1], "binary"),
    ([[0], [1], [1]], "binary"),
    ([1, 2, 3], "multiclass"),
    ([0.1, 0.9, 0.6], "continuous"),
    ([[0, 1], [1, 1]], "multilabel-indicator"),
    ([[0.1, 0.9], [0.3, 0.4]], "continuous-multioutput"),
    ([[1, 2], [3, 4]], "multiclass-multioutput"),
]


@pytest.mark.parametrize(("y", "expected"), SECTION_7_TYPES)
def test_sk001_to_sk011_type_of_target(y: Any, expected: str) -> None:
    assert type_both(y) == ("ok", expected)


def test_sk012_sk013_multilabel_accuracy_is_subset_accuracy() -> None:
    y_true = [[0, 1, 0], [1, 0, 1], [0, 0, 1], [1, 1, 0]]
    y_pred = [[0, 1, 1], [1, 0, 0], [0, 0, 1], [1, 0, 0]]
    assert accuracy_both(y_true, y_pred)[1] == pytest.approx(0.25)
    assert hamming_both(y_true, y_pred)[1] == pytest.approx(0.25)  # element accuracy 0.75


def test_sk014_probabilities_are_not_thresholded() -> None:
    outcome = accuracy_both([0, 1, 1, 0], [0.2, 0.7, 0.6, 0.4])
    assert outcome == (
        "error",
        "ValueError",
        "Classification metrics can't handle a mix of binary and continuous targets",
    )


# --- edge cases, each compared with the real library ---------------------------------------

TYPE_EDGES = [
    [],
    [[]],
    np.array(1),
    [[[1]]],
    [[1.5], [2]],
    [[1], [2], [3]],
    [["a", "b"], ["b", "a"]],
    [[-1, 1], [1, -1]],
    [[3, 5], [5, 3]],
    [[0, 0], [0, 0]],
    np.array([[True, False], [False, True]]),
    [True, False],
    [1, "a"],
    [None, 1],
    [{"a": 1}],
    [[1, 2], [3]],
    [b"a", b"b"],
    [1.0, float("nan")],
    [1.0, float("inf")],
    np.array([np.inf, 2.0], dtype=np.float32),
    np.array([[1, 2]], dtype=object),
    np.array(["a", "b"], dtype=object),
    np.array(["a", 1], dtype=object),
    np.array([[1 + 1j]]),
    [0.5],
    [2.0, 3.0],
    [1e20, 1],
    np.array([1, 2, 3], dtype=np.uint8),
    [[0.0, 1.0], [1.0, 0.0]],
    np.zeros((0, 3)),
    np.array([1.5, 2.0], dtype=np.float16),
    (0, 1),
    range(3),
    "abc",
    5,
    b"ab",
]


@pytest.mark.parametrize("y", TYPE_EDGES, ids=[repr(y)[:40] for y in TYPE_EDGES])
def test_type_of_target_edges(y: Any) -> None:
    type_both(y)


ACCURACY_EDGES: list[tuple[Any, Any, dict[str, Any]]] = [
    ([0, 1, 1], [0, 1], {}),
    ([0, 1, 1], [0, 1, 0], {"sample_weight": [1, 2]}),
    ([0, 1, 1], [0, 1, 0], {"sample_weight": [0, 0, 0]}),
    ([0, 1, 1], [0, 1, 0], {"sample_weight": [1, -1, 0]}),
    ([0, 1, 1], [0, 1, 0], {"sample_weight": [1, -1, 2]}),
    ([0, 1, 1], [0, 1, 0], {"sample_weight": [[1], [1], [2]]}),
    ([0, 1], [0, 1], {"sample_weight": [[[1], [2]]]}),
    ([0, 1, 1], [0, 1, 0], {"sample_weight": np.ones((3, 1, 1))}),
    ([0, 1, 1], [0, 1, 0], {"sample_weight": 2.0}),
    ([0, 1, 1], [0, 1, 0], {"sample_weight": [1, np.nan, 2]}),
    ([0, 1, 1], [0, 1, 0], {"sample_weight": [1, np.inf, 2]}),
    ([0, 1, 1], [0, 1, 0], {"sample_weight": np.array([1, np.inf, 2], dtype=np.float32)}),
    ([0, 1, 1], [0, 1, 0], {"normalize": 1}),
    ([0, 1, 1], [0, 1, 0], {"normalize": "yes"}),
    ([0, 1, 1], [0, 1, 0], {"normalize": np.bool_(False)}),
    ([0, 1, 1], [0, 1, 0], {"normalize": False, "sample_weight": [0.5, 2, 3]}),
    ([0, 1, 1], ["a", "b", "a"], {}),
    (["a", "b", "c"], ["a", "b", "a"], {}),
    ([], [], {}),
    ([[0, 1], [1, 1]], [0, 1], {}),
    ([[0, 1], [1, 1]], [[0, 1, 1], [1, 0, 1]], {}),
    ([[1, 2], [1, 1]], [[1, 2], [1, 0]], {}),
    ([0.5, 1], [0.5, 1], {}),
    ([1, np.nan], [1, 0], {}),
    ([1, np.inf], [1, 0], {}),
    ([1, 2], [1, np.nan], {}),
    (np.array([[True, False], [False, True]]), np.array([[True, False], [True, True]]), {}),
    ([[0, 1], [1, 1]], [[0, 1], [1, 0]], {"normalize": False, "sample_weight": [2, 3]}),
    ([[1], [0]], [1, 0], {}),
    ([[1, 1], [1, 1]], [[1, 1], [1, 1]], {}),
    ([[3, 5], [5, 3]], [[3, 5], [3, 3]], {}),
    ([[0, 0], [0, 0]], [[1, 1], [1, 1]], {}),
    ([1, 0], [[1], [0], [1]], {}),
    ("ab", "ab", {}),
    (5, 5, {}),
    (np.array(1), np.array(1), {}),
    ([[["a"]]], [[["a"]]], {}),
    ([["a", "b"], ["b", "a"]], [["a", "b"], ["b", "a"]], {}),
    ([1, 2, 3], [1, 2, 3], {"sample_weight": [1, 1, 1.0]}),
    ([1, 2], [1.0, 2.0], {}),
    ([True, False], [1, 0], {}),
    (np.array(["a", "b"], dtype=object), ["a", "b"], {}),
    ([[1], [2], [3]], [[1], [2], [4]], {}),
    (np.zeros((0, 3)), np.zeros((0, 3)), {}),
]


@pytest.mark.parametrize(("y_true", "y_pred", "kwargs"), ACCURACY_EDGES)
def test_accuracy_score_and_hamming_loss_edges(
    y_true: Any, y_pred: Any, kwargs: dict[str, Any]
) -> None:
    accuracy_both(y_true, y_pred, **kwargs)
    if "normalize" not in kwargs:
        hamming_both(y_true, y_pred, **kwargs)


def test_hamming_loss_with_weights_summing_to_zero_is_infinite() -> None:
    outcome = hamming_both([[0, 1], [1, 1]], [[0, 1], [1, 0]], sample_weight=[1, -1])
    assert outcome[1] == -math.inf


# --- property tests ----------------------------------------------------------------------

INTEGER_DTYPES = st.sampled_from([np.int64, np.int32, np.uint8, np.bool_])


@st.composite
def label_vectors(draw: st.DrawFn, n: int) -> Any:
    """Labels as a user passes them: ints, integral or fractional floats, strings, bools."""
    kind = draw(st.sampled_from(["ints", "floats", "fractions", "strings", "bools", "pm1"]))
    if kind == "ints":
        k = draw(st.integers(1, 20))
        values: Any = draw(hnp.arrays(np.int64, n, elements=st.integers(0, k - 1)))
    elif kind == "floats":
        values = draw(hnp.arrays(np.int64, n, elements=st.integers(0, 3))).astype(np.float64)
    elif kind == "fractions":  # probabilities, with 0.5 and exact 0/1 likely
        elements = st.one_of(st.sampled_from([0.0, 0.5, 1.0]), st.floats(0, 1))
        values = draw(hnp.arrays(np.float64, n, elements=elements))
    elif kind == "strings":
        values = draw(st.lists(st.sampled_from(["cat", "dog", "eel"]), min_size=n, max_size=n))
    elif kind == "bools":
        values = draw(hnp.arrays(np.bool_, n))
    else:
        values = draw(hnp.arrays(np.int64, n, elements=st.sampled_from([-1, 1])))
    shape = draw(st.sampled_from(["1-D", "column", "list"]))
    if shape == "column":
        return np.asarray(values).reshape(-1, 1)
    if shape == "list":
        return np.asarray(values).tolist()
    return values


@st.composite
def indicator_matrices(draw: st.DrawFn, n: int, labels: int) -> Any:
    kind = draw(st.sampled_from(["0/1", "0/1", "probabilities", "counts"]))
    if kind == "0/1":
        return draw(hnp.arrays(draw(INTEGER_DTYPES), (n, labels), elements=st.integers(0, 1)))
    if kind == "probabilities":
        return draw(hnp.arrays(np.float64, (n, labels), elements=st.floats(0, 1)))
    return draw(hnp.arrays(np.int64, (n, labels), elements=st.integers(0, 3)))


@st.composite
def sample_weights(draw: st.DrawFn, n: int) -> Any:
    kind = draw(st.sampled_from(["none", "none", "floats", "with-zeros", "ints", "all-zero"]))
    if kind == "none":
        return None
    if kind == "floats":
        return draw(hnp.arrays(np.float64, n, elements=st.floats(0.01, 10)))
    if kind == "with-zeros":
        return draw(hnp.arrays(np.float64, n, elements=st.sampled_from([0.0, 0.0, 0.5, 1.0, 3.0])))
    if kind == "ints":
        return draw(hnp.arrays(np.int64, n, elements=st.integers(0, 5))).tolist()
    return np.zeros(n)


@HYPOTHESIS
@given(st.integers(1, 30), st.data())
def test_type_of_target_matches(n: int, data: st.DataObject) -> None:
    if data.draw(st.booleans()):
        y = data.draw(label_vectors(n))
    else:
        y = data.draw(indicator_matrices(n, data.draw(st.integers(1, 10))))
    type_both(y)


@HYPOTHESIS
@given(st.integers(1, 30), st.data())
def test_single_label_accuracy_matches(n: int, data: st.DataObject) -> None:
    y_true = data.draw(label_vectors(n))
    y_pred = y_true if data.draw(st.integers(0, 4)) == 0 else data.draw(label_vectors(n))
    weights = data.draw(sample_weights(n))
    normalize = data.draw(st.booleans())
    accuracy_both(y_true, y_pred, normalize=normalize, sample_weight=weights)
    hamming_both(y_true, y_pred, sample_weight=weights)


@HYPOTHESIS
@given(st.integers(1, 30), st.integers(1, 10), st.data())
def test_multilabel_accuracy_matches(n: int, labels: int, data: st.DataObject) -> None:
    y_true = data.draw(indicator_matrices(n, labels))
    y_pred = data.draw(indicator_matrices(n, labels))
    if data.draw(st.booleans()):  # mostly-right predictions: some rows match exactly
        flips = data.draw(hnp.arrays(np.bool_, (n, labels), elements=st.booleans()))
        y_pred = np.where(flips & (np.arange(labels) == 0), 1 - (y_true != 0), y_true)
    weights = data.draw(sample_weights(n))
    normalize = data.draw(st.booleans())
    accuracy_both(y_true, y_pred, normalize=normalize, sample_weight=weights)
    hamming_both(y_true, y_pred, sample_weight=weights)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 30), st.data())
def test_weights_and_normalize_match_on_right_and_wrong_rows(n: int, data: st.DataObject) -> None:
    y_true = data.draw(hnp.arrays(np.int64, n, elements=st.integers(0, 2)))
    wrong = data.draw(hnp.arrays(np.bool_, n))
    y_pred = np.where(wrong, (y_true + 1) % 3, y_true)
    weights = data.draw(hnp.arrays(np.float64, n, elements=st.sampled_from([0.0, 0.25, 1.0, 7.0])))
    outcome = accuracy_both(y_true, y_pred, sample_weight=weights)
    if outcome[0] == "ok":  # the weighted share of right rows
        assert outcome[1] == pytest.approx(weights[~wrong].sum() / weights.sum(), abs=TOL)
    count = accuracy_both(y_true, y_pred, normalize=False)
    assert count[1] == float((~wrong).sum())
