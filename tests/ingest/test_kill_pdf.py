"""PDF reading pinned where the mutation run found it loose (issue #25): the whole error
message of a file that cannot be opened, and the rows of a table drawn without rules.

The tables here are pages whose characters are placed exactly (pdfplumber's ``open`` gives
them), so a piece of a line that touches a column's edge, or a row exactly one font size
below the last, is read at that exact place.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

import jxrules
from jxrules.errors import InputError, LimitExceeded, Position
from jxrules.ingest import pdf
from jxrules.ingest.grid import Block, Grid, Text

pdfplumber = pytest.importorskip("pdfplumber")

BROKEN = "无法读取 PDF 文件（不是有效的 PDF 或文件已损坏）："
ENCRYPTED = "PDF 文件已加密（需要密码），无法读取：请先保存一份不加密的副本"


class PDFPasswordIncorrect(Exception):
    """Named as pdfminer's exception for a file that needs a password."""


def _failing_open(monkeypatch: pytest.MonkeyPatch, exc: BaseException) -> None:
    def open_(_name: str) -> Any:
        raise exc

    monkeypatch.setattr(pdfplumber, "open", open_)


def _input_error(path: Path) -> str:
    with pytest.raises(InputError) as caught:
        jxrules.load_report(path)
    assert caught.value.position is not None
    assert caught.value.position.file == str(path)
    message: str = caught.value.message
    return message


def _chained(inner: BaseException) -> BaseException:
    try:
        raise ValueError("could not read") from inner
    except ValueError as exc:
        return exc


@pytest.mark.parametrize(
    ("exc", "message"),
    [
        (ValueError("No /Root object!  Is this\n really a PDF?"), "No /Root object! Is this really a PDF?"),
        (KeyError(""), "''"),
        (ValueError(""), "ValueError"),
        (ValueError("x" * 250), "x" * 200),
        (ValueError("ab " * 100), "ab " * 66 + "ab"),
    ],
    ids=["spaces-collapsed", "repr-of-an-empty-key", "empty-names-the-kind", "cut-at-200", "cut-after-join"],
)  # fmt: skip
def test_a_file_pdfplumber_cannot_open_names_what_went_wrong(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exc: BaseException, message: str
) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n")
    _failing_open(monkeypatch, exc)
    assert _input_error(path) == BROKEN + message


@pytest.mark.parametrize(
    "exc",
    [PDFPasswordIncorrect("wrong"), _chained(PDFPasswordIncorrect())],
    ids=["raised", "as-the-cause"],
)
def test_a_file_that_needs_a_password_is_said_to_be_encrypted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exc: BaseException
) -> None:
    path = tmp_path / "locked.pdf"
    path.write_bytes(b"%PDF-1.4\n")
    _failing_open(monkeypatch, exc)
    assert _input_error(path) == ENCRYPTED


def test_a_real_encrypted_pdf_gives_the_whole_encrypted_message(tmp_path: Path) -> None:
    from tests.ingest.test_pdf import _encrypted_pdf

    path = tmp_path / "locked.pdf"
    path.write_bytes(_encrypted_pdf())
    assert _input_error(path) == ENCRYPTED


# ---------------------------------------------------------------- tables without rules
SIZE = 10.0
#: (left edge, top, text): one piece of a printed line; each CJK character is one font size
#: wide, each other character half of one, all at SIZE points.
_Piece = tuple[float, float, str]


def _chars(pieces: list[_Piece]) -> list[dict[str, Any]]:
    chars = []
    for x, top, text in pieces:
        for char in text:
            width = SIZE if pdf._wide(char) else SIZE / 2
            chars.append(
                {
                    "text": char,
                    "x0": x,
                    "x1": x + width,
                    "top": top,
                    "bottom": top + SIZE,
                    "size": SIZE,
                    "upright": True,
                }
            )
            x += width
    return chars


class _Page:
    def __init__(self, pieces: list[_Piece]) -> None:
        self.chars = _chars(pieces)
        self.width = 595.0
        self.images: list[Any] = [] if pieces else [{"name": "scan"}]  # no text: a picture

    def find_tables(self) -> list[Any]:
        return []  # no ruling lines


