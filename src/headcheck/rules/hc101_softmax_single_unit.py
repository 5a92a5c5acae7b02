"""HC101 softmax-single-unit."""

from __future__ import annotations

from collections.abc import Iterator

from headcheck.facts import HeadFacts
from headcheck.findings import Finding
from headcheck.fixes._edits import Autofix, NoAutofix, SetActivation
from headcheck.head import Head
from headcheck.rules._base import InvalidCode, Rule, ValidCode


class SoftmaxSingleUnit(Rule):
    """## What it does
    Finds a softmax over an axis of size 1: `Dense(1, activation='softmax')`,
    `nn.Linear(d, 1)` followed by `softmax(dim=1)`.

    ## Why is this bad?
    Softmax divides each exponential by the sum over the axis. With one unit the sum is the
    exponential itself, so the output is exactly 1.0 for every input. The model predicts
    class 1 for everything: accuracy equals the share of positives (the classic "stuck at
    50%"), and nothing learns. On TensorFlow, binary cross-entropy silently uses the cached
    pre-softmax logits, so the *loss* falls as if a sigmoid were there while accuracy does
    not move; on Keras 3's torch backend the loss is constant.

    ## Example
    ```python
    model.add(Dense(1, activation="softmax"))
    model.compile(loss="binary_crossentropy", metrics=["accuracy"])
    ```

    Use instead:
    ```python
    model.add(Dense(1, activation="sigmoid"))   # binary labels
    # or Dense(2, activation="softmax") with sparse_categorical_crossentropy
    ```

    ## Fix safety
    Safe: a softmax over one unit outputs 1.0 whatever the input, so nothing can have relied
    on its outputs. The fix depends on the task, which the softmax itself does not tell: with
    0/1 labels or a binary cross-entropy loss it becomes `sigmoid`; with continuous targets or
    a regression loss it becomes `linear` (no activation). With neither, no fix is applied.

    ## References
    - Keras 3 warns since 3.1.0: "You are using a softmax over axis -1 of a tensor of shape
      (N, 1)..." (keras-team/keras commit bd514ca).
    """

    code = "HC101"
    name = "softmax-single-unit"
    summary = "softmax over an axis of size 1 always outputs 1.0"
    VALID = (
        Head(units=1, activation="sigmoid", loss="binary_crossentropy").to_facts(),
        Head(units=2, activation="softmax", loss="sparse_categorical_crossentropy").to_facts(),
    )
    INVALID = (
        Head(units=1, activation="softmax", loss="binary_crossentropy").to_facts(),
        Head(units=1, activation="softmax", loss="mse", labels="continuous").to_facts(),
    )

    VALID_CODE = (
        # Keras: one sigmoid unit for two classes
        ValidCode(
            """
            from tensorflow import keras

            model = keras.Sequential([
                keras.layers.Dense(16, activation="relu"),
                keras.layers.Dense(1, activation="sigmoid"),
            ])
            model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
            """,
        ),
        # PyTorch: two logits under cross-entropy; softmax only to report probabilities
        ValidCode(
            """
            import torch.nn.functional as F
            from torch import nn


            class Classifier(nn.Module):
                def __init__(self):
                    super().__init__()
                    self.fc = nn.Linear(64, 2)

                def forward(self, x):
                    return self.fc(x)


            model = Classifier()
            loss = F.cross_entropy(model(x), y)
            probs = F.softmax(model(x), dim=1)
            """,
        ),
    )
    INVALID_CODE = (
        # Keras: softmax over one unit
        InvalidCode(
            """
            from tensorflow.keras.layers import Dense
            from tensorflow.keras.models import Sequential

            model = Sequential()
            model.add(Dense(12, input_dim=8, activation="relu"))
            model.add(Dense(1, activation="softmax"))
            model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
            """,
            line=6,
            fixed="""
            from tensorflow.keras.layers import Dense
            from tensorflow.keras.models import Sequential

            model = Sequential()
            model.add(Dense(12, input_dim=8, activation="relu"))
            model.add(Dense(1, activation="sigmoid"))
            model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
            """,
        ),
        # Keras functional API
        InvalidCode(
            """
            import keras

            inputs = keras.Input(shape=(20,))
            outputs = keras.layers.Dense(1, activation="softmax")(inputs)
            model = keras.Model(inputs, outputs)
            model.compile(optimizer="adam", loss="binary_crossentropy")
            """,
            line=4,
            fixed="""
            import keras

            inputs = keras.Input(shape=(20,))
            outputs = keras.layers.Dense(1, activation="sigmoid")(inputs)
            model = keras.Model(inputs, outputs)
            model.compile(optimizer="adam", loss="binary_crossentropy")
            """,
        ),
        # PyTorch: softmax over the single output of nn.Linear(64, 1)
        InvalidCode(
            """
            import torch.nn.functional as F
            from torch import nn


            class Classifier(nn.Module):
                def __init__(self):
                    super().__init__()
                    self.fc = nn.Linear(64, 1)

                def forward(self, x):
                    return F.softmax(self.fc(x), dim=1)


            model = Classifier()
            loss = nn.BCELoss()(model(x), y)
            """,
            line=11,
            fixed="""
            import torch.nn.functional as F
            from torch import nn


            class Classifier(nn.Module):
                def __init__(self):
                    super().__init__()
                    self.fc = nn.Linear(64, 1)

                def forward(self, x):
                    return F.sigmoid(self.fc(x))


            model = Classifier()
            loss = nn.BCELoss()(model(x), y)
            """,
        ),
    )

    def check(self, facts: HeadFacts) -> Iterator[Finding]:
        if facts.outputs != "constant_one":
            return
        autofix: Autofix | NoAutofix
        where = facts.where("activation")
        if facts.task == "regression":
            fix = "use activation='linear' (no activation) for a regression output"
            autofix = Autofix(
                "use no activation (linear) for the regression output",
                "safe",
                (SetActivation(where, "linear"),),
            )
        else:
            fix = (
                "use Dense(1, activation='sigmoid') with binary_crossentropy for two classes, "
                "or Dense(n_classes, activation='softmax') with one unit per class"
            )
            family = facts.loss.family if facts.loss is not None else None
            if facts.labels == "binary" or family == "binary_crossentropy":
                autofix = Autofix(
                    "replace softmax by sigmoid", "safe", (SetActivation(where, "sigmoid"),)
                )
            else:
                autofix = NoAutofix(
                    "the task is not established: sigmoid for 0/1 labels or linear for a "
                    "regression target; pass the labels to fit() or name the loss"
                )
        yield self.finding(
            "softmax over a single unit always outputs 1.0: every sample is predicted as "
            "class 1 and accuracy equals the share of positive labels",
            fix,
            where,
            autofix=autofix,
        )
