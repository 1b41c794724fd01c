"""Grids, pipe rows and the findings about rows and tables, pinned whole (issue #25)."""

from __future__ import annotations

from pathlib import Path

import pytest

import jxrules
from jxrules.errors import LimitExceeded
from jxrules.ingest import files
from jxrules.ingest.grid import (
    Grid,
    Row,
    _split_pipe_row,
    in_english,
    indented,
    pad,
    pipe_grid,
    row_finding,
    split_pipe_row,
)

openpyxl = pytest.importorskip("openpyxl")


@pytest.mark.parametrize(
    ("title", "place"),
    [
        ("其他", "sheet “其他”"),
        ("收入\n支出", "line 1"),  # no wording matches a title across lines: the table's line
    ],
)
def test_an_unrecognised_table_is_placed_in_english_by_its_sheet_or_line(
    tmp_path: Path, title: str, place: str
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(["甲", "乙", "丙"])
    sheet.append(["1", "2", "3"])
    path = tmp_path / "unknown.xlsx"
    book.save(path)
    report = jxrules.load_report(path)
    [finding] = [f for f in report.ingest_findings if f.rule == "ingest-table"]
    assert (finding.severity, finding.message, finding.message_en, finding.location.line) == (
        "info",
        f"工作表“{title}”：未识别的表格（没有已知的表头），2 行未读入：甲 | 乙 | 丙",
        f"{place}: a table not recognised (no known header); 2 rows not read: 甲 | 乙 | 丙",
        1,
    )
    assert finding.evidence == {"line": "1", "row": "甲 | 乙 | 丙"}


@pytest.mark.parametrize(
    ("line", "cells", "printed"),
    [
        ("| a | b |", ["a", "b"], [" a ", " b "]),
        ("a | b", ["a", "b"], ["a ", " b"]),
        (r"| a \| b | c |", ["a | b", "c"], [" a | b ", " c "]),
        (r"| a\\ | b |", [r"a\\", "b"], [r" a\\ ", " b "]),
        (r"| a \n | b\|", [r"a \n", "b|"], [r" a \n ", " b|"]),
        ("| x<br>y | <BR/>z |", ["xy", "z"], [" xy ", " z "]),
        ("| x<br>y \\| z |", ["xy | z"], [" xy | z "]),
        ("| end \\", ["end \\"], [" end \\"]),
        ("|a|b\\|", ["a", "b|"], ["a", "b|"]),
        ("  | a |  ", ["a"], [" a "]),
    ],
)
def test_split_pipe_row(line: str, cells: list[str], printed: list[str]) -> None:
    assert (split_pipe_row(line), _split_pipe_row(line)) == (cells, printed)


def test_pipe_grid_keeps_empty_extra_cells_and_rejects_rows_of_another_width() -> None:
    grid = pipe_grid(
        [
            (3, "| 三级指标 | 年度指标值 |"),
            (4, "|---|---|"),
            (5, "| a | b | | |"),
            (6, "| c | d | e |"),
            (7, "| f |"),
            (8, "| |---| |"),
            (9, "| \u3000g | h |"),
        ]
    )
    assert [(r.cells, r.line, r.text, r.where, r.indented) for r in grid.rows] == [
        (("三级指标", "年度指标值"), 3, "| 三级指标 | 年度指标值 |", "第 3 行", frozenset()),
        (("a", "b"), 5, "| a | b | | |", "第 5 行", frozenset()),
        (("", "---"), 8, "| |---| |", "第 8 行", frozenset()),
        (("g", "h"), 9, "| \u3000g | h |", "第 9 行", frozenset({0})),
    ]
    assert [(r.line, problem) for r, problem in grid.rejected] == [
        (6, "单元格数为 3，与表头的 2 列不一致，无法按列读取"),
        (7, "单元格数为 1，与表头的 2 列不一致，无法按列读取"),
    ]
    assert (grid.line, grid.where, grid.width) == (3, "第 3 行的表格", 2)


def test_a_row_of_another_width_is_a_warning_naming_its_line() -> None:
    text = (
        "# 报告\n\n| 三级指标 | 年度指标值 | 实际完成值 |\n|---|---|---|\n"
        "| 甲 | ≥1个 | 2个 |\n| 乙 | ≥1个 |\n"
    )
    report = jxrules.load_report(text, format="md", name="r.md")
    [finding] = [f for f in report.ingest_findings if f.rule == "ingest-row"]
    assert (
        finding.check,
        finding.severity,
        finding.message,
        finding.message_en,
        finding.location.table,
        finding.location.line,
        finding.evidence,
    ) == (
        "ingest",
        "warning",
        "第 6 行：单元格数为 2，与表头的 3 列不一致，无法按列读取：| 乙 | ≥1个 |",
        "line 6: 2 cells where the header has 3 columns: the row cannot be read by column: "
        "| 乙 | ≥1个 |",
        "indicators",
        6,
        {"line": "6", "row": "| 乙 | ≥1个 |"},
    )


def test_row_finding_words_an_unknown_problem_and_place_with_the_fallbacks() -> None:
    row = Row(("x",), 12, "| x |", "某处")
    finding = row_finding(row, "某个问题", "funds", "info")
    assert (finding.rule, finding.severity, finding.message, finding.message_en) == (
        "ingest-row",
        "info",
        "某处：某个问题：| x |",
        "line 12: this row or table could not be (fully) read: | x |",
    )
    assert (finding.location.table, finding.location.line, finding.evidence) == (
        "funds",
        12,
        {"line": "12", "row": "| x |"},
    )
    given = row_finding(row, "某个问题", None, problem_en="a given problem")
    assert (given.severity, given.message_en) == ("warning", "line 12: a given problem: | x |")


@pytest.mark.parametrize(
    ("kind", "text", "english"),
    [
        ("places", "第 5 行", "line 5"),
        ("places", "第 2 页第 3 个表格第 4 行", "page 2, table 3, row 4"),
        ("places", "工作表“收入”第 7 行", "sheet “收入” row 7"),
        ("places", "别处", "line 9"),
        ("problems", "别的问题", "this row or table could not be (fully) read"),
    ],
)
def test_in_english(kind: str, text: str, english: str) -> None:
    assert in_english(kind, text, line=9) == english


def test_pad_indented_and_blank() -> None:
    assert pad([["a"], ["b", "c"], []]) == [["a", ""], ["b", "c"], ["", ""]]
    assert pad([]) == []
    texts = ["\u3000a", " \u3000b", "c", "  d", "\xa0e", "", "\t\u3000f", "X\u3000g"]
    assert indented(texts) == frozenset({0, 1, 4, 6})
    assert (Row((" ", ""), 1, "", "").blank(), Row((" ", "x"), 1, "", "").blank()) == (True, False)
    assert Grid([], 1, "w").width == 0


def test_a_grid_of_more_rows_than_the_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "MAX_TABLE_ROWS", 2)
    rows = [Row(("a",), n, "a", f"第 {n} 行") for n in range(1, 4)]
    assert len(Grid(rows[:2], 1, "第 1 行的表格").rows) == 2
    with pytest.raises(LimitExceeded) as caught:
        Grid(rows, 1, "第 1 行的表格")
    assert (caught.value.message, caught.value.limit) == (
        "第 1 行的表格 有 3 行，上限 2 行 (too many rows; limit: rows)",
        "rows",
    )
