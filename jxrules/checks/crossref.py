r"""# `crossref` — the same figure in two places

## What it checks

A figure **stated** in one place — a sentence of the running text, a report
field such as 执行率 or 总分, an indicator's 实际完成值 — against the same
figure **elsewhere** or **computed** from the report:

- the text's "部门收入年初预算 7,013.09 万元" against the income table's 本年收入合计;
- the text's "468 家工业企业获得新升规奖励" against the indicator row 新增“小升规”工业企业数量 (486 家);
- the stated 执行率 against 全年执行数 ÷ 全年预算数, the stated 得分 against
  分值 × 执行率 (at most 分值), the stated 总分 against the sum of the 得分.

Figures are exact decimals read with [jxrules.quantities](../quantities.md), so
units count: `7,013.09 万元` equals a table cell of `70130900.00` in a table
whose unit is 元, and `500 人次` is not compared with `500 名` (a separate
outcome).

Each rule reports **one outcome**, chosen with `find`:

| `find` | finding when | typical severity |
| --- | --- | --- |
| `mismatch` (default) | both figures read, same unit, and they differ by more than `tolerance` | error / warning |
| `unit_mismatch` | the two are in different unit words (`人次` vs `名`); not compared | info |
| `missing` | the stated figure is not there: a `pattern` that matches nothing, an absent field | per rule |
| `unreadable` | a side's text is not a number, or the `against` figure is absent (no such indicator, empty field) | warning |

A `pattern` that matches nothing gives **no** finding except in a `find: missing`
rule (the "required" fact: write a second rule with the same `stated`).

## Why it matters

The text and the tables are written by different people at different times; a
figure that disagrees with itself means one of them is wrong, and reviewers
cannot tell which without the evidence. Computed figures (执行率, 得分, 总分)
drive the grade: a stated rate that is not executed ÷ budget, or a total that is
not the sum of its parts, changes the result of the evaluation.

## Fields

| field | default | meaning |
| --- | --- | --- |
| `find` | `mismatch` | the outcome this rule reports (table above) |
| `stated` | — | the side that states the figure (below) |
| `against` | — | the side it must agree with (below); its first figure is used |
| `pairs` | — | instead of `stated`/`against`: a list of `{label, stated, against}`, each compared the same way (share one list between a `mismatch` and a `unit_mismatch` rule with a YAML anchor) |
| `label` | `""` | a name for the figure, `{label}` in the message |
| `tolerance` | `0` | largest accepted difference, in the stated figure's unit (万元 for `7,013.09 万元`; percentage points for a rate). A difference of 0.01 is a difference |
| `precision` | `exact` | `printed`: the other figure is first rounded (half-up) to the decimals the stated figure is printed with — `73%` agrees with a computed 72.96 % and not with 74.1 %; `difference` is then stated − rounded |
| `location` | derived | `{table, row, name, column, field}` to use instead of the derived location |
| `vocabulary` | — | words added to the quantity word lists (see [quantities](../quantities.md#extending-the-word-lists)) |

A **side** is exactly one of:

| key | the figure | where it came from (`*_from`) |
| --- | --- | --- |
| `pattern` | a regular expression (Python `re`, multi-line) searched in `narrative`; its named group `value` is the figure, read with its unit (`(?P<value>[\d,.]+\s*万元)`); an optional group `unit` supplies the unit. Every match is compared | `narrative line N` |
| `field` | a dotted path in the canonical report (`budget.income.total.initial_budget`); absent or empty means not stated | the path |
| `expression` | a sandboxed [expression](../expressions.md) over the report and `params` (`round(budget.funds.total.executed / budget.funds.total.adjusted_budget * 100, params.rate_decimals)`); may be combined with `field` to name the location | `computed: <expression>` (or the `field`) |
| `indicator` (+ `column`: `actual` (default), `target`, `points`, `score`) | the first indicator row with that name (white space ignored) | `indicators row N actual` |

and may add `unit` (the unit of a bare number: `万元`, `%`, `家`) or `unit_from`
(an expression giving it: `budget.income.unit`).

A pattern is searched in windows of 2,000 characters of the narrative
(`jxrules.sandbox.finditer_bounded`): the matches are those of `re.finditer` for any match
of up to 1,000 characters, and the search stays linear on a hostile 400 KB line whatever the
pattern (docs/security.md).

An `expression` that fails (a missing table, a typo) is a broken rule — an
`engine` finding naming the rule — never a finding about the data; guard with
`when:` (`when: "get(budget, 'funds') != None"`).

## Location and evidence

Location: the `against` side's (`field`, or the indicator row
`{table: indicators, row, name, column}`), else the `stated` side's, else
`{table: narrative}`; `location:` overrides it.

| key | outcomes | meaning |
| --- | --- | --- |
| `stated`, `against` | all but missing | the figures as printed (`7,013.09 万元`, `486 家`) or computed (`92.30%`, `7058.09万元`) |
| `stated_value`, `against_value` | all but missing | the numbers read (`7013.09`) |
| `stated_from`, `against_from` | all | where each came from (`narrative line 55`, `budget.income.total.initial_budget`, `computed: …`, `indicators row 17 actual`) |
| `stated_text` | pattern sides | the whole text matched (`468 家工业企业获得新升规奖励`) |
| `difference`, `unit` | mismatch | stated − against, in the stated figure's unit |
| `stated_unit`, `against_unit` | unit_mismatch | the printed unit words |
| `reason` | unreadable | why |
| `label`, `tolerance` | all (message only) | the pair's label, the rule's tolerance |
| `table`, `row`, `name`, `column`, `field` | all (message only) | the location |

## Example

```yaml
# ruleset-example
id: local/crossref-demo
title: 前后一致性规则示例
version: "1"
applies_to: {kind: department_overall, fiscal_years: [2022]}
rules:
  - id: income-initial-budget-text
    check: crossref
    severity: error
    when: "get(budget, 'income') != None and budget.income.total != None"
    stated: {pattern: '部门收入年初预算\s*(?P<value>[\d,.]+\s*[万亿]?元)'}
    against: {field: budget.income.total.initial_budget, unit_from: budget.income.unit}
    message: 正文所述部门收入年初预算 {stated} 与收入表“本年收入合计”年初预算数 {against} 不一致（相差 {difference}）

  - id: text-count-vs-indicator
    check: crossref
    severity: warning
    pairs: &pairs
      - label: 获得新升规奖励的工业企业
        stated: {pattern: '(?P<value>\d[\d,]*\s*家)工业企业获得新升规奖励'}
        against: {indicator: 新增“小升规”工业企业数量}
      - label: 培训工业互联网人员
        stated: {pattern: '培训工业互联网人员\s*(?P<value>\d[\d,]*\s*[^\d\s，。；、]{1,2})'}
        against: {indicator: 为江门市培养工业互联网、人工智能相关人才数量}
    message: 正文称{label} {stated}，指标“{name}”实际完成值为 {against}（相差 {difference}）

  - id: text-vs-indicator-unit
    check: crossref
    severity: info
    find: unit_mismatch
    pairs: *pairs
    message: 正文称{label} {stated}，指标“{name}”实际完成值为 {against}，计量单位不同

  - id: declared-indicator-count
    check: crossref
    severity: error
    stated: {field: declared.indicator_count}
    against: {expression: len(indicators)}
    message: 正文称绩效指标 {stated} 个，指标表有 {against} 行
```

A project form's computed figures (`params: {rate_decimals: 2, score_decimals: 2}`):

```yaml
- id: funds-execution-rate
  check: crossref
  severity: error
  when: "get(budget, 'funds') != None and budget.funds.total != None and budget.funds.total.adjusted_budget != 0"
  stated: {field: budget.funds.execution_rate, unit: "%"}
  against:
    expression: round(budget.funds.total.executed / budget.funds.total.adjusted_budget * 100, params.rate_decimals)
    unit: "%"
  message: 填报的预算执行率 {stated} 与按全年执行数 ÷ 全年预算数计算的 {against} 不一致（相差 {difference} 个百分点）

- id: total-score
  check: crossref
  severity: error
  when: "total_score != None and get(budget, 'funds') != None"
  stated: {field: total_score.score}
  against: {expression: "sum([i.score for i in indicators]) + (budget.funds.score or 0)"}
  message: 总分 {stated} 与各项得分之和 {against} 不一致（相差 {difference}）
```

On `examples/jiangmen-2022-dept-overall.yaml`:

```json
{
  "rule": "income-initial-budget-text",
  "check": "crossref",
  "severity": "error",
  "message": "正文所述部门收入年初预算 7,013.09 万元 与收入表“本年收入合计”年初预算数 7058.09万元 不一致（相差 -45.00）",
  "location": {"field": "budget.income.total.initial_budget"},
  "evidence": {"stated": "7,013.09 万元", "stated_value": "7013.09", "stated_from": "narrative line 55",
               "stated_text": "部门收入年初预算 7,013.09 万元", "against": "7058.09万元",
               "against_value": "7058.09", "against_from": "budget.income.total.initial_budget",
               "difference": "-45.00", "unit": "万元"}
}
```

and `text-count-vs-indicator` reports 468 家 against 486 家 at row 17
(`difference: "-18"`), `text-vs-indicator-unit` 500 人次 against 500 名 at row 15.
On `examples/demo-2022-project.yaml`, `funds-execution-rate` reports 95.00%
against 92.30% and `total-score` 98.73 against 99.73; the funds score 9.23
(= 10 × 92.30%) agrees.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, ClassVar, NamedTuple

import attrs
from attrs import frozen

from jxrules.checks.base import CheckKind, Context, Issue, RuleSpec
from jxrules.checks.namespace import lookup_path
from jxrules.errors import QuantityError
from jxrules.findings import Location
from jxrules.quantities import (
    VOCABULARY_SCHEMA,
    Target,
    Vocabulary,
    parse_actual,
)
from jxrules.quantities.decimals import EXACT as _EXACT
from jxrules.quantities.decimals import BlankCell, decimal_text, parse_decimal
from jxrules.sandbox import CompiledExpression, evaluate, finditer_bounded
from jxrules.sandbox.vet import regex_problem

_MAX_MATCHES = 1000
_ONE = Decimal(1)
_PATH = re.compile(r"^[A-Za-z_]\w*(?:\.\w+)*$")
_SIDE_KINDS = ("pattern", "field", "expression", "indicator")
_SIDE: Mapping[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "pattern": {"type": "string", "minLength": 1, "maxLength": 2000},
        "field": {"type": "string", "pattern": _PATH.pattern},
        "expression": {"type": "string", "minLength": 1},
        "indicator": {"type": "string", "minLength": 1},
        "column": {"enum": ["target", "actual", "points", "score"]},
        "unit": {"type": "string"},
        "unit_from": {"type": "string", "minLength": 1},
    },
}
_LOCATION_KEYS = ("table", "row", "name", "column", "field")
_SIDES = frozenset(
    f"{side}{suffix}" for side in ("stated", "against") for suffix in ("", "_value", "_from")
)
#: Evidence keys of each outcome (besides the location keys, ``label`` and ``tolerance``).
EVIDENCE: Mapping[str, frozenset[str]] = {
    "mismatch": _SIDES | {"stated_text", "difference", "unit"},
    "unit_mismatch": _SIDES | {"stated_text", "stated_unit", "against_unit"},
    "unreadable": _SIDES | {"stated_text", "reason"},
    "missing": frozenset({"stated_from"}),
}
_COMMON = frozenset({*_LOCATION_KEYS, "label", "tolerance"})


@frozen
class Side:
    pattern: re.Pattern[str] | None = None
    expression: CompiledExpression | None = None
    field: str | None = None
    indicator: str | None = None
    column: str = "actual"
    unit: str = ""
    unit_from: CompiledExpression | None = None
    #: Where a figure read from ``field`` is (made once, not for every report).
    at: Location | None = attrs.field(init=False, eq=False, repr=False)

    @at.default
    def _at(self) -> Location | None:
        return None if self.field is None else Location(field=self.field)


@frozen
class Pair:
    label: str
    stated: Side
    against: Side
    #: The two sides as written: rules with the same pairs (a YAML ``*anchor``) share the work.
    key: str = attrs.field(default="", eq=False, repr=False)


@frozen
class CrossrefRule:
    find: str
    pairs: tuple[Pair, ...]
    tolerance: Decimal
    location: Mapping[str, str]
    vocabulary: Vocabulary
    printed: bool = False


class Figure(NamedTuple):
    """One side's figure: as printed/computed, as read, and where it came from.

    (A tuple: several are made for every report.)
    """

    text: str
    value: Decimal | None
    unit: str
    printed_unit: str
    scale: Decimal
    source: str
    context: str = ""
    location: Location | None = None
    reason: str = ""


class CrossrefKind(CheckKind):
    name = "crossref"
    properties: ClassVar[Mapping[str, Any]] = {
        "find": {"enum": sorted(EVIDENCE)},
        "stated": _SIDE,
        "against": _SIDE,
        "label": {"type": "string"},
        "pairs": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["stated", "against"],
                "properties": {"label": {"type": "string"}, "stated": _SIDE, "against": _SIDE},
            },
        },
        "tolerance": {"type": ["number", "string"]},
        "precision": {"enum": ["exact", "printed"]},
        "location": {
            "type": "object",
            "additionalProperties": False,
            "properties": {k: {"type": "string"} for k in _LOCATION_KEYS},
        },
        "vocabulary": VOCABULARY_SCHEMA,
    }
    message_variables = _COMMON.union(*EVIDENCE.values())
    expression_fields = tuple(
        f"{pair}{side}.{key}"
        for pair in ("", "pairs.*.")
        for side in ("stated", "against")
        for key in ("expression", "unit_from")
    )

    def compile(self, spec: RuleSpec) -> CrossrefRule:
        fields = spec.fields
        if ("pairs" in fields) == ("stated" in fields or "against" in fields):
            raise spec.error("pairs", "请写 stated 和 against，或写 pairs（二者选一）")
        if "pairs" in fields:
            pairs = tuple(
                _pair(spec, ("pairs", n), raw, raw.get("label", ""))
                for n, raw in enumerate(fields["pairs"])
            )
        else:
            pairs = (_pair(spec, (), fields, fields.get("label", "")),)
        try:
            tolerance = parse_decimal(fields.get("tolerance", 0))
        except QuantityError as exc:
            raise spec.error("tolerance", f"tolerance：{exc.message}") from None
        vocabulary = spec.vocabulary()
        if tolerance is None or tolerance < 0:
            raise spec.error("tolerance", "tolerance 必须是非负数")
        return CrossrefRule(
            find=fields.get("find", "mismatch"),
            pairs=pairs,
            tolerance=tolerance,
            location=dict(fields.get("location") or {}),
            vocabulary=vocabulary,
            printed=fields.get("precision", "exact") == "printed",
        )

    def allows_variable(self, name: str, config: CrossrefRule) -> bool:
        head = name.split(".")[0]
        return head == "params" or head in _COMMON or head in EVIDENCE[config.find]

    def evaluate(self, config: CrossrefRule, context: Context) -> Iterable[Issue]:
        for pair in config.pairs:
            yield from _compare_pair(config, pair, context)


# ------------------------------------------------------------------ compile
def _pair(spec: RuleSpec, at: tuple[str | int, ...], raw: Mapping[str, Any], label: str) -> Pair:
    for name in ("stated", "against"):
        if name not in raw:
            raise spec.error((*at, name) if at else name, f"缺少 {name}")
    return Pair(
        str(label),
        _side(spec, (*at, "stated"), raw["stated"]),
        _side(spec, (*at, "against"), raw["against"]),
        key=json.dumps(
            [raw["stated"], raw["against"]], sort_keys=True, ensure_ascii=False, default=str
        ),
    )


def _side(spec: RuleSpec, at: tuple[str | int, ...], raw: Mapping[str, Any]) -> Side:
    kinds = [k for k in _SIDE_KINDS if k in raw]
    if not kinds or (len(kinds) > 1 and set(kinds) != {"field", "expression"}):
        raise spec.error(at, "须且只须给出 pattern、field、expression、indicator 之一")
    pattern = None
    if "pattern" in raw:
        try:
            pattern = re.compile(raw["pattern"], re.MULTILINE)
        except re.error as exc:
            raise spec.error((*at, "pattern"), f"正则表达式无效：{exc}") from None
        problem = regex_problem(raw["pattern"])
        if problem:
            raise spec.error((*at, "pattern"), f"正则表达式 {raw['pattern']!r}：{problem}")
        if "value" not in pattern.groupindex:
            raise spec.error((*at, "pattern"), "正则表达式须有命名分组 (?P<value>...)")
    source = raw.get("expression")
    return Side(
        pattern=pattern,
        expression=None if source is None else spec.expression_at((*at, "expression"), source),
        field=raw.get("field"),
        indicator=None if "indicator" not in raw else "".join(raw["indicator"].split()),
        column=raw.get("column", "actual"),
        unit=raw.get("unit", ""),
        unit_from=None
        if "unit_from" not in raw
        else spec.expression_at((*at, "unit_from"), raw["unit_from"]),
    )


# ------------------------------------------------------------------ figures
def _figures(side: Side, context: Context, vocab: Vocabulary) -> list[Figure]:
    """The figures a side states (none: not stated)."""
    unit = side.unit
    if side.unit_from is not None:
        unit = str(context.value_of(side.unit_from) or "")
    if side.pattern is not None:
        return _narrative(side.pattern, context, unit, vocab)
    if side.indicator is not None:
        return _indicator(side, context, unit, vocab)
    if side.expression is None:
        field = side.field or ""
        value = lookup_path(context.names, field)
        if value is None or isinstance(value, BlankCell):
            return []  # a blank cell states nothing to compare with
        return [_figure(value, unit, field, vocab, side.at)]
    value = evaluate(side.expression, context.names, rows=context.rows)
    located = side.at
    source = side.field or "computed: " + " ".join(side.expression.source.split())
    return [] if value is None else [_figure(value, unit, source, vocab, located)]


def _narrative(
    pattern: re.Pattern[str], context: Context, unit: str, vocab: Vocabulary
) -> list[Figure]:
    """Figures the pattern finds in the narrative (searched once per report and pattern)."""
    key = ("crossref", "narrative", pattern.pattern, pattern.flags, unit, id(vocab))
    found: list[Figure] = context.memo(key, lambda: _search(pattern, context, unit, vocab))
    return found


def _search(
    pattern: re.Pattern[str], context: Context, unit: str, vocab: Vocabulary
) -> list[Figure]:
    text = context.report.narrative
    has_unit = "unit" in pattern.groupindex
    out = []
    breaks: list[int] | None = None
    for n, match in enumerate(finditer_bounded(pattern, text)):
        if n >= _MAX_MATCHES:
            break
        printed = match.group("value") or ""
        if has_unit:
            printed += match.group("unit") or ""
        if breaks is None:
            breaks = context.memo(("crossref", "line breaks"), lambda: _line_breaks(text))
        said = match.group(0).strip()
        source = f"narrative line {bisect_left(breaks, match.start()) + 1}"
        out.append(_figure(printed.strip(), unit, source, vocab, _IN_NARRATIVE, said))
    return out


_IN_NARRATIVE = Location(table="narrative")


def _line_breaks(text: str) -> list[int]:
    """Where the narrative's lines end (found once per report, for every rule's matches)."""
    return [match.start() for match in _NEWLINE.finditer(text)]  # faster than str.find here


_NEWLINE = re.compile("\n")


def _indicator(side: Side, context: Context, unit: str, vocab: Vocabulary) -> list[Figure]:
    for row in context.report.indicators:
        if row.name == side.indicator:
            where = Location(table="indicators", row=row.row, name=row.name, column=side.column)
            source = f"indicators row {row.row} {side.column}"
            if side.column in ("points", "score"):
                num = getattr(row, side.column)
                value = None if num is None else num.value
                return [] if value is None else [_figure(value, unit, source, vocab, where)]
            return [_figure(getattr(row, side.column), unit, source, vocab, where)]
    return []


def _figure(
    value: Any,
    unit: str,
    source: str,
    vocab: Vocabulary,
    where: Location | None,
    said: str = "",
) -> Figure:
    """One side's figure; ``said`` is the sentence it was read from (narrative matches)."""
    kind = type(value)
    if kind is not str and isinstance(value, (int, Decimal)) and kind is not bool:
        normal, scale = vocab.unit(unit) if unit else ("", _ONE)
        number = Decimal(value)
        text = decimal_text(number) + unit
        return Figure(text, number, normal, unit, scale, source, said, where)
    text = str(value)
    reading = parse_actual(text, vocab) if kind is str or isinstance(value, str) else None
    if not isinstance(reading, Target) or reading.clauses[0].comparator == "range":
        reason = getattr(reading, "reason", "") or "不是一个数"
        return Figure(text, None, "", "", _ONE, source, said, where, f"“{text}”{reason}")
    clause = reading.clauses[0]
    if not clause.unit and unit:
        normal, scale = vocab.unit(unit)
        return Figure(text, clause.value, normal, unit, scale, source, said, where)
    return Figure(
        text, clause.value, clause.unit, clause.printed_unit, clause.scale, source, said, where
    )


