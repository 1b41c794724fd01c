"""PDF files (``.pdf``): the same report, the same findings, as from Markdown, plus the page.

The example report printed to PDF from Word (``tests/fixtures/formats``: the indicator
table's header repeated on each page, "- N -" in the footer) and the same with a narrow
column whose rows are cut by page breaks (``shared/examples/formats`` beside the clone, too
large to keep in the repository) must give what the Markdown example gives, each finding on
a table row naming the page it is printed on.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest

import jxrules
from jxrules.errors import InputError, LimitExceeded
from jxrules.ingest.html_table import _Parser
from jxrules.rules.selection import select_ruleset
from tests.conftest import JIANGMEN_MD, ROOT

pytest.importorskip("pdfplumber")

PDF_EXAMPLE = ROOT / "tests" / "fixtures" / "formats" / "jiangmen-2022-dept-overall.pdf"
SHARED_FORMATS = ROOT.parent / "shared" / "examples" / "formats"
SPLIT_ROWS = SHARED_FORMATS / "jiangmen-2022-dept-overall-split-rows.pdf"
OCR_HINT = "ocrmypdf -l chi_sim in.pdf out.pdf"


def _findings(path: Path) -> list[dict[str, Any]]:
    report = jxrules.load_report(path)
    return [f.to_dict() for f in jxrules.check(report, select_ruleset(report)).findings]


def _comparable(finding: dict[str, Any]) -> str:
    """A finding without what depends on the layout, not on what the report says: the page
    (Markdown has none) or line, the narrative line a figure was read from, white space in
    texts.  The fingerprint stays: it must not depend on the format."""
    location = {k: v for k, v in finding["location"].items() if k not in ("page", "line")}
    evidence = {
        key: re.sub(r"\s+", "", value)
        for key, value in finding["evidence"].items()
        if key != "stated_from"
    }
    fingerprint = finding["fingerprint"]  # one identity for one defect, whatever the file format
    return json.dumps([finding["rule"], location, evidence, fingerprint], ensure_ascii=False)


def _page_of(findings: list[dict[str, Any]], rule: str, row: str) -> int:
    (found,) = [f for f in findings if f["rule"] == rule and f["location"].get("row") == row]
    page: int = found["location"]["page"]
    return page


def _split_rows() -> Path:
    if not SPLIT_ROWS.is_file():
        pytest.skip(f"{SPLIT_ROWS} not found (shared/examples is beside the clone in CI)")
    return SPLIT_ROWS


def _scan(path: Path) -> Path:
    """A PDF holding only a picture of a page, as a scanner makes it (Pillow)."""
    image = pytest.importorskip("PIL.Image")
    image.new("RGB", (595, 842), "white").save(path)
    return path


def test_the_pdf_example_gives_the_markdown_examples_findings() -> None:
    pdf, markdown = _findings(PDF_EXAMPLE), _findings(JIANGMEN_MD)
    assert len(pdf) == len(markdown) == 24  # 23 + the missing 结果应用 part (issue 24)
    assert [_comparable(f) for f in pdf] == [_comparable(f) for f in markdown]
    severities = [f["severity"] for f in pdf]
    assert [severities.count(s) for s in ("error", "warning", "info")] == [12, 3, 9]


def test_every_finding_on_a_row_names_its_page() -> None:
    findings = _findings(PDF_EXAMPLE)
    on_rows = [
        f
        for f in findings
        if "table" in f["location"]
        and f["location"] not in ({"table": "indicators"}, {"table": "narrative"})
    ]
    assert len(on_rows) == 21 and all("page" in f["location"] for f in on_rows)
    assert all("page" not in f["location"] for f in findings if f not in on_rows)
    assert _page_of(findings, "indicator-duplicate", "22") == 12  # the header repeated on 12
    assert _page_of(findings, "indicator-target-met", "9") == 11
    assert _page_of(findings, "text-count-vs-indicator", "17") == 11
    (reconciles, _) = [f for f in findings if f["rule"] == "expenditure-reconciles"]
    assert reconciles["location"] == {
        "table": "expenditure",
        "name": "本年支出合计",
        "column": "adjusted_budget",
        "page": 9,
    }


def test_rows_carry_their_page_and_no_line() -> None:
    report = jxrules.load_report(PDF_EXAMPLE)
    assert report.source == str(PDF_EXAMPLE)
    assert [i.page for i in report.indicators].count(11) == 20
    assert [i.page for i in report.indicators].count(12) == 8
    assert all(i.line is None for i in report.indicators)
    assert report.budget["income"].total is not None
    assert report.budget["income"].total.page == 9 and report.budget["income"].total.line is None
    assert {b.page for b in report.budget["expenditure"].items} == {9}


def test_a_row_cut_by_a_page_break_is_one_indicator_on_the_page_it_starts() -> None:
    findings = _findings(_split_rows())
    markdown = _findings(JIANGMEN_MD)
    assert [_comparable(f) for f in findings] == [_comparable(f) for f in markdown]
    report = jxrules.load_report(SPLIT_ROWS)
    (row15,) = [i for i in report.indicators if i.seq == "15"]
    assert (row15.name, row15.page) == ("为江门市培养工业互联网、人工智能相关人才数量", 11)
    assert _page_of(findings, "text-vs-indicator-unit", "15") == 11
    assert _page_of(findings, "text-count-vs-indicator", "17") == 12  # no header repeated
    assert len(report.indicators) == 28


def test_paragraphs_are_rejoined_and_furniture_is_not_text() -> None:
    report = jxrules.load_report(PDF_EXAMPLE)
    lines = report.narrative.split("\n")
    assert not [line for line in lines if re.fullmatch(r"[-\s\d第页/]+", line)]
    assert "- 2 -" not in report.narrative
    # a paragraph wrapped over lines, and over the break from page 2 to page 3, is one line
    (paragraph,) = [line for line in lines if line.startswith("(6) 组织落实产业转移")]
    assert paragraph.endswith(
        "承担工业园区的综合协调和提质发展、扩能增效工作，研究协调工业园区发展中的重大问题，提出政策建议；"
    )
    # justified text gains no space inside figures and dates; outline items stay apart
    assert "年初预算 7,013.09 万元" in report.narrative
    assert "填报日期：2023年4月7日" in lines
    assert lines[:3] == [
        "部门整体支出绩效自评报告",
        "部门名称：江门市工业和信息化局（公章）",
        "填报人：李凤笑",
    ]
    assert "（一）部门职能。" in lines and "1. 推动工业经济实现平稳增长。" in lines
    # the same text as the Markdown's, which a converter wrapped in 7 more places
    markdown = jxrules.load_report(JIANGMEN_MD).narrative
    assert "".join(report.narrative.split()) == "".join(markdown.split())
    assert (len(lines), len(markdown.split("\n"))) == (79, 86)


def test_a_merged_cell_repeats_its_text_and_a_wrapped_cell_is_joined() -> None:
    report = jxrules.load_report(PDF_EXAMPLE)
    by_seq = {i.seq: i for i in report.indicators}
    assert by_seq["3"].name == "打造工业互联网标杆示范项目数量"  # wrapped in its cell
    assert {by_seq[s].level2 for s in ("2", "11")} == {"产出指标"}  # merged down its rows
    assert (by_seq["27"].level2, by_seq["28"].level2) == ("满意度指标", "满意度指标")
    assert by_seq["12"].actual.endswith("地方财政贡献额度增长超过 4000 万元。")


def test_a_pdf_without_a_text_layer_asks_for_ocr(tmp_path: Path, cli: Any) -> None:
    path = _scan(tmp_path / "scan.pdf")
    with pytest.raises(InputError, match="没有文字层") as caught:
        jxrules.load_report(path)
    assert OCR_HINT in caught.value.message
    result = cli("check", path)
    assert result.code == 2
    (line,) = result.err.strip().splitlines()
    assert "扫描件" in line and OCR_HINT in line and str(path) in line


def test_a_scanned_page_inside_a_readable_pdf_is_a_warning(tmp_path: Path) -> None:
    pdfium = pytest.importorskip("pypdfium2")  # pdfplumber's own dependency
    document = pdfium.PdfDocument(str(PDF_EXAMPLE))
    document.import_pages(pdfium.PdfDocument(str(_scan(tmp_path / "scan.pdf"))), index=4)
    path = tmp_path / "mixed.pdf"
    document.save(str(path))
    report = jxrules.load_report(path)
    (warning,) = report.ingest_findings
    assert (warning.rule, warning.severity, warning.location.page) == ("ingest-row", "warning", 5)
    assert (
        warning.message
        == f"第 5 页：没有文字层（扫描页？），未读入：请先做文字识别（OCR），例如 {OCR_HINT}"
    )
    assert warning.location.line is None and "line" not in warning.evidence
    findings = _findings(path)
    assert len(findings) == 25  # 24 + the missing 结果应用 part (issue 24)
    assert _page_of(findings, "indicator-duplicate", "22") == 13  # every page after moves on


def test_without_the_extra_the_error_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pdfplumber", None)  # import pdfplumber now fails
    with pytest.raises(InputError, match=r"pip install 'jxrules\[pdf\]'") as caught:
        jxrules.load_report(PDF_EXAMPLE)
    assert caught.value.position is not None
    assert caught.value.position.file == str(PDF_EXAMPLE)


def test_a_file_that_is_not_a_pdf_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4 garbage")
    with pytest.raises(InputError, match=r"无法读取 PDF 文件（不是有效的 PDF 或文件已损坏）"):
        jxrules.load_report(path)


def _encrypted_pdf() -> bytes:
    """A one-page PDF encrypted with a user password (standard security handler, RC4)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <"
        + b"11" * 32
        + b"> /U <"
        + b"22" * 32
        + b"> /P -4 >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 5\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    file_id = b"<" + b"33" * 16 + b">"
    out += b"trailer\n<< /Size 5 /Root 1 0 R /Encrypt 4 0 R /ID [%s %s] >>\n" % (file_id, file_id)
    return out + b"startxref\n%d\n%%%%EOF\n" % xref


