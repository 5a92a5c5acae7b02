"""HC306 probability-threshold-on-logits."""

from __future__ import annotations

from collections.abc import Iterator

from headcheck.facts import HeadFacts
from headcheck.findings import Finding
from headcheck.head import Head
from headcheck.rules._base import Rule


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
    Unsafe: the predicted classes change (they become right).

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
    )
    INVALID = (
        Head(units=1, activation="linear", postprocess=["threshold_0.5"]).to_facts(),
        Head(units=3, activation="linear", postprocess=["round"]).to_facts(),
    )

    def check(self, facts: HeadFacts) -> Iterator[Finding]:
        if facts.outputs != "logits" or facts.task == "regression":
            return  # a regression output is not a logit
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
            )
