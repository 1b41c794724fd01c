"""Message templates: ``{name}`` and ``{a.b}`` placeholders, nothing else.

Deliberately not ``str.format``: no attribute access, no indexing, no format
specs, so a template can never reach into an object (see docs/security.md).
``{{`` and ``}}`` print a brace.
"""

from __future__ import annotations

import re
import reprlib
from collections.abc import Callable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from decimal import Decimal
from functools import lru_cache
from operator import itemgetter
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


class Scope(dict[str, Any]):
    """Message variables whose ``scope[name]`` may find names the dict does not hold.

    A subclass answers those in ``__missing__`` (and ``__contains__``): the engine's scope
    holds a finding's evidence and looks its location and variables up only when a template
    names them.
    """


def render(template: str, variables: Mapping[str, Any]) -> str:
    """Fill a template; an unknown name renders as ``{name}`` unchanged.

    The result is at most :data:`MAX_MESSAGE_CHARS` characters; filling stops
    there, so a template with many placeholders of long values stays cheap.
    """
    form, fields, size, lookup = _form(template)
    if size > _CAP:
        return _capped(_pieces(template), variables)
    # a dict or a Scope is read with [] (a Scope finds names it does not hold); any other
    # mapping with get(), so that a defaultdict or a Counter is neither filled nor defaulted
    direct = type(variables) is dict or isinstance(variables, Scope)
    if lookup is not None and direct:  # only {name}s: all looked up at once, then checked
        try:
            found = lookup(variables)
        except KeyError:
            pass  # an unknown name: the loop below leaves its placeholder as written
        else:
            if set(map(type, found)) <= _TEXT and size + sum(map(len, found)) <= _CAP:
                return form.format(*found)
    values = []
    for token, path in fields:
        if len(path) == 1:  # {name}: the common case, without the walk
            if direct:
                try:
                    value = variables[path[0]]
                except KeyError:
                    value = _ABSENT
            else:
                value = variables.get(path[0], _ABSENT)
            if type(value) is not str:
                value = token if value is _ABSENT else format_value(value, _CAP)
        else:
            value = _fill(token, path, variables, _CAP)
        size += len(value)
        if size > _CAP:  # something must be cut: fill again, each value cut to the room left
            return _capped(_pieces(template), variables)
        values.append(value)
    return form.format(*values)


_ABSENT = object()
_CAP = MAX_MESSAGE_CHARS


def _capped(pieces: tuple[_Piece, ...], variables: Mapping[str, Any]) -> str:
    """Fill placeholder by placeholder, each cut to the room left, until the cap is reached."""
    parts: list[str] = []
    size = 0
    for literal, token, path in pieces:
        if size > _CAP:
            break
        parts.append(literal)
        if token:
            filled = token if path is None else _fill(token, path, variables, _CAP - size)
            parts.append(filled)
            size += len(filled)
        size += len(literal)
    text = "".join(parts)
    return text if len(text) <= _CAP else text[: _CAP - 1] + "…"


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


_TEXT = frozenset((str,))
_Lookup = Callable[[Mapping[str, Any]], Sequence[Any]]


@lru_cache(maxsize=4096)
def _form(
    template: str,
) -> tuple[str, tuple[tuple[str, tuple[str, ...]], ...], int, _Lookup | None]:
    """The template as a ``str.format`` string of numbered fields (its own text escaped),
    the placeholders in order, the length of its fixed text, and, when every placeholder is
    a plain ``{name}``, a function giving their values in order (``KeyError`` for a name
    not there).

    The format string is built here from the template's literal text, so ``format`` only
    ever inserts the already-formatted values: nothing of a value is interpreted.
    """
    form: list[str] = []
    fields: list[tuple[str, tuple[str, ...]]] = []
    fixed = 0
    for literal, token, path in _pieces(template):
        form.append(literal.replace("{", "{{").replace("}", "}}"))
        fixed += len(literal)
        if token and path is not None:
            form.append(f"{{{len(fields)}}}")
            fields.append((token, path))
    lookup: _Lookup | None = None
    if fields and all(len(path) == 1 for _, path in fields):
        names = [path[0] for _, path in fields]
        get = itemgetter(*names)
        lookup = get if len(names) > 1 else (lambda variables: (get(variables),))
    return "".join(form), tuple(fields), fixed, lookup


def _fill(token: str, path: tuple[str, ...], variables: Mapping[str, Any], room: int) -> str:
    value: Any = variables
    for part in path:
        if not (type(value) is dict or isinstance(value, Mapping)) or part not in value:
            return token
        value = value[part]
    if type(value) is str and len(value) <= room:
        return value
    return format_value(value, max(room, 1))
