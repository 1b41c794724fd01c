"""Hostile expressions: each is refused at load or stopped at run, fast, small, without effect.

Every expression is tried as a rule's ``assert:``, as its ``when:`` guard and
as its message text.  ``load`` means ``load_ruleset`` raises ``RulesetError``;
``run`` means the rule becomes one ``engine`` finding (the sandbox raised a
``JxError``, nothing else).  Either way it takes under a second (a safety
bound, not a speed goal), under 50 MB, and the sentinel file the expression
tries to create never appears.  docs/security.md lists these attack classes.
"""

from __future__ import annotations

import json
import re
import time
import tracemalloc
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import jxrules
from jxrules.checks.base import format_value
from jxrules.checks.namespace import report_names
from jxrules.errors import ExpressionError, JxError, LimitExceeded, RulesetError
from jxrules.rules.templates import placeholders, render
from jxrules.sandbox import (
    DEFAULT_OPERATION_BUDGET,
    OrderedSet,
    compile_expression,
    evaluate,
)
from tests.conftest import HANG_SECONDS, JIANGMEN_YAML

PEAK_BYTES = 50 * 1024 * 1024
S = "SENTINEL"  # replaced by a path in tmp_path

HOSTILE: list[tuple[str, str, str]] = [
    # -- dunder traversal and attributes of exposed objects
    ("dunder-subclasses", "().__class__.__bases__[0].__subclasses__()", "load"),
    ("dunder-params", "params.__class__", "load"),
    ("dunder-globals", "len.__globals__", "load"),
    ("func-self", "sum.__self__", "load"),
    ("func-call-attr", "len.__call__(indicators)", "load"),
    ("decimal-internals", "self_evaluation.score.as_tuple()", "load"),
    ("decimal-attr", "self_evaluation.score.real", "run"),
    ("str-method", "narrative.join(['a', 'b'])", "load"),
    ("str-attr", "narrative.upper", "run"),
    ("list-method", "indicators.append(1)", "load"),
    ("subscript-dunder", "params['__class__']", "run"),
    # -- format strings
    ("format-attr", "'{0.__class__}'.format(narrative)", "load"),
    ("format-map", "'{a}'.format_map(params)", "load"),
    ("fstring-attr", "f'{narrative.__class__}'", "load"),
    ("fstring-width", "f'{narrative:>1000000}'", "load"),
    ("percent-width", "'%999999999d' % 1", "run"),
    ("percent-repr", "'%r' % (params,)", "run"),
    # -- code, imports, files, builtins
    ("import", f"__import__('os').system('touch {S}')", "load"),
    ("open-write", f"open('{S}', 'w')", "load"),
    ("eval", f"eval(\"open('{S}', 'w')\")", "load"),
    ("exec", f"exec(\"open('{S}', 'w')\")", "load"),
    ("getattr", "getattr(narrative, 'join')", "load"),
    ("type", "type(narrative)", "load"),
    ("globals", "globals()", "load"),
    ("lambda", "(lambda: 1)()", "load"),
    ("recursion", "(lambda f: f(f))(lambda f: f(f))", "load"),
    ("walrus", "[y for x in indicators if (y := x)]", "load"),
    ("yield", "(yield 1)", "load"),
    ("async-comp", "[x async for x in indicators]", "load"),
    # -- callables through keywords, values and star-args
    ("sorted-key", "sorted(indicators, key=str)", "load"),
    ("min-key", "min(indicators, key=len)", "load"),
    ("max-default-func", "max([], default=sum)", "load"),
    ("get-default-func", "get(params, 'nope', len)", "load"),
    ("band-func-value", "band(1, [{'min': 0, 'grade': len}])", "load"),
    ("sum-start-list", "sum([], start=[])", "run"),
    ("sum-start-text", "str(sum([], start='1e999999999'))", "run"),
    ("star-args", "max(*indicators)", "load"),
    ("star-list", "[*indicators]", "load"),
    ("double-star", "sum([], **params)", "load"),
    ("underscore-var", "[_x for _x in indicators]", "load"),
    ("operator-matmul", "narrative @ narrative", "load"),
    ("operator-shift", "1 << 100000", "load"),
    ("operator-is", "narrative is narrative", "load"),
    # -- arithmetic bombs
    ("power-999", "9**9**9", "run"),
    ("power-101010", "10**10**10", "run"),
    ("int-product", "(1000**1000) * (1000**1000) * (1000**1000)", "run"),
    ("int-text", "int('9' * 99999)", "run"),
    ("int-of-huge", "int(decimal('1' + '0' * 5000))", "run"),
    ("round-huge", "round(1, 10**9)", "run"),
    ("index-huge", "indicators[10**100]", "run"),
    # -- repetition bombs
    ("str-repeat", "'a' * 10**9", "run"),
    ("list-repeat", "[1] * 10**9", "run"),
    ("narrative-repeat", "narrative * 100000", "run"),
    ("slice-repeat", "narrative[::-1] * 100000", "run"),
    ("nested-repeat-str", "str([[1] * 100000] * 100000)", "run"),
    ("nested-repeat-sorted", "sorted([[1] * 100000] * 100000)", "run"),
    ("nested-repeat-eq", "[[1] * 100000] * 100000 == [[1] * 100000] * 100000", "run"),
    ("str-chain", "str(str(str([narrative] * 100000))) * 1000", "run"),
    ("str-of-table", "str(indicators) * 100", "run"),
    # -- comprehension bombs
    (
        "comp-4-deep",
        "[x for x in indicators for y in indicators for z in indicators for w in indicators]",
        "run",
    ),
    ("comp-nested-lists", "[[[1] * 1000 for a in indicators] for b in indicators]", "run"),
    ("comp-dict", "{str(i): [1] * 5000 for i in indicators for j in indicators}", "run"),
    ("comp-set", "{x for x in narrative}", "load"),
    ("comp-chars-squared", "count(count(x for x in narrative) for y in narrative)", "run"),
    ("comp-compare-big", "[x == narrative * 10 for x in narrative]", "run"),
    (
        "comp-rescan",
        "[0 for z in [[1] * 50000] for a in narrative for b in indicators if z]",
        "run",
    ),
    ("comp-unpack", "[a for a, b in indicators]", "run"),
    # -- hash collisions: one C call (building a set or mapping) doing n² comparisons
    ("hash-set", f"set([a * {2**61 - 1} + 7 for a in {list(range(60))}])", "run"),
    ("hash-set-literal", "{" + ", ".join(f"{a * (2**61 - 1) + 7}" for a in range(40)) + "}", "run"),
    ("hash-dict", f"{{(1, a * {2**61 - 1}): 0 for a in {list(range(60))}}}", "run"),
    (
        "hash-merge",
        f"{{**{{a * {2**61 - 1}: 0 for a in {list(range(20))}}}, **{{a * {2**61 - 1}: 0 for a in {list(range(20, 40))}}}}}",
        "run",
    ),
    # -- huge literals, deep nesting, long text
    ("literal-10mb", "'" + "a" * 10_000_000 + "'", "load"),
    ("literal-inf", "1e999999 > 0", "load"),
    ("literal-10000-digits", "9" * 10_000, "load"),
    ("literal-3000-digits", "9" * 3000, "load"),
    ("parens-1000", "(" * 1000 + "1" + ")" * 1000, "load"),
    ("lists-1000", "[" * 1000 + "]" * 1000, "load"),
    ("unary-1000", "-" * 1000 + "1", "load"),
    ("calls-deep", "abs(" * 60 + "1" + ")" * 60, "load"),
    ("long-100kb", " + ".join(["1"] * 33_000), "load"),
]


