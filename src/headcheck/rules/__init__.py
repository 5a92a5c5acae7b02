"""The rule registry: every rule of the catalogue, in code order.

>>> [rule.code for rule in RULES][:3]
['HC101', 'HC102', 'HC103']
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from headcheck._errors import UnknownNameError
from headcheck.facts import HeadFacts
from headcheck.findings import Finding
from headcheck.rules._base import InvalidCode, Rule, ValidCode
from headcheck.rules.hc101_softmax_single_unit import SoftmaxSingleUnit
from headcheck.rules.hc102_activation_loss_mismatch import ActivationLossMismatch
from headcheck.rules.hc103_logits_as_probabilities import LogitsAsProbabilities
from headcheck.rules.hc104_double_activation import DoubleActivation
from headcheck.rules.hc105_nll_without_log_softmax import NllWithoutLogSoftmax
from headcheck.rules.hc106_non_probability_final_activation import (
    NonProbabilityFinalActivation,
)
from headcheck.rules.hc107_multilabel_softmax import MultilabelSoftmax
from headcheck.rules.hc108_units_classes_mismatch import UnitsClassesMismatch
from headcheck.rules.hc109_classification_as_regression import ClassificationAsRegression
from headcheck.rules.hc201_from_logits_in_compile import FromLogitsInCompile
from headcheck.rules.hc202_label_format_mismatch import LabelFormatMismatch
from headcheck.rules.hc301_accuracy_resolves_wrong import AccuracyResolvesWrong
from headcheck.rules.hc302_accuracy_threshold_on_logits import AccuracyThresholdOnLogits
from headcheck.rules.hc303_multilabel_accuracy_ambiguous import MultilabelAccuracyAmbiguous
from headcheck.rules.hc304_accuracy_on_regression import AccuracyOnRegression
from headcheck.rules.hc305_argmax_single_output import ArgmaxSingleOutput
from headcheck.rules.hc306_probability_threshold_on_logits import ProbabilityThresholdOnLogits
from headcheck.rules.hc307_auc_on_logits import AucOnLogits

__all__ = ["RULES", "InvalidCode", "Rule", "ValidCode", "check_facts", "rule_by_code"]

RULES: Final[tuple[Rule, ...]] = (
    SoftmaxSingleUnit(),
    ActivationLossMismatch(),
    LogitsAsProbabilities(),
    DoubleActivation(),
    NllWithoutLogSoftmax(),
    NonProbabilityFinalActivation(),
    MultilabelSoftmax(),
    UnitsClassesMismatch(),
    ClassificationAsRegression(),
    FromLogitsInCompile(),
    LabelFormatMismatch(),
    AccuracyResolvesWrong(),
    AccuracyThresholdOnLogits(),
    MultilabelAccuracyAmbiguous(),
    AccuracyOnRegression(),
    ArgmaxSingleOutput(),
    ProbabilityThresholdOnLogits(),
    AucOnLogits(),
)


def rule_by_code(code: str) -> Rule:
    """The rule with this code (``'HC101'``), or :class:`UnknownNameError`."""
    for rule in RULES:
        if rule.code == code.upper():
            return rule
    raise UnknownNameError("rule code", code, [r.code for r in RULES])


def check_facts(facts: HeadFacts) -> Iterator[Finding]:
    """Run every rule on ``facts``, in code order."""
    for rule in RULES:
        yield from rule.check(facts)
