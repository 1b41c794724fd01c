"""Reader for Excel workbooks (``.xlsx``; optional extra ``jxrules[xlsx]``).

Each sheet becomes one grid (merged cells expanded: the top-left value is
copied into every cell of the range) and is read by the same code as a
Markdown table.  Sheets are separated by a barrier: a table never continues
from one sheet to the next.  A sheet has no running text, so its title rows
(rows holding a single text) form the narrative.

Numbers never go through a float in the model: an ``int`` cell is exact (it
gains only the zeros its format shows); a ``float`` cell is rounded to the
decimals its number format shows (``0.00`` -> 2, ``0.0%`` -> 1 and a percent sign), so
``0.30000000000000004`` shown as ``0.30`` reads ``0.30``; under ``General``
it is rounded to Excel's 15 significant digits.  Text cells are read later by
:func:`jxrules.quantities.decimals.parse_decimal` like any printed number.
"""

from __future__ import annotations

import datetime as _dt
import html
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from pathlib import Path
from typing import Any

from jxrules.errors import InputError, LimitExceeded, Position
from jxrules.ingest import files
from jxrules.ingest.assemble import assemble
from jxrules.ingest.grid import Barrier, Block, Grid, Row, indented
from jxrules.model import Report
from jxrules.quantities.decimals import decimal_text

#: Refuse sheets with more cells than this (a used range inflated to 1,048,576 rows).
MAX_CELLS = 2_000_000
#: Refuse a merged range covering more cells than this (openpyxl makes an object for each).
MAX_MERGED_CELLS = 100_000
_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')
_DECIMALS = re.compile(r"[0#?]\.([0#?]+)")


def read(path: Path) -> list[Report]:
    """Every report in a workbook (usually one; one per form if a sheet holds several)."""
    return assemble(read_blocks(path), str(path))


def read_blocks(path: Path) -> list[Block]:
    """One grid per sheet, sheets separated by barriers."""
    openpyxl = files.optional_library("openpyxl", "openpyxl", "xlsx", path)
    name = str(path)
    files.refuse_zip_bomb(path, "Excel 文件")
    _refuse_huge_sheets(path)
    try:
        book = openpyxl.load_workbook(path, data_only=True)
        # formulas too: a formula saved without its result must not read as a blank cell
        formulas = openpyxl.load_workbook(path, data_only=False)
    except Exception as exc:  # openpyxl raises zipfile, KeyError, ValueError … on bad files
        raise InputError(
            f"无法读取 Excel 文件（不是有效的 .xlsx）：{type(exc).__name__}: {exc}", Position(name)
        ) from None
    blocks: list[Block] = []
    for sheet in book.worksheets:
        blocks.append(sheet_grid(sheet, formulas[sheet.title]))
        blocks.append(Barrier())
    return blocks


_RANGE = re.compile(
    rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]{1,3})(\d{1,7})(?::([A-Z]{1,3})(\d{1,7}))?"'
)
_ROW = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="(\d{1,8})"')


def _refuse_huge_sheets(path: Path) -> None:
    """Read each sheet's merged ranges and last row from its XML, before openpyxl builds cells
    for them (a declared <dimension> is not used: whole-column formats declare the whole sheet): one <mergeCell ref="G10:Z100000"/> in a 5 KB file cost 47 s
    and 1.25 GB, a million formatted empty rows 18 s and 895 MB."""
    import zipfile

    with zipfile.ZipFile(path) as archive:
        titles = _sheet_titles(archive)
        for info in archive.infolist():
            if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
                continue
            xml = archive.read(info)  # within MAX_UNPACKED_BYTES: the zip bomb check came first
            sheet = f"“{titles.get(info.filename, info.filename.rsplit('/', 1)[-1])}”"
            for c1, r1, c2, r2 in _RANGE.findall(xml):
                cells = (abs(int(r2 or r1) - int(r1)) + 1) * (
                    abs(_column(c2 or c1) - _column(c1)) + 1
                )
                if cells > MAX_MERGED_CELLS:
                    shown = f"{c1.decode()}{r1.decode()}:{(c2 or c1).decode()}{(r2 or r1).decode()}"
                    raise LimitExceeded(
                        f"工作表{sheet} 的合并单元格 {shown} "
                        f"有 {cells} 个单元格，上限 {MAX_MERGED_CELLS} 个 (merge too large; limit: cells)",
                        Position(str(path)),
                        limit="cells",
                    )
            last = max((int(r) for r in _ROW.findall(xml)), default=0)
            if last > files.MAX_TABLE_ROWS:
                raise LimitExceeded(
                    f"工作表{sheet} 有 {last} 行，上限 {files.MAX_TABLE_ROWS} 行 (too many rows; limit: rows)",
                    Position(str(path)),
                    limit="rows",
                )


def _sheet_titles(archive: Any) -> dict[str, str]:
    """Sheet part (``xl/worksheets/sheet1.xml``) -> the sheet's name, from the workbook's XML."""
    try:
        book = archive.read("xl/workbook.xml").decode("utf-8", "replace")
        rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    except KeyError:
        return {}
    targets = {}
    for tag in re.findall(r"<Relationship\b[^>]*>", rels):
        rid, target = _attribute(tag, "Id"), _attribute(tag, "Target")
        if rid and target:
            targets[rid] = target.lstrip("/")
    out = {}
    for tag in re.findall(r"<sheet\b[^>]*>", book):
        target = targets.get(_attribute(tag, "r:id") or "", "")
        if target:
            part = target if target.startswith("xl/") else f"xl/{target}"
            out[part] = html.unescape(_attribute(tag, "name") or "")
    return out


