"""Control characters in Markdown: the warning names each distinct code once, in order, and
shows the line without them, cut to 80 characters."""

from __future__ import annotations

from pathlib import Path

import pytest

from jxrules.ingest import markdown
from jxrules.ingest.markdown import read_string

STEMS = "甲乙丙丁戊己庚辛壬癸"


def test_a_line_with_two_control_codes_is_warned_with_both_and_its_first_80_characters() -> None:
    line = "\x01 工作目标" + STEMS * 8 + "\x7f子丑寅卯\x01"
    (report,) = read_string("部门整体支出绩效自评报告\n\n" + line + "\n", "c.md")
    warnings = [
        (f.severity, f.location.line, f.message)
        for f in report.ingest_findings
        if f.severity == "warning"
    ]
    shown = "工作目标" + (STEMS * 8)[:76]
    assert len(shown) == 80
    assert warnings == [
        ("warning", 3, f"第 3 行：含有控制字符 U+0001、U+007F，已删除后读取：{shown}")
    ]
    assert report.narrative == "部门整体支出绩效自评报告\n工作目标" + STEMS * 8 + "子丑寅卯"


HTML_HEADER = "<tr><th>三级指标</th><th>实际完成值</th></tr>"


@pytest.mark.parametrize(
    ("text", "narrative", "indicators", "findings"),
    [
        # an unclosed table at the very end of the file (no final newline) keeps its last line
        (
            "前言\n<table>\n" + HTML_HEADER + "\n<tr><td>甲</td><td>1个</td></tr>",
            "前言",
            [("甲", "1个")],
            [("warning", 2, "第 2 行：HTML 表格没有 </table> 结束标记：<table>")],
        ),
        # text after </table> on its line is in the HTML block: told, not narrative
        (
            "前言\n<table>\n"
            + HTML_HEADER
            + "\n<tr><td>甲</td><td>1个</td></tr></table>注：单位 万元\n后记\n",
            "前言\n后记",
            [("甲", "1个")],
            [("warning", 4, "第 4 行：HTML 表格块中、表格之外的文字未读入：注：单位 万元")],
        ),
    ],
    ids=["unclosed-table-last-line", "text-after-table-end-tag"],
)
def test_an_html_block_s_lines_are_the_table_s_and_its_stray_text_is_told(
    text: str,
    narrative: str,
    indicators: list[tuple[str, str]],
    findings: list[tuple[str, int, str]],
) -> None:
    (report,) = read_string(text, "t.md")
    assert report.narrative == narrative
    assert [(i.name, i.actual) for i in report.indicators] == indicators
    assert [(f.severity, f.location.line, f.message) for f in report.ingest_findings] == findings


ENDING_TEST = (
    "部门整体支出绩效自评报告\n\n一、基本情况\n"
    "| 三级指标 | 年度指标值 | 实际完成值 |\n|---|---|---|\n| 甲 | 1个 | 1个 |\n| 乙 | 2个 |"
)


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
def test_any_line_ending_gives_the_same_lines_and_a_table_may_end_the_file(newline: str) -> None:
    """The same narrative, indicator and warning at the same lines whatever the line ending,
    and a pipe table on the file's last line (no final line break) is read to its end."""
    (report,) = read_string(ENDING_TEST.replace("\n", newline), "t.md")
    assert report.narrative == "部门整体支出绩效自评报告\n一、基本情况"
    assert [(i.name, i.target, i.actual, i.line) for i in report.indicators] == [
        ("甲", "1个", "1个", 6)
    ]
    assert [(f.location.line, f.message) for f in report.ingest_findings] == [
        (7, "第 7 行：单元格数为 2，与表头的 3 列不一致，无法按列读取：| 乙 | 2个 |")
    ]


def test_a_pipe_table_ends_at_the_first_line_that_is_no_pipe_row() -> None:
    text = "前言\n| 三级指标 | 年度指标值 | 实际完成值 |\n|---|---|---|\n| 甲 | 1个 | 1个 |\n后记\n\n结语\n"
    (report,) = read_string(text, "t.md")
    assert report.narrative == "前言\n后记\n结语"
    assert [(i.name, i.line) for i in report.indicators] == [("甲", 4)]
    assert [(f.location.line, f.message) for f in report.ingest_findings] == []


UNREADABLE_FORM = (
    "第 {n} 份表单（第 {line} 行起，项目“{name}”）无法读取：其中没有表格，"
    "找不到项目资金表和绩效指标表，此表单未检查；其余表单照常检查"
)


def test_a_form_that_opens_with_a_title_line_starts_at_that_line() -> None:
    text = (
        "2022年度项目支出绩效自评表\n\n| 项目名称 | 甲 |\n|--|--|\n\n"
        "2023年度项目支出绩效自评表\n\n| 项目名称 | 乙 |\n|--|--|\n"
    )
    assert [
        (r.project, r.fiscal_year, [(f.location.line, f.message) for f in r.ingest_findings])
        for r in read_string(text, "t.md")
    ] == [
        ("甲", 2022, [(1, UNREADABLE_FORM.format(n=1, line=1, name="甲"))]),
        ("乙", 2023, [(6, UNREADABLE_FORM.format(n=2, line=6, name="乙"))]),
    ]


def test_a_report_names_its_file_or_else_the_string_it_was_read_from(tmp_path: Path) -> None:
    path = tmp_path / "r.md"
    path.write_text("部门整体支出绩效自评报告\n\n一、基本情况\n", encoding="utf-8")
    (from_file,) = markdown.read(path)
    (from_string,) = read_string("部门整体支出绩效自评报告\n\n一、基本情况\n")
    assert (from_file.source, from_file.narrative) == (
        str(path),
        "部门整体支出绩效自评报告\n一、基本情况",
    )
    assert (from_string.source, from_string.narrative) == (
        "<string>",
        "部门整体支出绩效自评报告\n一、基本情况",
    )
