"""Hash collisions: building a set or mapping is one C call the operation budget cannot see.

Values chosen to share a hash (``k * (2**61 - 1) + c`` for ints and integral Decimals, the
same over ten for fractions, tuples of those) make each insertion compare with every earlier
one: 32,400 of them took 9-11 s in one ``set()``.  More than ``MAX_HASH_COLLISIONS``
distinct values of one hash are refused (``limit: hash``); equal values are no crowd.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jxrules.errors import LimitExceeded
from jxrules.sandbox import MAX_HASH_COLLISIONS, compile_expression, evaluate

MODULUS = 2**61 - 1  # Python hashes integers modulo this prime

#: Families of distinct values that all share one hash, by the k-th member.
COLLIDING: dict[str, Callable[[int, int], Any]] = {
    "int": lambda k, c: k * MODULUS + c,
    "negative-int": lambda k, c: -(k * MODULUS + c),
    "decimal": lambda k, c: Decimal(k * MODULUS + c),
    "decimal-fraction": lambda k, c: Decimal(k * MODULUS + c) / 10,
    "tuple": lambda k, c: ("单位", k * MODULUS + c),
}

#: How each expression builds a set or mapping from ``values``.
BUILDERS = {
    "set": "len(set(values))",
    "dict-comprehension": "len({v: 0 for v in values})",
    "dict-merge": "len({**{v: 0 for v in values[:20]}, **{v: 1 for v in values[20:]}})",
}


def _run(text: str, values: list[Any]) -> Any:
    return evaluate(compile_expression(text), {"values": values})


@pytest.mark.parametrize("builder", list(BUILDERS))
@settings(max_examples=15, deadline=None)
@given(
    family=st.sampled_from(list(COLLIDING)),
    residue=st.integers(min_value=2, max_value=10**6),
    extra=st.integers(min_value=1, max_value=200),
)
def test_a_crowd_of_one_hash_is_refused(
    builder: str, family: str, residue: int, extra: int
) -> None:
    values = [COLLIDING[family](k, residue) for k in range(1, MAX_HASH_COLLISIONS + 1 + extra)]
    assert len({hash(v) for v in values}) == 1 and len(set(values)) == len(values)
    with pytest.raises(LimitExceeded) as caught:
        _run(BUILDERS[builder], values)
    assert caught.value.limit == "hash"
    assert "哈希相同" in caught.value.message


@pytest.mark.parametrize("builder", list(BUILDERS))
@pytest.mark.parametrize("family", list(COLLIDING))
def test_a_small_crowd_is_kept(builder: str, family: str) -> None:
    values = [COLLIDING[family](k, 7) for k in range(1, MAX_HASH_COLLISIONS + 1)]
    assert _run(BUILDERS[builder], values) == MAX_HASH_COLLISIONS


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.integers(-(10**30), 10**30),
            st.text(max_size=4),
            st.decimals(allow_nan=False, allow_infinity=False, places=2),
            st.tuples(st.sampled_from(["万元", "%"]), st.integers(0, 3)),
        ),
        max_size=300,
    )
)
def test_ordinary_values_build_as_in_python(values: list[Any]) -> None:
    assert _run("len(set(values))", values) == len(set(values))
    assert _run("len({v: 0 for v in values})", values) == len(dict.fromkeys(values))


@pytest.mark.parametrize("copies", [MAX_HASH_COLLISIONS + 1, 5000])
def test_equal_values_are_no_crowd(copies: int) -> None:
    values = [Decimal("12.50")] * copies + [Decimal("12.5")] * copies + ["万元"] * copies
    assert _run("len(set(values))", values) == 2
    assert _run("len({v: 0 for v in values})", values) == 2


def test_a_crowd_is_an_engine_finding_in_a_rule(tmp_path: Any) -> None:
    import jxrules
    from tests.conftest import JIANGMEN_YAML

    crowd = [k * MODULUS + 7 for k in range(MAX_HASH_COLLISIONS + 1)]
    path = tmp_path / "crowd.yaml"
    path.write_text(
        "id: local/crowd\ntitle: crowd\nversion: '1'\n"
        "applies_to: {kind: department_overall, fiscal_years: [2022]}\n"
        "rules:\n  - id: crowd\n    check: expression\n    severity: error\n"
        f'    assert: "len(set({crowd})) > 0"\n    message: m\n',
        encoding="utf-8",
    )
    result = jxrules.check(jxrules.load_report(JIANGMEN_YAML), jxrules.load_ruleset(path))
    (finding,) = result.findings
    assert finding.check == "engine" and finding.rule == "crowd"
    assert "limit: hash" in finding.evidence["reason"]
