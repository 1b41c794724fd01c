"""Does the time grow linearly with the input?  The scaling classes of issue 21, measured.

Run it from anywhere (it builds its inputs from ``examples/``)::

    python benchmarks/scaling.py            # about 2 minutes
    python benchmarks/scaling.py --quick    # a smoke run of a few seconds (CI)

Three inputs are grown, each doubling from one size to the next, and each size is checked
by a fresh ``jxrules check … --format json`` process (start-up included, as in bench.py,
whose runner this script uses; standard library only, nothing imports jxrules):

1. **rows**: the canonical YAML example with an indicator table of N rows that all print
   the same target and actual (``100%`` / ``100%``): what the near-duplicate rule once
   compared pair by pair (55 s for 10,000 rows);
2. **narrative line**: the example with one narrative line of N characters made of a phrase
   the bundled crossref patterns look for (``部门收入`` repeated): once 12.8 s at 200 KB;
3. **rules**: a ruleset of N rules (an expression, a crossref pattern and a target rule in
   turn) checking the example; 2,000 is the most a ruleset may have.

For each size the table gives the median time and the **marginal cost**: the time added
per 1,000 units (rows, characters, rules) since the size before.  Linear growth keeps the
marginal cost flat as sizes double; quadratic growth doubles it at every step.  A run whose
output holds an ``engine`` finding (a per-report timeout) stops the script: its time would
mean nothing.
"""

from __future__ import annotations

import argparse
import json
import statistics
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
    Scale("rules", "rules", (250, 500, 1000, 2000), (50, 100), many_rules),
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
            rows = measure(command, runs, args.quick, Path(work))
    except bench.BenchError as exc:
        print(f"scaling: {exc}", file=sys.stderr)
        return 1
    print("\n".join(header))
    print()
    print(table(rows))
    print()
    print(f"Medians of {runs} run(s); {time.perf_counter() - started:,.0f} s in all.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
