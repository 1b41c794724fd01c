"""jxrules.quantities: reading targets and actuals, and comparing them."""

from __future__ import annotations

import contextlib
import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jxrules.errors import QuantityError
from jxrules.quantities import (
    Qualitative,
    Target,
    Unreadable,
    compare,
    default_vocabulary,
    is_lower_better,
    pair_clauses,
    parse_actual,
    parse_target,
    read,
)

D = Decimal


def one(text: str) -> tuple[str | None, Decimal, Decimal | None, str, Decimal]:
    """(comparator, value, upper, unit, scale) of a single-clause text."""
    reading = parse_target(text)
    assert isinstance(reading, Target), reading
    assert len(reading.clauses) == 1, reading.clauses
    c = reading.clauses[0]
    return c.comparator, c.value, c.upper, c.unit, c.scale


# ------------------------------------------------------------------ comparators
@pytest.mark.parametrize(
    ("text", "comparator", "value"),
    [
        # symbols, ASCII and full-width
        ("≥200 家", "≥", D(200)),
        (">=200家", "≥", D(200)),
        ("≧95%", "≥", D(95)),
        ("≤800万元", "≤", D(800)),
        ("<=5%", "≤", D(5)),
        ("≦5%", "≤", D(5)),
        (">5%", ">", D(5)),
        ("＞5%", ">", D(5)),
        ("<5%", "<", D(5)),
        ("＜5%", "<", D(5)),
        ("=100%", "=", D(100)),
        ("＝100%", "=", D(100)),
        ("═100%", "=", D(100)),
        # ≥ words, prefix and suffix
        ("不低于95%", "≥", D(95)),
        ("不少于100家", "≥", D(100)),
        ("至少3个", "≥", D(3)),
        ("90%以上", "≥", D(90)),
        ("90%及以上", "≥", D(90)),
        # > words
        ("超过2亿元", ">", D(2)),
        ("高于80%", ">", D(80)),
        ("大于10个", ">", D(10)),
        ("多于5场", ">", D(5)),
        ("500余家", ">", D(500)),
        # ≤ words
        ("不高于5%", "≤", D(5)),
        ("不超过50万元", "≤", D(50)),
        ("不多于3起", "≤", D(3)),
        ("5%以内", "≤", D(5)),
        ("3起以下", "≤", D(3)),
        ("3起及以下", "≤", D(3)),
        ("控制在5%以内", "≤", D(5)),
        ("控制在800万元", "≤", D(800)),
        # < words
        ("低于5%", "<", D(5)),
        ("少于3起", "<", D(3)),
        ("小于2%", "<", D(2)),
        ("不足10个", "<", D(10)),
        ("不满18岁", "<", D(18)),
        # bare number
        ("286笔", None, D(286)),
        ("100%", None, D(100)),
    ],
)
def test_comparator_words(text: str, comparator: str | None, value: Decimal) -> None:
    got = one(text)
    assert (got[0], got[1]) == (comparator, value)


@pytest.mark.parametrize(
    "text", ["2-3家", "2～3家", "2~3家", "2至3家", "2到3家", "2家-3家", "２－３家"]
)
def test_ranges(text: str) -> None:
    assert one(text) == ("range", D(2), D(3), "家", D(1))


@pytest.mark.parametrize(
    ("text", "value", "unit", "scale"),
    [
        ("14,800万元", D(14800), "元", D(10000)),
        ("1.5亿元", D("1.5"), "元", D(100000000)),
        ("7.2 亿元", D("7.2"), "元", D(100000000)),
        ("5411 万元", D(5411), "元", D(10000)),
        ("1,359.35元", D("1359.35"), "元", D(1)),
        ("95.2%", D("95.2"), "%", D(1)),
        ("95.2％", D("95.2"), "%", D(1)),
        ("２００家", D(200), "家", D(1)),
        ("１２．５％", D("12.5"), "%", D(1)),
        ("2.4万亩", D("2.4"), "亩", D(10000)),
        ("500 人次", D(500), "人次", D(1)),
        ("5个工作日", D(5), "个工作日", D(1)),
        ("12", D(12), "", D(1)),
        ("3部", D(3), "部", D(1)),  # an unlisted unit word is kept, not dropped
    ],
)
def test_numbers_units_and_scales(text: str, value: Decimal, unit: str, scale: Decimal) -> None:
    _, got_value, _, got_unit, got_scale = one(text)
    assert (got_value, got_unit, got_scale) == (value, unit, scale)


