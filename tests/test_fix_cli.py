"""``headcheck lint --fix / --unsafe-fixes / --diff``: what is written, shown and said."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from headcheck.cli import main

BINARY_SOFTMAX = """\
import keras
from sklearn.datasets import load_breast_cancer

X, y = load_breast_cancer(return_X_y=True)
model = keras.Sequential([
    keras.Input(shape=(30,)),
    keras.layers.Dense(1,   activation='softmax'),  # the head  (odd spacing kept)
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(X, y, epochs=3)
"""

# one safe fix (HC101) and one unsafe fix (HC107 needs the activation and the loss changed)
SAFE_AND_UNSAFE = """\
import numpy as np
import keras

y = np.array([[1, 0, 1], [0, 1, 1], [1, 1, 0], [0, 0, 1]])
multi = keras.Sequential([keras.layers.Dense(3, activation="softmax")])
multi.compile(optimizer="adam", loss="categorical_crossentropy")
multi.fit(x, y)

binary = keras.Sequential([keras.layers.Dense(1, activation="softmax")])
binary.compile(optimizer="adam", loss="binary_crossentropy")
"""


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        main(list(args))
    out, err = capsys.readouterr()
    return int(exc.value.code or 0), out, err


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_diff_shows_the_patch_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    script = write(tmp_path / "train.py", BINARY_SOFTMAX)
    code, out, err = run(capsys, "lint", str(script), "--diff")
    assert code == 1
    assert script.read_text() == BINARY_SOFTMAX
    removed = [line for line in out.splitlines() if line.startswith("-") and "---" not in line]
    added = [line for line in out.splitlines() if line.startswith("+") and "+++" not in line]
    assert removed == [
        "-    keras.layers.Dense(1,   activation='softmax'),  # the head  (odd spacing kept)"
    ]
    assert added == [
        "+    keras.layers.Dense(1,   activation='sigmoid'),  # the head  (odd spacing kept)"
    ]
    assert err == "Would fix 1 finding in 1 file.\n"


def test_fix_writes_the_file_keeping_everything_else(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    script = write(tmp_path / "train.py", BINARY_SOFTMAX)
    code, out, err = run(capsys, "lint", str(script), "--fix")
    assert code == 0, out
    assert script.read_text() == BINARY_SOFTMAX.replace("'softmax'", "'sigmoid'")
    assert out == "All checks passed (1 file).\n"
    assert err == "Fixed 1 finding in 1 file.\n"
    # a second run finds nothing to fix
    code, out, err = run(capsys, "lint", str(script), "--diff")
    assert (code, out, err) == (0, "", "Would fix 0 findings in 0 files.\n")


def test_unsafe_fixes_wait_for_the_flag(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    script = write(tmp_path / "train.py", SAFE_AND_UNSAFE)
    code, out, err = run(capsys, "lint", str(script), "--fix")
    assert code == 1  # HC107 is left
    assert "HC107" in out and "HC101" not in out
    assert "--fix --unsafe-fixes will use sigmoid (and binary cross-entropy) (unsafe)" in out
    assert err == "Fixed 1 finding in 1 file (1 more with --unsafe-fixes).\n"
    text = script.read_text()
    assert 'binary = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])' in text
    assert 'keras.layers.Dense(3, activation="softmax")' in text

    code, out, err = run(capsys, "lint", str(script), "--fix", "--unsafe-fixes")
    assert code == 0, out
    text = script.read_text()
    assert 'multi = keras.Sequential([keras.layers.Dense(3, activation="sigmoid")])' in text
    assert 'multi.compile(optimizer="adam", loss="binary_crossentropy")' in text
    assert err == "Fixed 1 finding in 1 file.\n"


def test_text_and_json_say_what_can_be_fixed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    script = write(tmp_path / "train.py", SAFE_AND_UNSAFE)
    code, out, _ = run(capsys, "lint", str(script))
    assert code == 1
    assert out.splitlines()[-2] == "1 fixable with --fix (1 more with --unsafe-fixes)."
    _, out, _ = run(capsys, "lint", str(script), "--format", "json")
    fixes = {f["code"]: f["autofix"] for f in json.loads(out)["findings"]}
    assert fixes["HC101"] == {
        "available": True,
        "safety": "safe",
        "description": "replace softmax by sigmoid",
    }
    assert fixes["HC107"]["safety"] == "unsafe"


def test_unknown_task_gets_no_fix_and_says_what_is_needed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    script = write(
        tmp_path / "head.py",
        "import keras\nmodel = keras.Sequential([keras.layers.Dense(1, activation='softmax')])\n",
    )
    _, out, _ = run(capsys, "lint", str(script), "--format", "json")
    (finding,) = json.loads(out)["findings"]
    assert finding["code"] == "HC101"
    assert finding["autofix"]["available"] is False
    assert (
        "sigmoid for 0/1 labels or linear for a regression target" in (finding["autofix"]["reason"])
    )
    code, _, err = run(capsys, "lint", str(script), "--fix", "--unsafe-fixes")
    assert code == 1 and script.read_text().count("softmax") == 1
    assert err == "Fixed 0 findings in 0 files.\n"


def test_a_fix_that_cannot_be_written_says_why(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    script = write(
        tmp_path / "predict.py",
        "import torch\n"
        "from torch import nn\n\n"
        "model = nn.Sequential(nn.Linear(16, 1), nn.Sigmoid())\n"
        "criterion = nn.BCELoss()\n"
        "_, predicted = torch.max(model(x), 1)\n",
    )
    code, _, err = run(capsys, "lint", str(script), "--fix")
    assert code == 1
    assert f"{script}:6:16: HC305 not fixed: max() returns values and indices here" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--unsafe-fixes",), "--unsafe-fixes only applies with --fix or --diff"),
        (("--fix", "--diff"), "--fix writes the fixes and --diff only shows them: choose one"),
    ],
)
def test_bad_flag_combinations_are_usage_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    script = write(tmp_path / "train.py", BINARY_SOFTMAX)
    code, _, err = run(capsys, "lint", str(script), *args)
    assert code == 2 and message in err
    assert script.read_text() == BINARY_SOFTMAX


def test_a_file_that_is_not_utf8_is_skipped_with_a_message(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    script = tmp_path / "latin1.py"
    script.write_bytes(b"# caf\xe9\nimport keras\n")
    code, _, err = run(capsys, "lint", str(script), "--fix")
    assert code == 1  # the file is reported as unreadable (HC000)
    assert f"headcheck: {script}: not fixed: the file is not UTF-8 text" in err
    assert script.read_bytes() == b"# caf\xe9\nimport keras\n"


def _notebook() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    setup = nbformat.v4.new_code_cell(
        "%pip install keras\nimport keras\nfrom sklearn.datasets import load_breast_cancer\n"
        "X, y = load_breast_cancer(return_X_y=True)"
    )
    setup.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="Successfully installed\n")
    ]
    setup.execution_count = 1
    note = nbformat.v4.new_markdown_cell("## The model (softmax: see below)")
    model = nbformat.v4.new_code_cell(
        "model = keras.Sequential([\n"
        "    keras.Input(shape=(30,)),\n"
        "    keras.layers.Dense(1, activation='softmax'),\n"
        "])\n"
        "model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])\n"
        "%time history = model.fit(X, y, epochs=2)"
    )
    model.outputs = [
        nbformat.v4.new_output(
            "execute_result", data={"text/plain": "<keras.History>"}, execution_count=2
        )
    ]
    model.execution_count = 2
    nb.cells = [setup, note, model]
    return nb


def test_notebook_round_trip_keeps_outputs_magics_and_validates(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "train.ipynb"
    original = _notebook()
    nbformat.write(original, path)
    code, _, err = run(capsys, "lint", str(path), "--diff")
    assert code == 1 and err == "Would fix 1 finding in 1 file.\n"
    code, out, err = run(capsys, "lint", str(path), "--fix")
    assert code == 0, out
    fixed = nbformat.read(path, as_version=4)
    nbformat.validate(fixed)
    assert [c.cell_type for c in fixed.cells] == ["code", "markdown", "code"]
    assert fixed.cells[0].source == original.cells[0].source
    assert fixed.cells[1].source == original.cells[1].source
    assert fixed.cells[2].source == original.cells[2].source.replace("'softmax'", "'sigmoid'")
    assert fixed.cells[2].source.endswith("%time history = model.fit(X, y, epochs=2)")
    for before, after in zip(original.cells, fixed.cells, strict=True):
        assert after.get("outputs") == before.get("outputs")
        assert after.get("execution_count") == before.get("execution_count")
    assert fixed.metadata == original.metadata


def test_one_fix_can_settle_several_findings(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # logits under a probability loss (HC103) and a 0.5-threshold accuracy (HC302): the sigmoid
    # HC103 adds makes both right
    script = write(
        tmp_path / "train.py",
        "import keras\n\n"
        "inputs = keras.Input(shape=(30,))\n"
        "model = keras.Model(inputs, keras.layers.Dense(1)(inputs))\n"
        'model.compile(loss="binary_crossentropy", metrics=["accuracy"])\n',
    )
    code, out, _ = run(capsys, "lint", str(script))
    assert code == 1 and "HC103" in out and "HC302" in out
    code, _, err = run(capsys, "lint", str(script), "--fix")
    assert code == 0 and err == "Fixed 2 findings in 1 file with 1 fix.\n"
    assert 'keras.layers.Dense(1, activation="sigmoid")(inputs)' in script.read_text()
