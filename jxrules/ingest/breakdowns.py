"""A money total broken down by nature inside a 项目资金 grid, its figure in the label cell.

::

    | 年度资金总额 | 1,250.00 | 1,234.56 | 1,200.00 |
    | 按收入性质分：1,234.56 | | 按支出性质分：1,200.00 | |   <- labels carrying their totals
    | 一般公共预算 | 1,034.56 | 基本支出 | 900.00 |             <- parts, side by side
    | 政府性基金预算 | 200.00 | 项目支出 | 300.00 |

A department form prints its 年度资金总额 so.  Each label (``breakdowns`` in
``jxrules/data/headers.yaml``) opens a money table of its own (收入 / 支出): the parts
under it are its items, the figure in the label its total, in the one column the data
names (收入 the budget, 支出 the 决算数; the other columns blank).  A part may carry its figure too
(``基本支出：900.00``).  The rows from the labels down are no 项目资金 sources.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence

from jxrules.findings import Finding
from jxrules.ingest.grid import Row
from jxrules.ingest.headers import vocabulary
from jxrules.model import BudgetLine, BudgetTable, Num

#: The money cell reader of build_budget (one reader for every money cell): (row, text,
#: column, table key, findings, unit) -> the number, ``None`` when blank or unreadable.
Number = Callable[[Row, str, str, str | None, list[Finding], str | None], Num | None]


#: The columns of a 收入/支出 table.
_COLUMNS = ("initial_budget", "adjusted_budget", "final_accounts")


def _flat(text: str) -> str:
    return unicodedata.normalize("NFKC", "".join(text.split()))


def _label(cell: str) -> tuple[str, str, str, str] | None:
    """(label, table key, column, the text after it) when the cell opens a breakdown."""
    flat = _flat(cell)
    for label, key, column in vocabulary().breakdowns:
        if flat.startswith(_flat(label)):
            return label, key, column, flat[len(_flat(label)) :].lstrip(":")
    return None


def _split(cell: str) -> tuple[str, str]:
    """``其中：基本支出：900.00`` -> (``基本支出``, ``900.00``); a bare name has no figure."""
    flat = _flat(cell)
    for prefix in vocabulary().item_prefixes:
        if flat.startswith(prefix):
            flat = flat[len(prefix) :]
            break
    name, colon, rest = flat.rpartition(":")
    if colon and rest and rest[0].isdigit():
        return name, rest
    return flat, ""


def _cells(column: str, value: Num | None) -> dict[str, Num]:
    """A 收入/支出 table's columns, blank but the one the breakdown prints (rules read each)."""
    return {**dict.fromkeys(_COLUMNS, Num(None, "")), column: value or Num(None, "")}


def labels(row: Row) -> list[tuple[str, str, str]]:
    """The breakdowns a row opens: (label, table key, column) each (for ``--explain``)."""
    found = [_label(c) for c in row.cells]
    out = [f[:3] for f in found if f is not None]
    return [x for n, x in enumerate(out) if x not in out[:n]]


def first_row(rows: Sequence[Row]) -> int | None:
    """The index of the row that opens the breakdowns, ``None`` when there is none."""
    return next((i for i, r in enumerate(rows) if any(_label(c) for c in r.cells)), None)


def read(
    rows: Sequence[Row],
    funds: BudgetTable,
    number: Number,
    findings: list[Finding],
) -> list[tuple[str, Row, BudgetTable]]:
    """Each breakdown under its labels' row as (table key, label row, money table), in the
    unit of ``funds``, the 年度资金总额 table above them."""
    unit = funds.unit
    head, below = rows[0], rows[1:]
    opens: list[tuple[int, str, str, str, str]] = []  # cell, label, key, column, figure
    for c, cell in enumerate(head.cells):
        found = _label(cell)
        if found is not None and not (opens and head.cells[opens[-1][0]] == cell):
            opens.append((c, *found))  # a label merged over two cells opens one breakdown
    out = []
    for n, (c, label, key, column, figure) in enumerate(opens):
        end = opens[n + 1][0] if n + 1 < len(opens) else len(head.cells)
        items: list[BudgetLine] = []
        for row in below:
            name, own = _split(row.cells[c]) if c < len(row.cells) else ("", "")
            if not name:
                continue
            text = own or next(
                (t for t in row.cells[c + 1 : end] if t.strip() and t != row.cells[c]), ""
            )
            value = number(row, text, column, key, findings, unit)
            items.append(BudgetLine(name, _cells(column, value), line=row.line))
        stated = number(head, figure, column, key, findings, unit)
        total = BudgetLine(label, _cells(column, stated), line=head.line)
        out.append((key, head, BudgetTable(unit=unit, items=tuple(items), total=total)))
    return out
