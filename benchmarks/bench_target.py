"""Benchmark: the ``target`` rules over a synthetic report of 10,000 indicators.

Run: ``python benchmarks/bench_target.py [N]``.  Goal: well under 1 s for 10,000
rows (every row's target and actual are distinct texts, so the parse cache does
not help; a second run over the same report shows the cached figure).
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

import attrs

import jxrules
from jxrules.checks.target import verdicts_of
from jxrules.model import Indicator, Num, Report
from jxrules.quantities import default_vocabulary

ROOT = Path(__file__).resolve().parent.parent
RULESET = ROOT / "tests" / "fixtures" / "rulesets" / "dept-overall-target-crossref.yaml"

SHAPES = [
    ("企业数量", "≥{a} 家", "{b} 家"),
    ("贷款金额", "超过{a}亿元", "{b}.5亿元"),
    ("满意度", "{p}%以上", "{q}%"),
    ("认定企业数量", "{a}-{c}家", "{b}家"),
    ("投资额", "≥{a},{a3}万元", "{b}亿元"),
    ("投诉率", "{s}%", "{t}%"),
    ("单个项目平均补助成本", "≤{a}万元", "{b}万元"),
    (
        "拉动收入",
        "收入增长{a}亿元以上，贡献增长超过{c}万元",
        "收入增长{b}亿元以上，贡献增长超过{d} 万元。",
    ),
    ("培训人数", "{a} 名", "{b} 人次"),
    ("服务质量", "有效提升", "明显提升"),
    ("完成时间", "{m}月底前", "{n}月"),
    ("平台数量", "≧{a}个", "已完成"),
]


def synthetic_report(n: int, seed: int = 2022) -> Report:
    rnd = random.Random(seed)
    rows = []
    for i in range(n):
        name, target, actual = SHAPES[i % len(SHAPES)]
        values = {
            "a": rnd.randint(1, 999),
            "b": rnd.randint(1, 2999),
            "c": rnd.randint(1000, 9999),
            "d": rnd.randint(1000, 19999),
            "a3": f"{rnd.randint(0, 999):03d}",
            "p": rnd.randint(80, 99),
            "q": rnd.randint(75, 100),
            "s": rnd.randint(1, 9),
            "t": rnd.randint(1, 9),
            "m": rnd.randint(1, 12),
            "n": rnd.randint(1, 12),
        }
        rows.append(
            Indicator(
                seq=str(i + 1),
                name=f"{name}{i}" if i % len(SHAPES) not in (5, 6) else name,
                target=target.format(**values),
                actual=actual.format(**values),
                points=Num(Decimal(10), "10"),
                score=Num(Decimal(10), "10"),
                position=i + 1,
            )
        )
    return Report(kind="department_overall", fiscal_year=2022, indicators=tuple(rows))


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    full = jxrules.load_ruleset(str(RULESET))
    ruleset = attrs.evolve(full, rules=tuple(r for r in full.rules if r.check == "target"))
    report = synthetic_report(n)
    vocabulary = default_vocabulary()  # load the word lists outside the timing
    cold, warm, verdicts = [], [], []
    for _ in range(5):
        vocabulary.clear_cache()
        start = time.perf_counter()
        result = jxrules.check(report, ruleset)
        cold.append(time.perf_counter() - start)
        start = time.perf_counter()
        jxrules.check(report, ruleset)
        warm.append(time.perf_counter() - start)
        vocabulary.clear_cache()
        start = time.perf_counter()
        verdicts_of(report.indicators, ruleset.rules[0].config)
        verdicts.append(time.perf_counter() - start)
    print(f"indicators: {n}, target rules: {len(ruleset.rules)}, findings: {len(result.findings)}")
    print(f"summary: {result.summary}")
    print(
        f"check, every cell parsed:      best {min(cold):.3f} s, median {statistics.median(cold):.3f} s"
    )
    print(
        f"check, parse cache warm:       best {min(warm):.3f} s, median {statistics.median(warm):.3f} s"
    )
    print(f"verdicts only (parse+compare): best {min(verdicts):.3f} s")


if __name__ == "__main__":
    main()
