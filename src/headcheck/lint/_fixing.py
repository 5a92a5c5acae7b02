"""``headcheck lint --fix`` / ``--diff``: fix the discovered files, write or show the change.

Only ``.py`` files and notebooks are fixed; saved models are read-only data. A file that
cannot be decoded as UTF-8 is skipped with a message. Files are written only when their
text changed, byte for byte as the fixer returned them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import click

from headcheck.fixes._run import FixOutcome, fix_file
from headcheck.lint._engine import Options

__all__ = ["FixRun", "fix_files"]

_FIXABLE_SUFFIXES = (".py", ".ipynb")


@dataclass
class FixRun:
    """What ``--fix``/``--diff`` did over all files."""

    outcomes: list[FixOutcome] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)

    @property
    def applied(self) -> int:
        return sum(len(o.applied) for o in self.outcomes)

    @property
    def resolved(self) -> int:
        return sum(o.resolved for o in self.outcomes)

    @property
    def unsafe_left(self) -> int:
        return sum(len(o.unsafe_left) for o in self.outcomes)

    @property
    def changed(self) -> list[FixOutcome]:
        return [o for o in self.outcomes if o.changed]

    def diff(self) -> str:
        return "".join(o.diff() for o in self.changed)

    def report(self, *, written: bool) -> None:
        """Say on stderr what was fixed, what was not and why, and what more could be."""
        for path, reason in self.skipped:
            click.echo(f"headcheck: {path}: not fixed: {reason}", err=True)
        for outcome in self.outcomes:
            for finding, reason in outcome.failed:
                click.echo(f"{finding.location}: {finding.code} not fixed: {reason}", err=True)
        verb = "Fixed" if written else "Would fix"
        files = len(self.changed)
        line = (
            f"{verb} {self.resolved} finding{'s' if self.resolved != 1 else ''} in {files} "
            f"file{'s' if files != 1 else ''}"
        )
        if self.applied != self.resolved:
            line += f" with {self.applied} fix{'es' if self.applied != 1 else ''}"
        if self.unsafe_left:
            line += f" ({self.unsafe_left} more with --unsafe-fixes)"
        click.echo(line + ".", err=True)


def fix_files(
    files: Sequence[tuple[Path, str]], options: Options, *, unsafe: bool, write: bool
) -> FixRun:
    """Fix every ``.py``/``.ipynb`` file of ``files``; write the changed ones if ``write``."""
    run = FixRun()
    for path, shown in files:
        if path.suffix not in _FIXABLE_SUFFIXES:
            continue
        try:
            outcome = fix_file(path, shown, options, unsafe=unsafe)
        except UnicodeDecodeError:
            run.skipped.append((shown, "the file is not UTF-8 text"))
            continue
        except OSError as exc:
            run.skipped.append((shown, f"cannot read the file: {exc.strerror or exc}"))
            continue
        except ValueError as exc:  # a notebook that is not valid JSON
            run.skipped.append((shown, f"cannot read the notebook: {exc}"))
            continue
        run.outcomes.append(outcome)
        if write and outcome.changed:
            path.write_bytes(outcome.after.encode("utf-8"))
    return run
