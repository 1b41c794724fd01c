"""Reading printed targets and actuals into clauses; which direction an indicator counts."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from functools import lru_cache
from typing import Any, cast

from jxrules.errors import QuantityError
from jxrules.quantities.values import (
    _BLANK,
    _HAS_DIGIT,
    _MASK,
    _ONE,
    _SUBJECT_NOISE,
    MAX_DIGITS,
    MAX_TEXT_CHARS,
    Clause,
    Comparator,
    Missing,
    Qualitative,
    Reading,
    Target,
    Unreadable,
    _MissingValue,
)
from jxrules.quantities.vocabulary import Vocabulary, _alternation, default_vocabulary


def read(text: str, vocabulary: Vocabulary | None = None) -> Target | Qualitative:
    """Read a target or actual; raises :class:`QuantityError` when it is neither."""
    vocab = vocabulary or default_vocabulary()
    if not isinstance(text, str):
        raise QuantityError(f"“{text!r}” 不是文本 (not text)")
    return _read(text, vocab)


def _read(text: str, vocab: Vocabulary) -> Target | Qualitative:
    """:func:`read` of a text known to be a string."""
    if len(text) > MAX_TEXT_CHARS:
        raise QuantityError(f"文本过长（{len(text)} 字，上限 {MAX_TEXT_CHARS}）")
    normal = vocab.normalize(text)
    if normal.strip() in vocab.blanks:
        raise _MissingValue(_BLANK)
    if vocab.placeholder is not None and vocab.placeholder.search(normal):
        raise _MissingValue("是表格的填写说明，未填写")
    masked = normal
    has_digit = _HAS_DIGIT.search(normal) is not None
    if not has_digit and vocab.numeral is not None:
        spelled = _spelled(normal, vocab)
        if spelled is not None:  # 三家 -> 3家: read as printed in digits, shown as printed
            reading = _read(spelled, vocab)
            if isinstance(reading, Target):
                return Target(text, reading.clauses)
    if has_digit and vocab.ignore is not None and vocab.ignore.search(normal):
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


def _spelled(text: str, vocab: Vocabulary) -> str | None:
    """``text`` with its Chinese-numeral figures in digits (不少于三家 -> 不少于3家), if any."""
    assert vocab.numeral is not None
    changed = False

    def digits(match: re.Match[str]) -> str:
        nonlocal changed
        value = vocab.numeral_value(match.group("n"))
        if value is None:
            return match.group(0)
        changed = True
        return (match.group("lead") or "") + str(value)

    out = vocab.numeral.sub(digits, text)
    return out if changed else None


def _number(digits: str) -> Decimal:
    plain = digits.replace(",", "")
    if len(plain) > MAX_DIGITS:
        raise QuantityError(f"数字过长（{len(plain)} 位）")
    return Decimal(plain)


def _clause(match: re.Match[str], text: str, begin: int, vocab: Vocabulary) -> Clause:
    pre, neg, n1, inf, u1, n2, u2, suf = match.group(
        "pre", "neg", "n1", "inf", "u1", "n2", "u2", "suf"
    )
    value = _number(n1)
    if neg:
        value = -value
    comparator: Comparator | None = None  # the first of prefix, infix, suffix
    if pre:
        comparator = cast(Comparator, vocab.prefix[pre])
    elif inf:
        comparator = cast(Comparator, vocab.infix[inf])
    elif suf:
        comparator = cast(Comparator, vocab.suffix[suf])
    printed = u2 or u1 or ""
    unit, scale = vocab.units.get(printed) or (printed, _ONE)
    upper: Decimal | None = None
    if n2 is not None:
        upper = _number(n2)
        low_unit, low_scale = (vocab.units.get(u1) or (u1, _ONE)) if u1 else (unit, scale)
        if low_unit != unit:
            raise QuantityError(f"范围两端单位不同：“{match.group(0)}”")
        value = value * low_scale / scale
        comparator = "range"
    start = match.start()
    subject = _SUBJECT_NOISE.sub("", text[begin:start]) if start > begin else ""
    return Clause(
        subject,
        comparator,
        value,
        upper,
        unit,
        printed.strip(),
        scale,
        text[begin : match.end()].strip(),
    )


def _safe(
    text: Any, vocabulary: Vocabulary, reader: Callable[[Any, Vocabulary], Reading] = read
) -> Reading:
    """``reader``'s reading of ``text``, its refusal turned into a Missing or Unreadable one."""
    try:
        return reader(text, vocabulary)
    except _MissingValue as exc:
        return Missing(str(text), exc.message)
    except QuantityError as exc:
        return Unreadable(str(text), exc.message)


def parse_target(text: str, vocabulary: Vocabulary | None = None) -> Reading:
    """Read a 年度指标值; never raises (unreadable text gives :class:`Unreadable`)."""
    return _reading(text, vocabulary or default_vocabulary())


def parse_actual(text: str, vocabulary: Vocabulary | None = None) -> Reading:
    """Read a 实际完成值 (same grammar; ``72亿元以上`` reads as at least 72亿元); never raises."""
    return _reading(text, vocabulary or default_vocabulary())


def _reading(text: str, vocab: Vocabulary) -> Reading:
    """:func:`_safe`, cached per text for a short one (a batch repeats its targets)."""
    if type(text) is not str or len(text) > CACHED_CHARS:
        return _safe(text, vocab)
    return _cached_reading(text, vocab)


#: Longest text whose reading is cached (a cell is rarely longer; long texts would fill memory).
CACHED_CHARS = 256


@lru_cache(maxsize=20_000)
def _cached_reading(text: str, vocab: Vocabulary) -> Reading:
    return _safe(text, vocab, _read)


def is_lower_better(name: str, heads: Sequence[str] | None = None) -> bool:
    """Whether the indicator ``name`` measures something lower is better (its head, the end)."""
    words = default_vocabulary().lower_is_better if heads is None else heads
    return heads_pattern(tuple(words)).search(_name_core(name)) is not None


def _name_core(name: str) -> str:
    """The name without white space and without the bracketed notes that end it
    (``成本（万元）（含税）`` -> ``成本``): its head decides the direction."""
    text = "".join(name.split())
    while text and text[-1] in _CLOSERS:  # one group at a time from the end: linear, where a
        start = max(text.rfind(opener) for opener in _OPENERS)  # regex backtracked on each
        if start < 0 or any(c in _BRACKETS for c in text[start + 1 : -1]):
            break
        text = text[:start]
    return text


_OPENERS, _CLOSERS = "（([【", "）)]】"
_BRACKETS = frozenset(_OPENERS + _CLOSERS)


@lru_cache(maxsize=64)
def heads_pattern(heads: tuple[str, ...]) -> re.Pattern[str]:
    """A pattern matching names that end with one of ``heads`` (use with ``.search``)."""
    return re.compile(f"(?:{_alternation(heads)})$")
