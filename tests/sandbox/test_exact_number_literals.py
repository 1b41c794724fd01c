"""A number literal in an expression is the exact Decimal it spells, however many digits it has.

Python reads ``1234567.1234567890123`` as a float (about 17 significant digits); expressions
work in ``decimal.Decimal`` (money is never float), so the literal is read from its text.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from jxrules.sandbox.evaluator import evaluate
from jxrules.sandbox.vet import compile_expression


@pytest.mark.parametrize(
    ("source", "value"),
    [
        ("1234567.1234567890123", Decimal("1234567.1234567890123")),
        ("0.1 + 0.2", Decimal("0.3")),
        ("1_000.000_000_000_000_000_01", Decimal("1000.00000000000000001")),
        ("-2.50", Decimal("-2.50")),
        ("1.5e3", Decimal("1.5E+3")),
        ("98765432109876543210.5 - 98765432109876543210", Decimal("0.5")),
        ("x == 12345678901234567.89", True),
    ],
)
def test_a_literal_keeps_every_digit_it_prints(source: str, value: object) -> None:
    got = evaluate(compile_expression(source), {"x": Decimal("12345678901234567.89")})
    assert got == value
    if isinstance(value, Decimal):
        assert isinstance(got, Decimal)
        assert str(got) == str(value)


def test_a_multi_line_expression_reads_each_literal_from_its_own_line() -> None:
    source = "(1.25 +\n 2.000000000000000000001)"
    assert evaluate(compile_expression(source), {}) == Decimal("3.250000000000000000001")
