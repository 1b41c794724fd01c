"""Acceptance: duplicate / reconcile / taxonomy rules on the two examples, and reconcile's exactness."""

from __future__ import annotations

import re
from decimal import Decimal
from difflib import SequenceMatcher
from fractions import Fraction
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import jxrules
from jxrules.checks import Context, duplicate
from jxrules.checks.duplicate import _Row, name_key, near_duplicates
from jxrules.findings import Finding
from jxrules.model import BudgetLine, BudgetTable, Indicator, Num, Report
from jxrules.rules.engine import rule_findings
from jxrules.rules.ruleset import load_ruleset
from tests.conftest import JIANGMEN_MD, JIANGMEN_YAML, PROJECT_YAML, laid_out_alike

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rulesets"
DEPT = FIXTURES / "dept-overall-dup-reconcile.yaml"
PROJECT = FIXTURES / "project-dup-reconcile.yaml"


@pytest.fixture(scope="module")
def jiangmen() -> list[Finding]:
    return list(jxrules.check(jxrules.load_report(JIANGMEN_YAML), load_ruleset(DEPT)).findings)


@pytest.fixture(scope="module")
def project() -> list[Finding]:
    return list(jxrules.check(jxrules.load_report(PROJECT_YAML), load_ruleset(PROJECT)).findings)


def by_rule(findings: list[Finding], rule: str) -> list[Finding]:
    return [f for f in findings if f.rule == rule]


# ------------------------------------------------------------------ Jiangmen
def test_jiangmen_no_engine_findings(jiangmen: list[Finding]) -> None:
    assert [f for f in jiangmen if f.check == "engine"] == []


def test_jiangmen_duplicates(jiangmen: list[Finding]) -> None:
    found = by_rule(jiangmen, "indicator-duplicate")
    assert [(f.location.row, f.evidence["duplicate_of"]) for f in found] == [
        ("22", "17"),
        ("23", "18"),
        ("24", "19"),
        ("25", "20"),
        ("26", "21"),
    ]
    for f in found:
        assert f.check == "duplicate"
        assert f.severity == "error"
        assert f.location.table == "indicators"
    first = found[0]
    assert first.location.name == "新增“小升规”工业企业数量"
    assert first.evidence["target"] == "170 家"
    assert first.evidence["actual"] == "486 家"
    second = found[1]
    assert (second.evidence["target"], second.evidence["duplicate_of_target"]) == (
        "110家",
        "110 家",
    )
    assert (second.evidence["actual"], second.evidence["duplicate_of_actual"]) == (
        "191家",
        "191 家",
    )


def test_jiangmen_near_duplicate(jiangmen: list[Finding]) -> None:
    (near,) = by_rule(jiangmen, "indicator-near-duplicate")
    assert near.check == "duplicate"
    assert near.severity == "info"
    assert near.location.to_dict() == {
        "table": "indicators",
        "row": "14",
        "name": "贷款金额",
        "line": 44,
    }
    assert near.evidence["duplicate_of"] == "13"
    assert near.evidence["duplicate_of_name"] == "企业担保贷款金额"
    assert (near.evidence["target"], near.evidence["actual"]) == ("5.7 亿元", "7.2 亿元")
    assert near.evidence["match"] == "contains"


def test_jiangmen_reconcile(jiangmen: list[Finding]) -> None:
    found = [f for f in jiangmen if f.check == "reconcile"]
    assert [(f.location.table, f.location.column) for f in found] == [
        ("expenditure", "adjusted_budget"),
        ("expenditure", "final_accounts"),
    ]
    for f in found:
        assert f.rule == "expenditure-reconciles"
        assert f.severity == "error"
        assert f.location.name == "本年支出合计"
        assert dict(f.evidence) == {
            "items_sum": "4960.47",
            "total": "4960.46",
            "difference": "0.01",
            "item_count": "10",
        }
    assert "4960.47" in found[0].message and "4960.46" in found[0].message
    assert "0.01" in found[0].message


def test_jiangmen_taxonomy(jiangmen: list[Finding]) -> None:
    (standard,) = by_rule(jiangmen, "indicator-category-standard")
    assert standard.check == "taxonomy"
    assert standard.severity == "warning"
    assert standard.location.row == "12"
    assert standard.evidence["category"] == "效果指标"
    assert standard.evidence["suggestion"] == "效益指标"
    assert standard.evidence["rows"] == "15"
    (missing,) = by_rule(jiangmen, "indicator-category-required")
    assert missing.severity == "warning"
    assert missing.location.to_dict() == {"table": "indicators"}
    assert missing.evidence["required"] == "效益指标"


def test_jiangmen_nothing_else(jiangmen: list[Finding]) -> None:
    assert len(jiangmen) == 10


def test_jiangmen_markdown_gives_the_same_findings(jiangmen: list[Finding]) -> None:
    report = jxrules.load_reports(JIANGMEN_MD)[0]
    from_md = jxrules.check(report, load_ruleset(DEPT)).findings
    assert [laid_out_alike(f.to_dict()) for f in from_md] == [
        laid_out_alike(f.to_dict()) for f in jiangmen
    ]


