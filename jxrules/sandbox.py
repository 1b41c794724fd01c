"""Sandboxed expressions on simpleeval: compiled once at load, evaluated many times.

What an expression may do (docs/security.md has the full reasoning):

* read names given to it (report fields, ``params``, a row as ``item``) and
  look up keys of those mappings with ``a.b`` or ``a['b']``;
* call the helper functions in :data:`FUNCTIONS`;
* use arithmetic, comparisons, boolean logic, ``x if c else y``, literals of
  lists/tuples/dicts and comprehensions.

It may not touch any attribute of any object (so no ``__class__`` walks, no
``str.format``), define lambdas, import, assign, or run longer than its
operation budget.  Decimal literals: ``0.1`` in an expression *is*
``Decimal('0.1')``; ``/`` on integers gives an exact ``Decimal``.
"""

from __future__ import annotations

import ast
import operator as op
from collections.abc import Callable, Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal, DecimalException
from typing import Any

import simpleeval
from attrs import frozen

from jxrules.errors import ExpressionError, LimitExceeded, Position, QuantityError
from jxrules.numbers import parse_decimal

#: Longest expression text accepted at load.
MAX_EXPRESSION_CHARS = 4000
#: Deepest AST accepted at load (parentheses, nested calls).
MAX_AST_DEPTH = 40
#: AST nodes evaluated per expression before it is stopped.
DEFAULT_OPERATION_BUDGET = 200_000
#: Largest string/collection an expression may build.
MAX_SIZE = 100_000
#: Largest exponent and base of ``**``.
MAX_POWER = 1000

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
    ast.operator,
    ast.unaryop,
    ast.boolop,
    ast.cmpop,
)


class Record(dict[str, Any]):
    """A mapping an expression may read with ``a.b``: the only thing attributes reach."""


@frozen
class CompiledExpression:
    """An expression parsed and vetted once; evaluate it with :func:`evaluate`."""

    source: str
    tree: ast.expr
    position: Position | None
    names: frozenset[str]


def compile_expression(source: str, position: Position | None = None) -> CompiledExpression:
    """Parse and vet an expression; raise :class:`ExpressionError` with its position."""
    if not isinstance(source, str):
        raise ExpressionError("表达式必须是文本 (expression must be a string)", position)
    if len(source) > MAX_EXPRESSION_CHARS:
        raise LimitExceeded(
            f"表达式过长：{len(source)} 个字符，上限 {MAX_EXPRESSION_CHARS} (expression too long)",
            position,
        )
    text = source.strip()
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        where = _shift(position, exc.lineno, exc.offset)
        raise ExpressionError(f"表达式语法错误：{exc.msg}：{text!r}", where) from None
    except (RecursionError, MemoryError, ValueError):
        raise LimitExceeded("表达式嵌套过深 (expression nested too deeply)", position) from None
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
    stack: list[tuple[ast.AST, int]] = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_AST_DEPTH:
            raise LimitExceeded(
                f"表达式嵌套超过 {MAX_AST_DEPTH} 层 (expression nested too deeply)", position
            )
        if not isinstance(node, _ALLOWED_NODES):
            raise ExpressionError(
                f"表达式中不允许使用 {type(node).__name__} (not allowed in expressions)", position
            )
        if isinstance(node, ast.Attribute) and node.attr.startswith("_"):
            raise ExpressionError(f"不允许访问以下划线开头的属性 “{node.attr}”", position)
        if isinstance(node, ast.Name):
            if node.id.startswith("_"):
                raise ExpressionError(f"不允许使用以下划线开头的名称 “{node.id}”", position)
            if isinstance(node.ctx, ast.Store):
                bound.add(node.id)
            else:
                names.add(node.id)
        if isinstance(node, ast.Constant):
            _vet_constant(node.value, position)
        if isinstance(node, ast.Call) and not isinstance(node.func, ast.Name):
            raise ExpressionError(
                "只能调用内置的辅助函数 (only helper functions may be called)", position
            )
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return names - bound


def _vet_constant(value: object, position: Position | None) -> None:
    if isinstance(value, (str, bytes)) and len(value) > MAX_SIZE:
        raise LimitExceeded(f"表达式中的文本过长（上限 {MAX_SIZE}）", position)
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**100:
        raise LimitExceeded("表达式中的数字过大 (number literal too large)", position)
    if isinstance(value, complex) or value is Ellipsis or isinstance(value, bytes):
        raise ExpressionError(f"不支持的常量 {value!r}", position)


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
        raise LimitExceeded(f"幂运算过大：{a} ** {b} (power too large)")
    return a**b


