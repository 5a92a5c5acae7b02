"""The demo's training part as text: per script, what was reported, what is true, the fix."""

from __future__ import annotations

from headcheck.demo._training import Run, TrainedCase

__all__ = ["training_text"]

_DATA = {
    "breast_cancer": "breast cancer (binary)",
    "digits": "digits (10 classes)",
    "digits_multilabel": "digits, 3 labels per image (even, ≥ 5, prime)",
}
_FRAMEWORK = {"keras": "Keras 3 (torch backend)", "torch": "PyTorch"}


def _numbers(values: dict[str, float]) -> str:
    return ", ".join(f"{name} {value:.3f}" for name, value in values.items()) or "nothing"


def _run_line(label: str, run: Run | None, framework: str) -> list[str]:
    if run is None:
        return []
    who = "Keras" if framework == "keras" else "the script"
    if run.error is not None:
        return [f"  {label}: it fails: {run.error}"]
    return [
        f"  {label}: {who} reported {_numbers(run.reported)}",
        f"  {' ' * len(label)}  true, from its outputs: {_numbers(run.true)}"
        + (f" ({run.rule})" if run.rule else ""),
    ]


def training_text(cases: list[TrainedCase]) -> str:
    """Every trained case, then the totals."""
    lines = ["", "Training the seed configurations on real data (scikit-learn's data sets)", ""]
    for case in cases:
        script = case.script
        seed = f"Seed {script.seed} · " if script.seed else ""
        lines.append(f"{seed}{_FRAMEWORK[script.framework]} · {_DATA[script.data]}")
        lines.append(f"  {script.question}")
        if case.findings:
            found = " · ".join(f"line {f.location.line} {f.code} {f.name}" for f in case.findings)
            lines.append(f"  headcheck lint: {found}")
        else:
            lines.append("  headcheck lint: no finding")
        lines += _run_line("as written", case.buggy, script.framework)
        if case.diff:
            flag = " --unsafe-fixes" if case.unsafe else ""
            lines.append(f"  headcheck lint --fix{flag}:")
            lines += [
                f"    {line}"
                for line in case.diff.splitlines()
                if line[:1] in "+-" and line[:3] not in ("+++", "---")
            ]
            lines += _run_line("after the fix", case.fixed, script.framework)
        lines.append("")
    return "\n".join(lines) + "\n"
