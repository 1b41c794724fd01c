"""A ruleset given as YAML text, and the schema documents written for editors, pinned where a
one-line change would alter them.

Written against the mutants of ``jxrules.rules.ruleset._load_text`` and
``jxrules.rules.schema.schema_document`` that no test of tests/rules reached (docs/testing.md).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import jxrules
from jxrules import __version__
from jxrules.errors import Position, RulesetError, YamlSyntaxError
from jxrules.rules.schema import DIALECT, schema_document

TEXT = (
    'id: local/t\ntitle: t\nversion: "1"\nextends: dept-overall/2022\n'
    "applies_to: {kind: department_overall, fiscal_years: [2030]}\n"
)


def test_a_ruleset_given_as_text_is_named_as_asked() -> None:
    ruleset = jxrules.load_ruleset(TEXT)
    assert (ruleset.id, ruleset.source, ruleset.fiscal_years) == ("local/t", "<ruleset>", (2030,))
    assert ruleset.rules == jxrules.load_ruleset("dept-overall/2022").rules
    assert jxrules.load_ruleset(TEXT.encode("utf-8"), name="mine.yaml").source == "mine.yaml"


@pytest.mark.parametrize("name", [None, "mine.yaml"])
def test_an_error_in_a_ruleset_text_is_located_in_it(name: str | None) -> None:
    shown = name or "<ruleset>"
    with pytest.raises(YamlSyntaxError) as syntax:
        jxrules.load_ruleset("id: x\ntitle: [\n", name=name)
    assert syntax.value.position == Position(shown, 3, 1)
    outside = TEXT.replace("dept-overall/2022", "../outside.yaml")
    with pytest.raises(RulesetError) as caught:
        jxrules.load_ruleset(outside, name=name)
    assert caught.value.message.startswith("找不到规则集 “../outside.yaml”")
    assert caught.value.position == Position(shown, 4, 10)


def test_a_schema_for_editors_names_the_file_it_is_kept_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    kept = tmp_path / "jxrules" / __version__
    for which, title in (("ruleset", "jxrules ruleset"), ("report", "jxrules canonical report")):
        document = schema_document(which)
        where = kept / f"{which}.schema.json"
        assert document["$id"] == where.as_uri()
        assert document["$schema"] == DIALECT
        assert list(document)[:2] == ["$schema", "$id"]
        assert document.get("title") == title
        assert json.loads(where.read_text(encoding="utf-8")) == document
    output = tmp_path / "out" / "tests.json"
    named = schema_document("tests", str(output))
    assert named["$id"] == output.resolve().as_uri()
    assert not output.exists()  # the caller writes it
    assert "cases" in json.dumps(named)


def test_a_schema_with_nowhere_to_be_kept_gets_a_urn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert schema_document("ruleset")["$id"] == f"urn:jxrules:schema:ruleset:{__version__}"
