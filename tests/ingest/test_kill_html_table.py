"""HTML tables pinned where the mutation run found them loose (issue #25): text between cells
is told, never glued to the cell before it, whichever end tag closed that cell; an unclosed
table is read and its whole warning names the line of its ``<table>``."""

from __future__ import annotations

import pytest

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
