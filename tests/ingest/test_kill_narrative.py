"""The narrative reader, pinned where the mutation run found it loosely tested (issue 25).

``--explain``'s whole text for every kind of fact (and its blanks), the category an indicator
sentence names, where a bracketed list of parts ends, and how a user's wordings merge over the
bundled ones (lists extended, values replaced, errors naming the key).
"""

from __future__ import annotations

import textwrap
from decimal import Decimal
from typing import Any

import pytest

from jxrules.data import load as load_data
from jxrules.errors import JxError
from jxrules.findings import Finding, Location
from jxrules.ingest.markdown import read_string
from jxrules.ingest.narrative import (
    compile_wordings,
    explain,
    limit_findings,
    merged,
    read,
    read_text,
)
from jxrules.narrative_facts import NarrativeFacts


def prose(text: str) -> NarrativeFacts:
    return read_text(textwrap.dedent(text).strip())


# ---------------------------------------------------------------- --explain
EVERY_FACT = """
    全年下达资金 2,000 万元，其中：设备 1,200 万元，人员 800 万元。
    项目支出 900 万元，包括培训 500 万元等。
    全年预算 1,000 万元，实际执行 880 万元，执行率为 88%。
    全年预算执行率为 91.35%。
    2022年支出 500.00 万元，同比增加 56.20 万元，增长 12.66%。
    2022年人员支出 200.00 万元，同比减少 10.00 万元。
    2022年公用经费支出 300.00 万元，同比下降 6.25%。
    培训人次目标≥500人次，实际完成480人次。
    （1,000 万元）
    自评得分 88 分，等级为良。
    自评得分 90 分。
    绩效等级为优。
    一、产出指标
    数量指标：培训人次目标≥500人次，实际完成480人次。
    满意度目标≥90%，实际完成96%。
"""

EVERY_FACT_EXPLAINED = [
    "  正文事实：金额 13 个，分项 2 组，比率 2 个，同比 3 个，指标 3 个，得分 3 个",
    "    正文第 1 行：“全年下达资金 2,000 万元，其中：设备 1,200 万元，人员 800 万元。”",
    "      分项：全年下达资金 2,000 万元 = 设备 1,200 万元 + 人员 800 万元（其中）",
    "      金额：全年下达资金 2,000 万元",
    "      金额：设备 1,200 万元",
    "      金额：人员 800 万元",
    "    正文第 2 行：“项目支出 900 万元，包括培训 500 万元等。”",
    "      分项（部分列举）：项目支出 900 万元 = 培训 500 万元（包括）",
    "      金额：项目支出 900 万元",
    "      金额：培训 500 万元",
    "    正文第 3 行：“全年预算 1,000 万元，实际执行 880 万元，执行率为 88%。”",
    "      比率：执行率 88% = 实际执行 880 万元 ÷ 全年预算 1,000 万元",
    "      金额：全年预算 1,000 万元",
    "      金额：实际执行 880 万元",
    "    正文第 4 行：“全年预算执行率为 91.35%。”",
    "      比率：执行率 91.35%",
    "    正文第 5 行：“2022年支出 500.00 万元，同比增加 56.20 万元，增长 12.66%。”",
    "      同比：2022年支出 500.00 万元，增加 56.20 万元 12.66%",
    "      金额：2022年支出 500.00 万元",
    "      金额：同比增加 56.20 万元",
    "    正文第 6 行：“2022年人员支出 200.00 万元，同比减少 10.00 万元。”",
    "      同比：2022年人员支出 200.00 万元，减少 10.00 万元",
    "      金额：2022年人员支出 200.00 万元",
    "      金额：同比减少 10.00 万元",
    "    正文第 7 行：“2022年公用经费支出 300.00 万元，同比下降 6.25%。”",
    "      同比：2022年公用经费支出 300.00 万元，减少 6.25%",
    "      金额：2022年公用经费支出 300.00 万元",
    "    正文第 8 行：“培训人次目标≥500人次，实际完成480人次。”",
    "      指标：培训人次（类别未知）目标 ≥500人次，实际 480人次",
    "    正文第 9 行：“（1,000 万元）”",
    "      金额：（无主语） 1,000 万元",
    "    正文第 10 行：“自评得分 88 分，等级为良。”",
    "      得分：自评得分 88 分，等级 良",
    "    正文第 11 行：“自评得分 90 分。”",
    "      得分：自评得分 90 分，等级 —",
    "    正文第 12 行：“绩效等级为优。”",
    "      得分：—，等级 优",
    "    正文第 14 行：“数量指标：培训人次目标≥500人次，实际完成480人次。”",
    "      指标：培训人次（产出指标/数量指标）目标 ≥500人次，实际 480人次",
    "    正文第 15 行：“满意度目标≥90%，实际完成96%。”",
    "      指标：满意度（产出指标）目标 ≥90%，实际 96%",
]


