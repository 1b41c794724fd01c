"""JSON Schemas: the ruleset schema is generated from the check kinds' own fragments.

``jxrules schema ruleset`` prints the full draft 2020-12 document (for editors);
loading validates in two steps — the ruleset's shape, then each rule against
its kind's schema — so that an error names one rule and one key.
"""

from __future__ import annotations

import difflib
import json
import math
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

import jsonschema
from jsonschema import Draft202012Validator

from jxrules.checks import CheckKind, registry
from jxrules.errors import Position
from jxrules.findings import SEVERITIES
from jxrules.model import KINDS
from jxrules.sources import Document, PathKey

DIALECT = "https://json-schema.org/draft/2020-12/schema"
_ID = r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$"

#: Fields every rule may have, whatever its check kind.
COMMON_RULE_PROPERTIES: Mapping[str, Any] = {
    "id": {"type": "string", "pattern": _ID},
    "check": {"type": "string"},
    "severity": {"enum": list(SEVERITIES)},
    "message": {"type": "string", "minLength": 1},
    "message_en": {"type": "string", "minLength": 1},
    "when": {"type": "string", "minLength": 1},
    "title": {"type": "string"},
    "description": {"type": "string"},
    "rationale": {"type": "string"},
    "summarize": {
        "type": "object",
        "description": "report all issues as one finding at this location",
        "additionalProperties": False,
        "properties": {k: {"type": "string"} for k in ("table", "column", "field")},
    },
}
COMMON_REQUIRED = ("id", "check", "severity", "message")

#: What a rule in an ``overrides:`` list may change.
OVERRIDE_PROPERTIES: Mapping[str, Any] = {
    "id": {"type": "string", "pattern": _ID},
    "severity": {"enum": list(SEVERITIES)},
    "message": {"type": "string", "minLength": 1},
    "message_en": {"type": "string", "minLength": 1},
    "when": {"type": "string", "minLength": 1},
    "disabled": {"type": "boolean"},
    "reason": {"type": "string", "minLength": 1},
    "set": {"type": "object", "description": "check-kind fields to replace"},
}


def rule_schema(kind: CheckKind) -> dict[str, Any]:
    """The complete schema of one rule of ``kind``."""
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": {**COMMON_RULE_PROPERTIES, "check": {"const": kind.name}, **kind.properties},
        "required": [*COMMON_REQUIRED, *kind.required],
    }


def ruleset_shape() -> dict[str, Any]:
    """The ruleset document without the per-kind rule fields (step one of validation)."""
    return {
        "$schema": DIALECT,
        "type": "object",
        "additionalProperties": False,
        "required": ["id", "title", "version", "applies_to"],
        "properties": {
            "id": {"type": "string", "pattern": r"^[A-Za-z0-9][A-Za-z0-9_.\-/]*$"},
            "title": {"type": "string"},
            "version": {"type": ["string", "integer"]},
            "description": {"type": "string"},
            "extends": {"type": "string", "minLength": 1},
            "applies_to": {
                "type": "object",
                "additionalProperties": False,
                "required": ["kind"],
                "properties": {
                    "kind": {"enum": list(KINDS)},
                    "fiscal_years": {
                        "type": "array",
                        "items": {"type": "integer", "minimum": 1990, "maximum": 2100},
                        "minItems": 1,
                    },
                },
            },
            "params": {"type": "object"},
            "rules": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["id", "check"],
                    "properties": {
                        **{k: COMMON_RULE_PROPERTIES[k] for k in ("id", "severity", "message")},
                        "check": {"enum": sorted(registry())},
                    },
                },
            },
            "overrides": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["id"],
                    "properties": dict(OVERRIDE_PROPERTIES),
                },
            },
        },
    }


def ruleset_schema() -> dict[str, Any]:
    """The full ruleset schema with every check kind's fields (for editors and docs)."""
    shape = ruleset_shape()
    shape["$id"] = "https://jxrules.invalid/schemas/ruleset.schema.json"
    shape["title"] = "jxrules ruleset"
    rules = shape["properties"]["rules"]["items"]
    rules["allOf"] = [
        {"if": {"properties": {"check": {"const": name}}}, "then": rule_schema(kind)}
        for name, kind in sorted(registry().items())
    ]
    return shape


@cache
def report_schema() -> Mapping[str, Any]:
    """The canonical report schema shipped in ``jxrules/schemas/report.schema.json``."""
    text = resources.files("jxrules.schemas").joinpath("report.schema.json").read_text("utf-8")
    data: Mapping[str, Any] = json.loads(text)
    return data


