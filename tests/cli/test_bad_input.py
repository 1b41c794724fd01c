"""Every bad input: exit 2, one located line on stderr, never a traceback."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tests.conftest import JIANGMEN_YAML

MINIMAL_RULESET = """\
id: local/minimal
title: 最小示例
version: "1"
applies_to: {kind: department_overall, fiscal_years: [2022]}
params: {max_score: 100}
rules:
  - id: score-in-range
    check: expression
    severity: error
    assert: "self_evaluation.score <= params.max_score"
    message: 自评分数超出范围
"""


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def assert_clean_error(result, *fragments: str) -> None:
    assert result.code == 2, (result.out, result.err)
    assert "Traceback" not in result.err
    lines = [line for line in result.err.splitlines() if line.strip()]
    assert lines, "expected a message on stderr"
    for fragment in fragments:
        assert fragment in result.err, result.err


def test_missing_file(cli, tmp_path):
    result = cli("check", tmp_path / "nope.yaml")
    assert_clean_error(result, "nope.yaml", "不存在")


def test_directory_without_reports(cli, tmp_path):
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    result = cli("check", tmp_path)
    assert_clean_error(result, str(tmp_path), "没有报告文件")


def test_non_utf8_report(cli, tmp_path):
    path = write(tmp_path, "gbk.yaml", "kind: department_overall\n部门: 江门\n".encode("gbk"))
    assert_clean_error(cli("check", path), "gbk.yaml:2", "UTF-8")


def test_yaml_syntax_error_has_line_and_column(cli, tmp_path):
    path = write(tmp_path, "broken.yaml", "kind: department_overall\nfiscal_year: [2022\n")
    assert_clean_error(cli("check", path), "broken.yaml:3:1", "YAML 语法错误")


def test_yaml_that_is_not_a_mapping(cli, tmp_path):
    path = write(tmp_path, "list.yaml", "- a\n- b\n")
    assert_clean_error(cli("check", path), "list.yaml:1:1", "映射")


def test_report_missing_required_key(cli, tmp_path):
    path = write(tmp_path, "nokind.yaml", "fiscal_year: 2022\n")
    assert_clean_error(cli("check", path), "nokind.yaml:1:1", "缺少必需的键 “kind”")


def test_non_numeric_money_cell_names_the_cell(cli, tmp_path):
    path = write(
        tmp_path,
        "money.yaml",
        """\
        kind: department_overall
        fiscal_year: 2022
        budget:
          income:
            items:
              - {name: 其他收入, initial_budget: "12.5", final_accounts: "一百"}
        """,
    )
    assert_clean_error(
        cli("check", path),
        "money.yaml:6:62",
        "budget.income.items[0].final_accounts",
        "“一百” 不是数字",
    )


def test_unknown_report_key_is_rejected_with_suggestion(cli, tmp_path):
    path = write(
        tmp_path, "typo.yaml", "kind: department_overall\nfiscal_year: 2022\nindicator: []\n"
    )
    assert_clean_error(cli("check", path), "typo.yaml:3:", "未知的键 “indicator”", "indicators")


def ruleset_with(tmp_path: Path, old: str, new: str) -> Path:
    assert old in MINIMAL_RULESET
    return write(tmp_path, "rules.yaml", MINIMAL_RULESET.replace(old, new))


@pytest.mark.parametrize(
    ("old", "new", "where", "says"),
    [
        (
            "    message: 自评分数超出范围",
            "    mesage: 自评分数超出范围",
            "rules.yaml:11:",
            "未知的键 “mesage”；是不是 “message”",
        ),
        ("check: expression", "check: expresion", "rules.yaml:8:12", "expresion"),
        ("severity: error", "severity: fatal", "rules.yaml:9:15", "“fatal” 不在允许的取值中"),
        (
            '"self_evaluation.score <= params.max_score"',
            '"self_evaluation.score <= (params.max_score"',
            "rules.yaml:10:",
            "表达式语法错误",
        ),
        (
            "    message: 自评",
            '    when: "score >"\n    message: 自评',
            "rules.yaml:11:",
            "表达式语法错误",
        ),
        (
            "    message: 自评",
            '    when: "import os"\n    message: 自评',
            "rules.yaml:11:",
            "表达式语法错误",
        ),
        ("applies_to", "applies-to", "rules.yaml:4:1", "applies-to"),
    ],
    ids=[
        "unknown-key",
        "unknown-check-kind",
        "bad-severity",
        "assert-syntax",
        "when-syntax",
        "when-statement",
        "top-level-typo",
    ],
)
def test_bad_ruleset_is_located(cli, tmp_path, old, new, where, says):
    path = ruleset_with(tmp_path, old, new)
    assert_clean_error(cli("check", JIANGMEN_YAML, "--ruleset", path), where, says)


def test_duplicate_rule_id(cli, tmp_path):
    text = MINIMAL_RULESET + (
        "  - id: score-in-range\n    check: expression\n    severity: warning\n"
        '    assert: "True"\n    message: again\n'
    )
    path = write(tmp_path, "dup.yaml", text)
    assert_clean_error(
        cli("check", JIANGMEN_YAML, "--ruleset", path),
        "dup.yaml:12:5",
        "规则编号 “score-in-range” 重复",
        "dup.yaml:7:5",
    )


def test_unknown_message_placeholder(cli, tmp_path):
    path = ruleset_with(tmp_path, "message: 自评分数超出范围", "message: 自评分数 {scroe} 超出范围")
    assert_clean_error(cli("check", JIANGMEN_YAML, "--ruleset", path), "rules.yaml:11:", "{scroe}")


def test_duplicate_yaml_key(cli, tmp_path):
    path = ruleset_with(
        tmp_path, "    severity: error\n", "    severity: error\n    severity: info\n"
    )
    assert_clean_error(cli("check", JIANGMEN_YAML, "--ruleset", path), "rules.yaml:10:5", "重复")


def test_unknown_ruleset_id(cli):
    assert_clean_error(
        cli("check", JIANGMEN_YAML, "--ruleset", "dept-overall/1999"),
        "找不到规则集",
        "dept-overall/2022",
    )


def test_bad_arguments(cli):
    with pytest.raises(SystemExit) as exc:
        cli("check", JIANGMEN_YAML, "--fail-on", "sometimes")
    assert exc.value.code == 2


def test_python_object_tag_is_refused(cli, tmp_path):
    path = write(
        tmp_path,
        "evil.yaml",
        "kind: !!python/object/apply:os.system ['touch /tmp/x']\nfiscal_year: 2022\n",
    )
    assert_clean_error(cli("check", path), "evil.yaml:1:7")


def test_unsupported_suffix(cli, tmp_path):
    path = write(tmp_path, "report.txt", "hello")
    assert_clean_error(cli("check", path), "report.txt", "不支持的报告文件类型")


@pytest.mark.parametrize("jobs", ["0", "-2", "two"])
def test_bad_jobs(cli, jobs):
    with pytest.raises(SystemExit) as exc:
        cli("check", JIANGMEN_YAML, "--jobs", jobs)
    assert exc.value.code == 2


@pytest.mark.parametrize("name", ["out.json", "out.jsonl"])
def test_unwritable_output(cli, tmp_path, name):
    target = tmp_path / "missing-dir" / name
    assert_clean_error(
        cli("check", JIANGMEN_YAML, "--format", "json", "-o", target),
        str(target),
        "无法写入输出文件",
    )
