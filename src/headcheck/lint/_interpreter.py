"""A small abstract interpreter for one module: the data flow the rules need.

It walks statements top to bottom (both branches of an ``if``, loop bodies once), binds
names to abstract values (:mod:`headcheck.lint._values`), follows calls of functions and
classes defined in the module (bounded depth, no recursion), and lets the framework modules
(:mod:`._keras`, :mod:`._torch`, :mod:`._common`) say what calls of framework symbols
produce. It never imports or runs the code it reads. Afterwards, module-level functions
that were never called are walked once with unknown arguments.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from headcheck.lint import _common, _keras, _torch
from headcheck.lint._datasets import dataset_attribute
from headcheck.lint._labels import labels_of
from headcheck.lint._names import canonical, import_bindings
from headcheck.lint._values import (
    UNKNOWN,
    Bound,
    ClassVal,
    Const,
    FuncVal,
    HeadInfo,
    Instance,
    KLayer,
    LabelVal,
    ListVal,
    LossUse,
    LossVal,
    Pos,
    Record,
    Ref,
    Tensor,
    TLayer,
    Value,
)

__all__ = ["Analyser", "Args", "analyse"]

_MAX_DEPTH = 12
_MAX_STEPS = 400_000


class _OutOfBudgetError(Exception):
    """The module is too large or too convoluted to follow within the step budget."""


def pos_of(node: ast.AST) -> Pos:
    """1-based line and column of a node."""
    return (node.lineno, node.col_offset + 1) if isinstance(node, ast.expr | ast.stmt) else (1, 1)


@dataclass
class Args:
    """The evaluated arguments of one call, with their nodes (for positions)."""

    node: ast.Call
    values: list[Value]
    nodes: list[ast.expr]
    kw: dict[str, Value]
    kw_nodes: dict[str, ast.expr]

    @property
    def pos(self) -> Pos:
        return pos_of(self.node)

    def get(self, index: int | None, name: str | None) -> Value | None:
        """The argument given by keyword ``name`` or at position ``index``; ``None`` if absent."""
        if name is not None and name in self.kw:
            return self.kw[name]
        if index is not None and index < len(self.values):
            return self.values[index]
        return None

    def pos_at(self, index: int | None, name: str | None) -> Pos:
        """Where that argument is written (the call itself when it is absent)."""
        if name is not None and name in self.kw_nodes:
            return pos_of(self.kw_nodes[name])
        if index is not None and index < len(self.nodes):
            return pos_of(self.nodes[index])
        return self.pos

    def const(self, index: int | None, name: str | None) -> object:
        """The literal value of that argument, or ``UNKNOWN``."""
        value = self.get(index, name)
        return value.value if isinstance(value, Const) else UNKNOWN


@dataclass
class Frame:
    """Local names of one function call (the module's names live in ``Analyser.globals``)."""

    names: dict[str, Value] = field(default_factory=dict)
    returns: list[Value] = field(default_factory=list)
    parent: Frame | None = None


class Analyser:
    """Interprets one module and collects the model :class:`Record` objects it builds."""

    def __init__(self, *, keras_file: bool) -> None:
        self.module = Frame()
        self.stars: list[str] = []
        self.records: list[Record] = []
        self.keras_file = keras_file
        self.closures: dict[ast.AST, Frame] = {}
        self.called: set[ast.AST] = set()
        self.active: set[ast.AST] = set()
        self.steps = 0

    # ---- records -------------------------------------------------------------------------
    def new_record(self, record: Record) -> Record:
        self.records.append(record)
        return record

    def call_record(self, record: Record) -> Tensor:
        """``model(x)`` / ``model.predict(x)``: the model's outputs."""
        record.used = True
        return Tensor(record.head(), record, raw=True)

    def derive(self, value: Value, activation: str | None, pos: Pos) -> Tensor:
        """``activation(value)``: a tensor whose last op is that activation (``None``: unknown)."""
        record = value.record if isinstance(value, Tensor) else None
        if activation is None:
            return Tensor(None, record, raw=False)
        head = value.head if isinstance(value, Tensor) else None
        if head is None:
            head = HeadInfo(activation=activation, activation_pos=pos, pos=pos)
        else:
            head = head.with_activation(activation, pos)
        return Tensor(head, record, raw=False)

    def postprocess(self, kind: str, value: Value, pos: Pos) -> None:
        """Record a post-processing step on a model's outputs (thresholds only on raw ones)."""
        if not isinstance(value, Tensor) or value.record is None:
            return
        if kind != "argmax" and not value.raw:
            return
        value.record.postprocess.append((kind, pos))

    def use_loss(self, loss: LossVal, output: Value, target: Value | None) -> None:
        """A loss applied to a model's outputs."""
        if not isinstance(output, Tensor) or output.record is None:
            return
        labels = labels_of(target) if target is not None else None
        output.record.uses.append(LossUse(loss, output.head, labels, output.raw))

    # ---- statements ----------------------------------------------------------------------
    def run(self, tree: ast.Module) -> None:
        self.block(tree.body, self.module)
        for value in list(self.module.names.values()):
            if isinstance(value, FuncVal) and value.node not in self.called:
                self.call_function(value, None, None)

    def block(self, body: list[ast.stmt], frame: Frame) -> None:
        for stmt in body:
            self.stmt(stmt, frame)

    def stmt(self, node: ast.stmt, frame: Frame) -> None:
        self.tick()
        if isinstance(node, ast.Assign):
            value = self.eval(node.value, frame)
            for target in node.targets:
                self.bind(target, value, frame)
        elif isinstance(node, ast.AnnAssign):
            if node.value is not None:
                self.bind(node.target, self.eval(node.value, frame), frame)
        elif isinstance(node, ast.AugAssign):
            self.eval(node.value, frame)
            if isinstance(node.target, ast.Name):
                frame.names[node.target.id] = UNKNOWN
        elif isinstance(node, ast.Expr):
            self.eval(node.value, frame)
        elif isinstance(node, ast.Return):
            frame.returns.append(
                self.eval(node.value, frame) if node.value is not None else Const(None)
            )
        elif isinstance(node, ast.If | ast.While):
            self.eval(node.test, frame)
            self.block(node.body, frame)
            self.block(node.orelse, frame)
        elif isinstance(node, ast.For | ast.AsyncFor):
            self.eval(node.iter, frame)
            self.bind(node.target, UNKNOWN, frame)
            self.block(node.body, frame)
            self.block(node.orelse, frame)
        elif isinstance(node, ast.With | ast.AsyncWith):
            for item in node.items:
                self.eval(item.context_expr, frame)
                if item.optional_vars is not None:
                    self.bind(item.optional_vars, UNKNOWN, frame)
            self.block(node.body, frame)
        elif isinstance(node, ast.Try | ast.TryStar):
            self.block(node.body, frame)
            for handler in node.handlers:
                if handler.name:
                    frame.names[handler.name] = UNKNOWN
                self.block(handler.body, frame)
            self.block(node.orelse, frame)
            self.block(node.finalbody, frame)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            frame.names[node.name] = FuncVal(node)
            if frame is not self.module:
                self.closures[node] = frame
        elif isinstance(node, ast.ClassDef):
            frame.names[node.name] = self.class_def(node, frame)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            for local, qualified in import_bindings(node):
                if local == "*":
                    self.stars.append(qualified)
                else:
                    frame.names[local] = Ref(qualified)
        elif isinstance(node, ast.Match):
            self.eval(node.subject, frame)
            for case in node.cases:
                self.block(case.body, frame)

    def class_def(self, node: ast.ClassDef, frame: Frame) -> ClassVal:
        bases = tuple(self.eval(base, frame) for base in node.bases)
        kind = "plain"
        for base in bases:
            if isinstance(base, Ref) and base.name in (
                "torch.nn.Module",
                "torch.nn.modules.Module",
            ):
                kind = "torch"
            elif isinstance(base, Ref) and base.name in (
                "keras.Model",
                "keras.models.Model",
                "keras.Sequential",
                "keras.models.Sequential",
            ):
                kind = "keras"
            elif isinstance(base, ClassVal) and base.kind != "plain":
                kind = base.kind
        methods = {
            stmt.name: FuncVal(stmt)
            for stmt in node.body
            if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef)
        }
        for base in reversed(bases):
            if isinstance(base, ClassVal):
                methods = {**base.methods, **methods}
        return ClassVal(node, kind, methods, bases)

    def bind(self, target: ast.expr, value: Value, frame: Frame) -> None:
        if isinstance(target, ast.Name):
            frame.names[target.id] = value
        elif isinstance(target, ast.Tuple | ast.List):
            items = value.items if isinstance(value, ListVal) else None
            if items is not None and len(items) == len(target.elts):
                for element, item in zip(target.elts, items, strict=True):
                    self.bind(element, item, frame)
            else:
                for element in target.elts:
                    self.bind(element, UNKNOWN, frame)
        elif isinstance(target, ast.Starred):
            self.bind(target.value, UNKNOWN, frame)
        elif isinstance(target, ast.Attribute):
            owner = self.eval(target.value, frame)
            if isinstance(owner, Record | Instance):
                owner.attrs[target.attr] = value
        elif isinstance(target, ast.Subscript):
            self.eval(target.value, frame)

    # ---- expressions ---------------------------------------------------------------------
    def tick(self) -> None:
        self.steps += 1
        if self.steps > _MAX_STEPS:
            raise _OutOfBudgetError

    def lookup(self, name: str, frame: Frame) -> Value:
        scope: Frame | None = frame
        while scope is not None:
            if name in scope.names:
                return scope.names[name]
            scope = scope.parent
        if name in self.module.names:
            return self.module.names[name]
        for module in self.stars:
            if module.split(".", 1)[0] in ("keras", "tf", "torch", "numpy"):
                return Ref(canonical(f"{module}.{name}"))
        return UNKNOWN

    def eval(self, node: ast.expr, frame: Frame) -> Value:
        """The abstract value of an expression (dispatch on the node type)."""
        handler = _EVAL.get(type(node))
        return handler(self, node, frame) if handler is not None else UNKNOWN

    def _constant(self, node: ast.Constant, frame: Frame) -> Value:
        return Const(node.value, (node.lineno, node.col_offset + 1))

    def _name(self, node: ast.Name, frame: Frame) -> Value:
        value = self.lookup(node.id, frame)
        if isinstance(value, Ref):
            return Ref(value.name, (node.lineno, node.col_offset + 1))
        return value

    def _attribute(self, node: ast.Attribute, frame: Frame) -> Value:
        return self.attribute(self.eval(node.value, frame), node.attr, node)

    def _sequence(self, node: ast.List | ast.Tuple, frame: Frame) -> Value:
        items = [self.eval(e, frame) for e in node.elts]
        if any(isinstance(e, ast.Starred) for e in node.elts):
            return UNKNOWN
        return ListVal(items)

    def _subscript(self, node: ast.Subscript, frame: Frame) -> Value:
        return self.subscript(self.eval(node.value, frame), node, frame)

    def _unary(self, node: ast.UnaryOp, frame: Frame) -> Value:
        operand = self.eval(node.operand, frame)
        if isinstance(operand, Const) and type(operand.value) in (int, float):
            if isinstance(node.op, ast.USub):
                return Const(-operand.value, pos_of(node))
            if isinstance(node.op, ast.UAdd):
                return operand
        return UNKNOWN

    def _binary(self, node: ast.BinOp, frame: Frame) -> Value:
        self.eval(node.left, frame)
        self.eval(node.right, frame)
        return UNKNOWN

    def _boolean(self, node: ast.BoolOp, frame: Frame) -> Value:
        for value in node.values:
            self.eval(value, frame)
        return UNKNOWN

    def _if_expression(self, node: ast.IfExp, frame: Frame) -> Value:
        self.eval(node.test, frame)
        body, orelse = self.eval(node.body, frame), self.eval(node.orelse, frame)
        return body if body == orelse else UNKNOWN

    def _named(self, node: ast.NamedExpr, frame: Frame) -> Value:
        value = self.eval(node.value, frame)
        self.bind(node.target, value, frame)
        return value

    def _await(self, node: ast.Await, frame: Frame) -> Value:
        return self.eval(node.value, frame)

    def _dict(self, node: ast.Dict, frame: Frame) -> Value:
        for item in node.values:
            self.eval(item, frame)
        return UNKNOWN

    def attribute(self, owner: Value, name: str, node: ast.AST) -> Value:
        if isinstance(owner, Ref):
            qualified = canonical(f"{owner.name}.{name}")
            return dataset_attribute(qualified) or Ref(qualified, pos_of(node))
        if isinstance(owner, Record | Instance):
            if name in owner.attrs:
                return owner.attrs[name]
            return Bound(owner, name)
        if isinstance(owner, Tensor):
            return owner if name == "data" else Bound(owner, name)
        if isinstance(owner, LabelVal | ListVal) or owner is UNKNOWN:
            return Bound(owner, name)
        return UNKNOWN

    def subscript(self, base: Value, node: ast.Subscript, frame: Frame) -> Value:
        index = self.eval(node.slice, frame)
        if isinstance(base, Tensor):
            return base
        if isinstance(base, LabelVal) and isinstance(node.slice, ast.Slice):
            return base
        if (
            isinstance(base, ListVal)
            and isinstance(index, Const)
            and type(index.value) is int
            and -len(base.items) <= index.value < len(base.items)
        ):
            item: Value = base.items[index.value]
            return item
        return UNKNOWN

    def compare(self, node: ast.Compare, frame: Frame) -> Value:
        left = self.eval(node.left, frame)
        rights = [self.eval(c, frame) for c in node.comparators]
        if len(rights) == 1 and isinstance(node.ops[0], ast.Gt | ast.GtE | ast.Lt | ast.LtE):
            right = rights[0]
            for tensor, other in ((left, right), (right, left)):
                if (
                    isinstance(tensor, Tensor)
                    and isinstance(other, Const)
                    and type(other.value) in (int, float)
                    and other.value == 0.5
                ):
                    self.postprocess("threshold_0.5", tensor, pos_of(node))
        return UNKNOWN

    # ---- calls ---------------------------------------------------------------------------
    def call_node(self, node: ast.Call, frame: Frame) -> Value:
        self.tick()
        func = self.eval(node.func, frame)
        values: list[Value] = []
        nodes: list[ast.expr] = []
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                self.eval(arg.value, frame)
                values.append(UNKNOWN)
            else:
                values.append(self.eval(arg, frame))
            nodes.append(arg)
        kw: dict[str, Value] = {}
        kw_nodes: dict[str, ast.expr] = {}
        for keyword in node.keywords:
            value = self.eval(keyword.value, frame)
            if keyword.arg is not None:
                kw[keyword.arg] = value
                kw_nodes[keyword.arg] = keyword.value
        return self.call(func, Args(node, values, nodes, kw, kw_nodes))

    def call(self, func: Value, args: Args) -> Value:
        if isinstance(func, Ref):
            for handler in (_keras.call_ref, _torch.call_ref, _common.call_ref):
                result = handler(self, func.name, args)
                if result is not None:
                    return result
            return UNKNOWN
        if isinstance(func, FuncVal):
            return self.call_function(func, args, None)
        if isinstance(func, ClassVal):
            return self.instantiate(func, args)
        if isinstance(func, Record):
            return self.call_record(func)
        if isinstance(func, KLayer):
            return _keras.apply_layer(self, func, args.get(0, "inputs"))
        if isinstance(func, TLayer):
            return _torch.apply_module(self, func, args.get(0, "input"))
        if isinstance(func, LossVal):
            if func.loss is not None and func.loss.framework == "keras":
                self.use_loss(func, args.get(1, "y_pred"), args.get(0, "y_true"))
            else:
                self.use_loss(func, args.get(0, "input"), args.get(1, "target"))
            return UNKNOWN
        if isinstance(func, Bound):
            return self.call_method(func.obj, func.name, args)
        return UNKNOWN

    def call_method(self, owner: Value, name: str, args: Args) -> Value:
        if isinstance(owner, Record | Instance) and owner.cls is not None:
            method = owner.cls.methods.get(name)
            if method is not None:
                return self.call_function(method, args, owner)
        if isinstance(owner, Record):
            if owner.framework == "keras":
                return _keras.record_method(self, owner, name, args)
            return _torch.record_method(owner, name)
        if isinstance(owner, Tensor):
            return _common.tensor_method(self, owner, name, args)
        if isinstance(owner, LabelVal):
            return _common.label_method(owner, name, args)
        if isinstance(owner, ListVal):
            if name == "append" and len(args.values) == 1:
                owner.items.append(args.values[0])
            return UNKNOWN
        if owner is UNKNOWN:
            return _common.unknown_method(self, name, args)
        return UNKNOWN

    def instantiate(self, cls: ClassVal, args: Args) -> Value:
        owner: Record | Instance
        if cls.kind in ("torch", "keras"):
            framework: Literal["keras", "torch"] = "torch" if cls.kind == "torch" else "keras"
            owner = self.new_record(Record(framework, args.pos, cls=cls, head_of=self.forward_head))
        else:
            owner = Instance(cls)
        init = cls.methods.get("__init__")
        if init is not None:
            self.call_function(init, args, owner)
        return owner

    def forward_head(self, record: Record) -> HeadInfo | None:
        """The head of a subclassed model: what ``forward``/``call`` returns."""
        if record.cls is None:
            return None
        method = record.cls.methods.get("forward" if record.framework == "torch" else "call")
        if method is None or method.node in self.active:
            return None
        out = self.call_function(method, None, record, first=Tensor(None))
        return out.head if isinstance(out, Tensor) else None

    def call_function(
        self,
        func: FuncVal,
        args: Args | None,
        owner: Value | None,
        first: Value | None = None,
    ) -> Value:
        node = func.node
        self.called.add(node)
        if node in self.active or len(self.active) >= _MAX_DEPTH:
            return UNKNOWN
        frame = Frame(parent=self.closures.get(node))
        self.bind_parameters(node.args, args, owner, first, frame)
        self.active.add(node)
        try:
            self.block(node.body, frame)
        finally:
            self.active.discard(node)
        if not frame.returns:
            return Const(None)
        result = frame.returns[0]
        return result if all(r == result for r in frame.returns[1:]) else UNKNOWN

    def bind_parameters(
        self,
        spec: ast.arguments,
        args: Args | None,
        owner: Value | None,
        first: Value | None,
        frame: Frame,
    ) -> None:
        params = [*spec.posonlyargs, *spec.args]
        values: list[Value] = list(args.values) if args is not None else []
        if owner is not None:
            values.insert(0, owner)
        if first is not None:
            values.insert(1 if owner is not None else 0, first)
        defaults: list[ast.expr | None] = [None] * (len(params) - len(spec.defaults))
        defaults.extend(spec.defaults)
        keywords = args.kw if args is not None else {}
        for index, param in enumerate(params):
            if index < len(values):
                value = values[index]
            elif param.arg in keywords:
                value = keywords[param.arg]
            else:
                default = defaults[index]
                value = self.eval(default, self.module) if default is not None else UNKNOWN
            frame.names[param.arg] = value
        for param, kw_default in zip(spec.kwonlyargs, spec.kw_defaults, strict=True):
            if param.arg in keywords:
                frame.names[param.arg] = keywords[param.arg]
            elif kw_default is not None:
                frame.names[param.arg] = self.eval(kw_default, self.module)
            else:
                frame.names[param.arg] = UNKNOWN
        if spec.vararg is not None:
            frame.names[spec.vararg.arg] = ListVal(values[len(params) :])
        if spec.kwarg is not None:
            frame.names[spec.kwarg.arg] = UNKNOWN


_EVAL: dict[type[ast.AST], Callable[[Analyser, Any, Frame], Value]] = {
    ast.Constant: Analyser._constant,
    ast.Name: Analyser._name,
    ast.Attribute: Analyser._attribute,
    ast.Call: Analyser.call_node,
    ast.List: Analyser._sequence,
    ast.Tuple: Analyser._sequence,
    ast.Subscript: Analyser._subscript,
    ast.Compare: Analyser.compare,
    ast.UnaryOp: Analyser._unary,
    ast.BinOp: Analyser._binary,
    ast.BoolOp: Analyser._boolean,
    ast.IfExp: Analyser._if_expression,
    ast.NamedExpr: Analyser._named,
    ast.Await: Analyser._await,
    ast.Dict: Analyser._dict,
}


def analyse(tree: ast.Module, *, keras_file: bool) -> list[Record]:
    """Every model the module builds, with what the code does with it."""
    analyser = Analyser(keras_file=keras_file)
    try:
        analyser.run(tree)
    except (_OutOfBudgetError, RecursionError):
        return []
    return analyser.records
