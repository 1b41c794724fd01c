"""Running a ruleset: every message of a check asked in English (the rules', a summary's, the
year notice's), the engine's own findings before a rule's at the same place, the name of an
unexpected error, and the source line of the row a finding names.

Written against the mutants of ``jxrules.rules.engine`` that survived the tests of tests/rules
(docs/testing.md, *Mutation testing*).
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

import jxrules
from jxrules.checks import kind_named
from jxrules.checks.base import Issue
from tests.conftest import EXAMPLES, JIANGMEN_YAML

HEAD = """\
id: t/engine
title: t
version: "1"
applies_to: {kind: department_overall, fiscal_years: [2020, 2021]}
rules:
"""

RULES = """\
- id: grade-noted
  check: expression
  severity: info
  assert: "False"
  location: {field: fiscal_year}
  message: 年度 {fiscal_year}
  message_en: Year {fiscal_year}
  evidence: {fiscal_year: fiscal_year}
- id: first-rows
  check: expression
  severity: info
  for_each: indicators
  where: "item.seq in ['1', '2']"
  assert: "False"
  summarize: {table: indicators}
  message: 共 {count} 行
  message_en: "{count} rows"
"""


def _ruleset(tmp_path: Path, rules: str = RULES) -> jxrules.Ruleset:
    path = tmp_path / "rs.yaml"
    path.write_text(HEAD + textwrap.indent(rules, "  "), encoding="utf-8")
    return jxrules.load_ruleset(path)


def test_a_check_in_english_words_every_finding_in_english(tmp_path: Path) -> None:
    result = jxrules.check(jxrules.load_report(JIANGMEN_YAML), _ruleset(tmp_path), language="en")
    assert [(f.rule, f.message) for f in result.findings] == [
        ("first-rows", "2 rows"),
        (
            "ruleset-year",
            "No ruleset for fiscal year 2022: checked with t/engine (written for 2020, 2021)",
        ),
        ("grade-noted", "Year 2022"),
    ]


def test_the_year_notice_comes_before_a_rule_finding_at_the_same_field(tmp_path: Path) -> None:
    result = jxrules.check(jxrules.load_report(JIANGMEN_YAML), _ruleset(tmp_path))
    assert [(f.rule, f.location.field) for f in result.findings][1:] == [
        ("ruleset-year", "fiscal_year"),
        ("grade-noted", "fiscal_year"),
    ]


def test_an_unexpected_error_in_a_check_kind_is_named_by_its_type(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kind = kind_named("expression")

    def explode(config: Any, context: Any) -> Iterable[Issue]:
        raise ValueError("boom")

    monkeypatch.setattr(kind, "evaluate", explode)
    rules = RULES.split("- id: first-rows")[0]
    result = jxrules.check(jxrules.load_report(JIANGMEN_YAML), _ruleset(tmp_path, rules))
    assert [(f.rule, f.check, f.evidence.get("reason")) for f in result.findings] == [
        ("grade-noted", "engine", "ValueError: boom"),
        ("ruleset-year", "engine", None),
    ]


def test_a_finding_naming_a_row_gets_the_rows_source_line(tmp_path: Path) -> None:
    """The crossref kind names the indicator's row; the engine adds where the row is written."""
    rules = r"""- id: new-firms
  check: crossref
  severity: warning
  pairs:
    - label: 获得新升规奖励的工业企业
      stated: {pattern: '(?P<value>\d[\d,]*\s*家)工业企业获得新升规奖励'}
      against: {indicator: 新增“小升规”工业企业数量}
  message: "{label}"
"""
    report = jxrules.load_report(EXAMPLES / "jiangmen-2022-dept-overall.md")
    found = jxrules.check(report, _ruleset(tmp_path, rules)).findings
    assert [(f.rule, f.location.row, f.location.line) for f in found] == [
        ("new-firms", "17", 195),
        ("ruleset-year", None, None),
    ]
