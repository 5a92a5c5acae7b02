#!/usr/bin/env bash
# Create .venv (if needed) and install headcheck into it.
#   scripts/setup.sh          headcheck alone (NumPy, Click, Rich)
#   scripts/setup.sh demo     plus Keras 3, PyTorch and scikit-learn for the demo's training
#   scripts/setup.sh test     plus the test oracles: tf-keras, Keras 3, PyTorch, torchmetrics,
#                             scikit-learn, pinned in constraints/test.txt
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
PIP=(.venv/bin/python -m pip install --disable-pip-version-check -q)
# A local CPU wheel of torch lies in /opt/wheels on this project's machines.
if [ -d /opt/wheels ]; then PIP+=(--find-links /opt/wheels); fi
if [ "${1:-}" = "test" ]; then
  "${PIP[@]}" -c constraints/test.txt -e ".[test]"
elif [ "${1:-}" = "demo" ]; then
  "${PIP[@]}" -c constraints/test.txt -e ".[demo]"
else
  "${PIP[@]}" -e .
fi
