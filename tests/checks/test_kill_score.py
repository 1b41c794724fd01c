"""``score``: each outcome's finding on a printed form, exactly, at the edges of its tests — the
tolerance and band bounds (inclusive), half-up rounding of the shown figures, rows the formula
leaves alone (compound cells, deadlines, a target of 0), 分值 of 0 and 1 in bands.

Written against the mutants mutmut found surviving in ``jxrules.checks.score``
(docs/testing.md): no test read every evidence key, the row's source line, or a bound.
"""

from __future__ import annotations

import textwrap
from typing import Any

import pytest

import jxrules
from jxrules.errors import RulesetError
from jxrules.findings import Location
from jxrules.ingest.markdown import read_string

HEADER = """\
id: local/s
title: s
version: "1"
applies_to: {kind: project, fiscal_years: [2022]}
rules:
"""
#: 二级指标, name, target, actual, 分值, 得分 — the first row is on source line 8.
ROWS = [
    ("数量指标", "年度培训人数", "≥100人", "80人", "10", "10"),  # 8.00 expected
    ("质量指标", "投诉率", "5%", "8%", "10", "7"),  # lower is better: 10 × 5 ÷ 8
    ("数量指标", "培训场次", "≥100场", "50场", "10", "5.1"),  # 0.1 off: the tolerance
    ("数量指标", "新增设备数量", "≥100台", "50台", "10", "5.11"),  # 0.11 off
    ("数量指标", "检查井数量", "≥80个", "73个", "10", "10"),  # 9.125 shown half-up
    ("数量指标", "培训及场次", "≥100人，≥5场", "80人，5场", "10", "10"),  # compound
    ("时效指标", "完工时间", "2022年12月底前", "2023年1月", "10", "10"),  # a deadline
    ("数量指标", "参训人员", "≥100人", "0人", "10", "1"),  # an actual of 0
    ("数量指标", "新增企业", "超过0个", "0个", "10", "10"),  # a target of 0, missed
    ("社会效益指标", "服务水平", "有效提升", "未完成", "10", "9"),  # 90 % in 差
    ("社会效益指标", "管理水平", "有效提升", "未完成", "10", "6"),  # 60 %: 差's max
    ("社会效益指标", "群众获得感", "有效提升", "明显提升", "10", "8"),  # 80 %: 好's min
    ("社会效益指标", "宣传效果", "有效提升", "未完成", "1", "0.9"),  # 分值 1
    ("社会效益指标", "档案管理", "有效提升", "未完成", "8", "5.0004"),  # 62.505 % half-up
    ("社会效益指标", "制度建设", "有效提升", "未完成", "0", "0"),  # 分值 0: no percent
    ("数量指标", "无得分", "≥100人", "80人", "10", ""),  # 得分 not stated: not judged
    ("社会效益指标", "无分值", "有效提升", "未完成", "", "9"),  # 分值 not stated: not judged
    ("数量指标", "培训人次", "≥100人次", "80名", "10", "10"),  # other units: not compared
    ("数量指标", "新建场馆", "≥1个", "0个", "10", "5"),  # a target of 1, missed
]
BANDS = "    - {name: 差, min: 0, max: 60, words: [未完成]}\n"


def _form() -> Any:
    body = "".join(
        f"<tr><td>产出指标</td><td>{level2}</td><td>{name}</td><td>{target}</td>"
        f"<td>{actual}</td><td>{points}</td><td>{score}</td><td></td></tr>\n"
        for level2, name, target, actual, points, score in ROWS
    )
    text = (
        "# 项目支出绩效自评表\n\n（2022年度）\n\n<table>\n"
        '<tr><td colspan="2">项目名称</td><td colspan="6">示例项目</td></tr>\n'
        "<tr><th>一级指标</th><th>二级指标</th><th>三级指标</th><th>年度指标值</th>"
        "<th>实际完成值</th><th>分值</th><th>得分</th><th>偏差原因分析及改进措施</th></tr>\n"
        f"{body}</table>\n"
    )
    [report] = read_string(text, "t.md")
    return report


def _findings(fields: str) -> list[tuple[dict[str, Any], dict[str, str], str]]:
    rule = f"- id: s\n  check: score\n  severity: warning\n{fields}  message: '{{name}}'\n"
    result = jxrules.check(_form(), jxrules.load_ruleset(HEADER + textwrap.indent(rule, "  ")))
    return [
        (f.location.to_dict(), dict(f.evidence), f.message)
        for f in result.findings
        if f.rule == "s"
    ]


def _at(row: int, name: str) -> dict[str, Any]:
    """The location as a finding prints it, with the row's source line."""
    return Location("indicators", str(row), name, "score", None, row + 7).to_dict()


def _formula(row: int, expected: str, difference: str, basis: str, lower: bool = False) -> Any:
    _, name, target, actual, points, score = ROWS[row - 1]
    evidence = {
        "target": target,
        "actual": actual,
        "points": points,
        "score": score,
        "expected": expected,
        "difference": difference,
        "tolerance": "0.1",
        "basis": basis,
        "target_value": target.strip("≥%人台个"),
        "actual_value": actual.strip("%人台个"),
        "direction": "lower" if lower else "higher",
    }
    return (_at(row, name), evidence, name)


def test_formula_findings_carry_every_figure_and_the_rows_source_line() -> None:
    assert _findings("  find: formula\n") == [
        _formula(1, "8.00", "2.00", "proportional"),
        _formula(2, "6.25", "0.75", "reverse_ratio", lower=True),
        _formula(4, "5.00", "0.11", "proportional"),  # row 3 is 0.1 off: within
        _formula(5, "9.13", "0.87", "proportional"),  # 9.125 half-up, not 9.12
        _formula(8, "0.00", "1.00", "proportional"),
        _formula(19, "0.00", "5.00", "proportional"),
    ]  # compound cells, deadlines, a missed target of 0 and unit mismatches are left alone


