"""Deadlines read and compared day by day: the exact spans, labels and verdicts.

Written against the mutants mutmut found surviving in ``jxrules.quantities.deadlines``
(docs/testing.md): every printed date family maps to exact first and last days.
"""

from __future__ import annotations

import pytest

from jxrules.quantities.deadlines import Span, compare_dates, read

Y = 2023


@pytest.mark.parametrize(
    ("text", "first", "last", "printed", "deadline"),
    [
        ("2023年12月", (Y, 12, 1), (Y, 12, 31), "2023年12月", True),
        ("12月底", (0, 12, 31), (0, 12, 31), "12月底", True),
        ("12月末", (0, 12, 31), (0, 12, 31), "12月末", True),
        ("12月初", (0, 12, 1), (0, 12, 10), "12月初", True),
        ("12月上旬", (0, 12, 1), (0, 12, 10), "12月上旬", True),
        ("12月中旬", (0, 12, 11), (0, 12, 20), "12月中旬", True),
        ("12月下旬", (0, 12, 21), (0, 12, 31), "12月下旬", True),
        ("11月下旬", (0, 11, 21), (0, 11, 30), "11月下旬", True),
        ("2月下旬", (0, 2, 21), (0, 2, 29), "2月下旬", True),
        ("2023年2月底", (Y, 2, 28), (Y, 2, 28), "2023年2月底", True),
        ("2024年2月底", (2024, 2, 29), (2024, 2, 29), "2024年2月底", True),
        ("2023-12-05", (Y, 12, 5), (Y, 12, 5), "2023-12-05", True),
        ("2023.6", (Y, 6, 1), (Y, 6, 30), "2023.6", True),
        ("2023/6/30", (Y, 6, 30), (Y, 6, 30), "2023/6/30", True),
        ("2023年底", (Y, 12, 31), (Y, 12, 31), "2023年底", True),
        ("2023年末", (Y, 12, 31), (Y, 12, 31), "2023年末", True),
        ("2023年初", (Y, 1, 1), (Y, 1, 31), "2023年初", True),
        ("2023年上半年", (Y, 1, 1), (Y, 6, 30), "2023年上半年", True),
        ("2023年下半年", (Y, 7, 1), (Y, 12, 31), "2023年下半年", True),
        ("2023年度", (Y, 1, 1), (Y, 12, 31), "2023年度", True),
        ("12月20日", (0, 12, 20), (0, 12, 20), "12月20日", True),
        ("12月20号", (0, 12, 20), (0, 12, 20), "12月20号", True),
        ("2024年2月29日", (2024, 2, 29), (2024, 2, 29), "2024年2月29日", True),
        ("１２月底", (0, 12, 31), (0, 12, 31), "12月底", True),
        ("2023年1月至3月", (Y, 3, 1), (Y, 3, 31), "3月", True),
        ("2023年5月5日前", (Y, 5, 5), (Y, 5, 5), "2023年5月5日", True),
        ("12月31日后", (0, 12, 31), (0, 12, 31), "12月31日", False),
        ("2023年12月起", (Y, 12, 1), (Y, 12, 31), "2023年12月", False),
        ("不早于12月", (0, 12, 1), (0, 12, 31), "12月", False),
        ("≥12月", (0, 12, 1), (0, 12, 31), "12月", False),
    ],
)
def test_a_printed_date_reads_as_its_days(
    text: str,
    first: tuple[int, int, int],
    last: tuple[int, int, int],
    printed: str,
    deadline: bool,
) -> None:
    found = read(text)
    assert found is not None
    span, is_deadline = found
    assert (span.first, span.last, span.text, is_deadline) == (first, last, printed, deadline)


@pytest.mark.parametrize(
    "text", ["2023年13月", "2023年2月30日", "2023年2月29日", "12月32日", "0月", "按期完成", ""]
)
def test_what_is_no_date_reads_as_none(text: str) -> None:
    assert read(text) is None


