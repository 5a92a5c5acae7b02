"""``headcheck lint --fix`` end to end: buggy training scripts on real data, before and after.

Each script in ``tests/data/fix_training`` trains a small model on scikit-learn's
breast-cancer or digits data set with one head mistake. The test fixes a copy with the CLI,
runs both versions (Keras 3 on the torch backend, or PyTorch) in subprocesses, and reads back
what each reported (``model.evaluate`` for Keras, the script's own numbers for PyTorch) and its
outputs on the test split. The fixed run must reach a real accuracy, report the accuracy and
loss its outputs actually have, and the buggy run must fail the way the rule says: it crashes,
does not learn, or reports a number its outputs do not have.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pytest
from sklearn.metrics import log_loss

from headcheck.cli import main
from headcheck.demo._scripts import KERAS_FOOTER, TORCH_FOOTER
from headcheck.demo._training import held_out_labels

pytestmark = pytest.mark.slow

SCRIPTS = Path(__file__).parent / "data" / "fix_training"

Outputs = Literal["probabilities", "logits"]
Failure = Literal["crashes", "does not learn", "reports a wrong accuracy", "reports a wrong loss"]


@dataclass(frozen=True)
class Case:
    script: str
    data: Literal["breast_cancer", "digits"]
    unsafe: bool  # the fix needs --unsafe-fixes
    removed: str  # a line the fix removes (stripped)
    added: str  # a line the fix adds (stripped)
    buggy_outputs: Outputs | None  # None: the buggy script crashes
    fixed_outputs: Outputs
    failure: Failure

    @property
    def threshold(self) -> float:
        return 0.9 if self.data == "breast_cancer" else 0.85


CASES = [
    Case(
        "keras_softmax_one_unit.py",
        "breast_cancer",
        False,
        'keras.layers.Dense(1, activation="softmax"),',
        'keras.layers.Dense(1, activation="sigmoid"),',
        "probabilities",
        "probabilities",
        "does not learn",
    ),
    Case(
        "keras_softmax_bce_ten_classes.py",
        "digits",
        True,
        'model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])',
        'model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])',
        "probabilities",
        "probabilities",
        "reports a wrong loss",
    ),
    Case(
        "keras_logits_probability_loss.py",
        "breast_cancer",
        False,
        "keras.layers.Dense(1),",
        'keras.layers.Dense(1, activation="sigmoid"),',
        "logits",
        "probabilities",
        "reports a wrong accuracy",
    ),
    Case(
        "keras_sigmoid_from_logits.py",
        "breast_cancer",
        False,
        "loss=keras.losses.BinaryCrossentropy(from_logits=True),",
        "loss=keras.losses.BinaryCrossentropy(),",
        "probabilities",
        "probabilities",
        "reports a wrong loss",
    ),
    Case(
        "keras_sparse_labels_categorical_loss.py",
        "digits",
        False,
        'model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])',
        'model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", '
        'metrics=["accuracy"])',
        None,
        "probabilities",
        "crashes",
    ),
    Case(
        "keras_from_logits_in_compile.py",
        "digits",
        False,
        "from_logits=True,",
        "loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),",
        None,
        "logits",
        "crashes",
    ),
    Case(
        "torch_softmax_one_unit.py",
        "breast_cancer",
        False,
        "return F.softmax(self.out(torch.relu(self.hidden(x))), dim=1)",
        "return F.sigmoid(self.out(torch.relu(self.hidden(x))))",
        "probabilities",
        "probabilities",
        "does not learn",
    ),
    Case(
        "torch_nll_on_logits.py",
        "digits",
        False,
        "criterion = nn.NLLLoss()",
        "criterion = nn.CrossEntropyLoss()",
        "logits",
        "logits",
        "does not learn",
    ),
    Case(
        "torch_logits_bce.py",
        "breast_cancer",
        False,
        "criterion = nn.BCELoss()",
        "criterion = nn.BCEWithLogitsLoss()",
        None,
        "logits",
        "crashes",
    ),
]


@dataclass
class Run:
    reported: dict[str, float] | None
    outputs: np.ndarray[Any, Any] | None
    error: str | None


def _run(script: Path) -> Run:
    footer = TORCH_FOOTER if script.name.startswith("torch") else KERAS_FOOTER
    runnable = script.with_name(f"run_{script.name}")
    runnable.write_text(script.read_text() + footer)
    saved = script.with_suffix(".npy")
    env = {
        **os.environ,
        "KERAS_BACKEND": "torch",
        "HEADCHECK_OUTPUTS": str(saved),
        "CUDA_VISIBLE_DEVICES": "",
        "OMP_NUM_THREADS": "1",
    }
    proc = subprocess.run(
        [sys.executable, str(runnable)], capture_output=True, text=True, env=env, timeout=900
    )
    if proc.returncode != 0:
        return Run(None, None, proc.stderr.strip().splitlines()[-1])
    line = [row for row in proc.stdout.splitlines() if row.startswith("HEADCHECK-RESULT ")][-1]
    return Run(json.loads(line.split(" ", 1)[1]), np.load(saved), None)


def _fix(case: Case, directory: Path) -> tuple[Path, str]:
    fixed = directory / "fixed" / case.script
    fixed.parent.mkdir(parents=True)
    shutil.copy(SCRIPTS / case.script, fixed)
    args = ["lint", str(fixed), "--fix"] + (["--unsafe-fixes"] if case.unsafe else [])
    with contextlib.suppress(SystemExit):  # main() always exits
        main(args)
    return fixed, fixed.read_text()


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Run, Run, str]]:
    """Fix every script, then run the buggy and the fixed versions, two at a time."""
    pytest.importorskip("keras")
    pytest.importorskip("torch")
    root = tmp_path_factory.mktemp("fix_training")
    jobs: list[tuple[str, str, Path]] = []
    texts: dict[str, str] = {}
    for case in CASES:
        directory = root / case.script.removesuffix(".py")
        (directory / "buggy").mkdir(parents=True)
        buggy = directory / "buggy" / case.script
        shutil.copy(SCRIPTS / case.script, buggy)
        fixed, texts[case.script] = _fix(case, directory)
        jobs += [(case.script, "buggy", buggy), (case.script, "fixed", fixed)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        done = list(pool.map(lambda job: _run(job[2]), jobs))
    results: dict[str, dict[str, Run]] = {}
    for (name, which, _), run in zip(jobs, done, strict=True):
        results.setdefault(name, {})[which] = run
    return {name: (r["buggy"], r["fixed"], texts[name]) for name, r in results.items()}


def _accuracy(outputs: np.ndarray[Any, Any], kind: Outputs, y: np.ndarray[Any, Any]) -> float:
    if outputs.shape[1] > 1:
        return float(np.mean(outputs.argmax(axis=1) == y))
    cut = 0.5 if kind == "probabilities" else 0.0
    return float(np.mean((outputs[:, 0] > cut) == y))


def _log_loss(outputs: np.ndarray[Any, Any], kind: Outputs, y: np.ndarray[Any, Any]) -> float:
    values = outputs.astype(np.float64)
    if kind == "logits":
        if values.shape[1] == 1:
            values = 1.0 / (1.0 + np.exp(-values))
        else:
            values = np.exp(values - values.max(axis=1, keepdims=True))
            values /= values.sum(axis=1, keepdims=True)
    if values.shape[1] == 1:
        return float(log_loss(y, values[:, 0], labels=[0, 1]))
    values /= values.sum(axis=1, keepdims=True)  # float32 softmax rows sum to 1 +- 1e-7
    return float(log_loss(y, values, labels=list(range(values.shape[1]))))


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.script.removesuffix(".py"))
def test_fixed_script_trains_where_the_buggy_one_did_not(
    case: Case, runs: dict[str, tuple[Run, Run, str]]
) -> None:
    buggy, fixed, text = runs[case.script]
    lines = [line.strip() for line in text.splitlines()]
    assert case.added in lines and case.removed not in lines, text
    y = held_out_labels(case.data)

    # the fixed script learns, and reports the accuracy (and, for Keras, the loss) it has
    assert fixed.error is None and fixed.outputs is not None and fixed.reported is not None
    accuracy = _accuracy(fixed.outputs, case.fixed_outputs, y)
    assert accuracy >= case.threshold
    assert fixed.reported["accuracy"] == pytest.approx(accuracy, abs=1e-3)
    if case.script.startswith("keras"):
        loss = _log_loss(fixed.outputs, case.fixed_outputs, y)
        assert fixed.reported["loss"] == pytest.approx(loss, rel=0.02, abs=1e-3)

    # the buggy one fails the way the rule says it does
    if case.failure == "crashes":
        assert buggy.error is not None
        return
    assert buggy.error is None and buggy.outputs is not None and buggy.reported is not None
    assert case.buggy_outputs is not None
    true_accuracy = _accuracy(buggy.outputs, case.buggy_outputs, y)
    if case.failure == "does not learn":
        assert true_accuracy < case.threshold - 0.1
    elif case.failure == "reports a wrong accuracy":
        assert abs(buggy.reported["accuracy"] - true_accuracy) > 0.02
    else:
        true_loss = _log_loss(buggy.outputs, case.buggy_outputs, y)
        assert abs(buggy.reported["loss"] - true_loss) > 0.1 * true_loss
