"""The evaluator's core, pinned where a one-line change would move it: the clock looked at every
256 nodes, the limits an evaluation gets, the thread's pooled evaluator, comprehension targets
and sizes, and the errors of helpers that fail or disappear.

Written against the mutants mutmut found surviving in ``jxrules.sandbox.evaluator`` and
``.failures`` once the evaluator's core ran (docs/testing.md, *Mutation testing*).
"""

from __future__ import annotations

import ast
import re
import threading
from collections.abc import Callable, Mapping
from decimal import Decimal
from functools import cache
from typing import Any

import pytest

from jxrules.errors import ExpressionError, JxError, LimitExceeded, Position
from jxrules.sandbox import (
    MAX_SIZE,
    SECONDS_PER_ROW,
    CompiledExpression,
    Limits,
    compile_expression,
    evaluate,
    helpers,
    to_record,
)
from jxrules.sandbox import evaluator as evaluator_module
from jxrules.sandbox.evaluator import _POOL, _pooled

HERE = Position("rules.yaml", 3, 7)
Helpers = Mapping[str, tuple[Callable[..., Any], frozenset[str]]]


def refused(
    text: str, names: dict[str, Any], budget: int | None = None, position: Position | None = None
) -> JxError:
    with pytest.raises(JxError) as caught:
        evaluate(compile_expression(text, position), names, budget=budget)
    return caught.value


def limited(**limits: Any) -> dict[str, Any]:
    return {"limits": limits}


class Clock:
    """``time.perf_counter`` that says 0.0 when the evaluation starts, then one second more
    each time it is read: the deadline is passed at the first look iff ``seconds < 1``."""

    def __init__(self) -> None:
        self.reads = 0

    def perf_counter(self) -> float:
        self.reads += 1
        return float(self.reads - 1)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(evaluator_module, "time", fake)
    return fake


def with_helpers(monkeypatch: pytest.MonkeyPatch, found: Helpers) -> None:
    """Plugin helpers (the ``jxrules.functions`` entry points), as if installed."""

    @cache
    def plugin_helpers() -> Helpers:
        return found

    monkeypatch.setattr(helpers, "plugin_helpers", plugin_helpers)


# -- the clock: looked at on every 256th node, and only then
def test_an_evaluation_of_202_nodes_never_reads_the_clock(clock: Clock) -> None:
    # `[i for i in x]` over 200 items is 202 nodes: the clock is read once, at the start
    names = {"x": list(range(200)), "params": limited(seconds=0.5)}
    assert evaluate(compile_expression("[i for i in x]"), names) == list(range(200))
    assert clock.reads == 1


@pytest.mark.parametrize(
    ("seconds", "budget", "message"),
    [
        (0.5, None, "表达式求值超过 0.5 秒（可用 params.limits.seconds 调整） (limit: seconds)"),
        # an operation budget given by the caller keeps the ruleset's seconds
        (0.5, 10**6, "表达式求值超过 0.5 秒（可用 params.limits.seconds 调整） (limit: seconds)"),
    ],
)
def test_the_256th_node_reads_the_clock_and_stops_past_the_deadline(
    clock: Clock, seconds: float, budget: int | None, message: str
) -> None:
    error = refused(
        "[i for i in x]", {"x": list(range(300)), "params": limited(seconds=seconds)}, budget
    )
    assert isinstance(error, LimitExceeded)
    assert (error.message, error.limit) == (message, "seconds")
    assert clock.reads == 2


def test_reaching_the_deadline_exactly_is_not_past_it(clock: Clock) -> None:
    names = {"x": list(range(300)), "params": limited(seconds=1)}
    assert evaluate(compile_expression("[i for i in x]"), names) == list(range(300))
    assert clock.reads == 2


# -- the limits an evaluation gets
@pytest.mark.parametrize(
    ("operations", "needed"),
    [(7, 8), (5, 8)],
)
def test_the_rulesets_operation_limit_holds_when_no_rows_are_given(
    operations: int, needed: int
) -> None:
    names = {"x": [1, 2, 3], "params": limited(operations=operations)}
    error = refused("[i for i in x]", names)
    assert isinstance(error, LimitExceeded)
    assert error.message == (
        f"表达式运算步数超出上限 {operations}（可用 params.limits.operations 调整） (limit: operations)"
    )
    names["params"] = limited(operations=needed)
    assert evaluate(compile_expression("[i for i in x]"), names) == [1, 2, 3]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (0, Limits(operations=100, seconds=1.0)),
        (-3, Limits(operations=100, seconds=1.0)),
        (1, Limits(operations=150, seconds=1.0 + SECONDS_PER_ROW)),
        (4, Limits(operations=300, seconds=1.0 + 4 * SECONDS_PER_ROW)),
    ],
)
def test_each_row_adds_50_operations_and_their_seconds(rows: int, expected: Limits) -> None:
    assert Limits(operations=100, seconds=1.0).scaled(rows) == expected


