#!/usr/bin/env bash
# Build the documentation site into site/ with warnings as errors (mkdocs --strict).
# The rule pages are generated from the rule classes, the CLI and API references from the
# code, and the examples of the pages marked `run_examples: true` are run: a changed output
# fails the build (update a page with `.venv/bin/python docs/_docgen/examples.py --update
# docs/PAGE.md`, then read the diff). Needs the `docs` extra (the `test` extra includes it);
# no network is used.
#   scripts/docs.sh            build into site/
#   scripts/docs.sh serve      serve on http://127.0.0.1:8000 while editing
set -euo pipefail
cd "$(dirname "$0")/.."
export NO_MKDOCS_2_WARNING=1  # mkdocs-material's banner about its successor, not a warning
if [ "${1:-}" = "serve" ]; then
  exec .venv/bin/mkdocs serve --strict
fi
.venv/bin/mkdocs build --strict --clean --site-dir site
