"""The Excel reader's refusals, cell texts and warnings, each pinned whole (issue #25).

Workbooks are built with openpyxl in each test; the parts a test needs changed (a huge merge,
Excel's relative targets, a byte that is not UTF-8) are rewritten in the saved zip.
"""

from __future__ import annotations

import datetime as dt
import sys
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import jxrules
from jxrules.errors import InputError, LimitExceeded, Position
from jxrules.ingest import files, xlsx
from jxrules.ingest.grid import Barrier, Grid
from jxrules.ingest.xlsx import cell_text, number_text, sheet_grid

openpyxl = pytest.importorskip("openpyxl")

Entries = dict[str, bytes]

# ------------------------------------------------------------------ refused from the XML


def _two_sheets(path: Path) -> Entries:
    """A saved workbook of two sheets, 封面 and 绩效&指标 (sheet2.xml), as its zip entries."""
    book = openpyxl.Workbook()
    book.active.title = "封面"
    book.active["A1"] = "项目支出绩效自评表"
    second = book.create_sheet("绩效&指标")
    second["A1"] = "x"
    book.save(path)
    with zipfile.ZipFile(path) as source:
        return {name: source.read(name) for name in source.namelist()}


def _save(path: Path, entries: Entries) -> None:
    with zipfile.ZipFile(path, "w") as target:
        for name, data in entries.items():
            target.writestr(name, data)


def _in_sheet2(entries: Entries, rows: str = "", after: str = "") -> None:
    sheet = entries["xl/worksheets/sheet2.xml"].decode()
    sheet = sheet.replace("</sheetData>", rows + "</sheetData>" + after)
    entries["xl/worksheets/sheet2.xml"] = sheet.encode()


def _replace(entries: Entries, part: str, old: bytes, new: bytes) -> None:
    assert old in entries[part]
    entries[part] = entries[part].replace(old, new)


def _as_saved(entries: Entries) -> None:
    """openpyxl's own file: targets absolute (``/xl/worksheets/sheet2.xml``)."""


def _relative_targets(entries: Entries) -> None:
    """As Excel writes them: ``worksheets/sheet2.xml``, relative to xl/."""
    _replace(entries, "xl/_rels/workbook.xml.rels", b'Target="/xl/', b'Target="')


def _not_utf8_workbook(entries: Entries) -> None:
    _replace(entries, "xl/workbook.xml", b"<sheets>", b"<!-- \xff\xfe --><sheets>")


def _not_utf8_rels(entries: Entries) -> None:
    _replace(
        entries,
        "xl/_rels/workbook.xml.rels",
        b"<Relationship ",
        b"<!-- \xff --><Relationship ",
    )


def _no_workbook_part(entries: Entries) -> None:
    del entries["xl/workbook.xml"]


def _no_rels_part(entries: Entries) -> None:
    del entries["xl/_rels/workbook.xml.rels"]


def _sheet_without_rid(entries: Entries) -> None:
    """A <sheet> with no r:id is no sheet of a part, even if a relationship is named XXXX."""
    _replace(entries, "xl/workbook.xml", b' r:id="rId2"', b"")
    _replace(entries, "xl/_rels/workbook.xml.rels", b'Id="rId2"', b'Id="XXXX"')


def _sheet_without_name(entries: Entries) -> None:
    _replace(entries, "xl/workbook.xml", 'name="绩效&amp;指标" '.encode(), b"")


