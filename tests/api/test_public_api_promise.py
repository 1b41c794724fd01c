"""The compatibility promise of docs/api.md: every public name stays, with its signature; the
writers give exactly what ``jxrules check --format`` prints."""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable
from pathlib import Path

import pytest

import jxrules
from tests.conftest import JIANGMEN_MD, PROJECT_YAML, ROOT, CliResult

#: Public names and, for functions, their parameters (name, kind, default). Removing a name or
#: changing a parameter here is a breaking change: it needs a major version.
PINNED: dict[str, str | None] = {
    "BatchResult": None,
    "BudgetLine": None,
    "BudgetTable": None,
    "ConfigError": None,
    "ExpressionError": None,
    "Finding": None,
    "Indicator": None,
    "InputError": None,
    "JxError": None,
    "LayoutsError": None,
    "LimitExceeded": None,
    "Location": None,
    "Num": None,
    "Position": None,
    "QuantityError": None,
    "Report": None,
    "ReportError": None,
    "ReportIdentity": None,
    "Result": None,
    "ReviewError": None,
    "Rule": None,
    "Ruleset": None,
    "RulesetError": None,
    "Severity": None,
    "YamlSyntaxError": None,
    "__version__": None,
    "bundled_rulesets": "()",
    "check": "(report, ruleset=None, *, language='zh', explain=False)",
    "check_many": "(sources, ruleset=None, *, executor=None, jobs=None, language='zh', "
    "keep_reports=False, explain=False, timeout=60.0, rulesets=(), layouts=None, chunksize=None, "
    "serialise=None)",
    "find_reports": "(paths)",
    "load_report": "(source, *, format=None, name=None, layouts=None)",
    "load_reports": "(source, *, format=None, name=None, layouts=None)",
    "load_ruleset": "(ref, *, allow_outside=None, name=None)",
    "select_ruleset": "(report, *, rulesets=())",
    "to_html": "(results, *, rulesets=(), reports=(), language='zh')",
    "to_json": "(results, *, rulesets=(), reports=(), language='zh')",
    "to_junit": "(results, *, rulesets=(), reports=(), language='zh')",
    "to_sarif": "(results, *, rulesets=(), reports=(), language='zh')",
    "to_text": "(results, *, rulesets=(), reports=(), color=False, language='zh')",
}


def _parameters(func: Callable[..., object]) -> str:
    signature = inspect.signature(func)
    return str(signature.replace(
        parameters=[p.replace(annotation=inspect.Parameter.empty) for p in signature.parameters.values()],
        return_annotation=inspect.Signature.empty,
    ))  # fmt: skip


@pytest.mark.parametrize("name", sorted(PINNED))
def test_a_public_name_stays_with_its_signature(name: str) -> None:
    assert name in jxrules.__all__
    value = getattr(jxrules, name)
    if PINNED[name] is not None:
        assert _parameters(value) == PINNED[name]


def test_every_public_name_is_pinned_and_documented() -> None:
    assert sorted(jxrules.__all__) == sorted(PINNED)
    api = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    assert [name for name in PINNED if name != "__version__" and f"`{name}" not in api] == []


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "html"])
def test_a_writer_gives_what_the_cli_prints(fmt: str, cli: Callable[..., CliResult]) -> None:
    printed = cli("check", JIANGMEN_MD, "--format", fmt).out
    # the command keeps the reports for html only (its tables)
    (outcome,) = jxrules.check_many([JIANGMEN_MD], jobs=1, keep_reports=fmt == "html")
    writer = getattr(jxrules, f"to_{fmt}")
    assert writer([outcome]) == printed
    if fmt != "html":
        assert writer(jxrules.check(jxrules.load_report(JIANGMEN_MD))) == printed


def test_given_the_reports_sarif_points_at_their_lines() -> None:
    report = jxrules.load_report(JIANGMEN_MD)
    with_lines = jxrules.to_sarif(jxrules.check(report), reports=[report])
    without = jxrules.to_sarif(jxrules.check(report))
    # the engine stamps each finding with its row's line, so the lines are there either way
    assert (with_lines.count('"startLine"'), without.count('"startLine"')) == (21, 21)


def test_writers_name_the_ruleset_they_cannot_find(tmp_path: Path) -> None:
    text = (ROOT / "rulesets" / "project" / "2022.yaml").read_text(encoding="utf-8")
    own = tmp_path / "own.yaml"
    own.write_text(text.replace("id: project/2022", "id: own/project"), encoding="utf-8")
    ruleset = jxrules.load_ruleset(own)
    result = jxrules.check(jxrules.load_report(PROJECT_YAML), ruleset)
    with pytest.raises(jxrules.RulesetError, match="“own/project” 不是内置的；请用 rulesets= 传入"):
        jxrules.to_sarif([result])
    described = jxrules.to_sarif([result], rulesets=[ruleset])
    driver = json.loads(described)["runs"][0]["tool"]["driver"]
    assert [rule["id"] for rule in driver["rules"]] == [rule.id for rule in ruleset.rules]


def test_a_failure_in_a_batch_is_written_too(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("kind: [\n", encoding="utf-8")
    outcomes = list(jxrules.check_many([broken], jobs=1))
    assert jxrules.to_text(outcomes).startswith(f"无法检查 {broken}:2:")


def test_result_report_is_typed_identity() -> None:
    result = jxrules.check(jxrules.load_report(PROJECT_YAML))
    assert set(jxrules.ReportIdentity.__annotations__) == {
        "kind",
        "fiscal_year",
        "department",
        "project",
    }
    assert result.report["kind"] == "project"
    assert result.report["fiscal_year"] == 2022
