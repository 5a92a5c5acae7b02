"""``headcheck eval --html``: one self-contained, offline HTML file (Jinja2, inline SVG).

Every user string (class names, notes) goes through Jinja2's autoescaping; plots are
Matplotlib SVG with text drawn as paths.
"""

from __future__ import annotations

import math
import os
import tempfile
from pathlib import Path
from typing import Any

from headcheck._errors import InputError
from headcheck.evaluation._report import EvalReport
from headcheck.targets import describe_target

__all__ = ["REPORT_EXTRA", "check_report_extra", "render_html", "write_html"]

REPORT_EXTRA = "pip install 'headcheck[report]'"


def _template_text() -> str:
    from importlib import resources

    return (resources.files("headcheck.evaluation") / "report.html.j2").read_text("utf-8")


def check_report_extra() -> None:
    """Raise :class:`InputError` naming the extra when Jinja2 or Matplotlib is missing."""
    try:
        import jinja2  # noqa: F401
        import matplotlib  # noqa: F401
    except ImportError as exc:
        raise InputError(
            f"--html needs Jinja2 and Matplotlib ({exc.name} is missing); install them with "
            f"{REPORT_EXTRA}"
        ) from None


def _fmt(value: float | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return f"{value:.4f}"


def _cell(value: Any) -> str:
    if isinstance(value, float) or value is None:
        return _fmt(value)
    return str(value)


def render_html(report: EvalReport, weights: Any = None) -> str:
    """The report as one HTML document (string)."""
    check_report_extra()
    import jinja2

    from headcheck.evaluation._plots import figures

    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    template = env.from_string(_template_text())
    metrics = report.metrics() or {}
    classes = metrics.get("per_class") or metrics.get("per_label") or []
    class_keys = list(classes[0].keys()) if classes else []
    told = [
        {
            "who": describe_target(t.reported.target, t.reported.backend),
            "metric": t.reported.metric or "-",
            "value": _fmt(t.reported.value),
            "why": t.difference,
        }
        for t in report.told
    ]
    return template.render(
        inf=report.inference,
        rule=report.to_dict()["decision"]["rule"],
        analysis=report.analysis,
        headline=[(n, _fmt(v)) for n, v in report.headline()],
        intervals=list(report.intervals.items()),
        classes=classes[:200],
        class_keys=class_keys,
        told=told,
        correct=report.correct_accuracy,
        plots=figures(report, weights),
        warnings=report.warnings,
        class_names=report.class_names[:100],
        fmt=_fmt,
        cell=_cell,
    )


def write_html(report: EvalReport, path: str | Path, weights: Any = None) -> None:
    """Render and write atomically: a failure leaves no partial file behind."""
    target = Path(path)
    html = render_html(report, weights)
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise InputError(f"cannot write {target}: folder {directory} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=".headcheck-", suffix=".html", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(html)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
