"""Real Keras models for the saved/live model tests: one description, built by Keras 3 (in
process on TensorFlow, or in the torch-backend worker) and by tf-keras, saved as ``.keras`` and
``.h5``, and written as the equivalent source code for the linter.

Every function here is module-level and takes/returns plain data, so that
``keras3_torch.call`` can run it in the child process.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import numpy as np

# name: (layers, loss, metrics, expected codes). A layer is ("dense", units, activation) or
# ("act", name) / ("softmax",); a loss is a string or (class, kwargs); a metric a string or
# (class, kwargs).
CASES: dict[str, tuple[list[tuple[Any, ...]], Any, list[Any], list[str]]] = {
    "hc101_dense1_softmax": (
        [("dense", 1, "softmax")],
        "binary_crossentropy",
        ["accuracy"],
        ["HC101"],
    ),
    "hc101_activation_layer": (
        [("dense", 1, None), ("act", "softmax")],
        "binary_crossentropy",
        [],
        ["HC101"],
    ),
    "hc102_softmax_bce": ([("dense", 3, "softmax")], "binary_crossentropy", [], ["HC102"]),
    "hc103_logits_cce": ([("dense", 3, None)], "categorical_crossentropy", [], ["HC103"]),
    "hc104_softmax_layer_from_logits": (
        [("dense", 3, None), ("softmax",)],
        ("CategoricalCrossentropy", {"from_logits": True}),
        [],
        ["HC104"],
    ),
    "hc104_sigmoid_from_logits": (
        [("dense", 1, "sigmoid")],
        ("BinaryCrossentropy", {"from_logits": True}),
        [],
        ["HC104"],
    ),
    "hc106_relu_bce": ([("dense", 1, "relu")], "binary_crossentropy", [], ["HC106"]),
    "hc301_multilabel_accuracy": (
        [("dense", 5, "sigmoid")],
        "binary_crossentropy",
        ["accuracy"],
        ["HC301"],
    ),
    "hc302_hc307_logits_metrics": (
        [("dense", 1, None)],
        ("BinaryCrossentropy", {"from_logits": True}),
        ["accuracy", ("AUC", {})],
        ["HC302", "HC307"],
    ),
    "hc304_regression_accuracy": ([("dense", 1, None)], "mse", ["accuracy"], ["HC304"]),
    # correct counterparts: no finding from any source
    "ok_sigmoid_bce": ([("dense", 1, "sigmoid")], "binary_crossentropy", ["accuracy"], []),
    "ok_softmax_sparse": (
        [("dense", 3, None), ("act", "softmax")],
        "sparse_categorical_crossentropy",
        ["accuracy"],
        [],
    ),
    "ok_logits_from_logits": (
        [("dense", 1, None)],
        ("BinaryCrossentropy", {"from_logits": True}),
        [("BinaryAccuracy", {"threshold": 0.0}), ("AUC", {"from_logits": True})],
        [],
    ),
    "ok_multiclass_logits": (
        [("dense", 3, None)],
        ("SparseCategoricalCrossentropy", {"from_logits": True}),
        ["accuracy"],
        [],
    ),
    "ok_regression": ([("dense", 1, None)], "mse", ["mae"], []),
}


def _layers(keras: Any, spec: list[tuple[Any, ...]]) -> list[Any]:
    built: list[Any] = [keras.Input((4,))]
    for item in spec:
        if item[0] == "dense":
            built.append(keras.layers.Dense(item[1], activation=item[2]))
        elif item[0] == "act":
            built.append(keras.layers.Activation(item[1]))
        elif item[0] == "softmax":
            built.append(keras.layers.Softmax())
    return built


def _object(keras_module: Any, item: Any) -> Any:
    if isinstance(item, str):
        return item
    name, kwargs = item
    return getattr(keras_module, name)(**kwargs)


def build(keras: Any, name: str, *, functional: bool = False) -> Any:
    """The model of case ``name`` in ``keras`` (Keras 3 or tf-keras), compiled."""
    layers, loss, metrics, _ = CASES[name]
    parts = _layers(keras, layers)
    if functional:
        tensor = parts[0]
        for layer in parts[1:]:
            tensor = layer(tensor)
        model = keras.Model(parts[0], tensor)
    else:
        model = keras.Sequential(parts)
    model.compile(
        optimizer="sgd",
        loss=_object(keras.losses, loss),
        metrics=[_object(keras.metrics, m) for m in metrics],
    )
    return model


def source(name: str, module: str = "keras") -> str:
    """The same model as code, for the linter (``module``: ``keras`` or ``tf_keras``)."""
    layers, loss, metrics, _ = CASES[name]
    code = [f"import {module} as keras" if module != "keras" else "import keras", ""]
    parts = ["keras.Input((4,))"]
    for item in layers:
        if item[0] == "dense":
            act = f", activation={item[2]!r}" if item[2] else ""
            parts.append(f"keras.layers.Dense({item[1]}{act})")
        elif item[0] == "act":
            parts.append(f"keras.layers.Activation({item[1]!r})")
        else:
            parts.append("keras.layers.Softmax()")

    def call(prefix: str, item: Any) -> str:
        if isinstance(item, str):
            return repr(item)
        args = ", ".join(f"{k}={v!r}" for k, v in item[1].items())
        return f"{prefix}.{item[0]}({args})"

    code.append(f"model = keras.Sequential([{', '.join(parts)}])")
    metric_text = ", ".join(call("keras.metrics", m) for m in metrics)
    code.append(
        f"model.compile(optimizer='sgd', loss={call('keras.losses', loss)}, "
        f"metrics=[{metric_text}])"
    )
    return "\n".join(code) + "\n"


def file_and_live_codes(name: str, folder: str, *, functional: bool = False) -> dict[str, Any]:
    """Build case ``name`` with Keras 3 (this process's backend), save it as .keras and .h5,
    and return the codes headcheck finds in each file and in the live model."""
    import keras

    from headcheck.models import check, lint_model

    warnings.simplefilter("ignore")
    model = build(keras, name, functional=functional)
    base = Path(folder) / f"{name}_{keras.backend.backend()}{'_f' if functional else ''}"
    model.save(f"{base}.keras")
    model.save(f"{base}.h5")
    return {
        "backend": keras.backend.backend(),
        "keras": [f.code for f in lint_model(Path(f"{base}.keras"), "m.keras").findings],
        "h5": [f.code for f in lint_model(Path(f"{base}.h5"), "m.h5").findings],
        "live": sorted(check(model).codes),
    }


def data_codes(name: str, labels: list[Any], rows: int = 8) -> dict[str, Any]:
    """``headcheck.check(model, x, y)`` on a Keras 3 model of case ``name`` (this process's
    backend) with the given labels: the codes, the built metrics and the notes."""
    import keras

    from headcheck.models import check

    warnings.simplefilter("ignore")
    model = build(keras, name)
    x = np.random.default_rng(0).normal(size=(len(labels), 4)).astype("float32")
    y = np.asarray(labels, dtype="float32")
    result = check(model, x, y, rows=rows)
    return {
        "codes": sorted(result.codes),
        "built": list(result.built_metrics),
        "outputs": result.outputs.kind if result.outputs else None,
    }


def fit_with_callback(name: str, strict: bool, epochs: int = 3) -> dict[str, Any]:
    """``model.fit`` with :class:`headcheck.keras.HeadCheck` on this process's Keras 3."""
    import keras

    from headcheck.keras import HeadCheck

    warnings.simplefilter("ignore")
    model = build(keras, name)
    x = np.random.default_rng(1).normal(size=(16, 4)).astype("float32")
    y = (x[:, :1] > 0).astype("float32")
    callback = HeadCheck(strict=strict, verbose=False)
    history = model.fit(x, y, epochs=epochs, batch_size=8, verbose=0, callbacks=[callback])
    assert callback.result is not None
    return {
        "codes": callback.result.codes,
        "stopped": callback.stopped,
        "epochs_run": len(history.history["loss"]),
        "built": list(callback.result.built_metrics),
    }
