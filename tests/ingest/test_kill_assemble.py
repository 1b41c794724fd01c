"""The unreadable-form finding of ``assemble`` (issue 25: its surviving mutants).

In a file of several forms, a form with no table that could be read gives one warning naming
the form (number, first line, project when named) and why: no table at all, or its tables'
lines (one or several) in place of their own findings.
"""

from __future__ import annotations

import pytest

from jxrules.ingest.markdown import read_string

_READABLE = """项目支出绩效自评表

| 项目名称 | 甲项目 |
|---|---|

| 三级指标 | 年度指标值 | 实际完成值 |
|---|---|---|
| 甲 | 1个 | 1个 |

"""

_NO_TABLE = """项目支出绩效自评表

| 项目名称 | 乙项目 |
|---|---|

（本页扫描件无法识别）

"""

_UNNAMED_ONE_TABLE = """项目支出绩效自评表

| 项目名称 | |
|---|---|

| ▓▓ | ▓▓ |
|---|---|
| 1 | 2 |

"""

_NAMED_TWO_TABLES = """项目支出绩效自评表

| 项目名称 | 乙项目 |
|---|---|

| ▓▓ | ▓▓ |
|---|---|
| 1 | 2 |

文字

| ▓▓▓ | ▓ |
|---|---|
| 1 | 2 |

"""

_TAIL = "找不到项目资金表和绩效指标表，此表单未检查；其余表单照常检查"
_TAIL_EN = (
    "; no funds table and no indicator table were found, so the form was not checked;"
    " the other forms are checked as usual"
)


@pytest.mark.parametrize(
    ("form", "message", "message_en", "evidence"),
    [
        (
            _NO_TABLE,
            f"第 2 份表单（第 10 行起，项目“乙项目”）无法读取：其中没有表格，{_TAIL}",
            f"Form 2 (from line 10, project “乙项目”) cannot be read: it has no table{_TAIL_EN}",
            {"form": "2", "project": "乙项目", "line": "10", "tables": ""},
        ),
        (
            _UNNAMED_ONE_TABLE,
            f"第 2 份表单（第 10 行起）无法读取：其中的表格（第 17 行起）没有可识别的表头，{_TAIL}",
            "Form 2 (from line 10) cannot be read: its tables (starting at line 17) have no"
            f" known header{_TAIL_EN}",
            {"form": "2", "project": "", "line": "10", "tables": "第 17 行起"},
        ),
        (
            _NAMED_TWO_TABLES,
            "第 2 份表单（第 10 行起，项目“乙项目”）无法读取：其中的表格（第 17 行起、第 21 行起）"
            f"没有可识别的表头，{_TAIL}",
            "Form 2 (from line 10, project “乙项目”) cannot be read: its tables (starting at"
            f" lines 17, 21) have no known header{_TAIL_EN}",
            {"form": "2", "project": "乙项目", "line": "10", "tables": "第 17 行起、第 21 行起"},
        ),
    ],
    ids=["named-no-table", "unnamed-one-table", "named-two-tables"],
)
def test_unreadable_form_warning_names_the_form_and_why(
    form: str, message: str, message_en: str, evidence: dict[str, str]
) -> None:
    first, bad, third = read_string(_READABLE + form + _READABLE, "t.md")
    assert ([i.name for i in first.indicators], [i.name for i in third.indicators]) == (
        ["甲"],
        ["甲"],
    )
    assert bad.indicators == ()
    unreadable = [f for f in bad.ingest_findings if f.rule == "ingest-unreadable-form"]
    [finding] = unreadable
    assert (finding.check, finding.severity, finding.location.line) == ("ingest", "warning", 10)
    assert finding.message == message
    assert finding.message_en == message_en
    assert finding.evidence == evidence


