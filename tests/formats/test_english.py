"""``--lang en``: every output format is English around the report's own text.

The report is Chinese and outputs quote it (names, targets, the narrative); everything else —
headings, locations, counts, the HTML page, review notes, the findings jxrules words itself —
must be English.  The check: every run of CJK characters in an English output is quoted text
(found verbatim in the report's canonical strings, the waivers file or the findings' evidence,
which holds the values compared as read).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from string import Formatter
from typing import Any

import pytest
import yaml

import jxrules
from jxrules import data
from jxrules.errors import InputError
from jxrules.ingest.canonical import report_to_data
from jxrules.ingest.grid import in_english
from jxrules.review.baseline import create_baseline
from tests.conftest import JIANGMEN_MD, ROOT

LAYOUTS = ROOT / "tests" / "fixtures" / "layouts"
#: The example, and forms with each kind of reading finding: cut short (ingest-incomplete),
#: template rows (ingest-template), an unknown column (ingest-row), a form that cannot be read
#: among readable ones (ingest-unreadable-form).
REPORTS = (
    JIANGMEN_MD,
    LAYOUTS / "truncated.md",
    LAYOUTS / "template-rows.md",
    LAYOUTS / "unknown-header.md",
    LAYOUTS / "three-forms-one-unreadable.md",
)
FORMATS = ("text", "json", "sarif", "junit", "html")
#: Applied (W-1), expired (W-2) and unused (W-3); the reasons are the reviewer's own words.
WAIVERS = """\
version: 1
waivers:
  - id: W-1
    rule: indicator-target-met
    match: {row: 5G公共服务平台数量}
    reason: target redefined with the budget office
    approved_by: Performance office, Li
    expires: 2099-12-31
  - id: W-2
    rule: indicator-near-duplicate
    match: {row: 贷款金额}
    reason: corrected in the 2024 budget
    approved_by: Performance office, Li
    expires: 2020-01-01
  - id: W-3
    rule: indicator-target-met
    match: {row: 不存在的指标}
    reason: old waiver
    approved_by: Performance office, Wang
    expires: 2099-12-31
"""
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
#: Han ideographs, CJK punctuation (、，。（）) and full-width forms.
CJK_RUN = re.compile(f"[{HAN}\u3000-\u303f\uff00-\uffef]+")
HAN_RUN = re.compile(f"[{HAN}]+")
#: Report text quoted but in no canonical string: the subject ``text-count-vs-indicator`` names
#: is the narrative's phrase as its pattern reorders it ("468 家工业企业获得新升规奖励"), and the
#: header of the column unknown-header.md has that is not read (ingest-row names it).
EXTRA_QUOTES = ("获得新升规奖励的工业企业", "累计完成数")


def strings(value: object) -> Iterator[str]:
    """Every string value in a parsed document."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def not_quoted(output: str, quoted: str) -> dict[str, int]:
    """The CJK runs of ``output`` that are not quoted text: a run's every ideograph sequence
    must occur in ``quoted`` (a run of punctuation alone must occur there as it is)."""
    bad: dict[str, int] = {}
    for run in CJK_RUN.findall(output):
        parts = HAN_RUN.findall(run) or [run]
        if any(part not in quoted for part in parts):
            bad[run] = bad.get(run, 0) + 1
    return bad


@pytest.fixture(scope="module")
def review_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A waivers file, and a baseline (made in English) in which one finding is gone (its
    fingerprint changed: absent, and the real one new) and one changed its figures (updated)."""
    folder = tmp_path_factory.mktemp("review")
    waivers = folder / "waivers.yaml"
    waivers.write_text(WAIVERS, encoding="utf-8")
    results = [
        jxrules.check(report, language="en")
        for path in REPORTS
        for report in jxrules.load_reports(path)
    ]
    doc = json.loads(create_baseline(results).dumps())
    findings: dict[str, Any] = doc["findings"]
    first, second = list(findings)[:2]
    findings["jx1:" + "0" * 32] = findings.pop(first)
    findings[second]["evidence_hash"] = "0" * 16
    baseline = folder / "baseline.json"
    baseline.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return waivers, baseline


def quoted_text(waivers: Path, json_output: str) -> str:
    """What an output may quote: the reports' canonical strings, the waivers file's strings and
    the findings' evidence (values as read from the report)."""
    quoted = [
        s
        for path in REPORTS
        for r in jxrules.load_reports(path)
        for s in strings(report_to_data(r))
    ]
    quoted += strings(yaml.safe_load(waivers.read_text(encoding="utf-8")))
    doc = json.loads(json_output)
    for report in doc["reports"]:
        quoted += (s for f in report["findings"] for s in strings(f["evidence"]))
    quoted += EXTRA_QUOTES
    return "\n".join(quoted)


