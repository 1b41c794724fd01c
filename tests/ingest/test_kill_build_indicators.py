"""The template-rows finding of ``build_indicators`` (issue 25: its surviving mutants).

Placeholder rows left from the table template (指标1, ……) are no indicators: one info finding
names them, the first five by line and an ellipsis (等 / …) when there are more.
"""

from __future__ import annotations

import pytest

from jxrules.ingest.markdown import read_string


def _template_table(placeholders: int) -> str:
    rows = "".join(f"| 指标{k} | | |\n" for k in range(1, placeholders + 1))
    return "| 三级指标 | 年度指标值 | 实际完成值 |\n|---|---|---|\n| 甲 | 1个 | 1个 |\n" + rows


@pytest.mark.parametrize(
    ("placeholders", "message", "message_en", "lines"),
    [
        (
            1,
            "表格模板未清理：1 行是模板的占位行（第 4 行），不是指标，未读入",
            "Table template left in: 1 rows are the template's placeholder rows (lines 4),"
            " not indicators; not read",
            "4",
        ),
        (
            5,
            "表格模板未清理：5 行是模板的占位行（第 4 行、第 5 行、第 6 行、第 7 行、第 8 行），"
            "不是指标，未读入",
            "Table template left in: 5 rows are the template's placeholder rows"
            " (lines 4, 5, 6, 7, 8), not indicators; not read",
            "4、5、6、7、8",
        ),
        (
            6,
            "表格模板未清理：6 行是模板的占位行（第 4 行、第 5 行、第 6 行、第 7 行、第 8 行等），"
            "不是指标，未读入",
            "Table template left in: 6 rows are the template's placeholder rows"
            " (lines 4, 5, 6, 7, 8, …), not indicators; not read",
            "4、5、6、7、8、9",
        ),
        (
            7,
            "表格模板未清理：7 行是模板的占位行（第 4 行、第 5 行、第 6 行、第 7 行、第 8 行等），"
            "不是指标，未读入",
            "Table template left in: 7 rows are the template's placeholder rows"
            " (lines 4, 5, 6, 7, 8, …), not indicators; not read",
            "4、5、6、7、8、9、10",
        ),
    ],
    ids=["one-row", "five-rows-all-named", "six-rows-first-five", "seven-rows-first-five"],
)
def test_template_rows_finding_names_at_most_five_rows_then_an_ellipsis(
    placeholders: int, message: str, message_en: str, lines: str
) -> None:
    [report] = read_string(_template_table(placeholders), "t.md")
    assert [i.name for i in report.indicators] == ["甲"]
    [finding] = report.ingest_findings
    assert (finding.rule, finding.check, finding.severity) == ("ingest-template", "ingest", "info")
    assert (finding.location.table, finding.location.line) == ("indicators", 4)
    assert finding.message == message
    assert finding.message_en == message_en
    assert finding.evidence == {"rows": str(placeholders), "lines": lines}


_LEVEL1_TABLE = "| 一级指标 | 三级指标 | 年度指标值 | 实际完成值 |\n|---|---|---|---|\n"


@pytest.mark.parametrize(
    ("first", "second", "levels"),
    [
        ("满意", "度指标", ["满意度指标", "满意度指标"]),
        ("产出", "指标", ["产出指标", "产出指标"]),
        ("产出", "效益指标", ["产出", "效益指标"]),
    ],
    ids=["cut-before-du-zhibiao", "cut-before-zhibiao", "two-character-category-is-its-own"],
)
def test_a_category_cut_in_two_is_joined_only_when_its_tail_is_a_fragment(
    first: str, second: str, levels: list[str]
) -> None:
    text = _LEVEL1_TABLE + f"| {first} | 甲 | 1个 | 1个 |\n| {second} | 乙 | 1个 | 1个 |\n"
    [report] = read_string(text, "t.md")
    assert [i.level1 for i in report.indicators] == levels
    assert [i.name for i in report.indicators] == ["甲", "乙"]
    assert report.ingest_findings == ()


