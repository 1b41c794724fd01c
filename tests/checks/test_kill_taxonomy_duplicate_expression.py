"""``taxonomy`` suggestions at their bounds (a tie, exactly half, below half, long names that
difflib would junk), ``duplicate`` findings at their source line, and ``expression`` rules over
rows with ``--explain``.

Written against the mutants mutmut found surviving in ``jxrules.checks.taxonomy``,
``jxrules.checks.duplicate`` and ``jxrules.checks.expression`` (docs/testing.md).
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest

import jxrules
from jxrules.checks.taxonomy import defaults
from jxrules.errors import RulesetError
from jxrules.ingest import load_reports

ROOT = Path(__file__).resolve().parents[2]
HEADER = """\
id: local/t
title: t
version: "1"
applies_to: {kind: department_overall, fiscal_years: [2022]}
rules:
"""
ALL_NAMES = "、".join(
    name for parent, kids in defaults()["categories"].items() for name in (parent, *kids)
)


def _check(report: Any, rule: str, explain: bool = False) -> list[Any]:
    ruleset = jxrules.load_ruleset(HEADER + textwrap.indent(rule, "  "))
    return [f for f in jxrules.check(report, ruleset, explain=explain).findings if f.rule == "t"]


def _categories(*level2: str) -> Any:
    rows = [
        {"seq": str(n), "level1": "产出指标", "level2": name, "name": f"指标{n}"}
        for n, name in enumerate(level2, 1)
    ]
    rows = [{**row, "target": "≥1个", "actual": "1个"} for row in rows]
    return jxrules.load_report(
        {"kind": "department_overall", "fiscal_year": 2022, "indicators": rows}
    )


NONSTANDARD = "- {id: t, check: taxonomy, severity: warning, suggestions: {x: y}, message: m}\n"


@pytest.mark.parametrize(
    ("category", "suggestion"),
    [
        ("质量时效", "质量指标"),  # 0.5 to 质量指标 and to 时效指标: the first, at exactly half
        ("社会满意", ALL_NAMES),  # 0.44 at best: below half, every name
    ],
)
def test_the_closest_name_at_half_or_more_the_first_of_a_tie(
    category: str, suggestion: str
) -> None:
    [finding] = _check(_categories(category), NONSTANDARD)
    assert dict(finding.evidence) == {
        "category": category,
        "rows": "1",
        "level": "level2",
        "suggestion": suggestion,
    }


def test_a_long_name_is_compared_character_by_character() -> None:
    """difflib's autojunk drops the characters of a name of 200 or more that make over 1 % of
    it: (乙甲)×100+丙 would then share nothing with (甲乙)×100 instead of 199 characters."""
    standard = "甲乙" * 100
    rule = (
        "- id: t\n  check: taxonomy\n  severity: warning\n"
        f"  categories: {{{standard}: [乙丙]}}\n  suggestions: {{x: y}}\n  message: m\n"
    )
    found = _check(_categories("乙甲" * 100 + "丙", "乙丙"), rule)
    assert [(f.evidence["category"], f.evidence["suggestion"]) for f in found] == [
        ("产出指标", standard + "、乙丙"),  # like neither: every name
        ("乙甲" * 100 + "丙", standard),
    ]


def test_duplicate_findings_carry_the_later_rows_source_line() -> None:
    [report] = load_reports(ROOT / "examples" / "jiangmen-2022-dept-overall.md")
    rule = "- {id: t, check: duplicate, severity: error, message: m}\n"
    lines = {row.row: row.line for row in report.indicators}
    found = [f.location.to_dict() for f in _check(report, rule)]
    assert [(where["row"], where["line"]) for where in found] == [
        (row, lines[row]) for row in ("22", "23", "24", "25", "26")
    ]
    assert None not in lines.values()


def test_an_expression_over_rows_explains_each_failing_row() -> None:
    rule = (
        "- id: t\n  check: expression\n  severity: error\n  for_each: indicators\n"
        '  where: "item.seq == \'9\'"\n  assert: "item.actual == item.target"\n  message: m\n'
    )
    report = jxrules.load_report(ROOT / "examples" / "jiangmen-2022-dept-overall.yaml")
    [finding] = _check(report, rule, explain=True)
    assert finding.location.row == "9"
    assert dict(finding.explanation) == {
        "item.actual == item.target": "否",
        "item.actual": "1个",
        "item.target": "2个",
    }
    [plain] = _check(report, rule)
    assert dict(plain.explanation) == {}


def _rows(*rows: tuple[str, str, str, str]) -> Any:
    """Indicator rows ``(name, 二级指标, target, actual)``."""
    indicators = [
        {"seq": str(n), "level1": "产出指标", "level2": level2, "name": name}
        | {"target": target, "actual": actual}
        for n, (name, level2, target, actual) in enumerate(rows, 1)
    ]
    data = {"kind": "department_overall", "fiscal_year": 2022, "indicators": indicators}
    return jxrules.load_report(data)


def test_a_name_of_punctuation_only_does_not_end_the_search_for_repeats() -> None:
    report = _rows(
        ("——", "数量指标", "1个", "1个"),
        ("培训人数", "数量指标", "≥10人", "12人"),
        ("培训人数", "数量指标", "≥10人", "12人"),
    )
    found = _check(report, "- {id: t, check: duplicate, severity: error, message: m}\n")
    assert [(f.location.row, f.evidence["duplicate_of"]) for f in found] == [("3", "2")]


def test_same_figures_needs_the_target_and_the_actual_too() -> None:
    report = _rows(
        ("培训人数", "数量指标", "≥10人", "12人"),
        ("培训人数", "数量指标", "≥10人", "15人"),  # same 二级指标, another actual
        ("培训人数", "数量指标", "≥10人", "12人"),
    )
    rule = "- {id: t, check: duplicate, severity: error, same_figures: true, message: m}\n"
    assert [(f.location.row, f.evidence["duplicate_of"]) for f in _check(report, rule)] == [
        ("3", "1")
    ]
    plain = "- {id: t, check: duplicate, severity: error, message: m}\n"
    assert [f.location.row for f in _check(report, plain)] == ["2", "3"]


def test_far_above_needs_a_target_above_zero_and_counts_from_twice_one() -> None:
    report = _rows(
        ("新增企业", "数量指标", "≥0个", "5个"),  # no ratio to a target of 0
        ("培训场次", "数量指标", "≥1场", "2场"),  # exactly twice
        ("培训人数", "数量指标", "≥1人", "1人"),
    )
    rule = "- {id: t, check: target, severity: info, find: far_above, message: '{ratio}'}\n"
    assert [(f.location.row, f.message) for f in _check(report, rule)] == [("2", "2")]


def test_every_missing_required_category_is_reported() -> None:
    rule = (
        "- {id: t, check: taxonomy, severity: warning, find: missing,"
        " required: [产出指标, 效益指标, 满意度指标], message: '{required}'}\n"
    )
    report = _rows(("培训人数", "数量指标", "≥10人", "12人"))
    assert [f.message for f in _check(report, rule)] == ["效益指标", "满意度指标"]


def test_a_nonstandard_category_names_its_level_and_source_line() -> None:
    [report] = load_reports(ROOT / "examples" / "jiangmen-2022-dept-overall.md")
    rule = (
        "- {id: t, check: taxonomy, severity: warning, suggestions: {效果指标: 效益指标},"
        " message: '{level_label}|{category}'}\n"
    )
    [finding] = _check(report, rule)
    row = next(r for r in report.indicators if r.row == "12")
    assert finding.location.to_dict() == {
        "table": "indicators",
        "row": "12",
        "name": "拉动地方财政贡献",
        "line": row.line,
    }
    assert row.line is not None
    assert finding.message == "二级指标|效果指标"


COMPOUND = (
    ("培训及场次", "数量指标", "≥10人次，≥5场", "10名，5次"),  # two unit mismatches
    ("投资及收入", "经济效益指标", "≥1亿元，≥2亿元", "3亿元，10亿元"),  # 3 and 5 times
    ("两项目标", "数量指标", "≥10人，≥5场", "8人以下，4场以下"),  # two missed
    ("两项下限", "数量指标", "≥10人，≥5场", "≥8人，≥4场"),  # two undecidable
)


@pytest.mark.parametrize(
    ("find", "row", "clauses"),
    [
        ("unit_mismatch", "1", "≥10人次|10名"),
        ("far_above", "2", "≥2亿元|10亿元"),  # the clause with the largest ratio
        ("missed", "3", "≥10人|8人以下"),
        ("unreadable", "4", "≥10人|≥8人"),
    ],
)
def test_a_compound_cell_gives_one_finding_for_its_first_or_largest_clause(
    find: str, row: str, clauses: str
) -> None:
    rule = (
        f"- {{id: t, check: target, severity: info, find: {find},"
        " message: '{target_clause}|{actual_clause}'}\n"
    )
    found = _check(_rows(*COMPOUND), rule)
    assert [(f.location.row, f.message) for f in found] == [(row, clauses)]


def test_reconcile_reads_its_tolerance_and_breakdown_prefixes() -> None:
    items = [
        {"name": "当年财政拨款", "adjusted_budget": "480.00"},
        {"name": "其中：中央资金", "adjusted_budget": "100.00"},
        {"name": "上年结转资金", "adjusted_budget": "20.01"},
    ]
    funds = {
        "unit": "万元",
        "items": items,
        "total": {"name": "年度资金总额", "adjusted_budget": "500.00"},
    }
    data = {"kind": "project", "fiscal_year": 2022, "budget": {"funds": funds}}
    report = jxrules.load_report(data)
    header = HEADER.replace("department_overall", "project")
    rule = "- id: t\n  check: reconcile\n  severity: error\n  table: funds\n{extra}  message: m\n"

    def differences(extra: str) -> list[str]:
        ruleset = jxrules.load_ruleset(header + textwrap.indent(rule.format(extra=extra), "  "))
        found = jxrules.check(report, ruleset).findings
        return [f.evidence["difference"] for f in found if f.rule == "t"]

    assert differences("  tolerance: 0\n  breakdown_prefixes: [其中]\n") == ["0.01"]
    assert differences("  tolerance: '0.01'\n  breakdown_prefixes: [其中]\n") == []
    assert differences("  tolerance: 0\n") == ["100.01"]  # the 其中 row added again


def test_a_bad_evidence_expression_is_a_load_error_at_its_line() -> None:
    rule = (
        "- id: t\n  check: expression\n  severity: error\n  assert: 'True'\n"
        "  evidence:\n    ok: '1'\n    bad: '1 +'\n  message: m\n"
    )
    with pytest.raises(RulesetError) as info:
        jxrules.load_ruleset(HEADER + textwrap.indent(rule, "  "))
    assert info.value.message == "规则 t：表达式语法错误：invalid syntax：'1 +'"
    assert info.value.position is not None and info.value.position.line == 12


@pytest.mark.parametrize(
    ("find", "target", "actual", "clauses"),
    [
        ("missed", "≥10人", "8人。", "≥10人|8人"),
        ("unit_mismatch", "≥10人次", "10名。", "≥10人次|10名"),
        ("far_above", "≥10人", "30人。", "≥10人|30人"),
    ],
)
def test_the_clause_in_the_message_is_the_one_read_without_its_full_stop(
    find: str, target: str, actual: str, clauses: str
) -> None:
    rule = (
        f"- {{id: t, check: target, severity: info, find: {find},"
        " message: '{target_clause}|{actual_clause}'}\n"
    )
    [finding] = _check(_rows(("培训人数", "数量指标", target, actual)), rule)
    assert (finding.evidence["actual"], finding.message) == (actual, clauses)


def test_target_rules_with_other_heads_or_words_judge_their_own_way_on_one_report() -> None:
    """One context for every rule: a rule must not reuse another's verdicts."""
    report = _rows(
        ("培训人数", "数量指标", "10人", "12人"), ("培训场次", "数量指标", "≥5场", "未报")
    )
    rules = (
        "- {id: t, check: target, severity: error, message: a}\n"
        "- {id: t2, check: target, severity: error, lower_is_better: [人数], message: b}\n"
        "- {id: t3, check: target, severity: error, find: missing, message: c}\n"
        "- {id: t4, check: target, severity: error, find: missing, vocabulary: {blanks: [未报]},"
        " message: d}\n"
    )
    ruleset = jxrules.load_ruleset(HEADER + textwrap.indent(rules, "  "))
    found = jxrules.check(report, ruleset).findings
    assert [(f.rule, f.location.row) for f in found] == [("t2", "1"), ("t4", "2")]


def test_long_names_are_compared_character_by_character_for_near_duplicates() -> None:
    """Names of 200 characters or more: difflib's autojunk would find nothing in common."""
    report = _rows(
        ("甲乙" * 100, "数量指标", "1个", "1个"), ("乙甲" * 100 + "丙", "数量指标", "1个", "1个")
    )
    rule = "- {id: t, check: duplicate, severity: info, find: near, message: m}\n"
    found = _check(report, rule)
    assert [(f.location.row, f.evidence["similarity"], f.evidence["match"]) for f in found] == [
        ("2", "0.99", "similar")
    ]
