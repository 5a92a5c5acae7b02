"""The names headcheck knows: final activations, losses and metric identifiers.

Every source of facts (command-line flags, code, saved models) turns a user's spelling into one
of these canonical entries, so that rules and explanations reason about meaning, not spelling:
``'bce'``, ``'BinaryCrossentropy'``, ``tf.keras.losses.binary_crossentropy`` and
``nn.BCELoss`` all name a binary cross-entropy that reads probabilities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, Literal

from headcheck._errors import UnknownNameError

__all__ = [
    "ACTIVATIONS",
    "LOSSES",
    "Activation",
    "Loss",
    "OutputKind",
    "activation",
    "loss",
    "normalise_name",
]

OutputKind = Literal[
    "logits",  # any real number, one score per unit
    "probabilities",  # independent per-unit probabilities in [0, 1] (sigmoid)
    "distribution",  # one probability distribution per row (softmax)
    "log_probabilities",  # log of a distribution per row (log_softmax)
    "non_negative",  # relu, softplus, exponential: [0, inf)
    "bounded",  # tanh, softsign: (-1, 1)
]


def normalise_name(name: str) -> str:
    """Lower-case, drop ``_``/``-``/spaces and module prefixes: ``'tf.nn.Softmax' -> 'softmax'``.

    >>> normalise_name("keras.losses.BinaryCrossentropy")
    'binarycrossentropy'
    >>> normalise_name("log_softmax")
    'logsoftmax'
    """
    last = name.strip().rsplit(".", 1)[-1]
    return re.sub(r"[\s_\-]", "", last).lower()


@dataclass(frozen=True)
class Activation:
    """A final activation and what it makes of the head's outputs."""

    name: str
    output: OutputKind
    description: str

    @property
    def is_probability(self) -> bool:
        """True when the outputs are probabilities (per unit or per row)."""
        return self.output in ("probabilities", "distribution")


ACTIVATIONS: Final[dict[str, Activation]] = {
    a.name: a
    for a in (
        Activation("linear", "logits", "no activation: raw scores (logits), any real number"),
        Activation("sigmoid", "probabilities", "sigmoid: each unit an independent probability"),
        Activation(
            "softmax", "distribution", "softmax: each row a probability distribution (sums to 1)"
        ),
        Activation("log_softmax", "log_probabilities", "log-softmax: log-probabilities (all ≤ 0)"),
        Activation("hard_sigmoid", "probabilities", "hard sigmoid: a piecewise-linear sigmoid"),
        Activation("relu", "non_negative", "relu: non-negative scores, [0, ∞)"),
        Activation("relu6", "non_negative", "relu6: scores clipped to [0, 6]"),
        Activation("elu", "logits", "elu: scores above -1"),
        Activation("selu", "logits", "selu: scores above about -1.76"),
        Activation("leaky_relu", "logits", "leaky relu: any real number"),
        Activation("gelu", "logits", "gelu: scores above about -0.17"),
        Activation("silu", "logits", "silu/swish: scores above about -0.28"),
        Activation("mish", "logits", "mish: scores above about -0.31"),
        Activation("softplus", "non_negative", "softplus: positive scores, (0, ∞)"),
        Activation("exponential", "non_negative", "exponential: positive scores, (0, ∞)"),
        Activation("tanh", "bounded", "tanh: scores in (-1, 1)"),
        Activation("softsign", "bounded", "softsign: scores in (-1, 1)"),
    )
}

_ACTIVATION_ALIASES: Final[dict[str, str]] = {
    "none": "linear",
    "identity": "linear",
    "linear": "linear",
    "sigmoid": "sigmoid",
    "logistic": "sigmoid",
    "softmax": "softmax",
    "logsoftmax": "log_softmax",
    "hardsigmoid": "hard_sigmoid",
    "relu": "relu",
    "relu6": "relu6",
    "elu": "elu",
    "selu": "selu",
    "leakyrelu": "leaky_relu",
    "gelu": "gelu",
    "silu": "silu",
    "swish": "silu",
    "mish": "mish",
    "softplus": "softplus",
    "exponential": "exponential",
    "exp": "exponential",
    "tanh": "tanh",
    "softsign": "softsign",
}


