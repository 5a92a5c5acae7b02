"""HC201 from-logits-in-compile."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from headcheck.facts import HeadFacts
from headcheck.findings import Finding
from headcheck.fixes._edits import Autofix, DropKeyword, Edit, SetLoss
from headcheck.head import Head
from headcheck.rules._base import InvalidCode, Rule, ValidCode

#: What each generation raises for ``model.compile(..., from_logits=True)``.
COMPILE_ERRORS: Final[dict[str, str]] = {
    "keras2.2": 'ValueError: Invalid argument "from_logits" passed to K.function with '
    "TensorFlow backend",
    "keras2.3": 'ValueError: Invalid argument "from_logits" passed to K.function with '
    "TensorFlow backend",
    "tf.keras": "TypeError: Invalid keyword argument(s) in `compile()`: ({'from_logits'},). "
    'Valid keyword arguments include "cloning", "experimental_run_tf_function", "distribute",'
    ' "target_tensors", or "sample_weight_mode".',
    "keras3": "TypeError: Trainer.compile() got an unexpected keyword argument 'from_logits'",
}


class FromLogitsInCompile(Rule):
    """## What it does
    Finds `from_logits` passed to `model.compile()` instead of to the loss object.

    ## Why is this bad?
    `compile()` has no `from_logits` argument, so the call fails — with a different error in
    each Keras generation (Keras ≤ 2.3: `ValueError: Invalid argument "from_logits" passed to
    K.function with TensorFlow backend`; tf-keras: `TypeError: Invalid keyword argument(s) in
    compile()`; Keras 3: `TypeError: Trainer.compile() got an unexpected keyword argument
    'from_logits'`). `from_logits` belongs to the loss (and to metrics such as `AUC`); a loss
    given as a string cannot carry it.

    ## Example
    ```python
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"],
                  from_logits=True)
    ```

    Use instead:
    ```python
    model.compile(optimizer="adam",
                  loss=keras.losses.BinaryCrossentropy(from_logits=True),
                  metrics=[keras.metrics.BinaryAccuracy(threshold=0.0)])
    ```

    ## Fix safety
    Safe: the call raised, so no result depended on it. The fix removes `from_logits` from
    `compile()` and, when the last layer outputs logits (no activation), passes
    `from_logits=True` to the loss object instead; when the last layer already applies a
    sigmoid or softmax the loss keeps reading probabilities.

    ## References
    - framework-semantics.md §5 (the error texts, from running tf-keras 2.21 and Keras 3.15.1).
    """

    code = "HC201"
    name = "from-logits-in-compile"
    summary = "`from_logits` passed to `compile()` instead of the loss"
    VALID = (
        Head(units=1, activation="linear", loss="binary_crossentropy", from_logits=True).to_facts(),
        Head(units=1, activation="sigmoid", loss="binary_crossentropy").to_facts(),
    )
    INVALID = (
        Head(
            units=1, activation="sigmoid", loss="binary_crossentropy", from_logits_in_compile=True
        ).to_facts(),
        Head(
            units=1,
            activation="linear",
            loss="binary_crossentropy",
            from_logits_in_compile=True,
            target="tf.keras",
        ).to_facts(),
    )

    VALID_CODE = (
        # Keras: from_logits given to the loss
        ValidCode(
            """
            import keras

            model = keras.Sequential([keras.Input(shape=(20,)), keras.layers.Dense(1)])
            model.compile(
                optimizer="adam",
                loss=keras.losses.BinaryCrossentropy(from_logits=True),
            )
            """,
        ),
        # tf.keras: a sigmoid output needs no from_logits at all
        ValidCode(
            """
            from tensorflow import keras

            model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
            model.compile(optimizer="adam", loss="binary_crossentropy")
            """,
        ),
    )
    INVALID_CODE = (
        # tf.keras: from_logits passed to compile()
        InvalidCode(
            """
            from tensorflow import keras

            model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
            model.compile(optimizer="adam", loss="binary_crossentropy", from_logits=True)
            """,
            line=4,
            fixed="""
            from tensorflow import keras

            model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
            model.compile(optimizer="adam", loss="binary_crossentropy")
            """,
        ),
        # tf.keras: from_logits beside a string loss
        InvalidCode(
            """
            import tensorflow as tf

            model = tf.keras.Sequential([
                tf.keras.layers.Flatten(input_shape=(28, 28)),
                tf.keras.layers.Dense(10, activation="softmax"),
            ])
            model.compile(
                optimizer="adam",
                loss="sparse_categorical_crossentropy",
                from_logits=True,
            )
            """,
            line=10,
            fixed="""
            import tensorflow as tf

            model = tf.keras.Sequential([
                tf.keras.layers.Flatten(input_shape=(28, 28)),
                tf.keras.layers.Dense(10, activation="softmax"),
            ])
            model.compile(
                optimizer="adam",
                loss="sparse_categorical_crossentropy",
            )
            """,
        ),
        # Keras 3: logits (no activation), from_logits given to compile() instead of the loss
        InvalidCode(
            """
            import keras

            model = keras.Sequential([keras.Input(shape=(64,)), keras.layers.Dense(10)])
            model.compile(
                optimizer="adam",
                loss="sparse_categorical_crossentropy",
                from_logits=True,  # meant for the loss
                metrics=["accuracy"],
            )
            """,
            line=7,
            also=("HC103",),
            fixed="""
            import keras

            model = keras.Sequential([keras.Input(shape=(64,)), keras.layers.Dense(10)])
            model.compile(
                optimizer="adam",
                loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                metrics=["accuracy"],
            )
            """,
        ),
    )

    def check(self, facts: HeadFacts) -> Iterator[Finding]:
        if not facts.from_logits_in_compile:
            return
        error = COMPILE_ERRORS.get(facts.target, COMPILE_ERRORS["keras3"])
        if facts.activation is not None and facts.activation.is_probability:
            fix = (
                f"remove from_logits: the last layer's {facts.activation.name} already outputs "
                "probabilities, which is what the loss reads by default"
            )
        else:
            cls = "BinaryCrossentropy"
            if facts.loss is not None and facts.loss.family == "categorical_crossentropy":
                cls = "CategoricalCrossentropy"
            elif facts.loss is not None and facts.loss.family == "sparse_categorical_crossentropy":
                cls = "SparseCategoricalCrossentropy"
            fix = f"pass it to the loss: loss=keras.losses.{cls}(from_logits=True)"
        yield self.finding(
            f"compile() has no from_logits argument; this call raises {error}",
            fix,
            facts.where("compile"),
            autofix=_autofix(facts),
        )


def _autofix(facts: HeadFacts) -> Autofix:
    edits: list[Edit] = [DropKeyword(facts.where("compile"), "from_logits")]
    logits = facts.activation is not None and facts.activation.name == "linear"
    if logits and facts.loss is not None and "loss" in facts.locations:
        edits.append(SetLoss(facts.where("loss"), None, True))
        return Autofix("move from_logits=True into the loss", "safe", tuple(edits))
    return Autofix("remove from_logits from compile()", "safe", tuple(edits))
