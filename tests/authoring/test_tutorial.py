"""The authoring tutorial (docs/authoring.md), followed step by step with its own files."""

from __future__ import annotations

import shutil

from tests.conftest import ROOT

TUTORIAL = ROOT / "docs" / "tutorial"


def copy_tutorial(tmp_path):
    work = tmp_path / "rules"
    work.mkdir()
    for name in ("my-2023.yaml", "my-2023.tests.yaml"):
        text = (TUTORIAL / name).read_text(encoding="utf-8")
        text = text.replace("../../examples/", f"{ROOT / 'examples'}/")
        (work / name).write_text(text, encoding="utf-8")
    return work


def test_step_1_show_the_change(cli, tmp_path):
    work = copy_tutorial(tmp_path)
    out = cli("show", work / "my-2023.yaml").out
    assert 'grade_bands = [{"min": 92' in out and f"{work / 'my-2023.yaml'}:8:3" in out


def test_step_2_lint_is_clean(cli, tmp_path):
    work = copy_tutorial(tmp_path)
    result = cli("lint", work / "my-2023.yaml")
    assert result.code == 0
    assert " error: " not in result.out


def test_step_3_tests_pass(cli, tmp_path):
    work = copy_tutorial(tmp_path)
    result = cli("test", work / "my-2023.tests.yaml")
    assert result.code == 0
    assert result.out.strip().splitlines()[-1] == "2 passed, 0 failed"


def test_step_4_a_wrong_expectation_fails_with_a_diff(cli, tmp_path):
    work = copy_tutorial(tmp_path)
    tests = work / "my-2023.tests.yaml"
    tests.write_text(
        tests.read_text(encoding="utf-8").replace("expected: 良", "expected: 优"), encoding="utf-8"
    )
    result = cli("test", tests)
    assert result.code == 1
    assert "FAIL my-2023.tests.yaml::91 分在 2023 年是“良”" in result.out
    assert "缺少预期的发现：grade-matches-score" in result.out
    assert "expected': '良'" in result.out  # the actual finding is shown beside the expectation
    assert result.out.strip().splitlines()[-1] == "1 passed, 1 failed"


def test_step_5_check_a_report_with_the_new_ruleset(cli, tmp_path):
    work = copy_tutorial(tmp_path)
    report = tmp_path / "r.yaml"
    text = (ROOT / "examples" / "jiangmen-2022-dept-overall.yaml").read_text(encoding="utf-8")
    report.write_text(
        text.replace("fiscal_year: 2022", "fiscal_year: 2023").replace(
            'score: "98"', 'score: "91"'
        ),
        encoding="utf-8",
    )
    result = cli("check", report, "--ruleset", work / "my-2023.yaml")
    assert "自评分数 91 分对应的绩效等级应为“良”，报告为“优”" in result.out
    shutil.rmtree(work)
