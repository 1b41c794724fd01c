"""A layouts file's errors word by word with their position, each regular-expression list
checked where it is written and only those, and the merge of a layouts file over the bundled
vocabulary (issue 25: the survivors of ``jxrules.ingest.layouts``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from jxrules.errors import InputError, LayoutsError, LimitExceeded
from jxrules.ingest.layouts import (
    MAX_LAYOUTS_BYTES,
    Layouts,
    _closed,
    load_layouts,
    merged,
    resolve,
)

MISSING_PAREN = (
    "正则表达式无效：missing ), unterminated subpattern at position 0 (invalid regular expression)"
)
OPEN_SET = "正则表达式无效：unterminated character set at position 0 (invalid regular expression)"


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "my.layouts.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        # headers.ignore_suffixes, with a rows section after it that holds no pattern
        (
            "headers:\n  ignore_suffixes: ['(']\n  rows:\n    totals: [合计]\n",
            ":2:21",
            MISSING_PAREN,
        ),
        # headers.money_lines.total, beside keys that are no patterns (a column, a count)
        (
            "headers:\n  money_lines:\n    source_column: adjusted_budget\n"
            "    source_min_items: 2\n    total: ['(?P<label>']\n",
            ":5:13",
            MISSING_PAREN,
        ),
        # a facts list, with a facts mapping after it
        ("facts:\n  department: ['(']\n  kind:\n    project: [项目]\n", ":2:16", MISSING_PAREN),
        # a list inside a facts mapping
        ("facts:\n  kind:\n    project: ['[']\n", ":3:15", OPEN_SET),
        # a pattern list of rows after a word list of rows
        (
            "headers:\n  rows:\n    totals: [合计]\n    placeholder_names: ['[']\n",
            ":4:25",
            OPEN_SET,
        ),
        ("- a\n", ":1:1", "布局文件必须是一个 YAML 映射（键: 值）"),
    ],
)
def test_a_bad_layouts_file_is_refused_with_its_whole_message_at_its_place(
    tmp_path: Path, text: str, where: str, message: str
) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(LayoutsError) as caught:
        load_layouts(path)
    assert str(caught.value) == f"{path}{where}: {message}"


def test_row_words_are_words_not_patterns(tmp_path: Path) -> None:
    # a total row's name or the category suffix may hold "(": only the pattern lists compile
    path = _write(tmp_path, "headers:\n  rows:\n    totals: ['合计(']\n    category_suffix: '('\n")
    layouts = load_layouts(path)
    assert layouts.headers == {"rows": {"totals": ["合计("], "category_suffix": "("}}


def test_an_empty_layouts_file_adds_nothing(tmp_path: Path) -> None:
    path = _write(tmp_path, "")
    layouts = load_layouts(path)
    assert (layouts.source, layouts.headers, layouts.facts, layouts.narrative) == (
        str(path),
        {},
        {},
        {},
    )


def test_a_missing_layouts_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "none.layouts.yaml"
    with pytest.raises(LayoutsError) as caught:
        load_layouts(path)
    assert str(caught.value) == f"{path}: 布局文件不存在 (layouts file not found)"


def test_a_layouts_path_of_the_wrong_type_is_named() -> None:
    with pytest.raises(InputError) as caught:
        load_layouts(123)  # type: ignore[arg-type]
    assert str(caught.value) == "layouts 应为布局文件路径（str 或 Path），实际是 int: 123"


def test_a_layouts_file_over_its_size_limit_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "#" * MAX_LAYOUTS_BYTES + "\n")
    with pytest.raises(LimitExceeded) as caught:
        load_layouts(path)
    assert str(caught.value) == (
        f"{path}: 文件过大：1000001 字节，上限 1000000 字节 (file too large; limit: file_bytes)"
    )


def test_a_closed_schema_section_allows_only_its_keys() -> None:
    # LAYOUTS_SCHEMA is built from these at import time: each section refuses unknown keys
    words = {"type": "array"}
    assert _closed({"total": words}) == {
        "type": "object",
        "additionalProperties": False,
        "properties": {"total": words},
    }


@pytest.mark.parametrize(
    ("base", "extra", "expected"),
    [
        ({"a": {"k": 1}}, {"a": ["x"]}, {"a": ["x"]}),  # a list replaces a mapping
        ({"a": ["x"]}, {"a": {"k": 1}}, {"a": {"k": 1}}),  # a mapping replaces a list
        ({"a": [1]}, {"a": "ab"}, {"a": "ab"}),  # a value replaces a list
        ({"a": "s"}, {"a": [1]}, {"a": [1]}),  # a list replaces a value
        ({"a": [1, 2]}, {"a": [2, 3]}, {"a": [1, 2, 3]}),
    ],
)
def test_merge_replaces_what_is_not_the_same_kind(base: Any, extra: Any, expected: Any) -> None:
    assert merged(base, extra) == expected


def test_resolve_keeps_none_and_a_loaded_file_and_loads_a_path(tmp_path: Path) -> None:
    path = _write(tmp_path, "headers:\n  columns:\n    actual: [累计完成数]\n")
    loaded = Layouts(str(path))
    assert resolve(None) is None
    assert resolve(loaded) is loaded
    by_path = resolve(path)
    assert by_path is not None
    assert (by_path.source, by_path.headers) == (str(path), {"columns": {"actual": ["累计完成数"]}})
