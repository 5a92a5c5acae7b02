"""Sentences that say what the numbers show (outputs, threshold, ranking)."""

from __future__ import annotations

import numpy as np

from headcheck.evaluation._binary import BinaryResult
from headcheck.evaluation._curve import BinaryCurve
from headcheck.evaluation._infer import Inference
from headcheck.evaluation._thresholds import sweep
from headcheck.explanation._arrays import threshold_counts
from headcheck.semantics._arrays import FloatArray

__all__ = ["outputs_sentences", "ranking_sentences"]


def outputs_sentences(inf: Inference, outputs: FloatArray) -> list[str]:
    """What the outputs are and what the usual thresholds make of them."""
    p = inf.outputs
    said: list[str] = []
    if inf.kind == "logits":
        said.append(
            f"These {p.samples * p.units} outputs are logits, not probabilities of a trained "
            f"sigmoid: {p.evidence}."
        )
    elif inf.kind == "constant_one":
        said.append(f"Every output is exactly 1.0: {p.evidence}; they carry no information.")
    else:
        said.append(f"The outputs read as {inf.kind.replace('_', ' ')}: {inf.kind_evidence}.")
    if p.units == 1 or inf.task == "multilabel":
        c = threshold_counts(outputs)
        said.append(
            f"Threshold 0.5 calls {c['above_0.5']} of {c['total']} outputs class 1; "
            f"threshold 0.0 calls {c['above_0.0']} of {c['total']}. "
            + (
                "For logits 0.0 is the right threshold (sigmoid(0) = 0.5)."
                if inf.kind == "logits"
                else "For probabilities 0.5 is the right threshold."
            )
        )
    return said


def ranking_sentences(result: BinaryResult, scores: FloatArray, y: FloatArray) -> list[str]:
    """AUC, whether the ranking is inverted, and what moving the threshold does."""
    curve = result.curve
    said: list[str] = []
    pos, neg = round(curve.positives), round(curve.negatives)
    if pos == 0 or neg == 0:
        said.append("Only one class occurs in the labels: ROC AUC is undefined here (nan).")
        return said
    auc = result.roc_auc
    if auc < 0.5:
        said.append(
            f"ROC AUC on this set is {auc:.4f}, below 0.5: the ranking is inverted, negatives "
            f"score above positives more often than not (reversing the scores would give "
            f"{1 - auc:.4f})."
        )
    else:
        said.append(f"ROC AUC on this set is {auc:.4f}.")
    order = np.argsort(-scores, kind="mergesort")
    top_negatives = int(np.argmax(y[order] == 1)) if np.any(y == 1) else len(y)
    if top_negatives > 0:
        said.append(
            f"The {top_negatives} highest-scored samples are all negatives; the highest "
            f"positive scores {float(scores[y == 1].max()):.4g}."
        )
    low_pos = float(scores[y == 1].min())
    below = int(np.sum((y == 0) & (scores >= low_pos)))
    said.append(rule_sentence(result, pos, neg, low_pos, below))
    said.append(best_accuracy_sentence(curve, pos, neg))
    return said


def rule_sentence(result: BinaryResult, pos: int, neg: int, low_pos: float, flagged: int) -> str:
    """What the decision rule does, and what catching every positive would cost."""
    return (
        f"At the rule score > {result.cut:g}: {int(result.tp)} true positives, {int(result.fp)} "
        f"false positives, accuracy {result.accuracy:.4f}. Catching all {pos} positives needs a "
        f"threshold at or below {low_pos:.4g}, which also flags {flagged} of {neg} negatives."
    )


def best_accuracy_sentence(curve: BinaryCurve, pos: int, neg: int) -> str:
    """The best accuracy over all thresholds, against always predicting the majority class."""
    s = sweep(curve)
    k = int(np.argmax(s.accuracy))
    majority = max(pos, neg) / (pos + neg)
    best = float(s.accuracy[k])
    none_positive = neg / (pos + neg)
    if none_positive >= best:
        best, where = none_positive, "above every score (predicting no positives)"
    else:
        where = f"score >= {float(s.thresholds[k]):.4g}"
    verdict = (
        "no better than always predicting the majority class"
        if best <= majority + 1e-12
        else f"better than the majority-class rate {majority:.4f}"
    )
    return f"The best accuracy over all thresholds is {best:.4f}, at {where}: {verdict}."
