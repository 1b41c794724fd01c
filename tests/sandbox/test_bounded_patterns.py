"""Patterns a ruleset brings are searched in bounded windows (``finditer_bounded``).

A vetted pattern can still scan the rest of a line from every place it starts
(``部门收入[^。]*实际收入``): 12.8 s on a 200 KB line.  In windows of ``2 * MAX_MATCH_CHARS``
the work per character is bounded; matches up to the window are those of ``re.finditer``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from jxrules.sandbox import MAX_MATCH_CHARS
from jxrules.sandbox.patterns import finditer_bounded
from jxrules.sandbox.vet import regex_problem

SLOW = re.compile(r"部门收入[^。]*实际收入\s*(?P<value>[\d,.]+\s*[万亿]?元)", re.MULTILINE)

#: Patterns without look-ahead that match no empty text (the windows' cut is invisible to them).
PATTERNS = [
    r"a+b",
    r"(?P<value>\d+)元",
    r"^\d+",
    r"\d+$",
    r"(?<=x)\d",
    r"[^。]*完成(?P<value>\d)",
    r"a|b\n?c",
    r"完成\s*(?P<value>\d[\d,]*)",
]


class Spy:
    """A pattern that records the span of text each search was given."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.spans: list[tuple[int, int]] = []

    def finditer(self, text: str, pos: int, endpos: int) -> Iterator[re.Match[str]]:
        self.spans.append((pos, endpos))
        return self.pattern.finditer(text, pos, endpos)


def test_the_slow_pattern_passes_vetting() -> None:
    assert regex_problem(SLOW.pattern) is None  # what the windows are for


@pytest.mark.parametrize("length", [50_000, 400_000])
def test_a_hostile_line_is_searched_in_bounded_windows(length: int) -> None:
    line = "部门收入" * (length // 4) + "，实际收入 5万元。" + "部门收入" * 100
    spy = Spy(SLOW)
    found = list(finditer_bounded(spy, line))  # type: ignore[arg-type]
    assert [m.group("value") for m in found] == ["5万元"]
    assert found[0].end() == length + len("，实际收入 5万元")
    assert found[0].end() - found[0].start() <= 2 * MAX_MATCH_CHARS
    assert max(end - pos for pos, end in spy.spans) <= 2 * MAX_MATCH_CHARS
    assert sum(end - pos for pos, end in spy.spans) <= 2 * len(line) + 2 * MAX_MATCH_CHARS


def test_a_short_narrative_is_one_search() -> None:
    text = "部门收入全年预算 10万元，实际收入 9万元。\n部门收入实际收入 8万元。\n"
    spy = Spy(SLOW)
    found = [m.group("value") for m in finditer_bounded(spy, text)]  # type: ignore[arg-type]
    assert found == ["9万元", "8万元"] and spy.spans == [(0, len(text))]


@settings(max_examples=300, deadline=None)
@given(
    source=st.sampled_from(PATTERNS),
    text=st.text(alphabet="ab12元x\n。完成c ", max_size=160),
    window=st.integers(min_value=2, max_value=12),
)
def test_matches_within_the_window_are_those_of_finditer(
    source: str, text: str, window: int
) -> None:
    pattern = re.compile(source, re.MULTILINE)
    expected = [m.span() for m in pattern.finditer(text)]
    assume(all(0 < end - start <= window for start, end in expected))
    assert [m.span() for m in finditer_bounded(pattern, text, window=window)] == expected


def test_a_match_longer_than_the_window_is_cut_at_it() -> None:
    digits = "7" * 50
    found = [m.group() for m in finditer_bounded(re.compile(r"\d+"), digits, window=10)]
    assert "".join(found) == digits and max(map(len, found)) <= 20 and len(found) == 3


def test_window_must_be_positive() -> None:
    with pytest.raises(ValueError, match="window"):
        list(finditer_bounded(re.compile("a"), "a", window=0))


@pytest.mark.parametrize(
    ("source", "text", "window", "spans"),
    [
        # `$` matched where the window ended, not where the line does: no match at all
        (r"\d+$", "1111a", 2, []),
        (r"\d+$", "1111a22", 2, [(5, 7)]),
        # the window's end made the first alternative match; with the text after it, the second
        (r"\d+$|1", "1111a", 2, [(0, 1), (1, 2), (2, 3), (3, 4)]),
        # a word boundary seen at the cut
        (r"\d+\b", "123456x", 2, []),
    ],
)
def test_a_match_made_only_by_the_windows_end_is_not_a_match(
    source: str, text: str, window: int, spans: list[tuple[int, int]]
) -> None:
    pattern = re.compile(source, re.MULTILINE)
    assert [m.span() for m in pattern.finditer(text)] == spans
    assert [m.span() for m in finditer_bounded(pattern, text, window=window)] == spans
