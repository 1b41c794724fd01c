"""YAML and file safety: safe tags only, no bombs, no deep recursion, no huge reads, no escapes."""

from __future__ import annotations

import os
import time
import tracemalloc
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

import jxrules
from jxrules.errors import InputError, JxError, LimitExceeded, RulesetError, YamlSyntaxError
from jxrules.ingest import files as sources
from jxrules.ingest.documents import load_json_text, load_yaml_text
from jxrules.ingest.files import is_within, outside_allowed
from tests.conftest import HANG_SECONDS, JIANGMEN_YAML

REPORT_HEAD = "kind: department_overall\nfiscal_year: 2022\n"
RULESET_HEAD = """\
id: local/safety
title: safety
version: "1"
applies_to: {kind: department_overall, fiscal_years: [2022]}
"""
RULE = """\
rules:
  - id: ok
    check: expression
    severity: error
    assert: "True"
    message: m
"""


def quick(action: Callable[[], Any], peak: int = 50 << 20) -> None:
    """Run ``action`` under tracemalloc; it must stay small (and not hang)."""
    tracemalloc.start()
    start = time.perf_counter()
    try:
        action()
    finally:
        used = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert time.perf_counter() - start < HANG_SECONDS
    assert used < peak, used


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------ tags
UNSAFE = [
    "!!python/object/apply:os.system ['touch {s}']",
    "!!python/object/new:os.system ['touch {s}']",
    "!!python/object/apply:subprocess.check_output [['touch', '{s}']]",
    "!!python/name:os.system ''",
    "!!python/module:os ''",
    "!!python/object:builtins.dict {{a: 1}}",
    "!!binary aGVsbG8=",
    "!!set {{a, b}}",
    "!!omap [a: 1]",
    "!custom 1",
]


@pytest.mark.parametrize("value", UNSAFE)
def test_unsafe_tag_in_report_is_refused_and_nothing_runs(value: str, tmp_path: Path) -> None:
    sentinel = tmp_path / "pwned"
    path = write(tmp_path / "r.yaml", REPORT_HEAD + "narrative: " + value.format(s=sentinel) + "\n")
    with pytest.raises(YamlSyntaxError) as caught:
        jxrules.load_report(path)
    assert "不支持的 YAML 标签" in caught.value.message
    assert str(caught.value.position) == f"{path}:3:12"
    assert not sentinel.exists()


@pytest.mark.parametrize("value", UNSAFE[:5])
def test_unsafe_tag_in_ruleset_is_refused_and_nothing_runs(value: str, tmp_path: Path) -> None:
    sentinel = tmp_path / "pwned"
    text = RULESET_HEAD + "description: " + value.format(s=sentinel) + "\n" + RULE
    with pytest.raises(YamlSyntaxError, match="不支持的 YAML 标签"):
        jxrules.load_ruleset(write(tmp_path / "rs.yaml", text))
    assert not sentinel.exists()


def test_unsafe_tag_as_document_and_as_key(tmp_path: Path) -> None:
    for text in ("!!python/object:os.system {a: 1}\n", "? !!python/name:os.system ''\n: 1\n"):
        with pytest.raises(YamlSyntaxError, match="不支持的 YAML 标签"):
            load_yaml_text(text, "x.yaml")


def test_plain_tags_still_load() -> None:
    doc = load_yaml_text("a: !!str 12\nb: 1.50\nc: 2023-04-07\nd: ~\ne: true\nf: 0x10\n", "x")
    assert doc.data == {
        "a": "12",
        "b": Decimal("1.50"),
        "c": "2023-04-07",
        "d": None,
        "e": True,
        "f": "0x10",  # YAML 1.1 would read 16: kept as written (see below)
    }
    assert str(doc.data["b"]) == "1.50"


def test_yaml_11_numbers_a_person_did_not_mean_stay_as_written(tmp_path: Path) -> None:
    """1:30 is not 90 (base 60), 010 not 8, 0x5A not 90: text fields keep the author's text,
    and a number field given one is an error that quotes it, never a silently other number."""
    text = JIANGMEN_YAML.read_text(encoding="utf-8")
    row = "  - {seq: 010, level1: 产出指标, level2: 数量指标, name: 比例指标, target: 1:30, actual: 1:3}\n"
    changed = text.replace("indicators:\n", "indicators:\n" + row, 1)
    assert changed != text
    path = tmp_path / "r.yaml"
    path.write_text(changed, encoding="utf-8")
    first = jxrules.load_report(path).indicators[0]
    assert (first.seq, first.target, first.actual) == ("010", "1:30", "1:3")
    path.write_text(changed.replace('score: "98"', "score: 0x5A", 1), encoding="utf-8")
    with pytest.raises(JxError) as caught:
        jxrules.load_report(path)
    assert "0x5A" in caught.value.message and "90" not in caught.value.message


