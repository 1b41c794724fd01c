"""What ``report_to_data`` writes (``jxrules extract``) for figures and indicator links
(issue 25: the surviving mutants of ``jxrules.ingest.canonical``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from jxrules.ingest.canonical import report_to_data
from jxrules.model import Indicator, Num, Report


@pytest.mark.parametrize(
    ("declared", "written"),
    [
        ({"indicators": Decimal("12")}, {"indicators": 12}),
        ({"tasks": Decimal("3.0")}, {"tasks": 3}),
        ({"budget": Decimal("1234.50")}, {"budget": "1234.50"}),
        ({"rate": Decimal("0.5")}, {"rate": "0.5"}),
    ],
    ids=["whole", "whole-with-zero-decimals", "money", "fraction"],
)
def test_declared_figures_are_whole_numbers_or_exact_decimal_text(
    declared: dict[str, Decimal], written: dict[str, Any]
) -> None:
    data = report_to_data(Report(kind="department_overall", declared=declared))
    assert data["declared"] == written
    assert [type(v) for v in data["declared"].values()] == [type(v) for v in written.values()]


def test_a_number_without_its_printed_text_is_written_from_its_value() -> None:
    report = Report(
        kind="project",
        indicators=(Indicator(seq="1", name="甲", points=Num(Decimal("12.50"), ""), score=None),),
    )
    [row] = report_to_data(report)["indicators"]
    assert (row["points"], row["score"]) == ("12.50", None)


@pytest.mark.parametrize(
    ("parent", "score_group", "links"),
    [
        (None, None, {}),
        ("1", None, {"parent": "1"}),
        (None, "2", {"score_group": "2"}),
        ("1", "2", {"parent": "1", "score_group": "2"}),
    ],
    ids=["neither", "parent", "score-group", "both"],
)
def test_indicator_links_are_written_only_when_set(
    parent: str | None, score_group: str | None, links: dict[str, str]
) -> None:
    indicator = Indicator(
        seq="3",
        name="其中：乙",
        target="≥1个",
        actual="2个",
        level1="产出指标",
        level2="数量指标",
        points=Num(Decimal("10"), "10"),
        score=Num(Decimal("10"), "10"),
        note="说明",
        parent=parent,
        score_group=score_group,
    )
    [row] = report_to_data(Report(kind="project", indicators=(indicator,)))["indicators"]
    assert row == {
        "seq": "3",
        "level1": "产出指标",
        "level2": "数量指标",
        "name": "其中：乙",
        "target": "≥1个",
        "actual": "2个",
        "points": "10",
        "score": "10",
        "note": "说明",
        **links,
    }
