"""Word documents (``.docx``): the same report, the same findings, as from Markdown or HTML.

The example report as Word (``tests/fixtures/formats``, typed into Word by a department's
office, 二级指标 merged vertically) and the HTML project form rebuilt as a Word table with
real merged cells (made here with python-docx) must give what their Markdown twins give.
"""

from __future__ import annotations

import json
import re
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

import jxrules
from jxrules.errors import InputError, LimitExceeded
from jxrules.ingest.html_table import _Parser
from jxrules.rules.selection import select_ruleset
from tests.conftest import JIANGMEN_MD, ROOT

docx = pytest.importorskip("docx")

WORD_EXAMPLE = ROOT / "tests" / "fixtures" / "formats" / "jiangmen-2022-dept-overall.docx"
HTML_FORM = ROOT / "tests" / "fixtures" / "ingest" / "project-form-html.md"


def _findings(path: Path) -> list[dict[str, Any]]:
    report = jxrules.load_report(path)
    return [f.to_dict() for f in jxrules.check(report, select_ruleset(report)).findings]


def _comparable(finding: dict[str, Any]) -> str:
    """A finding without what depends on how the text was laid out, not on what it says:
    the source line or page, the narrative line a figure was read from, and runs of white space
    inside cell text.  The fingerprint stays: it must not depend on the format."""
    location = {k: v for k, v in finding["location"].items() if k not in ("page", "line")}
    evidence = {
        key: re.sub(r"\s+", "", value)
        for key, value in finding["evidence"].items()
        if key != "stated_from"
    }
    fingerprint = finding["fingerprint"]  # one identity for one defect, whatever the file format
    return json.dumps([finding["rule"], location, evidence, fingerprint], ensure_ascii=False)


def test_the_word_example_gives_the_markdown_examples_findings() -> None:
    word, markdown = _findings(WORD_EXAMPLE), _findings(JIANGMEN_MD)
    assert len(word) == len(markdown) == 24  # 23 + the missing 结果应用 part (issue 24)
    assert [_comparable(f) for f in word] == [_comparable(f) for f in markdown]
    assert sum(f["severity"] == "error" for f in word) == 12


def test_word_keeps_the_space_a_converter_lost_in_a_wrapped_cell() -> None:
    """The Markdown converter joined 超过 + 4000 万元 across a line break without the space."""

    def too_low_in_row_12(findings: list[dict[str, Any]]) -> dict[str, Any]:
        (found,) = [
            f
            for f in findings
            if f["rule"] == "indicator-target-too-low" and f["location"]["row"] == "12"
        ]
        return found

    word = too_low_in_row_12(_findings(WORD_EXAMPLE))
    markdown = too_low_in_row_12(_findings(JIANGMEN_MD))
    assert word["evidence"]["actual"].endswith("地方财政贡献额度增长超过 4000 万元。")
    assert markdown["evidence"]["actual"].endswith("地方财政贡献额度增长超过4000 万元。")
    assert word["evidence"]["actual_value"] == markdown["evidence"]["actual_value"] == "72"


def test_word_findings_name_table_and_row_but_no_line() -> None:
    report = jxrules.load_report(WORD_EXAMPLE)
    assert report.source == str(WORD_EXAMPLE)
    assert all(i.line is None for i in report.indicators)
    finding = next(f for f in jxrules.check(report).findings if f.rule == "indicator-duplicate")
    assert finding.location.to_dict() == {
        "table": "indicators",
        "row": "22",
        "name": "新增“小升规”工业企业数量",
    }
    assert finding.location.line is None


def _word_copy_of_html_form(path: Path, form: Path = HTML_FORM) -> None:
    """An HTML project form as a Word document: text lines as paragraphs, the table with its
    rowspan/colspan cells merged in Word."""
    source = form.read_text(encoding="utf-8")
    before, rest = source.split("<table>", 1)
    table_html, after = rest.split("</table>", 1)
    parser = _Parser(1)
    parser.feed("<table>" + table_html + "</table>")
    (table,) = parser.done
    document = docx.Document()
    for line in before.splitlines():
        if line.strip():
            document.add_paragraph(line.strip().lstrip("# "))
    taken: set[tuple[int, int]] = set()
    placed = []
    for r, (_line, cells) in enumerate(table.rows):
        c = 0
        for cell in cells:
            while (r, c) in taken:
                c += 1
            text = re.sub(r"\s+", " ", "".join(cell.text)).strip()
            bottom = min(r + cell.rowspan, len(table.rows)) - 1
            placed.append((r, c, bottom, c + cell.colspan - 1, text))
            taken.update(
                (rr, cc) for rr in range(r, bottom + 1) for cc in range(c, c + cell.colspan)
            )
            c += cell.colspan
    width = max(c for _, c in taken) + 1
    word_table = document.add_table(rows=len(table.rows), cols=width)
    for top, left, bottom, right, text in placed:
        cell = word_table.cell(top, left)
        if (bottom, right) != (top, left):
            cell = cell.merge(word_table.cell(bottom, right))
        cell.text = text
    for line in after.splitlines():
        if line.strip():
            document.add_paragraph(line.strip())
    document.save(str(path))


