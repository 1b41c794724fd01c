"""Word reading pinned where the mutation run found it loose (issue #25): the whole error of
a file python-docx cannot open, and the blocks a document gives (their text, numbers and
the names of tables and rows)."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

import jxrules
from jxrules.errors import InputError, Position
from jxrules.ingest import docx as docx_reader
from jxrules.ingest.grid import Grid, Text

docx = pytest.importorskip("docx")


def test_a_zip_that_is_no_word_document_is_one_whole_input_error(tmp_path: Path) -> None:
    path = tmp_path / "other.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "no Word parts here")
    with pytest.raises(InputError) as caught:
        jxrules.load_report(path)
    assert caught.value.message == (
        "无法读取 Word 文件（不是有效的 .docx）："
        "KeyError: \"There is no item named '[Content_Types].xml' in the archive\""
    )
    assert caught.value.position == Position(str(path))


def _shown(path: Path) -> list[Any]:
    out: list[Any] = []
    for block in docx_reader.read_blocks(path):
        if isinstance(block, Text):
            out.append((block.text, block.line))
        else:
            assert isinstance(block, Grid)
            rows = [(r.cells, r.line, r.text, r.where, r.merged_down) for r in block.rows]
            out.append((block.where, block.line, rows, block.rejected))
    return out


def test_paragraph_lines_and_tables_are_numbered_blocks_in_document_order(tmp_path: Path) -> None:
    """A paragraph takes a number (an empty one too), each of its lines (soft breaks) the
    next; a table takes one and each row the next; blank lines are not text.  Tables are named in order, a
    merge down a column is known to the rows it covers, a short row is padded."""
    document = docx.Document()
    document.add_paragraph("部门整体支出绩效自评报告")
    document.add_paragraph("")
    lines = document.add_paragraph("第一行")
    lines.add_run().add_break()
    lines.add_run("  第二行  ")
    lines.add_run().add_break()
    first = document.add_table(rows=3, cols=3)
    for r, texts in enumerate(
        [("二级指标", "三级指标", "分值"), ("产出指标", "甲", "10"), ("", "乙", "")]
    ):
        for c, text in enumerate(texts):
            first.cell(r, c).text = text
    first.cell(1, 0).merge(first.cell(2, 0))
    first.cell(1, 2).merge(first.cell(2, 2))
    document.add_paragraph("结语")
    second = document.add_table(rows=1, cols=2)
    second.cell(0, 0).text = "合计"
    second.cell(0, 1).text = " 10 "
    path = tmp_path / "blocks.docx"
    document.save(str(path))
    table_1 = "第 1 个表格"
    assert _shown(path) == [
        ("部门整体支出绩效自评报告", 1),
        ("第一行", 4),
        ("第二行", 5),
        (
            table_1,
            7,
            [
                (("二级指标", "三级指标", "分值"), 7, "二级指标 | 三级指标 | 分值", f"{table_1}第 1 行", frozenset()),
                (("产出指标", "甲", "10"), 8, "产出指标 | 甲 | 10", f"{table_1}第 2 行", frozenset()),
                (("产出指标", "乙", "10"), 9, "产出指标 | 乙 | 10", f"{table_1}第 3 行", frozenset({0, 2})),
            ],
            [],
        ),
        ("结语", 11),
        ("第 2 个表格", 13, [(("合计", "10"), 13, "合计 | 10", "第 2 个表格第 1 行", frozenset())], []),
    ]  # fmt: skip


def test_without_python_docx_the_whole_error_names_the_package_and_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "r.docx"
    docx.Document().save(str(path))
    monkeypatch.setitem(sys.modules, "docx", None)  # import docx now raises ImportError
    with pytest.raises(InputError) as caught:
        docx_reader.read_blocks(path)
    assert str(caught.value) == (
        f"{path}: 读取 .docx 需要 python-docx：请运行 pip install 'jxrules[docx]'"
    )


def test_a_table_without_rows_is_an_empty_grid_and_a_short_row_is_padded_with_empty_cells(
    tmp_path: Path,
) -> None:
    document = docx.Document()
    document.add_paragraph("前言")
    document.add_table(rows=0, cols=2)
    table = document.add_table(rows=2, cols=3)
    for c, text in enumerate(("三级指标", "年度指标值", "实际完成值")):
        table.cell(0, c).text = text
    short = table.rows[1]._tr
    short.remove(short.findall(f"{docx_reader._W}tc")[-1])  # the second row has two cells
    table.rows[1].cells[0].text = "甲"
    table.rows[1].cells[1].text = "1个"
    path = tmp_path / "tables.docx"
    document.save(str(path))
    assert _shown(path) == [
        ("前言", 1),
        ("第 1 个表格", 3, [], []),
        (
            "第 2 个表格",
            4,
            [
                (("三级指标", "年度指标值", "实际完成值"), 4, "三级指标 | 年度指标值 | 实际完成值", "第 2 个表格第 1 行", frozenset()),
                (("甲", "1个", ""), 5, "甲 | 1个", "第 2 个表格第 2 行", frozenset()),
            ],
            [],
        ),
    ]  # fmt: skip


_BOX = (
    '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
    "<w:pict><wps:txbx><w:txbxContent><w:p>{runs}</w:p></w:txbxContent></wps:txbx></w:pict></w:r>"
)


def _boxed(*texts: str | None) -> str:
    """A text box whose runs hold ``texts`` (``None``: an empty ``<w:t/>``)."""
    runs = "".join(
        "<w:r><w:t/></w:r>" if t is None else f"<w:r><w:t>{t}</w:t></w:r>" for t in texts
    )
    return _BOX.format(runs=runs)


def test_text_boxes_are_one_warning_naming_their_paragraph_each_box_s_runs_joined(
    tmp_path: Path,
) -> None:
    """Runs of one box are joined as they are (an empty run adds nothing); boxes of one
    paragraph are joined by a space; a paragraph is counted by its place among paragraphs."""
    from docx.oxml import parse_xml

    document = docx.Document()
    document.add_paragraph("部门整体支出绩效自评报告")
    document.add_table(rows=1, cols=1).cell(0, 0).text = "说明"
    boxed = document.add_paragraph("正文")
    boxed._p.append(parse_xml(_boxed("自评", None, "得分 60 分")))
    boxed._p.append(parse_xml(_boxed(" 良 ")))
    boxed._p.append(parse_xml(_boxed(None)))
    path = tmp_path / "boxes.docx"
    document.save(str(path))
    report = jxrules.load_report(path)
    assert [(f.severity, f.message) for f in report.ingest_findings if f.severity == "warning"] == [
        ("warning", "第 2 段：文本框中的文字未读入：自评得分 60 分 良"),
    ]
    assert report.narrative == "部门整体支出绩效自评报告\n正文"
