"""YAML and JSON documents: each refusal's whole message with its position and limit, the
depth and row limits at their exact bounds, and what a JSON document holds."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest
import yaml

from jxrules.errors import JxError, LimitExceeded, Position
from jxrules.ingest import documents, files
from jxrules.ingest.documents import Document, load_json_text, load_yaml_text

DEPTH = "嵌套超过 64 层 (nesting too deep; limit: yaml_depth)"
TAGS = "只允许映射、列表、文本、数字、布尔值、空值和日期，不构造任何对象 (unsafe or unknown tag)"


def refusal(text: str, file: str = "d.json") -> tuple[str, str, str | None]:
    """The error's class, ``position: message`` and limit name (None for a syntax error)."""
    load = load_json_text if file.endswith(".json") else load_yaml_text
    with pytest.raises(JxError) as caught:
        load(text, file)
    return type(caught.value).__name__, str(caught.value), getattr(caught.value, "limit", None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '{"a": 1,\n "a": 2}',
            ("YamlSyntaxError", "d.json: JSON 对象中键重复：'a' (duplicate key)", None),
        ),
        (
            '{"a": NaN}',
            ("YamlSyntaxError", "d.json: JSON 中不支持 NaN (not a finite number)", None),
        ),
        (
            '{"a": -Infinity}',
            ("YamlSyntaxError", "d.json: JSON 中不支持 -Infinity (not a finite number)", None),
        ),
        (
            '{"a": 1,\n  "b": }',
            ("YamlSyntaxError", "d.json:2:8: JSON 语法错误：Expecting value", None),
        ),
        (
            "[" + "0," * 100_000 + "0]",
            (
                "LimitExceeded",
                "d.json: JSON 列表 有 100001 行，上限 100000 行 (too many rows; limit: rows)",
                "rows",
            ),
        ),
        ("[" * 65 + "1" + "]" * 65, ("LimitExceeded", f"d.json: {DEPTH}", "yaml_depth")),
        ('{"a":' * 65 + "1" + "}" * 65, ("LimitExceeded", f"d.json: {DEPTH}", "yaml_depth")),
    ],
    ids=["duplicate-key", "nan", "minus-infinity", "syntax", "rows", "deep-lists", "deep-objects"],
)
def test_a_refused_json_document_says_why_and_where(
    text: str, expected: tuple[str, str, str | None]
) -> None:
    assert refusal(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the escape on line 3, column 9; a line feed first and last
        ('\n{"a": 1.5,\n "b": "x\\ud800"}\n', "d.json:3:9"),
        # the only line feed before it is the file's first character
        ('\n{"a": 1.5, "b": "x\\udfff"}', "d.json:2:19"),
    ],
    ids=["lines-around", "first-line-empty"],
)
def test_a_lone_surrogate_beside_a_decimal_is_refused_at_its_escape(
    text: str, expected: str
) -> None:
    code = "D800" if "d800" in text else "DFFF"
    message = f"JSON 中有无效的 Unicode 字符 U+{code}（不成对的代理码）(lone surrogate)"
    assert refusal(text) == ("YamlSyntaxError", f"{expected}: {message}", None)


def nested(levels: int, wrap: Callable[[Any], Any]) -> Any:
    """``1`` wrapped ``levels`` times."""
    data: Any = 1
    for _ in range(levels):
        data = wrap(data)
    return data


@pytest.mark.parametrize(
    ("text", "data"),
    [
        ('{"a": 1.5, "b": "\\ud83d\\ude00"}', {"a": Decimal("1.5"), "b": "\U0001f600"}),
        ("[" * 64 + "1" + "]" * 64, nested(64, lambda inner: [inner])),
        ('{"a":' * 64 + "1" + "}" * 64, nested(64, lambda inner: {"a": inner})),
        ("[" + "0," * 99_999 + "0]", [0] * 100_000),
    ],
    ids=["surrogate-pair-and-decimal", "64-lists-deep", "64-objects-deep", "100000-rows"],
)
def test_a_json_document_within_the_limits_is_its_data_positioned_at_its_start(
    text: str, data: Any
) -> None:
    assert load_json_text(text, "d.json") == Document(
        "d.json", data, {(): Position("d.json", 1, 1)}, {}
    )


@pytest.fixture
def int_digits_640() -> Iterator[None]:
    """This Python prints integers of at most 640 digits (``-X int_max_str_digits=640``)."""
    before = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(640)
    try:
        yield
    finally:
        sys.set_int_max_str_digits(before)


