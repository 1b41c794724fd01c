"""jxrules extract --explain: each table with what it was taken for, where (line or page),
its columns, and what was not read."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import JIANGMEN_MD, JIANGMEN_YAML, ROOT

PDF = ROOT / "tests" / "fixtures" / "formats" / "jiangmen-2022-dept-overall.pdf"


def test_a_pdf_explanation_names_the_page_of_each_table(cli: Any) -> None:
    pytest.importorskip("pdfplumber")
    result = cli("extract", PDF, "--explain")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0] == f"{PDF}：读到 1 份报告"
    assert (
        "  绩效指标表 (indicators)：第 11 页的表格；数据行 28 行（第 11 页的表格第 2 行 至 第 12 页的表格第 9 行）"
        in lines
    )
    assert sum(line.startswith("  收支表") and "第 9 页" in line for line in lines) == 2
    assert (
        "    列：“序号”→seq，“二级指标”→level2，“三级指标”→name，“年初申报指标值”→target，“实际完成值”→actual，“备注”→note"
        in lines
    )


def test_markdown_names_lines_and_an_unknown_header_is_named(cli: Any, tmp_path: Path) -> None:
    original = JIANGMEN_MD.read_text(encoding="utf-8")
    text = original.replace("| 备注 |", "| 完成说明 |")  # a wording the vocabulary lacks
    text = text.replace("| 510 家 | |", "| 510 家 | 已完成 |")
    assert text.count("| 完成说明 |") == 4 and "已完成 |" in text  # the header on 4 pages
    path = tmp_path / "r.md"
    path.write_text(text, encoding="utf-8")
    result = cli("extract", path, "--explain")
    assert result.code == 0
    assert (
        "  绩效指标表 (indicators)：第 169 行的表格；数据行 31 行（第 171 行 至 第 210 行）"
        in result.out
    )
    assert "    未识别的列：“完成说明”（例如 第 171 行）" in result.out


def test_explain_with_an_output_also_writes_the_yaml(cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "r.yaml"
    result = cli("extract", JIANGMEN_MD, "--explain", "-o", out)
    assert result.code == 0 and "绩效指标表" in result.out
    assert out.read_text(encoding="utf-8").startswith("kind: department_overall")


def test_a_canonical_report_needs_no_explanation(cli: Any) -> None:
    result = cli("extract", JIANGMEN_YAML, "--explain")
    assert (
        result.out == f"{JIANGMEN_YAML}：规范格式的报告，按键读取，无需解释 (a canonical report)\n"
    )
