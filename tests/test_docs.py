"""The documentation site: built once (``mkdocs build --strict``, as ``scripts/docs.sh`` does)
and read back, plus the examples of its pages run here and compared with the pages.

The build runs with ``HEADCHECK_DOCS_SKIP_EXAMPLES=1`` and the examples are run by the tests
below instead (``scripts/docs.sh`` runs them all inside the build, the Keras page included).
"""

from __future__ import annotations

import html
import importlib.metadata
import importlib.util
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

import click
import numpy as np
import pytest
import yaml
from click.testing import CliRunner

import headcheck
from headcheck.cli import cli
from headcheck.rules import RULES

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
sys.path.insert(0, str(DOCS))

from _docgen import examples  # noqa: E402

# Pages whose examples run here; the Keras page's run in the build only (scripts/docs.sh),
# because a Keras backend is chosen once per process.
PAGES_RUN_HERE = ("accuracy.md", "getting-started.md", "integrations/pytorch.md")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site, built into a temporary folder with warnings as errors."""
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "HEADCHECK_DOCS_SKIP_EXAMPLES": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, log
    assert [line for line in log.splitlines() if line.startswith("WARNING")] == [], log
    return out


def _text(page: Path) -> str:
    """The visible text of a built page's article (tags removed, entities decoded)."""
    source = page.read_text(encoding="utf-8")
    article = re.search(r"<article.*?</article>", source, re.DOTALL)
    assert article is not None, page
    return html.unescape(re.sub(r"<[^>]+>", "", article.group(0)))


def _commands(
    command: click.Command, path: str = "headcheck"
) -> Iterator[tuple[str, click.Command]]:
    yield path, command
    if isinstance(command, click.Group):
        for name, sub in sorted(command.commands.items()):
            yield from _commands(sub, f"{path} {name}")


# -- every rule has a page ---------------------------------------------------------------------


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_every_rule_has_a_page_made_from_its_documentation(site: Path, rule: Any) -> None:
    page = site / "rules" / rule.code.lower() / "index.html"
    assert page.is_file(), f"no page for {rule.code}"
    text = _text(page)
    assert f"{rule.code} {rule.name}" in text
    assert rule.summary.replace("`", "") in text
    for heading in re.findall(r"^## (.+)$", rule.__doc__ or "", re.MULTILINE):
        assert heading.strip() in text, f"{rule.code}: section {heading!r} missing"
    assert text.count("Reported (") == len(rule.INVALID_CODE)
    assert text.count("Not reported (") == len(rule.VALID_CODE)
    for example in rule.INVALID_CODE:
        fixed = getattr(example, "fixed", None)
        if fixed is not None:
            last_line = fixed.strip().splitlines()[-1].strip()
            assert last_line in text


def test_rules_index_links_every_rule(site: Path) -> None:
    index = (site / "rules" / "index.html").read_text(encoding="utf-8")
    for rule in RULES:
        assert f'href="{rule.code.lower()}/"' in index, rule.code


# -- every CLI option is in the reference ----------------------------------------------------


def test_every_command_and_option_is_in_the_cli_reference(site: Path) -> None:
    text = _text(site / "reference" / "cli" / "index.html")
    missing = []
    for path, command in _commands(cli):
        if command.hidden:
            continue
        if path not in text:
            missing.append(path)
        for param in command.params:
            names = param.opts + param.secondary_opts
            if isinstance(param, click.Argument):
                names = [param.human_readable_name]
            elif getattr(param, "hidden", False):
                continue
            missing += [f"{path} {name}" for name in names if name not in text]
    assert missing == []


def test_every_headcheck_option_the_docs_name_exists(site: Path) -> None:
    """`headcheck CMD --opt` in the pages (hand-written and generated) names real options."""
    options = {
        path.split()[-1]: {n for p in cmd.params for n in p.opts + p.secondary_opts}
        for path, cmd in _commands(cli)
    }
    pages = [p for p in site.rglob("index.html") if "reference" not in p.parts]
    used = 0
    for page in pages:
        for call in re.findall(r"headcheck ([a-z]+)((?:(?!headcheck )[^\n])*)", _text(page)):
            command, rest = call
            if command not in options:
                continue
            for option in re.findall(r"(?<![\w-])(--[a-z][a-z-]*)", rest):
                used += 1
                assert option in options[command], f"{page}: headcheck {command} {option}"
    assert used > 50