def test_explain_prints_every_kind_of_fact_with_its_blanks_and_marks() -> None:
    """Complete and partial lists, a rate with and without its base, changes up and down with
    and without their amount or percentage, categories known, partly known and unknown, a
    score without a grade and a grade without a score, an amount without a subject."""
    assert explain(prose(EVERY_FACT)) == EVERY_FACT_EXPLAINED


@pytest.mark.parametrize("text", ["没有数字的一句话。", ""])
def test_explain_says_so_when_the_narrative_holds_no_fact(text: str) -> None:
    assert explain(prose(text)) == ["  正文：未读到数字事实（金额、分项、比率、同比、指标、得分）"]


# ---------------------------------------------------------------- indicator categories
INDICATOR = "培训人次目标≥500人次，实际完成480人次。"


@pytest.mark.parametrize(
    ("opening", "category"),
    [
        # the category word ends on the 12th character of the sentence: still its opening
        ("本年度重点工作的数量指标：", ("产出指标", "数量指标")),
        # ... on the 13th: too far in to be the sentence's category
        ("本年度重点工作中的数量指标：", (None, None)),
        # two category words in the opening: the longest wins, whatever their order
        ("可持续影响指标、数量指标：", ("效益指标", "可持续影响指标")),
        ("数量指标、可持续影响指标：", ("效益指标", "可持续影响指标")),
        ("服务对象满意度指标：", ("满意度指标", "服务对象满意度指标")),
        # a 一级指标 alone gives no 二级指标
        ("效益指标：", ("效益指标", None)),
    ],
)
def test_the_category_an_indicator_sentence_opens_with(
    opening: str, category: tuple[str | None, str | None]
) -> None:
    [found] = prose(opening + INDICATOR).indicators
    row = found.indicator
    assert (row.name, row.target, row.actual, row.level1, row.level2) == (
        "培训人次",
        "≥500人次",
        "480人次",
        *category,
    )


# ---------------------------------------------------------------- bracketed lists
@pytest.mark.parametrize(
    ("text", "read"),
    [
        # the list in brackets ends where its bracket closes: a later bracket is no part of it
        (
            "甲项目 300 万元（含设备 100 万元、人员 100 万元），乙项目 500 万元（其他 60 万元）。",
            [("300 万元", ["设备 100 万元", "人员 100 万元"], True)],
        ),
        # a bracket closed before the list opens does not end it
        (
            "甲项目 300 万元（含设备 100 万元），乙项目 500 万元（含设备 200 万元、人员 100 万元）。",
            [
                ("300 万元", ["设备 100 万元"], False),
                ("500 万元", ["设备 200 万元", "人员 100 万元"], True),
            ],
        ),
        # a nested bracket's closing does not end the outer list
        (
            "甲项目 300 万元（含设备 200 万元（含采购 150 万元）、人员 100 万元）。",
            [
                ("300 万元", ["设备 200 万元", "人员 100 万元"], True),
                ("200 万元", ["采购 150 万元"], False),
            ],
        ),
    ],
)
def test_a_bracketed_list_of_parts_ends_at_its_own_closing_bracket(
    text: str, read: list[tuple[str, list[str], bool]]
) -> None:
    found = [
        (b.total.text, [f"{p.subject} {p.text}" for p in b.parts], b.complete)
        for b in prose(text).breakdowns
    ]
    assert found == read


# ---------------------------------------------------------------- user wordings
def test_a_user_rate_is_read_beside_the_bundled_ones() -> None:
    """A top-level list of the user's (``rates``) extends the bundled one."""
    mine = merged({"rates": [{"word": "兑现率", "numerator": ["兑现"], "denominator": ["下达"]}]})
    text = "下达资金 100 万元，兑现 80 万元，兑现率 80%，执行 90 万元，执行率 90%。"
    rates = [
        (r.word, r.stated, r.numerator and r.numerator.text, r.denominator and r.denominator.text)
        for r in read_text(text, mine).rates
    ]
    assert rates == [
        ("兑现率", Decimal("80"), "80 万元", "100 万元"),
        ("执行率", Decimal("90"), "90 万元", "100 万元"),
    ]


