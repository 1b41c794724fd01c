"""Run time: a vetted expression turned once into nested Python closures, then run many times.

The reference semantics are :mod:`.interpreter`, simpleeval's tree walk with our budget on
top.  Walking the tree again for every row of every report costs a method dispatch and a
budget check per node; here that walk happens once per expression text.  Each node becomes a
closure over its children's closures, and the budget is charged the same amounts as the
interpreter charges: one operation per node — summed ahead for the part of the tree that
always runs, charged as it runs for branches, loop bodies and later comparisons of a chain — plus
the size of big values compared, copied, sliced or passed to a helper.  ``tests/
test_sandbox_compiled.py`` checks values, errors and operation counts against the interpreter;
the one allowed difference: charging ahead, it may report the budget spent a few operations
before the walk would have met another error.
"""

from __future__ import annotations

import ast
import time
import types
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any

from jxrules.errors import ExpressionError
from jxrules.sandbox.failures import fail, not_a_value, over_budget, over_time, undefined_name
from jxrules.sandbox.helpers import _CONSTANT_TIME, _OPERATORS, FUNCTIONS
from jxrules.sandbox.limits import (
    _DEFAULT_LIMITS,
    CHARS_PER_OPERATION,
    MAX_SIZE,
    Limits,
    _shallow,
    _too_large,
    limits_from_params,
    weight,
)
from jxrules.sandbox.values import OrderedSet, Record, _num
from jxrules.sandbox.vet import CompiledExpression


class Run:
    """One evaluation's state: what is left of the budget, the deadline, the names in scope."""

    __slots__ = ("budget", "deadline", "kept", "limit", "local", "names", "seconds", "ticks")

    def __init__(self, names: Mapping[str, Any], operations: int, seconds: float) -> None:
        self.names = names
        self.budget = operations
        self.limit = operations
        self.seconds = seconds
        self.deadline = time.perf_counter() + seconds
        self.ticks = 0
        #: Comprehension variables (a fresh copy inside each comprehension).
        self.local: dict[str, Any] = {}
        #: Values a loop reads again and again (see ``_compare``), with what comparing them costs.
        self.kept: dict[object, tuple[Any, int]] = {}

    def reset(
        self, local: dict[str, Any] | None = None, kept: dict[object, tuple[Any, int]] | None = None
    ) -> None:
        """A fresh budget and deadline for the next evaluation with the same names.

        ``kept`` may be carried over when the values it holds cannot have changed (the same
        report names, another row).
        """
        self.budget = self.limit
        self.deadline = time.perf_counter() + self.seconds
        self.ticks = 0
        self.local = {} if local is None else local
        self.kept = {} if kept is None else kept

    def charge(self, cost: int) -> None:
        self.budget -= cost
        if self.budget < 0:
            raise over_budget(self.limit)


Code = Callable[[Run], Any]
#: A compiled node: its closure, and the operations it always costs (charged by whoever runs it).
Compiled = tuple[Code, int]

#: Types that weigh one operation (text weighs by its length).
_ONE_OP = frozenset({int, bool, float, Decimal, type(None)})


#: Types of the values reports and literals are made of: never a function or a module.
_DATA = frozenset(
    {str, int, bool, float, Decimal, type(None), Record, dict, list, tuple, OrderedSet}
)


def _deny(value: Any) -> Any:
    """A value an expression may hold: never a function or a module."""
    if type(value) not in _DATA and (callable(value) or isinstance(value, types.ModuleType)):
        raise not_a_value()
    return value


def _cost(value: Any, cap: int) -> int:
    """What walking ``value`` costs (:func:`~jxrules.sandbox.limits.weight`), fast for scalars."""
    kind = type(value)
    if kind is str:
        return 1 + len(value) // CHARS_PER_OPERATION
    if kind in _ONE_OP:
        return 1
    if kind is list or kind is tuple:  # a flat list of scalars (a params list) without the walk
        total = 1 + len(value)
        for item in value:
            item_kind = type(item)
            if item_kind is str:
                total += len(item) // CHARS_PER_OPERATION
            elif item_kind not in _ONE_OP:
                return weight(value, cap)
        return total
    return weight(value, cap)


