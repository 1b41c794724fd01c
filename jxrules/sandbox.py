"""Sandboxed expressions on simpleeval: compiled once at load, evaluated many times.

What an expression may do (docs/security.md has the full reasoning):

* read names given to it (report fields, ``params``, a row as ``item``) and
  look up keys of those mappings with ``a.b`` or ``a['b']``;
* call the helper functions in :data:`FUNCTIONS` by name, with only the
  keyword arguments listed in :data:`KEYWORDS`;
* use arithmetic, comparisons, boolean logic, ``x if c else y``, literals of
  lists/tuples/dicts/sets and list/dict comprehensions and generators.

It may not touch any attribute of any object (so no ``__class__`` walks, no
``str.format``), use a function as a value (so no ``key=`` callables), define
lambdas, import, assign, format text with ``%``, or run longer than its
operation budget.  The budget counts AST nodes *and* the work hidden inside
one node: comparing, copying or passing a big value to a helper costs in
proportion to its size, so ``sorted([[1]*10**5]*10**5)`` is refused instead
of running for an hour.  Decimal literals: ``0.1`` in an expression *is*
``Decimal('0.1')``; ``/`` on integers gives an exact ``Decimal``.
"""

from __future__ import annotations

import ast
import math
import operator as op
import threading
import time
import types
from collections.abc import Callable, Iterable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from decimal import ROUND_HALF_UP, Decimal, DecimalException
from typing import Any

import simpleeval
from attrs import frozen

from jxrules.errors import ExpressionError, LimitExceeded, Position, QuantityError
from jxrules.numbers import parse_decimal

#: Longest expression text accepted at load.
MAX_EXPRESSION_CHARS = 4000
#: Deepest AST accepted at load (nested operators, calls, brackets).
MAX_AST_DEPTH = 40
#: Operations one evaluation may use (AST nodes, plus the size of big values touched).
DEFAULT_OPERATION_BUDGET = 200_000
#: The most a ruleset may raise the budget to with ``params.limits.operations``.
MAX_OPERATION_BUDGET = 10_000_000
#: Wall-clock seconds one evaluation may take: a backstop behind the operation budget.
DEFAULT_TIME_LIMIT = 2.0
#: The most a ruleset may raise the time limit to with ``params.limits.seconds``.
MAX_TIME_LIMIT = 60.0
#: Largest string/collection an expression may build (characters or items).
MAX_SIZE = 100_000
#: Largest exponent and base of ``**``.
MAX_POWER = 1000
#: Largest integer an expression may build, in bits (about 4,200 decimal digits).
MAX_INT_BITS = 14_000
#: Longest error message from an evaluation (a huge key or value is cut with ``…``).
MAX_ERROR_CHARS = 300
#: Characters of text that cost one operation when compared, searched or copied.
CHARS_PER_OPERATION = 64

#: Keys of ``params.limits`` a ruleset may set, and their ceilings.
LIMIT_PARAMS = {"operations": MAX_OPERATION_BUDGET, "seconds": MAX_TIME_LIMIT}

_ALLOWED_NODES: tuple[type[ast.AST], ...] = (
    ast.Expression,
    ast.Constant,
    ast.Name,
    ast.Load,
    ast.Attribute,
    ast.Subscript,
    ast.Slice,
    ast.UnaryOp,
    ast.BinOp,
    ast.BoolOp,
    ast.Compare,
    ast.IfExp,
    ast.Call,
    ast.keyword,
    ast.List,
    ast.Tuple,
    ast.Dict,
    ast.Set,
    ast.ListComp,
    ast.GeneratorExp,
    ast.DictComp,
    ast.comprehension,
    ast.Store,
    ast.boolop,
)


class Record(dict[str, Any]):
    """A mapping an expression may read with ``a.b``: the only thing attributes reach."""


class OrderedSet(AbstractSet[Any]):
    """What ``set()`` and ``{a, b}`` build: a set that iterates in insertion order.

    Python's own ``set`` iterates strings in an order that changes with
    ``PYTHONHASHSEED``; findings must not.
    """

    __slots__ = ("_items",)
    __hash__ = None  # type: ignore[assignment]

    def __init__(self, items: Iterable[Any] = ()) -> None:
        self._items = dict.fromkeys(items)

    def __contains__(self, item: object) -> bool:
        try:
            return item in self._items
        except TypeError:  # an unhashable item is in no set
            return False

    def __iter__(self) -> Iterator[Any]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return "{" + ", ".join(map(repr, self._items)) + "}" if self._items else "set()"


