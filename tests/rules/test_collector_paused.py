"""The cyclic garbage collector is paused while a report is read and while it is checked."""

from __future__ import annotations

import gc
from typing import Any

import pytest

import jxrules
from jxrules import collector
from jxrules.rules import engine
from tests.conftest import JIANGMEN_YAML


def test_paused_restores_what_it_found() -> None:
    assert gc.isenabled()
    with collector.paused():
        assert not gc.isenabled()
        with collector.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner pause does not turn it back on
    assert gc.isenabled()


def test_paused_restores_it_after_an_error() -> None:
    with pytest.raises(KeyError), collector.paused():
        raise KeyError("x")
    assert gc.isenabled()


def test_a_check_runs_with_the_collector_paused(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []
    original = engine._check

    def spy(*args: Any, **kwargs: Any) -> jxrules.Result:
        seen.append(gc.isenabled())
        return original(*args, **kwargs)

    monkeypatch.setattr(engine, "_check", spy)
    report = jxrules.load_report(JIANGMEN_YAML)
    result = jxrules.check(report, jxrules.load_ruleset("dept-overall/2022"))
    assert seen == [False]
    assert gc.isenabled()
    assert "indicator-target-met" in {f.rule for f in result.findings}
