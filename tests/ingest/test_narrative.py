"""The narrative reader (issue 18, docs/narrative.md): facts read from prose, exactly.

The corpus is ``tests/fixtures/narrative/``; its rule cases (the findings each fixture gives
with the bundled rulesets) are ``narrative.tests.yaml``, run by the jxrules pytest plugin.
Here: the facts each wording gives (subjects, amounts as ``Decimal``, lines), units and
printed precision, the canonical form, ``--explain``, user wordings, and hostile lines.
"""

from __future__ import annotations

import json
import textwrap
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

import jxrules
from jxrules.errors import JxError
from jxrules.ingest import load_reports
from jxrules.ingest.markdown import read_string
from jxrules.ingest.narrative import merged, read_text
from jxrules.ingest.write_yaml import dump_report
from jxrules.narrative_facts import Amount, NarrativeFacts
from tests.conftest import HANG_SECONDS, JIANGMEN_MD, JIANGMEN_YAML, CliResult

ROOT = Path(__file__).resolve().parents[2]
NARRATIVE = ROOT / "tests" / "fixtures" / "narrative"
FIXTURES = sorted(p.name for p in NARRATIVE.glob("*.md"))


def facts(name: str) -> NarrativeFacts:
    [report] = load_reports(NARRATIVE / name)
    assert report.narrative_facts is not None
    return report.narrative_facts


def figures(amounts: tuple[Amount, ...]) -> list[tuple[str, str]]:
    return [(a.subject, a.text) for a in amounts]


def prose(text: str) -> NarrativeFacts:
    return read_text(textwrap.dedent(text).strip())


# ---------------------------------------------------------------- the corpus
def test_the_corpus_has_fifteen_fixtures_each_with_its_header_and_rule_case() -> None:
    cases = (NARRATIVE / "narrative.tests.yaml").read_text(encoding="utf-8")
    assert len(FIXTURES) >= 15
    for name in FIXTURES:
        first = (NARRATIVE / name).read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("<!-- 虚构示例（invented for issue 18）："), name
        assert f"file: {name}" in cases, name


@pytest.mark.parametrize("name", FIXTURES)
def test_no_narrative_report_is_refused(name: str, cli: Callable[..., CliResult]) -> None:
    result = cli("check", NARRATIVE / name, "--format", "json")
    assert result.code in (0, 1), result.err
    [report] = json.loads(result.out)["reports"]
    assert report["report"]["fiscal_year"] == 2022


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("dept-clean.md", "department_overall"),
        ("project-clean.md", "project"),
        ("transfer-clean.md", "project"),  # 资金绩效自评报告: a transfer payment's report
        ("breakdown-fenbie.md", "project"),
    ],
)
def test_kind_comes_from_the_title(name: str, kind: str) -> None:
    [report] = load_reports(NARRATIVE / name)
    assert (report.kind, report.fiscal_year) == (kind, 2022)
    if kind == "department_overall":  # the department is named in the title
        assert report.department == "示例市文化广电旅游局"


def test_the_year_from_the_first_paragraph_when_the_title_has_none() -> None:
    text = "# 示例县水利发展资金绩效自评报告\n\n2022年，全县下达水利资金 2,000 万元。\n"
    [report] = read_string(text, "t.md")
    assert (report.kind, report.fiscal_year) == ("project", 2022)
    [report] = read_string(text.replace("2022年，", ""), "t.md")
    assert (report.kind, report.fiscal_year) == ("project", None)  # read, never refused


def test_a_project_report_in_prose_is_not_called_a_form_cut_short() -> None:
    [report] = load_reports(NARRATIVE / "project-clean.md")
    assert [(f.rule, f.severity) for f in report.ingest_findings] == [("ingest-incomplete", "info")]


# ---------------------------------------------------------------- breakdowns, each wording
def test_qizhong_breakdown_with_subjects_and_source_line() -> None:
    [b] = facts("dept-breakdown-wrong.md").breakdowns
    assert (b.total.subject, b.total.value, b.total.unit) == (
        "全年下达水利资金",
        Decimal("2000"),
        "万元",
    )
    assert figures(b.parts) == [
        ("河道治理", "1,200 万元"),
        ("水库维护", "500 万元"),
        ("小流域治理", "290 万元"),
    ]
    assert (b.trigger, b.complete, b.said.line, b.said.narrative_line) == ("其中", True, 8, 5)
    assert b.said.context == ("示例县水利局部门整体支出绩效自评报告", "资金情况")


