"""``--format text``: grouped by report, one line per finding; colour only on a terminal."""

from __future__ import annotations

from jxrules.findings import Finding, Location
from jxrules.formats import Run

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
_LABEL = {"error": "错误", "warning": "警告", "info": "提示"}


def where(location: Location) -> str:
    """A short human label for a location: ``indicators 第9行 5G公共服务平台数量 [actual]``."""
    parts = []
    if location.table:
        parts.append(location.table)
    if location.row:
        parts.append(f"第{location.row}行")
    if location.name:
        parts.append(location.name)
    if location.column:
        parts.append(f"[{location.column}]")
    if location.field:
        parts.append(location.field)
    if location.page is not None:
        parts.insert(0, f"第{location.page}页")
    return " ".join(parts) or "（全文）"


def line(finding: Finding, color: bool) -> str:
    label = f"{finding.severity:<7}"
    if color and finding.counts:
        label = f"{_COLORS[finding.severity]}{label}{_RESET}"
    place = printable(where(finding.location))
    state = f"[{_BASELINE_LABEL[finding.baseline]}] " if finding.baseline else ""
    text = f"  {label} {state}{finding.rule:<28} {place}: {printable(finding.message)}"
    return text + printable(review_note(finding))


_BASELINE_LABEL = {"new": "新增", "unchanged": "未变", "updated": "已变"}


def review_note(finding: Finding) -> str:
    """What a reviewer decided about the finding: its waiver, or that the waiver expired."""
    waiver = finding.waiver
    if waiver is not None:
        return (
            f"（已豁免 {waiver['id']}：{waiver['reason']}；{waiver['approved_by']}；"
            f"有效至 {waiver['expires']}）"
        )
    expired = finding.waiver_expired
    if expired is not None:
        return f"（豁免 {expired['id']} 已于 {expired['expires']} 过期，重新计入）"
    return ""


def render(run: Run) -> str:
    out: list[str] = []
    for result in (*run.results, *run.notices):
        report = result.report
        title = report.get("project") or report.get("department") or ""
        heading = f"{result.source} — {title} {report.get('fiscal_year') or ''}（规则集 {result.ruleset}）"
        if result in run.notices:
            heading = f"{result.source}（豁免文件）"
        out.append(printable(heading))
        for finding in result.findings:
            out.append(line(finding, run.color))
            out.extend(
                printable(f"      {key} = {value}") for key, value in finding.explanation.items()
            )
        s = result.summary
        waived = f"，已豁免 {s['waived']}" if s.get("waived") else ""
        out.append(
            f"  {_LABEL['error']} {s['error']}，{_LABEL['warning']} {s['warning']}，{_LABEL['info']} {s['info']}{waived}"
        )
        out.append("")
    if run.absent:
        out.append(f"基线中有、本次已不再出现的发现（{len(run.absent)}）：")
        out.extend(printable(f"  absent  {a.rule:<28} {a.source}: {a.message}") for a in run.absent)
        out.append("")
    out.extend(printable(f"无法检查 {failure.text}") for failure in run.failures)
    return "\n".join(out).rstrip("\n") + "\n"
