"""Mergeable states: for every metric, any split of the data, updated chunk by chunk or merged
across states, gives the result of the whole (identical for integer counts, within 1e-12
with weights), which equals scikit-learn."""

from __future__ import annotations

import itertools
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from headcheck import InputError
from headcheck.evaluation import CurveState, binary_curve
from headcheck.evaluation._state import ConfusionState, LabelCountsState, LossState

skm = pytest.importorskip("sklearn.metrics")

pytestmark = pytest.mark.oracle
SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TOL = 1e-12


@st.composite
def split_data(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, list[int]]:
    """Labels, scores (ties, float32 or float64, signed zeros, infinities), maybe weights
    (zeros included) and cut points splitting them into chunks."""
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    n = draw(st.integers(1, 300))
    y = rng.integers(0, 2, n)
    style = draw(st.sampled_from(["ties", "float32", "float64", "specials"]))
    if style == "ties":
        s = rng.integers(0, draw(st.integers(1, 12)), n) / 4.0
    elif style == "float32":
        s = (rng.standard_normal(n) * 4).astype(np.float32)
    elif style == "float64":
        s = rng.standard_normal(n) + 1e-9 * rng.random(n)
    else:
        s = rng.choice([-np.inf, -1.0, -0.0, 0.0, 0.5, np.inf], n)
    w = None
    if draw(st.booleans()):
        w = np.where(rng.random(n) < 0.2, 0.0, rng.uniform(0.1, 4.0, n))
    cuts = sorted(draw(st.lists(st.integers(0, n), max_size=6)))
    return y, s, w, cuts


def chunks(cuts: list[int], n: int) -> list[slice]:
    edges = [0, *cuts, n]
    return [slice(a, b) for a, b in itertools.pairwise(edges)]


def weights_of(w: np.ndarray | None, part: slice) -> np.ndarray | None:
    return None if w is None else w[part]


def assert_same_groups(a: CurveState, b: CurveState, weighted: bool) -> None:
    ga, gb = a.groups, b.groups
    assert np.array_equal(ga.scores(), gb.scores())
    if weighted:
        assert np.allclose(ga.positives, gb.positives, rtol=TOL, atol=TOL)
        assert np.allclose(ga.negatives, gb.negatives, rtol=TOL, atol=TOL)
    else:
        assert np.array_equal(ga.positives, gb.positives)
        assert np.array_equal(ga.negatives, gb.negatives)


@SETTINGS
@given(split_data())
def test_curve_state_merged_from_any_split_equals_the_whole(
    case: tuple[np.ndarray, np.ndarray, np.ndarray | None, list[int]],
) -> None:
    y, s, w, cuts = case
    parts = chunks(cuts, y.size)
    whole = CurveState().update(y, s, w)
    streamed = CurveState()
    merged = CurveState()
    for part in parts:
        streamed.update(y[part], s[part], weights_of(w, part))
        merged = merged.merge(CurveState().update(y[part], s[part], weights_of(w, part)))
    # merging in the other order (a tree of workers) gives the same groups too
    backwards = CurveState()
    for part in reversed(parts):
        backwards = CurveState().update(y[part], s[part], weights_of(w, part)).merge(backwards)
    for state in (streamed, merged, backwards):
        assert_same_groups(state, whole, w is not None)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        curve, reference = merged.curve(), binary_curve(y, s, w)
        assert np.array_equal(curve.thresholds, reference.thresholds)
        assert np.allclose(curve.tps, reference.tps, rtol=TOL, atol=TOL)
        assert np.allclose(curve.fps, reference.fps, rtol=TOL, atol=TOL)
        auc, ap = curve.roc_auc(), curve.average_precision()
        kept = np.ones(y.size, bool) if w is None else w != 0
        finite = np.clip(s.astype(np.float64), -1e300, 1e300)
        if np.unique(y[kept]).size == 2:
            assert abs(auc - skm.roc_auc_score(y, finite, sample_weight=w)) <= TOL
            want_ap = skm.average_precision_score(y, finite, sample_weight=w)
            assert abs(ap - want_ap) <= TOL


def test_curve_states_of_float32_and_float64_chunks_merge_on_float64_keys() -> None:
    y = np.array([1, 0, 1, 0])
    narrow = CurveState().update(y[:2], np.array([0.1, 0.5], np.float32))
    wide = CurveState().update(y[2:], np.array([0.1, 0.5]))
    merged = narrow.merge(wide)
    # float32(0.1) and float64 0.1 are different scores; 0.5 is one score
    assert merged.groups.scores().tolist() == [0.1, float(np.float32(0.1)), 0.5]
    assert merged.groups.positives.tolist() == [1, 1, 0]
    assert merged.groups.negatives.tolist() == [0, 0, 2]


def test_an_unweighted_state_merged_with_a_weighted_one_is_weighted() -> None:
    merged = (
        CurveState()
        .update([1, 0], [0.9, 0.1])
        .merge(CurveState().update([1], [0.9], sample_weight=[2.5]))
    )
    assert merged.weighted and merged.groups.positives.tolist() == [0.0, 3.5]