_SEQ_TABLE = (
    "| 序号 | 一级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |\n"
    "|--|--|--|--|--|--|--|\n"
    "| 1 | 产出指标 | 甲 | 1个 | 1个 | 10 | 10 |\n"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            _SEQ_TABLE + "| 2 | | | 1个 | 1个 | 10 | 10 |\n",
            (
                "warning",
                4,
                "第 4 行：有序号 “2” 但没有指标名称，此行未读入：| 2 | | | 1个 | 1个 | 10 | 10 |",
                "line 4: number “2” but no indicator name; the row was not read:"
                " | 2 | | | 1个 | 1个 | 10 | 10 |",
            ),
        ),
        (
            _LEVEL1_TABLE + "| 产出指标 | 甲 | 1个 | 1个 |\n| | | 2个 | 2个 |\n",
            (
                "warning",
                4,
                "第 4 行：没有指标名称，此行未读入：| | | 2个 | 2个 |",
                "line 4: no indicator name; the row was not read: | | | 2个 | 2个 |",
            ),
        ),
        (
            _SEQ_TABLE + "| 合计 | | | | | 10 | 10 |\n| 合计 | | | | | 10 | 10 |\n",
            (
                "warning",
                5,
                "第 5 行：第二个合计/总分行，未读入：| 合计 | | | | | 10 | 10 |",
                "line 5: a second total row; not read: | 合计 | | | | | 10 | 10 |",
            ),
        ),
        (
            _SEQ_TABLE + "| 总分 | | | | | | |\n",
            (
                "info",
                4,
                "第 4 行：合计/总分行没有分值或得分，未读入：| 总分 | | | | | | |",
                "line 4: a total row with neither points nor score; not read: | 总分 | | | | | | |",
            ),
        ),
        (
            _SEQ_TABLE + "| 合计 | | | | | 10 | 9 |\n| 总分 | | | | | 100 | 90 |\n",
            (
                "info",
                4,
                "第 4 行：合计行不作为总分（总分取第 5 行的总分行），未读入：| 合计 | | | | | 10 | 9 |",
                "line 4: a sum row is not taken as the total score (the total score row at"
                " line 5 is); not read: | 合计 | | | | | 10 | 9 |",
            ),
        ),
        (
            _SEQ_TABLE + "| 总分 | | | | | 100 | 90 |\n| 合计 | | | | | 10 | 9 |\n",
            (
                "info",
                5,
                "第 5 行：合计行不作为总分（总分取第 4 行的总分行），未读入：| 合计 | | | | | 10 | 9 |",
                "line 5: a sum row is not taken as the total score (the total score row at"
                " line 4 is); not read: | 合计 | | | | | 10 | 9 |",
            ),
        ),
    ],
    ids=[
        "number-without-name",
        "figures-without-name",
        "second-total-row",
        "empty-total-row",
        "sum-row-before-total-row",
        "sum-row-after-total-row",
    ],
)
def test_indicator_rows_not_read_are_named_with_line_and_reason(
    text: str, expected: tuple[str, int, str, str]
) -> None:
    [report] = read_string(text, "t.md")
    assert [i.name for i in report.indicators] == ["甲"]
    [finding] = report.ingest_findings
    assert (finding.rule, finding.check, finding.location.table) == (
        "ingest-row",
        "ingest",
        "indicators",
    )
    got = (finding.severity, finding.location.line, finding.message, finding.message_en)
    assert got == expected


def test_a_total_row_whose_figures_are_not_numbers_names_each_column() -> None:
    [report] = read_string(_SEQ_TABLE + "| 合计 | | | | | 十分 | 九分 |\n", "t.md")
    row = "| 合计 | | | | | 十分 | 九分 |"
    assert report.total_score is None
    assert [
        (f.severity, f.location.table, f.location.line, f.message, f.message_en)
        for f in report.ingest_findings
    ] == [
        ("warning", "indicators", 4, f"第 4 行：列 points 的 “十” 不是数字，按空白读入：{row}",
         f"line 4: column points: “十” is not a number; read as blank: {row}"),
        ("warning", "indicators", 4, f"第 4 行：列 score 的 “九” 不是数字，按空白读入：{row}",
         f"line 4: column score: “九” is not a number; read as blank: {row}"),
        ("info", "indicators", 4, f"第 4 行：合计/总分行没有分值或得分，未读入：{row}",
         f"line 4: a total row with neither points nor score; not read: {row}"),
    ]  # fmt: skip
