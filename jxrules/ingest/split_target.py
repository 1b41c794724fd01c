"""The target split over three columns: 指标性质 | 指标值 | 度量单位.

Many provincial forms print the comparator, the number and the unit of a
target in three columns, and the actual (实际完成值 / 完成值) as a bare number
meant in that unit.  They are joined here into the one-cell form every other
layout has, so the ``target`` check reads them alike::

    ≧ | 800 | 人次   ->  target "≥800人次"
    ═ | 100 | 百分比 ->  target "=100%"
    定性 | 有效改善 |  ->  target "有效改善"
    actual "860"     ->  "860人次" (a bare number takes the target's unit)

The words are data (``split_target`` in ``jxrules/data/headers.yaml``); sign
glyphs (``≧ ═ ＞``) are rewritten by the ``symbols`` of ``quantities.yaml``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from jxrules.ingest.headers import vocabulary
from jxrules.quantities import Target, default_vocabulary, parse_target

_SIGNS = ("≥", "≤", ">", "<", "=")
_BARE = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")


def is_split(cells: Mapping[str, str]) -> bool:
    """Does this row come from a table with 指标性质 or 度量单位 columns?"""
    return "target_comparator" in cells or "target_unit" in cells


def comparator(text: str) -> str:
    """The comparator a 指标性质 cell means (``≧`` -> ``≥``, ``正向`` -> ``≥``, ``定性`` -> ``""``)."""
    flat = default_vocabulary().normalize("".join(text.split()))
    flat = {">=": "≥", "<=": "≤", "==": "="}.get(flat, flat)
    if flat in _SIGNS:
        return flat
    return vocabulary().split_comparators.get(flat, flat)


def unit(text: str) -> str:
    """The unit a 度量单位 cell means, as written into the target (``百分比`` -> ``%``)."""
    flat = "".join(unicodedata.normalize("NFKC", text).split())
    return vocabulary().split_units.get(flat, flat)


def _bare(text: str) -> bool:
    return _BARE.match(default_vocabulary().normalize(text).strip()) is not None


def join(cells: Mapping[str, str]) -> tuple[str, str]:
    """The (target, actual) texts of a split-target row."""
    value = cells.get("target", "").strip()
    actual = cells.get("actual", "").strip()
    sign = comparator(cells.get("target_comparator", ""))
    measure = unit(cells.get("target_unit", ""))
    if not value:
        return "", actual
    reading = parse_target(value)
    if not isinstance(reading, Target):  # a date or a qualitative 指标值 takes no unit
        return f"{sign}{value}", actual
    if any(c.comparator is not None for c in reading.clauses):
        sign = ""  # the 指标值 says it already: "≥95" under 指标性质 "≥"
    printed = any(c.printed_unit for c in reading.clauses)
    if measure and _bare(actual):
        actual = f"{actual}{measure}"
    return f"{sign}{value}{'' if printed else measure}", actual
