"""Empty the caches of the core packages before each of their tests.

jxrules caches readings, verdicts, word lists, check kinds and bundled rulesets for the life of a
process.  A test that reads a text another test already read would otherwise get the cached
result and never run the code it is meant to test; mutation testing (docs/testing.md) forks
every mutant from a process that has run the whole selection once, so without this a bug in a
cached function could not fail any test.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from jxrules import checks
from jxrules.checks import duplicate, target, taxonomy
from jxrules.quantities import reading, vocabulary
from jxrules.rules import ruleset, selection, templates

CACHED = (
    reading._cached_reading,
    reading.heads_pattern,
    vocabulary.default_vocabulary,
    checks.registry,
    checks._builtin,
    target._verdict,
    target._lower_is_better,
    duplicate.name_key,
    duplicate.figure_key,
    taxonomy.defaults,
    selection.bundled,
    selection._headers,
    ruleset.bundled_rulesets,
    templates._pieces,
)


@pytest.fixture(autouse=True)
def fresh_caches() -> Iterator[None]:
    """Each test computes what it asserts (registered by the conftest of tests/quantities,
    tests/checks and tests/rules)."""
    for function in CACHED:
        function.cache_clear()
    duplicate._DROPPED.clear()  # the translation table name keys fill as characters are met
    yield
