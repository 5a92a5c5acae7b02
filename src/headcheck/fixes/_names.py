"""How to spell a framework symbol in the file being fixed.

The fixer writes ``keras.losses.BinaryCrossentropy`` the way the file already reaches Keras
(``keras.``, ``tf.keras.``, ``losses.``) or, when nothing reaches it, adds one import in the
file's own Keras flavour (``from tensorflow.keras.losses import BinaryCrossentropy``).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

__all__ = ["Bindings", "bindings_of"]

_KERAS_ROOTS = ("keras", "tensorflow.keras", "tf_keras", "tensorflow.python.keras")


@dataclass(frozen=True)
class Bindings:
    """Names the module binds by import: local name → dotted module or symbol."""

    names: dict[str, str] = field(default_factory=dict)

    @property
    def keras_root(self) -> str:
        """The Keras package the file uses (``keras`` when it uses none yet)."""
        for target in self.names.values():
            for root in _KERAS_ROOTS[1:]:
                if target == root or target.startswith(root + "."):
                    return root
            if target == "tensorflow":
                continue
            if target == "keras" or target.startswith("keras."):
                return "keras"
        if "tensorflow" in self.names.values():
            return "tensorflow.keras"
        return "keras"

    def spell(self, module: str, symbol: str) -> tuple[str, tuple[str, str] | None]:
        """Code for ``module.symbol`` and the import to add (``(module, symbol)``), if any.

        >>> b = Bindings({"tf": "tensorflow"})
        >>> b.spell("tensorflow.keras.losses", "BinaryCrossentropy")
        ('tf.keras.losses.BinaryCrossentropy', None)
        >>> Bindings({}).spell("keras.metrics", "AUC")
        ('AUC', ('keras.metrics', 'AUC'))
        """
        best: tuple[int, str] | None = None
        for local, target in self.names.items():
            if target == f"{module}.{symbol}":
                return local, None
            if module == target or module.startswith(target + "."):
                rest = module[len(target) :].lstrip(".")
                spelled = ".".join(part for part in (local, rest, symbol) if part)
                if best is None or len(spelled) < best[0]:
                    best = (len(spelled), spelled)
        if best is not None:
            return best[1], None
        return symbol, (module, symbol)

    def module_of(self, local: str) -> str | None:
        """The module a bare name was imported from: ``BCELoss`` → ``torch.nn``."""
        target = self.names.get(local)
        if target is None or "." not in target:
            return None
        return target.rsplit(".", 1)[0]


def bindings_of(text: str) -> Bindings:
    """The import bindings of ``text`` (every import statement, at any depth)."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return Bindings()
    names: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    names[alias.asname] = alias.name
                else:
                    first = alias.name.split(".")[0]
                    names.setdefault(first, first)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                if alias.name != "*":
                    names[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return Bindings(names)
