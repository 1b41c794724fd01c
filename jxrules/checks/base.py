"""The contract between the engine and a check kind.

A check kind says only what it knows: "this is wrong, with these figures, here"
(an :class:`Issue`).  The engine stamps the rest — rule id, severity, the
rendered message, the check name — as jsonschema's validator does for keywords.
"""

from __future__ import annotations

import abc
import inspect
import reprlib
import sys
from collections.abc import Iterable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from decimal import Decimal
from typing import Any, ClassVar

import attrs
from attrs import frozen

from jxrules.errors import Position, QuantityError, RulesetError
from jxrules.findings import Location, Severity
from jxrules.model import Report
from jxrules.quantities.decimals import decimal_text
from jxrules.sandbox import CompiledExpression, compile_expression, evaluate, evaluate_each


@frozen
class Issue:
    """What a check yields: where, which figures, and extra message variables."""

    location: Location
    evidence: Mapping[str, str] = attrs.field(factory=dict)
    #: Variables for the rule's message template beyond the evidence (names, rows...).
    variables: Mapping[str, Any] = attrs.field(factory=dict)
    #: A severity that overrides the rule's (rarely needed; prefer a separate rule).
    severity: Severity | None = None
    #: With ``--explain``: the intermediate values that decided the issue.
    explanation: Mapping[str, str] = attrs.field(factory=dict)


@frozen
class RuleSpec:
    """A rule's raw fields as written, with a way to find each field's source position."""

    id: str
    fields: Mapping[str, Any]
    #: Source position of each field, keyed by its path inside the rule (``("evidence", "x")``).
    positions: Mapping[tuple[str | int, ...], Position]
    origin: Position
    params: Mapping[str, Any]

    def position(self, key: str | tuple[str | int, ...]) -> Position:
        path = (key,) if isinstance(key, str) else key
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.origin

    def expression(self, key: str) -> CompiledExpression | None:
        """Compile the expression in field ``key`` (``None`` when absent)."""
        source = self.fields.get(key)
        if source is None:
            return None
        return self.expression_at((key,), str(source))

    def expression_at(self, path: tuple[str | int, ...], source: str) -> CompiledExpression:
        """Compile an expression found at ``path`` inside the rule."""
        return compile_expression(source, self.position(path))

    def vocabulary(self) -> Any:
        """The shipped quantity vocabulary extended by the rule's ``vocabulary`` field, its
        patterns vetted like every pattern a ruleset brings."""
        from jxrules.quantities import default_vocabulary
        from jxrules.sandbox.vet import regex_problem

        extra = self.fields.get("vocabulary") or {}
        for key in ("ignore_patterns", "placeholders"):
            for n, text in enumerate(extra.get(key) or ()):
                problem = regex_problem(str(text))
                if problem:
                    raise self.error(("vocabulary", key, n), f"正则表达式 {text!r}：{problem}")
        try:
            return default_vocabulary().extended(extra or None)
        except QuantityError as exc:
            raise self.error("vocabulary", f"vocabulary：{exc.message}") from None

    def setting(self, key: str, default: Any = None) -> Any:
        """Field ``key`` as written, or the ruleset param it names (``tolerance: params.x``).

        So a threshold, a table or a word list a rule reads can live in ``params``, where a
        province's ruleset replaces it through ``extends`` without rewriting the rule.
        """
        value = self.fields.get(key, default)
        if isinstance(value, str) and value.startswith("params."):
            name = value.removeprefix("params.")
            if name not in self.params:
                known = "、".join(sorted(self.params)) or "—"
                raise self.error(key, f"{key}：参数 “{name}” 不存在（已有参数：{known}）")
            return self.params[name]
        return value

    def error(self, key: str | tuple[str | int, ...], message: str) -> RulesetError:
        return RulesetError(f"规则 {self.id}：{message}", self.position(key))


_UNSET = object()


