"""Rule-test coverage: which rules no case shows firing, and which none shows silent."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from attrs import frozen

from jxrules.authoring.rule_tests import CaseResult, load_cases, run_case
from jxrules.rules.ruleset import Rule, Ruleset


@frozen
class Coverage:
    never_fires: tuple[str, ...]
    never_silent: tuple[str, ...]


def coverage_from(ruleset: Ruleset, results: Sequence[CaseResult]) -> Coverage:
    """Coverage of the rules ``ruleset`` itself defines or overrides, by the cases that ran."""
    ran = [r for r in results if not (r.problems and r.problems[0].startswith("无法运行"))]
    rules = [rule for rule in ruleset.rules if defined_here(rule, ruleset.chain[-1])]
    fired = {f.rule for r in ran for f in r.findings if f.check != "engine"}
    silent = {
        rule.id for rule in rules if any(all(f.rule != rule.id for f in r.findings) for r in ran)
    }
    return Coverage(
        never_fires=tuple(r.id for r in rules if r.id not in fired),
        never_silent=tuple(r.id for r in rules if r.id not in silent),
    )


def defined_here(rule: Rule, source: str) -> bool:
    """Whether ``source`` defines or overrides ``rule`` (inherited rules are its parent's to test)."""
    return source in {rule.origin.file, *(p.file for p in rule.field_origins.values())}


def coverage_of(ruleset: Ruleset, tests_file: Path) -> Coverage:
    """Run a tests file and measure how it covers ``ruleset``."""
    return coverage_from(ruleset, [run_case(case) for case in load_cases(tests_file)])
