"""Every rule against its own code-level examples (``VALID_CODE`` / ``INVALID_CODE``).

One generic harness, in the manner of Fixit: each snippet is linted with
:func:`headcheck.lint.lint_text` (never imported or run). A valid program gets no finding of
any code; an invalid one gets exactly the rule's code at the line the example names, plus
only the codes it declares in ``also``. An invalid program with ``fixed`` is fixed (this rule
only, unsafe fixes included) into exactly that code, which parses, no longer triggers the
rule, and is left alone by a second run; one without ``fixed`` is not changed at all.
"""

from __future__ import annotations

import ast

import pytest

from headcheck.fixes._run import fix_text
from headcheck.lint import Options, lint_text
from headcheck.lint._filters import Selection
from headcheck.rules import RULES, InvalidCode, Rule, ValidCode

VALID_CASES = [
    pytest.param(rule, example, id=f"{rule.code}-valid-{i}")
    for rule in RULES
    for i, example in enumerate(rule.VALID_CODE)
]
INVALID_CASES = [
    pytest.param(rule, example, id=f"{rule.code}-invalid-{i}")
    for rule in RULES
    for i, example in enumerate(rule.INVALID_CODE)
]


def _findings(code: str, target: str | None) -> list[tuple[str, int]]:
    result = lint_text(code, "example.py", Options(target=target))
    return sorted((f.code, f.location.line or 0) for f in result.findings)


@pytest.mark.parametrize(("rule", "example"), VALID_CASES)
def test_valid_code_gets_no_finding(rule: Rule, example: ValidCode) -> None:
    assert _findings(example.code, example.target) == [], example.code


@pytest.mark.parametrize(("rule", "example"), INVALID_CASES)
def test_invalid_code_gets_the_rule_at_its_line(rule: Rule, example: InvalidCode) -> None:
    found = _findings(example.code, example.target)
    assert [f for f in found if f[0] == rule.code] == [(rule.code, example.line)], found
    assert {code for code, _ in found} == {rule.code, *example.also}, found


@pytest.mark.parametrize(("rule", "example"), INVALID_CASES)
def test_invalid_code_is_fixed_into_its_fixed_code(rule: Rule, example: InvalidCode) -> None:
    options = Options(selection=Selection(select=(rule.code,)), target=example.target)
    outcome = fix_text(example.code, "example.py", options=options, unsafe=True)
    if example.fixed is None:
        assert outcome.after == example.code, outcome.diff()
        return
    assert outcome.after == example.fixed, outcome.diff()
    ast.parse(outcome.after)
    assert rule.code not in {code for code, _ in _findings(outcome.after, example.target)}
    again = fix_text(outcome.after, "example.py", options=options, unsafe=True)
    assert again.after == outcome.after, again.diff()


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_every_rule_with_a_fix_shows_it(rule: Rule) -> None:
    assert "## Fix safety" in (rule.__doc__ or ""), f"{rule.code} has no Fix safety section"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_every_rule_has_code_examples(rule: Rule) -> None:
    assert len(rule.VALID_CODE) >= 2, f"{rule.code} has fewer than 2 VALID_CODE examples"
    assert len(rule.INVALID_CODE) >= 2, f"{rule.code} has fewer than 2 INVALID_CODE examples"


def test_examples_are_dedented_and_their_lines_and_targets_checked() -> None:
    example = InvalidCode(
        """
        import keras
        model = keras.Sequential()
        """,
        line=2,
    )
    assert example.code == "import keras\nmodel = keras.Sequential()\n"
    with pytest.raises(ValueError, match="outside"):
        InvalidCode("import keras\n", line=2)
    with pytest.raises(ValueError, match="unknown target 'keras4'"):
        ValidCode("import keras\n", target="keras4")
