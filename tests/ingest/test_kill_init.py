"""``find_reports``: each refusal's whole message, with the path it names."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from jxrules.errors import InputError
from jxrules.ingest import find_reports

SUFFIXES = ".docx, .json, .markdown, .md, .pdf, .xlsx, .yaml, .yml"


@pytest.mark.parametrize(
    ("paths", "expected"),
    [
        ("r.md", "find_reports() 的 paths 应为路径的列表，实际是 str: 'r.md'"),
        (["r.md", 3], "find_reports() 的路径 应为文件或目录路径（str 或 Path），实际是 int: 3"),
        (["missing.md"], "missing.md: 文件或目录不存在 (not found)"),
        (["empty"], f"empty: 目录中没有报告文件（支持的后缀：{SUFFIXES}）"),
    ],
    ids=["not-a-list", "not-a-path", "missing", "no-report-in-directory"],
)
def test_find_reports_refuses_with_the_whole_message_and_the_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, paths: Any, expected: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "r.md").write_text("报告\n", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.txt").write_text("不是报告\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        list(find_reports(paths))
    assert str(caught.value) == expected
