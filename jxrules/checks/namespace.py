"""The report as expressions see it: canonical keys as nested :class:`Record` objects.

Money cells are ``Decimal`` (a blank cell is 0, as reviewers read tables — a
:class:`BlankCell` 0, so checks can still tell it was blank);
scores and counts that were not given are ``None`` so that a rule using them
breaks loudly (an ``engine`` finding) instead of comparing against zero.

An indicator row also carries ``parent`` (the row label of the indicator a ``其中：…``
row is part of, else ``None``) and ``score_group`` (the row label of the first row of a
group sharing one merged 得分 cell, else ``None``), so that a rule can reconcile a parent
with its children or judge a group's score once.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from jxrules.model import BUDGET_COLUMNS, BudgetLine, BudgetTable, Indicator, Num, Report
from jxrules.quantities.decimals import BLANK
from jxrules.sandbox import Record, to_record

#: Top-level names every expression may use (besides ``params`` and helper functions).
REPORT_NAMES = frozenset(
    {
        "kind",
        "fiscal_year",
        "department",
        "project",
        "filed_on",
        "self_evaluation",
        "declared",
        "budget",
        "indicators",
        "total_score",
        "narrative",
    }
)


def _value(num: Num | None) -> Decimal | None:
    return None if num is None else num.value


def line_record(line: BudgetLine, columns: tuple[str, ...], position: int) -> Record:
    record = Record(name=line.name, row=str(position))
    cells = line.cells
    for column in columns:
        cell = cells.get(column)  # BudgetLine.amount, without a call per cell
        record[column] = BLANK if cell is None or cell.value is None else cell.value
    return record


def table_record(table: BudgetTable) -> Record:
    columns = table.columns
    return Record(
        unit=table.unit,
        items=[line_record(line, columns, i) for i, line in enumerate(table.items, 1)],
        total=None if table.total is None else line_record(table.total, columns, 0),
        points=_value(table.points),
        execution_rate=_value(table.execution_rate),
        score=_value(table.score),
    )


def indicator_record(indicator: Indicator) -> Record:
    points, score = indicator.points, indicator.score
    return Record(
        seq=indicator.seq,
        row=indicator.row,
        level1=indicator.level1,
        level2=indicator.level2,
        name=indicator.name,
        target=indicator.target,
        actual=indicator.actual,
        points=None if points is None else points.value,
        score=None if score is None else score.value,
        note=indicator.note,
        parent=indicator.parent,
        score_group=indicator.score_group,
    )


def lookup_path(names: Mapping[str, Any], path: str) -> Any:
    """Follow ``a.b.c`` through records; ``None`` where a step is missing or empty."""
    value: Any = names
    for part in path.split("."):
        if not (type(value) is Record or isinstance(value, Mapping)) or value.get(part) is None:
            return None
        value = value[part]
    return value


def report_names(report: Report, params: Mapping[str, Any]) -> Record:
    """All names an expression over ``report`` may read."""
    total = report.total_score
    return Record(
        kind=report.kind,
        fiscal_year=report.fiscal_year,
        department=report.department,
        project=report.project,
        filed_on=None if report.filed_on is None else report.filed_on.isoformat(),
        self_evaluation=Record(
            score=_value(report.self_evaluation.score), grade=report.self_evaluation.grade
        ),
        declared=Record(report.declared),
        budget=Record({key: table_record(table) for key, table in report.budget.items()}),
        indicators=[indicator_record(i) for i in report.indicators],
        total_score=None
        if total is None
        else Record(points=_value(total.points), score=_value(total.score)),
        narrative=report.narrative,
        params=to_record(params),
    )


#: What each name holds, for lint: a dict of keys (``None`` = a leaf, ``ANY`` = free keys),
#: a one-element list for "a list of this".
ANY: dict[str, Any] = {}
_LINE = {"name": None, "row": None, **{c: None for c in BUDGET_COLUMNS}}
_TABLE = {
    "unit": None,
    "items": [_LINE],
    "total": _LINE,
    "points": None,
    "execution_rate": None,
    "score": None,
}
INDICATOR_SHAPE: dict[str, Any] = {
    k: None
    for k in (
        "seq",
        "row",
        "level1",
        "level2",
        "name",
        "target",
        "actual",
        "points",
        "score",
        "note",
        "parent",
        "score_group",
    )
}
SHAPE: dict[str, Any] = {
    "kind": None,
    "fiscal_year": None,
    "department": None,
    "project": None,
    "filed_on": None,
    "self_evaluation": {"score": None, "grade": None},
    "declared": ANY,
    "budget": {"income": _TABLE, "expenditure": _TABLE, "funds": _TABLE},
    "indicators": [INDICATOR_SHAPE],
    "total_score": {"points": None, "score": None},
    "narrative": None,
}
#: The row a ``for_each`` path yields, by path.
ROW_SHAPES: dict[str, Any] = {
    "indicators": INDICATOR_SHAPE,
    "budget.income.items": _LINE,
    "budget.expenditure.items": _LINE,
    "budget.funds.items": _LINE,
}
