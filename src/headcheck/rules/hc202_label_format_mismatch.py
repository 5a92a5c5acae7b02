"""HC202 label-format-mismatch."""

from __future__ import annotations

from collections.abc import Iterator

from headcheck.facts import HeadFacts
from headcheck.findings import Finding
from headcheck.fixes._edits import Autofix, NoAutofix, SetLoss
from headcheck.head import Head
from headcheck.rules._base import InvalidCode, Rule, ValidCode


class LabelFormatMismatch(Rule):
    """## What it does
    Finds labels encoded differently from what the loss reads: integer labels with
    `categorical_crossentropy`, one-hot labels with `sparse_categorical_crossentropy` or
    `nn.CrossEntropyLoss` given class indices, ±1 labels with binary cross-entropy.

    ## Why is this bad?
    `categorical_crossentropy` with integer labels fails with "Shapes (N, 1) and (N, C) are
    incompatible" (tf-keras) or "Arguments `target` and `output` must have the same rank"
    (Keras 3) — while `'accuracy'` already resolved to sparse accuracy. One-hot labels under a
    sparse loss are read as class indices 0 and 1. With ±1 labels, binary cross-entropy's
    `(1 − y)` term becomes 2 and the loss is no longer a likelihood.

    ## Example
    ```python
    model.compile(loss="sparse_categorical_crossentropy")
    model.fit(x, keras.utils.to_categorical(y))
    ```

    Use instead:
    ```python
    model.compile(loss="categorical_crossentropy")     # one-hot labels
    model.fit(x, keras.utils.to_categorical(y))
    ```

    ## Fix safety
    Keras: switching between `sparse_categorical_crossentropy` and `categorical_crossentropy`
    to match the labels is safe: the two compute the same loss on the matching label
    encoding, and the mismatched pair fails or computes nothing meaningful. PyTorch and ±1
    labels get no fix: the labels themselves must change.

    ## References
    - framework-semantics.md §1 (the loss failure with integer labels) and §8.
    """

    code = "HC202"
    name = "label-format-mismatch"
    summary = "the label encoding does not match what the loss reads"
    VALID = (
        Head(
            units=10, activation="softmax", loss="sparse_categorical_crossentropy", labels="sparse"
        ).to_facts(),
        Head(
            units=10, activation="softmax", loss="categorical_crossentropy", labels="one_hot"
        ).to_facts(),
        Head(units=1, activation="sigmoid", loss="binary_crossentropy", labels="binary").to_facts(),
    )
    INVALID = (
        Head(
            units=10, activation="softmax", loss="categorical_crossentropy", labels="sparse"
        ).to_facts(),
        Head(
            units=10, activation="softmax", loss="sparse_categorical_crossentropy", labels="one_hot"
        ).to_facts(),
        Head(units=1, activation="sigmoid", loss="binary_crossentropy", labels="signed").to_facts(),
    )

    VALID_CODE = (
        # Keras: integer labels with sparse categorical cross-entropy
        ValidCode(
            """
            import numpy as np
            import keras

            x = np.random.rand(5, 4)
            y = np.array([0, 2, 1, 2, 0])
            model = keras.Sequential([keras.layers.Dense(3, activation="softmax")])
            model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
            model.fit(x, y)
            """,
        ),
        # PyTorch: class indices into nn.CrossEntropyLoss
        ValidCode(
            """
            from torch import nn

            model = nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 10))
            criterion = nn.CrossEntropyLoss()
            for x, y in loader:
                loss = criterion(model(x), y)
            """,
        ),
        # PyTorch: float one-hot rows are class probabilities for nn.CrossEntropyLoss
        ValidCode(
            """
            import torch
            from torch import nn

            model = nn.Sequential(nn.Linear(4, 3))
            targets = torch.tensor([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]])
            loss = nn.CrossEntropyLoss()(model(torch.randn(2, 4)), targets)
            """,
        ),
    )
    INVALID_CODE = (
        # Keras: integer labels under categorical cross-entropy
        InvalidCode(
            """
            import numpy as np
            import keras

            x = np.random.rand(5, 4)
            y = np.array([0, 2, 1, 2, 0])
            model = keras.Sequential([keras.layers.Dense(3, activation="softmax")])
            model.compile(optimizer="adam", loss="categorical_crossentropy")
            model.fit(x, y)
            """,
            line=7,
            fixed="""
            import numpy as np
            import keras

            x = np.random.rand(5, 4)
            y = np.array([0, 2, 1, 2, 0])
            model = keras.Sequential([keras.layers.Dense(3, activation="softmax")])
            model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
            model.fit(x, y)
            """,
        ),
        # tf.keras: -1/+1 labels under binary cross-entropy
        InvalidCode(
            """
            import numpy as np
            from tensorflow import keras

            y = np.array([-1, 1, 1, -1, 1])
            model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
            model.compile(optimizer="adam", loss="binary_crossentropy")
            model.fit(np.random.rand(5, 2), y)
            """,
            line=6,
        ),
        # PyTorch: integer one-hot rows (F.one_hot without .float()) into nn.CrossEntropyLoss
        InvalidCode(
            """
            import torch.nn.functional as F
            from torch import nn

            model = nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 10))
            criterion = nn.CrossEntropyLoss()
            for x, y in loader:
                loss = criterion(model(x), F.one_hot(y, num_classes=10))
            """,
            line=5,
        ),
    )

    def check(self, facts: HeadFacts) -> Iterator[Finding]:
        loss, labels = facts.loss, facts.labels
        if loss is None or labels is None:
            return
        if loss.family == "categorical_crossentropy" and labels == "sparse":
            yield self.finding(
                f"the labels are integer class indices but {loss.name} expects one-hot rows: "
                "tf-keras fails with 'Shapes (N, 1) and (N, C) are incompatible', Keras 3 with "
                "'Arguments `target` and `output` must have the same rank'",
                "use loss='sparse_categorical_crossentropy' (or one-hot the labels with "
                "keras.utils.to_categorical)",
                facts.where("loss"),
                autofix=_switch(facts, "sparse_categorical_crossentropy"),
            )
        elif loss.family in ("sparse_categorical_crossentropy", "nll") and labels in (
            "one_hot",
            "multi_hot",
        ):
            fix = (
                "use loss='categorical_crossentropy' for one-hot labels (or pass y.argmax(axis=1))"
                if loss.framework == "keras"
                else "pass class indices (y.argmax(dim=1)), or float one-hot targets to "
                "nn.CrossEntropyLoss (class probabilities, PyTorch ≥ 1.10)"
            )
            yield self.finding(
                f"the labels are one-hot rows but {loss.name} expects one integer class index "
                "per sample",
                fix,
                facts.where("loss"),
                autofix=_switch(facts, "categorical_crossentropy"),
            )
        elif loss.family == "binary_crossentropy" and labels == "signed":
            yield self.finding(
                "the labels are -1/+1 but binary cross-entropy expects 0/1: the (1 - y) term "
                "becomes 2 for y = -1 and the loss is no longer a likelihood",
                "map the labels with y = (y + 1) / 2, or use a hinge loss for ±1 labels",
                facts.where("loss"),
                autofix=NoAutofix("the labels must change: y = (y + 1) / 2"),
            )


def _switch(facts: HeadFacts, wanted: str) -> Autofix | NoAutofix:
    if facts.loss is None or facts.loss.framework != "keras":
        return NoAutofix("the labels must change: pass class indices, y.argmax(dim=1)")
    if facts.labels == "multi_hot":
        return NoAutofix("several labels per sample: use sigmoid with binary_crossentropy")
    return Autofix(f"use {wanted}", "safe", (SetLoss(facts.where("loss"), wanted),))
