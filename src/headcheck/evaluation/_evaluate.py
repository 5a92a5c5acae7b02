"""``headcheck.evaluate``: the right metrics for predictions and labels, in one call."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from headcheck._errors import InputError
from headcheck.evaluation._analysis import outputs_sentences, ranking_sentences
from headcheck.evaluation._binary import binary_metrics
from headcheck.evaluation._infer import Inference, infer
from headcheck.evaluation._intervals import (
    bootstrap_interval,
    delong_interval,
    effective_n,
    wilson_interval,
)
from headcheck.evaluation._multiclass import multiclass_metrics
from headcheck.evaluation._multilabel import multilabel_metrics
from headcheck.evaluation._prepare import prepare
from headcheck.evaluation._report import EvalReport
from headcheck.evaluation._told import what_you_were_told
from headcheck.evaluation._undefined import UndefinedMetricWarning
from headcheck.facts import HeadFacts
from headcheck.findings import Finding
from headcheck.head import Head
from headcheck.profiles import as_2d
from headcheck.semantics._arrays import FloatArray, as_float_array, as_weights

__all__ = ["evaluate"]


def _as_2d_checked(values: object, name: str) -> FloatArray:
    array = as_float_array(values, name)
    if array.ndim == 0:
        array = array.reshape(1)
    if array.ndim > 2:
        raise InputError(
            f"`{name}` has shape {array.shape}; expected (samples,) or (samples, columns)"
        )
    return as_2d(array)


def _names(class_names: Sequence[str] | None, count: int, task: str) -> list[str]:
    if class_names is None:
        return [str(i) for i in range(count)]
    names = [str(n) for n in class_names]
    if len(names) != count:
        what = "labels" if task == "multilabel" else "classes"
        raise InputError(
            f"{len(names)} class names given but there are {count} {what}; give one name each"
        )
    return names


def evaluate(
    y_true: Any,
    y_pred: Any,
    *,
    sample_weight: Any | None = None,
    outputs: str | None = None,
    task: str | None = None,
    class_names: Sequence[str] | None = None,
    ci: str = "analytic",
    bootstrap: int = 1000,
    seed: int = 0,
    cost_fp: float = 1.0,
    cost_fn: float = 1.0,
    target_recall: float = 0.9,
    target_precision: float = 0.9,
    n_bins: int = 10,
    head: Head | None = None,
) -> EvalReport:
    """Score predictions against labels with the metrics the task calls for.

    Args:
        y_true: labels: 0/1, -1/+1, class indices, one-hot or multi-hot rows; ``None`` to
            describe the outputs alone.
        y_pred: model outputs, ``(N,)`` or ``(N, units)``: logits, probabilities, softmax
            rows, log-probabilities or hard class predictions.
        sample_weight: one non-negative weight per sample.
        outputs: override the kind read from the numbers (``'logits'``, ``'probabilities'``,
            ``'distribution'``, ``'log_probabilities'``, ``'labels'``).
        task: override the task (``'binary'``, ``'multiclass'``, ``'multilabel'``).
        class_names: one name per class (or per label column).
        ci: ``'analytic'`` (Wilson for rates, DeLong for AUC) or ``'bootstrap'``.
        bootstrap: number of bootstrap resamples; seed: their random seed.
        cost_fp, cost_fn: costs of a false positive / negative for the cost-weighted threshold.
        target_recall, target_precision: targets for precision-at-recall / recall-at-precision.
        n_bins: bins of the reliability table.
        head: the head that produced ``y_pred``, as far as it is known (loss, metrics,
            post-processing; leave ``activation`` out when unknown). The numbers then establish
            what the code cannot: e.g. logits reaching a loss that reads probabilities (HC103)
            or a constant 1.0 column (HC101), reported in ``findings`` with the rule codes the
            linter uses.

    Returns:
        An :class:`EvalReport`.

    Raises:
        InputError: NaN/inf, empty or 3-D arrays, mismatched lengths, labels outside the
            outputs' classes.

    Example (the seed-002 multi-label logits):
        >>> import headcheck
        >>> r = headcheck.evaluate([[0, 0, 0], [0, 1, 1]], [[-.1, -.1, -.1], [.1, .1, .1]])
        >>> r.task, r.inference.kind, round(r.multilabel.hamming_accuracy, 4)
        ('multilabel', 'logits', 0.8333)
        >>> r.multilabel.exact_match
        0.5
    """
    if ci not in ("analytic", "bootstrap"):
        raise InputError(f"unknown interval method {ci!r}; expected 'analytic' or 'bootstrap'")
    out = _as_2d_checked(y_pred, "y_pred")
    labels = None if y_true is None else _as_2d_checked(y_true, "y_true")
    if labels is not None and labels.shape[0] != out.shape[0]:
        raise InputError(
            f"y_pred has {out.shape[0]} rows but y_true has {labels.shape[0]}; they must "
            "describe the same samples, in the same order"
        )
    given = as_weights(sample_weight, out.shape[0])
    weights = None if given is None else given.astype(np.float64)
    if weights is not None and weights.sum() <= 0:
        raise InputError("`sample_weight` sums to 0; at least one sample needs a weight > 0")
    inf = infer(out, labels, kind=outputs, task=task)
    prep = prepare(inf, out, labels)
    count = out.shape[1] if inf.task == "multilabel" else inf.num_classes
    names = _names(class_names, count, inf.task)
    analysis = outputs_sentences(inf, out)
    fields: dict[str, Any] = {}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", UndefinedMetricWarning)
        if prep.y is not None:
            fields = _metrics(
                inf.task,
                prep,
                inf.kind,
                inf.num_classes,
                weights,
                ci,
                bootstrap,
                seed,
                cost_fp,
                cost_fn,
                target_recall,
                target_precision,
                n_bins,
            )
            if fields.get("binary") is not None and prep.scores is not None:
                analysis += ranking_sentences(
                    fields["binary"], prep.scores, prep.y.astype(np.float64)
                )
    messages = sorted({str(w.message) for w in caught if w.category is UndefinedMetricWarning})
    for w in caught:
        if w.category is not UndefinedMetricWarning:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    for message in messages:
        warnings.warn(message, UndefinedMetricWarning, stacklevel=2)
    if labels is not None and inf.kind == "logits" and inf.task in ("binary", "multilabel"):
        analysis.append(_half_versus_zero(prep.y, prep.scores, weights, inf.task))
    told: list[Any] = []
    correct = fields.pop("correct", None)
    if labels is not None and correct is not None:
        told = what_you_were_told(
            out,
            labels,
            correct=correct,
            kind=inf.kind,
            task=inf.task,
            cut=prep.cut,
            loss=head.to_facts().loss if head is not None else None,
        )
    return EvalReport(
        findings=_evidence(head, inf),
        inference=inf,
        prepared=prep,
        class_names=names,
        weighted=weights is not None,
        told=told,
        correct_accuracy=correct,
        analysis=analysis,
        warnings=messages,
        **fields,
    )


def _evidence(head: Head | None, inf: Inference) -> list[Finding]:
    """Rule findings the arrays prove (the same codes as ``headcheck lint``)."""
    from headcheck.models._evidence import array_findings, with_data

    facts = head.to_facts() if head is not None else HeadFacts()
    facts = with_data(facts, inf.outputs, inf.labels)
    return array_findings(facts, inf.outputs)


def _half_versus_zero(y: Any, scores: Any, weights: Any, task: str) -> str:
    """Accuracy of logits at 0.5 (Keras' BinaryAccuracy default) against 0.0 (the right cut)."""
    w = (
        None
        if weights is None
        else (weights if y.ndim == 1 else weights[:, None] * np.ones(y.shape))
    )
    at_half = float(np.average((scores > 0.5) == (y == 1), weights=w))
    at_zero = float(np.average((scores > 0.0) == (y == 1), weights=w))
    what = "per-label accuracy" if task == "multilabel" else "accuracy"
    return (
        f"Thresholded at 0.5 (BinaryAccuracy()'s default) these logits give {what} "
        f"{at_half:.4f}; at 0.0, the right threshold for logits, {at_zero:.4f}."
    )


def _interval(low: float, high: float, method: str) -> dict[str, Any]:
    return {"low": low, "high": high, "method": method, "level": 0.95}


def _metrics(
    task: str,
    prep: Any,
    kind: str,
    num_classes: int,
    weights: npt.NDArray[np.float64] | None,
    ci: str,
    resamples: int,
    seed: int,
    cost_fp: float,
    cost_fn: float,
    target_recall: float,
    target_precision: float,
    n_bins: int,
) -> dict[str, Any]:
    y = prep.y
    n = y.shape[0]
    eff = effective_n(weights, n)
    intervals: dict[str, Any] = {}
    if task == "binary":
        result = binary_metrics(
            y,
            prep.scores,
            cut=prep.cut,
            probabilities=prep.probabilities,
            sample_weight=weights,
            n_bins=n_bins,
            cost_fp=cost_fp,
            cost_fn=cost_fn,
            target_recall=target_recall,
            target_precision=target_precision,
        )
        scores = prep.scores
        if ci == "bootstrap" or weights is not None:
            w = np.ones(n) if weights is None else weights

            def acc(i: Any) -> float:
                return float(np.average((scores[i] > prep.cut) == y[i], weights=w[i]))

            def auc(i: Any) -> float:
                from headcheck.evaluation._curve import binary_curve

                if len(np.unique(y[i])) < 2:
                    return float("nan")
                return binary_curve(y[i], scores[i], w[i]).roc_auc()

            intervals["accuracy"] = _interval(
                *bootstrap_interval(acc, n, resamples=resamples, seed=seed), "bootstrap"
            )
            intervals["roc_auc"] = _interval(
                *bootstrap_interval(auc, n, resamples=resamples, seed=seed), "bootstrap"
            )
        else:
            intervals["accuracy"] = _interval(*wilson_interval(result.accuracy, eff), "wilson")
            _, low, high = delong_interval(y, scores)
            intervals["roc_auc"] = _interval(low, high, "delong")
        predicted = result.tp + result.fp
        actual = result.tp + result.fn
        if predicted > 0:
            intervals["precision"] = _interval(
                *wilson_interval(result.precision, predicted if weights is None else eff),
                "wilson",
            )
        if actual > 0:
            intervals["recall"] = _interval(
                *wilson_interval(result.recall, actual if weights is None else eff), "wilson"
            )
        return {"binary": result, "intervals": intervals, "correct": result.accuracy}
    if task == "multiclass":
        mc = multiclass_metrics(
            y,
            prep.scores,
            predicted=prep.predicted,
            probabilities=prep.probabilities,
            num_classes=num_classes,
            sample_weight=weights,
        )
        intervals["accuracy"] = _interval(*wilson_interval(mc.accuracy, eff), "wilson")
        return {"multiclass": mc, "intervals": intervals, "correct": mc.accuracy}
    ml = multilabel_metrics(
        y.astype(np.float64),
        prep.scores,
        cut=prep.cut,
        sample_weight=weights,
        ranked=kind != "labels",
    )
    intervals["exact_match_accuracy"] = _interval(*wilson_interval(ml.exact_match, eff), "wilson")
    return {"multilabel": ml, "intervals": intervals, "correct": ml.hamming_accuracy}