def test_an_encrypted_pdf_is_one_clear_input_error(tmp_path: Path, cli: Any) -> None:
    path = tmp_path / "locked.pdf"
    path.write_bytes(_encrypted_pdf())
    with pytest.raises(InputError, match="PDF 文件已加密（需要密码）"):
        jxrules.load_report(path)
    result = cli("check", path)
    assert result.code == 2 and len(result.err.strip().splitlines()) == 1


def test_page_and_size_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from jxrules.ingest import files, pdf

    monkeypatch.setattr(pdf, "MAX_PAGES", 12)
    with pytest.raises(LimitExceeded, match="PDF 有 13 页，上限 12 页") as caught:
        jxrules.load_report(PDF_EXAMPLE)
    assert caught.value.limit == "pages"
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 1000)  # read when called, not when imported
    with pytest.raises(LimitExceeded, match="文件过大") as caught:
        jxrules.load_report(PDF_EXAMPLE)
    assert caught.value.limit == "file_bytes"


def test_the_cli_checks_a_pdf_and_a_folder_finds_it(tmp_path: Path, cli: Any) -> None:
    (tmp_path / PDF_EXAMPLE.name).write_bytes(PDF_EXAMPLE.read_bytes())
    result = cli("check", tmp_path, "--format", "json")
    assert result.code == 1
    (report,) = json.loads(result.out)["reports"]
    assert report["source"].endswith(".pdf") and report["summary"]["error"] == 12
    duplicates = [f for f in report["findings"] if f["rule"] == "indicator-duplicate"]
    assert [f["location"]["page"] for f in duplicates] == [12, 12, 12, 12, 12]


