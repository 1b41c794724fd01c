"""How values print in evidence and messages: exact text, and exact cuts when they are large.

Written against the mutants mutmut found surviving in ``jxrules.checks.base``
(docs/testing.md): ``format_value`` was tested on ordinary values only.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from jxrules.checks.base import _BOUNDED, _is_small, format_value
from jxrules.sandbox.values import OrderedSet, Record

D = Decimal


@pytest.mark.parametrize(
    ("value", "whole", "cut_to_3"),
    [
        (None, "（空）", "（空）"),
        (True, "是", "是"),
        (False, "否", "否"),
        (D("1.50"), "1.50", "1.…"),
        (D("-0"), "0", "0"),
        (D("1E+999999"), "1E+999999", "1E…"),
        ("abcdef", "abcdef", "ab…"),
        (["a", D("2"), None], "a、2、（空）", "a、2"),
        ((1, 2), "1、2", "1、2"),
        (7, "7", "7"),
        (2**100, "1267650600228229401496703205376", "（数…"),
        ({"a": 1}, "{'a': 1}", "{'…"),
        ({"a": [1, 2]}, "{'a': [1, 2]}", "{'…"),
    ],
)
def test_a_value_prints_exactly_and_is_cut_with_an_ellipsis(
    value: Any, whole: str, cut_to_3: str
) -> None:
    assert (format_value(value), format_value(value, 3)) == (whole, cut_to_3)


def test_lists_stop_once_the_limit_is_passed() -> None:
    assert format_value(["ab", "cd", "ef", "gh"], 5) == "ab、cd"
    assert format_value(["ab", "cd", "ef", "gh"], 4) == "ab、…"
    assert format_value([D("2.50")] * 5000, 30) == "、".join(["2.50"] * 6)[:29] + "…"
    assert format_value("abcdef", 0) == "…"
    assert format_value("abcdef", 1) == "…"
    assert format_value(2**20, 5) == "（数字过…"


def test_large_mappings_print_through_the_bounded_repr() -> None:
    assert format_value({i: D("1.0") for i in range(200)}, 120) == (
        "{" + ", ".join(f"{i}: 1.0" for i in range(15))[:118] + "…"
    )
    assert (
        format_value({"k": OrderedSet(range(300))}, 80)
        == ("{'k': {" + ", ".join(str(i) for i in range(21)))[:79] + "…"
    )
    assert format_value({i: Record(a=i) for i in range(300)}, 80) == (
        "{0: {'a': 0}, 1: {'a': 1}, 2: {'a': 2}, 3: {'a': 3}, 4: {'a': 4}, 5: {'a': 5}, …"
    )


def test_the_bounded_repr_prints_sets_records_and_decimals_briefly() -> None:
    assert _BOUNDED.repr(OrderedSet([])) == "set()"
    assert _BOUNDED.repr(OrderedSet([1, D("2.0")])) == "{1, 2.0}"
    assert _BOUNDED.repr(Record(a=D("1.0"))) == "{'a': 1.0}"
    assert _BOUNDED.repr(D("3.10")) == "3.10"
    assert _BOUNDED.repr([[[[[[1]]]]]]) == "[[[[[...]]]]]"
    assert _BOUNDED.repr("y" * 500) == "'" + "y" * 197 + "..." + "y" * 198 + "'"
    assert _BOUNDED.repr(list(range(60))) == "[" + ", ".join(map(str, range(50))) + ", ...]"


@pytest.mark.parametrize(
    ("value", "cap", "small"),
    [
        ("abc", 4, True),
        ("abc", 3, False),
        (["a", "b"], 5, True),
        (["a", "b"], 4, False),
        ({"k": "ab"}, 4, True),
        ({"k": "ab"}, 3, False),
        (OrderedSet([1, 2, 3]), 3, False),
        ((1, 2), 3, True),
    ],
)
def test_a_value_is_small_when_its_items_and_characters_fit(
    value: Any, cap: int, small: bool
) -> None:
    assert _is_small(value, cap) is small
