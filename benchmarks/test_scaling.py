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
