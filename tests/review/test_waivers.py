"""Waivers: applied, expired, unused and invalid — each seen in text, JSON and SARIF."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from jsonschema import Draft7Validator, FormatChecker

import jxrules
from jxrules.errors import ReviewError
from jxrules.review.waivers import apply_waivers, load_waivers
from tests.conftest import JIANGMEN_MD, ROOT

SARIF_SCHEMA = json.loads((ROOT / "tests/fixtures/sarif-schema-2.1.0.json").read_text("utf-8"))

WAIVERS = """\
version: 1
waivers:
  - id: W-2022-001
    rule: indicator-target-met
    match: {body: 江门市工业和信息化局, fiscal_year: 2022, row: 5G公共服务平台数量}
    reason: 指标口径经预算科确认调整
    approved_by: 绩效管理科 李某
    expires: 2027-06-30
  - id: W-2022-002
    rule: indicator-target-met
    match: {row: 支持中小型企业“上云上平台”数量}
    reason: 已约谈单位
    approved_by: 绩效管理科 王某
    expires: 2025-01-31
  - id: W-2022-003
    rule: indicator-target-met
    match: {row: 不存在的指标}
    reason: 旧豁免
    approved_by: 绩效管理科 王某
    expires: 2027-01-31
"""
TODAY = "2026-12-07"


@pytest.fixture
def waivers_file(tmp_path: Path) -> Path:
    path = tmp_path / "waivers.yaml"
    path.write_text(WAIVERS, encoding="utf-8")
    return path


def _check(cli, waivers_file: Path, fmt: str, *more: str):  # type: ignore[no-untyped-def]
    return cli(
        "check", JIANGMEN_MD, "--waivers", waivers_file, "--as-of", TODAY, "--format", fmt, *more
    )


def test_applied_expired_and_unused_in_json(cli, waivers_file: Path) -> None:  # type: ignore[no-untyped-def]
    done = _check(cli, waivers_file, "json")
    doc = json.loads(done.out)
    findings = doc["reports"][0]["findings"]
    by_row = {f["location"].get("row"): f for f in findings if f["rule"] == "indicator-target-met"}
    assert by_row["9"]["waiver"] == {
        "id": "W-2022-001",
        "reason": "指标口径经预算科确认调整",
        "approved_by": "绩效管理科 李某",
        "expires": "2027-06-30",
    }
    assert "waiver" not in by_row["5"]
    assert by_row["5"]["waiver_expired"]["id"] == "W-2022-002"
    assert doc["reports"][0]["summary"] == {"error": 11, "warning": 3, "info": 9, "waived": 1}
    (notice,) = doc["notices"]
    (unused,) = notice["findings"]
    assert notice["source"] == str(waivers_file)
    assert unused["rule"] == "waiver-unused" and unused["severity"] == "warning"
    assert unused["location"] == {"field": "waivers[2]", "line": 15}
    assert "W-2022-003" in unused["message"]
    assert done.code == 1  # 11 errors still count


def test_a_waived_finding_does_not_count_toward_fail_on(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Every error of the example waived by rule: exit 0 with --fail-on error."""
    rules = {
        f.rule
        for f in jxrules.check(jxrules.load_report(JIANGMEN_MD)).findings
        if f.severity == "error"
    }
    entries = "".join(
        f"  - {{id: W-{n}, rule: {rule}, reason: 已核实, approved_by: 科室, expires: 2030-01-01}}\n"
        for n, rule in enumerate(sorted(rules))
    )
    path = tmp_path / "all.yaml"
    path.write_text(f"version: 1\nwaivers:\n{entries}", encoding="utf-8")
    assert cli("check", JIANGMEN_MD, "--waivers", path, "--as-of", TODAY).code == 0
    assert cli("check", JIANGMEN_MD).code == 1


def test_text_shows_the_waiver_and_the_expiry(cli, waivers_file: Path) -> None:  # type: ignore[no-untyped-def]
    out = _check(cli, waivers_file, "text").out
    assert (
        "（已豁免 W-2022-001：指标口径经预算科确认调整；绩效管理科 李某；有效至 2027-06-30）" in out
    )
    assert "（豁免 W-2022-002 已于 2025-01-31 过期，重新计入）" in out
    assert "waiver-unused" in out and "豁免 W-2022-003 未匹配" in out
    assert "已豁免 1" in out


