"""Two ways ``finditer_bounded`` differed from ``re.finditer`` on a match no longer than the window.

Found while triaging the mutants of ``jxrules.sandbox.patterns`` (``_past_the_cut``): a match
at a window's start that ends at the cut (a line end) is matched again with the text after it.
That second match skipped neither ``finditer``'s rule that a non-empty match may follow an empty
one at the same place, nor kept what its look-aheads saw past the cut.
"""

from __future__ import annotations

import re

import pytest

from jxrules.sandbox.patterns import finditer_bounded


@pytest.mark.parametrize(
    ("source", "text", "window", "spans"),
    [
        # finditer: the empty match at 0, then the non-empty one there; never the empty one twice
        ("x*|a+", "aa\nbbbbbbbbb", 2, [(0, 0), (0, 2), *((i, i) for i in range(2, 13))]),
        ("x*|a+", "a\nbbbb", 1, [(0, 0), (0, 1), *((i, i) for i in range(1, 7))]),
    ],
)
def test_a_non_empty_match_after_an_empty_one_at_the_cut_is_found_once(
    source: str, text: str, window: int, spans: list[tuple[int, int]]
) -> None:
    pattern = re.compile(source)
    assert [m.span() for m in pattern.finditer(text)] == spans
    assert [m.span() for m in finditer_bounded(pattern, text, window=window)] == spans


@pytest.mark.parametrize(
    ("source", "text", "window", "groups"),
    [
        (r"\d\d(?=(\n)|)", "12\nxxxxxxx", 2, [("\n",)]),
        (r"(?P<v>\d+)(?=(?P<u>\n万元)?)", "12\n万元xxxxxxxxx", 2, [("12", "\n万元")]),
    ],
)
def test_a_look_ahead_at_the_cut_sees_the_text_after_it(
    source: str, text: str, window: int, groups: list[tuple[str | None, ...]]
) -> None:
    pattern = re.compile(source)
    assert [m.groups() for m in pattern.finditer(text)] == groups
    assert [m.groups() for m in finditer_bounded(pattern, text, window=window)] == groups
