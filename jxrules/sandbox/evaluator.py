"""Evaluating a vetted expression: simpleeval's tree walk with the sandbox's budget and limits.

The tree is parsed and vetted once, at load (:mod:`.vet`); each evaluation walks it with an
:class:`_Evaluator` that charges every node and the work hidden inside one (comparing, copying
or passing a big value), stops at a deadline, and reads attributes of report records only.
"""

from __future__ import annotations

import ast
import threading
import time
import types
from collections.abc import Iterable, Mapping
from typing import Any

import simpleeval

from jxrules.errors import ExpressionError
from jxrules.sandbox.failures import fail, not_a_value, over_budget, over_time, undefined_name
from jxrules.sandbox.helpers import _CONSTANT_TIME, _OPERATORS, FUNCTIONS, KEYWORDS
from jxrules.sandbox.limits import (
    _SCALARS,
    CHARS_PER_OPERATION,
    MAX_SIZE,
    HashGuard,
    Limits,
    _shallow,
    _too_large,
    check_hashing,
    limits_from_params,
    weight,
)
from jxrules.sandbox.values import OrderedSet, Record, _num
from jxrules.sandbox.vet import CompiledExpression


class _Evaluator(simpleeval.EvalWithCompoundTypes):  # type: ignore[misc]
    """simpleeval with an operation budget, a deadline and attribute access limited to Records."""

    def __init__(self, names: Mapping[str, Any], limits: Limits) -> None:
        super().__init__(operators=dict(_OPERATORS), functions=dict(FUNCTIONS), names=names)
        self.functions = dict(FUNCTIONS)
        self.busy = False
        self.reset(names, limits)

    def reset(self, names: Mapping[str, Any], limits: Limits) -> None:
        """Make a pooled evaluator ready for a new evaluation (fresh budget, deadline, scopes)."""
        self.names = names
        self.budget = limits.operations
        self.limit = limits.operations
        self.deadline = time.perf_counter() + limits.seconds
        self.seconds = limits.seconds
        self.ticks = 0
        self._max_count = 0
        self.scopes: list[dict[str, Any]] = []
        self.weights: dict[int, tuple[Any, int]] = {}

    # -- accounting
    def charge(self, cost: int) -> None:
        self.budget -= cost
        if self.budget < 0:
            raise over_budget(self.limit)

    def charge_deep(self, *values: Any) -> None:
        """Charge the work of walking ``values`` deeply (comparing them, passing them on)."""
        cost = 0
        for value in values:
            kind = type(value)
            if kind is str:
                cost += 1 + len(value) // CHARS_PER_OPERATION
            elif kind in _SCALARS:
                cost += 1
            else:
                cost += self.weight_of(value)
        self.charge(cost)

    def weight_of(self, value: Any) -> int:
        """:func:`weight` of a container, worked out once per evaluation: nothing an expression
        can do changes a value, and ``x in params.words`` over every row weighs the same list."""
        found = self.weights.get(id(value))
        if found is not None and found[0] is value:
            return found[1]
        cost = weight(value, max(self.budget, 0) + 1)
        self.weights[id(value)] = (value, cost)  # the value kept, so its id is not reused
        return cost

    def _eval(self, node: ast.AST) -> Any:
        """simpleeval's dispatch, each node charged; the deadline looked at every 256 nodes."""
        self.budget -= 1
        if self.budget < 0:
            raise over_budget(self.limit)
        self.ticks += 1
        if not self.ticks & 0xFF and time.perf_counter() > self.deadline:
            raise over_time(self.seconds)
        handler = self.nodes.get(type(node))
        if handler is None:  # pragma: no cover - vetted out at load
            raise simpleeval.FeatureNotAvailable(f"{type(node).__name__} is not available")
        result = handler(node)
        # Shallow on purpose (simpleeval's own check walks big values deeply at every node):
        # only report data, literals and helper results reach here, and none may be callable.
        if callable(result) or isinstance(result, types.ModuleType):
            raise not_a_value()
        return result

    # -- nodes
    def _eval_constant(self, node: ast.Constant) -> Any:
        return _num(super()._eval_constant(node))

    def _eval_name(self, node: ast.Name) -> Any:
        for scope in reversed(self.scopes):
            if node.id in scope:
                return scope[node.id]
        try:
            return self.names[node.id]
        except (KeyError, TypeError):
            pass
        if node.id in self.functions:
            raise ExpressionError(f"函数 “{node.id}” 只能调用，不能当作值使用")
        raise undefined_name(node.id)

    def _eval_attribute(self, node: ast.Attribute) -> Any:
        target = self._eval(node.value)
        if not isinstance(target, Record):
            raise ExpressionError(f"不能对 {type(target).__name__} 取属性 “{node.attr}”")
        if node.attr not in target:
            raise ExpressionError(f"没有字段 “{node.attr}” (no such field)")
        return target[node.attr]

    def _eval_subscript(self, node: ast.Subscript) -> Any:
        container = self._eval(node.value)
        key = self._eval(node.slice)
        if not isinstance(container, (Record, dict, list, tuple, str)):
            raise ExpressionError(f"不能对 {type(container).__name__} 取下标")
        result = container[key]
        if isinstance(key, slice):
            self.charge(_shallow(result))
        return result

    def _eval_binop(self, node: ast.BinOp) -> Any:
        left, right = self._eval(node.left), self._eval(node.right)
        result = self.operators[type(node.op)](left, right)  # sizes checked by _mul, _add...
        self.charge(_shallow(left) + _shallow(right) + _shallow(result))
        return result

    def _eval_compare(self, node: ast.Compare) -> Any:
        right = self._eval(node.left)
        for operation, comparator in zip(node.ops, node.comparators, strict=True):
            left, right = right, self._eval(comparator)
            if left is None or right is None:  # `x != None` never walks x
                self.charge(1)
            else:
                self.charge_deep(left, right)
            if not self.operators[type(operation)](left, right):
                return False
        return True

    def _eval_call(self, node: ast.Call) -> Any:
        if not isinstance(node.func, ast.Name):  # pragma: no cover - vetted out
            raise ExpressionError("只能调用内置的辅助函数 (only helper functions may be called)")
        name = node.func.id
        func = FUNCTIONS.get(name)  # the live table: a pooled evaluator sees plugins added since
        if func is None:
            raise simpleeval.FunctionNotDefined(name, self.expr)
        args = [self._eval(a) for a in node.args]
        kwargs: dict[str, Any] = {}
        for keyword in node.keywords:
            if keyword.arg not in KEYWORDS.get(name, frozenset()):  # pragma: no cover - vetted
                raise ExpressionError(f"函数 {name}() 不接受参数 {keyword.arg}=")
            kwargs[keyword.arg] = self._eval(keyword.value)
        if name not in _CONSTANT_TIME:  # the argument list and mapping, and what they hold
            self.charge(2)
            self.charge_deep(*args, *kwargs.values())
        result = func(*args, **kwargs)
        self.charge(_shallow(result))
        return result

    def _eval_dict(self, node: ast.Dict) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        guard = HashGuard()
        for key, value in zip(node.keys, node.values, strict=True):
            if key is None:  # {**mapping}: a copy, charged by its size
                merged = self._eval(value)
                if not isinstance(merged, Mapping):
                    raise ExpressionError(f"** 只能展开映射，实际是 {type(merged).__name__}")
                self.charge(len(merged))
                for item, part in merged.items():
                    guard.put(result, item, part)
            else:
                guard.put(result, self._eval(key), self._eval(value))
        return result

    def _eval_set(self, node: ast.Set) -> OrderedSet:
        items = [self._eval(x) for x in node.elts]
        check_hashing(items)
        return OrderedSet(items)

    def _eval_formattedvalue(self, node: ast.AST) -> Any:  # pragma: no cover - vetted out
        raise ExpressionError("不允许格式化字符串 (f-strings are not allowed)")

    def _eval_joinedstr(self, node: ast.AST) -> Any:  # pragma: no cover - vetted out
        raise ExpressionError("不允许格式化字符串 (f-strings are not allowed)")

    # -- comprehensions: every iteration is charged; results are bounded
    def _eval_comprehension(self, node: ast.ListComp | ast.GeneratorExp | ast.DictComp) -> Any:
        out: list[Any] | dict[Any, Any] = {} if isinstance(node, ast.DictComp) else []
        self.scopes.append({})
        try:
            self._generate(node, 0, out, HashGuard())
        finally:
            self.scopes.pop()
        return out

    def _generate(
        self,
        node: ast.ListComp | ast.GeneratorExp | ast.DictComp,
        index: int,
        out: list[Any] | dict[Any, Any],
        guard: HashGuard,
    ) -> None:
        generator = node.generators[index]
        scope = self.scopes[-1]
        for value in self._eval(generator.iter):
            self.charge(1)
            _bind(generator.target, value, scope)
            if not all(self._eval(test) for test in generator.ifs):
                continue
            if index + 1 < len(node.generators):
                self._generate(node, index + 1, out, guard)
            elif isinstance(out, dict):
                assert isinstance(node, ast.DictComp)
                guard.put(out, self._eval(node.key), self._eval(node.value))
            else:
                assert not isinstance(node, ast.DictComp)
                out.append(self._eval(node.elt))
            if len(out) > MAX_SIZE:
                raise _too_large("推导式的结果")


