"""Benchmark: the duplicate rules over a synthetic 10,000-indicator report.

Run from the repository root::

    python benchmarks/bench_duplicate.py [--rows 10000] [--same-figures-share 0.05] [--repeat 5]

The report is made with a fixed seed: indicator names built from realistic
parts (企业 / 项目 / 培训 … 数量 / 金额 / 满意度 …), figures drawn from a small
realistic pool (so many rows share figures such as ``100%`` / ``100%``), with
some exact copies and some near-duplicates (a word dropped from an earlier
name, same figures).  The goal is well under one second per run.
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

import attrs

from jxrules.engine import check
from jxrules.model import Indicator, Report
from jxrules.ruleset import load_ruleset

ROOT = Path(__file__).resolve().parent.parent
RULESET = ROOT / "tests" / "fixtures" / "rulesets" / "dept-overall-dup-reconcile.yaml"

PLACES = [
    "蓬江",
    "江海",
    "新会",
    "台山",
    "开平",
    "鹤山",
    "恩平",
    "市级",
    "省级",
    "国家级",
    "县级",
    "镇街",
]
SUBJECTS = [
    "企业",
    "中小企业",
    "工业企业",
    "总部企业",
    "项目",
    "重点项目",
    "培训",
    "学员",
    "服务对象",
    "群众",
    "学生",
    "园区",
    "平台",
    "基站",
]
ACTIONS = [
    "新增",
    "支持",
    "扶持",
    "认定",
    "引进",
    "培育",
    "改造",
    "建设",
    "完成",
    "开展",
    "举办",
    "奖补",
    "发放",
    "覆盖",
]
OBJECTS = [
    "技术改造",
    "数字化转型",
    "专精特新",
    "标杆示范",
    "公共服务",
    "贷款担保",
    "节能改造",
    "人才培养",
    "上云上平台",
]
HEADS = [
    "数量",
    "金额",
    "笔数",
    "人次",
    "场次",
    "个数",
    "满意度",
    "合格率",
    "完成率",
    "及时率",
    "覆盖率",
    "增长率",
]
UNITS = ["家", "个", "笔", "人次", "场", "项", "万元", "亿元"]


def synthetic(rows: int, same_share: float, seed: int = 20220101) -> tuple[Report, int, int]:
    rng = random.Random(seed)  # fixed seed: the same report every run
    indicators: list[Indicator] = []
    exact = near = 0
    names: set[str] = set()
    while len(indicators) < rows:
        n = len(indicators) + 1
        roll = rng.random()
        if indicators and roll < 0.02:  # an exact copy of an earlier row
            source = rng.choice(indicators)
            indicators.append(attrs.evolve(source, seq=str(n), position=n))
            exact += 1
            continue
        if indicators and roll < 0.03:  # a near-duplicate: drop the subject, keep the figures
            source = rng.choice(indicators)
            for subject in SUBJECTS:
                if subject in source.name and source.name != subject:
                    shorter = source.name.replace(subject, "", 1)
                    indicators.append(attrs.evolve(source, seq=str(n), name=shorter, position=n))
                    near += 1
                    break
            continue
        name = (
            rng.choice(PLACES)
            + rng.choice(ACTIONS)
            + rng.choice(SUBJECTS)
            + rng.choice(OBJECTS)
            + rng.choice(HEADS)
        )
        if name in names:
            continue  # exact copies are made on purpose only
        names.add(name)
        if rng.random() < same_share:
            target, actual = "100%", "100%"
        else:
            unit = rng.choice(UNITS)
            base = rng.randrange(1, 500)
            target = f"≥{base}{unit}"
            actual = f"{base + rng.randrange(-20, 200)} {unit}"
        indicators.append(
            Indicator(
                seq=str(n),
                name=name,
                target=target,
                actual=actual,
                level2="产出指标",
                position=n,
            )
        )
    return Report(kind="department_overall", indicators=tuple(indicators)), exact, near


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--same-figures-share", type=float, default=0.05)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    ruleset = load_ruleset(RULESET)
    ruleset = attrs.evolve(ruleset, rules=tuple(r for r in ruleset.rules if r.check == "duplicate"))
    report, exact, near = synthetic(args.rows, args.same_figures_share)
    print(
        f"{len(report.indicators)} indicators ({exact} exact copies, {near} near-duplicates made); "
        f"rules: {', '.join(r.id for r in ruleset.rules)}"
    )
    timings = []
    result = None
    for _ in range(args.repeat):
        start = time.perf_counter()
        result = check(report, ruleset)
        timings.append(time.perf_counter() - start)
    assert result is not None
    counts: dict[str, int] = {}
    for finding in result.findings:
        counts[finding.rule] = counts.get(finding.rule, 0) + 1
    print(f"findings: {counts}")
    print(f"best {min(timings):.3f} s, worst {max(timings):.3f} s over {args.repeat} runs")


if __name__ == "__main__":
    main()
