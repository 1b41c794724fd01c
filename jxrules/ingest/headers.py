"""Recognising a table by what its header says, never by where it is.

The vocabulary — which header texts mean which canonical column, which
column sets make an indicator / 项目资金 / budget table, the names of total
rows and the labels of form rows — is data in ``jxrules/data/headers.yaml``,
so that a province's new wording is a one-line change there, not a code change.
Texts are compared after :func:`normalise` (NFKC: full width to half width;
white space removed), so ``项 目`` and ``项目（按功能分类）`` match their entries.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from attrs import frozen

from jxrules.errors import JxError
from jxrules.ingest.layouts import Layouts, active, data_file


@functools.lru_cache(maxsize=8)
def _suffixes(layouts: Layouts | None) -> re.Pattern[str]:
    """The ``ignore_suffixes`` of headers.yaml as one pattern anchored at the end."""
    words = _strings(
        data_file("headers.yaml", layouts).get("ignore_suffixes") or [], "ignore_suffixes"
    )
    try:
        return re.compile(f"(?:{'|'.join(words) or '(?!)'})+$")
    except re.error as exc:
        raise JxError(f"jxrules/data/headers.yaml：ignore_suffixes 正则表达式无效：{exc}") from None


def normalise(text: str) -> str:
    """Header/label form of a text: NFKC, no white space, no trailing colon, unit or label."""
    return _normalise(text, active())


@functools.lru_cache(maxsize=8192)  # every cell is normalised; a batch repeats its forms' texts
def _normalise(text: str, layouts: Layouts | None) -> str:
    flat = "".join(unicodedata.normalize("NFKC", text).split())
    return _suffixes(layouts).sub("", flat.rstrip(":"))


@frozen
class Vocabulary:
    """``headers.yaml``, loaded and normalised."""

    columns: Mapping[str, str]  # normalised header text -> canonical key
    tables: tuple[tuple[str, tuple[frozenset[str], ...]], ...]
    budget_kinds: tuple[tuple[str, tuple[str, ...]], ...]
    totals: frozenset[str]
    total_suffixes: tuple[str, ...]
    score_totals: frozenset[str]
    subtotal_suffixes: tuple[str, ...]
    funds_totals: frozenset[str]
    #: The 项目资金 total row names as written (the first names a row made of side-by-side pairs).
    funds_total_names: tuple[str, ...]
    item_prefixes: tuple[str, ...]
    category_suffix: str
    #: Removed from a category cell: a weight printed with it (产出指标（50分）).
    category_strip: tuple[re.Pattern[str], ...]
    #: An indicator name starting so is a part of the indicator above (其中：…).
    child_prefixes: tuple[str, ...]
    #: Names of template rows left in (指标1, ……), each matched against the whole name.
    placeholder_names: tuple[re.Pattern[str], ...]
    labels: frozenset[str]
    starts_report: frozenset[str]
    goal: frozenset[str]
    goal_parts: frozenset[str]
    satisfaction: str
    #: 指标性质 word -> comparator, 度量单位 word -> unit (the split target layout).
    split_comparators: Mapping[str, str]
    split_units: Mapping[str, str]
    #: A money cell's own unit (万元, 万, 元 …) -> its size in 元.
    money_units: Mapping[str, Decimal]
    #: Money as label–value lines: a block's total line, and its item lines.
    money_totals: tuple[re.Pattern[str], ...]
    money_items: tuple[re.Pattern[str], ...]
    #: A block headed by a source: the column its amounts go to, unless its label holds
    #: a word of ``money_source_words`` (column -> words).
    money_source_column: str
    money_source_words: tuple[tuple[str, tuple[str, ...]], ...]
    #: A block headed by a source is read only with this many sub-items (a lone 其中 is a part).
    money_source_min_items: int
    #: A total broken down by nature, its figure in the label cell: (label, table, column).
    breakdowns: tuple[tuple[str, str, str], ...]


def _strings(data: Any, where: str) -> tuple[str, ...]:
    if not isinstance(data, list) or not all(isinstance(s, str) for s in data):
        raise JxError(f"jxrules/data/headers.yaml：{where} 应为文本列表 (list of strings)")
    return tuple(data)


def _regex(pattern: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise JxError(f"jxrules/data/headers.yaml：{where} 正则表达式无效：{exc}") from None


def vocabulary() -> Vocabulary:
    """The header vocabulary: the packaged one, with the active layouts file's additions."""
    return _vocabulary(active())


