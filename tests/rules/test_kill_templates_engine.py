"""Message rendering at its length limit, the English message of a rule, and the folders of
user rulesets, pinned where a one-line change would alter them.

Written against the mutants mutmut found surviving in ``jxrules.rules.templates``,
``.engine`` and ``.selection`` (docs/testing.md).
"""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path
from types import SimpleNamespace

import pytest

from jxrules.checks.base import Issue
from jxrules.errors import InputError
from jxrules.findings import Location
from jxrules.rules import engine, selection
from jxrules.rules.templates import MAX_MESSAGE_CHARS, render


def test_a_message_is_cut_at_the_limit_with_an_ellipsis() -> None:
    assert MAX_MESSAGE_CHARS == 4000
    assert render("a" * 4000, {}) == "a" * 4000
    assert render("a" * 4001, {}) == "a" * 3999 + "…"
    # a value is cut to the room left after the text before it
    assert render("a" * 3990 + "{x}", {"x": "b" * 10}) == "a" * 3990 + "b" * 10
    assert render("a" * 3990 + "{x}", {"x": "b" * 20}) == "a" * 3990 + "b" * 9 + "…"
    assert render("a" * 3999 + "{x}", {"x": 5}) == "a" * 3999 + "5"
    assert render("a" * 4000 + "{x}", {"x": 5}) == "a" * 3999 + "…"
    # a value exactly as long as the room is kept whole
    assert render("{x}", {"x": "b" * 4000}) == "b" * 4000
    assert render("a{x}", {"x": "b" * 4000}) == "a" + "b" * 3998 + "…"
    # text after a value counts the value's length
    assert render("{x}" + "a" * 3990, {"x": "b" * 20}) == "b" * 20 + "a" * 3979 + "…"
    both = render("{x}{y}", {"x": "b" * 3000, "y": "c" * 3000})
    assert both == "b" * 3000 + "c" * 999 + "…"


def test_placeholders_fill_from_nested_mappings_only() -> None:
    assert render("{a.b} {a.c} {x}", {"a": {"b": 1}, "x": 2}) == "1 {a.c} 2"
    assert render("{a.b}", {"a": OrderedDict(b="甲")}) == "甲"
    assert render("{x.y}", {"x": 3}) == "{x.y}"
    assert render("{{x}} {x}", {"x": 1}) == "{x} 1"


def _rule(message_en: str | None) -> SimpleNamespace:
    return SimpleNamespace(
        id="r1",
        check="target",
        reports_as=None,
        severity="error",
        message="未完成：{name}",
        message_en=message_en,
    )


def test_a_finding_is_worded_in_english_only_when_asked_and_written() -> None:
    issue = Issue(Location("indicators", "4", "甲"))
    english = engine.stamp(_rule("Missed: {name}"), issue, {}, language="en")  # type: ignore[arg-type]
    assert english.message == "Missed: 甲"
    chinese = engine.stamp(_rule("Missed: {name}"), issue, {})  # type: ignore[arg-type]
    assert chinese.message == "未完成：甲"
    unwritten = engine.stamp(_rule(None), issue, {}, language="en")  # type: ignore[arg-type]
    assert unwritten.message == "未完成：甲"


def test_a_broken_rule_is_also_worded_in_english() -> None:
    rule = SimpleNamespace(id="r1", origin="rules.yaml:3:5")
    broken = engine._broken(rule, "boom")  # type: ignore[arg-type]
    assert broken.in_language("en").message == (
        "Rule r1 could not run (a problem of the rule, not of the report's data): boom"
    )
    assert broken.location == Location()


def test_user_folders_are_checked_resolved_and_kept_in_order(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    assert selection.user_folders(str(first)) == [first.resolve()]
    assert selection.user_folders(first) == [first.resolve()]
    assert selection.user_folders([second, str(first)]) == [second.resolve(), first.resolve()]
    assert selection.user_folders(()) == []
    for missing in (tmp_path / "none", tmp_path / "file.yaml"):
        if missing.suffix:
            missing.write_text("id: x\n", encoding="utf-8")
        with pytest.raises(InputError) as caught:
            selection.user_folders([first, missing])
        assert caught.value.message == "规则集文件夹不存在或不是文件夹 (not a folder)"
        assert caught.value.position is not None
        assert caught.value.position.file == str(missing)


RULESET = """\
id: {id}
title: 本地
version: "1"
extends: dept-overall/2022
applies_to: {{kind: department_overall, fiscal_years: [{year}]}}
"""


def test_a_user_folder_lists_its_rulesets_without_loading_them(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.yaml").write_text(RULESET.format(id="local/a", year=2030), encoding="utf-8")
    (tmp_path / "sub" / "b.yml").write_text(RULESET.format(id="local/b", year=2031), "utf-8")
    (tmp_path / "a.tests.yaml").write_text("cases: []\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a ruleset\n", encoding="utf-8")
    found = selection.available_rulesets([tmp_path])
    users = [h for h in found if not h.bundled]
    assert users == [
        selection.Available(
            "local/a", "department_overall", (2030,), tmp_path / "a.yaml", str(tmp_path)
        ),
        selection.Available(
            "local/b", "department_overall", (2031,), tmp_path / "sub" / "b.yml", str(tmp_path)
        ),
    ]
    assert found[: len(users)] == users  # the user's first
    loaded = users[1].load()
    assert (loaded.id, loaded.fiscal_years) == ("local/b", (2031,))
    assert selection.ruleset_named("local/a", [tmp_path]).id == "local/a"
    assert selection.ruleset_named("dept-overall/2022", [tmp_path]).id == "dept-overall/2022"
