"""The rule contract: one rule, one file, one class.

A rule carries its code, its name, its documentation (the class docstring, in the sections
*What it does / Why is this bad? / Example / Use instead / Fix safety / References*) and its
own examples at two levels:

- ``VALID`` / ``INVALID``: heads (:class:`~headcheck.facts.HeadFacts`) it must stay silent on
  and must report (run by ``tests/test_rules.py``);
- ``VALID_CODE`` / ``INVALID_CODE``: Keras and PyTorch programs that ``headcheck lint`` must
  leave alone, and must report with this rule's code at the given line (run by
  ``tests/test_rule_code_examples.py``).
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from headcheck.facts import HeadFacts, Location
from headcheck.findings import Finding, Severity
from headcheck.fixes._edits import Autofix, NoAutofix
from headcheck.targets import check_target

__all__ = ["InvalidCode", "Rule", "ValidCode"]


def _snippet(code: str) -> str:
    """The code as written in the rule file: dedented, without the newline after the quotes."""
    return textwrap.dedent(code).lstrip("\n")


@dataclass(frozen=True)
class ValidCode:
    """A program the linter must leave without any finding.

    ``code`` is dedented and its leading newline dropped, so that line 1 is the first line of
    code; ``target`` lints it for that Keras generation (as ``--target`` would).
    """

    code: str
    target: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "code", _snippet(self.code))
        if self.target is not None:
            check_target(self.target)


@dataclass(frozen=True)
class InvalidCode:
    """A program the linter must report at ``line`` (1-based) with this rule's code alone.

    ``code`` and ``target`` are as for :class:`ValidCode`; ``also`` lists other codes the
    program unavoidably triggers as well (prefer programs that isolate the rule). ``fixed``
    is the program after ``headcheck lint --fix --unsafe-fixes`` restricted to this rule
    (``None``: the rule offers no fix for it, and the fixer must leave it unchanged).
    """

    code: str
    line: int
    target: str | None = None
    also: tuple[str, ...] = ()
    fixed: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "code", _snippet(self.code))
        if self.fixed is not None:
            object.__setattr__(self, "fixed", _snippet(self.fixed))
        if self.target is not None:
            check_target(self.target)
        if not 1 <= self.line <= len(self.code.splitlines()):
            raise ValueError(f"line {self.line} is outside the example's code")


class Rule:
    """Base class: subclasses set the class attributes and implement :meth:`check`."""

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity] = "error"
    summary: ClassVar[str]
    VALID: ClassVar[tuple[HeadFacts, ...]] = ()
    INVALID: ClassVar[tuple[HeadFacts, ...]] = ()
    VALID_CODE: ClassVar[tuple[ValidCode, ...]] = ()
    INVALID_CODE: ClassVar[tuple[InvalidCode, ...]] = ()

    def check(self, facts: HeadFacts) -> Iterator[Finding]:
        """Yield a finding for each disagreement established by ``facts``."""
        raise NotImplementedError

    def finding(
        self,
        message: str,
        fix: str,
        location: Location,
        severity: Severity | None = None,
        autofix: Autofix | NoAutofix | None = None,
    ) -> Finding:
        """Build a finding of this rule (with the rewrite ``--fix`` may apply, if any)."""
        return Finding(
            self.code, self.name, severity or self.severity, message, fix, location, autofix
        )

    @classmethod
    def documentation(cls) -> str:
        """The rule's documentation page (Markdown), from its docstring."""
        import inspect

        body = inspect.cleandoc(cls.__doc__ or "")
        return f"# {cls.code} {cls.name}\n\n{cls.summary}\n\n{body}\n"
