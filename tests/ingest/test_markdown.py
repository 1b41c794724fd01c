"""Markdown from PDF converters -> the canonical model (issue 4).

The reference is the hand-entered YAML of the same report: extracting
``examples/jiangmen-2022-dept-overall.md`` must give an equal Report.
Fields are compared one by one first so that a failure says what differs.
"""

from __future__ import annotations

import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

import jxrules
from jxrules.cli import main
from jxrules.ingest.markdown import read_string
from jxrules.ingest.write_yaml import dump_report
from jxrules.model import Num, Report

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_MD = ROOT / "examples" / "jiangmen-2022-dept-overall.md"
EXAMPLE_YAML = ROOT / "examples" / "jiangmen-2022-dept-overall.yaml"


@pytest.fixture(scope="module")
def extracted() -> Report:
    return jxrules.load_report(EXAMPLE_MD)


@pytest.fixture(scope="module")
def expected() -> Report:
    return jxrules.load_report(EXAMPLE_YAML)


def md(text: str) -> Report:
    [report] = read_string(textwrap.dedent(text), "t.md")
    return report


INDICATOR_HEADER = """\
| 序号 | 二级指标 | 三级指标 | 年初申报指标值 | 实际完成值 | 备注 |
|----|----|----|----|----|----|
"""


# ---------------------------------------------------------------- the example
def test_header_facts(extracted: Report, expected: Report) -> None:
    assert extracted.kind == expected.kind == "department_overall"
    assert extracted.department == expected.department == "江门市工业和信息化局"
    assert extracted.project is None
    assert extracted.fiscal_year == 2022  # not 2023, the filing date's year
    assert str(extracted.filed_on) == "2023-04-07"
    assert extracted.self_evaluation == expected.self_evaluation
    assert extracted.self_evaluation.score == Num(Decimal("98"), "98")
    assert extracted.self_evaluation.grade == "优"
    assert dict(extracted.declared) == {"indicator_count": 28, "key_task_count": 9}
    assert extracted.total_score is None


@pytest.mark.parametrize("index", range(28), ids=lambda i: f"seq{i + 1}")
def test_indicator(extracted: Report, expected: Report, index: int) -> None:
    assert len(extracted.indicators) == len(expected.indicators) == 28
    got, want = extracted.indicators[index], expected.indicators[index]
    for field in ("seq", "level1", "level2", "name", "target", "actual", "points", "score"):
        assert getattr(got, field) == getattr(want, field), field
    assert (got.note, got.position) == (want.note, want.position)
    assert got == want


@pytest.mark.parametrize("key", ["income", "expenditure"])
def test_budget_table(extracted: Report, expected: Report, key: str) -> None:
    got, want = extracted.budget[key], expected.budget[key]
    assert got.unit == want.unit == "万元"
    assert [i.name for i in got.items] == [i.name for i in want.items]
    for got_line, want_line in zip(got.items, want.items, strict=True):
        assert dict(got_line.cells) == dict(want_line.cells), got_line.name
    assert got.total == want.total
    assert got == want
    assert set(extracted.budget) == {"income", "expenditure"}


def test_money_text_is_normalised(extracted: Report) -> None:
    first = extracted.budget["income"].items[0]
    assert first.cells["initial_budget"] == Num(Decimal("7013.09"), "7013.09")  # printed 7,013.09
    assert extracted.budget["income"].items[2].cells["initial_budget"] == Num(None, "")


def test_narrative(extracted: Report, expected: Report) -> None:
    got, want = extracted.narrative.split("\n"), expected.narrative.split("\n")
    for number, (a, b) in enumerate(zip(got, want, strict=False), 1):
        assert a == b, f"narrative line {number}"
    assert len(got) == len(want)


def test_whole_report_equal(extracted: Report, expected: Report) -> None:
    assert extracted == expected
    assert extracted.ingest_findings == ()
    assert extracted.source == str(EXAMPLE_MD)


def test_extract_yaml_round_trip(extracted: Report, tmp_path: Path) -> None:
    out = tmp_path / "report.yaml"
    assert main(["extract", str(EXAMPLE_MD), "-o", str(out)]) == 0
    assert jxrules.load_report(out) == extracted
    again = tmp_path / "again.yaml"
    again.write_text(dump_report(extracted), encoding="utf-8")
    assert jxrules.load_report(again) == extracted


