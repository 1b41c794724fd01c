"""Chinese quantities, units and targets -> ``Decimal`` (docs/quantities.md).

What reports print in 年度指标值 / 实际完成值 — ``≥200 家``, ``超过2亿元``,
``90%以上``, ``2-3家``, ``14,800万元``, several clauses in one cell — read into
typed values that keep the printed text::

    parse_target("超过2亿元")     # Target(clauses=(Clause(">", 2, 亿元 = 1e8 × 元),))
    parse_target("有效提升")      # Qualitative
    parse_target("见附件")        # Unreadable
    compare(parse_target("90%以上"), parse_actual("90%"), lower_is_better=False).outcome  # "met"

The word lists (comparators, units, multipliers, qualitative words, name heads
meaning "lower is better") are data: ``jxrules/data/quantities.yaml``, extended
per rule with :meth:`Vocabulary.extended`.  Statutory reading (民法典 第1259条):
以上/以下/以内 include the bound, 超过/不满 exclude it.

:func:`read` raises :class:`~jxrules.errors.QuantityError` for text it cannot
read; :func:`parse_target` and :func:`parse_actual` never raise.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal, DecimalException
from functools import cache, lru_cache
from typing import Any, Literal, cast

from attrs import frozen

from jxrules.data import load as load_data
from jxrules.deadlines import DateVerdict, compare_dates
from jxrules.errors import QuantityError

#: A comparator: ``None`` on a :class:`Clause` means a bare number.
Comparator = Literal["≥", "≤", ">", "<", "=", "range"]
Outcome = Literal["met", "missed", "unit_mismatch", "unreadable", "qualitative"]

#: Longest text read (a cell); longer text is unreadable.
MAX_TEXT_CHARS = 4000
#: Most digits in one number.
MAX_DIGITS = 30
_CACHE_LIMIT = 50_000
_DIGITS = {
    ord(a): ord(b) for a, b in zip("０１２３４５６７８９．％　", "0123456789.% ", strict=True)
}
_NUMBER = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?"
_MASK = "\x00"
_HAS_DIGIT = re.compile("[0-9]")
_ONE = Decimal(1)
_SUBJECT_NOISE = re.compile(r"[\s\x00，,。；;、：:（）()【】\[\]“”\"'‘’《》·…]+")
_TRAILING_BRACKETS = re.compile(r"(?:[（(\[【][^（）()\[\]【】]*[）)\]】])+$")


@frozen
class Clause:
    """One number of a target or actual: ``超过2000万元`` in a compound cell."""

    #: The words before the number, white space and punctuation removed (for pairing).
    subject: str
    #: ``≥ ≤ > < =`` or ``range``; ``None`` for a bare number.
    comparator: Comparator | None
    #: The number as printed (the low end of a range), in ``printed_unit``.
    value: Decimal
    #: The high end of a range, in ``printed_unit``.
    upper: Decimal | None
    #: Normalised unit: ``元`` for money, ``%``, a unit word (``家``), ``""`` for none.
    unit: str
    #: The unit as printed (``万元``).
    printed_unit: str
    #: ``printed_unit`` = ``scale`` × ``unit`` (万元 -> 10000).
    scale: Decimal
    #: The clause as printed.
    text: str

    @property
    def amount(self) -> Decimal:
        """``value`` in the normalised unit (元, not 万元)."""
        return self.value * self.scale

    @property
    def upper_amount(self) -> Decimal | None:
        return None if self.upper is None else self.upper * self.scale


@frozen
class Target:
    """A quantitative target or actual: one or more clauses (compound cells)."""

    text: str
    clauses: tuple[Clause, ...]


@frozen
class Qualitative:
    """A text without numbers that states a qualitative or deadline target (有效提升, 12月底前)."""

    text: str
    reason: str = ""


@frozen
class Unreadable:
    """A text that is neither a quantity nor a qualitative statement."""

    text: str
    reason: str


@frozen
class Missing(Unreadable):
    """No value: an empty cell, a dash or ``无`` (``blanks``), or the form's instruction
    text left in place (``placeholders``: ``请填写…``, ``说明…（100字以内）``)."""


_BLANK = "为空 (blank)"


class _MissingValue(QuantityError):
    """Raised by :func:`read` for a missing value (a :class:`QuantityError`)."""


Reading = Target | Qualitative | Unreadable


@frozen
class ClauseVerdict:
    """One target clause compared with its actual clause."""

    outcome: Literal["met", "missed", "unit_mismatch", "unreadable"]
    target: Clause
    actual: Clause | None
    #: The comparator applied (a bare target reads ``≥``, or ``≤`` when lower is better).
    comparator: str = ""
    #: The target figure compared (for a range: the end that applies), in the target's unit.
    bound: Decimal | None = None
    #: The actual figure in the target's printed unit.
    actual_value: Decimal | None = None
    #: ``actual ÷ bound`` (4 decimals), where meaningful.
    ratio: Decimal | None = None
    lower_is_better: bool = False
    reason: str = ""

    @property
    def unit(self) -> str:
        """The printed unit the figures are in."""
        if self.target.printed_unit:
            return self.target.printed_unit
        return "" if self.actual is None else self.actual.printed_unit


@frozen
class Verdict:
    """Target vs actual: the outcome and every clause's figures."""

    outcome: Outcome
    clauses: tuple[ClauseVerdict, ...] = ()
    reason: str = ""
    #: For ``unreadable`` without clauses: which side (``target`` or ``actual``).
    side: str = ""
    #: ``unreadable`` because the actual is :class:`Missing` (empty, dash, template text).
    missing: bool = False
    #: A deadline target compared with an actual date (``met``/``missed``/``unreadable``).
    dates: DateVerdict | None = None

    def having(self, outcome: str) -> tuple[ClauseVerdict, ...]:
        """The clauses with ``outcome`` (most verdicts have none: checked cheaply first)."""
        if outcome != self.outcome and outcome not in self.others:
            return ()
        return tuple(c for c in self.clauses if c.outcome == outcome)

    @property
    def others(self) -> frozenset[str]:
        """Outcomes of clauses besides the overall one (compound cells)."""
        if len(self.clauses) < 2:
            return frozenset()
        return frozenset(c.outcome for c in self.clauses)


