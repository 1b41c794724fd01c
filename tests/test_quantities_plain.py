"""A bare number and unit is read without the whole grammar: exactly as the grammar reads it."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import jxrules
from jxrules.errors import QuantityError
from jxrules.quantities import default_vocabulary
from jxrules.quantities.reading import _plain, _read
from tests.conftest import ROOT

VOCABULARY = default_vocabulary()
UNITS = sorted(VOCABULARY.units)
WORDS = sorted({*VOCABULARY.prefix, *VOCABULARY.suffix, *VOCABULARY.infix, *VOCABULARY.qualitative})


def reading(text: str, *, plain: bool) -> Any:
    try:
        return _read(text, VOCABULARY, plain=plain)
    except QuantityError as exc:  # _MissingValue too: a QuantityError
        return (type(exc).__name__, exc.message)


def assert_same(text: str) -> None:
    assert reading(text, plain=True) == reading(text, plain=False), text


NUMBERS = st.one_of(
    st.integers(0, 10**12).map(str),
    st.integers(0, 10**9).map(lambda n: f"{n:,}"),
    st.decimals(0, 10**6, places=2, allow_nan=False).map(str),
    st.sampled_from(["1,2345", "12,34", "1.", ".5", "007", "１２３", "4,708.56", "1" * 40]),
)
SPACES = st.sampled_from(["", "", " ", "  ", "\u3000", "\t", "\n"])
PIECES = st.one_of(
    NUMBERS,
    SPACES,
    st.sampled_from(UNITS),
    st.sampled_from(WORDS),
    st.sampled_from(["-", "，", "、", "；", "年", "月", "约", "共", "台", "2022年", "12月底", "X"]),
    st.text(alphabet="0123456789,. -%万亿元家个名人次台年月至～", max_size=4),
)


@settings(max_examples=3000, deadline=None, derandomize=True, database=None)
@given(st.lists(PIECES, min_size=1, max_size=6).map("".join))
def test_any_text_reads_the_same_both_ways(text: str) -> None:
    assert_same(text)


@settings(max_examples=2000, deadline=None, derandomize=True, database=None)
@given(SPACES, NUMBERS, SPACES, st.sampled_from(["", *UNITS]), SPACES)
def test_number_and_unit_read_the_same_both_ways(
    before: str, number: str, between: str, unit: str, after: str
) -> None:
    assert_same(before + number + between + unit + after)


def test_the_plain_way_is_taken_for_plain_texts() -> None:
    for text in ("4,708.56 万元", "2 个", " 500名 ", "5.7亿元", "100%", "12"):
        assert _plain(text, VOCABULARY.normalize(text), VOCABULARY) is not None, text
        assert_same(text)
    for text in ("≥200 家", "90%以上", "500余家", "2-3家", "约5万元", "5 斤", "1,2345元"):
        assert _plain(text, VOCABULARY.normalize(text), VOCABULARY) is None, text
        assert_same(text)
    assert_same("2022年")  # a date: masked before any plain reading (_read never asks _plain)


def test_every_cell_of_the_examples_reads_the_same_both_ways() -> None:
    cells = 0
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        report = jxrules.load_report(path)
        for row in report.indicators:
            for text in (row.target, row.actual):
                assert_same(text)
                cells += 1
    assert cells > 50


def test_every_unit_of_the_vocabulary_is_read_whole() -> None:
    assert len(UNITS) > 100 and all(VOCABULARY.reads_plainly(unit) for unit in UNITS)
    assert not VOCABULARY.reads_plainly("斤")  # not a unit of the vocabulary
    for unit in UNITS:
        assert_same("7" + unit)
        assert_same("1,234.5 " + unit)


#: Rule vocabularies whose symbols turn a character into white space that separates clauses.
SEPARATING = [
    VOCABULARY.extended({"symbols": {"|": "\n"}}),
    VOCABULARY.extended({"symbols": {"_": " "}, "clause_separators": [" "]}),
    VOCABULARY.extended({"symbols": {"_": " "}}),
]


@pytest.mark.parametrize("vocabulary", SEPARATING)
@pytest.mark.parametrize("text", ["|5万元", "_5万元", " |_ 6 家", "_141 家 ", "5万元", "|_|7"])
def test_a_separator_made_by_a_rules_symbols_is_a_separator_both_ways(
    vocabulary: Any, text: str
) -> None:
    def reading_in(plain: bool) -> Any:
        try:
            return _read(text, vocabulary, plain=plain)
        except QuantityError as exc:
            return (type(exc).__name__, exc.message)

    assert reading_in(True) == reading_in(False), text
