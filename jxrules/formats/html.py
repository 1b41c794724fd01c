"""``--format html``: one self-contained page for a reviewer (no network, works offline).

Per report: the counts by severity with the report's own grade and score; the
findings, grouped by table and sortable by any column; the indicator table with
each row's verdict (``target`` error at the row: missed, red; any other finding at
the row: needs a look, amber; none: no problem found, green); a chart of actual ÷ target per
indicator figure, read by :mod:`jxrules.quantities`; the budget tables, with each
cell that a ``reconcile`` finding names (the total, by default) highlighted and
its difference shown.  Every piece of report text
is escaped; a Content-Security-Policy forbids the page to fetch anything.  Every word of the
page around the report's own text comes from jxrules/data/labels.yaml, in ``run.language``.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from importlib import resources
from string import Template

from attrs import frozen

from jxrules.findings import SEVERITIES, SEVERITY_RANK, Finding, Result, summarize
from jxrules.formats import Run
from jxrules.formats.labels import Labels, labels, rule_title, ruleset_title
from jxrules.formats.text import where
from jxrules.model import BudgetLine, BudgetTable, Indicator, Num, Report
from jxrules.quantities import compare, is_lower_better, parse_actual, parse_target

#: The money tables, in print order.
_COLUMN_TABLES = ("income", "expenditure", "funds")
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def render(run: Run) -> str:
    template = Template(
        resources.files(__package__).joinpath("report.html.tmpl").read_text(encoding="utf-8")
    )
    label = labels(run.language)
    titles = _rule_titles(run)  # once per page, not once per report
    shown = enumerate((*run.results, *run.notices), start=1)
    sections = [_report(run, result, f"r{n}", titles) for n, result in shown]
    if run.absent:
        sections.append(_absent(run))
    return template.substitute(
        lang=e(label("html.lang")),
        shown=json.dumps(label("html.shown"), ensure_ascii=False),
        version=e(run.version),
        title=e(label("html.title")),
        overview=_overview(run) + _filters(run, titles),
        body="\n".join(sections),
    )


def _filters(run: Run, titles: Mapping[str, str]) -> str:
    """The review page's filter bar: severity, rule (with its title), body and a text search.
    The page's script applies it; ``?severity=…&rule=…&body=…&q=…`` sets it on opening."""
    results = [*run.results, *run.notices]
    if not any(r.findings for r in results):
        return ""
    label = labels(run.language)
    rules = sorted({f.rule for r in results for f in r.findings})
    bodies = sorted(
        {str(r.report.get("department") or r.report.get("project") or "") for r in results} - {""}
    )
    options = "".join(
        f'<option value="{e(rule)}">{e(rule)}{" · " + e(titles[rule]) if rule in titles else ""}</option>'
        for rule in rules
    )
    severities = "".join(
        f'<option value="{s}">{label("severity." + s)}</option>' for s in SEVERITIES
    )
    everything = f'<option value="">{label("html.filter.all")}</option>'
    body_select = ""
    if len(bodies) > 1:
        body_options = "".join(f'<option value="{e(b)}">{e(b)}</option>' for b in bodies)
        body_select = (
            f'<label>{label("html.filter.body")} <select id="filter-body">{everything}'
            f"{body_options}</select></label>"
        )
    return (
        '<form class="filters" id="filters" role="search" onsubmit="return false">'
        f'<label>{label("html.filter.severity")} <select id="filter-severity">{everything}'
        f'{severities}<option value="waived">{label("html.filter.waived")}</option></select></label>'
        f'<label>{label("html.filter.rule")} <select id="filter-rule">{everything}{options}'
        f"</select></label>{body_select}"
        f'<label>{label("html.filter.search")} <input id="filter-text" type="search"'
        f' placeholder="{e(label("html.filter.placeholder"))}"></label>'
        '<output id="filter-count"></output></form>'
    )


