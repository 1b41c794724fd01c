"""Instructions per report, jxrules against the hand-written floor: a/b without the machine's noise.

Run from the repository root (needs valgrind; about two minutes)::

    python benchmarks/bench_instructions.py            # 100 generated reports, 2 rounds
    python benchmarks/bench_instructions.py --reports 200 --rounds 3
    python benchmarks/bench_instructions.py --by-kind  # also each check kind's share (~6 min)

Wall-clock figures on a shared machine move by ±20% from one hour to the next, more than most
single changes gain.  The number of instructions the CPU executes does not: this script runs the
same checking loop as ``bench_scale.py`` (a) and (b) under ``valgrind --tool=cachegrind``, once
without the rounds and once with them, and divides the difference by the reports checked.  The
two figures differ by well under 1% from run to run (``PYTHONHASHSEED=0``), so an A/B of two
commits, or jxrules against the floor, can be read off directly.  Instructions are not time —
memory stalls and garbage collection are not in them — so ``bench_scale.py`` stays the measure of
record; this one says which way a change goes, and by how much.

``--by-kind`` also counts each loop once without one check kind's rules (jxrules) and without
the floor's functions for the same rules (:data:`FLOOR_SECTIONS`): the difference is what that
kind costs per report, on each side, so the gap can be read kind by kind.
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
import attrs
import jxrules
import handwritten
from bench_scale import RULESET_ID, clear_parse_caches
from handwritten import handwritten_findings
which, rounds, without = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
with open({data!r}, "rb") as f:
    reports = [jxrules.load_report(d) for d in pickle.load(f)]
ruleset = jxrules.load_ruleset(RULESET_ID)
if which == "jxrules" and without:  # the ruleset without one check kind's rules
    ruleset = attrs.evolve(ruleset, rules=tuple(r for r in ruleset.rules if r.check != without[0]))
for section in without[1:]:  # the floor without the functions of the same rules
    setattr(handwritten, section, lambda view, out: None)
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


#: The floor's functions that compute each check kind's findings (``handwritten.py``).
FLOOR_SECTIONS: dict[str, tuple[str, ...]] = {
    "target": ("_targets",),
    "crossref": ("_budget_text", "_count_text"),
    "duplicate": ("_duplicates",),
    "expression": ("_expressions",),
    "reconcile": ("_reconcile",),
    "taxonomy": ("_taxonomy",),
}


def instructions(script: Path, which: str, rounds: int, without: tuple[str, ...] = ()) -> int:
    """Instructions valgrind counts for the child script (``I refs``); ``without``: the check
    kind left out, then the floor's functions left out (``--by-kind``)."""
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
            *without,
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
    parser.add_argument(
        "--by-kind", action="store_true", help="also each check kind's share, on both sides"
    )
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
        checked = args.reports * args.rounds

        def per_report(which: str, without: tuple[str, ...] = ()) -> float:
            setup = instructions(script, which, 0, without)
            return (instructions(script, which, args.rounds, without) - setup) / checked

        ours, floor = per_report("jxrules"), per_report("handwritten")
        print(f"{args.reports} generated reports (seed {SEED}), {args.rounds} rounds, caches")
        print("emptied before each round; instructions per report (valgrind cachegrind,")
        print("PYTHONHASHSEED=0):")
        print(f"  (a) jxrules.check          {ours / 1e6:6.2f} M")
        print(f"  (b) hand-written floor     {floor / 1e6:6.2f} M")
        print(f"  a/b                        {ours / floor:6.2f}x")
        if args.by_kind:
            print("each check kind: what leaving its rules out saves (M per report)")
            print(f"  {'kind':<12}{'jxrules':>9}{'floor':>9}{'ratio':>8}")
            for kind, sections in FLOOR_SECTIONS.items():
                mine = ours - per_report("jxrules", (kind,))
                theirs = floor - per_report("handwritten", ("", *sections))
                print(f"  {kind:<12}{mine / 1e6:9.2f}{theirs / 1e6:9.2f}{mine / theirs:7.2f}x")
            print("  (the rest is shared: the engine, the report's names, the floor's view)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
