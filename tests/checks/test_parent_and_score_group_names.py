"""Expressions read an indicator's ``parent`` and ``score_group`` (issue 17 × issue 24), so a
ruleset can reconcile a parent with its 其中： rows without code."""

from __future__ import annotations

import textwrap
from pathlib import Path

import jxrules
from jxrules.rules.ruleset import load_ruleset

ROOT = Path(__file__).resolve().parents[2]
PARENT_CHILD = ROOT / "tests" / "fixtures" / "layouts" / "parent-child-rows.md"
RULES = """\
id: local/parts
title: 其中项不超过总数
version: "1"
applies_to: {kind: project, fiscal_years: [2022]}
rules:
  - id: parts-within-parent
    check: expression
    severity: error
    for_each: indicators
    where: "len([c for c in indicators if c.parent == item.row]) > 0"
    assert: >-
      sum([quantity(c.actual) or 0 for c in indicators if c.parent == item.row])
      <= quantity(item.actual)
    evidence:
      parts: "sum([quantity(c.actual) or 0 for c in indicators if c.parent == item.row])"
    message: 指标“{item.name}”的其中项合计 {parts} 超过其实际完成值 {item.actual}
  - id: group-first-row
    check: expression
    severity: info
    for_each: indicators
    where: "item.score_group != None and item.score_group != item.row"
    assert: "item.score == None"
    message: 合并得分组的第 {item.row} 行另有得分
"""


def test_a_ruleset_reconciles_parent_and_children(tmp_path: Path) -> None:
    path = tmp_path / "parts.yaml"
    path.write_text(RULES, encoding="utf-8")
    ruleset = load_ruleset(path)
    [report] = jxrules.load_reports(PARENT_CHILD)
    assert [(i.row, i.parent) for i in report.indicators][:4] == [
        ("1", None),
        ("2", "1"),
        ("3", "1"),
        ("4", None),
    ]
    assert list(jxrules.check(report, ruleset).findings) == []  # 430 + 280 ≤ 1050
    text = PARENT_CHILD.read_text(encoding="utf-8").replace("| 430人次 |", "| 830人次 |")
    changed = tmp_path / "changed.md"
    changed.write_text(text, encoding="utf-8")
    [report] = jxrules.load_reports(changed)
    [found] = jxrules.check(report, ruleset).findings
    assert (found.rule, found.location.row, found.evidence) == (
        "parts-within-parent",
        "1",
        {"parts": "1110"},
    )
    assert found.message == "指标“培训农村劳动力”的其中项合计 1110 超过其实际完成值 1050人次"


def test_a_rule_reads_the_score_group(tmp_path: Path) -> None:
    path = tmp_path / "parts.yaml"
    path.write_text(RULES, encoding="utf-8")
    data = textwrap.dedent(
        """\
        kind: project
        fiscal_year: 2022
        indicators:
          - {seq: "1", name: 甲, target: "≥1个", actual: "1个", points: "10", score: "10", score_group: "1"}
          - {seq: "2", name: 乙, target: "≥1个", actual: "1个", score: "5", score_group: "1"}
        """
    )
    report_path = tmp_path / "r.yaml"
    report_path.write_text(data, encoding="utf-8")
    report = jxrules.load_report(report_path)
    [found] = jxrules.check(report, load_ruleset(path)).findings
    assert (found.rule, found.location.row) == ("group-first-row", "2")
