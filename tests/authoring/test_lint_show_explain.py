"""lint, show, docs and --explain: each problem found with its file:line and message."""

from __future__ import annotations

import json
from pathlib import Path

from jxrules.authoring.lint import lint
from tests.conftest import JIANGMEN_YAML

HEAD = """\
id: t/lint
title: t
version: "1"
applies_to: {kind: department_overall, fiscal_years: [2022]}
params: {max_score: 100, unused_threshold: 5}
rules:
"""
RULE = """\
  - id: {id}
    check: expression
    severity: error
    assert: "{expr}"
    message: m
"""


def ruleset(tmp_path: Path, *exprs: str, tests: str | None = None) -> Path:
    text = HEAD + "".join(RULE.format(id=f"r{i}", expr=e) for i, e in enumerate(exprs))
    path = tmp_path / "rs.yaml"
    path.write_text(text, encoding="utf-8")
    if tests is not None:
        (tmp_path / "rs.tests.yaml").write_text(tests, encoding="utf-8")
    return path


def by_code(issues, code):
    return [i for i in issues if i.code == code]


def test_unknown_top_level_name_with_suggestion(tmp_path):
    path = ruleset(tmp_path, "self_evalution.score <= params.max_score")
    (issue,) = by_code(lint(path), "unknown-name")
    assert issue.severity == "error"
    assert str(issue.position) == f"{path}:10:13"
    assert "未知的名称 “self_evalution”；是不是 “self_evaluation”" in issue.message


def test_unknown_nested_key_and_list_misuse(tmp_path):
    path = ruleset(tmp_path, "budget.income.totl.final_accounts > 0", "indicators.name == 'x'")
    issues = by_code(lint(path), "unknown-name")
    assert [i.position.line for i in issues] == [10, 15]
    assert "“budget.income” 没有 “totl”；是不是 “total”" in issues[0].message
    assert "“indicators” 是列表，不能取 “name”" in issues[1].message


def test_comprehension_variables_follow_the_list_shape(tmp_path):
    path = ruleset(
        tmp_path,
        "all(i.scor != None for i in indicators)",
        "all(i.score == None for i in indicators)",
    )
    issues = by_code(lint(path), "unknown-name")
    assert len(issues) == 1 and "“i” 没有 “scor”；是不是 “score”" in issues[0].message


def test_unknown_function_is_a_load_error_with_suggestion(tmp_path):
    path = ruleset(tmp_path, "summ([1]) > 0")
    (issue,) = by_code(lint(path), "load")
    assert (issue.code, issue.position.line) == ("load", 10)
    assert "未知的函数 “summ”；是不是 “sum”" in issue.message


def test_unknown_param(tmp_path):
    path = ruleset(tmp_path, "sum([1]) > params.max_scor")
    messages = [i.message for i in by_code(lint(path), "unknown-name")]
    assert any("“params” 没有 “max_scor”；是不是 “max_score”" in m for m in messages)


def test_unused_param(tmp_path):
    path = ruleset(tmp_path, "self_evaluation.score <= params.max_score")
    (issue,) = by_code(lint(path), "unused-param")
    assert issue.severity == "warning" and "unused_threshold" in issue.message
    assert str(issue.position) == f"{path}:5:26"


def test_rules_without_tests(tmp_path):
    path = ruleset(tmp_path, "True")
    assert [i.message for i in by_code(lint(path), "no-tests")] == ["没有测试文件 rs.tests.yaml"]
    tests = f"base: {JIANGMEN_YAML}\ncases:\n  - name: quiet\n    absent: [r0]\n"
    path = ruleset(tmp_path, "True", tests=tests)
    (issue,) = by_code(lint(path), "untested")
    assert issue.message == "规则 r0 没有使其触发的测试用例" and issue.position.line == 7


def test_load_error_is_reported_as_lint_error(tmp_path):
    path = ruleset(tmp_path, "(")
    (issue,) = by_code(lint(path), "load")
    assert issue.code == "load" and issue.position.line == 10 and "表达式语法错误" in issue.message


def test_lint_cli_exit_codes(cli, tmp_path):
    bad = ruleset(tmp_path, "self_evalution.score > 1")
    result = cli("lint", bad)
    assert result.code == 1 and f"{bad}:10:13: error: unknown-name" in result.out
    assert cli("lint", "dept-overall/2022").code == 0


def test_show_names_the_origin_of_overrides(cli, tmp_path):
    (tmp_path / "base.yaml").write_text(HEAD + RULE.format(id="a", expr="True"), encoding="utf-8")
    child = tmp_path / "child.yaml"
    child.write_text(
        "id: c\ntitle: c\nversion: 2\nextends: base.yaml\napplies_to: {kind: department_overall}\n"
        "params: {max_score: 90}\noverrides:\n  - id: a\n    severity: info\n",
        encoding="utf-8",
    )
    out = cli("show", child).out
    assert f"max_score = 90    # {child}:6:10" in out
    assert f"a  [expression, info]    # {tmp_path / 'base.yaml'}:7:5" in out
    assert f'severity = "info"    # 覆盖于 {child}:9:15' in out


