"""A user's layouts file: their province's header wordings, row words and fact patterns.

The reader's vocabulary is data — ``jxrules/data/headers.yaml`` (column headers, table
kinds, row words, form labels) and ``jxrules/data/markdown_facts.yaml`` (the patterns of
stated facts).  A layouts file adds to both without touching the package::

    headers:
      columns:
        actual: [累计完成数]
    facts:
      department: ['^\\s*预算单位\\s*[:：]\\s*(?P<value>\\S.*?)\\s*$']

It is merged over the bundled files (a list is extended, a mapping merged key by key, a
single value replaced), validated by :data:`LAYOUTS_SCHEMA` with ``file:line:col`` errors
like a ruleset, and applies while reports are read inside :func:`using` (``jxrules check
--layouts FILE``, ``load_reports(path, layouts=FILE)``).  docs/layouts.md has the keys.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from os import PathLike
from pathlib import Path
from typing import Any

import attrs

from jxrules.data import load as load_data
from jxrules.errors import JxError, LayoutsError, Position, require
from jxrules.ingest.documents import Document, PathKey, load_document
from jxrules.model import BUDGET_COLUMNS

#: A layouts file larger than this is refused (it is a word list, not a report).
MAX_LAYOUTS_BYTES = 1_000_000

_WORDS: Mapping[str, Any] = {"type": "array", "items": {"type": "string", "minLength": 1}}
_WORD_MAP: Mapping[str, Any] = {"type": "object", "additionalProperties": _WORDS}
_COLUMN_KEYS = (
    *("seq", "name", "level1", "level2", "target", "target_comparator", "target_unit"),
    *("actual", "points", "score", "note", "initial_budget", "adjusted_budget"),
    *("final_accounts", "executed", "execution_rate"),
)


#: The ``money_lines`` keys that hold regular expressions.
_LINE_PATTERNS = ("total", "item")


def _closed(properties: Mapping[str, Any]) -> dict[str, Any]:
    return {"type": "object", "additionalProperties": False, "properties": dict(properties)}


#: JSON Schema of a layouts file (``jxrules/data`` keys a user may add to).
LAYOUTS_SCHEMA: Mapping[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "jxrules layouts file",
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "title": {"type": "string"},
        "headers": _closed(
            {
                "ignore_suffixes": _WORDS,
                "columns": {
                    "type": "object",
                    "propertyNames": {"enum": list(_COLUMN_KEYS)},
                    "additionalProperties": _WORDS,
                },
                "tables": {
                    "type": "object",
                    "propertyNames": {"enum": ["indicators", "funds", "budget"]},
                    "additionalProperties": {
                        "type": "array",
                        "items": {
                            "type": "array",
                            "minItems": 1,
                            "items": {"enum": list(_COLUMN_KEYS)},
                        },
                    },
                },
                "budget_kinds": _closed({"income": _WORDS, "expenditure": _WORDS}),
                "money_units": {
                    "type": "object",
                    "additionalProperties": {
                        "type": ["string", "number"],
                        "pattern": r"^[0-9]+(\.[0-9]+)?$",
                    },
                },
                "breakdowns": {
                    "type": "object",
                    "additionalProperties": {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["table", "column"],
                        "properties": {
                            "table": {"enum": ["income", "expenditure"]},
                            "column": {
                                "enum": ["initial_budget", "adjusted_budget", "final_accounts"]
                            },
                        },
                    },
                },
                "money_lines": _closed(
                    {
                        "total": _WORDS,
                        "item": _WORDS,
                        "source_column": {"enum": list(BUDGET_COLUMNS)},
                        "source_min_items": {"type": "integer", "minimum": 1},
                        "source_column_words": {
                            "type": "object",
                            "propertyNames": {"enum": list(BUDGET_COLUMNS)},
                            "additionalProperties": _WORDS,
                        },
                    }
                ),
                "rows": _closed(
                    {
                        **{
                            k: _WORDS
                            for k in (
                                "totals",
                                "total_suffixes",
                                "score_totals",
                                "subtotal_suffixes",
                                "funds_totals",
                                "item_prefixes",
                                "category_strip",
                                "child_prefixes",
                                "placeholder_names",
                            )
                        },
                        "category_suffix": {"type": "string", "minLength": 1},
                    }
                ),
                "form": _closed(
                    {
                        **{k: _WORDS for k in ("labels", "starts_report", "goal", "goal_parts")},
                        "satisfaction": {"type": "string", "minLength": 1},
                    }
                ),
                "split_target": _closed(
                    {
                        "comparators": {
                            "type": "object",
                            "additionalProperties": {"enum": ["", "≥", "≤", ">", "<", "="]},
                        },
                        "units": {"type": "object", "additionalProperties": {"type": "string"}},
                    }
                ),
            }
        ),
        "facts": _closed(
            {
                "kind": _closed({"project": _WORDS, "department_overall": _WORDS}),
                **{
                    k: _WORDS
                    for k in (
                        "department",
                        "department_strip",
                        "project",
                        "fiscal_year",
                        "filed_on",
                        "self_score",
                        "grade",
                        "unit",
                        "form_opening",
                    )
                },
                "declared": _WORD_MAP,
            }
        ),
        # the narrative reader's wordings (jxrules/data/narrative.yaml; docs/narrative.md):
        # checked against that file's own schema once merged over it
        "narrative": {"type": "object"},
    },
}

#: Lists of regular expressions (compiled when the file is loaded, so that a bad one is
#: named at its line): the ``headers`` keys; every list under ``facts`` is one.
_HEADER_PATTERNS = frozenset({"ignore_suffixes", "category_strip", "placeholder_names"})


@attrs.frozen(eq=False)  # compared (and cached) by identity: one loaded file, one vocabulary
class Layouts:
    """A loaded layouts file: what it adds to each bundled vocabulary file."""

    source: str
    headers: Mapping[str, Any] = attrs.field(factory=dict)
    facts: Mapping[str, Any] = attrs.field(factory=dict)
    #: Additions to the narrative reader's wordings (``jxrules/data/narrative.yaml``).
    narrative: Mapping[str, Any] = attrs.field(factory=dict)


def load_layouts(source: str | PathLike[str]) -> Layouts:
    """Load and validate a layouts file; :class:`LayoutsError` names ``file:line:col``."""
    require(source, (str, PathLike), "layouts", "布局文件路径（str 或 Path）")
    path = Path(source)
    if not path.is_file():
        raise LayoutsError("布局文件不存在 (layouts file not found)", Position(str(path)))
    doc = load_document(path, max_bytes=MAX_LAYOUTS_BYTES)
    data = doc.data if doc.data is not None else {}
    if not isinstance(data, dict):
        raise LayoutsError("布局文件必须是一个 YAML 映射（键: 值）", doc.position(()))
    from jxrules.ingest.schema import schema_error

    problem = schema_error(LAYOUTS_SCHEMA, data, doc)
    if problem:
        raise LayoutsError(*problem)
    _check_patterns(data, doc)
    narrative = data.get("narrative") or {}
    if narrative:
        from jxrules.ingest.narrative import merged as merged_wordings

        try:
            merged_wordings(narrative)
        except JxError as exc:
            raise LayoutsError(exc.message, doc.position(("narrative",))) from None
    return Layouts(str(path), data.get("headers") or {}, data.get("facts") or {}, narrative)


def _check_patterns(data: Mapping[str, Any], doc: Document) -> None:
    """Compile every regular expression now, so that a bad one is named where it is written."""
    places: list[tuple[PathKey, Any]] = []
    headers, facts = data.get("headers") or {}, data.get("facts") or {}
    places += [(("headers", k), headers[k]) for k in _HEADER_PATTERNS if k in headers]
    places += [(("headers", "rows", k), v) for k, v in (headers.get("rows") or {}).items()]
    lines = headers.get("money_lines") or {}
    places += [(("headers", "money_lines", k), v) for k, v in lines.items() if k in _LINE_PATTERNS]
    for key, value in facts.items():
        if isinstance(value, Mapping):
            places += [(("facts", key, sub), words) for sub, words in value.items()]
        else:
            places.append((("facts", key), value))
    for path, words in places:
        if path[:2] == ("headers", "rows") and path[2] not in _HEADER_PATTERNS:
            continue
        for index, pattern in enumerate(words):
            try:
                re.compile(pattern)
            except re.error as exc:
                raise LayoutsError(
                    f"正则表达式无效：{exc} (invalid regular expression)",
                    doc.position((*path, index)),
                ) from None


def merged(base: Any, extra: Any) -> Any:
    """``extra`` over ``base``: lists extended (no repeats), mappings merged, values replaced."""
    if isinstance(base, Mapping) and isinstance(extra, Mapping):
        out = dict(base)
        for key, value in extra.items():
            out[key] = merged(base[key], value) if key in base else value
        return out
    if isinstance(base, list) and isinstance(extra, list):
        return [*base, *(item for item in extra if item not in base)]
    return extra


_ACTIVE: ContextVar[Layouts | None] = ContextVar("jxrules_layouts", default=None)


def active() -> Layouts | None:
    """The layouts reports are read with now (``None``: the bundled vocabulary only)."""
    return _ACTIVE.get()


@contextmanager
def using(layouts: Layouts | None) -> Iterator[None]:
    """Read reports with ``layouts`` merged over the bundled vocabulary inside this block."""
    token = _ACTIVE.set(layouts)
    try:
        yield
    finally:
        _ACTIVE.reset(token)


def resolve(layouts: str | PathLike[str] | Layouts | None) -> Layouts | None:
    """A :class:`Layouts` from what a caller passed (a path is loaded)."""
    if layouts is None or isinstance(layouts, Layouts):
        return layouts
    return load_layouts(layouts)


@lru_cache(maxsize=8)
def data_file(name: str, layouts: Layouts | None) -> Any:
    """``jxrules/data/<name>`` with the layouts' additions merged over it."""
    base = load_data(name)
    if layouts is None:
        return base
    extra = layouts.headers if name == "headers.yaml" else layouts.facts
    return merged(base, extra) if extra else base
