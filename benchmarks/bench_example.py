"""Checks per second on the bundled example with the bundled ruleset (issue 3's figure).

    python benchmarks/bench_example.py

Prints the best of 5 rounds of 200 checks each: check only (report in memory),
and load + check from the canonical YAML and from the Markdown as received.
"""

from __future__ import annotations

import os
import platform
import time
from collections.abc import Callable
from pathlib import Path

import jxrules
from jxrules.engine import check

ROOT = Path(__file__).resolve().parent.parent
YAML = ROOT / "examples" / "jiangmen-2022-dept-overall.yaml"
MD = ROOT / "examples" / "jiangmen-2022-dept-overall.md"


def rate(work: Callable[[], object], n: int, rounds: int = 5) -> float:
    """Best operations per second over ``rounds`` rounds of ``n`` calls."""
    work()
    best = 0.0
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(n):
            work()
        best = max(best, n / (time.perf_counter() - start))
    return best


def main() -> None:
    ruleset = jxrules.load_ruleset("dept-overall/2022")
    report = jxrules.load_report(YAML)
    findings = len(check(report, ruleset).findings)
    print(
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}"
    )
    print(
        f"ruleset {ruleset.id}: {len(ruleset.rules)} rules; the example gives {findings} findings"
    )
    print("| measure | checks/s | ms each |")
    print("|---|---:|---:|")
    for label, work, n in (
        ("check only (report in memory)", lambda: check(report, ruleset), 200),
        ("load YAML + check", lambda: check(jxrules.load_report(YAML), ruleset), 50),
        ("load Markdown + check", lambda: check(jxrules.load_report(MD), ruleset), 50),
    ):
        per_second = rate(work, n)
        print(f"| {label} | {per_second:,.0f} | {1000 / per_second:.2f} |")


if __name__ == "__main__":
    main()
