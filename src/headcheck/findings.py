"""What a rule reports: a :class:`Finding`, the same from every source and in every format."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from headcheck.facts import Location
from headcheck.fixes._edits import Autofix, NoAutofix

__all__ = ["Finding", "Severity"]

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Finding:
    """One disagreement between head, loss, metrics and labels.

    ``message`` says what is wrong in this case, in the framework's own words; ``fix`` says
    what to write instead (a sentence, possibly with code); ``location`` says where;
    ``autofix`` is the rewrite ``headcheck lint --fix`` can apply (or why it cannot choose one).
    """

    code: str
    name: str
    severity: Severity
    message: str
    fix: str
    location: Location
    autofix: Autofix | NoAutofix | None = field(default=None, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (see ``docs/json-schema.md``)."""
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity,
            "message": self.message,
            "fix": self.fix,
            "location": {
                "path": self.location.path,
                "line": self.location.line,
                "column": self.location.column,
                "cell": self.location.cell,
            },
        }