@frozen
class CompiledExpression:
    """An expression parsed and vetted once; evaluate it with :func:`evaluate`."""

    source: str
    tree: ast.expr
    position: Position | None
    names: frozenset[str]


@frozen
class Limits:
    """The resource limits of one evaluation (see :func:`limits_from_params`)."""

    operations: int = DEFAULT_OPERATION_BUDGET
    seconds: float = DEFAULT_TIME_LIMIT


def compile_expression(source: str, position: Position | None = None) -> CompiledExpression:
    """Parse and vet an expression; raise :class:`ExpressionError` with its position."""
    if not isinstance(source, str):
        raise ExpressionError("表达式必须是文本 (expression must be a string)", position)
    if len(source) > MAX_EXPRESSION_CHARS:
        raise LimitExceeded(
            f"表达式过长：{len(source)} 个字符，上限 {MAX_EXPRESSION_CHARS}"
            " (limit: expression_chars)",
            position,
            limit="expression_chars",
        )
    text = source.strip()
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        where = _shift(position, exc.lineno, exc.offset)
        raise ExpressionError(f"表达式语法错误：{exc.msg}：{text!r}", where) from None
    except (RecursionError, MemoryError, ValueError):
        raise LimitExceeded(
            "表达式嵌套过深 (limit: expression_depth)", position, limit="expression_depth"
        ) from None
    names = _vet(tree, position)
    return CompiledExpression(source, tree.body, position, frozenset(names))


def _shift(position: Position | None, line: int | None, offset: int | None) -> Position | None:
    if position is None or position.line is None or line is None:
        return position
    if line == 1 and position.column is not None:
        return Position(position.file, position.line, position.column + (offset or 1) - 1)
    return Position(position.file, position.line + line - 1, offset)


def _vet(tree: ast.AST, position: Position | None) -> set[str]:
    """Refuse, at load, every construct the evaluator will not run."""
    names: set[str] = set()
    bound: set[str] = set()
    callees = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    stack: list[tuple[ast.AST, int]] = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_AST_DEPTH:
            raise LimitExceeded(
                f"表达式嵌套超过 {MAX_AST_DEPTH} 层 (limit: expression_depth)",
                position,
                limit="expression_depth",
            )
        _vet_node(node, position, id(node) in callees)
        if isinstance(node, ast.Name):
            (bound if isinstance(node.ctx, ast.Store) else names).add(node.id)
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return names - bound


def _vet_node(node: ast.AST, position: Position | None, is_callee: bool) -> None:
    """Refuse one node that is not allowed where it stands."""
    if isinstance(node, (ast.operator, ast.unaryop, ast.cmpop)):
        if type(node) not in _OPERATORS:
            raise ExpressionError(f"表达式中不允许使用运算符 {type(node).__name__}", position)
        return
    if not isinstance(node, _ALLOWED_NODES):
        raise ExpressionError(
            f"表达式中不允许使用 {type(node).__name__} (not allowed in expressions)", position
        )
    if isinstance(node, ast.Attribute) and node.attr.startswith("_"):
        raise ExpressionError(f"不允许访问以下划线开头的属性 “{node.attr}”", position)
    if isinstance(node, ast.Name):
        _vet_name(node, position, is_callee)
    elif isinstance(node, ast.Constant):
        _vet_constant(node.value, position)
    elif isinstance(node, ast.Call):
        _vet_call(node, position)
    elif isinstance(node, ast.comprehension) and node.is_async:
        raise ExpressionError("表达式中不允许 async 推导式", position)


def _vet_name(node: ast.Name, position: Position | None, is_callee: bool) -> None:
    if node.id.startswith("_"):
        raise ExpressionError(f"不允许使用以下划线开头的名称 “{node.id}”", position)
    if node.id in FUNCTIONS and isinstance(node.ctx, ast.Store):
        raise ExpressionError(f"推导式的循环变量不能与函数 “{node.id}” 同名", position)
    if node.id in FUNCTIONS and not is_callee:
        raise ExpressionError(
            f"函数 “{node.id}” 只能调用，不能当作值使用 (functions can only be called)", position
        )