class Context:
    """What a check sees while running over one report; caches shared per report."""

    def __init__(self, report: Report, params: Mapping[str, Any], *, explain: bool = False) -> None:
        self.report = report
        self.params = params
        #: Whether findings should carry the values that decided them (``--explain``).
        self.explain = explain
        self.cache: dict[Any, Any] = {}
        self._names: Mapping[str, Any] | None = None
        #: The report's rows (indicators and budget lines): an evaluation over the whole
        #: report may walk them, and its budget grows with them (``Limits.scaled``).
        self.rows = len(report.indicators) + sum(len(t.items) for t in report.budget.values())

    @property
    def names(self) -> Mapping[str, Any]:
        """The report as expression names (built on first use)."""
        if self._names is None:
            from jxrules.checks.namespace import report_names

            self._names = report_names(self.report, self.params)
        return self._names

    def memo(self, key: Any, compute: Any) -> Any:
        """Compute once per report what several rules of a kind share."""
        found = self.cache.get(key, _UNSET)
        if found is _UNSET:
            found = self.cache[key] = compute()
        return found

    def value_of(self, expression: CompiledExpression) -> Any:
        """An expression over the report alone (no ``item``), evaluated once per report and text.

        Rules often share a guard (``when``) or a unit expression; they get one evaluation.
        """
        return self.memo(
            ("value", expression.source),
            lambda: evaluate(expression, self.names, rows=self.rows),
        )

    def where_mask(self, where: CompiledExpression, rows: str = "indicators") -> list[bool]:
        """For each row of ``rows``, whether ``where`` (with the row as ``item``) holds.

        Computed once per report and expression text, so rules sharing a filter share the work.
        """

        def compute() -> list[bool]:
            return [bool(value) for value in evaluate_each(where, self.names, self.names[rows])]

        mask: list[bool] = self.memo(("where", rows, where.source), compute)
        return mask


class CheckKind(abc.ABC):
    """Base of all check kinds.  Subclasses set the class attributes and two methods."""

    #: The name rules use in ``check:``.
    name: ClassVar[str]
    #: JSON-Schema ``properties`` for the rule fields this kind adds.
    properties: ClassVar[Mapping[str, Any]] = {}
    #: Which of those are required.
    required: ClassVar[tuple[str, ...]] = ()
    #: Message placeholders this kind provides (besides ``params.*``).
    message_variables: ClassVar[frozenset[str]] = frozenset()
    #: The rows a ``where`` field filters, bound as ``item`` (a ``for_each`` path), if any.
    rows: ClassVar[str | None] = None
    #: The fields holding expressions, as dotted paths inside a rule; ``*`` stands for any key
    #: or list index (``pairs.*.stated.expression``).  ``jxrules lint`` checks every one.
    expression_fields: ClassVar[tuple[str, ...]] = ()

    def documentation(self) -> str:
        """The user documentation (Markdown): the docstring of the kind's module."""
        module = sys.modules.get(type(self).__module__)
        return inspect.cleandoc((module and module.__doc__) or type(self).__doc__ or "")

    def compile(self, spec: RuleSpec) -> Any:
        """Turn the rule's fields into what :meth:`evaluate` needs; raise ``RulesetError``."""
        return spec.fields

    @abc.abstractmethod
    def evaluate(self, config: Any, context: Context) -> Iterable[Issue]:
        """Yield an :class:`Issue` for each thing wrong in ``context.report``."""

    def reports_as(self, config: Any) -> str:
        """The contract's check kind (CONTRACT.md) the rule's findings belong to: the kind's
        own name, unless it applies another kind's test to other data (the ``narrative`` kind's
        breakdowns are ``reconcile`` findings, its repeated figures ``crossref`` ones)."""
        return self.name

    def allows_variable(self, name: str, config: Any) -> bool:
        """Whether ``{name}`` may appear in this rule's message."""
        head = name.split(".")[0]
        return head == "params" or head in self.message_variables


#: Rule fields holding an expression whatever the check kind.
COMMON_EXPRESSION_FIELDS = ("when",)


def expression_texts(
    fields: Mapping[str, Any], kind: CheckKind
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every expression written in a rule's ``fields``, with its path inside the rule."""
    for pattern in (*COMMON_EXPRESSION_FIELDS, *kind.expression_fields):
        yield from _texts_at(fields, tuple(pattern.split(".")), ())


def _texts_at(
    value: Any, parts: tuple[str, ...], path: tuple[str | int, ...]
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if not parts:
        if isinstance(value, str):
            yield path, value
        return
    head, rest = parts[0], parts[1:]
    children: Iterable[tuple[str | int, Any]] = ()
    if head == "*":
        if isinstance(value, Mapping):
            children = value.items()
        elif isinstance(value, list):
            children = enumerate(value)
    elif isinstance(value, Mapping) and head in value:
        children = ((head, value[head]),)
    for key, child in children:
        yield from _texts_at(child, rest, (*path, key))


#: Longest text a value prints as in evidence or a message.
MAX_VALUE_CHARS = 4000


def format_value(value: Any, limit: int | None = None) -> str:
    """How a value prints in a message: decimals exact, none as （空）.

    Never longer than ``limit`` characters (default :data:`MAX_VALUE_CHARS`),
    and never slower than that: a huge or deeply shared value is cut with ``…``
    before it is fully turned into text.
    """
    cap = MAX_VALUE_CHARS if limit is None else limit
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
