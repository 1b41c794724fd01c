"""Baselines: the findings of a first run, by fingerprint, to compare a re-check against.

``jxrules baseline create REPORTS… -o baseline.json`` records every finding's fingerprint and
evidence hash; ``jxrules check REPORTS… --baseline baseline.json`` then marks each finding
``new`` (not in the baseline), ``unchanged`` (same fingerprint and figures) or ``updated``
(same fingerprint, other figures: corrected but still wrong) and lists the baseline's findings
of the checked reports that no longer occur (``absent``).  ``prune`` only ever removes
entries that no longer occur.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
from attrs import frozen

from jxrules.errors import ReviewError, require
from jxrules.findings import SEVERITIES, Result
from jxrules.ingest.documents import load_document
from jxrules.ingest.schema import schema_error
from jxrules.review.fingerprint import VERSION, normalise

FORMAT_VERSION = 1
#: A baseline larger than this is refused (a season of 1,000 reports is a few MB).
MAX_BASELINE_BYTES = 256 * 1024 * 1024

_ENTRY = {
    "type": "object",
    "required": ["evidence_hash", "rule", "severity", "report"],
    "properties": {
        "evidence_hash": {"type": "string"},
        "rule": {"type": "string"},
        "severity": {"enum": list(SEVERITIES)},
        "report": {"type": "string"},
        "source": {"type": "string"},
        "ruleset": {"type": "string"},
        "message": {"type": "string"},
        "count": {"type": "integer", "minimum": 1},
    },
}
SCHEMA: Mapping[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "jxrules baseline",
    "type": "object",
    "required": ["version", "fingerprint_version", "findings"],
    "properties": {
        "version": {"const": FORMAT_VERSION},
        "fingerprint_version": {"const": VERSION},
        "jxrules": {"type": "string"},
        "created": {"type": "string"},
        "rulesets": {"type": "array", "items": {"type": "string"}},
        "reports": {"type": "object"},
        "counts": {"type": "object"},
        "findings": {"type": "object", "additionalProperties": _ENTRY},
    },
}


def report_key(result: Result) -> str:
    """Which report a result is about, the same across re-conversions and renamed files: its
    identity (kind, year, department, project), or its path when the report names no body."""
    report = result.report
    body = report.get("department") or report.get("project")
    if not body:
        return f"source:{Path(result.source).as_posix()}"
    parts = [
        str(report.get("kind") or ""),
        str(report.get("fiscal_year") or ""),
        normalise(str(report.get("department") or "")),
        normalise(str(report.get("project") or "")),
    ]
    return "|".join(parts)


@frozen
class Baseline:
    """Findings by fingerprint, and the reports they were found in."""

    findings: Mapping[str, Mapping[str, Any]] = attrs.field(factory=dict)
    reports: Mapping[str, Mapping[str, Any]] = attrs.field(factory=dict)
    rulesets: tuple[str, ...] = ()
    jxrules: str = ""
    created: str = ""

    def to_dict(self) -> dict[str, Any]:
        counts: dict[str, int] = {s: 0 for s in SEVERITIES}
        for entry in self.findings.values():
            counts[entry["severity"]] += 1
        counts["reports"] = len(self.reports)
        return {
            "version": FORMAT_VERSION,
            "fingerprint_version": VERSION,
            "jxrules": self.jxrules,
            "created": self.created,
            "rulesets": list(self.rulesets),
            "counts": counts,
            "reports": {key: dict(value) for key, value in sorted(self.reports.items())},
            "findings": {fp: dict(entry) for fp, entry in sorted(self.findings.items())},
        }

    def dumps(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=1) + "\n"


def create_baseline(results: Iterable[Result], *, today: dt.date | None = None) -> Baseline:
    """A baseline of every finding of ``results`` (each must carry its fingerprint)."""
    from jxrules import __version__

    findings: dict[str, dict[str, Any]] = {}
    reports: dict[str, dict[str, Any]] = {}
    rulesets: set[str] = set()
    for result in results:
        key = report_key(result)
        reports[key] = {"source": result.source, "report": dict(result.report)}
        rulesets.add(result.ruleset)
        for finding in result.findings:
            if finding.fingerprint is None:
                continue
            if finding.fingerprint in findings:  # one report in two files (.md and .yaml)
                findings[finding.fingerprint]["count"] += 1
                continue
            findings[finding.fingerprint] = {
                "evidence_hash": finding.evidence_hash or "",
                "rule": finding.rule,
                "severity": finding.severity,
                "report": key,
                "source": result.source,
                "ruleset": result.ruleset,
                "message": finding.message,
                "count": 1,
            }
    return Baseline(
        findings,
        reports,
        tuple(sorted(rulesets)),
        __version__,
        (today or dt.date.today()).isoformat(),
    )


def load_baseline(path: str | Path) -> Baseline:
    """Read a baseline file; a malformed one is a :class:`ReviewError` naming where."""
    require(path, (str, Path), "baseline", "文件路径")
    doc = load_document(Path(path), max_bytes=MAX_BASELINE_BYTES, name=str(path))
    if not str(path).lower().endswith(".json"):
        raise ReviewError("基线文件应为 .json (a baseline is a .json file)", doc.position(()))
    problem = schema_error(SCHEMA, doc.data, doc)
    if problem:
        raise ReviewError(*problem)
    data = doc.data
    return Baseline(
        findings=data["findings"],
        reports=data.get("reports", {}),
        rulesets=tuple(data.get("rulesets", ())),
        jxrules=str(data.get("jxrules", "")),
        created=str(data.get("created", "")),
    )


@frozen
class Absent:
    """A baseline finding that no longer occurs in a report that was checked again."""

    fingerprint: str
    rule: str
    severity: str
    source: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {
            "fingerprint": self.fingerprint,
            "rule": self.rule,
            "severity": self.severity,
            "source": self.source,
            "message": self.message,
            "baseline": "absent",
        }


class BaselineComparison:
    """Marks each result of a run against a baseline and collects what is absent."""

    def __init__(self, baseline: Baseline) -> None:
        self.baseline = baseline
        self.seen: set[str] = set()
        self.checked: set[str] = set()

    def mark(self, result: Result) -> Result:
        self.checked.add(report_key(result))
        known = self.baseline.findings
        findings = []
        for finding in result.findings:
            state = "new"
            if finding.fingerprint is not None and finding.fingerprint in known:
                self.seen.add(finding.fingerprint)
                same = known[finding.fingerprint].get("evidence_hash") == finding.evidence_hash
                state = "unchanged" if same else "updated"
            findings.append(attrs.evolve(finding, baseline=state))
        return attrs.evolve(result, findings=tuple(findings))

    def absent(self) -> list[Absent]:
        """Baseline findings of the reports checked that were not found again."""
        return [
            Absent(
                fp,
                entry["rule"],
                entry["severity"],
                entry.get("source", ""),
                entry.get("message", ""),
            )
            for fp, entry in sorted(self.baseline.findings.items())
            if entry["report"] in self.checked and fp not in self.seen
        ]


def compare(results: Iterable[Result], baseline: Baseline) -> tuple[list[Result], Sequence[Absent]]:
    """Library form: the results marked ``new``/``unchanged``/``updated``, and the absent."""
    comparison = BaselineComparison(baseline)
    marked = [comparison.mark(result) for result in results]
    return marked, comparison.absent()


def only_new(result: Result) -> Result:
    """The result with only its new findings (``--only-new``)."""
    return attrs.evolve(result, findings=tuple(f for f in result.findings if f.baseline == "new"))


def prune(baseline: Baseline, results: Iterable[Result]) -> tuple[Baseline, int]:
    """The baseline without the findings that no longer occur in the reports checked; it never
    adds one.  Returns the pruned baseline and how many entries were removed."""
    comparison = BaselineComparison(baseline)
    for result in results:
        comparison.mark(result)
    gone = {a.fingerprint for a in comparison.absent()}
    kept = {fp: e for fp, e in baseline.findings.items() if fp not in gone}
    return attrs.evolve(baseline, findings=kept), len(gone)
