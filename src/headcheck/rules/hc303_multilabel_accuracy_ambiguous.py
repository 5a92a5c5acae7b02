"""HC303 multilabel-accuracy-ambiguous."""

from __future__ import annotations

from collections.abc import Iterator

from headcheck.facts import HeadFacts
from headcheck.findings import Finding
from headcheck.head import Head
from headcheck.rules._base import InvalidCode, Rule, ValidCode
from headcheck.rules._fixing import per_label_metrics
from headcheck.rules._phrases import resolved_accuracy


class MultilabelAccuracyAmbiguous(Rule):
    """## What it does
    Finds a multi-label head scored with a bare `'accuracy'` that resolves to per-label
    binary accuracy, and says which number that is.

    ## Why is this bad?
    "Accuracy" means two different things for multi-label outputs: the share of correct
    (sample, label) pairs — per-label or Hamming accuracy — and the share of samples whose
    labels are *all* right — exact-match or subset accuracy, which scikit-learn's
    `accuracy_score` reports. With 20 sparse labels, per-label accuracy is above 90% for a
    model that predicts nothing. Neither is wrong; leaving it unnamed is.

    ## Example
    ```python
    model.add(Dense(20, activation="sigmoid"))
    model.compile(loss="binary_crossentropy", metrics=["accuracy"])   # Keras 2.3
    ```

    Use instead:
    ```python
    model.compile(loss="binary_crossentropy",
                  metrics=[keras.metrics.BinaryAccuracy(name="per_label_accuracy"),
                           keras.metrics.AUC(multi_label=True)])
    # exact match after training: np.mean(np.all((p > 0.5) == y, axis=1))
    ```

    ## Fix safety
    Unsafe: `'accuracy'` becomes `BinaryAccuracy(threshold=..., name="per_label_accuracy")`
    (0.0 for logits, 0.5 for probabilities) and an exact-match accuracy is added, so the
    names in the training history change; training itself does not.

    ## References
    - scikit-learn `accuracy_score` (subset accuracy) and `hamming_loss`; torchmetrics
      `MultilabelAccuracy` versus `MultilabelExactMatch`.
    """

    code = "HC303"
    name = "multilabel-accuracy-ambiguous"
    severity = "warning"
    summary = "a multi-label task is scored with bare 'accuracy'"
    VALID = (
        Head(
            units=20,
            activation="sigmoid",
            loss="binary_crossentropy",
            metrics=["BinaryAccuracy(threshold=0.5)"],
            target="keras2.3",
        ).to_facts(),
        Head(
            units=1,
            activation="sigmoid",
            loss="binary_crossentropy",
            metrics=["accuracy"],
            target="keras2.3",
        ).to_facts(),
    )
    INVALID = (
        Head(
            units=20,
            activation="sigmoid",
            loss="binary_crossentropy",
            metrics=["accuracy"],
            target="keras2.3",
        ).to_facts(),
        Head(
            units=20,
            activation="linear",
            loss="binary_crossentropy",
            from_logits=True,
            metrics=["acc"],
            target="keras2.2",
        ).to_facts(),
    )

    VALID_CODE = (
        # Keras 2.3: per-label accuracy asked for by name
        ValidCode(
            """
            import keras

            model = keras.Sequential([
                keras.layers.Dense(64, activation="relu"),
                keras.layers.Dense(20, activation="sigmoid"),
            ])
            model.compile(
                optimizer="adam",
                loss="binary_crossentropy",
                metrics=[keras.metrics.BinaryAccuracy(name="per_label_accuracy")],
            )
            """,
            target="keras2.3",
        ),
        # Keras 2.3: one sigmoid unit is a binary task, where 'accuracy' is unambiguous
        ValidCode(
            """
            import keras

            model = keras.Sequential([
                keras.layers.Dense(64, activation="relu"),
                keras.layers.Dense(1, activation="sigmoid"),
            ])
            model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
            """,
            target="keras2.3",
        ),
    )
    INVALID_CODE = (
        # Keras 2.3: twenty sigmoid units scored with bare 'accuracy'
        InvalidCode(
            """
            from keras.layers import Dense
            from keras.models import Sequential

            model = Sequential()
            model.add(Dense(64, activation="relu", input_dim=300))
            model.add(Dense(20, activation="sigmoid"))
            model.compile(loss="binary_crossentropy", optimizer="sgd", metrics=["accuracy"])
            """,
            line=7,
            target="keras2.3",
            fixed='''
            from keras.layers import Dense
            from keras.models import Sequential
            from keras.metrics import BinaryAccuracy


            def exact_match_accuracy(y_true, y_pred):
                """Share of samples with every label right (added by headcheck --fix)."""
                from keras import ops

                predicted = ops.cast(ops.greater(y_pred, 0.5), y_true.dtype)
                every_label = ops.all(ops.equal(predicted, y_true), axis=-1)
                return ops.cast(every_label, "float32")


            model = Sequential()
            model.add(Dense(64, activation="relu", input_dim=300))
            model.add(Dense(20, activation="sigmoid"))
            model.compile(loss="binary_crossentropy", optimizer="sgd", metrics=[
                BinaryAccuracy(threshold=0.5, name="per_label_accuracy"),
                exact_match_accuracy,
            ])
            ''',
        ),
        # Keras 2.2: multi-hot labels scored with 'acc'
        InvalidCode(
            """
            import numpy as np
            import keras

            y = np.array([[1, 0, 1, 0, 0], [0, 1, 1, 0, 1], [1, 0, 0, 0, 1]])
            model = keras.Sequential([keras.layers.Dense(5, activation="sigmoid")])
            model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["acc"])
            model.fit(x, y)
            """,
            line=6,
            target="keras2.2",
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
        if facts.task != "multilabel":
            return
        for metric in facts.metrics:
            if not metric.is_bare_accuracy:
                continue
            resolved = resolved_accuracy(facts, metric)
            if resolved is None or resolved.name != "binary_accuracy":
                continue  # categorical on multi-hot is HC301
            threshold = "0.0" if facts.outputs == "logits" else "0.5"
            yield self.finding(
                f"{metric.name!r} here is per-label (Hamming) accuracy: the share of "
                f"(sample, label) pairs predicted right over all {facts.units} labels, which "
                "is high even for a model that predicts no label; it is not the share of "
                "samples with every label right (exact match)",
                f"name it: BinaryAccuracy(threshold={threshold}, name='per_label_accuracy'), "
                "and report exact-match accuracy as well",
                facts.where(f"metric:{metric.name}"),
                autofix=per_label_metrics(facts, facts.where(f"metric:{metric.name}")),
            )
