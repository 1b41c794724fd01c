"""HTML tables pinned where the mutation run found them loose (issue #25): text between cells
is told, never glued to the cell before it, whichever end tag closed that cell; an unclosed
table is read and its whole warning names the line of its ``<table>``."""

from __future__ import annotations

import pytest

from jxrules.errors import LimitExceeded
from jxrules.ingest import html_table
from jxrules.ingest.grid import indented
from jxrules.ingest.html_table import html_grids
from jxrules.ingest.markdown import read_string

HEADER = "<tr><th>三级指标</th><th>实际完成值</th></tr>"


def _read(
    text: str,
) -> tuple[list[tuple[str | None, str | None]], list[tuple[str, int | None, str]]]:
    (report,) = read_string(text, "t.md")
    indicators = [(i.name, i.actual) for i in report.indicators]
    findings = [(f.severity, f.location.line, f.message) for f in report.ingest_findings]
    return indicators, findings


OUTSIDE = "表格单元格之外的文字未读入"


@pytest.mark.parametrize(
    ("rows", "indicators", "findings"),
    [
        # after </td> the next text is outside any cell
        (
            HEADER + "\n<tr><td>甲</td>注<td>1个</td></tr>",
            [("甲", "1个")],
            [("warning", 4, f"第 4 行：{OUTSIDE}：注")],
        ),
        # after </th> too: the header keeps its own words
        (
            "<tr><th>三级指标</th>注<th>实际完成值</th></tr>\n<tr><td>甲</td><td>1个</td></tr>",
            [("甲", "1个")],
            [("warning", 3, f"第 3 行：{OUTSIDE}：注")],
        ),
        # </tr> closes a cell whose </td> was omitted
        (
            HEADER + "\n<tr><td>甲<td>1个</tr>注\n<tr><td>乙<td>2个</tr>",
            [("甲", "1个"), ("乙", "2个")],
            [("warning", 4, f"第 4 行：{OUTSIDE}：注")],
        ),
    ],
    ids=["after-td", "after-th", "after-tr-with-td-omitted"],
)
def test_text_after_a_closed_cell_is_told_and_not_added_to_the_cell(
    rows: str,
    indicators: list[tuple[str, str]],
    findings: list[tuple[str, int, str]],
) -> None:
    got = _read("前言\n<table>\n" + rows + "\n</table>\n")
    assert got == (indicators, findings)


def test_an_unclosed_table_is_read_and_its_warning_names_the_line_of_its_table_tag() -> None:
    text = "前言\n\n<table>\n" + HEADER + "\n<tr><td>甲</td><td>1个</td></tr>\n"
    assert _read(text) == (
        [("甲", "1个")],
        [("warning", 3, "第 3 行：HTML 表格没有 </table> 结束标记：<table>")],
    )


def _grid(html: str) -> tuple[list[tuple[object, ...]], list[tuple[int, str, str]]]:
    """The rows of the one grid in ``html`` (cells, line, text, merged down, indented) and its
    notes (line, text shown, problem)."""
    [grid], stray = html_grids(html, 1)
    assert stray == []
    rows = [(r.cells, r.line, r.text, r.merged_down, r.indented) for r in grid.rows]
    notes = [(row.line, row.text, problem) for row, problem in grid.rejected]
    return rows, notes


NONE: frozenset[int] = frozenset()


