"""mkdocs hooks of the headcheck site (``hooks:`` in mkdocs.yml).

- ``on_config``: the rule pages join the navigation under "Rules", in code order, and
  :mod:`_docgen.click_examples` joins the Markdown extensions;
- ``on_files``: one generated page per rule of :data:`headcheck.rules.RULES`
  (:mod:`_docgen.rules`);
- ``on_page_markdown``: the rules index gets its table; on a page with
  ``run_examples: true`` every ``python`` and ``console`` example is run and the build fails
  when one fails or prints something other than what the page shows (:mod:`_docgen.examples`),
  unless ``HEADCHECK_DOCS_SKIP_EXAMPLES=1`` (the tests build the site so, and run the examples
  themselves).
"""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
# TensorFlow, imported by the Keras examples, logs to the process's stderr from C++.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from _docgen import examples as _examples
from _docgen import rules as _rules
from _docgen.click_examples import ClickExamplesExtension
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from headcheck.rules import RULES

_LOG = logging.getLogger("mkdocs.hooks.headcheck")
# tests/test_docs.py builds the site with this set to 1 and runs the examples itself.
SKIP_EXAMPLES = "HEADCHECK_DOCS_SKIP_EXAMPLES"
_RULES_SECTION = "Rules"
_RULES_INDEX = "rules/index.md"


def on_config(config: Any) -> Any:
    """Put every rule page in the navigation, after the rules index; add the Markdown
    extension that keeps the CLI help's example commands one per line."""
    config["markdown_extensions"].append(ClickExamplesExtension())
    for entry in config["nav"] or []:
        if isinstance(entry, dict) and _RULES_SECTION in entry:
            section = entry[_RULES_SECTION]
            listed = {p if isinstance(p, str) else next(iter(p.values())) for p in section}
            for rule in RULES:
                path = _rules.page_path(rule)
                if path not in listed:
                    section.append({f"{rule.code} {rule.name}": path})
            return config
    raise PluginError(f"mkdocs.yml: the nav has no {_RULES_SECTION!r} section for the rule pages")


def on_files(files: Files, config: Any) -> Files:
    """Add one generated page per rule."""
    for path, markdown in _rules.rule_pages().items():
        files.append(File.generated(config, path, content=markdown))
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    """Complete the rules index; run the examples of pages that ask for it."""
    if page.file.src_uri == _RULES_INDEX:
        markdown = _rules.index_page(markdown)
    source = page.file.content_string  # with the front matter: exact line numbers
    if _examples.opted_in(source) and os.environ.get(SKIP_EXAMPLES, "") != "1":
        started = time.perf_counter()
        outcomes = _examples.run_page(source, page.file.src_uri)
        failures = [o.describe(f"docs/{page.file.src_uri}") for o in outcomes if not o.ok]
        _LOG.info(
            "%s: %d examples run in %.1f s",
            page.file.src_uri,
            len(outcomes),
            time.perf_counter() - started,
        )
        if failures:
            raise PluginError(
                "\n\n".join(failures)
                + "\n\n(update a page with: .venv/bin/python docs/_docgen/examples.py --update "
                f"docs/{page.file.src_uri}, then read the diff)"
            )
    return markdown
