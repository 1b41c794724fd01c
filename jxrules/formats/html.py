"""``--format html``: one self-contained page for a reviewer (no network, works offline).

Per report: the counts by severity with the report's own grade and score; the
findings, grouped by table and sortable by any column; the indicator table with
each row's verdict (``target`` error at the row: 未完成, red; any other finding at
the row: 需关注, amber; none: 未发现问题, green); a chart of actual ÷ target per
indicator figure, read by :mod:`jxrules.quantities`; the budget tables, with each
cell that a ``reconcile`` finding names (the total, by default) highlighted and
its difference shown.  Every piece of report text
is escaped; a Content-Security-Policy forbids the page to fetch anything.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from importlib import resources
from string import Template

from attrs import frozen

from jxrules.findings import SEVERITIES, SEVERITY_RANK, Finding, Result, summarize
from jxrules.formats import Run
from jxrules.formats.text import where
from jxrules.model import BudgetLine, BudgetTable, Indicator, Num, Report
from jxrules.quantities import compare, is_lower_better, parse_actual, parse_target

TITLE = "jxrules 绩效自评报告检查结果"
_SEVERITY_LABEL = {"error": "错误", "warning": "警告", "info": "提示"}
_SECTION_LABEL = {
    "self_evaluation": "自评结论",
    "declared": "正文声明",
    "income": "收入表",
    "expenditure": "支出表",
    "funds": "项目资金",
    "indicators": "绩效指标",
    "total_score": "总分",
    "narrative": "正文",
    "": "整体",
}
_COLUMN_LABEL = {
    "initial_budget": "年初预算数",
    "adjusted_budget": "全年预算数",
    "final_accounts": "决算数",
    "executed": "全年执行数",
}
_KIND_LABEL = {"department_overall": "部门整体支出绩效自评报告", "project": "项目支出绩效自评表"}
#: The money tables, in print order.
_COLUMN_TABLES = ("income", "expenditure", "funds")
_VERDICT_LABEL = {"missed": "未完成", "flagged": "需关注", "ok": "未发现问题"}
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def render(run: Run) -> str:
    template = Template(
        resources.files(__package__).joinpath("report.html.tmpl").read_text(encoding="utf-8")
    )
    sections = [_report(run, result, f"r{n}") for n, result in enumerate(run.results, start=1)]
    first_notice = len(run.results) + 1
    sections += [
        _report(run, notice, f"r{n}") for n, notice in enumerate(run.notices, start=first_notice)
    ]
    if run.absent:
        sections.append(_absent(run))
    return template.substitute(
        version=e(run.version),
        title=e(TITLE),
        overview=_overview(run) + _filters(run),
        body="\n".join(sections),
    )


def _filters(run: Run) -> str:
    """The review page's filter bar: severity, rule (with its title), body and a text search.
    The page's script applies it; ``?severity=…&rule=…&body=…&q=…`` sets it on opening."""
    results = [*run.results, *run.notices]
    if not any(r.findings for r in results):
        return ""
    titles = _rule_titles(run)
    rules = sorted({f.rule for r in results for f in r.findings})
    bodies = sorted(
        {str(r.report.get("department") or r.report.get("project") or "") for r in results} - {""}
    )
    options = "".join(
        f'<option value="{e(rule)}">{e(rule)}{" · " + e(titles[rule]) if rule in titles else ""}</option>'
        for rule in rules
    )
    severities = "".join(f'<option value="{s}">{_SEVERITY_LABEL[s]}</option>' for s in SEVERITIES)
    body_select = ""
    if len(bodies) > 1:
        body_options = "".join(f'<option value="{e(b)}">{e(b)}</option>' for b in bodies)
        body_select = (
            '<label>单位 <select id="filter-body"><option value="">全部</option>'
            f"{body_options}</select></label>"
        )
    return (
        '<form class="filters" id="filters" role="search" onsubmit="return false">'
        '<label>严重程度 <select id="filter-severity"><option value="">全部</option>'
        f'{severities}<option value="waived">已豁免</option></select></label>'
        f'<label>规则 <select id="filter-rule"><option value="">全部</option>{options}</select></label>'
        f"{body_select}"
        '<label>搜索 <input id="filter-text" type="search" placeholder="指标、金额、说明…"></label>'
        '<output id="filter-count"></output></form>'
    )


