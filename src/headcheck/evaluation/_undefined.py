"""Warnings for metrics that are merely undefined on the given data (scikit-learn's convention).

Invalid input raises :class:`~headcheck.InputError`; a metric that is well-posed but undefined
here (ROC AUC with one class present, precision with no predicted positives) returns a defined
value (``nan`` or ``0.0``, as scikit-learn does) and warns with :class:`UndefinedMetricWarning`.
"""

from __future__ import annotations

import warnings

__all__ = ["UndefinedMetricWarning", "warn_undefined"]


class UndefinedMetricWarning(UserWarning):
    """A metric is undefined on these data; a defined value was returned instead."""


def warn_undefined(message: str) -> None:
    """Issue an :class:`UndefinedMetricWarning` pointing at the caller of the metric."""
    warnings.warn(message, UndefinedMetricWarning, stacklevel=3)
