"""The command line: answers, JSON, and one clear line with exit code 2 for every bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from headcheck.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    out, err = capsys.readouterr()
    code = exit_info.value.code
    return (code if isinstance(code, int) else 1), out, err


SEED_HEAD = (
    "explain",
    "--units",
    "1",
    "--activation",
    "linear",
    "--loss",
    "binary_crossentropy",
    "--metric",
    "accuracy",
    "--target",
    "tf.keras",
)


def test_explain_from_flags(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, *SEED_HEAD)
    assert code == 0 and err == ""
    assert "binary_accuracy" in out
    assert "HC103 logits-as-probabilities" in out
    assert "(model.predict(x)[:, 0] > 0.0)" in out


def test_explain_json_with_arrays(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    outputs = tmp_path / "preds.npy"
    labels = tmp_path / "y.csv"
    np.save(outputs, np.array([[-0.1, -0.1, -0.1], [0.1, 0.1, 0.1]]))
    labels.write_text("a,b,c\n0,0,0\n0,1,1\n")
    code, out, _ = run(
        capsys,
        "explain",
        "--units",
        "3",
        "--activation",
        "linear",
        "--loss",
        "BinaryCrossentropy",
        "--from-logits",
        "--metric",
        "accuracy",
        "--outputs",
        str(outputs),
        "--labels-file",
        str(labels),
        "--format",
        "json",
    )
    assert code == 0
    data = json.loads(out)
    assert data["schema"] == "headcheck.explain/1"
    assert data["arrays"]["labels"]["format"] == "multi_hot"
    assert data["arrays"]["correct"]["per_label_accuracy"] == pytest.approx(5 / 6)
    assert [f["code"] for f in data["findings"]] == ["HC301"]


def test_explain_rule_documentation(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "explain", "hc101")
    assert code == 0
    assert out.startswith("# HC101 softmax-single-unit")
    assert "## Fix safety" in out


def test_rules_lists_every_rule(capsys: pytest.CaptureFixture[str]) -> None:
    from headcheck.rules import RULES

    code, out, _ = run(capsys, "rules", "--format", "json")
    assert code == 0
    assert [r["code"] for r in json.loads(out)] == [r.code for r in RULES]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("explain", "--units", "1", "--activation", "sigmod"),
            "unknown activation 'sigmod'; expected one of: linear, sigmoid",
        ),
        (
            ("explain", "--units", "1", "--loss", "binary_crossentropie"),
            "unknown loss 'binary_crossentropie'",
        ),
        (("explain", "--units", "1", "--activation", "linear", "--metric", "accurasy"), None),
        (
            ("explain", "--units", "1", "--target", "keras4"),
            "unknown target 'keras4'; expected one of: keras2.2, keras2.3, tf.keras, keras3",
        ),
        (("explain", "--units", "1", "--target", "tf.keras", "--backend", "torch"), "backend"),
        (("explain", "--units", "0"), "--units"),
        (("explain", "--units", "1", "--labels", "onehotish"), "unknown label format"),
        (("explain", "--units", "1", "--frobnicate"), "No such option '--frobnicate'"),
        (("explain",), "nothing to explain"),
        (("explain", "HC999"), "unknown rule code 'HC999'"),
        (("explain", "--units", "1", "--metric", "AUC("), "cannot read metric 'AUC('"),
        (
            ("explain", "--units", "1", "--loss", "BCELoss", "--from-logits"),
            "BCELoss has no from_logits argument",
        ),
        (("explain", "--units", "1", "--postprocess", "softmax"), "unknown post-processing step"),
        (("frobnicate",), "No such command 'frobnicate'"),
    ],
)
def test_bad_usage_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str | None
) -> None:
    code, out, err = run(capsys, *args)
    if message is None:  # an unknown metric is reported as written, not an error
        assert code == 0
        assert "headcheck does not resolve 'accurasy'" in out
        return
    assert code == 2
    assert err.startswith("headcheck: error: ")
    assert message in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def _write_bad(tmp_path: Path, kind: str) -> Path:
    if kind == "nan":
        path = tmp_path / "nan.npy"
        np.save(path, np.array([0.1, np.nan]))
    elif kind == "truncated":
        path = tmp_path / "cut.npy"
        np.save(path, np.arange(100.0))
        path.write_bytes(path.read_bytes()[:90])
    elif kind == "pickle":
        path = tmp_path / "obj.npy"
        np.save(path, np.array([{"a": 1}], dtype=object), allow_pickle=True)
    elif kind == "text":
        path = tmp_path / "text.csv"
        path.write_text("score\n0.1\nhello\n")
    elif kind == "ragged":
        path = tmp_path / "ragged.csv"
        path.write_text("0.1,0.2\n0.3\n")
    elif kind == "3d":
        path = tmp_path / "cube.npy"
        np.save(path, np.zeros((2, 2, 2)))
    elif kind == "empty":
        path = tmp_path / "empty.csv"
        path.write_text("")
    elif kind == "suffix":
        path = tmp_path / "preds.pkl"
        path.write_bytes(b"\x80\x04K\x01.")
    elif kind == "npz":
        path = tmp_path / "two.npz"
        np.savez(path, a=np.zeros(2), b=np.ones(2))
    else:
        path = tmp_path / "missing.npy"
    return path


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("nan", "contains 1 NaN value (at index 1)"),
        ("truncated", "is it truncated?"),
        ("pickle", "never unpickles"),
        ("text", "row 2 has a value that is not a number: 'hello'"),
        ("ragged", "rows have different numbers of columns"),
        ("3d", "expected (samples,) or (samples, units)"),
        ("empty", "is empty"),
        ("suffix", "unsupported type '.pkl'"),
        ("npz", "holds 2 arrays (a, b); name one as"),
        ("missing", "does not exist"),
    ],
)
def test_bad_files_are_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, kind: str, message: str
) -> None:
    path = _write_bad(tmp_path, kind)
    code, _, err = run(
        capsys, "explain", "--units", "1", "--activation", "sigmoid", "--outputs", str(path)
    )
    assert code == 2
    assert message in err
    assert "Traceback" not in err


def test_mismatched_outputs_and_labels(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    outputs, labels = tmp_path / "p.npy", tmp_path / "y.npy"
    np.save(outputs, np.array([0.2, 0.7, 0.9]))
    np.save(labels, np.array([0, 1]))
    code, _, err = run(
        capsys,
        "explain",
        "--activation",
        "sigmoid",
        "--outputs",
        str(outputs),
        "--labels-file",
        str(labels),
    )
    assert code == 2
    assert "outputs have 3 rows but labels have 2" in err


def test_console_script_runs_as_a_process() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "headcheck.cli",
            "explain",
            "--units",
            "1",
            "--activation",
            "softmax",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert "HC101 softmax-single-unit" in result.stdout  # the activation alone establishes it
    assert "always exactly 1.0" in " ".join(result.stdout.split())
