"""Apply :mod:`~headcheck.fixes._edits` to Python code with LibCST, keeping its formatting.

Each edit names a position (where the linter saw the fact); the node written there is found
in LibCST's tree by its start position, and rewritten for the form it has: a string
(``activation="softmax"``), a reference (``tf.nn.softmax``), a Keras layer or loss object,
a torch function (``F.softmax(x, dim=1)``), method (``x.softmax(dim=1)``) or module
(``nn.Softmax(dim=1)``). Everything else in the file is left byte for byte as it was.
A form it does not know raises :class:`CannotFixError` with what to change by hand.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Final

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import AddImportsVisitor
from libcst.metadata import MetadataWrapper, PositionProvider

from headcheck.fixes._edits import (
    DropKeyword,
    Edit,
    SetActivation,
    SetLoss,
    SetMetric,
    SetUnits,
    ThresholdInsteadOfArgmax,
)
from headcheck.fixes._names import Bindings
from headcheck.lint._torch import ACTIVATION_FUNCTIONS

__all__ = ["CannotFixError", "apply_edits"]

Rewrite = Callable[[cst.CSTNode], cst.CSTNode]

_KERAS_LOSS_CLASSES: Final = {
    "binary_crossentropy": "BinaryCrossentropy",
    "categorical_crossentropy": "CategoricalCrossentropy",
    "sparse_categorical_crossentropy": "SparseCategoricalCrossentropy",
    "binary_focal_crossentropy": "BinaryFocalCrossentropy",
    "categorical_focal_crossentropy": "CategoricalFocalCrossentropy",
}
_TORCH_LOSS_FUNCTIONS: Final = {
    "BCELoss": "binary_cross_entropy",
    "BCEWithLogitsLoss": "binary_cross_entropy_with_logits",
    "CrossEntropyLoss": "cross_entropy",
    "NLLLoss": "nll_loss",
}
_TORCH_ACTIVATION_MODULES: Final = {
    "sigmoid": "Sigmoid",
    "softmax": "Softmax",
    "log_softmax": "LogSoftmax",
    "linear": "Identity",
}
_KERAS_ACTIVATION_LAYERS: Final = frozenset(("Softmax", "ReLU", "LeakyReLU", "ELU"))
#: activation functions, as torch (``F.softmax``) and Keras (``keras.activations.softmax``)
#: spell them
_ACTIVATION_FUNCTIONS: Final = ACTIVATION_FUNCTIONS | {
    "hard_sigmoid",
    "linear",
    "exponential",
    "swish",
}
_FRAMEWORK_MODULES: Final = ("torch", "tensorflow", "keras", "tf_keras", "numpy", "jax")


class CannotFixError(Exception):
    """The code at the edit's position has a form the fixer does not rewrite."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class _Plan:
    rewrites: dict[cst.CSTNode, list[Rewrite]] = field(default_factory=dict)
    before: dict[cst.CSTNode, list[cst.BaseStatement]] = field(default_factory=dict)
    imports: set[tuple[str, str]] = field(default_factory=set)

    def add(self, node: cst.CSTNode, rewrite: Rewrite) -> None:
        self.rewrites.setdefault(node, []).append(rewrite)


class _Index(cst.CSTVisitor):
    """Expressions by start position (outermost first) and each node's parent."""

    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self) -> None:
        super().__init__()
        self.starts: dict[tuple[int, int], list[cst.CSTNode]] = {}
        self.parent: dict[cst.CSTNode, cst.CSTNode] = {}
        self.lines: dict[cst.CSTNode, tuple[int, int]] = {}  # first and last line
        self._stack: list[cst.CSTNode] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        if self._stack:
            self.parent[node] = self._stack[-1]
        self._stack.append(node)
        if isinstance(node, cst.BaseExpression):
            span = self.get_metadata(PositionProvider, node)
            start = span.start
            self.lines[node] = (start.line, span.end.line)
            self.starts.setdefault((start.line, start.column), []).append(node)
            if node.lpar:  # ast positions a parenthesised expression inside its parentheses
                inner = (start.line, start.column + 1)
                self.starts.setdefault(inner, []).append(node)
        return True

    def on_leave(self, original_node: cst.CSTNode) -> None:
        self._stack.pop()

    def is_callee(self, node: cst.CSTNode) -> bool:
        """Is ``node`` the function of the call it starts (``Dense`` in ``Dense(1)``)? Then
        the call, which starts at the same position, is what an edit there means."""
        parent = self.parent.get(node)
        return isinstance(parent, cst.Call) and parent.func is node

    def list_item(self, node: cst.CSTNode) -> tuple[cst.Element, cst.List | cst.Tuple] | None:
        """The element and the list (or tuple) ``node`` is an item of, if it is one."""
        element = self.parent.get(node)
        container = self.parent.get(element) if element is not None else None
        if isinstance(element, cst.Element) and isinstance(container, cst.List | cst.Tuple):
            return element, container
        return None


