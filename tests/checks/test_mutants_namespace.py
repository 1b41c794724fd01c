"""What an expression sees of a report: every name, table line and indicator field, exactly.

Written against the mutants mutmut found surviving in ``jxrules.checks.namespace``
(docs/testing.md).
"""

from __future__ import annotations

from decimal import Decimal

import jxrules
from jxrules.checks.namespace import BLANK, lookup_path, report_names
from tests.conftest import JIANGMEN_YAML


def test_the_example_report_reads_as_names() -> None:
    names = report_names(jxrules.load_report(JIANGMEN_YAML), {"a": 1})
    assert sorted(names) == [
        "budget",
        "declared",
        "department",
        "filed_on",
        "fiscal_year",
        "indicators",
        "kind",
        "narrative",
        "params",
        "project",
        "self_evaluation",
        "total_score",
    ]
    assert {k: names[k] for k in ("kind", "fiscal_year", "department", "project", "filed_on")} == {
        "kind": "department_overall",
        "fiscal_year": 2022,
        "department": "江门市工业和信息化局",
        "project": None,
        "filed_on": "2023-04-07",
    }
    assert names["params"] == {"a": 1}
    income = names["budget"]["income"]
    assert income["unit"] == "万元"
    assert income["items"][0] == {
        "name": "一般公共预算财政拨款收入",
        "row": "1",
        "initial_budget": Decimal("7013.09"),
        "adjusted_budget": Decimal("4895.52"),
        "final_accounts": Decimal("4895.08"),
    }
    assert income["items"][1]["row"] == "2"
    assert income["total"] == {
        "name": "本年收入合计",
        "row": "0",
        "initial_budget": Decimal("7058.09"),
        "adjusted_budget": Decimal("4929.99"),
        "final_accounts": Decimal("5164.87"),
    }
    assert lookup_path(names, "budget.income.total.initial_budget") == Decimal("7058.09")
    assert lookup_path(names, "budget.nope.x") is None
    assert lookup_path(names, "kind.x") is None


def test_a_blank_cell_is_the_blank_zero_and_every_indicator_field_is_there() -> None:
    report = jxrules.load_report(
        {
            "kind": "department_overall",
            "fiscal_year": 2022,
            "budget": {
                "income": {
                    "items": [{"name": "甲", "initial_budget": "1", "adjusted_budget": None}],
                    "total": None,
                }
            },
            "indicators": [
                {
                    "name": "乙",
                    "level1": "产出指标",
                    "level2": "数量指标",
                    "target": "1",
                    "actual": "2",
                    "points": "10",
                    "score": "9",
                    "note": "注",
                }
            ],
            "total_score": {"points": "10", "score": None},
        }
    )
    names = report_names(report, {})
    [line] = names["budget"]["income"]["items"]
    assert line == {"name": "甲", "row": "1", "initial_budget": Decimal(1), "adjusted_budget": 0}
    assert line["adjusted_budget"] is BLANK
    assert names["budget"]["income"]["total"] is None
    assert names["indicators"] == [
        {
            "seq": None,
            "row": "1",
            "level1": "产出指标",
            "level2": "数量指标",
            "name": "乙",
            "target": "1",
            "actual": "2",
            "points": Decimal(10),
            "score": Decimal(9),
            "note": "注",
            "parent": None,
            "score_group": None,
        }
    ]
    assert names["total_score"] == {"points": Decimal(10), "score": None}
    assert names["self_evaluation"] == {"score": None, "grade": None}
    assert (names["declared"], names["narrative"]) == ({}, "")
