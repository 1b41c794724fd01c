"""Reader for Word documents (``.docx``; optional extra ``jxrules[docx]``, python-docx).

The body's paragraphs and tables are read in document order and become the same blocks a
Markdown file gives (lines of text, grids), so table recognition, page splits and facts are
read by the same code.  A paragraph's soft line breaks make separate lines.  A merged cell
repeats its text in every cell it covers (as python-docx gives it, and as an Excel range is
expanded); the rows a vertical merge covers below its first know it (``Row.merged_down``),
so a score cell shared by a group's rows is the group's (``score_group``).  Blocks are numbered in reading order (a paragraph line or a table row each takes
one number); a finding names its table and row, never a line of the file, since a Word file
has none.

Read with a warning, not lost: text in a text box (Word keeps it outside the body's flow),
and a table nested in a cell (its text stays in the outer cell; its rows are not read as a
table).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs

from jxrules.errors import InputError, Position
from jxrules.ingest import files
from jxrules.ingest.assemble import assemble, placed
from jxrules.ingest.grid import Block, Grid, Row, Text
from jxrules.model import Report

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read(path: Path) -> list[Report]:
    """Every report in a Word document (usually one; one per form if it holds several)."""
    reports = assemble(read_blocks(path), str(path))
    return [placed(report, lambda _: None) for report in reports]  # a Word file has no lines


def read_blocks(path: Path) -> list[Block]:
    """The document's paragraphs and tables as blocks, in document order."""
    docx = files.optional_library("docx", "python-docx", "docx", path)
    name = str(path)
    files.refuse_zip_bomb(path, "Word 文件")
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises zipfile, KeyError, ValueError … on bad files
        raise InputError(
            f"无法读取 Word 文件（不是有效的 .docx）：{type(exc).__name__}: {exc}", Position(name)
        ) from None
    return list(_blocks(document))


def _blocks(document: Any) -> Iterator[Block]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    number = paragraphs = tables = 0
    for child in document.element.body.iterchildren():
        if child.tag == f"{_W}p":
            number += 1
            paragraphs += 1
            for line in Paragraph(child, document).text.split("\n"):
                if line.strip():
                    yield Text(line.strip(), number)
                    number += 1
            boxed = _text_box_text(child)
            if boxed:
                yield _warning(number, f"第 {paragraphs} 段", "文本框中的文字未读入", boxed)
        elif child.tag == f"{_W}tbl":
            tables += 1
            grid = _grid(Table(child, document), number + 1, tables)
            number += len(grid.rows) + 1
            yield grid


def _grid(table: Any, first: int, ordinal: int) -> Grid:
    """One Word table as a grid: a row per table row, merged cells repeating their text."""
    where = f"第 {ordinal} 个表格"
    rows = []
    nested = 0
    seen: set[int] = set()  # a merged cell comes once per position it covers
    above: list[Any] = []  # the row above's cell elements (kept alive: compared by identity)
    for index, row in enumerate(table.rows):
        here = list(row.cells)
        cells = tuple(cell.text.strip() for cell in here)
        for cell in here:
            if id(cell._tc) not in seen:
                seen.add(id(cell._tc))
                nested += len(cell.tables)
        text = " | ".join(cells)
        # a vertical merge (vMerge) gives the cell above again: one score over several rows
        down = frozenset(
            c for c, cell in enumerate(here) if c < len(above) and cell._tc is above[c]
        )
        rows.append(Row(cells, first + index, text, f"{where}第 {index + 1} 行", down))
        above = [cell._tc for cell in here]
    width = max((len(r.cells) for r in rows), default=0)
    rows = [attrs.evolve(r, cells=r.cells + ("",) * (width - len(r.cells))) for r in rows]
    grid = Grid(rows, first, where)
    if nested:
        problem = "单元格中嵌有表格，其行未作为表格读入（文字保留在外层单元格中）"
        shown = f"{nested} 个嵌套表格"
        grid.rejected.append((Row((shown,), first, shown, where), problem))
    return grid


def _text_box_text(paragraph: Any) -> str:
    """The text of any text box anchored in this paragraph (Word keeps it out of the flow)."""
    boxes = paragraph.iter(f"{_W}txbxContent")
    texts = ["".join(t.text or "" for t in box.iter(f"{_W}t")) for box in boxes]
    return " ".join(text.strip() for text in texts if text.strip())


def _warning(number: int, where: str, problem: str, text: str) -> Grid:
    """An empty grid that only carries a warning (the reader's way to say what it skipped)."""
    grid = Grid([], number, where)
    grid.rejected.append((Row((text,), number, text, where), problem))
    return grid
