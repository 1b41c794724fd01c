"""``example:NAME`` names a report shipped with jxrules, in rule tests and on the command line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from jxrules.examples import examples
from tests.conftest import EXAMPLES, CliResult

TESTS = """\
ruleset: dept-overall/2022
base: {base}
cases:
  - name: 优 needs 90
    patch: {{self_evaluation: {{score: "89", grade: 优}}}}
    expect: [{{rule: grade-matches-score, evidence: {{expected: 良}}}}]
"""


def test_the_shipped_examples_are_the_source_trees() -> None:
    assert sorted(examples()) == sorted(p.name for p in EXAMPLES.iterdir())


def test_a_rule_test_takes_its_base_from_a_shipped_example(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    path = tmp_path / "x.tests.yaml"
    path.write_text(TESTS.format(base="example:jiangmen-2022-dept-overall"), encoding="utf-8")
    assert (cli("test", path).code, cli("test", path).out.splitlines()[-1]) == (
        0,
        "1 passed, 0 failed",
    )
    path.write_text(TESTS.format(base="example:jiangmen-2022-dept-overall.md"), encoding="utf-8")
    assert cli("test", path).out.splitlines()[-1] == "1 passed, 0 failed"


def test_an_unknown_example_lists_the_shipped_ones(cli: Callable[..., CliResult]) -> None:
    result = cli("check", "example:jiangmen-2022-dept-overal")
    assert result.code == 2
    assert result.err.startswith(
        "jxrules: example:jiangmen-2022-dept-overal: 没有名为 “jiangmen-2022-dept-overal” 的示例报告；"
        "是不是 “example:jiangmen-2022-dept-overall”？（示例：demo-2022-project.yaml, "
        "jiangmen-2022-dept-overall.md, jiangmen-2022-dept-overall.yaml）"
    )


def test_check_reads_a_shipped_example(cli: Callable[..., CliResult]) -> None:
    result = cli("check", "example:demo-2022-project", "--format", "json")
    assert f'"source": "{EXAMPLES / "demo-2022-project.yaml"}"' in result.out
