"""Engine and expression kind through the library API: findings, engine findings, order."""

from __future__ import annotations

import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

import jxrules
from jxrules.findings import Location
from tests.conftest import JIANGMEN_YAML

HEAD = """\
id: t/engine
title: t
version: "1"
applies_to: {kind: department_overall, fiscal_years: [2022]}
params: {limit: 1000, ratio: 0.1}
rules:
"""


def ruleset(tmp_path: Path, rules: str) -> jxrules.Ruleset:
    path = tmp_path / "rs.yaml"
    path.write_text(HEAD + textwrap.indent(textwrap.dedent(rules), "  "), encoding="utf-8")
    return jxrules.load_ruleset(path)


@pytest.fixture(scope="module")
def report() -> jxrules.Report:
    return jxrules.load_report(JIANGMEN_YAML)


def test_load_report_keeps_decimals_and_printed_text(report):
    income = report.budget["income"]
    assert income.total is not None
    assert income.total.amount("initial_budget") == Decimal("7058.09")
    assert income.items[2].amount("initial_budget") is None
    assert len(report.indicators) == 28
    assert report.indicators[4].name == "支持中小型企业“上云上平台”数量"
    assert report.indicators[27].target == "90%以上"
    assert report.self_evaluation.score == jxrules.Num(Decimal("98"), "98")


def test_load_report_from_mapping():
    report = jxrules.load_report(
        {"kind": "project", "fiscal_year": 2022, "indicators": [{"name": "a b"}]}
    )
    assert report.indicators[0].name == "ab" and report.indicators[0].row == "1"


def test_for_each_rule_locates_each_failing_row(tmp_path, report):
    rs = ruleset(
        tmp_path,
        """\
        - id: target-has-unit
          check: expression
          severity: warning
          for_each: indicators
          where: "item.level2 == '满意度指标'"
          assert: "item.actual != '90%'"
          evidence: {actual: item.actual}
          message: 指标“{item.name}”实际值为 {actual}
        """,
    )
    result = jxrules.check(report, rs)
    (finding,) = result.findings
    assert finding.location == Location(table="indicators", row="28", name="扶持服务对象满意度")
    assert finding.message == "指标“扶持服务对象满意度”实际值为 90%"
    assert finding.evidence == {"actual": "90%"}


def test_decimal_arithmetic_is_exact(tmp_path, report):
    rs = ruleset(
        tmp_path,
        """\
        - id: exact
          check: expression
          severity: info
          assert: "budget.expenditure.total.adjusted_budget * params.ratio != 496.046"
          evidence: {product: budget.expenditure.total.adjusted_budget * params.ratio, third: 1 / 3 * 3}
          message: "{product}"
        """,
    )
    (finding,) = jxrules.check(report, rs).findings
    assert finding.evidence["product"] == "496.046"
    assert finding.evidence["third"] == "0.9999999999999999999999999999"


def test_broken_rule_is_an_engine_finding_and_others_still_run(tmp_path, report):
    rs = ruleset(
        tmp_path,
        """\
        - id: broken
          check: expression
          severity: error
          assert: "self_evaluation.nonexistent > 1"
          message: never shown
        - id: type-error
          check: expression
          severity: error
          assert: "narrative > 3"
          message: never shown
        - id: fine
          check: expression
          severity: warning
          assert: "len(indicators) == 27"
          location: {table: indicators}
          message: 行数
        """,
    )
    result = jxrules.check(report, rs)
    by_rule = {f.rule: f for f in result.findings}
    assert by_rule["broken"].check == "engine"
    assert "没有字段 “nonexistent”" in by_rule["broken"].message
    assert "规则本身的问题，不是报告数据的问题" in by_rule["broken"].message
    assert by_rule["broken"].evidence["origin"].endswith("rs.yaml:7:5")
    assert by_rule["type-error"].check == "engine"
    assert by_rule["fine"].check == "expression" and by_rule["fine"].severity == "warning"


def test_when_guard_skips_rule(tmp_path, report):
    rs = ruleset(
        tmp_path,
        """\
        - id: guarded
          check: expression
          severity: error
          when: "fiscal_year == 2023"
          assert: "False"
          message: x
        """,
    )
    assert jxrules.check(report, rs).findings == ()


def test_findings_sorted_by_report_position_then_rule(tmp_path, report):
    rs = ruleset(
        tmp_path,
        """\
        - id: b-row
          check: expression
          severity: info
          for_each: indicators
          where: "item.seq in ['3', '1']"
          assert: "False"
          message: x
        - id: a-field
          check: expression
          severity: info
          assert: "False"
          location: {field: self_evaluation.grade}
          message: x
        - id: c-row
          check: expression
          severity: info
          for_each: indicators
          where: "item.seq == '1'"
          assert: "False"
          message: x
        """,
    )
    order = [
        (f.rule, f.location.row or f.location.field) for f in jxrules.check(report, rs).findings
    ]
    assert order == [
        ("a-field", "self_evaluation.grade"),
        ("b-row", "1"),
        ("c-row", "1"),
        ("b-row", "3"),
    ]


def test_result_to_dict_matches_contract(report):
    result = jxrules.check(report)
    data = result.to_dict()
    assert data["ruleset"] == "dept-overall/2022"
    assert data["report"]["department"] == "江门市工业和信息化局"
    assert data["summary"] == result.summary


