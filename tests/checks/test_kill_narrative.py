"""``narrative``: each outcome's finding on prose, exactly — its contract kind, location, evidence
and message variables — and the edges of each test (tolerance, partial lists, bases of 0).

Written against the mutants mutmut found surviving (or reached by no test of the selection) in
``jxrules.checks.narrative`` (docs/testing.md): the kind's findings were pinned only by the
narrative corpus's rule cases, which the mutation run does not select.
"""

from __future__ import annotations

import textwrap
from typing import Any

import attrs
import pytest
import yaml

import jxrules
from jxrules.errors import RulesetError
from jxrules.findings import Location
from jxrules.ingest.markdown import read_string
from tests.checks.test_target_and_crossref_fields import JIANGMEN

HEADER = """\
id: local/n
title: n
version: "1"
applies_to: {kind: project, fiscal_years: [2022]}
rules:
"""
FUNDS = "全年下达水利资金 2,000 万元。其中：河道治理 1,200 万元，水库维护 500 万元，小流域治理 290 万元。"
RATE = "全年预算 846.00 万元，实际支出 772.84 万元，执行率 {}。"
CHANGE = "2022年部门收入 500.00 万元，同比增加 {}，增长 12.31%。"


def _markdown(*paragraphs: str) -> Any:
    """A prose report: the title, the year, then each paragraph (the first on source line 5)."""
    text = "# 示例报告\n\n（2022年度）\n\n" + "\n\n".join(paragraphs) + "\n"
    [report] = read_string(text, "t.md")
    return report


def _findings(
    report: Any, find: str, extra: str = "", message: str = "{at}|{name}"
) -> list[tuple[Any, ...]]:
    rule = (
        f"- id: n\n  check: narrative\n  severity: error\n  find: {find}\n{extra}"
        f"  message: '{message}'\n"
    )
    result = jxrules.check(report, jxrules.load_ruleset(HEADER + textwrap.indent(rule, "  ")))
    return [
        (f.check, f.location.to_dict(), dict(f.evidence), f.message)
        for f in result.findings
        if f.rule == "n"
    ]


def _at(row: str, line: int | None, name: str, column: str | None = None) -> dict[str, Any]:
    """The location as a finding prints it (``Location`` equality leaves out the line)."""
    return Location(table="narrative", row=row, name=name, column=column, line=line).to_dict()


BREAKDOWN = {
    "total": "2,000 万元",
    "items_sum": "1990",
    "difference": "-10",
    "item_count": "3",
    "parts": "河道治理 1,200 万元、水库维护 500 万元、小流域治理 290 万元",
    "unit": "万元",
    "trigger": "其中",
    "sentence": "其中：河道治理 1,200 万元，水库维护 500 万元，小流域治理 290 万元。",
    "stated_from": "narrative line 3",
    "line": "5",
}


def test_a_breakdown_that_does_not_add_up_is_a_reconcile_finding_with_every_figure() -> None:
    message = "{at}|{name}|{total}|{items_sum}|{difference}|{unit}|{item_count}|{trigger}"
    assert _findings(_markdown(FUNDS), "breakdown", message=message) == [
        (
            "reconcile",
            _at("3", 5, "全年下达水利资金"),
            BREAKDOWN,
            "第 5 行|全年下达水利资金|2,000 万元|1990|-10|万元|3|其中",
        )
    ]


@pytest.mark.parametrize(("tolerance", "found"), [("10", False), ("'9.99'", True)])
def test_a_breakdown_within_the_tolerance_is_no_finding(tolerance: str, found: bool) -> None:
    findings = _findings(_markdown(FUNDS), "breakdown", f"  tolerance: {tolerance}\n")
    assert [f[2] for f in findings] == ([BREAKDOWN] if found else [])


def test_parts_in_other_money_units_add_up_exactly_in_the_totals_unit() -> None:
    text = (
        "全年安排补助经费 1.2 亿元：生均公用经费 8,000 万元；家庭经济困难学生生活补助"
        " 3,891.728065 万元；校舍安全保障 1,082,719.36 元。"
    )
    [(_, where, evidence, _)] = _findings(_markdown(text), "breakdown")
    assert where == _at("3", 5, "全年安排补助经费")
    assert (evidence["items_sum"], evidence["difference"], evidence["unit"]) == (
        "1.2000000001",
        "0.0000000001",
        "亿元",
    )
    exact = text.replace("1,082,719.36", "1,082,719.35")
    assert _findings(_markdown(exact), "breakdown") == []


