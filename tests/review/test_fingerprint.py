"""Fingerprints name what is wrong, not where: they survive reordering, re-conversion and a
ruleset's new fiscal year, and tell two identical findings apart (docs/fingerprints.md)."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

import jxrules
from jxrules.findings import Finding, Location, Result
from jxrules.review.fingerprint import (
    evidence_hash,
    fingerprints,
    normalise,
    ruleset_family,
)
from tests.conftest import JIANGMEN_MD, JIANGMEN_YAML, ROOT

SHARED_FORMATS = ROOT.parent / "shared" / "examples" / "formats"


def _prints(result: Result) -> list[str]:
    return [f.fingerprint or "" for f in result.findings]


@pytest.fixture(scope="module")
def report() -> jxrules.Report:
    return jxrules.load_report(JIANGMEN_YAML)


@pytest.fixture(scope="module")
def result(report: jxrules.Report) -> Result:
    return jxrules.check(report)


def test_every_finding_has_a_distinct_versioned_fingerprint(result: Result) -> None:
    prints = _prints(result)
    assert len(prints) == 24  # 23, and issue 24's report-section-present (no 结果应用)
    assert all(p.startswith("jx1:") and len(p) == 36 for p in prints)
    assert len(set(prints)) == len(prints)


def test_reversing_the_indicator_table_keeps_every_fingerprint(
    report: jxrules.Report, result: Result
) -> None:
    reversed_report = attrs.evolve(report, indicators=tuple(reversed(report.indicators)))
    again = jxrules.check(reversed_report)
    assert sorted(_prints(again)) == sorted(_prints(result))
    # The duplicate finding moved to the other row of each pair, and kept its identity.
    before = {f.fingerprint: f.location.row for f in result.findings if f.check == "duplicate"}
    after = {f.fingerprint: f.location.row for f in again.findings if f.check == "duplicate"}
    assert before.keys() == after.keys()
    assert before != after


def test_renumbering_and_moving_rows_keeps_every_fingerprint(
    report: jxrules.Report, result: Result
) -> None:
    """New 序号 and other source lines (as after an edit above the table)."""
    renumbered = tuple(
        attrs.evolve(i, seq=str(100 + n), line=(i.line or 0) + 7)
        for n, i in enumerate(report.indicators)
    )
    again = jxrules.check(attrs.evolve(report, indicators=renumbered))
    assert sorted(_prints(again)) == sorted(_prints(result))


def test_markdown_and_yaml_of_one_report_share_fingerprints(result: Result) -> None:
    from_md = jxrules.check(jxrules.load_report(JIANGMEN_MD))
    assert _prints(from_md) == _prints(result)


@pytest.mark.skipif(not SHARED_FORMATS.is_dir(), reason="needs ../shared/examples/formats")
@pytest.mark.parametrize(
    "name",
    [
        "jiangmen-2022-dept-overall.pdf",
        "jiangmen-2022-dept-overall-split-rows.pdf",
        "jiangmen-2022-dept-overall.docx",
    ],
)
def test_pdf_with_other_page_splits_and_word_share_fingerprints(name: str, result: Result) -> None:
    converted = jxrules.check(jxrules.load_report(SHARED_FORMATS / name))
    assert _prints(converted) == _prints(result)


def test_the_next_fiscal_years_ruleset_keeps_fingerprints_of_unchanged_rules(
    report: jxrules.Report, result: Result
) -> None:
    ruleset = jxrules.load_ruleset("dept-overall/2022")
    redated = attrs.evolve(ruleset, id="dept-overall/2031", fiscal_years=(2031,))
    again = jxrules.check(report, redated)
    assert [f.fingerprint for f in again.findings if f.rule != "ruleset-year"] == _prints(result)
    other_family = attrs.evolve(ruleset, id="guangdong/dept-overall-2022")
    assert set(_prints(jxrules.check(report, other_family))).isdisjoint(_prints(result))


def test_a_changed_figure_keeps_the_fingerprint_and_changes_the_evidence_hash(
    report: jxrules.Report, result: Result
) -> None:
    row9 = next(i for i in report.indicators if i.row == "9")
    changed = tuple(attrs.evolve(i, actual="0个") if i is row9 else i for i in report.indicators)
    again = jxrules.check(attrs.evolve(report, indicators=changed))

    def missed(r: Result) -> Finding:
        return next(
            f for f in r.findings if f.rule == "indicator-target-met" and f.location.row == "9"
        )

    old, new = missed(result), missed(again)
    assert old.evidence["actual"] == "1个" and new.evidence["actual"] == "0个"
    assert new.fingerprint == old.fingerprint
    assert new.evidence_hash != old.evidence_hash


def test_two_identical_findings_get_different_fingerprints() -> None:
    twin = Finding("score-in-range", "expression", "error", "自评分数超出范围", Location(field="x"))
    identity = {"kind": "project", "fiscal_year": 2022, "department": "某局"}
    (first, _), (second, _) = fingerprints([twin, twin], identity, "local/rules")
    assert first != second
    # ...and the pair is the same pair in another run
    assert fingerprints([twin, twin], identity, "local/rules") == fingerprints(
        [twin, twin], identity, "local/rules"
    )


def test_the_report_identity_is_part_of_the_fingerprint() -> None:
    finding = Finding("r", "expression", "error", "m", Location(field="x"))
    a = {"kind": "project", "fiscal_year": 2022, "department": "甲局"}
    b = {**a, "department": "乙局"}
    c = {**a, "fiscal_year": 2023}
    prints = {fingerprints([finding], who, "local/r")[0][0] for who in (a, b, c)}
    assert len(prints) == 3
    spaced = {**a, "department": "甲 局"}
    assert fingerprints([finding], spaced, "local/r") == fingerprints([finding], a, "local/r")


def test_positions_stay_out_of_the_evidence_hash() -> None:
    base = Finding("r", "duplicate", "warning", "m", evidence={"name": "甲", "duplicate_of": "3"})
    moved = attrs.evolve(base, evidence={"name": "甲", "duplicate_of": "12"})
    worse = attrs.evolve(base, severity="error")
    assert evidence_hash(base) == evidence_hash(moved)
    assert evidence_hash(base) != evidence_hash(worse)


@pytest.mark.parametrize(
    ("printed", "key"),
    [
        ("（一）基本情况", "基本情况"),
        ("(2)培训 人次", "培训人次"),
        ("1.2、 新增企业数量", "新增企业数量"),
        ("三、 满意度指标", "满意度指标"),
        ("①覆盖率", "覆盖率"),
        ("5G公共服务平台数量", "5G公共服务平台数量"),
        ("1.5万人次培训", "1.5万人次培训"),
        ("ＡＢＣ　数量", "ABC数量"),
    ],
)
def test_normalise_drops_numbering_width_and_spaces(printed: str, key: str) -> None:
    assert normalise(printed) == key


@pytest.mark.parametrize(
    ("ruleset_id", "family"),
    [
        ("dept-overall/2022", "dept-overall"),
        ("project/2023", "project"),
        ("guangdong-2024", "guangdong"),
        ("local/minimal", "local/minimal"),
    ],
)
def test_the_ruleset_family_is_the_id_without_its_year(ruleset_id: str, family: str) -> None:
    assert ruleset_family(ruleset_id) == family


def test_fingerprints_reach_every_output(result: Result, tmp_path: Path) -> None:
    from jxrules.formats import Run, renderer

    run = Run([result], {result.ruleset: jxrules.load_ruleset(result.ruleset)})
    first = result.findings[0].fingerprint or ""
    for fmt in ("json", "sarif", "junit", "html"):
        assert first in renderer(fmt)(run), fmt
