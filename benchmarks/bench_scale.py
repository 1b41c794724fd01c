"""Scale benchmark (issue 6 item 5): jxrules against a hand-written floor, batches, memory.

Run from the repository root::

    python benchmarks/bench_scale.py            # full profile (a few minutes)
    python benchmarks/bench_scale.py --quick    # small profile (what pytest benchmarks/ runs)
    python benchmarks/bench_scale.py --profile  # also print cProfile hot spots of (a) and (d)

Reports come from a generator with a fixed seed (``random.Random(20221231)``),
shaped like ``examples/jiangmen-2022-dept-overall.yaml``: its budget cells,
indicator targets and actuals (in the printed formats the example uses:
``≥200 家``, ``2 个``, ``2-3家``, ``超过2亿元``, ``5.7 亿元``, ``90%以上``, the
compound row 12, ``500 名``), duplicate rows, the narrative's figures, score
and grade are perturbed.  Before anything is timed, every generated report is
checked both by jxrules (bundled ``dept-overall/2022``) and by
``benchmarks/handwritten.py`` (the same findings in plain Python, the
practical floor), and the two must agree exactly: the same list of findings
as ``Finding.to_dict()`` gives them (rule, check, severity, message, location,
evidence), in the same order — from memory, through ``check_many`` and in the
CLI's JSONL stream.

Measured, in one run:

(a) ``jxrules.check`` on in-memory reports, one process (best of 3; the
    quantity parse cache is cleared before each repeat, so every repeat is a
    fresh batch; a warm-cache figure is shown too);
(b) the hand-written checker on the same reports (best of 3), and a/b; for information, (a)
    with the cyclic garbage collector paused, and how many collections each round ran (the
    floor frees everything it makes at once and runs none; jxrules' caches keep objects, and
    each full collection walks every report held in memory);
(c) end-to-end ``check_many`` over the reports written as canonical YAML,
    ``jobs=1`` and ``jobs=2`` (process pool start-up included);
(d) one 10,000-indicator report with the bundled ruleset (best of 3);
(e) peak RSS of ``python -m jxrules check DIR --output out.jsonl --fail-on never``
    over a streaming batch (10,000 reports; 500 with ``--quick``), measured
    with ``getrusage(RUSAGE_CHILDREN)`` in a helper process that runs only it.
"""

from __future__ import annotations

import argparse
import copy
import cProfile
import gc
import importlib.util
import io
import json
import os
import platform
import pstats
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from handwritten import MESSAGES, RULE_TABLE, RULES, Finding, handwritten_findings

import jxrules
from jxrules.batch import check_many
from jxrules.ingest.canonical import report_to_data
from jxrules.quantities import default_vocabulary

try:  # jxrules before session 4 has no collector module: (a-tuned) is then left out
    from jxrules.collector import own_process
except ImportError:  # pragma: no cover - only when timing an older jxrules
    own_process = None  # type: ignore[assignment]

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "jiangmen-2022-dept-overall.yaml"
RULESET_ID = "dept-overall/2022"
SEED = 20221231
COLUMNS = ("initial_budget", "adjusted_budget", "final_accounts")


@dataclass(frozen=True)
class Profile:
    name: str
    reports: int  # (a), (b), (c)
    big_rows: int  # (d)
    stream_reports: int  # (e)
    repeats: int = 3


FULL = Profile("full", reports=1000, big_rows=10_000, stream_reports=10_000, repeats=5)
QUICK = Profile("quick", reports=100, big_rows=10_000, stream_reports=500)


# =========================================================================== the generator
def example_data() -> dict[str, Any]:
    """The Jiangmen example as a canonical mapping (what ``jxrules extract`` writes).

    ``filed_on`` becomes text: ``report_to_data`` gives a ``datetime.date``,
    which ``load_report(mapping)`` refuses (the schema wants a string).
    """
    data = report_to_data(jxrules.load_report(EXAMPLE))
    if data.get("filed_on") is not None:
        data["filed_on"] = str(data["filed_on"])
    return data


def finding_dicts(result: Any) -> list[Finding]:
    """A jxrules result as the hand-written checker gives it: its findings' ``to_dict()``."""
    return [f.to_dict() for f in result.findings]


def difference(theirs: Sequence[Finding], ours: Sequence[Finding]) -> str:
    """How two lists of findings differ: the first finding that is not the same, described."""
    at = next(
        (k for k, (a, b) in enumerate(zip(theirs, ours, strict=False)) if a != b),
        min(len(theirs), len(ours)),
    )
    out = f"{len(theirs)} findings by jxrules, {len(ours)} hand-written; first difference at #{at}"
    a = theirs[at] if at < len(theirs) else None
    b = ours[at] if at < len(ours) else None
    if a is not None and b is not None:
        keys = [k for k in (*a, *(k for k in b if k not in a)) if a.get(k) != b.get(k)]
        if keys == ["evidence"]:
            ea, eb = a["evidence"], b["evidence"]
            keys = [f"evidence.{k}" for k in {**ea, **eb} if ea.get(k) != eb.get(k)]
        out += f" ({', '.join(keys)} differ)"
    return f"{out}: jxrules {a}; hand-written {b}"


