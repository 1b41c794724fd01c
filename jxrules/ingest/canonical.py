"""Canonical YAML/JSON reports -> :class:`~jxrules.model.Report` (and back, for ``extract``)."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from jxrules.errors import JxError, LimitExceeded, QuantityError, ReportError
from jxrules.ingest.documents import TOO_MANY_DIGITS, Document, PathKey, too_many_digits
from jxrules.ingest.narrative import read_text as read_narrative
from jxrules.ingest.schema import UncheckableValue, path_text, report_errors
from jxrules.model import (
    BUDGET_COLUMNS,
    BudgetLine,
    BudgetTable,
    Indicator,
    Num,
    Report,
    SelfEvaluation,
    TotalScore,
)
from jxrules.quantities.decimals import decimal_text, parse_decimal

_TABLE_SCALARS = ("points", "execution_rate", "score")


def report_from_document(doc: Document) -> Report:
    """Validate a parsed canonical document and build the model; errors name the cell."""
    data = doc.data
    if not isinstance(data, dict):
        raise ReportError(
            "报告必须是一个 YAML/JSON 映射（键: 值），而不是列表或单个值", doc.position(())
        )
    if isinstance(data.get("filed_on"), _dt.date):  # a mapping built in Python may carry a date
        data = {**data, "filed_on": data["filed_on"].isoformat()}
    try:
        problem = report_errors(data, doc)
    except UncheckableValue as exc:
        # the model's own error about the document, if it has one, comes first: it is what a
        # quick "valid" (jxrules[fast]) leads to, and the answer must not depend on the extra
        try:
            _Builder(doc).report(data)
        except JxError:
            raise
        except Exception:  # not validated, so anything: the model cannot read it either
            pass
        raise exc from None
    if problem:
        raise ReportError(*problem)
    return _Builder(doc).report(data)


class _Builder:
    def __init__(self, doc: Document) -> None:
        self.doc = doc

    def line_of(self, path: PathKey) -> int | None:
        """The line a row starts on where the source kept positions (YAML); JSON and a
        caller's mapping keep none, and their rows claim no line (not line 1)."""
        positions = self.doc.value_positions
        return positions[path].line if path in positions else None

    def limited(self, value: Any, path: PathKey) -> None:
        """A number from a caller's mapping is held to the limit a YAML or JSON file is."""
        if too_many_digits(value):
            where = self.doc.position(path)
            raise LimitExceeded(f"{path_text(path)}：{TOO_MANY_DIGITS}", where, limit="number")

    def num(self, value: Any, path: PathKey, *, percent: bool = False) -> Num | None:
        if value is None:
            return None
        self.limited(value, path)
        try:
            parsed = parse_decimal(value, allow_percent=percent)
        except QuantityError as exc:
            where = path_text(path)
            raise ReportError(f"{where}：{exc.message}", self.doc.position(path)) from None
        text = value if isinstance(value, str) else decimal_text(parsed)
        return Num(parsed, text.strip())

    def report(self, data: Mapping[str, Any]) -> Report:
        evaluation = data.get("self_evaluation") or {}
        total = data.get("total_score")
        declared: dict[str, Decimal] = {}
        for key, value in (data.get("declared") or {}).items():
            num = self.num(value, ("declared", key))
            if num is not None and num.value is not None:
                declared[key] = num.value
        return Report(
            kind=data["kind"],
            fiscal_year=data.get("fiscal_year"),
            department=data.get("department"),
            project=data.get("project"),
            filed_on=self.date(data.get("filed_on")),
            self_evaluation=SelfEvaluation(
                score=self.num(evaluation.get("score"), ("self_evaluation", "score")),
                grade=evaluation.get("grade"),
            ),
            declared=declared,
            budget={
                key: self.table(table, ("budget", key))
                for key, table in (data.get("budget") or {}).items()
                if table is not None
            },
            indicators=self.links(
                tuple(self.indicator(row, i) for i, row in enumerate(data.get("indicators") or []))
            ),
            total_score=None
            if total is None
            else TotalScore(
                points=self.num(total.get("points"), ("total_score", "points")),
                score=self.num(total.get("score"), ("total_score", "score")),
            ),
            narrative=data.get("narrative") or "",
            narrative_facts=read_narrative(data.get("narrative") or ""),
            source=self.doc.file,
        )

    def date(self, value: Any) -> _dt.date | None:
        if value is None or isinstance(value, _dt.date):
            return value
        try:
            return _dt.date.fromisoformat(str(value))
        except ValueError:
            raise ReportError(
                f"filed_on：“{value}” 不是 YYYY-MM-DD 格式的日期", self.doc.position(("filed_on",))
            ) from None

    def line(self, row: Mapping[str, Any], path: PathKey) -> BudgetLine:
        cells = {}
        for column in BUDGET_COLUMNS:
            if column in row:
                cells[column] = self.num(row[column], (*path, column)) or Num(None, "")
        line = self.line_of(path)
        return BudgetLine(name="".join(str(row["name"]).split()), cells=cells, line=line)

    def table(self, table: Mapping[str, Any], path: PathKey) -> BudgetTable:
        items = tuple(
            self.line(r, (*path, "items", i)) for i, r in enumerate(table.get("items") or [])
        )
        total = table.get("total")
        scalars = {
            key: self.num(table.get(key), (*path, key), percent=key == "execution_rate")
            for key in _TABLE_SCALARS
        }
        return BudgetTable(
            unit=table.get("unit") or "万元",
            items=items,
            total=None if total is None else self.line(total, (*path, "total")),
            **scalars,
        )

    def links(self, indicators: tuple[Indicator, ...]) -> tuple[Indicator, ...]:
        """``parent`` and ``score_group`` name another row by its label (序号, else position)."""
        labels = {i.row for i in indicators}
        for index, item in enumerate(indicators):
            for key in ("parent", "score_group"):
                label = getattr(item, key)
                if label is not None and label not in labels:
                    raise ReportError(
                        f"indicators[{index}].{key} 是 “{label}”，但没有这个序号（或位置）的指标行",
                        self.doc.position(("indicators", index, key)),
                    )
                if key == "parent" and label == item.row:
                    raise ReportError(
                        f"indicators[{index}].parent 指向这一行自己",
                        self.doc.position(("indicators", index, key)),
                    )
        return indicators

    def indicator(self, row: Mapping[str, Any], index: int) -> Indicator:
        path: PathKey = ("indicators", index)
        for key in ("seq", "target", "actual"):  # may be numbers
            self.limited(row.get(key), (*path, key))
        seq, parent, group = row.get("seq"), row.get("parent"), row.get("score_group")
        return Indicator(
            seq=None if seq is None or str(seq).strip() == "" else str(seq).strip(),
            level1=row.get("level1"),
            level2=row.get("level2"),
            name="".join(str(row["name"]).split()),
            target=_text(row.get("target")),
            actual=_text(row.get("actual")),
            points=self.num(row.get("points"), (*path, "points")),
            score=self.num(row.get("score"), (*path, "score")),
            note=_text(row.get("note")),
            position=index + 1,
            parent=_label(parent),
            score_group=_label(group),
            line=self.line_of(path),
        )


