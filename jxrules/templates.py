"""Message templates: ``{name}`` and ``{a.b}`` placeholders, nothing else.

Deliberately not ``str.format``: no attribute access, no indexing, no format
specs, so a template can never reach into an object (see docs/security.md).
``{{`` and ``}}`` print a brace.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from jxrules.numbers import decimal_text

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


def format_value(value: Any) -> str:
    """How a value prints in a message: decimals exact, none as （空）."""
    if value is None:
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, (list, tuple)):
        return "、".join(format_value(v) for v in value)
    return str(value)


def lookup(variables: Mapping[str, Any], name: str) -> Any:
    """Resolve a dotted name through mappings only; ``KeyError`` when absent."""
    value: Any = variables
    for part in name.split("."):
        if not isinstance(value, Mapping) or part not in value:
            raise KeyError(name)
        value = value[part]
    return value


def render(template: str, variables: Mapping[str, Any]) -> str:
    """Fill a template; an unknown name renders as ``{name}`` unchanged."""

    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        if token == "{{":
            return "{"
        if token == "}}":
            return "}"
        name = (match.group(1) or "").strip()
        try:
            return format_value(lookup(variables, name))
        except KeyError:
            return token

    text = _TOKEN.sub(replace, template)
    return text if len(text) <= MAX_MESSAGE_CHARS else text[: MAX_MESSAGE_CHARS - 1] + "…"
