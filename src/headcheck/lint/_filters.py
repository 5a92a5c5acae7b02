"""Which findings to keep: ``--select``/``--ignore`` by code prefix, inline suppressions.

``# headcheck: ignore[HC101, HC302]`` on a finding's line drops those codes
there; ``# headcheck: ignore`` drops every code on that line. Parse errors (HC000)
are always reported unless ``--ignore`` matches them; ``--select`` does not hide them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from headcheck._errors import HeadcheckError
from headcheck.findings import Finding
from headcheck.lint._source import Source

__all__ = ["ALL_CODES", "PARSE_ERROR", "Selection", "suppressed", "suppressions"]

PARSE_ERROR: Final = "HC000"
_COMMENT: Final = re.compile(r"#\s*headcheck:\s*ignore(?:\[([^\]]*)\])?", re.IGNORECASE)


def _all_codes() -> tuple[str, ...]:
    from headcheck.rules import RULES

    return (PARSE_ERROR, *(rule.code for rule in RULES))


ALL_CODES: Final = _all_codes()


def _check(prefixes: Iterable[str], option: str) -> tuple[str, ...]:
    cleaned: list[str] = []
    for raw in prefixes:
        for part in raw.split(","):
            prefix = part.strip().upper()
            if not prefix:
                continue
            if prefix != "ALL" and not any(code.startswith(prefix) for code in ALL_CODES):
                raise HeadcheckError(
                    f"{option} {prefix!r} matches no rule code; codes are HC000 and "
                    f"{ALL_CODES[1]}..{ALL_CODES[-1]} (prefixes such as HC1 or HC30 work too)"
                )
            cleaned.append(prefix)
    return tuple(cleaned)


@dataclass(frozen=True)
class Selection:
    """The codes a run reports."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    @classmethod
    def of(cls, select: Sequence[str], ignore: Sequence[str]) -> Selection:
        """Validate prefixes (``HC1``, ``HC302``, ``ALL``; comma lists allowed)."""
        return cls(_check(select, "--select"), _check(ignore, "--ignore"))

    def keeps(self, code: str) -> bool:
        """``--ignore`` drops any code it matches; ``--select`` never hides parse errors."""
        if any(p == "ALL" or code.startswith(p) for p in self.ignore):
            return False
        if code == PARSE_ERROR or not self.select:
            return True
        return any(p == "ALL" or code.startswith(p) for p in self.select)


def suppressions(source: Source) -> dict[tuple[int | None, int], frozenset[str] | None]:
    """``(cell, line) -> codes`` suppressed there (``None``: every code)."""
    found: dict[tuple[int | None, int], frozenset[str] | None] = {}
    if "headcheck" not in source.text:
        return found
    for number, line in enumerate(source.text.splitlines(), start=1):
        if "#" not in line:
            continue
        match = _COMMENT.search(line)
        if match is None:
            continue
        where = source.locate(number, None)
        if where.line is None:
            continue
        codes = match.group(1)
        key = (where.cell, where.line)
        if codes is None:
            found[key] = None
        else:
            found[key] = frozenset(c.strip().upper() for c in codes.split(",") if c.strip())
    return found


def suppressed(
    finding: Finding, table: dict[tuple[int | None, int], frozenset[str] | None]
) -> bool:
    """True when an inline comment on the finding's line suppresses it."""
    if finding.location.line is None or finding.code == PARSE_ERROR:
        return False
    key = (finding.location.cell, finding.location.line)
    if key not in table:
        return False
    codes = table[key]
    return codes is None or finding.code in codes
