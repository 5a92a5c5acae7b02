"""The demo's training part: lint each script, fix a copy, train both, compare the numbers.

The scripts run in one subprocess (``python -m headcheck.demo._worker``), Keras 3 on its
torch backend, so that Keras and PyTorch are imported once. What the framework *reported* is
what ``model.evaluate`` (or the script's own arithmetic) printed; what is *true* is
:func:`headcheck.evaluate` on the outputs the script's model produced for the test split.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from headcheck.demo._scripts import KERAS_FOOTER, SCRIPTS, TORCH_FOOTER, TrainingScript
from headcheck.findings import Finding
from headcheck.fixes._edits import Autofix
from headcheck.fixes._run import fix_text
from headcheck.lint import Options, lint_text

if TYPE_CHECKING:
    from headcheck.evaluation._report import EvalReport

__all__ = [
    "MISSING_MESSAGE",
    "TrainedCase",
    "held_out_labels",
    "missing_frameworks",
    "prepare",
    "train_all",
]

MISSING_MESSAGE = (
    "The training part of the demo needs Keras 3, PyTorch and scikit-learn: "
    "pip install 'headcheck[demo]' (or scripts/demo.sh, which does it)."
)


_TRUE_METRICS = ("accuracy", "per_label_accuracy", "exact_match_accuracy")


@dataclass
class Run:
    """One training run: what the framework reported and what headcheck makes of the outputs
    (``report``, from :func:`headcheck.evaluate` on the held-out labels)."""

    reported: dict[str, float] = field(default_factory=dict)
    report: EvalReport | None = None
    error: str | None = None

    @property
    def true(self) -> dict[str, float]:
        """The accuracies the outputs have, with the right decision rule."""
        if self.report is None:
            return {}
        metrics = self.report.metrics() or {}
        found = {k: metrics.get(k) for k in _TRUE_METRICS}
        return {k: float(v) for k, v in found.items() if isinstance(v, float | int)}

    @property
    def rule(self) -> str:
        """The decision rule the true accuracies use."""
        return "" if self.report is None else str(self.report.to_dict()["decision"]["rule"])


@dataclass
class TrainedCase:
    """A script, its findings, its fix, and both runs."""

    script: TrainingScript
    findings: list[Finding]
    diff: str
    fixed_code: str
    unsafe: bool
    buggy: Run | None = None
    fixed: Run | None = None


def missing_frameworks() -> list[str]:
    """The packages the training part needs and this environment lacks."""
    return [m for m in ("keras", "torch", "sklearn") if importlib.util.find_spec(m) is None]


def held_out_labels(data: str) -> np.ndarray[Any, Any]:
    from sklearn.datasets import load_breast_cancer, load_digits
    from sklearn.model_selection import train_test_split

    loader = load_breast_cancer if data == "breast_cancer" else load_digits
    x, y = loader(return_X_y=True)
    labels = np.asarray(train_test_split(x, y, test_size=0.3, random_state=0)[3])
    if data == "digits_multilabel":
        labels = np.stack([labels % 2 == 0, labels >= 5, np.isin(labels, [2, 3, 5, 7])], 1)
        return labels.astype(np.int64)
    return labels


def prepare(script: TrainingScript) -> TrainedCase:
    """Lint ``script`` and fix a copy (unsafe fixes included, marked as such)."""
    findings = list(lint_text(script.code, "train.py", Options()).findings)
    outcome = fix_text(script.code, "train.py", unsafe=True)
    unsafe = any(
        isinstance(f.autofix, Autofix) and f.autofix.safety == "unsafe" for f in outcome.applied
    )
    return TrainedCase(script, findings, outcome.diff(), outcome.after, unsafe)


def train_all(progress: Callable[[str], None]) -> list[TrainedCase]:
    """Prepare every script, then train all buggy and fixed versions in one subprocess."""
    cases = [prepare(script) for script in SCRIPTS]
    with tempfile.TemporaryDirectory(prefix="headcheck-demo-") as tmp:
        jobs = []
        for i, case in enumerate(cases):
            footer = KERAS_FOOTER if case.script.framework == "keras" else TORCH_FOOTER
            jobs.append({"id": f"{i}-buggy", "code": case.script.code + footer})
            if case.diff:
                jobs.append({"id": f"{i}-fixed", "code": case.fixed_code + footer})
        results = _run_worker(jobs, Path(tmp), progress)
        for i, case in enumerate(cases):
            case.buggy = _read(results.get(f"{i}-buggy"), Path(tmp), case.script.data)
            if case.diff:
                case.fixed = _read(results.get(f"{i}-fixed"), Path(tmp), case.script.data)
    return cases


def _read(result: dict[str, Any] | None, directory: Path, data: str) -> Run:
    if result is None:
        return Run(error="the training process stopped before this run")
    if result.get("error"):
        return Run(error=str(result["error"]))
    outputs = np.load(directory / f"{result['id']}.npy")
    from headcheck.evaluation import evaluate

    report = evaluate(held_out_labels(data), outputs)
    return Run(reported=dict(result["reported"]), report=report)


def _run_worker(
    jobs: list[dict[str, str]], directory: Path, progress: Callable[[str], None]
) -> dict[str, dict[str, Any]]:
    (directory / "jobs.json").write_text(json.dumps(jobs))
    env = {**os.environ, "KERAS_BACKEND": "torch", "CUDA_VISIBLE_DEVICES": ""}
    command = [sys.executable, "-m", "headcheck.demo._worker", str(directory)]
    results: dict[str, dict[str, Any]] = {}
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
    ) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("HEADCHECK-PROGRESS "):
                progress(line.split(" ", 1)[1].strip())
            elif line.startswith("HEADCHECK-JOB "):
                result = json.loads(line.split(" ", 1)[1])
                results[result["id"]] = result
    return results
