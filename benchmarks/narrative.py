"""What the narrative reader (issue 18, docs/narrative.md) costs per report, in CPU time.

    python benchmarks/narrative.py

Loads the example report (Markdown and canonical YAML) with and without the narrative
facts (the reader replaced by one returning nothing), and times the reader alone. CPU time
(``time.process_time``), the minimum of 7 rounds of 100 calls: a busy shared machine moves
wall-clock figures more than the difference measured.
"""

from __future__ import annotations

import time
import timeit
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jxrules
import jxrules.ingest.assemble as assemble
import jxrules.ingest.canonical as canonical
from jxrules.ingest.narrative import read_text

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
MD = EXAMPLES / "jiangmen-2022-dept-overall.md"
YAML = EXAMPLES / "jiangmen-2022-dept-overall.yaml"


def cpu_ms(call: Callable[[], Any], number: int = 100) -> float:
    call()
    rounds = timeit.repeat(call, number=number, repeat=7, timer=time.process_time)
    return min(rounds) / number * 1000


def main() -> None:
    report = jxrules.load_report(MD)
    ruleset = jxrules.load_ruleset("dept-overall/2022")
    print(f"narrative reader alone: {cpu_ms(lambda: read_text(report.narrative)):.2f} ms")
    rows = {}
    for label in ("with narrative facts", "without"):
        if label == "without":
            assemble.read_narrative = lambda lines: None  # type: ignore[assignment]
            canonical.read_narrative = lambda text: None  # type: ignore[assignment]
        rows[label] = (
            cpu_ms(lambda: jxrules.load_report(MD)),
            cpu_ms(lambda: jxrules.load_report(YAML)),
            cpu_ms(lambda: jxrules.check(jxrules.load_report(MD), ruleset)),
        )
    print("| | load .md | load .yaml | load .md + check |")
    print("|---|---:|---:|---:|")
    for label, (md, yaml, check) in rows.items():
        print(f"| {label} | {md:.2f} ms | {yaml:.2f} ms | {check:.2f} ms |")


if __name__ == "__main__":
    main()
