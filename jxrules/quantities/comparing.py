"""Comparing an actual with its target, clause by clause, with the statutory reading of bounds."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal, DecimalException
from typing import Literal

from jxrules.quantities.deadlines import compare_dates
from jxrules.quantities.values import (
    _BLANK,
    _DIGITS,
    _HAS_DIGIT,
    Clause,
    ClauseVerdict,
    Missing,
    Outcome,
    Qualitative,
    Reading,
    Unreadable,
    Verdict,
)

_Bound = tuple[Decimal | None, bool]  # (value or None for infinity, inclusive)


def _interval(comparator: str | None, low: Decimal, high: Decimal | None) -> tuple[_Bound, _Bound]:
    if comparator == "≥":
        return (low, True), (None, False)
    if comparator == ">":
        return (low, False), (None, False)
    if comparator == "≤":
        return (None, False), (low, True)
    if comparator == "<":
        return (None, False), (low, False)
    if comparator == "range" and high is not None:
        return (min(low, high), True), (max(low, high), True)
    return (low, True), (low, True)


def _contains(outer: tuple[_Bound, _Bound], inner: tuple[_Bound, _Bound]) -> bool:
    (olo, olo_in), (ohi, ohi_in) = outer
    (ilo, ilo_in), (ihi, ihi_in) = inner
    low_ok = olo is None or (
        ilo is not None and (ilo > olo or (ilo == olo and (olo_in or not ilo_in)))
    )
    high_ok = ohi is None or (
        ihi is not None and (ihi < ohi or (ihi == ohi and (ohi_in or not ihi_in)))
    )
    return low_ok and high_ok


def _disjoint(a: tuple[_Bound, _Bound], b: tuple[_Bound, _Bound]) -> bool:
    def apart(high: _Bound, low: _Bound) -> bool:
        if high[0] is None or low[0] is None:
            return False
        return high[0] < low[0] or (high[0] == low[0] and not (high[1] and low[1]))

    return apart(a[1], b[0]) or apart(b[1], a[0])


_RATIO_PLACES = Decimal("0.0001")


def ratio(actual: Decimal, bound: Decimal) -> Decimal | None:
    """``actual ÷ bound`` rounded half-up to 4 decimals; ``None`` unless ``bound`` > 0."""
    if bound <= 0:
        return None
    try:
        return (actual / bound).quantize(_RATIO_PLACES, rounding=ROUND_HALF_UP).normalize()
    except DecimalException:  # too large to show with 4 decimals
        return None


def _effective(target: Clause, lower: bool) -> tuple[str, bool]:
    """The comparator applied and the direction used."""
    if target.comparator in ("≥", ">"):
        return target.comparator, False
    if target.comparator in ("≤", "<"):
        return target.comparator, True
    if target.comparator == "=":
        return "=", lower
    return ("≤" if lower else "≥"), lower


def compare_clause(target: Clause, actual: Clause | None, lower: bool) -> ClauseVerdict:
    """Compare one target clause with its actual clause."""
    if actual is None:
        return ClauseVerdict(
            "unreadable", target, None, reason=f"实际值中没有与“{target.text}”对应的数字"
        )
    if target.unit and actual.unit and target.unit != actual.unit:
        return ClauseVerdict("unit_mismatch", target, actual, lower_is_better=lower)
    # a side printed without any unit is meant in the other side's unit (万元 column, bare actual)
    t_scale = actual.scale if not target.printed_unit and actual.unit else target.scale
    a_scale = target.scale if not actual.printed_unit and target.unit else actual.scale
    comparator, lower = _effective(target, lower)
    if actual.comparator is None and target.comparator != "range":
        return _against_point(target, actual, comparator, lower, t_scale, a_scale)
    top = target.value if target.upper is None else target.upper
    low, high = target.value * t_scale, top * t_scale
    if target.comparator == "range":
        wanted = _interval("≤" if lower else "≥", high if lower else low, None)
    else:
        wanted = _interval(comparator, low, None)
    a_low = actual.value * a_scale
    a_high = None if actual.upper is None else actual.upper * a_scale
    have = _interval(actual.comparator, a_low, a_high)
    if _contains(wanted, have):
        outcome: Literal["met", "missed", "unit_mismatch", "unreadable"] = "met"
    elif _disjoint(wanted, have):
        outcome = "missed"
    else:
        return ClauseVerdict(
            "unreadable",
            target,
            actual,
            comparator,
            lower_is_better=lower,
            reason=f"实际值“{actual.text}”无法判断是否满足目标“{target.text}”",
        )
    if target.comparator == "range" and not lower and outcome == "met":
        bound = high
    elif target.comparator == "range":
        bound = high if lower else low
    else:
        bound = low
    return _decided(outcome, target, actual, comparator, lower, bound, a_low, t_scale)


def _against_point(
    target: Clause, actual: Clause, comparator: str, lower: bool, t_scale: Decimal, a_scale: Decimal
) -> ClauseVerdict:
    """A bare actual (the common case) against a one-sided or exact target: met or missed."""
    low = target.value * t_scale
    have = actual.value * a_scale
    outcome: Literal["met", "missed"] = "met" if _holds(comparator, have, low) else "missed"
    return _decided(outcome, target, actual, comparator, lower, low, have, t_scale)


def _holds(comparator: str, have: Decimal, bound: Decimal) -> bool:
    """``have comparator bound`` (``=`` for anything but the four inequalities)."""
    if comparator == "≥":
        return have >= bound
    if comparator == ">":
        return have > bound
    if comparator == "≤":
        return have <= bound
    if comparator == "<":
        return have < bound
    return have == bound


def _decided(
    outcome: Literal["met", "missed", "unit_mismatch", "unreadable"],
    target: Clause,
    actual: Clause,
    comparator: str,
    lower: bool,
    bound: Decimal,
    have: Decimal,
    t_scale: Decimal,
) -> ClauseVerdict:
    """A met or missed clause, its figures in the target's printed unit (both scaled by it)."""
    return ClauseVerdict(  # positional: the keywords cost as much as the work (once per row)
        outcome,
        target,
        actual,
        comparator,
        bound / t_scale,  # bound
        have / t_scale,  # actual_value
        ratio(have, bound),
        lower,  # lower_is_better
    )


