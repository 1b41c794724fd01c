"""A check kind from another package is found, validated, linted, run and documented
without any file of jxrules being edited: one module, registered as an entry point."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

import jxrules
from jxrules.checks import _builtin, registry
from jxrules.errors import RulesetError
from tests.conftest import JIANGMEN_YAML

KIND_MODULE = '''
"""# `ceiling` — a report figure stays under a ceiling

## What it checks

That the expression in `value` is at most `ceiling`.

## Fields

| field | meaning |
| --- | --- |
| `value` | an expression giving the figure |
| `ceiling` | the largest figure allowed |
"""

from jxrules.checks.base import CheckKind, Issue
from jxrules.findings import Location
from jxrules.sandbox import evaluate


class CeilingKind(CheckKind):
    name = "ceiling"
    properties = {"value": {"type": "string"}, "ceiling": {"type": "number"}}
    required = ("value", "ceiling")
    expression_fields = ("value",)
    message_variables = frozenset({"value"})

    def compile(self, spec):
        return (spec.expression("value"), spec.fields["ceiling"])

    def evaluate(self, config, context):
        expression, ceiling = config
        value = evaluate(expression, context.names)
        if value > ceiling:
            yield Issue(Location(field="self_evaluation.score"), {"value": str(value)})


KIND = CeilingKind()
'''

RULESET = """\
id: local/ceiling
title: 上限
version: "1"
applies_to: {{kind: department_overall, fiscal_years: [2022]}}
rules:
  - id: score-ceiling
    check: ceiling
    severity: error
    value: self_evaluation.score
    ceiling: {ceiling}
    message: 自评分数 {{value}} 超过上限
"""


@pytest.fixture
def plugin(tmp_path: Path) -> Iterator[Path]:
    """A package ``ceiling_kind`` with an entry point ``jxrules.checks: ceiling``, on sys.path."""
    package = tmp_path / "ceiling_kind"
    package.mkdir()
    (package / "__init__.py").write_text(textwrap.dedent(KIND_MODULE), encoding="utf-8")
    info = tmp_path / "ceiling_kind-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: ceiling-kind\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[jxrules.checks]\nceiling = ceiling_kind:KIND\n")
    sys.path.insert(0, str(tmp_path))
    registry.cache_clear()
    try:
        yield tmp_path
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop("ceiling_kind", None)
        registry.cache_clear()


def _ruleset(tmp_path: Path, ceiling: str, value: str = "self_evaluation.score") -> Path:
    path = tmp_path / "ceiling.yaml"
    text = RULESET.format(ceiling=ceiling).replace("self_evaluation.score\n", value + "\n", 1)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_new_kind_is_found_and_runs(plugin: Path) -> None:
    assert "ceiling" in registry() and "ceiling" not in _builtin()
    ruleset = jxrules.load_ruleset(_ruleset(plugin, "90"))
    result = jxrules.check(jxrules.load_report(JIANGMEN_YAML), ruleset)
    assert [(f.rule, f.check, f.message) for f in result.findings] == [
        ("score-ceiling", "ceiling", "自评分数 98 超过上限")
    ]


def test_its_schema_fragment_validates_rules_with_positions(plugin: Path) -> None:
    with pytest.raises(RulesetError) as caught:
        jxrules.load_ruleset(_ruleset(plugin, "'high'"))
    assert caught.value.position is not None
    assert (caught.value.position.line, caught.value.position.column) == (10, 14)
    assert "ceiling" in caught.value.message


def test_lint_checks_its_expression_fields(plugin: Path) -> None:
    from jxrules.authoring.lint import lint

    issues = lint(_ruleset(plugin, "90", value="self_evaluation.scor"))
    unknown = [i for i in issues if i.code == "unknown-name"]
    assert len(unknown) == 1
    assert (unknown[0].position.line, unknown[0].position.column) == (9, 12)
    assert "规则 score-ceiling 的 value" in unknown[0].message and "score" in unknown[0].message


def test_its_page_is_written_from_its_docstring_and_schema(plugin: Path) -> None:
    from jxrules.authoring.catalogue import write_kind_pages

    write_kind_pages(plugin / "docs")
    page = (plugin / "docs" / "ceiling.md").read_text(encoding="utf-8")
    assert page.startswith("# `ceiling` — a report figure stays under a ceiling\n")
    assert "| `value` | string | yes | yes |" in page
    assert "| `ceiling` | number | yes |  |" in page
