"""A deadline read without a year takes the calendar of the year it is judged in."""

from __future__ import annotations


def test_a_yearless_end_of_february_takes_the_years_own_last_day() -> None:
    """``2月底`` read without a year is 29 February (it may be a leap year); in 2023 it is the
    28th, in 2024 the 29th — never a date the calendar does not have."""
    from jxrules.quantities.deadlines import read

    found = read("2月底前")
    assert found is not None
    span, _ = found
    assert span.last == (0, 2, 29)
    assert span.with_year(2023).last == (2023, 2, 28)
    assert span.with_year(2024).last == (2024, 2, 29)
    assert span.with_year(2023).label(end=True) == "2023年2月28日"
