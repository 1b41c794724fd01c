"""The helper functions expressions may call, and the operators they may use."""

from __future__ import annotations

import ast
import operator as op
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import Any, TypeVar

import simpleeval

from jxrules.errors import ExpressionError, JxError, LimitExceeded, QuantityError
from jxrules.plugins import entry_points
from jxrules.quantities.decimals import BlankCell, parse_decimal
from jxrules.sandbox.limits import (
    MAX_INT_BITS,
    MAX_POWER,
    MAX_SIZE,
    _sized,
    _too_large,
    check_hashing,
    weight,
)
from jxrules.sandbox.values import OrderedSet, _num


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
    items = list(_sized(values))
    check_hashing(items)
    return OrderedSet(items)


def _list(values: Iterable[Any] = ()) -> list[Any]:
    return list(_sized(values))


def _quantity(text: Any, unit: str | None = None) -> Decimal | None:
    """A printed target or actual as a number, read as the ``target`` check reads it.

    ``5万人次`` is 50000 (or 5 with ``unit="万人次"``); ``≥95%`` is 95; a range ``2-3家`` gives its
    lower bound, a cell of several clauses its first.  With ``unit`` the figure is converted
    into it exactly (``"3.5亿元"`` in ``"万元"`` is 35000); ``None`` when the text is blank,
    qualitative, unreadable, or in a unit that does not convert (``人次`` asked as ``家``).
    """
    from jxrules.quantities import Target, default_vocabulary, parse_actual

    if text is None:
        return None
    if not isinstance(text, str):
        raise ExpressionError(f"quantity() 读取的是文本，实际是 {type(text).__name__}")
    vocabulary = default_vocabulary()
    reading = parse_actual(text, vocabulary)
    if not isinstance(reading, Target) or not reading.clauses:
        return None
    clause = reading.clauses[0]
    if unit is None:
        return clause.amount
    wanted, scale = vocabulary.unit(str(unit))
    if clause.unit and clause.unit != wanted:
        return None
    return clause.amount / scale


def _stated(value: Any) -> bool:
    """Whether a figure was printed: ``False`` for a blank money cell (0 in arithmetic, but not
    stated) and for ``None``; a rule comparing two stated figures guards with it."""
    return value is not None and not isinstance(value, BlankCell)


def _find_word(text: Any, words: Iterable[Any]) -> str | None:
    """The first of ``words`` that occurs in ``text`` (``None``: none does) — a word list from
    ``params`` tested in one call instead of a comprehension per row."""
    if text is None:
        return None
    if not isinstance(text, str):
        raise ExpressionError(f"find_word() 读取的是文本，实际是 {type(text).__name__}")
    for word in _sized(words):
        if not isinstance(word, str):
            raise ExpressionError(f"find_word() 的词表只能有文本，实际有 {type(word).__name__}")
        if word and word in text:
            return word
    return None


def _outcome(target: Any, actual: Any, name: Any = "") -> str:
    """How the ``target`` check judges a row: ``met``, ``missed``, ``qualitative`` (a qualitative
    target, not compared), ``missing`` (blank, dash or template text), ``unit_mismatch`` or
    ``unreadable``; ``name`` (the indicator's) decides the direction of a bare target."""
    from jxrules.quantities import (
        compare,
        default_vocabulary,
        is_lower_better,
        parse_actual,
        parse_target,
    )

    for value in (target, actual, name):
        if not isinstance(value, str):
            raise ExpressionError(f"outcome() 读取的是文本，实际是 {type(value).__name__}")
    vocabulary = default_vocabulary()
    lower = is_lower_better(name, vocabulary.lower_is_better)
    verdict = compare(parse_target(target, vocabulary), parse_actual(actual, vocabulary), lower)
    if verdict.missing:
        return "missing"
    return verdict.dates.outcome if verdict.dates is not None else str(verdict.outcome)


