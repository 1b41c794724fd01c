"""The JSON-Schema fragment of the ``vocabulary`` rule field."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

_WORDS = {"type": "array", "items": {"type": "string"}}


#: JSON Schema of a rule's ``vocabulary:`` field (words added to ``quantities.yaml``).
VOCABULARY_SCHEMA: Mapping[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "symbols": {"type": "object", "additionalProperties": {"type": "string"}},
        "comparators": {
            "type": "object",
            "propertyNames": {"enum": ["≥", "≤", ">", "<", "="]},
            "additionalProperties": {
                "type": "object",
                "additionalProperties": False,
                "properties": {"prefix": _WORDS, "suffix": _WORDS, "infix": _WORDS},
            },
        },
        "range_separators": _WORDS,
        "clause_separators": _WORDS,
        "units": _WORDS,
        "multipliers": {"type": "object", "additionalProperties": {"type": ["number", "string"]}},
        "unit_aliases": {"type": "object", "additionalProperties": {"type": "string"}},
        "not_unit_start": {"type": "string"},
        "blanks": _WORDS,
        "placeholders": _WORDS,
        "ignore_patterns": _WORDS,
        "qualitative": _WORDS,
        "lower_is_better": _WORDS,
        "numerals": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "digits": {"type": "object", "additionalProperties": {"type": "integer"}},
                "powers": {"type": "object", "additionalProperties": {"type": "integer"}},
            },
        },
    },
}
