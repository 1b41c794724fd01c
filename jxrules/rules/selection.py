"""Choosing the bundled ruleset for a report from its kind and fiscal year."""

from __future__ import annotations

from functools import cache
from typing import NamedTuple

import yaml

from jxrules.errors import Position, RulesetError
from jxrules.model import Report
from jxrules.rules.ruleset import Ruleset, bundled_rulesets, load_ruleset


@cache
def bundled(ruleset_id: str) -> Ruleset:
    """A bundled ruleset, loaded once per process."""
    return load_ruleset(bundled_rulesets()[ruleset_id])


def select_ruleset(report: Report) -> Ruleset:
    """The bundled ruleset for the report's kind that lists its fiscal year.

    With no exact year, the latest ruleset for an earlier year is used (policy
    carries over until changed); a report before every ruleset gets the earliest. Either way
    the report's findings say which year's rules were applied (an info finding).
    Only the chosen ruleset is loaded: the others are known by their ``applies_to``.
    """
    candidates = [h for h in _headers() if h.kind == report.kind]
    if not candidates:
        raise RulesetError(
            f"没有适用于报告类型 “{report.kind}” 的内置规则集", Position(report.source)
        )
    year = report.fiscal_year
    if year is not None:
        exact = [h for h in candidates if year in h.fiscal_years]
        if exact:
            return bundled(max(exact, key=lambda h: max(h.fiscal_years)).id)
        earlier = [h for h in candidates if h.fiscal_years and max(h.fiscal_years) < year]
        if earlier:
            return bundled(max(earlier, key=lambda h: max(h.fiscal_years)).id)
        # a year before every ruleset: the earliest (the findings say so: engine.year_notice)
        return bundled(min(candidates, key=lambda h: min(h.fiscal_years, default=0)).id)
    return bundled(max(candidates, key=lambda h: max(h.fiscal_years, default=0)).id)


class _Header(NamedTuple):
    id: str
    kind: str
    fiscal_years: tuple[int, ...]


@cache
def _headers() -> tuple[_Header, ...]:
    """Each bundled ruleset's ``applies_to`` (every file states its own; loading checks that
    it agrees with what it extends), read without loading its rules."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    found = []
    for ruleset_id, path in bundled_rulesets().items():
        applies = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)["applies_to"]
        years = tuple(int(y) for y in applies.get("fiscal_years") or ())
        found.append(_Header(ruleset_id, str(applies["kind"]), years))
    return tuple(found)