def _latin_pdf(path: Path, lines: list[tuple[float, float, float, list[str]]]) -> Path:
    """A one-page PDF of Helvetica text, no space characters: each (x, y, char spacing, words)
    line places its words one by one, a space's width apart, as some producers do."""
    ops = []
    for x, y, spacing, words in lines:
        at = x
        for word in words:
            ops.append(f"BT /F1 12 Tf {spacing} Tc {at:.2f} {y} Td ({word}) Tj ET")
            at += len(word) * (6.67 + spacing) + 3.34 + spacing  # Helvetica digits: 6.67 wide
    stream = "\n".join(ops).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 6\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    path.write_bytes(out)
    return path


def test_latin_text_without_space_characters_letter_spaced(tmp_path: Path) -> None:
    """Words placed apart get one space, a letter-spaced (justified) figure none; a wrapped
    line joins the next with a space, a line that ended early does not; a lone page number
    at the foot is not text."""
    import pdfplumber

    from jxrules.ingest import pdf
    from jxrules.ingest.grid import Text

    path = _latin_pdf(
        tmp_path / "latin.pdf",
        [
            (72, 760, 0, ["0000", "1111", "2222", "3333", "4444", "5555", "6666"]),
            (72, 745, 1.5, ["7,013.09", "2023-04-07", "12345", "67890"]),
            (72, 730, 0, ["99", "88."]),
            (90, 715, 0, ["1.", "12", "34"]),
            (72, 700, 0, ["5678", "9"]),
            (282, 60, 0, ["-", "1", "-"]),
        ],
    )
    with pdfplumber.open(str(path)) as document:
        pages = [pdf._page(document.pages[0], 1)]
    blocks = list(pdf._blocks(pages, {}))
    assert [b.text for b in blocks if isinstance(b, Text)] == [
        "0000 1111 2222 3333 4444 5555 6666 7,013.09 2023-04-07 12345 67890 99 88.",
        "1. 12 34",
        "5678 9",
    ]


