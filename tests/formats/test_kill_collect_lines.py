"""``Collector``: results a worker serialised (``ResultLine``), streamed or refused with a
review, and the per-rule summary in its default language (Chinese)."""

from __future__ import annotations

import io

import pytest

from jxrules.batch import BatchResult, ResultLine
from jxrules.errors import InputError
from jxrules.findings import Finding, ReportIdentity, Result
from jxrules.formats.collect import Collector
from jxrules.review.session import Review

LINE_A = ResultLine("a.md", '{"source": "a.md"}', 2, (("r/1", 2),))
LINE_B = ResultLine("b.md", '{"source": "b.md"}', 0, ())


def test_serialised_results_are_streamed_one_per_line() -> None:
    stream = io.StringIO()
    collector = Collector(stream=stream)
    collector.add(BatchResult("a.md", lines=(LINE_A, LINE_B)))
    assert stream.getvalue() == '{"source": "a.md"}\n{"source": "b.md"}\n'
    assert collector.entries == []
    assert (collector.count, collector.worst, collector.per_rule) == (2, 2, {"r/1": [1, 2]})


def test_a_review_refuses_serialised_results_with_its_message() -> None:
    collector = Collector(review=Review())
    with pytest.raises(InputError) as caught:
        collector.add(BatchResult("a.md", lines=(LINE_A,)))
    assert str(caught.value) == (
        "审阅（豁免、基线）须用未序列化的结果 (a review needs check_many(serialise=None))"
    )
    assert collector.count == 0


def _result(source: str, *rules: str) -> Result:
    findings = tuple(Finding(rule, "expr", "warning", "m") for rule in rules)
    identity = ReportIdentity(kind="other", fiscal_year=None, department=None)
    return Result(source, identity, "x", findings)


def test_the_per_rule_summary_is_in_chinese_by_default() -> None:
    collector = Collector()
    collector.add(BatchResult("a.md", results=(_result("a.md", "r/1", "r/1", "r/2"),)))
    collector.add(BatchResult("b.md", results=(_result("b.md", "r/1"),)))
    assert collector.summary() == (
        "规则汇总（报告数 / 发现数）：\n"
        "  r/1                                   2 / 3\n"
        "  r/2                                   1 / 1\n"
    )


def test_a_stream_gets_each_failure_and_each_result_as_one_json_line() -> None:
    stream = io.StringIO()
    collector = Collector(stream=stream)
    collector.add(BatchResult("bad.md", error=InputError("文件“坏”")))
    collector.add(BatchResult("a.md", results=(_result("a.md", "r/1"),)))
    assert stream.getvalue().split("\n") == [
        '{"source": "bad.md", "error": "文件“坏”"}',
        '{"source": "a.md", "report": {"kind": "other", "fiscal_year": null, "department": null},'
        ' "ruleset": "x", "findings": [{"rule": "r/1", "check": "expr", "severity": "warning",'
        ' "message": "m", "location": {}, "evidence": {}}], "summary": {"error": 0,'
        ' "warning": 1, "info": 0}}',
        "",
    ]
    assert collector.results == []
    assert [f.source for f in collector.failures] == ["bad.md"]
