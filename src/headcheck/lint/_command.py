"""The ``headcheck lint`` command: options, configuration, files, run, output, exit code.

Exit codes: 0 no findings; 1 findings (a file that cannot be parsed is a finding, HC000,
and the run goes on); 2 bad usage or input (a path that does not exist, an unknown rule
prefix or target, a broken ``[tool.headcheck]``); 3 an internal error. With ``--fix`` the
findings are those left after fixing; with ``--diff``, 1 means the patch is not empty.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import click

from headcheck.lint._config import find_config
from headcheck.lint._engine import FileResult, Options, lint_path
from headcheck.lint._files import discover
from headcheck.lint._filters import Selection
from headcheck.lint._fixing import fix_files
from headcheck.lint._formats import FORMATS, render
from headcheck.targets import TARGETS, check_target

__all__ = ["lint", "lint_files"]

_PARALLEL_FROM = 64  # below this many files, starting workers costs more than it saves


def _one(job: tuple[Path, str, Options]) -> FileResult:
    path, shown, options = job
    return lint_path(path, shown, options)


def lint_files(files: Sequence[tuple[Path, str]], options: Options, jobs: int) -> list[FileResult]:
    """Lint ``files`` in order; in ``jobs`` worker processes when there are many."""
    work = [(path, shown, options) for path, shown in files]
    if jobs <= 1 or len(work) < _PARALLEL_FROM:
        return [_one(job) for job in work]
    import multiprocessing

    context = multiprocessing.get_context("fork" if os.name == "posix" else None)
    chunk = max(1, len(work) // (jobs * 4))
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        return list(pool.map(_one, work, chunksize=chunk))


@click.command(short_help="Find (and --fix) head, loss, metric and label mismatches.")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--select", multiple=True, help="Only these codes or prefixes (HC1, HC302, ALL).")
@click.option("--ignore", multiple=True, help="Skip these codes or prefixes (repeatable).")
@click.option("--exclude", multiple=True, help="Glob of files/directories to skip (repeatable).")
@click.option("--target", help=f"Keras generation to judge by: {', '.join(TARGETS[:4])}.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
)
@click.option("--statistics", is_flag=True, help="Count findings per rule instead of listing.")
@click.option("--no-gitignore", is_flag=True, help="Also lint files .gitignore excludes.")
@click.option("--jobs", type=click.IntRange(min=1), help="Worker processes (default: CPUs).")
@click.option("--fix", is_flag=True, help="Apply the safe fixes to .py files and notebooks.")
@click.option(
    "--unsafe-fixes",
    is_flag=True,
    help="With --fix or --diff, also apply the fixes that can change results (see each "
    "rule's Fix safety).",
)
@click.option("--diff", is_flag=True, help="Print the fixes as a patch; change no file.")
@click.pass_context
def lint(
    ctx: click.Context,
    paths: tuple[str, ...],
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    exclude: tuple[str, ...],
    target: str | None,
    output_format: str,
    statistics: bool,
    no_gitignore: bool,
    jobs: int | None,
    fix: bool,
    unsafe_fixes: bool,
    diff: bool,
) -> None:
    """Find where head, loss, metrics and labels disagree in .py files, notebooks and saved
    Keras models (.keras, .h5, SavedModel folders).

    \b
    PATHS are files or directories (default: the current directory). Code and models are
    read as data, never imported, run or deserialised. Exit code 0: no findings;
    1: findings; 2: bad usage or input.
    \b
    Example:
      headcheck lint src/ notebooks/ --ignore HC303 --format github
      headcheck lint train.py --diff --unsafe-fixes
    """
    if unsafe_fixes and not (fix or diff):
        raise click.UsageError("--unsafe-fixes only applies with --fix or --diff")
    if fix and diff:
        raise click.UsageError("--fix writes the fixes and --diff only shows them: choose one")
    given = list(paths) or ["."]
    config = find_config(Path(given[0]))
    chosen_target = target or config.target
    if chosen_target is not None:
        check_target(chosen_target)
    selection = Selection.of(select or config.select, (*config.ignore, *ignore))
    files = discover(given, (*config.exclude, *exclude), config.root, gitignore=not no_gitignore)
    options = Options(selection, chosen_target)
    if diff or fix:
        run = fix_files(files, options, unsafe=unsafe_fixes, write=fix)
        if diff:
            patch = run.diff()
            click.echo(patch, nl=False)
            run.report(written=False)
            if patch:
                ctx.exit(1)
            return
        run.report(written=True)
    results = lint_files(files, options, jobs or os.cpu_count() or 1)
    click.echo(render(results, output_format, statistics=statistics), nl=False)
    if not files and output_format == "text":
        click.echo("headcheck: warning: no .py or .ipynb files found", err=True)
    if any(result.findings for result in results):
        ctx.exit(1)
