"""jxrules — declarative, rules-as-data checks for fiscal performance self-evaluation reports.

The public API::

    import jxrules
    report = jxrules.load_report("examples/jiangmen-2022-dept-overall.yaml")
    ruleset = jxrules.load_ruleset("dept-overall/2022")   # or a path to a YAML file
    result = jxrules.check(report, ruleset)               # ruleset optional: picked by kind/year
    for finding in result.findings:
        print(finding.severity, finding.rule, finding.message)

Everything not listed in ``__all__`` is internal and may change.
"""

from __future__ import annotations

from jxrules.batch import BatchResult, check_many
from jxrules.engine import check as _check
from jxrules.errors import (
    ExpressionError,
    InputError,
    JxError,
    LimitExceeded,
    Position,
    QuantityError,
    ReportError,
    RulesetError,
    YamlSyntaxError,
)
from jxrules.findings import Finding, Location, Result, Severity
from jxrules.ingest import find_reports, load_report, load_reports
from jxrules.model import BudgetLine, BudgetTable, Indicator, Num, Report
from jxrules.ruleset import Rule, Ruleset, bundled_rulesets, load_ruleset
from jxrules.selection import select_ruleset

__version__ = "0.1.0"

__all__ = [
    "BatchResult",
    "BudgetLine",
    "BudgetTable",
    "ExpressionError",
    "Finding",
    "Indicator",
    "InputError",
    "JxError",
    "LimitExceeded",
    "Location",
    "Num",
    "Position",
    "QuantityError",
    "Report",
    "ReportError",
    "Result",
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
]


def check(
    report: Report, ruleset: Ruleset | None = None, *, language: str = "zh", explain: bool = False
) -> Result:
    """Apply ``ruleset`` (default: the bundled one for the report's kind and year) to ``report``.

    ``explain=True`` adds to each finding the values that decided it.
    """
    chosen = ruleset if ruleset is not None else select_ruleset(report)
    return _check(report, chosen, language=language, explain=explain)
