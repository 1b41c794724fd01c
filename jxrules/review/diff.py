"""The impact of a change, over a corpus: two rulesets over the same reports, or one ruleset
over two versions of the same reports.

``jxrules diff --old dept-overall/2022 --new dept-overall/2023 REPORTS…`` answers what a rule
author must show before next year's ruleset is adopted: per rule and per report, the findings
the change adds, removes and changes (severity or figures), and those it leaves alone.
Findings are paired by fingerprint; when the two rulesets are of different families (a
province's ruleset beside the bundled one) the family is left out of the pairing, so the same
rule finding the same thing pairs up.
"""

from __future__ import annotations

import html
import json
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

from attrs import field, frozen

from jxrules.findings import Finding, Result
from jxrules.formats.labels import Labels, labels
from jxrules.model import Report
from jxrules.review.baseline import report_key
from jxrules.review.fingerprint import RowIndex, fingerprints

Change = Literal["added", "removed", "changed", "unchanged"]
CHANGES: tuple[Change, ...] = ("added", "removed", "changed", "unchanged")


@frozen
class Paired:
    """One finding of the old run, the new run, or both."""

    change: Change
    source: str
    old: Finding | None = None
    new: Finding | None = None

    @property
    def finding(self) -> Finding:
        """The new finding, or the old one when it is gone."""
        finding = self.new or self.old
        assert finding is not None, "a pair holds at least one finding"
        return finding

    @property
    def rule(self) -> str:
        return self.finding.rule

    @property
    def message(self) -> str:
        return self.finding.message

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"change": self.change, "source": self.source, "rule": self.rule}
        if self.old is not None:
            out["old"] = self.old.to_dict()
        if self.new is not None:
            out["new"] = self.new.to_dict()
        return out


@frozen
class Diff:
    """Every finding of both runs, paired; counts by change, per rule and per report."""

    old: str
    new: str
    pairs: tuple[Paired, ...] = field(factory=tuple)

    def totals(self) -> dict[str, int]:
        counts: dict[str, int] = {change: 0 for change in CHANGES}
        for pair in self.pairs:
            counts[pair.change] += 1
        return counts

    def by(self, what: Literal["rule", "source"]) -> dict[str, dict[str, int]]:
        table: dict[str, dict[str, int]] = {}
        for pair in self.pairs:
            key = pair.rule if what == "rule" else pair.source
            table.setdefault(key, {change: 0 for change in CHANGES})[pair.change] += 1
        return dict(sorted(table.items()))

    def to_dict(self) -> dict[str, Any]:
        return {
            "old": self.old,
            "new": self.new,
            "totals": self.totals(),
            "rules": self.by("rule"),
            "reports": self.by("source"),
            "findings": [p.to_dict() for p in self.pairs if p.change != "unchanged"],
        }


def _keyed(result: Result, report: Report | None) -> dict[str, tuple[str, Finding]]:
    """Findings by a fingerprint without the ruleset family (the pairing key), with the
    evidence hash."""
    rows = RowIndex(report) if report is not None else None
    prints = fingerprints(result.findings, result.report, "", rows)
    return {fp: (evidence, f) for (fp, evidence), f in zip(prints, result.findings, strict=True)}


def pair_results(
    old: Iterable[tuple[Result, Report | None]],
    new: Iterable[tuple[Result, Report | None]],
    *,
    old_name: str = "old",
    new_name: str = "new",
) -> Diff:
    """Pair the findings of two runs over the same reports (matched by report identity)."""
    # A report is found again by its identity and file name, else by its identity alone (a
    # re-converted file may be renamed; one folder may hold a report twice, as .md and .yaml).
    old_by_report: dict[tuple[str, str], tuple[Result, Report | None]] = {}
    for result, report in old:
        old_by_report[(report_key(result), Path(result.source).name)] = (result, report)
    by_identity = {key: value for (key, _), value in old_by_report.items()}
    pairs: list[Paired] = []
    seen: set[tuple[str, str]] = set()
    for result, report in new:
        key = (report_key(result), Path(result.source).name)
        if key not in old_by_report and key[0] in by_identity:
            key = next(k for k in old_by_report if k[0] == key[0] and k not in seen)
        seen.add(key)
        before = old_by_report.get(key)
        old_findings = _keyed(*before) if before is not None else {}
        new_findings = _keyed(result, report)
        for fp, (evidence, finding) in new_findings.items():
            if fp not in old_findings:
                pairs.append(Paired("added", result.source, new=finding))
                continue
            old_evidence, old_finding = old_findings[fp]
            same = old_evidence == evidence and old_finding.severity == finding.severity
            change: Change = "unchanged" if same else "changed"
            pairs.append(Paired(change, result.source, old=old_finding, new=finding))
        pairs.extend(
            Paired("removed", result.source, old=finding)
            for fp, (_, finding) in old_findings.items()
            if fp not in new_findings
        )
    for key, (result, _) in old_by_report.items():
        if key not in seen:  # a report only the old run has: all its findings are gone
            pairs.extend(Paired("removed", result.source, old=f) for f in result.findings)
    return Diff(old_name, new_name, tuple(pairs))


