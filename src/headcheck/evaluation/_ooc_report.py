"""The report of an out-of-core evaluation, in the shape of the in-memory one.

From the pass-1 :class:`~headcheck.evaluation._census.Census`, the combined
:class:`~headcheck.evaluation._accumulate.Partial` and the ranking
:class:`~headcheck.evaluation._accumulate.Probe`, this builds the same
:class:`~headcheck.evaluation.EvalReport` fields the in-memory path does for one binary score
column: the reading of the outputs, every binary metric, the threshold choices, calibration,
the analytic intervals, the sentences of the analysis and the array findings. What needs every
sample in memory is listed in :attr:`OutOfCoreReport.not_computed`.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from rich.console import Console

from headcheck._errors import InputError
from headcheck.evaluation._accumulate import Context, Partial, Probe
from headcheck.evaluation._analysis import best_accuracy_sentence, rule_sentence
from headcheck.evaluation._binary import BinaryResult
from headcheck.evaluation._census import Census
from headcheck.evaluation._evaluate import _evidence, _names
from headcheck.evaluation._infer import OUTPUT_KINDS, TASKS, Inference, _check_choice
from headcheck.evaluation._intervals import wilson_interval
from headcheck.evaluation._keys import scores_from_keys
from headcheck.evaluation._prepare import Prepared
from headcheck.evaluation._rates import balanced_accuracy, divide, matthews
from headcheck.evaluation._report import EvalReport
from headcheck.evaluation._sizes import format_size
from headcheck.evaluation._thresholds import threshold_choices
from headcheck.evaluation._undefined import UndefinedMetricWarning
from headcheck.profiles import LabelsProfile, OutputsProfile

__all__ = ["OutOfCoreReport", "Settings", "build_report", "context_for", "read_outputs"]

TOLD = "what Keras, torchmetrics and scikit-learn would have reported (needs every output)"


@dataclass(frozen=True)
class Settings:
    """What the user asked for (as :func:`headcheck.evaluate` takes it)."""

    outputs: str | None = None
    task: str | None = None
    class_names: Sequence[str] | None = None
    ci: str = "analytic"
    cost_fp: float = 1.0
    cost_fn: float = 1.0
    target_recall: float = 0.9
    target_precision: float = 0.9
    n_bins: int = 10

    def checked(self) -> Settings:
        """Reject what the out-of-core path cannot do, with what to do instead."""
        _check_choice("output kind", self.outputs, OUTPUT_KINDS)
        task = _check_choice("task", self.task, TASKS)
        if task not in (None, "binary"):
            raise InputError(
                f"--task {task}: out-of-core evaluation scores binary tasks only (one score "
                "column, labels 0/1); multiclass and multilabel outputs need the in-memory "
                "path (--engine memory)"
            )
        if self.ci not in ("analytic", "bootstrap"):
            raise InputError(
                f"unknown interval method {self.ci!r}; expected 'analytic' or 'bootstrap'"
            )
        return self

    def cuts(self) -> tuple[float, ...]:
        """The cuts pass 1 counts rows above: 0.5 and 0.0, and log(0.5) for log-probabilities."""
        given = _check_choice("output kind", self.outputs, OUTPUT_KINDS)
        return (0.5, 0.0, math.log(0.5)) if given == "log_probabilities" else (0.5, 0.0)


@dataclass(frozen=True)
class OutOfCoreReport(EvalReport):
    """An :class:`EvalReport` computed out of core: no arrays are held (``prepared`` has
    ``None`` for them), and ``not_computed`` says which parts of the in-memory report are
    missing."""

    engine: str = "streaming"
    passes: int = 0
    memory: int = 0
    not_computed: list[str] = field(default_factory=list)

    @property
    def has_labels(self) -> bool:
        return True

    def to_dict(self) -> dict[str, Any]:
        data = super().to_dict()
        data["out_of_core"] = {
            "engine": self.engine,
            "passes": self.passes,
            "memory": self.memory,
            "not_computed": list(self.not_computed),
        }
        return data

    def note(self) -> str:
        """One sentence on how it was computed and what is missing."""
        return (
            f"Computed out of core ({self.engine}): {self.passes} passes over "
            f"{self.inference.outputs.samples} rows within {format_size(self.memory)}. Not "
            f"computed: {'; '.join(self.not_computed)}."
        )

    def to_text(self, width: int = 96) -> str:
        return super().to_text(width) + self.note() + "\n"


def render_note(report: OutOfCoreReport, console: Console) -> None:
    """The note after the Rich summary."""
    console.print(f"[yellow]Note[/]: {report.note()}", markup=True, highlight=False)


def _profile(census: Census) -> OutputsProfile:
    """:func:`headcheck.profiles.profile_outputs` for one column, from the census."""
    n, lo, hi = census.samples, census.minimum, census.maximum
    if census.all_one:
        kind, why = "constant_one", "every output is exactly 1.0 (softmax over one unit?)"
    elif census.integral and lo >= 0 and n > 1:
        kind, why = "labels", "every output is a whole number: these look like hard predictions"
    elif lo >= 0 and hi <= 1:
        kind, why = "probabilities", f"all values in [{lo:.4g}, {hi:.4g}]"
    else:
        kind, why = (
            "logits",
            f"{census.outside} of {n} values lie outside [0, 1] (range {lo:.4g} to {hi:.4g}): "
            "these are not probabilities",
        )
    return OutputsProfile(n, 1, lo, hi, kind, why)


def read_outputs(census: Census, settings: Settings) -> Inference:
    """The reading of the outputs and the task, as :func:`headcheck.evaluation.infer` gives
    it for one column of scores and 0/1 labels."""
    profile = _profile(census)
    notes: list[str] = []
    given = _check_choice("output kind", settings.outputs, OUTPUT_KINDS)
    if given is None:
        kind, why = profile.kind, profile.evidence
        if kind == "probabilities":
            notes.append(
                "every output lies in [0, 1], so they were read as probabilities (threshold "
                "0.5); if they are logits that happen to be small, pass --outputs logits "
                "(threshold 0.0)"
            )
    else:
        kind, why = given, f"given: --outputs {given} (the numbers suggest {profile.kind})"
    classes = tuple(float(c) for c in (0, 1) if census.rows[c] > 0)
    labels = LabelsProfile(census.samples, 1, "binary", classes, "one column of 0/1")
    evidence = f"labels: {labels.evidence}; 1 output column(s)"
    return Inference(profile, kind, why, labels, "binary", evidence, 2, notes)


def _cut_and_scale(kind: str) -> tuple[float, str | None]:
    """The decision cut and how scores become probabilities (as ``prepare`` does)."""
    if kind == "logits":
        return 0.0, "sigmoid"
    if kind == "log_probabilities":
        return math.log(0.5), "exp"
    if kind == "labels":
        return 0.5, None
    return 0.5, "clip"


def context_for(census: Census, inference: Inference, settings: Settings) -> Context:
    """What every range needs, from pass 1."""
    negatives, positives = census.mass()
    if census.weighted and negatives + positives <= 0:
        raise InputError("`sample_weight` sums to 0; at least one sample needs a weight > 0")
    cut, scale = _cut_and_scale(inference.kind)
    return Context(
        negatives=census.rows[0] if not census.weighted else negatives,
        positives=census.rows[1] if not census.weighted else positives,
        weighted=census.weighted,
        score_dtype=np.dtype(np.float32 if census.bits == 32 else np.float64),
        cut=cut,
        probability=scale,
        n_bins=settings.n_bins,
        cost_fp=settings.cost_fp,
        cost_fn=settings.cost_fn,
        target_recall=settings.target_recall,
        target_precision=settings.target_precision,
    )


def _score(key: int | None, ctx: Context) -> float:
    dtype = np.uint32 if ctx.score_dtype == np.float32 else np.uint64
    return float(scores_from_keys(np.array([key or 0], dtype=dtype), ctx.score_dtype)[0])


def _binary(census: Census, partial: Partial, ctx: Context, settings: Settings) -> BinaryResult:
    curve = partial.curve(ctx)
    cut = ctx.cut
    tp, fp, fn, tn = curve.counts_above(cut)
    total = tp + fp + fn + tn
    confusion = np.array([[tn, fp], [fn, tp]])
    above = sum(census.above_rows[cut])
    present = sorted(
        {c for c in (0, 1) if census.rows[c] > 0}
        | ({1} if above > 0 else set())
        | ({0} if census.samples - above > 0 else set())
    )
    sub = confusion[np.ix_(present, present)]
    precision = float(divide(np.array([tp]), np.array([tp + fp]), "Precision")[0])
    recall = float(divide(np.array([tp]), np.array([tp + fn]), "Recall")[0])
    f1 = float(divide(np.array([2 * tp]), np.array([2 * tp + fp + fn]), "F-score")[0])
    both = ctx.positives > 0 and ctx.negatives > 0
    weight = ctx.positives + ctx.negatives
    scaled = ctx.probability is not None
    return BinaryResult(
        cut=cut,
        curve=curve,
        tp=tp,
        fp=fp,
        fn=fn,
        tn=tn,
        accuracy=(tp + tn) / total,
        balanced_accuracy=balanced_accuracy(sub),
        precision=precision,
        recall=recall,
        f1=f1,
        mcc=matthews(confusion),
        roc_auc=partial.roc_auc(ctx) if both else curve.roc_auc(),
        average_precision=(
            partial.average_precision(ctx) if ctx.positives > 0 else curve.average_precision()
        ),
        log_loss=math.fsum(partial.log_loss) / weight if scaled else None,
        brier=math.fsum(partial.brier) / weight if scaled else None,
        calibration=partial.reliability(ctx) if scaled else None,
        thresholds=threshold_choices(
            curve,
            target_recall=settings.target_recall,
            target_precision=settings.target_precision,
            cost_fp=settings.cost_fp,
            cost_fn=settings.cost_fn,
        ),
    )


def _interval(low: float, high: float, method: str) -> dict[str, Any]:
    return {"low": low, "high": high, "method": method, "level": 0.95}


def _intervals(
    census: Census, partial: Partial, result: BinaryResult, settings: Settings
) -> tuple[dict[str, Any], list[str]]:
    intervals: dict[str, Any] = {}
    missing: list[str] = []
    eff = census.effective_samples()
    if settings.ci == "bootstrap" or census.weighted:
        why = "--ci bootstrap" if settings.ci == "bootstrap" else "weighted samples"
        missing.append(
            f"the bootstrap intervals of accuracy and ROC AUC ({why}: resampling needs every "
            "sample in memory)"
        )
    else:
        intervals["accuracy"] = _interval(*wilson_interval(result.accuracy, eff), "wilson")
        if census.rows[0] > 0 and census.rows[1] > 0:
            low, high = partial.delong(result.roc_auc)
        else:
            low = high = float("nan")
        intervals["roc_auc"] = _interval(low, high, "delong")
    predicted = result.tp + result.fp
    actual = result.tp + result.fn
    if predicted > 0:
        n = predicted if not census.weighted else eff
        intervals["precision"] = _interval(*wilson_interval(result.precision, n), "wilson")
    if actual > 0:
        n = actual if not census.weighted else eff
        intervals["recall"] = _interval(*wilson_interval(result.recall, n), "wilson")
    return intervals, missing


def _outputs_sentences(census: Census, inf: Inference) -> list[str]:
    """:func:`~headcheck.evaluation._analysis.outputs_sentences` from the census counts."""
    p = inf.outputs
    if inf.kind == "logits":
        first = (
            f"These {p.samples * p.units} outputs are logits, not probabilities of a trained "
            f"sigmoid: {p.evidence}."
        )
    elif inf.kind == "constant_one":
        first = f"Every output is exactly 1.0: {p.evidence}; they carry no information."
    else:
        first = f"The outputs read as {inf.kind.replace('_', ' ')}: {inf.kind_evidence}."
    half, zero = sum(census.above_rows[0.5]), sum(census.above_rows[0.0])
    second = (
        f"Threshold 0.5 calls {half} of {census.samples} outputs class 1; "
        f"threshold 0.0 calls {zero} of {census.samples}. "
        + (
            "For logits 0.0 is the right threshold (sigmoid(0) = 0.5)."
            if inf.kind == "logits"
            else "For probabilities 0.5 is the right threshold."
        )
    )
    return [first, second]


def _ranking_sentences(result: BinaryResult, probe: Probe | None, ctx: Context) -> list[str]:
    """:func:`~headcheck.evaluation._analysis.ranking_sentences` from the curve and probe."""
    curve = result.curve
    pos, neg = round(curve.positives), round(curve.negatives)
    if pos == 0 or neg == 0 or probe is None:
        return ["Only one class occurs in the labels: ROC AUC is undefined here (nan)."]
    auc = result.roc_auc
    said: list[str] = []
    if auc < 0.5:
        said.append(
            f"ROC AUC on this set is {auc:.4f}, below 0.5: the ranking is inverted, negatives "
            f"score above positives more often than not (reversing the scores would give "
            f"{1 - auc:.4f})."
        )
    else:
        said.append(f"ROC AUC on this set is {auc:.4f}.")
    if probe.top_negatives > 0:
        said.append(
            f"The {probe.top_negatives} highest-scored samples are all negatives; the highest "
            f"positive scores {_score(probe.top_key, ctx):.4g}."
        )
    low = _score(probe.low_key, ctx)
    said.append(rule_sentence(result, pos, neg, low, probe.negatives_from_low))
    said.append(best_accuracy_sentence(curve, pos, neg))
    return said


def _half_versus_zero(census: Census) -> str:
    """Accuracy of logits at 0.5 and at 0.0, from the pass-1 counts above each cut."""
    negatives, positives = census.mass()
    counts = census.above_weight if census.weighted else census.above_rows
    rates = [
        (counts[c][1] + (negatives - counts[c][0])) / (negatives + positives) for c in (0.5, 0.0)
    ]
    return (
        f"Thresholded at 0.5 (BinaryAccuracy()'s default) these logits give accuracy "
        f"{rates[0]:.4f}; at 0.0, the right threshold for logits, {rates[1]:.4f}."
    )


def build_report(
    census: Census,
    partial: Partial,
    probe: Probe | None,
    inference: Inference,
    ctx: Context,
    settings: Settings,
    *,
    engine: str,
    passes: int,
    memory: int,
) -> OutOfCoreReport:
    """The report, with the in-memory report's fields where the metric exists."""
    names = _names(settings.class_names, 2, "binary")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", UndefinedMetricWarning)
        result = _binary(census, partial, ctx, settings)
        intervals, missing = _intervals(census, partial, result, settings)
        analysis = _outputs_sentences(census, inference)
        analysis += _ranking_sentences(result, probe, ctx)
    messages = sorted({str(w.message) for w in caught if w.category is UndefinedMetricWarning})
    for w in caught:
        if w.category is not UndefinedMetricWarning:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    for message in messages:
        warnings.warn(message, UndefinedMetricWarning, stacklevel=2)
    if inference.kind == "logits":
        analysis.append(_half_versus_zero(census))
    return OutOfCoreReport(
        findings=_evidence(None, inference),
        inference=inference,
        prepared=Prepared(None, None, None, None, ctx.cut),
        class_names=names,
        weighted=census.weighted,
        binary=result,
        intervals=intervals,
        told=[],
        correct_accuracy=result.accuracy,
        analysis=analysis,
        warnings=messages,
        engine=engine,
        passes=passes,
        memory=memory,
        not_computed=[TOLD, *missing],
    )