def test_a_user_trigger_keeps_the_bundled_triggers() -> None:
    """A list inside a mapping (``breakdown.triggers``) extends the bundled one too."""
    mine = merged({"breakdown": {"triggers": [{"word": "内含", "role": "after"}]}})
    text = "下达资金 900 万元，内含：设备 500 万元，人员 400 万元。支出 60 万元，其中：A 20 万元，B 40 万元。"
    found = [(b.trigger, b.total.text, len(b.parts)) for b in read_text(text, mine).breakdowns]
    assert found == [("内含", "900 万元", 2), ("其中", "60 万元", 2)]


def test_a_user_value_inside_a_mapping_replaces_the_bundled_one() -> None:
    mine = merged({"breakdown": {"max_parts": 2}})
    [b] = read_text("下达资金 6 万元，其中：A 1 万元，B 2 万元，C 3 万元。", mine).breakdowns
    assert [p.text for p in b.parts] == ["1 万元", "2 万元"]


def test_a_user_top_level_value_replaces_the_bundled_one() -> None:
    mine = merged({"max_facts": 2})
    found = read_text("下达资金 6 万元。执行 5 万元。结余 1 万元。", mine)
    assert [a.text for a in found.amounts] == ["6 万元", "5 万元"]
    assert found.stopped_at is not None
    assert (found.stopped_at.sentence, found.stopped_at.narrative_line) == ("结余 1 万元。", 1)


def test_the_limit_reached_at_a_line_end_stops_at_the_next_line() -> None:
    """The fact that fills the reader ends its line: the notice names the next line's sentence,
    not the empty rest of the line already read."""
    mine = merged({"max_facts": 2})
    found = read_text("下达资金 6 万元。执行 5 万元。\n结余 1 万元。", mine)
    assert [a.text for a in found.amounts] == ["6 万元", "5 万元"]
    assert found.stopped_at is not None
    assert (found.stopped_at.sentence, found.stopped_at.narrative_line) == ("结余 1 万元。", 2)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        # a list given for a string is not merged into the string: the user's value is refused
        (
            {"breakdown": {"name_separators": ["、"]}},
            "narrative wordings：breakdown.name_separators：['、'] is not of type 'string'",
        ),
        ({"max_facts": "many"}, "narrative wordings：max_facts：'many' is not of type 'integer'"),
    ],
)
def test_a_user_wording_of_the_wrong_type_is_refused_naming_its_key(
    extra: dict[str, object], message: str
) -> None:
    with pytest.raises(JxError) as caught:
        merged(extra)
    assert str(caught.value) == message


# ---------------------------------------------------------------- compiling wordings
def _bundled_data() -> dict[str, Any]:
    return dict(load_data("narrative.yaml"))


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        (
            "figure",
            "(?P<number>.*(?P<unit>",
            "mine.yaml：figure：正则表达式无效：missing ), unterminated subpattern at position 13",
        ),
        (
            "headings",
            ["(?P<title>"],
            "mine.yaml：headings：正则表达式无效：missing ), unterminated subpattern at position 0",
        ),
        (
            "skip_lines",
            ["["],
            "mine.yaml：skip_lines：正则表达式无效：unterminated character set at position 0",
        ),
        (
            "score",
            "(?P<score>",
            "mine.yaml：score：正则表达式无效：missing ), unterminated subpattern at position 0",
        ),
        (
            "grade",
            "(?P<grade>",
            "mine.yaml：grade：正则表达式无效：missing ), unterminated subpattern at position 0",
        ),
    ],
)
def test_an_invalid_pattern_is_refused_naming_its_key_and_the_regex_error(
    key: str, value: object, message: str
) -> None:
    data = _bundled_data() | {key: value}
    with pytest.raises(JxError) as caught:
        compile_wordings(data, "mine.yaml")
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ((), "jxrules/data/narrative.yaml：（顶层）：'breakdown' is a required property"),
        (("mine.yaml",), "mine.yaml：（顶层）：'breakdown' is a required property"),
    ],
)
def test_a_missing_top_level_key_is_named_at_the_top_level(
    where: tuple[str, ...], message: str
) -> None:
    data = _bundled_data()
    del data["breakdown"]
    with pytest.raises(JxError) as caught:
        compile_wordings(data, *where)
    assert str(caught.value) == message


