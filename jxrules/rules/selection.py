"""Choosing the bundled ruleset for a report from its kind and fiscal year."""

from __future__ import annotations

from functools import cache

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
    carries over until changed); a report before every ruleset is an error.
    """
    candidates = [bundled(rid) for rid in bundled_rulesets()]
    candidates = [r for r in candidates if r.kind == report.kind]
    if not candidates:
        raise RulesetError(
            f"没有适用于报告类型 “{report.kind}” 的内置规则集", Position(report.source)
        )
    year = report.fiscal_year
    if year is not None:
        exact = [r for r in candidates if year in r.fiscal_years]
        if exact:
            return max(exact, key=lambda r: max(r.fiscal_years))
        earlier = [r for r in candidates if r.fiscal_years and max(r.fiscal_years) < year]
        if earlier:
            return max(earlier, key=lambda r: max(r.fiscal_years))
        years = sorted({y for r in candidates for y in r.fiscal_years})
        raise RulesetError(
            f"没有适用于 {year} 年度的内置规则集（内置规则集覆盖：{', '.join(map(str, years))}）；请用 --ruleset 指定",
            Position(report.source),
        )
    return max(candidates, key=lambda r: max(r.fiscal_years, default=0))
