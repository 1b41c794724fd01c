"""Behaviours a planted one-line bug once broke with every test still passing (issue 25):
each test here fails on that bug."""

from __future__ import annotations

from pathlib import Path

import pytest

import jxrules
from jxrules.errors import ExpressionError
from jxrules.quantities import compare, parse_actual, parse_target
from jxrules.rules.selection import select_ruleset
from jxrules.sandbox import compile_expression
from tests.conftest import JIANGMEN_YAML


def _dated(tmp_path: Path, year: int) -> Path:
    path = tmp_path / f"r{year}.yaml"
    text = JIANGMEN_YAML.read_text(encoding="utf-8").replace(
        "fiscal_year: 2022", f"fiscal_year: {year}"
    )
    path.write_text(text, encoding="utf-8")
    return path


def test_a_later_year_gets_the_latest_earlier_ruleset_not_the_earliest(tmp_path: Path) -> None:
    assert select_ruleset(jxrules.load_report(_dated(tmp_path, 2031))).id == "dept-overall/2023"
    assert select_ruleset(jxrules.load_report(_dated(tmp_path, 2023))).id == "dept-overall/2023"


@pytest.mark.parametrize(
    ("target", "actual", "outcome"),
    [
        ("90%以上", "90%", "met"),  # 以上 includes the bound (民法典 第1259条)
        ("≥90%", "90%", "met"),
        ("超过90%", "90%", "missed"),  # 超过 excludes it
        ("90%-95%", "90%", "met"),  # a range includes both ends
        ("90%-95%", "95%", "met"),
        ("≥95%", "≥95%", "met"),  # an actual printed as a bound that meets the target's
        ("≤5%", "5%", "met"),
        ("<5%", "5%", "missed"),
    ],
)
def test_inclusive_bounds_stay_inclusive(target: str, actual: str, outcome: str) -> None:
    assert compare(parse_target(target), parse_actual(actual), False).outcome == outcome


@pytest.mark.parametrize("text", ["self_evaluation._score", "_hidden", "indicators[0]._x"])
def test_a_name_starting_with_one_underscore_is_refused_at_load(text: str) -> None:
    with pytest.raises(ExpressionError):
        compile_expression(text)


def test_disabling_one_rule_and_overriding_another_in_one_child(tmp_path: Path) -> None:
    child = tmp_path / "child.yaml"
    base = Path(jxrules.__file__).parent.parent / "rulesets" / "dept-overall" / "2022.yaml"
    child.write_text(
        f"id: local/child\ntitle: t\nversion: '1'\nextends: {base}\n"
        "applies_to: {kind: department_overall, fiscal_years: [2022]}\n"
        "overrides:\n"
        "  - {id: score-in-range, disabled: true, reason: 另行审核}\n"
        "  - {id: indicator-duplicate, severity: warning}\n",
        encoding="utf-8",
    )
    ruleset = jxrules.load_ruleset(child, allow_outside=True)
    ids = [r.id for r in ruleset.rules]
    assert "score-in-range" not in ids and ruleset.disabled == {"score-in-range": "另行审核"}
    assert ruleset.rule("indicator-duplicate").severity == "warning"
    result = jxrules.check(jxrules.load_report(JIANGMEN_YAML), ruleset)
    duplicates = [f for f in result.findings if f.rule == "indicator-duplicate"]
    assert len(duplicates) == 5 and {f.severity for f in duplicates} == {"warning"}


def test_a_narrative_unit_group_is_read_with_the_figure(tmp_path: Path) -> None:
    """亿元 in the text against 万元 in the table: the same amount, no false error."""
    ruleset = tmp_path / "rs.yaml"
    ruleset.write_text(
        "id: local/u\ntitle: t\nversion: '1'\n"
        "applies_to: {kind: department_overall, fiscal_years: [2022]}\n"
        "rules:\n"
        "  - id: income-text\n    check: crossref\n    severity: error\n"
        "    message: '{stated} / {against}'\n"
        "    stated: {pattern: '本年收入合计(?P<value>[\\d.]+)(?P<unit>亿元|万元)'}\n"
        "    against: {field: budget.income.total.final_accounts, unit_from: budget.income.unit}\n",
        encoding="utf-8",
    )
    text = JIANGMEN_YAML.read_text(encoding="utf-8")
    for stated, errors in (("0.516487亿元", 0), ("0.6亿元", 1), ("5164.87万元", 0)):
        report = tmp_path / "r.yaml"
        report.write_text(
            text.replace("narrative: ", f"narrative: 本年收入合计{stated}。", 1), encoding="utf-8"
        )
        found = jxrules.check(jxrules.load_report(report), jxrules.load_ruleset(ruleset)).findings
        assert [f.rule for f in found if f.rule == "income-text"] == ["income-text"] * errors, (
            stated
        )
