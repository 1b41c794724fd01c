"""Issue acceptance on the bundled rulesets: the Jiangmen report's real defects, nothing false.

The rule tests in rulesets/*/2022.tests.yaml pin every finding; this file checks
the same facts through the library API, and that the Markdown as received and
the hand-entered YAML give the same findings.
"""

from __future__ import annotations

import json

import pytest

import jxrules
from tests.conftest import JIANGMEN_MD, JIANGMEN_YAML, PROJECT_YAML, ROOT, laid_out_alike


@pytest.fixture(scope="module", params=["yaml", "md"])
def findings(request: pytest.FixtureRequest) -> tuple[jxrules.Finding, ...]:
    path = JIANGMEN_YAML if request.param == "yaml" else JIANGMEN_MD
    result = jxrules.check(jxrules.load_report(path))
    assert result.ruleset == "dept-overall/2022"
    return result.findings


def by(findings, rule):
    return [f for f in findings if f.rule == rule]


def test_markdown_and_yaml_give_the_same_findings():
    from_yaml = jxrules.check(jxrules.load_report(JIANGMEN_YAML)).findings
    from_md = jxrules.check(jxrules.load_report(JIANGMEN_MD)).findings
    assert [laid_out_alike(f.to_dict()) for f in from_md] == [
        laid_out_alike(f.to_dict()) for f in from_yaml
    ]


def test_missed_targets_exactly_rows_4_5_8_9(findings):
    missed = by(findings, "indicator-target-met")
    assert [(f.location.row, f.evidence["target"], f.evidence["actual"]) for f in missed] == [
        ("4", "2 个", "1 个"),
        ("5", "≥10 家", "8 家"),
        ("8", "3个", "1个"),
        ("9", "2个", "1个"),
    ]
    nine = missed[-1]
    assert nine.check == "target" and nine.severity == "error"
    assert laid_out_alike(nine.to_dict())["location"] == {
        "table": "indicators",
        "row": "9",
        "name": "5G公共服务平台数量",
        "column": "actual",
    }
    assert nine.message == "指标“5G公共服务平台数量”未完成：目标 2个，实际 1个"


def test_no_error_on_met_rows(findings):
    rows_with_errors = {
        f.location.row
        for f in findings
        if f.severity == "error" and f.location.table == "indicators"
    }
    assert rows_with_errors == {"4", "5", "8", "9", "22", "23", "24", "25", "26"}
    assert not {"6", "12", "28"} & {
        f.location.row for f in findings if f.check == "target" and f.severity != "info"
    }


def test_duplicates_22_to_26_repeat_17_to_21(findings):
    dups = by(findings, "indicator-duplicate")
    assert [(f.location.row, f.evidence["duplicate_of"]) for f in dups] == [
        ("22", "17"),
        ("23", "18"),
        ("24", "19"),
        ("25", "20"),
        ("26", "21"),
    ]
    assert all(f.check == "duplicate" and f.severity == "error" for f in dups)


def test_expenditure_does_not_reconcile_by_one_cent(findings):
    recon = by(findings, "expenditure-reconciles")
    assert [
        (f.location.column, f.evidence["items_sum"], f.evidence["total"], f.evidence["difference"])
        for f in recon
    ] == [
        ("adjusted_budget", "4960.47", "4960.46", "0.01"),
        ("final_accounts", "4960.47", "4960.46", "0.01"),
    ]
    assert all(f.location.table == "expenditure" for f in recon)
    assert by(findings, "income-reconciles") == []


def test_text_versus_tables(findings):
    (income,) = by(findings, "income-initial-budget-text")
    assert income.check == "crossref" and income.severity == "error"
    assert "7,013.09" in income.evidence["stated"] and "7058.09" in income.evidence["against"]
    (count,) = by(findings, "text-count-vs-indicator")
    assert count.severity == "warning" and count.location.row == "17"
    assert "468" in count.evidence["stated"] and "486" in count.evidence["against"]
    (unit,) = by(findings, "text-vs-indicator-unit")
    assert unit.severity == "info" and unit.location.row == "15"


