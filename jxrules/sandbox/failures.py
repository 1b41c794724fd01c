"""The sandbox boundary: whatever an evaluation raises leaves as the library's own error."""

from __future__ import annotations

from decimal import DecimalException
from typing import NoReturn

import simpleeval

from jxrules.errors import ExpressionError, LimitExceeded, Position
from jxrules.sandbox.limits import MAX_ERROR_CHARS


def over_budget(limit: int) -> LimitExceeded:
    return LimitExceeded(
        f"表达式运算步数超出上限 {limit}（可用 params.limits.operations 调整） (limit: operations)",
        limit="operations",
    )


def over_time(seconds: float) -> LimitExceeded:
    return LimitExceeded(
        f"表达式求值超过 {seconds:g} 秒（可用 params.limits.seconds 调整） (limit: seconds)",
        limit="seconds",
    )


def undefined_name(name: str) -> ExpressionError:
    return ExpressionError(f"未定义的名称 “{name}” (undefined name)")


def not_a_value() -> ExpressionError:
    return ExpressionError("表达式的值不能是函数或模块")


def fail(exc: Exception, position: Position | None) -> NoReturn:
    """Raise ``exc`` as an :class:`ExpressionError` or :class:`LimitExceeded` at ``position``."""
    error = _translate(exc)
    message = error.message
    if len(message) > MAX_ERROR_CHARS:
        message = message[: MAX_ERROR_CHARS - 1] + "…"
    if isinstance(error, LimitExceeded):
        raise LimitExceeded(message, position, limit=error.limit) from None
    raise ExpressionError(message, position) from None


def _translate(exc: Exception) -> ExpressionError | LimitExceeded:
    """The sandbox's error for any exception raised while evaluating."""
    if isinstance(exc, (ExpressionError, LimitExceeded)):
        return exc
    if isinstance(exc, (RecursionError, MemoryError)):
        return LimitExceeded("表达式求值超出资源上限 (limit: memory)", limit="memory")
    if isinstance(exc, simpleeval.NameNotDefined):
        return undefined_name(exc.name)
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