def _open_pages(monkeypatch: pytest.MonkeyPatch, *pages: list[_Piece]) -> None:
    @contextmanager
    def open_(_name: str) -> Iterator[SimpleNamespace]:
        yield SimpleNamespace(pages=[_Page(pieces) for pieces in pages])

    monkeypatch.setattr(pdfplumber, "open", open_)


def _shown(blocks: list[Block]) -> list[Any]:
    out: list[Any] = []
    for block in blocks:
        if isinstance(block, Text):
            out.append(block.text)
        else:
            assert isinstance(block, Grid) and block.where == "第 1 页的表格"
            out.append([(row.cells, row.text, row.where) for row in block.rows])
    return out


def _row(k: int, *cells: str) -> tuple[tuple[str, ...], str, str]:
    return cells, " | ".join(cells), f"第 1 页的表格第 {k} 行"


#: The header: 三级指标 at 100-140, 年度指标值 at 200-250, 实际完成值 at 400-450 (top 100).
HEADER: list[_Piece] = [(100, 100, "三级指标"), (200, 100, "年度指标值"), (400, 100, "实际完成值")]
HEADER_ROW = _row(1, "三级指标", "年度指标值", "实际完成值")

CASES: dict[str, tuple[list[_Piece], list[Any]]] = {
    # one row with two of three cells filled, exactly one font size under the header, and
    # nothing after the table on the page
    "one-row-of-two-cells-one-size-below-at-the-page-end": (
        [*HEADER, (100, 120, "企业数量"), (400, 120, "27家")],
        [[HEADER_ROW, _row(2, "企业数量", "", "27家")]],
    ),
    # a short line under one column but further than a font size below ends the table
    "a-line-far-below-is-text": (
        [*HEADER, (100, 115, "企业数量"), (200, 115, "≥20家"), (100, 160, "注：说明")],
        [[HEADER_ROW, _row(2, "企业数量", "≥20家", "")], "注：说明"],
    ),
    # a piece between two columns goes to the nearer one (165-195: 5 from 年度指标值's
    # left edge, 25 from 三级指标's right edge), which it then widens
    "a-piece-in-a-gap-goes-to-the-nearer-column": (
        [*HEADER, (100, 115, "企业数量"), (165, 115, "≥20家"), (400, 115, "27家")],
        [[HEADER_ROW, _row(2, "企业数量", "≥20家", "27家")]],
    ),
    # two pieces under one column are one cell, a space between them
    "two-pieces-in-one-column-are-one-cell": (
        [*HEADER, (100, 115, "企业数量"), (400, 115, "完成"), (430, 115, "较好")],
        [[HEADER_ROW, _row(2, "企业数量", "", "完成 较好")]],
    ),
    # 年度指标值's column starts at 200 whatever a row indented in it says: the next line,
    # 105-205, stands under two columns and is no row
    "a-column-keeps-its-left-edge": (
        [
            *HEADER,
            (100, 115, "企业数量"),
            (210, 115, "≥20家"),
            (105, 130, "企业开展技术改造数量"),
        ],
        [[HEADER_ROW, _row(2, "企业数量", "≥20家", "")], "企业开展技术改造数量"],
    ),
    # a piece of 三级指标's column ending exactly where 年度指标值's starts reaches into
    # it: that line is no row
    "a-piece-touching-the-next-column-is-no-row": (
        [*HEADER, (100, 115, "企业数量"), (400, 115, "27家"), (100, 130, "企业开展技术改造数量")],
        [[HEADER_ROW, _row(2, "企业数量", "", "27家")], "企业开展技术改造数量"],
    ),
}


@pytest.mark.parametrize(("pieces", "expected"), CASES.values(), ids=CASES.keys())
def test_a_table_without_rules_reads_these_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pieces: list[_Piece], expected: list[Any]
) -> None:
    path = tmp_path / "aligned.pdf"
    path.write_bytes(b"%PDF-1.4\n")
    _open_pages(monkeypatch, pieces)
    assert _shown(pdf.read_blocks(path)) == expected