def _vet_call(node: ast.Call, position: Position | None) -> None:
    if not isinstance(node.func, ast.Name):
        raise ExpressionError(
            "只能调用内置的辅助函数 (only helper functions may be called)", position
        )
    name = node.func.id
    # An unknown function is left to run time (an ``engine`` finding) so that
    # ``jxrules lint`` can suggest the helper that was meant.
    for keyword in node.keywords:
        allowed = KEYWORDS.get(name, frozenset())
        if keyword.arg is None or keyword.arg not in allowed:
            given = "**" if keyword.arg is None else f"{keyword.arg}="
            accepted = "、".join(f"{k}=" for k in sorted(allowed)) or "无"
            raise ExpressionError(
                f"函数 {name}() 不接受参数 {given}（可用的关键字参数：{accepted}）", position
            )


def _vet_constant(value: object, position: Position | None) -> None:
    if isinstance(value, (str, bytes)) and len(value) > MAX_SIZE:
        raise LimitExceeded(
            f"表达式中的文本过长（上限 {MAX_SIZE}）(limit: size)", position, limit="size"
        )
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**100:
        raise LimitExceeded(
            "表达式中的数字过大 (number literal too large; limit: integer)",
            position,
            limit="integer",
        )
    if isinstance(value, float) and not math.isfinite(value):
        raise LimitExceeded(
            "表达式中的数字超出范围 (number literal overflows; limit: integer)",
            position,
            limit="integer",
        )
    if isinstance(value, complex) or value is Ellipsis or isinstance(value, bytes):
        raise ExpressionError(f"不支持的常量 {value!r}", position)


# ------------------------------------------------------------------ limits
def limits_from_params(params: Any) -> Limits:
    """The limits a ruleset asks for in ``params.limits`` (defaults where absent).

    Raises :class:`ExpressionError` for an unknown key or a value that is not a
    positive number, and :class:`LimitExceeded` above the ceilings in :data:`LIMIT_PARAMS`.
    """
    raw = params.get("limits") if isinstance(params, Mapping) else None
    if raw is None:
        return Limits()
    if not isinstance(raw, Mapping):
        raise ExpressionError("params.limits 必须是映射，例如 {operations: 500000}")
    unknown = sorted(set(raw) - set(LIMIT_PARAMS))
    if unknown:
        raise ExpressionError(
            f"params.limits 中有未知的键 “{unknown[0]}”（允许：{', '.join(LIMIT_PARAMS)}）"
        )
    values: dict[str, Any] = {}
    for key, ceiling in LIMIT_PARAMS.items():
        if key not in raw:
            continue
        value = raw[key]
        if isinstance(value, bool) or not isinstance(value, (int, Decimal, float)):
            raise ExpressionError(f"params.limits.{key} 必须是正数，实际是 “{value}”")
        if key == "operations" and value != int(value):
            raise ExpressionError(f"params.limits.operations 必须是整数，实际是 “{value}”")
        if not value > 0:
            raise ExpressionError(f"params.limits.{key} 必须是正数，实际是 “{value}”")
        if value > ceiling:
            raise LimitExceeded(
                f"params.limits.{key} = {value} 超过允许的最大值 {ceiling} (limit: {key})",
                limit=key,
            )
        values[key] = int(value) if key == "operations" else float(value)
    return Limits(**values)


#: Types whose weight is 1 (text is weighed by its length).
_SCALARS = frozenset({int, bool, float, Decimal, type(None)})


def weight(value: Any, cap: int) -> int:
    """The work of walking ``value`` deeply, in operations; stops counting above ``cap``.

    One per item at every level, plus one per :data:`CHARS_PER_OPERATION`
    characters of text; a value shared many times counts every time, which is
    what comparing or printing it costs.
    """
    total = 0
    stack = [value]
    while stack:
        item = stack.pop()
        total += 1
        children: Any = None
        if isinstance(item, str):
            total += len(item) // CHARS_PER_OPERATION
        elif isinstance(item, Mapping):
            children = item.values()
        elif isinstance(item, (list, tuple, AbstractSet)):
            children = item
        if children is not None:
            if total + len(children) > cap:
                return total + len(children)
            stack.extend(children)
        if total > cap:
            return total
    return total


