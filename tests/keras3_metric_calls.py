"""Oracle calls into a real Keras: ``keras`` (Keras 3) or ``tf_keras`` (Keras 2).

Module-level functions so that the ``keras3_torch`` worker can run them too (there ``keras`` is
Keras 3 on torch; in the test process it is Keras 3 on TensorFlow). Arguments and results are
plain NumPy arrays, floats, lists and dicts.
"""

from __future__ import annotations

import importlib
from typing import Any

import numpy as np


def _keras(library: str) -> Any:
    return importlib.import_module(library)


def metric_result(
    library: str,
    class_name: str,
    y_true: Any,
    y_pred: Any,
    sample_weight: Any = None,
    **config: Any,
) -> float:
    """``keras.metrics.<class_name>(**config)``, one ``update_state``, ``float(result())``."""
    metric = getattr(_keras(library).metrics, class_name)(**config)
    metric.update_state(y_true, y_pred, sample_weight=sample_weight)
    return float(np.asarray(metric.result()))


def metric_after_batches(
    library: str, class_name: str, batches: list[tuple[Any, Any, Any]], **config: Any
) -> list[float]:
    """The metric's result after each ``update_state(y_true, y_pred, sample_weight)``."""
    metric = getattr(_keras(library).metrics, class_name)(**config)
    results = []
    for y_true, y_pred, sample_weight in batches:
        metric.update_state(y_true, y_pred, sample_weight=sample_weight)
        results.append(float(np.asarray(metric.result())))
    return results


def fit_one_epoch(
    library: str, x: Any, y: Any, batch_size: int, kernel: float, bias: float
) -> dict[str, Any]:
    """Fit ``Dense(1, sigmoid)`` with learning rate 0 for one epoch; return what Keras logs.

    ``history`` is ``History.history`` (epoch values); ``batches`` the logs after each batch.
    """
    keras = _keras(library)
    model = keras.Sequential(
        [
            keras.Input(shape=(x.shape[1],)),
            keras.layers.Dense(
                1,
                activation="sigmoid",
                kernel_initializer=keras.initializers.Constant(kernel),
                bias_initializer=keras.initializers.Constant(bias),
            ),
        ]
    )
    model.compile(
        optimizer=keras.optimizers.SGD(learning_rate=0.0),
        loss="binary_crossentropy",
        metrics=["accuracy"],
    )
    logged: list[dict[str, float]] = []

    class Record(keras.callbacks.Callback):
        def on_train_batch_end(self, batch: int, logs: dict[str, Any] | None = None) -> None:
            logged.append({key: float(value) for key, value in (logs or {}).items()})

    history = model.fit(
        x, y, batch_size=batch_size, epochs=1, shuffle=False, verbose=0, callbacks=[Record()]
    )
    predictions = np.asarray(model.predict(x, batch_size=batch_size, verbose=0))
    losses = [
        float(
            np.mean(
                np.asarray(
                    keras.losses.binary_crossentropy(
                        y[i : i + batch_size], predictions[i : i + batch_size]
                    )
                )
            )
        )
        for i in range(0, len(x), batch_size)
    ]
    epoch = {key: float(values[-1]) for key, values in history.history.items()}
    return {"history": epoch, "batches": logged, "batch_losses": losses}


def auc_compared_per_threshold(
    library: str, y_true: Any, y_pred: Any, sample_weight: Any = None, **config: Any
) -> float:
    """``AUC`` forced onto its threshold-by-threshold path (no clipping, no bucketing).

    That path is the one Keras 2.3.1 always took (``metrics_utils.update_confusion_matrix_
    variables`` without the optimised branch), so it is the oracle for target ``keras2.3``.
    """
    metric = _keras(library).metrics.AUC(**config)
    metric._thresholds_distributed_evenly = False
    metric.update_state(y_true, y_pred, sample_weight=sample_weight)
    return float(np.asarray(metric.result()))
