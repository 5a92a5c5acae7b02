"""PyTorch: ``nn`` modules and ``nn.Sequential``, ``F.*``/``torch.*`` activations and
losses, label construction (``one_hot``, ``torch.tensor`` literals), by canonical name.

A user's ``nn.Module`` subclass is followed by the interpreter (``__init__`` then
``forward``); here is what each torch symbol contributes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from headcheck._errors import UnknownNameError
from headcheck.catalogue import activation as lookup_activation
from headcheck.catalogue import loss as lookup_loss
from headcheck.lint._common import literal_labels
from headcheck.lint._labels import literal_of
from headcheck.lint._values import (
    UNKNOWN,
    HeadInfo,
    LabelVal,
    LossVal,
    Record,
    Ref,
    Tensor,
    TLayer,
    Value,
)

if TYPE_CHECKING:
    from headcheck.lint._interpreter import Analyser, Args

__all__ = ["ACTIVATION_FUNCTIONS", "apply_module", "call_ref", "record_method", "sequential_head"]

_ACTIVATION_MODULES: Final = frozenset(
    (
        "Softmax",
        "LogSoftmax",
        "Sigmoid",
        "ReLU",
        "ReLU6",
        "Tanh",
        "ELU",
        "SELU",
        "LeakyReLU",
        "GELU",
        "SiLU",
        "Mish",
        "Softplus",
        "Softsign",
        "Hardsigmoid",
    )
)
_PASSTHROUGH_MODULES: Final = frozenset(
    ("Dropout", "Dropout1d", "Dropout2d", "Dropout3d", "AlphaDropout", "Identity", "Flatten")
)
#: torch functions (``F.*``, ``torch.*``) and tensor methods that are activations
ACTIVATION_FUNCTIONS: Final = frozenset(
    (
        "softmax",
        "log_softmax",
        "sigmoid",
        "relu",
        "relu6",
        "tanh",
        "elu",
        "selu",
        "leaky_relu",
        "gelu",
        "silu",
        "mish",
        "softplus",
        "softsign",
        "hardsigmoid",
    )
)
_LOSS_FUNCTIONS: Final = frozenset(
    (
        "cross_entropy",
        "nll_loss",
        "binary_cross_entropy",
        "binary_cross_entropy_with_logits",
        "mse_loss",
        "l1_loss",
        "smooth_l1_loss",
        "huber_loss",
    )
)
_MODEL_METHODS_RETURNING_SELF: Final = frozenset(
    ("to", "cuda", "cpu", "train", "eval", "float", "double", "half", "requires_grad_")
)


def apply_module(analyser: Analyser, module: TLayer, inputs: Value | None) -> Tensor:
    """A torch module called on a tensor."""
    if module.kind == "linear":
        return Tensor(module.head)
    if module.kind == "activation" and module.head is not None:
        pos = module.head.activation_pos or (1, 1)
        return analyser.derive(inputs or UNKNOWN, module.head.activation, pos)
    if module.kind == "passthrough" and isinstance(inputs, Tensor):
        return Tensor(inputs.head, inputs.record, inputs.raw)
    return Tensor(None)


def sequential_head(record: Record) -> HeadInfo | None:
    """The head of ``nn.Sequential(...)``: its modules applied in order."""
    from headcheck.lint._interpreter import Analyser

    value: Value = Tensor(None)
    scratch = Analyser(keras_file=False)
    for module in record.layers:
        if isinstance(module, TLayer):
            value = apply_module(scratch, module, value)
        elif isinstance(module, Record):
            value = Tensor(module.head())
        else:
            value = Tensor(None)
    return value.head if isinstance(value, Tensor) else None


def record_method(record: Record, name: str) -> Value:
    """Methods of a torch model: ``model.to(device)`` and friends return the model."""
    return record if name in _MODEL_METHODS_RETURNING_SELF else UNKNOWN


def _softmax_dim_ok(args: Args) -> bool:
    return args.const(1, "dim") != 0


def _module(name: str, args: Args) -> Value:
    if name in ("Linear", "LazyLinear"):
        index, keyword = (1, "out_features") if name == "Linear" else (0, "out_features")
        units = args.const(index, keyword)
        head = HeadInfo(
            units=units if type(units) is int and units >= 1 else None,
            activation="linear",
            units_pos=args.pos_at(index, keyword),
            activation_pos=args.pos,
            pos=args.pos,
        )
        return TLayer("linear", head)
    if name in _ACTIVATION_MODULES:
        if name in ("Softmax", "LogSoftmax") and args.const(0, "dim") == 0:
            return TLayer("other")
        activation = lookup_activation(name).name
        return TLayer("activation", HeadInfo(activation=activation, activation_pos=args.pos))
    if name in _PASSTHROUGH_MODULES:
        return TLayer("passthrough")
    return TLayer("other")


def _loss(name: str, args: Args) -> LossVal | None:
    try:
        found = lookup_loss(name, framework="torch")
    except UnknownNameError:
        return None
    if found.framework != "torch":
        return None
    smoothing = args.const(None, "label_smoothing")
    return LossVal(
        found,
        False,
        args.pos,
        float(smoothing) if type(smoothing) in (int, float) else 0.0,  # type: ignore[arg-type]
    )


def _has_float(literal: object) -> bool:
    if isinstance(literal, list | tuple):
        return any(_has_float(item) for item in literal)
    return isinstance(literal, float)


def _tensor_literal(args: Args, *, long: bool = False) -> Value:
    data = args.get(0, "data") or UNKNOWN
    value = literal_labels(data)
    dtype = args.get(None, "dtype")
    if isinstance(dtype, Ref):
        soft = "float" in dtype.name
    else:  # torch infers float32 from Python floats: [[0.0, 1.0]] are class probabilities
        soft = dtype is None and not long and _has_float(literal_of(data))
    if isinstance(value, LabelVal) and soft:
        return LabelVal(value.format, value.num_classes, soft=True)
    return value


def call_ref(analyser: Analyser, name: str, args: Args) -> Value | None:
    """Calls of torch symbols; ``None`` when ``name`` is not one of them."""
    if not name.startswith("torch."):
        if name in ("numpy.array", "numpy.asarray"):
            return literal_labels(args.get(0, "object") or UNKNOWN)
        return None
    last = name.rsplit(".", 1)[-1]
    if name.startswith("torch.nn.functional."):
        if last in ACTIVATION_FUNCTIONS:
            if last in ("softmax", "log_softmax") and not _softmax_dim_ok(args):
                return analyser.derive(args.get(0, "input"), None, args.pos)
            activation = lookup_activation(last).name
            return analyser.derive(args.get(0, "input") or UNKNOWN, activation, args.pos)
        if last in _LOSS_FUNCTIONS:
            loss = _loss(last, args)
            if loss is not None:
                analyser.use_loss(loss, args.get(0, "input"), args.get(1, "target"))
            return UNKNOWN
        if last == "one_hot":
            classes = args.const(1, "num_classes")
            return LabelVal("one_hot", classes if type(classes) is int and classes > 0 else None)
        if last in ("dropout", "dropout1d", "dropout2d"):
            first = args.get(0, "input")
            return first if isinstance(first, Tensor) else UNKNOWN
        return UNKNOWN
    if name.startswith("torch.nn.") and name.count(".") == 2:
        if name == "torch.nn.Sequential":
            record = analyser.new_record(
                Record("torch", args.pos, sequential=True, head_of=sequential_head)
            )
            record.layers = list(args.values)
            return record
        if last.endswith("Loss"):
            return _loss(last, args) or UNKNOWN
        return _module(last, args)
    if name in ("torch.softmax", "torch.log_softmax", "torch.sigmoid", "torch.relu", "torch.tanh"):
        if last in ("softmax", "log_softmax") and not _softmax_dim_ok(args):
            return analyser.derive(args.get(0, "input"), None, args.pos)
        return analyser.derive(args.get(0, "input") or UNKNOWN, last, args.pos)
    if name == "torch.special.expit":
        return analyser.derive(args.get(0, "input") or UNKNOWN, "sigmoid", args.pos)
    if name in ("torch.tensor", "torch.as_tensor", "torch.LongTensor", "torch.from_numpy"):
        return _tensor_literal(args, long=name == "torch.LongTensor")
    if name == "torch.FloatTensor":
        value = literal_labels(args.get(0, "data") or UNKNOWN)
        if isinstance(value, LabelVal):
            return LabelVal(value.format, value.num_classes, soft=True)
        return value
    return None
