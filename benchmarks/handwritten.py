"""The practical floor: the bundled ``dept-overall/2022`` findings (22 rules), written by hand.

``handwritten_findings(report)`` returns the findings, complete, as the list
``[f.to_dict() for f in jxrules.check(report, load_ruleset("dept-overall/2022")).findings]``
would give them — rule, check, severity, the message rendered from the rule's
template (hard-coded below), the location (only the keys that apply) and the
evidence (every figure as text, decimals in plain notation), in jxrules'
order: by report position (``Location.sort_key``), then by rule.

It does so for the reports ``benchmarks/bench_scale.py`` generates, and only
those: it reads just the printed formats that generator writes (``≥200 家``,
``2 个``, ``2-3家``, ``超过2亿元``, ``5.7 亿元``, ``90%以上``, the compound row
12, ``500 名`` …), knows only higher-is-better indicators, and raises
``ValueError`` on any other text rather than guessing.  Plain Python: ``re``,
``Decimal``, dicts, and ``difflib`` for the near-duplicate ratio.  No jxrules
import, and nothing remembered from one report to the next.

The rules it mirrors, and the reading it shares with jxrules (docs/checks/*.md,
docs/quantities.md): bare and ``≥``/``以上`` targets are floors, ``超过`` is
strict, an actual with ``以上``/``超过`` must lie wholly inside the target (else
"cannot tell"), a range ``2-3家`` is met from 2 and its top is the ratio's
bound, ``亿元``/``万元`` scale money, ``名`` is ``人`` (not ``人次``), a side
without a unit takes the other's, the far-above test compares exact figures.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from difflib import SequenceMatcher
from typing import Any, NamedTuple

#: A finding as ``Finding.to_dict()`` gives it.
Finding = dict[str, Any]

#: The rules of the ruleset mirrored here, in its order: (id, check kind, severity).
RULE_TABLE = (
    ("score-in-range", "expression", "error"),
    ("grade-matches-score", "expression", "error"),
    ("declared-indicator-count", "expression", "error"),
    ("indicator-target-met", "target", "error"),
    ("indicator-unit-mismatch", "target", "warning"),
    ("indicator-target-too-low", "target", "info"),
    ("indicator-value-unreadable", "target", "warning"),
    ("indicator-value-missing", "target", "warning"),
    ("income-initial-budget-text", "crossref", "error"),
    ("income-adjusted-budget-text", "crossref", "error"),
    ("income-final-accounts-text", "crossref", "error"),
    ("expenditure-initial-budget-text", "crossref", "error"),
    ("expenditure-adjusted-budget-text", "crossref", "error"),
    ("expenditure-final-accounts-text", "crossref", "error"),
    ("text-count-vs-indicator", "crossref", "warning"),
    ("text-vs-indicator-unit", "crossref", "info"),
    ("indicator-duplicate", "duplicate", "error"),
    ("indicator-near-duplicate", "duplicate", "info"),
    ("income-reconciles", "reconcile", "error"),
    ("expenditure-reconciles", "reconcile", "error"),
    ("indicator-category-standard", "taxonomy", "warning"),
    ("indicator-category-required", "taxonomy", "warning"),
)
#: The rule ids (the benchmark refuses to run when the bundled ruleset's rules differ).
RULES = frozenset(rule for rule, _, _ in RULE_TABLE)
#: rule id -> (index in the ruleset, check kind, severity)
_RULE = {rule: (i, check, severity) for i, (rule, check, severity) in enumerate(RULE_TABLE)}

#: The rules' ``message`` templates (rulesets/dept-overall/2022.yaml), as ``str.format``.
MESSAGES = {
    "score-in-range": "自评分数 {score} 分超出 0–{max_score} 分的范围",
    "grade-matches-score": "自评分数 {score} 分对应的绩效等级应为“{expected}”，报告为“{grade}”",
    "declared-indicator-count": "正文称绩效指标 {declared} 个，指标表有 {rows} 行",
    "indicator-target-met": "指标“{name}”未完成：目标 {target}，实际 {actual}",
    "indicator-unit-mismatch": (
        "指标“{name}”的目标值与实际完成值单位不同（目标 {target}，实际 {actual}），未作比较"
    ),
    "indicator-target-too-low": (
        "指标“{name}”实际完成 {actual_clause}，为目标 {target_clause} 的 {ratio} 倍"
        "（不低于 {far_above_ratio} 倍），目标值设定可能偏低"
    ),
    "indicator-value-unreadable": "指标“{name}”的目标值与实际完成值无法比较：{reason}",
    "indicator-value-missing": "指标“{name}”的实际完成值缺失（{reason}），无法判断是否完成",
    "income-initial-budget-text": (
        "正文所述部门收入年初预算 {stated} 与收入表“本年收入合计”年初预算数 {against} 不一致"
        "（相差 {difference} {unit}）"
    ),
    "income-adjusted-budget-text": (
        "正文所述部门收入全年预算 {stated} 与收入表“本年收入合计”全年预算数 {against} 不一致"
        "（相差 {difference} {unit}）"
    ),
    "income-final-accounts-text": (
        "正文所述部门实际收入 {stated} 与收入表“本年收入合计”决算数 {against} 不一致"
        "（相差 {difference} {unit}）"
    ),
    "expenditure-initial-budget-text": (
        "正文所述部门支出年初预算 {stated} 与支出表“本年支出合计”年初预算数 {against} 不一致"
        "（相差 {difference} {unit}）"
    ),
    "expenditure-adjusted-budget-text": (
        "正文所述部门支出全年预算 {stated} 与支出表“本年支出合计”全年预算数 {against} 不一致"
        "（相差 {difference} {unit}）"
    ),
    "expenditure-final-accounts-text": (
        "正文所述部门实际支出 {stated} 与支出表“本年支出合计”决算数 {against} 不一致"
        "（相差 {difference} {unit}）"
    ),
    "text-count-vs-indicator": (
        "正文称{label} {stated}（“{stated_text}”），指标“{name}”实际完成值为 {against}"
        "（相差 {difference} {unit}）"
    ),
    "text-vs-indicator-unit": (
        "正文称{label} {stated}，指标“{name}”实际完成值为 {against}，"
        "计量单位不同（{stated_unit} / {against_unit}）"
    ),
    "indicator-duplicate": (
        "指标“{name}”（第 {row} 行）与第 {duplicate_of} 行重复：本行目标 {target}、实际 {actual}；"
        "第 {duplicate_of} 行目标 {duplicate_of_target}、实际 {duplicate_of_actual}"
    ),
    "indicator-near-duplicate": (
        "指标“{name}”（第 {row} 行）与第 {duplicate_of} 行“{duplicate_of_name}”名称相近"
        "（相似度 {similarity}），目标 {target}、实际 {actual} 均相同，可能重复"
    ),
    "income-reconciles": (
        "收入表“{column_label}”列各项之和 {items_sum} 与{name} {total} 不符，"
        "相差 {difference}（{item_count} 项）"
    ),
    "expenditure-reconciles": (
        "支出表“{column_label}”列各项之和 {items_sum} 与{name} {total} 不符，"
        "相差 {difference}（{item_count} 项）"
    ),
    "indicator-category-standard": (
        "指标类别“{category}”不是标准名称（首见第 {row} 行“{name}”，共 {rows} 行使用），"
        "建议改用：{suggestion}"
    ),
    "indicator-category-required": "指标体系中没有“{required}”类指标（报告使用的类别：{categories}）",
}
#: jxrules cuts a longer message (and its values); no generated report comes near it.
MAX_MESSAGE_CHARS = 4000

COLUMNS = ("initial_budget", "adjusted_budget", "final_accounts", "executed")
COLUMN_LABELS = {
    "initial_budget": "年初预算数",
    "adjusted_budget": "全年预算数",
    "final_accounts": "决算数",
    "executed": "全年执行数",
}
MAX_SCORE = Decimal(100)
GRADE_BANDS = ((90, "优"), (80, "良"), (60, "中"), (0, "差"))
FAR_ABOVE = Decimal(2)
SIMILARITY = (3, 4)  # 0.75 as num/den
NOT_INDICATORS = ("合计", "小计", "总计")
BREAKDOWN = ("其中",)  # 其中：… items break down the item above: not added again
TAXONOMY = {
    "产出指标": ("数量指标", "质量指标", "时效指标", "成本指标"),
    "效益指标": ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
    "满意度指标": ("服务对象满意度指标",),
}
#: Standard names, in the data file's order (the suggestion of last resort lists them).
STANDARD = tuple(name for parent, kids in TAXONOMY.items() for name in (parent, *kids))
_STANDARD = frozenset(STANDARD)
REQUIRED = ("效益指标", "满意度指标")
#: Non-standard category -> the suggested standard name (jxrules/data/taxonomy.yaml).
SUGGESTIONS = {
    "效果指标": "效益指标",
    "效果": "效益指标",
    "效益": "效益指标",
    "产出": "产出指标",
    "满意度": "满意度指标",
    "数量": "数量指标",
    "质量": "质量指标",
    "时效": "时效指标",
    "成本": "成本指标",
    "经济效益": "经济效益指标",
    "社会效益": "社会效益指标",
    "生态效益": "生态效益指标",
    "可持续影响": "可持续影响指标",
    "可持续发展指标": "可持续影响指标",
    "服务对象满意度": "服务对象满意度指标",
}
LEVEL_KEYS = ("level1", "level2")

_M = re.MULTILINE
_AMOUNT = r"\s*(?:为|是)?\s*(?P<value>[\d,.]+\s*[万亿]?元)"
#: (rule, table, column, the rule's ``stated`` pattern)
BUDGET_TEXT = (
    ("income-initial-budget-text", "income", "initial_budget", r"部门收入年初预算数?" + _AMOUNT),
    (
        "income-adjusted-budget-text",
        "income",
        "adjusted_budget",
        r"部门收入[^。\n]*?全年预算数?" + _AMOUNT,
    ),
    (
        "income-final-accounts-text",
        "income",
        "final_accounts",
        r"部门收入[^。\n]*?实际收入" + _AMOUNT,
    ),
    (
        "expenditure-initial-budget-text",
        "expenditure",
        "initial_budget",
        r"部门支出年初预算数?" + _AMOUNT,
    ),
    (
        "expenditure-adjusted-budget-text",
        "expenditure",
        "adjusted_budget",
        r"部门支出[^。\n]*?全年预算数?" + _AMOUNT,
    ),
    (
        "expenditure-final-accounts-text",
        "expenditure",
        "final_accounts",
        r"部门支出[^。\n]*?实际支出" + _AMOUNT,
    ),
)
_BUDGET_PATTERNS = [
    (rule, table, column, re.compile(pattern, _M)) for rule, table, column, pattern in BUDGET_TEXT
]
#: The pairs of the two text-vs-indicator rules: (label, the words after the figure or None,
#: the ``stated`` pattern, the indicator it is compared with).
COUNT_TEXT = (
    (
        "获得新升规奖励的工业企业",
        "工业企业获得新升规奖励",
        r"(?P<value>\d[\d,]*\s*家)工业企业获得新升规奖励",
        "新增“小升规”工业企业数量",
    ),
    (
        "获得第一年增长奖励的工业企业",
        "工业企业获得第一年增长奖励",
        r"(?P<value>\d[\d,]*\s*家)工业企业获得第一年增长奖励",
        "升规后第一年增长奖励工业企业数量",
    ),
    (
        "获得连续两年增长奖励的工业企业",
        "工业企业获得连续两年均实现增长奖励",
        r"(?P<value>\d[\d,]*\s*家)工业企业获得连续两年均实现增长奖励",
        "升规后第一年和第二年均保持增长奖励工业企业数量",
    ),
    (
        "培训工业互联网人员",
        None,
        r"培训工业互联网人员\s*(?P<value>\d[\d,]*\s*(?:人次|名|人))",
        "为江门市培养工业互联网、人工智能相关人才数量",
    ),
)
_COUNT_PATTERNS = [(label, after, re.compile(p, _M), name) for label, after, p, name in COUNT_TEXT]
#: A count just before a literal: the patterns above that start with the figure, read
#: backwards from each occurrence of their literal (a regex starting with ``\d`` is tried
#: at every digit of the text; ``str.find`` on the literal is much cheaper).
_COUNT_BEFORE = re.compile(r"\d[\d,]*\s*家$")
_WINDOW = 40
_NUMBER_CHAR = re.compile(r"[\d,]")

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
_NUMBER = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?"
#: One clause of a cell (the cell split at ``，``): words (Han characters only, as in the
#: compound row), maybe ``≥``/``超过``, a number or a short range, a unit, maybe ``以上``.
_CLAUSE = re.compile(
    r"(?P<subject>[\u4e00-\u9fff“”]*?)(?P<pre>≥|超过)?"
    r"(?:(?P<lo>[0-9]{1,3})-(?P<hi>[0-9]{1,3})|(?P<n>" + _NUMBER + r"))"
    r"\s*(?P<unit>亿元|万元|元|人次|家|个|笔|名|人|%)?(?P<suf>以上)?"
)
#: Words that, just before a number, make jxrules read it otherwise (a comparator of
#: jxrules/data/quantities.yaml, 第 of an ordinal): a clause whose words end so is refused.
_NOT_BEFORE_NUMBER = (
    *("不低于", "不少于", "不小于", "至少", "大于等于", "大于或等于", "高于或等于", "不得低于"),
    *("不得少于", "超过", "高于", "大于", "多于", "超", "不高于", "不超过", "不多于", "不大于"),
    *("小于等于", "至多", "最多", "控制在", "不得超过", "不得高于", "低于", "少于", "小于"),
    *("不足", "不满", "不到", "第"),
)
#: The start of the form's instructions (``请填写…``, ``说明…``): jxrules reads "missing".
_PLACEHOLDER = (
    "请",
    "在此",
    "此处",
    "说明",
    "简述",
    "描述",
    "概述",
    "阐述",
    "填写",
    "填报",
    "填入",
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
_RATIO_PLACES = Decimal("0.0001")
_ONE, _ZERO = Decimal(1), Decimal(0)
_SIMILARITY_PLACES = Decimal("0.01")

#: Report sections and columns in print order (``Location.sort_key`` in jxrules/findings.py).
_SECTION_ORDER = {
    "ingest": 0,
    "self_evaluation": 1,
    "declared": 2,
    "income": 3,
    "expenditure": 4,
    "funds": 5,
    "indicators": 6,
    "total_score": 7,
    "narrative": 8,
}
_COLUMN_ORDER = {
    c: i
    for i, c in enumerate(
        (
            "name",
            "initial_budget",
            "adjusted_budget",
            "final_accounts",
            "executed",
            "target",
            "actual",
            "points",
            "score",
        )
    )
}


class Clause(NamedTuple):
    subject: str
    comparator: str | None  # None (bare), "≥", ">", "range"
    value: Decimal
    upper: Decimal | None
    unit: str
    printed: str
    scale: Decimal
    text: str


class Compared(NamedTuple):
    """One target clause against its actual clause (jxrules' ``ClauseVerdict``)."""

    outcome: str  # met, missed, unit_mismatch, unreadable
    target: Clause
    actual: Clause | None
    #: met and missed: the target's scale, the target figure compared and the actual figure,
    #: both scaled (元, not 万元); the figures shown are these divided by the scale
    scale: Decimal = _ONE
    bound: Decimal = _ZERO
    have: Decimal = _ZERO
    reason: str = ""


class Table(NamedTuple):
    unit: str
    columns: tuple[str, ...]
    #: (name, column -> amount or None)
    items: list[tuple[str, dict[str, Decimal | None]]]
    total: tuple[str, dict[str, Decimal | None]] | None


class View(NamedTuple):
    """What the rules read, from a ``Report`` or a canonical mapping."""

    score: Decimal | None
    grade: str | None
    declared: Decimal | None
    tables: Mapping[str, Table]
    #: (row label, name, target, actual, level1, level2)
    rows: list[tuple[str, str, str, str, str | None, str | None]]
    narrative: str


#: (sort key of the location, rule index, the finding) — sorted as jxrules' engine sorts.
_Found = list[tuple[tuple[int, int, str, int, str], int, Finding]]


def handwritten_findings(report: Any) -> list[Finding]:
    """The findings of the bundled ruleset on ``report`` (a ``Report`` or a canonical mapping)."""
    view = _from_mapping(report) if isinstance(report, Mapping) else _from_report(report)
    out: _Found = []
    _expressions(view, out)
    _targets(view, out)
    _budget_text(view, out)
    _count_text(view, out)
    _duplicates(view, out)
    _reconcile(view, out)
    _taxonomy(view, out)
    out.sort(key=lambda found: (found[0], found[1]))
    return [finding for _, _, finding in out]


# ------------------------------------------------------------------ output
def _add(
    out: _Found,
    rule: str,
    location: dict[str, str],
    evidence: dict[str, str],
    variables: Mapping[str, str] | None = None,
) -> None:
    """One finding: the message filled from the variables, the location and the evidence."""
    index, check, severity = _RULE[rule]
    values = {**variables, **location, **evidence} if variables else {**location, **evidence}
    message = MESSAGES[rule].format_map(values)
    if len(message) > MAX_MESSAGE_CHARS:
        raise ValueError(f"a message jxrules would cut: {message[:80]}…")
    finding = {
        "rule": rule,
        "check": check,
        "severity": severity,
        "message": message,
        "location": location,
        "evidence": evidence,
    }
    out.append((_sort_key(location), index, finding))


def _sort_key(location: Mapping[str, str]) -> tuple[int, int, str, int, str]:
    field = location.get("field") or ""
    section = location.get("table") or field.split(".")[0]
    if section == "budget":
        section = field.split(".")[1] if field else section
    row = location.get("row") or ""
    row_num = int(row) if row.isdigit() else (10**9 if not row else 10**8)
    column = location.get("column") or ""
    return (_SECTION_ORDER.get(section, 9), row_num, row, _COLUMN_ORDER.get(column, 99), field)


def _text(value: Decimal | None) -> str:
    """A decimal as jxrules prints it: plain notation, never an exponent."""
    if value is None:
        return ""
    text = format(value, "f")
    return "0" if text in ("-0", "-0.0") else text


def _row_location(label: str, name: str, column: str | None = None) -> dict[str, str]:
    if column is None:
        return {"table": "indicators", "row": label, "name": name}
    return {"table": "indicators", "row": label, "name": name, "column": column}


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
        items = [
            ("".join(str(line["name"]).split()), {c: _dec(line.get(c)) for c in columns})
            for line in table.get("items") or ()
        ]
        total = table.get("total")
        total_line = None
        if total is not None:
            total_line = (
                "".join(str(total["name"]).split()),
                {c: _dec(total.get(c)) for c in columns},
            )
        tables[key] = Table(table.get("unit") or "万元", columns, items, total_line)
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
        items = [(line.name, {c: line.amount(c) for c in columns}) for line in table.items]
        total = table.total
        total_line = None if total is None else (total.name, {c: total.amount(c) for c in columns})
        tables[key] = Table(table.unit, columns, items, total_line)
    rows = [(i.row, i.name, i.target, i.actual, i.level1, i.level2) for i in report.indicators]
    return View(
        score=None if evaluation.score is None else evaluation.score.value,
        grade=evaluation.grade,
        declared=report.declared.get("indicator_count"),
        tables=tables,
        rows=rows,
        narrative=report.narrative,
    )


# ------------------------------------------------------------------ expression rules
def _expressions(view: View, out: _Found) -> None:
    score = view.score
    if score is not None:
        shown = _text(score)
        if not 0 <= score <= MAX_SCORE:
            evidence = {"score": shown, "max_score": _text(MAX_SCORE)}
            _add(out, "score-in-range", {"field": "self_evaluation.score"}, evidence)
        grade = view.grade
        if grade is not None:
            expected = next((band for low, band in GRADE_BANDS if low <= score), None)
            if grade != expected:
                if not isinstance(grade, str):
                    raise ValueError(f"not a generated grade: {grade!r}")
                evidence = {"score": shown, "grade": grade, "expected": expected or "（空）"}
                _add(out, "grade-matches-score", {"field": "self_evaluation.grade"}, evidence)
    if view.declared is not None:
        indicator_rows = sum(1 for row in view.rows if row[1] not in NOT_INDICATORS)
        if view.declared != indicator_rows:
            evidence = {"declared": _text(view.declared), "rows": str(indicator_rows)}
            _add(out, "declared-indicator-count", {"field": "declared.indicator_count"}, evidence)


# ------------------------------------------------------------------ target
def _number(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _read(text: str) -> list[Clause]:
    """A generated (non-blank) target or actual as clauses."""
    if text.startswith(_PLACEHOLDER):
        raise ValueError(f"not a generated figure: {text!r}")
    clauses = []
    for part in text.rstrip("。").split("，"):
        m = _CLAUSE.fullmatch(part)
        if m is None or (m["subject"] and _reads_otherwise(m["subject"], m["pre"] or "")):
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
                Decimal(m["lo"]) if m["hi"] is not None else _number(m["n"]),
                None if m["hi"] is None else Decimal(m["hi"]),
                unit,
                printed,
                scale,
                part,
            )
        )
    return clauses


