"""What the frameworks themselves say about the buggy training scripts, next to headcheck.

Runs each script of ``tests/data/fix_training`` (Keras 3 on the torch backend, PyTorch) and
records whether the framework stopped it (an exception), warned (any warning printed on
stderr), or said nothing; then what ``headcheck lint`` reports and whether ``--fix`` (with
``--unsafe-fixes``) rewrites it. Prints a Markdown table with the machine and versions.

    .venv/bin/python benchmarks/framework_warnings.py
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import platform
import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

from headcheck.fixes._run import fix_text
from headcheck.lint import Options, lint_text

_WARNING = re.compile(r"(UserWarning|RuntimeWarning|SyntaxWarning): (.*)")
_UNRELATED = ("Converting a tensor with requires_grad",)
SCRIPTS = Path(__file__).resolve().parent.parent / "tests" / "data" / "fix_training"


def framework_says(script: Path) -> str:
    env = {
        **os.environ,
        "KERAS_BACKEND": "torch",
        "CUDA_VISIBLE_DEVICES": "",
        "PYTHONWARNINGS": "default",
    }
    proc = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, env=env, timeout=900
    )
    if proc.returncode != 0:
        last = proc.stderr.strip().splitlines()[-1]
        return f"stops: `{last[:90]}`"
    # warnings about the head, not about the library's own deprecations or the script's
    # tensor-to-float conversions
    found = [m.group(2) for m in map(_WARNING.search, proc.stderr.splitlines()) if m]
    about_head = [
        w for w in found if not w.startswith(_UNRELATED) and "DeprecationWarning" not in w
    ]
    return f"warns: `{about_head[0][:90]}`" if about_head else "nothing"


def headcheck_says(script: Path) -> tuple[str, str]:
    text = script.read_text()
    codes = sorted({f.code for f in lint_text(text, script.name, Options()).findings})
    with contextlib.redirect_stderr(io.StringIO()):
        fixed = fix_text(text, script.name, unsafe=True)
    return ", ".join(codes) or "nothing", "yes" if fixed.changed else "no"


def main() -> None:
    rows = []
    for script in sorted(SCRIPTS.glob("*.py")):
        found, fixes = headcheck_says(script)
        rows.append((script.stem, framework_says(script), found, fixes))
    print(
        f"Machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    names = ("keras", "torch", "scikit-learn", "headcheck")
    print("Versions: " + json.dumps({n: version(n) for n in names}))
    print()
    print("| script | the framework | headcheck lint | fixed by --fix |")
    print("|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
