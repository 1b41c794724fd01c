"""Message rendering near its length limit: the room left for each value counts every piece
of text and every value before it.

Written against the mutants of ``jxrules.rules.templates`` that survived the tests of
tests/rules (docs/testing.md, *Mutation testing*).
"""

from __future__ import annotations

from jxrules.rules.templates import render


def test_the_room_for_a_value_counts_the_text_and_values_before_it() -> None:
    template = "A" * 10 + "{a}" + "B" * 10 + "{b}"
    rendered = render(template, {"a": "x" * 3975, "b": "y" * 8})
    assert rendered == "A" * 10 + "x" * 3975 + "B" * 10 + "yyyy…"
    assert len(rendered) == 4000


def test_a_value_longer_than_the_room_is_cut_to_the_room_not_to_the_usual_width() -> None:
    listed = "、".join(["y" * 300] * 20)  # how a list prints
    assert render("{a}!", {"a": ["y" * 300] * 20}) == listed[:3999] + "…"