def _reads_otherwise(subject: str, pre: str) -> bool:
    """Whether the words before the number end in a longer comparator than ``pre`` (不超过)."""
    head = subject + pre
    return any(len(word) > len(pre) and head.endswith(word) for word in _NOT_BEFORE_NUMBER)


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


def _ratio(clause: Compared) -> Decimal | None:
    """``actual ÷ bound``, 4 decimals half-up, trailing zeros dropped; None unless bound > 0."""
    if clause.bound <= 0:
        return None
    ratio = clause.have / clause.bound
    return ratio.quantize(_RATIO_PLACES, rounding=ROUND_HALF_UP).normalize()


def _compare(target: Clause, actual: Clause | None) -> Compared:
    """One target clause against its actual clause (higher is better)."""
    if actual is None:
        return Compared(
            "unreadable", target, None, reason=f"实际值中没有与“{target.text}”对应的数字"
        )
    if target.unit and actual.unit and target.unit != actual.unit:
        return Compared("unit_mismatch", target, actual)
    t_scale = actual.scale if not target.printed and actual.unit else target.scale
    a_scale = target.scale if not actual.printed and target.unit else actual.scale
    strict = target.comparator == ">"
    low = target.value * t_scale
    have = actual.value * a_scale
    if actual.comparator is None:  # a bare actual: met or missed, never "cannot tell"
        met = have > low or (have == low and not strict)
    elif actual.comparator in ("≥", ">"):  # 72亿元以上: met only if wholly above the target
        met = have > low or (have == low and (not strict or actual.comparator == ">"))
        if not met:
            reason = f"实际值“{actual.text}”无法判断是否满足目标“{target.text}”"
            return Compared("unreadable", target, actual, reason=reason)
    else:
        raise ValueError(f"the generator writes no range actuals: {actual.text!r}")
    bound = low
    if target.upper is not None and met:  # a range is met from its low end; its top is the bound
        bound = target.upper * t_scale
    return Compared("met" if met else "missed", target, actual, t_scale, bound, have)


