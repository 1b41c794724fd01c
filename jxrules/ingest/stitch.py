"""From grids and text lines to whole tables: page splits undone.

A PDF converter cuts a table wherever the page ends: the next page starts with
the header again, or with a header-less piece (sometimes a blank header row).
Both continue the table before them when little text lies between (a page
footer) and the shape agrees: same header text, or same width.  A budget or
indicator table ends at its total row, so the expenditure table that follows
the income table under the same header starts afresh.

Rows that are not table data are still read: form rows go to
:mod:`jxrules.ingest.forms`, title rows are matched against the fact
patterns.  What nothing recognises becomes an ingest finding; nothing is
dropped silently.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from jxrules.errors import QuantityError
from jxrules.ingest.facts import mentions_fact
from jxrules.ingest.forms import is_text_row, read_form, split_reports
from jxrules.ingest.grid import Barrier, Block, Grid, Row, Text, row_finding, table_finding
from jxrules.ingest.headers import (
    Header,
    distinct,
    form_label,
    money_unit,
    names_a_column,
    normalise,
    recognise,
    vocabulary,
)
from jxrules.ingest.tables import Segment, Table
from jxrules.quantities.decimals import parse_decimal

#: Non-empty text lines allowed between two pieces of one table (page footer/header).
MAX_GAP = 2
#: Lines before a table kept to tell what it is (收入 or 支出).
CONTEXT_LINES = 3


def stitch(blocks: Sequence[Block]) -> list[Segment]:
    """One :class:`Segment` per report (a file of several project forms gives several)."""
    return [_Stitcher().run(part) for part in split_reports(blocks)]


def _pairs(row: Row) -> tuple[str, list[tuple[str, str]]] | None:
    """``项目资金 | 预算数 | 10.00 | 执行数 | 9.50``: (the title, the label/value pairs).

    A row is a row of pairs when, after at most one title cell, its non-empty cells alternate
    a known column header and a number (at least two pairs).
    """
    cells = [c.strip() for c in row.cells if c.strip()]
    columns = vocabulary().columns
    title = ""
    if cells and normalise(cells[0]) not in columns:
        title, cells = cells[0], cells[1:]
    if len(cells) < 4 or len(cells) % 2:
        return None
    pairs = list(zip(cells[::2], cells[1::2], strict=True))
    if all(normalise(label) in columns and _numeric(value) for label, value in pairs):
        return title, pairs
    return None


def _numeric(text: str) -> bool:
    try:
        return parse_decimal(money_unit(text)[0], allow_percent=True) is not None
    except QuantityError:
        return False


def side_by_side(grid: Grid) -> list[Grid]:
    """A grid whose rows hold label/value pairs side by side (``预算数 | 10.00 | 执行数 |
    9.50``), with each run of such rows made a table of its own: a header row of the labels
    and one row of the values, named as the 项目资金 block's total (年度资金总额)."""
    found = [(i, p) for i, row in enumerate(grid.rows) if (p := _pairs(row)) is not None]
    if not found:
        return [grid]
    total = next(iter(vocabulary().funds_total_names), "")
    pieces: list[Grid] = []
    start = 0
    runs: list[list[tuple[int, tuple[str, list[tuple[str, str]]]]]] = []
    for index, pair in found:
        if runs and runs[-1][-1][0] == index - 1:
            runs[-1].append((index, pair))
        else:
            runs.append([(index, pair)])
    for run in runs:
        first, last = run[0][0], run[-1][0]
        if first > start:
            pieces.append(attrs.evolve(grid, rows=grid.rows[start:first], rejected=[]))
        title = next((t for _, (t, _) in run if t), "")
        labels = [label for _, (_, pairs) in run for label, _ in pairs]
        values = [value for _, (_, pairs) in run for _, value in pairs]
        row = grid.rows[first]
        header = Row((title, *labels), row.line, row.text, row.where)
        data = Row((total, *values), row.line, " | ".join(values), row.where)
        pieces.append(attrs.evolve(grid, rows=[header, data], rejected=[]))
        start = last + 1
    if start < len(grid.rows):
        pieces.append(attrs.evolve(grid, rows=grid.rows[start:], rejected=[]))
    pieces[0].rejected = list(grid.rejected)
    return pieces


