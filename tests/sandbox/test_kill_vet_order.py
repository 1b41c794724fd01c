"""Load-time vetting of comprehensions: a loop variable read before its ``for`` is refused with
its name and the expression's position, a loop variable named like a helper is refused where it
stands, and what Python itself accepts compiles and runs.

Written against the mutants mutmut found surviving in ``jxrules.sandbox.vet`` once the
evaluator's core ran (docs/testing.md, *Mutation testing*).
"""

from __future__ import annotations

from typing import Any

import pytest

from jxrules.errors import ExpressionError, LimitExceeded, Position
from jxrules.sandbox import compile_expression, evaluate

AT = Position("r.yaml", 8, 4)


def before_its_for(name: str) -> str:
    return f"推导式中的循环变量 “{name}” 在它的 for 之前被使用 (loop variable used before its for)"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a condition of the first for reads the second for's variable
        ("[x for x in a if z for z in b]", "z"),
        # ... or the second of three
        ("[1 for x in a if y for y in b for z in c]", "y"),
        # ... or the third of three
        ("[1 for x in a if z for y in b for z in c]", "z"),
        # a condition of the second for reads the third's
        ("[1 for x in a for y in b if z for z in c]", "z"),
        # two of them: the first in alphabetical order is named
        ("[1 for x in a if z and y for y in b for z in c]", "y"),
        # the second iterable reads its own variable
        ("[1 for x in a for y in y]", "y"),
        # in a generator and a dict comprehension too
        ("sum(x for x in a if z for z in b)", "z"),
        ("{x: 1 for x in a if z for z in b}", "z"),
    ],
)
def test_a_loop_variable_read_before_its_for_is_refused_where_it_stands(
    text: str, name: str
) -> None:
    with pytest.raises(ExpressionError) as caught:
        compile_expression(text, AT)
    assert (caught.value.message, caught.value.position) == (before_its_for(name), AT)


@pytest.mark.parametrize(
    ("text", "names", "value"),
    [
        # a later for binds again a name its condition reads: Python reads the earlier one
        ("[x for x in a if x for x in b]", {"a": [0, 1], "b": [7]}, [7]),
        ("[y for x in a for y in b if x]", {"a": [0, 2], "b": [5, 6]}, [5, 6]),
        # the first iterable is read outside the loop: any name is fine there
        ("[z for z in z]", {"z": [3, 4]}, [3, 4]),
        ("[x + y for x in a if x for y in b if y > x]", {"a": [1, 3], "b": [2, 4]}, [3, 5, 7]),
    ],
)
def test_what_python_accepts_compiles_and_runs(
    text: str, names: dict[str, Any], value: list[Any]
) -> None:
    assert evaluate(compile_expression(text), names) == value


def test_a_loop_variable_named_like_a_helper_is_refused_where_it_stands() -> None:
    with pytest.raises(ExpressionError) as caught:
        compile_expression("[1 for len in a]", AT)
    assert (caught.value.message, caught.value.position) == (
        "推导式的循环变量不能与函数 “len” 同名",
        AT,
    )


def test_nesting_is_refused_one_level_past_the_limit_with_its_position() -> None:
    """``-`` nested 39 times reaches depth 40 (``MAX_AST_DEPTH``) and loads; 40 times is one
    level past it and is refused where the expression stands, naming the limit."""
    where = Position("r.yaml", 3, 12)
    assert compile_expression("-" * 39 + "1", where).names == frozenset()
    with pytest.raises(LimitExceeded) as caught:
        compile_expression("-" * 40 + "1", where)
    assert str(caught.value) == "r.yaml:3:12: 表达式嵌套超过 40 层 (limit: expression_depth)"
    assert (caught.value.position, caught.value.limit) == (where, "expression_depth")
