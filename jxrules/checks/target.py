"""``target`` — each indicator's 实际完成值 against its 年度指标值 (docs/checks/target.md).

Targets and actuals are read by :mod:`jxrules.quantities` (comparators, units,
money scales, ranges, compound cells) once per report and shared by every
``target`` rule; each rule reports one outcome, chosen with ``find``:

``missed`` (default)
    the actual misses the target (``≥10家`` → ``8家``); ``90%以上`` is met by 90%.
``missed_full_marks``
    missed, yet 得分 ≥ 分值 (a missed target should not carry full marks).
``unit_mismatch``
    target and actual in different unit words (``500 名`` vs ``500 人次``): not compared.
``far_above``
    met with actual ≥ ``far_above_ratio`` × target on a higher-is-better
    indicator (目标值设定偏低).
``unreadable``
    target or actual is neither a quantity nor a qualitative text, or the two
    cannot be compared; the evidence ``reason`` quotes the text.
``missing``
    the actual is missing — empty, ``/``, ``—``, ``无``, or still the form's
    instruction text (``请填写…``); never met, never missed, not ``unreadable``.

A deadline target (``2023年12月``, ``12月底前``) is met by an actual date on or
before it and missed by a later one (evidence: both dates); other qualitative
targets (有效提升, 按期完成) give no finding.

Fields: ``find``; ``lower_is_better`` (indicator name heads, default the data
file's list); ``far_above_ratio`` (default 2); ``where`` (an expression over
``item``, the indicator row); ``vocabulary`` (words added to the data file's).

Example::

    - id: indicator-target-met
      check: target
      severity: error
      find: missed
      message: 指标“{name}”未完成：目标 {target}，实际 {actual}
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from functools import lru_cache
from typing import Any, ClassVar

from attrs import frozen

from jxrules.checks.base import CheckKind, Context, Issue, RuleSpec
from jxrules.errors import QuantityError
from jxrules.findings import Location
from jxrules.model import Indicator
from jxrules.quantities import (
    VOCABULARY_SCHEMA,
    ClauseVerdict,
    Verdict,
    Vocabulary,
    compare,
    default_vocabulary,
    is_lower_better,
    parse_actual,
    parse_target,
)
from jxrules.quantities.deadlines import DateVerdict
from jxrules.quantities.decimals import decimal_text, parse_decimal
from jxrules.sandbox import CompiledExpression

_FIGURES = frozenset(
    {"target_value", "actual_value", "unit", "comparator", "ratio", "direction"}
    | {"target_clause", "actual_clause"}
)
#: Evidence keys (and so message variables) of each outcome.
EVIDENCE: Mapping[str, frozenset[str]] = {
    "missed": _FIGURES,
    "missed_full_marks": _FIGURES | {"points", "score"},
    "far_above": _FIGURES | {"far_above_ratio"},
    "unit_mismatch": frozenset({"target_unit", "actual_unit", "target_clause", "actual_clause"}),
    "unreadable": frozenset({"reason"}),
    "missing": frozenset({"reason"}),
}
#: Always available: the cells, the location, and the clause compared (the whole cell when simple).
_COMMON = frozenset(
    {"target", "actual", "table", "row", "name", "column", "target_clause", "actual_clause"}
)


@frozen
class TargetRule:
    find: str
    heads: tuple[str, ...]
    far_above_ratio: Decimal
    where: CompiledExpression | None
    vocabulary: Vocabulary


class TargetKind(CheckKind):
    name = "target"
    rows = "indicators"
    expression_fields = ("where",)
    properties: ClassVar[Mapping[str, Any]] = {
        "find": {"enum": sorted(EVIDENCE), "description": "the outcome this rule reports"},
        "lower_is_better": {"type": "array", "items": {"type": "string", "minLength": 1}},
        "far_above_ratio": {"type": ["number", "string"]},
        "where": {"type": "string", "minLength": 1},
        "vocabulary": VOCABULARY_SCHEMA,
    }
    message_variables = _COMMON.union(*EVIDENCE.values())

    def compile(self, spec: RuleSpec) -> TargetRule:
        try:
            vocabulary = default_vocabulary().extended(spec.fields.get("vocabulary"))
        except QuantityError as exc:
            raise spec.error("vocabulary", f"vocabulary：{exc.message}") from None
        try:
            ratio = parse_decimal(spec.fields.get("far_above_ratio", 2))
        except QuantityError as exc:
            raise spec.error("far_above_ratio", f"far_above_ratio：{exc.message}") from None
        if ratio is None or ratio <= 0:
            raise spec.error("far_above_ratio", "far_above_ratio 必须是正数")
        heads = spec.fields.get("lower_is_better")
        return TargetRule(
            find=spec.fields.get("find", "missed"),
            heads=vocabulary.lower_is_better if heads is None else tuple(heads),
            far_above_ratio=ratio,
            where=spec.expression("where"),
            vocabulary=vocabulary,
        )

    def allows_variable(self, name: str, config: TargetRule) -> bool:
        head = name.split(".")[0]
        return head == "params" or head in _COMMON or head in EVIDENCE[config.find]

    def evaluate(self, config: TargetRule, context: Context) -> Iterable[Issue]:
        key = ("target", id(config.vocabulary), config.heads)
        report = context.report
        verdicts, index = context.memo(
            key, lambda: _indexed(verdicts_of(report.indicators, config, year=report.fiscal_year))
        )
        rows = _candidates(index, config.find)
        if not rows:
            return  # nothing to report: no need to know which rows ``where`` keeps
        mask = None if config.where is None else context.where_mask(config.where)
        for row in rows:
            if mask is None or mask[row]:
                indicator, verdict = verdicts[row]
                yield from _issues(config, indicator, verdict)


#: Which outcomes a row must show (overall, in a clause, or as a date) to yield each ``find``.
_LOOKS_AT: Mapping[str, tuple[str, ...]] = {
    "missed": ("missed", "dates"),
    "missed_full_marks": ("missed", "dates"),
    "far_above": ("met",),
    "unit_mismatch": ("unit_mismatch",),
    "unreadable": ("unreadable", "dates"),
    "missing": ("missing",),
}


def _indexed(
    verdicts: list[tuple[Indicator, Verdict]],
) -> tuple[list[tuple[Indicator, Verdict]], dict[str, list[int]]]:
    """The verdicts, and for each outcome the rows showing it: each rule visits only those."""
    index: dict[str, list[int]] = {}
    for row, (_, verdict) in enumerate(verdicts):
        shown = {verdict.outcome, *verdict.others}
        if verdict.missing:
            shown.add("missing")
        if verdict.dates is not None:
            shown.add("dates")
        for outcome in shown:
            index.setdefault(outcome, []).append(row)
    return verdicts, index


def _candidates(index: Mapping[str, list[int]], find: str) -> list[int]:
    """The rows that may yield ``find``, in table order (no other row can)."""
    lists = [index[outcome] for outcome in _LOOKS_AT[find] if outcome in index]
    if len(lists) == 1:
        return lists[0]
    return sorted({row for rows in lists for row in rows})


def verdicts_of(
    indicators: Iterable[Indicator], config: TargetRule, *, year: int | None = None
) -> list[tuple[Indicator, Verdict]]:
    """Every indicator's verdict (computed once per report, shared by the rules).

    ``year`` (the fiscal year) places deadlines printed without a year (``12月底前``).
    """
    vocab, heads = config.vocabulary, config.heads
    return [
        (row, _verdict(row.target, row.actual, _lower_is_better(row.name, heads), year, vocab))
        for row in indicators
    ]


@lru_cache(maxsize=8192)  # a batch repeats its rows: each distinct one is compared once
def _verdict(target: str, actual: str, lower: bool, year: int | None, vocab: Vocabulary) -> Verdict:
    return compare(parse_target(target, vocab), parse_actual(actual, vocab), lower, year=year)


@lru_cache(maxsize=8192)
def _lower_is_better(name: str, heads: tuple[str, ...]) -> bool:
    return is_lower_better(name, heads)


def _issues(config: TargetRule, row: Indicator, verdict: Verdict) -> Iterator[Issue]:
    find = config.find
    if find == "missing":
        if verdict.missing:
            yield _issue(row, _reason(row, verdict.reason), "actual")
        return
    if verdict.dates is not None:
        yield from _date_issues(config, row, verdict.dates)
        return
    if find == "unreadable":
        if verdict.outcome == "unreadable" and not verdict.clauses and not verdict.missing:
            yield _issue(row, _reason(row, verdict.reason), verdict.side)
        for clause in verdict.having("unreadable")[:1]:
            yield _issue(row, _reason(row, clause.reason), "actual", clause)
        return
    if find == "unit_mismatch":
        for clause in verdict.having("unit_mismatch")[:1]:
            yield _issue(row, _units(row, clause, verdict), "actual", clause)
        return
    if find == "far_above":
        high = [
            c
            for c in verdict.having("met")
            if not c.lower_is_better and _at_least(c, config.far_above_ratio)
        ]
        if high:
            best = max(high, key=lambda c: c.ratio or 0)
            evidence = _figures(row, best, verdict)
            evidence["far_above_ratio"] = decimal_text(config.far_above_ratio)
            yield _issue(row, evidence, "actual", best)
        return
    for clause in verdict.having("missed")[:1]:
        evidence = _figures(row, clause, verdict)
        if find == "missed_full_marks" and not _full_marks(row, evidence):
            return
        yield _issue(row, evidence, "actual", clause)


def _date_issues(config: TargetRule, row: Indicator, dates: DateVerdict) -> Iterator[Issue]:
    """A deadline (``12月底前``) against an actual date: ``missed``/``unreadable`` findings."""
    if config.find == "unreadable" and dates.outcome == "unreadable":
        yield _issue(row, _reason(row, dates.reason), "actual")
    if config.find not in ("missed", "missed_full_marks") or dates.outcome != "missed":
        return
    evidence = {"target": row.target, "actual": row.actual, **dates.evidence()}
    if config.find == "missed_full_marks" and not _full_marks(row, evidence):
        return
    yield _issue(row, evidence, "actual")


def _full_marks(row: Indicator, evidence: dict[str, str]) -> bool:
    """得分 ≥ 分值 (both stated); adds them to ``evidence``."""
    points = None if row.points is None else row.points.value
    score = None if row.score is None else row.score.value
    if points is None or score is None or score < points:
        return False
    evidence.update(points=decimal_text(points), score=decimal_text(score))
    return True


def _at_least(clause: ClauseVerdict, times: Decimal) -> bool:
    """actual ≥ times × target, exactly (the shown ratio is rounded and must not decide)."""
    bound, actual = clause.bound, clause.actual_value
    return bound is not None and actual is not None and bound > 0 and actual >= times * bound


def _issue(
    row: Indicator, evidence: dict[str, str], column: str, clause: ClauseVerdict | None = None
) -> Issue:
    """``evidence`` starts with the row's ``target`` and ``actual``, as every finding's does."""
    where = Location("indicators", row.row, row.name, column, None, row.line)
    if clause is None:
        variables = {"target_clause": row.target, "actual_clause": row.actual}
    else:
        actual = clause.actual
        variables = {
            "target_clause": clause.target.text,
            "actual_clause": "" if actual is None else actual.text,
        }
    return Issue(where, evidence, variables)


def _reason(row: Indicator, reason: str) -> dict[str, str]:
    return {"target": row.target, "actual": row.actual, "reason": reason}


def _figures(row: Indicator, clause: ClauseVerdict, verdict: Verdict) -> dict[str, str]:
    out = {
        "target": row.target,
        "actual": row.actual,
        "target_value": decimal_text(clause.bound),
        "actual_value": decimal_text(clause.actual_value),
        "unit": clause.unit,
        "comparator": clause.comparator,
        "direction": "lower" if clause.lower_is_better else "higher",
    }
    if clause.ratio is not None:
        out["ratio"] = decimal_text(clause.ratio)
    if len(verdict.clauses) > 1:
        _add_clauses(out, clause)
    return out


def _units(row: Indicator, clause: ClauseVerdict, verdict: Verdict) -> dict[str, str]:
    actual = "" if clause.actual is None else clause.actual.printed_unit
    out = {
        "target": row.target,
        "actual": row.actual,
        "target_unit": clause.target.printed_unit,
        "actual_unit": actual,
    }
    if len(verdict.clauses) > 1:
        _add_clauses(out, clause)
    return out


def _add_clauses(evidence: dict[str, str], clause: ClauseVerdict) -> None:
    """The clause texts, for compound cells only."""
    evidence["target_clause"] = clause.target.text
    evidence["actual_clause"] = "" if clause.actual is None else clause.actual.text


KIND = TargetKind()
