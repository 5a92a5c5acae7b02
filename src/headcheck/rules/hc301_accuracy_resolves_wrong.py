"""HC301 accuracy-resolves-wrong."""

from __future__ import annotations

from collections.abc import Iterator

from headcheck.facts import HeadFacts, MetricSpec
from headcheck.findings import Finding
from headcheck.fixes._edits import Autofix, NoAutofix, SetMetric
from headcheck.head import Head
from headcheck.rules._base import InvalidCode, Rule, ValidCode
from headcheck.rules._fixing import labels_needed, per_label_metrics
from headcheck.rules._phrases import resolved_accuracy
from headcheck.targets import KERAS_TARGETS, describe_target


class AccuracyResolvesWrong(Rule):
    """## What it does
    Finds a bare `'accuracy'`/`'acc'` that the targeted Keras generation resolves to a metric
    that misrepresents the task: binary (per-unit) accuracy on a single-label multi-class
    head, or categorical (argmax) accuracy on a multi-label head.

    ## Why is this bad?
    Keras picks the accuracy function for you. Keras ≤ 2.3 (and tf.keras ≤ 2.1) looks at the
    loss: with binary cross-entropy on 10 softmax units it picks *binary* accuracy, which
    scores each of the 10 units separately and reads ≥ 90% for a model that is always wrong.
    tf.keras ≥ 2.2 and Keras 3 look only at shapes: multi-hot labels of the same shape as the
    outputs get *categorical* accuracy, which compares the argmax of the outputs with the
    first positive label only. Either way the number in the progress bar is not the accuracy
    you think, and the same code reports different numbers in different versions
    (tensorflow/tensorflow#41114, #41361).

    ## Example
    ```python
    model.add(Dense(20))                                   # multi-label, logits
    model.compile(loss=BinaryCrossentropy(from_logits=True), metrics=["accuracy"])
    ```

    Use instead:
    ```python
    model.compile(loss=BinaryCrossentropy(from_logits=True),
                  metrics=[BinaryAccuracy(threshold=0.0, name="per_label_accuracy")])
    ```

    ## Fix safety
    Single-label task: safe. `'accuracy'` becomes `CategoricalAccuracy` (one-hot labels or a
    categorical loss) or `SparseCategoricalAccuracy` (integer labels or a sparse loss) logged
    under the same name; only the reported number changes. Multi-label task: unsafe, the
    metric becomes `BinaryAccuracy(name="per_label_accuracy")` plus an exact-match accuracy,
    so the names in the training history change.

    ## References
    - framework-semantics.md §1–2 (resolution by generation, confirmed by building models).
    """

    code = "HC301"
    name = "accuracy-resolves-wrong"
    summary = "'accuracy' resolves to a metric that misrepresents the task"
    VALID = (
        Head(
            units=10,
            activation="softmax",
            loss="categorical_crossentropy",
            metrics=["accuracy"],
            target="keras2.3",
        ).to_facts(),
        Head(
            units=20,
            activation="sigmoid",
            loss="binary_crossentropy",
            metrics=["binary_accuracy"],
            target="keras3",
        ).to_facts(),
    )
    INVALID = (
        Head(
            units=10,
            activation="softmax",
            loss="binary_crossentropy",
            metrics=["accuracy"],
            target="keras2.3",
        ).to_facts(),
        Head(
            units=20,
            activation="linear",
            loss="binary_crossentropy",
            from_logits=True,
            metrics=["accuracy"],
            target="keras3",
        ).to_facts(),
        Head(
            units=5,
            activation="sigmoid",
            loss="binary_crossentropy",
            metrics=["acc"],
            labels="multi_hot",
            target="tf.keras",
        ).to_facts(),
    )

    VALID_CODE = (
        # Keras 2.3: softmax with categorical cross-entropy resolves to categorical accuracy
        ValidCode(
            """
            import keras

            y_train = keras.utils.to_categorical(y_train_int, 10)
            model = keras.Sequential([
                keras.layers.Dense(64, activation="relu"),
                keras.layers.Dense(10, activation="softmax"),
            ])
            model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
            model.fit(x_train, y_train)
            """,
            target="keras2.3",
        ),
        # tf.keras: multi-hot labels scored with a named per-label metric
        ValidCode(
            """
            import numpy as np
            from tensorflow import keras

            y = np.array([[1, 0, 1, 0, 0], [0, 1, 1, 0, 1], [1, 0, 0, 0, 1]])
            model = keras.Sequential([keras.layers.Dense(5, activation="sigmoid")])
            model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["binary_accuracy"])
            model.fit(x, y)
            """,
        ),
    )
    INVALID_CODE = (
        # Keras 2.3: one-hot labels under binary cross-entropy make 'accuracy' binary accuracy
        InvalidCode(
            """
            import keras

            y_train = keras.utils.to_categorical(y_train_int, 10)
            model = keras.Sequential([
                keras.layers.Dense(64, activation="relu"),
                keras.layers.Dense(10, activation="sigmoid"),
            ])
            model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
            model.fit(x_train, y_train)
            """,
            line=8,
            target="keras2.3",
            fixed="""
            import keras

            y_train = keras.utils.to_categorical(y_train_int, 10)
            model = keras.Sequential([
                keras.layers.Dense(64, activation="relu"),
                keras.layers.Dense(10, activation="sigmoid"),
            ])
            model.compile(optimizer="adam", loss="binary_crossentropy", metrics=[
                keras.metrics.CategoricalAccuracy(name="accuracy"),
            ])
            model.fit(x_train, y_train)
            """,
        ),
        # tf.keras: 'acc' on multi-hot labels resolves to categorical accuracy
        InvalidCode(
            """
            import numpy as np
            from tensorflow import keras

            y = np.array([[1, 0, 1, 0, 0], [0, 1, 1, 0, 1], [1, 0, 0, 0, 1]])
            model = keras.Sequential([keras.layers.Dense(5, activation="sigmoid")])
            model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["acc"])
            model.fit(x, y)
            """,
            line=6,
            fixed='''
            import numpy as np
            from tensorflow import keras


            def exact_match_accuracy(y_true, y_pred):
                """Share of samples with every label right (added by headcheck --fix)."""
                import tensorflow as tf

                predicted = tf.cast(y_pred > 0.5, y_true.dtype)
                every_label = tf.reduce_all(tf.equal(predicted, y_true), axis=-1)
                return tf.cast(every_label, "float32")


            y = np.array([[1, 0, 1, 0, 0], [0, 1, 1, 0, 1], [1, 0, 0, 0, 1]])
            model = keras.Sequential([keras.layers.Dense(5, activation="sigmoid")])
            model.compile(optimizer="adam", loss="binary_crossentropy", metrics=[
                keras.metrics.BinaryAccuracy(threshold=0.5, name="per_label_accuracy"),
                exact_match_accuracy,
            ])
            model.fit(x, y)
            ''',
        ),
        # Keras 3: the same with 'accuracy'
        InvalidCode(
            """
            import numpy as np
            import keras

            y = np.array([[1, 0, 1, 0, 0], [0, 1, 1, 0, 1], [1, 0, 0, 0, 1]])
            model = keras.Sequential([keras.layers.Dense(5, activation="sigmoid")])
            model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
            model.fit(x, y)
            """,
            line=6,
            fixed='''
            import numpy as np
            import keras


            def exact_match_accuracy(y_true, y_pred):
                """Share of samples with every label right (added by headcheck --fix)."""
                from keras import ops

                predicted = ops.cast(ops.greater(y_pred, 0.5), y_true.dtype)
                every_label = ops.all(ops.equal(predicted, y_true), axis=-1)
                return ops.cast(every_label, "float32")


            y = np.array([[1, 0, 1, 0, 0], [0, 1, 1, 0, 1], [1, 0, 0, 0, 1]])
            model = keras.Sequential([keras.layers.Dense(5, activation="sigmoid")])
            model.compile(optimizer="adam", loss="binary_crossentropy", metrics=[
                keras.metrics.BinaryAccuracy(threshold=0.5, name="per_label_accuracy"),
                exact_match_accuracy,
            ])
            model.fit(x, y)
            ''',
        ),
    )

    def check(self, facts: HeadFacts) -> Iterator[Finding]:
        task = facts.task
        if task not in ("multiclass", "multilabel"):
            return
        for metric in facts.metrics:
            if not metric.is_bare_accuracy:
                continue
            resolved = resolved_accuracy(facts, metric)
            if resolved is None:
                continue
            wrong = (task == "multilabel" and resolved.name == "categorical_accuracy") or (
                task == "multiclass" and resolved.name == "binary_accuracy"
            )
            if not wrong:
                continue
            others = []
            for target in KERAS_TARGETS:
                if target == facts.target:
                    continue
                other = resolved_accuracy(facts, metric, target)
                if other is not None and other.name != resolved.name:
                    others.append(f"{describe_target(target)}: {other.name}")
            if task == "multilabel":
                meaning = (
                    "it compares the argmax of the outputs with the first positive label only, "
                    "which is neither per-label nor exact-match accuracy"
                )
                cut = "0.0" if facts.outputs == "logits" else "0.5"
                fix = (
                    f"name the metrics: BinaryAccuracy(threshold={cut}) for per-label accuracy, "
                    "and an exact-match (subset) accuracy if every label must be right"
                )
            else:
                meaning = (
                    f"it scores each of the {facts.units} units as its own yes/no answer, so a "
                    "model that always says 'no' already scores "
                    f"{(facts.units or 2) - 1}/{facts.units}"
                )
                fix = (
                    "use categorical_crossentropy (or sparse_categorical_crossentropy) as the "
                    "loss, or name the metric: 'categorical_accuracy'"
                )
            disagree = f" (other generations: {'; '.join(others)})" if others else ""
            yield self.finding(
                f"in {describe_target(facts.target, facts.backend)}, {metric.name!r} becomes "
                f"{resolved.name} for this {task} head{disagree}: {meaning}",
                fix,
                facts.where(f"metric:{metric.name}"),
                autofix=_autofix(facts, metric),
            )


def _autofix(facts: HeadFacts, metric: MetricSpec) -> Autofix | NoAutofix:
    at = facts.where(f"metric:{metric.name}")
    if facts.task == "multilabel":
        return per_label_metrics(facts, at)
    family = facts.loss.family if facts.loss else None
    if facts.labels == "one_hot" or (facts.labels is None and family == "categorical_crossentropy"):
        wanted = "CategoricalAccuracy"
    elif facts.labels == "sparse" or (
        facts.labels is None and family == "sparse_categorical_crossentropy"
    ):
        wanted = "SparseCategoricalAccuracy"
    else:
        return NoAutofix(labels_needed("one-hot rows or integer classes"))
    return Autofix(
        f"use {wanted}, logged as {metric.name!r}",
        "safe",
        (SetMetric(at, wanted, (("name", metric.name),)),),
    )