def test_money_is_compared_after_scaling() -> None:
    small, big = parse_target("14,800万元"), parse_target("1.5亿元")
    assert isinstance(small, Target) and isinstance(big, Target)
    assert small.clauses[0].amount == D(148000000) < big.clauses[0].amount == D(150000000)
    assert compare(parse_target("≥1.5亿元"), parse_actual("14,800万元"), False).outcome == "missed"
    assert compare(parse_target("≥14,800万元"), parse_actual("1.5亿元"), False).outcome == "met"
    verdict = compare(parse_target("≥1.5亿元"), parse_actual("14,800万元"), False)
    clause = verdict.clauses[0]
    assert (clause.bound, clause.actual_value, clause.unit) == (D("1.5"), D("1.48"), "亿元")


def test_printed_text_is_kept() -> None:
    reading = parse_target("超过4000 万元。")
    assert isinstance(reading, Target)
    assert reading.text == "超过4000 万元。"
    assert reading.clauses[0].text == "超过4000 万元"
    assert reading.clauses[0].printed_unit == "万元"


# ------------------------------------------------------------------ compound cells
TARGET_12 = "拉动总部企业主营业务收入增长10亿元以上，财政贡献额度增长1亿元以上，地方财政贡献额度增长超过2000万元"
ACTUAL_12 = "拉动总部企业主营业务收入增长72亿元以上，财政贡献额度增长2亿元以上，地方财政贡献额度增长超过4000 万元。"


def test_compound_clauses_and_subjects() -> None:
    reading = parse_target(TARGET_12)
    assert isinstance(reading, Target)
    assert [(c.subject, c.comparator, c.value, c.printed_unit) for c in reading.clauses] == [
        ("拉动总部企业主营业务收入增长", "≥", D(10), "亿元"),
        ("财政贡献额度增长", "≥", D(1), "亿元"),
        ("地方财政贡献额度增长", ">", D(2000), "万元"),
    ]


def test_compound_compared_clause_by_clause() -> None:
    verdict = compare(parse_target(TARGET_12), parse_actual(ACTUAL_12), False)
    assert verdict.outcome == "met"
    assert [c.actual_value for c in verdict.clauses] == [D(72), D(2), D(4000)]
    missed = ACTUAL_12.replace("超过4000", "1500")  # "超过1500" could still be above 2000
    verdict = compare(parse_target(TARGET_12), parse_actual(missed), False)
    assert verdict.outcome == "missed"
    assert [c.outcome for c in verdict.clauses] == ["met", "met", "missed"]


def test_compound_pairs_by_subject_not_order() -> None:
    target = parse_target("培训人员100人次，举办培训5场")
    actual = parse_actual("举办培训6场，培训人员120人次")
    assert isinstance(target, Target) and isinstance(actual, Target)
    pairs = pair_clauses(target.clauses, actual.clauses)
    assert [(t.value, a.value if a else None) for t, a in pairs] == [(D(100), D(120)), (D(5), D(6))]
    assert compare(target, actual, False).outcome == "met"


def test_single_target_pairs_with_the_actual_of_its_unit() -> None:
    verdict = compare(parse_target("≥200家"), parse_actual("占比80%，共510家"), False)
    assert verdict.outcome == "met"
    assert verdict.clauses[0].actual_value == D(510)


# ------------------------------------------------------------------ qualitative / unreadable
@pytest.mark.parametrize(
    "text",
    [
        "有效提升",
        "持续改善",
        "按期完成",
        "效果明显",
        "及时",
        "2023年12月",
        "12月底前",
        "2023年底前",
    ],
)
def test_qualitative(text: str) -> None:
    assert isinstance(parse_target(text), Qualitative)


@pytest.mark.parametrize(
    "text", ["", "  ", "-", "—", "/", "无", "见附件", "请填写指标值", "x" * 5000]
)
def test_unreadable(text: str) -> None:
    reading = parse_target(text)
    assert isinstance(reading, Unreadable)
    assert reading.text == text and reading.reason
    with pytest.raises(QuantityError):
        read(text)


def test_years_and_5g_are_not_quantities() -> None:
    reading = parse_target("2022年建设5G基站2000座")
    assert isinstance(reading, Target)
    assert [(c.value, c.unit) for c in reading.clauses] == [(D(2000), "座")]


