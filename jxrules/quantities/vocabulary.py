"""The word lists (comparators, units, scales, directions), shipped as data and extendable by rules."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from functools import cache
from typing import Any

from jxrules.data import load as load_data
from jxrules.errors import QuantityError
from jxrules.quantities.values import _DIGITS, _NUMBER


def _alternation(words: Iterable[str]) -> str:
    unique = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    return "|".join(re.escape(w) for w in unique) or "(?!)"


#: Most unit spellings a vocabulary may make (each multiplier with each unit word): a 64 KB
#: file of both once made millions, 18 s and 2.8 GB.
MAX_UNIT_FORMS = 100_000


#: Extended vocabularies a vocabulary keeps, by content (a ruleset's rules often share one).
_KEPT_EXTENSIONS = 64


class UnitForms(Mapping[str, tuple[str, Decimal]]):
    """Every unit spelling (a unit word, an alias, a multiplier, a multiplier with a unit word)
    to its unit and scale, looked up without multiplying them out.

    Memory is linear in the word lists: 200 multipliers and 400 unit words are 600 entries, not
    80,000 spellings (a 64 KB vocabulary multiplied out took 2.8 GB).  A spelling that several
    combinations make means what the earliest multiplier in the file makes of it.
    """

    def __init__(
        self, words: list[str], multipliers: Mapping[str, Decimal], aliases: Mapping[str, str]
    ) -> None:
        self.plain = {w: (aliases.get(w, w), Decimal(1)) for w in [*words, *aliases]}
        self.words = dict.fromkeys(words)  # in file order, for iterating
        self.aliases = aliases
        self.multipliers = {p: (n, scale) for n, (p, scale) in enumerate(multipliers.items())}
        self.longest = max(map(len, multipliers), default=0)

    def __getitem__(self, text: str) -> tuple[str, Decimal]:
        found = self.plain.get(text)
        if found is not None:
            return found
        best: tuple[int, str, Decimal] | None = None
        for length in range(1, min(len(text), self.longest) + 1):
            entry = self.multipliers.get(text[:length])
            if entry is None or (best is not None and entry[0] > best[0]):
                continue
            rest = text[length:]
            if rest in self.words:
                best = (entry[0], self.aliases.get(rest, rest), entry[1])
            elif not rest:
                best = (entry[0], "", entry[1])
        if best is None:
            raise KeyError(text)
        return best[1], best[2]

    def __iter__(self) -> Iterator[str]:
        seen = set(self.plain)
        yield from self.plain
        for prefix in self.multipliers:
            for form in [*(prefix + w for w in self.words), prefix]:
                if form not in seen:
                    seen.add(form)
                    yield form

    def __len__(self) -> int:
        return sum(1 for _ in self)


class Vocabulary:
    """The word lists of ``quantities.yaml``, compiled into one reader."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data
        self._extensions: dict[str, Vocabulary] = {}
        try:
            self._compile(data)
        except (TypeError, ValueError, ArithmeticError, AttributeError, KeyError, re.error) as exc:
            raise QuantityError(f"数量词表无效 (invalid vocabulary): {exc}") from None

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
        words = [str(u) for u in data.get("units") or ()]
        multipliers = {str(k): Decimal(str(v)) for k, v in (data.get("multipliers") or {}).items()}
        if any(not scale.is_finite() or scale <= 0 for scale in multipliers.values()):
            raise ValueError("multipliers 必须是正数")
        forms = len(multipliers) * (len(words) + 1)
        if forms > MAX_UNIT_FORMS:  # every multiplier with every unit: bounded before it is built
            raise ValueError(
                f"{len(multipliers)} 个 multipliers 与 {len(words)} 个 units 组合出 {forms} 种单位写法，"
                f"上限 {MAX_UNIT_FORMS} (limit: unit_forms)"
            )
        self.units = UnitForms(words, multipliers, self.aliases)
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
        numerals = data.get("numerals") or {}
        self.digits = {str(k): int(v) for k, v in (numerals.get("digits") or {}).items()}
        self.powers = {str(k): int(v) for k, v in (numerals.get("powers") or {}).items()}
        chars = "".join(re.escape(c) for c in (*self.digits, *self.powers) if len(c) == 1)
        # a numeral run alone in its clause (after a comparator word at most), then a unit word
        self.numeral = (
            re.compile(
                rf"(?:(?P<lead>(?:{_alternation(self.prefix)})\s*)|(?<![^\s{plain}]))"
                rf"(?P<n>[{chars}]+)(?=(?:{mults})?(?:{_alternation([*words, *self.aliases])})"
                rf"(?:{_alternation(self.suffix)})?(?:$|[\s{plain}]))"
            )
            if chars and self.prefix
            else None
        )

    def numeral_value(self, text: str) -> int | None:
        """``十二`` -> 12, ``一百零五`` -> 105, ``两千`` -> 2000; ``None`` if it spells no number."""
        total, digit = 0, None
        last: int | None = None  # the power before: each must be smaller (千 before 百)
        for char in text:
            if char in self.digits:
                if digit:
                    return None  # two digits in a row: 二三 is no number
                digit = self.digits[char]
            elif char in self.powers:
                power = self.powers[char]
                if last is not None and power >= last:
                    return None
                total += (1 if digit is None else digit) * power
                digit, last = None, power
            else:
                return None
        return total + (digit or 0)

    def extended(self, extra: Mapping[str, Any] | None) -> Vocabulary:
        """A vocabulary with ``extra``'s words added (lists joined, mappings merged)."""
        if not extra:
            return self
        try:
            key = json.dumps(extra, sort_keys=True, ensure_ascii=False, default=str)
            found = self._extensions.get(key)
            if found is None:  # 400 rules aliasing one vocabulary (`*v`) compile it once
                found = Vocabulary(_merge(self.data, extra))
                if len(self._extensions) >= _KEPT_EXTENSIONS:
                    del self._extensions[next(iter(self._extensions))]
                self._extensions[key] = found
            return found
        except (TypeError, ValueError, AttributeError) as exc:
            raise QuantityError(f"数量词表无效 (invalid vocabulary): {exc}") from None

    def unit(self, printed: str) -> tuple[str, Decimal]:
        """Normalised unit and scale of a printed unit (``万元`` -> ``("元", 10000)``)."""
        text = printed.translate(self.translation).strip()
        found = self.units.get(text)
        if found is not None:
            return found
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
            merged[key] = _merge_mapping(old or {}, value)
        elif isinstance(value, str):
            merged[key] = (old or "") + value
        else:
            merged[key] = [*(old or ()), *value]
    return merged


def _merge_mapping(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, Any]:
    """``new``'s entries over ``old``'s; a mapping in both is merged too (``numerals.powers``:
    adding 万 keeps 十百千)."""
    merged = dict(old)
    for key, value in new.items():
        kept = merged.get(key)
        if isinstance(value, Mapping) and isinstance(kept, Mapping):
            merged[key] = _merge_mapping(kept, value)
        else:
            merged[key] = value
    return merged


@cache
def default_vocabulary() -> Vocabulary:
    """The vocabulary shipped in ``jxrules/data/quantities.yaml``."""
    return Vocabulary(load_data("quantities.yaml"))