def _charged(compiled: Compiled) -> Code:
    """A closure that charges its own fixed cost: for code that runs only sometimes."""
    code, cost = compiled
    if cost == 0:
        return code

    def run_charged(run: Run) -> Any:
        run.budget -= cost
        if run.budget < 0:
            raise over_budget(run.limit)
        return code(run)

    return run_charged


# ------------------------------------------------------------------ nodes
def _node(node: ast.AST, bound: frozenset[str]) -> Compiled:
    """Compile one node; ``bound`` are the comprehension variables visible here."""
    compiler = _COMPILERS.get(type(node))
    if compiler is None:  # pragma: no cover - vetted out at load
        raise ExpressionError(f"表达式中不允许使用 {type(node).__name__}")
    return compiler(node, bound)


def _constant(node: ast.Constant, bound: frozenset[str]) -> Compiled:
    value = _num(node.value)
    return (lambda run: value), 1


def _name(node: ast.Name, bound: frozenset[str]) -> Compiled:
    name = node.id
    if name in bound:

        def local(run: Run) -> Any:
            value = run.local[name]
            return value if type(value) in _DATA else _deny(value)

        return local, 1
    called_only = name in FUNCTIONS

    def global_name(run: Run) -> Any:
        try:
            value = run.names[name]
        except (KeyError, TypeError):
            if called_only:
                raise ExpressionError(f"函数 “{name}” 只能调用，不能当作值使用") from None
            raise undefined_name(name) from None
        return value if type(value) in _DATA else _deny(value)

    return global_name, 1


def _attribute(node: ast.Attribute, bound: frozenset[str]) -> Compiled:
    if isinstance(node.value, ast.Name) and node.value.id in bound:
        return _local_attribute(node.value.id, node.attr), 2
    if isinstance(node.value, ast.Name) and node.value.id not in FUNCTIONS:
        return _global_attribute(node.value.id, node.attr), 2
    target_code, cost = _node(node.value, bound)
    attr = node.attr
    return (lambda run: _field(target_code(run), attr)), 1 + cost


def _field(target: Any, attr: str) -> Any:
    """``target.attr``: a key of a Record, never a Python attribute of anything."""
    if type(target) is not Record:
        if type(target) not in _DATA:
            _deny(target)
        if not isinstance(target, Record):
            raise ExpressionError(f"不能对 {type(target).__name__} 取属性 “{attr}”")
    if attr not in target:
        raise ExpressionError(f"没有字段 “{attr}” (no such field)")
    value = target[attr]
    return value if type(value) in _DATA else _deny(value)


def _local_attribute(name: str, attr: str) -> Code:
    """``x.attr`` for a loop variable ``x`` (``i.name``): the commonest node, one closure less."""

    def local_attribute(run: Run) -> Any:
        target = run.local[name]
        if type(target) is Record:  # the common case, without the call: a field of a row
            value = target.get(attr, _NO_FIELD)
            if type(value) in _DATA:
                return value
        return _field(target, attr)

    return local_attribute


#: A field a Record does not have (a Record never holds this object).
_NO_FIELD = object()


def _global_attribute(name: str, attr: str) -> Code:
    """``x.attr`` for a name of the report (``item.name``, ``params.max_score``)."""

    def global_attribute(run: Run) -> Any:
        try:
            target = run.names[name]
        except (KeyError, TypeError):
            raise undefined_name(name) from None
        if type(target) is Record:  # as in _local_attribute
            value = target.get(attr, _NO_FIELD)
            if type(value) in _DATA:
                return value
        return _field(target, attr)

    return global_attribute


def _subscript(node: ast.Subscript, bound: frozenset[str]) -> Compiled:
    container_code, container_cost = _node(node.value, bound)
    key_code, key_cost = _node(node.slice, bound)

    def subscript(run: Run) -> Any:
        container = container_code(run)
        key = key_code(run)
        if not isinstance(container, (Record, dict, list, tuple, str)):
            raise ExpressionError(f"不能对 {type(container).__name__} 取下标")
        result = container[key]
        if isinstance(key, slice):
            run.charge(_shallow(result))
        return _deny(result)

    return subscript, 1 + container_cost + key_cost


