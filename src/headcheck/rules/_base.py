"""The rule contract: one rule, one file, one class.

A rule carries its code, its name, its documentation (the class docstring, in the sections
*What it does / Why is this bad? / Example / Use instead / Fix safety / References*) and its
own examples: ``VALID`` heads it must stay silent on and ``INVALID`` heads it must report.
The test suite runs every rule's examples (``tests/test_rules.py``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from headcheck.facts import HeadFacts, Location
from headcheck.findings import Finding, Severity

__all__ = ["Rule"]


class Rule:
    """Base class: subclasses set the class attributes and implement :meth:`check`."""

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity] = "error"
    summary: ClassVar[str]
    VALID: ClassVar[tuple[HeadFacts, ...]] = ()
    INVALID: ClassVar[tuple[HeadFacts, ...]] = ()

    def check(self, facts: HeadFacts) -> Iterator[Finding]:
        """Yield a finding for each disagreement established by ``facts``."""
        raise NotImplementedError

    def finding(
        self,
        message: str,
        fix: str,
        location: Location,
        severity: Severity | None = None,
    ) -> Finding:
        """Build a finding of this rule."""
        return Finding(self.code, self.name, severity or self.severity, message, fix, location)

    @classmethod
    def documentation(cls) -> str:
        """The rule's documentation page (Markdown), from its docstring."""
        import inspect

        body = inspect.cleandoc(cls.__doc__ or "")
        return f"# {cls.code} {cls.name}\n\n{cls.summary}\n\n{body}\n"
