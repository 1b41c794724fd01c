"""Word reading pinned where the mutation run found it loose (issue #25): the whole error of
a file python-docx cannot open, and the blocks a document gives (their text, numbers and
the names of tables and rows)."""

from __future__ import annotations

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
