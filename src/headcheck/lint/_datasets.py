"""Label evidence from well-known data set loaders (read from the call, never run).

``load_digits(return_X_y=True)`` returns integer labels of 10 classes, ``load_breast_cancer``
0/1 labels, ``keras.datasets.mnist.load_data()`` integer labels; ``train_test_split`` passes
the labels through. The label formats are those of the libraries' documentation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from headcheck.facts import LabelFormat
from headcheck.lint._values import UNKNOWN, LabelVal, ListVal, Ref, Value

if TYPE_CHECKING:
    from headcheck.lint._interpreter import Args

__all__ = ["dataset_attribute", "dataset_call"]

#: scikit-learn loaders: label format and number of classes of ``.target``
_SKLEARN: Final[dict[str, tuple[LabelFormat, int]]] = {
    "sklearn.datasets.load_breast_cancer": ("binary", 2),
    "sklearn.datasets.load_digits": ("sparse", 10),
    "sklearn.datasets.load_iris": ("sparse", 3),
    "sklearn.datasets.load_wine": ("sparse", 3),
}
#: Keras loaders: ``(x_train, y_train), (x_test, y_test)`` with integer labels
_KERAS: Final[dict[str, int]] = {
    "keras.datasets.mnist.load_data": 10,
    "keras.datasets.fashion_mnist.load_data": 10,
    "keras.datasets.cifar10.load_data": 10,
    "keras.datasets.cifar100.load_data": 100,
}


def dataset_call(name: str, args: Args) -> Value | None:
    """The value of a loader call (or ``train_test_split``); ``None`` for other calls."""
    if name in _SKLEARN:
        fmt, classes = _SKLEARN[name]
        if args.const(None, "return_X_y") is True:
            return ListVal([UNKNOWN, LabelVal(fmt, classes)])
        return Ref(f"{name}()")
    if name in _KERAS:
        labels = LabelVal("sparse", _KERAS[name])
        return ListVal([ListVal([UNKNOWN, labels]), ListVal([UNKNOWN, labels])])
    if name == "sklearn.model_selection.train_test_split":
        items: list[Value] = []
        for value in args.values:
            items.extend([value, value])
        return ListVal(items) if items else UNKNOWN
    return None


def dataset_attribute(name: str) -> LabelVal | None:
    """``load_digits().target`` is integer labels; ``None`` for anything else."""
    loader, _, attr = name.rpartition("().")
    if attr == "target" and loader in _SKLEARN:
        fmt, classes = _SKLEARN[loader]
        return LabelVal(fmt, classes)
    return None