# ------------------------------------------------------------------ statutory bounds and verdicts
@pytest.mark.parametrize(
    ("target", "actual", "lower", "outcome"),
    [
        ("90%以上", "90%", False, "met"),  # 以上 includes the bound
        ("90%以上", "89.9%", False, "missed"),
        ("超过200家", "200家", False, "missed"),  # 超过 excludes it
        ("超过200家", "201家", False, "met"),
        ("不满5起", "5起", True, "missed"),  # 不满 excludes it
        ("5起以下", "5起", True, "met"),  # 以下 includes it
        ("5%以内", "5%", True, "met"),  # 以内 includes it
        ("≥10 家", "8 家", False, "missed"),
        ("2-3家", "4家", False, "met"),  # a range is met by more (higher is better)
        ("2-3家", "1家", False, "missed"),
        ("2-3起", "4起", True, "missed"),  # ... and missed by more (lower is better)
        ("2 个", "1 个", False, "missed"),
        ("3家", "3家", False, "met"),
        ("=100%", "100%", False, "met"),
        ("=100%", "101%", False, "missed"),  # an explicit = is equality
        ("≤50万元", "48万元", True, "met"),
        ("≤50万元", "52万元", False, "missed"),  # the comparator wins over direction
        ("≥5%", "6%", True, "met"),
        ("5%", "6%", True, "missed"),  # a bare target on lower-is-better is a ceiling
        ("5%", "4%", True, "met"),
        ("超过2000万元", "超过4000 万元", False, "met"),  # actual 超过 4000 is above 4000
        ("超过2000万元", "超过2000万元", False, "met"),
        ("超过2000万元", "超过1500万元", False, "unreadable"),  # could be either
        ("10亿元以上", "72亿元以上", False, "met"),
        ("≥95", "96%", False, "met"),  # a bare side takes the other's unit
        ("≥95%", "93", False, "missed"),
        ("超过2亿元", "2.3", False, "met"),  # bare actual meant in the target's unit
        ("1.5万", "14000", False, "missed"),  # a multiplier alone scales
        ("1.5万", "1.6万", False, "met"),
        ("500 名", "500 人次", False, "unit_mismatch"),
        ("500 名", "500 人", False, "met"),  # 名 and 人 are aliases
        ("≥95%", "已完成", False, "unreadable"),
        ("见附件", "95%", False, "unreadable"),
        ("有效提升", "有效提升", False, "qualitative"),
        ("≤10%", "5%以上", True, "unreadable"),  # cannot tell
    ],
)
def test_verdicts(target: str, actual: str, lower: bool, outcome: str) -> None:
    assert compare(parse_target(target), parse_actual(actual), lower).outcome == outcome


def test_verdict_figures_and_ratio() -> None:
    clause = compare(parse_target("2个"), parse_actual("1个"), False).clauses[0]
    assert (clause.comparator, clause.bound, clause.actual_value, clause.unit) == (
        "≥",
        D(2),
        D(1),
        "个",
    )
    assert clause.ratio == D("0.5")
    third = compare(parse_target("3个"), parse_actual("1个"), False).clauses[0]
    assert third.ratio == D("0.3333")
    lower = compare(parse_target("≤50万元"), parse_actual("48万元"), True).clauses[0]
    assert (lower.comparator, lower.lower_is_better) == ("≤", True)


def test_unreadable_verdict_names_the_side_and_text() -> None:
    verdict = compare(parse_target("≥95%"), parse_actual("见附件"), False)
    assert verdict.side == "actual" and "见附件" in verdict.reason
    verdict = compare(parse_target("请填写"), parse_actual("95%"), False)
    assert verdict.side == "target" and "请填写" in verdict.reason


# ------------------------------------------------------------------ direction
@pytest.mark.parametrize(
    ("name", "lower"),
    [
        ("投诉率", True),
        ("群众投诉率", True),
        ("投诉办结率", False),
        ("投诉处理及时率", False),
        ("单个项目平均补助成本", True),
        ("成本节约率", False),
        ("安全事故发生率（%）", True),
        ("项目延期率", True),
        ("项目超支", True),
        ("企业开展技术改造数量", False),
        ("服务对象满意度", False),
    ],
)
def test_direction_follows_the_head(name: str, lower: bool) -> None:
    assert is_lower_better(name) is lower


def test_direction_heads_can_be_replaced() -> None:
    assert is_lower_better("办理时间", ["办理时间"])
    assert not is_lower_better("投诉率", ["成本"])