class _Rewriter(cst.CSTTransformer):
    def __init__(self, plan: _Plan) -> None:
        super().__init__()
        self.plan = plan

    def on_leave(  # type: ignore[override]
        self, original_node: cst.CSTNode, updated_node: cst.CSTNode
    ) -> cst.CSTNode:
        node: cst.CSTNode = updated_node
        for rewrite in self.plan.rewrites.get(original_node, ()):
            node = rewrite(node)
        if isinstance(node, cst.Module) and self.plan.before:
            body: list[cst.BaseStatement] = []
            for original, updated in zip(original_node.body, node.body, strict=True):  # type: ignore[attr-defined]
                inserted = self.plan.before.get(original, [])
                for i, statement in enumerate(inserted):
                    blank = len(body) > 0 or i > 0
                    body.append(_with_blank_lines(statement, 2 if blank else 0))
                body.append(_with_blank_lines(updated, 2) if inserted else updated)
            node = node.with_changes(body=body)
        return node


# ---- small builders -----------------------------------------------------------------------


def _with_blank_lines(statement: cst.BaseStatement, count: int) -> cst.BaseStatement:
    """``statement`` preceded by at least ``count`` blank lines (its comments kept)."""
    lines: list[cst.EmptyLine] = list(getattr(statement, "leading_lines", ()))
    blank = 0
    while blank < len(lines) and lines[blank].comment is None:
        blank += 1
    if blank >= count:
        return statement
    return statement.with_changes(leading_lines=[cst.EmptyLine()] * (count - blank) + lines)


def _newline_then(indent: str) -> cst.ParenthesizedWhitespace:
    return cst.ParenthesizedWhitespace(
        first_line=cst.TrailingWhitespace(),
        empty_lines=[],
        indent=False,
        last_line=cst.SimpleWhitespace(indent),
    )


def _exploded(container: cst.List, indent: str) -> cst.List:
    """``container`` written one item a line, items at ``indent`` + 4 spaces."""
    inner = indent + "    "
    items = list(container.elements)
    laid = [
        item.with_changes(
            comma=cst.Comma(whitespace_after=_newline_then(inner if i < len(items) - 1 else indent))
        )
        for i, item in enumerate(items)
    ]
    return container.with_changes(
        lbracket=cst.LeftSquareBracket(whitespace_after=_newline_then(inner)),
        elements=laid,
        rbracket=cst.RightSquareBracket(),
    )


def _constant(node: cst.CSTNode) -> Rewrite:
    return lambda _: node


def _last_name(node: cst.BaseExpression) -> str | None:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return node.attr.value
    return None


def _root(node: cst.BaseExpression) -> str | None:
    while isinstance(node, cst.Attribute):
        node = node.value
    return node.value if isinstance(node, cst.Name) else None


def _origin(func: cst.BaseExpression, bindings: Bindings) -> str | None:
    """The module a called name comes from, when the imports say (``F.softmax`` → torch)."""
    root = _root(func)
    if root is None:
        return None
    return bindings.names.get(root)


def _is_module_function(call: cst.Call, bindings: Bindings) -> bool:
    """``F.softmax(x)`` (a module's function) rather than ``x.softmax()`` (a method)."""
    if isinstance(call.func, cst.Name):
        return True
    origin = _origin(call.func, bindings)
    return origin is not None and origin.split(".")[0] in _FRAMEWORK_MODULES


def _quote_like(like: cst.BaseExpression | None) -> str:
    if isinstance(like, cst.SimpleString):
        for char in like.value:
            if char in "'\"":
                return char
    return '"'