def test_a_larger_tolerance_and_a_linear_reverse() -> None:
    found = _findings("  find: formula\n  tolerance: 0.8\n  reverse: linear\n")
    assert [(f[0]["row"], f[1]["expected"], f[1]["basis"], f[1]["tolerance"]) for f in found] == [
        ("1", "8.00", "proportional", "0.8"),
        ("2", "4.00", "reverse_linear", "0.8"),  # 10 × (2 − 8 ÷ 5)
        ("5", "9.13", "proportional", "0.8"),
        ("8", "0.00", "proportional", "0.8"),
        ("19", "0.00", "proportional", "0.8"),
    ]


def _band(row: int, band: str, low: str, high: str, percent: str) -> Any:
    _, name, target, actual, points, score = ROWS[row - 1]
    evidence = {
        "target": target,
        "actual": actual,
        "points": points,
        "score": score,
        "band": band,
        "band_min": low,
        "band_max": high,
        "percent": percent,
    }
    return (_at(row, name), evidence, name)


@pytest.mark.parametrize("others", ["", "    - {name: 好, min: 80, max: 100}\n"])
def test_band_findings_lie_outside_the_band_with_both_bounds_inclusive(others: str) -> None:
    """Quantitative rows and a row no band matches give nothing; nor does a row worth 0."""
    assert _findings(f"  find: band\n  bands:\n{BANDS}{others}") == [
        _band(10, "差", "0", "60", "90.00"),
        _band(13, "差", "0", "60", "90.00"),  # 分值 1 is judged
        _band(14, "差", "0", "60", "62.51"),  # 62.505 half-up
    ]


def test_where_keeps_only_its_rows() -> None:
    found = _findings("  find: formula\n  where: \"item.name != '年度培训人数'\"\n")
    assert [where["row"] for where, _, _ in found] == ["2", "4", "5", "8", "19"]


def test_rules_with_other_heads_judge_the_direction_their_way_on_one_report() -> None:
    """One context for both rules: the second must not reuse the first's verdicts."""
    rules = "".join(
        f"- id: {rule}\n  check: score\n  severity: warning\n  find: formula\n{heads}"
        "  message: '{basis}'\n"
        for rule, heads in (("a", ""), ("b", "  lower_is_better: [费用]\n"))
    )
    result = jxrules.check(_form(), jxrules.load_ruleset(HEADER + textwrap.indent(rules, "  ")))
    found = [(f.rule, f.location.row, f.message) for f in result.findings if f.location.row == "2"]
    assert found == [("a", "2", "reverse_ratio"), ("b", "2", "met")]  # 8% ≥ 5%: met, 10 ≠ 7


def test_messages_may_use_params_and_evidence_keys_and_nothing_else() -> None:
    params = HEADER.replace("rules:\n", "params: {unit: 分}\nrules:\n")
    rule = "- id: s\n  check: score\n  severity: warning\n  find: formula\n  message: '{message}'\n"
    ruleset = jxrules.load_ruleset(
        params + textwrap.indent(rule.format(message="{expected}{params.unit}"), "  ")
    )
    [first, *_] = [f for f in jxrules.check(_form(), ruleset).findings if f.rule == "s"]
    assert first.message == "8.00分"
    with pytest.raises(RulesetError) as info:
        jxrules.load_ruleset(params + textwrap.indent(rule.format(message="{band}"), "  "))
    assert "band" in info.value.message


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ("find: band\n  bands: params.flat", "bands 须为非空列表：[{name, min, max, words}, …]"),
        ("find: band\n  bands: params.odd", "bands 的每一档须有 name、min、max：'x'"),
        (
            "find: band\n  bands: params.nomax",
            "bands 的每一档须有 name、min、max：{'name': 'a', 'min': 1}",
        ),
        (
            "find: band\n  bands: [{name: a, min: abc, max: 1}]",
            "bands：“abc” 不是数字 (not a number)",
        ),
        (
            "find: band\n  bands: [{name: a, min: 0, max: abc}]",
            "bands：“abc” 不是数字 (not a number)",
        ),
        ("find: band\n  bands: [{name: a, min: -1, max: 1}]", "bands 必须是非负数"),
        ("find: band\n  bands: [{name: a, min: 2, max: 1}]", "档“a”的 min 2 大于 max 1"),
        ("find: formula\n  tolerance: abc", "tolerance：“abc” 不是数字 (not a number)"),
        ("find: formula\n  tolerance: '-1'", "tolerance 必须是非负数"),
        ("find: formula\n  reverse: params.flat", "reverse 须为 ratio 或 linear，实际是 5"),
    ],
)
def test_a_bad_field_or_param_is_a_load_error_at_the_field(fields: str, message: str) -> None:
    """Line 14 is the field's (the rule starts on line 11)."""
    header = HEADER.replace(
        "rules:\n", "params:\n  flat: 5\n  odd: ['x']\n  nomax: [{name: a, min: 1}]\nrules:\n"
    )
    rule = f"- id: s\n  check: score\n  severity: warning\n  {fields}\n  message: m\n"
    with pytest.raises(RulesetError) as info:
        jxrules.load_ruleset(header + textwrap.indent(rule, "  "))
    assert info.value.message == f"规则 s：{message}"
    assert info.value.position is not None and info.value.position.line == 14


def test_a_band_of_one_value_loads() -> None:
    rule = "- id: s\n  check: score\n  severity: warning\n  find: band\n"
    rule += "  bands: [{name: a, min: 50, max: 50}]\n  message: m\n"
    [loaded] = jxrules.load_ruleset(HEADER + textwrap.indent(rule, "  ")).rules
    assert loaded.id == "s"