def test_categories(findings):
    (nonstandard,) = by(findings, "indicator-category-standard")
    assert nonstandard.evidence["category"] == "效果指标" and nonstandard.location.row == "12"
    assert "效益指标" in nonstandard.evidence["suggestion"]
    (missing,) = by(findings, "indicator-category-required")
    assert missing.evidence["required"] == "效益指标"


def test_info_findings_reviewers_expect(findings):
    assert [f.location.row for f in by(findings, "indicator-target-too-low")] == [
        "1",
        "12",
        "17",
        "19",
        "22",
        "24",
    ]
    (near,) = by(findings, "indicator-near-duplicate")
    assert (near.location.row, near.evidence["duplicate_of"]) == ("14", "13")


def test_reviewer_checklist_adds_only_the_missing_result_use_part(findings):
    """Issue 24 on the example: one info, its outline has no 结果应用 part; no rule of the
    checklist gives an error or a warning (the form has no 分值/得分 columns, its rates are at
    most 100 %, its expenditure equals its full-year budget)."""
    checklist = {
        "report-section-present", "indicator-score-formula", "indicator-score-band",
        "indicator-partial-score-reason", "indicator-score-missing", "indicator-score-within-points",
        "indicator-weight-positive", "indicator-rate-over-100", "cost-indicator-upper-bound",
        "indicator-placeholder-value", "indicator-target-vague", "indicator-qualitative-not-achieved",
        "expenditure-above-budget", "execution-rate-low",
    }  # fmt: skip
    new = [f for f in findings if f.rule in checklist]
    assert [(f.rule, f.severity, f.location.table, f.evidence["section"]) for f in new] == [
        ("report-section-present", "info", "narrative", "结果应用")
    ]


def test_summary(findings):
    assert jxrules.Result("s", {}, "r", findings).summary == {"error": 12, "warning": 3, "info": 9}


def test_project_form_defects():
    result = jxrules.check(jxrules.load_report(PROJECT_YAML))
    assert result.ruleset == "project/2022"
    got = [
        (f.rule, f.location.row or f.location.field or f.location.column) for f in result.findings
    ]
    assert got == [
        ("grade-matches-total", "self_evaluation.grade"),
        ("funds-reconcile", "executed"),
        ("funds-execution-rate", "budget.funds.execution_rate"),
        # issue 24: 100.56 % of the points scored with 92.30 % of the money spent (the red flag)
        ("outputs-ahead-of-spending", "budget.funds.execution_rate"),
        ("indicator-target-met", "4"),
        ("indicator-missed-full-marks", "4"),
        # issue 24: D5 (missed, full marks) and D4 (10.50 > 10) seen by the scoring formula
        ("indicator-score-formula", "4"),
        ("indicator-score-formula", "9"),
        ("indicator-score-within-points", "9"),
        ("total-score-reconciles", "total_score.score"),
    ]
    red_flag = result.findings[3]
    assert (red_flag.evidence["score_rate"], red_flag.evidence["rate"]) == ("100.56", "92.30")
    formula = result.findings[6]
    assert (formula.evidence["expected"], formula.evidence["basis"]) == ("9.47", "proportional")
    rate = result.findings[2]
    assert (rate.evidence["stated"], rate.evidence["against"]) == ("95.00%", "92.30%")
    total = result.findings[-1]
    assert (total.evidence["items_sum"], total.evidence["total"], total.evidence["difference"]) == (
        "99.73",
        "98.73",
        "1.00",
    )


@pytest.mark.parametrize(
    "path",
    sorted([*(ROOT / "examples").rglob("*.md"), *(ROOT / "tests" / "fixtures").rglob("*.md")]),
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_no_example_or_fixture_is_refused(path, cli):
    """Every document is read and checked: exit 0 or 1, never 2 (issue 17)."""
    result = cli("check", path, "--format", "json", "--fail-on", "error")
    assert result.code in (0, 1), result.err
    assert json.loads(result.out)["reports"]
