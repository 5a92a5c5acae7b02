"""HC102 activation-loss-mismatch."""

from __future__ import annotations

from collections.abc import Iterator

from headcheck.facts import HeadFacts
from headcheck.findings import Finding, Severity
from headcheck.fixes._edits import Autofix, NoAutofix, SetActivation, SetLoss
from headcheck.head import Head
from headcheck.rules._base import InvalidCode, Rule, ValidCode
from headcheck.rules._fixing import labels_needed
from headcheck.rules._phrases import loss_call


class ActivationLossMismatch(Rule):
    """## What it does
    Finds a final activation that does not fit the loss for the task: softmax (or
    log-softmax) into a per-class binary cross-entropy, and several independent sigmoids into
    a categorical cross-entropy.

    ## Why is this bad?
    Binary cross-entropy scores every unit as its own yes/no question; softmax makes the units
    compete. Together they train a single-label problem as if it were multi-label: the loss is
    mis-scaled and, in Keras ≤ 2.3, `'accuracy'` becomes per-unit binary accuracy, which on
    10 classes is at least 80% for a model that always answers "no" (the classic
    "binary_crossentropy gives higher accuracy than categorical_crossentropy"). On TensorFlow,
    binary cross-entropy even reads the *pre-softmax* logits through a sigmoid.
    Categorical cross-entropy on sigmoid outputs divides them by their row sum, silently
    turning independent probabilities into a distribution.

    ## Example
    ```python
    model.add(Dense(10, activation="softmax"))
    model.compile(loss="binary_crossentropy", metrics=["accuracy"])
    ```

    Use instead:
    ```python
    model.add(Dense(10, activation="softmax"))
    model.compile(loss="categorical_crossentropy", metrics=["accuracy"])  # one-hot labels
    ```

    ## Fix safety
    Unsafe: the fix changes the training objective and the numbers logged. Softmax into binary
    cross-entropy becomes `categorical_crossentropy` for one-hot labels or
    `sparse_categorical_crossentropy` for integer labels (PyTorch: the softmax is dropped and
    `nn.CrossEntropyLoss` reads the logits). Sigmoids into categorical cross-entropy become
    softmax for one class per sample, or the loss becomes `binary_crossentropy` for multi-hot
    labels. The labels decide; when the code does not show them no fix is applied.

    ## References
    - framework-semantics.md §1 (Keras ≤ 2.3 resolves `'accuracy'` from the loss), §4 (BCE on
      softmax output under TensorFlow).
    """

    code = "HC102"
    name = "activation-loss-mismatch"
    summary = "the final activation does not fit the loss for the task"
    VALID = (
        Head(units=10, activation="softmax", loss="categorical_crossentropy").to_facts(),
        Head(units=20, activation="sigmoid", loss="binary_crossentropy").to_facts(),
        Head(units=5, activation="log_softmax", loss="NLLLoss").to_facts(),
    )
    INVALID = (
        Head(units=10, activation="softmax", loss="binary_crossentropy").to_facts(),
        Head(units=5, activation="sigmoid", loss="categorical_crossentropy").to_facts(),
        Head(units=4, activation="softmax", loss="BCELoss").to_facts(),
    )

    VALID_CODE = (
        # Keras: softmax with categorical cross-entropy
        ValidCode(
            """
            import keras

            model = keras.Sequential([
                keras.Input(shape=(784,)),
                keras.layers.Dense(64, activation="relu"),
                keras.layers.Dense(10, activation="softmax"),
            ])
            model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
            """,
        ),
        # PyTorch: independent logits for a multi-label task
        ValidCode(
            """
            import torch
            from torch import nn

            model = nn.Sequential(nn.Linear(128, 64), nn.ReLU(), nn.Linear(64, 20))
            criterion = nn.BCEWithLogitsLoss()
            loss = criterion(model(x), targets)
            probs = torch.sigmoid(model(x))
            """,
        ),
    )
    INVALID_CODE = (
        # Keras: softmax into binary cross-entropy
        InvalidCode(
            """
            import keras

            model = keras.Sequential([
                keras.Input(shape=(784,)),
                keras.layers.Dense(64, activation="relu"),
                keras.layers.Dense(10, activation="softmax"),
            ])
            model.compile(optimizer="adam", loss="binary_crossentropy")
            """,
            line=8,
        ),
        # Keras: several sigmoids into categorical cross-entropy
        InvalidCode(
            """
            from tensorflow import keras

            inputs = keras.Input(shape=(32,))
            hidden = keras.layers.Dense(64, activation="relu")(inputs)
            outputs = keras.layers.Dense(5, activation="sigmoid")(hidden)
            model = keras.Model(inputs, outputs)
            model.compile(optimizer="adam", loss="categorical_crossentropy")
            """,
            line=5,
        ),
        # PyTorch: softmax into nn.BCELoss
        InvalidCode(
            """
            from torch import nn

            model = nn.Sequential(
                nn.Linear(128, 64), nn.ReLU(), nn.Linear(64, 4), nn.Softmax(dim=1)
            )
            criterion = nn.BCELoss()
            loss = criterion(model(x), targets)
            """,
            line=6,
        ),
        # Keras: softmax into binary cross-entropy on one-hot digits (10 classes)
        InvalidCode(
            """
            import keras
            from sklearn.datasets import load_digits

            x, y = load_digits(return_X_y=True)
            model = keras.Sequential([
                keras.Input(shape=(64,)),
                keras.layers.Dense(10, activation="softmax"),
            ])
            model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
            model.fit(x, keras.utils.to_categorical(y), epochs=5)
            """,
            line=9,
            fixed="""
            import keras
            from sklearn.datasets import load_digits

            x, y = load_digits(return_X_y=True)
            model = keras.Sequential([
                keras.Input(shape=(64,)),
                keras.layers.Dense(10, activation="softmax"),
            ])
            model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
            model.fit(x, keras.utils.to_categorical(y), epochs=5)
            """,
        ),
        # PyTorch: softmax into nn.BCELoss with one-hot targets
        InvalidCode(
            """
            import torch.nn.functional as F
            from torch import nn

            model = nn.Sequential(nn.Linear(64, 10), nn.Softmax(dim=1))
            criterion = nn.BCELoss()
            loss = criterion(model(x), F.one_hot(y, 10).float())
            """,
            line=5,
            fixed="""
            import torch.nn.functional as F
            from torch import nn

            model = nn.Sequential(nn.Linear(64, 10))
            criterion = nn.CrossEntropyLoss()
            loss = criterion(model(x), F.one_hot(y, 10).float())
            """,
        ),
    )

    def check(self, facts: HeadFacts) -> Iterator[Finding]:
        act, loss, units = facts.activation, facts.loss, facts.units
        if act is None or loss is None or units is None or units < 2:
            return
        if act.name in ("softmax", "log_softmax") and loss.family == "binary_crossentropy":
            if facts.labels == "multi_hot":
                return  # HC107 says it: the activation is what is wrong
            severity: Severity = "warning" if units == 2 else "error"
            autofix = _single_label_loss(facts)
            yield self.finding(
                f"{act.name} makes the {units} outputs compete for one class, but "
                f"{loss_call(facts)} scores each output as an independent yes/no question",
                "for one class per sample use "
                + (
                    "nn.CrossEntropyLoss on the logits (drop the softmax)"
                    if loss.framework == "torch"
                    else "categorical_crossentropy (one-hot labels) or "
                    "sparse_categorical_crossentropy (integer labels)"
                )
                + "; for several labels per sample use sigmoid instead of softmax",
                facts.where("loss"),
                severity=severity,
                autofix=autofix,
            )
        elif act.name == "sigmoid" and loss.family == "categorical_crossentropy":
            yield self.finding(
                f"{units} independent sigmoid outputs reach {loss_call(facts)}, which expects "
                "one distribution per row: the outputs are divided by their row sum first",
                "for one class per sample use activation='softmax'; for several labels per "
                "sample use binary_crossentropy",
                facts.where("activation"),
                autofix=_sigmoid_fix(facts),
            )


