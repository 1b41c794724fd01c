"""A user's layouts file (issue 17 §4): their wordings merged over the bundled vocabulary.

The fixture ``unknown-header.md`` heads its actual column 累计完成数, a wording the bundled
headers.yaml does not know; ``unknown-header.layouts.yaml`` adds it.
"""

from __future__ import annotations

import concurrent.futures as cf
import json
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

import jxrules
from jxrules.batch import check_many
from jxrules.errors import LayoutsError
from jxrules.ingest import find_reports, load_reports
from jxrules.ingest.headers import vocabulary
from jxrules.ingest.layouts import load_layouts, merged, using
from tests.conftest import CliResult

ROOT = Path(__file__).resolve().parents[2]
LAYOUTS = ROOT / "tests" / "fixtures" / "layouts"
REPORT = LAYOUTS / "unknown-header.md"
USER = LAYOUTS / "unknown-header.layouts.yaml"


def test_explain_names_the_unknown_header_and_reads_it_with_the_layouts_file(
    cli: Callable[..., CliResult],
) -> None:
    before = cli("extract", REPORT, "--explain")
    assert before.code == 0, before.err
    assert "    未识别的列：“累计完成数”（例如 第 12 行）\n" in before.out
    after = cli("extract", REPORT, "--explain", "--layouts", USER)
    assert after.code == 0, after.err
    assert "未识别的列" not in after.out
    assert "“累计完成数”→actual" in after.out


def test_check_finds_the_defect_only_with_the_layouts_file(cli: Callable[..., CliResult]) -> None:
    before = cli("check", REPORT)
    assert before.code == 0, before.err  # the actuals are unread: warnings, no error
    assert "indicator-target-met" not in before.out
    assert "列 “累计完成数” 不是已知的列" in before.out
    after = cli("check", REPORT, "--layouts", USER, "--format", "json")
    assert after.code == 1, after.err
    [report] = json.loads(after.out)["reports"]
    assert [(f["rule"], f["location"].get("name")) for f in report["findings"]] == [
        ("indicator-target-met", "新建村级便民商店"),
        ("indicator-missed-full-marks", "新建村级便民商店"),
        # issue 24: 10 × 36 ÷ 40 = 9.00, not 10; and no reason given for the miss
        ("indicator-score-formula", "新建村级便民商店"),
        ("indicator-partial-score-reason", "新建村级便民商店"),
    ]
    assert report["findings"][0]["evidence"]["actual"] == "36个"
    assert report["findings"][2]["evidence"]["expected"] == "9.00"


def test_extract_with_the_layouts_file(cli: Callable[..., CliResult]) -> None:
    result = cli("extract", REPORT, "--layouts", USER)
    assert result.code == 0, result.err
    assert "  actual: 36个\n" in result.out


def test_the_library_reads_with_a_layouts_path_or_object() -> None:
    [plain] = load_reports(REPORT)
    assert plain.indicators[1].actual == ""
    [by_path] = load_reports(REPORT, layouts=USER)
    [by_object] = load_reports(REPORT, layouts=load_layouts(USER))
    assert by_path.indicators[1].actual == by_object.indicators[1].actual == "36个"
    assert jxrules.load_report(REPORT, layouts=str(USER)).indicators[1].actual == "36个"
    # the layouts apply while reading only: the bundled vocabulary is back afterwards
    assert "累计完成数" not in vocabulary().columns
    [again] = load_reports(REPORT)
    assert again.indicators[1].actual == ""


def test_check_many_in_process_and_in_workers() -> None:
    for kwargs in ({"jobs": 1}, {"executor": cf.ThreadPoolExecutor(2)}):
        [outcome] = list(check_many([REPORT], layouts=USER, **kwargs))  # type: ignore[arg-type]
        assert outcome.error is None, outcome.error
        [result] = outcome.results
        assert [f.rule for f in result.findings] == [
            "indicator-target-met",
            "indicator-missed-full-marks",
            "indicator-score-formula",
            "indicator-partial-score-reason",
        ]


