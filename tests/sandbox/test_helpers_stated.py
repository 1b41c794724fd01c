"""``stated(x)``: a blank money cell reads as 0 in arithmetic but is not a stated figure."""

from __future__ import annotations

from decimal import Decimal

import attrs

import jxrules
from jxrules.model import Num
from tests.conftest import JIANGMEN_YAML


def _above_budget(adjusted: Num | None) -> list[str]:
    """``expenditure-above-budget`` on the example with its 全年预算数 total replaced."""
    report = jxrules.load_report(JIANGMEN_YAML)
    table = report.budget["expenditure"]
    assert table.total is not None
    cells = {k: v for k, v in table.total.cells.items() if k != "adjusted_budget"}
    if adjusted is not None:
        cells["adjusted_budget"] = adjusted
    total = attrs.evolve(table.total, cells=cells)
    budget = {**report.budget, "expenditure": attrs.evolve(table, total=total)}
    findings = jxrules.check(attrs.evolve(report, budget=budget)).findings
    return [f.evidence["budget"] for f in findings if f.rule == "expenditure-above-budget"]


def test_a_blank_budget_cell_is_not_compared_and_a_printed_zero_is() -> None:
    assert _above_budget(None) == []  # left blank: not a stated 0
    assert _above_budget(Num.of(Decimal(0))) == ["0"]  # printed 0: compared
    assert _above_budget(Num.of(Decimal("4000.00"))) == ["4000.00"]
    assert _above_budget(Num.of(Decimal("9999.00"))) == []