# ------------------------------------------------------------------ bombs
def laughs(levels: int = 9, width: int = 9, *, key: str = "x") -> str:
    lines = ['a0: &a0 ["lol"]']
    for level in range(1, levels + 1):
        refs = ", ".join([f"*a{level - 1}"] * width)
        lines.append(f"a{level}: &a{level} [{refs}]")
    lines.append(f"{key}: *a{levels}")
    return "\n".join(lines) + "\n"


def test_billion_laughs_in_a_report(tmp_path: Path) -> None:
    path = write(
        tmp_path / "r.yaml",
        REPORT_HEAD + "x-bomb:\n" + "".join("  " + line + "\n" for line in laughs().splitlines()),
    )

    def load() -> None:
        with pytest.raises(LimitExceeded) as caught:
            jxrules.load_report(path)
        assert caught.value.limit == "yaml_nodes"
        assert "别名炸弹" in caught.value.message

    quick(load)


def test_billion_laughs_in_a_ruleset(tmp_path: Path) -> None:
    text = (
        RULESET_HEAD + "params:\n" + "".join("  " + line + "\n" for line in laughs().splitlines())
    )
    path = write(tmp_path / "rs.yaml", text + RULE)

    def load() -> None:
        with pytest.raises(LimitExceeded) as caught:
            jxrules.load_ruleset(path)
        assert caught.value.limit == "yaml_nodes"

    quick(load)


def test_merge_key_bomb() -> None:
    lines = ["m0: &m0 {k: 1}"]
    for level in range(1, 10):
        refs = ", ".join([f"*m{level - 1}"] * 9)
        lines.append(f"m{level}: &m{level} {{<<: [{refs}]}}")

    def load() -> None:
        with pytest.raises(LimitExceeded, match="yaml_nodes"):
            load_yaml_text("\n".join(lines) + "\n", "m.yaml")

    quick(load)


def test_small_aliases_and_merges_are_fine() -> None:
    text = "base: &b {a: 1, c: 2}\nx: &x {<<: *b, a: 3}\ny: *x\nl: &l [1, 2]\nm: [*l, *l]\n"
    data = load_yaml_text(text, "ok.yaml").data
    assert data["x"] == data["y"] == {"a": 3, "c": 2}
    assert data["m"] == [[1, 2], [1, 2]]


def test_explicit_duplicate_key_still_refused() -> None:
    with pytest.raises(YamlSyntaxError, match="重复"):
        load_yaml_text("b: &b {a: 1}\nx: {<<: *b, a: 2, a: 3}\n", "dup.yaml")


def test_recursive_alias_is_refused() -> None:
    for text in ("a: &a [*a]\n", "a: &a {b: *a}\n"):
        with pytest.raises(YamlSyntaxError, match="递归"):
            load_yaml_text(text, "r.yaml")


# ------------------------------------------------------------------ nesting
@pytest.mark.parametrize(
    "text",
    [
        "[" * 10_000 + "]" * 10_000,
        "{a: " * 10_000 + "1" + "}" * 10_000,
        "- " * 10_000 + "1\n",
        "".join(" " * i + "k:\n" for i in range(3000)) + " " * 3000 + "1\n",
    ],
    ids=["flow-lists", "flow-maps", "block-lists", "block-maps"],
)
def test_deep_yaml_is_refused_cleanly(text: str) -> None:
    def load() -> None:
        with pytest.raises(LimitExceeded) as caught:
            load_yaml_text(text, "deep.yaml")
        assert caught.value.limit == "yaml_depth"

    quick(load)


def test_deep_yaml_file_through_the_cli(cli: Any, tmp_path: Path) -> None:
    path = write(tmp_path / "deep.yaml", REPORT_HEAD + "x-deep: " + "[" * 10_000 + "]" * 10_000)
    result = cli("check", path)
    assert result.code == 2
    assert "limit: yaml_depth" in result.err
    assert "RecursionError" not in result.err and "Traceback" not in result.err


