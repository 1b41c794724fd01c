"""The English place of a finding about a whole table (issue #25)."""

from __future__ import annotations

from pathlib import Path

import pytest

import jxrules

openpyxl = pytest.importorskip("openpyxl")


@pytest.mark.parametrize(
    ("title", "place"),
    [
        ("其他", "sheet “其他”"),
        ("收入\n支出", "line 1"),  # no wording matches a title across lines: the table's line
    ],
)
def test_an_unrecognised_table_is_placed_in_english_by_its_sheet_or_line(
    tmp_path: Path, title: str, place: str
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(["甲", "乙", "丙"])
    sheet.append(["1", "2", "3"])
    path = tmp_path / "unknown.xlsx"
    book.save(path)
    report = jxrules.load_report(path)
    [finding] = [f for f in report.ingest_findings if f.rule == "ingest-table"]
    assert (finding.message, finding.message_en, finding.location.line, finding.evidence) == (
        f"工作表“{title}”：未识别的表格（没有已知的表头），2 行未读入：甲 | 乙 | 丙",
        f"{place}: a table not recognised (no known header); 2 rows not read: 甲 | 乙 | 丙",
        1,
        {"line": "1", "row": "甲 | 乙 | 丙"},
    )
