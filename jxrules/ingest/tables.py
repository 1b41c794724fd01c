"""Logical tables and per-report segments: what stitching produces, what builders read.

A :class:`Table` is one table of the report after page splits are undone: one
header and the data rows of all its pieces, plus notes (rows a parser could
not use) that the builders turn into findings once the table's kind is final.
"""

from __future__ import annotations

import attrs

from jxrules.findings import Finding
from jxrules.ingest.grid import Row
from jxrules.ingest.headers import Header, is_total


@attrs.define
class Table:
    """One logical table: its header, its data rows from every piece, and notes for later."""

    header: Header
    header_row: Row
    where: str
    context: tuple[str, ...]
    rows: list[Row] = attrs.Factory(list)
    notes: list[tuple[Row, str]] = attrs.Factory(list)
    closed: bool = False

    @property
    def kind(self) -> str:
        return self.header.kind

    @property
    def width(self) -> int:
        return len(self.header_row.cells)

    def is_total_row(self, row: Row) -> bool:
        """A total row names 合计/总分 in its name column or a column left of it."""
        name = self.header.name_column
        if name is None:
            return False
        cells = row.cells[: name + 1] if self.kind == "indicators" else row.cells[name : name + 1]
        return any(is_total(c) for c in cells if c.strip())

    def only_copies(self, row: Row) -> bool:
        """Only copies of header labels spanning down (an otherwise empty row of a block)."""
        head = self.header_row.cells
        return all(not c.strip() or c == head[i] for i, c in enumerate(row.cells))

    def unread_columns(self) -> list[tuple[str, Row]]:
        """Columns no header key names that hold text.

        Copies made by span expansion are not content: a cell equal to its column's
        header (a label spanning rows) or to its left neighbour (a cell spanning columns).
        """
        used = set(self.header.columns.values())
        if self.header.name_column is not None:
            used.add(self.header.name_column)
        out = []
        for i, head in enumerate(self.header_row.cells):
            if i in used:
                continue
            for row in self.rows:
                cell = row.cells[i].strip()
                copy = cell == head.strip() or (i > 0 and cell == row.cells[i - 1].strip())
                if cell and not copy and not self.is_total_row(row):
                    out.append((head.strip(), row))
                    break
        return out


@attrs.define
class Segment:
    """Everything read for one report."""

    tables: list[Table] = attrs.Factory(list)
    narrative: list[str] = attrs.Factory(list)
    #: The running-text lines with their source line (the money written as lines is read there).
    text_lines: list[tuple[int, str]] = attrs.Factory(list)
    facts: list[str] = attrs.Factory(list)
    goal: list[str] = attrs.Factory(list)
    findings: list[Finding] = attrs.Factory(list)
    forms: int = 0
    line: int = 1
    #: Column -> label (预期目标 / 实际完成情况) of the 年度总体目标 block being read.
    goal_columns: dict[int, str] = attrs.Factory(dict)
