"""A program with no files: reports from text, bytes or a binary file object, a ruleset from
YAML text — read exactly as the same file would be, named as the caller says."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import jxrules
from tests.conftest import JIANGMEN_MD, JIANGMEN_YAML

RULESET = """\
id: editor/demo
title: 编辑器中的规则集
version: "1"
extends: dept-overall/2022
applies_to: {kind: department_overall, fiscal_years: [2022]}
rules:
  - id: score-cap
    check: expression
    severity: warning
    assert: "self_evaluation.score <= 95"
    message: 自评分数高于 95
"""


def _summary(report: jxrules.Report) -> tuple[str, str, int, str]:
    return (report.source, report.department, len(report.indicators), report.kind)


def _rules_found(report: jxrules.Report) -> list[tuple[str, str]]:
    return [(f.rule, f.message) for f in jxrules.check(report).findings]


def test_markdown_bytes_read_like_the_file_and_named_as_told() -> None:
    from_file = jxrules.load_report(JIANGMEN_MD)
    from_bytes = jxrules.load_report(JIANGMEN_MD.read_bytes(), format="md", name="upload-7.md")
    assert _summary(from_bytes) == ("upload-7.md", "江门市工业和信息化局", 28, "department_overall")
    assert _rules_found(from_bytes) == _rules_found(from_file)


def test_text_with_a_format_is_content_and_the_name_suffix_can_decide() -> None:
    text = JIANGMEN_YAML.read_text(encoding="utf-8")
    assert _summary(jxrules.load_report(text, format="yaml")) == (
        "<memory>",
        "江门市工业和信息化局",
        28,
        "department_overall",
    )
    by_name = jxrules.load_report(text.encode(), name="q/report.yaml")
    assert by_name.source == "q/report.yaml"


def test_a_binary_file_object_is_read_with_its_own_name() -> None:
    with JIANGMEN_MD.open("rb") as stream:
        report = jxrules.load_report(stream)
    assert report.source == str(JIANGMEN_MD)
    buffer = io.BytesIO(JIANGMEN_MD.read_bytes())
    assert jxrules.load_report(buffer, format="md").source == "<memory>"


def test_errors_in_content_are_named_by_the_display_name() -> None:
    with pytest.raises(jxrules.YamlSyntaxError) as caught:
        jxrules.load_report("kind: [unclosed\n", format="yaml", name="form-3.yaml")
    assert caught.value.position is not None
    assert (caught.value.position.file, caught.value.position.line) == ("form-3.yaml", 2)


@pytest.mark.parametrize(
    ("call", "wording"),
    [
        (lambda: jxrules.load_report(b"x", format="pptx"), "未知的格式 “pptx”"),
        (lambda: jxrules.load_report(b"x"), "无法从名称 “<memory>” 判断格式"),
        (lambda: jxrules.load_report(io.StringIO("kind: x"), format="yaml"), "二进制方式"),
        (lambda: jxrules.load_report(3.5), "实际是 float"),
        (lambda: jxrules.load_report(b"x", format=7), "format"),  # type: ignore[arg-type]
        (lambda: jxrules.load_report({"kind": "project"}, format="yaml"), "不需要 format"),
        (lambda: jxrules.load_report("\xff" * 3, format="xlsx"), "<memory>: 无法读取 Excel 文件"),
    ],
)
def test_wrong_inputs_are_input_errors_that_say_what_is_wanted(call: object, wording: str) -> None:
    with pytest.raises(jxrules.JxError) as caught:
        call()  # type: ignore[operator]
    assert wording in str(caught.value)
    assert type(caught.value) is jxrules.InputError


def test_a_ruleset_from_yaml_text_with_its_name_in_positions() -> None:
    ruleset = jxrules.load_ruleset(RULESET, name="editor://buffer-1")
    assert (ruleset.id, ruleset.source, str(ruleset.rule("score-cap").origin)) == (
        "editor/demo",
        "editor://buffer-1",
        "editor://buffer-1:7:5",
    )
    assert len(ruleset.rules) == len(jxrules.load_ruleset("dept-overall/2022").rules) + 1
    result = jxrules.check(jxrules.load_report(JIANGMEN_YAML), ruleset)
    assert [f.message for f in result.findings if f.rule == "score-cap"] == ["自评分数高于 95"]
    assert jxrules.load_ruleset(RULESET.encode()).source == "<ruleset>"


def test_a_ruleset_texts_errors_and_extends_are_confined(tmp_path: Path) -> None:
    with pytest.raises(jxrules.RulesetError) as caught:
        jxrules.load_ruleset(RULESET.replace("version", "versoin"), name="buf")
    assert str(caught.value.position) == "buf:3:1"
    local = tmp_path / "base.yaml"
    local.write_text(RULESET, encoding="utf-8")
    with pytest.raises(jxrules.RulesetError, match="extends 指向规则集目录之外") as outside:
        jxrules.load_ruleset(RULESET.replace("dept-overall/2022", str(local)), name="buf")
    assert str(outside.value.position) == "buf:4:10"
