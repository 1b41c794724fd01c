"""``--format html``: the batch index (one row per report) of a run over several reports."""

from __future__ import annotations

import re

from jxrules.findings import Finding, ReportIdentity, Result
from jxrules.formats import Run
from jxrules.formats.html import render
from jxrules.review.baseline import Absent
from tests.formats.test_common import EMPTY_RESULT

WAIVER = {"id": "W-1", "reason": "已说明", "approved_by": "财政局", "expires": "2099-12-31"}
FINDINGS = (
    *(Finding(f"e{n}", "expr", "error", "错") for n in range(3)),
    *(Finding(f"w{n}", "expr", "warning", "警") for n in range(2)),
    Finding("i0", "expr", "info", "提"),
    Finding("e9", "expr", "error", "已豁免的错", waiver=WAIVER),
)


def index_of(results: list[Result]) -> str:
    html = render(Run(results=results, rulesets={}))
    found: list[str] = re.findall(r"<nav>.*?</nav>", html, re.S)
    assert len(found) == 1
    return found[0]


HEAD = (
    '<nav><table class="index sortable" id="index"><thead><tr><th>单位 / 项目</th><th>类型</th>'
    "<th>年度</th><th>错误</th><th>警告</th><th>提示</th><th>已豁免</th><th>文件</th></tr></thead><tbody>"
)


def test_the_index_row_names_project_before_department_and_counts_each_severity() -> None:
    results = [
        Result(
            "a.yaml",
            ReportIdentity(project="项目A", department="部门A", kind="project", fiscal_year=2024),
            "x",
            FINDINGS,
        ),
        Result(
            "b.yaml",
            ReportIdentity(department="部门B", kind="department_overall", fiscal_year=None),
            "x",
            (),
        ),
        Result("c&.yaml", ReportIdentity(kind="other", fiscal_year=None, department=None), "x", ()),
        Result("d.yaml", ReportIdentity(kind="", fiscal_year=None, department=None), "x", ()),
    ]
    assert index_of(results) == (
        HEAD + '<tr data-body="项目A"><td><a href="#r1">项目A</a></td><td>项目支出绩效自评表</td>'
        '<td>2024</td><td class="num">3</td><td class="num">2</td><td class="num">1</td>'
        '<td class="num">1</td><td><code>a.yaml</code></td></tr>'
        '<tr data-body="部门B"><td><a href="#r2">部门B</a></td><td>部门整体支出绩效自评报告</td>'
        '<td></td><td class="num">0</td><td class="num">0</td><td class="num">0</td>'
        '<td class="num">0</td><td><code>b.yaml</code></td></tr>'
        '<tr data-body=""><td><a href="#r3">c&amp;.yaml</a></td><td>other</td>'
        '<td></td><td class="num">0</td><td class="num">0</td><td class="num">0</td>'
        '<td class="num">0</td><td><code>c&amp;.yaml</code></td></tr>'
        '<tr data-body=""><td><a href="#r4">d.yaml</a></td><td></td>'
        '<td></td><td class="num">0</td><td class="num">0</td><td class="num">0</td>'
        '<td class="num">0</td><td><code>d.yaml</code></td></tr>'
        "</tbody></table></nav>"
    )


def test_a_single_report_has_no_index() -> None:
    html = render(
        Run(
            results=[EMPTY_RESULT],
            rulesets={},
        )
    )
    assert "<nav>" not in html
    assert 'id="index"' not in html


def test_absent_baseline_findings_are_listed_one_row_each() -> None:
    run = Run(
        results=[EMPTY_RESULT],
        rulesets={},
        absent=[
            Absent("jx1:1", "r/1", "warning", "a.yaml", "旧<问题>"),
            Absent("jx1:2", "r/2", "odd", "b.yaml", "m"),
        ],
    )
    found = re.findall(r'<section class="absent">.*?</section>', render(run), re.S)
    assert found == [
        '<section class="absent"><h2>基线中有、本次已不再出现的发现（2）</h2><table><thead><tr>'
        "<th>严重程度</th><th>规则</th><th>文件</th><th>说明</th></tr></thead><tbody>"
        '<tr data-baseline="absent"><td>警告</td><td><code>r/1</code></td>'
        "<td><code>a.yaml</code></td><td>旧&lt;问题&gt;</td></tr>"
        '<tr data-baseline="absent"><td>odd</td><td><code>r/2</code></td>'
        "<td><code>b.yaml</code></td><td>m</td></tr></tbody></table></section>"
    ]
