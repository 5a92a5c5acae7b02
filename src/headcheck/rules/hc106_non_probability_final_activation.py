"""HC106 non-probability-final-activation."""

from __future__ import annotations

from collections.abc import Iterator

from headcheck.facts import HeadFacts
from headcheck.findings import Finding
from headcheck.fixes._edits import Autofix, SetActivation
from headcheck.head import Head
from headcheck.rules._base import InvalidCode, Rule, ValidCode
from headcheck.rules._phrases import loss_call


class NonProbabilityFinalActivation(Rule):
    """## What it does
    Finds relu, tanh, elu, softplus and other non-probability activations as the last layer
    under a loss that reads probabilities.

    ## Why is this bad?
    relu outputs are unbounded above and exactly 0 for half the inputs: Keras clips them into
    [1e-7, 1 − 1e-7], so a relu unit that fires ≥ 1 is "certain", one that is off is
    "certainly 0" and gets no gradient (a dead unit cannot recover). tanh outputs below 0 are
    clipped the same way. The loss and accuracy numbers stop meaning anything.

    ## Example
    ```python
    model.add(Dense(1, activation="relu"))
    model.compile(loss="binary_crossentropy")
    ```

    Use instead:
    ```python
    model.add(Dense(1, activation="sigmoid"))
    model.compile(loss="binary_crossentropy")
    ```

    ## Fix safety
    Unsafe: the fix replaces the activation by the one the loss reads (sigmoid for a binary
    loss, softmax for a categorical one), which changes every output of the model.

    ## References
    - framework-semantics.md §4 (clipping to [ε, 1 − ε]).
    """

    code = "HC106"
    name = "non-probability-final-activation"
    summary = "relu/tanh/etc. as the last activation under a loss that expects probabilities"
    VALID = (
        Head(units=1, activation="relu", loss="mse").to_facts(),
        Head(units=1, activation="sigmoid", loss="binary_crossentropy").to_facts(),
    )
    INVALID = (
        Head(units=1, activation="relu", loss="binary_crossentropy").to_facts(),
        Head(units=3, activation="tanh", loss="categorical_crossentropy").to_facts(),
        Head(units=1, activation="tanh", loss="BCELoss").to_facts(),
    )

    VALID_CODE = (
        # Keras: relu output for a regression
        ValidCode(
            """
            import keras

            model = keras.Sequential([
                keras.Input(shape=(8,)),
                keras.layers.Dense(1, activation="relu"),
            ])
            model.compile(optimizer="adam", loss="mse", metrics=["mae"])
            """,
        ),
        # PyTorch: nn.Sigmoid, then nn.BCELoss
        ValidCode(
            """
            from torch import nn

            model = nn.Sequential(nn.Linear(30, 16), nn.ReLU(), nn.Linear(16, 1), nn.Sigmoid())
            criterion = nn.BCELoss()
            loss = criterion(model(x), y)
            """,
        ),
    )
    INVALID_CODE = (
        # Keras: relu as the last activation under binary cross-entropy
        InvalidCode(
            """
            from tensorflow import keras

            model = keras.Sequential([
                keras.layers.Dense(32, activation="relu"),
                keras.layers.Dense(1, activation="relu"),
            ])
            model.compile(optimizer="adam", loss="binary_crossentropy")
            """,
            line=5,
            fixed="""
            from tensorflow import keras

            model = keras.Sequential([
                keras.layers.Dense(32, activation="relu"),
                keras.layers.Dense(1, activation="sigmoid"),
            ])
            model.compile(optimizer="adam", loss="binary_crossentropy")
            """,
        ),
        # Keras functional: tanh under categorical cross-entropy
        InvalidCode(
            """
            import keras

            inputs = keras.Input(shape=(16,))
            outputs = keras.layers.Dense(3, activation="tanh")(inputs)
            model = keras.Model(inputs, outputs)
            model.compile(optimizer="adam", loss="categorical_crossentropy")
            """,
            line=4,
            fixed="""
            import keras

            inputs = keras.Input(shape=(16,))
            outputs = keras.layers.Dense(3, activation="softmax")(inputs)
            model = keras.Model(inputs, outputs)
            model.compile(optimizer="adam", loss="categorical_crossentropy")
            """,
        ),
        # PyTorch: nn.Tanh, then nn.BCELoss
        InvalidCode(
            """
            from torch import nn

            model = nn.Sequential(nn.Linear(30, 16), nn.ReLU(), nn.Linear(16, 1), nn.Tanh())
            criterion = nn.BCELoss()
            loss = criterion(model(x), y)
            """,
            line=3,
            fixed="""
            from torch import nn

            model = nn.Sequential(nn.Linear(30, 16), nn.ReLU(), nn.Linear(16, 1), nn.Sigmoid())
            criterion = nn.BCELoss()
            loss = criterion(model(x), y)
            """,
        ),
    )

    def check(self, facts: HeadFacts) -> Iterator[Finding]:
        act = facts.activation
        if act is None or act.is_probability or act.name in ("linear", "log_softmax"):
            return
        if facts.loss_reads not in ("probabilities", "distribution"):
            return
        wanted = "softmax" if facts.loss_reads == "distribution" else "sigmoid"
        yield self.finding(
            f"the last activation is {act.description.split(':')[0]}, whose outputs are not "
            f"probabilities, but {loss_call(facts)} reads probabilities: outputs outside "
            "[0, 1] are clipped and get no gradient",
            f"use activation='{wanted}' (or no activation with from_logits=True)",
            facts.where("activation"),
            autofix=Autofix(
                f"use {wanted}", "unsafe", (SetActivation(facts.where("activation"), wanted),)
            ),
        )
