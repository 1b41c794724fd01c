"""``duplicate`` with ``find: near`` at exactly the similarity threshold, in a small bucket
and in one large enough for the prefix index; the names an expression reads (``project``,
a path through plain mappings); ``Context.memo`` computing once; ``RuleSpec.position``
walking up to the nearest recorded parent.

Written against the mutants mutmut found surviving in ``jxrules.checks.duplicate``,
``namespace`` and ``base`` (docs/testing.md).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import jxrules
from jxrules.checks import Context, RuleSpec
from jxrules.checks.namespace import lookup_path
from jxrules.errors import Position
from tests.checks.test_kill_taxonomy_duplicate_expression import _check, _rows

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "examples" / "demo-2022-project.yaml"
NEAR = "- {id: t, check: duplicate, severity: info, find: near, message: m}\n"

#: Dissimilar names sharing 甲乙 (so 甲 and 乙 are the bucket's most frequent characters).
FILLERS = [
    "甲乙子丑寅卯辰",
    "甲乙巳午未申酉",
    "甲乙戌亥天地玄",
    "甲乙黄宇宙洪荒",
    "甲乙日月盈昃辰宿",
]
FILLERS += ["甲乙列张寒来暑", "甲乙往秋收冬藏"]


@pytest.mark.parametrize("fillers", [0, 7], ids=["compared-pair-by-pair", "prefix-index"])
def test_names_at_exactly_the_default_similarity_are_near_duplicates(fillers: int) -> None:
    """甲乙丙丁 and 甲乙丙戊 share 3 of 4 characters: 2 × 3 ÷ 8 = 0.75, the default. In a
    bucket of nine rows they meet only in their indexed prefixes (戊/丁, then 丙)."""
    names = [*FILLERS[:fillers], "甲乙丙丁", "甲乙丙戊"]
    report = _rows(*((name, "数量指标", "1个", "1个") for name in names))
    found = _check(report, NEAR)
    assert [(f.location.row, f.evidence["similarity"], f.evidence["match"]) for f in found] == [
        (str(fillers + 2), "0.75", "similar")
    ]


def test_an_expression_reads_the_project_name() -> None:
    rule = (
        "- id: t\n  check: expression\n  severity: info\n"
        "  assert: \"project == ''\"\n  evidence: {p: project}\n  message: '{p}'\n"
    )
    header = 'id: local/p\ntitle: p\nversion: "1"\napplies_to: {kind: project, fiscal_years: [2022]}\nrules:\n'
    ruleset = jxrules.load_ruleset(header + "  " + rule.replace("\n", "\n  "))
    found = jxrules.check(jxrules.load_report(DEMO), ruleset).findings
    assert [(f.rule, f.message) for f in found] == [("t", "中小企业数字化转型专项资金")]


def test_a_path_is_followed_through_plain_mappings_too() -> None:
    names = {"a": {"b": {"c": "x"}}}
    assert (lookup_path(names, "a.b.c"), lookup_path(names, "a.b.d")) == ("x", None)


def test_memo_computes_once_per_key_and_keeps_the_first_value() -> None:
    context = Context(jxrules.load_report(DEMO), {})
    calls: list[str] = []

    def compute(value: str) -> str:
        calls.append(value)
        return value

    first = context.memo(("k",), lambda: compute("first"))
    again = context.memo(("k",), lambda: compute("second"))
    other = context.memo(("other",), lambda: compute("third"))
    assert (first, again, other, calls) == ("first", "first", "third", ["first", "third"])


@pytest.mark.parametrize(
    ("key", "line"),
    [
        (("pairs", 0, "stated"), 4),  # recorded
        (("pairs", 0, "missing"), 3),  # one step up
        (("pairs", 0, "missing", "deeper"), 3),  # two steps up
        (("pairs", 1), 2),  # up to pairs
        ("nothing", 1),  # nothing recorded: the rule's origin
    ],
)
def test_a_position_is_the_nearest_recorded_parents(
    key: str | tuple[str | int, ...], line: int
) -> None:
    positions = {
        ("pairs",): Position("r.yaml", 2, 3),
        ("pairs", 0): Position("r.yaml", 3, 5),
        ("pairs", 0, "stated"): Position("r.yaml", 4, 7),
    }
    spec = RuleSpec("r", {}, positions, Position("r.yaml", 1, 1), {})
    assert spec.position(key).line == line