def test_page_splits_in_the_example(extracted: Report) -> None:
    names = [i.name for i in extracted.indicators]
    assert names[4] == "支持中小型企业“上云上平台”数量"  # “上云上平 + 台”数量
    assert names[21] == "新增“小升规”工业企业数量"  # …企业数 + 量
    assert extracted.indicators[11].actual.endswith("增长超过4000 万元。")
    assert [i.level2 for i in extracted.indicators[26:]] == ["满意度指标", "满意度指标"]
    expenditure = [i.name for i in extracted.budget["expenditure"].items]
    assert expenditure[7:] == ["资源勘探工业信息等支出", "住房保障支出", "其他支出"]


def test_check_reads_markdown() -> None:
    assert main(["check", str(EXAMPLE_MD), "--format", "json", "--fail-on", "never"]) == 0


# ---------------------------------------------------------------- small documents
def test_fiscal_year_never_the_filing_year() -> None:
    report = md(
        "填报日期：2023年4月7日\n\n2022 年部门整体支出绩效指标 1 个。\n\n"
        + INDICATOR_HEADER
        + "| 1 | 产出指标 | 甲 | 1个 | 1个 | |\n"
    )
    assert report.fiscal_year == 2022
    assert str(report.filed_on) == "2023-04-07"
    assert dict(report.declared) == {"indicator_count": 1}


def test_header_synonyms_and_width() -> None:
    report = md(
        """\
        | 编号 | 一级指标 | 二 级 指 标 | 指标名称 | 年度目标值 | 完成值 | 权重 | 自评得分 | 偏差原因分析 |
        |---|---|---|---|---|---|---|---|---|
        | 1 | 产出指标 | 数量指标 | 甲 数 量 | ≥ 2 个 | 3 个 | １０ | 9.5分 | 无 |
        """
    )
    [ind] = report.indicators
    assert (ind.seq, ind.level1, ind.level2, ind.name) == ("1", "产出指标", "数量指标", "甲数量")
    assert (ind.target, ind.actual, ind.note) == ("≥ 2 个", "3 个", "无")
    assert ind.points == Num(Decimal("10"), "10")
    assert ind.score == Num(Decimal("9.5"), "9.5")


def test_split_target_columns() -> None:
    report = md(
        """\
        | 三级指标 | 指标性质 | 指标值 | 度量单位 | 实际完成值 |
        |---|---|---|---|---|
        | 培训人次 | ≥ | 800 | 人次 | 860 |
        """
    )
    assert (report.indicators[0].target, report.indicators[0].actual) == ("≥800人次", "860人次")


def test_wrong_cell_count_is_a_warning_naming_its_line() -> None:
    report = md(INDICATOR_HEADER + "| 1 | 产出指标 | 甲 | 1个 | 1个 | |\n| 2 | 乙 | 1个 |\n")
    assert [i.name for i in report.indicators] == ["甲"]
    [finding] = report.ingest_findings
    assert (finding.rule, finding.check, finding.severity) == ("ingest-row", "ingest", "warning")
    assert finding.location.table == "indicators" and finding.location.line == 4
    assert "第 4 行" in finding.message and "| 2 | 乙 | 1个 |" in finding.message


def test_seq_without_name_is_a_warning() -> None:
    report = md(INDICATOR_HEADER + "| 1 | 产出指标 | 甲 | 1个 | 1个 | |\n| 2 | | | 5家 | 6家 | |\n")
    assert len(report.indicators) == 1
    [finding] = report.ingest_findings
    assert finding.location.line == 4 and "第 4 行" in finding.message
    assert "序号 “2”" in finding.message


def test_bad_money_cell_is_reported_and_read_blank() -> None:
    report = md(
        "预算收入情况如下：\n\n| 项目 | 年初预算数 | 全年预算数 | 决算数 |\n|--|--|--|--|\n"
        "| 财政拨款收入 | 1.00 | 约2万 | 2.00 |\n| 本年收入合计 | 1.00 | 2.00 | 2.00 |\n\n"
        + INDICATOR_HEADER
        + "| 1 | 产出指标 | 甲 | 1个 | 1个 | |\n"
    )
    line = report.budget["income"].items[0]
    assert line.cells["adjusted_budget"] == Num(None, "")
    [finding] = report.ingest_findings
    assert "约2万" in finding.message and finding.location.line == 5
    assert finding.location.table == "income"