@cache
def report_validator() -> Draft202012Validator:
    """A validator for canonical reports, built once, with ``$ref``s inlined (faster to run)."""
    schema = dict(report_schema())
    definitions = schema.pop("$defs", {})

    def inline(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/") and len(node) == 1:
                return inline(definitions[ref.removeprefix("#/$defs/")])
            return {key: inline(value) for key, value in node.items()}
        if isinstance(node, list):
            return [inline(item) for item in node]
        return node

    return Draft202012Validator(inline(schema))


def report_errors(instance: Any, doc: Document) -> tuple[str, Position] | None:
    """:func:`first_error` for a canonical report, with a quick "valid" first where it can.

    With the ``fast`` extra installed (``pip install 'jxrules[fast]'``), fastjsonschema runs
    the same schema as generated Python code, about 25 times faster; only a document it does
    not pass (or that it cannot read) is validated again by jsonschema, whose error is the
    one reported.  So the quick check can only save time, never change an answer, as long as
    it passes nothing jsonschema refuses (``tests/test_schema_quick.py`` holds it to that).
    """
    quick = quick_report_check()
    if quick is not None:
        try:
            quick(instance)
        except Exception:  # any doubt: ask jsonschema, which says what is wrong and where
            pass
        else:
            return None
    odd = _unschemable(instance)
    if odd is not None:  # only a mapping built in Python has these; jsonschema would raise
        path, problem = odd
        return f"{path_text(path)} {problem}", doc.position(path)
    return first_error(report_validator(), instance, doc)


def _unschemable(data: Any) -> tuple[PathKey, str] | None:
    """The first key that is not text, or number that is not finite, and where (no recursion).

    YAML and JSON files cannot hold them (their loaders refuse NaN); a caller's mapping can.
    """
    stack: list[tuple[PathKey, Any]] = [((), data)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, Mapping):
            for key, value in node.items():
                if not isinstance(key, str):
                    return path, f"中的键 {key!r} 不是文本 (keys must be text)"
                stack.append(((*path, key), value))
        elif isinstance(node, list):
            stack.extend(((*path, i), value) for i, value in enumerate(node))
        elif (isinstance(node, Decimal) and not node.is_finite()) or (
            isinstance(node, float) and not math.isfinite(node)
        ):
            return path, f"的值 {node} 不是有限的数 (not a finite number)"
    return None


@cache
def quick_report_check() -> Callable[[Any], Any] | None:
    """fastjsonschema's validator for the (inlined) report schema; ``None`` without the extra."""
    try:
        import fastjsonschema
    except ImportError:
        return None
    inlined = report_validator().schema
    assert isinstance(inlined, Mapping)
    schema = dict(inlined)
    for key in ("$schema", "$id"):  # the keywords used read the same in draft 7, its dialect
        schema.pop(key, None)
    check: Callable[[Any], Any] = fastjsonschema.compile(
        schema, use_default=False, use_formats=False, detailed_exceptions=False
    )
    return check


def first_error(
    validator: Draft202012Validator, instance: Any, doc: Document, base: PathKey = ()
) -> tuple[str, Position] | None:
    """The most relevant schema error as a sentence and the position it points at."""
    errors = list(validator.iter_errors(instance))
    if not errors:
        return None
    # An unknown key (often a typo) explains a "missing key" too: report it first.
    unknown = [e for e in errors if e.validator == "additionalProperties"]
    best = unknown[0] if unknown else jsonschema.exceptions.best_match(errors)
    assert best is not None
    path = (*base, *best.absolute_path)
    return describe(best, path, doc)


def path_text(path: Iterable[Any]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "（文档顶层）"


def describe(
    error: jsonschema.ValidationError, path: PathKey, doc: Document
) -> tuple[str, Position]:
    """Turn a jsonschema error into one sentence a rule author can act on."""
    where = path_text(path)
    validator = error.validator
    schema: Mapping[str, Any] = error.schema if isinstance(error.schema, Mapping) else {}
    expected: Any = error.validator_value
    if validator == "additionalProperties" and isinstance(error.instance, Mapping):
        allowed = list(schema.get("properties", {}))
        extra = [k for k in error.instance if k not in allowed]
        key = extra[0] if extra else "?"
        hint = difflib.get_close_matches(key, allowed, n=1)
        guess = f"；是不是 “{hint[0]}”？" if hint else ""
        return (
            f"{where} 中有未知的键 “{key}”{guess}（允许的键：{', '.join(allowed)}）",
            doc.position((*path, key), key=True),
        )
    if validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return f"{where} 缺少必需的键 “{missing}”", doc.position(path)
    if validator in ("enum", "const"):
        allowed_values: list[Any] = list(expected) if validator == "enum" else [expected]
        hint = difflib.get_close_matches(str(error.instance), [str(v) for v in allowed_values], n=1)
        guess = f"；是不是 “{hint[0]}”？" if hint else ""
        return (
            f"{where} 的值 “{error.instance}” 不在允许的取值中：{', '.join(map(str, allowed_values))}{guess}",
            doc.position(path),
        )
    if validator == "type":
        return (
            f"{where} 的类型应为 {error.validator_value}，实际是 “{error.instance}”",
            doc.position(path),
        )
    if validator == "pattern":
        return (
            f"{where} 的值 “{error.instance}” 格式不对（应匹配 {error.validator_value}）",
            doc.position(path),
        )
    return f"{where}：{error.message}", doc.position(path)
