"""Docs cannot drift: every YAML block marked ``# ruleset-example`` loads through the real loader."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import jxrules
from tests.conftest import JIANGMEN_YAML, ROOT

BLOCK = re.compile(r"```yaml\n(# ruleset-example\n.*?)```", re.S)


def examples() -> list[tuple[str, str]]:
    found = []
    for path in sorted((ROOT / "docs").rglob("*.md")):
        for n, match in enumerate(BLOCK.finditer(path.read_text(encoding="utf-8"))):
            found.append((f"{path.relative_to(ROOT)}#{n}", match.group(1)))
    return found


def test_docs_have_examples():
    assert any(name.startswith("docs/rulesets.md") for name, _ in examples())


@pytest.mark.parametrize(("name", "text"), examples(), ids=[n for n, _ in examples()])
def test_doc_example_loads_and_runs(name: str, text: str, tmp_path: Path) -> None:
    path = tmp_path / "example.yaml"
    path.write_text(text, encoding="utf-8")
    ruleset = jxrules.load_ruleset(path)
    assert ruleset.rules
    if ruleset.kind == "department_overall":
        result = jxrules.check(jxrules.load_report(JIANGMEN_YAML), ruleset)
        assert all(f.check != "engine" for f in result.findings), result.findings


def test_generated_rule_catalogue_is_up_to_date(tmp_path: Path) -> None:
    """docs/rules/ is what `jxrules docs -o docs/rules` writes today (regenerate it when rules change)."""
    from jxrules.authoring.catalogue import write_catalogue
    from jxrules.rules.ruleset import bundled_rulesets, load_ruleset

    write_catalogue([load_ruleset(ref) for ref in bundled_rulesets()], tmp_path)
    for page in sorted(tmp_path.iterdir()):
        committed = ROOT / "docs" / "rules" / page.name
        assert committed.is_file(), (
            f"docs/rules/{page.name} is missing: run jxrules docs -o docs/rules"
        )
        assert committed.read_text(encoding="utf-8") == page.read_text(encoding="utf-8"), (
            f"docs/rules/{page.name} is stale: run jxrules docs -o docs/rules"
        )


def test_check_kind_pages_are_generated_from_the_kinds(tmp_path: Path) -> None:
    """docs/checks/ is what `jxrules docs` writes from each kind's docstring and schema."""
    from jxrules.authoring.catalogue import write_kind_pages

    written = write_kind_pages(tmp_path)
    assert sorted(p.name for p in written) == sorted(
        p.name for p in (ROOT / "docs" / "checks").glob("*.md")
    )
    for page in written:
        committed = ROOT / "docs" / "checks" / page.name
        assert committed.read_text(encoding="utf-8") == page.read_text(encoding="utf-8"), (
            f"docs/checks/{page.name} is stale: run jxrules docs --checks docs/checks"
        )


def test_every_field_a_kind_accepts_is_documented_in_its_docstring() -> None:
    from jxrules.checks import registry

    for name, kind in registry().items():
        doc = kind.documentation()
        assert doc.startswith(f"# `{name}` — "), name
        missing = [field for field in kind.properties if f"`{field}`" not in doc]
        assert not missing, f"{name}: fields not documented: {missing}"
