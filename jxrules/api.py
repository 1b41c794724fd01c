"""``jxrules.check``: the one-call entry point."""

from __future__ import annotations

from jxrules.errors import InputError, require
from jxrules.findings import Result
from jxrules.formats.labels import LANGUAGES
from jxrules.model import Report
from jxrules.rules.engine import check as _check
from jxrules.rules.ruleset import Ruleset
from jxrules.rules.selection import select_ruleset


def check(
    report: Report, ruleset: Ruleset | None = None, *, language: str = "zh", explain: bool = False
) -> Result:
    """Apply ``ruleset`` (default: the bundled one for the report's kind and year) to ``report``.

    ``explain=True`` adds to each finding the values that decided it.
    """
    require(report, Report, "check() 的 report", " jxrules.Report（由 load_report() 读出）")
    if ruleset is not None:
        require(
            ruleset, Ruleset, "check() 的 ruleset", " jxrules.Ruleset（由 load_ruleset() 读出）"
        )
    if language not in LANGUAGES:
        raise InputError(f"不支持的语言 “{language}”（支持：{', '.join(LANGUAGES)}）")
    chosen = ruleset if ruleset is not None else select_ruleset(report)
    return _check(report, chosen, language=language, explain=explain)
