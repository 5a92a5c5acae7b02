"""The corpus: every buggy program gets exactly its expected findings at their lines, every
correct program (in the style of the official Keras and PyTorch tutorials) gets none.

A buggy program declares what it expects with a trailing ``# expect: HC103, HC302`` on the
line the findings belong to; ``# corpus: target=keras2.3`` on the first line lints it for that
Keras generation (as ``--target`` would).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from headcheck.lint import Options, lint_path
from headcheck.rules import RULES

CORPUS = Path(__file__).parent / "corpus"
BUGGY = sorted((CORPUS / "buggy").glob("*.py")) + sorted((CORPUS / "buggy").glob("*.ipynb"))
CORRECT = sorted((CORPUS / "correct").glob("*.py")) + sorted((CORPUS / "correct").glob("*.ipynb"))
EXPECT = re.compile(r"#\s*expect:\s*(HC\d{3}(?:\s*,\s*HC\d{3})*)")
TARGET = re.compile(r"^#\s*corpus:\s*target=(\S+)", re.M)

Expected = list[tuple[str, int | None, int]]


def _lines(path: Path) -> list[tuple[int | None, int, str]]:
    """(cell, line, text) of every source line; cells numbered like headcheck numbers them."""
    if path.suffix != ".ipynb":
        text = path.read_text()
        return [(None, n, line) for n, line in enumerate(text.splitlines(), start=1)]
    out: list[tuple[int | None, int, str]] = []
    for number, cell in enumerate(json.loads(path.read_text())["cells"], start=1):
        if cell["cell_type"] == "code":
            lines = "".join(cell["source"]).splitlines()
            out.extend((number, n, line) for n, line in enumerate(lines, start=1))
    return out


def expected(path: Path) -> Expected:
    found: Expected = []
    for cell, line, text in _lines(path):
        match = EXPECT.search(text)
        if match:
            found.extend((code.strip(), cell, line) for code in match.group(1).split(","))
    return sorted(found, key=str)


def actual(path: Path) -> Expected:
    text = "\n".join(t for _, _, t in _lines(path))
    target = TARGET.search(text)
    options = Options(target=target.group(1) if target else None)
    result = lint_path(path, path.name, options)
    return sorted(
        ((f.code, f.location.cell, f.location.line or 0) for f in result.findings), key=str
    )


@pytest.mark.parametrize("path", BUGGY, ids=lambda p: p.name)
def test_buggy_program_gets_exactly_its_expected_findings(path: Path) -> None:
    wanted = expected(path)
    assert wanted, f"{path.name} declares no '# expect:'"
    assert actual(path) == wanted


@pytest.mark.parametrize("path", CORRECT, ids=lambda p: p.name)
def test_correct_program_gets_no_finding(path: Path) -> None:
    assert actual(path) == []


def test_corpus_size_and_rule_coverage() -> None:
    assert len(BUGGY) >= 60
    assert len(CORRECT) >= 40
    per_code = Counter(code for path in BUGGY for code in {c for c, _, _ in expected(path)})
    for rule in RULES:
        assert per_code[rule.code] >= 2, f"{rule.code} is covered by {per_code[rule.code]} file(s)"
    torch_files = [p for p in BUGGY if p.name.startswith(("tm_", "ts_", "nb_torch"))]
    keras_files = [p for p in BUGGY if not p.name.startswith(("tm_", "ts_", "nb_torch"))]
    assert len(torch_files) >= 20 and len(keras_files) >= 30
