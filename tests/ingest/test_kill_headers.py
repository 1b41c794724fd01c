"""Header-vocabulary helpers read exactly: placeholder names written with spaces, a broken
vocabulary entry named, consecutive copies, money units, budget kinds, total rows and
categories, recognised headers and form labels (issue 25)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from jxrules.errors import JxError
from jxrules.ingest.headers import (
    _regex,
    _strings,
    budget_kind,
    category,
    distinct,
    first_text,
    form_label,
    is_child,
    is_placeholder,
    is_score_total,
    is_subtotal,
    is_total,
    money_unit,
    normalise,
    recognise,
    vocabulary,
)
from jxrules.ingest.layouts import Layouts, using


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("指标1", True),
        ("指标 1", True),  # spaces inside are dropped before matching, nothing put between
        ("指 标 十 二", True),
        ("… …", True),
        ("x x x", True),
        ("指标 1 完成率", False),
        ("培训人数", False),
    ],
)
def test_a_placeholder_name_is_recognised_whatever_its_spaces(name: str, expected: bool) -> None:
    assert is_placeholder(name) is expected


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: _strings("合计", "rows.totals"),
            "jxrules/data/headers.yaml：rows.totals 应为文本列表 (list of strings)",
        ),
        (
            lambda: _strings(["合计", 1], "rows.totals"),
            "jxrules/data/headers.yaml：rows.totals 应为文本列表 (list of strings)",
        ),
        (
            lambda: _regex("[", "rows.category_strip"),
            "jxrules/data/headers.yaml：rows.category_strip 正则表达式无效："
            "unterminated character set at position 0",
        ),
    ],
)
def test_a_broken_vocabulary_entry_is_named_with_its_key(
    call: Callable[[], object], message: str
) -> None:
    with pytest.raises(JxError) as caught:
        call()
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (["a", "a", " ", "b", "b", "a", ""], ["a", "b", "a"]),
        (["", " x ", "x", "y"], ["x", "y"]),
        (["", " "], []),
    ],
)
def test_distinct_collapses_consecutive_copies_only(cells: list[str], expected: list[str]) -> None:
    assert distinct(cells) == expected


@pytest.mark.parametrize(("cells", "expected"), [(["", " "], ""), ([" ", "x", "y"], "x"), ([], "")])
def test_first_text_is_the_first_cell_with_text(cells: list[str], expected: str) -> None:
    assert first_text(cells) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 250.5 万", ("1250.5", "万")),
        ("1,250.50万元", ("1,250.50", "万元")),
        ("万", ("万", None)),
        ("12.3", ("12.3", None)),
    ],
)
def test_a_money_cell_and_its_unit(text: str, expected: tuple[str, str | None]) -> None:
    assert money_unit(text) == expected


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (["收入支出决算总表", "支出决算表"], "expenditure"),  # naming both tells nothing
        (["本年收入情况"], "income"),
        (["部门基本情况"], None),
    ],
)
def test_a_budget_table_s_kind_from_the_first_text_naming_one(
    texts: list[str], expected: str | None
) -> None:
    assert budget_kind(texts) == expected


@pytest.mark.parametrize(
    ("name", "total", "score_total", "subtotal"),
    [
        ("合 计", True, False, False),
        ("本年收入合计", True, False, False),
        ("总分", True, True, False),
        ("产出指标小计", False, False, True),
        ("三级指标", False, False, False),
    ],
)
def test_total_rows_by_their_names(
    name: str, total: bool, score_total: bool, subtotal: bool
) -> None:
    assert (is_total(name), is_score_total(name), is_subtotal(name)) == (
        total,
        score_total,
        subtotal,
    )


@pytest.mark.parametrize(
    ("text", "expected"), [("产出 指标（50分）", "产出指标"), ("效益指标", "效益指标")]
)
def test_a_category_without_spaces_or_its_weight(text: str, expected: str) -> None:
    assert category(text) == expected


@pytest.mark.parametrize(
    ("cells", "kind", "columns"),
    [
        (("三级指标", "年度指标值"), "indicators", {"name": 0, "target": 1}),  # exactly a set
        # a header cell spanning two columns: its first copy is the column
        (("三级指标", "三级指标", "年度指标值"), "indicators", {"name": 0, "target": 2}),
        (("项目", "决算数"), "budget", {"name": 0, "final_accounts": 1}),
    ],
)
def test_a_header_row_is_recognised_with_its_columns(
    cells: tuple[str, ...], kind: str, columns: dict[str, int]
) -> None:
    header = recognise(cells)
    assert header is not None
    assert (header.kind, dict(header.columns), header.texts) == (kind, columns, cells)


def test_a_row_naming_no_column_set_is_no_header() -> None:
    assert recognise(("造林", "500亩")) is None


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ([" ", "项目名称：", "农村公路"], "项目名称"),
        (["年度总体目标", "完成改造"], "年度总体目标"),
        (["造林面积", "500亩"], None),
    ],
)
def test_a_form_row_s_label(cells: list[str], expected: str | None) -> None:
    assert form_label(cells) == expected


@pytest.mark.parametrize(("name", "expected"), [("其中：女性学员", True), ("女性学员", False)])
def test_a_child_indicator_name(name: str, expected: bool) -> None:
    assert is_child(name) is expected


def test_the_active_layouts_file_s_words_apply_while_reading() -> None:
    layouts = Layouts(
        "my.layouts.yaml",
        headers={"columns": {"actual": ["累计完成数"]}, "ignore_suffixes": ["-备查"]},
    )
    with using(layouts):
        assert normalise("实际完成值-备查") == "实际完成值"
        assert vocabulary().columns["累计完成数"] == "actual"
    assert normalise("实际完成值-备查") == "实际完成值-备查"
    assert "累计完成数" not in vocabulary().columns
