"""Unit spellings looked up without multiplying them out, and extended vocabularies kept by content.

Written against the mutants mutmut found surviving in ``jxrules.quantities.vocabulary``
(docs/testing.md, issue #25): which multiplier a spelling several combinations make takes,
a multiplier that is not the first character of the spelling, what a missing spelling
raises, and which extended vocabularies ``Vocabulary.extended`` keeps and hands out again.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from jxrules.quantities import Target, Vocabulary, default_vocabulary, parse_target
from jxrules.quantities.vocabulary import _KEPT_EXTENSIONS, UnitForms

WORDS = ["元", "万元", "家"]


@pytest.mark.parametrize(
    ("multipliers", "spelling", "unit", "scale"),
    [
        # 千万元 is 千 + 万元 and 千万 + 元: the multiplier earlier in the file decides
        ({"千万": "10000000", "千": "1000"}, "千万元", "元", "10000000"),
        ({"千": "1000", "千万": "10000000"}, "千万元", "万元", "1000"),
        # a multiplier whose first character is none (千 alone is not one here)
        ({"千万": "10000000"}, "千万元", "元", "10000000"),
        ({"千万": "10000000"}, "千万", "", "10000000"),
        ({"万": "10000", "千万": "10000000"}, "千万家", "家", "10000000"),
    ],
)
def test_a_multiplied_spelling_takes_the_earliest_multiplier_that_makes_it(
    multipliers: dict[str, str], spelling: str, unit: str, scale: str
) -> None:
    forms = UnitForms(WORDS, {k: Decimal(v) for k, v in multipliers.items()}, {})
    assert forms[spelling] == (unit, Decimal(scale))
    vocabulary = Vocabulary({"units": WORDS, "multipliers": multipliers})
    assert vocabulary.unit(spelling) == (unit, Decimal(scale))


@pytest.mark.parametrize(
    ("text", "value", "unit", "printed", "scale"),
    [
        ("3百万元", "3", "元", "百万元", "1000000"),
        ("2十万元", "2", "元", "十万元", "100000"),
        ("1.5千万元", "1.5", "元", "千万元", "10000000"),
    ],
)
def test_the_shipped_two_character_multipliers_scale_money(
    text: str, value: str, unit: str, printed: str, scale: str
) -> None:
    reading = parse_target(text)
    assert isinstance(reading, Target)
    [clause] = reading.clauses
    got = (clause.value, clause.unit, clause.printed_unit, clause.scale)
    assert got == (Decimal(value), unit, printed, Decimal(scale))
    assert default_vocabulary().unit(printed) == (unit, Decimal(scale))


def test_a_spelling_no_combination_makes_raises_key_error_naming_it() -> None:
    forms = UnitForms(WORDS, {"万": Decimal(10000)}, {})
    with pytest.raises(KeyError) as caught:
        forms["万台"]
    assert caught.value.args == ("万台",)
    assert forms.get("万台") is None


def test_an_empty_multiplier_never_scales_a_number_printed_without_a_unit() -> None:
    forms = UnitForms(WORDS, {"": Decimal(10)}, {})
    assert forms.get("") is None
    vocabulary = Vocabulary({"units": WORDS, "multipliers": {"": "10"}})
    reading = parse_target("5", vocabulary)
    assert isinstance(reading, Target)
    [clause] = reading.clauses
    assert (clause.value, clause.unit, clause.printed_unit, clause.scale) == (
        Decimal(5),
        "",
        "",
        Decimal(1),
    )


SMALL: dict[str, Any] = {"units": ["元", "家"], "multipliers": {"万": "10000"}}


def test_the_same_extension_in_any_key_order_is_compiled_once() -> None:
    base = Vocabulary(SMALL)
    first = base.extended({"units": ["台"], "qualitative": ["改善"]})
    again = base.extended({"qualitative": ["改善"], "units": ["台"]})
    assert again is first
    assert base.extended({"units": ["台"], "qualitative": ["改善"]}) is first
    assert first.unit("万台") == ("台", Decimal(10000))


def test_an_extension_holding_decimals_is_read_not_refused() -> None:
    base = Vocabulary(SMALL)
    wider = base.extended({"multipliers": {"千万": Decimal("10000000")}})
    assert wider.unit("千万元") == ("元", Decimal(10000000))
    assert base.extended({"multipliers": {"千万": Decimal("10000000")}}) is wider


def test_only_the_latest_extensions_are_kept_the_oldest_compiled_again() -> None:
    base = Vocabulary(SMALL)
    made = [base.extended({"units": [f"单位{n}"]}) for n in range(_KEPT_EXTENSIONS + 1)]
    assert len({id(v) for v in made}) == _KEPT_EXTENSIONS + 1
    # the second oldest is still kept; the oldest was dropped for the newest
    assert base.extended({"units": ["单位1"]}) is made[1]
    assert base.extended({"units": ["单位0"]}) is not made[0]
    assert base.extended({"units": [f"单位{_KEPT_EXTENSIONS}"]}) is made[-1]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一百二十", 120),  # the built-in powers are kept
        ("五万三千", 53000),
        ("一兆", 10**12),  # a power of any size may come first
        ("三千万", None),  # each power smaller than the one before
        ("二十七", 27),  # the built-in digits are kept
    ],
)
def test_powers_added_by_a_ruleset_join_the_built_in_numerals(text: str, value: int | None) -> None:
    extra = {"numerals": {"powers": {"万": 10**4, "兆": 10**12}}}
    assert default_vocabulary().extended(extra).numeral_value(text) == value
