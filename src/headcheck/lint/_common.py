"""Calls both frameworks share: NumPy/TensorFlow post-processing, tensor methods, builtins.

Post-processing is recorded on the model whose outputs it reads: ``np.argmax(pred, axis=1)``,
``pred > 0.5`` (see the interpreter's comparisons), ``np.round(pred)``, ``out.argmax(1)``,
``torch.max(out, 1)``, ``out.round()``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from headcheck._errors import UnknownNameError
from headcheck.catalogue import activation as lookup_activation
from headcheck.lint._datasets import dataset_call
from headcheck.lint._labels import labels_of
from headcheck.lint._values import (
    UNKNOWN,
    Const,
    KLayer,
    LabelVal,
    ListVal,
    Record,
    Ref,
    Tensor,
    TLayer,
    Value,
)

if TYPE_CHECKING:
    from headcheck.lint._interpreter import Analyser, Args

__all__ = ["activation_name", "call_ref", "label_method", "tensor_method", "unknown_method"]

_ACTIVATION_NAMESPACES: Final = ("keras.activations.", "tf.nn.", "tf.math.", "tf.")
_ACTIVATION_METHODS: Final = frozenset(("softmax", "log_softmax", "sigmoid", "relu", "tanh"))
_PASSTHROUGH_METHODS: Final = frozenset(
    (
        "squeeze",
        "view",
        "reshape",
        "flatten",
        "ravel",
        "float",
        "double",
        "detach",
        "cpu",
        "cuda",
        "numpy",
        "to",
        "contiguous",
        "clone",
        "tolist",
    )
)
_PASSTHROUGH_FUNCTIONS: Final = frozenset(
    (
        "numpy.squeeze",
        "numpy.array",
        "numpy.asarray",
        "numpy.ravel",
        "tf.squeeze",
        "tf.constant",
        "tf.convert_to_tensor",
        "torch.squeeze",
        "torch.flatten",
    )
)
_ARGMAX: Final[dict[str, tuple[str, object]]] = {
    # function: (axis keyword, default axis)
    "numpy.argmax": ("axis", None),
    "tf.argmax": ("axis", None),
    "tf.math.argmax": ("axis", None),
    "keras.backend.argmax": ("axis", -1),
    "keras.ops.argmax": ("axis", None),
    "torch.argmax": ("dim", None),
    "torch.max": ("dim", None),
}
_ROUND: Final = frozenset(
    ("numpy.round", "numpy.around", "numpy.rint", "tf.round", "tf.math.round", "torch.round")
)


def activation_name(value: Value) -> str | None:
    """The canonical activation a value names (``'softmax'``, ``tf.nn.softmax``, an
    ``Activation`` layer), ``'linear'`` for ``None``, or ``None`` when it is not established."""
    if isinstance(value, Const):
        if value.value is None:
            return "linear"
        if not isinstance(value.value, str):
            return None
        text = value.value
    elif isinstance(value, Ref):
        if not value.name.startswith(_ACTIVATION_NAMESPACES):
            return None
        text = value.name
    elif isinstance(value, KLayer | TLayer) and value.kind == "activation" and value.head:
        return value.head.activation
    else:
        return None
    try:
        return lookup_activation(text).name
    except UnknownNameError:
        return None


def _is_class_axis(value: object) -> bool:
    return type(value) is int and value in (1, -1)


def call_ref(analyser: Analyser, name: str, args: Args) -> Value | None:
    """Shared framework and library calls; ``None`` when ``name`` is not one of them."""
    if name in _ARGMAX:
        keyword, default = _ARGMAX[name]
        axis = args.const(1, keyword)
        if axis is UNKNOWN and args.get(1, keyword) is None:
            axis = default
        if _is_class_axis(axis):
            analyser.postprocess("argmax", args.get(0, "input"), args.pos)
        return UNKNOWN
    if name in _ROUND:
        analyser.postprocess("round", args.get(0, "input"), args.pos)
        return UNKNOWN
    if name in _PASSTHROUGH_FUNCTIONS:
        first = args.get(0, None)
        if isinstance(first, Tensor | LabelVal | ListVal | Const):
            return first
        return UNKNOWN
    if name == "len":
        first = args.get(0, None)
        if isinstance(first, ListVal):
            return Const(len(first.items), args.pos)
        if isinstance(first, Const) and isinstance(first.value, list | tuple | str):
            return Const(len(first.value), args.pos)
        return UNKNOWN
    return dataset_call(name, args)


def tensor_method(analyser: Analyser, tensor: Tensor, name: str, args: Args) -> Value:
    """``out.softmax(dim=1)``, ``out.argmax(1)``, ``out.round()``, ``out.squeeze()``..."""
    if name in _ACTIVATION_METHODS:
        dim = args.const(0, "dim")
        if name in ("softmax", "log_softmax") and dim == 0:
            return analyser.derive(tensor, None, args.pos)
        return analyser.derive(tensor, lookup_activation(name).name, args.pos)
    if name in ("argmax", "max"):
        dim = args.const(0, "dim")
        if dim is UNKNOWN:
            dim = args.const(None, "axis")
        if _is_class_axis(dim):
            analyser.postprocess("argmax", tensor, args.pos)
        return UNKNOWN
    if name == "round":
        analyser.postprocess("round", tensor, args.pos)
        return UNKNOWN
    if name in _PASSTHROUGH_METHODS:
        return tensor
    return UNKNOWN


def label_method(labels: LabelVal, name: str, args: Args) -> Value:
    """``y.float()`` makes one-hot labels class probabilities; most other methods keep them."""
    if name in ("float", "double", "half"):
        return LabelVal(labels.format, labels.num_classes, soft=True)
    if name in ("to", "type"):
        dtype = args.get(0, "dtype")
        if isinstance(dtype, Ref) and "float" in dtype.name.rsplit(".", 1)[-1]:
            return LabelVal(labels.format, labels.num_classes, soft=True)
        return labels
    if name in ("long", "int", "cuda", "cpu", "squeeze", "view", "reshape", "flatten", "numpy"):
        return labels
    if name in ("cache", "prefetch", "shuffle", "batch", "repeat", "astype"):
        return labels
    return UNKNOWN


def unknown_method(analyser: Analyser, name: str, args: Args) -> Value:
    """Methods of values the analyser does not follow: only what the call itself establishes."""
    if name == "long" and not args.values:
        return LabelVal("sparse")
    if (
        name == "compile"
        and analyser.keras_file
        and ("loss" in args.kw or "from_logits" in args.kw)
    ):
        from headcheck.lint._keras import compile_model

        record = analyser.new_record(Record("keras", args.pos))
        compile_model(record, args)
    return UNKNOWN


def literal_labels(value: Value) -> Value:
    """Literal arrays passed through ``np.array``/``torch.tensor`` keep their label evidence."""
    found = labels_of(value)
    return found if found is not None else value