def _string(value: str, like: cst.BaseExpression | None = None) -> cst.SimpleString:
    quote = _quote_like(like)
    return cst.SimpleString(f"{quote}{value}{quote}")


def _literal(value: object) -> cst.BaseExpression:
    if isinstance(value, str):
        return _string(value)
    return cst.parse_expression(repr(value))


def _keyword_arg(name: str, value: cst.BaseExpression) -> cst.Arg:
    return cst.Arg(
        value=value,
        keyword=cst.Name(name),
        equal=cst.AssignEqual(
            whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")
        ),
    )


def _set_keyword(call: cst.Call, name: str, value: cst.BaseExpression) -> cst.Call:
    args = list(call.args)
    for i, arg in enumerate(args):
        if arg.keyword is not None and arg.keyword.value == name:
            args[i] = arg.with_changes(value=value)
            return call.with_changes(args=args)
    new = _keyword_arg(name, value)
    if not args:
        return call.with_changes(args=[new])
    last = args[-1]
    if isinstance(last.comma, cst.Comma):  # a trailing comma: keep the layout, one per line
        separator = args[-2].comma if len(args) > 1 else cst.MaybeSentinel.DEFAULT
        if not isinstance(separator, cst.Comma):
            separator = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
        args[-1] = last.with_changes(comma=separator)
        args.append(new.with_changes(comma=last.comma))
    else:
        args[-1] = last.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
        args.append(new)
    return call.with_changes(args=args)


def _drop_args(call: cst.Call, keep: Callable[[int, cst.Arg], bool]) -> cst.Call:
    args = list(call.args)
    kept = [arg for i, arg in enumerate(args) if keep(i, arg)]
    if kept and len(kept) < len(args) and kept[-1] is not args[-1]:
        kept[-1] = kept[-1].with_changes(comma=args[-1].comma)
    return call.with_changes(args=kept)


def _drop_keyword(call: cst.Call, name: str) -> cst.Call:
    return _drop_args(call, lambda _, arg: arg.keyword is None or arg.keyword.value != name)


def _has_keyword(call: cst.Call, name: str) -> bool:
    return any(arg.keyword is not None and arg.keyword.value == name for arg in call.args)


def _rename(
    call: cst.Call, new: str, bindings: Bindings, plan: _Plan, fallback_module: str | None = None
) -> cst.Call:
    func = call.func
    if isinstance(func, cst.Attribute):
        return call.with_changes(func=func.with_changes(attr=cst.Name(new)))
    if isinstance(func, cst.Name):
        if func.value == new:
            return call
        module = bindings.module_of(func.value) or fallback_module
        if module is None:
            raise CannotFixError(f"cannot tell where {func.value} is imported from")
        plan.imports.add((module, new))
        return call.with_changes(func=cst.Name(new))
    raise CannotFixError("the called expression is not a plain name")


def _spelled(bindings: Bindings, module: str, symbol: str, plan: _Plan) -> cst.BaseExpression:
    code, needed = bindings.spell(module, symbol)
    if needed is not None:
        plan.imports.add(needed)
    return cst.parse_expression(code)


def _call(func: cst.BaseExpression, keywords: Sequence[tuple[str, object]]) -> cst.Call:
    args = [_keyword_arg(k, _literal(v)) for k, v in keywords]
    for i in range(len(args) - 1):
        args[i] = args[i].with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
    return cst.Call(func=func, args=args)


# ---- the edits ------------------------------------------------------------------------------


