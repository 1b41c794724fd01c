"""Indicator tables -> :class:`~jxrules.model.Indicator` rows and the 总分 line.

Three things converters do to indicator tables are undone here:

* a row cut at a page break continues on the next page as a row whose 序号
  is blank: each non-empty cell is appended to the previous row's cell with
  no separator (Chinese text has none) and no indicator is made;
* merged category cells come out blank below their first row: a blank
  一级/二级指标 inherits the value above;
* a category cell split over two rows (``满意度`` / ``指标``) is joined
  (``满意度指标``) for both rows.

A row with a 序号 but no name, or with text but no name, is reported.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs

from jxrules.findings import Finding, Location
from jxrules.ingest import split_target
from jxrules.ingest.build_budget import number
from jxrules.ingest.grid import Row, in_english, row_finding
from jxrules.ingest.headers import (
    category,
    is_child,
    is_placeholder,
    is_score_total,
    is_subtotal,
    vocabulary,
)
from jxrules.ingest.tables import Table
from jxrules.model import Indicator, TotalScore

_LEVELS = ("level1", "level2")
_TABLE = "indicators"


@attrs.define
class _Raw:
    cells: dict[str, str]
    row: Row
    numbered: bool


def _flat(text: str) -> str:
    return "".join(text.split())


def _fragment(text: str) -> bool:
    """``指标`` / ``度指标``: the tail of a category cut in two, not a category itself."""
    suffix = vocabulary().category_suffix
    return text.endswith(suffix) and len(text) - len(suffix) < 2


def _category_only(raw: dict[str, str]) -> bool:
    return all(k in _LEVELS for k, v in raw.items() if v)


def _fold(table: Table) -> list[_Raw]:
    """Rows with continuation rows merged into the row they continue."""
    columns = table.header.columns
    numbered_table = "seq" in columns
    suffix = vocabulary().category_suffix
    raws: list[_Raw] = []
    for row in table.rows:
        cells = {k: row.cells[i].strip() for k, i in columns.items()}
        prev = raws[-1] if raws else None
        continues = (
            numbered_table
            and not cells["seq"]
            and prev is not None
            and prev.numbered
            and not table.is_total_row(row)
            and not any(is_subtotal(c) for c in _left_of_name(table, row))
        )
        if continues and prev is not None and _category_only(cells):
            # a category-only row continues only the tail of a split category cell
            continues = all(
                prev.cells.get(k) and not prev.cells[k].endswith(suffix)
                for k in _LEVELS
                if cells.get(k)
            )
        if continues and prev is not None:
            for key, value in cells.items():
                if value:
                    prev.cells[key] = prev.cells.get(key, "") + value
            continue
        raws.append(_Raw(cells, row, numbered_table and bool(cells["seq"])))
    return raws


def build_indicators(
    tables: Sequence[Table], findings: list[Finding]
) -> tuple[list[Indicator], TotalScore | None]:
    """All indicators of the report's indicator tables, in order, and the 总分/合计 line."""
    out: list[dict[str, Any]] = []
    totals = _Totals()
    template: list[Row] = []
    for table in tables:
        findings.extend(row_finding(r, p, _TABLE) for r, p in table.notes)
        for head, row in table.unread_columns():
            findings.append(row_finding(row, f"列 “{head}” 不是已知的列，此列的内容未读入", _TABLE))
        _read(table, _fold(table), out, totals, findings, template)
    if template:
        findings.append(_template_finding(template))
    return [Indicator(**kw, position=i + 1) for i, kw in enumerate(out)], totals.score


def _read(
    table: Table,
    raws: list[_Raw],
    out: list[dict[str, Any]],
    totals: _Totals,
    findings: list[Finding],
    template: list[Row],
) -> None:
    current: dict[str, str | None] = dict.fromkeys(_LEVELS)
    start: dict[str, int] = dict.fromkeys(_LEVELS, -1)
    suffix = vocabulary().category_suffix
    headings: list[tuple[Row, dict[str, str | None]]] = []  # category-only rows, no indicator yet
    parent: str | None = None  # the label of the last row that is no 其中： part
    group: tuple[int, str] | None = None  # the last row whose 得分 is its own: index, label
    for raw in raws:
        cells, row = raw.cells, raw.row
        joined = False  # a category cell split over two rows was joined
        if table.is_total_row(row):
            _total(table, raw, totals, findings)
            continue
        if any(is_subtotal(c) for c in _left_of_name(table, row)):
            english = "a subtotal row is no indicator; not read"
            findings.append(row_finding(row, "小计行不是指标，未读入", _TABLE, "info", english))
            continue
        for level in _LEVELS:
            value = category(cells.get(level, ""))
            if not value:
                continue
            before = current[level]
            split = before and start[level] == len(out) - 1 >= 0 and not before.endswith(suffix)
            if split and before and _fragment(value):
                current[level] = out[start[level]][level] = before + value
                joined = True
                continue
            current[level], start[level] = value, len(out)
        name, seq = _flat(cells.get("name", "")), cells.get("seq", "")
        if name and _placeholder_row(cells, name):
            template.append(row)
            continue
        if not name and not seq and not joined and _category_only(cells):
            heading = {k: current[k] for k in _LEVELS if cells.get(k)}
            if heading:  # a heading if an indicator comes under it, else a template leftover
                headings.append((row, heading))
            continue
        if not name:
            if seq:
                problem = f"有序号 “{seq}” 但没有指标名称，此行未读入"
                english = f"number “{seq}” but no indicator name; the row was not read"
                findings.append(row_finding(row, problem, _TABLE, problem_en=english))
            elif not _category_only(cells):
                english = "no indicator name; the row was not read"
                findings.append(
                    row_finding(row, "没有指标名称，此行未读入", _TABLE, problem_en=english)
                )
            continue
        child = is_child(name) or table.header.columns.get("name") in row.indented
        if not child:
            parent = raw.cells.get("seq") or str(len(out) + 1)
        child_of = parent if child else None
        for heading_row, heading in headings:
            if any(current[k] != v for k, v in heading.items()):
                template.append(heading_row)
        headings.clear()
        row_out = {**_indicator(raw, name, current, findings), "parent": child_of}
        label = raw.cells.get("seq") or str(len(out) + 1)
        if _shares_score(table, row) and group is not None:
            out[group[0]]["score_group"] = row_out["score_group"] = group[1]
            for key in ("points", "score"):  # the group's figures, on its first row only
                if table.header.columns.get(key) in row.merged_down:
                    row_out[key] = None
        else:
            group = (len(out), label)
        out.append(row_out)
    template.extend(r for r, _ in headings)
    template.sort(key=lambda r: r.line)


