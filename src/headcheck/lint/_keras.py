"""Keras (3, ``tf.keras``, ``tensorflow.keras``, standalone 2.x): layers, models, losses,
metrics, ``compile``/``fit``/``predict`` and label helpers, by canonical name.

``Sequential([...])`` and ``model.add`` collect layers; the head is the last ``Dense`` and
any activation layers after it (dropout and flatten pass through; any other layer makes the
head unknown). ``keras.Model(inputs, outputs)`` takes the head of ``outputs``; a subclassed
model's head is what ``call`` returns (see the interpreter).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from headcheck._errors import UnknownNameError
from headcheck.catalogue import loss as lookup_loss
from headcheck.facts import MetricSpec
from headcheck.lint._common import activation_name
from headcheck.lint._labels import labels_of
from headcheck.lint._names import keras_member
from headcheck.lint._values import (
    UNKNOWN,
    Compile,
    Const,
    HeadInfo,
    KLayer,
    LabelVal,
    ListVal,
    LossVal,
    MetricVal,
    Pos,
    Record,
    Ref,
    Tensor,
    Value,
)

if TYPE_CHECKING:
    from headcheck.lint._interpreter import Analyser, Args

__all__ = ["apply_layer", "call_ref", "compile_model", "record_method"]

_PASSTHROUGH_LAYERS: Final = frozenset(
    (
        "Dropout",
        "SpatialDropout1D",
        "SpatialDropout2D",
        "SpatialDropout3D",
        "GaussianNoise",
        "GaussianDropout",
        "AlphaDropout",
        "ActivityRegularization",
        "Flatten",
        "InputLayer",
    )
)
_ACTIVATION_LAYERS: Final[dict[str, str]] = {
    "Softmax": "softmax",
    "ReLU": "relu",
    "LeakyReLU": "leaky_relu",
    "ELU": "elu",
}
_MODELS: Final = frozenset(("keras.Sequential", "keras.models.Sequential"))
_FUNCTIONAL: Final = frozenset(("keras.Model", "keras.models.Model"))
_LABEL_MODES: Final[dict[object, str]] = {
    "categorical": "one_hot",
    "binary": "binary",
    "sparse": "sparse",
    "int": "sparse",
}


def _int(value: Value) -> int | None:
    if isinstance(value, Const) and type(value.value) is int and value.value >= 1:
        return value.value
    return None


def _layer(analyser: Analyser, kind: str, args: Args) -> KLayer:
    if kind == "Dense":
        units_value = args.get(0, "units")
        act_value = args.get(1, "activation")
        activation = "linear" if act_value is None else activation_name(act_value)
        act_pos = args.pos_at(1, "activation") if act_value is not None else args.pos
        head = HeadInfo(
            units=_int(units_value),
            activation=activation,
            units_pos=args.pos_at(0, "units"),
            activation_pos=act_pos,
            pos=args.pos,
        )
        return KLayer("dense", head)
    if kind == "Activation":
        name = activation_name(args.get(0, "activation") or Const(None))
        return KLayer("activation", HeadInfo(activation=name, activation_pos=args.pos))
    if kind in _ACTIVATION_LAYERS:
        head = HeadInfo(activation=_ACTIVATION_LAYERS[kind], activation_pos=args.pos)
        return KLayer("activation", head)
    if kind in _PASSTHROUGH_LAYERS:
        return KLayer("passthrough")
    return KLayer("other")


def apply_layer(analyser: Analyser, layer: KLayer, inputs: Value | None) -> Tensor:
    """A layer called on a tensor (functional API)."""
    if layer.kind == "dense":
        return Tensor(layer.head)
    if layer.kind == "activation" and layer.head is not None:
        pos = layer.head.activation_pos or (1, 1)
        return analyser.derive(Tensor(_head_of(inputs)), layer.head.activation, pos)
    if layer.kind == "passthrough" and isinstance(inputs, Tensor):
        return Tensor(inputs.head)
    return Tensor(None)


def _head_of(value: Value | None) -> HeadInfo | None:
    return value.head if isinstance(value, Tensor) else None


def sequential_head(record: Record) -> HeadInfo | None:
    """The head of a Sequential model: its last Dense and the activation layers after it."""
    head: HeadInfo | None = None
    for layer in record.layers:
        if isinstance(layer, KLayer):
            if layer.kind == "dense":
                head = layer.head
            elif layer.kind == "activation" and layer.head is not None:
                if layer.head.activation is None:
                    head = None
                elif head is None:
                    head = layer.head
                else:
                    head = head.with_activation(
                        layer.head.activation, layer.head.activation_pos or (1, 1)
                    )
            elif layer.kind != "passthrough":
                head = None
        elif isinstance(layer, Record):
            head = layer.head()
        else:
            head = None
    return head


def functional_head(record: Record) -> HeadInfo | None:
    """The head of ``keras.Model(inputs, outputs)``."""
    return record.output.head if record.output is not None else None


def _loss_value(value: Value, pos: Pos) -> LossVal | None:
    """A loss as ``compile`` receives it: a string, a function or class, or an instance."""
    if isinstance(value, LossVal):
        return value
    name: str | None = None
    if isinstance(value, Const) and isinstance(value.value, str):
        name = value.value
    elif isinstance(value, Ref):
        name = keras_member(value.name, "losses")
    if name is None:
        return None
    try:
        found = lookup_loss(name, framework="keras")
    except UnknownNameError:
        return None
    if found.framework != "keras":
        return None
    return LossVal(found, False, pos)


def _metric_value(value: Value, pos: Pos) -> MetricVal | None:
    if isinstance(value, MetricVal):
        return value
    if isinstance(value, Const) and isinstance(value.value, str):
        return MetricVal(MetricSpec(value.value), value.pos or pos)
    if isinstance(value, Ref):
        name = keras_member(value.name, "metrics")
        if name is not None:
            return MetricVal(MetricSpec(name), value.pos or pos)
    return None


def compile_model(record: Record, args: Args) -> None:
    """``model.compile(optimizer, loss, metrics, ..., from_logits=...)``."""
    loss_value = args.get(1, "loss")
    loss = _loss_value(loss_value, args.pos_at(1, "loss")) if loss_value is not None else None
    metrics_value = args.get(2, "metrics")
    metrics: list[MetricVal] = []
    if isinstance(metrics_value, ListVal):
        for item in metrics_value.items:
            metric = _metric_value(item, args.pos_at(2, "metrics"))
            if metric is not None:
                metrics.append(metric)
    elif metrics_value is not None:
        metric = _metric_value(metrics_value, args.pos_at(2, "metrics"))
        if metric is not None:
            metrics.append(metric)
    from_logits = args.pos_at(None, "from_logits") if "from_logits" in args.kw else None
    record.compiles.append(Compile(loss, tuple(metrics), args.pos, from_logits))


def record_method(analyser: Analyser, record: Record, name: str, args: Args) -> Value:
    """Methods of a Keras model: ``add``, ``compile``, ``fit``, ``predict``..."""
    if name == "add" and args.values:
        record.layers.append(args.values[0])
    elif name == "pop" and record.layers:
        record.layers.pop()
    elif name == "compile":
        compile_model(record, args)
    elif name in ("fit", "fit_generator", "train_on_batch"):
        labels = labels_of(args.get(1, "y") or Const(None))
        if labels is None:
            labels = labels_of(args.get(0, "x") or Const(None))
        if labels is not None:
            record.labels = labels
        record.used = True
    elif name in ("predict", "predict_on_batch", "predict_step"):
        return analyser.call_record(record)
    return UNKNOWN


def _literal_kwargs(args: Args) -> tuple[tuple[str, Any], ...] | None:
    pairs: list[tuple[str, Any]] = []
    for key, value in args.kw.items():
        if not isinstance(value, Const):
            return None
        pairs.append((key, value.value))
    return tuple(pairs)


def _loss_call(analyser: Analyser, member: str, args: Args) -> Value:
    try:
        found = lookup_loss(member, framework="keras")
    except UnknownNameError:
        return UNKNOWN
    if found.framework != "keras":
        return UNKNOWN
    if member[:1].islower():  # keras.losses.binary_crossentropy(y_true, y_pred, ...)
        flag = args.const(2, "from_logits")
        from_logits = False if args.get(2, "from_logits") is None else flag
        value = LossVal(found, from_logits if isinstance(from_logits, bool) else None, args.pos)
        if value.from_logits is not None:
            analyser.use_loss(value, args.get(1, "y_pred"), args.get(0, "y_true"))
        return UNKNOWN
    flag_value = args.get(0, "from_logits")
    flag = False if flag_value is None else args.const(0, "from_logits")
    smoothing = args.const(None, "label_smoothing")
    if not isinstance(flag, bool):
        return LossVal(None, None, args.pos)
    return LossVal(
        found,
        flag,
        args.pos,
        float(smoothing) if type(smoothing) in (int, float) else 0.0,  # type: ignore[arg-type]
    )


def call_ref(analyser: Analyser, name: str, args: Args) -> Value | None:
    """Calls of Keras (and ``tf.*``) symbols; ``None`` when ``name`` is not one of them."""
    if name.startswith(("tf.", "keras.")):
        member = keras_member(name, "layers")
        if member == "Input":
            return Tensor(None)
        if member is not None:
            return _layer(analyser, member, args)
        if name in _MODELS:
            record = analyser.new_record(
                Record("keras", args.pos, sequential=True, head_of=sequential_head)
            )
            layers = args.get(0, "layers")
            if isinstance(layers, ListVal):
                record.layers = list(layers.items)
            elif layers is not None and not (isinstance(layers, Const) and layers.value is None):
                record.layers = [UNKNOWN]
            return record
        if name in _FUNCTIONAL:
            outputs = args.get(1, "outputs")
            if isinstance(outputs, ListVal) and len(outputs.items) == 1:
                outputs = outputs.items[0]
            record = analyser.new_record(Record("keras", args.pos, head_of=functional_head))
            record.output = outputs if isinstance(outputs, Tensor) else None
            return record
        member = keras_member(name, "losses")
        if member is not None:
            return _loss_call(analyser, member, args)
        member = keras_member(name, "metrics")
        if member is not None:
            if member[:1].islower() or args.values:
                return UNKNOWN
            kwargs = _literal_kwargs(args)
            return (
                MetricVal(MetricSpec(member, kwargs), args.pos) if kwargs is not None else UNKNOWN
            )
        activation = activation_name(Ref(name))
        if activation is not None and activation != "linear":
            if name.rsplit(".", 1)[-1] in ("softmax", "log_softmax") and args.const(1, "axis") == 0:
                return analyser.derive(args.get(0, "x"), None, args.pos)
            return analyser.derive(args.get(0, "x") or UNKNOWN, activation, args.pos)
        return _labels_call(name, args)
    return None


def _labels_call(name: str, args: Args) -> Value | None:
    last = name.rsplit(".", 1)[-1]
    if last == "to_categorical" and name.startswith("keras.utils."):
        return LabelVal("one_hot", _int(args.get(1, "num_classes") or UNKNOWN))
    if name == "tf.one_hot":
        return LabelVal("one_hot", _int(args.get(1, "depth") or UNKNOWN))
    if last in ("image_dataset_from_directory", "text_dataset_from_directory"):
        mode = args.const(None, "label_mode")
        mode = "int" if args.get(None, "label_mode") is None else mode
        found = _LABEL_MODES.get(mode)
        return LabelVal(found) if found else UNKNOWN  # type: ignore[arg-type]
    if last == "ImageDataGenerator":
        return Ref("keras.ImageDataGenerator()")
    if name in (
        "keras.ImageDataGenerator().flow_from_directory",
        "keras.ImageDataGenerator().flow_from_dataframe",
    ):
        mode = args.const(None, "class_mode")
        mode = "categorical" if args.get(None, "class_mode") is None else mode
        found = _LABEL_MODES.get(mode)
        return LabelVal(found) if found else UNKNOWN  # type: ignore[arg-type]
    return None
