"""HC107 multilabel-softmax."""

from __future__ import annotations

from collections.abc import Iterator

from headcheck.facts import HeadFacts
from headcheck.findings import Finding
from headcheck.fixes._edits import Autofix, Edit, NoAutofix, SetActivation, SetLoss
from headcheck.head import Head
from headcheck.rules._base import InvalidCode, Rule, ValidCode


class MultilabelSoftmax(Rule):
    """## What it does
    Finds multi-hot targets (several 1s per row) trained with a softmax head.

    ## Why is this bad?
    Softmax makes the labels compete: the outputs of a row sum to 1, so a sample with three
    true labels can give each at most 1/3. The model cannot say "yes" to several labels, and
    any fixed threshold becomes meaningless.

    ## Example
    ```python
    model.add(Dense(20, activation="softmax"))
    model.compile(loss="categorical_crossentropy")   # y is multi-hot
    ```

    Use instead:
    ```python
    model.add(Dense(20, activation="sigmoid"))
    model.compile(loss="binary_crossentropy",
                  metrics=[keras.metrics.BinaryAccuracy(), keras.metrics.AUC(multi_label=True)])
    ```

    ## Fix safety
    Unsafe: the outputs change from one distribution per row to independent probabilities.
    Keras: the activation becomes `sigmoid`, and a categorical cross-entropy becomes
    `binary_crossentropy` (`from_logits` kept). PyTorch gets no fix: the softmax sits in
    `forward()` and the loss must change with it; use `nn.BCEWithLogitsLoss` on the logits.

    ## References
    - scikit-learn's `type_of_target` calls such labels 'multilabel-indicator'.
    """

    code = "HC107"
    name = "multilabel-softmax"
    summary = "multi-hot targets trained with softmax"
    VALID = (
        Head(
            units=20, activation="sigmoid", loss="binary_crossentropy", labels="multi_hot"
        ).to_facts(),
        Head(
            units=20, activation="softmax", loss="categorical_crossentropy", labels="one_hot"
        ).to_facts(),
    )
    INVALID = (
        Head(
            units=20, activation="softmax", loss="categorical_crossentropy", labels="multi_hot"
        ).to_facts(),
        Head(
            units=5, activation="softmax", loss="binary_crossentropy", labels="multi-hot"
        ).to_facts(),
    )

    VALID_CODE = (
        # Keras: multi-hot labels, sigmoid and binary cross-entropy
        ValidCode(
            """
            import numpy as np
            from tensorflow import keras

            x = np.random.rand(4, 6)
            y = np.array([[1, 0, 1], [0, 1, 1], [1, 1, 0], [0, 0, 1]])
            model = keras.Sequential([
                keras.layers.Dense(16, activation="relu"),
                keras.layers.Dense(3, activation="sigmoid"),
            ])
            model.compile(optimizer="adam", loss="binary_crossentropy")
            model.fit(x, y, epochs=3)
            """,
        ),
        # PyTorch: multi-hot targets, logits and nn.BCEWithLogitsLoss
        ValidCode(
            """
            import torch
            from torch import nn

            model = nn.Sequential(nn.Linear(32, 4))
            targets = torch.tensor([[1.0, 0.0, 1.0, 0.0], [0.0, 1.0, 1.0, 1.0]])
            criterion = nn.BCEWithLogitsLoss()
            loss = criterion(model(torch.randn(2, 32)), targets)
            """,
        ),
    )
    INVALID_CODE = (
        # Keras: multi-hot labels trained with softmax
        InvalidCode(
            """
            import numpy as np
            from tensorflow import keras

            x = np.random.rand(4, 6)
            y = np.array([[1, 0, 1], [0, 1, 1], [1, 1, 0], [0, 0, 1]])
            model = keras.Sequential([
                keras.layers.Dense(16, activation="relu"),
                keras.layers.Dense(3, activation="softmax"),
            ])
            model.compile(optimizer="adam", loss="categorical_crossentropy")
            model.fit(x, y, epochs=3)
            """,
            line=8,
            fixed="""
            import numpy as np
            from tensorflow import keras

            x = np.random.rand(4, 6)
            y = np.array([[1, 0, 1], [0, 1, 1], [1, 1, 0], [0, 0, 1]])
            model = keras.Sequential([
                keras.layers.Dense(16, activation="relu"),
                keras.layers.Dense(3, activation="sigmoid"),
            ])
            model.compile(optimizer="adam", loss="binary_crossentropy")
            model.fit(x, y, epochs=3)
            """,
        ),
        # PyTorch: multi-hot targets, softmax and nn.BCELoss
        InvalidCode(
            """
            import torch
            import torch.nn.functional as F
            from torch import nn


            class Tagger(nn.Module):
                def __init__(self):
                    super().__init__()
                    self.fc = nn.Linear(32, 4)

                def forward(self, x):
                    return F.softmax(self.fc(x), dim=-1)


            model = Tagger()
            targets = torch.tensor([[1.0, 0.0, 1.0, 0.0], [0.0, 1.0, 1.0, 1.0]])
            loss = nn.BCELoss()(model(torch.randn(2, 32)), targets)
            """,
            line=12,
        ),
    )

    def check(self, facts: HeadFacts) -> Iterator[Finding]:
        if facts.labels != "multi_hot" or facts.activation is None:
            return
        if facts.activation.name not in ("softmax", "log_softmax"):
            return
        yield self.finding(
            "the labels are multi-hot (several classes per sample) but softmax makes the "
            f"{facts.units or 'output'} units compete: a row's outputs sum to 1, so the model "
            "cannot predict several labels at once",
            "use activation='sigmoid' with binary_crossentropy (or no activation with "
            "BinaryCrossentropy(from_logits=True) / nn.BCEWithLogitsLoss)",
            facts.where("activation"),
            autofix=_autofix(facts),
        )


def _autofix(facts: HeadFacts) -> Autofix | NoAutofix:
    if facts.framework == "torch" or (facts.loss is not None and facts.loss.framework == "torch"):
        return NoAutofix("return logits from forward() and use nn.BCEWithLogitsLoss")
    edits: list[Edit] = [SetActivation(facts.where("activation"), "sigmoid")]
    if facts.loss is not None and facts.loss.family in (
        "categorical_crossentropy",
        "sparse_categorical_crossentropy",
    ):
        edits.append(SetLoss(facts.where("loss"), "binary_crossentropy"))
    elif facts.loss is not None and facts.loss.family != "binary_crossentropy":
        return NoAutofix(f"{facts.loss.name} is not a multi-label loss: use binary_crossentropy")
    return Autofix("use sigmoid (and binary cross-entropy)", "unsafe", tuple(edits))