@pytest.mark.usefixtures("int_digits_640")
def test_a_json_integer_longer_than_this_python_reads_is_over_the_number_limit() -> None:
    text = '{"a": ' + "1" * 700 + "}"
    assert refusal(text) == (
        "LimitExceeded",
        "d.json: 数字超出范围（最多 1000 位）(limit: number)",
        "number",
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("!!binary aGVsbG8=", f"不支持的 YAML 标签 “!!binary”：{TAGS}"),
        ("!custom 1", f"不支持的 YAML 标签 “!custom”：{TAGS}"),
        ("!!int abc", "YAML 值无法读取：'abc' 不是合法的 !!int"),
    ],
    ids=["yaml-tag", "local-tag", "malformed-int"],
)
def test_a_refused_yaml_tag_is_named_as_written(value: str, message: str) -> None:
    assert refusal(f"a: {value}\n", "t.yaml") == ("YamlSyntaxError", f"t.yaml:1:4: {message}", None)


def test_a_mapping_merged_from_a_list_with_its_own_merge_reads_as_yaml_safe_load_reads_it() -> None:
    """Its own merged pair does not count as written twice when it is met again by alias."""
    text = "a: {<<: [&b {<<: {k: 0}, k: 1}]}\nc: *b\n"
    assert (
        load_yaml_text(text, "m.yaml").data
        == yaml.safe_load(text)
        == {
            "a": {"k": 0},
            "c": {"k": 1},
        }
    )


def test_deep_yaml_is_refused_at_the_node_too_deep() -> None:
    with pytest.raises(LimitExceeded) as caught:
        load_yaml_text("a: " + "[" * 65 + "1" + "]" * 65 + "\n", "t.yaml")
    assert (str(caught.value), caught.value.limit) == (f"t.yaml:1:68: {DEPTH}", "yaml_depth")


# An anchored document is composed into nodes and sized before it is walked: its root starts
# on line 4, column 3; it has 6 nodes (the mapping, two keys, the list and its two items) and
# 9 once the alias is expanded (the list's 3 nodes again).
ANCHORED = "# c\n\n\n  a: &x [1, 2]\n  b: *x\n"
RECURSIVE = "# r\n\nx:\n  - 1\n  - - &a [*a]\n"  # the list holding itself: line 5, column 7


