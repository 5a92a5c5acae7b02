"""A Griffe extension: headcheck's docstrings, made into Markdown the API reference can render.

headcheck's docstrings are written for ``help()`` and doctest: bare ``>>>`` sessions and
Sphinx roles (``:class:`~headcheck.facts.HeadFacts```). Read as Markdown, a session's output
such as ``['HC103', 'HC302']`` looks like a reference link (a broken one, under ``--strict``)
and the roles show their colons. Before a docstring is parsed this extension

- fences every ``>>>`` session (prompt lines, continuations and output up to a blank line) as
  a ``pycon`` block, unless it already lies in a fence or an indented block;
- turns a role into inline code of the name (``~`` keeps the last component only).

The docstrings themselves are left as they are.
"""

from __future__ import annotations

import re
from typing import Any

from griffe import Extension, Object

__all__ = ["DoctestAndRoles", "to_markdown"]

_ROLE = re.compile(r":(?:py:)?(?:class|func|meth|attr|mod|data|exc|obj|const):`(~?)([^`]+)`")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")


def _role(match: re.Match[str]) -> str:
    name = match.group(2)
    if match.group(1) == "~":
        name = name.rsplit(".", 1)[-1]
    return f"`{name}`"


def _fence_sessions(text: str) -> str:
    lines = text.split("\n")
    out: list[str] = []
    in_fence = False
    i = 0
    while i < len(lines):
        line = lines[i]
        if _FENCE.match(line):
            in_fence = not in_fence
        stripped = line.lstrip()
        indent = line[: len(line) - len(stripped)]
        previous_blank = not out or not out[-1].strip()
        indented_code = len(indent) >= 4 and previous_blank
        if in_fence or indented_code or not stripped.startswith(">>>"):
            out.append(line)
            i += 1
            continue
        session: list[str] = []
        while i < len(lines) and lines[i].strip():
            session.append(lines[i][len(indent) :] if lines[i].startswith(indent) else lines[i])
            i += 1
        out.extend([f"{indent}```pycon", *(indent + s for s in session), f"{indent}```"])
    return "\n".join(out)


def to_markdown(docstring: str) -> str:
    """The docstring with its ``>>>`` sessions fenced and its Sphinx roles as inline code."""
    return _ROLE.sub(_role, _fence_sessions(docstring))


class DoctestAndRoles(Extension):
    """Rewrite each docstring with :func:`to_markdown` when its object is created."""

    def on_instance(self, *, obj: Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = to_markdown(obj.docstring.value)
