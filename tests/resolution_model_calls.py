"""Oracle functions for ``test_resolution_models.py``: build, compile and evaluate tiny models.

Each function is module-level so that :class:`oracles.BackendWorker` can call it in a child
process. One function, :func:`evaluate_head`, serves every framework generation:

``tf_keras``
    tf-keras 2.21 (Keras 2), eager: ``'accuracy'`` is resolved by ``MetricsContainer`` from
    shapes (headcheck target ``tf.keras``).
``tf_keras_v1``
    tf-keras 2.21 after ``tf.compat.v1.disable_eager_execution()``: ``training_v1`` resolves
    ``'accuracy'`` with ``training_utils_v1.get_metric_function`` from the output width and the
    loss (headcheck target ``keras2.3``). Only call it in a process that runs nothing eager.
``keras3``
    Keras 3 on whatever backend ``KERAS_BACKEND`` selected when the process started.

The model is ``Input(units) -> Activation(activation)``, so its outputs are exactly
``activation(x)``: no weights, nothing random. Losses and metrics travel as picklable specs:
a string is passed to ``compile`` as is; ``{"class": name, "kwargs": {...}}`` becomes an instance
of the framework's class of that name; ``{"function": name}`` the framework's function object.
"""

from __future__ import annotations

import inspect
import os
from typing import Any

import numpy as np

__all__ = ["evaluate_head", "executing_eagerly", "framework_versions"]

_V1_READY = False

# The class names Keras builds, as headcheck's metric names.
_CLASS_NAMES = {
    "BinaryAccuracy": "binary_accuracy",
    "CategoricalAccuracy": "categorical_accuracy",
    "SparseCategoricalAccuracy": "sparse_categorical_accuracy",
    "TopKCategoricalAccuracy": "top_k_categorical_accuracy",
    "SparseTopKCategoricalAccuracy": "sparse_top_k_categorical_accuracy",
    "BinaryCrossentropy": "binary_crossentropy",
    "CategoricalCrossentropy": "categorical_crossentropy",
    "SparseCategoricalCrossentropy": "sparse_categorical_crossentropy",
    "Accuracy": "accuracy",
    "AUC": "auc",
}


def _keras_module(framework: str) -> Any:
    global _V1_READY
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    if framework == "tf_keras_v1":
        import tensorflow as tf

        if not _V1_READY:
            tf.compat.v1.disable_eager_execution()
            _V1_READY = True
        if tf.executing_eagerly():
            raise RuntimeError("the v1 graph path needs a process without eager execution")
    if framework in ("tf_keras", "tf_keras_v1"):
        import tf_keras

        if framework == "tf_keras" and _V1_READY:
            raise RuntimeError("this process runs the v1 graph path; tf_keras eager is elsewhere")
        return tf_keras
    if framework == "keras3":
        import keras

        return keras
    raise ValueError(f"unknown framework {framework!r}")


def _build(spec: Any, namespace: Any) -> Any:
    """A loss/metric spec as the object ``compile`` receives."""
    if isinstance(spec, dict):
        if "class" in spec:
            return getattr(namespace, spec["class"])(**spec.get("kwargs", {}))
        return getattr(namespace, spec["function"])
    return spec


def _describe_metric(metric: Any) -> dict[str, Any]:
    """What was built: headcheck's name for it, its class, function, logged name, threshold."""
    cls = type(metric).__name__
    fn = getattr(metric, "_fn", None)
    fn_name = getattr(fn, "__name__", None)
    name = fn_name if cls == "MeanMetricWrapper" else _CLASS_NAMES.get(cls, cls)
    threshold = None
    kwargs = getattr(metric, "_fn_kwargs", None) or {}
    if "threshold" in kwargs:
        threshold = float(kwargs["threshold"])
    elif fn is not None:
        parameter = inspect.signature(fn).parameters.get("threshold")
        if parameter is not None and parameter.default is not inspect.Parameter.empty:
            threshold = float(parameter.default)
    return {
        "name": name,
        "class": cls,
        "fn": fn_name,
        "logged": metric.name,
        "threshold": threshold,
    }