@functools.lru_cache(maxsize=8)
def _vocabulary(layouts: Layouts | None) -> Vocabulary:
    """Load a header vocabulary once per layouts file."""
    data = data_file("headers.yaml", layouts)
    try:
        columns = {
            normalise(label): key
            for key, labels in data["columns"].items()
            for label in _strings(labels, f"columns.{key}")
        }
        tables = tuple(
            (kind, tuple(frozenset(_strings(s, f"tables.{kind}")) for s in sets))
            for kind, sets in data["tables"].items()
        )
        rows, form, split = data["rows"], data["form"], data["split_target"]
        lines = data.get("money_lines") or {}
        return Vocabulary(
            columns=columns,
            tables=tables,
            budget_kinds=tuple(
                (k, _strings(v, f"budget_kinds.{k}")) for k, v in data["budget_kinds"].items()
            ),
            totals=frozenset(normalise(s) for s in _strings(rows["totals"], "rows.totals")),
            total_suffixes=_strings(rows["total_suffixes"], "rows.total_suffixes"),
            score_totals=frozenset(normalise(s) for s in _strings(rows["score_totals"], "t")),
            subtotal_suffixes=_strings(rows["subtotal_suffixes"], "rows.subtotal_suffixes"),
            funds_totals=frozenset(normalise(s) for s in _strings(rows["funds_totals"], "f")),
            funds_total_names=_strings(rows["funds_totals"], "rows.funds_totals"),
            item_prefixes=tuple(
                unicodedata.normalize("NFKC", s) for s in _strings(rows["item_prefixes"], "p")
            ),
            category_suffix=str(rows["category_suffix"]),
            category_strip=tuple(
                _regex(p, "rows.category_strip")
                for p in _strings(rows.get("category_strip") or [], "rows.category_strip")
            ),
            child_prefixes=tuple(
                unicodedata.normalize("NFKC", s)
                for s in _strings(rows.get("child_prefixes") or [], "rows.child_prefixes")
            ),
            placeholder_names=tuple(
                _regex(p, "rows.placeholder_names")
                for p in _strings(rows.get("placeholder_names") or [], "rows.placeholder_names")
            ),
            labels=frozenset(normalise(s) for s in _strings(form["labels"], "form.labels")),
            starts_report=frozenset(normalise(s) for s in _strings(form["starts_report"], "s")),
            goal=frozenset(normalise(s) for s in _strings(form["goal"], "form.goal")),
            goal_parts=frozenset(normalise(s) for s in _strings(form["goal_parts"], "g")),
            satisfaction=str(form["satisfaction"]),
            split_comparators={str(k): str(v) for k, v in split["comparators"].items()},
            split_units={
                unicodedata.normalize("NFKC", str(k)): str(v) for k, v in split["units"].items()
            },
            money_units={str(k): Decimal(str(v)) for k, v in data["money_units"].items()},
            money_totals=tuple(
                _regex(p, "money_lines.total")
                for p in _strings((data.get("money_lines") or {}).get("total") or [], "t")
            ),
            money_items=tuple(
                _regex(p, "money_lines.item")
                for p in _strings((data.get("money_lines") or {}).get("item") or [], "i")
            ),
            money_source_column=str(lines.get("source_column") or "adjusted_budget"),
            breakdowns=tuple(
                (str(k), str(v["table"]), str(v["column"]))
                for k, v in (data.get("breakdowns") or {}).items()
            ),
            money_source_min_items=int(lines.get("source_min_items") or 2),
            money_source_words=tuple(
                (str(k), _strings(v, f"money_lines.source_column_words.{k}"))
                for k, v in (lines.get("source_column_words") or {}).items()
            ),
        )
    except (KeyError, TypeError, AttributeError, ArithmeticError) as exc:
        raise JxError(f"jxrules/data/headers.yaml 结构无效：{exc}") from None


