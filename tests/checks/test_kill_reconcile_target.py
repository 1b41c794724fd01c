"""``reconcile`` over the indicator table (总分) and ``target``'s ``missed_full_marks`` for a score
group: which columns are added up, with or without the funds line, what ``--explain`` lists, a
total with no items, and a group whose 分值 is printed on every row.

Written against the mutants mutmut found surviving in ``jxrules.checks.reconcile`` and
``jxrules.checks.target`` (docs/testing.md).
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml

import jxrules
from jxrules.errors import RulesetError
from jxrules.findings import Location

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "examples" / "demo-2022-project.yaml"
HEADER = """\
id: local/r
title: r
version: "1"
applies_to: {kind: project, fiscal_years: [2022]}
rules:
"""


def _demo(**changes: Any) -> dict[str, Any]:
    """The demo project form: 12 indicators, 分值 90 and 得分 90.50 in all, funds line 10 / 9.23,
    总分 100 / 98.73."""
    report: dict[str, Any] = yaml.safe_load(DEMO.read_text(encoding="utf-8"))
    report.update(changes)
    return report


def _run(report: dict[str, Any], fields: str, explain: bool = False) -> list[Any]:
    rule = f"- id: r\n  severity: error\n{fields}  message: m\n"
    ruleset = jxrules.load_ruleset(HEADER + textwrap.indent(rule, "  "))
    result = jxrules.check(jxrules.load_report(report), ruleset, explain=explain)
    return [f for f in result.findings if f.rule in ("r", "engine")]


def _total(column: str) -> Location:
    return Location(table="indicators", name="总分", column=column, field=f"total_score.{column}")


NAMES = [f"{i['seq']} {i['name']}" for i in _demo()["indicators"]]


def test_the_indicator_columns_add_up_without_the_funds_line_unless_asked() -> None:
    found = _run(_demo(), "  check: reconcile\n  table: indicators\n", explain=True)
    assert [(f.location, dict(f.evidence)) for f in found] == [
        (
            _total("points"),
            {"items_sum": "90", "total": "100", "difference": "-10", "item_count": "12"},
        ),
        (
            _total("score"),
            {"items_sum": "90.50", "total": "98.73", "difference": "-8.23", "item_count": "12"},
        ),
    ]
    scores = [i["score"] for i in _demo()["indicators"]]
    assert dict(found[1].explanation) == {
        "items": " + ".join(f"{name} {score}" for name, score in zip(NAMES, scores, strict=True)),
        "items_sum": "90.50",
        "total": "98.73",
        "difference": "-8.23",
        "tolerance": "0",
    }
    fields = "  check: reconcile\n  table: indicators\n  include_funds_score: true\n"
    assert [(f.location.column, dict(f.evidence)) for f in _run(_demo(), fields)] == [
        (
            "score",
            {
                "items_sum": "99.73",
                "total": "98.73",
                "difference": "1.00",
                "item_count": "12",
                "funds_score": "9.23",
            },
        )
    ]  # 分值 90 + 10 = 100: no finding


def _blank(column: str) -> list[dict[str, Any]]:
    return [{**row, column: None} for row in _demo()["indicators"]]


def test_a_column_the_report_leaves_empty_does_not_stop_the_next_one() -> None:
    report = _demo(indicators=_blank("points"), total_score={"points": None, "score": "98.73"})
    found = _run(report, "  check: reconcile\n  table: indicators\n")
    assert [(f.location.column, f.evidence["items_sum"]) for f in found] == [("score", "90.50")]


def test_a_total_without_any_item_is_compared_with_zero() -> None:
    report = _demo(indicators=_blank("points"))
    found = _run(report, "  check: reconcile\n  table: indicators\n  columns: [points]\n")
    assert [(f.location.column, dict(f.evidence)) for f in found] == [
        ("points", {"items_sum": "0", "total": "100", "difference": "-100", "item_count": "12"})
    ]
    found = _run(report, "  check: reconcile\n  table: indicators\n")
    assert [(f.location.column, f.evidence["items_sum"]) for f in found] == [
        ("points", "0"),
        ("score", "90.50"),
    ]


def test_a_filled_column_without_its_total_is_missing_total() -> None:
    fields = "  check: reconcile\n  table: indicators\n  find: missing_total\n"
    found = _run(_demo(total_score=None), fields)
    assert [(f.location, dict(f.evidence)) for f in found] == [
        (_total("points"), {"item_count": "12"}),
        (_total("score"), {"item_count": "12"}),
    ]
    rows = _demo()["indicators"]
    rows[0]["score"] = None
    found = _run(_demo(total_score=None, indicators=rows), fields)
    assert [(f.location.column, f.evidence["item_count"]) for f in found] == [
        ("points", "12"),
        ("score", "11"),
    ]


# ------------------------------------------------------------------ target: missed_full_marks
def _row(seq: str, target: str, actual: str, points: str | None, score: str | None) -> Any:
    row = {"seq": seq, "level2": "数量指标", "name": f"指标{seq}", "target": target}
    return {**row, "actual": actual, "points": points, "score": score, "note": ""}


def test_a_group_scored_in_full_makes_its_missed_second_row_a_finding() -> None:
    """The 得分 is merged over rows 1–2 (stated on row 1), the 分值 printed on each row: the
    group's 分值 is 20 and its 得分 20, so the missed row 2 carries full marks."""
    rows = [
        {**_row("1", "≥10个", "12个", "10", "20"), "score_group": "1"},
        {**_row("2", "≥10个", "8个", "10", None), "score_group": "1"},
        _row("3", "≥10个", "8个", None, "5"),  # a 得分 without 分值: not judged
        _row("4", "≥10个", "8个", "5", "4"),  # missed, not at full marks
    ]
    found = _run(_demo(indicators=rows), "  check: target\n  find: missed_full_marks\n")
    assert [(f.rule, f.location.row, f.evidence["points"], f.evidence["score"]) for f in found] == [
        ("r", "2", "20", "20")
    ]


