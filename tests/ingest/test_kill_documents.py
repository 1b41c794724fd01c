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
from jxrules.ingest import documents
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
