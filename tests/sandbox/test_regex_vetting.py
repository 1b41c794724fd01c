"""Regular expressions a ruleset brings are vetted at load: the shapes that backtrack
exponentially are refused with the reason, located; ordinary patterns pass."""

from __future__ import annotations

from pathlib import Path

import pytest

import jxrules
from jxrules.sandbox.vet import regex_problem

NESTED = "重复的分组内还有重复"
CHOICE = "重复的分组内有多选"


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        (r"(\d+)+元$", NESTED),
        (r"(a*)*", NESTED),
        (r"((ab)+c)*", NESTED),
        (r"(a{0,80})+", NESTED),
        (r"(?:x{2})+", NESTED),
        (r"(a|aa)+", CHOICE),
        (r"(?:万|亿)*元", CHOICE),
        (r"(?:万|亿)?元", None),
        (r"(x{1})+", None),
        (r"\(a+\)+", None),
        (r"[(]+[)]+", None),
        (r"(?P<value>\d[\d,]*\s*家)工业企业获得新升规奖励", None),
        (r"部门收入[^。\n]{0,80}?全年预算数?\s*(?:为|是)?\s*(?P<value>[\d,.]+\s*[万亿]?元)", None),
    ],
)
def test_the_shapes_that_backtrack_are_named(pattern: str, problem: str | None) -> None:
    found = regex_problem(pattern)
    if problem is None:
        assert found is None
    else:
        assert found is not None and found.startswith(problem)


def test_a_ruleset_with_one_is_refused_at_its_line_and_lint_says_why(tmp_path: Path, cli) -> None:
    path = tmp_path / "rs.yaml"
    path.write_text(
        "id: local/r\ntitle: t\nversion: '1'\n"
        "applies_to: {kind: department_overall, fiscal_years: [2022]}\n"
        "rules:\n"
        "  - id: x\n    check: crossref\n    severity: error\n    message: m\n"
        "    stated: {pattern: '(?P<value>(\\d+)+)元'}\n"
        "    against: {field: budget.income.total.initial_budget}\n",
        encoding="utf-8",
    )
    with pytest.raises(jxrules.RulesetError) as caught:
        jxrules.load_ruleset(path)
    assert caught.value.position is not None and caught.value.position.line == 10
    assert NESTED in caught.value.message
    result = cli("lint", path)
    assert result.code == 1 and f"{path}:10:" in result.out and NESTED in result.out


def test_a_vocabulary_pattern_is_vetted_too(tmp_path: Path) -> None:
    path = tmp_path / "rs.yaml"
    path.write_text(
        "id: local/r\ntitle: t\nversion: '1'\n"
        "applies_to: {kind: department_overall, fiscal_years: [2022]}\n"
        "rules:\n"
        "  - id: x\n    check: target\n    severity: error\n    message: m\n"
        "    vocabulary: {ignore_patterns: ['(年|月)+日']}\n",
        encoding="utf-8",
    )
    with pytest.raises(jxrules.RulesetError, match=CHOICE):
        jxrules.load_ruleset(path)