def _shares_score(table: Table, row: Row) -> bool:
    """Is this row's 得分 cell the one above merged down over it (one score, several rows)?"""
    column = table.header.columns.get("score")
    return column is not None and column in row.merged_down


def _placeholder_row(cells: dict[str, str], name: str) -> bool:
    """A template row left in: a placeholder name (指标1, ……) with no figure.

    (A row holding only a category is one too when no indicator comes under it.)"""
    figures = any(cells.get(k, "").strip() for k in ("target", "actual", "score"))
    return not figures and is_placeholder(name)


def _template_finding(rows: list[Row]) -> Finding:
    """One info finding for all template rows left in the report's indicator tables."""
    where = "、".join(r.where for r in rows[:5]) + ("等" if len(rows) > 5 else "")
    lines = ", ".join(str(r.line) for r in rows[:5]) + (", …" if len(rows) > 5 else "")
    return Finding(
        rule="ingest-template",
        check="ingest",
        severity="info",
        message=f"表格模板未清理：{len(rows)} 行是模板的占位行（{where}），不是指标，未读入",
        message_en=(
            f"Table template left in: {len(rows)} rows are the template's placeholder rows"
            f" (lines {lines}), not indicators; not read"
        ),
        location=Location(table=_TABLE, line=rows[0].line),
        evidence={"rows": str(len(rows)), "lines": "、".join(str(r.line) for r in rows)},
    )


def _indicator(
    raw: _Raw, name: str, current: dict[str, str | None], findings: list[Finding]
) -> dict[str, Any]:
    cells, row = raw.cells, raw.row
    target, actual = cells.get("target", ""), cells.get("actual", "")
    if split_target.is_split(cells):  # 指标性质 | 指标值 | 度量单位: one target text
        target, actual = split_target.join(cells)
    return {
        "seq": cells.get("seq") or None,
        "level1": current["level1"],
        "level2": current["level2"],
        "name": name,
        "target": target,
        "actual": actual,
        "points": number(row, cells.get("points", ""), "points", _TABLE, findings),
        "score": number(row, cells.get("score", ""), "score", _TABLE, findings),
        "note": cells.get("note", ""),
        "line": row.line,
    }


@attrs.define
class _Totals:
    """The 总分/合计 rows met so far: the first 总分 wins, else the first 合计."""

    score: TotalScore | None = None
    row: Row | None = None
    stated: bool = False  # the row is a 总分 (score_totals), not a plain 合计


def _left_of_name(table: Table, row: Row) -> list[str]:
    """The row's cells up to its name column (where 合计 / 小计 / 总分 are printed)."""
    name = table.header.name_column
    return [c for c in (row.cells if name is None else row.cells[: name + 1]) if c.strip()]


def _total(table: Table, raw: _Raw, totals: _Totals, findings: list[Finding]) -> None:
    """A 总分/合计 row: its 分值 and 得分 are the form's total score (a 总分 row wins)."""
    cells, row = raw.cells, raw.row
    points = number(row, cells.get("points", ""), "points", _TABLE, findings)
    score = number(row, cells.get("score", ""), "score", _TABLE, findings)
    if points is None and score is None:
        english = "a total row with neither points nor score; not read"
        findings.append(
            row_finding(row, "合计/总分行没有分值或得分，未读入", _TABLE, "info", english)
        )
        return
    stated = any(is_score_total(c) for c in _left_of_name(table, row))
    if totals.row is not None and totals.stated != stated:  # 合计 and 总分: 总分 is the total
        other, main = (row, totals.row) if totals.stated else (totals.row, row)
        problem = f"合计行不作为总分（总分取{main.where}的总分行），未读入"
        english = (
            "a sum row is not taken as the total score (the total score row at"
            f" {in_english('places', main.where, line=main.line)} is); not read"
        )
        findings.append(row_finding(other, problem, _TABLE, "info", english))
        if totals.stated:
            return
    elif totals.row is not None:
        english = "a second total row; not read"
        findings.append(row_finding(row, "第二个合计/总分行，未读入", _TABLE, problem_en=english))
        return
    totals.score, totals.row, totals.stated = TotalScore(points=points, score=score), row, stated
