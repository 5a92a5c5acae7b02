"""HC305 argmax-single-output."""

from __future__ import annotations

from collections.abc import Iterator

from headcheck.facts import HeadFacts
from headcheck.findings import Finding
from headcheck.head import Head
from headcheck.rules._base import Rule


class ArgmaxSingleOutput(Rule):
    """## What it does
    Finds `argmax` over the class axis of a one-unit output.

    ## Why is this bad?
    With one column the largest value is always in column 0, so `np.argmax(pred, axis=1)` is
    0 for every sample, whatever the model says — "argmax of my sigmoid output is always 0".
    One sigmoid unit is the probability of class 1; turn it into a class with a threshold.

    ## Example
    ```python
    preds = model.predict(x)               # shape (n, 1), sigmoid
    classes = np.argmax(preds, axis=1)     # always 0
    ```

    Use instead:
    ```python
    classes = (preds[:, 0] > 0.5).astype(int)   # 0.0 for logits
    ```

    ## Fix safety
    Safe: the old code returned a constant.

    ## References
    - The seed question "how to interpret a probability predictions ... sigmoid".
    """

    code = "HC305"
    name = "argmax-single-output"
    summary = "argmax over a one-unit output (always 0)"
    VALID = (
        Head(units=10, activation="softmax", postprocess=["argmax"]).to_facts(),
        Head(units=1, activation="sigmoid", postprocess=["threshold_0.5"]).to_facts(),
    )
    INVALID = (
        Head(units=1, activation="sigmoid", postprocess=["argmax"]).to_facts(),
        Head(units=1, activation="linear", postprocess=["argmax"]).to_facts(),
    )

    def check(self, facts: HeadFacts) -> Iterator[Finding]:
        if "argmax" not in facts.postprocess or facts.units != 1:
            return
        threshold = "0.0" if facts.outputs == "logits" else "0.5"
        yield self.finding(
            "argmax over a single output column is always 0: every sample is predicted as "
            "class 0 whatever the model outputs",
            f"threshold the one column instead: classes = (preds[:, 0] > {threshold}).astype(int)",
            facts.where("postprocess:argmax"),
        )
