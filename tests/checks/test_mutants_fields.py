"""A bad field of a check kind is refused at load with its message *and* its exact position.

Written against the mutants mutmut found surviving in the ``compile`` methods of
``jxrules.checks`` (docs/testing.md): the tests matched a word of the message, so a
wrong key (which moves the position to the rule) or a garbled list went unnoticed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from jxrules.errors import RulesetError
from jxrules.rules.ruleset import Ruleset
from tests.checks.test_duplicate_reconcile_taxonomy_fields import ruleset

ROWS = [
    (
        "check: reconcile\ntable: income\ncolumns: [initial_budget, score]",
        "r.yaml:11:31: 规则 x：表 income 没有列 “score”（可用：initial_budget, adjusted_budget, final_accounts, executed）",
    ),
    (
        "check: reconcile\ntable: income\ninclude_funds_score: true",
        "r.yaml:11:26: 规则 x：include_funds_score 只适用于 table: indicators",
    ),
    (
        "check: reconcile\ntable: income\ntolerance: abc",
        "r.yaml:11:16: 规则 x：“abc” 不是数字 (not a number)",
    ),
    (
        "check: reconcile\ntable: income\ntolerance: -0.01",
        "r.yaml:11:16: 规则 x：tolerance 不能为负数：-0.01",
    ),
    (
        "check: reconcile\ntable: indicators\ncolumns: [initial_budget]",
        "r.yaml:11:15: 规则 x：表 indicators 没有列 “initial_budget”（可用：points, score）",
    ),
    (
        "check: duplicate\nsame_figures: true\nfind: near",
        "r.yaml:10:19: 规则 x：find: near 总是比较目标值与实际值，不能设置 same_figures",
    ),
    (
        "check: duplicate\nsimilarity: 0.8",
        "r.yaml:10:17: 规则 x：similarity 只能与 find: near 一起使用",
    ),
    (
        "check: duplicate\nfind: near\nsimilarity: 1.5",
        "r.yaml:11:17: 规则 x：similarity 应在 (0, 1] 之间，实际是 1.5",
    ),
    (
        "check: duplicate\nfind: near\nsimilarity: 0",
        "r.yaml:11:17: 规则 x：similarity 应在 (0, 1] 之间，实际是 0",
    ),
    (
        "check: duplicate\nfind: near\nsimilarity: abc",
        "r.yaml:11:17: 规则 x：“abc” 不是数字 (not a number)",
    ),
    (
        "check: taxonomy\nrequired: [效益指标]",
        "r.yaml:10:15: 规则 x：required 只能与 find: missing 一起使用",
    ),
    (
        "check: taxonomy\nfind: missing\nsuggestions: {效果指标: 效益指标}",
        "r.yaml:11:18: 规则 x：suggestions 只能与 find: nonstandard 一起使用",
    ),
    (
        "check: taxonomy\nfind: missing\nrequired: [效益指标, '、']",
        "r.yaml:11:22: 规则 x：“、” 去掉空白和标点后为空",
    ),
    ("check: target\nfar_above_ratio: 0", "r.yaml:10:22: 规则 x：far_above_ratio 必须是正数"),
    (
        "check: target\nfar_above_ratio: abc",
        "r.yaml:10:22: 规则 x：far_above_ratio：“abc” 不是数字 (not a number)",
    ),
    (
        "check: expression\nassert: 'True'\nwhere: 'True'",
        "r.yaml:11:12: 规则 x：“where” 只能与 “for_each” 一起使用",
    ),
    (
        "check: crossref\nstated: {field: a}\nagainst: {field: b}\ntolerance: -1",
        "r.yaml:12:16: 规则 x：tolerance 必须是非负数",
    ),
    (
        "check: crossref\nstated: {field: a}\nagainst: {field: b}\ntolerance: abc",
        "r.yaml:12:16: 规则 x：tolerance：“abc” 不是数字 (not a number)",
    ),
    ("check: crossref\nstated: {field: a}", "r.yaml:6:5: 规则 x：缺少 against"),
    ("check: crossref\nagainst: {field: a}", "r.yaml:6:5: 规则 x：缺少 stated"),
    (
        "check: crossref\nstated: {field: a, indicator: b}\nagainst: {field: c}",
        "r.yaml:10:13: 规则 x：须且只须给出 pattern、field、expression、indicator 之一",
    ),
    (
        "check: crossref\nstated: {field: a}\nagainst: {unit: 万元}",
        "r.yaml:11:14: 规则 x：须且只须给出 pattern、field、expression、indicator 之一",
    ),
    (
        "check: crossref\nstated: {pattern: '年初预算(\\d+)'}\nagainst: {field: c}",
        "r.yaml:10:23: 规则 x：正则表达式须有命名分组 (?P<value>...)",
    ),
    (
        "check: crossref\nstated: {pattern: '(a+)+b(?P<value>x)'}\nagainst: {field: c}",
        "r.yaml:10:23: 规则 x：正则表达式 '(a+)+b(?P<value>x)'：重复的分组内还有重复（如 (\\d+)+），可能指数级回溯；请改写，例如去掉外层重复",
    ),
    (
        "check: crossref\nstated: {field: a}\nagainst: {field: b}\npairs: [{stated: {field: a}, against: {field: b}}]",
        "r.yaml:12:12: 规则 x：请写 stated 和 against，或写 pairs（二者选一）",
    ),
    (
        "check: crossref\npairs: [{stated: {field: a}, against: {field: b}}, {stated: {field: a}}]",
        "r.yaml:10:56: 规则 x：rules[0].pairs[1] 缺少必需的键 “against”",
    ),
    (
        "check: crossref\npairs: [{stated: {field: a}, against: {pattern: 'x'}}]",
        "r.yaml:10:53: 规则 x：正则表达式须有命名分组 (?P<value>...)",
    ),
    (
        "check: crossref\nstated: {field: a}\nagainst: {expression: 'a +'}",
        "r.yaml:11:27: 规则 x：表达式语法错误：invalid syntax：'a +'",
    ),
    (
        "check: crossref\nstated: {field: a, unit_from: 'b +'}\nagainst: {field: c}",
        "r.yaml:10:35: 规则 x：表达式语法错误：invalid syntax：'b +'",
    ),
    (
        "check: target\nvocabulary: {ignore_patterns: ['ok', '(a+)+b']}",
        "r.yaml:10:42: 规则 x：正则表达式 '(a+)+b'：重复的分组内还有重复（如 (\\d+)+），可能指数级回溯；请改写，例如去掉外层重复",
    ),
    (
        "check: target\nvocabulary: {placeholders: ['(x*)*y']}",
        "r.yaml:10:33: 规则 x：正则表达式 '(x*)*y'：重复的分组内还有重复（如 (\\d+)+），可能指数级回溯；请改写，例如去掉外层重复",
    ),
    (
        "check: target\nvocabulary: {multipliers: {兆: 0}}",
        "r.yaml:10:17: 规则 x：vocabulary：数量词表无效 (invalid vocabulary): multipliers 必须是正数",
    ),
    (
        "check: crossref\nstated: {field: a}\nagainst: {field: b}\nvocabulary: {units: 5}",
        "r.yaml:12:25: 规则 x：rules[0].vocabulary.units 的类型应为 array，实际是 “5”",
    ),
]


def _load(tmp_path: Path, fields: str) -> Ruleset:
    body = "- id: x\n  severity: error\n  message: m\n"
    return ruleset(tmp_path, body + "".join(f"  {line}\n" for line in fields.splitlines()))


@pytest.mark.parametrize(("fields", "error"), ROWS)
def test_a_bad_field_is_refused_at_its_position(tmp_path: Path, fields: str, error: str) -> None:
    with pytest.raises(RulesetError) as caught:
        _load(tmp_path, fields)
    assert str(caught.value) == f"{tmp_path}/{error}"


@pytest.mark.parametrize(
    "fields",
    [
        "check: reconcile\ntable: income\ntolerance: 0",
        "check: reconcile\ntable: indicators\ninclude_funds_score: true\ncolumns: [points, score]",
        "check: crossref\nstated: {field: a}\nagainst: {field: b}\ntolerance: 0",
        "check: duplicate\nfind: near\nsimilarity: 1",
        "check: target\nfar_above_ratio: 0.5",
    ],
)
def test_the_bounds_of_a_field_are_accepted(tmp_path: Path, fields: str) -> None:
    assert [rule.id for rule in _load(tmp_path, fields).rules] == ["x"]
