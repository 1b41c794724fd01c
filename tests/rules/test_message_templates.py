"""Message templates: placeholders, braces, unknown names and the length cap, exactly."""

from __future__ import annotations

from decimal import Decimal

from jxrules.rules.templates import MAX_MESSAGE_CHARS, render

VARIABLES = {
    "name": "甲",
    "n": Decimal("1.50"),
    "none": None,
    "d": {"e": "深"},
    "long": "y" * 5000,
    "f": [1, 2],
}


def test_placeholders_braces_and_unknown_names() -> None:
    template = "指标“{name}”：{n}，{none}，{d.e}，{d.x}，{zz}，{{x}}，{ name }，{f}"
    assert render(template, VARIABLES) == "指标“甲”：1.50，（空），深，{d.x}，{zz}，{x}，甲，1、2"
    assert render("a}b{c", VARIABLES) == "a}b{c"
    assert render("{}", VARIABLES) == "{}"
    assert render("", VARIABLES) == ""


def test_a_long_value_is_cut_at_the_cap_with_an_ellipsis() -> None:
    text = render("前缀{long}", VARIABLES)
    assert len(text) == MAX_MESSAGE_CHARS
    assert text.startswith("前缀yyy") and text.endswith("y…")
    assert render("{long}{long}", VARIABLES) == "y" * (MAX_MESSAGE_CHARS - 1) + "…"


def test_filling_stops_at_the_cap() -> None:
    text = render("x" * 3990 + "{name}" * 12, VARIABLES)
    assert text == "x" * 3990 + "甲" * 9 + "…"


def test_the_same_template_renders_each_time_with_its_own_values() -> None:
    template = "{name}={n}"
    assert render(template, VARIABLES) == "甲=1.50"
    assert render(template, {"name": "乙", "n": Decimal(2)}) == "乙=2"


def test_a_long_template_without_placeholders_is_cut_too() -> None:
    assert render("9" * 10_000, VARIABLES) == "9" * (MAX_MESSAGE_CHARS - 1) + "…"
    assert render("{{" * 5_000, VARIABLES) == "{" * (MAX_MESSAGE_CHARS - 1) + "…"


def test_a_mapping_that_defaults_is_read_with_get_and_left_unchanged() -> None:
    from collections import Counter, defaultdict

    filled: defaultdict[str, str] = defaultdict(lambda: "默认")
    assert render("{a}-{b}", filled) == "{a}-{b}"
    assert render("{a}", Counter()) == "{a}"
    assert not filled  # get() does not fill a defaultdict
    filled["b"] = "乙"
    assert render("{a}-{b}", filled) == "{a}-乙"
