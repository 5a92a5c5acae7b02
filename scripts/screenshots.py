"""Generate the README's pictures from real runs: ``.venv/bin/python scripts/screenshots.py``.

- ``docs/images/lint-fix.svg``: ``headcheck lint`` and ``headcheck lint --diff`` on a buggy
  training script, as the terminal shows them (Rich's SVG export of the real output);
- ``docs/images/report.png``: the HTML report of ``headcheck eval`` on the logits a Keras
  model with that bug produces, screenshotted by headless Chromium.

Needs the test environment (``scripts/setup.sh test``) and ``chromium`` on the PATH.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.text import Text
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

from headcheck.cli import main
from headcheck.evaluation import evaluate
from headcheck.evaluation._html import write_html

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "images"
SCRIPT = ROOT / "tests" / "data" / "fix_training" / "keras_logits_probability_loss.py"


def _run(args: list[str]) -> str:
    out = io.StringIO()
    with (
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(out),
        contextlib.suppress(SystemExit),
    ):
        main(args)
    return out.getvalue()


def terminal() -> Path:
    """``lint`` and ``lint --diff`` on a copy of a buggy script, recorded as SVG."""
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "train.py"
        shutil.copy(SCRIPT, script)
        console = Console(record=True, width=110, file=io.StringIO())
        for args in (["lint", "train.py"], ["lint", "train.py", "--diff"]):
            console.print(Text("$ headcheck " + " ".join(args), style="bold green"))
            with contextlib.chdir(tmp):
                output = _run(args)
            for line in output.splitlines():
                style = "red" if line.startswith("-") else "green" if line.startswith("+") else ""
                console.print(Text(line, style=style))
        target = IMAGES / "lint-fix.svg"
        svg = console.export_svg(title="headcheck lint")
        # no web fonts: the picture must not load anything from the network
        svg = re.sub(r"@font-face \{.*?\}\s*", "", svg, flags=re.DOTALL)
        target.write_text(svg, encoding="utf-8")
    return target


def report() -> Path:
    """The HTML report of logits on breast cancer, screenshotted by headless Chromium."""
    x, y = load_breast_cancer(return_X_y=True)
    x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.3, random_state=0)
    scaler = StandardScaler().fit(x_train)
    model = LogisticRegression(max_iter=1000).fit(scaler.transform(x_train), y_train)
    logits = model.decision_function(scaler.transform(x_test))
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        sys.exit("chromium is not on the PATH (scripts/test.sh installs it)")
    target = IMAGES / "report.png"
    with tempfile.TemporaryDirectory() as tmp:
        html = Path(tmp) / "report.html"
        write_html(evaluate(y_test, np.asarray(logits)), html)
        subprocess.run(
            [
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                f"--screenshot={target}",
                "--window-size=1200,1500",
                html.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
    return target


if __name__ == "__main__":
    IMAGES.mkdir(parents=True, exist_ok=True)
    for path in (terminal(), report()):
        print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size} bytes)")
