"""``Collector``: results a worker serialised (``ResultLine``), streamed or refused with a
review, and the per-rule summary in its default language (Chinese)."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import attrs
import pytest

from jxrules.batch import BatchResult, ResultLine
from jxrules.errors import InputError
from jxrules.findings import Finding, ReportIdentity, Result
from jxrules.formats.collect import Collector
from jxrules.review.session import Review
from jxrules.review.waivers import load_waivers
from jxrules.rules.selection import load_file
from tests.conftest import ROOT

LINE_A = ResultLine("a.md", '{"source": "a.md"}', 2, (("r/1", 2),))
LINE_B = ResultLine("b.md", '{"source": "b.md"}', 0, ())
#: A user's ruleset (not bundled), chosen for a report from the folder it is in.
PROVINCE = ROOT / "tests" / "fixtures" / "rulesets" / "province-2023.yaml"
PROVINCE_ID = "example-province/project-2023"


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


def test_render_without_options_is_plain_text_with_chinese_labels() -> None:
    """``collector.render("text")``, as the module's example calls it: no colour codes, the
    labels in Chinese."""
    collector = Collector()
    result = attrs.evolve(_result("a.md", "r/1"), ruleset="dept-overall/2022")
    collector.add(BatchResult("a.md", results=(result,)))
    text = collector.render("text")
    assert text == collector.render("text", color=False, language="zh")
    assert "\x1b[" not in text
    assert text == (
        "a.md —  （规则集 dept-overall/2022）\n"
        "  warning r/1                          （全文）: m\n"
        "  错误 0，警告 1，提示 0\n"
    )


def test_finish_without_a_language_words_notices_in_chinese(tmp_path: Path) -> None:
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(
        "version: 1\n"
        "waivers:\n"
        "  - id: W-1\n"
        "    rule: r/9\n"
        "    reason: 旧口径\n"
        "    approved_by: 绩效科\n"
        "    expires: 2030-12-31\n",
        encoding="utf-8",
    )
    collector = Collector(review=Review(load_waivers(waivers), today=dt.date(2026, 12, 7)))
    collector.add(BatchResult("a.md", results=(_result("a.md", "r/1"),)))
    notices, absent = collector.finish()
    assert absent == ()
    assert [f.message for n in notices for f in n.findings] == [
        "豁免 W-1 未匹配本次检查的任何发现，可删除或修正其匹配条件"
    ]


@pytest.mark.parametrize("fmt", ["sarif", "text", "junit", "html"])
def test_results_serialised_for_json_render_only_as_json(fmt: str) -> None:
    collector = Collector()
    collector.add(BatchResult("a.md", lines=(LINE_A,)))
    with pytest.raises(InputError) as caught:
        collector.render(fmt)
    assert str(caught.value) == (
        f"已序列化为 json 的结果不能输出为 {fmt} (serialised for json only)"
    )


def test_a_result_of_a_users_ruleset_is_described_from_the_users_folder(tmp_path: Path) -> None:
    (tmp_path / "province-2023.yaml").write_bytes(PROVINCE.read_bytes())
    collector = Collector(rulesets=(tmp_path,))
    identity = ReportIdentity(kind="project", fiscal_year=2023, department="D", project="P")
    finding = Finding("indicator-target-met", "target", "error", "m")
    collector.add(BatchResult("a.md", results=(Result("a.md", identity, PROVINCE_ID, (finding,)),)))
    rules = json.loads(collector.render("sarif"))["runs"][0]["tool"]["driver"]["rules"]
    described = {rule["id"]: rule["properties"]["rulesets"] for rule in rules}
    assert described["indicator-target-met"] == [PROVINCE_ID]
    assert len(described) == len(load_file(tmp_path / "province-2023.yaml").rules)
