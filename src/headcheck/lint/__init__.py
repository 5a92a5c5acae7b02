"""``headcheck lint``: the static analyser for ``.py`` files and ``.ipynb`` notebooks.

It reads code with the standard library's :mod:`ast` (never importing or running it),
follows the tensor that reaches the loss, turns every model it finds into
:class:`~headcheck.facts.HeadFacts` and runs the rules on them.

>>> from headcheck.lint import lint_text
>>> code = '''
... import tensorflow as tf
... model = tf.keras.Sequential([tf.keras.layers.Dense(1, activation="softmax")])
... model.compile(loss="binary_crossentropy", metrics=["accuracy"])
... '''
>>> [(f.code, f.location.line) for f in lint_text(code).findings]
[('HC101', 3)]
"""

from __future__ import annotations

from headcheck.lint._engine import FileResult, LintInternalError, Options, heads_in, lint_path
from headcheck.lint._engine import lint_source as _lint_source
from headcheck.lint._filters import Selection
from headcheck.lint._source import Source, load_source, source_from_text

__all__ = [
    "FileResult",
    "LintInternalError",
    "Options",
    "Selection",
    "Source",
    "heads_in",
    "lint_path",
    "lint_source",
    "lint_text",
    "load_source",
    "source_from_text",
]

lint_source = _lint_source


def lint_text(
    text: str, path: str = "<string>", options: Options | None = None, *, notebook: bool = False
) -> FileResult:
    """Lint code (or notebook JSON when ``notebook``) given as a string."""
    return _lint_source(source_from_text(text, path, notebook=notebook), options)
