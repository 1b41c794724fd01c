"""Empty the caches of the core packages before each of their tests.

jxrules caches readings, verdicts, word lists, check kinds and bundled rulesets for the life of a
process.  A test that reads a text another test already read would otherwise get the cached
result and never run the code it is meant to test; mutation testing (docs/testing.md) forks
every mutant from a process that has run the whole selection once, so without this a bug in a
cached function could not fail any test.  For the same reason these tests keep no ruleset on
disk (``JXRULES_CACHE=off``, jxrules.cache): a mutant of the loader must load.  Every module-level ``functools`` cache of a loaded
``jxrules`` module is cleared, so a cache added later needs no entry here.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest


def _caches() -> list[object]:
    found = []
    for name, module in list(sys.modules.items()):
        if not name.startswith("jxrules.") or module is None:
            continue
        for value in vars(module).values():
            if callable(getattr(value, "cache_clear", None)):
                found.append(value)
    return found


@pytest.fixture(autouse=True)
def fresh_caches(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test computes what it asserts (registered by the conftest of each core package's
    tests: quantities, checks, rules, sandbox, ingest and formats)."""
    monkeypatch.setenv("JXRULES_CACHE", "off")
    for function in _caches():
        function.cache_clear()  # type: ignore[attr-defined]
    duplicate = sys.modules.get("jxrules.checks.duplicate")
    if duplicate is not None:  # the translation table name keys fill as characters are met
        duplicate._DROPPED.clear()
    yield
