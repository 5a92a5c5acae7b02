"""HC109 classification-as-regression."""

from __future__ import annotations

from collections.abc import Iterator

from headcheck.facts import HeadFacts
from headcheck.findings import Finding
from headcheck.head import Head
from headcheck.rules._base import Rule


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
    Unsafe: the head, the loss and the label encoding all change.

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
        )
