"""Load time: parse an expression once and refuse what the evaluator will not run."""

from __future__ import annotations

import ast
import difflib
import math
import threading
from decimal import Decimal

from attrs import frozen

from jxrules.errors import ExpressionError, LimitExceeded, Position
from jxrules.sandbox.helpers import _OPERATORS, FUNCTIONS, KEYWORDS
from jxrules.sandbox.limits import MAX_AST_DEPTH, MAX_EXPRESSION_CHARS, MAX_SIZE

#: One ``ast.parse`` at a time in this process: CPython 3.11 counts the depth of the tree it
#: builds in one place for all threads, and two threads loading rulesets at once (a thread-pool
#: batch) can fail with ``SystemError: AST constructor recursion depth mismatch`` (python/cpython
#: gh-106905), which became an internal error for a report.
_PARSING = threading.Lock()

_ALLOWED_NODES: tuple[type[ast.AST], ...] = (
    ast.Expression,
    ast.Constant,
    ast.Name,
    ast.Load,
    ast.Attribute,
    ast.Subscript,
    ast.Slice,
    ast.UnaryOp,
    ast.BinOp,
    ast.BoolOp,
    ast.Compare,
    ast.IfExp,
    ast.Call,
    ast.keyword,
    ast.List,
    ast.Tuple,
    ast.Dict,
    ast.Set,
    ast.ListComp,
    ast.GeneratorExp,
    ast.DictComp,
    ast.comprehension,
    ast.Store,
    ast.boolop,
)


@frozen
class CompiledExpression:
    """An expression parsed and vetted once; evaluate it with :func:`evaluate`."""

    source: str
    tree: ast.expr
    position: Position | None
    names: frozenset[str]


def compile_expression(source: str, position: Position | None = None) -> CompiledExpression:
    """Parse and vet an expression; raise :class:`ExpressionError` with its position."""
    if not isinstance(source, str):
        raise ExpressionError("表达式必须是文本 (expression must be a string)", position)
    if len(source) > MAX_EXPRESSION_CHARS:
        raise LimitExceeded(
            f"表达式过长：{len(source)} 个字符，上限 {MAX_EXPRESSION_CHARS}"
            " (limit: expression_chars)",
            position,
            limit="expression_chars",
        )
    text = source.strip()
    try:
        with _PARSING:
            tree = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        where = _shift(position, exc.lineno, exc.offset)
        raise ExpressionError(f"表达式语法错误：{exc.msg}：{text!r}", where) from None
    except (RecursionError, MemoryError, ValueError):
        raise LimitExceeded(
            "表达式嵌套过深 (limit: expression_depth)", position, limit="expression_depth"
        ) from None
    names = _vet(tree, position)
    _exact_numbers(tree, text)
    return CompiledExpression(source, tree.body, position, frozenset(names))


