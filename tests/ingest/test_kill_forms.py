"""Form rows and files of several forms (``jxrules.ingest.forms``), pinned where the mutation
run found them loosely tested (issue 25): the finding for a value without its label, the
年度总体目标 lines, and where a grid holding two forms is cut.
"""

from __future__ import annotations

import pytest

from jxrules.ingest.markdown import read_string
from jxrules.model import Report

TITLE = "# 2022年度项目支出绩效自评表\n\n| 项目名称 | 甲项目 | | |\n|---|---|---|---|\n"


def form(rows: list[str]) -> Report:
    [report] = read_string(TITLE + "\n".join(rows) + "\n", "t.md")
    return report


def row_findings(report: Report) -> list[tuple[str | None, int | None, str]]:
    return [
        (f.location.table, f.location.line, f.message)
        for f in report.ingest_findings
        if f.rule == "ingest-row"
    ]


def test_a_value_without_its_label_is_told_and_not_read() -> None:
    rows = ["| 主管部门 | 某局 | 实施单位 | 多余 |", "| 填报单位 | 某中心 | 另一说明 | |"]
    report = form(rows)
    assert (report.project, report.department) == ("甲项目", "某局")
    assert row_findings(report) == [
        (
            None,
            6,
            "第 6 行：表单行中的 “另一说明” 没有标签，未读入：| 填报单位 | 某中心 | 另一说明 | |",
        ),
    ]


@pytest.mark.parametrize(
    ("rows", "narrative"),
    [
        # the two halves named in a row of their own (a label merged over two cells counts once)
        (
            [
                "| 年度总体目标 | 预期目标 | 预期目标 | 实际完成情况 |",
                "| 年度总体目标 | 建成站点 | 建成站点 | 建成并投用 |",
                "| | 第二条 | 第二条 | |",
            ],
            ["年度总体目标", "预期目标：建成站点", "实际完成情况：建成并投用", "预期目标：第二条"],
        ),
        # a cell repeating the label (a merged label cell) is no goal text
        (
            [
                "| 年度总体目标 | 预期目标 | 实际完成情况 | |",
                "| 年度总体目标 | 培训 100 人 | 年度总体目标 | |",
            ],
            ["年度总体目标", "预期目标：培训 100 人"],
        ),
        # no halves named: each distinct text once, in order
        (
            [
                "| 年度总体目标 | 建成站点 | 建成站点 | 年度总体目标 |",
                "| 年度总体目标 | 培训 | 培训并考核 | |",
            ],
            ["年度总体目标", "建成站点", "培训", "培训并考核"],
        ),
        # the block goes on in a narrower table (after a page break): only the named halves
        # that table has are read
        (
            [
                "| 年度总体目标 | 预期目标 | 实际完成情况 | |",
                "| 年度总体目标 | 建成站点 | 建成 | |",
                "",
                "| 年度总体目标 | 第二条 |",
                "|---|---|",
            ],
            ["年度总体目标", "预期目标：建成站点", "实际完成情况：建成", "预期目标：第二条"],
        ),
    ],
)
def test_the_goal_rows_become_narrative_lines(rows: list[str], narrative: list[str]) -> None:
    report = form(rows)
    assert report.narrative.split("\n") == ["# 2022年度项目支出绩效自评表", *narrative]
    assert row_findings(report) == []


