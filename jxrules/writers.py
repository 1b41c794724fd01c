"""The writers of every output format, as public functions with stable signatures.

Each takes what a program has after checking — ``Result`` objects from :func:`jxrules.check`,
or the ``BatchResult`` objects of :func:`jxrules.check_many` (their failures are shown too) —
and returns the document as text, exactly as ``jxrules check --format NAME`` prints it::

    results = [jxrules.check(report) for report in reports]
    sarif = jxrules.to_sarif(results)

``rulesets`` names the rulesets behind the results, for the formats that describe their rules
(SARIF, JUnit, HTML); a bundled ruleset or a plugin's is found by its id without it.
``reports`` gives the reports themselves, for the formats that can point into them (HTML draws
their tables, SARIF gives source lines); ``BatchResult`` objects carry them with
``check_many(..., keep_reports=True)``.  ``language`` (``zh`` or ``en``) is the language of the
labels around the findings; give the results the same one (``check(..., language="en")``).
"""

from __future__ import annotations

from collections.abc import Iterable

from jxrules.batch import BatchResult
from jxrules.errors import InputError, JxError, RulesetError
from jxrules.findings import Result
from jxrules.formats import Failure, Run, renderer
from jxrules.formats.labels import labels
from jxrules.model import Report
from jxrules.rules.ruleset import Ruleset

#: What a writer takes: one result, or any mix of results and batch outcomes.
Results = Result | BatchResult | Iterable[Result | BatchResult]


def to_text(
    results: Results,
    *,
    rulesets: Iterable[Ruleset] = (),
    reports: Iterable[Report] = (),
    color: bool = False,
    language: str = "zh",
) -> str:
    """Grouped by report, one line per finding (``color``: ANSI colours for a terminal)."""
    return _render("text", results, rulesets, reports, language, color)


def to_json(
    results: Results,
    *,
    rulesets: Iterable[Ruleset] = (),
    reports: Iterable[Report] = (),
    language: str = "zh",
) -> str:
    """The one JSON document of CONTRACT.md (``errors`` lists the sources not checked)."""
    return _render("json", results, rulesets, reports, language)


def to_sarif(
    results: Results,
    *,
    rulesets: Iterable[Ruleset] = (),
    reports: Iterable[Report] = (),
    language: str = "zh",
) -> str:
    """SARIF 2.1.0, one run, the rules of every ruleset used described in its tool driver."""
    return _render("sarif", results, rulesets, reports, language)


def to_junit(
    results: Results,
    *,
    rulesets: Iterable[Ruleset] = (),
    reports: Iterable[Report] = (),
    language: str = "zh",
) -> str:
    """JUnit XML: a test suite per report, a test case per rule."""
    return _render("junit", results, rulesets, reports, language)


def to_html(
    results: Results,
    *,
    rulesets: Iterable[Ruleset] = (),
    reports: Iterable[Report] = (),
    language: str = "zh",
) -> str:
    """One self-contained HTML page (with ``reports``, their tables with the findings marked)."""
    return _render("html", results, rulesets, reports, language)


def _render(
    fmt: str,
    results: Results,
    rulesets: Iterable[Ruleset],
    reports: Iterable[Report],
    language: str,
    color: bool = False,
) -> str:
    from jxrules import __version__
    from jxrules.rules.selection import ruleset_named

    labels(language)  # an unknown language is an error, in every format
    kept: list[Result] = []
    failures: list[Failure] = []
    by_source: dict[str, object] = {}
    items = [results] if isinstance(results, (Result, BatchResult)) else results
    if not isinstance(items, Iterable) or isinstance(items, (str, bytes)):
        raise InputError(f"应为 Result、BatchResult 或它们的列表，实际是 {type(results).__name__}")
    for item in items:
        if isinstance(item, BatchResult):
            if item.lines:  # its results are text already: nothing here to render them from
                raise InputError(
                    "BatchResult 的结果已序列化 (check_many(serialise=...))，请不带 serialise 检查"
                )
            kept.extend(item.results)
            by_source.update((report.source, report) for report in item.reports)
            if item.error is not None:
                failures.append(Failure(item.source, item.error))
        elif isinstance(item, Result):
            kept.append(item)
        else:
            raise InputError(f"应为 Result 或 BatchResult，实际是 {type(item).__name__}")
    for report in reports:
        if not isinstance(report, Report):
            raise InputError(f"reports 中应为 jxrules.Report，实际是 {type(report).__name__}")
        by_source[report.source] = report
    known: dict[str, Ruleset] = {}
    for ruleset in rulesets:
        if not isinstance(ruleset, Ruleset):
            raise InputError(f"rulesets 中应为 jxrules.Ruleset，实际是 {type(ruleset).__name__}")
        known[ruleset.id] = ruleset
    for result in kept:
        if result.ruleset not in known:
            try:
                known[result.ruleset] = ruleset_named(result.ruleset)
            except (KeyError, JxError):
                raise RulesetError(
                    f"结果所用的规则集 “{result.ruleset}” 不是内置的；请用 rulesets= 传入它"
                    " (pass the ruleset)"
                ) from None
    run = Run(kept, known, failures, color, __version__, by_source, language=language)
    return renderer(fmt)(run)
