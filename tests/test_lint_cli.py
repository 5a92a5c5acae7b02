"""`headcheck lint` and `headcheck explain FILE` from the command line: exit codes, formats
(SARIF validated against the official 2.1.0 schema), selection, configuration, files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from headcheck.cli import main

DATA = Path(__file__).parent / "data"
BUGGY = Path(__file__).parent / "corpus" / "buggy"
SEED = BUGGY / "seed000_dense1_logits_bce.py"
TORCH_NOTEBOOK = BUGGY / "nb_torch_double_softmax.ipynb"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    out, err = capsys.readouterr()
    code = exit_info.value.code
    return (code if isinstance(code, int) else 1), out, err


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


SOFTMAX_ONE = (
    "import keras\n"
    "model = keras.Sequential([keras.layers.Dense(1, activation='softmax')])\n"
    "model.compile(loss='binary_crossentropy')\n"
)
CLEAN = (
    "import keras\n"
    "model = keras.Sequential([keras.layers.Dense(1, activation='sigmoid')])\n"
    "model.compile(loss='binary_crossentropy', metrics=['accuracy'])\n"
)


def test_text_output_and_exit_code_for_findings(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "lint", str(SEED))
    assert code == 1 and err == ""
    lines = out.splitlines()
    assert lines[0].endswith(
        "seed000_dense1_logits_bce.py:13:20: HC103 logits-as-probabilities [error] the last "
        "layer has no activation, so it outputs logits, but 'binary_crossentropy' reads them "
        "as probabilities: Keras clips them to [1e-7, 1 - 1e-7], so every output >= 1 counts "
        "as certain class 1, every output <= 0 as certain class 0, and nothing outside (0, 1) "
        "gets a gradient"
    )
    assert lines[1].startswith(
        "    fix: pass loss=keras.losses.BinaryCrossentropy(from_logits=True)"
    )
    assert lines[-1] == "Found 2 findings in 1 of 1 file."


def test_clean_file_exits_zero(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "lint", str(write(tmp_path / "ok.py", CLEAN)))
    assert (code, out) == (0, "All checks passed (1 file).\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("lint", "no/such/dir"), "no/such/dir: no such file or directory"),
        (("lint", str(SEED), "--select", "HC9"), "--select 'HC9' matches no rule code"),
        (("lint", str(SEED), "--target", "keras4"), "unknown target 'keras4'"),
        (("lint", str(SEED), "--format", "xml"), "Invalid value for '--format'"),
    ],
)
def test_usage_errors_exit_two_with_one_line(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    code, out, err = run(capsys, *args)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and message in err


def test_unparsable_file_is_reported_and_the_run_goes_on(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    write(tmp_path / "a_broken.py", "import keras\ndef f(:\n    pass\n")
    write(tmp_path / "b_bug.py", SOFTMAX_ONE)
    code, out, _ = run(capsys, "lint", str(tmp_path), "--format", "json")
    data = json.loads(out)
    assert code == 1
    assert [(f["code"], f["location"]["line"]) for f in data["findings"]] == [
        ("HC000", 2),
        ("HC101", 2),
    ]
    assert data["findings"][0]["name"] == "parse-error"
    assert data["files_checked"] == 2 and data["files_unparsable"] == 1


def test_json_schema_fields(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "lint", str(TORCH_NOTEBOOK), "--format", "json")
    data = json.loads(out)
    assert data["schema"] == "headcheck.lint/1"
    assert set(data) == {
        "schema",
        "version",
        "files_checked",
        "files_unparsable",
        "findings",
        "statistics",
    }
    first = data["findings"][0]
    assert set(first) == {"code", "name", "severity", "message", "fix", "location", "autofix"}
    assert first["location"]["cell"] == 4 and first["location"]["line"] == 1
    assert {s["code"]: s["count"] for s in data["statistics"]} == {"HC000": 1, "HC104": 1}


def test_sarif_validates_against_the_official_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "lint", str(SEED), str(TORCH_NOTEBOOK), "--format", "sarif")
    log = json.loads(out)
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text())
    jsonschema.validate(log, schema)
    results = log["runs"][0]["results"]
    assert code == 1
    assert [r["ruleId"] for r in results] == ["HC103", "HC302", "HC000", "HC104"]
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert rules[results[0]["ruleIndex"]]["id"] == "HC103"
    assert results[0]["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 13,
        "startColumn": 20,
    }
    assert results[3]["properties"] == {"notebookCell": 5}


def test_sarif_of_a_clean_run_validates(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    _, out, _ = run(capsys, "lint", str(write(tmp_path / "ok.py", CLEAN)), "--format", "sarif")
    jsonschema.validate(json.loads(out), json.loads((DATA / "sarif-schema-2.1.0.json").read_text()))
    assert json.loads(out)["runs"][0]["results"] == []


def test_github_annotations(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write(tmp_path / "m.py", SOFTMAX_ONE)
    _, out, _ = run(capsys, "lint", str(path), "--format", "github")
    line = out.strip()
    assert line.startswith(
        f"::error file={path.as_posix().replace(':', '%3A')},line=2,col=60,"
        "title=HC101 softmax-single-unit::softmax over a single unit always outputs 1.0"
    )
    assert "\n" not in line


def test_statistics(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "lint", str(BUGGY), "--statistics", "--select", "HC10")
    rows = [line.split() for line in out.splitlines()[:-1]]
    assert code == 1
    assert {row[1] for row in rows} <= {f"HC10{i}" for i in range(1, 10)} | {"HC000"}
    counts = {row[1]: int(row[0]) for row in rows}
    assert counts["HC103"] >= 6 and counts["HC000"] == 1


def test_select_and_ignore_by_prefix(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "lint", str(SEED), "--select", "HC3", "--format", "json")
    assert [f["code"] for f in json.loads(out)["findings"]] == ["HC302"]
    code, out, _ = run(capsys, "lint", str(SEED), "--ignore", "HC1,HC302", "--format", "json")
    assert code == 0 and json.loads(out)["findings"] == []


def test_inline_ignore_only_drops_the_named_code(tmp_path: Path) -> None:
    from headcheck.lint import lint_text

    text = SEED.read_text().replace("# expect: HC103", "# headcheck: ignore[HC302]")
    codes = [f.code for f in lint_text(text).findings]
    assert codes == ["HC103", "HC302"]
    text = SEED.read_text().replace("# expect: HC302", "# headcheck: ignore[hc302]")
    assert [f.code for f in lint_text(text).findings] == ["HC103"]


def test_pyproject_configuration(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    write(
        tmp_path / "pyproject.toml",
        '[tool.headcheck]\nignore = ["HC302"]\ntarget = "keras2.3"\nexclude = ["skip_*.py"]\n',
    )
    write(tmp_path / "skip_me.py", SOFTMAX_ONE)
    write(tmp_path / "pkg" / "train.py", SEED.read_text())
    write(tmp_path / "pkg" / "multi.py", (BUGGY / "k23_hc303_sigmoid20.py").read_text())
    code, out, _ = run(capsys, "lint", str(tmp_path), "--format", "json")
    found = sorted(
        (Path(f["location"]["path"]).name, f["code"]) for f in json.loads(out)["findings"]
    )
    assert code == 1
    assert found == [("multi.py", "HC303"), ("train.py", "HC103")]


def test_broken_configuration_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    write(tmp_path / "pyproject.toml", "[tool.headcheck]\nselekt = ['HC1']\n")
    code, _, err = run(capsys, "lint", str(write(tmp_path / "a.py", CLEAN)))
    assert code == 2 and "unknown key(s) in [tool.headcheck]: selekt" in err


def test_gitignore_and_default_excludes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    write(tmp_path / ".gitignore", "build/\n*_generated.py\n!keep_generated.py\n")
    for name in ("build/a.py", "x_generated.py", "keep_generated.py", ".venv/lib/b.py", "src/c.py"):
        write(tmp_path / name, SOFTMAX_ONE)
    write(
        tmp_path / "notebooks" / "nb.ipynb", (BUGGY / "nb_torch_double_softmax.ipynb").read_text()
    )
    _, out, _ = run(capsys, "lint", str(tmp_path), "--format", "json")
    paths = sorted({Path(f["location"]["path"]).name for f in json.loads(out)["findings"]})
    assert paths == ["c.py", "keep_generated.py", "nb.ipynb"]
    _, out, _ = run(capsys, "lint", str(tmp_path / "x_generated.py"), "--format", "json")
    assert [f["code"] for f in json.loads(out)["findings"]] == ["HC101"]
    _, out, _ = run(capsys, "lint", str(tmp_path), "--no-gitignore", "--format", "json")
    assert len({f["location"]["path"] for f in json.loads(out)["findings"]}) == 5


def test_explain_file_explains_every_head(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "explain", str(BUGGY / "k23_hc301_softmax_bce_accuracy.py"))
    assert code == 0
    assert out.startswith("Head 1 of 1 at ")
    assert "HC102 activation-loss-mismatch" in out
    code, out, _ = run(capsys, "explain", str(SEED), "--target", "keras2.3", "--format", "json")
    data = json.loads(out)
    assert data["schema"] == "headcheck.explain-file/1"
    assert [h["head"]["target"] for h in data["heads"]] == ["keras2.3"]
    assert {f["code"] for f in data["heads"][0]["findings"]} == {"HC103", "HC302"}


def test_explain_file_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "explain", str(tmp_path / "missing.py"))
    assert code == 2 and "no such file" in err
    code, _, err = run(capsys, "explain", str(write(tmp_path / "bad.py", "def (:\n")))
    assert code == 2 and "cannot parse" in err
    code, out, _ = run(capsys, "explain", str(write(tmp_path / "none.py", "print(1)\n")))
    assert code == 0 and out.startswith("No classifier head found in")


def test_linting_never_imports_or_runs_the_code(tmp_path: Path) -> None:
    sentinel = tmp_path / "SENTINEL"
    program = write(
        tmp_path / "evil.py",
        f"open({str(sentinel)!r}, 'w').write('imported')\n"
        "import os\n"
        f"os.system('touch {sentinel}')\n"
        "from tensorflow import keras\n"
        "model = keras.Sequential([keras.layers.Dense(1, activation='softmax')])\n"
        f"__import__('pathlib').Path({str(sentinel)!r}).touch()\n",
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    for command in (["lint", str(program)], ["explain", str(program)]):
        done = subprocess.run(
            [sys.executable, "-m", "headcheck.cli", *command],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env=env,
            check=False,
        )
        assert "HC101" in done.stdout
    assert not sentinel.exists()


def test_invalid_notebook_json_is_a_parse_error(tmp_path: Path) -> None:
    from headcheck.lint import lint_path

    path = write(tmp_path / "broken.ipynb", '{"cells": [')
    result = lint_path(path, "broken.ipynb")
    assert [(f.code, f.location.line) for f in result.findings] == [("HC000", 1)]
    assert "not a notebook" in result.findings[0].message