# ------------------------------------------------------------------ vocabulary
def test_vocabulary_extension_adds_words() -> None:
    vocab = default_vocabulary().extended({"units": ["架次"], "qualitative": ["见成效"]})
    reading = parse_target("≥20架次", vocab)
    assert isinstance(reading, Target) and reading.clauses[0].unit == "架次"
    assert isinstance(parse_target("初见成效", vocab), Qualitative)
    assert isinstance(parse_target("初见成效"), Unreadable)  # the default is unchanged


@pytest.mark.parametrize(
    "extra",
    [
        {"ignore_patterns": ["("]},
        {"multipliers": {"兆": 0}},
        {"multipliers": {"兆": "many"}},
        {"symbols": {"≥": ">="}},
        {"comparators": {"≈": {"prefix": ["约"]}}},
        {"units": 5},
    ],
)
def test_bad_vocabulary_extension_is_a_quantity_error(extra: dict[str, object]) -> None:
    with pytest.raises(QuantityError):
        default_vocabulary().extended(extra)


# ------------------------------------------------------------------ properties
_ALPHABET = st.sampled_from(
    list(
        "0123456789０１２３.,，%％-~～至到以上下内超过不低于≥≤><=＞＜≧≦═万亿元家个人次名 年月底前第G、；。"
    )
)
texts = st.one_of(st.text(max_size=60), st.text(_ALPHABET, max_size=40))


@settings(max_examples=400, deadline=None)
@given(texts)
def test_read_raises_only_quantity_error(text: str) -> None:
    with contextlib.suppress(QuantityError):
        read(text)


@settings(max_examples=400, deadline=None)
@given(texts, texts, st.booleans())
def test_public_functions_never_raise(target: str, actual: str, lower: bool) -> None:
    parsed_target, parsed_actual = parse_target(target), parse_actual(actual)
    assert isinstance(parsed_target, (Target, Qualitative, Unreadable))
    verdict = compare(parsed_target, parsed_actual, lower)
    assert verdict.outcome in ("met", "missed", "unit_mismatch", "unreadable", "qualitative")
    is_lower_better(target)


def test_only_short_texts_are_cached() -> None:
    """A batch repeats its targets, so short readings are cached; a long text never fills it."""
    from jxrules.quantities import Vocabulary, default_vocabulary, parse_actual
    from jxrules.quantities.reading import CACHED_CHARS

    vocabulary = Vocabulary(default_vocabulary().data)
    short, long = "≥500人次", "说明" * CACHED_CHARS + "500人次"
    assert parse_actual(short, vocabulary) is parse_actual(short, vocabulary)
    first = parse_actual(long, vocabulary)
    assert first == parse_actual(long, vocabulary) and first is not parse_actual(long, vocabulary)


_OLD_TRAILING = re.compile(r"(?:[（(\[【][^（）()\[\]【】]*[）)\]】])+$")


@given(
    st.lists(
        st.sampled_from(["成本", "（万元）", "(含税)", "【注】", "[a]", "（", "）", "x", "率", " "])
    )
)
def test_a_name_loses_exactly_its_trailing_bracket_groups(parts: list[str]) -> None:
    """What the regex said, in one pass from the end (the regex backtracked on each group)."""
    from jxrules.quantities.reading import _name_core

    name = "".join(parts)
    assert _name_core(name) == _OLD_TRAILING.sub("", "".join(name.split()))


def test_a_name_of_thousands_of_bracketed_fragments_is_read() -> None:
    name = "（a）" * 50_000 + "单位成本"
    assert is_lower_better(name) is True  # its head is 成本; 200,000 characters read once
    assert is_lower_better("单位成本" + "（a）" * 50_000) is True


def test_a_vocabulary_multiplying_out_to_millions_of_unit_forms_is_refused() -> None:
    """3,000 units by 3,000 multipliers once built 9 million spellings (18 s, 2.8 GB)."""
    from jxrules.errors import QuantityError
    from jxrules.quantities import default_vocabulary

    extra = {
        "units": [f"u{n}" for n in range(3000)],
        "multipliers": {f"m{n}": 10 for n in range(3000)},
    }
    with pytest.raises(QuantityError, match=r"上限 100000 \(limit: unit_forms\)"):
        default_vocabulary().extended(extra)
    small = default_vocabulary().extended({"units": ["台套"], "multipliers": {"千": 1000}})
    assert small.unit("千台套") == ("台套", 1000)
