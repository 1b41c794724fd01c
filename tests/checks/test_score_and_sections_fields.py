"""The score and sections check kinds (issue 24): their fields, params named by fields, load
errors with positions, and the province override ruleset that changes only params."""

from __future__ import annotations

import textwrap
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

import jxrules
from jxrules.authoring.rule_tests import load_cases, run_files
from jxrules.checks.score import expected_score
from jxrules.errors import RulesetError
from jxrules.findings import Result
from jxrules.quantities import (
    ClauseVerdict,
    compare,
    default_vocabulary,
    parse_actual,
    parse_target,
)

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "examples" / "demo-2022-project.yaml"
PROVINCE = ROOT / "tests" / "fixtures" / "rulesets" / "province-2023.yaml"
PROVINCE_TESTS = PROVINCE.with_name("province-2023.tests.yaml")
HEADER = """\
id: local/t
title: t
version: "1"
applies_to: {kind: project, fiscal_years: [2022]}
params:
  tol: 0.1
  bands:
    - {name: 差, min: 0, max: 60, words: [未完成]}
    - {name: 好, min: 80, max: 100}
  heads: ['[一二三四五]、']
  parts:
    - {name: 结果应用, words: [结果应用]}
rules:
"""


def run(tmp_path: Path, rules: str, patch: dict[str, object] | None = None) -> Result:
    path = tmp_path / "r.yaml"
    path.write_text(HEADER + textwrap.indent(textwrap.dedent(rules), "  "), encoding="utf-8")
    report = jxrules.load_report(DEMO)
    if patch:
        report = attrs.evolve(report, **patch)
    return jxrules.check(report, jxrules.load_ruleset(path))


def load_error(tmp_path: Path, rules: str) -> RulesetError:
    with pytest.raises(RulesetError) as info:
        run(tmp_path, rules)
    return info.value


def _clause(target: str, actual: str, lower: bool = False) -> ClauseVerdict:
    vocab = default_vocabulary()
    verdict = compare(parse_target(target, vocab), parse_actual(actual, vocab), lower)
    (clause,) = verdict.clauses
    return clause


@pytest.mark.parametrize(
    ("target", "actual", "lower", "reverse", "expected"),
    [
        ("≥100家", "112家", False, "ratio", ("10", "met")),
        ("≥100家", "80家", False, "ratio", ("8", "proportional")),
        ("≤50万元", "60万元", False, "ratio", ("8.333333333333333333333333333", "reverse_ratio")),
        ("≤50万元", "60万元", False, "linear", ("8.0", "reverse_linear")),
        ("≤50万元", "120万元", False, "linear", ("0", "reverse_linear")),
        ("0", "2", True, "ratio", ("0", "zero_target")),
        ("0", "0", True, "linear", ("10", "met")),
    ],
)
def test_expected_score_by_direction(
    target: str, actual: str, lower: bool, reverse: str, expected: tuple[str, str]
) -> None:
    score, basis = expected_score(_clause(target, actual, lower), Decimal(10), reverse) or (
        None,
        "",
    )
    assert (str(score), basis) == expected


def test_formula_reads_its_tolerance_from_params(tmp_path: Path) -> None:
    rule = """\
    - id: f
      check: score
      severity: warning
      find: formula
      tolerance: params.tol
      message: “{name}” {score} ≠ {expected}（{tolerance}）
    """
    found = run(tmp_path, rule).findings
    assert [(f.location.row, f.evidence["expected"], f.evidence["tolerance"]) for f in found] == [
        ("4", "9.47", "0.1"),
        ("9", "10.00", "0.1"),
    ]
    assert found[0].message == "“项目验收合格率” 10 ≠ 9.47（0.1）"


def test_an_unknown_param_is_a_load_error_at_the_field(tmp_path: Path) -> None:
    error = load_error(
        tmp_path,
        """\
        - id: f
          check: score
          severity: warning
          find: formula
          tolerance: params.tolerence
          message: m
        """,
    )
    assert "参数 “tolerence” 不存在" in error.message and "tol" in error.message
    assert error.position is not None and error.position.line == 18


def test_bands_named_by_a_param_are_checked_when_the_rule_loads(tmp_path: Path) -> None:
    error = load_error(
        tmp_path,
        """\
        - id: b
          check: score
          severity: warning
          find: band
          bands: params.tol
          message: m
        """,
    )
    assert "bands 须为非空列表" in error.message and error.position.line == 18


def test_a_band_whose_min_exceeds_its_max_is_refused(tmp_path: Path) -> None:
    error = load_error(
        tmp_path,
        """\
        - id: b
          check: score
          severity: warning
          find: band
          bands: [{name: 好, min: 90, max: 80}]
          message: m
        """,
    )
    assert "min 90 大于 max 80" in error.message


def test_reverse_must_be_ratio_or_linear(tmp_path: Path) -> None:
    error = load_error(
        tmp_path,
        """\
        - id: f
          check: score
          severity: warning
          find: formula
          reverse: halve
          message: m
        """,
    )
    assert "reverse" in error.message and error.position.line == 18


def test_sections_finds_each_missing_part_and_ignores_a_form(tmp_path: Path) -> None:
    rule = """\
    - id: s
      check: sections
      severity: info
      sections: params.parts
      headings: params.heads
      message: 缺少 {section}（{heading_count} 个标题）
    """
    outline = "一、基本情况\n二、绩效目标完成情况\n三、存在问题\n四、改进措施"
    (found,) = run(tmp_path, rule, {"narrative": outline}).findings
    assert (found.location.table, found.message) == ("narrative", "缺少 结果应用（4 个标题）")
    assert run(tmp_path, rule, {"narrative": outline + "\n五、结果应用"}).findings == ()
    assert run(tmp_path, rule, {"narrative": "一、基本情况\n二、结果"}).findings == ()  # a form


def test_a_heading_pattern_that_backtracks_is_refused(tmp_path: Path) -> None:
    error = load_error(
        tmp_path,
        """\
        - id: s
          check: sections
          severity: info
          sections: params.parts
          headings: ['(a+)+、']
          message: m
        """,
    )
    assert "正则表达式" in error.message


# ------------------------------------------------------------------ the province override
def test_the_province_changes_params_only() -> None:
    province = jxrules.load_ruleset(PROVINCE)
    bundled = jxrules.load_ruleset("project/2022")
    assert province.extends == "project/2022"
    assert [r.id for r in province.rules] == [r.id for r in bundled.rules]
    changed = {k for k in province.params if province.params[k] != bundled.params[k]}
    assert changed == {"qualitative_bands", "too_low_ratio", "level1_weights", "reverse_scoring"}
    assert all(province.param_origins[k].file == str(PROVINCE) for k in changed)


def test_the_province_tests_pin_firing_and_silent_cases() -> None:
    cases = load_cases(PROVINCE_TESTS)
    results = run_files([PROVINCE_TESTS])
    assert [r.passed for r in results] == [True] * len(cases) == [True] * 13
    fired = {e["rule"] for c in cases for e in c.expect}
    assert fired == {
        "indicator-score-band",
        "indicator-target-too-low",
        "level1-weights-default",
    } | {"indicator-score-formula"}
    assert sum(1 for c in cases if not c.expect) == 6
