"""HC109 classification-as-regression."""

from __future__ import annotations

from collections.abc import Iterator

from headcheck.facts import HeadFacts
from headcheck.findings import Finding
from headcheck.fixes._edits import NoAutofix
from headcheck.head import Head
from headcheck.rules._base import InvalidCode, Rule, ValidCode


class ClassificationAsRegression(Rule):
    """## What it does
    Finds class labels (integers, one-hot or binary) trained with a regression loss (mse,
    mae, huber) on a linear or relu output.

    ## Why is this bad?
    A regression loss treats class 3 as "three times class 1" and the distance between
    classes as meaningful; predictions land between classes and must be rounded by hand.
    The model cannot express uncertainty between two classes, and accuracy (which Keras
    resolves to binary accuracy at 0.5 for one unit) never matches labels above 1.

    ## Example
    ```python
    model.add(Dense(1, activation="relu"))
    model.compile(loss="mean_squared_error", metrics=["accuracy"])   # y in {1, 2, 3, 4}
    ```

    Use instead:
    ```python
    model.add(Dense(4, activation="softmax"))
    model.compile(loss="sparse_categorical_crossentropy", metrics=["accuracy"])  # y in {0..3}
    ```

    ## Fix safety
    No automatic fix: the head, the loss and the label encoding all change together, and
    the number of classes must be chosen.

    ## References
    - The seed question "Multiple outcome values for simple neural network".
    """

    code = "HC109"
    name = "classification-as-regression"
    summary = "class targets trained with mse/mae on a linear or relu unit"
    VALID = (
        Head(units=1, activation="linear", loss="mse", labels="continuous").to_facts(),
        Head(
            units=4, activation="softmax", loss="sparse_categorical_crossentropy", labels="sparse"
        ).to_facts(),
    )
    INVALID = (
        Head(units=1, activation="relu", loss="mse", labels="sparse").to_facts(),
        Head(units=1, activation="linear", loss="mae", labels="binary").to_facts(),
    )

    VALID_CODE = (
        # Keras: continuous targets, mse
        ValidCode(
            """
            import numpy as np
            import keras

            x = np.random.rand(4, 3)
            y = np.array([0.4, 1.7, 2.3, 0.9])
            model = keras.Sequential([
                keras.layers.Dense(8, activation="relu"),
                keras.layers.Dense(1),
            ])
            model.compile(optimizer="adam", loss="mse", metrics=["mae"])
            model.fit(x, y)
            """,
        ),
        # PyTorch: class indices, one logit per class, cross-entropy
        ValidCode(
            """
            import torch
            from torch import nn

            model = nn.Sequential(nn.Linear(6, 32), nn.ReLU(), nn.Linear(32, 4))
            y = torch.tensor([0, 2, 1, 3, 3, 0])
            criterion = nn.CrossEntropyLoss()
            loss = criterion(model(x), y)
            """,
        ),
    )
    INVALID_CODE = (
        # Keras: four classes regressed with mse on one relu unit
        InvalidCode(
            """
            import numpy as np
            import keras

            y = np.array([1, 2, 3, 4, 2, 1])
            model = keras.Sequential([
                keras.layers.Dense(16, activation="relu"),
                keras.layers.Dense(1, activation="relu"),
            ])
            model.compile(optimizer="adam", loss="mean_squared_error", metrics=["accuracy"])
            model.fit(x, y)
            """,
            line=9,
        ),
        # Keras: 0/1 labels fitted with mae on a linear unit
        InvalidCode(
            """
            import numpy as np
            import keras

            x = np.random.rand(6, 3)
            y = np.array([0, 1, 1, 0, 1, 0])
            model = keras.Sequential([
                keras.layers.Dense(8, activation="relu"),
                keras.layers.Dense(1),
            ])
            model.compile(optimizer="adam", loss="mae", metrics=["accuracy"])
            model.fit(x, y)
            """,
            line=10,
        ),
        # PyTorch: class indices regressed with nn.MSELoss
        InvalidCode(
            """
            import torch
            from torch import nn

            model = nn.Sequential(nn.Linear(6, 32), nn.ReLU(), nn.Linear(32, 1))
            y = torch.tensor([0, 2, 1, 3, 3, 0])
            criterion = nn.MSELoss()
            loss = criterion(model(x).squeeze(1), y.float())
            """,
            line=6,
        ),
    )

    def check(self, facts: HeadFacts) -> Iterator[Finding]:
        if facts.loss is None or facts.loss.family != "regression":
            return
        if facts.labels not in ("sparse", "one_hot", "binary", "multi_hot"):
            return
        if facts.activation is None or facts.activation.name not in ("linear", "relu"):
            return
        yield self.finding(
            f"the labels are classes ({facts.labels.replace('_', '-')}) but the head is trained "
            f"as a regression ({facts.loss.name} on a {facts.activation.name} output): class "
            "numbers are treated as distances and predictions fall between classes",
            "use one unit per class with softmax and sparse_categorical_crossentropy (integer "
            "labels) or categorical_crossentropy (one-hot); for two classes, one sigmoid unit "
            "with binary_crossentropy",
            facts.where("loss"),
            autofix=NoAutofix(
                "units, activation, loss and label encoding change together: edit the head by hand"
            ),
        )