def test_optional_wordings_left_out_mean_none_of_them() -> None:
    data = _bundled_data()
    del data["skip_lines"], data["subject_bracket_verbs"]
    data["breakdown"] = {k: v for k, v in data["breakdown"].items() if k != "sum_after"}
    w = compile_wordings(data)
    assert (w.skip_lines, w.bracket_verbs, w.sum_after) == ((), frozenset(), False)
    # so a comment line is read, and no total is found after its parts without a trigger
    found = read_text("<!-- 下达资金 5 万元 -->\n第一批 1 万元，第二批 2 万元，合计 3 万元。", w)
    assert [a.text for a in found.amounts] == ["5 万元", "1 万元", "2 万元", "3 万元"]
    assert found.breakdowns == ()


# ---------------------------------------------------------------- limits, told
def _finding(finding: Finding) -> tuple[object, ...]:
    return (
        finding.rule,
        finding.check,
        finding.severity,
        finding.message,
        _place(finding.location),
        finding.evidence,
    )


def _place(location: Location) -> tuple[str | None, str | None, int | None, int | None]:
    """(table, row, line, page): a ``Location`` compares equal whatever its line and page."""
    return location.table, location.row, location.line, location.page


def test_a_sentence_cut_at_the_limit_is_told_with_its_source_line() -> None:
    long = "下达资金 1 万元，" * 300  # 3,000 characters, no sentence end
    [report] = read_string(f"# 示例局部门整体支出绩效自评报告\n\n{long}\n", "long.md")
    told = [_finding(f) for f in report.ingest_findings if f.rule == "ingest-narrative-limit"]
    assert told == [
        (
            "ingest-narrative-limit",
            "ingest",
            "info",
            "第 3 行的句子超过 2000 字，只读取了前 2000 字中的数字事实",
            ("narrative", "2", 3, None),
            {"limit": "max_sentence_chars", "sentence": ("下达资金 1 万元，" * 9)[:80]},
        )
    ]


def test_the_limits_without_source_lines_name_the_narrative_line() -> None:
    text = "开篇\n" + "下达资金 1 万元，" * 300 + "\n" + "下达资金 2 万元。" * 5000
    told = [_finding(f) for f in limit_findings(read_text(text))]
    assert told == [
        (
            "ingest-narrative-limit",
            "ingest",
            "info",
            "正文第 2 行的句子超过 2000 字，只读取了前 2000 字中的数字事实",
            ("narrative", "2", None, None),
            {"limit": "max_sentence_chars", "sentence": ("下达资金 1 万元，" * 9)[:80]},
        ),
        (
            "ingest-narrative-limit",
            "ingest",
            "info",
            "正文数字事实已达 5000 个，正文第 3 行起的正文未再读取",
            ("narrative", "3", None, None),
            {"limit": "max_facts", "sentence": "下达资金 2 万元。"},
        ),
    ]


def test_no_narrative_no_limit_told() -> None:
    assert limit_findings(None) == []


CUT = "的句子超过 2000 字，只读取了前 2000 字中的数字事实"
STOPPED = "正文数字事实已达 5000 个，{}起的正文未再读取"


@pytest.mark.parametrize(
    ("on_pages", "told"),
    [
        # a Markdown file: the source lines
        (
            False,
            [
                ("第 7 行" + CUT, ("narrative", "1", 7, None)),
                (STOPPED.format("第 9 行"), ("narrative", "2", 9, None)),
            ],
        ),
        # a PDF: the block numbers are dropped and each sentence gets its page
        (
            True,
            [
                ("正文第 1 行" + CUT, ("narrative", "1", None, 2)),
                (STOPPED.format("正文第 2 行"), ("narrative", "2", None, 3)),
            ],
        ),
    ],
)
def test_the_limits_are_told_at_their_source_line_or_page(
    on_pages: bool, told: list[tuple[str, tuple[str, str, int | None, int | None]]]
) -> None:
    found = read([("下达资金 1 万元，" * 300, 7), ("下达资金 2 万元。" * 5000, 9)])
    if on_pages:
        found = found.placed({7: 2, 9: 3}.get)
    assert [(f.message, _place(f.location)) for f in limit_findings(found)] == told


def test_a_line_of_full_width_figures_is_read() -> None:
    found = read_text("下达资金 １２０ 万元，其中：设备 ８０ 万元，人员 ４０ 万元。")
    assert [(a.subject, a.value, a.text) for a in found.amounts] == [
        ("下达资金", Decimal("120"), "120 万元"),
        ("设备", Decimal("80"), "80 万元"),
        ("人员", Decimal("40"), "40 万元"),
    ]
    [b] = found.breakdowns
    assert (b.trigger, b.total.text, [p.text for p in b.parts]) == (
        "其中",
        "120 万元",
        ["80 万元", "40 万元"],
    )