@pytest.mark.parametrize(
    ("total", "found"),
    [("900", None), ("800", None), ("799", ("800", "1")), ("700", ("800", "100"))],
)
def test_a_partial_list_is_a_finding_only_when_its_parts_exceed_the_total(
    total: str, found: tuple[str, str] | None
) -> None:
    text = f"基本支出 {total} 万元，主要包括工资福利支出 500 万元、商品和服务支出 300 万元等。"
    findings = _findings(_markdown(text), "breakdown")
    got = [(f[2]["items_sum"], f[2]["difference"], f[2]["trigger"]) for f in findings]
    assert got == ([] if found is None else [(*found, "包括")])


def test_a_total_of_zero_sums_its_parts_in_its_own_unit() -> None:
    """A total of 0 万元 says nothing about its scale: the parts still add up in 万元 (they
    were added up in 元, 150000 万元, before)."""
    text = "全年下达水利资金 0 万元。其中：河道治理 10 万元，水库维护 5 万元。"
    [(_, _, evidence, message)] = _findings(
        _markdown(text), "breakdown", message="{items_sum}{unit}|{difference}"
    )
    assert (evidence["total"], evidence["items_sum"], evidence["difference"]) == (
        "0 万元",
        "15",
        "15",
    )
    assert message == "15万元|15"


def test_a_canonical_report_has_no_source_line_so_at_is_the_narrative_line() -> None:
    report = yaml.safe_load(JIANGMEN.read_text(encoding="utf-8"))
    report["narrative"] = "说明。\n" + FUNDS
    [(check, where, evidence, message)] = _findings(jxrules.load_report(report), "breakdown")
    assert (check, where, message) == (
        "reconcile",
        _at("2", None, "全年下达水利资金"),
        "第 2 行|全年下达水利资金",
    )
    assert "line" not in evidence
    assert evidence["stated_from"] == "narrative line 2"


def test_a_report_without_narrative_facts_gives_no_finding() -> None:
    report = yaml.safe_load(JIANGMEN.read_text(encoding="utf-8"))
    report["narrative"] = ""
    for find in ("breakdown", "rate", "change", "repeated", "missed", "unit_mismatch"):
        assert _findings(jxrules.load_report(report), find) == []


# ------------------------------------------------------------------ rates
RATE_93 = {
    "stated": "93.35%",
    "computed": "91.35%",
    "numerator": "实际支出 772.84 万元",
    "denominator": "全年预算 846.00 万元",
    "difference": "2.00",
    "sentence": RATE.format("93.35%"),
    "stated_from": "narrative line 3",
    "line": "5",
}


def test_a_rate_that_is_not_its_ratio_is_a_crossref_finding() -> None:
    message = "{at}|{name}|{stated}|{computed}|{numerator}|{denominator}|{difference}"
    assert _findings(_markdown(RATE.format("93.35%")), "rate", message=message) == [
        (
            "crossref",
            _at("3", 5, "执行率"),
            RATE_93,
            "第 5 行|执行率|93.35%|91.35%|实际支出 772.84 万元|全年预算 846.00 万元|2.00",
        )
    ]


@pytest.mark.parametrize(("tolerance", "found"), [("2", False), ("1.99", True)])
def test_a_rate_within_the_tolerance_is_no_finding(tolerance: str, found: bool) -> None:
    findings = _findings(_markdown(RATE.format("93.35%")), "rate", f"  tolerance: {tolerance}\n")
    assert [f[2] for f in findings] == ([RATE_93] if found else [])


@pytest.mark.parametrize(
    ("stated", "found"),
    [
        ("91.4%", None),
        ("91.35%", None),
        ("91.3%", ("91.4%", "-0.1")),
        ("91.36%", ("91.35%", "0.01")),
    ],
)
def test_a_rate_is_computed_at_its_printed_precision_half_up(
    stated: str, found: tuple[str, str] | None
) -> None:
    findings = _findings(_markdown(RATE.format(stated)), "rate")
    assert [(f[2]["computed"], f[2]["difference"]) for f in findings] == ([found] if found else [])


def test_a_rate_over_amounts_in_different_units_and_over_zero() -> None:
    mixed = "全年预算 8,460,000 元，实际支出 772.84 万元，执行率 91.36%。"
    [(_, _, evidence, _)] = _findings(_markdown(mixed), "rate")
    assert (evidence["computed"], evidence["difference"]) == ("91.35%", "0.01")
    zero = "全年预算 0 万元，实际支出 10 万元，执行率 50%。"
    assert _findings(_markdown(zero), "rate") == []


