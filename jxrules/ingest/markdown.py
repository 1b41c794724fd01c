"""Reader for reports converted from PDF to Markdown (``.md``).

The file is cut into blocks: pipe tables (consecutive lines starting with
``|``), HTML ``<table>`` blocks (from the line that opens one to the line that
closes it) and the remaining lines of running text.  Blocks are then read by
:mod:`jxrules.ingest.assemble`, the same code that reads Excel sheets.

The narrative is, by definition (the hand-entered YAML follows it): every line
of the file except pipe-table lines and HTML-table lines, each stripped, empty
ones dropped, joined with ``"\\n"``.  A project form's 年度总体目标 rows are
appended after it (see docs/ingest.md).
"""

from __future__ import annotations

import re
from pathlib import Path

from jxrules.ingest.assemble import assemble
from jxrules.ingest.files import read_text
from jxrules.ingest.grid import Block, Grid, Row, Text, pipe_grid
from jxrules.ingest.html_table import html_grids
from jxrules.model import Report

_OPEN = re.compile(r"<table\b", re.IGNORECASE)
_CLOSE = re.compile(r"</table\s*>", re.IGNORECASE)


def read(path: Path) -> list[Report]:
    """Every report in a Markdown file (usually one)."""
    return read_string(read_text(path), str(path))


def read_blocks(path: Path) -> list[Block]:
    """The file's blocks as :func:`read_string` reads them."""
    return _prepared(read_text(path))


def read_string(text: str, source: str = "<string>") -> list[Report]:
    """Read Markdown already in memory (``source`` names it in messages).

    Line endings are normalised (CR-only files, from old Mac tools, are otherwise one line);
    control characters (a NUL from a broken converter) are removed, each line that held one
    named in a warning, so a figure they split is still found and nothing is lost unsaid.
    """
    return assemble(_prepared(text), source)


def _prepared(text: str) -> list[Block]:
    """Blocks of ``text`` with line endings normalised and control characters removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = enumerate(text.split("\n"), 1)
    dirty = [(number, line) for number, line in lines if _CONTROL.search(line)]
    if dirty:
        text = _CONTROL.sub("", text)
    return [*blocks(text), *(_control_warning(n, line) for n, line in dirty)]


#: C0 controls but tab and line feed, DEL, C1: never part of a report's text.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _control_warning(number: int, line: str) -> Grid:
    """A warning that line ``number`` held control characters, which were removed."""
    codes = "、".join(dict.fromkeys(f"U+{ord(c):04X}" for c in _CONTROL.findall(line)))
    shown = _CONTROL.sub("", line).strip()[:80]
    where = f"第 {number} 行"
    grid = Grid([], number, where)
    problem = f"含有控制字符 {codes}，已删除后读取"
    grid.rejected.append((Row((shown,), number, shown, where), problem))
    return grid


def blocks(text: str) -> list[Block]:
    """Text lines, pipe-table grids and HTML-table grids, in file order (lines are 1-based)."""
    lines = text.split("\n")
    out: list[Block] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if _OPEN.search(line):
            end = _html_end(lines, i)
            out.extend(_html(lines[i : end + 1], i + 1))
            i = end + 1
        elif stripped.startswith("|"):
            end = i
            while end < len(lines) and lines[end].strip().startswith("|"):
                end += 1
            out.append(pipe_grid([(k + 1, lines[k]) for k in range(i, end)]))
            i = end
        else:
            if stripped:
                out.append(Text(stripped, i + 1))
            i += 1
    return out


def _html_end(lines: list[str], start: int) -> int:
    """Index of the line closing the table opened at ``start`` (nested tables counted)."""
    depth = 0
    for index in range(start, len(lines)):
        depth += len(_OPEN.findall(lines[index])) - len(_CLOSE.findall(lines[index]))
        if depth <= 0:
            return index
    return len(lines) - 1


def _html(chunk: list[str], first_line: int) -> list[Grid]:
    grids, stray = html_grids("\n".join(chunk), first_line)
    if not grids:  # "<table" that opens nothing readable: say so rather than lose it
        grids = [Grid([], first_line, f"第 {first_line} 行的 HTML 表格")]
    for line, text in stray:
        row = Row((text,), line, text, f"第 {line} 行")
        grids[0].rejected.append((row, "HTML 表格块中、表格之外的文字未读入"))
    return grids
