"""The entry points of jxrules' plugin groups (rulesets, check kinds, expression helpers).

Finding them means reading the metadata of every installed package, about a tenth of a
one-file check; what was found is kept (jxrules.cache) while no folder on ``sys.path`` gains or
loses an entry, which installing, upgrading or removing a package does.  With no plugin
installed, ``importlib.metadata`` is not even imported.  After editing an installed package's
``entry_points.txt`` by hand, run once with ``JXRULES_CACHE=off``.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from jxrules.cache import remembered

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint


def entry_points(group: str) -> list[EntryPoint]:
    """The entry points of ``group``, by name."""
    request = ("entry points", group, *(f"{entry}:{_mtime(entry)}" for entry in sys.path))
    found = remembered(request, lambda: _scan(group), lambda _: ())
    if not found:
        return []
    from importlib.metadata import EntryPoint

    return [EntryPoint(name, value, group) for name, value in found]


def _scan(group: str) -> list[tuple[str, str]]:
    from importlib.metadata import entry_points as installed

    return sorted((entry.name, entry.value) for entry in installed(group=group))


def _mtime(folder: str) -> int:
    try:
        return os.stat(folder or ".").st_mtime_ns
    except OSError:
        return 0
