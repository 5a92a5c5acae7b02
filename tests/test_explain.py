"""The seed answers (issue 2's acceptance) and the explanation's structure."""

from __future__ import annotations

import numpy as np
import pytest

from headcheck import explain
from headcheck.demo._cases import seed_array
from headcheck.head import Head
from headcheck.targets import KERAS_TARGETS

SEED002_TRUE = np.array([[0, 0, 0], [0, 1, 1]], dtype=float)
SEED002_LOGITS = np.array([[-0.1, -0.1, -0.1], [0.1, 0.1, 0.1]])


def codes(e: object) -> list[str]:
    return [f.code for f in e.findings]  # type: ignore[attr-defined]


def test_dense1_linear_bce_accuracy_is_logits_as_probabilities_at_strict_half() -> None:
    e = explain(
        Head(
            units=1,
            activation="linear",
            loss="binary_crossentropy",
            metrics=["accuracy"],
            target="tf.keras",
        )
    )
    assert "HC103" in codes(e)
    assert e.facts.outputs == "logits"
    chosen = e.metrics[0].chosen
    assert chosen is not None
    assert (chosen["metric"], chosen["threshold"]) == ("binary_accuracy", 0.5)
    assert "> 0.5 (strictly)" in chosen["sentence"]
    assert e.decision["keras"] == "classes = (model.predict(x)[:, 0] > 0.0).astype(int)"
    hc103 = next(f for f in e.findings if f.code == "HC103")
    assert "from_logits=True" in hc103.fix


def test_seed000_outputs_are_counted_at_both_thresholds() -> None:
    logits = seed_array("seed000_logits.csv")
    e = explain(
        Head(
            units=1,
            activation="linear",
            loss="binary_crossentropy",
            metrics=["accuracy"],
            target="tf.keras",
        ),
        outputs=logits,
    )
    assert e.outputs_profile is not None and e.outputs_profile.kind == "logits"
    assert e.counts == {
        "total": 96,
        "above_0.5": int(np.sum(logits > 0.5)),
        "above_0.0": 96,
        "round_to_0": int(np.sum(np.round(logits) == 0)),
        "round_to_1": int(np.sum(np.round(logits) == 1)),
        "round_to_other": int(np.sum(np.round(logits) >= 2)),
    }
    assert e.counts["above_0.5"] == 83


def test_seed002_multilabel_resolves_differently_by_generation() -> None:
    e = explain(
        Head(
            units=20,
            activation="linear",
            loss="binary_crossentropy",
            from_logits=True,
            metrics=["accuracy"],
            target="keras3",
        )
    )
    generations = {g["target"]: g["metric"] for g in e.metrics[0].generations}
    assert generations == {
        "keras2.2": "binary_accuracy",
        "keras2.3": "binary_accuracy",
        "tf.keras": "categorical_accuracy",
        "keras3": "categorical_accuracy",
    }
    assert e.metrics[0].generations_disagree
    assert codes(e) == ["HC301"]


def test_seed002_example_numbers() -> None:
    e = explain(
        Head(
            units=3,
            activation="linear",
            loss="binary_crossentropy",
            from_logits=True,
            metrics=["accuracy"],
            target="keras3",
        ),
        outputs=SEED002_LOGITS,
        labels=SEED002_TRUE,
    )
    assert e.correct is not None
    assert e.correct["per_label_accuracy"] == pytest.approx(5 / 6)
    assert e.correct["exact_match_accuracy"] == pytest.approx(0.5)
    reported = {(r.target, r.backend): r for r in e.reported}
    assert reported[("keras2.3", None)].value == pytest.approx(4 / 6, abs=1e-6)
    assert reported[("keras2.3", None)].metric == "binary_accuracy"
    assert reported[("tf.keras", None)].metric == "categorical_accuracy"
    assert reported[("tf.keras", None)].value == pytest.approx(0.5, abs=1e-6)
    # scikit-learn refuses continuous predictions, and says so
    sk = reported[("sklearn", None)]
    assert sk.value is None and "mix of" in sk.note


def test_softmax_on_one_unit_is_always_one() -> None:
    e = explain(
        Head(units=1, activation="softmax", loss="binary_crossentropy", metrics=["accuracy"])
    )
    assert codes(e) == ["HC101"]
    assert e.facts.outputs == "constant_one"
    assert "always exactly 1.0" in e.outputs