@pytest.mark.parametrize(
    ("edit", "sheet"),
    [
        (_as_saved, "“绩效&指标”"),
        (_relative_targets, "“绩效&指标”"),
        (_not_utf8_workbook, "“绩效&指标”"),
        (_not_utf8_rels, "“绩效&指标”"),
        (_no_workbook_part, "“sheet2.xml”"),
        (_no_rels_part, "“sheet2.xml”"),
        (_sheet_without_rid, "“sheet2.xml”"),
        (_sheet_without_name, "“”"),
    ],
)
def test_a_huge_merge_is_refused_naming_the_sheet_the_range_and_its_cell_count(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    edit: Callable[[Entries], None],
    sheet: str,
) -> None:
    """The sheet is named from the workbook's XML (its part's file name when the workbook does
    not say); B..AD is 29 columns of 4,000 rows."""
    path = tmp_path / "merge.xlsx"
    entries = _two_sheets(path)
    _in_sheet2(entries, after='<mergeCells count="1"><mergeCell ref="B1:AD4000"/></mergeCells>')
    edit(entries)
    _save(path, entries)
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: pytest.fail("opened"))
    with pytest.raises(LimitExceeded) as caught:
        jxrules.load_report(path)
    assert caught.value.message == (
        f"工作表{sheet} 的合并单元格 B1:AD4000 有 116000 个单元格，上限 100000 个"
        " (merge too large; limit: cells)"
    )
    assert (caught.value.position, caught.value.limit) == (Position(str(path)), "cells")


@pytest.mark.parametrize(
    ("merge", "shown", "cells"),
    [
        ("AB2:C9", "AB2:C9", 208),  # backwards: columns C..AB, rows 2..9
        ("AA1:AA2", "AA1:AA2", 2),
        ("ZZ3", "ZZ3:ZZ3", 1),
    ],
)
def test_a_merge_is_counted_by_its_columns_letters_and_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, merge: str, shown: str, cells: int
) -> None:
    path = tmp_path / "merge.xlsx"
    entries = _two_sheets(path)
    _in_sheet2(entries, after=f'<mergeCells count="1"><mergeCell ref="{merge}"/></mergeCells>')
    _save(path, entries)
    monkeypatch.setattr(xlsx, "MAX_MERGED_CELLS", 0)
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: pytest.fail("opened"))
    with pytest.raises(LimitExceeded) as caught:
        jxrules.load_report(path)
    assert caught.value.message == (
        f"工作表“绩效&指标” 的合并单元格 {shown} 有 {cells} 个单元格，上限 0 个"
        " (merge too large; limit: cells)"
    )


def test_too_many_rows_is_refused_naming_the_sheet_and_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "rows.xlsx"
    entries = _two_sheets(path)
    _in_sheet2(entries, rows='<row r="1000000"><c r="A1000000"><v>1</v></c></row>')
    _save(path, entries)
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: pytest.fail("opened"))
    with pytest.raises(LimitExceeded) as caught:
        jxrules.load_report(path)
    assert caught.value.message == (
        "工作表“绩效&指标” 有 1000000 行，上限 100000 行 (too many rows; limit: rows)"
    )
    assert (caught.value.position, caught.value.limit) == (Position(str(path)), "rows")


def _indicator_book(path: Path, rows: int, merge: str | None = None) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["三级指标", "年度指标值", "实际完成值"])
    for n in range(1, rows):
        sheet.append([f"指标{n}", "≥1个", "2个"])
    if merge:
        sheet.merge_cells(merge)
    book.save(path)
    return path


def test_a_merge_of_exactly_the_limit_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xlsx, "MAX_MERGED_CELLS", 6)
    report = jxrules.load_report(_indicator_book(tmp_path / "six.xlsx", 4, "B2:C4"))
    assert [(i.name, i.target, i.actual) for i in report.indicators] == [
        ("指标1", "≥1个", "≥1个"),
        ("指标2", "≥1个", "≥1个"),
        ("指标3", "≥1个", "≥1个"),
    ]


def test_a_sheet_of_exactly_the_row_limit_is_read_one_more_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files, "MAX_TABLE_ROWS", 3)
    report = jxrules.load_report(_indicator_book(tmp_path / "three.xlsx", 3))
    assert [i.name for i in report.indicators] == ["指标1", "指标2"]
    path = _indicator_book(tmp_path / "four.xlsx", 4)
    with pytest.raises(LimitExceeded) as caught:
        jxrules.load_report(path)
    assert str(caught.value) == (
        f"{path}: 工作表“Sheet” 有 4 行，上限 3 行 (too many rows; limit: rows)"
    )


