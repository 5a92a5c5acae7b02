"""The frameworks (and framework generations) whose behaviour headcheck reproduces.

A *target* names one behaviour, not one package version:

============  ==========================================================================
target        what it stands for
============  ==========================================================================
keras2.2      Keras 1.x–2.2.x: ``'accuracy'`` looks at the loss; ``binary_accuracy`` rounds
keras2.3      Keras 2.3.x, tf.keras ≤ 2.1 and the v1 graph path of later tf.keras/tf-keras:
              the loss still matters for ``'accuracy'``
tf.keras      tf.keras 2.2–2.15 and tf-keras 2.16+: ``'accuracy'`` from shapes only
keras3        Keras 3 (backend ``tensorflow``, ``torch`` or ``jax`` where results differ)
torch         PyTorch's ``torch.nn`` losses
torchmetrics  torchmetrics' ``Accuracy`` and friends
sklearn       scikit-learn's ``sklearn.metrics``
============  ==========================================================================
"""

from __future__ import annotations

from typing import Final, Literal

from headcheck._errors import UnknownNameError

__all__ = [
    "BACKENDS",
    "KERAS_TARGETS",
    "TARGETS",
    "Backend",
    "Target",
    "check_backend",
    "check_target",
    "describe_target",
]

Target = Literal["keras2.2", "keras2.3", "tf.keras", "keras3", "torch", "torchmetrics", "sklearn"]
Backend = Literal["tensorflow", "torch", "jax"]

TARGETS: Final[tuple[Target, ...]] = (
    "keras2.2",
    "keras2.3",
    "tf.keras",
    "keras3",
    "torch",
    "torchmetrics",
    "sklearn",
)
KERAS_TARGETS: Final[tuple[Target, ...]] = ("keras2.2", "keras2.3", "tf.keras", "keras3")
BACKENDS: Final[tuple[Backend, ...]] = ("tensorflow", "torch", "jax")

_DESCRIPTIONS: Final[dict[str, str]] = {
    "keras2.2": "Keras ≤ 2.2",
    "keras2.3": "Keras 2.3 / tf.keras ≤ 2.1 / tf-keras v1 graph path",
    "tf.keras": "tf.keras 2.2–2.15 / tf-keras",
    "keras3": "Keras 3",
    "torch": "PyTorch",
    "torchmetrics": "torchmetrics",
    "sklearn": "scikit-learn",
}


def check_target(target: str) -> Target:
    """Return ``target`` as a :data:`Target`, or raise :class:`UnknownNameError`.

    >>> check_target("keras3")
    'keras3'
    >>> check_target("keras4")
    Traceback (most recent call last):
    ...
    headcheck._errors.UnknownNameError: unknown target 'keras4'; expected one of: keras2.2, \
keras2.3, tf.keras, keras3, torch, torchmetrics, sklearn
    """
    if target not in TARGETS:
        raise UnknownNameError("target", target, TARGETS)
    return target


def check_backend(target: str, backend: str | None) -> Backend | None:
    """Validate ``backend`` for ``target``: only ``keras3`` takes one (default ``tensorflow``)."""
    if backend is None:
        return "tensorflow" if target == "keras3" else None
    if backend not in BACKENDS:
        raise UnknownNameError("backend", backend, BACKENDS)
    if target != "keras3":
        raise UnknownNameError("backend for target " + repr(target), backend, ("(none)",))
    return backend


def describe_target(target: str, backend: str | None = None) -> str:
    """A short human name: ``describe_target("keras3", "torch") == "Keras 3 (torch backend)"``."""
    text = _DESCRIPTIONS[check_target(target)]
    if target == "keras3" and backend is not None:
        text += f" ({backend} backend)"
    return text
