"""Does the time grow linearly with the input?  The scaling classes of issue 21, measured.

Run it from anywhere (it builds its inputs from ``examples/``)::

    python benchmarks/scaling.py            # about 2 minutes
    python benchmarks/scaling.py --quick    # a smoke run of a few seconds (CI)
    python benchmarks/scaling.py --big      # big reports: issue 20's goals (a few minutes)

Three inputs are grown, each doubling from one size to the next, and each size is checked
by a fresh ``jxrules check … --format json`` process (start-up included, as in bench.py,
whose runner this script uses; standard library only, nothing imports jxrules):

1. **rows**: the canonical YAML example with an indicator table of N rows that all print
   the same target and actual (``100%`` / ``100%``): what the near-duplicate rule once
   compared pair by pair (55 s for 10,000 rows);
2. **narrative line**: the example with one narrative line of N characters made of a phrase
   the bundled crossref patterns look for (``部门收入`` repeated): once 12.8 s at 200 KB;
3. **rules**: a ruleset of N rules (an expression, a crossref pattern and a target rule in
   turn) checking the example; 10,000 is the most a ruleset may have.

For each size the table gives the median time and the **marginal cost**: the time added
per 1,000 units (rows, characters, rules) since the size before.  Linear growth keeps the
marginal cost flat as sizes double; quadratic growth doubles it at every step.  A run whose
output holds an ``engine`` finding (a per-report timeout, a rule out of its operation
budget) stops the script: its time would mean nothing.

``--big`` measures the goals of issue 20 for big reports instead: the example with its
indicator table grown to 2,000, 20,000 and 100,000 generated rows (bench.py's rows: varied
figures, distinct names), each checked by ``jxrules check … --format json -o out.json``,
beside the example itself (the one-file baseline).  It prints each run's wall time, CPU time
(user + system) and peak RSS, then the three goals: 20,000 rows within 15 times the time of
2,000; 100,000 rows in under 20 s; at most 5 KB of memory per indicator row at 100,000
(peak RSS minus the one file's, divided by the rows).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # the runner and the example's layout: a script beside this one

EXAMPLE_YAML = bench.EXAMPLE_YAML


@dataclass(frozen=True)
class Scale:
    """One input class: how to build it at a size, and the sizes to measure."""

    name: str
    unit: str
    sizes: tuple[int, ...]
    quick: tuple[int, ...]
    build: Callable[[int, Path], list[str]]  # size, work folder -> jxrules check arguments


def _example_lines() -> list[str]:
    return EXAMPLE_YAML.read_text(encoding="utf-8").splitlines()


def uniform_rows(rows: int, work: Path) -> list[str]:
    """The example with ``rows`` indicator rows all printing ``100%`` and ``100%``."""
    lines = _example_lines()
    start = lines.index("indicators:")
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("total_score:"))
    table = []
    for n in range(1, rows + 1):
        cells = {"seq": str(n), "level1": None, "level2": "满意度指标"}
        cells |= {"name": f"{bench._PLACES[n % 8]}服务对象满意度（{n}）"}
        cells |= {"target": "100%", "actual": "100%", "points": None, "score": None, "note": ""}
        flow = ", ".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in cells.items())
        table.append(f"  - {{{flow}}}")
    text = "\n".join([*lines[: start + 1], *table, *lines[end:]]) + "\n"
    path = work / f"rows-{rows}.yaml"
    path.write_text(text.replace("indicator_count: ", "indicator_count_was: ", 1), "utf-8")
    return [str(path)]


def long_line(chars: int, work: Path) -> list[str]:
    """The example with one narrative line of ``chars`` characters of ``部门收入``."""
    lines = _example_lines()
    at = lines.index("narrative: |-") + 1
    lines.insert(at, "  " + "部门收入" * (chars // 4))
    path = work / f"line-{chars}.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [str(path)]


_RULES = (
    (
        "    check: expression",
        '    assert: "self_evaluation.score <= params.max_score + {n}"',
        "    message: 自评得分超过满分 {n}",
    ),
    (
        "    check: crossref",
        "    stated: {{pattern: '部门收入[^。\\n]{{0,80}}?实际收入\\s*(?P<value>[\\d,.]+\\s*[万亿]?元)'}}",
        "    against: {{field: budget.income.total.initial_budget, unit_from: budget.income.unit}}",
        "    message: 正文 {{stated}} 与表 {{against}} 不一致 {n}",
    ),
    ("    check: target", "    find: missed", "    message: 指标“{{name}}”未完成 {n}"),
)


def many_rules(rules: int, work: Path) -> list[str]:
    """A ruleset of ``rules`` rules of three kinds in turn, and the example to check."""
    lines = [
        "id: local/scaling",
        "title: scaling",
        'version: "1"',
        "applies_to: {kind: department_overall, fiscal_years: [2022]}",
        "params: {max_score: 100}",
        "rules:",
    ]
    for n in range(rules):
        lines += [f"  - id: rule-{n}", "    severity: warning"]
        lines += [line.format(n=n) for line in _RULES[n % len(_RULES)]]
    path = work / f"rules-{rules}.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [str(EXAMPLE_YAML), "--ruleset", str(path)]


SCALES = (
    Scale("rows", "rows", (2500, 5000, 10_000, 20_000), (250, 500), uniform_rows),
    Scale(
        "narrative line",
        "characters",
        (50_000, 100_000, 200_000, 400_000),
        (5000, 10_000),
        long_line,
    ),
    Scale("rules", "rules", (1250, 2500, 5000, 10_000), (50, 100), many_rules),
)


def checked(out: Path) -> None:
    """The output holds one report and no engine finding (a timeout would be one)."""
    document = json.loads(out.read_text(encoding="utf-8"))
    (report,) = document["reports"]
    engine = [f["message"] for f in report.get("findings", ()) if f["check"] == "engine"]
    if "findings" not in report or engine:
        raise bench.BenchError(f"{out.name}: not checked cleanly: {engine or report}")


def measure(command: bench.Command, runs: int, quick: bool, work: Path) -> list[list[str]]:
    out = work / "out.json"
    bench.progress("warming up: one untimed run, to cache bytecode")
    bench.run(
        command("check", str(EXAMPLE_YAML), "--format", "json", "-o", str(out), *bench.QUIET), work
    )
    rows: list[list[str]] = []
    for scale in SCALES:
        before: tuple[int, float] | None = None
        for size in scale.quick if quick else scale.sizes:
            args = scale.build(size, work)
            bench.progress(f"{scale.name}: {size:,} {scale.unit}, {runs} runs")
            times = []
            for _ in range(runs):
                out.unlink(missing_ok=True)
                argv = command("check", *args, "--format", "json", "-o", str(out), *bench.QUIET)
                times.append(bench.run(argv, work).seconds)
                checked(out)
            seconds = statistics.median(times)
            marginal = ""
            if before is not None:
                per = (seconds - before[1]) / (size - before[0]) * 1000
                marginal = f"{per * 1000:,.1f} ms"
            rows.append([scale.name, f"{size:,} {scale.unit}", bench.s(seconds), marginal])
            before = (size, seconds)
    return rows


#: ``--big``: the report sizes (rows) of issue 20's goals, and ``--quick``'s.
BIG_SIZES, BIG_QUICK = (2000, 20_000, 100_000), (200, 2000, 10_000)
#: The goals: the larger of the first two sizes within this many times the smaller's time;
#: the largest in under this many seconds; at most this many KB per row over the one file.
GOAL_RATIO, GOAL_SECONDS, GOAL_KB_PER_ROW = 15.0, 20.0, 5.0


@dataclass(frozen=True)
class Timed:
    seconds: float
    cpu: float
    rss_mb: float


def timed(argv: Sequence[str], work: Path, **env: str) -> Timed:
    """bench.run's measure (one process to its exit, in ``work``), with its CPU time too;
    ``env`` is added to the process's environment."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen(
            argv,
            cwd=work,
            env={**bench.child_env(work), **env},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            err.seek(0)
            tail = err.read().decode("utf-8", "replace")[-2000:]
            raise bench.BenchError(f"{' '.join(argv)} failed:\n{tail}")
    return Timed(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / bench.RSS_PER_MB)


