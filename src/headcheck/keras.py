"""``headcheck.keras.HeadCheck``: a Keras callback that checks the head when training starts.

>>> from headcheck.keras import HeadCheck
>>> HeadCheck(strict=True).strict
True

Use it as ``model.fit(x, y, callbacks=[HeadCheck()])`` with Keras 3 (any backend) or tf-keras.
At the start of training it reads the model's head, loss and metrics (as
:func:`headcheck.check` does); after the first batch, when Keras has built its metric objects,
it checks again and reports once. With ``strict=True`` an error-level finding stops training:
``model.stop_training`` is set and the findings are logged as an error (Keras looks at the
flag after each batch, so at most one batch runs). The findings stay in :attr:`result`.

The class implements the callback protocol both Keras generations call (``set_model``,
``set_params``, the ``on_*`` hooks) without importing either, so one class serves both.
"""

from __future__ import annotations

import logging
from typing import Any

from headcheck.models._live import check
from headcheck.models._result import CheckResult

__all__ = ["HeadCheck"]

_LOG = logging.getLogger("headcheck")


class HeadCheck:
    """Check head, loss, metrics (and, with ``data=(x, y)``, a few rows) when ``fit`` starts.

    ``strict``: stop training on an error-level finding. ``verbose``: print the report.
    ``data``: optional ``(x, y)`` sample for the data facts (a few rows are used).
    """

    _supports_tf_logs = True  # tf-keras: the logs are not read, so never convert them
    async_safe = False

    def __init__(
        self, strict: bool = False, *, verbose: bool = True, data: tuple[Any, Any] | None = None
    ) -> None:
        self.strict = strict
        self.verbose = verbose
        self.data = data
        self.model: Any = None
        self.params: dict[str, Any] = {}
        self.result: CheckResult | None = None
        self.stopped = False
        self._done = False

    # -- the protocol ------------------------------------------------------------------------
    def set_model(self, model: Any) -> None:
        self.model = model

    def set_params(self, params: dict[str, Any]) -> None:
        self.params = params

    def _implements_train_batch_hooks(self) -> bool:
        return True

    def _implements_test_batch_hooks(self) -> bool:
        return False

    def _implements_predict_batch_hooks(self) -> bool:
        return False

    # -- the checks --------------------------------------------------------------------------
    def _check(self) -> CheckResult:
        x, y = self.data if self.data is not None else (None, None)
        return check(self.model, x, y)

    def _report(self, result: CheckResult) -> None:
        self.result = result
        if self.verbose:
            print(str(result), end="")
        if self.strict and result.errors:
            self.stopped = True
            self.model.stop_training = True
            codes = ", ".join(sorted({f.code for f in result.errors}))
            _LOG.error(
                "headcheck stopped training (strict=True): %d error-level finding(s) %s; "
                "see callback.result",
                len(result.errors),
                codes,
            )

    def on_train_begin(self, logs: dict[str, Any] | None = None) -> None:
        self._done = False
        result = self._check()
        if self.strict and result.errors:
            self._done = True
            self._report(result)
        else:
            self.result = result

    def on_train_batch_end(self, batch: int, logs: dict[str, Any] | None = None) -> None:
        if self._done:
            return
        self._done = True
        self._report(check(self.model))  # the metric objects are built now

    # -- hooks headcheck does not use --------------------------------------------------------
    def on_train_batch_begin(self, batch: int, logs: dict[str, Any] | None = None) -> None:
        return None

    def on_train_end(self, logs: dict[str, Any] | None = None) -> None:
        return None

    def on_epoch_begin(self, epoch: int, logs: dict[str, Any] | None = None) -> None:
        return None

    def on_epoch_end(self, epoch: int, logs: dict[str, Any] | None = None) -> None:
        return None

    def on_batch_begin(self, batch: int, logs: dict[str, Any] | None = None) -> None:
        return None

    def on_batch_end(self, batch: int, logs: dict[str, Any] | None = None) -> None:
        return None

    def on_test_begin(self, logs: dict[str, Any] | None = None) -> None:
        return None

    def on_test_end(self, logs: dict[str, Any] | None = None) -> None:
        return None

    def on_test_batch_begin(self, batch: int, logs: dict[str, Any] | None = None) -> None:
        return None

    def on_test_batch_end(self, batch: int, logs: dict[str, Any] | None = None) -> None:
        return None

    def on_predict_begin(self, logs: dict[str, Any] | None = None) -> None:
        return None

    def on_predict_end(self, logs: dict[str, Any] | None = None) -> None:
        return None

    def on_predict_batch_begin(self, batch: int, logs: dict[str, Any] | None = None) -> None:
        return None

    def on_predict_batch_end(self, batch: int, logs: dict[str, Any] | None = None) -> None:
        return None
