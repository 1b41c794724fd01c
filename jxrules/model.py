"""The canonical report: immutable attrs classes, money as ``Decimal``.

Every ingest path (canonical YAML/JSON, Markdown, Excel) produces a
:class:`Report`; checks read only this model.  Printed text is kept beside
each parsed number so that messages can quote the report exactly.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs
from attrs import frozen

from jxrules.findings import Finding, Location, ReportIdentity
from jxrules.quantities.decimals import decimal_text

if TYPE_CHECKING:
    from jxrules.narrative_facts import NarrativeFacts

#: Canonical money/score columns, in print order (see CONTRACT.md).
BUDGET_COLUMNS = ("initial_budget", "adjusted_budget", "final_accounts", "executed")
#: Report kinds.
KINDS = ("department_overall", "project")


@frozen
class Num:
    """A number as printed and as read: ``Num(Decimal('7013.09'), '7,013.09')``."""

    value: Decimal | None
    text: str = ""

    @classmethod
    def of(cls, value: Decimal | None) -> Num:
        return cls(value, decimal_text(value))


@frozen
class BudgetLine:
    """One row of a money table: its name and a cell per canonical column."""

    name: str
    cells: Mapping[str, Num] = attrs.field(factory=dict)
    line: int | None = attrs.field(default=None, eq=False)
    #: The 1-based PDF page the row is printed on (PDF input only).
    page: int | None = attrs.field(default=None, eq=False)

    def amount(self, column: str) -> Decimal | None:
        """The cell's value, ``None`` when the cell is blank or the column absent."""
        cell = self.cells.get(column)
        return None if cell is None else cell.value


@frozen
class BudgetTable:
    """A money table (收入, 支出, 项目资金): items, their total, and for funds the score line."""

    unit: str = "万元"
    items: tuple[BudgetLine, ...] = ()
    total: BudgetLine | None = None
    points: Num | None = None
    execution_rate: Num | None = None
    score: Num | None = None

    @property
    def columns(self) -> tuple[str, ...]:
        """Canonical columns present in any row, in canonical order."""
        present: set[str] = set()
        for row in self.items:
            present.update(row.cells)
        if self.total is not None:
            present.update(self.total.cells)
        return tuple(c for c in BUDGET_COLUMNS if c in present)


@frozen
class Indicator:
    """One row of the indicator table; ``target``/``actual`` exactly as printed."""

    seq: str | None
    name: str
    target: str = ""
    actual: str = ""
    level1: str | None = None
    level2: str | None = None
    points: Num | None = None
    score: Num | None = None
    note: str = ""
    position: int = 0
    #: The row label (序号, else position) of the indicator this one is a part of: a row
    #: printed ``其中：…`` under it.  Its children's figures add up to its own.
    parent: str | None = None
    #: The row label of the first row of a group whose one 得分 cell is merged over several
    #: rows: the group's score (and its 分值, when merged too) is on that row only.
    score_group: str | None = None
    line: int | None = attrs.field(default=None, eq=False)
    #: The 1-based PDF page the row is printed on (PDF input only).
    page: int | None = attrs.field(default=None, eq=False)

    @property
    def row(self) -> str:
        """The row label used in findings: 序号 where printed, else the 1-based position."""
        return self.seq if self.seq else str(self.position)


@frozen
class SelfEvaluation:
    score: Num | None = None
    grade: str | None = None


@frozen
class TotalScore:
    points: Num | None = None
    score: Num | None = None


@frozen
class Report:
    """A report in canonical form, whatever file it came from."""

    kind: str
    fiscal_year: int | None = None
    department: str | None = None
    project: str | None = None
    filed_on: _dt.date | None = None
    self_evaluation: SelfEvaluation = SelfEvaluation()
    declared: Mapping[str, Decimal] = attrs.field(factory=dict)
    budget: Mapping[str, BudgetTable] = attrs.field(factory=dict)
    indicators: tuple[Indicator, ...] = ()
    total_score: TotalScore | None = None
    narrative: str = ""
    #: What the narrative reader found in ``narrative`` (docs/narrative.md); derived data.
    narrative_facts: NarrativeFacts | None = attrs.field(default=None, eq=False)
    source: str = attrs.field(default="", eq=False)
    #: Problems met while reading the source (``check: ingest`` findings).
    ingest_findings: tuple[Finding, ...] = attrs.field(default=(), eq=False)

    def row_at(self, location: Location) -> Indicator | BudgetLine | None:
        """The table row a finding's location names: an indicator by its row label, a money
        table's line by its name (white space ignored), else that table's total."""
        if location.table == "indicators":
            return next((i for i in self.indicators if i.row == location.row), None)
        table = self.budget.get(location.table or "")
        if table is None:
            return None
        if location.name:
            wanted = "".join(location.name.split())
            for line in table.items:
                if "".join(line.name.split()) == wanted:
                    return line
        return table.total

    def identity(self) -> ReportIdentity:
        """The ``report`` object of the JSON output."""
        out = ReportIdentity(
            kind=self.kind, fiscal_year=self.fiscal_year, department=self.department
        )
        if self.project is not None:
            out["project"] = self.project
        return out