# ------------------------------------------------------------------ demo project
def test_project_findings(project: list[Finding]) -> None:
    assert [f for f in project if f.check == "engine"] == []
    (funds,) = by_rule(project, "funds-reconcile")
    assert funds.location.to_dict() == {
        "table": "funds",
        "name": "年度资金总额",
        "column": "executed",
        "line": 42,
    }
    assert (funds.evidence["items_sum"], funds.evidence["total"]) == ("461.60", "461.50")
    assert funds.evidence["difference"] == "0.10"

    (score,) = by_rule(project, "indicator-score-within-points")
    assert score.check == "expression"
    assert score.location.row == "9"
    assert (score.evidence["score"], score.evidence["points"]) == ("10.50", "10")

    (total,) = by_rule(project, "total-score-reconciles")
    assert total.check == "reconcile"
    assert total.location.field == "total_score.score"
    assert dict(total.evidence) == {
        "items_sum": "99.73",
        "total": "98.73",
        "difference": "1.00",
        "item_count": "12",
        "funds_score": "9.23",
    }
    assert len(project) == 3  # D1, D4, D7 — nothing for duplicates, taxonomy or 分值


# ------------------------------------------------------------------ exactness (hypothesis)
_RULES = load_ruleset(DEPT)
_RULE = _RULES.rule("expenditure-reconciles")
money = st.decimals(
    min_value=Decimal("-1000000"), max_value=Decimal("100000000"), places=2, allow_nan=False
)


def _findings(items: list[Decimal | None], total: Decimal) -> list[Finding]:
    table = BudgetTable(
        items=tuple(
            BudgetLine(f"项目{i}", {"final_accounts": Num.of(v)}) for i, v in enumerate(items)
        ),
        total=BudgetLine("合计", {"final_accounts": Num.of(total)}),
    )
    report = Report(kind="department_overall", budget={"expenditure": table})
    return rule_findings(_RULE, Context(report, _RULES.params))


@settings(max_examples=300, deadline=None)
@given(
    items=st.lists(st.one_of(st.none(), money), min_size=1, max_size=40),
    perturbation=st.one_of(st.just(Decimal(0)), money.filter(lambda d: d != 0)),
)
def test_reconcile_agrees_with_an_independent_sum(
    items: list[Decimal | None], perturbation: Decimal
) -> None:
    independent = sum((Fraction(v) for v in items if v is not None), Fraction(0))
    total = Decimal(independent.numerator) / Decimal(independent.denominator)
    assert Fraction(total) == independent  # two places: exact
    findings = _findings(items, total - perturbation)
    if perturbation == 0:
        assert findings == []
        return
    (finding,) = findings
    assert Fraction(Decimal(finding.evidence["difference"])) == Fraction(perturbation)
    assert Fraction(Decimal(finding.evidence["items_sum"])) == independent
    assert finding.evidence["item_count"] == str(len(items))
    assert "E" not in finding.evidence["items_sum"] + finding.evidence["difference"]


# ------------------------------------------------------------------ near-duplicates: index vs brute force
def _brute_force(rows: list[_Row], threshold: Fraction) -> list[tuple[int, int]]:
    """Every pair compared, the slow obvious way (reference for the indexed search)."""
    seen: set[str] = set()
    firsts: list[_Row] = []
    found = []
    for row in rows:
        if not row.name or row.name in seen:
            continue
        seen.add(row.name)
        if not all(row.figures):
            continue
        for earlier in firsts:
            if earlier.figures != row.figures:
                continue
            a, b = earlier.name, row.name
            digits_a, digits_b = re.findall(r"\d+", a), re.findall(r"\d+", b)
            if digits_a and digits_b and digits_a != digits_b:
                continue
            matcher = SequenceMatcher(None, a, b, autojunk=False)
            matched = sum(block.size for block in matcher.get_matching_blocks())
            if a in b or b in a or Fraction(2 * matched, len(a) + len(b)) >= threshold:
                found.append((row.indicator.position, earlier.indicator.position))
                break
        firsts.append(row)
    return found


_names = st.text(alphabet="企业贷款金额数量率满意度12", min_size=1, max_size=9)
_figures = st.sampled_from([("100%", "100%"), ("5.7亿元", "7.2亿元"), ("3家", "3家"), ("", "1个")])


@settings(max_examples=300, deadline=None)
@given(
    table=st.lists(st.tuples(_names, _figures), min_size=1, max_size=30),
    threshold=st.sampled_from(["0.5", "0.6", "0.75", "0.9", "1"]),
    direct=st.sampled_from([0, 8, 1000]),
)
def test_near_duplicates_match_brute_force(
    table: list[tuple[str, tuple[str, str]]], threshold: str, direct: int
) -> None:
    """Both ways of searching a bucket (pair by pair, and through the indexes) are exact."""
    rows = [
        _Row(Indicator(seq=None, name=name, target=t, actual=a, position=n), name_key(name), (t, a))
        for n, (name, (t, a)) in enumerate(table, 1)
    ]
    with mock.patch.object(duplicate, "_DIRECT", direct):
        indexed = [
            (row.indicator.position, first.indicator.position)
            for row, first, _ in near_duplicates(rows, Decimal(threshold))
        ]
    assert indexed == _brute_force(rows, Fraction(Decimal(threshold)))
