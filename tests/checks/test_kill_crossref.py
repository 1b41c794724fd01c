"""``crossref`` with ``find: missing``: where a stated figure that is absent was looked for, for a
field and for an expression side (the narrative and indicator sides are pinned in
test_target_and_crossref_fields.py).

Written against the mutants mutmut found surviving in ``jxrules.checks.crossref``
(docs/testing.md).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from jxrules.findings import Location
from tests.checks.test_target_and_crossref_fields import JIANGMEN, run

RULE = """\
- id: c
  check: crossref
  severity: warning
  find: missing
  stated: {stated}
  against: {{expression: len(indicators)}}
  message: 未写明（{{stated_from}}）
"""


def test_an_absent_field_is_looked_for_at_the_field(tmp_path: Path) -> None:
    [finding] = run(tmp_path, RULE.format(stated="{field: declared.no_such_count}")).findings
    assert finding.location == Location(field="declared.no_such_count")
    assert dict(finding.evidence) == {"stated_from": "declared.no_such_count"}
    assert finding.message == "未写明（declared.no_such_count）"


def test_an_expression_that_gives_nothing_is_looked_for_in_the_expression(tmp_path: Path) -> None:
    stated = "{expression: \"get(declared, 'no_such_count')\"}"
    [finding] = run(tmp_path, RULE.format(stated=stated)).findings
    assert finding.location == Location()
    assert dict(finding.evidence) == {"stated_from": "expression"}
    assert finding.message == "未写明（expression）"


@pytest.mark.parametrize(("actual", "difference"), [("1.5", None), ("1.6", "-1000.0")])
def test_a_bare_number_in_an_indicator_cell_is_read_in_the_sides_unit(
    tmp_path: Path, actual: str, difference: str | None
) -> None:
    """1.5 in a cell meant in 亿元 is 15000 万元."""
    report = yaml.safe_load(JIANGMEN.read_text(encoding="utf-8"))
    report["indicators"][10]["actual"] = actual  # 拉动设备投资金额
    rule = (
        "- id: c\n  check: crossref\n  severity: error\n"
        "  stated: {expression: '15000', unit: 万元}\n"
        "  against: {indicator: 拉动设备投资金额, unit: 亿元}\n  message: '{difference}'\n"
    )
    found = run(tmp_path, rule, report).findings
    assert [f.message for f in found] == ([] if difference is None else [difference])


@pytest.mark.parametrize(
    ("stated", "against", "reason"),
    [
        (
            "{field: department}",
            "{expression: '1'}",
            "“江门市工业和信息化局”不是数量，也不是定性表述",
        ),
        (
            "{expression: '1'}",
            "{field: department}",
            "“江门市工业和信息化局”不是数量，也不是定性表述",
        ),
    ],
)
def test_an_unreadable_side_says_which_text_is_not_a_number(
    tmp_path: Path, stated: str, against: str, reason: str
) -> None:
    rule = (
        "- id: c\n  check: crossref\n  severity: warning\n  find: unreadable\n"
        f"  stated: {stated}\n  against: {against}\n  message: '{{reason}}'\n"
    )
    [finding] = run(tmp_path, rule).findings
    assert (finding.evidence["reason"], finding.message) == (reason, reason)


def test_a_pattern_sides_unit_and_empty_groups(tmp_path: Path) -> None:
    """A bare number read by a pattern is in the side's unit; an empty ``unit`` group adds
    nothing; the finding is in the narrative when the other side has no place."""
    rule = (
        "- id: c\n  check: crossref\n  severity: error\n"
        "  stated: {{pattern: '部门收入年初预算\\s*(?P<value>[\\d,.]+){extra}', unit: 万元}}\n"
        "  against: {{expression: '70580900', unit: 元}}\n  message: '{{stated}}|{{difference}}'\n"
    )
    for extra in ("", "\\s*(?P<unit>亿元)?"):
        [finding] = run(tmp_path, rule.format(extra=extra)).findings
        assert (finding.location, finding.message) == (
            Location(table="narrative"),
            "7,013.09|-45.00",
        )
    empty = (
        "- id: c\n  check: crossref\n  severity: error\n  find: unreadable\n"
        "  stated: {pattern: '部门收入年初预算(?P<value>\\d*)'}\n"
        "  against: {expression: '1'}\n  message: '{reason}'\n"
    )
    [finding] = run(tmp_path, empty).findings
    assert finding.message == "“”为空 (blank)"


def _messages(tmp_path: Path, stated: str, against: str, extra: str = "") -> list[str]:
    rule = (
        "- id: c\n  check: crossref\n  severity: error\n"
        f"  stated: {stated}\n  against: {against}\n{extra}  message: '{{difference}}'\n"
    )
    return [f.message for f in run(tmp_path, rule).findings]


def test_a_figure_without_a_unit_is_meant_in_the_others(tmp_path: Path) -> None:
    income = "{field: budget.income.total.initial_budget, unit_from: budget.income.unit}"
    assert _messages(tmp_path, "{expression: '7013.09'}", income) == ["-45.00"]
    assert _messages(
        tmp_path, "{expression: '7013.09', unit: 万元}", "{expression: '7058.09'}"
    ) == ["-45.00"]


def test_printed_precision_rounds_the_other_figure_half_up(tmp_path: Path) -> None:
    sides = ("{expression: '73', unit: '%'}", "{expression: '72.5', unit: '%'}")
    assert _messages(tmp_path, *sides, "  precision: printed\n") == []
    assert _messages(tmp_path, *sides) == ["0.5"]


def test_at_most_a_thousand_matches_are_compared(tmp_path: Path) -> None:
    report = yaml.safe_load(JIANGMEN.read_text(encoding="utf-8"))
    report["narrative"] = "收入 1 万元。\n" * 1001
    rule = (
        "- id: c\n  check: crossref\n  severity: error\n"
        "  stated: {pattern: '收入 (?P<value>\\d+) 万元'}\n  against: {expression: '2'}\n"
        "  message: m\n"
    )
    found = run(tmp_path, rule, report).findings
    assert (len(found), found[-1].evidence["stated_from"]) == (1000, "narrative line 1000")
