"""Which ``{placeholders}`` each check kind lets a message use: ``params.*`` always, an unknown
name never; and ``--explain`` fills an expression finding's explanation only when asked.

Written against the mutants mutmut found surviving in the ``allows_variable`` methods and in
``ExpressionKind._issue`` (docs/testing.md).
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

import jxrules
from jxrules.errors import RulesetError
from jxrules.rules.ruleset import Ruleset, load_ruleset
from tests.conftest import JIANGMEN_YAML

HEADER = """\
id: local/t
title: t
version: "1"
applies_to: {kind: department_overall, fiscal_years: [2022]}
params: {limit: 3}
rules:
"""
KINDS = {
    "target": "check: target",
    "crossref": "check: crossref\nstated: {field: a}\nagainst: {field: b}",
    "duplicate": "check: duplicate",
    "taxonomy": "check: taxonomy",
    "reconcile": "check: reconcile\ntable: income",
    "expression": "check: expression\nassert: 'True'",
    "expression for_each": "check: expression\nfor_each: indicators\nassert: 'True'",
}


def _load(tmp_path: Path, fields: str, message: str) -> Ruleset:
    rule = f"- id: x\n  severity: error\n  message: '{message}'\n" + textwrap.indent(fields, "  ")
    path = tmp_path / "r.yaml"
    path.write_text(HEADER + textwrap.indent(rule + "\n", "  "), encoding="utf-8")
    return load_ruleset(path)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_allows_params_and_refuses_an_unknown_name(tmp_path: Path, kind: str) -> None:
    assert [r.id for r in _load(tmp_path, KINDS[kind], "上限 {params.limit}").rules] == ["x"]
    with pytest.raises(RulesetError, match=r"占位符 {nope} 不存在"):
        _load(tmp_path, KINDS[kind], "{nope}")
    with pytest.raises(RulesetError, match=r"占位符 {paramsx\.limit} 不存在"):
        _load(tmp_path, KINDS[kind], "{paramsx.limit}")


def test_item_is_a_placeholder_only_for_an_expression_over_rows(tmp_path: Path) -> None:
    each = _load(tmp_path, KINDS["expression for_each"], "{item.name}")
    assert [r.id for r in each.rules] == ["x"]
    with pytest.raises(RulesetError, match=r"占位符 {item\.name} 不存在"):
        _load(tmp_path, KINDS["expression"], "{item.name}")


def test_an_expression_finding_is_explained_only_when_asked(tmp_path: Path) -> None:
    rules = _load(tmp_path, "check: expression\nassert: 'len(indicators) < params.limit'", "m")
    report = jxrules.load_report(JIANGMEN_YAML)
    [plain] = [f for f in jxrules.check(report, rules).findings if f.rule == "x"]
    assert dict(plain.explanation) == {}
    [explained] = [f for f in jxrules.check(report, rules, explain=True).findings if f.rule == "x"]
    assert dict(explained.explanation) == {
        "len(indicators) < params.limit": "否",
        "len(indicators)": "28",
        "params.limit": "3",
    }