def test_an_allocation_document_names_its_amount() -> None:
    [b] = facts("transfer-wrong.md").breakdowns
    assert figures(b.parts) == [
        ("示财农〔2022〕10号下达", "2,150 万元"),
        ("示财农〔2022〕55号下达", "900 万元"),
    ]


def test_a_total_after_its_parts_without_a_trigger() -> None:
    [b] = facts("transfer-batches.md").breakdowns
    assert (b.trigger, b.total.text, len(b.parts), b.complete) == ("共计", "2,000 万元", 3, True)
    [b] = prose("第一批 1,200 万元，第二批 800 万元，合计 2,000 万元。").breakdowns
    assert sum(p.value for p in b.parts) == b.total.value == Decimal("2000")
    # a sum after a budget and its execution is no breakdown
    assert prose("全年预算 846 万元，实际支出 772 万元，合计 900 万元。").breakdowns == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a full-width comma becomes "," when digits are made ASCII: it is a clause break, not
        # a thousands separator, so the figure after it is read
        ("资金总额，1,000 万元。", ["1,000 万元"]),
        ("资金总额，100 万元。", ["100 万元"]),
        ("资金总额, 100 万元。", ["100 万元"]),
        # the digits after a thousands comma are part of the figure before it, never their own
        ("资金总额 1,000 万元。", ["1,000 万元"]),
        ("资金总额 1,0000 万元。", []),
    ],
)
def test_a_figure_after_a_comma_is_read(text: str, expected: list[str]) -> None:
    assert [a.text for a in prose(text).amounts] == expected


def test_fenbie_names_before_amounts_after() -> None:
    [b] = facts("breakdown-fenbie.md").breakdowns
    assert b.trigger == "分别为"
    assert [p.subject for p in b.parts] == ["耕地地力保护", "农机购置补贴", "高标准农田建设"]
    assert sum(p.value for p in b.parts) == Decimal("1950")


def test_fenbie_with_the_total_after_the_list() -> None:
    breakdowns = facts("transfer-clean.md").breakdowns
    last = breakdowns[-1]
    assert (last.total.subject, last.total.text) == ("合计支出", "3,150 万元")
    assert [p.subject for p in last.parts] == ["河道治理", "水库除险加固", "农村供水支出"]
    # and the amounts themselves carry those names (a repeated figure is told by its subject)
    assert ("水库除险加固", "1,000 万元") in figures(facts("transfer-clean.md").amounts)


def test_baokuo_complete_and_partial() -> None:
    full, partial = facts("breakdown-baokuo.md").breakdowns
    assert (full.trigger, full.complete, full.total.text) == ("包括", True, "600 万元")
    assert (partial.trigger, partial.complete, partial.total.text) == ("包括", False, "900 万元")


def test_han_in_brackets_and_nested() -> None:
    [han] = facts("breakdown-han.md").breakdowns
    assert (han.trigger, han.total.subject) == ("含", "全年项目支出")
    outer, inner = facts("breakdown-nested.md").breakdowns
    assert figures(outer.parts) == [("河道治理", "1,200 万元"), ("水库维护", "800 万元")]
    assert inner.total is outer.parts[0]
    assert figures(inner.parts) == [("主河道清淤", "700 万元"), ("堤防加固", "600 万元")]


def test_colon_and_semicolons_with_mixed_units_convert_exactly() -> None:
    found = facts("breakdown-semicolon.md")
    [b] = found.breakdowns
    assert (b.trigger, b.total.yuan) == ("：", Decimal("120000000.0"))
    assert [p.yuan for p in b.parts] == [
        Decimal("80000000"),
        Decimal("38917280.650000"),
        Decimal("1082719.35"),
    ]
    assert sum(p.yuan for p in b.parts) == b.total.yuan
    six = [a for a in found.amounts if a.subject == "省级资金"]
    assert [(a.value, a.text) for a in six] == [(Decimal("4108.271935"), "4,108.271935 万元")]


