"""``finditer_bounded``: the matches it finds and the windows of text it searches.

Written against the mutants mutmut found surviving in ``jxrules.sandbox.patterns``
(docs/testing.md). The matches are pinned where they are those of ``re.finditer`` (every match
no longer than the window); the windows are pinned as the module documents them: ``2 * window``
characters from the start, cut back to a line end in their second half, the next one starting
after the first half or at the match that ran into the cut, and a match at a window's start that
reaches the cut matched again with at most ``2 * window`` characters more.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from jxrules.sandbox.patterns import finditer_bounded

Span = tuple[int, int]


class Spy:
    """A pattern that records the text each search and each match was given, as ``(pos, endpos)``."""

    def __init__(self, source: str) -> None:
        self.pattern = re.compile(source, re.MULTILINE)
        self.searched: list[Span] = []
        self.matched: list[Span] = []

    def finditer(self, text: str, pos: int, endpos: int) -> Iterator[re.Match[str]]:
        self.searched.append((pos, endpos))
        return self.pattern.finditer(text, pos, endpos)

    def match(self, text: str, pos: int, endpos: int = 2**63) -> re.Match[str] | None:
        self.matched.append((pos, min(endpos, len(text))))
        return self.pattern.match(text, pos, endpos)


@pytest.mark.parametrize(
    ("source", "text", "window", "spans"),
    [
        # the empty text still has its empty match
        ("a*", "", 1, [(0, 0)]),
        ("$", "", 2, [(0, 0)]),
        # after an empty match, finditer takes a non-empty one at the same place
        ("x*|a", "a", 1, [(0, 0), (0, 1), (1, 1)]),
        ("x*|a", "。a", 1, [(0, 0), (1, 1), (1, 2), (2, 2)]),
        ("x*|a", "ba完", 1, [(0, 0), (1, 1), (1, 2), (2, 2), (3, 3)]),
        ("x*|a", "。\na\n", 1, [(0, 0), (1, 1), (2, 2), (2, 3), (3, 3), (4, 4)]),
        (
            "x*|a",
            "\n成a\n。\n1",
            3,
            [(0, 0), (1, 1), (2, 2), (2, 3), *((i, i) for i in range(3, 8))],
        ),
        (
            "x*|a",
            "xaa\n22成",
            2,
            [(0, 1), (1, 1), (1, 2), (2, 2), (2, 3), *((i, i) for i in range(3, 8))],
        ),
    ],
)
def test_matches_no_longer_than_the_window_are_those_of_finditer(
    source: str, text: str, window: int, spans: list[Span]
) -> None:
    pattern = re.compile(source, re.MULTILINE)
    assert [m.span() for m in pattern.finditer(text)] == spans
    assert [m.span() for m in finditer_bounded(pattern, text, window=window)] == spans


@pytest.mark.parametrize(
    ("source", "text", "window", "spans", "searched", "matched"),
    [
        # a text of exactly 2 * window characters is one window, not cut at its line end
        (r"\d+$|1", "完\n", 1, [], [(0, 2)], []),
        (r"\d+\b", "\n", 1, [], [(0, 1)], []),
        ("a", "b", 1, [], [(0, 1)], []),
        # the cut is the last line end in the second half; without one, 2 * window
        (r"\d+$|1", "2\n\n", 1, [(0, 1)], [(0, 1), (1, 3)], [(0, 3)]),
        (r"\d+\b", "2\nx", 1, [(0, 1)], [(0, 1), (1, 3)], [(0, 3)]),
        ("。", "。\n\n\nb", 2, [(0, 1)], [(0, 3), (2, 5)], []),
        (r"[^。]*完成\d", "b\n。a完", 2, [], [(0, 4), (2, 5)], []),
        # a match starting in the second half of the last window is taken in it
        ("b", "完完b", 2, [(2, 3)], [(0, 3)], []),
        # a match starting in the second half starts the next window
        ("b", "完完b完完完", 2, [(2, 3)], [(0, 4), (2, 6)], []),
        # a match that runs into the cut after the window's start: the next window starts there
        (r"\d+", "a12\nx", 2, [(1, 3)], [(0, 3), (1, 5)], []),
        # a match at the window's start that reaches the cut: matched again 2 * window further
        (
            r"\d+",
            "12\n456\n89",
            2,
            [(0, 2), (3, 6), (7, 9)],
            [(0, 2), (2, 6), (3, 6), (6, 9)],
            [(0, 6), (3, 9)],
        ),
    ],
)
def test_the_windows_searched_are_the_documented_ones(
    source: str,
    text: str,
    window: int,
    spans: list[Span],
    searched: list[Span],
    matched: list[Span],
) -> None:
    spy = Spy(source)
    found = [m.span() for m in finditer_bounded(spy, text, window=window)]  # type: ignore[arg-type]
    assert (found, spy.searched, spy.matched) == (spans, searched, matched)
    assert found == [m.span() for m in spy.pattern.finditer(text)]