_BUILTIN: Mapping[str, Callable[..., Any]] = {
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
    "quantity": _quantity,
    "outcome": _outcome,
    "find_word": _find_word,
    "stated": _stated,
}


#: Keyword arguments each built-in helper accepts (none for the others; never ``key=``).
_BUILTIN_KEYWORDS: Mapping[str, frozenset[str]] = {
    "sum": frozenset({"start"}),
    "round": frozenset({"digits"}),
    "get": frozenset({"default"}),
    "band": frozenset({"field"}),
    "min": frozenset({"default"}),
    "max": frozenset({"default"}),
    "sorted": frozenset({"reverse"}),
    "quantity": frozenset({"unit"}),
    "outcome": frozenset({"name"}),
}


#: The entry point group through which other packages add helpers: ``name = "module:function"``;
#: the keyword arguments a helper accepts are listed in its ``jxrules_keywords`` attribute.
ENTRY_POINTS = "jxrules.functions"


@cache
def plugin_helpers() -> Mapping[str, tuple[Callable[..., Any], frozenset[str]]]:
    """The ``jxrules.functions`` entry points: each helper and its keyword arguments."""
    found: dict[str, tuple[Callable[..., Any], frozenset[str]]] = {}
    for entry in entry_points(ENTRY_POINTS):
        where = f"{entry.name} = {entry.value}"
        try:
            func = entry.load()
        except Exception as exc:  # a broken plugin is named, not a traceback
            raise JxError(f"无法加载辅助函数插件 {where}：{type(exc).__name__}: {exc}") from None
        if not callable(func) or not entry.name.isidentifier():
            raise JxError(f"辅助函数插件 {where} 应是一个可调用对象，名称是标识符 (not a function)")
        if entry.name in _BUILTIN:
            raise JxError(f"辅助函数插件 {where} 与内置函数 {entry.name}() 同名 (name taken)")
        keywords = getattr(func, "jxrules_keywords", ())
        found[entry.name] = (func, frozenset(str(k) for k in keywords) - {"key"})
    return found


V = TypeVar("V")


class _WithPlugins(Mapping[str, V]):
    """A built-in table and the plugins' entries after it; the entry points are looked at only
    when a name is not a built-in one, or the whole table is listed."""

    def __init__(self, builtin: Mapping[str, V], field: int) -> None:
        self._builtin, self._field = builtin, field

    def __getitem__(self, name: str) -> V:
        if name in self._builtin:
            return self._builtin[name]
        value: V = plugin_helpers()[name][self._field]  # type: ignore[assignment]
        return value

    def __contains__(self, name: object) -> bool:
        return name in self._builtin or name in plugin_helpers()

    def __iter__(self) -> Iterator[str]:
        yield from self._builtin
        yield from plugin_helpers()

    def __len__(self) -> int:
        return len(self._builtin) + len(plugin_helpers())


#: Every helper an expression may call: the built-in ones, then the plugins'.
FUNCTIONS: Mapping[str, Callable[..., Any]] = _WithPlugins(_BUILTIN, 0)
#: Keyword arguments each helper accepts (none for the others; never ``key=``).
KEYWORDS: Mapping[str, frozenset[str]] = _WithPlugins(_BUILTIN_KEYWORDS, 1)


#: Helpers whose cost does not depend on the size of their arguments.
_CONSTANT_TIME = frozenset({"len", "get"})


_OPERATORS: dict[type[ast.AST], Callable[..., Any]] = {
    **simpleeval.DEFAULT_OPERATORS,
    ast.Div: _div,
    ast.Pow: _pow,
    ast.Mult: _mul,
    ast.Add: _add,
    ast.Mod: _mod,
    ast.In: lambda x, y: x in y,  # simpleeval's call op.contains(y, x): the same, one call less
    ast.NotIn: lambda x, y: x not in y,
}


for _unsafe in (ast.LShift, ast.RShift, ast.BitXor, ast.Invert, ast.Is, ast.IsNot):
    _OPERATORS.pop(_unsafe, None)