def test_a_sentence_opening_with_qizhong_continues_the_previous_one() -> None:
    [b] = facts("breakdown-across-sentences.md").breakdowns
    assert (b.total.text, len(b.parts)) == ("1,500 万元", 2)


def test_continuing_a_sentence_of_several_amounts_is_not_guessed() -> None:
    found = prose("全年预算 1,000 万元，实际执行 880 万元。其中：设备 500 万元，人员 380 万元。")
    assert found.breakdowns == ()


def test_an_amount_about_the_total_ends_its_list_of_parts() -> None:
    text = "下达资金 2,000 万元，其中：中央资金 1,500 万元，省级资金 500 万元，已拨付 1,900 万元。"
    [b] = prose(text).breakdowns
    assert (figures(b.parts), b.complete) == (
        [("中央资金", "1,500 万元"), ("省级资金", "500 万元")],
        True,
    )


def test_a_change_amount_is_never_a_total() -> None:
    [b] = facts("dept-clean.md").breakdowns[:1]
    assert (b.total.subject, b.total.text) == ("2022年部门收入", "800.00 万元")


def test_a_list_without_a_colon_ends_at_a_semicolon() -> None:
    found = prose(
        "争取扶持资金 7.21 亿元。其中，产业共建资金 1.9 亿元，全省第一；获得2023年专项资金 1960万元。"
    )
    [b] = found.breakdowns
    assert (b.total.text, figures(b.parts), b.complete) == (
        "7.21 亿元",
        [("产业共建资金", "1.9 亿元")],
        False,
    )


def test_a_report_cut_off_mid_sentence_reads_what_is_there() -> None:
    [b] = facts("truncated.md").breakdowns
    assert (figures(b.parts), b.complete) == ([("河道治理", "1,200 万元")], False)


# ---------------------------------------------------------------- rates, changes, indicators
def test_rates_with_their_base() -> None:
    rate, share, other = facts("rate-right.md").rates
    assert (rate.word, rate.stated, rate.text) == ("执行率", Decimal("91.35"), "91.35%")
    assert rate.numerator is not None and rate.denominator is not None
    assert (rate.numerator.text, rate.denominator.text) == ("772.84 万元", "846.00 万元")
    assert share.word == "占比" and share.numerator is not None and share.denominator is not None
    assert (share.numerator.subject, share.denominator.subject) == ("人员经费", "全年支出")
    assert other.numerator is not None and other.numerator.subject == "公用经费"


def test_a_rate_without_its_base_is_read_but_not_computed() -> None:
    [rate] = prose("全年预算执行率为 91.35%。").rates
    assert (rate.stated, rate.numerator, rate.denominator) == (Decimal("91.35"), None, None)


def test_changes_up_and_down() -> None:
    up, down = facts("yoy-right.md").changes
    assert (up.current.text, up.direction, up.change and up.change.text, up.percent) == (
        "500.00 万元",
        1,
        "56.20 万元",
        Decimal("12.66"),
    )
    assert (down.current.subject, down.direction, down.percent_text) == (
        "2022年公用经费支出",
        -1,
        "6.25%",
    )


def test_indicator_sentences_with_category_from_sentence_and_heading() -> None:
    rows = [i.indicator for i in facts("project-indicator-missed.md").indicators]
    assert [(r.name, r.target, r.actual, r.level1, r.level2) for r in rows] == [
        ("培训人次", "≥500人次", "480人次", "产出指标", "数量指标"),
        ("农技培训服务", "1,200小时", "1,187.5小时", "产出指标", "时效指标"),
        ("服务对象满意度", "≥90%", "96%", "满意度指标", None),
    ]


def test_a_budget_sentence_is_no_indicator() -> None:
    assert facts("transfer-wrong.md").indicators == ()  # 计划下达 … 实际到位 …: a rate's base


def test_score_and_grade() -> None:
    [score] = facts("dept-clean.md").scores
    assert (score.score, score.grade) == (Decimal("93"), "优")