# ------------------------------------------------------------------ comparing
def _compare_pair(config: CrossrefRule, pair: Pair, context: Context) -> Iterator[Issue]:
    if pair.key:
        key = (
            "crossref",
            "pair",
            pair.key,
            config.tolerance,
            config.printed,
            id(config.vocabulary),
        )
        compared = context.memo(key, lambda: _comparisons(config, pair, context))
    else:
        compared = _comparisons(config, pair, context)
    if compared is None:  # nothing stated
        if config.find == "missing":
            where, said = _missing_at(pair.stated)
            yield Issue(_location(config, where), {"stated_from": said}, _variables(config, pair))
        return
    for outcome, figure, other, difference, derived in compared:
        if outcome == config.find:
            evidence = _evidence(outcome, figure, other, difference)
            yield Issue(_location(config, derived), evidence, _variables(config, pair))


def _missing_at(side: Side) -> tuple[Location, str]:
    """Where a stated figure that is not there was looked for: its field, its indicator row,
    an expression, or the narrative (a pattern)."""
    if side.field is not None:
        return Location(field=side.field), side.field
    if side.indicator is not None:
        where = Location(table="indicators", name=side.indicator, column=side.column)
        return where, f"indicator {side.indicator} {side.column}"
    if side.expression is not None:
        return Location(), "expression"
    return Location(table="narrative"), "narrative"


