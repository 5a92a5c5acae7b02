"""`headcheck demo` answers every seed question from its own configuration."""

from __future__ import annotations

import json
import re
from pathlib import Path

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


# ---- the training part ------------------------------------------------------------------


def test_every_training_script_gets_the_findings_and_fix_of_its_seed() -> None:
    from headcheck.demo._scripts import SCRIPTS
    from headcheck.demo._training import prepare

    prepared = {(s.seed, s.framework, s.question[:20]): prepare(s) for s in SCRIPTS}
    codes = {key: sorted({f.code for f in case.findings}) for key, case in prepared.items()}
    assert sorted(codes.values()) == sorted(
        [["HC103", "HC302"], ["HC301"], [], ["HC102"], ["HC306"], ["HC101"]]
    )
    for case in prepared.values():
        if case.findings:  # every finding of these scripts has a fix, and it applies
            assert case.diff, case.script.question
            from headcheck.lint import Options, lint_text

            assert lint_text(case.fixed_code, "train.py", Options()).findings == ()
        else:
            assert case.diff == ""


def test_demo_without_the_frameworks_says_which_extra_to_install(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import headcheck.demo._training as training
    from headcheck.demo import run_training

    monkeypatch.setattr(training, "missing_frameworks", lambda: ["torch"])
    run_training("unused.html")
    out = capsys.readouterr().out
    assert "pip install 'headcheck[demo]'" in out and "Missing here: torch." in out


@pytest.mark.slow
def test_demo_trains_the_seed_configurations_before_and_after_the_fix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("keras")
    pytest.importorskip("torch")
    from headcheck.cli import main

    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exc:
        main(["demo"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    training = out[out.index("Training the seed configurations") :]
    blocks = training.split("\n\n")
    classic = next(b for b in blocks if "one unit with softmax" in b)
    accuracies = [
        float(v) for v in re.findall(r"true, from its outputs: accuracy ([0-9.]+)", classic)
    ]
    assert len(accuracies) == 2 and accuracies[0] < 0.7 and accuracies[1] >= 0.9
    assert '-    keras.layers.Dense(1, activation="softmax"),' in classic
    seed002 = next(b for b in blocks if b.startswith("Seed 002"))
    # Keras logs categorical accuracy for the multi-label head; the fix logs what is meant
    reported_before = float(re.search(r"Keras reported accuracy ([0-9.]+)", seed002).group(1))
    exact = re.findall(r"exact_match_accuracy ([0-9.]+)", seed002)
    assert len(exact) == 3 and len(set(exact)) == 1  # true before = reported after = true after
    assert abs(reported_before - float(exact[0])) > 0.05
    report = tmp_path / "headcheck-demo-report.html"
    assert report.stat().st_size > 10_000 and "<svg" in report.read_text()