# ------------------------------------------------------------------ output
def render_text(diff: Diff, language: str = "zh") -> str:
    """The diff for a terminal, its labels in ``language`` (jxrules/data/labels.yaml)."""
    label = labels(language)
    totals = diff.totals()
    out = [label("diff.title", old=diff.old, new=diff.new)]
    out.append(
        "  " + label("list.separator").join(f"{label('diff.' + c)} {totals[c]}" for c in CHANGES)
    )
    out.append("")
    out.append(_table(label("diff.by_rule"), diff.by("rule"), label))
    out.append(_table(label("diff.by_report"), diff.by("source"), label))
    for change in ("added", "removed", "changed"):
        listed = [p for p in diff.pairs if p.change == change]
        if not listed:
            continue
        out.append(label("diff.listed", label=label("diff." + change), count=len(listed)))
        for pair in listed:
            finding = pair.finding
            line = f"  {finding.severity:<7} {finding.rule:<28} {pair.source}: {finding.message}"
            if change == "changed" and pair.old is not None:
                line += label("diff.was", severity=pair.old.severity, message=pair.old.message)
            out.append(line)
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def _table(title: str, rows: Mapping[str, Mapping[str, int]], label: Labels) -> str:
    width = max([len(title), *(len(k) for k in rows)]) + 2
    lines = [f"{title:<{width}}" + "".join(_right(label("diff." + c), 8) for c in CHANGES)]
    lines += [f"{k:<{width}}" + "".join(f"{v[c]:>8}" for c in CHANGES) for k, v in rows.items()]
    return "\n".join(lines) + "\n"


def _right(text: str, columns: int) -> str:
    """``text`` right-aligned in ``columns`` terminal columns (a CJK character takes two), so
    the headings stand over the counts in either language."""
    wide = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return " " * max(columns - wide, 1) + text


def render_json(diff: Diff, language: str = "zh") -> str:
    """The diff as JSON (its keys are the same in every language)."""
    return json.dumps(diff.to_dict(), ensure_ascii=False, indent=2) + "\n"


def render_html(diff: Diff, language: str = "zh") -> str:
    """One self-contained page: the totals, a table per rule and per report, the changes."""
    label = labels(language)

    def e(text: object) -> str:
        return html.escape(str(text), quote=True)

    def table(title: str, rows: Mapping[str, Mapping[str, int]]) -> str:
        head = "".join(f"<th>{label('diff.' + c)}</th>" for c in CHANGES)
        body = "".join(
            f"<tr><td>{e(k)}</td>"
            + "".join(f'<td class="n">{v[c]}</td>' for c in CHANGES)
            + "</tr>"
            for k, v in rows.items()
        )
        return f"<h2>{e(title)}</h2><table><tr><th></th>{head}</tr>{body}</table>"

    items = "".join(
        f'<tr class="{p.change}"><td>{label("diff." + p.change)}</td><td><code>{e(p.rule)}</code></td>'
        f"<td>{e(p.source)}</td><td>{e(p.message)}</td></tr>"
        for p in diff.pairs
        if p.change != "unchanged"
    )
    totals = diff.totals()
    summary = label("list.separator").join(f"{label('diff.' + c)} {totals[c]}" for c in CHANGES)
    style = (
        "body{font-family:sans-serif;margin:24px}table{border-collapse:collapse;margin:8px 0}"
        "td,th{border:1px solid #ccc;padding:4px 8px}.n{text-align:right}"
        ".added td:first-child{color:#b00}.removed td:first-child{color:#070}"
    )
    return (
        f'<!DOCTYPE html><html lang="{label("diff.html.lang")}"><head><meta charset="utf-8">'
        f"<title>jxrules diff</title><style>{style}</style></head><body>"
        f"<h1>{e(label('diff.title', old=diff.old, new=diff.new))}</h1><p>{e(summary)}</p>"
        f"{table(label('diff.html.by_rule'), diff.by('rule'))}"
        f"{table(label('diff.html.by_report'), diff.by('source'))}"
        f"<h2>{label('diff.html.changes')}</h2><table><tr><th>{label('diff.html.change')}</th>"
        f"<th>{label('diff.by_rule')}</th><th>{label('diff.by_report')}</th>"
        f"<th>{label('diff.html.message')}</th></tr>{items}</table></body></html>\n"
    )


RENDERERS = {"text": render_text, "json": render_json, "html": render_html}


def fails(diff: Diff, on: Sequence[str]) -> bool:
    """Whether ``--fail-on`` is met: any pair whose change is in ``on``."""
    return any(pair.change in on for pair in diff.pairs)