def _variables(config: CrossrefRule, pair: Pair) -> dict[str, str]:
    return {"label": pair.label, "tolerance": decimal_text(config.tolerance)}


_Compared = tuple[str, "Figure", "Figure | None", "Decimal | None", Location]


def _comparisons(config: CrossrefRule, pair: Pair, context: Context) -> list[_Compared] | None:
    """Each stated figure's outcome against the other side (``None``: nothing stated)."""
    vocab = config.vocabulary
    stated = _figures(pair.stated, context, vocab)
    if not stated:
        return None
    against = _figures(pair.against, context, vocab)
    other = against[0] if against else None
    out: list[_Compared] = []
    for figure in stated:
        outcome, difference = _outcome(figure, other, config.tolerance, config.printed)
        derived = (other.location if other else None) or figure.location or Location()
        out.append((outcome, figure, other, difference, derived))
    return out


def _location(config: CrossrefRule, derived: Location) -> Location:
    if not config.location:
        return derived
    return Location.from_mapping(config.location)


def _outcome(
    stated: Figure, against: Figure | None, tolerance: Decimal, printed: bool = False
) -> tuple[str, Decimal | None]:
    """The outcome, and the difference (in the stated figure's unit) where there is one.

    ``printed``: the other figure is rounded to the stated one's printed decimals first.
    """
    if against is None or stated.value is None or against.value is None:
        return "unreadable", None
    if stated.unit and against.unit and stated.unit != against.unit:
        return "unit_mismatch", None
    # a figure printed without any unit is meant in the other's unit
    scale = against.scale if not stated.printed_unit and against.unit else stated.scale
    against_scale = stated.scale if not against.printed_unit and stated.unit else against.scale
    other = against.value
    if against_scale != scale:
        other = _EXACT.divide(_EXACT.multiply(other, against_scale), scale)
    exponent = stated.value.as_tuple().exponent
    if printed and isinstance(exponent, int):
        places = Decimal(1).scaleb(min(exponent, 0))
        other = other.quantize(places, rounding=ROUND_HALF_UP, context=_EXACT)
    difference = _EXACT.subtract(stated.value, other)
    return ("mismatch" if difference.copy_abs() > tolerance else "agree"), difference


def _evidence(
    outcome: str, stated: Figure, against: Figure | None, difference: Decimal | None
) -> dict[str, str]:
    """What a finding shows: both figures as printed and read, where from, and the outcome's."""
    evidence = _side_evidence("stated", stated)
    if stated.context:
        evidence["stated_text"] = stated.context
    if against is None:
        evidence.update(against="", against_value="", against_from="", reason="找不到对照的数字")
        return evidence
    evidence.update(_side_evidence("against", against))
    if outcome == "unreadable":
        evidence["reason"] = stated.reason or against.reason
    elif outcome == "unit_mismatch":
        evidence.update(stated_unit=stated.printed_unit, against_unit=against.printed_unit)
    else:
        evidence.update(
            difference=decimal_text(difference), unit=stated.printed_unit or against.printed_unit
        )
    return evidence


def _side_evidence(name: str, figure: Figure) -> dict[str, str]:
    return {
        name: figure.text,
        f"{name}_value": decimal_text(figure.value),
        f"{name}_from": figure.source,
    }


KIND = CrossrefKind()
