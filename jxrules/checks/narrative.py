r"""# `narrative` — figures of the running text against each other

## What it checks

The facts the narrative reader finds in the report's running text
([docs/narrative.md](../narrative.md)), with the arithmetic of the existing kinds:

| `find` | finding when | the same test as |
| --- | --- | --- |
| `breakdown` | a total and its parts (`其中：A x 万元，B y 万元` / `分别为` / `包括` / `（含…）`, nested) that do not add up; a list the text marks as partial (`主要…等`, one part) only when its parts exceed the total | `reconcile` |
| `rate` | a stated rate (`执行率 88.00%`) that is not numerator ÷ denominator of the two amounts the sentence gives, at the rate's printed precision (`37.60%` for 37.6049 % agrees) | `crossref` (computed rate) |
| `change` | a year-over-year rate (`同比增加 100 万元，增长 14.29%`) that is not change ÷ last year's amount (this year's amount − the change), at its printed precision | `crossref` (computed rate) |
| `missed` / `unit_mismatch` | an indicator result sentence (`数量指标：培训人次≥500人次，实际培训 480 人次`) whose actual misses its target / is in another unit word | `target` |
| `repeated` | the same subject (at least `min_subject_chars` characters, `jxrules/data/narrative.yaml`) stated twice with different amounts; both lines in the evidence | `crossref` |

Each finding carries, as its `check`, the contract's kind of its test (the last column:
`reconcile`, `target` or `crossref`, CONTRACT.md), with `location.table: narrative`; the
rule itself is written `check: narrative`.

Amounts are exact decimals, compared in 元 whatever unit each is printed in (万元, 元, 亿元
mixed in one breakdown convert exactly). A sentence the reader does not understand gives
no fact and so no finding: nothing is guessed.

## Why it matters

Many self-evaluation reports are prose, with no table at all. Their defects are the ones
tables have: parts that do not add up to their total, a rate that does not match its
base, the same allocation stated as 8 万元 in one paragraph and 9 万元 in another, an
indicator result below its target.

## Fields

| field | default | meaning |
| --- | --- | --- |
| `find` | (required) | the outcome this rule reports (table above) |
| `tolerance` | `0` | largest accepted difference: in the total's unit for `breakdown` and `repeated`, in percentage points for `rate` and `change` (beyond the printed precision) |

## Location and evidence

Location: `{table: narrative, row: <narrative line>, name: <subject>}` (`column: actual`
for indicator outcomes); the source line (Markdown) is the location's `line` and the
evidence's `line`.

| key | outcomes | meaning |
| --- | --- | --- |
| `against_at` | repeated (message only) | the same for the earlier statement |
| `at` | all (message only) | `第 67 行`: the source line where known, else the line of the narrative |
| `sentence` | all | the sentence read (at most 200 characters) |
| `stated_from` | all | `narrative line N` |
| `line` | all, where known | the source line |
| `total`, `items_sum`, `difference`, `item_count`, `parts`, `unit`, `trigger` | breakdown | the total as printed, the exact sum of the parts (in the total's unit), their difference, the parts as printed |
| `stated`, `computed`, `numerator`, `denominator`, `difference` | rate | the rate as printed, the rate computed at its precision, the two amounts |
| `current`, `change`, `previous`, `stated`, `computed`, `difference` | change | this year's amount, the change, last year's amount derived, the rate as printed and computed |
| `target`, `actual`, `target_value`, `actual_value`, `unit`, `comparator`, `ratio`, `target_unit`, `actual_unit` | missed, unit_mismatch | as the `target` kind gives them |
| `stated`, `against`, `against_from`, `against_line`, `difference`, `unit` | repeated | the later figure, the earlier one and where it is |

## Example

```yaml
# ruleset-example
id: local/narrative-demo
title: 正文数字规则示例
version: "1"
applies_to: {kind: project, fiscal_years: [2022]}
rules:
  - id: narrative-breakdown
    check: narrative
    severity: error
    find: breakdown
    message: 正文{at}“{name}”{total} 的分项之和为 {items_sum}，相差 {difference}

  - id: narrative-rate
    check: narrative
    severity: error
    find: rate
    message: 正文所述{name} {stated} 与 {numerator} ÷ {denominator} 计算的 {computed} 不一致

  - id: narrative-repeated
    check: narrative
    severity: error
    find: repeated
    message: 正文两处所述“{name}”不一致：{against}（{against_from}）与 {stated}（{stated_from}）
```

On a sentence `下达资金 2,000 万元。其中：河道治理 1,200 万元，水库维护 500 万元，小流域治理
290 万元。` the first rule reports `items_sum` 1990, `total` 2,000 万元, `difference` -10.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, ClassVar

from attrs import frozen

from jxrules.checks.base import CheckKind, Context, Issue, RuleSpec
from jxrules.checks.target import TargetRule, _issues, verdicts_of
from jxrules.errors import QuantityError
from jxrules.findings import Location
from jxrules.narrative_facts import Amount, NarrativeFacts, Said
from jxrules.quantities import default_vocabulary
from jxrules.quantities.decimals import EXACT as _EXACT
from jxrules.quantities.decimals import decimal_text, parse_decimal

FINDS = ("breakdown", "rate", "change", "missed", "unit_mismatch", "repeated")
_HUNDRED = Decimal(100)
_EVIDENCE = frozenset(
    {
        "sentence", "stated_from", "line", "total", "items_sum", "difference", "item_count",
        "parts", "unit", "trigger", "stated", "computed", "numerator", "denominator", "current",
        "change", "previous", "target", "actual", "target_value", "actual_value", "comparator",
        "ratio", "direction", "target_unit", "actual_unit", "target_clause", "actual_clause",
        "against", "against_from", "against_line", "reason",
    }
)  # fmt: skip


@frozen
class NarrativeRule:
    find: str
    tolerance: Decimal


#: The contract's check kind of each outcome (the finding's ``check``).
_REPORTS_AS: Mapping[str, str] = {
    "breakdown": "reconcile",
    "rate": "crossref",
    "change": "crossref",
    "repeated": "crossref",
    "missed": "target",
    "unit_mismatch": "target",
}


class NarrativeKind(CheckKind):
    name = "narrative"
    properties: ClassVar[Mapping[str, Any]] = {
        "find": {"enum": list(FINDS), "description": "the outcome this rule reports"},
        "tolerance": {"type": ["number", "string"]},
    }
    required = ("find",)
    message_variables = _EVIDENCE | {"table", "row", "name", "column", "at", "against_at"}

    def compile(self, spec: RuleSpec) -> NarrativeRule:
        try:
            tolerance = parse_decimal(spec.fields.get("tolerance", 0)) or Decimal(0)
        except QuantityError as exc:
            raise spec.error("tolerance", exc.message) from None
        if tolerance < 0:
            raise spec.error("tolerance", f"tolerance 不能为负数：{tolerance}")
        return NarrativeRule(find=spec.fields["find"], tolerance=tolerance)

    def reports_as(self, config: NarrativeRule) -> str:
        """Each outcome is the contract's kind for its test (CONTRACT.md): parts against their
        total are ``reconcile``, an indicator below its target ``target``, a figure against the
        same figure elsewhere (a rate against its base, a repeated amount) ``crossref``."""
        return _REPORTS_AS[config.find]

    def evaluate(self, config: NarrativeRule, context: Context) -> Iterable[Issue]:
        facts = context.report.narrative_facts
        if not facts:
            return ()
        if config.find == "breakdown":
            return _breakdowns(facts, config.tolerance)
        if config.find == "rate":
            return _rates(facts, config.tolerance)
        if config.find == "change":
            return _changes(facts, config.tolerance)
        if config.find == "repeated":
            return _repeated(facts, config.tolerance)
        return _indicators(facts, config.find, context.report.fiscal_year)


def _where(said: Said, name: str | None, column: str | None = None) -> Location:
    return Location(
        table="narrative", row=str(said.narrative_line), name=name or None, column=column,
        line=said.line, page=said.page,
    )  # fmt: skip


def _at(said: Said) -> dict[str, str]:
    """The ``{at}`` message variable: the source line where known, else the narrative line."""
    return {"at": f"第 {said.narrative_line if said.line is None else said.line} 行"}


def _said(said: Said) -> dict[str, str]:
    out = {"sentence": said.sentence, "stated_from": said.where}
    if said.line is not None:
        out["line"] = str(said.line)
    return out


def _per_unit(amount: Amount) -> Decimal:
    """元 per unit of ``amount`` (10000 for 万元), an amount of 0 included: its own ratio
    cannot say, the wordings' unit table can."""
    if amount.value:
        return amount.yuan / amount.value
    from jxrules.ingest.narrative import wordings

    return wordings().money.get(amount.unit, Decimal(1))


