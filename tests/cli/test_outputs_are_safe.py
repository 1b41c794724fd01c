"""Outputs never destroy an input, never leave a half file, and never pass control characters
from a report to the terminal."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from jxrules.errors import JxError
from jxrules.formats.collect import Output
from tests.conftest import JIANGMEN_MD, JIANGMEN_YAML


@pytest.mark.parametrize("command", ["check", "extract"])
def test_an_output_that_is_an_input_is_refused(command: str, tmp_path: Path, cli: Any) -> None:
    report = tmp_path / "r.md"
    report.write_bytes(JIANGMEN_MD.read_bytes())
    result = cli(command, report, "-o", tmp_path / "." / "r.md")
    assert result.code == 2
    assert result.err.startswith(f"jxrules: {tmp_path}/r.md: 输出文件就是输入的报告")
    assert report.read_bytes() == JIANGMEN_MD.read_bytes()


def test_a_run_that_fails_leaves_the_old_output_and_no_partial_file(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt), Output(str(target)) as out:
        out.write('{"half":')
        raise KeyboardInterrupt
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]
    with Output(str(target)) as out:
        out.write("new")
    assert target.read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


def test_an_output_in_a_missing_folder_is_a_located_error(tmp_path: Path) -> None:
    with pytest.raises(JxError, match="无法写入输出文件") as caught:
        Output(str(tmp_path / "no" / "out.json"))
    assert caught.value.position is not None
    assert caught.value.position.file == str(tmp_path / "no" / "out.json")


def test_streamed_lines_appear_whole_at_the_end(tmp_path: Path, cli: Any) -> None:
    target = tmp_path / "out.jsonl"
    result = cli("check", JIANGMEN_YAML, JIANGMEN_MD, "-o", target)
    assert result.code == 1
    lines = target.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["summary"]["error"] for line in lines] == [12, 12]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]


def test_control_characters_from_a_report_are_escaped_in_text_output(
    tmp_path: Path, cli: Any
) -> None:
    text = JIANGMEN_YAML.read_text(encoding="utf-8")
    hostile = text.replace("name: 5G公共服务平台数量", 'name: "5G公共\\e[2J服务\\a平台\\u202e数量"')
    assert hostile != text
    path = tmp_path / "r.yaml"
    path.write_text(hostile, encoding="utf-8")
    result = cli("check", path)
    assert result.code == 1
    assert "\x1b" not in result.out and "\x07" not in result.out and "\u202e" not in result.out
    assert "指标“5G公共\\x1b[2J服务\\x07平台\\u202e数量”未完成：目标 2个，实际 1个" in result.out
