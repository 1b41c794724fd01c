"""The schema errors' sentences and positions, pinned whole (issue #25)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

import jxrules
from jxrules.errors import JxError, Position, ReportError
from jxrules.ingest import schema
from jxrules.ingest.documents import load_yaml_text
from jxrules.ingest.schema import UncheckableValue, path_text, schema_error

_ALLOWED = "（允许的键：kind, version, code, year, name, short, items）"
SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["kind"],
    "additionalProperties": False,
    "patternProperties": {"^x-": True},
    "properties": {
        "kind": {"enum": ["project", "department_overall"]},
        "version": {"const": 2},
        "code": {"type": "string", "pattern": "^[A-Z]{2}$"},
        "year": {"type": "integer", "minimum": 1990},
        "name": {"type": "string"},
        "short": {"type": "string", "maxLength": 2},
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "properties": {"name": {"type": "string"}},
                "required": ["name"],
            },
        },
    },
}


@pytest.mark.parametrize(
    ("text", "message", "line", "column"),
    [
        (
            "kind: project\nkindd: 1\n",
            f"（文档顶层） 中有未知的键 “kindd”；是不是 “kind”？{_ALLOWED}",
            2,
            1,
        ),
        (  # an x- key is free: the unknown key is the one after it
            "kind: project\nx-note: 2\nzzz: 1\n",
            f"（文档顶层） 中有未知的键 “zzz”{_ALLOWED}",
            3,
            1,
        ),
        (  # an unknown key is named before any other problem
            "kind: project\nyear: 1000\nzzz: 1\n",
            f"（文档顶层） 中有未知的键 “zzz”{_ALLOWED}",
            3,
            1,
        ),
        (  # an unknown key is named first, even below a problem nearer the top
            "kind: projekt\nitems:\n  - {nam: b}\n",
            "items[0] 中有未知的键 “nam”；是不是 “name”？（允许的键：name）",
            3,
            6,
        ),
        ("name: x\n", "（文档顶层） 缺少必需的键 “kind”", 1, 1),
        (
            "kind: projekt\n",
            "kind 的值 “projekt” 不在允许的取值中：project, department_overall；是不是 “project”？",
            1,
            7,
        ),
        (
            "kind: zzzzzzzz\n",
            "kind 的值 “zzzzzzzz” 不在允许的取值中：project, department_overall",
            1,
            7,
        ),
        ("kind: project\nversion: 3\n", "version 的值 “3” 不在允许的取值中：2", 2, 10),
        (
            "kind: project\nversion: 22\n",
            "version 的值 “22” 不在允许的取值中：2；是不是 “2”？",
            2,
            10,
        ),
        ("kind: project\ncode: abc\n", "code 的值 “abc” 格式不对（应匹配 ^[A-Z]{2}$）", 2, 7),
        (
            "kind: project\ncode: " + "a" * 100 + "\n",
            "code 的值 “" + "a" * 79 + "…” 格式不对（应匹配 ^[A-Z]{2}$）",
            2,
            7,
        ),
        (
            "kind: project\ncode: " + "a" * 80 + "\n",
            "code 的值 “" + "a" * 80 + "” 格式不对（应匹配 ^[A-Z]{2}$）",
            2,
            7,
        ),
        ("kind: project\nyear: 1000\n", "year：1000 is less than the minimum of 1990", 2, 7),
        ("kind: project\nname: [1, 2]\n", "name 的类型应为 string，实际是 “[1, 2]”", 2, 7),
        (
            "kind: project\nshort: " + "b" * 300 + "\n",
            "short：'" + "b" * 198 + "…",
            2,
            8,
        ),
        (
            "kind: project\nshort: " + "b" * 186 + "\n",
            "short：'" + "b" * 186 + "' is too long",
            2,
            8,
        ),
        (
            "kind: project\nitems:\n  - {name: a}\n  - {nam: b}\n",
            "items[1] 中有未知的键 “nam”；是不是 “name”？（允许的键：name）",
            4,
            6,
        ),
        ("kind: project\nitems:\n  - {}\n", "items[0] 缺少必需的键 “name”", 3, 5),
        ("kind: 5\nyear: x\n", "year 的类型应为 integer，实际是 “x”", 2, 7),
    ],
)
def test_a_schema_error_is_one_sentence_at_its_position(
    text: str, message: str, line: int, column: int
) -> None:
    doc = load_yaml_text(text, "t.yaml")
    assert schema_error(SCHEMA, doc.data, doc) == (message, Position("t.yaml", line, column))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("kind: project\nkindd: 1\n", f"rules[3] 中有未知的键 “kindd”；是不是 “kind”？{_ALLOWED}"),
        ("name: x\n", "rules[3] 缺少必需的键 “kind”"),
        ("kind: project\nitems:\n  - {}\n", "rules[3].items[0] 缺少必需的键 “name”"),
    ],
)
def test_a_schema_error_names_the_key_where_the_instance_sits(text: str, message: str) -> None:
    doc = load_yaml_text(text, "t.yaml")
    found = schema_error(SCHEMA, doc.data, doc, ("rules", 3))
    assert found is not None and found[0] == message


def test_a_valid_instance_has_no_schema_error() -> None:
    doc = load_yaml_text("kind: project\nversion: 2\nitems: [{name: a}]\n", "t.yaml")
    assert schema_error(SCHEMA, doc.data, doc) is None


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ((), "（文档顶层）"),
        (("a",), "a"),
        ((0,), "[0]"),
        (("a", 0, "b"), "a[0].b"),
        ((0, "a", 1), "[0].a[1]"),
        (("rules", 3, "when", "x"), "rules[3].when.x"),
    ],
)
def test_path_text(path: tuple[str | int, ...], text: str) -> None:
    assert path_text(path) == text


class _Unprintable:
    """A caller's value jsonschema cannot print in its message."""

    def __repr__(self) -> str:
        raise ValueError("no text for this value")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"kind": "project", "fiscal_year": Decimal("NaN")},
            "fiscal_year 的值 NaN 不是有限的数 (not a finite number)",
        ),
        (
            {"kind": "project", "fiscal_year": Decimal("sNaN")},
            "fiscal_year 的值 sNaN 不是有限的数 (not a finite number)",
        ),
        (
            {"kind": "project", "fiscal_year": 1j},
            "fiscal_year 的值 1j 不是实数 (not a real number)",
        ),
        (
            {"kind": "project", "fiscal_year": complex(float("nan"), 1)},
            "fiscal_year 的值 (nan+1j) 不是有限的数 (not a finite number)",
        ),
        (
            {"kind": "project", "fiscal_year": 10**5000},
            "fiscal_year 的数字超出范围（最多 1000 位）(limit: number)",
        ),
        (
            {"kind": "project", "fiscal_year": 2022, 1: "a"},
            "（文档顶层） 中的键 1 不是文本 (keys must be text)",
        ),
        (
            {"kind": "project", "fiscal_year": 2022, Decimal("1.5"): "a"},
            "（文档顶层） 中的键 Decimal('1.5') 不是文本 (keys must be text)",
        ),
        (  # nothing a file can hold explains it: the document as a whole
            {"kind": "project", "fiscal_year": _Unprintable()},
            "（文档顶层） 含有无法检查的值 (a value that cannot be checked)",
        ),
        (  # a key too long to print is named by its type
            {"kind": "project", "fiscal_year": 2022, 10**5000: "a"},
            "（文档顶层） 中的键 <int> 不是文本 (keys must be text)",
        ),
        (
            {"kind": "project", "fiscal_year": 2022, ("k",) * 40: "a"},
            "（文档顶层） 中的键 ('k', 'k', 'k', 'k', 'k', 'k', 'k', 'k'… 不是文本 (keys must be text)",
        ),
        (  # an x- value at the top is free for other tools: never looked into
            {"kind": "project", "x-tool": {1: 2}, "fiscal_year": Decimal("NaN")},
            "fiscal_year 的值 NaN 不是有限的数 (not a finite number)",
        ),
        (
            {
                "kind": "project",
                "fiscal_year": 2022,
                "indicators": [{"name": "a"}, {"name": "b", 2: "x"}],
            },
            "indicators[1] 中的键 2 不是文本 (keys must be text)",
        ),
    ],
)
@pytest.mark.parametrize("quick", [True, False])
def test_a_value_jsonschema_cannot_check_is_named_where_it_is(
    monkeypatch: pytest.MonkeyPatch, data: dict[Any, Any], message: str, quick: bool
) -> None:
    if not quick:
        monkeypatch.setattr(schema, "quick_report_check", lambda: None)
    with pytest.raises(JxError) as caught:
        jxrules.load_report(data, name="m")
    assert type(caught.value) is UncheckableValue
    assert (caught.value.message, caught.value.position) == (message, Position("<memory>", 1, 1))


