"""``--format sarif``: SARIF 2.1.0, for code scanning (GitHub, GitLab, Azure DevOps, IDE viewers).

One run.  ``tool.driver.rules`` holds one descriptor per rule id of every
ruleset used, then a synthetic descriptor for each finding no ruleset rule
describes: ``jxrules/engine`` for a rule that broke while running (its own id
is in the result's ``properties.rule``), and the finding's own id for ingest
findings.  Each finding is one result located in its report file
(``uriBaseId: %SRCROOT%``), at the row's line where known, with a logical
location such as ``indicators[9].actual`` — the bracket holds the row label
(序号), not an array index.  Reports that could not be loaded, and rules that
broke, are also ``invocations[0].toolExecutionNotifications``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import PureWindowsPath
from typing import Any
from urllib.parse import quote

from jxrules.findings import Finding, Location, Result
from jxrules.formats import Failure, Run
from jxrules.formats.labels import Labels, labels, rule_title
from jxrules.model import Report
from jxrules.review.fingerprint import fingerprints
from jxrules.rules.ruleset import Rule, Ruleset

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
#: The synthetic rule of findings that say "this rule could not run".
ENGINE_RULE = "jxrules/engine"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def render(run: Run) -> str:
    return json.dumps(document(run), ensure_ascii=False, indent=2) + "\n"


def document(run: Run) -> dict[str, Any]:
    rules = _RuleTable(run.rulesets, labels(run.language))
    artifacts = _Artifacts()
    for result in run.results:
        artifacts.index(result.source)
    for failure in run.failures:
        artifacts.index(failure.source)
    results = [
        _result(run, result, finding, rules, artifacts)
        for result in (*run.results, *run.notices)
        for finding in result.findings
    ]
    results += [_absent(absent, rules, artifacts) for absent in run.absent]
    notifications = [_failure(failure, artifacts) for failure in run.failures]
    notifications += [
        _broken_rule(result, finding, rules, artifacts)
        for result in run.results
        for finding in result.findings
        if finding.check == "engine"
    ]
    invocation: dict[str, Any] = {"executionSuccessful": not run.failures}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    driver: dict[str, Any] = {"name": "jxrules"}
    if run.version:
        driver["version"] = run.version
        driver["semanticVersion"] = run.version
    driver["rules"] = rules.descriptors
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": driver},
                "invocations": [invocation],
                "artifacts": artifacts.entries,
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


# ------------------------------------------------------------------ rules
class _RuleTable:
    """``tool.driver.rules``: one descriptor per id, in ruleset order, synthetic ones last."""

    def __init__(self, rulesets: Mapping[str, Ruleset], label: Labels) -> None:
        self.label = label
        self.descriptors: list[dict[str, Any]] = []
        self._index: dict[str, int] = {}
        for ruleset_id in sorted(rulesets):
            for rule in rulesets[ruleset_id].rules:
                if rule.id in self._index:
                    used_by = self.descriptors[self._index[rule.id]]["properties"]["rulesets"]
                    used_by.append(ruleset_id)
                else:
                    self._add(_descriptor(rule, ruleset_id, label.language))
        self._rulesets = rulesets

    def _add(self, descriptor: dict[str, Any]) -> None:
        self._index[descriptor["id"]] = len(self.descriptors)
        self.descriptors.append(descriptor)

    def index(self, rule_id: str) -> int | None:
        return self._index.get(rule_id)

    def of(self, finding: Finding, ruleset_id: str) -> tuple[str, int]:
        """The descriptor a finding is reported under: its id and index."""
        ruleset = self._rulesets.get(ruleset_id)
        known = ruleset is not None and any(r.id == finding.rule for r in ruleset.rules)
        if finding.check != "engine" and known:
            return finding.rule, self._index[finding.rule]
        rule_id = ENGINE_RULE if finding.check == "engine" else finding.rule
        if rule_id not in self._index:
            self._add(_synthetic(rule_id, finding, self.label))
        return rule_id, self._index[rule_id]


def _descriptor(rule: Rule, ruleset_id: str, language: str) -> dict[str, Any]:
    """A rule's descriptor; in English its ``title_en`` (else its id), and no description or
    rationale, which rulesets write in Chinese only."""
    out: dict[str, Any] = {
        "id": rule.id,
        "shortDescription": {"text": rule_title(rule, language) or rule.message},
    }
    if rule.description and language == "zh":
        out["fullDescription"] = {"text": rule.description}
    if rule.rationale and language == "zh":
        out["help"] = {"text": rule.rationale}
    out["defaultConfiguration"] = {"level": _LEVEL[rule.severity]}
    out["properties"] = {
        "check": rule.check,
        "rulesets": [ruleset_id],
        "tags": ["jxrules", rule.check],
    }
    return out


def _synthetic(rule_id: str, finding: Finding, label: Labels) -> dict[str, Any]:
    if finding.check == "engine":
        short = label("sarif.engine")
        full = (
            "A rule raised an error while evaluating the report; the rule named in the "
            "result's properties.rule needs fixing. The other rules still ran."
        )
    else:
        short = label("sarif.builtin", check=finding.check)
        full = f"A finding of the built-in check “{finding.check}”, not of a ruleset rule."
    return {
        "id": rule_id,
        "shortDescription": {"text": short},
        "fullDescription": {"text": full},
        "defaultConfiguration": {"level": _LEVEL[finding.severity]},
        "properties": {
            "check": finding.check,
            "synthetic": True,
            "tags": ["jxrules", finding.check],
        },
    }


# ------------------------------------------------------------------ results
def _result(
    run: Run, result: Result, finding: Finding, rules: _RuleTable, artifacts: _Artifacts
) -> dict[str, Any]:
    rule_id, rule_index = rules.of(finding, result.ruleset)
    physical: dict[str, Any] = {"artifactLocation": artifacts.location(result.source)}
    line = _line(run.reports.get(result.source), finding.location)
    if line is not None:
        physical["region"] = {"startLine": line}
    if finding.location.page is not None:  # a PDF has no lines: the page, as SARIF allows
        physical["region"] = {"properties": {"page": finding.location.page}}
    location: dict[str, Any] = {"physicalLocation": physical}
    logical = _logical(finding.location)
    if logical:
        location["logicalLocations"] = logical
    out: dict[str, Any] = {
        "ruleId": rule_id,
        "ruleIndex": rule_index,
        "level": _LEVEL[finding.severity],
        "message": {"text": finding.message},
        "locations": [location],
        "partialFingerprints": {"jxrules/v1": _fingerprint(result, finding)},
        "properties": {
            "rule": finding.rule,
            "ruleset": result.ruleset,
            "check": finding.check,
            "severity": finding.severity,
            "location": finding.location.to_dict(),
            "evidence": dict(finding.evidence),
        },
    }
    if finding.waiver is not None:
        waiver = finding.waiver
        out["suppressions"] = [
            {
                "kind": "external",
                "status": "accepted",
                "justification": rules.label("sarif.justification", **waiver),
                "properties": dict(waiver),
            }
        ]
    if finding.waiver_expired is not None:
        out["properties"]["waiver_expired"] = dict(finding.waiver_expired)
    if finding.baseline is not None:
        out["baselineState"] = finding.baseline
    if finding.evidence_hash is not None:
        out["properties"]["evidence_hash"] = finding.evidence_hash
    return out


def _absent(absent: Any, rules: _RuleTable, artifacts: _Artifacts) -> dict[str, Any]:
    """A baseline finding that no longer occurs (``baselineState: absent``)."""
    out: dict[str, Any] = {
        "ruleId": absent.rule,
        "level": _LEVEL.get(absent.severity, "note"),
        "message": {"text": absent.message or absent.rule},
        "locations": [
            {"physicalLocation": {"artifactLocation": artifacts.location(absent.source)}}
        ],
        "partialFingerprints": {"jxrules/v1": absent.fingerprint},
        "baselineState": "absent",
    }
    index = rules.index(absent.rule)
    if index is not None:
        out["ruleIndex"] = index
    return out


def _logical(location: Location) -> list[dict[str, str]]:
    """``indicators[9].actual``, ``expenditure.adjusted_budget``, ``self_evaluation.grade``."""
    names = []
    if location.table:
        name = location.table
        if location.row:
            name += f"[{location.row}]"
        if location.column:
            name += f".{location.column}"
        names.append(name)
    if location.field:
        names.append(location.field)
    return [{"name": n, "fullyQualifiedName": n, "kind": "member"} for n in names]


def _line(report: object, location: Location) -> int | None:
    """The source line of a finding: its own, else the line of the row it names."""
    if location.line is not None or not isinstance(report, Report):
        return location.line
    row = report.row_at(location)
    return None if row is None else row.line


def _fingerprint(result: Result, finding: Finding) -> str:
    """The finding's ``jx1`` fingerprint (docs/fingerprints.md); one made by hand without it
    gets one from its own location."""
    if finding.fingerprint is not None:
        return finding.fingerprint
    return fingerprints([finding], result.report, result.ruleset)[0][0]


# ------------------------------------------------------------------ notifications
def _failure(failure: Failure, artifacts: _Artifacts) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": artifacts.location(failure.source)}
    position = failure.error.position
    if position is not None and position.file == failure.source and position.line is not None:
        region = {"startLine": position.line}
        if position.column is not None:
            region["startColumn"] = position.column
        physical["region"] = region
    return {
        "level": "error",
        "message": {"text": failure.text},
        "locations": [{"physicalLocation": physical}],
    }


def _broken_rule(
    result: Result, finding: Finding, rules: _RuleTable, artifacts: _Artifacts
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "level": "error",
        "message": {"text": finding.message},
        "locations": [
            {"physicalLocation": {"artifactLocation": artifacts.location(result.source)}}
        ],
    }
    index = rules.index(finding.rule)
    rule: dict[str, Any] = {"id": finding.rule}
    if index is not None:
        rule["index"] = index
    out["associatedRule"] = rule
    return out


# ------------------------------------------------------------------ artifacts
class _Artifacts:
    """``run.artifacts``: each report source once, in the order first met."""

    def __init__(self) -> None:
        self.entries: list[dict[str, Any]] = []
        self._index: dict[str, int] = {}

    def index(self, source: str) -> int:
        if source not in self._index:
            self._index[source] = len(self.entries)
            self.entries.append({"location": artifact_uri(source)})
        return self._index[source]

    def location(self, source: str) -> dict[str, Any]:
        return {**artifact_uri(source), "index": self.index(source)}


def artifact_uri(source: str) -> dict[str, str]:
    """A source path as a SARIF artifactLocation: relative under ``%SRCROOT%``, absolute as file:."""
    path = source.replace("\\", "/")
    if PureWindowsPath(source).drive:
        return {"uri": "file:///" + quote(path, safe="/:")}
    if path.startswith("/"):
        return {"uri": "file://" + quote(path, safe="/")}
    while path.startswith("./"):
        path = path[2:]
    return {"uri": quote(path, safe="/"), "uriBaseId": SRCROOT}