class _Applier:
    def __init__(self, module: cst.Module, index: _Index, bindings: Bindings) -> None:
        self.module = module
        self.index = index
        self.bindings = bindings
        self.plan = _Plan()

    def nodes_at(self, line: int, column: int) -> list[cst.CSTNode]:
        found = self.index.starts.get((line, column), [])
        if not found:
            raise CannotFixError(f"nothing is written at line {line}, column {column + 1} any more")
        return found

    def apply(self, line: int, column: int, edit: Edit) -> None:
        nodes = self.nodes_at(line, column)
        if isinstance(edit, SetActivation):
            self.set_activation(nodes, edit.activation)
        elif isinstance(edit, SetLoss):
            self.set_loss(nodes, edit)
        elif isinstance(edit, DropKeyword):
            self.drop_keyword(nodes, edit.keyword)
        elif isinstance(edit, SetMetric):
            self.set_metric(nodes, edit)
        elif isinstance(edit, SetUnits):
            self.set_units(nodes, edit.units)
        elif isinstance(edit, ThresholdInsteadOfArgmax):
            self.threshold_argmax(nodes, edit)
        else:
            self.set_threshold(nodes, edit.value)

    # activation -------------------------------------------------------------------------
    def set_activation(self, nodes: list[cst.CSTNode], activation: str) -> None:
        keras_name = "linear" if activation == "linear" else activation
        for node in nodes:
            if isinstance(node, cst.Call):
                if self._activation_call(node, activation):
                    return
                continue
            if isinstance(node, cst.SimpleString):
                self.plan.add(node, lambda n: _string(keras_name, n))  # type: ignore[arg-type]
                return
            if isinstance(node, cst.Name | cst.Attribute):
                if self.index.is_callee(node):
                    continue
                self.plan.add(node, lambda _: _string(keras_name))
                return
        raise CannotFixError("the activation is not written as a string, a name or a call")

    def _activation_call(self, call: cst.Call, activation: str) -> bool:
        name = _last_name(call.func)
        if name is None:
            return False
        origin = _origin(call.func, self.bindings) or ""
        torch = origin.startswith("torch")
        if name == "Dense" or name == "Conv1D" or name == "Conv2D":
            value = _string(activation)
            self.plan.add(call, lambda n: _set_keyword(n, "activation", value))  # type: ignore[arg-type]
            return True
        if name == "Activation":

            def rewrite(n: cst.CSTNode) -> cst.CSTNode:
                assert isinstance(n, cst.Call)
                args = list(n.args)
                for i, arg in enumerate(args):
                    if arg.keyword is None or arg.keyword.value == "activation":
                        args[i] = arg.with_changes(value=_string(activation, arg.value))
                        return n.with_changes(args=args)
                return n.with_changes(args=[cst.Arg(_string(activation))])

            self.plan.add(call, rewrite)
            return True
        if name in _KERAS_ACTIVATION_LAYERS and not torch:
            renamed = _rename(call, "Activation", self.bindings, self.plan)
            self.plan.add(call, lambda _: renamed.with_changes(args=[cst.Arg(_string(activation))]))
            return True
        if name in _TORCH_ACTIVATION_MODULES.values() or name in ("ReLU", "Tanh", "GELU"):
            if not torch:
                return False
            module = _TORCH_ACTIVATION_MODULES[activation]
            if module == "Identity" and self._drop_from_sequential(call):
                return True

            def rewrite_module(n: cst.CSTNode) -> cst.CSTNode:
                assert isinstance(n, cst.Call)
                renamed = _rename(n, module, self.bindings, self.plan)
                if module in ("Softmax", "LogSoftmax"):
                    if not renamed.args:
                        return _set_keyword(renamed, "dim", cst.Integer("1"))
                    return renamed
                return renamed.with_changes(args=[])

            self.plan.add(call, rewrite_module)
            return True
        if name in _ACTIVATION_FUNCTIONS:
            self._activation_function(call, name, activation)
            return True
        if name in ("Linear", "LazyLinear") and torch:
            raise CannotFixError(
                f"add {activation} where forward() returns the outputs (or use nn.Sequential)"
            )
        return False

    def _drop_from_sequential(self, module: cst.Call) -> bool:
        """Remove the activation module ``module`` from the ``nn.Sequential(...)`` it is an
        argument of; ``False`` when it is not one."""
        arg = self.index.parent.get(module)
        sequential = self.index.parent.get(arg) if arg is not None else None
        if not isinstance(arg, cst.Arg) or not isinstance(sequential, cst.Call):
            return False
        if _last_name(sequential.func) != "Sequential" or len(sequential.args) < 2:
            return False
        position = next(i for i, item in enumerate(sequential.args) if item is arg)

        def rewrite(n: cst.CSTNode) -> cst.CSTNode:
            assert isinstance(n, cst.Call)
            return _drop_args(n, lambda i, _: i != position)

        self.plan.add(sequential, rewrite)
        return True

    def _activation_function(self, call: cst.Call, name: str, activation: str) -> None:
        function = _is_module_function(call, self.bindings)
        if activation == "linear":
            if function:
                if not call.args:
                    raise CannotFixError(f"{name}() has no input to keep")
                keep = call.args[0].value
            else:
                assert isinstance(call.func, cst.Attribute)
                keep = call.func.value
            self.plan.add(call, lambda _: keep)
            return

        def rewrite(n: cst.CSTNode) -> cst.CSTNode:
            assert isinstance(n, cst.Call)
            renamed = _rename(n, activation, self.bindings, self.plan)
            if activation == "sigmoid":  # one input, no dim
                if function:
                    return _drop_args(renamed, lambda i, arg: i == 0 and arg.keyword is None)
                return renamed.with_changes(args=[])
            if name == "sigmoid" or not renamed.args or (function and len(renamed.args) == 1):
                return _set_keyword(renamed, "dim", cst.Integer("1"))
            return renamed

        self.plan.add(call, rewrite)

    # loss ---------------------------------------------------------------------------------
    def set_loss(self, nodes: list[cst.CSTNode], edit: SetLoss) -> None:
        for node in nodes:
            if isinstance(node, cst.Call) and _last_name(node.func) is not None:
                self._loss_call(node, edit)
                return
            if isinstance(node, cst.SimpleString | cst.Name | cst.Attribute):
                if self.index.is_callee(node):
                    continue
                self._loss_reference(node, edit)
                return
        raise CannotFixError("the loss is not written as a string, a name or a call")

    def _loss_name(self, current: str, wanted: str | None) -> str:
        if wanted is None:
            return current
        if wanted in _TORCH_LOSS_FUNCTIONS:  # torch: class or function, as written
            return wanted if current[:1].isupper() else _TORCH_LOSS_FUNCTIONS[wanted]
        if current[:1].isupper():
            if wanted not in _KERAS_LOSS_CLASSES:
                raise CannotFixError(f"no Keras loss class for {wanted}")
            return _KERAS_LOSS_CLASSES[wanted]
        return wanted

    def _loss_call(self, call: cst.Call, edit: SetLoss) -> None:
        current = _last_name(call.func) or ""
        new_name = self._loss_name(current, edit.loss)
        if (
            edit.from_logits is not None
            and any(arg.keyword is None for arg in call.args)
            and current[:1].isupper()
        ):
            raise CannotFixError("from_logits is passed by position; pass it by keyword")

        def rewrite(n: cst.CSTNode) -> cst.CSTNode:
            assert isinstance(n, cst.Call)
            out = n
            if new_name != current:
                out = _rename(out, new_name, self.bindings, self.plan)
            if edit.from_logits:
                out = _set_keyword(out, "from_logits", cst.Name("True"))
            elif edit.from_logits is False and _has_keyword(out, "from_logits"):
                out = _drop_keyword(out, "from_logits")
            return out

        self.plan.add(call, rewrite)

    def _loss_reference(self, node: cst.CSTNode, edit: SetLoss) -> None:
        if isinstance(node, cst.SimpleString):
            current = node.evaluated_value if isinstance(node.evaluated_value, str) else ""
        else:
            current = _last_name(node) or ""  # type: ignore[arg-type]
        function = edit.loss or current
        if current[:1].isupper():
            lowered = {v: k for k, v in _KERAS_LOSS_CLASSES.items()}
            function = edit.loss or lowered.get(current, current)
        if edit.from_logits:
            cls = _KERAS_LOSS_CLASSES.get(function)
            if cls is None:
                raise CannotFixError(f"no Keras loss class for {function}")
            func = _spelled(self.bindings, f"{self.bindings.keras_root}.losses", cls, self.plan)
            built = _call(func, [("from_logits", True)])
            self.plan.add(node, _constant(built))
            return
        like = node if isinstance(node, cst.SimpleString) else None
        self.plan.add(node, lambda _: _string(function, like))

    # keyword ------------------------------------------------------------------------------
    def drop_keyword(self, nodes: list[cst.CSTNode], keyword: str) -> None:
        """Drop ``keyword=`` from the call written here, or from the call whose argument
        (the keyword's value) is written here."""
        for start in nodes:
            node: cst.CSTNode | None = start
            while node is not None and not isinstance(node, cst.Call):
                node = self.index.parent.get(node)
            if isinstance(node, cst.Call) and _has_keyword(node, keyword):
                self.plan.add(node, lambda n: _drop_keyword(n, keyword))  # type: ignore[arg-type]
                return
        raise CannotFixError(f"no call with {keyword}= is written here")

    # metric -------------------------------------------------------------------------------
    def set_metric(self, nodes: list[cst.CSTNode], edit: SetMetric) -> None:
        for node in nodes:
            if isinstance(node, cst.Call) and _last_name(node.func) is not None:
                current = _last_name(node.func) or ""

                def rewrite(n: cst.CSTNode, current: str = current) -> cst.CSTNode:
                    assert isinstance(n, cst.Call)
                    out = n
                    if current != edit.metric:
                        out = _rename(out, edit.metric, self.bindings, self.plan)
                    for key, value in edit.keywords:
                        if key == "name" and _has_keyword(out, "name"):
                            continue
                        out = _set_keyword(out, key, _literal(value))
                    return out

                self.plan.add(node, rewrite)
                self._exact_match(node, edit)
                self._one_item_a_line(node, edit)
                return
            if isinstance(node, cst.SimpleString | cst.Name | cst.Attribute):
                if self.index.is_callee(node):
                    continue
                module = f"{self.bindings.keras_root}.metrics"
                func = _spelled(self.bindings, module, edit.metric, self.plan)
                built = _call(func, edit.keywords)
                self.plan.add(node, _constant(built))
                self._exact_match(node, edit)
                self._one_item_a_line(node, edit)
                return
        raise CannotFixError("the metric is not written as a string, a name or a call")

    def _one_item_a_line(self, node: cst.CSTNode, edit: SetMetric) -> None:
        """Lay the list of metrics out one item a line when the rewritten item would make
        its line longer than 99 characters (the list was on one line)."""
        item = self.index.list_item(node)
        if item is None or not isinstance(item[1], cst.List):
            return
        container = item[1]
        first, last = self.index.lines.get(container, (0, -1))
        if first != last:
            return
        line = self.module.code.splitlines()[first - 1]
        added = len(edit.metric) + sum(len(f"{k}={v!r}, ") for k, v in edit.keywords) + 16
        if edit.exact_match is not None:
            added += len(", exact_match_accuracy")
        if len(line) + added <= 99:
            return
        outer = line[: len(line) - len(line.lstrip())]  # the indentation of the list's line
        self.plan.add(container, lambda n: _exploded(n, outer))  # type: ignore[arg-type]

    def _exact_match(self, node: cst.CSTNode, edit: SetMetric) -> None:
        if edit.exact_match is None:
            return
        item = self.index.list_item(node)
        if item is None:
            raise CannotFixError("the metric is not an item of a list of metrics")
        element, container = item
        name = "exact_match_accuracy"

        def add_item(n: cst.CSTNode) -> cst.CSTNode:
            assert isinstance(n, cst.List | cst.Tuple)
            items = list(n.elements)
            position = next(i for i, item in enumerate(container.elements) if item is element)
            new = cst.Element(cst.Name(name), comma=items[position].comma)
            items[position] = items[position].with_changes(
                comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
            )
            items.insert(position + 1, new)
            return n.with_changes(elements=items)

        self.plan.add(container, add_item)
        statement = self._after_imports(self._top_statement(container))
        self.plan.before.setdefault(statement, []).extend(
            self._exact_match_function(edit.exact_match)
        )

    def _top_statement(self, node: cst.CSTNode) -> cst.CSTNode:
        current = node
        while True:
            parent = self.index.parent.get(current)
            if parent is None or isinstance(parent, cst.Module):
                return current
            current = parent

    def _after_imports(self, statement: cst.CSTNode) -> cst.CSTNode:
        """The first top-level statement that is not an import or the docstring, if it
        comes before ``statement`` (a definition goes after the imports)."""
        for top in self.module.body:
            if top is statement:
                return statement
            if isinstance(top, cst.SimpleStatementLine) and all(
                isinstance(small, cst.Import | cst.ImportFrom)
                or (isinstance(small, cst.Expr) and isinstance(small.value, cst.SimpleString))
                for small in top.body
            ):
                continue
            return top
        return statement

    def _exact_match_function(self, threshold: float) -> list[cst.BaseStatement]:
        root = self.bindings.keras_root
        if root == "keras":  # Keras 3: backend-agnostic ops
            body = (
                "    from keras import ops\n\n"
                f"    predicted = ops.cast(ops.greater(y_pred, {threshold}), y_true.dtype)\n"
                "    every_label = ops.all(ops.equal(predicted, y_true), axis=-1)\n"
                '    return ops.cast(every_label, "float32")\n'
            )
        else:
            body = (
                "    import tensorflow as tf\n\n"
                f"    predicted = tf.cast(y_pred > {threshold}, y_true.dtype)\n"
                "    every_label = tf.reduce_all(tf.equal(predicted, y_true), axis=-1)\n"
                '    return tf.cast(every_label, "float32")\n'
            )
        code = (
            "def exact_match_accuracy(y_true, y_pred):\n"
            '    """Share of samples with every label right (added by headcheck --fix)."""\n'
            + body
            + "\n\n"
        )
        return list(cst.parse_module(code).body)

    # units, thresholds --------------------------------------------------------------------
    def set_units(self, nodes: list[cst.CSTNode], units: int) -> None:
        for node in nodes:
            if isinstance(node, cst.Integer):
                self.plan.add(node, lambda _: cst.Integer(str(units)))
                return
        raise CannotFixError("the number of units is not written as an integer here")

    def threshold_argmax(self, nodes: list[cst.CSTNode], edit: ThresholdInsteadOfArgmax) -> None:
        for node in nodes:
            if not isinstance(node, cst.Call):
                continue
            name = _last_name(node.func)
            if name in ("max", "amax"):
                raise CannotFixError(
                    "max() returns values and indices here; threshold the single column by "
                    f"hand: (outputs[:, 0] > {edit.threshold})"
                )
            if name != "argmax":
                continue
            function = _is_module_function(node, self.bindings)
            keywords = {arg.keyword.value for arg in node.args if arg.keyword is not None}
            if function:
                origin = (_origin(node.func, self.bindings) or "").split(".")[0]
                if origin not in ("numpy", "torch") or not node.args:
                    raise CannotFixError("threshold the single output column by hand")
                subject = node.args[0].value
                torch = origin == "torch"
            else:
                assert isinstance(node.func, cst.Attribute)
                subject = node.func.value
                torch = "dim" in keywords or ("axis" not in keywords and edit.framework == "torch")
            code = self.module.code_for_node(subject)
            cast = ".long()" if torch else ".astype(int)"
            built = cst.parse_expression(f"({code}[:, 0] > {edit.threshold!r}){cast}")
            self.plan.add(node, _constant(built))
            return
        raise CannotFixError("no argmax call is written here")

    def set_threshold(self, nodes: list[cst.CSTNode], value: float) -> None:
        for node in nodes:
            if not isinstance(node, cst.Comparison):
                continue
            for part in (node.left, *(target.comparator for target in node.comparisons)):
                if isinstance(part, cst.Float | cst.Integer) and float(part.value) == 0.5:
                    self.plan.add(part, lambda _: cst.Float(repr(float(value))))
                    return
        raise CannotFixError("no comparison with 0.5 is written here")


