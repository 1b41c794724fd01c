"""``reconcile`` with ``find: missing_total``: which table or column lacks its total, and how many
items it has.

Written against the mutants mutmut found surviving in ``jxrules.checks.reconcile``
(docs/testing.md): the outcome was tested only as "some finding", never its figures.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from jxrules.findings import Location
from tests.checks.test_duplicate_reconcile_taxonomy_fields import ruleset, run

RULES = """\
- id: x
  check: reconcile
  severity: error
  table: income
  find: missing_total
  message: '{table_label}|{column_label}|{item_count}'
- id: s
  check: reconcile
  severity: error
  table: indicators
  find: missing_total
  message: '{table_label}|{column_label}|{item_count}'
"""


def _data(income_total: Any, points_total: str | None) -> dict[str, object]:
    return {
        "budget": {
            "income": {
                "items": [{"name": "甲", "initial_budget": "1"}, {"name": "乙"}],
                "total": income_total,
            }
        },
        "indicators": [
            {"name": "甲", "points": "10", "score": "9"},
            {"name": "乙", "points": "20", "score": None},
            {"name": "丙", "points": None, "score": None},
        ],
        "total_score": {"points": points_total, "score": None},
    }


def _total(column: str) -> Location:
    return Location(table="indicators", name="总分", column=column, field=f"total_score.{column}")


@pytest.mark.parametrize(
    ("income_total", "points_total", "expected"),
    [
        (
            None,
            None,
            [
                ("x", Location(table="income"), {"item_count": "2"}, "收入||2"),
                ("s", _total("points"), {"item_count": "2"}, "绩效指标|分值|2"),
                ("s", _total("score"), {"item_count": "1"}, "绩效指标|得分|1"),
            ],
        ),
        (
            {"name": "合计", "initial_budget": "1"},
            "30",
            [("s", _total("score"), {"item_count": "1"}, "绩效指标|得分|1")],
        ),
    ],
)
def test_a_table_or_column_without_its_total_is_reported_with_its_item_count(
    tmp_path: Path, income_total: Any, points_total: str | None, expected: list[tuple[Any, ...]]
) -> None:
    findings = run(ruleset(tmp_path, RULES), _data(income_total, points_total))
    assert [(f.rule, f.location, dict(f.evidence), f.message) for f in findings] == expected


def test_no_items_means_no_missing_total(tmp_path: Path) -> None:
    data = {
        "budget": {"income": {"items": [], "total": None}},
        "indicators": [{"name": "甲", "points": None, "score": None}],
        "total_score": {"points": None, "score": None},
    }
    assert run(ruleset(tmp_path, RULES), data) == []