def _check(cli, review: tuple[Path, Path], fmt: str, lang: str):  # type: ignore[no-untyped-def]
    waivers, baseline = review
    return cli(
        "check", *REPORTS, "--format", fmt, "--lang", lang, "--waivers", waivers,
        "--baseline", baseline, "--as-of", "2024-01-01",
    )  # fmt: skip


#: Words each English output must show: the review states and the labels around findings.
ENGLISH_MARKS = {
    "text": ("(ruleset dept-overall/2022)", "indicators row 9 ", "(waived W-1: target redefined",
             "(waiver W-2 expired on 2020-01-01; counts again)", "[updated]", "[new]",
             "In the baseline but no longer found (1):", "Waiver W-3 matched no finding",
             "Not found: satisfaction indicators, the total score", "Table template left in: 6 rows",
             "Per rule (reports / findings):",
             "line 12: column “累计完成数” is not a known column; its content was not read",
             "cannot be read: its tables (starting at line 28) have no known header"),
    "json": ('"message": "Waiver W-3 matched no finding', '"message": "Not found: satisfaction'),
    "sarif": ('"justification": "target redefined with the budget office (Performance office, '
              'Li, until 2099-12-31)"', '"text": "Indicator target met"',
              '"text": "jxrules built-in check: ingest"'),
    "junit": ("failing (error ", "indicators row 9 ", " (waived W-1)",
              " (waiver W-2 expired on 2020-01-01)"),
    "html": ('<html lang="en">', "<th>Indicator</th>", "Findings (", "Waived (1)",
             "approved by Performance office, Li", ">Missed</td>", '+ " shown";'),
}  # fmt: skip


@pytest.mark.parametrize("fmt", FORMATS)
def test_english_output_quotes_the_report_and_says_the_rest_in_english(
    cli,  # type: ignore[no-untyped-def]
    review_files: tuple[Path, Path],
    fmt: str,
) -> None:
    done = _check(cli, review_files, fmt, "en")
    assert done.code == 1, done.err  # errors in the example
    for mark in ENGLISH_MARKS[fmt]:
        assert mark in done.out, mark
    quoted = quoted_text(review_files[0], _check(cli, review_files, "json", "en").out)
    assert not_quoted(done.out, quoted) == {}


def test_the_check_catches_a_label_left_in_chinese(cli, review_files: tuple[Path, Path]) -> None:  # type: ignore[no-untyped-def]
    """The same check on the Chinese output finds the labels (so it can fail)."""
    done = _check(cli, review_files, "text", "zh")
    quoted = quoted_text(review_files[0], _check(cli, review_files, "json", "zh").out)
    bad = not_quoted(done.out, quoted)
    assert bad["（规则集"] == 7 and "未变" in bad and bad["（豁免文件）"] == 1
    assert bad["基线中有、本次已不再出现的发现（"] == 1 and bad["规则汇总（报告数"] == 1


@pytest.mark.parametrize("fmt", FORMATS)
def test_chinese_output_has_no_english_label(
    cli, review_files: tuple[Path, Path], fmt: str
) -> None:  # type: ignore[no-untyped-def]
    done = _check(cli, review_files, fmt, "zh")
    for mark in ENGLISH_MARKS[fmt]:
        assert mark not in done.out, mark
    assert ("第9行" in done.out) is (fmt in ("text", "junit", "html"))


