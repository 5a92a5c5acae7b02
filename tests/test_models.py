"""Saved models, live Keras models and the Keras callback: the same findings as the code.

Real models (Keras 3 on TensorFlow in process, Keras 3 on torch in the worker, tf-keras),
saved as ``.keras`` and ``.h5``; the equivalent source goes through the linter.
"""

from __future__ import annotations

import json
import pickle
import warnings
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import model_cases
from headcheck.cli import main
from headcheck.lint import lint_text
from headcheck.models import check, lint_model, model_facts
from oracles import BackendWorker

pytestmark = pytest.mark.oracle

CASES = sorted(model_cases.CASES)


def expected(name: str) -> list[str]:
    return sorted(model_cases.CASES[name][3])


def code_codes(name: str, module: str = "keras") -> list[str]:
    return sorted({f.code for f in lint_text(model_cases.source(name, module)).findings})


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("models")


@pytest.mark.parametrize("name", CASES)
def test_keras3_tensorflow_file_live_and_code_agree(name: str, folder: Path) -> None:
    got = model_cases.file_and_live_codes(name, str(folder))
    assert got["backend"] == "tensorflow"
    assert sorted(got["keras"]) == expected(name)
    assert sorted(got["h5"]) == expected(name)
    assert got["live"] == expected(name)
    assert code_codes(name) == expected(name)


@pytest.mark.parametrize(
    "name", ["hc101_activation_layer", "hc104_softmax_layer_from_logits", "ok_softmax_sparse"]
)
def test_functional_models_read_through_activation_layers(name: str, folder: Path) -> None:
    got = model_cases.file_and_live_codes(name, str(folder), functional=True)
    assert sorted(got["keras"]) == sorted(got["h5"]) == got["live"] == expected(name)


@pytest.mark.parametrize(
    "name",
    [
        "hc101_dense1_softmax",
        "hc103_logits_cce",
        "hc104_sigmoid_from_logits",
        "hc302_hc307_logits_metrics",
        "ok_logits_from_logits",
        "ok_softmax_sparse",
    ],
)
def test_keras3_torch_backend_agrees(name: str, folder: Path, keras3_torch: BackendWorker) -> None:
    got = keras3_torch.call(model_cases.file_and_live_codes, name, str(folder))
    assert got["backend"] == "torch"
    assert sorted(got["keras"]) == sorted(got["h5"]) == got["live"] == expected(name)


@pytest.fixture(scope="module")
def tf_keras() -> Any:
    import tf_keras

    return tf_keras


@pytest.mark.parametrize("name", CASES)
def test_tf_keras_file_live_and_code_agree(name: str, folder: Path, tf_keras: Any) -> None:
    warnings.simplefilter("ignore")
    model = model_cases.build(tf_keras, name)
    base = folder / f"{name}_tfkeras"
    model.save(f"{base}.h5")
    model.save(f"{base}.keras")
    for path in (Path(f"{base}.h5"), Path(f"{base}.keras")):
        facts = model_facts(path)
        assert {f.target for f in facts} == {"tf.keras"}
        assert sorted(f.code for f in lint_model(path, path.name).findings) == expected(name)
    assert sorted(check(model).codes) == expected(name)
    assert code_codes(name, "tf_keras") == expected(name)


def test_tf_keras_saved_model_folder(folder: Path, tf_keras: Any) -> None:
    model = model_cases.build(tf_keras, "hc101_dense1_softmax")
    target = folder / "saved_model_dir"
    model.save(str(target), save_format="tf")
    assert (target / "keras_metadata.pb").is_file()
    assert [f.code for f in lint_model(target, "saved_model_dir").findings] == ["HC101"]


def test_saved_model_without_keras_metadata_says_so(tmp_path: Path) -> None:
    (tmp_path / "saved_model.pb").write_bytes(b"\x08\x01")
    result = lint_model(tmp_path, "exported")
    assert [f.code for f in result.findings] == ["HC000"]
    assert "no Keras metadata (keras_metadata.pb)" in result.findings[0].message
    assert not result.parsed


# -- data: one forward pass on a few rows -----------------------------------------------------

ONE_HOT = np.eye(3)[[0, 1, 2, 0, 1, 2, 0, 1]].tolist()
SPARSE = [0, 1, 2, 0, 1, 2, 0, 1]


