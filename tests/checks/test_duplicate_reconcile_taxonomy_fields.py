"""Rule test cases for duplicate / reconcile / taxonomy, and load-time checks of their fields."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

import jxrules
from jxrules.authoring.rule_tests import load_cases
from jxrules.checks.duplicate import figure_key, name_key
from jxrules.checks.taxonomy import defaults
from jxrules.errors import RulesetError
from jxrules.rules.ruleset import Ruleset, load_ruleset
from tests.conftest import JIANGMEN_YAML

HERE = Path(__file__).resolve().parent
CASE_FILES = [HERE / "cases" / f"{n}.tests.yaml" for n in ("duplicate", "reconcile", "taxonomy")]
# The cases themselves run as pytest items through the jxrules plugin (tests/checks/cases/*.tests.yaml).


def test_every_file_has_passing_and_failing_cases() -> None:
    for path in CASE_FILES:
        cases = load_cases(path)
        assert any(c.expect for c in cases), path
        assert any(c.absent and not c.expect for c in cases), path


# ------------------------------------------------------------------ helpers
HEADER = """\
id: local/t
title: t
version: "1"
applies_to: {kind: department_overall, fiscal_years: [2022]}
rules:
"""


def ruleset(tmp_path: Path, rules: str) -> Ruleset:
    path = tmp_path / "r.yaml"
    path.write_text(HEADER + textwrap.indent(textwrap.dedent(rules), "  "), encoding="utf-8")
    return load_ruleset(path)


def run(rs: Ruleset, data: dict[str, object]) -> list[jxrules.Finding]:
    report = jxrules.load_report({"kind": "department_overall", "fiscal_year": 2022, **data})
    return list(jxrules.check(report, rs).findings)


# ------------------------------------------------------------------ normalisation
def test_name_key_folds_width_case_space_and_punctuation() -> None:
    assert name_key("新增“小升规”工业企业数量") == name_key("新增「小升规」 工业企业数量。")
    assert name_key("５Ｇ公共服务平台（数量）") == name_key("5g公共服务平台数量")
    assert name_key("——") == ""


def test_figure_key_keeps_decimal_points_and_percent() -> None:
    assert figure_key("５.７ 亿元") == figure_key("5.7亿元")
    assert figure_key("5.7亿元") != figure_key("57亿元")
    assert figure_key("90%") != figure_key("90")
    assert figure_key("超过4000 万元。") == figure_key("超过4000万元")


# ------------------------------------------------------------------ load-time errors
@pytest.mark.parametrize(
    ("rule", "fragment"),
    [
        ("{check: duplicate, similarity: 0.8}", "similarity"),
        ("{check: duplicate, find: near, same_figures: true}", "same_figures"),
        ("{check: duplicate, find: near, similarity: 1.5}", "(0, 1]"),
        ("{check: duplicate, find: near, similarity: abc}", "不是数字"),
        ("{check: duplicate, find: fuzzy}", "fuzzy"),
        ("{check: reconcile, table: income, columns: [score]}", "score"),
        ("{check: reconcile, table: indicators, columns: [executed]}", "executed"),
        ("{check: reconcile, table: income, include_funds_score: true}", "include_funds_score"),
        ("{check: reconcile, table: income, tolerance: -1}", "负数"),
        ("{check: reconcile, table: budget}", "budget"),
        ("{check: reconcile}", "table"),
        ("{check: taxonomy, required: [效益指标]}", "required"),
        ("{check: taxonomy, find: missing, suggestions: {效果指标: 效益指标}}", "suggestions"),
        ("{check: taxonomy, find: missing, required: ['、']}", "为空"),
        ("{check: taxonomy, categories: {产出指标: 数量指标}}", "categories"),
    ],
)
def test_bad_rule_fields_fail_at_load(tmp_path: Path, rule: str, fragment: str) -> None:
    text = f"- {{id: x, severity: error, message: m, {rule[1:]}\n"
    with pytest.raises(RulesetError) as info:
        ruleset(tmp_path, text)
    assert fragment in str(info.value)
    assert "r.yaml:" in str(info.value)


@pytest.mark.parametrize(
    "rule",
    [
        "{check: duplicate, message: '{similarity}'}",
        "{check: taxonomy, message: '{required}'}",
        "{check: taxonomy, find: missing, message: '{suggestion}'}",
        "{check: reconcile, table: income, message: '{nothing}'}",
    ],
)
def test_placeholders_must_belong_to_the_outcome(tmp_path: Path, rule: str) -> None:
    with pytest.raises(RulesetError, match="占位符"):
        ruleset(tmp_path, f"- {{id: x, severity: error, {rule[1:]}\n")


# ------------------------------------------------------------------ behaviour details
def test_tolerance_accepts_rounding(tmp_path: Path) -> None:
    rs = ruleset(
        tmp_path,
        """\
        - {id: r, check: reconcile, severity: error, table: expenditure, tolerance: "0.01", message: m}
        - {id: s, check: reconcile, severity: error, table: expenditure, tolerance: 0.005, message: m}
        """,
    )
    findings = run(rs, jxrules_data())
    assert [f.rule for f in findings] == ["s", "s"]


def test_columns_limit_the_check(tmp_path: Path) -> None:
    rs = ruleset(
        tmp_path,
        """\
        - id: r
          check: reconcile
          severity: error
          table: expenditure
          columns: [final_accounts, executed]
          message: "{column_label} {items_sum} {total} {difference} {item_count} {table_label}"
        """,
    )
    findings = run(rs, jxrules_data())
    assert [f.location.column for f in findings] == ["final_accounts"]
    assert findings[0].message == "决算数 4960.47 4960.46 0.01 10 支出"


def test_required_prefix_and_custom_categories(tmp_path: Path) -> None:
    rs = ruleset(
        tmp_path,
        """\
        - {id: m, check: taxonomy, severity: warning, find: missing, required: [满意度, 效果], message: "{required}"}
        - id: s
          check: taxonomy
          severity: warning
          categories: {产出指标: [], 效果指标: [], 满意度指标: []}
          message: "{category}"
        """,
    )
    findings = run(rs, jxrules_data())
    assert findings == []


def test_missing_needs_indicator_rows(tmp_path: Path) -> None:
    rs = ruleset(
        tmp_path,
        "- {id: m, check: taxonomy, severity: warning, find: missing, message: '{required}'}\n",
    )
    assert run(rs, {"indicators": []}) == []
    names = [f.evidence["required"] for f in run(rs, {"indicators": [{"name": "甲"}]})]
    assert names == defaults()["required"]


def test_checks_do_not_break_on_odd_data(tmp_path: Path) -> None:
    rs = ruleset(
        tmp_path,
        """\
        - {id: d, check: duplicate, severity: error, message: m}
        - {id: n, check: duplicate, severity: info, find: near, message: m}
        - {id: r, check: reconcile, severity: error, table: income, message: m}
        - {id: t, check: reconcile, severity: error, table: indicators, include_funds_score: true, message: m}
        - {id: x, check: reconcile, severity: error, table: income, find: missing_total, message: m}
        - {id: c, check: taxonomy, severity: warning, message: m}
        - {id: q, check: taxonomy, severity: warning, find: missing, message: m}
        """,
    )
    data = {
        "budget": {"income": {"items": [{"name": "甲"}], "total": None}},
        "indicators": [
            {"name": "“”", "target": None, "actual": None},
            {"name": "——", "target": "", "actual": ""},
            {"name": "甲", "level1": "", "level2": None, "points": "", "score": None},
        ],
        "total_score": {"points": None, "score": None},
    }
    findings = run(rs, data)
    assert all(f.check != "engine" for f in findings), findings
    assert {f.rule for f in findings} == {"x", "q"}


def jxrules_data() -> dict[str, object]:
    """The Jiangmen example as a canonical mapping."""
    from jxrules.ingest.documents import load_document

    data = dict(load_document(JIANGMEN_YAML).data)
    data.pop("kind")
    data.pop("fiscal_year")
    return data


def test_a_total_without_items_is_nothing_to_add_up(tmp_path: Path) -> None:
    """A 项目资金 block printed as its total alone (side-by-side pairs) is no mismatch of 0."""
    rs = ruleset(
        tmp_path,
        """\
        - {id: r, check: reconcile, severity: error, table: funds, message: m}
        - {id: t, check: reconcile, severity: warning, table: funds, find: missing_total, message: m}
        """,
    )
    total = {"name": "年度资金总额", "adjusted_budget": "260.00", "executed": "247.00"}
    assert run(rs, {"budget": {"funds": {"unit": "万元", "items": [], "total": total}}}) == []
    item = {"name": "当年财政拨款", "adjusted_budget": "250.00", "executed": "247.00"}
    data = {"budget": {"funds": {"unit": "万元", "items": [item], "total": total}}}
    [found] = run(rs, data)
    assert (found.rule, found.location.column, found.evidence["difference"]) == (
        "r",
        "adjusted_budget",
        "-10.00",
    )
