"""``sections``: the outline headings counted at the exact limits (``max_heading_chars``,
``min_headings``), every evidence key and message variable, and each load error a param can
cause (a param is not validated by the rule schema) with its message and line.

Written against the mutants mutmut found surviving in ``jxrules.checks.sections``
(docs/testing.md).
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import attrs
import pytest

import jxrules
from jxrules.errors import RulesetError
from jxrules.findings import Location

DEMO = Path(__file__).resolve().parents[2] / "examples" / "demo-2022-project.yaml"
HEADER = """\
id: local/t
title: t
version: "1"
applies_to: {kind: project, fiscal_years: [2022]}
params:
  heads: ['[一二三四五]、', '（[一二三]）']
  zero: 0
  flag: true
  nothing: []
  bad: ['(a+)+、']
  parts: [{name: x, words: []}]
  partsmap: {a: 1}
rules:
"""
SECTIONS = (
    "  sections:\n    - {name: 结果应用, words: [结果应用, 结果运用]}\n"
    "    - {name: 基本情况, words: [基本情况]}\n  headings: params.heads\n"
)


def _ruleset(fields: str) -> str:
    rule = (
        "- id: s\n  check: sections\n  severity: info\n"
        f"{fields}  message: '{{section}}|{{words}}|{{heading_count}}|{{table}}'\n"
    )
    return HEADER + textwrap.indent(rule, "  ")


def _findings(fields: str, narrative: str) -> list[tuple[Location, dict[str, str], str]]:
    report = attrs.evolve(jxrules.load_report(DEMO), narrative=narrative)
    result = jxrules.check(report, jxrules.load_ruleset(_ruleset(fields)))
    return [(f.location, dict(f.evidence), f.message) for f in result.findings if f.rule == "s"]


MISSING_USE = (
    Location(table="narrative"),
    {"section": "结果应用", "words": "结果应用、结果运用", "heading_count": "3"},
    "结果应用|结果应用、结果运用|3|narrative",
)


def test_each_missing_section_is_a_finding_with_the_words_looked_for() -> None:
    assert _findings(SECTIONS, "一、基本情况\n二、绩效目标\n  三、存在问题  \n") == [MISSING_USE]


@pytest.mark.parametrize(("chars", "found"), [(38, [MISSING_USE]), (39, [])])
def test_three_headings_are_an_outline_and_forty_characters_a_heading(
    chars: int, found: list[object]
) -> None:
    """The third heading of 2 + ``chars`` characters: 40 is a heading, 41 a paragraph (and two
    headings are a form, not a report text)."""
    assert _findings(SECTIONS, "一、基本情况\n二、绩效目标\n三、" + "长" * chars + "\n") == found


def test_both_limits_come_from_the_rule() -> None:
    fields = SECTIONS + "  max_heading_chars: 7\n  min_headings: 2\n"
    text = "一、基本情况说明\n二、绩效目标\n（一）结果运用\n"  # 8 characters: a paragraph
    assert _findings(fields, text) == [
        (
            Location(table="narrative"),
            {"section": "基本情况", "words": "基本情况", "heading_count": "2"},
            "基本情况|基本情况|2|narrative",
        )
    ]
    assert (
        _findings(SECTIONS + "  min_headings: 4\n", "一、基本情况\n二、绩效目标\n三、问题\n") == []
    )


@pytest.mark.parametrize(
    ("fields", "message", "line"),
    [
        (SECTIONS + "  min_headings: params.zero\n", "min_headings 须为正整数，实际是 0", 21),
        (SECTIONS + "  min_headings: params.flag\n", "min_headings 须为正整数，实际是 True", 21),
        (
            SECTIONS + "  max_heading_chars: params.zero\n",
            "max_heading_chars 须为正整数，实际是 0",
            21,
        ),
        (
            "  sections: params.parts\n  headings: params.heads\n",
            "sections 的每一项须有 name 和非空的 words：{'name': 'x', 'words': []}",
            17,
        ),
        (
            "  sections: params.partsmap\n  headings: params.heads\n",
            "sections 须为非空列表：[{name, words}, …]",
            17,
        ),
        (
            "  sections: params.nothing\n  headings: params.heads\n",
            "sections 须为非空列表：[{name, words}, …]",
            17,
        ),
        (
            SECTIONS.replace("params.heads", "params.nothing"),
            "headings 须为非空的正则表达式列表",
            20,
        ),
        (
            SECTIONS.replace("params.heads", "params.bad"),
            "正则表达式 '(a+)+、'：重复的分组内还有重复（如 (\\d+)+），可能指数级回溯；"
            "请改写，例如去掉外层重复",
            20,
        ),
        (
            SECTIONS.replace("params.heads", "['(']"),
            "正则表达式 '(' 无效：missing ), unterminated subpattern at position 0",
            20,
        ),
    ],
)
def test_a_bad_field_or_param_is_a_load_error_at_the_field(
    fields: str, message: str, line: int
) -> None:
    with pytest.raises(RulesetError) as info:
        jxrules.load_ruleset(_ruleset(fields))
    assert info.value.message == f"规则 s：{message}"
    assert info.value.position is not None and info.value.position.line == line


def test_a_report_without_text_has_no_heading_whatever_the_patterns() -> None:
    fields = "  sections: [{name: 基本情况, words: [基本情况]}]\n  headings: ['X+', '.']\n"
    assert _findings(fields + "  min_headings: 1\n", "") == []
    [(_, evidence, _)] = _findings(fields + "  min_headings: 1\n", "XXXX")
    assert evidence["heading_count"] == "1"


def test_a_section_that_is_not_a_mapping_is_a_load_error() -> None:
    fields = "  sections: params.heads\n  headings: params.heads\n"
    with pytest.raises(RulesetError) as info:
        jxrules.load_ruleset(_ruleset(fields))
    assert (
        info.value.message == "规则 s：sections 的每一项须有 name 和非空的 words：'[一二三四五]、'"
    )