def _rule_titles(run: Run) -> dict[str, str]:
    """Each rule's title in the run's language (in English, only where a ``title_en`` is
    given: the id is shown beside it already)."""
    titles = {}
    for ruleset in run.rulesets.values():
        for rule in ruleset.rules:
            title = rule_title(rule, run.language)
            if title and title != rule.id:
                titles[rule.id] = title
    return titles


def e(value: object) -> str:
    """Escaped text (for element content and quoted attributes alike)."""
    return html.escape(_NOT_TEXT.sub("\ufffd", "" if value is None else str(value)), quote=True)


# ------------------------------------------------------------------ page parts
def _overview(run: Run) -> str:
    label = labels(run.language)
    counts = summarize([f for r in run.results for f in r.findings])
    shown = label("list.separator").join(
        label("html.count", label=label("severity." + s), count=counts[s]) for s in SEVERITIES
    )
    overview = label("html.overview", version=e(run.version), count=len(run.results), counts=shown)
    parts = [f'<p class="meta">{overview}</p>']
    if len(run.results) > 1:
        parts.append(_index(run.results, label))
    if run.failures:
        items = "".join(
            f"<li>{e(f.text)}</li>"
            if str(f.error).startswith(f.source)
            else f"<li><code>{e(f.source)}</code>：{e(str(f.error))}</li>"
            for f in run.failures
        )
        parts.append(
            f'<section class="failures"><h2>{label("html.failures", count=len(run.failures))}</h2>'
            f"<ul>{items}</ul></section>"
        )
    return "\n".join(parts)


def _index(results: Sequence[Result], label: Labels) -> str:
    """The batch's index: one row per report with its body, kind, year and counts."""
    rows = []
    for n, result in enumerate(results, 1):
        identity, counts = result.report, result.summary
        body = identity.get("project") or identity.get("department") or ""
        kind = _kind(label, identity.get("kind"))
        cells = "".join(f'<td class="num">{counts[s]}</td>' for s in SEVERITIES)
        rows.append(
            f'<tr data-body="{e(body)}"><td><a href="#r{n}">{e(body or result.source)}</a></td>'
            f"<td>{e(kind)}</td><td>{e(identity.get('fiscal_year') or '')}</td>{cells}"
            f'<td class="num">{counts.get("waived", 0)}</td><td><code>{e(result.source)}</code></td></tr>'
        )
    head = "".join(f"<th>{label('severity.' + s)}</th>" for s in SEVERITIES)
    return (
        '<nav><table class="index sortable" id="index"><thead><tr>'
        f"<th>{label('html.index.body')}</th><th>{label('html.index.kind')}</th>"
        f"<th>{label('html.index.year')}</th>{head}<th>{label('html.index.waived')}</th>"
        f"<th>{label('html.index.file')}</th></tr></thead><tbody>{''.join(rows)}"
        "</tbody></table></nav>"
    )


def _kind(label: Labels, kind: object) -> str:
    """The report kind's name (an unknown kind as written)."""
    known = ("department_overall", "project")
    return label(f"html.kind.{kind}") if kind in known else str(kind or "")


def _absent(run: Run) -> str:
    label = labels(run.language)
    items = "".join(
        f'<tr data-baseline="absent"><td>{e(_severity(label, a.severity))}</td>'
        f"<td><code>{e(a.rule)}</code></td><td><code>{e(a.source)}</code></td><td>{e(a.message)}</td></tr>"
        for a in run.absent
    )
    return (
        f'<section class="absent"><h2>{label("html.absent", count=len(run.absent))}</h2>'
        "<table><thead><tr>"
        + "".join(f"<th>{label('html.head.' + k)}</th>" for k in _ABSENT_HEAD)
        + f"</tr></thead><tbody>{items}</tbody></table></section>"
    )


_ABSENT_HEAD = ("severity", "rule", "file", "message")


def _severity(label: Labels, severity: str) -> str:
    """A severity's label (an unknown one, from an older baseline, as written)."""
    return label(f"severity.{severity}") if severity in SEVERITIES else severity


