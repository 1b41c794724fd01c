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