def test_both_label_tables_have_the_same_keys_and_placeholders() -> None:
    tables = data.load("labels.yaml")
    assert set(tables) == {"zh", "en"}
    assert set(tables["zh"]) == set(tables["en"])

    def names(text: str) -> set[str]:
        return {name for _, name, _, _ in Formatter().parse(text) if name}

    for key, text in tables["zh"].items():
        assert names(text) == names(tables["en"][key]), key
        assert not CJK_RUN.search(tables["en"][key]) or key == "html.lang", key


def test_every_reader_wording_has_an_english_one() -> None:
    """The ingest wordings of jxrules/data/ingest_en.yaml match what the readers say."""
    assert in_english("problems", "列 “完成率” 不是已知的列，此列的内容未读入") == (
        "column “完成率” is not a known column; its content was not read"
    )
    assert in_english("problems", "单元格数为 5，与表头的 4 列不一致，无法按列读取") == (
        "5 cells where the header has 4 columns: the row cannot be read by column"
    )
    assert in_english("places", "第 3 页第 2 个表格第 7 行") == "page 3, table 2, row 7"
    assert in_english("places", "某处", line=12) == "line 12"
    assert in_english("problems", "新的说法") == "this row or table could not be (fully) read"
    for entry in data.load("ingest_en.yaml")["problems"]:
        assert not CJK_RUN.search(entry["en"]), entry["en"]


@pytest.mark.parametrize("writer", ["to_text", "to_json", "to_sarif", "to_junit", "to_html"])
def test_a_writer_refuses_an_unknown_language(writer: str) -> None:
    result = jxrules.check(jxrules.load_report(JIANGMEN_MD))
    with pytest.raises(InputError, match="不支持的语言 “fr”"):
        getattr(jxrules, writer)(result, language="fr")


def test_english_titles_come_from_title_en_else_the_id(tmp_path: Path) -> None:
    ruleset_file = tmp_path / "titled.yaml"
    ruleset_file.write_text(
        """\
id: local/titled
title: 带标题的规则集
title_en: A titled ruleset
version: "1"
applies_to: {kind: department_overall, fiscal_years: [2022]}
rules:
  - id: grade-is-top
    title: 等级为优
    title_en: The grade is the top one
    check: expression
    severity: warning
    assert: "self_evaluation.grade != '优'"
    message: 等级为优
    message_en: The grade is the top one
  - id: score-is-high
    title: 分数很高
    check: expression
    severity: info
    assert: "self_evaluation.score < 90"
    message: 分数很高
    message_en: The score is high
""",
        encoding="utf-8",
    )
    ruleset = jxrules.load_ruleset(ruleset_file)
    report = jxrules.load_report(JIANGMEN_MD)
    result = jxrules.check(report, ruleset, language="en")
    assert [f.message for f in result.findings] == ["The grade is the top one", "The score is high"]
    sarif = json.loads(jxrules.to_sarif(result, rulesets=[ruleset], language="en"))
    described = {
        r["id"]: r["shortDescription"]["text"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]
    }
    assert described == {
        "grade-is-top": "The grade is the top one",
        "score-is-high": "score-is-high",
    }
    page = jxrules.to_html(result, rulesets=[ruleset], reports=[report], language="en")
    assert "<code>local/titled</code> A titled ruleset</p>" in page
    assert '<span class="rule-title">The grade is the top one</span>' in page
    assert "带标题的规则集" not in page and "分数很高" not in page
    chinese = jxrules.to_html(jxrules.check(report, ruleset), rulesets=[ruleset], reports=[report])
    assert "<code>local/titled</code> 带标题的规则集</p>" in chinese


CHANGED_RULESET = """\
id: local/changed
title: A changed ruleset
version: "2"
extends: dept-overall/2022
applies_to: {kind: department_overall, fiscal_years: [2022]}
overrides:
  - id: indicator-target-too-low
    disabled: true
    reason: no longer checked
  - id: indicator-duplicate
    severity: warning
"""


