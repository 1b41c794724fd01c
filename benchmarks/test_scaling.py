"""``pytest benchmarks/``: ``scaling.py --quick`` runs end to end and prints every class and size.

Checks the table's rows, never a timing (the machine is shared).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from test_bench import JXRULES, table_rows

SCALING = Path(__file__).with_name("scaling.py")


def test_quick_run_prints_every_class_and_size() -> None:
    command = [sys.executable, str(SCALING), "--quick"]
    command += ["--jxrules", str(JXRULES) if JXRULES.exists() else "jxrules"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    rows = table_rows(done.stdout)
    assert [row[:2] for row in rows] == [
        ["rows", "250 rows"],
        ["rows", "500 rows"],
        ["narrative line", "5,000 characters"],
        ["narrative line", "10,000 characters"],
        ["rules", "50 rules"],
        ["rules", "100 rules"],
    ]
    assert [row[3] == "" for row in rows] == [True, False] * 3
    assert all(row[2].endswith(" s") for row in rows)


def test_quick_big_run_prints_every_size_and_the_three_goals() -> None:
    command = [sys.executable, str(SCALING), "--big", "--quick"]
    command += ["--jxrules", str(JXRULES) if JXRULES.exists() else "jxrules"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    rows = [row for row in table_rows(done.stdout) if row[0] not in ("ruleset", "---")]
    assert [row[0] for row in rows] == [
        "one file (the example)",
        "200 rows",
        "2,000 rows",
        "10,000 rows",
        "100 rules",
        "1,000 rules",
    ]
    assert [row[4] == "" for row in rows[:4]] == [True, False, False, False]
    assert all(row[3].endswith(" MB") for row in rows[:4])
    assert all(cell.endswith(" s") for row in rows[4:] for cell in row[1:])
    goals = [line for line in done.stdout.splitlines() if line.startswith("- ")]
    assert [line.split(":")[0] for line in goals] == [
        "- 100 rules, first run",
        "- 1,000 rules, first run",
        "- 2,000 rows ÷ 200",
        "- 10,000 rows",
        "- memory per indicator row at 10,000",
    ]
