"""``--format sarif``: the results of baseline findings that no longer occur (``baselineState: absent``)."""

from __future__ import annotations

import json
from typing import Any

import attrs
import pytest

from jxrules.formats import Run
from jxrules.formats.sarif import render
from jxrules.review.baseline import Absent
from tests.formats.test_common import sample_run


def absent_results(absent: Absent) -> tuple[list[dict[str, Any]], list[str]]:
    run: Run = attrs.evolve(sample_run(), absent=[absent])
    doc: dict[str, Any] = json.loads(render(run))
    results: list[dict[str, Any]] = doc["runs"][0]["results"]
    rule_ids = [d["id"] for d in doc["runs"][0]["tool"]["driver"]["rules"]]
    return [r for r in results if r.get("baselineState") == "absent"], rule_ids


@pytest.mark.parametrize(
    ("severity", "level"),
    [("error", "error"), ("warning", "warning"), ("info", "note"), ("fatal", "note")],
)
def test_an_absent_finding_of_a_ruleset_rule_is_a_full_absent_result(
    severity: str, level: str
) -> None:
    _, rule_ids = absent_results(Absent("jx1:aaaa", "X", "info", "r.yaml", "m"))
    rule = rule_ids[0]
    found, rule_ids = absent_results(
        Absent("jx1:0123abcd", rule, severity, "./reports/a b.yaml", "指标 9 已修正")
    )
    assert found == [
        {
            "ruleId": rule,
            "level": level,
            "message": {"text": "指标 9 已修正"},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {
                            "uri": "reports/a%20b.yaml",
                            "uriBaseId": "%SRCROOT%",
                            "index": 2,
                        }
                    }
                }
            ],
            "partialFingerprints": {"jxrules/v1": "jx1:0123abcd"},
            "baselineState": "absent",
            "ruleIndex": 0,
        }
    ]


def test_an_absent_finding_of_an_unknown_rule_has_no_rule_index_and_its_rule_as_message() -> None:
    found, rule_ids = absent_results(Absent("jx1:ffff", "gone/rule", "warning", "old.yaml", ""))
    assert "gone/rule" not in rule_ids
    assert found == [
        {
            "ruleId": "gone/rule",
            "level": "warning",
            "message": {"text": "gone/rule"},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {
                            "uri": "old.yaml",
                            "uriBaseId": "%SRCROOT%",
                            "index": 2,
                        }
                    }
                }
            ],
            "partialFingerprints": {"jxrules/v1": "jx1:ffff"},
            "baselineState": "absent",
        }
    ]
