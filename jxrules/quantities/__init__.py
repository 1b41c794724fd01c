"""Chinese quantities, units and targets -> ``Decimal`` (docs/quantities.md).

What reports print in 年度指标值 / 实际完成值 — ``≥200 家``, ``超过2亿元``,
``90%以上``, ``2-3家``, ``14,800万元``, several clauses in one cell — read into
typed values that keep the printed text::

    parse_target("超过2亿元")     # Target(clauses=(Clause(">", 2, 亿元 = 1e8 × 元),))
    parse_target("有效提升")      # Qualitative
    parse_target("见附件")        # Unreadable
    compare(parse_target("90%以上"), parse_actual("90%"), lower_is_better=False).outcome  # "met"

The word lists (comparators, units, multipliers, qualitative words, name heads
meaning "lower is better") are data: ``jxrules/data/quantities.yaml``, extended
per rule with :meth:`Vocabulary.extended`.  Statutory reading (民法典 第1259条):
以上/以下/以内 include the bound, 超过/不满 exclude it.

:func:`read` raises :class:`~jxrules.errors.QuantityError` for text it cannot
read; :func:`parse_target` and :func:`parse_actual` never raise.

The parts: :mod:`.decimals` (plain numbers), :mod:`.deadlines` (dates), :mod:`.values`,
:mod:`.vocabulary`, :mod:`.reading`, :mod:`.comparing`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jxrules.quantities.comparing import compare, compare_clause, pair_clauses, ratio
    from jxrules.quantities.reading import (
        heads_pattern,
        is_lower_better,
        parse_actual,
        parse_target,
        read,
    )
    from jxrules.quantities.schema import VOCABULARY_SCHEMA
    from jxrules.quantities.values import (
        Clause,
        ClauseVerdict,
        Missing,
        Qualitative,
        Target,
        Unreadable,
        Verdict,
    )
    from jxrules.quantities.vocabulary import Vocabulary, default_vocabulary

__all__ = [
    "VOCABULARY_SCHEMA",
    "Clause",
    "ClauseVerdict",
    "Missing",
    "Qualitative",
    "Target",
    "Unreadable",
    "Verdict",
    "Vocabulary",
    "compare",
    "compare_clause",
    "default_vocabulary",
    "heads_pattern",
    "is_lower_better",
    "pair_clauses",
    "parse_actual",
    "parse_target",
    "ratio",
    "read",
]

#: Public name -> the module that defines it (imported on first use: reading a money cell
#: needs only :mod:`.decimals`, not the target grammar).
_EXPORTS = {
    "VOCABULARY_SCHEMA": "jxrules.quantities.schema",
    "Clause": "jxrules.quantities.values",
    "ClauseVerdict": "jxrules.quantities.values",
    "Missing": "jxrules.quantities.values",
    "Qualitative": "jxrules.quantities.values",
    "Target": "jxrules.quantities.values",
    "Unreadable": "jxrules.quantities.values",
    "Verdict": "jxrules.quantities.values",
    "Vocabulary": "jxrules.quantities.vocabulary",
    "compare": "jxrules.quantities.comparing",
    "compare_clause": "jxrules.quantities.comparing",
    "default_vocabulary": "jxrules.quantities.vocabulary",
    "heads_pattern": "jxrules.quantities.reading",
    "is_lower_better": "jxrules.quantities.reading",
    "pair_clauses": "jxrules.quantities.comparing",
    "parse_actual": "jxrules.quantities.reading",
    "parse_target": "jxrules.quantities.reading",
    "ratio": "jxrules.quantities.comparing",
    "read": "jxrules.quantities.reading",
}


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'jxrules.quantities' has no attribute {name!r}")
