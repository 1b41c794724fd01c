"""``crossref``: how each side is compiled and read (labels, ``location``, ``field`` with
``expression``, ``unit_from``, multi-line patterns, a rule's vocabulary), the evidence it
gives (``*_from``, ``{tolerance}``) and how the figures are compared (exactly, and rounded to
the printed decimals).

Written against the mutants mutmut found surviving in ``jxrules.checks.crossref``
(docs/testing.md).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs
import pytest
import yaml

import jxrules
from jxrules.checks import is_builtin_kind
from jxrules.findings import Finding, Location
from tests.checks.test_target_and_crossref_fields import JIANGMEN, load_error, run


def _rule(stated: str, against: str, extra: str = "", message: str = "{difference}") -> str:
    return (
        "- id: c\n  check: crossref\n  severity: error\n"
        f"  stated: {stated}\n  against: {against}\n{extra}  message: '{message}'\n"
    )


def _report(narrative: str) -> dict[str, Any]:
    report: dict[str, Any] = yaml.safe_load(JIANGMEN.read_text(encoding="utf-8"))
    report["narrative"] = narrative
    return report


def _found(tmp_path: Path, rules: str, report: object = JIANGMEN) -> list[Finding]:
    return list(run(tmp_path, rules, report).findings)


# ------------------------------------------------------------------ compile
def test_each_pair_has_its_own_label_and_an_absent_label_is_empty(tmp_path: Path) -> None:
    rule = (
        "- id: c\n  check: crossref\n  severity: error\n  pairs:\n"
        "    - {label: 甲, stated: {expression: '1'}, against: {expression: '2'}}\n"
        "    - {stated: {expression: '5'}, against: {expression: '2'}}\n"
        "  message: '[{label}] {difference}'\n"
    )
    assert [f.message for f in _found(tmp_path, rule)] == ["[甲] -1", "[] 3"]


def test_a_single_pair_without_label_has_an_empty_label(tmp_path: Path) -> None:
    rule = _rule("{expression: '1'}", "{expression: '2'}", message="[{label}] {difference}")
    assert [f.message for f in _found(tmp_path, rule)] == ["[] -1"]


def test_the_tolerance_is_a_message_variable(tmp_path: Path) -> None:
    rule = _rule(
        "{expression: '1'}", "{expression: '2'}", "  tolerance: 0.5\n", "{difference}±{tolerance}"
    )
    assert [f.message for f in _found(tmp_path, rule)] == ["-1±0.5"]


def test_the_rules_location_replaces_the_derived_one(tmp_path: Path) -> None:
    income = "{field: budget.income.total.initial_budget, unit_from: budget.income.unit}"
    rule = _rule(
        "{expression: '7013.09', unit: 万元}", income, "  location: {table: 收入表, column: 年初}\n"
    )
    [finding] = _found(tmp_path, rule)
    assert (finding.location, finding.message) == (
        Location(table="收入表", column="年初"),
        "-45.00",
    )


def test_an_invalid_pattern_is_reported_at_the_pattern(tmp_path: Path) -> None:
    rule = (
        "- id: c\n  check: crossref\n  severity: error\n  stated:\n    pattern: '('\n"
        "  against: {expression: '1'}\n  message: m\n"
    )
    error = load_error(tmp_path, rule)
    assert str(error).split("r.yaml:")[1] == (
        "10:16: 规则 c：正则表达式无效：missing ), unterminated subpattern at position 0"
    )


def test_a_side_may_name_a_field_and_compute_it(tmp_path: Path) -> None:
    """``field`` with ``expression``: the figure is computed, its place is the field."""
    against = "{field: budget.income.total.initial_budget, expression: '7058.09', unit: 万元}"
    [finding] = _found(tmp_path, _rule("{expression: '7013.09', unit: 万元}", against))
    assert finding.location == Location(field="budget.income.total.initial_budget")
    assert (finding.evidence["against_from"], finding.message) == (
        "budget.income.total.initial_budget",
        "-45.00",
    )


def test_a_computed_figure_comes_from_its_expression_with_spaces_folded(tmp_path: Path) -> None:
    [finding] = _found(tmp_path, _rule("{expression: '1'}", "{expression: '1  +\t 1'}"))
    assert (finding.evidence["against_from"], finding.evidence["stated_from"]) == (
        "computed: 1 + 1",
        "computed: 1",
    )
    assert finding.location == Location()


def test_an_indicator_name_is_matched_without_its_spaces(tmp_path: Path) -> None:
    rule = _rule("{expression: '2.5', unit: 亿元}", "{indicator: ' 拉动设备  投资金额'}")
    [finding] = _found(tmp_path, rule)
    assert (finding.location.name, finding.evidence["against"], finding.message) == (
        "拉动设备投资金额",
        "2.8亿元",
        "-0.3",
    )


# ------------------------------------------------------------------ figures
def test_a_unit_from_that_gives_nothing_leaves_the_figure_without_unit(tmp_path: Path) -> None:
    """No unit: the bare figure is read in the stated one's unit (万元), not compared apart."""
    against = "{expression: '7058.09', unit_from: \"get(budget, 'no_such_table')\"}"
    [finding] = _found(tmp_path, _rule("{expression: '7013.09', unit: 万元}", against))
    assert (finding.message, finding.evidence["against"]) == ("-45.00", "7058.09")