# ---------------------------------------------------------------- vocabulary
def _alternation(words: Iterable[str]) -> str:
    unique = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    return "|".join(re.escape(w) for w in unique) or "(?!)"


class Vocabulary:
    """The word lists of ``quantities.yaml``, compiled into one reader."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data
        try:
            self._compile(data)
        except (TypeError, ValueError, ArithmeticError, AttributeError, KeyError, re.error) as exc:
            raise QuantityError(f"数量词表无效 (invalid vocabulary): {exc}") from None
        self._cache: dict[str, Target | Qualitative] = {}

    def _compile(self, data: Mapping[str, Any]) -> None:
        symbols = {str(k): str(v) for k, v in (data.get("symbols") or {}).items()}
        for key, value in symbols.items():
            if len(key) != 1 or len(value) != 1:
                raise ValueError(f"symbols 只能一字换一字：{key!r} -> {value!r}")
        self.translation: dict[int, int] = {**_DIGITS}
        self.translation.update({ord(k): ord(v) for k, v in symbols.items()})
        self.prefix: dict[str, str] = {}
        self.suffix: dict[str, str] = {}
        self.infix: dict[str, str] = {}
        for symbol, forms in (data.get("comparators") or {}).items():
            if symbol not in ("≥", "≤", ">", "<", "="):
                raise ValueError(f"未知的比较符 {symbol!r}")
            for place, table in (("prefix", self.prefix), ("suffix", self.suffix)):
                table.update({str(w): symbol for w in forms.get(place) or ()})
            self.infix.update({str(w): symbol for w in forms.get("infix") or ()})
        self.aliases = {str(k): str(v) for k, v in (data.get("unit_aliases") or {}).items()}
        self.units: dict[str, tuple[str, Decimal]] = {}
        words = [str(u) for u in data.get("units") or ()]
        for word in [*words, *self.aliases]:
            self.units[word] = (self.aliases.get(word, word), Decimal(1))
        multipliers = {str(k): Decimal(str(v)) for k, v in (data.get("multipliers") or {}).items()}
        if any(not scale.is_finite() or scale <= 0 for scale in multipliers.values()):
            raise ValueError("multipliers 必须是正数")
        for prefix, scale in multipliers.items():
            for word in words:
                self.units.setdefault(prefix + word, (self.aliases.get(word, word), scale))
            self.units.setdefault(prefix, ("", scale))
        stop = re.escape(str(data.get("not_unit_start") or ""))
        guess = rf"(?![{stop}])[\u4e00-\u9fff]" if stop else r"[\u4e00-\u9fff]"
        mults = _alternation(multipliers)
        unit = rf"(?:(?:{mults})?(?:{_alternation([*words, *self.aliases])})|{mults}|{guess})"
        seps = _alternation(str(s) for s in data.get("range_separators") or ())
        self.pattern = re.compile(
            rf"(?:(?P<pre>{_alternation(self.prefix)})\s*)?"
            rf"(?P<neg>(?<![0-9.%])-)?(?P<n1>{_NUMBER})"
            rf"(?:\s*(?P<inf>{_alternation(self.infix)}))?"
            rf"(?:\s*(?P<u1>{unit}))?"
            rf"(?:\s*(?P<sep>{seps})\s*(?P<n2>{_NUMBER})(?:\s*(?P<u2>{unit}))?)?"
            rf"(?:\s*(?P<suf>{_alternation(self.suffix)}))?"
        )
        separators = [str(s) for s in data.get("clause_separators") or ()]
        plain = "".join(re.escape(s) for s in separators if s != ",")
        comma = r"|(?<!\d),|,(?!\d{3}(?!\d))" if "," in separators else ""
        self.separator = re.compile(rf"[{plain}]{comma}" if plain else rf"(?!){comma}")
        ignore = [f"(?:{re.compile(str(p)).pattern})" for p in data.get("ignore_patterns") or ()]
        self.ignore = re.compile("|".join(ignore)) if ignore else None
        self.blanks = frozenset(str(b).strip() for b in data.get("blanks") or ())
        holders = [f"(?:{re.compile(str(p)).pattern})" for p in data.get("placeholders") or ()]
        self.placeholder = re.compile("|".join(holders)) if holders else None
        self.qualitative = tuple(str(w) for w in data.get("qualitative") or () if w)
        self.lower_is_better = tuple(str(w) for w in data.get("lower_is_better") or () if w)

    def extended(self, extra: Mapping[str, Any] | None) -> Vocabulary:
        """A vocabulary with ``extra``'s words added (lists joined, mappings merged)."""
        if not extra:
            return self
        try:
            return Vocabulary(_merge(self.data, extra))
        except (TypeError, ValueError, AttributeError) as exc:
            raise QuantityError(f"数量词表无效 (invalid vocabulary): {exc}") from None

    def unit(self, printed: str) -> tuple[str, Decimal]:
        """Normalised unit and scale of a printed unit (``万元`` -> ``("元", 10000)``)."""
        text = printed.translate(self.translation).strip()
        if text in self.units:
            return self.units[text]
        return self.aliases.get(text, text), Decimal(1)

    def normalize(self, text: str) -> str:
        """Full-width digits and look-alike signs to one form (one char for one char)."""
        return text.translate(self.translation)