def test_sarif_suppressions_validate_against_the_official_schema(cli, waivers_file: Path) -> None:  # type: ignore[no-untyped-def]
    doc = json.loads(_check(cli, waivers_file, "sarif").out)
    Draft7Validator(SARIF_SCHEMA, format_checker=FormatChecker()).validate(doc)
    results = doc["runs"][0]["results"]
    (waived,) = [r for r in results if "suppressions" in r]
    assert waived["suppressions"] == [
        {
            "kind": "external",
            "status": "accepted",
            "justification": "指标口径经预算科确认调整（绩效管理科 李某，至 2027-06-30）",
            "properties": {
                "id": "W-2022-001",
                "reason": "指标口径经预算科确认调整",
                "approved_by": "绩效管理科 李某",
                "expires": "2027-06-30",
            },
        }
    ]
    (expired,) = [r for r in results if "waiver_expired" in r["properties"]]
    assert expired["properties"]["waiver_expired"]["id"] == "W-2022-002"
    (unused,) = [r for r in results if r["properties"]["rule"] == "waiver-unused"]
    location = unused["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"].endswith("waivers.yaml")
    assert location["region"] == {"startLine": 15}


def test_strict_waivers_make_an_unused_one_an_error(
    cli, waivers_file: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    one = tmp_path / "one.yaml"
    one.write_text(
        "version: 1\nwaivers:\n  - {id: W-1, rule: no-such-rule, reason: r, approved_by: a, expires: 2030-01-01}\n",
        encoding="utf-8",
    )
    relaxed = cli("check", JIANGMEN_MD, "--waivers", one, "--fail-on", "never")
    strict = cli("check", JIANGMEN_MD, "--waivers", one, "--strict-waivers", "--format", "json")
    assert relaxed.code == 0
    (notice,) = json.loads(strict.out)["notices"]
    assert notice["findings"][0]["severity"] == "error"


@pytest.mark.parametrize(
    ("entry", "where", "says"),
    [
        ("{id: W-1, rule: r, approved_by: a, expires: 2030-01-01}", ":3:5", "reason"),
        ("{id: W-1, rule: r, reason: x, expires: 2030-01-01}", ":3:5", "approved_by"),
        ("{id: W-1, rule: r, reason: x, approved_by: a}", ":3:5", "expires"),
        ("{id: W-1, rule: r, reason: x, approved_by: a, expires: 2030-02-30}", ":3:60", "有效日期"),
        ("{id: W-1, rule: r, reason: x, approved_by: a, expires: next year}", ":3:60", "expires"),
        (
            "{id: W-1, rule: r, reason: '  ', approved_by: a, expires: 2030-01-01}",
            ":3:32",
            "reason",
        ),
        ("{id: W-1, reason: x, approved_by: a, expires: 2030-01-01}", ":3:5", "rule"),
        ("{id: W-1, rule: r, reasons: x, approved_by: a, expires: 2030-01-01}", ":3:", "reasons"),
    ],
)
def test_an_invalid_waiver_is_a_located_load_error(
    tmp_path: Path,
    cli,
    entry: str,
    where: str,
    says: str,  # type: ignore[no-untyped-def]
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(f"version: 1\nwaivers:\n  - {entry}\n", encoding="utf-8")
    with pytest.raises(ReviewError) as caught:
        load_waivers(path)
    assert f"{path}{where}" in str(caught.value)
    assert says in str(caught.value)
    done = cli("check", JIANGMEN_MD, "--waivers", path)
    assert done.code == 2 and f"{path}{where}" in done.err and "Traceback" not in done.err


def test_duplicate_ids_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "dup.yaml"
    entry = "{id: W-1, rule: r, reason: x, approved_by: a, expires: 2030-01-01}"
    path.write_text(f"version: 1\nwaivers:\n  - {entry}\n  - {entry}\n", encoding="utf-8")
    with pytest.raises(ReviewError, match="重复"):
        load_waivers(path)


def test_library_form_and_a_fingerprint_match(waivers_file: Path, tmp_path: Path) -> None:
    result = jxrules.check(jxrules.load_report(JIANGMEN_MD))
    target = next(f for f in result.findings if f.rule == "indicator-duplicate")
    path = tmp_path / "fp.yaml"
    path.write_text(
        "version: 1\nwaivers:\n"
        f"  - {{id: W-FP, match: {{fingerprint: '{target.fingerprint}'}}, reason: 已合并,"
        " approved_by: 科室, expires: 2030-01-01}\n",
        encoding="utf-8",
    )
    (marked,), unused = apply_waivers([result], load_waivers(path), today=dt.date(2029, 12, 31))
    assert unused == []
    assert [f.fingerprint for f in marked.findings if f.waiver] == [target.fingerprint]
    (later,), _ = apply_waivers([result], load_waivers(path), today=dt.date(2030, 1, 2))
    assert [f.waiver_expired["id"] for f in later.findings if f.waiver_expired] == ["W-FP"]
    assert not any(f.waiver for f in later.findings)
