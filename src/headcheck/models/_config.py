"""From a Keras model configuration (JSON data) to :class:`~headcheck.facts.HeadFacts`.

The same walker serves every saved format (``.keras`` ``config.json``, the ``.h5``
``model_config``/``training_config`` attributes, a SavedModel's ``keras_metadata.pb``) and
live models (``model.get_config()``/``model.get_compile_config()``), so that a model gives
the same facts however it reaches headcheck. Only names and numbers are read: a layer or loss
headcheck does not know leaves the fact unknown, and nothing in the configuration is ever
turned back into code.

For each model output it follows the tensor back from the output layer through layers that
do not change what the numbers mean (dropout, noise, ``Identity``), past separate
``Activation``/``Softmax``/``ReLU`` layers, to the ``Dense`` layer that sets the units.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from headcheck._errors import UnknownNameError
from headcheck.catalogue import Activation, Loss
from headcheck.catalogue import activation as lookup_activation
from headcheck.catalogue import loss as lookup_loss
from headcheck.facts import HeadFacts, Location, MetricSpec

__all__ = [
    "Head",
    "ModelConfig",
    "describe_heads",
    "facts_from_config",
    "heads_of",
    "metric_spec",
    "target_of_version",
]

_TRANSPARENT: Final = frozenset(
    (
        "Dropout",
        "AlphaDropout",
        "GaussianDropout",
        "GaussianNoise",
        "SpatialDropout1D",
        "SpatialDropout2D",
        "SpatialDropout3D",
        "ActivityRegularization",
        "Identity",
        "Flatten",
    )
)
_ACTIVATION_LAYERS: Final = {
    "Softmax": "softmax",
    "ReLU": "relu",
    "LeakyReLU": "leaky_relu",
    "ELU": "elu",
}
_MODELS: Final = frozenset(("Sequential", "Functional", "Model"))
_METRIC_KWARGS: Final = ("threshold", "from_logits", "multi_label")
_ACCURACY_NAMES: Final = ("accuracy", "acc")


@dataclass(frozen=True)
class Head:
    """The last layers of one output: its name, units and final activation (``None``: unknown)."""

    output: str | None
    units: int | None
    activation: Activation | None
    layers: tuple[str, ...]  # the layers walked, output first ("dense_1 (Dense)")


@dataclass(frozen=True)
class ModelConfig:
    """What a saved or live Keras model says about itself, as plain data."""

    model: Mapping[str, Any]  # {"class_name": ..., "config": {...}}
    compile: Mapping[str, Any] | None  # loss / metrics / ... (compile_config or training_config)
    keras_version: str | None = None
    backend: str | None = None


def target_of_version(version: str | None) -> str:
    """The headcheck target of a Keras version string written into a saved model.

    >>> [target_of_version(v) for v in ("3.15.1", "2.21.0", "2.2.4-tf", "2.3.0-tf", "2.2.4")]
    ['keras3', 'tf.keras', 'keras2.3', 'tf.keras', 'keras2.2']
    """
    if not version:
        return "keras3"
    text = version.strip()
    tf_build = text.endswith("-tf")
    parts = [p for p in text.split("-")[0].split(".") if p.isdigit()]
    major = int(parts[0]) if parts else 3
    minor = int(parts[1]) if len(parts) > 1 else 0
    if major >= 3:
        return "keras3"
    if major < 2:
        return "keras2.2"
    if tf_build:
        # tf.keras in TF 2.0/2.1 wrote "2.2.4-tf" and resolved 'accuracy' with the loss
        return "keras2.3" if minor <= 2 else "tf.keras"
    if minor <= 2:
        return "keras2.2"
    if minor == 3:
        return "keras2.3"
    return "tf.keras"


def _activation_of(value: Any) -> Activation | None:
    """``'softmax'``, ``None``, or a serialised function ``{'class_name': 'function', ...}``."""
    if value is None:
        return lookup_activation("linear")
    if isinstance(value, Mapping):
        if value.get("class_name") == "function" and isinstance(value.get("config"), str):
            value = value["config"]
        else:
            return None  # a custom activation object: unknown
    if not isinstance(value, str):
        return None
    try:
        return lookup_activation(value)
    except UnknownNameError:
        return None


def _inbound(layer: Mapping[str, Any]) -> str | None:
    """The name of the single layer feeding ``layer`` (Keras 3 and Keras 2 node formats)."""
    nodes = layer.get("inbound_nodes") or []
    if len(nodes) != 1:
        return None
    node = nodes[0]
    if isinstance(node, Mapping):  # Keras 3: {"args": [tensor], "kwargs": {...}}
        args = node.get("args") or []
        if len(args) != 1 or not isinstance(args[0], Mapping):
            return None
        history = (args[0].get("config") or {}).get("keras_history")
        return str(history[0]) if history else None
    if isinstance(node, list) and len(node) == 1 and isinstance(node[0], list) and node[0]:
        return str(node[0][0])  # Keras 2: [[name, node_index, tensor_index, kwargs]]
    return None


def _output_names(config: Mapping[str, Any]) -> list[str]:
    outputs = config.get("output_layers") or []
    if outputs and isinstance(outputs[0], str):  # Keras 3, one output: ["name", 0, 0]
        return [outputs[0]]
    return [str(entry[0]) for entry in outputs if isinstance(entry, list) and entry]


def _walk(chain: list[Mapping[str, Any]]) -> tuple[int | None, Activation | None, list[str]]:
    """Units and final activation from layers ordered output first."""
    final: Activation | None = None
    seen: list[str] = []
    for layer in chain:
        cls = str(layer.get("class_name"))
        cfg = layer.get("config") or {}
        seen.append(f"{cfg.get('name', '?')} ({cls})")
        if cls in _TRANSPARENT:
            continue
        if cls in _ACTIVATION_LAYERS or cls == "Activation":
            act = (
                _activation_of(cfg.get("activation"))
                if cls == "Activation"
                else lookup_activation(_ACTIVATION_LAYERS[cls])
            )
            if act is None:
                return None, None, seen
            if final is None and act.name != "linear":
                final = act
            continue
        if cls == "Dense":
            units = cfg.get("units")
            own = _activation_of(cfg.get("activation"))
            if final is None:
                final = own
            elif own is None:
                return (units if isinstance(units, int) else None), None, seen
            return (units if isinstance(units, int) else None), final, seen
        return None, None, seen  # a layer headcheck does not read through: unknown head
    return None, None, seen


def heads_of(model: Mapping[str, Any]) -> list[Head]:
    """The head of every output of a serialised model (``{"class_name", "config"}``)."""
    cls = str(model.get("class_name"))
    config = model.get("config") or {}
    layers = config.get("layers")
    if not isinstance(layers, list) or not layers:
        return [Head(None, None, None, ())]  # subclassed model: no layer list to read
    if cls == "Sequential" or "output_layers" not in config:
        chain: list[Mapping[str, Any]] = []
        for layer in reversed(layers):
            if str(layer.get("class_name")) in _MODELS:
                inner = heads_of(layer)
                if len(inner) == 1 and not chain:
                    return inner
                break
            chain.append(layer)
            if str(layer.get("class_name")) not in _TRANSPARENT | {"Activation"} | set(
                _ACTIVATION_LAYERS
            ):
                break
        units, act, seen = _walk(chain)
        return [Head(None, units, act, tuple(seen))]
    by_name = {
        str(layer.get("name") or (layer.get("config") or {}).get("name")): layer for layer in layers
    }
    heads: list[Head] = []
    for name in _output_names(config):
        chain = []
        current: str | None = name
        while current is not None and current in by_name and len(chain) < 64:
            layer = by_name[current]
            if str(layer.get("class_name")) in _MODELS:
                inner = heads_of(layer)
                if not chain and len(inner) == 1:
                    chain = []
                    heads.append(Head(name, inner[0].units, inner[0].activation, inner[0].layers))
                break
            chain.append(layer)
            cls_name = str(layer.get("class_name"))
            if cls_name not in _TRANSPARENT | {"Activation"} | set(_ACTIVATION_LAYERS):
                break
            current = _inbound(layer)
        if chain:
            units, act, seen = _walk(chain)
            heads.append(Head(name, units, act, tuple(seen)))
    return heads or [Head(None, None, None, ())]


def _name_of(item: Any) -> tuple[str | None, Mapping[str, Any]]:
    """Name and config of a serialised loss or metric (string, function or class)."""
    if isinstance(item, str):
        return item, {}
    if isinstance(item, Mapping):
        cls = item.get("class_name")
        cfg = item.get("config")
        if cls == "function" and isinstance(cfg, str):
            return cfg, {}
        if isinstance(cls, str):
            return cls, cfg if isinstance(cfg, Mapping) else {}
    return None, {}


def _loss(item: Any) -> tuple[Loss | None, bool | None, float]:
    name, cfg = _name_of(item)
    if name is None:
        return None, None, 0.0
    if name == "LossFunctionWrapper" and isinstance(cfg.get("fn"), str):
        name = str(cfg["fn"])
    try:
        found = lookup_loss(name, framework="keras")
    except UnknownNameError:
        return None, None, 0.0
    smoothing = cfg.get("label_smoothing", 0.0)
    return (
        found,
        bool(cfg.get("from_logits", False)),
        float(smoothing) if isinstance(smoothing, int | float) else 0.0,
    )


def metric_spec(item: Any) -> MetricSpec | None:
    """A serialised metric as the user named it.

    A built ``'accuracy'`` (``MeanMetricWrapper(fn=binary_accuracy, name='accuracy')`` in
    tf-keras files, ``BinaryAccuracy(name='accuracy')`` in Keras 3) is kept as the identifier
    the user wrote, which the rules resolve for the target and the data.
    """
    name, cfg = _name_of(item)
    if name is None:
        return None
    own_name = cfg.get("name")
    if isinstance(own_name, str) and own_name.lower() in _ACCURACY_NAMES and name != "Accuracy":
        return MetricSpec(own_name)
    if name == "MeanMetricWrapper":
        fn = cfg.get("fn")
        return MetricSpec(str(fn)) if isinstance(fn, str) else None
    kwargs: list[tuple[str, Any]] = []
    for key in _METRIC_KWARGS:
        value = cfg.get(key)
        if key == "threshold" and isinstance(value, int | float) and float(value) != 0.5:
            kwargs.append((key, float(value)))
        elif key in ("from_logits", "multi_label") and value is True:
            kwargs.append((key, True))
    return MetricSpec(name, tuple(kwargs))


def _per_output(value: Any, index: int, name: str | None, outputs: int) -> Any:
    """The entry of a per-output loss/metric structure that belongs to one output."""
    if isinstance(value, Mapping) and "class_name" not in value:
        return value.get(name) if name is not None else None
    if isinstance(value, list) and outputs > 1 and len(value) == outputs:
        return value[index]
    return value


def _metrics(value: Any) -> tuple[MetricSpec, ...]:
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    # tf-keras .h5 files keep one list per output: [[...]]
    if len(items) == 1 and isinstance(items[0], list):
        items = items[0]
    specs = (metric_spec(item) for item in items if not isinstance(item, list))
    return tuple(spec for spec in specs if spec is not None)


def facts_from_config(
    config: ModelConfig,
    location: Location,
    *,
    target: str | None = None,
    backend: str | None = None,
) -> list[HeadFacts]:
    """One :class:`HeadFacts` per model output, every fact located at ``location``."""
    chosen = target or target_of_version(config.keras_version)
    chosen_backend = backend if backend is not None else config.backend
    if chosen != "keras3":
        chosen_backend = None
    heads = heads_of(config.model)
    compiled = config.compile or {}
    found: list[HeadFacts] = []
    for index, head in enumerate(heads):
        loss_item = _per_output(compiled.get("loss"), index, head.output, len(heads))
        loss, from_logits, smoothing = _loss(loss_item)
        metrics = _metrics(_per_output(compiled.get("metrics"), index, head.output, len(heads)))
        weighted = _metrics(
            _per_output(compiled.get("weighted_metrics"), index, head.output, len(heads))
        )
        keys = ["head", "units", "activation", "loss", "compile"]
        keys += [f"metric:{m.name}" for m in (*metrics, *weighted)]
        found.append(
            HeadFacts(
                framework="keras",
                units=head.units,
                activation=head.activation,
                loss=loss,
                loss_from_logits=from_logits if loss is not None else None,
                label_smoothing=smoothing,
                metrics=(*metrics, *weighted),
                target=chosen,
                backend=chosen_backend,
                locations=dict.fromkeys(keys, location),
            )
        )
    return found


def describe_heads(heads: Sequence[Head]) -> list[str]:
    """One line per head, for notes: ``'out: 3 units, softmax (out (Dense))'``."""
    lines = []
    for head in heads:
        act = head.activation.name if head.activation else "unknown activation"
        units = f"{head.units} units" if head.units is not None else "unknown units"
        lines.append(f"{head.output or 'output'}: {units}, {act} ({' <- '.join(head.layers)})")
    return lines
