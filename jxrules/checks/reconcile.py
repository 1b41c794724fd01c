r"""# `reconcile` — items add up to the total, in every column

## What it checks

That the items of a table add up to its total, column by column, **exactly**
(decimal arithmetic, never floating point). A blank cell counts as 0.

| `table` | items | total | columns |
| --- | --- | --- | --- |
| `income` | `budget.income.items` | `budget.income.total` (本年收入合计) | `initial_budget`, `adjusted_budget`, `final_accounts`, `executed` |
| `expenditure` | `budget.expenditure.items` | `budget.expenditure.total` (本年支出合计) | same |
| `funds` | `budget.funds.items` (当年财政拨款, 上年结转资金, 其他资金) | `budget.funds.total` (年度资金总额) | same |
| `indicators` | each indicator's `score` (得分) or `points` (分值), plus the funds line with `include_funds_score` | `total_score.score` / `total_score.points` (总分) | `score`, `points` |

Each rule reports ONE outcome, chosen with `find`:

| `find` | reported when | location |
| --- | --- | --- |
| `mismatch` (default) | a column's items do not add up to its total (beyond `tolerance`) — one finding per table and column | `{table, column, name: the total row's name}`; for `indicators` also `field: total_score.<column>` and `name: 总分` |
| `missing_total` | the table has items but no total row (`indicators`: a column with values but no 总分 for it), so nothing can be checked | `{table}` (`indicators`: also `column`, `field`) |

A table that is absent, or has no total row, gives no `mismatch` finding; nor does
a money table that prints its total and no items (a 项目资金 block written as one
`年度资金总额` row, or as side-by-side pairs): there is nothing to add up, not a sum of 0.

## Why it matters

Totals that do not add up are the most common mechanical defect in budget
tables: a line left out, a figure retyped, a total copied from another
version. A difference of 0.01 is still a difference — the finding reports its
size and the reviewer decides whether it is rounding. On a project form the
总分 must be the sum of every 得分 including the funds line (预算执行率), and
the 分值 must add up to 100.

## Fields

| field | default | meaning |
| --- | --- | --- |
| `table` | (required) | `income`, `expenditure`, `funds` or `indicators` |
| `columns` | every column present in the table | list of column keys to check; a listed column the table does not print is skipped |
| `tolerance` | `0` | a decimal ≥ 0; a column passes when \|difference\| ≤ tolerance |
| `breakdown_prefixes` | none | item names starting with one of these (`[其中]`) break down the item above and are not added again (the bundled income/expenditure rules set `[其中]`) |
| `include_funds_score` | `false` | `indicators` only: add `budget.funds.score` (for `score`) or `budget.funds.points` (for `points`) to the items |
| `find` | `mismatch` | `mismatch` or `missing_total` |

A column that does not belong to the table (`columns: [score]` with
`table: income`), `include_funds_score` on a money table, or a negative
`tolerance` is a ruleset error at load.

## Evidence and message variables

| key | value |
| --- | --- |
| `items_sum` | the exact sum of the items (and the funds line when included) |
| `total` | the total as stated (`0` when its cell is blank) |
| `difference` | `items_sum − total` (negative when the total is larger) |
| `item_count` | number of item rows (`missing_total` on `indicators`: rows with a value) |
| `funds_score` | with `include_funds_score`: the funds line's 得分 / 分值 (empty when blank) |

Messages may also use `{table_label}` (收入 / 支出 / 项目资金 / 绩效指标),
`{column_label}` (年初预算数 / 全年预算数 / 决算数 / 全年执行数 / 分值 / 得分), the
location keys `{table}`, `{column}`, `{name}`, `{field}`, and `{params.*}`.

## Example

```yaml
# ruleset-example
id: local/reconcile-example
title: 表格合计
version: "1"
applies_to: {kind: department_overall, fiscal_years: [2022]}
rules:
  - id: income-reconciles
    check: reconcile
    severity: error
    table: income
    message: 收入表“{column_label}”列各项之和 {items_sum} 与{name} {total} 不符，相差 {difference}（{item_count} 项）

  - id: expenditure-reconciles
    check: reconcile
    severity: error
    table: expenditure
    columns: [initial_budget, adjusted_budget, final_accounts]
    tolerance: 0
    message: 支出表“{column_label}”列各项之和 {items_sum} 与{name} {total} 不符，相差 {difference}（{item_count} 项）
    message_en: Expenditure table, column {column} — the items add up to {items_sum}, the total says {total} (difference {difference})
```

For a project form (`kind: project`), 总分 against the 得分 of every indicator
plus the funds line:

```yaml
- id: total-score-reconciles
  check: reconcile
  severity: error
  table: indicators
  columns: [score]
  include_funds_score: true
  message: 各指标得分之和加预算执行率得分 {funds_score} 为 {items_sum}，与总分 {total} 不符，相差 {difference}
```

On `examples/jiangmen-2022-dept-overall.yaml` the expenditure items add up to
4960.47 in the 全年预算数 and 决算数 columns while the table says 4960.46:

```json
{
  "rule": "expenditure-reconciles",
  "check": "reconcile",
  "severity": "error",
  "message": "支出表“全年预算数”列各项之和 4960.47 与本年支出合计 4960.46 不符，相差 0.01（10 项）",
  "location": {"table": "expenditure", "name": "本年支出合计", "column": "adjusted_budget"},
  "evidence": {"items_sum": "4960.47", "total": "4960.46", "difference": "0.01", "item_count": "10"}
}
```

On `examples/demo-2022-project.yaml`, the rule above reports
`items_sum` 99.73 (得分 90.50 + funds 9.23), `total` 98.73, `difference` 1.00.

Rule tests: `tests/checks/cases/reconcile.tests.yaml`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any, ClassVar, NamedTuple

from attrs import frozen

from jxrules.checks.base import CheckKind, Context, Issue, RuleSpec
from jxrules.errors import QuantityError
from jxrules.findings import Location
from jxrules.model import BUDGET_COLUMNS, Num, Report
from jxrules.quantities.decimals import EXACT as _EXACT
from jxrules.quantities.decimals import decimal_text, parse_decimal

BUDGET_TABLES = ("income", "expenditure", "funds")
SCORE_COLUMNS = ("points", "score")
TABLE_LABELS: Mapping[str, str] = {
    "income": "收入",
    "expenditure": "支出",
    "funds": "项目资金",
    "indicators": "绩效指标",
}
COLUMN_LABELS: Mapping[str, str] = {
    "initial_budget": "年初预算数",
    "adjusted_budget": "全年预算数",
    "final_accounts": "决算数",
    "executed": "全年执行数",
    "points": "分值",
    "score": "得分",
}
_LOCATION = ("table", "row", "name", "column", "field")
_EVIDENCE = ("items_sum", "total", "difference", "item_count", "funds_score")


@frozen
class ReconcileRule:
    table: str
    columns: tuple[str, ...] | None
    tolerance: Decimal
    include_funds_score: bool
    find: str
    #: Item names that break down the item above (其中：…) and so are not added again.
    breakdown_prefixes: tuple[str, ...] = ()


class _Sum(NamedTuple):
    """One column of one table, ready to compare (a tuple: several per report)."""

    column: str
    items: tuple[Decimal | None, ...]
    total: Decimal | None
    total_name: str | None
    has_total: bool
    funds_score: Decimal | None = None
    #: Source line of the total row, where the reader knows it (SARIF regions).
    total_line: int | None = None
    #: The items' names, in order (for ``--explain``: what was added up).
    names: tuple[str, ...] = ()


class ReconcileKind(CheckKind):
    name = "reconcile"
    properties: ClassVar[Mapping[str, Any]] = {
        "table": {"enum": [*BUDGET_TABLES, "indicators"]},
        "columns": {
            "type": "array",
            "minItems": 1,
            "uniqueItems": True,
            "items": {"enum": [*BUDGET_COLUMNS, *SCORE_COLUMNS]},
        },
        "tolerance": {"type": ["number", "string"]},
        "include_funds_score": {"type": "boolean"},
        "find": {"enum": ["mismatch", "missing_total"]},
        "breakdown_prefixes": {
            "type": "array",
            "items": {"type": "string", "minLength": 1},
            "description": "items whose name starts with one of these (其中：…) are a breakdown"
            " of the item above, not added to the sum",
        },
    }
    required = ("table",)
    message_variables = frozenset((*_LOCATION, *_EVIDENCE, "table_label", "column_label"))

    def compile(self, spec: RuleSpec) -> ReconcileRule:
        table = spec.fields["table"]
        columns = spec.fields.get("columns")
        allowed = SCORE_COLUMNS if table == "indicators" else BUDGET_COLUMNS
        for n, column in enumerate(columns or ()):
            if column not in allowed:
                raise spec.error(
                    ("columns", n),
                    f"表 {table} 没有列 “{column}”（可用：{', '.join(allowed)}）",
                )
        if spec.fields.get("include_funds_score") and table != "indicators":
            raise spec.error(
                "include_funds_score", "include_funds_score 只适用于 table: indicators"
            )
        tolerance = Decimal(0)
        if "tolerance" in spec.fields:
            try:
                tolerance = parse_decimal(spec.fields["tolerance"]) or Decimal(0)
            except QuantityError as exc:
                raise spec.error("tolerance", exc.message) from None
            if tolerance < 0:
                raise spec.error("tolerance", f"tolerance 不能为负数：{tolerance}")
        return ReconcileRule(
            table=table,
            columns=None if columns is None else tuple(columns),
            tolerance=tolerance,
            include_funds_score=bool(spec.fields.get("include_funds_score", False)),
            find=spec.fields.get("find", "mismatch"),
            breakdown_prefixes=tuple(spec.fields.get("breakdown_prefixes") or ()),
        )

    def evaluate(self, config: ReconcileRule, context: Context) -> Iterable[Issue]:
        sums = list(_sums(context.report, config))
        if config.find == "missing_total":
            yield from _missing(config, context.report, sums)
            return
        for one in sums:
            if not one.has_total:
                continue
            issue = _mismatch(config, one)
            if issue is not None:
                yield issue


def _sums(report: Report, config: ReconcileRule) -> Iterator[_Sum]:
    if config.table == "indicators":
        yield from _score_sums(report, config)
        return
    table = report.budget.get(config.table)
    if table is None or not table.items:
        return  # a total alone (no sources printed under it) has nothing to add up
    total = table.total
    prefixes = config.breakdown_prefixes
    lines = [line for line in table.items if not line.name.startswith(prefixes)]
    cells = [line.cells for line in lines]
    names = tuple(line.name for line in lines)
    present = table.columns
    if total is None:
        total_name = total_line = None
    else:
        total_name, total_line, total_cells = total.name, total.line, total.cells
    for column in config.columns or present:
        if config.columns is not None and column not in present:
            continue  # a column this table does not print
        items = []  # BudgetLine.amount, without a call per cell
        for row in cells:
            cell = row.get(column)
            items.append(None if cell is None else cell.value)
        stated = None
        if total is not None:
            cell = total_cells.get(column)
            stated = None if cell is None else cell.value
        yield _Sum(
            column, tuple(items), stated, total_name, total is not None, None, total_line, names
        )


def _score_sums(report: Report, config: ReconcileRule) -> Iterator[_Sum]:
    total = report.total_score
    funds = report.budget.get("funds")
    for column in config.columns or SCORE_COLUMNS:
        items = tuple(_value(getattr(i, column)) for i in report.indicators)
        stated = None if total is None else _value(getattr(total, column))
        if config.columns is None and stated is None and all(v is None for v in items):
            continue  # default columns: only those the report fills
        extra = None
        if config.include_funds_score and funds is not None:
            extra = _value(funds.score if column == "score" else funds.points)
        yield _Sum(
            column=column,
            items=items,
            total=stated,
            total_name="总分",
            has_total=stated is not None,
            funds_score=extra,
            names=tuple(f"{i.row} {i.name}" for i in report.indicators),
        )


def _value(num: Num | None) -> Decimal | None:
    return None if num is None else num.value


def exact_sum(values: Sequence[Decimal | None]) -> Decimal:
    """The exact sum of ``values``; blanks count as 0."""
    add = _EXACT.add
    total = Decimal(0)
    for value in values:
        if value is not None:
            total = add(total, value)
    return total


def _mismatch(config: ReconcileRule, one: _Sum) -> Issue | None:
    items_sum = exact_sum([*one.items, one.funds_score])
    total = one.total if one.total is not None else Decimal(0)
    difference = _EXACT.subtract(items_sum, total)
    if abs(difference) <= config.tolerance:
        return None
    evidence = {
        "items_sum": decimal_text(items_sum),
        "total": decimal_text(total),
        "difference": decimal_text(difference),
        "item_count": str(len(one.items)),
    }
    if config.include_funds_score:
        evidence["funds_score"] = decimal_text(one.funds_score)
    added = [
        f"{name} {decimal_text(value)}"
        for name, value in zip(one.names, one.items, strict=False)
        if value is not None
    ]
    explanation = {  # --explain: what was added up, to what, within which tolerance
        "items": " + ".join(added) if added else "（无）",
        "items_sum": evidence["items_sum"],
        "total": evidence["total"],
        "difference": evidence["difference"],
        "tolerance": decimal_text(config.tolerance),
    }
    return Issue(
        location=_location(config, one),
        evidence=evidence,
        variables=_labels(config, one),
        explanation=explanation,
    )


def _missing(config: ReconcileRule, report: Report, sums: Sequence[_Sum]) -> Iterator[Issue]:
    if config.table != "indicators":
        table = report.budget.get(config.table)
        if table is not None and table.total is None and table.items:
            yield Issue(
                location=Location(table=config.table),
                evidence={"item_count": str(len(table.items))},
                variables={"table_label": TABLE_LABELS[config.table], "column_label": ""},
            )
        return
    for one in sums:
        if not one.has_total and any(v is not None for v in one.items):
            evidence = {"item_count": str(sum(v is not None for v in one.items))}
            yield Issue(
                location=_location(config, one), evidence=evidence, variables=_labels(config, one)
            )


def _location(config: ReconcileRule, one: _Sum) -> Location:
    if config.table == "indicators":
        return Location(
            table="indicators",
            name=one.total_name,
            column=one.column,
            field=f"total_score.{one.column}",
        )
    return Location(table=config.table, name=one.total_name, column=one.column, line=one.total_line)


def _labels(config: ReconcileRule, one: _Sum) -> dict[str, str]:
    return {"table_label": TABLE_LABELS[config.table], "column_label": COLUMN_LABELS[one.column]}


KIND = ReconcileKind()