def expansion_refusal(max_nodes: int, max_alias_nodes: int, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(documents, "MAX_NODES", max_nodes)
    monkeypatch.setattr(documents, "MAX_ALIAS_NODES", max_alias_nodes)
    with pytest.raises(LimitExceeded) as caught:
        load_yaml_text(ANCHORED, "a.yaml")
    assert caught.value.limit == "yaml_nodes"
    return str(caught.value)


@pytest.mark.parametrize(
    ("max_nodes", "max_alias_nodes", "expected"),
    [
        (100, 2, "有 9 个节点（文件中只有 6 个；别名最多可增加 2 个）"),
        (8, 3, "有 超过 8 个节点（文件中只有 6 个；别名最多可增加 3 个）"),
    ],
    ids=["aliases-add-3-of-2", "9-nodes-of-8"],
)
def test_an_alias_expansion_over_a_limit_is_refused_with_its_counts_at_the_root(
    max_nodes: int, max_alias_nodes: int, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert expansion_refusal(max_nodes, max_alias_nodes, monkeypatch) == (
        f"a.yaml:4:3: YAML 展开别名后{expected}，可能是别名炸弹 (alias expansion; limit: yaml_nodes)"
    )


def test_an_alias_expansion_at_both_limits_exactly_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(documents, "MAX_NODES", 9)
    monkeypatch.setattr(documents, "MAX_ALIAS_NODES", 3)
    assert load_yaml_text(ANCHORED, "a.yaml").data == {"a": [1, 2], "b": [1, 2]}


def test_a_recursive_alias_is_refused_at_the_node_that_holds_itself() -> None:
    assert refusal(RECURSIVE, "r.yaml") == (
        "YamlSyntaxError",
        "r.yaml:5:7: YAML 别名引用了包含它自己的节点（递归结构不受支持）(recursive alias)",
        None,
    )


def test_an_anchored_document_positions_each_value_and_key() -> None:
    """An alias's value is where its anchored node is; a path not in the file, its root."""
    document = load_yaml_text(ANCHORED, "a.yaml")
    assert (
        document.position(("a", 1)),
        document.position(("b",)),
        document.position(("b",), key=True),
        document.position(("c",)),
    ) == (
        Position("a.yaml", 4, 13),
        Position("a.yaml", 4, 6),
        Position("a.yaml", 5, 3),
        Position("a.yaml", 4, 3),
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "x: 1\ny: a\x07b\n",
            "s.yaml:2:5: YAML 中不允许出现控制字符 U+0007 (special characters are not allowed)",
        ),
        (
            "\nx: 1\ny: a\x07b",
            "s.yaml:3:5: YAML 中不允许出现控制字符 U+0007 (special characters are not allowed)",
        ),
        (
            "\na\x07",
            "s.yaml:2:2: YAML 中不允许出现控制字符 U+0007 (special characters are not allowed)",
        ),
        # libyaml's own wording (PyYAML's pure-Python parser says "... not allowed here")
        (
            "x: 1\ny: a b: c\n",
            "s.yaml:2:7: YAML 语法错误：mapping values are not allowed in this context",
        ),
        ("x: 1\ny: {z: !!str [1]}\n", f"s.yaml:2:8: 不支持的 YAML 标签 “!!str”：{TAGS}"),
        ("x: 1\ny: {[a]: b}\n", "s.yaml:2:5: 映射的键必须是文本 (mapping keys must be strings)"),
        (
            "x: 1\ny: {? {a: b} : c}\n",
            "s.yaml:2:7: 映射的键必须是文本 (mapping keys must be strings)",
        ),
        ("x: 1\ny: {~: b}\n", "s.yaml:2:5: 映射的键必须是文本 (mapping keys must be strings)"),
        ("x: 1\ny: {true: b}\n", "s.yaml:2:5: 映射的键必须是文本 (mapping keys must be strings)"),
        ("x: 1\ny: {1.5: b}\n", "s.yaml:2:5: 映射的键必须是文本 (mapping keys must be strings)"),
        (
            "&r " + "{a: " * 65 + "x" + "}" * 65,
            f"s.yaml:1:264: {DEPTH}",
        ),
    ],
    ids=[
        "control-character",
        "control-character-after-a-first-empty-line",
        "control-character-on-the-second-line",
        "libyaml-syntax-error",
        "text-tag-on-a-list",
        "list-key",
        "mapping-key",
        "null-key",
        "boolean-key",
        "decimal-key",
        "text-65-deep",
    ],
)
def test_a_refused_composed_yaml_document_says_why_and_where(text: str, expected: str) -> None:
    kind = "LimitExceeded" if "yaml_depth" in expected else "YamlSyntaxError"
    limit = "yaml_depth" if kind == "LimitExceeded" else None
    assert refusal(text, "s.yaml") == (kind, expected, limit)


def test_a_text_64_mappings_deep_is_read() -> None:
    text = "&r " + "{a: " * 64 + "x" + "}" * 64
    expected: Any = "x"
    for _ in range(64):
        expected = {"a": expected}
    assert load_yaml_text(text, "s.yaml").data == expected


def test_an_anchored_document_at_the_node_limit_exactly_is_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The list and its two items: 3 nodes, counted once each by the walk too."""
    monkeypatch.setattr(documents, "MAX_NODES", 3)
    assert load_yaml_text("&x [a, b]\n", "l.yaml").data == ["a", "b"]


def test_the_walks_own_node_limit_behind_the_expansion_check(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Were the expansion not sized first, the walk itself would stop at the node over the limit."""
    monkeypatch.setattr(documents, "_check_expansion", lambda root, file: None)
    monkeypatch.setattr(documents, "MAX_NODES", 2)
    assert refusal("&x\n- a\n- b\n", "l.yaml") == (
        "LimitExceeded",
        "l.yaml:3:3: YAML 节点超过 2 个 (limit: yaml_nodes)",
        "yaml_nodes",
    )


