"""What expressions see and build: records, ordered sets, exact numbers."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from decimal import Decimal
from typing import Any


class Record(dict[str, Any]):
    """A mapping an expression may read with ``a.b``: the only thing attributes reach."""


class OrderedSet(AbstractSet[Any]):
    """What ``set()`` and ``{a, b}`` build: a set that iterates in insertion order.

    Python's own ``set`` iterates strings in an order that changes with
    ``PYTHONHASHSEED``; findings must not.
    """

    __slots__ = ("_items",)
    __hash__ = None  # type: ignore[assignment]

    def __init__(self, items: Iterable[Any] = ()) -> None:
        self._items = dict.fromkeys(items)

    def __contains__(self, item: object) -> bool:
        try:
            return item in self._items
        except TypeError:  # an unhashable item is in no set
            return False

    def __iter__(self) -> Iterator[Any]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return "{" + ", ".join(map(repr, self._items)) + "}" if self._items else "set()"


# ----------------------------------------------------------------- helpers
def _num(value: Any) -> Any:
    if isinstance(value, float):
        return Decimal(repr(value))
    return value


def to_record(value: Any) -> Any:
    """Turn plain nested data (dicts, lists) into what expressions see."""
    if isinstance(value, Mapping):
        return Record({str(k): to_record(v) for k, v in value.items()})
    if isinstance(value, (list, tuple)):
        return [to_record(v) for v in value]
    return _num(value)