def activation(name: str | None) -> Activation:
    """Look up a final activation by any usual spelling (``None`` is ``linear``).

    >>> activation("tf.nn.softmax").name
    'softmax'
    >>> activation(None).output
    'logits'
    >>> activation("softmaxx")
    Traceback (most recent call last):
    ...
    headcheck._errors.UnknownNameError: unknown activation 'softmaxx'; expected one of: linear, \
sigmoid, softmax, log_softmax, hard_sigmoid, relu, relu6, elu, selu, leaky_relu, gelu, silu, \
mish, softplus, exponential, tanh, softsign
    """
    if name is None:
        return ACTIVATIONS["linear"]
    canonical = _ACTIVATION_ALIASES.get(normalise_name(name))
    if canonical is None:
        raise UnknownNameError("activation", name, ACTIVATIONS)
    return ACTIVATIONS[canonical]


LossFamily = Literal[
    "binary_crossentropy",  # per-unit sigmoid cross-entropy: binary and multi-label
    "categorical_crossentropy",  # one-hot (or soft) targets over a distribution
    "sparse_categorical_crossentropy",  # integer class targets over a distribution
    "nll",  # torch NLLLoss: integer targets, log-probability inputs
    "regression",  # mse, mae, huber, ...: continuous targets
    "hinge",  # hinge family: ±1 or 0/1 targets, raw scores
    "other",
]
Expects = Literal["probabilities", "distribution", "logits", "log_probabilities", "any"]


@dataclass(frozen=True)
class Loss:
    """A loss as headcheck reasons about it.

    ``expects`` is what the loss reads from the head *when ``from_logits`` is False* (for
    Keras losses with a ``from_logits`` switch) or always (torch losses, which have none).
    ``applies`` is the activation a loss applies itself to logits (``sigmoid``/``softmax``/
    ``log_softmax``) — for Keras losses only when ``from_logits=True``.
    """

    name: str
    framework: Literal["keras", "torch"]
    family: LossFamily
    expects: Expects
    applies: str | None
    has_from_logits: bool
    labels: Literal["binary", "one_hot", "sparse", "continuous", "signed", "any"]

    def reads(self, from_logits: bool) -> Expects:
        """What this loss reads from the head, given its ``from_logits``."""
        if self.has_from_logits and from_logits:
            return "logits"
        return self.expects


LOSSES: Final[dict[str, Loss]] = {
    entry.name: entry
    for entry in (
        Loss(
            "binary_crossentropy",
            "keras",
            "binary_crossentropy",
            "probabilities",
            "sigmoid",
            True,
            "binary",
        ),
        Loss(
            "binary_focal_crossentropy",
            "keras",
            "binary_crossentropy",
            "probabilities",
            "sigmoid",
            True,
            "binary",
        ),
        Loss(
            "categorical_crossentropy",
            "keras",
            "categorical_crossentropy",
            "distribution",
            "softmax",
            True,
            "one_hot",
        ),
        Loss(
            "categorical_focal_crossentropy",
            "keras",
            "categorical_crossentropy",
            "distribution",
            "softmax",
            True,
            "one_hot",
        ),
        Loss(
            "sparse_categorical_crossentropy",
            "keras",
            "sparse_categorical_crossentropy",
            "distribution",
            "softmax",
            True,
            "sparse",
        ),
        Loss("mean_squared_error", "keras", "regression", "any", None, False, "continuous"),
        Loss("mean_absolute_error", "keras", "regression", "any", None, False, "continuous"),
        Loss(
            "mean_absolute_percentage_error",
            "keras",
            "regression",
            "any",
            None,
            False,
            "continuous",
        ),
        Loss(
            "mean_squared_logarithmic_error",
            "keras",
            "regression",
            "any",
            None,
            False,
            "continuous",
        ),
        Loss("huber", "keras", "regression", "any", None, False, "continuous"),
        Loss("log_cosh", "keras", "regression", "any", None, False, "continuous"),
        Loss("poisson", "keras", "regression", "any", None, False, "continuous"),
        Loss("kl_divergence", "keras", "other", "distribution", None, False, "one_hot"),
        Loss("cosine_similarity", "keras", "other", "any", None, False, "any"),
        Loss("hinge", "keras", "hinge", "logits", None, False, "signed"),
        Loss("squared_hinge", "keras", "hinge", "logits", None, False, "signed"),
        Loss("categorical_hinge", "keras", "hinge", "logits", None, False, "one_hot"),
        # PyTorch: no from_logits switch; the class decides.
        Loss(
            "CrossEntropyLoss",
            "torch",
            "sparse_categorical_crossentropy",
            "logits",
            "log_softmax",
            False,
            "sparse",
        ),
        Loss("NLLLoss", "torch", "nll", "log_probabilities", None, False, "sparse"),
        Loss("BCELoss", "torch", "binary_crossentropy", "probabilities", None, False, "binary"),
        Loss(
            "BCEWithLogitsLoss",
            "torch",
            "binary_crossentropy",
            "logits",
            "sigmoid",
            False,
            "binary",
        ),
        Loss(
            "MultiLabelSoftMarginLoss",
            "torch",
            "binary_crossentropy",
            "logits",
            "sigmoid",
            False,
            "binary",
        ),
        Loss("MSELoss", "torch", "regression", "any", None, False, "continuous"),
        Loss("L1Loss", "torch", "regression", "any", None, False, "continuous"),
        Loss("SmoothL1Loss", "torch", "regression", "any", None, False, "continuous"),
        Loss("HuberLoss", "torch", "regression", "any", None, False, "continuous"),
        Loss("KLDivLoss", "torch", "other", "log_probabilities", None, False, "one_hot"),
    )
}