@pytest.mark.parametrize(
    ("first", "last", "label", "end_label"),
    [
        ((Y, 12, 1), (Y, 12, 31), "2023年12月", "2023年12月31日"),
        ((0, 12, 1), (0, 12, 31), "12月", "12月31日"),
        ((Y, 12, 31), (Y, 12, 31), "2023年12月31日", "2023年12月31日"),
        ((0, 12, 20), (0, 12, 20), "12月20日", "12月20日"),
        ((Y, 1, 1), (Y, 12, 31), "2023年", "2023年12月31日"),
        ((0, 1, 1), (0, 12, 31), "全年", "12月31日"),
        ((Y, 1, 1), (Y, 1, 31), "2023年1月", "2023年1月31日"),
        ((Y, 2, 1), (Y, 2, 28), "2023年2月", "2023年2月28日"),
        ((Y, 12, 1), (Y, 12, 10), "2023年12月1日至2023年12月10日", "2023年12月10日"),
        ((0, 12, 21), (0, 12, 31), "12月21日至12月31日", "12月31日"),
        ((Y, 7, 1), (Y, 12, 31), "2023年7月1日至2023年12月31日", "2023年12月31日"),
        ((Y, 1, 1), (Y, 2, 28), "2023年1月1日至2023年2月28日", "2023年2月28日"),
        ((2022, 1, 1), (Y, 12, 31), "2022年1月1日至2023年12月31日", "2023年12月31日"),
        ((Y, 12, 2), (Y, 12, 31), "2023年12月2日至2023年12月31日", "2023年12月31日"),
    ],
)
def test_a_span_is_labelled_as_people_write_it(
    first: tuple[int, int, int], last: tuple[int, int, int], label: str, end_label: str
) -> None:
    span = Span(first, last, "printed")
    assert (span.label(), span.label(end=True)) == (label, end_label)


def test_a_yearless_span_takes_a_year_and_a_dated_one_keeps_its_own() -> None:
    yearless = Span((0, 12, 1), (0, 12, 31), "12月")
    assert yearless.with_year(2024) == Span((2024, 12, 1), (2024, 12, 31), "12月")
    assert yearless.with_year(0) is yearless
    dated = Span((Y, 6, 1), (Y, 6, 30), "2023年6月")
    assert dated.with_year(2024) is dated


@pytest.mark.parametrize(
    ("target", "actual", "year", "outcome", "want", "have"),
    [
        (
            "2023年12月31日前",
            "2023年12月20日",
            None,
            "met",
            (Y, 12, 31),
            ((Y, 12, 20), (Y, 12, 20)),
        ),
        ("12月底前", "2024年1月", Y, "missed", (Y, 12, 31), ((2024, 1, 1), (2024, 1, 31))),
        ("12月底前", "11月", None, "met", (0, 12, 31), ((0, 11, 1), (0, 11, 30))),
        ("12月20日前", "12月20日", None, "met", (0, 12, 20), ((0, 12, 20), (0, 12, 20))),
        ("12月20日前", "12月21日", None, "missed", (0, 12, 20), ((0, 12, 21), (0, 12, 21))),
        ("12月底前", "2023年12月", None, "met", (Y, 12, 31), ((Y, 12, 1), (Y, 12, 31))),
        ("12月底前", "2023年12月", 2024, "met", (2024, 12, 31), ((Y, 12, 1), (Y, 12, 31))),
        ("12月底前", "2024年12月", Y, "missed", (Y, 12, 31), ((2024, 12, 1), (2024, 12, 31))),
        ("2023年12月底前", "12月", None, "met", (Y, 12, 31), ((Y, 12, 1), (Y, 12, 31))),
        ("2023年12月底前", "12月", 2024, "met", (Y, 12, 31), ((Y, 12, 1), (Y, 12, 31))),
        ("12月底前", "12月", Y, "met", (Y, 12, 31), ((Y, 12, 1), (Y, 12, 31))),
        ("6月底前", "7月1日", Y, "missed", (Y, 6, 30), ((Y, 7, 1), (Y, 7, 1))),
        ("2023年6月底前", "2023年7月1日", None, "missed", (Y, 6, 30), ((Y, 7, 1), (Y, 7, 1))),
        ("2023年底前", "2023年下半年", None, "met", (Y, 12, 31), ((Y, 7, 1), (Y, 12, 31))),
        ("2023年6月30日前", "2023年上半年", None, "met", (Y, 6, 30), ((Y, 1, 1), (Y, 6, 30))),
        (
            "2023年12月上旬前",
            "2023年12月10日",
            None,
            "met",
            (Y, 12, 10),
            ((Y, 12, 10), (Y, 12, 10)),
        ),
        (
            "2023年12月上旬前",
            "2023年12月中旬",
            None,
            "missed",
            (Y, 12, 10),
            ((Y, 12, 11), (Y, 12, 20)),
        ),
    ],
)
def test_a_deadline_is_met_by_a_date_on_or_before_it(
    target: str,
    actual: str,
    year: int | None,
    outcome: str,
    want: tuple[int, int, int],
    have: tuple[tuple[int, int, int], tuple[int, int, int]],
) -> None:
    verdict = compare_dates(target, actual, year)
    assert verdict is not None
    assert (verdict.outcome, verdict.target.last, (verdict.actual.first, verdict.actual.last)) == (
        outcome,
        want,
        have,
    )
    assert verdict.reason == ""


