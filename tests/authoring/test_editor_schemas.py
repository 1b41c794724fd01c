"""Editor support: the schemas of rulesets and of ``*.tests.yaml`` accept every bundled file,
refuse a misspelt key, and their ``$id`` resolves to the very schema."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

import pytest
import yaml
from jsonschema import Draft202012Validator

from jxrules.authoring.rule_tests import find_test_files
from jxrules.rules.ruleset import bundled_rulesets
from tests.conftest import ROOT, CliResult

TUTORIAL = ROOT / "docs" / "tutorial"


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache"


def _schema(cli: Callable[..., CliResult], which: str) -> dict[str, object]:
    result = cli("schema", which)
    assert result.code == 0
    schema: dict[str, object] = json.loads(result.out)
    return schema


def _errors(schema: dict[str, object], path: Path) -> list[str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [f"{path}: {e.message}" for e in Draft202012Validator(schema).iter_errors(data)]


def test_every_bundled_ruleset_validates(cli: Callable[..., CliResult]) -> None:
    schema = _schema(cli, "ruleset")
    files = [*bundled_rulesets().values(), TUTORIAL / "my-2023.yaml"]
    assert len(files) == 4
    assert [e for path in files for e in _errors(schema, path)] == []


def test_every_bundled_tests_file_validates(cli: Callable[..., CliResult]) -> None:
    schema = _schema(cli, "tests")
    files = list(find_test_files([ROOT / "rulesets", TUTORIAL]))
    assert len(files) == 4
    assert [e for path in files for e in _errors(schema, path)] == []


def test_a_misspelt_key_is_refused(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    tests = tmp_path / "x.tests.yaml"
    tests.write_text("cases:\n  - name: a\n    expcet: []\n", encoding="utf-8")
    assert _errors(_schema(cli, "tests"), tests) == [
        f"{tests}: Additional properties are not allowed ('expcet' was unexpected)"
    ]
    ruleset = tmp_path / "r.yaml"
    text = (TUTORIAL / "my-2023.yaml").read_text(encoding="utf-8")
    ruleset.write_text(text.replace("applies_to", "applies-to"), encoding="utf-8")
    assert len(_errors(_schema(cli, "ruleset"), ruleset)) == 2  # unknown key, missing key


@pytest.mark.parametrize("which", ["ruleset", "tests", "report"])
def test_the_id_resolves_to_the_schema_itself(
    which: str, cli: Callable[..., CliResult], tmp_path: Path, cache: Path
) -> None:
    printed = _schema(cli, which)
    kept = Path(url2pathname(urlparse(str(printed["$id"])).path))
    assert kept == cache / "jxrules" / "0.1.0" / f"{which}.schema.json"
    assert json.loads(kept.read_text(encoding="utf-8")) == printed
    target = tmp_path / "editor" / f"{which}.json"
    target.parent.mkdir()
    assert cli("schema", which, "-o", target).code == 0
    written = json.loads(target.read_text(encoding="utf-8"))
    assert written["$id"] == target.resolve().as_uri()
    assert {**written, "$id": printed["$id"]} == printed


def test_authoring_shows_the_modeline_and_the_vscode_settings() -> None:
    page = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    modelines = re.findall(r"^# yaml-language-server: \$schema=(\S+)$", page, re.M)
    assert modelines == [".jxrules/ruleset.schema.json", ".jxrules/tests.schema.json"]
    (settings,) = re.findall(r"```jsonc\n(.*?)```", page, re.S)
    schemas = json.loads(re.sub(r"//[^\n]*", "", settings))["yaml.schemas"]
    assert schemas == {
        ".jxrules/ruleset.schema.json": ["rules/**/*.yaml"],
        ".jxrules/tests.schema.json": ["**/*.tests.yaml"],
    }
