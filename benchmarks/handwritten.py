"""The practical floor: the bundled ``dept-overall/2022`` findings (22 rules), written by hand.

``handwritten_findings(report)`` returns the same set of
``(rule id, (table, row, column, field))`` as
``jxrules.check(report, load_ruleset("dept-overall/2022"))`` — for the reports
``benchmarks/bench_scale.py`` generates, and only those: it reads just the
printed formats that generator writes (``≥200 家``, ``2 个``, ``2-3家``,
``超过2亿元``, ``5.7 亿元``, ``90%以上``, the compound row 12, ``500 名`` …),
knows only higher-is-better indicators, and raises ``ValueError`` on any other
text rather than guessing.  Plain Python: ``re``, ``Decimal``, dicts, and
``difflib`` for the near-duplicate ratio.  No jxrules import.

The rules it mirrors, and the reading it shares with jxrules (docs/checks/*.md,
docs/quantities.md): bare and ``≥``/``以上`` targets are floors, ``超过`` is
strict, an actual with ``以上``/``超过`` must lie wholly inside the target (else
"cannot tell"), a range ``2-3家`` is met from 2 and its top is the ratio's
bound, ``亿元``/``万元`` scale money, ``名`` is ``人`` (not ``人次``), a side
without a unit takes the other's, the far-above test compares the exact ratio.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from decimal import Decimal
from difflib import SequenceMatcher
from typing import Any, NamedTuple

#: ``(table, row, column, field)`` — the keys of a finding's location that identify it.
Where = tuple[str | None, str | None, str | None, str | None]
Key = tuple[str, Where]

#: The rule ids of the ruleset mirrored here (the benchmark refuses to run if they change).
RULES = frozenset(
    {
        "score-in-range",
        "grade-matches-score",
        "declared-indicator-count",
        "indicator-target-met",
        "indicator-unit-mismatch",
        "indicator-target-too-low",
        "indicator-value-unreadable",
        "indicator-value-missing",
        "income-initial-budget-text",
        "income-adjusted-budget-text",
        "income-final-accounts-text",
        "expenditure-initial-budget-text",
        "expenditure-adjusted-budget-text",
        "expenditure-final-accounts-text",
        "text-count-vs-indicator",
        "text-vs-indicator-unit",
        "indicator-duplicate",
        "indicator-near-duplicate",
        "income-reconciles",
        "expenditure-reconciles",
        "indicator-category-standard",
        "indicator-category-required",
    }
)
COLUMNS = ("initial_budget", "adjusted_budget", "final_accounts", "executed")
MAX_SCORE = 100
GRADE_BANDS = ((90, "优"), (80, "良"), (60, "中"), (0, "差"))
FAR_ABOVE = 2
SIMILARITY = (3, 4)  # 0.75 as num/den
NOT_INDICATORS = ("合计", "小计", "总计")
TAXONOMY = {
    "产出指标": ("数量指标", "质量指标", "时效指标", "成本指标"),
    "效益指标": ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
    "满意度指标": ("服务对象满意度指标",),
}
STANDARD = frozenset([*TAXONOMY, *(kid for kids in TAXONOMY.values() for kid in kids)])
REQUIRED = ("效益指标", "满意度指标")

_M = re.MULTILINE
BUDGET_TEXT = (
    ("income-initial-budget-text", "income", "initial_budget", r"部门收入年初预算"),
    ("income-adjusted-budget-text", "income", "adjusted_budget", r"部门收入[^。\n]*?全年预算"),
    ("income-final-accounts-text", "income", "final_accounts", r"部门收入[^。\n]*?实际收入"),
    ("expenditure-initial-budget-text", "expenditure", "initial_budget", r"部门支出年初预算"),
    (
        "expenditure-adjusted-budget-text",
        "expenditure",
        "adjusted_budget",
        r"部门支出[^。\n]*?全年预算",
    ),
    (
        "expenditure-final-accounts-text",
        "expenditure",
        "final_accounts",
        r"部门支出[^。\n]*?实际支出",
    ),
)
_BUDGET_PATTERNS = [
    (rule, table, column, re.compile(head + r"\s*(?P<value>[\d,.]+\s*[万亿]?元)", _M))
    for rule, table, column, head in BUDGET_TEXT
]
#: (the text after the figure, or None; the pattern; the indicator it is compared with)
COUNT_TEXT = (
    (
        "工业企业获得新升规奖励",
        r"(?P<value>\d[\d,]*\s*家)工业企业获得新升规奖励",
        "新增“小升规”工业企业数量",
    ),
    (
        "工业企业获得第一年增长奖励",
        r"(?P<value>\d[\d,]*\s*家)工业企业获得第一年增长奖励",
        "升规后第一年增长奖励工业企业数量",
    ),
    (
        "工业企业获得连续两年均实现增长奖励",
        r"(?P<value>\d[\d,]*\s*家)工业企业获得连续两年均实现增长奖励",
        "升规后第一年和第二年均保持增长奖励工业企业数量",
    ),
    (
        None,
        r"培训工业互联网人员\s*(?P<value>\d[\d,]*\s*[^\d\s，。；、]{1,2})",
        "为江门市培养工业互联网、人工智能相关人才数量",
    ),
)
_COUNT_PATTERNS = [(after, re.compile(p, _M), name) for after, p, name in COUNT_TEXT]
#: A count just before a literal: the patterns above that start with the figure, read
#: backwards from each occurrence of their literal (a regex starting with ``\d`` is tried
#: at every digit of the text; ``str.find`` on the literal is much cheaper).
_COUNT_BEFORE = re.compile(r"\d[\d,]*\s*家$")
_WINDOW = 40

#: Unit as printed -> (unit compared, scale).
UNITS: Mapping[str, tuple[str, Decimal]] = {
    "": ("", Decimal(1)),
    "元": ("元", Decimal(1)),
    "万元": ("元", Decimal(10_000)),
    "亿元": ("元", Decimal(100_000_000)),
    "名": ("人", Decimal(1)),
    "人": ("人", Decimal(1)),
    "人次": ("人次", Decimal(1)),
    "家": ("家", Decimal(1)),
    "个": ("个", Decimal(1)),
    "笔": ("笔", Decimal(1)),
    "%": ("%", Decimal(1)),
}
_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_CLAUSE = re.compile(
    r"(?P<subject>.*?)(?P<pre>≥|超过)?(?P<n>" + _NUMBER + r")(?:-(?P<hi>\d+))?"
    r"\s*(?P<unit>亿元|万元|元|人次|家|个|笔|名|人|%)?(?P<suf>以上)?"
)
_STATED = re.compile(r"(?P<n>" + _NUMBER + r")\s*(?P<unit>[万亿]?元|家|名|人次|人)")
_SUBJECT_NOISE = re.compile(r"[\s，,。；;、：:（）()“”]+")
_DIGITS = re.compile(r"\d+")
#: Name heads meaning "lower is better" (jxrules/data/quantities.yaml): never generated.
_LOWER_IS_BETTER = re.compile(
    "(?:成本|单价|发生率|发生次数|发生数|事故率|事故数|事故数量|延期率|投诉率|投诉量|投诉数|投诉次数"
    "|超支|超支率|超支额|差错率|出错率|失误率|故障率|不良率|返工率|返修率|流失率|死亡率|发病率"
    "|违约率|逾期率|损耗率|损失率|空置率|闲置率|失业率|辍学率|能耗|排放量|时长|耗时|用时|办理时限"
    "|响应时间|等待时间)$"
)
_TRAILING_BRACKETS = re.compile(r"(?:[（(\[【][^（）()\[\]【】]*[）)\]】])+$")


class Clause(NamedTuple):
    subject: str
    comparator: str | None  # None (bare), "≥", ">", "range"
    value: Decimal
    upper: Decimal | None
    unit: str
    printed: str
    scale: Decimal


class View(NamedTuple):
    """What the rules read, from a ``Report`` or a canonical mapping."""

    score: Decimal | None
    grade: str | None
    declared: Decimal | None
    #: table -> (columns, items: list of column -> amount, total or None)
    tables: Mapping[str, tuple[tuple[str, ...], list[dict[str, Decimal | None]], Any]]
    #: (row label, name, target, actual, level1, level2)
    rows: list[tuple[str, str, str, str, str | None, str | None]]
    narrative: str


def handwritten_findings(report: Any) -> set[Key]:
    """The findings of the bundled ruleset on ``report`` (a ``Report`` or a canonical mapping)."""
    view = _from_mapping(report) if isinstance(report, Mapping) else _from_report(report)
    out: set[Key] = set()
    _expressions(view, out)
    _budget_text(view, out)
    _count_text(view, out)
    _targets(view, out)
    _duplicates(view, out)
    _reconcile(view, out)
    _taxonomy(view, out)
    return out


# ------------------------------------------------------------------ input
def _dec(value: Any) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return value
    return Decimal(str(value).replace(",", "").strip())


def _from_mapping(data: Mapping[str, Any]) -> View:
    evaluation = data.get("self_evaluation") or {}
    tables = {}
    for key, table in (data.get("budget") or {}).items():
        if table is None:
            continue
        lines = [*(table.get("items") or ()), *([table["total"]] if table.get("total") else [])]
        columns = tuple(c for c in COLUMNS if any(c in line for line in lines))
        items = [{c: _dec(line.get(c)) for c in columns} for line in table.get("items") or ()]
        total = table.get("total")
        total_cells = None if total is None else {c: _dec(total.get(c)) for c in columns}
        tables[key] = (columns, items, total_cells)
    rows = []
    for i, row in enumerate(data.get("indicators") or (), 1):
        seq = row.get("seq")
        label = str(i) if seq is None or not str(seq).strip() else str(seq).strip()
        rows.append(
            (
                label,
                "".join(str(row["name"]).split()),
                str(row.get("target") or "").strip(),
                str(row.get("actual") or "").strip(),
                row.get("level1"),
                row.get("level2"),
            )
        )
    return View(
        score=_dec(evaluation.get("score")),
        grade=evaluation.get("grade"),
        declared=_dec((data.get("declared") or {}).get("indicator_count")),
        tables=tables,
        rows=rows,
        narrative=data.get("narrative") or "",
    )


def _from_report(report: Any) -> View:
    evaluation = report.self_evaluation
    tables = {}
    for key, table in report.budget.items():
        columns = table.columns
        items = [{c: line.amount(c) for c in columns} for line in table.items]
        total = None if table.total is None else {c: table.total.amount(c) for c in columns}
        tables[key] = (columns, items, total)
    rows = [(i.row, i.name, i.target, i.actual, i.level1, i.level2) for i in report.indicators]
    count = report.declared.get("indicator_count")
    return View(
        score=None if evaluation.score is None else evaluation.score.value,
        grade=evaluation.grade,
        declared=count,
        tables=tables,
        rows=rows,
        narrative=report.narrative,
    )


# ------------------------------------------------------------------ expression rules
def _expressions(view: View, out: set[Key]) -> None:
    score = view.score
    if score is not None:
        if not 0 <= score <= MAX_SCORE:
            out.add(("score-in-range", (None, None, None, "self_evaluation.score")))
        if view.grade is not None:
            expected = next((grade for low, grade in GRADE_BANDS if low <= score), None)
            if view.grade != expected:
                out.add(("grade-matches-score", (None, None, None, "self_evaluation.grade")))
    indicator_rows = sum(1 for row in view.rows if row[1] not in NOT_INDICATORS)
    if view.declared is not None and view.declared != indicator_rows:
        out.add(("declared-indicator-count", (None, None, None, "declared.indicator_count")))


# ------------------------------------------------------------------ crossref
def _budget_text(view: View, out: set[Key]) -> None:
    for rule, table_key, column, pattern in _BUDGET_PATTERNS:
        table = view.tables.get(table_key)
        if table is None or table[2] is None:
            continue
        columns, _, total = table
        if column not in columns:
            continue  # no such figure to compare with
        against = (total[column] or Decimal(0)) * UNITS["万元"][1]
        for match in pattern.finditer(view.narrative):
            stated = _STATED.fullmatch(match.group("value").strip())
            if stated is None:
                raise ValueError(f"not a generated money figure: {match.group('value')!r}")
            amount = _number(stated["n"]) * UNITS[stated["unit"]][1]
            if amount != against:
                out.add((rule, (None, None, None, f"budget.{table_key}.total.{column}")))


def _stated_counts(narrative: str, after: str | None, pattern: re.Pattern[str]) -> list[str]:
    """The figures ``pattern`` finds in ``narrative`` (its group ``value``), in order."""
    if after is None:
        return [m.group("value") for m in pattern.finditer(narrative)]
    found = []
    at = narrative.find(after)
    while at >= 0:
        m = _COUNT_BEFORE.search(narrative, max(0, at - _WINDOW), at)
        if m is not None:
            found.append(m.group(0))
        at = narrative.find(after, at + len(after))
    return found


def _count_text(view: View, out: set[Key]) -> None:
    for after, pattern, name in _COUNT_PATTERNS:
        stated_texts = _stated_counts(view.narrative, after, pattern)
        row = next((r for r in view.rows if r[1] == name), None)
        if not stated_texts or row is None:
            continue
        reading = _read(row[3])
        if reading is None or reading[0].comparator == "range":
            continue  # the table's figure is not a number: not compared
        against = reading[0]
        where: Where = ("indicators", row[0], "actual", None)
        for text in stated_texts:
            stated = _STATED.fullmatch(text.strip())
            if stated is None:
                raise ValueError(f"not a generated count: {text!r}")
            unit = UNITS[stated["unit"]][0]
            if unit and against.unit and unit != against.unit:
                out.add(("text-vs-indicator-unit", where))
            elif _number(stated["n"]) != against.value:
                out.add(("text-count-vs-indicator", where))


# ------------------------------------------------------------------ target
def _number(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _read(text: str) -> list[Clause] | None:
    """A generated target or actual as clauses; ``None`` for a blank cell."""
    if not text:
        return None
    clauses = []
    for part in text.rstrip("。").split("，"):
        m = _CLAUSE.fullmatch(part)
        if m is None:
            raise ValueError(f"not a generated figure: {text!r}")
        comparator = m["pre"] and ("≥" if m["pre"] == "≥" else ">")
        if m["hi"] is not None:
            comparator = "range"
        elif comparator is None and m["suf"]:
            comparator = "≥"
        printed = m["unit"] or ""
        unit, scale = UNITS[printed]
        clauses.append(
            Clause(
                _SUBJECT_NOISE.sub("", m["subject"]),
                comparator,
                _number(m["n"]),
                None if m["hi"] is None else Decimal(m["hi"]),
                unit,
                printed,
                scale,
            )
        )
    return clauses


def _pair(targets: Sequence[Clause], actuals: Sequence[Clause]) -> list[Clause | None]:
    """The actual clause for each target clause: by subject, then by order, then by unit."""
    if len(targets) == 1 and len(actuals) == 1:
        return [actuals[0]]
    chosen: dict[int, int] = {}
    for i, target in enumerate(targets):
        for j, actual in enumerate(actuals):
            if target.subject and j not in chosen.values() and actual.subject == target.subject:
                chosen[i] = j
                break
    left_t = [i for i in range(len(targets)) if i not in chosen]
    left_a = [j for j in range(len(actuals)) if j not in chosen.values()]
    if len(left_t) == len(left_a):
        chosen.update(zip(left_t, left_a, strict=True))
    else:
        for i in left_t:
            free = [j for j in range(len(actuals)) if j not in chosen.values()]
            same = [j for j in free if actuals[j].unit == targets[i].unit]
            if same or free:
                chosen[i] = (same or free)[0]
    return [actuals[chosen[i]] if i in chosen else None for i in range(len(targets))]


def _outcome(target: Clause, actual: Clause | None) -> tuple[str, Decimal | None]:
    """(outcome, ratio) of one target clause (higher is better)."""
    if actual is None:
        return "unreadable", None
    if actual.comparator == "range":
        raise ValueError("the generator writes no range actuals")
    if target.unit and actual.unit and target.unit != actual.unit:
        return "unit_mismatch", None
    t_scale = actual.scale if not target.printed and actual.unit else target.scale
    a_scale = target.scale if not actual.printed and target.unit else actual.scale
    low = target.value * t_scale
    strict = target.comparator == ">"
    have = actual.value * a_scale
    open_ended = actual.comparator is not None
    if have > low or (have == low and (not strict or actual.comparator == ">")):
        bound = low if target.upper is None else target.upper * t_scale
        outcome = "met"
    elif not open_ended and (have < low or strict):
        bound, outcome = low, "missed"
    else:
        return "unreadable", None  # 72亿元以上 against 80亿元以上: cannot tell
    if bound <= 0:
        return outcome, None
    return outcome, have / bound  # exact: the far-above test must not see a rounded ratio


def _targets(view: View, out: set[Key]) -> None:
    for label, name, target_text, actual_text, _, _ in view.rows:
        if _LOWER_IS_BETTER.search(_TRAILING_BRACKETS.sub("", name)):
            raise ValueError(f"lower-is-better indicators are not generated: {name}")
        at: Where = ("indicators", label, "actual", None)
        checked = name not in NOT_INDICATORS
        target = _read(target_text)
        if target is None:
            if checked:
                out.add(("indicator-value-unreadable", ("indicators", label, "target", None)))
            continue
        actual = _read(actual_text)
        if actual is None:
            if checked:
                out.add(("indicator-value-missing", at))
            continue
        for clause, paired in zip(target, _pair(target, actual), strict=True):
            outcome, ratio = _outcome(clause, paired)
            if outcome == "missed":
                out.add(("indicator-target-met", at))
            elif outcome == "unit_mismatch":
                out.add(("indicator-unit-mismatch", at))
            elif outcome == "unreadable" and checked:
                out.add(("indicator-value-unreadable", at))
            elif outcome == "met" and ratio is not None and ratio >= FAR_ABOVE:
                out.add(("indicator-target-too-low", at))


# ------------------------------------------------------------------ duplicate
class _Dropped(dict[int, "int | None"]):
    """``str.translate`` table deleting white space and punctuation, filled on first sight."""

    def __missing__(self, code: int) -> int | None:
        ch = chr(code)
        self[code] = None if ch.isspace() or unicodedata.category(ch).startswith("P") else code
        return self[code]


_DROP = _Dropped()


def _name_key(text: str) -> str:
    """NFKC, case folded, without white space and punctuation."""
    return unicodedata.normalize("NFKC", text).casefold().translate(_DROP)


def _figure_key(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text)
    return "".join(folded.split()).rstrip("。.;,、")


def _duplicates(view: View, out: set[Key]) -> None:
    seen: set[str] = set()
    buckets: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for label, name, target, actual, _, _ in view.rows:
        key = _name_key(name)
        if not key:
            continue
        if key in seen:
            out.add(("indicator-duplicate", ("indicators", label, None, None)))
            continue
        seen.add(key)
        figures = (_figure_key(target), _figure_key(actual))
        if figures[0] and figures[1]:
            buckets.setdefault(figures, []).append((label, key))
    num, den = SIMILARITY
    for members in buckets.values():
        if len(members) < 2:
            continue
        numbers = [_DIGITS.findall(key) for _, key in members]
        counts = [Counter(key) for _, key in members]
        for i in range(1, len(members)):
            label, name = members[i]
            for j in range(i):
                other = members[j][1]
                if numbers[i] and numbers[j] and numbers[i] != numbers[j]:
                    continue
                if other in name or name in other:
                    break
                total = len(name) + len(other)
                if 2 * sum((counts[i] & counts[j]).values()) * den < num * total:
                    continue
                blocks = SequenceMatcher(None, other, name, autojunk=False).get_matching_blocks()
                if 2 * sum(b.size for b in blocks) * den >= num * total:
                    break
            else:
                continue
            out.add(("indicator-near-duplicate", ("indicators", label, None, None)))


# ------------------------------------------------------------------ reconcile
def _reconcile(view: View, out: set[Key]) -> None:
    for table_key, rule in (
        ("income", "income-reconciles"),
        ("expenditure", "expenditure-reconciles"),
    ):
        table = view.tables.get(table_key)
        if table is None or table[2] is None:
            continue
        columns, items, total = table
        for column in columns:
            items_sum = sum((item[column] or Decimal(0) for item in items), Decimal(0))
            if items_sum != (total[column] or Decimal(0)):
                out.add((rule, (table_key, None, column, None)))


# ------------------------------------------------------------------ taxonomy
def _taxonomy(view: View, out: set[Key]) -> None:
    first: dict[str, str] = {}
    for label, _, _, _, level1, level2 in view.rows:
        for printed in (level1, level2):
            key = _name_key(printed or "")
            if key:
                first.setdefault(key, label)
    for key, label in first.items():
        if key not in STANDARD:
            out.add(("indicator-category-standard", ("indicators", label, None, None)))
    if not view.rows:
        return
    for required in REQUIRED:
        accepted = [required]
        for parent, kids in TAXONOMY.items():
            if parent.startswith(required):
                accepted.extend(kids)
        if not any(key.startswith(prefix) for key in first for prefix in accepted):
            out.add(("indicator-category-required", ("indicators", None, None, None)))