def test_a_directory_of_reports_skips_layouts_files() -> None:
    found = [p.name for p in find_reports([LAYOUTS])]
    assert "unknown-header.md" in found
    assert "unknown-header.layouts.yaml" not in found and "layouts.tests.yaml" not in found


def test_facts_patterns_are_extended_too(tmp_path: Path) -> None:
    report = tmp_path / "r.md"
    report.write_text(
        textwrap.dedent(
            """\
            # 2022年度项目支出绩效自评表
            预算单位：示例县林业局

            | 三级指标 | 年度指标值 | 实际完成值 |
            |---|---|---|
            | 造林面积 | ≥500亩 | 520亩 |
            """
        ),
        encoding="utf-8",
    )
    user = tmp_path / "my.layouts.yaml"
    user.write_text(
        "facts:\n  department: ['^\\s*预算单位\\s*[:：]\\s*(?P<value>\\S.*?)\\s*$']\n",
        encoding="utf-8",
    )
    assert load_reports(report)[0].department is None
    assert load_reports(report, layouts=user)[0].department == "示例县林业局"


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        (
            "headers:\n  colums:\n    actual: [累计完成数]\n",
            ":2:3",
            "未知的键 “colums”；是不是 “columns”？",
        ),
        ("headers:\n  columns:\n    actuals: [累计完成数]\n", ":3:5", "actuals"),
        ("headers:\n  columns:\n    actual: 累计完成数\n", ":3:13", "类型应为 array"),
        ("facts:\n  department:\n    - '(?P<value>'\n", ":3:7", "正则表达式无效"),
        ("headers:\n  rows:\n    placeholder_names: ['[']\n", ":3:25", "正则表达式无效"),
        ("- a\n- b\n", ":1:1", "必须是一个 YAML 映射"),
        ("headers: {columns: {actual: [a]}\n", ":2:1", "YAML 语法错误"),
    ],
)
def test_an_invalid_layouts_file_is_named_at_its_line_and_column(
    tmp_path: Path, cli: Callable[..., CliResult], text: str, where: str, message: str
) -> None:
    user = tmp_path / "bad.layouts.yaml"
    user.write_text(text, encoding="utf-8")
    with pytest.raises(jxrules.JxError) as caught:
        load_layouts(user)
    assert f"{user}{where}: " in str(caught.value)
    assert message in str(caught.value)
    for command in ("check", "extract"):
        result = cli(command, REPORT, "--layouts", user)
        assert result.code == 2
        assert f"{user}{where}: " in result.err and "Traceback" not in result.err


def test_a_missing_layouts_file_is_an_error(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    with pytest.raises(LayoutsError, match="布局文件不存在"):
        load_layouts(tmp_path / "none.yaml")
    result = cli("check", REPORT, "--layouts", tmp_path / "none.yaml")
    assert result.code == 2 and "布局文件不存在" in result.err


def test_merge_extends_lists_merges_mappings_and_replaces_values() -> None:
    base = {"a": [1, 2], "b": {"x": [1], "y": "s"}, "c": "old"}
    extra = {"a": [2, 3], "b": {"x": [4], "z": [5]}, "c": "new"}
    assert merged(base, extra) == {
        "a": [1, 2, 3],
        "b": {"x": [1, 4], "y": "s", "z": [5]},
        "c": "new",
    }


def test_using_is_scoped() -> None:
    layouts = load_layouts(USER)
    with using(layouts):
        assert vocabulary().columns["累计完成数"] == "actual"
    assert "累计完成数" not in vocabulary().columns


@pytest.mark.parametrize("bad", [123, b"x.yaml", ["a.yaml"]])
def test_a_layouts_argument_of_the_wrong_type_is_refused(bad: object) -> None:
    with pytest.raises(jxrules.JxError, match="应为布局文件路径或 Layouts"):
        load_reports(REPORT, layouts=bad)  # type: ignore[arg-type]
    with pytest.raises(jxrules.JxError, match="check_many\\(\\) 的 layouts"):
        list(check_many([REPORT], layouts=bad, jobs=1))  # type: ignore[arg-type]
