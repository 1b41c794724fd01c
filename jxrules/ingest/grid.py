"""Grids: what every table becomes before it is read, whatever file it came from.

A pipe table, an HTML ``<table>`` with its spans expanded and an Excel sheet
with its merged cells expanded are all the same thing here: rows of cell
texts, each row knowing where it was printed.  Table recognition
(:mod:`jxrules.ingest.stitch`) works on grids only, so every input format is
read by the same code.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TypeAlias

import attrs
from attrs import frozen

from jxrules import data
from jxrules.findings import Finding, Location, Severity
from jxrules.ingest.files import check_rows


@frozen
class Row:
    """One table row: its cells, its source line and how to name it in a message."""

    cells: tuple[str, ...]
    line: int
    #: The row as printed (a pipe line) or its cells joined with " | ".
    text: str
    #: "第 171 行" / "工作表“Sheet1”第 5 行": where a person finds the row.
    where: str
    #: Indexes of the cells that are copies of a cell above merged down into this row
    #: (an HTML ``rowspan``, an Excel merged range): one score shared by several rows.
    merged_down: frozenset[int] = attrs.field(default=frozenset(), eq=False)
    #: Indexes of the cells printed indented (full-width spaces, an Excel indent): in the
    #: name column, a part of the indicator above, like a 其中： row.
    indented: frozenset[int] = attrs.field(default=frozenset(), eq=False)

    def blank(self) -> bool:
        return not any(c.strip() for c in self.cells)


@frozen
class Text:
    """One non-empty line of running text (already stripped)."""

    text: str
    line: int


@frozen
class Barrier:
    """Nothing may continue across this point (an Excel sheet boundary)."""


@attrs.define
class Grid:
    """A table's rows, padded to one width, plus the rows the parser could not use."""

    rows: list[Row]
    line: int
    where: str
    #: Rows that could not be made part of the grid, with the reason (reported later,
    #: once the table they belong to is known).
    rejected: list[tuple[Row, str]] = attrs.Factory(list)
    #: Text rows of this grid belong to the narrative (Excel: there is no other text).
    text_rows_to_narrative: bool = False
    #: Lines that introduce the grid when it has no preceding text (an Excel sheet's name).
    context: tuple[str, ...] = ()

    def __attrs_post_init__(self) -> None:
        check_rows(len(self.rows), self.where)  # the same row limit as a YAML report's lists

    @property
    def width(self) -> int:
        return len(self.rows[0].cells) if self.rows else 0


Block: TypeAlias = Text | Grid | Barrier


def pad(rows: list[list[str]]) -> list[list[str]]:
    """Pad rows to the widest one (HTML rows may be short)."""
    width = max((len(r) for r in rows), default=0)
    return [r + [""] * (width - len(r)) for r in rows]


# ------------------------------------------------------------------ pipe tables
_SEPARATOR = re.compile(r"^\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)


def indented(texts: list[str]) -> frozenset[int]:
    """Cells whose text starts with an indent that survives the format's own padding.

    A pipe cell is padded with ASCII spaces and an HTML cell with source layout, so only
    other white space (full-width ``\u3000``, no-break ``&nbsp;``) is the author's indent."""
    return frozenset(i for i, t in enumerate(texts) if t.lstrip(" \t\r\n")[:1].isspace())


def split_pipe_row(line: str) -> list[str]:
    """Cells of one pipe row; ``\\|`` is a literal bar, ``<br>`` joins text with nothing."""
    return [cell.strip() for cell in _split_pipe_row(line)]


def _split_pipe_row(line: str) -> list[str]:
    """Cells of one pipe row as printed, padding kept."""
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    if "\\" not in body:  # no escape to honour: most rows
        return _BR.sub("", body).split("|")
    cells, current, escaped = [], [], False
    for char in body:
        if escaped:
            current.append(char if char == "|" else "\\" + char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "|":
            cells.append("".join(current))
            current = []
        else:
            current.append(char)
    if escaped:
        current.append("\\")
    cells.append("".join(current))
    return [_BR.sub("", c) for c in cells]


def pipe_grid(lines: list[tuple[int, str]]) -> Grid:
    """A GFM pipe table: header row, separator, data rows.

    A row with more cells than the header keeps them only if the extra ones are
    empty; a row with fewer, or with extra text, cannot be placed column by
    column and is rejected (it becomes an ingest warning naming its line).
    """
    rows: list[Row] = []
    rejected: list[tuple[Row, str]] = []
    width = 0
    for number, raw in lines:
        if rows and _SEPARATOR.match(raw.strip()):
            continue
        printed = _split_pipe_row(raw)
        cells = [cell.strip() for cell in printed]
        row = Row(tuple(cells), number, raw.strip(), f"第 {number} 行", indented=indented(printed))
        if not rows:
            width = len(cells)
        elif len(cells) > width and not any(cells[width:]):
            row = attrs.evolve(row, cells=tuple(cells[:width]))
        elif len(cells) != width:
            rejected.append(
                (row, f"单元格数为 {len(cells)}，与表头的 {width} 列不一致，无法按列读取")
            )
            continue
        rows.append(row)
    first = lines[0][0]
    return Grid(rows, first, f"第 {first} 行的表格", rejected)


# ------------------------------------------------------------------ findings
def row_finding(
    row: Row,
    problem: str,
    table: str | None,
    severity: Severity = "warning",
    problem_en: str | None = None,
) -> Finding:
    """An ``ingest-row`` finding: the row could not be (fully) read; names its line.
    ``problem_en``: the English problem (else found in jxrules/data/ingest_en.yaml)."""
    english = problem_en or in_english("problems", problem)
    return Finding(
        rule="ingest-row",
        check="ingest",
        severity=severity,
        message=f"{row.where}：{problem}：{row.text}",
        location=Location(table=table, line=row.line),
        evidence={"line": str(row.line), "row": row.text},
        message_en=f"{in_english('places', row.where, line=row.line)}: {english}: {row.text}",
    )


def table_finding(
    grid_where: str, line: int, problem: str, text: str, severity: Severity = "info"
) -> Finding:
    """An ``ingest-table`` finding about a whole table (e.g. one no header identifies)."""
    place = in_english("places", grid_where, line=line)
    return Finding(
        rule="ingest-table",
        check="ingest",
        severity=severity,
        message=f"{grid_where}：{problem}：{text}",
        location=Location(line=line),
        evidence={"line": str(line), "row": text},
        message_en=f"{place}: {in_english('problems', problem)}: {text}",
    )


def in_english(kind: str, text: str, **fallback: object) -> str:
    """The English of a reader's Chinese wording (``kind``: ``places`` or ``problems``): the
    first pattern of jxrules/data/ingest_en.yaml matching it whole, its groups filled in; else
    the file's fallback (filled from ``fallback``)."""
    for pattern, english in _wordings(kind):
        matched = pattern.fullmatch(text)
        if matched:
            return english.format(**matched.groupdict())
    table: dict[str, str] = data.load("ingest_en.yaml")
    default = table["place_fallback" if kind == "places" else "fallback"]
    return default.format(**fallback)


@cache
def _wordings(kind: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    entries = data.load("ingest_en.yaml")[kind]
    return tuple((re.compile(entry["zh"]), entry["en"]) for entry in entries)