# -- the public API is in the API reference ------------------------------------------------------


def test_the_public_api_is_in_the_api_reference(site: Path) -> None:
    page = (site / "reference" / "api" / "index.html").read_text(encoding="utf-8")
    names = [f"headcheck.{n}" for n in headcheck.__all__ if n != "__version__"]
    names += [f"headcheck.semantics.{n}" for n in headcheck.semantics.__all__]
    names += ["headcheck.keras.HeadCheck", "headcheck.torch.check"]
    assert [n for n in names if f'id="{n}"' not in page] == []
    assert "headcheck.__version__" in _text(site / "reference" / "api" / "index.html")


def test_the_site_loads_nothing_from_the_network(site: Path) -> None:
    for page in site.rglob("*.html"):
        source = page.read_text(encoding="utf-8")
        remote = re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="(https?:)?//[^"]+"', source)
        assert remote == [], page


# -- the examples of the pages ---------------------------------------------------------------


def _page_examples() -> Iterator[Any]:
    for name in PAGES_RUN_HERE:
        markdown = (DOCS / name).read_text(encoding="utf-8")
        assert examples.opted_in(markdown), name
        yield pytest.param(name, markdown, id=name)


@pytest.mark.parametrize(("name", "markdown"), list(_page_examples()))
def test_the_examples_of_a_page_print_what_the_page_shows(name: str, markdown: str) -> None:
    outcomes = examples.run_page(markdown, name)
    assert outcomes, f"{name} has no examples"
    failures = [o.describe(f"docs/{name}") for o in outcomes if not o.ok]
    assert failures == [], "\n\n".join(failures)


def test_every_seed_is_answered_on_the_accuracy_page() -> None:
    markdown = (DOCS / "accuracy.md").read_text(encoding="utf-8")
    for seed in ("000", "001", "002", "003", "004"):  # the project's seed documents
        assert re.search(rf"^## Seed {seed}\b", markdown, re.MULTILINE), seed
    assert len(examples.examples(markdown)) >= 25


def _wrong_output(markdown: str) -> str:
    """The page with the first shown output changed."""
    first = next(e for e in examples.examples(markdown) if e.expected.strip())
    line = markdown.split("\n")[first.span[0] if first.span else 0]
    return markdown.replace(line, line + " (changed)", 1)


def test_a_changed_output_fails_the_check_and_the_build_hook() -> None:
    markdown = (DOCS / "accuracy.md").read_text(encoding="utf-8")
    changed = _wrong_output(markdown)
    assert [o for o in examples.check_markdown(changed, "accuracy.md") if not o.ok]
    hooks = _load_hooks()
    page = SimpleNamespace(file=SimpleNamespace(src_uri="accuracy.md", content_string=changed))
    from mkdocs.exceptions import PluginError

    with pytest.raises(PluginError, match="differs from the page"):
        hooks.on_page_markdown(changed, page=page, config={}, files=None)


