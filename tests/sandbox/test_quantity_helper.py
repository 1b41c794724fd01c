"""quantity(): a printed target or actual as a number in expressions, read as the target
check reads it, so a rule author can compare figures like 5万人次 without code."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import jxrules
from jxrules.checks.namespace import report_names
from jxrules.sandbox import compile_expression, evaluate
from tests.conftest import JIANGMEN_YAML


@pytest.mark.parametrize(
    ("expression", "value"),
    [
        ('quantity("5万人次")', Decimal(50000)),
        ('quantity("5万人次", "万人次")', Decimal(5)),
        ('quantity("5万人次", unit="人次")', Decimal(50000)),
        ('quantity("3.5亿元", "万元")', Decimal(35000)),
        ('quantity("≥95%")', Decimal(95)),
        ('quantity("2-3家")', Decimal(2)),
        ('quantity("超过2亿元，完成3个")', Decimal(200_000_000)),
        ('quantity("有效提升")', None),
        ('quantity("")', None),
        ('quantity("500 人次", "家")', None),
        ("quantity(None)", None),
    ],
)
def test_quantity_reads_as_the_target_check_reads(expression: str, value: Any) -> None:
    names = report_names(jxrules.load_report(JIANGMEN_YAML), {})
    result = evaluate(compile_expression(expression), names)
    assert result == value and (value is None or isinstance(result, Decimal))


def test_quantity_of_a_number_is_an_expression_error() -> None:
    names = report_names(jxrules.load_report(JIANGMEN_YAML), {})
    with pytest.raises(jxrules.ExpressionError, match=r"quantity\(\) 读取的是文本，实际是 int"):
        evaluate(compile_expression("quantity(5)"), names)


def test_a_rule_compares_actual_with_90_percent_of_target(tmp_path: Path) -> None:
    path = tmp_path / "near.yaml"
    path.write_text(
        "id: local/near\ntitle: t\nversion: '1'\n"
        "applies_to: {kind: department_overall, fiscal_years: [2022]}\n"
        "rules:\n"
        "  - id: actual-near-target\n    check: expression\n    severity: warning\n"
        "    for_each: indicators\n"
        "    where: 'quantity(item.target) != None and quantity(item.actual) != None'\n"
        "    assert: 'quantity(item.actual) >= 0.9 * quantity(item.target)'\n"
        "    message: 指标“{item.name}”实际不足目标的九成\n",
        encoding="utf-8",
    )
    result = jxrules.check(jxrules.load_report(JIANGMEN_YAML), jxrules.load_ruleset(path))
    assert [f.location.row for f in result.findings] == ["4", "5", "8", "9"]
