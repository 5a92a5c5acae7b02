"""Run the code examples of a documentation page and compare what they print with the page.

A page opts in with ``run_examples: true`` in its front matter. On such a page every fenced
``python`` block and every ``console`` block is an example:

- a ``python`` block is run on its own (a fresh namespace: each block carries its imports);
  what it prints must equal the ``text`` block that follows it (only blank lines between).
  A ``python`` block without such a block must print nothing.
- a ``console`` block holds commands (``$ headcheck ...``, ``\\`` continues a line), each
  followed by the output it prints. The commands run in-process through
  :func:`headcheck.cli.main`, exactly as the ``headcheck`` script runs them (stdout and stderr
  as a terminal shows them, no colour, 100 columns).

The examples of a page run in order, in a fresh temporary copy of the data folder
(``docs/data``): a page can read the files readers can download from the site, and an example
can write a file (``logits.npy``) that a later one reads, without touching the source tree.
A ``python`` block whose code is a snippet include (``--8<-- "train.py"``, which shows a data
file on the page) is not an example. Lines are compared without trailing spaces; what a
``python`` example writes to stderr (framework logging) is not compared.
``python docs/_docgen/examples.py --update docs/accuracy.md`` rewrites a page's shown outputs
with what the examples print now (read the diff before keeping it).
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
import shutil
import sys
import tempfile
import traceback
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

__all__ = [
    "DATA_DIR",
    "Block",
    "Example",
    "Outcome",
    "blocks",
    "check_markdown",
    "examples",
    "front_matter",
    "opted_in",
    "run",
    "run_page",
    "update_file",
]

DOCS_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = DOCS_DIR / "data"
COLUMNS = 100

_FENCE = re.compile(r"^(?P<indent>[ ]*)(?P<fence>`{3,}|~{3,})\s*(?P<info>[^`]*?)\s*$")
_FRONT = re.compile(r"\A---\n(?P<body>.*?)\n---\n", re.DOTALL)
_SNIPPET = "--8<--"

Kind = Literal["python", "console"]


@dataclass(frozen=True)
class Block:
    """A fenced code block: its language, its code (dedented) and where it lies.

    ``start`` is the 0-based index of the opening fence line, ``end`` that of the closing one.
    """

    lang: str
    code: str
    start: int
    end: int
    indent: str


@dataclass(frozen=True)
class Example:
    """One runnable example and the output the page shows for it.

    ``line`` is the 1-based line of the page where the example starts. ``span`` is the
    ``[first, last)`` range of page lines holding the shown output (for ``--update``), or
    ``None`` when the page shows none; ``insert_at`` is where a missing output block would go.
    """

    kind: Kind
    line: int
    source: str
    expected: str
    span: tuple[int, int] | None
    insert_at: int
    indent: str


@dataclass(frozen=True)
class Outcome:
    """What running an example printed, and whether it matched the page."""

    example: Example
    actual: str
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and _normal(self.actual) == _normal(self.example.expected)

    def describe(self, page: str) -> str:
        """A failure report: where, what ran, what the page shows, what it printed."""
        where = f"{page}:{self.example.line}"
        if self.error is not None:
            return f"{where}: the example failed:\n{self.error}"
        import difflib

        diff = difflib.unified_diff(
            _normal(self.example.expected).splitlines(),
            _normal(self.actual).splitlines(),
            "shown on the page",
            "printed now",
            lineterm="",
        )
        return f"{where}: the output differs from the page:\n" + "\n".join(diff)


def _normal(text: str) -> str:
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    return "\n".join(lines).strip("\n")


def front_matter(markdown: str) -> dict[str, str]:
    """The page's front matter as flat ``key: value`` strings (enough for ``run_examples``)."""
    match = _FRONT.match(markdown)
    if match is None:
        return {}
    meta: dict[str, str] = {}
    for line in match.group("body").splitlines():
        key, sep, value = line.partition(":")
        if sep:
            meta[key.strip()] = value.strip()
    return meta


def blocks(markdown: str) -> list[Block]:
    """Every fenced code block of the page, in order (indented ones, in admonitions, too)."""
    lines = markdown.split("\n")
    found: list[Block] = []
    i = 0
    while i < len(lines):
        opening = _FENCE.match(lines[i])
        if opening is None:
            i += 1
            continue
        indent, fence = opening.group("indent"), opening.group("fence")
        info = opening.group("info")
        lang = info.split()[0].lstrip(".{").rstrip("}") if info else ""
        j = i + 1
        while j < len(lines):
            closing = _FENCE.match(lines[j])
            if (
                closing is not None
                and closing.group("fence")[0] == fence[0]
                and len(closing.group("fence")) >= len(fence)
                and not closing.group("info")
                and len(closing.group("indent")) <= len(indent)
            ):
                break
            j += 1
        body = [
            line[len(indent) :] if line.startswith(indent) else line for line in lines[i + 1 : j]
        ]
        found.append(Block(lang, "\n".join(body), i, j, indent))
        i = j + 1
    return found


def _blank_between(lines: Sequence[str], first: int, last: int) -> bool:
    return all(not line.strip() for line in lines[first:last])


