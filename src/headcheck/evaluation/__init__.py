"""Metrics from predictions and labels (``headcheck eval`` / :func:`headcheck.evaluate`).

Small single-purpose modules: the one curve kernel (``_ties`` sorts, ``_curve`` derives)
feeds every threshold metric (``_thresholds``, ``_binary``); ``_labelwise`` batches it over
label columns (``_multilabel``, one-vs-rest AUC); ``_state`` holds mergeable states;
``_device`` computes ROC AUC and AP on tensors' own device; ``_multiclass`` builds its
confusion matrix from one bincount; ``_infer`` reads what the arrays are; ``_told`` says
what each framework would have printed; ``_report`` holds the result; ``_html`` renders the
offline report.
"""

from __future__ import annotations

from headcheck.evaluation._binary import BinaryResult, binary_metrics
from headcheck.evaluation._curve import BinaryCurve, binary_curve
from headcheck.evaluation._device import RocAucAp, roc_auc_ap
from headcheck.evaluation._evaluate import evaluate
from headcheck.evaluation._infer import OUTPUT_KINDS, TASKS, Inference, infer
from headcheck.evaluation._multiclass import MulticlassResult, multiclass_metrics
from headcheck.evaluation._multilabel import MultilabelResult, multilabel_metrics
from headcheck.evaluation._report import SCHEMA, EvalReport
from headcheck.evaluation._state import CurveState
from headcheck.evaluation._undefined import UndefinedMetricWarning

__all__ = [
    "OUTPUT_KINDS",
    "SCHEMA",
    "TASKS",
    "BinaryCurve",
    "BinaryResult",
    "CurveState",
    "EvalReport",
    "Inference",
    "MulticlassResult",
    "MultilabelResult",
    "RocAucAp",
    "UndefinedMetricWarning",
    "binary_curve",
    "binary_metrics",
    "evaluate",
    "infer",
    "multiclass_metrics",
    "multilabel_metrics",
    "roc_auc_ap",
]