def test_docs_catalogue_has_rules_params_and_examples(cli, tmp_path):
    assert cli("docs", "dept-overall/2022", "-o", tmp_path).code == 0
    page = (tmp_path / "dept-overall-2022.md").read_text(encoding="utf-8")
    assert "### `grade-matches-score`" in page
    assert "| `grade_bands` |" in page
    assert "> 自评分数 98 分对应的绩效等级应为“优”，报告为“良”" in page
    assert "dept-overall-2022.md" in (tmp_path / "README.md").read_text(encoding="utf-8")


def test_explain_shows_sub_expression_values(cli, tmp_path):
    report = tmp_path / "r.yaml"
    report.write_text(
        JIANGMEN_YAML.read_text(encoding="utf-8").replace("grade: 优", "grade: 良"),
        encoding="utf-8",
    )
    doc = json.loads(cli("check", report, "--format", "json", "--explain").out)
    finding = next(f for f in doc["reports"][0]["findings"] if f["rule"] == "grade-matches-score")
    assert finding["explain"] == {
        "self_evaluation.grade == band(self_evaluation.score, params.grade_bands)": "否",
        "self_evaluation.grade": "良",
        "band(self_evaluation.score, params.grade_bands)": "优",
        "self_evaluation.score": "98",
    }
    plain = json.loads(cli("check", report, "--format", "json").out)
    assert all("explain" not in f for f in plain["reports"][0]["findings"])


def test_lint_lists_every_problem_of_a_ruleset_in_one_run(tmp_path, cli):
    """A duplicate id, a misspelt name and an unused param: three located problems, sorted."""
    path = tmp_path / "three.yaml"
    path.write_text(
        "id: local/three\ntitle: t\nversion: '1'\n"
        "applies_to: {kind: department_overall, fiscal_years: [2022]}\n"
        "params: {max_score: 100, unused_threshold: 5}\n"
        "rules:\n"
        "  - id: a\n    check: expression\n    severity: error\n"
        "    assert: '0 <= self_evaluation.scor <= params.max_score'\n    message: m\n"
        "  - id: a\n    check: expression\n    severity: error\n    assert: 'True'\n    message: m\n",
        encoding="utf-8",
    )
    result = cli("lint", path)
    assert result.code == 1
    lines = [
        line
        for line in result.out.splitlines()
        if "no-tests" not in line and "no-english" not in line
    ]
    assert [line.split(": ")[0] + ": " + line.split(": ")[2] for line in lines] == [
        f"{path}:5:26: unused-param",
        f"{path}:10:13: unknown-name",
        f"{path}:12:5: load",
    ]
    assert "规则编号 “a” 重复" in lines[2] and "是不是 “score”" in lines[1]


def test_a_rule_without_english_is_an_info_at_the_rule(tmp_path, cli):
    """No title_en/message_en: --lang en would name it by id and word it in Chinese."""
    path = tmp_path / "en.yaml"
    path.write_text(
        HEAD
        + RULE.format(id="bare", expr="True")
        + RULE.format(id="titled", expr="True").replace(
            "    message: m\n", "    message: m\n    title_en: T\n"
        )
        + RULE.format(id="english", expr="True")
        + "    title_en: A title\n    message_en: A message\n",
        encoding="utf-8",
    )
    issues = by_code(lint(path), "no-english")
    assert [(str(i.position), i.severity, i.message) for i in issues] == [
        (f"{path}:7:5", "info", "规则 bare 缺少英文：title_en、message_en（--lang en 的输出以编号代替标题、以中文写出发现）"),
        (f"{path}:12:5", "info", "规则 titled 缺少英文：message_en（--lang en 的输出以中文写出发现）"),
    ]  # fmt: skip
    result = cli("lint", path)
    assert result.code == 0  # info does not fail the lint
    assert f"{path}:7:5: info: no-english: 规则 bare 缺少英文" in result.out


def test_an_override_that_rewrites_only_the_chinese_message_is_an_info(tmp_path):
    child = tmp_path / "child.yaml"
    child.write_text(
        "id: c\ntitle: c\nversion: 2\nextends: dept-overall/2022\n"
        "applies_to: {kind: department_overall}\noverrides:\n"
        "  - id: score-in-range\n    message: 分数 {score} 超出范围\n"
        "  - id: grade-matches-score\n    message: 等级应为 {expected}\n    message_en: Grade {expected}\n",
        encoding="utf-8",
    )
    (issue,) = by_code(lint(child), "no-english")  # inherited rules are their own file's matter
    assert str(issue.position) == f"{child}:8:14"
    assert (
        issue.message
        == "规则 score-in-range 的 message 在此改写而 message_en 没有：--lang en 的输出仍是原来的英文"
    )


def test_the_bundled_rulesets_have_english_for_every_rule():
    for ref in ("dept-overall/2022", "dept-overall/2023", "project/2022"):
        assert by_code(lint(ref), "no-english") == [], ref
