"""# `target` — actual value against target

## What it checks

Every row of the indicator table: its 实际完成值 (`actual`) against its
年度指标值 / 年初申报指标值 (`target`), read by [jxrules.quantities](../quantities.md)
— comparator-aware (`以上` includes the bound, `超过` excludes it), unit-aware
(`14,800万元` < `1.5亿元`), direction-aware (a bare target on `投诉率` is a
ceiling), clause by clause in compound cells.

The reading and comparison is done once per report and shared by every
`target` rule; each rule reports **one outcome**, chosen with `find`:

| `find` | finding when | typical severity |
| --- | --- | --- |
| `missed` (default) | the actual misses the target | error |
| `missed_full_marks` | missed, yet 得分 ≥ 分值 | warning |
| `unit_mismatch` | target and actual in different unit words (`500 名` vs `500 人次`); they are **not** compared | warning |
| `far_above` | met, higher-is-better, and actual ≥ `far_above_ratio` × target (目标值设定偏低) | info |
| `unreadable` | the target or actual is neither a quantity nor qualitative, or the two cannot be compared | warning |
| `missing` | the actual is missing: empty, `/`, `—`, `无` (`blanks`), or still the form's instruction text (`请填写…`, `说明…（100字以内）`; `placeholders`) — never `met` or `missed`, and not `unreadable` | warning |

A deadline target (`2023年12月`, `12月底前`, `2023年12月31日前`) is compared as a
date, never as "higher is better": an actual date on or before it (`2023年11月`,
`已于11月底完成`) is met, a later one (`2024年1月`) is `missed` with both dates in
the evidence, one that may be either (`12月` against `12月20日前`) is `unreadable`
(see [layouts](../layouts.md#dates-and-deadlines)). Other qualitative targets
(`有效提升`, `持续改善`, `按期完成`, `在项目计划完成时间内完成`) give no finding.
A compound cell gives at most one finding per rule, for its first clause with
that outcome (`far_above`: its clause with the largest ratio).

Rows sharing one merged 得分 cell (`score_group`: the score is the group's, stated
on its first row) are judged by `missed_full_marks` with the **group's** 分值 and
得分: a missed row in a group scored at full marks is a finding on that row, as a
reviewer reads the merged cell. A `其中：…` row (`parent` set) is judged as printed:
by its own 分值/得分 when the form gives it some, else not by `missed_full_marks`.

## Why it matters

A target missed but reported (and scored) as met is the most common defect of a
self-evaluation; a target exceeded several times over suggests the target was
set too low, which the evaluation guidance asks reviewers to look at; a missed
target with full marks contradicts the scoring rule (分值 × 实际 ÷ 目标).

## Fields

| field | default | meaning |
| --- | --- | --- |
| `find` | `missed` | the outcome this rule reports (table above) |
| `lower_is_better` | the data file's list | indicator name heads (the end of the name) meaning lower is better; replaces the default list |
| `far_above_ratio` | `2` | with `find: far_above`: the ratio actual ÷ target from which a finding is made (inclusive); a number, or `params.NAME` to read it from the ruleset's params (a later year or a province then changes the param, not the rule) |
| `where` | — | an expression over `item` (the indicator row: `item.name`, `item.level1`, `item.level2`, `item.target`, `item.actual`, `item.points`, `item.score`, `item.row`) and the report's names; only rows for which it is true are checked (it is evaluated only on a report where some row shows what the rule finds, so a `where` that breaks is reported there) |
| `vocabulary` | — | words added to `jxrules/data/quantities.yaml` for this rule (see [quantities](../quantities.md#extending-the-word-lists)) |

Plus the fields every rule has (`id`, `severity`, `message`, `message_en`,
`when`, `title`, `rationale`, `description`).

## Location and evidence

Location: `{table: indicators, row, name, column: actual}` (`column: target`
when the target is what cannot be read).

Message variables and evidence (all evidence values are strings as computed):

| key | outcomes | meaning |
| --- | --- | --- |
| `target`, `actual` | all | the cells as printed |
| `name`, `row`, `table`, `column` | all | the location |
| `target_clause`, `actual_clause` | all (message); evidence only for compound cells | the clause compared (the whole cell when it has one clause) |
| `target_value`, `actual_value`, `unit` | missed, missed_full_marks, far_above | the figures compared, both in the target's printed unit (`1.5` and `1.48` 亿元); for a deadline the two dates (`2022年12月31日`, `2023年1月`) and `unit` empty |
| `comparator` | missed, missed_full_marks, far_above | the comparator applied (`≥` for a bare target, `≤` when lower is better or for a deadline) |
| `ratio` | missed, missed_full_marks, far_above | actual ÷ target, 4 decimals, half-up (none for a deadline) |
| `direction` | missed, missed_full_marks, far_above | `higher` or `lower` (is better); `earlier` for a deadline |
| `points`, `score` | missed_full_marks | 分值 and 得分 (a score group's, for a row in one) |
| `far_above_ratio` | far_above | the rule's ratio |
| `target_unit`, `actual_unit` | unit_mismatch | the printed unit words |
| `reason` | unreadable, missing | why, quoting the text (`实际值“已完成”…`, `实际值为空`, `实际值为“/”，未填写`, `实际值“请填写”是表格的填写说明，未填写`) |

## Example

```yaml
# ruleset-example
id: local/target-demo
title: 指标目标规则示例
version: "1"
applies_to: {kind: department_overall, fiscal_years: [2022]}
rules:
  - id: indicator-target-met
    check: target
    severity: error
    find: missed
    message: 指标“{name}”未完成：目标 {target}，实际 {actual}
    message_en: Indicator “{name}” missed its target {target}; actual {actual}

  - id: indicator-unit-mismatch
    check: target
    severity: warning
    find: unit_mismatch
    message: 指标“{name}”的目标值与实际完成值单位不同（目标 {target}，实际 {actual}），未作比较

  - id: indicator-target-too-low
    check: target
    severity: info
    find: far_above
    far_above_ratio: 2
    where: "item.level2 != '满意度指标'"
    message: 指标“{name}”实际完成 {actual_clause}，为目标 {target_clause} 的 {ratio} 倍，目标值设定可能偏低

  - id: indicator-value-unreadable
    check: target
    severity: warning
    find: unreadable
    message: 指标“{name}”的目标值与实际完成值无法比较：{reason}

  - id: indicator-value-missing
    check: target
    severity: warning
    find: missing
    where: "item.name not in ['合计', '小计', '总计']"
    message: 指标“{name}”的实际完成值缺失（{reason}），无法判断是否完成
```

On `examples/jiangmen-2022-dept-overall.yaml` the first rule finds rows 4, 5, 8
and 9; row 6 (`2-3家` → `4家`), row 12 (three clauses, all met) and row 28
(`90%以上` → `90%`) are met. One finding:

```json
{
  "rule": "indicator-target-met",
  "check": "target",
  "severity": "error",
  "message": "指标“5G公共服务平台数量”未完成：目标 2个，实际 1个",
  "location": {"table": "indicators", "row": "9", "name": "5G公共服务平台数量", "column": "actual"},
  "evidence": {"target": "2个", "actual": "1个", "target_value": "2", "actual_value": "1",
               "unit": "个", "comparator": "≥", "direction": "higher", "ratio": "0.5"}
}
```

The `far_above` rule (ratio 2) finds rows 1 (510/200 = 2.55), 12 (72亿/10亿 = 7.2),
17 and 22 (486/170 = 2.8588), 19 and 24 (118/30 = 3.9333).
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
from jxrules.model import Indicator, Num
from jxrules.quantities import (
    VOCABULARY_SCHEMA,
    ClauseVerdict,
    Verdict,
    Vocabulary,
    compare,
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
        vocabulary = spec.vocabulary()
        try:
            ratio = parse_decimal(spec.setting("far_above_ratio", 2))
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
        report = context.report
        verdicts, index = report_verdicts(config, context)
        rows = _candidates(index, config.find)
        if not rows:
            return  # nothing to report: no need to know which rows ``where`` keeps
        mask = None if config.where is None else context.where_mask(config.where)
        groups = (
            context.memo(("score-groups",), lambda: group_marks(report.indicators))
            if config.find == "missed_full_marks"
            else {}
        )
        for row in rows:
            if mask is None or mask[row]:
                indicator, verdict = verdicts[row]
                yield from _issues(config, indicator, verdict, groups)


#: Which outcomes a row must show (overall, in a clause, or as a date) to yield each ``find``.
_LOOKS_AT: Mapping[str, tuple[str, ...]] = {
    "missed": ("missed", "dates"),
    "missed_full_marks": ("missed", "dates"),
    "far_above": ("met",),
    "unit_mismatch": ("unit_mismatch",),
    "unreadable": ("unreadable", "dates"),
    "missing": ("missing",),
}


def report_verdicts(
    config: TargetRule, context: Context
) -> tuple[list[tuple[Indicator, Verdict]], dict[str, list[int]]]:
    """The report's verdicts and their :func:`_indexed` rows, once per report and vocabulary:
    every rule that judges the indicators (``target``, ``score``) shares them, where
    :func:`_verdict`'s cache would hold only the last 8,192 rows of a big table."""
    report = context.report
    key = ("target", id(config.vocabulary), config.heads)
    found: tuple[list[tuple[Indicator, Verdict]], dict[str, list[int]]] = context.memo(
        key, lambda: _indexed(verdicts_of(report.indicators, config, year=report.fiscal_year))
    )
    return found


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


