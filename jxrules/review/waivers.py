"""Waivers: findings a reviewer has accepted, each with a reason, an approver and an expiry.

A waivers file is YAML (or JSON), validated like a ruleset (``file:line:col`` errors)::

    version: 1
    waivers:
      - id: W-2023-014
        rule: indicator-target-met
        match: {body: 某某区教育局, fiscal_year: 2023, row: 培训教师人次}   # or fingerprint: jx1:…
        reason: 指标口径经预算科确认调整
        approved_by: 绩效管理科 李某
        expires: 2024-06-30

A waived finding stays in every output, marked with its waiver, and does not count toward
``--fail-on``.  From the day after ``expires`` the waiver no longer applies: the finding counts
again and says its waiver expired.  A waiver that matches no finding of the run is reported
(``waiver-unused``), so the file does not silently rot.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
from attrs import frozen

from jxrules.errors import Position, ReviewError, require
from jxrules.findings import Finding, Location, Result, Severity
from jxrules.ingest.documents import load_document
from jxrules.ingest.schema import schema_error
from jxrules.review.fingerprint import normalise

#: A waivers file larger than this is refused (a season's waivers are a few hundred lines).
MAX_WAIVERS_BYTES = 4 * 1024 * 1024

_TEXT = {"type": "string", "minLength": 1, "maxLength": 2000, "pattern": r"\S"}
#: Keys of ``match`` and what each is compared with.
MATCH_KEYS: Mapping[str, dict[str, Any]] = {
    "fingerprint": {"type": "string", "pattern": r"^jx[0-9]+:[0-9a-f]{8,64}$"},
    "source": {**_TEXT, "description": "glob on the report's path, e.g. '*/教育局/*.pdf'"},
    "body": {**_TEXT, "description": "the department (预算部门/单位) as printed"},
    "project": {**_TEXT, "description": "the project name (project forms)"},
    "kind": {"enum": ["department_overall", "project"]},
    "fiscal_year": {"type": "integer", "minimum": 1900, "maximum": 2999},
    "table": _TEXT,
    "row": {**_TEXT, "description": "the row's name: 三级指标 or 项目 as printed"},
    "column": _TEXT,
    "field": _TEXT,
}
SCHEMA: Mapping[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "jxrules waivers",
    "type": "object",
    "additionalProperties": False,
    "required": ["version", "waivers"],
    "properties": {
        "version": {"const": 1},
        "waivers": {
            "type": "array",
            "maxItems": 10000,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["id", "reason", "approved_by", "expires"],
                "properties": {
                    "id": {"type": "string", "pattern": r"^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,99}$"},
                    "rule": {"type": "string", "minLength": 1, "maxLength": 200},
                    "match": {
                        "type": "object",
                        "additionalProperties": False,
                        "minProperties": 1,
                        "properties": dict(MATCH_KEYS),
                    },
                    "reason": _TEXT,
                    "approved_by": _TEXT,
                    "expires": {"type": "string", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
                },
            },
        },
    },
}


@frozen
class Waiver:
    """One accepted finding (or family of findings), as the reviewer wrote it."""

    id: str
    reason: str
    approved_by: str
    expires: dt.date
    rule: str | None = None
    match: Mapping[str, Any] = attrs.field(factory=dict)
    #: Where it is written, for the ``waiver-unused`` notice.
    position: Position | None = attrs.field(default=None, eq=False)

    def active(self, today: dt.date) -> bool:
        """Whether it still applies: through the day of ``expires``."""
        return today <= self.expires

    def record(self) -> dict[str, str]:
        """What a waived finding carries (CONTRACT.md: ``{id, reason, approved_by, expires}``)."""
        return {
            "id": self.id,
            "reason": self.reason,
            "approved_by": self.approved_by,
            "expires": self.expires.isoformat(),
        }

    def matches(self, finding: Finding, result: Result) -> bool:
        if self.rule is not None and finding.rule != self.rule:
            return False
        return all(_holds(key, wanted, finding, result) for key, wanted in self.match.items())


def _holds(key: str, wanted: Any, finding: Finding, result: Result) -> bool:
    location, report = finding.location, result.report
    if key == "fingerprint":
        return bool(finding.fingerprint == wanted)
    if key == "source":
        return fnmatch.fnmatchcase(Path(result.source).as_posix(), str(wanted))
    if key == "fiscal_year":
        return bool(report.get("fiscal_year") == wanted)
    if key == "kind":
        return bool(report.get("kind") == wanted)
    actual: Any = {
        "body": report.get("department"),
        "project": report.get("project"),
        "table": location.table,
        "row": location.name,
        "column": location.column,
        "field": location.field,
    }[key]
    return actual is not None and normalise(str(actual)) == normalise(str(wanted))


@frozen
class Waivers:
    """A loaded waivers file."""

    source: str
    waivers: tuple[Waiver, ...] = ()


def load_waivers(path: str | Path) -> Waivers:
    """Read and validate a waivers file; every problem is a :class:`ReviewError` with its
    ``file:line:column``."""
    require(path, (str, Path), "waivers", "文件路径")
    file = Path(path)
    doc = load_document(file, max_bytes=MAX_WAIVERS_BYTES, name=str(path))
    problem = schema_error(SCHEMA, doc.data, doc)
    if problem:
        raise ReviewError(*problem)
    waivers: list[Waiver] = []
    seen: dict[str, Position] = {}
    for index, entry in enumerate(doc.data["waivers"]):
        where = doc.position(("waivers", index))
        try:
            expires = dt.date.fromisoformat(entry["expires"])
        except ValueError:
            raise ReviewError(
                f"waivers[{index}].expires “{entry['expires']}” 不是有效日期 (not a valid date)",
                doc.position(("waivers", index, "expires")),
            ) from None
        if "rule" not in entry and "fingerprint" not in entry.get("match", {}):
            raise ReviewError(
                f"waivers[{index}] 须写明 rule（规则编号），或以 match.fingerprint 指定发现"
                " (a waiver names its rule, or a fingerprint)",
                where,
            )
        if entry["id"] in seen:
            raise ReviewError(
                f"豁免编号 {entry['id']} 重复，首次出现在 {seen[entry['id']]} (duplicate waiver id)",
                doc.position(("waivers", index, "id")),
            )
        seen[entry["id"]] = where
        waivers.append(
            Waiver(
                id=entry["id"],
                reason=entry["reason"].strip(),
                approved_by=entry["approved_by"].strip(),
                expires=expires,
                rule=entry.get("rule"),
                match=entry.get("match", {}),
                position=where,
            )
        )
    return Waivers(str(path), tuple(waivers))


class WaiverLedger:
    """Applies a waivers file to each result of a run and remembers which waivers matched."""

    def __init__(self, waivers: Waivers, today: dt.date | None = None) -> None:
        self.waivers = waivers
        self.today = today or dt.date.today()
        self.matched: set[str] = set()

    def apply(self, result: Result) -> Result:
        """The result with each matched finding marked (waived, or its waiver expired)."""
        findings = tuple(self._mark(finding, result) for finding in result.findings)
        return attrs.evolve(result, findings=findings)

    def _mark(self, finding: Finding, result: Result) -> Finding:
        candidates = [w for w in self.waivers.waivers if w.matches(finding, result)]
        if not candidates:
            return finding
        self.matched.update(w.id for w in candidates)
        active = [w for w in candidates if w.active(self.today)]
        if active:
            return attrs.evolve(finding, waiver=active[0].record())
        latest = max(candidates, key=lambda w: w.expires)
        return attrs.evolve(finding, waiver_expired=latest.record())

    def unused(self, *, strict: bool = False) -> Result | None:
        """One ``waiver-unused`` finding per waiver that matched nothing (errors with
        ``strict``), as a result about the waivers file itself; ``None`` when all matched."""
        severity: Severity = "error" if strict else "warning"
        findings = [
            _unused(index, waiver, severity, self.today)
            for index, waiver in enumerate(self.waivers.waivers)
            if waiver.id not in self.matched
        ]
        if not findings:
            return None
        return Result(
            source=self.waivers.source,
            report={"kind": "waivers", "fiscal_year": None, "department": None},
            ruleset="waivers",
            findings=tuple(findings),
        )


def _unused(index: int, waiver: Waiver, severity: Severity, today: dt.date) -> Finding:
    line = waiver.position.line if waiver.position is not None else None
    active = waiver.active(today)
    expired = "" if active else "（且已过期）"
    return Finding(
        rule="waiver-unused",
        check="waiver",
        severity=severity,
        message=f"豁免 {waiver.id} 未匹配本次检查的任何发现{expired}，可删除或修正其匹配条件",
        message_en=(
            f"Waiver {waiver.id} matched no finding of this run{'' if active else ' (and has expired)'};"
            " remove it or correct its match"
        ),
        location=Location(field=f"waivers[{index}]", line=line),
        evidence={"waiver": waiver.id, "expires": waiver.expires.isoformat()},
    )


def apply_waivers(
    results: Iterable[Result], waivers: Waivers, *, today: dt.date | None = None
) -> tuple[list[Result], Sequence[str]]:
    """Library form: the results marked, and the ids of the waivers that matched nothing."""
    ledger = WaiverLedger(waivers, today)
    marked = [ledger.apply(result) for result in results]
    unused = [w.id for w in waivers.waivers if w.id not in ledger.matched]
    return marked, unused