def test_a_project_form_with_merged_cells_reads_as_its_html_twin(tmp_path: Path) -> None:
    path = tmp_path / "project-form.docx"
    _word_copy_of_html_form(path)
    word, html = jxrules.load_report(path), jxrules.load_report(HTML_FORM)
    assert word.kind == html.kind == "project"
    assert (word.project, word.department, word.fiscal_year) == (
        html.project,
        html.department,
        html.fiscal_year,
    )
    assert word.budget == html.budget
    assert [(i.level1, i.level2, i.name, i.target, i.actual, i.points, i.score)
            for i in word.indicators] == [
        (i.level1, i.level2, i.name, i.target, i.actual, i.points, i.score)
        for i in html.indicators
    ]  # fmt: skip
    assert word.total_score == html.total_score
    assert [_comparable(f) for f in _findings(path)] == [
        _comparable(f) for f in _findings(HTML_FORM)
    ]


def test_a_score_merged_down_in_word_is_the_group_s(tmp_path: Path) -> None:
    """A 分值/得分 cell merged vertically (vMerge) over a 二级指标's rows, as HTML rowspan."""
    form = ROOT / "tests" / "fixtures" / "layouts" / "shared-score-cell.md"
    path = tmp_path / "shared-score-cell.docx"
    _word_copy_of_html_form(path, form)
    word, html = jxrules.load_report(path), jxrules.load_report(form)
    got = [(i.name, i.points, i.score, i.score_group) for i in word.indicators]
    assert got == [(i.name, i.points, i.score, i.score_group) for i in html.indicators]
    assert [(i.name, i.score_group) for i in word.indicators][:2] == [
        ("改造污水管网长度", "1"),
        ("新建检查井数量", "1"),
    ]
    assert [_comparable(f) for f in _findings(path)] == [_comparable(f) for f in _findings(form)]


def test_text_in_a_text_box_is_a_warning_not_lost(tmp_path: Path) -> None:
    from docx.oxml import parse_xml

    path = tmp_path / "boxed.docx"
    _word_copy_of_html_form(path)
    document = docx.Document(str(path))
    box = (
        '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        "<w:pict><wps:txbx><w:txbxContent><w:p><w:r><w:t>自评得分 60 分</w:t></w:r></w:p>"
        "</w:txbxContent></wps:txbx></w:pict></w:r>"
    )
    document.paragraphs[0]._p.append(parse_xml(box))
    document.save(str(path))
    report = jxrules.load_report(path)
    (warning,) = [f for f in report.ingest_findings if "文本框" in f.message]
    assert warning.severity == "warning"
    assert warning.message == "第 1 段：文本框中的文字未读入：自评得分 60 分"
    assert "自评得分 60 分" not in report.narrative


def test_a_table_nested_in_a_cell_is_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "nested.docx"
    _word_copy_of_html_form(path)
    document = docx.Document(str(path))
    document.tables[0].cell(0, 0).add_table(rows=2, cols=2)
    document.save(str(path))
    report = jxrules.load_report(path)
    (warning,) = [f for f in report.ingest_findings if "嵌有" in f.message]
    assert warning.message == (
        "第 1 个表格：单元格中嵌有表格，其行未作为表格读入（文字保留在外层单元格中）：1 个嵌套表格"
    )
    assert warning.location.line is None and "line" not in warning.evidence
    assert len(report.indicators) == len(jxrules.load_report(HTML_FORM).indicators)


def test_without_the_extra_the_error_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "docx", None)  # import docx now raises ImportError
    with pytest.raises(InputError, match=r"pip install 'jxrules\[docx\]'") as caught:
        jxrules.load_report(WORD_EXAMPLE)
    assert caught.value.position is not None
    assert caught.value.position.file == str(WORD_EXAMPLE)


def test_a_file_that_is_not_a_word_document_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "fake.docx"
    path.write_text("not a zip", encoding="utf-8")
    with pytest.raises(InputError, match=r"不是有效的 \.docx"):
        jxrules.load_report(path)


def test_a_zip_bomb_is_refused_before_opening(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jxrules.ingest import files

    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "0" * 2_000_000)
    monkeypatch.setattr(files, "MAX_UNPACKED_BYTES", 1_000_000)
    with pytest.raises(LimitExceeded, match="Word 文件解压后") as caught:
        jxrules.load_report(path)
    assert caught.value.limit == "unpacked_bytes"


def test_the_cli_checks_a_word_file_and_a_folder_finds_it(tmp_path: Path, cli: Any) -> None:
    (tmp_path / WORD_EXAMPLE.name).write_bytes(WORD_EXAMPLE.read_bytes())
    result = cli("check", tmp_path, "--format", "json")
    assert result.code == 1
    (report,) = json.loads(result.out)["reports"]
    assert report["source"].endswith(".docx") and report["summary"]["error"] == 12
