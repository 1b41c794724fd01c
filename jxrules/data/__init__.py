"""Data files shipped with jxrules (word lists, taxonomies, header synonyms, patterns).

Policy lives here and in rulesets, not in code; :func:`load` reads one file once.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from jxrules.cache import remembered


@cache
def load(name: str) -> Any:
    """The parsed content of ``jxrules/data/<name>``: parsed once per process, and kept on disk
    between runs (jxrules.cache) while the file is unchanged."""
    file = resources.files(__name__).joinpath(name)
    if not isinstance(file, Path):  # inside a zip: no file to check an entry against
        return _parse(file.read_text(encoding="utf-8"))
    return remembered(
        ("data", str(file)), lambda: _parse(file.read_text(encoding="utf-8")), lambda _: [str(file)]
    )


def _parse(text: str) -> Any:
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml: 10x