def _figures(clause: Compared, compound: bool) -> dict[str, str]:
    """The evidence of a missed or far-above clause (after ``target`` and ``actual``)."""
    target, actual = clause.target, clause.actual
    out = {
        "target_value": _text(clause.bound / clause.scale),
        "actual_value": _text(clause.have / clause.scale),
        "unit": target.printed or ("" if actual is None else actual.printed),
        "comparator": ">" if target.comparator == ">" else "≥",  # a range or bare target: ≥
        "direction": "higher",
    }
    ratio = _ratio(clause)
    if ratio is not None:
        out["ratio"] = _text(ratio)
    if compound:
        out["target_clause"] = target.text
        out["actual_clause"] = "" if actual is None else actual.text
    return out


def _targets(view: View, out: _Found) -> None:
    far_above = _text(FAR_ABOVE)
    for label, name, target_text, actual_text, _, _ in view.rows:
        if _LOWER_IS_BETTER.search(_TRAILING_BRACKETS.sub("", name)):
            raise ValueError(f"lower-is-better indicators are not generated: {name}")
        checked = name not in NOT_INDICATORS  # the rules' ``where``: total rows are skipped
        if not target_text:
            if checked:
                evidence = {"target": target_text, "actual": actual_text, "reason": "目标值为空"}
                where = _row_location(label, name, "target")
                _add(out, "indicator-value-unreadable", where, evidence)
            continue
        targets = _read(target_text)
        if not actual_text:
            if checked:
                evidence = {"target": target_text, "actual": actual_text, "reason": "实际值为空"}
                _add(out, "indicator-value-missing", _row_location(label, name, "actual"), evidence)
            continue
        actuals = _read(actual_text)
        compound = len(targets) > 1
        missed = mismatch = unreadable = best = None
        for target, actual in zip(targets, _pair(targets, actuals), strict=True):
            clause = _compare(target, actual)
            outcome = clause.outcome
            if outcome == "met":
                # far above: actual ≥ 2 × target, exactly; of several, the first highest ratio
                high = clause.bound > 0 and clause.have >= FAR_ABOVE * clause.bound
                if high and (best is None or (_ratio(clause) or 0) > (_ratio(best) or 0)):
                    best = clause
            elif outcome == "missed":
                missed = missed or clause
            elif outcome == "unit_mismatch":
                mismatch = mismatch or clause
            else:
                unreadable = unreadable or clause
        cells = {"target": target_text, "actual": actual_text}  # first in every evidence
        if missed is not None:
            evidence = {**cells, **_figures(missed, compound)}
            _add(out, "indicator-target-met", _row_location(label, name, "actual"), evidence)
        if mismatch is not None and mismatch.actual is not None:
            evidence = {
                **cells,
                "target_unit": mismatch.target.printed,
                "actual_unit": mismatch.actual.printed,
            }
            if compound:
                evidence["target_clause"] = mismatch.target.text
                evidence["actual_clause"] = mismatch.actual.text
            _add(out, "indicator-unit-mismatch", _row_location(label, name, "actual"), evidence)
        if best is not None and best.actual is not None:
            evidence = {**cells, **_figures(best, compound), "far_above_ratio": far_above}
            variables = {"target_clause": best.target.text, "actual_clause": best.actual.text}
            where = _row_location(label, name, "actual")
            _add(out, "indicator-target-too-low", where, evidence, variables)
        if unreadable is not None and checked:
            evidence = {**cells, "reason": unreadable.reason}
            _add(out, "indicator-value-unreadable", _row_location(label, name, "actual"), evidence)


