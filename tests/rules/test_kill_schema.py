"""The schema files kept for editors: where they are kept without ``XDG_CACHE_HOME``, and
their exact text (UTF-8, two-space indents, Chinese kept as written) whatever the locale.

Written against the mutants of ``jxrules.rules.schema.schema_document`` that survived the tests
of tests/rules (docs/testing.md, *Mutation testing*).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from jxrules import __version__
from jxrules.rules.schema import schema_document


def test_a_schema_is_kept_in_the_home_cache_without_xdg_cache_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    where = tmp_path / ".cache" / "jxrules" / __version__ / "ruleset.schema.json"
    assert schema_document("ruleset")["$id"] == where.as_uri()
    assert where.is_file()


@pytest.mark.parametrize("which", ["ruleset", "tests", "report"])
def test_a_kept_schema_is_indented_json_with_its_chinese_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, which: str
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    document = schema_document(which)
    kept = next((tmp_path / "jxrules" / __version__).glob(f"{which}.schema.json"))
    text = kept.read_text(encoding="utf-8")
    assert text == json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    assert text.startswith('{\n  "$schema": "https://json-schema.org/draft/2020-12/schema",\n')


def test_a_kept_schema_is_utf8_in_an_ascii_locale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # what pathlib asks for a file written without an encoding under LC_ALL=C, in this process
    # (a child process would import the installed package, not the one under test)
    monkeypatch.setattr(io, "text_encoding", lambda encoding, stacklevel=2: encoding or "ascii")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    schema_document("report")
    kept = tmp_path / "jxrules" / __version__ / "report.schema.json"
    assert "绩效自评报告" in kept.read_text(encoding="utf-8")