def _shallow(value: Any) -> int:
    """The work of copying ``value`` one level deep."""
    if isinstance(value, str):
        return len(value) // CHARS_PER_OPERATION
    if isinstance(value, (list, tuple, Mapping, AbstractSet)):
        return len(value)
    return 0


def _too_large(what: str) -> LimitExceeded:
    return LimitExceeded(f"{what}过大（上限 {MAX_SIZE} 项）(limit: size)", limit="size")


def _sized(values: Any) -> Any:
    if hasattr(values, "__len__") and len(values) > MAX_SIZE:
        raise _too_large("参数")
    return values


# ----------------------------------------------------------------- helpers
def _num(value: Any) -> Any:
    if isinstance(value, float):
        return Decimal(repr(value))
    return value


def _div(a: Any, b: Any) -> Any:
    a, b = _num(a), _num(b)
    if isinstance(a, int) and isinstance(b, int) and not isinstance(a, bool):
        return Decimal(a) / Decimal(b)
    return op.truediv(a, b)


def _pow(a: Any, b: Any) -> Any:
    if abs(a) > MAX_POWER or abs(b) > MAX_POWER:
        raise LimitExceeded(f"幂运算过大：{a} ** {b} (limit: power)", limit="power")
    return a**b


def _mul(a: Any, b: Any) -> Any:
    if _is_int(a) and _is_int(b) and a.bit_length() + b.bit_length() > MAX_INT_BITS:
        raise LimitExceeded("整数过大 (limit: integer)", limit="integer")
    for seq, times in ((a, b), (b, a)):
        if hasattr(seq, "__len__") and isinstance(times, int) and len(seq) * times > MAX_SIZE:
            raise _too_large("结果")
    return a * b


def _add(a: Any, b: Any) -> Any:
    if hasattr(a, "__len__") and hasattr(b, "__len__") and len(a) + len(b) > MAX_SIZE:
        raise _too_large("结果")
    return a + b


def _mod(a: Any, b: Any) -> Any:
    if isinstance(a, str):
        raise ExpressionError("不允许用 % 格式化文本 (no %-formatting)")
    return a % b


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _sum(values: Iterable[Any], start: Any = 0) -> Any:
    if not isinstance(start, (int, Decimal)) or isinstance(start, bool):
        raise ExpressionError(f"sum() 的 start 必须是数字，实际是 {type(start).__name__}")
    total = Decimal(start)
    for value in values:
        total += Decimal(0) if value is None else _num(value)
    return total


