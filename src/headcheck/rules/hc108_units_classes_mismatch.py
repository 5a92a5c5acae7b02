"""HC108 units-classes-mismatch."""

from __future__ import annotations

from collections.abc import Iterator

from headcheck.facts import HeadFacts
from headcheck.findings import Finding
from headcheck.fixes._edits import Autofix, SetUnits
from headcheck.head import Head
from headcheck.rules._base import InvalidCode, Rule, ValidCode


class UnitsClassesMismatch(Rule):
    """## What it does
    Finds a head whose number of output units differs from the number of classes (or label
    columns) the labels establish.

    ## Why is this bad?
    Too few units: classes beyond the last unit can never be predicted, and sparse
    cross-entropy raises (or, on some backends, indexes out of range). Too many units: the
    extra classes take probability mass and argmax can pick a class that does not exist.
    One unit for two classes is fine with a sigmoid; two units for two classes is fine with a
    softmax.

    ## Example
    ```python
    model.add(Dense(10, activation="softmax"))   # but the labels have 12 classes
    ```

    Use instead:
    ```python
    model.add(Dense(len(label_names), activation="softmax"))
    ```

    ## Fix safety
    Unsafe: the fix sets the number of units to the number of classes in the labels, which
    changes the model's weights; it must be retrained.

    ## References
    - framework-semantics.md §4 (sparse categorical cross-entropy over the class axis).
    """

    code = "HC108"
    name = "units-classes-mismatch"
    summary = "the number of output units differs from the number of classes or label columns"
    VALID = (
        Head(units=12, activation="softmax", num_classes=12).to_facts(),
        Head(units=1, activation="sigmoid", num_classes=2).to_facts(),
        Head(units=2, activation="softmax", num_classes=2).to_facts(),
        # a regression head on class labels is HC109's finding, not a width mismatch
        Head(units=1, activation="relu", loss="mse", labels="sparse", num_classes=4).to_facts(),
    )
    INVALID = (
        Head(units=10, activation="softmax", num_classes=12).to_facts(),
        Head(units=1, activation="sigmoid", num_classes=3).to_facts(),
    )

    VALID_CODE = (
        # Keras: one unit per class of the one-hot labels
        ValidCode(
            """
            import keras

            num_classes = 12
            y_train = keras.utils.to_categorical(y_train_int, num_classes)
            model = keras.Sequential([
                keras.Input(shape=(28, 28)),
                keras.layers.Flatten(),
                keras.layers.Dense(num_classes, activation="softmax"),
            ])
            model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
            model.fit(x_train, y_train, epochs=5)
            """,
        ),
        # PyTorch: one output per label column
        ValidCode(
            """
            import torch
            import torch.nn.functional as F
            from torch import nn

            model = nn.Sequential(nn.Linear(12, 24), nn.ReLU(), nn.Linear(24, 4))
            y = torch.tensor([[1, 0, 0, 1], [0, 1, 1, 0]], dtype=torch.float32)
            loss = F.binary_cross_entropy_with_logits(model(x), y)
            """,
        ),
    )
    INVALID_CODE = (
        # Keras: 12 classes, 10 units
        InvalidCode(
            """
            import keras

            y_train = keras.utils.to_categorical(y_train_int, 12)
            model = keras.Sequential([
                keras.Input(shape=(28, 28)),
                keras.layers.Flatten(),
                keras.layers.Dense(128, activation="relu"),
                keras.layers.Dense(10, activation="softmax"),
            ])
            model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
            model.fit(x_train, y_train, epochs=5)
            """,
            line=8,
            fixed="""
            import keras

            y_train = keras.utils.to_categorical(y_train_int, 12)
            model = keras.Sequential([
                keras.Input(shape=(28, 28)),
                keras.layers.Flatten(),
                keras.layers.Dense(128, activation="relu"),
                keras.layers.Dense(12, activation="softmax"),
            ])
            model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
            model.fit(x_train, y_train, epochs=5)
            """,
        ),
        # PyTorch: four label columns, three outputs
        InvalidCode(
            """
            import torch
            from torch import nn

            model = nn.Sequential(nn.Linear(12, 24), nn.ReLU(), nn.Linear(24, 3))
            y = torch.tensor([[1, 0, 0, 1], [0, 1, 1, 0]], dtype=torch.float32)
            criterion = nn.BCEWithLogitsLoss()
            loss = criterion(model(x), y)
            """,
            line=4,
            fixed="""
            import torch
            from torch import nn

            model = nn.Sequential(nn.Linear(12, 24), nn.ReLU(), nn.Linear(24, 4))
            y = torch.tensor([[1, 0, 0, 1], [0, 1, 1, 0]], dtype=torch.float32)
            criterion = nn.BCEWithLogitsLoss()
            loss = criterion(model(x), y)
            """,
        ),
    )

    def check(self, facts: HeadFacts) -> Iterator[Finding]:
        units, classes = facts.units, facts.num_classes
        if units is None or classes is None or units == classes:
            return
        if units == 1 and classes == 2 and facts.task in ("binary", None):
            return
        if facts.task == "regression" or (facts.loss and facts.loss.family == "regression"):
            return  # a regression head has one output whatever the targets' values; HC109 says it
        yield self.finding(
            f"the last layer has {units} unit{'s' if units != 1 else ''} but the labels have "
            f"{classes} classes"
            + (
                ": classes past the last unit can never be predicted"
                if units < classes
                else ": argmax can pick a class that has no label"
            ),
            f"use {classes} units (one per class)"
            + (", or 1 sigmoid unit for two classes" if classes == 2 else ""),
            facts.where("units"),
            autofix=Autofix(
                f"use {classes} units", "unsafe", (SetUnits(facts.where("units"), classes),)
            ),
        )
