"""An override changes exactly the fields it names, and each changed field remembers the child's
line: ``id``, ``reason`` and ``disabled`` are never copied into the rule.

Written against the mutants mutmut found surviving in ``jxrules.rules.ruleset._override``
(docs/testing.md).
"""

from __future__ import annotations

from pathlib import Path

import jxrules

PARENT = """\
id: local/p
title: p
version: "1"
applies_to: {kind: department_overall, fiscal_years: [2022]}
rules:
  - id: a
    check: reconcile
    severity: error
    table: income
    message: m
  - id: b
    check: target
    severity: error
    message: m
"""
CHILD = """\
id: local/c
title: c
version: "1"
extends: parent.yaml
applies_to: {kind: department_overall, fiscal_years: [2023]}
overrides:
  - id: a
    severity: warning
    reason: 容差
    set: {tolerance: "0.01"}
  - id: b
    disabled: true
    reason: 不再检查
"""


def test_an_override_changes_only_what_it_names_and_points_at_the_child(tmp_path: Path) -> None:
    (tmp_path / "parent.yaml").write_text(PARENT, encoding="utf-8")
    (tmp_path / "child.yaml").write_text(CHILD, encoding="utf-8")
    ruleset = jxrules.load_ruleset(tmp_path / "child.yaml")
    [rule] = ruleset.rules
    assert (rule.id, rule.severity) == ("a", "warning")
    assert dict(rule.fields) == {
        "id": "a",
        "check": "reconcile",
        "severity": "warning",
        "table": "income",
        "message": "m",
        "tolerance": "0.01",
    }
    parent, child = tmp_path / "parent.yaml", tmp_path / "child.yaml"
    assert {k: str(v) for k, v in rule.field_origins.items()} == {
        "id": f"{parent}:6:9",
        "check": f"{parent}:7:12",
        "severity": f"{child}:8:15",
        "table": f"{parent}:9:12",
        "message": f"{parent}:10:14",
        "tolerance": f"{child}:10:22",
    }
    assert dict(ruleset.disabled) == {"b": "不再检查"}
