"""The same inputs give byte-identical output across runs and across ``PYTHONHASHSEED`` values."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

REPORT = "examples/jiangmen-2022-dept-overall.yaml"
SEEDS = ("0", "1", "12345")
HAS_SARIF = (ROOT / "jxrules" / "formats" / "sarif.py").is_file()

#: Evidence built from sets and dicts: would follow the hash seed if sets did.
SET_RULESET = """\
id: local/sets
title: sets
version: "1"
applies_to: {kind: department_overall, fiscal_years: [2022]}
rules:
  - id: level2-set
    check: expression
    severity: warning
    assert: "False"
    location: {table: indicators}
    evidence:
      levels: "list(set(i.level2 for i in indicators))"
      names: "set(i.name for i in indicators) | {'甲', '乙', '丙'}"
      firsts: "{i.level2: i.name for i in indicators}"
    message: 二级指标：{levels}
"""


def run(seed: str, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONHASHSEED": seed, "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "jxrules", "check", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        timeout=120,
        check=False,
    )


def outputs(*args: str) -> list[bytes]:
    results = [run(seed, *args) for seed in SEEDS]
    for result in results:
        assert result.returncode in (0, 1), result.stderr.decode()
        assert b"Traceback" not in result.stderr
    return [r.stdout for r in results]


@pytest.mark.parametrize(
    "fmt",
    [
        "json",
        pytest.param(
            "sarif", marks=pytest.mark.skipif(not HAS_SARIF, reason="no jxrules/formats/sarif.py")
        ),
    ],
)
def test_bundled_ruleset_output_is_byte_identical(fmt: str) -> None:
    first, *others = outputs(REPORT, "--format", fmt)
    assert json.loads(first)  # one JSON document
    assert all(other == first for other in others)


def test_set_valued_evidence_is_byte_identical(tmp_path: Path) -> None:
    ruleset = tmp_path / "sets.yaml"
    ruleset.write_text(SET_RULESET, encoding="utf-8")
    first, *others = outputs(REPORT, "--ruleset", str(ruleset), "--format", "json")
    assert all(other == first for other in others)
    (finding,) = json.loads(first)["reports"][0]["findings"]
    assert finding["check"] == "expression", finding
    assert finding["evidence"]["levels"].startswith("产出指标")  # the order of first appearance


def test_repeated_runs_in_one_process_are_identical(tmp_path: Path) -> None:
    import jxrules
    from jxrules.formats import Run, renderer

    report = jxrules.load_report(ROOT / REPORT)
    texts = []
    for _ in range(3):
        result = jxrules.check(report)
        run_ = Run(results=[result], version=jxrules.__version__)
        texts.append(renderer("json")(run_))
    assert texts[0] == texts[1] == texts[2]
