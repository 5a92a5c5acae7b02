"""Output formats of ``headcheck lint``: text, JSON (``headcheck.lint/1``), SARIF 2.1.0 and
GitHub workflow annotations. Each takes the per-file results and returns the whole output."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import Any, Final
from urllib.parse import quote

from headcheck.findings import Finding
from headcheck.fixes._edits import Autofix, NoAutofix
from headcheck.lint._engine import FileResult
from headcheck.lint._filters import PARSE_ERROR

__all__ = ["FORMATS", "render"]

FORMATS: Final = ("text", "json", "sarif", "github")
SCHEMA: Final = "headcheck.lint/1"
SARIF_SCHEMA: Final = "https://json.schemastore.org/sarif-2.1.0.json"
_PARSE_ERROR_SUMMARY: Final = "the file (or a notebook cell) cannot be parsed as Python"


def _version() -> str:
    from headcheck import __version__

    return __version__


def _findings(results: Sequence[FileResult]) -> list[Finding]:
    return [f for result in results for f in result.findings]


def _statistics(findings: Sequence[Finding]) -> list[dict[str, Any]]:
    counts = Counter((f.code, f.name) for f in findings)
    return [
        {"code": code, "name": name, "count": count}
        for (code, name), count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][0]))
    ]


def _text(results: Sequence[FileResult], statistics: bool) -> str:
    findings = _findings(results)
    lines: list[str] = []
    if statistics:
        for row in _statistics(findings):
            lines.append(f"{row['count']:>5}  {row['code']}  {row['name']}")
    else:
        for f in findings:
            lines.append(f"{f.location}: {f.code} {f.name} [{f.severity}] {f.message}")
            lines.append(f"    fix: {f.fix}")
            if isinstance(f.autofix, Autofix):
                how = "--fix" if f.autofix.safety == "safe" else "--fix --unsafe-fixes"
                lines.append(f"    {how} will {f.autofix.description} ({f.autofix.safety})")
    files = len(results)
    noun = "file" if files == 1 else "files"
    safe = sum(1 for f in findings if isinstance(f.autofix, Autofix) and f.autofix.safety == "safe")
    unsafe = sum(
        1 for f in findings if isinstance(f.autofix, Autofix) and f.autofix.safety == "unsafe"
    )
    if (safe or unsafe) and not statistics:
        lines.append(
            f"{safe} fixable with --fix"
            + (f" ({unsafe} more with --unsafe-fixes)" if unsafe else "")
            + "."
        )
    if findings:
        with_findings = sum(1 for r in results if r.findings)
        lines.append(
            f"Found {len(findings)} finding{'s' if len(findings) != 1 else ''} in "
            f"{with_findings} of {files} {noun}."
        )
    else:
        lines.append(f"All checks passed ({files} {noun}).")
    return "\n".join(lines) + "\n"


def _json(results: Sequence[FileResult]) -> str:
    findings = _findings(results)
    payload = {
        "schema": SCHEMA,
        "version": _version(),
        "files_checked": len(results),
        "files_unparsable": sum(1 for r in results if not r.parsed),
        "findings": [{**f.to_dict(), "autofix": _autofix(f)} for f in findings],
        "statistics": _statistics(findings),
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def _autofix(finding: Finding) -> dict[str, Any] | None:
    fix = finding.autofix
    if isinstance(fix, Autofix):
        return {"available": True, "safety": fix.safety, "description": fix.description}
    if isinstance(fix, NoAutofix):
        return {"available": False, "reason": fix.reason}
    return None


def _level(severity: str) -> str:
    return {"error": "error", "warning": "warning"}.get(severity, "note")


def _sarif_rules() -> list[dict[str, Any]]:
    from headcheck.rules import RULES

    rules: list[dict[str, Any]] = [
        {
            "id": PARSE_ERROR,
            "name": "parse-error",
            "shortDescription": {"text": _PARSE_ERROR_SUMMARY},
            "defaultConfiguration": {"level": "error"},
        }
    ]
    for rule in RULES:
        doc = rule.documentation()
        rules.append(
            {
                "id": rule.code,
                "name": rule.name,
                "shortDescription": {"text": rule.summary},
                "help": {"text": doc, "markdown": doc},
                "defaultConfiguration": {"level": _level(rule.severity)},
            }
        )
    return rules


def _sarif(results: Sequence[FileResult]) -> str:
    rules = _sarif_rules()
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    sarif_results: list[dict[str, Any]] = []
    for f in _findings(results):
        physical: dict[str, Any] = {
            "artifactLocation": {"uri": quote(f.location.path or "", safe="/:")}
        }
        if f.location.line is not None and f.location.line >= 1:
            region: dict[str, Any] = {"startLine": f.location.line}
            if f.location.column is not None and f.location.column >= 1:
                region["startColumn"] = f.location.column
            physical["region"] = region
        entry: dict[str, Any] = {
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": _level(f.severity),
            "message": {"text": f"{f.message}. Fix: {f.fix}"},
            "locations": [{"physicalLocation": physical}],
        }
        if f.location.cell is not None:
            entry["properties"] = {"notebookCell": f.location.cell}
        sarif_results.append(entry)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "headcheck",
                        "version": _version(),
                        "semanticVersion": _version(),
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": sarif_results,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _escape(text: str, *, property_value: bool) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def _github(results: Sequence[FileResult]) -> str:
    lines: list[str] = []
    for f in _findings(results):
        command = {"error": "error", "warning": "warning"}.get(f.severity, "notice")
        props = [f"file={_escape(f.location.path or '', property_value=True)}"]
        if f.location.line is not None:
            props.append(f"line={f.location.line}")
        if f.location.column is not None:
            props.append(f"col={f.location.column}")
        props.append(f"title={_escape(f'{f.code} {f.name}', property_value=True)}")
        cell = f"cell {f.location.cell}: " if f.location.cell is not None else ""
        message = _escape(f"{cell}{f.message} (fix: {f.fix})", property_value=False)
        lines.append(f"::{command} {','.join(props)}::{message}")
    return "".join(line + "\n" for line in lines)


def render(results: Sequence[FileResult], output_format: str, *, statistics: bool = False) -> str:
    """The whole output of a run in ``output_format`` (one of :data:`FORMATS`)."""
    if output_format == "json":
        return _json(results)
    if output_format == "sarif":
        return _sarif(results)
    if output_format == "github":
        return _github(results)
    return _text(results, statistics)
