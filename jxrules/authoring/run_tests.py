"""``jxrules test``: run rule tests, print a line per case, diffs on failure, coverage."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from jxrules.authoring.coverage import Coverage, coverage_from
from jxrules.authoring.rule_tests import CaseResult, run_files
from jxrules.rules.ruleset import bundled_dir


def coverage_gaps(results: Sequence[CaseResult]) -> dict[str, Coverage]:
    """Per ruleset: rules no case makes fire, and rules no case shows silent."""
    from jxrules.authoring.rule_tests import case_ruleset

    by_ruleset: dict[str, list[CaseResult]] = {}
    for result in results:
        by_ruleset.setdefault(result.case.ruleset_ref, []).append(result)
    return {
        ref: coverage_from(case_ruleset(ref), group) for ref, group in sorted(by_ruleset.items())
    }


def run_tests(paths: Sequence[str], *, coverage: bool = False) -> int:
    if not paths and bundled_dir().name == "_rulesets":
        # An installed copy: its rule tests refer to the source tree's examples.
        sys.stderr.write(
            "jxrules: 请指定测试文件或目录，例如 jxrules test rulesets/ (name the tests to run)\n"
        )
        return 2
    targets = list(paths) or [str(bundled_dir())]
    results = run_files([Path(p) for p in targets])
    failed = 0
    for result in results:
        mark = "PASS" if result.passed else "FAIL"
        print(f"{mark} {result.case.id}")
        if not result.passed:
            failed += 1
            print(f"     {result.case.position}")
            for problem in result.problems:
                print(f"     {problem}")
    exit_code = 1 if failed else 0
    if coverage:
        for ref, gap in coverage_gaps(results).items():
            for rule_ids, label in (
                (gap.never_fires, "没有用例使其触发"),
                (gap.never_silent, "没有用例表明其不触发"),
            ):
                for rule_id in rule_ids:
                    print(f"coverage: {ref}: {rule_id}: {label}")
                    exit_code = 1
    print(f"{len(results) - failed} passed, {failed} failed")
    if not results:
        sys.stderr.write("jxrules: 没有找到测试用例 (*.tests.yaml)\n")
        return 2
    return exit_code
