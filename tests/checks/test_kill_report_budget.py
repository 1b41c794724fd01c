"""The operation budget of expressions over the whole report grows with the report's rows
(``Limits.scaled``), for every kind that evaluates one: an ``expression`` rule's ``assert``,
``evidence`` and ``--explain``, a ``crossref`` side, a ``when`` guard; a per-row evaluation
(``item``) gets the ruleset's budget only.

Jiangmen has 28 indicators and 41 rows in all: with ``params.limits.operations: 60`` a count
over the indicators (227 operations) fits only in a budget raised for those rows
(60 + 41 × 50).

Written against the mutants mutmut found surviving in ``jxrules.checks.expression``,
``crossref`` and ``base`` (docs/testing.md).
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import jxrules
from jxrules.checks import Context, kind_named
from jxrules.checks.expression import explain_expression
from jxrules.findings import Finding, Result
from jxrules.sandbox import compile_expression
from tests.checks.test_target_and_crossref_fields import JIANGMEN

COUNT = "len([i for i in indicators if i.name != ''])"
HEADER = """\
id: local/t
title: t
version: "1"
applies_to: {{kind: department_overall, fiscal_years: [2022]}}
params: {{limits: {{operations: {operations}}}}}
rules:
"""


def _check(tmp_path: Path, rules: str, operations: int = 60, *, explain: bool = False) -> Result:
    path = tmp_path / "r.yaml"
    text = HEADER.format(operations=operations) + textwrap.indent(rules, "  ")
    path.write_text(text, encoding="utf-8")
    report = jxrules.load_report(JIANGMEN)
    return jxrules.check(report, jxrules.load_ruleset(path), explain=explain)


def _summary(findings: tuple[Finding, ...]) -> list[tuple[str, str, str]]:
    return [(f.rule, f.check, f.message) for f in findings]


EXPRESSION = f"""\
- id: e
  check: expression
  severity: error
  assert: "{COUNT} == 0"
  evidence: {{n: "{COUNT}"}}
  message: '{{n}} 项'
"""


def test_an_assert_and_its_evidence_over_the_report_get_the_rows_budget(tmp_path: Path) -> None:
    found = _check(tmp_path, EXPRESSION).findings
    assert _summary(found) == [("e", "expression", "28 项")]
    assert dict(found[0].evidence) == {"n": "28"}


def test_explain_evaluates_the_parts_with_the_rows_budget(tmp_path: Path) -> None:
    [finding] = _check(tmp_path, EXPRESSION, explain=True).findings
    assert (finding.explanation[f"{COUNT} == 0"], finding.explanation[COUNT]) == ("否", "28")


def test_an_issue_carries_no_explanation_unless_asked(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(HEADER.format(operations=60000) + textwrap.indent(EXPRESSION, "  "), "utf-8")
    ruleset = jxrules.load_ruleset(path)
    kind = kind_named("expression")
    assert kind is not None
    report = jxrules.load_report(JIANGMEN)
    for explain, explained in ((False, {}), (True, {f"{COUNT} == 0": "否", COUNT: "28"})):
        context = Context(report, ruleset.params, explain=explain)
        [issue] = kind.evaluate(ruleset.rules[0].config, context)
        assert {k: v for k, v in issue.explanation.items() if k in explained} == explained
        assert len(issue.explanation) == (5 if explain else 0)


def test_a_per_row_evidence_gets_the_rulesets_budget_only(tmp_path: Path) -> None:
    """33 operations: over a budget of 30, whatever the report's size."""
    rule = """\
- id: e
  check: expression
  severity: error
  for_each: indicators
  where: "item.name == '贷款笔数'"
  assert: "item.name == ''"
  evidence: {n: "len([i for i in indicators[:3] if i.name != ''])"}
  message: '{n}'
"""
    [finding] = _check(tmp_path, rule, operations=30).findings
    assert (finding.rule, finding.check) == ("e", "engine")
    assert finding.evidence["reason"] == (
        "表达式运算步数超出上限 30（可用 params.limits.operations 调整） (limit: operations)"
    )
    [finding] = _check(tmp_path, rule, operations=33).findings
    assert _summary((finding,)) == [("e", "expression", "3")]


def test_explain_expression_alone_evaluates_with_the_rulesets_budget_only() -> None:
    """Without ``rows`` nothing is added: a part of 21 operations is over a budget of 20."""
    expression = compile_expression("sum([1, 2, 3, 4, 5, 6, 7, 8]) == 36")
    within = explain_expression(expression, {"params": {"limits": {"operations": 30}}})
    assert within == {
        "sum([1, 2, 3, 4, 5, 6, 7, 8]) == 36": "是",
        "sum([1, 2, 3, 4, 5, 6, 7, 8])": "36",
        "[1, 2, 3, 4, 5, 6, 7, 8]": "1、2、3、4、5、6、7、8",
    }
    over = explain_expression(expression, {"params": {"limits": {"operations": 20}}})
    assert over["sum([1, 2, 3, 4, 5, 6, 7, 8])"].startswith("（无法求值：")


def test_a_crossref_side_over_the_report_gets_the_rows_budget(tmp_path: Path) -> None:
    rule = f"""\
- id: c
  check: crossref
  severity: error
  stated: {{expression: "{COUNT}"}}
  against: {{expression: '27'}}
  message: '{{difference}}'
"""
    assert _summary(_check(tmp_path, rule).findings) == [("c", "crossref", "1")]


def test_a_when_guard_over_the_report_gets_the_rows_budget(tmp_path: Path) -> None:
    rule = f"""\
- id: g
  check: expression
  severity: error
  when: "{COUNT} == 28"
  assert: "1 == 2"
  message: m
"""
    assert _summary(_check(tmp_path, rule).findings) == [("g", "expression", "m")]
