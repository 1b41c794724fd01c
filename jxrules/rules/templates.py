"""Message templates: ``{name}`` and ``{a.b}`` placeholders, nothing else.

Deliberately not ``str.format``: no attribute access, no indexing, no format
specs, so a template can never reach into an object (see docs/security.md).
``{{`` and ``}}`` print a brace.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from jxrules.checks.base import format_value

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