def _slice(node: ast.Slice, bound: frozenset[str]) -> Compiled:
    parts = [None if p is None else _node(p, bound) for p in (node.lower, node.upper, node.step)]
    codes = [None if p is None else p[0] for p in parts]
    lower, upper, step = codes

    def make_slice(run: Run) -> slice:
        return slice(
            None if lower is None else lower(run),
            None if upper is None else upper(run),
            None if step is None else step(run),
        )

    return make_slice, 1 + sum(p[1] for p in parts if p is not None)


def _binop(node: ast.BinOp, bound: frozenset[str]) -> Compiled:
    operator = _OPERATORS[type(node.op)]
    left_code, left_cost = _node(node.left, bound)
    right_code, right_cost = _node(node.right, bound)

    def binop(run: Run) -> Any:
        left = left_code(run)
        right = right_code(run)
        result = operator(left, right)  # sizes checked by _mul, _add...
        if not (type(left) in _ONE_OP and type(right) in _ONE_OP and type(result) in _ONE_OP):
            run.charge(_shallow(left) + _shallow(right) + _shallow(result))
        return result

    return binop, 1 + left_cost + right_cost


def _unaryop(node: ast.UnaryOp, bound: frozenset[str]) -> Compiled:
    operator = _OPERATORS[type(node.op)]
    operand, cost = _node(node.operand, bound)
    return (lambda run: operator(operand(run))), 1 + cost


def _boolop(node: ast.BoolOp, bound: frozenset[str]) -> Compiled:
    first, cost = _node(node.values[0], bound)
    rest = [_charged(_node(v, bound)) for v in node.values[1:]]
    if isinstance(node.op, ast.And):

        def all_of(run: Run) -> Any:
            value = first(run)
            for code in rest:
                if not value:
                    return value
                value = code(run)
            return value

        return all_of, 1 + cost

    def any_of(run: Run) -> Any:
        value = first(run)
        for code in rest:
            if value:
                return value
            value = code(run)
        return value

    return any_of, 1 + cost


def _compare_cost(run: Run, left: Any, right: Any) -> int:
    """Comparing costs the size of both sides (``x != None`` never walks ``x``)."""
    if left is None or right is None:
        return 1
    return _cost(left, run.budget + 1) + _cost(right, run.budget + 1)


def _compare(node: ast.Compare, bound: frozenset[str]) -> Compiled:
    left_code, cost = _node(node.left, bound)
    operators = [_OPERATORS[type(o)] for o in node.ops]
    first_code, first_cost = _node(node.comparators[0], bound)
    if len(operators) == 1:
        operator = operators[0]
        if bound and _loop_invariant(node.comparators[0], bound):
            membership = type(node.ops[0]) if isinstance(node.ops[0], (ast.In, ast.NotIn)) else None
            kept = _compare_with_kept(left_code, first_code, operator, membership)
            return kept, 1 + cost + first_cost

        def compare_one(run: Run) -> bool:
            left = left_code(run)
            right = first_code(run)
            run.charge(_compare_cost(run, left, right))
            return bool(operator(left, right))

        return compare_one, 1 + cost + first_cost
    codes = [first_code] + [_charged(_node(c, bound)) for c in node.comparators[1:]]
    chain = list(zip(operators, codes, strict=True))

    def compare_chain(run: Run) -> bool:
        right = left_code(run)
        for operator, code in chain:
            left, right = right, code(run)
            run.charge(_compare_cost(run, left, right))
            if not operator(left, right):
                return False
        return True

    return compare_chain, 1 + cost + first_cost


def _loop_invariant(node: ast.expr, bound: frozenset[str]) -> bool:
    """A report name or a field of one (``params.total_row_names``) read inside a loop."""
    while isinstance(node, ast.Attribute):
        node = node.value
    return isinstance(node, ast.Name) and node.id not in bound and node.id not in FUNCTIONS


