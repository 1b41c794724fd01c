"""Printed figures read into exact clauses and decimals: every field of what was read.

Written against the mutants mutmut found surviving in ``jxrules.quantities.reading`` and
``decimals`` (docs/testing.md).  Each row is a printed target and, per clause: subject,
comparator, value, upper end, unit, printed unit, scale and the clause's text.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from jxrules.errors import QuantityError
from jxrules.quantities import (
    Missing,
    Qualitative,
    Target,
    Unreadable,
    Vocabulary,
    default_vocabulary,
    is_lower_better,
    parse_actual,
    parse_target,
    read,
)
from jxrules.quantities.decimals import decimal_text, parse_decimal

ROWS = [
    ("≥200家", [("", "≥", "200", None, "家", "家", "1", "≥200家")]),
    ("不低于95%", [("", "≥", "95", None, "%", "%", "1", "不低于95%")]),
    ("30余家", [("", ">", "30", None, "家", "家", "1", "30余家")]),
    ("500多个", [("", ">", "500", None, "个", "个", "1", "500多个")]),
    ("90%以上", [("", "≥", "90", None, "%", "%", "1", "90%以上")]),
    ("-3天", [("", None, "-3", None, "天", "天", "1", "-3天")]),
    ("-3", [("", None, "-3", None, "", "", "1", "-3")]),
    ("1,500万元", [("", None, "1500", None, "元", "万元", "10000", "1,500万元")]),
    ("2-3家", [("", "range", "2", "3", "家", "家", "1", "2-3家")]),
    ("2至3万元", [("", "range", "2", "3", "元", "万元", "10000", "2至3万元")]),
    ("1.5万", [("", None, "1.5", None, "", "万", "10000", "1.5万")]),
    ("≥１２３", [("", "≥", "123", None, "", "", "1", "≥１２３")]),
    ("14,800万元", [("", None, "14800", None, "元", "万元", "10000", "14,800万元")]),
    (
        "覆盖率≥90%，培训500人次以上",
        [
            ("覆盖率", "≥", "90", None, "%", "%", "1", "覆盖率≥90%"),
            ("培训", "≥", "500", None, "人次", "人次", "1", "培训500人次以上"),
        ],
    ),
    ("满意度90%", [("满意度", None, "90", None, "%", "%", "1", "满意度90%")]),
    ("5部", [("", None, "5", None, "部", "部", "1", "5部")]),
    ("超过2亿元", [("", ">", "2", None, "元", "亿元", "100000000", "超过2亿元")]),
    ("10个工作日以内", [("", "≤", "10", None, "个工作日", "个工作日", "1", "10个工作日以内")]),
    ("7.5", [("", None, "7.5", None, "", "", "1", "7.5")]),
    ("5000元-2万元", [("", "range", "0.5", "2", "元", "万元", "10000", "5000元-2万元")]),
]


@pytest.mark.parametrize(("text", "clauses"), ROWS)
def test_a_printed_target_reads_into_exact_clauses(
    text: str, clauses: list[tuple[str, ...]]
) -> None:
    reading = parse_target(text)
    assert isinstance(reading, Target)
    got = [
        (
            c.subject,
            c.comparator,
            str(c.value),
            None if c.upper is None else str(c.upper),
            c.unit,
            c.printed_unit,
            str(c.scale),
            c.text,
        )
        for c in reading.clauses
    ]
    assert got == clauses
    assert reading.text == text


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        ("2万元-3家", Unreadable("2万元-3家", "范围两端单位不同：“2万元-3家”")),
        ("1" * 31, Unreadable("1" * 31, "数字过长（31 位）")),
        ("2023年12月底前", Qualitative("2023年12月底前", "日期或期限 (a date or deadline)")),
        ("有效提升", Qualitative("有效提升", "定性表述“提升”")),
        ("见附件", Unreadable("见附件", "不是数量，也不是定性表述")),
        ("请填写", Missing("请填写", "是表格的填写说明，未填写")),
        ("-", Missing("-", "为空 (blank)")),
    ],
)
def test_what_is_no_quantity_reads_with_its_reason(text: str, reading: object) -> None:
    assert parse_target(text) == reading


def test_thirty_digits_are_read_and_a_non_text_is_refused_by_read() -> None:
    reading = parse_target("1" * 30)
    assert isinstance(reading, Target)
    assert reading.clauses[0].value == Decimal("1" * 30)
    with pytest.raises(QuantityError, match=r"^“5” 不是文本 \(not text\)$"):
        read(5)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "plain", "percent"),
    [
        ("1 234", "1234", "1234"),
        ("１２．５", "12.5", "12.5"),
        ("-3", "-3", "-3"),
        ("+.5", "0.5", "0.5"),
        ("7,013.09", "7013.09", "7013.09"),
        ("95.2％", None, "95.2"),
        ("", None, None),
        ("-", None, None),
        ("—", None, None),
    ],
)
def test_a_plain_number_is_read_exactly(text: str, plain: str | None, percent: str | None) -> None:
    if plain is None and text.endswith("％"):
        with pytest.raises(QuantityError, match=r"^“95.2％” 不是数字 \(not a number\)$"):
            parse_decimal(text)
    else:
        got = parse_decimal(text)
        assert (None if got is None else str(got)) == plain
    with_percent = parse_decimal(text, allow_percent=True)
    assert (None if with_percent is None else str(with_percent)) == percent


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (True, "“True” 不是数字 (not a number)"),
        (Decimal("NaN"), "“NaN” 不是有限数字 (not a finite number)"),
        ("12a", "“12a” 不是数字 (not a number)"),
    ],
)
def test_what_is_no_number_is_refused_with_its_text(value: object, message: str) -> None:
    with pytest.raises(QuantityError) as caught:
        parse_decimal(value)  # type: ignore[arg-type]
    assert caught.value.message == message


def test_none_and_integers_and_decimals_pass_through() -> None:
    assert parse_decimal(None) is None
    assert parse_decimal(5) == Decimal(5)
    assert parse_decimal(Decimal("2.50")).as_tuple() == Decimal("2.50").as_tuple()


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("-0"), "0"),
        (Decimal("-0.0"), "0"),
        (Decimal("1E+3"), "1000"),
        (Decimal("0.00"), "0.00"),
        (Decimal("-2.5"), "-2.5"),
        (None, ""),
    ],
)
def test_evidence_decimals_are_plain_and_never_minus_zero(value: Decimal | None, text: str) -> None:
    assert decimal_text(value) == text


def test_a_text_of_the_longest_cell_is_read_and_one_more_character_is_not() -> None:
    longest = "1" + " " * 3999
    reading = parse_target(longest)
    assert isinstance(reading, Target) and reading.clauses[0].value == Decimal(1)
    assert parse_target(longest + " ") == Unreadable(
        longest + " ", "文本过长（4001 字，上限 4000）"
    )


def test_an_infinite_decimal_prints_as_python_writes_it() -> None:
    assert decimal_text(Decimal("Infinity")) == "Infinity"


def test_the_ends_of_a_range_in_different_scales_meet_in_the_upper_ends_unit() -> None:
    reading = parse_target("1万元-20000元")
    assert isinstance(reading, Target)
    [clause] = reading.clauses
    assert (clause.comparator, clause.value, clause.upper, clause.unit, clause.scale) == (
        "range",
        Decimal(10000),
        Decimal(20000),
        "元",
        Decimal(1),
    )


def test_punctuation_is_dropped_from_a_subject() -> None:
    reading = parse_target("覆盖率：≥90%")
    assert isinstance(reading, Target)
    assert reading.clauses[0].subject == "覆盖率"


def test_a_name_ending_in_an_unmatched_bracket_keeps_it() -> None:
    assert is_lower_better("单位成本（）)") is False
    assert is_lower_better("单位成本（元）") is True


def test_ignore_patterns_apply_only_to_texts_with_digits_and_may_be_absent() -> None:
    digitless = Vocabulary({"ignore_patterns": ["见附件"]})
    assert parse_target("见附件", digitless) == Unreadable("见附件", "不是数量，也不是定性表述")
    bare = parse_target("5个", Vocabulary({}))
    assert isinstance(bare, Target) and bare.clauses[0].unit == "个"


def test_a_long_text_is_read_with_the_vocabulary_given_and_a_short_one_is_cached() -> None:
    extended = default_vocabulary().extended({"units": ["架次"]})
    long = "≥20架次" + " " * 300
    reading = parse_target(long, extended)
    assert isinstance(reading, Target) and reading.clauses[0].unit == "架次"
    vocabulary = Vocabulary(default_vocabulary().data)
    longest_cached = "1" + " " * 255
    assert parse_actual(longest_cached, vocabulary) is parse_actual(longest_cached, vocabulary)
