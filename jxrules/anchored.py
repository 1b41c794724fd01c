"""``finditer`` for narrative patterns, started at their fixed words instead of every digit.

A rule's pattern often reads the number *before* some words:
``(?P<value>\\d[\\d,]*\\s*家)工业企业获得新升规奖励``.  ``re`` tries such a pattern at every
digit of the narrative and backtracks through each number: most of the cost of a crossref
rule.  An :class:`AnchoredPattern` finds the words first (``str.find``) and tries the pattern
only where a match ending in those words could start: within the run of characters the part
before the words may consume (digits, commas, spaces, ``家``), or within its fixed width.  The
matches are exactly those of ``pattern.finditer`` (same starts, same groups): a match at ``s``
holds the words at some ``p ≥ s``, and everything between is made of that part's characters.
A pattern that *starts* with its words (``部门收入年初预算…``) is tried only where they occur:
``str.find`` finds them several times faster than ``re`` scans for them.
Patterns this cannot reason about (no run of literal words at the top level, ``.``, negated
classes, back references, ignore-case) are searched by ``re`` as they are.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

try:  # Python 3.11+
    from re import _constants as sre  # type: ignore[attr-defined, unused-ignore]
    from re import _parser as sre_parse  # type: ignore[attr-defined, unused-ignore]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as sre  # type: ignore[no-redef, unused-ignore]
    import sre_parse  # type: ignore[no-redef, unused-ignore]

#: Shortest run of literal characters worth anchoring on.
MIN_ANCHOR = 2
#: A width at or above this is unbounded.
_UNBOUNDED = 1 << 31
_CATEGORIES = {
    sre.CATEGORY_DIGIT: r"\d",
    sre.CATEGORY_SPACE: r"\s",
    sre.CATEGORY_WORD: r"\w",
}


class _Unsupported(Exception):
    """The prefix uses something whose characters cannot be listed."""


class AnchoredPattern:
    """A compiled pattern whose :meth:`finditer` starts from its fixed words."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.anchor = ""
        self.low = self.high = 0
        self.run: re.Pattern[str] | None = None
        try:
            self._analyse()
        except (_Unsupported, re.error, TypeError, ValueError, IndexError, RecursionError):
            self.anchor = ""

    def _analyse(self) -> None:
        pattern = self.pattern
        if not isinstance(pattern.pattern, str) or pattern.flags & re.IGNORECASE:
            return
        parsed = sre_parse.parse(pattern.pattern, pattern.flags)
        items = list(parsed.data)
        lead = _leading_literal_run(items)
        if lead >= MIN_ANCHOR:  # a match starts with these words: try it only where they are
            self.anchor = "".join(chr(av) for _, av in items[:lead])
            return
        start, end = _longest_literal_run(items)
        if start <= 0 or end - start < MIN_ANCHOR:
            return  # no words to anchor on
        low, high = sre_parse.SubPattern(parsed.state, items[:start]).getwidth()
        if high >= _UNBOUNDED:
            parts: list[str] = []
            for op, av in items[:start]:
                _characters(op, av, parts)
            self.run = re.compile("[" + "".join(dict.fromkeys(parts)) + "]")
        self.anchor = "".join(chr(av) for _, av in items[start:end])
        self.low, self.high = low, high

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """The matches of ``pattern.finditer(text)``, in order."""
        if not self.anchor:
            yield from self.pattern.finditer(text)
            return
        match = self.pattern.match
        anchor, low = self.anchor, self.low
        budget = len(text) // 4 + 256  # match attempts before plain finditer is cheaper
        pos = 0  # where the next match may start
        tried = -1  # every start up to here has been tried since pos
        at = text.find(anchor, low)
        while at >= 0:
            first = self._earliest(text, at, max(pos, tried + 1))
            found = None
            for start in range(first, at - low + 1):
                budget -= 1
                found = match(text, start)
                if found is not None:
                    break
            if budget < 0 and found is None:
                yield from self.pattern.finditer(text, pos)
                return
            if found is None:
                tried = max(tried, at - low)
                at = text.find(anchor, at + 1)
                continue
            yield found
            pos = found.end() if found.end() > found.start() else found.end() + 1
            tried = pos - 1
            at = text.find(anchor, max(pos + low, at + 1))

    def _earliest(self, text: str, at: int, floor: int) -> int:
        """The first start, not before ``floor``, of a match holding the words at ``at``."""
        if self.run is None:
            return max(at - self.high, floor)
        start = at
        run = self.run.match
        while start > floor and run(text, start - 1) is not None:
            start -= 1
        return start


