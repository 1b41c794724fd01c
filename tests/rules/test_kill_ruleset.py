"""Loading a ruleset: what a rule and a ruleset carry over (English titles, the contract kind a
rule reports as, the file), the words of a template or override error, the folders of ruleset
plugins, references resolved past a name too long, and the nearest position of a value.

Written against the mutants of ``jxrules.rules.ruleset`` that survived the tests of tests/rules
(docs/testing.md, *Mutation testing*).
"""

from __future__ import annotations

import types
from pathlib import Path

import pytest

import jxrules
import jxrules.rules.ruleset as ruleset
from jxrules.errors import Position, RulesetError

HEAD = (
    'id: t/x\ntitle: t\nversion: "1"\nextends: dept-overall/2022\n'
    "applies_to: {kind: department_overall, fiscal_years: [2030]}\n"
)


def _refusal(text: str) -> tuple[str, Position | None]:
    with pytest.raises(RulesetError) as caught:
        jxrules.load_ruleset(HEAD + text)
    return caught.value.message, caught.value.position


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        (
            '{id: e1, check: expression, severity: warning, message: "x {zz}", assert: "1 > 2"}',
            "规则 e1：消息中的占位符 {zz} 不存在（expression 检查提供：—，以及 params.*）",
        ),
        (
            '{id: s1, check: expression, severity: warning, message: "x {zz}", assert: "1 > 2",'
            " summarize: {field: self_evaluation.grade}}",
            "规则 s1：消息中的占位符 {zz} 不存在（summarize 规则提供：count, rows, names，以及 params.*）",
        ),
    ],
)
def test_an_unknown_placeholder_is_refused_with_the_names_there_are(
    rule: str, message: str
) -> None:
    assert _refusal(f"rules:\n  - {rule}\n") == (message, Position("<ruleset>", 7, 61))


def test_an_override_error_names_the_rule_where_it_is_written() -> None:
    refused = _refusal("overrides:\n  - {id: score-in-range, set: {bogus: 1}}\n")
    assert refused[0].startswith(
        "规则 score-in-range：rules[0] 中有未知的键 “bogus”（允许的键：id,"
    )
    assert refused[1] == Position("<ruleset>", 7, 39)


def test_an_override_that_keeps_its_rule_enabled_changes_it() -> None:
    loaded = jxrules.load_ruleset(
        HEAD + "overrides:\n  - {id: score-in-range, disabled: false, severity: info}\n"
    )
    assert [(r.id, r.severity) for r in loaded.rules if r.id == "score-in-range"] == [
        ("score-in-range", "info")
    ]
    assert loaded.disabled == {}


def test_english_titles_and_the_file_are_carried_over(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        HEAD.replace("title: t\n", "title: t\ntitle_en: Mine\n")
        + "rules:\n"
        + '  - {id: e2, check: expression, severity: info, message: "x", assert: "1 > 2",'
        + " title_en: Hello}\n",
        encoding="utf-8",
    )
    loaded = jxrules.load_ruleset(path)
    assert (loaded.title_en, loaded.rules[-1].title_en, loaded.source) == (
        "Mine",
        "Hello",
        str(path),
    )


def test_a_rule_reports_as_another_kind_only_when_its_kind_says_so() -> None:
    loaded = jxrules.load_ruleset("dept-overall/2022")
    kinds = {(r.check, r.reports_as) for r in loaded.rules if r.check in ("narrative", "target")}
    assert kinds == {
        ("target", None),
        ("narrative", "reconcile"),
        ("narrative", "crossref"),
        ("narrative", "target"),
    }


def test_problems_of_several_rules_are_collected(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        HEAD
        + "rules:\n"
        + '  - {id: a, check: expression, severity: info, message: "x", assert: "1 *"}\n'
        + '  - {id: b, check: expression, severity: info, message: "x", assert: "1 +"}\n',
        encoding="utf-8",
    )
    problems: list[RulesetError] = []
    loaded = ruleset.load_collecting(path, problems)
    assert [str(p.position) for p in problems] == [f"{path}:7:70", f"{path}:8:70"]
    assert [r.id for r in loaded.rules if r.id in ("a", "b")] == []


def test_a_value_without_a_position_of_its_own_is_placed_at_its_parent() -> None:
    rule = jxrules.load_ruleset("dept-overall/2022").rules[0]
    assert rule.position(("message", "part")) == rule.positions[("message",)]
    assert rule.position(("message", "part")) != rule.origin


class _Entry:
    def __init__(self, name: str, loaded: object) -> None:
        self.name = name
        self.value = f"{name}_pkg"
        self._loaded = loaded

    def load(self) -> object:
        if isinstance(self._loaded, Exception):
            raise self._loaded
        return self._loaded


def _folders(monkeypatch: pytest.MonkeyPatch, *entries: _Entry) -> list[tuple[str, Path]]:
    monkeypatch.setattr(ruleset, "entry_points", lambda group: list(entries))
    return ruleset._plugin_folders()


def test_a_plugin_names_its_rulesets_by_package_or_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = types.ModuleType("p")
    package.__path__ = [str(tmp_path)]
    found = _folders(
        monkeypatch, _Entry("pkg", package), _Entry("text", str(tmp_path)), _Entry("path", tmp_path)
    )
    assert found == [("pkg", tmp_path), ("text", tmp_path), ("path", tmp_path)]


@pytest.mark.parametrize(
    ("loaded", "message"),
    [
        (7, "规则集插件 bad = bad_pkg 应指向一个包或文件夹 (not a folder)"),
        ("nowhere/at/all", "规则集插件 bad = bad_pkg 应指向一个包或文件夹 (not a folder)"),
        (ImportError("no module"), "无法加载规则集插件 bad = bad_pkg：ImportError: no module"),
    ],
)
def test_a_broken_plugin_is_refused_by_its_name(
    monkeypatch: pytest.MonkeyPatch, loaded: object, message: str
) -> None:
    with pytest.raises(RulesetError) as caught:
        _folders(monkeypatch, _Entry("bad", loaded))
    assert caught.value.message == message


def test_a_reference_too_long_next_to_its_ruleset_is_looked_up_as_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "mine.yaml").write_text("id: x\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert ruleset.resolve("mine.yaml", Path("x" * 300)) == Path("mine.yaml")


def test_an_unknown_reference_without_bundled_rulesets_says_none(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(ruleset, "bundled_rulesets", dict)
    with pytest.raises(RulesetError) as caught:
        ruleset.resolve("nowhere/2022")
    assert caught.value.message == (
        "找不到规则集 “nowhere/2022”：既不是文件，也不是内置规则集的编号（内置：（无））"
    )


def test_an_expression_over_a_limit_is_placed_at_the_expression() -> None:
    rule = '{id: e1, check: expression, severity: info, message: "x", assert: "%s"}'
    refused = _refusal(f"rules:\n  - {rule % ('1+' * 2500 + '1')}\n")
    assert refused == (
        "规则 e1：表达式过长：5001 个字符，上限 4000 (limit: expression_chars)",
        Position("<ruleset>", 7, 71),
    )


def test_an_error_inside_an_overriding_value_is_placed_where_the_override_writes_it() -> None:
    refused = _refusal(
        "overrides:\n  - id: text-count-vs-indicator\n    set:\n      pairs:\n"
        "        - label: x\n          stated: {pattern: '(?P<value>\\d+'}\n"
        "          against: {indicator: y}\n"
    )
    assert refused == (
        "规则 text-count-vs-indicator：正则表达式无效：missing ), unterminated subpattern at position 0",
        Position("<ruleset>", 11, 29),
    )