@pytest.mark.parametrize("fmt", ["text", "html"])
def test_a_ruleset_diff_in_english(cli, tmp_path: Path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    changed = tmp_path / "changed.yaml"
    changed.write_text(CHANGED_RULESET, encoding="utf-8")
    args = ("diff", "--old", "dept-overall/2022", "--new", changed, JIANGMEN_MD, "--format", fmt)
    done = cli(*args, "--lang", "en")
    assert done.code == 0, done.err
    marks = {
        "text": ("Effect of the change: dept-overall/2022 → ", "removed (6):", "changed (5):",
                 " (was: error Indicator “"),
        "html": ('<html lang="en">', "<h2>Changed findings</h2>", "<td>removed</td>"),
    }[fmt]  # fmt: skip
    for mark in marks:
        assert mark in done.out, mark
    report = jxrules.load_report(JIANGMEN_MD)
    quoted = list(strings(report_to_data(report)))
    quoted += (s for f in jxrules.check(report).findings for s in f.evidence.values())
    assert not_quoted(done.out, "\n".join(quoted)) == {}
    chinese = cli(*args)
    assert "规则变更影响：dept-overall/2022 → " in chinese.out and "消失" in chinese.out


def test_findings_of_the_engine_are_english_too(tmp_path: Path) -> None:
    """``ruleset-year`` (a ruleset written for another year) and a rule that cannot run."""
    ruleset_file = tmp_path / "other-year.yaml"
    ruleset_file.write_text(
        """\
id: local/other-year
title: 另一年度
version: "1"
applies_to: {kind: department_overall, fiscal_years: [2030, 2031]}
rules:
  - id: breaks
    check: expression
    severity: error
    assert: "self_evaluation.score / 0 > 1"
    message: 不会出现
    message_en: never shown
""",
        encoding="utf-8",
    )
    ruleset = jxrules.load_ruleset(ruleset_file)
    report = jxrules.load_report(JIANGMEN_MD)
    english = {f.rule: f.message for f in jxrules.check(report, ruleset, language="en").findings}
    assert english["ruleset-year"] == (
        "No ruleset for fiscal year 2022: checked with local/other-year (written for 2030, 2031)"
    )
    assert english["breaks"].startswith(
        "Rule breaks could not run (a problem of the rule, not of the report's data): "
    )
    chinese = {f.rule: f.message for f in jxrules.check(report, ruleset).findings}
    assert chinese["ruleset-year"] == (
        "报告年度 2022 没有对应的规则集，按 local/other-year（适用 2030、2031 年度）的规则检查"
    )
    assert chinese["breaks"].startswith("规则 breaks 无法执行")


@pytest.mark.parametrize(
    ("report", "ruleset", "titles"),
    [
        (JIANGMEN_MD, "dept-overall/2022",
         {"indicator-target-met": "Indicator target met",
          "expenditure-reconciles": "Expenditure items add up to the total"}),
        (ROOT / "examples" / "demo-2022-project.yaml", "project/2022",
         {"funds-score": "Funds score = points × execution rate (capped at the points)",
          "total-points-reconciles": "Indicator points plus the execution-rate points equal the total points"}),
    ],
)  # fmt: skip
def test_every_bundled_rule_descriptor_has_an_english_title(
    cli,  # type: ignore[no-untyped-def]
    report: Path,
    ruleset: str,
    titles: dict[str, str],
) -> None:
    """SARIF in English describes each bundled rule by its title_en, with no Chinese in it."""
    done = cli("check", report, "--lang", "en", "--format", "sarif")
    descriptors = json.loads(done.out)["runs"][0]["tool"]["driver"]["rules"]
    described = {
        d["id"]: d["shortDescription"]["text"]
        for d in descriptors
        if not d.get("properties", {}).get("synthetic")
    }
    assert list(described) == [rule.id for rule in jxrules.load_ruleset(ruleset).rules]
    assert {rule_id: described[rule_id] for rule_id in titles} == titles
    assert {i: text for i, text in described.items() if CJK_RUN.search(text) or text == i} == {}
    chinese = json.loads(cli("check", report, "--format", "sarif").out)
    first = chinese["runs"][0]["tool"]["driver"]["rules"][0]["shortDescription"]["text"]
    assert CJK_RUN.search(first) is not None  # the check sees Chinese where it is
