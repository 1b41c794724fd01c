"""Check kinds: one module each, found without any registration list.

A check kind module defines ``KIND``, an instance of a :class:`~jxrules.checks.base.CheckKind`
subclass carrying its name, its JSON-Schema fragment, the fields that hold expressions, its
``compile`` (load time) and ``evaluate`` (run time), and its user documentation as the module
docstring.  A module dropped in this package is found by name; a separate package adds kinds
through the ``jxrules.checks`` entry point group (``name = "package.module:KIND"``).  Either
way the engine, the ruleset schema, ``jxrules lint``, ``jxrules docs`` and ``jxrules kinds``
see it without any other file being edited.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable, Iterator, Mapping
from functools import cache

from jxrules.checks.base import CheckKind, Context, Issue, RuleSpec
from jxrules.errors import JxError
from jxrules.plugins import entry_points

__all__ = [
    "ENTRY_POINTS",
    "CheckKind",
    "Context",
    "Issue",
    "RuleSpec",
    "is_builtin_kind",
    "kind_named",
    "registry",
]

#: The entry point group through which other packages add check kinds.
ENTRY_POINTS = "jxrules.checks"


def kind_named(name: str) -> CheckKind | None:
    """The check kind called ``name`` (this package's first: plugins are looked for only when
    a ruleset names a kind this package does not have)."""
    return _builtin().get(name) or registry().get(name)


def is_builtin_kind(name: str) -> bool:
    """Whether ``name`` is one of this package's check kinds (not a plugin's)."""
    return name in _builtin()


@cache
def registry() -> Mapping[str, CheckKind]:
    """Every check kind, by name: this package's modules, then the entry points'."""
    return _kinds([*_modules(), *_plugins()])


def _kinds(found: Iterable[tuple[str, object]]) -> dict[str, CheckKind]:
    kinds: dict[str, CheckKind] = {}
    for where, kind in found:
        if not isinstance(kind, CheckKind):
            raise JxError(f"检查类型 {where} 不是 CheckKind 的实例 (not a check kind)")
        if kind.name in kinds:
            raise JxError(f"检查类型 “{kind.name}” 定义了两次：{where} (check kind defined twice)")
        kinds[kind.name] = kind
    return kinds


@cache
def _builtin() -> Mapping[str, CheckKind]:
    return _kinds(_modules())


def _modules() -> Iterator[tuple[str, object]]:
    """``KIND`` of each module of this package."""
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if module_info.name.startswith("_") or module_info.name in ("base", "namespace"):
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        if hasattr(module, "KIND"):
            yield module.__name__, module.KIND


def _plugins() -> Iterator[tuple[str, object]]:
    for entry in entry_points(ENTRY_POINTS):
        try:
            yield entry.value, entry.load()
        except Exception as exc:  # a broken plugin is named, not a traceback
            raise JxError(
                f"无法加载检查类型插件 {entry.name} = {entry.value}：{type(exc).__name__}: {exc}"
            ) from None
