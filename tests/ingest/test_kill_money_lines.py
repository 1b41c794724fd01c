"""Money written as lines (a 项目资金 block in words) read into the funds table, pinned whole
(issue #25)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from jxrules.ingest.layouts import load_layouts, using
from jxrules.ingest.money_lines import funds_from_lines, money_line_numbers, source_column
from jxrules.model import BudgetTable

Line = tuple[str, dict[str, str], int | None]


def _lines(text: str, first: int = 5) -> list[tuple[int, str]]:
    return [(first + i, t) for i, t in enumerate(text.strip("\n").split("\n"))]


def _shown(table: BudgetTable | None) -> tuple[str, list[Line], Line] | None:
    """The table as (unit, items, total), each line (name, {column: text}, line)."""
    if table is None:
        return None
    assert table.total is not None
    lines = [*table.items, table.total]
    for line in lines:  # every amount's value is the decimal its text prints
        assert all(n.value == Decimal(n.text) for n in line.cells.values())
    shown = [(b.name, {k: n.text for k, n in b.cells.items()}, b.line) for b in lines]
    return table.unit, shown[:-1], shown[-1]


_BY_COLUMN = """
全年预算数：150.00万元
其中：当年财政拨款 120.00万元
上年结转资金：30.00万元
全年执行数：142.50万元
其中：当年财政拨款 114.00万元
上年结转资金：26.50万元
本项目绩效良好。
"""
_BY_SOURCE = """
财政资金：180.00万元
其中：中央财政资金 100.00万元
省级财政资金：80.00万元
财政资金支出：170.00万元
其中：中央财政资金 95.00万元
省级财政资金：75.00万元
"""


@pytest.mark.parametrize(
    ("text", "table", "numbers"),
    [
        (
            _BY_COLUMN,
            (
                "万元",
                [
                    ("当年财政拨款", {"adjusted_budget": "120.00", "executed": "114.00"}, 6),
                    ("上年结转资金", {"adjusted_budget": "30.00", "executed": "26.50"}, 7),
                ],
                ("年度资金总额", {"adjusted_budget": "150.00", "executed": "142.50"}, 5),
            ),
            [5, 6, 7, 8, 9, 10],
        ),
        (  # the first unit met is the table's; the others are converted exactly
            "全年预算数：1,500,000元\n其中：当年财政拨款 120万元\n上年结转资金：0.003亿元\n",
            (
                "元",
                [
                    ("当年财政拨款", {"adjusted_budget": "1200000"}, 6),
                    ("上年结转资金", {"adjusted_budget": "300000.000"}, 7),
                ],
                ("年度资金总额", {"adjusted_budget": "1500000"}, 5),
            ),
            [5, 6, 7],
        ),
        (  # no unit anywhere: 万元
            "全年预算数：150\n其中：当年财政拨款 120\n上年结转资金：30\n",
            (
                "万元",
                [
                    ("当年财政拨款", {"adjusted_budget": "120"}, 6),
                    ("上年结转资金", {"adjusted_budget": "30"}, 7),
                ],
                ("年度资金总额", {"adjusted_budget": "150"}, 5),
            ),
            [5, 6, 7],
        ),
        (  # 万 is the size of 万元, and the table says 万元
            "全年预算数：1.5亿元\n其中：当年财政拨款 12000万\n上年结转资金：30000000元\n",
            (
                "亿元",
                [
                    ("当年财政拨款", {"adjusted_budget": "1.2"}, 6),
                    ("上年结转资金", {"adjusted_budget": "0.3"}, 7),
                ],
                ("年度资金总额", {"adjusted_budget": "1.5"}, 5),
            ),
            [5, 6, 7],
        ),
        (
            "全年预算数：150万\n其中：当年财政拨款 120万\n上年结转资金：300000元\n",
            (
                "万元",
                [
                    ("当年财政拨款", {"adjusted_budget": "120"}, 6),
                    ("上年结转资金", {"adjusted_budget": "30"}, 7),
                ],
                ("年度资金总额", {"adjusted_budget": "150"}, 5),
            ),
            [5, 6, 7],
        ),
        (  # blocks headed by a source: 支出 in the label is the executed column
            _BY_SOURCE,
            (
                "万元",
                [
                    ("中央财政资金", {"adjusted_budget": "100.00", "executed": "95.00"}, 6),
                    ("省级财政资金", {"adjusted_budget": "80.00", "executed": "75.00"}, 7),
                ],
                ("年度资金总额", {"adjusted_budget": "180.00", "executed": "170.00"}, 5),
            ),
            [5, 6, 7, 8, 9, 10],
        ),
        (  # a source's block with one 其中 line is dropped: the other stays
            "财政资金：180万元\n其中：中央 100万元\n省级：80万元\n财政资金支出：170万元\n"
            "其中：中央 95万元\n",
            (
                "万元",
                [
                    ("中央", {"adjusted_budget": "100"}, 6),
                    ("省级", {"adjusted_budget": "80"}, 7),
                ],
                ("年度资金总额", {"adjusted_budget": "180"}, 5),
            ),
            [5, 6, 7],
        ),
        (  # 其中 opens the items indented and with a half-width colon too
            "财政资金：180万元\n  其中:中央 100万元\n省级：80万元\n",
            (
                "万元",
                [
                    ("中央", {"adjusted_budget": "100"}, 6),
                    ("省级", {"adjusted_budget": "80"}, 7),
                ],
                ("年度资金总额", {"adjusted_budget": "180"}, 5),
            ),
            [5, 6, 7],
        ),
        (  # prose before the block is no part of it
            "本年度项目进展顺利。\n全年预算数：150.00万元\n其中：当年财政拨款 120.00万元\n"
            "上年结转资金：30.00万元\n",
            (
                "万元",
                [
                    ("当年财政拨款", {"adjusted_budget": "120.00"}, 7),
                    ("上年结转资金", {"adjusted_budget": "30.00"}, 8),
                ],
                ("年度资金总额", {"adjusted_budget": "150.00"}, 6),
            ),
            [6, 7, 8],
        ),
        (  # a second block of the same column ends the table
            "全年预算数：150.00万元\n其中：当年财政拨款 120.00万元\n全年预算数：10.00万元\n"
            "其中：当年财政拨款 5.00万元\n",
            (
                "万元",
                [("当年财政拨款", {"adjusted_budget": "120.00"}, 6)],
                ("年度资金总额", {"adjusted_budget": "150.00"}, 5),
            ),
            [5, 6],
        ),
        (  # after a column's block, a source line is one of its items
            "全年预算数：150万元\n其中：当年财政拨款 120万元\n财政资金：30万元\n其中：中央 10万元\n",
            (
                "万元",
                [
                    ("当年财政拨款", {"adjusted_budget": "120"}, 6),
                    ("财政资金", {"adjusted_budget": "30"}, 7),
                    ("中央", {"adjusted_budget": "10"}, 8),
                ],
                ("年度资金总额", {"adjusted_budget": "150"}, 5),
            ),
            [5, 6, 7, 8],
        ),
        (  # an item named as its words are spaced is one name
            "全年执行数：10万元\n其中：当年 财政 拨款：6万元\n上年结转资金：4万元\n",
            (
                "万元",
                [
                    ("当年财政拨款", {"executed": "6"}, 6),
                    ("上年结转资金", {"executed": "4"}, 7),
                ],
                ("年度资金总额", {"executed": "10"}, 5),
            ),
            [5, 6, 7],
        ),
    ],
)
def test_money_lines_read_as_the_funds_table(
    text: str, table: tuple[str, list[Line], Line], numbers: list[int]
) -> None:
    lines = _lines(text)
    assert _shown(funds_from_lines(lines)) == table
    assert sorted(money_line_numbers(lines)) == numbers


@pytest.mark.parametrize(
    "text",
    [
        # two sources' blocks in one column: parts of what?
        "财政资金：180.00万元\n其中：中央财政资金 100.00万元\n省级财政资金：80.00万元\n"
        "其他资金：10.00万元\n其中：自筹资金 5.00万元\n社会资金：5.00万元\n",
        # one 其中 line names a part of the source, not its breakdown
        "财政资金：180.00万元\n其中：中央财政资金 100.00万元\n",
        # a source's total with no 其中 line under it
        "财政资金：180万元\n（其中）中央 100万元\n省级：80万元\n",
        # totals without items
        "全年预算数：150.00万元\n全年执行数：142.50万元\n",
        # prose only
        "本年度项目进展顺利。\n资金使用规范。\n",
        "",
    ],
)
def test_lines_that_are_no_funds_table(text: str) -> None:
    lines = _lines(text) if text else []
    assert funds_from_lines(lines) is None
    assert money_line_numbers(lines) == frozenset()


@pytest.mark.parametrize(
    ("label", "column"),
    [
        ("财政资金支出", "executed"),
        ("财政资金执行", "executed"),
        ("财政资金", "adjusted_budget"),
    ],
)
def test_a_source_blocks_column_is_told_by_its_words(label: str, column: str) -> None:
    assert source_column(label) == column


def test_the_forms_points_and_score_under_the_lines_are_no_sources_of_funds() -> None:
    """分值 and 得分 written under the money lines end them: read as sources, the items would
    add up to 159.5 and the table would seem not to reconcile."""
    lines = _lines(
        "全年预算数：150万元\n其中：当年财政拨款 120万元\n上年结转资金：30万元\n分值：10\n得分：9.5\n"
    )
    assert _shown(funds_from_lines(lines)) == (
        "万元",
        [
            ("当年财政拨款", {"adjusted_budget": "120"}, 6),
            ("上年结转资金", {"adjusted_budget": "30"}, 7),
        ],
        ("年度资金总额", {"adjusted_budget": "150"}, 5),
    )
    assert sorted(money_line_numbers(lines)) == [5, 6, 7]


def test_an_amount_in_the_tables_own_unit_is_kept_digit_for_digit() -> None:
    """No conversion when the unit is the table's: 30 digits stay 30 digits (a round trip
    through 元 would round them in Decimal's 28-digit context)."""
    lines = _lines("全年预算数：123456789012345678901234567890万元\n其中：当年财政拨款 1万元\n")
    table = funds_from_lines(lines)
    assert table is not None and table.total is not None
    assert table.total.cells["adjusted_budget"].text == "123456789012345678901234567890"


def test_a_unit_with_no_yuan_name_of_its_size_reads_in_wan_yuan(tmp_path: Path) -> None:
    """A layouts file may add a unit (千 = 1000 元) that no 元-named unit matches in size:
    the table is in 万元 and each amount is converted into it."""
    user = tmp_path / "thousands.yaml"
    user.write_text(
        "headers:\n"
        "  money_units:\n"
        '    千: "1000"\n'
        "  money_lines:\n"
        "    total: ['^(?P<label>[^\\d:：]{2,20}?)[:：](?P<value>\\d+)(?P<unit>千)$']\n"
        "    item: ['^其中[:：](?P<label>[^\\d:：]{2,20}?)(?P<value>\\d+)(?P<unit>千)$']\n",
        encoding="utf-8",
    )
    lines = _lines("全年预算数：150千\n其中：当年财政拨款120千\n")
    with using(load_layouts(user)):
        table = funds_from_lines(lines)
    assert _shown(table) == (
        "万元",
        [("当年财政拨款", {"adjusted_budget": "12"}, 6)],
        ("年度资金总额", {"adjusted_budget": "15"}, 5),
    )