# ---------------------------------------------------------------- PDFs made here (reportlab)
HTML_FORM = ROOT / "tests" / "fixtures" / "ingest" / "project-form-html.md"
_FONT = "STSong-Light"  # reportlab's built-in CID font: no font file, text extracts as typed
_UNIT = re.compile(r"[（(“]*(?:[0-9A-Za-z.,%~-]+|.)[，。、；：？！）)”%]*")
#: A placed cell: first row, first column, last row, last column, text.
_Cell = tuple[int, int, int, int, str]


def _canvas(path: Path, size: tuple[float, float]) -> Any:
    pytest.importorskip("reportlab")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen.canvas import Canvas

    if _FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(_FONT))
    return Canvas(str(path), pagesize=size)


def _width(text: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return float(stringWidth(text, _FONT, size))


def _wrapped(text: str, width: float, size: float) -> list[str]:
    """Lines of at most ``width`` points, broken between units no line break may cut."""
    lines = [""]
    for unit in _UNIT.findall(text):
        if lines[-1] and _width(lines[-1] + unit, size) > width:
            lines.append("")
        lines[-1] += unit
    return lines


def _draw(canvas: Any, x: float, y: float, text: str, size: float, width: float = 0) -> None:
    """One line at (x, baseline y); stretched to ``width`` (justified) when given."""
    line = canvas.beginText(x, y)
    line.setFont(_FONT, size)
    spread = width and len(text) > 1  # Tc lasts beyond the text object: always set
    line.setCharSpace((width - _width(text, size)) / (len(text) - 1) if spread else 0)
    line.textOut(text)
    canvas.drawText(line)


def _html_form(source: str) -> tuple[list[str], list[_Cell], list[str]]:
    """The HTML project form's text before the table, its placed cells, the text after."""
    before, rest = source.split("<table>", 1)
    table_html, after = rest.split("</table>", 1)
    parser = _Parser(1)
    parser.feed("<table>" + table_html + "</table>")
    (table,) = parser.done
    taken: set[tuple[int, int]] = set()
    cells: list[_Cell] = []
    for r, (_line, row) in enumerate(table.rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            bottom = min(r + cell.rowspan, len(table.rows)) - 1
            right = c + cell.colspan - 1
            cells.append((r, c, bottom, right, "".join("".join(cell.text).split())))
            taken.update((rr, cc) for rr in range(r, bottom + 1) for cc in range(c, right + 1))
            c = right + 1
    lines = [s.strip().lstrip("# ") for s in before.splitlines() if s.strip()]
    return lines, cells, [s.strip() for s in after.splitlines() if s.strip()]


def _ruled_table(
    canvas: Any, cells: list[_Cell], left: float, top: float, widths: list[float], size: float = 9
) -> float:
    """A ruled table of placed cells (merged cells drawn as one box), its top at ``top``
    (points from the page's foot); full lines of a cell are justified, as Word sets
    Chinese text.  Returns where the table ends."""
    pad, leading = 3.0, size * 1.25
    xs = [left + sum(widths[:k]) for k in range(len(widths) + 1)]
    text = {
        cell: _wrapped(cell[4], xs[cell[3] + 1] - xs[cell[1]] - 2 * pad, size) for cell in cells
    }
    rows = max(cell[2] for cell in cells) + 1
    heights = [0.0] * rows
    for cell in sorted(cells, key=lambda c: c[2] - c[0]):  # single rows first
        need = len(text[cell]) * leading + 2 * pad - sum(heights[cell[0] : cell[2] + 1])
        heights[cell[2]] += max(need, 0.0)
    ys = [top - sum(heights[:k]) for k in range(rows + 1)]
    for cell in cells:
        r0, c0, r1, c1, _ = cell
        x, y, w = xs[c0], ys[r1 + 1], xs[c1 + 1] - xs[c0]
        canvas.rect(x, y, w, ys[r0] - y)
        lines = text[cell]
        for k, line in enumerate(lines):
            full = w - 2 * pad if k < len(lines) - 1 else 0
            _draw(canvas, x + pad, ys[r0] - pad - size - k * leading, line, size, full)
    return ys[-1]


def _form_pages(canvas: Any, source: str) -> None:
    """The project form on the canvas's current page: its lines, the table, the last line."""
    page_width, page_height = canvas._pagesize
    before, cells, after = _html_form(source)
    left, usable = 40.0, page_width - 80.0
    weights = [2.6, 5.4, 6.6, 12.0, 5.4, 5.4, 3.0, 3.6, 4.0, 4.0]
    widths = [usable * w / sum(weights) for w in weights]
    y = page_height - 50
    for k, line in enumerate(before):
        size = 16.0 if k == 0 else 10.5
        _draw(canvas, left, y, line, size)
        y -= size * 1.8
    y = _ruled_table(canvas, cells, left, y, widths)
    for line in after:
        _draw(canvas, left, y - 24, line, 10.5)
        y -= 16
    canvas.showPage()


def _project_form_pdf(path: Path, size: tuple[float, float], *defects: str) -> Path:
    """The HTML project form as a PDF on pages of ``size``, once per defect given ("" for
    the form as it is; "a=>b" for one with the HTML text a replaced by b), each on new pages."""
    canvas = _canvas(path, size)
    source = HTML_FORM.read_text(encoding="utf-8")
    for defect in defects or ("",):
        if defect:
            old, new = defect.split("=>")
            assert old in source
        _form_pages(canvas, source.replace(old, new) if defect else source)
    canvas.save()
    return path


#: An indicator table as the example prints it, for a table drawn without any rules: the
#: columns' left edges, then the rows (a name too long for its column wraps onto a second line).
_BORDERLESS_AT = (50.0, 84.0, 150.0, 330.0, 420.0, 500.0)
_BORDERLESS = (
    ("序号", "二级指标", "三级指标", "年初申报指标值", "实际完成值", "备注"),
    ("1", "产出指标", "企业开展技术改造数量", "≥200 家", "{actual}", ""),
    ("2", "", "扶持工业企业数量", "≥20 家", "27 家", ""),
    ("3", "", "支持产业集群“上云上平台”数字化转型数量", "2 个", "2 个", "已完成"),
    ("4", "效益指标", "新增就业人数", "≥500 人", "620 人", ""),
    ("5", "满意度指标", "服务对象满意度", "≥90%", "95%", ""),
)
_PROSE = (
    "2022年，我局围绕制造业高质量发展，统筹安排部门预算资金，年初预算 7,013.09 万元，"
    "重点支持企业技术改造、工业互联网和产业集群数字化转型，资金按进度拨付，各项工作有序推进，"
    "全年共扶持工业企业 27 家，完成情况良好。"
)


def _borderless_pdf(path: Path, actual: str) -> Path:
    """A department report whose indicator table (page 2) is set in columns without any
    ruling line; page 1 is prose and a signature line with wide gaps that is no table."""
    from reportlab.lib.pagesizes import A4

    canvas = _canvas(path, A4)
    _draw(canvas, 50, 780, "部门整体支出绩效自评报告", 16)
    _draw(canvas, 50, 750, "部门名称：江门市示例局", 10.5)
    _draw(canvas, 50, 730, "一、部门概况", 10.5)
    lines = _wrapped(_PROSE, 495, 10.5)
    for k, line in enumerate(lines):
        _draw(canvas, 71 if k == 0 else 50, 710 - 16 * k, line, 10.5, 0 if k else 474)
    _draw(canvas, 50, 600, "填报人：李四", 10.5)
    _draw(canvas, 300, 600, "联系电话：0750-1234567", 10.5)
    canvas.showPage()
    _draw(canvas, 50, 780, "二、绩效指标完成情况", 10.5)
    y = 756.0
    for row in _BORDERLESS:
        wrapped = [
            _wrapped(text.format(actual=actual), right - left - 8, 10)
            for text, left, right in zip(
                row, _BORDERLESS_AT, (*_BORDERLESS_AT[1:], 545), strict=True
            )
        ]
        for k in range(max(map(len, wrapped))):
            for cell, left in zip(wrapped, _BORDERLESS_AT, strict=True):
                if k < len(cell) and cell[k]:
                    _draw(canvas, left, y - 13 * k, cell[k], 10)
        y -= 13 * max(map(len, wrapped)) + 4
    _draw(canvas, 50, y - 20, "以上指标均按年初申报口径填报。", 10.5)
    canvas.showPage()
    canvas.save()
    return path


def _same_as_html_form(path: Path) -> list[dict[str, Any]]:
    """Assert the PDF's one report reads as the HTML form does; its findings."""
    pdf, html = jxrules.load_report(path), jxrules.load_report(HTML_FORM)
    assert pdf.kind == html.kind == "project"
    assert (pdf.project, pdf.department, pdf.fiscal_year, pdf.budget, pdf.total_score) == (
        html.project,
        html.department,
        html.fiscal_year,
        html.budget,
        html.total_score,
    )
    assert [(i.level1, i.level2, i.name, i.target, i.actual, i.points, i.score)
            for i in pdf.indicators] == [
        (i.level1, i.level2, i.name, i.target, i.actual, i.points, i.score)
        for i in html.indicators
    ]  # fmt: skip
    findings = _findings(path)
    assert [_comparable(f) for f in findings] == [_comparable(f) for f in _findings(HTML_FORM)]
    return findings


@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
def test_a_ruled_project_form_with_merged_cells_reads_as_its_html_twin(
    tmp_path: Path, orientation: str
) -> None:
    from reportlab.lib.pagesizes import A4, landscape

    size = A4 if orientation == "portrait" else landscape(A4)
    findings = _same_as_html_form(_project_form_pdf(tmp_path / "form.pdf", size))
    assert len(findings) == 10  # 7 + two score-formula rows and the red flag (issue 24)
    assert _page_of(findings, "indicator-target-met", "4") == 1
    assert _page_of(findings, "indicator-score-within-points", "9") == 1


def test_two_forms_in_one_pdf_are_two_reports_each_with_its_own_findings(tmp_path: Path) -> None:
    """The second form on new pages, its first indicator missed: that finding is the second
    report's only, on page 2.  (The forms' identical title and score lines, at the same
    height on both pages, are taken for running headers: the reports are compared with each
    other, not with the HTML form.)"""
    from reportlab.lib.pagesizes import A4

    planted = "<td>112家</td>=><td>95家</td>"
    path = _project_form_pdf(tmp_path / "two.pdf", A4, "", planted)
    first, second = jxrules.load_reports(path)
    html = jxrules.load_report(HTML_FORM)
    assert (first.project, second.project) == (html.project, html.project)
    assert [i.page for i in first.indicators] == [1] * 12
    assert [i.page for i in second.indicators] == [2] * 12
    assert (first.indicators[0].actual, second.indicators[0].actual) == ("112家", "95家")
    assert first.indicators[1:] == tuple(attrs.evolve(i, page=1) for i in second.indicators[1:])
    found = [
        [f.to_dict() for f in jxrules.check(r, select_ruleset(r)).findings] for r in (first, second)
    ]
    assert len(found[0]) == 9  # 6 + two score-formula rows and the red flag (issue 24)
    same = [_comparable(f) for f in found[0]]
    assert [_comparable(f) for f in found[1] if _comparable(f) in same] == same
    assert {f["location"].get("page") for f in found[0]} == {1, None}
    assert {f["location"].get("page") for f in found[1]} == {2, None}
    extra = [f for f in found[1] if _comparable(f) not in same]
    assert [
        (f["rule"], f["severity"], f["location"]["row"], f["location"]["page"]) for f in extra
    ] == [
        ("indicator-target-met", "error", "1", 2),
        ("indicator-missed-full-marks", "warning", "1", 2),
        ("indicator-score-formula", "warning", "1", 2),
        ("indicator-partial-score-reason", "warning", "1", 2),
    ]


def test_a_table_without_rules_is_read_by_the_alignment_of_its_columns(tmp_path: Path) -> None:
    path = _borderless_pdf(tmp_path / "borderless.pdf", "180 家")
    report = jxrules.load_report(path)
    assert report.kind == "department_overall" and report.department == "江门市示例局"
    assert [(i.seq, i.level2, i.name, i.target, i.actual, i.page) for i in report.indicators] == [
        ("1", "产出指标", "企业开展技术改造数量", "≥200家", "180家", 2),
        ("2", "产出指标", "扶持工业企业数量", "≥20家", "27家", 2),
        ("3", "产出指标", "支持产业集群“上云上平台”数字化转型数量", "2个", "2个", 2),  # wrapped
        ("4", "效益指标", "新增就业人数", "≥500人", "620人", 2),
        ("5", "满意度指标", "服务对象满意度", "≥90%", "95%", 2),
    ]
    assert report.indicators[2].note == "已完成"
    # prose, and a line with wide gaps that no header starts, stay text
    lines = report.narrative.split("\n")
    assert "填报人：李四 联系电话：0750-1234567" in lines
    (prose,) = [line for line in lines if line.startswith("2022年，我局")]
    assert prose.endswith("完成情况良好。") and "年初预算 7,013.09 万元，" in prose
    assert "".join(prose.split()) == "".join(_PROSE.split())  # one paragraph, no columns
    assert lines[-1] == "以上指标均按年初申报口径填报。"
    (missed,) = [f for f in _findings(path) if f["severity"] == "error"]
    assert (missed["rule"], missed["location"]["row"], missed["location"]["page"]) == (
        "indicator-target-met",
        "1",
        2,
    )
    assert (missed["evidence"]["target"], missed["evidence"]["actual"]) == ("≥200家", "180家")


def test_the_clean_twin_of_the_table_without_rules_misses_no_target(tmp_path: Path) -> None:
    findings = _findings(_borderless_pdf(tmp_path / "clean.pdf", "510 家"))
    assert not [f for f in findings if f["severity"] == "error"]
    assert [(f["rule"], f["location"]["row"], f["location"]["page"]) for f in findings] == [
        ("indicator-target-too-low", "1", 2)  # 510 against ≥200: the target was set too low
    ]


def test_a_score_merged_down_in_a_ruled_pdf_table_is_the_group_s(tmp_path: Path) -> None:
    """A 分值/得分 box spanning a 二级指标's rows (pdfplumber: one cell over several rows) is
    the group's, as an HTML rowspan: the same indicators, score groups and findings."""
    form = ROOT / "tests" / "fixtures" / "layouts" / "shared-score-cell.md"
    path = tmp_path / "shared-score-cell.pdf"
    canvas = _canvas(path, (842.0, 595.0))  # A4 landscape
    before, cells, after = _html_form(form.read_text(encoding="utf-8"))
    weights = [5.0, 6.0, 9.0, 5.0, 5.0, 3.0, 3.0, 8.0]
    widths = [762.0 * w / sum(weights) for w in weights]
    y = 545.0
    for line in before:
        _draw(canvas, 40.0, y, line, 12.0)
        y -= 20
    y = _ruled_table(canvas, cells, 40.0, y, widths)
    for line in after:
        _draw(canvas, 40.0, y - 24, line, 10.5)
        y -= 16
    canvas.save()
    pdf, html = jxrules.load_report(path), jxrules.load_report(form)
    got = [(i.name, i.points, i.score, i.score_group) for i in pdf.indicators]
    assert got == [(i.name, i.points, i.score, i.score_group) for i in html.indicators]
    assert [i.score_group for i in pdf.indicators][:2] == ["1", "1"]
    assert [_comparable(f) for f in _findings(path)] == [_comparable(f) for f in _findings(form)]
