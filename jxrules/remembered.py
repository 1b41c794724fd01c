"""Caches a batch fills: bounded, forgotten all at once, and all emptied by one call.

A province's batch repeats a lot (the same indicator names, the same targets), so some pure
functions of a short text remember their answers for the life of the process.  What is
remembered depends only on its key, so a remembered answer is the answer.
"""

from __future__ import annotations

import weakref
from typing import TypeVar

_K = TypeVar("_K")
_V = TypeVar("_V")

#: Most entries one cache holds.
REMEMBERED = 20_000
#: Longest text a cache keeps (a key, and so the texts its value quotes, are about this long).
REMEMBER_CHARS = 256

#: Every cache made, by identity (a vocabulary's caches go when it goes).
_LIVE: dict[int, weakref.ref[Remembered[object, object]]] = {}


class Remembered(dict[_K, _V]):
    """A cache that forgets everything once it holds :data:`REMEMBERED` entries.

    Only short texts are kept (:data:`REMEMBER_CHARS`): a cell is rarely longer, and a batch of
    untrusted files must not be able to fill memory with long ones. Memory stays bounded, and
    a batch's repeats are still found.
    """

    def __init__(self) -> None:
        super().__init__()
        key = id(self)
        _LIVE[key] = weakref.ref(self, lambda _: _LIVE.pop(key, None))  # type: ignore[arg-type]

    def __reduce__(self) -> tuple[type[Remembered[_K, _V]], tuple[()]]:
        """A copy or an unpickled cache starts empty (and is emptied by :func:`forget_all`):
        what it held is worked out again where it is needed, and is not shipped to workers."""
        return (type(self), ())

    def keep(self, key: _K, value: _V, chars: int) -> _V:
        """Remember ``value`` under ``key`` (whose texts are ``chars`` long at most)."""
        if chars <= REMEMBER_CHARS:
            if len(self) >= REMEMBERED:
                self.clear()
            self[key] = value
        return value


def forget_all() -> None:
    """Empty every cache (a benchmark does, so that each timed round starts cold)."""
    for ref in list(_LIVE.values()):
        cache = ref()
        if cache is not None:
            cache.clear()