# A project form cut short: its funds table and one output indicator, no 满意度 row, no 总分
_FUNDS = """项目支出绩效自评表

| 项目名称 | 甲项目 |
|---|---|

| 项目资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |
|---|---|---|---|---|---|---|
| 年度资金总额 | 100 | 100 | 90 | 10 | 90% | 9 |

| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |
|---|---|---|---|---|---|---|
| 产出指标 | 数量指标 | 甲 | 1个 | 1个 | 50 | 50 |
"""
# A project form whose indicators end with 总分, without its funds table
_NO_FUNDS = """项目支出绩效自评表

| 项目名称 | 乙项目 |
|---|---|

| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |
|---|---|---|---|---|---|---|
| 满意度指标 | 服务对象满意度指标 | 乙 | 90% | 95% | 10 | 10 |
| 总分 | | | | | 100 | 90 |
"""

# A project form with its funds table only
_FUNDS_ONLY = """项目支出绩效自评表

| 项目名称 | 丙项目 |
|---|---|

| 项目资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |
|---|---|---|---|---|---|---|
| 年度资金总额 | 100 | 100 | 90 | 10 | 90% | 9 |
"""

_CUT = "（文档可能不完整"
_CUT_EN = " (the document may be incomplete"
_NO_INDICATORS = (
    "中没有找到绩效指标表（表头应含 三级指标 和 年度指标值/实际完成值 等列），"
    "只检查读到的部分（收支表、正文）"
)
_NO_INDICATORS_EN = (
    " (its header should name the level-3 indicator, the target and the actual value); only"
    " what was read (the income and expenditure tables, the text) is checked"
)
Told = tuple[str, int | None, str, str]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            _FUNDS,
            [
                [
                    (
                        "warning",
                        12,
                        f"未找到满意度指标、总分{_CUT}，读到第 12 行为止）",
                        f"Not found: satisfaction indicators, the total score{_CUT_EN}; read up to"
                        " line 12)",
                    )
                ]
            ],
        ),
        (
            _NO_FUNDS,
            [
                [
                    (
                        "warning",
                        8,
                        f"未找到项目资金表{_CUT}，读到第 8 行为止）",
                        f"Not found: the project funds table{_CUT_EN}; read up to line 8)",
                    )
                ]
            ],
        ),
        (
            _FUNDS + "\n" + _FUNDS_ONLY,
            [
                [
                    (
                        "warning",
                        12,
                        f"未找到满意度指标、总分{_CUT}，读到第 12 行为止）",
                        f"Not found: satisfaction indicators, the total score{_CUT_EN}; read up to"
                        " line 12)",
                    )
                ],
                [
                    (
                        "info",
                        14,
                        f"第 14 行起的报告{_NO_INDICATORS}",
                        f"No indicator table found in the report starting at line 14{_NO_INDICATORS_EN}",
                    ),
                    (
                        "warning",
                        14,
                        f"未找到满意度指标、总分{_CUT}）",
                        f"Not found: satisfaction indicators, the total score{_CUT_EN})",
                    ),
                ],
            ],
        ),
        (
            _FUNDS_ONLY,
            [
                [
                    (
                        "info",
                        1,
                        f"报告{_NO_INDICATORS}",
                        f"No indicator table found in the report{_NO_INDICATORS_EN}",
                    ),
                    (
                        "warning",
                        1,
                        f"未找到满意度指标、总分{_CUT}）",
                        f"Not found: satisfaction indicators, the total score{_CUT_EN})",
                    ),
                ],
            ],
        ),
    ],
    ids=[
        "funds-no-total",
        "total-no-funds",
        "two-forms-the-second-without-indicators",
        "funds-only",
    ],
)
def test_what_a_project_form_lacks_is_told_in_both_languages_at_its_line(
    text: str, expected: list[list[Told]]
) -> None:
    reports = read_string(text, "t.md")
    assert [
        [
            (f.severity, f.location.line, f.message, f.message_en)
            for f in report.ingest_findings
            if f.rule == "ingest-incomplete"
        ]
        for report in reports
    ] == expected
