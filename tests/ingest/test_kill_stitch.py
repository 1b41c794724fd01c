"""Tables put together from grids (``jxrules.ingest.stitch``) pinned where the mutation run
found them loose (issue #25): each finding about a row or table that was not read, whole
(rule, severity, place, Chinese and English message, evidence)."""

from __future__ import annotations

from typing import Any

import pytest

from jxrules.ingest.markdown import read_string

HEADER = (
    "| 序号 | 二级指标 | 三级指标 | 年初申报指标值 | 实际完成值 | 备注 |\n"
    "|---|---|---|---|---|---|\n"
)
ROW_1 = "| 1 | 产出指标 | 甲 | 1个 | 1个 | |\n"
TEXT_ROW = "| 以下为补充 | 以下为补充 | 以下为补充 | 以下为补充 | 以下为补充 | 以下为补充 |"
BEFORE = "| 说明 | 甲 | 乙 | 丙 | 丁 | 戊 |"

CASES: dict[str, tuple[str, list[str], dict[str, Any]]] = {
    "a-table-no-header-names": (
        "| 任务 | 完成情况 |\n|--|--|\n| 甲 | 完成 |\n| 乙 | 进行中 |\n\n正文。\n\n正文。\n\n正文。\n\n"
        + HEADER
        + ROW_1,
        ["甲"],
        {
            "rule": "ingest-table",
            "severity": "info",
            "location": {"line": 1},
            "message": "第 1 行的表格：未识别的表格（没有已知的表头），3 行未读入：| 任务 | 完成情况 |",
            "message_en": "the table at line 1: a table not recognised (no known header);"
            " 3 rows not read: | 任务 | 完成情况 |",
            "evidence": {"line": "1", "row": "| 任务 | 完成情况 |"},
        },
    ),
    "a-row-before-the-header": (
        f"{BEFORE}\n|---|---|---|---|---|---|\n"
        "| 序号 | 二级指标 | 三级指标 | 年初申报指标值 | 实际完成值 | 备注 |\n" + ROW_1,
        ["甲"],
        {
            "rule": "ingest-row",
            "severity": "info",
            "location": {"line": 1},
            "message": f"第 1 行：表头之前的行未识别，未读入：{BEFORE}",
            "message_en": f"line 1: a row before the header was not recognised; not read: {BEFORE}",
            "evidence": {"line": "1", "row": BEFORE},
        },
    ),
    "a-text-row-inside-a-table": (
        HEADER + ROW_1 + TEXT_ROW + "\n| 2 | 产出指标 | 乙 | 1个 | 1个 | |\n",
        ["甲", "乙"],
        {
            "rule": "ingest-row",
            "severity": "info",
            "location": {"line": 4},
            "message": "第 4 行：表格中的文字行不是已知的表头、表单项或报告信息，未读入："
            + TEXT_ROW,
            "message_en": "line 4: a text row in a table that is no known header, form item or"
            " report fact; not read: " + TEXT_ROW,
            "evidence": {"line": "4", "row": TEXT_ROW},
        },
    ),
    # a row the grid could not use is a note of the table its header started: named by it
    "a-row-of-the-wrong-width-in-a-table": (
        HEADER + ROW_1 + "| 2 | 乙 | 1个 |\n",
        ["甲"],
        {
            "rule": "ingest-row",
            "severity": "warning",
            "location": {"table": "indicators", "line": 4},
            "message": "第 4 行：单元格数为 3，与表头的 6 列不一致，无法按列读取：| 2 | 乙 | 1个 |",
            "message_en": "line 4: 3 cells where the header has 6 columns: the row cannot be"
            " read by column: | 2 | 乙 | 1个 |",
            "evidence": {"line": "4", "row": "| 2 | 乙 | 1个 |"},
        },
    ),
}


@pytest.mark.parametrize(("text", "names", "finding"), CASES.values(), ids=CASES.keys())
def test_a_row_or_table_not_read_is_one_whole_finding(
    text: str, names: list[str], finding: dict[str, Any]
) -> None:
    (report,) = read_string(text, "t.md")
    assert [i.name for i in report.indicators] == names
    (found,) = report.ingest_findings
    got = {
        "rule": found.rule,
        "severity": found.severity,
        "location": found.location.to_dict(),
        "message": found.message,
        "message_en": found.message_en,
        "evidence": found.evidence,
    }
    assert got == finding


def test_a_table_goes_on_after_a_piece_of_blank_rows() -> None:
    """A header-less piece holding only blank rows (a page's empty lines of the form)
    continues the open table: nothing in it names a column."""
    blank = "| | | | | | |\n"
    text = HEADER + ROW_1 + "\n" + blank * 2 + "\n| 2 | 产出指标 | 乙 | 2个 | 2个 | |\n"
    (report,) = read_string(text, "t.md")
    assert [(i.name, i.target, i.actual) for i in report.indicators] == [
        ("甲", "1个", "1个"),
        ("乙", "2个", "2个"),
    ]
    assert report.ingest_findings == ()
