"""HC306 probability-threshold-on-logits."""

from __future__ import annotations

from collections.abc import Iterator

from headcheck.facts import HeadFacts
from headcheck.findings import Finding
from headcheck.fixes._edits import Autofix, NoAutofix, SetThreshold
from headcheck.head import Head
from headcheck.rules._base import InvalidCode, Rule, ValidCode


class ProbabilityThresholdOnLogits(Rule):
    """## What it does
    Finds probability-style post-processing on logits: `pred > 0.5`, `np.round(pred)`.

    ## Why is this bad?
    A logit of 0 is a probability of 0.5. Cutting logits at 0.5 calls every sample with a
    logit in (0, 0.5] class 0 although the model leans to class 1; rounding maps logits
    ≥ 1.5 to 2 and negative logits to −1, −2, …, which are not classes at all.

    ## Example
    ```python
    logits = model.predict(x)              # Dense(1), no activation
    classes = (logits > 0.5).astype(int)
    ```

    Use instead:
    ```python
    classes = (logits > 0.0).astype(int)   # or (sigmoid(logits) > 0.5)
    ```

    ## Fix safety
    Unsafe: the predicted classes change (they become right), and code downstream may rely on
    them. A `> 0.5` comparison becomes `> 0.0`; rounding gets no automatic fix (replace
    `round(logits)` by `(logits > 0)`).

    ## References
    - framework-semantics.md §3 (Keras ≤ 2.2 `K.round`: logits −0.7 → −1, 2.3 → 2).
    """

    code = "HC306"
    name = "probability-threshold-on-logits"
    summary = "`> 0.5` or `round` applied to logits"
    VALID = (
        Head(units=1, activation="sigmoid", postprocess=["threshold_0.5"]).to_facts(),
        Head(units=1, activation="sigmoid", postprocess=["round"]).to_facts(),
        Head(units=1, activation="linear", loss="mse", postprocess=["round"]).to_facts(),
        Head(  # class labels under mae: not logits (HC109 reports the loss)
            units=1, activation="linear", loss="mae", labels="binary", postprocess=["round"]
        ).to_facts(),
    )
    INVALID = (
        Head(units=1, activation="linear", postprocess=["threshold_0.5"]).to_facts(),
        Head(units=3, activation="linear", postprocess=["round"]).to_facts(),
    )

    VALID_CODE = (
        # PyTorch: logits compared with 0.0
        ValidCode(
            """
            import torch
            from torch import nn

            model = nn.Sequential(nn.Linear(30, 16), nn.ReLU(), nn.Linear(16, 1))
            criterion = nn.BCEWithLogitsLoss()
            logits = model(x)
            loss = criterion(logits, y)
            predicted = (logits > 0).long()
            """,
        ),
        # Keras: sigmoid probabilities compared with 0.5
        ValidCode(
            """
            import keras

            model = keras.Sequential([
                keras.layers.Dense(16, activation="relu"),
                keras.layers.Dense(1, activation="sigmoid"),
            ])
            model.compile(optimizer="adam", loss="binary_crossentropy")
            predicted = model.predict(x_test) > 0.5
            """,
        ),
    )
    INVALID_CODE = (
        # PyTorch: logits compared with 0.5
        InvalidCode(
            """
            import torch
            from torch import nn

            model = nn.Sequential(nn.Linear(30, 16), nn.ReLU(), nn.Linear(16, 1))
            criterion = nn.BCEWithLogitsLoss()
            logits = model(x)
            loss = criterion(logits, y)
            predicted = (logits > 0.5).long()
            """,
            line=8,
            fixed="""
            import torch
            from torch import nn

            model = nn.Sequential(nn.Linear(30, 16), nn.ReLU(), nn.Linear(16, 1))
            criterion = nn.BCEWithLogitsLoss()
            logits = model(x)
            loss = criterion(logits, y)
            predicted = (logits > 0.0).long()
            """,
        ),
        # Keras: logits rounded to classes
        InvalidCode(
            """
            import numpy as np
            import keras

            model = keras.Sequential([
                keras.layers.Dense(16, activation="relu"),
                keras.layers.Dense(1),
            ])
            model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True))
            predicted = np.round(model.predict(x_test))
            """,
            line=9,
        ),
    )

    def check(self, facts: HeadFacts) -> Iterator[Finding]:
        regression_loss = facts.loss is not None and facts.loss.family == "regression"
        if facts.outputs != "logits" or facts.task == "regression" or regression_loss:
            return  # a regression output is not a logit (class labels under mse: HC109)
        for step in facts.postprocess:
            if step == "threshold_0.5":
                what = "'> 0.5' on logits predicts class 1 only when sigmoid(logit) > 0.62"
            elif step == "round":
                what = (
                    "rounding logits gives -1, 2, 3, ... for logits outside (-0.5, 1.5), which "
                    "are not classes"
                )
            else:
                continue
            yield self.finding(
                f"the outputs are logits (no activation): {what}",
                "compare logits with 0.0: classes = (logits > 0).astype(int), or apply a "
                "sigmoid first",
                facts.where(f"postprocess:{step}"),
                autofix=(
                    Autofix(
                        "compare logits with 0.0",
                        "unsafe",
                        (SetThreshold(facts.where(f"postprocess:{step}"), 0.0),),
                    )
                    if step == "threshold_0.5"
                    else NoAutofix("replace the rounding by a comparison: (logits > 0)")
                ),
            )