@pytest.mark.parametrize(
    ("name", "labels", "codes"),
    [
        ("ok_multiclass_logits", ONE_HOT, ["HC202"]),  # one-hot against a sparse loss
        ("ok_multiclass_logits", SPARSE, []),
        ("ok_softmax_sparse", [0, 1, 2, 3, 4, 1, 0, 2], ["HC108"]),  # 5 classes, 3 units
        ("hc102_softmax_bce", [[1, 1, 0], [0, 1, 1]] * 4, ["HC107"]),  # multi-hot, softmax
        ("ok_regression", SPARSE, ["HC109"]),  # class labels trained with mse
        ("ok_sigmoid_bce", [[0], [1]] * 4, []),
    ],
)
def test_live_check_with_data(name: str, labels: list[Any], codes: list[str]) -> None:
    got = model_cases.data_codes(name, labels)
    assert got["codes"] == codes


def test_live_check_builds_the_metrics_keras_builds() -> None:
    got = model_cases.data_codes("ok_softmax_sparse", SPARSE)
    assert got["built"] == ["accuracy: SparseCategoricalAccuracy"]
    assert got["outputs"] == "distribution"


def test_live_check_on_torch_backend(keras3_torch: BackendWorker) -> None:
    got = keras3_torch.call(model_cases.data_codes, "ok_multiclass_logits", ONE_HOT)
    assert got["codes"] == ["HC202"]
    assert got["built"] == ["accuracy: CategoricalAccuracy"]


def test_result_prints_as_text_and_html() -> None:
    import keras

    model = model_cases.build(keras, "hc101_dense1_softmax")
    result = check(model)
    assert result.codes == ["HC101"] and not result.ok and len(result.errors) == 1
    text = str(result)
    assert "HC101 softmax-single-unit [error]" in text and text.endswith("Found 1 finding.\n")
    html = result._repr_html_()
    assert "<td><code>HC101</code></td>" in html and "<table>" in html
    assert "passed" in check(model_cases.build(keras, "ok_sigmoid_bce"))._repr_html_()


def test_check_rejects_a_torch_module() -> None:
    import torch

    from headcheck import InputError

    with pytest.raises(InputError, match=r"headcheck\.torch\.check"):
        check(torch.nn.Linear(2, 2))


# -- the callback -----------------------------------------------------------------------------


def test_callback_strict_stops_training() -> None:
    got = model_cases.fit_with_callback("hc101_dense1_softmax", strict=True, epochs=5)
    assert got["stopped"] is True
    assert got["codes"] == ["HC101"]
    assert got["epochs_run"] == 1


def test_callback_not_strict_reports_once_and_trains(capsys: pytest.CaptureFixture[str]) -> None:
    import keras

    from headcheck.keras import HeadCheck

    model = model_cases.build(keras, "hc101_dense1_softmax")
    x = np.random.default_rng(1).normal(size=(16, 4)).astype("float32")
    y = (x[:, :1] > 0).astype("float32")
    callback = HeadCheck()
    history = model.fit(x, y, epochs=3, batch_size=4, verbose=0, callbacks=[callback])
    out = capsys.readouterr().out
    assert out.count("headcheck: model") == 1
    assert "HC101" in out
    assert len(history.history["loss"]) == 3 and not callback.stopped
    assert callback.result is not None
    assert callback.result.built_metrics == ("accuracy: BinaryAccuracy, threshold 0.5",)


def test_callback_on_torch_backend(keras3_torch: BackendWorker) -> None:
    got = keras3_torch.call(model_cases.fit_with_callback, "hc101_dense1_softmax", True, 4)
    assert (got["stopped"], got["epochs_run"], got["codes"]) == (True, 1, ["HC101"])
    ok = keras3_torch.call(model_cases.fit_with_callback, "ok_sigmoid_bce", True, 2)
    assert (ok["stopped"], ok["epochs_run"], ok["codes"]) == (False, 2, [])


def test_callback_with_tf_keras(tf_keras: Any) -> None:
    from headcheck.keras import HeadCheck

    model = model_cases.build(tf_keras, "hc104_sigmoid_from_logits")
    x = np.random.default_rng(2).normal(size=(8, 4)).astype("float32")
    y = (x[:, :1] > 0).astype("float32")
    callback = HeadCheck(strict=True, verbose=False)
    history = model.fit(x, y, epochs=2, verbose=0, callbacks=[callback])
    assert callback.result is not None and callback.result.codes == ["HC104"]
    # tf-keras recovers the logits, so HC104 is a warning there: strict does not stop
    assert callback.result.findings[0].severity == "warning"
    assert not callback.stopped and len(history.history["loss"]) == 2