def _exact_numbers(tree: ast.AST, text: str) -> None:
    """Keep each number literal with a point or an exponent as the Decimal it spells: Python reads
    ``1234567.1234567890123`` as a float, which keeps about 17 digits (money is never float)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, float):
            spelled = ast.get_source_segment(text, node)
            exact = Decimal(spelled) if spelled else Decimal(repr(node.value))
            node.value = exact  # type: ignore[assignment]  # the evaluator reads any value


def _shift(position: Position | None, line: int | None, offset: int | None) -> Position | None:
    if position is None or position.line is None or line is None:
        return position
    if line == 1 and position.column is not None:
        return Position(position.file, position.line, position.column + (offset or 1) - 1)
    return Position(position.file, position.line + line - 1, offset)


def _vet(tree: ast.AST, position: Position | None) -> set[str]:
    """Refuse, at load, every construct the evaluator will not run."""
    names: set[str] = set()
    bound: set[str] = set()
    callees = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    stack: list[tuple[ast.AST, int]] = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_AST_DEPTH:
            raise LimitExceeded(
                f"表达式嵌套超过 {MAX_AST_DEPTH} 层 (limit: expression_depth)",
                position,
                limit="expression_depth",
            )
        _vet_node(node, position, id(node) in callees)
        if isinstance(node, ast.Name):
            (bound if isinstance(node.ctx, ast.Store) else names).add(node.id)
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return names - bound


def _vet_node(node: ast.AST, position: Position | None, is_callee: bool) -> None:
    """Refuse one node that is not allowed where it stands."""
    if isinstance(node, (ast.operator, ast.unaryop, ast.cmpop)):
        if type(node) not in _OPERATORS:
            raise ExpressionError(f"表达式中不允许使用运算符 {type(node).__name__}", position)
        return
    if not isinstance(node, _ALLOWED_NODES):
        raise ExpressionError(
            f"表达式中不允许使用 {type(node).__name__} (not allowed in expressions)", position
        )
    if isinstance(node, ast.Attribute) and node.attr.startswith("_"):
        raise ExpressionError(f"不允许访问以下划线开头的属性 “{node.attr}”", position)
    if isinstance(node, ast.Name):
        _vet_name(node, position, is_callee)
    elif isinstance(node, ast.Constant):
        _vet_constant(node.value, position)
    elif isinstance(node, ast.Call):
        _vet_call(node, position)
    elif isinstance(node, ast.comprehension) and node.is_async:
        raise ExpressionError("表达式中不允许 async 推导式", position)
    elif isinstance(node, (ast.ListComp, ast.GeneratorExp, ast.DictComp)):
        _vet_generator_order(node, position)


def _vet_name(node: ast.Name, position: Position | None, is_callee: bool) -> None:
    if node.id.startswith("_"):
        raise ExpressionError(f"不允许使用以下划线开头的名称 “{node.id}”", position)
    if node.id in FUNCTIONS and isinstance(node.ctx, ast.Store):
        raise ExpressionError(f"推导式的循环变量不能与函数 “{node.id}” 同名", position)
    if node.id in FUNCTIONS and not is_callee:
        raise ExpressionError(
            f"函数 “{node.id}” 只能调用，不能当作值使用 (functions can only be called)", position
        )


def _vet_generator_order(
    node: ast.ListComp | ast.GeneratorExp | ast.DictComp, position: Position | None
) -> None:
    """Refuse a loop variable read before its ``for`` (``[x for x in a if z for z in b]``).

    Python refuses it too (the name is unbound there); allowing it would make the result
    depend on how the evaluator keeps its scopes.
    """
    targets = [_stored(g.target) for g in node.generators]
    for index, generator in enumerate(node.generators):
        before = set().union(*targets[:index])  # bound when this for's iterable is read
        through = before | targets[index]  # bound when its conditions are read
        checks = [(test, set().union(*targets[index + 1 :]) - through) for test in generator.ifs]
        if index:  # the first iterable is read outside the loop, where any name is fine
            checks.append((generator.iter, set().union(*targets[index:]) - before))
        for part, unbound in checks:
            used = sorted(_free_names(part) & unbound)
            if used:
                raise ExpressionError(
                    f"推导式中的循环变量 “{used[0]}” 在它的 for 之前被使用"
                    " (loop variable used before its for)",
                    position,
                )


def _stored(target: ast.expr) -> set[str]:
    return {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}


def _free_names(node: ast.AST) -> set[str]:
    """Names ``node`` reads that no comprehension inside it binds."""
    loaded = {
        n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
    }
    inner = {
        name
        for n in ast.walk(node)
        if isinstance(n, ast.comprehension)
        for name in _stored(n.target)
    }
    return loaded - inner


def _vet_call(node: ast.Call, position: Position | None) -> None:
    if not isinstance(node.func, ast.Name):
        raise ExpressionError(
            "只能调用内置的辅助函数 (only helper functions may be called)", position
        )
    name = node.func.id
    if name not in FUNCTIONS:  # a broken rule is a load error, never a finding about the data
        close = difflib.get_close_matches(name, list(FUNCTIONS), n=1, cutoff=0.6)
        hint = f"；是不是 “{close[0]}”？" if close else ""
        raise ExpressionError(
            f"未知的函数 “{name}”{hint}（可用的函数：{', '.join(sorted(FUNCTIONS))}）", position
        )
    for keyword in node.keywords:
        allowed = KEYWORDS.get(name, frozenset())
        if keyword.arg is None or keyword.arg not in allowed:
            given = "**" if keyword.arg is None else f"{keyword.arg}="
            accepted = "、".join(f"{k}=" for k in sorted(allowed)) or "无"
            raise ExpressionError(
                f"函数 {name}() 不接受参数 {given}（可用的关键字参数：{accepted}）", position
            )


def _vet_constant(value: object, position: Position | None) -> None:
    if isinstance(value, (str, bytes)) and len(value) > MAX_SIZE:
        raise LimitExceeded(
            f"表达式中的文本过长（上限 {MAX_SIZE}）(limit: size)", position, limit="size"
        )
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**100:
        raise LimitExceeded(
            "表达式中的数字过大 (number literal too large; limit: integer)",
            position,
            limit="integer",
        )
    if isinstance(value, float) and not math.isfinite(value):
        raise LimitExceeded(
            "表达式中的数字超出范围 (number literal overflows; limit: integer)",
            position,
            limit="integer",
        )
    if isinstance(value, complex) or value is Ellipsis or isinstance(value, bytes):
        raise ExpressionError(f"不支持的常量 {value!r}", position)


# ------------------------------------------------------------------ regular expressions
def regex_problem(pattern: str) -> str | None:
    """Why a rule's regular expression could take exponential time, or ``None``.

    Python's ``re`` backtracks: a repeated group that itself repeats (``(\\d+)+``, ``(a*)*``)
    or that repeats a choice (``(a|aa)+``) can take minutes on a short text of the wrong
    shape.  Such shapes are refused where a ruleset loads (``jxrules lint`` says why), read
    from the pattern's text with escapes and character classes skipped (no private ``re``
    internals).  A bounded ``{0,80}`` inside a group that repeats is a repetition too.
    """
    frames: list[list[bool]] = [[False, False]]  # per open group: repeats inside, has a choice
    closed: list[bool] | None = None  # the group just closed, if the next token may quantify it
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i, closed = i + 2, None
            continue
        if char == "[":
            i, closed = _class_end(pattern, i), None
            continue
        if char == "(":
            frames.append([False, False])
            closed = None
        elif char == ")" and len(frames) > 1:
            closed = frames.pop()
            if closed[0]:
                frames[-1][0] = True  # a repetition inside this group is inside the outer too
        elif char == "|":
            frames[-1][1] = True
            closed = None
        elif char in "*+{" and _repeats(pattern, i):
            if closed is not None and closed[0]:
                return (
                    "重复的分组内还有重复（如 (\\d+)+），可能指数级回溯；请改写，例如去掉外层重复"
                )
            if closed is not None and closed[1]:
                return "重复的分组内有多选（如 (a|aa)+），可能指数级回溯；请改写为字符类或去掉重复"
            frames[-1][0] = True
            closed = None
        elif char != "?":
            closed = None
        i += 1
    return None


def _class_end(pattern: str, start: int) -> int:
    """The index after the ``]`` closing the character class opened at ``start``."""
    i = start + 1
    if i < len(pattern) and pattern[i] == "^":
        i += 1
    if i < len(pattern) and pattern[i] == "]":
        i += 1
    while i < len(pattern) and pattern[i] != "]":
        i += 2 if pattern[i] == "\\" else 1
    return i + 1


def _repeats(pattern: str, i: int) -> bool:
    """Whether the quantifier at ``i`` allows more than one repetition (``{1}`` does not)."""
    if pattern[i] != "{":
        return True
    end = pattern.find("}", i)
    body = pattern[i + 1 : end] if end > 0 else ""
    low, _, high = body.partition(",")
    if not low.strip().isdigit() or (high.strip() and not high.strip().isdigit()):
        return False  # not a quantifier: a literal brace
    return ("," in body and (not high.strip() or int(high) > 1)) or int(low) > 1