def _merge(data: Mapping[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    merged: dict[str, Any] = dict(data)
    for key, value in extra.items():
        old = merged.get(key)
        if key == "comparators" and isinstance(value, Mapping):
            table = {s: dict(f) for s, f in (old or {}).items()}
            for symbol, forms in value.items():
                entry = table.setdefault(symbol, {})
                for place, words in forms.items():
                    entry[place] = [*(entry.get(place) or ()), *words]
            merged[key] = table
        elif isinstance(value, Mapping):
            merged[key] = {**(old or {}), **value}
        elif isinstance(value, str):
            merged[key] = (old or "") + value
        else:
            merged[key] = [*(old or ()), *value]
    return merged


@cache
def default_vocabulary() -> Vocabulary:
    """The vocabulary shipped in ``jxrules/data/quantities.yaml``."""
    return Vocabulary(load_data("quantities.yaml"))


# ---------------------------------------------------------------- reading
def read(text: str, vocabulary: Vocabulary | None = None) -> Target | Qualitative:
    """Read a target or actual; raises :class:`QuantityError` when it is neither."""
    vocab = vocabulary or default_vocabulary()
    if not isinstance(text, str):
        raise QuantityError(f"“{text!r}” 不是文本 (not text)")
    cached = vocab._cache.get(text)
    if cached is not None:
        return cached
    result = _read(text, vocab)
    if len(vocab._cache) >= _CACHE_LIMIT:
        vocab._cache.clear()
    vocab._cache[text] = result
    return result


def _read(text: str, vocab: Vocabulary) -> Target | Qualitative:
    if len(text) > MAX_TEXT_CHARS:
        raise QuantityError(f"文本过长（{len(text)} 字，上限 {MAX_TEXT_CHARS}）")
    normal = vocab.normalize(text)
    if normal.strip() in vocab.blanks:
        raise _MissingValue(_BLANK)
    if vocab.placeholder is not None and vocab.placeholder.search(normal):
        raise _MissingValue("是表格的填写说明，未填写")
    masked = normal
    has_digit = _HAS_DIGIT.search(normal) is not None
    if has_digit and vocab.ignore is not None:
        masked = vocab.ignore.sub(lambda m: _MASK * len(m.group(0)), normal)
    clauses: list[Clause] = []
    start = 0
    for match in vocab.pattern.finditer(masked) if has_digit else ():
        begin = start
        for sep in vocab.separator.finditer(masked, start, match.start()):
            begin = sep.end()
        clauses.append(_clause(match, text, begin, vocab))
        start = match.end()
    if clauses:
        return Target(text, tuple(clauses))
    if _MASK in masked:
        return Qualitative(text, "日期或期限 (a date or deadline)")
    word = next((w for w in vocab.qualitative if w in normal), None)
    if word is not None:
        return Qualitative(text, f"定性表述“{word}”")
    raise QuantityError("不是数量，也不是定性表述")


def _number(digits: str) -> Decimal:
    plain = digits.replace(",", "")
    if len(plain) > MAX_DIGITS:
        raise QuantityError(f"数字过长（{len(plain)} 位）")
    return Decimal(plain)


def _clause(match: re.Match[str], text: str, begin: int, vocab: Vocabulary) -> Clause:
    groups = match.groupdict()
    value = _number(groups["n1"])
    if groups["neg"]:
        value = -value
    comparator: Comparator | None = None
    for key, table in (("pre", vocab.prefix), ("inf", vocab.infix), ("suf", vocab.suffix)):
        if groups[key] and comparator is None:
            comparator = cast(Comparator, table[groups[key]])
    printed = groups["u2"] or groups["u1"] or ""
    unit, scale = vocab.units.get(printed) or (printed, _ONE)
    upper: Decimal | None = None
    if groups["n2"] is not None:
        upper = _number(groups["n2"])
        low = groups["u1"]
        low_unit, low_scale = (vocab.units.get(low) or (low, _ONE)) if low else (unit, scale)
        if low_unit != unit:
            raise QuantityError(f"范围两端单位不同：“{match.group(0)}”")
        value = value * low_scale / scale
        comparator = "range"
    subject = _SUBJECT_NOISE.sub("", text[begin : match.start()])
    return Clause(
        subject=subject,
        comparator=comparator,
        value=value,
        upper=upper,
        unit=unit,
        printed_unit=printed.strip(),
        scale=scale,
        text=text[begin : match.end()].strip(),
    )


def _safe(text: Any, vocabulary: Vocabulary | None) -> Reading:
    try:
        return read(text, vocabulary)
    except _MissingValue as exc:
        return Missing(str(text), exc.message)
    except QuantityError as exc:
        return Unreadable(str(text), exc.message)


def parse_target(text: str, vocabulary: Vocabulary | None = None) -> Reading:
    """Read a 年度指标值; never raises (unreadable text gives :class:`Unreadable`)."""
    return _safe(text, vocabulary)


def parse_actual(text: str, vocabulary: Vocabulary | None = None) -> Reading:
    """Read a 实际完成值 (same grammar; ``72亿元以上`` reads as at least 72亿元); never raises."""
    return _safe(text, vocabulary)


# ---------------------------------------------------------------- direction
def is_lower_better(name: str, heads: Sequence[str] | None = None) -> bool:
    """Whether the indicator ``name`` measures something lower is better (its head, the end)."""
    words = default_vocabulary().lower_is_better if heads is None else heads
    return heads_pattern(tuple(words)).search(_name_core(name)) is not None


def _name_core(name: str) -> str:
    return _TRAILING_BRACKETS.sub("", "".join(name.split()))


@lru_cache(maxsize=64)
def heads_pattern(heads: tuple[str, ...]) -> re.Pattern[str]:
    """A pattern matching names that end with one of ``heads`` (use with ``.search``)."""
    return re.compile(f"(?:{_alternation(heads)})$")


# ---------------------------------------------------------------- comparing
_Bound = tuple[Decimal | None, bool]  # (value or None for infinity, inclusive)


def _interval(comparator: str | None, low: Decimal, high: Decimal | None) -> tuple[_Bound, _Bound]:
    if comparator == "≥":
        return (low, True), (None, False)
    if comparator == ">":
        return (low, False), (None, False)
    if comparator == "≤":
        return (None, False), (low, True)
    if comparator == "<":
        return (None, False), (low, False)
    if comparator == "range" and high is not None:
        return (min(low, high), True), (max(low, high), True)
    return (low, True), (low, True)


def _contains(outer: tuple[_Bound, _Bound], inner: tuple[_Bound, _Bound]) -> bool:
    (olo, olo_in), (ohi, ohi_in) = outer
    (ilo, ilo_in), (ihi, ihi_in) = inner
    low_ok = olo is None or (
        ilo is not None and (ilo > olo or (ilo == olo and (olo_in or not ilo_in)))
    )
    high_ok = ohi is None or (
        ihi is not None and (ihi < ohi or (ihi == ohi and (ohi_in or not ihi_in)))
    )
    return low_ok and high_ok


def _disjoint(a: tuple[_Bound, _Bound], b: tuple[_Bound, _Bound]) -> bool:
    def apart(high: _Bound, low: _Bound) -> bool:
        if high[0] is None or low[0] is None:
            return False
        return high[0] < low[0] or (high[0] == low[0] and not (high[1] and low[1]))

    return apart(a[1], b[0]) or apart(b[1], a[0])


def ratio(actual: Decimal, bound: Decimal) -> Decimal | None:
    """``actual ÷ bound`` rounded half-up to 4 decimals; ``None`` unless ``bound`` > 0."""
    if bound <= 0:
        return None
    try:
        return (actual / bound).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP).normalize()
    except DecimalException:  # too large to show with 4 decimals
        return None


def _effective(target: Clause, lower: bool) -> tuple[str, bool]:
    """The comparator applied and the direction used."""
    if target.comparator in ("≥", ">"):
        return target.comparator, False
    if target.comparator in ("≤", "<"):
        return target.comparator, True
    if target.comparator == "=":
        return "=", lower
    return ("≤" if lower else "≥"), lower


def compare_clause(target: Clause, actual: Clause | None, lower: bool) -> ClauseVerdict:
    """Compare one target clause with its actual clause."""
    if actual is None:
        return ClauseVerdict(
            "unreadable", target, None, reason=f"实际值中没有与“{target.text}”对应的数字"
        )
    if target.unit and actual.unit and target.unit != actual.unit:
        return ClauseVerdict("unit_mismatch", target, actual, lower_is_better=lower)
    # a side printed without any unit is meant in the other side's unit (万元 column, bare actual)
    t_scale = actual.scale if not target.printed_unit and actual.unit else target.scale
    a_scale = target.scale if not actual.printed_unit and target.unit else actual.scale
    comparator, lower = _effective(target, lower)
    top = target.value if target.upper is None else target.upper
    low, high = target.value * t_scale, top * t_scale
    if target.comparator == "range":
        wanted = _interval("≤" if lower else "≥", high if lower else low, None)
    else:
        wanted = _interval(comparator, low, None)
    a_low = actual.value * a_scale
    a_high = None if actual.upper is None else actual.upper * a_scale
    have = _interval(actual.comparator, a_low, a_high)
    if _contains(wanted, have):
        outcome: Literal["met", "missed", "unit_mismatch", "unreadable"] = "met"
    elif _disjoint(wanted, have):
        outcome = "missed"
    else:
        return ClauseVerdict(
            "unreadable",
            target,
            actual,
            comparator,
            lower_is_better=lower,
            reason=f"实际值“{actual.text}”无法判断是否满足目标“{target.text}”",
        )
    if target.comparator == "range" and not lower and outcome == "met":
        bound = high
    elif target.comparator == "range":
        bound = high if lower else low
    else:
        bound = low
    return ClauseVerdict(
        outcome,
        target,
        actual,
        comparator,
        bound=bound / t_scale,
        actual_value=a_low / t_scale,
        ratio=ratio(a_low, bound),
        lower_is_better=lower,
    )


def pair_clauses(
    targets: Sequence[Clause], actuals: Sequence[Clause]
) -> list[tuple[Clause, Clause | None]]:
    """Pair target and actual clauses: by subject, then by order, then by unit."""
    if len(targets) == 1 and len(actuals) == 1:
        return [(targets[0], actuals[0])]
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
    return [(t, actuals[chosen[i]] if i in chosen else None) for i, t in enumerate(targets)]


def _why(side: str, reading: Unreadable) -> str:
    if not reading.text.strip():
        return f"{side}为空"
    if isinstance(reading, Missing) and reading.reason == _BLANK:
        return f"{side}为“{reading.text.strip()}”，未填写"
    return f"{side}“{reading.text}”{reading.reason}"


_PRIORITY: tuple[Outcome, ...] = ("missed", "unit_mismatch", "unreadable")


def _dated(actual: Reading) -> bool:
    """An actual that may hold a date (``2022年11月``, ``已于11月底完成``, ``2022.11``)."""
    return _HAS_DIGIT.search(actual.text.translate(_DIGITS)) is not None


def compare(
    target: Reading, actual: Reading, lower_is_better: bool, *, year: int | None = None
) -> Verdict:
    """Compare a target with an actual; ``lower_is_better`` applies to bare targets.

    A missing actual (:class:`Missing`) is ``unreadable`` with ``missing`` set, never
    met or missed.  A deadline target (``12月底前``) against an actual date is compared
    by :mod:`jxrules.deadlines` (``dates``); ``year`` is the report's fiscal year, for
    dates printed without one.
    """
    if isinstance(target, Unreadable):
        return Verdict("unreadable", reason=_why("目标值", target), side="target")
    if isinstance(actual, Missing):
        return Verdict("unreadable", reason=_why("实际值", actual), side="actual", missing=True)
    if isinstance(target, Qualitative):
        dates = compare_dates(target.text, actual.text, year) if _dated(actual) else None
        if dates is None:
            return Verdict("qualitative", reason=target.reason)
        return Verdict(dates.outcome, reason=dates.reason, side="actual", dates=dates)
    if isinstance(actual, Unreadable):
        return Verdict("unreadable", reason=_why("实际值", actual), side="actual")
    if isinstance(actual, Qualitative):
        reason = f"目标为数量“{target.text}”，实际值“{actual.text}”不是数量"
        return Verdict("unreadable", reason=reason, side="actual")
    verdicts = tuple(
        compare_clause(t, a, lower_is_better)
        for t, a in pair_clauses(target.clauses, actual.clauses)
    )
    for outcome in _PRIORITY:
        found = [v for v in verdicts if v.outcome == outcome]
        if found:
            return Verdict(outcome, verdicts, found[0].reason, "actual" if found[0].reason else "")
    return Verdict("met", verdicts)


# ---------------------------------------------------------------- rule field schema
_WORDS = {"type": "array", "items": {"type": "string"}}
#: JSON Schema of a rule's ``vocabulary:`` field (words added to ``quantities.yaml``).
VOCABULARY_SCHEMA: Mapping[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "symbols": {"type": "object", "additionalProperties": {"type": "string"}},
        "comparators": {
            "type": "object",
            "propertyNames": {"enum": ["≥", "≤", ">", "<", "="]},
            "additionalProperties": {
                "type": "object",
                "additionalProperties": False,
                "properties": {"prefix": _WORDS, "suffix": _WORDS, "infix": _WORDS},
            },
        },
        "range_separators": _WORDS,
        "clause_separators": _WORDS,
        "units": _WORDS,
        "multipliers": {"type": "object", "additionalProperties": {"type": ["number", "string"]}},
        "unit_aliases": {"type": "object", "additionalProperties": {"type": "string"}},
        "not_unit_start": {"type": "string"},
        "blanks": _WORDS,
        "placeholders": _WORDS,
        "ignore_patterns": _WORDS,
        "qualitative": _WORDS,
        "lower_is_better": _WORDS,
    },
}
