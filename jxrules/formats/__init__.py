"""Output formats: one module per format, each with ``render(run) -> str``.

:class:`Run` is everything a format may show; :mod:`.collect` gathers it from a batch (the
CLI's aggregation, which a program embedding jxrules can use too)."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs
from attrs import frozen

from jxrules.errors import JxError
from jxrules.findings import Result
from jxrules.rules.ruleset import Ruleset

#: Format name -> module in this package providing ``render(run: Run) -> str``.
FORMATS: Mapping[str, str] = {
    "text": "text",
    "json": "json",
    "sarif": "sarif",
    "junit": "junit",
    "html": "html",
}


@frozen
class Failure:
    """A source that could not be checked, and the error (its position kept as data)."""

    source: str
    error: JxError

    @property
    def text(self) -> str:
        """``file:line:column: message``, naming the source first where the error does not."""
        text = str(self.error)
        return text if text.startswith(self.source) else f"{self.source}: {text}"


@frozen
class Run:
    """Everything an output format may show: the results and the rulesets behind them."""

    results: Sequence[Result]
    rulesets: Mapping[str, Ruleset] = attrs.field(factory=dict)
    #: Sources that could not be checked, shown beside the results.
    failures: Sequence[Failure] = ()
    color: bool = False
    version: str = ""
    #: Canonical reports by source, for formats that show the tables (html).
    reports: Mapping[str, object] = attrs.field(factory=dict)
    #: Findings about the run's own inputs rather than a report (``waiver-unused`` on the
    #: waivers file), shown after the reports; their ``source`` is that file.
    notices: Sequence[Result] = ()
    #: With ``--baseline``: the baseline's findings that no longer occur (review.baseline.Absent).
    absent: Sequence[Any] = ()
    #: The language of the labels (``zh`` or ``en``, jxrules/data/labels.yaml); the findings'
    #: messages were chosen when they were made (``check(language=)``).
    language: str = "zh"


def renderer(name: str) -> Callable[[Run], str]:
    """The ``render`` function of format ``name`` (imported on demand)."""
    module = importlib.import_module(f"{__name__}.{FORMATS[name]}")
    render: Callable[[Run], str] = module.render
    return render