# ---------------------------------------------------------------- checks on the facts
def findings(name: str) -> list[tuple[str, str | None, dict[str, str]]]:
    [report] = load_reports(NARRATIVE / name)
    found = jxrules.check(report).findings
    return [
        (f.rule, f.location.row, dict(f.evidence)) for f in found if f.rule.startswith("narrative-")
    ]


def test_printed_precision_is_respected() -> None:
    assert findings("rate-right.md") == []
    (rule, row, evidence), (_, _, share) = findings("rate-wrong.md")
    assert (rule, row, evidence["stated"], evidence["computed"]) == (
        "narrative-rate",
        "5",
        "93.35%",
        "91.35%",
    )
    assert (share["stated"], share["computed"], share["difference"]) == ("40.00%", "37.60%", "2.40")


def test_a_rate_of_37_6049_percent_printed_37_60_agrees_and_37_61_does_not() -> None:
    def rates(stated: str) -> list[tuple[str, str]]:
        text = (
            "# 示例局部门整体支出绩效自评报告\n\n全年支出 1,000.00 万元，其中：人员经费 376.049 万元，"
            f"占比 {stated}；公用经费 623.951 万元，占比 62.40%。\n"
        )
        [report] = read_string(text, "t.md")
        found = jxrules.check(report).findings
        return [
            (f.evidence["stated"], f.evidence["computed"])
            for f in found
            if f.rule.startswith("narrative-")
        ]

    assert rates("37.60%") == []
    assert rates("37.6%") == []
    assert rates("37.61%") == [("37.61%", "37.60%")]
    assert rates("37.605%") == []  # 37.6049 at three decimals
    assert rates("37.604%") == [("37.604%", "37.605%")]


def test_a_repeated_figure_names_both_lines() -> None:
    [(rule, row, evidence)] = findings("repeated-inconsistent.md")
    assert rule == "narrative-figure-repeated" and row == "6"
    assert {k: evidence[k] for k in ("stated", "against", "line", "against_line")} == {
        "stated": "9 万元",
        "against": "8 万元",
        "line": "10",
        "against_line": "6",
    }
    assert findings("repeated-consistent.md") == []  # 12,000 万元 and 1.2 亿元 are one figure


def test_the_finding_carries_the_source_line_for_sarif() -> None:
    [report] = load_reports(NARRATIVE / "dept-breakdown-wrong.md")
    [finding] = [f for f in jxrules.check(report).findings if f.rule.startswith("narrative-")]
    assert (finding.location.table, finding.location.line) == ("narrative", 8)


def test_a_word_document_gives_no_block_number_for_a_line() -> None:
    report = jxrules.load_report(
        ROOT / "tests" / "fixtures" / "formats" / "jiangmen-2022-dept-overall.docx"
    )
    assert report.narrative_facts is not None
    lines = {a.said.line for a in report.narrative_facts.amounts}
    assert lines == {None}
    [b] = report.narrative_facts.breakdowns  # 7.21 亿元。其中，… 1.9 亿元：one part, partial
    assert (b.total.text, b.complete, b.said.line, b.said.page) == ("7.21 亿元", False, None, None)


def test_the_example_report_gets_no_narrative_finding() -> None:
    for path in (JIANGMEN_MD, JIANGMEN_YAML):
        report = jxrules.load_report(path)
        assert [
            f.rule for f in jxrules.check(report).findings if f.rule.startswith("narrative-")
        ] == []


# ---------------------------------------------------------------- canonical form and explain
def test_a_canonical_report_derives_the_same_facts_from_its_narrative(tmp_path: Path) -> None:
    [report] = load_reports(NARRATIVE / "transfer-wrong.md")
    out = tmp_path / "r.yaml"
    out.write_text(dump_report(report), encoding="utf-8")
    again = jxrules.load_report(out)
    assert again == report
    assert again.narrative_facts is not None and report.narrative_facts is not None
    mine = report.narrative_facts.to_data()["breakdowns"]
    theirs = again.narrative_facts.to_data()["breakdowns"]
    assert [b["total"]["value"] for b in theirs] == [b["total"]["value"] for b in mine] == ["3150"]
    assert [b["line"] for b in theirs] == [None]  # a canonical report has no source lines


