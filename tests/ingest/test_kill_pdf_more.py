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

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from jxrules.errors import InputError, Position
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
    def __init__(
        self,
        chars: list[dict[str, Any]],
        tables: list[list[_Box]] | None = None,
        images: int = 0,
    ) -> None:
        self.chars = chars
        self.width = 595.0
        self.images: list[Any] = [{"name": f"image{k}"} for k in range(images)]
        self._tables = tables or []

    def find_tables(self) -> list[Any]:
        """The tables as pdfplumber makes them from the cells its ruling lines enclose."""
        return [pdfplumber.table.Table(self, cells) for cells in self._tables]


def _read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *pages: _Page) -> list[Any]:
    """The pages' blocks: a paragraph as its text, a table as its rows (cells, text, name,
    the columns a cell of the row above is merged down into)."""

    @contextmanager
    def open_(_name: str) -> Iterator[SimpleNamespace]:
        yield SimpleNamespace(pages=list(pages))

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


def _blocks(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    lines: list[_Line],
    tables: list[list[_Box]] | None = None,
) -> list[Any]:
    """One page's blocks, as :func:`_read` shows them."""
    return _read(tmp_path, monkeypatch, _Page(_chars(lines), tables))


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


# ---------------------------------------------------------------- more cases of one page
A19 = "甲" * 19  # 100-290: one character short of the right margin
SHORT_ONE = (100.0, 115.0, 10.0, A19)


def _ten(first: _Line) -> list[_Line]:
    """``first``, then nine full lines (100-300) 5 points apart."""
    return [first, *((100.0, 115.0 + 15 * k, 10.0, B20) for k in range(9))]


CONTINUES_MORE: dict[str, tuple[list[_Line], list[str]]] = {
    # the next line's first unit (characters no line break may cut) would not have fitted on
    # the line one character short: an opening bracket or a quote with the next character
    "an-opening-bracket-and-its-character-would-not-have-fitted": (
        [FULL, SHORT_ONE, (100, 130, 10, "（乙乙")],
        [A20 + A19 + "（乙乙"],
    ),
    "a-quote-and-its-character-would-not-have-fitted": (
        [FULL, SHORT_ONE, (100, 130, 10, "“乙乙")],
        [A20 + A19 + "“乙乙"],
    ),
    # a Latin letter before a CJK character is a unit of its own, which would have fitted
    "a-latin-letter-before-cjk-would-have-fitted": (
        [FULL, SHORT_ONE, (100, 130, 10, "C乙乙")],
        [A20 + A19, "C乙乙"],
    ),
    # a line of one character is its own unit, which would have fitted
    "a-line-of-one-character-would-have-fitted": (
        [FULL, SHORT_ONE, (100, 130, 10, "乙")],
        [A20 + A19, "乙"],
    ),
    # full-width (F) and ambiguous (A) characters are CJK: no space when a Latin word follows
    "a-full-width-letter-and-a-latin-letter-join-without-space": (
        [(100, 100, 10, A19 + "Ａ"), (100, 115, 10, "B乙乙")],
        [A19 + "ＡB乙乙"],
    ),
    "an-ambiguous-width-numeral-and-a-latin-letter-join-without-space": (
        [(100, 100, 10, A19 + "Ⅲ"), (100, 115, 10, "B乙乙")],
        [A19 + "ⅢB乙乙"],
    ),
    # lines touching (no gap) do not count towards the usual gap, 10 here: a gap of 10 goes on
    "touching-lines-do-not-make-the-usual-gap": (
        [FULL, (100, 110, 10, B20), (100, 120, 10, B20), (100, 140, 10, C8)],
        [A20 + B20 + B20 + C8],
    ),
    # of ten lines, the one starting furthest left is not the left margin (10th percentile):
    # the last line, at 100, is not indented
    "of-ten-lines-the-leftmost-is-not-the-left-margin": (
        _ten((90, 100, 10, "甲" * 21)),
        ["甲" * 21 + B20 * 9],
    ),
    # of ten lines, the widest one is the right margin (90th percentile): the full lines at
    # 300 then end a character short of it, so each is a paragraph
    "of-ten-lines-the-widest-is-the-right-margin": (
        _ten((100, 100, 10, "甲" * 21)),
        ["甲" * 21 + B20, *[B20] * 8],
    ),
}


@pytest.mark.parametrize(("lines", "expected"), CONTINUES_MORE.values(), ids=CONTINUES_MORE.keys())
def test_more_lines_are_joined_into_these_paragraphs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lines: list[_Line], expected: list[str]
) -> None:
    assert _blocks(tmp_path, monkeypatch, lines) == expected


def _char(
    text: str, x: float, top: float, size: float = 10.0, height: float | None = None
) -> dict[str, Any]:
    """One character, ``size`` wide and ``height`` (default: ``size``) high."""
    bottom = top + (size if height is None else height)
    return {
        "text": text,
        "x0": x,
        "x1": x + size,
        "top": top,
        "bottom": bottom,
        "size": size,
        "upright": True,
    }


