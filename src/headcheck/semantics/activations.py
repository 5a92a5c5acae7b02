"""Numerically stable activations, as the frameworks define them (NumPy only)."""

from __future__ import annotations

import numpy as np

from headcheck.semantics._arrays import FloatArray

__all__ = ["log_sigmoid", "log_softmax", "logit", "sigmoid", "softmax"]


def sigmoid(x: FloatArray) -> FloatArray:
    """``1 / (1 + exp(-x))`` without overflow for large ``|x|``.

    >>> sigmoid(np.array([-1000.0, 0.0, 1000.0]))
    array([0. , 0.5, 1. ])
    """
    x = np.asarray(x)
    out = np.empty_like(x, dtype=np.result_type(x.dtype, np.float32))
    pos = x >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-x[pos]))
    ex = np.exp(x[~pos])
    out[~pos] = ex / (1.0 + ex)
    return out


def log_sigmoid(x: FloatArray) -> FloatArray:
    """``log(sigmoid(x)) = -softplus(-x)``, exact for large negative ``x``.

    >>> float(log_sigmoid(np.array(-1000.0)))
    -1000.0
    """
    x = np.asarray(x)
    return np.asarray(-np.logaddexp(0.0, -x))


def logit(p: FloatArray) -> FloatArray:
    """Inverse of :func:`sigmoid`: ``log(p / (1 - p))``."""
    p = np.asarray(p)
    with np.errstate(divide="ignore"):
        return np.asarray(np.log(p) - np.log1p(-p))


def softmax(x: FloatArray, axis: int = -1) -> FloatArray:
    """Softmax along ``axis`` (max-shifted). Over an axis of size 1 it is always 1.0.

    >>> softmax(np.array([[2.0, 1.0, -1.0]])).round(4)
    array([[0.7054, 0.2595, 0.0351]])
    >>> softmax(np.array([[-3.0], [7.0]]))
    array([[1.],
           [1.]])
    """
    x = np.asarray(x)
    shifted = x - np.max(x, axis=axis, keepdims=True)
    ex = np.exp(shifted)
    return np.asarray(ex / np.sum(ex, axis=axis, keepdims=True))


def log_softmax(x: FloatArray, axis: int = -1) -> FloatArray:
    """``log(softmax(x))`` computed as ``x - logsumexp(x)``.

    >>> log_softmax(np.array([[0.0, 0.0]])).round(4)
    array([[-0.6931, -0.6931]])
    """
    x = np.asarray(x)
    shifted = x - np.max(x, axis=axis, keepdims=True)
    return np.asarray(shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True)))
