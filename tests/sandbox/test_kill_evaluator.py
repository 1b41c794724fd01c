"""The evaluator's accounting, errors and helpers, pinned value by value.

Written against the mutants mutmut found surviving in ``jxrules.sandbox.evaluator``,
``.limits``, ``.values``, ``.failures`` and ``.helpers`` (docs/testing.md).
"""

from __future__ import annotations

import re
import threading
from decimal import Decimal
from types import MappingProxyType
from typing import Any

import pytest

from jxrules.errors import JxError, LimitExceeded
from jxrules.sandbox import (
    MAX_HASH_COLLISIONS,
    MAX_SIZE,
    compile_expression,
    evaluate,
    finditer_bounded,
)
from jxrules.sandbox.failures import over_time

MODULUS = 2**61 - 1  # Python hashes integers modulo this prime


def run(text: str, budget: int | None = None, **names: Any) -> Any:
    return evaluate(compile_expression(text), names, budget=budget)


def refused(text: str, budget: int | None = None, **names: Any) -> JxError:
    with pytest.raises(JxError) as caught:
        run(text, budget, **names)
    return caught.value


def test_a_new_thread_gets_an_evaluator_of_its_own_that_works() -> None:
    """The pooled evaluator is built once per thread: build one and use all it holds."""
    out: dict[str, Any] = {}

    def work() -> None:
        out["value"] = run("1 / 4 + sum(x) + x[0]", x=[1, 2])
        out["missing"] = refused("y + 1").message
        out["twice"] = run("z * 2", z=3)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert out == {
        "value": Decimal("4.25"),
        "missing": "未定义的名称 “y” (undefined name)",
        "twice": 6,
    }
    assert type(out["value"]) is Decimal


def test_comparing_with_none_costs_one_and_big_values_cost_their_size() -> None:
    assert run("x == None", budget=4, x=1) is False  # 3 nodes and 1 for the comparison
    assert isinstance(refused("x == None", budget=3, x=1), LimitExceeded)
    big = [0] * 1000
    assert run("x != None", budget=10, x=big) is True  # never walks x
    assert run("None != x", budget=10, x=big) is True
    for text in ("x == y", "y == x"):
        error = refused(text, budget=500, x=big, y=[1])
        assert isinstance(error, LimitExceeded) and error.limit == "operations"
    assert run("x == x", x=[1, 2]) is True  # the second weighing is the cached one


def test_a_slice_is_charged_by_its_length() -> None:
    assert run("len(x[0:10])", budget=100, x=list(range(1000))) == 10
    error = refused("x[0:900]", budget=100, x=list(range(1000)))
    assert isinstance(error, LimitExceeded) and error.limit == "operations"


def test_attribute_and_subscript_errors_name_the_type() -> None:
    assert refused("x.a", x=[1]).message == "不能对 list 取属性 “a”"
    assert refused("x[1]", x=5).message == "不能对 int 取下标"
    assert refused("{**x}", x=[1]).message == "** 只能展开映射，实际是 list"


def test_mappings_built_by_an_expression_keep_keys_and_values() -> None:
    assert run("{'a': 1, 'b': x}", x=2) == {"a": 1, "b": 2}
    assert run("{**m, 'c': 3}", m={"a": 1}) == {"a": 1, "c": 3}
    assert run("{k: k * 2 for k in [0, 1, 2]}") == {0: 0, 1: 2, 2: 4}
    assert len(run("{k: 0 for k in x}", x=list(range(40)))) == 40  # distinct hashes: no crowd


def test_a_crowd_of_one_hash_is_refused_above_32_distinct_values() -> None:
    crowd = [k * MODULUS + 7 for k in range(1, MAX_HASH_COLLISIONS + 1)]
    # 32 distinct values of one hash, one of them twice: allowed
    assert run("len(set(x))", x=[*crowd, crowd[0]]) == MAX_HASH_COLLISIONS
    error = refused("set(x)", x=[*crowd, (MAX_HASH_COLLISIONS + 1) * MODULUS + 7])
    assert isinstance(error, LimitExceeded) and error.limit == "hash"
    assert error.message == (
        "集合或映射中有超过 32 个不同的值哈希相同（构造的哈希碰撞）(limit: hash)"
    )


def test_an_argument_list_is_refused_above_the_size_limit() -> None:
    assert len(run("sorted(x)", budget=10**6, x=[0] * MAX_SIZE)) == MAX_SIZE
    error = refused("sorted(x)", budget=10**6, x=[0] * (MAX_SIZE + 1))
    assert isinstance(error, LimitExceeded)
    assert error.message == "参数过大（上限 100000 项）(limit: size)"