def _leading_literal_run(items: list[tuple[Any, Any]]) -> int:
    """How many top-level ``LITERAL`` items the pattern starts with."""
    count = 0
    for op, _ in items:
        if op is not sre.LITERAL:
            break
        count += 1
    return count


def _longest_literal_run(items: list[tuple[Any, Any]]) -> tuple[int, int]:
    """The longest run of top-level ``LITERAL`` items: ``(start, end)`` indexes."""
    best = (0, 0)
    start = None
    for index, (op, _) in enumerate([*items, (None, None)]):
        if op is sre.LITERAL:
            start = index if start is None else start
            continue
        if start is not None and index - start > best[1] - best[0]:
            best = (start, index)
        start = None
    return best


def _characters(op: Any, av: Any, parts: list[str]) -> None:
    """Add to ``parts`` (a character class's inside) every character ``op`` may consume."""
    if op is sre.LITERAL:
        parts.append(re.escape(chr(av)))
    elif op is sre.IN:
        for item_op, item_av in av:
            if item_op is sre.LITERAL:
                parts.append(re.escape(chr(item_av)))
            elif item_op is sre.RANGE:
                parts.append(re.escape(chr(item_av[0])) + "-" + re.escape(chr(item_av[1])))
            elif item_op is sre.CATEGORY and item_av in _CATEGORIES:
                parts.append(_CATEGORIES[item_av])
            else:
                raise _Unsupported(str(item_op))
    elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", None)):
        for sub_op, sub_av in av[2]:
            _characters(sub_op, sub_av, parts)
    elif op is sre.SUBPATTERN:
        if av[1] & re.IGNORECASE:
            raise _Unsupported("ignore case")
        for sub_op, sub_av in av[3]:
            _characters(sub_op, sub_av, parts)
    elif op is getattr(sre, "ATOMIC_GROUP", None):
        for sub_op, sub_av in av:
            _characters(sub_op, sub_av, parts)
    elif op is sre.BRANCH:
        for branch in av[1]:
            for sub_op, sub_av in branch:
                _characters(sub_op, sub_av, parts)
    elif op not in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):  # those consume nothing
        raise _Unsupported(str(op))


#: Largest set of characters a trigger may list (beyond it, it filters too little to pay).
MAX_TRIGGER = 64


def trigger(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """A character class every text matching ``pattern`` somewhere must contain, or ``None``.

    ``trigger(p).search(text) is None`` proves ``p.search(text) is None`` at the cost of one
    scan for a few characters: a text without ``年``, ``月``, ``第``… holds no date to mask.
    """
    if not isinstance(pattern.pattern, str) or pattern.flags & re.IGNORECASE:
        return None
    try:
        needed = _needs(list(sre_parse.parse(pattern.pattern, pattern.flags).data))
    except (_Unsupported, re.error, TypeError, ValueError, IndexError, RecursionError):
        return None
    if not needed or len(needed) > MAX_TRIGGER:
        return None
    return re.compile("[" + "".join(re.escape(c) for c in sorted(needed)) + "]")


def _needs(items: list[tuple[Any, Any]]) -> set[str] | None:
    """A small set of characters, one of which every match of ``items`` consumes.

    Of the sets the sequence offers, the one without digits (common in any figure), then the
    smallest.
    """
    best: set[str] | None = None
    for op, av in items:
        found = _needs_one(op, av)
        if found is not None and (best is None or _rank(found) < _rank(best)):
            best = found
    return best


def _rank(chars: set[str]) -> tuple[bool, int]:
    return any(c.isdigit() for c in chars), len(chars)


def _needs_one(op: Any, av: Any) -> set[str] | None:
    if op is sre.LITERAL:
        return {chr(av)}
    if op is sre.IN:
        chars: set[str] = set()
        for item_op, item_av in av:
            if item_op is sre.LITERAL:
                chars.add(chr(item_av))
            elif item_op is sre.RANGE and item_av[1] - item_av[0] < MAX_TRIGGER:
                chars.update(chr(c) for c in range(item_av[0], item_av[1] + 1))
            else:
                return None  # a category or a negated class: too many characters
        return chars
    if op is sre.SUBPATTERN:
        return None if av[1] & re.IGNORECASE else _needs(list(av[3]))
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", None)):
        return _needs(list(av[2])) if av[0] >= 1 else None
    if op is getattr(sre, "ATOMIC_GROUP", None):
        return _needs(list(av))
    if op is sre.BRANCH:
        union: set[str] = set()
        for branch in av[1]:
            found = _needs(list(branch))
            if found is None:
                return None
            union |= found
        return union
    return None  # zero-width (anchors, lookarounds) or unknown: requires nothing