@pytest.mark.parametrize(
    ("target", "fragment"),
    [
        ("keras3", "Trainer.compile() got an unexpected keyword argument 'from_logits'"),
        ("tf.keras", "Invalid keyword argument(s) in `compile()`"),
        ("keras2.3", 'Invalid argument "from_logits" passed to K.function'),
    ],
)
def test_from_logits_in_compile_quotes_each_generations_error(target: str, fragment: str) -> None:
    e = explain(
        Head(
            units=1,
            activation="linear",
            loss="binary_crossentropy",
            from_logits_in_compile=True,
            target=target,
        )
    )
    hc201 = [f for f in e.findings if f.code == "HC201"]
    assert len(hc201) == 1 and fragment in hc201[0].message


def test_argmax_over_one_sigmoid_unit() -> None:
    e = explain(Head(units=1, activation="sigmoid", postprocess=["argmax"]))
    assert codes(e) == ["HC305"]


def test_ten_way_softmax_with_bce() -> None:
    def head(target: str) -> Head:
        return Head(
            units=10,
            activation="softmax",
            loss="binary_crossentropy",
            metrics=["accuracy"],
            target=target,
        )

    old = explain(head("keras2.3"))
    new = explain(head("tf.keras"))
    assert old.metrics[0].chosen["metric"] == "binary_accuracy"  # type: ignore[index]
    assert new.metrics[0].chosen["metric"] == "categorical_accuracy"  # type: ignore[index]
    assert codes(old) == ["HC102", "HC301"]
    assert codes(new) == ["HC102"]
    # the inflated number: a model that is always wrong still scores 8/10 per unit
    y = np.eye(10)[np.arange(20) % 10]
    wrong = np.roll(y, 1, axis=1) * 0.9 + 0.01
    e = explain(head("keras2.3"), outputs=wrong, labels=y)
    reported = {r.target: r.value for r in e.reported}
    assert reported["keras2.3"] == pytest.approx(0.8, abs=1e-6)
    assert reported["tf.keras"] == pytest.approx(0.0)
    assert e.correct is not None and e.correct["accuracy"] == 0.0


def test_correct_programs_have_no_findings() -> None:
    for head in (
        Head(units=1, activation="sigmoid", loss="binary_crossentropy", metrics=["accuracy"]),
        Head(
            units=10,
            activation="softmax",
            loss="sparse_categorical_crossentropy",
            metrics=["accuracy"],
        ),
        Head(
            units=1,
            activation="linear",
            loss="binary_crossentropy",
            from_logits=True,
            metrics=["BinaryAccuracy(threshold=0.0)", "AUC(from_logits=True)"],
        ),
        Head(units=10, activation="linear", loss="CrossEntropyLoss"),
        Head(units=10, activation="log_softmax", loss="NLLLoss"),
        Head(units=1, activation="linear", loss="mse", metrics=["mae"]),
    ):
        assert codes(explain(head)) == [], head


def test_to_dict_follows_the_schema() -> None:
    e = explain(
        Head(units=1, activation="linear", loss="binary_crossentropy", metrics=["accuracy"]),
        outputs=[-0.3, 1.2, -0.4],
        labels=[0, 1, 0],
    )
    d = e.to_dict()
    assert d["schema"] == "headcheck.explain/1"
    assert set(d) == {
        "schema",
        "head",
        "outputs",
        "loss",
        "metrics",
        "decision",
        "findings",
        "arrays",
    }
    assert d["head"]["task"] == "binary"
    assert [g["target"] for g in d["metrics"][0]["generations"]] == list(KERAS_TARGETS)
    assert d["arrays"]["correct"]["accuracy"] == 1.0
    assert d["arrays"]["labels"]["format"] == "binary"
    assert {f["code"] for f in d["findings"]} == {"HC103", "HC302"}


@pytest.mark.parametrize(
    ("outputs", "labels", "message"),
    [
        ([0.1, float("nan")], None, "NaN"),
        ([0.1, float("inf")], [0, 1], "infinite"),
        ([0.1, 0.2, 0.3], [0, 1], "3 rows but labels have 2"),
        ([], None, "empty"),
        ([[[0.1]]], None, "expected (samples,) or (samples, units)"),
        ([[0.1, 0.9], [0.8, 0.2]], [0, 3], "class 3 but the outputs have only 2 columns"),
    ],
)
def test_bad_arrays_are_rejected_with_a_reason(
    outputs: list[object], labels: list[object] | None, message: str
) -> None:
    from headcheck import HeadcheckError

    head = Head(activation="softmax", loss="sparse_categorical_crossentropy")
    with pytest.raises(HeadcheckError) as info:
        explain(head, outputs=outputs, labels=labels)
    assert message in str(info.value)
