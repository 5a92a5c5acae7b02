"""HC103 logits-as-probabilities."""

from __future__ import annotations

from collections.abc import Iterator

from headcheck.facts import HeadFacts
from headcheck.findings import Finding
from headcheck.fixes._edits import Autofix, NoAutofix, SetActivation, SetLoss
from headcheck.head import Head
from headcheck.rules._base import InvalidCode, Rule, ValidCode
from headcheck.rules._fixing import expects_probabilities
from headcheck.rules._phrases import loss_call


class LogitsAsProbabilities(Rule):
    """## What it does
    Finds a linear output (no activation: logits) that reaches a loss reading probabilities:
    a Keras cross-entropy with `from_logits=False` (the default, and the only option when the
    loss is given as a string), or PyTorch's `nn.BCELoss`.

    ## Why is this bad?
    Keras clips the "probabilities" to [1e-7, 1 − 1e-7] before taking logs, so every logit
    ≥ 1 counts as a certain class 1 and every logit ≤ 0 as a certain class 0, and the
    gradient is zero outside (0, 1). Training stalls with outputs piled up in [0, 1] — the
    seed question's "not a single negative value". Categorical cross-entropy divides the
    logits by their row sum, which is meaningless for negative numbers. `nn.BCELoss` raises
    "all elements of input should be between 0 and 1" as soon as one logit leaves [0, 1].

    ## Example
    ```python
    model.add(Dense(1))
    model.compile(loss="binary_crossentropy", metrics=["accuracy"])
    ```

    Use instead:
    ```python
    model.add(Dense(1))
    model.compile(loss=keras.losses.BinaryCrossentropy(from_logits=True),
                  metrics=[keras.metrics.BinaryAccuracy(threshold=0.0)])
    ```

    ## Fix safety
    Safe: a probability loss on logits cannot train (outputs outside (0, 1) get no gradient),
    and the fix makes the outputs and every reader of them agree. Keras: when the rest of the
    code reads the outputs as probabilities (a binary accuracy, AUC, precision or recall at
    their defaults, a 0.5 threshold, rounding) the fix adds the sigmoid (softmax for a
    categorical loss) to the last layer; otherwise it passes `from_logits=True` to the loss and
    `predict` keeps returning logits. PyTorch: `nn.BCELoss` becomes `nn.BCEWithLogitsLoss`.

    ## References
    - framework-semantics.md §4: logits fed as probabilities are silently clipped.
    - The TensorFlow transfer-learning tutorial builds `Dense(1)` with
      `BinaryCrossentropy(from_logits=True)`.
    """

    code = "HC103"
    name = "logits-as-probabilities"
    summary = "a linear output reaches a loss that expects probabilities"
    VALID = (
        Head(units=1, activation="linear", loss="binary_crossentropy", from_logits=True).to_facts(),
        Head(units=10, activation="linear", loss="CrossEntropyLoss").to_facts(),
        Head(units=1, activation="linear", loss="mse").to_facts(),
    )
    INVALID = (
        Head(units=1, activation="linear", loss="binary_crossentropy").to_facts(),
        Head(units=12, activation="linear", loss="categorical_crossentropy").to_facts(),
        Head(units=1, activation="linear", loss="BCELoss").to_facts(),
    )

    VALID_CODE = (
        # Keras: logits with from_logits=True (and a 0.0 threshold)
        ValidCode(
            """
            import keras

            model = keras.Sequential([keras.Input(shape=(20,)), keras.layers.Dense(1)])
            model.compile(
                optimizer="adam",
                loss=keras.losses.BinaryCrossentropy(from_logits=True),
                metrics=[keras.metrics.BinaryAccuracy(threshold=0.0)],
            )
            """,
        ),
        # PyTorch: logits into nn.BCEWithLogitsLoss
        ValidCode(
            """
            from torch import nn

            model = nn.Sequential(nn.Linear(30, 16), nn.ReLU(), nn.Linear(16, 1))
            criterion = nn.BCEWithLogitsLoss()
            loss = criterion(model(x), y)
            """,
        ),
    )
    INVALID_CODE = (
        # Keras: logits into the string loss (from_logits=False)
        InvalidCode(
            """
            import keras

            model = keras.Sequential([keras.Input(shape=(20,)), keras.layers.Dense(1)])
            model.compile(optimizer="adam", loss="binary_crossentropy")
            """,
            line=4,
            fixed="""
            import keras

            model = keras.Sequential([keras.Input(shape=(20,)), keras.layers.Dense(1)])
            model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True))
            """,
        ),
        # tf.keras: ten logits into CategoricalCrossentropy()
        InvalidCode(
            """
            import tensorflow as tf

            model = tf.keras.Sequential([
                tf.keras.layers.Flatten(input_shape=(28, 28)),
                tf.keras.layers.Dense(128, activation="relu"),
                tf.keras.layers.Dense(10),
            ])
            model.compile(
                optimizer="adam",
                loss=tf.keras.losses.CategoricalCrossentropy(),
            )
            """,
            line=10,
            fixed="""
            import tensorflow as tf

            model = tf.keras.Sequential([
                tf.keras.layers.Flatten(input_shape=(28, 28)),
                tf.keras.layers.Dense(128, activation="relu"),
                tf.keras.layers.Dense(10),
            ])
            model.compile(
                optimizer="adam",
                loss=tf.keras.losses.CategoricalCrossentropy(from_logits=True),
            )
            """,
        ),
        # PyTorch: logits into nn.BCELoss
        InvalidCode(
            """
            from torch import nn

            model = nn.Sequential(nn.Linear(30, 16), nn.ReLU(), nn.Linear(16, 1))
            criterion = nn.BCELoss()
            loss = criterion(model(x), y)
            """,
            line=4,
            fixed="""
            from torch import nn

            model = nn.Sequential(nn.Linear(30, 16), nn.ReLU(), nn.Linear(16, 1))
            criterion = nn.BCEWithLogitsLoss()
            loss = criterion(model(x), y)
            """,
        ),
        # Keras: logits, a probability loss, and metrics that read probabilities
        InvalidCode(
            """
            import keras

            inputs = keras.Input(shape=(30,))
            model = keras.Model(inputs, keras.layers.Dense(1)(inputs))
            model.compile(loss="binary_crossentropy", metrics=["accuracy", "AUC"])
            """,
            line=5,
            also=("HC302", "HC307"),
            fixed="""
            import keras

            inputs = keras.Input(shape=(30,))
            model = keras.Model(inputs, keras.layers.Dense(1, activation="sigmoid")(inputs))
            model.compile(loss="binary_crossentropy", metrics=["accuracy", "AUC"])
            """,
        ),
    )

    def check(self, facts: HeadFacts) -> Iterator[Finding]:
        if facts.activation is None or facts.activation.name != "linear":
            return
        if facts.loss_reads not in ("probabilities", "distribution") or facts.loss is None:
            return
        loss = facts.loss
        if loss.framework == "torch":
            fix = "use nn.BCEWithLogitsLoss on the raw outputs (it applies the sigmoid itself)"
            effect = "nn.BCELoss raises as soon as one output leaves [0, 1]"
        else:
            cls = {
                "binary_crossentropy": "BinaryCrossentropy",
                "categorical_crossentropy": "CategoricalCrossentropy",
                "sparse_categorical_crossentropy": "SparseCategoricalCrossentropy",
            }.get(loss.family, "the loss class")
            fix = (
                f"pass loss=keras.losses.{cls}(from_logits=True) (or add a "
                f"{'sigmoid' if loss.family == 'binary_crossentropy' else 'softmax'} "
                "activation to the last layer)"
            )
            effect = (
                "Keras clips them to [1e-7, 1 - 1e-7], so every output >= 1 counts as certain "
                "class 1, every output <= 0 as certain class 0, and nothing outside (0, 1) gets "
                "a gradient"
                if loss.family == "binary_crossentropy"
                else "Keras divides each row by its sum and clips it, which is meaningless for "
                "logits"
            )
        yield self.finding(
            f"the last layer has no activation, so it outputs logits, but {loss_call(facts)} "
            f"reads them as probabilities: {effect}",
            fix,
            facts.where("loss"),
            autofix=_autofix(facts),
        )


def _autofix(facts: HeadFacts) -> Autofix | NoAutofix:
    loss = facts.loss
    assert loss is not None
    if loss.framework == "torch":
        if loss.family != "binary_crossentropy":
            return NoAutofix("only nn.BCELoss has a logits counterpart")
        return Autofix(
            "use nn.BCEWithLogitsLoss", "safe", (SetLoss(facts.where("loss"), "BCEWithLogitsLoss"),)
        )
    if expects_probabilities(facts):
        wanted = "sigmoid" if loss.family == "binary_crossentropy" else "softmax"
        return Autofix(
            f"add a {wanted} activation to the last layer (the metrics read probabilities)",
            "safe",
            (SetActivation(facts.where("activation"), wanted),),
        )
    return Autofix(
        "pass from_logits=True to the loss", "safe", (SetLoss(facts.where("loss"), None, True),)
    )
