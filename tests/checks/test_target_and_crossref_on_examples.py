"""Acceptance: the target and crossref rules on the two example reports."""

from __future__ import annotations

from pathlib import Path

import pytest

import jxrules
from jxrules.findings import Finding, Result

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "rulesets"


@pytest.fixture(scope="module")
def jiangmen() -> Result:
    report = jxrules.load_report(ROOT / "examples" / "jiangmen-2022-dept-overall.yaml")
    ruleset = jxrules.load_ruleset(str(FIXTURES / "dept-overall-target-crossref.yaml"))
    return jxrules.check(report, ruleset)


@pytest.fixture(scope="module")
def demo() -> Result:
    report = jxrules.load_report(ROOT / "examples" / "demo-2022-project.yaml")
    ruleset = jxrules.load_ruleset(str(FIXTURES / "project-target-crossref.yaml"))
    return jxrules.check(report, ruleset)


def of(result: Result, rule: str) -> list[Finding]:
    return [f for f in result.findings if f.rule == rule]


def rows(result: Result, rule: str) -> list[str | None]:
    return [f.location.row for f in of(result, rule)]


# ------------------------------------------------------------------ Jiangmen: targets
def test_jiangmen_targets_missed_exactly_at_rows_4_5_8_9(jiangmen: Result) -> None:
    assert rows(jiangmen, "indicator-target-met") == ["4", "5", "8", "9"]
    by_row = {f.location.row: f for f in of(jiangmen, "indicator-target-met")}
    expected = {
        "4": ("支持产业集群“上云上平台”数字化转型数量", "2 个", "1 个", "2", "1", "个"),
        "5": ("支持中小型企业“上云上平台”数量", "≥10 家", "8 家", "10", "8", "家"),
        "8": ("5G行业应用标杆示范（应用示范场景）项目数量", "3个", "1个", "3", "1", "个"),
        "9": ("5G公共服务平台数量", "2个", "1个", "2", "1", "个"),
    }
    for row, (name, target, actual, t_value, a_value, unit) in expected.items():
        finding = by_row[row]
        assert finding.check == "target" and finding.severity == "error"
        assert finding.location.to_dict() == {
            "table": "indicators",
            "row": row,
            "name": name,
            "column": "actual",
            "line": by_row[row].location.line,
        }
        assert finding.location.line is not None
        assert finding.evidence["target"] == target
        assert finding.evidence["actual"] == actual
        assert finding.evidence["target_value"] == t_value
        assert finding.evidence["actual_value"] == a_value
        assert finding.evidence["unit"] == unit
        assert finding.evidence["comparator"] == "≥"
    assert by_row["9"].message == "指标“5G公共服务平台数量”未完成：目标 2个，实际 1个"


def test_jiangmen_no_target_error_on_ranges_compounds_or_bounds(jiangmen: Result) -> None:
    flagged = set(rows(jiangmen, "indicator-target-met"))
    assert not flagged & {"6", "12", "28"}
    assert of(jiangmen, "indicator-unit-mismatch") == []
    assert of(jiangmen, "indicator-value-unreadable") == []


def test_jiangmen_far_above_rows(jiangmen: Result) -> None:
    # ratio >= 2: row 1 510/200, row 12 72亿/10亿 (its largest clause), rows 17 and 22
    # 486/170, rows 19 and 24 118/30.  Row 6 (2-3家 -> 4家) is 4/3 against the range's top.
    assert rows(jiangmen, "indicator-target-too-low") == ["1", "12", "17", "19", "22", "24"]
    ratios = {f.location.row: f.evidence["ratio"] for f in of(jiangmen, "indicator-target-too-low")}
    assert ratios == {
        "1": "2.55",
        "12": "7.2",
        "17": "2.8588",
        "19": "3.9333",
        "22": "2.8588",
        "24": "3.9333",
    }
    assert all(f.severity == "info" for f in of(jiangmen, "indicator-target-too-low"))


# ------------------------------------------------------------------ Jiangmen: crossref
def test_jiangmen_income_initial_budget_text(jiangmen: Result) -> None:
    [finding] = of(jiangmen, "income-initial-budget-text")
    assert finding.check == "crossref" and finding.severity == "error"
    assert finding.location.to_dict() == {"field": "budget.income.total.initial_budget"}
    assert finding.evidence["stated"] == "7,013.09 万元"
    assert finding.evidence["stated_value"] == "7013.09"
    assert finding.evidence["stated_from"].startswith("narrative line ")
    assert finding.evidence["against_value"] == "7058.09"
    assert finding.evidence["against_from"] == "budget.income.total.initial_budget"
    assert finding.evidence["difference"] == "-45.00"
    assert "7,013.09" in finding.message and "7058.09" in finding.message


def test_jiangmen_other_budget_figures_agree(jiangmen: Result) -> None:
    for rule in (
        "income-adjusted-budget-text",
        "income-final-accounts-text",
        "expenditure-initial-budget-text",
        "expenditure-adjusted-budget-text",
        "expenditure-final-accounts-text",
    ):
        assert of(jiangmen, rule) == [], rule