def test_an_empty_sheet_has_no_rows_even_under_a_zero_row_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An empty sheet's XML has no <row>: its last row is 0, within any limit."""
    book = openpyxl.Workbook()
    book.active.title = "空表"
    path = tmp_path / "empty.xlsx"
    book.save(path)
    monkeypatch.setattr(files, "MAX_TABLE_ROWS", 0)
    blocks = xlsx.read_blocks(path)
    assert len(blocks) == 2 and isinstance(blocks[1], Barrier)
    grid = blocks[0]
    assert isinstance(grid, Grid)
    assert (grid.rows, grid.where, grid.line, grid.rejected) == ([], "工作表“空表”", 1, [])


def test_an_empty_sheet_beside_a_form_is_read_as_nothing(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["三级指标", "年度指标值", "实际完成值"])
    sheet.append(["培训人数", "≥100人", "120人"])
    book.create_sheet("空表")
    path = tmp_path / "with-empty.xlsx"
    book.save(path)
    report = jxrules.load_report(path)
    assert [(i.name, i.target, i.actual, i.line) for i in report.indicators] == [
        ("培训人数", "≥100人", "120人", 2)
    ]
    assert report.source == str(path)


def test_an_xml_part_outside_the_worksheets_is_not_read_as_a_sheet(tmp_path: Path) -> None:
    """A custom XML part may hold anything: its <row r=…> elements are no sheet's rows."""
    path = tmp_path / "custom.xlsx"
    entries = _two_sheets(path)
    entries["customXml/item1.xml"] = b'<data><row r="5000000"/></data>'
    entries["xl/worksheets/notes.txt"] = b'<row r="5000000"/>'
    _save(path, entries)
    report = jxrules.load_report(path)
    assert report.narrative == "项目支出绩效自评表\nx"


# ------------------------------------------------------------------ the sheet as a grid


def _sheet_of(rows: list[list[object]], title: str = "Sheet") -> tuple[Any, Any]:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    return book, sheet


def _saved(book: Any, path: Path) -> Path:
    book.save(path)
    return path


@pytest.mark.parametrize(("rows", "refused"), [(4, False), (5, True)])
def test_a_sheet_of_more_cells_than_the_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rows: int, refused: bool
) -> None:
    """3 columns: 4 rows are 12 cells, the limit; 5 rows are 15."""
    monkeypatch.setattr(xlsx, "MAX_CELLS", 12)
    table = [["三级指标", "年度指标值", "实际完成值"]]
    table += [[f"指标{n}", "≥1个", "2个"] for n in range(1, rows)]
    path = _saved(_sheet_of(table, "指标表")[0], tmp_path / "cells.xlsx")
    if refused:
        with pytest.raises(LimitExceeded) as caught:
            jxrules.load_report(path)
        assert (caught.value.message, caught.value.position) == (
            "工作表“指标表”过大：5 行 × 3 列",
            None,
        )
    else:
        report = jxrules.load_report(path)
        assert [i.name for i in report.indicators] == ["指标1", "指标2", "指标3"]


_FORMULA = "文件中没有保存计算结果，按空白读入（请用 Excel 打开并保存后再读取）"
_FORMULA_EN = (
    "the file keeps no computed value; read as blank (open and save the file in Excel,"
    " then read it again)"
)


def _formula_findings(path: Path) -> list[tuple[str, str, str, int | None, dict[str, str]]]:
    report = jxrules.load_report(path)
    return [
        (f.severity, f.message, f.message_en, f.location.line, f.evidence)
        for f in report.ingest_findings
        if f.rule == "ingest-row"
    ]