def _in(amount: Amount, unit_of: Amount) -> Decimal:
    """``amount`` in ``unit_of``'s unit, exactly."""
    return _EXACT.divide(amount.yuan, _per_unit(unit_of))


def _breakdowns(facts: NarrativeFacts, tolerance: Decimal) -> Iterator[Issue]:
    for item in facts.breakdowns:
        total = item.total
        factor = _per_unit(total)
        parts_sum = Decimal(0)
        for part in item.parts:
            parts_sum = _EXACT.add(parts_sum, part.yuan)
        difference = _EXACT.divide(_EXACT.subtract(parts_sum, total.yuan), factor)
        if abs(difference) <= tolerance or (not item.complete and difference <= 0):
            continue
        evidence = {
            "total": total.text,
            "items_sum": decimal_text(_EXACT.divide(parts_sum, factor).normalize(_EXACT)),
            "difference": decimal_text(difference.normalize(_EXACT)),
            "item_count": str(len(item.parts)),
            "parts": "、".join(f"{p.subject} {p.text}" for p in item.parts),
            "unit": total.unit,
            "trigger": item.trigger,
            **_said(item.said),
        }
        yield Issue(_where(item.said, total.subject), evidence, _at(item.said))


def _at_precision(value: Decimal, printed: Decimal) -> Decimal:
    """``value`` rounded half-up to the decimals ``printed`` shows."""
    exponent = printed.as_tuple().exponent
    places = Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0)
    return value.quantize(places, rounding=ROUND_HALF_UP, context=_EXACT)