def test_the_quick_check_passes_a_valid_report_and_refuses_an_invalid_one() -> None:
    """With fastjsonschema installed the quick check exists (the schema's $schema and $id,
    which it does not know, are dropped first)."""
    pytest.importorskip("fastjsonschema")
    check = schema.quick_report_check()
    assert check is not None
    valid = {"kind": "project", "fiscal_year": 2022, "indicators": ({"name": "a"},)}
    check(valid)
    with pytest.raises(ValueError, match="must contain"):
        check({"kind": "project"})
    assert schema.report_errors(valid, load_yaml_text("kind: project\n", "t.yaml")) is None


_INDICATOR_KEYS = (
    "seq, level1, level2, name, target, actual, points, score, note, parent, score_group"
)


@pytest.mark.parametrize(
    ("text", "message", "line", "column"),
    [
        ("kind: project\n", "（文档顶层） 缺少必需的键 “fiscal_year”", 1, 1),
        (
            "kind: projekt\nfiscal_year: 2022\n",
            "kind 的值 “projekt” 不在允许的取值中：department_overall, project；是不是 “project”？",
            1,
            7,
        ),
        (
            "kind: project\nfiscal_year: 2022\nindicators:\n  - {name: a, pointz: 1}\nbudget: 5\n",
            f"indicators[0] 中有未知的键 “pointz”；是不是 “points”？（允许的键：{_INDICATOR_KEYS}）",
            4,
            15,
        ),
    ],
)
@pytest.mark.parametrize("quick", [True, False])
def test_a_report_that_breaks_the_schema_is_refused_at_the_key(
    monkeypatch: pytest.MonkeyPatch, text: str, message: str, line: int, column: int, quick: bool
) -> None:
    if not quick:
        monkeypatch.setattr(schema, "quick_report_check", lambda: None)
    with pytest.raises(JxError) as caught:
        jxrules.load_report(text, format="yaml", name="r.yaml")
    assert type(caught.value) is ReportError
    assert (caught.value.message, caught.value.position) == (
        message,
        Position("r.yaml", line, column),
    )


def test_an_object_schema_without_properties_allows_no_key_but_its_patterns() -> None:
    doc = load_yaml_text("x-a: 1\nb: 2\n", "t.yaml")
    closed = {"type": "object", "additionalProperties": False, "patternProperties": {"^x-": True}}
    assert schema_error(closed, doc.data, doc) == (
        "（文档顶层） 中有未知的键 “b”（允许的键：）",
        Position("t.yaml", 2, 1),
    )
