"""What reading a printed figure gives: clauses, targets, qualitative and unreadable texts, verdicts."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Literal

from attrs import frozen

from jxrules.errors import QuantityError
from jxrules.quantities.deadlines import DateVerdict

#: A comparator: ``None`` on a :class:`Clause` means a bare number.
Comparator = Literal["≥", "≤", ">", "<", "=", "range"]


Outcome = Literal["met", "missed", "unit_mismatch", "unreadable", "qualitative"]


#: Longest text read (a cell); longer text is unreadable.
MAX_TEXT_CHARS = 4000


#: Most digits in one number.
MAX_DIGITS = 30


_DIGITS = {
    ord(a): ord(b) for a, b in zip("０１２３４５６７８９．％　", "0123456789.% ", strict=True)
}


_NUMBER = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?"


_MASK = "\x00"


_HAS_DIGIT = re.compile("[0-9]")


_ONE = Decimal(1)


_SUBJECT_NOISE = re.compile(r"[\s\x00，,。；;、：:（）()【】\[\]“”\"'‘’《》·…]+")


@frozen
class Clause:
    """One number of a target or actual: ``超过2000万元`` in a compound cell."""

    #: The words before the number, white space and punctuation removed (for pairing).
    subject: str
    #: ``≥ ≤ > < =`` or ``range``; ``None`` for a bare number.
    comparator: Comparator | None
    #: The number as printed (the low end of a range), in ``printed_unit``.
    value: Decimal
    #: The high end of a range, in ``printed_unit``.
    upper: Decimal | None
    #: Normalised unit: ``元`` for money, ``%``, a unit word (``家``), ``""`` for none.
    unit: str
    #: The unit as printed (``万元``).
    printed_unit: str
    #: ``printed_unit`` = ``scale`` × ``unit`` (万元 -> 10000).
    scale: Decimal
    #: The clause as printed.
    text: str

    @property
    def amount(self) -> Decimal:
        """``value`` in the normalised unit (元, not 万元)."""
        return self.value * self.scale


@frozen
class Target:
    """A quantitative target or actual: one or more clauses (compound cells)."""

    text: str
    clauses: tuple[Clause, ...]


@frozen
class Qualitative:
    """A text without numbers that states a qualitative or deadline target (有效提升, 12月底前)."""

    text: str
    reason: str = ""


@frozen
class Unreadable:
    """A text that is neither a quantity nor a qualitative statement."""

    text: str
    reason: str


@frozen
class Missing(Unreadable):
    """No value: an empty cell, a dash or ``无`` (``blanks``), or the form's instruction
    text left in place (``placeholders``: ``请填写…``, ``说明…（100字以内）``)."""


_BLANK = "为空 (blank)"


class _MissingValue(QuantityError):
    """Raised by :func:`read` for a missing value (a :class:`QuantityError`)."""


Reading = Target | Qualitative | Unreadable


@frozen
class ClauseVerdict:
    """One target clause compared with its actual clause."""

    outcome: Literal["met", "missed", "unit_mismatch", "unreadable"]
    target: Clause
    actual: Clause | None
    #: The comparator applied (a bare target reads ``≥``, or ``≤`` when lower is better).
    comparator: str = ""
    #: The target figure compared (for a range: the end that applies), in the target's unit.
    bound: Decimal | None = None
    #: The actual figure in the target's printed unit.
    actual_value: Decimal | None = None
    #: ``actual ÷ bound`` (4 decimals), where meaningful.
    ratio: Decimal | None = None
    lower_is_better: bool = False
    reason: str = ""

    @property
    def unit(self) -> str:
        """The printed unit the figures are in."""
        if self.target.printed_unit:
            return self.target.printed_unit
        return "" if self.actual is None else self.actual.printed_unit


@frozen
class Verdict:
    """Target vs actual: the outcome and every clause's figures."""

    outcome: Outcome
    clauses: tuple[ClauseVerdict, ...] = ()
    reason: str = ""
    #: For ``unreadable`` without clauses: which side (``target`` or ``actual``).
    side: str = ""
    #: ``unreadable`` because the actual is :class:`Missing` (empty, dash, template text).
    missing: bool = False
    #: A deadline target compared with an actual date (``met``/``missed``/``unreadable``).
    dates: DateVerdict | None = None

    def having(self, outcome: str) -> tuple[ClauseVerdict, ...]:
        """The clauses with ``outcome`` (most verdicts have none: checked cheaply first)."""
        clauses = self.clauses
        if outcome != self.outcome and (len(clauses) < 2 or outcome not in self.others):
            return ()
        if len(clauses) == 1:
            return clauses if clauses[0].outcome == outcome else ()
        return tuple(c for c in clauses if c.outcome == outcome)

    @property
    def others(self) -> frozenset[str]:
        """Outcomes of clauses besides the overall one (compound cells)."""
        if len(self.clauses) < 2:
            return frozenset()
        return frozenset(c.outcome for c in self.clauses)
