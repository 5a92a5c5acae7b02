"""headcheck: make a classifier's output head understandable and correct.

>>> import headcheck
>>> m = headcheck.resolve_metric("accuracy", target="tf.keras",
...                              y_true_shape=(None, 1), y_pred_shape=(None, 1))
>>> m.name, m.threshold
('binary_accuracy', 0.5)
>>> e = headcheck.explain(headcheck.Head(units=1, activation="softmax",
...                                      loss="binary_crossentropy"))
>>> [f.code for f in e.findings]
['HC101']
"""

from __future__ import annotations

from headcheck import semantics
from headcheck._errors import FrameworkError, HeadcheckError, InputError, UnknownNameError
from headcheck.evaluation import EvalReport, UndefinedMetricWarning, evaluate
from headcheck.explanation import Explanation, explain
from headcheck.facts import HeadFacts, Location, MetricSpec
from headcheck.findings import Finding
from headcheck.head import Head
from headcheck.models import CheckResult, check
from headcheck.semantics.resolution import ResolvedMetric, resolve_loss, resolve_metric
from headcheck.targets import BACKENDS, TARGETS

__version__ = "0.1.0"

__all__ = [
    "BACKENDS",
    "TARGETS",
    "CheckResult",
    "EvalReport",
    "Explanation",
    "Finding",
    "FrameworkError",
    "Head",
    "HeadFacts",
    "HeadcheckError",
    "InputError",
    "Location",
    "MetricSpec",
    "ResolvedMetric",
    "UndefinedMetricWarning",
    "UnknownNameError",
    "__version__",
    "check",
    "evaluate",
    "explain",
    "resolve_loss",
    "resolve_metric",
    "semantics",
]