def test_the_report_schema_accepts_narrative_facts(tmp_path: Path) -> None:
    [report] = load_reports(NARRATIVE / "dept-clean.md")
    assert report.narrative_facts is not None
    data = {
        "kind": "department_overall",
        "fiscal_year": 2022,
        "narrative": report.narrative,
        "narrative_facts": report.narrative_facts.to_data(),
    }
    path = tmp_path / "r.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    loaded = jxrules.load_report(path)
    assert loaded.narrative_facts is not None
    assert loaded.narrative_facts.to_data()["rates"][0]["stated"] == "91.35%"


def test_explain_prints_each_fact_under_its_sentence_and_line(
    cli: Callable[..., CliResult],
) -> None:
    result = cli("extract", NARRATIVE / "dept-breakdown-wrong.md", "--explain")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    at = lines.index(
        "    第 8 行：“其中：河道治理 1,200 万元，水库维护 500 万元，小流域治理 290 万元。”"
    )
    assert lines[at + 1] == (
        "      分项：全年下达水利资金 2,000 万元 = 河道治理 1,200 万元 + 水库维护 500 万元"
        " + 小流域治理 290 万元（其中）"
    )
    assert lines[at - 2 : at] == [
        "    第 8 行：“全年下达水利资金 2,000 万元。”",
        "      金额：全年下达水利资金 2,000 万元",
    ]
    assert "      得分：自评得分 88 分，等级 良" in lines


# ---------------------------------------------------------------- wordings as data
def test_a_user_wording_makes_a_new_sentence_readable() -> None:
    text = "下达资金 900 万元，内含：设备 500 万元，人员 300 万元。"
    assert read_text(text).breakdowns == ()
    mine = merged({"breakdown": {"triggers": [{"word": "内含", "role": "after"}]}})
    [b] = read_text(text, mine).breakdowns
    assert (b.trigger, b.total.text, len(b.parts)) == ("内含", "900 万元", 2)


def test_a_bad_wording_is_a_clear_error() -> None:
    with pytest.raises(JxError, match=r"breakdown\.triggers\.0\.role"):
        merged({"breakdown": {"triggers": [{"word": "内含", "role": "sideways"}]}})


