"""How far around a date a word makes it a lower bound ("not before") instead of a deadline.

Written against the mutants mutmut found surviving in ``jxrules.quantities.deadlines``
(docs/testing.md, issue #25): ``read`` looks at the 4 characters before the date and the 3
after it for ``起``, ``后``, ``之后``, ``≥`` ….  A word further away belongs to the rest of the
sentence (起草方案, 完成后验收), not to the date.
"""

from __future__ import annotations

import pytest

from jxrules.quantities.deadlines import DateVerdict, Span, compare_dates, read

END_2023 = Span((2023, 12, 31), (2023, 12, 31), "2023年12月底")
LAST_DAY_2023 = Span((2023, 12, 31), (2023, 12, 31), "2023年12月31日")


@pytest.mark.parametrize(
    ("text", "span", "deadline"),
    [
        # 起 4 characters before the date: inside the window, "from" the date on
        ("起方案，2023年12月底前报送", END_2023, False),
        # 起 5 characters before: part of 起草, outside the window, still a deadline
        ("起草方案，2023年12月底前报送", END_2023, True),
        # 后 3 characters after the date: inside the window
        ("2023年12月31日前完后验收", LAST_DAY_2023, False),
        # 后 4 characters after: part of 完成后验收, outside the window
        ("2023年12月31日前完成后验收", LAST_DAY_2023, True),
    ],
)
def test_only_a_word_next_to_the_date_makes_it_a_lower_bound(
    text: str, span: Span, deadline: bool
) -> None:
    assert read(text) == (span, deadline)


DONE_20 = Span((2023, 12, 20), (2023, 12, 20), "2023年12月20日")


@pytest.mark.parametrize(
    ("target", "verdict"),
    [
        ("起草方案，2023年12月底前报送", DateVerdict("met", END_2023, DONE_20)),
        ("2023年12月31日前完成后验收", DateVerdict("met", LAST_DAY_2023, DONE_20)),
        ("起方案，2023年12月底前报送", None),
        ("2023年12月31日前完后验收", None),
    ],
)
def test_a_target_whose_date_is_a_lower_bound_is_no_deadline(
    target: str, verdict: DateVerdict | None
) -> None:
    assert compare_dates(target, "2023年12月20日") == verdict