def _report(run: Run, result: Result, prefix: str, titles: Mapping[str, str]) -> str:
    loaded = run.reports.get(result.source)
    report = loaded if isinstance(loaded, Report) else None
    ruleset = run.rulesets.get(result.ruleset)
    identity = result.report
    heading = " · ".join(
        str(v)
        for v in (
            identity.get("project") or identity.get("department"),
            identity.get("fiscal_year"),
        )
        if v
    )
    label = labels(run.language)
    kind = _kind(label, identity.get("kind"))
    title = ruleset_title(ruleset, run.language) if ruleset is not None else result.ruleset
    shown_title = f" {e(title)}" if title != result.ruleset else ""
    parts = [
        f'<section class="report" id="{prefix}" data-source="{e(result.source)}"'
        f' data-body="{e(identity.get("department") or identity.get("project") or "")}">',
        f"<h2>{e(heading or result.source)}</h2>",
        f'<p class="meta">{e(kind)} · {label("html.meta.file")} <code>{e(result.source)}</code> · '
        f"{label('html.meta.ruleset')} <code>{e(result.ruleset)}</code>{shown_title}</p>",
        _summary(result, report, label),
    ]
    anchors = _anchors(report, prefix) if report else {}
    counted = [f for f in result.findings if f.counts]
    parts.append(_findings(counted, anchors, prefix, titles, label))
    waived = [f for f in result.findings if not f.counts]
    if waived:
        parts.append(_waived(waived, anchors, prefix, titles, label))
    if report is None:
        parts.append(f'<p class="note">{label("html.no_report")}</p>')
    else:
        parts.append(_indicators(report, result.findings, prefix, label))
        parts.append(_budgets(report, result.findings, prefix, label))
    parts.append("</section>")
    return "\n".join(p for p in parts if p)


def _summary(result: Result, report: Report | None, label: Labels) -> str:
    counts = result.summary
    cells: list[tuple[str, str, str]] = [
        (s, label("severity." + s), str(counts[s])) for s in SEVERITIES
    ]
    if report is not None:
        evaluation = report.self_evaluation
        cells.append(("grade", label("html.grade"), evaluation.grade or "—"))
        cells.append(("score", label("html.score"), _num(evaluation.score)))
        if report.total_score is not None:
            cells.append(("total", label("html.total"), _num(report.total_score.score)))
    items = "".join(
        f'<div class="{key}"><dt>{e(label)}</dt><dd>{e(value)}</dd></div>'
        for key, label, value in cells
    )
    return f'<dl class="summary">{items}</dl>'


# ------------------------------------------------------------------ findings
def _section(finding: Finding) -> str:
    location = finding.location
    if location.table:
        return location.table
    parts = (location.field or "").split(".")
    return parts[1] if parts[0] == "budget" and len(parts) > 1 else parts[0]


def _findings(
    findings: Sequence[Finding],
    anchors: Mapping[str, str],
    prefix: str,
    titles: Mapping[str, str],
    label: Labels,
) -> str:
    if not findings:
        return f"<h3>{label('html.findings', count=0)}</h3>\n<p>{label('html.no_findings')}</p>"
    groups: dict[str, list[tuple[int, Finding]]] = {}
    for index, finding in enumerate(findings):
        groups.setdefault(_section(finding), []).append((index, finding))
    head = "<thead><tr>" + _head(label, number=("severity", "row")) + "</tr></thead>"
    bodies = []
    for section, members in groups.items():
        code = f" <code>{e(section)}</code>" if section else ""
        group = label(
            "html.group", label=e(_section_label(label, section)), code=code, count=len(members)
        )
        rows_html = [f'<tr class="group"><th colspan="6">{group}</th></tr>']
        rows_html += [_finding_row(i, f, anchors, titles, label) for i, f in members]
        bodies.append(f'<tbody data-group="{e(section)}">{"".join(rows_html)}</tbody>')
    return (
        f"<h3>{label('html.findings', count=len(findings))}</h3>\n"
        f'<table class="findings sortable" id="{prefix}-findings" data-count="{len(findings)}">'
        f"{head}{''.join(bodies)}</table>"
    )


