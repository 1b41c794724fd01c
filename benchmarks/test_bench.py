"""``pytest benchmarks/``: ``bench.py --quick`` runs end to end and prints the table it promises.

Not part of the main suite (pytest's testpaths are ``tests/`` and ``rulesets/``).  It
checks the table's rows and that the batch gave one report per copy, never a timing:
the machine is shared.  It times the ``jxrules`` installed beside this Python.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).with_name("bench.py")
JXRULES = Path(sys.executable).with_name("jxrules")


def table_rows(output: str) -> list[list[str]]:
    """The printed table's rows (measure, then one cell per command), without head and rule."""
    lines = [line for line in output.splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in lines[2:]]


def test_quick_run_prints_every_measure() -> None:
    command = [sys.executable, str(BENCH), "--quick", "--copies", "7", "--sizes", "30,120"]
    command += ["--jxrules", str(JXRULES) if JXRULES.exists() else "jxrules"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("machine: ")
    rows = table_rows(done.stdout)
    assert [row[0] for row in rows] == [
        "python -c pass",
        "check jiangmen-2022-dept-overall.md",
        "÷ python -c pass",
        "peak RSS",
        "with JXRULES_CACHE=off",
        "batch: 7 × .md → json, --jobs 1",
        "reports/s",
        "peak RSS",
        "batch: same, --jobs 2",
        "reports/s",
        "peak RSS (largest process)",
        "reports in out.json (every run)",
        "canonical YAML, 30 rows",
        "120 rows",
    ]
    assert all(len(row) == 2 for row in rows)  # one command, so no A ÷ B column
    assert rows[11][1] == "7"  # one report per copy, in every run
    assert rows[12][1].endswith("s (1.0×)")