@pytest.fixture(scope="module")
def report() -> jxrules.Report:
    return jxrules.load_report(JIANGMEN_YAML)


def _ruleset(tmp_path: Path, rule: dict[str, str]) -> Path:
    lines = [
        "id: local/hostile",
        "title: hostile",
        'version: "1"',
        "applies_to: {kind: department_overall, fiscal_years: [2022]}",
        "params: {max_score: 100}",
        "rules:",
        "  - id: hostile",
        "    check: expression",
        "    severity: error",
    ]
    lines += [f"    {key}: {json.dumps(value)}" for key, value in rule.items()]
    path = tmp_path / "hostile.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _rule(mode: str, text: str) -> dict[str, str]:
    if mode == "assert":
        return {"assert": text, "message": "m"}
    if mode == "when":
        return {"when": text, "assert": "False", "message": "m"}
    return {"assert": "False", "message": text}


def _attempt(path: Path, report: jxrules.Report) -> tuple[str, Any]:
    """``("load", error)`` or ``("run", findings)``."""
    try:
        ruleset = jxrules.load_ruleset(path)
    except (RulesetError, LimitExceeded) as exc:  # LimitExceeded: a file over the size limit
        return "load", exc
    return "run", jxrules.check(report, ruleset).findings


def _measured(action: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def _peak(action: Callable[[], Any]) -> int:
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


PYTHON_ERROR = re.compile(r"^[A-Z]\w*(Error|Exception|Exit): ")


def _with_marks(entries: list[tuple[str, str, str]]) -> list[Any]:
    return [pytest.param(*entry, id=entry[0]) for entry in entries]


@pytest.mark.parametrize("mode", ["assert", "when", "message"])
@pytest.mark.parametrize(("name", "text", "expected"), _with_marks(HOSTILE))
def test_hostile_expression_is_refused_or_stopped(
    name: str, text: str, expected: str, mode: str, tmp_path: Path, report: jxrules.Report
) -> None:
    sentinel = tmp_path / "pwned"
    text = text.replace(S, str(sentinel))
    path = _ruleset(tmp_path, _rule(mode, text))
    (outcome, detail), seconds = _measured(lambda: _attempt(path, report))
    assert seconds < HANG_SECONDS, f"{name} took {seconds:.2f}s"
    assert not sentinel.exists()
    if mode == "message":
        _check_message_outcome(text, outcome, detail)
        return
    assert outcome == expected, detail
    if outcome == "load":
        assert isinstance(detail, (RulesetError, LimitExceeded)) and detail.position is not None
        assert str(path) in str(detail)
    else:
        (finding,) = detail
        assert finding.rule == "hostile" and finding.check == "engine", finding
        assert not PYTHON_ERROR.match(finding.evidence["reason"]), finding.evidence["reason"]
    if mode == "assert":
        assert _peak(lambda: _attempt(path, report)) < PEAK_BYTES
        assert not sentinel.exists()


def _check_message_outcome(text: str, outcome: str, detail: Any) -> None:
    """A message is text, never code: refused if it has braces, else printed as written."""
    if outcome == "load" and isinstance(detail, LimitExceeded):
        assert detail.limit == "file_bytes" and len(text) > 1_000_000
    elif "{" in text or "}" in text:
        assert outcome == "load", detail
        assert "占位符" in detail.message or "花括号" in detail.message
    else:
        assert outcome == "run"
        (finding,) = detail
        assert finding.check == "expression" and finding.message == text[:3999] + (
            "…" if len(text) > 4000 else ""
        )


def test_battery_is_large_enough() -> None:
    assert len(HOSTILE) >= 40
    assert {e for _, _, e in HOSTILE} == {"load", "run"}


@pytest.mark.parametrize(("name", "text", "expected"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_sandbox_raises_only_its_own_errors(
    name: str, text: str, expected: str, report: jxrules.Report, tmp_path: Path
) -> None:
    text = text.replace(S, str(tmp_path / "pwned"))
    names = report_names(report, {"max_score": 100})
    with pytest.raises(JxError) as caught:
        evaluate(compile_expression(text), names)
    assert isinstance(caught.value, (ExpressionError, LimitExceeded))
    assert not (tmp_path / "pwned").exists()


# ------------------------------------------------------------------ templates
HOSTILE_TEMPLATES = [
    "{params.__class__}",
    "{0.__class__}",
    "{x!r}",
    "{x:>1000000}",
    "{params[max_score]}",
    "{params.max_score.__class__}",
    "{__import__}",
    "{}",
    "{ params.max_score!s }",
    "未闭合 {params.max_score",
    "{params.max_score}}",
]


@pytest.mark.parametrize("template", HOSTILE_TEMPLATES)
def test_hostile_template_is_refused_at_load(template: str, tmp_path: Path) -> None:
    path = _ruleset(tmp_path, {"assert": "False", "message": template})
    with pytest.raises(RulesetError) as caught:
        jxrules.load_ruleset(path)
    assert caught.value.position is not None and caught.value.position.line == 11


def test_template_placeholders_are_names_only() -> None:
    assert placeholders("{a} {b.c} {{literal}} {中文.名称}") == ["a", "b.c", "中文.名称"]


def test_render_reads_mappings_only_and_is_bounded() -> None:
    class Sneaky:
        secret = "leak"

    variables = {"obj": Sneaky(), "big": "x" * 1_000_000, "p": {"a": Decimal("1.50")}}
    assert render("{obj.secret}", variables) == "{obj.secret}"
    assert render("{p.a}", variables) == "1.50"
    text, seconds = _measured(lambda: render("{big}" * 10_000, variables))
    assert len(text) <= 4000 and seconds < HANG_SECONDS


def test_format_value_of_huge_shared_structure_is_fast_and_short() -> None:
    shared = [[1] * 100_000] * 100_000
    text, seconds = _measured(lambda: format_value(shared))
    assert seconds < HANG_SECONDS and len(text) <= 4000
    assert format_value(Decimal("1E+999999999999")) == "1E+999999999999"
    assert len(format_value({"k": [1] * 100_000})) <= 4000


# ------------------------------------------------------------------ the fixes
def _eval(text: str, report: jxrules.Report, **params: Any) -> Any:
    return evaluate(compile_expression(text), report_names(report, params))


def test_sets_iterate_in_insertion_order(report: jxrules.Report) -> None:
    value = _eval("list(set(['丙', '甲', '乙', '甲']) | {'丁'})", report)
    assert value == ["丙", "甲", "乙", "丁"]
    assert isinstance(_eval("{1, 2}", report), OrderedSet)
    assert _eval("{1, 2} == {2, 1} and 3 not in {1, 2}", report) is True


def test_functions_are_called_never_passed(report: jxrules.Report) -> None:
    for text in ("len", "[len]", "get(params, 'x', sum)", "{'f': max}"):
        with pytest.raises(ExpressionError, match="只能调用"):
            compile_expression(text)
    with pytest.raises(ExpressionError, match="同名"):
        compile_expression("[len(x) for len in ['ab']]")


def test_only_listed_keywords_are_accepted() -> None:
    compile_expression("sorted([2, 1], reverse=True) and round(1.25, digits=1)")
    for text in ("sorted([], key=len)", "min([1], key=abs)", "len([], x=1)", "sum([], **params)"):
        with pytest.raises(ExpressionError, match="不接受参数"):
            compile_expression(text)


def test_operation_budget_counts_comprehension_iterations(report: jxrules.Report) -> None:
    text = "sum(1 for a in indicators for b in indicators)"
    assert _eval(text, report) == 28 * 28
    with pytest.raises(LimitExceeded) as caught:
        evaluate(compile_expression(text), report_names(report, {}), budget=28 * 28)
    assert caught.value.limit == "operations"
    assert "operations" in caught.value.message


def test_big_values_cost_in_proportion_to_their_size(report: jxrules.Report) -> None:
    names = report_names(report, {})
    small = compile_expression("[1] * 1000 == [1] * 1000")
    assert evaluate(small, names, budget=6000) is True
    with pytest.raises(LimitExceeded):
        evaluate(small, names, budget=3000)
    assert DEFAULT_OPERATION_BUDGET >= 100_000


def test_copying_a_big_mapping_is_charged(report: jxrules.Report) -> None:
    names = report_names(report, {f"k{i}": i for i in range(100_000)})
    start = time.perf_counter()
    with pytest.raises(LimitExceeded):
        evaluate(compile_expression("[{**params} for a in narrative]"), names)
    assert time.perf_counter() - start < HANG_SECONDS


def test_str_is_bounded(report: jxrules.Report) -> None:
    with pytest.raises(LimitExceeded) as caught:
        _eval("str([narrative] * 50)", report)
    assert caught.value.limit in ("size", "operations")
    assert _eval("str(self_evaluation.score)", report) == "98"


def test_legitimate_expressions_still_work(report: jxrules.Report) -> None:
    assert _eval("len(indicators) == 28 and sum([1, 2.5]) == 3.5", report) is True
    assert _eval("count(i.score == None for i in indicators)", report) == 28  # no 得分 column
    assert _eval("{i.level1: 1 for i in indicators}", report)
    assert _eval("sorted([3, 1, 2], reverse=True)", report) == [3, 2, 1]
    assert _eval("max([1, 5, 2]) + min(4, 3)", report) == 8
    assert _eval("count([i.name in narrative for i in indicators])", report) == 2
    assert _eval("all(i.name in narrative or i.seq for i in indicators)", report) is True
    assert _eval("narrative[:4]", report) == report.narrative[:4]
    assert _eval("[(a, b) for a, b in [(1, 2)]]", report) == [(1, 2)]
