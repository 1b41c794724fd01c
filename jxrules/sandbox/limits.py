"""The sandbox's limits: sizes, budgets, and how much work a value costs."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, MutableMapping, Sequence
from collections.abc import Set as AbstractSet
from decimal import Decimal
from typing import Any

from attrs import frozen

from jxrules.errors import ExpressionError, LimitExceeded
from jxrules.sandbox.values import Record

#: Longest expression text accepted at load.
MAX_EXPRESSION_CHARS = 4000


#: Deepest AST accepted at load (nested operators, calls, brackets).
MAX_AST_DEPTH = 40


#: Operations one evaluation may use (AST nodes, plus the size of big values touched).
DEFAULT_OPERATION_BUDGET = 200_000


#: The most a ruleset may raise the budget to with ``params.limits.operations``.
MAX_OPERATION_BUDGET = 10_000_000


#: Wall-clock seconds one evaluation may take: a backstop behind the operation budget.
DEFAULT_TIME_LIMIT = 2.0


#: The most a ruleset may raise the time limit to with ``params.limits.seconds``.
MAX_TIME_LIMIT = 60.0


#: Operations each row of a report (indicator or budget line) adds to the budget of an
#: evaluation over the whole report: a count over the indicators costs about 12 a row, so a
#: rule may walk the tables a few times whatever their size, while a rule that compares every
#: row with every other still runs out.  A per-row evaluation (``item``) gets no more.
OPERATIONS_PER_ROW = 50


#: Seconds each row adds to such an evaluation's time limit: the default limit's ratio of
#: seconds to operations (2 s for 200,000), so the clock stays a backstop behind the budget.
SECONDS_PER_ROW = OPERATIONS_PER_ROW * DEFAULT_TIME_LIMIT / DEFAULT_OPERATION_BUDGET


#: Largest string/collection an expression may build (characters or items).
MAX_SIZE = 100_000


#: Largest exponent and base of ``**``.
MAX_POWER = 1000


#: Largest integer an expression may build, in bits (about 4,200 decimal digits).
MAX_INT_BITS = 14_000


#: Longest error message from an evaluation (a huge key or value is cut with ``…``).
MAX_ERROR_CHARS = 300


#: Characters of text that cost one operation when compared, searched or copied.
CHARS_PER_OPERATION = 64


#: Most distinct values sharing one hash that a set or mapping built by an expression may hold.
#: Python finds a key by its hash, then compares it with every key of that hash: numbers
#: chosen to collide (``k * (2**61 - 1) + 7``) turn building a set of n into n² comparisons,
#: all inside one C call the operation budget cannot see.  Real data has no such crowds.
MAX_HASH_COLLISIONS = 32


#: Longest match of a regular expression a ruleset brings (a crossref ``pattern``): text is
#: searched in windows of twice this, so a pattern that backtracks over the rest of a line
#: (``[^。]*实际收入``) costs this much per character, not the line's length.
MAX_MATCH_CHARS = 1000


#: Keys of ``params.limits`` a ruleset may set, and their ceilings.
LIMIT_PARAMS = {"operations": MAX_OPERATION_BUDGET, "seconds": MAX_TIME_LIMIT}


@frozen
class Limits:
    """The resource limits of one evaluation (see :func:`limits_from_params`)."""

    operations: int = DEFAULT_OPERATION_BUDGET
    seconds: float = DEFAULT_TIME_LIMIT

    def scaled(self, rows: int) -> Limits:
        """These limits for an evaluation that may walk a report of ``rows`` rows."""
        if rows <= 0:
            return self
        return Limits(
            operations=self.operations + rows * OPERATIONS_PER_ROW,
            seconds=self.seconds + rows * SECONDS_PER_ROW,
        )


_DEFAULT_LIMITS = Limits()


# ------------------------------------------------------------------ limits
def limits_from_params(params: Any) -> Limits:
    """The limits a ruleset asks for in ``params.limits`` (defaults where absent).

    Raises :class:`ExpressionError` for an unknown key or a value that is not a
    positive number, and :class:`LimitExceeded` above the ceilings in :data:`LIMIT_PARAMS`.
    """
    raw = params.get("limits") if isinstance(params, Mapping) else None
    if raw is None:
        return _DEFAULT_LIMITS
    if not isinstance(raw, Mapping):
        raise ExpressionError("params.limits 必须是映射，例如 {operations: 500000}")
    unknown = sorted(set(raw) - set(LIMIT_PARAMS))
    if unknown:
        raise ExpressionError(
            f"params.limits 中有未知的键 “{unknown[0]}”（允许：{', '.join(LIMIT_PARAMS)}）"
        )
    values: dict[str, Any] = {}
    for key, ceiling in LIMIT_PARAMS.items():
        if key not in raw:
            continue
        value = raw[key]
        if isinstance(value, bool) or not isinstance(value, (int, Decimal, float)):
            raise ExpressionError(f"params.limits.{key} 必须是正数，实际是 “{value}”")
        if key == "operations" and value != int(value):
            raise ExpressionError(f"params.limits.operations 必须是整数，实际是 “{value}”")
        if not value > 0:
            raise ExpressionError(f"params.limits.{key} 必须是正数，实际是 “{value}”")
        if value > ceiling:
            raise LimitExceeded(
                f"params.limits.{key} = {value} 超过允许的最大值 {ceiling} (limit: {key})",
                limit=key,
            )
        values[key] = int(value) if key == "operations" else float(value)
    return Limits(**values)


#: Types whose weight is 1 (text is weighed by its length).
_SCALARS = frozenset({int, bool, float, Decimal, type(None)})


#: Mappings weighed without isinstance (the Records expressions read, plain dicts).
_MAPPINGS: frozenset[type[Any]] = frozenset((dict, Record))


def weight(value: Any, cap: int) -> int:
    """The work of walking ``value`` deeply, in operations; stops counting above ``cap``.

    One per item at every level, plus one per :data:`CHARS_PER_OPERATION`
    characters of text; a value shared many times counts every time, which is
    what comparing or printing it costs.
    """
    total = 0
    stack = [value]
    while stack:
        item = stack.pop()
        total += 1
        children: Any = None
        kind = type(item)
        if kind is str:
            total += len(item) // CHARS_PER_OPERATION
        elif kind in _SCALARS:  # the common types first, without the ABC checks below
            pass
        elif kind in _MAPPINGS:
            children = item.values()
        elif kind is list or kind is tuple:
            children = item
        elif isinstance(item, str):
            total += len(item) // CHARS_PER_OPERATION
        elif isinstance(item, Mapping):
            children = item.values()
        elif isinstance(item, (list, tuple, AbstractSet)):
            children = item
        if children is not None:
            if total + len(children) > cap:
                return total + len(children)
            stack.extend(children)
        if total > cap:
            return total
    return total


def _shallow(value: Any) -> int:
    """The work of copying ``value`` one level deep."""
    if isinstance(value, str):
        return len(value) // CHARS_PER_OPERATION
    if isinstance(value, (list, tuple, Mapping, AbstractSet)):
        return len(value)
    return 0


def _too_large(what: str) -> LimitExceeded:
    return LimitExceeded(f"{what}过大（上限 {MAX_SIZE} 项）(limit: size)", limit="size")


def _sized(values: Any) -> Any:
    if hasattr(values, "__len__") and len(values) > MAX_SIZE:
        raise _too_large("参数")
    return values


def _crowded(count: int) -> LimitExceeded:
    return LimitExceeded(
        f"集合或映射中有超过 {count} 个不同的值哈希相同（构造的哈希碰撞）(limit: hash)",
        limit="hash",
    )


def check_hashing(keys: Sequence[Any]) -> None:
    """Refuse ``keys`` if more than :data:`MAX_HASH_COLLISIONS` distinct ones share a hash.

    Linear: the hashes are counted first (hash values are ints below ``2**64``, at most a
    handful of which share a hash in turn); only a crowded hash has its keys compared, each
    with at most :data:`MAX_HASH_COLLISIONS` others.  Equal keys (one unit on every row)
    are no crowd: a set holds them once.  An unhashable key raises ``TypeError`` as building
    the set would.
    """
    if len(keys) <= MAX_HASH_COLLISIONS:
        return
    hashes = list(map(hash, keys))
    counts = Counter(hashes)
    crowded = {h for h, n in counts.items() if n > MAX_HASH_COLLISIONS}
    if not crowded:
        return
    distinct: dict[int, list[Any]] = {h: [] for h in crowded}
    for h, key in zip(hashes, keys, strict=True):
        seen = distinct.get(h)
        if seen is not None and key not in seen:  # list membership: identity, then ==
            seen.append(key)
            if len(seen) > MAX_HASH_COLLISIONS:
                raise _crowded(MAX_HASH_COLLISIONS)


class HashGuard:
    """:func:`check_hashing` one key at a time, for a mapping built key by key."""

    __slots__ = ("counts",)

    def __init__(self) -> None:
        self.counts: dict[int, int] = {}

    def put(self, table: MutableMapping[Any, Any], key: Any, value: Any) -> None:
        """``table[key] = value``, refused if ``key`` would join a crowd of its hash."""
        if key not in table:  # a lookup among at most MAX_HASH_COLLISIONS keys of its hash
            h = hash(key)
            n = self.counts.get(h, 0) + 1
            if n > MAX_HASH_COLLISIONS:
                raise _crowded(MAX_HASH_COLLISIONS)
            self.counts[h] = n
        table[key] = value
