"""The split target (指标性质 | 指标值 | 度量单位) joined into one cell: each piece that a row
lacks, and cells written with spaces, read exactly (issue 25)."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from jxrules.ingest.split_target import comparator, is_split, join, unit


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("==", "="),  # the programmer's equals sign is the plain one
        (">=", "≥"),
        ("<=", "≤"),
        ("> =", "≥"),  # a sign written with a space inside is still one sign
        ("正 向", "≥"),
        ("定性", ""),
    ],
)
def test_a_comparator_cell_reads_as_its_sign(text: str, expected: str) -> None:
    assert comparator(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("人 次", "人次"),  # the spaces inside a unit cell are dropped, nothing put between
        ("百 分 比", "%"),
        (" 个 ", "个"),
    ],
)
def test_a_unit_cell_reads_without_its_spaces(text: str, expected: str) -> None:
    assert unit(text) == expected


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        # no 指标值 cell at all: no target, the actual as written
        ({"actual": "5", "target_comparator": "≥", "target_unit": "个"}, ("", "5")),
        # no 实际完成值 cell: an empty actual
        ({"target": "100", "target_comparator": "≥", "target_unit": "个"}, ("≥100个", "")),
        # no 指标性质 cell: no sign before the value
        ({"target": "有效改善", "target_unit": "", "actual": "已改善"}, ("有效改善", "已改善")),
        ({"target": "800", "target_unit": "人次", "actual": "860"}, ("800人次", "860人次")),
        # no 度量单位 cell: no unit after the value or the bare actual
        ({"target": "800", "target_comparator": "≥", "actual": "860"}, ("≥800", "860")),
    ],
)
def test_a_split_row_missing_a_column_joins_what_it_has(
    cells: Mapping[str, str], expected: tuple[str, str]
) -> None:
    assert join(cells) == expected


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ({"target": "800", "target_comparator": "≥"}, True),  # 指标性质 alone
        ({"target": "800", "target_unit": "人次"}, True),  # 度量单位 alone
        ({"target": "800", "target_comparator": "≥", "target_unit": "人次"}, True),
        ({"target": "≥800人次", "actual": "860人次"}, False),
    ],
)
def test_a_row_is_split_with_either_column(cells: Mapping[str, str], expected: bool) -> None:
    assert is_split(cells) is expected