def test_public_api_is_explicit_and_lazy():
    import subprocess
    import sys

    code = "import sys, jxrules; print('jsonschema' in sys.modules, sorted(jxrules.__all__) == jxrules.__all__)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.split() == ["False", "True"]
    for name in jxrules.__all__:
        assert getattr(jxrules, name) is not None


def test_load_report_roundtrips_through_report_to_data(report):
    from jxrules.ingest.canonical import report_to_data

    data = report_to_data(report)
    assert data["filed_on"].isoformat() == "2023-04-07"
    assert jxrules.load_report(data) == report


def test_report_kinds_are_one_list():
    from jxrules.ingest.schema import report_schema
    from jxrules.model import KINDS
    from jxrules.rules.schema import ruleset_shape

    assert report_schema()["properties"]["kind"]["enum"] == list(KINDS)
    assert ruleset_shape()["properties"]["applies_to"]["properties"]["kind"]["enum"] == list(KINDS)


def test_findings_sort_by_section_row_and_column_whatever_the_location_says():
    from jxrules.findings import Location

    locations = [
        Location(table="indicators", row="10", column="actual"),
        Location(table="indicators", row="9", column="actual"),
        Location(table="indicators", row="9", column="target"),
        Location(field="budget.expenditure.total.final_accounts"),
        Location(field="budget.income.total.initial_budget"),
        Location(field="self_evaluation.score"),
        Location(field="budget"),  # a rule may point at the whole budget: no crash
        Location(table="indicators", row="²"),  # a row label that is a digit but no number
        Location(table="indicators", row="１２"),  # full-width digits are a number
        Location(table="indicators", row="9" * 5000),  # too long for int(): sorts as text
        Location(),
    ]
    ordered = sorted(locations, key=lambda where: where.sort_key())
    assert ordered == [
        Location(field="self_evaluation.score"),
        Location(field="budget.income.total.initial_budget"),
        Location(field="budget.expenditure.total.final_accounts"),
        Location(table="indicators", row="9", column="target"),
        Location(table="indicators", row="9", column="actual"),
        Location(table="indicators", row="10", column="actual"),
        Location(table="indicators", row="１２"),
        Location(table="indicators", row="9" * 5000),
        Location(table="indicators", row="²"),
        Location(),
        Location(field="budget"),
    ]


def test_a_message_sees_params_over_evidence_over_location_over_variables():
    from jxrules.checks import Issue
    from jxrules.findings import Location
    from jxrules.rules.engine import message_scope

    issue = Issue(
        location=Location(table="indicators", row="3", name="甲"),
        evidence={"target": "5 家", "row": "evidence row", "params": "not params"},
        variables={"name": "hidden by the location", "label": "标签", "table": "x"},
    )
    params = {"max_score": 100}
    scope = message_scope(issue, params)
    merged = {**issue.variables, **issue.location.to_dict(), **issue.evidence, "params": params}
    for key, value in merged.items():  # every name a template may use, as the merge has it
        assert key in scope and scope[key] == value, key
    for absent in ("column", "field", "x"):
        assert absent not in scope
        with pytest.raises(KeyError):
            scope[absent]
    assert jxrules.rules.templates.render("{name}|{row}|{label}|{params.max_score}|{x}", scope) == (
        "甲|evidence row|标签|100|{x}"
    )


def test_params_changed_in_place_are_seen_by_the_next_check():
    from jxrules.checks.namespace import report_names

    report = jxrules.load_report(JIANGMEN_YAML)
    params = {"max_score": 100, "bands": [{"min": 1}]}
    assert report_names(report, params)["params"]["max_score"] == 100
    params["max_score"] = 90
    params["bands"][0]["min"] = 5
    names = report_names(report, params)
    assert names["params"]["max_score"] == 90 and names["params"]["bands"][0]["min"] == 5


def test_explain_shows_what_every_kind_compared() -> None:
    """--explain: a reconcile finding lists the items added up; a target finding the figures
    as read; a duplicate its partner row (issue 23)."""
    import jxrules
    from tests.conftest import JIANGMEN_MD

    result = jxrules.check(jxrules.load_report(JIANGMEN_MD), explain=True)
    by_rule = {f.rule: f.explanation for f in result.findings}
    reconcile = by_rule["expenditure-reconciles"]
    assert reconcile["items"].startswith("一般公共服务支出 1.77 + 科学技术支出 1098.00 + ")
    assert reconcile["items"].endswith(" + 其他支出 0.05")
    assert (reconcile["items_sum"], reconcile["total"], reconcile["difference"]) == (
        "4960.47",
        "4960.46",
        "0.01",
    )
    target = by_rule["indicator-target-met"]
    assert (target["target_value"], target["actual_value"], target["comparator"]) == ("2", "1", "≥")
    duplicate = by_rule["indicator-duplicate"]  # the last: row 26 repeats row 21
    assert (duplicate["duplicate_of"], duplicate["duplicate_of_name"]) == (
        "21",
        "实现主营业务收入倍增企业数量",
    )
    assert jxrules.check(jxrules.load_report(JIANGMEN_MD)).findings[0].explanation == {}