# ------------------------------------------------------------------ year-over-year changes
CHANGE_WRONG = {
    "current": "500.00 万元",
    "change": "56.20 万元",
    "previous": "443.8万元",
    "stated": "12.31%",
    "computed": "12.66%",
    "difference": "-0.35",
    "sentence": CHANGE.format("56.20 万元"),
    "stated_from": "narrative line 3",
    "line": "5",
}


def test_a_change_rate_that_is_not_change_over_last_year_is_a_crossref_finding() -> None:
    message = "{at}|{name}|{current}|{change}|{previous}|{stated}|{computed}|{difference}"
    assert _findings(_markdown(CHANGE.format("56.20 万元")), "change", message=message) == [
        (
            "crossref",
            _at("3", 5, "2022年部门收入"),
            CHANGE_WRONG,
            "第 5 行|2022年部门收入|500.00 万元|56.20 万元|443.8万元|12.31%|12.66%|-0.35",
        )
    ]


@pytest.mark.parametrize(("tolerance", "found"), [("0.35", False), ("0.34", True)])
def test_a_change_within_the_tolerance_is_no_finding(tolerance: str, found: bool) -> None:
    report = _markdown(CHANGE.format("56.20 万元"))
    findings = _findings(report, "change", f"  tolerance: {tolerance}\n")
    assert [f[2] for f in findings] == ([CHANGE_WRONG] if found else [])


def test_a_change_in_another_unit_is_converted_into_the_current_amounts() -> None:
    [(_, _, evidence, _)] = _findings(_markdown(CHANGE.format("562,000 元")), "change")
    assert (evidence["change"], evidence["previous"], evidence["computed"]) == (
        "562,000 元",
        "443.8万元",
        "12.66%",
    )


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("2022年公用经费支出 300 万元，较上年减少 20 万元，下降 6.25%。", None),
        (
            "2022年公用经费支出 300 万元，较上年减少 20 万元，下降 6.35%。",
            ("320万元", "6.25%", "0.10"),
        ),
        ("2022年部门收入 50 万元，同比增加 60 万元，增长 10%。", None),  # last year below 0
        ("2022年部门收入 50 万元，同比增加 50 万元，增长 10%。", None),  # last year 0
        ("2022年部门收入 0 万元，同比减少 50 万元，下降 90%。", ("50万元", "100%", "-10")),
    ],
)
def test_a_decrease_and_a_last_year_of_zero_or_less(
    sentence: str, found: tuple[str, str, str] | None
) -> None:
    findings = _findings(_markdown(sentence), "change")
    got = [(f[2]["previous"], f[2]["computed"], f[2]["difference"]) for f in findings]
    assert got == ([found] if found else [])


# ------------------------------------------------------------------ repeated amounts
REPEATED = {
    "stated": "9 万元",
    "against": "8 万元",
    "against_from": "narrative line 3",
    "difference": "1",
    "unit": "万元",
    "sentence": "农村厕所改造补助资金 9 万元已发放。",
    "stated_from": "narrative line 4",
    "line": "7",
    "against_line": "5",
}


def test_an_amount_stated_again_differently_names_both_places() -> None:
    report = _markdown(
        "全年安排农村厕所改造补助资金 8 万元。",
        "农村厕所改造补助资金 9 万元已发放。",
        "累计下达农村厕所改造补助资金 80,000 元。",  # the first again, in 元: agrees
    )
    message = "{at}|{against_at}|{name}|{stated}|{against}|{difference}{unit}"
    assert _findings(report, "repeated", message=message) == [
        (
            "crossref",
            _at("4", 7, "农村厕所改造补助资金"),
            REPEATED,
            "第 7 行|第 5 行|农村厕所改造补助资金|9 万元|8 万元|1万元",
        )
    ]


def test_a_repeated_amount_of_zero_differs_in_its_own_unit() -> None:
    report = _markdown(
        "全年安排农村厕所改造补助资金 8 万元。", "农村厕所改造补助资金 0 万元已发放。"
    )
    [(_, _, evidence, _)] = _findings(report, "repeated")
    assert (evidence["difference"], evidence["unit"]) == ("-8", "万元")


