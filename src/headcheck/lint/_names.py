"""Import aliases and qualified names.

Every framework symbol is known by one canonical dotted name, whatever the import:
``tf.keras.layers.Dense``, ``tensorflow.keras.layers.Dense``, ``keras.layers.Dense`` and
``from keras.layers import Dense as D`` are all ``keras.layers.Dense``; ``nn.BCELoss`` is
``torch.nn.BCELoss``; ``F.softmax`` is ``torch.nn.functional.softmax``; ``tf.nn.softmax``
is ``tf.nn.softmax``; ``np.argmax`` is ``numpy.argmax``.
"""

from __future__ import annotations

import ast
from typing import Final

__all__ = ["canonical", "import_bindings", "keras_member", "module_imports"]

_PREFIXES: Final[tuple[tuple[str, str], ...]] = (
    ("tensorflow.python.keras.", "keras."),
    ("tensorflow.keras.", "keras."),
    ("tf.keras.", "keras."),
    ("tf_keras.", "keras."),
    ("keras.src.", "keras."),
    ("keras.api.", "keras."),
    ("tensorflow.compat.v2.", "tf."),
    ("tensorflow.compat.v1.", "tf."),
    ("tensorflow.", "tf."),
)
_EXACT: Final[dict[str, str]] = {
    "tensorflow": "tf",
    "tensorflow.keras": "keras",
    "tf.keras": "keras",
    "tf_keras": "keras",
}


def canonical(name: str) -> str:
    """The canonical form of a fully qualified name.

    >>> canonical("tensorflow.keras.layers.Dense")
    'keras.layers.Dense'
    >>> canonical("tensorflow.nn.softmax")
    'tf.nn.softmax'
    """
    if name in _EXACT:
        return _EXACT[name]
    for prefix, replacement in _PREFIXES:
        if name.startswith(prefix):
            return canonical(replacement + name[len(prefix) :])
    return name


def keras_member(name: str, package: str) -> str | None:
    """``'Dense'`` for ``keras.layers.Dense`` or ``keras.layers.core.Dense`` and package
    ``'layers'``; ``None`` when ``name`` is not in that Keras package."""
    prefix = f"keras.{package}."
    if not name.startswith(prefix):
        return None
    return name.rsplit(".", 1)[-1]


def import_bindings(node: ast.Import | ast.ImportFrom) -> list[tuple[str, str]]:
    """The ``(local name, canonical qualified name)`` pairs an import statement binds.

    ``import a.b`` binds ``a`` to ``a``; ``import a.b as c`` binds ``c`` to ``a.b``. A star
    import binds ``'*'`` to the module. Relative imports bind nothing.
    """
    pairs: list[tuple[str, str]] = []
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.asname:
                pairs.append((alias.asname, canonical(alias.name)))
            else:
                top = alias.name.split(".", 1)[0]
                pairs.append((top, canonical(top)))
        return pairs
    if node.level or not node.module:
        return pairs
    for alias in node.names:
        if alias.name == "*":
            pairs.append(("*", canonical(node.module)))
        else:
            pairs.append((alias.asname or alias.name, canonical(f"{node.module}.{alias.name}")))
    return pairs


def module_imports(tree: ast.AST) -> list[str]:
    """Every module a tree imports, canonical, in order (for target detection)."""
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend(canonical(alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.append(canonical(node.module))
            found.extend(canonical(f"{node.module}.{alias.name}") for alias in node.names)
    return found
