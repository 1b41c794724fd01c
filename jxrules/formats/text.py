"""``--format text``: grouped by report, one line per finding; colour only on a terminal."""

from __future__ import annotations

from jxrules.findings import SEVERITIES, Finding, Location
from jxrules.formats import Run
from jxrules.formats.labels import labels

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
#: Control characters (C0, DEL, C1) and the bidirectional overrides, shown escaped: report text
#: must not move the cursor, recolour or retitle a terminal, or hide a finding line.
_ESCAPED = {
    code: f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    for code in (*range(0x20), *range(0x7F, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A))
}


def printable(text: str) -> str:
    """``text`` with every control character written as an escape (``\\x1b``)."""
    return text.translate(_ESCAPED)


_RESET = "\033[0m"


def where(location: Location, language: str = "zh") -> str:
    """A short human label for a location: ``indicators 第9行 5G公共服务平台数量 [actual]``
    (in English ``indicators row 9 …``)."""
    label = labels(language)
    parts = []
    if location.table:
        parts.append(location.table)
    if location.row:
        parts.append(label("where.row", row=location.row))
    if location.name:
        parts.append(location.name)
    if location.column:
        parts.append(f"[{location.column}]")
    if location.field:
        parts.append(location.field)
    if location.page is not None:
        parts.insert(0, label("where.page", page=location.page))
    return " ".join(parts) or label("where.whole")


def line(finding: Finding, color: bool, language: str = "zh") -> str:
    label = f"{finding.severity:<7}"
    if color and finding.counts:
        label = f"{_COLORS[finding.severity]}{label}{_RESET}"
    place = printable(where(finding.location, language))
    state = f"[{labels(language)('baseline.' + finding.baseline)}] " if finding.baseline else ""
    text = f"  {label} {state}{finding.rule:<28} {place}: {printable(finding.message)}"
    return text + printable(review_note(finding, language))


def review_note(finding: Finding, language: str = "zh") -> str:
    """What a reviewer decided about the finding: its waiver, or that the waiver expired."""
    label = labels(language)
    waiver = finding.waiver
    if waiver is not None:
        return label("text.waiver", **waiver)
    expired = finding.waiver_expired
    if expired is not None:
        return label("text.waiver_expired", **expired)
    return ""


def render(run: Run) -> str:
    label = labels(run.language)
    out: list[str] = []
    notices = len(run.results)  # the results that follow are about the run's own inputs
    for n, result in enumerate((*run.results, *run.notices)):
        report = result.report
        title = report.get("project") or report.get("department") or ""
        year = report.get("fiscal_year") or ""
        heading = label(
            "text.heading", source=result.source, title=title, year=year, ruleset=result.ruleset
        )
        if n >= notices:
            heading = label("text.notices", source=result.source)
        out.append(printable(heading))
        for finding in result.findings:
            out.append(line(finding, run.color, run.language))
            out.extend(
                printable(f"      {key} = {value}") for key, value in finding.explanation.items()
            )
        s = result.summary
        waived = label("text.waived", waived=s["waived"]) if s.get("waived") else ""
        counts = {f"{severity}_label": label(f"severity.{severity}") for severity in SEVERITIES}
        counts.update({severity: str(s[severity]) for severity in SEVERITIES})
        out.append("  " + label("text.summary", **counts, waived=waived))
        out.append("")
    if run.absent:
        out.append(label("text.absent", count=len(run.absent)))
        out.extend(printable(f"  absent  {a.rule:<28} {a.source}: {a.message}") for a in run.absent)
        out.append("")
    out.extend(printable(label("text.failure", text=failure.text)) for failure in run.failures)
    return "\n".join(out).rstrip("\n") + "\n"
