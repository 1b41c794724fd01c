"""Shared fixtures: paths to the examples and a CLI runner that captures output."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from jxrules.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
JIANGMEN_YAML = EXAMPLES / "jiangmen-2022-dept-overall.yaml"
JIANGMEN_MD = EXAMPLES / "jiangmen-2022-dept-overall.md"
PROJECT_YAML = EXAMPLES / "demo-2022-project.yaml"
#: Longest a bounded operation may take in a test: only a hang fails it, never a loaded machine
#: (limits are tested by operation budgets and sizes, not by the clock).
HANG_SECONDS = 60.0


def laid_out_alike(finding: dict[str, object]) -> dict[str, object]:
    """A finding's JSON without the source line, which differs between two files of one
    report (Markdown and canonical YAML); everything else, the fingerprint included, does not."""
    location = {k: v for k, v in dict(finding["location"]).items() if k != "line"}  # type: ignore[call-overload]
    return {**finding, "location": location}


@pytest.fixture(autouse=True, scope="session")
def own_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The suite keeps its loaded rulesets (jxrules.cache) in a folder of its own, empty at the
    start: it never reads the user's, and a stale entry cannot pass or fail a test."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JXRULES_CACHE_DIR", str(tmp_path_factory.mktemp("jxrules-cache")))
        patch.delenv("JXRULES_CACHE", raising=False)
        yield


class CliResult:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., CliResult]:
    def run(*args: str) -> CliResult:
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run
