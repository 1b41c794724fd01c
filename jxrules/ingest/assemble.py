"""Grids and text -> :class:`~jxrules.model.Report`: the part every non-canonical reader shares.

The Markdown and Excel readers only turn their file into blocks (text lines,
grids); everything after that — recognising tables, undoing page splits,
reading cells, finding the stated facts — happens here, once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

import attrs

from jxrules.errors import Position
from jxrules.findings import Finding, Location
from jxrules.ingest.build_budget import build_budget
from jxrules.ingest.build_indicators import build_indicators
from jxrules.ingest.facts import extract
from jxrules.ingest.files import check_rows
from jxrules.ingest.grid import Block
from jxrules.ingest.headers import vocabulary
from jxrules.ingest.money_lines import funds_from_lines, money_line_numbers
from jxrules.ingest.narrative import limit_findings, narrative_lines
from jxrules.ingest.narrative import read as read_narrative
from jxrules.ingest.stitch import stitch
from jxrules.ingest.tables import Segment
from jxrules.model import BudgetLine, BudgetTable, Indicator, Report, SelfEvaluation, TotalScore

_Row = TypeVar("_Row", Indicator, BudgetLine)


def assemble(blocks: Sequence[Block], source: str) -> list[Report]:
    """Every report in the blocks of one file; a report without indicators is still one."""
    segments = stitch(blocks)
    where = narrative_lines(blocks)
    reports = [_report(s, source, len(segments), n) for n, s in enumerate(segments, 1)]
    out = []
    for report, segment in zip(reports, segments, strict=True):
        # lines read as the 项目资金 table (written as lines) are that table, not prose
        from_lines = "funds" in report.budget and not any(t.kind == "funds" for t in segment.tables)
        tabled = money_line_numbers(segment.text_lines) if from_lines else frozenset()
        lines = where.place(segment.narrative + segment.goal)
        facts = read_narrative([(text, at) for text, at in lines if at is None or at not in tabled])
        notes = (*report.ingest_findings, *limit_findings(facts))
        out.append(attrs.evolve(report, narrative_facts=facts, ingest_findings=notes))
    return out


def _no_indicator_table(segment: Segment, count: int) -> Finding:
    """One info finding: this report has no indicator table, so no indicator is checked."""
    which = f"第 {segment.line} 行起的报告" if count > 1 else "报告"
    which_en = f" starting at line {segment.line}" if count > 1 else ""
    return Finding(
        rule="ingest-incomplete",
        check="ingest",
        severity="info",
        message=f"{which}中没有找到绩效指标表（表头应含 三级指标 和 年度指标值/实际完成值 等列），"
        "只检查读到的部分（收支表、正文）",
        message_en=f"No indicator table found in the report{which_en} (its header should name"
        " the level-3 indicator, the target and the actual value); only what was read (the"
        " income and expenditure tables, the text) is checked",
        location=Location(table="indicators", line=segment.line),
        evidence={"missing": "绩效指标表"},
    )


def _incomplete(
    budget: Mapping[str, BudgetTable],
    indicators: Sequence[Indicator],
    total: TotalScore | None,
    start: int,
) -> list[Finding]:
    """One warning naming what a project form lacks when it looks cut short, at the last
    indicator row read (else at the form's first line)."""
    if "funds" in budget and total is not None:
        return []
    word = vocabulary().satisfaction
    absent = [] if "funds" in budget else ["项目资金表"]
    absent_en = [] if "funds" in budget else ["the project funds table"]
    if total is None:
        rows = [(i.level1 or "", i.level2 or "", i.name) for i in indicators]
        if not any(word in "".join(r) for r in rows):
            absent.append(f"{word}指标")
            absent_en.append("satisfaction indicators")
        absent.append("总分")
        absent_en.append("the total score")
    last = max((i.line or 0 for i in indicators), default=0)
    upto = f"，读到第 {last} 行为止" if last else ""
    upto_en = f"; read up to line {last}" if last else ""
    return [
        Finding(
            rule="ingest-incomplete",
            check="ingest",
            severity="warning",
            message=f"未找到{'、'.join(absent)}（文档可能不完整{upto}）",
            message_en=f"Not found: {', '.join(absent_en)} (the document may be incomplete{upto_en})",
            location=Location(table="indicators", line=last or start),
            evidence={"missing": "、".join(absent), "line": str(last or start)},
        )
    ]


def _unreadable_form(segment: Segment, number: int, findings: list[Finding]) -> list[Finding]:
    """A form of a multi-form file with no table read: one finding naming it and why, in
    place of the unrecognised-table ones (their lines are in its evidence)."""
    tables = [f for f in findings if f.rule == "ingest-table"]
    rest = [f for f in findings if f.rule != "ingest-table"]
    name = extract(segment.facts).project
    which = f"第 {number} 份表单（第 {segment.line} 行起{f'，项目“{name}”' if name else ''}）"
    lines = "、".join(f"第 {f.location.line} 行起" for f in tables)
    why = f"其中的表格（{lines}）没有可识别的表头" if tables else "其中没有表格"
    starts = ", ".join(str(f.location.line) for f in tables)
    at = f"line {starts}" if len(tables) == 1 else f"lines {starts}"
    why_en = f"its tables (starting at {at}) have no known header" if tables else "it has no table"
    finding = Finding(
        rule="ingest-unreadable-form",
        check="ingest",
        severity="warning",
        message=f"{which}无法读取：{why}，找不到项目资金表和绩效指标表，此表单未检查；"
        "其余表单照常检查",
        message_en=f"Form {number} (from line {segment.line}{f', project “{name}”' if name else ''})"
        f" cannot be read: {why_en}; no funds table and no indicator table were found, so the"
        " form was not checked; the other forms are checked as usual",
        location=Location(line=segment.line),
        evidence={
            "form": str(number),
            "project": name or "",
            "line": str(segment.line),
            "tables": lines,
        },
    )
    return [finding, *rest]


def _report(segment: Segment, source: str, count: int, number: int = 1) -> Report:
    tables = [t for t in segment.tables if t.kind == "indicators"]
    findings = list(segment.findings)
    unreadable = count > 1 and not segment.tables
    if unreadable:
        findings = _unreadable_form(segment, number, findings)
    elif not tables:  # still a report: the checks that have their data run on what was read
        findings.append(_no_indicator_table(segment, count))
    budget = build_budget(segment.tables, findings)
    indicators, total = build_indicators(tables, findings)
    # tables continued across pages are joined: the joined table is held to the row limit too
    where = Position(source, segment.line if count > 1 else None)
    check_rows(len(indicators), "绩效指标表", where)
    for key, table in budget.items():
        check_rows(len(table.items), f"{key} 表", where)
    facts = extract(segment.facts)
    if "funds" not in budget and (facts.kind == "project" or segment.forms > 0):
        written = funds_from_lines(segment.text_lines)  # 项目资金 written as lines, no table
        if written is not None:
            budget["funds"] = written
    if facts.kind is not None:  # the title says which form it is, whatever its grid looks like
        project = facts.kind == "project"
    else:
        project = "funds" in budget or segment.forms > 0
    if project and segment.tables and not unreadable:  # prose alone is no form (docs/narrative.md)
        findings.extend(_incomplete(budget, indicators, total, segment.line))
    findings.sort(key=lambda f: f.location.line or 0)
    return Report(
        kind="project" if project else "department_overall",
        fiscal_year=facts.fiscal_year,
        department=facts.department,
        project=facts.project,
        filed_on=facts.filed_on,
        self_evaluation=SelfEvaluation(score=facts.score, grade=facts.grade),
        declared=facts.declared,
        budget=budget,
        indicators=tuple(indicators),
        total_score=total,
        narrative="\n".join([*segment.narrative, *segment.goal]),
        source=source,
        ingest_findings=tuple(findings),
    )


def placed(report: Report, page_of: Callable[[int | None], int | None]) -> Report:
    """A report read from a file without lines (Word, PDF): the block numbers used while
    reading are dropped from rows and reader findings, and each gets ``page_of(number)``
    (a PDF's page; ``None`` for Word)."""

    def row(item: _Row) -> _Row:
        return attrs.evolve(item, line=None, page=page_of(item.line))

    budget = {
        key: attrs.evolve(
            table,
            items=tuple(row(line) for line in table.items),
            total=None if table.total is None else row(table.total),
        )
        for key, table in report.budget.items()
    }
    findings = tuple(
        attrs.evolve(
            f,
            location=attrs.evolve(f.location, line=None, page=page_of(f.location.line)),
            evidence={k: v for k, v in f.evidence.items() if k != "line"},
        )
        for f in report.ingest_findings
    )
    indicators = tuple(row(i) for i in report.indicators)
    facts = None if report.narrative_facts is None else report.narrative_facts.placed(page_of)
    return attrs.evolve(
        report,
        indicators=indicators,
        budget=budget,
        ingest_findings=findings,
        narrative_facts=facts,
    )