# ------------------------------------------------------------------ crossref
def _line(narrative: str, at: int) -> str:
    return f"narrative line {narrative.count(chr(10), 0, at) + 1}"


def _stated(text: str) -> tuple[Decimal, str, str, Decimal]:
    """A figure stated in the narrative: (value, printed unit, unit, scale)."""
    m = _STATED.fullmatch(text)
    if m is None:
        raise ValueError(f"not a generated figure in the narrative: {text!r}")
    unit, scale = UNITS[m["unit"]]
    return _number(m["n"]), m["unit"], unit, scale


def _budget_text(view: View, out: _Found) -> None:
    narrative = view.narrative
    for rule, table_key, column, pattern in _BUDGET_PATTERNS:
        table = view.tables.get(table_key)
        if table is None or table.total is None:
            continue  # the rule's ``when``
        matches = list(pattern.finditer(narrative))
        if not matches:
            continue
        amount = table.total[1].get(column) if column in table.columns else None
        if amount is None:
            continue  # a blank or absent cell states nothing to compare with
        if table.unit not in UNITS:
            raise ValueError(f"not a generated table unit: {table.unit!r}")
        against_unit, against_scale = UNITS[table.unit]
        field = f"budget.{table_key}.total.{column}"
        against = {
            "against": _text(amount) + table.unit,
            "against_value": _text(amount),
            "against_from": field,
        }
        for match in matches:
            text = match.group("value").strip()
            value, printed, unit, scale = _stated(text)
            if unit and against_unit and unit != against_unit:
                continue  # unit_mismatch: not what these rules report
            # a figure printed without a unit is meant in the other's
            mine = against_scale if not printed and against_unit else scale
            theirs = scale if not table.unit and unit else against_scale
            difference = value - (amount if theirs == mine else amount * theirs / mine)
            if not difference:
                continue
            evidence = {
                "stated": text,
                "stated_value": _text(value),
                "stated_from": _line(narrative, match.start()),
                "stated_text": match.group(0).strip(),
                **against,
                "difference": _text(difference),
                "unit": printed or table.unit,
            }
            _add(out, rule, {"field": field}, evidence)


