"""The check kinds' shared parts: how values print (cut at exact limits), which rule fields hold
expressions (for lint), the ``where`` mask of each rule, and ``--explain`` of an ``expression``.

Written against the mutants mutmut found surviving in ``jxrules.checks.base`` and
``jxrules.checks.expression`` (docs/testing.md): no test sat on a limit or read a nested field.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import yaml

import jxrules
from jxrules.checks import kind_named
from jxrules.checks.base import _BoundedRepr, expression_texts, format_value
from jxrules.checks.expression import explain_expression
from jxrules.sandbox import compile_expression
from jxrules.sandbox.values import Record
from tests.checks.test_target_and_crossref_fields import HEADER, JIANGMEN


def test_a_decimal_prints_in_full_up_to_the_limit_in_digits_and_short_beyond() -> None:
    assert format_value(Decimal("1E+10"), 10) == "100000000…"  # 10 digits: written out, cut
    assert format_value(Decimal("1E+11"), 10) == "1E+11"
    assert format_value(["a", Decimal("1E+4")], 5) == "a、1E…"  # 3 characters left for it


def test_an_int_of_exactly_four_bits_per_character_still_prints() -> None:
    assert format_value(2**39, 10) == "549755813…"  # 40 bits
    assert format_value(2**40, 10) == "（数字过大）"


def test_a_large_structure_is_cut_at_each_level_and_size() -> None:
    assert format_value({i: i for i in range(5000)}) == (
        "{" + ", ".join(f"{i}: {i}" for i in range(50)) + ", ...}"
    )
    assert format_value({"a": {"b": {"c": {"d": {"e": {"f": "x" * 5000}}}}}}) == (
        "{'a': {'b': {'c': {'d': {...}}}}}"
    )
    assert format_value({"s": "y" * 5000}) == "{'s': '" + "y" * 197 + "..." + "y" * 198 + "'}"
    mixed = format_value({"d": Decimal("1E+401"), "l": list(range(100)), "s": "y" * 5000})
    assert mixed.startswith(
        "{'d': 1E+401, 'l': [" + ", ".join(str(i) for i in range(50)) + ", ...], 's': '"
    )
    number = format_value({"n": 10**500, "s": "y" * 5000})
    assert number.startswith("{'n': 1" + "0" * 197 + "..." + "0" * 199 + ", 's': ")


def test_every_expression_of_a_rule_is_found_with_its_path() -> None:
    fields = {
        "when": "w",
        "pairs": [
            {"stated": {"expression": "a + 1", "unit_from": "u"}, "against": {"field": "x"}},
            {"stated": {"pattern": "p"}, "against": {"expression": "b"}},
        ],
    }
    assert list(expression_texts(fields, kind_named("crossref"))) == [  # type: ignore[arg-type]
        (("when",), "w"),
        (("pairs", 0, "stated", "expression"), "a + 1"),
        (("pairs", 0, "stated", "unit_from"), "u"),
        (("pairs", 1, "against", "expression"), "b"),
    ]
    fields = {"assert": "x", "evidence": {"k": "e1", "j": "e2"}, "where": "y"}
    assert list(expression_texts(fields, kind_named("expression"))) == [  # type: ignore[arg-type]
        (("assert",), "x"),
        (("where",), "y"),
        (("evidence", "k"), "e1"),
        (("evidence", "j"), "e2"),
    ]


def test_rules_with_different_where_on_one_report_each_keep_their_own_rows(
    tmp_path: Path,
) -> None:
    rules = "".join(
        f"  - id: {rule}\n    check: target\n    severity: error\n"
        f"    where: \"'5G' {op} item.name\"\n    message: m\n"
        for rule, op in (("a", "in"), ("b", "not in"))
    )
    path = tmp_path / "r.yaml"
    path.write_text(HEADER + rules, encoding="utf-8")
    report = jxrules.load_report(yaml.safe_load(JIANGMEN.read_text(encoding="utf-8")))
    found = jxrules.check(report, jxrules.load_ruleset(path)).findings
    assert [(f.rule, f.location.row) for f in found] == [
        ("b", "4"),
        ("b", "5"),
        ("a", "8"),
        ("a", "9"),
    ]


def test_explain_skips_callees_and_shows_what_follows_them() -> None:
    scope = {"len": len, "s": "abc", "n": 5}
    assert explain_expression(compile_expression("len(s) > n"), scope) == {
        "len(s) > n": "否",
        "len(s)": "3",
        "n": "5",
        "s": "abc",
    }


def test_explain_shows_a_comprehensions_result_not_the_comprehension() -> None:
    scope = {"sum": sum, "rows": [Record(v=1)], "n": 5}
    undefined = "（无法求值：未定义的名称 “i” (undefined name)）"
    assert explain_expression(compile_expression("sum([i.v for i in rows]) > n"), scope) == {
        "sum([i.v for i in rows]) > n": "否",
        "sum([i.v for i in rows])": "1",
        "n": "5",
        "i.v": undefined,
        "i": undefined,
    }


def test_a_new_bounded_repr_cuts_at_the_same_limits() -> None:
    """The module's instance is made at import; a new one runs the limits' code again."""
    fresh = _BoundedRepr()
    assert fresh.repr({i: i for i in range(60)}) == (
        "{" + ", ".join(f"{i}: {i}" for i in range(50)) + ", ...}"
    )
    assert fresh.repr({"a": {"b": {"c": {"d": {"e": 1}}}}}) == "{'a': {'b': {'c': {'d': {...}}}}}"
    assert fresh.repr("y" * 5000) == "'" + "y" * 197 + "..." + "y" * 198 + "'"
    assert fresh.repr(10**500) == "1" + "0" * 197 + "..." + "0" * 199
