"""The collector is tuned in jxrules' own processes only: the command and the default pool."""

from __future__ import annotations

import concurrent.futures as cf
import gc
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from jxrules import batch, cli, collector
from tests.conftest import JIANGMEN_YAML


@pytest.fixture
def threshold() -> Iterator[None]:
    """Whatever a test does to this process's collector is undone."""
    saved = gc.get_threshold()
    yield
    gc.set_threshold(*saved)


def test_own_process_raises_the_young_threshold_only(threshold: None) -> None:
    gc.set_threshold(700, 10, 10)
    collector.own_process()
    assert gc.get_threshold() == (collector.YOUNG, 10, 10)


def test_own_process_never_lowers_a_higher_threshold_nor_restarts_a_stopped_collector(
    threshold: None,
) -> None:
    gc.set_threshold(50_000, 5, 5)
    collector.own_process()
    assert gc.get_threshold() == (50_000, 5, 5)
    gc.set_threshold(0, 10, 10)  # the collector switched off on purpose
    collector.own_process()
    assert gc.get_threshold() == (0, 10, 10)


def test_importing_and_using_jxrules_as_a_library_leaves_the_collector_alone(
    threshold: None,
) -> None:
    gc.set_threshold(700, 10, 10)
    outcomes = list(batch.check_many([JIANGMEN_YAML], jobs=1))
    assert outcomes[0].error is None and outcomes[0].results
    assert cli.main(["check", str(JIANGMEN_YAML), "--format", "json"]) == 1
    assert gc.get_threshold() == (700, 10, 10)


def test_the_default_pools_workers_are_tuned(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[int, int, int]] = []

    class Pool(cf.ProcessPoolExecutor):
        def __exit__(self, *exc: Any) -> Any:
            seen.extend(f.result() for f in [self.submit(gc.get_threshold) for _ in range(4)])
            return super().__exit__(*exc)

    monkeypatch.setattr(batch.cf, "ProcessPoolExecutor", Pool)
    outcomes = list(batch.check_many([JIANGMEN_YAML, JIANGMEN_YAML], jobs=2))
    assert [o.error for o in outcomes] == [None, None]
    assert seen and all(young == collector.YOUNG for young, _, _ in seen)


def test_the_command_runs_in_a_tuned_process() -> None:
    code = (
        "import gc, sys\n"
        "from jxrules import cli\n"
        "cli.main = lambda: print(gc.get_threshold()[0]) or 0\n"
        "sys.exit(cli.run())\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == str(collector.YOUNG)


def test_the_installed_command_and_python_m_jxrules_enter_through_run() -> None:
    from importlib.metadata import entry_points

    (script,) = entry_points(group="console_scripts", name="jxrules")
    assert script.value == "jxrules.cli:run"
    main_module = (JIANGMEN_YAML.parents[1] / "jxrules" / "__main__.py").read_text("utf-8")
    assert "SystemExit(run())" in main_module
