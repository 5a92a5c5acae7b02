#!/usr/bin/env bash
# Set up headcheck (with Keras 3, PyTorch and scikit-learn) and run the demo: the seed questions
# answered, then their configurations trained on real data before and after `lint --fix`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh demo
.venv/bin/headcheck demo