@pytest.mark.parametrize("text", ["[" * 10_000 + "]" * 10_000, '{"a":' * 100 + "1" + "}" * 100])
def test_deep_json_is_refused_cleanly(text: str) -> None:
    with pytest.raises(LimitExceeded) as caught:
        load_json_text(text, "deep.json")
    assert caught.value.limit == "yaml_depth"


def test_moderate_nesting_is_fine() -> None:
    assert load_yaml_text("a: " + "[" * 60 + "]" * 60, "ok.yaml").data["a"]


# ------------------------------------------------------------------ numbers and text
@pytest.mark.parametrize("value", ["9" * 5000, "1.0e+999999999", "1.5e-999999999"])
def test_huge_numbers_are_refused(value: str) -> None:
    with pytest.raises(LimitExceeded) as caught:
        load_yaml_text(f"x: {value}\n", "n.yaml")
    assert caught.value.limit == "number"


def test_a_huge_hex_literal_is_text_not_a_number() -> None:
    value = "0x" + "f" * 2000
    assert load_yaml_text(f"x: {value}\n", "n.yaml").data == {"x": value}


@pytest.mark.parametrize(
    "value",
    ["!!int abc", '!!int ""', "!!int", "!!bool maybe", '!!bool ""', "!!float x", ".nan", ".inf"],
)
def test_malformed_typed_scalars_are_syntax_errors(value: str) -> None:
    with pytest.raises(YamlSyntaxError) as caught:
        load_yaml_text(f"x: {value}\n", "n.yaml")
    assert str(caught.value.position) == "n.yaml:1:4"


@pytest.mark.parametrize("text", ['{"x": NaN}', '{"x": -Infinity}', '{"x": 1e99999999}'])
def test_json_non_finite_and_huge_numbers(text: str) -> None:
    with pytest.raises(JxError):
        load_json_text(text, "n.json")


def test_control_character_in_yaml_has_a_position() -> None:
    with pytest.raises(YamlSyntaxError) as caught:
        load_yaml_text("a: 1\nb: x\x01\n", "c.yaml")
    assert str(caught.value.position) == "c.yaml:2:5"


# ------------------------------------------------------------------ files
def test_100_mb_file_refused_by_size_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as stream:
        stream.write(REPORT_HEAD.encode())
        stream.truncate(100 * 1024 * 1024)

    def load() -> None:
        with pytest.raises(LimitExceeded) as caught:
            jxrules.load_report(path)
        assert caught.value.limit == "file_bytes"

    quick(load, peak=5 << 20)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_is_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="不是普通文件"):
        sources.read_text(fifo)


def test_unreadable_names_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        sources.read_text(tmp_path / ("x" * 5000 + ".yaml"))
    with pytest.raises(InputError):
        sources.read_text(tmp_path / "nul\0.yaml")


# ------------------------------------------------------------------ extends
@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """tmp/outside/secret.yaml (a valid ruleset) and tmp/tree/ (where rulesets live)."""
    write(
        tmp_path / "outside" / "secret.yaml", RULESET_HEAD.replace("local/safety", "secret") + RULE
    )
    write(
        tmp_path / "tree" / "sub" / "base.yaml", RULESET_HEAD.replace("local/safety", "base") + RULE
    )
    return tmp_path


def child(tree: Path, extends: str, name: str = "child.yaml") -> Path:
    text = RULESET_HEAD.replace("local/safety", "child") + f"extends: {extends!r}\n"
    return write(tree / "tree" / name, text)


def test_extends_inside_the_tree_and_bundled_ids_are_allowed(tree: Path) -> None:
    assert jxrules.load_ruleset(child(tree, "sub/base.yaml")).extends == "sub/base.yaml"
    assert jxrules.load_ruleset(child(tree, "dept-overall/2022")).rules


def escapes(tree: Path) -> list[str]:
    (tree / "tree" / "link.yaml").symlink_to(tree / "outside" / "secret.yaml")
    (tree / "tree" / "linkdir").symlink_to(tree / "outside", target_is_directory=True)
    return [
        "../outside/secret.yaml",
        str(tree / "outside" / "secret.yaml"),
        "link.yaml",
        "linkdir/secret.yaml",
        "sub/../../outside/secret.yaml",
    ]


