"""Form rows and files of several forms.

The project form (项目支出绩效自评表) is mostly label/value rows around its two
tables.  A label row (``项目名称 | 某项目``, ``主管部门 | 甲 | 实施单位 | 乙``)
becomes fact lines ``项目名称：某项目`` for :mod:`jxrules.ingest.facts`; the
年度总体目标 rows become narrative lines.  A PDF may hold one form per project:
each 项目名称 after the first starts a new report, and the title rows and text
just above it go with it.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from jxrules.ingest.facts import opens_form
from jxrules.ingest.grid import Block, Grid, Row, Text, row_finding
from jxrules.ingest.headers import distinct, first_text, normalise, vocabulary
from jxrules.ingest.tables import Segment


def starts_report(cells: Sequence[str]) -> bool:
    """Does this row open a form (``项目名称 | …`` or ``项目名称：…``)?"""
    label = normalise(first_text(cells)).split(":")[0]
    return label in vocabulary().starts_report


def is_text_row(row: Row) -> bool:
    """A row holding one text (a title, a note), however many cells it spans."""
    return len(distinct(row.cells)) == 1


def _split_grid(grid: Grid) -> list[Grid]:
    """Cut a grid before each form after the first (titles above a form go with it)."""
    cuts = [i for i, row in enumerate(grid.rows) if starts_report(row.cells)][1:]
    pieces, start = [], 0
    for cut in cuts:
        while cut > start + 1 and is_text_row(grid.rows[cut - 1]):
            cut -= 1
        pieces.append(attrs.evolve(grid, rows=grid.rows[start:cut], rejected=[]))
        start = cut
    pieces.append(attrs.evolve(grid, rows=grid.rows[start:], rejected=[]))
    pieces[0].rejected = list(grid.rejected)
    for piece in pieces[1:]:  # a later form starts at its own first row, not at the grid's
        piece.line = piece.rows[0].line
    return pieces


def split_reports(blocks: Sequence[Block]) -> list[list[Block]]:
    """The blocks of each report: a new one starts at each 项目名称 after the first."""
    parts: list[list[Block]] = [[]]
    seen = False
    for block in blocks:
        for piece in _split_grid(block) if isinstance(block, Grid) else [block]:
            if isinstance(piece, Grid) and any(starts_report(r.cells) for r in piece.rows):
                if seen:
                    parts.append(_opening(parts[-1]))
                seen = True
            parts[-1].append(piece)
    return parts


def _opening(current: list[Block]) -> list[Block]:
    """Cut the text after the form's last table where the next form opens (its title).

    Lines before the first opening line (a self-score, a signature) stay with the
    form above; with no opening line, they all do.
    """
    last = max((i for i, b in enumerate(current) if isinstance(b, Grid)), default=-1)
    cut = next(
        (
            i
            for i in range(last + 1, len(current))
            if isinstance(b := current[i], Text) and opens_form(b.text)
        ),
        len(current),
    )
    moved = current[cut:]
    del current[cut:]
    return moved


def read_form(seg: Segment, row: Row, label: str) -> None:
    """A form row: ``标签 | 值 | 标签 | 值`` -> fact lines ``标签：值``; 年度总体目标 -> narrative."""
    vocab = vocabulary()
    if label in vocab.goal:
        _goal(seg, row)
        return
    if label in vocab.starts_report:
        seg.forms += 1
    pending: str | None = None
    for text in distinct(row.cells):
        key = normalise(text)
        if key in vocab.labels:
            pending = key
        elif pending is not None:
            seg.facts.append(f"{pending}：{text}")
            pending = None
        else:
            seg.findings.append(row_finding(row, f"表单行中的 “{text}” 没有标签，未读入", None))


def _goal(seg: Segment, row: Row) -> None:
    """年度总体目标 rows -> narrative lines ``年度总体目标`` / ``预期目标：…`` / ``实际完成情况：…``."""
    vocab = vocabulary()
    cells = [c.strip() for c in row.cells]
    if not seg.goal:
        seg.goal.append(first_text(cells))
    parts = {i: c for i, c in enumerate(cells) if normalise(c) in vocab.goal_parts}
    if parts:
        seg.goal_columns = {}
        for i, c in parts.items():
            if c not in seg.goal_columns.values():
                seg.goal_columns[i] = c
        return
    if seg.goal_columns:
        for i, label in seg.goal_columns.items():
            if i < len(cells) and cells[i] and normalise(cells[i]) not in vocab.goal:
                seg.goal.append(f"{label}：{cells[i]}")
    else:
        seg.goal.extend(t for t in distinct(cells) if normalise(t) not in vocab.goal)