@pytest.mark.parametrize(
    ("html", "rows", "notes"),
    [
        # a cell's pieces (split by tags) joined as they are, runs of white space made one
        (
            "<table><tr><td>甲  \n 乙</td><td>丙<br>丁</td></tr></table>",
            [(("甲 乙", "丙丁"), 1, "甲 乙 | 丙丁", NONE, NONE)],
            [],
        ),
        # a short row is padded with empty cells
        (
            "<table><tr><td>a</td><td>b</td></tr>\n<tr><td>c</td></tr></table>",
            [(("a", "b"), 1, "a | b", NONE, NONE), (("c", ""), 2, "c | ", NONE, NONE)],
            [],
        ),
        # a cell spanning two rows and two columns: copied into each, merged down below its
        # first row, and its indent (a full-width space) kept in every position it covers
        (
            '<table><tr><td>a</td><td rowspan="2" colspan="2">\u3000b</td></tr>\n'
            "<tr><td>c</td></tr></table>",
            [
                (("a", "b", "b"), 1, "a | b | b", NONE, frozenset({1, 2})),
                (("c", "b", "b"), 2, "c | b | b", frozenset({1, 2}), frozenset({1, 2})),
            ],
            [],
        ),
        # spans written as 1 are one cell
        (
            '<table><tr><td colspan="1" rowspan="1">a</td><td>b</td></tr></table>',
            [(("a", "b"), 1, "a | b", NONE, NONE)],
            [],
        ),
        # a span that is no number is told and read as 1
        (
            '<table><tr><td colspan="x">a</td><td>b</td></tr></table>',
            [(("a", "b"), 1, "a | b", NONE, NONE)],
            [(1, "x", "跨行/跨列值 “x” 无效，按 1 读取")],
        ),
        # a span of exactly the limit is read as it is, without a note
        (
            '<table><tr><td colspan="1000">a</td></tr></table>',
            [(("a",) * 1000, 1, " | ".join(["a"] * 1000), NONE, NONE)],
            [],
        ),
        # a span beyond the limit is told and clipped
        (
            '<table><tr><td colspan="1001">a</td></tr></table>',
            [(("a",) * 1000, 1, " | ".join(["a"] * 1000), NONE, NONE)],
            [(1, "1001", "跨行/跨列值 1001 过大，按 1000 读取")],
        ),
        # a row without cells is a row of no cells
        ("<table><tr></tr></table>", [((), 1, "", NONE, NONE)], []),
    ],
    ids=[
        "pieces-and-spaces",
        "short-row",
        "row-and-column-span",
        "spans-of-one",
        "span-not-a-number",
        "span-at-the-limit",
        "span-over-the-limit",
        "row-without-cells",
    ],
)
def test_html_cells_are_placed_in_the_grid_with_their_text_spans_and_notes(
    html: str, rows: list[tuple[object, ...]], notes: list[tuple[int, str, str]]
) -> None:
    assert _grid(html) == (rows, notes)


def test_a_table_that_fills_exactly_the_cell_limit_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """Six cells under a limit of six; the rowspan of 5 reaching past the last row counts
    only the row that exists."""
    monkeypatch.setattr(html_table, "MAX_CELLS", 6)
    html = (
        "<table><tr><td>a</td><td>b</td><td>c</td></tr>\n"
        '<tr><td rowspan="5" colspan="3">d</td></tr></table>'
    )
    rows, notes = _grid(html)
    assert [cells for cells, *_ in rows] == [("a", "b", "c"), ("d", "d", "d")]
    assert notes == []


@pytest.mark.parametrize(
    ("html", "message"),
    [
        # the cells placed so far pass the limit
        (
            '<table><tr><td colspan="40">a</td><td colspan="40">b</td><td colspan="40">c</td>'
            "</tr></table>",
            "第 1 行的 HTML 表格展开后超过 100 个单元格 (table too large)",
        ),
        # few cells, but a short row under a wide one makes the rectangle too large
        (
            '<table><tr><td colspan="60">a</td></tr>\n<tr><td>b</td></tr>\n'
            "<tr><td>c</td></tr></table>",
            "第 1 行的 HTML 表格有 3 行 × 60 列，超过 100 个单元格",
        ),
    ],
    ids=["cells-placed", "rows-times-columns"],
)
def test_a_table_too_large_is_refused_with_the_whole_message(
    monkeypatch: pytest.MonkeyPatch, html: str, message: str
) -> None:
    monkeypatch.setattr(html_table, "MAX_CELLS", 100)
    with pytest.raises(LimitExceeded) as caught:
        html_grids(html, 1)
    assert str(caught.value) == message


def test_a_rowspan_past_the_last_row_is_copied_only_into_rows_that_exist(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Expanding costs one step per grid position: a hostile rowspan must not make the
    reader fill (and check the indent of) positions below the table."""
    placed: list[str] = []

    def counting(texts: list[str]) -> frozenset[int]:
        placed.extend(texts)
        return indented(texts)

    monkeypatch.setattr(html_table, "indented", counting)
    rows, _ = _grid('<table><tr><td>a</td></tr>\n<tr><td rowspan="1000">b</td></tr></table>')
    assert [cells for cells, *_ in rows] == [("a",), ("b",)]
    assert placed == ["a", "b"]
