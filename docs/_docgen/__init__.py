"""Tools the documentation build runs (loaded by ``docs/hooks.py`` and ``tests/test_docs.py``).

- :mod:`_docgen.examples`: find the code examples on a page, run them, compare their output
  with the output the page shows;
- :mod:`_docgen.rules`: one Markdown page per rule of :data:`headcheck.rules.RULES`, and the
  rules index;
- :mod:`_docgen.griffe_docstrings`: the API reference's docstrings made into Markdown;
- :mod:`_docgen.click_examples`: the CLI help's example commands kept one per line.
"""