@pytest.mark.parametrize(
    ("subject", "found"),
    [("补助资金", False), ("改造补助资金", True), ("安排资金", False), ("全年安排补助资金", False)],
)
def test_subjects_shorter_than_five_characters_without_their_lead_words_are_not_compared(
    subject: str, found: bool
) -> None:
    report = _markdown(f"{subject} 8 万元。", f"{subject} 9 万元。")
    assert [f[1]["name"] for f in _findings(report, "repeated")] == ([subject] if found else [])


def test_repeated_amounts_in_one_line_or_within_the_tolerance_are_no_finding() -> None:
    assert _findings(_markdown("改造补助资金 8 万元，改造补助资金 9 万元。"), "repeated") == []
    report = _markdown("改造补助资金 8 万元。", "改造补助资金 9 万元。")
    assert _findings(report, "repeated", "  tolerance: 1\n") == []
    [(_, _, evidence, _)] = _findings(report, "repeated", "  tolerance: '0.99'\n")
    assert evidence["difference"] == "1"


def test_a_repeated_amount_of_a_canonical_report_has_no_source_lines() -> None:
    report = yaml.safe_load(JIANGMEN.read_text(encoding="utf-8"))
    report["narrative"] = "改造补助资金 8 万元。\n改造补助资金 9 万元。"
    [(_, where, evidence, message)] = _findings(
        jxrules.load_report(report), "repeated", message="{at}|{against_at}"
    )
    assert where == _at("2", None, "改造补助资金")
    assert ("line" in evidence, "against_line" in evidence) == (False, False)
    assert message == "第 2 行|第 1 行"


# ------------------------------------------------------------------ indicator sentences
def test_indicator_sentences_are_target_findings_at_their_line() -> None:
    report = _markdown(
        "数量指标：培训人次≥500人次，实际培训 480 人次。", "数量指标：培训场次≥5场，实际培训 5 次。"
    )
    message = "{at}|{name}|{target_clause}|{actual_clause}"
    assert _findings(report, "missed", message=message) == [
        (
            "target",
            _at("3", 5, "培训人次", "actual"),
            {
                "target": "≥500人次",
                "actual": "480人次",
                "target_value": "500",
                "actual_value": "480",
                "unit": "人次",
                "comparator": "≥",
                "direction": "higher",
                "ratio": "0.96",
                "sentence": "数量指标：培训人次≥500人次，实际培训 480 人次。",
                "stated_from": "narrative line 3",
                "line": "5",
            },
            "第 5 行|培训人次|≥500人次|480人次",
        )
    ]
    [(check, where, evidence, _)] = _findings(report, "unit_mismatch")
    assert (check, where) == ("target", _at("4", 7, "培训场次", "actual"))
    assert (evidence["target_unit"], evidence["actual_unit"], evidence["line"]) == ("场", "次", "7")


# ------------------------------------------------------------------ load errors
@pytest.mark.parametrize(
    ("tolerance", "message"),
    [("-1", "规则 n：tolerance 不能为负数：-1"), ("abc", "规则 n：“abc” 不是数字 (not a number)")],
)
def test_a_bad_tolerance_is_a_load_error_at_its_line(tolerance: str, message: str) -> None:
    rule = (
        "- id: n\n  check: narrative\n  severity: error\n  find: rate\n"
        f"  tolerance: '{tolerance}'\n  message: m\n"
    )
    with pytest.raises(RulesetError) as info:
        jxrules.load_ruleset(HEADER + textwrap.indent(rule, "  "))
    assert info.value.message == message
    assert info.value.position is not None and info.value.position.line == 10


def test_a_finding_of_a_pdf_names_its_page_and_no_line() -> None:
    report = _markdown(FUNDS)
    facts = report.narrative_facts.placed(lambda line: None if line is None else 7)
    [(_, where, evidence, message)] = _findings(
        attrs.evolve(report, narrative_facts=facts), "breakdown"
    )
    assert where == {"table": "narrative", "row": "3", "name": "全年下达水利资金", "page": 7}
    assert ("line" in evidence, message) == (False, "第 3 行|全年下达水利资金")


def test_a_rate_at_a_half_is_rounded_up() -> None:
    text = "全年预算 200.00 万元，实际支出 182.69 万元，执行率 91.34%。"  # 91.345 %
    [(_, _, evidence, _)] = _findings(_markdown(text), "rate")
    assert (evidence["computed"], evidence["difference"]) == ("91.35%", "-0.01")


def _rows(report: Any, find: str) -> list[str]:
    return [where["row"] for _, where, _, _ in _findings(report, find)]


