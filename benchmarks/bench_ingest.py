"""Time the Markdown reader: ``python benchmarks/bench_ingest.py``.

Goals (issue 4): the example report in < 20 ms, a synthetic 1,000-row
indicator table in < 200 ms.  Each case is run ``REPEATS`` times after one
warm-up run (the header vocabulary and fact patterns are loaded once per
process); the table shows the best and the median run.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from jxrules.ingest.markdown import read_string

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "jiangmen-2022-dept-overall.md"
REPEATS = 30


def synthetic(rows: int) -> str:
    """A department report whose indicator table has ``rows`` rows, cut every 40 rows."""
    header = (
        "| 序号 | 二级指标 | 三级指标 | 年初申报指标值 | 实际完成值 | 备注 |\n"
        "|----|------|------|------|------|----|\n"
    )
    parts = [
        "部门整体支出绩效自评报告\n\n部门名称：某局（公章）\n\n2022 年部门整体支出绩效指标 1000 个。\n\n"
    ]
    parts.append(header)
    for i in range(1, rows + 1):
        if i % 40 == 0:
            parts.append("\n" + header)  # a page break repeating the header
        category = "产出指标" if i == 1 else ""
        parts.append(f"| {i} | {category} | 指标{i}数量 | ≥{i} 家 | {i + 1} 家 | |\n")
    return "".join(parts)


def measure(run: Callable[[], object]) -> tuple[float, float]:
    run()  # warm-up
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return min(times), statistics.median(times)


def main() -> int:
    example = EXAMPLE.read_text(encoding="utf-8")
    big = synthetic(1000)
    assert len(read_string(big)[0].indicators) == 1000
    cases = [
        ("example (jiangmen-2022-dept-overall.md)", example, 20.0),
        ("synthetic 1,000-row indicator table", big, 200.0),
    ]
    print(f"{'case':<42} {'best ms':>9} {'median ms':>10} {'goal ms':>8}  ok")
    failed = False
    for name, text, goal in cases:
        best, median = measure(lambda text=text: read_string(text, "bench.md"))
        ok = median < goal
        failed |= not ok
        print(f"{name:<42} {best:>9.2f} {median:>10.2f} {goal:>8.0f}  {'yes' if ok else 'NO'}")
    print(f"({REPEATS} runs each, Python {sys.version.split()[0]})")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
