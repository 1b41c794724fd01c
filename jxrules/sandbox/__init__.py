"""Sandboxed expressions on simpleeval: parsed and vetted once at load, evaluated many times.

What an expression may do (docs/security.md has the full reasoning):

* read names given to it (report fields, ``params``, a row as ``item``) and
  look up keys of those mappings with ``a.b`` or ``a['b']``;
* call the helper functions in :data:`FUNCTIONS` by name, with only the
  keyword arguments listed in :data:`KEYWORDS`;
* use arithmetic, comparisons, boolean logic, ``x if c else y``, literals of
  lists/tuples/dicts/sets and list/dict comprehensions and generators.

It may not touch any attribute of any object (so no ``__class__`` walks, no
``str.format``), use a function as a value (so no ``key=`` callables), define
lambdas, import, assign, format text with ``%``, or run longer than its
operation budget.  The budget counts AST nodes *and* the work hidden inside
one node: comparing, copying or passing a big value to a helper costs in
proportion to its size, so ``sorted([[1]*10**5]*10**5)`` is refused instead
of running for an hour; a set or mapping with more than :data:`MAX_HASH_COLLISIONS` distinct
keys of one hash (numbers chosen to collide) is refused, since building it is one C call of
n² comparisons.  Decimal literals: ``0.1`` in an expression *is*
``Decimal('0.1')``; ``/`` on integers gives an exact ``Decimal``.

The parts: :mod:`.values` (records), :mod:`.limits` (budgets), :mod:`.helpers`
(functions and operators), :mod:`.vet` (load time: parsed and vetted once),
:mod:`.evaluator` (run time: simpleeval's tree walk with the budget), :mod:`.patterns`
(a ruleset's regular expressions, searched in bounded windows) and :mod:`.failures` (the errors).
"""

from __future__ import annotations

from jxrules.sandbox.evaluator import evaluate, evaluate_each
from jxrules.sandbox.helpers import FUNCTIONS, KEYWORDS
from jxrules.sandbox.limits import (
    CHARS_PER_OPERATION,
    DEFAULT_OPERATION_BUDGET,
    DEFAULT_TIME_LIMIT,
    LIMIT_PARAMS,
    MAX_AST_DEPTH,
    MAX_ERROR_CHARS,
    MAX_EXPRESSION_CHARS,
    MAX_HASH_COLLISIONS,
    MAX_INT_BITS,
    MAX_MATCH_CHARS,
    MAX_OPERATION_BUDGET,
    MAX_POWER,
    MAX_SIZE,
    MAX_TIME_LIMIT,
    OPERATIONS_PER_ROW,
    SECONDS_PER_ROW,
    Limits,
    limits_from_params,
    weight,
)
from jxrules.sandbox.patterns import finditer_bounded
from jxrules.sandbox.values import OrderedSet, Record, to_record
from jxrules.sandbox.vet import CompiledExpression, compile_expression

__all__ = [
    "CHARS_PER_OPERATION",
    "DEFAULT_OPERATION_BUDGET",
    "DEFAULT_TIME_LIMIT",
    "FUNCTIONS",
    "KEYWORDS",
    "LIMIT_PARAMS",
    "MAX_AST_DEPTH",
    "MAX_ERROR_CHARS",
    "MAX_EXPRESSION_CHARS",
    "MAX_HASH_COLLISIONS",
    "MAX_INT_BITS",
    "MAX_MATCH_CHARS",
    "MAX_OPERATION_BUDGET",
    "MAX_POWER",
    "MAX_SIZE",
    "MAX_TIME_LIMIT",
    "OPERATIONS_PER_ROW",
    "SECONDS_PER_ROW",
    "CompiledExpression",
    "Limits",
    "OrderedSet",
    "Record",
    "compile_expression",
    "evaluate",
    "evaluate_each",
    "finditer_bounded",
    "limits_from_params",
    "to_record",
    "weight",
]
