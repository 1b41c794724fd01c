"""Baselines (create, compare, prune) and ruleset diffs over a corpus."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from jxrules.errors import ReviewError
from jxrules.review.baseline import load_baseline
from tests.conftest import EXAMPLES, JIANGMEN_MD, ROOT

LAYOUTS = ROOT / "tests" / "fixtures" / "layouts"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """The examples and the layout fixtures, copied so that one can be edited (the example's
    canonical YAML twin is left out: it is the same report, with the same fingerprints)."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    sources = [*EXAMPLES.glob("*.md"), EXAMPLES / "demo-2022-project.yaml", *LAYOUTS.glob("*.md")]
    for source in sources:
        shutil.copy(source, folder / source.name)
    return folder


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_round_trip_one_fixed_one_new_rest_unchanged(cli, corpus: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    baseline = tmp_path / "baseline.json"
    created = cli("baseline", "create", corpus, "-o", baseline)
    assert created.code == 0, created.err
    recorded = json.loads(baseline.read_text(encoding="utf-8"))
    assert recorded["fingerprint_version"] == "jx1" and recorded["jxrules"] == "0.1.0"
    entries = recorded["findings"]
    assert len(entries) == sum(recorded["counts"][s] for s in ("error", "warning", "info"))
    # a fixture and its clean twin are one report (same body and year): shared findings count 2
    total = sum(entry["count"] for entry in entries.values())

    report = corpus / JIANGMEN_MD.name
    # fix row 9 (target 2个, actual 1个) and break row 3 (target 4 家, actual 5 家 → 3 家)
    _edit(
        report,
        "| 9 | | 5G公共服务平台数量 | 2个 | 1个 |",
        "| 9 | | 5G公共服务平台数量 | 2个 | 2个 |",
    )
    row3 = next(line for line in report.read_text("utf-8").splitlines() if line.startswith("| 3 |"))
    cells = row3.split("|")
    assert cells[5].strip() == "5 家", row3
    cells[5] = " 3 家 "
    _edit(report, row3, "|".join(cells))

    checked = cli("check", corpus, "--baseline", baseline, "--format", "json")
    doc = json.loads(checked.out)
    states = [f["baseline"] for r in doc["reports"] for f in r["findings"]]
    assert states.count("new") == 1
    (new,) = [f for r in doc["reports"] for f in r["findings"] if f["baseline"] == "new"]
    assert (new["rule"], new["location"]["row"]) == ("indicator-target-met", "3")
    assert states.count("updated") == 0
    assert states.count("unchanged") == total - 1
    (absent,) = doc["absent"]
    assert absent["rule"] == "indicator-target-met" and "5G公共服务平台数量" in absent["message"]

    only_new = cli("check", corpus, "--baseline", baseline, "--only-new", "--format", "json")
    shown = [f for r in json.loads(only_new.out)["reports"] for f in r["findings"]]
    assert [f["location"]["row"] for f in shown] == ["3"]
    assert only_new.code == 1
    sarif = json.loads(cli("check", corpus, "--baseline", baseline, "--format", "sarif").out)
    states = [r.get("baselineState") for r in sarif["runs"][0]["results"]]
    assert states.count("new") == 1 and states.count("absent") == 1

    # prune drops the fixed finding and never adds the new one
    pruned = cli("baseline", "prune", baseline, corpus)
    assert pruned.code == 0
    after = json.loads(baseline.read_text(encoding="utf-8"))["findings"]
    assert len(after) == len(entries) - 1
    assert new["fingerprint"] not in after


def test_a_changed_figure_reads_as_updated(cli, corpus: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    baseline = tmp_path / "b.json"
    assert cli("baseline", "create", corpus / JIANGMEN_MD.name, "-o", baseline).code == 0
    _edit(
        corpus / JIANGMEN_MD.name,
        "| 9 | | 5G公共服务平台数量 | 2个 | 1个 |",
        "| 9 | | 5G公共服务平台数量 | 2个 | 0个 |",
    )
    doc = json.loads(
        cli("check", corpus / JIANGMEN_MD.name, "--baseline", baseline, "--format", "json").out
    )
    updated = [f for f in doc["reports"][0]["findings"] if f["baseline"] == "updated"]
    assert [(f["rule"], f["location"]["row"]) for f in updated] == [("indicator-target-met", "9")]
    assert "absent" not in doc


def test_a_malformed_baseline_is_a_located_error(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "b.json"
    path.write_text('{"version": 1, "fingerprint_version": "jx9", "findings": {}}', "utf-8")
    with pytest.raises(ReviewError, match="fingerprint_version"):
        load_baseline(path)
    done = cli("check", JIANGMEN_MD, "--baseline", path)
    assert done.code == 2 and str(path) in done.err
    assert cli("check", JIANGMEN_MD, "--only-new").code == 2


def test_diff_2022_to_2023_over_the_examples_and_fixtures(cli, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    done = cli(
        "diff",
        "--old",
        "dept-overall/2022",
        "--new",
        "dept-overall/2023",
        corpus,
        "--format",
        "json",
    )
    assert done.code == 0, done.err
    doc = json.loads(done.out)
    rules = doc["rules"]
    # 2023 adds a rule: a grade of 优 with missed targets
    # (the example, and the split-columns department fixture: 优 with a missed target)
    assert rules["unmet-targets-not-excellent"]["added"] == 2
    assert doc["reports"][str(corpus / "dept-overall-split.md")]["added"] == 2  # + ruleset-year
    # ...turns the "target set too low" info into a warning at 1.5× instead of 2×
    too_low = rules["indicator-target-too-low"]
    assert too_low["changed"] == 6 and too_low["added"] == 2 and too_low["removed"] == 0
    # ...and leaves the rest alone
    assert rules["indicator-duplicate"] == {"added": 0, "removed": 0, "changed": 0, "unchanged": 5}
    assert doc["totals"]["removed"] == 0
    changed = [p for p in doc["findings"] if p["change"] == "changed"]
    assert {(p["old"]["severity"], p["new"]["severity"]) for p in changed} == {("info", "warning")}
    # project reports are left out with a note, not an error
    assert "不适用规则集 dept-overall/2022，跳过" in done.err
    text = cli("diff", "--old", "dept-overall/2022", "--new", "dept-overall/2023", corpus)
    assert "unmet-targets-not-excellent" in text.out and "新增" in text.out
    gate = cli(
        "diff",
        "--old",
        "dept-overall/2022",
        "--new",
        "dept-overall/2023",
        corpus,
        "--fail-on",
        "added",
    )
    assert gate.code == 1
    html = cli(
        "diff",
        "--old",
        "dept-overall/2022",
        "--new",
        "dept-overall/2023",
        corpus,
        "--format",
        "html",
    )
    assert html.out.startswith("<!DOCTYPE html>") and "unmet-targets-not-excellent" in html.out


def test_diff_of_two_versions_of_a_folder(cli, corpus: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    first = tmp_path / "v1"
    first.mkdir()
    shutil.copy(JIANGMEN_MD, first / JIANGMEN_MD.name)
    second = tmp_path / "v2"
    second.mkdir()
    shutil.copy(JIANGMEN_MD, second / "renamed-after-conversion.md")
    _edit(
        second / "renamed-after-conversion.md",
        "| 9 | | 5G公共服务平台数量 | 2个 | 1个 |",
        "| 9 | | 5G公共服务平台数量 | 2个 | 2个 |",
    )
    done = cli("diff", "--old-version", first, "--new-version", second, "--format", "json")
    doc = json.loads(done.out)
    assert doc["totals"] == {"added": 0, "removed": 1, "changed": 0, "unchanged": 23}
    (gone,) = doc["findings"]
    assert gone["old"]["location"]["row"] == "9"


def test_diff_usage_errors(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("diff", "--old", "dept-overall/2022", EXAMPLES).code == 2
    assert cli("diff").code == 2