def test_a_formula_without_its_result_in_the_last_row_names_the_whole_row(
    tmp_path: Path,
) -> None:
    book, sheet = _sheet_of([["三级指标", "年度指标值", "实际完成值", "分值"]])
    sheet.append(["甲", "≥1个", "2个", "=1+1"])
    findings = _formula_findings(_saved(book, tmp_path / "formula.xlsx"))
    row = "甲 | ≥1个 | 2个 | "
    assert findings == [
        (
            "warning",
            f"工作表“Sheet”第 2 行：单元格 D2 是公式 =1+1，{_FORMULA}：{row}",
            f"sheet “Sheet” row 2: cell D2 is the formula =1+1 and {_FORMULA_EN}: {row}",
            2,
            {"line": "2", "row": row},
        )
    ]


def test_a_formula_alone_below_the_table_is_named_by_its_cell(tmp_path: Path) -> None:
    """Its row reads blank and is cut from the grid: the warning still names row 4."""
    book, sheet = _sheet_of([["三级指标", "年度指标值", "实际完成值"], ["甲", "≥1个", "2个"]])
    sheet["A4"] = "=SUM(B1:B2)"
    findings = _formula_findings(_saved(book, tmp_path / "below.xlsx"))
    assert findings == [
        (
            "warning",
            f"工作表“Sheet”第 4 行：单元格 A4 是公式 =SUM(B1:B2)，{_FORMULA}：A4",
            f"sheet “Sheet” row 4: cell A4 is the formula =SUM(B1:B2) and {_FORMULA_EN}: A4",
            4,
            {"line": "4", "row": "A4"},
        )
    ]


def test_a_formula_in_the_first_row_is_reported(tmp_path: Path) -> None:
    book, _ = _sheet_of([["=A2", "年度指标值", "实际完成值"], ["甲", "≥1个", "2个"]])
    findings = _formula_findings(_saved(book, tmp_path / "first.xlsx"))
    assert [(message, line) for _, message, _, line, _ in findings] == [
        (f"工作表“Sheet”第 1 行：单元格 A1 是公式 =A2，{_FORMULA}： | 年度指标值 | 实际完成值", 1)
    ]


def test_an_array_formula_without_its_result_is_reported(tmp_path: Path) -> None:
    from openpyxl.worksheet.formula import ArrayFormula

    book, sheet = _sheet_of([["三级指标", "年度指标值", "实际完成值", "分值"]])
    sheet.append(["甲", "≥1个", "2个"])
    sheet["D2"] = ArrayFormula("D2:D2", "=SUM(B1:B2*C1:C2)")
    findings = _formula_findings(_saved(book, tmp_path / "array.xlsx"))
    row = "甲 | ≥1个 | 2个 | "
    assert [(message, line) for _, message, _, line, _ in findings] == [
        (f"工作表“Sheet”第 2 行：单元格 D2 是公式 =SUM(B1:B2*C1:C2)，{_FORMULA}：{row}", 2)
    ]


def test_a_sheet_read_without_its_formulas_reports_none(tmp_path: Path) -> None:
    """sheet_grid(sheet) alone: no formula sheet to compare with, so nothing is lost."""
    _, sheet = _sheet_of([["三级指标", "分值"], ["甲", "=1+1"]])
    grid = sheet_grid(sheet)
    assert [(r.cells, r.line, r.text, r.where) for r in grid.rows] == [
        (("三级指标", "分值"), 1, "三级指标 | 分值", "工作表“Sheet”第 1 行"),
        (("甲", "=1+1"), 2, "甲 | =1+1", "工作表“Sheet”第 2 行"),
    ]
    assert (grid.rejected, grid.line, grid.where, grid.context) == (
        [],
        1,
        "工作表“Sheet”",
        ("Sheet",),
    )