def test_unknown_table_is_an_info_finding_with_its_line() -> None:
    report = md(
        "| 任务 | 完成情况 |\n|--|--|\n| 甲 | 完成 |\n\n正文。\n\n正文。\n\n正文。\n\n"
        + INDICATOR_HEADER
        + "| 1 | 产出指标 | 甲 | 1个 | 1个 | |\n"
    )
    [finding] = report.ingest_findings
    assert (finding.rule, finding.severity) == ("ingest-table", "info")
    assert finding.location.line == 1 and "第 1 行" in finding.message


def test_no_indicator_table_is_still_a_report_that_says_so() -> None:
    (report,) = read_string("部门整体支出绩效自评报告\n\n只有正文。\n", "empty.md")
    assert report.kind == "department_overall" and report.indicators == ()
    assert report.narrative == "部门整体支出绩效自评报告\n只有正文。"
    (notice,) = report.ingest_findings
    assert (notice.rule, notice.severity, notice.evidence) == (
        "ingest-incomplete",
        "info",
        {"missing": "绩效指标表"},
    )
    assert notice.message.startswith("报告中没有找到绩效指标表")


def test_no_indicator_table_via_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "empty.md"
    path.write_text("只有正文。\n", encoding="utf-8")
    assert main(["check", str(path)]) == 0  # read, checked, only an info: not refused
    out = capsys.readouterr().out
    assert "ingest-incomplete" in out and "没有找到绩效指标表" in out


def test_budget_table_without_kind_is_reported() -> None:
    report = md(
        "| 项目 | 年初预算数 | 全年预算数 | 决算数 |\n|--|--|--|--|\n| 甲 | 1 | 1 | 1 |\n\n"
        + INDICATOR_HEADER
        + "| 1 | 产出指标 | 甲 | 1个 | 1个 | |\n"
    )
    assert report.budget == {}
    lines = sorted(f.location.line for f in report.ingest_findings)
    assert lines == [1, 3]


def test_income_then_expenditure_under_one_header_text() -> None:
    header = "| 项目 | 年初预算数 | 全年预算数 | 决算数 |\n|--|--|--|--|\n"
    report = md(
        header
        + "| 甲收入 | 1 | 1 | 1 |\n| 收入合计 | 1 | 1 | 1 |\n\n"
        + header
        + "| 乙支出 | 1 | 1 | 1 |\n| 支出合计 | 1 | 1 | 1 |\n\n"
        + INDICATOR_HEADER
        + "| 1 | 产出指标 | 甲 | 1个 | 1个 | |\n"
    )
    assert [i.name for i in report.budget["income"].items] == ["甲收入"]
    assert [i.name for i in report.budget["expenditure"].items] == ["乙支出"]


def test_two_project_forms_in_one_file() -> None:
    form = (
        "| 项目名称 | {name} | | |\n|--|--|--|--|\n| 主管部门 | 某局 | | |\n"
        "| 三级指标 | 年度指标值 | 实际完成值 | 得分 |\n| {name}指标 | 1个 | 1个 | 10 |\n"
        "| 总分 | | | 10 |\n"
    )
    reports = read_string(
        "项目支出绩效自评表\n\n"
        + form.format(name="甲")
        + "\n项目支出绩效自评表\n\n"
        + form.format(name="乙"),
        "t.md",
    )
    assert [r.project for r in reports] == ["甲", "乙"]
    assert [r.kind for r in reports] == ["project", "project"]
    assert [r.indicators[0].name for r in reports] == ["甲指标", "乙指标"]
    assert [r.narrative for r in reports] == ["项目支出绩效自评表", "项目支出绩效自评表"]
    assert reports[1].total_score is not None and reports[1].total_score.score == Num(
        Decimal("10"), "10"
    )


def test_header_vocabulary_is_consistent() -> None:
    """headers.yaml: known keys only, and no header text that means two columns."""
    from importlib import resources

    import yaml

    from jxrules.ingest.headers import normalise

    data = yaml.safe_load(
        resources.files("jxrules.data").joinpath("headers.yaml").read_text(encoding="utf-8")
    )
    keys = {"seq", "name", "level1", "level2", "target", "target_comparator", "target_unit"}
    keys |= {"actual", "points", "score", "note", "execution_rate"}
    keys |= {"initial_budget", "adjusted_budget", "final_accounts", "executed"}
    assert set(data["columns"]) <= keys
    seen: dict[str, str] = {}
    for key, texts in data["columns"].items():
        for text in texts:
            assert seen.setdefault(normalise(text), key) == key, text
    for sets in data["tables"].values():
        assert all(set(s) <= set(data["columns"]) for s in sets)


