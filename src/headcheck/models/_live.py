"""``headcheck.check(model, x, y)``: a live Keras model (Keras 3 on any backend, or tf-keras).

Only public attributes are read: ``model.get_config()`` and ``model.get_compile_config()``
(the same data a saved model holds, so a live model and its saved file give the same facts),
``model.metrics`` for the metric objects the framework built, ``model.name``. With ``x`` and
``y``, one forward pass on the first ``rows`` rows (``model(x, training=False)``: no weight
or statistics update) gives the output range, row sums and constant columns, and the labels
give their encoding.

Side effect, documented: Keras builds its compiled metrics at the first batch. When they are
not built yet and ``y`` is given, ``check`` builds them as the first batch would, with
``model.compute_metrics`` on the same rows, and then resets every metric's state
(``reset_state()``), so that the next ``fit``/``evaluate`` starts from zero as it always does.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import numpy as np

from headcheck._errors import HeadcheckError, InputError
from headcheck.facts import HeadFacts, Location
from headcheck.findings import Finding
from headcheck.models._config import ModelConfig, describe_heads, facts_from_config, heads_of
from headcheck.models._evidence import array_findings, merge_findings, with_data
from headcheck.models._result import CheckResult
from headcheck.profiles import LabelsProfile, OutputsProfile, profile_labels, profile_outputs
from headcheck.rules import check_facts
from headcheck.rules._phrases import resolved_accuracy
from headcheck.semantics._arrays import as_float_array

__all__ = ["built_metrics", "check", "keras_flavour", "live_facts"]

_ROWS = 32


def keras_flavour(model: Any) -> tuple[str, str | None]:
    """``('keras3', backend)`` or ``('tf.keras', None)`` from the model's class hierarchy."""
    modules = [cls.__module__ for cls in type(model).__mro__]
    if any(
        m.startswith(("tf_keras", "tensorflow.python.keras", "keras.src.engine")) for m in modules
    ):
        return "tf.keras", None
    if any(m.startswith("keras") for m in modules):
        keras = sys.modules.get("keras")
        backend = None
        if keras is not None:
            try:
                backend = str(keras.backend.backend())
            except Exception:  # pragma: no cover - an exotic keras install
                backend = None
        return "keras3", backend
    raise InputError(
        f"{type(model).__name__} is not a Keras model; for a torch.nn.Module use "
        "headcheck.torch.check(model, loss_fn, batch)"
    )


def _serialised(item: Any) -> Any:
    """A loss/metric object as the data ``get_compile_config`` would give."""
    if item is None or isinstance(item, str | list | dict | tuple):
        return item
    get_config = getattr(item, "get_config", None)
    if callable(get_config):
        try:
            return {"class_name": type(item).__name__, "config": get_config()}
        except Exception:
            return None
    name = getattr(item, "__name__", None)
    return {"class_name": "function", "config": name} if isinstance(name, str) else None


def _compile_config(model: Any) -> dict[str, Any] | None:
    getter = getattr(model, "get_compile_config", None)
    if callable(getter):
        try:
            config = getter()
        except Exception:
            config = None
        if isinstance(config, dict) and config:
            return config
    loss = getattr(model, "loss", None)
    if loss is None:
        return None
    return {"loss": _serialised(loss)}


def _model_config(model: Any) -> dict[str, Any]:
    try:
        config = model.get_config()
    except Exception:
        config = None
    if not isinstance(config, dict):
        config = {}
    return {"class_name": type(model).__name__, "config": config}


def live_facts(model: Any, location: Location | None = None) -> list[HeadFacts]:
    """The facts of every output of a live Keras model, from its public configuration."""
    target, backend = keras_flavour(model)
    config = ModelConfig(_model_config(model), _compile_config(model))
    where = location or Location(f"<model {getattr(model, 'name', type(model).__name__)}>")
    return facts_from_config(config, where, target=target, backend=backend)


def _metric_objects(model: Any) -> list[Any]:
    found: list[Any] = []
    for metric in list(getattr(model, "metrics", []) or []):
        inner = getattr(metric, "metrics", None)
        if isinstance(inner, list | tuple) and metric is not model:
            found.extend(inner)
        else:
            found.append(metric)
    return found


def _describe_metric(metric: Any) -> str:
    name = getattr(metric, "name", "?")
    cls = type(metric).__name__
    detail = ""
    try:
        config = metric.get_config()
    except Exception:
        config = {}
    if isinstance(config, dict):
        if isinstance(config.get("fn"), str):
            cls = str(config["fn"])
        if isinstance(config.get("threshold"), int | float):
            detail = f", threshold {float(config['threshold']):g}"
        if config.get("from_logits") is True:
            detail += ", from_logits"
    return f"{name}: {cls}{detail}"


def built_metrics(model: Any) -> list[str]:
    """The compiled metric objects the framework built (empty before the first batch):
    ``['accuracy: BinaryAccuracy, threshold 0.5']``; the loss tracker is left out."""
    return [
        _describe_metric(m)
        for m in _metric_objects(model)
        if getattr(m, "name", None) not in ("loss",) and type(m).__name__ != "Mean"
    ]