def test_each_fact_is_judged_whatever_the_ones_before_it() -> None:
    """A fact skipped (no base, a base of 0 or less, agreeing) does not end the search."""
    changes = _markdown(
        "2022年部门收入 500 万元，同比增长 12.31%。",  # no amount of change
        "2022年部门收入 500 万元，同比增加 50 万元。",  # no rate of change
        "2022年部门支出 50 万元，同比增加 60 万元，增长 10%。",  # last year below 0
        "2022年公用经费支出 300 万元，较上年减少 20 万元，下降 6.25%。",  # agrees
        "2022年专项收入 1.5 万元，同比增加 1 万元，增长 100%。",  # last year 0.5: 200 %
    )
    assert _rows(changes, "change") == ["7"]
    rates = _markdown(
        "执行率 90%。",
        "全年预算 0 万元，实际支出 10 万元，执行率 50%。",
        "全年预算 100 万元，实际支出 90 万元，执行率 90%。",
        RATE.format("93.35%"),
    )
    assert _rows(rates, "rate") == ["6"]
    breakdowns = _markdown(
        "项目支出 800 万元，包括校舍维修 500 万元、教学设备购置 300 万元。", FUNDS
    )
    assert _rows(breakdowns, "breakdown") == ["4"]
    repeated = _markdown(
        "补助资金 3 万元。",  # too short to compare
        "改造补助资金 8 万元。",
        "改造补助资金 8 万元。",  # agrees
        "道路硬化工程资金 20 万元。",  # another subject
        "改造补助资金 9 万元。",
    )
    assert _rows(repeated, "repeated") == ["7"]


def test_a_subject_of_five_characters_is_compared() -> None:
    report = _markdown("改造补助金 8 万元。", "改造补助金 9 万元。")
    assert [where["name"] for _, where, _, _ in _findings(report, "repeated")] == ["改造补助金"]


def test_lead_words_are_stripped_in_any_order() -> None:
    report = _markdown(
        "累计共安排农村厕所改造补助资金 8 万元。", "农村厕所改造补助资金 9 万元已发放。"
    )
    [(_, where, evidence, _)] = _findings(report, "repeated")
    assert (where["name"], evidence["against"]) == ("农村厕所改造补助资金", "8 万元")


def test_differences_of_long_figures_are_exact() -> None:
    """Beyond the default context's 28 digits: 999…999 元 against 0.000000000001 元."""
    repeated = _markdown(
        "改造补助资金 999,999,999,999,999,999 元。", "改造补助资金 0.000000000001 元。"
    )
    [(_, _, evidence, _)] = _findings(repeated, "repeated")
    assert evidence["difference"] == "-999999999999999998.999999999999"
    breakdown = _markdown(
        "全年下达资金 0.000000000001 元。其中：河道治理 999,999,999,999,999,999 元，水库维护 1 元。"
    )
    [(_, _, evidence, _)] = _findings(breakdown, "breakdown")
    assert (evidence["items_sum"], evidence["difference"]) == (
        "1000000000000000000",
        "999999999999999999.999999999999",
    )
    rate = _markdown(
        "全年预算 0.01 元，实际支出 999,999,999,999,999 万元，执行率 1.000000000001%。"
    )
    [(_, _, evidence, _)] = _findings(rate, "rate")
    assert evidence["difference"] == "-99999999999999899999998.999999999999"
    change = _markdown(
        "2022年部门收入 999,999,999,999,999 万元，同比增加 999,999,999,999,998.99 万元，"
        "增长 1.000000000001%。"
    )
    [(_, _, evidence, _)] = _findings(change, "change")
    assert (evidence["previous"], evidence["difference"]) == (
        "0.01万元",
        "-9999999999999989898.999999999999",
    )


def test_a_sum_and_a_last_year_of_thirty_digits_print_in_full() -> None:
    breakdown = _markdown(
        "全年下达资金 1 元。其中：河道治理 999,999,999,999,999,999 元，水库维护 0.000000000001 元。"
    )
    [(_, _, evidence, _)] = _findings(breakdown, "breakdown")
    assert evidence["items_sum"] == "999999999999999999.000000000001"
    change = _markdown(
        "2022年部门收入 999,999,999,999,999,999 万元，同比减少 0.000000000001 万元，下降 1%。"
    )
    [(_, _, evidence, _)] = _findings(change, "change")
    assert evidence["previous"] == "999999999999999999.000000000001万元"
