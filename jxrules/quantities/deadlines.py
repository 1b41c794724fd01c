"""Dates and deadlines in targets and actuals: ``2023年12月``, ``12月底前``, ``已于11月底完成``.

A 时效指标 target that is a date is a deadline: the work is to be done *by*
then.  An actual date on or before it meets it, a later one misses it (never
"higher is better").  Each printed date is read as the span of days it may
mean — ``2023年12月`` is 1–31 December 2023, ``12月底`` is 31 December,
``12月上旬`` is 1–10 December — and, as for numbers, the target is met when
every day the actual allows is on or before the deadline (the target's last
day), missed when none is, and otherwise not decided::

    compare_dates("2023年12月31日前", "2023年12月20日")   # met
    compare_dates("12月底前", "2024年1月", year=2023)      # missed: 2024年1月 after 2023年12月31日
    compare_dates("12月20日前", "12月")                    # unreadable: December may be either

A date printed without a year takes, for the target, the report's fiscal year
(an annual target is for the year evaluated), else the actual's; for the
actual, the target's year, else the fiscal year.  A yearless date after a
dated one in the same cell takes that date's year.  Texts without a date
(``按期完成``, ``在项目计划完成时间内完成``) are not deadlines: ``read`` gives
``None`` and nothing is compared.
"""

from __future__ import annotations

import calendar
import re
from typing import Literal

from attrs import frozen

#: A day as (year, month, day); year 0 when unknown (then only month and day compare).
Day = tuple[int, int, int]

_DIGITS = str.maketrans("０１２３４５６７８９．／－", "0123456789./-")
_YEAR = r"(?:19|20)\d{2}"
_DATE = re.compile(
    rf"(?<!\d)(?P<iy>{_YEAR})[-./](?P<im>\d{{1,2}})(?:[-./](?P<id>\d{{1,2}}))?(?![\d%])"
    rf"|(?:(?P<y>{_YEAR})\s*年度?\s*)?(?<!\d)(?P<m>\d{{1,2}})\s*月份?\s*"
    r"(?:(?P<d>\d{1,2})\s*[日号]|(?P<part>底|末|初|上旬|中旬|下旬))?"
    rf"|(?<!\d)(?P<oy>{_YEAR})\s*年度?\s*(?P<ypart>底|末|初|上半年|下半年)?"
)
#: Words before or after a date that make it a lower bound ("not before"): not a deadline.
_AFTER = re.compile(r"[≥>＞≧]|不早于|之后|以后|后(?!前)|起")
#: Parts of a month or year -> (first day, last day); 0 is the month's last day.
_MONTH_PARTS = {"底": (0, 0), "末": (0, 0), "初": (1, 10), "上旬": (1, 10)}
_MONTH_PARTS |= {"中旬": (11, 20), "下旬": (21, 0)}
_YEAR_PARTS = {"底": ((12, 31), (12, 31)), "末": ((12, 31), (12, 31)), "初": ((1, 1), (1, 31))}
_YEAR_PARTS |= {"上半年": ((1, 1), (6, 30)), "下半年": ((7, 1), (12, 31))}


@frozen
class Span:
    """The days a printed date may mean, first to last (year 0: not printed)."""

    first: Day
    last: Day
    text: str

    @property
    def year(self) -> int:
        return self.first[0]

    def with_year(self, year: int) -> Span:
        """The span in ``year`` (a span read without one: ``2月底``, ``12月上旬``); a 29
        February that year lacks becomes its 28th."""
        if self.year or not year:
            return self

        def dated(month: int, day: int) -> Day:
            return _day(year, month, min(day, _month_end(year, month)) if day else 0)

        return Span(dated(*self.first[1:]), dated(*self.last[1:]), self.text)

    def label(self, end: bool = False) -> str:
        """``2023年12月`` / ``2023年12月31日`` / ``12月``; ``end``: the last day only."""
        first, last = (self.last, self.last) if end else (self.first, self.last)
        year = f"{first[0]}年" if first[0] else ""
        if first == last:
            return f"{year}{first[1]}月{first[2]}日"
        if first[1:] == (1, 1) and last[1:] == (12, 31) and first[0] == last[0]:
            return year or "全年"
        if first[1] == last[1] and first[2] == 1 and last[2] == _month_end(last[0], last[1]):
            return f"{year}{first[1]}月"
        return f"{self.label_day(first)}至{self.label_day(last)}"

    @staticmethod
    def label_day(day: Day) -> str:
        return f"{day[0]}年{day[1]}月{day[2]}日" if day[0] else f"{day[1]}月{day[2]}日"


@frozen
class DateVerdict:
    """A deadline compared with an actual date."""

    outcome: Literal["met", "missed", "unreadable"]
    target: Span
    actual: Span
    reason: str = ""

    def evidence(self) -> dict[str, str]:
        """The figures compared, as the ``target`` check's evidence: both dates."""
        return {
            "target_value": self.target.label(end=True),
            "actual_value": self.actual.label(),
            "unit": "",
            "comparator": "≤",
            "direction": "earlier",
        }


def _month_end(year: int, month: int) -> int:
    return calendar.monthrange(year or 2000, month)[1]  # no year: 29 February is allowed


def _day(year: int, month: int, day: int) -> Day:
    return (year, month, _month_end(year, month) if day == 0 else min(day, 31))


def _span(match: re.Match[str], year: int) -> Span | None:
    g = match.groupdict()
    text = match.group(0).strip()
    if g["oy"]:
        y = int(g["oy"])
        first, last = _YEAR_PARTS.get(g["ypart"] or "", ((1, 1), (12, 31)))
        return Span((y, *first), (y, *last), text)
    y = int(g["iy"] or g["y"] or 0) or year
    month = int(g["im"] or g["m"])
    if not 1 <= month <= 12:
        return None
    day = g["id"] or g["d"]
    if day is not None:
        if not 1 <= int(day) <= _month_end(y, month):
            return None
        lo = hi = int(day)
    else:
        lo, hi = _MONTH_PARTS.get(g["part"] or "", (1, 0))
    return Span(_day(y, month, lo), _day(y, month, hi), text)


def read(text: str) -> tuple[Span, bool] | None:
    """The last date printed in ``text`` and whether it reads as a deadline (not "after")."""
    flat = text.translate(_DIGITS)
    found: Span | None = None
    year, start, end = 0, 0, 0
    for match in _DATE.finditer(flat):
        span = _span(match, year)
        if span is not None:
            found, year, start, end = span, span.year or year, match.start(), match.end()
    if found is None:
        return None
    around = flat[max(0, start - 4) : start] + flat[end : end + 3]
    return found, _AFTER.search(around) is None


def _key(day: Day, yearless: bool) -> Day:
    return (0, *day[1:]) if yearless else day


def compare_dates(target: str, actual: str, year: int | None = None) -> DateVerdict | None:
    """A deadline target against an actual date; ``None`` when either is no date."""
    deadline, done = read(target), read(actual)
    if deadline is None or done is None or not deadline[1]:
        return None
    want, have = deadline[0], done[0]
    want = want.with_year(year or have.year)
    have = have.with_year(want.year or year or 0)
    yearless = not (want.year and have.year)
    bound = _key(want.last, yearless)
    first, last = _key(have.first, yearless), _key(have.last, yearless)
    if last <= bound:
        return DateVerdict("met", want, have)
    if first > bound:
        return DateVerdict("missed", want, have)
    reason = f"实际日期“{have.text}”无法判断是否不晚于期限 {want.label(end=True)}"
    return DateVerdict("unreadable", want, have, reason)
