"""Ruleset loading: extends, overrides, disabling, cycles, origins."""

from __future__ import annotations

from pathlib import Path

import pytest

import jxrules
from jxrules.errors import RulesetError
from tests.conftest import JIANGMEN_YAML

BASE = """\
id: t/base
title: base
version: "1"
applies_to: {kind: department_overall, fiscal_years: [2022]}
params: {max_score: 100, note: base}
rules:
  - id: score-in-range
    check: expression
    severity: error
    assert: "self_evaluation.score <= params.max_score"
    evidence: {score: self_evaluation.score}
    message: 自评分数 {score} 超出 {params.max_score}
  - id: always
    check: expression
    severity: info
    assert: "False"
    message: 总是触发
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_extends_overrides_params_severity_and_disables(tmp_path):
    write(tmp_path, "base.yaml", BASE)
    child = write(
        tmp_path,
        "child.yaml",
        """\
id: t/child
title: child
version: "2"
extends: base.yaml
applies_to: {kind: department_overall, fiscal_years: [2023]}
params: {max_score: 90}
overrides:
  - id: score-in-range
    severity: warning
  - id: always
    disabled: true
    reason: 2023 年起不再要求
rules:
  - id: new-rule
    check: expression
    severity: info
    assert: "True"
    message: 新规则
""",
    )
    rs = jxrules.load_ruleset(child)
    assert [r.id for r in rs.rules] == ["score-in-range", "new-rule"]
    assert rs.params == {"max_score": 90, "note": "base"}
    assert rs.rule("score-in-range").severity == "warning"
    assert rs.disabled == {"always": "2023 年起不再要求"}
    assert rs.fiscal_years == (2023,)
    assert str(rs.param_origins["max_score"]) == f"{child}:6:10"
    assert str(rs.param_origins["note"]).endswith("base.yaml:5:26")
    assert str(rs.rule("score-in-range").origin).endswith("base.yaml:7:5")
    assert str(rs.rule("score-in-range").field_origins["severity"]) == f"{child}:9:15"
    report = jxrules.load_report(JIANGMEN_YAML)
    findings = jxrules.check(report, rs).findings
    by_rule = {f.rule: f for f in findings}
    assert sorted(by_rule) == ["ruleset-year", "score-in-range"]  # 2022 report, 2023's rules
    assert by_rule["ruleset-year"].evidence["ruleset_years"] == "2023"
    finding = by_rule["score-in-range"]
    assert finding.message == "自评分数 98 超出 90" and finding.severity == "warning"


def test_disable_requires_reason(tmp_path):
    write(tmp_path, "base.yaml", BASE)
    child = write(
        tmp_path,
        "child.yaml",
        "id: c\ntitle: c\nversion: 1\nextends: base.yaml\napplies_to: {kind: department_overall}\n"
        "overrides:\n  - id: always\n    disabled: true\n",
    )
    with pytest.raises(RulesetError, match="必须写明 reason") as exc:
        jxrules.load_ruleset(child)
    assert str(exc.value).startswith(f"{child}:7:5")


def test_override_of_unknown_rule(tmp_path):
    write(tmp_path, "base.yaml", BASE)
    child = write(
        tmp_path,
        "child.yaml",
        "id: c\ntitle: c\nversion: 1\nextends: base.yaml\napplies_to: {kind: department_overall}\n"
        "overrides:\n  - id: allways\n    severity: error\n",
    )
    with pytest.raises(RulesetError, match="不存在的规则 “allways”") as exc:
        jxrules.load_ruleset(child)
    assert exc.value.position is not None and exc.value.position.line == 7


def test_extends_cycle_is_a_load_error(tmp_path):
    write(tmp_path, "a.yaml", BASE.replace("id: t/base", "id: a") + "extends: b.yaml\n")
    write(tmp_path, "b.yaml", BASE.replace("id: t/base", "id: b") + "extends: a.yaml\n")
    with pytest.raises(RulesetError, match="循环"):
        jxrules.load_ruleset(tmp_path / "a.yaml")


def test_extends_unknown_parent_points_at_extends(tmp_path):
    child = write(tmp_path, "c.yaml", BASE + "extends: nowhere.yaml\n")
    with pytest.raises(RulesetError, match=r"找不到规则集 “nowhere\.yaml”") as exc:
        jxrules.load_ruleset(child)
    assert exc.value.position is not None and exc.value.position.line == 18


def test_message_placeholder_param_must_exist(tmp_path):
    path = write(tmp_path, "p.yaml", BASE.replace("{params.max_score}", "{params.max_scor}"))
    with pytest.raises(RulesetError, match="未定义的参数") as exc:
        jxrules.load_ruleset(path)
    assert exc.value.position is not None and exc.value.position.line == 12


def test_bundled_ruleset_by_id():
    rs = jxrules.load_ruleset("dept-overall/2022")
    assert rs.kind == "department_overall" and 2022 in rs.fiscal_years
    assert "dept-overall/2022" in jxrules.bundled_rulesets()


def test_an_error_inside_a_rule_names_the_rule_and_its_path(tmp_path):
    """Not 「（文档顶层）」: the rule's id and where it is in the file."""
    path = tmp_path / "rs.yaml"
    path.write_text(
        "id: local/x\ntitle: x\nversion: '1'\n"
        "applies_to: {kind: department_overall, fiscal_years: [2022]}\n"
        "rules:\n"
        "  - {id: a, check: expression, severity: error, assert: 'True', message: m}\n"
        "  - id: b\n    check: target\n    severity: error\n    message: m\n    bogus: 1\n",
        encoding="utf-8",
    )
    with pytest.raises(jxrules.RulesetError) as caught:
        jxrules.load_ruleset(path)
    assert caught.value.message.startswith(
        "规则 b：rules[1] 中有未知的键 “bogus”（允许的键：id, check,"
    )
    assert caught.value.position is not None
    assert (caught.value.position.line, caught.value.position.column) == (11, 12)


def test_a_ruleset_of_2000_rules_loads_with_every_rule_located(tmp_path):
    """The documented maximum loads (positions are looked up per rule, not per document)."""
    head = (
        "id: local/big\ntitle: big\nversion: '1'\n"
        "applies_to: {kind: department_overall, fiscal_years: [2022]}\nrules:\n"
    )
    rule = "  - {{id: r{n}, check: expression, severity: error, assert: 'True', message: m}}\n"
    path = tmp_path / "big.yaml"
    path.write_text(head + "".join(rule.format(n=n) for n in range(2000)), encoding="utf-8")
    ruleset = jxrules.load_ruleset(path)
    assert len(ruleset.rules) == 2000
    assert (
        ruleset.rules[1999].origin.line == 2005
        and ruleset.rules[1999].position(("assert",)).column == 61
    )