CHARS: dict[str, tuple[list[dict[str, Any]], list[str]]] = {
    # a character printed over itself (simulated bold) is read once
    "a-copy-half-a-point-off-is-read-once": (
        [_char("甲", 100, 100), _char("甲", 100.5, 100.5), _char("乙", 110, 100)],
        ["甲乙"],
    ),
    "a-copy-a-point-to-the-right-is-a-second-character": (
        [_char("甲", 100, 100), _char("甲", 101, 100), _char("乙", 111, 100)],
        ["甲甲乙"],
    ),
    "a-copy-a-point-lower-is-a-second-character": (
        [_char("甲", 100, 100), _char("甲", 100, 101), _char("乙", 110, 100)],
        ["甲甲乙"],
    ),
    # the copy's top in the next whole point below, or above, the first one's
    "a-copy-just-over-the-next-whole-point-below-is-read-once": (
        [_char("甲", 100, 100.9), _char("甲", 100, 101.2), _char("乙", 110, 100.9)],
        ["甲乙"],
    ),
    "a-copy-just-under-the-whole-point-above-is-read-once": (
        [_char("甲", 100, 101.2), _char("甲", 100, 100.9), _char("乙", 110, 101.2)],
        ["甲乙"],
    ),
    # rotated characters are not read
    "a-rotated-character-is-not-read": (
        [_char("甲", 100, 100), {**_char("乙", 110, 100), "upright": False}, _char("丙", 120, 100)],
        ["甲丙"],
    ),
    # a character whose middle is the line's bottom, or a flat one at its top, is on the line
    "a-character-half-its-height-lower-is-on-the-line": (
        [_char("甲", 100, 100), _char("乙", 110, 105)],
        ["甲乙"],
    ),
    "a-flat-character-at-the-lines-top-is-on-the-line": (
        [_char("甲", 100, 100), _char("乙", 110, 100, height=0)],
        ["甲乙"],
    ),
    # a line's bottom is its lowest character's, not its last one's
    "a-short-character-does-not-raise-the-lines-bottom": (
        [_char("甲", 100, 100, 20), _char("乙", 120, 100), _char("丙", 130, 105, 20)],
        ["甲乙丙"],
    ),
    # spaces: a gap of one font size between CJK characters is none; more than a fifth of
    # one between Latin letters is one (exactly a fifth: none) ...
    "cjk-characters-a-size-apart-are-not-spaced": (
        [_char("甲", 100, 100), _char("乙", 120, 100)],
        ["甲乙"],
    ),
    "latin-letters-a-fifth-of-a-size-apart-are-not-spaced": (
        [_char("A", 100, 100), _char("B", 112, 100)],
        ["AB"],
    ),
    # ... beyond the usual gap of a line of nine or more letters (letter spacing)
    "nine-letters-evenly-spaced-are-one-word": (
        [_char(letter, 100 + 13 * k, 100) for k, letter in enumerate("ABCDEFGHI")],
        ["ABCDEFGHI"],
    ),
    # a header row whose pieces are exactly 0.8 font sizes apart is one piece: no table
    "header-pieces-exactly-a-column-gap-apart-are-not-columns": (
        _chars(
            [
                (100, 100, 10, "三级指标"),
                (148, 100, 10, "年度指标值"),
                (206, 100, 10, "实际完成值"),
                (100, 115, 10, "企业数量"),
                (206, 115, 10, "27家"),
            ]
        ),
        ["三级指标年度指标值实际完成值企业数量 27家"],
    ),
}


@pytest.mark.parametrize(("chars", "expected"), CHARS.values(), ids=CHARS.keys())
def test_characters_are_read_as_this_text(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    chars: list[dict[str, Any]],
    expected: list[str],
) -> None:
    assert _read(tmp_path, monkeypatch, _Page(chars)) == expected


# ---------------------------------------------------------------- several pages
BODIES = "甲乙丙丁戊己庚辛壬癸"


def _pages(footers: list[_Line | None]) -> list[_Page]:
    """A page per entry of ``footers``: a body line of its own at the top (``甲页正文。``
    ...), and the footer, if any."""
    return [
        _Page(_chars([(100, 100, 10, f"{BODIES[n]}页正文。"), *([footer] if footer else [])]))
        for n, footer in enumerate(footers)
    ]


FOOTER: _Line = (100, 800, 10, "报告附注")

FURNITURE: dict[str, tuple[list[_Line | None], list[str]]] = {
    # a line at the same height (within 2 points and 0.3 font sizes) on two pages
    "a-footer-5-points-lower-on-the-next-page-is-furniture": (
        [FOOTER, (100, 805, 10, "报告附注")],
        ["甲页正文。乙页正文。"],
    ),
    "a-footer-5-and-a-half-points-lower-on-the-next-page-is-text": (
        [FOOTER, (100, 805.5, 10, "报告附注")],
        ["甲页正文。报告附注", "乙页正文。报告附注"],
    ),
    # digits are masked and spaces ignored: these are the same footer ...
    "footers-differing-in-digits-and-spaces-are-furniture": (
        [(100, 800, 10, "报告 1"), (100, 800, 10, "报告2")],
        ["甲页正文。乙页正文。"],
    ),
    # ... and a number is masked as "#"
    "a-number-is-masked-as-a-hash-sign": (
        [(100, 800, 10, "报告#"), (100, 800, 10, "报告2")],
        ["甲页正文。乙页正文。"],
    ),
    # of ten pages, a line must be on four (40 %, rounded up)
    "a-footer-on-three-of-ten-pages-is-text": (
        [FOOTER] * 3 + [None] * 7,
        [
            *(f"{b}页正文。报告附注" for b in BODIES[:3]),
            "".join(f"{b}页正文。" for b in BODIES[3:]),
        ],
    ),
    "a-footer-on-four-of-ten-pages-is-furniture": (
        [FOOTER] * 4 + [None] * 6,
        ["".join(f"{b}页正文。" for b in BODIES)],
    ),
}


