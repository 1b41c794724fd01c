"""``pytest benchmarks/``: the scale benchmark's quick profile runs, and the floor is right.

Only agreement is asserted — jxrules and ``benchmarks/handwritten.py`` give the
same findings on every generated report, from memory, through ``check_many``
and through the CLI's JSONL stream.  Timings are printed (``-s``), never
asserted: the machine is shared.
"""

from __future__ import annotations

from pathlib import Path

from bench_scale import QUICK, environment, render, run


def test_quick_profile_agrees(tmp_path: Path) -> None:
    outcome = run(QUICK, tmp_path)
    print(render(outcome, environment()))
    assert outcome.mismatches == []
    assert outcome.agree
