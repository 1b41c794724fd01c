"""Reader for PDF files with a text layer (``.pdf``; optional extra ``jxrules[pdf]``, pdfplumber).

Each page's ruled tables (``find_tables``) become grids and the text outside them becomes
lines, in reading order (top to bottom), so table recognition, tables continued after a page
break and facts are read by the same code as Markdown.  What the layout says is undone here:

* page furniture — a line repeated at the same height on most pages (digits masked: running
  headers, footers, ``- 8 -``), or a page number (``- 8 -``, ``第 8 页``, ``8/12``) as a
  page's first or last line — is dropped, never read as text;
* a paragraph wrapped over several lines (and across a page break) is one line again:
  a line is joined with the next unless the next line's first word would have fitted on it,
  the next line is indented or starts with an outline marker (``一、`` ``（一）`` ``1.``),
  or the font size or the spacing changes.  Margins are measured from the document's lines;
* spaces: one where the file has a space character, or where a gap is clearly wider than
  the line's usual gap between two Latin letters or digits; never inside CJK text, so
  justified text gains none (``7,013.09``, ``2023年4月7日``);
* a merged cell repeats its text in every position it covers (as Word and Excel merges are
  read); a wrapped cell's lines are joined as paragraph lines are;
* a table drawn without rules is read from the alignment of its text (:func:`_aligned`), but
  only from a header row the vocabulary knows down, while each line's pieces stand under
  the columns: prose is never cut into columns.

Blocks are numbered in reading order while reading; a finding names its table and row and
the page (``location.page``), never a line.  Not read: a PDF without a text layer (a scan;
:class:`InputError` asking for OCR, and a warning naming scanned pages in an otherwise
readable file), tables without rules that no known header row starts (read as lines), text
in several columns side by side (read across), rotated text.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from itertools import pairwise
from pathlib import Path
from statistics import median
from typing import Any

import attrs

from jxrules.errors import InputError, JxError, LimitExceeded, Position
from jxrules.ingest import files
from jxrules.ingest.assemble import assemble, placed
from jxrules.ingest.grid import Block, Grid, Row, Text
from jxrules.ingest.headers import recognise
from jxrules.model import Report

#: Refuse PDF files with more pages than this.
MAX_PAGES = 500
#: A line on at least this share of the pages, at the same height, is page furniture.
FURNITURE_SHARE = 0.4
#: A table without rules: a gap wider than this many font sizes between two characters of
#: a line separates two columns ...
COLUMN_GAP = 0.8
#: ... and a line further than this many font sizes below the last row ends the table.
MAX_ROW_GAP = 1.0

_OCR_HINT = "请先做文字识别（OCR），例如 ocrmypdf -l chi_sim in.pdf out.pdf"
_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－\s]*(?P<n>\d{1,4})[-—–－\s]*|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?"
    r"|\d+\s*/\s*\d+|(?:page|Page|PAGE)\s*\d+(?:\s*(?:of|/)\s*\d+)?)$"
)
_OUTLINE = re.compile(
    r"^(?:[一二三四五六七八九十百]+、|[（(]\s*[一二三四五六七八九十百\d]+\s*[)）]"
    r"|\d+\s*[.．、](?!\d)|第[一二三四五六七八九十百\d]+[章节部分条]|[①-⑳])"
)
_OPENING = frozenset("（([{《〈「『【〔")
_CLOSING = frozenset("，。、；：？！）)]}》〉」』】〕,.;:?!%…")
_QUOTES = frozenset("“”‘’\"'")


@attrs.frozen
class _Line:
    """One printed line: its text and where it stands (PDF points, top-down)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    #: Width of the line's first unit no line break may cut (a CJK character with the
    #: punctuation glued to it, a Latin word): what would have had to fit on the line before.
    lead: float


@attrs.frozen
class _Table:
    rows: list[tuple[str, ...]]
    top: float
    #: Per row, the cells a merged cell above covers (one score over several rows).
    merged_down: list[frozenset[int]] = attrs.field(factory=list)