def write_report(rows: int, path: Path) -> None:
    """bench.sized_report written by a child process: a child started later by this one
    inherits its peak RSS as its own starting figure (Linux keeps it across exec), so this
    process must never hold a 20 MB report."""
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import bench; from pathlib import Path; "
        "Path(sys.argv[3]).write_text(bench.sized_report(int(sys.argv[2])), encoding='utf-8')"
    )
    here = str(Path(__file__).resolve().parent)
    subprocess.run([sys.executable, "-c", code, here, str(rows), str(path)], check=True)


def big(command: bench.Command, runs: int, quick: bool, work: Path) -> list[str]:
    """Issue 20's goals for big reports: the table and the three goals, as lines."""
    out = work / "out.json"
    inputs = [("one file (the example)", 0, EXAMPLE_YAML)]
    for rows in BIG_QUICK if quick else BIG_SIZES:
        path = work / f"big-{rows}.yaml"
        write_report(rows, path)
        inputs.append((f"{rows:,} rows", rows, path))
    bench.progress("warming up: one untimed run, to cache bytecode")
    timed(
        command("check", str(EXAMPLE_YAML), "--format", "json", "-o", str(out), *bench.QUIET), work
    )
    medians: dict[int, Timed] = {}
    for label, rows, path in inputs:
        bench.progress(f"{label}: {runs} runs")
        found = []
        for _ in range(runs):
            out.unlink(missing_ok=True)
            argv = command("check", str(path), "--format", "json", "-o", str(out), *bench.QUIET)
            # no per-file time limit: on a busy machine 100,000 rows may take longer than the
            # default 60 s of wall time, and a cut-short output would stop the script
            found.append(timed([*argv, "--timeout", "0"], work))
            checked(out)
        medians[rows] = Timed(
            statistics.median(t.seconds for t in found),
            statistics.median(t.cpu for t in found),
            max(t.rss_mb for t in found),
        )
    base = medians[0].rss_mb
    lines = [
        "| report | time | CPU | peak RSS | KB per row over one file |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, rows, _ in inputs:
        m = medians[rows]
        per_row = f"{(m.rss_mb - base) * 1024 / rows:.1f}" if rows else ""
        lines.append(
            f"| {label} | {bench.s(m.seconds)} | {bench.s(m.cpu)} | {bench.mb(m.rss_mb)} | {per_row} |"
        )
    small, middle, largest = (rows for _, rows, _ in inputs[1:])
    ratio = medians[middle].seconds / medians[small].seconds
    cpu_ratio = medians[middle].cpu / medians[small].cpu
    kb = (medians[largest].rss_mb - base) * 1024 / largest
    lines += ["", *big_rulesets(command, runs, quick, work), ""]
    lines += [
        f"- {middle:,} rows ÷ {small:,}: {ratio:.1f}× the time, {cpu_ratio:.1f}× the CPU"
        f" (goal ≤ {GOAL_RATIO:g}×)",
        f"- {largest:,} rows: {bench.s(medians[largest].seconds)}"
        f" ({bench.s(medians[largest].cpu)} CPU; goal < {GOAL_SECONDS:g} s)",
        f"- memory per indicator row at {largest:,}: {kb:.1f} KB (goal ≤ {GOAL_KB_PER_ROW:g} KB)",
    ]
    return lines


#: ``--big``: the ruleset sizes (rules) of issue 20's goal, its limits (seconds), ``--quick``'s.
BIG_RULESETS, BIG_RULESETS_QUICK = ((1000, 1.0), (10_000, 10.0)), ((100, 1.0), (1000, 1.0))


def big_rulesets(command: bench.Command, runs: int, quick: bool, work: Path) -> list[str]:
    """Issue 20's goal for big rulesets: the example checked with N rules, loaded from their
    YAML (``JXRULES_CACHE=off``: the first run, before the loaded ruleset is kept) and kept."""
    out = work / "out.json"
    lines = [
        "| ruleset | first run (JXRULES_CACHE=off) | CPU | kept | CPU |",
        "|---|---:|---:|---:|---:|",
    ]
    goals = []
    for rules, limit in BIG_RULESETS_QUICK if quick else BIG_RULESETS:
        bench.progress(f"{rules:,} rules: {runs} runs each, without and with the cache")
        args = many_rules(rules, work)
        argv = command("check", *args, "--format", "json", "-o", str(out), *bench.QUIET)
        timed([*argv, "--timeout", "0"], work)  # fills the cache
        cold = [timed([*argv, "--timeout", "0"], work, JXRULES_CACHE="off") for _ in range(runs)]
        kept = [timed([*argv, "--timeout", "0"], work) for _ in range(runs)]
        first, again = (
            Timed(
                statistics.median(t.seconds for t in found),
                statistics.median(t.cpu for t in found),
                max(t.rss_mb for t in found),
            )
            for found in (cold, kept)
        )
        lines.append(
            f"| {rules:,} rules | {bench.s(first.seconds)} | {bench.s(first.cpu)}"
            f" | {bench.s(again.seconds)} | {bench.s(again.cpu)} |"
        )
        goals.append(
            f"- {rules:,} rules, first run: {bench.s(first.seconds)}"
            f" ({bench.s(first.cpu)} CPU; goal < {limit:g} s)"
        )
    return [*lines, "", *goals]


def table(rows: Sequence[list[str]]) -> str:
    head = ["input", "size", "time", "per 1,000 more"]
    widths = [max(len(r[k]) for r in [head, *rows]) for k in range(len(head))]

    def line(cells: Sequence[str]) -> str:
        return (
            "| "
            + " | ".join(
                c.ljust(w) if k < 2 else c.rjust(w)
                for k, (c, w) in enumerate(zip(cells, widths, strict=True))
            )
            + " |"
        )

    rule = "|" + "|".join(
        "-" * (w + 2) if k < 2 else "-" * (w + 1) + ":" for k, w in enumerate(widths)
    )
    return "\n".join([line(head), rule + "|", *map(line, rows)])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, one run each")
    parser.add_argument(
        "--big", action="store_true", help="big reports: issue 20's time and memory goals"
    )
    parser.add_argument("--runs", type=int, help="runs per size (default 3; 1 with --quick)")
    parser.add_argument("--jxrules", default="jxrules", metavar="CMD", help="the command to time")
    args = parser.parse_args(argv)
    runs = args.runs or (1 if args.quick else 3)
    if runs < 1:
        parser.error("--runs must be at least 1")
    try:
        command = bench.resolve(args.jxrules, "jxrules")
        header = bench.machine([command])
        started = time.perf_counter()
        with tempfile.TemporaryDirectory(prefix="jxrules-scaling-") as work:
            if args.big:
                lines = big(command, runs, args.quick, Path(work))
            else:
                lines = [table(measure(command, runs, args.quick, Path(work)))]
    except bench.BenchError as exc:
        print(f"scaling: {exc}", file=sys.stderr)
        return 1
    print("\n".join(header))
    print()
    print("\n".join(lines))
    print()
    print(f"Medians of {runs} run(s); {time.perf_counter() - started:,.0f} s in all.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