@pytest.mark.parametrize(
    ("rows", "read"),
    [
        # the title rows just above the second 项目名称 go with it
        (
            [
                "| 项目名称 | 甲 | | |",
                "|--|--|--|--|",
                "| 主管部门 | 某局 | | |",
                "| 2023年度项目支出绩效自评表 | | | |",
                "| （2023年度） | | | |",
                "| 项目名称 | 乙 | | |",
                "| 主管部门 | 某委 | | |",
            ],
            [("甲", "某局", None), ("乙", "某委", 2023)],
        ),
        (
            [
                "| 项目名称 | 甲 | | |",
                "|--|--|--|--|",
                "| 主管部门 | 某局 | | |",
                "| 2023年度项目支出绩效自评表 | | | |",
                "| 项目名称 | 乙 | | |",
                "| 主管部门 | 某委 | | |",
            ],
            [("甲", "某局", None), ("乙", "某委", 2023)],
        ),
        # ... also when the first form is a single row
        (
            [
                "| 项目名称 | 甲 | | |",
                "|--|--|--|--|",
                "| 2023年度项目支出绩效自评表 | | | |",
                "| 项目名称 | 乙 | | |",
                "| 主管部门 | 某委 | | |",
            ],
            [("甲", None, None), ("乙", "某委", 2023)],
        ),
        # 项目名称：… in one cell opens a form too; the first form keeps its one row
        (
            ["| 项目名称：甲 | | |", "|--|--|--|", "| 项目名称：乙 | | |", "| 主管部门 | 某委 | |"],
            [("甲", None, None), ("乙", "某委", None)],
        ),
    ],
)
def test_a_grid_of_two_forms_is_cut_above_the_second_s_title_rows(
    rows: list[str], read: list[tuple[str, str | None, int | None]]
) -> None:
    reports = read_string("项目支出绩效自评表\n\n" + "\n".join(rows) + "\n", "t.md")
    assert [(r.project, r.department, r.fiscal_year) for r in reports] == read


@pytest.mark.parametrize(
    ("text", "read"),
    [
        # no title: a 项目名称 row makes the grid a project form
        ("| 项目名称 | 甲 |\n|--|--|\n| 主管部门 | 某局 |\n", ("project", "甲", "某局")),
        # other label rows alone do not
        (
            "| 主管部门 | 某局 |\n|--|--|\n| 实施单位 | 某中心 |\n",
            ("department_overall", None, "某局"),
        ),
    ],
)
def test_without_a_title_a_project_name_row_makes_a_project_form(
    text: str, read: tuple[str, str | None, str | None]
) -> None:
    [report] = read_string(text, "t.md")
    assert (report.kind, report.project, report.department) == read
    assert row_findings(report) == []


THREE_FORMS = [
    "| 项目名称 | 甲 | | |",
    "|--|--|--|--|",
    "| 主管部门 | 某局 | |",
    "| 项目名称 | 乙 | | |",
    "| 主管部门 | 某委 | | |",
    "| 2023年度项目支出绩效自评表 | | | |",
    "| 项目名称 | 丙 | | |",
    "| 主管部门 | 某办 | | |",
]


def three_forms() -> list[Report]:
    return read_string("# 2022年度项目支出绩效自评表\n\n" + "\n".join(THREE_FORMS) + "\n", "t.md")


def test_a_row_a_grid_of_three_forms_could_not_place_is_told_once_in_the_first_form() -> None:
    assert [
        (
            r.project,
            r.department,
            [
                (f.location.line, f.message)
                for f in r.ingest_findings
                if f.rule != "ingest-unreadable-form"
            ],
        )
        for r in three_forms()
    ] == [
        ("甲", None, [(5, "第 5 行：单元格数为 3，与表头的 4 列不一致，无法按列读取：| 主管部门 | 某局 | |")]),
        ("乙", "某委", []),
        ("丙", "某办", []),
    ]  # fmt: skip


UNREADABLE = (
    "第 {n} 份表单（第 {line} 行起，项目“{name}”）无法读取：其中没有表格，"
    "找不到项目资金表和绩效指标表，此表单未检查；其余表单照常检查"
)


def test_each_form_of_a_grid_is_named_from_its_own_first_row() -> None:
    """The second form from its 项目名称 row, the third from the title row above its
    项目名称 (not both from the grid's first line, as before)."""
    assert [
        [(f.location.line, f.message) for f in r.ingest_findings if f.rule == "ingest-unreadable-form"]
        for r in three_forms()
    ] == [
        [(1, UNREADABLE.format(n=1, line=1, name="甲"))],
        [(6, UNREADABLE.format(n=2, line=6, name="乙"))],
        [(8, UNREADABLE.format(n=3, line=8, name="丙"))],
    ]  # fmt: skip