def apply_edits(code: str, edits: Sequence[tuple[int, int, Edit]], bindings: Bindings) -> str:
    """``code`` with ``edits`` applied; each is ``(line, column, edit)``, 1-based line and
    0-based character column of the node the edit names.

    >>> from headcheck.facts import Location
    >>> src = 'model.add(Dense(1, activation="softmax"))  # head\\n'
    >>> apply_edits(src, [(1, 30, SetActivation(Location(), "sigmoid"))], Bindings())
    'model.add(Dense(1, activation="sigmoid"))  # head\\n'
    """
    try:
        module = cst.parse_module(code)
    except cst.ParserSyntaxError as exc:
        raise CannotFixError(f"LibCST cannot parse this code: {exc.message}") from None
    wrapper = MetadataWrapper(module)
    index = _Index()
    wrapper.visit(index)
    applier = _Applier(wrapper.module, index, bindings)
    for line, column, edit in edits:
        applier.apply(line, column, edit)
    plan = applier.plan
    fixed = wrapper.module.visit(_Rewriter(plan))
    if plan.imports:
        context = CodemodContext()
        for module_name, symbol in sorted(plan.imports):
            AddImportsVisitor.add_needed_import(context, module_name, symbol)
        fixed = AddImportsVisitor(context).transform_module(fixed)
    return fixed.code
