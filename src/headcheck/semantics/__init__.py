"""What each framework does with a classifier's outputs, as pure NumPy functions.

No framework is imported here. Every function takes ``target=`` (one of
:data:`headcheck.targets.TARGETS`) and, for ``keras3``, ``backend=`` where the backends differ,
and returns the number that target would report for the same inputs. The test suite checks
each against the real library.
"""

from __future__ import annotations

from headcheck.semantics.accuracy import (
    binary_accuracy,
    categorical_accuracy,
    sparse_categorical_accuracy,
    top_k_categorical_accuracy,
)
from headcheck.semantics.activations import log_sigmoid, log_softmax, logit, sigmoid, softmax
from headcheck.semantics.aggregation import epoch_mean
from headcheck.semantics.auc import keras_auc
from headcheck.semantics.losses import (
    binary_crossentropy,
    categorical_crossentropy,
    sparse_categorical_crossentropy,
)

__all__ = [
    "binary_accuracy",
    "binary_crossentropy",
    "categorical_accuracy",
    "categorical_crossentropy",
    "epoch_mean",
    "keras_auc",
    "log_sigmoid",
    "log_softmax",
    "logit",
    "sigmoid",
    "softmax",
    "sparse_categorical_accuracy",
    "sparse_categorical_crossentropy",
    "top_k_categorical_accuracy",
]