def test_tables_are_named_by_page_and_by_order_when_a_page_has_several(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two tables on page 1 are its 1st and 2nd; page 2's only one is "the table" of page
    2.  Each row takes one block number after its table's, a paragraph one."""
    path = tmp_path / "tables.pdf"
    path.write_bytes(b"%PDF-1.4\n")
    below = [(x, top + 60, text) for x, top, text in HEADER]
    _open_pages(
        monkeypatch,
        [
            *HEADER,
            (100, 115, "企业数量"),
            (400, 115, "27家"),
            (100, 140, "正文一行。"),
            *below,
            (100, 175, "扶持数量"),
            (200, 175, "≥20家"),
        ],
        [*HEADER, (100, 115, "新增就业"), (400, 115, "620人")],
    )
    blocks = pdf.read_blocks(path)
    shown = [
        (block.text, block.line)
        if isinstance(block, Text)
        else (block.where, block.line, [(row.cells, row.line, row.where) for row in block.rows])
        for block in blocks
    ]
    assert shown == [
        (
            "第 1 页第 1 个表格",
            1,
            [
                (("三级指标", "年度指标值", "实际完成值"), 1, "第 1 页第 1 个表格第 1 行"),
                (("企业数量", "", "27家"), 2, "第 1 页第 1 个表格第 2 行"),
            ],
        ),
        ("正文一行。", 4),
        (
            "第 1 页第 2 个表格",
            5,
            [
                (("三级指标", "年度指标值", "实际完成值"), 5, "第 1 页第 2 个表格第 1 行"),
                (("扶持数量", "≥20家", ""), 6, "第 1 页第 2 个表格第 2 行"),
            ],
        ),
        (
            "第 2 页的表格",
            8,
            [
                (("三级指标", "年度指标值", "实际完成值"), 8, "第 2 页的表格第 1 行"),
                (("新增就业", "", "620人"), 9, "第 2 页的表格第 2 行"),
            ],
        ),
    ]


def test_too_many_pages_is_one_whole_limit_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "long.pdf"
    path.write_bytes(b"%PDF-1.4\n")
    monkeypatch.setattr(pdf, "MAX_PAGES", 1)
    _open_pages(monkeypatch, HEADER, HEADER)
    with pytest.raises(LimitExceeded) as caught:
        jxrules.load_report(path)
    assert caught.value.message == "PDF 有 2 页，上限 1 页 (too many pages; limit: pages)"
    assert (caught.value.limit, caught.value.position) == ("pages", Position(str(path)))


def test_as_many_pages_as_the_limit_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "two.pdf"
    path.write_bytes(b"%PDF-1.4\n")
    monkeypatch.setattr(pdf, "MAX_PAGES", 2)
    _open_pages(monkeypatch, [(100, 100, "第一页正文。")], [(100, 100, "第二页正文。")])
    # both lines reach the right margin measured from them: one paragraph over the break
    assert _shown(pdf.read_blocks(path)) == ["第一页正文。第二页正文。"]


def test_a_pdf_without_any_text_is_one_whole_input_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "blank.pdf"
    path.write_bytes(b"%PDF-1.4\n")
    _open_pages(monkeypatch, [], [(100, 100, " ")])
    assert _input_error(path) == (
        "PDF 没有文字层（扫描件？），无法读取："
        "请先做文字识别（OCR），例如 ocrmypdf -l chi_sim in.pdf out.pdf"
    )


def test_scanned_pages_are_named_in_one_warning_before_the_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "mixed.pdf"
    path.write_bytes(b"%PDF-1.4\n")
    _open_pages(monkeypatch, [(100, 100, "第一页正文。")], [], [], [(100, 100, "第四页正文。")])
    (warning, *texts) = pdf.read_blocks(path)
    assert isinstance(warning, Grid)
    assert (warning.where, warning.line, warning.rows) == ("第 2、3 页", 1, [])
    ((row, problem),) = warning.rejected
    assert (row.cells, row.line, row.text, row.where) == (
        (pdf._OCR_HINT,),
        1,
        pdf._OCR_HINT,
        "第 2、3 页",
    )
    assert problem == "没有文字层（扫描页？），未读入"
    # nothing continues across a page that could not be read
    assert texts == [Text("第一页正文。", 2), Text("第四页正文。", 3)]