@SETTINGS
@given(st.integers(2, 12), st.integers(1, 200), st.booleans(), st.data())
def test_confusion_state_from_any_split_equals_sklearn(
    classes: int, n: int, weighted: bool, data: st.DataObject
) -> None:
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1)))
    y, p = rng.integers(0, classes, n), rng.integers(0, classes, n)
    w = rng.uniform(0.0, 3.0, n) if weighted else None
    parts = chunks(sorted(data.draw(st.lists(st.integers(0, n), max_size=5))), n)
    merged = ConfusionState(classes)
    for part in parts:
        merged = merged.merge(ConfusionState(classes).update(y[part], p[part], weights_of(w, part)))
    whole = ConfusionState(classes).update(y, p, w).matrix()
    want = skm.confusion_matrix(y, p, labels=np.arange(classes), sample_weight=w)
    assert np.allclose(merged.matrix(), whole, rtol=TOL, atol=TOL)
    assert np.allclose(whole, want, rtol=TOL, atol=1e-9)
    if not weighted:
        assert np.array_equal(merged.matrix(), whole)


@SETTINGS
@given(st.integers(1, 8), st.integers(1, 200), st.booleans(), st.data())
def test_label_counts_state_from_any_split_equals_sklearn(
    labels: int, n: int, weighted: bool, data: st.DataObject
) -> None:
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1)))
    y = rng.integers(0, 2, (n, labels))
    s = rng.integers(-2, 3, (n, labels)) / 2.0
    w = rng.uniform(0.0, 3.0, n) if weighted else None
    parts = chunks(sorted(data.draw(st.lists(st.integers(0, n), max_size=5))), n)
    merged = LabelCountsState(labels, cut=0.0)
    for part in parts:
        chunk = LabelCountsState(labels, cut=0.0).update(y[part], s[part], weights_of(w, part))
        merged = merged.merge(chunk)
    whole = LabelCountsState(labels, cut=0.0).update(y, s, w).counts()
    assert np.allclose(merged.counts(), whole, rtol=TOL, atol=TOL)
    predicted = (s > 0).astype(int)
    if labels == 1:  # one column reads as binary: ask for the counts of class 1
        cm = skm.multilabel_confusion_matrix(y[:, 0], predicted[:, 0], labels=[1], sample_weight=w)
    else:
        cm = skm.multilabel_confusion_matrix(y, predicted, sample_weight=w)
    want = np.column_stack([cm[:, 1, 1], cm[:, 0, 1], cm[:, 1, 0], cm[:, 0, 0]])
    assert np.allclose(whole, want, rtol=TOL, atol=1e-9)


@SETTINGS
@given(st.sampled_from(["binary_log_loss", "brier"]), st.integers(1, 200), st.data())
def test_binary_loss_states_from_any_split_equal_sklearn(
    kind: str, n: int, data: st.DataObject
) -> None:
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1)))
    y = rng.integers(0, 2, n)
    p = rng.choice([0.0, 1.0, 0.3, 0.5], n) if data.draw(st.booleans()) else rng.random(n)
    w = rng.uniform(0.1, 3.0, n) if data.draw(st.booleans()) else None
    parts = chunks(sorted(data.draw(st.lists(st.integers(0, n), max_size=5))), n)
    merged = LossState(kind)  # type: ignore[arg-type]
    for part in parts:
        merged = merged.merge(LossState(kind).update(y[part], p[part], weights_of(w, part)))  # type: ignore[arg-type]
    whole = LossState(kind).update(y, p, w).value()  # type: ignore[arg-type]
    if kind == "brier":
        want = skm.brier_score_loss(y, p, sample_weight=w, pos_label=1)
    else:
        want = skm.log_loss(y, p, labels=[0, 1], sample_weight=w)
    assert merged.value() == pytest.approx(whole, rel=TOL, abs=TOL)
    assert whole == pytest.approx(want, rel=1e-10, abs=1e-12)


@SETTINGS
@given(st.integers(2, 10), st.integers(1, 150), st.data())
def test_multiclass_log_loss_state_from_any_split_equals_sklearn(
    classes: int, n: int, data: st.DataObject
) -> None:
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1)))
    y = rng.integers(0, classes, n)
    p = rng.dirichlet(np.ones(classes), n)
    w = rng.uniform(0.1, 3.0, n) if data.draw(st.booleans()) else None
    parts = chunks(sorted(data.draw(st.lists(st.integers(0, n), max_size=5))), n)
    merged = LossState("multiclass_log_loss")
    for part in parts:
        chunk = LossState("multiclass_log_loss").update(y[part], p[part], weights_of(w, part))
        merged = merged.merge(chunk)
    whole = LossState("multiclass_log_loss").update(y, p, w).value()
    want = skm.log_loss(y, p, labels=np.arange(classes), sample_weight=w)
    assert merged.value() == pytest.approx(whole, rel=TOL, abs=TOL)
    assert whole == pytest.approx(want, rel=1e-10, abs=1e-12)


def test_states_refuse_to_merge_different_things() -> None:
    with pytest.raises(InputError, match="3 and 4 classes"):
        ConfusionState(3).merge(ConfusionState(4))
    with pytest.raises(InputError, match="cannot merge a brier state"):
        LossState("brier").merge(LossState("binary_log_loss"))
    with pytest.raises(InputError, match="outside 0 to 2"):
        ConfusionState(3).update([0, 3], [0, 1])
