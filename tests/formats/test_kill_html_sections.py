"""``--format html``: which report section a finding is grouped under, and the page read as
UTF-8 whatever the locale.

Written against the mutants mutmut found surviving in ``jxrules.formats.html``
(docs/testing.md).
"""

from __future__ import annotations

import io
import re

import pytest

from jxrules.findings import Finding, Location, Result
from jxrules.formats import Run
from jxrules.formats.html import render
from tests.formats.test_common import EMPTY_RESULT


def group_headings(*findings: Finding) -> list[str]:
    result = Result(EMPTY_RESULT.source, EMPTY_RESULT.report, "x", findings)
    html = render(Run(results=[result], rulesets={}))
    return re.findall(r'<th colspan="\d+">(.*?)</th>', html)


def finding_at(field: str | None = None, table: str | None = None) -> Finding:
    return Finding("r", "expr", "error", "错", location=Location(table=table, field=field))


@pytest.mark.parametrize(
    ("field", "heading"),
    [
        # a field of a budget table is grouped under that table, even with no column after it
        ("budget.income", "收入表 <code>income</code>（1）"),
        ("budget.funds.total", "项目资金 <code>funds</code>（1）"),
        # any other field under its first part
        ("total_score", "总分 <code>total_score</code>（1）"),
        ("budget", "budget <code>budget</code>（1）"),
    ],
)
def test_a_finding_without_a_table_is_grouped_by_its_field(field: str, heading: str) -> None:
    assert group_headings(finding_at(field)) == [heading]


def test_the_page_is_read_as_utf8_in_an_ascii_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    # what pathlib asks for a file opened without an encoding, as in LC_ALL=C
    monkeypatch.setattr(io, "text_encoding", lambda encoding, stacklevel=2: encoding or "ascii")
    assert "<title>jxrules 绩效自评报告检查结果</title>" in render(
        Run(results=[EMPTY_RESULT], rulesets={})
    )
