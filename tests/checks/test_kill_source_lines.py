"""Findings point at the source line of their row (Markdown input), which ``Location`` equality
leaves out: the target check's rows and the reconcile check's total row.

Written against the mutants mutmut found surviving in ``jxrules.checks`` that drop a line
(docs/testing.md).
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import jxrules
from jxrules.ingest import load_reports

MARKDOWN = Path(__file__).resolve().parents[2] / "examples" / "jiangmen-2022-dept-overall.md"
HEADER = """\
id: local/t
title: t
version: "1"
applies_to: {kind: department_overall, fiscal_years: [2022]}
rules:
"""
RULES = """\
- {id: a, check: target, severity: error, message: m}
- {id: b, check: reconcile, severity: error, table: expenditure, message: m}
"""


def test_target_and_reconcile_findings_carry_their_rows_line() -> None:
    [report] = load_reports(MARKDOWN)
    result = jxrules.check(report, jxrules.load_ruleset(HEADER + textwrap.indent(RULES, "  ")))
    found = [
        (f.rule, f.location.row or f.location.column, f.location.line) for f in result.findings
    ]
    assert found == [
        ("b", "adjusted_budget", 141),  # the line of 本年支出合计
        ("b", "final_accounts", 141),
        ("a", "4", 174),  # the indicator table's rows, one line each
        ("a", "5", 175),
        ("a", "8", 182),
        ("a", "9", 183),
    ]
