"""The near-duplicate search finds exactly what comparing every pair finds, without comparing
every pair: names that print different figures (指标1 … 指标5000) are never candidates."""

from __future__ import annotations

import random
from decimal import Decimal

from jxrules.checks.duplicate import _near_in_bucket, _Row, _similar, name_key
from jxrules.model import Indicator

STEMS = [
    "企业数字化改造数量",
    "举办数字化转型培训场次",
    "培训企业人员人次",
    "受扶持企业满意度",
    "项目验收合格率",
    "资金拨付及时率",
    "带动企业数字化投资额",
    "服务商资源池入库服务商数量",
]


def _bucket(size: int, seed: int) -> list[_Row]:
    """Rows that all print the same figures, as in a long table of 100% / 100%: names with
    figures, without, reworded ones (planted near-duplicates) and repeats of a stem."""
    rng = random.Random(seed)
    names: list[str] = []
    while len(names) < size:
        stem = rng.choice(STEMS)
        shape = rng.random()
        if shape < 0.6:
            names.append(f"{stem}{rng.randrange(1, 3000)}")
        elif shape < 0.8:
            names.append(f"{rng.randrange(2019, 2024)}年{stem}")
        elif shape < 0.9:
            names.append(stem[: rng.randrange(3, len(stem))] + "情况")
        else:
            names.append("其中：" + stem)
    names = list(dict.fromkeys(names))  # the exact rule takes repeats; near sees new names
    return [
        _Row(
            Indicator(seq=str(n), name=name, target="100%", actual="100%", position=n),
            name_key(name),
            ("100%", "100%"),
        )
        for n, name in enumerate(names, 1)
    ]


def _every_pair(members: list[_Row], threshold: Decimal) -> list[tuple[int, int, dict[str, str]]]:
    """The reference: each name against every earlier one, the first that passes."""
    num, den = threshold.as_integer_ratio()
    from jxrules.checks.duplicate import _DIGITS

    found = []
    for i in range(1, len(members)):
        for j in range(i):
            a, b = members[i].name, members[j].name
            hit = _similar(a, b, _DIGITS.findall(a), _DIGITS.findall(b), num, den, None, [])
            if hit is not None:
                found.append((i, j, hit))
                break
    return found


def test_the_indexed_search_finds_what_every_pair_finds() -> None:
    for seed, size in ((1, 300), (2, 600)):
        members = _bucket(size, seed)
        position = {id(m): k for k, m in enumerate(members)}
        fast = [
            (position[id(a)], position[id(b)], hit)
            for a, b, hit in _near_in_bucket(members, Decimal("0.6"))
        ]
        expected = _every_pair(members, Decimal("0.6"))
        assert fast == expected
        assert len(expected) > 20  # the planted rewordings are found, not an empty agreement


def test_names_differing_only_in_figures_are_not_compared() -> None:
    """5,000 rows 指标1 … 指标5000 with the same figures: no pair can match, and none is tried
    (the check counts the comparisons it makes through difflib's matcher)."""
    import jxrules.checks.duplicate as duplicate

    calls = 0
    original = duplicate._similar

    def counting(*args: object) -> object:
        nonlocal calls
        calls += 1
        return original(*args)  # type: ignore[arg-type]

    members = [
        _Row(
            Indicator(seq=str(n), name=f"指标{n}", target="1", actual="1", position=n),
            f"指标{n}",
            ("1", "1"),
        )
        for n in range(1, 5001)
    ]
    duplicate._similar = counting  # type: ignore[assignment]
    try:
        assert list(_near_in_bucket(members, Decimal("0.6"))) == []
    finally:
        duplicate._similar = original
    assert calls == 0