def test_an_evaluation_without_rows_gets_the_rulesets_operations_only() -> None:
    names = {"x": [1, 2, 3], "params": limited(operations=5)}  # 8 operations over 3 items
    with pytest.raises(LimitExceeded, match=r"^表达式运算步数超出上限 5（"):
        evaluate(compile_expression("[i for i in x]"), names, rows=0)


def test_one_row_gives_an_evaluation_over_the_report_50_more_operations() -> None:
    names = {"x": [1, 2, 3], "params": limited(operations=5)}
    assert evaluate(compile_expression("[i for i in x]"), names, rows=1) == [1, 2, 3]


# -- errors carry the expression's position
@pytest.mark.parametrize(
    ("text", "budget", "kind", "message"),
    [
        ("y + 1", None, ExpressionError, "未定义的名称 “y” (undefined name)"),
        (
            "1 + 2 + 3",
            2,
            LimitExceeded,
            "表达式运算步数超出上限 2（可用 params.limits.operations 调整） (limit: operations)",
        ),
    ],
)
def test_an_evaluation_error_is_placed_at_the_expression(
    text: str, budget: int | None, kind: type[JxError], message: str
) -> None:
    error = refused(text, {}, budget, HERE)
    assert type(error) is kind
    assert (error.message, error.position, str(error)) == (
        message,
        HERE,
        f"rules.yaml:3:7: {message}",
    )


def test_a_long_error_message_is_cut_to_300_characters_with_an_ellipsis() -> None:
    error = refused("x[k]", {"x": {"b": 1}, "k": "a" * 400})
    assert error.message == "没有键 '" + "a" * 294 + "…"
    assert len(error.message) == 300


# -- the thread's pooled evaluator
def in_a_new_thread(work: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}

    def run() -> None:
        out.update(work())

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return out


def test_a_thread_reuses_its_evaluator_and_keeps_it_while_busy() -> None:
    def work() -> dict[str, Any]:
        first = _pooled({}, Limits())
        again = _pooled({"a": 1}, Limits())
        first.busy = True
        other = _pooled({}, Limits())
        kept = _POOL.evaluator
        first.busy = False
        return {
            "reused": again is first,
            "names": again.names,
            "other": other is not first,
            "kept": kept is first,
            "after": _pooled({}, Limits()) is first,
        }

    assert in_a_new_thread(work) == {
        "reused": True,
        "names": {"a": 1},
        "other": True,
        "kept": True,
        "after": True,
    }


def test_an_evaluation_leaves_the_pooled_evaluator_free_for_the_next() -> None:
    def work() -> dict[str, Any]:
        value = evaluate(compile_expression("1 + 2"), {})
        pooled = _POOL.evaluator
        return {"value": value, "busy": pooled.busy, "next": _pooled({}, Limits()) is pooled}

    assert in_a_new_thread(work) == {"value": 3, "busy": False, "next": True}


def test_a_helper_that_evaluates_inside_an_evaluation_leaves_its_names_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def inner() -> Any:
        return evaluate(compile_expression("10 * 10"), {})

    with_helpers(monkeypatch, {"inner": (inner, frozenset())})
    names = {"x": [1, 2]}
    assert evaluate(compile_expression("[inner() + i for i in x]"), names) == [101, 102]


# -- helpers that fail or disappear
@pytest.mark.parametrize(
    ("raised", "kind", "message", "limit"),
    [
        (MemoryError(), LimitExceeded, "表达式求值超出资源上限 (limit: memory)", "memory"),
        (RecursionError(), LimitExceeded, "表达式求值超出资源上限 (limit: memory)", "memory"),
        (RuntimeError("坏了"), ExpressionError, "表达式无法求值：RuntimeError: 坏了", None),
        (OSError("磁盘"), ExpressionError, "表达式无法求值：OSError: 磁盘", None),
    ],
)
def test_a_failing_helper_is_an_expression_error_or_a_memory_limit(
    monkeypatch: pytest.MonkeyPatch,
    raised: Exception,
    kind: type[JxError],
    message: str,
    limit: str | None,
) -> None:
    def broken() -> Any:
        raise raised

    with_helpers(monkeypatch, {"broken": (broken, frozenset())})
    error = refused("broken()", {}, None, HERE)
    assert type(error) is kind
    assert (error.message, error.position, getattr(error, "limit", None)) == (
        message,
        HERE,
        limit,
    )


