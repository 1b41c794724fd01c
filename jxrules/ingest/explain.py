"""``jxrules extract FILE --explain``: how a document was read, for a person.

Each report found, and in it each table: what it was taken for, where it was (line, or page
for a PDF), which header went to which canonical column, the headers read as no column, how
many rows it gave, and every row not read with the reason; then what the reader could not
place.  This is what a user reads before writing a layouts file or correcting a converter.
"""

from __future__ import annotations

from pathlib import Path

from jxrules.errors import InputError, Position
from jxrules.ingest.assemble import assemble
from jxrules.ingest.breakdowns import first_row, labels
from jxrules.ingest.grid import Block
from jxrules.ingest.layouts import Layouts, using
from jxrules.ingest.money_lines import funds_from_lines
from jxrules.ingest.narrative import explain as narrative_lines
from jxrules.ingest.stitch import stitch
from jxrules.ingest.tables import Segment, Table

#: What each kind of table is taken for, in words.
_KINDS = {
    "indicators": "绩效指标表 (indicators)",
    "budget": "收支表 (income or expenditure, told by the text before it)",
    "income": "收入表 (income)",
    "expenditure": "支出表 (expenditure)",
    "funds": "项目资金表 (funds)",
}


def explain(path: Path, layouts: Layouts | None = None) -> str:
    """The reading of ``path`` as text (a canonical YAML/JSON report is read as written),
    with ``layouts`` merged over the bundled vocabulary."""
    with using(layouts):
        return _explain(path)


def _explain(path: Path) -> str:
    import importlib

    from jxrules.ingest import READERS

    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise InputError(f"无法解释 “{path.suffix}” 文件的读取过程", Position(str(path)))
    # A reader that goes through blocks has ``read_blocks``; the canonical one reads keys.
    read_blocks = getattr(importlib.import_module(reader.split(":")[0]), "read_blocks", None)
    if read_blocks is None:
        return f"{path}：规范格式的报告，按键读取，无需解释 (a canonical report)\n"
    blocks: list[Block] = read_blocks(path)
    segments = stitch(blocks)
    reports = assemble(blocks, str(path))
    lines = [f"{path}：读到 {len(segments)} 份报告"]
    for number, (segment, report) in enumerate(zip(segments, reports, strict=True), 1):
        lines += _segment(segment, number)
        lines += narrative_lines(report.narrative_facts)
    return "\n".join(lines) + "\n"


def _segment(segment: Segment, number: int) -> list[str]:
    out = [
        "",
        f"报告 {number}（自第 {segment.line} 块起）：{len(segment.tables)} 个表格，"
        f"正文 {len(segment.narrative)} 行，事实行 {len(segment.facts)} 行",
    ]
    for table in segment.tables:
        out += _table(table)
    if not any(t.kind == "funds" for t in segment.tables):
        written = funds_from_lines(segment.text_lines)
        if written is not None and written.total is not None:
            columns = "，".join(written.total.cells)
            out.append(
                f"  项目资金表 (funds)：由第 {written.total.line} 行起的文字行读出（项目报告才采用）；"
                f"列 {columns}；来源 {len(written.items)} 项"
            )
    if not any(t.kind == "indicators" for t in segment.tables):
        out.append("  未找到绩效指标表：表头应含 三级指标 和 年度指标值/实际完成值 等列")
    for finding in segment.findings:
        out.append(f"  未读入：{finding.message}")
    return out


def _table(table: Table) -> list[str]:
    head = table.header_row.cells
    first, last = table.rows[:1], table.rows[-1:]
    span = f"{first[0].where} 至 {last[0].where}" if first else table.where
    out = [
        f"  {_KINDS.get(table.kind, table.kind)}：{table.where}；数据行 {len(table.rows)} 行（{span}）"
    ]
    mapped = sorted(table.header.columns.items(), key=lambda item: item[1])
    columns = "，".join(f"“{head[i].strip()}”→{key}" for key, i in mapped if i < len(head))
    out.append(f"    列：{columns}")
    if table.context:
        out.append(f"    表前文字：“{table.context[-1][:60]}”")
    name = table.header.name_column
    if name is not None and name < len(head) and head[name].strip():
        out.append(f"    名称列：“{head[name].strip()}”")
    for header, row in table.unread_columns():
        out.append(f"    未识别的列：“{header}”（例如 {row.where}）")
    start = first_row(table.rows) if table.kind == "funds" else None
    if start is not None:
        row = table.rows[start]
        for label, key, column in labels(row):
            out.append(
                f"    分项：{row.where}起 “{label}” 及其下各行 → {_KINDS.get(key, key)}，"
                f"{column} 列（不是项目资金的来源）"
            )
    for row, reason in table.notes:
        out.append(f"    未读入 {row.where}：{reason}：{row.text[:80]}")
    return out