class _Stitcher:
    def __init__(self) -> None:
        self.seg = Segment()
        self.open: Table | None = None
        self.gap = 0
        self.recent: list[str] = []
        #: The last row read was a 年度总体目标 row (a pipe table leaves the merged label blank).
        self.in_goal = False

    def run(self, blocks: Sequence[Block]) -> Segment:
        for block in blocks:
            if isinstance(block, Text):
                self.seg.narrative.append(block.text)
                self.seg.text_lines.append((block.line, block.text))
                self.seg.facts.append(block.text)
                self.recent.append(block.text)
                self.gap += 1
            elif isinstance(block, Barrier):
                self.open = None
            elif block.rows or block.rejected:
                for piece in side_by_side(block):
                    self.grid(piece)
                self.gap, self.recent = 0, []
        first = next((b for b in blocks if not isinstance(b, Barrier)), None)
        self.seg.line = first.line if first is not None else 1
        return self.seg

    def _continues(self, grid: Grid) -> bool:
        """A header-less grid continues the open table: close by, same width, data first.

        A first row naming a known column (``序号``…) is the header of some other table.
        """
        o = self.open
        if o is None or o.closed or self.gap > MAX_GAP or grid.width != o.width:
            return False
        first = next((r for r in grid.rows if not r.blank()), None)
        return first is None or not names_a_column(first.cells)

    def grid(self, grid: Grid) -> None:
        headers = {i: h for i, row in enumerate(grid.rows) if (h := recognise(row.cells))}
        touched: Table | None = None
        unknown: list[Row] = []
        if not headers and self._continues(grid):
            assert self.open is not None
            touched = self.open
            for row in grid.rows:
                self._row(touched, row, grid)
        else:
            table: Table | None = None
            for i, row in enumerate(grid.rows):
                if i in headers:
                    self.in_goal = False
                    table = self._start(headers[i], row, grid)
                    touched = touched or table
                elif table is None:
                    self._loose(row, grid, unknown)
                else:
                    self._row(table, row, grid)
            if not headers:
                self.open = None
        if touched is not None:
            touched.notes.extend(grid.rejected)
        else:
            self.seg.findings.extend(row_finding(r, p, None) for r, p in grid.rejected)
        if unknown and not headers:
            problem = f"未识别的表格（没有已知的表头），{len(unknown)} 行未读入"
            self.seg.findings.append(
                table_finding(grid.where, unknown[0].line, problem, unknown[0].text)
            )
        elif unknown:
            problem = "表头之前的行未识别，未读入"
            self.seg.findings.extend(row_finding(r, problem, None, "info") for r in unknown)

    def _start(self, header: Header, row: Row, grid: Grid) -> Table:
        o = self.open
        if (
            o is not None
            and not o.closed
            and self.gap <= MAX_GAP
            and o.header.texts == header.texts
        ):
            return o  # the header repeated after a page break: same table
        context = (*self.recent[-CONTEXT_LINES:], *grid.context)
        table = Table(header, row, grid.where, context)
        self.seg.tables.append(table)
        self.open, self.gap, self.recent = table, 0, []
        return table

    def _form_row(self, row: Row) -> bool:
        """Read a form row (``项目名称 | …``, 年度总体目标 and its continuation rows)."""
        label = form_label(row.cells)
        if label is None and self.in_goal and not row.cells[0].strip():
            label = next(iter(vocabulary().goal))  # the merged 年度总体目标 cell, left blank
        self.in_goal = label is not None and label in vocabulary().goal
        if label is None:
            return False
        read_form(self.seg, row, label)
        return True

    def _row(self, table: Table, row: Row, grid: Grid) -> None:
        if row.blank() or table.only_copies(row):
            return
        if self._form_row(row):
            return
        if len(set(row.cells)) == 1:  # one text across the whole width: a title row
            self._text_row(row, grid)
        else:
            table.rows.append(row)
            if table.kind != "funds" and table.is_total_row(row):
                table.closed = True

    def _loose(self, row: Row, grid: Grid, unknown: list[Row]) -> None:
        if row.blank() or self._form_row(row):
            return
        if is_text_row(row):
            self._text_row(row, grid)
        else:
            unknown.append(row)

    def _text_row(self, row: Row, grid: Grid) -> None:
        text = distinct(row.cells)[0]
        self.recent.append(text)
        self.seg.facts.append(text)
        if grid.text_rows_to_narrative:
            self.seg.narrative.append(text)
        elif not mentions_fact(text):
            problem = "表格中的文字行不是已知的表头、表单项或报告信息，未读入"
            self.seg.findings.append(row_finding(row, problem, None, "info"))
