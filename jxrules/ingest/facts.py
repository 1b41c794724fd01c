"""Report facts stated in words: department, year, filing date, self-score, counts.

The patterns are data (``jxrules/data/markdown_facts.yaml``): reports phrase
these facts in many ways and a reviewer who meets a new phrasing should be
able to add it without touching code.  Each fact's patterns are tried in
order over all lines, so a specific pattern (a title) beats a loose one.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs
from attrs import frozen

from jxrules.errors import JxError
from jxrules.ingest.layouts import Layouts, active, data_file
from jxrules.model import Num
from jxrules.quantities.decimals import decimal_text, normalize_digits

_SCALARS = ("department", "project", "fiscal_year", "filed_on", "self_score", "grade", "unit")


@frozen
class Patterns:
    scalars: Mapping[str, tuple[re.Pattern[str], ...]]
    kinds: tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]
    declared: Mapping[str, tuple[re.Pattern[str], ...]]
    department_strip: tuple[re.Pattern[str], ...]
    #: Lines that open a form (its title, its year line) in a file of several forms.
    form_opening: tuple[re.Pattern[str], ...] = ()
    #: All fact patterns (to tell whether a line states any fact).
    every: tuple[re.Pattern[str], ...] = ()


def _compile(data: Any, where: str) -> tuple[re.Pattern[str], ...]:
    if not isinstance(data, list) or not all(isinstance(p, str) for p in data):
        raise JxError(f"jxrules/data/markdown_facts.yaml：{where} 应为正则表达式列表")
    try:
        return tuple(re.compile(p) for p in data)
    except re.error as exc:
        raise JxError(f"jxrules/data/markdown_facts.yaml：{where}：正则表达式无效：{exc}") from None


def patterns() -> Patterns:
    """The fact patterns: the packaged ones, with the active layouts file's additions."""
    return _patterns(active())


@functools.lru_cache(maxsize=8)
def _patterns(layouts: Layouts | None) -> Patterns:
    """Compile the fact patterns once per layouts file."""
    data = data_file("markdown_facts.yaml", layouts)
    try:
        scalars = {key: _compile(data[key], key) for key in _SCALARS}
        kinds = tuple((k, _compile(v, f"kind.{k}")) for k, v in data["kind"].items())
        declared = {k: _compile(v, f"declared.{k}") for k, v in data["declared"].items()}
        groups = [*scalars.values(), *(ps for _, ps in kinds), *declared.values()]
        return Patterns(
            scalars=scalars,
            kinds=kinds,
            declared=declared,
            department_strip=_compile(data["department_strip"], "department_strip"),
            form_opening=(
                *_compile(data["form_opening"], "form_opening"),
                *(p for _, ps in kinds for p in ps),
            ),
            every=tuple(p for ps in groups for p in ps),
        )
    except (KeyError, TypeError, AttributeError) as exc:
        raise JxError(f"jxrules/data/markdown_facts.yaml 结构无效：{exc}") from None


@frozen
class Facts:
    kind: str | None = None
    department: str | None = None
    project: str | None = None
    fiscal_year: int | None = None
    filed_on: _dt.date | None = None
    score: Num | None = None
    grade: str | None = None
    declared: Mapping[str, Decimal] = attrs.field(factory=dict)


def first_match(pats: Sequence[re.Pattern[str]], lines: Sequence[str]) -> re.Match[str] | None:
    """The first match of the first pattern that matches any line."""
    for pattern in pats:
        for line in lines:
            found = pattern.search(line)
            if found:
                return found
    return None


def _value(key: str, lines: Sequence[str]) -> str | None:
    found = first_match(patterns().scalars[key], lines)
    return normalize_digits(found.group("value")).strip() if found else None


def _date(lines: Sequence[str]) -> _dt.date | None:
    found = first_match(patterns().scalars["filed_on"], lines)
    if not found:
        return None
    try:
        year, month, day = (int(normalize_digits(found[k])) for k in ("year", "month", "day"))
        return _dt.date(year, month, day)
    except ValueError:  # 2023年2月30日: not a date; the line stays in the narrative
        return None


def unit_in(texts: Sequence[str]) -> str | None:
    """The money unit named in these texts (``单位：万元``, ``（万元）``), if any."""
    return _value("unit", texts)


def opens_form(text: str) -> bool:
    """Does this line open a form (a title such as 项目支出绩效自评表, a year line)?"""
    return any(p.search(text) for p in patterns().form_opening)


def mentions_fact(text: str) -> bool:
    """Does this line state a fact the reader picks up (used to consume table text rows)?"""
    return any(p.search(text) for p in patterns().every)


def _kind(lines: Sequence[str]) -> str | None:
    """The kind whose title pattern matches the earliest line (titles come first)."""
    for line in lines:
        for kind, pats in patterns().kinds:
            if any(p.search(line) for p in pats):
                return kind
    return None


def extract(lines: Sequence[str]) -> Facts:
    """Every fact found in ``lines`` (narrative, table text rows, form rows as ``标签：值``)."""
    pats = patterns()
    department = _value("department", lines)
    if department is not None:
        for strip in pats.department_strip:
            department = strip.sub("", department).strip()
    year = _value("fiscal_year", lines)
    score = _value("self_score", lines)
    declared = {}
    for key, pattern_list in pats.declared.items():
        found = first_match(pattern_list, lines)
        if found:
            declared[key] = Decimal(normalize_digits(found.group("value")))
    kind = _kind(lines)
    return Facts(
        kind=kind,
        department=department or None,
        project=_value("project", lines),
        fiscal_year=int(year) if year else None,
        filed_on=_date(lines),
        score=None if score is None else Num(Decimal(score), decimal_text(Decimal(score))),
        grade=_value("grade", lines),
        declared=declared,
    )
