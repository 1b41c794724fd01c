"""``crossref`` compares figures of more than 28 digits exactly: scaled from one unit to
the other, rounded to the stated figure's printed decimals and subtracted in a context of 100
digits, not Python's default 28 (which made a figure and the same figure in 元 differ by 99,
and the rounding of a long figure a broken rule).

A real bug found while triaging the mutant ``crossref._outcome`` 25 (docs/testing.md): this
file fails on the code before the fix.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.checks.test_kill_crossref_sides import _found, _rule

BIG = "1234567890123456789012345678901"  # 31 digits: more than the default context keeps


@pytest.mark.parametrize(
    ("stated", "against", "extra", "messages"),
    [
        (f"{{expression: '{BIG}'}}", f"{{expression: '{BIG}'}}", "", []),
        (f"{{expression: '{BIG}'}}", f"{{expression: '{BIG[:-1]}2'}}", "", ["-1"]),
        (f"{{expression: '{BIG}'}}", "{expression: '2'}", "", [str(int(BIG) - 2)]),
        (f"{{expression: '{BIG}', unit: 万元}}", f"{{expression: '{BIG}0000', unit: 元}}", "", []),
        (
            f"{{expression: '{BIG}', unit: 万元}}",
            f"{{expression: '{BIG}4000', unit: 元}}",
            "  precision: printed\n",
            [],
        ),
        (
            f"{{expression: '{BIG}', unit: 万元}}",
            f"{{expression: '{BIG}6000', unit: 元}}",
            "  precision: printed\n",
            ["-1"],
        ),
    ],
    ids=["equal", "one-apart", "difference", "scaled", "printed-down", "printed-up"],
)
def test_figures_of_more_than_28_digits_are_compared_exactly(
    tmp_path: Path, stated: str, against: str, extra: str, messages: list[str]
) -> None:
    """Scaled, rounded to the printed decimals and subtracted without the default context's
    28 digits (which made equal figures differ by 99 and a rounding a broken rule)."""
    found = _found(tmp_path, _rule(stated, against, extra))
    assert [(f.check, f.message) for f in found] == [("crossref", m) for m in messages]
