"""Running a ruleset over a report: stamp each issue with its rule, never crash.

A check kind yields :class:`~jxrules.checks.Issue` objects; the engine adds the
rule id, check name, severity and rendered message.  A rule that breaks while
running (a missing field, a type error, a bug in a check kind) becomes one
``engine`` finding naming the rule — it is never reported as a defect of the
data, and the other rules still run.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

from jxrules import collector
from jxrules.checks import Context, Issue, kind_named
from jxrules.checks.base import format_value
from jxrules.errors import JxError
from jxrules.findings import Finding, Location, Result
from jxrules.model import Report
from jxrules.review.fingerprint import with_fingerprints
from jxrules.rules.ruleset import Rule, Ruleset
from jxrules.rules.templates import render


def check(
    report: Report, ruleset: Ruleset, *, language: str = "zh", explain: bool = False
) -> Result:
    """Apply every rule of ``ruleset`` to ``report``; findings sorted by report position.

    With ``explain``, each finding carries the values that decided it.
    """
    with collector.paused():  # the verdicts, readings and findings live as long as the check
        return _check(report, ruleset, language=language, explain=explain)


def _check(report: Report, ruleset: Ruleset, *, language: str, explain: bool) -> Result:
    context = Context(report, ruleset.params, explain=explain)
    keyed: list[tuple[tuple[int, int, str, int, str], int, int, Finding]] = []
    for finding in (*year_notice(report, ruleset), *report.ingest_findings):
        finding = finding.in_language(language)
        keyed.append((finding.location.sort_key(), -1, len(keyed), finding))
    for index, rule in enumerate(ruleset.rules):
        for finding in rule_findings(rule, context, language=language):
            keyed.append((finding.location.sort_key(), index, len(keyed), finding))
    keyed.sort()  # by report position, then rule order, then as found (never compares findings)
    identity = report.identity()
    findings = with_fingerprints((f for _, _, _, f in keyed), identity, ruleset.id, report)
    return Result(source=report.source, report=identity, ruleset=ruleset.id, findings=findings)


def year_notice(report: Report, ruleset: Ruleset) -> list[Finding]:
    """An info finding when the ruleset was written for other fiscal years than the report's
    (a year with no ruleset of its own gets the nearest one: the reader must know)."""
    year, years = report.fiscal_year, ruleset.fiscal_years
    if year is None or not years or year in years:
        return []
    shown = "、".join(map(str, years))
    return [
        Finding(
            rule="ruleset-year",
            check="engine",
            severity="info",
            message=f"报告年度 {year} 没有对应的规则集，按 {ruleset.id}（适用 {shown} 年度）的规则检查",
            message_en=(
                f"No ruleset for fiscal year {year}: checked with {ruleset.id}"
                f" (written for {', '.join(map(str, years))})"
            ),
            location=Location(field="fiscal_year"),
            evidence={"fiscal_year": str(year), "ruleset": ruleset.id, "ruleset_years": shown},
        )
    ]


def rule_findings(rule: Rule, context: Context, *, language: str = "zh") -> list[Finding]:
    """The findings of one rule; a failure inside it is one ``engine`` finding."""
    kind = kind_named(rule.check)
    assert kind is not None  # the ruleset was loaded with it
    try:
        if rule.when is not None and not context.value_of(rule.when):
            return []
        issues = list(kind.evaluate(rule.config, context))
    except JxError as exc:
        return [_broken(rule, exc.message).in_language(language)]
    except Exception as exc:  # a bug in a check kind must not end the run
        return [_broken(rule, f"{type(exc).__name__}: {exc}").in_language(language)]
    if not issues:
        return []
    if rule.summarize is not None:
        return [
            stamp(rule, summary_issue(rule.summarize, issues), context.params, language=language)
        ]
    found = [stamp(rule, issue, context.params, language=language) for issue in issues]
    if context.explain:
        found = [
            attrs.evolve(finding, explanation=explanation_of(issue))
            for finding, issue in zip(found, issues, strict=True)
        ]
    return found


def stamp(rule: Rule, issue: Issue, params: Mapping[str, Any], *, language: str = "zh") -> Finding:
    """Turn a check's issue into a finding of ``rule``."""
    template = rule.message_en if language == "en" and rule.message_en else rule.message
    return Finding(  # positional: one finding per issue, the call is a good part of the cost
        rule.id,
        rule.reports_as or rule.check,
        issue.severity or rule.severity,
        render(template, message_scope(issue, params)),
        issue.location,
        issue.evidence,
    )


def message_scope(issue: Issue, params: Mapping[str, Any]) -> dict[str, Any]:
    """What ``issue``'s message may name: ``params``, then the evidence, the location's keys,
    then the check's other variables (an earlier one wins a name)."""
    location = {key: getattr(issue.location, key) for key in _LOCATION_KEYS}
    where = {key: value for key, value in location.items() if value is not None}
    return {**issue.variables, **where, **issue.evidence, "params": params}


_LOCATION_KEYS = ("table", "row", "name", "column", "field")


def summary_issue(where: Mapping[str, str], issues: list[Issue]) -> Issue:
    """All of a rule's issues as one: how many, at which rows, naming what."""
    rows = [i.location.row for i in issues if i.location.row]
    names = [i.location.name for i in issues if i.location.name]
    evidence = {"count": str(len(issues)), "rows": "、".join(rows), "names": "、".join(names)}
    return Issue(location=Location.from_mapping(where), evidence=evidence)


def explanation_of(issue: Issue) -> dict[str, str]:
    """What decided an issue: its own explanation (a kind that says what it compared: the
    sub-expressions, the items added up), else its evidence — the values the kind read and
    compared — and its scalar variables beyond it."""
    if issue.explanation:
        return dict(issue.explanation)
    out = dict(issue.evidence)
    for key, value in sorted(issue.variables.items()):
        if (
            key not in issue.evidence
            and isinstance(value, (str, int, Decimal))
            and len(str(value)) < 200
        ):
            out[key] = format_value(value)
    return out


def _broken(rule: Rule, reason: str) -> Finding:
    return Finding(
        rule=rule.id,
        check="engine",
        severity="error",
        message=f"规则 {rule.id} 无法执行（规则本身的问题，不是报告数据的问题）：{reason}",
        message_en=(
            f"Rule {rule.id} could not run (a problem of the rule, not of the report's data):"
            f" {reason}"
        ),
        location=Location(),
        evidence={"origin": str(rule.origin), "reason": reason},
    )
