"""HTML ``<table>`` blocks -> grids, with rowspan/colspan expanded.

PDF converters emit the project form (项目支出绩效自评表) as HTML because its
cells span rows and columns.  A spanning cell's text is copied into every
grid position it covers, so a ``rowspan`` category (一级指标) reaches each of
its rows and column positions line up with the header row, exactly as in a
pipe table.  Only the standard library's tolerant ``html.parser`` is used:
omitted end tags, stray text and unclosed tables are reported, never fatal.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import attrs

from jxrules.errors import LimitExceeded
from jxrules.ingest.grid import Grid, Row, indented, pad

#: Spans beyond this are clipped (a hostile ``colspan="1000000"`` must not eat memory).
MAX_SPAN = 1000
#: A table larger than this once spans are expanded is refused.
MAX_CELLS = 2_000_000
_SPACE = re.compile(r"\s+")


@attrs.define
class _Cell:
    text: list[str]
    rowspan: int
    colspan: int


@attrs.define
class _Table:
    line: int
    rows: list[tuple[int, list[_Cell]]] = attrs.Factory(list)
    notes: list[tuple[int, str, str]] = attrs.Factory(list)
    cell: _Cell | None = None


class _Parser(HTMLParser):
    def __init__(self, first_line: int) -> None:
        super().__init__(convert_charrefs=True)
        self.first_line = first_line
        self.stack: list[_Table] = []
        self.done: list[_Table] = []
        self.stray: list[tuple[int, str]] = []

    def _line(self) -> int:
        return self.getpos()[0] + self.first_line - 1

    def handle_starttag(self, tag: str, attrs_: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.stack.append(_Table(self._line()))
            return
        if not self.stack:
            return
        table = self.stack[-1]
        if tag == "tr":
            table.cell = None
            table.rows.append((self._line(), []))
        elif tag in ("td", "th"):
            if not table.rows:  # a cell before any <tr>: open an implicit row
                table.rows.append((self._line(), []))
            values = dict(attrs_)
            rowspan = self._span(table, values.get("rowspan"))
            cell = _Cell([], rowspan, self._span(table, values.get("colspan")))
            table.rows[-1][1].append(cell)
            table.cell = cell

    def _span(self, table: _Table, value: str | None) -> int:
        if value is None or not value.strip():
            return 1
        try:
            span = int(value.strip())
        except ValueError:
            table.notes.append((self._line(), value, f"跨行/跨列值 “{value}” 无效，按 1 读取"))
            return 1
        if span > MAX_SPAN:
            table.notes.append(
                (self._line(), value, f"跨行/跨列值 {span} 过大，按 {MAX_SPAN} 读取")
            )
        return min(max(span, 1), MAX_SPAN)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack:
            return
        table = self.stack[-1]
        if tag in ("td", "th", "tr"):
            table.cell = None
        elif tag == "table":
            self.done.append(self.stack.pop())

    def handle_data(self, data: str) -> None:
        if not self.stack:
            if data.strip():
                self.stray.append((self._line(), data.strip()))
            return
        table = self.stack[-1]
        if table.cell is not None:
            table.cell.text.append(data)
        elif data.strip():
            table.notes.append((self._line(), data.strip(), "表格单元格之外的文字未读入"))


def html_grids(text: str, first_line: int) -> tuple[list[Grid], list[tuple[int, str]]]:
    """Grids of every ``<table>`` in ``text`` and the text found outside any table."""
    parser = _Parser(first_line)
    parser.feed(text)
    parser.close()
    while parser.stack:  # unclosed tables: keep what was read, say so
        table = parser.stack.pop()
        table.notes.append((table.line, "<table>", "HTML 表格没有 </table> 结束标记"))
        parser.done.append(table)
    parser.done.sort(key=lambda t: t.line)
    return [_expand(t) for t in parser.done], parser.stray


def _expand(table: _Table) -> Grid:
    """Place every cell in a rectangular grid, copying spanning cells into each position."""
    taken: dict[tuple[int, int], str] = {}
    below: set[tuple[int, int]] = set()  # positions a rowspan copies a cell into
    indent: set[tuple[int, int]] = set()  # positions of a cell printed indented
    count = len(table.rows)
    budget = MAX_CELLS
    for r, (_line, cells) in enumerate(table.rows):
        c = 0
        for cell in cells:
            while (r, c) in taken:
                c += 1
            printed = "".join(cell.text)
            text = _SPACE.sub(" ", printed).strip()
            budget -= min(cell.rowspan, count - r) * cell.colspan
            if budget < 0:
                raise LimitExceeded(
                    f"第 {table.line} 行的 HTML 表格展开后超过 {MAX_CELLS} 个单元格 (table too large)"
                )
            for dr in range(min(cell.rowspan, count - r)):
                for dc in range(cell.colspan):
                    taken[(r + dr, c + dc)] = text
                    if dr:
                        below.add((r + dr, c + dc))
                    if indented([printed]):
                        indent.add((r + dr, c + dc))
            c += cell.colspan
    width = max((c for _, c in taken), default=-1) + 1
    if width * count > MAX_CELLS:
        raise LimitExceeded(
            f"第 {table.line} 行的 HTML 表格有 {count} 行 × {width} 列，超过 {MAX_CELLS} 个单元格"
        )
    matrix = pad([[taken.get((r, c), "") for c in range(width)] for r in range(count)])
    rows = [
        Row(
            tuple(cells),
            line,
            " | ".join(cells),
            f"第 {line} 行",
            frozenset(c for c in range(width) if (r, c) in below),
            frozenset(c for c in range(width) if (r, c) in indent),
        )
        for r, ((line, _), cells) in enumerate(zip(table.rows, matrix, strict=True))
    ]
    where = f"第 {table.line} 行的 HTML 表格"
    grid = Grid(rows, table.line, where)
    for line, shown, problem in table.notes:
        grid.rejected.append((Row((shown,), line, shown, f"第 {line} 行"), problem))
    return grid
