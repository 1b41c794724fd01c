"""# `ceiling` — a report figure stays under a ceiling

## What it checks

That the expression in `value` is at most `ceiling`.

## Fields

| field | meaning |
| --- | --- |
| `value` | an expression giving the figure |
| `ceiling` | the largest figure allowed |
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from jxrules.checks.base import CheckKind, Context, Issue, RuleSpec
from jxrules.findings import Location
from jxrules.sandbox import evaluate


class CeilingKind(CheckKind):
    name = "ceiling"
    properties = {"value": {"type": "string"}, "ceiling": {"type": "number"}}  # noqa: RUF012
    required = ("value", "ceiling")
    expression_fields = ("value",)
    message_variables = frozenset({"value", "ceiling"})

    def compile(self, spec: RuleSpec) -> Any:
        return (spec.expression("value"), Decimal(str(spec.fields["ceiling"])))

    def evaluate(self, config: Any, context: Context) -> Iterator[Issue]:
        expression, ceiling = config
        value = evaluate(expression, context.names)
        if value > ceiling:
            yield Issue(
                Location(field="self_evaluation.score"),
                {"value": str(value), "ceiling": str(ceiling)},
            )


KIND = CeilingKind()


def share(part: Any, whole: Any, *, digits: int = 2) -> Decimal | None:
    """``part`` as a percentage of ``whole``, rounded: ``share(3, 4)`` is ``75.00``."""
    if part is None or not whole:
        return None
    exponent = Decimal(1).scaleb(-int(digits))
    return (Decimal(str(part)) * 100 / Decimal(str(whole))).quantize(exponent)


share.jxrules_keywords = ("digits",)  # type: ignore[attr-defined]
