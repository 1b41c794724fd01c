"""The engine's own findings and summaries, field by field: the year notice, a broken rule,
a summarised rule, what ``--explain`` shows, and how a missing ruleset is named.

Written against the mutants mutmut found surviving in ``jxrules.rules.engine`` and
``jxrules.rules.ruleset`` (docs/testing.md).
"""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pytest

import jxrules
from jxrules.checks.base import Issue
from jxrules.errors import RulesetError
from jxrules.findings import Finding, Location
from jxrules.rules import engine
from jxrules.rules.ruleset import bundled_rulesets, resolve
from tests.conftest import JIANGMEN_YAML


def test_a_report_year_without_its_own_ruleset_gets_an_info_finding() -> None:
    ruleset = SimpleNamespace(id="dept/2022", fiscal_years=(2022, 2023))
    notice = engine.year_notice(SimpleNamespace(fiscal_year=2031), ruleset)  # type: ignore[arg-type]
    assert notice == [
        Finding(
            rule="ruleset-year",
            check="engine",
            severity="info",
            message="报告年度 2031 没有对应的规则集，按 dept/2022（适用 2022、2023 年度）的规则检查",
            location=Location(field="fiscal_year"),
            evidence={"fiscal_year": "2031", "ruleset": "dept/2022", "ruleset_years": "2022、2023"},
        )
    ]
    for year, years in ((2023, (2022, 2023)), (None, (2022,)), (2031, ())):
        other = SimpleNamespace(id="x", fiscal_years=years)
        assert engine.year_notice(SimpleNamespace(fiscal_year=year), other) == []  # type: ignore[arg-type]


def test_a_rule_that_breaks_is_one_engine_error_naming_it() -> None:
    rule = SimpleNamespace(id="r1", origin="rules.yaml:3:5")
    assert engine._broken(rule, "boom") == Finding(  # type: ignore[arg-type]
        rule="r1",
        check="engine",
        severity="error",
        message="规则 r1 无法执行（规则本身的问题，不是报告数据的问题）：boom",
        location=Location(),
        evidence={"origin": "rules.yaml:3:5", "reason": "boom"},
    )


def test_a_summary_counts_the_issues_and_lists_their_rows_and_names() -> None:
    issues = [
        Issue(Location("indicators", "4", "甲", "actual")),
        Issue(Location("indicators", "9", "乙")),
        Issue(Location("narrative")),
    ]
    summary = engine.summary_issue({"table": "indicators"}, issues)
    assert summary == Issue(
        location=Location(table="indicators"),
        evidence={"count": "3", "rows": "4、9", "names": "甲、乙"},
    )


def test_an_explanation_is_the_issues_own_else_its_evidence_and_short_scalar_variables() -> None:
    variables = {
        "target_clause": "2个",
        "n": 5,
        "big": "x" * 199,
        "huge": "x" * 200,
        "d": Decimal("1.50"),
        "lst": [1],
        "target": "in the evidence",
    }
    issue = Issue(Location(), {"target": "2"}, variables)
    assert engine.explanation_of(issue) == {
        "target": "2",  # the evidence first: what the kind read and compared
        "big": "x" * 199,
        "d": "1.50",
        "n": "5",
        "target_clause": "2个",
    }
    assert next(iter(engine.explanation_of(issue))) == "target"
    own = Issue(Location(), {}, {"a": "b"}, explanation={"why": "x"})
    assert engine.explanation_of(own) == {"why": "x"}


def test_the_engine_checks_in_chinese_without_explanations_by_default() -> None:
    report = jxrules.load_report(JIANGMEN_YAML)
    ruleset = jxrules.load_ruleset("dept-overall/2022")
    result = engine.check(report, ruleset)
    assert result.source == str(JIANGMEN_YAML)
    assert result.ruleset == "dept-overall/2022"
    assert [dict(f.explanation) for f in result.findings] == [{} for _ in result.findings]
    assert result.findings == jxrules.check(report, ruleset).findings


def test_an_unknown_ruleset_reference_lists_the_bundled_ids() -> None:
    known = ", ".join(sorted(bundled_rulesets()))
    assert known == "dept-overall/2022, dept-overall/2023, project/2022"
    with pytest.raises(RulesetError) as caught:
        resolve("nowhere/2099")
    assert caught.value.message == (
        f"找不到规则集 “nowhere/2099”：既不是文件，也不是内置规则集的编号（内置：{known}）"
    )


def test_a_rule_is_found_by_its_id_and_an_unknown_id_is_a_key_error() -> None:
    ruleset = jxrules.load_ruleset("dept-overall/2022")
    first = ruleset.rules[0]
    assert ruleset.rule(first.id) is first
    with pytest.raises(KeyError, match=r"^'no-such-rule'$"):
        ruleset.rule("no-such-rule")