def _single_label_loss(facts: HeadFacts) -> Autofix | NoAutofix:
    """Softmax into binary cross-entropy: a single-label loss for the labels there are."""
    loss = facts.loss
    assert loss is not None and facts.activation is not None
    if facts.activation.name != "softmax":
        return NoAutofix("log_softmax outputs need a loss that reads log-probabilities")
    if loss.framework == "torch":
        if facts.labels not in ("sparse", "one_hot"):
            return NoAutofix(labels_needed("class indices or one-hot rows"))
        return Autofix(
            "return logits (drop the softmax) and use nn.CrossEntropyLoss",
            "unsafe",
            (
                SetActivation(facts.where("activation"), "linear"),
                SetLoss(facts.where("loss"), "CrossEntropyLoss"),
            ),
        )
    wanted = {
        "one_hot": "categorical_crossentropy",
        "sparse": "sparse_categorical_crossentropy",
    }.get(facts.labels or "")
    if wanted is None:
        return NoAutofix(
            labels_needed(
                "one-hot rows: categorical_crossentropy; integer classes: "
                "sparse_categorical_crossentropy; several labels per sample: sigmoid"
            )
        )
    return Autofix(f"use {wanted}", "unsafe", (SetLoss(facts.where("loss"), wanted),))


def _sigmoid_fix(facts: HeadFacts) -> Autofix | NoAutofix:
    """Sigmoid into categorical cross-entropy: softmax for one class per sample, binary
    cross-entropy for several."""
    if facts.labels in ("one_hot", "sparse"):
        return Autofix(
            "use softmax for one class per sample",
            "unsafe",
            (SetActivation(facts.where("activation"), "softmax"),),
        )
    if facts.labels == "multi_hot":
        return Autofix(
            "use binary_crossentropy for several labels per sample",
            "unsafe",
            (SetLoss(facts.where("loss"), "binary_crossentropy"),),
        )
    return NoAutofix(
        labels_needed("one class per sample: softmax; several labels per sample: binary loss")
    )
