"""``headcheck.torch.check(model, loss_fn, batch)``: a PyTorch head, from one forward pass.

The model runs once on the batch's inputs, in ``eval()`` mode (no dropout, no batch-norm
statistics update; the mode is restored) with gradients recorded, and the output's autograd
graph tells what the last operation was: ``SoftmaxBackward0``, ``LogSoftmaxBackward0`` and
``SigmoidBackward0`` are activations; ``AddmmBackward0`` and friends (a linear layer) mean raw
logits; views, squeezes and copies are looked through. The loss is named by its class
(``nn.CrossEntropyLoss()``) or function (``F.cross_entropy``); the target's dtype, shape and
values are compared with what that loss accepts. The findings carry the linter's codes.

``lightning_callback()`` returns a Lightning callback doing the same on the first training
batch, when ``lightning`` or ``pytorch_lightning`` is installed (neither is a dependency).
"""

from __future__ import annotations

import dataclasses
from typing import Any, Final

import numpy as np

from headcheck._errors import InputError, UnknownNameError
from headcheck.catalogue import Activation, Loss
from headcheck.catalogue import activation as lookup_activation
from headcheck.catalogue import loss as lookup_loss
from headcheck.facts import HeadFacts, LabelFormat, Location
from headcheck.findings import Finding
from headcheck.models._evidence import evidence_finding, merge_findings
from headcheck.models._live import judge
from headcheck.models._result import CheckResult
from headcheck.profiles import LabelsProfile, profile_labels, profile_outputs

__all__ = ["check", "head_activation", "lightning_callback"]

_LOOK_THROUGH: Final = frozenset(
    (
        "ViewBackward0",
        "UnsafeViewBackward0",
        "ReshapeAliasBackward0",
        "SqueezeBackward0",
        "SqueezeBackward1",
        "SqueezeBackward2",
        "UnsqueezeBackward0",
        "CloneBackward0",
        "ToCopyBackward0",
        "AliasBackward0",
        "NativeDropoutBackward0",
    )
)
_ACTIVATIONS: Final = {
    "SoftmaxBackward0": "softmax",
    "LogSoftmaxBackward0": "log_softmax",
    "SigmoidBackward0": "sigmoid",
    "TanhBackward0": "tanh",
    "ReluBackward0": "relu",
    "HardsigmoidBackward0": "hard_sigmoid",
    "GeluBackward0": "gelu",
    "SiluBackward0": "silu",
    "EluBackward0": "elu",
    "LeakyReluBackward0": "leaky_relu",
    "SoftplusBackward0": "softplus",
    "ExpBackward0": "exponential",
}
_LINEAR: Final = frozenset(
    ("AddmmBackward0", "MmBackward0", "MvBackward0", "LinearBackward0", "BmmBackward0")
)


def head_activation(output: Any) -> tuple[Activation | None, list[str]]:
    """The final activation read from ``output.grad_fn`` (``None``: not established), and the
    autograd nodes looked at, output first."""
    node = getattr(output, "grad_fn", None)
    seen: list[str] = []
    while node is not None and len(seen) < 32:
        name = type(node).__name__
        seen.append(name)
        if name in _LOOK_THROUGH:
            following = [n for n, _ in node.next_functions if n is not None]
            node = following[0] if len(following) == 1 else None
            continue
        if name in _ACTIVATIONS:
            dim = getattr(node, "_saved_dim", None)
            ndim = getattr(output, "ndim", 2)
            if isinstance(dim, int) and ndim >= 2 and dim not in (-1, ndim - 1):
                return None, seen  # softmax over another axis is not the class axis
            return lookup_activation(_ACTIVATIONS[name]), seen
        if name in _LINEAR:
            return lookup_activation("linear"), seen
        return None, seen
    return None, seen