def _rates(facts: NarrativeFacts, tolerance: Decimal) -> Iterator[Issue]:
    for rate in facts.rates:
        if rate.numerator is None or rate.denominator is None or not rate.denominator.yuan:
            continue
        exact = _EXACT.divide(_EXACT.multiply(rate.numerator.yuan, _HUNDRED), rate.denominator.yuan)
        computed = _at_precision(exact, rate.stated)
        difference = _EXACT.subtract(rate.stated, computed)
        if abs(difference) <= tolerance:
            continue
        evidence = {
            "stated": rate.text,
            "computed": f"{decimal_text(computed)}%",
            "numerator": f"{rate.numerator.subject} {rate.numerator.text}",
            "denominator": f"{rate.denominator.subject} {rate.denominator.text}",
            "difference": decimal_text(difference),
            **_said(rate.said),
        }
        yield Issue(_where(rate.said, rate.word), evidence, _at(rate.said))


def _changes(facts: NarrativeFacts, tolerance: Decimal) -> Iterator[Issue]:
    for item in facts.changes:
        if item.change is None or item.percent is None:
            continue
        change = _in(item.change, item.current)
        previous = _EXACT.subtract(item.current.value, item.direction * change)
        if previous <= 0:
            continue
        exact = _EXACT.divide(_EXACT.multiply(change, _HUNDRED), previous)
        computed = _at_precision(exact, item.percent)
        difference = _EXACT.subtract(item.percent, computed)
        if abs(difference) <= tolerance:
            continue
        evidence = {
            "current": item.current.text,
            "change": item.change.text,
            "previous": f"{decimal_text(previous.normalize(_EXACT))}{item.current.unit}",
            "stated": item.percent_text,
            "computed": f"{decimal_text(computed)}%",
            "difference": decimal_text(difference),
            **_said(item.said),
        }
        yield Issue(_where(item.said, item.current.subject), evidence, _at(item.said))


def _repeated(facts: NarrativeFacts, tolerance: Decimal) -> Iterator[Issue]:
    from jxrules.ingest.narrative import wordings

    w = wordings()
    first: dict[str, Amount] = {}
    for amount in facts.amounts:
        key = _key(amount.subject, w.strip_subject)
        if len(key) < w.min_subject_chars or key in w.ignore_subjects:
            continue
        earlier = first.setdefault(key, amount)
        if earlier is amount or earlier.said.narrative_line == amount.said.narrative_line:
            continue
        difference = _EXACT.subtract(_in(amount, amount), _in(earlier, amount))
        if abs(difference) <= tolerance:
            continue
        evidence = {
            "stated": amount.text,
            "against": earlier.text,
            "against_from": earlier.said.where,
            "difference": decimal_text(difference.normalize(_EXACT)),
            "unit": amount.unit,
            **_said(amount.said),
        }
        if earlier.said.line is not None:
            evidence["against_line"] = str(earlier.said.line)
        variables = {**_at(amount.said), "against_at": _at(earlier.said)["at"]}
        yield Issue(_where(amount.said, key), evidence, variables)


def _key(subject: str, lead: tuple[str, ...]) -> str:
    """The subject without its leading time and verb words (全年安排 X资金 → X资金)."""
    changed = True
    while changed:
        changed = False
        for word in lead:
            if subject.startswith(word) and len(subject) > len(word):
                subject, changed = subject[len(word) :], True
    return subject


def _indicators(facts: NarrativeFacts, find: str, year: int | None) -> Iterator[Issue]:
    vocabulary = default_vocabulary()
    rule = TargetRule(
        find=find,
        heads=vocabulary.lower_is_better,
        far_above_ratio=Decimal(2),
        where=None,
        vocabulary=vocabulary,
    )
    said = {id(item.indicator): item.said for item in facts.indicators}
    rows = [item.indicator for item in facts.indicators]
    for row, verdict in verdicts_of(rows, rule, year=year):
        for issue in _issues(rule, row, verdict, {}):  # prose has no merged score cells
            where = said[id(row)]
            evidence = {**issue.evidence, **_said(where)}
            yield Issue(
                _where(where, row.name, "actual"), evidence, {**issue.variables, **_at(where)}
            )


KIND = NarrativeKind()
