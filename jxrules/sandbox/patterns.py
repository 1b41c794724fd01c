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

from jxrules.sandbox.limits import MAX_MATCH_CHARS


def finditer_bounded(
    pattern: re.Pattern[str], text: str, *, window: int = MAX_MATCH_CHARS
) -> Iterator[re.Match[str]]:
    """The matches of ``pattern`` in ``text``, each searched within ``2 * window`` characters.

    A window is ``[start, start + 2 * window)``, cut back to a line end where one lies in its
    second half (so ``$`` means a real line end); matches starting in its first half are
    taken, unless one runs into the cut: that one is searched again from where it starts, in
    a window of its own.  The next window starts after the first half or the last match.
    A match longer than the window is cut at it; ``^`` and look-behinds see the whole text.
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
            if end < size and match.end() >= end and match.start() > start:
                following = match.start()  # may be cut: searched again in a window of its own
                break
            yield match
            following = max(following, match.end() + (match.end() == match.start()))
        start = following
