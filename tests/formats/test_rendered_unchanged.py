"""Every output format, byte for byte as ``jxrules check`` writes it, against the copies kept in
tests/golden/rendered/.

The other format tests check what each part of an output means (a SARIF result's level, an HTML
row's class, a JUnit case's failure); these pin the whole document, so that no label, attribute,
count or figure a reader sees can change unnoticed.  The cases reach every part of every format:
two reports with findings of each severity, a report that cannot be read, waivers (one applied,
one expired, one unused), a baseline (new, updated, unchanged and absent findings), ``--explain``,
English labels, a project form with its budget table, a clean report, colour, ``--only-new``, and
a page and JSON lines written with ``-o``.

A change meant to alter an output regenerates the copies and shows the change in its diff::

    JXRULES_UPDATE_GOLDEN=1 python -m pytest tests/formats/test_rendered_unchanged.py
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

import jxrules
from tests.conftest import ROOT, CliResult

GOLDEN = ROOT / "tests" / "golden" / "rendered"
REVIEW = "tests/fixtures/review"
#: Two reports, one that cannot be read; waivers and a baseline made for them (see their files).
BATCH = [
    "examples/jiangmen-2022-dept-overall.md",
    "tests/fixtures/layouts/dept-overall-split.md",
    f"{REVIEW}/broken-report.yaml",
    "--waivers",
    f"{REVIEW}/waivers.yaml",
    "--baseline",
    f"{REVIEW}/baseline.json",
    "--as-of",
    "2026-12-07",
]
CASES: dict[str, list[str]] = {
    "review": [*BATCH, "--explain"],
    "review-en": [*BATCH, "--lang", "en"],
    "only-new": [*BATCH, "--only-new"],
    "project": ["examples/demo-2022-project.yaml", "--explain"],
    "clean": ["tests/fixtures/narrative/dept-clean.md"],
}
#: The exit status of each case: 2 where a file cannot be read, else 1 for errors, 0 for none.
EXIT = {"review": 2, "review-en": 2, "only-new": 2, "project": 1, "clean": 0}
FORMATS = ("text", "json", "sarif", "junit", "html")
EXTENSION = {"text": "txt", "json": "json", "sarif": "sarif", "junit": "xml", "html": "html"}


def _golden(case: str, fmt: str) -> Path:
    return GOLDEN / f"{case}.{EXTENSION[fmt]}"


def _compare(text: str, golden: Path) -> None:
    # the version is not part of what a format shows: a release must not rewrite every copy
    text = text.replace(jxrules.__version__, "VERSION")
    if os.environ.get("JXRULES_UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_every_case_has_its_copy_and_no_copy_is_left_over() -> None:
    expected = {_golden(c, f).name for c in CASES for f in FORMATS}
    expected |= {"review-color.txt", "review-lines.jsonl"}
    if not os.environ.get("JXRULES_UPDATE_GOLDEN"):
        assert {p.name for p in GOLDEN.iterdir()} == expected


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("case", sorted(CASES))
def test_output_is_byte_for_byte_the_kept_one(
    case: str, fmt: str, cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("NO_COLOR", raising=False)
    result = cli("check", *CASES[case], "--format", fmt, "--color", "never")
    # a file that cannot be read exits 2 (CONTRACT.md), findings of severity error exit 1
    assert result.code == EXIT[case], result.err
    _compare(result.out, _golden(case, fmt))


def test_colour_text_is_the_kept_one(
    cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    result = cli("check", *BATCH, "--color", "always")
    assert result.code == 2, result.err
    assert "\x1b[" in result.out
    _compare(result.out, GOLDEN / "review-color.txt")


def test_a_page_written_to_a_file_is_the_kept_one(
    cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(ROOT)
    out = tmp_path / "page.html"
    result = cli("check", *CASES["review"], "--format", "html", "-o", str(out))
    assert result.code == 2, result.err
    assert result.out == ""
    # the same page as on stdout
    _compare(out.read_text(encoding="utf-8"), _golden("review", "html"))


def test_json_lines_written_to_a_file_are_the_kept_ones(
    cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """``-o FILE.jsonl``: a line per report, per file that cannot be read, per notice (the unused
    waiver) and per absent baseline finding, streamed as the batch goes."""
    monkeypatch.chdir(ROOT)
    out = tmp_path / "lines.jsonl"
    result = cli("check", *BATCH, "-o", str(out))
    assert result.code == 2, result.err
    assert result.out == ""
    _compare(out.read_text(encoding="utf-8"), GOLDEN / "review-lines.jsonl")
