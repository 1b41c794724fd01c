"""Data files shipped with jxrules (word lists, taxonomies, header synonyms, patterns).

Policy lives here and in rulesets, not in code; :func:`load` reads one file once.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml


@cache
def load(name: str) -> Any:
    """The parsed content of ``jxrules/data/<name>`` (read and parsed once per process)."""
    text = resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml: 10x
