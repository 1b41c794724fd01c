"""A vocabulary compiled from a small word list: each list lands where the reader looks for it.

Written against the mutants mutmut found surviving in ``jxrules.quantities.vocabulary``
(docs/testing.md): the default word list is so large that a dropped word or a swapped
table goes unnoticed, so these tests build a vocabulary of a few words and read with it.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest

import jxrules.quantities as quantities
from jxrules.errors import QuantityError
from jxrules.quantities import comparing, reading
from jxrules.quantities.vocabulary import Vocabulary, _alternation, _merge

SMALL: dict[str, Any] = {
    "symbols": {"＞": ">"},
    "comparators": {
        "≥": {"prefix": ["不低于"], "suffix": ["以上"]},
        ">": {"infix": ["余"]},
    },
    "units": ["元", "家"],
    "unit_aliases": {"名": "人"},
    "multipliers": {"万": "10000"},
    "not_unit_start": "以至",
    "range_separators": ["-", "至"],
    "clause_separators": ["，", ","],
    "ignore_patterns": [r"第\d+"],
    "blanks": [" 无 ", ""],
    "placeholders": ["^请填写"],
    "qualitative": ["提升", ""],
    "lower_is_better": ["成本", ""],
}


def groups(vocabulary: Vocabulary, text: str) -> dict[str, str | None]:
    found = vocabulary.pattern.match(text)
    assert found is not None, text
    return {k: v for k, v in found.groupdict().items() if v is not None}


def test_each_word_list_lands_in_its_table() -> None:
    v = Vocabulary(SMALL)
    assert (v.prefix, v.suffix, v.infix) == ({"不低于": "≥"}, {"以上": "≥"}, {"余": ">"})
    assert v.aliases == {"名": "人"}
    assert v.units == {
        "元": ("元", Decimal(1)),
        "家": ("家", Decimal(1)),
        "名": ("人", Decimal(1)),
        "万元": ("元", Decimal(10000)),
        "万家": ("家", Decimal(10000)),
        "万": ("", Decimal(10000)),
    }
    assert v.blanks == frozenset({"", "无"})
    assert (v.qualitative, v.lower_is_better) == (("提升",), ("成本",))
    assert v.translation[ord("＞")] == ord(">")
    assert v.translation[ord("５")] == ord("5")
    assert v.ignore is not None and v.ignore.pattern == r"(?:第\d+)"
    assert v.placeholder is not None and v.placeholder.pattern == "(?:^请填写)"


def test_the_reader_finds_prefix_number_infix_unit_range_and_suffix() -> None:
    v = Vocabulary(SMALL)
    assert groups(v, "不低于 5万元以上") == {
        "pre": "不低于",
        "n1": "5",
        "u1": "万元",
        "suf": "以上",
    }
    assert groups(v, "30余家") == {"n1": "30", "inf": "余", "u1": "家"}
    assert groups(v, "2至3万家") == {"n1": "2", "sep": "至", "n2": "3", "u2": "万家"}
    assert groups(v, "-4名") == {"neg": "-", "n1": "4", "u1": "名"}
    assert groups(v, "1,500台") == {"n1": "1,500", "u1": "台"}
    assert groups(v, "7以") == {"n1": "7"}  # 以 never starts a unit word
    assert groups(v, "2-3家") == {"n1": "2", "sep": "-", "n2": "3", "u2": "家"}
    assert groups(v, "1.5万") == {"n1": "1.5", "u1": "万"}


def test_a_comma_separates_clauses_only_outside_a_thousands_group() -> None:
    v = Vocabulary(SMALL)
    assert v.separator.split("14,800元，2家,3家") == ["14,800元", "2家", "3家"]
    assert v.separator.split("1,50") == ["1", "50"]
    no_comma = Vocabulary({"clause_separators": ["；"]})
    assert no_comma.separator.split("1,500；2") == ["1,500", "2"]
    nothing = Vocabulary({})
    assert nothing.separator.split("1,500；2，3") == ["1,500；2，3"]


def test_an_empty_vocabulary_reads_numbers_and_any_han_unit_only() -> None:
    v = Vocabulary({})
    assert (v.prefix, v.suffix, v.infix, v.units, v.aliases) == ({}, {}, {}, {}, {})
    assert (v.ignore, v.placeholder, v.blanks, v.qualitative) == (None, None, frozenset(), ())
    assert groups(v, "5以") == {"n1": "5", "u1": "以"}


def test_an_explicit_unit_is_not_overwritten_by_a_multiplied_form() -> None:
    v = Vocabulary({"units": ["元", "万元"], "multipliers": {"万": 10000}})
    assert v.units["万元"] == ("万元", Decimal(1))
    assert v.unit(" 万元 ") == ("万元", Decimal(1))
    assert v.unit("台") == ("台", Decimal(1))
    aliased = Vocabulary({"unit_aliases": {"名": "人"}})
    assert aliased.unit("名") == ("人", Decimal(1))
    assert aliased.normalize("１２") == "12"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"symbols": {"≥=": ">"}}, "symbols 只能一字换一字：'≥=' -> '>'"),
        ({"symbols": {"≥": ">="}}, "symbols 只能一字换一字：'≥' -> '>='"),
        ({"comparators": {"≈": {"prefix": ["约"]}}}, "未知的比较符 '≈'"),
        ({"multipliers": {"兆": 0}}, "multipliers 必须是正数"),
        ({"multipliers": {"兆": -1}}, "multipliers 必须是正数"),
        ({"multipliers": {"兆": "Infinity"}}, "multipliers 必须是正数"),
        ({"ignore_patterns": ["("]}, "数量词表无效"),
        ({"placeholders": ["("]}, "数量词表无效"),
    ],
)
def test_a_bad_word_list_is_refused_with_its_reason(data: dict[str, Any], message: str) -> None:
    with pytest.raises(QuantityError, match=re.escape(message)) as caught:
        Vocabulary(data)
    assert str(caught.value).startswith("数量词表无效 (invalid vocabulary): ")


def test_every_comparator_symbol_is_accepted() -> None:
    data = {"comparators": {s: {"prefix": [f"w{s}"]} for s in ("≥", "≤", ">", "<", "=")}}
    assert Vocabulary(data).prefix == {"w≥": "≥", "w≤": "≤", "w>": ">", "w<": "<", "w=": "="}


def test_the_unit_forms_limit_counts_every_multiplier_with_every_unit_and_alone() -> None:
    # 2 multipliers × (49,999 units + 1) = 100,000 forms: at the limit, accepted
    units = [f"u{n}" for n in range(49_999)]
    assert len(Vocabulary({"units": units, "multipliers": {"k": 10, "m": 20}}).units) == 149_999
    with pytest.raises(QuantityError, match=r"2 个 multipliers 与 50000 个 units 组合出 100002"):
        Vocabulary({"units": [*units, "x"], "multipliers": {"k": 10, "m": 20}})


def test_alternation_is_longest_first_then_alphabetical_and_never_empty() -> None:
    assert _alternation(["a", "bb", "", "a", "c", "a.b"]) == r"a\.b|bb|a|c"
    assert _alternation([]) == "(?!)"
    assert _alternation([""]) == "(?!)"


def test_merge_joins_lists_mappings_strings_and_comparator_forms() -> None:
    base = {
        "units": ["元"],
        "unit_aliases": {"名": "人"},
        "not_unit_start": "以",
        "comparators": {"≥": {"prefix": ["不低于"], "suffix": ["以上"]}},
        "kept": ["x"],
    }
    extra = {
        "units": ["架次"],
        "unit_aliases": {"位": "人"},
        "not_unit_start": "及",
        "comparators": {"≥": {"prefix": ["不小于"]}, "<": {"prefix": ["不足"]}},
        "qualitative": ["见成效"],
        "symbols": {"＞": ">"},
        "lower_is_better": ("成本",),
        "blank_word": "无",
    }
    assert _merge(base, extra) == {
        "units": ["元", "架次"],
        "unit_aliases": {"名": "人", "位": "人"},
        "not_unit_start": "以及",
        "comparators": {
            "≥": {"prefix": ["不低于", "不小于"], "suffix": ["以上"]},
            "<": {"prefix": ["不足"]},
        },
        "kept": ["x"],
        "qualitative": ["见成效"],
        "symbols": {"＞": ">"},
        "lower_is_better": ["成本"],
        "blank_word": "无",
    }
    assert base["comparators"] == {"≥": {"prefix": ["不低于"], "suffix": ["以上"]}}


def test_an_extended_vocabulary_reads_the_new_words_and_an_empty_extension_is_itself() -> None:
    v = Vocabulary(SMALL)
    assert v.extended({}) is v
    assert v.extended(None) is v
    wider = v.extended({"comparators": {"≥": {"prefix": ["至少"]}}, "units": ["台"]})
    assert wider.prefix == {"不低于": "≥", "至少": "≥"}
    assert wider.units["万台"] == ("台", Decimal(10000))
    with pytest.raises(QuantityError, match=r"^数量词表无效 \(invalid vocabulary\): "):
        v.extended({"units": 5})


def test_the_package_imports_each_public_name_on_first_use() -> None:
    for name, module in (("ratio", comparing), ("parse_target", reading)):
        vars(quantities).pop(name, None)
        assert getattr(quantities, name) is getattr(module, name)
        assert vars(quantities)[name] is getattr(module, name)
    with pytest.raises(
        AttributeError, match=r"^module 'jxrules.quantities' has no attribute 'nope'$"
    ):
        _ = quantities.nope  # type: ignore[attr-defined]


def test_any_positive_multiplier_is_accepted_and_aliases_carry_into_multiplied_units() -> None:
    assert Vocabulary({"multipliers": {"个": 1}}).units == {"个": ("", Decimal(1))}
    assert Vocabulary({"multipliers": {"半": "0.5"}}).units == {"半": ("", Decimal("0.5"))}
    v = Vocabulary({"units": ["名"], "unit_aliases": {"名": "人"}, "multipliers": {"万": 10000}})
    assert v.units == {
        "名": ("人", Decimal(1)),
        "万名": ("人", Decimal(10000)),
        "万": ("", Decimal(10000)),
    }
    with pytest.raises(QuantityError) as caught:
        Vocabulary({"multipliers": {"兆": 0}})
    assert str(caught.value) == "数量词表无效 (invalid vocabulary): multipliers 必须是正数"


def test_separators_and_patterns_are_joined_into_one_expression_each() -> None:
    v = Vocabulary({"clause_separators": ["；", "。"]})
    assert v.separator.split("1X2；3。4") == ["1X2", "3", "4"]
    assert Vocabulary({"clause_separators": ["；"]}).separator.split("1,50；2") == ["1,50", "2"]
    two = Vocabulary({"ignore_patterns": ["a", "b"], "placeholders": ["^x", "^y"]})
    assert two.ignore is not None and two.ignore.pattern == "(?:a)|(?:b)"
    assert two.placeholder is not None and two.placeholder.pattern == "(?:^x)|(?:^y)"