def _loss_of(loss_fn: Any) -> tuple[Loss | None, float]:
    name = type(loss_fn).__name__
    if name in ("function", "builtin_function_or_method", "partial"):
        name = getattr(getattr(loss_fn, "func", loss_fn), "__name__", "")
    try:
        found = lookup_loss(name, framework="torch")
    except UnknownNameError:
        return None, 0.0
    if found.framework != "torch":
        return None, 0.0
    smoothing = getattr(loss_fn, "label_smoothing", 0.0)
    return found, float(smoothing) if isinstance(smoothing, int | float) else 0.0


def _numpy(value: Any) -> np.ndarray[Any, Any]:
    if hasattr(value, "detach"):
        value = value.detach().cpu().numpy()
    return np.asarray(value)


def _target_findings(
    loss: Loss, out_shape: tuple[int, ...], target: Any, where: Location
) -> list[Finding]:
    """What the target's dtype and shape prove against the loss (the values go to the rules)."""
    shape = tuple(int(s) for s in target.shape)
    integer = not target.is_floating_point()
    found: list[Finding] = []
    n_out = int(np.prod(out_shape)) if out_shape else 1
    n_tgt = int(np.prod(shape)) if shape else 1
    if loss.family in ("sparse_categorical_crossentropy", "nll"):
        if integer and len(shape) == len(out_shape) and len(out_shape) == 2 and shape[1] == 1:
            found.append(
                evidence_finding(
                    "HC202",
                    f"the target has shape {shape} (a column of class indices) but "
                    f"{loss.name} wants shape ({shape[0]},): PyTorch raises '0D or 1D target "
                    "tensor expected, multi-target not supported'",
                    "pass target.squeeze(1) (or target.view(-1))",
                    where,
                )
            )
    elif loss.family in ("binary_crossentropy", "regression"):
        if shape != out_shape and n_tgt == n_out:
            effect = (
                "PyTorch raises 'Target size (...) must be the same as input size (...)'"
                if loss.family == "binary_crossentropy"
                else "PyTorch broadcasts them to an N×N matrix and the loss compares every "
                "output with every target"
            )
            found.append(
                evidence_finding(
                    "HC202",
                    f"the target has shape {shape} but the output has shape {out_shape}: {effect}",
                    "give the target the output's shape: target.view_as(output) "
                    "(e.g. y.float().unsqueeze(1) for (N, 1) outputs)",
                    where,
                )
            )
        if integer and loss.family == "binary_crossentropy":
            found.append(
                evidence_finding(
                    "HC202",
                    f"the target is an integer tensor ({str(target.dtype).replace('torch.', '')}) "
                    f"but {loss.name} needs float targets: PyTorch raises 'Found dtype Long but "
                    "expected Float'",
                    "pass target.float()",
                    where,
                )
            )
    return found


def _label_facts(
    loss: Loss | None, target: Any, labels: LabelsProfile | None
) -> tuple[LabelFormat | None, int | None, bool]:
    """Label format to put in the facts, classes, and whether to let the profile fill them."""
    if loss is None or labels is None:
        return None, None, True
    integer = not target.is_floating_point()
    if (
        loss.name == "CrossEntropyLoss"
        and not integer
        and labels.format
        in (
            "one_hot",
            "multi_hot",
            "continuous",
        )
    ):
        # float targets of the output's shape are class probabilities: accepted since 1.10
        return None, labels.columns, False
    return None, None, True


