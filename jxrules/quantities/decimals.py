"""Exact reading of printed numbers (money cells, scores) into ``Decimal``.

Only plain numbers live here: ``7,013.09``, ``４５.００``, ``95.2%``, ``-3``.
Targets with comparators and units (``≥200 家``) are parsed in
:mod:`jxrules.quantities`.
"""

from __future__ import annotations

import re
from decimal import Context, Decimal, InvalidOperation

from jxrules.errors import QuantityError

_FULLWIDTH = str.maketrans("０１２３４５６７８９．，－＋％　", "0123456789.,-+% ")
_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$|^[+-]?\.\d+$")
#: Arithmetic on money and figures in the checks: 100 digits, far beyond any report, so sums,
#: differences and unit scalings are exact (the default context keeps 28). A context object,
#: so no thread's context is switched.
EXACT = Context(prec=100)
#: Text that means "no value" in a money cell.
BLANKS = frozenset({"", "-", "—", "－", "/", "／"})


def normalize_digits(text: str) -> str:
    """Full-width digits, signs and spaces to ASCII."""
    return text.translate(_FULLWIDTH)


def parse_decimal(
    text: str | int | Decimal | None, *, allow_percent: bool = False
) -> Decimal | None:
    """Read a printed number exactly; ``None`` for a blank cell.

    Raises :class:`QuantityError` for anything that is not a number.
    """
    if text is None:
        return None
    if isinstance(text, bool):
        raise QuantityError(f"“{text}” 不是数字 (not a number)")
    if isinstance(text, int):
        return Decimal(text)
    if isinstance(text, Decimal):
        if not text.is_finite():
            raise QuantityError(f"“{text}” 不是有限数字 (not a finite number)")
        return text
    raw = normalize_digits(str(text)).strip().replace(" ", "")
    if raw in BLANKS:
        return None
    if allow_percent and raw.endswith("%"):
        raw = raw[:-1]
    if not _NUMBER.match(raw):
        raise QuantityError(f"“{text}” 不是数字 (not a number)")
    try:
        return Decimal(raw.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid numbers
        raise QuantityError(f"“{text}” 不是数字 (not a number)") from None


def decimal_text(value: Decimal | None) -> str:
    """The evidence form of a decimal: plain notation, never exponent, ``""`` for none."""
    if value is None:
        return ""
    text = format(value, "f")
    return "0" if text in ("-0", "-0.0") else text


class BlankCell(Decimal):
    """A blank money cell: 0 in arithmetic (reviewers read a blank as zero), yet known to be blank,
    so that a check comparing a *stated* figure can tell "not stated" from "stated as 0"."""


#: The value of every blank money cell.
BLANK = BlankCell(0)
