"""Money tables (收入, 支出, 项目资金) -> :class:`~jxrules.model.BudgetTable`.

Cells become ``Num(Decimal, text)`` whose text is the normalised decimal
(``7,013.09`` -> ``7013.09``): the same object the canonical YAML loader
builds, so an extracted report equals its hand-entered YAML.  A blank cell is
``Num(None, "")`` like a YAML ``null``.  A cell that is not a number is read
as blank *and* reported, with its text, as an ingest warning.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from decimal import Decimal

import attrs

from jxrules.errors import QuantityError
from jxrules.findings import Finding
from jxrules.ingest.breakdowns import first_row
from jxrules.ingest.breakdowns import read as breakdowns
from jxrules.ingest.facts import unit_in
from jxrules.ingest.grid import Row, row_finding
from jxrules.ingest.headers import budget_kind, is_total, money_unit, normalise, vocabulary
from jxrules.ingest.tables import Table
from jxrules.model import BUDGET_COLUMNS, BudgetLine, BudgetTable, Num
from jxrules.quantities.decimals import decimal_text, normalize_digits, parse_decimal

_SCALARS = ("points", "execution_rate", "score")


def number(
    row: Row,
    text: str,
    column: str,
    table: str | None,
    findings: list[Finding],
    unit: str | None = None,
) -> Num | None:
    """A printed number as ``Num`` with normalised text; ``None`` when blank or unreadable.

    With ``unit`` (a money table's unit), a cell carrying its own unit (``415.00万元``,
    ``1,250.5万``) is read in ``unit``, converted exactly, never as blank.
    """
    raw = text.strip()
    scale = Decimal(1)
    if unit is not None:
        body, own = money_unit(raw)
        sizes = vocabulary().money_units
        if own is not None and unit in sizes:
            raw, scale = body, sizes[own] / sizes[unit]
    percent = column == "execution_rate"
    if column in ("points", "score") and raw.endswith("分"):
        raw = raw[:-1]
    try:
        value = parse_decimal(raw, allow_percent=percent)
    except QuantityError:
        problem = f"列 {column} 的 “{raw}” 不是数字，按空白读入"
        findings.append(row_finding(row, problem, table))
        return None
    if value is None:
        return None
    if scale != 1:
        value *= scale
    shown = decimal_text(value)
    if percent and normalize_digits(raw).strip().endswith("%"):
        shown += "%"
    return Num(value, shown)


def classify(table: Table) -> str | None:
    """``income``/``expenditure``: from the total row's name, else the text before the table."""
    name = table.header.name_column
    totals = [r.cells[name] for r in table.rows if name is not None and is_total(r.cells[name])]
    header = [c for c in table.header_row.cells if c.strip()]
    return budget_kind(totals) or budget_kind(table.context[::-1]) or budget_kind(header)


def build_budget(tables: Sequence[Table], findings: list[Finding]) -> dict[str, BudgetTable]:
    """The report's money tables by canonical key; a table that cannot be placed is reported."""
    out: dict[str, BudgetTable] = {}
    parts: list[tuple[str, Row, BudgetTable]] = []  # totals broken down by nature
    for table in tables:
        if table.kind not in ("funds", "budget"):
            continue
        start = first_row(table.rows) if table.kind == "funds" else None
        below = table.rows[start:] if start is not None else []
        if start is not None:
            table = attrs.evolve(table, rows=table.rows[:start])
        key = "funds" if table.kind == "funds" else classify(table)
        if key is None:
            problem = "无法判断是收入表还是支出表（合计行和前文都没有说明），此表未读入"
        elif key in out:
            problem = f"报告中已有 {key} 表，此表未读入"
        else:
            out[key] = _table(table, key, findings)
            if below:
                parts += breakdowns(below, out[key], number, findings)
            continue
        findings.append(row_finding(table.header_row, problem, key))
        findings.extend(row_finding(r, p, key) for r, p in table.notes)
        findings.extend(row_finding(r, "所在的表未读入", key) for r in table.rows)
    for key, row, part in parts:
        if key in out:
            problem = f"报告中已有 {key} 表，此行起的分项未读入"
            english = (
                f"the report already has a {key} table; the breakdown from this row was not read"
            )
            findings.append(row_finding(row, problem, key, problem_en=english))
        else:
            out[key] = part
    return out


def _strip_prefix(name: str) -> str:
    """``其中：当年财政拨款`` -> ``当年财政拨款`` (prefixes compared in NFKC form)."""
    for prefix in vocabulary().item_prefixes:
        for end in range(1, len(name)):
            if unicodedata.normalize("NFKC", name[:end]) == prefix:
                return name[end:]
    return name


def _unit(table: Table, columns: Sequence[str]) -> str:
    """The table's money unit: its own title (项目资金（元）), the text above it (单位：万元),
    the unit its first money cell carries (``415.00万元``), else 万元."""
    found = unit_in(table.header_row.cells) or unit_in(table.context[::-1])
    if found:
        return found
    sizes = vocabulary().money_units
    for row in table.rows:
        for column in columns:
            own = money_unit(row.cells[table.header.columns[column]])[1]
            if own is not None:  # 万 is 万元: the unit a table is named in
                return next(u for u, size in sizes.items() if size == sizes[own] and "元" in u)
    return "万元"


def _table(table: Table, key: str, findings: list[Finding]) -> BudgetTable:
    header = table.header
    findings.extend(row_finding(r, p, key) for r, p in table.notes)
    for head, row in table.unread_columns():
        findings.append(row_finding(row, f"列 “{head}” 不是已知的列，此列的内容未读入", key))
    name_col = header.name_column
    columns = [c for c in BUDGET_COLUMNS if c in header.columns]
    funds = key == "funds"
    unit = _unit(table, columns)
    items: list[BudgetLine] = []
    total: BudgetLine | None = None
    scalars: dict[str, Num | None] = {}
    for row in table.rows:
        name = "" if name_col is None else "".join(row.cells[name_col].split())
        cells = {
            c: number(row, row.cells[header.columns[c]], c, key, findings, unit) or Num(None, "")
            for c in columns
        }
        if not name:
            findings.append(row_finding(row, "没有项目名称，此行未读入", key))
            continue
        is_tot = normalise(name) in vocabulary().funds_totals if funds else is_total(name)
        line = BudgetLine(_strip_prefix(name) if funds else name, cells, line=row.line)
        row_scalars = {
            s: number(row, row.cells[header.columns[s]], s, key, findings)
            for s in _SCALARS
            if funds and s in header.columns
        }
        if is_tot and total is None:
            total, scalars = line, row_scalars
        elif is_tot:
            findings.append(row_finding(row, "表中第二个合计行，未读入", key))
        elif total is not None and not funds:
            findings.append(row_finding(row, "合计行之后的行，未读入", key))
        else:
            items.append(line)
            if any(v is not None for v in row_scalars.values()):
                problem = "分值/执行率/得分只在年度资金总额行读取，此行的这些值未读入"
                findings.append(row_finding(row, problem, key))
    return BudgetTable(
        unit=unit,
        items=tuple(items),
        total=total,
        points=scalars.get("points"),
        execution_rate=scalars.get("execution_rate"),
        score=scalars.get("score"),
    )
