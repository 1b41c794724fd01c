"""The ruleset schema, generated from the check kinds' own fragments.

``jxrules schema ruleset`` prints the full draft 2020-12 document (for editors);
loading validates in two steps — the ruleset's shape, then each rule against
its kind's schema — so that an error names one rule and one key.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jxrules import __version__
from jxrules.checks import CheckKind, registry
from jxrules.findings import SEVERITIES
from jxrules.model import KINDS

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
    "title_en": {"type": "string", "minLength": 1},
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
            "title_en": {"type": "string", "minLength": 1},
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
                        "check": {"type": "string"},  # the kind is looked up per rule
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
    shape["title"] = "jxrules ruleset"
    rules = shape["properties"]["rules"]["items"]
    rules["allOf"] = [
        {"if": {"properties": {"check": {"const": name}}}, "then": rule_schema(kind)}
        for name, kind in sorted(registry().items())
    ]
    return shape


#: Schemas ``jxrules schema`` prints, and the file name each is saved as by default.
SCHEMAS = {
    "ruleset": "ruleset.schema.json",
    "tests": "tests.schema.json",
    "report": "report.schema.json",
}


def schema_document(which: str, output: str | None = None) -> dict[str, Any]:
    """A schema for editors, its ``$id`` the ``file:`` URI it resolves to: the file it is
    written to, else the copy ``jxrules schema`` keeps in the user's cache folder (written
    here), so an editor or a validator following ``$id`` finds this very schema."""
    import json
    import os

    from jxrules.authoring.rule_tests import tests_schema
    from jxrules.ingest.schema import report_schema

    if which == "ruleset":
        data = ruleset_schema()
    elif which == "tests":
        data = tests_schema()
    else:
        data = dict(report_schema())
    if output:
        where = Path(output).resolve()
    else:
        cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        where = cache / "jxrules" / __version__ / SCHEMAS[which]
    rest = {key: value for key, value in data.items() if key not in ("$schema", "$id")}
    document = {"$schema": data.get("$schema", DIALECT), "$id": where.as_uri(), **rest}
    if not output:
        try:
            where.parent.mkdir(parents=True, exist_ok=True)
            where.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", "utf-8")
        except OSError:
            document["$id"] = f"urn:jxrules:schema:{which}:{__version__}"  # nowhere to keep it
    return document
