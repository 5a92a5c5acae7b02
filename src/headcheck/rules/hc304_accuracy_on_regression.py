"""HC304 accuracy-on-regression."""

from __future__ import annotations

from collections.abc import Iterator

from headcheck.facts import HeadFacts
from headcheck.findings import Finding
from headcheck.fixes._edits import Autofix, SetMetric
from headcheck.head import Head
from headcheck.rules._base import InvalidCode, Rule, ValidCode


class AccuracyOnRegression(Rule):
    """## What it does
    Finds accuracy metrics on a regression head (a regression loss such as mse, or continuous
    targets).

    ## Why is this bad?
    On one output unit Keras resolves `'accuracy'` to binary accuracy: it checks whether
    `output > 0.5` equals the target exactly. For continuous targets that is almost never
    true, for integer targets above 1 it is never true; the figure is noise, and a rising
    "accuracy" can hide a worsening fit.

    ## Example
    ```python
    model.add(Dense(1))
    model.compile(loss="mse", metrics=["accuracy"])
    ```

    Use instead:
    ```python
    model.compile(loss="mse", metrics=["mae", keras.metrics.RootMeanSquaredError()])
    ```

    ## Fix safety
    Unsafe: the accuracy becomes `MeanAbsoluteError()`, so the metric's name in the training
    history changes; training itself does not.

    ## References
    - framework-semantics.md §1 (one unit → binary accuracy whatever the loss).
    """

    code = "HC304"
    name = "accuracy-on-regression"
    summary = "a regression head is scored with accuracy"
    VALID = (
        Head(units=1, activation="linear", loss="mse", metrics=["mae"]).to_facts(),
        Head(
            units=1, activation="sigmoid", loss="binary_crossentropy", metrics=["accuracy"]
        ).to_facts(),
    )
    INVALID = (
        Head(units=1, activation="linear", loss="mse", metrics=["accuracy"]).to_facts(),
        Head(
            units=1,
            activation="relu",
            loss="mean_absolute_error",
            metrics=["acc"],
            labels="continuous",
        ).to_facts(),
    )

    VALID_CODE = (
        # Keras: a regression head scored with mae
        ValidCode(
            """
            import keras

            model = keras.Sequential([
                keras.layers.Dense(64, activation="relu"),
                keras.layers.Dense(1),
            ])
            model.compile(optimizer="adam", loss="mse", metrics=["mae"])
            """,
        ),
        # Keras: accuracy on a binary classifier
        ValidCode(
            """
            import keras

            model = keras.Sequential([
                keras.layers.Dense(64, activation="relu"),
                keras.layers.Dense(1, activation="sigmoid"),
            ])
            model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
            """,
        ),
    )
    INVALID_CODE = (
        # Keras: mse regression scored with 'accuracy'
        InvalidCode(
            """
            import keras

            model = keras.Sequential([
                keras.layers.Dense(64, activation="relu"),
                keras.layers.Dense(1),
            ])
            model.compile(optimizer="adam", loss="mse", metrics=["accuracy"])
            """,
            line=7,
            fixed="""
            import keras

            model = keras.Sequential([
                keras.layers.Dense(64, activation="relu"),
                keras.layers.Dense(1),
            ])
            model.compile(optimizer="adam", loss="mse", metrics=[keras.metrics.MeanAbsoluteError()])
            """,
        ),
        # tf.keras: continuous targets scored with 'acc'
        InvalidCode(
            """
            import numpy as np
            from tensorflow import keras

            x = np.random.rand(4, 3)
            y = np.array([0.4, 1.7, 2.3, 0.9])
            model = keras.Sequential([
                keras.layers.Dense(8, activation="relu"),
                keras.layers.Dense(1, activation="relu"),
            ])
            model.compile(optimizer="adam", loss="mean_absolute_error", metrics=["mae", "acc"])
            model.fit(x, y)
            """,
            line=10,
            fixed="""
            import numpy as np
            from tensorflow import keras

            x = np.random.rand(4, 3)
            y = np.array([0.4, 1.7, 2.3, 0.9])
            model = keras.Sequential([
                keras.layers.Dense(8, activation="relu"),
                keras.layers.Dense(1, activation="relu"),
            ])
            model.compile(optimizer="adam", loss="mean_absolute_error", metrics=[
                "mae",
                keras.metrics.MeanAbsoluteError(),
            ])
            model.fit(x, y)
            """,
        ),
    )

    def check(self, facts: HeadFacts) -> Iterator[Finding]:
        regression = facts.labels == "continuous" or (
            facts.loss is not None
            and facts.loss.family == "regression"
            and facts.labels in (None, "continuous")
        )
        if not regression:
            return
        for metric in facts.metrics:
            if "accuracy" not in metric.key and metric.key != "acc":
                continue
            yield self.finding(
                f"{str(metric)!r} on a regression head counts outputs that equal the target "
                "exactly (after a 0.5 threshold for one unit): for continuous targets that "
                "figure is meaningless",
                "use regression metrics: 'mae', 'mse' or keras.metrics.RootMeanSquaredError()",
                facts.where(f"metric:{metric.name}"),
                autofix=Autofix(
                    "use MeanAbsoluteError",
                    "unsafe",
                    (SetMetric(facts.where(f"metric:{metric.name}"), "MeanAbsoluteError"),),
                ),
            )
