"""Searching with a regular expression a ruleset brings: in windows of bounded length.

Patterns are vetted at load (:func:`.vet.regex_problem` refuses exponential shapes), but a
vetted pattern may still scan to the end of the text from every place it starts
(``部门收入[^。]*实际收入``): quadratic on a 400 KB line.  Searching in windows of
``2 * window`` characters makes it linear; every match of at most ``window`` characters is
found exactly as :meth:`re.Pattern.finditer` finds it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice

from jxrules.sandbox.limits import MAX_MATCH_CHARS


def finditer_bounded(
    pattern: re.Pattern[str], text: str, *, window: int = MAX_MATCH_CHARS
) -> Iterator[re.Match[str]]:
    """The matches of ``pattern`` in ``text``, each searched within ``2 * window`` characters.

    A window is ``[start, start + 2 * window)``, cut back to a line end where one lies in its
    second half (so ``$`` means a real line end); matches starting in its first half are
    taken, unless one runs into the cut: that one is searched again from where it starts, in
    a window of its own.  The next window starts after the first half or the last match.
    A match at the window's start that runs into the cut is matched again where it starts, in
    twice the room: it is dropped if it no longer matches (``\\d+$`` before ``1111a``), kept
    whole if it now ends before the cut, and cut at the window if it still runs past it (a match
    longer than the window is cut at it). ``^`` and look-behinds see the whole text.
    """
    if window < 1:
        raise ValueError("window must be positive")
    size = len(text)
    start = 0
    while start <= size:
        end = size
        if start + 2 * window < size:
            cut = text.rfind("\n", start + window, start + 2 * window)
            end = cut if cut > start else start + 2 * window
        following = start + window if end < size else size + 1
        for match in pattern.finditer(text, start, end):
            if end < size and match.start() >= start + window:
                following = match.start()
                break
            if end < size and match.end() >= end:
                if match.start() > start:
                    following = match.start()  # may be cut: searched again in a window of its own
                    break
                found = _past_the_cut(pattern, text, match, end + 2 * window)
                if found is None:  # it matched only because the window ended there (`$`, `\b`)
                    break
                if found is not match:  # a shorter match: the next window starts after it
                    yield found
                    following = found.end() + (found.end() == found.start())
                    break
            yield match
            following = max(following, match.end() + (match.end() == match.start()))
        start = following


def _past_the_cut(
    pattern: re.Pattern[str], text: str, match: re.Match[str], end: int
) -> re.Match[str] | None:
    """``match``, which ran into its window's cut, as it matches with the text up to ``end``:
    ``None`` when it does not, the longer match's cut ``match`` when it still runs that far.
    A match of the same span is the one matched again: its look-aheads saw past the cut.

    ``match`` is not empty (it starts at its window's start and reaches the cut); when an empty
    match at the same place came first (``x*|a+``), ``finditer`` took the non-empty one after it,
    so the search again skips that empty match as ``finditer`` did."""
    end = min(len(text), end)
    again = pattern.match(text, match.start(), end)
    if again is not None and again.end() == again.start():
        again = next(islice(pattern.finditer(text, match.start(), end), 1, 2), None)
        if again is not None and again.start() != match.start():
            again = None
    if again is None:
        return None
    return again if again.end() <= match.end() else match
