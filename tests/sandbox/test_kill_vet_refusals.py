"""Every load-time refusal says what it refuses, where, and which limit: the exact message, the
position given and ``LimitExceeded.limit`` a program reads (docs/security.md).

Written against the mutants mutmut found surviving in ``jxrules.sandbox.vet`` and
``jxrules.sandbox.limits`` (docs/testing.md): the messages were only matched in part and the
limits' names not at all.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from jxrules.errors import ExpressionError, LimitExceeded, Position
from jxrules.sandbox import compile_expression
from jxrules.sandbox.limits import (
    MAX_AST_DEPTH,
    MAX_EXPRESSION_CHARS,
    MAX_OPERATION_BUDGET,
    MAX_TIME_LIMIT,
    Limits,
    limits_from_params,
)

AT = Position("rules.yaml", 12, 9)


def refusal(source: Any, position: Position | None = AT) -> ExpressionError | LimitExceeded:
    with pytest.raises((ExpressionError, LimitExceeded)) as caught:
        compile_expression(source, position)
    return caught.value  # type: ignore[return-value]  # one of the two


def test_an_expression_that_is_not_text_is_refused_at_its_position() -> None:
    error = refusal(42)
    assert type(error) is ExpressionError
    assert error.message == "表达式必须是文本 (expression must be a string)"
    assert error.position == AT


def test_an_expression_of_exactly_the_maximum_length_is_read() -> None:
    source = "1" + " " * (MAX_EXPRESSION_CHARS - 1)
    assert len(source) == MAX_EXPRESSION_CHARS
    assert compile_expression(source).names == frozenset()


def test_one_character_more_is_refused_with_its_length_and_limit() -> None:
    error = refusal("1" + " " * MAX_EXPRESSION_CHARS)
    assert isinstance(error, LimitExceeded)
    assert error.limit == "expression_chars"
    assert error.position == AT
    assert error.message == (
        f"表达式过长：{MAX_EXPRESSION_CHARS + 1} 个字符，上限 {MAX_EXPRESSION_CHARS}"
        " (limit: expression_chars)"
    )


def test_nesting_the_parser_cannot_hold_is_a_depth_limit_at_its_position() -> None:
    # Python's parser gives up (RecursionError) on 3,999 unary minus signs
    error = refusal("-" * (MAX_EXPRESSION_CHARS - 1) + "1")
    assert isinstance(error, LimitExceeded)
    assert error.limit == "expression_depth"
    assert error.position == AT
    assert error.message == "表达式嵌套过深 (limit: expression_depth)"


def nested(depth: int) -> str:
    """An expression whose deepest node is ``depth`` levels below the Expression node: each
    minus sign is one level, then the name, then the name's ``Load`` context."""
    return "-" * (depth - 2) + "x"


def test_a_tree_exactly_as_deep_as_allowed_is_read() -> None:
    assert compile_expression(nested(MAX_AST_DEPTH)).names == frozenset({"x"})


def test_one_level_deeper_is_refused_with_the_depth_limit() -> None:
    error = refusal(nested(MAX_AST_DEPTH + 1))
    assert isinstance(error, LimitExceeded)
    assert error.limit == "expression_depth"
    assert error.position == AT
    assert error.message == f"表达式嵌套超过 {MAX_AST_DEPTH} 层 (limit: expression_depth)"


@pytest.mark.parametrize(
    ("source", "names"),
    [
        # a comprehension's own variable is not a name the report must supply
        ("[x for x in items if x > floor]", {"items", "floor"}),
        ("sum(v for k, v in pairs)", {"sum", "pairs"}),
        # a name read and nothing bound
        ("a + b", {"a", "b"}),
    ],
)
def test_the_names_an_expression_reads_leave_out_what_it_binds(
    source: str, names: set[str]
) -> None:
    assert compile_expression(source).names == frozenset(names)


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("a @ b", "表达式中不允许使用运算符 MatMult"),
        ("~a", "表达式中不允许使用运算符 Invert"),
        ("a << 2", "表达式中不允许使用运算符 LShift"),
        ("lambda: 1", "表达式中不允许使用 Lambda (not allowed in expressions)"),
        ("(a := 1)", "表达式中不允许使用 NamedExpr (not allowed in expressions)"),
        ("[x async for x in y]", "表达式中不允许 async 推导式"),
    ],
)
def test_a_refused_construct_is_named_in_the_message(source: str, message: str) -> None:
    error = refusal(source)
    assert type(error) is ExpressionError
    assert error.message == message
    assert error.position == AT


# ------------------------------------------------------------------ params.limits
def limits_refusal(raw: Any) -> ExpressionError | LimitExceeded:
    with pytest.raises((ExpressionError, LimitExceeded)) as caught:
        limits_from_params({"limits": raw})
    return caught.value  # type: ignore[return-value]  # one of the two


def test_limits_that_are_not_a_mapping_are_refused_with_an_example() -> None:
    error = limits_refusal([500000])
    assert type(error) is ExpressionError
    assert error.message == "params.limits 必须是映射，例如 {operations: 500000}"


@pytest.mark.parametrize("key", ["operations", "seconds"])
def test_a_limit_that_is_text_is_refused_as_not_a_number(key: str) -> None:
    error = limits_refusal({key: "many"})
    assert type(error) is ExpressionError
    assert error.message == f"params.limits.{key} 必须是正数，实际是 “many”"


def test_an_operations_limit_with_a_fraction_is_refused_not_rounded() -> None:
    error = limits_refusal({"operations": Decimal("1500.5")})
    assert type(error) is ExpressionError
    assert error.message == "params.limits.operations 必须是整数，实际是 “1500.5”"


def test_a_seconds_limit_may_have_a_fraction() -> None:
    assert limits_from_params({"limits": {"seconds": Decimal("0.5")}}) == Limits(seconds=0.5)


@pytest.mark.parametrize("key", ["operations", "seconds"])
def test_a_zero_limit_is_refused(key: str) -> None:
    error = limits_refusal({key: 0})
    assert type(error) is ExpressionError
    assert error.message == f"params.limits.{key} 必须是正数，实际是 “0”"


@pytest.mark.parametrize(
    ("key", "ceiling"), [("operations", MAX_OPERATION_BUDGET), ("seconds", MAX_TIME_LIMIT)]
)
def test_a_limit_above_its_ceiling_names_the_limit(key: str, ceiling: float) -> None:
    error = limits_refusal({key: ceiling + 1})
    assert isinstance(error, LimitExceeded)
    assert error.limit == key
    assert error.message == (
        f"params.limits.{key} = {ceiling + 1} 超过允许的最大值 {ceiling} (limit: {key})"
    )
