"""HC102 activation-loss-mismatch."""

from __future__ import annotations

from collections.abc import Iterator

from headcheck.facts import HeadFacts
from headcheck.findings import Finding, Severity
from headcheck.head import Head
from headcheck.rules._base import InvalidCode, Rule, ValidCode
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
    Switching the loss to the categorical one is unsafe: it changes the training objective
    and the numbers logged. For a multi-label task the activation should change instead
    (sigmoid); headcheck chooses from the labels and applies no fix when they are unknown.

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
    )

    def check(self, facts: HeadFacts) -> Iterator[Finding]:
        act, loss, units = facts.activation, facts.loss, facts.units
        if act is None or loss is None or units is None or units < 2:
            return
        if act.name in ("softmax", "log_softmax") and loss.family == "binary_crossentropy":
            if facts.labels == "multi_hot":
                return  # HC107 says it: the activation is what is wrong
            severity: Severity = "warning" if units == 2 else "error"
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
            )
        elif act.name == "sigmoid" and loss.family == "categorical_crossentropy":
            yield self.finding(
                f"{units} independent sigmoid outputs reach {loss_call(facts)}, which expects "
                "one distribution per row: the outputs are divided by their row sum first",
                "for one class per sample use activation='softmax'; for several labels per "
                "sample use binary_crossentropy",
                facts.where("activation"),
            )
