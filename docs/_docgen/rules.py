"""One documentation page per rule, written from the rule class itself.

A page is the rule's :meth:`~headcheck.rules.Rule.documentation` (its docstring, every section
of it: What it does / Why is this bad? / Example / Use instead / Fix safety / References),
followed by the programs the test suite lints for it (``INVALID_CODE`` and ``VALID_CODE``).
For each reported program the page shows what ``headcheck lint example.py`` prints and what
``headcheck lint --fix`` makes of the program (or why it leaves it alone). Both are produced by
running the ``headcheck`` command when the site is built, so a page cannot drift from the
code; a program whose fixed code differs from the example's own ``fixed`` field fails the
build.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import click
from click.testing import CliRunner

from headcheck.cli import cli
from headcheck.lint import Options, lint_text
from headcheck.rules import RULES, InvalidCode, Rule
from headcheck.targets import describe_target

__all__ = ["COLUMNS", "GeneratedError", "index_page", "page_path", "rule_page", "rule_pages"]

COLUMNS = 100
_FILE = "example.py"


class GeneratedError(Exception):
    """A rule's examples and what ``headcheck`` does with them disagree."""


@dataclass(frozen=True)
class _Run:
    """One ``headcheck`` command on ``example.py``: its arguments, output and the file after."""

    args: tuple[str, ...]
    output: str
    exit_code: int
    after: str

    @property
    def command(self) -> str:
        return "headcheck " + " ".join(self.args)


def page_path(rule: Rule) -> str:
    """Where the rule's page lies in the site's source tree (``rules/hc101.md``)."""
    return f"rules/{rule.code.lower()}.md"


def _lint_options() -> set[str]:
    lint = cli.commands["lint"] if isinstance(cli, click.Group) else None
    if lint is None:
        return set()
    return {name for p in lint.params if isinstance(p, click.Option) for name in p.opts}


def _run(code: str, args: Sequence[str]) -> _Run:
    """Run ``headcheck ARGS`` in a temporary folder holding ``example.py`` with ``code``."""
    runner = CliRunner()
    old = Path.cwd()
    with tempfile.TemporaryDirectory(prefix="headcheck-rule-") as tmp:
        path = Path(tmp) / _FILE
        path.write_text(code, encoding="utf-8")
        try:
            os.chdir(tmp)
            result = runner.invoke(
                cli, list(args), env={"COLUMNS": str(COLUMNS), "NO_COLOR": "1", "TERM": "dumb"}
            )
        finally:
            os.chdir(old)
        after = path.read_text(encoding="utf-8")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise GeneratedError(f"headcheck {' '.join(args)} failed: {result.exception!r}")
    return _Run(tuple(args), result.output, result.exit_code, after)


def _target_args(target: str | None) -> list[str]:
    return ["--target", target] if target is not None else []


def _target_note(target: str | None) -> str:
    if target is None:
        return "the Keras generation detected from the imports"
    return f"`--target {target}` ({describe_target(target)})"


def _fence(code: str, lang: str, extra: str = "") -> list[str]:
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    ticks = "`" * max(3, longest + 1)
    return [f"{ticks}{lang}{extra}", code.rstrip("\n"), ticks]


def _title(command: str) -> str:
    return f' title="{command}"'


def _fix_section(rule: Rule, bad: InvalidCode) -> Iterator[str]:
    """What ``--fix`` does with a reported program: the fixed code, or why there is none."""
    options = _lint_options()
    if "--fix" not in options:
        return
    found = [
        f
        for f in lint_text(bad.code, _FILE, Options(target=bad.target)).findings
        if f.code == rule.code
    ]
    autofix = getattr(found[0], "autofix", None) if found else None
    safety = getattr(autofix, "safety", None)
    args = ["lint", "--fix"]
    if safety == "unsafe" and "--unsafe-fixes" in options:
        args.append("--unsafe-fixes")
    args += ["--select", rule.code, *_target_args(bad.target), _FILE]
    run = _run(bad.code, args)
    expected = getattr(bad, "fixed", None)
    changed = run.after != bad.code
    if expected is not None and run.after != expected:
        raise GeneratedError(
            f"{rule.code}: `{run.command}` does not produce the example's `fixed` code:\n"
            f"{run.after}"
        )
    if expected is None and changed:
        raise GeneratedError(
            f"{rule.code}: `{run.command}` changes an example that has no `fixed` code:\n"
            f"{run.after}"
        )
    yield ""
    if changed:
        how = "an unsafe fix: review it" if safety == "unsafe" else "a safe fix"
        description = getattr(autofix, "description", None)
        what = f": {description}" if description else ""
        yield f"After `{run.command}` ({how}{what}):"
        yield ""
        yield from _fence(run.after, "python", ' linenums="1"')
    else:
        reason = getattr(autofix, "reason", None)
        because = f": {reason}" if reason else "."
        yield f"`{run.command}` leaves this program unchanged{because}"


