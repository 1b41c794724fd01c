"""The published ruleset schema: its identity, and one ``if check == kind then its fields``
branch per check kind, in name order.

Written against the mutants mutmut found with no test in ``jxrules.rules.schema``
(docs/testing.md): only the CLI and the docs generator called ``ruleset_schema``.
"""

from __future__ import annotations

import jsonschema

from jxrules.checks import registry
from jxrules.rules.schema import rule_schema, ruleset_schema


def test_the_ruleset_schema_has_one_branch_per_kind_in_name_order() -> None:
    schema = ruleset_schema()
    assert "$id" not in schema  # `jxrules schema ruleset` gives it one where it is written
    assert schema["title"] == "jxrules ruleset"
    branches = schema["properties"]["rules"]["items"]["allOf"]
    names = [
        *("crossref", "duplicate", "expression", "narrative", "reconcile"),
        *("score", "sections", "target", "taxonomy"),
    ]
    assert [b["if"] for b in branches] == [
        {"properties": {"check": {"const": name}}} for name in names
    ]
    assert [b["then"] for b in branches] == [rule_schema(registry()[name]) for name in names]
    jsonschema.Draft202012Validator.check_schema(schema)
