"""``crossref`` sides read from an indicator row: each column, its figure, source and location.

Written against the mutants mutmut found surviving in ``jxrules.checks.crossref``
(docs/testing.md): the ``points``/``score`` columns of an indicator side were never compared.
"""

from __future__ import annotations

import textwrap
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

import jxrules
from jxrules.checks.crossref import _figure
from jxrules.findings import Location
from jxrules.quantities import default_vocabulary
from tests.checks.test_target_and_crossref_fields import HEADER, JIANGMEN


def _findings(tmp_path: Path, find: str, stated: str, against: str) -> list[tuple[Any, ...]]:
    report = yaml.safe_load(JIANGMEN.read_text(encoding="utf-8"))
    row = report["indicators"][9]  # 贷款笔数: 286笔 / 339笔
    row["points"], row["score"] = "10", "9.5"
    rule = (
        f"- id: c\n  check: crossref\n  severity: error\n  find: {find}\n"
        f"  stated: {stated}\n  against: {against}\n  message: '{{stated}}|{{against}}'\n"
    )
    path = tmp_path / "r.yaml"
    path.write_text(HEADER + textwrap.indent(rule, "  "), encoding="utf-8")
    result = jxrules.check(jxrules.load_report(report), jxrules.load_ruleset(path))
    return [(f.location, dict(f.evidence), f.message) for f in result.findings if f.rule == "c"]


def _row10(column: str) -> Location:
    return Location(table="indicators", row="10", name="贷款笔数", column=column)


@pytest.mark.parametrize(
    ("find", "stated", "against", "expected"),
    [
        (
            "mismatch",
            "{indicator: 贷款笔数, column: target}",
            "{indicator: 贷款笔数}",
            (
                _row10("actual"),
                {
                    "stated": "286笔",
                    "stated_value": "286",
                    "stated_from": "indicators row 10 target",
                    "against": "339笔",
                    "against_value": "339",
                    "against_from": "indicators row 10 actual",
                    "difference": "-53",
                    "unit": "笔",
                },
                "286笔|339笔",
            ),
        ),
        (
            "mismatch",
            "{indicator: 贷款笔数, column: score}",
            "{indicator: 贷款笔数, column: points}",
            (
                _row10("points"),
                {
                    "stated": "9.5",
                    "stated_value": "9.5",
                    "stated_from": "indicators row 10 score",
                    "against": "10",
                    "against_value": "10",
                    "against_from": "indicators row 10 points",
                    "difference": "-0.5",
                    "unit": "",
                },
                "9.5|10",
            ),
        ),
        (
            "unreadable",
            "{indicator: 贷款笔数, column: score}",
            "{indicator: 扶持工业企业数量, column: points}",
            (
                _row10("score"),
                {
                    "stated": "9.5",
                    "stated_value": "9.5",
                    "stated_from": "indicators row 10 score",
                    "against": "",
                    "against_value": "",
                    "against_from": "",
                    "reason": "找不到对照的数字",
                },
                "9.5|",
            ),
        ),
        (
            "mismatch",
            "{indicator: 贷款笔数, column: points, unit: 分}",
            "{field: declared.indicator_count}",
            (
                Location(field="declared.indicator_count"),
                {
                    "stated": "10分",
                    "stated_value": "10",
                    "stated_from": "indicators row 10 points",
                    "against": "28",
                    "against_value": "28",
                    "against_from": "declared.indicator_count",
                    "difference": "-18",
                    "unit": "分",
                },
                "10分|28",
            ),
        ),
    ],
)
def test_an_indicator_side_reads_its_column(
    tmp_path: Path, find: str, stated: str, against: str, expected: tuple[Any, ...]
) -> None:
    assert _findings(tmp_path, find, stated, against) == [expected]


@pytest.mark.parametrize(
    ("value", "unit", "text", "number", "normal", "printed", "scale", "reason"),
    [
        (7013, "万元", "7013万元", "7013", "元", "万元", "10000", ""),
        (Decimal("7013.09"), "万元", "7013.09万元", "7013.09", "元", "万元", "10000", ""),
        (Decimal("92.3"), "", "92.3", "92.3", "", "", "1", ""),
        (5, "", "5", "5", "", "", "1", ""),
        (True, "", "True", None, "", "", "1", "“True”不是一个数"),
        ("7,013.09万元", "", "7,013.09万元", "7013.09", "元", "万元", "10000", ""),
        ("7,013.09", "万元", "7,013.09", "7013.09", "元", "万元", "10000", ""),
        ("2-3家", "", "2-3家", None, "", "", "1", "“2-3家”不是一个数"),
        ("见附件", "", "见附件", None, "", "", "1", "“见附件”不是数量，也不是定性表述"),
        (None, "", "None", None, "", "", "1", "“None”不是一个数"),
        (3.5, "", "3.5", None, "", "", "1", "“3.5”不是一个数"),
        ("≥90%", "", "≥90%", "90", "%", "%", "1", ""),
        ("500人次", "名", "500人次", "500", "人次", "人次", "1", ""),
        ("１２", "%", "１２", "12", "%", "%", "1", ""),
    ],
)
def test_a_side_value_becomes_a_figure_with_its_unit_and_scale(
    value: Any,
    unit: str,
    text: str,
    number: str | None,
    normal: str,
    printed: str,
    scale: str,
    reason: str,
) -> None:
    where = Location(field="f")
    figure = _figure(value, unit, "src", default_vocabulary(), where, "said")
    assert (
        figure.text,
        None if figure.value is None else str(figure.value),
        figure.unit,
        figure.printed_unit,
        str(figure.scale),
        figure.source,
        figure.context,
        figure.location,
        figure.reason,
    ) == (text, number, normal, printed, scale, "src", "said", where, reason)