def _rule_titles(run: Run) -> dict[str, str]:
    return {
        rule.id: rule.title
        for ruleset in run.rulesets.values()
        for rule in ruleset.rules
        if rule.title
    }


def e(value: object) -> str:
    """Escaped text (for element content and quoted attributes alike)."""
    return html.escape(_NOT_TEXT.sub("\ufffd", "" if value is None else str(value)), quote=True)


# ------------------------------------------------------------------ page parts
def _overview(run: Run) -> str:
    counts = summarize([f for r in run.results for f in r.findings])
    parts = [
        f'<p class="meta">jxrules {e(run.version)} · {len(run.results)} 份报告 · '
        + "，".join(f"{_SEVERITY_LABEL[s]} {counts[s]}" for s in SEVERITIES)
        + "</p>"
    ]
    if len(run.results) > 1:
        parts.append(_index(run.results))
    if run.failures:
        items = "".join(
            f"<li>{e(f.text)}</li>"
            if str(f.error).startswith(f.source)
            else f"<li><code>{e(f.source)}</code>：{e(str(f.error))}</li>"
            for f in run.failures
        )
        parts.append(
            f'<section class="failures"><h2>无法检查的文件（{len(run.failures)}）</h2>'
            f"<ul>{items}</ul></section>"
        )
    return "\n".join(parts)


def _index(results: Sequence[Result]) -> str:
    """The batch's index: one row per report with its body, kind, year and counts."""
    rows = []
    for n, result in enumerate(results, 1):
        identity, counts = result.report, result.summary
        body = identity.get("project") or identity.get("department") or ""
        kind = _KIND_LABEL.get(str(identity.get("kind")), str(identity.get("kind") or ""))
        cells = "".join(f'<td class="num">{counts[s]}</td>' for s in SEVERITIES)
        rows.append(
            f'<tr data-body="{e(body)}"><td><a href="#r{n}">{e(body or result.source)}</a></td>'
            f"<td>{e(kind)}</td><td>{e(identity.get('fiscal_year') or '')}</td>{cells}"
            f'<td class="num">{counts.get("waived", 0)}</td><td><code>{e(result.source)}</code></td></tr>'
        )
    head = "".join(f"<th>{_SEVERITY_LABEL[s]}</th>" for s in SEVERITIES)
    return (
        '<nav><table class="index sortable" id="index"><thead><tr><th>单位 / 项目</th><th>类型</th>'
        f"<th>年度</th>{head}<th>已豁免</th><th>文件</th></tr></thead><tbody>{''.join(rows)}"
        "</tbody></table></nav>"
    )


def _absent(run: Run) -> str:
    items = "".join(
        f'<tr data-baseline="absent"><td>{e(_SEVERITY_LABEL.get(a.severity, a.severity))}</td>'
        f"<td><code>{e(a.rule)}</code></td><td><code>{e(a.source)}</code></td><td>{e(a.message)}</td></tr>"
        for a in run.absent
    )
    return (
        f'<section class="absent"><h2>基线中有、本次已不再出现的发现（{len(run.absent)}）</h2>'
        "<table><thead><tr><th>严重程度</th><th>规则</th><th>文件</th><th>说明</th></tr></thead>"
        f"<tbody>{items}</tbody></table></section>"
    )


