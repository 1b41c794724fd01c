"""Money written as label–value lines, with no table: a 项目资金 block in words.

::

    全年预算数：150.00万元          <- a block: its label is a money column header
    其中：当年财政拨款 120.00万元    <- its sources
    上年结转资金：30.00万元
    全年执行数：142.50万元          <- the next block: the next column
    其中：当年财政拨款 114.00万元
    上年结转资金：28.50万元

becomes the 项目资金 table a form prints as a grid: one row per source, one column per
block, the blocks' own amounts its 年度资金总额 row — so it reconciles like a table.  The
patterns are data (``money_lines`` in ``jxrules/data/headers.yaml``); amounts carrying a
unit are converted exactly into the table's (the first unit met, else 万元).  The lines
stay in the narrative too.

A block may be headed by a source rather than a column (``财政资金：180.00万元`` with
``其中：`` lines under it): its column is told by the words of its label (``执行``/``支出``:
the executed column), else it is the budget — both data (``money_lines.source_column``,
``source_column_words``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from decimal import Decimal

from jxrules.ingest.headers import normalise, vocabulary
from jxrules.model import BUDGET_COLUMNS, BudgetLine, BudgetTable, Num
from jxrules.quantities.decimals import decimal_text


def _match(patterns: Sequence[re.Pattern[str]], text: str) -> re.Match[str] | None:
    return next((m for p in patterns if (m := p.fullmatch(text.strip())) is not None), None)


def _column(label: str) -> str | None:
    """The money column a block's label names (全年预算数 -> adjusted_budget), if any."""
    key = vocabulary().columns.get(normalise(label))
    return key if key in BUDGET_COLUMNS else None


def source_column(label: str) -> str:
    """The money column of a block headed by a source: told by a word of its label, else data."""
    vocab = vocabulary()
    found = (c for c, words in vocab.money_source_words if any(w in label for w in words))
    return next(found, vocab.money_source_column)


def _opens_items(text: str | None) -> bool:
    """Whether a line starts a block's sub-items (其中：…)."""
    prefixes = vocabulary().item_prefixes
    return text is not None and unicodedata.normalize("NFKC", text.strip()).startswith(prefixes)


_Blocks = list[tuple[str, re.Match[str], int, list[tuple[re.Match[str], int]]]]


def money_line_numbers(lines: Sequence[tuple[int, str]]) -> frozenset[int]:
    """The source lines :func:`funds_from_lines` reads as the table (a total line and its
    items, in every column's block): they are that table, not prose to read again."""
    return frozenset(
        number
        for _, _, total_line, items in _blocks(lines)
        for number in (total_line, *(line for _, line in items))
    )


def funds_from_lines(lines: Sequence[tuple[int, str]]) -> BudgetTable | None:
    """The 项目资金 table written as lines, or ``None`` when the text holds no such block."""
    vocab = vocabulary()
    blocks = _blocks(lines)
    if not blocks:
        return None
    units = [m["unit"] for _, total, _, items in blocks for m in (total, *(i for i, _ in items))]
    sizes = vocab.money_units
    unit = next((u for u in units if u), None) or "万元"
    unit = next((u for u, s in sizes.items() if s == sizes.get(unit) and "元" in u), "万元")

    def amount(match: re.Match[str]) -> Num:
        value = Decimal(match["value"].replace(",", ""))
        own = match["unit"]
        if own and own in sizes and unit in sizes and own != unit:
            value = value * sizes[own] / sizes[unit]
        return Num(value, decimal_text(value))

    names: dict[str, dict[str, Num]] = {}
    first_line: dict[str, int] = {}
    for column, _, _, items in blocks:
        for match, line in items:
            name = "".join(match["label"].split())
            names.setdefault(name, {})[column] = amount(match)
            first_line.setdefault(name, line)
    total_name = next(iter(vocab.funds_total_names), "")
    total_cells = {column: amount(total) for column, total, _, _ in blocks}
    return BudgetTable(
        unit=unit,
        items=tuple(BudgetLine(n, cells, line=first_line[n]) for n, cells in names.items()),
        total=BudgetLine(total_name, total_cells, line=blocks[0][2]),
    )


def _blocks(lines: Sequence[tuple[int, str]]) -> _Blocks:
    """Each block of money lines: its column, its total's match and line, its items."""
    vocab = vocabulary()
    blocks: _Blocks = []
    by_source = False  # blocks headed by a source (中央财政资金：…) rather than by a column
    for n, (line, text) in enumerate(lines):
        total = _match(vocab.money_totals, text)
        column = _column(total["label"]) if total is not None else None
        following = lines[n + 1][1] if n + 1 < len(lines) else None
        opens = column is None and (by_source or not blocks) and _opens_items(following)
        if total is not None and opens:
            column, by_source = source_column(total["label"]), True
            if column in [b[0] for b in blocks]:
                return []  # two sources' blocks in one column: parts of what? (docs/layouts.md)
        if total is not None and column is not None and column not in [b[0] for b in blocks]:
            blocks.append((column, total, line, []))
            continue
        item = _match(vocab.money_items, text) if blocks else None
        # a label naming any column (分值：10, 得分：9.5 under the lines) is no source of funds
        if item is not None and vocab.columns.get(normalise(item["label"])) is None:
            blocks[-1][3].append((item, line))
        elif blocks and blocks[-1][3]:
            break  # the text after the last block's sources: the blocks end here
    if by_source:  # a lone 其中 line names a part of the source, not its breakdown
        blocks = [b for b in blocks if len(b[3]) >= vocab.money_source_min_items]
    if not blocks or not any(items for *_, items in blocks):
        return []
    return blocks