def test_an_actual_straddling_the_deadline_is_not_decided_and_says_why() -> None:
    verdict = compare_dates("12月20日前", "12月")
    assert verdict is not None
    assert verdict.outcome == "unreadable"
    assert verdict.reason == "实际日期“12月”无法判断是否不晚于期限 12月20日"
    assert verdict.evidence() == {
        "target_value": "12月20日",
        "actual_value": "12月",
        "unit": "",
        "comparator": "≤",
        "direction": "earlier",
    }


def test_the_evidence_names_the_deadline_day_and_the_actual_span() -> None:
    verdict = compare_dates("2023年底前", "2023年下半年")
    assert verdict is not None
    assert verdict.evidence() == {
        "target_value": "2023年12月31日",
        "actual_value": "2023年7月1日至2023年12月31日",
        "unit": "",
        "comparator": "≤",
        "direction": "earlier",
    }


@pytest.mark.parametrize(
    ("target", "actual"),
    [
        ("12月31日后", "11月"),
        ("按期完成", "11月"),
        ("12月底前", "按期完成"),
        ("2023年起", "2023年"),
    ],
)
def test_no_deadline_or_no_date_compares_nothing(target: str, actual: str) -> None:
    assert compare_dates(target, actual, Y) is None


@pytest.mark.parametrize(
    ("target", "actual", "outcome", "reason", "target_value", "actual_value"),
    [
        ("12月20日前", "11月25日", "met", "", "12月20日", "11月25日"),
        (
            "12月21日前",
            "12月下旬",
            "unreadable",
            "实际日期“12月下旬”无法判断是否不晚于期限 12月21日",
            "12月21日",
            "12月21日至12月31日",
        ),
        (
            "2023年6月前",
            "2023年",
            "unreadable",
            "实际日期“2023年”无法判断是否不晚于期限 2023年6月30日",
            "2023年6月30日",
            "2023年",
        ),
        ("2023年6月前", "2023年7月", "missed", "", "2023年6月30日", "2023年7月"),
    ],
)
def test_a_month_deadline_is_its_last_day_and_a_span_starting_on_it_is_undecided(
    target: str, actual: str, outcome: str, reason: str, target_value: str, actual_value: str
) -> None:
    verdict = compare_dates(target, actual)
    assert verdict is not None
    evidence = verdict.evidence()
    assert (
        verdict.outcome,
        verdict.reason,
        evidence["target_value"],
        evidence["actual_value"],
    ) == (
        outcome,
        reason,
        target_value,
        actual_value,
    )


def test_a_leap_february_is_labelled_as_the_whole_month() -> None:
    assert Span((2024, 2, 1), (2024, 2, 29), "x").label() == "2024年2月"
    assert Span((2023, 2, 1), (2023, 2, 28), "x").label() == "2023年2月"
