"""The library's own exception types.

Two kinds of failure are never mixed (see docs/errors.md): a *ruleset* that is
wrong is a :class:`RulesetError` raised at load time; a *report* that cannot be
read is a :class:`ReportError`.  A rule that breaks while evaluating a report is
not an exception at all: the engine turns it into an ``engine`` finding.
"""

from __future__ import annotations

from attrs import frozen


@frozen
class Position:
    """Where something is in a source file (1-based line and column)."""

    file: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        if self.line is None:
            return self.file
        if self.column is None:
            return f"{self.file}:{self.line}"
        return f"{self.file}:{self.line}:{self.column}"


class JxError(Exception):
    """Base class of every error jxrules raises on purpose.

    ``str(error)`` is one line a person can act on: ``file:line:column: what is wrong``.
    """

    def __init__(self, message: str, position: Position | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.position = position

    def __str__(self) -> str:
        if self.position is None:
            return self.message
        return f"{self.position}: {self.message}"


class InputError(JxError):
    """A file or directory cannot be used as input (missing, unreadable, not UTF-8, too large)."""


class YamlSyntaxError(JxError):
    """A YAML or JSON document is not well-formed."""


class RulesetError(JxError):
    """A ruleset is invalid: schema violation, unknown check kind, bad expression, ..."""


class ReviewError(JxError):
    """A waivers or baseline file is invalid (the review workflow's own inputs)."""


class LayoutsError(JxError):
    """A layouts file (``--layouts``) is invalid: schema violation, bad regular expression."""


class ReportError(JxError):
    """A report cannot be read into the canonical model."""


class ExpressionError(JxError):
    """An expression could not be compiled (load time) or evaluated (run time)."""


class QuantityError(JxError):
    """A printed quantity (``≥200 家``, ``7,013.09``) could not be read."""


class ConfigError(JxError):
    """A configuration file (``jxrules.toml``, ``[tool.jxrules]``) is invalid."""


class LimitExceeded(JxError):
    """A resource limit (size, depth, operations) was exceeded.

    ``limit`` names the limit for programs (``operations``, ``seconds``,
    ``file_bytes``, ``yaml_nodes``, ``rows``...; docs/security.md lists them all),
    and the message ends with ``(limit: NAME)`` for people.
    """

    def __init__(
        self, message: str, position: Position | None = None, *, limit: str | None = None
    ) -> None:
        super().__init__(message, position)
        self.limit = limit


def require(value: object, kinds: type | tuple[type, ...], what: str, expected: str) -> None:
    """At a public function's door: a wrong argument is an :class:`InputError` that names it,
    not an ``AttributeError`` or ``TypeError`` from deep inside."""
    if not isinstance(value, kinds):
        raise InputError(f"{what} 应为{expected}，实际是 {type(value).__name__}: {value!r:.80}")
