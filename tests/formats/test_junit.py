"""``--format junit``: suites per report, a case per rule, failures, errors and skips."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import attrs

from jxrules.findings import Finding, Location
from jxrules.formats import Run
from jxrules.formats.junit import render
from tests.formats.test_common import BROKEN_MESSAGE, BROKEN_SOURCE, SOURCE, ruleset_of, sample_run


def parse(run: Run) -> ET.Element:
    text = render(run)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')
    return ET.fromstring(text.encode("utf-8"))


def counts(element: ET.Element) -> dict[str, int]:
    return {k: int(element.get(k, "-1")) for k in ("tests", "failures", "errors", "skipped")}


def case(suite: ET.Element, name: str) -> ET.Element:
    (found,) = [c for c in suite.findall("testcase") if c.get("name") == name]
    return found


def test_one_suite_per_report_and_one_per_load_failure() -> None:
    root = parse(sample_run())
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [SOURCE, BROKEN_SOURCE]
    assert counts(suites[0]) == {"tests": 9, "failures": 4, "errors": 1, "skipped": 0}
    assert counts(suites[1]) == {"tests": 1, "failures": 0, "errors": 1, "skipped": 0}
    assert counts(root) == {"tests": 10, "failures": 4, "errors": 2, "skipped": 0}


def test_a_case_per_rule_of_the_ruleset_in_ruleset_order() -> None:
    run = sample_run()
    suite = parse(run).findall("testsuite")[0]
    cases = suite.findall("testcase")
    rule_ids = [rule.id for rule in ruleset_of(run).rules]
    assert [c.get("name") for c in cases] == [*rule_ids, "table-continued"]
    assert {c.get("classname") for c in cases} == {"dept-overall/2022"}
    assert suite.find("properties/property[@name='ruleset']").get("value") == "dept-overall/2022"
    # rules without findings pass: no child element at all
    assert list(case(suite, "score-in-range")) == []
    assert list(case(suite, "declared-indicator-count")) == []


def test_failing_rule_has_one_failure_listing_every_finding() -> None:
    suite = parse(sample_run()).findall("testsuite")[0]
    (failure,) = case(suite, "indicator-target-met").findall("failure")
    assert failure.get("message") == "4 项不通过（错误 4）"
    assert failure.get("type") == "error"
    lines = (failure.text or "").splitlines()
    assert len(lines) == 4
    assert [line.split(" ")[2] for line in lines] == ["第4行", "第5行", "第8行", "第9行"]
    assert lines[3].startswith("error indicators 第9行 5G公共服务平台数量 [actual]: ")
    assert lines[3].endswith("目标 2个，实际 1个")
    (warning,) = case(suite, "indicator-duplicate").findall("failure")
    assert warning.get("message") == "1 项不通过（警告 1）"
    assert warning.get("type") == "warning"
    (reconcile,) = case(suite, "budget-reconciles").findall("failure")
    assert "expenditure [adjusted_budget]" in (reconcile.text or "")
    assert "相差 0.01" in (reconcile.text or "")


def test_info_findings_are_not_failures() -> None:
    suite = parse(sample_run()).findall("testsuite")[0]
    far = case(suite, "target-far-above")
    assert far.find("failure") is None and far.find("error") is None
    assert "远超目标 170 家" in (far.findtext("system-out") or "")
    # the ingest finding (no ruleset rule) gets a case of its own, escaped and intact
    ingest = case(suite, "table-continued")
    assert ingest.findtext("system-out") == (
        "info indicators: 指标表在分页处被截断 <续表> & 已按“序号”拼接"
    )


def test_engine_finding_is_an_error_not_a_failure() -> None:
    suite = parse(sample_run()).findall("testsuite")[0]
    broken = case(suite, "grade-matches-score")
    assert broken.find("failure") is None
    (error,) = broken.findall("error")
    assert error.get("type") == "engine"
    assert "无法执行" in (error.get("message") or "")


def test_load_failure_suite() -> None:
    suite = parse(sample_run()).findall("testsuite")[1]
    (error,) = case(suite, "load").findall("error")
    assert error.get("message") == BROKEN_MESSAGE
    assert error.get("type") == "load"
    assert error.text == BROKEN_MESSAGE


def test_disabled_rule_is_skipped() -> None:
    run = sample_run()
    ruleset = ruleset_of(run)
    rules = tuple(r for r in ruleset.rules if r.id != "score-in-range")
    disabled = attrs.evolve(ruleset, rules=rules, disabled={"score-in-range": "本地不评分"})
    suite = parse(attrs.evolve(run, rulesets={ruleset.id: disabled})).findall("testsuite")[0]
    (skipped,) = case(suite, "score-in-range").findall("skipped")
    assert skipped.get("message") == "已停用：本地不评分"
    assert counts(suite)["skipped"] == 1
    assert counts(suite)["tests"] == 9


def test_characters_xml_cannot_carry_are_replaced() -> None:
    run = sample_run()
    bad = Finding(
        "indicator-duplicate",
        "duplicate",
        "warning",
        "分页符\x0c与响铃\x07",
        Location(table="indicators", row="3"),
    )
    result = attrs.evolve(run.results[0], findings=(bad,))
    suite = parse(attrs.evolve(run, results=[result], failures=())).findall("testsuite")[0]
    (failure,) = case(suite, "indicator-duplicate").findall("failure")
    assert (failure.text or "").endswith("分页符\ufffd与响铃\ufffd")


def test_empty_run() -> None:
    root = parse(Run(results=[]))
    assert root.findall("testsuite") == []
    assert counts(root) == {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
