"""Every evaluation metric equals scikit-learn (the oracle) within 1e-9 on generated inputs:
ties, constant scores, one class absent, sample weights, 2 to 1,000 classes, 1 to 500 labels."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from headcheck.evaluation import (
    UndefinedMetricWarning,
    binary_curve,
    binary_metrics,
    multiclass_metrics,
    multilabel_metrics,
)
from headcheck.evaluation._calibration import reliability
from headcheck.evaluation._intervals import delong_interval, midranks, wilson_interval

skm = pytest.importorskip("sklearn.metrics")
calibration = pytest.importorskip("sklearn.calibration")

pytestmark = pytest.mark.oracle
TOL = 1e-9
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def close(a: float, b: float) -> bool:
    if np.isnan(a) or np.isnan(b):
        return bool(np.isnan(a) and np.isnan(b))
    return abs(a - b) <= TOL


@st.composite
def binary_case(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    n = draw(st.integers(1, 60))
    y = np.array(draw(st.lists(st.integers(0, 1), min_size=n, max_size=n)))
    # few distinct values -> many ties; sometimes a constant score
    levels = draw(st.integers(1, 8))
    s = np.array(draw(st.lists(st.integers(0, levels - 1), min_size=n, max_size=n))) / levels
    weighted = draw(st.booleans())
    w = np.array(draw(st.lists(st.floats(0.1, 10.0), min_size=n, max_size=n))) if weighted else None
    return y, s, w


@SETTINGS
@given(binary_case())
def test_binary_metrics_equal_sklearn(
    case: tuple[np.ndarray, np.ndarray, np.ndarray | None],
) -> None:
    y, s, w = case
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        r = binary_metrics(y, s, cut=0.5, probabilities=s, sample_weight=w)
        pred = (s > 0.5).astype(int)
        assert close(r.accuracy, skm.accuracy_score(y, pred, sample_weight=w))
        assert close(r.balanced_accuracy, skm.balanced_accuracy_score(y, pred, sample_weight=w))
        assert close(r.precision, skm.precision_score(y, pred, sample_weight=w))
        assert close(r.recall, skm.recall_score(y, pred, sample_weight=w))
        assert close(r.f1, skm.f1_score(y, pred, sample_weight=w))
        assert close(r.mcc, skm.matthews_corrcoef(y, pred, sample_weight=w))
        cm = skm.confusion_matrix(y, pred, labels=[0, 1], sample_weight=w)
        assert np.allclose(r.confusion, cm, atol=TOL)
        assert close(r.roc_auc, skm.roc_auc_score(y, s, sample_weight=w))
        assert close(r.average_precision, skm.average_precision_score(y, s, sample_weight=w))
        assert r.log_loss is not None and r.brier is not None
        assert close(r.log_loss, skm.log_loss(y, s, labels=[0, 1], sample_weight=w))
        assert close(r.brier, skm.brier_score_loss(y, s, sample_weight=w, pos_label=1))
        fpr, tpr, _ = skm.roc_curve(y, s, sample_weight=w, drop_intermediate=False)
        if r.curve.positives > 0 and r.curve.negatives > 0:
            ours_fpr, ours_tpr, _ = r.curve.roc()
            assert np.allclose(ours_fpr, fpr, atol=TOL) and np.allclose(ours_tpr, tpr, atol=TOL)
        precision, recall, thresholds = skm.precision_recall_curve(y, s, sample_weight=w)
        ours_p, ours_r = r.curve.precision_recall()
        assert np.allclose(ours_p[::-1], precision[:-1], atol=TOL)
        assert np.allclose(ours_r[::-1], recall[:-1], atol=TOL)
        assert np.allclose(r.curve.thresholds[::-1], thresholds)


def test_roc_auc_with_one_class_is_nan_with_a_warning_like_sklearn() -> None:
    y, s = np.ones(5), np.linspace(0, 1, 5)
    with pytest.warns(UndefinedMetricWarning, match="one class"):
        ours = binary_curve(y, s).roc_auc()
    from sklearn.exceptions import UndefinedMetricWarning as SklearnUndefined

    with pytest.warns(SklearnUndefined):
        theirs = skm.roc_auc_score(y, s)
    assert np.isnan(ours) and np.isnan(theirs)


@SETTINGS
@given(binary_case(), st.floats(0.05, 0.95))
def test_threshold_choices_match_a_brute_force_sweep_with_sklearn(
    case: tuple[np.ndarray, np.ndarray, np.ndarray | None], target: float
) -> None:
    y, s, w = case
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        r = binary_metrics(y, s, cut=0.5, sample_weight=w, target_recall=target)
        choices = {c.name: c for c in r.thresholds}
        f1s = [skm.f1_score(y, (s >= t).astype(int), sample_weight=w) for t in r.curve.thresholds]
        assert close(choices["best_f1"].value or 0.0, max(f1s))
        recalls = [
            skm.recall_score(y, (s >= t).astype(int), sample_weight=w) for t in r.curve.thresholds
        ]
        precisions = [
            skm.precision_score(y, (s >= t).astype(int), sample_weight=w)
            for t in r.curve.thresholds
        ]
        ok = [p for p, rc in zip(precisions, recalls, strict=True) if rc >= target]
        got = choices["precision_at_recall"].value
        if r.curve.positives > 0 and ok:
            assert got is not None and close(got, max(ok))
        cost = choices["min_cost"]
        brute = min(
            [float(np.sum((w if w is not None else 1.0) * y))]
            + [
                float(np.sum((w if w is not None else 1.0) * ((s >= t) != y)))
                for t in r.curve.thresholds
            ]
        )
        assert cost.value is not None and abs(cost.value - brute) < 1e-7


@SETTINGS
@given(st.integers(2, 1000), st.integers(1, 80), st.booleans(), st.data())
def test_multiclass_metrics_equal_sklearn(
    classes: int, n: int, weighted: bool, data: st.DataObject
) -> None:
    rng = np.random.default_rng(data.draw(st.integers(0, 2**31)))
    y = rng.integers(0, classes, n)
    logits = rng.integers(-2, 3, (n, classes)).astype(float)  # many ties
    w = rng.uniform(0.1, 5.0, n) if weighted else None
    p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        r = multiclass_metrics(y, logits, probabilities=p, num_classes=classes, sample_weight=w)
        pred = logits.argmax(axis=1)
        assert close(r.accuracy, skm.accuracy_score(y, pred, sample_weight=w))
        assert close(r.balanced_accuracy, skm.balanced_accuracy_score(y, pred, sample_weight=w))
        assert close(r.mcc, skm.matthews_corrcoef(y, pred, sample_weight=w))
        for average in ("macro", "weighted", "micro"):
            want = skm.precision_recall_fscore_support(y, pred, average=average, sample_weight=w)
            for ours, theirs in zip(r.averages[average], want[:3], strict=True):
                assert close(ours, float(theirs)), average
        labels = np.arange(classes)
        cm = skm.confusion_matrix(y, pred, labels=labels, sample_weight=w)
        assert np.allclose(r.confusion, cm, atol=TOL)
        for k, value in r.top_k.items():
            want_k = skm.top_k_accuracy_score(y, logits, k=k, labels=labels, sample_weight=w)
            assert close(value, want_k), k
        assert r.log_loss is not None
        assert close(r.log_loss, skm.log_loss(y, p, labels=labels, sample_weight=w))
        assert r.roc_auc is not None
        for c in range(classes):
            if 0 < np.sum(y == c) < n:
                assert close(
                    float(r.roc_auc[c]), skm.roc_auc_score(y == c, p[:, c], sample_weight=w)
                )
        if classes > 2 and len(np.unique(y)) == classes:
            want_auc = skm.roc_auc_score(y, p, multi_class="ovr", labels=labels, sample_weight=w)
            assert r.roc_auc_macro is not None and close(r.roc_auc_macro, want_auc)


@SETTINGS
@given(st.integers(1, 500), st.integers(1, 40), st.booleans(), st.data())
def test_multilabel_metrics_equal_sklearn(
    labels: int, n: int, weighted: bool, data: st.DataObject
) -> None:
    rng = np.random.default_rng(data.draw(st.integers(0, 2**31)))
    y = rng.integers(0, 2, (n, labels))
    s = rng.integers(-2, 3, (n, labels)) / 2.0
    w = rng.uniform(0.1, 5.0, n) if weighted else None
    on = (s > 0).astype(int)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        r = multilabel_metrics(y.astype(float), s, cut=0.0, sample_weight=w)
        if labels == 1:
            y2, on2 = y[:, 0], on[:, 0]
            assert close(r.hamming_accuracy, skm.accuracy_score(y2, on2, sample_weight=w))
            assert close(r.precision[0], skm.precision_score(y2, on2, sample_weight=w))
            return
        assert close(r.hamming_accuracy, 1 - skm.hamming_loss(y, on, sample_weight=w))
        assert close(r.exact_match, skm.accuracy_score(y, on, sample_weight=w))
        for average in ("macro", "weighted", "micro"):
            want = skm.precision_recall_fscore_support(y, on, average=average, sample_weight=w)
            for ours, theirs in zip(r.averages[average], want[:3], strict=True):
                assert close(ours, float(theirs)), average
        per = skm.precision_recall_fscore_support(y, on, average=None, sample_weight=w)
        assert np.allclose(r.f1, per[2], atol=TOL)
        assert r.roc_auc_micro is not None and r.ap_micro is not None
        assert close(r.roc_auc_micro, skm.roc_auc_score(y, s, average="micro", sample_weight=w))
        assert close(
            r.ap_micro, skm.average_precision_score(y, s, average="micro", sample_weight=w)
        )
        assert r.roc_auc_macro is not None and r.ap_macro is not None
        assert close(r.roc_auc_macro, skm.roc_auc_score(y, s, average="macro", sample_weight=w))
        assert close(
            r.ap_macro, skm.average_precision_score(y, s, average="macro", sample_weight=w)
        )


@SETTINGS
@given(binary_case())
def test_reliability_table_equals_sklearn_calibration_curve(
    case: tuple[np.ndarray, np.ndarray, np.ndarray | None],
) -> None:
    y, s, _ = case
    table = reliability(y, s, n_bins=10)
    prob_true, prob_pred = (
        calibration.calibration_curve(y, s, n_bins=10) if len(np.unique(y)) == 2 else (None, None)
    )
    filled = table.count > 0
    if prob_true is not None:
        assert np.allclose(table.fraction_positive[filled], prob_true, atol=TOL)
        assert np.allclose(table.mean_predicted[filled], prob_pred, atol=TOL)
    gaps = np.abs(table.fraction_positive[filled] - table.mean_predicted[filled])
    assert close(table.ece, float(np.sum(table.count[filled] / y.size * gaps)))


@SETTINGS
@given(binary_case())
def test_delong_matches_its_pairwise_definition(
    case: tuple[np.ndarray, np.ndarray, np.ndarray | None],
) -> None:
    y, s, _ = case
    pos, neg = s[y == 1], s[y == 0]
    if pos.size < 2 or neg.size < 2:
        return
    psi = (pos[:, None] > neg[None, :]) + 0.5 * (pos[:, None] == neg[None, :])
    v10, v01 = psi.mean(axis=1), psi.mean(axis=0)
    se = np.sqrt(np.var(v10, ddof=1) / pos.size + np.var(v01, ddof=1) / neg.size)
    auc, low, high = delong_interval(y, s)
    assert close(auc, skm.roc_auc_score(y, s))
    assert close(low, max(0.0, auc - 1.959963984540054 * se))
    assert close(high, min(1.0, auc + 1.959963984540054 * se))


def test_midranks_and_wilson_known_values() -> None:
    assert midranks(np.array([2.0, 1.0, 2.0, 3.0])).tolist() == [2.5, 1.0, 2.5, 4.0]
    low, high = wilson_interval(0.5, 20)
    # Wilson's interval for 10/20 at 95%: 0.2993 to 0.7007
    assert round(low, 4) == 0.2993 and round(high, 4) == 0.7007
