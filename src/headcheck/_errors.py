"""Errors raised by headcheck.

Every error a user can cause is a :class:`HeadcheckError`; the command line turns it into one
line on stderr and exit code 2. The hierarchy::

    HeadcheckError (ValueError)
    ├── UnknownNameError        an activation, loss, metric, target or backend name headcheck
    │                           does not know; carries the accepted names
    ├── InputError              arrays or files that cannot be used as given (NaN/inf, shapes,
    │                           empty, truncated, unreadable)
    └── FrameworkError          the framework itself would reject this (e.g. Keras 3 refuses
                                ``metrics=['ce']``); carries the framework's own message
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["FrameworkError", "HeadcheckError", "InputError", "UnknownNameError"]


class HeadcheckError(ValueError):
    """Base class of every error caused by what headcheck was given."""


class UnknownNameError(HeadcheckError):
    """A name headcheck does not know, with the names it accepts."""

    def __init__(self, kind: str, name: object, accepted: Iterable[str]) -> None:
        self.kind = kind
        self.name = name
        self.accepted = tuple(accepted)
        super().__init__(f"unknown {kind} {name!r}; expected one of: {', '.join(self.accepted)}")


class InputError(HeadcheckError):
    """Arrays or files that cannot be used as given."""


class FrameworkError(HeadcheckError):
    """What the targeted framework itself would raise for this input.

    ``framework_type`` is the exception class the framework raises (e.g. ``"ValueError"``) and
    ``framework_message`` its message, so that headcheck can quote the error a user would see.
    """

    def __init__(self, target: str, framework_type: str, framework_message: str) -> None:
        self.target = target
        self.framework_type = framework_type
        self.framework_message = framework_message
        super().__init__(f"{target} raises {framework_type}: {framework_message}")
