"""HC305 argmax-single-output."""

from __future__ import annotations

from collections.abc import Iterator

from headcheck.facts import HeadFacts
from headcheck.findings import Finding
from headcheck.fixes._edits import Autofix, ThresholdInsteadOfArgmax
from headcheck.head import Head
from headcheck.rules._base import InvalidCode, Rule, ValidCode


class ArgmaxSingleOutput(Rule):
    """## What it does
    Finds `argmax` over the class axis of a one-unit output.

    ## Why is this bad?
    With one column the largest value is always in column 0, so `np.argmax(pred, axis=1)` is
    0 for every sample, whatever the model says — "argmax of my sigmoid output is always 0".
    One sigmoid unit is the probability of class 1; turn it into a class with a threshold.

    ## Example
    ```python
    preds = model.predict(x)               # shape (n, 1), sigmoid
    classes = np.argmax(preds, axis=1)     # always 0
    ```

    Use instead:
    ```python
    classes = (preds[:, 0] > 0.5).astype(int)   # 0.0 for logits
    ```

    ## Fix safety
    Safe: the argmax returned class 0 for every sample, so nothing can have relied on it. It
    becomes a threshold on the one column: `> 0.0` for logits, `> 0.5` for probabilities.

    ## References
    - The seed question "how to interpret a probability predictions ... sigmoid".
    """

    code = "HC305"
    name = "argmax-single-output"
    summary = "argmax over a one-unit output (always 0)"
    VALID = (
        Head(units=10, activation="softmax", postprocess=["argmax"]).to_facts(),
        Head(units=1, activation="sigmoid", postprocess=["threshold_0.5"]).to_facts(),
    )
    INVALID = (
        Head(units=1, activation="sigmoid", postprocess=["argmax"]).to_facts(),
        Head(units=1, activation="linear", postprocess=["argmax"]).to_facts(),
    )

    VALID_CODE = (
        # Keras: argmax over ten softmax outputs
        ValidCode(
            """
            import numpy as np
            import keras

            model = keras.Sequential([
                keras.layers.Dense(64, activation="relu"),
                keras.layers.Dense(10, activation="softmax"),
            ])
            model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
            predicted = np.argmax(model.predict(x_test), axis=1)
            """,
        ),
        # PyTorch: one logit thresholded after a sigmoid
        ValidCode(
            """
            import torch
            from torch import nn

            model = nn.Sequential(nn.Linear(16, 8), nn.ReLU(), nn.Linear(8, 1))
            criterion = nn.BCEWithLogitsLoss()
            with torch.no_grad():
                probs = torch.sigmoid(model(x_val))
                predicted = (probs > 0.5).long()
            """,
        ),
    )
    INVALID_CODE = (
        # Keras: argmax over one sigmoid column
        InvalidCode(
            """
            import numpy as np
            import keras

            model = keras.Sequential([
                keras.layers.Dense(64, activation="relu"),
                keras.layers.Dense(1, activation="sigmoid"),
            ])
            model.compile(optimizer="adam", loss="binary_crossentropy")
            predicted = np.argmax(model.predict(x_test), axis=1)
            """,
            line=9,
            fixed="""
            import numpy as np
            import keras

            model = keras.Sequential([
                keras.layers.Dense(64, activation="relu"),
                keras.layers.Dense(1, activation="sigmoid"),
            ])
            model.compile(optimizer="adam", loss="binary_crossentropy")
            predicted = (model.predict(x_test)[:, 0] > 0.5).astype(int)
            """,
        ),
        # PyTorch: argmax over one logit
        InvalidCode(
            """
            import torch
            from torch import nn

            model = nn.Sequential(nn.Linear(16, 8), nn.ReLU(), nn.Linear(8, 1))
            criterion = nn.BCEWithLogitsLoss()
            with torch.no_grad():
                outputs = model(x_val)
                predicted = outputs.argmax(dim=1)
            """,
            line=8,
            fixed="""
            import torch
            from torch import nn

            model = nn.Sequential(nn.Linear(16, 8), nn.ReLU(), nn.Linear(8, 1))
            criterion = nn.BCEWithLogitsLoss()
            with torch.no_grad():
                outputs = model(x_val)
                predicted = (outputs[:, 0] > 0.0).long()
            """,
        ),
        # PyTorch: torch.max over one sigmoid output
        InvalidCode(
            """
            import torch
            from torch import nn

            model = nn.Sequential(nn.Linear(16, 8), nn.ReLU(), nn.Linear(8, 1), nn.Sigmoid())
            criterion = nn.BCELoss()
            with torch.no_grad():
                _, predicted = torch.max(model(x_val), 1)
            """,
            line=7,
        ),
    )

    def check(self, facts: HeadFacts) -> Iterator[Finding]:
        if "argmax" not in facts.postprocess or facts.units != 1:
            return
        threshold = "0.0" if facts.outputs == "logits" else "0.5"
        yield self.finding(
            "argmax over a single output column is always 0: every sample is predicted as "
            "class 0 whatever the model outputs",
            f"threshold the one column instead: classes = (preds[:, 0] > {threshold}).astype(int)",
            facts.where("postprocess:argmax"),
            autofix=Autofix(
                f"threshold the single column at {threshold}",
                "safe",
                (
                    ThresholdInsteadOfArgmax(
                        facts.where("postprocess:argmax"), float(threshold), facts.framework
                    ),
                ),
            ),
        )