def test_a_helper_gone_since_loading_is_an_unknown_function(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with_helpers(monkeypatch, {"share": (lambda: 1, frozenset())})
    expression = compile_expression("share() + 1", HERE)
    assert evaluate(expression, {}) == 2
    with_helpers(monkeypatch, {})
    with pytest.raises(ExpressionError) as caught:
        evaluate(expression, {})
    assert (caught.value.message, caught.value.position) == (
        "未定义的函数 “share” (unknown function)",
        HERE,
    )


@pytest.mark.parametrize(
    ("text", "names", "message"),
    [
        ("x[5]", {"x": [1]}, "下标越界 (index out of range)"),
        ("x[-2]", {"x": "a"}, "下标越界 (index out of range)"),
        ("1 / 0", {}, "除数为零 (division by zero)"),
        ("x % y", {"x": 7, "y": 0}, "除数为零 (division by zero)"),
    ],
)
def test_an_index_or_a_division_error_says_so(
    text: str, names: dict[str, Any], message: str
) -> None:
    error = refused(text, names)
    assert type(error) is ExpressionError
    assert error.message == message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("lambda: 1", "表达式无法求值：Lambda is not available"),
        ("x.y()", "只能调用内置的辅助函数 (only helper functions may be called)"),
    ],
)
def test_a_tree_that_was_never_vetted_is_refused_at_what_the_vetting_refuses(
    text: str, message: str
) -> None:
    tree = ast.parse(text, mode="eval").body
    with pytest.raises(ExpressionError) as caught:
        evaluate(CompiledExpression(text, tree, HERE, frozenset()), {})
    assert (caught.value.message, caught.value.position) == (message, HERE)


def test_an_operator_the_vetting_would_refuse_names_the_expression_it_is_in() -> None:
    tree = ast.parse("~x", mode="eval").body
    with pytest.raises(ExpressionError) as caught:
        evaluate(CompiledExpression("~x", tree, HERE, frozenset()), {"x": 1})
    assert re.fullmatch(
        r"表达式无法求值：Operator '<ast\.Invert object at 0x[0-9a-f]+>'"
        r" does not exist in expression '~x'",
        caught.value.message,
    )
    assert caught.value.position == HERE


# -- comprehensions: their targets, their cost, their size
@pytest.mark.parametrize(
    ("text", "names", "message"),
    [
        ("[1 for x.a in y]", {"y": [1]}, "推导式的循环变量只能是名称或名称的元组"),
        ("[1 for x[0] in y]", {"y": [1], "x": [0]}, "推导式的循环变量只能是名称或名称的元组"),
        ("[a for a, b in x]", {"x": [5]}, "无法把 int 拆成 2 个值"),
        ("[a for a, b in x]", {"x": ["ab"]}, "无法把 str 拆成 2 个值"),
        ("[a for a, b in x]", {"x": [[1, 2, 3]]}, "无法把 list 拆成 2 个值"),
        ("[a for a, (b, c) in x]", {"x": [(1, (2,))]}, "无法把 tuple 拆成 2 个值"),
    ],
)
def test_a_loop_target_that_cannot_take_the_value_says_why(
    text: str, names: dict[str, Any], message: str
) -> None:
    error = refused(text, names)
    assert type(error) is ExpressionError
    assert error.message == message


def test_a_loop_target_of_names_takes_a_value_of_as_many_items() -> None:
    names = {"x": [(1, [2, 3]), [4, (5, 6)]]}
    assert evaluate(compile_expression("[a + b * c for a, (b, c) in x]"), names) == [7, 34]


def test_each_iteration_of_a_comprehension_costs_one_operation() -> None:
    # 5 nodes and 3 iterations: 8 operations
    expression = compile_expression("[i for i in x]")
    assert evaluate(expression, {"x": [1, 2, 3]}, budget=8) == [1, 2, 3]
    with pytest.raises(LimitExceeded, match=r"^表达式运算步数超出上限 7（"):
        evaluate(expression, {"x": [1, 2, 3]}, budget=7)


BIG = {"operations": 10**6, "seconds": 60}


def test_a_comprehension_may_build_exactly_the_size_limit() -> None:
    names = {"x": range(MAX_SIZE), "params": {"limits": BIG}}
    assert len(evaluate(compile_expression("[0 for i in x]"), names)) == MAX_SIZE


def test_a_comprehension_one_over_the_size_limit_is_refused() -> None:
    error = refused("[0 for i in x]", {"x": range(MAX_SIZE + 1), "params": {"limits": BIG}})
    assert isinstance(error, LimitExceeded)
    assert (error.message, error.limit) == (
        "推导式的结果过大（上限 100000 项）(limit: size)",
        "size",
    )


# -- values
def test_a_float_in_report_data_becomes_the_decimal_it_prints_as() -> None:
    assert to_record({"a": 0.1, "b": [2.5]}) == {"a": Decimal("0.1"), "b": [Decimal("2.5")]}
    assert type(to_record(0.1)) is Decimal


def test_an_f_string_the_vetting_would_refuse_is_refused_whole_or_in_part() -> None:
    text = "f'{x}'"
    joined = ast.parse(text, mode="eval").body
    assert isinstance(joined, ast.JoinedStr)
    for tree in (joined, joined.values[0]):  # the f-string, and the value formatted in it
        with pytest.raises(ExpressionError) as caught:
            evaluate(CompiledExpression(text, tree, HERE, frozenset()), {"x": 1})
        assert (caught.value.message, caught.value.position) == (
            "不允许格式化字符串 (f-strings are not allowed)",
            HERE,
        )