_GE_COUNT = re.compile(r"(?P<cmp>≥)?(?P<n>\d+)(?P<sp>\s?)(?P<unit>家|个|笔|名)")
_RANGE = re.compile(r"(?P<lo>\d+)-(?P<hi>\d+)(?P<unit>家|个)")
_OVER_YI = re.compile(r"超过(?P<n>\d+)亿元")
_YI = re.compile(r"(?P<n>\d+)\.(?P<d>\d)(?P<sp>\s?)亿元")
_PCT = re.compile(r"(?P<n>\d+)%(?P<suf>以上)?")
_COMPOUND = "拉动总部企业主营业务收入增长"

# Narrative sentences whose figures the generator rewrites (they must be in the example).
_INCOME_TEXT = "部门收入年初预算 7,013.09 万元，全年预算 4,929.99 万元，实际收入 5,164.87 万元"
_SPENDING_TEXT = "部门支出年初预算 7,291.35 万元，全年预算 4,960.46 万元，实际支出 4,960.46 万元"
_COUNTS_TEXT = (
    "468 家工业企业获得新升规奖励，191 家工业企业获得第一年增长奖励，"
    "118 家工业企业获得连续两年均实现增长奖励"
)
_TRAINING_TEXT = "培训工业互联网人员 500 人次"
_SCORE_TEXT = "绩效自评分数为98分，绩效等级为优"
_COUNT_TEXT = "整体支出绩效指标 28 个"
_COUNT_ROWS = (
    ("新增“小升规”工业企业数量", "{}工业企业获得新升规奖励"),
    ("升规后第一年增长奖励工业企业数量", "{}工业企业获得第一年增长奖励"),
    ("升规后第一年和第二年均保持增长奖励工业企业数量", "{}工业企业获得连续两年均实现增长奖励"),
)
_TRAINING_ROW = "为江门市培养工业互联网、人工智能相关人才数量"
_GRADES = ((90, "优"), (80, "良"), (60, "中"), (0, "差"))
#: Category labels a report may print for the example's 二级指标 (some non-standard).
_LABELS = {
    "产出指标": ("产出指标", "产出指标", "产出指标", "数量指标"),
    "效果指标": ("效果指标", "效果指标", "效益指标", "社会效益指标", "效益"),
    "满意度指标": ("满意度指标", "满意度指标", "满意度指标", "服务对象满意度指标", "满意度"),
}
_PARENTS = {"产出指标": "产出指标", "效果指标": "效益指标", "满意度指标": "满意度指标"}


def _money(cents: int) -> str:
    sign, cents = ("-", -cents) if cents < 0 else ("", cents)
    return f"{sign}{cents // 100}.{cents % 100:02d}"


def _cents(text: str | None) -> int:
    return 0 if text is None else int(Decimal(text) * 100)


