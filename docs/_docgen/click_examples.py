"""A Markdown extension for the CLI reference: the example commands of a Click command's help
as a code block.

A command's help writes its examples as an ``Example:`` (or ``Examples:``) line followed by
indented ``headcheck ...`` lines, kept apart by Click's ``\\b`` marker so that ``--help``
prints them one per line. mkdocs-click copies the help into the page as plain Markdown, where
those lines would run together into one paragraph; this preprocessor, which runs right after
mkdocs-click's, puts them in a ``text`` block instead. Nothing else is touched.
"""

from __future__ import annotations

import re
from typing import Any

from markdown import Markdown  # type: ignore[import-untyped]
from markdown.extensions import Extension  # type: ignore[import-untyped]
from markdown.preprocessors import Preprocessor  # type: ignore[import-untyped]

__all__ = ["ClickExamplesExtension", "makeExtension"]

_HEADER = re.compile(r"^Examples?:$")
_COMMAND = re.compile(r"^ {2,}headcheck( |$)")
_PRIORITY = 140  # mkdocs-click's preprocessor has 141: this one runs right after it


class _ExamplesAsCode(Preprocessor):  # type: ignore[misc]
    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        i = 0
        while i < len(lines):
            out.append(lines[i])
            if _HEADER.match(lines[i].strip()):
                j = i + 1
                while j < len(lines) and _COMMAND.match(lines[j]):
                    j += 1
                if j > i + 1:
                    out += ["", "```text", *(line.strip() for line in lines[i + 1 : j]), "```"]
                    out.append("")
                    i = j
                    continue
            i += 1
        return out


class ClickExamplesExtension(Extension):  # type: ignore[misc]
    """Register the preprocessor."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Markdown's API
        md.preprocessors.register(_ExamplesAsCode(md), "headcheck_click_examples", _PRIORITY)


def makeExtension(**kwargs: Any) -> ClickExamplesExtension:  # noqa: N802 - Markdown's API
    """The entry point Markdown calls for ``_docgen.click_examples``."""
    return ClickExamplesExtension(**kwargs)
