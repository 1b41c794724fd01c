"""One run's review: waivers and a baseline applied to each result as it arrives.

``jxrules check --waivers FILE --baseline FILE [--only-new]`` builds one :class:`Review`;
the batch collector passes every result through :meth:`Review.apply` and, at the end, asks
for the notices about the review's own inputs (waivers that matched nothing) and the
baseline's findings that no longer occur.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from jxrules.findings import Result
from jxrules.review.baseline import Absent, Baseline, BaselineComparison, only_new
from jxrules.review.waivers import WaiverLedger, Waivers


class Review:
    """Waivers, then the baseline, applied to each result of a run."""

    def __init__(
        self,
        waivers: Waivers | None = None,
        baseline: Baseline | None = None,
        *,
        only_new: bool = False,
        strict_waivers: bool = False,
        today: dt.date | None = None,
    ) -> None:
        self.ledger = WaiverLedger(waivers, today) if waivers is not None else None
        self.comparison = BaselineComparison(baseline) if baseline is not None else None
        self.only_new = only_new and baseline is not None
        self.strict_waivers = strict_waivers

    def apply(self, result: Result) -> Result:
        if self.ledger is not None:
            result = self.ledger.apply(result)
        if self.comparison is not None:
            result = self.comparison.mark(result)
            if self.only_new:
                result = only_new(result)
        return result

    def notices(self) -> Sequence[Result]:
        """Findings about the waivers file: each waiver that matched nothing."""
        if self.ledger is None:
            return ()
        unused = self.ledger.unused(strict=self.strict_waivers)
        return () if unused is None else (unused,)

    def absent(self) -> Sequence[Absent]:
        """The baseline's findings of the checked reports that were not found again (none are
        listed with ``--only-new``: it shows only what is new)."""
        if self.comparison is None or self.only_new:
            return ()
        return self.comparison.absent()
