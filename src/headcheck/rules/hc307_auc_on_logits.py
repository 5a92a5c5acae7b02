"""HC307 auc-on-logits."""

from __future__ import annotations

from collections.abc import Iterator

from headcheck.facts import HeadFacts
from headcheck.findings import Finding
from headcheck.fixes._edits import Autofix, SetMetric
from headcheck.head import Head
from headcheck.rules._base import InvalidCode, Rule, ValidCode


class AucOnLogits(Rule):
    """## What it does
    Finds Keras's `AUC()` without `from_logits=True` on a head that outputs logits.

    ## Why is this bad?
    Keras approximates AUC on 200 thresholds spread over [0, 1]. Logits below 0 all fall in
    the first bucket and logits above 1 in the last, so the ranking among them is lost and
    the AUC is understated (0.78125 instead of 0.8125 in the reference run; 0.5 when all
    scores share one bucket).

    ## Example
    ```python
    model.add(Dense(1))
    model.compile(loss=BinaryCrossentropy(from_logits=True), metrics=[keras.metrics.AUC()])
    ```

    Use instead:
    ```python
    model.compile(loss=BinaryCrossentropy(from_logits=True),
                  metrics=[keras.metrics.AUC(from_logits=True)])
    ```

    ## Fix safety
    Safe: the metric gets `from_logits=True` and keeps its name; only the reported AUC
    changes.

    ## References
    - framework-semantics.md §3 "AUC".
    """

    code = "HC307"
    name = "auc-on-logits"
    summary = "`AUC()` without `from_logits=True` on logits"
    VALID = (
        Head(units=1, activation="linear", metrics=["AUC(from_logits=True)"]).to_facts(),
        Head(units=1, activation="sigmoid", metrics=["AUC()"]).to_facts(),
    )
    INVALID = (
        Head(units=1, activation="linear", metrics=["AUC()"]).to_facts(),
        Head(units=5, activation="linear", metrics=["auc"]).to_facts(),
    )

    VALID_CODE = (
        # Keras: AUC told that it reads logits
        ValidCode(
            """
            import keras

            model = keras.Sequential([
                keras.layers.Dense(16, activation="relu"),
                keras.layers.Dense(1),
            ])
            model.compile(
                optimizer="adam",
                loss=keras.losses.BinaryCrossentropy(from_logits=True),
                metrics=[keras.metrics.AUC(from_logits=True)],
            )
            """,
        ),
        # Keras: AUC on sigmoid probabilities
        ValidCode(
            """
            import keras

            model = keras.Sequential([
                keras.layers.Dense(16, activation="relu"),
                keras.layers.Dense(1, activation="sigmoid"),
            ])
            model.compile(
                optimizer="adam", loss="binary_crossentropy", metrics=[keras.metrics.AUC()]
            )
            """,
        ),
    )
    INVALID_CODE = (
        # Keras: AUC() on one logit
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
                metrics=[keras.metrics.AUC()],
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
                metrics=[keras.metrics.AUC(from_logits=True)],
            )
            """,
        ),
        # tf.keras functional: multi-label AUC on five logits
        InvalidCode(
            """
            import tensorflow as tf

            inputs = tf.keras.Input(shape=(64,))
            logits = tf.keras.layers.Dense(5)(inputs)
            model = tf.keras.Model(inputs, logits)
            model.compile(
                optimizer="adam",
                loss=tf.keras.losses.BinaryCrossentropy(from_logits=True),
                metrics=[tf.keras.metrics.AUC(multi_label=True, num_labels=5)],
            )
            """,
            line=9,
            fixed="""
            import tensorflow as tf

            inputs = tf.keras.Input(shape=(64,))
            logits = tf.keras.layers.Dense(5)(inputs)
            model = tf.keras.Model(inputs, logits)
            model.compile(
                optimizer="adam",
                loss=tf.keras.losses.BinaryCrossentropy(from_logits=True),
                metrics=[
                    tf.keras.metrics.AUC(multi_label=True, num_labels=5, from_logits=True),
                ],
            )
            """,
        ),
    )

    def check(self, facts: HeadFacts) -> Iterator[Finding]:
        if facts.outputs != "logits" or facts.framework == "torch":
            return
        for metric in facts.metrics:
            if metric.key != "auc" or metric.get("from_logits", False):
                continue
            yield self.finding(
                f"{str(metric)!r} places its 200 thresholds in [0, 1] and reads the outputs as "
                "probabilities, but they are logits: every logit below 0 or above 1 shares a "
                "bucket and the AUC is understated",
                "use keras.metrics.AUC(from_logits=True)",
                facts.where(f"metric:{metric.name}"),
                autofix=Autofix(
                    "pass from_logits=True to AUC",
                    "safe",
                    (
                        SetMetric(
                            facts.where(f"metric:{metric.name}"), "AUC", (("from_logits", True),)
                        ),
                    ),
                ),
            )
