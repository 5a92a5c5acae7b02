"""HC104 double-activation."""

from __future__ import annotations

from collections.abc import Iterator

from headcheck.facts import HeadFacts
from headcheck.findings import Finding, Severity
from headcheck.fixes._edits import Autofix, NoAutofix, SetActivation, SetLoss
from headcheck.head import Head
from headcheck.rules._base import InvalidCode, Rule, ValidCode
from headcheck.rules._phrases import loss_call


class DoubleActivation(Rule):
    """## What it does
    Finds probabilities reaching a loss that applies sigmoid or softmax itself:
    `from_logits=True` after a sigmoid/softmax layer, `nn.CrossEntropyLoss` after softmax,
    `nn.BCEWithLogitsLoss` after sigmoid.

    ## Why is this bad?
    The activation is applied twice. Softmax of probabilities is a flattened distribution, so
    the loss can never get small and the gradients shrink: training is slow and the loss
    values misleading (`CrossEntropyLoss` of a perfect softmax output is still 0.55 for two
    classes). On TensorFlow, Keras notices a sigmoid/softmax output, warns ("`binary_crossentropy`
    received `from_logits=True`, but the `output` argument was produced by a Sigmoid activation
    ...") and uses the cached logits, so the same code trains correctly there and badly on
    Keras 3's torch or JAX backend. `log_softmax` into `CrossEntropyLoss` is *not* reported:
    log-softmax is idempotent under log-softmax.

    ## Example
    ```python
    logits = self.fc(x)
    return F.softmax(logits, dim=1)      # forward
    loss = nn.CrossEntropyLoss()(out, y)
    ```

    Use instead:
    ```python
    return self.fc(x)                    # forward returns logits
    loss = nn.CrossEntropyLoss()(out, y)
    probs = out.softmax(dim=1)           # only where probabilities are reported
    ```

    ## Fix safety
    Keras: setting `from_logits=False` is safe: the model's outputs stay probabilities, and
    the loss becomes what TensorFlow already computed. PyTorch: `nn.BCEWithLogitsLoss` after
    a sigmoid becomes `nn.BCELoss` (safe, the outputs stay probabilities); softmax before
    `nn.CrossEntropyLoss` is removed, which is unsafe: the model then returns logits, and code
    that reads its outputs as probabilities (thresholds, reports) must apply the softmax.

    ## References
    - framework-semantics.md §4 "Logit recovery (TF only)" and §8 (PyTorch double softmax:
      0.7246 instead of 0.2803).
    """

    code = "HC104"
    name = "double-activation"
    summary = "probabilities reach a loss that applies sigmoid/softmax itself"
    VALID = (
        Head(units=1, activation="sigmoid", loss="binary_crossentropy").to_facts(),
        Head(units=10, activation="linear", loss="CrossEntropyLoss").to_facts(),
        Head(units=10, activation="log_softmax", loss="CrossEntropyLoss").to_facts(),
    )
    INVALID = (
        Head(
            units=1, activation="sigmoid", loss="binary_crossentropy", from_logits=True
        ).to_facts(),
        Head(units=10, activation="softmax", loss="CrossEntropyLoss").to_facts(),
        Head(units=1, activation="sigmoid", loss="BCEWithLogitsLoss").to_facts(),
        Head(
            units=3,
            activation="softmax",
            loss="categorical_crossentropy",
            from_logits=True,
            target="keras3",
            backend="torch",
        ).to_facts(),
    )

    VALID_CODE = (
        # Keras: softmax with a loss that reads probabilities (the default)
        ValidCode(
            """
            import keras

            model = keras.Sequential([
                keras.Input(shape=(20,)),
                keras.layers.Dense(3, activation="softmax"),
            ])
            model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy())
            """,
        ),
        # PyTorch: forward returns logits; softmax only where probabilities are reported
        ValidCode(
            """
            import torch.nn.functional as F
            from torch import nn


            class Net(nn.Module):
                def __init__(self):
                    super().__init__()
                    self.fc = nn.Linear(64, 10)

                def forward(self, x):
                    return self.fc(x)


            model = Net()
            criterion = nn.CrossEntropyLoss()
            loss = criterion(model(x), y)
            probs = F.softmax(model(x), dim=1)
            """,
        ),
    )
    INVALID_CODE = (
        # Keras: sigmoid output and from_logits=True
        InvalidCode(
            """
            import keras

            model = keras.Sequential([
                keras.Input(shape=(20,)),
                keras.layers.Dense(1, activation="sigmoid"),
            ])
            model.compile(
                optimizer="adam",
                loss=keras.losses.BinaryCrossentropy(from_logits=True),
            )
            """,
            line=9,
            fixed="""
            import keras

            model = keras.Sequential([
                keras.Input(shape=(20,)),
                keras.layers.Dense(1, activation="sigmoid"),
            ])
            model.compile(
                optimizer="adam",
                loss=keras.losses.BinaryCrossentropy(),
            )
            """,
        ),
        # PyTorch: softmax in forward, then nn.CrossEntropyLoss
        InvalidCode(
            """
            import torch.nn.functional as F
            from torch import nn


            class Net(nn.Module):
                def __init__(self):
                    super().__init__()
                    self.fc = nn.Linear(64, 10)

                def forward(self, x):
                    return F.softmax(self.fc(x), dim=1)


            model = Net()
            criterion = nn.CrossEntropyLoss()
            loss = criterion(model(x), y)
            """,
            line=15,
            fixed="""
            import torch.nn.functional as F
            from torch import nn


            class Net(nn.Module):
                def __init__(self):
                    super().__init__()
                    self.fc = nn.Linear(64, 10)

                def forward(self, x):
                    return self.fc(x)


            model = Net()
            criterion = nn.CrossEntropyLoss()
            loss = criterion(model(x), y)
            """,
        ),
        # PyTorch: nn.Sigmoid, then nn.BCEWithLogitsLoss
        InvalidCode(
            """
            from torch import nn

            model = nn.Sequential(nn.Linear(30, 1), nn.Sigmoid())
            criterion = nn.BCEWithLogitsLoss()
            loss = criterion(model(x), y)
            """,
            line=4,
            fixed="""
            from torch import nn

            model = nn.Sequential(nn.Linear(30, 1), nn.Sigmoid())
            criterion = nn.BCELoss()
            loss = criterion(model(x), y)
            """,
        ),
    )

    def check(self, facts: HeadFacts) -> Iterator[Finding]:
        act, loss = facts.activation, facts.loss
        if act is None or loss is None or facts.loss_reads != "logits":
            return
        if act.name not in ("sigmoid", "softmax") or facts.outputs == "constant_one":
            return
        if act.name == "softmax" and loss.family == "binary_crossentropy":
            return  # HC102 reports softmax into a per-class binary loss
        applies = loss.applies or "its activation"
        tf_recovers = loss.framework == "keras" and (
            facts.target in ("tf.keras", "keras2.3")
            or (facts.target == "keras3" and facts.backend in (None, "tensorflow"))
        )
        severity: Severity
        if tf_recovers:
            consequence = (
                "TensorFlow notices, warns and uses the cached logits, so the loss is right "
                "here, but the same code applies the activation twice on Keras 3's torch and "
                "JAX backends"
            )
            severity = "warning"
        else:
            consequence = (
                f"the loss applies {applies} again to outputs that are already "
                f"{'probabilities' if act.name == 'sigmoid' else 'a distribution'}, so it "
                "cannot get small and the gradients shrink"
            )
            severity = "error"
        if loss.framework == "torch":
            fix = (
                f"return the raw outputs from the model and keep {loss_call(facts)}; apply "
                f"{act.name} only where probabilities are reported"
            )
        else:
            fix = (
                "drop from_logits=True (the outputs are already probabilities), or remove "
                f"the {act.name} activation and keep from_logits=True"
            )
        yield self.finding(
            f"the last layer applies {act.name}, and {loss_call(facts)} applies {applies} "
            f"itself: {consequence}",
            fix,
            facts.where("loss"),
            severity=severity,
            autofix=_autofix(facts),
        )


def _autofix(facts: HeadFacts) -> Autofix | NoAutofix:
    loss, act = facts.loss, facts.activation
    assert loss is not None and act is not None
    if loss.framework != "torch":
        return Autofix(
            "drop from_logits=True (the outputs are probabilities)",
            "safe",
            (SetLoss(facts.where("loss"), None, False),),
        )
    if act.name == "sigmoid" and loss.name == "BCEWithLogitsLoss":
        return Autofix(
            "use nn.BCELoss on the sigmoid outputs",
            "safe",
            (SetLoss(facts.where("loss"), "BCELoss"),),
        )
    if act.name == "softmax" and loss.name == "CrossEntropyLoss":
        return Autofix(
            "return logits: drop the softmax before nn.CrossEntropyLoss",
            "unsafe",
            (SetActivation(facts.where("activation"), "linear"),),
        )
    return NoAutofix(f"{loss.name} after {act.name}: remove the activation by hand")