def _report(run: Run, result: Result, prefix: str) -> str:
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
    kind = _KIND_LABEL.get(str(identity.get("kind")), str(identity.get("kind") or ""))
    ruleset_title = f" {e(ruleset.title)}" if ruleset is not None else ""
    parts = [
        f'<section class="report" id="{prefix}" data-source="{e(result.source)}"'
        f' data-body="{e(identity.get("department") or identity.get("project") or "")}">',
        f"<h2>{e(heading or result.source)}</h2>",
        f'<p class="meta">{e(kind)} · 文件 <code>{e(result.source)}</code> · '
        f"规则集 <code>{e(result.ruleset)}</code>{ruleset_title}</p>",
        _summary(result, report),
    ]
    anchors = _anchors(report, prefix) if report else {}
    titles = _rule_titles(run)
    counted = [f for f in result.findings if f.counts]
    parts.append(_findings(counted, anchors, prefix, titles))
    waived = [f for f in result.findings if not f.counts]
    if waived:
        parts.append(_waived(waived, anchors, prefix, titles))
    if report is None:
        parts.append('<p class="note">未提供报告内容，只列出发现的问题。</p>')
    else:
        parts.append(_indicators(report, result.findings, prefix))
        parts.append(_budgets(report, result.findings, prefix))
    parts.append("</section>")
    return "\n".join(p for p in parts if p)


def _summary(result: Result, report: Report | None) -> str:
    counts = result.summary
    cells: list[tuple[str, str, str]] = [
        (s, _SEVERITY_LABEL[s], str(counts[s])) for s in SEVERITIES
    ]
    if report is not None:
        evaluation = report.self_evaluation
        cells.append(("grade", "绩效等级", evaluation.grade or "—"))
        cells.append(("score", "自评分数", _num(evaluation.score)))
        if report.total_score is not None:
            cells.append(("total", "总分（得分）", _num(report.total_score.score)))
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
) -> str:
    if not findings:
        return "<h3>发现的问题（0）</h3>\n<p>未发现问题。</p>"
    groups: dict[str, list[tuple[int, Finding]]] = {}
    for index, finding in enumerate(findings):
        groups.setdefault(_section(finding), []).append((index, finding))
    head = (
        '<thead><tr><th data-type="number">严重程度</th><th>规则</th><th>检查</th>'
        '<th data-type="number">行</th><th>位置</th><th>说明</th></tr></thead>'
    )
    bodies = []
    for section, members in groups.items():
        label = _SECTION_LABEL.get(section, section)
        rows_html = [
            f'<tr class="group"><th colspan="6">{e(label)}'
            f"{f' <code>{e(section)}</code>' if section else ''}（{len(members)}）</th></tr>"
        ]
        rows_html += [_finding_row(i, f, anchors, titles) for i, f in members]
        bodies.append(f'<tbody data-group="{e(section)}">{"".join(rows_html)}</tbody>')
    return (
        f"<h3>发现的问题（{len(findings)}）</h3>\n"
        f'<table class="findings sortable" id="{prefix}-findings" data-count="{len(findings)}">'
        f"{head}{''.join(bodies)}</table>"
    )


def _waived(
    findings: Sequence[Finding],
    anchors: Mapping[str, str],
    prefix: str,
    titles: Mapping[str, str],
) -> str:
    """Accepted findings apart, each with its waiver's reason, approver and expiry."""
    rows = []
    for index, finding in enumerate(findings):
        waiver = finding.waiver or {}
        row = _finding_row(index, finding, anchors, titles)
        rows.append(
            row.replace(
                "</tr>",
                f'<td class="waiver"><code>{e(waiver.get("id"))}</code> {e(waiver.get("reason"))}'
                f"<br>批准：{e(waiver.get('approved_by'))} · 有效至 {e(waiver.get('expires'))}</td></tr>",
            )
        )
    return (
        f"<h3>已豁免（{len(findings)}）</h3>\n"
        f'<table class="findings waived" id="{prefix}-waived" data-count="{len(findings)}">'
        "<thead><tr><th>严重程度</th><th>规则</th><th>检查</th><th>行</th><th>位置</th>"
        f"<th>说明</th><th>豁免</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _finding_row(
    index: int, finding: Finding, anchors: Mapping[str, str], titles: Mapping[str, str]
) -> str:
    location = finding.location
    place = e(where(location))
    row = location.row or ""
    table = location.table or ""
    anchor = anchors.get(f"{table}/{row}" if table == "indicators" and row else table)
    if anchor:
        place = f'<a href="#{e(anchor)}">{place}</a>'
    if location.line is not None:
        place += f' <span class="source-line">源文件第 {location.line} 行</span>'
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
        f' <span class="baseline">{e(_BASELINE_LABEL[finding.baseline])}</span>'
        if finding.baseline
        else ""
    )
    expired = ""
    if finding.waiver_expired is not None:
        expired = (
            f'<p class="expired">豁免 {e(finding.waiver_expired["id"])} 已于 '
            f"{e(finding.waiver_expired['expires'])} 过期</p>"
        )
    return (
        f'<tr class="sev-row-{severity}" data-index="{index}" data-severity="{severity}"'
        f' data-rule="{e(finding.rule)}" data-fingerprint="{e(finding.fingerprint or "")}"'
        f' data-waived="{"yes" if finding.waiver else "no"}"{state}>'
        f'<td data-key="{4 - SEVERITY_RANK[severity]}"><span class="sev sev-{severity}">'
        f"{_SEVERITY_LABEL[severity]}</span>{badge}</td>"
        f"<td>{rule}</td><td>{e(finding.check)}</td>"
        f"{_row_cell(row)}<td>{place}</td><td>{e(finding.message)}{expired}{figures}</td></tr>"
    )


