"""Targets against actuals that carry their own comparator, range or unit: exact figures.

Written against the mutants mutmut found surviving in ``jxrules.quantities.comparing`` and
``values`` (docs/testing.md).  Each row is target, actual, lower-is-better, the verdict's
outcome and reason, and per clause: outcome, comparator applied, bound, actual figure
and ratio (as printed ``Decimal`` strings), direction, the two clause texts and the unit.
Statutory reading: 以上/≥ include the bound, 超过/> exclude it; an actual ``≥90%``
meets ``≥90%`` but cannot tell whether it meets ``>90%``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from jxrules.quantities import Target, compare, pair_clauses, parse_actual, parse_target, ratio
from jxrules.quantities.values import Missing, Unreadable

ROWS = [
    (
        "≥1.5万元",
        "1-2万元",
        False,
        "unreadable",
        "实际值“1-2万元”无法判断是否满足目标“≥1.5万元”",
        [("unreadable", "≥", None, None, None, False, "≥1.5万元", "1-2万元", "万元")],
    ),
    ("≥90%", "≥90%", False, "met", "", [("met", "≥", "90", "90", "1", False, "≥90%", "≥90%", "%")]),
    ("≥90%", ">90%", False, "met", "", [("met", "≥", "90", "90", "1", False, "≥90%", ">90%", "%")]),
    (
        "≥90%",
        "≤95%",
        False,
        "unreadable",
        "实际值“≤95%”无法判断是否满足目标“≥90%”",
        [("unreadable", "≥", None, None, None, False, "≥90%", "≤95%", "%")],
    ),
    (
        "≥90%",
        "<90%",
        False,
        "missed",
        "",
        [("missed", "≥", "90", "90", "1", False, "≥90%", "<90%", "%")],
    ),
    (
        "≥90%",
        "≤90%",
        False,
        "unreadable",
        "实际值“≤90%”无法判断是否满足目标“≥90%”",
        [("unreadable", "≥", None, None, None, False, "≥90%", "≤90%", "%")],
    ),
    (
        ">90%",
        "≥90%",
        False,
        "unreadable",
        "实际值“≥90%”无法判断是否满足目标“>90%”",
        [("unreadable", ">", None, None, None, False, ">90%", "≥90%", "%")],
    ),
    (
        ">90%",
        "≤90%",
        False,
        "missed",
        "",
        [("missed", ">", "90", "90", "1", False, ">90%", "≤90%", "%")],
    ),
    (">90%", ">90%", False, "met", "", [("met", ">", "90", "90", "1", False, ">90%", ">90%", "%")]),
    (
        ">90%",
        "<91%",
        False,
        "unreadable",
        "实际值“<91%”无法判断是否满足目标“>90%”",
        [("unreadable", ">", None, None, None, False, ">90%", "<91%", "%")],
    ),
    (
        "≤10天",
        "<10天",
        False,
        "met",
        "",
        [("met", "≤", "10", "10", "1", True, "≤10天", "<10天", "天")],
    ),
    (
        "≤10天",
        "≥10天",
        False,
        "unreadable",
        "实际值“≥10天”无法判断是否满足目标“≤10天”",
        [("unreadable", "≤", None, None, None, True, "≤10天", "≥10天", "天")],
    ),
    (
        "≤10天",
        ">10天",
        False,
        "missed",
        "",
        [("missed", "≤", "10", "10", "1", True, "≤10天", ">10天", "天")],
    ),
    (
        "≤10天",
        "≤10天",
        False,
        "met",
        "",
        [("met", "≤", "10", "10", "1", True, "≤10天", "≤10天", "天")],
    ),
    (
        "≤10天",
        "≤9天",
        False,
        "met",
        "",
        [("met", "≤", "10", "9", "0.9", True, "≤10天", "≤9天", "天")],
    ),
    (
        "≤10天",
        "≤12天",
        False,
        "unreadable",
        "实际值“≤12天”无法判断是否满足目标“≤10天”",
        [("unreadable", "≤", None, None, None, True, "≤10天", "≤12天", "天")],
    ),
    (
        "<10天",
        "≤10天",
        False,
        "unreadable",
        "实际值“≤10天”无法判断是否满足目标“<10天”",
        [("unreadable", "<", None, None, None, True, "<10天", "≤10天", "天")],
    ),
    (
        "<10天",
        "≥10天",
        False,
        "missed",
        "",
        [("missed", "<", "10", "10", "1", True, "<10天", "≥10天", "天")],
    ),
    (
        "<10天",
        "<10天",
        False,
        "met",
        "",
        [("met", "<", "10", "10", "1", True, "<10天", "<10天", "天")],
    ),
    (
        "<10天",
        "≤9天",
        False,
        "met",
        "",
        [("met", "<", "10", "9", "0.9", True, "<10天", "≤9天", "天")],
    ),
    (
        "2-3家",
        "≥3家",
        False,
        "met",
        "",
        [("met", "≥", "3", "3", "1", False, "2-3家", "≥3家", "家")],
    ),
    (
        "2-3家",
        "≤1家",
        False,
        "missed",
        "",
        [("missed", "≥", "2", "1", "0.5", False, "2-3家", "≤1家", "家")],
    ),
    (
        "2-3家",
        "1-2家",
        False,
        "unreadable",
        "实际值“1-2家”无法判断是否满足目标“2-3家”",
        [("unreadable", "≥", None, None, None, False, "2-3家", "1-2家", "家")],
    ),
    ("2-3家", "≤3家", True, "met", "", [("met", "≤", "3", "3", "1", True, "2-3家", "≤3家", "家")]),
    (
        "2-3家",
        "≥4家",
        True,
        "missed",
        "",
        [("missed", "≤", "3", "4", "1.3333", True, "2-3家", "≥4家", "家")],
    ),
    (
        "2-3家",
        "0-1家",
        False,
        "missed",
        "",
        [("missed", "≥", "2", "0", "0", False, "2-3家", "0-1家", "家")],
    ),
    ("2-3家", "3家", False, "met", "", [("met", "≥", "3", "3", "1", False, "2-3家", "3家", "家")]),
    (
        "2-3家",
        "1家",
        False,
        "missed",
        "",
        [("missed", "≥", "2", "1", "0.5", False, "2-3家", "1家", "家")],
    ),
    (
        "2-3家",
        "4家",
        True,
        "missed",
        "",
        [("missed", "≤", "3", "4", "1.3333", True, "2-3家", "4家", "家")],
    ),
    (
        "2-3家",
        "2.5家",
        True,
        "met",
        "",
        [("met", "≤", "3", "2.5", "0.8333", True, "2-3家", "2.5家", "家")],
    ),
    (
        "1-2万元",
        "≥2万元",
        False,
        "met",
        "",
        [("met", "≥", "2", "2", "1", False, "1-2万元", "≥2万元", "万元")],
    ),
    (
        "1-2万元",
        "≤1.5万元",
        True,
        "met",
        "",
        [("met", "≤", "2", "1.5", "0.75", True, "1-2万元", "≤1.5万元", "万元")],
    ),
    (
        "≥3家",
        "2-4家",
        False,
        "unreadable",
        "实际值“2-4家”无法判断是否满足目标“≥3家”",
        [("unreadable", "≥", None, None, None, False, "≥3家", "2-4家", "家")],
    ),
    (
        "≥3家",
        "3-4家",
        False,
        "met",
        "",
        [("met", "≥", "3", "3", "1", False, "≥3家", "3-4家", "家")],
    ),
    (
        "≥3家",
        "1-2家",
        False,
        "missed",
        "",
        [("missed", "≥", "3", "1", "0.3333", False, "≥3家", "1-2家", "家")],
    ),
    (
        "≤3家",
        "4-5家",
        False,
        "missed",
        "",
        [("missed", "≤", "3", "4", "1.3333", True, "≤3家", "4-5家", "家")],
    ),
    (
        "≤3家",
        "1-3家",
        False,
        "met",
        "",
        [("met", "≤", "3", "1", "0.3333", True, "≤3家", "1-3家", "家")],
    ),
    (
        ">3家",
        "3-4家",
        False,
        "unreadable",
        "实际值“3-4家”无法判断是否满足目标“>3家”",
        [("unreadable", ">", None, None, None, False, ">3家", "3-4家", "家")],
    ),
    (
        "<4家",
        "3-4家",
        False,
        "unreadable",
        "实际值“3-4家”无法判断是否满足目标“<4家”",
        [("unreadable", "<", None, None, None, True, "<4家", "3-4家", "家")],
    ),
    (
        "=5",
        "≥5",
        False,
        "unreadable",
        "实际值“≥5”无法判断是否满足目标“=5”",
        [("unreadable", "=", None, None, None, False, "=5", "≥5", "")],
    ),
    ("=5", "=5", False, "met", "", [("met", "=", "5", "5", "1", False, "=5", "=5", "")]),
    ("=5", "5", False, "met", "", [("met", "=", "5", "5", "1", False, "=5", "5", "")]),
    ("=5", "6", True, "missed", "", [("missed", "=", "5", "6", "1.2", True, "=5", "6", "")]),
    (">5", "=5", False, "missed", "", [("missed", ">", "5", "5", "1", False, ">5", "=5", "")]),
    ("<5", "=5", False, "missed", "", [("missed", "<", "5", "5", "1", True, "<5", "=5", "")]),
    ("5家", "≥5家", False, "met", "", [("met", "≥", "5", "5", "1", False, "5家", "≥5家", "家")]),
    ("5家", "≤5家", True, "met", "", [("met", "≤", "5", "5", "1", True, "5家", "≤5家", "家")]),
    ("≥90%", "90%", False, "met", "", [("met", "≥", "90", "90", "1", False, "≥90%", "90%", "%")]),
    (
        ">90%",
        "90%",
        False,
        "missed",
        "",
        [("missed", ">", "90", "90", "1", False, ">90%", "90%", "%")],
    ),
    (
        "≤10天",
        "10天",
        False,
        "met",
        "",
        [("met", "≤", "10", "10", "1", True, "≤10天", "10天", "天")],
    ),
    (
        "<10天",
        "10天",
        False,
        "missed",
        "",
        [("missed", "<", "10", "10", "1", True, "<10天", "10天", "天")],
    ),
    ("10天", "9天", True, "met", "", [("met", "≤", "10", "9", "0.9", True, "10天", "9天", "天")]),
    (
        "10天",
        "9天",
        False,
        "missed",
        "",
        [("missed", "≥", "10", "9", "0.9", False, "10天", "9天", "天")],
    ),
    (
        "≥2亿元",
        "15000万元",
        False,
        "missed",
        "",
        [("missed", "≥", "2", "1.5", "0.75", False, "≥2亿元", "15000万元", "亿元")],
    ),
    (
        "≥200",
        "3万元",
        False,
        "missed",
        "",
        [("missed", "≥", "200", "3", "0.015", False, "≥200", "3万元", "万元")],
    ),
    (
        "≥1.5万元",
        "14,800元",
        False,
        "missed",
        "",
        [("missed", "≥", "1.5", "1.48", "0.9867", False, "≥1.5万元", "14,800元", "万元")],
    ),
    ("≥3", "0", False, "missed", "", [("missed", "≥", "3", "0", "0", False, "≥3", "0", "")]),
    ("≥0", "5", False, "met", "", [("met", "≥", "0", "5", None, False, "≥0", "5", "")]),
    (
        "≥3家",
        "5个",
        False,
        "unit_mismatch",
        "",
        [("unit_mismatch", "", None, None, None, False, "≥3家", "5个", "家")],
    ),
    (
        "≤3家",
        "5个",
        True,
        "unit_mismatch",
        "",
        [("unit_mismatch", "", None, None, None, True, "≤3家", "5个", "家")],
    ),
    (
        "≥3家，≥2个",
        "4家",
        False,
        "unreadable",
        "实际值中没有与“≥2个”对应的数字",
        [
            ("met", "≥", "3", "4", "1.3333", False, "≥3家", "4家", "家"),
            ("unreadable", "", None, None, None, False, "≥2个", None, "个"),
        ],
    ),
    (
        "≥3家，≥2个",
        "4家，1个",
        False,
        "missed",
        "",
        [
            ("met", "≥", "3", "4", "1.3333", False, "≥3家", "4家", "家"),
            ("missed", "≥", "2", "1", "0.5", False, "≥2个", "1个", "个"),
        ],
    ),
    (
        "≥3家，≥2个",
        "4家，3个",
        False,
        "met",
        "",
        [
            ("met", "≥", "3", "4", "1.3333", False, "≥3家", "4家", "家"),
            ("met", "≥", "2", "3", "1.5", False, "≥2个", "3个", "个"),
        ],
    ),
    (
        "≥3家，≥2个",
        "4家，3件",
        False,
        "unit_mismatch",
        "",
        [
            ("met", "≥", "3", "4", "1.3333", False, "≥3家", "4家", "家"),
            ("unit_mismatch", "", None, None, None, False, "≥2个", "3件", "个"),
        ],
    ),
]


def figures(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


@pytest.mark.parametrize(("target", "actual", "lower", "outcome", "reason", "clauses"), ROWS)
def test_a_target_against_an_actual_gives_exact_figures(
    target: str, actual: str, lower: bool, outcome: str, reason: str, clauses: list[Any]
) -> None:
    verdict = compare(parse_target(target), parse_actual(actual), lower)
    got = [
        (
            c.outcome,
            c.comparator,
            figures(c.bound),
            figures(c.actual_value),
            figures(c.ratio),
            c.lower_is_better,
            c.target.text,
            None if c.actual is None else c.actual.text,
            c.unit,
        )
        for c in verdict.clauses
    ]
    assert (verdict.outcome, verdict.reason, got) == (outcome, reason, clauses)
    assert verdict.side == ("actual" if reason else "")


@pytest.mark.parametrize(
    ("target", "actual", "reason", "side", "missing"),
    [
        ("≥3家", "", "实际值为空", "actual", True),
        ("≥3家", "-", "实际值为“-”，未填写", "actual", True),
        (
            "≥3家",
            "请填写完成情况",
            "实际值“请填写完成情况”是表格的填写说明，未填写",
            "actual",
            True,
        ),
        ("≥3家", "有效提升", "目标为数量“≥3家”，实际值“有效提升”不是数量", "actual", False),
        ("≥3家", "见附件", "实际值“见附件”不是数量，也不是定性表述", "actual", False),
        ("见附件", "3家", "目标值“见附件”不是数量，也不是定性表述", "target", False),
    ],
)
def test_an_unreadable_side_is_named_with_its_reason(
    target: str, actual: str, reason: str, side: str, missing: bool
) -> None:
    verdict = compare(parse_target(target), parse_actual(actual), False)
    assert (verdict.outcome, verdict.reason, verdict.side, verdict.missing, verdict.clauses) == (
        "unreadable",
        reason,
        side,
        missing,
        (),
    )


def test_a_blank_and_a_placeholder_read_as_missing_with_their_reason() -> None:
    assert parse_actual("-") == Missing("-", "为空 (blank)")
    assert parse_actual("请填写完成情况") == Missing("请填写完成情况", "是表格的填写说明，未填写")
    assert parse_actual("见附件") == Unreadable("见附件", "不是数量，也不是定性表述")


def test_a_dated_actual_against_a_deadline_is_compared_as_dates() -> None:
    verdict = compare(parse_target("12月底前"), parse_actual("2022年11月"), False, year=2022)
    assert (verdict.outcome, verdict.side, verdict.reason) == ("met", "actual", "")
    assert verdict.dates is not None
    assert (verdict.dates.target.last, verdict.dates.actual.first) == (
        (2022, 12, 31),
        (2022, 11, 1),
    )
    late = compare(parse_target("12月底前"), parse_actual("2023年1月"), False, year=2022)
    assert late.outcome == "missed"
    undated = compare(parse_target("12月底前"), parse_actual("已完成"), False, year=2022)
    assert (undated.outcome, undated.dates) == ("qualitative", None)


@pytest.mark.parametrize(
    ("actual", "bound", "expected"),
    [
        ("2", "1", "2"),
        ("1", "0.5", "2"),
        ("1.00005", "1", "1.0001"),
        ("1.00015", "1", "1.0002"),
        ("0.99995", "1", "1"),
        ("5", "0", None),
        ("1", "-1", None),
    ],
)
def test_a_ratio_is_rounded_half_up_to_four_places_and_needs_a_positive_bound(
    actual: str, bound: str, expected: str | None
) -> None:
    got = ratio(Decimal(actual), Decimal(bound))
    assert (None if got is None else str(got)) == expected


def test_having_picks_the_clauses_of_one_outcome() -> None:
    compound = compare(parse_target("≥3家，≥2个"), parse_actual("4家，1个"), False)
    assert compound.outcome == "missed"
    assert compound.others == frozenset({"met", "missed"})
    assert [c.target.text for c in compound.having("met")] == ["≥3家"]
    assert [c.target.text for c in compound.having("missed")] == ["≥2个"]
    assert compound.having("unreadable") == ()
    single = compare(parse_target("≥3家"), parse_actual("2家"), False)
    assert single.others == frozenset()
    assert [c.target.text for c in single.having("missed")] == ["≥3家"]
    assert single.having("met") == ()


@pytest.mark.parametrize(
    ("target", "actual", "year", "outcome", "reason", "side", "deadline"),
    [
        ("有效提升", "已完成", None, "qualitative", "定性表述“提升”", "", None),
        ("按期完成", "2022年11月", 2022, "qualitative", "定性表述“按期”", "", None),
        ("12月底前", "11月", 2022, "met", "", "actual", (2022, 12, 31)),
        ("12月底前", "11月", None, "met", "", "actual", (0, 12, 31)),
        (
            "12月20日前",
            "12月",
            2022,
            "unreadable",
            "实际日期“12月”无法判断是否不晚于期限 2022年12月20日",
            "actual",
            (2022, 12, 20),
        ),
    ],
)
def test_a_qualitative_target_keeps_its_reason_and_a_deadline_takes_the_fiscal_year(
    target: str,
    actual: str,
    year: int | None,
    outcome: str,
    reason: str,
    side: str,
    deadline: tuple[int, int, int] | None,
) -> None:
    verdict = compare(parse_target(target), parse_actual(actual), False, year=year)
    assert (verdict.outcome, verdict.reason, verdict.side) == (outcome, reason, side)
    assert (None if verdict.dates is None else verdict.dates.target.last) == deadline


@pytest.mark.parametrize(
    ("target", "actual", "pairs"),
    [
        ("≥3家", "4个", [("≥3家", "4个")]),
        ("≥3家", "4个，5人", [("≥3家", "4个")]),
        ("≥3家", "4家，5个", [("≥3家", "4家")]),
        ("≥3家，≥2个", "4家，3个", [("≥3家", "4家"), ("≥2个", "3个")]),
        ("≥3家，≥2个", "3家", [("≥3家", "3家"), ("≥2个", None)]),
        ("≥2个，≥3家", "4家，3个，5人", [("≥2个", "3个"), ("≥3家", "4家")]),
        (
            "覆盖率≥90%，培训500人次以上",
            "培训520人次，覆盖率95%",
            [("覆盖率≥90%", "覆盖率95%"), ("培训500人次以上", "培训520人次")],
        ),
        ("覆盖率≥90%，≥2个", "3个，覆盖率95%", [("覆盖率≥90%", "覆盖率95%"), ("≥2个", "3个")]),
    ],
)
def test_clauses_pair_by_subject_then_order_then_unit(
    target: str, actual: str, pairs: list[tuple[str, str | None]]
) -> None:
    targets, actuals = parse_target(target), parse_actual(actual)
    assert isinstance(targets, Target) and isinstance(actuals, Target)
    got = pair_clauses(targets.clauses, actuals.clauses)
    assert [(t.text, None if a is None else a.text) for t, a in got] == pairs


def test_a_leftover_target_takes_the_actual_in_its_own_unit_before_any_other() -> None:
    """``≥3家，≥2个`` against ``3个``: the 个 target gets the 个 actual, and the 家 target is the
    one left without a figure — not the other way round (a unit mismatch on the wrong pair)."""
    from jxrules.quantities import compare, parse_actual, parse_target
    from jxrules.quantities.comparing import pair_clauses

    targets, actuals = parse_target("≥3家，≥2个").clauses, parse_actual("3个").clauses
    pairs = [(t.text, a.text if a is not None else None) for t, a in pair_clauses(targets, actuals)]
    assert pairs == [("≥3家", None), ("≥2个", "3个")]
    verdict = compare(parse_target("≥3家，≥2个"), parse_actual("3个"), False)
    assert (verdict.outcome, verdict.reason) == ("unreadable", "实际值中没有与“≥3家”对应的数字")
