"""``--explain``: the value of each sub-expression of a failed assertion, outermost first.

Written against the mutants mutmut found with no test in ``jxrules.checks.expression``
(docs/testing.md): ``explain_expression`` was reached only through the CLI tests.
"""

from __future__ import annotations

from jxrules.checks.expression import MAX_EXPLAINED, explain_expression
from jxrules.sandbox import compile_expression
from jxrules.sandbox.values import Record


def test_each_sub_expression_is_shown_with_its_value_and_structures_are_left_out() -> None:
    expression = compile_expression("x + 1 > limit or str(x) == 'a' or len(rows) > 1 or rec.a > 2")
    scope = {"x": 5, "limit": 10, "str": str, "len": len, "rows": [Record(v=1)], "rec": Record(a=1)}
    assert explain_expression(expression, scope) == {
        "x + 1 > limit or str(x) == 'a' or len(rows) > 1 or (rec.a > 2)": "否",
        "x + 1 > limit": "否",
        "str(x) == 'a'": "否",
        "len(rows) > 1": "否",
        "rec.a > 2": "否",
        "x + 1": "6",
        "limit": "10",
        "str(x)": "5",
        "len(rows)": "1",
        "rec.a": "1",
        "x": "5",
    }


def test_a_part_that_cannot_be_evaluated_says_why() -> None:
    expression = compile_expression("total > nope")
    assert explain_expression(expression, {"total": 3}) == {
        "total > nope": "（无法求值：未定义的名称 “nope” (undefined name)）",
        "total": "3",
        "nope": "（无法求值：未定义的名称 “nope” (undefined name)）",
    }


def test_at_most_sixteen_parts_are_explained() -> None:
    names = [f"a{n}" for n in range(20)]
    expression = compile_expression(" + ".join(names) + " > 0")
    explained = explain_expression(expression, {name: 1 for name in names})
    assert MAX_EXPLAINED == 16
    assert len(explained) == 16
    assert explained[" + ".join(names) + " > 0"] == "是"