def _mul(a: Any, b: Any) -> Any:
    for seq, times in ((a, b), (b, a)):
        if hasattr(seq, "__len__") and isinstance(times, int) and len(seq) * times > MAX_SIZE:
            raise LimitExceeded(f"结果过大（上限 {MAX_SIZE} 项）(result too large)")
    return a * b


def _add(a: Any, b: Any) -> Any:
    if hasattr(a, "__len__") and hasattr(b, "__len__") and len(a) + len(b) > MAX_SIZE:
        raise LimitExceeded(f"结果过大（上限 {MAX_SIZE} 项）(result too large)")
    return a + b


def _sum(values: Iterable[Any], start: Any = 0) -> Any:
    total = Decimal(start)
    for value in values:
        total += Decimal(0) if value is None else _num(value)
    return total


def _round(value: Any, digits: int = 0) -> Decimal:
    return Decimal(_num(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


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
    "int": int,
    "str": str,
    "sorted": sorted,
    "set": set,
    "list": list,
}

_OPERATORS: dict[type[ast.AST], Callable[..., Any]] = {
    **simpleeval.DEFAULT_OPERATORS,
    ast.Div: _div,
    ast.Pow: _pow,
    ast.Mult: _mul,
    ast.Add: _add,
}
for _unsafe in (ast.LShift, ast.RShift, ast.BitXor, ast.Invert, ast.Is, ast.IsNot):
    _OPERATORS.pop(_unsafe, None)


class _Evaluator(simpleeval.EvalWithCompoundTypes):  # type: ignore[misc]
    """simpleeval with an operation budget and attribute access limited to :class:`Record`."""

    def __init__(self, names: Mapping[str, Any], budget: int) -> None:
        super().__init__(operators=dict(_OPERATORS), functions=dict(FUNCTIONS), names=names)
        self.functions.update(FUNCTIONS)
        self.budget = budget

    def _eval(self, node: ast.AST) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise LimitExceeded("表达式运算步数超出上限 (operation budget exhausted)")
        return super()._eval(node)

    def _eval_constant(self, node: ast.Constant) -> Any:
        return _num(super()._eval_constant(node))

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
        return container[key]

    def _eval_formattedvalue(self, node: ast.AST) -> Any:  # pragma: no cover - vetted out
        raise ExpressionError("不允许格式化字符串 (f-strings are not allowed)")


def evaluate(
    expression: CompiledExpression,
    names: Mapping[str, Any],
    *,
    budget: int = DEFAULT_OPERATION_BUDGET,
) -> Any:
    """Evaluate a compiled expression; every failure is an :class:`ExpressionError`."""
    evaluator = _Evaluator(names, budget)
    evaluator.expr = expression.source
    try:
        return evaluator._eval(expression.tree)
    except (ExpressionError, LimitExceeded) as exc:
        raise type(exc)(exc.message, expression.position) from None
    except simpleeval.NameNotDefined as exc:
        raise ExpressionError(
            f"未定义的名称 “{exc.name}” (undefined name)", expression.position
        ) from None
    except simpleeval.FunctionNotDefined as exc:
        raise ExpressionError(
            f"未定义的函数 “{exc.func_name}” (unknown function)", expression.position
        ) from None
    except (simpleeval.InvalidExpression, simpleeval.IterableTooLong) as exc:
        raise ExpressionError(f"表达式无法求值：{exc}", expression.position) from None
    except KeyError as exc:
        raise ExpressionError(f"没有键 {exc} (no such key)", expression.position) from None
    except IndexError:
        raise ExpressionError("下标越界 (index out of range)", expression.position) from None
    except ZeroDivisionError:
        raise ExpressionError("除数为零 (division by zero)", expression.position) from None
    except TypeError as exc:
        raise ExpressionError(f"类型错误：{_type_message(exc)}", expression.position) from None
    except (ValueError, ArithmeticError, DecimalException) as exc:
        raise ExpressionError(f"数值错误：{exc}", expression.position) from None
    except (RecursionError, MemoryError):
        raise LimitExceeded("表达式求值超出资源上限", expression.position) from None


def _type_message(exc: TypeError) -> str:
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
