"""The compiled sandbox agrees with the reference tree walk: values, errors and operations.

:func:`jxrules.sandbox.evaluate` runs closures compiled once per expression
(``jxrules/sandbox/compiler.py``); :func:`jxrules.sandbox.interpret` walks the tree with
simpleeval.  Rules must not behave differently under either, so every expression here is run
by both and must give the same value (same type), the same error (same class, limit and
message), and — when it succeeds — use exactly the same number of operations of the budget.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given

import jxrules
from jxrules.errors import ExpressionError, JxError, LimitExceeded
from jxrules.namespace import report_names
from jxrules.sandbox import CompiledExpression, compile_expression, evaluate, interpret
from tests.conftest import JIANGMEN_YAML, ROOT
from tests.test_fuzz_loaders import EXPRESSIONS, FUZZ
from tests.test_sandbox_battery import HOSTILE

Evaluate = Callable[..., Any]


@pytest.fixture(scope="module")
def names() -> Any:
    report = jxrules.load_report(JIANGMEN_YAML)
    return report_names(report, {"max_score": 100, "total_row_names": ["合计"]})


def outcome(run: Evaluate, expression: CompiledExpression, names: Any, **options: Any) -> Any:
    """What an evaluation gives: ``("value", type, value)`` or ``("error", class, limit, text)``."""
    try:
        value = run(expression, names, **options)
    except JxError as exc:
        return ("error", type(exc).__name__, getattr(exc, "limit", None), exc.message)
    return ("value", type(value).__name__, value)


def operations(run: Evaluate, expression: CompiledExpression, names: Any) -> int:
    """The smallest operation budget under which ``expression`` evaluates (binary search)."""
    low, high = 0, 200_000
    while low < high:
        middle = (low + high) // 2
        try:
            run(expression, names, budget=middle)
        except LimitExceeded as exc:
            if exc.limit != "operations":
                raise
            low = middle + 1
        else:
            high = middle
    return low


def assert_agree(text: str, names: Any) -> None:
    try:
        expression = compile_expression(text)
    except JxError:
        return  # refused at load: neither evaluator ever sees it
    compiled = outcome(evaluate, expression, names)
    reference = outcome(interpret, expression, names)
    assert compiled == reference, text
    if compiled[0] == "value":
        assert operations(evaluate, expression, names) == operations(
            interpret, expression, names
        ), text


def ruleset_expressions() -> Iterator[str]:
    """Every expression text in the bundled rulesets (when, assert, where, evidence...)."""
    for path in sorted((ROOT / "rulesets").rglob("*.yaml")):
        if path.name.endswith(".tests.yaml"):
            continue
        ruleset = jxrules.load_ruleset(path)
        for rule in ruleset.rules:
            found: list[Any] = [rule.when, *_expressions_in(rule.config)]
            yield from (e.source for e in found if isinstance(e, CompiledExpression))


def _expressions_in(value: Any, depth: int = 0) -> Iterator[Any]:
    if isinstance(value, CompiledExpression):
        yield value
    elif depth < 4 and isinstance(value, (list, tuple)):
        for item in value:
            yield from _expressions_in(item, depth + 1)
    elif depth < 4 and isinstance(value, dict):
        for item in value.values():
            yield from _expressions_in(item, depth + 1)
    elif depth < 4 and hasattr(value, "__attrs_attrs__"):
        for field in value.__attrs_attrs__:
            yield from _expressions_in(getattr(value, field.name), depth + 1)


BUNDLED = sorted(set(ruleset_expressions()))


def test_the_bundled_rulesets_have_expressions_to_compare() -> None:
    assert len(BUNDLED) >= 10
    assert "item.name not in params.total_row_names" in BUNDLED


@pytest.mark.parametrize("text", BUNDLED)
def test_bundled_rule_expressions_agree(text: str, names: Any) -> None:
    assert_agree(text, names)


@pytest.mark.parametrize("text", BUNDLED)
def test_bundled_row_filters_agree_on_every_row(text: str, names: Any) -> None:
    expression = compile_expression(text)
    scope = jxrules.sandbox.Record(names)
    for row in names["indicators"]:
        scope["item"] = row
        assert outcome(evaluate, expression, scope) == outcome(interpret, expression, scope)


@pytest.mark.parametrize(("name", "text", "expected"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_expressions_fail_the_same_way(
    name: str, text: str, expected: str, names: Any, tmp_path: Path
) -> None:
    text = text.replace("SENTINEL", str(tmp_path / "pwned"))
    if expected == "load":  # refused before either evaluator could see it
        with pytest.raises(JxError):
            compile_expression(text)
        return
    assert_agree(text, names)
    assert outcome(evaluate, compile_expression(text), names)[0] == "error"


CASES = [
    # (expression, value)
    ("1 + 2 * 3", 7),
    ("10 / 4", Decimal("2.5")),
    ("0.1 + 0.2 == 0.3", True),
    ("1 < 2 < 3 > 2", True),
    ("1 < 2 > 3 < undefined", False),  # the chain stops before the undefined name
    ("0 and undefined", 0),
    ("1 or undefined", 1),
    ("'' or 'b' and 'c'", "c"),
    ("'y' if 2 > 1 else undefined", "y"),
    ("[x * 2 for x in [1, 2, 3] if x != 2]", [2, 6]),
    ("[(a, b) for a, b in [(1, 2), [3, 4]]]", [(1, 2), (3, 4)]),
    ("[x for x in [1, 2] for x in [x, x * 10]]", [1, 10, 2, 20]),
    ("[[y + x for y in [x, 1]] for x in [5, 6]]", [[10, 6], [12, 7]]),
    ("{k: v for k, v in [('a', 1), ('b', 2)] if v > 1}", {"b": 2}),
    ("sum(i.row == None for i in indicators)", Decimal(0)),
    ("narrative[2:5][::-1] == narrative[4:1:-1]", True),
    ("{'a': 1, **{'b': 2}}", {"a": 1, "b": 2}),
    ("get(params, 'nope', 'fallback')", "fallback"),
    ("sorted([3, 1, 2], reverse=True)", [3, 2, 1]),
    ("round(2.675, digits=2)", Decimal("2.68")),
    ("-(-3) + +2 - (not 0)", 4),
]


@pytest.mark.parametrize(("text", "value"), CASES)
def test_compiled_values(text: str, value: Any, names: Any) -> None:
    assert evaluate(compile_expression(text), names) == value
    assert_agree(text, names)


ERRORS = [
    ("undefined", ExpressionError, "未定义的名称 “undefined”"),
    ("[y for x in [1]]", ExpressionError, "未定义的名称 “y”"),
    ("narrative.upper", ExpressionError, "不能对 str 取属性"),
    ("self_evaluation.nope", ExpressionError, "没有字段 “nope”"),
    ("1 / 0", ExpressionError, "除数为零"),
    ("[a for a, b in [1]]", ExpressionError, "无法把 int 拆成 2 个值"),
    ("{**[1]}", ExpressionError, "** 只能展开映射"),
    ("len(1)", ExpressionError, "类型错误"),
    ("'a' * 10**9", LimitExceeded, "过大"),
]


@pytest.mark.parametrize(("text", "error", "words"), ERRORS)
def test_compiled_errors(text: str, error: type[JxError], words: str, names: Any) -> None:
    with pytest.raises(error) as caught:
        evaluate(compile_expression(text, jxrules.errors.Position("r.yaml", 3, 7)), names)
    assert words in caught.value.message
    assert caught.value.position == jxrules.errors.Position("r.yaml", 3, 7)
    assert_agree(text, names)


def test_operations_are_counted_exactly(names: Any) -> None:
    # 1 (compare) + 1 + 1 (the two constants) + 2 (comparing two scalars)
    assert operations(evaluate, compile_expression("1 == 2"), names) == 5
    # the call (1) and its argument (1 + 28 per iteration + 28 x 5 for `i.row != None`) ...
    text = "count(i.row != None for i in indicators)"
    used = operations(evaluate, compile_expression(text), names)
    assert used == operations(interpret, compile_expression(text), names)
    assert used > 28 * 5


def test_compiled_expressions_still_pickle(names: Any) -> None:
    expression = compile_expression("len(indicators) + 1")
    assert evaluate(expression, names) == 29
    copy = pickle.loads(pickle.dumps(expression))
    assert copy.source == expression.source and evaluate(copy, names) == 29


@FUZZ
@given(text=EXPRESSIONS)
def test_random_expressions_agree(text: str, names: Any) -> None:
    assert_agree(text, names)


def test_evaluate_each_is_evaluate_per_row(names: Any) -> None:
    from jxrules.sandbox import Record, evaluate_each

    rows = names["indicators"]
    for text in BUNDLED:
        expression = compile_expression(text)
        each = outcome(lambda e, n: evaluate_each(e, n, rows), expression, names)
        one_by_one = []
        for row in rows:
            scope = Record(names)
            scope["item"] = row
            one_by_one.append(outcome(evaluate, expression, scope))
        if each[0] == "value":
            assert each[2] == [value for _, _, value in one_by_one], text
        else:
            assert each in one_by_one, text  # the first row that fails, as evaluate says it


WHERE = [
    "item.name not in params.total_row_names",
    "item.points != None and item.score != None",
    "count([i.name for i in indicators if i.name == item.name]) > 1",
    "[item.name in params.total_row_names for i in indicators[:3]]",
    "item.row in [i.row for i in indicators if i.name not in params.total_row_names]",
]


@pytest.mark.parametrize("text", WHERE)
def test_evaluate_each_charges_each_row_as_evaluate_does(text: str, names: Any) -> None:
    # report names read for every row are kept across rows: the charges must not change
    from jxrules.sandbox import Record, evaluate_each

    expression = compile_expression(text)
    rows = names["indicators"][:6]
    most = 0
    for row in rows:
        scope = Record(names)
        scope["item"] = row
        most = max(most, operations(evaluate, expression, scope))

    def each(expression: CompiledExpression, names: Any, *, budget: int) -> Any:
        params = Record({**names["params"], "limits": Record(operations=budget)})
        limited = Record({**names, "params": params})
        return evaluate_each(expression, limited, rows)

    assert most > 3
    assert operations(each, expression, names) == most


def test_evaluate_each_gives_every_row_its_own_budget(names: Any) -> None:
    from jxrules.sandbox import Record, evaluate_each

    expression = compile_expression("count(i.row != item.row for i in indicators)")
    scope = Record(names)
    scope["item"] = names["indicators"][0]
    need = operations(evaluate, expression, scope)  # one row's worth: about 28 x 7
    limited = Record({**names, "params": {"limits": {"operations": need + 10}}})
    assert evaluate_each(expression, limited, names["indicators"]) == [27] * 28
    with pytest.raises(LimitExceeded) as caught:  # one row that needs more fails alone
        evaluate_each(
            compile_expression("sum(1 for i in indicators for j in indicators)"), limited, [1]
        )
    assert caught.value.limit == "operations"


LOOPS = [
    "count([i.name not in params.total_row_names for i in indicators])",
    "[i.row == params.max_score for i in indicators]",
    "[x in params.big for x in narrative[:300]]",
    "[[y in params.total_row_names for y in [i.name, i.row]] for i in indicators]",
    "[i.name in params.nope for i in indicators]",
    "[params.big == params.big for i in indicators]",
    "[None == params.max_score for i in indicators]",
]


@pytest.mark.parametrize("text", LOOPS)
def test_values_read_again_in_a_loop_cost_the_same_each_time(text: str, names: Any) -> None:
    # the compiled form reads params.* once per evaluation; the charges must not change
    scope = {**names, "params": {**names["params"], "big": ["x" * 100] * 500}}
    assert_agree(text, jxrules.sandbox.Record(scope))


@pytest.mark.parametrize(
    "text",
    [
        "[x for x in [1, 2] if z for z in [0]]",
        "[y for x in [1, 2] for y in y]",
        "[x for x in a if [z for w in b] for z in c]",
    ],
)
def test_a_loop_variable_read_before_its_for_is_refused_at_load(text: str) -> None:
    with pytest.raises(ExpressionError, match="在它的 for 之前被使用"):
        compile_expression(text)


@pytest.mark.parametrize(
    "text",
    [
        "[y for y in y]",
        "[x for x in a for y in x if y]",
        "[x for x in a if [z for z in x]]",
        "[x for x in a if x for z in x if z]",
    ],
)
def test_loop_variables_read_after_their_for_are_fine(text: str) -> None:
    compile_expression(text)


FAILING = [
    "undefined + 1 + 2 + 3",
    "[i.nope for i in indicators]",
    "count(i.row != None for i in indicators) + undefined",
    "[1 / (28 - len([j for j in indicators if j.row <= i.row])) for i in indicators]",
    "sum(x for x in [1, 2, 'a'])",
]


@pytest.mark.parametrize("text", FAILING)
def test_at_every_budget_a_failing_expression_fails_the_same_way_or_on_the_budget(
    text: str, names: Any
) -> None:
    """Below its full cost, the compiled form may report the budget a few operations earlier
    than the walk does (it charges what must run before running it) where the walk meets
    another error first; it never succeeds where the walk fails, nor fails otherwise."""
    expression = compile_expression(text)
    reference = outcome(interpret, expression, names)
    assert reference[0] == "error"
    full = 2_000
    for budget in range(0, full):
        ours = outcome(evaluate, expression, names, budget=budget)
        theirs = outcome(interpret, expression, names, budget=budget)
        assert ours[0] == "error", (budget, ours)
        assert ours == theirs or ours[1:3] == ("LimitExceeded", "operations"), (
            budget,
            ours,
            theirs,
        )
    assert outcome(evaluate, expression, names) == reference
