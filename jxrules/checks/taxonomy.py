"""``taxonomy`` — standard indicator categories, and the required ones (docs/checks/taxonomy.md).

Categories are the values of the indicator rows' ``level1`` (一级指标) and
``level2`` (二级指标) columns, compared after normalisation (white space and
punctuation removed, full/half width folded).  A name is standard when it is a
一级指标 or a 二级指标 of ``categories`` — in either column, since reports put
产出指标 / 满意度指标 in the 二级指标 column too.

Outcomes (``find``):

``nonstandard`` (default)
    Each DISTINCT non-standard category gives ONE finding, at the first row
    using it (``table: indicators``, ``row``, ``name``).  Evidence:
    ``category`` (as first printed), ``rows`` (how many rows use it),
    ``level`` (``level1``/``level2`` where first seen), ``suggestion``: from
    ``suggestions``, else the closest standard name (similarity ≥ 0.5), else
    all standard names joined by “、”.
``missing``
    Each name in ``required`` that no row carries gives one finding
    (``table: indicators``).  A row carries it when one of its categories
    starts with the required name (满意度指标 satisfies 满意度) or with one of
    its 二级指标 (社会效益指标 satisfies 效益指标).  Evidence: ``required``,
    ``categories`` (the distinct categories the report uses, joined by “、”).
    A report without indicator rows gives no finding here.

Fields (defaults in ``jxrules/data/taxonomy.yaml``):

``categories``
    Mapping 一级指标 → list of its 二级指标 (default: 产出/效益/满意度指标 and
    their 二级指标, 财预〔2020〕10号).
``suggestions``
    ``nonstandard`` only: mapping non-standard name → standard name
    (default includes 效果指标 → 效益指标).
``required``
    ``missing`` only: list of required category names (default
    ``[效益指标, 满意度指标]``).

Message variables: the location keys, the evidence keys and ``level_label``
(一级指标 / 二级指标).

Example::

    - id: indicator-category-standard
      check: taxonomy
      severity: warning
      message: 指标类别“{category}”不是标准名称（首见第 {row} 行，共 {rows} 行），建议：{suggestion}
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from difflib import SequenceMatcher
from functools import cache
from typing import Any, ClassVar, NamedTuple

from attrs import frozen

from jxrules.checks.base import CheckKind, Context, Issue, RuleSpec
from jxrules.checks.duplicate import name_key
from jxrules.data import load as load_data
from jxrules.findings import Location
from jxrules.model import Indicator

LEVELS: Mapping[str, str] = {"level1": "一级指标", "level2": "二级指标"}
_LOCATION = ("table", "row", "name")
_NONSTANDARD_VARS = ("category", "rows", "level", "suggestion", "level_label")
_MISSING_VARS = ("required", "categories")
#: Smallest similarity (2·matched ÷ total characters) for a closest-name suggestion, as a fraction.
SUGGEST_MIN = (1, 2)
_NAMES = {"type": "string", "minLength": 1}


@cache
def defaults() -> Mapping[str, Any]:
    """The shipped defaults (``jxrules/data/taxonomy.yaml``)."""
    data: Mapping[str, Any] = load_data("taxonomy.yaml")
    return data


@frozen
class TaxonomyRule:
    find: str
    #: Normalised standard name -> the name as written in the rule (or data file).
    standard: Mapping[str, str]
    #: Normalised 一级指标 -> normalised names of its 二级指标.
    children: Mapping[str, tuple[str, ...]]
    suggestions: Mapping[str, str]
    required: tuple[str, ...]


class TaxonomyKind(CheckKind):
    name = "taxonomy"
    properties: ClassVar[Mapping[str, Any]] = {
        "find": {"enum": ["nonstandard", "missing"]},
        "categories": {
            "type": "object",
            "minProperties": 1,
            "additionalProperties": {"type": "array", "items": _NAMES},
        },
        "suggestions": {"type": "object", "additionalProperties": _NAMES},
        "required": {"type": "array", "minItems": 1, "items": _NAMES},
    }
    message_variables = frozenset((*_LOCATION, *_NONSTANDARD_VARS, *_MISSING_VARS))

    def compile(self, spec: RuleSpec) -> TaxonomyRule:
        find = spec.fields.get("find", "nonstandard")
        if find == "nonstandard" and "required" in spec.fields:
            raise spec.error("required", "required 只能与 find: missing 一起使用")
        if find == "missing" and "suggestions" in spec.fields:
            raise spec.error("suggestions", "suggestions 只能与 find: nonstandard 一起使用")
        base = defaults()
        categories: Mapping[str, Sequence[str]] = (
            spec.fields.get("categories") or base["categories"]
        )
        standard: dict[str, str] = {}
        children: dict[str, tuple[str, ...]] = {}
        for parent, kids in categories.items():
            standard.setdefault(name_key(parent), parent)
            for kid in kids:
                standard.setdefault(name_key(kid), kid)
            children[name_key(parent)] = tuple(name_key(k) for k in kids)
        suggestions = spec.fields.get("suggestions") or base["suggestions"]
        required = spec.fields.get("required") or base["required"]
        for n, name in enumerate(required):
            if not name_key(name):
                raise spec.error(("required", n), f"“{name}” 去掉空白和标点后为空")
        return TaxonomyRule(
            find=find,
            standard=standard,
            children=children,
            suggestions={name_key(k): v for k, v in suggestions.items()},
            required=tuple(required),
        )

    def allows_variable(self, name: str, config: TaxonomyRule) -> bool:
        head = name.split(".")[0]
        allowed = _NONSTANDARD_VARS if config.find == "nonstandard" else _MISSING_VARS
        return head == "params" or head in _LOCATION or head in allowed

    def evaluate(self, config: TaxonomyRule, context: Context) -> Iterable[Issue]:
        used: list[_Use] = context.memo(
            ("taxonomy", "uses"), lambda: _uses(context.report.indicators)
        )
        if config.find == "nonstandard":
            yield from _nonstandard(config, used)
        elif context.report.indicators:
            yield from _missing(config, used)


class _Use(NamedTuple):
    """A distinct category: its first row, as first printed, and how many rows use it."""

    key: str
    printed: str
    level: str
    first: Indicator
    rows: int


def _uses(indicators: Sequence[Indicator]) -> list[_Use]:
    first: dict[str, tuple[str, str, Indicator]] = {}
    counts: dict[str, int] = {}
    keys: dict[str, str] = {}  # a table repeats a handful of categories: key each once
    for indicator in indicators:
        keys_here: set[str] = set()
        for level in LEVELS:
            printed = getattr(indicator, level) or ""
            key = keys.get(printed)
            if key is None:
                key = keys[printed] = name_key(printed)
            if not key:
                continue
            first.setdefault(key, (printed.strip(), level, indicator))
            keys_here.add(key)
        for key in keys_here:
            counts[key] = counts.get(key, 0) + 1
    return [_Use(k, p, lvl, ind, counts[k]) for k, (p, lvl, ind) in first.items()]


def _nonstandard(config: TaxonomyRule, used: Sequence[_Use]) -> Iterator[Issue]:
    for use in used:
        if use.key in config.standard:
            continue
        row = use.first
        yield Issue(
            location=Location(table="indicators", row=row.row, name=row.name, line=row.line),
            evidence={
                "category": use.printed,
                "rows": str(use.rows),
                "level": use.level,
                "suggestion": _suggest(config, use.key),
            },
            variables={"level_label": LEVELS[use.level]},
        )


def _suggest(config: TaxonomyRule, key: str) -> str:
    if key in config.suggestions:
        return config.suggestions[key]
    best: tuple[int, int] | None = None  # (2·matched, total) of the best so far
    best_name = ""
    matcher = SequenceMatcher(None, "", key, autojunk=False)
    for candidate, printed in config.standard.items():
        matcher.set_seq1(candidate)
        matched = sum(block.size for block in matcher.get_matching_blocks())
        score = (2 * matched, len(candidate) + len(key))
        if best is None or score[0] * best[1] > best[0] * score[1]:
            best, best_name = score, printed
    if best is not None and best[0] * SUGGEST_MIN[1] >= SUGGEST_MIN[0] * best[1]:
        return best_name
    return "、".join(config.standard.values())


def _missing(config: TaxonomyRule, used: Sequence[_Use]) -> Iterator[Issue]:
    keys = [use.key for use in used]
    for required in config.required:
        wanted = name_key(required)
        accepted = [wanted]
        for parent, kids in config.children.items():
            if parent.startswith(wanted):
                accepted.extend(kids)
        if any(key.startswith(prefix) for key in keys for prefix in accepted):
            continue
        yield Issue(
            location=Location(table="indicators"),
            evidence={"required": required, "categories": "、".join(u.printed for u in used)},
        )


KIND = TaxonomyKind()
