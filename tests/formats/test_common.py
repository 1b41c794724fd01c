"""The sample run shared by the format tests, and what every format must do with it.

The findings are made by hand (not by the bundled check kinds) so that these tests
pin the formats alone: target misses at indicator rows 4, 5, 8 and 9, a warning
and an info at row 9, a duplicate at row 22, a reconcile finding on the
expenditure table's adjusted_budget column, an engine finding, and a report that
could not be loaded.
"""

from __future__ import annotations

import json

import attrs
import pytest

import jxrules
from jxrules.errors import Position, YamlSyntaxError
from jxrules.findings import Finding, Location, ReportIdentity, Result
from jxrules.formats import FORMATS, Failure, Run, renderer
from jxrules.model import Report
from jxrules.rules.ruleset import Rule, Ruleset
from tests.conftest import JIANGMEN_YAML, ROOT

SOURCE = JIANGMEN_YAML.relative_to(ROOT).as_posix()
BROKEN_SOURCE = "examples/broken.yaml"
BROKEN_MESSAGE = f"{BROKEN_SOURCE}:3:7: YAML 语法错误"
BROKEN_ERROR = YamlSyntaxError("YAML 语法错误", Position(BROKEN_SOURCE, 3, 7))
MISSED_ROWS = ("4", "5", "8", "9")
#: A project report with no findings, checked with ruleset ``x``: a run's one plain result.
EMPTY_RESULT = Result(
    "a.yaml", ReportIdentity(project="P", kind="project", fiscal_year=2024, department="D"), "x", ()
)


def _target(report: Report, row: str) -> Finding:
    indicator = next(i for i in report.indicators if i.row == row)
    return Finding(
        rule="indicator-target-met",
        check="target",
        severity="error",
        message=f"指标“{indicator.name}”未完成：目标 {indicator.target}，实际 {indicator.actual}",
        location=Location(table="indicators", row=row, name=indicator.name, column="actual"),
        evidence={"target": indicator.target, "actual": indicator.actual},
    )


def sample_findings(report: Report) -> tuple[Finding, ...]:
    found = [_target(report, row) for row in MISSED_ROWS]
    found += [
        Finding(
            rule="indicator-rate-warning",
            check="target",
            severity="warning",
            message="指标“5G公共服务平台数量”完成率 50%，低于预警线 80%",
            location=Location(table="indicators", row="9", name="5G公共服务平台数量"),
            evidence={"rate": "50", "threshold": "80"},
        ),
        Finding(
            rule="table-continued",
            check="ingest",
            severity="info",
            message="指标表在分页处被截断 <续表> & 已按“序号”拼接",
            location=Location(table="indicators"),
        ),
        Finding(
            rule="indicator-duplicate",
            check="duplicate",
            severity="warning",
            message="指标“新增“小升规”工业企业数量”与第17行重复",
            location=Location(table="indicators", row="22", name="新增“小升规”工业企业数量"),
            evidence={"duplicate_of": "17"},
        ),
        Finding(
            rule="budget-reconciles",
            check="reconcile",
            severity="error",
            message="支出表“全年预算数”各项之和 4960.47 与合计 4960.46 相差 0.01",
            location=Location(table="expenditure", column="adjusted_budget"),
            evidence={"items_sum": "4960.47", "total": "4960.46", "difference": "0.01"},
        ),
        Finding(
            rule="target-far-above",
            check="target",
            severity="info",
            message="指标“新增“小升规”工业企业数量”实际 486 家远超目标 170 家，目标值可能设定偏低",
            location=Location(table="indicators", row="17", name="新增“小升规”工业企业数量"),
            evidence={"target": "170 家", "actual": "486 家"},
        ),
        Finding(
            rule="grade-matches-score",
            check="engine",
            severity="error",
            message="规则 grade-matches-score 无法执行（规则本身的问题，不是报告数据的问题）：boom",
            evidence={"origin": "rulesets/dept-overall/2022.yaml:33:5", "reason": "boom"},
        ),
    ]
    return tuple(sorted(found, key=lambda f: f.location.sort_key()))


