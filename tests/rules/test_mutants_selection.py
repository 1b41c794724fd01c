"""Which ruleset a report gets, over made-up families of rulesets: exact year, the latest earlier
one, the earliest for a year before them all, the latest for no year.

Written against the mutants mutmut found surviving in ``jxrules.rules.selection``
(docs/testing.md): the bundled rulesets (2022, 2023) are too few to tell the branches apart.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import jxrules.rules.selection as selection
from jxrules.errors import Position, RulesetError
from jxrules.model import Report


def H(ruleset_id: str, kind: str, years: tuple[int, ...]) -> selection.Available:
    """A bundled ruleset known by its ``applies_to`` (what selection chooses among)."""
    return selection.Available(ruleset_id, kind, years, Path(ruleset_id), "bundled")


FAMILY = (
    H("dept/2022", "department_overall", (2022,)),
    H("dept/2023", "department_overall", (2023, 2024)),
    H("dept/2026", "department_overall", (2026,)),
    H("project/2021", "project", (2021,)),
)


def _select(
    monkeypatch: pytest.MonkeyPatch,
    headers: tuple[selection.Available, ...],
    kind: str,
    year: int | None,
) -> str:
    monkeypatch.setattr(selection, "available_rulesets", lambda rulesets=(): list(headers))
    monkeypatch.setattr(selection, "_load", lambda header: header.id)
    report = Report(kind=kind, fiscal_year=year, source="r.yaml")
    return selection.select_ruleset(report)  # type: ignore[return-value]


@pytest.mark.parametrize(
    ("year", "chosen"),
    [
        (2022, "dept/2022"),
        (2023, "dept/2023"),
        (2024, "dept/2023"),
        (2025, "dept/2023"),
        (2026, "dept/2026"),
        (2031, "dept/2026"),
        (2020, "dept/2022"),
        (None, "dept/2026"),
    ],
)
def test_a_year_gets_its_own_else_the_latest_earlier_else_the_earliest_ruleset(
    monkeypatch: pytest.MonkeyPatch, year: int | None, chosen: str
) -> None:
    assert _select(monkeypatch, FAMILY, "department_overall", year) == chosen


def test_of_two_rulesets_listing_the_year_the_one_reaching_later_wins(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    headers = (*FAMILY, H("dept/2022-2030", "department_overall", (2022, 2030)))
    assert _select(monkeypatch, headers, "department_overall", 2022) == "dept/2022-2030"
    assert _select(monkeypatch, headers, "department_overall", 2031) == "dept/2022-2030"
    assert _select(monkeypatch, headers, "department_overall", None) == "dept/2022-2030"


def test_a_ruleset_without_years_is_the_earliest_and_never_an_earlier_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    headers = (H("dept/any", "department_overall", ()), *FAMILY)
    assert _select(monkeypatch, headers, "department_overall", 2020) == "dept/any"
    assert _select(monkeypatch, headers, "department_overall", 2025) == "dept/2023"
    assert _select(monkeypatch, headers, "project", 2030) == "project/2021"


def test_a_kind_without_rulesets_is_refused_at_the_report(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(RulesetError) as caught:
        _select(monkeypatch, FAMILY, "township", 2022)
    assert caught.value.message == "没有适用于报告类型 “township” 的规则集"
    assert caught.value.position == Position("r.yaml")


def test_the_bundled_headers_are_read_from_the_files() -> None:
    found = selection._bundled_headers.__wrapped__()  # type: ignore[attr-defined]
    assert [(h.id, h.kind, h.fiscal_years, h.origin) for h in found] == [
        ("dept-overall/2022", "department_overall", (2022,), "bundled"),
        ("dept-overall/2023", "department_overall", (2023,), "bundled"),
        ("project/2022", "project", (2022,), "bundled"),
    ]