@pytest.mark.parametrize(("footers", "expected"), FURNITURE.values(), ids=FURNITURE.keys())
def test_lines_repeated_on_pages_are_furniture(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    footers: list[_Line | None],
    expected: list[str],
) -> None:
    assert _read(tmp_path, monkeypatch, *_pages(footers)) == expected


BODY_1, BODY_2 = (100.0, 100.0, 10.0, "甲页正文。"), (100.0, 700.0, 10.0, "乙页正文。")

PAGE_NUMBERS: dict[str, tuple[list[_Line], list[str]]] = {
    # a page number is dropped only as a page's first or last line ...
    "a-page-number-inside-the-page-is-text": (
        [BODY_1, (100, 400, 10, "3/12"), BODY_2],
        ["甲页正文。3/12", "乙页正文。"],
    ),
    "a-page-number-as-the-first-line-is-dropped": (
        [(100, 50, 10, "3/12"), BODY_1, BODY_2],
        ["甲页正文。乙页正文。"],
    ),
    # ... and a bare number only up to the page count plus 10 (here 11)
    "a-bare-11-at-the-end-of-one-page-is-its-number": (
        [BODY_1, BODY_2, (100, 800, 10, "11")],
        ["甲页正文。乙页正文。"],
    ),
    "a-bare-12-at-the-end-of-one-page-is-text": (
        [BODY_1, BODY_2, (100, 800, 10, "12")],
        ["甲页正文。", "乙页正文。12"],
    ),
    "a-year-at-the-end-of-a-page-is-text": (
        [BODY_1, BODY_2, (100, 800, 10, "2023")],
        ["甲页正文。", "乙页正文。2023"],
    ),
}


@pytest.mark.parametrize(("lines", "expected"), PAGE_NUMBERS.values(), ids=PAGE_NUMBERS.keys())
def test_page_numbers_at_a_pages_edge_are_dropped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lines: list[_Line], expected: list[str]
) -> None:
    assert _blocks(tmp_path, monkeypatch, lines) == expected


def test_a_page_with_text_and_pictures_is_not_scanned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only a page without text but with pictures is named as scanned."""
    page = _Page(_chars([BODY_1]), images=1)
    assert _read(tmp_path, monkeypatch, page) == ["甲页正文。"]


def test_a_line_beside_a_table_at_its_top_is_read_before_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cells: list[_Box] = [(90, 90, 200, 120), (200, 90, 300, 120)]
    lines: list[_Line] = [(100, 100, 10, "甲"), (210, 100, 10, "乙"), (400, 90, 10, "注")]
    assert _blocks(tmp_path, monkeypatch, lines, [cells]) == ["注", [_row(1, "甲", "乙")]]


def test_without_pdfplumber_the_error_names_the_package_and_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.4\n")
    monkeypatch.setitem(sys.modules, "pdfplumber", None)  # import pdfplumber now fails
    with pytest.raises(InputError) as caught:
        pdf.read_blocks(path)
    assert caught.value.message == "读取 .pdf 需要 pdfplumber：请运行 pip install 'jxrules[pdf]'"
    assert caught.value.position == Position(str(path))


ALIGNED: dict[str, tuple[list[_Line], list[Any]]] = {
    # a known header of two columns starts a table without rules
    "a-header-of-two-columns-starts-a-table": (
        [
            (100, 100, 10, "三级指标"),
            (200, 100, 10, "实际完成值"),
            (100, 115, 10, "企业数量"),
            (200, 115, 10, "27家"),
        ],
        [[_row(1, "三级指标", "实际完成值"), _row(2, "企业数量", "27家")]],
    ),
    # two pieces that are no known header start none, whatever lines follow
    "two-pieces-no-header-knows-are-text": (
        [
            (100, 100, 10, "甲甲"),
            (200, 100, 10, "乙乙"),
            (100, 115, 10, "丙丙"),
            (200, 115, 10, "丁丁"),
        ],
        ["甲甲 乙乙丙丙 丁丁"],
    ),
}


@pytest.mark.parametrize(("lines", "expected"), ALIGNED.values(), ids=ALIGNED.keys())
def test_only_a_known_header_starts_a_table_without_rules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lines: list[_Line], expected: list[Any]
) -> None:
    assert _blocks(tmp_path, monkeypatch, lines) == expected