def test_one_explicit_key_has_three_nodes_one_more_than_the_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``?`` alone is a mapping, a null key and a null value: 3 nodes from 1 character, the
    most a text without anchors can make (2 per character, plus 1)."""
    monkeypatch.setattr(documents, "MAX_NODES", 2)
    assert refusal("?", "q.yaml") == (
        "LimitExceeded",
        "q.yaml:1:1: YAML 展开别名后有 超过 2 个节点（文件中只有 3 个；别名最多可增加 100000 个），"
        "可能是别名炸弹 (alias expansion; limit: yaml_nodes)",
        "yaml_nodes",
    )


@pytest.mark.parametrize(
    ("max_nodes", "expected"),
    [(3, {"a": "b", "c": "d"}), (2, "l.yaml:3:4: YAML 节点超过 2 个 (limit: yaml_nodes)")],
    ids=["3-values-of-3", "3-values-of-2"],
)
def test_the_walks_own_count_of_a_mappings_text_values_behind_the_expansion_check(
    max_nodes: int, expected: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The walk counts the values it builds (the mapping and its two texts), not the keys."""
    monkeypatch.setattr(documents, "_check_expansion", lambda root, file: None)
    monkeypatch.setattr(documents, "MAX_NODES", max_nodes)
    text = "&x\na: b\nc: d\n"
    if isinstance(expected, dict):
        assert load_yaml_text(text, "l.yaml").data == expected
    else:
        assert refusal(text, "l.yaml") == ("LimitExceeded", expected, "yaml_nodes")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("x: 1\ny: &l [a, b, c]\n", "r.yaml:2:4: 列表 y"),
        ("x: 1\ny: [0, {z: &l [a, b, c]}]\n", "r.yaml:2:12: 列表 y[1].z"),
        ("&l [a, b, c]\n", "r.yaml:1:1: 列表 （文档顶层）"),
    ],
    ids=["under-a-key", "nested", "the-document"],
)
def test_a_composed_list_over_the_rows_limit_is_refused_at_its_start_by_its_path(
    text: str, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files, "MAX_TABLE_ROWS", 2)
    assert refusal(text, "r.yaml") == (
        "LimitExceeded",
        f"{expected} 有 3 行，上限 2 行 (too many rows; limit: rows)",
        "rows",
    )


class _NoProblemLoader:
    """A parser whose error names neither its problem nor its context."""

    def __init__(self, text: str, file: str) -> None:
        self.mark = yaml.Mark("p.yaml", 0, 1, 2, text, 0)

    def check_node(self) -> bool:
        raise yaml.MarkedYAMLError(problem_mark=self.mark)

    def get_event(self) -> None:
        raise yaml.MarkedYAMLError(problem_mark=self.mark)

    def dispose(self) -> None:
        pass


class _UnmarkedErrorLoader(_NoProblemLoader):
    """A parser whose error has no mark at all."""

    def check_node(self) -> bool:
        raise yaml.YAMLError("boom")

    def get_event(self) -> None:
        raise yaml.YAMLError("boom")


def test_a_parser_error_without_a_mark_is_a_syntax_error_in_the_file(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(documents, "_CLoader", _UnmarkedErrorLoader)
    assert refusal("a: 1\n", "p.yaml") == ("YamlSyntaxError", "p.yaml: YAML 语法错误：boom", None)


def test_a_parser_error_without_a_problem_is_a_syntax_error_at_its_mark(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(documents, "_CLoader", _NoProblemLoader)
    assert refusal("a: 1\nb: 2\n", "p.yaml") == (
        "YamlSyntaxError",
        "p.yaml:2:3: YAML 语法错误：syntax error",
        None,
    )


@pytest.mark.parametrize("text", ["", "# only a comment\n"], ids=["empty", "comment"])
def test_the_composed_walk_reads_an_empty_stream_as_the_streamed_one(text: str) -> None:
    empty = [Document("e.yaml", None, {(): Position("e.yaml", 1, 1)})]
    assert documents._composed(text, "e.yaml") == documents._streamed(text, "e.yaml") == empty


_BLOCK_66_DEEP = "".join("  " * i + "k:\n" for i in range(66)) + "  " * 66 + "v\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: " + "[" * 66 + "1" + "]" * 66 + "\n", f"p.yaml:1:68: {DEPTH}"),
        (_BLOCK_66_DEEP, f"p.yaml:65:130: {DEPTH}"),
    ],
    ids=["flow-66-deep", "block-66-deep"],
)
def test_without_libyaml_deep_nesting_is_refused_while_scanning_at_the_65th_level(
    text: str, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PyYAML's own scanner (no libyaml) refuses where the 65th level opens, not after."""
    monkeypatch.setattr(yaml, "__with_libyaml__", False)
    assert refusal(text, "p.yaml") == ("LimitExceeded", expected, "yaml_depth")


def test_without_libyaml_flow_and_block_collections_read_as_with_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = "a: [1, {b: c}]\nd:\n  e: f\n"
    with_libyaml = load_yaml_text(text, "p.yaml")
    monkeypatch.setattr(yaml, "__with_libyaml__", False)
    without = load_yaml_text(text, "p.yaml")
    assert (without.data, without.position(("d", "e"))) == (
        {"a": [1, {"b": "c"}], "d": {"e": "f"}},
        Position("p.yaml", 3, 6),
    )
    assert (with_libyaml.data, with_libyaml.position(("d", "e"))) == (
        without.data,
        without.position(("d", "e")),
    )
