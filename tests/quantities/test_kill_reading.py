"""Figures spelled in Chinese numerals (三家, 不少于三家, 一百零五人) read as the numbers they spell.

Written against the mutants mutmut found surviving in ``jxrules.quantities.reading``
(docs/testing.md, issue #25): the numeral path was only reached by tests outside the
package's selection (tests/ingest).  Each row pins every field of the clauses read, and the
target keeps the text as printed while each clause shows the figure in digits.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from jxrules.quantities import Target, Unreadable, parse_actual, parse_target, read

#: (subject, comparator, value, unit, printed unit, scale, clause text)
Row = tuple[str, str | None, str, str, str, str, str]

SPELLED: list[tuple[str, list[Row]]] = [
    ("三家", [("", None, "3", "家", "家", "1", "3家")]),
    ("两个", [("", None, "2", "个", "个", "1", "2个")]),
    ("十二次", [("", None, "12", "次", "次", "1", "12次")]),
    ("一百零五人", [("", None, "105", "人", "人", "1", "105人")]),
    ("一百二十人", [("", None, "120", "人", "人", "1", "120人")]),
    ("两千人", [("", None, "2000", "人", "人", "1", "2000人")]),
    ("三万人次", [("", None, "3", "人次", "万人次", "10000", "3万人次")]),
    ("不少于三家", [("", "≥", "3", "家", "家", "1", "不少于3家")]),
    # a run that spells no number (二三) stays as printed, in the subject of the next figure
    ("二三场 三家", [("二三场", None, "3", "家", "家", "1", "二三场 3家")]),
]


@pytest.mark.parametrize(("text", "clauses"), SPELLED)
def test_a_figure_in_chinese_numerals_reads_as_its_number(text: str, clauses: list[Row]) -> None:
    for reading in (parse_target(text), parse_actual(text), read(text)):
        assert isinstance(reading, Target)
        assert reading.text == text
        got = [
            (c.subject, c.comparator, c.value, c.unit, c.printed_unit, c.scale, c.text)
            for c in reading.clauses
        ]
        assert got == [
            (subject, comparator, Decimal(value), unit, printed, Decimal(scale), source)
            for subject, comparator, value, unit, printed, scale, source in clauses
        ]


@pytest.mark.parametrize("text", ["二三场", "一二家", "十十家", "百千人"])
def test_a_numeral_run_that_spells_no_number_is_no_figure(text: str) -> None:
    assert parse_actual(text) == Unreadable(text, "不是数量，也不是定性表述")