def test_extends_cannot_escape_the_ruleset_tree(tree: Path) -> None:
    for n, ref in enumerate(escapes(tree)):
        path = child(tree, ref, f"child{n}.yaml")
        with pytest.raises(RulesetError) as caught:
            jxrules.load_ruleset(path)
        assert "规则集目录之外" in caught.value.message, ref
        assert caught.value.position is not None and caught.value.position.line == 5


def test_extends_etc_passwd_is_refused_before_reading(tree: Path) -> None:
    depth = len(tree.parts) + 2
    path = child(tree, "../" * depth + "etc/passwd")
    with pytest.raises(RulesetError, match="规则集目录之外"):
        jxrules.load_ruleset(path)


def test_extends_outside_allowed_explicitly(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    refs = escapes(tree)
    path = child(tree, refs[0])
    assert jxrules.load_ruleset(path, allow_outside=True).extends == refs[0]  # type: ignore[call-arg]
    monkeypatch.setenv(sources.ALLOW_OUTSIDE_ENV, "1")
    assert jxrules.load_ruleset(child(tree, refs[2], "viaenv.yaml")).rules


def test_is_within_resolves_dotdot_and_symlinks(tree: Path) -> None:
    root = tree / "tree"
    escapes(tree)
    assert is_within(root / "sub" / "base.yaml", [root])
    assert is_within(root / "sub" / ".." / "sub" / "base.yaml", [root])
    assert not is_within(root / ".." / "outside" / "secret.yaml", [root])
    assert not is_within(root / "link.yaml", [root])
    assert not is_within(root / "linkdir" / "secret.yaml", [root])
    assert not is_within(root / "missing.yaml", [root])
    assert is_within(root / "link.yaml", [root, tree / "outside"])


def test_outside_allowed_flag_and_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(sources.ALLOW_OUTSIDE_ENV, raising=False)
    assert outside_allowed() is False
    assert outside_allowed(True) is True
    for value, expected in (("1", True), ("yes", True), ("0", False), ("", False)):
        monkeypatch.setenv(sources.ALLOW_OUTSIDE_ENV, value)
        assert outside_allowed() is expected
    assert outside_allowed(False) is False


def test_a_value_key_reads_as_text_and_an_aliased_merge_twice_alike() -> None:
    """``=`` resolves to PyYAML's value tag, which flatten_mapping turns into text; a merged
    mapping met again through an alias is read as the first time (its ``<<`` already gone)."""
    text = "x: {=: 1, b: 2}\nbase: &b {a: 1}\nm: &m {<<: *b, c: 2}\nagain: *m\n"
    doc = load_yaml_text(text, "v.yaml")
    assert doc.data["x"] == {"=": 1, "b": 2}
    assert doc.data["m"] == doc.data["again"] == {"a": 1, "c": 2}
    assert str(doc.key_positions[("x", "=")]) == "v.yaml:1:5"


def test_a_mapping_merged_inside_a_merge_reads_as_yaml_safe_load_reads_it() -> None:
    """It is flattened by the outer merge before the walk meets it through its alias."""
    text = "a: {<<: &b {<<: {k: 0}, k: 1}}\nc: *b\nd: {<<: *b, k: 2}\n"
    assert load_yaml_text(text, "m.yaml").data == yaml.safe_load(text)


def test_a_bad_merge_inside_a_merge_is_reported_where_it_is() -> None:
    with pytest.raises(YamlSyntaxError, match="合并键") as caught:
        load_yaml_text("a: {<<: {x: 1, <<: 3}}\n", "m.yaml")
    assert str(caught.value.position) == "m.yaml:1:9"


def test_a_lone_surrogate_in_json_is_refused_where_it_is_and_a_pair_is_read() -> None:
    """YAML refuses ``\\ud800``; JSON decodes it to a string no output can print."""
    text = '{"kind": "project",\n "department": "a\\ud800b"}'
    with pytest.raises(YamlSyntaxError, match="U\\+D800") as caught:
        load_json_text(text, "s.json")
    assert str(caught.value.position) == "s.json:2:18"
    pair = load_json_text('{"department": "\\ud83d\\ude00"}', "p.json")
    assert pair.data == {"department": "\U0001f600"}
