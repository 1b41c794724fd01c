"""Loading a rule keeps every documented key, and each load error names its rule and position.

Written against the mutants mutmut found surviving in ``jxrules.rules.ruleset`` (``_compile``,
``_compile_rule``, ``_check_template``) and ``jxrules.rules.templates`` (docs/testing.md).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import jxrules
from jxrules.errors import InputError, Position, RulesetError
from jxrules.rules.templates import TemplateError, placeholders

FULL = """\
id: local/full
title: 全部字段
version: "7"
description: 说明
applies_to: {kind: department_overall, fiscal_years: [2022, 2023]}
params: {limit: 3}
rules:
  - id: a
    check: expression
    severity: warning
    when: "True"
    assert: "len(indicators) < params.limit"
    message: 指标共 {params.limit} 个以上
    message_en: more than {params.limit} indicators
    title: 指标数
    description: 数一数
    rationale: 太多
    summarize: {table: indicators}
    for_each: indicators
"""


def test_a_rule_keeps_every_documented_key_and_its_positions(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(FULL, encoding="utf-8")
    ruleset = jxrules.load_ruleset(path)
    assert (ruleset.id, ruleset.title, ruleset.version, ruleset.description) == (
        "local/full",
        "全部字段",
        "7",
        "说明",
    )
    assert (ruleset.kind, ruleset.fiscal_years, dict(ruleset.params)) == (
        "department_overall",
        (2022, 2023),
        {"limit": 3},
    )
    assert (ruleset.source, ruleset.chain, ruleset.extends) == (str(path), (str(path),), None)
    [rule] = ruleset.rules
    assert (rule.id, rule.check, rule.severity, rule.message, rule.message_en) == (
        "a",
        "expression",
        "warning",
        "指标共 {params.limit} 个以上",
        "more than {params.limit} indicators",
    )
    assert (rule.title, rule.description, rule.rationale, rule.summarize) == (
        "指标数",
        "数一数",
        "太多",
        {"table": "indicators"},
    )
    assert rule.when is not None and rule.when.source == "True"
    assert rule.origin == Position(str(path), 8, 5)
    assert rule.position(("summarize", "table")) == Position(str(path), 18, 24)
    assert rule.position(("for_each",)) == Position(str(path), 19, 15)
    assert rule.position(("nope", "deeper")) == rule.origin


HEAD = 'id: local/t\ntitle: t\nversion: "1"\napplies_to: {kind: department_overall, fiscal_years: [2022]}\n'
ROWS = [
    (
        "params: {limits: {max_cells: -1}}\nrules: []\n",
        "r.yaml:5:10: params.limits：params.limits 中有未知的键 “max_cells”（允许：operations, seconds）",
    ),
    (
        "params: {limits: {nope: 1}}\nrules: []\n",
        "r.yaml:5:10: params.limits：params.limits 中有未知的键 “nope”（允许：operations, seconds）",
    ),
    (
        "rules:\n  - id: a\n    check: nosuch\n    severity: error\n    message: m\n",
        "r.yaml:7:12: 规则 a：rules[0].check 的值 “nosuch” 不在允许的取值中：crossref, duplicate, expression, narrative, reconcile, score, sections, target, taxonomy",
    ),
    (
        'rules:\n  - id: a\n    check: target\n    severity: error\n    message: m\n    message_en: "{nope}"\n',
        "r.yaml:10:17: 规则 a：消息中的占位符 {nope} 不存在（target 检查提供：actual, actual_clause, actual_unit, actual_value, column, comparator, direction, far_above_ratio, name, points, ratio, reason, row, score, table, target, target_clause, target_unit, target_value, unit，以及 params.*）",
    ),
    (
        'rules:\n  - id: a\n    check: target\n    severity: error\n    message: "{nope}"\n',
        "r.yaml:9:14: 规则 a：消息中的占位符 {nope} 不存在（target 检查提供：actual, actual_clause, actual_unit, actual_value, column, comparator, direction, far_above_ratio, name, points, ratio, reason, row, score, table, target, target_clause, target_unit, target_value, unit，以及 params.*）",
    ),
    (
        'rules:\n  - id: a\n    check: target\n    severity: error\n    message: "{name!r}"\n',
        "r.yaml:9:14: 规则 a：占位符 {name!r} 不是合法的名称（只允许 名称 或 名称.名称）",
    ),
    (
        'rules:\n  - id: a\n    check: target\n    severity: error\n    message: "{name:>3}"\n',
        "r.yaml:9:14: 规则 a：占位符 {name:>3} 不是合法的名称（只允许 名称 或 名称.名称）",
    ),
    (
        'rules:\n  - id: a\n    check: target\n    severity: error\n    message: "{params.x}"\n',
        "r.yaml:9:14: 规则 a：消息中的占位符 {params.x} 引用了未定义的参数",
    ),
]


@pytest.mark.parametrize(("body", "error"), ROWS)
def test_a_load_error_names_the_rule_and_its_position(
    tmp_path: Path, body: str, error: str
) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(HEAD + body, encoding="utf-8")
    with pytest.raises(RulesetError) as caught:
        jxrules.load_ruleset(path)
    assert str(caught.value) == f"{tmp_path}/{error}"


@pytest.mark.parametrize(
    ("template", "names"),
    [
        ("指标{name}未完成{params.x}", ["name", "params.x"]),
        ("{{字面}}{ name }", ["name"]),
        ("{a.b.c}", ["a.b.c"]),
        ("没有占位符", []),
    ],
)
def test_a_template_names_its_placeholders(template: str, names: list[str]) -> None:
    assert placeholders(template) == names


@pytest.mark.parametrize(
    ("template", "error"),
    [
        ("a { b", "模板中有不成对的花括号（第 3 个字符）；字面花括号请写作 {{ 或 }}"),
        ("ab } c", "模板中有不成对的花括号（第 4 个字符）；字面花括号请写作 {{ 或 }}"),
        ("{}", "占位符 {} 不是合法的名称（只允许 名称 或 名称.名称）"),
        ("{1a}", "占位符 {1a} 不是合法的名称（只允许 名称 或 名称.名称）"),
        ("{a-b}", "占位符 {a-b} 不是合法的名称（只允许 名称 或 名称.名称）"),
    ],
)
def test_a_malformed_template_is_refused_with_where_and_why(template: str, error: str) -> None:
    with pytest.raises(TemplateError) as caught:
        placeholders(template)
    assert str(caught.value) == error


def test_a_malformed_message_is_a_load_error_at_the_message(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    body = "rules:\n  - id: a\n    check: target\n    severity: error\n    message: 'a { b'\n"
    path.write_text(HEAD + body, encoding="utf-8")
    with pytest.raises(RulesetError) as caught:
        jxrules.load_ruleset(path)
    assert str(caught.value) == (
        f"{path}:9:14: 规则 a：模板中有不成对的花括号（第 3 个字符）；字面花括号请写作 {{{{ 或 }}}}"
    )


def test_load_ruleset_refuses_a_reference_that_is_no_path() -> None:
    with pytest.raises(InputError) as caught:
        jxrules.load_ruleset(5)  # type: ignore[arg-type]
    assert caught.value.message == (
        "load_ruleset() 的 ref 应为规则集文件路径、内置规则集编号或 YAML 文本（str、Path 或 bytes），实际是 int: 5"
    )
