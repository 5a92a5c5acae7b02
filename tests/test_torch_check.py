"""``headcheck.torch.check``: one forward pass of real PyTorch models; every mismatch found,
every correct counterpart silent."""

from __future__ import annotations

import importlib.util
from typing import Any

import pytest

torch = pytest.importorskip("torch")
nn = torch.nn
F = torch.nn.functional

from headcheck.torch import check, head_activation  # noqa: E402

pytestmark = pytest.mark.oracle

torch.manual_seed(0)
X = torch.randn(8, 4)
CLASSES = torch.tensor([0, 1, 2, 0, 1, 2, 0, 1])
BINARY = (CLASSES > 0).float()


def linear(units: int, *after: Any) -> Any:
    return nn.Sequential(nn.Linear(4, units), *after)


CASES = [
    # (id, model, loss, target, codes)
    (
        "softmax->CrossEntropyLoss",
        linear(3, nn.Softmax(dim=1)),
        nn.CrossEntropyLoss(),
        CLASSES,
        ["HC104"],
    ),
    ("logits->CrossEntropyLoss", linear(3), nn.CrossEntropyLoss(), CLASSES, []),
    (
        "softmax->F.cross_entropy",
        linear(3, nn.Softmax(dim=-1)),
        F.cross_entropy,
        CLASSES,
        ["HC104"],
    ),
    (
        "sigmoid->BCEWithLogitsLoss",
        linear(1, nn.Sigmoid()),
        nn.BCEWithLogitsLoss(),
        BINARY[:, None],
        ["HC104"],
    ),
    ("logits->BCEWithLogitsLoss", linear(1), nn.BCEWithLogitsLoss(), BINARY[:, None], []),
    ("softmax->NLLLoss", linear(3, nn.Softmax(dim=1)), nn.NLLLoss(), CLASSES, ["HC105"]),
    ("log_softmax->NLLLoss", linear(3, nn.LogSoftmax(dim=1)), nn.NLLLoss(), CLASSES, []),
    ("log_softmax->F.nll_loss", linear(3, nn.LogSoftmax(dim=1)), F.nll_loss, CLASSES, []),
    ("logits->BCELoss", linear(1), nn.BCELoss(), BINARY[:, None], ["HC103"]),
    ("sigmoid->BCELoss", linear(1, nn.Sigmoid()), nn.BCELoss(), BINARY[:, None], []),
    (
        "integer one-hot->CrossEntropyLoss",
        linear(3),
        nn.CrossEntropyLoss(),
        F.one_hot(CLASSES, 3),
        ["HC202"],
    ),
    (
        "float one-hot->CrossEntropyLoss",
        linear(3),
        nn.CrossEntropyLoss(),
        F.one_hot(CLASSES, 3).float(),
        [],
    ),
    (
        "(N,) target, (N,1) output, BCEWithLogitsLoss",
        linear(1),
        nn.BCEWithLogitsLoss(),
        BINARY,
        ["HC202"],
    ),
    ("(N,1) target, (N,1) output", linear(1), nn.BCEWithLogitsLoss(), BINARY[:, None], []),
    (
        "(N,1) class column->CrossEntropyLoss",
        linear(3),
        nn.CrossEntropyLoss(),
        CLASSES[:, None],
        ["HC202"],
    ),
    ("(N,) target, (N,1) output, MSELoss", linear(1), nn.MSELoss(), torch.randn(8), ["HC202"]),
    ("head width 2, 3 classes", linear(2), nn.CrossEntropyLoss(), CLASSES, ["HC108"]),
    ("head width 3, 3 classes", linear(3), nn.CrossEntropyLoss(), CLASSES, []),
    (
        "multi-label head width 4, 3 label columns",
        linear(4),
        nn.BCEWithLogitsLoss(),
        F.one_hot(CLASSES, 3).float() + F.one_hot((CLASSES + 1) % 3, 3).float(),
        ["HC108"],
    ),
    (
        "integer targets->BCEWithLogitsLoss",
        linear(1),
        nn.BCEWithLogitsLoss(),
        (CLASSES[:, None] > 0).long(),
        ["HC202"],
    ),
]


@pytest.mark.parametrize(
    ("model", "loss", "target", "codes"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_found_and_silent(model: Any, loss: Any, target: Any, codes: list[str]) -> None:
    result = check(model, loss, (X, target))
    assert sorted(set(result.codes)) == codes, str(result)


def test_the_framework_agrees_where_it_raises() -> None:
    """The mismatches PyTorch itself rejects are the ones reported (so the codes are earned)."""
    with pytest.raises(RuntimeError, match="Expected floating point type"):
        nn.CrossEntropyLoss()(linear(3)(X), F.one_hot(CLASSES, 3))
    with pytest.raises(ValueError, match=r"Target size .* must be the same as input size"):
        nn.BCEWithLogitsLoss()(linear(1)(X), BINARY)
    with pytest.raises(RuntimeError, match="between 0 and 1"):
        nn.BCELoss()(torch.tensor([[2.0], [-1.0]]), torch.tensor([[1.0], [0.0]]))
    with pytest.raises(IndexError):
        nn.CrossEntropyLoss()(linear(2)(X), CLASSES)


def test_grad_fn_walk_looks_through_views_and_keeps_mode() -> None:
    model = nn.Sequential(nn.Linear(4, 1), nn.Sigmoid(), nn.Flatten(0))
    model.train()
    act, nodes = head_activation(model(X))
    assert act is not None and act.name == "sigmoid"
    assert nodes[-1] == "SigmoidBackward0"
    result = check(model, nn.BCEWithLogitsLoss(), (X, BINARY))
    assert result.codes == ["HC104"]
    assert model.training  # eval() for the pass, then restored


def test_softmax_over_the_batch_axis_is_not_a_head() -> None:
    act, _ = head_activation(F.softmax(linear(3)(X), dim=0))
    assert act is None


def test_batchnorm_statistics_untouched() -> None:
    model = nn.Sequential(nn.Linear(4, 3), nn.BatchNorm1d(3))
    before = model[1].running_mean.clone()
    check(model, nn.CrossEntropyLoss(), (X, CLASSES))
    assert torch.equal(model[1].running_mean, before)


def test_result_numbers() -> None:
    result = check(linear(3, nn.Softmax(dim=1)), nn.CrossEntropyLoss(), (X, CLASSES))
    assert result.outputs is not None and result.outputs.kind == "distribution"
    assert result.labels is not None and result.labels.format == "sparse"
    assert 0 < result.outputs.minimum <= result.outputs.maximum < 1
    assert "SoftmaxBackward0" in str(result)


@pytest.mark.skipif(
    importlib.util.find_spec("lightning") is None
    and importlib.util.find_spec("pytorch_lightning") is None,
    reason="lightning is not installed (not a dependency)",
)
def test_lightning_callback() -> None:  # pragma: no cover - runs only where lightning is
    from headcheck.torch import lightning_callback

    callback = lightning_callback(nn.CrossEntropyLoss(), strict=True)
    assert callback.result is None
