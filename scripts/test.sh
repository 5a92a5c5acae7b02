#!/usr/bin/env bash
# Set up everything the tests need (a virtual environment, headcheck, the real frameworks as
# oracles), then run ruff, mypy (strict) and the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
# The HTML report test opens the report in headless Chromium (Debian's package; CI runs as root).
command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)
.venv/bin/ruff check src tests
.venv/bin/ruff format --check src tests
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
# The documentation site, warnings as errors; every page's examples run (scripts/docs.sh).
scripts/docs.sh
