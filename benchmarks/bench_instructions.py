"""Instructions per report, jxrules against the hand-written floor: a/b without the machine's noise.

Run from the repository root (needs valgrind; about two minutes)::

    python benchmarks/bench_instructions.py            # 100 generated reports, 2 rounds
    python benchmarks/bench_instructions.py --reports 200 --rounds 3

Wall-clock figures on a shared machine move by ±20% from one hour to the next, more than most
single changes gain.  The number of instructions the CPU executes does not: this script runs the
same checking loop as ``bench_scale.py`` (a) and (b) under ``valgrind --tool=cachegrind``, once
without the rounds and once with them, and divides the difference by the reports checked.  The
two figures differ by well under 1% from run to run (``PYTHONHASHSEED=0``), so an A/B of two
commits, or jxrules against the floor, can be read off directly.  Instructions are not time —
memory stalls and garbage collection are not in them — so ``bench_scale.py`` stays the measure of
record; this one says which way a change goes, and by how much.
"""

from __future__ import annotations

import argparse
import os
import pickle
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

#: The loop valgrind counts: load the pickled mappings, then check them ``rounds`` times.
_CHILD = """
import pickle, sys
sys.path[:0] = [{root!r}, {here!r}]
import jxrules
from bench_scale import RULESET_ID, clear_parse_caches
from handwritten import handwritten_findings
which, rounds = sys.argv[1], int(sys.argv[2])
with open({data!r}, "rb") as f:
    reports = [jxrules.load_report(d) for d in pickle.load(f)]
ruleset = jxrules.load_ruleset(RULESET_ID)
jxrules.check(reports[0], ruleset)
handwritten_findings(reports[0])
for _ in range(rounds):
    clear_parse_caches()  # every round is a fresh batch, as in bench_scale (a)
    for report in reports:
        if which == "jxrules":
            jxrules.check(report, ruleset)
        else:
            handwritten_findings(report)
"""


def instructions(script: Path, which: str, rounds: int) -> int:
    """Instructions valgrind counts for the child script (``I refs``)."""
    done = subprocess.run(
        [
            "valgrind",
            "--tool=cachegrind",
            "--cache-sim=no",
            "--cachegrind-out-file=/dev/null",
            sys.executable,
            str(script),
            which,
            str(rounds),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONHASHSEED": "0"},
        check=False,
    )
    found = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    if done.returncode != 0 or found is None:
        raise SystemExit(f"valgrind failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reports", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (Debian: apt-get install valgrind)", file=sys.stderr)
        return 2
    sys.path[:0] = [str(ROOT), str(HERE)]
    from bench_scale import SEED, ReportGenerator

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "reports.pickle"
        with data.open("wb") as f:
            pickle.dump(list(ReportGenerator(SEED).reports(args.reports)), f)
        script = Path(tmp) / "child.py"
        script.write_text(_CHILD.format(root=str(ROOT), here=str(HERE), data=str(data)), "utf-8")
        per_report = {}
        for which in ("jxrules", "handwritten"):
            setup = instructions(script, which, 0)
            total = instructions(script, which, args.rounds)
            per_report[which] = (total - setup) / (args.reports * args.rounds)
    ours, floor = per_report["jxrules"], per_report["handwritten"]
    print(f"{args.reports} generated reports (seed {SEED}), {args.rounds} rounds, caches emptied")
    print("before each round; instructions per report (valgrind cachegrind, PYTHONHASHSEED=0):")
    print(f"  (a) jxrules.check          {ours / 1e6:6.2f} M")
    print(f"  (b) hand-written floor     {floor / 1e6:6.2f} M")
    print(f"  a/b                        {ours / floor:6.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
