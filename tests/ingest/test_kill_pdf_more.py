"""PDF reading pinned where the mutation run found it loose (issue #25), continued: when a
printed line goes on with the paragraph above it (font size, indent, a hanging indent, the
gap between lines, whether the next line's first character would have fitted), and which
ruled boxes are tables.

Every page here is made of characters placed exactly (pdfplumber's ``open`` gives them), each
CJK character one font size wide, so a line ends, starts or stands below another at the exact
edge a rule of :func:`jxrules.ingest.pdf._continues` compares.  The body's margins are
measured from these lines: left 100, right 300 (twenty characters of size 10), and the usual
gap between two lines is 5 points.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from jxrules.ingest import pdf
from jxrules.ingest.grid import Grid, Text

pdfplumber = pytest.importorskip("pdfplumber")

#: (left edge, top, font size, text): one printed line; each character is one font size wide.
_Line = tuple[float, float, float, str]
#: A cell of a ruled table: (x0, top, x1, bottom).
_Box = tuple[float, float, float, float]


def _chars(lines: list[_Line]) -> list[dict[str, Any]]:
    chars = []
    for x, top, size, text in lines:
        for char in text:
            chars.append(
                {
                    "text": char,
                    "x0": x,
                    "x1": x + size,
                    "top": top,
                    "bottom": top + size,
                    "size": size,
                    "upright": True,
                }
            )
            x += size
    return chars


class _Page:
    def __init__(self, lines: list[_Line], tables: list[list[_Box]]) -> None:
        self.chars = _chars(lines)
        self.width = 595.0
        self.images: list[Any] = []
        self._tables = tables

    def find_tables(self) -> list[Any]:
        """The tables as pdfplumber makes them from the cells its ruling lines enclose."""
        return [pdfplumber.table.Table(self, cells) for cells in self._tables]


def _blocks(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    lines: list[_Line],
    tables: list[list[_Box]] | None = None,
) -> list[Any]:
    """The page's blocks: a paragraph as its text, a table as its rows (cells, text, name,
    the columns a cell of the row above is merged down into)."""

    @contextmanager
    def open_(_name: str) -> Iterator[SimpleNamespace]:
        yield SimpleNamespace(pages=[_Page(lines, tables or [])])

    monkeypatch.setattr(pdfplumber, "open", open_)
    path = tmp_path / "page.pdf"
    path.write_bytes(b"%PDF-1.4\n")
    out: list[Any] = []
    for block in pdf.read_blocks(path):
        if isinstance(block, Text):
            out.append(block.text)
        else:
            assert isinstance(block, Grid)
            out.append([(row.cells, row.text, row.where, row.merged_down) for row in block.rows])
    return out


A20, B20, C8 = "甲" * 20, "乙" * 20, "丙" * 8
#: A full line at the left margin, 100-300: it reaches the right margin.
FULL = (100.0, 100.0, 10.0, A20)

CONTINUES: dict[str, tuple[list[_Line], list[str]]] = {
    # the font sizes of two lines may differ by up to 15 % of the larger, inclusive
    "sizes-differing-by-exactly-15-percent-are-one-paragraph": (
        [FULL, (100, 115, 8.5, B20)],
        [A20 + B20],
    ),
    "a-size-5-percent-smaller-is-one-paragraph": (
        [FULL, (100, 115, 9.5, B20)],
        [A20 + B20],
    ),
    # a heading in a larger font, full to the right margin, ends before the body text
    "a-larger-heading-is-not-joined-to-the-body": (
        [(100, 100, 14, "丁" * 14), (100, 119, 10, B20), (100, 134, 10, B20)],
        ["丁" * 14, B20 + B20],
    ),
    # a line indented by half a character is no paragraph's first line (inclusive) ...
    "indented-by-exactly-half-a-character-goes-on": (
        [FULL, (105, 115, 10, "乙" * 19), (100, 130, 10, C8)],
        [A20 + "乙" * 19 + C8],
    ),
    # ... a line indented by one character or two is one
    "indented-by-one-character-starts-a-paragraph": (
        [FULL, (110, 115, 10, "乙" * 19), (100, 130, 10, C8)],
        [A20, "乙" * 19 + C8],
    ),
    "indented-by-two-characters-starts-a-paragraph": (
        [FULL, (120, 115, 10, "乙" * 18), (100, 130, 10, C8)],
        [A20, "乙" * 18 + C8],
    ),
    # a hanging indent: the line below starts where the indented line does (within a quarter
    # of a character, exclusive), so the indented line is a list item's wrapped line
    "a-hanging-indent-goes-on": (
        [FULL, (120, 115, 10, "乙" * 18), (120, 130, 10, C8)],
        [A20 + "乙" * 18, C8],
    ),
    "a-hanging-indent-one-point-off-goes-on": (
        [FULL, (120, 115, 10, "乙" * 18), (121, 130, 10, C8)],
        [A20 + "乙" * 18, C8],
    ),
    "a-line-below-a-quarter-character-off-is-no-hanging-indent": (
        [FULL, (120, 115, 10, "乙" * 18), (122.5, 130, 10, C8)],
        [A20, "乙" * 18, C8],
    ),
    "a-line-below-one-character-further-in-is-no-hanging-indent": (
        [FULL, (120, 115, 10, "乙" * 18), (130, 130, 10, C8)],
        [A20, "乙" * 18, C8],
    ),
    # the gap between two lines may exceed the usual 5 by half a font size, inclusive
    "a-gap-of-the-usual-plus-half-a-size-goes-on": (
        [FULL, (100, 115, 10, B20), (100, 130, 10, B20), (100, 150, 10, C8)],
        [A20 + B20 + B20 + C8],
    ),
    "a-gap-of-the-usual-plus-one-and-a-half-sizes-starts-a-paragraph": (
        [FULL, (100, 115, 10, B20), (100, 130, 10, B20), (100, 155, 10, C8)],
        [A20 + B20 + B20, C8],
    ),
    # a line is joined with the next only if the next one's first character would not have
    # fitted: after a line ending at 292.5, a character 10 wide overflows the margin 300 by
    # exactly a quarter of a character, which still fits
    "a-next-character-overflowing-by-a-quarter-would-have-fitted": (
        [FULL, (102.5, 115, 10, "乙" * 19), (100, 130, 10, C8)],
        [A20 + "乙" * 19, C8],
    ),
    "a-next-character-overflowing-by-a-point-would-have-fitted": (
        [FULL, (101, 115, 10, "乙" * 19), (100, 130, 10, C8)],
        [A20 + "乙" * 19, C8],
    ),
    "a-next-character-overflowing-by-more-than-a-quarter-would-not-have-fitted": (
        [FULL, (103, 115, 10, "乙" * 19), (100, 130, 10, C8)],
        [A20 + "乙" * 19 + C8],
    ),
}


@pytest.mark.parametrize(("lines", "expected"), CONTINUES.values(), ids=CONTINUES.keys())
def test_lines_are_joined_into_these_paragraphs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lines: list[_Line], expected: list[str]
) -> None:
    assert _blocks(tmp_path, monkeypatch, lines) == expected


def _row(k: int, *cells: str, down: frozenset[int] = frozenset()) -> tuple[Any, ...]:
    return cells, " | ".join(cells), f"第 1 页的表格第 {k} 行", down


#: A table of two cells side by side, 90-210 and 210-310, from 90 to 140: ``P`` is the left one.
P, Q = (90.0, 90.0, 210.0, 140.0), (210.0, 90.0, 310.0, 140.0)
E = "戊"
#: ``Q``'s text.
Q_TEXT: _Line = (220, 100, 10, E)
#: Three cells: A and B side by side (90-200, 200-310) over C, under A only (rows at 90, 110).
A, B = (90.0, 90.0, 200.0, 110.0), (200.0, 90.0, 310.0, 110.0)
ABC_TEXT: list[_Line] = [(100, 95, 10, "甲"), (210, 95, 10, "乙"), (100, 115, 10, "丙")]

TABLES: dict[str, tuple[list[_Box], list[_Line], list[Any]]] = {
    # a ruled box of one cell is a frame around text: the text is read as a paragraph
    "a-frame-of-one-cell-is-text": (
        [(90, 90, 310, 120)],
        [(100, 100, 10, C8)],
        [C8],
    ),
    "two-rows-of-one-cell-are-a-table": (
        [(90, 90, 310, 115), (90, 115, 310, 140)],
        [(100, 100, 10, C8), (100, 122, 10, "丁" * 3)],
        [[_row(1, C8), _row(2, "丁" * 3)]],
    ),
    "one-row-of-two-cells-is-a-table": (
        [(90, 90, 200, 120), (200, 90, 310, 120)],
        [(100, 100, 10, C8), (210, 100, 10, "丁" * 3)],
        [[_row(1, C8, "丁" * 3)]],
    ),
    # a character whose centre lies on the table's edge is in the table
    "a-character-centred-on-the-top-left-corner-is-in-the-table": (
        [(90, 90, 200, 120), (200, 90, 310, 120)],
        [(85, 85, 10, "丁"), (210, 100, 10, E)],
        [[_row(1, "丁", E)]],
    ),
    "a-character-centred-on-the-bottom-right-corner-is-in-the-table": (
        [(90, 90, 200, 120), (200, 90, 310, 120)],
        [(100, 100, 10, "丁"), (305, 115, 10, E)],
        [[_row(1, "丁", E)]],
    ),
    # a position no cell covers (a row shorter than the one above) is an empty cell
    "a-position-no-cell-covers-is-empty": (
        [A, B, (90, 110, 200, 130)],
        ABC_TEXT,
        [[_row(1, "甲", "乙"), _row(2, "丙", "")]],
    ),
    # the cell that holds a position's centre, even on its right or bottom edge, covers it
    "a-cell-ending-at-the-centre-of-the-position-beside-covers-it": (
        [A, B, (90, 110, 255, 130)],
        ABC_TEXT,
        [[_row(1, "甲", "乙"), _row(2, "丙", "丙")]],
    ),
    "a-cell-ending-at-the-centre-of-the-position-below-covers-it": (
        [A, (200, 90, 310, 120), (90, 110, 200, 130)],
        ABC_TEXT,
        [[_row(1, "甲", "乙"), _row(2, "丙", "乙", down=frozenset({1}))]],
    ),
    # the table's first cell, over two rows, is merged down into the second
    "the-first-cell-over-two-rows-is-merged-down": (
        [(90, 90, 200, 130), (200, 90, 310, 110), (200, 110, 310, 130)],
        [(100, 95, 10, "甲"), (210, 95, 10, "乙"), (210, 115, 10, "丙")],
        [[_row(1, "甲", "乙"), _row(2, "甲", "丙", down=frozenset({0}))]],
    ),
    # a cell's lines are one paragraph when the next one's first character would not have
    # fitted (the cell's right padding is its left one, 10: the text's edge is 200) ...
    "a-full-cell-line-goes-on": (
        [P, Q],
        [(100, 95, 10, "甲" * 10), (100, 115, 10, "乙" * 3), Q_TEXT],
        [[_row(1, "甲" * 10 + "乙" * 3, E)]],
    ),
    # ... and it would have, overflowing 200 by a quarter of a character
    "a-cell-line-a-character-short-breaks": (
        [P, Q],
        [(102.5, 95, 10, "甲" * 9), (100, 115, 10, "乙" * 3), Q_TEXT],
        [[_row(1, "甲" * 9 + "\n" + "乙" * 3, E)]],
    ),
    # text flush with the cell's left rule: no padding, the edge is the rule at 210
    "a-cell-without-padding-reaches-its-rule": (
        [P, Q],
        [(102, 95, 10, "甲" * 10), (90, 115, 10, "乙" * 3), Q_TEXT],
        [[_row(1, "甲" * 10 + "\n" + "乙" * 3, E)]],
    ),
    # a line starting with an outline marker starts a new paragraph in the cell
    "an-outline-marker-starts-a-paragraph-in-a-cell": (
        [P, Q],
        [(100, 95, 10, "甲" * 10), (100, 115, 10, "（二）乙"), Q_TEXT],
        [[_row(1, "甲" * 10 + "\n（二）乙", E)]],
    ),
    # a cell holding only a space is empty
    "a-cell-of-a-space-is-empty": (
        [P, Q],
        [(100, 95, 10, "甲" * 10), (220, 100, 10, " ")],
        [[_row(1, "甲" * 10, "")]],
    ),
}


@pytest.mark.parametrize(("cells", "lines", "expected"), TABLES.values(), ids=TABLES.keys())
def test_ruled_tables_are_read_as_these_blocks(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    cells: list[_Box],
    lines: list[_Line],
    expected: list[Any],
) -> None:
    assert _blocks(tmp_path, monkeypatch, lines, [cells]) == expected


def test_latin_words_either_side_of_a_line_break_are_spaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the characters at the break count: CJK text before the last Latin letter or
    after the first one adds no space and takes none away."""
    lines: list[_Line] = [(100, 100, 10, "甲" * 19 + "B"), (100, 115, 10, "C" + "乙" * 19)]
    assert _blocks(tmp_path, monkeypatch, lines) == ["甲" * 19 + "B C" + "乙" * 19]
