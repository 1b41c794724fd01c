"""Message templates: ``{name}`` and ``{a.b}`` placeholders, nothing else.

Deliberately not ``str.format``: no attribute access, no indexing, no format
specs, so a template can never reach into an object (see docs/security.md).
``{{`` and ``}}`` print a brace.
"""

from __future__ import annotations

import re
import reprlib
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from decimal import Decimal
from functools import lru_cache
from typing import Any

from jxrules.quantities.decimals import decimal_text

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
_NAME = re.compile(r"^[^\W\d_]\w*(?:\.[^\W_]\w*)*$")
#: Longest rendered message.
MAX_MESSAGE_CHARS = 4000


class TemplateError(ValueError):
    """A template is malformed (unbalanced brace, bad placeholder)."""


def placeholders(template: str) -> list[str]:
    """Names used by a template; raises :class:`TemplateError` for malformed ones."""
    names: list[str] = []
    for match in _TOKEN.finditer(template):
        token = match.group(0)
        if token in ("{{", "}}"):
            continue
        if token in ("{", "}"):
            raise TemplateError(
                f"模板中有不成对的花括号（第 {match.start() + 1} 个字符）；字面花括号请写作 {{{{ 或 }}}}"
            )
        name = (match.group(1) or "").strip()
        if not _NAME.match(name):
            raise TemplateError(f"占位符 {{{name}}} 不是合法的名称（只允许 名称 或 名称.名称）")
        names.append(name)
    return names


def format_value(value: Any, limit: int | None = None) -> str:
    """How a value prints in a message: decimals exact, none as （空）.

    Never longer than ``limit`` characters (default :data:`MAX_MESSAGE_CHARS`),
    and never slower than that: a huge or deeply shared value is cut with ``…``
    before it is fully turned into text.
    """
    cap = MAX_MESSAGE_CHARS if limit is None else limit
    text = _format(value, cap)
    return text if len(text) <= cap else text[: max(cap - 1, 0)] + "…"


def _format(value: Any, cap: int) -> str:
    """``format_value`` that may overshoot ``cap`` by one part (the caller cuts)."""
    if value is None:
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        if value.is_finite() and abs(value.adjusted()) > cap:
            return str(value)  # 1E+999999 stays short
        return decimal_text(value)
    if isinstance(value, str):
        return value[: cap + 1]
    if isinstance(value, (list, tuple)):
        parts: list[str] = []
        size = 0
        for item in value:
            if size > cap:
                break
            parts.append(_format(item, cap - size))
            size += len(parts[-1]) + 1
        return "、".join(parts)
    if isinstance(value, int) and value.bit_length() > 4 * cap:
        return "（数字过大）"
    if _is_small(value, cap):
        return str(value)
    return _BOUNDED.repr(value)


def _is_small(value: Any, cap: int) -> bool:
    """Whether ``str(value)`` is cheap: at most ``cap`` items and characters, all told."""
    seen = 0
    stack = [value]
    while stack:
        item = stack.pop()
        seen += 1 + (len(item) if isinstance(item, str) else 0)
        if isinstance(item, Mapping):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, AbstractSet)):
            stack.extend(item)
        if seen > cap or len(stack) > cap:
            return False
    return True


class _BoundedRepr(reprlib.Repr):
    """``repr`` with every level and collection cut short (for big records and sets)."""

    def __init__(self) -> None:
        super().__init__()
        self.maxlevel = 4
        self.maxdict = self.maxlist = self.maxtuple = self.maxset = 50
        self.maxstring = self.maxother = self.maxlong = 400

    # reprlib dispatches on the type name: repr_<TypeName>.
    def repr_Decimal(self, x: Decimal, level: int) -> str:
        return _format(x, self.maxother)

    def repr_Record(self, x: Any, level: int) -> str:
        return self.repr_dict(x, level)

    def repr_OrderedSet(self, x: Any, level: int) -> str:
        return "{" + self.repr_list(list(x), level)[1:-1] + "}" if x else "set()"


_BOUNDED = _BoundedRepr()


def render(template: str, variables: Mapping[str, Any]) -> str:
    """Fill a template; an unknown name renders as ``{name}`` unchanged.

    The result is at most :data:`MAX_MESSAGE_CHARS` characters; each value is cut to the room
    left and filling stops there, so a template with many placeholders of long values stays
    cheap.
    """
    parts: list[str] = []
    size = 0
    for literal, token, path in _pieces(template):
        if size > MAX_MESSAGE_CHARS:
            break
        parts.append(literal)
        size += len(literal)
        if token:
            room = MAX_MESSAGE_CHARS - size
            filled = token if path is None else _fill(token, path, variables, room)
            parts.append(filled)
            size += len(filled)
    text = "".join(parts)
    return text if len(text) <= MAX_MESSAGE_CHARS else text[: MAX_MESSAGE_CHARS - 1] + "…"


#: A template cut once into (literal text, placeholder token, name path or None for a brace).
_Piece = tuple[str, str, tuple[str, ...] | None]


@lru_cache(maxsize=4096)
def _pieces(template: str) -> tuple[_Piece, ...]:
    """The template as literal text and placeholders, parsed once per template text."""
    pieces: list[_Piece] = []
    pos = 0
    for match in _TOKEN.finditer(template):
        token = match.group(0)
        literal = template[pos : match.start()]
        pos = match.end()
        if token in ("{{", "}}"):
            pieces.append((literal + token[0], "", None))
        else:
            pieces.append((literal, token, tuple((match.group(1) or "").strip().split("."))))
    pieces.append((template[pos:], "", None))
    return tuple(pieces)


def _fill(token: str, path: tuple[str, ...], variables: Mapping[str, Any], room: int) -> str:
    value: Any = variables
    for part in path:
        if not (type(value) is dict or isinstance(value, Mapping)) or part not in value:
            return token
        value = value[part]
    if type(value) is str and len(value) <= room:
        return value
    return format_value(value, max(room, 1))