def test_jiangmen_text_count_vs_indicator_row_17(jiangmen: Result) -> None:
    [finding] = of(jiangmen, "text-count-vs-indicator")
    assert finding.severity == "warning"
    assert finding.location.to_dict() == {
        "table": "indicators",
        "row": "17",
        "name": "新增“小升规”工业企业数量",
        "column": "actual",
        "line": 47,
    }
    assert (finding.evidence["stated"], finding.evidence["against"]) == ("468 家", "486 家")
    assert finding.evidence["difference"] == "-18"


def test_jiangmen_text_vs_indicator_unit_row_15(jiangmen: Result) -> None:
    [finding] = of(jiangmen, "text-vs-indicator-unit")
    assert finding.severity == "info"
    assert finding.location.row == "15"
    assert (finding.evidence["stated"], finding.evidence["against"]) == ("500 人次", "500 名")
    assert (finding.evidence["stated_unit"], finding.evidence["against_unit"]) == ("人次", "名")


def test_jiangmen_nothing_else(jiangmen: Result) -> None:
    assert jiangmen.summary == {"error": 5, "warning": 1, "info": 7}
    assert not [f for f in jiangmen.findings if f.check == "engine"]


# ------------------------------------------------------------------ demo project form
def test_demo_execution_rate(demo: Result) -> None:
    [finding] = of(demo, "funds-execution-rate")
    assert finding.location.to_dict() == {"field": "budget.funds.execution_rate"}
    assert finding.evidence["stated"] == "95.00%"
    assert finding.evidence["against"] == "92.30%"
    assert finding.evidence["difference"] == "2.70"


def test_demo_total_score(demo: Result) -> None:
    [finding] = of(demo, "total-score")
    assert finding.location.to_dict() == {"field": "total_score.score"}
    assert (finding.evidence["stated"], finding.evidence["against"]) == ("98.73", "99.73")
    assert finding.evidence["difference"] == "-1.00"


def test_demo_funds_score_is_not_flagged(demo: Result) -> None:
    assert of(demo, "funds-score") == []


def test_demo_missed_with_full_marks_row_4(demo: Result) -> None:
    assert rows(demo, "indicator-target-met") == ["4"]
    [finding] = of(demo, "indicator-missed-full-marks")
    assert finding.severity == "warning"
    assert finding.location.row == "4"
    assert finding.evidence["points"] == finding.evidence["score"] == "10"
    assert (finding.evidence["target"], finding.evidence["actual"]) == ("≥95%", "90%")


def test_demo_lower_is_better_row_7_is_met(demo: Result) -> None:
    assert not [f for f in demo.findings if f.location.row == "7"]


def test_demo_nothing_else(demo: Result) -> None:
    assert sorted(f.rule for f in demo.findings) == [
        "funds-execution-rate",
        "indicator-missed-full-marks",
        "indicator-target-met",
        "total-score",
    ]


def test_narrative_figures_name_their_lines_each_match_its_own() -> None:
    from jxrules.checks import Context
    from jxrules.checks.crossref import _search
    from jxrules.model import Report
    from jxrules.quantities import default_vocabulary

    text = "前言\n共 3 家工业企业获得新升规奖励，另 4 家工业企业获得新升规奖励\n\n\n末尾 5 家工业企业获得新升规奖励"
    report = Report(kind="department_overall", fiscal_year=2022, narrative=text)
    ruleset = jxrules.load_ruleset("dept-overall/2022")
    (rule,) = [r for r in ruleset.rules if r.id == "text-count-vs-indicator"]
    pattern = rule.config.pairs[0].stated.pattern
    found = _search(pattern, Context(report, ruleset.params), "", default_vocabulary())
    assert [(f.text, f.source) for f in found] == [
        ("3 家", "narrative line 2"),
        ("4 家", "narrative line 2"),
        ("5 家", "narrative line 5"),
    ]


def test_a_match_starting_at_a_line_break_is_on_the_line_before() -> None:
    import re

    from jxrules.checks import Context
    from jxrules.checks.crossref import _search
    from jxrules.model import Report
    from jxrules.quantities import default_vocabulary

    text = "甲\n乙\n3 家\n\n7 家" + "\n" * 3 + "9 家"
    report = Report(kind="department_overall", fiscal_year=2022, narrative=text)
    pattern = re.compile(r"\n(?P<value>\d+ 家)", re.MULTILINE)
    found = _search(pattern, Context(report, {}), "", default_vocabulary())
    starts = [m.start() for m in pattern.finditer(text)]
    assert [f.source for f in found] == [
        f"narrative line {text.count(chr(10), 0, s) + 1}" for s in starts
    ]
    assert [f.source for f in found] == ["narrative line 2", "narrative line 4", "narrative line 7"]
