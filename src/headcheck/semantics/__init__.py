"""What each framework does with a classifier's outputs, as pure NumPy functions.

No framework is imported here. Every function takes ``target=`` (one of
:data:`headcheck.targets.TARGETS`) and, for ``keras3``, ``backend=`` where the backends differ,
and returns the number that target would report for the same inputs. The test suite checks
each against the real library.

The submodules ``torchmetrics``, ``sklearn`` and ``torch_losses`` reproduce those libraries
under their own names (``headcheck.semantics.torchmetrics.accuracy(...)``), and
``resolution`` says which metric a Keras identifier such as ``'accuracy'`` becomes.
"""

from __future__ import annotations

from headcheck.semantics.accuracy import (
    binary_accuracy,
    categorical_accuracy,
    sparse_categorical_accuracy,
    sparse_top_k_categorical_accuracy,
    top_k_categorical_accuracy,
)
from headcheck.semantics.activations import log_sigmoid, log_softmax, logit, sigmoid, softmax
from headcheck.semantics.aggregation import epoch_mean, mean_of_batch_means, running_epoch_means
from headcheck.semantics.auc import keras_auc
from headcheck.semantics.losses import (
    binary_crossentropy,
    categorical_crossentropy,
    sparse_categorical_crossentropy,
    tf_logit_recovery_warning,
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
    "mean_of_batch_means",
    "running_epoch_means",
    "sigmoid",
    "softmax",
    "sparse_categorical_accuracy",
    "sparse_categorical_crossentropy",
    "sparse_top_k_categorical_accuracy",
    "tf_logit_recovery_warning",
    "top_k_categorical_accuracy",
]