_BASELINE_LABEL = {"new": "新增", "unchanged": "未变", "updated": "已变"}


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


#: Indicator table columns: key, header, cell.  Optional ones show only when some row has a value.
_INDICATOR_COLUMNS: tuple[tuple[str, str, Callable[[Indicator], str]], ...] = (
    ("seq", '<th data-type="number">序号</th>', lambda i: _row_cell(i.row)),
    ("level1", "<th>一级指标</th>", lambda i: f"<td>{e(i.level1 or '')}</td>"),
    ("level2", "<th>二级指标</th>", lambda i: f"<td>{e(i.level2 or '')}</td>"),
    ("name", "<th>三级指标</th>", lambda i: f"<td>{e(i.name)}</td>"),
    ("target", "<th>目标值</th>", lambda i: f'<td class="target">{e(i.target)}</td>'),
    ("actual", "<th>实际完成值</th>", lambda i: f'<td class="actual">{e(i.actual)}</td>'),
    ("points", '<th data-type="number">分值</th>', lambda i: _num_cell(i.points)),
    ("score", '<th data-type="number">得分</th>', lambda i: _num_cell(i.score)),
)
_OPTIONAL = {
    "level1": lambda i: bool(i.level1),
    "points": lambda i: i.points is not None,
    "score": lambda i: i.score is not None,
}