_LOSS_ALIASES: Final[dict[str, str]] = {
    # Keras functions, classes and short aliases
    "binarycrossentropy": "binary_crossentropy",
    "bce": "binary_crossentropy",
    "binaryfocalcrossentropy": "binary_focal_crossentropy",
    "categoricalcrossentropy": "categorical_crossentropy",
    "cce": "categorical_crossentropy",
    "categoricalfocalcrossentropy": "categorical_focal_crossentropy",
    "sparsecategoricalcrossentropy": "sparse_categorical_crossentropy",
    "meansquarederror": "mean_squared_error",
    "mse": "mean_squared_error",
    "meanabsoluteerror": "mean_absolute_error",
    "mae": "mean_absolute_error",
    "meanabsolutepercentageerror": "mean_absolute_percentage_error",
    "mape": "mean_absolute_percentage_error",
    "meansquaredlogarithmicerror": "mean_squared_logarithmic_error",
    "msle": "mean_squared_logarithmic_error",
    "huber": "huber",
    "huberloss": "huber",
    "logcosh": "log_cosh",
    "poisson": "poisson",
    "kldivergence": "kl_divergence",
    "kld": "kl_divergence",
    "kullbackleiblerdivergence": "kl_divergence",
    "cosinesimilarity": "cosine_similarity",
    "hinge": "hinge",
    "squaredhinge": "squared_hinge",
    "categoricalhinge": "categorical_hinge",
    # PyTorch modules and functionals
    "crossentropyloss": "CrossEntropyLoss",
    "nllloss": "NLLLoss",
    "nll": "NLLLoss",
    "bceloss": "BCELoss",
    "binarycrossentropytorch": "BCELoss",
    "bcewithlogitsloss": "BCEWithLogitsLoss",
    "binarycrossentropywithlogits": "BCEWithLogitsLoss",
    "multilabelsoftmarginloss": "MultiLabelSoftMarginLoss",
    "mseloss": "MSELoss",
    "l1loss": "L1Loss",
    "smoothl1loss": "SmoothL1Loss",
    "kldivloss": "KLDivLoss",
}


def loss(name: str, *, framework: Literal["keras", "torch"] | None = None) -> Loss:
    """Look up a loss by any usual spelling.

    ``framework`` disambiguates the few names both frameworks use: ``F.cross_entropy`` and
    ``F.binary_cross_entropy`` in torch versus Keras' ``'crossentropy'`` (a Keras 3 loss
    alias resolved from shapes, handled by :mod:`headcheck.semantics.resolution`).

    >>> loss("BinaryCrossentropy").name
    'binary_crossentropy'
    >>> loss("nn.CrossEntropyLoss").reads(from_logits=False)
    'logits'
    >>> loss("binary_cross_entropy", framework="torch").name
    'BCELoss'
    """
    key = normalise_name(name)
    if framework == "torch":
        torch_names = {
            "crossentropy": "CrossEntropyLoss",
            "binarycrossentropy": "BCELoss",
            "binarycrossentropywithlogits": "BCEWithLogitsLoss",
            "nllloss": "NLLLoss",
            "mseloss": "MSELoss",
            "l1loss": "L1Loss",
        }
        if key in torch_names:
            return LOSSES[torch_names[key]]
    if framework == "keras" and key in ("crossentropy", "ce"):
        raise UnknownNameError(
            "loss (resolve 'crossentropy'/'ce' from shapes with resolve_loss)", name, LOSSES
        )
    canonical = _LOSS_ALIASES.get(key)
    if canonical is None:
        canonical = next((n for n in LOSSES if normalise_name(n) == key), None)
    if canonical is None:
        raise UnknownNameError("loss", name, LOSSES)
    return LOSSES[canonical]
