"""# `duplicate` — an indicator listed twice

## What it checks

The indicator table (`indicators`) for rows that repeat an earlier row. Each rule
reports ONE outcome, chosen with `find`:

| `find` | a row is reported when | typical severity |
| --- | --- | --- |
| `exact` (default) | its normalised name equals an earlier row's under the same `parent`, and its 二级指标 or its target is that row's too (with `same_figures: true`: and its target and actual) | error |
| `near` | its name is new, but an earlier row has the same target and actual and a similar name (one contains the other, or the similarity ratio ≥ `similarity`) | info |

The same name is not always the same indicator: one measured under two
二级指标 with different targets (`技术培训人次` as a 数量指标 `≥2000人次` and as a
社会效益指标 `较上年增长10%`) is two indicators, and so are two `其中：女性` rows
under different parents (`parent`). Either of the same 二级指标 or the same target
makes a repeat.

The finding is always on the **later** row; `evidence.duplicate_of` is the
earlier row's label (its 序号, else its position). A row that repeats an earlier
name is the `exact` rule's and is never reported again by `near`. When a name
occurs three times, both repeats point to the first occurrence.

**Normalisation.** Names are compared after NFKC (full-width → half-width:
`５Ｇ` = `5G`), case folding, and removing white space and punctuation (`“”`,
`「」`, `（）`, `、`, `。` …): `新增“小升规”工业企业数量` = `新增「小升规」工业企业数量`.
Targets and actuals are compared after NFKC and removing white space and a
trailing full stop — punctuation is kept there, because `5.7` is not `57` and
`90%` is not `90`: `170 家` = `170家`, `５.７亿元` = `5.7亿元`.

**Near-duplicates** need the same target *and* actual, both non-blank (blank
cells are no evidence). Names whose numbers differ (`2022年…` / `2023年…`) are
never near-duplicates. The similarity ratio is difflib's: 2 × matched
characters ÷ total characters (`企业担保贷款金额` / `企业担保贷款发放金额`: 16/18 = 0.88).

## Why it matters

A copied row inflates the indicator count (the text then disagrees with the
table) and usually means a block of indicators was pasted twice while merging
several projects' indicators. A near-duplicate (the same figures under a
shortened name, like the Jiangmen report's `企业担保贷款金额` / `贷款金额`, both
5.7 亿元 → 7.2 亿元) is often the same indicator reworded; it is worth a look,
not an error.

## Fields

| field | default | meaning |
| --- | --- | --- |
| `find` | `exact` | `exact` or `near` |
| `same_figures` | `false` | `exact` only: also require the same target and actual |
| `similarity` | `0.75` | `near` only: smallest similarity ratio, a decimal in (0, 1]; containment always counts |

Why 0.75: two different indicators that share a generic head and a generic
figure — `企业满意度` / `群众满意度`, both `100%` — have ratio 0.6 and must not be
paired; a word inserted or dropped — `新增小升规工业企业数量` / `新增小升规企业数量`
(0.9), `5G公共服务平台数量` / `5G产业公共服务平台数量` (0.91) — stays above 0.75.

Setting `same_figures` with `near`, or `similarity` with `exact`, is a ruleset
error at load.

## Evidence and message variables

| key | `exact` | `near` | value |
| --- | --- | --- | --- |
| `duplicate_of` | ✓ | ✓ | the earlier row's label |
| `duplicate_of_name` | ✓ | ✓ | the earlier row's name as printed |
| `target`, `actual` | ✓ | ✓ | this row's figures as printed |
| `duplicate_of_target`, `duplicate_of_actual` | ✓ | ✓ | the earlier row's figures as printed |
| `similarity` | | ✓ | the ratio, two decimals, rounded down (`0.66`) |
| `match` | | ✓ | `contains` or `similar` |

Messages may also use the location keys `{table}`, `{row}`, `{name}` and `{params.*}`.

## Cost

`exact` is one pass with a dictionary. `near` buckets rows by their normalised
figures, and inside a bucket compares a name only with candidates found
through a character prefix index (prefix filtering), cheapest test first —
never all pairs of the table.

## Example

```yaml
# ruleset-example
id: local/duplicate-example
title: 指标重复
version: "1"
applies_to: {kind: department_overall, fiscal_years: [2022]}
rules:
  - id: indicator-duplicate
    check: duplicate
    severity: error
    find: exact
    message: 指标“{name}”（第 {row} 行）与第 {duplicate_of} 行重复：本行目标 {target}、实际 {actual}；第 {duplicate_of} 行目标 {duplicate_of_target}、实际 {duplicate_of_actual}
    message_en: Indicator “{name}” (row {row}) repeats row {duplicate_of}

  - id: indicator-near-duplicate
    check: duplicate
    severity: info
    find: near
    similarity: 0.75
    message: 指标“{name}”（第 {row} 行）与第 {duplicate_of} 行“{duplicate_of_name}”名称相近（相似度 {similarity}），目标 {target}、实际 {actual} 均相同，可能重复
```

On `examples/jiangmen-2022-dept-overall.yaml` this gives five `exact` findings
(rows 22–26 repeat rows 17–21) and one `near` finding:

```json
{
  "rule": "indicator-near-duplicate",
  "check": "duplicate",
  "severity": "info",
  "message": "指标“贷款金额”（第 14 行）与第 13 行“企业担保贷款金额”名称相近（相似度 0.66），目标 5.7 亿元、实际 7.2 亿元 均相同，可能重复",
  "location": {"table": "indicators", "row": "14", "name": "贷款金额"},
  "evidence": {
    "duplicate_of": "13", "duplicate_of_name": "企业担保贷款金额",
    "target": "5.7 亿元", "actual": "7.2 亿元",
    "duplicate_of_target": "5.7 亿元", "duplicate_of_actual": "7.2 亿元",
    "similarity": "0.66", "match": "contains"
  }
}
```

Rule tests: `tests/checks/cases/duplicate.tests.yaml`.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import ROUND_DOWN, Decimal
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any, ClassVar, NamedTuple

from attrs import frozen

from jxrules.checks.base import CheckKind, Context, Issue, RuleSpec
from jxrules.errors import QuantityError
from jxrules.findings import Location
from jxrules.model import Indicator
from jxrules.quantities.decimals import decimal_text, parse_decimal

#: Default ``similarity`` for ``find: near`` (see the module docstring).
DEFAULT_SIMILARITY = Decimal("0.75")
_LOCATION = ("table", "row", "name")
_EXACT_EVIDENCE = (
    "duplicate_of",
    "duplicate_of_name",
    "target",
    "actual",
    "duplicate_of_target",
    "duplicate_of_actual",
)
_NEAR_EVIDENCE = (*_EXACT_EVIDENCE, "similarity", "match")
_TRAILING = "。.;,、"
_DIGITS = re.compile(r"\d+")


class _Dropped(dict[int, "int | None"]):
    """``str.translate`` table deleting white space and punctuation, filled as characters are met."""

    def __missing__(self, code: int) -> int | None:
        ch = chr(code)
        drop = ch.isspace() or unicodedata.category(ch).startswith("P")
        self[code] = None if drop else code
        return self[code]


_DROPPED = _Dropped()


@lru_cache(maxsize=8192)  # a batch repeats its indicator names and figures
def name_key(text: str) -> str:
    """An indicator (or category) name for comparison: NFKC, casefold, no spaces or punctuation."""
    return unicodedata.normalize("NFKC", text).casefold().translate(_DROPPED)


@lru_cache(maxsize=8192)
def figure_key(text: str) -> str:
    """A printed target/actual for comparison: NFKC, no white space, no trailing full stop."""
    return "".join(unicodedata.normalize("NFKC", text).split()).rstrip(_TRAILING)


class _Row(NamedTuple):
    """An indicator with its comparison keys (a tuple: one is made per row of every report)."""

    indicator: Indicator
    name: str
    figures: tuple[str, str]
    level2: str = ""  # the normalised 二级指标


@frozen
class DuplicateRule:
    find: str
    same_figures: bool
    similarity: Decimal


class DuplicateKind(CheckKind):
    name = "duplicate"
    properties: ClassVar[Mapping[str, Any]] = {
        "find": {"enum": ["exact", "near"], "description": "Which outcome this rule reports."},
        "same_figures": {"type": "boolean"},
        "similarity": {"type": ["number", "string"]},
    }
    message_variables = frozenset((*_LOCATION, *_NEAR_EVIDENCE))

    def compile(self, spec: RuleSpec) -> DuplicateRule:
        find = spec.fields.get("find", "exact")
        if find == "near" and "same_figures" in spec.fields:
            raise spec.error(
                "same_figures", "find: near 总是比较目标值与实际值，不能设置 same_figures"
            )
        if find == "exact" and "similarity" in spec.fields:
            raise spec.error("similarity", "similarity 只能与 find: near 一起使用")
        similarity = DEFAULT_SIMILARITY
        if "similarity" in spec.fields:
            try:
                similarity = parse_decimal(spec.fields["similarity"]) or Decimal(0)
            except QuantityError as exc:
                raise spec.error("similarity", exc.message) from None
            if not Decimal(0) < similarity <= Decimal(1):
                raise spec.error("similarity", f"similarity 应在 (0, 1] 之间，实际是 {similarity}")
        return DuplicateRule(find, bool(spec.fields.get("same_figures", False)), similarity)

    def allows_variable(self, name: str, config: DuplicateRule) -> bool:
        head = name.split(".")[0]
        allowed = _NEAR_EVIDENCE if config.find == "near" else _EXACT_EVIDENCE
        return head == "params" or head in _LOCATION or head in allowed

    def evaluate(self, config: DuplicateRule, context: Context) -> Iterable[Issue]:
        rows: tuple[_Row, ...] = context.memo(("duplicate", "rows"), lambda: _rows(context))
        if config.find == "exact":
            for row, first in exact_duplicates(rows, same_figures=config.same_figures):
                yield _issue(row, first, {})
            return
        for row, first, extra in near_duplicates(rows, config.similarity):
            yield _issue(row, first, extra)


def _rows(context: Context) -> tuple[_Row, ...]:
    return tuple(
        _Row(
            i,
            name_key(i.name),
            (figure_key(i.target), figure_key(i.actual)),
            name_key(i.level2 or ""),
        )
        for i in context.report.indicators
    )


def exact_duplicates(rows: Sequence[_Row], *, same_figures: bool) -> Iterator[tuple[_Row, _Row]]:
    """Each row that states an earlier row's indicator again, with the first such row.

    The same name is the same indicator only under the same ``parent`` (two ``其中：女性``
    rows of different indicators are two parts) and under the same 二级指标 or with the
    same target: one name measured as a 数量指标 and as a 社会效益指标 with different
    targets is two indicators.
    """
    first: dict[tuple[str | None, ...], list[_Row]] = {}
    for row in rows:
        if not row.name:
            continue  # a name that is only punctuation is not an indicator name
        key = (row.name, row.indicator.parent, *(row.figures if same_figures else ()))
        earlier = first.setdefault(key, [])
        same = next((e for e in earlier if _same_indicator(e, row)), None)
        if same is None:
            earlier.append(row)
        else:
            yield row, same


def _same_indicator(earlier: _Row, row: _Row) -> bool:
    """Two rows of one name and parent: the same 二级指标, or the same target."""
    return earlier.level2 == row.level2 or earlier.figures[0] == row.figures[0]


def near_duplicates(
    rows: Sequence[_Row], threshold: Decimal
) -> list[tuple[_Row, _Row, dict[str, str]]]:
    """Rows with a new name, the same figures as an earlier row, and a similar name."""
    seen: set[str] = set()
    buckets: dict[tuple[str, str], list[_Row]] = {}
    for row in rows:
        if not row.name or row.name in seen:
            continue  # a repeated name is the exact rule's
        seen.add(row.name)
        if all(row.figures):  # a blank target or actual is no evidence of duplication
            buckets.setdefault(row.figures, []).append(row)
    found = [
        hit
        for members in buckets.values()
        if len(members) > 1
        for hit in _near_in_bucket(members, threshold)
    ]
    found.sort(key=lambda hit: hit[0].indicator.position)
    return found


def _near_in_bucket(
    members: Sequence[_Row], threshold: Decimal
) -> Iterator[tuple[_Row, _Row, dict[str, str]]]:
    """Compare each name only with earlier names that could pass (prefix filtering).

    Names are multisets of characters ordered rarest first (within the bucket).
    Two names with ratio ≥ t share at least α = ⌈t·(a+b)/2⌉ characters, so
    (the standard prefix-filter argument) the first ``x − ⌈t·x/(2−t)⌉ + 1``
    characters of each share one; containment needs the shorter name's
    rarest character in the longer one.  Candidates come from three indexes and
    are checked cheapest test first; ``difflib`` runs only when the shared
    characters could reach the threshold.
    """
    num, den = threshold.as_integer_ratio()  # ratio >= t  <=>  2·matched·den >= num·total
    names = [m.name for m in members]
    numbers = [_DIGITS.findall(name) for name in names]
    if len(members) <= _DIRECT:  # a few rows: every earlier row is a candidate
        for i in range(1, len(names)):
            box: list[SequenceMatcher[str]] = []
            for j in range(i):
                hit = _similar(names[i], names[j], numbers[i], numbers[j], num, den, None, box)
                if hit is not None:
                    yield members[i], members[j], hit
                    break
        return
    tokens = [_tokens(name) for name in names]
    frequency = Counter(token for name in tokens for token in name)
    ordered = [sorted(name, key=lambda tok: (frequency[tok], tok)) for name in tokens]
    sets = [frozenset(name) for name in tokens]
    # (group, token) -> earlier members: holding it at all / in their prefix / as their rarest.
    # Names printing different figures never match (2022年… is not 2023年…), so a name with
    # figures looks only among names with the same figures or none, and a name without any
    # among all ("*"): a table of 指标1 … 指标10000 is no longer compared pair by pair.
    holders: dict[tuple[object, tuple[str, int]], list[int]] = {}
    prefixed: dict[tuple[object, tuple[str, int]], list[int]] = {}
    rarest: dict[tuple[object, tuple[str, int]], list[int]] = {}
    for i, name in enumerate(names):
        mine = ordered[i]
        own = tuple(numbers[i])
        groups: tuple[object, ...] = (own, ()) if own else ("*",)
        need = -(-num * len(name) // (2 * den - num))  # ⌈t·x/(2−t)⌉ characters shared at least
        prefix = mine[: len(name) - need + 1]
        candidates: set[int] = set()
        for group in groups:
            candidates.update(holders.get((group, mine[0]), ()))  # inside an earlier name
            for token in mine:
                candidates.update(rarest.get((group, token), ()))  # an earlier name inside
            for token in prefix:
                candidates.update(prefixed.get((group, token), ()))  # similar: prefixes meet
        box = []
        for j in sorted(candidates):
            shared = len(sets[i] & sets[j])
            hit = _similar(name, names[j], numbers[i], numbers[j], num, den, shared, box)
            if hit is not None:
                yield members[i], members[j], hit
                break
        for group in (own, "*") if own else ((), "*"):
            for token in mine:
                holders.setdefault((group, token), []).append(i)
            for token in prefix:
                prefixed.setdefault((group, token), []).append(i)
            rarest.setdefault((group, mine[0]), []).append(i)


#: Buckets up to this size are compared pair by pair (the indexes cost more than they save).
_DIRECT = 8


def _similar(
    name: str,
    other: str,
    numbers: list[str],
    other_numbers: list[str],
    num: int,
    den: int,
    shared: int | None,
    box: list[SequenceMatcher[str]],
) -> dict[str, str] | None:
    """The evidence if ``name`` resembles the earlier ``other`` enough, else ``None``.

    ``shared`` (characters in common, counted with repeats) rules out hopeless pairs before
    ``difflib`` runs; ``None`` skips that test (it never changes the answer, only the cost).
    ``box`` keeps one matcher for ``name`` across its candidates (difflib indexes it once).
    """
    if numbers and other_numbers and numbers != other_numbers:
        return None  # 2022年… and 2023年… are different indicators
    total = len(name) + len(other)
    if other in name or name in other:
        matched, match = min(len(name), len(other)), "contains"
    else:
        if shared is not None and 2 * min(len(name), len(other), shared) * den < num * total:
            return None  # not enough characters in common
        if not box:
            box.append(SequenceMatcher(None, "", name, autojunk=False))
        box[0].set_seq1(other)
        matched = sum(block.size for block in box[0].get_matching_blocks())
        if 2 * matched * den < num * total:
            return None
        match = "similar"
    ratio = (Decimal(2 * matched) / Decimal(total)).quantize(Decimal("0.01"), ROUND_DOWN)
    return {"similarity": decimal_text(ratio), "match": match}


def _tokens(name: str) -> list[tuple[str, int]]:
    """A name as a multiset of characters: the k-th occurrence of a character is (char, k)."""
    count: dict[str, int] = {}
    out = []
    for ch in name:
        count[ch] = count.get(ch, 0) + 1
        out.append((ch, count[ch]))
    return out


def _issue(row: _Row, first: _Row, extra: Mapping[str, str]) -> Issue:
    this, earlier = row.indicator, first.indicator
    evidence = {
        "duplicate_of": earlier.row,
        "duplicate_of_name": earlier.name,
        "target": this.target,
        "actual": this.actual,
        "duplicate_of_target": earlier.target,
        "duplicate_of_actual": earlier.actual,
        **extra,
    }
    location = Location(table="indicators", row=this.row, name=this.name, line=this.line)
    return Issue(location=location, evidence=evidence)


KIND = DuplicateKind()