class ReportGenerator:
    """Synthetic reports shaped like the Jiangmen example; one seeded stream."""

    def __init__(self, seed: int = SEED, base: dict[str, Any] | None = None) -> None:
        self.rng = random.Random(seed)
        self.base = base if base is not None else example_data()
        narrative = self.base["narrative"]
        for text in (_INCOME_TEXT, _SPENDING_TEXT, _COUNTS_TEXT, _TRAINING_TEXT, _SCORE_TEXT):
            if text not in narrative:
                raise ValueError(f"the example's narrative no longer says “{text}”")

    def reports(self, n: int) -> Iterator[dict[str, Any]]:
        for _ in range(n):
            yield self.report()

    # ------------------------------------------------------------------ one report
    def report(self) -> dict[str, Any]:
        rng = self.rng
        data = copy.copy(self.base)
        rows = self._rows()
        budget = {key: self._table(self.base["budget"][key]) for key in ("income", "expenditure")}
        score, grade = self._score()
        declared: dict[str, Any] = {"key_task_count": 9}
        x = rng.random()
        if x < 0.70:
            declared["indicator_count"] = len(rows)
        elif x < 0.85:
            declared["indicator_count"] = 28
        elif x < 0.95:
            declared["indicator_count"] = len(rows) + rng.choice((-1, 1))
        data.update(
            self_evaluation={"score": score, "grade": grade},
            declared=declared,
            budget=budget,
            indicators=rows,
            narrative=self._narrative(budget, rows, score, grade),
        )
        return data

    def _score(self) -> tuple[str | None, str | None]:
        rng = self.rng
        x = rng.random()
        if x < 0.03:
            return None, rng.choice(("优", None))
        if x < 0.75:
            score = Decimal(rng.randint(85, 100))
        elif x < 0.90:
            score = Decimal(rng.randint(5500, 10000)) / 100
        elif x < 0.95:
            score = Decimal(rng.randint(40, 84))
        else:
            score = Decimal(rng.choice((101, 105, 120, -5)))
        expected = next((g for low, g in _GRADES if score >= low), None)
        y = rng.random()
        grade = expected if y < 0.85 else None if y < 0.90 else rng.choice("优良中差")
        return format(score, "f"), grade

    # ------------------------------------------------------------------ budget tables
    def _table(self, base: dict[str, Any]) -> dict[str, Any]:
        rng = self.rng
        items = []
        for line in base["items"]:
            item: dict[str, Any] = {"name": line["name"]}
            for column in COLUMNS:
                item[column] = self._cell(line.get(column))
            items.append(item)
        total: dict[str, Any] = {"name": base["total"]["name"]}
        for column in COLUMNS:
            cents = sum(_cents(item[column]) for item in items)
            x = rng.random()
            if x < 0.20:
                cents += rng.choice((-1, 1))  # off by 0.01
            elif x < 0.25:
                cents += rng.randint(-500_000, 500_000)  # a figure retyped
            total[column] = _money(cents)
        return {"unit": base["unit"], "items": items, "total": total}

    def _cell(self, text: str | None) -> str | None:
        rng = self.rng
        if text is None:
            return None if rng.random() < 0.9 else _money(rng.randint(1, 100_000))
        if rng.random() < 0.03:
            return None
        return _money(max(1, round(_cents(text) * rng.uniform(0.5, 1.5))))

    # ------------------------------------------------------------------ indicators
    def _rows(self) -> list[dict[str, Any]]:
        rng = self.rng
        labels = {level: rng.choice(choices) for level, choices in _LABELS.items()}
        with_level1 = rng.random() < 0.15
        rows: list[dict[str, Any]] = []
        # the example's figures -> the new figures of the first row that had them
        generated: dict[tuple[str, str], tuple[str, str]] = {}
        for base in self.base["indicators"]:
            key = (base["target"].replace(" ", ""), base["actual"].replace(" ", ""))
            if key in generated and rng.random() < 0.65:
                target, actual = generated[key]  # a repeated row keeps its twin's figures
                if " " not in base["target"]:
                    target, actual = target.replace(" ", ""), actual.replace(" ", "")
            else:
                target, actual = self._figures(base["name"], base["target"])
            generated.setdefault(key, (target, actual))
            level2 = base["level2"]
            rows.append(
                {
                    "seq": None,
                    "level1": _PARENTS[level2] if with_level1 else None,
                    "level2": labels[level2],
                    "name": base["name"],
                    "target": target,
                    "actual": actual,
                    "points": None,
                    "score": None,
                    "note": "",
                }
            )
        if rng.random() < 0.10:  # no 满意度 indicators at all
            rows = [r for r in rows if "满意" not in r["level2"]]
        self._perturb_rows(rows)
        numbered = rng.random() < 0.9
        for i, row in enumerate(rows, 1):
            row["seq"] = str(i) if numbered else None
        return rows

    def _perturb_rows(self, rows: list[dict[str, Any]]) -> None:
        rng = self.rng
        if rng.random() < 0.15:
            for _ in range(rng.randint(1, 2)):
                del rows[rng.randrange(len(rows))]
        if rng.random() < 0.20:  # an exact copy, maybe 「」 for “”, maybe other figures
            at = rng.randrange(len(rows))
            twin = dict(rows[at])
            if rng.random() < 0.5:
                twin["name"] = twin["name"].replace("“", "「").replace("”", "」")
            if rng.random() < 0.5:
                twin["target"], twin["actual"] = self._figures(twin["name"], twin["target"])
            rows.insert(rng.randint(at + 1, len(rows)), twin)
        if rng.random() < 0.25:  # a near-duplicate: a reworded name, the same figures
            at = rng.randrange(len(rows))
            near = dict(rows[at], name=self._reword(rows[at]["name"]))
            rows.insert(rng.randint(at + 1, len(rows)), near)
        if rng.random() < 0.05:
            rng.choice(rows)["actual"] = ""
        if rng.random() < 0.03:
            rng.choice(rows)["target"] = ""
        if rng.random() < 0.05:
            rows.append(
                {
                    "seq": None,
                    "level1": None,
                    "level2": None,
                    "name": "合计",
                    "target": "",
                    "actual": "",
                    "points": None,
                    "score": None,
                    "note": "",
                }
            )

    def _reword(self, name: str) -> str:
        rng = self.rng
        if len(name) < 5:
            return "企业" + name
        x = rng.random()
        at = rng.randint(1, len(name) - 3)
        if x < 0.4:
            return name[:at] + name[at + rng.randint(1, 2) :]  # a word dropped
        if x < 0.8:
            return name[:at] + rng.choice(("产业", "重点", "市级")) + name[at:]  # a word added
        return name[:at] + "类" + name[at + 1 :]  # a character replaced

    def _ratio(self) -> float:
        """Actual ÷ target: a quarter missed, some exactly met, some far above."""
        x = self.rng.random()
        if x < 0.25:
            return self.rng.uniform(0.3, 0.99)
        if x < 0.40:
            return 1.0
        if x < 0.80:
            return self.rng.uniform(1.0, 1.99)
        if x < 0.85:
            return 2.0
        return self.rng.uniform(2.0, 4.0)

    def _figures(self, name: str, target: str) -> tuple[str, str]:
        """New (target, actual) texts in the printed format of ``target``."""
        rng = self.rng
        if m := _GE_COUNT.fullmatch(target):
            t = max(1, round(int(m["n"]) * rng.uniform(0.5, 2.0)))
            a = round(t * self._ratio())
            sp, unit = m["sp"], m["unit"]
            a_unit = "人次" if unit == "名" and rng.random() < 0.15 else unit
            return f"{m['cmp'] or ''}{t}{sp}{unit}", f"{a}{sp}{a_unit}"
        if m := _RANGE.fullmatch(target):
            lo = rng.randint(1, 5)
            hi = lo + rng.randint(1, 3)
            return f"{lo}-{hi}{m['unit']}", f"{round(hi * self._ratio())}{m['unit']}"
        if _OVER_YI.fullmatch(target):
            t = rng.randint(1, 5)
            a10 = round(t * 10 * self._ratio())
            x = rng.random()
            if x < 0.85:
                actual = f"{a10 // 10}.{a10 % 10}亿元"
            elif x < 0.93:
                actual = f"{a10 // 10}.{a10 % 10}"  # no unit: read in the target's
            else:
                actual = f"{a10 * 1000}万元"
            return f"超过{t}亿元", actual
        if m := _YI.fullmatch(target):
            t10 = rng.randint(10, 99)
            a10 = round(t10 * self._ratio())
            sp = m["sp"]
            return f"{t10 // 10}.{t10 % 10}{sp}亿元", f"{a10 // 10}.{a10 % 10}{sp}亿元"
        if m := _PCT.fullmatch(target):
            if m["suf"]:
                p = rng.randint(80, 95)
                shown = f"{p}%以上"
            else:
                p = 100 if rng.random() < 0.7 else rng.randint(85, 99)
                shown = f"{p}%"
            q = min(100, max(60, round(p * rng.uniform(0.9, 1.1))))
            return shown, f"{q}%"
        if target.startswith(_COMPOUND):
            a, b, c = rng.randint(5, 20), rng.randint(1, 3), rng.randint(2, 10) * 500
            big, mid = round(a * self._ratio()), round(b * self._ratio())
            small = round(c * self._ratio() / 100) * 100
            least, over = ("以上", "超过") if rng.random() < 0.8 else ("", "")
            return (
                f"{_COMPOUND}{a}亿元以上，财政贡献额度增长{b}亿元以上，地方财政贡献额度增长超过{c}万元",
                f"{_COMPOUND}{big}亿元{least}，财政贡献额度增长{mid}亿元{least}，"
                f"地方财政贡献额度增长{over}{small} 万元。",
            )
        raise ValueError(f"no generator for the target “{target}” of “{name}”")

    # ------------------------------------------------------------------ narrative
    def _narrative(
        self,
        budget: dict[str, Any],
        rows: list[dict[str, Any]],
        score: str | None,
        grade: str | None,
    ) -> str:
        text: str = self.base["narrative"]
        for key, original, words in (
            ("income", _INCOME_TEXT, ("部门收入年初预算", "全年预算", "实际收入")),
            ("expenditure", _SPENDING_TEXT, ("部门支出年初预算", "全年预算", "实际支出")),
        ):
            table = budget[key]
            figures = [self._stated_money(table, column) for column in COLUMNS]
            sentence = "，".join(f"{w} {f}" for w, f in zip(words, figures, strict=True))
            text = text.replace(original, sentence, 1)
        counts = []
        for name, sentence in _COUNT_ROWS:
            n = self._stated_count(rows, name)
            counts.append(sentence.format(f"{n}{self.rng.choice((' ', ''))}家"))
        text = text.replace(_COUNTS_TEXT, "，".join(counts), 1)
        trained = self._stated_count(rows, _TRAINING_ROW)
        unit = self.rng.choices(("人次", "名", "人"), (4, 3, 3))[0]
        text = text.replace(_TRAINING_TEXT, f"培训工业互联网人员 {trained} {unit}", 1)
        said = f"绩效自评分数为{score or '—'}分，绩效等级为{grade or '—'}"
        text = text.replace(_SCORE_TEXT, said, 1)
        return text.replace(_COUNT_TEXT, f"整体支出绩效指标 {len(rows)} 个", 1)

    def _stated_money(self, table: dict[str, Any], column: str) -> str:
        rng = self.rng
        cents = _cents(table["total"][column])
        x = rng.random()
        if x < 0.10 and table["items"][0][column] is not None:
            cents = _cents(table["items"][0][column])  # an item quoted as the total
        elif x < 0.20:
            cents += rng.choice((-1, 1))
        elif x < 0.30:
            cents += rng.randint(-100_000, 100_000)
        y = rng.random()
        if y < 0.75:
            return f"{cents // 100:,}.{cents % 100:02d} 万元"
        if y < 0.90:
            return f"{_money(cents)} 万元"
        if y < 0.97:
            return f"{format((Decimal(cents) / 1_000_000).normalize(), 'f')} 亿元"
        return f"{cents * 100:,} 元"

    def _stated_count(self, rows: list[dict[str, Any]], name: str) -> int:
        rng = self.rng
        row = next((r for r in rows if r["name"] == name), None)
        digits = re.match(r"\d+", row["actual"]) if row else None
        n = int(digits.group(0)) if digits else rng.randint(1, 600)
        x = rng.random()
        if x < 0.10 and n >= 10:
            return int(str(n)[::-1])  # 486 -> 684 (the example has 468 for 486)
        if x < 0.30:
            return max(0, n + rng.randint(-20, 20))
        return n

    # ------------------------------------------------------------------ one big report
    def big_report(self, rows: int) -> dict[str, Any]:
        """One report whose indicator table has ``rows`` rows: the example's, repeated.

        Each repeat of the example's rows gets new figures and a project suffix
        (``（项目12）``); about 2% of rows are exact copies of an earlier row and
        1% reworded copies with the same figures (near-duplicates).
        """
        rng = self.rng
        data = self.report()
        table: list[dict[str, Any]] = []
        batch = 0
        while len(table) < rows:
            for row in self._rows():
                if batch and row["name"] != "合计":
                    row["name"] = f"{row['name']}（项目{batch}）"
                table.append(row)
            batch += 1
        del table[rows:]
        for _ in range(rows // 50):
            at = rng.randrange(len(table) - 1)
            table[rng.randint(at + 1, len(table) - 1)] = dict(table[at])
        for _ in range(rows // 100):
            at = rng.randrange(len(table) - 1)
            near = dict(table[at], name=self._reword(table[at]["name"]))
            table[rng.randint(at + 1, len(table) - 1)] = near
        for i, row in enumerate(table, 1):
            row["seq"] = str(i)
        data["indicators"] = table
        counted = sum(1 for row in table if row["name"] != "合计")
        data["declared"] = {"indicator_count": counted, "key_task_count": 9}
        return data


# =========================================================================== files
class _Dumper(yaml.CSafeDumper if hasattr(yaml, "CSafeDumper") else yaml.SafeDumper):  # type: ignore[misc]
    """Canonical YAML as ``jxrules extract`` writes it (block text), with libyaml when present."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def write_reports(
    reports: Iterator[dict[str, Any]], directory: Path, count: int, keep: int
) -> tuple[list[Path], list[list[Finding]], list[dict[str, Any]]]:
    """Write ``count`` reports as canonical YAML.

    Returns the paths, each report's hand-written findings, and the first
    ``keep`` reports' canonical mappings.
    """
    directory.mkdir(parents=True, exist_ok=True)
    paths, expected, kept = [], [], []
    for i in range(count):
        data = next(reports)
        path = directory / f"report-{i:05d}.yaml"
        text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
        expected.append(handwritten_findings(data))
        if i < keep:
            kept.append(data)
    return paths, expected, kept


# =========================================================================== measuring
def clear_parse_caches() -> bool:
    """Empty every cache a batch fills (so a repeat is a fresh batch); False if none."""
    try:
        from jxrules.remembered import forget_all
    except ImportError:  # an older jxrules: only the vocabulary's caches
        vocabulary = default_vocabulary()
        if hasattr(vocabulary, "clear_cache"):
            vocabulary.clear_cache()
            return True
        return False
    forget_all()
    return True


def best_of(repeats: int, run: Callable[[], object], before: Callable[[], object] = bool) -> float:
    times = []
    for _ in range(repeats):
        before()
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


class CollectorClock:
    """Time the cyclic garbage collector spends while active, and its full collections."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.full = 0
        self._began = 0.0

    def __enter__(self) -> CollectorClock:
        gc.callbacks.append(self._tick)
        return self

    def __exit__(self, *exc: object) -> None:
        gc.callbacks.remove(self._tick)

    def _tick(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._began = time.perf_counter()
            return
        self.seconds += time.perf_counter() - self._began
        self.full += info["generation"] == 2


def disagreements(
    reports: Sequence[Any], ruleset: Any, data: Sequence[Any] | None = None
) -> list[str]:
    """Reports where jxrules and the hand-written checker differ, described."""
    out = []
    for i, report in enumerate(reports):
        ours = handwritten_findings(report if data is None else data[i])
        theirs = finding_dicts(jxrules.check(report, ruleset))
        if ours != theirs:
            out.append(f"report {i}: {difference(theirs, ours)}")
    return out


def ruleset_drift(ruleset: Any) -> list[str]:
    """How the bundled ruleset differs from what ``handwritten.py`` hard-codes (rules, their
    order, check kinds, severities, message templates); empty when it does not."""
    ids = [rule.id for rule in ruleset.rules]
    if set(ids) != RULES:
        return [
            f"the bundled {RULESET_ID} changed: new rules {sorted(set(ids) - RULES)}, "
            f"gone {sorted(RULES - set(ids))} — update benchmarks/handwritten.py"
        ]
    out = []
    if tuple(ids) != tuple(rule for rule, _, _ in RULE_TABLE):
        out.append(f"the bundled {RULESET_ID} orders its rules differently: {ids}")
    kinds = {rule: (check, severity) for rule, check, severity in RULE_TABLE}
    for rule in ruleset.rules:
        check, severity = kinds[rule.id]
        if (rule.check, rule.severity) != (check, severity):
            out.append(
                f"{rule.id}: now {rule.check}/{rule.severity}, hand-written {check}/{severity}"
            )
        if rule.message != MESSAGES[rule.id]:
            out.append(f"{rule.id}: the message template changed: {rule.message}")
    return [f"{m} — update benchmarks/handwritten.py" for m in out]


def interleaved_ratio(reports: Sequence[Any], ruleset: Any, rounds: int) -> float:
    """jxrules time ÷ hand-written time, the two alternating every 10 reports (median of rounds).

    Whole rounds one after the other can land in different moods of a shared machine; this
    puts both checkers in the same seconds.
    """
    ratios = []
    for _ in range(rounds):
        clear_parse_caches()
        ours = theirs = 0.0
        for start in range(0, len(reports), 10):
            chunk = reports[start : start + 10]
            began = time.perf_counter()
            for report in chunk:
                jxrules.check(report, ruleset)
            middle = time.perf_counter()
            for report in chunk:
                handwritten_findings(report)
            ours += middle - began
            theirs += time.perf_counter() - middle
        ratios.append(ours / theirs)
    return sorted(ratios)[len(ratios) // 2]


def hot_spots(run: Callable[[], object], top: int = 25) -> str:
    """cProfile of ``run``: the functions with the largest cumulative time, as shares."""
    profiler = cProfile.Profile()
    profiler.enable()
    run()
    profiler.disable()
    stats = pstats.Stats(profiler)
    total = max(stats.total_tt, 1e-9)  # type: ignore[attr-defined]
    rows = []
    for (file, line, func), (_, calls, own, cumulative, _) in stats.stats.items():  # type: ignore[attr-defined]
        where = f"{Path(file).name}:{line}({func})" if line else func
        rows.append((cumulative, own, calls, where))
    rows.sort(reverse=True)
    out = io.StringIO()
    out.write(
        f"total {total:.3f} s\n| cumulative | own | calls | function |\n|---:|---:|---:|---|\n"
    )
    for cumulative, own, calls, where in rows[:top]:
        out.write(f"| {cumulative / total:6.1%} | {own / total:6.1%} | {calls} | `{where}` |\n")
    return out.getvalue()


_RSS_HELPER = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
print(json.dumps({
    "rc": done.returncode,
    "seconds": time.perf_counter() - start,
    "maxrss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    "stderr": done.stderr[-2000:],
}))
"""


def streaming_rss(directory: Path, output: Path) -> dict[str, Any]:
    """Run the CLI over ``directory`` in a helper process; its child's peak RSS and time."""
    command = [sys.executable, "-m", "jxrules", "check", str(directory)]
    command += ["--output", str(output), "--fail-on", "never"]
    done = subprocess.run(
        [sys.executable, "-c", _RSS_HELPER, *command],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    measured: dict[str, Any] = json.loads(done.stdout)
    return measured


@dataclass
class Outcome:
    """What one run measured (the test uses ``agree``; the table prints the rest)."""

    profile: Profile
    checked: int = 0
    mismatches: list[str] = field(default_factory=list)
    rows: list[tuple[str, str, str, float]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, measure: str, result: str, goal: str = "") -> None:
        """A row of the table, with the 1-minute load average when it was measured."""
        self.rows.append((measure, result, goal, os.getloadavg()[0]))

    @property
    def agree(self) -> bool:
        return self.checked > 0 and not self.mismatches


def run(profile: Profile, workdir: Path, *, profile_hot_spots: bool = False) -> Outcome:
    outcome = Outcome(profile)
    ruleset = jxrules.load_ruleset(RULESET_ID)
    drift = ruleset_drift(ruleset)
    if drift:
        outcome.mismatches += drift
        return outcome
    generator = ReportGenerator(SEED)

    # ---- generate, and check agreement before timing anything
    start = time.perf_counter()
    count = max(profile.reports, profile.stream_reports)
    stream = generator.reports(count)
    files, expected, data = write_reports(stream, workdir / "reports", count, profile.reports)
    reports = [jxrules.load_report(d) for d in data]
    outcome.notes.append(
        f"generated and wrote {len(files)} reports in {time.perf_counter() - start:.1f} s"
    )
    outcome.mismatches += disagreements(reports, ruleset, data)
    big_data = ReportGenerator(SEED).big_report(profile.big_rows)
    big = jxrules.load_report(big_data)
    outcome.mismatches += [f"big {m}" for m in disagreements([big], ruleset, [big_data])]
    outcome.checked = len(reports) + 1
    if outcome.mismatches:
        return outcome
    findings = sum(len(jxrules.check(r, ruleset).findings) for r in reports)
    outcome.notes.append(
        f"{len(reports)} reports, {sum(len(r.indicators) for r in reports)} indicator rows, "
        f"{findings} findings; jxrules and the hand-written checker agree on every report"
    )

    # ---- (a) and (b)
    n, repeats = len(reports), profile.repeats

    def jx_all() -> None:
        for report in reports:
            jxrules.check(report, ruleset)

    def hand_all() -> None:
        for report in reports:
            handwritten_findings(report)

    def jx_each_cold() -> None:
        for report in reports:
            clear_parse_caches()
            jxrules.check(report, ruleset)

    def tuned(run: Callable[[], object]) -> Callable[[], object]:
        """``run`` with the collector tuned as in jxrules' own processes (``jxrules.collector``)."""

        def with_tuned_collector() -> None:
            saved = gc.get_threshold()
            own_process()
            try:
                run()
            finally:
                gc.set_threshold(*saved)

        return with_tuned_collector

    def paused(run: Callable[[], object]) -> Callable[[], object]:
        """``run`` with the cyclic garbage collector paused (to show what it costs)."""

        def without_collector() -> None:
            gc.disable()
            try:
                run()
            finally:
                gc.enable()

        return without_collector

    def fresh() -> None:
        """Before a timed round: caches emptied, and no collector debt left by the round before
        (a round with the collector paused leaves every object it made to the next collection)."""
        clear_parse_caches()
        gc.collect()

    # interleaved rounds, best of each: both sides see the same machine (it is shared), and
    # each starts just after a full collection
    cold = hand = each = paused_cold = tuned_cold = float("inf")
    collections = {"a": 0, "b": 0}
    collector = []
    for _ in range(repeats):
        fresh()
        before = sum(g["collections"] for g in gc.get_stats())
        with CollectorClock() as clock:
            seconds = best_of(1, jx_all)
        collector.append((clock.seconds / seconds, clock.full))
        cold = min(cold, seconds)
        collections["a"] += sum(g["collections"] for g in gc.get_stats()) - before
        gc.collect()
        middle = sum(g["collections"] for g in gc.get_stats())
        hand = min(hand, best_of(1, hand_all))
        collections["b"] += sum(g["collections"] for g in gc.get_stats()) - middle
        each = min(each, best_of(1, jx_each_cold, gc.collect))
        paused_cold = min(paused_cold, best_of(1, paused(jx_all), fresh))
        if own_process is not None:
            tuned_cold = min(tuned_cold, best_of(1, tuned(jx_all), fresh))
    outcome.add("(a) jxrules.check, in memory, 1 process", f"{n / cold:,.0f} reports/s", "≥ 1,000")
    warm = best_of(repeats, jx_all, gc.collect)
    outcome.add("(a') same, parse cache warm", f"{n / warm:,.0f} reports/s")
    outcome.add("(a0) same, caches emptied before every report", f"{n / each:,.0f} reports/s")
    outcome.add(
        "(a-gc) same as (a), the garbage collector paused (for information)",
        f"{n / paused_cold:,.0f} reports/s",
    )
    if own_process is not None:
        outcome.add(
            "(a-tuned) same as (a), the collector tuned as in the jxrules command and pool workers",
            f"{n / tuned_cold:,.0f} reports/s",
        )
    outcome.add(
        "collections per round of (a) / of (b)",
        f"{collections['a'] / repeats:.0f} / {collections['b'] / repeats:.0f}",
    )
    share, full = sorted(collector)[len(collector) // 2]
    outcome.add(
        "share of (a) spent in the collector, and its full collections (median round)",
        f"{share:.0%}, {full} full",
    )
    outcome.add("(b) hand-written, same Report objects", f"{n / hand:,.0f} reports/s")
    hand_data = best_of(repeats, lambda: [handwritten_findings(d) for d in data])
    outcome.add("(b') hand-written, from canonical mappings", f"{n / hand_data:,.0f} reports/s")
    outcome.add("a/b: jxrules time ÷ hand-written time", f"{cold / hand:.2f}×", "≤ 2")
    outcome.add("a'/b (warm cache)", f"{warm / hand:.2f}×", "≤ 2")
    outcome.add("a0/b (no cache across reports)", f"{each / hand:.2f}×")
    outcome.add("a-gc/b (collector paused in (a) only)", f"{paused_cold / hand:.2f}×")
    if own_process is not None:
        outcome.add("a-tuned/b (collector tuned in (a) only)", f"{tuned_cold / hand:.2f}×")
    outcome.add(
        "a/b interleaved 10 reports at a time (median of rounds)",
        f"{interleaved_ratio(reports, ruleset, repeats):.2f}×",
        "≤ 2",
    )
    if not clear_parse_caches():
        outcome.notes.append("no parse cache found to clear: (a) cold = warm")

    # ---- (c) end to end from files
    paths = files[: profile.reports]
    for jobs in (1, 2):
        clear_parse_caches()
        start = time.perf_counter()
        results = list(check_many(paths, jobs=jobs))
        seconds = time.perf_counter() - start
        outcome.add(f"(c) check_many from YAML files, jobs={jobs}", f"{n / seconds:,.1f} reports/s")
        _compare_batch(results, paths, expected, outcome)
    sample = paths[: min(200, len(paths))]
    seconds = best_of(1, lambda: [jxrules.load_report(p) for p in sample])
    outcome.add(
        "(c0) of which: load_report of the YAML only", f"{len(sample) / seconds:,.1f} reports/s"
    )
    seconds = best_of(1, lambda: [jxrules.load_report(d) for d in data[: len(sample)]])
    outcome.add(
        "(c1) load_report of the same, as in-memory mappings",
        f"{len(sample) / seconds:,.1f} reports/s",
    )

    # ---- (d) one big report
    rows = len(big.indicators)
    big_cold = best_of(repeats, lambda: jxrules.check(big, ruleset), clear_parse_caches)
    outcome.add(f"(d) one report of {rows:,} indicators", f"{big_cold:.3f} s", "< 1 s")
    big_warm = best_of(repeats, lambda: jxrules.check(big, ruleset))
    outcome.add("(d') same, parse cache warm", f"{big_warm:.3f} s")
    big_hand = best_of(repeats, lambda: handwritten_findings(big))
    outcome.add("(d'') hand-written, same report", f"{big_hand:.3f} s")

    # ---- (e) streaming batch, peak memory
    directory = workdir / "reports"
    output = workdir / "out.jsonl"
    measured = streaming_rss(directory, output)
    count = len(files)
    peak = f"{measured['maxrss_kb'] / 1024:.0f} MB"
    outcome.add(f"(e) peak RSS, CLI streaming {count:,} reports to JSONL", peak, "< 200 MB")
    outcome.add("(e') same run: throughput", f"{count / measured['seconds']:,.1f} reports/s")
    lines = output.read_text("utf-8").splitlines() if output.exists() else []
    _compare_stream(lines, files, expected, outcome)
    if measured["rc"] != 0:
        outcome.mismatches.append(f"(e) the CLI exited {measured['rc']}: {measured['stderr']}")
    if profile_hot_spots:
        clear_parse_caches()
        outcome.notes.append("cProfile (a), cold cache:\n" + hot_spots(jx_all))
        clear_parse_caches()
        outcome.notes.append(
            "cProfile (d), cold cache:\n" + hot_spots(lambda: jxrules.check(big, ruleset))
        )
    return outcome


def _compare_batch(
    results: Sequence[Any],
    paths: Sequence[Path],
    expected: Sequence[list[Finding]],
    outcome: Outcome,
) -> None:
    index = {str(p): i for i, p in enumerate(paths)}
    for batch in results:
        i = index[batch.source]
        if batch.error or len(batch.results) != 1:
            outcome.mismatches.append(f"(c) {batch.source}: {batch.error}")
        elif (found := finding_dicts(batch.results[0])) != expected[i]:
            outcome.mismatches.append(f"(c) {batch.source}: {difference(found, expected[i])}")


def _compare_stream(
    lines: Sequence[str],
    paths: Sequence[Path],
    expected: Sequence[list[Finding]],
    outcome: Outcome,
) -> None:
    if len(lines) != len(paths):
        outcome.mismatches.append(f"(e) {len(lines)} JSON lines for {len(paths)} reports")
    index = {p.name: i for i, p in enumerate(paths)}
    for line in lines:
        result = json.loads(line)
        i = index[Path(result["source"]).name]
        found = result.get("findings", [])  # each line holds the findings' to_dict()
        if found != expected[i]:
            outcome.mismatches.append(f"(e) {result['source']}: {difference(found, expected[i])}")


def environment() -> list[str]:
    load = os.getloadavg()
    return [
        f"Python {platform.python_version()} ({platform.python_implementation()}), "
        f"{platform.system()} {platform.machine()}, CPUs: {os.cpu_count()}",
        f"load average at start: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (the machine is shared)",
        "report schema checked by "
        + (
            "fastjsonschema, jsonschema on refusal (jxrules[fast])"
            if importlib.util.find_spec("fastjsonschema")
            else "jsonschema only (pip install 'jxrules[fast]' to load reports faster)"
        ),
    ]


def render(outcome: Outcome, header: Sequence[str]) -> str:
    out = io.StringIO()
    out.write(f"## jxrules scale benchmark — {outcome.profile.name} profile\n\n")
    for line in header:
        out.write(f"- {line}\n")
    blocks = [note for note in outcome.notes if "\n" in note]
    out.writelines(f"- {note}\n" for note in outcome.notes if "\n" not in note)
    if outcome.mismatches:
        out.write("\n**jxrules and the hand-written checker disagree:**\n\n")
        out.writelines(f"- {m}\n" for m in outcome.mismatches[:50])
    if outcome.rows:
        out.write("\n| measure | result | goal | load (1 min) |\n|---|---:|---|---:|\n")
        out.writelines(
            f"| {name} | {value} | {goal} | {load:.2f} |\n"
            for name, value, goal, load in outcome.rows
        )
    out.writelines(f"\n{block}" for block in blocks)
    return out.getvalue()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the small profile (pytest's)")
    parser.add_argument("--profile", action="store_true", help="print cProfile hot spots")
    parser.add_argument("--keep", metavar="DIR", help="work in DIR and keep the files")
    args = parser.parse_args(argv)
    header = environment()
    profile = QUICK if args.quick else FULL
    workdir = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="jxrules-bench-"))
    try:
        outcome = run(profile, workdir, profile_hot_spots=args.profile)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    load = os.getloadavg()
    header.append(f"load average at end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(render(outcome, header))
    return 0 if outcome.agree else 1


if __name__ == "__main__":
    sys.exit(main())