def _examples(rule: Rule) -> Iterator[str]:
    if not rule.INVALID_CODE and not rule.VALID_CODE:
        return
    yield "## Programs the test suite lints"
    yield ""
    yield (
        f"`tests/test_rule_code_examples.py` lints each program below: it requires {rule.code} "
        "at the highlighted line of every reported one (and only the codes named with it), no "
        "finding at all in the others, and that the fixer turns each reported program into the "
        "fixed code shown (or leaves it unchanged where none is shown). The outputs are what "
        "`headcheck` printed when this site was built."
    )
    for number, bad in enumerate(rule.INVALID_CODE, 1):
        yield ""
        yield f"### Reported ({number} of {len(rule.INVALID_CODE)})"
        yield ""
        also = f"; it also triggers {', '.join(bad.also)}" if bad.also else ""
        yield f"Linted with {_target_note(bad.target)}{also}."
        yield ""
        yield from _fence(bad.code, "python", f' linenums="1" hl_lines="{bad.line}"')
        yield ""
        run = _run(bad.code, ["lint", *_target_args(bad.target), _FILE])
        if run.exit_code != 1 or rule.code not in run.output:
            raise GeneratedError(
                f"{rule.code}: `{run.command}` exited {run.exit_code} without reporting "
                f"{rule.code}:\n{run.output}"
            )
        yield from _fence(run.output, "text", _title(run.command))
        yield from _fix_section(rule, bad)
    for number, good in enumerate(rule.VALID_CODE, 1):
        yield ""
        yield f"### Not reported ({number} of {len(rule.VALID_CODE)})"
        yield ""
        run = _run(good.code, ["lint", *_target_args(good.target), _FILE])
        if run.exit_code != 0:
            raise GeneratedError(
                f"{rule.code}: `{run.command}` exited {run.exit_code} on a valid example:\n"
                f"{run.output}"
            )
        yield f"Linted with {_target_note(good.target)}: `{run.output.strip()}`"
        yield ""
        yield from _fence(good.code, "python", ' linenums="1"')


def _title_and_body(rule: Rule) -> tuple[str, str]:
    doc = rule.documentation().strip("\n")
    first, _, rest = doc.partition("\n")
    return first.lstrip("# ").strip(), rest.strip("\n")


def rule_page(rule: Rule) -> str:
    """The Markdown page of one rule."""
    title, body = _title_and_body(rule)
    summary, _, rest = body.partition("\n\n")
    lines = [
        f"# {title}",
        "",
        f"**{summary.strip()}**",
        "",
        f"Default severity: {rule.severity}. `headcheck explain {rule.code}` prints this "
        "documentation "
        f"in the terminal; `# headcheck: ignore[{rule.code}]` on a finding's line silences it.",
        "",
        rest.strip("\n"),
        "",
        *_examples(rule),
        "",
        "[All rules](index.md)",
        "",
    ]
    return "\n".join(lines)


def rule_pages() -> dict[str, str]:
    """``{page path: Markdown}`` for every rule of the registry."""
    return {page_path(rule): rule_page(rule) for rule in RULES}


def index_page(intro: str) -> str:
    """The rules index: ``intro`` (the hand-written part) and a table of every rule."""
    rows = [
        "| code | name | severity | finds |",
        "| --- | --- | --- | --- |",
    ]
    for rule in RULES:
        link = page_path(rule).removeprefix("rules/")
        summary = rule.summary.replace("|", "\\|")
        rows.append(f"| [{rule.code}]({link}) | {rule.name} | {rule.severity} | {summary} |")
    return intro.rstrip("\n") + "\n\n" + "\n".join(rows) + "\n"
