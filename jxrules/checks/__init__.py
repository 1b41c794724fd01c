"""Check kinds: one module each, found here by name without any registration list.

A check kind module defines ``KIND``, an instance of a :class:`~jxrules.checks.base.CheckKind`
subclass carrying its name, its JSON-Schema fragment for the rule fields it takes, its
``compile`` (load time) and ``evaluate`` (run time).  Dropping a new module in this
package is all it takes for the engine, the ruleset schema and ``jxrules kinds`` to see it.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Mapping
from functools import cache

from jxrules.checks.base import CheckKind, Context, Issue, RuleSpec

__all__ = ["CheckKind", "Context", "Issue", "RuleSpec", "registry"]


@cache
def registry() -> Mapping[str, CheckKind]:
    """Every check kind in this package, by name."""
    kinds: dict[str, CheckKind] = {}
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if module_info.name.startswith("_") or module_info.name == "base":
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        kind = getattr(module, "KIND", None)
        if isinstance(kind, CheckKind):
            if kind.name in kinds:  # pragma: no cover - a packaging mistake
                raise RuntimeError(f"check kind {kind.name!r} defined twice")
            kinds[kind.name] = kind
    return kinds
