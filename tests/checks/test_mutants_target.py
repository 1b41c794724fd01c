"""The ``target`` check on deadline rows: which ``find`` reports which row, with what evidence.

Written against the mutants mutmut found surviving in ``jxrules.checks.target``
(docs/testing.md): no test put a deadline (``12月底前``) through each ``find``.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml

import jxrules
from jxrules.findings import Location
from tests.checks.test_target_and_crossref_fields import HEADER, JIANGMEN


def _row(seq: str, name: str, target: str, actual: str, score: str) -> dict[str, Any]:
    return {
        "seq": seq,
        "level1": None,
        "level2": "时效指标",
        "name": name,
        "target": target,
        "actual": actual,
        "points": "5",
        "score": score,
        "note": "",
    }


def _report() -> dict[str, Any]:
    report = yaml.safe_load(JIANGMEN.read_text(encoding="utf-8"))
    report["narrative"] = ""
    report["indicators"] = [
        _row("1", "项目完成时间", "2022年12月底前", "2023年1月", "5"),  # missed, full marks
        _row("2", "验收时间", "2022年6月底前", "2022年7月", "3"),  # missed
        _row("3", "拨付时间", "12月20日前", "12月", "5"),  # not decided
        _row("4", "启动时间", "3月底前", "2022年3月", "5"),  # met
    ]
    return report


def _findings(tmp_path: Path, find: str, message: str = "{name}") -> list[tuple[Any, ...]]:
    rule = f"- id: t\n  check: target\n  severity: error\n  find: {find}\n  message: '{message}'\n"
    path = tmp_path / "r.yaml"
    path.write_text(HEADER + textwrap.indent(rule, "  "), encoding="utf-8")
    result = jxrules.check(jxrules.load_report(_report()), jxrules.load_ruleset(path))
    return [(f.rule, f.location, dict(f.evidence), f.message) for f in result.findings]


def _at(row: str, name: str) -> Location:
    return Location("indicators", row, name, "actual", None, None)


MISSED_1 = {
    "target": "2022年12月底前",
    "actual": "2023年1月",
    "target_value": "2022年12月31日",
    "actual_value": "2023年1月",
    "unit": "",
    "comparator": "≤",
    "direction": "earlier",
}
MISSED_2 = {
    "target": "2022年6月底前",
    "actual": "2022年7月",
    "target_value": "2022年6月30日",
    "actual_value": "2022年7月",
    "unit": "",
    "comparator": "≤",
    "direction": "earlier",
}


def test_a_missed_deadline_is_reported_with_both_dates(tmp_path: Path) -> None:
    message = "{name}|{target_clause}|{actual_clause}|{target_value}"
    assert _findings(tmp_path, "missed", message) == [
        (
            "t",
            _at("1", "项目完成时间"),
            MISSED_1,
            "项目完成时间|2022年12月底前|2023年1月|2022年12月31日",
        ),
        ("t", _at("2", "验收时间"), MISSED_2, "验收时间|2022年6月底前|2022年7月|2022年6月30日"),
    ]


def test_a_missed_deadline_with_full_marks_adds_points_and_score(tmp_path: Path) -> None:
    evidence = {**MISSED_1, "points": "5", "score": "5"}
    assert _findings(tmp_path, "missed_full_marks") == [
        ("t", _at("1", "项目完成时间"), evidence, "项目完成时间")
    ]


def test_an_undecided_actual_date_is_unreadable_with_its_reason(tmp_path: Path) -> None:
    reason = "实际日期“12月”无法判断是否不晚于期限 2022年12月20日"
    evidence = {"target": "12月20日前", "actual": "12月", "reason": reason}
    assert _findings(tmp_path, "unreadable", "{name}：{reason}") == [
        ("t", _at("3", "拨付时间"), evidence, f"拨付时间：{reason}")
    ]


@pytest.mark.parametrize("find", ["missing", "far_above", "unit_mismatch"])
def test_deadlines_give_no_other_finding(tmp_path: Path, find: str) -> None:
    assert _findings(tmp_path, find) == []


def test_a_unit_mismatch_names_both_units_and_in_a_compound_cell_its_clauses(
    tmp_path: Path,
) -> None:
    report = _report()
    report["indicators"] = [
        {**_row("1", "培训人数", "≥500人次", "520名", "5"), "level2": "数量指标"},
        {**_row("2", "服务企业", "≥3家，≥2个", "4家，3件", "5"), "level2": "数量指标"},
    ]
    rule = "- id: t\n  check: target\n  severity: info\n  find: unit_mismatch\n  message: m\n"
    path = tmp_path / "r.yaml"
    path.write_text(HEADER + textwrap.indent(rule, "  "), encoding="utf-8")
    result = jxrules.check(jxrules.load_report(report), jxrules.load_ruleset(path))
    assert [(f.location.row, dict(f.evidence)) for f in result.findings] == [
        (
            "1",
            {"target": "≥500人次", "actual": "520名", "target_unit": "人次", "actual_unit": "名"},
        ),
        (
            "2",
            {
                "target": "≥3家，≥2个",
                "actual": "4家，3件",
                "target_unit": "个",
                "actual_unit": "件",
                "target_clause": "≥2个",
                "actual_clause": "3件",
            },
        ),
    ]
