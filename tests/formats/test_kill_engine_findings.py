"""A finding of a rule that could not run (check ``engine``): its SARIF descriptor and its
JUnit ``<error>`` listing."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any

from jxrules.findings import Finding, Location, ReportIdentity, Result
from jxrules.formats import Run, junit, sarif

IDENTITY = ReportIdentity(kind="other", fiscal_year=None, department=None)
ENGINE = Finding(
    "my/rule", "engine", "error", "规则出错：除以零", Location(table="budget", row="3")
)
BUILTIN = Finding("jx/dup", "duplicates", "warning", "重复指标")


def sarif_rules(*findings: Finding) -> list[dict[str, Any]]:
    run = Run(results=[Result("a.md", IDENTITY, "x", findings)])
    rules: list[dict[str, Any]] = json.loads(sarif.render(run))["runs"][0]["tool"]["driver"][
        "rules"
    ]
    return rules


def test_an_engine_finding_is_reported_under_the_engine_descriptor() -> None:
    assert sarif_rules(ENGINE, BUILTIN) == [
        {
            "id": "jxrules/engine",
            "shortDescription": {"text": "规则无法执行（规则集本身的问题，不是报告数据的问题）"},
            "fullDescription": {
                "text": "A rule raised an error while evaluating the report; the rule named in the "
                "result's properties.rule needs fixing. The other rules still ran."
            },
            "defaultConfiguration": {"level": "error"},
            "properties": {"check": "engine", "synthetic": True, "tags": ["jxrules", "engine"]},
        },
        {
            "id": "jx/dup",
            "shortDescription": {"text": "jxrules 内置检查：duplicates"},
            "fullDescription": {
                "text": "A finding of the built-in check “duplicates”, not of a ruleset rule."
            },
            "defaultConfiguration": {"level": "warning"},
            "properties": {
                "check": "duplicates",
                "synthetic": True,
                "tags": ["jxrules", "duplicates"],
            },
        },
    ]


def test_a_junit_engine_error_lists_the_rules_that_could_not_run() -> None:
    run = Run(results=[Result("a.md", IDENTITY, "x", (ENGINE,))])
    errors = ET.fromstring(junit.render(run)).findall(".//error")
    assert [(e.get("type"), e.get("message"), e.text) for e in errors] == [
        ("engine", "规则出错：除以零", "error budget 第3行: 规则出错：除以零")
    ]
