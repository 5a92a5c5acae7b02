"""Which Keras generation (and backend) a file targets, from its imports.

``import keras`` / ``from keras ...`` → ``keras3``; ``tf.keras``, ``tensorflow.keras`` or
``tf_keras`` → ``tf.keras``; ``os.environ["KERAS_BACKEND"] = "torch"`` (or ``setdefault``)
sets the Keras 3 backend. PyTorch heads are always judged as ``torch``. An explicit target
(``--target`` or ``[tool.headcheck] target``) overrides the detection for Keras heads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

__all__ = ["Detected", "detect"]


@dataclass(frozen=True)
class Detected:
    """What the imports say: the Keras target, the backend, and which frameworks appear."""

    keras_target: str
    backend: str | None
    uses_keras: bool
    uses_torch: bool


_IMPORT: Final = re.compile(
    r"^[ \t]*(?:from[ \t]+([\w.]+)[ \t]+import[ \t]+([^\n#]*)|import[ \t]+([^\n#]*))", re.M
)
_BACKEND: Final = re.compile(
    r"""KERAS_BACKEND['"]\s*(?:\]\s*=|,)\s*['"](tensorflow|torch|jax)['"]"""
)


def _imported(text: str) -> list[str]:
    names: list[str] = []
    for match in _IMPORT.finditer(text):
        module, members, plain = match.groups()
        if module is not None:
            names.append(module)
            if module == "tensorflow":
                names += [f"tensorflow.{m.strip(' ()')}" for m in members.split(",")]
        elif plain is not None:
            names += [part.split()[0] for part in plain.split(",") if part.split()]
    return names


def detect(text: str) -> Detected:
    """Read the imports (at any indentation) and the ``KERAS_BACKEND`` setting from the text.

    A regular expression over the text is enough here and much cheaper than a tree walk.
    """
    standalone = tf_keras = tensorflow = torch = False
    for name in _imported(text):
        top = name.split(".", 1)[0]
        standalone |= top == "keras"
        tf_keras |= top == "tf_keras" or name.startswith("tensorflow.keras")
        tensorflow |= top == "tensorflow"
        torch |= top == "torch"
    found = _BACKEND.search(text)
    backend = found.group(1) if found else None
    target = "keras3" if standalone else "tf.keras" if (tf_keras or tensorflow) else "keras3"
    if target == "keras3" and backend is None:
        backend = "tensorflow"
    return Detected(target, backend, standalone or tf_keras or tensorflow, torch)
