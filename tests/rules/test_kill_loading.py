"""Loading ruleset files: every problem of a file and of what it extends collected (or the first
raised), inherited years, description and disabled rules, the refusals of ``extends`` (a cycle,
too deep, another kind, outside the folder), the limits on size and rules, where the bundled
rulesets are found and which loads are kept on disk.

Written against the mutants of ``jxrules.rules.ruleset`` (``_load_layer``, ``_merge``,
``load_collecting``, ``load_ruleset``, ``bundled_dir``) that survived the tests of tests/rules
(docs/testing.md, *Mutation testing*).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import jxrules
import jxrules.rules.ruleset as ruleset
from jxrules.errors import InputError, LimitExceeded, Position, RulesetError
from jxrules.ingest.files import ALLOW_OUTSIDE_ENV


def _head(ruleset_id: str, extends: str | None, years: str = ", fiscal_years: [2030]") -> str:
    line = f"extends: {extends}\n" if extends else ""
    return (
        f'id: {ruleset_id}\ntitle: t\nversion: "1"\n{line}'
        f"applies_to: {{kind: department_overall{years}}}\n"
    )


def _rule(rule_id: str, test: str = "1 > 2") -> str:
    return (
        f'  - {{id: {rule_id}, check: expression, severity: info, message: "x",'
        f' assert: "{test}"}}\n'
    )


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def _outside_not_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ALLOW_OUTSIDE_ENV, raising=False)


def test_every_problem_of_a_file_and_of_its_parent_is_collected(tmp_path: Path) -> None:
    _write(
        tmp_path / "parent.yaml",
        _head("t/parent", "dept-overall/2022")
        + "description: 父\n"
        + "overrides:\n  - {id: score-in-range, disabled: true, reason: 不用}\n"
        + "rules:\n"
        + _rule("p1")
        + _rule("p1"),
    )
    child = _write(
        tmp_path / "child.yaml",
        _head("t/child", "parent.yaml", years="")
        + "overrides:\n"
        + "  - {id: nope}\n"
        + "  - {id: grade-matches-score, disabled: true}\n"
        + "  - {id: nope2}\n"
        + "  - {id: declared-indicator-count, disabled: true}\n"
        + "  - {id: indicator-target-met, severity: info}\n"
        + "rules:\n"
        + _rule("c1")
        + _rule("c1")
        + _rule("c2", "1 +")
        + _rule("c3"),
    )
    problems: list[RulesetError] = []
    loaded = ruleset.load_collecting(child, problems)
    assert [(p.message, str(p.position)) for p in problems] == [
        (
            f"规则编号 “p1” 重复（已在 {tmp_path / 'parent.yaml'}:10:5 定义；修改继承的规则请用 overrides）",
            f"{tmp_path / 'parent.yaml'}:11:5",
        ),
        ("overrides 引用了不存在的规则 “nope”", f"{child}:7:5"),
        ("停用规则 “grade-matches-score” 必须写明 reason", f"{child}:8:5"),
        ("overrides 引用了不存在的规则 “nope2”", f"{child}:9:5"),
        ("停用规则 “declared-indicator-count” 必须写明 reason", f"{child}:10:5"),
        (
            f"规则编号 “c1” 重复（已在 {child}:13:5 定义；修改继承的规则请用 overrides）",
            f"{child}:14:5",
        ),
        ("规则 c2：表达式语法错误：invalid syntax：'1 +'", f"{child}:15:71"),
    ]
    ids = [r.id for r in loaded.rules]
    assert ids[-3:] == ["p1", "c1", "c3"]
    assert "score-in-range" not in ids
    assert [r.severity for r in loaded.rules if r.id == "indicator-target-met"] == ["info"]
    assert loaded.disabled == {"score-in-range": "不用"}
    assert (loaded.fiscal_years, loaded.description) == ((2030,), "")
    parent = str(tmp_path / "parent.yaml")
    assert loaded.chain == ("rulesets/dept-overall/2022.yaml", parent, str(child))
    with pytest.raises(RulesetError) as caught:
        jxrules.load_ruleset(child)
    assert caught.value.message == problems[0].message


def test_a_bundled_ruleset_is_named_by_its_path_and_its_rules_by_rulesets_id() -> None:
    loaded = jxrules.load_ruleset("dept-overall/2022")
    assert loaded.source == str(ruleset.bundled_rulesets()["dept-overall/2022"])
    assert loaded.rules[0].origin.file == "rulesets/dept-overall/2022.yaml"


def test_an_extends_cycle_is_refused_at_the_file_that_closes_it(tmp_path: Path) -> None:
    a = _write(tmp_path / "a.yaml", _head("t/a", "b.yaml"))
    b = _write(tmp_path / "b.yaml", _head("t/b", "a.yaml"))
    with pytest.raises(RulesetError) as caught:
        jxrules.load_ruleset(a)
    assert caught.value.message == f"规则集的 extends 形成循环：{a} → {b} → {a}"
    assert caught.value.position == Position(str(a))


def test_extends_deeper_than_the_limit_is_refused_at_the_first_file_too_deep(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ruleset, "MAX_EXTENDS_DEPTH", 2)
    a = _write(tmp_path / "a.yaml", _head("t/a", "b.yaml"))
    _write(tmp_path / "b.yaml", _head("t/b", "c.yaml"))
    c = _write(tmp_path / "c.yaml", _head("t/c", "d.yaml"))
    _write(tmp_path / "d.yaml", _head("t/d", None))
    with pytest.raises(RulesetError) as caught:
        jxrules.load_ruleset(a)
    assert (caught.value.message, caught.value.position) == ("extends 层数超过 2", Position(str(c)))


def test_extending_a_ruleset_of_another_kind_is_refused_at_extends(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "p.yaml",
        'id: t/p\ntitle: t\nversion: "1"\nextends: dept-overall/2022\n'
        "applies_to: {kind: project}\n",
    )
    with pytest.raises(RulesetError) as caught:
        jxrules.load_ruleset(path)
    assert caught.value.message == (
        "extends 的规则集 dept-overall/2022 适用于 department_overall，本规则集适用于 project"
    )
    assert caught.value.position == Position(str(path), 4, 10)


def test_a_ruleset_file_not_a_mapping_is_refused_at_its_top(tmp_path: Path) -> None:
    path = _write(tmp_path / "l.yaml", "- a\n- b\n")
    with pytest.raises(RulesetError) as caught:
        jxrules.load_ruleset(path)
    assert caught.value.message == "规则集必须是一个 YAML 映射（键: 值）"
    assert caught.value.position == Position(str(path), 1, 1)


def test_a_ruleset_file_is_read_within_the_ruleset_size_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _write(tmp_path / "a.yaml", _head("t/a", None))
    monkeypatch.setattr(ruleset, "MAX_RULESET_BYTES", 40)
    with pytest.raises(LimitExceeded) as caught:
        jxrules.load_ruleset(path)
    size = path.stat().st_size
    assert caught.value.message == (
        f"文件过大：{size} 字节，上限 40 字节 (file too large; limit: file_bytes)"
    )


def test_the_number_of_rules_is_limited(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ruleset, "MAX_RULES", 2)
    two = _write(tmp_path / "two.yaml", _head("t/two", None) + "rules:\n" + _rule("a") + _rule("b"))
    assert [r.id for r in jxrules.load_ruleset(two).rules] == ["a", "b"]
    three = _write(tmp_path / "three.yaml", two.read_text(encoding="utf-8") + _rule("c"))
    with pytest.raises(LimitExceeded) as caught:
        jxrules.load_ruleset(three)
    assert caught.value.message == "规则集有 3 条规则，上限 2 条 (too many rules; limit: rules)"
    assert (caught.value.position, caught.value.limit) == (Position(str(three), 6, 3), "rules")


def test_extends_outside_the_folder_is_refused_unless_allowed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outside = _write(tmp_path / "elsewhere" / "grand.yaml", _head("t/g", "dept-overall/2022"))
    child = _write(tmp_path / "mine" / "child.yaml", _head("t/c", "parent.yaml"))
    parent = _write(tmp_path / "mine" / "parent.yaml", _head("t/p", str(outside)))
    with pytest.raises(RulesetError) as caught:
        jxrules.load_ruleset(child)
    assert caught.value.message == (
        f"extends 指向规则集目录之外的文件 “{outside}”（只允许内置规则集编号和本目录下的文件；"
        f"确需如此请设置环境变量 {ALLOW_OUTSIDE_ENV}=1） (extends outside the ruleset's directory)"
    )
    assert caught.value.position == Position(str(parent), 4, 10)
    chain = ("rulesets/dept-overall/2022.yaml", str(outside), str(parent), str(child))
    assert jxrules.load_ruleset(child, allow_outside=True).chain == chain
    with pytest.raises(RulesetError):
        jxrules.load_ruleset(parent, allow_outside=False)
    monkeypatch.setenv(ALLOW_OUTSIDE_ENV, "1")
    assert jxrules.load_ruleset(child).chain == chain


def test_a_name_that_is_no_string_is_refused_by_name() -> None:
    with pytest.raises(InputError) as caught:
        jxrules.load_ruleset("id: x\n", name=3)  # type: ignore[arg-type]
    assert caught.value.message == "load_ruleset() 的 name 应为显示用的名称（str），实际是 int: 3"


def test_rulesets_are_found_in_the_installed_package_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "jxrules"
    (package / "rules").mkdir(parents=True)
    monkeypatch.setattr(ruleset, "__file__", str(package / "rules" / "ruleset.py"))
    assert ruleset.bundled_dir() == tmp_path / "rulesets"
    (package / "_rulesets").mkdir()
    assert ruleset.bundled_dir() == package / "_rulesets"


@pytest.fixture
def _cache_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("JXRULES_CACHE", "on")
    monkeypatch.setenv("JXRULES_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def _entries(cache: Path) -> list[str]:
    """The loaded rulesets kept: ``ruleset-`` and the digest of the request."""
    return [
        p.name
        for p in cache.rglob("*.pickle")
        if re.fullmatch(r"ruleset-[0-9a-f]{40}\.pickle", p.name)
    ]


@pytest.mark.usefixtures("_cache_on")
def test_a_loaded_ruleset_is_kept_on_disk_and_a_collecting_load_is_not(
    tmp_path: Path, _cache_on: Path
) -> None:
    path = _write(tmp_path / "a.yaml", _head("t/a", "dept-overall/2022"))
    ruleset.load_collecting(path, [])
    assert _entries(_cache_on) == []
    jxrules.load_ruleset(path)
    assert len(_entries(_cache_on)) == 1


def test_a_ruleset_of_a_plugin_kind_is_not_kept_on_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, _cache_on: Path
) -> None:
    monkeypatch.setattr(ruleset, "is_builtin_kind", lambda name: False)
    jxrules.load_ruleset(_write(tmp_path / "a.yaml", _head("t/a", "dept-overall/2022")))
    assert _entries(_cache_on) == []


def test_loads_kept_on_disk_are_told_apart_by_path_file_and_permission(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, _cache_on: Path
) -> None:
    for folder, ruleset_id in (("a", "t/a"), ("b", "t/b")):
        _write(tmp_path / folder / "r.yaml", _head(ruleset_id, "dept-overall/2022"))
    monkeypatch.chdir(tmp_path / "a")
    here, there = Path("r.yaml"), tmp_path / "a" / "r.yaml"
    for path in (here, there):  # the same file by two names (allowed outside: the same roots)
        assert jxrules.load_ruleset(path, allow_outside=True).source == str(path)
    assert jxrules.load_ruleset(here).id == "t/a"
    monkeypatch.chdir(tmp_path / "b")  # another file by the same name
    assert jxrules.load_ruleset(Path("r.yaml")).id == "t/b"
    outside = _write(tmp_path / "c" / "o.yaml", _head("t/o", "../a/r.yaml"))
    assert jxrules.load_ruleset(outside, allow_outside=True).chain[-2:] == (
        str(tmp_path / "c" / ".." / "a" / "r.yaml"),
        str(outside),
    )
    with pytest.raises(RulesetError):
        jxrules.load_ruleset(outside, allow_outside=False)


def test_a_ruleset_file_is_checked_against_the_ruleset_shape(tmp_path: Path) -> None:
    path = _write(tmp_path / "t.yaml", _head("t/t", None).replace("title: t\n", ""))
    with pytest.raises(RulesetError) as caught:
        jxrules.load_ruleset(path)
    assert caught.value.message == "（文档顶层） 缺少必需的键 “title”"
    assert caught.value.position == Position(str(path), 1, 1)


def test_a_ruleset_kept_on_disk_is_loaded_again_when_what_it_extends_changes(
    tmp_path: Path, _cache_on: Path
) -> None:
    parent = _write(tmp_path / "parent.yaml", _head("t/p", "dept-overall/2022"))
    child = _write(tmp_path / "child.yaml", _head("t/c", "parent.yaml", years=""))
    assert jxrules.load_ruleset(child).fiscal_years == (2030,)
    parent.write_text(
        _head("t/p", "dept-overall/2022", years=", fiscal_years: [2031]"), encoding="utf-8"
    )
    assert jxrules.load_ruleset(child).fiscal_years == (2031,)
