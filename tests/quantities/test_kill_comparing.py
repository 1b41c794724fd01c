"""Which actuals are compared as dates against a deadline target.

Written against the mutants mutmut found surviving in ``jxrules.quantities.comparing``
(docs/testing.md, issue #25).  Only an actual holding a digit 0-9 (full-width ones
included) may be a date.  The date reader itself takes any decimal digit (``\\d``:
``١٢月底`` reads as 12月底), so this test pins that ``compare`` leaves an actual in other
digits qualitative, as it does for the numbers of a quantity.
"""

from __future__ import annotations

import pytest

from jxrules.quantities import Verdict, compare, parse_actual, parse_target
from jxrules.quantities.deadlines import DateVerdict, Span

DEADLINE = Span((2023, 12, 31), (2023, 12, 31), "12月底")


@pytest.mark.parametrize(
    ("actual", "verdict"),
    [
        (
            "１２月底",
            Verdict(
                "met",
                side="actual",
                dates=DateVerdict("met", DEADLINE, Span((2023, 12, 31), (2023, 12, 31), "12月底")),
            ),
        ),
        ("١٢月底", Verdict("qualitative", reason="日期或期限 (a date or deadline)")),
        ("十二月底", Verdict("qualitative", reason="日期或期限 (a date or deadline)")),
    ],
)
def test_only_an_actual_in_digits_0_to_9_is_compared_with_a_deadline(
    actual: str, verdict: Verdict
) -> None:
    assert compare(parse_target("12月底前"), parse_actual(actual), False, year=2023) == verdict
