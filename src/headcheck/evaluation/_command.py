"""The ``headcheck eval`` command."""

from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path
from typing import Any

import click

from headcheck.evaluation._infer import OUTPUT_KINDS, TASKS

__all__ = ["eval_command"]

#: files larger than this (bytes, together) get a progress display on a terminal
PROGRESS_BYTES = 50_000_000


def _size(spec: str | None) -> int:
    if spec is None:
        return 0
    path = Path(spec.split(".npz:")[0].split(".parquet:")[0])
    return path.stat().st_size if path.is_file() else 0


@click.command("eval", short_help="Score outputs against labels with the metrics meant.")
@click.argument("preds")
@click.argument("labels", required=False)
@click.option("--weights", help="Per-sample weights: .npy, .npz[:key], .csv or .parquet[:col].")
@click.option("--outputs", "kind", type=click.Choice(OUTPUT_KINDS), help="What the outputs are.")
@click.option("--task", type=click.Choice(TASKS), help="The task, if not the one inferred.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
@click.option("--html", "html_path", type=click.Path(dir_okay=False), help="Write an HTML report.")
@click.option("--class-names", help="Comma-separated class (or label) names: a,b,c.")
@click.option(
    "--ci",
    type=click.Choice(["analytic", "bootstrap"]),
    default="analytic",
    show_default=True,
    help="Confidence intervals: Wilson/DeLong, or a percentile bootstrap.",
)
@click.option("--cost-fp", type=float, default=1.0, show_default=True)
@click.option("--cost-fn", type=float, default=1.0, show_default=True)
@click.option(
    "--memory",
    metavar="SIZE",
    help="Memory budget (512MB, 2GB, 1.5GiB; default 2GB; per worker with --engine dask): "
    "inputs that need more are evaluated out of core, within it.",
)
@click.option(
    "--engine",
    type=click.Choice(["auto", "memory", "streaming", "dask"]),
    default="auto",
    show_default=True,
    help="memory: load everything; streaming: out of core, in passes over .npy/Parquet "
    "(binary scores); dask: out of core on a Dask cluster (a Parquet dataset); auto: "
    "streaming for Parquet directories and inputs larger than --memory.",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="A running Dask scheduler (tcp://host:8786) for --engine dask; without it a local "
    "cluster of 2 worker processes is started.",
)
def eval_command(
    preds: str,
    labels: str | None,
    weights: str | None,
    kind: str | None,
    task: str | None,
    output_format: str,
    html_path: str | None,
    class_names: str | None,
    ci: str,
    cost_fp: float,
    cost_fn: float,
    memory: str | None,
    engine: str,
    scheduler: str | None,
) -> None:
    """Score model outputs PREDS against LABELS: what the outputs are, the right metrics,
    what Keras, torchmetrics and scikit-learn would have printed, thresholds, calibration.

    \b
    Examples:
      headcheck eval preds.npy labels.npy --html report.html
      headcheck eval scores/:p scores/:y --memory 2GB            (a Parquet directory)
      headcheck eval data/:p data/:y --engine dask --scheduler tcp://10.0.0.5:8786
    """
    from rich.console import Console

    from headcheck.arrays import load_array
    from headcheck.evaluation._engines import choose_engine, out_of_core
    from headcheck.evaluation._evaluate import evaluate
    from headcheck.evaluation._html import check_report_extra, write_html
    from headcheck.evaluation._ooc_report import Settings, render_note
    from headcheck.evaluation._render import render
    from headcheck.evaluation._sizes import DEFAULT_MEMORY, parse_size
    from headcheck.evaluation._undefined import UndefinedMetricWarning

    if html_path is not None:
        check_report_extra()
    # the report lists undefined metrics itself; do not print them twice as Python warnings
    warnings.simplefilter("ignore", UndefinedMetricWarning)
    console = Console(stderr=True)
    names = [n.strip() for n in class_names.split(",")] if class_names else None
    budget = parse_size(memory) if memory is not None else DEFAULT_MEMORY
    chosen = choose_engine(engine, preds, labels, weights, budget, scheduler)
    if chosen != "memory":
        settings = Settings(kind, task, names, ci, cost_fp, cost_fn)
        streamed = out_of_core(
            chosen,
            preds,
            labels,
            weights,
            memory=budget,
            settings=settings,
            scheduler=scheduler,
            html=html_path is not None,
            progress=console.is_terminal,
        )
        if output_format == "json":
            text = json.dumps(streamed.to_dict(), indent=2, ensure_ascii=False, allow_nan=False)
            click.echo(text)
            return
        screen = Console(file=sys.stdout, soft_wrap=False)
        render(streamed, screen)
        render_note(streamed, screen)
        return
    big = sum(_size(s) for s in (preds, labels, weights)) > PROGRESS_BYTES
    show = big and console.is_terminal and output_format == "text"
    status: Any = console.status("reading arrays…") if show else None
    if status is not None:
        status.start()
    try:
        outputs = load_array(preds, "predictions")
        truth = load_array(labels, "labels") if labels else None
        weight_values = load_array(weights, "weights") if weights else None
        if status is not None:
            status.update("computing metrics…")
        report = evaluate(
            truth,
            outputs,
            sample_weight=weight_values,
            outputs=kind,
            task=task,
            class_names=names,
            ci=ci,
            cost_fp=cost_fp,
            cost_fn=cost_fn,
        )
        if html_path is not None:
            if status is not None:
                status.update("writing the HTML report…")
            write_html(report, html_path, weight_values)
    finally:
        if status is not None:
            status.stop()
    if output_format == "json":
        click.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False, allow_nan=False))
        return
    out = Console(file=sys.stdout, soft_wrap=False)
    render(report, out)
    if html_path is not None:
        out.print(f"HTML report: {html_path}", markup=False)