def _round(value: Any, digits: Any = 0) -> Decimal:
    if isinstance(digits, Decimal) and digits.is_finite() and digits == digits.to_integral_value():
        digits = int(digits)
    if not _is_int(digits):
        raise ExpressionError(f"round() 的位数必须是整数，实际是 {type(digits).__name__}")
    return Decimal(_num(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def _int(value: Any) -> int:
    if isinstance(value, Decimal) and value.is_finite() and value.adjusted() > MAX_INT_BITS // 4:
        raise LimitExceeded(f"数字过大，不能转为整数：{value} (limit: integer)", limit="integer")
    if isinstance(value, (str, int, Decimal, float)):
        return int(value)
    raise ExpressionError(f"int() 不能转换 {type(value).__name__}")


def _str(value: Any) -> str:
    if isinstance(value, str):
        return value
    if weight(value, MAX_SIZE) > MAX_SIZE:
        raise _too_large("str() 的参数")
    text = str(value)
    if len(text) > MAX_SIZE:
        raise _too_large("str() 的结果")
    return text


def _decimal(value: Any) -> Decimal | None:
    try:
        return parse_decimal(value, allow_percent=True)
    except QuantityError as exc:
        raise ExpressionError(exc.message) from None


def _count(values: Iterable[Any]) -> int:
    return sum(1 for value in values if value)


def _get(mapping: Any, key: str, default: Any = None) -> Any:
    if not isinstance(mapping, Mapping):
        raise ExpressionError(f"get() 的第一个参数必须是映射，实际是 {type(mapping).__name__}")
    return mapping.get(key, default)


def _band(value: Any, bands: Iterable[Any], field: str = "grade") -> Any:
    """The ``field`` of the first band whose ``min`` is at most ``value`` (bands high to low)."""
    for band in bands:
        if _num(band["min"]) <= _num(value):
            return band[field]
    return None


def _sorted(values: Iterable[Any], reverse: bool = False) -> list[Any]:
    return sorted(_sized(values), reverse=bool(reverse))


def _set(values: Iterable[Any] = ()) -> OrderedSet:
    return OrderedSet(_sized(values))


def _list(values: Iterable[Any] = ()) -> list[Any]:
    return list(_sized(values))


FUNCTIONS: Mapping[str, Callable[..., Any]] = {
    "sum": _sum,
    "len": len,
    "min": min,
    "max": max,
    "abs": abs,
    "round": _round,
    "any": any,
    "all": all,
    "count": _count,
    "get": _get,
    "band": _band,
    "decimal": _decimal,
    "int": _int,
    "str": _str,
    "sorted": _sorted,
    "set": _set,
    "list": _list,
}

#: Keyword arguments each helper accepts (none for the others; never ``key=``).
KEYWORDS: Mapping[str, frozenset[str]] = {
    "sum": frozenset({"start"}),
    "round": frozenset({"digits"}),
    "get": frozenset({"default"}),
    "band": frozenset({"field"}),
    "min": frozenset({"default"}),
    "max": frozenset({"default"}),
    "sorted": frozenset({"reverse"}),
}

#: Helpers whose cost does not depend on the size of their arguments.
_CONSTANT_TIME = frozenset({"len", "get"})

_OPERATORS: dict[type[ast.AST], Callable[..., Any]] = {
    **simpleeval.DEFAULT_OPERATORS,
    ast.Div: _div,
    ast.Pow: _pow,
    ast.Mult: _mul,
    ast.Add: _add,
    ast.Mod: _mod,
}
for _unsafe in (ast.LShift, ast.RShift, ast.BitXor, ast.Invert, ast.Is, ast.IsNot):
    _OPERATORS.pop(_unsafe, None)


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

    # -- accounting
    def charge(self, cost: int) -> None:
        self.budget -= cost
        if self.budget < 0:
            raise LimitExceeded(
                f"表达式运算步数超出上限 {self.limit}（可用 params.limits.operations 调整）"
                " (limit: operations)",
                limit="operations",
            )

    def charge_deep(self, *values: Any) -> None:
        cost = 0
        for value in values:  # fast path: scalars weigh 1 (+ their text length)
            kind = type(value)
            if kind is str:
                cost += 1 + len(value) // CHARS_PER_OPERATION
            elif kind in _SCALARS:
                cost += 1
            else:
                self.charge(weight(values, max(self.budget, 0) + 1) - 1)
                return
        self.charge(cost)

    def _eval(self, node: ast.AST) -> Any:
        self.charge(1)
        self.ticks += 1
        if not self.ticks & 0xFF and time.perf_counter() > self.deadline:
            raise LimitExceeded(
                f"表达式求值超过 {self.seconds:g} 秒（可用 params.limits.seconds 调整）"
                " (limit: seconds)",
                limit="seconds",
            )
        return super()._eval(node)

    def _check_disallowed_items(self, item: Any) -> None:
        # Shallow on purpose: simpleeval's deep walk re-scans big values at every node.
        # Only report data, literals and helper results reach here; none is callable.
        if isinstance(item, types.ModuleType) or callable(item):
            raise ExpressionError("表达式的值不能是函数或模块")

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
        raise simpleeval.NameNotDefined(node.id, self.expr)

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
        func = self.functions.get(name)
        if func is None:
            raise simpleeval.FunctionNotDefined(name, self.expr)
        args = [self._eval(a) for a in node.args]
        kwargs: dict[str, Any] = {}
        for keyword in node.keywords:
            if keyword.arg not in KEYWORDS.get(name, frozenset()):  # pragma: no cover - vetted
                raise ExpressionError(f"函数 {name}() 不接受参数 {keyword.arg}=")
            kwargs[keyword.arg] = self._eval(keyword.value)
        if name not in _CONSTANT_TIME:
            self.charge_deep(args, kwargs)
        result = func(*args, **kwargs)
        self.charge(_shallow(result))
        return result

    def _eval_dict(self, node: ast.Dict) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        for key, value in zip(node.keys, node.values, strict=True):
            if key is None:  # {**mapping}: a copy, charged by its size
                merged = self._eval(value)
                if not isinstance(merged, Mapping):
                    raise ExpressionError(f"** 只能展开映射，实际是 {type(merged).__name__}")
                self.charge(len(merged))
                result.update(merged)
            else:
                result[self._eval(key)] = self._eval(value)
        return result

    def _eval_set(self, node: ast.Set) -> OrderedSet:
        return OrderedSet(self._eval(x) for x in node.elts)

    def _eval_formattedvalue(self, node: ast.AST) -> Any:  # pragma: no cover - vetted out
        raise ExpressionError("不允许格式化字符串 (f-strings are not allowed)")

    def _eval_joinedstr(self, node: ast.AST) -> Any:  # pragma: no cover - vetted out
        raise ExpressionError("不允许格式化字符串 (f-strings are not allowed)")

    # -- comprehensions: every iteration is charged; results are bounded
    def _eval_comprehension(self, node: ast.ListComp | ast.GeneratorExp | ast.DictComp) -> Any:
        out: list[Any] | dict[Any, Any] = {} if isinstance(node, ast.DictComp) else []
        self.scopes.append({})
        try:
            self._generate(node, 0, out)
        finally:
            self.scopes.pop()
        return out

    def _generate(
        self,
        node: ast.ListComp | ast.GeneratorExp | ast.DictComp,
        index: int,
        out: list[Any] | dict[Any, Any],
    ) -> None:
        generator = node.generators[index]
        scope = self.scopes[-1]
        for value in self._eval(generator.iter):
            self.charge(1)
            _bind(generator.target, value, scope)
            if not all(self._eval(test) for test in generator.ifs):
                continue
            if index + 1 < len(node.generators):
                self._generate(node, index + 1, out)
            elif isinstance(out, dict):
                assert isinstance(node, ast.DictComp)
                out[self._eval(node.key)] = self._eval(node.value)
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
) -> Any:
    """Evaluate a compiled expression; every failure is an :class:`ExpressionError`.

    The limits come from ``names['params']['limits']`` (a ruleset's
    ``params.limits``) where given, else the module defaults; ``budget``
    overrides the operation budget.  A limit hit is a :class:`LimitExceeded`.
    """
    try:
        limits = limits_from_params(names.get("params"))
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
        error = _translate(exc)
    message = error.message
    if len(message) > MAX_ERROR_CHARS:
        message = message[: MAX_ERROR_CHARS - 1] + "…"
    if isinstance(error, LimitExceeded):
        raise LimitExceeded(message, expression.position, limit=error.limit)
    raise ExpressionError(message, expression.position)


def _translate(exc: Exception) -> ExpressionError | LimitExceeded:
    """The sandbox's error for any exception raised while evaluating."""
    if isinstance(exc, (ExpressionError, LimitExceeded)):
        return exc
    if isinstance(exc, (RecursionError, MemoryError)):
        return LimitExceeded("表达式求值超出资源上限 (limit: memory)", limit="memory")
    if isinstance(exc, simpleeval.NameNotDefined):
        return ExpressionError(f"未定义的名称 “{exc.name}” (undefined name)")
    if isinstance(exc, simpleeval.FunctionNotDefined):
        return ExpressionError(f"未定义的函数 “{exc.func_name}” (unknown function)")
    messages: tuple[tuple[type[BaseException] | tuple[type[BaseException], ...], str], ...] = (
        (simpleeval.InvalidExpression, f"表达式无法求值：{exc}"),
        (KeyError, f"没有键 {exc} (no such key)"),
        (IndexError, "下标越界 (index out of range)"),
        (ZeroDivisionError, "除数为零 (division by zero)"),
        (TypeError, f"类型错误：{_type_message(exc)}"),
        ((ValueError, ArithmeticError, DecimalException), f"数值错误：{exc}"),
    )
    for kinds, message in messages:
        if isinstance(exc, kinds):
            return ExpressionError(message)
    return ExpressionError(f"表达式无法求值：{type(exc).__name__}: {exc}")


def _type_message(exc: Exception) -> str:
    text = str(exc)
    if "NoneType" in text:
        return f"{text}（某个字段为空）"
    return text


def to_record(value: Any) -> Any:
    """Turn plain nested data (dicts, lists) into what expressions see."""
    if isinstance(value, Mapping):
        return Record({str(k): to_record(v) for k, v in value.items()})
    if isinstance(value, (list, tuple)):
        return [to_record(v) for v in value]
    return _num(value)
