"""Gathering a batch's outcomes for output: kept for a document format, or streamed as lines.

``jxrules check`` uses it; so can a program that checks many reports with
:func:`jxrules.check_many` and wants the same outputs::

    collector = Collector()
    for outcome in jxrules.check_many(paths):
        collector.add(outcome)
    print(collector.render("sarif"))

Outcomes serialised by the workers (``check_many(serialise="jsonl")`` for a stream,
``"json"`` for the JSON format) are written or kept as the text they are.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Protocol

from jxrules.batch import BatchResult, ResultLine, result_json, rule_counts
from jxrules.errors import InputError, JxError, Position
from jxrules.findings import Result
from jxrules.formats import Failure, Run, renderer
from jxrules.formats.labels import labels
from jxrules.review.baseline import Absent
from jxrules.review.session import Review
from jxrules.rules.ruleset import Ruleset
from jxrules.rules.selection import Folders


class Writer(Protocol):
    def write(self, text: str, /) -> object: ...


class Collector:
    """Results and failures of a batch, the worst severity met, and counts per rule."""

    def __init__(
        self,
        ruleset: Ruleset | None = None,
        *,
        stream: Writer | None = None,
        rulesets: Folders = (),
        review: Review | None = None,
    ) -> None:
        #: The ruleset every report was checked with (``None``: chosen per report).
        self.ruleset = ruleset
        #: The folders of user rulesets the batch chose among (``check_many(rulesets=)``).
        self.user_rulesets = rulesets
        #: Waivers and a baseline applied to each result (``jxrules check --waivers/--baseline``).
        self.review = review
        #: With a stream, each report's result is written there as one JSON line, not kept.
        self.stream = stream
        self.results: list[Result] = []
        #: Results the workers serialised (``check_many(serialise="json")``), kept as text.
        self.entries: list[ResultLine] = []
        self.reports: dict[str, object] = {}
        self.failures: list[Failure] = []
        self.per_rule: dict[str, list[int]] = {}
        self.worst = 0
        self.count = 0

    def add(self, outcome: BatchResult) -> None:
        if outcome.error is not None:
            self.failures.append(Failure(outcome.source, outcome.error))
            if self.stream:
                line = {"source": outcome.source, "error": str(outcome.error)}
                self.stream.write(json.dumps(line, ensure_ascii=False) + "\n")
            return
        for checked in outcome.results:
            result = self.review.apply(checked) if self.review is not None else checked
            self._tally(result.worst(), rule_counts(result))
            if self.stream:
                self.stream.write(result_json(result, "jsonl") + "\n")
            else:
                self.results.append(result)
        for serialised in outcome.lines:
            self._add_line(serialised)
        for report in outcome.reports:
            self.reports[report.source] = report

    def _add_line(self, line: ResultLine) -> None:
        if self.review is not None:  # waivers and a baseline need the findings themselves
            raise InputError(
                "审阅（豁免、基线）须用未序列化的结果 (a review needs check_many(serialise=None))"
            )
        self._tally(line.worst, line.rules)
        if self.stream:
            self.stream.write(line.text + "\n")
        else:
            self.entries.append(line)

    def _tally(self, worst: int, rules: Sequence[tuple[str, int]]) -> None:
        """Count one report for the summary: its worst severity, and per rule its findings."""
        self.count += 1
        self.worst = max(self.worst, worst)
        for rule, findings in rules:
            tally = self.per_rule.setdefault(rule, [0, 0])
            tally[0] += 1
            tally[1] += findings

    def finish(self, language: str = "zh") -> tuple[Sequence[Result], Sequence[Absent]]:
        """The review's closing part, once every result is in: notices about its own inputs
        (they count toward the worst severity; worded in ``language``) and the baseline's
        absent findings; streamed as lines when the results are."""
        if self.review is None:
            return (), ()
        notices = [notice.in_language(language) for notice in self.review.notices()]
        absent = self.review.absent()
        for notice in notices:
            self.worst = max(self.worst, notice.worst())
            if self.stream:
                line = {"notice": notice.to_dict()}
                self.stream.write(json.dumps(line, ensure_ascii=False) + "\n")
        for gone in absent:
            if self.stream:
                self.stream.write(json.dumps({"absent": gone.to_dict()}, ensure_ascii=False) + "\n")
        return notices, absent

    def summary(self, language: str = "zh") -> str:
        """Reports and findings per rule, for a batch of more than one report."""
        if self.count <= 1 or not self.per_rule:
            return ""
        out = io.StringIO()
        out.write(labels(language)("text.per_rule") + "\n")
        for rule, (reports, findings) in sorted(self.per_rule.items()):
            out.write(f"  {rule:<32} {reports:>6} / {findings}\n")
        return out.getvalue()

    def render(self, fmt: str, *, color: bool = False, language: str = "zh") -> str:
        """The kept results in format ``fmt`` (text gets the per-rule summary below), its
        labels in ``language``."""
        from jxrules import __version__
        from jxrules.rules.selection import ruleset_named

        self.results.sort(key=lambda r: r.source)
        rulesets: dict[str, Ruleset] = {}
        for result in self.results:
            if result.ruleset not in rulesets:
                rulesets[result.ruleset] = self.ruleset or ruleset_named(
                    result.ruleset, self.user_rulesets
                )
        notices, absent = self.finish(language)
        run = Run(
            self.results,
            rulesets,
            self.failures,
            color,
            __version__,
            self.reports,
            notices=notices,
            absent=absent,
            language=language,
        )
        if self.entries:
            if fmt != "json" or self.results:
                raise InputError(
                    f"已序列化为 json 的结果不能输出为 {fmt} (serialised for json only)"
                )
            from jxrules.formats.json import render_entries

            self.entries.sort(key=lambda line: line.source)
            return render_entries(run, [line.text for line in self.entries])
        text = renderer(fmt)(run)
        return text + self.summary(language) if fmt == "text" else text


#: Outputs being written, so that an immediate exit (a second Ctrl-C) can remove them.
_IN_PROGRESS: set[Path] = set()


def discard_partial_outputs() -> None:
    """Remove every output still being written (called before ``os._exit``, which runs no
    ``finally``): an interrupted run leaves no ``.partial`` file behind."""
    for partial in list(_IN_PROGRESS):
        partial.unlink(missing_ok=True)
        _IN_PROGRESS.discard(partial)


class Output:
    """A file written under a temporary name and renamed to ``path`` when complete, so a run
    that fails or is interrupted never leaves a half-written file, nor an older one that looks
    current: what was there before is replaced only by a whole new output."""

    def __init__(self, path: str) -> None:
        self.path = Path(path)
        folder = self.path.parent
        try:
            handle, name = tempfile.mkstemp(
                prefix=f".{self.path.name}.", suffix=".partial", dir=folder
            )
            self.partial = Path(name)
            _IN_PROGRESS.add(self.partial)
            self.stream: IO[str] = os.fdopen(handle, "w", encoding="utf-8")
        except OSError as exc:
            raise JxError(
                f"无法写入输出文件：{exc.strerror} (cannot write)", Position(path)
            ) from None

    def write(self, text: str) -> None:
        self.stream.write(text)

    def commit(self) -> None:
        """The output is complete: put it in place."""
        self.stream.close()
        try:
            os.replace(self.partial, self.path)
            _IN_PROGRESS.discard(self.partial)
        except OSError as exc:
            _IN_PROGRESS.discard(self.partial)
            self.partial.unlink(missing_ok=True)
            raise JxError(
                f"无法写入输出文件：{exc.strerror} (cannot write)", Position(str(self.path))
            ) from None

    def discard(self) -> None:
        """The run failed: remove what was written, leave ``path`` as it was."""
        self.stream.close()
        self.partial.unlink(missing_ok=True)
        _IN_PROGRESS.discard(self.partial)

    def __enter__(self) -> Output:
        return self

    def __exit__(self, kind: object, *_: object) -> None:
        if kind is None:
            self.commit()
        else:
            self.discard()