#: Rules of the check kinds the hand-made findings stand for (not run: the findings are given).
EXTRA_RULES = (
    Rule(
        id="indicator-target-met",
        check="target",
        severity="error",
        message="指标“{name}”未完成：目标 {target}，实际 {actual}",
        config=None,
        title="绩效指标完成目标",
        description="实际完成值未达到年度指标值（按单位与比较符判断）。",
        rationale="未完成的指标不应得满分，也常说明目标或实际值填报有误。",
    ),
    Rule(
        id="indicator-rate-warning",
        check="target",
        severity="warning",
        message="指标“{name}”完成率 {rate}%，低于预警线 {threshold}%",
        config=None,
        title="完成率低于预警线",
    ),
    Rule(
        id="indicator-duplicate",
        check="duplicate",
        severity="warning",
        message="指标“{name}”与第{duplicate_of}行重复",
        config=None,
        title="绩效指标不重复",
        rationale="重复的指标会虚增指标个数与得分。",
    ),
    Rule(
        id="budget-reconciles",
        check="reconcile",
        severity="error",
        message="{table}表“{column}”各项之和 {items_sum} 与合计 {total} 相差 {difference}",
        config=None,
        title="预算表各项之和等于合计",
        description="收入、支出表每一列的各项之和应等于合计行，差 0.01 也报告。",
        rationale="合计不符说明表格漏项、重复或录入错误。",
    ),
    Rule(
        id="target-far-above",
        check="target",
        severity="info",
        message="指标“{name}”实际 {actual} 远超目标 {target}",
        config=None,
    ),
)


def sample_ruleset() -> Ruleset:
    ruleset = jxrules.load_ruleset(ROOT / "tests" / "fixtures" / "rulesets" / "formats-sample.yaml")
    return attrs.evolve(ruleset, rules=ruleset.rules + EXTRA_RULES)


def sample_run() -> Run:
    report = jxrules.load_report(JIANGMEN_YAML)
    report = attrs.evolve(report, source=SOURCE)
    ruleset = sample_ruleset()
    result = Result(SOURCE, report.identity(), ruleset.id, sample_findings(report))
    return Run(
        results=[result],
        rulesets={ruleset.id: ruleset},
        failures=[Failure(BROKEN_SOURCE, BROKEN_ERROR)],
        version=jxrules.__version__,
        reports={SOURCE: report},
    )


def ruleset_of(run: Run) -> Ruleset:
    return next(iter(run.rulesets.values()))


@pytest.mark.parametrize("name", sorted(set(FORMATS) - {"text", "json"}))
def test_output_is_deterministic(name: str) -> None:
    first = renderer(name)(sample_run())
    second = renderer(name)(sample_run())
    assert first == second
    assert first.endswith("\n")


@pytest.mark.parametrize("name", sorted(set(FORMATS) - {"text", "json"}))
def test_empty_run_renders(name: str) -> None:
    out = renderer(name)(Run(results=[]))
    assert out.strip()


def test_a_failure_keeps_its_position_as_data_in_json() -> None:
    from jxrules.formats.json import document

    assert document(sample_run())["errors"] == [
        {"source": BROKEN_SOURCE, "message": BROKEN_MESSAGE, "line": 3, "column": 7}
    ]


def test_a_page_reaches_json_text_and_sarif_where_the_row_has_one() -> None:
    """A report read from a PDF knows each row's page; every finding on a row says it."""
    from jxrules.formats.json import document
    from jxrules.formats.sarif import render as sarif
    from jxrules.formats.text import where

    report = jxrules.load_report(JIANGMEN_YAML)
    paged = attrs.evolve(
        report,
        indicators=tuple(
            attrs.evolve(i, page=7 + n // 20) for n, i in enumerate(report.indicators)
        ),
    )
    result = jxrules.check(paged)
    duplicate = next(f for f in result.findings if f.rule == "indicator-duplicate")
    assert duplicate.location.to_dict() == {
        "table": "indicators",
        "row": "22",
        "name": "新增“小升规”工业企业数量",
        "page": 8,
        "line": 52,
    }
    assert where(duplicate.location) == "第8页 indicators 第22行 新增“小升规”工业企业数量"
    reconcile = next(f for f in result.findings if f.check == "reconcile")
    assert reconcile.location.page is None  # the money tables' rows have no page here
    doc = document(Run(results=[result]))
    in_json = [
        f["location"] for f in doc["reports"][0]["findings"] if f["rule"] == "indicator-duplicate"
    ]
    assert [location["page"] for location in in_json] == [8, 8, 8, 8, 8]  # rows 22-26
    sarif_doc = json.loads(sarif(Run(results=[result], version="0")))
    regions = [
        r["locations"][0]["physicalLocation"].get("region") for r in sarif_doc["runs"][0]["results"]
    ]
    assert {"properties": {"page": 8}} in regions