@pytest.mark.parametrize(
    ("rows", "read"),
    [
        (  # a blank second row
            [
                ["绩效指标表"],
                [None],
                ["三级指标", "年度指标值", "实际完成值"],
                ["甲", "≥1个", "2个"],
            ],
            [("甲", 4)],
        ),
        (  # a blank row just before the last
            [
                ["三级指标", "年度指标值", "实际完成值"],
                ["甲", "≥1个", "2个"],
                [None],
                ["乙", "≥2个", "3个"],
            ],
            [("甲", 2), ("乙", 4)],
        ),
    ],
)
def test_blank_rows_inside_a_sheet_keep_the_rows_after_them(
    tmp_path: Path, rows: list[list[object]], read: list[tuple[str, int]]
) -> None:
    path = _saved(_sheet_of(rows)[0], tmp_path / "blank.xlsx")
    report = jxrules.load_report(path)
    assert [(i.name, i.line) for i in report.indicators] == read


def test_a_score_merged_down_from_the_second_indicator_groups_it_with_the_third(
    tmp_path: Path,
) -> None:
    """Only the rows below a merged range's top row are its copies: 乙 keeps its own score."""
    book, sheet = _sheet_of([["三级指标", "年度指标值", "实际完成值", "分值", "得分"]])
    sheet.append(["甲", "≥1个", "2个", 10, 10])
    sheet.append(["乙", "≥1个", "2个", 10, 18])
    sheet.append(["丙", "≥1个", "2个", 10, None])
    sheet.merge_cells("E3:E4")
    report = jxrules.load_report(_saved(book, tmp_path / "group.xlsx"))
    assert [(i.name, i.score, i.score_group) for i in report.indicators] == [
        ("甲", jxrules.model.Num(Decimal(10), "10"), None),
        ("乙", jxrules.model.Num(Decimal(18), "18"), "2"),
        ("丙", None, "2"),
    ]


def test_a_workbook_without_an_indicator_table_says_so_at_line_1(tmp_path: Path) -> None:
    book, _ = _sheet_of([["甲", "乙", "丙"], ["1", "2", "3"]], "其他")
    report = jxrules.load_report(_saved(book, tmp_path / "other.xlsx"))
    assert [(f.rule, f.message, f.message_en, f.location.line) for f in report.ingest_findings] == [
        (
            "ingest-table",
            "工作表“其他”：未识别的表格（没有已知的表头），2 行未读入：甲 | 乙 | 丙",
            "sheet “其他”: a table not recognised (no known header); 2 rows not read: 甲 | 乙 | 丙",
            1,
        ),
        (
            "ingest-incomplete",
            "报告中没有找到绩效指标表（表头应含 三级指标 和 年度指标值/实际完成值 等列），"
            "只检查读到的部分（收支表、正文）",
            "No indicator table found in the report (its header should name the level-3"
            " indicator, the target and the actual value); only what was read (the income and"
            " expenditure tables, the text) is checked",
            1,
        ),
    ]


@pytest.mark.parametrize(
    ("name", "indent", "parent"),
    [
        ("女性学员", 1, "1"),  # Excel's 增加缩进 by one step
        ("女性学员", 0, None),
        (12345, 0, None),  # a number is never indented
        (12345, 1, None),
    ],
)
def test_a_name_cell_is_a_part_of_the_row_above_when_indented_text(
    tmp_path: Path, name: object, indent: int, parent: str | None
) -> None:
    book, sheet = _sheet_of(
        [["三级指标", "年度指标值", "实际完成值"], ["培训学员", "≥100人", "120人"]]
    )
    sheet.append([name, "≥40人", "45人"])
    sheet["A3"].alignment = openpyxl.styles.Alignment(indent=indent)
    report = jxrules.load_report(_saved(book, tmp_path / "indent.xlsx"))
    assert [(i.name, i.parent) for i in report.indicators] == [
        ("培训学员", None),
        (str(name), parent),
    ]


