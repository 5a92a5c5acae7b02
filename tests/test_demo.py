"""`headcheck demo` answers every seed question from its own configuration."""

from __future__ import annotations

import json

import numpy as np
import pytest

from headcheck.demo import CASES, answer_all, run_demo
from headcheck.demo._cases import seed_array


def test_bundled_seed_outputs_are_the_printed_arrays() -> None:
    logits = seed_array("seed000_logits.csv")
    sigmoid = seed_array("seed000_sigmoid.csv")
    assert logits.shape == sigmoid.shape == (96,)
    assert (logits[0], logits[-1]) == (0.8656062, 0.40826577)
    assert float(logits.min()) == 0.01859415  # "not a single negative value"
    assert sigmoid.min() > 0 and sigmoid.max() < 1


def test_every_seed_document_is_answered() -> None:
    assert {case.seed for case in CASES} == {"000", "001", "002", "003", "004"}


@pytest.fixture(scope="module")
def answers() -> dict[str, str]:
    return {a.case.question: a.answer for a in answer_all()}


def _answer(answers: dict[str, str], start: str) -> str:
    return next(text for question, text in answers.items() if question.startswith(start))


def test_seed000_threshold_answer_counts_the_real_outputs(answers: dict[str, str]) -> None:
    text = _answer(answers, "Q1: Dense(1) without activation")
    logits = seed_array("seed000_logits.csv")
    assert f"at 0.5, {int(np.sum(logits > 0.5))} of 96 are called class 1" in text
    assert "at 0.0, the right threshold for logits, 96 of 96" in text
    assert "Findings: HC103, HC302" in text


def test_seed002_answer_gives_the_three_numbers(answers: dict[str, str]) -> None:
    text = _answer(answers, "The answer's example")
    assert (
        "0.6667" in text and "0.8333" in text and "exact-match (every label right) 0.5000" in text
    )


def test_seed004_answers_name_the_rules(answers: dict[str, str]) -> None:
    assert "HC101" in _answer(answers, "Dense(1, activation='softmax') is stuck")
    assert "HC201" in _answer(answers, "from_logits=True passed")
    assert "binary_accuracy" in _answer(answers, "binary_crossentropy beats")


def test_demo_json_lists_every_case() -> None:
    data = json.loads(run_demo("json"))
    assert len(data) == len(CASES)
    assert all(item["answer"] for item in data)
