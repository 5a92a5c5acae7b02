"""headcheck.semantics.aggregation against what ``fit`` logs in tf-keras and Keras 3."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from headcheck._errors import InputError
from headcheck.semantics.accuracy import binary_accuracy
from headcheck.semantics.aggregation import epoch_mean, mean_of_batch_means, running_epoch_means
from keras3_metric_calls import fit_one_epoch, metric_after_batches
from oracles import BackendWorker

# Dense(1, sigmoid) with kernel 1, bias 0 and learning rate 0: batch 1 (4 samples) is half
# right, batch 2 (2 samples) all right.
X = np.array([[-1.0], [1.0], [2.0], [-2.0], [3.0], [-3.0]], np.float32)
Y = np.array([[0.0], [0.0], [1.0], [1.0], [1.0], [0.0]], np.float32)
SIZES = [4, 2]


@pytest.mark.oracle
@pytest.mark.slow
@pytest.mark.parametrize("where", ["tf_keras", "keras3-tensorflow", "keras3-torch"])
def test_history_is_sample_weighted_not_the_mean_of_batches(
    where: str, keras3_torch: BackendWorker
) -> None:
    args = (X, Y, 4, 1.0, 0.0)
    if where == "keras3-torch":
        logs = keras3_torch.call(fit_one_epoch, "keras", *args)
    else:
        logs = fit_one_epoch("tf_keras" if where == "tf_keras" else "keras", *args)
    probabilities = 1.0 / (1.0 + np.exp(-X))
    batch_accuracy = [
        binary_accuracy(Y[:4], probabilities[:4]),
        binary_accuracy(Y[4:], probabilities[4:]),
    ]
    assert batch_accuracy == [0.5, 1.0]
    assert logs["history"]["accuracy"] == pytest.approx(epoch_mean(batch_accuracy, SIZES), abs=1e-6)
    assert epoch_mean(batch_accuracy, SIZES) == pytest.approx(0.6667, abs=1e-4)
    assert mean_of_batch_means(batch_accuracy) == 0.75  # what the history is not
    shown = [batch["accuracy"] for batch in logs["batches"]]
    assert shown == pytest.approx(running_epoch_means(batch_accuracy, SIZES), abs=1e-6)
    # the loss tracker is a Mean updated with sample_weight=batch_size
    loss = epoch_mean(logs["batch_losses"], SIZES)
    assert logs["history"]["loss"] == pytest.approx(loss, abs=1e-6)


@pytest.mark.oracle
@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(1, 5),
            st.lists(st.sampled_from([0.0, 1.0, 2.0, 0.5]), min_size=5, max_size=5),
            st.booleans(),
        ),
        min_size=1,
        max_size=4,
    ),
    st.integers(0, 2**32 - 1),
)
def test_stateful_metric_over_batches(
    batches: list[tuple[int, list[float], bool]], seed: int
) -> None:
    """A metric updated batch by batch reports epoch_mean of the batch values and weight sums."""
    generator = np.random.default_rng(seed)
    calls, values, counts = [], [], []
    for size, weights, weighted in batches:
        y = generator.integers(0, 2, size=(size, 1)).astype(np.float32)
        p = generator.random((size, 1)).astype(np.float32)
        w = np.array(weights[:size]) if weighted else None
        calls.append((y, p, w))
        values.append(binary_accuracy(y, p, sample_weight=w))
        counts.append(float(w.sum()) if w is not None else float(size))
    results = metric_after_batches("tf_keras", "BinaryAccuracy", calls)
    assert results == pytest.approx(running_epoch_means(values, counts), abs=1e-6)
    assert results[-1] == pytest.approx(epoch_mean(values, counts), abs=1e-6)
    assert metric_after_batches("keras", "BinaryAccuracy", calls)[-1] == pytest.approx(
        results[-1], abs=1e-6
    )


def test_running_means_and_zero_counts() -> None:
    assert running_epoch_means([0.3, 0.9, 0.6], [0, 2, 2]) == pytest.approx([0.0, 0.9, 0.75])
    assert epoch_mean([0.4, 0.8], [0, 0]) == 0.0
    assert epoch_mean([0.4, 0.8], [1, 3]) == pytest.approx(0.7)


@pytest.mark.parametrize(
    ("values", "counts"),
    [([0.5, 1.0], [4]), ([[0.5, 1.0]], [[4, 2]]), ([0.5, 1.0], [4, -2]), ([], [])],
)
def test_bad_batches_are_input_errors(values: object, counts: object) -> None:
    with pytest.raises(InputError):
        epoch_mean(values, counts)