def check(model: Any, loss_fn: Any, batch: Any, *, rows: int | None = None) -> CheckResult:
    """Check a PyTorch head: one forward pass on ``batch = (inputs, target)``.

    ``loss_fn`` is a loss module (``nn.CrossEntropyLoss()``) or function (``F.nll_loss``).
    ``rows`` limits the rows used (default: the whole batch).
    """
    import torch

    if not isinstance(batch, list | tuple) or len(batch) < 2:
        raise InputError("batch must be (inputs, target), as a DataLoader yields it")
    inputs, target = batch[0], batch[1]
    if rows is not None:
        inputs, target = inputs[:rows], target[:rows]
    if not isinstance(target, torch.Tensor):
        target = torch.as_tensor(np.asarray(target))
    was_training = bool(getattr(model, "training", False))
    if hasattr(model, "eval"):
        model.eval()
    try:
        with torch.enable_grad():
            output = model(inputs)
    finally:
        if hasattr(model, "train"):
            model.train(was_training)
    if isinstance(output, list | tuple):
        output = output[0]
    if not isinstance(output, torch.Tensor):
        raise InputError(f"the model returned {type(output).__name__}, not a tensor")
    name = type(model).__name__
    where = Location(f"<model {name}>")
    act, nodes = head_activation(output)
    loss, smoothing = _loss_of(loss_fn)
    out_shape = tuple(int(s) for s in output.shape)
    units = out_shape[-1] if len(out_shape) >= 2 else 1
    notes = [f"autograd nodes from the output: {' <- '.join(nodes) or 'none (no grad_fn)'}"]
    if loss is None:
        notes.append(f"loss {type(loss_fn).__name__} is not one headcheck knows: not judged")
    outputs = profile_outputs(_numpy(output).astype(np.float64).reshape(out_shape[0], -1))
    labels: LabelsProfile | None = None
    try:
        labels = profile_labels(_numpy(target).astype(np.float64).reshape(len(target), -1))
    except InputError as exc:
        notes.append(f"target not profiled: {exc}")
    fmt, classes, merge = _label_facts(loss, target, labels)
    facts = HeadFacts(
        framework="torch",
        units=units,
        activation=act,
        loss=loss,
        loss_from_logits=False if loss is not None else None,
        label_smoothing=smoothing,
        labels=fmt,
        num_classes=classes if classes is not None and classes != units else None,
        target="torch",
        locations={"head": where},
    )
    completed, found = judge(facts, outputs, labels if merge else None)
    if loss is not None:
        found = merge_findings(found, _target_findings(loss, out_shape, target, where))
    sparse = loss is not None and loss.family in ("sparse_categorical_crossentropy", "nll")
    if sparse and not target.is_floating_point() and target.numel():
        top = int(target.max())
        if top >= units and completed.num_classes is None:
            completed = dataclasses.replace(completed, num_classes=top + 1)
            found = merge_findings(found, list(judge(completed, None, None)[1]))
    return CheckResult(
        f"{name} with {type(loss_fn).__name__ if loss is None else loss.name} (PyTorch)",
        tuple(found),
        (completed,),
        outputs,
        labels,
        (),
        tuple(notes),
    )


def lightning_callback(loss_fn: Any = None, *, strict: bool = False) -> Any:
    """A Lightning callback that runs :func:`check` on the first training batch.

    ``loss_fn`` defaults to the first loss module among the LightningModule's children.
    With ``strict=True`` an error-level finding stops training (``trainer.should_stop``).
    Needs ``lightning`` or ``pytorch_lightning``.
    """
    try:
        from lightning.pytorch import Callback
    except ImportError:
        try:
            from pytorch_lightning import Callback
        except ImportError:
            raise InputError(
                "lightning_callback needs lightning (pip install lightning); headcheck does "
                "not depend on it"
            ) from None

    class HeadCheckCallback(Callback):  # type: ignore[misc]
        """Checks the head on the first training batch and reports once."""

        def __init__(self) -> None:
            super().__init__()
            self.result: CheckResult | None = None

        def on_train_batch_start(
            self, trainer: Any, pl_module: Any, batch: Any, batch_idx: int
        ) -> None:
            if self.result is not None:
                return
            import torch

            chosen = loss_fn
            if chosen is None:
                chosen = next(
                    (
                        m
                        for _, m in pl_module.named_children()
                        if isinstance(m, torch.nn.modules.loss._Loss)
                    ),
                    None,
                )
            if chosen is None:
                raise InputError("no loss module found on the LightningModule: pass loss_fn")
            self.result = check(pl_module, chosen, batch)
            print(str(self.result), end="")
            if strict and self.result.errors:
                trainer.should_stop = True

    return HeadCheckCallback()