def _attribute(tag: str, name: str) -> str | None:
    found = re.search(rf'\s{re.escape(name)}="([^"]*)"', tag)
    return None if found is None else found.group(1)


def _column(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def sheet_grid(sheet: Any, formulas: Any = None) -> Grid:
    """One worksheet as a grid; row lines are the sheet's row numbers."""
    height, width = sheet.max_row or 0, sheet.max_column or 0
    if height * width > MAX_CELLS:
        raise LimitExceeded(f"工作表“{sheet.title}”过大：{height} 行 × {width} 列")
    cells_in = list(sheet.iter_rows(min_row=1, max_row=height, max_col=width))
    matrix = [[cell_text(cell) for cell in row] for row in cells_in]
    indent = [frozenset(c for c, cell in enumerate(row) if _indented(cell)) for row in cells_in]
    lost = [] if formulas is None else _uncached(sheet, formulas, height, width)
    below: dict[int, set[int]] = {}  # row -> cells a merged range copies down into
    for merged in sheet.merged_cells.ranges:
        top = matrix[merged.min_row - 1][merged.min_col - 1]
        for r in range(merged.min_row - 1, min(merged.max_row, height)):
            for c in range(merged.min_col - 1, min(merged.max_col, width)):
                matrix[r][c] = top
                if r > merged.min_row - 1:
                    below.setdefault(r, set()).add(c)
    while matrix and not any(matrix[-1]):
        matrix.pop()
    title = sheet.title
    rows = [
        Row(
            tuple(cells),
            r + 1,
            " | ".join(cells),
            f"工作表“{title}”第 {r + 1} 行",
            frozenset(below.get(r, ())),
            indent[r],
        )
        for r, cells in enumerate(matrix)
    ]
    grid = Grid(rows, 1, f"工作表“{title}”", text_rows_to_narrative=True, context=(title,))
    for r, ref, formula in lost:
        problem = f"单元格 {ref} 是公式 {formula}，文件中没有保存计算结果，按空白读入（请用 Excel 打开并保存后再读取）"
        row = rows[r - 1] if r <= len(rows) else Row((ref,), r, ref, f"工作表“{title}”第 {r} 行")
        grid.rejected.append((row, problem))
    return grid


def _uncached(sheet: Any, formulas: Any, height: int, width: int) -> list[tuple[int, str, str]]:
    """Formula cells whose result the file does not hold (row, reference, formula)."""
    out = []
    for row in formulas.iter_rows(min_row=1, max_row=height, max_col=width):
        for cell in row:
            value = cell.value
            text = value if isinstance(value, str) else getattr(value, "text", None)
            if (
                isinstance(text, str)
                and text.startswith("=")
                and sheet[cell.coordinate].value is None
            ):
                out.append((cell.row, cell.coordinate, text))
    return out


def _indented(cell: Any) -> bool:
    """A text cell printed indented: Excel's 增加缩进, or a leading full-width space (as in Markdown)."""
    if not isinstance(cell.value, str):
        return False
    level = getattr(getattr(cell, "alignment", None), "indent", 0) or 0
    return level > 0 or bool(indented([cell.value]))


def cell_text(cell: Any) -> str:
    """A cell as the text a reader of the printed sheet would see."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return number_text(value, str(cell.number_format or "General"))
    if isinstance(value, _dt.datetime):
        return value.date().isoformat() if value.time() == _dt.time() else value.isoformat()
    if isinstance(value, (_dt.date, _dt.time)):
        return value.isoformat()
    # a line break typed in a cell is layout (like <br>): Chinese text joins with nothing
    return "".join(part.strip() for part in str(value).splitlines())


def number_text(value: int | float, number_format: str) -> str:
    """The decimal a number cell shows under its number format (no float arithmetic).

    An ``int`` is exact and only gains the zeros its format shows (``500`` under
    ``0.00`` is ``500.00``, as printed); a ``float`` starts from its shortest
    ``repr`` and is rounded half-up to the decimals shown.
    """
    try:
        exact = Decimal(value) if isinstance(value, int) else Decimal(repr(value))
    except InvalidOperation:
        return repr(value)
    if not exact.is_finite():
        return repr(value)
    section = _QUOTED.sub("", number_format.split(";")[0])
    percent = "%" in section
    if percent:
        exact = exact.scaleb(2)
    found = _DECIMALS.search(section)
    try:
        if found is None and "0" not in section:  # General, @, …: Excel's 15 digits
            with localcontext() as ctx:
                ctx.prec, ctx.rounding = 15, ROUND_HALF_UP
                shown = (+exact).normalize()
        else:
            places = found.group(1) if found else ""
            shown = exact.quantize(Decimal(1).scaleb(-len(places)), rounding=ROUND_HALF_UP)
            if "#" in places or "?" in places:  # optional digits: drop trailing zeros
                shown = shown.normalize()
    except InvalidOperation:  # beyond Decimal's precision: keep the exact repr
        shown = exact
    return decimal_text(shown) + ("%" if percent else "")
