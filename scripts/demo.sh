#!/usr/bin/env bash
# Set up headcheck and answer the bundled seed questions.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
.venv/bin/headcheck demo