# ------------------------------------------------------------------ cells and numbers


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (True, "TRUE"),
        (False, "FALSE"),
        (dt.datetime(2023, 3, 15), "2023-03-15"),
        (dt.datetime(2023, 3, 15, 9, 30), "2023-03-15T09:30:00"),
        (dt.date(2023, 1, 2), "2023-01-02"),
        (dt.time(8, 5), "08:05:00"),
        ("  第一行\n  第二行 ", "第一行第二行"),
        (None, ""),
    ],
)
def test_cell_text_is_what_the_printed_sheet_shows(value: object, text: str) -> None:
    sheet = openpyxl.Workbook().active
    sheet["A1"] = value
    assert cell_text(sheet["A1"]) == text


@pytest.mark.parametrize(
    ("value", "fmt", "text"),
    [
        (2.665, "0.00", "2.67"),  # half up, not to even (2.66)
        (0.125, "0.00", "0.13"),
        (1234567890.123456, "General", "1234567890.12346"),  # Excel's 15 digits
        (10.0, "0.??", "10"),  # ? is an optional digit like #
        (1.5, "0.0?", "1.5"),
        (12.5, "0;-0.00", "13"),  # the first section is for positive numbers
        (0.25, "0.0;-0.00%", "0.3"),
        (1.5, '0"".00', "1.50"),  # an empty literal between the digits
        (1e30, "0.00", "1000000000000000000000000000000"),  # beyond 28 digits: exact
        (float("inf"), "0.00", "inf"),
        (float("-inf"), "General", "-inf"),
        (float("nan"), "0%", "nan"),
    ],
)
def test_number_text_rounds_as_the_format_shows(value: float, fmt: str, text: str) -> None:
    assert number_text(value, fmt) == text


def test_number_text_keeps_an_int_exact_beyond_what_repr_prints() -> None:
    """An int longer than Python prints (4,300 digits) is still exact: no detour through text."""
    huge = 10**5000
    assert number_text(huge, "General") == "1" + "0" * 5000
    assert number_text(huge + 1, "0") == "1" + "0" * 4999 + "1"


# ------------------------------------------------------------------ errors about the file


def test_missing_openpyxl_names_the_package_and_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _saved(_sheet_of([["x"]])[0], tmp_path / "book.xlsx")
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(InputError) as caught:
        jxrules.load_report(path)
    assert (caught.value.message, caught.value.position) == (
        "读取 .xlsx 需要 openpyxl：请运行 pip install 'jxrules[xlsx]'",
        Position(str(path)),
    )


def test_a_zip_without_a_workbook_is_an_input_error_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "no-workbook.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/worksheets/sheet1.xml", "<worksheet/>")
    with pytest.raises(InputError) as caught:
        jxrules.load_report(path)
    assert (caught.value.message, caught.value.position) == (
        "无法读取 Excel 文件（不是有效的 .xlsx）：KeyError: "
        "\"There is no item named '[Content_Types].xml' in the archive\"",
        Position(str(path)),
    )


def test_not_a_zip_is_an_input_error_naming_excel(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"not a zip file")
    with pytest.raises(InputError) as caught:
        jxrules.load_report(path)
    assert (
        str(caught.value)
        == f"{path}: 无法读取 Excel 文件（不是有效的 .xlsx）：File is not a zip file"
    )


def test_a_zip_bomb_is_refused_naming_excel(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", "0" * 2_000_000)
    monkeypatch.setattr(files, "MAX_UNPACKED_BYTES", 1_000_000)
    with pytest.raises(LimitExceeded) as caught:
        jxrules.load_report(path)
    assert str(caught.value) == (
        f"{path}: Excel 文件解压后有 2000000 字节，上限 1000000 字节，可能是压缩炸弹"
        " (limit: unpacked_bytes)"
    )


def test_read_names_each_report_by_its_file(tmp_path: Path) -> None:
    book, _ = _sheet_of([["三级指标", "年度指标值", "实际完成值"], ["甲", "≥1个", "2个"]])
    path = _saved(book, tmp_path / "named.xlsx")
    [report] = xlsx.read(path)
    assert (report.source, [i.name for i in report.indicators]) == (str(path), ["甲"])
