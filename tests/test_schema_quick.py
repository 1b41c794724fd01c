"""The quick report check (fastjsonschema, ``jxrules[fast]``) never passes what jsonschema refuses.

``schema.report_errors`` trusts a quick "valid" and asks jsonschema only otherwise, so the two
must agree on every document the quick check passes.  They are compared on the bundled reports,
on every one-node change of the example (each value replaced by values of other types, each key
removed, an unknown key added), and on random documents (hypothesis).
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import jxrules
from jxrules import schema
from jxrules.errors import ReportError
from jxrules.sources import load_document
from tests.conftest import JIANGMEN_YAML, ROOT

pytest.importorskip("fastjsonschema")

EXAMPLES = [JIANGMEN_YAML, ROOT / "examples" / "demo-2022-project.yaml"]
#: Values of every JSON type and then some a Python caller may pass.
ODD_VALUES: list[Any] = [
    None,
    "",
    "x",
    "95.2%",
    0,
    -1,
    2022,
    1989,
    2101,
    1.5,
    2022.0,
    Decimal("7013.09"),
    Decimal("2022"),
    True,
    False,
    [],
    [{}],
    {},
    {"name": "n"},
    {"x-note": 1},
    dt.date(2023, 3, 1),
    float("nan"),
]


def quick_says_valid(data: Any) -> bool:
    check = schema.quick_report_check()
    assert check is not None
    try:
        check(data)
    except Exception:
        return False
    return True


def jsonschema_says_valid(data: Any) -> bool:
    return not any(True for _ in schema.report_validator().iter_errors(data))


def assert_agree(data: Any) -> None:
    quick, full = quick_says_valid(data), jsonschema_says_valid(data)
    assert not (quick and not full), f"the quick check passes what jsonschema refuses: {data!r}"
    assert quick == full, f"quick {quick}, jsonschema {full}: {data!r}"


def example_data(path: Any) -> dict[str, Any]:
    data = load_document(path).data
    assert isinstance(data, dict)
    return data


def paths(node: Any, at: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every path into ``node`` (the root excluded)."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield (*at, key)
            yield from paths(value, (*at, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield (*at, i)
            yield from paths(value, (*at, i))


def replaced(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    out = copy.deepcopy(data)
    node = out
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return out


def removed(data: Any, path: tuple[Any, ...]) -> Any:
    out = copy.deepcopy(data)
    node = out
    for part in path[:-1]:
        node = node[part]
    del node[path[-1]]
    return out


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_the_bundled_reports_pass_both(path: Any) -> None:
    data = example_data(path)
    assert quick_says_valid(data) and jsonschema_says_valid(data)


def test_every_one_node_change_of_the_example_gets_the_same_answer() -> None:
    data = example_data(JIANGMEN_YAML)
    # one indicator row and one budget line stand for the others: they share their schema
    data["indicators"] = data["indicators"][:2]
    for table in data["budget"].values():
        table["items"] = table["items"][:2]
    compared = refused = 0
    for path in list(paths(data)):
        for value in ODD_VALUES:
            changed = replaced(data, path, value)
            assert_agree(changed)
            compared += 1
            refused += not jsonschema_says_valid(changed)
        if isinstance(path[-1], str):
            assert_agree(removed(data, path))
            parent = path[:-1]
            node = data
            for part in parent:
                node = node[part]
            if isinstance(node, dict):
                assert_agree(replaced(data, (*parent, "unknown_key"), 1))
                assert_agree(replaced(data, (*parent, "x-free"), {"any": [1]}))
    assert compared > 1_000
    assert refused > compared // 3  # the changes do reach invalid documents


def test_a_mapping_with_a_non_text_key_is_refused_by_both_ways() -> None:
    data = {**example_data(JIANGMEN_YAML), 7: "seven"}
    assert not quick_says_valid(data)
    with pytest.raises(ReportError, match="7"):
        jxrules.load_report(data)


_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.decimals(allow_nan=False, allow_infinity=False, places=2),
    st.text(max_size=5),
)
_KEYS = st.sampled_from(
    ["name", "target", "actual", "seq", "points", "score", "unit", "items", "total", "x-a", "zz"]
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_KEYS, inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(
    kind=st.sampled_from(["department_overall", "project", "other", 1]),
    year=st.one_of(st.integers(1980, 2110), st.none(), st.text(max_size=2)),
    indicators=st.one_of(st.none(), st.lists(st.dictionaries(_KEYS, _VALUES, max_size=5))),
    budget=st.one_of(
        st.none(),
        st.dictionaries(st.sampled_from(["income", "expenditure", "funds", "misc"]), _VALUES),
    ),
)
def test_random_documents_get_the_same_answer(
    kind: Any, year: Any, indicators: Any, budget: Any
) -> None:
    assert_agree({"kind": kind, "fiscal_year": year, "indicators": indicators, "budget": budget})


def test_without_the_extra_jsonschema_alone_decides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(schema, "quick_report_check", lambda: None)
    data = example_data(JIANGMEN_YAML)
    assert jxrules.load_report(data).indicators
    data["indicators"][3]["tagret"] = "1"
    with pytest.raises(ReportError, match="tagret"):
        jxrules.load_report(data)


def test_a_report_the_quick_check_refuses_gets_jsonschemas_located_error() -> None:
    data = example_data(JIANGMEN_YAML)
    data["indicators"][3]["tagret"] = "1"
    assert not quick_says_valid(data)
    with pytest.raises(ReportError, match="tagret") as info:
        jxrules.load_report(data)
    assert "indicators[3]" in info.value.message
