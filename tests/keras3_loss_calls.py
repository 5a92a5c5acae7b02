"""Keras 3 loss objects as oracles: called in-process (TensorFlow backend) and, through
``keras3_torch.call``, in the torch-backend worker. Each returns a plain dict so that both
report the same way: the loss value or the framework's error, the warnings, and the
``y_pred`` the framework actually saw (an activation's output is computed by the framework).
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

CLASSES = {
    "binary_crossentropy": "BinaryCrossentropy",
    "categorical_crossentropy": "CategoricalCrossentropy",
    "sparse_categorical_crossentropy": "SparseCategoricalCrossentropy",
}


def keras3_loss(
    name: str,
    y_true: Any,
    y_pred: Any,
    *,
    from_logits: bool = False,
    label_smoothing: float = 0.0,
    sample_weight: Any = None,
    reduction: str = "sum_over_batch_size",
    logits: Any = None,
    activation: str | None = None,
) -> dict[str, Any]:
    """``keras.losses.<Class>(...)(y_true, y_pred, sample_weight)`` on float32 inputs.

    With ``logits``, ``y_pred`` is ``keras.activations.<activation>(logits)``: a tensor that
    carries its logits on the TensorFlow backend, as a layer's output does.
    """
    import keras

    kwargs: dict[str, Any] = {"from_logits": from_logits, "reduction": reduction}
    if name != "sparse_categorical_crossentropy":
        kwargs["label_smoothing"] = label_smoothing
    loss = getattr(keras.losses, CLASSES[name])(**kwargs)
    if logits is not None:
        tensor = keras.ops.convert_to_tensor(np.asarray(logits, dtype=np.float32))
        prediction = getattr(keras.activations, activation or "sigmoid")(tensor)
    else:
        prediction = np.asarray(y_pred, dtype=np.float32)
    y_true = np.asarray(y_true)  # a list would be read as a structure of several targets
    if sample_weight is not None:
        sample_weight = np.asarray(sample_weight, dtype=np.float32)
    result: dict[str, Any] = {"backend": keras.backend.backend()}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            value = loss(y_true, prediction, sample_weight=sample_weight)
            result["value"] = np.asarray(keras.ops.convert_to_numpy(value))
        except Exception as exc:  # the framework's error is the oracle's answer
            result["error"] = (type(exc).__name__, str(exc))
    result["warnings"] = [str(w.message) for w in caught if "from_logits" in str(w.message)]
    result["y_pred"] = np.asarray(keras.ops.convert_to_numpy(prediction))
    return result


def keras3_evaluate(
    units: int, activation: str, loss_name: str, from_logits: bool, x: Any, y: Any
) -> float:
    """``model.evaluate`` of ``Dense(units, activation)`` with identity kernel, zero bias.

    The model's pre-activation outputs are ``x`` itself, so the logits are known exactly.
    """
    import keras

    x = np.asarray(x, dtype=np.float32)
    inputs = keras.Input(shape=(x.shape[1],))
    dense = keras.layers.Dense(
        units,
        activation=activation,
        kernel_initializer=keras.initializers.Identity(),
        bias_initializer="zeros",
    )
    model = keras.Model(inputs, dense(inputs))
    loss = getattr(keras.losses, CLASSES[loss_name])(from_logits=from_logits)
    model.compile(loss=loss)
    return float(model.evaluate(x, np.asarray(y), batch_size=len(x), verbose=0))
