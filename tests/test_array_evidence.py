"""Array evidence alone (``headcheck explain --outputs ... --labels-file ...``): the rules' codes
when the numbers prove a mismatch, and silence when they do not."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from headcheck.cli import main
from headcheck.facts import HeadFacts
from headcheck.head import Head
from headcheck.models import array_findings, with_data
from headcheck.profiles import profile_labels, profile_outputs

LOGITS = np.array([[2.0], [-1.0], [0.3], [1.7]])
PROBS = np.array([[0.9], [0.2], [0.6], [0.7]])


def explain_codes(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    outputs: np.ndarray,
    labels: np.ndarray | None,
    *flags: str,
) -> list[str]:
    np.save(tmp_path / "out.npy", outputs)
    args = ["explain", "--outputs", str(tmp_path / "out.npy"), "--format", "json", *flags]
    if labels is not None:
        np.save(tmp_path / "y.npy", labels)
        args += ["--labels-file", str(tmp_path / "y.npy")]
    with pytest.raises(SystemExit) as info:
        main(args)
    assert info.value.code == 0
    return [f["code"] for f in json.loads(capsys.readouterr().out)["findings"]]


@pytest.mark.parametrize(
    ("outputs", "labels", "flags", "codes"),
    [
        (np.ones((5, 1)), None, (), ["HC101"]),  # a constant 1.0 column
        (np.full((5, 1), 0.99999994, dtype=np.float32), None, (), ["HC101"]),  # float32 softmax
        (PROBS, None, (), []),
        (LOGITS, np.array([1, 0, 1, 1]), ("--loss", "binary_crossentropy"), ["HC103"]),
        (PROBS, np.array([1, 0, 1, 1]), ("--loss", "binary_crossentropy"), []),
        (LOGITS, None, ("--postprocess", "argmax"), ["HC305"]),  # argmax over one column
        (
            np.eye(3)[[0, 1, 2]] * 0.8 + 0.1 / 1.5,
            np.eye(3)[[0, 1, 2]],
            ("--loss", "sparse_categorical_crossentropy"),
            ["HC202"],
        ),  # one-hot vs sparse loss
        (
            np.eye(3)[[0, 1, 2]],
            np.array([0, 1, 2]),
            ("--loss", "sparse_categorical_crossentropy"),
            [],
        ),
        (LOGITS, np.array([1, 0, 1, 1]), ("--metric", "accuracy"), ["HC302"]),
        (PROBS, np.array([1, 0, 1, 1]), ("--metric", "accuracy"), []),
        (LOGITS, None, ("--metric", "AUC"), ["HC307"]),
        (LOGITS, None, ("--postprocess", "threshold_0.5"), ["HC306"]),
        (
            np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]]),
            np.array([0, 2]),
            ("--loss", "CrossEntropyLoss"),
            ["HC104"],
        ),  # softmax rows into a logits loss
        (
            np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]]),
            np.array([0, 2]),
            ("--loss", "NLLLoss"),
            ["HC105"],
        ),
        (
            np.log(np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]])),
            np.array([0, 2]),
            ("--loss", "NLLLoss"),
            [],
        ),
    ],
)
def test_explain_with_arrays(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    outputs: np.ndarray,
    labels: np.ndarray | None,
    flags: tuple[str, ...],
    codes: list[str],
) -> None:
    assert explain_codes(tmp_path, capsys, outputs, labels, *flags) == codes


def test_a_known_activation_is_judged_by_the_rules_only() -> None:
    facts = Head(units=1, activation="sigmoid", loss="binary_crossentropy").to_facts()
    assert array_findings(facts, profile_outputs(LOGITS)) == []  # the head says sigmoid


def test_few_rows_do_not_prove_a_class_count() -> None:
    facts = HeadFacts(units=5)
    merged = with_data(facts, None, profile_labels(np.array([0, 1, 2])))
    assert merged.num_classes is None  # classes 3 and 4 may simply be absent from the rows
    merged = with_data(facts, None, profile_labels(np.array([0, 6, 2])))
    assert merged.num_classes == 7


def test_evaluate_reports_what_the_numbers_prove_with_the_linters_codes() -> None:
    import headcheck
    from headcheck.demo._cases import seed_array

    logits = seed_array("seed000_logits.csv")
    labels = (logits > 1.0).astype(float)
    head = headcheck.Head(loss="binary_crossentropy", metrics=["accuracy"], target="tf.keras")
    report = headcheck.evaluate(labels, logits, head=head)
    assert [f.code for f in report.findings] == ["HC103", "HC302"]
    assert [f["code"] for f in report.to_dict()["findings"]] == ["HC103", "HC302"]
    assert "HC103 logits-as-probabilities" in report.to_text()
    # a constant 1.0 column needs no head at all
    constant = headcheck.evaluate([0, 1, 1, 0], [[1.0], [1.0], [1.0], [1.0]])
    assert [f.code for f in constant.findings] == ["HC101"]
    # correct probabilities from a sigmoid head: nothing to report
    fine = headcheck.evaluate([0, 1, 1, 0], [0.2, 0.7, 0.9, 0.4], head=head)
    assert fine.findings == []


def test_evaluate_uses_the_heads_loss_for_the_generations_that_read_it() -> None:
    import headcheck

    y = [[0, 0, 0], [0, 1, 1]]
    p = [[-0.1, -0.1, -0.1], [0.1, 0.1, 0.1]]
    blind = {t.reported.target: t for t in headcheck.evaluate(y, p).told}
    head = headcheck.Head(loss="binary_crossentropy", from_logits=True)
    told = {t.reported.target: t for t in headcheck.evaluate(y, p, head=head).told}
    assert blind["keras2.3"].reported.metric == "categorical_accuracy"
    assert "The loss was not given" in blind["keras2.3"].difference
    assert told["keras2.3"].reported.metric == "binary_accuracy"
    assert told["keras2.3"].reported.value is not None
    assert abs(told["keras2.3"].reported.value - 4 / 6) < 1e-6
    assert told["tf.keras"].reported.metric == "categorical_accuracy"  # shapes only