def test_header_less_piece_naming_columns_is_another_table() -> None:
    report = md(
        INDICATOR_HEADER
        + "| 1 | 产出指标 | 甲 | 1个 | 1个 | |\n\n"
        + "| 序号 | 任务 | 完成情况 | 说明 | 进度 | 其他 |\n|--|--|--|--|--|--|\n| 1 | a | b | c | d | e |\n"
    )
    assert [i.name for i in report.indicators] == ["甲"]
    [finding] = report.ingest_findings
    assert finding.rule == "ingest-table" and finding.location.line == 5


def test_category_rows_and_blank_categories() -> None:
    report = md(
        """\
        | 序号 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 |
        |---|---|---|---|---|---|
        | 1 | 产出指标 | 数量指标 | 甲 | 1个 | 1个 |
        | | 效益指标 | | | | |
        | 2 | | 社会效益 | 乙 | 1个 | 1个 |
        | 3 | | 指标 | 丙 | 1个 | 1个 |
        """
    )
    got = [(i.seq, i.level1, i.level2, i.name) for i in report.indicators]
    assert got == [
        ("1", "产出指标", "数量指标", "甲"),
        ("2", "效益指标", "社会效益指标", "乙"),  # a category-only row carries on
        ("3", "效益指标", "社会效益指标", "丙"),  # 社会效益 / 指标: one category cut in two
    ]
    assert report.ingest_findings == ()


def test_a_nul_byte_is_removed_with_a_warning_and_the_figure_it_split_is_still_found() -> None:
    text = EXAMPLE_MD.read_text(encoding="utf-8").replace("468 家工业", "468\x00 家工业")
    (report,) = read_string(text, "nul.md")
    (warning,) = [f for f in report.ingest_findings if "控制字符" in f.message]
    assert warning.severity == "warning" and warning.location.line == 163
    assert warning.message.startswith(
        "第 163 行：含有控制字符 U+0000，已删除后读取：(9) 推动工业企业"
    )
    stated = [
        f.evidence["stated"]
        for f in jxrules.check(report).findings
        if f.rule == "text-count-vs-indicator"
    ]
    assert stated == ["468 家"]


def test_cr_only_line_endings_read_like_lf() -> None:
    text = EXAMPLE_MD.read_text(encoding="utf-8")
    (lf,) = read_string(text, "lf.md")
    (cr,) = read_string(text.replace("\n", "\r"), "cr.md")
    (crlf,) = read_string(text.replace("\n", "\r\n"), "crlf.md")
    assert cr.indicators == lf.indicators == crlf.indicators and len(lf.indicators) == 28
    assert cr.narrative == lf.narrative == crlf.narrative


def test_a_gbk_file_is_refused_with_the_way_to_convert_it(tmp_path: Path) -> None:
    from jxrules.errors import InputError

    path = tmp_path / "gbk.md"
    path.write_bytes(EXAMPLE_MD.read_text(encoding="utf-8").encode("gb18030"))
    with pytest.raises(InputError) as caught:
        jxrules.load_report(path)
    assert "不是 UTF-8" in caught.value.message
    assert (
        "GBK/GB18030" in caught.value.message
        and "iconv -f GB18030 -t UTF-8" in caught.value.message
    )


def test_two_footer_lines_between_the_pieces_of_a_table_do_not_split_it() -> None:
    """A page break leaves up to MAX_GAP (2) lines of furniture between the pieces of one
    table; the continuation (no header repeated) still belongs to it."""
    from jxrules.ingest.stitch import MAX_GAP

    first = (
        INDICATOR_HEADER
        + "| 1 | 产出指标 | 甲 | 1个 | 1个 | |\n| 2 | 产出指标 | 乙 | 2个 | 2个 | |\n"
    )
    rest = "| 3 | 产出指标 | 丙 | 3个 | 3个 | |\n| 4 | 产出指标 | 丁 | 4个 | 4个 | |\n"
    footer = "\n".join(f"- {n} -" for n in range(MAX_GAP))
    report = md("部门整体支出绩效自评表\n\n" + first + "\n" + footer + "\n\n" + rest)
    assert MAX_GAP == 2
    assert [i.name for i in report.indicators] == ["甲", "乙", "丙", "丁"]
    assert not [f for f in report.ingest_findings if f.severity != "info"]
    three = "\n".join(f"- {n} -" for n in range(MAX_GAP + 1))
    cut = md("部门整体支出绩效自评表\n\n" + first + "\n" + three + "\n\n" + rest)
    assert [i.name for i in cut.indicators] == ["甲", "乙"]  # beyond the gap: not the same table
