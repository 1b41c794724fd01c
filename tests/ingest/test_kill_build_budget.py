"""The row findings of ``build_budget`` (issue 25: surviving mutants of
``jxrules.ingest.build_budget``): each money-table row that is not read is named with its line,
its whole message in Chinese and English, and the table it belongs to."""

from __future__ import annotations

from pathlib import Path

import pytest

import jxrules
from jxrules.ingest.markdown import read_string

_HEAD = "| 项目 | 年初预算数 | 全年预算数 | 决算数 |\n|--|--|--|--|\n"
_HEAD_ROW = "| 项目 | 年初预算数 | 全年预算数 | 决算数 |"
_FUNDS = (
    "| 项目资金（万元） | | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |\n"
    "|---|---|---|---|---|---|---|---|\n"
    "| | 年度资金总额 | 80.00 | 80.00 | 80.00 | 10 | 100.00% | 10.00 |\n"
    "| | 其中：当年财政拨款 | 80.00 | 80.00 | 80.00 | 10 | | |\n"
)
_FUNDS_ROW = "| | 其中：当年财政拨款 | 80.00 | 80.00 | 80.00 | 10 | | |"

Expected = list[tuple[str | None, int, str, str]]

_CASES: list[tuple[str, dict[str, list[str]], Expected]] = [
    (
        _HEAD + "| 甲 | 1 | 1 | 1 |\n| 合计 | 1 | 1 | 1 |\n",
        {},
        [
            (
                None,
                1,
                f"第 1 行：无法判断是收入表还是支出表（合计行和前文都没有说明），此表未读入：{_HEAD_ROW}",
                "line 1: cannot tell whether this is the income or the expenditure table (neither"
                f" its total row nor the text before it says); the table was not read: {_HEAD_ROW}",
            ),
            (
                None,
                3,
                "第 3 行：所在的表未读入：| 甲 | 1 | 1 | 1 |",
                "line 3: its table was not read: | 甲 | 1 | 1 | 1 |",
            ),
            (
                None,
                4,
                "第 4 行：所在的表未读入：| 合计 | 1 | 1 | 1 |",
                "line 4: its table was not read: | 合计 | 1 | 1 | 1 |",
            ),
        ],
    ),
    (
        _HEAD
        + "| 甲收入 | 1 | 1 | 1 |\n| 收入合计 | 1 | 1 | 1 |\n\n"
        + _HEAD
        + "| 乙收入 | 2 | 2 | 2 |\n| 收入合计 | 2 | 2 | 2 |\n",
        {"income": ["甲收入"]},
        [
            (
                "income",
                6,
                f"第 6 行：报告中已有 income 表，此表未读入：{_HEAD_ROW}",
                f"line 6: the report has a income table already; this table was not read: {_HEAD_ROW}",
            ),
            (
                "income",
                8,
                "第 8 行：所在的表未读入：| 乙收入 | 2 | 2 | 2 |",
                "line 8: its table was not read: | 乙收入 | 2 | 2 | 2 |",
            ),
            (
                "income",
                9,
                "第 9 行：所在的表未读入：| 收入合计 | 2 | 2 | 2 |",
                "line 9: its table was not read: | 收入合计 | 2 | 2 | 2 |",
            ),
        ],
    ),
    (
        _HEAD + "| 甲收入 | 1 | 1 | 1 |\n|  | 3 | 3 | 3 |\n| 收入合计 | 1 | 1 | 1 |\n",
        {"income": ["甲收入"]},
        [
            (
                "income",
                4,
                "第 4 行：没有项目名称，此行未读入：|  | 3 | 3 | 3 |",
                "line 4: no item name; the row was not read: |  | 3 | 3 | 3 |",
            )
        ],
    ),
    (
        _HEAD + "| 甲收入 | 1 | 1 | 1 |\n| 收入合计 | 1 | 1 | 1 |\n| 收入合计 | 1 | 1 | 1 |\n",
        {"income": ["甲收入"]},
        [
            (
                "income",
                5,
                "第 5 行：表中第二个合计行，未读入：| 收入合计 | 1 | 1 | 1 |",
                "line 5: a second total row in the table; not read: | 收入合计 | 1 | 1 | 1 |",
            )
        ],
    ),
    (
        _HEAD + "| 甲收入 | 1 | 1 | 1 |\n| 收入合计 | 1 | 1 | 1 |\n| 乙收入 | 1 | 1 | 1 |\n",
        {"income": ["甲收入"]},
        [
            (
                "income",
                5,
                "第 5 行：合计行之后的行，未读入：| 乙收入 | 1 | 1 | 1 |",
                "line 5: a row after the total row; not read: | 乙收入 | 1 | 1 | 1 |",
            )
        ],
    ),
    (
        _HEAD + "| 甲收入 | 1 | abc | 1 |\n| 收入合计 | 1 | 1 | 1 |\n",
        {"income": ["甲收入"]},
        [
            (
                "income",
                3,
                "第 3 行：列 adjusted_budget 的 “abc” 不是数字，按空白读入：| 甲收入 | 1 | abc | 1 |",
                "line 3: column adjusted_budget: “abc” is not a number; read as blank:"
                " | 甲收入 | 1 | abc | 1 |",
            )
        ],
    ),
    (
        _FUNDS,
        {"funds": ["当年财政拨款"]},
        [
            (
                "funds",
                4,
                "第 4 行：分值/执行率/得分只在年度资金总额行读取，此行的这些值未读入："
                + _FUNDS_ROW,
                "line 4: points, execution rate and score are read on the total funds row only;"
                " those of this row were not read: " + _FUNDS_ROW,
            )
        ],
    ),
]


@pytest.mark.parametrize(
    ("text", "items", "expected"),
    _CASES,
    ids=[
        "neither-income-nor-expenditure",
        "second-income-table",
        "row-without-name",
        "second-total-row",
        "row-after-total",
        "cell-not-a-number",
        "scores-on-a-funds-item",
    ],
)
def test_money_table_rows_not_read_are_named_with_line_and_reason(
    text: str, items: dict[str, list[str]], expected: Expected
) -> None:
    [report] = read_string(text, "t.md")
    assert {key: [i.name for i in t.items] for key, t in report.budget.items()} == items
    rows = [f for f in report.ingest_findings if f.rule == "ingest-row"]
    assert [(f.severity, f.check) for f in rows] == [("warning", "ingest")] * len(expected)
    assert [(f.location.table, f.location.line, f.message, f.message_en) for f in rows] == expected


def test_a_one_character_item_prefix_from_a_layouts_file_is_stripped(tmp_path: Path) -> None:
    """A layouts file may add a prefix of one character (含): ``含当年财政拨款`` is the
    item ``当年财政拨款``."""
    report = tmp_path / "funds.md"
    report.write_text(_FUNDS.replace("其中：", "含"), encoding="utf-8")
    user = tmp_path / "one.layouts.yaml"
    user.write_text("headers:\n  rows:\n    item_prefixes: ['含']\n", encoding="utf-8")
    funds = jxrules.load_report(report, layouts=str(user)).budget["funds"]
    assert [line.name for line in funds.items] == ["当年财政拨款"]