@attrs.define
class _Page:
    number: int
    width: float
    lines: list[_Line]
    tables: list[_Table]
    has_text: bool
    has_images: bool


@attrs.frozen
class _Margins:
    left: float
    right: float
    gap: float


def read(path: Path) -> list[Report]:
    """Every report in a PDF file (usually one; one per form if it holds several)."""
    blocks, pages_of = _read(path)
    reports = assemble(blocks, str(path))
    return [placed(report, lambda n: None if n is None else pages_of.get(n)) for report in reports]


def read_blocks(path: Path) -> list[Block]:
    """The PDF's paragraphs and tables as blocks, page by page."""
    return _read(path)[0]


def _read(path: Path) -> tuple[list[Block], dict[int, int]]:
    """The blocks, and the page of each block number."""
    pdfplumber = files.optional_library("pdfplumber", "pdfplumber", "pdf", path)
    name = str(path)
    files.check_size(path)
    try:
        with pdfplumber.open(str(path)) as pdf:
            count = len(pdf.pages)
            if count > MAX_PAGES:
                raise LimitExceeded(
                    f"PDF 有 {count} 页，上限 {MAX_PAGES} 页 (too many pages; limit: pages)",
                    Position(name),
                    limit="pages",
                )
            pages = [_page(page, index + 1) for index, page in enumerate(pdf.pages)]
    except JxError:
        raise
    except Exception as exc:  # pdfminer raises many kinds on broken or encrypted files
        raise InputError(_broken(exc), Position(name)) from None
    if not any(p.has_text for p in pages):
        raise InputError(f"PDF 没有文字层（扫描件？），无法读取：{_OCR_HINT}", Position(name))
    pages_of: dict[int, int] = {}
    return list(_blocks(pages, pages_of)), pages_of


def _broken(exc: BaseException) -> str:
    """One line saying why the file cannot be opened (encrypted, or not a PDF)."""
    chain = [exc, *(e for e in (exc.__cause__, exc.__context__, *exc.args) if e is not None)]
    if any("password" in type(e).__name__.lower() for e in chain):
        return "PDF 文件已加密（需要密码），无法读取：请先保存一份不加密的副本"
    detail = " ".join(str(exc).split())[:200] or type(exc).__name__
    return f"无法读取 PDF 文件（不是有效的 PDF 或文件已损坏）：{detail}"


# ------------------------------------------------------------------ one page
def _page(page: Any, number: int) -> _Page:
    """The page's ruled tables as rows of cell texts and the other text as lines."""
    chars = _deduplicated(c for c in page.chars if c.get("upright", True))
    found = [t for t in page.find_tables() if _is_table(t)]
    boxes = [t.bbox for t in found]
    outside = [c for c in chars if not any(_inside(c, box) for box in boxes)]
    tables = []
    for table in found:
        rows, down = _cells(table, chars)
        tables.append(_Table(rows, table.bbox[1], down))
    aligned, rest = _aligned(_groups(outside))
    lines = [line for line in map(_line, rest) if line is not None]
    return _Page(
        number,
        float(page.width),
        lines,
        sorted([*tables, *aligned], key=lambda t: t.top),
        has_text=any(not c["text"].isspace() for c in chars),
        has_images=bool(page.images),
    )