@pytest.mark.parametrize(("narrative", "line"), [("前言\n收入 5 万元\n", 2), ("收入 5 万元", 1)])
def test_a_pattern_anchored_at_a_line_start_matches_on_every_line(
    tmp_path: Path, narrative: str, line: int
) -> None:
    rule = _rule("{pattern: '^收入 (?P<value>\\d+ 万元)$'}", "{expression: '6', unit: 万元}")
    [finding] = _found(tmp_path, rule, _report(narrative))
    assert (finding.evidence["stated_from"], finding.message) == (f"narrative line {line}", "-1")


def test_each_rule_reads_the_same_sides_with_its_own_vocabulary(tmp_path: Path) -> None:
    """Two rules with the same pattern and sides: only the one that makes 名 an alias of 人次
    sees the same unit; neither shares the other's reading."""
    sides = (
        "  find: unit_mismatch\n"
        "  stated: {pattern: '培训 (?P<value>\\d+ 名)'}\n"
        "  against: {expression: \"'500人次'\"}\n  message: '{stated}|{against}'\n"
    )
    plain = "- id: plain\n  check: crossref\n  severity: info\n" + sides
    aliased = (
        "- id: aliased\n  check: crossref\n  severity: info\n"
        "  vocabulary: {unit_aliases: {名: 人次}}\n" + sides
    )
    report = _report("培训 500 名。\n")
    for rules, reported in ((plain + aliased, ["plain"]), (aliased + plain, ["plain"])):
        found = _found(tmp_path, rules, report)
        assert [(f.rule, f.message) for f in found] == [(r, "500 名|500人次") for r in reported]


def test_a_field_side_is_read_with_the_rules_vocabulary(tmp_path: Path) -> None:
    report = _report("")
    report["department"] = "500名"
    rule = _rule(
        "{field: department}",
        "{expression: \"'400人次'\"}",
        "  vocabulary: {unit_aliases: {名: 人次}}\n",
    )
    assert [f.message for f in _found(tmp_path, rule, report)] == ["100"]


class _Text(str):
    """A str subclass, as a caller's own report model may hold."""


def test_a_str_subclass_is_read_as_text(tmp_path: Path) -> None:
    report = jxrules.load_report(JIANGMEN)
    report = attrs.evolve(report, department=_Text("12 家"))
    rule = _rule("{field: department}", "{expression: '10', unit: 家}")
    assert [f.message for f in _found(tmp_path, rule, report)] == ["2"]


# ------------------------------------------------------------------ comparing
def test_figures_of_more_than_28_digits_in_one_unit_are_compared_unscaled(
    tmp_path: Path,
) -> None:
    """Two figures in the same unit are not scaled (which kept 28 digits): equal stays equal."""
    big = "1234567890123456789012345678901"
    assert _found(tmp_path, _rule(f"{{expression: '{big}'}}", f"{{expression: '{big}'}}")) == []
    rule = _rule(f"{{expression: '{big}'}}", f"{{expression: '{big[:-1]}2'}}")
    assert [f.message for f in _found(tmp_path, rule)] == ["-1"]


def test_printed_precision_of_a_figure_rounded_to_hundreds_rounds_to_units(
    tmp_path: Path,
) -> None:
    """A stated 12300 computed as ``round(x, -2)``: the other side is rounded to whole units."""
    rule = _rule(
        "{expression: 'round(12345.0, -2)'}", "{expression: '12345'}", "  precision: printed\n"
    )
    assert [f.message for f in _found(tmp_path, rule)] == ["-45"]


def test_crossref_is_a_builtin_kind_and_an_unknown_name_is_not() -> None:
    assert (is_builtin_kind("crossref"), is_builtin_kind("no_such_kind")) == (True, False)


def test_a_bare_computed_number_has_no_unit_even_with_an_empty_alias(tmp_path: Path) -> None:
    """A vocabulary that maps the empty word to 元 does not give a bare 5 the unit 元."""
    rule = _rule(
        "{expression: '5'}", "{expression: \"'6人'\"}", "  vocabulary: {unit_aliases: {'': 元}}\n"
    )
    assert [f.message for f in _found(tmp_path, rule)] == ["-1"]
