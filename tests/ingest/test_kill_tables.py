"""A logical table's rows judged exactly: which rows are totals (only the name column of a
budget table, the name column and those left of it in an indicator table), which rows are
only header copies, and which columns hold text no header key names (issue 25)."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from jxrules.ingest.grid import Row
from jxrules.ingest.headers import recognise
from jxrules.ingest.tables import Table


def _row(cells: Sequence[str], line: int) -> Row:
    return Row(tuple(cells), line, " | ".join(cells), f"第 {line} 行")


def _table(head: Sequence[str], *rows: Sequence[str]) -> Table:
    header = recognise(head)
    assert header is not None
    return Table(
        header, _row(head, 1), "第 1 行的表格", (), [_row(r, n) for n, r in enumerate(rows, 3)]
    )


INDICATORS = ("序号", "三级指标", "年度指标值", "实际完成值")
BUDGET = ("序号", "项目", "年初预算数", "全年预算数", "决算数")


@pytest.mark.parametrize(
    ("head", "cells", "expected"),
    [
        (INDICATORS, ("合计", "", "", ""), True),  # left of the name column counts
        (INDICATORS, ("", "合计", "", ""), True),
        (INDICATORS, ("1", "造林", "合计", ""), False),  # right of it does not
        (BUDGET, ("合计", "", "1", "1", "1"), False),  # a budget table: the name column only
        (BUDGET, ("", "合计", "1", "1", "1"), True),
        (BUDGET, ("", "工资", "合计", "1", "1"), False),
        (("决算数", "全年预算数"), ("合计", "1"), False),  # no name column: no total row
    ],
)
def test_a_total_row_is_told_by_its_name_column(
    head: Sequence[str], cells: Sequence[str], expected: bool
) -> None:
    table = _table(head)
    assert table.is_total_row(_row(cells, 3)) is expected


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (("序号", "", "", ""), True),
        (("", "", "年度指标值", "实际完成值"), True),
        (("1", "", "", ""), False),
        (("序号", "造林", "", ""), False),
    ],
)
def test_a_row_of_only_header_copies(cells: Sequence[str], expected: bool) -> None:
    assert _table(INDICATORS).only_copies(_row(cells, 3)) is expected


def test_unread_columns_skip_copies_and_totals_and_name_each_column_once() -> None:
    table = _table(
        ("序号", "三级指标", "年度指标值", "实际完成值", "备忘", "说明"),
        ("1", "造林", "≥1个", "1个", "", ""),
        ("2", "育苗", "≥1个", "1个", "备忘", "x"),  # 备忘: a copy of its header
        ("3", "抚育", "1", "1", "y", "y"),  # 说明: a copy of its left neighbour
        ("合计", "", "", "", "z", "w"),  # a total row's cells are never content
        ("4", "管护", "1", "1", "v", "u"),
    )
    assert [(head, row.line) for head, row in table.unread_columns()] == [("备忘", 5), ("说明", 4)]


def test_an_unread_first_column_is_no_copy_of_the_last() -> None:
    table = _table(("说明", "三级指标", "年度指标值", "实际完成值"), ("1", "造林", "≥1个", "1"))
    assert [(head, row.line) for head, row in table.unread_columns()] == [("说明", 3)]


def test_an_unread_second_column_copying_the_first_is_a_copy() -> None:
    table = _table(
        ("说明", "备忘", "三级指标", "年度指标值", "实际完成值"),
        ("x", "x", "造林", "≥1个", "1个"),
        ("x", "w", "育苗", "≥1个", "1个"),
    )
    assert [(head, row.line) for head, row in table.unread_columns()] == [
        ("说明", 3),
        ("备忘", 4),
    ]


def test_the_name_column_left_of_the_first_value_is_read() -> None:
    # 科目 names no column: it is the name column, being left of the first value (决算数)
    table = _table(("科目", "决算数"), ("工资福利支出", "100.00"))
    assert table.header.name_column == 0
    assert table.unread_columns() == []
