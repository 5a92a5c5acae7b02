"""Rates from counts: precision, recall, F1, balanced accuracy and MCC (scikit-learn's rules).

A rate whose denominator is zero is ill-defined: it is set to 0.0 and an
:class:`~headcheck.evaluation.UndefinedMetricWarning` names it (scikit-learn's
``zero_division="warn"``).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from headcheck.evaluation._undefined import warn_undefined

__all__ = ["balanced_accuracy", "divide", "f1_precision_recall", "matthews", "prf_average"]

FloatArray = npt.NDArray[np.float64]


def divide(numerator: FloatArray, denominator: FloatArray, what: str) -> FloatArray:
    """``numerator / denominator`` with 0.0 (and a warning naming ``what``) where it is 0/0.

    >>> divide(np.array([1.0, 0.0]), np.array([2.0, 4.0]), "precision").tolist()
    [0.5, 0.0]
    """
    num = np.asarray(numerator, dtype=np.float64)
    den = np.asarray(denominator, dtype=np.float64)
    zero = den == 0
    out = np.divide(num, den, out=np.zeros_like(num), where=~zero)
    if np.any(zero):
        warn_undefined(f"{what} is ill-defined and set to 0.0 where its denominator is 0")
    return out


def f1_precision_recall(
    tp: FloatArray, predicted: FloatArray, actual: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Per-class precision ``tp/predicted``, recall ``tp/actual`` and
    ``F1 = 2 tp / (predicted + actual)``.

    >>> p, r, f = f1_precision_recall(np.array([3.0]), np.array([4.0]), np.array([6.0]))
    >>> float(p[0]), float(r[0]), float(f[0])
    (0.75, 0.5, 0.6)
    """
    precision = divide(tp, predicted, "Precision")
    recall = divide(tp, actual, "Recall")
    f1 = divide(2.0 * np.asarray(tp, np.float64), predicted + actual, "F-score")
    return precision, recall, f1


def prf_average(
    tp: FloatArray, predicted: FloatArray, actual: FloatArray, average: str
) -> tuple[float, float, float]:
    """Precision, recall and F1 averaged ``'micro'`` (pooled counts), ``'macro'`` (mean of the
    per-class values) or ``'weighted'`` (mean weighted by each class's true count)."""
    if average == "micro":
        p, r, f = f1_precision_recall(
            np.atleast_1d(tp.sum()), np.atleast_1d(predicted.sum()), np.atleast_1d(actual.sum())
        )
        return float(p[0]), float(r[0]), float(f[0])
    p, r, f = f1_precision_recall(tp, predicted, actual)
    if average == "weighted":
        if actual.sum() == 0:
            return 0.0, 0.0, 0.0
        return (
            float(np.average(p, weights=actual)),
            float(np.average(r, weights=actual)),
            float(np.average(f, weights=actual)),
        )
    return float(np.mean(p)), float(np.mean(r)), float(np.mean(f))


def balanced_accuracy(confusion: FloatArray) -> float:
    """Mean recall over the classes present in the labels (rows with a non-zero total).

    >>> balanced_accuracy(np.array([[3.0, 1.0], [2.0, 2.0]]))
    0.625
    """
    rows = confusion.sum(axis=1)
    present = rows > 0
    if not np.all(present):
        warn_undefined("some predicted classes do not occur in the labels; they are left out")
    return float(np.mean(np.diag(confusion)[present] / rows[present]))


def matthews(confusion: FloatArray) -> float:
    """Matthews correlation coefficient of a confusion matrix (rows true, columns predicted);
    0.0 when either margin is constant, as in scikit-learn.

    >>> round(matthews(np.array([[3.0, 1.0], [1.0, 3.0]])), 4)
    0.5
    """
    c = np.asarray(confusion, dtype=np.float64)
    t_sum = c.sum(axis=1, dtype=np.float64)
    p_sum = c.sum(axis=0, dtype=np.float64)
    n_correct = np.trace(c, dtype=np.float64)
    n = p_sum.sum()
    cov_ytyp = n_correct * n - np.dot(t_sum, p_sum)
    cov_ypyp = n**2 - np.dot(p_sum, p_sum)
    cov_ytyt = n**2 - np.dot(t_sum, t_sum)
    product = cov_ypyp * cov_ytyt
    if product == 0:
        return 0.0
    return float(cov_ytyp / np.sqrt(product))
