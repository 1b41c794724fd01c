"""jxrules — declarative, rules-as-data checks for fiscal performance self-evaluation reports.

The public API::

    import jxrules
    report = jxrules.load_report("examples/jiangmen-2022-dept-overall.yaml")
    ruleset = jxrules.load_ruleset("dept-overall/2022")   # or a path to a YAML file
    result = jxrules.check(report, ruleset)               # ruleset optional: picked by kind/year
    for finding in result.findings:
        print(finding.severity, finding.rule, finding.message)

Everything not listed in ``__all__`` is internal and may change.  Names are
imported on first use (PEP 562), so ``import jxrules`` stays fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: Public name -> the module that defines it.
_EXPORTS = {
    "BatchResult": "jxrules.batch",
    "check_many": "jxrules.batch",
    "BudgetLine": "jxrules.model",
    "BudgetTable": "jxrules.model",
    "Indicator": "jxrules.model",
    "Num": "jxrules.model",
    "Report": "jxrules.model",
    "ConfigError": "jxrules.errors",
    "LayoutsError": "jxrules.errors",
    "ReviewError": "jxrules.errors",
    "ExpressionError": "jxrules.errors",
    "InputError": "jxrules.errors",
    "JxError": "jxrules.errors",
    "LimitExceeded": "jxrules.errors",
    "Position": "jxrules.errors",
    "QuantityError": "jxrules.errors",
    "ReportError": "jxrules.errors",
    "RulesetError": "jxrules.errors",
    "YamlSyntaxError": "jxrules.errors",
    "Finding": "jxrules.findings",
    "Location": "jxrules.findings",
    "Result": "jxrules.findings",
    "Severity": "jxrules.findings",
    "find_reports": "jxrules.ingest",
    "load_report": "jxrules.inputs",
    "load_reports": "jxrules.inputs",
    "Rule": "jxrules.rules.ruleset",
    "Ruleset": "jxrules.rules.ruleset",
    "bundled_rulesets": "jxrules.rules.ruleset",
    "load_ruleset": "jxrules.rules.ruleset",
    "select_ruleset": "jxrules.rules.selection",
    "check": "jxrules.api",
    "ReportIdentity": "jxrules.findings",
    "to_html": "jxrules.writers",
    "to_json": "jxrules.writers",
    "to_junit": "jxrules.writers",
    "to_sarif": "jxrules.writers",
    "to_text": "jxrules.writers",
}

__all__ = [
    "BatchResult",
    "BudgetLine",
    "BudgetTable",
    "ConfigError",
    "ExpressionError",
    "Finding",
    "Indicator",
    "InputError",
    "JxError",
    "LayoutsError",
    "LimitExceeded",
    "Location",
    "Num",
    "Position",
    "QuantityError",
    "Report",
    "ReportError",
    "ReportIdentity",
    "Result",
    "ReviewError",
    "Rule",
    "Ruleset",
    "RulesetError",
    "Severity",
    "YamlSyntaxError",
    "__version__",
    "bundled_rulesets",
    "check",
    "check_many",
    "find_reports",
    "load_report",
    "load_reports",
    "load_ruleset",
    "select_ruleset",
    "to_html",
    "to_json",
    "to_junit",
    "to_sarif",
    "to_text",
]

if TYPE_CHECKING:
    from jxrules.api import check
    from jxrules.batch import BatchResult, check_many
    from jxrules.errors import (
        ConfigError,
        ExpressionError,
        InputError,
        JxError,
        LayoutsError,
        LimitExceeded,
        Position,
        QuantityError,
        ReportError,
        ReviewError,
        RulesetError,
        YamlSyntaxError,
    )
    from jxrules.findings import Finding, Location, ReportIdentity, Result, Severity
    from jxrules.ingest import find_reports
    from jxrules.inputs import load_report, load_reports
    from jxrules.model import BudgetLine, BudgetTable, Indicator, Num, Report
    from jxrules.rules.ruleset import Rule, Ruleset, bundled_rulesets, load_ruleset
    from jxrules.rules.selection import select_ruleset
    from jxrules.writers import to_html, to_json, to_junit, to_sarif, to_text


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'jxrules' has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__
