"""Every rule against its own examples, its documentation, and the catalogue in DESIGN.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from headcheck.facts import HeadFacts
from headcheck.rules import RULES, Rule, check_facts, rule_by_code

CASES = [
    pytest.param(rule, facts, valid, id=f"{rule.code}-{'valid' if valid else 'invalid'}-{i}")
    for rule in RULES
    for valid, examples in ((True, rule.VALID), (False, rule.INVALID))
    for i, facts in enumerate(examples)
]
DOC_SECTIONS = (
    "## What it does",
    "## Why is this bad?",
    "## Example",
    "Use instead:",
    "## Fix safety",
    "## References",
)
DESIGN = Path(__file__).resolve().parents[2] / "shared" / "DESIGN.md"


@pytest.mark.parametrize(("rule", "facts", "valid"), CASES)
def test_rule_examples(rule: Rule, facts: HeadFacts, valid: bool) -> None:
    codes = [f.code for f in rule.check(facts)]
    if valid:
        assert codes == []
    else:
        assert codes, f"{rule.code} did not fire on {facts}"
        assert set(codes) == {rule.code}


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_has_examples_and_documentation(rule: Rule) -> None:
    assert len(rule.VALID) >= 2
    assert len(rule.INVALID) >= 2
    doc = rule.documentation()
    positions = [doc.find(section) for section in DOC_SECTIONS]
    assert all(p >= 0 for p in positions), f"{rule.code} lacks a documentation section"
    assert positions == sorted(positions), f"{rule.code}'s sections are out of order"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_lives_in_its_own_file(rule: Rule) -> None:
    module = type(rule).__module__.rsplit(".", 1)[-1]
    assert module == f"{rule.code.lower()}_{rule.name.replace('-', '_')}"


def test_codes_and_names_match_the_design_catalogue() -> None:
    if not DESIGN.exists():
        pytest.skip("../shared/DESIGN.md is not beside this checkout")
    rows = re.findall(r"^\| (HC\d{3}) \| ([a-z0-9-]+) \|", DESIGN.read_text(), re.M)
    assert [(r.code, r.name) for r in RULES] == rows


def test_rule_by_code_is_case_insensitive_and_rejects_unknown_codes() -> None:
    assert rule_by_code("hc305").name == "argmax-single-output"
    with pytest.raises(ValueError, match="unknown rule code 'HC999'"):
        rule_by_code("HC999")


def test_findings_name_where_the_fact_was_written() -> None:
    from headcheck.facts import Location
    from headcheck.head import Head

    facts = Head(units=1, activation="softmax", loss="binary_crossentropy").to_facts(
        Location("train.py", 12)
    )
    [finding] = check_facts(facts)
    assert (finding.code, str(finding.location)) == ("HC101", "train.py:12")


def test_unknown_facts_keep_every_rule_silent() -> None:
    assert list(check_facts(HeadFacts())) == []


@pytest.mark.parametrize(
    ("units", "num_classes", "task"),
    [
        (1, None, "binary"),
        (1, 2, "binary"),
        (1, 4, None),
        (4, 4, "multiclass"),
        (3, None, "multiclass"),
    ],
)
def test_task_from_integer_labels(units: int, num_classes: int | None, task: str | None) -> None:
    from headcheck.facts import HeadFacts

    assert HeadFacts(units=units, labels="sparse", num_classes=num_classes).task == task
