"""HC302 accuracy-threshold-on-logits."""

from __future__ import annotations

from collections.abc import Iterator

from headcheck.facts import HeadFacts, MetricSpec
from headcheck.findings import Finding
from headcheck.fixes._edits import Autofix, NoAutofix, SetMetric
from headcheck.head import Head
from headcheck.rules._base import InvalidCode, Rule, ValidCode
from headcheck.rules._phrases import resolved_accuracy


class AccuracyThresholdOnLogits(Rule):
    """## What it does
    Finds a 0.5 accuracy threshold applied to logits: `metrics=['accuracy']` resolving to
    binary accuracy, or `BinaryAccuracy()` with its default threshold, on a head without
    activation.

    ## Why is this bad?
    Binary accuracy predicts class 1 when the output is `> 0.5`. For a probability that is
    the natural cut; for a logit it means `sigmoid(z) > 0.62`, so every sample with a logit
    between 0 and 0.5 is counted as class 0. The model may be right and the accuracy wrong.
    Keras ≤ 2.3 is worse: it *rounds* the outputs, so logits ≥ 1.5 round to 2 and never
    equal the label 1. The right threshold for logits is 0.0.

    ## Example
    ```python
    model.add(Dense(1))
    model.compile(loss=BinaryCrossentropy(from_logits=True), metrics=["accuracy"])
    ```

    Use instead:
    ```python
    model.compile(loss=BinaryCrossentropy(from_logits=True),
                  metrics=[keras.metrics.BinaryAccuracy(threshold=0.0)])
    ```

    ## Fix safety
    Safe: the metric becomes `BinaryAccuracy(threshold=0.0)`, logged under the name it had
    (`'accuracy'` stays `accuracy`); only the reported number changes. Keras ≤ 2.2 has no
    metric classes and gets no fix.

    ## References
    - framework-semantics.md §3 (strict `>`, the seed example 0.6667 at 0.5 versus 0.8333 at
      0.0), §1 table row "1 linear (logits)": 0.667 reported where the truth is 1.0.
    """

    code = "HC302"
    name = "accuracy-threshold-on-logits"
    summary = "a 0.5 accuracy threshold is applied to logits"
    VALID = (
        Head(
            units=1,
            activation="linear",
            loss="binary_crossentropy",
            from_logits=True,
            metrics=["BinaryAccuracy(threshold=0.0)"],
        ).to_facts(),
        Head(
            units=1, activation="sigmoid", loss="binary_crossentropy", metrics=["accuracy"]
        ).to_facts(),
        Head(
            units=10,
            activation="linear",
            loss="sparse_categorical_crossentropy",
            from_logits=True,
            metrics=["accuracy"],
        ).to_facts(),
        Head(units=1, activation="linear", loss="mse", metrics=["accuracy"]).to_facts(),
        Head(  # class labels under mse: not logits (HC109 reports the loss)
            units=1, activation="linear", loss="mse", labels="binary", metrics=["accuracy"]
        ).to_facts(),
    )
    INVALID = (
        Head(
            units=1,
            activation="linear",
            loss="binary_crossentropy",
            from_logits=True,
            metrics=["accuracy"],
        ).to_facts(),
        Head(
            units=1,
            activation="linear",
            loss="binary_crossentropy",
            from_logits=True,
            metrics=["BinaryAccuracy()"],
        ).to_facts(),
        Head(
            units=20,
            activation="linear",
            loss="binary_crossentropy",
            from_logits=True,
            metrics=["accuracy"],
            target="keras2.3",
        ).to_facts(),
    )

    VALID_CODE = (
        # tf.keras: logits scored with BinaryAccuracy(threshold=0.0)
        ValidCode(
            """
            import tensorflow as tf

            model = tf.keras.Sequential([
                tf.keras.layers.Dense(16, activation="relu"),
                tf.keras.layers.Dense(1),
            ])
            model.compile(
                optimizer="adam",
                loss=tf.keras.losses.BinaryCrossentropy(from_logits=True),
                metrics=[tf.keras.metrics.BinaryAccuracy(threshold=0.0)],
            )
            """,
        ),
        # Keras: 'accuracy' on ten logits is argmax-based, so no threshold applies
        ValidCode(
            """
            import keras

            model = keras.Sequential([
                keras.layers.Dense(16, activation="relu"),
                keras.layers.Dense(10),
            ])
            model.compile(
                optimizer="adam",
                loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                metrics=["accuracy"],
            )
            """,
        ),
    )
    INVALID_CODE = (
        # Keras: 'accuracy' on one logit is binary accuracy at 0.5
        InvalidCode(
            """
            import keras

            model = keras.Sequential([
                keras.layers.Dense(16, activation="relu"),
                keras.layers.Dense(1),
            ])
            model.compile(
                optimizer="adam",
                loss=keras.losses.BinaryCrossentropy(from_logits=True),
                metrics=["accuracy"],
            )
            """,
            line=10,
            fixed="""
            import keras

            model = keras.Sequential([
                keras.layers.Dense(16, activation="relu"),
                keras.layers.Dense(1),
            ])
            model.compile(
                optimizer="adam",
                loss=keras.losses.BinaryCrossentropy(from_logits=True),
                metrics=[keras.metrics.BinaryAccuracy(threshold=0.0, name="accuracy")],
            )
            """,
        ),
        # tf.keras: BinaryAccuracy() keeps its default 0.5 threshold
        InvalidCode(
            """
            import tensorflow as tf

            model = tf.keras.Sequential([
                tf.keras.layers.Dense(16, activation="relu"),
                tf.keras.layers.Dense(1),
            ])
            model.compile(
                optimizer="adam",
                loss=tf.keras.losses.BinaryCrossentropy(from_logits=True),
                metrics=[tf.keras.metrics.BinaryAccuracy()],
            )
            """,
            line=10,
            fixed="""
            import tensorflow as tf

            model = tf.keras.Sequential([
                tf.keras.layers.Dense(16, activation="relu"),
                tf.keras.layers.Dense(1),
            ])
            model.compile(
                optimizer="adam",
                loss=tf.keras.losses.BinaryCrossentropy(from_logits=True),
                metrics=[tf.keras.metrics.BinaryAccuracy(threshold=0.0)],
            )
            """,
        ),
    )

    def check(self, facts: HeadFacts) -> Iterator[Finding]:
        regression_loss = facts.loss is not None and facts.loss.family == "regression"
        if facts.outputs != "logits" or facts.task == "regression" or regression_loss:
            return  # a regression output is not a logit (HC304 reports accuracy there)
        for metric in facts.metrics:
            if metric.key == "binaryaccuracy":
                threshold = float(metric.get("threshold", 0.5))
                if threshold != 0.5:
                    continue
                rounds = facts.target in ("keras2.2", "keras2.3")
            elif metric.is_bare_accuracy:
                resolved = resolved_accuracy(facts, metric)
                if resolved is None or resolved.name != "binary_accuracy":
                    continue
                rounds = resolved.uses_round
            else:
                continue
            how = (
                "rounds them (K.round), so logits below 0.5 count as 0 and logits of 1.5 or "
                "more round to 2 and never match"
                if rounds
                else "predicts class 1 only when a logit is > 0.5, i.e. when sigmoid(logit) "
                "> 0.62, instead of > 0.0"
            )
            yield self.finding(
                f"{str(metric)!r} is binary accuracy with threshold 0.5, but the outputs are "
                f"logits: it {how}",
                "use keras.metrics.BinaryAccuracy(threshold=0.0) for logits (or add a sigmoid "
                "to the last layer)",
                facts.where(f"metric:{metric.name}"),
                autofix=_autofix(facts, metric),
            )


def _autofix(facts: HeadFacts, metric: MetricSpec) -> Autofix | NoAutofix:
    if facts.target == "keras2.2":
        return NoAutofix("Keras 2.2 has no BinaryAccuracy class: add a sigmoid to the last layer")
    keywords: tuple[tuple[str, object], ...] = (("threshold", 0.0),)
    if metric.is_bare_accuracy:
        keywords += (("name", metric.name),)
    return Autofix(
        "use BinaryAccuracy(threshold=0.0) for logits",
        "safe",
        (SetMetric(facts.where(f"metric:{metric.name}"), "BinaryAccuracy", keywords),),
    )
