"""Message rendering near its length limit: the room left for each value counts every piece
of text and every value before it, and a huge decimal in a small room keeps its exponent.

Written against the mutants of ``jxrules.rules.templates`` that survived the tests of
tests/rules (docs/testing.md, *Mutation testing*).
"""

from __future__ import annotations

from decimal import Decimal

from jxrules.rules.templates import render


def test_the_room_for_a_value_counts_the_text_and_values_before_it() -> None:
    """Five characters are left for the last value: 1E+10 fits as written, not as 11 digits."""
    template = "A" * 5 + "{p}" + "B" * 5 + "{a}"
    rendered = render(template, {"p": "x" * 3985, "a": Decimal("1E+10")})
    assert rendered == "A" * 5 + "x" * 3985 + "B" * 5 + "1E+10"


def test_a_huge_decimal_in_a_small_room_prints_with_its_exponent() -> None:
    """Written out, 1E+50 is 51 digits: more than the ten characters left, so it stays short."""
    assert render("x" * 3990 + "{a}", {"a": Decimal("1E+50")}) == "x" * 3990 + "1E+50"
    assert render("{a}", {"a": Decimal("1E+50")}) == "1" + "0" * 50