def _load_hooks() -> ModuleType:
    spec = importlib.util.spec_from_file_location("headcheck_docs_hooks", DOCS / "hooks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# -- the JSON schema page names every field the commands print ----------------------------------


def _keys(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _keys(item)
    elif isinstance(value, list):
        for item in value:
            yield from _keys(item)


def _json_of(args: list[str], cwd: Path) -> Any:
    old = Path.cwd()
    try:
        os.chdir(cwd)
        result = CliRunner().invoke(cli, args)
    finally:
        os.chdir(old)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def test_the_json_schema_page_names_every_field(tmp_path: Path) -> None:
    (tmp_path / "train.py").write_text((DOCS / "data" / "train.py").read_text())
    rng = np.random.default_rng(0)
    np.save(tmp_path / "binary_logits.npy", rng.normal(size=60))
    np.save(tmp_path / "binary_labels.npy", rng.integers(0, 2, size=60))
    np.save(tmp_path / "multiclass.npy", rng.dirichlet(np.ones(3), size=60))
    np.save(tmp_path / "classes.npy", rng.integers(0, 3, size=60))
    np.save(tmp_path / "multilabel.npy", rng.normal(size=(60, 4)))
    np.save(tmp_path / "multihot.npy", rng.integers(0, 2, size=(60, 4)))
    outputs = [
        _json_of(["lint", "train.py", "--format", "json"], tmp_path),
        _json_of(["explain", "train.py", "--format", "json"], tmp_path),
        _json_of(
            [
                "explain",
                "--units",
                "1",
                "--loss",
                "binary_crossentropy",
                "--metric",
                "accuracy",
                "--outputs",
                "binary_logits.npy",
                "--labels-file",
                "binary_labels.npy",
                "--format",
                "json",
            ],
            tmp_path,
        ),
        _json_of(["eval", "binary_logits.npy", "binary_labels.npy", "--format", "json"], tmp_path),
        _json_of(["eval", "multiclass.npy", "classes.npy", "--format", "json"], tmp_path),
        _json_of(["eval", "multilabel.npy", "multihot.npy", "--format", "json"], tmp_path),
        _json_of(["rules", "--format", "json"], tmp_path),
    ]
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    (tmp_path / "scores").mkdir()
    table = pa.table({"logit": rng.normal(size=60), "label": rng.integers(0, 2, size=60)})
    pq.write_table(table, tmp_path / "scores" / "part-0.parquet")
    streaming = ["eval", "scores/:logit", "scores/:label", "--engine", "streaming"]
    outputs.append(_json_of([*streaming, "--format", "json"], tmp_path))
    assert "out_of_core" in outputs[-1]
    page = (DOCS / "json-schema.md").read_text(encoding="utf-8")
    documented = set(re.findall(r'"([^"\s]+)"', page))
    found = {key for output in outputs for key in _keys(output) if not key.isdigit()}
    assert sorted(found - documented) == []


# -- pre-commit ----------------------------------------------------------------------------------


def test_the_pre_commit_hooks_run_headcheck_lint_with_real_options(tmp_path: Path) -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    scripts = {e.name for e in importlib.metadata.entry_points(group="console_scripts")}
    lint_options = {n for p in cli.commands["lint"].params for n in p.opts + p.secondary_opts}
    page = (DOCS / "integrations" / "pre-commit.md").read_text(encoding="utf-8")
    assert [h["id"] for h in hooks] == ["headcheck", "headcheck-fix"]
    for hook in hooks:
        program, command, *options = hook["entry"].split()
        assert program in scripts and command == "lint"
        assert set(options) <= lint_options
        assert hook["language"] == "python"
        assert set(hook["types_or"]) == {"python", "jupyter"}
        assert f"`{hook['id']}`" in page
    # what pre-commit runs: the entry, the hook's args, then the staged files
    train = (DOCS / "data" / "train.py").read_text(encoding="utf-8")
    (tmp_path / "train.py").write_text(train, encoding="utf-8")
    old = Path.cwd()
    try:
        os.chdir(tmp_path)
        runner = CliRunner()
        args = ["--target", "tf.keras", "--ignore", "HC303"]  # the docs page's example
        lint = runner.invoke(cli, [*hooks[0]["entry"].split()[1:], *args, "train.py"])
        assert lint.exit_code == 1 and "HC103" in lint.output, lint.output
        fix = runner.invoke(cli, [*hooks[1]["entry"].split()[1:], "train.py"])
        assert fix.exit_code == 0, fix.output
        assert (tmp_path / "train.py").read_text(encoding="utf-8") != train
        again = runner.invoke(cli, [*hooks[0]["entry"].split()[1:], "train.py"])
        assert again.exit_code == 0, again.output
    finally:
        os.chdir(old)