def _stated_counts(
    narrative: str, after: str | None, pattern: re.Pattern[str]
) -> list[tuple[int, str, str]]:
    """(start, figure, whole match) of each match of ``pattern`` in ``narrative``, in order."""
    if after is None:
        return [(m.start(), m.group("value"), m.group(0)) for m in pattern.finditer(narrative)]
    found = []
    at = narrative.find(after)
    while at >= 0:
        low = max(0, at - _WINDOW)
        m = _COUNT_BEFORE.search(narrative, low, at)
        if m is not None and m.end() == at:
            start = m.start()
            if start == low and low > 0 and _NUMBER_CHAR.match(narrative, low - 1):
                raise ValueError("a figure longer than the window: not generated")
            end = at + len(after)
            found.append((start, m.group(0), narrative[start:end]))
        at = narrative.find(after, at + len(after))
    return found


def _count_text(view: View, out: _Found) -> None:
    narrative = view.narrative
    for label, after, pattern, indicator in _COUNT_PATTERNS:
        stated_texts = _stated_counts(narrative, after, pattern)
        if not stated_texts:
            continue
        row = next((r for r in view.rows if r[1] == indicator), None)
        if row is None or not row[3]:
            continue  # no figure to compare with
        against = _read(row[3])[0]
        if against.comparator == "range":
            continue  # not one number: not compared
        row_label, name, actual_text = row[0], row[1], row[3]
        where = _row_location(row_label, name, "actual")
        against_evidence = {
            "against": actual_text,
            "against_value": _text(against.value),
            "against_from": f"indicators row {row_label} actual",
        }
        variables = {"label": label, "tolerance": "0"}
        for start, value_text, said in stated_texts:
            text = value_text.strip()
            value, printed, unit, scale = _stated(text)
            if unit and against.unit and unit != against.unit:
                rule = "text-vs-indicator-unit"
                outcome = {"stated_unit": printed, "against_unit": against.printed}
            else:
                mine = against.scale if not printed and against.unit else scale
                theirs = scale if not against.printed and unit else against.scale
                other = against.value if theirs == mine else against.value * theirs / mine
                difference = value - other
                if not difference:
                    continue
                rule = "text-count-vs-indicator"
                outcome = {"difference": _text(difference), "unit": printed or against.printed}
            evidence = {
                "stated": text,
                "stated_value": _text(value),
                "stated_from": _line(narrative, start),
                "stated_text": said.strip(),
                **against_evidence,
                **outcome,
            }
            _add(out, rule, dict(where), evidence, variables)


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


