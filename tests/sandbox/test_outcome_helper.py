"""outcome(): how the target check judges a row, as a value an expression can test, so a rule
on missed targets (a reason required, issue 24) needs no code."""

from __future__ import annotations

import pytest

import jxrules
from jxrules.checks.namespace import report_names
from jxrules.sandbox import compile_expression, evaluate
from tests.conftest import JIANGMEN_YAML


@pytest.mark.parametrize(
    ("expression", "value"),
    [
        ('outcome("≥95%", "90%")', "missed"),
        ('outcome("≥95%", "96%")', "met"),
        ('outcome("5%", "8%")', "met"),
        ('outcome("5%", "8%", "投诉率")', "missed"),
        ('outcome("5%", "8%", name="投诉办结率")', "met"),
        ('outcome("2022年12月", "2023年1月")', "missed"),
        ('outcome("有效提升", "明显提升")', "qualitative"),
        ('outcome("≥95%", "/")', "missing"),
        ('outcome("≥95%", "")', "missing"),
        ('outcome("500人次", "500名")', "unit_mismatch"),
        ('outcome("", "5")', "unreadable"),
    ],
)
def test_outcome_is_the_target_checks_verdict(expression: str, value: str) -> None:
    names = report_names(jxrules.load_report(JIANGMEN_YAML), {})
    assert evaluate(compile_expression(expression), names) == value


def test_outcome_over_the_example_rows_finds_rows_4_5_8_9_missed() -> None:
    names = report_names(jxrules.load_report(JIANGMEN_YAML), {})
    expression = "[i.row for i in indicators if outcome(i.target, i.actual, i.name) == 'missed']"
    assert evaluate(compile_expression(expression), names) == ["4", "5", "8", "9"]


def test_outcome_of_a_number_is_an_expression_error() -> None:
    names = report_names(jxrules.load_report(JIANGMEN_YAML), {})
    with pytest.raises(jxrules.ExpressionError, match=r"outcome\(\) 读取的是文本，实际是 int"):
        evaluate(compile_expression('outcome(5, "90%")'), names)