def _bind(target: ast.expr, value: Any, scope: dict[str, Any]) -> None:
    """Bind a comprehension's loop target (a name or a tuple of names)."""
    if isinstance(target, ast.Name):
        scope[target.id] = value
        return
    if not isinstance(target, (ast.Tuple, ast.List)):
        raise ExpressionError("推导式的循环变量只能是名称或名称的元组")
    if not isinstance(value, (list, tuple)) or len(value) != len(target.elts):
        raise ExpressionError(f"无法把 {type(value).__name__} 拆成 {len(target.elts)} 个值")
    for part, item in zip(target.elts, value, strict=True):
        _bind(part, item, scope)


_POOL = threading.local()


def _pooled(names: Mapping[str, Any], limits: Limits) -> _Evaluator:
    """This thread's evaluator, reset (building one costs more than most evaluations)."""
    evaluator: _Evaluator | None = getattr(_POOL, "evaluator", None)
    if evaluator is None or evaluator.busy:
        evaluator = _Evaluator(names, limits)
        if getattr(_POOL, "evaluator", None) is None:
            _POOL.evaluator = evaluator
        return evaluator
    evaluator.reset(names, limits)
    return evaluator


def evaluate(
    expression: CompiledExpression,
    names: Mapping[str, Any],
    *,
    budget: int | None = None,
    rows: int = 0,
) -> Any:
    """Evaluate a vetted expression; every failure is an :class:`ExpressionError`.

    The limits come from ``names['params']['limits']`` (a ruleset's ``params.limits``) where
    given, else the module defaults, raised for ``rows`` rows (:meth:`Limits.scaled`: the
    size of the report an evaluation over the whole report may walk); ``budget`` overrides
    the operation budget.  A limit hit is a :class:`~jxrules.errors.LimitExceeded`.
    """
    try:
        limits = limits_from_params(names.get("params")).scaled(rows)
        if budget is not None:
            limits = Limits(operations=budget, seconds=limits.seconds)
        evaluator = _pooled(names, limits)
        evaluator.expr = expression.source
        evaluator.busy = True
        try:
            return evaluator._eval(expression.tree)
        finally:
            evaluator.busy = False
    except Exception as exc:  # the sandbox boundary: nothing else may escape
        fail(exc, expression.position)


def evaluate_each(
    expression: CompiledExpression,
    names: Mapping[str, Any],
    rows: Iterable[Any],
    *,
    name: str = "item",
) -> list[Any]:
    """``expression`` once for each row, bound as ``name``; each evaluation has its own budget
    (a rule's ``where`` over a table)."""
    scope = dict(names)
    out = []
    for row in rows:
        scope[name] = row
        out.append(evaluate(expression, scope))
    return out
