"""Test session set-up: the oracles' environment is fixed before any framework is imported."""

from __future__ import annotations

import os
from collections.abc import Iterator

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ["KERAS_BACKEND"] = "tensorflow"  # Keras 3 in-process runs on TensorFlow
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")

import pytest

from oracles import BackendWorker


@pytest.fixture(scope="session")
def keras3_torch() -> Iterator[BackendWorker]:
    """Keras 3 on the torch backend, in a child process (see ``oracles.py``)."""
    worker = BackendWorker("torch")
    yield worker
    worker.close()