def _compare_with_kept(
    left_code: Code,
    right_code: Code,
    operator: Callable[..., Any],
    membership: type[ast.cmpop] | None = None,
) -> Code:
    """``x op invariant`` inside a loop: the invariant is read, and weighed, once per evaluation.

    It cannot change while the expression runs, so its value and its weight are kept; it is
    charged the same at every iteration, as if read again. ``in`` and ``not in``
    (``membership``), the commonest tests of a row against a list, are applied without a call.
    """
    key = object()

    def compare_kept(run: Run) -> bool:
        left = left_code(run)
        kept = run.kept.get(key)
        if kept is None:
            right = right_code(run)
            kept = run.kept[key] = (right, 0 if right is None else _cost(right, run.budget + 1))
        right, right_cost = kept
        if left is None or right is None:
            used = 1
        elif type(left) is str:  # _cost of a text, without the call
            used = 1 + len(left) // CHARS_PER_OPERATION + right_cost
        else:
            used = _cost(left, run.budget + 1) + right_cost
        run.budget -= used
        if run.budget < 0:
            raise over_budget(run.limit)
        if membership is ast.In:
            return left in right
        if membership is ast.NotIn:
            return left not in right
        return bool(operator(left, right))

    return compare_kept


def _ifexp(node: ast.IfExp, bound: frozenset[str]) -> Compiled:
    test, cost = _node(node.test, bound)
    body = _charged(_node(node.body, bound))
    orelse = _charged(_node(node.orelse, bound))
    return (lambda run: body(run) if test(run) else orelse(run)), 1 + cost


def _call(node: ast.Call, bound: frozenset[str]) -> Compiled:
    assert isinstance(node.func, ast.Name)  # vetted: only helpers are called, by name
    name = node.func.id
    func = FUNCTIONS[name]
    args = [_node(a, bound) for a in node.args]
    keywords = [(str(k.arg), _node(k.value, bound)) for k in node.keywords]
    arg_codes = [code for code, _ in args]
    keyword_codes = [(key, code) for key, (code, _) in keywords]
    sized = name not in _CONSTANT_TIME
    cost = 1 + sum(c for _, c in args) + sum(c for _, (_, c) in keywords)

    def call(run: Run) -> Any:
        values = [code(run) for code in arg_codes]
        options = {key: code(run) for key, code in keyword_codes}
        if sized:  # the list and the mapping of arguments, and everything in them
            used = 2
            for value in values:
                used += _cost(value, run.budget + 1 - used)
            for value in options.values():
                used += _cost(value, run.budget + 1 - used)
            run.charge(used)
        result = func(*values, **options)
        run.charge(_shallow(result))
        return _deny(result)

    return call, cost


def _dict(node: ast.Dict, bound: frozenset[str]) -> Compiled:
    entries: list[tuple[Code | None, Code]] = []
    cost = 1
    for key, value in zip(node.keys, node.values, strict=True):
        key_compiled = None if key is None else _node(key, bound)
        value_code, value_cost = _node(value, bound)
        cost += value_cost + (0 if key_compiled is None else key_compiled[1])
        entries.append((None if key_compiled is None else key_compiled[0], value_code))

    def make_dict(run: Run) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        for key_code, value_code in entries:
            if key_code is None:  # {**mapping}: a copy, charged by its size
                merged = value_code(run)
                if not isinstance(merged, Mapping):
                    raise ExpressionError(f"** 只能展开映射，实际是 {type(merged).__name__}")
                run.charge(len(merged))
                result.update(merged)
            else:
                result[key_code(run)] = value_code(run)
        return result

    return make_dict, cost


def _elements(node: ast.List | ast.Tuple | ast.Set, bound: frozenset[str]) -> Compiled:
    items = [_node(e, bound) for e in node.elts]
    codes = [code for code, _ in items]
    build: Callable[[Any], Any] = {ast.List: list, ast.Tuple: tuple, ast.Set: OrderedSet}[
        type(node)
    ]
    return (lambda run: build([code(run) for code in codes])), 1 + sum(c for _, c in items)


# ------------------------------------------------------------------ comprehensions
Binder = Callable[[dict[str, Any], Any], None]
Level = Callable[[Run, Any], None]