# -- nothing is deserialised ------------------------------------------------------------------


def test_keras_lambda_layer_is_never_run(tmp_path: Path) -> None:
    import keras

    sentinel = tmp_path / "lambda-ran"
    body = eval(  # a lambda whose body would write the sentinel
        f"lambda t: (__import__('pathlib').Path({str(sentinel)!r}).write_text('ran'), t)[1]"
    )
    model = keras.Sequential(
        [keras.Input((4,)), keras.layers.Lambda(body), keras.layers.Dense(1, activation="softmax")]
    )
    model.compile(loss="binary_crossentropy")
    path = tmp_path / "lambda.keras"
    model.save(path)
    sentinel.unlink()  # building the model called the lambda once
    assert "lambda" in zipfile.ZipFile(path).read("config.json").decode().lower()
    result = lint_model(path, "lambda.keras")
    assert [f.code for f in result.findings] == ["HC101"]
    assert not sentinel.exists()
    # the control: deserialising the file with code allowed does run the lambda
    loaded = keras.saving.load_model(path, safe_mode=False)
    loaded(np.zeros((1, 4), dtype="float32"))
    assert sentinel.exists()


class _Payload:
    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        return (exec, (f"open({self.path!r}, 'w').write('unpickled')",))


def test_h5_with_a_pickled_object_is_not_unpickled(tmp_path: Path) -> None:
    import h5py
    import keras

    sentinel = tmp_path / "unpickled"
    path = tmp_path / "pickled.h5"
    model_cases.build(keras, "hc103_logits_cce").save(path)
    payload = pickle.dumps(_Payload(str(sentinel)))
    with h5py.File(path, "a") as handle:
        handle.attrs["extra"] = np.void(payload)
        handle.create_dataset("pickled", data=np.frombuffer(payload, dtype=np.uint8))
        handle["model_weights"].attrs["pickled"] = np.void(payload)
    code, out = _cli(["lint", str(path), "--format", "json"])
    assert code == 1 and '"HC103"' in out
    assert not sentinel.exists()
    # a saved model is never rewritten: its findings offer no fix
    finding = json.loads(out)["findings"][0]
    assert finding["autofix"]["available"] is False
    assert "fix the code that builds it" in finding["autofix"]["reason"]
    before = path.read_bytes()
    code, _ = _cli(["lint", str(path), "--fix", "--unsafe-fixes"])
    assert code == 1 and path.read_bytes() == before
    pickle.loads(payload)  # the control: the payload is live
    assert sentinel.exists()


# -- the command line -------------------------------------------------------------------------


def _cli(args: list[str]) -> tuple[int, str]:
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer), pytest.raises(SystemExit) as info:
        main(args)
    code = info.value.code
    return (code if isinstance(code, int) else 1), buffer.getvalue()


def test_lint_model_files_through_the_cli(tmp_path: Path) -> None:
    import json

    import keras

    bad = tmp_path / "bad.keras"
    good = tmp_path / "good.keras"
    model_cases.build(keras, "hc104_softmax_layer_from_logits").save(bad)
    model_cases.build(keras, "ok_softmax_sparse").save(good)
    code, out = _cli(["lint", str(bad), str(good), "--format", "json"])
    payload = json.loads(out)
    assert code == 1
    assert [(f["code"], f["location"]["line"]) for f in payload["findings"]] == [("HC104", None)]
    assert payload["findings"][0]["location"]["path"].endswith("bad.keras")
    assert payload["files_checked"] == 2
    code, out = _cli(["lint", str(good)])
    assert (code, out) == (0, "All checks passed (1 file).\n")
    code, out = _cli(["lint", str(tmp_path), "--format", "github"])  # walked: .keras found
    assert code == 1 and out.startswith("::warning") and "HC104" in out
    code, out = _cli(["lint", str(bad), "--ignore", "HC104"])
    assert code == 0


def test_lint_unreadable_model_files(tmp_path: Path) -> None:
    broken = tmp_path / "broken.keras"
    broken.write_bytes(b"not a zip")
    weights = tmp_path / "weights.h5"
    import h5py

    with h5py.File(weights, "w") as handle:
        handle.create_dataset("w", data=np.zeros(3))
    code, out = _cli(["lint", str(broken), str(weights)])
    assert code == 1
    assert "broken.keras: HC000 parse-error [error] cannot read this model: not a .keras" in out
    assert "no model_config attribute" in out