@frozen
class Header:
    """A recognised header row: the table's kind and where each canonical column is."""

    kind: str  # "indicators" | "funds" | "budget"
    columns: Mapping[str, int]
    #: The normalised header cells: a header repeated after a page break is identical.
    texts: tuple[str, ...]

    @property
    def name_column(self) -> int | None:
        """The row-name column: the ``name`` column, else the one left of the first value."""
        if "name" in self.columns:
            return self.columns["name"]
        first = min(self.columns.values())
        return first - 1 if first > 0 else None


def recognise(cells: Sequence[str]) -> Header | None:
    """The header this row is, or ``None`` when it is not a known header row."""
    vocab = vocabulary()
    texts = tuple(normalise(c) for c in cells)
    columns: dict[str, int] = {}
    for index, text in enumerate(texts):
        key = vocab.columns.get(text)
        if key is not None and key not in columns:  # a spanning header cell: first copy
            columns[key] = index
    for kind, sets in vocab.tables:
        if any(required <= columns.keys() for required in sets):
            return Header(kind, columns, texts)
    return None


def names_a_column(cells: Sequence[str]) -> bool:
    """Does any cell read as a known column header (then the row is no data row)?"""
    columns = vocabulary().columns
    return any(normalise(c) in columns for c in cells if c.strip())


def first_text(cells: Sequence[str]) -> str:
    return next((c for c in cells if c.strip()), "")


def form_label(cells: Sequence[str]) -> str | None:
    """The label of a form row (``项目名称 | 某项目``), normalised, else ``None``."""
    label = normalise(first_text(cells))
    vocab = vocabulary()
    return label if label in vocab.labels or label in vocab.goal else None


def distinct(cells: Sequence[str]) -> list[str]:
    """Non-empty cell texts with consecutive copies (expanded spans) collapsed."""
    out: list[str] = []
    for cell in cells:
        text = cell.strip()
        if text and (not out or out[-1] != text):
            out.append(text)
    return out


def is_total(name: str) -> bool:
    """Is this row name a table total (本年收入合计, 合计, 总分 …)?"""
    vocab = vocabulary()
    flat = normalise(name)
    return flat in vocab.totals or flat.endswith(vocab.total_suffixes)


def is_subtotal(name: str) -> bool:
    """Is this row name a sub-total of the indicator table (产出指标小计)?"""
    return normalise(name).endswith(vocabulary().subtotal_suffixes)


def is_score_total(name: str) -> bool:
    """Is this row name the stated total score (总分), rather than a plain 合计?"""
    return normalise(name) in vocabulary().score_totals


def budget_kind(texts: Sequence[str]) -> str | None:
    """``income``/``expenditure`` from the first text that names one (and only one)."""
    for text in texts:
        found = [k for k, words in vocabulary().budget_kinds if any(w in text for w in words)]
        if len(found) == 1:
            return found[0]
    return None


def money_unit(text: str) -> tuple[str, str | None]:
    """``1,250.5万`` -> (``1,250.5``, ``万``): a money cell and the unit it carries, if any."""
    flat = "".join(unicodedata.normalize("NFKC", text).split())
    for unit in sorted(vocabulary().money_units, key=len, reverse=True):
        if flat.endswith(unit) and len(flat) > len(unit):
            return flat[: -len(unit)], unit
    return text, None


def category(text: str) -> str:
    """A category cell without white space or the weight printed with it (产出指标（50分）)."""
    flat = "".join(text.split())
    for pattern in vocabulary().category_strip:
        flat = pattern.sub("", flat)
    return flat


def is_placeholder(name: str) -> bool:
    """Is this indicator name a template's placeholder (指标1, ……)?"""
    flat = unicodedata.normalize("NFKC", "".join(name.split()))
    return any(p.fullmatch(flat) for p in vocabulary().placeholder_names)


def is_child(name: str) -> bool:
    """Does this indicator name say it is a part of the one above (其中：女性学员)?"""
    flat = unicodedata.normalize("NFKC", name)
    return flat.startswith(vocabulary().child_prefixes)