def test_type_errors_say_when_a_field_was_blank() -> None:
    assert refused("x + 1", x=None).message == (
        "类型错误：unsupported operand type(s) for +: 'NoneType' and 'int'（某个字段为空）"
    )
    assert refused("x < 1", x="a").message == (
        "类型错误：'<' not supported between instances of 'str' and 'int'"
    )


def test_division_of_text_is_a_type_error() -> None:
    assert run("x / 4", x=1) == Decimal("0.25")
    assert (
        refused("'a' / 2").message == "类型错误：unsupported operand type(s) for /: 'str' and 'int'"
    )
    assert (
        refused("2 / 'a'").message == "类型错误：unsupported operand type(s) for /: 'int' and 'str'"
    )


def test_band_gives_the_field_of_the_first_band_reached() -> None:
    bands = [{"min": 90, "grade": "优", "name": "A"}, {"min": 80, "grade": "良", "name": "B"}]
    assert run("band(v, b)", v=90, b=bands) == "优"
    assert run("band(v, b)", v=Decimal("89.9"), b=bands) == "良"
    assert run("band(v, b, field='name')", v=85, b=bands) == "B"
    assert run("band(v, b)", v=10, b=bands) is None


def test_find_word_gives_the_first_listed_word_found() -> None:
    assert run("find_word('本年完成验收', ['验收', '完成'])") == "验收"
    assert run("find_word('abc', ['', 'c'])") == "c"  # an empty word is skipped
    assert run("find_word('abc', ['x'])") is None
    assert run("find_word(None, ['a'])") is None
    assert refused("find_word(5, ['a'])").message == "find_word() 读取的是文本，实际是 int"
    assert refused("find_word('abc', [3])").message == "find_word() 的词表只能有文本，实际有 int"


def test_get_gives_a_default_and_refuses_a_list() -> None:
    assert run("get(m, 'x', 5)", m={}) == 5
    assert run("get(m, 'x', default=5)", m={"x": 1}) == 1
    assert run("get(m, 'x')", m={}) is None
    assert refused("get(m, 'a')", m=[1]).message == "get() 的第一个参数必须是映射，实际是 list"


@pytest.mark.parametrize("window", [1, 2, 3, 5])
@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        ("a+", "aab\naaab\nb\naaaa\n"),
        ("x*", "ab\nc"),
        (r"\w+$", "abc\nde\nfghij\nk"),
        ("^b", "ab\nb\nbb\nb"),
        ("a", ""),
    ],
)
def test_short_matches_in_windows_are_those_of_finditer(
    window: int, pattern: str, text: str
) -> None:
    """Every match of at most ``window`` characters is found as ``finditer`` finds it; a
    longer one may come cut in pieces, each inside it; nothing else is found."""
    compiled = re.compile(pattern, re.MULTILINE)
    real = [m.span() for m in compiled.finditer(text)]
    found = [m.span() for m in finditer_bounded(compiled, text, window=window)]
    assert [s for s in real if s[1] - s[0] <= window] == [
        s for s in found if s in real and s[1] - s[0] <= window
    ]
    assert all(any(a <= s and e <= t for a, t in real) for s, e in found)
    assert found == sorted(set(found))


def test_a_window_must_be_positive() -> None:
    with pytest.raises(ValueError, match=r"^window must be positive$"):
        list(finditer_bounded(re.compile("a"), "a", window=0))
    assert [m.span() for m in finditer_bounded(re.compile("a"), "aa", window=1)] == [(0, 1), (1, 2)]


def test_each_row_is_evaluated_with_a_budget_of_its_own() -> None:
    from jxrules.sandbox import evaluate_each

    rows = [{"v": 1}, {"v": 2}]
    assert evaluate_each(compile_expression("item['v'] * k"), {"k": 3}, rows) == [3, 6]
    named = evaluate_each(compile_expression("row['v']"), {}, rows, name="row")
    assert named == [1, 2]
    assert evaluate_each(compile_expression("1"), {}, []) == []


def test_a_set_prints_in_insertion_order_and_a_function_is_no_value() -> None:
    from jxrules.sandbox import OrderedSet

    assert repr(OrderedSet(["b", "a", "b"])) == "{'b', 'a'}"
    assert repr(OrderedSet()) == "set()"
    assert refused("f", f=len).message == "表达式的值不能是函数或模块"