def _to_numpy(value: Any) -> np.ndarray[Any, Any]:
    if hasattr(value, "detach"):  # torch tensors (Keras 3 torch backend)
        value = value.detach().cpu().numpy()
    elif hasattr(value, "numpy"):
        value = value.numpy()
    return np.asarray(value)


def _take(data: Any, rows: int) -> Any:
    if isinstance(data, dict):
        return {k: _take(v, rows) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return type(data)(_take(v, rows) for v in data)
    return data[:rows]


def _build_metrics(model: Any, x: Any, y: Any, y_pred: Any) -> list[str]:
    """Build the compiled metrics as the first batch would, then reset their state."""
    notes: list[str] = []
    if built_metrics(model):
        return notes
    compute = getattr(model, "compute_metrics", None)
    if not callable(compute):
        return notes
    try:
        compute(x, y, y_pred, None)
    except Exception as exc:  # the framework's own complaint about these labels
        notes.append(
            f"Keras could not score these labels with the compiled metrics: "
            f"{type(exc).__name__}: {str(exc).splitlines()[0][:300]}"
        )
    for metric in _metric_objects(model):
        reset = getattr(metric, "reset_state", None)
        if callable(reset):
            reset()
    return notes


def _profiles(
    y_pred: Any, y: Any, notes: list[str]
) -> tuple[OutputsProfile | None, LabelsProfile | None]:
    outputs = labels = None
    try:
        predicted = as_float_array(_to_numpy(y_pred), "outputs")
        if predicted.ndim > 2:
            notes.append(f"outputs of shape {predicted.shape} are not profiled (2-D only)")
        elif predicted.size:
            outputs = profile_outputs(predicted)
    except HeadcheckError as exc:
        notes.append(f"outputs not profiled: {exc}")
    if y is not None:
        try:
            labels = profile_labels(as_float_array(_to_numpy(y), "labels"))
        except HeadcheckError as exc:
            notes.append(f"labels not profiled: {exc}")
    return outputs, labels


def judge(
    facts: HeadFacts,
    outputs: OutputsProfile | None,
    labels: LabelsProfile | None,
) -> tuple[HeadFacts, list[Finding]]:
    """Rules on the facts completed with the data, then what the outputs prove on top."""
    completed = with_data(facts, outputs, labels)
    found = list(check_facts(completed))
    if outputs is not None:
        found = merge_findings(found, array_findings(completed, outputs))
    return completed, found


def _fidelity(facts: HeadFacts, built: Sequence[str]) -> list[str]:
    """Say so when the framework built another accuracy than headcheck resolves."""
    notes: list[str] = []
    for metric in facts.metrics:
        if not metric.is_bare_accuracy:
            continue
        resolved = resolved_accuracy(facts, metric)
        for line in built:
            name, _, what = line.partition(": ")
            if name != metric.name or resolved is None:
                continue
            got = what.split(",")[0].replace("_", "").lower()
            if got != resolved.name.replace("_", "").lower():
                notes.append(
                    f"{metric.name!r}: headcheck resolves {resolved.name}, the framework built "
                    f"{what.split(',')[0]}"
                )
    return notes


def check(model: Any, x: Any = None, y: Any = None, *, rows: int = _ROWS) -> CheckResult:
    """Check a live Keras model; with ``x`` (and ``y``), also one forward pass on ``rows`` rows.

    Findings carry the same codes and messages as ``headcheck lint``. See the module
    documentation for the one side effect (metric objects built, then reset).
    """
    target, backend = keras_flavour(model)
    name = getattr(model, "name", type(model).__name__)
    location = Location(f"<model {name}>")
    heads = live_facts(model, location)
    notes: list[str] = []
    shown = heads_of(_model_config(model))
    notes.extend(f"head {line}" for line in describe_heads(shown) if "unknown" in line)
    outputs = labels = None
    built: list[str] = []
    if x is not None:
        xs = _take(x, rows)
        y_pred = model(xs, training=False)
        if isinstance(y_pred, list | tuple | dict):
            notes.append("a model with several outputs: the data were not profiled")
            y_pred = None
        ys = _take(y, rows) if y is not None else None
        if y_pred is not None:
            outputs, labels = _profiles(y_pred, ys, notes)
            if ys is not None and _compile_config(model) is not None:
                notes.extend(_build_metrics(model, xs, ys, y_pred))
    built = built_metrics(model)
    findings: list[Finding] = []
    completed_all: list[HeadFacts] = []
    for facts in heads:
        use_data = len(heads) == 1
        completed, found = judge(facts, outputs if use_data else None, labels if use_data else None)
        completed_all.append(completed)
        findings.extend(f for f in found if f not in findings)
        notes.extend(_fidelity(completed, built))
    from headcheck.targets import describe_target

    subject = f"model {name!r} ({describe_target(target, backend)})"
    return CheckResult(
        subject,
        tuple(findings),
        tuple(completed_all),
        outputs,
        labels,
        tuple(built),
        tuple(notes),
    )
