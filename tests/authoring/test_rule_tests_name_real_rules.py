"""A rule test that names a rule its ruleset does not run fails: no false green."""

from __future__ import annotations

from pathlib import Path

from jxrules.authoring.rule_tests import load_cases, run_case
from tests.conftest import ROOT

RULESET = ROOT / "rulesets" / "dept-overall" / "2022.yaml"
BASE = ROOT / "examples" / "jiangmen-2022-dept-overall.yaml"


def _run(tmp_path: Path, entries: str, ruleset: Path = RULESET) -> list[str]:
    tests = tmp_path / "x.tests.yaml"
    tests.write_text(
        f"ruleset: {ruleset}\nbase: {BASE}\ncases:\n  - name: c\n{entries}", encoding="utf-8"
    )
    (case,) = load_cases(tests)
    result = run_case(case)
    # what was found is listed after the problems, to help: not part of what is checked here
    return [p for p in result.problems if not p.startswith(("实际的发现", "  - "))]


def test_absent_naming_no_rule_fails_with_a_suggestion(tmp_path: Path) -> None:
    problems = _run(tmp_path, "    absent: [indicator-duplicat]\n")
    assert problems[0].startswith(
        "用例引用的规则 “indicator-duplicat” 不在规则集 dept-overall/2022 中；"
        "是不是 “indicator-duplicate”？（可用：score-in-range, "
    )
    assert len(problems) == 1


def test_expect_naming_no_rule_fails_even_beside_a_real_one(tmp_path: Path) -> None:
    entries = "    expect:\n      - {rule: indicator-duplicate}\n      - {rule: no-such-rule}\n"
    problems = _run(tmp_path, entries)
    assert any(p.startswith("用例引用的规则 “no-such-rule” 不在规则集") for p in problems)
    assert any(p.startswith("缺少预期的发现：no-such-rule") for p in problems)


def test_a_rule_the_ruleset_disabled_is_named_as_disabled(tmp_path: Path) -> None:
    child = tmp_path / "child.yaml"
    child.write_text(
        f"id: local/child\ntitle: t\nversion: '1'\nextends: {RULESET}\n"
        "applies_to: {kind: department_overall, fiscal_years: [2022]}\n"
        "overrides:\n  - {id: indicator-duplicate, disabled: true, reason: 另行审核}\n",
        encoding="utf-8",
    )
    problems = _run(tmp_path, "    absent: [indicator-duplicate]\n", ruleset=child)
    assert problems == [problems[0]] and problems[0].startswith(
        "用例引用的规则 “indicator-duplicate” 已在规则集 local/child 中停用（另行审核）"
    )


def test_reader_findings_and_real_rules_may_be_named(tmp_path: Path) -> None:
    problems = _run(tmp_path, "    absent: [ingest-row, indicator-near-duplicate-x]\n")
    assert [p.split("”")[0] for p in problems] == ["用例引用的规则 “indicator-near-duplicate-x"]
    assert _run(tmp_path, "    absent: [ingest-row, score-in-range]\n") == []


def test_absent_fails_when_the_rule_fires_and_passes_when_it_does_not(tmp_path: Path) -> None:
    """The semantics 55 bundled cases rely on: absent must fail on a finding of that rule."""
    fired = _run(tmp_path, "    absent: [indicator-duplicate]\n")
    assert len(fired) == 5 and all(
        p.startswith("不应出现的发现：indicator-duplicate") for p in fired
    )
    narrowed = _run(tmp_path, "    absent: [{rule: indicator-duplicate, location: {row: '22'}}]\n")
    assert [p.split(" location=")[0] for p in narrowed] == [
        "不应出现的发现：indicator-duplicate severity=error"
    ]
    assert _run(tmp_path, "    absent: [{rule: indicator-duplicate, location: {row: '1'}}]\n") == []


def test_only_leaves_out_the_ignored_rules_and_nothing_else(tmp_path: Path) -> None:
    """`only: true` with `ignore:` pins every finding but those of the rules ignored; an ignored
    rule must exist like any other named one."""
    from jxrules.api import check
    from jxrules.ingest import load_report
    from jxrules.rules.ruleset import load_ruleset

    found = [f.rule for f in check(load_report(BASE), load_ruleset(RULESET)).findings]
    assert found.count("indicator-duplicate") == 5 and len(set(found)) > 2
    everything_else = [rule for rule in found if rule != "indicator-duplicate"]
    expect = "".join(f"      - {{rule: {rule}}}\n" for rule in everything_else)
    base = f"    only: true\n    expect:\n{expect}"
    unpinned = _run(tmp_path, base)
    assert len(unpinned) == 5
    assert all(p.startswith("多出的发现：indicator-duplicate") for p in unpinned)
    assert _run(tmp_path, base + "    ignore: [indicator-duplicate]\n") == []
    typo = _run(tmp_path, base + "    ignore: [indicator-duplicat]\n")
    assert typo[0].startswith("用例引用的规则 “indicator-duplicat” 不在规则集")