NESTED = [[1, 2], [3, 4], [5, 6]]


@pytest.mark.parametrize("budget", range(1, 14))
def test_printing_a_nested_list_below_its_14_operations_is_refused(budget: int) -> None:
    error = refused("str(x)", budget, x=NESTED)
    assert isinstance(error, LimitExceeded)
    assert error.limit == "operations"
    assert error.message.startswith(f"表达式运算步数超出上限 {budget}（")


@pytest.mark.parametrize("budget", [14, 15, 100])
def test_printing_a_nested_list_takes_14_operations(budget: int) -> None:
    assert run("str(x)", budget, x=NESTED) == "[[1, 2], [3, 4], [5, 6]]"


TEXT = "a" * 100


@pytest.mark.parametrize(
    ("text", "names", "needed"),
    [
        ("x == y", {"x": [[1, 2], [3, 4]], "y": [[1, 2], [3, 4]]}, 17),
        ("x == y", {"x": {"a": [1, 2]}, "y": {"a": [1, 2]}}, 11),
        ("x == y", {"x": TEXT, "y": TEXT}, 7),
        ("x == 1", {"x": [TEXT, TEXT]}, 9),
        ("x == 1", {"x": {"k": TEXT}}, 7),
        ("x == 1", {"x": {1, 2, 3}}, 8),
        ("x == 1", {"x": (1, 2)}, 7),
        ("x + y", {"x": [1, 2, 3], "y": [4, 5]}, 13),
        ("x + y", {"x": TEXT, "y": TEXT}, 8),
        ("x - y", {"x": 5, "y": 3}, 3),
        ("x * 2", {"x": [1, 2, 3]}, 12),
        ("max(x)", {"x": [1, 2, 3]}, 8),
        ("len(x)", {"x": [1, 2, 3]}, 2),
        ("sorted(x)", {"x": [3, 1, 2]}, 11),
        ("round(x, digits=1)", {"x": 1}, 7),
        ("str(x)", {"x": TEXT}, 7),
        ("abs(x)", {"x": -1}, 5),
    ],
)
def test_an_expression_is_charged_exactly_its_operations(
    text: str, names: dict[str, Any], needed: int
) -> None:
    run(text, needed, **names)  # enough: no error
    error = refused(text, needed - 1, **names)
    assert isinstance(error, LimitExceeded)
    assert error.limit == "operations"
    assert error.message.startswith(f"表达式运算步数超出上限 {needed - 1}（")


def test_running_out_of_time_names_the_seconds_limit() -> None:
    error = over_time(0.5)
    assert (error.message, error.limit) == (
        "表达式求值超过 0.5 秒（可用 params.limits.seconds 调整） (limit: seconds)",
        "seconds",
    )


def test_repeating_a_list_is_allowed_up_to_the_size_limit() -> None:
    assert len(run("x * n", 10**6, x=[0], n=MAX_SIZE)) == MAX_SIZE
    error = refused("x * n", 10**6, x=[0], n=MAX_SIZE + 1)
    assert isinstance(error, LimitExceeded)
    assert (error.message, error.limit) == ("结果过大（上限 100000 项）(limit: size)", "size")


class Label(str):
    """A text of a str subclass (what a plugin may put in the names)."""


@pytest.mark.parametrize(
    ("names", "needed"),
    [
        ({"x": [Label("a" * 200), 1]}, 10),
        ({"x": MappingProxyType({"a": [1, 2, 3]})}, 9),
    ],
)
def test_a_str_subclass_or_another_mapping_is_weighed_as_text_and_mapping(
    names: dict[str, Any], needed: int
) -> None:
    assert run("x == 1", needed, **names) is False
    error = refused("x == 1", needed - 1, **names)
    assert isinstance(error, LimitExceeded)
    assert error.limit == "operations"


@pytest.mark.parametrize(
    "value",
    [[[0]] + [0] * (MAX_SIZE - 2), [0] * (MAX_SIZE - 2) + [[0]]],
)
def test_str_refuses_an_argument_weighing_one_over_the_size_limit(value: list[Any]) -> None:
    # the outer list holds MAX_SIZE - 1 items, one of them a list of one: MAX_SIZE + 1 in all
    error = refused("str(x)", 10**7, x=value)
    assert isinstance(error, LimitExceeded)
    assert (error.message, error.limit) == (
        "str() 的参数过大（上限 100000 项）(limit: size)",
        "size",
    )
