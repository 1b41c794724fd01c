"""``--format junit``: JUnit XML, for the test-report views of CI systems.

One ``<testsuite>`` per report (name = its source) and one ``<testcase>`` per
rule of its ruleset (classname = ruleset id, name = rule id).  A rule with an
error or warning finding carries one ``<failure>`` whose ``message`` counts
them and whose text lists every finding of the rule; a rule with only ``info``
findings passes and lists them in ``<system-out>``; a rule that broke while
running (an ``engine`` finding) carries an ``<error>``; a rule switched off by
an override is ``<skipped>``.  Findings of no ruleset rule (``ingest``) get a
test case of their own.  A report that could not be loaded is a suite with one
test case ``load`` carrying an ``<error>``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from jxrules.findings import Finding, Result, summarize
from jxrules.formats import Run
from jxrules.formats.labels import Labels, labels
from jxrules.formats.text import where

#: Characters XML 1.0 cannot carry (PDF converters leave form feeds and the like).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def render(run: Run) -> str:
    root = ET.Element("testsuites", name="jxrules")
    for number, result in enumerate((*run.results, *run.notices)):
        root.append(_suite(run, result, number))
    for number, failure in enumerate(run.failures, start=len(run.results) + len(run.notices)):
        root.append(_failed_load(failure.source, str(failure.error), number))
    _count(root, root.findall("testsuite"))
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def _suite(run: Run, result: Result, number: int) -> ET.Element:
    suite = ET.Element("testsuite", name=_xml(result.source), id=str(number))
    properties = ET.SubElement(suite, "properties")
    ET.SubElement(properties, "property", name="ruleset", value=_xml(result.ruleset))
    label = labels(run.language)
    by_rule: dict[str, list[Finding]] = {}
    for finding in result.findings:
        by_rule.setdefault(finding.rule, []).append(finding)
    ruleset = run.rulesets.get(result.ruleset)
    rule_ids = [rule.id for rule in ruleset.rules] if ruleset is not None else []
    rule_ids += [rule_id for rule_id in by_rule if rule_id not in rule_ids]
    for rule_id in rule_ids:
        suite.append(_case(result, rule_id, by_rule.get(rule_id, []), label))
    for rule_id, reason in sorted((ruleset.disabled if ruleset is not None else {}).items()):
        case = _testcase(result, rule_id)
        ET.SubElement(case, "skipped", message=_xml(label("junit.disabled", reason=reason)))
        suite.append(case)
    _count(suite, [suite])
    return suite


def _testcase(result: Result, rule_id: str) -> ET.Element:
    return ET.Element(
        "testcase", classname=_xml(result.ruleset), name=_xml(rule_id), file=_xml(result.source)
    )


def _case(result: Result, rule_id: str, findings: Sequence[Finding], label: Labels) -> ET.Element:
    case = _testcase(result, rule_id)
    if findings:
        properties = ET.SubElement(case, "properties")
        for finding in findings:
            _properties(properties, finding, label)
    broken = [f for f in findings if f.check == "engine"]
    about_data = [f for f in findings if f.check != "engine"]
    failing = [f for f in about_data if f.severity != "info" and f.counts]
    if broken:
        error = ET.SubElement(case, "error", message=_xml(broken[0].message), type="engine")
        error.text = _listing(broken, label)
    if failing:
        counts = summarize(failing)
        parts = label("list.separator").join(
            f"{label('severity.' + s)} {n}" for s, n in counts.items() if n
        )
        failure = ET.SubElement(
            case,
            "failure",
            message=_xml(label("junit.failing", count=len(failing), parts=parts)),
            type="error" if counts["error"] else "warning",
        )
        failure.text = _listing(about_data, label)
    elif about_data:
        out = ET.SubElement(case, "system-out")
        out.text = _listing(about_data, label)
    return case


def _properties(properties: ET.Element, finding: Finding, label: Labels) -> None:
    """A finding's review fields, as test-case properties (CI views show them per case)."""
    if finding.fingerprint is not None:
        ET.SubElement(properties, "property", name="fingerprint", value=finding.fingerprint)
    if finding.waiver is not None:
        text = label("junit.waiver", **finding.waiver)
        ET.SubElement(properties, "property", name="waiver", value=_xml(text))
    if finding.baseline is not None:
        ET.SubElement(properties, "property", name="baseline", value=finding.baseline)


def _failed_load(source: str, message: str, number: int) -> ET.Element:
    suite = ET.Element("testsuite", name=_xml(source), id=str(number))
    case = ET.SubElement(suite, "testcase", classname="jxrules", name="load", file=_xml(source))
    error = ET.SubElement(case, "error", message=_xml(message), type="load")
    error.text = _xml(message if message.startswith(source) else f"{source}: {message}")
    _count(suite, [suite])
    return suite


def _count(element: ET.Element, suites: Sequence[ET.Element]) -> None:
    """Set tests/failures/errors/skipped from the test cases below ``suites``."""
    cases = [case for suite in suites for case in suite.iter("testcase")]
    element.set("tests", str(len(cases)))
    for tag, attribute in (("failure", "failures"), ("error", "errors"), ("skipped", "skipped")):
        element.set(attribute, str(sum(1 for case in cases if case.find(tag) is not None)))


def _listing(findings: Sequence[Finding], label: Labels) -> str:
    lines = [
        f"{f.severity} {where(f.location, label.language)}: {f.message}{_review_note(f, label)}"
        for f in findings
    ]
    return _xml("\n".join(lines))


def _review_note(finding: Finding, label: Labels) -> str:
    if finding.waiver is not None:
        return label("junit.waived", **finding.waiver)
    if finding.waiver_expired is not None:
        return label("junit.waiver_expired", **finding.waiver_expired)
    return ""


def _xml(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)