def _duplicate_evidence(
    row: tuple[str, str, str, str, Any, Any], first: tuple[str, str, str, str, Any, Any]
) -> dict[str, str]:
    return {
        "duplicate_of": first[0],
        "duplicate_of_name": first[1],
        "target": row[2],
        "actual": row[3],
        "duplicate_of_target": first[2],
        "duplicate_of_actual": first[3],
    }


def _duplicates(view: View, out: _Found) -> None:
    first: dict[str, tuple[str, str, str, str, Any, Any]] = {}
    #: (target, actual) -> (row, normalised name) of rows with a new name
    buckets: dict[tuple[str, str], list[tuple[tuple[str, str, str, str, Any, Any], str]]] = {}
    for row in view.rows:
        key = _name_key(row[1])
        if not key:
            continue
        earlier = first.get(key)
        if earlier is not None:
            location = _row_location(row[0], row[1])
            _add(out, "indicator-duplicate", location, _duplicate_evidence(row, earlier))
            continue
        first[key] = row
        figures = (_figure_key(row[2]), _figure_key(row[3]))
        if figures[0] and figures[1]:
            buckets.setdefault(figures, []).append((row, key))
    num, den = SIMILARITY
    for members in buckets.values():
        if len(members) < 2:
            continue
        numbers = [_DIGITS.findall(key) for _, key in members]
        counts = [Counter(key) for _, key in members]
        for i in range(1, len(members)):
            row, name = members[i]
            for j in range(i):
                other = members[j][1]
                if numbers[i] and numbers[j] and numbers[i] != numbers[j]:
                    continue
                total = len(name) + len(other)
                if other in name or name in other:
                    matched, match = min(len(name), len(other)), "contains"
                    break
                if 2 * sum((counts[i] & counts[j]).values()) * den < num * total:
                    continue
                blocks = SequenceMatcher(None, other, name, autojunk=False).get_matching_blocks()
                matched = sum(b.size for b in blocks)
                if 2 * matched * den >= num * total:
                    match = "similar"
                    break
            else:
                continue
            ratio = Decimal(2 * matched) / Decimal(total)
            evidence = _duplicate_evidence(row, members[j][0])
            evidence["similarity"] = _text(ratio.quantize(_SIMILARITY_PLACES, ROUND_DOWN))
            evidence["match"] = match
            _add(out, "indicator-near-duplicate", _row_location(row[0], row[1]), evidence)


