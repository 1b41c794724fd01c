"""Totals broken down by nature under 年度资金总额 (``jxrules.ingest.breakdowns``), pinned where the
mutation run found them loosely tested (issue 25): each part's name, figure and source line, the
columns left blank, the unit, and the finding for a figure that is not a number, with its table.
"""

from __future__ import annotations

from pathlib import Path

from jxrules.ingest.layouts import load_layouts, using
from jxrules.ingest.markdown import read_string
from jxrules.model import BudgetLine, Report

HEAD = """\
# 2022年度部门整体支出绩效自评表

| 年度预算执行情况（{unit}） | | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |
|---|---|---|---|---|---|---|---|
| | 年度资金总额 | 100.00 | 100.00 | 90.00 | 10 | 90.00% | 9.00 |
"""

Printed = tuple[str, dict[str, str], int | None]


def form(rows: list[str], unit: str = "万元") -> Report:
    [report] = read_string(HEAD.format(unit=unit) + "\n".join(rows) + "\n", "t.md")
    return report


def printed(line: BudgetLine) -> Printed:
    """A line as (name, each column's printed text, source line): a blank cell prints ``''``."""
    return line.name, {column: num.text for column, num in line.cells.items()}, line.line


def blank_but(column: str, text: str) -> dict[str, str]:
    return {"initial_budget": "", "adjusted_budget": "", "final_accounts": ""} | {column: text}


def row_findings(report: Report) -> list[tuple[str | None, int | None, str]]:
    return [
        (f.location.table, f.location.line, f.message)
        for f in report.ingest_findings
        if f.rule == "ingest-row"
    ]


def test_each_part_takes_its_own_figure_or_the_next_one_in_its_own_columns() -> None:
    """Parts with their figure after a colon (the last colon: the name may hold one), in
    another unit, 0, or in a cell of their own breakdown's columns further right; a blank cell
    under a label skips that row for it only; a part with no figure in its columns is blank,
    never the next breakdown's name nor a merged title cell to its left."""
    report = form(
        [
            "| | 按收入性质分：100.00 | | | 按支出性质分：900,000元 | | | |",
            "| | 其中：一般公共预算 | | 70.00 | 其中：基本支出：人员经费：600,000元 | | | |",
            "| | | | | 项目支出：0 | | | |",
            "| | 2022年结转资金 | | 30.00 | 其他支出：1,200.00 | | | |",
            "| 年度预算执行情况 | 单位资金 | | | 公用经费 | | | |",
        ]
    )
    income, spent = report.budget["income"], report.budget["expenditure"]
    assert (income.unit, spent.unit) == ("万元", "万元")
    assert income.total is not None and spent.total is not None
    assert printed(income.total) == ("按收入性质分", blank_but("adjusted_budget", "100.00"), 6)
    assert [printed(i) for i in income.items] == [
        ("一般公共预算", blank_but("adjusted_budget", "70.00"), 7),
        ("2022年结转资金", blank_but("adjusted_budget", "30.00"), 9),
        ("单位资金", blank_but("adjusted_budget", ""), 10),
    ]
    assert printed(spent.total) == ("按支出性质分", blank_but("final_accounts", "90.0000"), 6)
    assert [printed(i) for i in spent.items] == [
        ("基本支出:人员经费", blank_but("final_accounts", "60.0000"), 7),
        ("项目支出", blank_but("final_accounts", "0"), 8),
        ("其他支出", blank_but("final_accounts", "1200.00"), 9),
        ("公用经费", blank_but("final_accounts", ""), 10),
    ]
    assert row_findings(report) == []


def test_a_figure_that_is_no_number_is_told_under_its_table_in_the_funds_unit() -> None:
    report = form(
        [
            "| | 按收入性质分：约100 | | | 按支出性质分：90.00 | | | |",
            "| | 一般公共预算 | 约70 | | 基本支出 | 90.00 | | |",
        ],
        unit="元",
    )
    income, spent = report.budget["income"], report.budget["expenditure"]
    assert (income.unit, spent.unit) == ("元", "元")
    assert income.total is not None
    assert printed(income.total) == ("按收入性质分", blank_but("adjusted_budget", ""), 6)
    assert [printed(i) for i in income.items] == [
        ("一般公共预算", blank_but("adjusted_budget", ""), 7)
    ]
    assert [printed(i) for i in spent.items] == [
        ("基本支出", blank_but("final_accounts", "90.00"), 7)
    ]
    assert row_findings(report) == [
        (
            "income",
            6,
            "第 6 行：列 adjusted_budget 的 “约100” 不是数字，按空白读入："
            "| | 按收入性质分：约100 | | | 按支出性质分：90.00 | | | |",
        ),
        (
            "income",
            7,
            "第 7 行：列 adjusted_budget 的 “约70” 不是数字，按空白读入："
            "| | 一般公共预算 | 约70 | | 基本支出 | 90.00 | | |",
        ),
    ]


def test_three_breakdowns_side_by_side_each_read_in_its_own_columns(tmp_path: Path) -> None:
    """The middle breakdown's columns run from its label to the third label's."""
    user = tmp_path / "mine.layouts.yaml"
    user.write_text(
        "headers:\n  breakdowns:\n    按资金来源分: {table: income, column: adjusted_budget}\n",
        encoding="utf-8",
    )
    rows = [
        "| | 按收入性质分：100.00 | | 按支出性质分：90.00 | | 按资金来源分：100.00 | | |",
        "| | 一般公共预算 | 100.00 | 基本支出 | 90.00 | 财政拨款 | 100.00 | |",
    ]
    with using(load_layouts(user)):
        report = form(rows)
    income, spent = report.budget["income"], report.budget["expenditure"]
    assert [printed(i) for i in income.items] == [
        ("一般公共预算", blank_but("adjusted_budget", "100.00"), 7)
    ]
    assert [printed(i) for i in spent.items] == [
        ("基本支出", blank_but("final_accounts", "90.00"), 7)
    ]
    assert row_findings(report) == [
        ("income", 6, f"第 6 行：报告中已有 income 表，此行起的分项未读入：{rows[0]}")
    ]


def test_a_label_read_without_its_spaces_and_an_unfilled_placeholder_figure_told() -> None:
    """Spaces inside a label or part cell are not part of its name or figure; a template's
    ``XX`` left in place of a total is no number (told, read as blank), not a blank cell."""
    rows = [
        "| | 按收入性质分： 100.00 | | | 按支出性质分：XX | | | |",
        "| | 一般 公共预算： 100.00 | | | 基本支出 | 90.00 | | |",
    ]
    report = form(rows)
    income, spent = report.budget["income"], report.budget["expenditure"]
    assert income.total is not None and spent.total is not None
    assert printed(income.total) == ("按收入性质分", blank_but("adjusted_budget", "100.00"), 6)
    assert [printed(i) for i in income.items] == [
        ("一般公共预算", blank_but("adjusted_budget", "100.00"), 7)
    ]
    assert printed(spent.total) == ("按支出性质分", blank_but("final_accounts", ""), 6)
    assert row_findings(report) == [
        (
            "expenditure",
            6,
            f"第 6 行：列 final_accounts 的 “XX” 不是数字，按空白读入：{rows[0]}",
        )
    ]
