"""pytest plugin: ``pytest rulesets/`` runs every ``*.tests.yaml`` case as a test item.

Registered through the ``pytest11`` entry point, so installing jxrules is enough.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from jxrules.authoring.rule_tests import Case, load_cases, run_case


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    if file_path.name.endswith(".tests.yaml"):
        collector: pytest.Collector = RuleTestFile.from_parent(parent, path=file_path)
        return collector
    return None


class RuleTestFile(pytest.File):
    def collect(self) -> Iterator[pytest.Item]:
        for case in load_cases(self.path):
            yield RuleTestItem.from_parent(self, name=case.name, case=case)


class RuleTestItem(pytest.Item):
    def __init__(self, *, case: Case, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case

    def runtest(self) -> None:
        result = run_case(self.case)
        if not result.passed:
            raise RuleCaseFailure("\n".join(result.problems))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, RuleCaseFailure):
            return f"{self.case.position}: {self.case.name}\n{excinfo.value}"
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        line = (self.case.position.line or 1) - 1
        return self.path, line, f"rule case: {self.case.name}"


class RuleCaseFailure(Exception):
    """A rule test case whose findings differ from what it expects."""
