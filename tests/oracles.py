"""Running the real frameworks as test oracles.

Keras 3 fixes its backend when it is first imported, so the test process runs Keras 3 on the
TensorFlow backend (set in ``conftest.py``) and :class:`BackendWorker` runs Keras 3 on another
backend in a child process. Oracle functions are plain module-level functions in ``tests/``;
the worker imports them by module and name and calls them with picklable arguments (NumPy
arrays, floats, dicts), so one worker serves a whole test session.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

__all__ = ["BackendWorker", "OracleError"]


class OracleError(Exception):
    """The framework raised inside the worker: ``kind`` is its exception class name."""

    def __init__(self, kind: str, message: str) -> None:
        self.kind = kind
        self.message = message
        super().__init__(f"{kind}: {message}")


def _serve(conn: Connection) -> None:
    import importlib
    import warnings

    warnings.simplefilter("ignore")
    while True:
        request = conn.recv()
        if request is None:
            return
        module, name, args, kwargs = request
        try:
            function = getattr(importlib.import_module(module), name)
            conn.send(("ok", function(*args, **kwargs)))
        except Exception as exc:  # the framework's error is the result being tested
            conn.send(("error", (type(exc).__name__, str(exc))))


class BackendWorker:
    """A child process with ``KERAS_BACKEND=backend`` that runs oracle functions on request."""

    def __init__(self, backend: str) -> None:
        self.backend = backend
        context = mp.get_context("spawn")
        self._conn, child = context.Pipe()
        saved = os.environ.get("KERAS_BACKEND")
        os.environ["KERAS_BACKEND"] = backend
        try:
            self._process = context.Process(target=_serve, args=(child,), daemon=True)
            self._process.start()
        finally:
            if saved is None:
                del os.environ["KERAS_BACKEND"]
            else:
                os.environ["KERAS_BACKEND"] = saved

    def call(self, function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Run ``function(*args, **kwargs)`` in the child; re-raise its error as OracleError."""
        self._conn.send((function.__module__, function.__name__, args, kwargs))
        status, value = self._conn.recv()
        if status == "error":
            raise OracleError(*value)
        return value

    def close(self) -> None:
        self._conn.send(None)
        self._process.join(timeout=30)
