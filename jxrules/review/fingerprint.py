"""Stable finding identities (``jx1``): *what* is wrong, never *where on the page*.

A reviewer's waiver, a baseline and a ruleset diff all need to recognise "the same finding"
in a re-checked report: after the rows were reordered, a page split the table elsewhere, the
file was converted again, or the ruleset moved to its next fiscal year with the rule unchanged.
So a fingerprint is built from names, never from positions:

- the ruleset *family* (its id without the year: ``dept-overall/2022`` → ``dept-overall``);
- the rule id;
- the report's identity: kind, fiscal year, department, project;
- the table, the row's *key* and the column (or the field): an indicator's key is its
  category path and name, a money line's key its name; a finding about a pair of rows (a
  duplicate) is keyed by both rows, unordered; one about a group of rows (evidence ``rows``,
  e.g. a non-standard category shown at its first row) by the group's category path;
- an occurrence counter among findings with the same key in one report.

Text is normalised first (NFKC, white space removed, numbering prefixes such as ``（一）``,
``1.`` and ``(2)`` dropped).  The values compared go into a separate *evidence hash*, so a
figure corrected but still wrong reads as "updated", not as a new finding.  docs/fingerprints.md
states the definition; a change to it is a new version (``jx2``), never a silent one.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

import attrs

from jxrules.findings import Finding, Location
from jxrules.model import BudgetLine, Indicator, Report

#: The version prefix of every fingerprint.
VERSION = "jx1"
#: Evidence keys that say where (a row label, a line), not what: left out of the evidence hash.
POSITIONAL_EVIDENCE = frozenset(
    {"duplicate_of", "stated_from", "against_from", "line", "row", "rows", "page"}
)
#: Outline and list numbering at the start of a name: （一） (1) 1. 1、 一、 ① …
_NUMBERING = re.compile(
    r"^(?:[(（][0-9一二三四五六七八九十]{1,4}[)）]|[0-9]{1,3}(?:[.．][0-9]{1,3})*[.．、](?![0-9])"
    r"|[一二三四五六七八九十]{1,3}[、.．])"
)
_CIRCLED = re.compile("^[①-⑳]")
#: A ruleset id's fiscal year: ``dept-overall/2022``, ``local-2023``, ``project_2024``.
_YEAR_SUFFIX = re.compile(r"[/_-]?(?:19|20)[0-9]{2}$")


@lru_cache(maxsize=4096)
def normalise(text: str) -> str:
    """The text two printings of one name share: NFKC, no white space, no numbering prefix."""
    circled = _CIRCLED.sub("", "".join(text.split()), count=1)  # NFKC would make ① a bare 1
    plain = "".join(unicodedata.normalize("NFKC", circled).split())
    while True:
        stripped = _NUMBERING.sub("", plain, count=1)
        if stripped == plain or not stripped:
            return plain
        plain = stripped


def ruleset_family(ruleset_id: str) -> str:
    """A ruleset id without its fiscal year: the same policy across years."""
    return _YEAR_SUFFIX.sub("", ruleset_id) or ruleset_id


class RowIndex:
    """A report's rows by the labels findings use, built once (a finding names a row by label)."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.indicators: dict[str, Indicator] = {}
        for indicator in report.indicators:
            self.indicators.setdefault(indicator.row, indicator)

    def row(self, location: Location) -> Indicator | BudgetLine | None:
        if location.table == "indicators":
            return self.indicators.get(location.row or "")
        return self.report.row_at(location)


def _row_key(
    row: Indicator | BudgetLine | None, location: Location, *, group: bool = False
) -> list[str]:
    if isinstance(row, Indicator):
        category = [normalise(row.level1 or ""), normalise(row.level2 or "")]
        return category if group else [*category, normalise(row.name)]
    if isinstance(row, BudgetLine):
        return [normalise(row.name)]
    return [normalise(location.name or "")]


def finding_key(
    finding: Finding, identity: Mapping[str, object], family: str, rows: RowIndex | None
) -> list[object]:
    """Every part of a fingerprint but the occurrence counter."""
    location = finding.location
    names_a_row = bool(location.row or location.name)
    row = rows.row(location) if rows is not None and names_a_row else None
    # A finding about a group of rows (evidence ``rows``: how many), such as a non-standard
    # category, is shown at the group's first row: it is keyed by the category, not that row.
    group = "rows" in finding.evidence
    keys = [_row_key(row, location, group=group)] if names_a_row else []
    partner = finding.evidence.get("duplicate_of")
    if partner and rows is not None:  # a pair of rows: both keys, in a fixed order
        other = rows.row(attrs.evolve(location, row=partner, name=None))
        keys.append(_row_key(other, Location(name=finding.evidence.get("duplicate_of_name"))))
        keys.sort()
    report = [
        str(identity.get("kind") or ""),
        str(identity.get("fiscal_year") or ""),
        normalise(str(identity.get("department") or "")),
        normalise(str(identity.get("project") or "")),
    ]
    return [
        family,
        finding.rule,
        report,
        location.table or "",
        keys,
        location.column or "",
        location.field or "",
    ]


def _digest(value: object, size: int) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:size]


def evidence_hash(finding: Finding) -> str:
    """The figures of a finding (not where they are): changes when a value changes."""
    figures = sorted((k, v) for k, v in finding.evidence.items() if k not in POSITIONAL_EVIDENCE)
    return _digest([finding.severity, figures], 16)


def fingerprints(
    findings: Sequence[Finding],
    identity: Mapping[str, object],
    ruleset_id: str,
    rows: RowIndex | None = None,
) -> list[tuple[str, str]]:
    """``(fingerprint, evidence hash)`` of each finding of one report, in order (``rows``: the
    report's rows, without which a row is keyed by the name the finding prints)."""
    family = ruleset_family(ruleset_id)
    seen: dict[str, int] = {}
    out = []
    for finding in findings:
        base = _digest(finding_key(finding, identity, family, rows), 64)
        occurrence = seen.get(base, 0)
        seen[base] = occurrence + 1
        out.append((f"{VERSION}:{_digest([base, occurrence], 32)}", evidence_hash(finding)))
    return out


def with_fingerprints(
    findings: Iterable[Finding],
    identity: Mapping[str, object],
    ruleset_id: str,
    report: Report | None = None,
) -> tuple[Finding, ...]:
    """The findings with their fingerprint and evidence hash, and the page (PDF) or source line
    of the row each names where the reader knows it and the finding does not say: checks
    locate rows, not pages or lines."""
    findings = tuple(findings)
    rows = RowIndex(report) if report is not None else None
    out = []
    for finding, (fingerprint, evidence) in zip(
        findings, fingerprints(findings, identity, ruleset_id, rows), strict=True
    ):
        location = finding.location
        row = rows.row(location) if rows is not None and (location.row or location.name) else None
        if row is not None and location.page is None and row.page is not None:
            location = attrs.evolve(location, page=row.page)
        elif row is not None and location.line is None and row.line is not None:
            location = attrs.evolve(location, line=row.line)
        out.append(
            attrs.evolve(
                finding, location=location, fingerprint=fingerprint, evidence_hash=evidence
            )
        )
    return tuple(out)