# ------------------------------------------------------------------ reconcile
def _reconcile(view: View, out: _Found) -> None:
    for table_key, rule, label in (
        ("income", "income-reconciles", "收入"),
        ("expenditure", "expenditure-reconciles", "支出"),
    ):
        table = view.tables.get(table_key)
        if table is None or table.total is None:
            continue
        total_name, total_cells = table.total
        items = [cells for name, cells in table.items if not name.startswith(BREAKDOWN)]
        for column in table.columns:
            items_sum = Decimal(0)
            for cells in items:
                amount = cells[column]
                if amount is not None:  # a blank cell adds nothing
                    items_sum += amount
            total = total_cells[column]
            if total is None:
                total = Decimal(0)
            difference = items_sum - total
            if not difference:
                continue
            evidence = {
                "items_sum": _text(items_sum),
                "total": _text(total),
                "difference": _text(difference),
                "item_count": str(len(items)),
            }
            location = {"table": table_key, "name": total_name, "column": column}
            variables = {"table_label": label, "column_label": COLUMN_LABELS[column]}
            _add(out, rule, location, evidence, variables)


# ------------------------------------------------------------------ taxonomy
def _suggest(key: str) -> str:
    if key in SUGGESTIONS:
        return SUGGESTIONS[key]
    best, best_name = (0, 1), ""
    for candidate in STANDARD:
        blocks = SequenceMatcher(None, candidate, key, autojunk=False).get_matching_blocks()
        score = (2 * sum(b.size for b in blocks), len(candidate) + len(key))
        if not best_name or score[0] * best[1] > best[0] * score[1]:
            best, best_name = score, candidate
    if best_name and 2 * best[0] >= best[1]:
        return best_name
    return "、".join(STANDARD)