def group_marks(indicators: Iterable[Indicator]) -> dict[str, tuple[Num | None, Num | None]]:
    """Each score group's 分值 and 得分 (rows sharing one merged 得分 cell, by ``score_group``).

    The merged cells are stated on the group's first row only; a 分值 printed on each row
    of the group (not merged) adds up to the group's.
    """
    rows: dict[str, list[Indicator]] = {}
    for indicator in indicators:
        if indicator.score_group is not None:
            rows.setdefault(indicator.score_group, []).append(indicator)
    return {
        label: (_sum([r.points for r in members]), _sum([r.score for r in members]))
        for label, members in rows.items()
        if len(members) > 1
    }


def _sum(cells: list[Num | None]) -> Num | None:
    stated = [c for c in cells if c is not None and c.value is not None]
    if len(stated) == 1:
        return stated[0]
    if not stated:
        return None
    return Num.of(sum((c.value for c in stated if c.value is not None), Decimal(0)))


def _issues(
    config: TargetRule,
    row: Indicator,
    verdict: Verdict,
    groups: Mapping[str, tuple[Num | None, Num | None]],
) -> Iterator[Issue]:
    find = config.find
    if find == "missing":
        if verdict.missing:
            yield _issue(row, _reason(row, verdict.reason), "actual")
        return
    if verdict.dates is not None:
        yield from _date_issues(config, row, verdict.dates, groups)
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
        if find == "missed_full_marks" and not _full_marks(row, evidence, groups):
            return
        yield _issue(row, evidence, "actual", clause)


def _date_issues(
    config: TargetRule,
    row: Indicator,
    dates: DateVerdict,
    groups: Mapping[str, tuple[Num | None, Num | None]],
) -> Iterator[Issue]:
    """A deadline (``12月底前``) against an actual date: ``missed``/``unreadable`` findings."""
    if config.find == "unreadable" and dates.outcome == "unreadable":
        yield _issue(row, _reason(row, dates.reason), "actual")
    if config.find not in ("missed", "missed_full_marks") or dates.outcome != "missed":
        return
    evidence = {"target": row.target, "actual": row.actual, **dates.evidence()}
    if config.find == "missed_full_marks" and not _full_marks(row, evidence, groups):
        return
    yield _issue(row, evidence, "actual")


def _full_marks(
    row: Indicator,
    evidence: dict[str, str],
    groups: Mapping[str, tuple[Num | None, Num | None]],
) -> bool:
    """得分 ≥ 分值 (both stated; a grouped row's are its group's); adds them to ``evidence``."""
    cells = groups.get(row.score_group or "", (row.points, row.score))
    points = None if cells[0] is None else cells[0].value
    score = None if cells[1] is None else cells[1].value
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