def _waived(
    findings: Sequence[Finding],
    anchors: Mapping[str, str],
    prefix: str,
    titles: Mapping[str, str],
    label: Labels,
) -> str:
    """Accepted findings apart, each with its waiver's reason, approver and expiry."""
    rows = []
    for index, finding in enumerate(findings):
        waiver = finding.waiver or {}
        row = _finding_row(index, finding, anchors, titles, label)
        approved = label(
            "html.approved",
            approved_by=e(waiver.get("approved_by")),
            expires=e(waiver.get("expires")),
        )
        rows.append(
            row.replace(
                "</tr>",
                f'<td class="waiver"><code>{e(waiver.get("id"))}</code> {e(waiver.get("reason"))}'
                f"{approved}</td></tr>",
            )
        )
    return (
        f"<h3>{label('html.waived', count=len(findings))}</h3>\n"
        f'<table class="findings waived" id="{prefix}-waived" data-count="{len(findings)}">'
        f"<thead><tr>{_head(label)}<th>{label('html.head.waiver')}</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


_FINDING_HEAD = ("severity", "rule", "check", "row", "place", "message")


def _head(label: Labels, number: tuple[str, ...] = ()) -> str:
    """The findings tables' header cells (``number``: the columns that sort as numbers)."""
    return "".join(
        f'<th data-type="number">{label("html.head." + k)}</th>'
        if k in number
        else f"<th>{label('html.head.' + k)}</th>"
        for k in _FINDING_HEAD
    )


def _section_label(label: Labels, section: str) -> str:
    """A report section's name (one jxrules does not know, as written)."""
    known = (*_SECTIONS, "")
    return label(f"html.section.{section or 'whole'}") if section in known else section


#: Report sections with a name in the labels.
_SECTIONS = (
    "self_evaluation",
    "declared",
    "income",
    "expenditure",
    "funds",
    "indicators",
    "total_score",
    "narrative",
)


def _finding_row(
    index: int,
    finding: Finding,
    anchors: Mapping[str, str],
    titles: Mapping[str, str],
    label: Labels,
) -> str:
    location = finding.location
    place = e(where(location, label.language))
    row = location.row or ""
    table = location.table or ""
    anchor = anchors.get(f"{table}/{row}" if table == "indicators" and row else table)
    if anchor:
        place = f'<a href="#{e(anchor)}">{place}</a>'
    if location.line is not None:
        place += (
            f' <span class="source-line">{label("html.source_line", line=location.line)}</span>'
        )
    evidence = "".join(
        f"<div><dt>{e(k)}</dt><dd>{e(v)}</dd></div>" for k, v in finding.evidence.items()
    )
    figures = f'<dl class="evidence">{evidence}</dl>' if evidence else ""
    severity = finding.severity
    title = titles.get(finding.rule, "")
    rule = f"<code>{e(finding.rule)}</code>" + (
        f'<br><span class="rule-title">{e(title)}</span>' if title else ""
    )
    state = f' data-baseline="{e(finding.baseline)}"' if finding.baseline else ""
    badge = (
        f' <span class="baseline">{e(label("baseline." + finding.baseline))}</span>'
        if finding.baseline
        else ""
    )
    expired = ""
    if finding.waiver_expired is not None:
        gone = finding.waiver_expired
        text = label("html.expired", id=e(gone["id"]), expires=e(gone["expires"]))
        expired = f'<p class="expired">{text}</p>'
    return (
        f'<tr class="sev-row-{severity}" data-index="{index}" data-severity="{severity}"'
        f' data-rule="{e(finding.rule)}" data-fingerprint="{e(finding.fingerprint or "")}"'
        f' data-waived="{"yes" if finding.waiver else "no"}"{state}>'
        f'<td data-key="{4 - SEVERITY_RANK[severity]}"><span class="sev sev-{severity}">'
        f"{label('severity.' + severity)}</span>{badge}</td>"
        f"<td>{rule}</td><td>{e(finding.check)}</td>"
        f"{_row_cell(row)}<td>{place}</td><td>{e(finding.message)}{expired}{figures}</td></tr>"
    )


# ------------------------------------------------------------------ indicators
def _anchors(report: Report, prefix: str) -> dict[str, str]:
    """Element ids a finding can link to: ``indicators/9`` (a row) and each budget table."""
    anchors = {key: f"{prefix}-{key}" for key in report.budget}
    for n, indicator in enumerate(report.indicators, start=1):
        anchors.setdefault(f"indicators/{indicator.row}", f"{prefix}-ind-{n}")
    return anchors


def verdicts(report: Report, findings: Iterable[Finding]) -> dict[str, str]:
    """Each indicator row's verdict: ``missed``, ``flagged`` or ``ok``."""
    out = {indicator.row: "ok" for indicator in report.indicators}
    for finding in findings:
        row = finding.location.row
        if finding.location.table != "indicators" or row not in out:
            continue
        missed = finding.check == "target" and finding.severity == "error"
        if missed:
            out[row] = "missed"
        elif out[row] == "ok":
            out[row] = "flagged"
    return out


#: Indicator table columns: key, header attributes, cell.  Optional ones show only when some
#: row has a value; the header's words are ``html.ind.KEY`` in the labels.
_INDICATOR_COLUMNS: tuple[tuple[str, str, Callable[[Indicator], str]], ...] = (
    ("seq", ' data-type="number"', lambda i: _row_cell(i.row)),
    ("level1", "", lambda i: f"<td>{e(i.level1 or '')}</td>"),
    ("level2", "", lambda i: f"<td>{e(i.level2 or '')}</td>"),
    ("name", "", lambda i: f"<td>{e(i.name)}</td>"),
    ("target", "", lambda i: f'<td class="target">{e(i.target)}</td>'),
    ("actual", "", lambda i: f'<td class="actual">{e(i.actual)}</td>'),
    ("points", ' data-type="number"', lambda i: _num_cell(i.points)),
    ("score", ' data-type="number"', lambda i: _num_cell(i.score)),
)
_OPTIONAL = {
    "level1": lambda i: bool(i.level1),
    "points": lambda i: i.points is not None,
    "score": lambda i: i.score is not None,
}


def _indicators(report: Report, findings: Sequence[Finding], prefix: str, label: Labels) -> str:
    if not report.indicators:
        return ""
    verdict = verdicts(report, findings)
    notes: dict[str, list[str]] = {}
    for finding in findings:
        if finding.location.table == "indicators" and finding.location.row:
            notes.setdefault(finding.location.row, []).append(finding.message)
    columns = [
        (f"<th{attributes}>{label('html.ind.' + key)}</th>", cell)
        for key, attributes, cell in _INDICATOR_COLUMNS
        if key not in _OPTIONAL or any(map(_OPTIONAL[key], report.indicators))
    ]
    body = []
    for n, indicator in enumerate(report.indicators, start=1):
        row = indicator.row
        state = verdict[row]
        note = "\n".join(notes.get(row, [])) if state != "ok" else ""
        title = f' title="{e(note)}"' if note else ""
        cells = "".join(cell(indicator) for _, cell in columns)
        body.append(
            f'<tr id="{prefix}-ind-{n}" class="v-{state}" data-row="{e(row)}" data-index="{n}">'
            f'{cells}<td class="verdict"{title} data-key="{state}">{label("html.verdict." + state)}</td></tr>'
        )
    head = "".join(header for header, _ in columns)
    return (
        f"<h3>{label('html.indicators', count=len(report.indicators))}</h3>\n"
        f'<table class="indicators sortable" id="{prefix}-indicators">'
        f"<thead><tr>{head}<th>{label('html.ind.verdict')}</th></tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>\n"
        + chart(report.indicators, verdict, prefix, label)
    )


# ------------------------------------------------------------------ chart
@frozen
class _Point:
    """One bar: an indicator's clause (compound cells give several) and actual ÷ target."""

    indicator: Indicator
    ratio: Decimal
    label: str
    figures: str
    lower_is_better: bool


def chart_points(indicators: Sequence[Indicator], label: Labels | None = None) -> list[_Point]:
    """The comparable figures, read by :mod:`jxrules.quantities` as the ``target`` check reads them."""
    label = label or labels("zh")
    points = []
    for indicator in indicators:
        lower = is_lower_better(indicator.name)
        verdict = compare(parse_target(indicator.target), parse_actual(indicator.actual), lower)
        count = len(verdict.clauses)
        for n, clause in enumerate(verdict.clauses, start=1):
            if clause.ratio is None or clause.actual is None:
                continue
            if count == 1:
                name, figures = indicator.name, f"{indicator.actual} / {indicator.target}"
            else:
                name = label("html.chart.part", name=indicator.name, n=n, count=count)
                figures = f"{clause.actual.text} / {clause.target.text}"
            points.append(
                _Point(indicator, clause.ratio, f"{indicator.row} {name}", figures, lower)
            )
    return points


def chart(
    indicators: Sequence[Indicator],
    verdict: Mapping[str, str],
    prefix: str,
    label: Labels | None = None,
) -> str:
    """Actual ÷ target per comparable indicator figure, as an inline SVG bar chart."""
    label = label or labels("zh")
    points = chart_points(indicators, label)
    if not points:
        return ""
    cap = min(max(Decimal("1.2"), *(p.ratio for p in points)), Decimal(3))
    label_w, bar_w, text_w, row_h, top = 300, 460, 260, 22, 24
    width, height = label_w + bar_w + text_w, top + row_h * len(points) + 8
    scale = Decimal(bar_w) / cap
    rows = []
    for n, point in enumerate(points):
        y = top + n * row_h
        state = verdict.get(point.indicator.row, "ok")
        percent = f"{(point.ratio * 100).quantize(Decimal(1))}%"
        short = point.label if len(point.label) <= 22 else point.label[:21] + "…"
        arrow = " ↓" if point.lower_is_better else ""
        lower = label("html.chart.lower") if point.lower_is_better else ""
        tip = label(
            "html.chart.tip",
            label=e(point.label),
            figures=e(point.figures),
            percent=percent,
            lower=lower,
        )
        figures = label("html.chart.figures", figures=e(point.figures), percent=percent)
        rows.append(
            f'<g class="point" data-row="{e(point.indicator.row)}">'
            f"<title>{tip}</title>"
            f'<text x="0" y="{y + 15}">{e(short)}{arrow}</text>'
            f'<rect class="track" x="{label_w}" y="{y + 4}" width="{bar_w}" height="14"/>'
            f'<rect class="bar-{state}" x="{label_w}" y="{y + 4}" '
            f'width="{min(point.ratio, cap) * scale:.1f}" height="14"/>'
            f'<text x="{label_w + bar_w + 8}" y="{y + 15}">{figures}</text>'
            "</g>"
        )
    target_x = f"{label_w + scale:.1f}"
    plotted = len({p.indicator.row for p in points})
    note = label("html.chart.note", cap=f"{cap * 100:.0f}", skipped=len(indicators) - plotted)
    return (
        f"<h3>{label('html.chart.heading', count=plotted)}</h3>\n"
        f'<svg class="chart" id="{prefix}-chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" aria-label="{e(label("html.chart.aria"))}">'
        f'<text x="{target_x}" y="14" text-anchor="middle">{label("html.chart.target")}</text>'
        f'<line class="axis" x1="{target_x}" y1="18" x2="{target_x}" y2="{height}"/>'
        f"{''.join(rows)}</svg>\n"
        f'<p class="note">{note}</p>'
    )


# ------------------------------------------------------------------ budgets
def _budgets(report: Report, findings: Sequence[Finding], prefix: str, label: Labels) -> str:
    order = [k for k in _COLUMN_TABLES if k in report.budget]
    order += sorted(k for k in report.budget if k not in order)
    return "\n".join(
        _budget(key, report.budget[key], findings, f"{prefix}-{key}", label) for key in order
    )


def mismatches(
    key: str, table: BudgetTable, findings: Iterable[Finding]
) -> dict[tuple[str, str], Finding]:
    """Cells named by ``reconcile`` findings: (row name, column) → finding; the total by default."""
    names = {_plain(line.name) for line in table.items}
    total = table.total.name if table.total is not None else ""
    out: dict[tuple[str, str], Finding] = {}
    for finding in findings:
        location = finding.location
        if finding.check != "reconcile" or location.table != key:
            continue
        row = _plain(location.name) if location.name and _plain(location.name) in names else None
        for column in [location.column] if location.column else table.columns:
            out.setdefault((row or _plain(total), column), finding)
    return out


def _budget(
    key: str, table: BudgetTable, findings: Sequence[Finding], anchor: str, label: Labels
) -> str:
    columns = table.columns
    marked = mismatches(key, table, findings)
    head = "".join(f"<th>{e(_column_label(label, c))}</th>" for c in columns)
    body = [_budget_row(line, columns, marked, "item", label) for line in table.items]
    if table.total is not None:
        body.append(_budget_row(table.total, columns, marked, "total", label))
    extra = [
        f"{label('html.budget.' + name)} {_num(value)}"
        for name, value in (
            ("points", table.points),
            ("rate", table.execution_rate),
            ("score", table.score),
        )
        if value is not None
    ]
    tail = f'<p class="note">{e(label("html.budget.separator").join(extra))}</p>' if extra else ""
    heading = label("html.budget.heading", label=e(_section_label(label, key)), unit=e(table.unit))
    return (
        f'<h3 id="{e(anchor)}">{heading}</h3>\n'
        f'<table class="budget" data-table="{e(key)}"><thead><tr>'
        f"<th>{label('html.budget.item')}</th>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>{tail}"
    )


def _column_label(label: Labels, column: str) -> str:
    """A money column's name (one jxrules does not know, as its key)."""
    known = ("initial_budget", "adjusted_budget", "final_accounts", "executed")
    return label(f"html.column.{column}") if column in known else column


def _budget_row(
    line: BudgetLine,
    columns: Sequence[str],
    marked: Mapping[tuple[str, str], Finding],
    kind: str,
    label: Labels,
) -> str:
    cells = []
    for column in columns:
        text = e(_num(line.cells.get(column)))
        finding = marked.get((_plain(line.name), column))
        if finding is None:
            cells.append(f'<td class="num" data-column="{e(column)}">{text}</td>')
            continue
        difference = finding.evidence.get("difference")
        diff = (
            f'<span class="diff">{label("html.budget.difference")} {e(difference)}</span>'
            if difference
            else ""
        )
        cells.append(
            f'<td class="num mismatch" data-column="{e(column)}" title="{e(finding.message)}">'
            f"{text}{diff}</td>"
        )
    tag = "th" if kind == "total" else "td"
    return f'<tr class="{kind}"><{tag}>{e(line.name)}</{tag}>{"".join(cells)}</tr>'


# ------------------------------------------------------------------ helpers
def _num(value: Num | None, blank: str = "—") -> str:
    if value is None or value.value is None:
        return blank
    return value.text or str(value.value)


def _num_cell(value: Num | None) -> str:
    return f'<td class="num">{e(_num(value, ""))}</td>'


def _row_cell(row: str) -> str:
    """A row label cell, sorting by number where the label is one."""
    return f'<td class="num" data-key="{e(row if row.isdigit() else "")}">{e(row)}</td>'


def _plain(name: str) -> str:
    return "".join(name.split())
