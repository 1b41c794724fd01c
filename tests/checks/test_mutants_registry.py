"""The check kinds are found by module name and entry point, in name order, and a bad one is named.

Written against the mutants mutmut found surviving in ``jxrules.checks`` (docs/testing.md):
the registry is cached at first use, so these call the finders themselves.
"""

from __future__ import annotations

from typing import Any

import pytest

import jxrules.checks
from jxrules.checks import _kinds, _modules, _plugins
from jxrules.checks.target import KIND as TARGET
from jxrules.errors import JxError


def test_every_kind_module_is_found_in_name_order_and_base_and_namespace_are_not() -> None:
    found = list(_modules())
    assert [where for where, _ in found] == [
        "jxrules.checks.crossref",
        "jxrules.checks.duplicate",
        "jxrules.checks.expression",
        "jxrules.checks.narrative",
        "jxrules.checks.reconcile",
        "jxrules.checks.score",
        "jxrules.checks.sections",
        "jxrules.checks.target",
        "jxrules.checks.taxonomy",
    ]
    assert [kind.name for _, kind in found] == [  # type: ignore[attr-defined]
        "crossref",
        "duplicate",
        "expression",
        "narrative",
        "reconcile",
        "score",
        "sections",
        "target",
        "taxonomy",
    ]


def test_a_kind_that_is_no_check_kind_or_comes_twice_is_named() -> None:
    with pytest.raises(JxError) as caught:
        _kinds([("pkg.mod:KIND", object())])
    assert caught.value.message == "检查类型 pkg.mod:KIND 不是 CheckKind 的实例 (not a check kind)"
    with pytest.raises(JxError) as caught:
        _kinds([("a", TARGET), ("b", TARGET)])
    assert caught.value.message == "检查类型 “target” 定义了两次：b (check kind defined twice)"


class _Entry:
    def __init__(self, name: str, value: str, loaded: Any) -> None:
        self.name, self.value, self._loaded = name, value, loaded

    def load(self) -> Any:
        if isinstance(self._loaded, Exception):
            raise self._loaded
        return self._loaded


def test_plugins_load_in_name_order_and_a_broken_one_is_named(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    entries = [_Entry("alpha", "a:KIND", "A"), _Entry("zeta", "z:KIND", "Z")]
    asked: list[str] = []
    monkeypatch.setattr(
        jxrules.checks, "entry_points", lambda group: asked.append(group) or entries
    )
    assert list(_plugins()) == [("a:KIND", "A"), ("z:KIND", "Z")]
    assert asked == ["jxrules.checks"]
    entries.append(_Entry("beta", "b:KIND", ImportError("no module b")))
    with pytest.raises(JxError) as caught:
        list(_plugins())
    assert caught.value.message == "无法加载检查类型插件 beta = b:KIND：ImportError: no module b"