def pair_clauses(
    targets: Sequence[Clause], actuals: Sequence[Clause]
) -> list[tuple[Clause, Clause | None]]:
    """Pair target and actual clauses: by subject, then by order, then by unit."""
    if len(targets) == 1 and len(actuals) == 1:
        return [(targets[0], actuals[0])]
    chosen: dict[int, int] = {}
    for i, target in enumerate(targets):
        for j, actual in enumerate(actuals):
            if target.subject and j not in chosen.values() and actual.subject == target.subject:
                chosen[i] = j
                break
    left_t = [i for i in range(len(targets)) if i not in chosen]
    left_a = [j for j in range(len(actuals)) if j not in chosen.values()]
    if len(left_t) == len(left_a):
        chosen.update(zip(left_t, left_a, strict=True))
    else:  # first each target to an actual in its own unit, then the rest in order
        for i in left_t:
            free = [j for j in range(len(actuals)) if j not in chosen.values()]
            same = [j for j in free if actuals[j].unit == targets[i].unit]
            if same:
                chosen[i] = same[0]
        for i in left_t:
            free = [j for j in range(len(actuals)) if j not in chosen.values()]
            if i not in chosen and free:
                chosen[i] = free[0]
    return [(t, actuals[chosen[i]] if i in chosen else None) for i, t in enumerate(targets)]


def _why(side: str, reading: Unreadable) -> str:
    if not reading.text.strip():
        return f"{side}为空"
    if isinstance(reading, Missing) and reading.reason == _BLANK:
        return f"{side}为“{reading.text.strip()}”，未填写"
    return f"{side}“{reading.text}”{reading.reason}"


_PRIORITY: tuple[Outcome, ...] = ("missed", "unit_mismatch", "unreadable")


def _dated(actual: Reading) -> bool:
    """An actual that may hold a date (``2022年11月``, ``已于11月底完成``, ``2022.11``)."""
    return _HAS_DIGIT.search(actual.text.translate(_DIGITS)) is not None


def compare(
    target: Reading, actual: Reading, lower_is_better: bool, *, year: int | None = None
) -> Verdict:
    """Compare a target with an actual; ``lower_is_better`` applies to bare targets.

    A missing actual (:class:`Missing`) is ``unreadable`` with ``missing`` set, never
    met or missed.  A deadline target (``12月底前``) against an actual date is compared
    by :mod:`jxrules.quantities.deadlines` (``dates``); ``year`` is the report's fiscal year, for
    dates printed without one.
    """
    if isinstance(target, Unreadable):
        return Verdict("unreadable", reason=_why("目标值", target), side="target")
    if isinstance(actual, Missing):
        return Verdict("unreadable", reason=_why("实际值", actual), side="actual", missing=True)
    if isinstance(target, Qualitative):
        dates = compare_dates(target.text, actual.text, year) if _dated(actual) else None
        if dates is None:
            return Verdict("qualitative", reason=target.reason)
        return Verdict(dates.outcome, reason=dates.reason, side="actual", dates=dates)
    if isinstance(actual, Unreadable):
        return Verdict("unreadable", reason=_why("实际值", actual), side="actual")
    if isinstance(actual, Qualitative):
        reason = f"目标为数量“{target.text}”，实际值“{actual.text}”不是数量"
        return Verdict("unreadable", reason=reason, side="actual")
    pairs = pair_clauses(target.clauses, actual.clauses)
    if len(pairs) == 1:
        only = compare_clause(pairs[0][0], pairs[0][1], lower_is_better)
        if only.outcome == "met":
            return Verdict("met", (only,))
        return Verdict(only.outcome, (only,), only.reason, "actual" if only.reason else "")
    verdicts = tuple(compare_clause(t, a, lower_is_better) for t, a in pairs)
    for outcome in _PRIORITY:
        found = [v for v in verdicts if v.outcome == outcome]
        if found:
            return Verdict(outcome, verdicts, found[0].reason, "actual" if found[0].reason else "")
    return Verdict("met", verdicts)
