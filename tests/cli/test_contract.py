"""The outside contract: JSON shape, exit codes, default ruleset, python -m jxrules."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap

from tests.cli.test_bad_input import MINIMAL_RULESET
from tests.conftest import JIANGMEN_YAML, ROOT


def test_json_document_has_the_contract_shape(cli):
    result = cli("check", JIANGMEN_YAML, "--format", "json", "--fail-on", "never")
    assert result.code == 0
    doc = json.loads(result.out)
    assert doc["jxrules"] == "0.1.0"
    (report,) = doc["reports"]
    assert report["source"] == str(JIANGMEN_YAML)
    assert report["report"] == {
        "kind": "department_overall",
        "fiscal_year": 2022,
        "department": "江门市工业和信息化局",
    }
    assert report["ruleset"] == "dept-overall/2022"
    assert set(report["summary"]) == {"error", "warning", "info"}
    assert report["summary"]["error"] == sum(f["severity"] == "error" for f in report["findings"])
    for finding in report["findings"]:
        assert set(finding) == {
            "rule",
            "check",
            "severity",
            "message",
            "location",
            "evidence",
            "fingerprint",
            "evidence_hash",
        }
        assert re.fullmatch(r"jx1:[0-9a-f]{32}", finding["fingerprint"])
        assert all(isinstance(v, str) for v in finding["evidence"].values())


def test_minimal_contract_ruleset_loads_and_fires(cli, tmp_path):
    rules = tmp_path / "minimal.yaml"
    rules.write_text(MINIMAL_RULESET, encoding="utf-8")
    report = tmp_path / "r.yaml"
    report.write_text(
        JIANGMEN_YAML.read_text(encoding="utf-8").replace('score: "98"', 'score: "101"'),
        encoding="utf-8",
    )
    ok = cli("check", JIANGMEN_YAML, "--ruleset", rules, "--format", "json")
    assert ok.code == 0 and json.loads(ok.out)["reports"][0]["findings"] == []
    bad = cli("check", report, "--ruleset", rules, "--format", "json")
    assert bad.code == 1
    (finding,) = json.loads(bad.out)["reports"][0]["findings"]
    fingerprint = finding.pop("fingerprint")
    assert re.fullmatch(r"jx1:[0-9a-f]{32}", fingerprint)
    assert re.fullmatch(r"[0-9a-f]{16}", finding.pop("evidence_hash"))
    assert finding == {
        "rule": "score-in-range",
        "check": "expression",
        "severity": "error",
        "message": "自评分数超出范围",
        "location": {},
        "evidence": {},
    }


def test_fail_on_threshold(cli, tmp_path):
    rules = tmp_path / "warn.yaml"
    rules.write_text(
        MINIMAL_RULESET.replace("severity: error", "severity: warning"), encoding="utf-8"
    )
    report = tmp_path / "r.yaml"
    report.write_text(
        JIANGMEN_YAML.read_text(encoding="utf-8").replace('score: "98"', 'score: "101"'),
        encoding="utf-8",
    )
    assert cli("check", report, "--ruleset", rules).code == 0
    assert cli("check", report, "--ruleset", rules, "--fail-on", "warning").code == 1
    assert cli("check", report, "--ruleset", rules, "--fail-on", "info").code == 1
    assert cli("check", report, "--ruleset", rules, "--fail-on", "never").code == 0


def test_variant_with_altered_facts(cli, tmp_path):
    text = JIANGMEN_YAML.read_text(encoding="utf-8")
    text = text.replace("indicator_count: 28", "indicator_count: 27").replace(
        "grade: 优", "grade: 良"
    )
    report = tmp_path / "variant.yaml"
    report.write_text(text, encoding="utf-8")
    result = cli("check", report, "--format", "json")
    assert result.code == 1
    findings = json.loads(result.out)["reports"][0]["findings"]
    by_rule = {f["rule"]: f for f in findings}
    assert by_rule["grade-matches-score"]["evidence"] == {
        "score": "98",
        "grade": "良",
        "expected": "优",
    }
    assert by_rule["grade-matches-score"]["location"] == {"field": "self_evaluation.grade"}
    assert by_rule["declared-indicator-count"]["evidence"] == {"declared": "27", "rows": "28"}
    assert by_rule["declared-indicator-count"]["message"] == "正文称绩效指标 27 个，指标表有 28 行"


def test_text_format_groups_by_report(cli, tmp_path):
    text = JIANGMEN_YAML.read_text(encoding="utf-8").replace("grade: 优", "grade: 中")
    report = tmp_path / "variant.yaml"
    report.write_text(text, encoding="utf-8")
    result = cli("check", report)
    assert result.code == 1
    assert "江门市工业和信息化局 2022（规则集 dept-overall/2022）" in result.out
    line = next(line for line in result.out.splitlines() if "grade-matches-score" in line)
    assert "error" in line and "self_evaluation.grade" in line and "应为“优”，报告为“中”" in line
    assert "\033[" not in result.out  # no colour when not a terminal


def test_english_messages(cli, tmp_path):
    text = JIANGMEN_YAML.read_text(encoding="utf-8").replace("grade: 优", "grade: 中")
    report = tmp_path / "variant.yaml"
    report.write_text(text, encoding="utf-8")
    result = cli("check", report, "--lang", "en", "--format", "json")
    finding = next(
        f
        for f in json.loads(result.out)["reports"][0]["findings"]
        if f["rule"] == "grade-matches-score"
    )
    assert finding["message"] == "A score of 98 means grade “优”, the report says “中”"


def test_rulesets_command_lists_bundled(cli):
    result = cli("rulesets")
    assert result.code == 0
    assert "dept-overall/2022" in result.out and "department_overall" in result.out


def test_python_dash_m_is_the_same_program(tmp_path):
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "jxrules",
            "check",
            str(JIANGMEN_YAML),
            "--format",
            "json",
            "--fail-on",
            "never",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["reports"][0]["ruleset"] == "dept-overall/2022"


def test_directory_of_reports(cli, tmp_path):
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text(JIANGMEN_YAML.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "readme.txt").write_text("not a report", encoding="utf-8")
    result = cli("check", tmp_path, "--format", "json", "--fail-on", "never")
    sources = [r["source"] for r in json.loads(result.out)["reports"]]
    assert sources == [str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml")]


def test_one_bad_report_in_a_batch_does_not_stop_the_others(cli, tmp_path):
    (tmp_path / "a.yaml").write_text(JIANGMEN_YAML.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "b.yaml").write_text("kind: [\n", encoding="utf-8")
    result = cli("check", tmp_path, "--format", "json", "--fail-on", "never")
    assert result.code == 2
    doc = json.loads(result.out)
    assert [r["source"] for r in doc["reports"]] == [str(tmp_path / "a.yaml")]
    assert doc["errors"][0]["source"] == str(tmp_path / "b.yaml")
    assert "b.yaml:2:1" in result.err


def test_year_without_exact_ruleset_uses_latest_earlier(cli, tmp_path):
    report = tmp_path / "later.yaml"
    report.write_text(
        JIANGMEN_YAML.read_text(encoding="utf-8").replace("fiscal_year: 2022", "fiscal_year: 2031"),
        encoding="utf-8",
    )
    doc = json.loads(cli("check", report, "--format", "json", "--fail-on", "never").out)
    assert doc["reports"][0]["ruleset"] == "dept-overall/2023"
    (notice,) = [f for f in doc["reports"][0]["findings"] if f["rule"] == "ruleset-year"]
    assert notice["severity"] == "info" and notice["location"] == {"field": "fiscal_year"}
    assert (
        notice["message"]
        == "报告年度 2031 没有对应的规则集，按 dept-overall/2023（适用 2023 年度）的规则检查"
    )


def test_year_before_every_ruleset_gets_the_earliest_and_says_so(cli, tmp_path):
    report = tmp_path / "early.yaml"
    report.write_text(
        JIANGMEN_YAML.read_text(encoding="utf-8").replace("fiscal_year: 2022", "fiscal_year: 2019"),
        encoding="utf-8",
    )
    result = cli("check", report, "--format", "json")
    assert result.code == 1  # checked: the example's errors are found
    (checked,) = json.loads(result.out)["reports"]
    assert checked["ruleset"] == "dept-overall/2022" and checked["summary"]["error"] == 12
    (notice,) = [f for f in checked["findings"] if f["rule"] == "ruleset-year"]
    assert notice["evidence"] == {
        "fiscal_year": "2019",
        "ruleset": "dept-overall/2022",
        "ruleset_years": "2022",
    }


def test_schema_command_prints_generated_ruleset_schema(cli):
    result = cli("schema", "ruleset")
    schema = json.loads(result.out)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    kinds = [
        branch["if"]["properties"]["check"]["const"]
        for branch in schema["properties"]["rules"]["items"]["allOf"]
    ]
    assert "expression" in kinds


def test_extract_then_check_roundtrip_of_canonical(cli, tmp_path):
    out = tmp_path / "copy.yaml"
    assert cli("extract", JIANGMEN_YAML, "-o", out).code == 0
    import jxrules

    assert jxrules.load_report(out) == jxrules.load_report(JIANGMEN_YAML)
    assert textwrap.dedent("kind: department_overall") in out.read_text(encoding="utf-8")
