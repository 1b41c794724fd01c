"""Rule test cases for the target and crossref check kinds (tests/checks/cases/*.tests.yaml)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import attrs
import pytest

import jxrules
from jxrules.authoring.rule_tests import load_cases
from jxrules.errors import RulesetError
from jxrules.findings import Result

CASES_DIR = Path(__file__).parent / "cases"
FILES = [CASES_DIR / "target.tests.yaml", CASES_DIR / "crossref.tests.yaml"]
# The cases themselves run as pytest items through the jxrules plugin (tests/checks/cases/*.tests.yaml).


def test_every_file_has_passing_and_failing_cases() -> None:
    for path in FILES:
        cases = load_cases(path)
        assert any(case.expect for case in cases), path
        assert any(not case.expect for case in cases), path


# ------------------------------------------------------------------ the check kinds' own fields
ROOT = Path(__file__).resolve().parents[2]
JIANGMEN = ROOT / "examples" / "jiangmen-2022-dept-overall.yaml"
HEADER = """\
id: local/t
title: t
version: "1"
applies_to: {kind: department_overall, fiscal_years: [2022]}
rules:
"""


def run(tmp_path: Path, rules: str, report: object = JIANGMEN) -> Result:
    path = tmp_path / "r.yaml"
    path.write_text(HEADER + textwrap.indent(textwrap.dedent(rules), "  "), encoding="utf-8")
    loaded = jxrules.load_report(report) if isinstance(report, (dict, Path)) else report
    return jxrules.check(loaded, jxrules.load_ruleset(path))


def load_error(tmp_path: Path, rules: str) -> RulesetError:
    with pytest.raises(RulesetError) as info:
        run(tmp_path, rules)
    return info.value


def test_target_where_filters_rows(tmp_path: Path) -> None:
    rule = """\
    - id: t
      check: target
      severity: error
      where: "item.level2 == '{level}'"
      message: 指标“{{name}}”未完成
    """
    assert [f.location.row for f in run(tmp_path, rule.format(level="产出指标")).findings] == [
        "4",
        "5",
        "8",
        "9",
    ]
    assert run(tmp_path, rule.format(level="满意度指标")).findings == ()


def test_target_where_runs_only_when_a_row_could_be_reported(tmp_path: Path) -> None:
    """``where`` decides which rows are reported; with no row to report it is not evaluated.

    (A broken ``where`` is reported, as every broken rule is, on the reports where it runs.)
    """
    rule = """\
    - id: t
      check: target
      severity: error
      find: missing
      where: "item.points > 0"
      message: 指标“{name}”缺实际值
    """
    rows = [{"seq": "1", "name": "甲", "target": "5家", "actual": "6家"}]  # points not stated
    data = {"kind": "department_overall", "fiscal_year": 2022, "indicators": rows}
    assert run(tmp_path, rule, jxrules.load_report(data)).findings == ()
    rows.append({"seq": "2", "name": "乙", "target": "5家", "actual": ""})  # a missing actual
    findings = run(tmp_path, rule, jxrules.load_report(data)).findings
    assert [(f.rule, f.check) for f in findings] == [("t", "engine")]
    reason = findings[0].evidence["reason"]
    assert reason.startswith("类型错误：'>' not supported between instances of 'NoneType'")


def test_target_lower_is_better_and_vocabulary_fields(tmp_path: Path) -> None:
    data = {
        "kind": "department_overall",
        "fiscal_year": 2022,
        "indicators": [
            {"seq": "1", "name": "平均办理时间", "target": "5天", "actual": "6天"},
            {"seq": "2", "name": "保障飞行", "target": "≥20架次", "actual": "18架次"},
        ],
    }
    rules = """\
    - id: t
      check: target
      severity: error
      lower_is_better: [办理时间]
      vocabulary: {units: [架次]}
      message: 指标“{name}”未完成：目标 {target}，实际 {actual}（{comparator}{target_value}{unit}）
    """
    findings = run(tmp_path, rules, jxrules.load_report(data)).findings
    assert [(f.location.row, f.evidence["comparator"], f.evidence["unit"]) for f in findings] == [
        ("1", "≤", "天"),
        ("2", "≥", "架次"),
    ]
    assert findings[0].message == "指标“平均办理时间”未完成：目标 5天，实际 6天（≤5天）"


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ("far_above_ratio: abc", "far_above_ratio"),
        ("far_above_ratio: 0", "正数"),
        ("find: missd", "find"),
        ("vocabulary: {ignore_patterns: ['(']}", "vocabulary"),
        ("lower_is_better: 成本", "lower_is_better"),
    ],
)
def test_target_bad_fields_are_ruleset_errors(tmp_path: Path, fields: str, words: str) -> None:
    error = load_error(
        tmp_path,
        f"""\
        - id: t
          check: target
          severity: error
          {fields}
          message: x
        """,
    )
    assert words in str(error) and "r.yaml:" in str(error)


def test_target_message_variables_depend_on_find(tmp_path: Path) -> None:
    error = load_error(
        tmp_path,
        """\
        - id: t
          check: target
          severity: error
          find: missed
          message: 指标“{name}”{reason}
        """,
    )
    assert "{reason}" in str(error)


CROSSREF = """\
- id: c
  check: crossref
  severity: error
  {fields}
  message: '{message}'
