"""# `score` — an indicator's 得分 against the scoring rule

## What it checks

Each indicator row that states both 分值 (`points`) and 得分 (`score`), against
the score the evaluation guidance gives it (财预〔2020〕10号 and the provinces'
scoring sheets). Each rule reports **one outcome**, chosen with `find`:

| `find` | rows | finding when |
| --- | --- | --- |
| `formula` | quantitative (one clause, read as the [`target`](target.md) check reads it) | the stated 得分 differs from the formula's by more than `tolerance` |
| `band` | qualitative (`有效提升`, `按期完成` …) | the 得分 as a percentage of 分值 lies outside the band of the actual's wording |

The formula, by direction (a comparator in the target wins, else the
indicator's name, as in `target`):

| case | expected 得分 |
| --- | --- |
| met | 分值 |
| missed, higher is better | 分值 × 实际 ÷ 目标 |
| missed, lower is better, `reverse: ratio` | 分值 × 目标 ÷ 实际 |
| missed, lower is better, `reverse: linear` | 分值 × (2 − 实际 ÷ 目标), down to 0 at twice the target |
| a target of 0 that is missed (lower is better, 实际 > 0) | 0 |

The bands: `bands` is a list of `{name, min, max, words}` (percent of 分值,
both bounds inclusive); the first band one of whose `words` occurs in the
actual applies, and a band without `words` applies to any other actual (put it
last). A row matching no band gives no finding.

Compound cells (several clauses), deadlines, unit mismatches, missing or
unreadable values and rows without 分值 or 得分 are left to the `target` check
and to the rules on missing values: this kind judges only what it can compute.

A score shared by several rows (one 得分 cell merged over a group, `score_group`)
is not judged by either outcome: the group's 得分 is the sum of its rows' scores,
which the form does not state, so no single row's target can explain it. A
reviewer reads such a group through the `target` check's `missed_full_marks`
(a missed row in a group scored at full marks). A `其中：…` row (`parent` set) is
judged as printed: by its own 分值 and 得分 when the form gives it some (it has
none, and is skipped, when its points are its parent's).

## Why it matters

The score decides the grade. A missed target scored as if met, or scored by
the wrong direction, overstates the result; a qualitative indicator written as
“未完成” yet given 90 % of its points contradicts the band table the province
publishes.

## Fields

| field | default | meaning |
| --- | --- | --- |
| `find` | (required) | `formula` or `band` |
| `tolerance` | `0.1` | `formula`: the largest accepted difference, in points (a number or `params.NAME`) |
| `reverse` | `ratio` | `formula`: `ratio` or `linear`, the rule for a missed lower-is-better target (or `params.NAME`) |
| `bands` | — | `band` (required): the band table, or `params.NAME` |
| `lower_is_better` | the data file's list | name heads meaning lower is better, as in `target` |
| `where` | — | an expression over `item` (the indicator row); only rows for which it is true |

A `params.NAME` field reads the ruleset's param: a later year or a province's
ruleset changes the param through `extends` and the rule stays as written.

## Location and evidence

Location: `{table: indicators, row, name, column: score}`.

| key | outcomes | meaning |
| --- | --- | --- |
| `target`, `actual`, `points`, `score` | all | the cells as printed, 分值 and 得分 |
| `expected`, `difference`, `tolerance`, `basis` | formula | the formula's 得分 (2 decimals, half-up), stated − expected, the tolerance, and which case applied (`met`, `proportional`, `reverse_ratio`, `reverse_linear`, `zero_target`) |
| `target_value`, `actual_value`, `direction` | formula | the figures compared and `higher`/`lower` |
| `band`, `band_min`, `band_max`, `percent` | band | the band applied, its bounds, and 得分 ÷ 分值 in percent (2 decimals) |

## Example

```yaml
# ruleset-example
id: local/score-demo
title: 指标得分规则示例
version: "1"
applies_to: {kind: project, fiscal_years: [2022]}
params:
  score_tolerance: 0.1
  qualitative_bands:
    - {name: 未达成且效果较差, min: 0, max: 60, words: [未完成, 未达到, 未达成]}
    - {name: 部分达成并具有一定效果, min: 60, max: 80, words: [部分, 基本]}
    - {name: 达成年度指标, min: 80, max: 100}
rules:
  - id: indicator-score-formula
    check: score
    severity: warning
    find: formula
    tolerance: params.score_tolerance
    message: 指标“{name}”得分 {score} 与按完成情况计算的 {expected} 不符（分值 {points}，目标 {target}，实际 {actual}）

  - id: indicator-score-band
    check: score
    severity: warning
    find: band
    bands: params.qualitative_bands
    message: 定性指标“{name}”实际“{actual}”属“{band}”档（{band_min}%–{band_max}%），得分 {score} 为分值 {points} 的 {percent}%
```

A row `年度培训人数 | ≥100人 | 80人 | 分值 10 | 得分 10` gives a `formula` finding
(expected 8, basis `proportional`); `投诉率 | 5% | 8% | 10 | 6.25` is consistent
with `reverse: ratio` (10 × 5 ÷ 8), while with `reverse: linear` the expected 得分
is 10 × (2 − 8 ÷ 5) = 4 and the row is a finding.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, ClassVar

from attrs import frozen

from jxrules.checks.base import CheckKind, Context, Issue, RuleSpec
from jxrules.checks.target import TargetRule, group_marks, report_verdicts
from jxrules.errors import QuantityError
from jxrules.findings import Location
from jxrules.model import Indicator
from jxrules.quantities import ClauseVerdict, Verdict, Vocabulary
from jxrules.quantities.decimals import decimal_text, parse_decimal
from jxrules.sandbox import CompiledExpression

_CELLS = frozenset({"target", "actual", "points", "score"})
EVIDENCE: Mapping[str, frozenset[str]] = {
    "formula": _CELLS
    | {"expected", "difference", "tolerance", "basis", "target_value", "actual_value"}
    | {"direction"},
    "band": _CELLS | {"band", "band_min", "band_max", "percent"},
}
_LOCATION = frozenset({"table", "row", "name", "column"})
_PARAM_REF = {"type": "string", "pattern": r"^params\.[A-Za-z_]\w*$"}
_BAND = {
    "type": "object",
    "additionalProperties": False,
    "required": ["name", "min", "max"],
    "properties": {
        "name": {"type": "string", "minLength": 1},
        "min": {"type": ["number", "string"]},
        "max": {"type": ["number", "string"]},
        "words": {"type": "array", "items": {"type": "string", "minLength": 1}},
    },
}
_CENT = Decimal("0.01")


@frozen
class Band:
    name: str
    low: Decimal
    high: Decimal
    words: tuple[str, ...]


@frozen
class ScoreRule:
    find: str
    tolerance: Decimal
    reverse: str
    bands: tuple[Band, ...]
    where: CompiledExpression | None
    target: TargetRule


class ScoreKind(CheckKind):
    name = "score"
    rows = "indicators"
    expression_fields = ("where",)
    properties: ClassVar[Mapping[str, Any]] = {
        "find": {"enum": sorted(EVIDENCE)},
        "tolerance": {"type": ["number", "string"]},
        "reverse": {"anyOf": [{"enum": ["ratio", "linear"]}, _PARAM_REF]},
        "bands": {"anyOf": [{"type": "array", "minItems": 1, "items": _BAND}, _PARAM_REF]},
        "lower_is_better": {"type": "array", "items": {"type": "string", "minLength": 1}},
        "where": {"type": "string", "minLength": 1},
    }
    required = ("find",)
    message_variables = _LOCATION.union(*EVIDENCE.values())

    def compile(self, spec: RuleSpec) -> ScoreRule:
        vocabulary: Vocabulary = spec.vocabulary()
        heads = spec.fields.get("lower_is_better")
        find = spec.fields["find"]
        reverse = spec.setting("reverse", "ratio")
        if reverse not in ("ratio", "linear"):
            raise spec.error("reverse", f"reverse 须为 ratio 或 linear，实际是 {reverse!r}")
        bands = _bands(spec, spec.setting("bands")) if find == "band" else ()
        return ScoreRule(
            find=find,
            tolerance=_number(spec, "tolerance", spec.setting("tolerance", "0.1")),
            reverse=reverse,
            bands=bands,
            where=spec.expression("where"),
            target=TargetRule(
                find="missed",
                heads=vocabulary.lower_is_better if heads is None else tuple(heads),
                far_above_ratio=Decimal(2),
                where=None,
                vocabulary=vocabulary,
            ),
        )

    def allows_variable(self, name: str, config: ScoreRule) -> bool:
        head = name.split(".")[0]
        return head == "params" or head in _LOCATION or head in EVIDENCE[config.find]

    def evaluate(self, config: ScoreRule, context: Context) -> Iterable[Issue]:
        report = context.report
        verdicts, _ = report_verdicts(config.target, context)
        grouped = context.memo(("score-groups",), lambda: group_marks(report.indicators))
        scored = [
            (n, stated)
            for n, (row, _) in enumerate(verdicts)
            if row.score_group not in grouped and (stated := _stated(row))
        ]
        if not scored:
            return
        mask = None if config.where is None else context.where_mask(config.where)
        judge = _formula if config.find == "formula" else _band
        for n, (points, score) in scored:
            if mask is None or mask[n]:
                row, verdict = verdicts[n]
                yield from judge(config, row, verdict, points, score)


def _stated(row: Indicator) -> tuple[Decimal, Decimal] | None:
    """分值 and 得分 when the row states both."""
    points = None if row.points is None else row.points.value
    score = None if row.score is None else row.score.value
    return None if points is None or score is None else (points, score)


def _number(spec: RuleSpec, key: str, value: Any) -> Decimal:
    try:
        number = parse_decimal(value)
    except QuantityError as exc:
        raise spec.error(key, f"{key}：{exc.message}") from None
    if number is None or number < 0:
        raise spec.error(key, f"{key} 必须是非负数")
    return number


def _bands(spec: RuleSpec, raw: Any) -> tuple[Band, ...]:
    """The band table (checked here too: a param is not validated by the rule schema)."""
    if not isinstance(raw, list) or not raw:
        raise spec.error("bands", "bands 须为非空列表：[{name, min, max, words}, …]")
    out = []
    for entry in raw:
        if not isinstance(entry, Mapping) or not {"name", "min", "max"} <= set(entry):
            raise spec.error("bands", f"bands 的每一档须有 name、min、max：{entry!r}")
        low, high = _number(spec, "bands", entry["min"]), _number(spec, "bands", entry["max"])
        if low > high:
            raise spec.error("bands", f"档“{entry['name']}”的 min {low} 大于 max {high}")
        words = tuple(str(w) for w in entry.get("words") or ())
        out.append(Band(str(entry["name"]), low, high, words))
    return tuple(out)


def _cells(row: Indicator, points: Decimal, score: Decimal) -> dict[str, str]:
    return {
        "target": row.target,
        "actual": row.actual,
        "points": decimal_text(points),
        "score": decimal_text(score),
    }


def _issue(row: Indicator, evidence: dict[str, str]) -> Issue:
    return Issue(Location("indicators", row.row, row.name, "score", None, row.line), evidence)


def _formula(
    config: ScoreRule, row: Indicator, verdict: Verdict, points: Decimal, score: Decimal
) -> Iterator[Issue]:
    if verdict.dates is not None or len(verdict.clauses) != 1:
        return
    clause = verdict.clauses[0]
    found = expected_score(clause, points, config.reverse)
    if found is None:
        return
    expected, basis = found
    difference = score - expected
    if abs(difference) <= config.tolerance:
        return
    shown = expected.quantize(_CENT, rounding=ROUND_HALF_UP)
    evidence = _cells(row, points, score) | {
        "expected": decimal_text(shown),
        "difference": decimal_text((score - shown).quantize(_CENT)),
        "tolerance": decimal_text(config.tolerance),
        "basis": basis,
        "target_value": decimal_text(clause.bound),
        "actual_value": decimal_text(clause.actual_value),
        "direction": "lower" if clause.lower_is_better else "higher",
    }
    yield _issue(row, evidence)


def expected_score(
    clause: ClauseVerdict, points: Decimal, reverse: str
) -> tuple[Decimal, str] | None:
    """The guidance's 得分 for one compared clause, and which case gave it (``None``: none)."""
    if clause.outcome == "met":
        return points, "met"
    target, actual = clause.bound, clause.actual_value
    if clause.outcome != "missed" or target is None or actual is None or actual < 0:
        return None
    if not clause.lower_is_better:
        return (points * actual / target, "proportional") if target > 0 else None
    if target == 0:
        return Decimal(0), "zero_target"
    if reverse == "linear":
        return points * max(Decimal(0), 2 - actual / target), "reverse_linear"
    return points * target / actual, "reverse_ratio"


def _band(
    config: ScoreRule, row: Indicator, verdict: Verdict, points: Decimal, score: Decimal
) -> Iterator[Issue]:
    if verdict.outcome != "qualitative" or verdict.dates is not None or points <= 0:
        return
    band = next(
        (b for b in config.bands if not b.words or any(w in row.actual for w in b.words)), None
    )
    if band is None:
        return
    percent = score / points * 100
    if band.low <= percent <= band.high:
        return
    evidence = _cells(row, points, score) | {
        "band": band.name,
        "band_min": decimal_text(band.low),
        "band_max": decimal_text(band.high),
        "percent": decimal_text(percent.quantize(_CENT, rounding=ROUND_HALF_UP)),
    }
    yield _issue(row, evidence)


KIND = ScoreKind()