def _label(value: Any) -> str | None:
    """A row label (``parent``, ``score_group``) as text; ``None`` when absent or blank."""
    return None if value is None or str(value).strip() == "" else str(value).strip()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return decimal_text(value)
    return str(value).strip()


# ------------------------------------------------------------------ writing
def _num_out(num: Num | None) -> str | None:
    if num is None or num.value is None:
        return None
    return num.text or decimal_text(num.value)


def _line_out(line: BudgetLine) -> dict[str, Any]:
    out: dict[str, Any] = {"name": line.name}
    for column, cell in line.cells.items():
        out[column] = _num_out(cell)
    return out


def report_to_data(report: Report) -> dict[str, Any]:
    """The canonical mapping of a report (what ``jxrules extract`` writes)."""
    budget: dict[str, Any] = {}
    for key, table in report.budget.items():
        entry: dict[str, Any] = {
            "unit": table.unit,
            "items": [_line_out(line) for line in table.items],
            "total": None if table.total is None else _line_out(table.total),
        }
        for scalar in _TABLE_SCALARS:
            value = getattr(table, scalar)
            if value is not None:
                entry[scalar] = _num_out(value)
        budget[key] = entry
    total = report.total_score
    return {
        "kind": report.kind,
        "department": report.department,
        "project": report.project,
        "fiscal_year": report.fiscal_year,
        "filed_on": report.filed_on,
        "self_evaluation": {
            "score": _num_out(report.self_evaluation.score),
            "grade": report.self_evaluation.grade,
        },
        "declared": {
            k: int(v) if v == v.to_integral_value() else decimal_text(v)
            for k, v in report.declared.items()
        },
        "budget": budget,
        "indicators": [
            {
                "seq": i.seq,
                "level1": i.level1,
                "level2": i.level2,
                "name": i.name,
                "target": i.target,
                "actual": i.actual,
                "points": _num_out(i.points),
                "score": _num_out(i.score),
                "note": i.note,
                **({"parent": i.parent} if i.parent is not None else {}),
                **({"score_group": i.score_group} if i.score_group is not None else {}),
            }
            for i in report.indicators
        ],
        "total_score": None
        if total is None
        else {"points": _num_out(total.points), "score": _num_out(total.score)},
        "narrative": report.narrative,
    }
