"""Findings and results: what a check reports, in the shape of CONTRACT.md."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypedDict

import attrs
from attrs import frozen

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
#: Rank used by ``--fail-on``: a finding fails the run when its rank >= the threshold's.
SEVERITY_RANK: Mapping[str, int] = {"info": 1, "warning": 2, "error": 3, "never": 99}

#: Report sections in print order; findings sort by this, then row, then rule.
_SECTION_ORDER = {
    "ingest": 0,
    "self_evaluation": 1,
    "declared": 2,
    "income": 3,
    "expenditure": 4,
    "funds": 5,
    "indicators": 6,
    "total_score": 7,
    "narrative": 8,
}
#: Canonical columns in print order.
_COLUMN_ORDER = {
    c: i
    for i, c in enumerate(
        (
            "name",
            "initial_budget",
            "adjusted_budget",
            "final_accounts",
            "executed",
            "target",
            "actual",
            "points",
            "score",
        )
    )
}


@frozen
class Location:
    """Where in the report a finding points; only the keys that apply are set."""

    table: str | None = None
    row: str | None = None
    name: str | None = None
    column: str | None = None
    field: str | None = None
    #: The 1-based source line of the row or sentence, where the reader knows it.
    line: int | None = attrs.field(default=None, eq=False)
    #: The 1-based PDF page of the row or sentence (PDF input only; in JSON as ``page``).
    page: int | None = attrs.field(default=None, eq=False)

    @classmethod
    def from_mapping(cls, fields: Mapping[str, str]) -> Location:
        """A location written in a ruleset (``location: {field: ...}``)."""
        return cls(
            table=fields.get("table"),
            row=fields.get("row"),
            name=fields.get("name"),
            column=fields.get("column"),
            field=fields.get("field"),
        )

    def to_dict(self) -> dict[str, Any]:
        pairs = (
            ("table", self.table),
            ("row", self.row),
            ("name", self.name),
            ("column", self.column),
            ("field", self.field),
        )
        out: dict[str, Any] = {key: value for key, value in pairs if value is not None}
        if self.page is not None:
            out["page"] = self.page
        if self.line is not None:
            out["line"] = self.line
        return out

    def sort_key(self) -> tuple[int, int, str, int, str]:
        field = self.field or ""
        section = self.table or field.partition(".")[0]
        if section == "budget" and "." in field:  # budget.income.total… sorts as income
            section = field.split(".")[1]
        row = self.row or ""
        numbered = row.isdecimal() and len(row) <= 8  # a longer label is no row count
        row_num = int(row) if numbered else (10**9 if not row else 10**8)
        return (
            _SECTION_ORDER.get(section, 9),
            row_num,
            row,
            _COLUMN_ORDER.get(self.column or "", 99),
            field,
        )


@frozen
class Finding:
    """One thing wrong (or worth a look) in a report."""

    rule: str
    check: str
    severity: Severity
    message: str
    location: Location = Location()
    evidence: Mapping[str, str] = attrs.field(factory=dict)
    #: With ``--explain``: the values that decided the finding (not in the JSON unless set).
    explanation: Mapping[str, str] = attrs.field(factory=dict)
    #: ``jx1:…``: what is wrong, stable across edits that do not change it (docs/fingerprints.md).
    fingerprint: str | None = attrs.field(default=None, eq=False)
    #: A hash of the figures compared: the same fingerprint with another hash was "updated".
    evidence_hash: str | None = attrs.field(default=None, eq=False)
    #: The waiver that accepts this finding: ``{id, reason, approved_by, expires}``.
    waiver: Mapping[str, str] | None = attrs.field(default=None, eq=False)
    #: A waiver that matched but has expired: the finding counts again.
    waiver_expired: Mapping[str, str] | None = attrs.field(default=None, eq=False)
    #: Against a baseline: ``new``, ``unchanged`` or ``updated``.
    baseline: str | None = attrs.field(default=None, eq=False)
    #: The English message of a finding jxrules words itself (ingest, engine, review): chosen
    #: by :meth:`in_language`; not in the JSON, where ``message`` is in the run's language.
    message_en: str | None = attrs.field(default=None, eq=False, repr=False)

    def in_language(self, language: str) -> Finding:
        """This finding with its message in ``language`` (``en``: its English text, if any)."""
        if language == "en" and self.message_en is not None and self.message != self.message_en:
            return attrs.evolve(self, message=self.message_en)
        return self

    @property
    def counts(self) -> bool:
        """Whether the finding counts toward ``--fail-on`` (a waived one does not)."""
        return self.waiver is None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule": self.rule,
            "check": self.check,
            "severity": self.severity,
            "message": self.message,
            "location": self.location.to_dict(),
            "evidence": dict(self.evidence),
        }
        if self.explanation:
            out["explain"] = dict(self.explanation)
        if self.fingerprint is not None:
            out["fingerprint"] = self.fingerprint
            out["evidence_hash"] = self.evidence_hash
        if self.waiver is not None:
            out["waiver"] = dict(self.waiver)
        if self.waiver_expired is not None:
            out["waiver_expired"] = dict(self.waiver_expired)
        if self.baseline is not None:
            out["baseline"] = self.baseline
        return out


def summarize(findings: tuple[Finding, ...] | list[Finding]) -> dict[str, int]:
    """Counts by severity, always with all three keys; waived findings are counted apart
    (``waived``, present only when there is one)."""
    counts: dict[str, int] = {s: 0 for s in SEVERITIES}
    waived = 0
    for finding in findings:
        if finding.counts:
            counts[finding.severity] += 1
        else:
            waived += 1
    if waived:
        counts["waived"] = waived
    return counts


class _Identity(TypedDict):
    kind: str
    fiscal_year: int | None
    department: str | None


class ReportIdentity(_Identity, total=False):
    """Which report a result is about: the ``report`` object of the JSON output."""

    #: The project's name (project form only).
    project: str


@frozen
class Result:
    """The findings of one ruleset over one report."""

    source: str
    report: ReportIdentity
    ruleset: str
    findings: tuple[Finding, ...]

    @property
    def summary(self) -> dict[str, int]:
        return summarize(self.findings)

    def in_language(self, language: str) -> Result:
        """This result with every finding's message in ``language`` where it has one."""
        findings = tuple(finding.in_language(language) for finding in self.findings)
        if all(new is old for new, old in zip(findings, self.findings, strict=True)):
            return self
        return attrs.evolve(self, findings=findings)

    def worst(self) -> int:
        """Highest severity rank among the findings that count (0 when there are none)."""
        return max((SEVERITY_RANK[f.severity] for f in self.findings if f.counts), default=0)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "report": dict(self.report),
            "ruleset": self.ruleset,
            "findings": [f.to_dict() for f in self.findings],
            "summary": self.summary,
        }
