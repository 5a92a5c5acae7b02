"""HC105 nll-without-log-softmax."""

from __future__ import annotations

from collections.abc import Iterator

from headcheck.facts import HeadFacts
from headcheck.findings import Finding
from headcheck.fixes._edits import Autofix, NoAutofix, SetActivation, SetLoss
from headcheck.head import Head
from headcheck.rules._base import InvalidCode, Rule, ValidCode


class NllWithoutLogSoftmax(Rule):
    """## What it does
    Finds `nn.NLLLoss` / `F.nll_loss` fed anything but log-probabilities: softmax outputs,
    sigmoid outputs or raw logits.

    ## Why is this bad?
    `NLLLoss` only picks `-input[target]`; it takes no log. Given probabilities it returns
    `-mean(p_true)`, a number between -1 and 0 that training pushes down by making the true
    probability larger *linearly*, without the log's strong gradient for confident mistakes.
    A negative loss value is the tell-tale sign (−0.757 in the reference run).

    ## Example
    ```python
    out = F.softmax(self.fc(x), dim=1)
    loss = F.nll_loss(out, y)
    ```

    Use instead:
    ```python
    out = F.log_softmax(self.fc(x), dim=1)
    loss = F.nll_loss(out, y)            # or CrossEntropyLoss on the raw logits
    ```

    ## Fix safety
    Softmax outputs: `softmax` → `log_softmax` is unsafe: the model's outputs change from
    probabilities to log-probabilities; code that thresholds or reports them must use `.exp()`.
    Raw logits: `nn.NLLLoss` → `nn.CrossEntropyLoss` is safe (the model's outputs do not
    change; the loss becomes the one NLLLoss was meant to compute). Sigmoid outputs get no fix:
    whether the task is single- or multi-label decides it.

    ## References
    - framework-semantics.md §8: `NLLLoss` given probabilities returns −mean(p_true).
    """

    code = "HC105"
    name = "nll-without-log-softmax"
    summary = "NLLLoss receives probabilities or logits instead of log-probabilities"
    VALID = (
        Head(units=10, activation="log_softmax", loss="NLLLoss").to_facts(),
        Head(units=10, activation="linear", loss="CrossEntropyLoss").to_facts(),
    )
    INVALID = (
        Head(units=10, activation="softmax", loss="NLLLoss").to_facts(),
        Head(units=10, activation="linear", loss="NLLLoss").to_facts(),
    )

    VALID_CODE = (
        # PyTorch: log_softmax, then F.nll_loss (the MNIST example)
        ValidCode(
            """
            import torch.nn.functional as F
            from torch import nn


            class Net(nn.Module):
                def __init__(self):
                    super().__init__()
                    self.fc = nn.Linear(784, 10)

                def forward(self, x):
                    return F.log_softmax(self.fc(x), dim=1)


            model = Net()
            loss = F.nll_loss(model(data), target)
            """,
        ),
        # PyTorch: nn.LogSoftmax, then nn.NLLLoss
        ValidCode(
            """
            from torch import nn

            model = nn.Sequential(nn.Linear(4, 3), nn.LogSoftmax(dim=1))
            criterion = nn.NLLLoss()
            loss = criterion(model(x), y)
            """,
        ),
    )
    INVALID_CODE = (
        # PyTorch: softmax probabilities into F.nll_loss
        InvalidCode(
            """
            import torch.nn.functional as F
            from torch import nn


            class Net(nn.Module):
                def __init__(self):
                    super().__init__()
                    self.fc = nn.Linear(784, 10)

                def forward(self, x):
                    return F.softmax(self.fc(x), dim=1)


            model = Net()
            loss = F.nll_loss(model(data), target)
            """,
            line=15,
            fixed="""
            import torch.nn.functional as F
            from torch import nn


            class Net(nn.Module):
                def __init__(self):
                    super().__init__()
                    self.fc = nn.Linear(784, 10)

                def forward(self, x):
                    return F.log_softmax(self.fc(x), dim=1)


            model = Net()
            loss = F.nll_loss(model(data), target)
            """,
        ),
        # PyTorch: raw logits into nn.NLLLoss
        InvalidCode(
            """
            from torch import nn

            model = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 3))
            criterion = nn.NLLLoss()
            loss = criterion(model(x), y)
            """,
            line=4,
            fixed="""
            from torch import nn

            model = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 3))
            criterion = nn.CrossEntropyLoss()
            loss = criterion(model(x), y)
            """,
        ),
    )

    def check(self, facts: HeadFacts) -> Iterator[Finding]:
        if facts.loss is None or facts.loss.family != "nll" or facts.activation is None:
            return
        if facts.outputs == "log_probabilities":
            return
        what = {
            "distribution": "softmax probabilities",
            "probabilities": "sigmoid probabilities",
            "logits": "raw logits",
        }.get(facts.outputs or "", f"{facts.activation.name} outputs")
        yield self.finding(
            f"NLLLoss expects log-probabilities but receives {what}: it takes no log, so the "
            "loss is -mean(output of the true class)"
            + (" and goes negative" if facts.outputs in ("distribution", "probabilities") else ""),
            "use F.log_softmax(logits, dim=1) before NLLLoss, or nn.CrossEntropyLoss on the raw "
            "logits",
            facts.where("loss"),
            autofix=_autofix(facts),
        )


def _autofix(facts: HeadFacts) -> Autofix | NoAutofix:
    if facts.activation is not None and facts.activation.name == "softmax":
        return Autofix(
            "use log_softmax",
            "unsafe",
            (SetActivation(facts.where("activation"), "log_softmax"),),
        )
    if facts.outputs == "logits":
        return Autofix(
            "use nn.CrossEntropyLoss on the logits",
            "safe",
            (SetLoss(facts.where("loss"), "CrossEntropyLoss"),),
        )
    if facts.outputs != "probabilities":
        return NoAutofix("return logits from the model and use nn.CrossEntropyLoss")
    return NoAutofix(
        "sigmoid outputs: for one class per sample return logits and use nn.CrossEntropyLoss; "
        "for several labels per sample use nn.BCELoss"
    )
