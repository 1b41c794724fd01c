"""The shape of a ruleset file (``ruleset_shape``) and of one rule (``rule_schema``), pinned
through what a rule author sees: the sentence and the position of the error a ruleset breaking
one constraint gets at load, the value a ruleset just inside a bound loads as, and what the
published schema (``jxrules schema ruleset``) accepts.

Written against the surviving mutants of ``jxrules.rules.schema.ruleset_shape`` and
``rule_schema`` (docs/testing.md, *Mutation testing*): only tests outside tests/rules loaded
rulesets that break these constraints.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

import jxrules
from jxrules.checks import registry
from jxrules.errors import Position, RulesetError
from jxrules.rules.schema import rule_schema, ruleset_schema

HEAD = 'id: local/t\ntitle: t\nversion: "1"\n'
APPLIES = "applies_to: {kind: department_overall, fiscal_years: [2022]}\n"


def rule(*lines: str) -> str:
    """A ruleset with one rule written as ``lines`` (its first line after ``- ``)."""
    return HEAD + APPLIES + "rules:\n  - " + "\n    ".join(lines) + "\n"


GOOD_RULE = ("id: r1", "check: expression", "severity: info", "assert: 'True'")

#: (what is wrong, the ruleset text, the error's sentence, its line and column)
REJECTED: list[tuple[str, str, str, int, int]] = [
    (
        "an unknown top-level key",
        HEAD + APPLIES + "rule: []\n",
        "（文档顶层） 中有未知的键 “rule”；是不是 “rules”？（允许的键：id, title, title_en, "
        "version, description, extends, applies_to, params, rules, overrides）",
        5,
        1,
    ),
    (
        "no title",
        'id: local/t\nversion: "1"\n' + APPLIES,
        "（文档顶层） 缺少必需的键 “title”",
        1,
        1,
    ),
    (
        "an id that is a number",
        'id: 5\ntitle: t\nversion: "1"\n' + APPLIES,
        "id 的类型应为 string，实际是 “5”",
        1,
        5,
    ),
    (
        "an id starting with a dash",
        'id: -x\ntitle: t\nversion: "1"\n' + APPLIES,
        r"id 的值 “-x” 格式不对（应匹配 ^[A-Za-z0-9][A-Za-z0-9_.\-/]*$）",
        1,
        5,
    ),
    (
        "a title that is a number",
        'id: local/t\ntitle: 5\nversion: "1"\n' + APPLIES,
        "title 的类型应为 string，实际是 “5”",
        2,
        8,
    ),
    (
        "an English title that is a number",
        HEAD + "title_en: 5\n" + APPLIES,
        "title_en 的类型应为 string，实际是 “5”",
        4,
        11,
    ),
    (
        "an empty English title",
        HEAD + "title_en: ''\n" + APPLIES,
        "title_en：'' should be non-empty",
        4,
        11,
    ),
    (
        "a version that is a list",
        "id: local/t\ntitle: t\nversion: [1]\n" + APPLIES,
        "version 的类型应为 ['string', 'integer']，实际是 “[1]”",
        3,
        10,
    ),
    (
        "a description that is a number",
        HEAD + "description: 5\n" + APPLIES,
        "description 的类型应为 string，实际是 “5”",
        4,
        14,
    ),
    (
        "an extends that is a number",
        HEAD + "extends: 5\n" + APPLIES,
        "extends 的类型应为 string，实际是 “5”",
        4,
        10,
    ),
    (
        "an empty extends",
        HEAD + "extends: ''\n" + APPLIES,
        "extends：'' should be non-empty",
        4,
        10,
    ),
    (
        "applies_to that is a string",
        HEAD + "applies_to: project\n",
        "applies_to 的类型应为 object，实际是 “project”",
        4,
        13,
    ),
    (
        "an unknown key in applies_to",
        HEAD + "applies_to: {kind: project, year: 2022}\n",
        "applies_to 中有未知的键 “year”（允许的键：kind, fiscal_years）",
        4,
        29,
    ),
    (
        "applies_to without a kind",
        HEAD + "applies_to: {fiscal_years: [2022]}\n",
        "applies_to 缺少必需的键 “kind”",
        4,
        13,
    ),
    (
        "fiscal years that are one number",
        HEAD + "applies_to: {kind: project, fiscal_years: 2022}\n",
        "applies_to.fiscal_years 的类型应为 array，实际是 “2022”",
        4,
        43,
    ),
    (
        "a fiscal year that is a string",
        HEAD + "applies_to: {kind: project, fiscal_years: ['2022']}\n",
        "applies_to.fiscal_years[0] 的类型应为 integer，实际是 “2022”",
        4,
        44,
    ),
    (
        "a fiscal year before 1990",
        HEAD + "applies_to: {kind: project, fiscal_years: [1989]}\n",
        "applies_to.fiscal_years[0]：1989 is less than the minimum of 1990",
        4,
        44,
    ),
    (
        "a fiscal year after 2100",
        HEAD + "applies_to: {kind: project, fiscal_years: [2101]}\n",
        "applies_to.fiscal_years[0]：2101 is greater than the maximum of 2100",
        4,
        44,
    ),
    (
        "an empty list of fiscal years",
        HEAD + "applies_to: {kind: project, fiscal_years: []}\n",
        "applies_to.fiscal_years：[] should be non-empty",
        4,
        43,
    ),
    (
        "params that are a list",
        HEAD + APPLIES + "params: [1]\n",
        "params 的类型应为 object，实际是 “[1]”",
        5,
        9,
    ),
    (
        "rules that are a mapping",
        HEAD + APPLIES + "rules: {id: r1}\n",
        "rules 的类型应为 array，实际是 “{'id': 'r1'}”",
        5,
        8,
    ),
    (
        "a rule that is a string",
        HEAD + APPLIES + "rules: [r1]\n",
        "rules[0] 的类型应为 object，实际是 “r1”",
        5,
        9,
    ),
    (
        "a rule without an id",
        rule("check: expression", "severity: info"),
        "rules[0] 缺少必需的键 “id”",
        6,
        5,
    ),
    (
        "a rule id that is a number",
        rule("id: 5", *GOOD_RULE[1:], "message: m"),
        "rules[0].id 的类型应为 string，实际是 “5”",
        6,
        9,
    ),
    (
        "an unknown severity",
        rule("id: r1", "check: expression", "severity: fatal", "assert: 'True'", "message: m"),
        "rules[0].severity 的值 “fatal” 不在允许的取值中：error, warning, info",
        8,
        15,
    ),
    (
        "an empty message",
        rule(*GOOD_RULE, "message: ''"),
        "rules[0].message：'' should be non-empty",
        10,
        14,
    ),
    (
        "a check that is a number",
        rule("id: r1", "check: 5", "severity: info", "assert: 'True'", "message: m"),
        "rules[0].check 的类型应为 string，实际是 “5”",
        7,
        12,
    ),
    (
        "a rule without a severity",
        rule("id: r1", "check: expression", "assert: 'True'", "message: m"),
        "规则 r1：rules[0] 缺少必需的键 “severity”",
        6,
        5,
    ),
    (
        "a misspelt key in a rule",
        rule(*GOOD_RULE, "mesage: m"),
        "规则 r1：rules[0] 中有未知的键 “mesage”；是不是 “message”？（允许的键：id, check, "
        "severity, message, message_en, when, title, title_en, description, rationale, "
        "summarize, assert, for_each, where, evidence, location）",
        10,
        13,
    ),
    (
        "overrides that are a mapping",
        HEAD + APPLIES + "overrides: {id: r1}\n",
        "overrides 的类型应为 array，实际是 “{'id': 'r1'}”",
        5,
        12,
    ),
    (
        "an override that is a string",
        HEAD + APPLIES + "overrides: [r1]\n",
        "overrides[0] 的类型应为 object，实际是 “r1”",
        5,
        13,
    ),
    (
        "a misspelt key in an override",
        HEAD + APPLIES + "overrides:\n  - id: r1\n    severty: warning\n",
        "overrides[0] 中有未知的键 “severty”；是不是 “severity”？（允许的键：id, severity, "
        "message, message_en, when, disabled, reason, set）",
        7,
        5,
    ),
    (
        "an override without an id",
        HEAD + APPLIES + "overrides:\n  - severity: warning\n",
        "overrides[0] 缺少必需的键 “id”",
        6,
        5,
    ),
]


@pytest.mark.parametrize(
    ("text", "message", "line", "column"),
    [case[1:] for case in REJECTED],
    ids=[case[0] for case in REJECTED],
)
def test_a_ruleset_breaking_its_shape_is_refused_at_the_key_at_fault(
    text: str, message: str, line: int, column: int
) -> None:
    with pytest.raises(RulesetError) as caught:
        jxrules.load_ruleset(text)
    assert caught.value.message == message
    assert caught.value.position == Position("<ruleset>", line, column)


#: (what is just inside a bound, the ruleset text, (id, version, fiscal years, English title))
ACCEPTED: list[tuple[str, str, tuple[str, str, tuple[int, ...], str | None]]] = [
    (
        "capitals, digits, dots, dashes and underscores in an id",
        'id: Local/T.2_x-y\ntitle: t\nversion: "1"\n' + APPLIES,
        ("Local/T.2_x-y", "1", (2022,), None),
    ),
    (
        "a version that is a whole number",
        "id: local/t\ntitle: t\nversion: 3\n" + APPLIES,
        ("local/t", "3", (2022,), None),
    ),
    (
        "the first and the last fiscal year allowed",
        HEAD + "applies_to: {kind: department_overall, fiscal_years: [1990, 2100]}\n",
        ("local/t", "1", (1990, 2100), None),
    ),
    (
        "an English title of one letter",
        HEAD + "title_en: T\n" + APPLIES,
        ("local/t", "1", (2022,), "T"),
    ),
]


@pytest.mark.parametrize(
    ("text", "loaded"),
    [case[1:] for case in ACCEPTED],
    ids=[case[0] for case in ACCEPTED],
)
def test_a_ruleset_just_inside_its_shape_loads(
    text: str, loaded: tuple[str, str, tuple[int, ...], str | None]
) -> None:
    ruleset = jxrules.load_ruleset(text)
    assert (ruleset.id, ruleset.version, ruleset.fiscal_years, ruleset.title_en) == loaded


def test_a_ruleset_may_extend_a_file_with_a_one_letter_name(tmp_path: Path) -> None:
    (tmp_path / "b").write_text('id: local/b\ntitle: b\nversion: "1"\n' + APPLIES, encoding="utf-8")
    child = tmp_path / "child.yaml"
    child.write_text(HEAD + "extends: b\n" + APPLIES, encoding="utf-8")
    ruleset = jxrules.load_ruleset(child)
    assert (ruleset.id, ruleset.extends, ruleset.chain) == (
        "local/t",
        "b",
        (str(tmp_path / "b"), str(child)),
    )


def test_the_published_ruleset_schema_is_draft_2020_12_and_wants_a_mapping() -> None:
    schema = ruleset_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    validator = Draft202012Validator(schema)
    assert [e.message for e in validator.iter_errors(["id", "title"])] == [
        "['id', 'title'] is not of type 'object'"
    ]


EXPRESSION_RULE: dict[str, Any] = {
    "id": "r1",
    "check": "expression",
    "severity": "info",
    "message": "m",
    "assert": "True",
}


@pytest.mark.parametrize(
    ("instance", "errors"),
    [
        (EXPRESSION_RULE, []),
        ({**EXPRESSION_RULE, "check": "target"}, ["'expression' was expected"]),
        ([EXPRESSION_RULE], [f"{[EXPRESSION_RULE]!r} is not of type 'object'"]),
    ],
    ids=["a rule of the kind", "a rule naming another kind", "a list holding the rule"],
)
def test_the_schema_of_one_rule_accepts_only_a_rule_of_its_kind(
    instance: Any, errors: list[str]
) -> None:
    validator = Draft202012Validator(rule_schema(registry()["expression"]))
    assert [e.message for e in validator.iter_errors(instance)] == errors
