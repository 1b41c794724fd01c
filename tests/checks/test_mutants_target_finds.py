"""The ``target`` check over a table showing every outcome: each ``find`` reports exactly its rows,
with exact evidence and clause variables.

Written against the mutants mutmut found surviving in ``jxrules.checks.target._issues``
(docs/testing.md).  Rows: missed with and without full marks, a compound cell, far above
(2.5, exactly 2, 1.99), lower-is-better heads, unreadable target/actual/clause, missing values,
a unit mismatch.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml

import jxrules
from tests.checks.test_target_and_crossref_fields import HEADER, JIANGMEN


def _row(
    seq: str,
    name: str,
    target: str,
    actual: str,
    points: str | None = None,
    score: str | None = None,
) -> dict[str, Any]:
    return {
        "seq": seq,
        "level1": None,
        "level2": "数量指标",
        "name": name,
        "target": target,
        "actual": actual,
        "points": points,
        "score": score,
        "note": "",
    }


ROWS = [
    _row("1", "培训人数", "≥500人次", "450人次", "10", "10"),
    _row("2", "培训人数（二）", "≥500人次", "450人次", "10", "8"),
    _row("3", "服务企业", "≥3家，≥2个", "4家，1个"),
    _row("4", "覆盖户数", "≥100户", "250户"),
    _row("5", "覆盖户数（二）", "≥100户", "199户"),
    _row("6", "覆盖户数（三）", "≥100户", "200户"),
    _row("7", "服务企业（二）", "≥3家，≥2个", "7家，3个"),
    _row("8", "投诉率", "≤5%", "8%"),
    _row("9", "投诉率（二）", "5%", "20%"),
    _row("10", "单位成本", "≤10元", "30元"),
    _row("11", "实施方案", "见附件", "3个"),
    _row("12", "验收合格率", "≥90%", "-"),
    _row("13", "验收合格率（二）", "≥90%", "请填写"),
    _row("14", "服务企业（三）", "≥3家，≥2个", "4家"),
    _row("15", "服务人数", "≥500人次", "520名"),
    _row("16", "满意度", "≥90%", "较高"),
    _row("17", "满意度（二）", "≥90%", "", "10", None),
]

EXPECTED = {
    "missed": [
        (
            "1",
            "actual",
            {
                "target": "≥500人次",
                "actual": "450人次",
                "target_value": "500",
                "actual_value": "450",
                "unit": "人次",
                "comparator": "≥",
                "direction": "higher",
                "ratio": "0.9",
            },
            "≥500人次|450人次",
        ),
        (
            "2",
            "actual",
            {
                "target": "≥500人次",
                "actual": "450人次",
                "target_value": "500",
                "actual_value": "450",
                "unit": "人次",
                "comparator": "≥",
                "direction": "higher",
                "ratio": "0.9",
            },
            "≥500人次|450人次",
        ),
        (
            "3",
            "actual",
            {
                "target": "≥3家，≥2个",
                "actual": "4家，1个",
                "target_value": "2",
                "actual_value": "1",
                "unit": "个",
                "comparator": "≥",
                "direction": "higher",
                "ratio": "0.5",
                "target_clause": "≥2个",
                "actual_clause": "1个",
            },
            "≥2个|1个",
        ),
        (
            "8",
            "actual",
            {
                "target": "≤5%",
                "actual": "8%",
                "target_value": "5",
                "actual_value": "8",
                "unit": "%",
                "comparator": "≤",
                "direction": "lower",
                "ratio": "1.6",
            },
            "≤5%|8%",
        ),
        (
            "9",
            "actual",
            {
                "target": "5%",
                "actual": "20%",
                "target_value": "5",
                "actual_value": "20",
                "unit": "%",
                "comparator": "≤",
                "direction": "lower",
                "ratio": "4",
            },
            "5%|20%",
        ),
        (
            "10",
            "actual",
            {
                "target": "≤10元",
                "actual": "30元",
                "target_value": "10",
                "actual_value": "30",
                "unit": "元",
                "comparator": "≤",
                "direction": "lower",
                "ratio": "3",
            },
            "≤10元|30元",
        ),
    ],
    "missed_full_marks": [
        (
            "1",
            "actual",
            {
                "target": "≥500人次",
                "actual": "450人次",
                "target_value": "500",
                "actual_value": "450",
                "unit": "人次",
                "comparator": "≥",
                "direction": "higher",
                "ratio": "0.9",
                "points": "10",
                "score": "10",
            },
            "≥500人次|450人次",
        ),
    ],
    "far_above": [
        (
            "4",
            "actual",
            {
                "target": "≥100户",
                "actual": "250户",
                "target_value": "100",
                "actual_value": "250",
                "unit": "户",
                "comparator": "≥",
                "direction": "higher",
                "ratio": "2.5",
                "far_above_ratio": "2",
            },
            "≥100户|250户",
        ),
        (
            "6",
            "actual",
            {
                "target": "≥100户",
                "actual": "200户",
                "target_value": "100",
                "actual_value": "200",
                "unit": "户",
                "comparator": "≥",
                "direction": "higher",
                "ratio": "2",
                "far_above_ratio": "2",
            },
            "≥100户|200户",
        ),
        (
            "7",
            "actual",
            {
                "target": "≥3家，≥2个",
                "actual": "7家，3个",
                "target_value": "3",
                "actual_value": "7",
                "unit": "家",
                "comparator": "≥",
                "direction": "higher",
                "ratio": "2.3333",
                "target_clause": "≥3家",
                "actual_clause": "7家",
                "far_above_ratio": "2",
            },
            "≥3家|7家",
        ),
    ],
    "unit_mismatch": [
        (
            "15",
            "actual",
            {"target": "≥500人次", "actual": "520名", "target_unit": "人次", "actual_unit": "名"},
            "≥500人次|520名",
        ),
    ],
    "unreadable": [
        (
            "11",
            "target",
            {
                "target": "见附件",
                "actual": "3个",
                "reason": "目标值“见附件”不是数量，也不是定性表述",
            },
            "见附件|3个",
        ),
        (
            "14",
            "actual",
            {"target": "≥3家，≥2个", "actual": "4家", "reason": "实际值中没有与“≥2个”对应的数字"},
            "≥2个|",
        ),
        (
            "16",
            "actual",
            {
                "target": "≥90%",
                "actual": "较高",
                "reason": "目标为数量“≥90%”，实际值“较高”不是数量",
            },
            "≥90%|较高",
        ),
    ],
    "missing": [
        (
            "12",
            "actual",
            {"target": "≥90%", "actual": "-", "reason": "实际值为“-”，未填写"},
            "≥90%|-",
        ),
        (
            "13",
            "actual",
            {
                "target": "≥90%",
                "actual": "请填写",
                "reason": "实际值“请填写”是表格的填写说明，未填写",
            },
            "≥90%|请填写",
        ),
        ("17", "actual", {"target": "≥90%", "actual": "", "reason": "实际值为空"}, "≥90%|"),
    ],
}


@pytest.mark.parametrize("find", sorted(EXPECTED))
def test_each_find_reports_exactly_its_rows(tmp_path: Path, find: str) -> None:
    report = yaml.safe_load(JIANGMEN.read_text(encoding="utf-8"))
    report["narrative"] = ""
    report["indicators"] = ROWS
    rule = (
        f"- id: t\n  check: target\n  severity: error\n  find: {find}\n"
        "  message: '{target_clause}|{actual_clause}'\n"
    )
    path = tmp_path / "r.yaml"
    path.write_text(HEADER + textwrap.indent(rule, "  "), encoding="utf-8")
    result = jxrules.check(jxrules.load_report(report), jxrules.load_ruleset(path))
    got = [
        (f.location.row, f.location.column, dict(f.evidence), f.message) for f in result.findings
    ]
    assert got == EXPECTED[find]