# ---------------------------------------------------------------- hostile lines
@pytest.mark.parametrize(
    "unit",
    [
        "其中1万元",
        "（含1万元、",
        "A、B分别为1万元、",
        "执行率1%实际执行1万元",
        "同比增加1万元增长1%",
        "目标≥1人实际1人",
        "1,000,000,000,",
        "第一批1万元，共计2万元，",
        "（（（（",
    ],
)
def test_a_200_kb_line_of_a_trigger_is_read_in_linear_time(unit: str) -> None:
    """Every regex of narrative.yaml is bounded and every lookup bisects: a line of one
    trigger repeated to 200 KB, with no sentence end, is read without a hang."""
    line = unit * (200_000 // len(unit))
    start = time.perf_counter()
    [report] = read_string(f"# 示例部门整体支出绩效自评报告\n\n{line}\n", "long.md")
    assert time.perf_counter() - start < HANG_SECONDS
    assert report.narrative_facts is not None
    assert len(report.narrative_facts.amounts) <= 5000  # max_facts in narrative.yaml


@pytest.mark.parametrize(
    "unit",
    [
        "下达1万元，其中：A1万元，B1万元；C1万元",
        "A、B分别为1万元、1万元，合计2万元",
        "X1万元（含a1万元、b1万元（含c1万元））",
        "预算2万元，实际执行1万元，执行率50%，同比增加1万元，增长100%",
        "数量指标：X≥1人，实际1人，目标1人，实际完成1人",
        "实际完成1人（（含",  # no fact at all: every sentence of the 200 KB is looked at
    ],
)
def test_a_200_kb_line_of_short_sentences_of_each_fact_is_read_in_linear_time(unit: str) -> None:
    line = (unit + "。") * (200_000 // (len(unit) + 1))
    start = time.perf_counter()
    [report] = read_string(f"# 示例部门整体支出绩效自评报告\n\n{line}\n", "long.md")
    assert time.perf_counter() - start < HANG_SECONDS
    assert report.narrative_facts is not None
    factless = unit.startswith("实际完成1人")
    assert (report.narrative_facts.stopped_at is None) == factless


def test_the_limits_are_told_never_silent() -> None:
    long = "下达资金 1 万元，" * 300  # 3,000 characters, no sentence end
    [report] = read_string(f"# 示例局部门整体支出绩效自评报告\n\n{long}\n", "long.md")
    notes = [
        (f.severity, f.location.line, f.evidence["limit"])
        for f in report.ingest_findings
        if f.rule == "ingest-narrative-limit"
    ]
    assert notes == [("info", 3, "max_sentence_chars")]
    many = "下达资金 1 万元。" * 6000
    [report] = read_string(many, "many.md")
    notes = [
        (f.location.line, f.evidence["limit"])
        for f in report.ingest_findings
        if f.rule == "ingest-narrative-limit"
    ]
    assert notes == [(1, "max_facts")]


def test_a_200_kb_line_of_short_sentences_is_read_in_linear_time() -> None:
    line = "下达资金 10 万元，其中：A 5 万元，B 5 万元。" * 7000
    start = time.perf_counter()
    [report] = read_string(line, "long.md")
    assert time.perf_counter() - start < HANG_SECONDS
    assert report.narrative_facts is not None
    assert len(report.narrative_facts.breakdowns) == 1667  # until max_facts (5000) amounts


def test_the_bundled_wordings_validate_against_their_schema() -> None:
    """The bundled file is compiled without its schema on every run: this test is the check."""
    import jsonschema

    from jxrules.data import load as load_data
    from jxrules.ingest.narrative import schema

    jsonschema.Draft202012Validator(schema()).validate(load_data("narrative.yaml"))


def test_a_layouts_file_adds_a_breakdown_wording(tmp_path: Path) -> None:
    """``narrative:`` in a --layouts file extends the wordings: 涵盖 opens a list of parts."""
    import jxrules

    report = tmp_path / "r.md"
    report.write_text(
        "# 示例区水务局部门整体支出绩效自评报告\n\n（2022年度）\n\n一、项目支出情况\n\n"
        "项目支出 600 万元，涵盖河道治理 350 万元、水库维护 260 万元。\n",
        encoding="utf-8",
    )
    layouts = tmp_path / "my.layouts.yaml"
    layouts.write_text(
        "narrative:\n  breakdown:\n    triggers:\n      - {word: 涵盖, role: after}\n",
        encoding="utf-8",
    )
    plain = jxrules.check(jxrules.load_report(report))
    taught = jxrules.check(jxrules.load_report(report, layouts=layouts))
    assert [f.rule for f in plain.findings if f.rule.startswith("narrative-")] == []
    (finding,) = [f for f in taught.findings if f.rule.startswith("narrative-")]
    assert (finding.evidence["total"], finding.evidence["items_sum"]) == ("600 万元", "610")
    assert finding.evidence["trigger"] == "涵盖"
    bad = tmp_path / "bad.layouts.yaml"
    bad.write_text("narrative:\n  breakdown:\n    triggers:\n      - {word: 涵盖}\n", "utf-8")
    with pytest.raises(jxrules.LayoutsError) as caught:
        jxrules.load_report(report, layouts=bad)
    assert str(caught.value).startswith(f"{bad}:2:3")


def test_lines_read_as_a_money_table_are_not_read_again_as_prose(tmp_path: Path) -> None:
    """项目资金 written as source lines: the same source (中央财政补助资金) in the budget block and
    in the spending block is two columns of one table, not one amount stated twice."""
    from tests.conftest import ROOT

    fixture = ROOT / "tests" / "fixtures" / "layouts" / "money-lines-by-source.md"
    text = fixture.read_text(encoding="utf-8").replace("中央补助", "中央财政补助资金")
    path = tmp_path / "long-names.md"
    path.write_text(text, encoding="utf-8")
    (report,) = load_reports(path)
    funds = report.budget["funds"]
    assert [line.name for line in funds.items] == ["中央财政补助资金", "市级配套"]
    assert report.narrative_facts is not None
    assert [a.subject for a in report.narrative_facts.amounts if "中央" in a.subject] == []
    repeated = [f for f in jxrules.check(report).findings if f.rule == "narrative-figure-repeated"]
    assert repeated == []