def _taxonomy(view: View, out: _Found) -> None:
    keys: dict[str, str] = {}  # printed category -> its key (per report)
    #: key -> (as first printed, level, row label, row name); how many rows use it
    first: dict[str, tuple[str, str, str, str]] = {}
    rows: dict[str, int] = {}
    for label, name, _, _, level1, level2 in view.rows:
        here = set()
        for level, printed in zip(LEVEL_KEYS, (level1, level2), strict=True):
            printed = printed or ""
            key = keys.get(printed)
            if key is None:
                key = keys[printed] = _name_key(printed)
            if not key:
                continue
            if key not in first:
                first[key] = (printed.strip(), level, label, name)
            here.add(key)
        for key in here:
            rows[key] = rows.get(key, 0) + 1
    for key, (printed, level, label, name) in first.items():
        if key in _STANDARD:
            continue
        evidence = {
            "category": printed,
            "rows": str(rows[key]),
            "level": level,
            "suggestion": _suggest(key),
        }
        variables = {"level_label": "一级指标" if level == "level1" else "二级指标"}
        _add(out, "indicator-category-standard", _row_location(label, name), evidence, variables)
    if not view.rows:
        return
    categories = "、".join(printed for printed, _, _, _ in first.values())
    for required in REQUIRED:
        accepted = [required]
        for parent, kids in TAXONOMY.items():
            if parent.startswith(required):
                accepted.extend(kids)
        if not any(key.startswith(prefix) for key in first for prefix in accepted):
            evidence = {"required": required, "categories": categories}
            _add(out, "indicator-category-required", {"table": "indicators"}, evidence)