def _indicators(report: Report, findings: Sequence[Finding], prefix: str) -> str:
    if not report.indicators:
        return ""
    verdict = verdicts(report, findings)
    notes: dict[str, list[str]] = {}
    for finding in findings:
        if finding.location.table == "indicators" and finding.location.row:
            notes.setdefault(finding.location.row, []).append(finding.message)
    columns = [
        (header, cell)
        for key, header, cell in _INDICATOR_COLUMNS
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
            f'{cells}<td class="verdict"{title} data-key="{state}">{_VERDICT_LABEL[state]}</td></tr>'
        )
    head = "".join(header for header, _ in columns)
    return (
        f"<h3>绩效指标（{len(report.indicators)}）</h3>\n"
        f'<table class="indicators sortable" id="{prefix}-indicators">'
        f"<thead><tr>{head}<th>判定</th></tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>\n" + chart(report.indicators, verdict, prefix)
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


def chart_points(indicators: Sequence[Indicator]) -> list[_Point]:
    """The comparable figures, read by :mod:`jxrules.quantities` as the ``target`` check reads them."""
    points = []
    for indicator in indicators:
        lower = is_lower_better(indicator.name)
        verdict = compare(parse_target(indicator.target), parse_actual(indicator.actual), lower)
        count = len(verdict.clauses)
        for n, clause in enumerate(verdict.clauses, start=1):
            if clause.ratio is None or clause.actual is None:
                continue
            if count == 1:
                label, figures = indicator.name, f"{indicator.actual} / {indicator.target}"
            else:
                label = f"{indicator.name}（{n}/{count}）"
                figures = f"{clause.actual.text} / {clause.target.text}"
            points.append(
                _Point(indicator, clause.ratio, f"{indicator.row} {label}", figures, lower)
            )
    return points


def chart(indicators: Sequence[Indicator], verdict: Mapping[str, str], prefix: str) -> str:
    """Actual ÷ target per comparable indicator figure, as an inline SVG bar chart."""
    points = chart_points(indicators)
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
        label = point.label if len(point.label) <= 22 else point.label[:21] + "…"
        arrow = " ↓" if point.lower_is_better else ""
        rows.append(
            f'<g class="point" data-row="{e(point.indicator.row)}">'
            f"<title>{e(point.label)}：实际 / 目标 = {e(point.figures)}（{percent}）"
            f"{'，越低越好' if point.lower_is_better else ''}</title>"
            f'<text x="0" y="{y + 15}">{e(label)}{arrow}</text>'
            f'<rect class="track" x="{label_w}" y="{y + 4}" width="{bar_w}" height="14"/>'
            f'<rect class="bar-{state}" x="{label_w}" y="{y + 4}" '
            f'width="{min(point.ratio, cap) * scale:.1f}" height="14"/>'
            f'<text x="{label_w + bar_w + 8}" y="{y + 15}">{e(point.figures)}（{percent}）</text>'
            "</g>"
        )
    target_x = f"{label_w + scale:.1f}"
    plotted = len({p.indicator.row for p in points})
    return (
        f"<h3>实际完成值 ÷ 目标值（{plotted} 项指标）</h3>\n"
        f'<svg class="chart" id="{prefix}-chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" aria-label="实际完成值与目标值之比">'
        f'<text x="{target_x}" y="14" text-anchor="middle">目标 100%</text>'
        f'<line class="axis" x1="{target_x}" y1="18" x2="{target_x}" y2="{height}"/>'
        f"{''.join(rows)}</svg>\n"
        f'<p class="note">条长为实际完成值 ÷ 目标值（超过 {cap * 100:.0f}% 截断；↓ 为越低越好的指标；'
        f"一格多项数值的指标逐项绘制）；{len(indicators) - plotted} 项定性、无法读取或单位不一致的指标未绘制。</p>"
    )


# ------------------------------------------------------------------ budgets
def _budgets(report: Report, findings: Sequence[Finding], prefix: str) -> str:
    order = [k for k in _COLUMN_TABLES if k in report.budget]
    order += sorted(k for k in report.budget if k not in order)
    return "\n".join(_budget(key, report.budget[key], findings, f"{prefix}-{key}") for key in order)


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


def _budget(key: str, table: BudgetTable, findings: Sequence[Finding], anchor: str) -> str:
    columns = table.columns
    marked = mismatches(key, table, findings)
    head = "".join(f"<th>{e(_COLUMN_LABEL.get(c, c))}</th>" for c in columns)
    body = [_budget_row(line, columns, marked, "item") for line in table.items]
    if table.total is not None:
        body.append(_budget_row(table.total, columns, marked, "total"))
    extra = [
        f"{label} {_num(value)}"
        for label, value in (
            ("分值", table.points),
            ("执行率", table.execution_rate),
            ("得分", table.score),
        )
        if value is not None
    ]
    tail = f'<p class="note">{e("；".join(extra))}</p>' if extra else ""
    label = _SECTION_LABEL.get(key, key)
    return (
        f'<h3 id="{e(anchor)}">{e(label)}（{e(table.unit)}）</h3>\n'
        f'<table class="budget" data-table="{e(key)}"><thead><tr><th>项目</th>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>{tail}"
    )


def _budget_row(
    line: BudgetLine,
    columns: Sequence[str],
    marked: Mapping[tuple[str, str], Finding],
    kind: str,
) -> str:
    cells = []
    for column in columns:
        text = e(_num(line.cells.get(column)))
        finding = marked.get((_plain(line.name), column))
        if finding is None:
            cells.append(f'<td class="num" data-column="{e(column)}">{text}</td>')
            continue
        difference = finding.evidence.get("difference")
        diff = f'<span class="diff">差 {e(difference)}</span>' if difference else ""
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
