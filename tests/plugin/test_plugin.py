"""A separate package adds a check kind, an expression helper and a bundled ruleset through the
``jxrules.checks``, ``jxrules.functions`` and ``jxrules.rulesets`` entry points, and jxrules
uses all three with no file of its own edited.  The package is tests/plugin/; its install is
simulated by a ``.dist-info`` written from its pyproject.toml's entry points."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import jxrules
from jxrules.checks import registry
from jxrules.config import tomllib
from jxrules.rules import ruleset as ruleset_module
from jxrules.rules import selection
from jxrules.sandbox import FUNCTIONS, helpers
from tests.conftest import JIANGMEN_YAML, CliResult

PLUGIN = Path(__file__).resolve().parent


def _forget() -> None:
    """Plugins are looked up once per process: look again."""
    for cached in (
        registry,
        helpers.plugin_helpers,
        ruleset_module._bundled,
        selection._bundled_headers,
        selection.bundled,
    ):
        cached.cache_clear()


@pytest.fixture
def installed(tmp_path: Path) -> Iterator[Path]:
    project = tomllib.loads((PLUGIN / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    info = tmp_path / "jxrules_demo_plugin-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: jxrules-demo-plugin\nVersion: 0.1\n"
    )
    groups = project["entry-points"]
    (info / "entry_points.txt").write_text(
        "".join(
            f"[{group}]\n" + "".join(f"{name} = {value}\n" for name, value in entries.items())
            for group, entries in groups.items()
        )
    )
    sys.path[:0] = [str(tmp_path), str(PLUGIN)]
    _forget()
    try:
        yield tmp_path
    finally:
        sys.path.remove(str(tmp_path))
        sys.path.remove(str(PLUGIN))
        for name in [m for m in sys.modules if m.split(".")[0] == "jxrules_demo_plugin"]:
            del sys.modules[name]
        _forget()


def test_the_plugins_ruleset_is_chosen_and_uses_its_kind_and_helper(installed: Path) -> None:
    report = jxrules.load_report(JIANGMEN_YAML)
    ruleset = jxrules.select_ruleset(report)
    assert (ruleset.id, [r.check for r in ruleset.rules]) == (
        "demo/dept-2022",
        ["ceiling", "expression"],
    )
    result = jxrules.check(report, ruleset)
    assert [(f.rule, f.check, f.severity, f.message) for f in result.findings] == [
        ("score-ceiling", "ceiling", "warning", "自评分数 98 超过上限 95"),
        ("income-executed-share", "expression", "info", "收入决算数不足全年预算数的 105%"),
    ]


def test_the_helper_is_a_function_with_its_keywords(installed: Path) -> None:
    assert FUNCTIONS["share"](3, 4) == jxrules.model.Decimal("75.00")
    assert helpers.KEYWORDS["share"] == frozenset({"digits"})
    with pytest.raises(jxrules.RulesetError, match="shar"):
        jxrules.load_ruleset(_write(installed, "assert: share(1, 2, places=1) > 0", "bad.yaml"))


def test_the_cli_lists_the_plugins_kind_and_ruleset(
    installed: Path, cli: Callable[..., CliResult]
) -> None:
    listed = cli("rulesets")
    assert listed.err == ""
    rulesets = listed.out.splitlines()
    assert rulesets[0].split()[0] == "demo/dept-2022"
    assert rulesets[0].endswith("[plugin demo]")
    assert (
        "ceiling      `ceiling` — a report figure stays under a ceiling"
        in cli("kinds").out.splitlines()
    )
    result = cli("check", JIANGMEN_YAML, "--format", "json")
    assert (result.code, '"ruleset": "demo/dept-2022"' in result.out) == (0, True)


def test_without_the_plugin_the_bundled_ruleset_is_chosen() -> None:
    _forget()
    assert "share" not in FUNCTIONS
    assert jxrules.select_ruleset(jxrules.load_report(JIANGMEN_YAML)).id == "dept-overall/2022"


def _write(folder: Path, line: str, name: str) -> Path:
    path = folder / name
    path.write_text(
        "id: t/x\ntitle: t\nversion: '1'\n"
        "applies_to: {kind: department_overall, fiscal_years: [2022]}\n"
        f"rules:\n  - id: r\n    check: expression\n    severity: info\n    {line}\n"
        "    message: m\n",
        encoding="utf-8",
    )
    return path