"""


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        (
            "stated: {pattern: '年初预算(\\\\d+)'}\n  against: {field: declared.indicator_count}",
            "value",
        ),
        ("stated: {pattern: '(?P<value>'}\n  against: {field: declared.indicator_count}", "正则"),
        ("stated: {field: a, indicator: b}\n  against: {field: c}", "之一"),
        ("stated: {field: a}", "against"),
        (
            "stated: {field: a}\n  against: {field: b}\n  pairs: [{stated: {field: a}, against: {field: b}}]",
            "pairs",
        ),
        ("stated: {field: a}\n  against: {expression: 'a +'}", "语法"),
        ("stated: {field: a}\n  against: {field: b}\n  tolerance: -1", "tolerance"),
        ("stated: {field: a}\n  against: {field: b}\n  find: differ", "find"),
    ],
)
def test_crossref_bad_fields_are_ruleset_errors(tmp_path: Path, fields: str, words: str) -> None:
    error = load_error(tmp_path, CROSSREF.format(fields=fields, message="x"))
    assert words in str(error) and "r.yaml:" in str(error)


def test_crossref_tolerance(tmp_path: Path) -> None:
    fields = (
        "stated: {pattern: '部门收入年初预算\\s*(?P<value>[\\d,.]+\\s*万元)'}\n"
        "  against: {field: budget.income.total.initial_budget, unit: 万元}\n"
        "  tolerance: {tolerance}"
    )
    for tolerance, count in (("44.99", 1), ("45", 0)):
        rules = CROSSREF.format(
            fields=fields.replace("{tolerance}", tolerance), message="相差 {difference}"
        )
        assert len(run(tmp_path, rules).findings) == count


def test_crossref_missing_and_unreadable_outcomes(tmp_path: Path) -> None:
    missing = CROSSREF.format(
        fields="find: missing\n  label: 重点工作任务数\n"
        "  stated: {pattern: '重点任务共\\s*(?P<value>\\d+)\\s*项'}\n"
        "  against: {field: declared.key_task_count}",
        message="正文未写明{label}",
    )
    [finding] = run(tmp_path, missing).findings
    assert finding.message == "正文未写明重点工作任务数"
    assert finding.location.to_dict() == {"table": "narrative"}
    assert finding.evidence == {"stated_from": "narrative"}
    by_indicator = CROSSREF.format(
        fields="find: missing\n  label: 培训人次\n"
        "  stated: {indicator: 不存在的指标, column: actual}\n"
        "  against: {field: declared.key_task_count}",
        message="未找到{label}",
    )
    [finding] = run(tmp_path, by_indicator).findings
    assert finding.location.to_dict() == {
        "table": "indicators",
        "name": "不存在的指标",
        "column": "actual",
    }
    assert finding.evidence == {"stated_from": "indicator 不存在的指标 actual"}
    unreadable = CROSSREF.format(
        fields="find: unreadable\n"
        "  stated: {pattern: '(?P<value>\\d+\\s*家)工业企业获得新升规奖励'}\n"
        "  against: {indicator: 不存在的指标}",
        message="{stated}：{reason}",
    )
    [finding] = run(tmp_path, unreadable).findings
    assert finding.message == "468 家：找不到对照的数字"


def test_crossref_declared_count_against_computed(tmp_path: Path) -> None:
    rules = CROSSREF.format(
        fields="stated: {field: declared.indicator_count}\n  against: {expression: len(indicators)}",
        message="正文称 {stated} 个，表中 {against} 行",
    )
    assert run(tmp_path, rules).findings == ()
    data = jxrules.load_report(JIANGMEN)
    fewer = attrs.evolve(data, indicators=data.indicators[:27])
    [finding] = run(tmp_path, rules, fewer).findings
    assert finding.message == "正文称 28 个，表中 27 行"
    assert finding.location.to_dict() == {"field": "declared.indicator_count"}


def test_crossref_broken_expression_is_an_engine_finding(tmp_path: Path) -> None:
    rules = CROSSREF.format(
        fields="stated: {field: declared.indicator_count}\n  against: {expression: budget.nothing.total}",
        message="x",
    )
    [finding] = run(tmp_path, rules).findings
    assert finding.check == "engine" and finding.rule == "c"
