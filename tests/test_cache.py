"""Rulesets, ruleset headers, data files and plugin entry points kept on disk between runs
(jxrules.cache): a kept result is used only while what it was built from is unchanged, and a
cache that cannot be read or written is as if there were none."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import pytest

import jxrules.cache
import jxrules.data
import jxrules.plugins
import jxrules.rules.ruleset as ruleset_module
from jxrules import check, load_report
from jxrules.cache import cache_dir
from jxrules.cli import main
from jxrules.errors import JxError
from jxrules.rules.ruleset import bundled_rulesets, load_ruleset
from jxrules.rules.selection import _header
from tests.conftest import EXAMPLES, JIANGMEN_MD

PARENT = """\
id: test/parent
title: 父规则集
version: "1"
applies_to: {kind: department_overall, fiscal_years: [2022]}
rules:
  - id: total-positive
    check: expression
    severity: SEVERITY
    message: 年度资金总额应大于 0
    assert: "budget.total > 0"
"""
CHILD = """\
id: test/child
title: 子规则集
version: "1"
extends: parent.yaml
applies_to: {kind: department_overall, fiscal_years: [2022]}
"""


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("JXRULES_CACHE_DIR", str(folder))
    monkeypatch.delenv("JXRULES_CACHE", raising=False)
    return folder


def _entries(folder: Path, kind: str = "ruleset") -> list[Path]:
    """The kept rulesets, or the entries of another kind (``ruleset-header``, ``data``)."""
    return sorted(folder.rglob(f"{kind}-{'[0-9a-f]' * 40}.pickle"))


def _never_parsed(*_: object, **__: object) -> None:
    raise AssertionError("the ruleset was parsed again")


def test_a_loaded_ruleset_is_kept_and_the_next_load_does_not_parse_it(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = bundled_rulesets()["dept-overall/2022"]
    first = load_ruleset(path)
    assert len(_entries(cache)) == 1
    monkeypatch.setattr(ruleset_module, "_load_layer", _never_parsed)
    again = load_ruleset(path)
    assert again == first
    assert [r.id for r in again.rules] == [r.id for r in first.rules]
    assert again.rules[0].origin == first.rules[0].origin
    assert again.chain == first.chain


def test_an_edit_to_the_ruleset_it_extends_is_seen_at_once(cache: Path, tmp_path: Path) -> None:
    (tmp_path / "parent.yaml").write_text(PARENT.replace("SEVERITY", "error"), "utf-8")
    (tmp_path / "child.yaml").write_text(CHILD, "utf-8")
    assert load_ruleset(tmp_path / "child.yaml").rule("total-positive").severity == "error"
    (tmp_path / "parent.yaml").write_text(PARENT.replace("SEVERITY", "warning"), "utf-8")
    assert load_ruleset(tmp_path / "child.yaml").rule("total-positive").severity == "warning"


def test_findings_are_the_same_from_a_kept_ruleset(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def findings(source: Path) -> list[str]:
        return [json.dumps(check(load_report(source)).to_dict(), sort_keys=True)]

    sources = sorted(EXAMPLES.glob("*.md")) + sorted(EXAMPLES.glob("*.yaml"))
    monkeypatch.setenv("JXRULES_CACHE", "off")
    expected = {source.name: findings(source) for source in sources}
    assert not cache.exists()
    monkeypatch.delenv("JXRULES_CACHE")
    for function in (ruleset_module._bundled, *_selection_caches()):
        function.cache_clear()
    written = {source.name: findings(source) for source in sources}  # built, then kept
    for function in _selection_caches():
        function.cache_clear()
    kept = {source.name: findings(source) for source in sources}  # read back
    assert written == expected
    assert kept == expected
    assert len(_entries(cache)) == 2  # dept-overall/2022 and project/2022
    assert len(_entries(cache, "ruleset-header")) == len(bundled_rulesets())


def test_a_data_file_is_parsed_once_and_again_when_it_changes(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    jxrules.data.load.cache_clear()
    first = jxrules.data.load("taxonomy.yaml")
    assert len(_entries(cache, "data")) == 1
    jxrules.data.load.cache_clear()
    monkeypatch.setattr(jxrules.data, "_parse", _never_parsed)
    assert jxrules.data.load("taxonomy.yaml") == first
    jxrules.data.load.cache_clear()
    assert len(_entries(cache, "data")) == 1
    monkeypatch.setattr(jxrules.cache, "_digest", lambda path: "changed")  # as if edited
    with pytest.raises(AssertionError, match="parsed again"):
        jxrules.data.load("taxonomy.yaml")
    jxrules.data.load.cache_clear()


def _selection_caches() -> list[object]:
    from jxrules.rules import selection

    return [selection.bundled, selection._bundled_headers]


def test_an_unreadable_entry_is_built_again_and_rewritten(cache: Path) -> None:
    path = bundled_rulesets()["dept-overall/2022"]
    first = load_ruleset(path)
    (entry,) = _entries(cache)
    entry.write_bytes(b"not a pickle")
    assert load_ruleset(path) == first
    assert entry.read_bytes() != b"not a pickle"


def test_a_cache_folder_that_cannot_be_written_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("x", "utf-8")
    monkeypatch.setenv("JXRULES_CACHE_DIR", str(blocked))
    ruleset = load_ruleset(bundled_rulesets()["dept-overall/2022"])
    assert ruleset.id == "dept-overall/2022"
    assert blocked.read_text("utf-8") == "x"


def test_jxrules_cache_off_neither_reads_nor_writes(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JXRULES_CACHE", "off")
    assert cache_dir() is None
    load_ruleset(bundled_rulesets()["dept-overall/2022"])
    assert not cache.exists()


def test_a_ruleset_with_a_plugin_kind_is_never_kept(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ruleset_module, "is_builtin_kind", lambda name: name != "expression")
    load_ruleset(bundled_rulesets()["dept-overall/2022"])
    assert _entries(cache) == []


def test_lint_never_reads_a_kept_ruleset(cache: Path, tmp_path: Path) -> None:
    (tmp_path / "parent.yaml").write_text(PARENT.replace("SEVERITY", "error"), "utf-8")
    load_ruleset(tmp_path / "parent.yaml")
    problems: list[JxError] = []
    ruleset_module.load_collecting(tmp_path / "parent.yaml", problems)  # type: ignore[arg-type]
    assert problems == []
    assert len(_entries(cache)) == 1  # the load's, not lint's


def test_a_header_is_read_again_when_its_file_changes(cache: Path, tmp_path: Path) -> None:
    path = tmp_path / "parent.yaml"
    path.write_text(PARENT.replace("SEVERITY", "error"), "utf-8")
    assert _header(path, "user").fiscal_years == (2022,)
    path.write_text(PARENT.replace("SEVERITY", "error").replace("[2022]", "[2024, 2025]"), "utf-8")
    assert _header(path, "user").fiscal_years == (2024, 2025)


def test_entry_points_are_looked_for_again_when_a_folder_on_the_path_changes(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scans: list[str] = []

    def scan(group: str) -> list[tuple[str, str]]:
        scans.append(group)
        return [("alpha", "json:loads")]

    monkeypatch.setattr(jxrules.plugins, "_scan", scan)
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))
    first = jxrules.plugins.entry_points("jxrules.functions")
    assert [(e.name, e.value, e.group) for e in first] == [
        ("alpha", "json:loads", "jxrules.functions")
    ]
    assert first[0].load() is json.loads
    jxrules.plugins.entry_points("jxrules.functions")
    assert scans == ["jxrules.functions"]  # the second time, from the cache
    (site / "newplugin-1.0.dist-info").mkdir()  # what installing a package does
    jxrules.plugins.entry_points("jxrules.functions")
    assert scans == ["jxrules.functions", "jxrules.functions"]
    monkeypatch.setattr(sys, "path", [*sys.path, str(tmp_path / "other")])
    jxrules.plugins.entry_points("jxrules.functions")
    assert len(scans) == 3


def test_the_command_gives_the_same_output_with_and_without_its_cache(
    cache: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def run() -> tuple[int, str]:
        for function in (ruleset_module._bundled, *_selection_caches()):
            function.cache_clear()  # type: ignore[attr-defined]
        code = main(["check", str(JIANGMEN_MD), "--format", "json"])
        return code, capsys.readouterr().out

    monkeypatch.setenv("JXRULES_CACHE", "off")
    without = run()
    monkeypatch.delenv("JXRULES_CACHE")
    assert run() == without
    assert run() == without
    assert without[0] == 1


def test_an_entry_another_user_wrote_is_not_unpickled(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = bundled_rulesets()["dept-overall/2022"]
    load_ruleset(path)
    monkeypatch.setattr(jxrules.cache.os, "getuid", lambda: 12345)
    monkeypatch.setattr(ruleset_module, "_load_layer", _never_parsed)
    with pytest.raises(AssertionError, match="parsed again"):
        load_ruleset(path)


def test_entries_not_written_for_a_month_are_removed_when_another_is_written(
    cache: Path, tmp_path: Path
) -> None:
    load_ruleset(bundled_rulesets()["dept-overall/2022"])
    (kept,) = _entries(cache)
    stale = kept.with_name("ruleset-" + "0" * 40 + ".pickle")
    stale.write_bytes(kept.read_bytes())
    month_ago = time.time() - 31 * 24 * 3600
    os.utime(stale, (month_ago, month_ago))
    (tmp_path / "parent.yaml").write_text(PARENT.replace("SEVERITY", "error"), "utf-8")
    load_ruleset(tmp_path / "parent.yaml")  # a new entry is written
    assert not stale.exists()
    assert kept in _entries(cache) and len(_entries(cache)) == 2
