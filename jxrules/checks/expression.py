"""# `expression` — anything else, as a sandboxed expression

## What it checks

Whatever its `assert` says: the finding fires when the expression is **false**. With
`for_each` the assertion is tried on every row of a table (the row is the name `item`;
`where` filters the rows) and each failing row is one finding located at that row.
The expression language — names, helper functions, exact arithmetic, what is refused — is
described in [docs/expressions.md](../expressions.md).

## Why it matters

Most policy fits a built-in check kind; the rest (a score within its range, a grade that
matches its band, a declared count that matches the table) is one line of expression, with
no Python, evaluated in a sandbox with an operation budget.

## Fields

| field | default | meaning |
| --- | --- | --- |
| `assert` | (required) | an expression over the report's canonical keys, `params` and helper functions; true means the report is fine |
| `for_each` | none | `indicators` or `budget.<table>.items`: check each row, bound as `item` |
| `where` | none | with `for_each`: only the rows for which this is true |
| `evidence` | none | evidence key → expression; each value is shown in the finding's `evidence` and usable as `{key}` in the message |
| `location` | none | `{field, table, column}` for a report-level rule |

A `where` without `for_each` is a ruleset error at load, and so is an expression that does
not parse or uses a name, function or construct the sandbox refuses.

## Evidence and message variables

The `evidence` keys, the report's canonical keys (`{self_evaluation.score}`), `{item.*}`
with `for_each`, and `{params.*}`.

## Example

```yaml
- id: score-in-range
  check: expression
  severity: error
  assert: "0 <= self_evaluation.score <= params.max_score"
  evidence: {score: self_evaluation.score}
  location: {field: self_evaluation.score}
  message: 自评分数 {score} 超出 0–{params.max_score} 的范围
```

`--explain` adds the value of every sub-expression of `assert` to the finding.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from attrs import frozen

from jxrules.checks.base import CheckKind, Context, Issue, RuleSpec, format_value
from jxrules.checks.namespace import REPORT_NAMES, lookup_path
from jxrules.errors import JxError
from jxrules.findings import Location
from jxrules.sandbox import CompiledExpression, Record, evaluate

_TABLE_PATHS = {
    "indicators": "indicators",
    "budget.income.items": "income",
    "budget.expenditure.items": "expenditure",
    "budget.funds.items": "funds",
}
_LOCATION_KEYS = ("table", "row", "name", "column", "field")


@frozen
class ExpressionRule:
    check: CompiledExpression
    for_each: str | None
    where: CompiledExpression | None
    evidence: Mapping[str, CompiledExpression]
    location: Mapping[str, str]


class ExpressionKind(CheckKind):
    name = "expression"
    properties: ClassVar[Mapping[str, Any]] = {
        "assert": {
            "type": "string",
            "minLength": 1,
            "description": "True when the report is fine.",
        },
        "for_each": {"enum": sorted(_TABLE_PATHS)},
        "where": {"type": "string", "minLength": 1},
        "evidence": {
            "type": "object",
            "additionalProperties": {"type": "string", "minLength": 1},
            "propertyNames": {"pattern": "^[A-Za-z][A-Za-z0-9_]*$"},
        },
        "location": {
            "type": "object",
            "additionalProperties": False,
            "properties": {k: {"type": "string"} for k in _LOCATION_KEYS},
        },
    }
    required = ("assert",)
    expression_fields = ("assert", "where", "evidence.*")

    def compile(self, spec: RuleSpec) -> ExpressionRule:
        check = spec.expression("assert")
        assert check is not None  # required by the schema
        where = spec.expression("where")
        if where is not None and spec.fields.get("for_each") is None:
            raise spec.error("where", "“where” 只能与 “for_each” 一起使用")
        evidence_fields: Mapping[str, Any] = spec.fields.get("evidence") or {}
        evidence = {
            key: spec.expression_at(("evidence", key), str(text))
            for key, text in evidence_fields.items()
        }
        return ExpressionRule(
            check=check,
            for_each=spec.fields.get("for_each"),
            where=where,
            evidence=evidence,
            location=dict(spec.fields.get("location") or {}),
        )

    def allows_variable(self, name: str, config: ExpressionRule) -> bool:
        head = name.split(".")[0]
        return (
            head in ("params", *REPORT_NAMES)
            or head in config.evidence
            or (head == "item" and config.for_each is not None)
        )

    def evaluate(self, config: ExpressionRule, context: Context) -> Iterable[Issue]:
        names = context.names
        if config.for_each is None:
            if not evaluate(config.check, names, rows=context.rows):
                where = Location.from_mapping(config.location)
                yield self._issue(config, names, where, context.explain, rows=context.rows)
            return
        table = _TABLE_PATHS[config.for_each]
        rows = evaluate_path(names, config.for_each)
        for row in rows:
            scope = Record(names)
            scope["item"] = row
            if config.where is not None and not evaluate(config.where, scope):
                continue
            if not evaluate(config.check, scope):
                where = Location(table=table, row=row.get("row"), name=row.get("name"))
                yield self._issue(config, scope, where, context.explain)

    @staticmethod
    def _issue(
        config: ExpressionRule,
        scope: Mapping[str, Any],
        where: Location,
        explain: bool,
        *,
        rows: int = 0,
    ) -> Issue:
        values = {key: evaluate(expr, scope, rows=rows) for key, expr in config.evidence.items()}
        return Issue(
            location=where,
            evidence={key: format_value(value) for key, value in values.items()},
            variables={**scope, **values},
            explanation=explain_expression(config.check, scope, rows=rows) if explain else {},
        )


#: Most sub-expressions shown by ``--explain``.
MAX_EXPLAINED = 16


def explain_expression(
    expression: CompiledExpression, scope: Mapping[str, Any], *, rows: int = 0
) -> dict[str, str]:
    """The value of each non-literal sub-expression, outermost first: why it was false
    (``rows``: the report's, for an expression over the whole report, as in ``evaluate``)."""
    out: dict[str, str] = {}
    callees = {id(n.func) for n in ast.walk(expression.tree) if isinstance(n, ast.Call)}
    for node in ast.walk(expression.tree):
        if len(out) >= MAX_EXPLAINED:
            break
        if isinstance(node, (ast.Constant, ast.Load, ast.operator, ast.cmpop, ast.boolop)):
            continue
        if not isinstance(node, ast.expr) or isinstance(node, (ast.ListComp, ast.GeneratorExp)):
            continue
        text = ast.unparse(node)
        if text in out or id(node) in callees:
            continue
        part = CompiledExpression(text, node, expression.position, frozenset())
        try:
            value = evaluate(part, scope, rows=rows)
        except JxError as exc:
            out[text] = f"（无法求值：{exc.message}）"
            continue
        if not _is_structure(value):
            out[text] = format_value(value)
    return out


def _is_structure(value: Any) -> bool:
    """Records, tables and functions say nothing a reader can use in an explanation."""
    if isinstance(value, (list, tuple)):
        return any(isinstance(v, Mapping) for v in value)
    return isinstance(value, Mapping) or callable(value)


def evaluate_path(names: Mapping[str, Any], path: str) -> list[Any]:
    """The rows at a dotted path; a missing table gives no rows."""
    return list(lookup_path(names, path) or [])


KIND = ExpressionKind()
