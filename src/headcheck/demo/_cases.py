"""The seed questions as cases: a head, its numbers, and an answer written from the facts."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import numpy as np

from headcheck.arrays import load_array
from headcheck.explanation import Explanation, explain
from headcheck.head import Head
from headcheck.rules.hc201_from_logits_in_compile import COMPILE_ERRORS
from headcheck.semantics._arrays import FloatArray
from headcheck.targets import describe_target

__all__ = ["CASES", "Answered", "Case"]

Array = FloatArray


def seed_array(name: str) -> Array:
    """One of the arrays printed in the seed documents (shipped in ``demo/data``)."""
    with resources.as_file(resources.files("headcheck.demo") / "data" / name) as path:
        return load_array(path, name)


@dataclass(frozen=True)
class Answered:
    case: Case
    explanation: Explanation
    answer: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "seed": self.case.seed,
            "question": self.case.question,
            "answer": self.answer,
            "findings": [f.code for f in self.explanation.findings],
            "explanation": self.explanation.to_dict(),
        }

    def to_text(self, width: int = 96) -> str:
        wrap = textwrap.TextWrapper(
            width,
            initial_indent="  ",
            subsequent_indent="  ",
            break_long_words=False,
            break_on_hyphens=False,
        )
        lines = [f"━━ Seed {self.case.seed}: {self.case.question}"]
        lines.extend(wrap.wrap(self.answer))
        for f in self.explanation.findings:
            lines.extend(
                textwrap.wrap(
                    f"{f.code} {f.name}: {f.message.rstrip('.')}. Fix: {f.fix}.",
                    width,
                    initial_indent="  • ",
                    subsequent_indent="    ",
                )
            )
        rule = self.explanation.decision
        if rule["keras"]:
            lines.append(f"  To get classes: {rule['keras']}")
        return "\n".join(lines) + "\n\n"


@dataclass(frozen=True)
class Case:
    seed: str
    question: str
    head: Head
    write: Callable[[Explanation], str]
    outputs: Callable[[], Array] | None = None
    labels: Callable[[], Array] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def answer(self) -> Answered:
        e = explain(
            self.head,
            outputs=self.outputs() if self.outputs else None,
            labels=self.labels() if self.labels else None,
        )
        return Answered(self, e, self.write(e))


def _accuracy(e: Explanation) -> dict[str, Any]:
    chosen = e.metrics[0].chosen
    assert chosen is not None
    return chosen


def _codes(e: Explanation) -> str:
    return ", ".join(f.code for f in e.findings) or "none"


def _reported(e: Explanation, target: str, backend: str | None = None) -> float:
    for r in e.reported:
        if r.target == target and (backend is None or r.backend == backend):
            assert r.value is not None
            return r.value
    raise KeyError(target)


# ── seed 000 (and 001, the same question in Chinese) ─────────────────────────────────────────

LINEAR_BCE = Head(
    units=1,
    activation="linear",
    loss="binary_crossentropy",
    metrics=["accuracy"],
    target="tf.keras",
)
SIGMOID_BCE = Head(
    units=1,
    activation="sigmoid",
    loss="binary_crossentropy",
    metrics=["accuracy"],
    target="tf.keras",
)


def _seed000_q1(e: Explanation) -> str:
    acc, c, p = _accuracy(e), e.counts or {}, e.outputs_profile
    assert p is not None
    return (
        f"tf.keras turns 'accuracy' into {acc['metric']} here because the output has one unit: "
        f"a sample is class 1 when its output is > {acc['threshold']:g} (strictly greater). "
        f"Your {p.samples} outputs are {p.kind} — {p.evidence} — so that threshold is wrong for "
        f"them: at 0.5, {c['above_0.5']} of {c['total']} are called class 1; at 0.0, the right "
        f"threshold for logits, {c['above_0.0']} of {c['total']}. (The answer quoted in the "
        f"seed shows Keras ≤ 2.2's K.round, under which {c['round_to_other']} of these outputs "
        "round to 2 and can never match a label.) Worse, the loss was given as a string, so "
        "it reads these logits as probabilities: that is why not one output is negative — "
        "clipping to [1e-7, 1 - 1e-7] leaves no gradient below 0. Findings: "
        f"{_codes(e)}."
    )


def _seed000_q1b(e: Explanation) -> str:
    acc = _accuracy(e)
    return (
        f"Here 'accuracy' becomes {acc['metric']} in every generation (the labels are integers, "
        "one rank below the outputs): the class is the argmax of the outputs, no threshold, so "
        "accuracy is right even on logits. The loss is not: "
        "tf.keras.losses.sparse_categorical_crossentropy defaults to from_logits=False and reads "
        f"the logits as probabilities. Findings: {_codes(e)}."
    )


def _seed000_q2(e: Explanation) -> str:
    acc, c = _accuracy(e), e.counts or {}
    return (
        f"The same {acc['metric']}, threshold {acc['threshold']:g}: now the outputs are sigmoid "
        f"probabilities, so the threshold fits. {c['above_0.5']} of your {c['total']} outputs "
        f"are > 0.5 and count as class 1. Findings: {_codes(e)}."
    )


def _seed000_q3(e: Explanation) -> str:
    logits = explain(LINEAR_BCE, outputs=seed_array("seed000_logits.csv"))
    cl, cs = logits.counts or {}, e.counts or {}
    return (
        "It is not a coincidence: the two accuracies measure different things. Without the "
        f"sigmoid, 'accuracy' counted logits > 0.5 (that is, probability > 0.62) as class 1 — "
        f"{cl['above_0.5']} of {cl['total']} of your outputs — and the model was trained by a "
        "loss that read its logits as clipped probabilities "
        f"({', '.join(f.code for f in logits.findings)}). With the sigmoid, the head, loss and "
        f"metric agree (findings: {_codes(e)}) and {cs['above_0.5']} of {cs['total']} outputs "
        "are class 1. The sigmoid model's number is the one to trust; to keep the "
        "no-activation model, use BinaryCrossentropy(from_logits=True) and "
        "BinaryAccuracy(threshold=0.0)."
    )


def _seed001(e: Explanation) -> str:
    acc, c = _accuracy(e), e.counts or {}
    return (
        "Seed 001 asks the three questions above in Chinese; the answers are the same. "
        f"答：这里的 'accuracy' 是 {acc['metric']}，阈值为 {acc['threshold']:g}（严格大于）。"
        "没有激活函数时输出的是 logits，正确的阈值是 0.0："
        f"{cl_text(c)}。损失函数以字符串给出时 from_logits=False，会把 logits 当作概率裁剪，"
        "所以输出没有负值。修正：loss=tf.keras.losses.BinaryCrossentropy(from_logits=True)，"
        "metrics=[tf.keras.metrics.BinaryAccuracy(threshold=0.0)]。"
    )


def cl_text(c: dict[str, int]) -> str:
    return (
        f"阈值 0.5 时 {c['total']} 个输出中有 {c['above_0.5']} 个判为类别 1，"
        f"阈值 0.0 时有 {c['above_0.0']} 个"
    )


# ── seed 002: multi-label accuracy ───────────────────────────────────────────────────────────


def _multilabel(units: int) -> Head:
    return Head(
        units=units,
        activation="linear",
        loss="binary_crossentropy",
        from_logits=True,
        metrics=["accuracy"],
        target="keras3",
    )


def _seed002_model(e: Explanation) -> str:
    gens = {g["target"]: g for g in e.metrics[0].generations}
    return (
        "Neither of your two options, in current TensorFlow. With 20 outputs and 20 label "
        "columns, tf.keras ≥ 2.2 and Keras 3 resolve 'accuracy' from shapes alone to "
        f"{gens['tf.keras']['metric']}: the argmax of the 20 logits compared with the first "
        "positive label of the row — one 'correct label' per row, the row's top score. "
        f"Keras 2.3 / tf.keras ≤ 2.1 looked at the loss and chose {gens['keras2.3']['metric']}, "
        "your first option (correct 0s and 1s over all 20 × rows), but thresholded at 0.5 on "
        f"logits. Findings: {_codes(e)}. Report per-label accuracy with "
        "BinaryAccuracy(threshold=0.0) and exact-match accuracy separately."
    )


def _seed002_arrays(e: Explanation) -> str:
    correct = e.correct or {}
    return (
        "On the example in the seed's answer: per-label binary accuracy at 0.5, which Keras 2.3 "
        f"reports, is {_reported(e, 'keras2.3'):.4f}; at 0.0, the right threshold for logits, "
        f"{correct['per_label_accuracy']:.4f}; exact-match (every label right) "
        f"{correct['exact_match_accuracy']:.4f}. tf.keras and Keras 3 report "
        f"{_reported(e, 'tf.keras'):.4f} (categorical accuracy: row 2's three tied logits "
        "argmax to label 0, its first positive label is 1)."
    )


# ── seed 003 ─────────────────────────────────────────────────────────────────────────────────


def _seed003_classes(e: Explanation) -> str:
    return (
        f"By argmax: {e.decision['rule']}; there is no threshold. With labels [[2], [1]] and "
        "outputs [[.1, .6, .3], [.05, .95, 0]] both rows predict class 1, so "
        f"SparseCategoricalAccuracy reports {_reported(e, 'tf.keras'):.4f}, as in the seed. "
        "Softmax is not needed to choose the class (it does not change the argmax); it is "
        "needed only to read the outputs as probabilities."
    )


def _seed003_smoker(e: Explanation) -> str:
    return (
        "The head mixes two problems. As a regression (one relu unit, mse), 'accuracy' is "
        "binary accuracy at 0.5 and can never match the targets 2, 3 and 4; as a "
        "classification, each class needs its own unit. Findings: "
        f"{_codes(e)}. Use Dense(4, activation='softmax') with integer labels 0–3 and "
        "sparse_categorical_crossentropy, then np.argmax(model.predict(x), axis=1)."
    )


def _seed003_argmax(e: Explanation) -> str:
    positives, negatives, low_negatives = 10, 10, 7
    inverted = positives * (negatives - low_negatives)
    undecided = positives * low_negatives
    return (
        "np.argmax over one column is always 0 "
        f"({_codes(e)}): threshold the column instead. On the external set you describe, 3 "
        f"negatives score above every positive, so {inverted} of the {positives * negatives} "
        "positive-negative pairs are ranked the wrong way round and only the other "
        f"{undecided} can be right: this set's AUC is at most {undecided / 100:.2f}, whatever "
        "the model's AUC of 0.75 elsewhere. At threshold 0.5 all 10 positives are missed and "
        f"accuracy is {low_negatives / 20:.2f}; no threshold fixes an inverted ranking."
    )


def _seed003_probabilities(e: Explanation) -> str:
    c, p = e.counts or {}, e.outputs_profile
    assert p is not None
    return (
        f"Yes. One sigmoid unit outputs P(y = 1); P(y = 0) = 1 − p. Your {p.samples} values lie "
        f"in [{p.minimum:.3f}, {p.maximum:.3f}], so {c['above_0.5']} of {c['total']} are "
        "class 1 at 0.5: the model leans to class 0 for every example of this batch."
    )


def _seed003_logits(e: Explanation) -> str:
    from headcheck.semantics.losses import categorical_crossentropy

    y = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    z = np.array([[0.5, 1.5, 0.1], [2.2, 1.3, 1.7]])
    per_row = categorical_crossentropy(y, z, from_logits=True, reduction="none", target="tf.keras")
    return (
        f"Logits are the raw scores before softmax. Here: {e.outputs} "
        "softmax_cross_entropy_with_logits applies the softmax itself, stably. On the seed's "
        "example, accuracy (argmax) is "
        f"{_reported(e, 'tf.keras'):.4f} and the per-row losses are {per_row[0]:.3f} and "
        f"{per_row[1]:.3f}, as in the answer."
    )


# ── seed 004 ─────────────────────────────────────────────────────────────────────────────────


def _seed004_two_softmax(e: Explanation) -> str:
    return (
        "For one label per sample, either Dense(1, activation='sigmoid') with "
        "binary_crossentropy, or Dense(2, activation='softmax') with "
        "categorical_crossentropy (one-hot) / sparse_categorical_crossentropy (integers). "
        f"Softmax with binary_crossentropy is neither ({_codes(e)}): on TensorFlow the loss even "
        "reads the pre-softmax logits through a sigmoid. The very high accuracy is not a "
        "reason to keep it."
    )


def _seed004_compile(e: Explanation) -> str:
    errors = "; ".join(
        f"{describe_target(t)}: {COMPILE_ERRORS[t]}" for t in ("keras2.3", "tf.keras", "keras3")
    )
    return (
        "compile() has no from_logits argument; it belongs to the loss object. The errors "
        f"each generation raises: {errors}. With a sigmoid last layer you need no from_logits "
        f"at all. Findings: {_codes(e)}."
    )


def _seed004_softmax_one(e: Explanation) -> str:
    return (
        "Softmax over one unit is always 1.0, so every sample is class 1 and accuracy is the "
        f"share of positives — your 50%. Findings: {_codes(e)}. Use sigmoid on one unit, or "
        "softmax on two."
    )


def _seed004_bce_multiclass(e: Explanation) -> str:
    gens = {g["target"]: g["metric"] for g in e.metrics[0].generations}
    return (
        f"binary_crossentropy on 10 softmax outputs scores each output as its own yes/no "
        f"question. In Keras 2.3, 'accuracy' then became {gens['keras2.3']}: 9 of the 10 "
        "outputs are correctly 'no' for any prediction, so it reads ≥ 0.9. From tf.keras 2.2 on "
        f"it is {gens['tf.keras']}. The seed also names 'categorical_accuracy' explicitly, "
        f"which is right; the loss is not. Findings: {_codes(e)}."
    )


def _seed004_sparse(e: Explanation) -> str:
    gens = {g["metric"] for g in e.metrics[0].generations}
    return (
        f"'accuracy' already becomes {', '.join(sorted(gens))} for integer labels in every "
        "generation; 'sparse_categorical_accuracy' is the same metric named explicitly. Use "
        "categorical_crossentropy only with one-hot labels."
    )


def _seed004_regression(e: Explanation) -> str:
    return (
        "A regression head (linear unit, mse) has no accuracy: Keras resolves 'accuracy' to "
        f"binary accuracy at 0.5, which compares output > 0.5 with the target. Findings: "
        f"{_codes(e)}. Use 'mae' or RootMeanSquaredError."
    )


def _arr(values: Sequence[Sequence[float]] | Sequence[float]) -> Callable[[], Array]:
    return lambda: np.asarray(values, dtype=np.float64)


CASES: tuple[Case, ...] = (
    Case(
        "000",
        "Q1: Dense(1) without activation, loss='binary_crossentropy', "
        "metrics=['accuracy']: what threshold does accuracy use on these outputs?",
        LINEAR_BCE,
        _seed000_q1,
        outputs=lambda: seed_array("seed000_logits.csv"),
    ),
    Case(
        "000",
        "Q1b: Dense(len(label_names)) without activation, "
        "tf.keras.losses.sparse_categorical_crossentropy, metrics=['accuracy']",
        Head(
            activation="linear",
            loss="sparse_categorical_crossentropy",
            metrics=["accuracy"],
            target="tf.keras",
        ),
        _seed000_q1b,
    ),
    Case(
        "000",
        "Q2: Dense(1, activation='sigmoid'): how is accuracy calculated now?",
        SIGMOID_BCE,
        _seed000_q2,
        outputs=lambda: seed_array("seed000_sigmoid.csv"),
    ),
    Case(
        "000",
        "Q3: why did accuracy drop by 10% when I added the sigmoid?",
        SIGMOID_BCE,
        _seed000_q3,
        outputs=lambda: seed_array("seed000_sigmoid.csv"),
    ),
    Case(
        "001",
        "(the same three questions, in Chinese) tensorflow如何基于这些值计算精度？",
        LINEAR_BCE,
        _seed001,
        outputs=lambda: seed_array("seed000_logits.csv"),
    ),
    Case(
        "002",
        "Multi-label, 20 logits, BinaryCrossentropy(from_logits=True), "
        "metrics=['accuracy']: correct labels or correct rows?",
        _multilabel(20),
        _seed002_model,
    ),
    Case(
        "002",
        "The answer's example: y_true [[0,0,0],[0,1,1]], logits [[-.1]*3, [.1]*3]",
        _multilabel(3),
        _seed002_arrays,
        outputs=_arr([[-0.1, -0.1, -0.1], [0.1, 0.1, 0.1]]),
        labels=_arr([[0, 0, 0], [0, 1, 1]]),
    ),
    Case(
        "003",
        "How does a 12-class classifier turn 12 floats into a class?",
        Head(
            units=3,
            activation="linear",
            loss="sparse_categorical_crossentropy",
            from_logits=True,
            metrics=["accuracy"],
            target="tf.keras",
        ),
        _seed003_classes,
        outputs=_arr([[0.1, 0.6, 0.3], [0.05, 0.95, 0.0]]),
        labels=_arr([2, 1]),
    ),
    Case(
        "003",
        "Dense(1, relu), mse, metrics=['accuracy'] for smoker classes 1–4: which activation?",
        Head(
            units=1,
            activation="relu",
            loss="mean_squared_error",
            metrics=["accuracy"],
            labels="sparse",
            target="tf.keras",
        ),
        _seed003_smoker,
    ),
    Case(
        "003",
        "argmax of my sigmoid output is always 0, and why is AUC 0.75 when 17 of 20 "
        "probabilities are below 0.15?",
        Head(
            units=1,
            activation="sigmoid",
            loss="binary_crossentropy",
            postprocess=["argmax"],
            target="tf.keras",
        ),
        _seed003_argmax,
    ),
    Case(
        "003",
        "Do these sigmoid predictions represent probabilities?",
        Head(
            units=1,
            activation="sigmoid",
            loss="binary_crossentropy",
            metrics=["accuracy"],
            target="tf.keras",
        ),
        _seed003_probabilities,
        outputs=lambda: seed_array("seed003_sigmoid.csv"),
    ),
    Case(
        "003",
        "What are logits? softmax versus softmax_cross_entropy_with_logits",
        Head(
            units=3,
            activation="linear",
            loss="categorical_crossentropy",
            from_logits=True,
            metrics=["accuracy"],
            target="tf.keras",
        ),
        _seed003_logits,
        outputs=_arr([[0.5, 1.5, 0.1], [2.2, 1.3, 1.7]]),
        labels=_arr([[0, 1, 0], [0, 0, 1]]),
    ),
    Case(
        "004",
        "Softmax on 2 units with binary_crossentropy for a binary problem?",
        Head(
            units=2,
            activation="softmax",
            loss="binary_crossentropy",
            metrics=["accuracy"],
            target="tf.keras",
        ),
        _seed004_two_softmax,
    ),
    Case(
        "004",
        "from_logits=True passed to model.compile() is rejected",
        Head(
            units=1,
            activation="sigmoid",
            loss="binary_crossentropy",
            metrics=["accuracy"],
            from_logits_in_compile=True,
            target="tf.keras",
        ),
        _seed004_compile,
    ),
    Case(
        "004",
        "Dense(1, activation='softmax') is stuck at 50% accuracy",
        Head(
            units=1,
            activation="softmax",
            loss="binary_crossentropy",
            metrics=["accuracy"],
            labels="binary",
            target="tf.keras",
        ),
        _seed004_softmax_one,
    ),
    Case(
        "004",
        "binary_crossentropy beats categorical_crossentropy on 10 one-hot classes",
        Head(
            units=10,
            activation="softmax",
            loss="binary_crossentropy",
            metrics=["accuracy"],
            labels="one_hot",
            target="keras2.3",
        ),
        _seed004_bce_multiclass,
    ),
    Case(
        "004",
        "Which accuracy goes with sparse_categorical_crossentropy on 5 classes?",
        Head(
            units=5,
            activation="softmax",
            loss="sparse_categorical_crossentropy",
            metrics=["accuracy"],
            labels="sparse",
            target="tf.keras",
        ),
        _seed004_sparse,
    ),
    Case(
        "004",
        "Regression Dense(1), loss='mse', metrics=['accuracy']",
        Head(units=1, activation="linear", loss="mse", metrics=["accuracy"], target="tf.keras"),
        _seed004_regression,
    ),
)
