"""The ``headcheck`` command line.

Exit codes: 0 success; 1 findings (where a command is asked to fail on them); 2 bad usage or
bad input (one line on stderr says what was wrong and what is accepted); 3 an internal error
(a bug in headcheck: one line, no traceback, and a request to report it).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

import click

from headcheck._errors import HeadcheckError
from headcheck.evaluation._command import eval_command
from headcheck.facts import LABEL_FORMATS, POSTPROCESSES
from headcheck.lint._command import lint
from headcheck.targets import BACKENDS, TARGETS

__all__ = ["main"]

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def _fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    click.echo(f"headcheck: error: {message}", err=True)
    sys.exit(code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="headcheck")
def cli() -> None:
    """headcheck: what a classifier's outputs are, how each framework scores them, and where
    head, loss, metrics and labels disagree."""


@cli.command(short_help="What a head's outputs are, how each framework scores them.")
@click.argument("subject", required=False)
@click.option("--units", type=click.IntRange(min=1), help="Units of the last layer.")
@click.option(
    "--activation",
    help="Final activation (linear, sigmoid, softmax, log_softmax, relu, tanh, ...).",
)
@click.option("--loss", help="Loss: binary_crossentropy, CategoricalCrossentropy, BCELoss, ...")
@click.option("--from-logits", is_flag=True, help="The loss object has from_logits=True.")
@click.option("--label-smoothing", type=float, default=0.0, show_default=True)
@click.option(
    "--metric",
    "metrics",
    multiple=True,
    help="A metric, repeatable: accuracy, auc, 'BinaryAccuracy(threshold=0.0)', ...",
)
@click.option(
    "--labels", help=f"Label encoding: {', '.join(f.replace('_', '-') for f in LABEL_FORMATS)}."
)
@click.option("--num-classes", type=click.IntRange(min=1), help="Number of classes.")
@click.option(
    "--target",
    default="keras3",
    show_default=True,
    help=f"Framework generation: {', '.join(TARGETS)}.",
)
@click.option("--backend", help=f"Keras 3 backend: {', '.join(BACKENDS)}.")
@click.option(
    "--from-logits-in-compile",
    is_flag=True,
    help="from_logits was passed to model.compile().",
)
@click.option(
    "--postprocess",
    multiple=True,
    help=f"Post-processing applied to predictions: {', '.join(POSTPROCESSES)}.",
)
@click.option("--outputs", "outputs_file", help="Model outputs: .npy, .npz[:key] or .csv.")
@click.option("--labels-file", help="True labels for those outputs: .npy, .npz[:key] or .csv.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
def explain(
    subject: str | None,
    units: int | None,
    activation: str | None,
    loss: str | None,
    from_logits: bool,
    label_smoothing: float,
    metrics: Sequence[str],
    labels: str | None,
    num_classes: int | None,
    target: str,
    backend: str | None,
    from_logits_in_compile: bool,
    postprocess: Sequence[str],
    outputs_file: str | None,
    labels_file: str | None,
    output_format: str,
) -> None:
    """Explain a head described by flags, a rule (`headcheck explain HC101`), or every head
    in a file (`headcheck explain train.py`).

    \b
    Example:
      headcheck explain --units 1 --activation linear --loss binary_crossentropy \\
          --metric accuracy --target tf.keras --outputs preds.npy --labels-file y.npy
    """
    from headcheck.arrays import load_array
    from headcheck.explanation import explain as build
    from headcheck.head import Head
    from headcheck.rules import rule_by_code

    if subject is not None:
        from pathlib import Path

        if subject.upper().startswith("HC") and not Path(subject).exists():
            click.echo(rule_by_code(subject).documentation())
            return
        if Path(subject).is_file() or subject.endswith((".py", ".ipynb")):
            from headcheck.lint._explain import explain_file

            given = click.get_current_context().get_parameter_source("target")
            chosen = None if given == click.core.ParameterSource.DEFAULT else target
            click.echo(explain_file(subject, chosen, output_format), nl=False)
            return
        _fail(
            f"cannot explain {subject!r}: give a rule code such as HC101, a .py/.ipynb file, "
            "or describe the head with --units/--activation/--loss/--metric"
        )
    if units is None and activation is None and loss is None and outputs_file is None:
        _fail(
            "nothing to explain: describe the head with --units, --activation, --loss and "
            "--metric, or give --outputs FILE (see `headcheck explain --help`)"
        )
    if labels_file is not None and outputs_file is None:
        _fail("--labels-file needs --outputs: give the model outputs the labels belong to")
    head = Head(
        units=units,
        activation=activation,
        loss=loss,
        from_logits=from_logits,
        label_smoothing=label_smoothing,
        metrics=tuple(metrics),
        labels=labels,
        num_classes=num_classes,
        target=target,
        backend=backend,
        from_logits_in_compile=from_logits_in_compile,
        postprocess=tuple(postprocess),
    )
    outputs = load_array(outputs_file, "outputs") if outputs_file else None
    true = load_array(labels_file, "labels") if labels_file else None
    explanation = build(head, outputs=outputs, labels=true)
    if output_format == "json":
        click.echo(json.dumps(explanation.to_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(explanation.to_text(), nl=False)


@cli.command(short_help="List the rules: code, name, severity, summary.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
def rules(output_format: str) -> None:
    """List the rules: code, name, severity and what each finds."""
    from headcheck.rules import RULES

    if output_format == "json":
        payload: list[dict[str, Any]] = [
            {"code": r.code, "name": r.name, "severity": r.severity, "summary": r.summary}
            for r in RULES
        ]
        click.echo(json.dumps(payload, indent=2))
        return
    for r in RULES:
        click.echo(f"{r.code}  {r.name:<34} {r.severity:<8} {r.summary}")


@cli.command(short_help="Answer the seed questions; train them before and after --fix.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
@click.option(
    "--train/--no-train",
    default=True,
    show_default=True,
    help="Also train the seed configurations on real data, before and after --fix "
    "(text output; needs Keras 3, PyTorch and scikit-learn).",
)
@click.option(
    "--html",
    "html_path",
    default="headcheck-demo-report.html",
    show_default=True,
    type=click.Path(dir_okay=False),
    help="Where the training part writes its HTML report.",
)
def demo(output_format: str, train: bool, html_path: str) -> None:
    """Answer every question of the bundled seed documents, with their own numbers, then
    train their configurations on real data before and after `headcheck lint --fix`."""
    from headcheck.demo import run_demo, run_training

    click.echo(run_demo(output_format), nl=False)
    if train and output_format == "text":
        run_training(html_path)


cli.add_command(lint)
cli.add_command(eval_command)


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point: run the CLI and turn every error into one line and an exit code."""
    try:
        code = cli.main(
            args=list(argv) if argv is not None else None,
            prog_name="headcheck",
            standalone_mode=False,
        )
        if isinstance(code, int) and code != EXIT_OK:  # ctx.exit(n) returns n here
            sys.exit(code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        _fail("aborted", EXIT_USAGE)
    except click.ClickException as exc:
        ctx_hint = ""
        if isinstance(exc, click.UsageError) and exc.ctx is not None:
            ctx_hint = f" (see `{exc.ctx.command_path} --help`)"
        _fail(exc.format_message() + ctx_hint, EXIT_USAGE)
    except HeadcheckError as exc:
        _fail(str(exc), EXIT_USAGE)
    except BrokenPipeError:
        sys.exit(EXIT_OK)
    except Exception as exc:  # a bug in headcheck: say so without a traceback
        _fail(
            f"internal error ({type(exc).__name__}: {exc}); please report it with the command "
            "you ran",
            EXIT_INTERNAL,
        )
    sys.exit(EXIT_OK)


if __name__ == "__main__":  # pragma: no cover
    main()