def _deduplicated(chars: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Characters without the copies printed over them (simulated bold): the same text
    within a point of the same place.  (pdfplumber's own dedupe costs more than a page read.)"""
    seen: dict[tuple[str, int], list[tuple[float, float]]] = defaultdict(list)
    out = []
    for char in chars:
        text, x, y = char["text"], char["x0"], char["top"]
        row = int(y)
        if not text.isspace() and any(
            abs(x - x2) < 1 and abs(y - y2) < 1
            for k in (row - 1, row, row + 1)
            for x2, y2 in seen.get((text, k), ())
        ):
            continue
        seen[text, row].append((x, y))
        out.append(char)
    return out


def _is_table(table: Any) -> bool:
    """A ruled box of one cell is a frame around text, not a table."""
    rows = table.rows
    return bool(len(rows) > 1 or (len(rows) == 1 and len(rows[0].cells) > 1))


def _inside(char: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    x: float = (char["x0"] + char["x1"]) / 2
    y: float = (char["top"] + char["bottom"]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _cells(
    table: Any, chars: Sequence[dict[str, Any]]
) -> tuple[list[tuple[str, ...]], list[frozenset[int]]]:
    """The table's rows of cell texts, a merged cell's text in every position it covers, and
    per row the positions a cell merged down from the row above covers."""
    cells: list[tuple[float, float, float, float]] = list(table.cells)
    xs = sorted({c[0] for c in cells})
    ys = sorted({c[1] for c in cells})
    x1, bottom = table.bbox[2], table.bbox[3]
    cover: dict[tuple[int, int], int] = {}
    index = {cell: i for i, cell in enumerate(cells)}
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            if cell is not None:
                cover[r, c] = index[tuple(cell)]
                continue
            # covered by a merge: the cell (to the left or above) that holds the slot's centre
            x = (xs[c] + (xs[c + 1] if c + 1 < len(xs) else x1)) / 2
            y = (ys[r] + (ys[r + 1] if r + 1 < len(ys) else bottom)) / 2
            cover[r, c] = next(
                (i for i, b in enumerate(cells) if b[0] <= x <= b[2] and b[1] <= y <= b[3]), -1
            )
    held: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for char in chars:
        if not _inside(char, table.bbox):
            continue
        x = (char["x0"] + char["x1"]) / 2
        y = (char["top"] + char["bottom"]) / 2
        slot = (max(bisect_right(ys, y) - 1, 0), max(bisect_right(xs, x) - 1, 0))
        held[cover.get(slot, -1)].append(char)
    texts = {i: _cell_text(cells[i], held[i]) for i in held if i >= 0}
    width = len(xs)
    rows = [
        tuple(texts.get(cover.get((r, c), -1), "") for c in range(width))
        for r in range(len(table.rows))
    ]
    down = [
        frozenset(
            c
            for c in range(width)
            if r and cover.get((r, c), -1) >= 0 and cover.get((r, c)) == cover.get((r - 1, c))
        )
        for r in range(len(table.rows))
    ]
    return rows, down


def _cell_text(box: tuple[float, float, float, float], chars: list[dict[str, Any]]) -> str:
    """A cell's lines joined as a paragraph's are; a paragraph break inside stays a newline."""
    lines = _lines(chars)
    if not lines:
        return ""
    pad = max(min(line.x0 for line in lines) - box[0], 0.0)
    right = box[2] - pad  # padding is the same on both sides (a centred cell's widest line)
    parts = [lines[0].text]
    for before, after in pairwise(lines):
        full = before.x1 + after.lead > right + 0.25 * before.size
        marker = _OUTLINE.match(after.text) is not None
        parts.append(_glue(parts[-1], after.text) if full and not marker else "\n")
        parts.append(after.text)
    return "".join(parts).strip()


# ------------------------------------------------------------------ lines of characters
def _lines(chars: Iterable[dict[str, Any]]) -> list[_Line]:
    """Characters grouped into printed lines (by vertical overlap), top to bottom."""
    lines = (_line(group) for group in _groups(chars))
    return [line for line in lines if line is not None]


def _groups(chars: Iterable[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """The characters of each printed line (by vertical overlap), left to right; top to
    bottom."""
    groups: list[list[dict[str, Any]]] = []
    bounds: list[list[float]] = []  # each group's [top, bottom]
    for char in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        middle = (char["top"] + char["bottom"]) / 2
        for k in range(len(groups) - 1, max(len(groups) - 3, -1), -1):
            if bounds[k][0] <= middle <= bounds[k][1]:
                groups[k].append(char)
                bounds[k][0] = min(bounds[k][0], char["top"])
                bounds[k][1] = max(bounds[k][1], char["bottom"])
                break
        else:
            groups.append([char])
            bounds.append([char["top"], char["bottom"]])
    return [sorted(group, key=lambda c: c["x0"]) for group in groups]


def _line(chars: list[dict[str, Any]]) -> _Line | None:
    ink = [c for c in chars if not c["text"].isspace()]
    if not ink:
        return None
    size = median(float(c["size"]) for c in ink)
    gaps = [b["x0"] - a["x1"] for a, b in pairwise(ink)]
    # letter spacing of justified text, the same between all characters of a long line
    usual = max(median(gaps), 0.0) if len(gaps) >= 8 else 0.0
    out = [ink[0]["text"]]
    lead: float | None = None  # where the first unbreakable unit ends
    previous, spaced = ink[0], False
    for char in chars[chars.index(ink[0]) + 1 :]:
        text = char["text"]
        if text.isspace():
            spaced = True
            continue
        extra = char["x0"] - previous["x1"] - usual
        latin = not _wide(previous["text"][-1]) and not _wide(text[0])
        space = spaced or extra > size or (latin and extra > 0.2 * size)
        if lead is None and (space or not _glued(previous["text"][-1], text[0])):
            lead = previous["x1"] - ink[0]["x0"]
        out.append(" " + text if space else text)
        previous, spaced = char, False
    return _Line(
        "".join(out),
        ink[0]["x0"],
        ink[-1]["x1"],
        min(c["top"] for c in ink),
        max(c["bottom"] for c in ink),
        size,
        float(ink[-1]["x1"] - ink[0]["x0"] if lead is None else lead),
    )


def _glued(before: str, after: str) -> bool:
    """No line break may fall between these two characters (kinsoku; inside a Latin word)."""
    return (
        after in _CLOSING
        or before in _OPENING
        or before in _QUOTES
        or after in _QUOTES
        or not (_wide(before) or _wide(after))
    )


def _wide(char: str) -> bool:
    """A CJK (full-width) character: no space is written next to it."""
    return unicodedata.east_asian_width(char) in ("W", "F", "A")


def _glue(before: str, after: str) -> str:
    """What joins two lines of one paragraph: a space between Latin words, else nothing."""
    if before and after and not _wide(before[-1]) and not _wide(after[0]):
        return " "
    return ""


# ------------------------------------------------------------------ tables without rules
def _segments(group: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """A printed line cut where the gap between two characters is a column gap: wider than
    :data:`COLUMN_GAP` times the line's font size (a word space is a third of that)."""
    ink = [c for c in group if not c["text"].isspace()]
    if not ink:
        return []
    gap = COLUMN_GAP * median(float(c["size"]) for c in ink)
    out = [[ink[0]]]
    for before, after in pairwise(ink):
        if after["x0"] - before["x1"] > gap:
            out.append([])
        out[-1].append(after)
    return out


def _text(segment: list[dict[str, Any]]) -> str:
    line = _line(segment)
    return "" if line is None else line.text.strip()


def _aligned(
    groups: list[list[dict[str, Any]]],
) -> tuple[list[_Table], list[list[dict[str, Any]]]]:
    """Tables drawn without rules, and the printed lines that are not in one.

    Only a header row that :func:`~jxrules.ingest.headers.recognise` knows starts such a
    table (its cells: the line cut at column gaps); the lines right under it are its rows
    while each of their pieces stands under one column.  Prose is never cut into columns.
    """
    tables: list[_Table] = []
    rest: list[list[dict[str, Any]]] = []
    k = 0
    while k < len(groups):
        segments = _segments(groups[k])
        if len(segments) >= 2 and recognise([_text(s) for s in segments]) is not None:
            table, end = _aligned_table(groups, k, segments)
            if table is not None:
                tables.append(table)
                k = end
                continue
        rest.append(groups[k])
        k += 1
    return tables, rest


def _aligned_table(
    groups: list[list[dict[str, Any]]], first: int, header: list[list[dict[str, Any]]]
) -> tuple[_Table | None, int]:
    """The table whose header is ``groups[first]``, and the index of the first line after."""
    spans = [[min(c["x0"] for c in s), max(c["x1"] for c in s)] for s in header]
    rows = [tuple(_text(s) for s in header)]
    size = median(float(c["size"]) for s in header for c in s)
    bottom = max(c["bottom"] for s in header for c in s)
    k = first + 1
    while k < len(groups):
        segments = _segments(groups[k])
        if not segments or min(c["top"] for c in groups[k]) - bottom > MAX_ROW_GAP * size:
            break
        cells = _columns(segments, spans)
        if cells is None:
            break
        rows.append(cells)
        bottom = max(c["bottom"] for c in groups[k])
        k += 1
    if not any(sum(bool(c) for c in row) >= 2 for row in rows[1:]):
        return None, first  # a header alone, or lines of one piece each: not a table
    top = min(c["top"] for s in header for c in s)
    return _Table(rows, top), k


def _columns(
    segments: list[list[dict[str, Any]]], spans: list[list[float]]
) -> tuple[str, ...] | None:
    """A line's pieces placed under the columns (``spans``: where each column's text has
    stood so far, widened here), or ``None`` when a piece stands under two columns."""
    cells = [""] * len(spans)
    placed: list[tuple[int, float, float]] = []
    for segment in segments:
        x0, x1 = min(c["x0"] for c in segment), max(c["x1"] for c in segment)
        under = [i for i, (a, b) in enumerate(spans) if x0 < b and a < x1]
        if len(under) > 1:
            return None
        column = (
            under[0]
            if under
            else min(range(len(spans)), key=lambda i: max(spans[i][0] - x1, x0 - spans[i][1]))
        )
        text = _text(segment)
        cells[column] = f"{cells[column]} {text}" if cells[column] else text
        placed.append((column, x0, x1))
    wider = [list(span) for span in spans]
    for column, x0, x1 in placed:
        wider[column] = [min(wider[column][0], x0), max(wider[column][1], x1)]
    if any(a[1] >= b[0] for a, b in pairwise(wider)):
        return None  # a piece reaches into the next column: the line is not one of the rows
    spans[:] = wider
    return tuple(cells)


# ------------------------------------------------------------------ page furniture
def _mask(text: str) -> str:
    return re.sub(r"\d+", "#", "".join(text.split()))


def _without_furniture(pages: list[_Page]) -> None:
    """Drop running headers, footers and page numbers from every page's lines."""
    seen: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for page in pages:
        for line in page.lines:
            seen[_mask(line.text)].append((page.number, line.top))
    reading = sum(p.has_text for p in pages)
    needed = max(2, int(FURNITURE_SHARE * reading + 0.999))

    def repeated(line: _Line) -> bool:
        near = 2 + 0.3 * line.size
        places = seen[_mask(line.text)]
        return len({n for n, top in places if abs(top - line.top) <= near}) >= needed

    def page_number(line: _Line, page: _Page) -> bool:
        found = _PAGE_NUMBER.match(line.text.strip())
        if found is None:
            return False
        edge = line is page.lines[0] or line is page.lines[-1]
        bare = found.group("n")
        return edge and (bare is None or int(bare) <= len(pages) + 10)

    for page in pages:
        page.lines = [
            line for line in page.lines if not (repeated(line) or page_number(line, page))
        ]


# ------------------------------------------------------------------ paragraphs and blocks
def _margins(pages: Sequence[_Page]) -> dict[float, _Margins]:
    """Body text's left and right edges and usual line gap, per page width (portrait,
    landscape), measured from the lines: most lines start at the left margin and a full
    line ends at the right one."""
    by_width: dict[float, list[tuple[_Line, _Line | None]]] = defaultdict(list)
    for page in (p for p in pages if p.lines):
        following: list[_Line | None] = [*page.lines[1:], None]
        by_width[round(page.width)].extend(zip(page.lines, following, strict=True))
    out = {}
    for width, pairs in by_width.items():
        lefts = sorted(a.x0 for a, _ in pairs)
        rights = sorted(a.x1 for a, _ in pairs)
        gaps = [b.top - a.bottom for a, b in pairs if b is not None and b.top > a.bottom]
        out[width] = _Margins(
            lefts[len(lefts) // 10],
            rights[(len(rights) * 9) // 10],
            median(gaps) if gaps else 0.0,
        )
    return out


def _continues(
    before: _Line, after: _Line, below: _Line | None, mb: _Margins, ma: _Margins, same_page: bool
) -> bool:
    """Whether ``after`` goes on with the paragraph ``before`` ends (a line wrapped there).

    ``below`` is the line under ``after``: when it starts where ``after`` does, the indent is
    a hanging one (a list item's wrapped lines), not a paragraph's first line.
    """
    size = max(before.size, after.size)
    if abs(before.size - after.size) > 0.15 * size or _OUTLINE.match(after.text):
        return False
    hanging = below is not None and abs(below.x0 - after.x0) < 0.25 * size
    if after.x0 > ma.left + 0.5 * after.size and not hanging:  # a paragraph's first line
        return False
    if same_page and after.top - before.bottom > mb.gap + 0.5 * size:
        return False
    return before.x1 + after.lead > mb.right + 0.25 * before.size


def _blocks(pages: list[_Page], pages_of: dict[int, int]) -> Iterator[Block]:
    """Text lines (one per paragraph) and grids, numbered; ``pages_of`` maps number -> page."""
    _without_furniture(pages)
    margins = _margins(pages)
    scanned = [p.number for p in pages if not p.has_text and p.has_images]
    number = 0
    if scanned:
        number += 1
        pages_of[number] = scanned[0]
        shown = "、".join(str(n) for n in scanned)
        where = f"第 {shown} 页"
        grid = Grid([], number, where)  # carries the warning only, as docx's text boxes do
        hint = Row((_OCR_HINT,), number, _OCR_HINT, where)
        grid.rejected.append((hint, "没有文字层（扫描页？），未读入"))
        yield grid
    paragraph: list[str] = []
    last: tuple[_Line, _Margins, int] | None = None  # the paragraph's last line, its page
    for page in pages:
        if not page.has_text:
            last = None  # nothing continues across a page that could not be read
        here = margins.get(round(page.width), _Margins(0.0, page.width, 0.0))  # no lines
        items: list[tuple[float, _Line | _Table]] = [(line.top, line) for line in page.lines]
        items += [(table.top, table) for table in page.tables]
        items.sort(key=lambda item: item[0])
        ordinal = 0
        for k, (_, item) in enumerate(items):
            if isinstance(item, _Line):
                below = items[k + 1][1] if k + 1 < len(items) else None
                if last is not None and _continues(
                    last[0],
                    item,
                    below if isinstance(below, _Line) else None,
                    last[1],
                    here,
                    last[2] == page.number,
                ):
                    paragraph.append(_glue(paragraph[-1], item.text) + item.text)
                else:
                    if paragraph:
                        yield Text("".join(paragraph).strip(), number)
                    number += 1
                    pages_of[number] = page.number
                    paragraph = [item.text]
                last = (item, here, page.number)
                continue
            if paragraph:
                yield Text("".join(paragraph).strip(), number)
                paragraph = []
            last = None
            ordinal += 1
            grid = _grid(item, number + 1, page.number, ordinal, len(page.tables))
            for row in grid.rows:
                pages_of[row.line] = page.number
            pages_of[number + 1] = page.number
            number += len(grid.rows) + 1
            yield grid
    if paragraph:
        yield Text("".join(paragraph).strip(), number)


def _grid(table: _Table, first: int, page: int, ordinal: int, count: int) -> Grid:
    where = f"第 {page} 页第 {ordinal} 个表格" if count > 1 else f"第 {page} 页的表格"
    rows = [
        Row(
            cells,
            first + i,
            " | ".join(cells),
            f"{where}第 {i + 1} 行",
            table.merged_down[i] if i < len(table.merged_down) else frozenset(),
        )
        for i, cells in enumerate(table.rows)
    ]
    return Grid(rows, first, where)
