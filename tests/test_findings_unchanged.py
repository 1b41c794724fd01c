"""The findings on every example and every report fixture, byte for byte as `jxrules check
--format json` prints them, against the copies kept in tests/golden/.

A change made for speed (a cache, a faster reader, another way to run a batch) must not change
one byte of them.  A change meant to alter findings regenerates the copies and shows the change
in its diff:

    JXRULES_UPDATE_GOLDEN=1 python -m pytest tests/test_findings_unchanged.py
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import ROOT, CliResult

GOLDEN = ROOT / "tests" / "golden"
#: What a report can be in: the examples in every format, the fixtures as documents.
REPORTS = sorted(
    [
        *(p for p in (ROOT / "examples").iterdir() if p.suffix in (".md", ".yaml", ".json")),
        *(
            p
            for p in (ROOT / "tests" / "fixtures").rglob("*")
            if p.suffix in (".md", ".docx", ".pdf", ".xlsx")
        ),
    ]
)


def _golden(source: str) -> Path:
    return GOLDEN / (source.replace("/", "__") + ".json")


def test_every_report_has_its_golden_copy_and_no_copy_is_left_over() -> None:
    assert len(REPORTS) >= 50
    expected = {_golden(p.relative_to(ROOT).as_posix()).name for p in REPORTS}
    if not os.environ.get("JXRULES_UPDATE_GOLDEN"):
        assert {p.name for p in GOLDEN.glob("*.json")} == expected


@pytest.mark.parametrize("source", [p.relative_to(ROOT).as_posix() for p in REPORTS])
def test_findings_are_byte_for_byte_the_kept_ones(
    source: str, cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    result = cli("check", source, "--format", "json")
    assert result.code in (0, 1), result.err
    document = json.loads(result.out)
    document.pop("jxrules")  # the version: not a finding
    text = json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    golden = _golden(source)
    if os.environ.get("JXRULES_UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")