def _binder(target: ast.expr) -> Binder:
    """Bind a loop target (a name or a tuple of names) in the comprehension's scope."""
    if isinstance(target, ast.Name):
        name = target.id

        def bind_name(scope: dict[str, Any], value: Any) -> None:
            scope[name] = value

        return bind_name
    if not isinstance(target, (ast.Tuple, ast.List)):

        def refuse(scope: dict[str, Any], value: Any) -> None:
            raise ExpressionError("推导式的循环变量只能是名称或名称的元组")

        return refuse
    parts = [_binder(e) for e in target.elts]
    size = len(parts)

    def bind_tuple(scope: dict[str, Any], value: Any) -> None:
        if not isinstance(value, (list, tuple)) or len(value) != size:
            raise ExpressionError(f"无法把 {type(value).__name__} 拆成 {size} 个值")
        for part, item in zip(parts, value, strict=True):
            part(scope, item)

    return bind_tuple


def _targets(target: ast.expr) -> set[str]:
    return {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}


def _comprehension(
    node: ast.ListComp | ast.GeneratorExp | ast.DictComp, bound: frozenset[str]
) -> Compiled:
    generators = node.generators
    first_iter, first_cost = _node(generators[0].iter, bound)
    scopes: list[frozenset[str]] = []
    inner = bound
    for generator in generators:
        inner = inner | _targets(generator.target)
        scopes.append(inner)

    def emit_code() -> Callable[[Run, Any], None]:
        if isinstance(node, ast.DictComp):
            key = _charged(_node(node.key, inner))
            value = _charged(_node(node.value, inner))

            def emit_item(run: Run, out: Any) -> None:
                out[key(run)] = value(run)

            return emit_item
        element, cost = _node(node.elt, inner)

        def emit_element(run: Run, out: Any) -> None:
            run.budget -= cost
            if run.budget < 0:
                raise over_budget(run.limit)
            out.append(element(run))

        return emit_element

    level: Level | None = None
    for index in range(len(generators) - 1, -1, -1):
        generator = generators[index]
        iterate = first_iter if index == 0 else _charged(_node(generator.iter, scopes[index - 1]))
        tests = [_charged(_node(test, scopes[index])) for test in generator.ifs]
        target = generator.target
        if (
            level is None
            and not tests
            and isinstance(target, ast.Name)
            and not isinstance(node, ast.DictComp)
        ):
            level = _simple_level(iterate, target.id, _node(node.elt, inner))
        else:  # the innermost level emits the element; an outer one runs the next level
            level = _level(iterate, target, tests, level or emit_code())
    assert level is not None
    outermost: Level = level
    is_dict = isinstance(node, ast.DictComp)

    def comprehension(run: Run) -> Any:
        out: Any = {} if is_dict else []
        outer = run.local
        run.local = dict(outer)
        try:
            outermost(run, out)
        finally:
            run.local = outer
        return out

    return comprehension, 1 + first_cost


def _level(
    iterate: Code,
    target: ast.expr,
    tests: list[Code],
    then: Level,
) -> Level:
    """One ``for`` of a comprehension: every iteration costs one operation, results are bounded."""
    bind = _binder(target)
    name = target.id if isinstance(target, ast.Name) else None

    def loop(run: Run, out: Any) -> None:
        scope = run.local
        for value in iterate(run):
            run.budget -= 1
            if run.budget < 0:
                raise over_budget(run.limit)
            run.ticks += 1
            if not run.ticks & 0xFF and time.perf_counter() > run.deadline:
                raise over_time(run.seconds)
            if name is not None:
                scope[name] = value
            else:
                bind(scope, value)
            passed = True
            for test in tests:
                if not test(run):
                    passed = False
                    break
            if not passed:
                continue
            then(run, out)
            if len(out) > MAX_SIZE:
                raise _too_large("推导式的结果")

    return loop