def test_a_score_group_of_one_row_is_judged_as_the_row() -> None:
    """A row naming itself as its group (a merged cell over one row) is no shared score."""
    rows = [
        {**_row("1", "≥10个", "8个", "10", "10"), "score_group": "1"},
        _row("2", "≥10个", "12个", "10", "10"),
    ]
    found = _run(_demo(indicators=rows), "  check: score\n  find: formula\n")
    assert [(f.location.row, f.evidence["expected"]) for f in found] == [("1", "8.00")]
    found = _run(_demo(indicators=rows), "  check: target\n  find: missed_full_marks\n")
    assert [(f.location.row, f.evidence["points"], f.evidence["score"]) for f in found] == [
        ("1", "10", "10")
    ]


def test_explain_says_when_no_item_was_added() -> None:
    report = _demo(indicators=_blank("points"))
    fields = "  check: reconcile\n  table: indicators\n  columns: [points]\n"
    [finding] = _run(report, fields, explain=True)
    assert dict(finding.explanation) == {
        "items": "（无）",
        "items_sum": "0",
        "total": "100",
        "difference": "-100",
        "tolerance": "0",
    }


def test_a_column_without_its_total_does_not_stop_the_next_one() -> None:
    report = _demo(total_score={"points": None, "score": "98.73"})
    found = _run(report, "  check: reconcile\n  table: indicators\n")
    assert [(f.location.column, f.evidence["difference"]) for f in found] == [("score", "-8.23")]


def test_listed_columns_the_table_does_not_print_are_skipped_and_a_blank_total_is_zero() -> None:
    items = [
        {"name": "当年财政拨款", "adjusted_budget": "480.00", "executed": "400.00"},
        {"name": "上年结转资金", "adjusted_budget": "20.01"},
    ]
    total = {"name": "年度资金总额", "adjusted_budget": "500.00"}  # no 全年执行数 printed
    report = _demo(budget={"funds": {"unit": "万元", "items": items, "total": total}})
    fields = "  check: reconcile\n  table: funds\n  columns: [final_accounts, adjusted_budget]\n"
    assert [(f.location.column, f.evidence["difference"]) for f in _run(report, fields)] == [
        ("adjusted_budget", "0.01")
    ]
    found = _run(report, "  check: reconcile\n  table: funds\n")
    assert [(f.location.column, f.evidence["total"]) for f in found] == [
        ("adjusted_budget", "500.00"),
        ("executed", "0"),
    ]


def test_an_unknown_param_names_the_params_there_are() -> None:
    rule = "  check: score\n  find: formula\n  tolerance: params.nope\n"
    header = HEADER.replace("rules:\n", "params: {b: 1, a: 2}\nrules:\n")
    with pytest.raises(RulesetError) as info:
        jxrules.load_ruleset(
            header + textwrap.indent(f"- id: r\n  severity: error\n{rule}  message: m\n", "  ")
        )
    assert info.value.message == "规则 r：tolerance：参数 “nope” 不存在（已有参数：a、b）"
    with pytest.raises(RulesetError) as info:
        jxrules.load_ruleset(
            HEADER + textwrap.indent(f"- id: r\n  severity: error\n{rule}  message: m\n", "  ")
        )
    assert info.value.message == "规则 r：tolerance：参数 “nope” 不存在（已有参数：—）"
