"""The quick report check (fastjsonschema, ``jxrules[fast]``) changes no outcome of load_report.

``schema.report_errors`` trusts a quick "valid" and asks jsonschema only otherwise, so the quick
check must pass nothing jsonschema refuses; then ``load_report`` gives the same report or the
same error with the extra as without it.  Both are checked on the bundled reports, on every
one-node change of the example (each value replaced by values of other types, Python's odd ones
included; each key removed; an unknown key added), and on random documents (hypothesis).
"""

from __future__ import annotations

import copy
import datetime as dt
import sys
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import jxrules
from jxrules.errors import ReportError
from jxrules.ingest import schema
from jxrules.ingest.documents import load_document
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
    ({"name": "n"},),
    ("a", 1),
    {1: "a"},
    dt.date(2023, 3, 1),
    float("nan"),
    float("inf"),
    Decimal("NaN"),
    Decimal("sNaN"),
    1j,
    10**5000,
]


def quick_says_valid(data: Any) -> bool:
    check = schema.quick_report_check()
    assert check is not None
    try:
        check(data)
    except (ValueError, TypeError, ArithmeticError, RecursionError):  # JsonSchemaException is one
        return False  # refused, or a value it cannot handle: jsonschema decides (as in jxrules)
    return True


def jsonschema_says_valid(data: Any) -> bool | None:
    """jsonschema's answer; ``None`` where it cannot give one (a value it cannot compare or
    print: then load_report's answer comes from the model, as the outcomes show)."""
    try:
        return not any(True for _ in schema.report_validator().iter_errors(data))
    except (TypeError, ValueError, ArithmeticError):
        return None


def load_outcome(data: Any, *, quick: bool) -> Any:
    """What ``load_report`` gives, with the quick check or with jsonschema alone."""
    saved = schema.quick_report_check
    try:
        if not quick:
            schema.quick_report_check = lambda: None  # type: ignore[assignment]
        return jxrules.load_report(data)
    except jxrules.JxError as exc:
        return f"{type(exc).__name__}: {exc}"
    finally:
        schema.quick_report_check = saved


def shown(data: Any) -> str:
    """A failing document, briefly (an int too long for repr() is not a reason to fail)."""
    try:
        return repr(data)[:300]
    except ValueError:
        return "<a document holding an int too long to print>"


def assert_agree(data: Any) -> None:
    with_quick, without = load_outcome(data, quick=True), load_outcome(data, quick=False)
    assert with_quick == without, f"{with_quick!s:.200} / {without!s:.200}: {shown(data)}"
    quick, full = quick_says_valid(data), jsonschema_says_valid(data)
    assert not (quick and full is False), (
        f"the quick check passes what jsonschema refuses: {shown(data)}"
    )
    # the other way round (fastjsonschema refuses a complex number jsonschema takes for a
    # number) costs only time: jsonschema then decides, as the outcomes above show


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
            refused += jsonschema_says_valid(changed) is False
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
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.lists(inner, max_size=3).map(tuple)
        | st.dictionaries(_KEYS, inner, max_size=4)
    ),
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


def test_tuples_are_arrays_both_ways() -> None:
    data = example_data(JIANGMEN_YAML)
    as_lists = jxrules.load_report(data)
    data["indicators"] = tuple(data["indicators"])
    data["budget"]["income"]["items"] = tuple(data["budget"]["income"]["items"])
    for quick in (True, False):
        assert load_outcome(data, quick=quick) == as_lists


def test_values_jsonschema_cannot_compare_or_print_are_named_with_their_path() -> None:
    cases = {
        "fiscal_year": (Decimal("NaN"), "fiscal_year 的值 NaN 不是有限的数"),
        "kind": (10**5000, "kind 的数字超出范围（最多 1000 位）"),
    }
    for key, (value, message) in cases.items():
        data = {**example_data(JIANGMEN_YAML), key: value}
        for quick in (True, False):
            assert message in load_outcome(data, quick=quick)
    data = example_data(JIANGMEN_YAML)
    data["indicators"][4]["seq"] = 10**5000
    assert "indicators[4].seq：数字超出范围" in load_outcome(data, quick=False)
    data = {**example_data(JIANGMEN_YAML), "fiscal_year": 1j}
    assert "fiscal_year 的值 1j 不是实数" in load_outcome(data, quick=True)


def test_an_unknown_key_is_named_even_next_to_an_allowed_x_key() -> None:
    data = {**example_data(JIANGMEN_YAML), "x-meta": 1, "X-a": 2}
    for quick in (True, False):
        assert "中有未知的键 “X-a”" in load_outcome(data, quick=quick)


def test_the_first_uncheckable_value_in_document_order_is_named() -> None:
    found = schema._unschemable({"a": [1, {"b": float("nan")}], "c": float("inf")})
    assert found is not None and found[0] == ("a", 1, "b")
    found = schema._unschemable({"a": [1, {"b": float("nan")}], 3: 1})  # a mapping's own keys
    assert found is not None and found[0] == () and "键 3 不是文本" in found[1]
    assert schema._unschemable({"a": (1, "x"), "b": {"c": Decimal("1.5")}}) is None


def test_values_under_x_keys_are_never_blamed() -> None:
    data = {"x-a": float("nan"), "x-b": {1: 2}, **example_data(JIANGMEN_YAML)}
    assert isinstance(load_outcome(data, quick=False), jxrules.Report)
    data["fiscal_year"] = 1j
    for quick in (True, False):
        assert "fiscal_year 的值 1j 不是实数" in load_outcome(data, quick=quick)


@pytest.mark.skipif(not hasattr(sys, "set_int_max_str_digits"), reason="Python < 3.10.7")
def test_numbers_this_python_cannot_print_are_over_the_limit(tmp_path: Any) -> None:
    """Under ``-X int_max_str_digits=640`` a 700-digit integer is refused the same both ways."""
    saved = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(640)
    try:
        data = example_data(JIANGMEN_YAML)
        data["budget"]["income"]["total"]["executed"] = 10**700
        for quick in (True, False):
            assert load_outcome(data, quick=quick) == (
                "LimitExceeded: <memory>:1:1: budget.income.total.executed："
                "数字超出范围（最多 1000 位）(limit: number)"
            )
        path = tmp_path / "r.json"
        path.write_text('{"kind": "project", "fiscal_year": ' + "9" * 701 + "}", "utf-8")
        with pytest.raises(jxrules.JxError, match="数字超出范围"):
            jxrules.load_report(path)
    finally:
        sys.set_int_max_str_digits(saved)


def test_a_long_value_is_quoted_briefly() -> None:
    data = {**example_data(JIANGMEN_YAML), "department": 10**2000}
    message = load_outcome(data, quick=False)
    assert "department 的类型应为" in message and len(message) < 200
