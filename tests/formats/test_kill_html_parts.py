"""``--format html``: the parts of the page the rendered copies do not reach: findings without a
place or evidence, grouped by section; waived rows; failures; the body filter; a report's
indicator and money tables with blank cells, a unnamed line and mismatched cells; the chart."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from jxrules.errors import JxError, Position
from jxrules.findings import Finding, Location, ReportIdentity, Result
from jxrules.formats import Failure, Run
from jxrules.formats.html import chart, chart_points, e, render
from jxrules.model import BudgetLine, BudgetTable, Indicator, Num, Report

W1 = {"id": "W-1", "reason": "已说明", "approved_by": "财政局", "expires": "2099-12-31"}
W2 = {"id": "W-2", "reason": "口径", "approved_by": "审计", "expires": "2099-01-01"}
PROJECT_A = ReportIdentity(project="项目A", kind="project", fiscal_year=2024)
PROJECT_B = ReportIdentity(project="项目B", kind="project", fiscal_year=2024)
FINDINGS = (
    Finding("r/1", "expr", "error", "整体"),
    Finding("r/2", "expr", "warning", "预算", Location(field="budget")),
    Finding(
        "r/3", "expr", "info", "收入合计", Location(field="budget.income.total"), {"差额": "5"}
    ),
    Finding("r/4", "expr", "error", "合计行", Location(table="funds", row="合计")),
    Finding("w/1", "expr", "error", "甲", waiver=W1),
    Finding("w/2", "expr", "error", "乙", waiver=W2),
)


def parts(page: str, pattern: str) -> list[str]:
    found: list[str] = re.findall(pattern, page, re.S)
    return found


def batch_page() -> str:
    return render(
        Run(
            results=[
                Result("a.md", PROJECT_A, "x", FINDINGS),
                Result("b.md", PROJECT_B, "x", (Finding("r/1", "expr", "info", "m"),)),
            ],
            failures=[
                Failure("c.md", JxError("读不了", Position("c.md", 3))),
                Failure("d.md", JxError("不是报告")),
            ],
        )
    )


def row(rule: str, severity: str, key: int, cells: str, waived: str = "no") -> str:
    word = {"error": "错误", "warning": "警告", "info": "提示"}[severity]
    return (
        f'<tr class="sev-row-{severity}" data-index="{{i}}" data-severity="{severity}"'
        f' data-rule="{rule}" data-fingerprint="" data-waived="{waived}"><td data-key="{key}">'
        f'<span class="sev sev-{severity}">{word}</span></td><td><code>{rule}</code></td>'
        f"<td>expr</td>{cells}</tr>"
    )


def test_findings_are_grouped_by_section_the_whole_report_and_budget_fields_included() -> None:
    head = (
        '<thead><tr><th data-type="number">严重程度</th><th>规则</th><th>检查</th>'
        '<th data-type="number">行</th><th>位置</th><th>说明</th></tr></thead>'
    )
    assert parts(batch_page(), r'<table class="findings sortable" id="r1-findings".*?</table>') == [
        '<table class="findings sortable" id="r1-findings" data-count="4">'
        + head
        + '<tbody data-group=""><tr class="group"><th colspan="6">整体（1）</th></tr>'
        + row(
            "r/1", "error", 1, '<td class="num" data-key=""></td><td>（全文）</td><td>整体</td>'
        ).format(i=0)
        + '</tbody><tbody data-group="budget"><tr class="group"><th colspan="6">budget'
        " <code>budget</code>（1）</th></tr>"
        + row(
            "r/2", "warning", 2, '<td class="num" data-key=""></td><td>budget</td><td>预算</td>'
        ).format(i=1)
        + '</tbody><tbody data-group="income"><tr class="group"><th colspan="6">收入表'
        " <code>income</code>（1）</th></tr>"
        + row(
            "r/3",
            "info",
            3,
            '<td class="num" data-key=""></td><td>budget.income.total</td><td>收入合计'
            '<dl class="evidence"><div><dt>差额</dt><dd>5</dd></div></dl></td>',
        ).format(i=2)
        + '</tbody><tbody data-group="funds"><tr class="group"><th colspan="6">项目资金'
        " <code>funds</code>（1）</th></tr>"
        + row(
            "r/4",
            "error",
            1,
            '<td class="num" data-key="">合计</td><td>funds 第合计行</td><td>合计行</td>',
        ).format(i=3)
        + "</tbody></table>"
    ]


def test_waived_findings_are_one_row_each_with_their_waiver() -> None:
    def waived(rule: str, message: str, waiver: str) -> str:
        cells = f'<td class="num" data-key=""></td><td>（全文）</td><td>{message}</td>{waiver}'
        return row(rule, "error", 1, cells, waived="yes")

    assert parts(batch_page(), r'<table class="findings waived".*?</table>') == [
        '<table class="findings waived" id="r1-waived" data-count="2"><thead><tr><th>严重程度</th>'
        "<th>规则</th><th>检查</th><th>行</th><th>位置</th><th>说明</th><th>豁免</th></tr></thead>"
        "<tbody>"
        + waived(
            "w/1",
            "甲",
            '<td class="waiver"><code>W-1</code> 已说明<br>批准：财政局 · 有效至 2099-12-31</td>',
        ).format(i=0)
        + waived(
            "w/2",
            "乙",
            '<td class="waiver"><code>W-2</code> 口径<br>批准：审计 · 有效至 2099-01-01</td>',
        ).format(i=1)
        + "</tbody></table>"
    ]


def test_failures_are_listed_by_their_message_or_under_their_file() -> None:
    assert parts(batch_page(), r'<section class="failures">.*?</section>') == [
        '<section class="failures"><h2>无法检查的文件（2）</h2><ul><li>c.md:3: 读不了</li>'
        "<li><code>d.md</code>：不是报告</li></ul></section>"
    ]


def test_projects_without_a_department_are_the_bodies_of_the_filter_and_sections() -> None:
    page = batch_page()
    assert parts(page, r'<select id="filter-body">.*?</select>') == [
        '<select id="filter-body"><option value="">全部</option>'
        '<option value="项目A">项目A</option><option value="项目B">项目B</option></select>'
    ]
    assert parts(page, r'<section class="report"[^>]*>') == [
        '<section class="report" id="r1" data-source="a.md" data-body="项目A">',
        '<section class="report" id="r2" data-source="b.md" data-body="项目B">',
    ]


def test_a_page_without_findings_has_no_filter_bar() -> None:
    page = render(Run(results=[Result("a.md", PROJECT_A, "x", ())]))
    assert parts(page, r"<header>.*?</header>") == [
        "<header>\n<h1>jxrules 绩效自评报告检查结果</h1>\n"
        '<p class="meta">jxrules  · 1 份报告 · 错误 0，警告 0，提示 0</p>\n</header>'
    ]


REPORT = Report(
    "project",
    indicators=(
        Indicator("一", "培训人次", "有效提升", "有效提升", points=Num(Decimal(5))),
        Indicator("2", "覆盖率", "有效提升", "有效提升"),
    ),
    budget={
        "income": BudgetTable(
            items=(BudgetLine("财政 拨款", {"final_accounts": Num(Decimal(10), "10")}),),
            total=BudgetLine("合计", {"final_accounts": Num(Decimal(12), "12")}),
        ),
        "funds": BudgetTable(items=(BudgetLine(" ", {"executed": Num(Decimal(3), "3")}),)),
    },
)
RECONCILE = (
    Finding(
        "c/1",
        "reconcile",
        "error",
        "收入不符",
        Location(table="income", name="财政拨款", column="final_accounts", row="3"),
        {"difference": "2"},
    ),
    Finding(
        "c/2", "reconcile", "warning", "合计不符", Location(table="income", column="final_accounts")
    ),
    Finding("c/3", "reconcile", "warning", "资金不符", Location(table="funds")),
)


def report_page() -> str:
    result = Result("a.md", PROJECT_A, "x", RECONCILE)
    return render(Run(results=[result], reports={"a.md": REPORT}))


def test_a_report_without_grade_or_score_shows_dashes_in_its_summary() -> None:
    assert parts(report_page(), r'<dl class="summary">.*?</dl>') == [
        '<dl class="summary"><div class="error"><dt>错误</dt><dd>1</dd></div>'
        '<div class="warning"><dt>警告</dt><dd>2</dd></div><div class="info"><dt>提示</dt>'
        '<dd>0</dd></div><div class="grade"><dt>绩效等级</dt><dd>—</dd></div>'
        '<div class="score"><dt>自评分数</dt><dd>—</dd></div></dl>'
    ]


def test_indicator_rows_sort_by_number_only_and_a_missing_or_textless_figure_shows_its_value() -> (
    None
):
    assert parts(report_page(), r"<tbody><tr id=\"r1-ind-.*?</tbody>") == [
        '<tbody><tr id="r1-ind-1" class="v-ok" data-row="一" data-index="1">'
        '<td class="num" data-key="">一</td><td></td><td>培训人次</td>'
        '<td class="target">有效提升</td><td class="actual">有效提升</td><td class="num">5</td>'
        '<td class="verdict" data-key="ok">未发现问题</td></tr>'
        '<tr id="r1-ind-2" class="v-ok" data-row="2" data-index="2">'
        '<td class="num" data-key="2">2</td><td></td><td>覆盖率</td>'
        '<td class="target">有效提升</td><td class="actual">有效提升</td><td class="num"></td>'
        '<td class="verdict" data-key="ok">未发现问题</td></tr></tbody>'
    ]


def test_reconcile_findings_mark_the_named_line_the_total_or_an_unnamed_line() -> None:
    assert parts(report_page(), r'<table class="budget".*?</table>') == [
        '<table class="budget" data-table="income"><thead><tr><th>项目</th><th>决算数</th></tr>'
        '</thead><tbody><tr class="item"><td>财政 拨款</td><td class="num mismatch"'
        ' data-column="final_accounts" title="收入不符">10<span class="diff">差 2</span></td></tr>'
        '<tr class="total"><th>合计</th><td class="num mismatch" data-column="final_accounts"'
        ' title="合计不符">12</td></tr></tbody></table>',
        '<table class="budget" data-table="funds"><thead><tr><th>项目</th><th>全年执行数</th></tr>'
        '</thead><tbody><tr class="item"><td> </td><td class="num mismatch" data-column="executed"'
        ' title="资金不符">3</td></tr></tbody></table>',
    ]


def test_a_finding_on_a_money_table_row_links_to_that_table() -> None:
    assert parts(report_page(), r'<td><a href="#[^"]*">[^<]*</a></td>') == [
        '<td><a href="#r1-income">income 第3行 财政拨款 [final_accounts]</a></td>',
        '<td><a href="#r1-income">income [final_accounts]</a></td>',
        '<td><a href="#r1-funds">funds</a></td>',
    ]


@pytest.mark.parametrize(
    ("value", "escaped"),
    [
        (None, ""),
        ("a\x01b\x7f", "a\ufffdb\ufffd"),
        ("\"<&>'", "&quot;&lt;&amp;&gt;&#x27;"),
        (3, "3"),
    ],
)
def test_e_escapes_text_and_shows_none_as_nothing(value: object, escaped: str) -> None:
    assert e(value) == escaped


CHART_INDICATORS = (
    Indicator("1", "甲" * 21, "≥100家", "100家"),
    Indicator("2", "乙", "≥100家", "90家"),
)


def test_the_chart_is_in_chinese_by_default_capped_at_120_percent_and_shortens_long_names() -> None:
    assert chart(CHART_INDICATORS, {"2": "missed"}, "p") == (
        '<h3>实际完成值 ÷ 目标值（2 项指标）</h3>\n<svg class="chart" id="p-chart" role="img"'
        ' viewBox="0 0 1020 76" width="100%" aria-label="实际完成值与目标值之比">'
        '<text x="683.3" y="14" text-anchor="middle">目标 100%</text>'
        '<line class="axis" x1="683.3" y1="18" x2="683.3" y2="76"/>'
        '<g class="point" data-row="1"><title>1 '
        + "甲"
        * 21
        + "：实际 / 目标 = 100家 / ≥100家（100%）"
        '</title><text x="0" y="39">1 ' + "甲" * 19 + '…</text><rect class="track" x="300" y="28"'
        ' width="460" height="14"/><rect class="bar-ok" x="300" y="28" width="383.3" height="14"/>'
        '<text x="768" y="39">100家 / ≥100家（100%）</text></g>'
        '<g class="point" data-row="2"><title>2 乙：实际 / 目标 = 90家 / ≥100家（90%）</title>'
        '<text x="0" y="61">2 乙</text><rect class="track" x="300" y="50" width="460" height="14"/>'
        '<rect class="bar-missed" x="300" y="50" width="345.0" height="14"/>'
        '<text x="768" y="61">90家 / ≥100家（90%）</text></g></svg>\n'
        '<p class="note">条长为实际完成值 ÷ 目标值（超过 120% 截断；↓ 为越低越好的指标；'
        "一格多项数值的指标逐项绘制）；0 项定性、无法读取或单位不一致的指标未绘制。</p>"
    )


def test_no_chart_without_a_comparable_figure() -> None:
    assert chart((Indicator("1", "满意度", "有效提升", "有效提升"),), {}, "p") == ""


def test_a_compound_cell_plots_its_later_clauses_after_an_unreadable_one() -> None:
    points = chart_points((Indicator("1", "x", "≥200家，≥3亿元", "未完成，3亿元"),))
    assert [(p.label, p.ratio, p.figures) for p in points] == [
        ("1 x（2/2）", Decimal("1"), "3亿元 / ≥3亿元")
    ]
