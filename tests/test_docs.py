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
        assert committed.is_file(), f"docs/rules/{page.name} is missing: run jxrules docs -o docs/rules"
        assert committed.read_text(encoding="utf-8") == page.read_text(encoding="utf-8"), (
            f"docs/rules/{page.name} is stale: run jxrules docs -o docs/rules"
        )