def _built_metrics(framework: str, model: Any) -> list[dict[str, Any]]:
    if framework == "tf_keras":
        built = model.compiled_metrics.metrics
    elif framework == "tf_keras_v1":
        built = model._compile_metric_functions
    else:
        built = model._compile_metrics.metrics if model._compile_metrics is not None else []
    return [_describe_metric(m) for m in built]


def _built_loss(framework: str, model: Any) -> str | None:
    """Keras 3: the function or class the compiled loss resolved to (e.g. for ``'ce'``)."""
    if framework != "keras3":
        return None
    found: list[str] = []

    def visit(item: Any) -> None:
        if isinstance(item, (list, tuple)):
            for sub in item:
                visit(sub)
            return
        fn = getattr(item, "fn", None)
        if type(item).__name__ == "LossFunctionWrapper" and fn is not None:
            found.append(fn.__name__)
        elif item is not None and hasattr(item, "call"):
            found.append(type(item).__name__)

    visit(model._compile_loss._flat_losses)
    return found[0] if found else None


def evaluate_head(
    framework: str,
    *,
    units: int,
    activation: str,
    loss: Any,
    metrics: list[Any],
    x: np.ndarray,
    y: np.ndarray,
) -> dict[str, Any]:
    """Compile ``Input(units) -> Activation(activation)`` and evaluate it on ``(x, y)``.

    Returns ``outputs`` (the model's outputs on ``x``), ``built`` (one dict per metric the
    framework actually built, see :func:`_describe_metric`), ``logs`` (the evaluate result by
    the names Keras logs), ``loss_fn`` (Keras 3's resolved loss) and ``error`` (the framework's
    ``(exception class, message)`` when compile or evaluate raised, else ``None``).
    """
    k = _keras_module(framework)
    k.backend.clear_session()
    inputs = k.Input((units,))
    model = k.Model(inputs, k.layers.Activation(activation)(inputs))
    x = np.asarray(x, dtype=np.float32)
    if framework == "tf_keras_v1":
        outputs = np.asarray(model.predict(x, batch_size=len(x), verbose=0))
    else:
        outputs = np.asarray(
            k.ops.convert_to_numpy(model(x)) if framework == "keras3" else model(x)
        )
    result: dict[str, Any] = {
        "outputs": outputs,
        "built": [],
        "logs": {},
        "loss_fn": None,
        "error": None,
    }
    try:
        model.compile(
            loss=_build(loss, k.losses),
            metrics=[_build(m, k.metrics) for m in metrics],
            **({"jit_compile": False} if framework == "keras3" else {}),
        )
        if framework == "tf_keras_v1":
            values = model.evaluate(x, y, batch_size=len(x), verbose=0)
            logs = dict(zip(model.metrics_names, np.atleast_1d(values), strict=True))
        else:
            logs = model.evaluate(x, y, batch_size=len(x), verbose=0, return_dict=True)
    except Exception as exc:  # the framework's own error is the result
        result["error"] = (type(exc).__name__, str(exc))
        return result
    result["logs"] = {key: float(value) for key, value in logs.items()}
    result["built"] = _built_metrics(framework, model)
    result["loss_fn"] = _built_loss(framework, model)
    return result


def framework_versions(framework: str) -> str:
    """The version of the framework this process runs (and the Keras 3 backend)."""
    k = _keras_module(framework)
    backend = k.backend.backend() if framework == "keras3" else "tensorflow"
    return f"{k.__version__} ({backend})"


def executing_eagerly(framework: str) -> bool:
    """Whether TensorFlow executes eagerly in this process (False on the v1 graph path)."""
    _keras_module(framework)
    import tensorflow as tf

    return bool(tf.executing_eagerly())