def _simple_level(iterate: Code, name: str, element: Compiled) -> Level:
    """``[element for name in iterate]``: :func:`_level` and its ``emit`` in one loop.

    The same charges, in the same order: one operation per iteration, then the element's.
    (The per-iteration checks repeat :func:`_level`'s on purpose: a call for them per
    iteration is what this saves.)
    """
    code, cost = element

    def simple_loop(run: Run, out: Any) -> None:
        scope = run.local
        append = out.append
        for value in iterate(run):
            run.budget -= 1
            if run.budget < 0:
                raise over_budget(run.limit)
            run.ticks += 1
            if not run.ticks & 0xFF and time.perf_counter() > run.deadline:
                raise over_time(run.seconds)
            scope[name] = value
            run.budget -= cost
            if run.budget < 0:
                raise over_budget(run.limit)
            append(code(run))
            if len(out) > MAX_SIZE:
                raise _too_large("推导式的结果")

    return simple_loop


_COMPILERS: dict[type[ast.AST], Callable[[Any, frozenset[str]], Compiled]] = {
    ast.Constant: _constant,
    ast.Name: _name,
    ast.Attribute: _attribute,
    ast.Subscript: _subscript,
    ast.Slice: _slice,
    ast.BinOp: _binop,
    ast.UnaryOp: _unaryop,
    ast.BoolOp: _boolop,
    ast.Compare: _compare,
    ast.IfExp: _ifexp,
    ast.Call: _call,
    ast.Dict: _dict,
    ast.List: _elements,
    ast.Tuple: _elements,
    ast.Set: _elements,
    ast.ListComp: _comprehension,
    ast.GeneratorExp: _comprehension,
    ast.DictComp: _comprehension,
}


# ------------------------------------------------------------------ programs
#: Compiled closures by expression text and the names bound per row (a cache, so compiled
#: expressions stay picklable).
_PROGRAMS: dict[tuple[str, frozenset[str]], Compiled] = {}
_MAX_PROGRAMS = 4096


def program(expression: CompiledExpression, bound: frozenset[str] = frozenset()) -> Compiled:
    """The closure of ``expression`` and the operations it always costs (compiled once).

    ``bound`` are names given a new value for each row (``item``): compiled like a loop
    variable, so that what the expression reads of the report alone is loop-invariant.
    """
    key = (expression.source, bound)
    found = _PROGRAMS.get(key)
    if found is None:
        if len(_PROGRAMS) >= _MAX_PROGRAMS:
            _PROGRAMS.clear()
        found = _PROGRAMS[key] = _node(expression.tree, bound)
    return found


def evaluate(
    expression: CompiledExpression,
    names: Mapping[str, Any],
    *,
    budget: int | None = None,
) -> Any:
    """Evaluate a compiled expression; every failure is an :class:`ExpressionError`.

    The limits come from ``names['params']['limits']`` (a ruleset's
    ``params.limits``) where given, else the module defaults; ``budget``
    overrides the operation budget.  A limit hit is a :class:`LimitExceeded`.
    """
    try:
        limits = _limits(names)
        code, cost = program(expression)
        run = Run(names, limits.operations if budget is None else budget, limits.seconds)
        run.charge(cost)
        return code(run)
    except Exception as exc:  # the sandbox boundary: nothing else may escape
        fail(exc, expression.position)


def _limits(names: Mapping[str, Any]) -> Limits:
    """:func:`limits_from_params` of ``names['params']``; the defaults at once for a ``params``
    record that sets no limits (every expression of a ruleset that sets none)."""
    params = names.get("params")
    if type(params) is Record and "limits" not in params:
        return _DEFAULT_LIMITS
    return limits_from_params(params)


def evaluate_each(
    expression: CompiledExpression,
    names: Mapping[str, Any],
    rows: Iterable[Any],
    *,
    name: str = "item",
) -> list[Any]:
    """``expression`` once for each row, bound as ``name``; each evaluation has its own budget.

    The same as calling :func:`evaluate` with ``{**names, name: row}`` for every row,
    without paying for the set-up each time (a rule's ``where`` over a table).
    """
    try:
        limits = _limits(names)
        code, cost = program(expression, frozenset((name,)))
        run = Run(names, limits.operations, limits.seconds)
        kept = run.kept  # what the expression reads of the report alone: the same every row
        out = []
        for row in rows:
            run.reset(local={name: row}, kept=kept)
            run.charge(cost)
            out.append(code(run))
        return out
    except Exception as exc:  # the sandbox boundary: nothing else may escape
        fail(exc, expression.position)
