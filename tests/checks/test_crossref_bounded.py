"""A ruleset's crossref pattern that scans the rest of a line from every start (vetted: it does
not backtrack exponentially) reads a hostile 400 KB line in bounded windows, and still finds
the figure a normal narrative states."""

from __future__ import annotations

from pathlib import Path

import attrs

import jxrules
from jxrules.sandbox import patterns
from tests.conftest import JIANGMEN_YAML

RULESET = """\
id: local/slow-pattern
title: 慢模式
version: "1"
applies_to: {kind: department_overall, fiscal_years: [2022]}
rules:
  - id: income-text
    check: crossref
    severity: error
    message: "正文所述收入 {stated} 与收入表 {against} 不一致"
    stated: {pattern: '部门收入[^。]*?(?P<value>\\d[\\d,.]*)\\s*万元[^。]*实际收入', unit: 万元}
    against: {field: budget.income.total.final_accounts}
"""


def test_a_slow_pattern_sees_bounded_windows_of_a_hostile_line(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "slow.yaml"
    path.write_text(RULESET, encoding="utf-8")
    ruleset = jxrules.load_ruleset(path)
    report = jxrules.load_report(JIANGMEN_YAML)
    seen: list[int] = []
    real = patterns.finditer_bounded

    def spy(pattern, text, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(len(text))
        return real(pattern, text, **kwargs)

    monkeypatch.setattr("jxrules.checks.crossref.finditer_bounded", spy)
    hostile = attrs.evolve(report, narrative="部门收入" * 100_000)  # 400 KB, no 。, no 万元
    result = jxrules.check(hostile, ruleset)
    assert [f for f in result.findings if f.check == "engine"] == []
    assert [f.rule for f in result.findings] == []
    assert seen == [400_000]

    stated = attrs.evolve(report, narrative="部门收入合计 5,100.00 万元，实际收入较上年增加。")
    (finding,) = jxrules.check(stated, ruleset).findings
    assert (finding.evidence["stated"], finding.evidence["against"]) == ("5,100.00", "5164.87")
