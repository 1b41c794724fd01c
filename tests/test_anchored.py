"""AnchoredPattern finds exactly what ``re.finditer`` finds, faster where it can."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import jxrules
from jxrules.anchored import AnchoredPattern, trigger
from tests.conftest import ROOT

PATTERNS = [
    r"(?P<value>\d[\d,]*\s*家)工业企业获得新升规奖励",
    r"(?P<value>\d[\d,]*\s*家)工业企业获得第一年增长奖励",
    r"培训工业互联网人员\s*(?P<value>\d[\d,]*\s*(?:人次|名|人))",
    r"部门收入[^。\n]*?全年预算数?\s*(?:为|是)?\s*(?P<value>[\d,.]+\s*[万亿]?元)",
    r"(?P<value>\d{1,3})家企业",
    r"(?P<value>[0-9a-c-]+)家企业",
    r"(?P<value>(?:\d+|[一二三])\s*(?:家|个))企业",
    r"^(?P<value>\d+)家企业$",
    r"\b(?P<value>\d+)(?=家)家企业",
    r"(?<=共)(?P<value>\d+)家企业",
    r"(?P<value>\d+)家企业(?P<unit>个)?",
    r"(?P<value>[家企\d]*)家企业",
    r"(?P<value>\d*)家企",
    r"(?P<value>.*?)家企业",
    r"(?i)(?P<value>\d+)AB",
    r"(?P<value>\d+)(?P=value)家企业",
    r"家企(?P<value>\d*)",
    r"企业企业(?P<value>企*)",
    r"家企业(?P<value>\d+)?",
    r"12(?P<value>,345)?",
    r"共(?P<value>\d+)家",
    r"部门收入年初预算数?\s*(?:为|是)?\s*(?P<value>[\d,.]+\s*[万亿]?元)",
]
ALPHABET = st.sampled_from(
    list("0123456789,. \n家企业个一二三共abcAB工业企业获得新升规奖励人次名部门收入年初预算为万元")
)
TEXTS = st.lists(
    st.one_of(
        ALPHABET,
        st.sampled_from(
            [
                "家企业",
                "工业企业获得新升规奖励",
                "12,345 家",
                "共3家企业",
                "部门收入年初预算为 5 万元",
            ]
        ),
    ),
    max_size=60,
).map("".join)


def spans(matches: object) -> list[tuple[int, int, tuple[str | None, ...]]]:
    return [(m.start(), m.end(), m.groups()) for m in matches]  # type: ignore[attr-defined]


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(text=TEXTS, source=st.sampled_from(PATTERNS))
def test_same_matches_as_finditer(text: str, source: str) -> None:
    pattern = re.compile(source, re.MULTILINE)
    assert spans(AnchoredPattern(pattern).finditer(text)) == spans(pattern.finditer(text))


@pytest.mark.parametrize(
    ("source", "anchor"),
    [
        (r"(?P<value>\d[\d,]*\s*家)工业企业获得新升规奖励", "工业企业获得新升规奖励"),
        (r"(?P<value>\d{1,3})家企业", "家企业"),
        (r"培训工业互联网人员\s*(?P<value>\d+)", "培训工业互联网人员"),  # starts with them
        (r"共(?P<value>\d+)家", ""),  # one word: too short to pay
        (r"(?P<value>.*?)家企业", ""),  # `.` may consume anything
        (r"(?i)(?P<value>\d+)AB", ""),
        (r"(?P<value>\d+)(?P=value)家企业", ""),
    ],
)
def test_what_is_anchored(source: str, anchor: str) -> None:
    assert AnchoredPattern(re.compile(source)).anchor == anchor


def test_long_runs_and_many_anchors_stay_linear() -> None:
    pattern = re.compile(r"(?P<value>[\d家企]*)家企业")
    text = "1" * 20_000 + "家企业" * 2_000
    assert spans(AnchoredPattern(pattern).finditer(text)) == spans(pattern.finditer(text))


def test_the_bundled_narrative_patterns_find_the_same_in_the_example() -> None:
    report = jxrules.load_report(ROOT / "examples" / "jiangmen-2022-dept-overall.yaml")
    ruleset = jxrules.load_ruleset("dept-overall/2022")
    patterns = [
        side.pattern
        for rule in ruleset.rules
        if rule.check == "crossref"
        for pair in rule.config.pairs
        for side in (pair.stated, pair.against)
        if side.pattern is not None
    ]
    assert len(patterns) >= 10
    found = 0
    for pattern in patterns:
        expected = spans(pattern.finditer(report.narrative))
        assert spans(AnchoredPattern(pattern).finditer(report.narrative)) == expected
        found += len(expected)
    assert found >= 8


TRIGGERED = [
    *PATTERNS,
    r"(?:19|20)\d{2}\s*[-/]\s*(?:0?[1-9]|1[0-2])",
    r"第\s*\d+|(?<![\d.])[1-9]G(?![A-Za-z])",
    r"^\s*(?:请|在此|此处)\s*(?:填写|填报)",
    r"(?:[Xx×*]{1,4}|[（(]\s*[)）])\s*$",
    r"a+b?",
    r"(?=家)\d",
]


TRIGGER_TEXTS = st.text(alphabet="0129 ab年月日第G-/请在此处填写报Xx×*（）()家\n", max_size=30)


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(text=st.one_of(TEXTS, TRIGGER_TEXTS), source=st.sampled_from(TRIGGERED))
def test_no_trigger_character_means_no_match(text: str, source: str) -> None:
    pattern = re.compile(source, re.MULTILINE)
    needed = trigger(pattern)
    if needed is not None and needed.search(text) is None:
        assert pattern.search(text) is None


def test_the_vocabulary_patterns_have_triggers_without_digits() -> None:
    from jxrules.quantities import default_vocabulary

    vocabulary = default_vocabulary()
    for pattern in (vocabulary.ignore, vocabulary.placeholder):
        assert pattern is not None
        needed = trigger(pattern)
        assert needed is not None and not re.search(r"\d", needed.pattern)
    assert trigger(re.compile(r"\d+")) is None  # a category lists too many characters
    assert trigger(re.compile(r"(?i)abc")) is None