def examples(markdown: str) -> list[Example]:
    """The runnable examples of a page: ``python`` blocks and the commands of ``console`` ones."""
    lines = markdown.split("\n")
    found_blocks = blocks(markdown)
    result: list[Example] = []
    for index, block in enumerate(found_blocks):
        if block.lang == "python" and not block.code.lstrip().startswith(_SNIPPET):
            following = found_blocks[index + 1] if index + 1 < len(found_blocks) else None
            shown = (
                following is not None
                and following.lang == "text"
                and _blank_between(lines, block.end + 1, following.start)
            )
            output = following if shown else None
            result.append(
                Example(
                    "python",
                    block.start + 2,
                    block.code,
                    output.code if output is not None else "",
                    (output.start + 1, output.end) if output is not None else None,
                    block.end + 1,
                    block.indent,
                )
            )
        elif block.lang == "console":
            result.extend(_commands(block))
    return result


def _commands(block: Block) -> Iterator[Example]:
    body = block.code.split("\n")
    i = 0
    while i < len(body):
        if not body[i].startswith("$ "):
            if body[i].strip():
                raise ValueError(
                    f"line {block.start + 2 + i}: a console block must start with '$ command'"
                )
            i += 1
            continue
        start = i
        command = body[i][2:]
        while command.endswith("\\") and i + 1 < len(body):
            i += 1
            command = command[:-1] + " " + body[i].strip()
        i += 1
        out_first = i
        while i < len(body) and not body[i].startswith("$ "):
            i += 1
        yield Example(
            "console",
            block.start + 2 + start,
            command.strip(),
            "\n".join(body[out_first:i]),
            (block.start + 1 + out_first, block.start + 1 + i),
            block.start + 1 + i,
            block.indent,
        )


@contextlib.contextmanager
def _quiet_stderr() -> Iterator[None]:
    """Send what is written to stderr — by Python or by a framework's C++ code — nowhere."""
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with open(os.devnull, "w") as devnull, contextlib.redirect_stderr(io.StringIO()):
            os.dup2(devnull.fileno(), 2)
            yield
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(saved)


def _run_python(example: Example, name: str) -> str:
    buffer = io.StringIO()
    namespace: dict[str, object] = {"__name__": "__docs_example__"}
    code = compile(example.source, f"<{name}:{example.line}>", "exec")
    with contextlib.redirect_stdout(buffer), _quiet_stderr(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        exec(code, namespace)
    return buffer.getvalue()


def _run_console(example: Example) -> str:
    from click.testing import CliRunner

    from headcheck.cli import main

    args = shlex.split(example.source)
    if not args or args[0] != "headcheck":
        raise ValueError(f"a console example runs headcheck only, not {example.source!r}")
    runner = CliRunner()
    env = {"COLUMNS": str(COLUMNS), "NO_COLOR": "1", "TERM": "dumb"}
    with runner.isolation(env=env) as (_, _, mixed), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            main(args[1:])
        except SystemExit as exit_:
            if exit_.code == 3:  # an internal error is never a documented outcome
                raise RuntimeError(mixed.getvalue().decode()) from None
        sys.stdout.flush()
        return mixed.getvalue().decode()


def run(example: Example, name: str, workdir: Path) -> Outcome:
    """Run one example in ``workdir`` and return what it printed (never raises)."""
    old = Path.cwd()
    try:
        os.chdir(workdir)
        if example.kind == "python":
            actual = _run_python(example, name)
        else:
            actual = _run_console(example)
    except Exception:
        return Outcome(example, "", traceback.format_exc(limit=-3))
    finally:
        os.chdir(old)
    return Outcome(example, actual)


def opted_in(markdown: str) -> bool:
    """Whether the page asks for its examples to be run (``run_examples: true``)."""
    return front_matter(markdown).get("run_examples", "").lower() in ("true", "yes")


def run_page(markdown: str, name: str) -> list[Outcome]:
    """Run every example of a page, in order, in a fresh temporary copy of the data folder."""
    with tempfile.TemporaryDirectory(prefix="headcheck-docs-") as tmp:
        workdir = Path(tmp) / "data"
        shutil.copytree(DATA_DIR, workdir)
        return [run(example, name, workdir) for example in examples(markdown)]


def check_markdown(markdown: str, name: str) -> list[Outcome]:
    """Run every example of a page that opted in; an empty list for a page that did not."""
    return run_page(markdown, name) if opted_in(markdown) else []


def update_file(path: Path) -> int:
    """Rewrite the outputs a page shows with what its examples print now; return how many
    changed."""
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    changed = 0
    for outcome in reversed(run_page(text, path.name)):
        example = outcome.example
        if outcome.error is not None:
            raise RuntimeError(outcome.describe(path.name))
        if outcome.ok:
            continue
        changed += 1
        new = [
            example.indent + line if line else "" for line in _normal(outcome.actual).split("\n")
        ]
        if example.span is not None:
            first, last = example.span
            if example.kind == "console" and last < len(lines) and lines[last - 1].strip() == "":
                new.append("")  # keep the blank line between two commands
            lines[first:last] = new
        else:
            fence = [example.indent + "```text", *new, example.indent + "```"]
            lines[example.insert_at : example.insert_at] = ["", *fence]
    path.write_text("\n".join(lines), encoding="utf-8")
    return changed


def _main(argv: Sequence[str]) -> int:
    if len(argv) < 2 or argv[0] not in ("--check", "--update"):
        print("usage: examples.py --check|--update PAGE.md ...", file=sys.stderr)
        return 2
    failed = 0
    for name in argv[1:]:
        path = Path(name)
        if argv[0] == "--update":
            print(f"{path}: {update_file(path)} output(s) rewritten")
            continue
        for outcome in check_markdown(path.read_text(encoding="utf-8"), path.name):
            if not outcome.ok:
                failed += 1
                print(outcome.describe(str(path)), file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.path.insert(0, str(DOCS_DIR))
    raise SystemExit(_main(sys.argv[1:]))
