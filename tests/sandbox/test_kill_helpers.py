"""The helpers and operators expressions call, value by value and limit by limit.

Written against the mutants mutmut found surviving in ``jxrules.sandbox.helpers`` (docs/testing.md):
each test pins the figure, the limit or the message a one-line change would alter.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from jxrules.errors import JxError, LimitExceeded
from jxrules.sandbox import MAX_SIZE, compile_expression, evaluate, helpers


def run(text: str, budget: int | None = None, **names: Any) -> Any:
    return evaluate(compile_expression(text), names, budget=budget)


def refused(text: str, **names: Any) -> JxError:
    """The sandbox's error (an ``ExpressionError`` or a ``LimitExceeded``) for ``text``."""
    with pytest.raises(JxError) as caught:
        run(text, **names)
    return caught.value


def test_adding_two_lists_joins_them_up_to_the_size_limit() -> None:
    assert run("[1] + [2]") == [1, 2]
    assert run("2 + 3") == 5
    half = [0] * (MAX_SIZE // 2)
    assert len(run("a + b", budget=10**6, a=half, b=half)) == MAX_SIZE
    for a, b in (([*half, 0], half), (half, [*half, 0])):
        error = refused("a + b", a=a, b=b)
        assert isinstance(error, LimitExceeded)
        assert (error.message, error.limit) == ("结果过大（上限 100000 项）(limit: size)", "size")


def test_a_power_is_refused_above_1000_on_either_side() -> None:
    assert run("1000 ** 2") == 1_000_000
    assert run("2 ** 1000") == 2**1000
    assert run("2 ** 3") == 8
    for text, shown in (("1001 ** 2", "1001 ** 2"), ("2 ** 1001", "2 ** 1001")):
        error = refused(text)
        assert isinstance(error, LimitExceeded)
        assert (error.message, error.limit) == (f"幂运算过大：{shown} (limit: power)", "power")


def test_modulo_of_numbers_and_no_percent_formatting() -> None:
    assert run("7 % 3") == 1
    error = refused("'a%s' % 1")
    assert error.message == "不允许用 % 格式化文本 (no %-formatting)"


def test_int_converts_up_to_3500_digits_and_refuses_beyond() -> None:
    assert run("int(x)", x=Decimal("3.7")) == 3
    assert run("int(x)", x=5) == 5
    assert run("int(x)", x="12") == 12
    assert run("int(x)", x=Decimal("1E3500")) == 10**3500
    error = refused("int(x)", x=Decimal("1E3501"))
    assert isinstance(error, LimitExceeded)
    assert error.limit == "integer"
    assert error.message == "数字过大，不能转为整数：1E+3501 (limit: integer)"
    assert refused("int(x)", x=[1]).message == "int() 不能转换 list"


def test_round_is_half_up_to_whole_units_by_default() -> None:
    assert run("round(x)", x=Decimal("2.45")) == Decimal("2")
    assert run("round(x)", x=Decimal("2.5")) == Decimal("3")
    assert run("round(x, 1)", x=Decimal("2.45")) == Decimal("2.5")
    assert run("round(x, d)", x=Decimal("2.45"), d=Decimal("1")) == Decimal("2.5")
    error = refused("round(x, d)", x=Decimal("2.45"), d="1")
    assert error.message == "round() 的位数必须是整数，实际是 str"


def test_sum_counts_a_blank_as_zero_and_names_a_bad_start() -> None:
    assert run("sum([1, None, 2])") == Decimal(3)
    assert run("sum([1, 2], start=10)") == Decimal(13)
    assert refused("sum([1], start='a')").message == "sum() 的 start 必须是数字，实际是 str"


def test_decimal_reads_a_percent_and_names_what_is_not_a_number() -> None:
    assert run('decimal("12.5%")') == Decimal("12.5")
    assert run('decimal("1,234.5")') == Decimal("1234.5")
    assert refused('decimal("abc")').message == "“abc” 不是数字 (not a number)"


def test_sorted_is_ascending_unless_reversed() -> None:
    assert run("sorted([3, 1, 2])") == [1, 2, 3]
    assert run("sorted([3, 1, 2], reverse=True)") == [3, 2, 1]


def test_str_refuses_a_big_argument_and_a_long_text_each_by_name() -> None:
    assert run("str(x)", x=Decimal("1.50")) == "1.50"
    exact = ["a" * (MAX_SIZE - 4)]  # prints as ['aaa…'], exactly MAX_SIZE characters
    assert run("len(str(x))", x=exact) == MAX_SIZE
    longer = refused("str(x)", x=["a" * (MAX_SIZE - 3)])
    assert longer.message == "str() 的结果过大（上限 100000 项）(limit: size)"
    # a list weighing exactly MAX_SIZE passes the argument check and is refused as a result
    heavy = refused("str(x)", x=[0] * (MAX_SIZE - 1))
    assert heavy.message == "str() 的结果过大（上限 100000 项）(limit: size)"
    big = refused("str(x)", x=[0] * MAX_SIZE)
    assert big.message == "str() 的参数过大（上限 100000 项）(limit: size)"


def test_an_unhashable_value_is_in_no_set() -> None:
    assert run("[1] in {1, 2}") is False
    assert run("1 in {1, 2}") is True


def test_the_helper_table_lists_builtins_then_plugins(monkeypatch: pytest.MonkeyPatch) -> None:
    table = helpers._WithPlugins({"a": 1, "b": 2}, 0)
    assert (table["a"], list(table), len(table)) == (1, ["a", "b"], 2)

    def plugin() -> int:
        return 7

    extra = {"extra": (plugin, frozenset({"unit"}))}
    monkeypatch.setattr(helpers, "plugin_helpers", lambda: extra)
    assert len(table) == 3
    assert list(table) == ["a", "b", "extra"]
    assert table["extra"] is plugin
    assert helpers._WithPlugins({}, 1)["extra"] == frozenset({"unit"})


@pytest.mark.parametrize(
    ("bits_a", "bits_b"),
    [(7000, 7000), (1, 13999), (13999, 1)],
)
def test_a_product_of_integers_is_allowed_up_to_14000_bits_in_all(bits_a: int, bits_b: int) -> None:
    a, b = 2 ** (bits_a - 1), 2 ** (bits_b - 1)
    assert run("a * b", a=a, b=b) == 2 ** (bits_a + bits_b - 2)


@pytest.mark.parametrize(
    ("bits_a", "bits_b"),
    [(7001, 7000), (7000, 7001), (14000, 1)],
)
def test_a_product_of_integers_over_14000_bits_is_refused_as_the_integer_limit(
    bits_a: int, bits_b: int
) -> None:
    error = refused("a * b", a=2 ** (bits_a - 1), b=2 ** (bits_b - 1))
    assert isinstance(error, LimitExceeded)
    assert (error.message, error.limit) == ("整数过大 (limit: integer)", "integer")
