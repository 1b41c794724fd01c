"""Excel workbooks -> the canonical model, built with openpyxl inside each test."""

from __future__ import annotations

import datetime as dt
import sys
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import jxrules
from jxrules.errors import InputError
from jxrules.ingest.write_yaml import dump_report
from jxrules.ingest.xlsx import number_text
from jxrules.model import Num, Report

openpyxl = pytest.importorskip("openpyxl")


def n(text: str) -> Num:
    return Num(Decimal(text.rstrip("%")), text)


def put(
    sheet: Any, ref: str, value: object, fmt: str | None = None, merge: str | None = None
) -> None:
    sheet[ref] = value
    if fmt:
        sheet[ref].number_format = fmt
    if merge:
        sheet.merge_cells(f"{ref}:{merge}")


def project_workbook(path: Path) -> Path:
    """A 项目支出绩效自评表 laid out like the printed form, merged cells and all."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "自评表"
    put(ws, "A1", "项目支出绩效自评表", merge="J1")
    put(ws, "A2", "（2022年度）", merge="J2")
    put(ws, "A3", "项目名称", merge="B3")
    put(ws, "C3", "中小企业数字化转型专项资金", merge="J3")
    put(ws, "A4", "主管部门", merge="B4")
    put(ws, "C4", "江门市示例局", merge="E4")
    put(ws, "F4", "实施单位", merge="G4")
    put(ws, "H4", "江门市示例局", merge="J4")
    put(ws, "A5", "项目资金（万元）", merge="B9")
    for ref, text in zip(
        "DEFGH", ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率"], strict=True
    ):
        put(ws, f"{ref}5", text)
    put(ws, "I5", "得分", merge="J5")
    put(ws, "C6", "年度资金总额")
    put(ws, "D6", 520)  # int, General: exact
    put(ws, "E6", 500.0, "0.00")
    put(ws, "F6", 461.50000000000006, "0.00")  # float drift, shown 461.50
    put(ws, "G6", 10)
    put(ws, "H6", 0.923, "0.00%")
    put(ws, "I6", 9.23, merge="J6")
    put(ws, "C7", "其中：当年财政拨款")
    put(ws, "D7", "500.00")  # a text cell
    put(ws, "E7", 480, "0.00")
    put(ws, "F7", 443.1, "#,##0.00")
    put(ws, "G7", "—")
    put(ws, "C8", "上年结转资金")
    put(ws, "D8", 20.0, "0.00")
    put(ws, "E8", 20.0, "0.00")
    put(ws, "F8", 18.50000000000001, "0.00")  # drift, shown 18.50
    put(ws, "A10", "年度总体目标", merge="A11")
    put(ws, "B10", "预期目标", merge="F10")
    put(ws, "G10", "实际完成情况", merge="J10")
    put(ws, "B11", "支持不少于100家企业", merge="F11")
    put(ws, "G11", "支持112家企业", merge="J11")
    put(ws, "A12", "绩效指标", merge="A16")
    header = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]
    for ref, text in zip("BCDEFGH", header, strict=True):
        put(ws, f"{ref}12", text)
    put(ws, "I12", "偏差原因分析及改进措施", merge="J12")
    put(ws, "B13", "产出指标", merge="B14")
    rows = [
        ("C13", ["数量指标", "支持企业数字化改造数量", "≥100家", "112家", 10, 10]),
        ("C14", ["质量指标", "项目验收合格率", "≥95%", "90%", 10, 9.999999999999998]),
        ("B15", ["满意度指标", "服务对象满意度指标", "受扶持企业满意度", "≥90%", 0.93, 5, 5]),
    ]
    for start, values in rows:
        col, row = start[0], start[1:]
        for offset, value in enumerate(values):
            ref = f"{chr(ord(col) + offset)}{row}"
            fmt = {"F15": "0%", "H14": "0.0"}.get(ref)
            put(ws, ref, value, fmt)
    put(ws, "I14", "部分项目验收资料不齐", merge="J14")
    put(ws, "B16", "总分", merge="F16")
    put(ws, "G16", 100)
    put(ws, "H16", 98.73000000000002, "0.00")
    put(ws, "A17", "填报日期")
    put(ws, "B17", dt.datetime(2023, 3, 15))
    target = path / "project.xlsx"
    book.save(target)
    return target


@pytest.fixture
def project(tmp_path: Path) -> Report:
    return jxrules.load_report(project_workbook(tmp_path))


def test_project_form_facts(project: Report) -> None:
    assert project.kind == "project"
    assert project.project == "中小企业数字化转型专项资金"
    assert project.department == "江门市示例局"
    assert project.fiscal_year == 2022
    assert project.filed_on == dt.date(2023, 3, 15)
    assert project.narrative.split("\n") == [
        "项目支出绩效自评表",
        "（2022年度）",
        "年度总体目标",
        "预期目标：支持不少于100家企业",
        "实际完成情况：支持112家企业",
    ]
    assert project.ingest_findings == ()


def test_project_funds_cells(project: Report) -> None:
    funds = project.budget["funds"]
    assert funds.total is not None
    assert dict(funds.total.cells) == {
        "initial_budget": n("520"),
        "adjusted_budget": n("500.00"),
        "executed": n("461.50"),  # not 461.50000000000006
    }
    assert (funds.points, funds.execution_rate, funds.score) == (n("10"), n("92.30%"), n("9.23"))
    first, second = funds.items
    assert first.name == "当年财政拨款" and second.name == "上年结转资金"
    assert dict(first.cells) == {
        "initial_budget": n("500.00"),
        "adjusted_budget": n("480.00"),
        "executed": n("443.10"),
    }
    assert second.cells["executed"] == n("18.50")  # 18.50000000000001 shown with 0.00
    assert funds.total.line == 6 and first.line == 7


def test_project_indicator_cells(project: Report) -> None:
    first, second, third = project.indicators
    assert (first.level1, first.level2, first.name) == (
        "产出指标",
        "数量指标",
        "支持企业数字化改造数量",
    )
    assert (first.target, first.actual, first.points, first.score) == (
        "≥100家",
        "112家",
        n("10"),
        n("10"),
    )
    assert (second.level1, second.level2, second.name) == ("产出指标", "质量指标", "项目验收合格率")
    assert (second.actual, second.score, second.note) == ("90%", n("10.0"), "部分项目验收资料不齐")
    assert (third.level1, third.level2) == ("满意度指标", "服务对象满意度指标")
    assert (third.actual, third.points) == ("93%", n("5"))  # 0.93 shown as 0%
    assert [i.line for i in project.indicators] == [13, 14, 15]
    assert project.total_score is not None
    assert (project.total_score.points, project.total_score.score) == (n("100"), n("98.73"))


def test_project_round_trip(project: Report, tmp_path: Path) -> None:
    path = tmp_path / "back.yaml"
    path.write_text(dump_report(project), encoding="utf-8")
    assert jxrules.load_report(path) == project


def test_department_workbook(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    income = book.active
    income.title = "收入决算"
    income.append(["单位：万元"])
    income.append(["项目", "年初预算数", "全年预算数", "决算数"])
    income.append(["财政拨款收入", 7013.09, 4895.52, 4895.08])
    income.append(["合计", 7013.09, 4895.52, 4895.08])
    spend = book.create_sheet("支出决算")
    spend.append(["项目(按功能分类)", "年初预算数", "全年预算数", "决算数"])
    spend.append(["教育支出", 5, None, None])
    spend.append(["合计", 5, None, None])
    table = book.create_sheet("绩效指标")
    table.append(["部门整体支出绩效自评表（2022年度）"])
    table.merge_cells("A1:F1")
    table.append(["序号", "二级指标", "三级指标", "年初申报指标值", "实际完成值", "备注"])
    table.append([1, "产出指标", "甲", "≥200 家", "510 家", None])
    table.append([2, None, "乙", "2个", "1个", None])
    table.merge_cells("B3:B4")
    path = tmp_path / "dept.xlsx"
    book.save(path)
    report = jxrules.load_report(path)
    assert report.kind == "department_overall" and report.fiscal_year == 2022
    assert report.budget["income"].items[0].cells["initial_budget"] == n("7013.09")
    assert report.budget["income"].total is not None
    assert report.budget["expenditure"].items[0].cells == {
        "initial_budget": n("5"),
        "adjusted_budget": Num(None, ""),
        "final_accounts": Num(None, ""),
    }
    assert [(i.seq, i.level2, i.name) for i in report.indicators] == [
        ("1", "产出指标", "甲"),
        ("2", "产出指标", "乙"),
    ]
    assert report.narrative == "单位：万元\n部门整体支出绩效自评表（2022年度）"


@pytest.mark.parametrize(
    ("value", "fmt", "text"),
    [
        (0.1 + 0.2, "0.00", "0.30"),
        (0.1 + 0.2, "General", "0.3"),
        (7013.09, "#,##0.00", "7013.09"),
        (0.955, "0%", "96%"),
        (0.3333333333, "0.0%", "33.3%"),
        (10.0, "0.##", "10"),
        (2.675, "0.00", "2.68"),
        (1e20, "General", "100000000000000000000"),
        (-0.0, "General", "0"),
        (500, "0.00", "500.00"),
        (7, "General", "7"),
        (1, "0%", "100%"),
        (12.5, '"约"0.0"万元"', "12.5"),
    ],
)
def test_number_text(value: float, fmt: str, text: str) -> None:
    assert number_text(value, fmt) == text


def test_missing_openpyxl_is_an_input_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = project_workbook(tmp_path)
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(InputError, match=r"pip install 'jxrules\[xlsx\]'"):
        jxrules.load_reports(path)


def test_not_a_workbook_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"not a zip file")
    with pytest.raises(InputError, match=r"broken\.xlsx"):
        jxrules.load_reports(path)


def test_formula_without_saved_result_is_reported(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["三级指标", "年度指标值", "实际完成值", "分值"])
    ws.append(["甲\n数量", "≥1\n个", "2个", "=1+1"])  # openpyxl saves no result for formulas
    path = tmp_path / "formula.xlsx"
    book.save(path)
    report = jxrules.load_report(path)
    [indicator] = report.indicators
    assert (indicator.name, indicator.target, indicator.points) == ("甲数量", "≥1个", None)
    [finding] = report.ingest_findings
    assert finding.severity == "warning" and finding.location.line == 2
    assert "D2" in finding.message and "=1+1" in finding.message
    assert finding.message.startswith("工作表“Sheet”第 2 行")


def test_zip_bomb_is_refused_before_opening(tmp_path, monkeypatch):
    import zipfile

    from jxrules.errors import LimitExceeded
    from jxrules.ingest import files

    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", "0" * 2_000_000)
    monkeypatch.setattr(files, "MAX_UNPACKED_BYTES", 1_000_000)
    with pytest.raises(LimitExceeded, match="压缩炸弹") as caught:
        jxrules.load_report(path)
    assert caught.value.limit == "unpacked_bytes"
    assert caught.value.position is not None and caught.value.position.file == str(path)


def test_file_size_limit_is_read_when_used(tmp_path, monkeypatch):
    from jxrules.errors import LimitExceeded
    from jxrules.ingest import files as sources

    path = tmp_path / "big.xlsx"
    path.write_bytes(b"PK" + b"0" * 200)
    monkeypatch.setattr(sources, "MAX_FILE_BYTES", 100)
    with pytest.raises(LimitExceeded, match="文件过大"):
        jxrules.load_report(path)


@pytest.mark.parametrize(
    ("part", "limit", "shown"),
    [
        (
            '<mergeCells count="1"><mergeCell ref="G10:Z100000"/></mergeCells>',
            "cells",
            "G10:Z100000",
        ),
        (
            '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>',
            "cells",
            "A1:XFD1048576",
        ),
        ("", "rows", "1000000 行"),
    ],
)
def test_a_huge_merge_or_row_count_is_refused_from_the_xml_before_opening(
    tmp_path, monkeypatch, part, limit, shown
):
    """A 5 KB workbook with one huge merge cost 47 s and 1.25 GB before it was refused."""
    import openpyxl

    from jxrules.errors import LimitExceeded

    path = tmp_path / "big.xlsx"
    book = openpyxl.Workbook()
    book.active["A1"] = "x"
    book.save(path)
    rows = '<row r="1000000"><c r="A1000000" t="s"><v>0</v></c></row>' if not part else ""
    with zipfile.ZipFile(path) as source:
        entries = {name: source.read(name) for name in source.namelist()}
    sheet = entries["xl/worksheets/sheet1.xml"].decode()
    sheet = sheet.replace("</sheetData>", rows + "</sheetData>" + part)
    entries["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w") as target:
        for name, data in entries.items():
            target.writestr(name, data)
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: pytest.fail("opened"))
    with pytest.raises(LimitExceeded) as caught:
        jxrules.load_report(path)
    assert caught.value.limit == limit and shown in caught.value.message


def test_a_cell_merged_down_a_column_fills_every_row_it_covers(tmp_path: Path) -> None:
    """A target shared by two rows (merged down 年初申报指标值) is each row's target, not a blank
    second one (which would read as 'missing' and hide a missed target)."""
    book = openpyxl.Workbook()
    table = book.active
    table.title = "绩效指标"
    table.append(["序号", "二级指标", "三级指标", "年初申报指标值", "实际完成值", "备注"])
    table.append([1, "产出指标", "甲", "≥2 家", "3 家", None])
    table.append([2, "产出指标", "乙", None, "1 家", None])
    table.merge_cells("D2:D3")
    path = tmp_path / "merged-down.xlsx"
    book.save(path)
    report = jxrules.load_report(path)
    assert [(i.name, i.target, i.actual) for i in report.indicators] == [
        ("甲", "≥2 家", "3 家"),
        ("乙", "≥2 家", "1 家"),
    ]
    missed = [f for f in jxrules.check(report).findings if f.rule == "indicator-target-met"]
    assert [(f.location.row, f.evidence["target"]) for f in missed] == [("2", "≥2 家")]


def test_an_indented_name_cell_is_a_part_of_the_row_above(tmp_path: Path) -> None:
    """Excel's 增加缩进 and a leading full-width space survive in the file: a child row,
    like 其中：; a cell typed with ordinary leading spaces (no indent) is no child."""
    book = openpyxl.Workbook()
    table = book.active
    table.append(["三级指标", "年度指标值", "实际完成值"])
    table.append(["培训学员", "≥100人", "120人"])
    table.append(["女性学员", "≥40人", "45人"])
    table.append(["\u3000脱贫户学员", "≥30人", "28人"])
    table.append(["示范基地", "≥2个", "2个"])
    table.append(["  省级基地", "≥1个", "1个"])
    table["A3"].alignment = openpyxl.styles.Alignment(indent=2)
    path = tmp_path / "indented.xlsx"
    book.save(path)
    report = jxrules.load_report(path)
    assert [(i.name, i.parent) for i in report.indicators] == [
        ("培训学员", None),
        ("女性学员", "1"),
        ("脱贫户学员", "1"),
        ("示范基地", None),
        ("省级基地", None),
    ]
