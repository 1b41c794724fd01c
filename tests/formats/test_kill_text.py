"""``--format text``: a report without a name or a year, the end of the output, and the
functions a program calls with their default language (Chinese)."""

from __future__ import annotations

import pytest

from jxrules.errors import JxError
from jxrules.findings import Finding, ReportIdentity, Result
from jxrules.formats import Failure, Run
from jxrules.formats.text import line, render, review_note

WAIVER = {"id": "W-1", "reason": "已说明", "approved_by": "财政局", "expires": "2099-12-31"}
EXPIRED = {"id": "W-2", "reason": "旧", "approved_by": "局", "expires": "2020-01-01"}


def test_a_report_without_name_or_year_has_blank_title_and_year_in_its_heading() -> None:
    result = Result(
        "a.md", ReportIdentity(kind="other", fiscal_year=None, department=None), "r", ()
    )
    assert render(Run(results=[result])) == ("a.md —  （规则集 r）\n  错误 0，警告 0，提示 0\n")


@pytest.mark.parametrize(
    ("message", "last_line"),
    [
        # a trailing space or X is the message's own: only the blank lines are dropped
        ("文件已损坏 ", "无法检查 b.md: 文件已损坏 "),
        ("文件已损坏X", "无法检查 b.md: 文件已损坏X"),
        ("文件已损坏\u3000", "无法检查 b.md: 文件已损坏\u3000"),
    ],
)
def test_the_output_ends_with_the_last_failure_kept_whole_and_one_newline(
    message: str, last_line: str
) -> None:
    run = Run(results=[], failures=[Failure("b.md", JxError(message))])
    assert render(run) == last_line + "\n"


@pytest.mark.parametrize(
    ("finding", "expected"),
    [
        (
            Finding("r/1", "expr", "error", "不符", waiver=WAIVER),
            "  error   r/1                          （全文）: 不符"
            "（已豁免 W-1：已说明；财政局；有效至 2099-12-31）",
        ),
        (
            Finding("r/2", "expr", "warning", "偏低", baseline="new"),
            "  warning [新增] r/2                          （全文）: 偏低",
        ),
    ],
)
def test_a_finding_line_is_worded_in_chinese_by_default(finding: Finding, expected: str) -> None:
    assert line(finding, False) == expected


@pytest.mark.parametrize(
    ("finding", "expected"),
    [
        (
            Finding("r", "expr", "error", "m", waiver=WAIVER),
            "（已豁免 W-1：已说明；财政局；有效至 2099-12-31）",
        ),
        (
            Finding("r", "expr", "error", "m", waiver_expired=EXPIRED),
            "（豁免 W-2 已于 2020-01-01 过期，重新计入）",
        ),
        (Finding("r", "expr", "error", "m"), ""),
    ],
)
def test_a_review_note_is_worded_in_chinese_by_default(finding: Finding, expected: str) -> None:
    assert review_note(finding) == expected
