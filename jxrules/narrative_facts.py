"""Facts read from a report's running text: the canonical ``narrative_facts`` (docs/narrative.md).

They are derived data: every reader (Markdown, Excel, Word, PDF, canonical YAML) derives them
from the report's ``narrative`` with :mod:`jxrules.ingest.narrative`, so a report corrected by
hand and read back gives the facts of its corrected text.  Money is ``Decimal`` as printed
(``value`` in ``unit``) and exactly in 元 (``yuan``) for comparing mixed units.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
from attrs import frozen

from jxrules.model import Indicator
from jxrules.quantities.decimals import decimal_text


@frozen
class Said:
    """Where a fact was read: its sentence, its line in the narrative and in the source."""

    sentence: str
    #: 1-based line in the report's ``narrative`` text (what ``crossref`` calls ``narrative line N``).
    narrative_line: int
    #: 1-based source line (Markdown), where known.
    line: int | None = None
    #: The outline headings above the sentence, outermost first.
    context: tuple[str, ...] = ()
    #: The sentence's 1-based number in the narrative (sentences of one line keep their order).
    number: int = 0
    #: The 1-based PDF page of the sentence (PDF input only).
    page: int | None = None

    @property
    def where(self) -> str:
        return f"narrative line {self.narrative_line}"


@frozen
class Amount:
    """``subject value unit`` as printed: ``下达资金 2,000 万元``."""

    subject: str
    value: Decimal
    unit: str
    text: str
    yuan: Decimal
    said: Said


@frozen
class Breakdown:
    """A total and its parts (其中 / 分别为 / 包括 / （含…）); a part may be another's total."""

    total: Amount
    parts: tuple[Amount, ...]
    trigger: str
    #: False when the text says the list is partial (主要…等) or names one part only: then the
    #: parts may only not exceed the total.
    complete: bool
    said: Said


@frozen
class Rate:
    """``执行率 91.35%`` and, when the sentence gives them, the two amounts it derives from."""

    word: str
    stated: Decimal
    text: str
    numerator: Amount | None
    denominator: Amount | None
    said: Said


@frozen
class Change:
    """``收入 800 万元，同比增加 100 万元，增长 14.29%``: this year's amount, the change, the rate."""

    current: Amount
    direction: int
    change: Amount | None
    percent: Decimal | None
    percent_text: str
    said: Said


@frozen
class NarrativeIndicator:
    """``数量指标：培训人次≥500人次，实际培训 480 人次`` as an indicator row."""

    indicator: Indicator
    said: Said


@frozen
class Score:
    """``自评得分 93 分，等级为优``."""

    score: Decimal | None
    text: str
    grade: str | None
    said: Said


@frozen
class NarrativeFacts:
    amounts: tuple[Amount, ...] = ()
    breakdowns: tuple[Breakdown, ...] = ()
    rates: tuple[Rate, ...] = ()
    changes: tuple[Change, ...] = ()
    indicators: tuple[NarrativeIndicator, ...] = ()
    scores: tuple[Score, ...] = ()
    #: Sentences longer than the reader reads (``max_sentence_chars``): only their start was read.
    cut: tuple[Said, ...] = ()
    #: The sentence at which ``max_facts`` was reached: nothing after it was read.
    stopped_at: Said | None = None

    def __bool__(self) -> bool:
        return any(
            (self.amounts, self.breakdowns, self.rates, self.changes, self.indicators, self.scores)
        )

    def placed(self, page_of: Callable[[int | None], int | None]) -> NarrativeFacts:
        """The facts of a file without lines (Word, PDF): the block numbers used while reading
        are dropped, and each sentence gets ``page_of(number)`` (a PDF's page)."""
        saids: dict[int, Said] = {}
        amounts: dict[int, Amount] = {}

        def said(old: Said) -> Said:
            if id(old) not in saids:
                saids[id(old)] = attrs.evolve(old, line=None, page=page_of(old.line))
            return saids[id(old)]

        def amount(old: Amount) -> Amount:
            if id(old) not in amounts:
                amounts[id(old)] = attrs.evolve(old, said=said(old.said))
            return amounts[id(old)]

        def maybe(old: Amount | None) -> Amount | None:
            return None if old is None else amount(old)

        return NarrativeFacts(
            amounts=tuple(amount(a) for a in self.amounts),
            breakdowns=tuple(
                attrs.evolve(
                    b,
                    total=amount(b.total),
                    parts=tuple(amount(p) for p in b.parts),
                    said=said(b.said),
                )
                for b in self.breakdowns
            ),
            rates=tuple(
                attrs.evolve(
                    r,
                    numerator=maybe(r.numerator),
                    denominator=maybe(r.denominator),
                    said=said(r.said),
                )
                for r in self.rates
            ),
            changes=tuple(
                attrs.evolve(
                    c, current=amount(c.current), change=maybe(c.change), said=said(c.said)
                )
                for c in self.changes
            ),
            indicators=tuple(
                NarrativeIndicator(attrs.evolve(i.indicator, line=None), said(i.said))
                for i in self.indicators
            ),
            scores=tuple(attrs.evolve(x, said=said(x.said)) for x in self.scores),
            cut=tuple(said(x) for x in self.cut),
            stopped_at=None if self.stopped_at is None else said(self.stopped_at),
        )

    def to_data(self) -> dict[str, Any]:
        """The canonical form (report.schema.json ``narrative_facts``), decimals as text."""
        return {
            "amounts": [_amount(a) for a in self.amounts],
            "breakdowns": [
                {
                    "total": _amount(b.total),
                    "parts": [_amount(p) for p in b.parts],
                    "trigger": b.trigger,
                    "complete": b.complete,
                    "line": b.said.line,
                }
                for b in self.breakdowns
            ],
            "rates": [
                {
                    "word": r.word,
                    "stated": r.text,
                    "numerator": None if r.numerator is None else _amount(r.numerator),
                    "denominator": None if r.denominator is None else _amount(r.denominator),
                    "line": r.said.line,
                }
                for r in self.rates
            ],
            "changes": [
                {
                    "current": _amount(c.current),
                    "direction": "up" if c.direction > 0 else "down",
                    "change": None if c.change is None else _amount(c.change),
                    "percent": c.percent_text or None,
                    "line": c.said.line,
                }
                for c in self.changes
            ],
            "indicators": [
                {
                    "name": i.indicator.name,
                    "level1": i.indicator.level1,
                    "level2": i.indicator.level2,
                    "target": i.indicator.target,
                    "actual": i.indicator.actual,
                    "line": i.said.line,
                }
                for i in self.indicators
            ],
            "scores": [
                {"score": decimal_text(s.score) or None, "grade": s.grade, "line": s.said.line}
                for s in self.scores
            ],
        }


def _amount(amount: Amount) -> dict[str, Any]:
    return {
        "subject": amount.subject,
        "value": decimal_text(amount.value),
        "unit": amount.unit,
        "line": amount.said.line,
        "narrative_line": amount.said.narrative_line,
    }
